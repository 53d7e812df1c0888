//! Cross-origin protection, after Go's `http.CrossOriginProtection`: a
//! browser marks every cross-origin request with `Sec-Fetch-Site` or
//! `Origin`, so a state-changing request from a page elsewhere (a forged form
//! post, a script) is refused, while one with neither header (curl, bots,
//! other servers) passes. The MCP endpoint applies the same policy to every
//! method, with its own trusted origins, as the protocol asks against DNS
//! rebinding.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;
use crate::lang::Lang;
use crate::state::Live;
use crate::web::lang::ReqLang;
use crate::web::pages::refuse;

/// Which origins may send requests besides the server's own.
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    trusted: Vec<OriginPattern>,
    every_method: bool,
}

/// `scheme://host[:port]`; `:*` matches any port.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OriginPattern {
    scheme: String,
    host: String,
    /// `None`: any port.
    port: Option<u16>,
}

impl OriginPattern {
    fn parse(text: &str) -> Option<OriginPattern> {
        let text = text.trim().trim_end_matches('/').to_ascii_lowercase();
        let (text, any_port) = match text.strip_suffix(":*") {
            Some(rest) => (rest.to_owned(), true),
            None => (text, false),
        };
        let uri: axum::http::Uri = text.parse().ok()?;
        let scheme = uri.scheme_str()?.to_owned();
        let host = uri.host()?.to_owned();
        // An origin is exactly scheme, host and port: no path, no user.
        if uri.path() != "/" && !uri.path().is_empty() || text.contains('@') {
            return None;
        }
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let port = if any_port {
            None
        } else {
            Some(uri.port_u16().unwrap_or(default_port))
        };
        Some(OriginPattern { scheme, host, port })
    }

    fn matches(&self, origin: &OriginPattern) -> bool {
        self.scheme == origin.scheme
            && self.host == origin.host
            && (self.port.is_none() || self.port == origin.port)
    }
}

/// Why a request was refused (for the log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossOrigin(pub String);

/// Checks a trusted origin as given on the command line.
pub fn parse_origin(text: &str) -> Result<String, String> {
    match OriginPattern::parse(text) {
        Some(_) => Ok(text.trim().to_owned()),
        None => Err(format!(
            "`{text}` is not an origin (scheme://host[:port], or scheme://host:* for any port)"
        )),
    }
}

impl OriginPolicy {
    /// Refuses state-changing requests (POST, PUT, PATCH, DELETE) from
    /// origins other than the server's own and `trusted` (checked with
    /// [`parse_origin`]; anything else trusts nothing).
    pub fn for_writes(trusted: &[String]) -> OriginPolicy {
        OriginPolicy {
            trusted: trusted.iter().filter_map(|o| OriginPattern::parse(o)).collect(),
            every_method: false,
        }
    }

    /// Refuses any request from origins other than the server's own and `trusted`.
    pub fn for_every_method(trusted: &[String]) -> OriginPolicy {
        OriginPolicy {
            every_method: true,
            ..OriginPolicy::for_writes(trusted)
        }
    }

    /// Whether a request with `method` and `headers` may proceed.
    pub fn check(&self, method: &Method, headers: &HeaderMap) -> Result<(), CrossOrigin> {
        if !self.every_method && matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return Ok(());
        }
        let origin = headers
            .get(header::ORIGIN)
            .map(|o| o.to_str().unwrap_or("\u{fffd}"));
        let trusted = || {
            origin
                .and_then(OriginPattern::parse)
                .is_some_and(|o| self.trusted.iter().any(|t| t.matches(&o)))
        };
        match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            Some("same-origin" | "none") => return Ok(()),
            Some(site) if !trusted() => {
                return Err(CrossOrigin(format!("Sec-Fetch-Site: {site}")));
            }
            Some(_) => return Ok(()),
            None => {}
        }
        let Some(origin) = origin else {
            return Ok(());
        };
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let same_host = OriginPattern::parse(origin)
            .zip(host)
            .is_some_and(|(o, host)| authority(&o).eq_ignore_ascii_case(host));
        if same_host || trusted() {
            Ok(())
        } else {
            Err(CrossOrigin(format!(
                "Origin: {}",
                crate::text::truncate(origin, 80)
            )))
        }
    }
}

