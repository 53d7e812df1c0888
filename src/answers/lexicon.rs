//! Phrase matching over normalised question words.
//!
//! Questions and phrases are both reduced to lower-case, accent-free words
//! (the search module's folding analyzer), so "Atualização" and "atualizacao"
//! are the same word. A phrase word ending in `*` matches as a prefix; other
//! words match with the typos [`crate::typo`] allows, as in search.
//!
//! Reading a question matches a few hundred phrase lists at every word
//! position. A question's words are compared with the lexicon's distinct
//! phrase words once, when the question is split ([`Words::new`], through
//! the [`Vocabulary`]'s lookups), and each [`PhraseList`] tries at a position
//! only the phrases whose first word the question word there matches.

use std::borrow::Cow;
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
        /// Every word the lexicon spells: one of them is never a typo of the
        /// prefix ("gerente" is not "gerenc*").
        known: KnownWords,
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

/// Whether `word` starts with a typo of `prefix` (one edit; "pasivo" for "passiv*").
fn prefix_typo(word: &str, prefix: &str) -> bool {
    (prefix.len() - 1..=prefix.len() + 1)
        .filter_map(|n| word.get(..n))
        .any(|start| typo::within(start, prefix, 1))
}

/// Whether `word`, `edits` edits off at most, is a typo of `exact`: a word
/// the lexicon spells (`known`) is another word, not a typo, unless only
/// its ending differs ("todas" for "todos").
fn word_typo(word: &str, exact: &str, edits: u8, known: bool) -> bool {
    typo::within(word, exact, edits) && (!known || inflection_stem(word) == inflection_stem(exact))
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
            PhraseWord::Prefix {
                prefix,
                tolerant,
                known,
                ..
            } => {
                // A long prefix tolerates one typo too.
                word.starts_with(prefix.as_str())
                    || (*tolerant
                        && !known.get().is_some_and(|k| k.contains(word))
                        && prefix_typo(word, prefix))
            }
            PhraseWord::Gap => true,
            PhraseWord::Word {
                word: exact,
                typos,
                known,
                ..
            } => {
                word == exact
                    || (*typos
                        && edits > 0
                        && word_typo(word, exact, edits, known.get().is_some_and(|k| k.contains(word))))
            }
        }
    }
}

/// The distinct phrase words a compiler made, indexed by what question
/// words they can match, so that a question word is compared only with
/// those it may match: whole words and prefixes by hash lookup, typos of
/// whole words among those of a close length (or, for a word the lexicon
/// spells, of the same inflection stem), typos of prefixes by a scan of the
/// few long ones.
#[derive(Default)]
pub struct Vocabulary {
    /// How many phrase words (ids `0..size`).
    size: usize,
    /// Whole words by their text: with and without typos allowed.
    words: HashMap<String, Vec<u32>>,
    /// Prefixes by their text.
    prefixes: HashMap<String, u32>,
    /// The longest prefix, in bytes.
    longest_prefix: usize,
    /// Prefixes long enough to tolerate a typo.
    tolerant: Vec<(String, u32)>,
    /// Whole words tolerating typos, by their length in characters, with
    /// the characters they are made of ([`typo::letters`])…
    by_length: Vec<Vec<(String, u32, u64)>>,
    /// …and by their inflection stem.
    by_stem: HashMap<String, Vec<(String, u32, u64)>>,
    known: KnownWords,
}

impl Vocabulary {
    /// Whether the lexicon spells `word` whole (no prefix of it).
    pub fn spells_whole(&self, word: &str) -> bool {
        self.known.get().is_some_and(|k| k.contains(word)) || self.words.contains_key(word)
    }

    /// Whether the lexicon spells `word`, or one of its prefixes of four
    /// letters or more starts it (a short one, as in "depende d*", says
    /// nothing of the word).
    pub fn spells(&self, word: &str) -> bool {
        self.known.get().is_some_and(|k| k.contains(word))
            || (4..=word.len().min(self.longest_prefix))
                .filter(|end| word.is_char_boundary(*end))
                .any(|end| self.prefixes.contains_key(&word[..end]))
    }

