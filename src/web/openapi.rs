//! The OpenAPI 3.1 document served at `/api/openapi.json`, so a chat-bot
//! builder can import docdesk as a tool. Every route and schema is generated
//! from the Rust types (utoipa); values that come from the content —
//! compatibility dimensions, template ids and their parameters — are filled
//! in from it, and the bounds on inputs from the server's [`Limits`], so the
//! document never disagrees with the rules or with what is enforced.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::checklists::params::ParamKind;
use crate::checklists::steps::StepPatch;
use crate::limits::{Bound, Limits, state_bounds};
use crate::state::{AppState, Live};
use crate::web::answers::api::AnswerRequest;
use crate::web::search::SearchParams;

/// `GET /api/openapi.json`.
pub fn router() -> Router<Live> {
    Router::new().route("/api/openapi.json", get(openapi))
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", operation_id = "openapi", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)))]
async fn openapi(State(state): State<AppState>) -> Json<Value> {
    Json(document(&state))
}

/// What is generated from the types: every `/api/*` route.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "docdesk",
        description = "Search, answers and checklists over the documents of a docdesk knowledge base, in pt-BR and en."
    ),
    paths(
        openapi,
        crate::web::search::search_route,
        crate::web::answers::api::answer,
        crate::web::answers::api::compat,
        crate::web::answers::api::matrix,
        crate::web::answers::api::matrix_csv,
        crate::web::checklists::api::create,
        crate::web::checklists::api::show,
        crate::web::checklists::api::patch_step,
        crate::web::checklists::api::events,
        crate::web::checklists::api::audit
    ),
    components(schemas(crate::error::ErrorBody))
)]
struct Generated;

/// Builds the document: the generated part, with the enumerations and the
/// compatibility parameters that come from the content, and the bounds the
/// server enforces.
pub fn document(state: &AppState) -> Value {
    let mut doc = serde_json::to_value(Generated::openapi()).unwrap_or_default();
    // 3.1, so that `null` may be an enumerated value (utoipa writes 3.1 schemas).
    doc["openapi"] = json!("3.1.0");
    let templates = &state.content.checklists;
    let schemas = &mut doc["components"]["schemas"];
    schemas["CreateRequest"]["properties"]["template"]["enum"] = json!(templates.keys().collect::<Vec<_>>());
    schemas["CreateRequest"]["properties"]["params"] = params_schema(state);
    input_bounds(&state.limits, &mut doc);
    compatibility_dimensions(state, &mut doc);
    doc
}

/// The bounds on inputs, from the limits the server was started with.
fn input_bounds(limits: &Limits, doc: &mut Value) {
    let schemas = &mut doc["components"]["schemas"];
    state_bounds(&mut schemas["AnswerRequest"], &AnswerRequest::bounds(limits));
    state_bounds(&mut schemas["StepPatch"], &StepPatch::bounds(limits));
    if let Some(parameters) = doc["paths"]["/api/search"]["get"]["parameters"].as_array_mut() {
        for (name, bound) in SearchParams::bounds(limits) {
            for parameter in parameters.iter_mut().filter(|p| p["name"] == name) {
                bound.state(&mut parameter["schema"]);
            }
        }
    }
}

/// The compatibility dimensions `compat.toml` declares, wherever the wire
/// types carry them by id: `/api/compat`'s parameters, an answer's
/// `interpretation` and `options`, the matrix's rows and columns.
fn compatibility_dimensions(state: &AppState, doc: &mut Value) {
    let kb = state.answers.knowledge();
    let dimensions = &kb.compat.dimensions;
    let parameters: Vec<Value> = dimensions
        .iter()
        .map(|d| {
            json!({
                "name": d.id, "in": "query", "required": false, "description": d.label.en,
                "schema": { "type": "string", "enum": d.values }
            })
        })
        .collect();
    if let Some(list) = doc["paths"]["/api/compat"]["get"]["parameters"].as_array_mut() {
        list.splice(0..0, parameters);
    }
    let schemas = &mut doc["components"]["schemas"];
    for d in dimensions {
        let mut nullable: Vec<Value> = d.values.iter().map(|v| json!(v)).collect();
        nullable.push(Value::Null);
        schemas["Interpretation"]["properties"][&d.id] =
            json!({ "type": ["string", "null"], "enum": nullable, "description": d.label.en });
        schemas["OptionOut"]["properties"][&d.id] =
            json!({ "type": "string", "enum": d.values, "description": d.label.en });
        if let Some(required) = schemas["OptionOut"]["required"].as_array_mut() {
            required.push(json!(d.id));
        }
    }
    // The matrix's rows and columns carry the values of the dimensions its
    // layout names, by their ids.
    let Some(layout) = &kb.compat.matrix else {
        return;
    };
    let laid_out = std::iter::once(("Row", &layout.rows)).chain(layout.columns.iter().map(|c| ("Column", c)));
    for (schema, id) in laid_out {
        if let Some(d) = kb.dimension(id) {
            schemas[schema]["properties"][id] =
                json!({ "type": "string", "enum": d.values, "description": d.label.en });
            if let Some(required) = schemas[schema]["required"].as_array_mut() {
                required.insert(0, json!(id));
            }
        }
    }
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
                let mut text = match &spec.pattern {
                    Some(pattern) => json!({ "type": "string", "pattern": pattern }),
                    None => json!({ "type": "string" }),
                };
                Bound::Chars(spec.max_chars(&state.limits)).state(&mut text);
                let schema = match spec.kind {
                    ParamKind::Choice => {
                        json!({ "type": "string", "enum": spec.values().collect::<Vec<_>>() })
                    }
                    ParamKind::Text => text,
                    ParamKind::List => {
                        let mut list = json!({ "type": "array", "items": text });
                        Bound::Items(spec.max_items(&state.limits)).state(&mut list);
                        list
                    }
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
