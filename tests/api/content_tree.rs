//! Knowledge is data: the shipped content plus `tests/content-extra` (a second
//! procedure document and a second checklist template with parameters of its
//! own) is checked, served, searchable and usable for runs — with no change
//! to the engine.

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
