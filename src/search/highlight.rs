//! Snippets with `<mark>` around every word the query matched.
//!
//! tantivy's `SnippetGenerator` only knows exact terms, so fuzzy and prefix
//! matches come back unhighlighted. This highlighter applies the same matching
//! forms the query expanded to ([`ParsedQuery::highlight_forms`]) to the
//! section's pre-analysed words, so whatever found a section is also what gets marked.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

use super::analysis;
use super::query::ParsedQuery;

/// The words of a section, analysed once at index time and looked up by
/// form, so a snippet costs a few lookups instead of a scan of the section.
#[derive(Debug, Clone, Default)]
pub struct SectionWords {
    /// Byte range of every word in the section text, in order.
    spans: Vec<(usize, usize)>,
    /// Lower-cased, accent-folded form → indexes into `spans`.
    by_folded: HashMap<String, Vec<u32>>,
    /// Stemmed form → indexes into `spans`.
    by_stem: HashMap<String, Vec<u32>>,
    /// Identifier (`cluster.exe`) → its byte ranges: a query for a command
    /// shows the line the command is on.
    identifiers: HashMap<String, Vec<(usize, usize)>>,
}

impl SectionWords {
    /// Analyses `text` with the language's folding, stemming and identifier analyzers.
    pub fn analyse(
        text: &str,
        fold: &mut TextAnalyzer,
        stem: &mut TextAnalyzer,
        ident: &mut TextAnalyzer,
    ) -> SectionWords {
        let mut words = SectionWords::default();
        for token in analysis::tokens(ident, text) {
            if token.text.contains(['.', '-', '_']) {
                words
                    .identifiers
                    .entry(token.text)
                    .or_default()
                    .push((token.from, token.to));
            }
        }
        for token in analysis::tokens(fold, text) {
            let index = words.spans.len() as u32;
            words.spans.push((token.from, token.to));
            if let Some(stemmed) = analysis::tokens(stem, &text[token.from..token.to])
                .into_iter()
                .next()
            {
                words.by_stem.entry(stemmed.text).or_default().push(index);
            }
            words.by_folded.entry(token.text).or_default().push(index);
        }
        words
    }

    /// The identifiers of the section.
    pub fn identifiers(&self) -> impl Iterator<Item = &String> {
        self.identifiers.keys()
    }

    /// Byte ranges of the words the query matched, in text order, each with
    /// whether it is a whole identifier.
    fn matched(&self, query: &ParsedQuery) -> Vec<(usize, usize, bool)> {
        let (folded, stems) = query.highlight_forms();
        let mut indexes: Vec<u32> = folded
            .iter()
            .filter_map(|w| self.by_folded.get(w))
            .chain(stems.iter().filter_map(|s| self.by_stem.get(s)))
            .flatten()
            .copied()
            .collect();
        indexes.sort_unstable();
        indexes.dedup();
        let mut spans: Vec<(usize, usize, bool)> = indexes
            .into_iter()
            .map(|i| {
                let (from, to) = self.spans[i as usize];
                (from, to, false)
            })
            .collect();
        let (whole, prefix) = query.identifier_forms();
        spans.extend(
            self.identifiers
                .iter()
                .filter(|(id, _)| whole.contains(id) || prefix.is_some_and(|p| id.starts_with(p)))
                .flat_map(|(_, at)| at.iter().map(|&(from, to)| (from, to, true))),
        );
        // An identifier covers the words inside it: keep the identifier.
        spans.sort_unstable_by_key(|&(from, to, _)| (from, std::cmp::Reverse(to)));
        let mut merged: Vec<(usize, usize, bool)> = Vec::with_capacity(spans.len());
        for span in spans {
            match merged.last() {
                Some(&(_, end, _)) if span.0 < end => {}
                _ => merged.push(span),
            }
        }
        merged
    }
}

/// Longest snippet, in bytes of source text, before it is cut with an ellipsis.
const SNIPPET_BYTES: usize = 220;

/// Builds an HTML snippet of `text` around the densest cluster of matches.
pub fn snippet(text: &str, words: &SectionWords, query: &ParsedQuery) -> String {
    let matched = words.matched(query);
    let (start, end) = window(text, &matched);
    let mut html = String::with_capacity(end - start + 64);
    if start > 0 {
        html.push('…');
    }
    let mut cursor = start;
    for &(from, to, _) in matched
        .iter()
        .filter(|(from, to, _)| *from >= start && *to <= end)
    {
        push_escaped(&mut html, &text[cursor..from]);
        html.push_str("<mark>");
        push_escaped(&mut html, &text[from..to]);
        html.push_str("</mark>");
        cursor = to;
    }
    push_escaped(&mut html, &text[cursor..end]);
    if end < text.len() {
        html.push('…');
    }
    html
}

/// How many words an identifier match is worth when choosing the window: a
/// query naming a command wants the line with the command.
const IDENTIFIER_WEIGHT: usize = 10;

/// Chooses the byte window holding the most matches, snapped to word boundaries.
fn window(text: &str, matched: &[(usize, usize, bool)]) -> (usize, usize) {
    if text.len() <= SNIPPET_BYTES {
        return (0, text.len());
    }
    let mut best = (0usize, 0usize); // (weighted match count, index of first match)
    for (i, &(first, _, _)) in matched.iter().enumerate() {
        let count = matched[i..]
            .iter()
            .take_while(|(_, to, _)| *to <= first + SNIPPET_BYTES)
            .map(|(_, _, identifier)| if *identifier { IDENTIFIER_WEIGHT } else { 1 })
            .sum();
        if count > best.0 {
            best = (count, i);
        }
    }
    let anchor = matched.get(best.1).map_or(0, |&(from, _, _)| from);
    // Start a little before the first match, so it reads in context.
    let start = if anchor < 40 {
        0
    } else {
        word_start(text, anchor - 40)
    };
    let end = word_end(text, (start + SNIPPET_BYTES).min(text.len()));
    (start, end)
}

fn word_start(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    match text[..at].rfind(char::is_whitespace) {
        Some(space) => space + 1,
        None => 0,
    }
}

fn word_end(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    match text[at..].find(char::is_whitespace) {
        Some(space) => at + space,
        None => text.len(),
    }
}

/// Appends `text` with HTML special characters escaped.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
}
