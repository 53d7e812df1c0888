//! Turning what a person typed into search terms, without a query syntax.
//!
//! Every string is a valid query: nothing is parsed as an operator, so quotes,
//! parentheses, `AND`, `*` or `~` are just characters around words.

use tantivy::Term;

use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::analysis::{self, Analyzers};
use super::any_form::AnyForm;
use super::schema::Fields;
use super::vocabulary::Vocabulary;

/// What a query is read against: one language's corpus words and identifiers.
pub struct Corpus<'a> {
    /// The corpus words.
    pub vocabulary: &'a Vocabulary,
    /// Whether the corpus has an identifier (`setup.com`).
    pub knows_identifier: &'a dyn Fn(&str) -> bool,
}

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
    /// Corpus words within the typo distance ([`crate::typo::max_edits`]), most frequent first.
    pub corrections: Vec<String>,
    /// Corpus words it is the start of, when it is the word being typed.
    pub completions: Vec<String>,
    /// A stopword ("de", "the"): it refines the ranking but never finds a section on its own.
    pub stopword: bool,
}

/// A query, analysed for one language.
#[derive(Debug, Clone, Default)]
pub struct ParsedQuery {
    /// The words.
    pub terms: Vec<QueryTerm>,
    /// Identifiers such as `setup.com`, matched whole.
    pub identifiers: Vec<String>,
    /// The identifier being typed (`setup.c`), matched as a prefix.
    pub identifier_prefix: Option<String>,
    /// Folded corpus words to highlight: the words, their corrections and completions (sorted, unique).
    highlight_words: Vec<String>,
    /// Stems to highlight.
    highlight_stems: Vec<String>,
}

impl ParsedQuery {
    /// Analyses `input` with one language's analyzers and vocabulary.
    pub fn parse(input: &str, analyzers: &mut Analyzers, corpus: &Corpus) -> ParsedQuery {
        let Analyzers {
            fold,
            stem,
            ident,
            stop,
        } = analyzers;
        let vocabulary = corpus.vocabulary;
        let typing = !input.ends_with(char::is_whitespace);

        // Identifiers (`Setup.com`) are matched whole; their parts are not
        // typo-corrected or prefix-expanded, or "com" would match "computador".
        let identifier_tokens: Vec<analysis::Token> = analysis::tokens(ident, input)
            .into_iter()
            .filter(|t| t.text.contains(['.', '-', '_']))
            .take(MAX_TERMS)
            .collect();
        let in_identifier = |word: &analysis::Token| {
            identifier_tokens
                .iter()
                .any(|i| i.from <= word.from && word.to <= i.to)
        };

        // A corpus identifier is matched whole and only whole: "setup.com"
        // must not find the Portuguese word "com". The parts of an unknown
        // one are still searched as words.
        let in_known_identifier = |word: &analysis::Token| {
            identifier_tokens
                .iter()
                .any(|i| i.from <= word.from && word.to <= i.to && (corpus.knows_identifier)(&i.text))
        };

        let mut words = analysis::tokens(fold, input);
        words.retain(|w| !in_known_identifier(w));
        words.truncate(MAX_TERMS);
        let last = words.len().saturating_sub(1);
        let terms: Vec<QueryTerm> = words
            .into_iter()
            .enumerate()
            .map(|(i, word)| {
                let original = &input[word.from..word.to];
                let mut stems: Vec<String> = analysis::tokens(stem, original)
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                stems.extend(vocabulary.stems_of(&word.text));
                stems.sort();
                stems.dedup();
                let whole_word = !in_identifier(&word);
                // Like a spell checker, only words the corpus lacks are corrected:
                // "caixas" must not also match "caixa" by edit distance.
                let corrections = match whole_word && !vocabulary.contains(&word.text) {
                    true => vocabulary.corrections(&word.text),
                    false => Vec::new(),
                };
                let stopword =
                    analysis::is_stopword(stop, original) || analysis::is_stopword(stop, &word.text);
                // A stopword is not expanded either: "to" would become "tools".
                let completions =
                    match whole_word && !stopword && typing && i == last && word.text.chars().count() >= 2 {
                        true => vocabulary.completions(&word.text),
                        false => Vec::new(),
                    };
                QueryTerm {
                    stopword,
                    folded: word.text,
                    stems,
                    corrections,
                    completions,
                }
            })
            .collect();
        let identifier_prefix = identifier_tokens
            .last()
            .filter(|t| typing && t.to == input.trim_end().len())
            .map(|t| t.text.clone());
        let identifiers = identifier_tokens.into_iter().map(|t| t.text).collect();
        let (highlight_words, highlight_stems) = highlight_sets(&terms);
        ParsedQuery {
            terms,
            identifiers,
            identifier_prefix,
            highlight_words,
            highlight_stems,
        }
    }

