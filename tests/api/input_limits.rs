//! Every input is bounded: a request over a limit is a 4xx naming the field,
//! in the request's language, refused before any work grows with it.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, TestResponse, app};

fn scc(passive_nodes: &[String]) -> Value {
    json!({
        "template": "cms-upgrade",
        "lang": "pt-BR",
        "params": {
            "cluster_type": "scc", "active_node": "EX0", "passive_nodes": passive_nodes,
            "target": "SP2", "cluster_os": "windows-server-2003"
        }
    })
}

fn nodes(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("EX{i}")).collect()
}

async fn create(app: &TestApp, body: &Value) -> TestResponse {
    app.post("/api/checklists", "application/json", body.to_string())
        .await
}

#[tokio::test]
async fn a_search_query_is_at_most_500_characters_refused_in_the_readers_language() {
    let app = app();
    let at_limit = "a".repeat(500);
    let over = "a".repeat(501);
    let ok = app.get(&format!("/api/search?q={at_limit}")).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    for (lang, word) in [("pt-BR", "caracteres"), ("en", "characters")] {
        let refused = app.get(&format!("/api/search?lang={lang}&q={over}")).await;
        assert_eq!(refused.status, 400, "{}", refused.body);
        let error = &refused.json()["error"];
        assert_eq!(error["code"], "query_too_long");
        assert_eq!(error["field"], "q");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains("500") && message.contains(word), "{message}");
    }
    let page = app.get_with_language(&format!("/search?q={over}"), "pt-BR").await;
    assert_eq!(page.status, 400);
    assert!(
        page.body.contains("lang=\"pt-BR\"") && page.body.contains("no máximo 500"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn an_empty_or_over_long_question_is_refused_in_the_readers_language() {
    let app = app();
    let long = "a".repeat(2001);
    for (body, accept, code, wording) in [
        (
            json!({ "question": " " }),
            "pt-BR",
            "empty_question",
            "a pergunta não pode ficar em branco",
        ),
        (
            json!({ "question": " ", "lang": "en" }),
            "pt-BR",
            "empty_question",
            "the question must not be empty",
        ),
        (
            json!({ "question": long }),
            "pt-BR",
            "question_too_long",
            "no máximo 2000 caracteres são aceitos",
        ),
        (
            json!({ "question": long }),
            "en",
            "question_too_long",
            "at most 2000 characters are accepted",
        ),
    ] {
        let request = axum::http::Request::post("/api/answer")
            .header("content-type", "application/json")
            .header("accept-language", accept)
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        let refused = app.send(request).await;
        assert_eq!(refused.status, 400, "{}", refused.body);
        let error = &refused.json()["error"];
        assert_eq!(error["code"], code, "{error}");
        assert_eq!(error["field"], "question", "{error}");
        assert_eq!(error["message"], wording, "{error}");
    }
}

#[tokio::test]
async fn a_run_takes_at_most_the_declared_number_of_passive_nodes() {
    let app = app();
    // The largest valid run is created, read and patched in bounded time.
    let started = Instant::now();
    let created = create(&app, &scc(&nodes(7))).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let run = created.json();
    let id = run["id"].as_str().unwrap();
    let patched = app
        .patch(
            &format!("/api/checklists/{id}/steps/upgrade-passive-ex7"),
            json!({"done": true, "by": "ana"}).to_string(),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    let refused = create(&app, &scc(&nodes(8))).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let error = &refused.json()["error"];
    assert_eq!(error["field"], "params.passive_nodes");
    assert!(
        error["message"].as_str().unwrap().contains("no máximo 7"),
        "{error}"
    );

    // A list as long as the body limit allows is refused at once, not expanded.
    let started = Instant::now();
    let huge = create(&app, &scc(&nodes(6000))).await;
    assert_eq!(huge.status, 422, "{}", huge.body);
    assert_eq!(huge.json()["error"]["field"], "params.passive_nodes");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn notes_reasons_and_names_have_bounds_named_in_the_readers_language() {
    let app = app();
    let created = create(&app, &scc(&nodes(1))).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let step = format!("/api/checklists/{id}/steps/upgrade-passive-ex1");
    for (body, field) in [
        (json!({"note": "x".repeat(4001)}), "note"),
        (json!({"skipped": true, "reason": "x".repeat(4001)}), "reason"),
        (json!({"done": true, "by": "x".repeat(101)}), "by"),
    ] {
        let response = app
            .send(
                axum::http::Request::patch(&step)
                    .header("content-type", "application/json")
                    .header("accept-language", "pt-BR")
                    .body(axum::body::Body::from(body.to_string()))
                    .unwrap(),
            )
            .await;
        assert_eq!(response.status, 422, "{field}: {}", response.body);
        let error = &response.json()["error"];
        assert_eq!(error["field"], field);
        assert!(
            error["message"].as_str().unwrap().contains("no máximo"),
            "{error}"
        );
    }
    let english = app
        .patch(
            &format!("{step}?lang=en"),
            json!({"note": "x".repeat(4001)}).to_string(),
        )
        .await;
    assert!(
        english.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 4000")
    );
    let ok = app
        .patch(&step, json!({"note": "x".repeat(4000)}).to_string())
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    // Nothing over a limit was stored: the audit has the creation and the one note.
    let audit = app.get(&format!("/api/checklists/{id}/audit")).await.json();
    assert_eq!(audit["events"].as_array().unwrap().len(), 2, "{audit}");
}
