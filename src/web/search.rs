//! Search: `/api/search` (JSON, shared with the MCP tool) and the `/search` page.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::error::{AppError, ErrorBody};
use crate::lang::Lang;
use crate::limits::{Bound, Limits, too_long};
use crate::search::{DEFAULT_LIMIT, MAX_LIMIT, SearchResults};
use crate::state::{AppState, Live};
use crate::web::extract::ApiQuery;
use crate::web::lang::ReqLang;
use crate::web::pages::{Chrome, PageError, render_page, urlencode};

/// Search routes.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/api/search", get(search_route))
        .route("/search", get(search_page))
}

/// Query string of `/api/search`, and the arguments of the MCP tool `search_docs`.
#[derive(Debug, Default, Deserialize, JsonSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to search for, in Portuguese or English; any text up to the server's limit is valid (no operators).
    #[serde(default)]
    pub q: String,
    /// `pt-BR` or `en` (any Portuguese or English tag); the other language is searched when this one has no hits.
    #[param(value_type = Option<Lang>)]
    pub lang: Option<String>,
    /// Number of hits, 1 to 50 (default 10).
    #[serde(default, deserialize_with = "number_or_string")]
    #[schemars(with = "Option<usize>", range(min = 1, max = MAX_LIMIT))]
    #[param(value_type = Option<usize>, minimum = 1, maximum = 50, default = 10)]
    pub limit: Option<String>,
}

impl SearchParams {
    /// The bounds the server holds these parameters to, for the schemas
    /// (set at start: the limits are the operator's).
    pub fn bounds(limits: &Limits) -> [(&'static str, Bound); 1] {
        [("q", Bound::Chars(limits.query_chars))]
    }
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

/// Parses `limit`: absent → the default; otherwise 1..=50 (a refusal in `lang`).
pub fn parse_limit(limit: Option<&str>, lang: Lang) -> Result<usize, AppError> {
    let Some(raw) = limit.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(DEFAULT_LIMIT);
    };
    match raw.parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(AppError::bad_parameter(
            "invalid_parameter",
            "limit",
            lang.pick(
                format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}, not '{}'",
                    crate::text::truncate(raw, 40)
                ),
                format!(
                    "limit deve ser um número inteiro de 1 a {MAX_LIMIT}, não '{}'",
                    crate::text::truncate(raw, 40)
                ),
            ),
        )),
    }
}

/// Refuses a query longer than [`Limits::query_chars`], in `lang`: every
/// word costs typo and prefix expansions, so the length bounds the work.
pub fn check_query(q: &str, lang: Lang, limits: &Limits) -> Result<(), AppError> {
    let max = limits.query_chars;
    if q.chars().count() > max {
        return Err(AppError::bad_parameter(
            "query_too_long",
            "q",
            too_long(lang, max),
        ));
    }
    Ok(())
}

/// Validates the parameters and searches; shared by `/api/search` and the
/// MCP tool (`lang` is what the request says besides `params`).
pub fn search(state: &AppState, params: &SearchParams, lang: ReqLang) -> Result<SearchResults, AppError> {
    let lang = lang.with_tag(params.lang.as_deref())?.resolved();
    check_query(&params.q, lang, &state.limits)?;
    let limit = parse_limit(params.limit.as_deref(), lang)?;
    Ok(state.search.search(&params.q, lang, limit)?)
}

/// Full-text search of the documents, one hit per section.
#[utoipa::path(get, path = "/api/search", operation_id = "search", tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Hits, best first", body = SearchResults),
        (status = 400, description = "A parameter is invalid (`limit`, an over-long `q`, an unsupported `lang`); `error.field` names it", body = ErrorBody)))]
pub(crate) async fn search_route(
    State(state): State<AppState>,
    lang: ReqLang,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    search(&state, &params, lang).map(Json)
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    page: Chrome<'a>,
    results: SearchResults,
}

/// Query string of `/search`.
#[derive(Debug, Deserialize, Default)]
pub struct SearchPageParams {
    #[serde(default)]
    q: String,
}

async fn search_page(
    State(state): State<AppState>,
    lang: ReqLang,
    params: Result<Query<SearchPageParams>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let params = params.map(|p| p.0).unwrap_or_default();
    let lang = lang.resolved();
    let fail = |e: AppError| PageError::new(&state, lang, e);
    check_query(&params.q, lang, &state.limits).map_err(fail)?;
    let results = state
        .search
        .search(&params.q, lang, DEFAULT_LIMIT)
        .map_err(|e| fail(e.into()))?;
    let switch = format!("/search?lang={}&q={}", lang.other(), urlencode(&params.q));
    let mut page = Chrome::new(&state, lang, switch);
    page.query = params.q;
    render_page(&state, lang, &SearchPage { page, results })
}
