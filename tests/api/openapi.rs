//! The OpenAPI document describes every `/api/*` route, and real responses
//! (and a real request body) validate against the schemas it declares.

use serde_json::{Value, json};

use crate::helpers::{TestApp, app};

/// The schema of a response (or, with `status` = "request", of the request
/// body) in `doc`, as a standalone JSON Schema whose `$ref`s resolve.
fn schema(doc: &Value, path: &str, method: &str, status: &str) -> Value {
    let operation = &doc["paths"][path][method];
    let schema = if status == "request" {
        &operation["requestBody"]["content"]["application/json"]["schema"]
    } else {
        &operation["responses"][status]["content"]["application/json"]["schema"]
    };
    assert!(schema.is_object(), "no schema for {method} {path} {status}");
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema]
    })
}

fn assert_valid(doc: &Value, path: &str, method: &str, status: &str, instance: &Value) {
    let schema = schema(doc, path, method, status);
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} does not match its schema:\n{}\n{instance}",
        errors.join("\n")
    );
}

async fn document(app: &TestApp) -> Value {
    app.get("/api/openapi.json").await.json()
}

/// Every `/api/…` path a router in `src/web/` declares.
fn declared_api_routes() -> Vec<String> {
    fn walk(dir: &std::path::Path, routes: &mut Vec<String>) {
        let pattern = regex::Regex::new(r#"\.route\(\s*"(/api/[^"]+)""#).unwrap();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, routes);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                routes.extend(pattern.captures_iter(&text).map(|c| c[1].to_owned()));
            }
        }
    }
    let mut routes = Vec::new();
    walk(&crate::helpers::repo_root().join("src/web"), &mut routes);
    routes.sort();
    routes
}

#[tokio::test]
async fn every_api_route_is_described() {
    let doc = document(&app()).await;
    let routes = declared_api_routes();
    assert!(routes.len() >= 11, "{routes:?}");
    let described: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        described, routes,
        "the document lists exactly the routes the routers declare"
    );
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                operation["operationId"].is_string(),
                "{method} {path} has no operationId"
            );
            assert!(
                operation["responses"]["200"].is_object() || operation["responses"]["201"].is_object(),
                "{method} {path} has no success response"
            );
        }
    }
    // Enumerations come from the content.
    let schemas = &doc["components"]["schemas"];
    let create = &schemas["CreateRequest"]["properties"];
    assert_eq!(create["template"]["enum"], json!(["cms-upgrade"]));
    let cms = &create["params"]["oneOf"][0]["properties"];
    assert_eq!(cms["cluster_type"]["enum"], json!(["ccr", "scc"]));
    assert_eq!(schemas["Lang"]["enum"], json!(["pt-BR", "en"]));
    assert_eq!(
        schemas["Verdict"]["enum"],
        json!(["yes", "no", "not_documented", "depends"])
    );
    assert_eq!(
        schemas["OptionOut"]["properties"]["cluster_os"]["enum"],
        json!(["windows-server-2003", "windows-server-2008"])
    );
    assert_eq!(
        schemas["Interpretation"]["properties"]["cms_version"]["enum"],
        json!(["RTM", "SP1", "SP2", null])
    );
    let compat: Vec<&str> = doc["paths"]["/api/compat"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        compat,
        [
            "tools_version",
            "admin_os",
            "cms_version",
            "cluster_os",
            "target",
            "lang"
        ]
    );
    // The bounds stated are the ones the server enforces: here the defaults.
    let search = &doc["paths"]["/api/search"]["get"]["parameters"];
    assert_eq!(
        search[0]["schema"]["maxLength"],
        json!(docdesk::limits::Limits::DEFAULT.query_chars)
    );
    assert_eq!(search[2]["name"], "limit");
    assert_eq!(search[2]["schema"]["maximum"], json!(docdesk::search::MAX_LIMIT));
    assert_eq!(
        search[2]["schema"]["default"],
        json!(docdesk::search::DEFAULT_LIMIT)
    );
    assert_eq!(
        schemas["AnswerRequest"]["properties"]["question"]["maxLength"],
        json!(docdesk::limits::Limits::DEFAULT.question_chars)
    );
    let csv = &doc["paths"]["/api/compat/matrix.csv"]["get"]["responses"]["200"]["content"];
    assert!(csv["text/csv"].is_object(), "{csv}");
}

