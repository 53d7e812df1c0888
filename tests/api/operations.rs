//! What operators watch: `/readyz` for the load balancer, `/metrics` for
//! Prometheus.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{app, repo_root, spawn_app};

/// Parses the OpenMetrics text format strictly enough to catch a broken
/// exposition: every sample line is `name{labels} value` with a number, every
/// sample belongs to a declared family, and the text ends with `# EOF`.
/// Returns each sample (name with labels) and its value.
fn parse_metrics(text: &str) -> BTreeMap<String, f64> {
    assert!(text.ends_with("# EOF\n"), "no EOF marker");
    let mut families: Vec<String> = Vec::new();
    let mut samples = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            families.push(name.to_owned());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("not a number: {line}"));
        let name = series.split('{').next().unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "bad name: {line}"
        );
        if let Some(labels) = series.strip_prefix(name) {
            assert!(
                labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')),
                "{line}"
            );
        }
        assert!(
            families.iter().any(|f| name.starts_with(f.as_str())),
            "sample of no declared family: {line}"
        );
        samples.insert(series.to_owned(), value);
    }
    samples
}

/// A `/metrics` scrape of the server at `base`, parsed.
pub async fn scrape(client: &reqwest::Client, base: &str) -> BTreeMap<String, f64> {
    let response = client.get(format!("{base}/metrics")).send().await.unwrap();
    parse_metrics(&response.text().await.unwrap())
}

#[tokio::test]
async fn readyz_reports_database_and_content_and_refuses_while_shutting_down() {
    let app = app();
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 200, "{}", ready.body);
    assert_eq!(
        ready.json(),
        json!({"status": "ready", "checks": {"database": "ok", "content": "ok", "shutting_down": false}})
    );

    // A server that is stopping tells the load balancer to stop sending.
    let data = tempfile::tempdir().unwrap();
    let content = docdesk::content::Content::load(&repo_root().join("content")).unwrap();
    let state = docdesk::state::AppState::new(content, 0, data.path()).unwrap();
    state.checklists.close_streams();
    let stopping = crate::helpers::TestApp {
        router: docdesk::web::router(state, &repo_root().join("static")),
    };
    let response = stopping.get("/readyz").await;
    assert_eq!(response.status, 503);
    assert_eq!(response.json()["checks"]["shutting_down"], true);
    assert_eq!(stopping.get("/healthz").await.status, 200, "alive all the same");
}

