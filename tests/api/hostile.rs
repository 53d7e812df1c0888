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

#[tokio::test]
async fn invalid_utf8_in_a_path_gets_the_localized_error_page_or_json() {
    for uri in [
        "/docs/en/%FF",
        "/docs/pt-BR/upgrade%C3",
        "/checklists/%FE%FF",
        "/checklists/abc/export.md%FF",
        "/%FF",
    ] {
        let page = app().get_with_language(uri, "pt-BR").await;
        assert_eq!(page.status, 400, "{uri}: {}", page.body);
        assert!(
            page.content_type().starts_with("text/html"),
            "{uri}: {}",
            page.content_type()
        );
        assert!(page.body.contains("Solicitação inválida"), "{uri}: {}", page.body);
        assert!(page.body.contains("não são texto válido"), "{uri}: {}", page.body);
    }
    // In English too: `?lang=` of the address itself still picks the language.
    for (uri, accept) in [("/docs/pt-BR/%FF", "en"), ("/checklists/%FF?lang=en", "pt-BR")] {
        let page = app().get_with_language(uri, accept).await;
        assert_eq!(page.status, 400, "{uri}: {}", page.body);
        assert!(page.content_type().starts_with("text/html"), "{uri}");
        assert!(page.body.contains("<html lang=\"en\""), "{uri}: {}", page.body);
        assert!(page.body.contains("Invalid request"), "{uri}: {}", page.body);
        assert!(
            page.body.contains("not valid text (UTF-8)"),
            "{uri}: {}",
            page.body
        );
    }
    for uri in ["/api/checklists/%FF", "/api/checklists/abc/steps/%C3%28"] {
        let response = app().get(uri).await;
        assert_eq!(response.status, 400, "{uri}: {}", response.body);
        assert_eq!(response.json()["error"]["code"], "invalid_path", "{uri}");
    }
    let patch = app()
        .patch("/api/checklists/abc/steps/%FF?lang=pt-BR", "{}")
        .await;
    assert!(
        patch.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("não são texto")
    );
    // Escaped text that is UTF-8 still reaches its route.
    let accented = app().get("/docs/en/atualiza%C3%A7%C3%A3o").await;
    assert_eq!(accented.status, 404, "{}", accented.body);
}

#[tokio::test]
async fn misses_under_static_get_the_error_page_and_never_a_redirect() {
    for uri in [
        "/static/nope.js",
        "/static/",
        "/static/.",
        "/static/./",
        "/static/..%2f",
    ] {
        let page = app().get_with_language(uri, "pt-BR").await;
        assert_eq!(page.status, 404, "{uri}: {:?}", page.headers.get("location"));
        assert!(page.headers.get("location").is_none(), "{uri}");
        assert!(
            page.content_type().starts_with("text/html"),
            "{uri}: {}",
            page.content_type()
        );
        assert!(
            page.body.contains("Página não encontrada"),
            "{uri}: {}",
            page.body
        );
    }
    let english = app().get("/static/nope.css?lang=en").await;
    assert!(english.body.contains("Page not found"), "{}", english.body);
    assert_eq!(app().get("/static/app.js").await.status, 200);
}
