//! Checklist routes: the JSON API, server-sent events, the pages and their
//! no-JavaScript form posts, and exports.

use std::collections::BTreeMap;
use std::convert::Infallible;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tokio_stream::{Stream, StreamExt, wrappers::BroadcastStream};

use crate::checklists::live::Refused;
use crate::checklists::params::{ParamKind, ParamValue, Params};
use crate::checklists::steps::StepPatch;
use crate::checklists::store::AuditEvent;
use crate::checklists::template::Template as ChecklistTemplate;
use crate::checklists::{ChecklistError, CreateRequest, LiveEvent, RunView, StepView};
use crate::error::{AppError, ErrorBody};
use crate::lang::Lang;
use crate::metrics::Held;
use crate::state::{AppState, Live};
use crate::web::extract::ApiJson;
use crate::web::lang::ReqLang;
use crate::web::pages::{Chrome, PageError, PageForm, render_page};

/// Routes.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/api/checklists", post(create))
        .route("/api/checklists/{id}", get(show))
        .route(
            "/api/checklists/{id}/steps/{step_id}",
            axum::routing::patch(patch_step),
        )
        .route("/api/checklists/{id}/events", get(events))
        .route("/api/checklists/{id}/audit", get(audit))
        .route("/checklists/new", get(new_page))
        .route("/checklists", get(runs_page).post(create_form))
        .route("/checklists/{id}", get(run_page))
        .route("/checklists/{id}/steps/{step_id}", post(step_form))
        .route("/checklists/{id}/export.md", get(export_markdown))
        .route("/checklists/{id}/export.json", get(export_json))
}

impl From<ChecklistError> for AppError {
    fn from(e: ChecklistError) -> Self {
        match e {
            ChecklistError::Invalid(e) => AppError::invalid(e.field, e.message),
            ChecklistError::Storage(e) if e.is_unavailable() => AppError::Unavailable(e.to_string()),
            ChecklistError::Storage(e) => AppError::Internal(e.into()),
        }
    }
}

/// Runs blocking storage work off the async runtime.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ChecklistError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("storage task failed: {e}")))?
        .map_err(AppError::from)
}

fn not_found_run(id: &str) -> AppError {
    AppError::NotFound(format!("no checklist '{}'", crate::text::truncate(id, 40)))
}

/// `?lang=` on checklist API routes, for the OpenAPI document.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub(crate) struct LangQuery {
    /// `pt-BR` or `en` (any Portuguese or English tag); default: the run's own language.
    lang: Option<Lang>,
}

/// The body of `GET /api/checklists/{id}/audit`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct AuditLog {
    /// Oldest first.
    events: Vec<AuditEvent>,
}

/// Creates a run; shared by the API, the form and the MCP tool.
pub async fn create_run(state: &AppState, request: CreateRequest) -> Result<RunView, AppError> {
    let checklists = state.checklists.clone();
    let run = blocking(move || checklists.create(request)).await?;
    state.metrics.runs_created.inc();
    Ok(run)
}

/// A run by id, in `lang` or its own language; unknown ids are 404.
pub async fn load(state: &AppState, id: String, lang: Option<Lang>) -> Result<RunView, AppError> {
    let checklists = state.checklists.clone();
    let missing = not_found_run(&id);
    blocking(move || checklists.get(&id, lang)).await?.ok_or(missing)
}

/// Creates a run.
#[utoipa::path(post, path = "/api/checklists", operation_id = "createChecklist", tag = "checklists",
    request_body = CreateRequest,
    responses(
        (status = 201, description = "The run; `Location` is its page", body = RunView),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "Body over 64 KB", body = ErrorBody),
        (status = 422, description = "A field is invalid; `error.field` names it", body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<CreateRequest>,
) -> Result<Response, AppError> {
    let run = create_run(&state, request).await?;
    let location = HeaderValue::from_str(&run.url).map_err(|e| AppError::Internal(e.into()))?;
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(run)).into_response())
}

