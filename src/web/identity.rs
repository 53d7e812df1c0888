//! Who makes a change, when the operator says so: a user name set by a
//! trusted reverse proxy (the pattern of Grafana's and Gitea's proxy
//! authentication: Kerberos/AD or an OAuth proxy in front signs people in and
//! passes the name in a header), or the name of a bearer token a bot presents.
//!
//! Off by default: then anyone may write and `by` is what the client says.
//! Once a proxy header or a token file is configured, every change (run
//! creation, step changes; API, forms and MCP tools alike) is recorded under
//! the identity, whatever `by` says, and a change without one is refused. The
//! header is believed only from the proxy's addresses: from anywhere else it
//! can only be forged, so such a request is refused outright, not served as
//! anonymous.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, header};
use axum::response::Response;
use ipnet::IpNet;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::lang::Lang;
use crate::state::{AppState, Live};
use crate::web::pages::refuse;

/// Where identities come from (`--auth-proxy-header`, `--auth-proxy-trusted`, `--api-tokens`).
#[derive(Debug, Clone, Default)]
pub struct IdentityPolicy {
    proxy: Option<ProxyAuth>,
    /// SHA-256 of each token (hex) → the token's name.
    tokens: BTreeMap<String, String>,
}

/// The header a trusted proxy sets, and the addresses it is trusted from.
#[derive(Debug, Clone)]
struct ProxyAuth {
    header: HeaderName,
    trusted: Vec<IpNet>,
}

/// The identity of a request, set on every request by [`identify_request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// No identity is configured: a change is recorded under the `by` it gives.
    Open,
    /// Signed in through the proxy, or a token's name.
    Named(String),
    /// Identities are required and this request has none.
    Missing,
}

impl Identity {
    /// Who a change is recorded under: `Ok(None)` keeps the client's `by`,
    /// `Ok(Some(name))` replaces it; without a required identity, a 401 in `lang`.
    pub fn actor(&self, state: &AppState, lang: Lang) -> Result<Option<String>, AppError> {
        match self {
            Identity::Open => Ok(None),
            Identity::Named(name) => Ok(Some(name.clone())),
            Identity::Missing => Err(AppError::Unauthorized {
                code: "identity_required",
                message: state
                    .content
                    .catalog
                    .strings(lang)
                    .t("identity_required")
                    .to_owned(),
            }),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Identity {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // [`identify_request`] runs for every route; without its verdict, nobody is known.
        Ok(parts
            .extensions
            .get::<Identity>()
            .cloned()
            .unwrap_or(Identity::Missing))
    }
}

/// Why a request's credentials were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The identity header came from an address that is not the proxy's.
    UntrustedProxy,
    /// The trusted proxy sent an empty, non-text or overlong name.
    InvalidName,
    /// A bearer token that is not in the token file.
    UnknownToken,
}

impl IdentityPolicy {
    /// Identities from `header` set by a proxy at one of `trusted` (addresses
    /// or networks, checked with [`parse_trusted`]; empty: this machine only).
    pub fn with_proxy(mut self, header: HeaderName, trusted: &[IpNet]) -> IdentityPolicy {
        let trusted = match trusted.is_empty() {
            true => vec![
                IpNet::from(IpAddr::from([127, 0, 0, 1])),
                IpNet::from(IpAddr::from(std::net::Ipv6Addr::LOCALHOST)),
            ],
            false => trusted.to_vec(),
        };
        self.proxy = Some(ProxyAuth { header, trusted });
        self
    }

    /// Bearer tokens read from `path`: one `name sha256-hex` a line, `#`
    /// comments; a name is what changes are recorded under, so it has at
    /// most `max_name_chars` characters, as any `by` (`--max-by-chars`).
    pub fn with_token_file(mut self, path: &Path, max_name_chars: usize) -> anyhow::Result<IdentityPolicy> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the token file {}: {e}", path.display()))?;
        self.tokens =
            parse_tokens(&text, max_name_chars).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
        Ok(self)
    }

    /// Whether changes need an identity.
    pub fn required(&self) -> bool {
        self.proxy.is_some() || !self.tokens.is_empty()
    }

