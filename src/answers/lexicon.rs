//! Phrase matching over normalised question words.
//!
//! Questions and phrases are both reduced to lower-case, accent-free words
//! (the search module's folding analyzer), so "Atualização" and "atualizacao"
//! are the same word. A phrase word ending in `*` matches as a prefix; other
//! words match with the typos [`crate::typo`] allows, as in search.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use tantivy::tokenizer::TextAnalyzer;

use crate::search::analysis;
use crate::typo;

/// Most question words a `~` skips.
const GAP_MAX_WORDS: usize = 3;

/// One word of a phrase.
pub enum PhraseWord {
    /// Matches words starting with this text.
    Prefix(String),
    /// Skips up to [`GAP_MAX_WORDS`] question words.
    Gap,
    /// Matches this word, or (when `typos` is set) a typo of it within the typo policy.
    Word {
        /// The word.
        word: String,
        /// Whether typos are tolerated.
        typos: bool,
        /// Every word the lexicon spells, once it is compiled: a question
        /// word among them means itself and is never read as a typo of
        /// another ("there" is not "three", "visto" is not "Vista").
        known: KnownWords,
    },
}

/// A word without its gender and number endings, so that "todas" and
/// "todos" share one stem and "three" and "there" do not.
fn inflection_stem(word: &str) -> &str {
    word.trim_end_matches(['a', 'e', 'o', 's'])
}

/// The words a compiled lexicon spells, shared by all its phrases.
pub type KnownWords = Arc<OnceLock<HashSet<String>>>;

impl PhraseWord {
    /// Whether `word` is this phrase word exactly, without a typo.
    fn is_exactly(&self, word: &str) -> bool {
        match self {
            PhraseWord::Prefix(prefix) => word.starts_with(prefix.as_str()),
            PhraseWord::Gap => true,
            PhraseWord::Word { word: exact, .. } => word == exact,
        }
    }

    fn matches(&self, word: &str) -> bool {
        match self {
            PhraseWord::Prefix(prefix) => {
                word.starts_with(prefix.as_str())
                    // A long prefix tolerates one typo too ("pasivo" for "passiv*").
                    || (typo::max_edits(prefix) > 0
                        && (prefix.len() - 1..=prefix.len() + 1)
                            .filter_map(|n| word.get(..n))
                            .any(|start| typo::within(start, prefix, 1)))
            }
            PhraseWord::Gap => true,
            PhraseWord::Word {
                word: exact,
                typos,
                known,
            } => {
                // A word the lexicon spells is another word, not a typo,
                // unless only its ending differs ("todas" for "todos"). The
                // set is asked only about a near miss: asking it first, for
                // every question word against every phrase word, hashed the
                // words thousands of times per question (~1.5 ms of ~2 ms).
                word == exact
                    || (*typos
                        && typo::matches(word, exact)
                        && (inflection_stem(word) == inflection_stem(exact)
                            || !known.get().is_some_and(|k| k.contains(word))))
            }
        }
    }
}

/// A sequence of words matched against consecutive question words.
pub struct Phrase {
    words: Vec<PhraseWord>,
}

impl Phrase {
    /// Whether the phrase is empty (a blank entry in the data).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Where a match starting at `at` ends (exclusive), shortest first.
    pub fn end_at(&self, words: &[String], at: usize) -> Option<usize> {
        if self.words.is_empty() {
            return None;
        }
        end_from(&self.words, words, at)
    }

    /// Whether the phrase matches `words` starting at `at`.
    pub fn matches_at(&self, words: &[String], at: usize) -> bool {
        self.end_at(words, at).is_some()
    }

    /// The first position where the phrase matches, if any.
    pub fn find(&self, words: &[String]) -> Option<usize> {
        (0..words.len()).find(|&at| self.matches_at(words, at))
    }

    /// Every match, as `(start, end)` word positions.
    pub fn spans<'a>(&'a self, words: &'a [String]) -> impl Iterator<Item = (usize, usize)> + 'a {
        (0..words.len()).filter_map(move |at| Some((at, self.end_at(words, at)?)))
    }
}

/// Matches `pattern` against `words` from `at`; a gap tries every length it may take.
fn end_from(pattern: &[PhraseWord], words: &[String], at: usize) -> Option<usize> {
    gaps_from(pattern, words, at, &mut Vec::new(), false)
}

/// Like [`end_from`], collecting the positions the gaps skipped; `exact`
/// allows no typo.
fn gaps_from(
    pattern: &[PhraseWord],
    words: &[String],
    at: usize,
    skipped: &mut Vec<usize>,
    exact: bool,
) -> Option<usize> {
    match pattern.split_first() {
        None => Some(at),
        Some((PhraseWord::Gap, rest)) => (0..=GAP_MAX_WORDS).find_map(|skip| {
            if at + skip > words.len() {
                return None;
            }
            let mark = skipped.len();
            skipped.extend(at..at + skip);
            let end = gaps_from(rest, words, at + skip, skipped, exact);
            if end.is_none() {
                skipped.truncate(mark);
            }
            end
        }),
        Some((word, rest)) => match words.get(at) {
            Some(w)
                if (if exact {
                    word.is_exactly(w)
                } else {
                    word.matches(w)
                }) =>
            {
                gaps_from(rest, words, at + 1, skipped, exact)
            }
            _ => None,
        },
    }
}

