//! Extractors whose rejections are [`AppError`]s, so that every malformed
//! request gets the same JSON error body.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::lang::current;
use crate::state::AppState;

/// `Query<T>` with a JSON 400 on failure.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(query_error)
    }
}

fn query_error(rejection: QueryRejection) -> AppError {
    let detail = rejection.body_text();
    AppError::bad_request(
        "invalid_query",
        current().pick(
            format!("the query string is malformed: {detail}"),
            format!("a query string está malformada: {detail}"),
        ),
    )
}

/// `Json<T>` with JSON errors: 400 malformed, 415 wrong content type,
/// 413 too large, 422 well-formed but wrong fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T>
where
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|axum::Json(value)| ApiJson(value))
            .map_err(|rejection| json_error(rejection, state))
    }
}

/// The refusal of a body over the configured limit (the router's
/// `DefaultBodyLimit` enforces it; its rejection does not say the number).
fn too_large<S>(state: &S) -> AppError
where
    AppState: FromRef<S>,
{
    AppError::PayloadTooLarge {
        limit: AppState::from_ref(state).limits.body_bytes,
    }
}

/// The reader's words for a body serde could not read, quoting serde's
/// own (English) detail, which names the field and the position.
pub(crate) fn unreadable(en: &str, pt_br: &str, detail: &str) -> String {
    current().pick(format!("{en}: {detail}"), format!("{pt_br}: {detail}"))
}

fn json_error<S>(rejection: JsonRejection, state: &S) -> AppError
where
    AppState: FromRef<S>,
{
    match rejection {
        JsonRejection::JsonDataError(e) => AppError::invalid(
            "body",
            unreadable(
                "a field is missing or has the wrong type",
                "um campo falta ou tem o tipo errado",
                &e.body_text(),
            ),
        ),
        JsonRejection::JsonSyntaxError(e) => AppError::bad_request(
            "malformed_json",
            unreadable(
                "the body is not valid JSON",
                "o corpo não é JSON válido",
                &e.body_text(),
            ),
        ),
        JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType(current().pick(
            "send the body as JSON with `Content-Type: application/json`".into(),
            "envie o corpo como JSON com `Content-Type: application/json`".into(),
        )),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(state),
        other => AppError::bad_request(
            "invalid_body",
            unreadable(
                "the body cannot be read",
                "o corpo não pode ser lido",
                &other.body_text(),
            ),
        ),
    }
}

/// `Form<T>` (url-encoded) with the same error mapping, for no-JavaScript posts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiForm<T>
where
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(value)| ApiForm(value))
            .map_err(|rejection| form_error(rejection, state))
    }
}

fn form_error<S>(rejection: FormRejection, state: &S) -> AppError
where
    AppState: FromRef<S>,
{
    match rejection {
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(state),
        FormRejection::InvalidFormContentType(_) => AppError::UnsupportedMediaType(current().pick(
            "send the form as application/x-www-form-urlencoded".into(),
            "envie o formulário como application/x-www-form-urlencoded".into(),
        )),
        other => AppError::invalid(
            "form",
            unreadable(
                "the form cannot be read",
                "o formulário não pode ser lido",
                &other.body_text(),
            ),
        ),
    }
}
