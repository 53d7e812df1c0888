//! Exports of a run: Markdown (a record to file with the change) and JSON
//! (the run and its audit log). They are downloads a script fetches as well
//! as a person, so every refusal — an unsupported `lang` included — is a
//! JSON error, as under `/api/`.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::api::{blocking, load};
use super::run_page;
use crate::error::AppError;
use crate::state::{AppState, Live};
use crate::web::lang::{LangRejection, ReqLang};

/// The export routes.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/checklists/{id}/export.md", get(export_markdown))
        .route("/checklists/{id}/export.json", get(export_json))
}

async fn export_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
    lang: Result<ReqLang, LangRejection>,
) -> Result<Response, AppError> {
    let run = load(&state, id.clone(), lang?.explicit).await?;
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
    lang: Result<ReqLang, LangRejection>,
) -> Result<Response, AppError> {
    let run = load(&state, id, lang?.explicit).await?;
    let t = state.content.catalog.strings(run.lang);
    let details = run_page::cluster_rows(&state, &run);
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
