//! Shared test setup: one app per test binary, request helpers, a real server on port 0.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use docdesk::content::Content;
use docdesk::startup::{Application, Settings};
use docdesk::state::AppState;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a directory tree (a content tree to break or extend in a test).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A response, read whole.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// The body as JSON; panics with the body when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// The application over the shipped content with its runs in `data`, with
/// handler `settings` and the default MCP endpoint.
pub fn app_with_settings(
    data: tempfile::TempDir,
    settings: docdesk::web::settings::WebSettings,
) -> (TestApp, tempfile::TempDir) {
    let content = Content::load(&repo_root().join("content")).unwrap();
    let state = AppState::open(content, 0, data.path(), test_database_url().as_deref()).unwrap();
    let router = docdesk::web::app(
        state,
        &repo_root().join("static"),
        &docdesk::web::mcp::McpSettings::default(),
        settings,
    );
    (TestApp { router }, data)
}

/// The application over the shipped content, called in-process.
pub struct TestApp {
    pub router: Router,
}

/// The state is built once per test binary: content and index are read-only.
pub fn shared_state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let content = Content::load(&repo_root().join("content")).expect("shipped content loads");
            // One fresh data dir per test process; tests that need their own
            // spawn their own app. A name made from the process id was
            // reused when the id came round again, and a later run found the
            // runs an earlier one created.
            let data_dir = tempfile::Builder::new()
                .prefix("docdesk-tests-")
                .tempdir()
                .expect("temp dir")
                .keep();
            AppState::open(
                content,
                docdesk::search::DEFAULT_CACHE_ENTRIES,
                &data_dir,
                test_database_url().as_deref(),
            )
            .expect("state builds")
        })
        .clone()
}

/// Where this run of the suite stores checklist runs: SQLite in the data
/// directory (`None`), or a fresh PostgreSQL database with
/// `DOCDESK_TEST_STORE=postgres` (CI runs the checklist suite both ways).
pub fn test_database_url() -> Option<String> {
    if std::env::var("DOCDESK_TEST_STORE").as_deref() != Ok("postgres") {
        return None;
    }
    let server = docdesk::postgres::testing::server_url("the API suite")
        .expect("DOCDESK_TEST_STORE=postgres needs DOCDESK_TEST_DATABASE_URL");
    Some(docdesk::postgres::testing::scratch_database(&server))
}

/// The in-process application.
pub fn app() -> TestApp {
    TestApp {
        router: docdesk::web::router(shared_state(), &repo_root().join("static")),
    }
}

