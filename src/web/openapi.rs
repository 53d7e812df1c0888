//! The OpenAPI 3 document served at `/api/openapi.json`, so a chat-bot
//! builder can import docdesk as a tool. Dimension values come from the
//! content, so the document never disagrees with the rules.

use serde_json::{Value, json};

use crate::search::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::state::AppState;

/// Builds the document.
pub fn document(state: &AppState) -> Value {
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
            "Error": { "type": "object", "properties": { "error": { "type": "object", "required": ["code", "message"], "properties": {
                "code": { "type": "string" }, "message": { "type": "string" }, "field": { "type": "string" } } } } },
            "Hit": { "type": "object", "properties": {
                "doc": { "type": "string" }, "section": { "type": "string" }, "heading": { "type": "string" },
                "title": { "type": "string" }, "url": { "type": "string" },
                "snippet": { "type": "string", "description": "HTML-escaped, with <mark> around matches" },
                "lang": { "type": "string", "enum": ["pt-BR", "en"] }, "score": { "type": "number" } } },
            "SearchResults": { "type": "object", "properties": {
                "query": { "type": "string" }, "lang": { "type": "string" },
                "hits": { "type": "array", "items": { "$ref": "#/components/schemas/Hit" } },
                "took_ms": { "type": "number" } } },
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
