//! Extractors whose rejections are [`AppError`]s, so that every malformed
//! request gets the same JSON error body.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::web::BODY_LIMIT;

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
    AppError::bad_request("invalid_query", rejection.body_text())
}

/// `Json<T>` with JSON errors: 400 malformed, 415 wrong content type,
/// 413 too large, 422 well-formed but wrong fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|axum::Json(value)| ApiJson(value))
            .map_err(json_error)
    }
}

fn json_error(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(e) => AppError::invalid("body", e.body_text()),
        JsonRejection::JsonSyntaxError(e) => AppError::bad_request("malformed_json", e.body_text()),
        JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType(
            "send the body as JSON with `Content-Type: application/json`".into(),
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::PayloadTooLarge { limit: BODY_LIMIT }
        }
        other => AppError::bad_request("invalid_body", other.body_text()),
    }
}

/// `Form<T>` (url-encoded) with the same error mapping, for no-JavaScript posts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(value)| ApiForm(value))
            .map_err(form_error)
    }
}

fn form_error(rejection: FormRejection) -> AppError {
    match rejection {
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::PayloadTooLarge { limit: BODY_LIMIT }
        }
        FormRejection::InvalidFormContentType(_) => {
            AppError::UnsupportedMediaType("send the form as application/x-www-form-urlencoded".into())
        }
        other => AppError::invalid("form", other.body_text()),
    }
}
