//! One error type for every route.
//!
//! API routes answer `{"error": {"code", "message"}}`; HTML routes wrap the
//! same error in [`crate::web::pages::PageError`] to show an error page in the
//! reader's language. Internal details are logged, never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed or a parameter has a wrong value (400).
    #[error("{message}")]
    BadRequest {
        /// Machine-readable code, e.g. `invalid_parameter`.
        code: &'static str,
        /// What is wrong, for a person.
        message: String,
        /// The parameter at fault, when one is.
        field: Option<String>,
    },
    /// The request needs an identity it lacks, or a token is unknown (401).
    #[error("{message}")]
    Unauthorized {
        /// Machine-readable code, e.g. `identity_required`.
        code: &'static str,
        /// What to do, for a person.
        message: String,
    },
    /// The request is not allowed from where it comes (403).
    #[error("{message}")]
    Forbidden {
        /// Machine-readable code, e.g. `cross_origin`.
        code: &'static str,
        /// Why, for a person.
        message: String,
    },
    /// No such document, run, step or page (404).
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not for this method (405).
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The response cannot be given in a form the `Accept` header allows (406).
    #[error("{0}")]
    NotAcceptable(String),
    /// The body is larger than the server accepts (413).
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not JSON (415).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Well-formed JSON with a value that is not allowed (422).
    #[error("{field}: {message}")]
    Invalid {
        /// The offending field, as named in the request.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Too much at once, refused rather than queued: 429 for one run's or
    /// one client's share, 503 for the whole server's; retry after the delay.
    #[error("{message}")]
    Busy {
        /// 429 or 503.
        status: StatusCode,
        /// Machine-readable code, e.g. `too_many_streams`.
        code: &'static str,
        /// What is full, for a person.
        message: String,
        /// Seconds to wait (`Retry-After`).
        retry_after_secs: u64,
    },
    /// The database cannot be reached; nothing was done (503, retry later).
    /// Holds the cause, for the log; the client reads a fixed message.
    #[error("the checklist database is unavailable")]
    Unavailable(String),
    /// Anything else: logged with detail, shown as a generic message (500).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A 400 with `code` and `message`.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// A 400 with `code` and `message` about the parameter `field`.
    pub fn bad_parameter(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            code,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// The request parameter or field at fault, if the error concerns one.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::BadRequest { field, .. } => field.as_deref(),
            AppError::Invalid { field, .. } => Some(field),
            AppError::PayloadTooLarge { .. } => Some("body"),
            _ => None,
        }
    }

    /// A 422 naming `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The HTTP status for this error.
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Busy { status, .. } => *status,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code in the JSON body.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest { code, .. } => code,
            AppError::Forbidden { code, .. }
            | AppError::Unauthorized { code, .. }
            | AppError::Busy { code, .. } => code,
            AppError::NotFound(_) => "not_found",
            AppError::MethodNotAllowed(_) => "method_not_allowed",
            AppError::NotAcceptable(_) => "not_acceptable",
            AppError::PayloadTooLarge { .. } => "payload_too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::Invalid { .. } => "invalid_value",
            AppError::Unavailable(_) => "database_unavailable",
            AppError::Internal(_) => "internal_error",
        }
    }

    /// The message shown to the client, in the language of the request
    /// being served: internal details stay in the log.
    pub fn public_message(&self) -> String {
        let lang = crate::lang::current();
        match self {
            AppError::Internal(_) => lang.pick(
                "an internal error occurred; it has been logged",
                "ocorreu um erro interno; ele foi registrado",
            ).to_owned(),
            AppError::Unavailable(_) => lang.pick(
                "the checklist database is unavailable; nothing was saved, try again in a few seconds",
                "o banco de dados de checklists está indisponível; nada foi salvo, tente de novo em alguns segundos",
            ).to_owned(),
            AppError::PayloadTooLarge { limit } => lang.pick(
                format!("the request body is too large (at most {limit} bytes)"),
                format!("o corpo da requisição é grande demais (no máximo {limit} bytes)"),
            ),
            other => other.to_string(),
        }
    }

    /// Logs server-side failures; client errors are already in the request log line.
    pub fn log(&self) {
        match self {
            AppError::Internal(e) => tracing::error!(error = ?e, "request failed"),
            AppError::Unavailable(detail) => tracing::warn!(%detail, "database unavailable"),
            _ => {}
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.public_message(),
                field: self.field().map(str::to_owned),
            },
        };
        let mut response = (self.status_code(), Json(body)).into_response();
        let retry_after = match &self {
            // Clients and load balancers may retry: the database is usually back soon.
            AppError::Unavailable(_) => Some(1),
            AppError::Busy { retry_after_secs, .. } => Some(*retry_after_secs),
            _ => None,
        };
        if matches!(self, AppError::Unauthorized { .. }) {
            // Bots authenticate with bearer tokens (RFC 6750).
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"docdesk\""),
            );
        }
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

/// The body of every API error (also its OpenAPI schema).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The error itself.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code, e.g. `invalid_value`.
    pub code: String,
    /// For people.
    pub message: String,
    /// The request parameter or body field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<crate::search::error::SearchError> for AppError {
    fn from(e: crate::search::error::SearchError) -> Self {
        AppError::Internal(e.into())
    }
}
