//! The module graph, read from the source of `src/` (paths outside comments,
//! string literals and test modules): which module uses which. Every file is
//! a module of its own — a folder's `mod.rs` too, apart from the files it
//! declares — so a child that uses its parent's types while the parent uses
//! the child is a cycle, as is one between two top-level modules. Layers
//! only point down: neither graph has a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::helpers::repo_root;

/// Module (`search::query`, `web::checklists` for its `mod.rs`) → its file.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut files = Vec::new();
    collect_rs(src, &mut files);
    files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(src).ok()?.with_extension("");
            let mut segments: Vec<String> = relative
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if segments.last().is_some_and(|s| s == "mod") {
                segments.pop();
            }
            // The crate root only declares modules and the binary calls `cli`.
            if segments == ["lib"] || segments == ["main"] {
                return None;
            }
            Some((segments.join("::"), file))
        })
        .collect()
}

fn collect_rs(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            collect_rs(&entry.unwrap().path(), files);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        files.push(path.to_owned());
    }
}

/// Every module → the other modules its code names.
fn file_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules(src);
    let use_statement = regex::Regex::new(r"\buse\s+([^;]+);").unwrap();
    let path = regex::Regex::new(r"\w+(?:\s*::\s*\w+)+").unwrap();
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let code = without_test_modules(&code_only(&std::fs::read_to_string(file).unwrap()));
        let mut paths = Vec::new();
        for statement in use_statement.captures_iter(&code) {
            flatten_use(&statement[1], "", &mut paths);
        }
        let rest = use_statement.replace_all(&code, ";");
        for found in path.find_iter(&rest) {
            // The first segment only: `tantivy::query::X` names no module of ours.
            let before = rest[..found.start()].trim_end();
            if before.ends_with("::") || before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            paths.push(found.as_str().to_owned());
        }
        let uses: &mut BTreeSet<String> = graph.entry(module.clone()).or_default();
        for path in paths {
            if let Some(target) = resolve(module, &path, &modules) {
                if target != *module {
                    uses.insert(target);
                }
            }
        }
    }
    graph
}

/// The module `path`, written in `module`, names: the longest run of its
/// segments that is a module (`super::Fields` in `search::query` is
/// `search`, `super::analysis::tokens` is `search::analysis`). `None` for
/// paths into other crates, or to an item of the crate root.
fn resolve(module: &str, path: &str, modules: &BTreeMap<String, PathBuf>) -> Option<String> {
    let segments: Vec<&str> = path
        .split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let here: Vec<&str> = module.split("::").collect();
    let (mut base, rest): (Vec<&str>, &[&str]) = match segments.first()? {
        &"crate" => (Vec::new(), &segments[1..]),
        &"self" => (here.clone(), &segments[1..]),
        &"super" => {
            let supers = segments.iter().take_while(|s| **s == "super").count();
            (
                here[..here.len().checked_sub(supers)?].to_vec(),
                &segments[supers..],
            )
        }
        // A child module by its bare name, as `mod.rs` names the files it declares.
        first if modules.contains_key(&format!("{module}::{first}")) => (here.clone(), &segments[..]),
        _ => return None,
    };
    for segment in rest {
        let mut longer = base.clone();
        longer.push(segment);
        if !modules.contains_key(&longer.join("::")) {
            break;
        }
        base = longer;
    }
    (!base.is_empty()).then(|| base.join("::"))
}

/// Appends the paths a `use` tree (`a::{b, c::{d, e as f}}`) brings in.
fn flatten_use(tree: &str, prefix: &str, paths: &mut Vec<String>) {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let name = tree.split(" as ").next().unwrap_or(tree).trim();
        paths.push(format!("{prefix}{name}"));
        return;
    };
    let prefix = format!("{prefix}{}", tree[..open].trim());
    let body = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut depth, mut start) = (0, 0);
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                flatten_use(&body[start..i], &prefix, paths);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !body[start..].trim().is_empty() {
        flatten_use(&body[start..], &prefix, paths);
    }
}

