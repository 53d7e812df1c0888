//! The words of one language's index, for typo correction, prefix completion
//! and accent restoration.
//!
//! Nothing here is a copy of the corpus: every look-up walks tantivy's term
//! dictionary (a finite-state transducer) with an automaton — a Levenshtein
//! automaton for typos, a prefix automaton for the word being typed — so its
//! cost depends on how many words match, not on how many words the corpus
//! has, and the dictionary is memory-mapped with the index rather than held
//! in RAM. Expanding a typo or a prefix into the corpus words it stands for,
//! and querying those as ordinary terms, lets BM25 rank fuzzy matches like
//! exact ones and tells the highlighter exactly which words matched.

use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::sync::Arc;

use quick_cache::sync::Cache;

use tantivy::query::{DfaWrapper, FuzzyTermQuery};
use tantivy::termdict::TermDictionary;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{InvertedIndexReader, Searcher, Term};

use super::analysis;
use super::error::SearchError;
use super::schema::Fields;
use crate::typo;

/// Most typo or prefix expansions used for one query word.
pub const MAX_EXPANSIONS: usize = 16;

/// Most dictionary entries looked at for one expansion before the most
/// frequent are kept: bounds the work for a one- or two-letter prefix.
const MAX_SCANNED: usize = 1024;

/// Expansions kept per language, by kind and word. People typing a query
/// send every keystroke: the words before the one being typed are expanded
/// again at each (a two-edit automaton costs about 100 µs to build), and
/// many people type the same first letters. A few hundred bytes each.
const EXPANSION_CACHE_ENTRIES: usize = 2048;

/// What a cached expansion is of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Expansion {
    Corrections,
    Completions,
}

/// Separates the folded word from a stem in the accent field's terms.
const ACCENT_SEPARATOR: char = '\u{1f}';

/// The terms of the accent field for `text`: for every word written with
/// accents, `folded` + separator + `stem`. The stemmer cuts "atualização"
/// and "atualizacao" differently, so a word typed without accents is mapped
/// back to the stems of its accented spellings through these terms.
pub fn accent_terms(text: &str, fold: &mut TextAnalyzer, stem: &mut TextAnalyzer) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for token in analysis::tokens(fold, text) {
        let original = &text[token.from..token.to];
        if original.is_ascii() {
            continue;
        }
        if let Some(stemmed) = analysis::tokens(stem, original).into_iter().next() {
            terms.insert(format!("{}{ACCENT_SEPARATOR}{}", token.text, stemmed.text));
        }
    }
    terms
}

/// One segment's dictionaries.
struct Segment {
    folded: Arc<InvertedIndexReader>,
    accents: Arc<InvertedIndexReader>,
}

/// The vocabulary of one language's index, read from its term dictionaries.
pub struct Vocabulary {
    fields: Fields,
    segments: Vec<Segment>,
    /// Corrections and completions already found; a vocabulary is never
    /// written, so they hold for its life (a reload opens a new one).
    expansions: Cache<(Expansion, String), Arc<[String]>>,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("segments", &self.segments.len())
            .finish_non_exhaustive()
    }
}

