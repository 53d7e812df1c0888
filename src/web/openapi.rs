//! The OpenAPI 3.1 document served at `/api/openapi.json`, so a chat-bot
//! builder can import docdesk as a tool. Schemas and checklist routes are
//! generated from the Rust types (utoipa); values that come from the content
//! — compatibility dimensions, template ids and their parameters — are filled
//! in from it, so the document never disagrees with the rules.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::checklists::params::ParamKind;
use crate::search::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::state::{AppState, Live};

/// `GET /api/openapi.json`.
pub fn router() -> Router<Live> {
    Router::new().route("/api/openapi.json", get(openapi))
}

async fn openapi(State(state): State<AppState>) -> Json<Value> {
    Json(document(&state))
}

/// What is generated from the types.
#[derive(OpenApi)]
#[openapi(
    paths(
        crate::web::checklists::create,
        crate::web::checklists::show,
        crate::web::checklists::patch_step,
        crate::web::checklists::events,
        crate::web::checklists::audit
    ),
    components(schemas(crate::search::SearchResults, crate::search::Hit, crate::error::ErrorBody))
)]
struct Generated;

/// Builds the document: the generated part, the answer routes, and the
/// enumerations from the content.
pub fn document(state: &AppState) -> Value {
    let mut doc = serde_json::to_value(Generated::openapi()).unwrap_or_default();
    let written = handwritten(state);
    for section in ["paths"] {
        if let (Some(into), Some(from)) = (doc[section].as_object_mut(), written[section].as_object()) {
            into.extend(from.clone());
        }
    }
    if let (Some(into), Some(from)) = (
        doc["components"]["schemas"].as_object_mut(),
        written["components"]["schemas"].as_object(),
    ) {
        into.extend(from.clone());
    }
    doc["openapi"] = json!("3.1.0");
    doc["info"] = written["info"].clone();
    let templates = &state.content.checklists;
    let schemas = &mut doc["components"]["schemas"];
    schemas["CreateRequest"]["properties"]["template"]["enum"] = json!(templates.keys().collect::<Vec<_>>());
    schemas["CreateRequest"]["properties"]["params"] = params_schema(state);
    doc
}

/// The parameters of every template, as declared in the content: one
/// alternative per template.
fn params_schema(state: &AppState) -> Value {
    let alternatives: Vec<Value> = state
        .content
        .checklists
        .values()
        .map(|template| {
            let mut properties = serde_json::Map::new();
            let mut required = Vec::new();
            for spec in &template.params {
                let text = match &spec.pattern {
                    Some(pattern) => json!({ "type": "string", "pattern": pattern }),
                    None => json!({ "type": "string" }),
                };
                let schema = match spec.kind {
                    ParamKind::Choice => {
                        json!({ "type": "string", "enum": spec.values().collect::<Vec<_>>() })
                    }
                    ParamKind::Text => text,
                    ParamKind::List => json!({ "type": "array", "items": text }),
                };
                let mut schema = schema;
                schema["description"] = json!(spec.label.en);
                if spec.optional {
                    schema = json!({ "anyOf": [schema, { "type": "null" }], "description": spec.label.en });
                } else {
                    required.push(spec.name.clone());
                }
                properties.insert(spec.name.clone(), schema);
            }
            json!({
                "title": template.id, "type": "object", "additionalProperties": false,
                "properties": properties, "required": required
            })
        })
        .collect();
    json!({ "description": "The parameters the template declares", "oneOf": alternatives })
}

