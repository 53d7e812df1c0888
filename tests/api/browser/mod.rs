//! End to end in headless Chromium (Debian's `chromium` and `chromium-driver`)
//! against the real `docdesk` binary.
//!
//! - `pages`: axe-core on every page, both languages, desktop and phone sizes,
//!   with a screenshot of each under `target/screenshots/`;
//! - `console`: the run page as people use it together (ticks, notes and skips
//!   reaching a second window live, the downtime label, a failed save), the
//!   runs list, the search combobox and the Ask box.
//!
//! Outside CI the tests are skipped, loudly, when chromedriver or axe-core is
//! missing; in CI (`CI` set) a missing tool is a failure, never a silent skip.

mod console;
mod pages;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::helpers::repo_root;

const CHROMEDRIVER: &str = "chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long to wait for anything to appear.
pub const WAIT: Duration = Duration::from_secs(15);
/// Desktop and phone viewports.
pub const SIZES: [(&str, u32, u32); 2] = [("desktop", 1366, 900), ("mobile", 390, 844)];

/// A child process killed when dropped.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

fn wait_for_port(port: u16, deadline: Duration) -> bool {
    let until = Instant::now() + deadline;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    true
}

/// Says why a browser test cannot run: a failure in CI, a loud skip elsewhere.
fn unavailable(what: &str) -> Option<std::convert::Infallible> {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is required in CI (.ci/run installs it)"
    );
    eprintln!("SKIPPED: {what} not found; the browser tests did not run");
    None
}

/// The real server binary on a fixed port, so it can be stopped and started
/// again at the same address (a failed save, then its retry).
pub struct Server {
    port: u16,
    data_dir: tempfile::TempDir,
    process: Option<Reaped>,
}

impl Server {
    /// Starts `docdesk serve` with the shipped content and a fresh data dir.
    pub fn start() -> Server {
        let mut server = Server {
            port: free_port(),
            data_dir: tempfile::tempdir().expect("temp dir"),
            process: None,
        };
        server.restart();
        server
    }

    /// Starts the process again (same port, same data).
    pub fn restart(&mut self) {
        let root = repo_root();
        let child = Command::new(env!("CARGO_BIN_EXE_docdesk"))
            .arg("serve")
            .arg(format!("--addr=127.0.0.1:{}", self.port))
            .arg(format!("--content={}", root.join("content").display()))
            .arg(format!("--static-dir={}", root.join("static").display()))
            .arg(format!("--data-dir={}", self.data_dir.path().display()))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("docdesk starts");
        self.process = Some(Reaped(child));
        assert!(
            wait_for_port(self.port, Duration::from_secs(30)),
            "docdesk listens"
        );
    }

    /// Kills the process: every connection drops at once.
    pub fn stop(&mut self) {
        self.process = None;
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// Creates a run through the API and returns its JSON.
    pub async fn create_run(&self, lang: &str, cluster_type: &str, active: &str, passive: &[&str]) -> Value {
        let response = reqwest::Client::new()
            .post(self.url("/api/checklists"))
            .json(&json!({
                "template": "cms-upgrade", "lang": lang,
                "params": {"cluster_type": cluster_type, "active_node": active, "passive_nodes": passive,
                           "target": "SP2", "cluster_os": "windows-server-2003"}
            }))
            .send()
            .await
            .expect("create run");
        assert_eq!(response.status(), 201);
        response.json().await.expect("run JSON")
    }

    /// PATCHes a step through the API.
    pub async fn patch(&self, run_id: &str, step: &str, body: Value) {
        let response = reqwest::Client::new()
            .patch(self.url(&format!("/api/checklists/{run_id}/steps/{step}")))
            .json(&body)
            .send()
            .await
            .expect("patch step");
        assert_eq!(
            response.status(),
            200,
            "{}",
            response.text().await.unwrap_or_default()
        );
    }
}

/// Chromedriver and the browser sessions opened through it.
pub struct Browsers {
    url: String,
    profiles: Vec<tempfile::TempDir>,
    _driver: Reaped,
}

impl Browsers {
    /// Starts chromedriver, or says why it cannot (see [`unavailable`]).
    pub fn start() -> Option<Browsers> {
        let port = free_port();
        let Ok(child) = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        else {
            unavailable("chromedriver")?;
            return None;
        };
        let driver = Reaped(child);
        if !wait_for_port(port, Duration::from_secs(20)) {
            unavailable("a working chromedriver")?;
        }
        Some(Browsers {
            url: format!("http://127.0.0.1:{port}"),
            profiles: Vec::new(),
            _driver: driver,
        })
    }

    /// A new browser window with its own profile, at desktop size.
    pub async fn open(&mut self) -> Client {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--hide-scrollbars", "--force-device-scale-factor=1",
                    format!("--user-data-dir={}", profile.path().display())
                ]
            }),
        );
        self.profiles.push(profile);
        let client = ClientBuilder::rustls()
            .expect("TLS setup")
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("browser session");
        client.set_window_size(1366, 900).await.expect("window size");
        client
    }
}

/// One browser window on a fresh server (chromedriver and the server live as
/// long as the returned values), or `None` when the tools are missing.
pub async fn one_window() -> Option<(Browsers, Server, Client)> {
    let mut browsers = Browsers::start()?;
    let server = Server::start();
    let client = browsers.open().await;
    Some((browsers, server, client))
}

/// axe-core's browser bundle, from the npm package `.ci/run` installs
/// (`AXE_CORE_JS` overrides the path).
pub fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".ci/node/node_modules/axe-core/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => {
            unavailable(&format!("axe-core ({})", path.display()))?;
            None
        }
    }
}

/// Where screenshots go: `target/screenshots/` (or under `CARGO_TARGET_DIR`).
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// Saves a PNG of the viewport.
pub async fn screenshot(client: &Client, dir: &Path, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot written");
}

/// Waits until `css` matches, or panics naming it.
pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

/// Waits until a script returns `true`.
pub async fn wait_until(client: &Client, what: &str, script: &str) {
    let until = Instant::now() + WAIT;
    loop {
        let value = client.execute(script, vec![]).await.expect("script runs");
        if value == Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < until, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Text of the first element matching `css`.
pub async fn text(client: &Client, css: &str) -> String {
    wait_for(client, css).await.text().await.expect("text")
}