/// A run.
#[utoipa::path(get, path = "/api/checklists/{id}", operation_id = "getChecklist", tag = "checklists",
    params(("id" = String, Path, description = "Run id"), LangQuery),
    responses(
        (status = 200, description = "The run", body = RunView),
        (status = 400, description = "Unsupported language", body = ErrorBody),
        (status = 404, description = "No such run", body = ErrorBody)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    lang: ReqLang,
) -> Result<Json<RunView>, AppError> {
    // A run is shown in its own language unless one is asked for by name.
    load(&state, id, lang.explicit).await.map(Json)
}

/// Validates and applies a step change; shared by the API, the form posts and
/// the MCP tool. The answer is in `lang` (default: the run's); a refusal in `refusal_lang`.
pub async fn update(
    state: &AppState,
    id: String,
    step_id: String,
    patch: StepPatch,
    lang: Option<Lang>,
    refusal_lang: Lang,
) -> Result<StepView, AppError> {
    let change = patch
        .into_change(refusal_lang)
        .map_err(|e| AppError::invalid(e.field, e.message))?;
    let checklists = state.checklists.clone();
    let missing = AppError::NotFound(format!(
        "no step '{}' in checklist '{}'",
        crate::text::truncate(&step_id, 60),
        crate::text::truncate(&id, 40)
    ));
    let step = blocking(move || checklists.update(&id, &step_id, &change, lang))
        .await?
        .ok_or(missing)?;
    state.metrics.step_changes.inc();
    Ok(step)
}

/// Ticks, unticks, skips or notes one step (idempotent sets, never toggles).
#[utoipa::path(patch, path = "/api/checklists/{id}/steps/{step_id}", operation_id = "updateChecklistStep", tag = "checklists",
    params(("id" = String, Path, description = "Run id"), ("step_id" = String, Path, description = "Step id"), LangQuery),
    request_body = StepPatch,
    responses(
        (status = 200, description = "The step after the change", body = StepView),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "No such run or step", body = ErrorBody),
        (status = 422, description = "A field is invalid; `error.field` names it", body = ErrorBody)))]
pub(crate) async fn patch_step(
    State(state): State<AppState>,
    Path((id, step_id)): Path<(String, String)>,
    lang: ReqLang,
    ApiJson(patch): ApiJson<StepPatch>,
) -> Result<Json<StepView>, AppError> {
    update(&state, id, step_id, patch, lang.explicit, lang.resolved())
        .await
        .map(Json)
}

/// How long a client refused a live stream is asked to wait.
const STREAM_RETRY_AFTER_SECS: u64 = 10;

/// Every change of a run, live: server-sent events named `step`.
#[utoipa::path(get, path = "/api/checklists/{id}/events", operation_id = "checklistEvents", tag = "checklists",
    params(("id" = String, Path, description = "Run id"),
           ("lang" = Option<String>, Query, description = "Language of a refusal's message (default: Accept-Language)")),
    responses(
        (status = 200, description = "A stream of `step` events", content_type = "text/event-stream", body = crate::checklists::StepEvent),
        (status = 404, description = "No such run", body = ErrorBody),
        (status = 429, description = "The run has as many live streams as it may (`too_many_streams`); see Retry-After", body = ErrorBody),
        (status = 503, description = "The server has as many live streams as it keeps (`server_busy`); see Retry-After", body = ErrorBody)))]
