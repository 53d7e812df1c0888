//! Snippets with `<mark>` around every word the query matched.
//!
//! tantivy's `SnippetGenerator` only knows exact terms, so fuzzy and prefix
//! matches come back unhighlighted. This highlighter applies the same matching
//! forms the query expanded to ([`ParsedQuery::highlight_forms`]) to the
//! section's words, so whatever found a section is also what gets marked.

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use super::analysis::Analyzers;
use super::query::ParsedQuery;

/// One form of a word of a section: its bytes in [`SectionWords::forms`]
/// and the word it is a form of.
#[derive(Debug, Clone, Copy)]
struct Form {
    from: u32,
    to: u32,
    word: u32,
}

/// The words of a section, analysed once when it is read from the index (and
/// kept with it in the section cache), each kind of form sorted, so a snippet
/// costs a few binary searches. Flat arrays and one string rather than maps
/// of strings: at 10,000 sections per language nearly every hit is a section
/// not read before, and building maps of every form (an allocation per word
/// and per form) cost more than the search itself.
#[derive(Debug, Clone, Default)]
pub struct SectionWords {
    /// Byte range of every word in the section text, in order.
    spans: Vec<(u32, u32)>,
    /// Every form's text, one after the other.
    forms: String,
    /// Lower-cased, accent-folded forms, sorted by text.
    folded: Vec<Form>,
    /// Stemmed forms, sorted by text.
    stems: Vec<Form>,
    /// Identifiers (`cluster.exe`), sorted by text; `word` indexes
    /// `identifier_spans`: a query for a command shows the line it is on.
    identifiers: Vec<Form>,
    identifier_spans: Vec<(u32, u32)>,
}

impl SectionWords {
    /// Analyses `text` with the language's folding, stemming and identifier analyzers.
    pub fn analyse(text: &str, analyzers: &mut Analyzers) -> SectionWords {
        let mut words = SectionWords::default();
        let Analyzers {
            fold, stem, ident, ..
        } = analyzers;
        {
            // The two analyzers split words alike (same tokenizer, same
            // length filter, and stemming drops no word): one stem per word.
            let mut folded = fold.token_stream(text);
            let mut stemmed = stem.token_stream(text);
            while let Some(token) = folded.next() {
                let word = words.spans.len() as u32;
                words
                    .spans
                    .push((token.offset_from as u32, token.offset_to as u32));
                let form = words.push_form(&token.text, word);
                words.folded.push(form);
                while stemmed.advance() && stemmed.token().offset_from < token.offset_from {}
                if stemmed.token().offset_from == token.offset_from {
                    let form = words.push_form(&stemmed.token().text, word);
                    words.stems.push(form);
                }
            }
        }
        let mut identifiers = ident.token_stream(text);
        while let Some(token) = identifiers.next() {
            if token.text.contains(['.', '-', '_']) {
                let at = words.identifier_spans.len() as u32;
                words
                    .identifier_spans
                    .push((token.offset_from as u32, token.offset_to as u32));
                let form = words.push_form(&token.text, at);
                words.identifiers.push(form);
            }
        }
        let forms = std::mem::take(&mut words.forms);
        for list in [&mut words.folded, &mut words.stems, &mut words.identifiers] {
            list.sort_unstable_by(|a, b| form_text(&forms, a).cmp(form_text(&forms, b)));
        }
        words.forms = forms;
        words
    }

    fn push_form(&mut self, text: &str, word: u32) -> Form {
        let from = self.forms.len() as u32;
        self.forms.push_str(text);
        Form {
            from,
            to: self.forms.len() as u32,
            word,
        }
    }

    /// The forms of `list` equal to `text` (or starting with it, with `prefix`).
    fn find<'a>(&'a self, list: &'a [Form], text: &str, prefix: bool) -> impl Iterator<Item = &'a Form> {
        let start = list.partition_point(|f| form_text(&self.forms, f) < text);
        list[start..].iter().take_while(move |f| {
            let form = form_text(&self.forms, f);
            if prefix {
                form.starts_with(text)
            } else {
                form == text
            }
        })
    }

    /// Byte ranges of the words the query matched, in text order, each with
    /// whether it is a whole identifier.
    fn matched(&self, query: &ParsedQuery) -> Vec<(usize, usize, bool)> {
        let (folded, stems) = query.highlight_forms();
        let mut indexes: Vec<u32> = folded
            .iter()
            .flat_map(|w| self.find(&self.folded, w, false))
            .chain(stems.iter().flat_map(|s| self.find(&self.stems, s, false)))
            .map(|form| form.word)
            .collect();
        indexes.sort_unstable();
        indexes.dedup();
        let mut spans: Vec<(usize, usize, bool)> = indexes
            .into_iter()
            .map(|i| {
                let (from, to) = self.spans[i as usize];
                (from as usize, to as usize, false)
            })
            .collect();
        let (whole, prefix) = query.identifier_forms();
        let identifiers = whole
            .iter()
            .flat_map(|id| self.find(&self.identifiers, id, false))
            .chain(
                prefix
                    .into_iter()
                    .flat_map(|p| self.find(&self.identifiers, p, true)),
            );
        for form in identifiers {
            let (from, to) = self.identifier_spans[form.word as usize];
            spans.push((from as usize, to as usize, true));
        }
        merge(spans)
    }
}

/// Spans in text order; an identifier covers the words inside it: keep the identifier.
fn merge(mut spans: Vec<(usize, usize, bool)>) -> Vec<(usize, usize, bool)> {
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

/// Byte ranges of the words of `text` the query matched, in text order, each
/// with whether it is a whole identifier.
///
/// One pass of the folding analyzer over the text, looking each word up in
/// the query's (small, sorted) forms; only the words that could stem to one
/// of the query's stems are stemmed: for a section returned for the first
/// time, cheaper than analysing it whole ([`SectionWords`]).
fn matched_in_one_pass(
    text: &str,
    analyzers: &mut Analyzers,
    query: &ParsedQuery,
) -> Vec<(usize, usize, bool)> {
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
    merge(spans)
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

fn form_text<'a>(forms: &'a str, form: &Form) -> &'a str {
    &forms[form.from as usize..form.to as usize]
}

/// Longest snippet, in bytes of source text, before it is cut with an ellipsis.
const SNIPPET_BYTES: usize = 220;

/// Builds an HTML snippet of `text` around the densest cluster of matches.
pub fn snippet(text: &str, words: &SectionWords, query: &ParsedQuery) -> String {
    render(text, &words.matched(query))
}

/// [`snippet`] without the section's analysed words: for a section returned for the first time.
pub fn snippet_in_one_pass(text: &str, analyzers: &mut Analyzers, query: &ParsedQuery) -> String {
    render(text, &matched_in_one_pass(text, analyzers, query))
}

/// The HTML snippet of `text` around the densest cluster of `matched`.
fn render(text: &str, matched: &[(usize, usize, bool)]) -> String {
    let (start, end) = window(text, matched);
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
