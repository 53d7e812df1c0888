//! The management compatibility grid: `depends` exactly where documented
//! completions disagree; service packs of the systems and of the products;
//! "always" and negations in compatibility claims; the system of the
//! computer running the tools; the phrases that make a management question;
//! claims of two alternative systems; and a value claimed to be the only one.

use std::collections::{BTreeMap, BTreeSet};

use docdesk::answers::model::Verdict;
use docdesk::answers::{AnswerEngine, Intent, Question};
use docdesk::lang::Lang;

use super::{FRAMES, as_words, assert_generated, engine, expanded, lead_agrees};

#[test]
fn the_grid_says_depends_exactly_where_documented_completions_disagree() {
    let (engine, _) = engine();
    let compat = &engine.knowledge().compat;
    let dimensions: Vec<(&str, &Vec<String>)> = compat
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), &d.values))
        .collect();
    // Every full combination and its verdict, through the public API.
    let mut full: Vec<(BTreeMap<String, String>, Verdict)> = Vec::new();
    let mut combos: Vec<BTreeMap<String, String>> = vec![BTreeMap::new()];
    for (id, values) in &dimensions {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.insert(id.to_string(), v.clone());
                    c
                })
            })
            .collect();
    }
    for combo in combos {
        let verdict = engine.compat(&combo, Lang::En).unwrap().verdict.unwrap();
        assert!(matches!(
            verdict,
            Verdict::Yes | Verdict::No | Verdict::NotDocumented
        ));
        full.push((combo, verdict));
    }
    let mut checked = 0;
    for (combo, _) in &full {
        for mask in 0..(1u32 << dimensions.len()) {
            let partial: BTreeMap<String, String> = combo
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) == 0)
                .map(|(_, (k, v))| (k.clone(), v.clone()))
                .collect();
            let answer = engine.compat(&partial, Lang::En).unwrap();
            let verdict = answer.verdict.unwrap();
            // The completions that can exist: not an impossible combination,
            // and a dimension with a default left open takes its default, or
            // another value only where the article documents it.
            let matching = full
                .iter()
                .filter(|(c, _)| partial.iter().all(|(k, v)| &c[k] == v));
            let impossible = |c: &BTreeMap<String, String>| {
                compat
                    .impossible
                    .iter()
                    .any(|i| i.when.iter().all(|(k, vs)| vs.contains(&c[k])))
            };
            // A question naming an impossible combination is judged as asked.
            let naming_impossible = matching.clone().all(|(c, _)| impossible(c));
            let completions: BTreeSet<Verdict> = matching
                .filter(|(c, _)| naming_impossible || !impossible(c))
                .filter(|(c, v)| {
                    compat
                        .dimensions
                        .iter()
                        .all(|d| match (&d.default, partial.contains_key(&d.id)) {
                            (Some(default), false) => {
                                &c[&d.id] == default || matches!(v, Verdict::Yes | Verdict::No)
                            }
                            _ => true,
                        })
                })
                .map(|(_, v)| *v)
                .collect();
            checked += 1;
            let expected = match completions.len() {
                1 => *completions.first().unwrap(),
                _ if completions.contains(&Verdict::Yes) => Verdict::Depends,
                _ => Verdict::NotDocumented,
            };
            assert_eq!(verdict, expected, "{partial:?}: completions {completions:?}");
            if verdict == Verdict::Depends {
                let verdicts: BTreeSet<Verdict> = answer.options.iter().map(|o| o.verdict).collect();
                assert!(
                    verdicts.contains(&Verdict::Yes),
                    "{partial:?}: depends without a yes option: {verdicts:?}"
                );
                assert!(
                    !answer.missing.is_empty() && answer.clarify.is_some(),
                    "{partial:?}"
                );
            }
            // Every option is a documented completion with its own verdict.
            for option in &answer.options {
                let option_combo = &option.values;
                let documented = full.iter().find(|(c, _)| c == option_combo).map(|(_, v)| *v);
                assert_eq!(documented, Some(option.verdict), "{partial:?}: option {option:?}");
                assert!(
                    partial.iter().all(|(k, v)| &option_combo[k] == v),
                    "{partial:?}: option {option:?}"
                );
            }
            assert!(
                lead_agrees(&answer, &engine),
                "{partial:?}: {:?} {}",
                answer.verdict,
                answer.answer
            );
        }
    }
    assert!(checked > 4000, "{checked}");
}

