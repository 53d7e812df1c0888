//! Facts restated with the values their checks agree with (`yes`) or
//! contradict (`no`): plainly, in each cue of a case, said "always" of a
//! case, with what the value claims denied after it or a denial before
//! another value, as steps in the reverse order or in two clauses, beside a
//! command another fact agrees with, with a number naming the topic, or
//! asking for an amount; conditional values and values asked without their
//! case (`depends`); shorthand and synonyms.

use std::collections::BTreeSet;

use docdesk::answers::model::{Fact, Verdict};
use docdesk::answers::{Answer, AnswerEngine, Question};
use docdesk::lang::Lang;

use super::{
    FRAMES, Restatement, as_words, assert_each_verdict, assert_generated, assert_mostly, case_restatements,
    check_every_restatement, check_restatements, engine, expanded, is_plain, lead_agrees, negative_words,
    neutral_topic, phrase_words, record_unless, restatements, topic_words, typed_values,
};

#[test]
fn restated_facts_get_the_verdict_of_their_values_in_both_languages() {
    let (engine, search) = engine();
    let questions = |r: &Restatement| {
        (FRAMES.iter())
            .flat_map(|(lang, before, after)| {
                let not = if *lang == Lang::En { "not" } else { "não" };
                [
                    (format!("{before} {}{after}", r.claim("")), *lang, r.verdict),
                    (
                        format!("{before} {}{after}", r.claim(not)),
                        *lang,
                        r.verdict.opposite(),
                    ),
                ]
            })
            .collect()
    };
    let what = "generated questions answered against their values";
    check_every_restatement(&engine, &search, questions, 500, what);
}

#[test]
fn every_cue_of_a_case_names_that_case() {
    // Each way the content spells a case picks it: "after upgrading the
    // passive nodes" names the phase after them, as "once all the passive
    // nodes are done" does, not the passive nodes' own.
    let (engine, search) = engine();
    let questions = |r: &Restatement| {
        let claim = r.claim("");
        vec![
            (format!("Is it true that {claim}?"), Lang::En, r.verdict),
            (format!("É verdade que {claim}?"), Lang::PtBr, r.verdict),
        ]
    };
    let restated = case_restatements(&engine);
    let what = "restatements in each case cue answered against their value";
    check_restatements(&engine, &search, restated, questions, (10, 500, what));
}

/// A value the article states for a case holds in every instance of it:
/// "does CCR always have exactly one passive node?" claims no more than the
/// question without "always", and gets its verdict; what is only possible in
/// a case (SCC "can have" several passive nodes) does not hold always.
#[test]
fn always_said_of_a_named_case_claims_its_value() {
    let (engine, search) = engine();
    let ask = |q: &str, lang: Lang| engine.answer(&Question::new(q, Some(lang)), &search);
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in restatements(&engine).iter().filter(|r| !r.context.is_empty()) {
        for (lang, frame, universal) in [
            (Lang::En, "Is it true that {claim}?", "always"),
            (Lang::PtBr, "É verdade que {claim}?", "sempre"),
        ] {
            let plain = frame.replace("{claim}", &r.claim(""));
            // Only claims read as themselves say anything here.
            if ask(&plain, lang).verdict != Some(r.verdict) {
                continue;
            }
            let question = frame.replace("{claim}", &r.claim(universal));
            // What is only possible in its case does not hold always.
            let want = match r.possible {
                true => Verdict::No,
                false => r.verdict,
            };
            checked += 1;
            let answer = ask(&question, lang);
            if answer.verdict != Some(want) {
                failures.push(format!(
                    "{question:?} → {:?}, without {universal:?} {:?}",
                    answer.verdict, r.verdict
                ));
            }
            // "Always" said in another clause claims nothing of what is
            // only possible in this one.
            if !r.possible {
                continue;
            }
            let other_clause = frame.replace("{claim}", &format!("{universal} so, while {}", r.claim("")));
            checked += 1;
            let answer = ask(&other_clause, lang);
            if answer.verdict != Some(r.verdict) {
                failures.push(format!(
                    "{other_clause:?} → {:?}, alone {:?}",
                    answer.verdict, r.verdict
                ));
            }
        }
    }
    assert_generated(&failures, checked, 100, "values of a named case claimed always");
}

