//! Endpoint inputs, through the whole router in-process (`oneshot`): query
//! strings on every page and API route, question bodies, checklist creation
//! as JSON and as a form, PATCH bodies and step forms. Never a 5xx; every
//! refusal under `/api/` (and of the exports) is a JSON error with a code.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::Request;
use docdesk::limits::Limits;
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::{Value, json};
use tokio::runtime::Runtime;

use super::{CASE_BOUND, any_text, config, lang_tag, text, timed, words_text};
use crate::helpers::{TestApp, TestResponse, app, enc};

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime builds")
}

/// Runs `cases` cases of `strategy` through `test`; panics with the
/// smallest failing input.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(config(cases));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

/// Sends `request` and checks what every answer must be: not a 5xx, in
/// bounded time, and under `/api/` (and for the exports, which are
/// downloads) a refusal is a JSON error with a code and a message.
fn send(rt: &Runtime, app: &TestApp, request: Request<Body>) -> Result<TestResponse, TestCaseError> {
    let what = format!("{} {}", request.method(), request.uri());
    let path = request.uri().path().to_owned();
    let (response, took) =
        timed(|| rt.block_on(async { tokio::time::timeout(CASE_BOUND, app.send(request)).await }));
    let response =
        response.map_err(|_| TestCaseError::fail(format!("{what}: no answer within {CASE_BOUND:?}")))?;
    prop_assert!(took < CASE_BOUND, "{what}: {took:?}");
    prop_assert!(
        !response.status.is_server_error(),
        "{what}: {} {}",
        response.status,
        response.body
    );
    let json_errors =
        path.starts_with("/api/") || path.ends_with("/export.md") || path.ends_with("/export.json");
    if json_errors && response.status.is_client_error() {
        let body: Value = serde_json::from_str(&response.body)
            .map_err(|e| TestCaseError::fail(format!("{what}: not JSON ({e}): {}", response.body)))?;
        prop_assert!(body["error"]["code"].is_string(), "{what}: {}", response.body);
        prop_assert!(body["error"]["message"].is_string(), "{what}: {}", response.body);
    }
    Ok(response)
}

/// Posts a url-encoded form to a page route: answered with a redirect (the
/// change made) or an HTML page (the form or an error page), never JSON.
fn post_form(rt: &Runtime, app: &TestApp, uri: &str, body: Vec<u8>) -> Result<TestResponse, TestCaseError> {
    let form = request(
        "POST",
        uri,
        &[("content-type", "application/x-www-form-urlencoded")],
        body,
    )?;
    let response = send(rt, app, form)?;
    if !response.status.is_redirection() {
        prop_assert!(
            response.content_type().starts_with("text/html"),
            "{uri}: {}",
            response.content_type()
        );
    }
    Ok(response)
}

/// A request, or the case rejected when the generated URI or header is not
/// one HTTP can carry.
fn request(
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> Result<Request<Body>, TestCaseError> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.into())
        .map_err(|e| TestCaseError::reject(format!("not an HTTP request: {e}")))
}

/// Every byte percent-encoded, UTF-8 or not.
fn percent_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..24)
        .prop_map(|bytes| bytes.iter().map(|b| format!("%{b:02X}")).collect())
}

/// Pieces of a query string as no encoder writes them.
fn raw_query_piece() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "%", "%%", "%z", "%zz", "%C3", "%C3%28", "%FF%FE", "%00", "+", "=", "==", "&", "&&", ";", "?",
            "/", "a", "q", "lang", "..", "%2F", "%26", "%3D", "[]", "[0]", ",", "'", "!", "$", "*", "~", "-",
            "_",
        ]),
        0..8,
    )
    .prop_map(|pieces| pieces.concat())
}

/// A query-string value, encoded as it would travel.
fn query_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => text(12).prop_map(|v| enc(&v)),
        2 => lang_tag().prop_map(|v| enc(&v)),
        1 => words_text(150).prop_map(|v| enc(&v)),
        1 => percent_bytes(),
        1 => raw_query_piece(),
        1 => prop::sample::select(vec![
            "0", "1", "10", "50", "51", "-1", "99999999999999999999", "1e3", "+5", " 5", "0x10", "NaN",
            "ccr", "scc", "SP1", "SP2", "windows-server-2003", "windows-server-2008", "done", "open", "all",
            "cms-upgrade",
        ])
        .prop_map(str::to_owned),
    ]
}

/// A whole query string: known keys (sometimes twice) and others.
fn query_string() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        6 => prop::sample::select(vec![
            "q", "lang", "limit", "template", "state", "question", "tools_version", "admin_os",
            "cms_version", "cluster_os", "target",
        ])
        .prop_map(str::to_owned),
        1 => text(2).prop_map(|k| enc(&k)),
        1 => raw_query_piece(),
    ];
    prop::collection::vec((key, query_value()), 0..5).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// An `Accept-Language` header, or none.