pub(crate) async fn events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    lang: ReqLang,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let lang = lang.resolved();
    // Subscribe before checking, so no change between the check and the stream is lost.
    let subscription = state
        .checklists
        .subscribe(&id, state.web.streams)
        .map_err(|refused| stream_refused(&state, refused, lang))?;
    load(&state, id.clone(), None).await?;
    let closed = state.checklists.closed();
    let keep_alive = state.web.sse_keep_alive;
    // Counted open while the stream lives, however it ends; its place under
    // the caps is freed the same way.
    let open = (Held::new(&state.metrics.streams), subscription.slot);
    let stream = BroadcastStream::new(subscription.events).filter_map(move |event| {
        let _open = &open;
        match event {
            Ok(LiveEvent::Step(event)) => Event::default()
                .event("step")
                .id(event.revision.to_string())
                .json_data(&event)
                .ok()
                .map(Ok),
            // Missed events (this stream lagged, or the database feed was
            // interrupted): the page reloads the run rather than show stale state.
            Ok(LiveEvent::Resync) | Err(_) => Some(Ok(Event::default().event("resync").data("{}"))),
        }
    });
    // Streams never end on their own; they must when the server shuts down.
    let stream = futures_util::StreamExt::take_until(stream, closed);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(keep_alive)))
}

/// A live stream over a cap: 429 when the run has its share, 503 when the
/// server has; both say when to try again, in the reader's language.
fn stream_refused(state: &AppState, refused: Refused, lang: Lang) -> AppError {
    let strings = state.content.catalog.strings(lang);
    let (status, code, key, max) = match refused {
        Refused::RunFull(max) => (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_streams",
            "streams_run_full",
            max,
        ),
        Refused::ServerFull(max) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "server_busy",
            "streams_server_full",
            max,
        ),
    };
    tracing::warn!(code, max, "live stream refused");
    AppError::Busy {
        status,
        code,
        message: strings.t(key).replace("{max}", &max.to_string()),
        retry_after_secs: STREAM_RETRY_AFTER_SECS,
    }
}

/// The audit log of a run, oldest first.
#[utoipa::path(get, path = "/api/checklists/{id}/audit", operation_id = "checklistAudit", tag = "checklists",
    params(("id" = String, Path, description = "Run id")),
    responses(
        (status = 200, description = "The audit log", body = AuditLog),
        (status = 404, description = "No such run", body = ErrorBody)))]
pub(crate) async fn audit(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AuditLog>, AppError> {
    load(&state, id.clone(), None).await?;
    let checklists = state.checklists.clone();
    let events = blocking(move || checklists.audit(&id)).await?;
    Ok(Json(AuditLog { events }))
}

// ---- Pages --------------------------------------------------------------------

/// `?template=` of the "new checklist" page.
#[derive(Debug, Deserialize, Default)]
pub struct NewQuery {
    template: Option<String>,
}

/// What was typed into the form, by field name (`template`, `lang`, then the
/// template's parameters), kept to redisplay it with an error.
type NewForm = BTreeMap<String, String>;

#[derive(Template)]
#[template(path = "checklist_new.html")]
struct NewPage<'a> {
    page: Chrome<'a>,
    templates: Vec<TemplateLink>,
    template: String,
    fields: Vec<Field>,
    /// A refusal no field explains (shown above the form).
    error: Option<String>,
    /// Some field was refused: the summary above the form says so.
    invalid: bool,
    /// The template's `forbid` rules the form applies as choices are made
    /// (JSON, see [`choice_rules`]).
    choice_rules: String,
}

/// A refused form: the parameter (without `params.`) and why.
struct FieldError {
    field: String,
    message: String,
}

/// A template in the list at the top of the page.
struct TemplateLink {
    url: String,
    title: String,
    description: String,
    current: bool,
}

/// A form field, generated from a declared parameter.
struct Field {
    name: String,
    label: String,
    help: Option<String>,
    /// `radio`, `select` or `text`.
    control: &'static str,
    value: String,
    required: bool,
    max_chars: Option<usize>,
    /// Why the value was refused, in the page's language.
    error: Option<String>,
    /// The first refused field gets the focus.
    first_error: bool,
    /// For `select`: the label of "left out".
    none_label: Option<String>,
    choices: Vec<FieldChoice>,
    /// For texts and lists: the declared patterns and refusal message, so the
    /// browser checks what the server will check before sending.
    pattern: Option<String>,
    reject: Option<String>,
    invalid: Option<String>,
    /// A list: typed items separated by commas, semicolons or spaces.
    list: bool,
}

