//! The answer API: `POST /api/answer`, `GET /api/compat`, the matrix as
//! JSON and CSV, and the functions behind them that the pages and the MCP
//! tools share.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::answers::Question;
use crate::answers::matrix::{Matrix, write_csv};
use crate::answers::model::Verdict;
use crate::answers::{Answer, CompatQuery};
use crate::error::{AppError, ErrorBody};
use crate::i18n::Strings;
use crate::lang::Lang;
use crate::limits::{Bound, Limits, empty_question, too_long};
use crate::state::{AppState, Live};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::lang::{LangParam, ReqLang};

/// The API routes.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/api/answer", post(answer))
        .route("/api/compat", get(compat))
        .route("/api/compat/matrix", get(matrix))
        .route("/api/compat/matrix.csv", get(matrix_csv))
}

/// A verdict's style class and its name in the page language (the pages,
/// and the CSV matrix's words).
pub fn verdict_view(verdict: Option<Verdict>, t: &Strings) -> (&'static str, &str) {
    match verdict {
        Some(Verdict::Yes) => ("yes", t.t("verdict_yes")),
        Some(Verdict::No) => ("no", t.t("verdict_no")),
        Some(Verdict::NotDocumented) => ("not-documented", t.t("verdict_not_documented")),
        Some(Verdict::Depends) => ("depends", t.t("verdict_depends")),
        None => ("none", t.t("verdict_none")),
    }
}

/// Body of `POST /api/answer`, and the arguments of the MCP tool `answer_question`.
#[derive(Debug, Deserialize, JsonSchema, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// The question, in Portuguese or English, as the person asked it (typos and all).
    #[schemars(length(min = 1))]
    #[schema(min_length = 1)]
    pub question: String,
    /// `pt-BR` or `en` (any Portuguese or English tag); detected from the question when absent.
    #[schema(value_type = Option<Lang>)]
    pub lang: Option<String>,
}

impl AnswerRequest {
    /// The bounds the server holds this body to, for the schemas (set at
    /// start: the limits are the operator's).
    pub fn bounds(limits: &Limits) -> [(&'static str, Bound); 1] {
        [("question", Bound::Chars(limits.question_chars))]
    }
}

/// Query string of `/api/compat`, and the arguments of the MCP tool
/// `check_compatibility`: `lang` and the dimensions of
/// `content/answers/compat.toml`, any of which may be left out. The
/// dimensions are content, not code, so they are kept by name.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct CompatParams {
    /// `pt-BR` or `en` (any Portuguese or English tag).
    pub lang: Option<String>,
    /// Dimension → value; empty or null values count as left out.
    #[serde(flatten)]
    pub dimensions: BTreeMap<String, Option<String>>,
}

/// Validates a question; shared by the API, the form and the MCP tool. An
/// explicit `lang` is the answer's; otherwise the question's language, and
/// for a question too short to tell, the reader's `Accept-Language`. A
/// refusal is worded in the request's language (`lang`, then
/// `Accept-Language`, then English), as every input limit is.
pub fn answer_question(state: &AppState, question: &str, lang: ReqLang) -> Result<Answer, AppError> {
    let question = question.trim();
    if question.is_empty() {
        return Err(AppError::bad_parameter(
            "empty_question",
            "question",
            empty_question(lang.resolved()),
        ));
    }
    let max = state.limits.question_chars;
    if question.chars().count() > max {
        return Err(AppError::bad_parameter(
            "question_too_long",
            "question",
            too_long(lang.resolved(), max),
        ));
    }
    let question = Question {
        text: question.to_owned(),
        lang: lang.explicit,
        preferred: lang.accepted,
    };
    Ok(state.answers.answer(&question, &state.search))
}

/// Answers a question about the documents or about management compatibility.
#[utoipa::path(post, path = "/api/answer", operation_id = "answer", tag = "answers",
    params(LangParam),
    request_body = AnswerRequest,
    responses(
        (status = 200, description = "The answer", body = Answer),
        (status = 400, description = "Malformed JSON, an empty or over-long question, or an unsupported language; `error.field` names it", body = ErrorBody),
        (status = 413, description = "Body larger than the server accepts (`--max-body-bytes`)", body = ErrorBody),
        (status = 415, description = "Body not sent as JSON", body = ErrorBody),
        (status = 422, description = "An unknown or mistyped field", body = ErrorBody)))]
pub(crate) async fn answer(
    State(state): State<AppState>,
    lang: ReqLang,
    ApiJson(request): ApiJson<AnswerRequest>,
) -> Result<Json<Answer>, AppError> {
    let lang = lang.with_tag(request.lang.as_deref())?;
    answer_question(&state, &request.question, lang).map(Json)
}

