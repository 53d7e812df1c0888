//! Knowledge is data: the shipped content plus `tests/content-extra` (a second
//! procedure document and a second checklist template with parameters of its
//! own) is checked, served, searchable and usable for runs, and answers about
//! a version the first document lists as outside — with no change to the engine.

use axum::body::Body;
use axum::http::Request;
use serde_json::json;

use crate::check::check;
use crate::helpers::{TestApp, copy_dir, repo_root};

/// The extended content tree, in a temporary directory.
fn extended_content() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("content"), dir.path());
    copy_dir(&repo_root().join("tests/content-extra"), dir.path());
    dir
}

fn app_over(content: &std::path::Path, data: &std::path::Path) -> TestApp {
    let content = docdesk::check::load_checked(content).expect("the extended content passes every check");
    let state = docdesk::state::AppState::new(content, 0, data).expect("state builds");
    TestApp {
        router: docdesk::web::router(state, &repo_root().join("static")),
    }
}

/// The app over `content` once `docdesk check` passes it.
fn checked_app_over(content: &std::path::Path, data: &std::path::Path) -> TestApp {
    let (ok, output) = check(content);
    assert!(ok, "{output}");
    app_over(content, data)
}

/// Declares in `scope.toml` what document `slug` is about and does not
/// cover (`declaration`: its `subject` and `outside` lines).
fn with_a_scope(content: &std::path::Path, slug: &str, declaration: &str) {
    let path = content.join("answers/scope.toml");
    let scope = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{scope}\n[{slug}]\n{declaration}")).unwrap();
}

#[test]
fn the_extended_tree_passes_docdesk_check() {
    let content = extended_content();
    let (ok, output) = check(content.path());
    assert!(ok, "{output}");
}

#[tokio::test]
async fn a_second_document_is_served_and_searchable_in_both_languages() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    let app = app_over(content.path(), data.path());
    let page = app.get("/docs/pt-BR/add-mailbox-database-copy").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Adicionar a cópia"), "{}", page.body);
    let hits = app
        .get("/api/search?q=Add-MailboxDatabaseCopy&lang=en")
        .await
        .json();
    assert_eq!(hits["hits"][0]["doc"], "add-mailbox-database-copy", "{hits}");
    assert_eq!(hits["hits"][0]["section"], "add-the-copy", "{hits}");
    let hits = app.get("/api/search?q=propagacao&lang=pt-BR").await.json();
    assert_eq!(hits["hits"][0]["section"], "seed-the-copy", "{hits}");
}

