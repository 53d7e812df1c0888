//! JSON API: `/api/search`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::error::AppError;
use crate::lang::Lang;
use crate::limits::{MAX_QUERY_CHARS, too_long};
use crate::search::{DEFAULT_LIMIT, MAX_LIMIT, SearchResults};
use crate::state::{AppState, Live};
use crate::web::extract::ApiQuery;
use crate::web::lang::ReqLang;

/// Routes under `/api` that belong to search.
pub fn router() -> Router<Live> {
    Router::new().route("/api/search", get(search_route))
}

/// Query string of `/api/search`, and the arguments of the MCP tool `search_docs`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct SearchParams {
    /// What to search for, in Portuguese or English; any text of up to 500 characters is valid (no operators).
    #[serde(default)]
    #[schemars(length(max = MAX_QUERY_CHARS))]
    pub q: String,
    /// `pt-BR` or `en` (any Portuguese or English tag); the other language is searched when this one has no hits.
    pub lang: Option<String>,
    /// Number of hits, 1 to 50 (default 10).
    #[serde(default, deserialize_with = "number_or_string")]
    #[schemars(with = "Option<usize>", range(min = 1, max = MAX_LIMIT))]
    pub limit: Option<String>,
}

/// A query string carries `limit` as text and a JSON client as a number;
/// both are kept as text so that [`parse_limit`] judges them alike.
fn number_or_string<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(serde_json::Number),
        Text(String),
    }
    Ok(Option::<Raw>::deserialize(deserializer)?.map(|raw| match raw {
        Raw::Number(n) => n.to_string(),
        Raw::Text(s) => s,
    }))
}

/// Parses `limit`: absent → the default; otherwise 1..=50.
pub fn parse_limit(limit: Option<&str>) -> Result<usize, AppError> {
    let Some(raw) = limit.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(DEFAULT_LIMIT);
    };
    match raw.parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(AppError::bad_parameter(
            "invalid_parameter",
            "limit",
            format!(
                "limit must be a whole number from 1 to {MAX_LIMIT}, not '{}'",
                crate::text::truncate(raw, 40)
            ),
        )),
    }
}

/// Refuses a query longer than [`MAX_QUERY_CHARS`], in `lang`: every
/// word costs typo and prefix expansions, so the length bounds the work.
pub fn check_query(q: &str, lang: Lang) -> Result<(), AppError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::bad_parameter(
            "query_too_long",
            "q",
            too_long(lang, MAX_QUERY_CHARS),
        ));
    }
    Ok(())
}

/// Validates the parameters and searches; shared by `/api/search` and the
/// MCP tool (`lang` is what the request says besides `params`).
pub fn search(state: &AppState, params: &SearchParams, lang: ReqLang) -> Result<SearchResults, AppError> {
    let lang = lang.with_tag(params.lang.as_deref())?.resolved();
    check_query(&params.q, lang)?;
    let limit = parse_limit(params.limit.as_deref())?;
    Ok(state.search.search(&params.q, lang, limit)?)
}

async fn search_route(
    State(state): State<AppState>,
    lang: ReqLang,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    search(&state, &params, lang).map(Json)
}
