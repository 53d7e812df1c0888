//! `lang` is read one way on every route: a language docdesk does not speak
//! is refused with a 400 naming `lang`, worded in the reader's language — a
//! JSON error under `/api/` and for exports, the error page elsewhere.

use axum::body::Body;
use axum::http::Request;
use serde_json::json;

use crate::helpers::{TestApp, TestResponse, app, enc};

/// A run and one of its steps, created through the API.
async fn run_and_step(app: &TestApp) -> (String, String) {
    let body = json!({
        "template": "cms-upgrade",
        "lang": "en",
        "params": {
            "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"],
            "target": "SP2", "cluster_os": "windows-server-2003"
        }
    });
    let run = app
        .post("/api/checklists", "application/json", body.to_string())
        .await;
    assert_eq!(run.status, 201, "{}", run.body);
    let run = run.json();
    let step = run["steps"][0]["id"].as_str().unwrap().to_owned();
    (run["id"].as_str().unwrap().to_owned(), step)
}

/// Sends `method uri` with `body` (typed `content_type`) from a Portuguese reader.
async fn from_portuguese_reader(
    app: &TestApp,
    method: &str,
    uri: &str,
    content_type: &str,
    body: &str,
) -> TestResponse {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("accept-language", "pt-BR")
        .header("content-type", content_type)
        .body(Body::from(body.to_owned()))
        .unwrap();
    app.send(request).await
}

fn assert_json_refusal(uri: &str, response: &TestResponse) {
    assert_eq!(response.status, 400, "{uri}: {}", response.body);
    let error = &response.json()["error"];
    assert_eq!(error["code"], "unsupported_language", "{uri}");
    assert_eq!(error["field"], "lang", "{uri}");
    assert_eq!(
        error["message"], "o idioma 'fr' não é suportado; use pt-BR ou en",
        "{uri}"
    );
}

fn assert_page_refusal(uri: &str, response: &TestResponse) {
    assert_eq!(response.status, 400, "{uri}: {}", response.body);
    assert!(response.content_type().starts_with("text/html"), "{uri}");
    assert!(response.body.contains("<html lang=\"pt-BR\">"), "{uri}");
    assert!(
        response.body.contains("não é suportado; use pt-BR ou en"),
        "{uri}: {}",
        response.body
    );
}

#[tokio::test]
async fn an_unsupported_lang_is_refused_on_every_route_in_the_readers_language() {
    let app = app();
    let (id, step) = run_and_step(&app).await;
    let api = [
        "/api/search?q=cluster&".to_owned(),
        "/api/compat?".to_owned(),
        "/api/compat/matrix?".to_owned(),
        "/api/compat/matrix.csv?".to_owned(),
        format!("/api/checklists/{id}?"),
        // Exports are downloads: JSON errors, like their 404.
        format!("/checklists/{id}/export.md?"),
        format!("/checklists/{id}/export.json?"),
    ];
    for uri in api.iter().map(|u| format!("{u}lang=fr")) {
        let response = from_portuguese_reader(&app, "GET", &uri, "text/plain", "").await;
        assert_json_refusal(&uri, &response);
    }
    let question = enc("Can I manage a CCR cluster from Windows XP?");
    let pages = [
        "/?".to_owned(),
        "/search?q=cluster&".to_owned(),
        format!("/ask?q={question}&"),
        "/compat?".to_owned(),
        "/checklists?".to_owned(),
        "/checklists/new?".to_owned(),
        format!("/checklists/{id}?"),
        "/docs/en/?".to_owned(),
        "/docs/en/upgrade-clustered-mailbox-servers?".to_owned(),
    ];
    for uri in pages.iter().map(|u| format!("{u}lang=fr")) {
        let response = from_portuguese_reader(&app, "GET", &uri, "text/plain", "").await;
        assert_page_refusal(&uri, &response);
    }

    // `lang` sent in a body or a form is read the same way.
    let json = "application/json";
    let form = "application/x-www-form-urlencoded";
    for (method, uri, content_type, body) in [
        (
            "POST",
            "/api/answer".to_owned(),
            json,
            r#"{"question": "SP2?", "lang": "fr"}"#.to_owned(),
        ),
        (
            "PATCH",
            format!("/api/checklists/{id}/steps/{step}?lang=fr"),
            json,
            r#"{"done": true}"#.to_owned(),
        ),
        (
            "POST",
            "/api/checklists".to_owned(),
            json,
            json!({ "template": "cms-upgrade", "lang": "fr", "params": {
                "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"],
                "target": "SP2", "cluster_os": "windows-server-2003" } })
            .to_string(),
        ),
    ] {
        let response = from_portuguese_reader(&app, method, &uri, content_type, &body).await;
        assert_json_refusal(&uri, &response);
    }
    for (uri, body) in [
        ("/ask".to_owned(), format!("question={question}&lang=fr")),
        (
            format!("/checklists/{id}/steps/{step}"),
            "action=done&lang=fr".to_owned(),
        ),
        (
            "/checklists".to_owned(),
            "template=cms-upgrade&lang=fr".to_owned(),
        ),
    ] {
        let response = from_portuguese_reader(&app, "POST", &uri, form, &body).await;
        assert_page_refusal(&uri, &response);
    }
    // Nothing was ticked by the refused changes.
    let run = app.get(&format!("/api/checklists/{id}")).await.json();
    assert_eq!(run["progress"]["done"], 0, "{run}");
}

