//! Snippets with `<mark>` around every word the query matched.
//!
//! tantivy's `SnippetGenerator` only knows exact terms, so fuzzy and prefix
//! matches come back unhighlighted. This highlighter applies the same matching
//! forms the query expanded to ([`ParsedQuery::highlight_forms`]) to the
//! section's words, so whatever found a section is also what gets marked.

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use super::analysis::Analyzers;
use super::query::ParsedQuery;

/// Byte ranges of the words of `text` the query matched, in text order, each
/// with whether it is a whole identifier.
///
/// One pass of the folding analyzer over the text, looking each word up in
/// the query's (small, sorted) forms; only the words that could stem to one
/// of the query's stems are stemmed. Analysing a whole section into maps of
/// every form it holds, as this used to, cost more than the search itself on
/// a large corpus, where nearly every hit is a section not seen before.
fn matched(text: &str, analyzers: &mut Analyzers, query: &ParsedQuery) -> Vec<(usize, usize, bool)> {
    let (words, stems) = query.highlight_forms();
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    if !words.is_empty() || !stems.is_empty() {
        let Analyzers { fold, stem, .. } = analyzers;
        let mut stream = fold.token_stream(text);
        while let Some(token) = stream.next() {
            let (from, to) = (token.offset_from, token.offset_to);
            let hit = words.binary_search(&token.text).is_ok()
                || (may_stem_to(&token.text, stems) && stems_to(stem, &text[from..to], stems));
            if hit {
                spans.push((from, to, false));
            }
        }
    }
    let (whole, prefix) = query.identifier_forms();
    if !whole.is_empty() || prefix.is_some() {
        let mut stream = analyzers.ident.token_stream(text);
        while let Some(token) = stream.next() {
            let id = &token.text;
            if id.contains(['.', '-', '_'])
                && (whole.contains(id) || prefix.is_some_and(|p| id.starts_with(p)))
            {
                spans.push((token.offset_from, token.offset_to, true));
            }
        }
    }
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

/// Whether the folded word `folded` can have one of `stems` as its stem: the
/// Snowball stemmers of both languages only change a word's ending, so a
/// stem starts with the word's first letter (`first_letters_survive_stemming`
/// checks it over the shipped content). Saves stemming nearly every word of a section.
fn may_stem_to(folded: &str, stems: &[String]) -> bool {
    let first = folded.chars().next();
    stems.iter().any(|s| s.chars().next() == first)
}

/// Whether `word`, as written, stems to one of `stems` (sorted).
fn stems_to(stem: &mut TextAnalyzer, word: &str, stems: &[String]) -> bool {
    let mut stream = stem.token_stream(word);
    stream.advance() && stems.binary_search(&stream.token().text).is_ok()
}

/// Longest snippet, in bytes of source text, before it is cut with an ellipsis.
const SNIPPET_BYTES: usize = 220;

/// Builds an HTML snippet of `text` around the densest cluster of matches.
pub fn snippet(text: &str, analyzers: &mut Analyzers, query: &ParsedQuery) -> String {
    let matched = matched(text, analyzers, query);
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::content::Content;
    use crate::lang::Lang;

    /// [`may_stem_to`] skips stemming a word whose first letter no query stem
    /// starts with; that is only right while stemming keeps first letters.
    #[test]
    fn first_letters_survive_stemming() {
        let content = Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        for lang in Lang::ALL {
            let mut analyzers = Analyzers::new(lang);
            let mut words = 0;
            for doc in content.library.in_lang(lang) {
                for section in &doc.rendered.sections {
                    let text = format!("{}\n{}", section.heading, section.text);
                    let mut folded = analyzers.fold.token_stream(&text);
                    let mut stemmed = analyzers.stem.token_stream(&text);
                    while let Some(word) = folded.next() {
                        let stem = stemmed.next().expect("one stem per word");
                        assert_eq!(word.offset_from, stem.offset_from);
                        assert_eq!(
                            word.text.chars().next(),
                            stem.text.chars().next(),
                            "{} → {}",
                            word.text,
                            stem.text
                        );
                        words += 1;
                    }
                    assert!(stemmed.next().is_none());
                }
            }
            assert!(words > 1000, "{lang}: {words}");
        }
    }
}
