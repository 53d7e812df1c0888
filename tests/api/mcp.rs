//! The MCP server through the SDK's own client, over stdio (`docdesk mcp` as a
//! child process) and Streamable HTTP (`/mcp` on a real server): every tool,
//! bad arguments, resources, the read-only setting and Origin validation.

use rmcp::model::{CallToolRequestParams, CallToolResult, ReadResourceRequestParams};
use rmcp::service::{RunningService, ServiceError};
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};
use tokio::process::Command;

use crate::helpers::{SpawnedApp, repo_root, spawn_app};

type Client = RunningService<RoleClient, ()>;

const ALL_TOOLS: [&str; 6] = [
    "search_docs",
    "answer_question",
    "check_compatibility",
    "get_checklist",
    "create_checklist",
    "update_step",
];

/// `docdesk mcp` as a child process, with its own data directory.
pub(crate) async fn stdio_client(data_dir: &std::path::Path, extra: &[&str]) -> Client {
    let mut command = Command::new(env!("CARGO_BIN_EXE_docdesk"));
    command
        .arg("mcp")
        .arg("--content")
        .arg(repo_root().join("content"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(extra)
        .env("RUST_LOG", "warn");
    let transport = TokioChildProcess::new(command).expect("docdesk mcp starts");
    ().serve(transport).await.expect("stdio handshake")
}

pub(crate) async fn http_client(app: &SpawnedApp) -> Client {
    let transport = StreamableHttpClientTransport::from_uri(app.url("/mcp"));
    ().serve(transport).await.expect("HTTP handshake")
}

fn arguments(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("arguments must be an object, not {other}"),
    }
}

pub(crate) async fn call(client: &Client, tool: &str, args: Value) -> Result<CallToolResult, ServiceError> {
    let params = CallToolRequestParams::new(tool.to_owned()).with_arguments(arguments(args));
    client.call_tool(params).await
}

/// A successful call's structured result, which must equal its text content.
async fn ok(client: &Client, tool: &str, args: Value) -> Value {
    let result = call(client, tool, args.clone()).await.expect("call answered");
    assert_ne!(result.is_error, Some(true), "{tool} {args} failed: {result:?}");
    let structured = result.structured_content.clone().expect("structured content");
    let text = result.content[0].as_text().expect("text content").text.clone();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), structured);
    structured
}

/// A call refused for its arguments: a tool error whose message names `argument`.
/// A refused call names `argument`; returns the refusal's text.
pub(crate) async fn refused(client: &Client, tool: &str, args: Value, argument: &str) -> String {
    let result = call(client, tool, args.clone()).await.expect("call answered");
    assert_eq!(
        result.is_error,
        Some(true),
        "{tool} {args} should fail: {result:?}"
    );
    let text = &result.content[0].as_text().expect("text content").text;
    assert!(
        text.contains(&format!("`{argument}`")),
        "{tool} {args}: {text} does not name {argument}"
    );
    text.clone()
}

fn without_timing(mut results: Value) -> Value {
    results.as_object_mut().unwrap().remove("took_ms");
    results
}