/// "A CMS on Windows Server 2003 running SP1" runs Exchange SP1 on Windows
/// Server 2003, not Windows Server 2003 SP1: naming the version the CMS
/// runs, the one the tools have, changes no management answer.
#[test]
fn what_runs_on_a_system_is_not_the_systems_service_pack() {
    let (engine, search) = engine();
    let ask = |q: &str| engine.answer(&Question::new(q, None), &search).verdict;
    let mut failures = Vec::new();
    let mut checked = 0;
    for version in ["SP1", "SP2"] {
        for admin in ["Windows XP", "Windows Server 2003", "Windows Server 2008"] {
            for cluster in ["Windows Server 2003", "Windows Server 2008"] {
                for (plain, running) in [
                    (
                        format!(
                            "Can the {version} management tools on {admin} manage a clustered mailbox server running Exchange {version} on {cluster}?"
                        ),
                        format!(
                            "We have a CMS on {cluster} running {version} and a {admin} admin box with the {version} tools. Does that work?"
                        ),
                    ),
                    (
                        format!(
                            "As ferramentas de gerenciamento do {version} no {admin} gerenciam um CMS com Exchange {version} em {cluster}?"
                        ),
                        format!(
                            "Tenho um CMS em {cluster} rodando {version} e um {admin} de admin com as ferramentas do {version}. Funciona?"
                        ),
                    ),
                ] {
                    checked += 1;
                    let (want, got) = (ask(&plain), ask(&running));
                    if got != want {
                        failures.push(format!("{running:?} → {got:?}, without the version {want:?}"));
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        20,
        "versions a CMS runs read as its system's service pack",
    );
}

/// A service pack right after a product and its version is that product's:
/// "Windows 2003 + Exchange 2007 SP1" says nothing of Windows's service
/// pack, so the question gets what it gets with Windows named alone; with
/// Windows's own SP1 named it is `no` (the frames read a cluster's system).
#[test]
fn a_service_pack_after_another_products_version_is_that_products() {
    let (engine, search) = engine();
    let ask = |q: &str| engine.answer(&Question::new(q, None), &search);
    let frames = [
        "Our nodes run {env}. Can we upgrade them to Exchange 2007 SP2?",
        "Cluster: {env}. Is it ready for SP2?",
        "Nossos nós rodam {env}. Dá pra subir pro SP2?",
        "Cluster atual: {env}. Posso atualizar para o Exchange 2007 SP2?",
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for frame in frames {
        for windows in ["Windows Server 2003", "Windows 2003", "Win 2003", "Server 2003"] {
            let alone = ask(&frame.replace("{env}", windows)).verdict;
            let own = frame.replace("{env}", &format!("{windows} SP1 + Exchange 2007"));
            checked += 1;
            let own_verdict = ask(&own).verdict;
            if own_verdict != Some(Verdict::No) {
                failures.push(format!("{own:?} → {own_verdict:?}, Windows's own SP1 named"));
            }
            for join in [" + ", " with ", " / ", " com ", ", "] {
                for exchange in ["Exchange 2007", "Exchange Server 2007"] {
                    for release in ["SP1", "RTM", "Service Pack 1"] {
                        let question =
                            frame.replace("{env}", &format!("{windows}{join}{exchange} {release}"));
                        checked += 1;
                        let got = ask(&question).verdict;
                        if got != alone {
                            failures.push(format!("{question:?} → {got:?}, with Windows alone {alone:?}"));
                        }
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        400,
        "service packs read as the wrong product's",
    );
}

/// "Always" claims a compatibility for every case: it holds where every
/// completion gets the same yes or no, and gets no verdict where the answer
/// depends on what the question leaves out.
#[test]
fn a_compatibility_claimed_always_holds_only_where_it_never_depends() {
    let (engine, search) = engine();
    let ask = |q: &str| engine.answer(&Question::new(q, None), &search).verdict;
    let mut failures = Vec::new();
    let (mut checked, mut depends) = (0, 0);
    for tools in ["the RTM ", "the SP1 ", "the SP2 ", "the ", "as "] {
        for admin in [
            "Windows XP",
            "Windows Vista",
            "Windows Server 2003",
            "Windows Server 2008",
        ] {
            for cluster in [" running Windows Server 2003", " running Windows Server 2008", ""] {
                let questions = match tools {
                    "as " => [(
                        format!(
                            "Dá pra gerenciar um CMS{cluster} a partir do {admin} com as ferramentas do Exchange?"
                        ),
                        format!(
                            "Dá pra sempre gerenciar um CMS{cluster} a partir do {admin} com as ferramentas do Exchange?"
                        ),
                    )],
                    _ => [(
                        format!(
                            "Can {tools}management tools on {admin} manage a clustered mailbox server{cluster}?"
                        ),
                        format!(
                            "Can {tools}management tools on {admin} always manage a clustered mailbox server{cluster}?"
                        ),
                    )],
                };
                for (plain, always) in questions {
                    let (plain_verdict, verdict) = (ask(&plain), ask(&always));
                    let want = match plain_verdict {
                        Some(Verdict::Yes | Verdict::No) => plain_verdict,
                        _ => None,
                    };
                    checked += 1;
                    depends += usize::from(plain_verdict == Some(Verdict::Depends));
                    if verdict != want {
                        failures.push(format!(
                            "{always:?} → {verdict:?}, without \"always\" {plain_verdict:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(depends >= 10, "only {depends} questions depend");
    assert_generated(&failures, checked, 50, "compatibility claims said always");
}

#[test]
fn a_negated_compatibility_claim_is_answered_as_asserted_in_both_languages() {
    let (engine, search) = engine();
    let ask = |q: &str| engine.answer(&Question::new(q, None), &search);
    // (lang, claim, the same claim negated, a question asking it, the same question opened by a negation)
    let claims = |tools: &str, admin: &str, cluster: &str| {
        [
            (
                format!(
                    "the {tools} management tools on {admin} can manage a clustered mailbox server running {cluster}"
                ),
                format!(
                    "the {tools} management tools on {admin} cannot manage a clustered mailbox server running {cluster}"
                ),
                format!(
                    "Can the {tools} management tools on {admin} manage a clustered mailbox server running {cluster}?"
                ),
                format!(
                    "Can't the {tools} management tools on {admin} manage a clustered mailbox server running {cluster}?"
                ),
            ),
            (
                format!(
                    "as ferramentas de gerenciamento do {tools} no {admin} gerenciam um servidor de caixas de correio clusterizadas executando o {cluster}"
                ),
                format!(
                    "as ferramentas de gerenciamento do {tools} no {admin} não gerenciam um servidor de caixas de correio clusterizadas executando o {cluster}"
                ),
                format!(
                    "As ferramentas de gerenciamento do {tools} no {admin} gerenciam um servidor de caixas de correio clusterizadas executando o {cluster}?"
                ),
                format!(
                    "Não dá pra gerenciar um servidor de caixas de correio clusterizadas executando o {cluster} com as ferramentas de gerenciamento do {tools} no {admin}?"
                ),
            ),
        ]
    };
    let mut decided = 0;
    let mut failures = Vec::new();
    for tools in ["RTM", "SP1", "SP2"] {
        for admin in [
            "Windows XP",
            "Windows Vista",
            "Windows Server 2003",
            "Windows Server 2008",
        ] {
            for cluster in ["Windows Server 2003", "Windows Server 2008"] {
                for (claim, negated, question, negative_question) in claims(tools, admin, cluster) {
                    let asked = ask(&question);
                    let Some(verdict) = asked.verdict else {
                        failures.push(format!("no verdict: {question}"));
                        continue;
                    };
                    decided += usize::from(matches!(verdict, Verdict::Yes | Verdict::No));
                    if ask(&negative_question).verdict != Some(verdict) {
                        failures.push(format!("{negative_question}: not {verdict:?}"));
                    }
                    for (lang, before, after) in FRAMES {
                        let framed = |claim: &str| match before {
                            "" => format!("{claim}{after}"),
                            _ => format!("{before} {claim}{after}"),
                        };
                        if (lang == Lang::En) != claim.starts_with("the ") {
                            continue;
                        }
                        let plain = ask(&framed(&claim));
                        let turned = ask(&framed(&negated));
                        if plain.verdict != Some(verdict) {
                            failures.push(format!(
                                "{}: {:?}, asked: {verdict:?}",
                                framed(&claim),
                                plain.verdict
                            ));
                        }
                        if turned.verdict != Some(verdict.opposite()) {
                            failures.push(format!(
                                "{}: {:?}, asked: {verdict:?}",
                                framed(&negated),
                                turned.verdict
                            ));
                        }
                        for answer in [&plain, &turned] {
                            if !lead_agrees(answer, &engine) {
                                failures.push(format!("{:?} but: {}", answer.verdict, answer.answer));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Most combinations are documented either way: the property is not vacuous.
    assert!(decided >= 20, "{decided}");
}

/// A client system's own service pack is part of its name: "Windows XP SP3"
/// is Windows XP, not a version of Exchange the article does not cover.
#[test]
fn a_client_systems_service_pack_changes_no_management_answer() {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    let frames = [
        (
            Lang::En,
            "Can the Exchange 2007 {tools} management tools on {client} manage an {cms} clustered mailbox server on Windows Server {os}?",
        ),
        (
            Lang::PtBr,
            "As ferramentas de gerenciamento do Exchange 2007 {tools} num computador {client} gerenciam um servidor de caixas de correio clusterizadas {cms} no Windows Server {os}?",
        ),
    ];
    let clients = [
        (
            "Windows XP",
            "windows-xp",
            &["SP1", "SP2", "SP3", "Service Pack 3"][..],
        ),
        (
            "Windows Vista",
            "windows-vista",
            &["SP1", "SP2", "Service Pack 2"][..],
        ),
    ];
    for (lang, frame) in frames {
        for (client, id, packs) in clients {
            for tools in ["RTM", "SP1", "SP2"] {
                for cms in ["RTM", "SP1", "SP2"] {
                    for os in ["2003", "2008"] {
                        let ask = |client: &str| {
                            let question = (frame.replace("{tools}", tools))
                                .replace("{client}", client)
                                .replace("{cms}", cms)
                                .replace("{os}", os);
                            let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                            (question, answer)
                        };
                        let (_, plain) = ask(client);
                        for pack in packs {
                            let (question, answer) = ask(&format!("{client} {pack}"));
                            checked += 1;
                            if answer.verdict != plain.verdict
                                || answer.interpretation.dimensions.get("admin_os")
                                    != Some(&Some(id.to_owned()))
                            {
                                failures.push(format!(
                                    "{question:?} → {:?} ({:?}), without the service pack {:?}",
                                    answer.verdict, answer.interpretation.dimensions, plain.verdict
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        200,
        "management questions changed by a client's service pack",
    );
}

/// A verb that introduces the server's system ("runs", "roda") speaks of its
/// subject: after a word for the computer running the tools, the system is
/// that computer's ("Our admin workstation runs Windows Server 2008").
#[test]
fn a_system_the_tools_computer_runs_is_the_tools_side() {
    let (engine, search) = engine();
    let anchors = &engine.knowledge().lexicon.anchors;
    let mut failures = Vec::new();
    let mut checked = 0;
    let systems = [
        ("Windows XP", "windows-xp"),
        ("Windows Vista", "windows-vista"),
        ("Windows Server 2003", "windows-server-2003"),
        ("Windows Server 2008", "windows-server-2008"),
    ];
    let frames = [
        (
            Lang::En,
            "Our {noun} runs {system}. Can it manage a clustered mailbox server on Windows Server {cluster} with the SP2 tools?",
        ),
        (
            Lang::PtBr,
            "Nosso {noun} roda {system}. Dá pra gerenciar um servidor de caixas de correio clusterizadas no Windows Server {cluster} com as ferramentas SP2?",
        ),
    ];
    for noun in anchors.tools.iter().filter(|n| !anchors.server.contains(n)) {
        for (system, id) in systems {
            for cluster in ["2003", "2008"] {
                for (lang, frame) in frames {
                    let question = (frame.replace("{noun}", noun))
                        .replace("{system}", system)
                        .replace("{cluster}", cluster);
                    let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                    checked += 1;
                    if answer.interpretation.dimensions.get("admin_os") != Some(&Some(id.to_owned())) {
                        failures.push(format!("{question:?} → {:?}", answer.interpretation.dimensions));
                    }
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        100,
        "systems of the tools' computer read on the server's side",
    );
}

/// "Management" in the name of the tools ("cluster management tools")
/// manages nothing: the question is read as with the shorter name.
#[test]
fn management_in_the_tools_name_is_no_management_question() {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    let en = [
        "cluster tools",
        "cluster management tools",
        "cluster administration tools",
    ];
    let pt = [
        "ferramentas de cluster",
        "ferramentas de gerenciamento de cluster",
        "ferramentas de administração de cluster",
    ];
    let frames = [
        (
            Lang::En,
            "To cover both our old Windows Server 2003 cluster and the new Windows Server 2008 cluster, can I install both the Windows Server 2003 and the Windows Server 2008 versions of the {tools} on the same {computer}?",
            en,
            Some(Verdict::No),
        ),
        (
            Lang::En,
            "How do I install the {tools} on a {computer} with Windows XP or Windows Server 2003?",
            en,
            None,
        ),
        (
            Lang::En,
            "How do I get the {tools} onto a {computer} running Windows Server 2008?",
            en,
            None,
        ),
        (
            Lang::PtBr,
            "Pra atender tanto o cluster antigo Windows Server 2003 quanto o novo cluster Windows Server 2008, posso instalar as versões Windows Server 2003 e Windows Server 2008 das {tools} no mesmo {computer}?",
            pt,
            Some(Verdict::No),
        ),
        (
            Lang::PtBr,
            "Como eu instalo as {tools} num {computer} com XP ou Windows 2003?",
            pt,
            None,
        ),
        (
            Lang::PtBr,
            "Como instalo as {tools} num {computer} com Windows Server 2008?",
            pt,
            None,
        ),
    ];
    let computers = |lang| match lang {
        Lang::En => ["admin PC", "workstation", "jump server", "laptop"],
        _ => ["computador", "desktop", "notebook", "servidor de salto"],
    };
    for (lang, frame, [plain, named @ ..], want) in frames {
        for computer in computers(lang) {
            let ask = |tools: &str| {
                let question = frame.replace("{tools}", tools).replace("{computer}", computer);
                let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                (question, answer)
            };
            let (_, expected) = ask(plain);
            for tools in named {
                let (question, answer) = ask(tools);
                checked += 1;
                if answer.verdict != want || answer.intent != expected.intent || expected.verdict != want {
                    failures.push(format!(
                        "{question:?} → {:?} {:?}, with {plain:?} {:?} {:?}",
                        answer.verdict, answer.intent, expected.verdict, expected.intent
                    ));
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        40,
        "questions changed by \"management\" in the tools' name",
    );
}

/// Every phrase that makes a question about managing a server (`[intent]`
/// management verbs and the tools themselves) turns an admin computer and a
/// cluster the grid decides into a compatibility question, in both
/// languages; the people who manage ("my manager", "o administrador") do not.
#[test]
fn management_phrases_make_compatibility_questions_and_managers_do_not() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let intent = &kb.lexicon.intent;
    let frames = [
        (
            Lang::En,
            "Windows XP {}, clustered mailbox server on Windows Server 2008: possible?",
        ),
        (
            Lang::PtBr,
            "Windows XP {}, servidor de caixas de correio em cluster no Windows Server 2008: é possível?",
        ),
    ];
    let ask = |phrase: &str, frame: &str| {
        let question = frame.replace("{}", phrase);
        let answer = engine.answer(&Question::new(&question, None), &search);
        (question, answer)
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    let phrases = expanded(
        &[intent.management.as_slice(), &intent.tools].concat(),
        &kb.lexicon.concepts,
    );
    for phrase in &phrases {
        for (_, frame) in frames {
            let (question, answer) = ask(&as_words(phrase), frame);
            checked += 1;
            if answer.intent != Intent::ManagementCompatibility || answer.verdict != Some(Verdict::No) {
                failures.push(format!("{question:?} → {:?} {:?}", answer.intent, answer.verdict));
            }
        }
    }
    for person in ["manager", "managers", "administrator", "administrador", "gerente"] {
        for (_, frame) in frames {
            let (question, answer) = ask(person, frame);
            checked += 1;
            if answer.intent == Intent::ManagementCompatibility {
                failures.push(format!("{question:?} → read as managing"));
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        40,
        "questions were read wrongly as managing or not",
    );
}

/// Two values offered for one dimension ("from a Windows Server 2003 or
/// Windows XP computer") make a claim of each: `yes` or `no` when both get
/// it, `depends` with the options of each when one is `yes` and the other
/// not, no verdict otherwise.
#[test]
fn a_claim_of_two_alternative_systems_holds_only_if_both_agree() {
    let (engine, search) = engine();
    let ask = |q: &str| engine.answer(&Question::new(q, None), &search).verdict;
    let systems = [
        "Windows XP",
        "Windows Vista",
        "Windows Server 2003",
        "Windows Server 2008",
    ];
    let mut failures = Vec::new();
    let mut decided = 0;
    let mut depends = 0;
    let mut checked = 0;
    for tools in ["RTM", "SP1", "SP2"] {
        for cluster in ["Windows Server 2003", "Windows Server 2008"] {
            let question = |admin: &str| {
                [
                    format!(
                        "Can the {tools} management tools on {admin} manage a clustered mailbox server running {cluster}?"
                    ),
                    format!(
                        "As ferramentas de gerenciamento do {tools} no {admin} gerenciam um servidor de caixas de correio clusterizadas executando o {cluster}?"
                    ),
                    // The cluster's system named first, which an
                    // alternative may name again ("a CMS on 2008: 2003 or 2008?").
                    format!(
                        "For a clustered mailbox server running {cluster}, can the {tools} management tools on {admin} manage it?"
                    ),
                    format!(
                        "Pra um CMS rodando {cluster}, as ferramentas de gerenciamento do {tools} no {admin} conseguem gerenciar?"
                    ),
                ]
            };
            for (i, first) in systems.iter().enumerate() {
                for second in &systems[i + 1..] {
                    let alone = (ask(&question(first)[0]), ask(&question(second)[0]));
                    let (or_en, or_pt) = (
                        question(&format!("{first} or {second}")),
                        question(&format!("{first} ou {second}")),
                    );
                    for (asked, pair) in [
                        (&or_en[0], alone),
                        (&or_pt[1], alone),
                        (&or_en[2], alone),
                        (&or_pt[3], alone),
                    ] {
                        checked += 1;
                        let verdict = ask(asked);
                        // Where one alternative is yes and the other is
                        // not, the answer depends on which one is meant.
                        let want = match pair {
                            (Some(a), Some(b)) if a == b && matches!(a, Verdict::Yes | Verdict::No) => {
                                Some(a)
                            }
                            (a, b) if (a == Some(Verdict::Yes)) != (b == Some(Verdict::Yes)) => {
                                Some(Verdict::Depends)
                            }
                            _ => None,
                        };
                        decided += usize::from(want.is_some());
                        depends += usize::from(want == Some(Verdict::Depends));
                        let wrong = match want {
                            Some(want) => verdict != Some(want),
                            None => matches!(verdict, Some(Verdict::Yes | Verdict::No)),
                        };
                        // And it lists what each one gets.
                        let options = match want {
                            Some(Verdict::Depends) => {
                                let answer = engine.answer(&Question::new(asked, None), &search);
                                (answer.options.iter())
                                    .map(|o| o.verdict == Verdict::Yes)
                                    .collect()
                            }
                            _ => BTreeSet::from([true, false]),
                        };
                        if wrong || options.len() < 2 {
                            failures.push(format!("{asked:?} → {verdict:?}, each alone {pair:?}"));
                        }
                    }
                }
            }
        }
    }
    assert!(
        decided >= 10 && depends >= 10,
        "{decided} decided, {depends} depend"
    );
    assert_generated(&failures, checked, 80, "claims of two alternative systems");
}

/// "Only" said of a value claims no other value of its dimension works: "Can
/// a CMS on Windows Server 2008 only be managed from Windows Server 2008?"
/// is `yes`, "…only from Windows XP?" `no` (XP never does), and "Is Windows
/// XP the only system that can manage a CMS on Windows Server 2003?" `no`
/// (Windows Server 2003 does too). The expected verdict comes from the
/// structured compatibility query of each value: a value works where it is
/// `yes` or `depends`; no yes or no where that settles nothing.
#[test]
fn a_value_claimed_the_only_one_holds_only_if_no_other_works() {
    let (engine, search) = engine();
    let values_of = |id: &str| values_of(&engine, id);
    let label = |value: &str| engine.label(value, Lang::En);
    let verdict_of = |query: &[(&str, &str)]| structured_verdict(&engine, query);
    let works = |verdict: Verdict| matches!(verdict, Verdict::Yes | Verdict::Depends);
    let mut failures = Vec::new();
    let mut checked = 0;
    for tools in [None, Some("SP1"), Some("SP2")] {
        let versions: Vec<(&str, &str)> =
            tools.map_or(Vec::new(), |t| vec![("tools_version", t), ("cms_version", t)]);
        let (tools_en, tools_pt) = match tools {
            Some(t) => (
                format!(" with the {} tools", label(t)),
                format!(" com as ferramentas do {}", label(t)),
            ),
            None => (String::new(), String::new()),
        };
        for (only, frames) in [
            (
                "admin_os",
                [
                    (
                        Lang::En,
                        "Can a CMS on {cluster} only be managed from {admin}{tools_en}?",
                    ),
                    (
                        Lang::PtBr,
                        "O CMS no {cluster} só pode ser gerenciado a partir do {admin}{tools_pt}?",
                    ),
                    (
                        Lang::En,
                        "Is {admin} the only system that can manage a CMS on {cluster}{tools_en}?",
                    ),
                    (
                        Lang::PtBr,
                        "O {admin} é o único sistema que gerencia um CMS no {cluster}{tools_pt}?",
                    ),
                ],
            ),
            (
                "cluster_os",
                [
                    (Lang::En, "Can {admin}{tools_en} only manage a CMS on {cluster}?"),
                    (Lang::PtBr, "O {admin}{tools_pt} só gerencia CMS no {cluster}?"),
                    (
                        Lang::En,
                        "Are CMSs on {cluster} the only ones {admin} can manage{tools_en}?",
                    ),
                    (
                        Lang::PtBr,
                        "Os CMS no {cluster} são os únicos que o {admin} gerencia{tools_pt}?",
                    ),
                ],
            ),
        ] {
            for admin in values_of("admin_os") {
                for cluster in values_of("cluster_os") {
                    let named = if only == "admin_os" { admin } else { cluster };
                    let with = |value: &str| {
                        let (admin, cluster) = if only == "admin_os" {
                            (value, cluster.as_str())
                        } else {
                            (admin.as_str(), value)
                        };
                        let mut query = vec![
                            ("admin_os", admin),
                            ("cluster_os", cluster),
                            ("target", "clustered"),
                        ];
                        query.extend(&versions);
                        verdict_of(&query)
                    };
                    let others: Vec<Verdict> = (values_of(only).iter())
                        .filter(|v| *v != named)
                        .map(|v| with(v))
                        .collect();
                    let want = match with(named) {
                        Verdict::No => Some(Verdict::No),
                        _ if others.iter().any(|v| works(*v)) => Some(Verdict::No),
                        own if works(own) && others.iter().all(|v| *v == Verdict::No) => Some(Verdict::Yes),
                        _ => None,
                    };
                    for (lang, frame) in &frames {
                        let question = frame
                            .replace("{admin}", &label(admin))
                            .replace("{cluster}", &label(cluster))
                            .replace("{tools_en}", &tools_en)
                            .replace("{tools_pt}", &tools_pt);
                        let answer = engine.answer(&Question::new(&question, None), &search);
                        checked += 1;
                        let right = match want {
                            Some(want) => answer.verdict == Some(want),
                            None => !matches!(answer.verdict, Some(Verdict::Yes | Verdict::No)),
                        };
                        if !right || !lead_agrees(&answer, &engine) || answer.lang != *lang {
                            failures.push(format!(
                                "{question:?} ({lang:?}) → {:?}, want {want:?}: {}",
                                answer.verdict, answer.answer
                            ));
                        }
                    }
                }
            }
        }
    }
    assert_generated(&failures, checked, 150, "values claimed the only one");
}

/// A management verb ties what is named before it to the computer running
/// the tools, its subject, and what is named right after it to the server
/// it manages, whichever systems they are and whatever follows: "Can
/// Windows Server 2008 manage a CMS on Windows Server 2003?" reads the admin
/// computer on Windows Server 2008; "Dá pra gerenciar o Windows Server 2003
/// a partir do Windows Server 2008?" the cluster on Windows Server 2003. A
/// system named twice is read on both sides.
#[test]
fn a_management_verb_tells_the_computer_that_manages_from_the_server_managed() {
    let (engine, search) = engine();
    let values_of = |id: &str| values_of(&engine, id);
    let frames = [
        "Can {admin} manage a CMS on {cluster}?",
        "Is {admin} able to manage a CMS on {cluster} with the SP2 tools?",
        "Is {admin} the system that manages a CMS on {cluster}?",
        "Can I manage {cluster} clusters from {admin}?",
        "Is it possible to manage {cluster} from {admin}?",
        "O {admin} consegue gerenciar um CMS no {cluster}?",
        "O {admin} gerencia CMS no {cluster} com as ferramentas do SP1?",
        "Dá pra gerenciar o {cluster} a partir do {admin}?",
        "É possível administrar um cluster {cluster} pelo {admin}?",
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for admin in values_of("admin_os") {
        for cluster in values_of("cluster_os") {
            for frame in frames {
                let question = frame
                    .replace("{admin}", &engine.label(admin, Lang::En))
                    .replace("{cluster}", &engine.label(cluster, Lang::En));
                let answer = engine.answer(&Question::new(&question, None), &search);
                checked += 1;
                let read = |id: &str| answer.interpretation.dimensions.get(id).cloned().flatten();
                if (read("admin_os"), read("cluster_os")) != (Some(admin.clone()), Some(cluster.clone())) {
                    failures.push(format!("{question:?} → {:?}", answer.interpretation.dimensions));
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        70,
        "systems read on the wrong side of a management verb",
    );
}

/// A claim said of two values joined ("Can Windows XP and Windows Vista
/// manage a CMS on Windows Server 2003?", "…CMS no 2003 e no 2008?") holds
/// only where it holds for each: `no` where one of them is documented `no`,
/// `yes` where both are `yes`, no yes or no otherwise. The expected verdict
/// comes from the structured compatibility query of each value.
#[test]
fn a_claim_of_two_joined_values_holds_only_if_it_holds_for_each() {
    let (engine, search) = engine();
    let values_of = |id: &str| values_of(&engine, id);
    let label = |value: &str| engine.label(value, Lang::En);
    let verdict_of = |admin: &str, cluster: &str, tools: &str| {
        let query = [
            ("admin_os", admin),
            ("cluster_os", cluster),
            ("tools_version", tools),
            ("cms_version", tools),
            ("target", "clustered"),
        ];
        structured_verdict(&engine, &query)
    };
    let joined_verdict = |verdicts: [Verdict; 2]| {
        if verdicts.contains(&Verdict::No) {
            Some(Verdict::No)
        } else if verdicts == [Verdict::Yes; 2] {
            Some(Verdict::Yes)
        } else {
            None
        }
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut ask = |question: String, want: Option<Verdict>| {
        let answer = engine.answer(&Question::new(&question, None), &search);
        checked += 1;
        let right = match want {
            Some(want) => answer.verdict == Some(want),
            None => !matches!(answer.verdict, Some(Verdict::Yes | Verdict::No)),
        };
        if !right || !lead_agrees(&answer, &engine) {
            failures.push(format!(
                "{question:?} → {:?}, want {want:?}: {}",
                answer.verdict, answer.answer
            ));
        }
    };
    let admins = values_of("admin_os");
    let clusters = values_of("cluster_os");
    for tools in ["SP1", "SP2"] {
        let tools_label = label(tools);
        for cluster in clusters {
            for (i, first) in admins.iter().enumerate() {
                for second in &admins[i + 1..] {
                    let want = joined_verdict([
                        verdict_of(first, cluster, tools),
                        verdict_of(second, cluster, tools),
                    ]);
                    let (first, second, cluster) = (label(first), label(second), label(cluster));
                    ask(
                        format!(
                            "Can {first} and {second} manage a CMS on {cluster} with the {tools_label} tools?"
                        ),
                        want,
                    );
                    ask(
                        format!(
                            "Is it true that the {tools_label} tools manage a CMS on {cluster} from {first}, and also from {second}?"
                        ),
                        want,
                    );
                    ask(
                        format!(
                            "O {first} e o {second} gerenciam um CMS no {cluster} com as ferramentas do {tools_label}?"
                        ),
                        want,
                    );
                }
            }
        }
        for admin in admins {
            let want = joined_verdict([
                verdict_of(admin, &clusters[0], tools),
                verdict_of(admin, &clusters[1], tools),
            ]);
            let (admin, first, second) = (label(admin), label(&clusters[0]), label(&clusters[1]));
            ask(
                format!("Can the {tools_label} tools on {admin} manage CMS on {first} and {second}?"),
                want,
            );
            ask(
                format!(
                    "Dá pra gerenciar CMS no {first} e no {second} a partir do {admin} com as ferramentas do {tools_label}?"
                ),
                want,
            );
        }
    }
    assert_generated(&failures, checked, 80, "claims of two joined values");
}

/// The values `compat.toml` declares for the dimension `id`.
fn values_of<'a>(engine: &'a AnswerEngine, id: &str) -> &'a [String] {
    let compat = &engine.knowledge().compat;
    &compat.dimensions.iter().find(|d| d.id == id).unwrap().values
}

/// The verdict of the structured compatibility query `query` (dimension id
/// and value), as `GET /api/compat` gives it.
fn structured_verdict(engine: &AnswerEngine, query: &[(&str, &str)]) -> Verdict {
    let query: BTreeMap<String, String> = (query.iter())
        .map(|(id, value)| (id.to_string(), value.to_string()))
        .collect();
    engine.compat(&query, Lang::En).unwrap().verdict.unwrap()
}

/// A "which" question naming nothing of its setup ("Which version of the
/// Exchange management tools should I use to manage our clustered mailbox
/// server?") gets `depends` where the values it asks for turn on what it
/// leaves out, with every documented completion as an option; one naming
/// part of its setup ("…on Windows Server 2003?") gets the values, no
/// verdict. Whether the values turn on something comes from the structured
/// query of every completion.
#[test]
fn a_which_question_naming_nothing_of_its_setup_depends_where_the_values_do() {
    let (engine, search) = engine();
    let label = |value: &str| engine.label(value, Lang::En);
    let asked_dimensions = [
        (
            "tools_version",
            "Which version of the Exchange management tools should I use to manage our clustered mailbox server{en}?",
            "Qual versão das ferramentas de gerenciamento devo usar para gerenciar nosso CMS{pt}?",
        ),
        (
            "admin_os",
            "Which operating systems can I use to manage our clustered mailbox server{en}?",
            "Quais sistemas operacionais posso usar para gerenciar nosso CMS{pt}?",
        ),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for (asked, en, pt) in asked_dimensions {
        // The values asked for that work, in each completion of the others.
        let others: Vec<&str> = ["tools_version", "admin_os", "cms_version", "cluster_os"]
            .into_iter()
            .filter(|d| *d != asked)
            .collect();
        let mut completions: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
        for dimension in &others {
            completions = (completions.into_iter())
                .flat_map(|c| {
                    values_of(&engine, dimension).iter().map(move |v| {
                        let mut c = c.clone();
                        c.push((*dimension, v.as_str()));
                        c
                    })
                })
                .collect();
        }
        let working: BTreeSet<Vec<&String>> = (completions.iter())
            .map(|completion| {
                (values_of(&engine, asked).iter())
                    .filter(|value| {
                        let mut query = completion.clone();
                        query.extend([(asked, value.as_str()), ("target", "clustered")]);
                        structured_verdict(&engine, &query) == Verdict::Yes
                    })
                    .collect()
            })
            .filter(|values: &Vec<&String>| !values.is_empty())
            .collect();
        let named_nothing = (working.len() > 1).then_some(Verdict::Depends);
        let mut contexts = vec![(String::new(), String::new(), named_nothing)];
        for cluster in values_of(&engine, "cluster_os") {
            let cluster = label(cluster);
            contexts.push((format!(" on {cluster}"), format!(" no {cluster}"), None));
        }
        for version in values_of(&engine, "cms_version") {
            let version = label(version);
            contexts.push((format!(" running {version}"), format!(" rodando {version}"), None));
        }
        for (context_en, context_pt, want) in contexts {
            for question in [en.replace("{en}", &context_en), pt.replace("{pt}", &context_pt)] {
                let answer = engine.answer(&Question::new(&question, None), &search);
                checked += 1;
                let options_documented =
                    (answer.options.iter()).all(|o| matches!(o.verdict, Verdict::Yes | Verdict::No));
                if answer.verdict != want
                    || !lead_agrees(&answer, &engine)
                    || answer.options.is_empty()
                    || !options_documented
                    || (want == Some(Verdict::Depends) && answer.clarify.is_none())
                {
                    failures.push(format!(
                        "{question:?} → {:?}, want {want:?}: {}",
                        answer.verdict, answer.answer
                    ));
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        20,
        "which questions naming nothing of their setup",
    );
}

/// "Only" in a sentence of context ("The team lead only has a Windows Vista
/// laptop.") describes the setup the question then asks about: it claims
/// nothing to check, so the answer is the one without it.
#[test]
fn only_in_a_sentence_of_context_claims_nothing() {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    for admin in values_of(&engine, "admin_os") {
        for cluster in values_of(&engine, "cluster_os") {
            let (admin, cluster) = (engine.label(admin, Lang::En), engine.label(cluster, Lang::En));
            for (context, question) in [
                (
                    format!("The team lead only has a {admin} laptop."),
                    format!("Can he manage a CMS on {cluster} from {admin} with the SP2 tools?"),
                ),
                (
                    format!("O chefe só tem um notebook {admin}."),
                    format!(
                        "Ele consegue gerenciar um CMS no {cluster} a partir do {admin} com as ferramentas do SP2?"
                    ),
                ),
            ] {
                let plain = engine.answer(&Question::new(&question, None), &search);
                let with_context = format!("{context} {question}");
                let answer = engine.answer(&Question::new(&with_context, None), &search);
                checked += 1;
                if answer.verdict != plain.verdict {
                    failures.push(format!(
                        "{with_context:?} → {:?}, without the context {:?}",
                        answer.verdict, plain.verdict
                    ));
                }
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        10,
        "answers turned around by \"only\" in a sentence of context",
    );
}

/// A system nothing ties to a side is read as the tools' computer's, until
/// a system said of that computer comes: then it is the server's, where the
/// server's side is free.
#[test]
fn a_system_said_of_no_side_gives_way_to_one_said_of_the_tools_computer() {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    let frames = [
        (
            Lang::En,
            "The CMS on MBX1/MBX2 is still on Exchange 2007 RTM on {cluster}. I plan to manage it from my {admin} workstation using the RTM console. Will that work?",
        ),
        (
            Lang::PtBr,
            "O CMS no EXMB1/EXMB2 ainda está no Exchange 2007 RTM no {cluster}. Vou gerenciar ele pela minha estação {admin} com o console do RTM. Funciona?",
        ),
    ];
    let clusters = [
        ("Windows Server 2003", "windows-server-2003"),
        ("Windows Server 2008", "windows-server-2008"),
    ];
    let admins = [
        ("Windows XP", "windows-xp"),
        ("Windows Vista", "windows-vista"),
        ("Windows Server 2003", "windows-server-2003"),
        ("Windows Server 2008", "windows-server-2008"),
    ];
    for (lang, frame) in frames {
        for (cluster, cluster_id) in clusters {
            for (admin, admin_id) in admins {
                let question = frame.replace("{cluster}", cluster).replace("{admin}", admin);
                let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                checked += 1;
                let dimensions = &answer.interpretation.dimensions;
                if dimensions.get("cluster_os") != Some(&Some(cluster_id.to_owned()))
                    || dimensions.get("admin_os") != Some(&Some(admin_id.to_owned()))
                {
                    failures.push(format!("{question:?} → {dimensions:?}"));
                }
            }
        }
    }
    assert_generated(&failures, checked, 15, "systems read on the wrong side");
}
