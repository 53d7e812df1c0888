//! Phrase matching over normalised question words.
//!
//! Questions and phrases are both reduced to lower-case, accent-free words
//! (the search module's folding analyzer), so "Atualização" and "atualizacao"
//! are the same word. A phrase word ending in `*` matches as a prefix; other
//! words match with the typos [`crate::typo`] allows, as in search.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::{Deref, Range};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use tantivy::tokenizer::TextAnalyzer;

use crate::search::analysis;
use crate::typo;

/// Most question words a `~` skips.
const GAP_MAX_WORDS: usize = 3;

/// One word of a phrase.
pub enum PhraseWord {
    /// Matches words starting with this text.
    Prefix {
        /// The text.
        prefix: String,
        /// Whether it is long enough to tolerate a typo (see [`PhraseWord::matches`]).
        tolerant: bool,
        /// Its place in the compiler's vocabulary (see [`Words`]).
        id: u32,
    },
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
        /// Its place in the compiler's vocabulary (see [`Words`]).
        id: u32,
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
    fn id(&self) -> Option<u32> {
        match self {
            PhraseWord::Prefix { id, .. } | PhraseWord::Word { id, .. } => Some(*id),
            PhraseWord::Gap => None,
        }
    }

    /// Whether `word` is this phrase word exactly, without a typo.
    fn is_exactly(&self, word: &str) -> bool {
        match self {
            PhraseWord::Prefix { prefix, .. } => word.starts_with(prefix.as_str()),
            PhraseWord::Gap => true,
            PhraseWord::Word { word: exact, .. } => word == exact,
        }
    }

    /// Whether `word`, which may be `edits` edits off ([`typo::max_edits`]),
    /// is this phrase word.
    fn matches(&self, word: &str, edits: u8) -> bool {
        match self {
            PhraseWord::Prefix { prefix, tolerant, .. } => {
                word.starts_with(prefix.as_str())
                    // A long prefix tolerates one typo too ("pasivo" for "passiv*").
                    || (*tolerant
                        && (prefix.len() - 1..=prefix.len() + 1)
                            .filter_map(|n| word.get(..n))
                            .any(|start| typo::within(start, prefix, 1)))
            }
            PhraseWord::Gap => true,
            PhraseWord::Word {
                word: exact,
                typos,
                known,
                ..
            } => {
                // A word the lexicon spells is another word, not a typo,
                // unless only its ending differs ("todas" for "todos"). The
                // set is asked only about a near miss: asking it first, for
                // every question word against every phrase word, hashed the
                // words thousands of times per question (40% of its time).
                word == exact
                    || (*typos
                        && edits > 0
                        && typo::within(word, exact, edits)
                        && (inflection_stem(word) == inflection_stem(exact)
                            || !known.get().is_some_and(|k| k.contains(word))))
            }
        }
    }
}

/// What is known of a (question word, phrase word) pair; see [`Words`].
const EXACT_KNOWN: u8 = 1;
const EXACT: u8 = 2;
const NEAR_KNOWN: u8 = 4;
const NEAR: u8 = 8;

/// A question's normalised words, remembering which phrase words each one
/// matches. Every phrase list of the lexicon is matched at every position
/// and the same phrase words recur across lists: a typical question asked
/// about 15,600 (position, phrase word) pairs, 7,200 of them distinct, so
/// each distinct pair is now compared once. One byte per pair: the shipped
/// lexicon has about 1,000 distinct phrase words, so a question at the
/// 2,000-character limit holds under half a megabyte.
pub struct Words {
    words: Vec<String>,
    /// How many edits each word may be off by ([`typo::max_edits`]).
    edits: Vec<u8>,
    /// The phrase words the compiler had given an id when these words were made.
    vocabulary: usize,
    /// `vocabulary` cells per position; shared by the views of [`Words::only`],
    /// whose words are the same where they are not blank.
    memo: Rc<[Cell<u8>]>,
}

