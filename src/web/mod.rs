//! The HTTP surface: routes, middleware and static files.

pub mod answers;
pub mod checklists;
pub mod clients;
pub mod docs;
pub mod extract;
pub mod gate;
pub mod identity;
pub mod lang;
pub mod mcp;
pub mod openapi;
pub mod origin;
pub mod pages;
pub mod search;
pub mod settings;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::error::AppError;
use crate::lang::Lang;
use crate::state::{AppState, Live};
use crate::web::gate::Gate;
use crate::web::mcp::McpSettings;
use crate::web::settings::WebSettings;

/// No inline script or style: everything comes from `/static`.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// How long browsers may cache static files.
const STATIC_MAX_AGE: Duration = Duration::from_secs(3600);

/// Builds the whole application, ready to serve or to call with `oneshot`:
/// over a fixed [`crate::state::AppState`], or over a [`Live`] one that reloads
/// replace; the MCP endpoint in its default setting (every tool, loopback
/// only) and default handler settings.
pub fn router(state: impl Into<Live>, static_dir: &Path) -> Router {
    app(state, static_dir, &McpSettings::default(), WebSettings::default())
}

/// Builds the whole application with the MCP endpoint at `/mcp` set up by
/// `mcp`, and the handlers' settings (origins, identities, live streams, the
/// run quota, which `/mcp` shares).
pub fn app(state: impl Into<Live>, static_dir: &Path, mcp: &McpSettings, settings: WebSettings) -> Router {
    let state: Live = state.into();
    // Fixed for the process: reloads keep the limits.
    let body_limit = state.snapshot().limits.body_bytes;
    let mcp = mcp::http_service(state.clone(), mcp, settings.runs.clone());
    let identity = settings.identity.clone();
    // A miss is the 404 page in the reader's language, like any unknown path;
    // directories are misses too (no listing, no index.html, no redirect that
    // would lose the /static prefix).
    let static_miss = axum::handler::Handler::with_state(pages::fallback, state.clone());
    let static_files = Router::new()
        .nest_service(
            "/static",
            ServeDir::new(static_dir)
                .append_index_html_on_directories(false)
                .redirect_to_trailing_slash(false)
                .not_found_service(static_miss),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_str(&format!("public, max-age={}", STATIC_MAX_AGE.as_secs()))
                .expect("cache-control value is ASCII"),
        ))
        .layer(Gate::new(state.clone(), identity.clone()));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/favicon.ico", get(favicon))
        .merge(search::router())
        .merge(answers::router())
        .merge(openapi::router())
        .merge(checklists::router())
        .merge(docs::router())
        .fallback(pages::fallback)
        .method_not_allowed_fallback(method_not_allowed)
        // The settings are fixed for the life of the process, unlike the state reloads replace.
        .layer(Gate::for_routes(state.clone(), Arc::new(settings)))
        .merge(mcp.layer(Gate::new(state.clone(), identity)))
        .with_state(state)
        .merge(static_files)
        // One layer for all of these: each `Router::layer` call wraps every
        // route in a box of its own, paid on every request. The first is
        // the outermost.
        .layer(
            ServiceBuilder::new()
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
                .layer(security_header(
                    header::REFERRER_POLICY,
                    "strict-origin-when-cross-origin",
                ))
                .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(security_header(
                    header::CONTENT_SECURITY_POLICY,
                    CONTENT_SECURITY_POLICY,
                ))
                .layer(DefaultBodyLimit::max(body_limit)),
        )
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> AppError {
    let path = crate::text::truncate(uri.path(), 200);
    AppError::MethodNotAllowed(crate::lang::current().pick(
        format!("{method} is not allowed on {path}"),
        format!("{method} não é permitido em {path}"),
    ))
}

/// Browsers ask for `/favicon.ico` whatever the page links; answer with the icon.
async fn favicon() -> impl axum::response::IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/favicon.svg"),
    )
}

async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// How long `/readyz` waits for the database: less than a load balancer's
/// probe timeout, so a database that hangs reads as not ready, not as a
/// probe that timed out.
const READY_DATABASE_TIMEOUT: Duration = Duration::from_secs(2);

/// Ready to take traffic: the checklist database answers (SQLite or
/// PostgreSQL, through the same storage check), the search index holds
/// sections and is of the content being served (not the previous content's,
/// while a start with changed content rebuilds it), and the server is not
/// shutting down. 503 names what is not.
async fn readyz(State(state): State<AppState>) -> Response {
    let checklists = state.checklists.clone();
    let ping = tokio::task::spawn_blocking(move || checklists.ping());
    let database = match tokio::time::timeout(READY_DATABASE_TIMEOUT, ping).await {
        Ok(Ok(Ok(()))) => "ok",
        Ok(Ok(Err(error))) => {
            tracing::warn!(%error, "readiness: the database does not answer");
            "unavailable"
        }
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness: the database check failed");
            "unavailable"
        }
        Err(_) => {
            tracing::warn!("readiness: the database did not answer in {READY_DATABASE_TIMEOUT:?}");
            "unavailable"
        }
    };
    let content = if !Lang::ALL.iter().all(|&lang| state.search.sections(lang) > 0) {
        "empty"
    } else if !state.search.is_current() {
        "indexing"
    } else {
        "ok"
    };
    let stopping = state.checklists.is_closing();
    let ready = database == "ok" && content == "ok" && !stopping;
    let body = json!({
        "status": if ready { "ready" } else { "not_ready" },
        "checks": { "database": database, "content": content, "shutting_down": stopping },
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// Prometheus scrapes this (OpenMetrics text format).
async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(
            [
                ("search", state.search.cache_counts()),
                ("answers", state.answers.cache_counts()),
                ("checklist_steps", Some(state.checklists.expansion_counts())),
            ]
            .into_iter()
            .filter_map(|(name, counts)| Some((name, counts?)))
            .collect(),
        ),
    )
        .into_response()
}

/// Request headers from name/value pairs, for the middleware's unit tests.
#[cfg(test)]
pub(crate) fn test_headers(pairs: &[(&'static str, &str)]) -> axum::http::HeaderMap {
    let mut map = axum::http::HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, axum::http::HeaderValue::from_str(value).unwrap());
    }
    map
}