#[tokio::test]
async fn a_second_template_with_its_own_parameters_makes_runs_and_its_form() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    let app = app_over(content.path(), data.path());
    let create = |params: serde_json::Value| {
        let body = json!({ "template": "database-copy", "lang": "pt-BR", "params": params }).to_string();
        app.send(
            Request::post("/api/checklists")
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap(),
        )
    };
    let created =
        create(json!({ "database": "DB1", "copy_servers": ["MBX2", "MBX3"], "lagged": "yes" })).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let run = created.json();
    let ids: Vec<&str> = run["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "check-membership",
            "add-copy-mbx2",
            "add-copy-mbx3",
            "set-lag-mbx2",
            "set-lag-mbx3",
            "check-seeding-mbx2",
            "check-seeding-mbx3"
        ]
    );
    assert_eq!(run["title"], "Adicionar cópias de DB1 a MBX2, MBX3");
    assert_eq!(
        run["steps"][2]["command"],
        "Add-MailboxDatabaseCopy -Identity DB1 -MailboxServer MBX3"
    );
    assert_eq!(
        run["steps"][1]["section_url"],
        "/docs/pt-BR/add-mailbox-database-copy#add-the-copy"
    );
    assert!(run["downtime"]["started_at"].is_null());

    for (params, field) in [
        (
            json!({ "database": "DB1", "copy_servers": [], "lagged": "no" }),
            "params.copy_servers",
        ),
        (
            json!({ "database": "DB1", "copy_servers": ["MBX 2"], "lagged": "no" }),
            "params.copy_servers[0]",
        ),
        (
            json!({ "database": "DB1", "copy_servers": ["MBX2"], "lagged": "maybe" }),
            "params.lagged",
        ),
        (
            json!({ "database": "DB1", "copy_servers": ["MBX2"] }),
            "params.lagged",
        ),
        (
            json!({ "copy_servers": ["MBX2"], "lagged": "no" }),
            "params.database",
        ),
        (
            json!({ "database": "DB1", "copy_servers": ["MBX2"], "lagged": "no", "cluster_type": "ccr" }),
            "params.cluster_type",
        ),
    ] {
        let refused = create(params).await;
        assert_eq!(refused.status, 422, "{field}: {}", refused.body);
        assert_eq!(refused.json()["error"]["field"], field, "{}", refused.body);
    }

    let form = app.get("/checklists/new?template=database-copy&lang=en").await;
    assert_eq!(form.status, 200);
    for expected in [
        "href=\"/checklists/new?template=cms-upgrade&#38;lang=en\"",
        "aria-current=\"page\">Add mailbox database copies</a>",
        "name=\"template\" value=\"database-copy\"",
        "id=\"copy_servers\" name=\"copy_servers\"",
        "Yes, delay replaying log files",
    ] {
        assert!(
            form.body.contains(expected),
            "missing {expected:?} in:\n{}",
            form.body
        );
    }
    assert!(
        !form.body.contains("name=\"active_node\""),
        "only this template's fields"
    );
    let posted = app
        .post(
            "/checklists",
            "application/x-www-form-urlencoded",
            "template=database-copy&lang=en&database=DB7&copy_servers=MBX2%2C+MBX4&lagged=no",
        )
        .await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    let page = app.get(posted.headers["location"].to_str().unwrap()).await;
    assert!(page.body.contains("Add a copy of DB7 on MBX4"), "{}", page.body);
}

/// Inserts `addition` into the content file `file` right after the first
/// line equal to `after` (or before it, with `before`), as a writer would.
fn add_to(content: &std::path::Path, file: &str, anchor: Anchor<'_>, addition: &str) {
    let path = content.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let (marker, after) = match anchor {
        Anchor::After(m) => (m, true),
        Anchor::Before(m) => (m, false),
    };
    let at = text.find(&format!("\n{marker}\n")).expect("marker in file") + 1;
    let at = if after { at + marker.len() + 1 } else { at };
    std::fs::write(&path, format!("{}{addition}\n{}", &text[..at], &text[at..])).unwrap();
}

async fn ask(app: &TestApp, question: &str) -> serde_json::Value {
    let body = json!({ "question": question }).to_string();
    app.post("/api/answer", "application/json", body).await.json()
}