impl Vocabulary {
    /// The vocabulary of the index `searcher` reads.
    pub fn open(searcher: &Searcher, fields: Fields) -> Result<Vocabulary, SearchError> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                Ok(Segment {
                    folded: segment.inverted_index(fields.folded)?,
                    accents: segment.inverted_index(fields.accents)?,
                })
            })
            .collect::<Result<_, tantivy::TantivyError>>()?;
        Ok(Vocabulary {
            fields,
            segments,
            expansions: Cache::new(EXPANSION_CACHE_ENTRIES),
        })
    }

    /// Whether the corpus has the folded word.
    pub fn contains(&self, folded: &str) -> bool {
        self.segments
            .iter()
            .any(|s| s.folded.terms().get(folded).ok().flatten().is_some())
    }

    /// The stems of the accented words that fold to `folded`.
    pub fn stems_of(&self, folded: &str) -> Vec<String> {
        let from = format!("{folded}{ACCENT_SEPARATOR}");
        let to = format!("{folded}{}", char::from(ACCENT_SEPARATOR as u8 + 1));
        let mut stems = BTreeSet::new();
        for segment in &self.segments {
            let Ok(mut stream) = segment.accents.terms().range().ge(&from).lt(&to).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(stem) = std::str::from_utf8(&stream.key()[from.len()..]) {
                    stems.insert(stem.to_owned());
                }
            }
        }
        stems.into_iter().collect()
    }

    /// The most frequent corpus words that start with `prefix` (other than `prefix` itself).
    ///
    /// The words starting with a prefix are one range of the sorted term
    /// dictionary: read from its first word on, with no automaton to build.
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        self.cached(Expansion::Completions, prefix, || self.find_completions(prefix))
    }

    fn find_completions(&self, prefix: &str) -> Vec<String> {
        let mut found: HashMap<Vec<u8>, u32> = HashMap::new();
        for segment in &self.segments {
            let Ok(mut stream) = segment.folded.terms().range().ge(prefix).into_stream() else {
                continue;
            };
            let mut scanned = 0;
            while scanned < MAX_SCANNED && stream.advance() && stream.key().starts_with(prefix.as_bytes()) {
                scanned += 1;
                if stream.key() != prefix.as_bytes() {
                    *found.entry(stream.key().to_vec()).or_default() += stream.value().doc_freq;
                }
            }
        }
        most_frequent(found)
    }

    /// The most frequent corpus words within the typo policy's distance of
    /// `word` (other than `word` itself).
    pub fn corrections(&self, word: &str) -> Vec<String> {
        let edits = typo::max_edits(word);
        if edits == 0 {
            return Vec::new();
        }
        self.cached(Expansion::Corrections, word, || {
            let term = Term::from_field_text(self.fields.folded, word);
            self.expand(FuzzyTermQuery::new(term, edits, true), word)
        })
    }

    /// The `kind` expansion of `word`, found by `find` unless it is cached.
    fn cached(&self, kind: Expansion, word: &str, find: impl FnOnce() -> Vec<String>) -> Vec<String> {
        let found = self.expansions.get_or_insert_with(&(kind, word.to_owned()), || {
            Ok::<_, Infallible>(Arc::from(find()))
        });
        match found {
            Ok(words) => words.to_vec(),
            Err(never) => match never {},
        }
    }

    /// Walks every segment's dictionary with the query's automaton; keeps the
    /// [`MAX_EXPANSIONS`] words in the most sections, ties alphabetically.
    fn expand(&self, query: FuzzyTermQuery, word: &str) -> Vec<String> {
        // Building the automaton costs more than walking a dictionary with
        // it (about 23 µs for one edit and 100 µs for two, release build):
        // one for all segments, which a reload adds to.
        let Ok(automaton) = query.automaton() else {
            return Vec::new();
        };
        let mut found: HashMap<Vec<u8>, u32> = HashMap::new();
        for segment in &self.segments {
            scan(segment.folded.terms(), &automaton, word, &mut found);
        }
        most_frequent(found)
    }
}

/// The [`MAX_EXPANSIONS`] words in the most sections, ties alphabetically.
fn most_frequent(found: HashMap<Vec<u8>, u32>) -> Vec<String> {
    let mut ranked: Vec<(Vec<u8>, u32)> = found.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(MAX_EXPANSIONS)
        .filter_map(|(word, _)| String::from_utf8(word).ok())
        .collect()
}