/// `host[:port]` as a `Host` header names it (the default port left out).
fn authority(origin: &OriginPattern) -> String {
    let default = if origin.scheme == "https" { 443 } else { 80 };
    match origin.port {
        Some(port) if port != default => format!("{}:{port}", origin.host),
        _ => origin.host.clone(),
    }
}

/// Middleware: `policy` on every route it wraps (`/mcp`'s own, every method;
/// the other routes apply the server's through the request gate,
/// [`crate::web::gate`]).
pub async fn protect(
    State((live, policy)): State<(Live, std::sync::Arc<OriginPolicy>)>,
    request: Request,
    next: Next,
) -> Response {
    let lang = ReqLang::read(request.uri(), request.headers())
        .map_or_else(|rejection| rejection.reader(), ReqLang::resolved);
    match refuse_cross_origin(&live, &policy, &request, lang) {
        None => next.run(request).await,
        Some(refusal) => refusal,
    }
}

/// Refuses `request` when `policy` does not let it through: 403
/// `cross_origin`, JSON under `/api/` and `/mcp`, the error page in `lang`
/// elsewhere. Returns the refusal, if any; the state is read only to word one.
pub fn refuse_cross_origin(
    live: &Live,
    policy: &OriginPolicy,
    request: &Request,
    lang: Lang,
) -> Option<Response> {
    let Err(CrossOrigin(why)) = policy.check(request.method(), request.headers()) else {
        return None;
    };
    tracing::warn!(method = %request.method(), uri = %request.uri(), why, "cross-origin request refused");
    let state = live.snapshot();
    let message = state
        .content
        .catalog
        .strings(lang)
        .t("cross_origin_refused")
        .to_owned();
    let error = AppError::Forbidden {
        code: "cross_origin",
        message,
    };
    Some(refuse(&state, lang, request.uri().path(), error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::test_headers as headers;

    #[test]
    fn writes_from_other_origins_are_refused_and_header_less_clients_pass() {
        let policy = OriginPolicy::for_writes(&["https://intranet.example".into()]);
        let post = |pairs: &[(&'static str, &str)]| policy.check(&Method::POST, &headers(pairs)).is_ok();
        assert!(post(&[]), "curl");
        assert!(post(&[("host", "docs:8080"), ("origin", "http://docs:8080")]));
        assert!(post(&[("host", "docs"), ("origin", "https://docs")]));
        assert!(!post(&[("host", "docs:8080"), ("origin", "http://evil.example")]));
        assert!(!post(&[("host", "docs:8080"), ("origin", "http://docs:8081")]));
        assert!(!post(&[("host", "docs:8080"), ("origin", "null")]));
        assert!(post(&[("host", "docs"), ("origin", "https://intranet.example")]));
        assert!(post(&[("sec-fetch-site", "same-origin")]));
        assert!(!post(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://evil.example")
        ]));
        assert!(!post(&[("sec-fetch-site", "same-site")]));
        assert!(post(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://intranet.example:443")
        ]));
        assert!(
            policy
                .check(&Method::GET, &headers(&[("origin", "http://evil.example")]))
                .is_ok(),
            "reads pass"
        );
    }

    #[test]
    fn patterns_take_any_port_and_refuse_what_is_not_an_origin() {
        let policy = OriginPolicy::for_every_method(&["http://localhost:*".into()]);
        let get = |origin: &str| {
            policy
                .check(
                    &Method::GET,
                    &headers(&[("host", "127.0.0.1:8080"), ("origin", origin)]),
                )
                .is_ok()
        };
        assert!(get("http://localhost:3000") && get("http://localhost"));
        assert!(!get("https://localhost:3000") && !get("http://localhost.evil.example"));
        for bad in ["localhost", "http://a/b", "ftp://a", "http://u@a"] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }
}