enum Anchor<'a> {
    After(&'a str),
    Before(&'a str),
}

/// A sixth compatibility dimension (the tools' architecture) and a rule on
/// it citing the third document, written into the content only.
fn with_a_sixth_dimension(content: &std::path::Path) {
    let additions = [
        (
            "answers/compat.toml",
            Anchor::Before("[values]"),
            r#"[[dimensions]]
id = "tools_architecture"
values = ["x64", "x86"]
default = "x64"
label = { en = "architecture of the management tools", "pt-BR" = "arquitetura das ferramentas de gerenciamento" }
clarify = { en = "Are the management tools the 64-bit or the 32-bit version?", "pt-BR" = "As ferramentas de gerenciamento são a versão de 64 ou de 32 bits?" }
"#,
        ),
        (
            "answers/compat.toml",
            Anchor::After("[values]"),
            r#"x64 = { en = "64-bit management tools", "pt-BR" = "ferramentas de gerenciamento de 64 bits" }
x86 = { en = "32-bit management tools", "pt-BR" = "ferramentas de gerenciamento de 32 bits" }"#,
        ),
        (
            "answers/compat.toml",
            Anchor::Before("[[rules]]"),
            r#"[[rules]]
id = "x86-tools-manage-sp-cms-on-2003"
verdict = "yes"
when = { target = ["clustered"], tools_architecture = ["x86"], tools_version = ["SP1", "SP2"], cms_version = ["SP1", "SP2"], admin_os = ["windows-server-2003", "windows-xp"], cluster_os = ["windows-server-2003"] }
explain = { en = "The 32-bit Exchange 2007 SP1 or SP2 management tools manage clustered mailbox servers running SP1 or SP2 on Windows Server 2003 from Windows Server 2003 or Windows XP.", "pt-BR" = "As ferramentas de gerenciamento de 32 bits do Exchange 2007 SP1 ou SP2 gerenciam servidores de caixas de correio clusterizadas que executam o SP1 ou o SP2 no Windows Server 2003 a partir do Windows Server 2003 ou do Windows XP." }
[[rules.citations]]
doc = "exchange-2007-32-bit-management-tools"
section = "manage-clustered-mailbox-servers"
quote = { en = "You can use the 32-bit version of the Exchange 2007 SP1 or SP2 management tools to manage clustered mailbox servers running Exchange 2007 SP1 or SP2 on Windows Server 2003 from a computer running Windows Server 2003 or Windows XP.", "pt-BR" = "Você pode usar a versão de 32 bits das ferramentas de gerenciamento do Exchange 2007 SP1 ou SP2 para gerenciar servidores de caixas de correio clusterizadas que executam o Exchange 2007 SP1 ou SP2 no Windows Server 2003 em um computador com o Windows Server 2003 ou o Windows XP." }
"#,
        ),
        (
            "answers/lexicon.toml",
            Anchor::After("[values]"),
            r#"x86 = ["32 bit", "32 bits", "32bit", "x86"]
x64 = ["64 bit", "64 bits", "64bit", "x64"]"#,
        ),
    ];
    for (file, anchor, addition) in additions {
        add_to(content, file, anchor, addition);
    }
}

#[tokio::test]
async fn a_sixth_compatibility_dimension_is_only_content() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    with_a_sixth_dimension(content.path());
    let app = checked_app_over(content.path(), data.path());

    // A question naming it is read and judged with it, and cites the rule's own document.
    let answer = ask(&app, "Can the 32-bit SP1 management tools on Windows XP manage a clustered mailbox server running SP1 on a Windows Server 2003 cluster?").await;
    assert_eq!(answer["verdict"], "yes", "{answer}");
    assert_eq!(answer["interpretation"]["tools_architecture"], "x86", "{answer}");
    assert_eq!(answer["interpretation"]["admin_os"], "windows-xp", "{answer}");
    assert_eq!(
        answer["citations"][0]["url"],
        "/docs/en/exchange-2007-32-bit-management-tools#manage-clustered-mailbox-servers",
        "{answer}"
    );
    let answer = ask(&app, "Posso gerenciar um servidor de caixas de correio clusterizadas com SP2 no Windows Server 2003 pelas ferramentas de 32 bits do SP2 no Windows Vista?").await;
    assert_eq!(answer["verdict"], "no", "{answer}");
    assert_eq!(answer["interpretation"]["tools_architecture"], "x86", "{answer}");

    // As a structured query: a parameter with the content's values, and a key of every option.
    let judged = app
        .get("/api/compat?tools_architecture=x86&tools_version=SP2&cms_version=SP2&admin_os=windows-server-2003&lang=en")
        .await
        .json();
    assert_eq!(judged["verdict"], "depends", "{judged}");
    assert_eq!(judged["missing"], json!(["cluster_os"]), "{judged}");
    assert!(
        judged["options"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["tools_architecture"] == "x86"),
        "{judged}"
    );
    let refused = app.get("/api/compat?tools_architecture=arm64").await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.json()["error"]["field"], "tools_architecture");
    assert!(refused.body.contains("x64, x86"), "{}", refused.body);

    // The Ask page shows it with its label; the matrix still builds.
    let page = app
        .get("/ask?q=32-bit+SP1+tools+on+XP+manage+an+SP1+CMS+on+Windows+2003&lang=en")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("architecture of the management tools"),
        "{}",
        page.body
    );
    assert!(page.body.contains("32-bit management tools"), "{}", page.body);
    let matrix = app.get("/api/compat/matrix?lang=pt-BR").await.json();
    let assumed: Vec<(&str, &str)> = (matrix["assumed"].as_array().unwrap().iter())
        .map(|a| (a["dimension"].as_str().unwrap(), a["value"].as_str().unwrap()))
        .collect();
    assert_eq!(assumed, [("target", "clustered"), ("tools_architecture", "x64")]);
    // Each assumed dimension is a column of the CSV, at its default.
    let csv = app.get("/api/compat/matrix.csv?lang=en").await.body;
    assert!(
        csv.starts_with(
            "admin_os,tools_version,cms_version,cluster_os,target,tools_architecture,verdict,note\n"
        ),
        "{csv}"
    );
    assert!(csv.lines().nth(1).unwrap().contains(",clustered,x64,"), "{csv}");
    let csv = app.get("/api/compat/matrix.csv?lang=pt-BR").await.body;
    assert!(
        csv.contains(";Arquitetura das ferramentas de gerenciamento;"),
        "{csv}"
    );
    assert!(csv.contains(";ferramentas de gerenciamento de 64 bits;"), "{csv}");
    let page = app.get("/compat?lang=en").await.body;
    assert!(
        page.contains("<li>64-bit management tools (architecture of the management tools)</li>"),
        "{page}"
    );
}

