use axum::body::Body;
use axum::http::Request;

use crate::helpers::{app, enc};

const HOSTILE: &[&str] = &[
    "\"unbalanced (quote",
    "title:foo AND (bar OR NOT baz)",
    "*",
    "~",
    "^",
    "foo^2 bar~1 \"baz\"~3",
    "[1 TO 5]",
    "a:b:c::",
    "\\",
    "-",
    "AND OR NOT",
    "\u{0}\u{1}\u{7f}\u{1b}[31m",
    "<script>alert('x')</script>",
    "Setup.com)",
    "é́́́",
    "🦀🦀",
];

#[tokio::test]
async fn hostile_queries_never_fail() {
    let app = app();
    for q in HOSTILE {
        for lang in ["en", "pt-BR"] {
            let response = app.get(&format!("/api/search?lang={lang}&q={}", enc(q))).await;
            assert_eq!(response.status, 200, "{q:?}: {}", response.body);
            assert!(response.json()["hits"].is_array());
            let page = app.get(&format!("/search?lang={lang}&q={}", enc(q))).await;
            assert_eq!(page.status, 200, "{q:?}");
        }
    }
}

#[tokio::test]
async fn a_ten_kilobyte_query_is_refused_not_worked_through() {
    let long = "servidor cluster atualização ".repeat(400);
    assert!(long.len() > 10_000);
    let response = app().get(&format!("/api/search?q={}", enc(&long))).await;
    assert_eq!(response.status, 400, "{}", response.body);
    assert_eq!(response.json()["error"]["field"], "q");
    let page = app().get(&format!("/search?q={}", enc(&long))).await;
    assert_eq!(page.status, 400);
    assert!(page.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn invalid_utf8_in_the_query_string_is_not_a_server_error() {
    for uri in [
        "/api/search?q=%FF%FE",
        "/api/search?q=%C3",
        "/api/search?q=%",
        "/api/search?q=%zz&lang=%FF",
        "/search?q=%FF",
    ] {
        let response = app().send(Request::get(uri).body(Body::empty()).unwrap()).await;
        assert!(
            response.status.is_success() || response.status.is_client_error(),
            "{uri}: {}",
            response.status
        );
    }
}

#[tokio::test]
async fn errors_on_api_routes_are_json_with_code_and_message() {
    let response = app().get("/api/search?lang=xx-!!").await;
    assert_eq!(response.status, 400);
    let body = response.json();
    assert!(body["error"]["code"].is_string());
    assert!(body["error"]["message"].is_string());
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let response = app().post("/api/search", "application/json", "{}").await;
    assert_eq!(response.status, 405);
    assert_eq!(response.json()["error"]["code"], "method_not_allowed");
}