#[tokio::test]
async fn a_refusal_speaks_english_to_a_reader_without_a_supported_accept_language() {
    let app = app();
    for accept in [None, Some("de, fr")] {
        let mut request = Request::get("/api/search?q=cluster&lang=xx-!!");
        if let Some(accept) = accept {
            request = request.header("accept-language", accept);
        }
        let response = app.send(request.body(Body::empty()).unwrap()).await;
        assert_eq!(response.status, 400);
        assert_eq!(
            response.json()["error"]["message"],
            "'xx-!!' is not a valid language tag; use pt-BR or en"
        );
    }
}

#[tokio::test]
async fn a_mistyped_lang_on_an_unknown_path_keeps_the_404() {
    let response = from_portuguese_reader(&app(), "GET", "/no-such-page?lang=fr", "text/plain", "").await;
    assert_eq!(response.status, 404);
    assert!(response.body.contains("<html lang=\"pt-BR\">"));
}

#[tokio::test]
async fn any_portuguese_or_english_tag_is_accepted_everywhere() {
    let app = app();
    for (tag, html) in [("pt-PT", "pt-BR"), ("en-GB", "en"), ("", "pt-BR")] {
        let page =
            from_portuguese_reader(&app, "GET", &format!("/compat?lang={tag}"), "text/plain", "").await;
        assert_eq!(page.status, 200, "{tag}");
        assert!(page.body.contains(&format!("<html lang=\"{html}\">")), "{tag}");
    }
}

#[tokio::test]
async fn a_new_runs_language_is_read_like_any_other_lang() {
    let app = app();
    // The body's `lang` (any tag), then `?lang=`, then `Accept-Language`, then en.
    for (uri, lang, expected) in [
        ("/api/checklists", Some("pt-PT"), "pt-BR"),
        ("/api/checklists?lang=pt-BR", Some("en-GB"), "en"),
        ("/api/checklists?lang=en", None, "en"),
        ("/api/checklists", None, "pt-BR"),
    ] {
        let body = json!({ "template": "cms-upgrade", "lang": lang, "params": {
            "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"],
            "target": "SP2", "cluster_os": "windows-server-2003" } });
        let created = from_portuguese_reader(&app, "POST", uri, "application/json", &body.to_string()).await;
        assert_eq!(created.status, 201, "{uri} {lang:?}: {}", created.body);
        assert_eq!(created.json()["lang"], expected, "{uri} {lang:?}");
    }
    let english = app
        .post(
            "/api/checklists",
            "application/json",
            json!({ "template": "cms-upgrade", "params": {
                "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"],
                "target": "SP2", "cluster_os": "windows-server-2003" } })
            .to_string(),
        )
        .await;
    assert_eq!(english.json()["lang"], "en", "{}", english.body);
}

/// Method, URI, content type and body.
type Sent<'a> = (&'a str, &'a str, &'a str, &'a str);