    fn new(ids: &HashMap<(String, bool, bool), u32>, known: &KnownWords) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            size: ids.len(),
            known: Arc::clone(known),
            ..Vocabulary::default()
        };
        // In id order, so that every list below is too.
        let mut entries: Vec<_> = ids.iter().collect();
        entries.sort_by_key(|(_, id)| **id);
        for ((text, prefix, typos), &id) in entries {
            if *prefix {
                vocabulary.prefixes.insert(text.clone(), id);
                vocabulary.longest_prefix = vocabulary.longest_prefix.max(text.len());
                if typo::max_edits(text) > 0 {
                    vocabulary.tolerant.push((text.clone(), id));
                }
                continue;
            }
            vocabulary.words.entry(text.clone()).or_default().push(id);
            if *typos {
                let length = text.chars().count();
                if vocabulary.by_length.len() <= length {
                    vocabulary.by_length.resize_with(length + 1, Vec::new);
                }
                vocabulary.by_length[length].push((text.clone(), id, typo::letters(text)));
                (vocabulary.by_stem.entry(inflection_stem(text).to_owned()))
                    .or_default()
                    .push((text.clone(), id, typo::letters(text)));
            }
        }
        vocabulary
    }

    /// Sets in `near` the bits of the phrase words `word` matches
    /// ([`PhraseWord::matches`] with `edits`), and in `exact` those it
    /// matches without a typo ([`PhraseWord::is_exactly`]).
    fn mark(&self, word: &str, edits: u8, near: &mut [u64], exact: &mut [u64]) {
        let mut both = |id: u32| {
            set_bit(near, id);
            set_bit(exact, id);
        };
        for id in self.words.get(word).into_iter().flatten() {
            both(*id);
        }
        // A prefix a word starts with ends at one of its character boundaries.
        for end in (1..=word.len().min(self.longest_prefix)).filter(|end| word.is_char_boundary(*end)) {
            if let Some(id) = self.prefixes.get(&word[..end]) {
                both(*id);
            }
        }
        // A word the lexicon spells means itself, not a typo of a prefix.
        let known = self.known.get().is_some_and(|k| k.contains(word));
        for (prefix, id) in &self.tolerant {
            if !known && !bit(near, *id) && prefix.len() <= word.len() + 1 && prefix_typo(word, prefix) {
                set_bit(near, *id);
            }
        }
        if edits == 0 {
            return;
        }
        // A candidate whose characters differ by more than the edits allow
        // is rejected before it is measured (the longest benchmark question
        // spent a third of its time measuring).
        let letters = typo::letters(word);
        let mut try_typos = |candidates: &[(String, u32, u64)]| {
            for (exact, id, made_of) in candidates {
                if typo::letters_within(letters, *made_of, edits) && word_typo(word, exact, edits, known) {
                    set_bit(near, *id);
                }
            }
        };
        if known {
            // Only a word of the same stem can be its typo.
            try_typos(self.by_stem.get(inflection_stem(word)).map_or(&[], Vec::as_slice));
        } else {
            // An edit changes the length by at most one character (a byte
            // for one edit, which never changes the count of characters by more).
            let length = word.chars().count();
            let lengths = length.saturating_sub(usize::from(edits))..=length + usize::from(edits);
            for candidates in lengths.filter_map(|n| self.by_length.get(n)) {
                try_typos(candidates);
            }
        }
    }
}

fn bit(bits: &[u64], id: u32) -> bool {
    bits[id as usize / 64] & (1 << (id % 64)) != 0
}

fn set_bit(bits: &mut [u64], id: u32) {
    bits[id as usize / 64] |= 1 << (id % 64);
}

/// Which phrase words each word of a question matches: one bit per
/// (position, phrase word), with and without typos.
struct Matched {
    /// The phrase words the vocabulary had when the words were made.
    vocabulary: usize,
    /// `u64`s per position.
    stride: usize,
    near: Vec<u64>,
    exact: Vec<u64>,
    /// The ids of `near`, ascending, position by position (`starts[at]..starts[at + 1]`).
    ids: Vec<u32>,
    starts: Vec<usize>,
}

