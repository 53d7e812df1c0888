//! The tools: their descriptions, schemas and calls.
//!
//! Arguments are the types of the HTTP API (query strings and bodies), parsed
//! with the argument's path kept, and each call goes through the function the
//! HTTP handler uses. Bad arguments are tool errors (`isError`, the argument
//! named first) so the model can correct itself, as the protocol asks; only
//! an unknown tool or a server fault is a protocol error.

use std::sync::Arc;

use rmcp::ErrorData;
use rmcp::handler::server::tool::{schema_for_input, schema_for_output};
use rmcp::model::{CallToolResult, ContentBlock, JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::about;
use crate::answers::Answer;
use crate::checklists::CreateRequest;
use crate::checklists::params::{ParamKind, ParamSpec};
use crate::checklists::steps::StepPatch;
use crate::checklists::view::RunView;
use crate::error::AppError;
use crate::limits::{Bound, Limits, state_bounds};
use crate::search::SearchResults;
use crate::state::AppState;
use crate::web::answers::api::{AnswerRequest, CompatParams};
use crate::web::clients::{Client, RunQuota};
use crate::web::identity::Identity;
use crate::web::lang::ReqLang;
use crate::web::search::SearchParams;

/// Tool names.
pub const SEARCH_DOCS: &str = "search_docs";
/// Tool names.
pub const ANSWER_QUESTION: &str = "answer_question";
/// Tool names.
pub const CHECK_COMPATIBILITY: &str = "check_compatibility";
/// Tool names.
pub const CREATE_CHECKLIST: &str = "create_checklist";
/// Tool names.
pub const GET_CHECKLIST: &str = "get_checklist";
/// Tool names.
pub const UPDATE_STEP: &str = "update_step";

/// Tools that change stored data, left out by `--mcp-read-only`.
pub const WRITING_TOOLS: [&str; 2] = [CREATE_CHECKLIST, UPDATE_STEP];

// The descriptions: engine text on how to use each tool, with what the
// content holds (documents, compatibility dimensions, templates) filled in
// from it by `about`, so that another set of documents is described as it is.

fn search_docs_description(state: &AppState) -> String {
    format!(
        "Full-text search of the docdesk documents ({}), in pt-BR or en, tolerant of typos and \
         missing accents. Use it to find the section that covers a topic, error or command. Each \
         hit has the section's url and a snippet (HTML-escaped, <mark> around matched words); read \
         the whole section as the resource docdesk://docs/{{lang}}/{{doc}}#{{section}}. For yes/no \
         questions use answer_question or check_compatibility instead.",
        about::documents(state)
    )
}

fn answer_question_description(state: &AppState) -> String {
    let compatibility = about::dimensions(state)
        .map(|d| format!(" or about which combinations of {d} are compatible"))
        .unwrap_or_default();
    format!(
        "Answers a question about the procedures of the docdesk documents ({}){compatibility}, \
         asked in Portuguese or English as the user wrote it. Use it for every such question \
         instead of answering from your own knowledge. The result has a verdict (yes, no, depends, \
         not_documented, or null for which/how questions), the answer in full sentences, how the \
         question was read (interpretation), what is missing with a question to ask back \
         (clarify), the documented options and the citations. Quote the verdict as given together \
         with its citations (quote and url); never turn not_documented into yes or no, and when \
         clarify is set, ask the user rather than guess.",
        about::documents(state)
    )
}

fn check_compatibility_description(state: &AppState) -> String {
    format!(
        "Judges one combination of the compatibility dimensions by the rules stated in {}, one \
         argument each: {}. Use it instead of answer_question when you already know the values; \
         leave out any you do not know: missing then lists what would change the verdict and \
         options the documented combinations. Quote the verdict as given (yes, no, depends, \
         not_documented) together with its citations (quote and url); never guess past \
         not_documented.",
        about::compat_titles(state),
        about::dimensions(state).unwrap_or_else(|| "none declared".to_owned())
    )
}

fn create_checklist_description(state: &AppState) -> String {
    format!(
        "Creates an interactive checklist from one of the templates ({}), tailored by its \
         parameters, and returns the run: its id, its shareable page url (relative to the docdesk \
         server) and its steps with the commands to run, parameters filled in. Use it when an \
         admin is about to perform the procedure; every call stores a new run, so reuse the id \
         with get_checklist and update_step.",
        about::templates(state)
    )
}

const GET_CHECKLIST_DESCRIPTION: &str = "Returns a checklist run by id: its steps with their state \
(done, skipped, note, who and when), progress and, when its template has a downtime window, the downtime clock. Use it to see where a procedure \
stands before advising the next step.";

const UPDATE_STEP_DESCRIPTION: &str = "Changes one step of a checklist run: done true or false, \
skipped true (with a reason) or false, or its note; by records who did it. Returns the run. Setting \
the same state twice changes nothing. Use it only when the admin says they did or skipped that \
step; colleagues watching the run's page see the change live.";

/// Arguments of `get_checklist`: the path and query of `GET /api/checklists/{id}?lang=`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRef {
    /// The run id, as returned by create_checklist.
    pub id: String,
    /// `pt-BR` or `en`; the run's own language when absent (commands are never translated).
    pub lang: Option<String>,
}

