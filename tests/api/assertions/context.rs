//! Sentences around the question: context before it and remarks after it,
//! true statements of other facts, context naming part of a topic or two of
//! a fact's cases, questions that point back at what came before, and plans
//! and requirements on a cluster as it stands.

use std::collections::BTreeSet;

use docdesk::answers::model::Verdict;
use docdesk::answers::{AnswerEngine, Question};
use docdesk::lang::Lang;
use docdesk::search::SearchIndex;

use super::{
    FRAMES, Restatement, as_words, assert_each_verdict, assert_generated, assert_mostly, case_restatements,
    check_every_restatement, check_framed, check_restatements, engine, expanded, lead_agrees, neutral_topic,
    phrase_words, restatements, typed_values,
};

#[test]
fn a_question_that_only_points_back_asks_what_came_before() {
    // "Li na dica: <claim>. É isso mesmo?" asks about the claim, although
    // "mesmo" also names a topic elsewhere ("o mesmo computador").
    let (engine, search) = engine();
    let frames = [
        (Lang::En, "I read this: {claim}. Is that right?"),
        (Lang::En, "Someone said {claim}. Is that correct?"),
        (Lang::PtBr, "Li no artigo: {claim}. É isso mesmo?"),
        (Lang::PtBr, "Me disseram que {claim}. Confere?"),
    ];
    let what = "claims asked about by pointing back answered against their values";
    check_framed(&engine, &search, &frames, what);
    // Whatever the words that point back, the claim read is the same one.
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in restatements(&engine) {
        let claim = r.claim("");
        let ask = |tail: &str| {
            let question = format!("Li no artigo: {claim}. {tail}");
            let answer = engine.answer(&Question::new(&question, Some(Lang::PtBr)), &search);
            (question, answer.interpretation.fact, answer.verdict)
        };
        let (_, fact, verdict) = ask("Certo?");
        // What the documents say names no topic of theirs ("artigo" is not
        // the KB article).
        for tail in [
            "É isso mesmo?",
            "Isso mesmo?",
            "Procede?",
            "É isso que o artigo diz?",
            "É o que a dica diz?",
        ] {
            checked += 1;
            let (question, other_fact, other_verdict) = ask(tail);
            if (&other_fact, other_verdict) != (&fact, verdict) {
                failures.push(format!(
                    "{question:?} → {other_fact:?} {other_verdict:?}, with \"Certo?\" {fact:?} {verdict:?}"
                ));
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        200,
        "claims read differently by the words that point back",
    );
}

/// Sentences around a question that assert nothing about the article: a
/// negation in one of them ("Not done yet.") turns nothing around, and a
/// remark after the question ("Need to tell the team.") asks nothing, and a
/// lead-in ending with a colon ("Preciso justificar na RDM:") only says why.
const CONTEXTS: [(Lang, &str, &str); 6] = [
    (
        Lang::En,
        "The others are not done yet. ",
        " Need to tell the team before tonight.",
    ),
    (
        Lang::En,
        "We haven't started. ",
        " I have to give the helpdesk a heads up.",
    ),
    (
        Lang::PtBr,
        "O outro ainda não. ",
        " O pessoal quer saber pra montar a janela.",
    ),
    (Lang::PtBr, "A gente não começou. ", " Preciso avisar o suporte."),
    (Lang::En, "For the change request I need to confirm: ", ""),
    (Lang::PtBr, "Preciso justificar na RDM: ", ""),
];

#[test]
fn sentences_around_a_restated_fact_do_not_change_its_verdict() {
    let (engine, search) = engine();
    let questions = |r: &Restatement| {
        (CONTEXTS.iter())
            .map(|(lang, before, after)| {
                let frame = if *lang == Lang::En {
                    "Is it true that"
                } else {
                    "É verdade que"
                };
                (
                    format!("{before}{frame} {}?{after}", r.claim("")),
                    *lang,
                    r.verdict,
                )
            })
            .collect()
    };
    let what = "restatements with sentences around them";
    check_every_restatement(&engine, &search, questions, 500, what);
}

/// A sentence of context that states another fact truly sets the scene: the
/// question before or after it is answered as without it ("We run CCR on
/// Windows 2003 SP2. Is it true that…?"), unless it names one of the cases the question's
/// fact reads differently in ("SCC"), which may decide the question.
#[test]
fn a_true_statement_of_another_fact_around_the_question_changes_nothing() {
    let (engine, search) = engine();
    let concepts = &engine.knowledge().lexicon.concepts;
    let all = restatements(&engine);
    let names_a_case = |setting: &str, fact: &docdesk::answers::model::Fact| {
        let cues = phrase_words(
            fact.checks
                .iter()
                .flat_map(|c| expanded(&c.when, concepts))
                .collect::<Vec<_>>()
                .iter(),
        );
        setting
            .split_whitespace()
            .any(|w| cues.iter().any(|cue| w.starts_with(cue.as_str())))
    };
    // One true statement per fact, to stand as context before the others.
    let mut settings: Vec<(&str, String)> = Vec::new();
    for r in all.iter().filter(|r| r.verdict == Verdict::Yes) {
        if !settings.iter().any(|(id, _)| *id == r.fact.id) {
            settings.push((r.fact.id.as_str(), r.claim("")));
        }
    }
    let questions = |r: &Restatement| {
        (settings.iter())
            .filter(|(id, setting)| *id != r.fact.id && !names_a_case(setting, r.fact))
            .take(3)
            .flat_map(|(_, setting)| {
                [
                    (
                        format!("We have {setting}. Is it true that {}?", r.claim("")),
                        Lang::En,
                        r.verdict,
                    ),
                    (
                        format!("Aqui {setting}. É verdade que {}?", r.claim("")),
                        Lang::PtBr,
                        r.verdict,
                    ),
                    // Said after the question, it sets the scene as well.
                    (
                        format!("Is it true that {}? We have {setting}.", r.claim("")),
                        Lang::En,
                        r.verdict,
                    ),
                    (
                        format!("É verdade que {}? Aqui {setting}.", r.claim("")),
                        Lang::PtBr,
                        r.verdict,
                    ),
                ]
            })
            .collect()
    };
    let what = "restatements after a true statement of another fact";
    check_every_restatement(&engine, &search, questions, 500, what);
}

/// A sentence of context says something of a fact only where it names the
/// fact's whole topic, every keyword group: "EXCH-N1 owns the CMS." upgrades
/// nothing, so it says nothing of which node is upgraded. A wrong value
/// beside part of the topic leaves the question that names the fact in
/// full as it was.
#[test]
fn context_naming_part_of_a_topic_says_nothing_of_it() {
    let (engine, search) = engine();
    let concepts = &engine.knowledge().lexicon.concepts;
    let all = restatements(&engine);
    let questions = |r: &Restatement| {
        if r.fact.about.len() < 2 || !r.context.is_empty() {
            return Vec::new();
        }
        let topic = neutral_topic(r.fact, concepts);
        // A value that spells a topic word names more of the topic.
        let root = |w: &str| w.chars().take(4).collect::<String>();
        let topic_words: BTreeSet<String> = (r.fact.about.iter())
            .flat_map(|g| expanded(g, concepts))
            .flat_map(|p| as_words(&p).split_whitespace().map(root).collect::<Vec<_>>())
            .collect();
        let names_topic = |value: &str| value.split_whitespace().any(|w| topic_words.contains(&root(w)));
        // Nor may the part of the topic named spell another group's words
        // ("movidas" is also "mov*").
        let spells_group = |text: &str, group: &[String]| {
            (expanded(group, concepts).iter()).any(|p| {
                let phrase = as_words(p);
                text.split_whitespace().any(|w| {
                    phrase
                        .split_whitespace()
                        .any(|pw| w.starts_with(pw) || pw.starts_with(w))
                })
            })
        };
        if r.fact.about[1..].iter().any(|g| spells_group(&topic[0], g)) {
            return Vec::new();
        }
        (all.iter())
            .filter(|wrong| {
                wrong.fact.id == r.fact.id && wrong.verdict == Verdict::No && wrong.context.is_empty()
            })
            .filter(|wrong| !names_topic(&wrong.value))
            .take(2)
            .flat_map(|wrong| {
                [
                    (
                        format!(
                            "Heads up: {} {}. Is it true that {}?",
                            topic[0],
                            wrong.value,
                            r.claim("")
                        ),
                        Lang::En,
                        r.verdict,
                    ),
                    (
                        format!(
                            "Atenção: {} {}. É verdade que {}?",
                            topic[0],
                            wrong.value,
                            r.claim("")
                        ),
                        Lang::PtBr,
                        r.verdict,
                    ),
                    // Where the question only points back, each sentence
                    // before it says something of the facts it names in full.
                    (
                        format!(
                            "{}. Also {} {}. Is that right?",
                            r.claim(""),
                            topic[0],
                            wrong.value
                        ),
                        Lang::En,
                        r.verdict,
                    ),
                ]
            })
            .collect()
    };
    let what = "restatements after a wrong value beside part of their topic";
    check_every_restatement(&engine, &search, questions, 300, what);
}

/// A sentence of context that names a case of the fact says its value in
/// that case, when the question only points back at it ("setup exe use.
/// upgrad. Is that OK?": upgrading with the wizard is wrong), though it
/// names no more of the fact's topic.
#[test]
fn a_sentence_naming_a_case_says_its_value_to_a_question_pointing_back() {
    let (engine, search) = engine();
    let concepts = &engine.knowledge().lexicon.concepts;
    let tags = [(Lang::En, "Is that OK?"), (Lang::PtBr, "Pode ser assim?")];
    let questions = |r: &Restatement| {
        let topic = neutral_topic(r.fact, concepts).join(" ");
        (tags.iter())
            .map(|(lang, tag)| {
                (
                    format!("{topic}. {} {}. {tag}", r.context, r.value),
                    *lang,
                    r.verdict,
                )
            })
            .collect()
    };
    let restated = case_restatements(&engine)
        .into_iter()
        .filter(|r| !r.context.is_empty());
    let what = "values said beside a case cue answered against them";
    // Word strings of a case's cue and value often name a neighbouring
    // fact better (the downtime for the CMS's availability): at most one
    // in three may.
    check_restatements(&engine, &search, restated, questions, (3, 200, what));
}

/// Sentences of context that name two of a fact's cases, `{a}` and `{b}`.
const TWO_CASES: [(Lang, &str); 2] = [
    (Lang::En, "We run {a} and also {b} here."),
    (Lang::PtBr, "Aqui temos {a} e também {b}."),
];

#[test]
fn a_context_naming_two_cases_decides_no_more_than_naming_none() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        // One cue per case: a `numbers` check only scopes a figure, no case.
        let cases: Vec<Vec<String>> = (fact.checks.iter())
            .filter(|c| !c.when.is_empty() && c.numbers.is_none())
            .map(|c| expanded(&c.when, concepts).iter().map(|w| as_words(w)).collect())
            .collect();
        let topic = neutral_topic(fact, concepts).join(" ");
        let pairs = (cases.iter().enumerate())
            .flat_map(|(i, a)| cases[i + 1..].iter().map(move |b| (a, b)))
            .flat_map(|(a, b)| a.iter().zip(b.iter().rev()));
        for (a, b) in pairs {
            for (lang, context) in TWO_CASES {
                for (_, before, after) in FRAMES.iter().filter(|(l, _, _)| *l == lang) {
                    let asked = format!("{before} {topic}{after}");
                    let asked = asked.trim();
                    let bare = engine.answer(&Question::new(asked, Some(lang)), &search);
                    let context = context.replace("{a}", a).replace("{b}", b);
                    // The asking sentence opens with a capital, as a sentence does.
                    let mut chars = asked.chars();
                    let first = chars
                        .next()
                        .map(|c| c.to_uppercase().to_string())
                        .unwrap_or_default();
                    let question = format!("{context} {first}{}", chars.as_str());
                    let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                    if bare.interpretation.fact.as_deref() != Some(fact.id.as_str())
                        || answer.interpretation.fact != bare.interpretation.fact
                    {
                        continue;
                    }
                    checked += 1;
                    if answer.verdict != bare.verdict || !lead_agrees(&answer, &engine) {
                        failures.push(format!(
                            "{}: {question:?} → {:?}, without the context {:?}",
                            fact.id, answer.verdict, bare.verdict
                        ));
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        20,
        "questions changed by a context naming two cases",
    );
}

#[test]
fn cases_named_in_a_statement_count_when_the_question_points_back_at_it() {
    // "The wizard is for a new server, not for upgrading the one we have. Is
    // that right?" names both cases in what it asks about.
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let plain = |phrases: &[String]| typed_values(&engine, phrases).into_iter().next();
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, concepts).join(" ");
        // Each case with its cue and a value it checks.
        let cases: Vec<(String, String)> = (fact.checks.iter())
            .filter(|c| !c.when.is_empty() && c.numbers.is_none())
            .filter_map(|c| {
                let value = plain(&c.agree).or_else(|| plain(&c.contradict))?;
                Some((plain(&c.when)?, value))
            })
            .collect();
        for (i, (cue_a, value_a)) in cases.iter().enumerate() {
            for (cue_b, value_b) in &cases[i + 1..] {
                let statement = format!("{topic} {cue_a} {value_a}, {cue_b} {value_b}");
                for (lang, same, back) in [
                    (Lang::En, ", right?", ". Is that right?"),
                    (Lang::PtBr, ", né?", ". É isso mesmo?"),
                ] {
                    let asked =
                        engine.answer(&Question::new(format!("{statement}{same}"), Some(lang)), &search);
                    if asked.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                        continue;
                    }
                    checked += 1;
                    let question = format!("{statement}{back}");
                    let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                    if answer.verdict != asked.verdict {
                        failures.push(format!(
                            "{}: {question:?} → {:?}, asked in the same sentence {:?}",
                            fact.id, answer.verdict, asked.verdict
                        ));
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        4,
        "statements pointed back at read differently",
    );
}

/// A question that asks for a value asks it in the sentence that asks: a
/// true statement of another fact before it sets the scene and leaves the
/// question about the fact that sentence names in full ("EXCH-N2 is the
/// passive node. Which setup program do I run on it?").
#[test]
fn context_before_a_value_question_leaves_it_about_what_it_asks() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let all = restatements(&engine);
    // One true statement per fact, to stand as context before the others.
    let mut settings: Vec<(&str, String)> = Vec::new();
    for r in all.iter().filter(|r| r.verdict == Verdict::Yes) {
        if !settings.iter().any(|(id, _)| *id == r.fact.id) {
            settings.push((r.fact.id.as_str(), r.claim("")));
        }
    }
    let about = |question: &str, lang: Lang| {
        let answer = engine.answer(&Question::new(question, Some(lang)), &search);
        answer.interpretation.fact
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, concepts).join(" ");
        let frames = [
            (Lang::En, format!("How do I handle {topic}?"), "We have"),
            (Lang::PtBr, format!("Como eu faço com {topic}?"), "Aqui"),
        ];
        for (lang, asked, opening) in frames {
            // The property is about the context: only questions read as
            // the fact when asked alone.
            if about(&asked, lang).as_deref() != Some(fact.id.as_str()) {
                continue;
            }
            for (_, setting) in settings.iter().filter(|(id, _)| *id != fact.id).take(4) {
                let question = format!("{opening} {setting}. {asked}");
                checked += 1;
                let read = about(&question, lang);
                if read.as_deref() != Some(fact.id.as_str()) {
                    failures.push(format!("{question:?} → {read:?}, not {}", fact.id));
                }
            }
        }
    }
    // A setting naming two systems makes a question about tools a
    // management one, and a fact naming the asking sentence's words with
    // the setting's may take it: a few of the generated word strings do.
    assert_mostly(
        &failures,
        checked,
        40,
        20,
        "value questions read as something else after a true statement",
    );
}

/// A plan asked about as a whole ("…. Is that OK?") is not fine on a cluster
/// that breaks a requirement of the procedure, whatever the plan gets right:
/// "We run Windows Server 2003 SP1. I plan to go straight to SP2. Is that
/// OK?" is `no`.
#[test]
fn a_plan_on_a_cluster_that_breaks_a_requirement_is_not_fine() {
    let (engine, search) = engine();
    let all = restatements(&engine);
    let broken: Vec<String> = (all.iter())
        .filter(|r| r.fact.requirement && r.verdict == Verdict::No && r.context.is_empty())
        .map(|r| r.claim(""))
        .take(8)
        .collect();
    let ask = |question: &str, lang: Lang| engine.answer(&Question::new(question, Some(lang)), &search);
    let frames = [
        (Lang::En, "Our cluster: {env}. The plan: {plan}. Is that OK?"),
        (Lang::PtBr, "Nosso cluster: {env}. O plano: {plan}. Tudo certo?"),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    // Plans for the upgrade, which the requirements are of.
    let upgrades = |r: &Restatement| r.fact.about.iter().flatten().any(|p| p == "@upgrade");
    for plan in (all.iter()).filter(|r| r.verdict == Verdict::Yes && !r.fact.requirement && upgrades(r)) {
        let plan = plan.claim("");
        for (lang, frame) in frames {
            // Only plans that are fine on their own say anything here.
            let alone = frame
                .replace("Our cluster: {env}. ", "")
                .replace("Nosso cluster: {env}. ", "");
            if ask(&alone.replace("{plan}", &plan), lang).verdict != Some(Verdict::Yes) {
                continue;
            }
            for env in broken.iter().step_by(3) {
                let question = frame.replace("{env}", env).replace("{plan}", &plan);
                checked += 1;
                let answer = ask(&question, lang);
                if answer.verdict != Some(Verdict::No) {
                    failures.push(format!("{question:?} → {:?}: {}", answer.verdict, answer.answer));
                }
            }
        }
    }
    // Where the plan's own fact reads the setting's words as well ("rolling
    // 2003 to 2008", then "a new cluster for 2008"), the setting is its to
    // read: a few of the generated word strings do.
    assert_mostly(
        &failures,
        checked,
        40,
        20,
        "plans on a cluster breaking a requirement not answered no",
    );
}

/// The cluster as it stands is no claim where the question then asks
/// whether to bring it in line with a requirement: "Our nodes are on 2003
/// SP1. Do we have to get them to 2003 SP2 first?" is `yes`.
#[test]
fn a_requirement_asked_after_a_cluster_breaking_it_holds() {
    let (engine, search) = engine();
    let all = restatements(&engine);
    let questions = |r: &Restatement| {
        if !r.fact.requirement || r.verdict != Verdict::Yes || !r.context.is_empty() {
            return Vec::new();
        }
        (all.iter())
            .filter(|wrong| {
                wrong.fact.id == r.fact.id && wrong.verdict == Verdict::No && wrong.context.is_empty()
            })
            .take(3)
            .flat_map(|wrong| {
                [
                    (
                        format!("Right now: {}. Is it true that {}?", wrong.claim(""), r.claim("")),
                        Lang::En,
                        Verdict::Yes,
                    ),
                    (
                        format!(
                            "Hoje está assim: {}. É verdade que {}?",
                            wrong.claim(""),
                            r.claim("")
                        ),
                        Lang::PtBr,
                        Verdict::Yes,
                    ),
                ]
            })
            .collect()
    };
    let what = "requirements asked after a cluster breaking them";
    check_every_restatement(&engine, &search, questions, 100, what);
}

/// Context that turns down some work ("…, and the admin does not want to
/// apply the Windows SP2 now") denies nothing of the upgrade asked about
/// after it: the requirement the cluster breaks still makes it `no`. A
/// fact the context denies, and the asking sentence does not name, checks
/// nothing of what is asked.
#[test]
fn work_turned_down_in_the_context_leaves_a_broken_requirement_broken() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "Os nós estão no Windows Server 2003 SP1 e o admin não quer aplicar o SP2 do Windows agora. Dá para seguir com o upgrade do Exchange 2007 para SP1 mesmo assim?",
        ),
        (
            Lang::PtBr,
            "Os nós estão no Windows Server 2003 SP1 e o admin não quer aplicar nada agora. Dá para seguir com o upgrade do Exchange 2007 para SP1 mesmo assim?",
        ),
        (
            Lang::PtBr,
            "Nossos nós rodam Windows Server 2003 SP1 e a equipe não quer instalar o SP2 do Windows. Podemos atualizar o Exchange 2007 para o SP2 assim mesmo?",
        ),
        (
            Lang::En,
            "The nodes are on Windows Server 2003 SP1 and the admin does not want to apply Windows SP2 now. Can we go on with the Exchange 2007 SP1 upgrade anyway?",
        ),
    ];
    assert_verdicts(&engine, &search, &questions, Verdict::No);
}

/// A sentence of context that helps name another fact (the nodes' Windows
/// service pack) does not outweigh the fact the asking sentence names in
/// full, when neither checks anything: "Os nós estão com o Windows Server
/// 2003 SP2. Posso fazer a atualização de sobreposição para o SP2?" asks
/// about the rolling upgrade, and gets its `yes`.
#[test]
fn the_fact_the_asking_sentence_names_beats_one_the_context_helps_name() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "Os nós estão com Windows Server 2003 SP2. Posso fazer a atualização de sobreposição para o SP2?",
        ),
        (
            Lang::PtBr,
            "Os nós já estão com Windows Server 2003 SP2 e o CMS está no Exchange 2007 RTM. Posso fazer o upgrade para o SP1 de forma rolling, nó a nó?",
        ),
        (
            Lang::En,
            "Our nodes run Windows Server 2003 SP2. Is a rolling upgrade to SP2 supported?",
        ),
    ];
    assert_verdicts(&engine, &search, &questions, Verdict::Yes);
}

