//! Properties of the answer engine, checked over generated questions rather
//! than cases written one by one:
//! - every procedure fact, restated with each value its checks agree with,
//!   is answered `yes`; with each value they contradict, `no`; and a negation
//!   before the value, or a denial of what the statement says of it after
//!   the value ("…is not supported, right?"), turns both around — in both
//!   languages; sentences of context before it or a remark after it change
//!   nothing;
//! - over the whole compatibility grid, with every subset of dimensions left
//!   out, the verdict is `depends` exactly where documented completions
//!   disagree, and never `yes` or `no` against a completion;
//! - the verdict word and the answer text never disagree.
//!
//! One module per family of properties; the generators, frames and checks
//! more than one of them uses are here:
//! - `restated_facts`: facts restated with agreeing and contradicting
//!   values, "always", amounts, denials of the value, steps in the reverse
//!   order, commands, conditional values and `depends`, shorthand and
//!   synonyms;
//! - `question_shapes`: how the question's form is read — negations and
//!   their reach, inverted auxiliaries, "is it wrong that", reported
//!   questions, alternatives, contrasts, comparisons of two cases, relative
//!   clauses, and value or choice questions, which get no yes or no;
//! - `context`: sentences around the question — context, remarks, true
//!   statements of other facts, context naming part of a topic or two
//!   cases, pointing back, plans on a cluster;
//! - `compatibility`: the management grid — `depends` where completions
//!   disagree, service packs of systems and products, "always" and
//!   negations in compatibility claims, the tools' side, management
//!   phrases, two alternative systems;
//! - `hosts`: nodes named by their host names;
//! - `not_documented`: what the documents never name or mark as not
//!   covered, and commands a fact never reads.

mod compatibility;
mod context;
mod hosts;
mod not_documented;
mod question_shapes;
mod restated_facts;

use std::collections::{BTreeMap, BTreeSet};

use docdesk::answers::model::Verdict;
use docdesk::answers::{Answer, AnswerEngine, Question};
use docdesk::lang::Lang;
use docdesk::search::SearchIndex;

use crate::helpers::shared_state;

/// Statement frames that make a question state something to confirm.
pub(super) const FRAMES: [(Lang, &str, &str); 6] = [
    (Lang::En, "Is it true that", "?"),
    (Lang::En, "", ", right?"),
    // A negative tag confirms; it does not negate the statement.
    (Lang::En, "", ", doesn't it?"),
    (Lang::PtBr, "É verdade que", "?"),
    (Lang::PtBr, "", ", né?"),
    (Lang::PtBr, "", ", não é?"),
];

/// A phrase of the content written as words a person would type: a prefix
/// (`upgrad*`) as itself, a gap (`~`) as one filler word.
pub(super) fn as_words(phrase: &str) -> String {
    phrase.replace('*', "").replace('~', "x")
}

/// The words that negate, or agree with a negation before them (negative
/// concord: "não tem nenhum…"): a negation put before a value holding one
/// would not simply turn it around.
pub(super) fn negative_words(lexicon: &docdesk::answers::model::LexiconFile) -> BTreeSet<String> {
    let assertions = &lexicon.assertions;
    (assertions.negation.iter())
        .chain(&assertions.concord)
        .cloned()
        .collect()
}

/// Whether the phrase holds a word the reading treats specially (a negation
/// or a number), which would change what the generated question means.
pub(super) fn is_plain(phrase: &str, negations: &BTreeSet<String>) -> bool {
    phrase
        .split_whitespace()
        .all(|w| !negations.contains(w) && !w.chars().any(|c| c.is_ascii_digit()))
}

/// A list of phrases with each `@concept` replaced by the concept's phrases.
pub(super) fn expanded(phrases: &[String], concepts: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    phrases
        .iter()
        .flat_map(
            |p| match p.strip_prefix('@').and_then(|name| concepts.get(name)) {
                Some(concept) => concept.clone(),
                None => vec![p.clone()],
            },
        )
        .collect()
}

