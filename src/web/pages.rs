//! The kit every page uses: the shared chrome (language, strings, language
//! switch), rendering, the error page, the 404 for unknown paths and forms
//! whose errors are pages.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::error::AppError;
use crate::i18n::Strings;
use crate::lang::Lang;
use crate::limits::Limits;
use crate::state::{AppState, Live};
use crate::web::lang::{LangRejection, ReqLang};

/// What every page shares: language, strings and the language switch.
pub struct Chrome<'a> {
    /// Page language.
    pub lang: Lang,
    /// UI strings in that language.
    pub t: &'a Strings,
    /// Link to the same page in the other language.
    pub switch: LangLink,
    /// Search box content.
    pub query: String,
    /// The bounds on what the reader may send: the forms' `maxlength`.
    pub limits: &'a Limits,
}

/// A link to a page in some language.
pub struct LangLink {
    /// Target language.
    pub lang: Lang,
    /// Language name, in that language.
    pub name: String,
    /// Target URL.
    pub href: String,
}

impl<'a> Chrome<'a> {
    /// The chrome of a page in `lang`, switching to `switch_href`.
    pub fn new(state: &'a AppState, lang: Lang, switch_href: String) -> Chrome<'a> {
        let other = lang.other();
        Chrome {
            lang,
            t: state.content.catalog.strings(lang),
            switch: LangLink {
                lang: other,
                name: state.content.catalog.strings(other).t("lang_name").to_owned(),
                href: switch_href,
            },
            query: String::new(),
            limits: &state.limits,
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: Chrome<'a>,
    status: u16,
    heading: &'a str,
    message: String,
}

/// Renders a template, turning a template failure into a logged 500.
pub fn render(template: &impl Template) -> Result<Html<String>, AppError> {
    template
        .render()
        .map(Html)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template rendering failed: {e}")))
}

/// Renders a page in `lang`; a failure becomes the error page in `lang`.
pub fn render_page(
    state: &AppState,
    lang: Lang,
    template: &impl Template,
) -> Result<Html<String>, PageError> {
    render(template).map_err(|e| PageError::new(state, lang, e))
}

/// An error on an HTML route, shown as a page in the reader's language.
pub struct PageError {
    state: AppState,
    lang: Lang,
    error: AppError,
    /// The error's own message is in the page's language: shown instead of
    /// the status's usual text.
    explained: bool,
}

impl PageError {
    /// Wraps `error` for display in `lang`.
    pub fn new(state: &AppState, lang: Lang, error: AppError) -> Self {
        PageError {
            state: state.clone(),
            lang,
            error,
            explained: false,
        }
    }

    /// Wraps `error`, whose message is written in `lang`, to be shown as it is
    /// (a 404 that says more than "no such page").
    pub fn explained(state: &AppState, lang: Lang, error: AppError) -> Self {
        PageError {
            explained: true,
            ..PageError::new(state, lang, error)
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.error.log();
        let status = self.error.status_code();
        let page = Chrome::new(&self.state, self.lang, format!("/?lang={}", self.lang.other()));
        let t = page.t;
        let (heading, message) = match status {
            StatusCode::NOT_FOUND => (t.t("not_found_title"), t.t("not_found_text").to_owned()),
            StatusCode::SERVICE_UNAVAILABLE => (t.t("unavailable_title"), t.t("unavailable_text").to_owned()),
            s if s.is_client_error() => (t.t("bad_request_title"), self.error.public_message()),
            _ => (t.t("error_title"), self.error.public_message()),
        };
        let message = match self.explained {
            true => self.error.public_message(),
            false => message,
        };
        let body = ErrorPage {
            page,
            status: status.as_u16(),
            heading,
            message,
        };
        match render(&body) {
            Ok(html) => (status, html).into_response(),
            Err(e) => e.into_response(),
        }
    }
}

/// Whether `path` is answered in JSON (the API and the MCP endpoint) rather than with pages.
pub fn is_machine_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/mcp" || path.starts_with("/mcp/")
}

/// A refusal made before any route runs (middleware): the JSON error under
/// `/api/` and `/mcp`, the error page in `lang` elsewhere.
pub fn refuse(state: &AppState, lang: Lang, path: &str, error: AppError) -> Response {
    if is_machine_path(path) {
        error.into_response()
    } else {
        PageError::new(state, lang, error).into_response()
    }
}

/// A path whose percent-escapes are not UTF-8 (`/docs/en/%FF`) names
/// nothing docdesk serves: refused in `lang` (the request gate,
/// [`crate::web::gate`], checks every request) before a route's path
/// extractor would answer with a bare `text/plain` 400. Returns the
/// refusal, if any; the state is read only to word one.
pub fn refuse_undecodable_path(live: &Live, path: &str, lang: Lang) -> Option<Response> {
    if percent_encoding::percent_decode_str(path).decode_utf8().is_ok() {
        return None;
    }
    let state = live.snapshot();
    let message = state.content.catalog.strings(lang).t("path_not_text").to_owned();
    let error = AppError::bad_request("invalid_path", message);
    Some(refuse(&state, lang, path, error))
}

/// Percent-encodes a query-string value.
pub fn urlencode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The 404 page (or JSON for `/api/*`) for any unknown path.
pub async fn fallback(
    State(state): State<AppState>,
    lang: Result<ReqLang, LangRejection>,
    uri: axum::http::Uri,
) -> Response {
    let path = crate::text::truncate(uri.path(), 200);
    let error = AppError::NotFound(
        crate::lang::current().pick(format!("no route for {path}"), format!("não há rota para {path}")),
    );
    if is_machine_path(uri.path()) {
        return error.into_response();
    }
    // `?lang=` is honoured here too: a mistyped link keeps the reader's
    // language; a mistyped `lang` does not turn the 404 into another error.
    let lang = lang.map_or_else(|rejection| rejection.reader(), ReqLang::resolved);
    PageError::new(&state, lang, error).into_response()
}

/// A url-encoded form on an HTML route: a malformed or oversized form gets an
/// error page in the reader's language, not a JSON error.
#[derive(Debug, Clone, Default)]
pub struct PageForm<T>(pub T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<Live> for PageForm<T> {
    type Rejection = PageError;

    async fn from_request(req: axum::extract::Request, live: &Live) -> Result<Self, Self::Rejection> {
        let state = &live.snapshot();
        let lang = ReqLang::read(req.uri(), req.headers()).map_or_else(|r| r.reader(), ReqLang::resolved);
        match crate::web::extract::ApiForm::<T>::from_request(req, state).await {
            Ok(crate::web::extract::ApiForm(form)) => Ok(PageForm(form)),
            Err(error) => Err(PageError::new(state, lang, error)),
        }
    }
}

// A refused `lang` as a page lives with the page kit, which reads languages
// through `ReqLang`: the language module does not depend on the pages.
impl LangRejection {
    /// The refusal as the error page, for an HTML route.
    pub fn page_error(self, state: &AppState) -> PageError {
        let reader = self.reader();
        PageError::new(state, reader, self.into())
    }
}

impl IntoResponse for LangRejection {
    fn into_response(mut self) -> Response {
        match self.page.take() {
            Some(state) => self.page_error(&state).into_response(),
            None => AppError::from(self).into_response(),
        }
    }
}