fn accept_language() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        3 => lang_tag(),
        1 => prop::sample::select(vec!["pt-BR,pt;q=0.9,en;q=0.8", "*;q=0", "en;q=abc", ";;;,,,", "pt;q=1.5"])
            .prop_map(str::to_owned),
    ])
}

/// Any JSON value, nested a few levels, with the keys the API knows among others.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        text(8).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(json_key(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "question", "lang", "template", "params", "done", "skipped", "note", "by", "reason",
            "cluster_type", "active_node", "passive_nodes", "target", "cluster_os", "target_os",
        ])
        .prop_map(str::to_owned),
        1 => text(2),
    ]
}

/// A body no JSON writer would send: bytes, nesting thousands deep, JSON cut short.
fn raw_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        (1..5000usize).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        (1..5000usize).prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)).into_bytes()),
        (json_value(), any::<prop::sample::Index>()).prop_map(|(value, at)| {
            let text = value.to_string().into_bytes();
            let end = at.index(text.len() + 1);
            text[..end].to_vec()
        }),
    ]
}

/// A JSON request's content type: mostly JSON's, sometimes not.
fn json_content_type() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        6 => Just("application/json"),
        1 => prop::sample::select(vec![
            "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/problem+json", "application/jsonx", "",
        ]),
    ]
}

/// A form body: known fields (sometimes twice) and others, encoded or raw.
fn form_body(
    fields: Vec<&'static str>,
    values: impl Strategy<Value = String>,
) -> impl Strategy<Value = Vec<u8>> {
    let key = prop_oneof![5 => prop::sample::select(fields).prop_map(str::to_owned), 1 => text(2)];
    let pairs = prop::collection::vec((key, values), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{}={}", enc(&k), enc(&v)))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    });
    prop_oneof![
        5 => pairs,
        1 => raw_query_piece().prop_map(String::into_bytes),
        1 => percent_bytes().prop_map(|v| format!("note={v}&action=note").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..128),
    ]
}

/// Node names and choice values, valid and not.
fn param_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "ccr", "scc", "SP1", "SP2", "windows-server-2003", "windows-server-2008", "EX1", "EX2",
            "MBX-01", "node-15-chars-x", "node-16-chars-xx", "123", "-", "a b", "EX1,EX2", "EX1; EX2  EX3",
        ])
        .prop_map(str::to_owned),
        2 => text(3),
        1 => (1..260usize).prop_map(|n| "N".repeat(n)),
    ]
}

/// A value of `params`: a text, a list (sometimes longer than any bound),
/// or something else entirely.
fn param_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => param_text().prop_map(Value::String),
        3 => prop::collection::vec(param_text(), 0..10).prop_map(|items| json!(items)),
        1 => (0..80usize, param_text()).prop_map(|(n, item)| json!(vec![item; n])),
        1 => json_value(),
    ]
}