/// A `forbid` rule as the form applies it: when every other parameter of the
/// combination (and of its `when`) has one of its values, the values of
/// `field` the rule forbids are not offered.
#[derive(serde::Serialize)]
struct ChoiceRule<'a> {
    field: &'a str,
    values: &'a [String],
    when: BTreeMap<&'a str, &'a [String]>,
}

/// The template's `forbid` rules over parameters alone, as JSON for the form
/// script. A rule naming a derived value stays the server's (the script does
/// not compute derived values); the server checks every rule anyway.
fn choice_rules(template: &ChecklistTemplate) -> String {
    let declaration = template.declaration();
    let rules: Vec<ChoiceRule> = template
        .rules
        .iter()
        .filter_map(|rule| {
            let forbid = rule.forbid.as_ref()?;
            let field = rule
                .field
                .as_deref()
                .or(forbid.keys().last().map(String::as_str))?;
            let conditions = rule
                .when
                .iter()
                .chain(forbid.iter().filter(|(name, _)| *name != field));
            let when: BTreeMap<&str, &[String]> = conditions
                .map(|(name, values)| (name.as_str(), values.as_slice()))
                .collect();
            let on_params = when
                .keys()
                .chain([&field])
                .all(|name| declaration.param(name).is_some());
            on_params.then(|| ChoiceRule {
                field,
                values: &forbid[field],
                when,
            })
        })
        .collect();
    serde_json::to_string(&rules).unwrap_or_else(|_| "[]".to_owned())
}

/// An option of a radio group or select.
struct FieldChoice {
    value: String,
    label: String,
    selected: bool,
}

fn fields(
    template: &ChecklistTemplate,
    lang: Lang,
    form: &NewForm,
    error: Option<&FieldError>,
) -> Vec<Field> {
    template
        .params
        .iter()
        .map(|spec| {
            let value = form
                .get(&spec.name)
                .cloned()
                .or_else(|| spec.default.clone())
                .unwrap_or_default();
            let control = match (spec.kind, spec.optional) {
                (ParamKind::Choice, false) => "radio",
                (ParamKind::Choice, true) => "select",
                _ => "text",
            };
            Field {
                name: spec.name.clone(),
                label: spec.label.get(lang).to_owned(),
                help: spec.help.as_ref().map(|h| h.get(lang).to_owned()),
                control,
                required: !spec.optional,
                max_chars: spec.max_chars.filter(|_| spec.kind == ParamKind::Text),
                error: error.filter(|e| e.field == spec.name).map(|e| e.message.clone()),
                first_error: error.is_some_and(|e| e.field == spec.name),
                none_label: spec.none_label.as_ref().map(|l| l.get(lang).to_owned()),
                choices: spec
                    .choices
                    .iter()
                    .map(|c| FieldChoice {
                        value: c.value.clone(),
                        label: c.label.get(lang).to_owned(),
                        selected: c.value == value,
                    })
                    .collect(),
                pattern: spec.pattern.clone(),
                reject: spec.reject.clone(),
                invalid: spec.invalid.as_ref().map(|m| m.get(lang).to_owned()),
                list: spec.kind == ParamKind::List,
                value,
            }
        })
        .collect()
}

