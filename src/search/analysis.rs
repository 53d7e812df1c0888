//! Text analysis shared by indexing, querying and highlighting.
//!
//! Portuguese needs stemming, accent-insensitivity and typo tolerance at once,
//! and they fight: the stemmer cuts "atualização" and "atualizacao"
//! differently. So every text is indexed twice — once stemmed (accents kept
//! for the stemmer, folded afterwards) and once only lower-cased and
//! accent-folded — and queries hit both; typo tolerance runs on the folded
//! field. A vocabulary of the corpus ([`Vocabulary`]) maps a folded
//! word typed without accents back to the stems of its accented spellings in
//! the corpus, so "atualizacao" also finds "atualizações".

use std::collections::{BTreeSet, HashMap};

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    TokenizerManager,
};

use super::identifier::IdentifierTokenizer;

use crate::lang::Lang;

/// Tokenizer name of the lower-cased, accent-folded field.
pub const FOLD: &str = "docdesk_fold";
/// Tokenizer name of the identifier field (`Setup.com`, `RSAT-Clustering`).
pub const IDENT: &str = "docdesk_ident";

/// Tokens longer than this are noise (hashes, pasted blobs), not words.
const MAX_TOKEN_BYTES: usize = 64;

/// Tokenizer name of the stemmed field of `lang`.
pub fn stem_tokenizer(lang: Lang) -> &'static str {
    match lang {
        Lang::PtBr => "docdesk_stem_pt",
        Lang::En => "docdesk_stem_en",
    }
}

fn stemmer_language(lang: Lang) -> Language {
    match lang {
        Lang::PtBr => Language::Portuguese,
        Lang::En => Language::English,
    }
}

/// The folding analyzer: words, lower-cased, accents removed.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The stemming analyzer of `lang`: stem with accents, then fold.
pub fn stem_analyzer(lang: Lang) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(stemmer_language(lang)))
        .filter(AsciiFoldingFilter)
        .build()
}

/// The identifier analyzer: `Setup.com` stays one token, `setup.com`.
pub fn ident_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(IdentifierTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzers of one language, built once (the identifier regex is costly
/// to compile) and cloned cheaply for each query.
#[derive(Clone)]
pub struct Analyzers {
    /// See [`fold_analyzer`].
    pub fold: TextAnalyzer,
    /// See [`stem_analyzer`].
    pub stem: TextAnalyzer,
    /// See [`ident_analyzer`].
    pub ident: TextAnalyzer,
}

impl Analyzers {
    /// Builds the analyzers of `lang`.
    pub fn new(lang: Lang) -> Analyzers {
        Analyzers {
            fold: fold_analyzer(),
            stem: stem_analyzer(lang),
            ident: ident_analyzer(),
        }
    }
}

/// Registers every analyzer under its name.
pub fn register(manager: &TokenizerManager) {
    manager.register(FOLD, fold_analyzer());
    manager.register(IDENT, ident_analyzer());
    for lang in Lang::ALL {
        manager.register(stem_tokenizer(lang), stem_analyzer(lang));
    }
}

/// A token with its byte offsets in the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Analysed form.
    pub text: String,
    /// Byte offset of the first byte in the source text.
    pub from: usize,
    /// Byte offset one past the last byte.
    pub to: usize,
}

/// Runs `analyzer` over `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(Token {
            text: token.text.clone(),
            from: token.offset_from,
            to: token.offset_to,
        });
    }
    out
}

/// How many edits a typo may be, by word length: 1 from 5 letters, 2 from 9.
pub fn typo_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Most typo or prefix expansions used for one query word.
const MAX_EXPANSIONS: usize = 16;

/// The words of one language's corpus, for typo correction, prefix
/// completion and accent restoration.
///
/// Expanding a typo or a prefix into the corpus words it stands for, and
/// querying those as ordinary terms, lets BM25 rank fuzzy matches like exact
/// ones and tells the highlighter exactly which words matched.
pub struct Vocabulary {
    words: BTreeSet<String>,
    by_length: Vec<Vec<String>>,
    accented_stems: HashMap<String, BTreeSet<String>>,
    /// Levenshtein automaton builders for 1 and 2 edits (transposition = 1 edit);
    /// costly to make, cheap to use, so made once.
    automata: [LevenshteinAutomatonBuilder; 2],
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            words: BTreeSet::new(),
            by_length: Vec::new(),
            accented_stems: HashMap::new(),
            automata: [
                LevenshteinAutomatonBuilder::new(1, true),
                LevenshteinAutomatonBuilder::new(2, true),
            ],
        }
    }
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("words", &self.words.len())
            .finish_non_exhaustive()
    }
}