/// Sends `method uri` with `body` (typed `content_type`) to a reader of `accept_language`.
async fn from_reader(
    app: &TestApp,
    accept_language: &str,
    (method, uri, content_type, body): Sent<'_>,
) -> TestResponse {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("accept-language", accept_language)
        .header("content-type", content_type)
        .body(Body::from(body.to_owned()))
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn every_api_refusal_is_worded_in_the_readers_language() {
    let app = app();
    let (id, step) = run_and_step(&app).await;
    let json = "application/json";
    let step_uri = format!("/api/checklists/{id}/steps/{step}");
    let no_step = format!("/api/checklists/{id}/steps/nowhere");
    let run = |params: serde_json::Value| json!({"template": "cms-upgrade", "params": params}).to_string();
    let create_unknown = json!({"template": "nope", "params": {}}).to_string();
    let create_missing = run(json!({"cluster_type": "ccr"}));
    let create_choice = run(json!({"cluster_type": "xyz"}));
    let huge = format!("{{\"question\": \"{}\"}}", "x".repeat(70_000));
    // (request, status, code, words the Portuguese message has)
    let cases: Vec<(Sent, u16, &str, &str)> = vec![
        (
            ("GET", "/api/search?q=a&limit=0", "", ""),
            400,
            "invalid_parameter",
            "número inteiro",
        ),
        (
            ("GET", "/api/search?q=a&q=b", "", ""),
            400,
            "invalid_query",
            "malformada",
        ),
        (
            ("GET", "/api/compat?admin_os=os2", "", ""),
            400,
            "invalid_parameter",
            "deve ser um de",
        ),
        (
            ("POST", "/api/answer", json, r#"{"question": " "}"#),
            400,
            "empty_question",
            "não pode ficar em branco",
        ),
        (
            ("POST", "/api/answer", json, "{"),
            400,
            "malformed_json",
            "não é JSON válido",
        ),
        (
            ("POST", "/api/answer", json, r#"{"question": 5}"#),
            422,
            "invalid_value",
            "tipo errado",
        ),
        (
            ("POST", "/api/answer", "text/plain", "{}"),
            415,
            "unsupported_media_type",
            "envie o corpo",
        ),
        (
            ("POST", "/api/answer", json, &huge),
            413,
            "payload_too_large",
            "grande demais",
        ),
        (
            ("PATCH", &step_uri, json, "{}"),
            422,
            "invalid_value",
            "ao menos um",
        ),
        (
            ("PATCH", &step_uri, json, r#"{"skipped": true}"#),
            422,
            "invalid_value",
            "por que a etapa",
        ),
        (
            (
                "PATCH",
                &step_uri,
                json,
                r#"{"done": true, "skipped": true, "reason": "r"}"#,
            ),
            422,
            "invalid_value",
            "feita e pulada",
        ),
        (
            ("PATCH", &no_step, json, r#"{"done": true}"#),
            404,
            "not_found",
            "não há etapa",
        ),
        (
            ("GET", "/api/checklists/nope", "", ""),
            404,
            "not_found",
            "não há checklist",
        ),
        (("GET", "/api/nowhere", "", ""), 404, "not_found", "não há rota"),
        (
            ("POST", "/api/search", json, "{}"),
            405,
            "method_not_allowed",
            "não é permitido",
        ),
        (
            ("POST", "/api/checklists", json, &create_unknown),
            422,
            "invalid_value",
            "modelo desconhecido",
        ),
        (
            ("POST", "/api/checklists", json, &create_missing),
            422,
            "invalid_value",
            "obrigatório",
        ),
        (
            ("POST", "/api/checklists", json, &create_choice),
            422,
            "invalid_value",
            "deve ser um de",
        ),
    ];
    for (request, status, code, words) in cases {
        let pt = from_reader(&app, "pt-BR,pt;q=0.9", request).await;
        let en = from_reader(&app, "en-US", request).await;
        let what = format!(
            "{} {}",
            request.0,
            crate::helpers::enc(&request.1[..request.1.len().min(80)])
        );
        for response in [&pt, &en] {
            assert_eq!(response.status, status, "{what}: {}", response.body);
            assert_eq!(response.json()["error"]["code"], code, "{what}");
        }
        let (pt, en) = (
            pt.json()["error"]["message"].clone(),
            en.json()["error"]["message"].clone(),
        );
        assert!(pt.as_str().unwrap().contains(words), "{what}: {pt}");
        assert_ne!(pt, en, "{what}: the same words for both readers");
        // `?lang=` outranks Accept-Language, as for every other refusal.
        if !request.1.contains('?') && request.0 != "POST" {
            let uri = format!("{}?lang=pt-BR", request.1);
            let asked = from_reader(&app, "en", (request.0, &uri, request.2, request.3)).await;
            assert_eq!(asked.json()["error"]["message"], pt, "{what}");
        }
    }

    // A database outage, whatever the request: the reader's language too.
    use axum::response::IntoResponse;
    use docdesk::{error::AppError, lang::Lang};
    let outage = docdesk::lang::speaking(Lang::PtBr, async {
        AppError::Unavailable("connection refused".into()).into_response()
    })
    .await;
    assert_eq!(outage.status(), 503);
    let body = http_body_util::BodyExt::collect(outage.into_body())
        .await
        .unwrap()
        .to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["code"], "database_unavailable");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("indisponível") && !message.contains("refused"),
        "{message}"
    );
}