fn scan(terms: &TermDictionary, automaton: &DfaWrapper, word: &str, found: &mut HashMap<Vec<u8>, u32>) {
    let Ok(mut stream) = terms.search(automaton).into_stream() else {
        return;
    };
    let mut scanned = 0;
    while scanned < MAX_SCANNED && stream.advance() {
        scanned += 1;
        if stream.key() != word.as_bytes() {
            *found.entry(stream.key().to_vec()).or_default() += stream.value().doc_freq;
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::{Index, TantivyDocument};

    use super::*;
    use crate::lang::Lang;
    use crate::search::analysis::Analyzers;

    /// A vocabulary over one tantivy document per text.
    fn vocabulary(texts: &[&str]) -> Vocabulary {
        let index = Index::create_in_ram(crate::search::schema::build(Lang::PtBr));
        let fields = crate::search::schema::Fields::of(&index.schema()).unwrap();
        analysis::register(index.tokenizers());
        let mut analyzers = Analyzers::new(Lang::PtBr);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in texts {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.folded, text);
            for accent in accent_terms(text, &mut analyzers.fold, &mut analyzers.stem) {
                doc.add_text(fields.accents, &accent);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        Vocabulary::open(&searcher, fields).unwrap()
    }

    #[test]
    fn the_vocabulary_bridges_the_stemmer_trap() {
        let vocabulary = vocabulary(&["a atualização e as atualizações"]);
        let mut stem = analysis::stem_analyzer(Lang::PtBr);
        let accented_stem: Vec<String> = analysis::tokens(&mut stem, "atualização")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(vocabulary.stems_of("atualizacao"), accented_stem);
        assert!(vocabulary.stems_of("atualiza").is_empty());
        assert!(vocabulary.contains("atualizacoes"));
        assert!(!vocabulary.contains("atualiza"));
    }

    #[test]
    fn typos_and_prefixes_expand_to_corpus_words() {
        let vocabulary = vocabulary(&["servidor servidores cluster clusters inatividade"]);
        assert_eq!(vocabulary.corrections("servidro"), ["servidor"]);
        assert_eq!(vocabulary.corrections("clustr"), ["cluster"]);
        assert_eq!(vocabulary.completions("inativ"), ["inatividade"]);
        assert_eq!(vocabulary.completions("cluster"), ["clusters"]);
        assert!(vocabulary.corrections("qqxzvwk").is_empty());
        // Four letters or fewer are never corrected.
        assert!(vocabulary.corrections("clus").is_empty());
    }

    #[test]
    fn cached_expansions_are_the_ones_found_and_kinds_stay_apart() {
        let vocabulary = vocabulary(&["servidor servidores cluster clusters"]);
        for _ in 0..2 {
            assert_eq!(vocabulary.corrections("servidro"), ["servidor"]);
            assert!(vocabulary.corrections("servidor").is_empty());
            assert_eq!(vocabulary.completions("servidor"), ["servidores"]);
            assert!(vocabulary.completions("servidro").is_empty());
        }
        assert_eq!(vocabulary.expansions.len(), 4);
    }

    /// Completions read as a range of the dictionary are the words a prefix
    /// automaton finds there.
    #[test]
    fn completions_are_what_a_prefix_automaton_finds() {
        let content =
            crate::content::Content::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
                .unwrap();
        let texts: Vec<String> = content
            .library
            .in_lang(Lang::PtBr)
            .flat_map(|doc| doc.rendered.sections.iter().map(|s| s.text.clone()))
            .collect();
        let vocabulary = vocabulary(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        let mut checked = 0;
        for word in [
            "servidores",
            "atualizacao",
            "cluster",
            "passivo",
            "exchange",
            "zzz",
            "ab",
        ] {
            for end in 2..=word.len() {
                let prefix = &word[..end];
                let term = Term::from_field_text(vocabulary.fields.folded, prefix);
                let automaton = vocabulary.expand(FuzzyTermQuery::new_prefix(term, 0, true), prefix);
                assert_eq!(vocabulary.completions(prefix), automaton, "{prefix}");
                checked += usize::from(!automaton.is_empty());
            }
        }
        assert!(checked > 20, "{checked}");
    }

    #[test]
    fn expansions_are_capped_most_frequent_first() {
        let mut texts = vec!["clusterzz"; 5];
        texts.push("clusterzy clusterzz");
        texts.push("clusterzy");
        let many: Vec<String> = (0..40)
            .map(|i| format!("cluster{}{}", (b'a' + i / 26) as char, (b'a' + i % 26) as char))
            .collect();
        let many = many.join(" ");
        texts.push(&many);
        let vocabulary = vocabulary(&texts);
        let completions = vocabulary.completions("cluster");
        assert_eq!(completions.len(), MAX_EXPANSIONS);
        assert_eq!(completions[..2], ["clusterzz", "clusterzy"]);
        let corrections = vocabulary.corrections("clusterzx");
        assert_eq!(corrections.len(), MAX_EXPANSIONS);
        assert_eq!(corrections[..2], ["clusterzz", "clusterzy"]);
    }
}
