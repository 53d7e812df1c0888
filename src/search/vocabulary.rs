//! The words of one language's index, for typo correction, prefix completion
//! and accent restoration.
//!
//! The folded words of every segment are read once, when the index is
//! opened, into one finite-state transducer (the words in order, each with
//! the number of sections it is in; small, since words share their
//! beginnings and ends, and it lets the index's own dictionaries stay on
//! disk). A correction walks it with a
//! Levenshtein automaton, a completion reads the range of words starting
//! with the prefix; expanding a typo or a prefix into the corpus words it
//! stands for, and querying those as ordinary terms, lets BM25 rank fuzzy
//! matches like exact ones and tells the highlighter exactly which words
//! matched.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::sync::Arc;

use quick_cache::sync::Cache;

use tantivy::query::FuzzyTermQuery;
use tantivy::termdict::TermMerger;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{InvertedIndexReader, Searcher, Term};
use tantivy_fst::raw::{Fst, Node, Output};
use tantivy_fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};

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

/// The vocabulary of one language's index.
pub struct Vocabulary {
    fields: Fields,
    /// Every folded word of the index, with the number of sections it is in
    /// (summed over segments).
    words: Map<Vec<u8>>,
    /// Each segment's accent field (read only for words typed without
    /// accents, one range per word).
    accents: Vec<Arc<InvertedIndexReader>>,
    /// Corrections and completions already found; a vocabulary is never
    /// written, so they hold for its life (a reload opens a new one).
    expansions: Cache<(Expansion, String), Arc<[String]>>,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("words", &self.words.len())
            .field("segments", &self.accents.len())
            .finish_non_exhaustive()
    }
}

impl Vocabulary {
    /// The vocabulary of the index `searcher` reads.
    pub fn open(searcher: &Searcher, fields: Fields) -> Result<Vocabulary, SearchError> {
        let mut folded = Vec::new();
        let mut accents = Vec::new();
        for segment in searcher.segment_readers() {
            folded.push(segment.inverted_index(fields.folded)?);
            accents.push(segment.inverted_index(fields.accents)?);
        }
        Ok(Vocabulary {
            fields,
            words: merged_words(&folded)?,
            accents,
            expansions: Cache::new(EXPANSION_CACHE_ENTRIES),
        })
    }

    /// Whether the corpus has the folded word.
    pub fn contains(&self, folded: &str) -> bool {
        self.words.contains_key(folded)
    }