/// Arguments of `update_step`: the path of
/// `PATCH /api/checklists/{id}/steps/{step}` and its body.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct StepUpdate {
    /// Which step.
    #[serde(flatten)]
    pub target: StepTarget,
    /// The change.
    #[serde(flatten)]
    pub change: StepPatch,
}

/// The step an `update_step` call changes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepTarget {
    /// The run id.
    pub id: String,
    /// The step id, as listed in the run's steps.
    pub step: String,
    /// `pt-BR` or `en` for the returned run; its own language when absent.
    pub lang: Option<String>,
}

/// The tools, in a stable order; `read_only` leaves out the tools that write.
pub fn list(state: &AppState, read_only: bool) -> Vec<Tool> {
    let reading = ToolAnnotations::new().read_only(true).open_world(false);
    // The bounds the server was started with, as the HTTP API's schemas state them.
    let limits = &state.limits;
    let bounded =
        |tool: Tool, bounds: &[(&str, Bound)]| edit_input(tool, |schema| state_bounds(schema, bounds));
    let mut tools = vec![
        bounded(
            tool::<SearchParams, SearchResults>(
                SEARCH_DOCS,
                "Search the documents",
                search_docs_description(state),
            ),
            &SearchParams::bounds(limits),
        )
        .annotate(reading.clone()),
        bounded(
            tool::<AnswerRequest, Answer>(
                ANSWER_QUESTION,
                "Answer a question",
                answer_question_description(state),
            ),
            &AnswerRequest::bounds(limits),
        )
        .annotate(reading.clone()),
        compat_tool(state).annotate(reading.clone()),
        tool::<ChecklistRef, RunView>(GET_CHECKLIST, "Read a checklist", GET_CHECKLIST_DESCRIPTION)
            .annotate(reading),
    ];
    if !read_only {
        let create = tool::<CreateRequest, RunView>(
            CREATE_CHECKLIST,
            "Create a checklist",
            create_checklist_description(state),
        );
        tools.push(
            restrict_checklist_params(create, state).annotate(
                ToolAnnotations::new()
                    .read_only(false)
                    .destructive(false)
                    .idempotent(false)
                    .open_world(false),
            ),
        );
        tools.push(
            bounded(
                tool::<StepUpdate, RunView>(
                    UPDATE_STEP,
                    "Tick or skip a checklist step",
                    UPDATE_STEP_DESCRIPTION,
                ),
                &StepPatch::bounds(limits),
            )
            .annotate(
                ToolAnnotations::new()
                    .read_only(false)
                    .destructive(false)
                    .idempotent(true)
                    .open_world(false),
            ),
        );
    }
    tools
}

/// Calls a tool by name.
pub async fn call(
    state: &AppState,
    read_only: bool,
    (identity, client): (&Identity, &Client),
    runs: &RunQuota,
    name: &str,
    arguments: Option<JsonObject>,
) -> Result<CallToolResult, ErrorData> {
    if read_only && WRITING_TOOLS.contains(&name) {
        return Err(ErrorData::invalid_params(
            format!("tool '{name}' is not available: this docdesk server is read-only"),
            None,
        ));
    }
    let arguments = Value::Object(arguments.unwrap_or_default());
    let result = match name {
        SEARCH_DOCS => search_docs(state, arguments),
        ANSWER_QUESTION => answer_question(state, arguments),
        CHECK_COMPATIBILITY => check_compatibility(state, arguments),
        CREATE_CHECKLIST => create_checklist(state, (identity, client), runs, arguments).await,
        GET_CHECKLIST => get_checklist(state, arguments).await,
        UPDATE_STEP => update_step(state, identity, arguments).await,
        _ => {
            return Err(ErrorData::invalid_params(
                format!("unknown tool '{}'", crate::text::truncate(name, 60)),
                None,
            ));
        }
    };
    match result {
        Ok(value) => Ok(CallToolResult::structured(value)),
        Err(Failure::Tool(message)) => Ok(CallToolResult::error(vec![ContentBlock::text(message)])),
        Err(Failure::Protocol(error)) => Err(error),
    }
}