impl Vocabulary {
    /// Learns the words of `text`.
    pub fn learn(&mut self, text: &str, fold: &mut TextAnalyzer, stem: &mut TextAnalyzer) {
        for token in tokens(fold, text) {
            let original = &text[token.from..token.to];
            if !original.is_ascii() {
                if let Some(stemmed) = tokens(stem, original).into_iter().next() {
                    self.accented_stems
                        .entry(token.text.clone())
                        .or_default()
                        .insert(stemmed.text);
                }
            }
            if !self.words.contains(&token.text) {
                let length = token.text.chars().count();
                if self.by_length.len() <= length {
                    self.by_length.resize_with(length + 1, Vec::new);
                }
                self.by_length[length].push(token.text.clone());
                self.words.insert(token.text);
            }
        }
    }

    /// Whether the corpus has the folded word.
    pub fn contains(&self, folded: &str) -> bool {
        self.words.contains(folded)
    }

    /// The stems of the accented words that fold to `folded`.
    pub fn stems_of(&self, folded: &str) -> impl Iterator<Item = &str> {
        self.accented_stems
            .get(folded)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// Corpus words that start with `prefix` (other than `prefix` itself).
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        self.words
            .range::<str, _>((std::ops::Bound::Excluded(prefix), std::ops::Bound::Unbounded))
            .take_while(|w| w.starts_with(prefix))
            .take(MAX_EXPANSIONS)
            .cloned()
            .collect()
    }

    /// Corpus words within `distance` edits of `word` (other than `word` itself).
    pub fn corrections(&self, word: &str, distance: u8) -> Vec<String> {
        let Some(builder) = usize::from(distance)
            .checked_sub(1)
            .and_then(|i| self.automata.get(i))
        else {
            return Vec::new();
        };
        let dfa = builder.build_dfa(word);
        let length = word.chars().count();
        let lengths = length.saturating_sub(usize::from(distance))..=length + usize::from(distance);
        lengths
            .filter_map(|l| self.by_length.get(l))
            .flatten()
            .filter(|candidate| {
                candidate.as_str() != word && matches!(dfa.eval(candidate.as_bytes()), Distance::Exact(_))
            })
            .take(MAX_EXPANSIONS)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        tokens(analyzer, text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(
            texts(&mut fold_analyzer(), "Atualização NÓS"),
            ["atualizacao", "nos"]
        );
    }

    #[test]
    fn identifiers_stay_whole() {
        let mut ident = ident_analyzer();
        assert_eq!(
            texts(
                &mut ident,
                "(Setup.com), RSAT-Clustering Move-Mailbox Adminpak.msi."
            ),
            ["setup.com", "rsat-clustering", "move-mailbox", "adminpak.msi"]
        );
    }

    #[test]
    fn the_vocabulary_bridges_the_stemmer_trap() {
        let mut vocabulary = Vocabulary::default();
        let mut stem = stem_analyzer(Lang::PtBr);
        vocabulary.learn("a atualização e as atualizações", &mut fold_analyzer(), &mut stem);
        let accented_stem = texts(&mut stem, "atualização");
        let restored: Vec<&str> = vocabulary.stems_of("atualizacao").collect();
        assert_eq!(restored, accented_stem);
        assert_eq!(texts(&mut stem, "atualizações"), accented_stem);
    }

    #[test]
    fn the_vocabulary_corrects_typos_and_completes_prefixes() {
        let mut vocabulary = Vocabulary::default();
        let text = "servidor servidores cluster clusters inatividade";
        vocabulary.learn(text, &mut fold_analyzer(), &mut stem_analyzer(Lang::PtBr));
        assert_eq!(vocabulary.corrections("servidro", 1), ["servidor"]);
        assert_eq!(vocabulary.corrections("clustr", 1), ["cluster"]);
        assert_eq!(vocabulary.completions("inativ"), ["inatividade"]);
        assert_eq!(vocabulary.completions("cluster"), ["clusters"]);
        assert!(vocabulary.corrections("qqxzvwk", 1).is_empty());
    }

    #[test]
    fn typo_distance_grows_with_length() {
        assert_eq!(typo_distance("nos"), 0);
        assert_eq!(typo_distance("clustr"), 1);
        assert_eq!(typo_distance("atualizacao"), 2);
    }
}