/// Calls every tool, good and bad, and reads the resources; returns the
/// structured results of the reading tools for comparison with `/api/*`.
async fn exercise(client: &Client, writing: bool) -> (Value, Value, Value) {
    let tools = client.list_all_tools().await.expect("tools/list");
    let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    names.sort_unstable();
    let mut expected: Vec<&str> = ALL_TOOLS
        .iter()
        .copied()
        .filter(|t| writing || !["create_checklist", "update_step"].contains(t))
        .collect();
    expected.sort_unstable();
    assert_eq!(names, expected);
    for tool in &tools {
        assert!(tool.output_schema.is_some(), "{} has no output schema", tool.name);
        assert!(tool.description.as_ref().is_some_and(|d| d.len() > 100));
    }
    // Dimension values come from the content.
    let compat = tools.iter().find(|t| t.name == "check_compatibility").unwrap();
    let admin_os = &compat.input_schema["properties"]["admin_os"]["enum"];
    assert!(
        admin_os.as_array().unwrap().contains(&json!("windows-xp")),
        "{admin_os}"
    );

    let search = ok(
        client,
        "search_docs",
        json!({"q": "servidro passivo", "lang": "pt-BR", "limit": 3}),
    )
    .await;
    let hits = search["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3, "{search}");
    assert!(hits[0]["url"].as_str().unwrap().starts_with("/docs/pt-BR/"));

    let answer = ok(
        client,
        "answer_question",
        json!({"question": "dá pra gerenciar o cluster do 2008 pelo XP?"}),
    )
    .await;
    assert_eq!(answer["verdict"], "no", "{answer}");
    assert_eq!(answer["lang"], "pt-BR");
    assert!(!answer["citations"].as_array().unwrap().is_empty());

    let compat_answer = ok(
        client,
        "check_compatibility",
        json!({"tools_version": "SP2", "admin_os": "windows-server-2003", "cluster_os": "windows-server-2008", "lang": "en", "cms_version": null}),
    )
    .await;
    assert_eq!(compat_answer["intent"], "management_compatibility");
    assert!(!compat_answer["citations"].as_array().unwrap().is_empty());

    // Bad arguments are tool errors naming the argument.
    refused(client, "search_docs", json!({"q": "x", "limit": 0}), "limit").await;
    refused(client, "search_docs", json!({"q": "x", "limit": "many"}), "limit").await;
    refused(client, "search_docs", json!({"q": "x", "lang": "fr"}), "lang").await;
    refused(client, "search_docs", json!({"q": 42}), "q").await;
    refused(client, "answer_question", json!({}), "question").await;
    refused(client, "answer_question", json!({"question": "   "}), "question").await;
    // Worded in the call's language.
    let long = "a".repeat(2001);
    for (args, wording) in [
        (
            json!({"question": "   ", "lang": "pt-BR"}),
            "a pergunta não pode ficar em branco",
        ),
        (json!({"question": "   "}), "the question must not be empty"),
        (
            json!({"question": long, "lang": "pt-BR"}),
            "no máximo 2000 caracteres",
        ),
        (json!({"question": long}), "at most 2000 characters"),
    ] {
        let text = refused(client, "answer_question", args, "question").await;
        assert!(text.contains(wording), "{text}");
    }
    refused(
        client,
        "answer_question",
        json!({"question": "ok?", "colour": "red"}),
        "colour",
    )
    .await;
    refused(
        client,
        "check_compatibility",
        json!({"admin_os": "windows-7"}),
        "admin_os",
    )
    .await;
    refused(client, "check_compatibility", json!({"colour": "red"}), "colour").await;
    refused(client, "get_checklist", json!({}), "id").await;

    // An unknown tool is a protocol error.
    let unknown = call(client, "format_disk", json!({})).await;
    assert!(matches!(unknown, Err(ServiceError::McpError(_))), "{unknown:?}");

    if writing {
        // The checklist parameters are the template's declaration.
        let create = tools.iter().find(|t| t.name == "create_checklist").unwrap();
        let params = &create.input_schema["properties"]["params"];
        assert_eq!(
            params["properties"]["cluster_os"]["enum"],
            json!(["windows-server-2003", "windows-server-2008"])
        );
        assert!(
            params["required"]
                .as_array()
                .unwrap()
                .contains(&json!("active_node")),
            "{params}"
        );
        let run = ok(
            client,
            "create_checklist",
            json!({"template": "cms-upgrade", "lang": "en", "params": {
                "cluster_type": "scc", "active_node": "EX1", "passive_nodes": ["EX2", "EX3"],
                "target": "SP2", "cluster_os": "windows-server-2003"}}),
        )
        .await;
        let id = run["id"].as_str().unwrap().to_owned();
        assert_eq!(run["url"], format!("/checklists/{id}"));
        let first_step = run["steps"][0]["id"].as_str().unwrap().to_owned();

        let read = ok(client, "get_checklist", json!({"id": id, "lang": "pt-BR"})).await;
        assert_eq!(read["lang"], "pt-BR");
        assert_eq!(
            read["steps"].as_array().unwrap().len(),
            run["steps"].as_array().unwrap().len()
        );

        let ticked = ok(
            client,
            "update_step",
            json!({"id": id, "step": first_step, "done": true, "by": "ana"}),
        )
        .await;
        assert_eq!(ticked["progress"]["done"], 1, "{ticked}");
        assert_eq!(ticked["steps"][0]["done_by"], "ana");
        // Idempotent: the same change again leaves the run as it was.
        let again = ok(
            client,
            "update_step",
            json!({"id": id, "step": first_step, "done": true, "by": "ana"}),
        )
        .await;
        assert_eq!(again["progress"], ticked["progress"]);

        refused(
            client,
            "create_checklist",
            json!({"template": "cms-upgrade", "params": {
                "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2", "EX3"],
                "target": "SP2", "cluster_os": "windows-server-2003"}}),
            "params.passive_nodes",
        )
        .await;
        refused(
            client,
            "create_checklist",
            json!({"template": "cms-upgrade"}),
            "params",
        )
        .await;
        refused(
            client,
            "update_step",
            json!({"id": id, "step": first_step, "skipped": true}),
            "reason",
        )
        .await;
        refused(
            client,
            "update_step",
            json!({"id": id, "step": first_step, "done": "yes"}),
            "done",
        )
        .await;
        let missing = call(client, "get_checklist", json!({"id": "no-such-run"}))
            .await
            .unwrap();
        assert_eq!(missing.is_error, Some(true));
    } else {
        let refused = call(client, "create_checklist", json!({"template": "cms-upgrade"})).await;
        assert!(matches!(refused, Err(ServiceError::McpError(_))), "{refused:?}");
    }

    // Every section is a Markdown resource.
    let resources = client.list_all_resources().await.expect("resources/list");
    assert!(resources.len() >= 10, "{} resources", resources.len());
    let resource = resources
        .iter()
        .find(|r| r.uri == "docdesk://docs/en/upgrade-clustered-mailbox-servers#cross-os-management")
        .expect("the cross-OS management section is listed");
    assert_eq!(resource.mime_type.as_deref(), Some("text/markdown"));
    let read = client
        .read_resource(ReadResourceRequestParams::new(resource.uri.clone()))
        .await
        .expect("resources/read");
    let text = serde_json::to_value(&read.contents[0]).unwrap();
    assert!(
        text["text"]
            .as_str()
            .unwrap()
            .starts_with("### Remote administration"),
        "{text}"
    );
    assert_eq!(text["mimeType"], "text/markdown");
    let missing = client
        .read_resource(ReadResourceRequestParams::new(
            "docdesk://docs/en/upgrade-clustered-mailbox-servers#nowhere",
        ))
        .await;
    assert!(matches!(missing, Err(ServiceError::McpError(_))), "{missing:?}");

    (without_timing(search), answer, compat_answer)
}