impl Words {
    /// `words`, for phrases of a vocabulary of `vocabulary` phrase words.
    pub fn new(words: Vec<String>, vocabulary: usize) -> Words {
        let memo = std::iter::repeat_with(Cell::default)
            .take(words.len() * vocabulary)
            .collect();
        Words {
            edits: words.iter().map(|w| typo::max_edits(w)).collect(),
            words,
            vocabulary,
            memo,
        }
    }

    /// The same words with those outside `range` blanked: a blank matches
    /// nothing, so positions (and what callers know of them) stay as they are.
    pub fn only(&self, range: Range<usize>) -> Words {
        Words {
            words: (self.words.iter().enumerate())
                .map(|(i, w)| match range.contains(&i) {
                    true => w.clone(),
                    false => String::new(),
                })
                .collect(),
            // A blank is nobody's typo.
            edits: (self.edits.iter().enumerate())
                .map(|(i, e)| if range.contains(&i) { *e } else { 0 })
                .collect(),
            vocabulary: self.vocabulary,
            memo: Rc::clone(&self.memo),
        }
    }

    /// Whether the word at `at` is `word` (exactly, or allowing a typo).
    fn matches(&self, word: &PhraseWord, at: usize, exact: bool) -> bool {
        let text = &self.words[at];
        let compute = || match exact {
            true => word.is_exactly(text),
            false => word.matches(text, self.edits[at]),
        };
        let cell = word
            .id()
            .filter(|id| (*id as usize) < self.vocabulary && !text.is_empty())
            .and_then(|id| self.memo.get(at * self.vocabulary + id as usize));
        let Some(cell) = cell else {
            return compute();
        };
        let (known, yes) = match exact {
            true => (EXACT_KNOWN, EXACT),
            false => (NEAR_KNOWN, NEAR),
        };
        let state = cell.get();
        if state & known != 0 {
            return state & yes != 0;
        }
        let result = compute();
        cell.set(state | known | if result { yes } else { 0 });
        result
    }
}

impl Deref for Words {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.words
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
    pub fn end_at(&self, words: &Words, at: usize) -> Option<usize> {
        if self.words.is_empty() {
            return None;
        }
        end_from(&self.words, words, at)
    }

    /// Whether the phrase matches `words` starting at `at`.
    pub fn matches_at(&self, words: &Words, at: usize) -> bool {
        self.end_at(words, at).is_some()
    }

    /// The first position where the phrase matches, if any.
    pub fn find(&self, words: &Words) -> Option<usize> {
        (0..words.len()).find(|&at| self.matches_at(words, at))
    }

    /// Every match, as `(start, end)` word positions.
    pub fn spans<'a>(&'a self, words: &'a Words) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.spans_from(words, 0)
    }

    /// Every match starting at `from` or later.
    pub fn spans_from<'a>(
        &'a self,
        words: &'a Words,
        from: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        (from..words.len()).filter_map(move |at| Some((at, self.end_at(words, at)?)))
    }
}

/// Matches `pattern` against `words` from `at`; a gap tries every length it may take.
fn end_from(pattern: &[PhraseWord], words: &Words, at: usize) -> Option<usize> {
    gaps_from(pattern, words, at, &mut Vec::new(), false)
}

/// Like [`end_from`], collecting the positions the gaps skipped; `exact`
/// allows no typo.
fn gaps_from(
    pattern: &[PhraseWord],
    words: &Words,
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
        Some((word, rest)) if at < words.len() && words.matches(word, at, exact) => {
            gaps_from(rest, words, at + 1, skipped, exact)
        }
        Some(_) => None,
    }
}

/// The longest of `phrases` matching at `at`: its length in question words,
/// whether it matched without a typo, and the positions its gaps skipped.
/// At equal length an exact match wins ("available" is not "unavailable").
pub fn longest_match(phrases: &[Phrase], words: &Words, at: usize) -> Option<(usize, bool, Vec<usize>)> {
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
    /// Each distinct phrase word's id: (text, is a prefix, tolerates typos).
    ids: HashMap<(String, bool, bool), u32>,
}

