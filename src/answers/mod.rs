//! The answer engine: compatibility questions and procedure facts, in both
//! languages, from the knowledge in `content/answers/`.
//!
//! A wrong confident answer is the worst failure, so verdicts come only from
//! rules and claims written in the content, each citing the article; what the
//! rules do not cover is `not_documented`, never a guess.

pub mod compat;
pub mod identifiers;
mod layout;
mod lexicon;
pub mod matrix;
pub mod model;
pub mod reading;

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use self::compat::{CompatTable, Judgement, OptionOut};
use self::identifiers::Identifiers;
use self::layout::Layout;
use self::lexicon::{PhraseCompiler, Words};
use self::model::{Citation, KnowledgeBase, Localized, Verdict};
use self::reading::{CompiledLexicon, FactReading, QuestionKind, Reading};
use crate::cache::{CacheCounts, CountedCache};
use crate::lang::Lang;
use crate::search::{Hit, SearchIndex, analysis};
use crate::toolkit::doc_url;

/// Search hits attached to procedure and out-of-scope answers.
const RELATED_HITS: usize = 3;

/// Document titles an out-of-scope answer names before saying how many more
/// there are: enough for a small knowledge base, short for a large one.
const SCOPE_TITLES: usize = 5;

/// What a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Which tools, from which OS, manage which server.
    ManagementCompatibility,
    /// The upgrade procedure itself.
    Procedure,
    /// Something the knowledge base does not cover.
    OutOfScope,
}

/// How the question was read: every dimension the content declares, by its
/// id, `null` where not mentioned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema, utoipa::ToSchema)]
pub struct Interpretation {
    /// Dimension id → the value read, or `null`.
    #[serde(flatten)]
    pub dimensions: BTreeMap<String, Option<String>>,
    /// The procedure fact the question was read as being about.
    pub fact: Option<String>,
    /// What the question asserts that nothing in the knowledge base checks:
    /// why a yes or no was withheld.
    pub unchecked: Vec<String>,
    /// Whether the claim was read as negated ("XP can't manage it, right?"):
    /// `yes` then confirms the negation.
    pub negated: bool,
    /// Whether the question asks if the claim is wrong ("Is it wrong to
    /// upgrade the passive node first?"): the verdict answers that
    /// question, so `no` there means the claim holds.
    pub asks_opposite: bool,
}

/// A quoted sentence with its link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema, utoipa::ToSchema)]
pub struct CitationOut {
    /// Document slug.
    pub doc: String,
    /// Section id.
    pub section: String,
    /// `/docs/{lang}/{slug}#{section}`.
    pub url: String,
    /// The sentence, in the answer's language.
    pub quote: String,
}

/// The answer object of `/api/answer` and `/api/compat`.
#[derive(Debug, Clone, Serialize, JsonSchema, utoipa::ToSchema)]
pub struct Answer {
    /// Language of the answer.
    pub lang: Lang,
    /// What the question is about.
    pub intent: Intent,
    /// `yes`, `no`, `not_documented`, or `null` for which/how questions.
    pub verdict: Option<Verdict>,
    /// The answer in full sentences.
    pub answer: String,
    /// How the question was read.
    pub interpretation: Interpretation,
    /// Dimensions that would change the verdict.
    pub missing: Vec<String>,
    /// A question to ask back when something is missing.
    pub clarify: Option<String>,
    /// Documented `yes` combinations that fit.
    pub options: Vec<OptionOut>,
    /// The article's sentences behind the answer.
    pub citations: Vec<CitationOut>,
    /// 0 to 1.
    #[schema(minimum = 0, maximum = 1)]
    pub confidence: f32,
    /// Search hits, for procedure and out-of-scope questions.
    pub related: Vec<Hit>,
}

/// A structured compatibility query: dimension → value.
pub type CompatQuery = BTreeMap<String, String>;

/// Why a structured query was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{parameter} must be one of {allowed}, not '{value}'")]
pub struct UnknownValue {
    /// The parameter.
    pub parameter: String,
    /// The value given.
    pub value: String,
    /// The allowed values, comma-separated.
    pub allowed: String,
}

impl UnknownValue {
    /// The refusal in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let UnknownValue {
            parameter,
            value,
            allowed,
        } = self;
        lang.pick(
            format!("{parameter} must be one of {allowed}, not '{value}'"),
            format!("{parameter} deve ser um de {allowed}, não '{value}'"),
        )
    }
}

/// A cached answer's key: the question, the language asked for, the reader's language.
/// A question as asked: its words and what the asker said of its language.
/// It is also the key of the answer cache.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Question {
    /// The question's text.
    pub text: String,
    /// The language asked for (`lang`); detected from the text when absent.
    pub lang: Option<Lang>,
    /// The reader's language (`Accept-Language`), used when neither `lang`
    /// nor the text tells (a few words, product names); then English.
    pub preferred: Option<Lang>,
}

impl Question {
    /// A question in `lang`, or else in the language its text is written in.
    pub fn new(text: impl Into<String>, lang: Option<Lang>) -> Question {
        Question {
            text: text.into(),
            lang,
            preferred: None,
        }
    }
}

/// The engine, built once from the knowledge base.
pub struct AnswerEngine {
    kb: KnowledgeBase,
    lexicon: CompiledLexicon,
    table: CompatTable,
    fold: TextAnalyzer,
    /// Answers by (question, requested language): the knowledge cannot change
    /// while the process runs, and bots ask the same questions again and again.
    cache: Option<CountedCache<Question, Answer>>,
    /// The rules whose statements come closest when the article is silent.
    closest: Vec<usize>,
    /// Per fact, the commands its statement and citations give.
    fact_commands: Vec<Identifiers>,
}

