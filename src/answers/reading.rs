//! Reading a question: its language, its shape (yes/no, which, how), the
//! dimension values it mentions and which side each belongs to, and the
//! procedure claims it matches.

use std::collections::BTreeMap;

use super::lexicon::{Phrase, PhraseCompiler, any_match, longest_at};
use super::model::{KnowledgeBase, LexiconFile};
use crate::lang::Lang;

/// How far (in words) an anchor may be from the mention it ties to a side.
const ANCHOR_WINDOW: usize = 8;

/// The shape of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Answerable with yes or no.
    YesNo,
    /// "Which…": answered with options; the dimension asked for, if recognised.
    Which(Option<usize>),
    /// "How…" / "what command…": answered with the sentence or command.
    How,
}

/// Which side of the question a mention belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Tools,
    Server,
}

/// A word tying mentions to a side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    side: Side,
    /// Leads only introduce what follows them; nouns also tie what precedes them.
    lead: bool,
}

/// An anchor found in the question.
#[derive(Debug, Clone, Copy)]
struct FoundAnchor {
    start: usize,
    end: usize,
    anchor: Anchor,
}

/// A value name found in the question.
#[derive(Debug, Clone)]
struct Mention {
    value: String,
    start: usize,
    end: usize,
}

/// The lexicon, compiled for matching.
pub struct CompiledLexicon {
    language: Vec<(Lang, Vec<String>)>,
    values: Vec<(String, Vec<Phrase>)>,
    anchor_kinds: Vec<(Anchor, Vec<Phrase>)>,
    how: Vec<Phrase>,
    which: Vec<Phrase>,
    ask: Vec<(usize, Vec<Phrase>)>,
    management: Vec<Phrase>,
    tools: Vec<Phrase>,
    outside: Vec<Phrase>,
    /// Compiled claims: (fact index, claim index, groups).
    claims: Vec<(usize, usize, Vec<Vec<Phrase>>)>,
    /// Dimension ids in API order, and each value's dimensions.
    dimension_ids: Vec<String>,
    value_dimensions: BTreeMap<String, Vec<usize>>,
}

/// What a question was read as.
#[derive(Debug, Clone)]
pub struct Reading {
    /// Its language.
    pub lang: Lang,
    /// Its shape.
    pub kind: QuestionKind,
    /// Dimension index → value, for the dimensions it mentions.
    pub dimensions: BTreeMap<usize, String>,
    /// Whether it mentions managing or the management tools.
    pub about_management: bool,
    /// Whether it uses a management verb ("manage", "gerenciar").
    pub management_verb: bool,
    /// Whether it names a product or version the article does not cover.
    pub outside: bool,
    /// The best matching claim: (fact, claim, matched groups).
    pub claim: Option<(usize, usize, usize)>,
}

