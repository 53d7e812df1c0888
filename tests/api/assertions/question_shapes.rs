//! How the form of a question is read: negations and how far they reach
//! (negative concord included), inverted negative auxiliaries, "is it wrong
//! that…", reported questions, alternatives ("or", "any"), contrasts,
//! comparisons of two cases, relative clauses, and questions asking for a
//! value or a choice, and the words opening them, which get no yes or no.

use std::collections::BTreeSet;

use docdesk::answers::model::Verdict;
use docdesk::answers::{Answer, AnswerEngine, Question};
use docdesk::lang::Lang;
use docdesk::search::SearchIndex;

use super::{
    FRAMES, Restatement, as_words, assert_each_verdict, assert_generated, assert_mostly,
    check_every_restatement, check_framed, engine, expanded, is_plain, lead_agrees, negative_words,
    neutral_topic, record_unless, record_yes_or_no, restatements, topic_words, typed_values,
};

#[test]
fn an_inverted_negative_auxiliary_only_asks() {
    // "Isn't it so that…?", "Don't we…?": the negation opens the question
    // and turns nothing around, although "t it", "t we" close a tag too.
    let (engine, search) = engine();
    let openings = ["Isn't it", "Shouldn't it be", "Don't we", "Aren't they"];
    let questions = |r: &Restatement| {
        (openings.iter())
            .map(|opening| (format!("{opening} {}?", r.claim("")), Lang::En, r.verdict))
            .collect()
    };
    let what = "questions opened by a negative auxiliary answered against their values";
    check_every_restatement(&engine, &search, questions, 200, what);
}

#[test]
fn asking_whether_a_claim_is_wrong_turns_its_verdict_around() {
    // "Is it wrong to say that…?" and "É impossível que…?" are no where the
    // claim is right.
    let (engine, search) = engine();
    let openings = [
        (Lang::En, "Is it wrong to say that"),
        (Lang::En, "Would it be a mistake to say"),
        (Lang::PtBr, "É errado dizer que"),
        (Lang::PtBr, "Seria um erro afirmar que"),
        // "Impossível" asks whether the claim cannot hold: the opposite.
        (Lang::PtBr, "É impossível que"),
        (Lang::En, "Is it impossible that"),
    ];
    let questions = |r: &Restatement| {
        let claim = r.claim("");
        (openings.iter())
            .map(|(lang, opening)| (format!("{opening} {claim}?"), *lang, r.verdict.opposite()))
            .collect()
    };
    let what = "questions asking whether a claim is wrong answered as the claim";
    check_every_restatement(&engine, &search, questions, 200, what);
}

