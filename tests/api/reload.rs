//! Live reload: `serve --watch`, reloads under load, invalid content.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use docdesk::reload::{Outcome, Reloader};
use docdesk::state::{AppState, Live};
use serde_json::Value;

use crate::corpus;
use crate::helpers::{repo_root, spawn_app_over};

/// A small generated content tree in a temporary directory.
fn content_tree() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    corpus::generate(&repo_root().join("content"), &root, 3, 3).unwrap();
    (dir, root)
}

/// Appends a section with `word` to document `kb-00000` in both languages.
fn add_section(root: &Path, id: &str, word: &str) {
    for lang in ["en", "pt-BR"] {
        let path = root.join("docs").join(format!("kb-00000.{lang}.md"));
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!(
            "\n## Added {word} {{#{id}}}\n\nThe word {word} is new here.\n"
        ));
        std::fs::write(&path, text).unwrap();
    }
}

async fn top_section(client: &reqwest::Client, url: String) -> Option<String> {
    let body: Value = client.get(url).send().await.ok()?.json().await.ok()?;
    body["hits"][0]["section"].as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_under_watch_is_searchable_and_broken_content_keeps_the_old_serving() {
    let (_dir, root) = content_tree();
    let app = spawn_app_over(&root, true).await;
    let client = reqwest::Client::new();
    let url = app.url("/api/search?lang=en&q=qzwatched%20");
    assert_eq!(top_section(&client, url.clone()).await, None);

    // Within 2 s of the edit (the debounce is 150 ms; a reload of this small
    // tree takes a fraction of a second, also in a debug build).
    add_section(&root, "watched", "qzwatched");
    let started = Instant::now();
    while top_section(&client, url.clone()).await.as_deref() != Some("watched") {
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the edit was not searchable within 2 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Broken front matter: the reload is refused and the last good content serves on.
    std::fs::write(root.join("docs/kb-00001.en.md"), "+++\ntitle = \n+++\n").unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(top_section(&client, url).await.as_deref(), Some("watched"));
    let page = client.get(app.url("/docs/en/kb-00001")).send().await.unwrap();
    assert_eq!(page.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_reloads_under_load_fail_no_request_and_invalid_content_is_refused() {
    let (dir, root) = content_tree();
    let data = dir.path().join("data");
    let content = docdesk::check::load_checked(&root).unwrap();
    let live = Live::from(AppState::new(content, 0, &data).unwrap());
    let router = docdesk::web::router(live.clone(), &repo_root().join("static"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let reloader = Arc::new(Reloader::new(live, &root, &data, 0));

    let stop = Arc::new(AtomicBool::new(false));
    let (served, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let clients: Vec<_> = (0..4)
        .map(|i| {
            let (stop, served, failed) = (stop.clone(), served.clone(), failed.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let paths = [
                    "/api/search?lang=en&q=servidor%20cluster",
                    "/docs/pt-BR/kb-00000",
                    "/",
                ];
                let mut n = i;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let url = format!("http://{address}{}", paths[n % paths.len()]);
                    match client.get(url).send().await {
                        Ok(response) if response.status() == 200 => served.fetch_add(1, Ordering::Relaxed),
                        _ => failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();

    for i in 0..10 {
        add_section(&root, &format!("reload-{i}"), &format!("qzreload{i}"));
        let reloader = reloader.clone();
        let outcome = tokio::task::spawn_blocking(move || reloader.reload())
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::Reloaded, "reload {i}");
    }
    std::fs::write(root.join("docs/kb-00001.en.md"), "+++\ntitle = \n+++\n").unwrap();
    let reloader_for_invalid = reloader.clone();
    let outcome = tokio::task::spawn_blocking(move || reloader_for_invalid.reload())
        .await
        .unwrap();
    let Outcome::Invalid(errors) = outcome else {
        panic!("broken content was accepted: {outcome:?}");
    };
    assert!(errors.to_string().contains("kb-00001.en.md:2:"), "{errors}");

    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
    assert_eq!(failed.load(Ordering::Relaxed), 0);
    assert!(served.load(Ordering::Relaxed) > 10);
    let client = reqwest::Client::new();
    let url = format!("http://{address}/api/search?lang=pt-BR&q=qzreload9%20");
    assert_eq!(top_section(&client, url).await.as_deref(), Some("reload-9"));
    server.abort();
}

/// A run keeps the version of its template it was created from: a template
/// edited and reloaded changes new runs only, also after a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_keeps_its_template_across_an_edit_a_reload_and_a_restart() {
    let (dir, root) = content_tree();
    let data = dir.path().join("data");
    let serve = |live: Live| crate::helpers::TestApp {
        router: docdesk::web::router(live, &repo_root().join("static")),
    };
    let content = docdesk::check::load_checked(&root).unwrap();
    let live = Live::from(AppState::new(content, 0, &data).unwrap());
    let app = serve(live.clone());
    let request = serde_json::json!({
        "template": "cms-upgrade",
        "lang": "en",
        "params": {
            "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"],
            "target": "SP2", "cluster_os": "windows-server-2003"
        }
    })
    .to_string();
    let create = |app: &crate::helpers::TestApp| {
        let (app, request) = (app.router.clone(), request.clone());
        async move {
            let app = crate::helpers::TestApp { router: app };
            let response = app.post("/api/checklists", "application/json", request).await;
            assert_eq!(response.status, 201, "{}", response.body);
            response.json()["id"].as_str().unwrap().to_owned()
        }
    };
    let title = |app: &crate::helpers::TestApp, id: String| {
        let app = crate::helpers::TestApp {
            router: app.router.clone(),
        };
        async move {
            let run = app.get(&format!("/api/checklists/{id}")).await.json();
            let step = run["steps"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["id"] == "confirm-passive-ex2");
            step.unwrap()["title"].as_str().unwrap().to_owned()
        }
    };
    let before = create(&app).await;
    assert_eq!(title(&app, before.clone()).await, "Confirm EX2 is truly passive");

    let path = root.join("checklists/cms-upgrade.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        "Confirm {node} is truly passive",
        "Check that {node} holds no active copy",
    );
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
    let reloader = Arc::new(Reloader::new(live, &root, &data, 0));
    let outcome = tokio::task::spawn_blocking(move || reloader.reload())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Reloaded);

    let after = create(&app).await;
    assert_eq!(
        title(&app, after.clone()).await,
        "Check that EX2 holds no active copy"
    );
    assert_eq!(title(&app, before.clone()).await, "Confirm EX2 is truly passive");

    // A restart reads both versions back from the database.
    drop(app);
    let content = docdesk::check::load_checked(&root).unwrap();
    let restarted = serve(Live::from(AppState::new(content, 0, &data).unwrap()));
    assert_eq!(title(&restarted, before).await, "Confirm EX2 is truly passive");
    assert_eq!(
        title(&restarted, after).await,
        "Check that EX2 holds no active copy"
    );
}