impl CompiledLexicon {
    /// Compiles the lexicon and the facts' keywords.
    pub fn new(kb: &KnowledgeBase, compiler: &mut PhraseCompiler) -> CompiledLexicon {
        let lexicon: &LexiconFile = &kb.lexicon;
        let dimension_ids: Vec<String> = kb.compat.dimensions.iter().map(|d| d.id.clone()).collect();
        let mut value_dimensions: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, dimension) in kb.compat.dimensions.iter().enumerate() {
            for value in &dimension.values {
                value_dimensions.entry(value.clone()).or_default().push(i);
            }
        }
        let claims = kb
            .facts
            .facts
            .iter()
            .enumerate()
            .flat_map(|(f, fact)| {
                fact.claims
                    .iter()
                    .enumerate()
                    .map(move |(c, claim)| (f, c, claim))
            })
            .map(|(f, c, claim)| (f, c, claim.groups.iter().map(|g| compiler.phrases(g)).collect()))
            .collect();
        CompiledLexicon {
            language: lexicon
                .language
                .iter()
                .filter_map(|(tag, words)| Some((Lang::from_tag(tag).ok()?, words.clone())))
                .collect(),
            values: lexicon
                .values
                .iter()
                .map(|(v, names)| (v.clone(), compiler.phrases(names)))
                .collect(),
            anchor_kinds: vec![
                (
                    Anchor {
                        side: Side::Tools,
                        lead: false,
                    },
                    compiler.phrases(&lexicon.anchors.tools),
                ),
                (
                    Anchor {
                        side: Side::Server,
                        lead: false,
                    },
                    compiler.phrases(&lexicon.anchors.server),
                ),
                (
                    Anchor {
                        side: Side::Tools,
                        lead: true,
                    },
                    compiler.phrases(&lexicon.anchors.tools_lead),
                ),
                (
                    Anchor {
                        side: Side::Server,
                        lead: true,
                    },
                    compiler.phrases(&lexicon.anchors.server_lead),
                ),
            ],
            how: compiler.phrases(&lexicon.question.how),
            which: compiler.phrases(&lexicon.question.which),
            ask: lexicon
                .question
                .ask
                .iter()
                .filter_map(|(d, phrases)| {
                    Some((
                        dimension_ids.iter().position(|x| x == d)?,
                        compiler.phrases(phrases),
                    ))
                })
                .collect(),
            management: compiler.phrases(&lexicon.intent.management),
            outside: compiler.phrases(&lexicon.intent.outside),
            tools: compiler.phrases(&lexicon.intent.tools),
            claims,
            dimension_ids,
            value_dimensions,
        }
    }

    /// Index of a dimension by API name.
    pub fn dimension_index(&self, id: &str) -> Option<usize> {
        self.dimension_ids.iter().position(|d| d == id)
    }

    /// Detects the language of `words` (and the raw text, for accents).
    pub fn detect_language(&self, words: &[String], text: &str) -> Lang {
        let score = |lang: Lang| {
            self.language
                .iter()
                .filter(|(l, _)| *l == lang)
                .flat_map(|(_, markers)| markers)
                .map(|m| words.iter().filter(|w| *w == m).count())
                .sum::<usize>()
        };
        let (pt, en) = (score(Lang::PtBr), score(Lang::En));
        // Letters English never uses settle a tie ("É possível…?").
        let portuguese_letters = text
            .chars()
            .flat_map(char::to_lowercase)
            .any(|c| "ãõçáéíóúâêôà".contains(c));
        if pt > en || (pt == en && portuguese_letters) {
            Lang::PtBr
        } else {
            Lang::En
        }
    }

    /// Reads a question (already split into normalised `words`).
    pub fn read(&self, words: &[String], lang: Lang) -> Reading {
        let mentions = self.mentions(words);
        let anchors = self.anchors(words, &mentions);
        let mut dimensions = BTreeMap::new();
        for (i, mention) in mentions.iter().enumerate() {
            // "Windows Server 2003 Service Pack 2" is one thing: the SP belongs to the OS.
            let follows_os = i > 0
                && mentions[i - 1].end == mention.start
                && self
                    .dimensions_of(&mentions[i - 1].value)
                    .iter()
                    .any(|d| self.is_os(*d));
            let candidates = self.dimensions_of(&mention.value);
            if follows_os && candidates.iter().all(|d| !self.is_os(*d)) {
                continue;
            }
            let dimension = match candidates.len() {
                0 => continue,
                1 => candidates[0],
                _ => {
                    let side = side_of(mention, &anchors).unwrap_or(Side::Tools);
                    candidates[usize::from(side == Side::Server).min(candidates.len() - 1)]
                }
            };
            // Two different values read as the same side ("use Windows Server 2008
            // to manage a CMS running Windows 2003"): the later one takes the
            // other side if that is still free.
            let dimension = match dimensions.get(&dimension) {
                Some(taken) if *taken != mention.value => candidates
                    .iter()
                    .copied()
                    .find(|d| !dimensions.contains_key(d))
                    .unwrap_or(dimension),
                _ => dimension,
            };
            dimensions
                .entry(dimension)
                .or_insert_with(|| mention.value.clone());
        }
        Reading {
            lang,
            kind: self.kind(words),
            dimensions,
            about_management: any_match(&self.management, words) || any_match(&self.tools, words),
            management_verb: any_match(&self.management, words),
            outside: any_match(&self.outside, words),
            claim: self.best_claim(words),
        }
    }

    fn dimensions_of(&self, value: &str) -> &[usize] {
        self.value_dimensions.get(value).map_or(&[], Vec::as_slice)
    }

    fn is_os(&self, dimension: usize) -> bool {
        matches!(self.dimension_ids[dimension].as_str(), "admin_os" | "cluster_os")
    }

    /// Value mentions, longest match first, left to right.
    fn mentions(&self, words: &[String]) -> Vec<Mention> {
        let mut mentions = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let best = self
                .values
                .iter()
                .filter_map(|(value, phrases)| Some((longest_at(phrases, words, at)?, value)))
                .max_by_key(|(len, _)| *len);
            match best {
                Some((len, value)) => {
                    mentions.push(Mention {
                        value: value.clone(),
                        start: at,
                        end: at + len,
                    });
                    at += len;
                }
                None => at += 1,
            }
        }
        mentions
    }

    /// Side anchors, longest match first, skipping words inside OS and
    /// version mentions ("server" in "Windows Server 2008" anchors nothing).
    fn anchors(&self, words: &[String], mentions: &[Mention]) -> Vec<FoundAnchor> {
        let inside_value = |at: usize| {
            mentions.iter().any(|m| {
                m.start <= at
                    && at < m.end
                    && self
                        .dimensions_of(&m.value)
                        .iter()
                        .all(|d| self.dimension_ids[*d] != "target")
            })
        };
        let mut anchors = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let best = (!inside_value(at))
                .then(|| {
                    self.anchor_kinds
                        .iter()
                        .filter_map(|(anchor, phrases)| Some((longest_at(phrases, words, at)?, *anchor)))
                        .max_by_key(|(len, _)| *len)
                })
                .flatten();
            match best {
                Some((len, anchor)) => {
                    anchors.push(FoundAnchor {
                        start: at,
                        end: at + len,
                        anchor,
                    });
                    at += len;
                }
                None => at += 1,
            }
        }
        anchors
    }

    fn kind(&self, words: &[String]) -> QuestionKind {
        if any_match(&self.how, words) {
            return QuestionKind::How;
        }
        let Some(which_at) = self.which.iter().filter_map(|p| p.find(words)).min() else {
            return QuestionKind::YesNo;
        };
        let asked = (which_at..words.len().min(which_at + ANCHOR_WINDOW))
            .find_map(|at| {
                self.ask
                    .iter()
                    .find(|(_, phrases)| longest_at(phrases, words, at).is_some())
            })
            .map(|(dimension, _)| *dimension);
        QuestionKind::Which(asked)
    }

    fn best_claim(&self, words: &[String]) -> Option<(usize, usize, usize)> {
        let mut best: Option<(usize, usize, usize)> = None;
        for (fact, claim, groups) in &self.claims {
            let all = groups.iter().all(|group| any_match(group, words));
            if all && best.is_none_or(|(_, _, n)| groups.len() > n) {
                best = Some((*fact, *claim, groups.len()));
            }
        }
        best
    }
}

/// The side a mention belongs to: a noun anchor right after it ("SP1
/// clustered mailbox server"), else the nearest anchor before it, else the
/// nearest noun anchor after it.
fn side_of(mention: &Mention, anchors: &[FoundAnchor]) -> Option<Side> {
    let nouns_after = anchors
        .iter()
        .filter(|a| !a.anchor.lead && a.start >= mention.end);
    if let Some(adjacent) = nouns_after.clone().find(|a| a.start == mention.end) {
        return Some(adjacent.anchor.side);
    }
    let before = anchors
        .iter()
        .filter(|a| a.end <= mention.start && mention.start - a.end < ANCHOR_WINDOW)
        .max_by_key(|a| a.end);
    let after = nouns_after
        .filter(|a| a.start - mention.end < ANCHOR_WINDOW)
        .min_by_key(|a| a.start);
    before.or(after).map(|a| a.anchor.side)
}
