//! Building and running the server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tokio::net::TcpListener;

use std::sync::Arc;

use prometheus_client::metrics::gauge::Gauge;

use crate::checklists::Checklists;
use crate::limits::Limits;
use crate::reload::Reloader;
use crate::server::ServerLimits;
use crate::state::{AppState, Live};
use crate::web::clients::RunQuota;
use crate::web::identity::IdentityPolicy;
use crate::web::mcp::McpSettings;
use crate::web::origin::OriginPolicy;
use crate::web::settings::WebSettings;

/// Where to listen and where things are.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to bind; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// The content directory.
    pub content_dir: PathBuf,
    /// Directory for data the server writes; created if missing.
    pub data_dir: PathBuf,
    /// PostgreSQL database of checklist runs, shared by every server given
    /// it; `None`: SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// Directory of static files served under `/static`.
    pub static_dir: PathBuf,
    /// Search results and answers kept in memory (0 disables the caches).
    pub cache_entries: usize,
    /// Reload the content when files under `content_dir` change (SIGHUP always reloads).
    pub watch: bool,
    /// The MCP endpoint at `/mcp`.
    pub mcp: McpSettings,
    /// Connection cap, timeouts and shutdown grace period.
    pub server: ServerLimits,
    /// Origins besides the server's own allowed to change state.
    pub trusted_origins: Vec<String>,
    /// Where the identity of whoever makes a change comes from (open by default).
    pub identity: IdentityPolicy,
    /// Checklist runs one client may create per hour.
    pub runs_per_client_hour: std::num::NonZeroU32,
    /// The bounds on what clients send (body, query, question, run parameters, notes).
    pub limits: Limits,
}

/// Loads the content, refusing it on any problem `docdesk check` reports, and
/// builds the state over it, applying `limits` to what clients send; shared
/// by `serve` and `mcp`.
pub fn load_state(
    content_dir: &Path,
    cache_entries: usize,
    data_dir: &Path,
    database_url: Option<&str>,
    limits: Limits,
) -> anyhow::Result<AppState> {
    let content = crate::check::load_checked(content_dir)
        .map_err(|errors| anyhow::anyhow!("content is invalid:\n{errors}"))?;
    Ok(AppState::open(content, cache_entries, data_dir, database_url)?.with_limits(limits))
}

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    /// What serving needs of the state, not the state: a reload replaces
    /// the content, and holding the first state here would keep the first
    /// knowledge base in memory for the server's life (tens of megabytes
    /// for 10,000 sections per language).
    checklists: Arc<Checklists>,
    connections: Gauge,
    /// Kept alive while the server runs: dropping it stops watching.
    _watcher: Option<notify::RecommendedWatcher>,
    limits: ServerLimits,
}

impl Application {
    /// Loads content, builds the index, prepares the data directory, binds
    /// the port and starts listening for reload triggers (SIGHUP, and file
    /// changes when watching).
    pub async fn build(settings: &Settings) -> anyhow::Result<Application> {
        let state = load_state(
            &settings.content_dir,
            settings.cache_entries,
            &settings.data_dir,
            settings.database_url.as_deref(),
            settings.limits,
        )?;
        let live = Live::from(state.clone());
        let web = WebSettings {
            sse_keep_alive: settings.server.keep_alive_interval(),
            origins: OriginPolicy::for_writes(&settings.trusted_origins),
            streams: settings.server.streams,
            identity: settings.identity.clone(),
            runs: Arc::new(RunQuota::per_hour(settings.runs_per_client_hour)),
        };
        let router = crate::web::app(live.clone(), &settings.static_dir, &settings.mcp, web);
        let reloader = Arc::new(Reloader::new(
            live,
            &settings.content_dir,
            &settings.data_dir,
            settings.cache_entries,
        ));
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.addr))?;
        // Watching starts before the first request can be served, so an edit
        // made as soon as the server answers is never missed.
        let watcher = reloader
            .spawn_triggers(settings.watch)
            .context("cannot watch the content directory")?;
        Ok(Application {
            listener,
            router,
            checklists: state.checklists,
            connections: state.metrics.connections.clone(),
            _watcher: watcher,
            limits: settings.server,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until SIGINT or SIGTERM, then lets in-flight requests finish
    /// within the grace period; reloads content on SIGHUP and, when
    /// watching, on file changes.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let checklists = self.checklists;
        crate::server::serve(
            self.listener,
            self.router,
            self.limits,
            self.connections,
            shutdown_signal(),
            move || checklists.close_streams(),
        )
        .await;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
