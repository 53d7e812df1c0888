//! Snippets with `<mark>` around every word the query matched.
//!
//! tantivy's `SnippetGenerator` only knows exact terms, so fuzzy and prefix
//! matches come back unhighlighted. This highlighter applies the same matching
//! forms the query expanded to ([`ParsedQuery::matches`]) to the section's pre-analysed
//! tokens, so whatever found a section is also what gets marked.

use super::query::ParsedQuery;

/// A word of a section, analysed once at index time.
#[derive(Debug, Clone)]
pub struct WordForm {
    /// Byte range in the section text.
    pub from: usize,
    /// End of the byte range.
    pub to: usize,
    /// Lower-cased, accent-folded form.
    pub folded: String,
    /// Stemmed (then folded) form.
    pub stem: String,
}

/// Longest snippet, in bytes of source text, before it is cut with an ellipsis.
const SNIPPET_BYTES: usize = 220;

/// Builds an HTML snippet of `text` around the densest cluster of matches.
pub fn snippet(text: &str, words: &[WordForm], query: &ParsedQuery) -> String {
    let matched: Vec<&WordForm> = words
        .iter()
        .filter(|w| query.matches(&w.folded, &w.stem))
        .collect();
    let (start, end) = window(text, &matched);
    let mut html = String::with_capacity(end - start + 64);
    if start > 0 {
        html.push('…');
    }
    let mut cursor = start;
    for word in matched.iter().filter(|w| w.from >= start && w.to <= end) {
        push_escaped(&mut html, &text[cursor..word.from]);
        html.push_str("<mark>");
        push_escaped(&mut html, &text[word.from..word.to]);
        html.push_str("</mark>");
        cursor = word.to;
    }
    push_escaped(&mut html, &text[cursor..end]);
    if end < text.len() {
        html.push('…');
    }
    html
}

/// Chooses the byte window holding the most matches, snapped to word boundaries.
fn window(text: &str, matched: &[&WordForm]) -> (usize, usize) {
    if text.len() <= SNIPPET_BYTES {
        return (0, text.len());
    }
    let mut best = (0usize, 0usize); // (match count, index of first match)
    for (i, first) in matched.iter().enumerate() {
        let count = matched[i..]
            .iter()
            .take_while(|w| w.to <= first.from + SNIPPET_BYTES)
            .count();
        if count > best.0 {
            best = (count, i);
        }
    }
    let anchor = matched.get(best.1).map_or(0, |w| w.from);
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