/// The plain values of `phrases` (concepts expanded), as a person would type
/// them: no negation or number, which would change what a generated
/// question means, and no gap or prefix, which a person does not type.
pub(super) fn typed_values(engine: &AnswerEngine, phrases: &[String]) -> Vec<String> {
    let lexicon = &engine.knowledge().lexicon;
    let negations = negative_words(lexicon);
    (expanded(phrases, &lexicon.concepts).iter())
        .filter(|p| is_plain(p, &negations) && !p.contains('~') && !p.contains('*'))
        .map(|p| as_words(p))
        .collect()
}

/// The first word of the answer, as `messages.toml` writes it.
pub(super) fn lead_agrees(answer: &Answer, engine: &AnswerEngine) -> bool {
    let messages = &engine.knowledge().messages;
    let text = answer.answer.as_str();
    let starts = |m: &docdesk::answers::model::Localized| text.starts_with(m.get(answer.lang));
    match answer.verdict {
        Some(Verdict::Yes) => starts(&messages.yes),
        Some(Verdict::No) => starts(&messages.no),
        Some(Verdict::Depends) => starts(&messages.it_depends) || starts(&messages.depends_on),
        Some(Verdict::NotDocumented) => !starts(&messages.yes) && !starts(&messages.no),
        None => !starts(&messages.yes) && !starts(&messages.no),
    }
}