impl Default for PhraseCompiler {
    fn default() -> Self {
        PhraseCompiler {
            fold: analysis::fold_analyzer(),
            concepts: BTreeMap::new(),
            seen: HashSet::new(),
            known: KnownWords::default(),
            ids: HashMap::new(),
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
                    let id = self.id(&token.text, true, false);
                    PhraseWord::Prefix {
                        tolerant: typo::max_edits(&token.text) > 0,
                        prefix: token.text,
                        id,
                    }
                } else {
                    // Numbers and versions are exact: 340718 is not KB 304718.
                    let typos = typos && !token.text.chars().any(|c| c.is_ascii_digit());
                    self.seen.insert(token.text.clone());
                    let id = self.id(&token.text, false, typos);
                    PhraseWord::Word {
                        word: token.text,
                        typos,
                        known: Arc::clone(&self.known),
                        id,
                    }
                }
            }));
        }
        Phrase { words }
    }

    fn id(&mut self, text: &str, prefix: bool, typos: bool) -> u32 {
        let next = u32::try_from(self.ids.len()).expect("fewer than 2^32 phrase words");
        *self.ids.entry((text.to_owned(), prefix, typos)).or_insert(next)
    }

    /// How many distinct phrase words were compiled so far.
    pub fn vocabulary(&self) -> usize {
        self.ids.len()
    }

    /// Counts `texts` as words the lexicon spells, without matching them.
    pub fn know<'a>(&mut self, texts: impl IntoIterator<Item = &'a String>) {
        for text in texts {
            let words = self.tokens(text);
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
    pub fn words(&mut self, text: &str) -> Words {
        Words::new(self.tokens(text), self.vocabulary())
    }

    fn tokens(&mut self, text: &str) -> Vec<String> {
        analysis::tokens(&mut self.fold, text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }
}

/// The longest of `phrases` matching at `at`, as its length in question words.
pub fn longest_at(phrases: &[Phrase], words: &Words, at: usize) -> Option<usize> {
    phrases
        .iter()
        .filter_map(|p| p.end_at(words, at))
        .map(|end| end - at)
        .max()
}

/// Every match of any of `phrases`, as `(start, end)` word positions.
pub fn all_spans<'a>(phrases: &'a [Phrase], words: &'a Words) -> impl Iterator<Item = (usize, usize)> + 'a {
    phrases.iter().flat_map(move |p| p.spans(words))
}

/// Whether any of `phrases` matches anywhere.
pub fn any_match(phrases: &[Phrase], words: &Words) -> bool {
    phrases.iter().any(|p| p.find(words).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_matches_are_the_matches() {
        let mut compiler = PhraseCompiler::default();
        let texts = [
            "passiv*",
            "no ativo",
            "servidor",
            "nao ~ passivo",
            "ativo",
            "o no",
        ]
        .map(String::from);
        let phrases = compiler.phrases(&texts);
        compiler.seal();
        let words = compiler.words("não, o nó pasivo servidro ativo; o nó ativo");
        // Without a vocabulary nothing is remembered: every pair is computed.
        let unremembered = |w: &Words| Words::new(w.to_vec(), 0);
        let view = words.only(4..words.len());
        for phrase in &phrases {
            let fresh: Vec<_> = phrase.spans(&unremembered(&words)).collect();
            assert!(!fresh.is_empty());
            assert_eq!(phrase.spans(&words).collect::<Vec<_>>(), fresh);
            assert_eq!(phrase.spans(&words).collect::<Vec<_>>(), fresh, "asked again");
            let in_view: Vec<_> = phrase.spans(&unremembered(&view)).collect();
            assert_eq!(phrase.spans(&view).collect::<Vec<_>>(), in_view);
        }
        for at in 0..words.len() {
            let fresh = longest_match(&phrases, &unremembered(&words), at);
            assert_eq!(longest_match(&phrases, &words, at), fresh);
        }
    }

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