#[tokio::test]
async fn a_metrics_scrape_parses_and_counts_requests_connections_and_streams() {
    let server = spawn_app().await;
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let search = client
            .get(server.url("/api/search?q=cluster"))
            .send()
            .await
            .unwrap();
        assert_eq!(search.status(), 200);
    }
    let missing = client
        .get(server.url("/api/checklists/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let body = json!({"template": "cms-upgrade", "params": {"cluster_type": "ccr", "active_node": "EX1",
        "passive_nodes": ["EX2"], "target": "SP2", "cluster_os": "windows-server-2003"}});
    let run = server.post_json("/api/checklists", &body).await;
    let id = run["id"].as_str().unwrap();
    let stream = client
        .get(server.url(&format!("/api/checklists/{id}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);

    let scraped = client.get(server.url("/metrics")).send().await.unwrap();
    assert!(
        scraped.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let samples = parse_metrics(&scraped.text().await.unwrap());
    let value = |series: &str| {
        *samples
            .get(series)
            .unwrap_or_else(|| panic!("no {series} in {samples:#?}"))
    };
    assert_eq!(
        value(r#"docdesk_http_requests_total{route="/api/search",method="GET",status="200"}"#),
        3.0
    );
    // Series are by route pattern, never by raw path (ids would multiply them).
    assert_eq!(
        value(r#"docdesk_http_requests_total{route="/api/checklists/{id}",method="GET",status="404"}"#),
        1.0
    );
    assert!(!samples.keys().any(|k| k.contains("nope")));
    assert_eq!(
        value(r#"docdesk_http_request_duration_seconds_count{route="/api/search"}"#),
        3.0
    );
    assert_eq!(
        value(r#"docdesk_http_request_duration_seconds_bucket{le="+Inf",route="/api/search"}"#),
        3.0
    );
    assert_eq!(value("docdesk_runs_created_total"), 1.0);
    assert_eq!(value("docdesk_sse_streams_open"), 1.0);
    assert!(value("docdesk_http_connections_open") >= 1.0);

    // A closed stream is no longer counted.
    drop(stream);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if scrape(&client, &server.url("")).await["docdesk_sse_streams_open"] == 0.0 {
            break;
        }
        assert!(Instant::now() < deadline, "the stream is still counted");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A commit held up (another connection holds SQLite's write lock): the
/// changes waiting for it show in `step_changes_waiting`, and the time the
/// commit took in `step_commit_duration_seconds`; once it lands, nothing waits.
#[tokio::test]
async fn a_held_up_commit_shows_the_waiting_step_changes_and_its_duration() {
    use docdesk::content::Content;
    use docdesk::state::AppState;

    use crate::helpers::{TestApp, create_ccr_run, step_ids};

    let data = tempfile::tempdir().unwrap();
    let content = Content::load(&repo_root().join("content")).unwrap();
    // SQLite whatever the suite's store: its write lock is what holds the commit up.
    let state = AppState::open(content, 0, data.path(), None).unwrap();
    let app = TestApp {
        router: docdesk::web::router(state, &repo_root().join("static")),
    };
    let run = create_ccr_run(&app).await;
    let id = run["id"].as_str().unwrap().to_owned();
    let metrics = |app: &TestApp| {
        let app = TestApp {
            router: app.router.clone(),
        };
        async move { parse_metrics(&app.get("/metrics").await.body) }
    };
    assert_eq!(metrics(&app).await["docdesk_step_changes_waiting"], 0.0);

    let lock = rusqlite::Connection::open(data.path().join("docdesk.sqlite3")).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let held = Instant::now();
    let steps = step_ids(&run);
    let changes: Vec<_> = steps[..5]
        .iter()
        .map(|step| {
            let app = TestApp {
                router: app.router.clone(),
            };
            let uri = format!("/api/checklists/{id}/steps/{step}");
            tokio::spawn(async move {
                let body = json!({"done": true, "by": "ana"}).to_string();
                app.patch(&uri, body).await.status
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let waiting = metrics(&app).await["docdesk_step_changes_waiting"];
        if waiting == 5.0 {
            break;
        }
        assert!(Instant::now() < deadline, "{waiting} changes waiting, not 5");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Long enough to tell from a commit's usual milliseconds, well within
    // the store's 5 s busy timeout.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(held.elapsed() < Duration::from_secs(4));
    lock.execute_batch("ROLLBACK").unwrap();
    for change in changes {
        assert_eq!(change.await.unwrap(), 200);
    }
    let after = metrics(&app).await;
    assert_eq!(after["docdesk_step_changes_waiting"], 0.0);
    // The creation's commit is not a step change: every commit counted here
    // is a group of the five, the first held up by the lock.
    let commits = after["docdesk_step_commit_duration_seconds_count"];
    assert!((1.0..=5.0).contains(&commits), "{commits} commits");
    let took = after["docdesk_step_commit_duration_seconds_sum"];
    assert!(took >= 0.3, "the held-up commit took {took} s");
    assert_eq!(
        after[r#"docdesk_step_commit_duration_seconds_bucket{le="+Inf"}"#],
        commits
    );
}

/// The caches' hits and misses, read at each scrape: a search or a question
/// asked a second time is a hit, as is a run viewed again in a language it
/// was viewed in; without result caches there are no series of theirs.
#[tokio::test]
async fn the_result_caches_hits_and_misses_are_scraped() {
    use docdesk::content::Content;
    use docdesk::state::AppState;

    use crate::helpers::TestApp;

    let app_with_cache = |entries: usize| {
        let data = tempfile::tempdir().unwrap();
        let content = Content::load(&repo_root().join("content")).unwrap();
        let state = AppState::open(content, entries, data.path(), None).unwrap();
        let router = docdesk::web::router(state, &repo_root().join("static"));
        (TestApp { router }, data)
    };
    let (app, _data) = app_with_cache(16);
    let scrape = |app: &TestApp| {
        let app = TestApp {
            router: app.router.clone(),
        };
        async move { parse_metrics(&app.get("/metrics").await.body) }
    };
    let before = scrape(&app).await;
    for (cache, counted) in [
        ("search", "hits"),
        ("search", "misses"),
        ("answers", "hits"),
        ("answers", "misses"),
    ] {
        assert_eq!(
            before[&format!("docdesk_cache_{counted}_total{{cache=\"{cache}\"}}")],
            0.0
        );
    }
    for _ in 0..2 {
        let search = app.get("/api/search?q=cluster+failover&lang=en").await;
        assert_eq!(search.status, 200, "{}", search.body);
    }
    let searched = scrape(&app).await;
    assert_eq!(searched[r#"docdesk_cache_hits_total{cache="search"}"#], 1.0);
    assert_eq!(searched[r#"docdesk_cache_misses_total{cache="search"}"#], 1.0);
    let question = json!({"question": "Can I run the Exchange 2007 tools on Windows Vista?", "lang": "en"});
    for _ in 0..2 {
        let answer = app
            .post("/api/answer", "application/json", question.to_string())
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    let answered = scrape(&app).await;
    assert_eq!(answered[r#"docdesk_cache_hits_total{cache="answers"}"#], 1.0);
    assert_eq!(answered[r#"docdesk_cache_misses_total{cache="answers"}"#], 1.0);

    // A run's steps are worked out once per language: its creation keeps
    // them, every later view in that language reuses them.
    let steps = |samples: &BTreeMap<String, f64>| {
        (
            samples[r#"docdesk_cache_hits_total{cache="checklist_steps"}"#],
            samples[r#"docdesk_cache_misses_total{cache="checklist_steps"}"#],
        )
    };
    let (hits, misses) = steps(&answered);
    let id = crate::helpers::create_ccr_run(&app).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for lang in ["en", "en", "pt-BR", "pt-BR"] {
        let run = app.get(&format!("/api/checklists/{id}?lang={lang}")).await;
        assert_eq!(run.status, 200, "{}", run.body);
    }
    // The creation's own answer and two views in English reuse; the first
    // view in Portuguese works them out, the second reuses.
    assert_eq!(steps(&scrape(&app).await), (hits + 4.0, misses + 1.0));

    let (uncached, _data) = app_with_cache(0);
    uncached.get("/api/search?q=cluster&lang=en").await;
    let none = scrape(&uncached).await;
    assert!(
        !none
            .keys()
            .any(|k| k.contains("cache=\"search\"") || k.contains("cache=\"answers\"")),
        "{none:#?}"
    );
}