    /// The identity of a request from `peer` with `headers`; a name from the
    /// proxy has at most `max_name_chars` characters (`--max-by-chars`).
    pub fn identify(
        &self,
        peer: Option<IpAddr>,
        headers: &HeaderMap,
        max_name_chars: usize,
    ) -> Result<Identity, Refusal> {
        if !self.required() {
            return Ok(Identity::Open);
        }
        if let Some(proxy) = &self.proxy
            && let Some(value) = headers.get(&proxy.header)
        {
            let trusted = peer.is_some_and(|peer| {
                let peer = peer.to_canonical();
                proxy.trusted.iter().any(|net| net.contains(&peer))
            });
            if !trusted {
                return Err(Refusal::UntrustedProxy);
            }
            let name = value.to_str().map(str::trim).unwrap_or_default();
            if name.is_empty() || name.chars().count() > max_name_chars || name.chars().any(char::is_control)
            {
                return Err(Refusal::InvalidName);
            }
            return Ok(Identity::Named(name.to_owned()));
        }
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        match bearer {
            Some(token) if !self.tokens.is_empty() => match self.tokens.get(&token_digest(token)) {
                Some(name) => Ok(Identity::Named(name.clone())),
                None => Err(Refusal::UnknownToken),
            },
            _ => Ok(Identity::Missing),
        }
    }
}

/// The SHA-256 of a token, in hex: what the token file holds. Tokens are long
/// random strings, so a fast hash is enough to keep them unreadable at rest.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Checks an address or network as given on the command line (`10.0.0.5`, `10.0.0.0/8`, `::1`).
pub fn parse_trusted(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{text}` is not an IP address or network (10.0.0.5, 10.0.0.0/8, ::1)"))
}

/// Checks a header name as given on the command line.
pub fn parse_header(text: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(text.trim().as_bytes()).map_err(|_| format!("`{text}` is not an HTTP header name"))
}

/// Parses a token file: `name sha256-hex` a line; blank lines and `#` comments skipped.
fn parse_tokens(text: &str, max_name_chars: usize) -> Result<BTreeMap<String, String>, String> {
    let mut tokens = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(name), Some(digest), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!("{}: expected `name sha256-hex`", number + 1));
        };
        let digest = digest.to_ascii_lowercase();
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "{}: `{}` is not a SHA-256 digest in hex (64 characters; `docdesk token` prints one)",
                number + 1,
                crate::text::truncate(&digest, 70)
            ));
        }
        if name.chars().count() > max_name_chars {
            return Err(format!(
                "{}: a token name has at most {max_name_chars} characters (--max-by-chars)",
                number + 1
            ));
        }
        if tokens.insert(digest, name.to_owned()).is_some() {
            return Err(format!("{}: this digest is listed twice", number + 1));
        }
    }
    Ok(tokens)
}

