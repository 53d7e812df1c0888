//! What the documents leave out is not documented and never confirmed:
//! requirements and required values they never name, commands a fact never
//! reads, what the content marks as not covered, what they declare outside
//! them, and questions on their subject that no fact answers.

use docdesk::answers::Question;
use docdesk::answers::identifiers::Identifiers;
use docdesk::answers::model::Verdict;
use docdesk::lang::Lang;

use super::{
    FRAMES, as_words, assert_generated, assert_never_yes_or_no, engine, expanded, is_plain, lead_agrees,
    negative_words, neutral_topic, record_yes_or_no, topic_words,
};

/// A command the documents mention, named in the claim of a question about
/// a fact none of whose phrases read it ("run Setup.exe on the passive
/// node?" against "only passive nodes are upgraded"), is an assertion that
/// fact does not check: read as that fact, the question gets no yes or no.
#[test]
fn a_command_the_fact_never_reads_is_never_confirmed_by_it() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let frames = [
        (Lang::En, "Is it true that {topic} with {command}?"),
        (Lang::En, "{topic} using {command}, right?"),
        (Lang::PtBr, "É verdade que {topic} com o {command}?"),
        (Lang::PtBr, "{topic} usando o {command}, né?"),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        // A fact whose texts name commands answers one offered in their
        // place `no` ("move public folders with Adminpak.msi?").
        let texts = (fact.citations.iter().map(|c| &c.quote))
            .chain([&fact.statement])
            .flat_map(|t| [t.en.as_str(), t.pt_br.as_str()]);
        if Identifiers::from_texts(texts).iter().next().is_some() {
            continue;
        }
        let concepts = &kb.lexicon.concepts;
        let phrases: Vec<String> = (fact.about.iter().flatten())
            .chain(
                fact.checks
                    .iter()
                    .flat_map(|c| c.agree.iter().chain(&c.contradict).chain(&c.when)),
            )
            .flat_map(|p| expanded(std::slice::from_ref(p), concepts))
            .map(|p| as_words(&p))
            .collect();
        let reads = |word: &str| {
            phrases
                .iter()
                .any(|p| p.split_whitespace().any(|w| word.starts_with(w)))
        };
        let topic = neutral_topic(fact, concepts).join(" ");
        for command in kb.identifiers.iter().filter(|c| !c.starts_with('/')) {
            if command.split(|c: char| !c.is_ascii_alphanumeric()).all(reads) {
                continue;
            }
            for (lang, frame) in frames {
                let question = frame.replace("{topic}", &topic).replace("{command}", command);
                let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                    continue;
                }
                checked += 1;
                record_yes_or_no(&mut failures, &question, &answer);
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        50,
        "questions naming a command their fact never names got a yes or no",
    );
}

