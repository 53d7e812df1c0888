//! Command line: `docdesk serve` (the default), `docdesk check`, `docdesk mcp` and `docdesk backup`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::checklists::live::StreamLimits;
use crate::limits::Limits;
use crate::server::ServerLimits;
use crate::startup::{Application, Settings, load_state};
use crate::web::clients::DEFAULT_RUNS_PER_HOUR;
use crate::web::identity::{IdentityPolicy, parse_header, parse_trusted, token_digest};
use crate::web::mcp::McpSettings;
use crate::web::origin::parse_origin;
use axum::http::HeaderName;
use ipnet::IpNet;

/// A documentation-driven knowledge server.
#[derive(Debug, Parser)]
#[command(name = "docdesk", version, about)]
pub struct Cli {
    /// What to do; without a subcommand, `serve` with its defaults.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
// Parsed once per process: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server.
    Serve(ServeArgs),
    /// Validate the content directory and exit non-zero on problems.
    Check(CheckArgs),
    /// Serve one assistant over stdio with the Model Context Protocol.
    Mcp(McpArgs),
    /// Copy the SQLite checklist database to a new file, consistently, while the server runs.
    Backup(BackupArgs),
    /// Make a new API token: prints the token, and the line for the `--api-tokens` file.
    Token(TokenArgs),
}

/// Options of `docdesk token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The token's name: changes made with it are recorded under this name.
    #[arg(long)]
    pub name: String,
}

/// Options of `docdesk backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new file to write (never overwritten).
    #[arg(long)]
    pub to: PathBuf,
    /// Data directory of the server whose database to copy.
    #[arg(long, env = "DOCDESK_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Set when runs are stored in PostgreSQL: then this command refuses and
    /// says to use pg_dump.
    #[arg(long, env = "DOCDESK_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

/// Where the knowledge and the checklist runs come from: the same options
/// for `docdesk serve` and `docdesk mcp`, so both read one configuration.
#[derive(Debug, Args)]
pub struct KnowledgeArgs {
    /// Content directory (documents, UI strings, rules, checklists).
    #[arg(long, env = "DOCDESK_CONTENT", default_value = "content")]
    pub content: PathBuf,
    /// Data directory (created if missing); servers and `docdesk mcp` given
    /// the same one share their checklists.
    #[arg(long, env = "DOCDESK_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Store checklist runs in this PostgreSQL database (`postgres://user:password@host:5432/docdesk`),
    /// shared by every server given the same URL; without it, SQLite in the data directory.
    #[arg(long, env = "DOCDESK_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Search results and answers kept in memory for repeated queries (0 disables the caches).
    #[arg(long, env = "DOCDESK_CACHE_ENTRIES", default_value_t = crate::search::DEFAULT_CACHE_ENTRIES)]
    pub cache_entries: usize,
}

/// The bounds on what a client sends: the same options for `docdesk serve`
/// and `docdesk mcp`, whose tools check the same inputs. Each is a whole
/// number of at least 1; the defaults are [`Limits::DEFAULT`].
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Largest request body accepted, in bytes (JSON, forms, MCP calls); more is refused with 413.
    #[arg(long, env = "DOCDESK_MAX_BODY_BYTES", default_value_t = Limits::DEFAULT.body_bytes,
          value_parser = parse_positive)]
    pub max_body_bytes: usize,
    /// Longest search query, in characters.
    #[arg(long, env = "DOCDESK_MAX_QUERY_CHARS", default_value_t = Limits::DEFAULT.query_chars,
          value_parser = parse_positive)]
    pub max_query_chars: usize,
    /// Longest question to the answer engine, in characters.
    #[arg(long, env = "DOCDESK_MAX_QUESTION_CHARS", default_value_t = Limits::DEFAULT.question_chars,
          value_parser = parse_positive)]
    pub max_question_chars: usize,
    /// Most items of a list parameter of a checklist run (e.g. passive
    /// nodes); a template may declare fewer.
    #[arg(long, env = "DOCDESK_MAX_LIST_ITEMS", default_value_t = Limits::DEFAULT.list_items,
          value_parser = parse_positive)]
    pub max_list_items: usize,
    /// Longest text parameter or list item of a checklist run, in
    /// characters; a template may declare fewer.
    #[arg(long, env = "DOCDESK_MAX_TEXT_CHARS", default_value_t = Limits::DEFAULT.text_chars,
          value_parser = parse_positive)]
    pub max_text_chars: usize,
    /// Longest name of whoever makes a change (`by`, a signed-in name, a token's name), in characters.
    #[arg(long, env = "DOCDESK_MAX_BY_CHARS", default_value_t = Limits::DEFAULT.by_chars,
          value_parser = parse_positive)]
    pub max_by_chars: usize,
    /// Longest note or skip reason of a checklist step, in characters.
    #[arg(long, env = "DOCDESK_MAX_NOTE_CHARS", default_value_t = Limits::DEFAULT.note_chars,
          value_parser = parse_positive)]
    pub max_note_chars: usize,
}