/// Sets the request's [`Identity`], or refuses forged or unknown credentials
/// (JSON under `/api/` and `/mcp`, the error page in `lang` elsewhere). The
/// request gate ([`crate::web::gate`]) calls it for every route. Returns the
/// refusal, if any; the state is read only to word one.
pub fn identify_request(
    live: &Live,
    (policy, max_name_chars): (&IdentityPolicy, usize),
    request: &mut Request,
    lang: Lang,
) -> Option<Response> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    let refusal = match policy.identify(peer, request.headers(), max_name_chars) {
        Ok(identity) => {
            request.extensions_mut().insert(identity);
            return None;
        }
        Err(refusal) => refusal,
    };
    let state = live.snapshot();
    let strings = state.content.catalog.strings(lang);
    tracing::warn!(?peer, ?refusal, uri = %request.uri(), "credentials refused");
    let error = match refusal {
        Refusal::UntrustedProxy => AppError::Forbidden {
            code: "untrusted_proxy",
            message: strings.t("identity_untrusted_proxy").to_owned(),
        },
        Refusal::InvalidName => AppError::Forbidden {
            code: "invalid_identity",
            message: strings.t("identity_invalid").to_owned(),
        },
        Refusal::UnknownToken => AppError::Unauthorized {
            code: "invalid_token",
            message: strings.t("identity_unknown_token").to_owned(),
        },
    };
    Some(refuse(&state, lang, request.uri().path(), error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::test_headers as headers;

    const BY: usize = crate::limits::Limits::DEFAULT.by_chars;

    #[test]
    fn the_header_counts_only_from_the_proxy_and_tokens_only_when_listed() {
        let open = IdentityPolicy::default();
        let from = |ip: &str| Some(ip.parse::<IpAddr>().unwrap());
        let user = headers(&[("remote-user", "ana")]);
        assert_eq!(open.identify(from("192.0.2.1"), &user, BY), Ok(Identity::Open));

        let nets = [
            parse_trusted("10.0.0.0/8").unwrap(),
            parse_trusted("192.0.2.7").unwrap(),
        ];
        let policy = IdentityPolicy::default().with_proxy(parse_header("Remote-User").unwrap(), &nets);
        assert_eq!(
            policy.identify(from("10.1.2.3"), &user, BY),
            Ok(Identity::Named("ana".into()))
        );
        assert_eq!(
            policy.identify(from("::ffff:192.0.2.7"), &user, BY),
            Ok(Identity::Named("ana".into()))
        );
        assert_eq!(
            policy.identify(from("192.0.2.8"), &user, BY),
            Err(Refusal::UntrustedProxy)
        );
        assert_eq!(policy.identify(None, &user, BY), Err(Refusal::UntrustedProxy));
        assert_eq!(
            policy.identify(from("10.1.2.3"), &HeaderMap::new(), BY),
            Ok(Identity::Missing)
        );
        let blank = headers(&[("remote-user", "  ")]);
        assert_eq!(
            policy.identify(from("10.1.2.3"), &blank, BY),
            Err(Refusal::InvalidName)
        );
        let long = headers(&[("remote-user", &"x".repeat(BY + 1))]);
        assert_eq!(
            policy.identify(from("10.1.2.3"), &long, BY),
            Err(Refusal::InvalidName)
        );

        let local = IdentityPolicy::default().with_proxy(parse_header("x-forwarded-user").unwrap(), &[]);
        let forwarded = headers(&[("x-forwarded-user", "bo")]);
        assert_eq!(
            local.identify(from("127.0.0.1"), &forwarded, BY),
            Ok(Identity::Named("bo".into()))
        );
        assert_eq!(
            local.identify(from("10.0.0.1"), &forwarded, BY),
            Err(Refusal::UntrustedProxy)
        );

        let bots = IdentityPolicy {
            tokens: parse_tokens(
                &format!("# bots\n\nci-bot {}\n", token_digest("s3cret-token")),
                BY,
            )
            .unwrap(),
            ..IdentityPolicy::default()
        };
        let bearer = |token: &str| headers(&[("authorization", &format!("Bearer {token}"))]);
        assert_eq!(
            bots.identify(None, &bearer("s3cret-token"), BY),
            Ok(Identity::Named("ci-bot".into()))
        );
        assert_eq!(
            bots.identify(None, &bearer("s3cret-tokem"), BY),
            Err(Refusal::UnknownToken)
        );
        assert_eq!(bots.identify(None, &HeaderMap::new(), BY), Ok(Identity::Missing));
    }

    #[test]
    fn token_files_and_addresses_are_checked() {
        assert!(parse_tokens("ci-bot", BY).unwrap_err().starts_with("1:"));
        assert!(parse_tokens("\nci-bot abc", BY).unwrap_err().starts_with("2:"));
        let digest = token_digest("t");
        assert!(
            parse_tokens(&format!("a {digest}\nb {digest}"), BY)
                .unwrap_err()
                .contains("twice")
        );
        assert_eq!(
            parse_tokens(&format!("a {}", digest.to_uppercase()), BY).unwrap()[&digest],
            "a"
        );
        assert!(parse_trusted("10.0.0.0/33").is_err());
        assert!(parse_trusted("proxy.example").is_err());
        assert!(parse_trusted("::1").is_ok());
        assert!(parse_header("Remote User").is_err());
    }
}
