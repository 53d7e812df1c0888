//! The input limits are the operator's: a server started with lower ones
//! refuses just over each (naming the field, in both languages), takes a
//! request at each, and its OpenAPI document and MCP tools state them; a
//! limit of 0 is refused at start.

use docdesk::limits::Limits;
use serde_json::{Value, json};

use crate::helpers::{SpawnedApp, repo_root, spawn_app_with};

/// Every input limit lowered, each to a different number, so that a
/// refusal quoting one cannot be another's.
const LOW: Limits = Limits {
    body_bytes: 4096,
    query_chars: 20,
    question_chars: 30,
    list_items: 3,
    text_chars: 10,
    by_chars: 5,
    note_chars: 40,
};

async fn low_server() -> SpawnedApp {
    spawn_app_with(&repo_root().join("content"), |settings| settings.limits = LOW).await
}

/// A request's status and JSON body.
async fn sent(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

/// Asserts a refusal: its status, the field it names and a message in
/// `lang` that quotes `max` and the unit.
fn assert_refused((status, body): &(u16, Value), expected: u16, field: &str, lang: &str, max: usize) {
    assert_eq!(*status, expected, "{field} in {lang}: {body}");
    let error = &body["error"];
    assert_eq!(error["field"], field, "{error}");
    let message = error["message"].as_str().unwrap_or_default();
    let words: &[&str] = match lang {
        "en" => &["at most", "characters", "items", "bytes"],
        _ => &["no máximo", "caracteres", "itens", "bytes"],
    };
    assert!(
        message.contains(words[0])
            && words[1..].iter().any(|unit| message.contains(unit))
            && message.contains(&format!(" {max} ")),
        "{field} in {lang}: {message}"
    );
}

fn cms_upgrade(active: &str, passive: &[String]) -> Value {
    json!({
        "template": "cms-upgrade",
        "params": {
            "cluster_type": "scc", "active_node": active, "passive_nodes": passive,
            "target": "SP2", "cluster_os": "windows-server-2003"
        }
    })
}

fn nodes(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("EX{i}")).collect()
}