impl LimitArgs {
    /// The limits these options set.
    pub fn limits(&self) -> Limits {
        Limits {
            body_bytes: self.max_body_bytes,
            query_chars: self.max_query_chars,
            question_chars: self.max_question_chars,
            list_items: self.max_list_items,
            text_chars: self.max_text_chars,
            by_chars: self.max_by_chars,
            note_chars: self.max_note_chars,
        }
    }
}

/// Options of `docdesk serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "DOCDESK_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub knowledge: KnowledgeArgs,
    /// Static files served under /static.
    #[arg(long, env = "DOCDESK_STATIC_DIR", default_value = "static")]
    pub static_dir: PathBuf,
    /// Reload the content when a file under it changes (SIGHUP always reloads).
    #[arg(long, env = "DOCDESK_WATCH")]
    pub watch: bool,
    /// Offer no MCP tool that writes at /mcp (create_checklist, update_step).
    #[arg(long, env = "DOCDESK_MCP_READ_ONLY")]
    pub mcp_read_only: bool,
    /// Host header values accepted at /mcp, comma-separated (default: loopback names).
    #[arg(long, env = "DOCDESK_MCP_ALLOWED_HOSTS", value_delimiter = ',')]
    pub mcp_allowed_hosts: Vec<String>,
    /// Browser origins accepted at /mcp, comma-separated, e.g. `https://desk.example.com`
    /// (default: loopback origins; requests without Origin always pass).
    #[arg(long, env = "DOCDESK_MCP_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub mcp_allowed_origins: Vec<String>,
    /// Browser origins besides the server's own that may send requests that
    /// change something (forms, POST, PATCH), comma-separated, e.g.
    /// `https://portal.example.com`; `scheme://host:*` for any port.
    #[arg(long, env = "DOCDESK_TRUSTED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub trusted_origins: Vec<String>,
    /// Connections served at once; more wait in the accept queue. Keep it
    /// below the open-files limit (`ulimit -n`) minus about 64.
    #[arg(long, env = "DOCDESK_MAX_CONNECTIONS", default_value_t = ServerLimits::default().max_connections,
          value_parser = parse_positive)]
    pub max_connections: usize,
    /// Time allowed to send a request head, and to start the next request on
    /// a kept-alive connection (`10s`, `500ms`, `2m`; a bare number is seconds).
    #[arg(long, env = "DOCDESK_HEADER_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub header_timeout: Duration,
    /// A connection that moves no bytes in either direction for this long is closed.
    #[arg(long, env = "DOCDESK_IDLE_TIMEOUT", default_value = "60s", value_parser = parse_duration)]
    pub idle_timeout: Duration,
    /// After SIGTERM or SIGINT, how long in-flight requests may take before the server exits anyway.
    #[arg(long, env = "DOCDESK_SHUTDOWN_GRACE", default_value = "10s", value_parser = parse_duration)]
    pub shutdown_grace: Duration,
    /// Live event streams open at once on the whole server; more are refused
    /// with 503 and Retry-After. Keep it well below --max-connections.
    #[arg(long, env = "DOCDESK_MAX_STREAMS", default_value_t = StreamLimits::default().total,
          value_parser = parse_positive)]
    pub max_streams: usize,
    /// Live event streams open at once on one checklist run; more are refused
    /// with 429 and Retry-After.
    #[arg(long, env = "DOCDESK_MAX_STREAMS_PER_RUN", default_value_t = StreamLimits::default().per_run,
          value_parser = parse_positive)]
    pub max_streams_per_run: usize,
    /// Take the identity of whoever makes a change from this header (e.g.
    /// `Remote-User`, `X-Forwarded-User`), set by a signing-in reverse proxy;
    /// changes without an identity are then refused.
    #[arg(long, env = "DOCDESK_AUTH_PROXY_HEADER", value_parser = parse_header)]
    pub auth_proxy_header: Option<HeaderName>,
    /// Addresses or networks of that proxy, comma-separated (default: this
    /// machine, 127.0.0.1 and ::1); the header from anywhere else is refused.
    #[arg(long, env = "DOCDESK_AUTH_PROXY_TRUSTED", value_delimiter = ',', value_parser = parse_trusted,
          requires = "auth_proxy_header")]
    pub auth_proxy_trusted: Vec<IpNet>,
    /// Checklist runs one client (a signed-in person, a token, else an
    /// address) may create per hour: that many at once, then one every
    /// hour/N; more are refused with 429 and Retry-After.
    #[arg(long, env = "DOCDESK_MAX_RUNS_PER_CLIENT", default_value_t = DEFAULT_RUNS_PER_HOUR,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_runs_per_client: u32,
    /// File of named API tokens for bots (`name sha256-hex` a line, made by
    /// `docdesk token`); changes without an identity are then refused.
    #[arg(long, env = "DOCDESK_API_TOKENS")]
    pub api_tokens: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Parses a count of at least 1.
