//! Command line: `docdesk serve` (the default) and `docdesk check`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::startup::{Application, Settings};

/// A documentation-driven knowledge server.
#[derive(Debug, Parser)]
#[command(name = "docdesk", version, about)]
pub struct Cli {
    /// What to do; without a subcommand, `serve` with its defaults.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server.
    Serve(ServeArgs),
    /// Validate the content directory and exit non-zero on problems.
    Check(CheckArgs),
}

/// Options of `docdesk serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "DOCDESK_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Content directory (documents, UI strings, rules, checklists).
    #[arg(long, env = "DOCDESK_CONTENT", default_value = "content")]
    pub content: PathBuf,
    /// Data directory (created if missing).
    #[arg(long, env = "DOCDESK_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Static files served under /static.
    #[arg(long, env = "DOCDESK_STATIC_DIR", default_value = "static")]
    pub static_dir: PathBuf,
    /// Search results and answers kept in memory for repeated queries (0 disables the caches).
    #[arg(long, env = "DOCDESK_CACHE_ENTRIES", default_value_t = crate::search::DEFAULT_CACHE_ENTRIES)]
    pub cache_entries: usize,
    /// Reload the content when a file under it changes (SIGHUP always reloads).
    #[arg(long, env = "DOCDESK_WATCH")]
    pub watch: bool,
}

/// Options of `docdesk check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Content directory to validate.
    #[arg(long, env = "DOCDESK_CONTENT", default_value = "content")]
    pub content: PathBuf,
}

impl Default for ServeArgs {
    fn default() -> Self {
        // Parsing no arguments applies the defaults and the environment.
        #[derive(Parser)]
        struct Defaults {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Defaults::parse_from(["docdesk"]).serve
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::default()))
    {
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(&args),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    crate::telemetry::init();
    let settings = Settings {
        addr: args.addr,
        content_dir: args.content,
        data_dir: args.data_dir,
        static_dir: args.static_dir,
        cache_entries: args.cache_entries,
        watch: args.watch,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let app = Application::build(&settings).await?;
        tracing::info!("docdesk listening on http://{}", app.local_addr()?);
        app.run_until_stopped().await?;
        anyhow::Ok(())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let errors = match crate::check::load_checked(&args.content) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0,
    };
    for error in &errors {
        println!("{error}");
    }
    if errors.is_empty() {
        println!("content OK: {}", args.content.display());
        ExitCode::SUCCESS
    } else {
        eprintln!("{} problem(s) found", errors.len());
        ExitCode::FAILURE
    }
}
