//! The module graph: which top-level module of `src/` uses which, read from
//! the source (`crate::…` paths outside comments and test modules). Layers
//! only point down: the graph has no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::helpers::repo_root;

/// Top-level module → the top-level modules its code names.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| match p.extension() {
            Some(ext) if ext == "rs" => Some(p.file_stem()?.to_str()?.to_owned()),
            None if p.is_dir() => Some(p.file_name()?.to_str()?.to_owned()),
            _ => None,
        })
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let comment = regex::Regex::new(r"(?m)//.*$").unwrap();
    let path = regex::Regex::new(r"\bcrate::(\w+)").unwrap();
    let mut graph = BTreeMap::new();
    for module in &modules {
        let mut files = Vec::new();
        collect_rs(&src.join(module), &mut files);
        collect_rs(&src.join(format!("{module}.rs")), &mut files);
        let uses: &mut BTreeSet<String> = graph.entry(module.clone()).or_default();
        for file in files {
            let text = without_test_modules(&std::fs::read_to_string(&file).unwrap());
            let text = comment.replace_all(&text, "");
            uses.extend(
                path.captures_iter(&text)
                    .map(|c| c[1].to_owned())
                    .filter(|m| m != module && modules.contains(m)),
            );
        }
    }
    graph
}

fn collect_rs(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            collect_rs(&entry.unwrap().path(), files);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        files.push(path.to_owned());
    }
}

/// The text without `#[cfg(test)] mod … { … }` blocks: tests may use anything.
fn without_test_modules(text: &str) -> String {
    let start = regex::Regex::new(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{").unwrap();
    let mut kept = String::new();
    let mut rest = text;
    while let Some(found) = start.find(rest) {
        kept.push_str(&rest[..found.start()]);
        let mut depth = 1;
        let body = &rest[found.end()..];
        let end = body
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(body.len(), |(i, _)| i + 1);
        rest = &body[end..];
    }
    kept.push_str(rest);
    kept
}

/// A cycle through `graph`, if there is one (depth-first search).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            let mut cycle: Vec<String> = path[at..].iter().map(|n| n.to_string()).collect();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = module_graph(&repo_root().join("src"));
    // The reading itself works: the loader uses the domains it loads.
    assert!(
        graph["content"].contains("docs") && graph["content"].contains("answers"),
        "{graph:?}"
    );
    assert!(graph["web"].contains("state"), "{graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}\n{graph:#?}", cycle.join(" -> "));
    }
}

#[test]
fn a_cycle_is_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_owned(), BTreeSet::from([to.to_owned()])))
        .collect();
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let mut acyclic = graph;
    acyclic.remove("c");
    assert_eq!(find_cycle(&acyclic), None);
}
