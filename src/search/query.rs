//! Turning what a person typed into search terms, without a query syntax.
//!
//! Every string is a valid query: nothing is parsed as an operator, so quotes,
//! parentheses, `AND`, `*` or `~` are just characters around words.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::Fields;
use super::analysis::{self, AccentVocabulary, typo_distance};
use crate::lang::Lang;

/// At most this many words of a query are used; the rest of a pasted wall of text is ignored.
const MAX_TERMS: usize = 24;

/// Words of at most this many characters are not highlighted (articles and prepositions).
const SHORT_WORD: usize = 2;

/// One word of the query, in every form it is matched by.
#[derive(Debug, Clone)]
pub struct QueryTerm {
    /// Lower-cased, accent-folded.
    pub folded: String,
    /// Stems: of the word as typed, and of accented corpus words that fold to it.
    pub stems: Vec<String>,
    /// Typo tolerance in edits (0 for short words).
    pub distance: u8,
    /// The word being typed: also matches as a prefix.
    pub prefix: bool,
}

/// A query, analysed for one language.
#[derive(Debug, Clone, Default)]
pub struct ParsedQuery {
    /// The words.
    pub terms: Vec<QueryTerm>,
    /// Identifiers such as `setup.com`, matched whole.
    pub identifiers: Vec<String>,
}

impl QueryTerm {
    /// Whether a corpus word (folded and stemmed forms) matches this term.
    pub fn matches(&self, folded: &str, stem: &str) -> bool {
        folded == self.folded
            || self.stems.iter().any(|s| s == stem)
            || (self.prefix && folded.starts_with(&self.folded))
            || (self.distance > 0 && within_distance(folded, &self.folded, self.distance))
    }
}

fn within_distance(a: &str, b: &str, distance: u8) -> bool {
    let distance = usize::from(distance);
    a.len().abs_diff(b.len()) <= distance && strsim::osa_distance(a, b) <= distance
}

impl ParsedQuery {
    /// Analyses `input` for `lang`.
    pub fn parse(input: &str, lang: Lang, vocabulary: &AccentVocabulary) -> ParsedQuery {
        let mut fold = analysis::fold_analyzer();
        let mut stem = analysis::stem_analyzer(lang);
        let mut ident = analysis::ident_analyzer();
        let typing = !input.ends_with(char::is_whitespace);

        let mut words = analysis::tokens(&mut fold, input);
        words.truncate(MAX_TERMS);
        let last = words.len().saturating_sub(1);
        let terms = words
            .into_iter()
            .enumerate()
            .map(|(i, word)| {
                let original = &input[word.from..word.to];
                let mut stems: Vec<String> = analysis::tokens(&mut stem, original)
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                stems.extend(vocabulary.stems_of(&word.text).map(str::to_owned));
                stems.sort();
                stems.dedup();
                QueryTerm {
                    distance: typo_distance(&word.text),
                    prefix: typing && i == last && word.text.chars().count() >= 2,
                    folded: word.text,
                    stems,
                }
            })
            .collect();
        let identifiers = analysis::tokens(&mut ident, input)
            .into_iter()
            .map(|t| t.text)
            .filter(|t| t.contains(['.', '-', '_']))
            .take(MAX_TERMS)
            .collect();
        ParsedQuery { terms, identifiers }
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.identifiers.is_empty()
    }

    /// Whether a corpus word should be highlighted.
    pub fn matches(&self, folded: &str, stem: &str) -> bool {
        let only_short = self
            .terms
            .iter()
            .all(|t| t.folded.chars().count() <= SHORT_WORD);
        self.terms
            .iter()
            .filter(|t| only_short || t.folded.chars().count() > SHORT_WORD)
            .any(|t| t.matches(folded, stem))
    }

    /// The tantivy query for `lang`: every word in every form, restricted to the language.
    pub fn to_query(&self, fields: &Fields, lang: Lang) -> Box<dyn Query> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let stem_field = fields.stem(lang);
        let heading_stem_field = fields.heading_stem(lang);
        for term in &self.terms {
            should.push((Occur::Should, term_query(fields.folded, &term.folded, 1.0)));
            for stem in &term.stems {
                should.push((Occur::Should, term_query(stem_field, stem, 1.0)));
                should.push((Occur::Should, term_query(heading_stem_field, stem, 1.5)));
            }
            let folded = Term::from_field_text(fields.folded, &term.folded);
            if term.distance > 0 {
                let fuzzy = FuzzyTermQuery::new(folded.clone(), term.distance, true);
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(fuzzy), 0.6)),
                ));
            }
            if term.prefix {
                let prefix = FuzzyTermQuery::new_prefix(folded, 0, true);
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(prefix), 0.6)),
                ));
            }
        }
        for identifier in &self.identifiers {
            should.push((
                Occur::Should,
                term_query(fields.identifiers, identifier, 3.0),
            ));
        }
        let language = TermQuery::new(
            Term::from_field_text(fields.lang, lang.as_str()),
            IndexRecordOption::Basic,
        );
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(language) as Box<dyn Query>),
            (Occur::Must, Box::new(BooleanQuery::new(should))),
        ]))
    }
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(query), boost))
}