#[tokio::test]
async fn real_responses_validate_against_the_document() {
    let app = app();
    let doc = document(&app).await;
    let search = app
        .get("/api/search?q=servidor%20passivo&lang=pt-BR&limit=3")
        .await;
    assert_valid(&doc, "/api/search", "get", "200", &search.json());
    let bad = app.get("/api/search?q=x&limit=0").await;
    assert_valid(&doc, "/api/search", "get", "400", &bad.json());

    let request = json!({ "template": "cms-upgrade", "lang": "en", "params": {
        "cluster_type": "scc", "active_node": "EX1", "passive_nodes": ["EX2", "EX3"],
        "target": "SP2", "cluster_os": "windows-server-2003" } });
    assert_valid(&doc, "/api/checklists", "post", "request", &request);
    let created = app
        .post("/api/checklists", "application/json", request.to_string())
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let run = created.json();
    assert_valid(&doc, "/api/checklists", "post", "201", &run);
    // The check has teeth: a run missing its steps, or with a step of the wrong shape, fails.
    let schema = schema(&doc, "/api/checklists", "post", "201");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut broken = run.clone();
    broken.as_object_mut().unwrap().remove("steps");
    assert!(!validator.is_valid(&broken));
    let mut broken = run.clone();
    broken["steps"][0]["done"] = json!("yes");
    assert!(!validator.is_valid(&broken));
    let id = run["id"].as_str().unwrap();
    let read = app.get(&format!("/api/checklists/{id}?lang=pt-BR")).await;
    assert_valid(&doc, "/api/checklists/{id}", "get", "200", &read.json());
    let step = app
        .patch(
            &format!("/api/checklists/{id}/steps/move-groups-ex2"),
            json!({ "done": true, "by": "ana" }).to_string(),
        )
        .await;
    assert_valid(
        &doc,
        "/api/checklists/{id}/steps/{step_id}",
        "patch",
        "200",
        &step.json(),
    );
    let audit = app.get(&format!("/api/checklists/{id}/audit")).await;
    assert_valid(&doc, "/api/checklists/{id}/audit", "get", "200", &audit.json());
    let invalid = app
        .post(
            "/api/checklists",
            "application/json",
            json!({ "template": "cms-upgrade", "params": { "cluster_type": "mns" } }).to_string(),
        )
        .await;
    assert_eq!(invalid.status, 422);
    assert_valid(&doc, "/api/checklists", "post", "422", &invalid.json());
    let missing = app.get("/api/checklists/nope").await;
    assert_valid(&doc, "/api/checklists/{id}", "get", "404", &missing.json());

    let answer = app
        .post(
            "/api/answer",
            "application/json",
            json!({ "question": "dá pra gerenciar o cluster do 2008 pelo XP?" }).to_string(),
        )
        .await;
    assert_valid(&doc, "/api/answer", "post", "200", &answer.json());
    let compat = app
        .get("/api/compat?tools_version=SP2&admin_os=windows-server-2003&cluster_os=windows-server-2008&lang=en")
        .await;
    assert_valid(&doc, "/api/compat", "get", "200", &compat.json());
    // A partial combination: options, each with every dimension.
    let partial = app
        .get("/api/compat?tools_version=SP2&admin_os=windows-server-2003&lang=pt-BR")
        .await
        .json();
    assert!(!partial["options"].as_array().unwrap().is_empty(), "{partial}");
    assert_valid(&doc, "/api/compat", "get", "200", &partial);
    let procedure = app
        .post(
            "/api/answer",
            "application/json",
            json!({ "question": "Do I need to remove update rollups before installing SP2?", "lang": "en" })
                .to_string(),
        )
        .await;
    assert_eq!(procedure.status, 200, "{}", procedure.body);
    assert_valid(&doc, "/api/answer", "post", "200", &procedure.json());
    assert_valid(
        &doc,
        "/api/answer",
        "post",
        "request",
        &json!({ "question": "Posso pular o nó passivo?", "lang": "pt-BR" }),
    );
    let matrix = app.get("/api/compat/matrix?lang=pt-BR").await;
    assert_valid(&doc, "/api/compat/matrix", "get", "200", &matrix.json());
    let csv = app.get("/api/compat/matrix.csv?lang=en").await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.content_type().starts_with("text/csv"),
        "{}",
        csv.content_type()
    );

    // Refusals, each with the status the document gives it.
    for (path, method, uri, body, status) in [
        (
            "/api/answer",
            "post",
            "/api/answer",
            Some(json!({ "question": " " })),
            "400",
        ),
        (
            "/api/answer",
            "post",
            "/api/answer",
            Some(json!({ "question": "x", "lang": "fr" })),
            "400",
        ),
        (
            "/api/answer",
            "post",
            "/api/answer",
            Some(json!({ "question": "x", "extra": 1 })),
            "422",
        ),
        (
            "/api/compat",
            "get",
            "/api/compat?cluster_os=windows-95",
            None,
            "400",
        ),
        (
            "/api/compat/matrix",
            "get",
            "/api/compat/matrix?lang=fr",
            None,
            "400",
        ),
        (
            "/api/compat/matrix.csv",
            "get",
            "/api/compat/matrix.csv?lang=de",
            None,
            "400",
        ),
        ("/api/search", "get", "/api/search?q=x&lang=es", None, "400"),
    ] {
        let response = match body {
            Some(body) => app.post(uri, "application/json", body.to_string()).await,
            None => app.get(uri).await,
        };
        assert_eq!(response.status.as_str(), status, "{uri}: {}", response.body);
        assert_valid(&doc, path, method, status, &response.json());
    }
    let not_json = app.post("/api/answer", "text/plain", "question").await;
    assert_eq!(not_json.status, 415);
    assert_valid(&doc, "/api/answer", "post", "415", &not_json.json());

    // The answer schema has teeth: an unknown verdict, or a dimension value
    // the content does not declare, fails.
    let answer_schema = self::schema(&doc, "/api/answer", "post", "200");
    let validator = jsonschema::validator_for(&answer_schema).unwrap();
    let answer = answer.json();
    assert!(validator.is_valid(&answer));
    let mut broken = answer.clone();
    broken["verdict"] = json!("maybe");
    assert!(!validator.is_valid(&broken));
    let mut broken = answer.clone();
    broken["interpretation"]["admin_os"] = json!("windows-95");
    assert!(!validator.is_valid(&broken));
    let mut broken = partial.clone();
    broken["options"][0].as_object_mut().unwrap().remove("cluster_os");
    assert!(!validator.is_valid(&broken));
}
