//! The checklist JSON API and server-sent events, and the functions behind
//! them that the pages, the exports and the MCP tools share.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use tokio_stream::{Stream, StreamExt, wrappers::BroadcastStream};

use crate::checklists::live::{LiveEvent, Refused};
use crate::checklists::steps::StepPatch;
use crate::checklists::store::AuditEvent;
use crate::checklists::view::{RunView, StepView};
use crate::checklists::{ChecklistError, CreateRequest};
use crate::error::{AppError, ErrorBody};
use crate::lang::Lang;
use crate::metrics::Held;
use crate::state::{AppState, Live};
use crate::web::clients::{Client, RunQuota};
use crate::web::extract::ApiJson;
use crate::web::identity::Identity;
use crate::web::lang::ReqLang;
use crate::web::settings::WebSettings;

/// The API routes.
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
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ChecklistError> + Send + 'static,
) -> Result<T, AppError> {
    let lang = crate::lang::current();
    tokio::task::spawn_blocking(move || crate::lang::speaking_blocking(lang, work))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("storage task failed: {e}")))?
        .map_err(AppError::from)
}

fn not_found_run(id: &str) -> AppError {
    let id = crate::text::truncate(id, 40);
    AppError::NotFound(
        crate::lang::current().pick(format!("no checklist '{id}'"), format!("não há checklist '{id}'")),
    )
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

/// Creates a run; shared by the API, the form and the MCP tool. The body's
/// `lang` is read like every other `lang` (it wins over `?lang=`, then
/// `Accept-Language`, then English); one docdesk does not speak is 400
/// `unsupported_language`. With identities required, only by someone known
/// (a refusal in the run's language). Counted against `client` in `runs`,
/// the one allowance the API, the form and the MCP tool share.
pub async fn create_run(
    state: &AppState,
    request: CreateRequest,
    (identity, client): (&Identity, &Client),
    runs: &RunQuota,
    lang: ReqLang,
) -> Result<RunView, AppError> {
    let lang = lang.with_tag(request.lang.as_deref())?.resolved();
    let by = identity.actor(state, lang)?;
    if let Err(wait) = runs.take(client) {
        tracing::warn!(
            ?client,
            ?wait,
            "run creation refused: over the client's hourly cap"
        );
        let max = runs.limit().to_string();
        return Err(AppError::Busy {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "too_many_runs",
            message: state
                .content
                .catalog
                .strings(lang)
                .t("runs_client_full")
                .replace("{max}", &max),
            retry_after_secs: wait.as_secs() + 1,
        });
    }
    let (checklists, limits) = (state.checklists.clone(), *state.limits);
    let run =
        blocking(move || checklists.create(&request.template, request.params, lang, &limits, by.as_deref()))
            .await?;
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
        (status = 400, description = "Malformed JSON, or an unsupported language", body = ErrorBody),
        (status = 401, description = "Identities are required and this request has none (`identity_required`) or an unknown token (`invalid_token`)", body = ErrorBody),
        (status = 403, description = "Sent from another site (`cross_origin`), or the identity header from an address that is not the trusted proxy's (`untrusted_proxy`)", body = ErrorBody),
        (status = 413, description = "Body larger than the server accepts (`--max-body-bytes`)", body = ErrorBody),
        (status = 422, description = "A field is invalid; `error.field` names it", body = ErrorBody),
        (status = 429, description = "This client created as many runs this hour as it may (`too_many_runs`); see Retry-After", body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    lang: ReqLang,
    identity: Identity,
    client: Client,
    Extension(settings): Extension<Arc<WebSettings>>,
    ApiJson(request): ApiJson<CreateRequest>,
) -> Result<Response, AppError> {
    let run = create_run(&state, request, (&identity, &client), &settings.runs, lang).await?;
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
/// the MCP tool. The answer is in `lang` (default: the run's); a refusal in
/// `refusal_lang`. With identities required, the change is recorded under
/// the request's identity whatever `by` says, and refused without one.
pub async fn update(
    state: &AppState,
    id: String,
    step_id: String,
    mut patch: StepPatch,
    lang: Option<Lang>,
    refusal_lang: Lang,
    identity: &Identity,
) -> Result<StepView, AppError> {
    if let Some(actor) = identity.actor(state, refusal_lang)? {
        patch.by = Some(actor);
    }
    let change = patch
        .into_change(refusal_lang, &state.limits)
        .map_err(|e| AppError::invalid(e.field, e.message))?;
    let checklists = state.checklists.clone();
    let (step, run) = (
        crate::text::truncate(&step_id, 60),
        crate::text::truncate(&id, 40),
    );
    let missing = AppError::NotFound(refusal_lang.pick(
        format!("no step '{step}' in checklist '{run}'"),
        format!("não há etapa '{step}' no checklist '{run}'"),
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
        (status = 400, description = "Malformed JSON, or an unsupported language", body = ErrorBody),
        (status = 401, description = "Identities are required and this request has none (`identity_required`) or an unknown token (`invalid_token`)", body = ErrorBody),
        (status = 403, description = "Sent from another site (`cross_origin`), or the identity header from an address that is not the trusted proxy's (`untrusted_proxy`)", body = ErrorBody),
        (status = 404, description = "No such run or step", body = ErrorBody),
        (status = 413, description = "Body larger than the server accepts (`--max-body-bytes`)", body = ErrorBody),
        (status = 422, description = "A field is invalid; `error.field` names it", body = ErrorBody)))]
pub(crate) async fn patch_step(
    State(state): State<AppState>,
    Path((id, step_id)): Path<(String, String)>,
    lang: ReqLang,
    identity: Identity,
    ApiJson(patch): ApiJson<StepPatch>,
) -> Result<Json<StepView>, AppError> {
    update(
        &state,
        id,
        step_id,
        patch,
        lang.explicit,
        lang.resolved(),
        &identity,
    )
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
        (status = 200, description = "A stream of `step` events", content_type = "text/event-stream", body = crate::checklists::view::StepEvent),
        (status = 404, description = "No such run", body = ErrorBody),
        (status = 429, description = "The run has as many live streams as it may (`too_many_streams`); see Retry-After", body = ErrorBody),
        (status = 503, description = "The server has as many live streams as it keeps (`server_busy`); see Retry-After", body = ErrorBody)))]
pub(crate) async fn events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    lang: ReqLang,
    Extension(settings): Extension<Arc<WebSettings>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let lang = lang.resolved();
    // Subscribe before checking, so no change between the check and the stream is lost.
    let subscription = state
        .checklists
        .subscribe(&id, settings.streams)
        .map_err(|refused| stream_refused(&state, refused, lang))?;
    load(&state, id.clone(), None).await?;
    let closed = state.checklists.closed();
    let keep_alive = settings.sse_keep_alive;
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