/// The matrix's layout is content too: the sixth dimension laid out as
/// columns under the tools' version, and the cluster's operating system,
/// no longer laid out, assumed at a default the content now declares.
#[tokio::test]
async fn a_new_dimension_is_laid_out_in_the_matrix_by_content_alone() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    with_a_sixth_dimension(content.path());
    let compat = content.path().join("answers/compat.toml");
    let text = std::fs::read_to_string(&compat).unwrap();
    let edits = [
        (
            "columns = [\"tools_version\", \"cluster_os\"]",
            "columns = [\"tools_version\", \"tools_architecture\"]",
        ),
        (
            "csv = [\"admin_os\", \"tools_version\", \"cms_version\", \"cluster_os\"]",
            "csv = [\"admin_os\", \"tools_version\", \"tools_architecture\", \"cms_version\"]",
        ),
        (
            "values = [\"windows-server-2003\", \"windows-server-2008\"]\n",
            "values = [\"windows-server-2003\", \"windows-server-2008\"]\ndefault = \"windows-server-2003\"\n",
        ),
    ];
    let text = edits.iter().fold(text, |text, (from, to)| {
        assert!(text.contains(from), "compat.toml has {from}");
        text.replacen(from, to, 1)
    });
    std::fs::write(&compat, text).unwrap();
    let app = checked_app_over(content.path(), data.path());

    let matrix = app.get("/api/compat/matrix?lang=en").await.json();
    assert_eq!(
        matrix["layout"]["columns"],
        json!(["tools_version", "tools_architecture"])
    );
    assert_eq!(matrix["columns"].as_array().unwrap().len(), 3 * 2, "{matrix}");
    assert_eq!(
        matrix["columns"][5],
        json!({ "tools_version": "SP2", "tools_architecture": "x86", "group_label": "Exchange 2007 SP2", "label": "32-bit management tools" })
    );
    let assumed: Vec<&str> = (matrix["assumed"].as_array().unwrap().iter())
        .map(|a| a["dimension"].as_str().unwrap())
        .collect();
    assert_eq!(assumed, ["cluster_os", "target"]);
    // Windows XP, SP2 tools of 32 bits, on a Windows Server 2003 cluster: the rule citing the third document.
    let xp = (matrix["rows"].as_array().unwrap().iter())
        .find(|r| r["admin_os"] == "windows-xp")
        .unwrap();
    assert_eq!(xp["cells"][5]["verdict"], "yes", "{matrix}");
    let note = xp["cells"][5]["note"].as_u64().unwrap();
    let note = &matrix["notes"][(note - 1) as usize];
    assert_eq!(note["rule"], "x86-tools-manage-sp-cms-on-2003", "{note}");

    let csv = app.get("/api/compat/matrix.csv?lang=en").await.body;
    assert!(
        csv.starts_with(
            "admin_os,tools_version,tools_architecture,cms_version,cluster_os,target,verdict,note\n\
             windows-server-2003,RTM,x64,RTM,windows-server-2003,clustered,yes,"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + 4 * 6, "{csv}");
    let csv = app.get("/api/compat/matrix.csv?lang=pt-BR").await.body;
    assert!(
        csv.contains(";Arquitetura das ferramentas de gerenciamento;Versão do Exchange do servidor"),
        "{csv}"
    );
    let page = app.get("/compat?lang=en").await.body;
    assert!(
        page.contains("<th colspan=\"2\" scope=\"colgroup\">Exchange 2007 SP2</th>"),
        "{page}"
    );
    assert!(
        page.contains("<th scope=\"col\">32-bit management tools</th>"),
        "{page}"
    );
    assert!(
        page.contains("<li>Windows Server 2003 (operating system of the cluster)</li>"),
        "{page}"
    );
}