#[test]
fn a_question_for_an_amount_is_about_what_it_counts() {
    // "Quantos nós passivos vou atualizar antes de mover o CMS?" asks for a
    // count; without CCR or SCC named, the count depends on which. A rest
    // that names another fact in full may still outweigh it (a few of the
    // generated word strings do): at most one in five.
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in kb.facts.facts.iter().filter(|f| f.id != "passive-node-count") {
        let tail = neutral_topic(fact, concepts).join(" ");
        if ["ccr", "scc"].iter().any(|case| tail.contains(case)) {
            continue;
        }
        for (lang, question) in [
            (
                Lang::En,
                format!("How many passive nodes do I upgrade before {tail}?"),
            ),
            (
                Lang::PtBr,
                format!("Quantos nós passivos eu atualizo antes de {tail}?"),
            ),
        ] {
            checked += 1;
            let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
            if answer.interpretation.fact.as_deref() != Some("passive-node-count")
                || answer.verdict != Some(Verdict::Depends)
            {
                failures.push(format!(
                    "{question:?} → {:?} {:?}",
                    answer.interpretation.fact, answer.verdict
                ));
            }
        }
    }
    assert_mostly(
        &failures,
        checked,
        20,
        5,
        "questions for a count read as something else",
    );
}

/// A denial of what the statement says of its value, after the value.
const DENIED_PREDICATES: [(Lang, &str); 7] = [
    (Lang::En, "is not supported, right?"),
    (Lang::En, "isn't possible, right?"),
    (Lang::En, "is unsupported, right?"),
    (Lang::En, "is impossible, right?"),
    (Lang::PtBr, "não é suportado, né?"),
    (Lang::PtBr, "não é possível, certo?"),
    (Lang::PtBr, "é impossível, né?"),
];

#[test]
fn denying_what_a_restated_value_claims_turns_its_verdict_around() {
    // "Setup.exe can't be used to upgrade, right?" is true because Setup.exe
    // is the value the article rules out.
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let cues = &kb.lexicon.assertions;
    // A value that carries a cue of its own ("para o nó que", "tenho que",
    // "não é possível") makes the frame mean something else.
    let cue_words = phrase_words(
        [&cues.relative, &cues.requirement, &cues.negation, &cues.predicate]
            .into_iter()
            .flatten(),
    );
    // A fact whose values are predicates ("not possible" agrees that the
    // in-place upgrade is impossible) reads the denial as a value.
    let predicates = phrase_words(&cues.predicate);
    let restated = restatements(&engine).into_iter().filter(|r| {
        let values = (r.fact.checks.iter()).flat_map(|c| c.agree.iter().chain(&c.contradict));
        r.value.split_whitespace().all(|w| !cue_words.contains(w))
            && phrase_words(values).is_disjoint(&predicates)
    });
    let questions = |r: &Restatement| {
        (DENIED_PREDICATES.iter())
            .map(|(lang, denial)| (format!("{} {denial}", r.claim("")), *lang, r.verdict.opposite()))
            .collect()
    };
    let what = "denied restatements answered against their values";
    check_restatements(&engine, &search, restated, questions, (5, 300, what));
}

#[test]
fn shorthand_and_synonyms_read_as_the_words_they_stand_for() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    assert!(
        !kb.lexicon.shorthand.is_empty() && !kb.lexicon.synonyms.is_empty(),
        "the lexicon declares no shorthand or no synonyms"
    );
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = topic_words(fact, &kb.lexicon.concepts);
        for (short, long) in kb.lexicon.shorthand.iter().chain(&kb.lexicon.synonyms) {
            let read = |text: String| engine.answer(&Question::new(&text, None), &search);
            let (spelled, abbreviated) = (
                read(format!("{long} {topic}?")),
                read(format!("{short} {topic}?")),
            );
            checked += 1;
            let seen = |a: &Answer| (a.verdict, a.interpretation.fact.clone(), a.answer.clone(), a.lang);
            // An answer that quotes what the question names not covered
            // quotes it as written ("covers sp 3"); words the content itself
            // writes ("the original active node") are no quote.
            let mut abbreviated = abbreviated;
            if short.contains(' ') && !spelled.answer.contains(short.as_str()) {
                abbreviated.answer = abbreviated.answer.replace(short.as_str(), long);
            }
            if seen(&spelled) != seen(&abbreviated) {
                failures.push(format!(
                    "{short:?} {topic:?} → {:?}; {long:?} → {:?}",
                    seen(&abbreviated),
                    seen(&spelled)
                ));
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        100,
        "shorthand or synonym questions read differently from the words they stand for",
    );
}