/// A value a sentence of context gives is the setting: the asking sentence
/// naming another value of the same dimension asks about that one ("Besides
/// the cluster, we have a standalone server. Can I manage that standalone
/// box from Vista?" is the standalone server's `yes`).
#[test]
fn a_value_the_asking_sentence_names_replaces_the_contexts() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "Besides the cluster, we have a standalone Exchange 2007 SP1 server. Can I manage that standalone box from my Windows Vista machine?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "We have a cluster. Can I manage the standalone Exchange 2007 SP1 server from Windows Vista?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Além do cluster, temos um servidor autônomo com Exchange 2007 SP1. Posso gerenciar esse servidor autônomo pelo Windows Vista?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Temos um servidor autônomo também. Posso gerenciar o servidor em cluster pelo Windows Vista?",
            Verdict::No,
        ),
    ];
    for (lang, question, want) in questions {
        assert_verdicts(&engine, &search, &[(lang, question)], want);
    }
}

/// A requirement the context breaks across two sentences, one naming the
/// cluster and the next the plan, is read there when the question only
/// asks about it: "Our cluster runs Windows Server 2003. I want to upgrade
/// the nodes to Windows Server 2008 one at a time, keeping the same
/// cluster. Is that supported?" is `no`.
#[test]
fn a_plan_the_context_states_over_two_sentences_is_checked() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "Our cluster runs Windows Server 2003. I want to upgrade the nodes to Windows Server 2008 one at a time, keeping the same cluster. Is that supported?",
        ),
        (
            Lang::PtBr,
            "Nosso cluster roda Windows Server 2003 com Exchange 2007 RTM. Quero atualizar os nós para Windows Server 2008 um de cada vez, mantendo o mesmo cluster (upgrade rolling). Isso é suportado?",
        ),
        (
            Lang::PtBr,
            "O cluster está no Windows Server 2003. A ideia é levar os nós para o Windows Server 2008 no próprio cluster, nó por nó. Isso funciona?",
        ),
    ];
    assert_verdicts(&engine, &search, &questions, Verdict::No);
}