/// Why a call failed: the caller's fault (a tool error the model reads) or the server's.
#[derive(Debug)]
enum Failure {
    Tool(String),
    Protocol(ErrorData),
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Failure {
        match error {
            AppError::Internal(_) => {
                error.log();
                Failure::Protocol(ErrorData::internal_error(error.public_message(), None))
            }
            AppError::Invalid { field, message }
            | AppError::BadRequest {
                field: Some(field),
                message,
                ..
            } => Failure::Tool(argument_message(&field, &message)),
            other => Failure::Tool(other.public_message()),
        }
    }
}

fn argument_message(argument: &str, message: &str) -> String {
    format!("invalid argument `{argument}`: {message}")
}

/// Parses arguments into the API type, naming the argument at fault.
fn parse<T: DeserializeOwned>(arguments: Value) -> Result<T, Failure> {
    serde_path_to_error::deserialize(arguments).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        // At the top level serde names the field itself: "missing field `q`".
        let argument = match path.as_str() {
            "." => message.split('`').nth(1).unwrap_or("arguments").to_owned(),
            _ => path,
        };
        Failure::Tool(argument_message(&argument, &message))
    })
}

/// The JSON the HTTP API would send. Going through text keeps an `f32`
/// score as the API writes it (6.4327393), not widened (6.4327392578125).
fn to_value<T: Serialize>(value: T) -> Result<Value, Failure> {
    serde_json::to_string(&value)
        .and_then(|text| serde_json::from_str(&text))
        .map_err(|e| Failure::from(AppError::Internal(e.into())))
}

/// The language a tool's `lang` argument names. The MCP client sends no
/// `Accept-Language`: without `lang`, English, as over HTTP without the header.
fn tool_lang(tag: Option<&str>) -> Result<ReqLang, AppError> {
    Ok(ReqLang::NONE.with_tag(tag)?)
}

fn search_docs(state: &AppState, arguments: Value) -> Result<Value, Failure> {
    let params: SearchParams = parse(arguments)?;
    to_value(crate::web::search::search(state, &params, ReqLang::NONE)?)
}

fn answer_question(state: &AppState, arguments: Value) -> Result<Value, Failure> {
    let request: AnswerRequest = parse(arguments)?;
    let lang = tool_lang(request.lang.as_deref())?;
    to_value(crate::web::answers::api::answer_question(
        state,
        &request.question,
        lang,
    )?)
}

fn check_compatibility(state: &AppState, arguments: Value) -> Result<Value, Failure> {
    let params: CompatParams = parse(arguments)?;
    to_value(crate::web::answers::api::check_compatibility(
        state,
        params,
        ReqLang::NONE,
    )?)
}

async fn create_checklist(
    state: &AppState,
    (identity, client): (&Identity, &Client),
    runs: &RunQuota,
    arguments: Value,
) -> Result<Value, Failure> {
    let request: CreateRequest = parse(arguments)?;
    to_value(
        crate::web::checklists::api::create_run(state, request, (identity, client), runs, ReqLang::NONE)
            .await?,
    )
}

async fn get_checklist(state: &AppState, arguments: Value) -> Result<Value, Failure> {
    let run: ChecklistRef = parse(arguments)?;
    let lang = tool_lang(run.lang.as_deref())?;
    to_value(crate::web::checklists::api::load(state, run.id, lang.explicit).await?)
}

async fn update_step(state: &AppState, identity: &Identity, mut arguments: Value) -> Result<Value, Failure> {
    // Parsed in two parts: through `#[serde(flatten)]` serde would no longer
    // say which argument is wrong.
    let mut target = serde_json::Map::new();
    if let Value::Object(object) = &mut arguments {
        for key in ["id", "step", "lang"] {
            if let Some(value) = object.remove(key) {
                target.insert(key.to_owned(), value);
            }
        }
    }
    let target: StepTarget = parse(Value::Object(target))?;
    let change: StepPatch = parse(arguments)?;
    let lang = tool_lang(target.lang.as_deref())?;
    crate::web::checklists::api::update(
        state,
        target.id.clone(),
        target.step,
        change,
        lang.explicit,
        lang.resolved(),
        identity,
    )
    .await?;
    to_value(crate::web::checklists::api::load(state, target.id, lang.explicit).await?)
}

/// A tool whose input and output schemas are generated from `I` and `O`.
fn tool<I: JsonSchema + 'static, O: JsonSchema + 'static>(
    name: &'static str,
    title: &str,
    description: impl Into<std::borrow::Cow<'static, str>>,
) -> Tool {
    let input =
        schema_for_input::<I>().unwrap_or_else(|e| panic!("{name}: input schema is not an object: {e}"));
    Tool::new(name, description, input)
        .with_title(title)
        .with_raw_output_schema(schema_for_output::<O>())
}