/// A fact resting on the second document (about Exchange 2010), written into
/// the content only.
fn with_a_fact_about_the_second_document(content: &std::path::Path) {
    add_to(
        content,
        "answers/facts.toml",
        Anchor::Before("[[facts]]"),
        r#"[[facts]]
id = "suspend-before-reseeding"
citations = [{ doc = "add-mailbox-database-copy", section = "seed-the-copy", quote = { en = "To seed again, suspend the copy first:", "pt-BR" = "Para propagar novamente, suspenda a cópia primeiro:" } }]
about = [["seed*", "reseed*", "propag*", "repropag*"], ["again", "novamente", "de novo", "reseed*", "repropag*"]]
verdict = "yes"
statement = { en = "To seed a database copy again, suspend it first, then run Update-MailboxDatabaseCopy.", "pt-BR" = "Para propagar novamente uma cópia de banco de dados, suspenda-a primeiro e execute Update-MailboxDatabaseCopy." }
[[facts.checks]]
agree = ["suspend*", "suspend*"]
contradict = ["without ~ suspend*", "sem suspender"]
"#,
    );
}

#[tokio::test]
async fn a_fact_about_a_second_document_is_answered_with_its_link() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    with_a_fact_about_the_second_document(content.path());
    let app = checked_app_over(content.path(), data.path());
    for (question, lang, url) in [
        (
            "Do I have to suspend the database copy before I seed it again?",
            "en",
            "/docs/en/add-mailbox-database-copy#seed-the-copy",
        ),
        (
            "Preciso suspender a cópia antes de propagar novamente?",
            "pt-BR",
            "/docs/pt-BR/add-mailbox-database-copy#seed-the-copy",
        ),
    ] {
        assert_answered_from_the_second_document(&ask(&app, question).await, lang, url);
    }
}

/// `answer` is the second document's fact, in `lang`, linked to `url`.
fn assert_answered_from_the_second_document(answer: &serde_json::Value, lang: &str, url: &str) {
    assert_eq!(answer["lang"], lang, "{answer}");
    assert_eq!(answer["intent"], "procedure", "{answer}");
    assert_eq!(answer["verdict"], "yes", "{answer}");
    assert_eq!(
        answer["interpretation"]["fact"], "suspend-before-reseeding",
        "{answer}"
    );
    assert_eq!(
        answer["citations"][0]["doc"], "add-mailbox-database-copy",
        "{answer}"
    );
    assert_eq!(answer["citations"][0]["url"], url, "{answer}");
}