/// A question's normalised words, knowing which phrase words each one
/// matches (see [`Vocabulary`]). A question at the 2,000-character limit
/// holds two bits per (word, phrase word): with the shipped lexicon's
/// 1,000-odd phrase words, under 100 KB.
pub struct Words {
    words: Vec<String>,
    /// How many edits each word may be off by ([`typo::max_edits`]).
    edits: Vec<u8>,
    /// Shared by the views of [`Words::only`], whose words are the same
    /// where they are not blank; without it, every pair is compared when asked.
    matched: Option<Rc<Matched>>,
    /// The phrase words some non-blank word matches.
    present: Vec<u64>,
    /// Where a new sentence starts (word positions, ascending): no phrase
    /// reads across one.
    sentence_starts: Rc<[usize]>,
    /// Words that join two clauses ("and", "but"): no gap skips one.
    joins: Rc<[usize]>,
    /// Spans no gap covers: from the end of a system's name to a version
    /// of another product named between them (see [`Words::with_other_products`]).
    other_products: Rc<[(usize, usize)]>,
    /// Where a clause starts after a comma, semicolon or colon (ascending).
    clause_starts: Rc<[usize]>,
    /// Where each sentence that asks starts (ascending).
    asking_starts: Rc<[usize]>,
    /// Where the last sentence that asks ends: what follows is context.
    asked_by: Option<usize>,
}

impl Words {
    /// `words`, for phrases of `vocabulary`.
    pub fn new(words: Vec<String>, vocabulary: &Vocabulary) -> Words {
        let edits: Vec<u8> = words.iter().map(|w| typo::max_edits(w)).collect();
        let stride = vocabulary.size.div_ceil(64);
        let mut matched = Matched {
            vocabulary: vocabulary.size,
            stride,
            near: vec![0; words.len() * stride],
            exact: vec![0; words.len() * stride],
            ids: Vec::new(),
            starts: vec![0],
        };
        let mut present = vec![0; stride];
        for (at, word) in words.iter().enumerate() {
            let row = at * stride..(at + 1) * stride;
            if !word.is_empty() {
                vocabulary.mark(
                    word,
                    edits[at],
                    &mut matched.near[row.clone()],
                    &mut matched.exact[row.clone()],
                );
            }
            for (i, bits) in matched.near[row].iter().enumerate() {
                present[i] |= bits;
                let mut bits = *bits;
                while bits != 0 {
                    matched.ids.push((i * 64) as u32 + bits.trailing_zeros());
                    bits &= bits - 1;
                }
            }
            matched.starts.push(matched.ids.len());
        }
        Words {
            words,
            edits,
            matched: Some(Rc::new(matched)),
            present,
            sentence_starts: Rc::from([]),
            joins: Rc::from([]),
            other_products: Rc::from([]),
            clause_starts: Rc::from([]),
            asking_starts: Rc::from([]),
            asked_by: None,
        }
    }

    /// The same words, split into sentences starting at `starts` (word
    /// positions): a phrase, gaps included, stays inside one sentence.
    pub fn with_sentence_starts(mut self, starts: &[usize]) -> Words {
        self.sentence_starts = Rc::from(starts);
        self
    }

    /// The same words, with the clause joins at `joins` (word positions,
    /// ascending): a gap in a phrase skips none ("first and do the passive
    /// node afterwards" is no "first ~ passive").
    pub fn with_joins(mut self, joins: &[usize]) -> Words {
        self.joins = Rc::from(joins);
        self
    }

    /// The same words, with `spans` (from, to) that run from the end of a
    /// system's name to a version of another product named between them: a
    /// gap in a phrase never covers one, so "Win 2003 + Exchange 2007 SP1"
    /// is no "2003 ~ sp1" (though "straight to Exchange 2007 SP2" is still
    /// "straight ~ sp2").
    pub fn with_other_products(mut self, spans: &[(usize, usize)]) -> Words {
        self.other_products = Rc::from(spans);
        self
    }

