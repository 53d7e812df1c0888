//! Requests that change state from another site are refused (403, in the
//! reader's language) and change nothing; the server's own pages, and
//! clients that send no browser headers, pass.

use axum::body::Body;
use axum::http::Request;
use serde_json::json;

use crate::helpers::{TestResponse, app};

const FORM: &str = "application/x-www-form-urlencoded";

fn create_body() -> String {
    json!({
        "template": "cms-upgrade", "lang": "en",
        "params": {"cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"],
                   "target": "SP2", "cluster_os": "windows-server-2003"}
    })
    .to_string()
}

async fn send(
    method: &str,
    uri: &str,
    content_type: &str,
    headers: &[(&str, &str)],
    body: String,
) -> TestResponse {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "docdesk.example:8080")
        .header("content-type", content_type);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app().send(request.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn a_cross_site_patch_is_refused_and_changes_nothing() {
    let created = send("POST", "/api/checklists", "application/json", &[], create_body()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let step = format!("/api/checklists/{id}/steps/move-groups-ex2");
    let tick = json!({"done": true, "by": "attacker"}).to_string();
    for headers in [
        &[("origin", "http://evil.example")][..],
        &[
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ][..],
        &[("sec-fetch-site", "cross-site")][..],
        &[("origin", "http://docdesk.example:9999")][..],
    ] {
        let refused = send("PATCH", &step, "application/json", headers, tick.clone()).await;
        assert_eq!(refused.status, 403, "{headers:?}: {}", refused.body);
        assert_eq!(refused.json()["error"]["code"], "cross_origin");
    }
    let run = app().get(&format!("/api/checklists/{id}")).await.json();
    let step_state = run["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "move-groups-ex2")
        .unwrap();
    assert_eq!(step_state["done"], false, "{step_state}");
    let audit = app().get(&format!("/api/checklists/{id}/audit")).await.json();
    assert_eq!(
        audit["events"].as_array().unwrap().len(),
        1,
        "only the creation: {audit}"
    );

    // The server's own page (same origin, by either header) may.
    let own = [
        ("origin", "http://docdesk.example:8080"),
        ("sec-fetch-site", "same-origin"),
    ];
    let ticked = send("PATCH", &step, "application/json", &own, tick).await;
    assert_eq!(ticked.status, 200, "{}", ticked.body);
}

#[tokio::test]
async fn a_forged_form_post_gets_a_localized_page_and_creates_nothing() {
    let form = "template=cms-upgrade&lang=pt-BR&cluster_type=ccr&active_node=FORGED1&passive_nodes=EX2\
                &target=SP2&cluster_os=windows-server-2003";
    let refused = send(
        "POST",
        "/checklists",
        FORM,
        &[("origin", "http://evil.example"), ("accept-language", "pt-BR")],
        form.into(),
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.content_type().starts_with("text/html"));
    assert!(refused.body.contains("outro site"), "{}", refused.body);
    let list = app().get("/checklists?lang=en").await;
    assert!(!list.body.contains("FORGED1"), "a run was created");
    let api = send(
        "POST",
        "/api/checklists",
        "application/json",
        &[("sec-fetch-site", "cross-site"), ("accept-language", "en")],
        create_body(),
    )
    .await;
    assert_eq!(api.status, 403);
    assert!(
        api.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("another site")
    );

    // A client without browser headers (curl, a bot) is not a browser page: it passes.
    let own = send(
        "POST",
        "/checklists",
        FORM,
        &[("origin", "http://docdesk.example:8080")],
        form.into(),
    )
    .await;
    assert_eq!(own.status, 303, "{}", own.body);
}

/// `--trusted-origins` reaches the check of a real server: a page of the
/// trusted site may create a run, any other site still may not.
#[tokio::test]
async fn an_origin_trusted_on_the_command_line_may_write_and_others_still_may_not() {
    use crate::helpers::{start_binary_with, wait_ready};

    let data = tempfile::tempdir().unwrap();
    let (mut child, base) = start_binary_with(
        data.path(),
        &["--trusted-origins", "https://intranet.example"],
        None,
    );
    wait_ready(&base).await;
    let client = reqwest::Client::new();
    let create = |origin: &'static str| {
        client
            .post(format!("{base}/api/checklists"))
            .header("content-type", "application/json")
            .header("origin", origin)
            .header("sec-fetch-site", "cross-site")
            .body(create_body())
            .send()
    };
    let trusted = create("https://intranet.example").await.unwrap().status();
    let other = create("https://evil.example").await.unwrap().status();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(trusted, 201);
    assert_eq!(other, 403);
}