impl TestApp {
    /// Sends `request` and reads the whole response.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body reads")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// GET `uri`.
    pub async fn get(&self, uri: &str) -> TestResponse {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    /// GET `uri` with an `Accept-Language` header.
    pub async fn get_with_language(&self, uri: &str, accept_language: &str) -> TestResponse {
        self.send(
            Request::get(uri)
                .header("accept-language", accept_language)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// PATCH a JSON `body`.
    pub async fn patch(&self, uri: &str, body: impl Into<Body>) -> TestResponse {
        self.send(
            Request::patch(uri)
                .header("content-type", "application/json")
                .body(body.into())
                .unwrap(),
        )
        .await
    }

    /// POST `body` with a content type.
    pub async fn post(&self, uri: &str, content_type: &str, body: impl Into<Body>) -> TestResponse {
        self.send(
            Request::post(uri)
                .header("content-type", content_type)
                .body(body.into())
                .unwrap(),
        )
        .await
    }
}

/// Percent-encodes a query-string value.
pub fn enc(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A server listening on a free port, stopped when dropped.
pub struct SpawnedApp {
    pub address: SocketAddr,
    pub data_dir: tempfile::TempDir,
    handle: tokio::task::JoinHandle<()>,
}

impl Drop for SpawnedApp {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

impl SpawnedApp {
    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    /// `GET path`, answered with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = reqwest::get(self.url(path)).await.expect("GET answered");
        response.json().await.expect("JSON body")
    }

    /// `POST path` with a JSON body, answered with JSON.
    pub async fn post_json(&self, path: &str, body: &Value) -> Value {
        let client = reqwest::Client::new();
        let response = client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("POST answered");
        response.json().await.expect("JSON body")
    }
}

/// Starts the real server on port 0 with the shipped content and a fresh data dir.
pub async fn spawn_app() -> SpawnedApp {
    spawn_app_over(&repo_root().join("content"), false).await
}

/// Starts the real server on port 0 over `content_dir` (watching it when
/// `watch`), with a fresh data dir.
pub async fn spawn_app_over(content_dir: &std::path::Path, watch: bool) -> SpawnedApp {
    spawn_app_with(content_dir, |settings| settings.watch = watch).await
}

/// The settings of a test server: port 0, `content_dir`, runs in SQLite in
/// `data_dir`, no caches, every other setting its default.
pub fn test_settings(content_dir: &std::path::Path, data_dir: &std::path::Path) -> Settings {
    Settings {
        addr: "127.0.0.1:0".parse().unwrap(),
        content_dir: content_dir.to_owned(),
        data_dir: data_dir.to_owned(),
        database_url: None,
        static_dir: repo_root().join("static"),
        cache_entries: 0,
        watch: false,
        mcp: Default::default(),
        server: docdesk::server::ServerLimits::default(),
        trusted_origins: Vec::new(),
        identity: Default::default(),
        runs_per_client_hour: std::num::NonZeroU32::new(100).unwrap(),
        limits: docdesk::limits::Limits::DEFAULT,
    }
}

/// Starts the real server on port 0 over `content_dir`, with a fresh data
/// dir, the suite's store and [`test_settings`] changed by `configure`.
pub async fn spawn_app_with(
    content_dir: &std::path::Path,
    configure: impl FnOnce(&mut Settings),
) -> SpawnedApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings {
        database_url: test_database_url(),
        ..test_settings(content_dir, &data_dir.path().join("data"))
    };
    configure(&mut settings);
    let app = Application::build(&settings).await.expect("application builds");
    let address = app.local_addr().expect("bound");
    let handle = tokio::spawn(async move {
        app.run_until_stopped().await.expect("server runs");
    });
    SpawnedApp {
        address,
        data_dir,
        handle,
    }
}

/// The release or debug binary, started on a free port with `data_dir`
/// (and the database `database_url`, when given).
pub fn start_binary(data_dir: &std::path::Path, database_url: Option<&str>) -> (Child, String) {
    let flag = database_url.map(|url| format!("--database-url={url}"));
    start_binary_with(
        data_dir,
        flag.as_slice()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        None,
    )
}

/// The binary with extra `serve` flags and, if given, a lower open-files limit.
pub fn start_binary_with(
    data_dir: &std::path::Path,
    extra: &[&str],
    open_files: Option<u32>,
) -> (Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut args: Vec<String> = vec![
        "serve".into(),
        "--addr".into(),
        format!("127.0.0.1:{port}"),
        "--content".into(),
        "content".into(),
        "--data-dir".into(),
        data_dir.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let binary = env!("CARGO_BIN_EXE_docdesk");
    let mut command = match open_files {
        // The shell lowers its own limit, then becomes the server.
        Some(limit) => {
            let mut command = Command::new("sh");
            command
                .arg("-c")
                .arg(format!("ulimit -n {limit} && exec \"$0\" \"$@\""))
                .arg(binary)
                .args(&args);
            command
        }
        None => {
            let mut command = Command::new(binary);
            command.args(&args);
            command
        }
    };
    let child = command
        .current_dir(repo_root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    (child, format!("http://127.0.0.1:{port}"))
}

/// Waits until `/healthz` answers.
pub async fn wait_ready(base: &str) {
    let started = Instant::now();
    while reqwest::get(format!("{base}/healthz")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Sends SIGTERM to `child`.
pub fn sigterm(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits up to `within` for `child` to exit; `None` if it is still running.
pub async fn wait_exit(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Some(exit) = child.try_wait().unwrap() {
            return Some(exit);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    None
}

/// Reads a live stream until an event whose text contains `needle`, within `limit`.
pub async fn next_event(stream: &mut reqwest::Response, needle: &str, limit: Duration) -> String {
    let find = |received: &str| {
        received
            .split("\n\n")
            .find(|event| event.contains(needle) && received.contains(&format!("{event}\n\n")))
            .map(str::to_owned)
    };
    let received = read_stream_until(stream, limit, |received| find(received).is_some()).await;
    find(&received).expect("read until found")
}

/// Reads a live stream until what it sent satisfies `done`, within `limit`;
/// returns all it sent.
pub async fn read_stream_until(
    stream: &mut reqwest::Response,
    limit: Duration,
    done: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + limit;
    let mut received = String::new();
    while !done(&received) {
        let chunk = tokio::time::timeout_at(deadline.into(), stream.chunk())
            .await
            .unwrap_or_else(|_| panic!("not the expected events within {limit:?}; got {received:?}"))
            .unwrap()
            .expect("the stream stays open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    received
}

/// Creates a two-node CCR run of `cms-upgrade` through the in-process
/// `app`; answered 201 with the run.
pub async fn create_ccr_run(app: &TestApp) -> Value {
    let body = serde_json::json!({"template": "cms-upgrade", "params": {"cluster_type": "ccr",
        "active_node": "EX1", "passive_nodes": ["EX2"], "target": "SP2", "cluster_os": "windows-server-2003"}});
    let created = app
        .post("/api/checklists", "application/json", body.to_string())
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.json()
}

/// Creates a run with `body` on the server at `base`; answered 201 with the run.
pub async fn create_run_at(client: &reqwest::Client, base: &str, body: &Value) -> Value {
    let response = client
        .post(format!("{base}/api/checklists"))
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// `PATCH url` with a JSON body, answered 200 with JSON.
pub async fn patch_json(client: &reqwest::Client, url: &str, body: &Value) -> Value {
    let response = client.patch(url).json(body).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

/// The ids of a run's steps, in order.
pub fn step_ids(run: &Value) -> Vec<String> {
    run["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}