fn parse_positive(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{text}` is not a whole number of at least 1")),
    }
}

/// Parses `10s`, `500ms`, `2m` or a bare number of seconds (non-zero).
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (e.g. 10s, 500ms, 2m)"))?;
    let seconds = match unit.trim() {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" => number * 60.0,
        other => return Err(format!("unknown unit `{other}` (use ms, s or m)")),
    };
    if !(seconds > 0.0 && seconds < 86_400.0) {
        return Err("must be more than 0 and less than a day".into());
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Options of `docdesk mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {
    #[command(flatten)]
    pub knowledge: KnowledgeArgs,
    /// Offer no tool that writes (create_checklist, update_step).
    #[arg(long, env = "DOCDESK_MCP_READ_ONLY")]
    pub mcp_read_only: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
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
        Command::Mcp(args) => mcp(args),
        Command::Backup(args) => backup(&args),
        Command::Token(args) => token(&args),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    crate::telemetry::init();
    let limits = args.limits.limits();
    let mut identity = IdentityPolicy::default();
    if let Some(header) = args.auth_proxy_header {
        identity = identity.with_proxy(header, &args.auth_proxy_trusted);
    }
    if let Some(path) = &args.api_tokens {
        identity = match identity.with_token_file(path, limits.by_chars) {
            Ok(identity) => identity,
            Err(error) => {
                eprintln!("error: {error:#}");
                return ExitCode::FAILURE;
            }
        };
    }
    let settings = Settings {
        addr: args.addr,
        content_dir: args.knowledge.content,
        data_dir: args.knowledge.data_dir,
        database_url: args.knowledge.database_url,
        static_dir: args.static_dir,
        cache_entries: args.knowledge.cache_entries,
        watch: args.watch,
        mcp: McpSettings {
            read_only: args.mcp_read_only,
            allowed_hosts: args.mcp_allowed_hosts,
            allowed_origins: args.mcp_allowed_origins,
        },
        trusted_origins: args.trusted_origins,
        identity,
        runs_per_client_hour: std::num::NonZeroU32::new(args.max_runs_per_client)
            .unwrap_or(std::num::NonZeroU32::MIN),
        limits,
        server: ServerLimits {
            max_connections: args.max_connections,
            header_timeout: args.header_timeout,
            idle_timeout: args.idle_timeout,
            shutdown_grace: args.shutdown_grace,
            streams: StreamLimits {
                per_run: args.max_streams_per_run,
                total: args.max_streams,
            },
        },
    };
    run_async(async {
        let app = Application::build(&settings).await?;
        tracing::info!("docdesk listening on http://{}", app.local_addr()?);
        app.run_until_stopped().await?;
        anyhow::Ok(())
    })
}

fn mcp(args: McpArgs) -> ExitCode {
    crate::telemetry::init_stderr();
    run_async(async {
        let knowledge = &args.knowledge;
        let state = load_state(
            &knowledge.content,
            knowledge.cache_entries,
            &knowledge.data_dir,
            knowledge.database_url.as_deref(),
            args.limits.limits(),
        )?;
        crate::web::mcp::serve_stdio(state, args.mcp_read_only).await
    })
}

fn token(args: &TokenArgs) -> ExitCode {
    let name = args.name.trim();
    // The default bound: a server started with a lower `--max-by-chars`
    // refuses a longer name in its token file, saying so.
    let max = Limits::DEFAULT.by_chars;
    if name.is_empty() || name.chars().count() > max || name.contains(char::is_whitespace) {
        eprintln!("error: a token name is 1 to {max} characters without spaces");
        return ExitCode::from(2);
    }
    // 256 random bits, as URL-safe text.
    let token = hex::encode(rand::random::<[u8; 32]>());
    println!("token (give it to the bot; it is not stored anywhere): {token}");
    println!("line for the --api-tokens file:");
    println!("{name} {}", token_digest(&token));
    ExitCode::SUCCESS
}

fn backup(args: &BackupArgs) -> ExitCode {
    if args.database_url.is_some() {
        eprintln!(
            "error: checklist runs are stored in PostgreSQL (--database-url / DOCDESK_DATABASE_URL), \
             and backing up PostgreSQL is pg_dump's job, e.g. \
             `pg_dump --format=custom --file=docdesk.dump \"$DOCDESK_DATABASE_URL\"` \
             (restore with pg_restore); `docdesk backup` copies the SQLite database only"
        );
        return ExitCode::from(2);
    }
    match crate::storage::backup(&args.data_dir, &args.to) {
        Ok(copy) => {
            println!(
                "backed up {} run(s), {} bytes, to {} (integrity checked)",
                copy.runs,
                copy.bytes,
                args.to.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `work` on a new runtime; errors go to stderr and a failing exit code.
fn run_async(work: impl std::future::Future<Output = anyhow::Result<()>>) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(work) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let errors = match crate::check::load_checked(&args.content) {
        Ok(content) => {
            // What the answer engine cannot answer about: for the writer to
            // see, not a reason to refuse the content.
            let notes = crate::answers::model::uncited_sentences(&content.answers, &content.library);
            for note in &notes {
                println!("note: {note}");
            }
            if !notes.is_empty() {
                println!(
                    "{} sentence(s) of rule-bearing sections are cited by no rule or fact",
                    notes.len()
                );
            }
            Vec::new()
        }
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

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations_take_a_unit_or_mean_seconds() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        for bad in ["", "0", "-1s", "10h", "s", "1e9"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }
}
