//! Text analysis shared by indexing, querying and highlighting.
//!
//! Portuguese needs stemming, accent-insensitivity and typo tolerance at once,
//! and they fight: the stemmer cuts "atualização" and "atualizacao"
//! differently. So every text is indexed twice — once stemmed (accents kept
//! for the stemmer, folded afterwards) and once only lower-cased and
//! accent-folded — and queries hit both; typo tolerance runs on the folded
//! field. The vocabulary ([`super::vocabulary`]) maps a folded word typed
//! without accents back to the stems of its accented spellings in the corpus,
//! so "atualizacao" also finds "atualizações".

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer, TokenizerManager,
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
    /// See [`stopword_analyzer`].
    pub stop: TextAnalyzer,
}

impl Analyzers {
    /// Builds the analyzers of `lang`.
    pub fn new(lang: Lang) -> Analyzers {
        Analyzers {
            fold: fold_analyzer(),
            stem: stem_analyzer(lang),
            ident: ident_analyzer(),
            stop: stopword_analyzer(lang),
        }
    }
}

/// Drops the words that carry no meaning of their own in `lang` ("de", "the",
/// "como"), from the lists tantivy ships (Snowball's for Portuguese, Lucene's
/// for English); a word it drops is a stopword.
pub fn stopword_analyzer(lang: Lang) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser);
    match StopWordFilter::new(stemmer_language(lang)) {
        Some(filter) => builder.filter(filter).build(),
        None => builder.build(),
    }
}

/// Whether `word`, as typed, is a stopword for `stop` (see [`stopword_analyzer`]).
pub fn is_stopword(stop: &mut TextAnalyzer, word: &str) -> bool {
    let mut stream = stop.token_stream(word);
    !stream.advance()
}

/// Hyphenated words written together ("pré-requisitos" → "prérequisitos"),
/// indexed beside the text so "prerequisitos" finds them as "pre requisitos" does.
pub fn joined_compounds(text: &str) -> String {
    let mut joined = String::new();
    for word in text.split(|c: char| c.is_whitespace() || "()[]{}\"'.,;:!?".contains(c)) {
        let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
        if parts.len() > 1 && parts.iter().all(|p| p.chars().all(char::is_alphabetic)) {
            joined.push_str(&parts.concat());
            joined.push(' ');
        }
    }
    joined
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
}
