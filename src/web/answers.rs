//! Answer routes: `POST /api/answer`, `GET /api/compat`, the matrix as JSON
//! and CSV, and the OpenAPI document.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::answers::matrix::Matrix;
use crate::answers::{Answer, MAX_QUESTION_CHARS};
use crate::error::AppError;
use crate::lang::Lang;
use crate::state::{AppState, Live};
use crate::web::extract::{AcceptLanguage, ApiJson, ApiQuery};

/// Answer routes.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/api/answer", post(answer))
        .route("/api/compat", get(compat))
        .route("/api/compat/matrix", get(matrix))
        .route("/api/compat/matrix.csv", get(matrix_csv))
        .route("/api/openapi.json", get(openapi))
}

/// Body of `POST /api/answer`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// The question, in Portuguese or English.
    pub question: String,
    /// `pt-BR` or `en`; detected from the question when absent.
    pub lang: Option<String>,
}

/// Validates a question and its optional language; shared by the API and the form.
pub fn answer_question(state: &AppState, question: &str, lang: Option<&str>) -> Result<Answer, AppError> {
    let question = question.trim();
    if question.is_empty() {
        return Err(AppError::bad_request(
            "empty_question",
            "question must not be empty",
        ));
    }
    let chars = question.chars().count();
    if chars > MAX_QUESTION_CHARS {
        return Err(AppError::bad_request(
            "question_too_long",
            format!("question has {chars} characters; at most {MAX_QUESTION_CHARS} are accepted"),
        ));
    }
    let lang = match lang.map(str::trim).filter(|l| !l.is_empty()) {
        Some(tag) => Some(
            Lang::from_tag(tag).map_err(|e| AppError::bad_request("unsupported_language", e.to_string()))?,
        ),
        None => None,
    };
    Ok(state.answers.answer(question, lang, &state.search))
}

async fn answer(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<AnswerRequest>,
) -> Result<Json<Answer>, AppError> {
    answer_question(&state, &request.question, request.lang.as_deref()).map(Json)
}

async fn compat(
    State(state): State<AppState>,
    accept: AcceptLanguage,
    ApiQuery(mut params): ApiQuery<BTreeMap<String, String>>,
) -> Result<Json<Answer>, AppError> {
    let lang = accept.resolve(params.remove("lang").as_deref())?;
    params.retain(|_, v| !v.trim().is_empty());
    state
        .answers
        .compat(&params, lang)
        .map(Json)
        .map_err(|e| AppError::bad_request("invalid_parameter", e.to_string()))
}

/// `lang` for the matrix routes.
#[derive(Debug, Deserialize)]
pub struct MatrixParams {
    lang: Option<String>,
}

async fn matrix(
    State(state): State<AppState>,
    accept: AcceptLanguage,
    ApiQuery(params): ApiQuery<MatrixParams>,
) -> Result<Json<Matrix>, AppError> {
    let lang = accept.resolve(params.lang.as_deref())?;
    Ok(Json(Matrix::build(&state.answers, lang)))
}

async fn matrix_csv(
    State(state): State<AppState>,
    accept: AcceptLanguage,
    ApiQuery(params): ApiQuery<MatrixParams>,
) -> Result<Response, AppError> {
    let lang = accept.resolve(params.lang.as_deref())?;
    let csv = Matrix::build(&state.answers, lang).to_csv();
    let disposition = format!("attachment; filename=\"docdesk-compat-matrix.{lang}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response())
}

async fn openapi(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(crate::web::openapi::document(&state))
}