/// The shipped document lists Exchange 2010 as outside what it covers; a
/// second document about Exchange 2010 is answerable about it all the same,
/// and what rests on the first document still is not. Outside terms are
/// declared per document: one the second document lists keeps its own facts
/// from answering, and no one else's.
#[tokio::test]
async fn what_one_document_lists_as_outside_another_document_answers() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    with_a_fact_about_the_second_document(content.path());
    let scope = std::fs::read_to_string(content.path().join("answers/scope.toml")).unwrap();
    assert!(
        scope.contains("[upgrade-clustered-mailbox-servers]") && scope.contains("\"exchange 2010\""),
        "the shipped document lists Exchange 2010 as outside"
    );
    // The second document says what it is about, and what it does not cover.
    with_a_scope(
        content.path(),
        "add-mailbox-database-copy",
        "subject = [\"exchange 2010\", \"exchange server 2010\"]\noutside = [\"exchange 2013\"]\n",
    );
    let app = checked_app_over(content.path(), data.path());

    for (question, lang) in [
        (
            "In Exchange 2010, do I have to suspend the database copy before I seed it again?",
            "en",
        ),
        (
            "No Exchange 2010, preciso suspender a cópia antes de propagar novamente?",
            "pt-BR",
        ),
    ] {
        let url = format!("/docs/{lang}/add-mailbox-database-copy#seed-the-copy");
        assert_answered_from_the_second_document(&ask(&app, question).await, lang, &url);
    }
    // What rests on the first document gets no yes or no about Exchange 2010 …
    let answer = ask(
        &app,
        "Can I manage an Exchange 2010 clustered mailbox server from Windows XP with the SP2 tools?",
    )
    .await;
    assert_eq!(answer["intent"], "management_compatibility", "{answer}");
    assert_eq!(answer["verdict"], "not_documented", "{answer}");
    // It names the document that does not cover Exchange 2010, not the one about it.
    let text = answer["answer"].as_str().unwrap();
    assert!(
        text.starts_with(
            "Nothing in “Upgrading clustered mailbox servers to Exchange 2007 SP1 or SP2”, which the \
             compatibility rules come from, covers Exchange 2010. "
        ),
        "{text}"
    );
    let answer = ask(
        &app,
        "In Exchange 2010, are update rollups removed automatically when I upgrade?",
    )
    .await;
    assert_eq!(answer["intent"], "out_of_scope", "{answer}");
    assert_no_yes_or_no(&answer);
    // … and the second document's own outside terms keep its facts from answering.
    for question in [
        "In Exchange 2013, do I have to suspend the database copy before I seed it again?",
        "No Exchange 2013, preciso suspender a cópia antes de propagar novamente?",
    ] {
        let answer = ask(&app, question).await;
        assert_eq!(answer["intent"], "out_of_scope", "{answer}");
        assert_no_yes_or_no(&answer);
    }
}

/// The answer to a compatibility question naming what the documents the
/// rules rest on do not cover says which of them do not cover it, by their
/// titles, and what the question named, from the one template in
/// `messages.toml`: a third document's outside terms name that document
/// alone, a term both documents list names both.
#[tokio::test]
async fn an_answer_outside_the_rules_documents_names_them_and_what_was_named() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    with_a_sixth_dimension(content.path());
    with_a_scope(
        content.path(),
        "exchange-2007-32-bit-management-tools",
        "subject = [\"exchange 2007\"]\noutside = [\"itanium\", \"windows 7\"]\n",
    );
    let app = checked_app_over(content.path(), data.path());
    for (question, lead) in [
        (
            "Can the 32-bit SP2 tools on Itanium manage a clustered mailbox server running SP2?",
            "Nothing in “The 32-bit Exchange 2007 management tools”, which the compatibility rules \
             come from, covers Itanium. What is stated there comes closest: ",
        ),
        (
            "As ferramentas de 32 bits do SP2 no Itanium gerenciam um servidor de caixas de correio clusterizadas com SP2?",
            "Nada em “As ferramentas de gerenciamento de 32 bits do Exchange 2007”, de onde vêm as \
             regras de compatibilidade, trata de Itanium. Eis o que ali se afirma de mais próximo: ",
        ),
        (
            "Can I manage a clustered mailbox server running SP2 from windows 7 with the SP2 tools?",
            "Nothing in “Upgrading clustered mailbox servers to Exchange 2007 SP1 or SP2” and “The 32-bit \
             Exchange 2007 management tools”, which the compatibility rules come from, covers windows 7. ",
        ),
    ] {
        let answer = ask(&app, question).await;
        assert_eq!(answer["intent"], "management_compatibility", "{answer}");
        assert_eq!(answer["verdict"], "not_documented", "{answer}");
        let text = answer["answer"].as_str().unwrap();
        assert!(text.starts_with(lead), "{lead:?} does not open {text:?}");
    }
}

/// Out of a document's scope: no verdict, or "the article does not say"
/// when the question is on the documents' subject.
fn assert_no_yes_or_no(answer: &serde_json::Value) {
    assert!(
        answer["verdict"].is_null() || answer["verdict"] == "not_documented",
        "{answer}"
    );
}