    /// The same words, with clauses starting at `starts` (word positions,
    /// ascending): a negation says nothing of a clause after its own
    /// ("Setup.exe is not supported, Setup.com is").
    pub fn with_clause_starts(mut self, starts: &[usize]) -> Words {
        self.clause_starts = Rc::from(starts);
        self
    }

    /// The same words, with the sentences that ask at `asking` (word
    /// ranges, ascending): a negation in a question's opening words only
    /// shapes it ("…? Não dá pra rodar direto no ativo?"), and what follows
    /// the last is context ("…Ta certo isso? CCR, Exchange 2007 RTM.").
    pub fn with_asking(mut self, asking: &[(usize, usize)]) -> Words {
        self.asking_starts = asking.iter().map(|(start, _)| *start).collect();
        self.asked_by = asking.last().map(|(_, end)| *end);
        self
    }

    /// Where the last sentence that asks ends (the end when none is known).
    pub fn asked_by(&self) -> usize {
        self.asked_by.unwrap_or(self.words.len()).min(self.words.len())
    }

    /// Whether the word at `at` is one of the first `within` words of a
    /// sentence that asks.
    pub fn opens_asking(&self, at: usize, within: usize) -> bool {
        let next = self.asking_starts.partition_point(|s| *s <= at);
        next > 0 && at < self.asking_starts[next - 1] + within
    }

    /// Whether a clause starts between the words at `from` and `to`
    /// (`from < to`): at `from + 1` or later, up to `to`.
    pub fn clause_break_between(&self, from: usize, to: usize) -> bool {
        let next = self.clause_starts.partition_point(|s| *s <= from);
        self.clause_starts.get(next).is_some_and(|s| *s <= to)
    }

    /// The clause the word at `at` stands in, as word positions: from the
    /// clause or sentence start at or before it to the next one.
    pub fn clause_around(&self, at: usize) -> Range<usize> {
        self.part_around(at, self.clause_starts.iter().chain(self.sentence_starts.iter()))
    }

    /// The sentence the word at `at` stands in, as word positions.
    pub fn sentence_around(&self, at: usize) -> Range<usize> {
        self.part_around(at, self.sentence_starts.iter())
    }

