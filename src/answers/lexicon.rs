//! Phrase matching over normalised question words.
//!
//! Questions and phrases are both reduced to lower-case, accent-free words
//! (the search module's folding analyzer), so "Atualização" and "atualizacao"
//! are the same word. A phrase word ending in `*` matches as a prefix; other
//! words match with the typos [`crate::typo`] allows, as in search.

use tantivy::tokenizer::TextAnalyzer;

use crate::search::analysis;
use crate::typo;

/// One word of a phrase.
pub enum PhraseWord {
    /// Matches words starting with this text.
    Prefix(String),
    /// Matches this word, or a typo of it within the typo policy.
    Word(String),
}

impl PhraseWord {
    fn matches(&self, word: &str) -> bool {
        match self {
            PhraseWord::Prefix(prefix) => word.starts_with(prefix.as_str()),
            PhraseWord::Word(exact) => typo::matches(word, exact),
        }
    }
}

/// A sequence of words matched against consecutive question words.
pub struct Phrase {
    words: Vec<PhraseWord>,
}

impl Phrase {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the phrase is empty (a blank entry in the data).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the phrase matches `words` starting at `at`.
    pub fn matches_at(&self, words: &[String], at: usize) -> bool {
        !self.words.is_empty()
            && at + self.words.len() <= words.len()
            && self.words.iter().zip(&words[at..]).all(|(p, w)| p.matches(w))
    }

    /// The first position where the phrase matches, if any.
    pub fn find(&self, words: &[String]) -> Option<usize> {
        (0..words.len()).find(|&at| self.matches_at(words, at))
    }
}

/// Compiles phrases written in the content files.
pub struct PhraseCompiler {
    fold: TextAnalyzer,
}

impl Default for PhraseCompiler {
    fn default() -> Self {
        PhraseCompiler {
            fold: analysis::fold_analyzer(),
        }
    }
}

impl PhraseCompiler {
    /// Compiles one phrase.
    pub fn phrase(&mut self, text: &str) -> Phrase {
        let prefix_last = text.trim_end().ends_with('*');
        let tokens = analysis::tokens(&mut self.fold, text);
        let count = tokens.len();
        let words = tokens
            .into_iter()
            .enumerate()
            .map(|(i, token)| {
                // A `*` right after the word makes it a prefix ("pacote* cumulativo*").
                let starred = text[token.to..].starts_with('*') || (prefix_last && i + 1 == count);
                if starred {
                    PhraseWord::Prefix(token.text)
                } else {
                    PhraseWord::Word(token.text)
                }
            })
            .collect();
        Phrase { words }
    }

    /// Compiles a list of phrases.
    pub fn phrases(&mut self, texts: &[String]) -> Vec<Phrase> {
        texts.iter().map(|t| self.phrase(t)).collect()
    }

    /// The normalised words of a question.
    pub fn words(&mut self, text: &str) -> Vec<String> {
        analysis::tokens(&mut self.fold, text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }
}

/// The longest of `phrases` matching at `at`, as its length.
pub fn longest_at(phrases: &[Phrase], words: &[String], at: usize) -> Option<usize> {
    phrases
        .iter()
        .filter(|p| p.matches_at(words, at))
        .map(Phrase::len)
        .max()
}

/// Whether any of `phrases` matches anywhere.
pub fn any_match(phrases: &[Phrase], words: &[String]) -> bool {
    phrases.iter().any(|p| p.find(words).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_folded_words_prefixes_and_typos() {
        let mut compiler = PhraseCompiler::default();
        let words = compiler.words("Dá pra gerenciar o cluster do Windos Server 2008 pelo XP?");
        assert!(compiler.phrase("gerenc*").find(&words).is_some());
        assert_eq!(compiler.phrase("windows server 2008").find(&words), Some(6));
        assert!(compiler.phrase("da pra").find(&words).is_some());
        assert!(compiler.phrase("vista").find(&words).is_none());
        let words = compiler.words("pacotes cumulativos de atualizações");
        assert!(compiler.phrase("pacote* cumulativo*").find(&words).is_some());
        assert!(compiler.phrase("atualizacoes").find(&words).is_some());
    }
}