/// `text` without comments, and with string and character literals
/// emptied: a path in prose is no use, and a brace in a string would end a
/// test module early.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut code = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r' && !ident(at(i.wrapping_sub(1))) && matches!(at(i + 1), '"' | '#') {
            // A raw string: r"…", r#"…"#.
            let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
            if at(i + 1 + hashes) != '"' {
                code.push(c);
                i += 1;
                continue;
            }
            i += hashes + 2;
            while i < chars.len() && !(chars[i] == '"' && (1..=hashes).all(|h| at(i + h) == '#')) {
                i += 1;
            }
            i += hashes + 1;
            code.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            code.push_str("\"\"");
        } else if c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A character literal; `'a` alone is a lifetime.
            i += if at(i + 1) == '\\' { 3 } else { 2 };
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            code.push_str("' '");
        } else {
            code.push(c);
            i += 1;
        }
    }
    code
}

/// The code without `#[cfg(test)] mod … { … }` blocks: tests may use anything.
fn without_test_modules(code: &str) -> String {
    let start = regex::Regex::new(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{").unwrap();
    let mut kept = String::new();
    let mut rest = code;
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

/// The graph of top-level modules: each module's edges, its files' together.
fn top_level(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
    let top = |module: &str| module.split("::").next().unwrap_or(module).to_owned();
    let mut tops: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, uses) in graph {
        let from = top(from);
        let targets: BTreeSet<String> = uses.iter().map(|to| top(to)).filter(|to| *to != from).collect();
        tops.entry(from).or_default().extend(targets);
    }
    tops
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
    let graph = file_graph(&repo_root().join("src"));
    // The reading itself works: absolute paths, a parent's bare child, a
    // sibling through `super::`, a `use` tree.
    assert!(graph["content"].contains("docs"), "{graph:#?}");
    assert!(graph["web"].contains("web::pages"), "{graph:#?}");
    assert!(
        graph["web::checklists::pages"].contains("web::checklists::run_page"),
        "{graph:#?}"
    );
    assert!(graph["search::highlight"].contains("search::query"), "{graph:#?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}\n{graph:#?}", cycle.join(" -> "));
    }
    let tops = top_level(&graph);
    assert!(
        tops["content"].contains("answers") && tops["web"].contains("state"),
        "{tops:?}"
    );
    if let Some(cycle) = find_cycle(&tops) {
        panic!(
            "import cycle between top-level modules: {}\n{tops:#?}",
            cycle.join(" -> ")
        );
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

#[test]
fn paths_are_read_as_the_compiler_reads_them() {
    let modules: BTreeMap<String, PathBuf> =
        ["search", "search::query", "search::analysis", "web", "web::pages"]
            .into_iter()
            .map(|m| (m.to_owned(), PathBuf::new()))
            .collect();
    let resolve = |module: &str, path: &str| resolve(module, path, &modules);
    // A child naming an item of its parent uses the parent; a sibling, the sibling.
    assert_eq!(resolve("search::query", "super::Fields"), Some("search".into()));
    assert_eq!(
        resolve("search::query", "super::analysis::tokens"),
        Some("search::analysis".into())
    );
    // A parent naming its child by its bare name, or through `self`.
    assert_eq!(resolve("search", "query::Words"), Some("search::query".into()));
    assert_eq!(
        resolve("search", "self::query::Words"),
        Some("search::query".into())
    );
    assert_eq!(
        resolve("search", "crate::web::pages::Chrome"),
        Some("web::pages".into())
    );
    // Other crates, and names of no module of ours.
    assert_eq!(resolve("search", "tantivy::query::Query"), None);
    assert_eq!(resolve("web", "Lang::PtBr"), None);

    let mut paths = Vec::new();
    flatten_use(
        "super::{Fields, analysis::{self, Analyzers as A}}",
        "",
        &mut paths,
    );
    assert_eq!(
        paths,
        [
            "super::Fields",
            "super::analysis::self",
            "super::analysis::Analyzers"
        ]
    );
    let code = code_only("let s = \"crate::web::X {\"; // crate::web\nlet c = '{'; let r = r#\"}\"#; x::y");
    assert_eq!(code, "let s = \"\"; \nlet c = ' '; let r = \"\"; x::y");
}
