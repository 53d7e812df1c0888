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

/// Every case of the files `tests/eval/{prefix}*.jsonl` (`answers.jsonl`,
/// `answers-reading.jsonl`…), so a new shared file is run as soon as it is copied.
fn read_cases<T: for<'de> Deserialize<'de>>(prefix: &str) -> Vec<T> {
    let dir = repo_root().join("tests/eval");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {prefix}*.jsonl in {}", dir.display());
    files
        .iter()
        .flat_map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: bad case {l}: {e}")))
                .collect::<Vec<T>>()
        })
        .collect()
}

#[tokio::test]
async fn every_search_evaluation_case_passes() {
    let app = app();
    let cases: Vec<SearchCase> = read_cases("search");
    assert!(cases.len() >= 17);
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerCase {
    id: String,
    lang: String,
    q: Option<String>,
    compat: Option<std::collections::BTreeMap<String, String>>,
    verdict: Option<String>,
    verdict_not: Option<Vec<String>>,
    ask: Option<String>,
    options: Option<Vec<String>>,
    contains: Option<String>,
    contains_any: Option<Vec<String>>,
}

/// Checks one answer case; returns what is wrong, if anything.
fn check_answer_case(
    case: &AnswerCase,
    status: axum::http::StatusCode,
    body: &serde_json::Value,
    raw: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    if status != 200 {
        return vec![format!("status {status}: {raw}")];
    }
    if case.q.is_some() && body["lang"] != case.lang.as_str() {
        problems.push(format!("lang {} != {}", body["lang"], case.lang));
    }
    let verdict = body["verdict"].as_str().unwrap_or("null");
    if let Some(expected) = &case.verdict {
        if verdict != expected {
            problems.push(format!("verdict {verdict} != {expected}"));
        }
    }
    if let Some(forbidden) = &case.verdict_not {
        if forbidden.iter().any(|v| v == verdict) {
            problems.push(format!("verdict {verdict} is forbidden"));
        }
    }
    if let (Some(ask), Some(expected)) = (&case.ask, &case.options) {
        let got: std::collections::BTreeSet<String> = body["options"]
            .as_array()
            .map(|o| {
                o.iter()
                    .filter_map(|x| x[ask.as_str()].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let expected: std::collections::BTreeSet<String> = expected.iter().cloned().collect();
        if got != expected {
            problems.push(format!("{ask} options {got:?} != {expected:?}"));
        }
    }
    // Text checks look at the answer, its citations and its options, not at
    // the related search hits (the format in tests/eval/README.md).
    let mut checked = body.clone();
    if let Some(fields) = checked.as_object_mut() {
        fields.remove("related");
    }
    let text = if checked.is_null() {
        raw.to_lowercase()
    } else {
        checked.to_string().to_lowercase()
    };
    if let Some(needle) = &case.contains {
        if !text.contains(&needle.to_lowercase()) {
            problems.push(format!("does not contain {needle:?}"));
        }
    }
    if let Some(any) = &case.contains_any {
        if !any.iter().any(|n| text.contains(&n.to_lowercase())) {
            problems.push(format!("contains none of {any:?}"));
        }
    }
    problems
}

#[tokio::test]
async fn every_answer_evaluation_case_passes() {
    let app = app();
    let cases: Vec<AnswerCase> = read_cases("answers");
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for case in &cases {
        let response = match (&case.q, &case.compat) {
            (Some(q), _) => {
                let body = serde_json::json!({ "question": q, "lang": case.lang }).to_string();
                app.post("/api/answer", "application/json", body).await
            }
            (None, Some(compat)) => {
                let mut query: Vec<String> = compat.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect();
                query.push(format!("lang={}", case.lang));
                app.get(&format!("/api/compat?{}", query.join("&"))).await
            }
            (None, None) => panic!("{}: neither q nor compat", case.id),
        };
        let body: serde_json::Value = serde_json::from_str(&response.body).unwrap_or_default();
        let problems = check_answer_case(case, response.status, &body, &response.body);
        if !problems.is_empty() {
            failures.push(format!(
                "{} {:?}: {}\n    {}",
                case.id,
                case.q,
                problems.join("; "),
                response.body
            ));
        }
    }
    assert!(failures.is_empty(), "failing cases:\n{}", failures.join("\n"));
}

#[test]
fn the_eval_copies_match_the_shared_cases_when_present() {
    // A fresh clone has no ../shared; next to the shared folder, stale copies fail loudly.
    let shared = repo_root().join("../shared/eval");
    if !shared.is_dir() {
        return;
    }
    for entry in std::fs::read_dir(&shared).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let original = std::fs::read_to_string(shared.join(&name)).unwrap();
        let copy = std::fs::read_to_string(repo_root().join("tests/eval").join(&name))
            .unwrap_or_else(|_| panic!("tests/eval/{name} is missing: copy it from ../shared/eval"));
        assert_eq!(
            copy, original,
            "tests/eval/{name} is out of date: copy it from ../shared/eval"
        );
    }
}

/// Questions a known miss is listed for in `tests/eval/fresh/misses.toml`,
/// with why it is left.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FreshMisses {
    misses: std::collections::BTreeMap<String, String>,
}

/// The sets of `tests/eval/fresh/`, questions written from the article alone
/// by people who never read the engine, asked without `lang` as a bot would:
/// every case passes except the misses listed with their reason, and a listed
/// miss that now passes must leave the list, so it always tells the truth.
#[tokio::test]
async fn fresh_question_sets_keep_every_answer_they_had() {
    let app = app();
    let dir = repo_root().join("tests/eval/fresh");
    let misses: FreshMisses = toml::from_str(&std::fs::read_to_string(dir.join("misses.toml")).unwrap())
        .expect("misses.toml parses");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    names.sort();
    let (mut asked, mut right, mut unexpected, mut mended) = (0, 0, Vec::new(), Vec::new());
    // A listed miss may not turn into a confident wrong verdict (a yes or a
    // no where the case wants something else) unless its reason says so.
    let mut turned_confident = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let case: AnswerCase =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}: bad case {line}: {e}"));
            let q = case
                .q
                .as_deref()
                .unwrap_or_else(|| panic!("{}: no question", case.id));
            assert!(ids.insert(case.id.clone()), "{name}: {} is asked twice", case.id);
            let body = serde_json::json!({ "question": q }).to_string();
            let response = app.post("/api/answer", "application/json", body).await;
            let parsed: serde_json::Value = serde_json::from_str(&response.body).unwrap_or_default();
            let problems = check_answer_case(&case, response.status, &parsed, &response.body);
            asked += 1;
            match (problems.is_empty(), misses.misses.contains_key(&case.id)) {
                (true, false) => right += 1,
                (true, true) => mended.push(case.id.clone()),
                (false, false) => unexpected.push(format!("{} {q:?}: {}", case.id, problems.join("; "))),
                (false, true) => {
                    let got = parsed["verdict"].as_str();
                    let confident = matches!(got, Some("yes" | "no")) && got != case.verdict.as_deref();
                    let reason = &misses.misses[&case.id];
                    let said = reason.starts_with("confident wrong") || reason.starts_with("disputed");
                    if confident && !said {
                        turned_confident.push(format!("{} {q:?}: {got:?}", case.id));
                    }
                }
            }
        }
    }
    assert!(
        asked >= 64 * names.len(),
        "only {asked} fresh questions in {} sets",
        names.len()
    );
    let unknown: Vec<&String> = misses.misses.keys().filter(|id| !ids.contains(*id)).collect();
    assert!(
        unknown.is_empty(),
        "misses.toml lists questions no set asks: {unknown:?}"
    );
    assert!(
        unexpected.is_empty(),
        "fresh questions answered wrong, not listed in misses.toml:\n{}",
        unexpected.join("\n")
    );
    assert!(
        turned_confident.is_empty(),
        "listed misses now answered with a confident wrong verdict their reason does not name:\n{}",
        turned_confident.join("\n")
    );
    assert!(
        mended.is_empty(),
        "listed in misses.toml but now right (take them off the list): {mended:?}"
    );
    // The bar the project holds itself to on questions it has not seen.
    assert!(
        right * 100 >= asked * 94,
        "{right} of {asked} fresh questions right"
    );
}