fn new_page_html(
    state: &AppState,
    lang: Lang,
    template: &ChecklistTemplate,
    form: &NewForm,
    error: Option<FieldError>,
) -> Result<Html<String>, PageError> {
    let page = Chrome::new(
        state,
        lang,
        format!("/checklists/new?template={}&lang={}", template.id, lang.other()),
    );
    let templates = state
        .content
        .checklists
        .values()
        .map(|t| TemplateLink {
            url: format!("/checklists/new?template={}&lang={lang}", t.id),
            title: t.name.get(lang).to_owned(),
            description: t.description.get(lang).to_owned(),
            current: t.id == template.id,
        })
        .collect();
    let fields = fields(template, lang, form, error.as_ref());
    let on_a_field = fields.iter().any(|f| f.error.is_some());
    let html = NewPage {
        page,
        templates,
        template: template.id.clone(),
        fields,
        // Only a refusal that names no field of the form is shown on its own.
        error: error.filter(|_| !on_a_field).map(|e| e.message),
        invalid: on_a_field,
        choice_rules: choice_rules(template),
    };
    render_page(state, lang, &html)
}

/// The template a form or page asks for: the named one, else the first; a
/// 404 page in `lang` when there is none.
fn chosen_template<'a>(
    state: &'a AppState,
    id: Option<&str>,
    lang: Lang,
) -> Result<&'a ChecklistTemplate, PageError> {
    let templates = &state.content.checklists;
    let template = match id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => templates.get(id),
        None => templates.values().next(),
    };
    template.ok_or_else(|| {
        PageError::new(
            state,
            lang,
            AppError::NotFound("no such checklist template".into()),
        )
    })
}

async fn new_page(
    State(state): State<AppState>,
    lang: ReqLang,
    params: Result<Query<NewQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let query = params.map(|p| p.0).unwrap_or_default();
    let lang = lang.resolved();
    let template = chosen_template(&state, query.template.as_deref(), lang)?;
    Ok(new_page_html(&state, lang, template, &NewForm::new(), None)?.into_response())
}

/// The parameters typed into the form, as the declaration types them: lists
/// split on commas, semicolons or spaces; empty fields left out.
fn form_params(template: &ChecklistTemplate, form: &NewForm) -> Params {
    let mut params = Params::default();
    for (name, value) in form.iter().filter(|(k, _)| *k != "template" && *k != "lang") {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let is_list = template
            .declaration()
            .param(name)
            .is_some_and(|p| p.kind == ParamKind::List);
        let value = if is_list {
            ParamValue::Many(
                value
                    .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )
        } else {
            ParamValue::One(value.to_owned())
        };
        params = params.with(name, value);
    }
    params
}