#[test]
fn a_conditional_value_asked_without_its_case_gets_it_depends() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let negations = negative_words(&kb.lexicon);
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, concepts).join(" ");
        let conditional = (fact.checks.iter())
            .filter(|c| c.when.is_empty())
            .flat_map(|c| expanded(&c.conditional, concepts))
            .filter(|p| is_plain(p, &negations));
        for phrase in conditional {
            for (lang, before, after) in FRAMES {
                let question = format!("{before} {topic} {}{after}", as_words(&phrase));
                let answer = engine.answer(&Question::new(question.trim(), Some(lang)), &search);
                if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                    continue;
                }
                checked += 1;
                if answer.verdict != Some(Verdict::Depends) || !lead_agrees(&answer, &engine) {
                    failures.push(format!(
                        "{}: {question:?} → {:?}: {}",
                        fact.id, answer.verdict, answer.answer
                    ));
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        20,
        "conditional questions did not get \"it depends\"",
    );
}

/// A question asking for a fact's value without naming its case gets "it
/// depends" only where two cases state values of their own ("How many
/// passive nodes?"); where only one does, the other only ruling a value out
/// ("What is the Setup wizard for?"), it gets the sentence.
#[test]
fn a_value_asked_without_its_case_depends_only_where_cases_state_different_values() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let frames = [
        (Lang::En, "What does the article say about {topic}?"),
        (Lang::En, "What is the deal with {topic}?"),
        (Lang::PtBr, "O que o artigo diz sobre {topic}?"),
        (Lang::PtBr, "Qual é a orientação sobre {topic}?"),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut kinds = BTreeSet::new();
    for fact in &kb.facts.facts {
        let cases: Vec<_> = (fact.checks.iter())
            .filter(|c| !c.when.is_empty() && c.numbers.is_none())
            .collect();
        if cases.len() < 2 {
            continue;
        }
        let stating = (cases.iter())
            .filter(|c| !c.agree.is_empty() || !c.conditional.is_empty())
            .count();
        let want = (stating >= 2).then_some(Verdict::Depends);
        let topic = neutral_topic(fact, &kb.lexicon.concepts).join(" ");
        for (lang, frame) in frames {
            let question = frame.replace("{topic}", &topic);
            let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
            if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                continue;
            }
            checked += 1;
            kinds.insert(want.is_some());
            if answer.verdict != want || !lead_agrees(&answer, &engine) {
                failures.push(format!(
                    "{}: {question:?} → {:?}, expected {want:?}: {}",
                    fact.id, answer.verdict, answer.answer
                ));
            }
        }
    }
    assert_eq!(kinds.len(), 2, "facts of both kinds are asked about");
    assert_generated(
        &failures,
        checked,
        12,
        "value questions answered with the wrong kind",
    );
}