    fn part_around<'a>(&self, at: usize, starts: impl Iterator<Item = &'a usize> + Clone) -> Range<usize> {
        let start = starts.clone().filter(|s| **s <= at).max().map_or(0, |s| *s);
        let end = starts.filter(|s| **s > at).min().map_or(self.words.len(), |s| *s);
        start..end
    }

    /// Whether a gap of `skip` words from `at` crosses into another clause:
    /// "servermanagercmd ~ cluster" reads nothing of "ServerManagerCmd não
    /// serve, RSAT cluster…". A gap may skip a whole aside between two
    /// commas ("um nó passivo, no Exchange 2007, é o nó…"); one that skips
    /// nothing crosses no clause ("Windows Server 2003, SP1").
    fn comma_within(&self, at: usize, skip: usize) -> bool {
        let from = self.clause_starts.partition_point(|c| *c < at);
        let to = self.clause_starts.partition_point(|c| *c <= at + skip);
        skip > 0 && (to - from) % 2 == 1
    }

    /// Whether a clause join stands in `range`.
    fn joins_within(&self, range: Range<usize>) -> bool {
        let next = self.joins.partition_point(|j| *j < range.start);
        self.joins.get(next).is_some_and(|j| *j < range.end)
    }

    /// Whether a sentence starts between the words at `from` and `to`
    /// (`from < to`): at `from + 1` or later, up to `to`.
    pub fn sentence_break_between(&self, from: usize, to: usize) -> bool {
        let next = self.sentence_starts.partition_point(|s| *s <= from);
        self.sentence_starts.get(next).is_some_and(|s| *s <= to)
    }

    /// `words` without the vocabulary's index: every comparison is made when asked.
    #[cfg(test)]
    fn unindexed(words: Vec<String>) -> Words {
        Words {
            edits: words.iter().map(|w| typo::max_edits(w)).collect(),
            words,
            matched: None,
            present: Vec::new(),
            sentence_starts: Rc::from([]),
            joins: Rc::from([]),
            other_products: Rc::from([]),
            clause_starts: Rc::from([]),
            asking_starts: Rc::from([]),
            asked_by: None,
        }
    }

    /// The same words with those outside `range` blanked: a blank matches
    /// nothing, so positions (and what callers know of them) stay as they are.
    pub fn only(&self, range: Range<usize>) -> Words {
        self.keeping(|i| range.contains(&i))
    }

    /// The same words with those `keep` refuses blanked, like [`Words::only`].
    pub fn keeping(&self, keep: impl Fn(usize) -> bool) -> Words {
        let words: Vec<String> = (self.words.iter().enumerate())
            .map(|(i, w)| match keep(i) {
                true => w.clone(),
                false => String::new(),
            })
            .collect();
        let mut present = vec![0; self.present.len()];
        if let Some(matched) = &self.matched {
            for at in (0..words.len()).filter(|at| !words[*at].is_empty()) {
                let row = &matched.near[at * matched.stride..(at + 1) * matched.stride];
                present.iter_mut().zip(row).for_each(|(p, bits)| *p |= bits);
            }
        }
        Words {
            words,
            // A blank is nobody's typo.
            edits: (self.edits.iter().enumerate())
                .map(|(i, e)| if keep(i) { *e } else { 0 })
                .collect(),
            matched: self.matched.clone(),
            present,
            sentence_starts: self.sentence_starts.clone(),
            clause_starts: self.clause_starts.clone(),
            asking_starts: self.asking_starts.clone(),
            asked_by: self.asked_by,
            joins: self.joins.clone(),
            other_products: self.other_products.clone(),
        }
    }

    /// The index, if `bound` phrase-word ids are all in it.
    fn index(&self, bound: usize) -> Option<&Matched> {
        self.matched.as_deref().filter(|m| bound <= m.vocabulary)
    }

    /// The ids of the phrase words the word at `at` matches (none past the end or for a blank).
    fn near_ids<'a>(&self, matched: &'a Matched, at: usize) -> &'a [u32] {
        match self.words.get(at) {
            Some(word) if !word.is_empty() => &matched.ids[matched.starts[at]..matched.starts[at + 1]],
            _ => &[],
        }
    }

    /// Whether the word at `at` is `word` (exactly, or allowing a typo).
    fn matches(&self, word: &PhraseWord, at: usize, exact: bool) -> bool {
        let text = &self.words[at];
        if let (Some(id), false) = (word.id(), text.is_empty())
            && let Some(matched) = self.index(id as usize + 1)
        {
            let bits = match exact {
                true => &matched.exact,
                false => &matched.near,
            };
            return bit(&bits[at * matched.stride..(at + 1) * matched.stride], id);
        }
        match exact {
            true => word.is_exactly(text),
            false => word.matches(text, self.edits[at]),
        }
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

/// A list of phrases (one entry of the content's lexicon or facts), indexed
/// by the phrase word each starts with.
pub struct PhraseList {
    phrases: Vec<Phrase>,
    /// Each first phrase word's id, ascending, with the phrases starting
    /// with it (their places in `phrases`, ascending).
    firsts: Vec<(u32, Vec<u32>)>,
    /// The phrases starting with a gap, which may match anywhere.
    anywhere: Vec<u32>,
    /// One more than the highest id in `firsts`.
    bound: usize,
}

impl PhraseList {
    fn new(phrases: Vec<Phrase>) -> PhraseList {
        let mut firsts: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        let mut anywhere = Vec::new();
        for (i, phrase) in phrases.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 2^32 phrases");
            match phrase.words.first().map(PhraseWord::id) {
                None => {}
                Some(None) => anywhere.push(i),
                Some(Some(id)) => firsts.entry(id).or_default().push(i),
            }
        }
        PhraseList {
            bound: firsts.keys().next_back().map_or(0, |id| *id as usize + 1),
            firsts: firsts.into_iter().collect(),
            anywhere,
            phrases,
        }
    }

    /// Whether some phrase may match somewhere in `words`.
    fn may_match(&self, words: &Words) -> bool {
        if !self.anywhere.is_empty() {
            return true;
        }
        match words.index(self.bound) {
            Some(_) => self.firsts.iter().any(|(id, _)| bit(&words.present, *id)),
            None => !self.phrases.is_empty(),
        }
    }

    /// The phrases that may match at `at` (their places, ascending): those
    /// whose first word the word there matches, and those opening with a gap.
    fn starting_at(&self, words: &Words, at: usize) -> Cow<'_, [u32]> {
        let Some(matched) = words.index(self.bound) else {
            return (0..self.phrases.len() as u32)
                .filter(|i| !self.phrases[*i as usize].is_empty())
                .collect();
        };
        let near = words.near_ids(matched, at);
        let mut single: Option<&[u32]> = (!self.anywhere.is_empty()).then_some(&self.anywhere);
        let mut merged: Option<Vec<u32>> = None;
        let groups: Box<dyn Iterator<Item = &Vec<u32>>> = if near.is_empty() {
            Box::new(std::iter::empty())
        } else if self.firsts.len() <= near.len() {
            let row = &matched.near[at * matched.stride..(at + 1) * matched.stride];
            Box::new(
                (self.firsts.iter())
                    .filter(move |(id, _)| bit(row, *id))
                    .map(|(_, group)| group),
            )
        } else {
            Box::new(near.iter().filter_map(|id| {
                let found = self.firsts.binary_search_by_key(id, |(first, _)| *first).ok()?;
                Some(&self.firsts[found].1)
            }))
        };
        for group in groups {
            match (&mut merged, single) {
                (Some(all), _) => all.extend(group),
                (None, None) => single = Some(group),
                (None, Some(first)) => merged = Some([first, group].concat()),
            }
        }
        match merged {
            Some(mut all) => {
                all.sort_unstable();
                Cow::Owned(all)
            }
            None => Cow::Borrowed(single.unwrap_or(&[])),
        }
    }
}

