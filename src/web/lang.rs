//! The one way a route reads the language a request asks for: `?lang=`
//! (any Portuguese or English tag), then `Accept-Language`, then English.
//!
//! A `lang` docdesk does not speak is refused, never guessed around: 400
//! `unsupported_language` naming the field `lang`, worded in the reader's
//! language (`Accept-Language`, then English) — a JSON error under `/api/`,
//! the error page elsewhere.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};

use crate::error::AppError;
use crate::lang::{Lang, LangError};
use crate::state::{AppState, Live};

/// The language a request asks for, read from `?lang=` and `Accept-Language`
/// (an extractor), or built from a `lang` argument that came another way
/// (a JSON body, a form field, an MCP tool call) with [`ReqLang::with_tag`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReqLang {
    /// The language asked for by name, if any.
    pub explicit: Option<Lang>,
    /// The best language of `Accept-Language` docdesk speaks, if any.
    pub accepted: Option<Lang>,
}

impl ReqLang {
    /// A request that names no language and sends no `Accept-Language`
    /// (an MCP client): English, unless its arguments say otherwise.
    pub const NONE: ReqLang = ReqLang {
        explicit: None,
        accepted: None,
    };

    /// The language to answer in: the explicit one, then `Accept-Language`, then English.
    pub fn resolved(self) -> Lang {
        self.explicit.or(self.accepted).unwrap_or(Lang::En)
    }

    /// The reader's language, whatever was asked for by name: the language of
    /// a refusal about the request's own `lang`.
    pub fn reader(self) -> Lang {
        self.accepted.unwrap_or(Lang::En)
    }

    /// This request with `lang` given another way than the query string (a
    /// body, a form, tool arguments), which then wins; absent or blank
    /// changes nothing.
    pub fn with_tag(self, tag: Option<&str>) -> Result<ReqLang, LangRejection> {
        match tag.map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(self),
            Some(tag) => match Lang::from_tag(tag) {
                Ok(lang) => Ok(ReqLang {
                    explicit: Some(lang),
                    ..self
                }),
                Err(error) => Err(LangRejection {
                    error,
                    reader: self.reader(),
                    page: None,
                }),
            },
        }
    }

    /// Reads a request's `?lang=` and `Accept-Language` (middleware reads
    /// them through this too).
    pub fn read(uri: &Uri, headers: &HeaderMap) -> Result<ReqLang, LangRejection> {
        let accepted = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::negotiate);
        let tag = uri.query().and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == "lang")
                .map(|(_, value)| value.into_owned())
        });
        ReqLang {
            explicit: None,
            accepted,
        }
        .with_tag(tag.as_deref())
    }
}

impl FromRequestParts<Live> for ReqLang {
    type Rejection = LangRejection;

    async fn from_request_parts(parts: &mut Parts, live: &Live) -> Result<Self, Self::Rejection> {
        ReqLang::read(&parts.uri, &parts.headers).map_err(|rejection| LangRejection {
            // Under `/api/` a JSON error, elsewhere the page (as for unknown paths).
            page: (!parts.uri.path().starts_with("/api/")).then(|| live.snapshot()),
            ..rejection
        })
    }
}

/// `?lang=` as the OpenAPI document describes it (routes read it through [`ReqLang`]).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub(crate) struct LangParam {
    /// `pt-BR` or `en` (any Portuguese or English tag); default: `Accept-Language`, then en.
    lang: Option<Lang>,
}

/// A `lang` docdesk does not speak.
pub struct LangRejection {
    error: LangError,
    /// The language to word the refusal in.
    reader: Lang,
    /// For an HTML route: the state to render the error page with (the
    /// page kit, [`crate::web::pages`], turns it into one).
    pub(super) page: Option<AppState>,
}

impl LangRejection {
    /// The reader's language, to carry on in when the refusal is not the
    /// answer (a 404 page stays a 404 page).
    pub fn reader(&self) -> Lang {
        self.reader
    }
}

impl From<LangRejection> for AppError {
    fn from(rejection: LangRejection) -> Self {
        AppError::bad_parameter(
            "unsupported_language",
            "lang",
            rejection.error.message(rejection.reader),
        )
    }
}