    /// Whether there is nothing to search for: no identifier and no word
    /// other than stopwords.
    pub fn is_empty(&self) -> bool {
        self.terms.iter().all(|t| t.stopword)
            && self.identifiers.is_empty()
            && self.identifier_prefix.is_none()
    }

    /// The identifiers the highlighter marks: whole ones, and the one being typed.
    pub fn identifier_forms(&self) -> (&[String], Option<&str>) {
        (&self.identifiers, self.identifier_prefix.as_deref())
    }

    /// The folded words and the stems the highlighter marks.
    pub fn highlight_forms(&self) -> (&[String], &[String]) {
        (&self.highlight_words, &self.highlight_stems)
    }

    /// The tantivy query: every word in every form it may take. With
    /// [`Words::All`], a section must match every word that is not a
    /// stopword and every identifier (each in any of its forms); with
    /// [`Words::Any`], an identifier or any such word. Stopwords only add to
    /// the score of sections found otherwise. A section matching every word
    /// scores the same either way (the sum of its matching forms).
    pub fn to_query(&self, fields: &Fields, words: Words) -> Box<dyn Query> {
        let mut content: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut stop: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for term in &self.terms {
            let forms = term_forms(term, fields);
            match (term.stopword, words) {
                (true, _) => stop.extend(forms),
                (false, Words::Any) => content.extend(forms),
                (false, Words::All) => {
                    let forms = forms.into_iter().map(|(_, form)| form).collect();
                    content.push((Occur::Must, Box::new(AnyForm::new(forms))));
                }
            }
        }
        let occur = match words {
            Words::All => Occur::Must,
            Words::Any => Occur::Should,
        };
        for identifier in &self.identifiers {
            content.push((occur, term_query(fields.identifiers, identifier, 3.0)));
        }
        if let Some(prefix) = &self.identifier_prefix {
            let prefix =
                FuzzyTermQuery::new_prefix(Term::from_field_text(fields.identifiers, prefix), 0, true);
            content.push((occur, Box::new(BoostQuery::new(Box::new(prefix), 2.0))));
        }
        let found: Box<dyn Query> = Box::new(BooleanQuery::new(content));
        match stop.is_empty() {
            true => found,
            false => {
                stop.push((Occur::Must, found));
                Box::new(BooleanQuery::new(stop))
            }
        }
    }

    /// Whether [`Words::All`] can differ from [`Words::Any`]: more than one
    /// thing (word that is not a stopword, or identifier) must match.
    pub fn has_several_words(&self) -> bool {
        let words = self.terms.iter().filter(|t| !t.stopword).count();
        words + self.identifiers.len() + usize::from(self.identifier_prefix.is_some()) > 1
    }
}

/// Which of a query's words a section must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// Every one: tried first. Besides being what someone adding words to a
    /// query means, it is what keeps a query fast on a large corpus: the
    /// rarest word drives the intersection, where matching any word would
    /// score every section holding a common one ("cluster", "servidor").
    All,
    /// Any one: when no section has them all.
    Any,
}

/// A term's forms, each a clause that may match: as typed (folded), its
/// stems, its typo corrections and its completions.
fn term_forms(term: &QueryTerm, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
    let mut forms: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Should, term_query(fields.folded, &term.folded, 1.0))];
    for stem in &term.stems {
        forms.push((Occur::Should, term_query(fields.stemmed, stem, 1.0)));
    }
    for correction in &term.corrections {
        forms.push((Occur::Should, term_query(fields.folded, correction, 0.5)));
    }
    for completion in &term.completions {
        forms.push((Occur::Should, term_query(fields.folded, completion, 0.7)));
    }
    forms
}

/// What the highlighter marks: every form a term matched by, except that
/// articles and prepositions ("de", "o", "a") are not marked unless the query
/// has nothing else.
fn highlight_sets(terms: &[QueryTerm]) -> (Vec<String>, Vec<String>) {
    let only_short = terms.iter().all(|t| t.folded.chars().count() <= SHORT_WORD);
    let marked = terms
        .iter()
        .filter(|t| only_short || t.folded.chars().count() > SHORT_WORD);
    let mut words = Vec::new();
    let mut stems = Vec::new();
    for term in marked {
        words.push(term.folded.clone());
        words.extend(term.corrections.iter().cloned());
        words.extend(term.completions.iter().cloned());
        stems.extend(term.stems.iter().cloned());
    }
    for list in [&mut words, &mut stems] {
        list.sort_unstable();
        list.dedup();
    }
    (words, stems)
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
    Box::new(BoostQuery::new(Box::new(query), boost))
}