#[test]
fn what_the_content_marks_as_not_covered_is_not_documented_even_beside_a_false_value() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let concepts = &kb.lexicon.concepts;
    let negations = negative_words(&kb.lexicon);
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in kb.facts.facts.iter().filter(|f| !f.not_covered.is_empty()) {
        let topic = topic_words(fact, concepts);
        let contradicted = (fact.checks.iter())
            .filter(|c| c.when.is_empty())
            .flat_map(|c| expanded(&c.contradict, concepts))
            .filter(|p| is_plain(p, &negations));
        let mut with_value = vec![String::new()];
        with_value.extend(contradicted.map(|p| as_words(&p)));
        for value in with_value {
            for beyond in expanded(&fact.not_covered, concepts) {
                for (lang, before, after) in FRAMES {
                    let question = format!("{before} {topic} {value} {}{after}", as_words(&beyond));
                    let answer = engine.answer(&Question::new(question.trim(), Some(lang)), &search);
                    if answer.interpretation.fact.as_deref() != Some(fact.id.as_str()) {
                        continue;
                    }
                    checked += 1;
                    if answer.verdict != Some(Verdict::NotDocumented) || !lead_agrees(&answer, &engine) {
                        failures.push(format!(
                            "{}: {question:?} → {:?}: {:?}",
                            fact.id, answer.verdict, answer.answer
                        ));
                    }
                }
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} generated questions read as their fact"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} questions beyond what a fact covers were not `not_documented`:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Asks every term in every frame and asserts each answer is
/// `not_documented` (in the frame's language, when `same_lang`).
fn assert_not_documented(
    terms: &[String],
    frames: &[(Lang, &str, &str)],
    same_lang: bool,
    at_least: usize,
    what: &str,
) {
    let (engine, search) = engine();
    let mut failures = Vec::new();
    let mut checked = 0;
    for term in terms {
        for (lang, before, after) in frames {
            let question = format!("{before} {}{after}", as_words(term));
            let answer = engine.answer(&Question::new(&question, None), &search);
            checked += 1;
            if answer.verdict != Some(Verdict::NotDocumented) || (same_lang && answer.lang != *lang) {
                failures.push(format!(
                    "{question:?} → {:?} in {:?}: {}",
                    answer.verdict, answer.lang, answer.answer
                ));
            }
        }
    }
    assert_generated(&failures, checked, at_least, what);
}

/// Asking how to do something with what a document declares outside it
/// ("How do I move our clustered mailbox server to Exchange 2010?") is asked
/// of something the documents do not document: `not_documented`, never a
/// yes or no, in both languages.
#[test]
fn how_to_reach_what_the_documents_leave_out_is_not_documented() {
    let (engine, _) = engine();
    let kb = engine.knowledge();
    let frames = [
        (Lang::En, "How do I upgrade our clustered mailbox server to", "?"),
        (Lang::En, "What is the way to move the cluster to", "?"),
        (
            Lang::PtBr,
            "Como faço pra migrar o servidor de caixas de correio em cluster pro",
            "?",
        ),
        (
            Lang::PtBr,
            "Qual o procedimento para atualizar o cluster para o",
            "?",
        ),
    ];
    let terms: Vec<String> = (kb.scope.values())
        .flat_map(|scope| expanded(&scope.outside, &kb.lexicon.concepts))
        .collect();
    assert_not_documented(
        &terms,
        &frames,
        true,
        100,
        "questions on what the documents leave out were not answered 'not documented'",
    );
}

/// A question on the documents' subject (it names one of the versions or
/// systems the content declares) that no fact or rule answers, asking for a
/// value rather than a yes or no, gets `not_documented` with the closest
/// sections, not the message for questions on another subject.
#[test]
fn an_unanswered_question_on_the_subject_is_not_documented() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    // The frames mix languages with the value's own, so the language of the
    // answer is not what this checks.
    let frames = [
        (Lang::En, "How much RAM does a", " machine need?"),
        (Lang::PtBr, "Quanta memória RAM precisa uma máquina", "?"),
    ];
    let terms: Vec<String> = kb.lexicon.values.values().flatten().cloned().collect();
    assert_not_documented(
        &terms,
        &frames,
        false,
        50,
        "unanswered questions on the subject were not answered 'not documented'",
    );
    // Off the subject, the answer says what the knowledge base covers.
    for question in ["How do I bake a carrot cake?", "Como faço um bolo de cenoura?"] {
        let answer = engine.answer(&Question::new(question, None), &search);
        assert_eq!(answer.verdict, None, "{question}: {}", answer.answer);
    }
}

/// A requirement the documents never name ("does each node need a reboot?",
/// "precisa reiniciar?", "preciso fazer backup?") gets no yes or no from any
/// fact, whatever the fact it is asked about, in both languages.
#[test]
fn a_requirement_the_documents_never_name_is_never_confirmed() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let frames = [
        "Does {} need a reboot?",
        "Is a firewall rule required for {}?",
        "{} precisa reiniciar?",
        "Pra {} tem que desfragmentar o disco?",
        "Devo fazer uma desfragmentação do disco antes de {}?",
        "Should we take a defragmentation pass before {}?",
        // The content spells "backup" only as a wrong way to migrate
        // mailboxes: as a requirement it is still unknown.
        "Do I need to take a backup before {}?",
        "Preciso fazer backup antes de {}?",
        // An adjective of necessity names what is required after it.
        "Is it necessary to defragment the disk for {}?",
        "É necessário reiniciar o servidor depois de {}?",
        // What is required is the object, whatever verb carries it.
        "Do I have to update the antivirus signatures before {}?",
        "Preciso atualizar as assinaturas do antivírus antes de {}?",
        // An inverted requirement names its subject first.
        "Must they defragment the disk before {}?",
        "Should we reboot before {}?",
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, &kb.lexicon.concepts).join(" ");
        for frame in frames {
            let question = frame.replace("{}", &topic);
            let answer = engine.answer(&Question::new(&question, None), &search);
            checked += 1;
            record_yes_or_no(&mut failures, &question, &answer);
        }
    }
    assert_generated(
        &failures,
        checked,
        100,
        "questions requiring what the documents never name got a yes or no",
    );
}