#[tokio::test]
async fn every_tool_over_stdio() {
    let data_dir = tempfile::tempdir().unwrap();
    let client = stdio_client(data_dir.path(), &[]).await;
    exercise(&client, true).await;
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn read_only_stdio_leaves_out_the_writing_tools() {
    let data_dir = tempfile::tempdir().unwrap();
    let client = stdio_client(data_dir.path(), &["--mcp-read-only"]).await;
    exercise(&client, false).await;
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn every_tool_over_http_answers_as_the_api() {
    let app = spawn_app().await;
    let client = http_client(&app).await;
    let (search, answer, compat) = exercise(&client, true).await;
    client.cancel().await.unwrap();

    let api_search = app
        .get_json("/api/search?q=servidro%20passivo&lang=pt-BR&limit=3")
        .await;
    assert_eq!(search, without_timing(api_search));
    let api_compat = app
        .get_json("/api/compat?tools_version=SP2&admin_os=windows-server-2003&cluster_os=windows-server-2008&lang=en")
        .await;
    assert_eq!(compat, api_compat);
    let question = json!({"question": "dá pra gerenciar o cluster do 2008 pelo XP?"});
    assert_eq!(answer, app.post_json("/api/answer", &question).await);
}

fn initialize() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "origin-test", "version": "1"}}})
}

#[tokio::test]
async fn http_refuses_foreign_origins() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    let post = |origin: Option<String>| {
        let mut request = http
            .post(app.url("/mcp"))
            .header("accept", "application/json, text/event-stream")
            .json(&initialize());
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    // A page elsewhere (DNS rebinding) is refused; a local page and a non-browser client are not.
    assert_eq!(post(Some("http://evil.example".into())).await, 403);
    assert_eq!(
        post(Some(format!("http://127.0.0.1:{}", app.address.port()))).await,
        200
    );
    assert_eq!(post(None).await, 200);
}

