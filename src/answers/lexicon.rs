//! Phrase matching over normalised question words.
//!
//! Questions and phrases are both reduced to lower-case, accent-free words
//! (the search module's folding analyzer), so "Atualização" and "atualizacao"
//! are the same word. A phrase word ending in `*` matches as a prefix; other
//! words of five letters or more also match with one typo.

use tantivy::tokenizer::TextAnalyzer;

use crate::search::analysis;

/// Words this long or longer tolerate one typo.
const TYPO_MIN_CHARS: usize = 5;

/// One word of a phrase.
pub enum PhraseWord {
    /// Matches words starting with this text.
    Prefix(String),
    /// Matches this word, or (when `typos` is set) any word one edit away.
    Word {
        /// The word.
        word: String,
        /// Whether one typo is tolerated.
        typos: bool,
    },
}

impl PhraseWord {
    fn matches(&self, word: &str) -> bool {
        match self {
            PhraseWord::Prefix(prefix) => word.starts_with(prefix.as_str()),
            PhraseWord::Word { word: exact, typos } => {
                word == exact || (*typos && within_one_edit(word, exact))
            }
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
                    let typos = token.text.chars().count() >= TYPO_MIN_CHARS;
                    PhraseWord::Word {
                        word: token.text,
                        typos,
                    }
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

/// Whether `a` becomes `b` with at most one insertion, deletion, substitution
/// or swap of adjacent characters. Linear, allocation-free: it runs for every
/// phrase word against every question word.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, _) | (_, 0) => true,
        (n, m) if n == m => a[1..] == b[1..] || (n >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..]),
        (n, m) if n > m => a[1..] == *b,
        _ => *a == b[1..],
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

    #[test]
    fn one_edit_covers_typos_and_swaps_only() {
        for (a, b) in [
            ("servidro", "servidor"),
            ("windos", "windows"),
            ("clusterd", "clustered"),
            ("cluster", "cluster"),
            ("xservidor", "servidor"),
        ] {
            assert!(within_one_edit(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("clustr", "clustered"),
            ("abcd", "dcba"),
            ("servidores", "servidor"),
            ("vista", "xp"),
        ] {
            assert!(!within_one_edit(a, b), "{a} {b}");
        }
    }
}