/// The parameters of a valid two-node CCR run.
fn valid_params() -> BTreeMap<String, Value> {
    [
        ("cluster_type", json!("ccr")),
        ("active_node", json!("EX1")),
        ("passive_nodes", json!(["EX2"])),
        ("target", json!("SP2")),
        ("cluster_os", json!("windows-server-2003")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Creates a run for the PATCH and query-string properties: its id and step ids.
fn create_run(rt: &Runtime, app: &TestApp) -> (String, Vec<String>) {
    let body = json!({ "template": "cms-upgrade", "lang": "en", "params": valid_params() });
    let created = rt.block_on(app.post("/api/checklists", "application/json", body.to_string()));
    assert_eq!(created.status, 201, "{}", created.body);
    let run = created.json();
    let steps = run["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["id"].as_str().expect("step id").to_owned())
        .collect();
    (run["id"].as_str().expect("run id").to_owned(), steps)
}

#[test]
fn any_query_string_and_accept_language_on_every_get_route() {
    let rt = runtime();
    let app = app();
    let (run_id, _) = create_run(&rt, &app);
    let routes: Vec<String> = [
        "/",
        "/search",
        "/api/search",
        "/ask",
        "/compat",
        "/api/compat",
        "/api/compat/matrix",
        "/api/compat/matrix.csv",
        "/checklists",
        "/checklists/new",
        "/docs/en/",
        "/docs/pt-BR",
        "/docs/en/upgrade-clustered-mailbox-servers",
        "/docs/pt-BR/upgrade-clustered-mailbox-servers",
        "/docs/pt-BR/no-such-document",
        "/sitemap.xml",
        "/healthz",
        "/api/checklists/no-such-run",
        "/static/no-such-file.css",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(["", "/export.md", "/export.json"].map(|tail| format!("/checklists/{run_id}{tail}")))
    .chain(["", "/audit"].map(|tail| format!("/api/checklists/{run_id}{tail}")))
    .collect();
    let strategy = (prop::sample::select(routes), query_string(), accept_language());
    run(192, strategy, |(route, query, accept)| {
        let uri = format!("{route}?{query}");
        let headers: Vec<(&str, &str)> = accept
            .as_deref()
            .map(|a| ("accept-language", a))
            .into_iter()
            .collect();
        let response = send(&rt, &app, request("GET", &uri, &headers, Body::empty())?)?;
        // Refused for its parameters, never for the route (but a template
        // that does not exist is not found).
        if !route.contains("no-such") && !query.contains("template=") && response.status.is_client_error() {
            prop_assert_ne!(response.status.as_u16(), 404, "{}: {}", uri, response.body);
        }
        Ok(())
    });
}

#[test]
fn any_question_body_gets_an_answer_or_a_json_refusal() {
    let rt = runtime();
    let app = app();
    let body = prop_oneof![
        4 => (text(60), proptest::option::of(lang_tag())).prop_map(|(question, lang)| {
            let mut body = json!({ "question": question });
            if let Some(lang) = lang {
                body["lang"] = json!(lang);
            }
            body.to_string().into_bytes()
        }),
        1 => (words_text(700), proptest::option::of(lang_tag()))
            .prop_map(|(question, lang)| json!({ "question": question, "lang": lang }).to_string().into_bytes()),
        1 => json_value().prop_map(|v| v.to_string().into_bytes()),
        1 => raw_body(),
    ];
    let strategy = (body, json_content_type(), proptest::option::of(lang_tag()));
    run(96, strategy, |(body, content_type, lang)| {
        let uri = match lang {
            Some(lang) => format!("/api/answer?lang={}", enc(&lang)),
            None => "/api/answer".to_owned(),
        };
        let response = send(
            &rt,
            &app,
            request("POST", &uri, &[("content-type", content_type)], body)?,
        )?;
        if response.status.is_success() {
            prop_assert!(response.json()["answer"].is_string(), "{}", response.body);
        }
        Ok(())
    });
}

#[test]
fn any_ask_form_gets_a_page() {
    let rt = runtime();
    let app = app();
    let strategy = form_body(vec!["question", "q", "lang"], text(30));
    run(48, strategy, |body| post_form(&rt, &app, "/ask", body).map(drop));
}

#[test]
fn any_checklist_json_creates_a_run_or_is_refused_with_json() {
    let rt = runtime();
    let app = app();
    let params = prop_oneof![
        3 => prop::collection::btree_map(json_key(), param_value(), 0..4).prop_map(|changes| {
            let mut params = valid_params();
            params.extend(changes);
            json!(params)
        }),
        1 => prop::collection::btree_map(json_key(), param_value(), 0..8).prop_map(|p| json!(p)),
        1 => json_value(),
    ];
    let template = prop_oneof![5 => Just("cms-upgrade".to_owned()), 1 => text(3)];
    let structured = (
        template,
        proptest::option::of(lang_tag()),
        params,
        proptest::option::weighted(0.15, (json_key(), json_value())),
    )
        .prop_map(|(template, lang, params, extra)| {
            let mut body = json!({ "template": template, "params": params });
            if let Some(lang) = lang {
                body["lang"] = json!(lang);
            }
            if let Some((key, value)) = extra {
                body[key] = value;
            }
            body.to_string().into_bytes()
        });
    let body = prop_oneof![5 => structured, 1 => raw_body()];
    let strategy = (body, json_content_type());
    run(96, strategy, |(body, content_type)| {
        let response = send(
            &rt,
            &app,
            request("POST", "/api/checklists", &[("content-type", content_type)], body)?,
        )?;
        if response.status.is_success() {
            prop_assert_eq!(response.status.as_u16(), 201);
            let run = response.json();
            prop_assert!(
                run["id"].is_string() && !run["steps"].as_array().is_none_or(Vec::is_empty),
                "{}",
                response.body
            );
        }
        Ok(())
    });
}

#[test]
fn any_checklist_form_creates_a_run_or_shows_the_form_again() {
    let rt = runtime();
    let app = app();
    let fields = || {
        form_body(
            vec![
                "template",
                "lang",
                "cluster_type",
                "active_node",
                "passive_nodes",
                "target",
                "cluster_os",
                "target_os",
            ],
            param_text(),
        )
    };
    let prefixed = fields().prop_map(|extra| {
        let mut body = b"template=cms-upgrade&cluster_type=ccr&active_node=EX1&passive_nodes=EX2&target=SP2&cluster_os=windows-server-2003&".to_vec();
        body.extend(extra);
        body
    });
    let strategy = prop_oneof![2 => prefixed, 1 => fields()];
    run(64, strategy, |body| {
        let response = post_form(&rt, &app, "/checklists", body)?;
        if response.status.is_redirection() {
            let location = (response.headers.get("location"))
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default();
            prop_assert!(location.starts_with("/checklists/"), "{}", location);
        }
        Ok(())
    });
}

/// A path segment: one of `known` mostly, else any text, escaped.
fn segment(known: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(known),
        1 => text(3).prop_map(|s| s.bytes().map(|b| format!("%{b:02X}")).collect()),
        1 => percent_bytes(),
    ]
}

#[test]
fn any_patch_body_changes_a_step_or_is_refused_with_json() {
    let rt = runtime();
    let app = app();
    let (run_id, steps) = create_run(&rt, &app);
    let structured = (
        proptest::option::of(flag()),
        proptest::option::of(flag()),
        proptest::option::of(words()),
        proptest::option::of(words()),
        proptest::option::of(words()),
        proptest::option::weighted(0.15, (json_key(), json_value())),
    )
        .prop_map(|(done, skipped, note, by, reason, other)| {
            let fields = [
                ("done", done),
                ("skipped", skipped),
                ("note", note),
                ("by", by),
                ("reason", reason),
            ];
            let mut body: serde_json::Map<String, Value> = fields
                .into_iter()
                .filter_map(|(name, value)| Some((name.to_owned(), value?)))
                .collect();
            body.extend(other);
            Value::Object(body).to_string().into_bytes()
        });
    let body = prop_oneof![6 => structured, 1 => json_value().prop_map(|v| v.to_string().into_bytes()), 1 => raw_body()];
    let strategy = (
        segment(vec![run_id]),
        segment(steps),
        proptest::option::of(lang_tag()),
        body,
        json_content_type(),
    );
    run(128, strategy, |(run, step, lang, body, content_type)| {
        let mut uri = format!("/api/checklists/{run}/steps/{step}");
        if let Some(lang) = lang {
            uri.push_str(&format!("?lang={}", enc(&lang)));
        }
        let response = send(
            &rt,
            &app,
            request("PATCH", &uri, &[("content-type", content_type)], body)?,
        )?;
        if response.status.is_success() {
            // The step as it is now.
            let changed = response.json();
            prop_assert!(
                changed["id"].is_string() && changed["done"].is_boolean(),
                "{}",
                response.body
            );
        }
        Ok(())
    });
}

/// A PATCH flag: mostly a boolean.
fn flag() -> impl Strategy<Value = Value> {
    prop_oneof![6 => any::<bool>().prop_map(Value::Bool), 1 => Just(Value::Null), 1 => json_value()]
}

/// A PATCH text (note, by, reason): mostly text, sometimes around its
/// bound (the default limits: the app is the default one).
fn words() -> impl Strategy<Value = Value> {
    let around = |max: usize| (max - 10)..(max + 10);
    prop_oneof![
        6 => text(10).prop_map(Value::String),
        1 => around(Limits::DEFAULT.note_chars).prop_map(|n| json!("n".repeat(n))),
        1 => around(Limits::DEFAULT.by_chars).prop_map(|n| json!("b".repeat(n))),
        1 => Just(Value::Null),
        1 => json_value(),
    ]
}

#[test]
fn any_step_form_changes_a_step_or_shows_the_run_again() {
    let rt = runtime();
    let app = app();
    let (run_id, steps) = create_run(&rt, &app);
    let values = prop_oneof![
        3 => prop::sample::select(vec!["done", "undo", "skip", "unskip", "note", "en", "pt-BR"]).prop_map(str::to_owned),
        3 => text(10),
        1 => (3990..4010usize).prop_map(|n| "n".repeat(n)),
    ];
    let strategy = (
        segment(vec![run_id]),
        segment(steps),
        form_body(vec!["action", "by", "note", "reason", "lang"], values),
    );
    run(64, strategy, |(run, step, body)| {
        post_form(&rt, &app, &format!("/checklists/{run}/steps/{step}"), body).map(drop)
    });
}

/// Any text as a run id or step id, with any body, is a refusal, never a fault.
#[test]
fn any_text_in_a_checklist_path_is_refused_cleanly() {
    let rt = runtime();
    let app = app();
    let strategy = (
        any_text(12),
        any_text(12),
        prop::sample::select(vec!["GET", "PATCH", "POST", "DELETE"]),
    );
    run(48, strategy, |(run, step, method)| {
        let (run, step) = (enc(&run).replace('+', "%20"), enc(&step).replace('+', "%20"));
        for uri in [
            format!("/api/checklists/{run}"),
            format!("/api/checklists/{run}/steps/{step}"),
            format!("/checklists/{run}"),
            format!("/checklists/{run}/steps/{step}"),
        ] {
            send(
                &rt,
                &app,
                request(
                    method,
                    &uri,
                    &[("content-type", "application/json")],
                    "{\"done\":true}",
                )?,
            )?;
        }
        Ok(())
    });
}