/// Judges a structured compatibility query; shared by `/api/compat` and the MCP tool.
pub fn check_compatibility(
    state: &AppState,
    params: CompatParams,
    lang: ReqLang,
) -> Result<Answer, AppError> {
    let lang = lang.with_tag(params.lang.as_deref())?.resolved();
    let query: CompatQuery = params
        .dimensions
        .into_iter()
        .filter_map(|(dimension, value)| Some((dimension, value.filter(|v| !v.trim().is_empty())?)))
        .collect();
    state.answers.compat(&query, lang).map_err(|e| {
        // An unknown dimension is reported as the parameter named `parameter`.
        let field = if e.parameter == "parameter" {
            &e.value
        } else {
            &e.parameter
        };
        AppError::bad_parameter("invalid_parameter", field.clone(), e.message(lang))
    })
}

/// Judges a (partial) management compatibility combination. Besides `lang`,
/// one optional parameter per dimension the content declares (the document
/// lists them with their values).
#[utoipa::path(get, path = "/api/compat", operation_id = "compat", tag = "answers",
    params(LangParam),
    responses(
        (status = 200, description = "The answer", body = Answer),
        (status = 400, description = "An unknown dimension or value, or an unsupported language; `error.field` names it", body = ErrorBody)))]
pub(crate) async fn compat(
    State(state): State<AppState>,
    lang: ReqLang,
    ApiQuery(params): ApiQuery<CompatParams>,
) -> Result<Json<Answer>, AppError> {
    check_compatibility(&state, params, lang).map(Json)
}

/// The compatibility matrix.
#[utoipa::path(get, path = "/api/compat/matrix", operation_id = "compatMatrix", tag = "answers",
    params(LangParam),
    responses(
        (status = 200, description = "The matrix", body = Matrix),
        (status = 400, description = "Unsupported language", body = ErrorBody)))]
pub(crate) async fn matrix(State(state): State<AppState>, lang: ReqLang) -> Json<Matrix> {
    Json(Matrix::build(&state.answers, lang.resolved()))
}

/// The compatibility matrix as CSV: in English with identifiers, `,`
/// between fields; in Portuguese as a spreadsheet shows it (`;`, byte-order mark).
#[utoipa::path(get, path = "/api/compat/matrix.csv", operation_id = "compatMatrixCsv", tag = "answers",
    params(LangParam),
    responses(
        (status = 200, description = "The matrix, one combination a line", content_type = "text/csv", body = String),
        (status = 400, description = "Unsupported language", body = ErrorBody)))]
pub(crate) async fn matrix_csv(State(state): State<AppState>, lang: ReqLang) -> Response {
    let lang = lang.resolved();
    let matrix = Matrix::build(&state.answers, lang);
    let csv = match lang {
        // The English file keeps the identifiers existing scripts parse.
        Lang::En => matrix.to_csv().into_bytes(),
        Lang::PtBr => spreadsheet_csv(&state, &matrix),
    };
    let disposition = format!("attachment; filename=\"docdesk-compat-matrix.{lang}.csv\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response()
}

/// The matrix for a spreadsheet in the matrix's language: titles and values
/// as the page shows them, `;` between fields (what Excel expects where the
/// decimal separator is a comma, as in Brazil) and a byte-order mark, without
/// which Excel reads UTF-8 as ANSI and garbles every accent.
fn spreadsheet_csv(state: &AppState, matrix: &Matrix) -> Vec<u8> {
    let lang = matrix.lang;
    let engine = &state.answers;
    let t = state.content.catalog.strings(lang);
    let title = |id: &str| {
        engine
            .knowledge()
            .dimension(id)
            .map_or_else(|| id.to_owned(), |d| crate::text::capitalize(d.label.get(lang)))
    };
    let header: Vec<String> = (matrix.csv_dimensions().iter())
        .map(|id| title(id))
        .chain(
            matrix
                .assumed
                .iter()
                .map(|a| crate::text::capitalize(&a.dimension_label)),
        )
        .chain([t.t("csv_verdict").to_owned(), t.t("note").to_owned()])
        .collect();
    let records = matrix.cells().map(|(row, column, cell)| {
        (matrix.csv_fields(row, column).into_iter())
            .map(|(_, label)| label.to_owned())
            .chain(matrix.assumed.iter().map(|a| a.label.clone()))
            .chain([
                verdict_view(Some(cell.verdict), t).1.to_owned(),
                matrix.note_text(cell.note).to_owned(),
            ])
            .collect()
    });
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(write_csv(b';', &header, records));
    bytes
}
