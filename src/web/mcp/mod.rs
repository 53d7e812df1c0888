//! The Model Context Protocol server: docdesk as a tool for assistants built
//! on language models, over stdio (`docdesk mcp`) and Streamable HTTP (`/mcp`
//! in `docdesk serve`).
//!
//! Tools call the same functions as the HTTP handlers and take and return the
//! same types, so an answer through MCP is the answer of `/api/*`; their
//! schemas are generated from those types, with the allowed values filled in
//! from the content. Every document section is a Markdown resource.

pub mod about;
pub mod resources;
pub mod tools;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, Implementation, ListResourceTemplatesResult,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams,
    ReadResourceResponse, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::lang::current;
use crate::state::{AppState, Live};
use crate::web::clients::{Client, RunQuota};
use crate::web::identity::Identity;
use crate::web::origin::{OriginPolicy, protect};

/// How the MCP server is exposed.
#[derive(Debug, Clone, Default)]
pub struct McpSettings {
    /// Leave out the tools that write (create_checklist, update_step).
    pub read_only: bool,
    /// `Host` values accepted on `/mcp`; empty means loopback names only.
    pub allowed_hosts: Vec<String>,
    /// Browser origins accepted on `/mcp` (requests without `Origin` always
    /// pass); empty means loopback origins only.
    pub allowed_origins: Vec<String>,
}

/// Origins of pages on this machine, for which DNS rebinding is no threat.
const LOOPBACK_ORIGINS: [&str; 3] = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"];

/// Host names of this machine.
const LOOPBACK_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// The MCP server over docdesk's state; cheap to clone (one per session).
///
/// Each request works on one snapshot of the state, as an HTTP request does,
/// so a content reload between two calls is seen whole or not at all.
#[derive(Clone)]
pub struct DocdeskMcp {
    live: Live,
    read_only: bool,
    /// The allowance of runs per client, shared with the HTTP routes.
    runs: Arc<RunQuota>,
}

impl DocdeskMcp {
    /// A server over `state`; `read_only` leaves out the tools that write;
    /// runs created through it count against `runs`.
    pub fn new(state: impl Into<Live>, read_only: bool, runs: Arc<RunQuota>) -> DocdeskMcp {
        DocdeskMcp {
            live: state.into(),
            read_only,
            runs,
        }
    }

    /// The tools offered now, in a stable order (their schemas carry values from the content).
    pub fn tools(&self) -> Vec<Tool> {
        tools::list(&self.live.snapshot(), self.read_only)
    }

    fn state(&self) -> AppState {
        self.live.snapshot()
    }
}

impl ServerHandler for DocdeskMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new("docdesk", env!("CARGO_PKG_VERSION")).with_title("docdesk"))
        .with_instructions(about::instructions(&self.state()))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools().into_iter().find(|t| t.name == name)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        // Over HTTP the request's identity, as for any route; over stdio the
        // operator's own process: open.
        let (identity, client) = match context.extensions.get::<axum::http::request::Parts>() {
            Some(parts) => (
                parts
                    .extensions
                    .get::<Identity>()
                    .cloned()
                    .unwrap_or(Identity::Missing),
                Client::of(&parts.extensions),
            ),
            None => (Identity::Open, Client::Local),
        };
        tools::call(
            &self.state(),
            self.read_only,
            (&identity, &client),
            &self.runs,
            &request.name,
            request.arguments,
        )
        .await
        .map(CallToolResponse::from)
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list(
            &self.state(),
        )))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(resources::templates()))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        resources::read(&self.state(), &request.uri).map(ReadResourceResponse::from)
    }
}

