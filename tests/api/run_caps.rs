//! Runs created per client are capped: past the hourly allowance a client
//! is refused with 429, `Retry-After` and a message in its language, while
//! other clients still create runs.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use docdesk::web::clients::RunQuota;
use docdesk::web::settings::WebSettings;
use serde_json::json;

use crate::helpers::{TestApp, TestResponse, app_with_settings};

fn app_with_cap(per_hour: u32) -> (TestApp, tempfile::TempDir) {
    app_with_settings(
        tempfile::tempdir().unwrap(),
        WebSettings {
            runs: Arc::new(RunQuota::per_hour(NonZeroU32::new(per_hour).unwrap())),
            ..WebSettings::default()
        },
    )
}

/// The MCP tool `create_checklist` called over `/mcp` from `peer`.
async fn create_through_mcp(app: &TestApp, peer: &str) -> TestResponse {
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "create_checklist", "arguments": {"template": "cms-upgrade", "lang": "pt-BR", "params": {
            "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"], "target": "SP2",
            "cluster_os": "windows-server-2003"}}}});
    let mut request = Request::post("/mcp")
        .header("host", "127.0.0.1")
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .body(Body::from(call.to_string()))
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    app.send(request).await
}

async fn create(app: &TestApp, peer: &str, form: bool) -> TestResponse {
    let (content_type, body) = if form {
        (
            "application/x-www-form-urlencoded",
            "template=cms-upgrade&cluster_type=ccr&active_node=EX1&passive_nodes=EX2&target=SP2\
             &cluster_os=windows-server-2003"
                .to_owned(),
        )
    } else {
        let body = json!({"template": "cms-upgrade", "params": {"cluster_type": "ccr", "active_node": "EX1",
            "passive_nodes": ["EX2"], "target": "SP2", "cluster_os": "windows-server-2003"}});
        ("application/json", body.to_string())
    };
    let uri = if form { "/checklists" } else { "/api/checklists" };
    let mut request = Request::post(uri)
        .header("content-type", content_type)
        .header("accept-language", "pt-BR")
        .body(Body::from(body))
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    app.send(request).await
}

#[tokio::test]
async fn a_client_over_its_hourly_runs_is_refused_with_retry_after_and_others_are_not() {
    let (app, _data) = app_with_cap(3);
    let (a, b) = ("192.0.2.1:5000", "192.0.2.2:5000");
    for n in 0..3 {
        let created = create(&app, a, n == 1).await;
        assert!(
            created.status == 201 || created.status == 303,
            "{n}: {}",
            created.status
        );
    }
    let refused = create(&app, a, false).await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    let retry: u64 = refused.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(
        (1_000..=1_201).contains(&retry),
        "one run every 20 minutes: {retry}"
    );
    let error = &refused.json()["error"];
    assert_eq!(error["code"], "too_many_runs");
    assert!(
        error["message"].as_str().unwrap().contains("3 checklists"),
        "{error}"
    );
    assert!(
        error["message"].as_str().unwrap().contains("última hora"),
        "{error}"
    );
    // The form gets the page, in the reader's language; another port of the
    // same address is the same client.
    let page = create(&app, "192.0.2.1:6000", true).await;
    assert_eq!(page.status, 429);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.body.contains("última hora"), "{}", page.body);
    // The MCP tool draws on the same allowance: refused for this client,
    // not for another.
    let tool = create_through_mcp(&app, "192.0.2.1:7000").await;
    assert_eq!(tool.status, 200, "{}", tool.body);
    assert_eq!(tool.json()["result"]["isError"], true, "{}", tool.body);
    assert!(tool.body.contains("3 checklists"), "{}", tool.body);
    let tool = create_through_mcp(&app, "192.0.2.3:7000").await;
    assert_ne!(tool.json()["result"]["isError"], true, "{}", tool.body);
    // Another client is not held back.
    assert_eq!(create(&app, b, false).await.status, 201);
}
