//! Property tests (proptest): arbitrary input to every parser and every
//! endpoint input — questions, search queries, query strings, `lang`, the
//! checklist JSON and form bodies, PATCH bodies, content files — never
//! panics, never gets a 5xx, and each case finishes within a bound.
//!
//! The inputs mix the shipped content's own words (whole, with typos, in
//! both languages) with punctuation, digits, odd Unicode and raw bytes, so
//! they reach the engines' deep paths as well as their refusals. Case counts
//! keep the whole group well under a minute in a debug build on two cores;
//! `PROPTEST_CASES=N` runs N cases of every property instead (a longer soak:
//! `PROPTEST_CASES=2000 cargo test --release --test api properties`).
//! A failure prints the smallest input found; it becomes a named test beside
//! the fix, so no regression files are written.

mod content;
mod endpoints;
mod engines;

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

use crate::helpers::repo_root;

/// The bound on one case: far above what any input takes in a debug build
/// on a loaded machine (tens of milliseconds), far below what a quadratic
/// path or a loop on some input would take.
pub const CASE_BOUND: Duration = Duration::from_secs(5);

/// `cases` cases, or `PROPTEST_CASES` when set.
pub fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `work`, and how long it took.
pub fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = work();
    (value, started.elapsed())
}

/// Words of the shipped content, both languages: documents, lexicon,
/// compatibility rules, UI strings and the checklist template (accents,
/// product names and identifiers such as `Setup.com` included).
pub fn content_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let content = repo_root().join("content");
        let files = [
            "docs/upgrade-clustered-mailbox-servers.en.md",
            "docs/upgrade-clustered-mailbox-servers.pt-BR.md",
            "answers/lexicon.toml",
            "answers/compat.toml",
            "checklists/cms-upgrade.toml",
        ];
        let mut words = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(content.join(file)).expect("shipped content reads");
            for word in text.split_whitespace() {
                let word = word.trim_matches(|c: char| "\"'`(),;:[]{}=*#|<>".contains(c));
                if (1..=30).contains(&word.chars().count()) {
                    words.insert(word.to_owned());
                }
            }
        }
        words.into_iter().collect()
    })
}

/// Characters and snippets that trip up text handling.
const ODD: &[&str] = &[
    "?",
    "¿",
    ",",
    ".",
    "...",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    "-",
    "--",
    "/",
    "\\",
    "*",
    "~",
    "^",
    ":",
    "!",
    "&",
    "%",
    "+",
    "é",
    "e\u{301}",
    "\u{301}",
    "\u{0}",
    "\u{1b}[31m",
    "\r",
    "\r\n",
    "\t",
    "\u{feff}",
    "\u{200b}",
    "\u{2028}",
    "🦀",
    "👩‍👩‍👧",
    "İ",
    "ß",
    "ﬁ",
    "Ⅻ",
    "ǅ",
    "\u{10ffff}",
    "\u{fffd}",
    "ΣΑΣ",
    "ѐ",
    "中文",
    "AND",
    "OR",
    "NOT",
    "não",
    "SP1",
    "SP2",
    "2007",
    "Exchange",
    "setup.com",
    "Setup.com /mode:upgrade",
    "CCR",
    "SCC",
    "<b>",
    "&amp;",
    "{{x}}",
    "{node}",
    "$(rm -rf /)",
    "'; DROP TABLE runs; --",
];

/// A content word with one typo (a letter dropped, doubled, swapped or replaced).
fn typo() -> impl Strategy<Value = String> {
    (
        prop::sample::select(content_words()),
        any::<Index>(),
        0..4u8,
        any::<char>(),
    )
        .prop_map(|(word, at, edit, c)| {
            let mut chars: Vec<char> = word.chars().collect();
            let i = at.index(chars.len());
            match edit {
                0 => {
                    chars.remove(i);
                }
                1 => chars.insert(i, chars[i]),
                2 if i + 1 < chars.len() => chars.swap(i, i + 1),
                _ => chars[i] = c,
            }
            chars.into_iter().collect()
        })
}

/// One token of a text.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(content_words()),
        3 => typo(),
        2 => prop::sample::select(ODD).prop_map(str::to_owned),
        1 => prop::sample::select(content_words()).prop_map(|w| w.to_uppercase()),
        1 => any::<char>().prop_map(String::from),
        1 => any::<u32>().prop_map(|n| n.to_string()),
    ]
}

/// Text of up to `max_tokens` tokens, as a person (or a script) types it.
pub fn words_text(max_tokens: usize) -> impl Strategy<Value = String> {
    let separator = prop::sample::select(vec![" ", " ", " ", " ", "", "  ", "\n", ", ", "? ", ". "]);
    prop::collection::vec((token(), separator), 0..max_tokens)
        .prop_map(|parts| parts.into_iter().map(|(token, sep)| token + sep).collect())
}

/// Any Unicode text of up to `max_chars` characters.
pub fn any_text(max_chars: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max_chars).prop_map(String::from_iter)
}

/// Text, mostly of words, sometimes any characters.
pub fn text(max_tokens: usize) -> impl Strategy<Value = String> {
    prop_oneof![4 => words_text(max_tokens), 1 => any_text(max_tokens * 4)]
}

/// A language tag as clients send them: ours, variants of them, others, junk.
pub fn lang_tag() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(
            vec![
                "en", "pt-BR", "pt", "pt-PT", "en-GB", "EN", "pt-br", "PT_BR", "en-US-x-private",
                "", " ", "*", "fr", "xx", "i-klingon", "zh-Hant-TW", "pt-", "-", "en;q=0.5",
                "pt-BR,en;q=0.8", "en\u{0}", "ｅｎ",
            ]
        )
        .prop_map(str::to_owned),
        1 => any_text(24),
    ]
}