/// Fails listing every generated question answered wrongly, and when too few
/// were generated for the property to prove anything.
pub(super) fn assert_generated(failures: &[String], checked: usize, at_least: usize, what: &str) {
    assert!(checked > at_least, "only {checked} generated questions");
    assert!(
        failures.is_empty(),
        "{} of {checked} {what}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Like [`assert_generated`], for a property a few generated word strings
/// may miss: fails when one in `one_in` or more of them is answered wrongly.
pub(super) fn assert_mostly(failures: &[String], checked: usize, at_least: usize, one_in: usize, what: &str) {
    assert!(checked > at_least, "only {checked} generated questions");
    assert!(
        failures.len() * one_in < checked,
        "{} of {checked} {what}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Records `question` among the failures unless it got `want`, with a lead
/// word that agrees.
pub(super) fn record_unless(
    failures: &mut Vec<String>,
    question: &str,
    answer: &Answer,
    want: Verdict,
    engine: &AnswerEngine,
) {
    if answer.verdict != Some(want) || !lead_agrees(answer, engine) {
        failures.push(format!("{question:?} → {:?}: {}", answer.verdict, answer.answer));
    }
}

/// Asserts that each hand-written question, asked in its language, gets its
/// verdict with an answer that leads with it; lists every one that does not.
pub(super) fn assert_each_verdict(
    engine: &AnswerEngine,
    search: &SearchIndex,
    cases: &[(Lang, &str, Verdict)],
) {
    let mut failures = Vec::new();
    for (lang, question, want) in cases {
        let answer = engine.answer(&Question::new(*question, Some(*lang)), search);
        record_unless(&mut failures, question, &answer, *want, engine);
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Asserts that none of `questions`, asked without `lang`, gets a yes or
/// a no: what the article does not say.
pub(super) fn assert_never_yes_or_no(engine: &AnswerEngine, search: &SearchIndex, questions: &[&str]) {
    let mut failures = Vec::new();
    for question in questions {
        let answer = engine.answer(&Question::new(*question, None), search);
        record_yes_or_no(&mut failures, question, &answer);
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Records `question` among the failures when it got a yes or no.
pub(super) fn record_yes_or_no(failures: &mut Vec<String>, question: &str, answer: &Answer) {
    if matches!(answer.verdict, Some(Verdict::Yes | Verdict::No)) {
        failures.push(format!("{question:?} → {:?}: {}", answer.verdict, answer.answer));
    }
}

pub(super) fn engine() -> (std::sync::Arc<AnswerEngine>, std::sync::Arc<SearchIndex>) {
    let state = shared_state();
    (state.answers.clone(), state.search.clone())
}

/// One restatement of a fact: the case cue its check reads near (or
/// nothing), a neutral topic, one of the check's values, and the verdict the
/// value gets.
pub(super) struct Restatement<'a> {
    pub(super) fact: &'a docdesk::answers::model::Fact,
    pub(super) context: String,
    pub(super) topic: String,
    pub(super) value: String,
    pub(super) verdict: Verdict,
    /// Whether the value is only possible in its case (`possible`).
    pub(super) possible: bool,
}

impl Restatement<'_> {
    /// The restatement as words, with `before_value` (a negation, or
    /// nothing) right before the value.
    pub(super) fn claim(&self, before_value: &str) -> String {
        [self.context.as_str(), &self.topic, before_value, &self.value]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Every fact restated with each plain value its checks agree with (`yes`)
/// or contradict (`no`).
pub(super) fn restatements(engine: &AnswerEngine) -> Vec<Restatement<'_>> {
    // A check that reads only near its cue gets its cue in place of the
    // keyword group that holds it ("ccr" rather than "scc"): a cue that is
    // not also one of the check's values, so the context asserts nothing
    // ("existing", not "upgrade").
    restatements_in(engine, |cues, own, _| {
        let cue = (cues.iter()).find(|c| !own.contains(c)).or(cues.first());
        vec![cue.map(|w| as_words(w)).unwrap_or_default()]
    })
}

/// The restatements of every check read near a case cue, once with each cue
/// that is not also a value of its fact.
pub(super) fn case_restatements(engine: &AnswerEngine) -> Vec<Restatement<'_>> {
    restatements_in(engine, |cues, _, fact_values| {
        (cues.iter())
            .filter(|c| !fact_values.contains(c))
            .map(|c| as_words(c))
            .collect()
    })
}

/// Every fact's checks restated with each plain value, once in each context
/// `contexts` gives from the check's cues, the check's values and all its
/// fact's values.
fn restatements_in(
    engine: &AnswerEngine,
    contexts: impl Fn(&[String], &BTreeSet<&String>, &BTreeSet<&String>) -> Vec<String>,
) -> Vec<Restatement<'_>> {
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let negations = negative_words(&kb.lexicon);
    let mut out = Vec::new();
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, concepts);
        let all_values: Vec<String> = (fact.checks.iter())
            .flat_map(|c| [expanded(&c.agree, concepts), expanded(&c.contradict, concepts)])
            .flatten()
            .collect();
        let fact_values: BTreeSet<&String> = all_values.iter().collect();
        for check in &fact.checks {
            let agree = expanded(&check.agree, concepts);
            let contradict = expanded(&check.contradict, concepts);
            let cues = expanded(&check.when, concepts);
            let own: BTreeSet<&String> = agree.iter().chain(&contradict).collect();
            let topic = (topic.iter().zip(&fact.about))
                .filter(|(_, group)| !check.when.iter().any(|w| group.contains(w)))
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            for context in contexts(&cues, &own, &fact_values) {
                let cases = (agree.iter().map(|p| (p, Verdict::Yes)))
                    .chain(contradict.iter().map(|p| (p, Verdict::No)))
                    .filter(|(p, _)| is_plain(p, &negations));
                for (phrase, verdict) in cases {
                    out.push(Restatement {
                        fact,
                        context: context.clone(),
                        topic: topic.clone(),
                        value: as_words(phrase),
                        verdict,
                        possible: check.possible,
                    });
                }
            }
        }
    }
    out
}

/// Checks one generated question read as `restated.fact`: its verdict word
/// agrees with its text, and, when read as that fact, its verdict is `want`
/// or none. Questions read as another fact go to `elsewhere`.
fn check_restated(
    engine: &AnswerEngine,
    search: &SearchIndex,
    restated: &Restatement,
    (question, lang, want): (&str, Lang, Verdict),
    failures: &mut Vec<String>,
    elsewhere: &mut Vec<String>,
) {
    let answer = engine.answer(&Question::new(question.trim(), Some(lang)), search);
    if !lead_agrees(&answer, engine) {
        failures.push(format!(
            "{question:?}: verdict {:?} but {:?}",
            answer.verdict, answer.answer
        ));
    }
    // Words strung together without grammar may read as another fact; when
    // read as this one, the value decides.
    let id = restated.fact.id.as_str();
    if answer.interpretation.fact.as_deref() != Some(id) {
        elsewhere.push(format!(
            "{id}: {question:?} read as {:?}",
            answer.interpretation.fact
        ));
    } else if answer.verdict != Some(want) && answer.verdict.is_some() {
        failures.push(format!(
            "{id}: {question:?} → {:?}, expected {want:?} ({})",
            answer.verdict, answer.answer
        ));
    }
}

/// Asks every question `questions` makes of each restatement (question,
/// language, expected verdict) and checks each with [`check_restated`]; at
/// most one in `elsewhere_share` may read as another fact.
pub(super) fn check_restatements<'a>(
    engine: &AnswerEngine,
    search: &SearchIndex,
    restated: impl IntoIterator<Item = Restatement<'a>>,
    questions: impl Fn(&Restatement) -> Vec<(String, Lang, Verdict)>,
    (elsewhere_share, at_least, what): (usize, usize, &str),
) {
    let mut failures = Vec::new();
    let mut elsewhere = Vec::new();
    let mut checked = 0;
    for restated in restated {
        for (question, lang, want) in questions(&restated) {
            checked += 1;
            let case = (question.as_str(), lang, want);
            check_restated(engine, search, &restated, case, &mut failures, &mut elsewhere);
        }
    }
    assert!(
        elsewhere.len() * elsewhere_share < checked,
        "{} of {checked} generated questions read as another fact:\n{}",
        elsewhere.len(),
        elsewhere.join("\n")
    );
    assert_generated(&failures, checked, at_least, what);
}

/// [`check_restatements`] of every restatement, at most one in ten read as
/// another fact.
pub(super) fn check_every_restatement(
    engine: &AnswerEngine,
    search: &SearchIndex,
    questions: impl Fn(&Restatement) -> Vec<(String, Lang, Verdict)>,
    at_least: usize,
    what: &str,
) {
    check_restatements(
        engine,
        search,
        restatements(engine),
        questions,
        (10, at_least, what),
    );
}

/// [`check_restatements`] of every restatement in `frames`, templates
/// whose `{claim}` is the restated claim: each keeps the claim's verdict.
pub(super) fn check_framed(engine: &AnswerEngine, search: &SearchIndex, frames: &[(Lang, &str)], what: &str) {
    let questions = |r: &Restatement| {
        let claim = r.claim("");
        (frames.iter())
            .map(|(lang, frame)| (frame.replace("{claim}", &claim), *lang, r.verdict))
            .collect()
    };
    check_every_restatement(engine, search, questions, 200, what);
}

/// The words of `phrases`, as a person would type them (see [`as_words`]).
pub(super) fn phrase_words<'a>(phrases: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    (phrases.into_iter())
        .flat_map(|phrase| {
            as_words(phrase)
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A fact's topic as words: the first phrase of each keyword group.
pub(super) fn topic_words(
    fact: &docdesk::answers::model::Fact,
    concepts: &BTreeMap<String, Vec<String>>,
) -> String {
    fact.about
        .iter()
        .map(|group| as_words(&expanded(group, concepts)[0]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fact's topic that asserts none of its values: from every keyword group,
/// the first phrase sharing no word with a value or a case cue of its checks
/// (or the topic would assert something, or name a case), as words.
pub(super) fn neutral_topic(
    fact: &docdesk::answers::model::Fact,
    concepts: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let values: Vec<String> = fact
        .checks
        .iter()
        .flat_map(|c| {
            expanded(&c.agree, concepts)
                .into_iter()
                .chain(expanded(&c.contradict, concepts))
                .chain(expanded(&c.when, concepts))
        })
        .collect();
    // Words sharing their first four letters are one word here
    // ("ativo", "ativos"; "primeiro", "primeira").
    let root = |w: &str| w.chars().take(4).collect::<String>();
    fact.about
        .iter()
        .map(|g| {
            let g = expanded(g, concepts);
            let plain = g.iter().find(|p| {
                as_words(p).split_whitespace().all(|word| {
                    !values
                        .iter()
                        .any(|v| as_words(v).split_whitespace().any(|w| root(w) == root(word)))
                })
            });
            as_words(plain.unwrap_or(&g[0]))
        })
        .collect()
}
