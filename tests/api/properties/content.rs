//! The content loader and its gate (`docdesk check`, which `serve` runs
//! too) on any text in any content file: the shipped files edited line by
//! line as a writer would (and as a writer would not), or replaced whole.
//! Either the content is accepted, and the engines build on it, or every
//! problem is reported at a line of the file; never a panic.

use std::path::{Path, PathBuf};

use docdesk::answers::AnswerEngine;
use docdesk::search::SearchIndex;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{TestCaseError, TestRunner};

use super::{CASE_BOUND, any_text, config, content_words, text, timed};
use crate::helpers::{copy_dir, repo_root};

/// One edit of a file's lines.
#[derive(Debug, Clone)]
enum Edit {
    /// Drops a line.
    Delete(Index),
    /// Writes a line twice.
    Duplicate(Index),
    /// Swaps two lines.
    Swap(Index, Index),
    /// Inserts a line of its own.
    Insert(Index, String),
    /// Replaces a word of a line (or a character, or a quote or bracket).
    Replace(Index, Index, String),
    /// Cuts a line at a character.
    Truncate(Index, Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let line = prop_oneof![
        3 => text(8),
        1 => prop::sample::select(vec![
            "+++", "[[rules]]", "[[facts]]", "[[params]]", "[[steps]]", "## Heading {#id}", "## Heading",
            "[x]", "x = 1", "id = \"dup\"", "when = { nope = [\"x\"] }", "[link](#nowhere)", "```",
            "    code", "<div>", "- item", "1. item", "> quote", "\"\"\"", "'''", "{", "}", "x = [",
            "title = \"\"", "modified = 2011-13-45", "category = \"nope\"",
        ])
        .prop_map(str::to_owned),
    ];
    let word = prop_oneof![
        4 => prop::sample::select(content_words()),
        2 => text(2),
        1 => prop::sample::select(vec!["\"", "'", "[", "]", "{", "}", "=", "#", "", "\\", "\n", "\r"]).prop_map(str::to_owned),
        1 => any::<u16>().prop_map(|n| n.to_string()),
    ];
    prop_oneof![
        2 => any::<Index>().prop_map(Edit::Delete),
        1 => any::<Index>().prop_map(Edit::Duplicate),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        2 => (any::<Index>(), line).prop_map(|(at, line)| Edit::Insert(at, line)),
        4 => (any::<Index>(), any::<Index>(), word).prop_map(|(at, of, word)| Edit::Replace(at, of, word)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(at, of)| Edit::Truncate(at, of)),
    ]
}

/// `text` with `edits` applied, line by line.
fn edited(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for edit in edits {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        match edit {
            Edit::Delete(at) => {
                lines.remove(at.index(n));
            }
            Edit::Duplicate(at) => {
                let line = lines[at.index(n)].clone();
                lines.insert(at.index(n), line);
            }
            Edit::Swap(a, b) => lines.swap(a.index(n), b.index(n)),
            Edit::Insert(at, line) => lines.insert(at.index(n + 1), line.clone()),
            Edit::Replace(at, of, word) => {
                let line = &mut lines[at.index(n)];
                // Words, and the quotes and brackets between them.
                let pieces: Vec<&str> = line.split_inclusive([' ', '"', '[', ']', '=', ',']).collect();
                if !pieces.is_empty() {
                    let i = of.index(pieces.len());
                    let kept = pieces[i].chars().last().filter(|c| " \"[]=,".contains(*c));
                    let mut new = pieces[..i].concat();
                    new.push_str(word);
                    new.extend(kept);
                    new.push_str(&pieces[i + 1..].concat());
                    *line = new;
                }
            }
            Edit::Truncate(at, of) => {
                let line = &mut lines[at.index(n)];
                let cut = of.index(line.chars().count() + 1);
                *line = line.chars().take(cut).collect();
            }
        }
    }
    lines.join("\n") + "\n"
}

/// What a content file becomes: edited, or replaced by any text.
fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        6 => prop::collection::vec(edit(), 1..6).prop_map(Change::Edits),
        1 => text(40).prop_map(Change::Text),
        1 => any_text(200).prop_map(Change::Text),
    ]
}

#[derive(Debug, Clone)]
enum Change {
    Edits(Vec<Edit>),
    Text(String),
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(self::files(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Writes a file's shipped text back, whatever the case did (a panic included).
struct Restore<'a>(&'a Path, &'a str);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        std::fs::write(self.0, self.1).unwrap();
    }
}

#[test]
fn any_text_in_any_content_file_is_accepted_or_reported_at_its_lines() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().join("content");
    copy_dir(&repo_root().join("content"), &root);
    let shipped: Vec<(PathBuf, String)> = files(&root)
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    let names: Vec<usize> = (0..shipped.len()).collect();
    let mut runner = TestRunner::new(config(40));
    let result = runner.run(&(prop::sample::select(names), change()), |(file, change)| {
        let (path, original) = &shipped[file];
        let text = match &change {
            Change::Edits(edits) => edited(original, edits),
            Change::Text(text) => text.clone(),
        };
        std::fs::write(path, &text).unwrap();
        let _restore = Restore(path, original);
        let (loaded, took) = timed(|| docdesk::check::load_checked(&root));
        let outcome = match loaded {
            Ok(content) => {
                // Accepted content is served: the engines build on it.
                let (built, took) = timed(|| {
                    let search = SearchIndex::build_with_cache(&content.library, 0);
                    let _answers = AnswerEngine::new(content.answers.clone());
                    search.map(|_| ())
                });
                prop_assert!(took < CASE_BOUND, "engines built in {took:?}");
                built.map_err(|e| TestCaseError::fail(format!("accepted content does not index: {e}")))
            }
            Err(errors) => {
                let lines = text.lines().count() + 1;
                for error in &errors.0 {
                    prop_assert!(!error.message.trim().is_empty(), "{error}");
                    prop_assert!(
                        error.file != *path || error.line <= lines,
                        "{error}: past the end of the file ({lines} lines)"
                    );
                }
                Ok(())
            }
        };
        prop_assert!(took < CASE_BOUND, "loaded in {took:?}");
        outcome
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