#[tokio::test]
async fn lowered_limits_refuse_just_over_each_and_take_each_at_its_bound() {
    let server = low_server().await;
    let http = reqwest::Client::new();
    let at = |n: usize| "a".repeat(n);
    for lang in ["en", "pt-BR"] {
        let search = |q: String| http.get(server.url(&format!("/api/search?lang={lang}&q={q}")));
        assert_refused(
            &sent(search(at(LOW.query_chars + 1))).await,
            400,
            "q",
            lang,
            LOW.query_chars,
        );

        let ask = |question: String| {
            http.post(server.url("/api/answer"))
                .json(&json!({ "question": question, "lang": lang }))
        };
        let over = sent(ask(at(LOW.question_chars + 1))).await;
        assert_refused(&over, 400, "question", lang, LOW.question_chars);

        // The body: one byte over is refused before it is read as JSON.
        let padded = |bytes: usize| {
            let mut body = json!({ "question": "exchange", "lang": lang }).to_string();
            body.push_str(&" ".repeat(bytes - body.len()));
            http.post(server.url("/api/answer"))
                .header("content-type", "application/json")
                .header("accept-language", lang)
                .body(body)
        };
        assert_refused(
            &sent(padded(LOW.body_bytes + 1)).await,
            413,
            "body",
            lang,
            LOW.body_bytes,
        );
        let (status, body) = sent(padded(LOW.body_bytes)).await;
        assert_eq!(status, 200, "a body of exactly the limit: {body}");
        // `/mcp` takes the same limit.
        let call =
            json!({"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"pad": at(LOW.body_bytes)}});
        let mcp = http
            .post(server.url("/mcp"))
            .header("accept", "application/json, text/event-stream")
            .header("content-type", "application/json")
            .header("accept-language", lang)
            .body(call.to_string());
        assert_refused(&sent(mcp).await, 413, "body", lang, LOW.body_bytes);

        let create = |body: Value| {
            http.post(server.url(&format!("/api/checklists?lang={lang}")))
                .json(&body)
        };
        let too_many = sent(create(cms_upgrade("EX0", &nodes(LOW.list_items + 1)))).await;
        assert_refused(&too_many, 422, "params.passive_nodes", lang, LOW.list_items);
        let too_long = sent(create(cms_upgrade(&at(LOW.text_chars + 1), &nodes(1)))).await;
        assert_refused(&too_long, 422, "params.active_node", lang, LOW.text_chars);
        let long_item = sent(create(cms_upgrade("EX0", &[at(LOW.text_chars + 1)]))).await;
        assert_refused(&long_item, 422, "params.passive_nodes[0]", lang, LOW.text_chars);
    }

    let http = reqwest::Client::new();
    let (status, _) =
        sent(http.get(server.url(&format!("/api/search?q={}", "a".repeat(LOW.query_chars))))).await;
    assert_eq!(status, 200);
    let (status, body) = sent(
        http.post(server.url("/api/answer"))
            .json(&json!({ "question": "a".repeat(LOW.question_chars) })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The largest run these limits allow: as many nodes as they take, names as long.
    let widest: Vec<String> = (1..=LOW.list_items)
        .map(|i| format!("N{i:0>width$}", width = LOW.text_chars - 1))
        .collect();
    let (status, run) = sent(
        http.post(server.url("/api/checklists"))
            .json(&cms_upgrade(&"A".repeat(LOW.text_chars), &widest)),
    )
    .await;
    assert_eq!(status, 201, "{run}");

    let id = run["id"].as_str().unwrap();
    let step = run["steps"][1]["id"].as_str().unwrap();
    let url = server.url(&format!("/api/checklists/{id}/steps/{step}"));
    for lang in ["en", "pt-BR"] {
        let patch = |body: Value| http.patch(format!("{url}?lang={lang}")).json(&body);
        let over = "x".repeat(LOW.note_chars + 1);
        assert_refused(
            &sent(patch(json!({ "done": true, "by": "x".repeat(LOW.by_chars + 1) }))).await,
            422,
            "by",
            lang,
            LOW.by_chars,
        );
        assert_refused(
            &sent(patch(json!({ "note": over }))).await,
            422,
            "note",
            lang,
            LOW.note_chars,
        );
        assert_refused(
            &sent(patch(json!({ "skipped": true, "reason": over }))).await,
            422,
            "reason",
            lang,
            LOW.note_chars,
        );
    }
    let at_bounds = [
        json!({ "done": true, "by": "x".repeat(LOW.by_chars) }),
        json!({ "note": "x".repeat(LOW.note_chars) }),
        json!({ "done": false, "skipped": true, "reason": "x".repeat(LOW.note_chars) }),
    ];
    for body in at_bounds {
        let (status, answer) = sent(http.patch(&url).json(&body)).await;
        assert_eq!(status, 200, "{body}: {answer}");
    }
}

#[tokio::test]
async fn the_served_schemas_state_the_lowered_limits() {
    let server = low_server().await;
    let doc = server.get_json("/api/openapi.json").await;
    let q = doc["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "q")
        .unwrap();
    assert_eq!(q["schema"]["maxLength"], json!(LOW.query_chars), "{q}");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["AnswerRequest"]["properties"]["question"]["maxLength"],
        json!(LOW.question_chars)
    );
    let patch = &schemas["StepPatch"]["properties"];
    assert_eq!(patch["by"]["maxLength"], json!(LOW.by_chars), "{patch}");
    assert_eq!(patch["note"]["maxLength"], json!(LOW.note_chars), "{patch}");
    assert_eq!(patch["reason"]["maxLength"], json!(LOW.note_chars), "{patch}");
    let params = &schemas["CreateRequest"]["properties"]["params"]["oneOf"][0]["properties"];
    // The template declares 15 characters and 7 nodes; the server's lower bounds win.
    assert_eq!(
        params["active_node"]["maxLength"],
        json!(LOW.text_chars),
        "{params}"
    );
    assert_eq!(
        params["passive_nodes"]["maxItems"],
        json!(LOW.list_items),
        "{params}"
    );
    assert_eq!(
        params["passive_nodes"]["items"]["maxLength"],
        json!(LOW.text_chars),
        "{params}"
    );

    let client = crate::mcp::http_client(&server).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    let input = |name: &str| {
        let tool = tools.iter().find(|t| t.name == name).unwrap();
        Value::Object((*tool.input_schema).clone())
    };
    assert_eq!(
        input("search_docs")["properties"]["q"]["maxLength"],
        json!(LOW.query_chars)
    );
    assert_eq!(
        input("answer_question")["properties"]["question"]["maxLength"],
        json!(LOW.question_chars)
    );
    let update = input("update_step");
    for (field, max) in [
        ("by", LOW.by_chars),
        ("note", LOW.note_chars),
        ("reason", LOW.note_chars),
    ] {
        assert_eq!(update["properties"][field]["maxLength"], json!(max), "{update}");
    }
    let create = input("create_checklist");
    let nodes = &create["properties"]["params"]["properties"]["passive_nodes"];
    assert_eq!(nodes["maxItems"], json!(LOW.list_items), "{nodes}");
    assert_eq!(nodes["items"]["maxLength"], json!(LOW.text_chars), "{nodes}");
    // And a tool call over a limit is refused as the API refuses it.
    let over = json!({ "q": "a".repeat(LOW.query_chars + 1) });
    let message = crate::mcp::refused(&client, "search_docs", over, "q").await;
    assert!(
        message.contains(&format!("at most {} characters", LOW.query_chars)),
        "{message}"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn docdesk_mcp_takes_the_same_limits() {
    let data = tempfile::tempdir().unwrap();
    let client = crate::mcp::stdio_client(data.path(), &["--max-query-chars", "7"]).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    let search = tools.iter().find(|t| t.name == "search_docs").unwrap();
    assert_eq!(search.input_schema["properties"]["q"]["maxLength"], json!(7));
    let message = crate::mcp::refused(&client, "search_docs", json!({ "q": "exchange" }), "q").await;
    assert!(message.contains("at most 7 characters"), "{message}");
    client.cancel().await.ok();
}

#[test]
fn a_limit_of_zero_or_a_word_is_refused_at_start_naming_the_flag() {
    let data = tempfile::tempdir().unwrap();
    let flags = [
        "--max-body-bytes",
        "--max-query-chars",
        "--max-question-chars",
        "--max-list-items",
        "--max-text-chars",
        "--max-by-chars",
        "--max-note-chars",
    ];
    let start = |configure: &dyn Fn(&mut std::process::Command)| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_docdesk"));
        command
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data.path())
            .current_dir(repo_root());
        configure(&mut command);
        command.output().expect("the binary runs")
    };
    for flag in flags {
        for value in ["0", "many"] {
            let output = start(&|command| {
                command.args([flag, value]);
            });
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{flag} {value}: {stderr}");
            assert!(
                stderr.contains(flag) && stderr.contains("not a whole number of at least 1"),
                "{flag} {value}: {stderr}"
            );
        }
        // The same through the environment.
        let variable = format!("DOCDESK_{}", flag[2..].replace('-', "_").to_uppercase());
        let output = start(&|command| {
            command.env(&variable, "0");
        });
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{variable}=0: {stderr}");
        assert!(stderr.contains(flag), "{variable}=0: {stderr}");
    }
}
