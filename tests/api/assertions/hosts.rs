//! Cluster nodes named by their host names: with no role given, given a
//! role in the question, and a host name that names the admin computer.

use docdesk::answers::Question;
use docdesk::answers::model::Verdict;
use docdesk::lang::Lang;

use super::{assert_each_verdict, assert_generated, assert_mostly, engine, lead_agrees, record_unless};

/// Host names as admins write them.
const HOSTS: [&str; 12] = [
    "node B",
    "nó 2",
    "Node 3",
    "NODE2",
    "EX01",
    "EXCL-N2",
    "srv-mbx03",
    "MBXNODE7",
    "ccrnode1b",
    "MBX-B",
    "NODE-A",
    "MGMT-01",
];

/// Questions about upgrading a node named by its host name (`{}`).
const HOST_FRAMES: [(Lang, &str); 6] = [
    (Lang::En, "Can I run the SP2 upgrade on {} now?"),
    (Lang::En, "ok to install SP1 on {}?"),
    (Lang::En, "Can I run Setup.com on {} now?"),
    (Lang::PtBr, "Posso atualizar o {} pro SP1?"),
    (Lang::PtBr, "Dá pra aplicar o SP2 no {} agora?"),
    (Lang::PtBr, "posso rodar o setup.com do SP2 no {}?"),
];