/// The answer to an out-of-scope question says what the knowledge base
/// covers from the documents' own titles, in the order the listings show
/// them (by category, documents without one last, then by title): a document
/// added to the content is named there, in each language, with no message to
/// edit; past a few, the rest are counted.
#[tokio::test]
async fn an_out_of_scope_answer_names_the_documents_from_their_titles() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    let app = app_over(content.path(), data.path());
    for (question, lang, titles) in [
        (
            "Can I bake a carrot cake?",
            "en",
            [
                "Upgrading clustered mailbox servers to Exchange 2007 SP1 or SP2",
                "Adding a mailbox database copy in Exchange 2010",
                "The 32-bit Exchange 2007 management tools",
            ],
        ),
        (
            "Como eu faço um bolo de cenoura?",
            "pt-BR",
            [
                "Atualizando servidores de caixas de correio em cluster para o Exchange 2007 SP1 ou SP2",
                "Adicionando uma cópia do banco de dados de caixa de correio no Exchange 2010",
                "As ferramentas de gerenciamento de 32 bits do Exchange 2007",
            ],
        ),
    ] {
        let answer = ask(&app, question).await;
        assert_eq!(answer["intent"], "out_of_scope", "{answer}");
        assert_eq!(answer["lang"], lang, "{answer}");
        let text = answer["answer"].as_str().unwrap();
        assert!(text.contains(&titles.join("; ")), "{titles:?} not in {text:?}");
    }

    // Four documents more, seven in all: five are named, two counted.
    for n in 1..=4 {
        for (lang, title) in [("en", "Extra procedure"), ("pt-BR", "Procedimento extra")] {
            std::fs::write(
                content.path().join(format!("docs/extra-{n}.{lang}.md")),
                format!(
                    "+++\ntitle = \"{title} {n}\"\ndescription = \"{title}.\"\napplies_to = [\"Exchange Server 2007 SP2\"]\n\
                     modified = 2012-01-01\n+++\n\n## {title} {n} {{#step}}\n\n{title} {n}.\n"
                ),
            )
            .unwrap();
        }
    }
    let (ok, output) = check(content.path());
    assert!(ok, "{output}");
    let app = app_over(content.path(), tempfile::tempdir().unwrap().path());
    let text = ask(&app, "Can I bake a carrot cake?").await["answer"].clone();
    let text = text.as_str().unwrap();
    assert!(text.contains("Extra procedure 1; Extra procedure 2"), "{text}");
    assert!(
        text.ends_with("; and 2 other documents. The sections below may still help."),
        "{text}"
    );
    let text = ask(&app, "Como eu faço um bolo de cenoura?").await["answer"].clone();
    assert!(
        text.as_str().unwrap().contains("; e outros 2 documentos. "),
        "{text}"
    );
}