/// What a question asks for as a requirement, said before a `required`
/// word and past a linking verb ("Which .NET Framework version is
/// required…?"), is undocumented when the documents never name it.
#[test]
fn a_required_value_the_documents_never_name_is_not_documented() {
    let (engine, search) = engine();
    let kb = engine.knowledge();
    let frames = [
        (Lang::En, "Which .NET Framework version is required for {}?"),
        (Lang::En, "What antivirus exclusions are required before {}?"),
        (Lang::En, "Which IIS hotfix will be needed for {}?"),
        (Lang::PtBr, "Qual versão do .NET Framework é necessária para {}?"),
        (
            Lang::PtBr,
            "Que exclusões de antivírus são obrigatórias antes de {}?",
        ),
        (Lang::PtBr, "Qual hotfix do IIS é exigido para {}?"),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for fact in &kb.facts.facts {
        let topic = neutral_topic(fact, &kb.lexicon.concepts).join(" ");
        for (lang, frame) in frames {
            let question = frame.replace("{}", &topic);
            let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
            checked += 1;
            if answer.verdict != Some(Verdict::NotDocumented) {
                failures.push(format!("{question:?} → {:?}: {}", answer.verdict, answer.answer));
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        100,
        "required values the documents never name",
    );
}

/// The article states rolling upgrades from RTM; a server already on SP1
/// going to SP2 is a path it does not describe, never a yes.
#[test]
fn a_server_already_on_sp1_going_to_sp2_is_not_documented() {
    let (engine, search) = engine();
    assert_never_yes_or_no(
        &engine,
        &search,
        &[
            "Can a clustered mailbox server that is on SP1 go straight to SP2 with the same rolling upgrade?",
            "Nosso CMS já está no SP1 para o SP2, a atualização de sobreposição é a mesma?",
            "Is the rolling upgrade from SP1 to SP2 supported for clustered mailbox servers?",
        ],
    );
}

/// Whether passive nodes can be upgraded in parallel is not in the article:
/// never a yes or a no.
#[test]
fn passive_nodes_upgraded_in_parallel_is_not_documented() {
    let (engine, search) = engine();
    assert_never_yes_or_no(
        &engine,
        &search,
        &[
            "Posso atualizar vários nós passivos do SCC ao mesmo tempo, em paralelo?",
            "Can I upgrade the passive nodes of our SCC in parallel?",
            "Can the SCC passive nodes be upgraded simultaneously?",
        ],
    );
}

/// When the Vista pack comes, or whether it has come since, the article
/// does not say: never a yes or a no.
#[test]
fn when_the_vista_pack_comes_is_not_documented() {
    let (engine, search) = engine();
    assert_never_yes_or_no(
        &engine,
        &search,
        &[
            "Já existe data de lançamento do pacote de ferramentas administrativas do Vista para gerenciar clusters?",
            "When will the Vista Administration Tools Pack for clusters be released?",
            "Has the Vista Administration Tools Pack for clustered mailbox servers been released yet?",
        ],
    );
}