/// A node named by its host name, whose role the question does not give, is
/// upgraded only if it is passive: "it depends", in both languages, whatever
/// the name looks like.
#[test]
fn a_node_named_by_its_host_name_depends_on_its_role() {
    let (engine, search) = engine();
    // The size of the cluster asserts nothing the article could check.
    let sizes = [
        (Lang::En, ""),
        (Lang::En, "It is a two-node cluster. "),
        (Lang::En, "We have 3 nodes. "),
        (Lang::PtBr, ""),
        (Lang::PtBr, "Tenho 2 nós. "),
        (Lang::PtBr, "O cluster tem três nós. "),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for host in HOSTS {
        for ((lang, frame), (_, size)) in HOST_FRAMES.iter().flat_map(|f| {
            sizes
                .iter()
                .filter(move |(l, _)| *l == f.0)
                .map(move |s| (*f, *s))
        }) {
            let question = format!("{size}{}", frame.replace("{}", host));
            let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
            checked += 1;
            if answer.verdict != Some(Verdict::Depends) || !lead_agrees(&answer, &engine) {
                failures.push(format!("{question:?} → {:?}: {}", answer.verdict, answer.answer));
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        100,
        "questions about a node named by its host name did not depend on its role",
    );
}

#[test]
fn a_host_name_given_a_role_is_read_as_that_role() {
    // "EXCH-N1 is active… can I upgrade EXCH-N1?" is about the active node.
    let (engine, search) = engine();
    let contexts = [
        (Lang::En, "{} is the active node.", Verdict::No),
        (Lang::En, "We have {} active and OTHER9 passive.", Verdict::No),
        (Lang::En, "{} is passive now, the CMS is elsewhere.", Verdict::Yes),
        (Lang::PtBr, "O {} é o nó ativo.", Verdict::No),
        (Lang::PtBr, "o {} tá passivo, a CMS tá no OTHER9.", Verdict::Yes),
        (Lang::PtBr, "Temos o OTHER9 ativo e o {} passivo.", Verdict::Yes),
        // A role said once of hosts listed together is each one's.
        (
            Lang::PtBr,
            "Tenho SCC com OTHER9 ativo e {}/OTHER8 passivos.",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "No SCC o OTHER9 é ativo, {} e OTHER8 são passivos.",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "OTHER9 is active; {}, OTHER8 and OTHER7 are passive.",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Our SCC: OTHER8 and {} active, OTHER9 passive.",
            Verdict::No,
        ),
        // A role said in several words, of the host before it.
        (Lang::En, "{} currently owns the CMS.", Verdict::No),
        (
            Lang::En,
            "{} hosts the clustered mailbox server right now.",
            Verdict::No,
        ),
        (Lang::PtBr, "O {} tá com o CMS.", Verdict::No),
        (
            Lang::PtBr,
            "O {} está hospedando o servidor de caixas de correio clusterizadas agora.",
            Verdict::No,
        ),
        (
            Lang::En,
            "{} doesn't host the CMS, OTHER9 does.",
            Verdict::Depends,
        ),
        // Where the CMS is says which node is active.
        (Lang::En, "The CMS is still running on {}.", Verdict::No),
        (Lang::En, "With the CMS on {}, we start.", Verdict::No),
        (Lang::PtBr, "O CMS ainda está no {}.", Verdict::No),
        (Lang::PtBr, "a CMS ta rodando no {}.", Verdict::No),
        (
            Lang::PtBr,
            "O CMS não está no {}, está no OTHER9.",
            Verdict::Depends,
        ),
        // Once read as the other host's role, it claims nothing of this one.
        (
            Lang::En,
            "OTHER9 owns the CMS and {} is passive, so OTHER9 keeps serving users.",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O OTHER9 tá com o CMS e o {} tá passivo, o OTHER9 segue atendendo.",
            Verdict::Yes,
        ),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for host in HOSTS {
        for (context_lang, context, want) in contexts {
            for (lang, frame) in HOST_FRAMES.iter().filter(|(lang, _)| *lang == context_lang) {
                let question = format!("{} {}", context.replace("{}", host), frame.replace("{}", host));
                let answer = engine.answer(&Question::new(&question, Some(*lang)), &search);
                checked += 1;
                record_unless(&mut failures, &question, &answer, want, &engine);
            }
        }
    }
    assert_generated(
        &failures,
        checked,
        100,
        "questions about a host named with its role",
    );
}

/// A host name right after the computer that runs the tools ("our admin box
/// EXCH-MGMT2") names that computer, no cluster node: the question reads as
/// without the name.
#[test]
fn a_host_named_as_the_admin_computer_is_no_cluster_node() {
    let (engine, search) = engine();
    let frames = [
        (
            Lang::En,
            "How do I install the Failover Cluster Management tools on our Windows Server 2008 admin box{}?",
        ),
        (
            Lang::En,
            "Can I manage a clustered mailbox server on Windows Server 2008 from the admin workstation{} with the SP1 tools?",
        ),
        (
            Lang::PtBr,
            "Como instalo as ferramentas de gerenciamento de cluster no servidor de gerenciamento{} com Windows Server 2008?",
        ),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for host in HOSTS {
        for (lang, frame) in frames {
            let ask = |name: &str| {
                let question = frame.replace("{}", name);
                let answer = engine.answer(&Question::new(&question, Some(lang)), &search);
                (question, answer.interpretation.fact, answer.verdict)
            };
            let (_, fact, verdict) = ask("");
            let (question, named_fact, named_verdict) = ask(&format!(" {host}"));
            checked += 1;
            if (&named_fact, named_verdict) != (&fact, verdict) {
                failures.push(format!(
                    "{question:?} → {named_fact:?} {named_verdict:?}, without the name {fact:?} {verdict:?}"
                ));
            }
        }
    }
    assert_generated(&failures, checked, 10, "admin computers named like cluster nodes");
}

/// A pronoun acted on after a host given a role ("EXCH-N2 passivo. posso
/// atualizar ele pro SP2?", "…da pra rodar o SP1 direto nele?", "Can I
/// upgrade it first?") stands for that host, and so takes its role; a role
/// said after a word of change ("antigo ativo, agora passivo") is the role
/// now. A pronoun after the computer that runs the tools is that
/// computer's, and a pronoun that is moved ("mover ele") is no node.
#[test]
fn a_pronoun_acted_on_stands_for_the_host_named_before_it() {
    let (engine, search) = engine();
    let contexts = [
        (Lang::PtBr, "{} passivo, sem o CMS.", Verdict::Yes),
        (Lang::PtBr, "O {} é o ativo, com o CMS.", Verdict::No),
        (Lang::PtBr, "O {} (antigo ativo) agora tá passivo.", Verdict::Yes),
        (Lang::PtBr, "O {} era passivo e virou o ativo.", Verdict::No),
        (Lang::En, "{} is passive, the CMS is elsewhere.", Verdict::Yes),
        (Lang::En, "{} is the active node and owns the CMS.", Verdict::No),
        (Lang::En, "{}, the old active node, is now passive.", Verdict::Yes),
    ];
    let frames = [
        (Lang::PtBr, "posso atualizar ele pro SP2?"),
        (Lang::PtBr, "da pra rodar o SP1 direto nele agora?"),
        (Lang::PtBr, "posso rodar o setup.com do SP2 nele?"),
        (Lang::En, "Can I upgrade it to SP2 now?"),
        (Lang::En, "Can I run Setup.com for SP1 on it?"),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for host in HOSTS {
        for (context_lang, context, want) in contexts {
            for (_, frame) in frames.iter().filter(|(lang, _)| *lang == context_lang) {
                let question = format!("{} {frame}", context.replace("{}", host));
                let answer = engine.answer(&Question::new(&question, None), &search);
                checked += 1;
                record_unless(&mut failures, &question, &answer, want, &engine);
            }
        }
        // What the pronoun stands for is not the host here: no yes or no
        // about upgrading it.
        for question in [
            format!(
                "{host} é o passivo. Meu computador de admin roda XP, como instalo as ferramentas de cluster nele?"
            ),
            format!(
                "{host} is passive. How do I install the cluster tools on my admin machine? Can I run SP2 on it?"
            ),
        ] {
            let answer = engine.answer(&Question::new(&question, None), &search);
            checked += 1;
            if answer.verdict == Some(Verdict::Yes) {
                failures.push(format!("{question:?} → {:?}: {}", answer.verdict, answer.answer));
            }
        }
    }
    assert_mostly(&failures, checked, 100, 20, "pronouns read as the wrong host");
}

/// "The original active node" names a node by what it was: what the question
/// says of it now (where the CMS is, "now passive") is what it is, and a
/// role word said of another node near it leaves it as it was.
#[test]
fn the_original_active_node_is_what_the_question_says_it_is_now() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "The CMS is still on the original active node. Can I upgrade the original active node now?",
            Verdict::No,
        ),
        (
            Lang::En,
            "Can I upgrade the original active node while the CMS is still on it?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O CMS ainda está no nó ativo original. Posso atualizar o nó ativo original agora?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O CMS ainda está rodando no antigo ativo. Dá pra atualizar o antigo ativo?",
            Verdict::No,
        ),
        (
            Lang::En,
            "The original active node is now passive. Can I upgrade it?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O nó ativo original agora é passivo. Posso rodar o Setup.com nele?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "I moved the CMS to the upgraded passive node. Can I now upgrade the original active node?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Já movi o CMS para o nó passivo atualizado. Posso atualizar o antigo ativo agora?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Upgrade the passive node first, then the original active node, right?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "Primeiro atualizo o nó ativo original e depois o nó passivo, certo?",
            Verdict::No,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// Nodes named by a letter or a number in a list ("nodes B and C", "nós 2 e
/// 3") are each a node, and a letter named so is that node again when it
/// stands alone later ("…upgrade B and C?"); a number before a node word
/// counts nodes, it names none.
#[test]
fn nodes_listed_by_letter_or_number_are_each_named() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "Our SCC has three nodes: the CMS lives on node A, and nodes B and C are passive and still on RTM. Can I upgrade B and C to SP1 while the CMS keeps serving users on A?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Node A holds the CMS; nodes B and C are passive. Can I upgrade A to SP2 now?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O CMS está no nó 1; os nós 2 e 3 são passivos. Posso atualizar os nós 2 e 3 primeiro?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O nó 1 está com o CMS e os nós 2 e 3 são passivos. Posso rodar o Setup.com no nó 1 agora?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "Nosso SCC tem o CMS no nó 1 e mais 2 nós passivos. Atualizo os 2 nós passivos primeiro?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A word of change gives a host a new role only inside the role's clause:
/// in "upgrade NODE1 now, before the passive nodes" NODE1 keeps the role
/// the question gave it.
#[test]
fn a_word_of_change_reaches_no_role_past_a_comma() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "NODE1 holds the CMS. Can I upgrade NODE1 now, before the passive nodes?",
            Verdict::No,
        ),
        (
            Lang::PtBr,
            "O NODE1 está com o CMS. Posso atualizar o NODE1 agora, antes dos nós passivos?",
            Verdict::No,
        ),
        (
            Lang::En,
            "NODE1 held the CMS but is now passive. Can I upgrade NODE1?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A passive node is any node holding no clustered mailbox server: once one
/// host alone is said to hold it, every other host named with no role is a
/// passive node. With no holder named, a host's role stays open.
#[test]
fn every_other_host_than_the_one_holding_the_cms_is_passive() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "NODE1 and NODE2 form a CCR cluster on RTM. The CMS is on NODE1 and the Cluster Group is moved. Can I start the SP1 upgrade on NODE2 now?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O CMS está no EXCH-N1. Posso rodar o Setup.com do SP2 no EXCH-N2?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O CMS está no EXCH-N1. Posso rodar o Setup.com do SP2 no EXCH-N1?",
            Verdict::No,
        ),
        (Lang::En, "Can I upgrade NODE2 to SP1 now?", Verdict::Depends),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// Once the CMS is moved to a host, that host holds it and the one that
/// held it is the original active node, from the words after the move on:
/// upgrading it then is right, before the move it is not.
#[test]
fn a_host_the_cms_is_moved_off_is_the_original_active_node_after_the_move() {
    let (engine, search) = engine();
    let cases = [
        (
            Lang::En,
            "EX02 (passive) is on SP2 and EX01 still runs the CMS. Next I take the CMS offline, move it to EX02, then upgrade EX01. Is that the right order?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O EX01 está com o CMS. Vou mover o CMS para o EX02 e depois atualizar o EX01, certo?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "EX01 runs the CMS. I upgrade EX01, then move the CMS to EX02, right?",
            Verdict::No,
        ),
        (
            Lang::En,
            "EX01 runs the CMS. Can I upgrade EX01 now?",
            Verdict::No,
        ),
        (
            Lang::En,
            "EX01 runs the CMS. Can I move it to EX02 now?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// Readings that hold only where they apply: the hosts a holder makes
/// passive are its sibling nodes, not a workstation or a CMS named by its
/// own name; "it" moves the CMS only right after the CMS is named; a number
/// before an unaccented "no" names a node, it counts none.
#[test]
fn host_readings_hold_only_where_they_apply() {
    let (engine, search) = engine();
    // A CMS named by its own name is the server, no node made passive:
    // running Setup.com "on" it gets neither a yes nor a no.
    let question = "EXCH-N1 owns the CMS MBX-CMS01. Can I run Setup.com on MBX-CMS01 now?";
    let answer = engine.answer(&Question::new(question, Some(Lang::En)), &search);
    assert!(
        !matches!(answer.verdict, Some(Verdict::Yes | Verdict::No)),
        "{question}: {}",
        answer.answer
    );
    let cases = [
        (
            Lang::En,
            "The CMS is on NODE1. The Cluster Group is on NODE2, so I move it to NODE3 and then upgrade NODE1. OK?",
            Verdict::No,
        ),
        (Lang::PtBr, "Posso atualizar o nó 2 no sábado?", Verdict::Depends),
    ];
    assert_each_verdict(&engine, &search, &cases);
}

/// A move said with the host it leaves ("move it from NODE-A to NODE-B")
/// moves the server to the host after "to", as a move with no "from" does.
#[test]
fn a_move_naming_the_host_it_leaves_moves_the_server_to_the_other() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "SRV-A is active with the CMS, SRV-B passive and already on SP2. Next I take the CMS offline, move it from SRV-A to SRV-B, then upgrade SRV-A. Right?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "SRV-A é o ativo com o CMS e o SRV-B passivo já está no SP2. Agora vou mover o CMS do SRV-A para o SRV-B e depois atualizar o SRV-A, certo?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// A host named right after the clustered mailbox server's noun is the
/// server by its own name: it reads as the server wherever it is named, no
/// pronoun stands for it, and the node hosting it stays the active one.
#[test]
fn a_server_named_by_its_own_name_is_the_server_not_a_node() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "SRV2 hosts the clustered mailbox server MAILCL01, but we call it our standby box. Can I upgrade it to SP2 now?",
            Verdict::No,
        ),
        (
            Lang::En,
            "The CMS MAILCL01 runs on SRV1 and SRV2 is passive and already on SP1. Next I take MAILCL01 offline, move it to SRV2, then upgrade SRV1. Right?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O CMS MAILCL01 roda no SRV1 e o SRV2 é o passivo. Posso atualizar o SRV2 agora?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "SRV1 owns the CMS, SRV2 is passive. Can I upgrade SRV2 first?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// A role an action will give a host ("making that the active node", "que
/// vira o ativo") is not its role now.
#[test]
fn a_role_an_action_will_give_is_not_the_hosts_role_now() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "SRV1 holds the CMS. I'll upgrade SRV2 first and then move the CMS to it, making SRV2 the active node. Is upgrading SRV2 first right?",
            Verdict::Yes,
        ),
        (
            Lang::PtBr,
            "O SRV1 tem o CMS. Atualizo o SRV2 primeiro e depois movo o CMS pra ele, que vira o ativo. Atualizar o SRV2 primeiro está certo?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
}

/// Readings the change must not overreach: a node called a mailbox server
/// keeps its role, "make sure" gives no role, and a count of all the nodes
/// ("2 nodes") is no count of passive ones.
#[test]
fn host_readings_do_not_overreach() {
    let (engine, search) = engine();
    let questions = [
        (
            Lang::En,
            "The mailbox server EX01 is the active node. Can I upgrade EX01 before EX02?",
            Verdict::No,
        ),
        (
            Lang::En,
            "We run CCR: the clustered mailbox server EXNODE1 is currently active. Can I upgrade EXNODE1 first?",
            Verdict::No,
        ),
        (
            Lang::En,
            "I'll make sure the passive node EX02 has no cluster groups, then upgrade EX02. OK?",
            Verdict::Yes,
        ),
        (
            Lang::En,
            "Our CCR cluster has 2 nodes, EX01 active and EX02 passive. Can I upgrade EX02 first?",
            Verdict::Yes,
        ),
    ];
    assert_each_verdict(&engine, &search, &questions);
    // A role said after a comma is another host's: the CMS named MBX01 is
    // still the server, never upgraded as a passive node.
    let question = "EX01 hosts the CMS MBX01, EX02 is passive. Can I upgrade MBX01 now?";
    let answer = engine.answer(&Question::new(question, Some(Lang::En)), &search);
    assert_ne!(
        answer.verdict,
        Some(Verdict::Yes),
        "{question}: {}",
        answer.answer
    );
}