/// The Streamable HTTP endpoint at `/mcp`.
///
/// `Origin` is validated as the protocol asks, on every method, by the
/// server's one origin policy (here with its own trusted origins), so a web
/// page cannot reach a local docdesk through DNS rebinding; `Host` is
/// validated by the transport.
pub fn http_service(state: Live, settings: &McpSettings, runs: Arc<RunQuota>) -> axum::Router<Live> {
    let hosts = match settings.allowed_hosts.is_empty() {
        true => LOOPBACK_HOSTS.iter().map(|h| h.to_string()).collect(),
        false => settings.allowed_hosts.clone(),
    };
    let origins = match settings.allowed_origins.is_empty() {
        true => LOOPBACK_ORIGINS.iter().map(|o| o.to_string()).collect(),
        false => settings.allowed_origins.clone(),
    };
    let policy = OriginPolicy::for_every_method(&origins);
    // Fixed for the process: reloads keep the limits.
    let body_limit = state.snapshot().limits.body_bytes;
    let config = StreamableHttpServerConfig::default()
        .with_allowed_hosts(hosts)
        .disable_allowed_origins()
        // Stateless, with a plain JSON body: no tool needs a session or a
        // server-sent message, and a session's SSE stream cost about 36 ms a
        // call under wrk against 0.14 ms this way (benches/mcp.sh); any
        // replica can also answer any call.
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_max_request_body_bytes(body_limit);
    let server = DocdeskMcp::new(state.clone(), settings.read_only, runs);
    let service: StreamableHttpService<DocdeskMcp, LocalSessionManager> = StreamableHttpService::new(
        move || Ok(server.clone()),
        LocalSessionManager::default().into(),
        config,
    );
    axum::Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn_with_state(body_limit, json_refusals))
        .layer(axum::middleware::from_fn_with_state(
            (state, Arc::new(policy)),
            protect,
        ))
}

/// Longest refusal text of the transport kept as a detail; its own are
/// one line.
const DETAIL_CHARS: usize = 200;

/// Most of a refusal's body read to find that detail.
const REFUSAL_BYTES: usize = 16 * 1024;

/// The transport refuses a request it cannot take (wrong method, `Accept`,
/// `Content-Type` or `Host`, a body that is not JSON, an unknown protocol
/// version) with English plain text; every refusal of docdesk is the API's
/// JSON error in the reader's language, so those are rewritten here. Its
/// JSON-RPC errors (an unknown tool, bad arguments) are the protocol's own,
/// read by MCP clients, and pass unchanged.
async fn json_refusals(State(body_limit): State<usize>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| crate::text::truncate(h, 100))
        .unwrap_or_default();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !status.is_client_error() || is_json {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    // The transport's refusals are short texts; a body that cannot be read is no detail.
    let body = axum::body::to_bytes(response.into_body(), REFUSAL_BYTES)
        .await
        .unwrap_or_default();
    let detail = crate::text::truncate(String::from_utf8_lossy(&body).trim(), DETAIL_CHARS);
    let lang = current();
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed(lang.pick(
            format!("{method} is not allowed on /mcp: send JSON-RPC messages with POST"),
            format!("{method} não é permitido em /mcp: envie mensagens JSON-RPC com POST"),
        )),
        StatusCode::NOT_ACCEPTABLE => AppError::NotAcceptable(lang.pick(
            "accept both application/json and text/event-stream (`Accept` header) on /mcp".into(),
            "aceite application/json e text/event-stream (cabeçalho `Accept`) em /mcp".into(),
        )),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => match detail.strip_prefix("fail to deserialize request body") {
            // The body was read and is no JSON-RPC message.
            Some(why) => AppError::bad_request(
                "malformed_json",
                crate::web::extract::unreadable(
                    "the body is not a JSON-RPC message",
                    "o corpo não é uma mensagem JSON-RPC",
                    why.trim(),
                ),
            ),
            None => AppError::UnsupportedMediaType(lang.pick(
                "send the body as JSON with `Content-Type: application/json`".into(),
                "envie o corpo como JSON com `Content-Type: application/json`".into(),
            )),
        },
        StatusCode::FORBIDDEN => AppError::Forbidden {
            code: "host_not_allowed",
            message: lang.pick(
                format!("/mcp does not answer for the host '{host}' (see --mcp-allowed-hosts)"),
                format!("/mcp não responde pelo host '{host}' (veja --mcp-allowed-hosts)"),
            ),
        },
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge { limit: body_limit },
        _ => {
            let mut response = AppError::bad_request(
                "invalid_mcp_request",
                crate::web::extract::unreadable(
                    "the MCP request was refused",
                    "a requisição MCP foi recusada",
                    &detail,
                ),
            )
            .into_response();
            // The transport's own status (a 404 for an unknown session stays a 404).
            *response.status_mut() = status;
            return response;
        }
    };
    let mut response = error.into_response();
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}

/// Serves one assistant over stdin and stdout until it disconnects.
pub async fn serve_stdio(state: AppState, read_only: bool) -> anyhow::Result<()> {
    // The client over stdio is the operator's own process, which no quota
    // caps (`Client::Local`).
    let service = DocdeskMcp::new(state, read_only, Arc::default())
        .serve(rmcp::transport::stdio())
        .await?;
    service.waiting().await?;
    Ok(())
}
