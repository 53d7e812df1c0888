//! Text analysis shared by indexing, querying and highlighting.
//!
//! Portuguese needs stemming, accent-insensitivity and typo tolerance at once,
//! and they fight: the stemmer cuts "atualização" and "atualizacao"
//! differently. So every text is indexed twice — once stemmed (accents kept
//! for the stemmer, folded afterwards) and once only lower-cased and
//! accent-folded — and queries hit both; typo tolerance runs on the folded
//! field. An accent-restoring vocabulary ([`AccentVocabulary`]) maps a folded
//! word typed without accents back to the stems of its accented spellings in
//! the corpus, so "atualizacao" also finds "atualizações".

use std::collections::{BTreeSet, HashMap};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RegexTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, TokenizerManager,
};

use crate::lang::Lang;

/// Tokenizer name of the lower-cased, accent-folded field.
pub const FOLD: &str = "docdesk_fold";
/// Tokenizer name of the identifier field (`Setup.com`, `RSAT-Clustering`).
pub const IDENT: &str = "docdesk_ident";

/// Identifiers: words joined by `.`, `-` or `_`, kept whole.
const IDENT_PATTERN: &str = r"[\p{L}\p{N}]+(?:[._\-][\p{L}\p{N}]+)*";

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
    // The pattern is a constant, so failure here is a programming error caught by every test.
    let tokenizer =
        RegexTokenizer::new(IDENT_PATTERN).expect("identifier pattern is a valid regex");
    TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
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

/// Maps a folded word to the stems of the accented spellings it stands for.
#[derive(Debug, Clone, Default)]
pub struct AccentVocabulary {
    stems: HashMap<String, BTreeSet<String>>,
}

impl AccentVocabulary {
    /// Learns the accented words of `text`.
    pub fn learn(&mut self, text: &str, fold: &mut TextAnalyzer, stem: &mut TextAnalyzer) {
        for token in tokens(fold, text) {
            let original = &text[token.from..token.to];
            if original.is_ascii() {
                continue;
            }
            if let Some(stemmed) = tokens(stem, original).into_iter().next() {
                self.stems
                    .entry(token.text)
                    .or_default()
                    .insert(stemmed.text);
            }
        }
    }

    /// The stems of the accented words that fold to `folded`.
    pub fn stems_of(&self, folded: &str) -> impl Iterator<Item = &str> {
        self.stems
            .get(folded)
            .into_iter()
            .flatten()
            .map(String::as_str)
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
            [
                "setup.com",
                "rsat-clustering",
                "move-mailbox",
                "adminpak.msi"
            ]
        );
    }

    #[test]
    fn the_accent_vocabulary_bridges_the_stemmer_trap() {
        let mut vocabulary = AccentVocabulary::default();
        let mut stem = stem_analyzer(Lang::PtBr);
        vocabulary.learn(
            "a atualização e as atualizações",
            &mut fold_analyzer(),
            &mut stem,
        );
        let accented_stem = texts(&mut stem, "atualização");
        let restored: Vec<&str> = vocabulary.stems_of("atualizacao").collect();
        assert_eq!(restored, accented_stem);
        assert_eq!(texts(&mut stem, "atualizações"), accented_stem);
    }

    #[test]
    fn typo_distance_grows_with_length() {
        assert_eq!(typo_distance("nos"), 0);
        assert_eq!(typo_distance("clustr"), 1);
        assert_eq!(typo_distance("atualizacao"), 2);
    }
}
