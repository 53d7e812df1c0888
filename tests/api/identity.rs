//! Identity from a trusted proxy and named API tokens: with either
//! configured, every change is recorded under the identity whatever `by`
//! says, a change without one is refused, and the identity header from an
//! address that is not the proxy's is refused and changes nothing.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use docdesk::web::identity::{IdentityPolicy, parse_header, parse_trusted, token_digest};
use docdesk::web::settings::WebSettings;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestResponse, app_with_settings};

const PROXY: &str = "10.0.0.2:41000";
const ELSEWHERE: &str = "192.0.2.50:41000";
const TOKEN: &str = "0f3c9a5e2b7d4186a1c0e9f8d7b6a5c4";

/// The application behind a proxy at 10.0.0.0/24 that sets `Remote-User`,
/// with one API token named `ci-bot`.
fn app() -> (TestApp, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let tokens = data.path().join("tokens");
    std::fs::write(&tokens, format!("# bots\nci-bot {}\n", token_digest(TOKEN))).unwrap();
    let identity = IdentityPolicy::default()
        .with_proxy(
            parse_header("Remote-User").unwrap(),
            &[parse_trusted("10.0.0.0/24").unwrap()],
        )
        .with_token_file(&tokens, docdesk::limits::Limits::DEFAULT.by_chars)
        .unwrap();
    app_with_settings(
        data,
        WebSettings {
            identity,
            ..WebSettings::default()
        },
    )
}

/// A request from `peer` with `headers`.
async fn send(
    app: &TestApp,
    method: &str,
    uri: &str,
    peer: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, String)>,
) -> TestResponse {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = match body {
        Some((content_type, body)) => {
            request = request.header("content-type", content_type);
            Body::from(body)
        }
        None => Body::empty(),
    };
    let mut request = request.body(body).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    app.send(request).await
}

fn create_body() -> (&'static str, String) {
    let body = json!({"template": "cms-upgrade", "lang": "en",
        "params": {"cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"],
                   "target": "SP2", "cluster_os": "windows-server-2003"}});
    ("application/json", body.to_string())
}

fn tick(by: &str) -> Option<(&'static str, String)> {
    Some(("application/json", json!({"done": true, "by": by}).to_string()))
}

async fn audit(app: &TestApp, id: &str) -> Vec<Value> {
    let audit = send(
        app,
        "GET",
        &format!("/api/checklists/{id}/audit"),
        PROXY,
        &[],
        None,
    )
    .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    audit.json()["events"].as_array().unwrap().clone()
}

#[tokio::test]
async fn proxy_identity_is_recorded_and_untrusted_sources_are_refused() {
    let (app, _data) = app();
    let ana = [("remote-user", "ana.souza")];
    let created = send(&app, "POST", "/api/checklists", PROXY, &ana, Some(create_body())).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let step = format!("/api/checklists/{id}/steps/move-groups-ex2");

    // The identity wins over whatever `by` the client claims.
    let ticked = send(&app, "PATCH", &step, PROXY, &ana, tick("the-boss")).await;
    assert_eq!(ticked.status, 200, "{}", ticked.body);
    assert_eq!(ticked.json()["done_by"], "ana.souza");
    let events = audit(&app, &id).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0]["actor"], "ana.souza", "the creation too");
    assert_eq!(events[1]["actor"], "ana.souza");

    // The same header from elsewhere is forged: refused, in the reader's
    // language, on writes and reads alike; nothing changes.
    let undo = Some(("application/json", json!({"done": false}).to_string()));
    let forged = [("remote-user", "ana.souza"), ("accept-language", "pt-BR")];
    let refused = send(&app, "PATCH", &step, ELSEWHERE, &forged, undo.clone()).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let error = &refused.json()["error"];
    assert_eq!(error["code"], "untrusted_proxy");
    assert!(
        error["message"].as_str().unwrap().contains("proxy de login"),
        "{error}"
    );
    let read = send(
        &app,
        "GET",
        &format!("/api/checklists/{id}"),
        ELSEWHERE,
        &forged,
        None,
    )
    .await;
    assert_eq!(read.status, 403, "{}", read.body);
    let page = send(
        &app,
        "GET",
        &format!("/checklists/{id}"),
        ELSEWHERE,
        &forged,
        None,
    )
    .await;
    assert_eq!(page.status, 403);
    assert!(
        page.content_type().starts_with("text/html"),
        "{}",
        page.content_type()
    );
    assert!(page.body.contains("proxy de login"), "{}", page.body);

    // Without an identity: reading is allowed, changing is not (API, forms).
    let anonymous = send(
        &app,
        "GET",
        &format!("/api/checklists/{id}"),
        ELSEWHERE,
        &[],
        None,
    )
    .await;
    assert_eq!(anonymous.status, 200, "{}", anonymous.body);
    let refused = send(&app, "PATCH", &step, ELSEWHERE, &[], undo.clone()).await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert_eq!(refused.json()["error"]["code"], "identity_required");
    assert!(refused.headers.get("www-authenticate").is_some());
    let from_proxy = send(&app, "PATCH", &step, PROXY, &[], undo.clone()).await;
    assert_eq!(from_proxy.status, 401, "{}", from_proxy.body);
    let create = send(
        &app,
        "POST",
        "/api/checklists",
        ELSEWHERE,
        &[],
        Some(create_body()),
    )
    .await;
    assert_eq!(create.status, 401, "{}", create.body);
    let form = send(
        &app,
        "POST",
        &format!("/checklists/{id}/steps/move-groups-ex2"),
        ELSEWHERE,
        &[("accept-language", "pt-BR")],
        Some((
            "application/x-www-form-urlencoded",
            "action=undo&by=mallory".into(),
        )),
    )
    .await;
    assert_eq!(form.status, 401, "{}", form.body);
    assert!(form.content_type().starts_with("text/html"));
    assert!(form.body.contains("nome de quem as faz"), "{}", form.body);

    let run = send(&app, "GET", &format!("/api/checklists/{id}"), PROXY, &[], None)
        .await
        .json();
    let step = run["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "move-groups-ex2")
        .unwrap();
    assert_eq!(step["done"], true, "{step}");
    assert_eq!(audit(&app, &id).await.len(), 2, "nothing refused was recorded");
}