impl Deref for PhraseList {
    type Target = [Phrase];

    fn deref(&self) -> &[Phrase] {
        &self.phrases
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
    words_from(pattern, words, at, at, skipped, exact)
}

/// [`gaps_from`] for the rest of a phrase that started at `start`: each
/// word it reads stays in `start`'s sentence.
fn words_from(
    pattern: &[PhraseWord],
    words: &Words,
    start: usize,
    at: usize,
    skipped: &mut Vec<usize>,
    exact: bool,
) -> Option<usize> {
    match pattern.split_first() {
        None => Some(at),
        Some((PhraseWord::Gap, rest)) => (0..=GAP_MAX_WORDS).find_map(|skip| {
            if at + skip > words.len()
                || words.joins_within(at..at + skip)
                || words.comma_within(at, skip)
                || words.other_products.contains(&(at, at + skip))
            {
                return None;
            }
            let mark = skipped.len();
            skipped.extend(at..at + skip);
            let end = words_from(rest, words, start, at + skip, skipped, exact);
            if end.is_none() {
                skipped.truncate(mark);
            }
            end
        }),
        Some((word, rest))
            if at < words.len()
                && (at == start || !words.sentence_break_between(start, at))
                && words.matches(word, at, exact) =>
        {
            words_from(rest, words, start, at + 1, skipped, exact)
        }
        Some(_) => None,
    }
}

/// The longest of `phrases` matching at `at`: its length in question words,
/// whether it matched without a typo, and the positions its gaps skipped.
/// At equal length an exact match wins ("available" is not "unavailable").
pub fn longest_match(phrases: &PhraseList, words: &Words, at: usize) -> Option<(usize, bool, Vec<usize>)> {
    (phrases.starting_at(words, at).iter())
        .filter_map(|i| {
            let p = &phrases.phrases[*i as usize];
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
    pub fn exact_phrases(&mut self, texts: &[String]) -> PhraseList {
        PhraseList::new(texts.iter().map(|t| self.compile(t, false)).collect())
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
                        known: Arc::clone(&self.known),
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

    /// The distinct phrase words compiled so far, indexed for matching;
    /// made after [`PhraseCompiler::seal`], it knows the lexicon's words.
    pub fn vocabulary(&self) -> Vocabulary {
        Vocabulary::new(&self.ids, &self.known)
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
    pub fn phrases(&mut self, texts: &[String]) -> PhraseList {
        let expanded: Vec<String> = texts
            .iter()
            .flat_map(|t| match t.strip_prefix('@').and_then(|n| self.concepts.get(n)) {
                Some(phrases) => phrases.clone(),
                None => vec![t.clone()],
            })
            .collect();
        PhraseList::new(expanded.iter().map(|t| self.phrase(t)).collect())
    }

    /// The normalised words of a question.
    pub fn words(&mut self, text: &str) -> Words {
        Words::new(self.tokens(text), &self.vocabulary())
    }

    fn tokens(&mut self, text: &str) -> Vec<String> {
        analysis::tokens(&mut self.fold, text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }
}

/// The longest of `phrases` matching at `at`, as its length in question words.
pub fn longest_at(phrases: &PhraseList, words: &Words, at: usize) -> Option<usize> {
    (phrases.starting_at(words, at).iter())
        .filter_map(|i| phrases.phrases[*i as usize].end_at(words, at))
        .map(|end| end - at)
        .max()
}

/// Every match of any of `phrases`, as `(start, end)` word positions:
/// phrase by phrase, each left to right.
pub fn all_spans(phrases: &PhraseList, words: &Words) -> impl Iterator<Item = (usize, usize)> + use<> {
    let mut found: Vec<(u32, usize, usize)> = spans_from(phrases, words, 0).collect();
    // Stable: each phrase's matches stay left to right.
    found.sort_by_key(|(i, _, _)| *i);
    found.into_iter().map(|(_, start, end)| (start, end))
}

/// Every match of any of `phrases` starting at `from` or later, position
/// by position, as `(phrase, start, end)`.
fn spans_from<'a>(
    phrases: &'a PhraseList,
    words: &'a Words,
    from: usize,
) -> impl Iterator<Item = (u32, usize, usize)> + 'a {
    let possible = phrases.may_match(words);
    (from..words.len()).filter(move |_| possible).flat_map(move |at| {
        let starting = phrases.starting_at(words, at);
        (0..starting.len()).filter_map(move |k| {
            let i = starting[k];
            Some((i, at, phrases.phrases[i as usize].end_at(words, at)?))
        })
    })
}

/// Every match of any of `phrases` starting at `from` or later, as
/// `(start, end)` word positions, leftmost first.
pub fn spans_after<'a>(
    phrases: &'a PhraseList,
    words: &'a Words,
    from: usize,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    spans_from(phrases, words, from).map(|(_, start, end)| (start, end))
}

/// Whether any of `phrases` matches anywhere.
pub fn any_match(phrases: &PhraseList, words: &Words) -> bool {
    spans_from(phrases, words, 0).next().is_some()
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
        // Without the index every pair is compared when asked.
        let unremembered = |w: &Words| Words::unindexed(w.to_vec());
        let view = words.only(4..words.len());
        for phrase in phrases.iter() {
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

    #[test]
    fn a_gap_skips_an_aside_but_never_into_another_clause() {
        let mut compiler = PhraseCompiler::default();
        let phrase = compiler.phrase("servermanagercmd ~ cluster");
        // "servermanagercmd não serve, rsat cluster": a comma before "rsat".
        let words = compiler.words("servermanagercmd não serve rsat cluster");
        assert!(phrase.find(&words).is_some());
        let words = compiler.words("servermanagercmd não serve rsat cluster");
        assert!(phrase.find(&words.with_clause_starts(&[3])).is_none());
        // "servermanagercmd, no XP, cluster": the aside is skipped whole.
        let words = compiler.words("servermanagercmd no xp cluster");
        assert!(phrase.find(&words.with_clause_starts(&[1, 3])).is_some());
        // A gap that skips nothing crosses no clause: "Windows Server 2003,
        // SP1" is 2003 SP1.
        let phrase = compiler.phrase("2003 ~ sp1");
        let words = compiler.words("windows server 2003 sp1");
        assert!(phrase.find(&words.with_clause_starts(&[3])).is_some());
        let words = compiler.words("a b c d e f");
        let words = words.with_clause_starts(&[2, 4]).with_sentence_starts(&[5]);
        assert_eq!(words.clause_around(0), 0..2);
        assert_eq!(words.clause_around(3), 2..4);
        assert_eq!(words.clause_around(4), 4..5);
        assert_eq!(words.sentence_around(3), 0..5);
        assert_eq!(words.sentence_around(5), 5..6);
    }

    #[test]
    fn the_index_finds_what_comparing_every_pair_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = crate::content::Content::load(&root.join("content")).expect("content loads");
        let kb = &content.answers;
        let mut compiler = PhraseCompiler::with_concepts(kb.lexicon.concepts.clone());
        let mut lists: Vec<PhraseList> = Vec::new();
        for phrases in kb.lexicon.concepts.values().chain(kb.lexicon.values.values()) {
            lists.push(compiler.phrases(phrases));
            lists.push(compiler.exact_phrases(phrases));
        }
        for fact in &kb.facts.facts {
            lists.extend(fact.about.iter().map(|group| compiler.phrases(group)));
            for check in &fact.checks {
                for phrases in [&check.when, &check.agree, &check.contradict, &check.conditional] {
                    lists.push(compiler.phrases(phrases));
                }
            }
        }
        // Gaps first, a gap alone, several phrases sharing a first word.
        lists.push(
            compiler.phrases(&["~ cluster*", "~", "nao ~ passivo", "no ativo", "no"].map(String::from)),
        );
        compiler.seal();
        let vocabulary = compiler.vocabulary();
        // The shipped questions, and each with a typo in every long word:
        // a letter dropped, two letters swapped.
        let mut questions = Vec::new();
        for file in ["answers.jsonl", "answers-reading.jsonl"] {
            let text = std::fs::read_to_string(root.join("tests/eval").join(file)).expect("cases");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let case: serde_json::Value = serde_json::from_str(line).expect("a case");
                // Structured compatibility cases carry no question text.
                if let Some(question) = case["q"].as_str() {
                    questions.push(question.to_owned());
                }
            }
        }
        let typo = |question: &str, swap: bool| -> String {
            (question.split(' '))
                .map(|w| match (w.len() > 4 && w.is_ascii(), swap) {
                    (false, _) => w.to_owned(),
                    (true, false) => format!("{}{}", &w[..2], &w[3..]),
                    (true, true) => format!("{}{}{}{}", &w[..1], &w[2..3], &w[1..2], &w[3..]),
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let variants: Vec<String> = (questions.iter())
            .flat_map(|q| [q.clone(), typo(q, false), typo(q, true)])
            .collect();
        let mut matched = 0;
        for question in &variants {
            let tokens = compiler.tokens(question);
            let indexed = Words::new(tokens.clone(), &vocabulary);
            let plain = Words::unindexed(tokens);
            let half = indexed.len() / 2;
            for (indexed, plain) in [
                (indexed.only(0..indexed.len()), Words::unindexed(plain.to_vec())),
                (
                    indexed.only(half..indexed.len()),
                    Words::unindexed(plain.only(half..plain.len()).to_vec()),
                ),
            ] {
                for list in &lists {
                    let spans: Vec<_> = all_spans(list, &indexed).collect();
                    assert_eq!(spans, all_spans(list, &plain).collect::<Vec<_>>(), "{question}");
                    matched += spans.len();
                    assert_eq!(any_match(list, &indexed), any_match(list, &plain));
                    for at in 0..=indexed.len() {
                        assert_eq!(longest_at(list, &indexed, at), longest_at(list, &plain, at));
                        assert_eq!(longest_match(list, &indexed, at), longest_match(list, &plain, at));
                        assert_eq!(
                            spans_after(list, &indexed, at).collect::<Vec<_>>(),
                            spans_after(list, &plain, at).collect::<Vec<_>>()
                        );
                    }
                }
            }
        }
        assert!(matched > 1000, "the lists match the questions ({matched} spans)");
    }
}