/// The virtual environment `.ci/run` creates with the official MCP Python SDK.
fn python_sdk() -> Option<std::path::PathBuf> {
    let python = repo_root().join(".ci/venv/bin/python");
    if python.exists() {
        return Some(python);
    }
    // CI always creates it, so there a missing one is a failure, not a skip.
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing: .ci/run must create it",
        python.display()
    );
    eprintln!(
        "SKIPPED python_sdk_client_agrees_with_the_api: no {} (create it with \
         `python3 -m venv .ci/venv && .ci/venv/bin/pip install -r .ci/python-requirements.txt`)",
        python.display()
    );
    None
}

#[tokio::test]
async fn python_sdk_client_agrees_with_the_api() {
    let Some(python) = python_sdk() else {
        return;
    };
    let app = spawn_app().await;
    let output = Command::new(python)
        .arg(repo_root().join("tests/mcp_python/check_mcp.py"))
        .arg(app.url(""))
        .arg(env!("CARGO_BIN_EXE_docdesk"))
        .arg(repo_root().join("content"))
        .arg(app.data_dir.path().join("data"))
        .arg(repo_root().join("tests/eval"))
        .output()
        .await
        .expect("python runs");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the MCP Python SDK disagrees:\n{report}");
    assert!(report.contains("all agree"), "{report}");
}

/// A request to `/mcp` and how it is refused.
type Refused<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str, (u16, &'a str, &'a str));

/// The transport's refusals (wrong method, `Accept`, `Content-Type` or
/// `Host`, a body that is no JSON-RPC message, one over the body limit) are
/// the API's JSON errors in the reader's language, as on every other route
/// (they were English plain text); the protocol's own JSON-RPC errors pass
/// unchanged.
#[tokio::test]
async fn http_refusals_are_json_errors_in_the_readers_language() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    let both = "application/json, text/event-stream";
    let json_type = "application/json";
    let message = initialize().to_string();
    let oversized =
        json!({"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"pad": "x".repeat(70_000)}})
            .to_string();
    // Method, headers, body; then the status, code and Portuguese wording expected.
    let cases: [Refused; 6] = [
        (
            "GET",
            vec![("accept", both)],
            "",
            (405, "method_not_allowed", "GET não é permitido"),
        ),
        (
            "POST",
            vec![("content-type", json_type)],
            &message,
            (406, "not_acceptable", "aceite application/json"),
        ),
        (
            "POST",
            vec![("accept", both), ("content-type", "text/plain")],
            &message,
            (415, "unsupported_media_type", "envie o corpo como JSON"),
        ),
        (
            "POST",
            vec![("accept", both), ("content-type", json_type)],
            "not json",
            (400, "malformed_json", "não é uma mensagem JSON-RPC: expected"),
        ),
        (
            "POST",
            vec![
                ("accept", both),
                ("content-type", json_type),
                ("host", "evil.example"),
            ],
            &message,
            (403, "host_not_allowed", "não responde pelo host 'evil.example'"),
        ),
        (
            "POST",
            vec![("accept", both), ("content-type", json_type)],
            &oversized,
            (413, "payload_too_large", "grande demais"),
        ),
    ];
    for (method, headers, body, (status, code, worded)) in cases {
        for lang in ["pt-BR", "en"] {
            let mut request = http
                .request(method.parse().unwrap(), app.url("/mcp"))
                .header("accept-language", lang)
                .body(body.to_owned());
            for (name, value) in &headers {
                request = request.header(*name, *value);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status().as_u16(), status, "{method} {headers:?}");
            if status == 405 {
                assert_eq!(response.headers()["allow"], "POST");
            }
            let error: Value = response.json().await.unwrap();
            assert_eq!(error["error"]["code"], code, "{error}");
            let said = error["error"]["message"].as_str().unwrap();
            // The same refusal, worded for each reader.
            assert_eq!(said.contains(worded), lang == "pt-BR", "{lang}: {said}");
        }
    }
    let unknown_tool = http
        .post(app.url("/mcp"))
        .header("accept", both)
        .json(&json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "nope"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_tool.status(), 200);
    let answer: Value = unknown_tool.json().await.unwrap();
    assert_eq!(answer["id"], 7, "a JSON-RPC error, for the MCP client: {answer}");
    assert!(answer["error"]["code"].is_i64(), "{answer}");
}