/// One JSON-RPC request to `/mcp` (stateless: no session needed); its result.
async fn mcp(app: &TestApp, method: &str, params: serde_json::Value) -> serde_json::Value {
    let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
    let response = app
        .send(
            Request::post("/mcp")
                .header("host", "localhost")
                .header("content-type", "application/json")
                .header("accept", "application/json, text/event-stream")
                .header("mcp-protocol-version", "2025-06-18")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(response.status, 200, "{method}: {}", response.body);
    response.json()["result"].clone()
}

/// The instructions the MCP server sends at initialization.
async fn mcp_instructions(app: &TestApp) -> String {
    let hello = json!({ "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": { "name": "test", "version": "1" } });
    let initialized = mcp(app, "initialize", hello).await;
    initialized["instructions"].as_str().unwrap().to_owned()
}

/// What the MCP server tells an assistant comes from the content: the
/// instructions describe every document from its front matter, the tools
/// name the documents, the compatibility dimensions the content declares
/// (a sixth one too) and the templates — with no change to the engine.
#[tokio::test]
async fn the_mcp_server_describes_the_documents_it_serves() {
    let (content, data) = (extended_content(), tempfile::tempdir().unwrap());
    with_a_sixth_dimension(content.path());
    let app = app_over(content.path(), data.path());
    let instructions = mcp_instructions(&app).await;
    for expected in [
        // The documents in listing order (by category, then title), from their front matter.
        "- Upgrading clustered mailbox servers to Exchange 2007 SP1 or SP2 (upgrade-clustered-mailbox-servers): How to upgrade",
        "- Adding a mailbox database copy in Exchange 2010 (add-mailbox-database-copy): How to add a passive copy \
         of a mailbox database to another member of a database availability group. Applies to: Exchange Server 2010 SP1.\n\
         - The 32-bit Exchange 2007 management tools (exchange-2007-32-bit-management-tools)",
        // The compatibility rules: the documents they rest on and every dimension declared.
        "Its compatibility rules, from \"Upgrading clustered mailbox servers to Exchange 2007 SP1 or SP2\", \
         \"The 32-bit Exchange 2007 management tools\", judge combinations of: version of the Exchange management tools (tools_version)",
        "architecture of the management tools (tools_architecture)",
        "database-copy: Add mailbox database copies — Add passive copies of one Exchange 2010 mailbox database",
    ] {
        assert!(
            instructions.contains(expected),
            "{expected:?} not in:\n{instructions}"
        );
    }

    let tools = mcp(&app, "tools/list", json!({})).await;
    let description = |name: &str| {
        let tool = tools["tools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name);
        tool.unwrap_or_else(|| panic!("no tool {name}"))["description"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let titles = "(Upgrading clustered mailbox servers to Exchange 2007 SP1 or SP2; \
                  Adding a mailbox database copy in Exchange 2010; The 32-bit Exchange 2007 management tools)";
    for tool in ["search_docs", "answer_question"] {
        assert!(description(tool).contains(titles), "{}", description(tool));
    }
    let compat = description("check_compatibility");
    assert!(compat.contains("kind of server managed (target)"), "{compat}");
    assert!(
        compat.contains("architecture of the management tools (tools_architecture)"),
        "{compat}"
    );
    let create = description("create_checklist");
    assert!(
        create.contains("cms-upgrade: Upgrade a clustered mailbox server"),
        "{create}"
    );
    assert!(
        create.contains("database-copy: Add mailbox database copies"),
        "{create}"
    );
    // The shipped content alone: its one document, and nothing of the others.
    let shipped = app_over(&repo_root().join("content"), tempfile::tempdir().unwrap().path());
    let instructions = mcp_instructions(&shipped).await;
    assert!(
        instructions.contains("(upgrade-clustered-mailbox-servers)"),
        "{instructions}"
    );
    assert!(!instructions.contains("Exchange 2010"), "{instructions}");
    let tools = mcp(&shipped, "tools/list", json!({})).await;
    for tool in tools["tools"].as_array().unwrap() {
        let text = tool["description"].as_str().unwrap();
        assert!(
            !text.contains("Exchange 2010") && !text.contains("architecture"),
            "{text}"
        );
    }

    // Eight documents: the instructions describe all, a tool names five and counts the rest.
    for n in 1..=5 {
        for lang in ["en", "pt-BR"] {
            std::fs::write(
                content.path().join(format!("docs/extra-{n}.{lang}.md")),
                format!(
                    "+++\ntitle = \"Extra {n}\"\ndescription = \"Extra.\"\napplies_to = [\"Contoso Widget {n}\"]\n\
                     modified = 2012-01-01\n+++\n\n## Extra {n} {{#step}}\n\nExtra {n}.\n"
                ),
            )
            .unwrap();
        }
    }
    let app = app_over(content.path(), tempfile::tempdir().unwrap().path());
    let instructions = mcp_instructions(&app).await;
    assert!(
        instructions.contains("- Extra 5 (extra-5): Extra. Applies to: Contoso Widget 5.\n"),
        "{instructions}"
    );
    let tools = mcp(&app, "tools/list", json!({})).await;
    let search = tools["tools"][0]["description"].as_str().unwrap();
    assert!(
        search.contains(
            "(Upgrading clustered mailbox servers to Exchange 2007 SP1 or SP2; \
             Adding a mailbox database copy in Exchange 2010; Extra 1; Extra 2; Extra 3; \
             and 3 other documents)"
        ),
        "{search}"
    );
}