/// A negation in a clause that concedes something of another subject
/// ("even though the cluster tools can't", "embora as ferramentas de
/// cluster não consigam") turns nothing of the claim around; one in the
/// claim's own clause still does.
#[test]
fn a_negation_in_a_concession_is_another_subjects() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "I assume the Exchange tools can remotely manage a failover cluster running a different OS than my workstation, even though the cluster tools can't. Correct?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Although the cluster tools can't, the Exchange tools can manage a CMS on a different operating system, right?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Embora as ferramentas de cluster não consigam, as ferramentas do Exchange gerenciam um cluster em outro sistema operacional, certo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Although the cluster tools can manage it, the Exchange tools can't manage a failover cluster on a different OS, right?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Taking the clustered mailbox server offline right after one passive
/// node is done is the next step only if that node was the last one: it
/// depends; "as soon as I start" a passive node it is still no, and the
/// original active node before the server goes offline is no.
#[test]
fn right_after_one_passive_node_the_move_depends_on_whether_it_was_the_last() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "I'm about to finish upgrading a passive node to SP2. As soon as it's done, can I take the clustered mailbox server offline and move it over?",
            Verdict::Depends,
        ),
        (
            Lang::En,
            "Does the CMS go offline as soon as I start upgrading the passive node?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O CMS cai assim que eu começo a atualizar o nó passivo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Should I upgrade the original active node before taking the clustered mailbox server offline?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Devo atualizar o nó ativo original antes de colocar o servidor de caixas de correio clusterizadas offline?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// A state the context gives with an extent ("fully on SP2") or before any
/// step ("before patching anything") is the state itself; and the node the
/// CMS moves to must be upgraded: one "still on RTM" is no.
#[test]
fn states_in_context_are_read_without_their_extent() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "Cluster is fully on SP2. I'd like to administer the clustered mailbox servers remotely from my Windows Vista desktop with the SP2 tools - is that supported?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Before patching anything: the CMS is on RTM on Windows Server 2003. Can I manage it with the RTM tools from a Windows XP machine?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Consigo gerenciar um Exchange 2007 SP1 que não é cluster, um servidor autônomo, a partir de uma máquina com Vista?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Passive nodes are on SP2 and I've taken the CMS offline. Should I move it to a node that is still on RTM?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Mid-upgrade questions about the next step: a passive node upgraded
/// before the server goes offline is right; the wizard for a brand-new
/// server is right although the context upgrades another; "the only passive
/// node" depends on the cluster type; and how long a step takes, undoing it
/// or restarting a node is not in the article.
#[test]
fn next_step_questions_after_the_clusters_state() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "SCC com quatro nós: CMS no nó 1, e já atualizei os nós 2 e 3 para o SP2. O nó 4, também passivo, ainda está em RTM. Devo atualizar o nó 4 antes de tirar o CMS do ar?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Besides upgrading our existing cluster, I also need to create a brand-new clustered mailbox server on a fresh cluster. Can I use the graphical Setup.exe wizard for that new CMS?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "The first passive node is on SP1 and the CMS is still on the active node. Is that the only passive node I need to upgrade before failing the CMS over?",
            Verdict::Depends,
        ),
        (
            Lang::En,
            "I upgraded the passive node to SP1 but haven't moved the CMS yet. If something goes wrong, can I uninstall SP1 and roll that node back to RTM?",
            Verdict::NotDocumented,
        ),
        (
            Lang::En,
            "Passive node is prepped and the CMS sits on node 1. Roughly how long does Setup.com take to upgrade one node to SP1? Is it under an hour?",
            Verdict::NotDocumented,
        ),
        (
            Lang::PtBr,
            "Depois de aplicar o SP2 num nó passivo com Setup.com, o admin precisa reiniciar o servidor antes de seguir para o próximo passo?",
            Verdict::NotDocumented,
        ),
        // What the context says of the old active node is no target for the move.
        (
            Lang::En,
            "The CMS has been moved onto the node I already upgraded, so the old active node is now passive and still on RTM. Do I now run the SP1 upgrade on that old active node?",
            Verdict::Yes,
        ),
        // Staying on Windows Server 2003, the service pack needs no new cluster.
        (
            Lang::PtBr,
            "Nosso cluster está em Windows Server 2003 SP2 e queremos continuar no Windows 2003. Dá para fazer a atualização de sobreposição (rolling) do Exchange para o SP1 sem montar um cluster novo?",
            Verdict::Yes,
        ),
        // Where the CMS stays online is the active node.
        (
            Lang::En,
            "NODE2 (passive) is on SP1 now. Can I upgrade NODE1 while the CMS stays online on it, without moving it anywhere?",
            Verdict::No,
        ),
        // Brought online on the node it moved to is where the downtime ends.
        (
            Lang::PtBr,
            "Já passei o nó 2 para o SP1 e movi o CMS (offline) do nó 1 para ele. Posso atualizar o CMS e colocá-lo online no nó 2 antes mesmo de mexer no nó 1?",
            Verdict::Yes,
        ),
        // A service pack alone leaves open whether Windows changes too.
        (
            Lang::En,
            "Do I need to create a new cluster to get my clustered mailbox server onto Exchange 2007 SP1?",
            Verdict::Depends,
        ),
        (
            Lang::PtBr,
            "O artigo indica a documentação de Cluster de Failover do Windows Server 2008 pra entender a migração de um cluster que roda Windows Server 2003?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Readings that hold only where they apply: a concession opening its
/// sentence with no comma may hold the claim's own negation; "rtm" or
/// "rolling" beside Windows Server 2008 do not make the new cluster
/// unneeded; "pelo ativo" ends the order, it does not start it; "ambos os
/// passivos" upgrades passive nodes; "still active" is the original active
/// node's role now; a new cluster is no new CMS for the wizard; "com o CMS no
/// N1" gives N1 the role, not the host before it (N2, holding no CMS, is
/// then a passive node).
#[test]
fn readings_hold_only_where_they_apply() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "Embora seja CCR não preciso mover o CMS antes de atualizar o nó ativo, certo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Do we need a new cluster to upgrade our RTM nodes to Windows 2008?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Começo pelos passivos e termino pelo ativo?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Posso atualizar ambos os passivos antes de mover o CMS?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O nó ativo original ainda está ativo. Posso atualizar ele?",
            Verdict::No,
        ),
        (
            Lang::En,
            "We built a new cluster; can I upgrade the CMS to SP2 with Setup.exe?",
            Verdict::No,
        ),
        (Lang::PtBr, "Posso atualizar o N2 com o CMS no N1?", Verdict::Yes),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// A condition opening the sentence that asks ("When I run SP2 setup, will