    /// The stems of the accented words that fold to `folded`.
    pub fn stems_of(&self, folded: &str) -> Vec<String> {
        let from = format!("{folded}{ACCENT_SEPARATOR}");
        let to = format!("{folded}{}", char::from(ACCENT_SEPARATOR as u8 + 1));
        let mut stems = BTreeSet::new();
        for segment in &self.accents {
            let Ok(mut stream) = segment.terms().range().ge(&from).lt(&to).into_stream() else {
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
    /// The words starting with a prefix are one range of the sorted words:
    /// read from its first word on, with no automaton to build.
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        self.cached(Expansion::Completions, prefix, || self.find_completions(prefix))
    }

    fn find_completions(&self, prefix: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut stream = self.words.range().ge(prefix).into_stream();
        while found.len() < MAX_SCANNED {
            match stream.next() {
                Some((word, sections)) if word.starts_with(prefix.as_bytes()) => {
                    found.push((word.to_vec(), sections));
                }
                _ => break,
            }
        }
        most_frequent(found, prefix)
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
            match FuzzyTermQuery::new(term, edits, true).automaton() {
                Ok(automaton) => self.expand(&automaton, word),
                Err(_) => Vec::new(),
            }
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

    /// The [`MAX_EXPANSIONS`] words `automaton` accepts (other than `word`)
    /// in the most sections, ties alphabetically, out of the first
    /// [`MAX_SCANNED`] in order.
    fn expand(&self, automaton: &impl Automaton, word: &str) -> Vec<String> {
        let mut walk = Walk {
            fst: self.words.as_fst(),
            automaton,
            key: Vec::new(),
            found: Vec::new(),
        };
        let fst = walk.fst;
        walk.visit(fst.root(), automaton.start(), Output::zero());
        most_frequent(walk.found, word)
    }
}

/// The folded words of every segment, each with the number of sections it
/// is in: one transducer, so a walk or a range is made once, not once per
/// segment (a reload adds a segment per changed document).
fn merged_words(folded: &[Arc<InvertedIndexReader>]) -> Result<Map<Vec<u8>>, SearchError> {
    let streams = folded
        .iter()
        .map(|segment| segment.terms().stream())
        .collect::<Result<Vec<_>, _>>()?;
    let mut merger = TermMerger::new(streams);
    let mut words = MapBuilder::memory();
    while merger.advance() {
        let sections: u64 = merger
            .current_segment_ords_and_term_infos()
            .map(|(_, info)| u64::from(info.doc_freq))
            .sum();
        words.insert(merger.key(), sections)?;
    }
    Ok(Map::from_bytes(words.into_inner()?)?)
}

/// A depth-first walk of the words with an automaton, in key order.
///
/// tantivy's own automaton stream decodes the node behind every transition
/// before asking the automaton whether it leads anywhere; a Levenshtein
/// automaton whose edits are spent accepts one letter of the twenty or so
/// leaving a node, so most of that work was thrown away (on a corpus of
/// many similar words, two thirds of a search's time). Here the automaton
/// is asked first and only live transitions are followed.
struct Walk<'a, A: Automaton> {
    fst: &'a Fst<Vec<u8>>,
    automaton: &'a A,
    key: Vec<u8>,
    found: Vec<(Vec<u8>, u64)>,
}

impl<'a, A: Automaton> Walk<'a, A> {
    fn visit(&mut self, node: Node<'a>, state: A::State, out: Output) {
        if node.is_final() && self.automaton.is_match(&state) {
            self.found
                .push((self.key.clone(), out.cat(node.final_output()).value()));
        }
        for transition in node.transitions() {
            if self.found.len() >= MAX_SCANNED {
                return;
            }
            let next = self.automaton.accept(&state, transition.inp);
            if !self.automaton.can_match(&next) {
                continue;
            }
            self.key.push(transition.inp);
            self.visit(self.fst.node(transition.addr), next, out.cat(transition.out));
            self.key.pop();
        }
    }
}

/// The [`MAX_EXPANSIONS`] words in the most sections, ties alphabetically,
/// other than `word`.
fn most_frequent(mut found: Vec<(Vec<u8>, u64)>, word: &str) -> Vec<String> {
    found.retain(|(found, _)| found != word.as_bytes());
    found.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found
        .into_iter()
        .take(MAX_EXPANSIONS)
        .filter_map(|(word, _)| String::from_utf8(word).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use tantivy::{Index, TantivyDocument};

    use super::*;
    use crate::lang::Lang;
    use crate::search::analysis::Analyzers;

    /// An index of one tantivy document per text, committed batch by batch
    /// (a segment each).
    fn searcher(batches: &[&[&str]]) -> (Searcher, Fields) {
        let index = Index::create_in_ram(crate::search::schema::build(Lang::PtBr));
        let fields = crate::search::schema::Fields::of(&index.schema()).unwrap();
        analysis::register(index.tokenizers());
        let mut analyzers = Analyzers::new(Lang::PtBr);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for texts in batches {
            for text in *texts {
                let mut doc = TantivyDocument::default();
                doc.add_text(fields.folded, text);
                for accent in accent_terms(text, &mut analyzers.fold, &mut analyzers.stem) {
                    doc.add_text(fields.accents, &accent);
                }
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        (index.reader().unwrap().searcher(), fields)
    }

    /// A vocabulary over one tantivy document per text.
    fn vocabulary(texts: &[&str]) -> Vocabulary {
        let (searcher, fields) = searcher(&[texts]);
        Vocabulary::open(&searcher, fields).unwrap()
    }

    fn shipped_texts(lang: Lang) -> Vec<String> {
        let content =
            crate::content::Content::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
                .unwrap();
        content
            .library
            .in_lang(lang)
            .flat_map(|doc| doc.rendered.sections.iter().map(|s| s.text.clone()))
            .collect()
    }

    /// The corrections of `word` as tantivy's automaton stream finds them
    /// in each segment's term dictionary.
    fn streamed_corrections(searcher: &Searcher, fields: Fields, word: &str) -> Vec<String> {
        let term = Term::from_field_text(fields.folded, word);
        let automaton = FuzzyTermQuery::new(term, typo::max_edits(word), true)
            .automaton()
            .unwrap();
        let mut found = std::collections::BTreeMap::<Vec<u8>, u64>::new();
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(fields.folded).unwrap();
            let mut stream = index.terms().search(&automaton).into_stream().unwrap();
            while stream.advance() {
                *found.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        most_frequent(found.into_iter().collect(), word)
    }

    /// The walk over the merged words corrects every typo of the shipped
    /// content's words (a letter left out, one slipped in, two swapped, one
    /// replaced) as tantivy's stream over each segment's dictionary does.
    #[test]
    fn corrections_are_what_tantivys_automaton_stream_finds() {
        for lang in Lang::ALL {
            let texts = shipped_texts(lang);
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let (first, second) = texts.split_at(texts.len() / 2);
            let (searcher, fields) = searcher(&[first, second]);
            assert!(searcher.segment_readers().len() > 1);
            let vocabulary = Vocabulary::open(&searcher, fields).unwrap();
            let words: Vec<String> = vocabulary.words.stream().into_str_keys().unwrap();
            let (mut checked, mut corrected) = (0, 0);
            for word in words.iter().filter(|w| w.is_ascii() && w.len() >= 5) {
                let middle = word.len() / 2;
                let typos = [
                    format!("{}{}", &word[..middle], &word[middle + 1..]),
                    format!("{}e{}", &word[..middle], &word[middle..]),
                    format!("{}{}{}{}", &word[..1], &word[2..3], &word[1..2], &word[3..]),
                    format!("{}x", &word[..word.len() - 1]),
                    word.clone(),
                ];
                for typo in typos {
                    let walked = vocabulary.corrections(&typo);
                    assert_eq!(walked, streamed_corrections(&searcher, fields, &typo), "{typo}");
                    checked += 1;
                    corrected += usize::from(!walked.is_empty());
                }
            }
            assert!(checked > 800 && corrected > 600, "{lang}: {checked} {corrected}");
        }
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
        let texts = shipped_texts(Lang::PtBr);
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
                let prefix_automaton = FuzzyTermQuery::new_prefix(term, 0, true).automaton().unwrap();
                let automaton = vocabulary.expand(&prefix_automaton, prefix);
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
