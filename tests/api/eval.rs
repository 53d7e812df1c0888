//! Runs every shared evaluation case (copied from `shared/eval` into `tests/eval`).

use regex::RegexBuilder;
use serde::Deserialize;

use crate::helpers::{app, enc, repo_root};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchCase {
    id: String,
    lang: String,
    q: String,
    top: usize,
    #[serde(rename = "match")]
    pattern: Option<String>,
    #[serde(default)]
    empty: bool,
    #[serde(default)]
    valid: bool,
}

fn strip_tags(html: &str) -> String {
    regex::Regex::new("<[^>]*>")
        .unwrap()
        .replace_all(html, "")
        .into_owned()
}

fn read_cases<T: for<'de> Deserialize<'de>>(name: &str) -> Vec<T> {
    let path = repo_root().join("tests/eval").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: bad case {l}: {e}")))
        .collect()
}

#[tokio::test]
async fn every_search_evaluation_case_passes() {
    let app = app();
    let cases: Vec<SearchCase> = read_cases("search.jsonl");
    assert!(cases.len() >= 14);
    let mut failures = Vec::new();
    for case in &cases {
        let uri = format!(
            "/api/search?lang={}&limit={}&q={}",
            case.lang,
            case.top.max(1),
            enc(&case.q)
        );
        let response = app.get(&uri).await;
        if response.status != 200 {
            failures.push(format!("{}: status {}", case.id, response.status));
            continue;
        }
        let body = response.json();
        let hits = body["hits"].as_array().cloned().unwrap_or_default();
        let top: Vec<_> = hits.iter().take(case.top).collect();
        if case.empty && !top.is_empty() {
            failures.push(format!("{}: expected no hits, got {}", case.id, top.len()));
        }
        if let Some(pattern) = &case.pattern {
            let re = RegexBuilder::new(pattern).case_insensitive(true).build().unwrap();
            let found = top.iter().any(|h| {
                re.is_match(h["heading"].as_str().unwrap_or(""))
                    || re.is_match(&strip_tags(h["snippet"].as_str().unwrap_or("")))
            });
            if !found {
                failures.push(format!(
                    "{}: /{pattern}/ not in top {} for {:?}: {:?}",
                    case.id, case.top, case.q, top
                ));
            }
        }
        let _ = case.valid;
    }
    assert!(failures.is_empty(), "failing cases:\n{}", failures.join("\n"));
}