#[tokio::test]
async fn a_named_token_writes_under_its_name_and_an_unknown_one_is_refused() {
    let (app, data) = app();
    let stored = std::fs::read_to_string(data.path().join("tokens")).unwrap();
    assert!(!stored.contains(TOKEN), "the token file holds digests only");
    let bearer = format!("Bearer {TOKEN}");
    let bot = [("authorization", bearer.as_str())];
    let created = send(
        &app,
        "POST",
        "/api/checklists",
        ELSEWHERE,
        &bot,
        Some(create_body()),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let step = format!("/api/checklists/{id}/steps/move-groups-ex2");
    let ticked = send(&app, "PATCH", &step, ELSEWHERE, &bot, tick("someone-else")).await;
    assert_eq!(ticked.status, 200, "{}", ticked.body);
    assert_eq!(ticked.json()["done_by"], "ci-bot");
    let events = audit(&app, &id).await;
    assert_eq!(
        (&events[0]["actor"], &events[1]["actor"]),
        (&json!("ci-bot"), &json!("ci-bot"))
    );

    let wrong = [("authorization", "Bearer 0f3c9a5e2b7d4186a1c0e9f8d7b6a5c5")];
    let refused = send(&app, "PATCH", &step, ELSEWHERE, &wrong, tick("x")).await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert_eq!(refused.json()["error"]["code"], "invalid_token");
    assert_eq!(audit(&app, &id).await.len(), 2);
}

#[tokio::test]
async fn mcp_tool_calls_change_steps_under_the_requests_identity() {
    let (app, _data) = app();
    let created = send(
        &app,
        "POST",
        "/api/checklists",
        PROXY,
        &[("remote-user", "ana")],
        Some(create_body()),
    )
    .await;
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let call = |by: &str| {
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
            "name": "update_step", "arguments": {"id": id, "step": "move-groups-ex2", "done": true, "by": by}}})
        .to_string()
    };
    let mcp = |headers: Vec<(&'static str, &'static str)>, body: String| {
        let mut all = vec![
            ("host", "127.0.0.1"),
            ("accept", "application/json, text/event-stream"),
        ];
        all.extend(headers);
        let app = &app;
        async move { send(app, "POST", "/mcp", PROXY, &all, Some(("application/json", body))).await }
    };
    let anonymous = mcp(vec![], call("mallory")).await;
    assert_eq!(anonymous.status, 200, "{}", anonymous.body);
    assert_eq!(anonymous.json()["result"]["isError"], true, "{}", anonymous.body);
    assert!(
        anonymous.body.contains("recorded under the name"),
        "{}",
        anonymous.body
    );
    assert_eq!(audit(&app, &id).await.len(), 1);

    let signed_in = mcp(vec![("remote-user", "bo")], call("mallory")).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    assert_ne!(signed_in.json()["result"]["isError"], true, "{}", signed_in.body);
    assert_eq!(audit(&app, &id).await[1]["actor"], "bo");
}

/// With identities required the run page asks nobody for a name (it would
/// be ignored): a signed-in reader sees the name their changes carry, one
/// without an identity is told to sign in; with none configured, the name
/// fields are there.
#[tokio::test]
async fn the_run_page_asks_for_a_name_only_when_identities_are_not_required() {
    let (app, _data) = app();
    let ana = [("remote-user", "ana.souza")];
    let created = send(&app, "POST", "/api/checklists", PROXY, &ana, Some(create_body())).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let name_fields = ["id=\"your-name\"", "name=\"by\""];

    for (lang, recorded_as, sign_in) in [
        ("en", "Your changes are recorded as", "Sign in through"),
        (
            "pt-BR",
            "Suas alterações são registradas como",
            "Entre pelo endereço",
        ),
    ] {
        let page = format!("/checklists/{id}?lang={lang}");
        let signed_in = send(&app, "GET", &page, PROXY, &ana, None).await;
        assert_eq!(signed_in.status, 200, "{}", signed_in.body);
        assert!(
            signed_in.body.contains(recorded_as) && signed_in.body.contains("ana.souza"),
            "{}",
            signed_in.body
        );
        let anonymous = send(&app, "GET", &page, ELSEWHERE, &[], None).await;
        assert_eq!(anonymous.status, 200, "reading needs no identity");
        assert!(anonymous.body.contains(sign_in), "{}", anonymous.body);
        for body in [&signed_in.body, &anonymous.body] {
            for field in name_fields {
                assert!(!body.contains(field), "{field} shown with identities required");
            }
        }
    }

    let open = crate::helpers::app();
    let created = open
        .post("/api/checklists", create_body().0, create_body().1)
        .await;
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let page = open.get(&format!("/checklists/{id}")).await;
    for field in name_fields {
        assert!(page.body.contains(field), "{field} missing without identities");
    }
    assert!(page.body.contains("Your name"));
}