/// A bot that reads only the interpretation can tell why a `yes` became a
/// `no`: the question asked whether the claim is wrong.
#[test]
fn the_interpretation_says_when_the_question_asks_the_opposite() {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in restatements(&engine) {
        let claim = r.claim("");
        for (lang, plain, wrong) in [
            (Lang::En, "Is it true that", "Is it wrong to say that"),
            (Lang::PtBr, "É verdade que", "É errado dizer que"),
        ] {
            let ask = |frame: &str| {
                let question = format!("{frame} {claim}?");
                let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                (question, answer)
            };
            let asked = [(ask(plain), false), (ask(wrong), true)];
            // A value strung as a choice ("active or passive?") asks which,
            // not whether.
            let yes_or_no =
                |(_, answer): &(String, Answer)| matches!(answer.verdict, Some(Verdict::Yes | Verdict::No));
            if !asked.iter().all(|(asked, _)| yes_or_no(asked)) {
                continue;
            }
            for ((question, answer), opposite) in asked {
                checked += 1;
                if answer.interpretation.asks_opposite != opposite {
                    failures.push(format!(
                        "{question:?}: asks_opposite {}",
                        answer.interpretation.asks_opposite
                    ));
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        200,
        "questions whose interpretation hides the opposite",
    );
}

#[test]
fn a_value_claimed_of_two_cases_by_a_comparison_holds_only_if_both_agree() {
    // "SCC can only ever have one passive node, same as CCR, right?" claims
    // one passive node of both: false for SCC, so false.
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let plain = |phrases: &[String]| typed_values(&engine, phrases);
    let frames = [
        (Lang::En, "{a} {value}, same as {b}, right?"),
        (Lang::En, "Is it true that {a} {value}, just like {b}?"),
        (Lang::PtBr, "{a} {value}, igual ao {b}, né?"),
        (Lang::PtBr, "É verdade que {a} {value}, assim como o {b}?"),
        (Lang::PtBr, "{a} {value}, como o {b}?"),
        (Lang::PtBr, "{a} tb {value} igual {b}?"),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let cased: Vec<_> = (fact.checks.iter())
            .filter(|c| !c.when.is_empty() && c.numbers.is_none())
            .collect();
        for a in &cased {
            for b in cased.iter().filter(|b| !std::ptr::eq(**b, *a)) {
                let (Some(cue_a), Some(cue_b)) =
                    (plain(&a.when).first().cloned(), plain(&b.when).first().cloned())
                else {
                    continue;
                };
                let b_agrees = plain(&b.agree);
                let b_contradicts = plain(&b.contradict);
                // A value the claim's case contradicts is false whatever the
                // reference says of it.
                let agreed = plain(&a.agree).into_iter().take(4).map(|value| (value, true));
                let contradicted = plain(&a.contradict)
                    .into_iter()
                    .take(4)
                    .map(|value| (value, false));
                for (value, a_agrees) in agreed.chain(contradicted) {
                    // Both cases agree, or one of them contradicts it.
                    let want = match (
                        a_agrees,
                        b_agrees.contains(&value),
                        b_contradicts.contains(&value),
                    ) {
                        (false, _, _) => Verdict::No,
                        (true, true, false) => Verdict::Yes,
                        (true, false, true) => Verdict::No,
                        _ => continue,
                    };
                    let value = &value;
                    for (lang, frame) in frames {
                        let question =
                            (frame.replace("{a}", &cue_a).replace("{b}", &cue_b)).replace("{value}", value);
                        let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                        if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                            continue;
                        }
                        checked += 1;
                        if answer.verdict != Some(want) {
                            failures.push(format!(
                                "{}: {question:?} → {:?}, expected {want:?}",
                                fact.id, answer.verdict
                            ));
                        }
                    }
                }
            }
        }
    }
    assert_generated(&failures, checked, 10, "comparisons read as claims of one case");
}

/// What a contrast sets the claim apart from is not claimed: "Is it true
/// that Setup.exe only creates a new CMS, unlike Setup.com?" is answered by
/// Setup.exe alone, whatever the article says of Setup.com.
#[test]
fn what_a_contrast_sets_apart_is_not_claimed() {
    let (engine, search) = engine();
    let all = restatements(&engine);
    // For each restatement, a value of the same check with the opposite
    // verdict: set apart, it must not turn the answer around.
    let opposite = |r: &Restatement| {
        (all.iter())
            .find(|o| o.fact.id == r.fact.id && o.context == r.context && o.verdict != r.verdict)
            .map(|o| o.value.clone())
    };
    let questions = |r: &Restatement| {
        let Some(other) = opposite(r) else {
            return Vec::new();
        };
        let claim = r.claim("");
        vec![
            (
                format!("Is it true that {claim}, unlike {other}?"),
                Lang::En,
                r.verdict,
            ),
            (format!("{claim} instead of {other}, right?"), Lang::En, r.verdict),
            (
                format!("É verdade que {claim}, ao contrário de {other}?"),
                Lang::PtBr,
                r.verdict,
            ),
            (
                format!("{claim} em vez de {other}, certo?"),
                Lang::PtBr,
                r.verdict,
            ),
        ]
    };
    let what = "claims answered by what a contrast sets apart";
    check_every_restatement(&engine, &search, questions, 500, what);
}

/// A short clause a negation opens after the claim says what the claim is
/// not ("Upgrade the passive node first, not the active node, right?"):
/// what it names is set apart, and the negation denies nothing.
#[test]
fn a_short_clause_saying_what_the_claim_is_not_denies_nothing() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "Upgrade the passive node first, not the active node, right?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Upgrade the active node first, and not the passive node, right?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O pré-requisito é o Windows 2003 SP2, não o SP1, certo?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Atualizo primeiro o nó passivo, e não o ativo, certo?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "The Windows Server 2003 SP2 requirement only applies to Exchange SP2, not SP1, right?",
            Verdict::No,
        ),
        (
            Lang::En,
            "CCR has one passive node, not two, right?",
            Verdict::Yes,
        ),
        // A predicate there denies.
        (
            Lang::En,
            "Setup.exe can upgrade an existing CMS, not supported, right?",
            Verdict::Yes,
        ),
        // Without something is a claim, not a contrast.
        (
            Lang::PtBr,
            "o admin falou que os clusters de failover do 2008 sao basicamente iguais aos clusters de servidor do 2003, sem mudanca relevante. ta certo?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A tag closing the asking sentence after a comma asks to confirm what
/// comes before it, whatever word opens the sentence.
#[test]
fn a_closing_tag_asks_to_confirm_whatever_opens_the_question() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::PtBr,
            "o que no windows 2008 se chama cluster de failover era chamado de cluster de servidor nas versoes antigas do windows, confere?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "What Windows Server 2008 calls failover clusters were called server clusters before, right?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O que se usa para atualizar o nó passivo é o Setup.exe, certo?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A clause that opens with "or" and says more offers a second claim to
/// choose from ("…tem que ser colocado offline, ou dá pra mover online?"):
/// no yes or no answers that. "…, or not?" still asks the first.
#[test]
fn a_clause_offering_another_claim_makes_a_choice() {
    let (engine, search) = engine();
    let all = restatements(&engine);
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in &all {
        let Some(other) = (all.iter()).find(|o| o.fact.id == r.fact.id && o.verdict != r.verdict) else {
            continue;
        };
        let (claim, other) = (r.claim(""), other.claim(""));
        let asked = [
            (
                format!("Is it true that {claim}, or is it that {other}?"),
                Lang::En,
                None,
            ),
            (
                format!("É verdade que {claim}, ou dá pra dizer que {other}?"),
                Lang::PtBr,
                None,
            ),
            // A later sentence opening with "or" offers its claim too.
            (
                format!("É verdade que {claim}? ou dá pra dizer que {other}?"),
                Lang::PtBr,
                None,
            ),
            (
                format!("Is it true that {claim}, or not?"),
                Lang::En,
                Some(r.verdict),
            ),
            (
                format!("É verdade que {claim}, ou não?"),
                Lang::PtBr,
                Some(r.verdict),
            ),
        ];
        for (question, lang, want) in asked {
            let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
            // Word salad may read as another fact; the verdict then is its own.
            if want.is_some() && answer.interpretation.fact.as_deref() != Some(r.fact.id.as_str()) {
                continue;
            }
            checked += 1;
            let yes_or_no = matches!(answer.verdict, Some(Verdict::Yes | Verdict::No));
            let wrong = match want {
                None => yes_or_no,
                Some(want) => yes_or_no && answer.verdict != Some(want),
            };
            if wrong {
                failures.push(format!("{question:?} → {:?}, expected {want:?}", answer.verdict));
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        500,
        "choices between two claims answered yes or no",
    );
}

/// An alternative after a word that leaves the choice open lists what the
/// claim covers: "…on any node of the cluster, active or passive?" asks
/// whether any node will do (no: only a passive one), not which; without
/// that word the same alternative asks which, and gets no yes or no.
#[test]
fn an_alternative_after_any_lists_what_the_claim_covers() {
    let (engine, search) = engine();
    let frames = [
        (
            Lang::En,
            "Can {upgrade} be run on {any}node of the cluster, {alternative}?",
        ),
        (
            Lang::En,
            "Is it OK to install {upgrade} on {any}cluster node, {alternative}?",
        ),
        (
            Lang::PtBr,
            "Dá pra rodar {upgrade} em {any}nó do cluster, {alternative}?",
        ),
        (Lang::PtBr, "Posso instalar {upgrade} em {any}nó, {alternative}?"),
    ];
    let upgrades = [
        (Lang::En, "the Exchange 2007 SP2 upgrade"),
        (Lang::En, "the upgrade to SP1"),
        (Lang::En, "Setup.com for SP2"),
        (Lang::PtBr, "a atualização pro SP2"),
        (Lang::PtBr, "o upgrade pro SP1"),
        (Lang::PtBr, "o Setup.com do SP2"),
    ];
    let alternatives = [
        (Lang::En, "active or passive"),
        (Lang::En, "passive or active"),
        (Lang::En, "either active or passive"),
        (Lang::PtBr, "ativo ou passivo"),
        (Lang::PtBr, "passivo ou ativo"),
        (Lang::PtBr, "seja ativo ou passivo"),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for (lang, frame) in frames {
        let any = if lang == Lang::En { "any " } else { "qualquer " };
        for (_, upgrade) in upgrades.iter().filter(|(l, _)| *l == lang) {
            for (_, alternative) in alternatives.iter().filter(|(l, _)| *l == lang) {
                let framed = frame
                    .replace("{upgrade}", upgrade)
                    .replace("{alternative}", alternative);
                let question = framed.replace("{any}", any);
                checked += 1;
                let answer = engine.answer(&Question::new(&question, None), &search);
                record_unless(&mut failures, &question, &answer, Verdict::No, &engine);
                let which = framed.replace("{any}", if lang == Lang::En { "the " } else { "qual " });
                checked += 1;
                record_yes_or_no(
                    &mut failures,
                    &which,
                    &engine.answer(&Question::new(&which, None), &search),
                );
            }
        }
    }
    assert_generated(&failures, checked, 70, "alternatives after \"any\" read wrongly");
}

/// A negation opening a later sentence that asks only shapes the question,
/// as it does at the start ("Pergunta rápida? Não dá pra rodar o SP2 direto
/// no ativo?" asks whether one can): a question before it that names
/// nothing of the article changes no verdict.
#[test]
fn a_negation_opening_a_later_question_only_asks() {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    // A value that is also a statement cue ("confirmed") makes the question
    // a statement to confirm, whose opening negation is a claim.
    let states = |r: &Restatement| r.value.starts_with("confirm");
    for r in restatements(&engine).into_iter().filter(|r| !states(r)) {
        let claim = r.claim("");
        for (lang, opening, question) in [
            (Lang::PtBr, "Pergunta rápida?", format!("Não dá pra {claim}?")),
            (Lang::PtBr, "Alguém sabe?", format!("Não é possível {claim}?")),
            (Lang::En, "Quick question?", format!("Not possible that {claim}?")),
        ] {
            let alone = engine.answer(&Question::new(&question, Some(lang)), &search);
            let after = format!("{opening} {question}");
            let answer = engine.answer(&Question::new(&after, Some(lang)), &search);
            checked += 1;
            if (&answer.interpretation.fact, answer.verdict) != (&alone.interpretation.fact, alone.verdict) {
                failures.push(format!(
                    "{after:?} → {:?} {:?}, alone {:?} {:?}",
                    answer.interpretation.fact, answer.verdict, alone.interpretation.fact, alone.verdict
                ));
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        500,
        "negative questions read differently after another question",
    );
}

#[test]
fn a_reported_question_is_asked_after_the_words_that_report_it() {
    // Help-desk tickets relay a question with no question mark: "O cliente
    // quer saber se <claim>." asks the claim, whatever the ticket says after.
    let (engine, search) = engine();
    let questions = |r: &Restatement| {
        let claim = r.claim("");
        vec![
            (
                format!("The customer wants to know whether {claim}."),
                Lang::En,
                r.verdict,
            ),
            (
                format!("Ticket 12. The admin asks if {claim}. Urgent."),
                Lang::En,
                r.verdict,
            ),
            (format!("O cliente quer saber se {claim}."), Lang::PtBr, r.verdict),
            (
                format!("Chamado 12. O analista pergunta se {claim}. Urgente."),
                Lang::PtBr,
                r.verdict,
            ),
        ]
    };
    let what = "reported questions answered against their values";
    check_every_restatement(&engine, &search, questions, 500, what);
}

/// Asks, of every fact's unscoped checks, each frame with one value denied
/// and another asserted (`{topic}`, `{denied}`, `{asserted}`): a
/// contradicted value denied and an agreed one asserted is right (`yes`),
/// and the other way round wrong (`no`). `check` gets each question read as
/// its own fact: the fact's id, the question, the verdict it should get and
/// the answer. Returns how many were read so.
fn denied_then_asserted(
    engine: &AnswerEngine,
    search: &SearchIndex,
    frames: &[(Lang, &str)],
    mut check: impl FnMut(&str, &str, Verdict, &Answer),
) -> usize {
    let kb = engine.knowledge();
    let plain =
        |phrases: &[String]| -> Vec<String> { typed_values(engine, phrases).into_iter().take(2).collect() };
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, &kb.lexicon.concepts).join(" ");
        for check_values in fact.checks.iter().filter(|c| c.when.is_empty()) {
            let (agree, contradict) = (plain(&check_values.agree), plain(&check_values.contradict));
            for (agreed, contradicted) in agree.iter().zip(&contradict) {
                for (lang, frame) in frames {
                    for (denied, asserted, right) in [
                        (contradicted, agreed, Verdict::Yes),
                        (agreed, contradicted, Verdict::No),
                    ] {
                        let question = (frame.replace("{topic}", &topic))
                            .replace("{denied}", denied)
                            .replace("{asserted}", asserted);
                        let answer = engine.answer(&Question::new(&question, Some(*lang)), search);
                        if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                            continue;
                        }
                        checked += 1;
                        check(&fact.id, &question, right, &answer);
                    }
                }
            }
        }
    }
    checked
}

#[test]
fn a_negation_governs_no_further_than_its_clause() {
    // "não tem upgrade in-place, e q eu tenho q montar um cluster novo":
    // the comma ends what "não" denies.
    let (engine, search) = engine();
    let frames = [
        (Lang::En, "Is it true that {topic} not {denied}, then {asserted}?"),
        (Lang::PtBr, "É verdade que {topic} não {denied}, e aí {asserted}?"),
    ];
    let mut failures = Vec::new();
    let checked = denied_then_asserted(&engine, &search, &frames, |fact, question, right, answer| {
        if answer.verdict.is_some_and(|v| v != right) {
            failures.push(format!("{fact}: {question:?} → {:?}", answer.verdict));
        }
    });
    assert_generated(&failures, checked, 20, "negations read past their clause");
}

#[test]
fn questions_that_ask_for_a_value_or_a_choice_get_no_yes_or_no() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let cues = &kb.lexicon.question;
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut ask = |question: String, lang: Option<Lang>| {
        let answer = engine.answer(&Question::new(&question, lang), &search);
        checked += 1;
        if matches!(answer.verdict, Some(Verdict::Yes | Verdict::No)) || !lead_agrees(&answer, &engine) {
            failures.push(format!(
                "{question:?} → {:?}: {:?}",
                answer.verdict, answer.answer
            ));
        }
    };
    for fact in &kb.facts.facts {
        let topic = topic_words(fact, &kb.lexicon.concepts);
        // The question word last, as spoken Portuguese asks ("…uso o quê?").
        for word in &cues.asked_last {
            ask(format!("{topic} {}?", as_words(word)), None);
            // Also with a remark after the sentence that asks.
            ask(
                format!("{topic} {}? preciso passar pro change", as_words(word)),
                None,
            );
        }
        // An amount asked after a short lead-in ("num ambiente CCR quantos…?").
        for word in &cues.asks_anywhere {
            for lead in ["num ambiente assim", "in our setup"] {
                ask(format!("{lead} {} {topic}?", as_words(word)), None);
            }
        }
        // A question word opening the question, or the clause after a
        // lead-in ("No comando Cluster.exe…, o que eu coloco…?"); a condition
        // word there ("…, quando começo?") only qualifies the claim.
        for word in &cues.open_first {
            ask(format!("{} {topic}?", as_words(word)), None);
        }
        for word in &cues.open {
            ask(format!("{} {topic}?", as_words(word)), None);
            if !cues.condition.contains(word) {
                ask(format!("num ambiente assim, {} {topic}?", as_words(word)), None);
            }
        }
        // A yes/no opening, a value the article agrees with, then a choice.
        let agreed = (fact.checks.iter())
            .flat_map(|c| expanded(&c.agree, &kb.lexicon.concepts))
            .find(|p| is_plain(p, &BTreeSet::new()));
        for choice in &cues.alternative {
            let (lang, opening) = match choice.starts_with("ou ") {
                true => (Lang::PtBr, "Preciso"),
                false => (Lang::En, "Do I"),
            };
            let value = agreed.as_deref().map(as_words).unwrap_or_default();
            ask(
                format!("{opening} {topic} {value} {}?", as_words(choice)),
                Some(lang),
            );
        }
        // Both halves of a choice said together, before the rest of the
        // claim ("…removed before or after the service pack is installed?").
        for pair in &cues.either_or {
            let (lang, opening, rest) = match pair.contains(" ou ") {
                true => (Lang::PtBr, "Preciso", "e depois reviso tudo"),
                false => (Lang::En, "Do I", "and then check everything"),
            };
            let value = agreed.as_deref().map(as_words).unwrap_or_default();
            ask(
                format!("{opening} {topic} {value} {} {rest}?", as_words(pair)),
                Some(lang),
            );
        }
    }
    // Two of a check's values offered as alternatives, one the article
    // states and one it contradicts, either way round ("Setup.com or
    // Setup.exe?"): the question asks which.
    let plain = |phrases: &[String]| {
        expanded(phrases, &kb.lexicon.concepts)
            .into_iter()
            .find(|p| is_plain(p, &BTreeSet::new()) && !p.contains('~'))
    };
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, &kb.lexicon.concepts).join(" ");
        // Unscoped checks, and the checks of a fact whose cases the question
        // leaves open ("Adminpak.msi or ServerManagerCmd?" without the system).
        let scoped = fact.checks.iter().filter(|c| !c.when.is_empty()).count();
        for check in (fact.checks.iter()).filter(|c| c.when.is_empty() || scoped >= 2) {
            // Not a pair one of the check's gapped phrases reads whole
            // ("servermanagercmd ~ cluster" reads "servermanagercmd or rsat
            // cluster" as one wrong command).
            let gapped: Vec<Vec<String>> = (check.agree.iter().chain(&check.contradict))
                .filter(|p| p.contains('~'))
                .map(|p| p.split('~').map(|part| as_words(part.trim())).collect())
                .collect();
            let has = |phrase: &str, part: &str| phrase.split_whitespace().any(|w| w.starts_with(part));
            let apart = |a: &str, b: &str| {
                !gapped.iter().any(|parts| {
                    let (first, last) = (&parts[0], &parts[parts.len() - 1]);
                    (has(a, first) && has(b, last)) || (has(b, first) && has(a, last))
                })
            };
            let Some(agree) = plain(&check.agree) else {
                continue;
            };
            let contradict = expanded(&check.contradict, &kb.lexicon.concepts)
                .into_iter()
                .find(|p| is_plain(p, &BTreeSet::new()) && !p.contains('~') && apart(&agree, p));
            let Some(contradict) = contradict else {
                continue;
            };
            for choice in &cues.choice {
                let (lang, opening) = match choice.starts_with("ou") {
                    true => (Lang::PtBr, "Preciso"),
                    false => (Lang::En, "Do I"),
                };
                for (first, second) in [(&agree, &contradict), (&contradict, &agree)] {
                    let (first, second, choice) = (as_words(first), as_words(second), as_words(choice));
                    ask(
                        format!("{opening} {topic} {first} {choice} {second}?"),
                        Some(lang),
                    );
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        200,
        "open or alternative questions got a yes or no",
    );
}

/// The words opening a value question say what kind of answer is wanted:
/// "What's next?" after the state of the cluster asks for the next step,
/// not what its type is ("what is SCC?").
#[test]
fn the_words_opening_a_value_question_name_no_topic() {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    for cluster in ["CCR", "SCC"] {
        for sp in ["SP1", "SP2"] {
            let states = [
                (
                    Lang::En,
                    format!("All passive nodes of our {cluster} are on {sp} now."),
                ),
                (
                    Lang::En,
                    format!(
                        "Our {cluster}: the passive nodes run {sp}, the CMS is still on the active node."
                    ),
                ),
                (
                    Lang::PtBr,
                    format!("Todos os nós passivos do nosso {cluster} já estão no {sp}."),
                ),
                (
                    Lang::PtBr,
                    format!("No nosso {cluster} os passivos já tão no {sp} e o CMS ainda tá no ativo."),
                ),
            ];
            let asks = [
                (Lang::En, "What's next?"),
                (Lang::En, "What is next?"),
                (Lang::En, "What's the next step?"),
                (Lang::PtBr, "O que é o próximo passo?"),
                (Lang::PtBr, "Qual é o próximo passo?"),
                (Lang::PtBr, "O que é que vem agora?"),
            ];
            for (lang, state) in &states {
                for (_, ask) in asks.iter().filter(|(l, _)| l == lang) {
                    let question = format!("{state} {ask}");
                    let answer = engine.answer(&Question::new(&question, Some(*lang)), &search);
                    checked += 1;
                    let fact = answer.interpretation.fact.as_deref();
                    if answer.verdict.is_some() || fact.is_none() || fact == Some("cluster-types") {
                        failures.push(format!("{question:?} → {:?} {fact:?}", answer.verdict));
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        40,
        "questions for the next step read as something else",
    );
}

/// Negative concord: a value that spells its own negation ("nenhum outro
/// grupo") after another negation ("fica sem…", "não tem…") says it once,
/// so it keeps its verdict.
#[test]
fn a_value_spelling_its_negation_after_another_says_it_once() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let own_negation = ["nenhum", "nenhuma"];
    let frames = [
        "{topic}: fica sem {value}, né?",
        "{topic}: não tem {value}, certo?",
        "É verdade que {topic} fica sem {value}?",
        "Confirma que {topic} não deve ter {value}?",
    ];
    let fillers = ["", "tipo de", "de"];
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, &kb.lexicon.concepts).join(" ");
        for check in fact.checks.iter().filter(|c| c.when.is_empty()) {
            let values = (check.agree.iter().map(|v| (v, Verdict::Yes)))
                .chain(check.contradict.iter().map(|v| (v, Verdict::No)))
                .filter(|(v, _)| {
                    v.split_whitespace()
                        .next()
                        .is_some_and(|w| own_negation.contains(&w))
                });
            for (value, want) in values {
                for filler in fillers {
                    let value = value.replace('*', "").replace('~', filler);
                    for frame in frames {
                        let question = frame.replace("{topic}", &topic).replace("{value}", &value);
                        let answer = engine.answer(&Question::new(&question, Some(Lang::PtBr)), &search);
                        if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                            continue;
                        }
                        checked += 1;
                        record_unless(&mut failures, &question, &answer, want, &engine);
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        10,
        "values in negative concord answered against them",
    );
}

/// A "which" past the start of a claim, before a linking verb, opens a
/// relative clause: "…, which is good, right?" confirms the claim and asks
/// for no value.
#[test]
fn a_relative_which_asks_nothing() {
    let (engine, search) = engine();
    let ask = |q: &str| engine.answer(&Question::new(q, Some(Lang::En)), &search).verdict;
    let mut failures = Vec::new();
    let mut checked = 0;
    for restated in restatements(&engine) {
        let claim = restated.claim("");
        let plain = ask(&format!("{claim}, right?"));
        for relative in [", which is good", ", which was our plan"] {
            let question = format!("{claim}{relative}, right?");
            checked += 1;
            let verdict = ask(&question);
            if verdict != plain {
                failures.push(format!(
                    "{question:?} → {verdict:?}, without the clause {plain:?}"
                ));
            }
        }
    }
    // A clause after a choice ("active or passive, which was our plan")
    // pushes it out of the question's last words, where a choice is read.
    assert_mostly(&failures, checked, 500, 100, "claims changed by a relative which");
}

#[test]
fn a_negation_a_phrase_spells_reaches_on_through_its_clause() {
    // "nó passivo é o nó que não tem nenhum CMS rodando nele": the running is
    // denied with the having. For every agreed phrase that opens with a
    // negation, a contradicted value right after it is under that negation.
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let negations = negative_words(&kb.lexicon);
    let opens_with_negation = |p: &str| p.split_whitespace().next().is_some_and(|w| negations.contains(w));
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, concepts).join(" ");
        for check in fact.checks.iter().filter(|c| c.when.is_empty()) {
            let contradicted = expanded(&check.contradict, concepts);
            let after: Vec<String> = (contradicted.iter())
                .filter(|p| is_plain(p, &negations) && !p.contains('~') && !p.contains('*'))
                .map(|p| as_words(p))
                .take(3)
                .collect();
            for denial in expanded(&check.agree, concepts)
                .iter()
                .filter(|p| opens_with_negation(p) && !p.contains('~') && !p.contains('*'))
            {
                for value in &after {
                    for (lang, before, after_frame) in FRAMES {
                        let statement = format!("{topic} {denial} {value}");
                        let question = format!("{before} {statement}{after_frame}");
                        let answer = engine.answer(&Question::new(question.trim(), Some(lang)), &search);
                        if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                            continue;
                        }
                        checked += 1;
                        if answer.verdict == Some(Verdict::No) {
                            failures.push(format!("{}: {question:?} → no: {}", fact.id, answer.answer));
                        }
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        10,
        "values under a spelled negation read as asserted",
    );
}

#[test]
fn a_denial_is_said_of_its_own_clause() {
    // "Setup.exe is not supported, Setup.com is, right?" denies the first
    // value only: the statement is true; swapped, it is false.
    let (engine, search) = engine();
    let frames = [
        (
            Lang::En,
            "With {topic}, {denied} is not valid, {asserted} is, right?",
        ),
        (
            Lang::En,
            "With {topic}, {denied} isn't supported, {asserted} is. Correct?",
        ),
        (
            Lang::PtBr,
            "Com {topic}, {denied} não é válido, {asserted} sim, né?",
        ),
        (
            Lang::PtBr,
            "Com {topic}, {denied} não serve, {asserted} serve, certo?",
        ),
    ];
    let mut failures = Vec::new();
    let checked = denied_then_asserted(&engine, &search, &frames, |fact, question, right, answer| {
        if answer.verdict.is_some_and(|v| v != right) || !lead_agrees(answer, &engine) {
            failures.push(format!(
                "{fact}: {question:?} → {:?}: {}",
                answer.verdict, answer.answer
            ));
        }
    });
    assert_generated(&failures, checked, 20, "denials read beyond their clause");
}

/// A question word that asks only where it opens the question is a relative
/// word further on: "…, que é o nosso caso?" asks nothing, and the claim
/// keeps its verdict; so does one that asks anywhere ("…, which is our
/// case?").
#[test]
fn a_relative_clause_after_a_claim_asks_nothing() {
    let (engine, search) = engine();
    let frames = [
        (Lang::PtBr, "Então {claim}, que é o nosso caso?"),
        (Lang::En, "Is it true that {claim}, which is our case?"),
    ];
    let what = "claims followed by a relative clause answered against their values";
    check_framed(&engine, &search, &frames, what);
}

/// "Without" and "sem" deny the noun they reach: said of a verb no fact
/// names ("…, sem reconstruir o cluster"), they deny nothing the claim says.
#[test]
fn without_something_the_claim_does_not_name_denies_nothing() {
    let (engine, search) = engine();
    let frames = [
        // Before the claim: right after a value, "sem" would make a phrase
        // of it ("ficar sem": to be left without).
        (Lang::PtBr, "Sem reconstruir o cluster, é verdade que {claim}?"),
        (Lang::PtBr, "Sem refazer a configuração: {claim}, certo?"),
        (
            Lang::En,
            "Is it true that {claim}, without rebuilding the cluster?",
        ),
        (Lang::En, "{claim}, without redoing the configuration, right?"),
    ];
    check_framed(
        &engine,
        &search,
        &frames,
        "claims followed by a \"without\" of something unnamed answered against their values",
    );
}

/// The words of a generated question, as the reading splits them.
fn question_words(question: &str) -> Vec<String> {
    docdesk::text::sort_key(question)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// A short question with none of the lexicon's language markers and no
/// accent gets the language whose documents use its words: a few words of
/// each fact's statement, accents folded, markers left out.
#[test]
fn a_short_question_without_markers_gets_the_language_of_its_words() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let markers: BTreeSet<&String> = kb.lexicon.language.values().flatten().collect();
    let mut failures = Vec::new();
    let mut undecided = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        for lang in [Lang::PtBr, Lang::En] {
            let folded = docdesk::text::sort_key(fact.statement.get(lang));
            let words: Vec<&str> = (folded.split_whitespace())
                .filter(|w| w.chars().count() >= 4 && !markers.contains(&w.to_string()))
                .take(5)
                .collect();
            let question = format!("{}?", words.join(" "));
            // The documents' words decide, not the fallback to English.
            let read = search.language_of(&question_words(&question));
            checked += 1;
            match read {
                Some(read) if read == lang => {}
                Some(read) => failures.push(format!("{question:?} → {read:?}, expected {lang:?}")),
                None => undecided.push(format!("{question:?}, expected {lang:?}")),
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        40,
        "short questions read as the other language",
    );
    // A few statements open with product names only ("cluster failover
    // windows server 2003?"), which no language owns.
    assert_mostly(
        &undecided,
        checked,
        40,
        5,
        "short questions whose words tell no language",
    );
}

/// "All" before a count names the nodes of one cluster ("all three passive
/// nodes", "todos os 3"), not every case: a restated count keeps its
/// verdict with it ("SCC… all three passive nodes" stays yes where SCC
/// only can have several).
#[test]
fn all_before_a_count_claims_no_more_than_the_count() {
    let (engine, search) = engine();
    let numbers = engine.knowledge().lexicon.assertions.numbers.clone();
    let is_count = |w: &str| w.chars().all(|c| c.is_ascii_digit()) || numbers.iter().any(|n| n == w);
    // Facts whose value holds only where possible are those "all" claimed
    // of every case would make false.
    let questions = |r: &Restatement| {
        if !r.fact.checks.iter().any(|c| c.possible) {
            return Vec::new();
        }
        let claim = r.claim("");
        let words: Vec<&str> = claim.split_whitespace().collect();
        // A count of several, not one said to be the only one ("only two").
        let sole = ["only", "just", "exactly", "so", "apenas", "somente", "exatamente"];
        let Some(at) = (words
            .iter()
            .position(|w| is_count(w) && *w != "zero" && *w != "0"))
        .filter(|at| !(at.checked_sub(1)).is_some_and(|before| sole.contains(&words[before]))) else {
            return Vec::new();
        };
        let with = |all: &str| {
            let mut words = words.clone();
            words.insert(at, all);
            words.join(" ")
        };
        vec![
            (format!("Is it true that {}?", with("all")), Lang::En, r.verdict),
            (
                format!("É verdade que {}?", with("todos os")),
                Lang::PtBr,
                r.verdict,
            ),
        ]
    };
    let what = "counts restated with \"all\" before them answered against their values";
    check_every_restatement(&engine, &search, questions, 20, what);
}

/// Words that look like a value they are not: a maintenance window names
/// no Windows, the midpoint is halfway, "of the whole procedure" says
/// where in it, not for how long; and a name said in the present tense
/// ("are called server clusters") is the name now, not the old one.
#[test]
fn words_are_read_as_what_they_mean_not_what_they_look_like() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "Can our clustered mailbox servers be upgraded with a rolling upgrade while we're in this maintenance window?",
            Verdict::Depends,
        ),
        (
            Lang::En,
            "Is it right that the outage only starts around the midpoint of the whole procedure?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Does the downtime start midway through the procedure?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Is the clustered mailbox server offline for the whole upgrade?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "No Windows Server 2008 os clusters de failover se chamam clusters de servidor, né?",
            Verdict::No,
        ),
        (
            Lang::En,
            "In Windows Server 2008, failover clusters are called server clusters, right?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Os clusters de failover do Windows Server 2008 eram chamados de clusters de servidor nas versões anteriores?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// Two facts the question names equally: the one its asking sentence names
/// more of is what a value question asks ("…antes do SP1. Qual comando eu
/// uso?" asks for the group move's command).
#[test]
fn a_tie_goes_to_the_fact_the_asking_sentence_names() {
    let (engine, search) = engine();
    let question = "Vou mover o grupo padrão do cluster pro nó ativo antes do SP2. Qual comando eu uso?";
    let answer = engine.answer(&Question::new(question, Some(Lang::PtBr)), &search);
    assert!(
        answer.answer.contains("Cluster.exe"),
        "{question}: {}",
        answer.answer
    );
}