async fn create_form(
    State(state): State<AppState>,
    lang: ReqLang,
    PageForm(form): PageForm<NewForm>,
) -> Result<Response, PageError> {
    let lang = lang
        .with_tag(form.get("lang").map(String::as_str))
        .map_err(|rejection| rejection.page_error(&state))?
        .resolved();
    let template = chosen_template(&state, form.get("template").map(String::as_str), lang)?;
    let request = CreateRequest {
        template: template.id.clone(),
        lang: Some(lang.as_str().into()),
        params: form_params(template, &form),
    };
    match create_run(&state, request).await {
        Ok(run) => Ok(Redirect::to(&format!("{}?lang={}", run.url, lang)).into_response()),
        Err(AppError::Invalid { field, message }) => {
            let error = FieldError {
                // `params.passive_nodes[1]` is the `passive_nodes` field.
                field: field
                    .strip_prefix("params.")
                    .unwrap_or(&field)
                    .split('[')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                message,
            };
            let html = new_page_html(&state, lang, template, &form, Some(error))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(e) => Err(PageError::new(&state, lang, e)),
    }
}

/// `?state=` of the runs list.
#[derive(Debug, Deserialize, Default)]
pub struct RunsQuery {
    state: Option<String>,
}

async fn runs_page(
    State(state): State<AppState>,
    lang: ReqLang,
    params: Result<Query<RunsQuery>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let params = params.map(|p| p.0).unwrap_or_default();
    let lang = lang.resolved();
    let shown = state.clone();
    tokio::task::spawn_blocking(move || {
        crate::web::run_page::render_list(&shown, lang, params.state.as_deref())
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("list task failed: {e}")))
    .and_then(|r| r)
    .map_err(|e| PageError::new(&state, lang, e))
}

async fn run_page(
    State(state): State<AppState>,
    lang: ReqLang,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let run = load(&state, id, lang.explicit)
        .await
        .map_err(|e| PageError::new(&state, lang.resolved(), e))?;
    let lang = run.lang;
    render_run_page(&state, run).map_err(|e| PageError::new(&state, lang, e))
}

/// Renders the run page (public for the benchmark).
pub fn render_run_page(state: &AppState, run: RunView) -> Result<Html<String>, AppError> {
    crate::web::run_page::render(state, run, None)
}

/// A step form post: one of the buttons, with the fields it needs.
#[derive(Debug, Deserialize, Default)]
pub struct StepForm {
    action: String,
    by: Option<String>,
    note: Option<String>,
    reason: Option<String>,
    lang: Option<String>,
}

async fn step_form(
    State(state): State<AppState>,
    lang: ReqLang,
    Path((id, step_id)): Path<(String, String)>,
    PageForm(form): PageForm<StepForm>,
) -> Result<Response, PageError> {
    let lang = lang
        .with_tag(form.lang.as_deref())
        .map_err(|rejection| rejection.page_error(&state))?
        .resolved();
    let by = form.by.clone();
    let patch = match form.action.as_str() {
        "done" => StepPatch {
            done: Some(true),
            by,
            ..Default::default()
        },
        "undo" => StepPatch {
            done: Some(false),
            by,
            ..Default::default()
        },
        "skip" => StepPatch {
            skipped: Some(true),
            reason: form.reason,
            by,
            ..Default::default()
        },
        "unskip" => StepPatch {
            skipped: Some(false),
            by,
            ..Default::default()
        },
        "note" => StepPatch {
            note: Some(form.note.unwrap_or_default()),
            by,
            ..Default::default()
        },
        other => {
            let error = AppError::invalid(
                "action",
                format!("unknown action '{}'", crate::text::truncate(other, 20)),
            );
            return Err(PageError::new(&state, lang, error));
        }
    };
    match update(&state, id.clone(), step_id.clone(), patch, Some(lang), lang).await {
        Ok(_) => {}
        // A refused change is shown at its step, in the page's language.
        Err(AppError::Invalid { field, message }) => {
            let t = state.content.catalog.strings(lang);
            let message = match field.as_str() {
                "reason" => t.t("skip_reason_required").to_owned(),
                _ => format!("{} {message}", t.t("save_refused")),
            };
            let run = load(&state, id, Some(lang))
                .await
                .map_err(|e| PageError::new(&state, lang, e))?;
            let html = crate::web::run_page::render(&state, run, Some((step_id, message)))
                .map_err(|e| PageError::new(&state, lang, e))?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
        }
        Err(e) => return Err(PageError::new(&state, lang, e)),
    }
    Ok(Redirect::to(&format!("/checklists/{id}?lang={lang}#step-{step_id}")).into_response())
}

async fn export_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
    lang: ReqLang,
) -> Result<Response, AppError> {
    let run = load(&state, id.clone(), lang.explicit).await?;
    let checklists = state.checklists.clone();
    let events = blocking(move || checklists.audit(&id)).await?;
    let body = serde_json::json!({ "run": run, "audit": events });
    let disposition = format!(
        "attachment; filename=\"{}\"",
        crate::checklists::export::file_name(&run, "json")
    );
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(body)).into_response())
}

async fn export_markdown(
    State(state): State<AppState>,
    Path(id): Path<String>,
    lang: ReqLang,
) -> Result<Response, AppError> {
    let run = load(&state, id, lang.explicit).await?;
    let t = state.content.catalog.strings(run.lang);
    let details = crate::web::run_page::cluster_rows(&state, &run);
    let markdown = crate::checklists::export::markdown(&run, &details, t);
    let disposition = format!(
        "attachment; filename=\"{}\"",
        crate::checklists::export::file_name(&run, "md")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        markdown,
    )
        .into_response())
}