/// Two steps of a fact's `order` said the other way round ("first B, then
/// A", "B before A", "depois de B, A") make the claim false, in both
/// languages; said in the article's order they make it false only where
/// the steps said with no order do.
#[test]
fn steps_said_in_the_reverse_order_are_false() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let frames = [
        (Lang::En, "First {b}, then {a}, right?"),
        (Lang::En, "We {b} before we {a}, right?"),
        (Lang::En, "Is it true that we {a} after we {b}?"),
        (Lang::PtBr, "Primeiro {b}, depois {a}, né?"),
        (Lang::PtBr, "A gente {b} antes de {a}, certo?"),
        (Lang::PtBr, "Depois de {b}, {a}, né?"),
    ];
    let mut failures = Vec::new();
    let mut elsewhere = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, &kb.lexicon.concepts).join(" ");
        let steps: Vec<Vec<String>> = (fact.order.iter())
            .map(|step| {
                expanded(step, &kb.lexicon.concepts)
                    .iter()
                    .map(|p| as_words(p))
                    .collect()
            })
            .collect();
        for (i, earlier) in steps.iter().enumerate() {
            for later in &steps[i + 1..] {
                // Each phrase of each step at least once, paired in turn.
                let pairs = (0..earlier.len().max(later.len()))
                    .map(|k| (&earlier[k % earlier.len()], &later[k % later.len()]));
                for (a, b) in pairs {
                    for (lang, frame) in frames {
                        for (a, b, reversed) in [(a, b, true), (b, a, false)] {
                            let question = format!("{topic}: {}", frame.replace("{a}", a).replace("{b}", b));
                            let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                            // Facts sharing the order read it alike.
                            let read_as = (kb.facts.facts.iter())
                                .find(|f| answer.interpretation.fact.as_deref() == Some(f.id.as_str()));
                            if read_as.is_none_or(|f| f.order != fact.order) {
                                elsewhere
                                    .push(format!("{question:?} read as {:?}", answer.interpretation.fact));
                                continue;
                            }
                            checked += 1;
                            // In the article's order, the steps get what
                            // they get said with no order at all.
                            let unordered = || {
                                let tag = if lang == Lang::En { "right" } else { "né" };
                                let question = format!("{topic}: {b}, {a}, {tag}?");
                                engine
                                    .answer(&Question::new(&question, Some(lang)), &search)
                                    .verdict
                            };
                            let wrong = match reversed {
                                true => answer.verdict != Some(Verdict::No),
                                false => {
                                    answer.verdict == Some(Verdict::No) && unordered() != Some(Verdict::No)
                                }
                            };
                            if wrong || !lead_agrees(&answer, &engine) {
                                failures.push(format!(
                                    "{}: {question:?} → {:?}: {}",
                                    fact.id, answer.verdict, answer.answer
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        elsewhere.len() * 4 < checked,
        "{} of {checked} read as another fact:\n{}",
        elsewhere.len(),
        elsewhere.join("\n")
    );
    assert_generated(&failures, checked, 300, "steps in an order answered against it");
}

/// A value the check for a named case finds wrong ("public folders with
/// Move-Mailbox") is wrong even beside the topic of another fact that
/// agrees with the value in general (the new cluster, where mailboxes go
/// with Move-Mailbox).
#[test]
fn a_value_wrong_in_the_case_named_is_never_confirmed() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let negations = negative_words(&kb.lexicon);
    let words = |phrases: &[String]| -> Vec<String> {
        expanded(phrases, concepts).iter().map(|p| as_words(p)).collect()
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        for check in fact
            .checks
            .iter()
            .filter(|c| c.numbers.is_none() && !c.when.is_empty())
        {
            let cue = &words(&check.when)[0];
            for value in words(&check.contradict)
                .iter()
                .filter(|v| is_plain(v, &negations))
            {
                // Other facts that agree with the value where no case is named.
                let agreeing = (kb.facts.facts.iter()).filter(|other| {
                    other.id != fact.id
                        && (other.checks.iter()).any(|c| c.when.is_empty() && words(&c.agree).contains(value))
                });
                for other in agreeing {
                    let topic = neutral_topic(other, concepts).join(" ");
                    // A topic that already says one of the check's values or
                    // names its case ("move the CMS offline to a passive
                    // node") asks something else.
                    let says = |phrase: &str| {
                        phrase
                            .split_whitespace()
                            .any(|w| topic.split_whitespace().any(|t| t == w))
                    };
                    let values = words(&check.agree).into_iter().chain(words(&check.contradict));
                    if says(cue) || values.clone().any(|v| says(&v)) {
                        continue;
                    }
                    for (lang, before, after) in FRAMES {
                        let question = format!("{before} {topic} {cue} {value}{after}");
                        let answer = engine.answer(&Question::new(question.trim(), Some(lang)), &search);
                        checked += 1;
                        if answer.verdict == Some(Verdict::Yes) || !lead_agrees(&answer, &engine) {
                            failures.push(format!(
                                "{}: {question:?} → {:?} as {:?}: {}",
                                fact.id, answer.verdict, answer.interpretation.fact, answer.answer
                            ));
                        }
                    }
                }
            }
        }
    }
    assert_generated(&failures, checked, 20, "values wrong in their case confirmed");
}

/// A phrase's gap skips no word that joins two clauses: "the active node
/// first and the passive node afterwards" is no "first … passive node".
#[test]
fn an_order_stated_in_two_clauses_is_read_in_its_clauses() {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    let frames = [
        (
            Lang::En,
            "Can I upgrade {first} to Exchange 2007 SP1 first and do {then} afterwards?",
        ),
        (
            Lang::En,
            "Is it OK to upgrade {first} to SP2 first and take care of {then} afterwards?",
        ),
        (
            Lang::PtBr,
            "Posso atualizar {first} pro SP1 primeiro e deixar {then} pra depois?",
        ),
        (
            Lang::PtBr,
            "Dá pra atualizar {first} pro SP2 primeiro e fazer {then} depois?",
        ),
    ];
    let nodes = |lang| match lang {
        Lang::En => (
            ["the active node", "the active one"],
            ["the passive node", "the passive one"],
        ),
        _ => (["o nó ativo", "o ativo"], ["o nó passivo", "o passivo"]),
    };
    for (lang, frame) in frames {
        let (active, passive) = nodes(lang);
        for (a, p) in active.iter().zip(passive) {
            for (first, then, want) in [(a, p, Verdict::No), (&p, a, Verdict::Yes)] {
                let question = frame.replace("{first}", first).replace("{then}", then);
                let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                checked += 1;
                record_unless(&mut failures, &question, &answer, want, &engine);
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        10,
        "orders stated in two clauses answered wrongly",
    );
}

/// A denial is said of the value right before it: denying a value the
/// article states while asserting one it contradicts ("SP1 doesn't support
/// 2008 at all, only SP2 does, right?") is false.
#[test]
fn a_denial_is_said_of_the_value_before_it() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let plain = |phrases: &[String]| typed_values(&engine, phrases).into_iter().next();
    let frames = [
        (
            Lang::En,
            "{denied} doesn't support {topic} at all, only {asserted} does, right?",
        ),
        (
            Lang::PtBr,
            "{denied} não suporta {topic} de jeito nenhum, só {asserted} suporta, né?",
        ),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, concepts).join(" ");
        for check in fact.checks.iter().filter(|c| c.when.is_empty()) {
            let (Some(agreed), Some(contradicted)) = (plain(&check.agree), plain(&check.contradict)) else {
                continue;
            };
            for (lang, frame) in frames {
                let question = (frame.replace("{topic}", &topic))
                    .replace("{denied}", &agreed)
                    .replace("{asserted}", &contradicted);
                let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                    continue;
                }
                checked += 1;
                if answer.verdict == Some(Verdict::Yes) || !lead_agrees(&answer, &engine) {
                    failures.push(format!(
                        "{}: {question:?} → {:?}: {}",
                        fact.id, answer.verdict, answer.answer
                    ));
                }
            }
        }
    }
    assert_generated(&failures, checked, 10, "denials of a stated value confirmed");
}

/// A false claim stays false when the question adds a command another fact
/// agrees with: "Pra ir pro SP1 preciso criar um cluster novo e mover as
/// caixas com Move-Mailbox?" is `no`, though Move-Mailbox is how mailboxes
/// move to a new cluster.
#[test]
fn a_command_another_fact_agrees_with_leaves_a_false_claim_false() {
    let (engine, search) = engine();
    let commands: Vec<(String, String)> = (agreed_commands(&engine).into_iter())
        .map(|(fact, command)| (fact.id.clone(), command))
        .collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for wrong in restatements(&engine).iter().filter(|r| r.verdict == Verdict::No) {
        // Only claims read as false on their own say anything here.
        let alone = format!("Is it true that {}?", wrong.claim(""));
        if engine
            .answer(&Question::new(&alone, Some(Lang::En)), &search)
            .verdict
            != Some(Verdict::No)
        {
            continue;
        }
        for (_, command) in commands.iter().filter(|(id, _)| *id != wrong.fact.id).take(3) {
            let question = format!("Is it true that {} and that I use {command}?", wrong.claim(""));
            checked += 1;
            let answer = engine.answer(&Question::new(&question, Some(Lang::En)), &search);
            if answer.verdict == Some(Verdict::Yes) {
                failures.push(format!("{question:?} → {:?}: {}", answer.verdict, answer.answer));
            }
        }
    }
    // Where the command's own fact outscores a claim of bare word strings
    // by far ("sp1 new cluster upgrad required and that I use setup com"),
    // it still wins: a few do; the same said in words is `no`.
    assert_mostly(
        &failures,
        checked,
        100,
        100,
        "false claims made true by another fact's command",
    );
}

/// A number right after the topic's words numbers the thing they name
/// ("Update Rollup 5"): it asserts no amount, and the claim gets the verdict
/// it gets without it; a fact that checks numbers still reads it ("KB
/// 304781").
#[test]
fn a_number_naming_the_topic_asserts_nothing() {
    let (engine, search) = engine();
    let ask = |q: &str, lang: Lang| engine.answer(&Question::new(q, Some(lang)), &search).verdict;
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in restatements(&engine) {
        let numbered = r.fact.checks.iter().any(|c| c.numbers.is_some());
        if numbered || !r.context.is_empty() || r.topic.is_empty() {
            continue;
        }
        for (lang, opening) in [(Lang::En, "Is it true that"), (Lang::PtBr, "É verdade que")] {
            let plain = ask(&format!("{opening} {} {}?", r.topic, r.value), lang);
            if plain != Some(r.verdict) {
                continue;
            }
            let question = format!("{opening} {} 7 {}?", r.topic, r.value);
            checked += 1;
            let verdict = ask(&question, lang);
            if verdict != plain {
                failures.push(format!(
                    "{question:?} → {verdict:?}, without the number {plain:?}"
                ));
            }
        }
    }
    assert_generated(&failures, checked, 200, "claims whose topic is numbered");
}

/// A command said with the words of the fact it belongs to ("…e mover as
/// caixas com o Move-Mailbox") is checked by that fact: a true claim of
/// another fact beside it stays true ("Vou migrar pro 2008: tenho que montar
/// um cluster novo e mover as caixas com o Move-Mailbox?" is `yes`).
#[test]
fn a_command_said_with_its_own_facts_words_is_checked_by_that_fact() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    // Each fact's commands, with the words of its topic.
    let commands: Vec<(String, String, String)> = (agreed_commands(&engine).into_iter())
        .map(|(fact, command)| (fact.id.clone(), neutral_topic(fact, concepts).join(" "), command))
        .collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for right in restatements(&engine).iter().filter(|r| r.verdict == Verdict::Yes) {
        let alone = format!("Is it true that {}?", right.claim(""));
        if engine
            .answer(&Question::new(&alone, Some(Lang::En)), &search)
            .verdict
            != Some(Verdict::Yes)
        {
            continue;
        }
        for (_, topic, command) in commands.iter().filter(|(id, _, _)| *id != right.fact.id).take(3) {
            let question = format!(
                "Is it true that {} and that I {topic} with {command}?",
                right.claim("")
            );
            let answer = engine.answer(&Question::new(&question, Some(Lang::En)), &search);
            if answer.interpretation.fact.as_deref() != Some(right.fact.id.as_str()) {
                continue;
            }
            checked += 1;
            if answer.verdict != Some(Verdict::Yes) {
                failures.push(format!("{question:?} → {:?}: {}", answer.verdict, answer.answer));
            }
        }
    }
    assert_mostly(
        &failures,
        checked,
        50,
        10,
        "true claims left unchecked by a command said with its fact's words",
    );
}

/// Every command a fact agrees with, as a person would type it
/// ("move-mailbox", "setup com"), with its fact.
fn agreed_commands(engine: &AnswerEngine) -> Vec<(&Fact, String)> {
    (engine.knowledge().facts.facts.iter())
        .flat_map(|fact| {
            let agreed: Vec<String> = fact.checks.iter().flat_map(|c| c.agree.clone()).collect();
            (typed_values(engine, &agreed).into_iter())
                .filter(|value| value.contains('-') || value.contains(" exe") || value.contains(" com"))
                .map(move |value| (fact, value))
        })
        .collect()
}

/// A command the documents never mention, said to be the one the article
/// gives ("The doc says to move the Cluster Group with Move-ClusterGroup,
/// right?"), misquotes the fact's own command: `no`. Asked without putting
/// it in the article's mouth, it stays something the article is silent on.
#[test]
fn a_command_the_article_is_said_to_give_but_never_names_is_no() {
    let (engine, search) = engine();
    let gives_command = |fact: &Fact| {
        let statement = &fact.statement.en;
        statement.contains(".exe") || statement.contains(".com") || statement.contains("-Mailbox")
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    let ask = |question: &str, lang: Lang| engine.answer(&Question::new(question, Some(lang)), &search);
    for r in restatements(&engine)
        .iter()
        .filter(|r| r.verdict == Verdict::Yes && r.context.is_empty() && gives_command(r.fact))
    {
        let claim = r.claim("");
        // Only claims the fact confirms on their own say anything here.
        if ask(&format!("Is it true that {claim}?"), Lang::En).verdict != Some(Verdict::Yes) {
            continue;
        }
        let cases = [
            (
                Lang::En,
                format!("The article says that {claim} with Move-Widget, right?"),
                Verdict::No,
            ),
            (
                Lang::PtBr,
                format!("O artigo diz que {claim} com o Move-Widget, certo?"),
                Verdict::No,
            ),
            (
                Lang::En,
                format!("Is it true that {claim} with Move-Widget?"),
                Verdict::NotDocumented,
            ),
        ];
        for (lang, question, want) in cases {
            checked += 1;
            let answer = ask(&question, lang);
            if answer.verdict != Some(want) {
                failures.push(format!("{question:?} → {:?}, expected {want:?}", answer.verdict));
            }
        }
    }
    assert_mostly(
        &failures,
        checked,
        30,
        20,
        "commands said to be the article's answered other than no",
    );
}

/// Details restated in words of their own: where the upgrade starts ("start
/// the SP2 rollout by upgrading the active node", "começar pelo nó
/// ativo"), when the rollups go ("depois que o SP2 já foi instalado"),
/// going "SP2 direto" from RTM, and how hard the article says it is.
#[test]
fn details_restated_in_other_words_are_checked() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "Should I start the SP2 rollout by upgrading the active node?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Should I start the SP2 rollout by upgrading the passive node?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Posso começar a atualização para o SP2 pelo nó ativo do cluster?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Os pacotes cumulativos de atualizações são removidos pelo setup depois que o SP2 já foi instalado?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Da pra aplicar o SP2 direto num servidor de caixas clusterizado que ainda ta no RTM?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Is the RTM to SP2 upgrade of a clustered mailbox server complex?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A case's cue inside a longer value of the fact is part of that value:
/// "public folder replication" names the tool, not the public folders, so
/// moving mailboxes with it is still wrong, and moving public folder data
/// with it is right.
#[test]
fn a_cue_inside_a_longer_value_names_no_case() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "The mailboxes are on the new cluster already. Is public folder replication how I move the public folder data too?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Posso usar a replicação de pasta pública para migrar os dados das pastas públicas?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Para levar as caixas de correio para o cluster 2008 eu uso a replicação de pasta pública, certo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Can I move the mailboxes with public folder replication?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Should I move the public folders with the Move Mailbox wizard?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Devo usar o assistente de instalação do Exchange para mover as caixas de correio pro cluster novo?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A command line the article gives in full, quoted with a switch the
/// documents never name, misquotes it: `no`, whoever is said to give it.
/// A condition the question states is met: needing Remote Desktop with
/// several operating systems is what the article says. Both halves of a
/// choice left open leave the case open.
#[test]
fn misquoted_switches_stated_conditions_and_open_choices_are_read() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::PtBr,
            "O comando pra mover o grupo padrão do cluster é cluster.exe group \"Cluster Group\" /failover:<nó>, certo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "To move the default group I run Cluster.exe group \"Cluster Group\" /failover:NODE1, right?",
            Verdict::No,
        ),
        (
            Lang::En,
            "To move the default group I run Cluster.exe group \"Cluster Group\" /move:NODE1, right?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Se a gente tem vários sistemas operacionais misturados, pode ser que precise usar área de trabalho remota pra gerenciar os Exchange?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Do I need Remote Desktop to manage the clusters?",
            Verdict::Depends,
        ),
        (
            Lang::PtBr,
            "Dá pra fazer atualização rolling no nosso cluster? Não sei se é do Exchange ou do Windows.",
            Verdict::Depends,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A Windows Server 2008 node added to a Windows Server 2003 cluster, or a
/// Windows Server 2003 node left running in the new cluster, is the mixed
/// cluster the article rules out, however the plan is worded.
#[test]
fn a_cluster_mixing_both_systems_is_no() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "Can we add a Windows 2008 node to our Windows 2003 cluster and move the CMS onto it?",
            Verdict::No,
        ),
        (
            Lang::En,
            "We'll join two Windows Server 2008 nodes to the existing 2003 cluster. Is that supported?",
            Verdict::No,
        ),
        (
            Lang::En,
            "In the new Windows Server 2008 cluster, can one node keep running Windows Server 2003 for now?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Dá pra adicionar um nó com Windows 2008 no cluster 2003 que já temos?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "No cluster novo de 2008, posso deixar um dos nós rodando Windows 2003?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Para ir pro Windows 2008, eu crio um cluster novo com todos os nós em 2008?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Who calls failover clusters "server clusters" is the claim: earlier
/// Windows versions did, Windows Server 2008 does not, however many words
/// stand between the system and the name.
#[test]
fn the_old_name_is_earlier_windows_versions_not_windows_server_2008s() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "O Windows Server 2008 chama os seus clusters de failover de clusters de servidor?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Does Windows Server 2008 call its failover clusters server clusters?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Is it true that what Windows Server 2008 calls failover clusters were called server clusters in earlier versions?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Nas versões anteriores do Windows, os clusters de failover eram chamados de clusters de servidor?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Nas versões anteriores do Windows, os clusters de failover se chamavam clusters de rede?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Were failover clusters called network clusters in earlier Windows versions?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// The tip lets the CMS go online on the first upgraded passive node; it
/// does not make upgrading every passive node first wrong. Only a claim
/// that one must wait for all of them is false.
#[test]
fn the_tip_makes_waiting_optional_not_wrong() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "Temos um SCC com 4 nós passivos e 1 ativo. No roteiro normal, atualizo todos os passivos antes de mover o CMS?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "In the usual procedure, do I upgrade all the passive nodes before I move the CMS?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Must I wait until every passive node is on SP2 before the CMS can go online on an upgraded node?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Tenho que esperar todos os passivos ficarem prontos antes de colocar o CMS online num nó atualizado?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Rolling a service pack onto the nodes is installing it, not the
/// rolling upgrade; the Windows Server 2003 SP2 prerequisite it installs is
/// required.
#[test]
fn rolling_a_service_pack_onto_the_nodes_is_installing_it() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "We're rolling Windows Server 2003 SP2 onto both nodes before the Exchange work. Is that needed for Exchange SP2?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "I'm rolling Windows Server 2003 SP1 onto the nodes and then starting Exchange SP1. Is that enough?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Mailboxes go to the new Windows Server 2008 cluster with the Move
/// Mailbox wizard or the Move-Mailbox cmdlet: a PST export is another way,
/// which the article does not give.
#[test]
fn mailboxes_move_with_move_mailbox_not_a_pst_export() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "For the new Windows Server 2008 cluster, do we export each mailbox to PST and import it there?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Pro cluster novo do Windows 2008, exporto toda caixa de correio para PST e importo lá?",
            Verdict::No,
        ),
        (
            Lang::En,
            "For the new Windows Server 2008 cluster, do we move the mailboxes with the Move-Mailbox cmdlet?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Other cluster groups go off the passive node before it is upgraded:
/// upgrading it with a group still on it is no, however it is put.
#[test]
fn a_passive_node_is_not_upgraded_with_a_group_still_on_it() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "May I upgrade the passive node while the default cluster group is still sitting on it?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Dá pra atualizar o nó passivo com o grupo de cluster padrão ainda nele?",
            Verdict::No,
        ),
        (
            Lang::En,
            "I'd rather not touch the cluster group on the passive node. Can I just upgrade the node without moving the group?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Should the cluster group be moved off the passive node before I upgrade it?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Setup removes the rollups itself: a claim that Setup makes the admin
/// remove them is no agreement with that, and rollups said to sit on top of
/// RTM are the state the upgrade starts from, not a claim they stay.
#[test]
fn who_removes_the_rollups_is_the_claim() {
    let (engine, search) = engine();
    let question = "Setup requires me to uninstall the update rollups before SP2, right?";
    let answer = engine.answer(&Question::new(question, Some(Lang::En)), &search);
    assert_ne!(
        answer.verdict,
        Some(Verdict::Yes),
        "{question}: {}",
        answer.answer
    );
    let questions = [
        (
            Lang::PtBr,
            "Tenho rollups instalados em cima do Exchange 2007 RTM. Posso rodar o SP1 direto que ele mesmo remove os rollups?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "There are rollups on top of our RTM install. Will SP2 setup remove them by itself?",
            Verdict::Yes,
        ),
        (Lang::En, "Does Setup uninstall the rollups for me?", Verdict::Yes),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Claims a user makes in passing, each turning on one word the fact
/// reads: the original active node left on RTM for good, Exchange SP1 said
/// to run only on Windows Server 2008 or only on standalone servers there,
/// and the CMS taken offline before the passive nodes are all no; a
/// prerequisite called a "hard requirement" is the article's own (yes),
/// while a "hard process" is not.
#[test]
fn claims_turning_on_one_word_get_its_verdict() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "After the move I'll keep the original active node on RTM permanently as a standby. Is that the procedure?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Depois de mover o CMS, vou deixar o nó ativo original no RTM para sempre. Pode?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O Exchange SP1 não roda mais no Windows 2003, só no 2008, né?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O Exchange 2007 SP1 só suporta Windows 2008 em servidor standalone, cluster não, certo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Is Windows Server 2003 SP2 a hard requirement on every node before Exchange SP2?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Is the clustered mailbox server upgrade a hard process?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Preciso tirar o servidor de caixas de correio clusterizado do ar antes de atualizar os nós passivos?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// The tip: after the first passive node, the CMS may go online on it
/// without waiting for the others, however the wait is put.
#[test]
fn the_tip_reads_the_wait_and_the_first_node_however_put() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "Tenho SCC com 3 nós. Preciso esperar os dois passivos terminarem para subir o CMS num passivo atualizado?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Depois que o primeiro nó passivo foi atualizado, posso colocar o CMS online nele?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "After the first passive node was upgraded, can the CMS be brought online on it?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Near misses of this change's phrases: waiting for the first passive
/// node is the tip itself, one passive node done in an SCC leaves the CMS
/// online for the next, 2008 nodes added to the new cluster are the
/// article's procedure, and the last passive node is upgraded before the
/// move.
#[test]
fn the_procedure_said_near_the_new_phrases_stays_right() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "Do I need to wait for the first passive node to be upgraded before I bring the CMS online on it?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "In SCC I upgraded one passive node. Can the CMS stay online while I upgrade the second passive node?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Do I create a new cluster and add Windows Server 2008 nodes to it?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Is the last passive node upgraded before the CMS is moved?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Do I have to wait for the first passive node to be upgraded before bringing the CMS online on it?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Preciso esperar o primeiro nó passivo terminar antes de subir o CMS nele?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}