/// it…?") only moves where the question is asked, after a sentence of
/// context as at the start.
#[test]
fn a_condition_opening_the_asking_sentence_asks_nothing() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "Our nodes have update rollups installed. When I run SP2 setup, will it remove them?",
        ),
        (
            Lang::En,
            "All our cluster nodes have several update rollups. If I run the SP1 setup, does it remove them by itself?",
        ),
        (
            Lang::PtBr,
            "Os nós têm update rollups instalados. Quando eu rodar o setup do SP2, ele remove os rollups sozinho?",
        ),
    ];
    assert_verdicts(&engine, &search, &questions, Verdict::Yes);
}

/// Asserts that each question, asked in its language, gets `want`.
fn assert_verdicts(engine: &AnswerEngine, search: &SearchIndex, questions: &[(Lang, &str)], want: Verdict) {
    for (lang, question) in questions {
        let answer = engine.answer(&Question::new(*question, Some(*lang)), search);
        assert_eq!(answer.verdict, Some(want), "{question}: {}", answer.answer);
    }
}

/// A value in a sentence of context is said of a case of the fact only when
/// that sentence names the case: the CMS taken offline for the move says
/// nothing of a passive node named in the next sentence. An asking sentence
/// opening on a pointer ("Is that…", "Esse é…") asks about the sentence
/// right before it, whatever that sentence agrees with.
#[test]
fn a_value_in_context_is_said_only_of_a_case_its_sentence_names() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "NODE2 runs SP2 now; I took the CMS offline and moved it to NODE2. Next I want to upgrade NODE1, which is passive now. Is that the right next step?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O NODE2 já está no SP2 e eu já tirei o CMS do ar e movi ele pro NODE2. Agora quero atualizar o NODE1, que é passivo agora. Esse é o próximo passo certo?",
            Verdict::Yes,
        ),
        // Said in the same sentence as the passive node, it is a claim.
        (
            Lang::En,
            "I take the CMS offline while the passive node is upgraded. Is that right?",
            Verdict::No,
        ),
        // A pointer further on points at no sentence.
        (
            Lang::En,
            "Our cluster nodes are on Windows Server 2003 SP2. Do we have to build a new Windows Server 2008 cluster just to get Exchange 2007 SP1 onto this cluster?",
            Verdict::No,
        ),
        // The sentence pointed at names no move: its "offline" confirms no
        // move step, so the runbook's rule is not confirmed (it was `yes`).
        (
            Lang::En,
            "The CMS was moved to the first upgraded passive node but it's still offline. Our runbook says to keep it offline until the old active node is also on SP1. Is that actually required?",
            Verdict::Depends,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

#[test]
fn a_state_the_plan_mends_first_is_no_contradiction_and_a_role_said_is_no_claim() {
    // A value the cluster's state gets wrong, which the plan puts right
    // before the upgrade, is what the plan mends; put right later, or not
    // at all, it still makes the upgrade wrong.
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "Our nodes are still on Windows Server 2003 SP1. I plan to install Windows Server 2003 SP2 on every node before the Exchange 2007 SP1 upgrade. Is that required?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Os nós estão no Windows 2003 SP1. Vou aplicar o SP2 do Windows antes do SP1 do Exchange. Está certo?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Our nodes run Windows 2003 SP1. First I install Windows SP2, then Exchange SP1. Right?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Our nodes NODE1 and NODE2 are on Windows Server 2003 SP1. I plan to install Exchange 2007 SP1 now and apply Windows Server 2003 SP2 later. Is that OK?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Os nós estão no Windows 2003 SP1. Posso rodar o SP1 do Exchange já?",
            Verdict::No,
        ),
        // "owns the clustered mailbox server" says NODE1's role: it upgrades
        // no node that owns the CMS (it was `no`).
        (
            Lang::En,
            "Our SCC has three nodes: NODE1 owns the clustered mailbox server, NODE2 and NODE3 are passive. My plan is to upgrade NODE2 and NODE3 to SP2 first. Does that match the procedure?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

#[test]
fn each_value_is_read_of_the_step_case_and_plan_it_is_said_of() {
    // Each of these was a confident wrong verdict on a fresh question.
    let (engine, search) = engine();
    let cases = [
        // The asking sentence points back at a plan: what the plan gets
        // wrong is the answer, not a state the plan will mend.
        (
            Lang::En,
            "For the new failover cluster I want to save hardware: two new Windows Server 2008 nodes plus one of our existing Windows 2003 nodes. Is that how the new cluster should be built?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Posso montar o cluster novo com dois nós 2008 e um nó 2003?",
            Verdict::No,
        ),
        (
            Lang::En,
            "For the new cluster I'd like NEWN1 on Windows Server 2008 and NEWN2 kept on Windows Server 2003 for a while, then migrate. Is that a valid setup?",
            Verdict::No,
        ),
        // "now as the passive node" changes no role: node B hosts a CMS.
        (
            Lang::En,
            "Node B in our SCC hosts a second CMS, but it's passive as far as CMS1 is concerned. I'll upgrade node B now as the passive node. Is that fine?",
            Verdict::No,
        ),
        // The phase is named: nothing depends on it.
        (
            Lang::PtBr,
            "Enquanto eu atualizo o nó passivo, o pessoal continua acessando o e-mail normal no CMS?",
            Verdict::Yes,
        ),
        // The article gives no figure: the amount varies.
        (
            Lang::En,
            "Will the downtime stay under 30 minutes?",
            Verdict::Depends,
        ),
        (
            Lang::En,
            "Is the downtime always fixed at 30 minutes?",
            Verdict::No,
        ),
        // Each rule above stays where it belongs: a wrong claim in the
        // asking sentence is no state a later sentence mends; a comma
        // splits no version; the old nodes are not in the new cluster; a
        // place said once keeps what it says; "then" puts the fix later;
        // "the new passive node" is a change of role; a figure said always,
        // or none, is wrong.
        (
            Lang::En,
            "Can I upgrade the active node now? I already upgraded the passive node first.",
            Verdict::No,
        ),
        (
            Lang::En,
            "Our nodes have Windows Server 2003, SP1. Can I install Exchange 2007 SP1?",
            Verdict::No,
        ),
        (
            Lang::En,
            "To go to Windows Server 2008, do I create a new cluster and then decommission the old 2003 nodes?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "The CMS stays online on EXCH-N1 the whole time, even when I move it, right?",
            Verdict::No,
        ),
        (
            Lang::En,
            "The nodes are still on 2003 SP1. Can I install Exchange SP2 first and then 2003 SP2?",
            Verdict::No,
        ),
        (
            Lang::En,
            "EXCH-N1 was the active node. After the move EXCH-N1 is now the new passive node. Can I upgrade EXCH-N1?",
            Verdict::Yes,
        ),
        (Lang::En, "Is the downtime always 30 minutes?", Verdict::No),
        (Lang::En, "Is the downtime 0 minutes?", Verdict::No),
        (
            Lang::PtBr,
            "O servidor de caixas de correio clusterizado ainda está rodando no nó ativo e o admin quer atualizar esse nó agora mesmo. Pode?",
            Verdict::No,
        ),
        // "without" ends what a gap may skip: Setup does not uninstall here.
        (
            Lang::En,
            "Our passive node has an Exchange 2007 RTM update rollup installed. I'm planning to run SP1 setup directly without uninstalling the rollup first. Is that OK?",
            Verdict::Yes,
        ),
        // The fix put after the upgrade mends nothing.
        (
            Lang::En,
            "Both nodes are on Windows Server 2003 SP1. Can I start the Exchange 2007 SP2 upgrade now and apply Windows SP2 after?",
            Verdict::No,
        ),
        // Where the CMS runs is said of EXCL-N1, not run on it.
        (
            Lang::En,
            "EXCL-N2 just finished upgrading to SP2 and the CMS is still running on EXCL-N1. Should users still be connected with no outage at this point?",
            Verdict::Yes,
        ),
        // "Isso está certo?" points back at the sentence before it.
        (
            Lang::PtBr,
            "Tem uns rollups do Exchange 2007 instalados nos nós e o admin disse que a instalação do SP2 tira eles sozinha antes de instalar. Isso está certo?",
            Verdict::Yes,
        ),
        // After the passive nodes is the phase of the downtime.
        (
            Lang::En,
            "Must the clustered mailbox server go offline after passive nodes are done?",
            Verdict::Yes,
        ),
        // The count the only-passive fact does not read depends on the cluster.
        (
            Lang::PtBr,
            "Só existe um nó passivo para atualizar antes de mover o servidor de caixas de correio clusterizadas?",
            Verdict::Depends,
        ),
        (
            Lang::En,
            "Were Windows Server 2008 failover clusters called server clusters in earlier Windows versions?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Were failover clusters called server clusters in Windows Server 2008?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A count the asking sentence gives ("the only passive node", "the last
/// passive node") after context that gives one too is what is asked: with
/// CCR or SCC left unsaid, it depends; with the type named, it is that
/// type's count.
#[test]
fn a_count_asked_after_a_count_in_the_context_depends_on_the_cluster_type() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "Our active node holds the CMS and I have finished one passive node. Is that the only passive node I need to upgrade?",
            Verdict::Depends,
        ),
        (
            Lang::En,
            "Passive node EX2 is on SP2 now. Was that the last passive node before the CMS goes offline?",
            Verdict::Depends,
        ),
        (
            Lang::PtBr,
            "Terminei um nó passivo. Ele é o único nó passivo que preciso atualizar?",
            Verdict::Depends,
        ),
        (
            Lang::PtBr,
            "O NODE2, nosso passivo, já está no SP1. É o último nó passivo antes de mover o CMS?",
            Verdict::Depends,
        ),
        (
            Lang::En,
            "We run CCR and I have finished one passive node. Is that the only passive node I need to upgrade?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Nosso CCR já tem o passivo atualizado. É o último nó passivo antes de mover o CMS?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// What a cluster is said to run ("we run an SCC with NODE-A active") is
/// no step on a node; the Windows Server 2003 SP2 prerequisite holds on
/// every node, so a plan scoping it to some is false, while a node "just
/// finished" upgrading scopes nothing.
#[test]
fn the_prerequisite_is_every_nodes_and_running_a_cluster_is_no_step() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "We run an SCC with SRV-A active and SRV-B and SRV-C passive, all on Windows Server 2003 SP2. I've just finished upgrading SRV-B to Exchange 2007 SP1. Should I do SRV-C next, before the CMS goes offline?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "The Windows Server 2003 SP2 requirement only applies to the active node, so the passive node can stay on SP1, right?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O requisito do Windows Server 2003 SP2 só vale para o nó ativo, então posso atualizar o passivo no SP1 mesmo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Can I run Setup.com on the active node that hosts the CMS?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// A context that says the passive nodes are done ("I've upgraded the
/// passive node", "já atualizei o nó passivo") puts what comes after it in
/// the phase after them: taking the CMS offline then is the next step, and
/// it no longer stays online. "While I upgraded the passive node" is still
/// that phase.
#[test]
fn a_passive_phase_said_done_puts_the_next_step_after_it() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "Já terminei o nó passivo e o CMS seguiu no ar. Agora tiro o CMS do ar e movo para o nó atualizado?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Já atualizei o nó passivo. O CMS continua disponível enquanto atualizo o nó ativo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "We upgraded the passive node last night. Next we take the CMS offline and move it to that node, right?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "I've finished the passive node. Does the CMS stay online while I upgrade the active node?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Did users keep their mail while we were upgrading the passive node?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// A cluster the context describes that the article rules out in the case
/// it names ("our CCR has two passive nodes") is no cluster a plan for it
/// can be right on: the answer corrects the count.
#[test]
fn a_plan_on_a_cluster_the_article_rules_out_is_not_fine() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "Our CCR cluster has three passive nodes and one active. I'll upgrade the passive nodes first, OK?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Nosso CCR tem dois nós passivos e um ativo. Atualizo primeiro os passivos e depois o ativo, certo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Our SCC has three passive nodes and one active. I'll upgrade the three passive nodes first, OK?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Nosso CCR tem um nó passivo. Começo atualizando o passivo?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// A count of active nodes beside the passive ones ("3 passivos e 1
/// ativo") is no count of passive nodes, and "exactly one passive node to
/// patch" asks the count the cluster type decides.
#[test]
fn a_count_of_active_nodes_counts_no_passive_node() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "Nosso SCC tem 2 passivos e 1 ativo. Um SCC pode ter mais de um nó passivo?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Our SCC has three passive nodes and one active node. Can an SCC have several passive nodes?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Will there be exactly one passive node to patch before the CMS moves?",
            Verdict::Depends,
        ),
        (
            Lang::PtBr,
            "Vai ter exatamente um nó passivo para atualizar antes de mover o CMS?",
            Verdict::Depends,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Where the CMS runs ("o CMS continua rodando no ativo") names no phase:
/// after passive nodes said done, taking the CMS offline to move it is the
/// next step.
#[test]
fn where_the_cms_runs_names_no_phase() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::PtBr,
            "Já atualizei o nó passivo e o CMS continua rodando no ativo. Agora tiro o CMS do ar e movo para o nó atualizado?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "I've upgraded the passive node and the CMS is still on the active node. Now I take the CMS offline and move it to the upgraded node, right?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}