impl AnswerEngine {
    /// Compiles the knowledge base, without an answer cache.
    pub fn new(kb: KnowledgeBase) -> AnswerEngine {
        Self::with_cache(kb, 0)
    }

    /// Compiles the knowledge base; `cache_entries` answers are cached (0: none).
    pub fn with_cache(kb: KnowledgeBase, cache_entries: usize) -> AnswerEngine {
        let mut compiler = PhraseCompiler::with_concepts(kb.lexicon.concepts.clone());
        let lexicon = CompiledLexicon::new(&kb, &mut compiler);
        let table = CompatTable::new(&kb.compat);
        let cache = (cache_entries > 0).then(|| CountedCache::new(cache_entries));
        let closest = kb
            .compat
            .not_documented
            .closest
            .iter()
            .filter_map(|id| kb.compat.rules.iter().position(|r| &r.id == id))
            .collect();
        let fact_commands = (kb.facts.facts.iter())
            .map(|fact| {
                let quotes = fact.citations.iter().map(|c| &c.quote);
                Identifiers::with_command_lines(
                    std::iter::once(&fact.statement)
                        .chain(quotes)
                        .flat_map(|text| [text.en.as_str(), text.pt_br.as_str()]),
                )
            })
            .collect();
        AnswerEngine {
            kb,
            lexicon,
            table,
            fold: analysis::fold_analyzer(),
            cache,
            closest,
            fact_commands,
        }
    }

