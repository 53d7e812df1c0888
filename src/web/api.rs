//! JSON API: `/api/search`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use crate::error::AppError;
use crate::search::{DEFAULT_LIMIT, MAX_LIMIT, SearchResults};
use crate::state::{AppState, Live};
use crate::web::extract::{AcceptLanguage, ApiQuery};

/// Routes under `/api` that belong to search.
pub fn router() -> Router<Live> {
    Router::new().route("/api/search", get(search))
}

/// Query string of `/api/search`.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    /// What the user typed.
    #[serde(default)]
    pub q: String,
    /// `pt-BR` or `en` (any Portuguese or English tag).
    pub lang: Option<String>,
    /// Number of hits, 1 to 50.
    pub limit: Option<String>,
}

/// Parses `limit`: absent → the default; otherwise 1..=50.
pub fn parse_limit(limit: Option<&str>) -> Result<usize, AppError> {
    let Some(raw) = limit.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(DEFAULT_LIMIT);
    };
    match raw.parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(AppError::bad_request(
            "invalid_parameter",
            format!(
                "limit must be a whole number from 1 to {MAX_LIMIT}, not '{}'",
                crate::text::truncate(raw, 40)
            ),
        )),
    }
}

async fn search(
    State(state): State<AppState>,
    accept: AcceptLanguage,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    let lang = accept.resolve(params.lang.as_deref())?;
    let limit = parse_limit(params.limit.as_deref())?;
    Ok(Json(state.search.search(&params.q, lang, limit)?))
}