/// The longest of `phrases` matching at `at`: its length in question words,
/// whether it matched without a typo, and the positions its gaps skipped.
/// At equal length an exact match wins ("available" is not "unavailable").
pub fn longest_match(phrases: &[Phrase], words: &[String], at: usize) -> Option<(usize, bool, Vec<usize>)> {
    phrases
        .iter()
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let mut skipped = Vec::new();
            if let Some(end) = gaps_from(&p.words, words, at, &mut skipped, true) {
                return Some((end - at, true, skipped));
            }
            skipped.clear();
            let end = gaps_from(&p.words, words, at, &mut skipped, false)?;
            Some((end - at, false, skipped))
        })
        .max_by_key(|(len, exact, _)| (*len, *exact))
}

/// Compiles phrases written in the content files.
pub struct PhraseCompiler {
    fold: TextAnalyzer,
    /// The lexicon's concepts, which a list names as `@name`.
    concepts: BTreeMap<String, Vec<String>>,
    /// Every whole word compiled so far (see [`PhraseWord::Word::known`]).
    seen: HashSet<String>,
    /// Filled with `seen` by [`PhraseCompiler::seal`].
    known: KnownWords,
}

impl Default for PhraseCompiler {
    fn default() -> Self {
        PhraseCompiler {
            fold: analysis::fold_analyzer(),
            concepts: BTreeMap::new(),
            seen: HashSet::new(),
            known: KnownWords::default(),
        }
    }
}

impl PhraseCompiler {
    /// A compiler that expands `@name` to the phrases of concept `name`.
    pub fn with_concepts(concepts: BTreeMap<String, Vec<String>>) -> PhraseCompiler {
        PhraseCompiler {
            concepts,
            ..PhraseCompiler::default()
        }
    }

    /// Compiles one phrase.
    pub fn phrase(&mut self, text: &str) -> Phrase {
        self.compile(text, true)
    }

    /// Compiles phrases whose words never tolerate a typo.
    pub fn exact_phrases(&mut self, texts: &[String]) -> Vec<Phrase> {
        texts.iter().map(|t| self.compile(t, false)).collect()
    }

    fn compile(&mut self, text: &str, typos: bool) -> Phrase {
        let mut words = Vec::new();
        for (i, part) in text.split('~').enumerate() {
            if i > 0 {
                words.push(PhraseWord::Gap);
            }
            let prefix_last = part.trim_end().ends_with('*');
            let tokens = analysis::tokens(&mut self.fold, part);
            let count = tokens.len();
            words.extend(tokens.into_iter().enumerate().map(|(i, token)| {
                // A `*` right after the word makes it a prefix ("pacote* cumulativo*").
                let starred = part[token.to..].starts_with('*') || (prefix_last && i + 1 == count);
                if starred {
                    PhraseWord::Prefix(token.text)
                } else {
                    // Numbers and versions are exact: 340718 is not KB 304718.
                    let typos = typos && !token.text.chars().any(|c| c.is_ascii_digit());
                    self.seen.insert(token.text.clone());
                    PhraseWord::Word {
                        word: token.text,
                        typos,
                        known: Arc::clone(&self.known),
                    }
                }
            }));
        }
        Phrase { words }
    }

    /// Counts `texts` as words the lexicon spells, without matching them.
    pub fn know<'a>(&mut self, texts: impl IntoIterator<Item = &'a String>) {
        for text in texts {
            let words = self.words(text);
            self.seen.extend(words);
        }
    }

    /// From now on, a question word the lexicon spells matches only itself.
    pub fn seal(&mut self) {
        // Set once per compiler; a second seal keeps the first set.
        let _ = self.known.set(std::mem::take(&mut self.seen));
    }

    /// Compiles a list of phrases; `@name` stands for all of concept
    /// `name`'s phrases (`docdesk check` refuses unknown names).
    pub fn phrases(&mut self, texts: &[String]) -> Vec<Phrase> {
        let expanded: Vec<String> = texts
            .iter()
            .flat_map(|t| match t.strip_prefix('@').and_then(|n| self.concepts.get(n)) {
                Some(phrases) => phrases.clone(),
                None => vec![t.clone()],
            })
            .collect();
        expanded.iter().map(|t| self.phrase(t)).collect()
    }

    /// The normalised words of a question.
    pub fn words(&mut self, text: &str) -> Vec<String> {
        analysis::tokens(&mut self.fold, text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }
}

/// The longest of `phrases` matching at `at`, as its length in question words.
pub fn longest_at(phrases: &[Phrase], words: &[String], at: usize) -> Option<usize> {
    phrases
        .iter()
        .filter_map(|p| p.end_at(words, at))
        .map(|end| end - at)
        .max()
}

/// Every match of any of `phrases`, as `(start, end)` word positions.
pub fn all_spans<'a>(
    phrases: &'a [Phrase],
    words: &'a [String],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    phrases.iter().flat_map(move |p| p.spans(words))
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
        let words = compiler.words("nós no Windows Server 2003 com o SP1 ainda");
        assert_eq!(
            compiler.phrase("2003 ~ sp1").spans(&words).collect::<Vec<_>>(),
            [(4, 8)]
        );
        assert!(compiler.phrase("nos ~ sp1").find(&words).is_none());
        // Long prefixes tolerate a typo; numbers never do.
        let words = compiler.words("mais de um nó pasivo no KB 340718");
        assert!(compiler.phrase("passiv*").find(&words).is_some());
        assert!(compiler.phrase("304718").find(&words).is_none());
        assert!(compiler.phrase("340718").find(&words).is_some());
    }
}