    /// The knowledge base.
    pub fn knowledge(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// The verdict table.
    pub fn table(&self) -> &CompatTable {
        &self.table
    }

    /// The answer cache's lookups so far (`None`: no cache).
    pub fn cache_counts(&self) -> Option<CacheCounts> {
        self.cache.as_ref().map(CountedCache::counts)
    }

    /// Answers a natural-language question.
    pub fn answer(&self, question: &Question, search: &SearchIndex) -> Answer {
        match &self.cache {
            Some(cache) => cache.get_or_insert_with(question, || {
                Ok::<_, std::convert::Infallible>(self.answer_uncached(question, search))
            }),
            None => Ok(self.answer_uncached(question, search)),
        }
        .unwrap_or_else(|never| match never {})
    }

    fn answer_uncached(&self, asked: &Question, search: &SearchIndex) -> Answer {
        let Question {
            text: question,
            lang,
            preferred,
        } = asked;
        let (question, lang, preferred) = (question.as_str(), *lang, *preferred);
        let tokens = (self.lexicon).expand_shorthand(analysis::tokens(&mut self.fold.clone(), question));
        let tokens = (self.lexicon).name_hosts(tokens, question, |word| search.has_word(word));
        let tokens = (self.lexicon).drop_negation_prefixes(tokens, question);
        let spans: Vec<(usize, usize)> = tokens.iter().map(|t| (t.from, t.to)).collect();
        let texts: Vec<String> = tokens.into_iter().map(|t| t.text).collect();
        let joins = self.lexicon.clause_joins(&texts);
        let words = self.lexicon.words(texts).with_joins(&joins);
        let other_products = self.lexicon.other_products(&words);
        let words = words.with_other_products(&other_products);
        let Layout {
            clause_starts,
            sentence_starts,
            asking,
            last_sentence,
        } = Layout::of(
            &spans,
            question,
            |range| self.lexicon.asks_within(&words, range),
            |range| self.lexicon.asked_after(&words, range),
        );
        let words = (words.with_sentence_starts(&sentence_starts))
            .with_clause_starts(&clause_starts)
            .with_asking(&asking);
        let lang = lang
            .or_else(|| self.lexicon.detect_language(&words, question))
            .or_else(|| search.language_of(&words))
            .or(preferred)
            .unwrap_or(Lang::En);
        let mut reading = self.lexicon.read(&words, &clause_starts, last_sentence, lang);
        // A command the documents never mention is something they do not
        // document: the claim goes unchecked, whatever else matched.
        let mut unknown = self.kb.identifiers.unknown(question);
        // Most questions are one sentence that asks: no copy of the words then.
        let asks_everywhere = asking.is_empty() || asking == [(0, words.len())];
        let asked_sentences;
        let asked = match asks_everywhere {
            true => &words,
            false => {
                asked_sentences = words.keeping(|at| asking.iter().any(|(s, e)| (*s..*e).contains(&at)));
                &asked_sentences
            }
        };
        unknown
            .extend((self.lexicon).unknown_requirements(asked, |word, stem| search.knows_word(word, stem)));
        // Unless the question says the article gives a command it does not
        // mention, where the fact gives another ("The doc says to move the
        // Cluster Group with Move-ClusterGroup, right?"): that misquotes
        // the command the article gives.
        // So does a switch the documents never mention put in a command line
        // the fact gives in full: `Cluster.exe group "Cluster Group"
        // /failover:…` misquotes `…/move:…`, whoever is said to give it.
        let commands = reading.fact.as_ref().map(|f| &self.fact_commands[f.fact]);
        let replacement = commands.map(|c| c.replaced_in(question)).unwrap_or_default();
        let replaced = replacement.any();
        let only_commands = unknown.iter().all(|u| Identifiers::is_identifier(u));
        let only_switches = unknown.iter().all(|u| u.starts_with('/'));
        let misquoted = only_switches && replacement.misquoted_line;
        if replaced && only_commands && (misquoted || self.lexicon.attributes_to_documents(asked)) {
            unknown.clear();
        }
        reading.unchecked.extend(unknown.iter().cloned());
        if let Some(fact) = &mut reading.fact {
            // A known command offered for what the article does with another
            // contradicts it, as a wrong number would.
            if unknown.is_empty() && !fact.topic_negated && !fact.denied && replaced {
                fact.contradict += 1;
            }
            fact.undocumented = !unknown.is_empty();
            fact.unchecked.extend(unknown);
        }
        let dimensions_named = reading
            .dimensions
            .keys()
            .filter(|d| !self.has_default(**d))
            .count();
        let compat = reading.about_management && !reading.dimensions.is_empty();
        // A claim naming three or more things is more specific than a
        // management question that merely mentions tools or an OS; but
        // "manage" with two or more dimensions is a compatibility question,
        // and so is a setup that names three ("a CMS on 2008 running SP1 and
        // an XP admin box with the SP1 tools: does that work?").
        let strong_compat =
            compat && dimensions_named >= 2 && (reading.management_verb || dimensions_named >= 3);
        // Naming only the kind of server ("cluster") is no compatibility question yet.
        let weak_compat = dimensions_named == 0;
        let fact = reading.fact.clone().filter(|f| {
            self.kb.facts.facts[f.fact].before_compatibility
                || (!strong_compat && (f.groups >= 3 || f.agree + f.contradict > 0 || !compat || weak_compat))
        });
        // A question whose fact yields to the compatibility rules gets the
        // advice it matches, if any: any advice for one asking for a value,
        // advice that checks a value and comes close for a yes/no one
        // ("posso instalar as ferramentas do 2003 e do 2008 na mesma
        // máquina…?").
        let close_advice = |best: &FactReading| {
            reading.advice.clone().filter(|advice| {
                advice.agree + advice.contradict > 0 && advice.score >= best.score * reading::RIVAL_SHARE
            })
        };
        let fact = match (&fact, reading.kind, &reading.fact) {
            (None, QuestionKind::Which(_) | QuestionKind::How, Some(_)) => reading.advice.clone(),
            (None, QuestionKind::YesNo, Some(best)) => close_advice(best),
            _ => fact,
        };
        // Never a yes or no from a document about something it does not
        // cover: only facts resting on documents that do are answered.
        let fact = fact.filter(|f| !self.rests_outside(&self.fact_docs(f.fact), &reading.outside));
        if self.rests_outside(&self.compat_docs(), &reading.outside) {
            return match (fact, compat) {
                (Some(fact), _) => self.procedure(&reading, &fact, question, search),
                (None, true) => {
                    let terms = self.outside_terms_named(&reading, question, &words, &spans);
                    self.outside_compatibility(&reading, &terms)
                }
                (None, false) => self.out_of_scope(&reading, question, search),
            };
        }
        match (fact, compat) {
            (Some(fact), _) => self.procedure(&reading, &fact, question, search),
            (None, true) => self.compatibility(&reading),
            (None, false) => self.out_of_scope(&reading, question, search),
        }
    }

    /// Answers a structured query (`GET /api/compat`).
    pub fn compat(&self, query: &CompatQuery, lang: Lang) -> Result<Answer, UnknownValue> {
        let mut dimensions = BTreeMap::new();
        for (parameter, value) in query {
            let dimension = self
                .lexicon
                .dimension_index(parameter)
                .ok_or_else(|| UnknownValue {
                    parameter: "parameter".into(),
                    value: parameter.clone(),
                    allowed: self
                        .kb
                        .compat
                        .dimensions
                        .iter()
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            if self.table.value_index(dimension, value).is_none() {
                return Err(UnknownValue {
                    parameter: parameter.clone(),
                    value: value.clone(),
                    allowed: self.kb.compat.dimensions[dimension].values.join(", "),
                });
            }
            dimensions.insert(dimension, value.clone());
        }
        // A dimension with a default left out leaves nothing open.
        let open = (0..self.kb.compat.dimensions.len())
            .filter(|d| !dimensions.contains_key(d) && !self.has_default(*d))
            .count();
        let kind = QuestionKind::YesNo;
        let reading = Reading {
            lang,
            kind,
            dimensions,
            about_management: true,
            management_verb: true,
            outside: BTreeSet::new(),
            structured: true,
            negated: false,
            asks_opposite: false,
            fact: None,
            advice: None,
            unbound: Vec::new(),
            alternatives: Vec::new(),
            conjoined: Vec::new(),
            unchecked: Vec::new(),
            universal: false,
            exclusive: None,
        };
        let mut answer = self.compatibility(&reading);
        if open > 0 && answer.options.is_empty() {
            // Structured queries with dimensions left out list every documented completion.
            answer.options = self.documented_options(&self.judgement(&reading));
        }
        Ok(answer)
    }

    fn dimension_id(&self, dimension: usize) -> &str {
        &self.kb.compat.dimensions[dimension].id
    }

    fn has_default(&self, dimension: usize) -> bool {
        self.kb.compat.dimensions[dimension].default.is_some()
    }

    fn judgement(&self, reading: &Reading) -> Judgement {
        let mut given: BTreeMap<usize, usize> = reading
            .dimensions
            .iter()
            .filter_map(|(d, v)| Some((*d, self.table.value_index(*d, v)?)))
            .collect();
        // Only a yes/no question takes the assumption: a "which" question
        // asks for every value.
        let yes_no = reading.kind == QuestionKind::YesNo && !reading.structured;
        for (d, dimension) in self.kb.compat.dimensions.iter().enumerate().filter(|_| yes_no) {
            let followed = dimension
                .follows
                .as_deref()
                .and_then(|f| self.lexicon.dimension_index(f));
            let value = followed
                .and_then(|f| reading.dimensions.get(&f))
                .and_then(|v| self.table.value_index(d, v));
            if let (false, Some(value)) = (given.contains_key(&d), value) {
                given.insert(d, value);
            }
        }
        self.table.judge(&given)
    }

    /// The judgement of a claim said of each value a question offers as an
    /// alternative ("from a Windows Server 2003 or Windows XP computer"):
    /// the judgement of the first value when every other one gets its
    /// verdict too; otherwise, when one of them is `yes`, the answer depends
    /// on which one is meant, and each documented completion of each
    /// alternative is an option. `None` when they disagree with no `yes`
    /// among them (`no` for one, undocumented for another): nothing then
    /// checks the claim.
    fn judgement_of_alternatives(&self, reading: &Reading) -> Option<Judgement> {
        let mut judgement = self.judgement(reading);
        let alternatives: Vec<(usize, Judgement)> = (reading.alternatives.iter())
            .map(|(dimension, value)| {
                let mut alternative = reading.clone();
                alternative.alternatives.clear();
                alternative.dimensions.insert(*dimension, value.clone());
                (*dimension, self.judgement(&alternative))
            })
            .collect();
        if alternatives.iter().all(|(_, j)| j.verdict == judgement.verdict) {
            return Some(judgement);
        }
        let verdicts =
            || std::iter::once(judgement.verdict).chain(alternatives.iter().map(|(_, j)| j.verdict));
        if !verdicts().any(|v| v == Verdict::Yes) {
            return None;
        }
        let first = std::mem::replace(&mut judgement.verdict, Verdict::Depends);
        if first != Verdict::Yes {
            judgement.exception_rules.append(&mut judgement.deciding_rules);
        }
        for (dimension, mut other) in alternatives {
            if !judgement.missing.contains(&dimension) {
                judgement.missing.insert(0, dimension);
            }
            match other.verdict {
                Verdict::Yes => judgement.deciding_rules.append(&mut other.deciding_rules),
                _ => judgement.exception_rules.append(&mut other.deciding_rules),
            }
            judgement.exception_rules.append(&mut other.exception_rules);
            for d in other.missing {
                if !judgement.missing.contains(&d) {
                    judgement.missing.push(d);
                }
            }
            judgement.documented.extend(other.documented);
            judgement.undocumented |= other.undocumented || other.verdict == Verdict::NotDocumented;
        }
        judgement.undocumented |= first == Verdict::NotDocumented;
        judgement.deciding_rules.dedup();
        judgement
            .exception_rules
            .retain(|r| !judgement.deciding_rules.contains(r));
        judgement.exception_rules.dedup();
        Some(judgement)
    }

    /// The judgement of a claim that the value the question names for
    /// `dimension` is the only one that works ("can a CMS on Windows Server
    /// 2008 only be managed from Windows Server 2008?"). A value works where
    /// some completion of what the question leaves out is `yes`. The claim
    /// is `no` when the value named never works, or when another value works
    /// too (citing the rules it works by); `yes` when it works and every
    /// other value is documented `no`. `None` otherwise, and when the
    /// question offers alternatives: nothing then checks the claim.
    fn judgement_of_exclusive(&self, reading: &Reading, dimension: usize) -> Option<Judgement> {
        let named = reading.dimensions.get(&dimension)?;
        if !(reading.alternatives.is_empty() && reading.conjoined.is_empty()) {
            return None;
        }
        let works = |judgement: &Judgement| matches!(judgement.verdict, Verdict::Yes | Verdict::Depends);
        let mut judgement = self.judgement(reading);
        if judgement.verdict == Verdict::No {
            return Some(judgement);
        }
        let others: Vec<(&String, Judgement)> = (self.kb.compat.dimensions[dimension].values.iter())
            .filter(|value| *value != named)
            .map(|value| {
                let mut other = reading.clone();
                other.dimensions.insert(dimension, value.clone());
                (value, self.judgement(&other))
            })
            .collect();
        if let Some((value, other)) = others.iter().find(|(_, other)| works(other)) {
            return Some(Judgement {
                verdict: Verdict::No,
                deciding_rules: other.deciding_rules.clone(),
                exception_rules: Vec::new(),
                missing: Vec::new(),
                documented: other.documented.clone(),
                undocumented: false,
                also_works: Some((dimension, (*value).clone())),
            });
        }
        if !works(&judgement) || others.iter().any(|(_, other)| other.verdict != Verdict::No) {
            return None;
        }
        judgement.verdict = Verdict::Yes;
        judgement
            .deciding_rules
            .retain(|r| !judgement.exception_rules.contains(r));
        // Why the value named works, then why each other one does not.
        add_new(
            &mut judgement.deciding_rules,
            others.iter().flat_map(|(_, other)| &other.deciding_rules),
        );
        judgement.exception_rules.clear();
        judgement.missing.clear();
        judgement
            .documented
            .retain(|(_, verdict)| *verdict == Verdict::Yes);
        judgement.undocumented = false;
        Some(judgement)
    }

    /// The judgement of a claim said of each value the question joins
    /// ("from Windows Server 2008, and also from Windows Vista"): `no`
    /// where it fails for one of them (citing why), `yes` where it holds for
    /// each; `None` otherwise, and when the question also offers
    /// alternatives: nothing then checks the claim.
    fn judgement_of_both(&self, reading: &Reading) -> Option<Judgement> {
        if !reading.alternatives.is_empty() {
            return None;
        }
        let mut first = self.judgement(reading);
        let joined: Vec<Judgement> = (reading.conjoined.iter())
            .map(|(dimension, value)| {
                let mut joined = reading.clone();
                joined.conjoined.clear();
                joined.dimensions.insert(*dimension, value.clone());
                self.judgement(&joined)
            })
            .collect();
        if let Some(failing) = std::iter::once(&first)
            .chain(&joined)
            .find(|j| j.verdict == Verdict::No)
        {
            return Some(failing.clone());
        }
        if !std::iter::once(&first)
            .chain(&joined)
            .all(|j| j.verdict == Verdict::Yes)
        {
            return None;
        }
        add_new(
            &mut first.deciding_rules,
            joined.iter().flat_map(|j| &j.deciding_rules),
        );
        first
            .documented
            .extend(joined.into_iter().flat_map(|j| j.documented));
        Some(first)
    }

    /// The documented `yes` completions, for "which…" questions.
    fn yes_options(&self, judgement: &Judgement) -> Vec<OptionOut> {
        judgement
            .yes_options()
            .map(|c| self.table.option_out(c, Verdict::Yes))
            .collect()
    }

    /// Every documented completion with its own verdict, for answers that depend.
    fn documented_options(&self, judgement: &Judgement) -> Vec<OptionOut> {
        judgement
            .documented
            .iter()
            .map(|(c, v)| self.table.option_out(c, *v))
            .collect()
    }

    fn labels(&self, dimensions: &[usize], lang: Lang) -> String {
        let labels: Vec<String> = dimensions
            .iter()
            .map(|d| self.kb.compat.dimensions[*d].label.get(lang).to_owned())
            .collect();
        join_list(&labels, self.kb.messages.and.get(lang))
    }

    fn compatibility(&self, reading: &Reading) -> Answer {
        let lang = reading.lang;
        let alternatives = match (reading.kind, reading.exclusive) {
            (QuestionKind::YesNo, Some(dimension)) => self.judgement_of_exclusive(reading, dimension),
            (QuestionKind::YesNo, None) if !reading.conjoined.is_empty() => self.judgement_of_both(reading),
            (QuestionKind::YesNo, None) => self.judgement_of_alternatives(reading),
            _ => Some(self.judgement(reading)),
        };
        let checked = alternatives.is_some();
        let mut judgement = alternatives.unwrap_or_else(|| self.judgement(reading));
        // What a "which" question asks for is not missing: it is the answer.
        let asked = match reading.kind {
            QuestionKind::Which(Some(d)) => Some(d),
            QuestionKind::Which(None) | QuestionKind::How => judgement.missing.first().copied(),
            QuestionKind::YesNo => None,
        };
        judgement.missing.retain(|d| Some(*d) != asked);
        let messages = &self.kb.messages;
        let rules = &self.kb.compat.rules;
        let explain = |ids: &[usize]| {
            ids.iter()
                .map(|r| rules[*r].explain.get(lang))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let closest = &self.closest;
        let (verdict, text, cited, confidence, options) = match reading.kind {
            QuestionKind::Which(_) | QuestionKind::How => {
                let options = self.yes_options(&judgement);
                // A question naming nothing of its setup ("Which version of
                // the tools should I use?") gets `depends` where the values
                // it asks for turn on what it leaves out.
                let names_nothing = reading.dimensions.keys().all(|d| self.has_default(*d));
                match asked.filter(|_| !options.is_empty()) {
                    Some(dimension) => {
                        let values = self.asked_values(&judgement, dimension, lang);
                        let label = self.kb.compat.dimensions[dimension].label.get(lang);
                        let mut text = format!(
                            "{} {label}: {}. {}",
                            messages.options_for.get(lang),
                            join_list(&values, messages.and.get(lang)),
                            explain(&judgement.deciding_rules)
                        );
                        match names_nothing && !judgement.missing.is_empty() {
                            true => {
                                let depends = format!(
                                    "{} {}.",
                                    messages.depends_on.get(lang),
                                    self.labels(&judgement.missing, lang)
                                );
                                text.insert_str(0, &format!("{depends} "));
                                let options = self.documented_options(&judgement);
                                (
                                    Some(Verdict::Depends),
                                    text,
                                    judgement.deciding_rules.clone(),
                                    0.9,
                                    options,
                                )
                            }
                            false => (None, text, judgement.deciding_rules.clone(), 0.9, options),
                        }
                    }
                    None => {
                        let why = match judgement.verdict {
                            Verdict::No => judgement.deciding_rules.clone(),
                            _ => closest.clone(),
                        };
                        let text = format!("{} {}", messages.no_options.get(lang), explain(&why));
                        (None, text, why, 0.8, options)
                    }
                }
            }
            QuestionKind::YesNo
                if !(reading.unbound.is_empty() && reading.unchecked.is_empty() && checked)
                    || (reading.universal && !matches!(judgement.verdict, Verdict::Yes | Verdict::No)) =>
            {
                // Coverage guard: the question names more than the dimensions
                // can hold (a third system, a number…), so no yes or no; nor
                // when it claims for every case what depends on one.
                let why = match judgement.deciding_rules.is_empty() {
                    true => closest.clone(),
                    false => judgement.deciding_rules.clone(),
                };
                let mut text = messages.article_says.get(lang).to_owned();
                push_sentence(&mut text, &explain(&why));
                (None, text, why, 0.4, Vec::new())
            }
            QuestionKind::YesNo => {
                // A negated claim ("XP can't manage it, right?") is right
                // where the table says no.
                if reading.negated != reading.asks_opposite {
                    judgement.verdict = judgement.verdict.opposite();
                }
                // The text is built from the same verdict the answer carries,
                // so the two can never disagree.
                let mut text = String::new();
                let mut cited = judgement.deciding_rules.clone();
                let mut options = Vec::new();
                let confidence = match judgement.verdict {
                    Verdict::Yes => {
                        text.push_str(messages.yes.get(lang));
                        push_sentence(&mut text, &explain(&judgement.deciding_rules));
                        0.95
                    }
                    Verdict::No => {
                        text.push_str(messages.no.get(lang));
                        let named_too = (judgement.also_works.as_ref())
                            .and_then(|(dimension, other)| Some((reading.dimensions.get(dimension)?, other)));
                        if let Some((named, other)) = named_too {
                            let not_only = (messages.not_only.get(lang))
                                .replace("{value}", &self.label(named, lang))
                                .replace("{other}", &self.label(other, lang));
                            push_sentence(&mut text, &not_only);
                        }
                        push_sentence(&mut text, &explain(&judgement.deciding_rules));
                        0.95
                    }
                    Verdict::Depends => {
                        text.push_str(&format!(
                            "{} {}.",
                            messages.depends_on.get(lang),
                            self.labels(&judgement.missing, lang)
                        ));
                        push_sentence(&mut text, messages.depends_yes.get(lang));
                        push_sentence(&mut text, &explain(&judgement.deciding_rules));
                        if !judgement.exception_rules.is_empty() {
                            push_sentence(&mut text, messages.depends_no.get(lang));
                            push_sentence(&mut text, &explain(&judgement.exception_rules));
                            cited.extend(&judgement.exception_rules);
                        }
                        if judgement.undocumented {
                            push_sentence(&mut text, messages.depends_undocumented.get(lang));
                        }
                        options = self.documented_options(&judgement);
                        0.9
                    }
                    Verdict::NotDocumented => {
                        text.push_str(self.kb.compat.not_documented.explain.get(lang));
                        push_sentence(&mut text, &explain(closest));
                        cited = closest.clone();
                        if !judgement.exception_rules.is_empty() {
                            // Some completions are documented as `no`: say so.
                            push_sentence(&mut text, messages.except.get(lang));
                            push_sentence(&mut text, &explain(&judgement.exception_rules));
                            cited.extend(&judgement.exception_rules);
                            options = self.documented_options(&judgement);
                        }
                        0.8
                    }
                };
                (Some(judgement.verdict), text, cited, confidence, options)
            }
        };
        let clarify = (!judgement.missing.is_empty()).then(|| {
            judgement
                .missing
                .iter()
                .map(|d| self.kb.compat.dimensions[*d].clarify.get(lang))
                .collect::<Vec<_>>()
                .join(" ")
        });
        Answer {
            lang,
            intent: Intent::ManagementCompatibility,
            verdict,
            answer: text,
            interpretation: self.interpretation(reading, None),
            missing: judgement
                .missing
                .iter()
                .map(|d| self.dimension_id(*d).to_owned())
                .collect(),
            clarify,
            options,
            citations: self.citations(
                &self.kb.compat.doc,
                cited.iter().flat_map(|r| &rules[*r].citations),
                lang,
            ),
            confidence,
            related: Vec::new(),
        }
    }

    /// Labels of the distinct values of `dimension` among the `yes` options, in dimension order.
    fn asked_values(&self, judgement: &Judgement, dimension: usize, lang: Lang) -> Vec<String> {
        let indexes: BTreeSet<usize> = judgement.yes_options().map(|c| c[dimension]).collect();
        indexes
            .into_iter()
            .map(|i| self.label(self.table.value(dimension, i), lang))
            .collect()
    }

    /// Whether any of `docs` is one that does not cover what the question
    /// names (`outside`): what rests on it then gets no yes or no.
    fn rests_outside(&self, docs: &BTreeSet<&str>, outside: &BTreeSet<String>) -> bool {
        docs.iter().any(|d| outside.contains(*d))
    }

    /// The documents a fact's citations quote.
    fn fact_docs(&self, fact: usize) -> BTreeSet<&str> {
        let doc = self.kb.facts.doc.as_str();
        (self.kb.facts.facts[fact].citations.iter())
            .map(|c| c.doc.as_deref().unwrap_or(doc))
            .collect()
    }

    /// The documents the compatibility rules rest on: their file's and
    /// every one a rule quotes.
    pub fn compat_docs(&self) -> BTreeSet<&str> {
        let doc = self.kb.compat.doc.as_str();
        (self.kb.compat.rules.iter())
            .flat_map(|r| &r.citations)
            .map(|c| c.doc.as_deref().unwrap_or(doc))
            .chain([doc])
            .collect()
    }

    /// The documents the compatibility rules rest on that do not cover what
    /// the question names.
    fn compat_docs_outside<'a>(&'a self, reading: &Reading) -> BTreeSet<&'a str> {
        let mut docs = self.compat_docs();
        docs.retain(|d| reading.outside.contains(*d));
        docs
    }

    /// What the question names that the documents the compatibility rules
    /// rest on do not cover, as written in it, in its order: "Exchange 2010".
    fn outside_terms_named(
        &self,
        reading: &Reading,
        question: &str,
        words: &Words,
        spans: &[(usize, usize)],
    ) -> Vec<String> {
        let docs = self.compat_docs_outside(reading);
        let mut found: Vec<(usize, usize)> = (docs.iter())
            .flat_map(|slug| self.lexicon.outside_spans(slug, words))
            .collect();
        // The longest of those starting together; none inside another ("server
        // 2012" in "Windows Server 2012").
        found.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
        let mut terms: Vec<String> = Vec::new();
        let mut reached = 0;
        for (start, end) in found {
            if end <= reached {
                continue;
            }
            reached = end;
            let text = question.get(spans[start].0..spans[end - 1].1).unwrap_or_default();
            if !terms.iter().any(|t| t.eq_ignore_ascii_case(text)) {
                terms.push(text.to_owned());
            }
        }
        terms
    }

    /// The answer to a compatibility question naming what the documents
    /// the rules rest on do not cover: which documents (their titles) do
    /// not cover what it named, then the closest rules.
    fn outside_compatibility(&self, reading: &Reading, terms: &[String]) -> Answer {
        let lang = reading.lang;
        let rules = &self.kb.compat.rules;
        let closest = &self.closest;
        let docs = self.compat_docs_outside(reading);
        let titles: Vec<String> = (self.kb.titles.get(&lang).into_iter().flatten())
            .filter(|t| docs.contains(t.slug.as_str()))
            .map(|t| format!("“{}”", t.title))
            .collect();
        let and = self.kb.messages.and.get(lang);
        let mut text = (self.kb.messages.outside.get(lang))
            .replace("{documents}", &join_list(&titles, and))
            .replace("{term}", &join_list(terms, and));
        for rule in closest {
            push_sentence(&mut text, rules[*rule].explain.get(lang));
        }
        Answer {
            lang,
            intent: Intent::ManagementCompatibility,
            verdict: Some(Verdict::NotDocumented),
            answer: text,
            interpretation: self.interpretation(reading, None),
            missing: Vec::new(),
            clarify: None,
            options: Vec::new(),
            citations: self.citations(
                &self.kb.compat.doc,
                closest.iter().flat_map(|r| &rules[*r].citations),
                lang,
            ),
            confidence: 0.6,
            related: Vec::new(),
        }
    }

    fn procedure(
        &self,
        reading: &Reading,
        read: &FactReading,
        question: &str,
        search: &SearchIndex,
    ) -> Answer {
        let lang = reading.lang;
        let fact = &self.kb.facts.facts[read.fact];
        let messages = &self.kb.messages;
        // Coverage guard: a yes or no only when every assertive word of the
        // question was checked against the fact.
        let guarded = !read.unchecked.is_empty();
        let verdict = match reading.kind {
            // It asks about a command or a requirement the documents never
            // mention: whatever the fact says, the article is silent on it.
            _ if read.undocumented => Some(Verdict::NotDocumented),
            // What the content marks as beyond the fact ("reinstall the
            // rollups afterwards?", "Setup.com switches") is not decided by
            // it, not even by a value it contradicts elsewhere in the
            // question: the article does not say.
            _ if read.not_covered => Some(Verdict::NotDocumented),
            // "Setup.com or Setup.exe?" asks which one: the sentence answers
            // it, unless which one depends on a case the question leaves open
            // ("Adminpak.msi or ServerManagerCmd?" without the system).
            QuestionKind::YesNo if read.choice => read.cases_open.then_some(Verdict::Depends),
            // A claim with one part the article contradicts is false,
            // whatever else it asserts; denying it is true ("Setup.exe can't
            // upgrade a clustered mailbox server, right?") when nothing else
            // it asserts goes unchecked ("…can't be used for anything").
            // Unless what it denies is a value the article states ("SP1
            // doesn't support 2008 at all, only SP2 does, right?").
            QuestionKind::YesNo if read.contradict > 0 && read.denied && read.denies_agreed => {
                Some(Verdict::No)
            }
            QuestionKind::YesNo if read.contradict > 0 && read.denied => (!guarded).then_some(Verdict::Yes),
            QuestionKind::YesNo if read.contradict > 0 => Some(Verdict::No),
            // A statement that opens by denying what the article affirms
            // ("Não dá pra usar o Move-Mailbox…, né?") is false.
            QuestionKind::YesNo if read.denied && read.agree > 0 => Some(Verdict::No),
            QuestionKind::YesNo if guarded => None,
            QuestionKind::YesNo if read.conditional > 0 => Some(Verdict::Depends),
            QuestionKind::YesNo if read.agree > 0 => Some(Verdict::Yes),
            // The fact holds in one case and not in another, and the question
            // names neither ("Are rolling upgrades supported?").
            QuestionKind::YesNo if read.cases_open => Some(Verdict::Depends),
            // "Is it true that public folders cannot be migrated?"
            QuestionKind::YesNo if read.topic_negated => fact.verdict.map(Verdict::opposite),
            QuestionKind::YesNo => fact.verdict,
            // "How many passive nodes?": the answer is one for CCR, several for SCC.
            QuestionKind::Which(_) | QuestionKind::How if read.cases_open && fact.values_differ_by_case() => {
                Some(Verdict::Depends)
            }
            QuestionKind::Which(_) | QuestionKind::How => None,
        };
        // "Is it wrong to upgrade the passive node first?" is no where the
        // claim is right.
        let verdict = verdict.map(|v| match reading.asks_opposite {
            true => v.opposite(),
            false => v,
        });
        // The text comes from the same decision as the verdict.
        let lead = match verdict {
            Some(Verdict::Yes) => messages.yes.get(lang),
            Some(Verdict::No) => messages.no.get(lang),
            Some(Verdict::Depends) => messages.it_depends.get(lang),
            _ if guarded => messages.article_says.get(lang),
            _ => "",
        };
        let mut answer = lead.to_owned();
        push_sentence(&mut answer, fact.statement.get(lang));
        Answer {
            lang,
            intent: Intent::Procedure,
            verdict,
            answer,
            interpretation: self.interpretation(reading, Some(read)),
            missing: Vec::new(),
            clarify: None,
            options: Vec::new(),
            citations: self.citations(&self.kb.facts.doc, fact.citations.iter(), lang),
            confidence: if guarded { 0.4 } else { 0.85 },
            related: related(search, question, lang),
        }
    }

    fn out_of_scope(&self, reading: &Reading, question: &str, search: &SearchIndex) -> Answer {
        let related = related(search, question, reading.lang);
        // A question on what the documents are about (it names a version, a
        // system, a product or managing them) that no fact or rule answers,
        // yes/no or not ("how much disk space does the SP1 upgrade need?",
        // "how do I move to Exchange 2010?"): the article does not say,
        // which a bot can act on, and the closest sections follow. Telling
        // the asker the knowledge base is about something else would be
        // wrong: the question is on its subject, and so is one naming a
        // command the documents give ("how long does Setup.com take?").
        let on_subject = !reading.dimensions.is_empty()
            || !reading.outside.is_empty()
            || reading.about_management
            || self.kb.identifiers.named_in(question);
        let not_said = on_subject && !related.is_empty();
        let messages = &self.kb.messages;
        Answer {
            lang: reading.lang,
            intent: Intent::OutOfScope,
            verdict: not_said.then_some(Verdict::NotDocumented),
            answer: match not_said {
                true => messages.not_said.get(reading.lang).to_owned(),
                false => self.scope_message(reading.lang),
            },
            interpretation: self.interpretation(reading, None),
            missing: Vec::new(),
            clarify: None,
            options: Vec::new(),
            citations: Vec::new(),
            confidence: 0.1,
            related,
        }
    }

    /// What the knowledge base covers, from the documents' titles (the first
    /// few, then how many more): a document added to the content is named
    /// as soon as it is there.
    fn scope_message(&self, lang: Lang) -> String {
        let messages = &self.kb.messages;
        let titles = self.kb.titles.get(&lang).map_or(&[][..], Vec::as_slice);
        // One title more is named rather than counted: "1 other documents"
        // would need a singular form for no gain in length.
        let named = match titles.len() > SCOPE_TITLES + 1 {
            true => SCOPE_TITLES,
            false => titles.len(),
        };
        let mut covered: Vec<String> = titles[..named].iter().map(|t| t.title.clone()).collect();
        if named < titles.len() {
            let more = (titles.len() - named).to_string();
            covered.push(messages.out_of_scope_more.get(lang).replace("{count}", &more));
        }
        format!(
            "{} {}. {}",
            messages.out_of_scope.get(lang),
            covered.join("; "),
            messages.out_of_scope_end.get(lang)
        )
    }

    /// How the question was read; `fact` when it was answered as a procedure fact.
    fn interpretation(&self, reading: &Reading, fact: Option<&FactReading>) -> Interpretation {
        Interpretation {
            dimensions: (self.kb.compat.dimensions.iter().enumerate())
                .map(|(d, dimension)| (dimension.id.clone(), reading.dimensions.get(&d).cloned()))
                .collect(),
            fact: fact.map(|f| self.kb.facts.facts[f.fact].id.clone()),
            negated: fact.map_or(reading.negated, |f| f.topic_negated || f.denied),
            asks_opposite: reading.asks_opposite,
            unchecked: match fact {
                Some(f) => f.unchecked.clone(),
                None => reading
                    .unbound
                    .iter()
                    .chain(&reading.unchecked)
                    .cloned()
                    .collect(),
            },
        }
    }

    /// Citations as API objects, without duplicates; `doc` is the document
    /// of those that name none.
    pub fn citations<'a>(
        &self,
        doc: &str,
        citations: impl Iterator<Item = &'a Citation>,
        lang: Lang,
    ) -> Vec<CitationOut> {
        let mut seen = BTreeSet::new();
        citations
            .filter(|c| seen.insert((c.doc.clone(), c.section.clone(), c.quote.en.clone())))
            .map(|c| {
                let doc = c.doc.as_deref().unwrap_or(doc);
                CitationOut {
                    doc: doc.to_owned(),
                    section: c.section.clone(),
                    url: doc_url(lang, doc, Some(&c.section)),
                    quote: c.quote.get(lang).to_owned(),
                }
            })
            .collect()
    }

    /// The display name of a dimension value.
    pub fn label(&self, value: &str, lang: Lang) -> String {
        self.kb
            .compat
            .values
            .get(value)
            .map_or_else(|| value.to_owned(), |l: &Localized| l.get(lang).to_owned())
    }
}

/// "a, b and c".
fn join_list(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// Appends a sentence with a separating space.
/// Appends to `rules` each of `more` it does not hold yet, in order.
fn add_new<'a>(rules: &mut Vec<usize>, more: impl IntoIterator<Item = &'a usize>) {
    for rule in more {
        if !rules.contains(rule) {
            rules.push(*rule);
        }
    }
}

fn push_sentence(text: &mut String, sentence: &str) {
    if sentence.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(sentence);
}

fn related(search: &SearchIndex, question: &str, lang: Lang) -> Vec<Hit> {
    // Through the result cache, like any search; a failure (internal and rare)
    // leaves an answer without related hits, which is still an answer.
    search
        .search(question, lang, RELATED_HITS)
        .map(|r| r.hits)
        .unwrap_or_default()
}
