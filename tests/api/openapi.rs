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

#[tokio::test]
async fn every_api_route_is_described() {
    let doc = document(&app()).await;
    for path in [
        "/api/search",
        "/api/answer",
        "/api/compat",
        "/api/compat/matrix",
        "/api/checklists",
        "/api/checklists/{id}",
        "/api/checklists/{id}/steps/{step_id}",
        "/api/checklists/{id}/events",
        "/api/checklists/{id}/audit",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is missing");
    }
    // Enumerations come from the content.
    let create = &doc["components"]["schemas"]["CreateRequest"]["properties"];
    assert_eq!(create["template"]["enum"], json!(["cms-upgrade"]));
    let cms = &create["params"]["oneOf"][0]["properties"];
    assert_eq!(cms["cluster_type"]["enum"], json!(["ccr", "scc"]));
    assert_eq!(
        doc["components"]["schemas"]["Lang"]["enum"],
        json!(["pt-BR", "en"])
    );
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
}