/// Replaces a tool's input schema through `edit`.
fn edit_input(mut tool: Tool, edit: impl FnOnce(&mut Value)) -> Tool {
    let mut schema = Value::Object((*tool.input_schema).clone());
    edit(&mut schema);
    if let Value::Object(object) = schema {
        tool.input_schema = Arc::new(object);
    }
    tool
}

/// Limits a string property to `values` (keeping `null` if it was allowed).
fn allow_only<S: AsRef<str>>(property: Option<&mut Value>, values: &[S]) {
    let Some(Value::Object(property)) = property else {
        return;
    };
    let nullable = property
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|t| t == "null"));
    let mut allowed: Vec<Value> = values.iter().map(|v| json!(v.as_ref())).collect();
    if nullable {
        allowed.push(Value::Null);
    }
    property.insert("enum".into(), Value::Array(allowed));
}

/// `check_compatibility`: one property per dimension of the content, with
/// its allowed values and their names.
fn compat_tool(state: &AppState) -> Tool {
    let tool = tool::<CompatParams, Answer>(
        CHECK_COMPATIBILITY,
        "Check compatibility",
        check_compatibility_description(state),
    );
    let engine = &state.answers;
    edit_input(tool, |schema| {
        let dimensions = &engine.knowledge().compat.dimensions;
        let Some(Value::Object(properties)) = schema.get_mut("properties") else {
            return;
        };
        for dimension in dimensions {
            let names: Vec<String> = dimension
                .values
                .iter()
                .map(|v| format!("{v} ({})", engine.label(v, crate::lang::Lang::En)))
                .collect();
            let mut description = format!("{}: {}.", dimension.label.en, names.join(", "));
            if let Some(default) = &dimension.default {
                description.push_str(&format!(" Default {default}."));
            }
            let mut property = json!({ "type": ["string", "null"], "description": description });
            allow_only(Some(&mut property), &dimension.values);
            properties.insert(dimension.id.clone(), property);
        }
        // Every dimension is now listed; any other argument is refused.
        schema["additionalProperties"] = Value::Bool(false);
    })
}

/// `create_checklist`: the template ids, and `params` as the templates
/// declare them (names, choices, patterns, which are optional).
fn restrict_checklist_params(tool: Tool, state: &AppState) -> Tool {
    let templates = &state.content.checklists;
    let ids: Vec<&String> = templates.keys().collect();
    let mut declared: Vec<Value> = templates
        .values()
        .map(|t| params_schema(&t.params, &state.limits))
        .collect();
    edit_input(tool, |schema| {
        allow_only(schema.pointer_mut("/properties/template"), &ids);
        let params = match declared.len() {
            1 => declared.remove(0),
            _ => json!({ "anyOf": declared, "description": "The parameters the chosen template declares." }),
        };
        schema["properties"]["params"] = params;
    })
}

/// The JSON Schema of one template's parameters, within `limits`.
fn params_schema(specs: &[ParamSpec], limits: &Limits) -> Value {
    let mut properties = serde_json::Map::new();
    for spec in specs {
        let mut description = spec.label.en.clone();
        if let Some(help) = &spec.help {
            description = format!("{description}. {}", help.en);
        }
        let text = |spec: &ParamSpec| {
            let mut text = json!({ "type": "string" });
            if let Some(pattern) = &spec.pattern {
                text["pattern"] = json!(pattern);
            }
            Bound::Chars(spec.max_chars(limits)).state(&mut text);
            text
        };
        let mut property = match spec.kind {
            ParamKind::Choice => {
                let names: Vec<String> = spec
                    .choices
                    .iter()
                    .map(|c| format!("{} ({})", c.value, c.label.en))
                    .collect();
                description = format!("{description}: {}.", names.join(", "));
                json!({ "type": "string", "enum": spec.values().collect::<Vec<_>>() })
            }
            ParamKind::Text => text(spec),
            ParamKind::List => {
                let mut list = json!({ "type": "array", "items": text(spec), "minItems": 1, "uniqueItems": spec.unique });
                Bound::Items(spec.max_items(limits)).state(&mut list);
                list
            }
        };
        if spec.optional {
            // Left out, or null, alike.
            property["type"] = json!([property["type"].take(), "null"]);
            if let Some(Value::Array(values)) = property.get_mut("enum") {
                values.push(Value::Null);
            }
        }
        property["description"] = json!(description);
        properties.insert(spec.name.clone(), property);
    }
    let required: Vec<&str> = specs
        .iter()
        .filter(|s| !s.optional)
        .map(|s| s.name.as_str())
        .collect();
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}