/// The answer routes, whose types belong to the answer engine.
fn handwritten(state: &AppState) -> Value {
    let kb = state.answers.knowledge();
    let dimension_params: Vec<Value> = kb
        .compat
        .dimensions
        .iter()
        .map(|d| {
            json!({
                "name": d.id, "in": "query", "required": false,
                "description": d.label.en,
                "schema": { "type": "string", "enum": d.values }
            })
        })
        .collect();
    let mut compat_params = dimension_params.clone();
    compat_params.push(lang_param());
    let option_properties: serde_json::Map<String, Value> = kb
        .compat
        .dimensions
        .iter()
        .map(|d| (d.id.clone(), json!({ "type": "string", "enum": d.values })))
        .collect();
    let nullable_properties: serde_json::Map<String, Value> = kb
        .compat
        .dimensions
        .iter()
        .map(|d| (d.id.clone(), json!({ "type": ["string", "null"], "enum": d.values.iter().map(|v| json!(v)).chain([Value::Null]).collect::<Vec<_>>() })))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "docdesk",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Search and answers over the Exchange 2007 clustered mailbox server upgrade procedure, in pt-BR and en."
        },
        "paths": {
            "/api/search": { "get": {
                "operationId": "search",
                "summary": "Full-text search of the procedure, one hit per section",
                "parameters": [
                    { "name": "q", "in": "query", "required": false, "schema": { "type": "string", "maxLength": crate::limits::MAX_QUERY_CHARS }, "description": "What to search for; any text of up to 500 characters is valid." },
                    lang_param(),
                    { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT } }
                ],
                "responses": {
                    "200": { "description": "Hits", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SearchResults" } } } },
                    "400": error_response()
                }
            }},
            "/api/answer": { "post": {
                "operationId": "answer",
                "summary": "Answer a question about the procedure or about management compatibility",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "additionalProperties": false, "required": ["question"],
                    "properties": {
                        "question": { "type": "string", "minLength": 1, "maxLength": crate::answers::MAX_QUESTION_CHARS },
                        "lang": { "type": "string", "enum": ["pt-BR", "en"], "description": "Detected from the question when absent." }
                    }
                }}}},
                "responses": {
                    "200": { "description": "The answer", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Answer" } } } },
                    "400": error_response(), "413": error_response(), "415": error_response(), "422": error_response()
                }
            }},
            "/api/compat": { "get": {
                "operationId": "compat",
                "summary": "Judge a (partial) management compatibility combination",
                "parameters": compat_params,
                "responses": {
                    "200": { "description": "The answer", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Answer" } } } },
                    "400": error_response()
                }
            }},
            "/api/compat/matrix": { "get": {
                "operationId": "compatMatrix",
                "summary": "The compatibility matrix (CSV at /api/compat/matrix.csv)",
                "parameters": [lang_param()],
                "responses": { "200": { "description": "The matrix", "content": { "application/json": { "schema": { "type": "object" } } } } }
            }}
        },
        "components": { "schemas": {
            "Answer": { "type": "object", "properties": {
                "lang": { "type": "string", "enum": ["pt-BR", "en"] },
                "intent": { "type": "string", "enum": ["management_compatibility", "procedure", "out_of_scope"] },
                "verdict": { "type": ["string", "null"], "enum": ["yes", "no", "not_documented", null] },
                "answer": { "type": "string" },
                "interpretation": { "type": "object", "properties": nullable_properties },
                "missing": { "type": "array", "items": { "type": "string" } },
                "clarify": { "type": ["string", "null"] },
                "options": { "type": "array", "items": { "type": "object", "properties": option_properties } },
                "citations": { "type": "array", "items": { "type": "object", "properties": {
                    "doc": { "type": "string" }, "section": { "type": "string" }, "url": { "type": "string" }, "quote": { "type": "string" } } } },
                "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
                "related": { "type": "array", "items": { "$ref": "#/components/schemas/Hit" } } } }
        }}
    })
}

fn lang_param() -> Value {
    json!({ "name": "lang", "in": "query", "required": false, "schema": { "type": "string", "enum": ["pt-BR", "en"] },
            "description": "Any Portuguese tag means pt-BR, any English tag en; default from Accept-Language, then en." })
}

fn error_response() -> Value {
    json!({ "description": "Error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}
