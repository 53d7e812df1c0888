//! Live streams are fanned out per run and capped: a change wakes only its
//! run's streams, and a stream over a cap is refused with `Retry-After` and
//! a JSON error in the reader's language, never queued.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, Response};
use docdesk::checklists::live::StreamLimits;
use docdesk::web::settings::WebSettings;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::helpers::{
    TestApp, app_with_settings, create_ccr_run, create_run_at, sigterm, start_binary_with, wait_exit,
    wait_ready,
};
use crate::operations::scrape;

/// The application with `limits` on streams, over its own data directory.
fn app_with(limits: StreamLimits) -> (TestApp, tempfile::TempDir) {
    app_with_settings(
        tempfile::tempdir().unwrap(),
        WebSettings {
            streams: limits,
            ..WebSettings::default()
        },
    )
}

async fn create_run(app: &TestApp) -> String {
    create_ccr_run(app).await["id"].as_str().unwrap().to_owned()
}

/// Opens the live stream of run `id`; the response is returned unread
/// (the stream stays open until it is dropped).
async fn open(app: &TestApp, id: &str, accept_language: &str) -> Response<Body> {
    let request = Request::get(format!("/api/checklists/{id}/events"))
        .header("accept-language", accept_language)
        .body(Body::empty())
        .unwrap();
    app.router.clone().oneshot(request).await.unwrap()
}

/// A refusal: its status, `Retry-After` and JSON error.
async fn refusal(response: Response<Body>) -> (u16, String, Value) {
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, retry, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn streams_over_a_cap_are_refused_with_retry_after_in_the_readers_language() {
    let (app, _data) = app_with(StreamLimits { per_run: 2, total: 3 });
    let (a, b) = (create_run(&app).await, create_run(&app).await);
    let a1 = open(&app, &a, "en").await;
    let a2 = open(&app, &a, "en").await;
    assert_eq!((a1.status().as_u16(), a2.status().as_u16()), (200, 200));

    let (status, retry, body) = refusal(open(&app, &a, "pt-BR,pt;q=0.9").await).await;
    assert_eq!((status, retry.as_str()), (429, "10"));
    assert_eq!(body["error"]["code"], "too_many_streams");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("2 visualizações ao vivo"), "{message}");

    let b1 = open(&app, &b, "en").await;
    assert_eq!(b1.status(), 200);
    let (status, retry, body) = refusal(open(&app, &b, "en-GB").await).await;
    assert_eq!((status, retry.as_str()), (503, "10"));
    assert_eq!(body["error"]["code"], "server_busy");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("3 live views"), "{message}");

    // A stream that ends frees its place at once.
    drop(a1);
    let again = open(&app, &a, "en").await;
    assert_eq!(again.status(), 200);
    drop((a2, b1, again));
    // An unknown run is still a 404, and holds no place.
    for _ in 0..4 {
        assert_eq!(open(&app, "nope", "en").await.status(), 404);
    }
    assert_eq!(open(&app, &b, "en").await.status(), 200);
}

/// Reads `body` until a frame whose text contains `needle`, within `limit`;
/// `None` when none comes.
async fn wait_for(body: &mut Body, needle: &str, limit: Duration) -> Option<String> {
    let deadline = tokio::time::Instant::now() + limit;
    let mut received = String::new();
    while !received.contains(needle) {
        let frame = tokio::time::timeout_at(deadline, body.frame()).await.ok()??;
        if let Ok(data) = frame.unwrap().into_data() {
            received.push_str(&String::from_utf8_lossy(&data));
        }
    }
    Some(received)
}

#[tokio::test]
async fn a_change_wakes_only_the_streams_of_its_run() {
    let (app, _data) = app_with(StreamLimits::default());
    let (a, b) = (create_run(&app).await, create_run(&app).await);
    let mut on_a = open(&app, &a, "en").await.into_body();
    let mut on_b = open(&app, &b, "en").await.into_body();
    let ticked = app
        .patch(
            &format!("/api/checklists/{a}/steps/move-groups-ex2"),
            json!({"done": true, "by": "ana"}).to_string(),
        )
        .await;
    assert_eq!(ticked.status, 200, "{}", ticked.body);
    let event = wait_for(&mut on_a, "event: step", Duration::from_secs(10))
        .await
        .expect("the run's stream hears its change");
    assert!(event.contains(&a) && event.contains("move-groups-ex2"), "{event}");
    assert_eq!(
        wait_for(&mut on_b, "event:", Duration::from_millis(500)).await,
        None,
        "another run's stream is not woken"
    );
}

#[tokio::test]
async fn a_reader_that_falls_behind_is_told_to_resync_never_left_stale() {
    let (app, _data) = app_with(StreamLimits::default());
    let a = create_run(&app).await;
    // Opened, then not read while more changes happen than a run's channel holds.
    let mut slow = open(&app, &a, "en").await.into_body();
    let step = format!("/api/checklists/{a}/steps/move-groups-ex2");
    for i in 0..150 {
        let done = i % 2 == 0;
        let changed = app
            .patch(&step, json!({"done": done, "by": "ana"}).to_string())
            .await;
        assert_eq!(changed.status, 200, "{}", changed.body);
    }
    let received = wait_for(&mut slow, "event: resync", Duration::from_secs(10))
        .await
        .expect("the slow reader is told it missed changes");
    assert!(
        !received.contains("\"revision\":1,"),
        "the oldest changes were dropped, not delivered late: {received}"
    );
}

/// `docdesk_sse_streams_open` in a `/metrics` scrape of `base`.
async fn streams_open(client: &reqwest::Client, base: &str) -> f64 {
    scrape(client, base).await["docdesk_sse_streams_open"]
}

/// The caps as an operator sets them (flags of the real binary), over real
/// connections: refused with 429/503 and `Retry-After`, and a place freed
/// when its client goes away (the stream's memory with it: 5,000 streams
/// used to hold 313 MB and never give it back).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_caps_set_by_flags_hold_on_a_real_server_and_closed_streams_free_their_place() {
    let data = tempfile::tempdir().unwrap();
    let (mut child, base) = start_binary_with(
        data.path(),
        &["--max-streams", "3", "--max-streams-per-run", "2"],
        None,
    );
    wait_ready(&base).await;
    let client = reqwest::Client::new();
    let body = json!({"template": "cms-upgrade", "params": {"cluster_type": "ccr", "active_node": "EX1",
        "passive_nodes": ["EX2"], "target": "SP2", "cluster_os": "windows-server-2003"}});
    let (a, b) = (
        create_run_at(&client, &base, &body).await,
        create_run_at(&client, &base, &body).await,
    );
    let events = |run: &Value| format!("{base}/api/checklists/{}/events", run["id"].as_str().unwrap());
    let open = |url: String| {
        let client = client.clone();
        async move { client.get(url).send().await.unwrap() }
    };

    let a1 = open(events(&a)).await;
    let a2 = open(events(&a)).await;
    assert_eq!((a1.status().as_u16(), a2.status().as_u16()), (200, 200));
    let refused = open(events(&a)).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "10");
    let b1 = open(events(&b)).await;
    assert_eq!(b1.status(), 200);
    let refused = open(events(&b)).await;
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["retry-after"], "10");
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"]["code"], "server_busy");
    assert_eq!(streams_open(&client, &base).await, 3.0);

    // Clients that go away (their connections closed) free their places.
    drop((a1, a2, b1));
    let deadline = Instant::now() + Duration::from_secs(10);
    while streams_open(&client, &base).await > 0.0 {
        assert!(
            Instant::now() < deadline,
            "closed streams still hold their places"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let again = open(events(&a)).await;
    assert_eq!(again.status(), 200);
    drop(again);
    sigterm(&child);
    assert!(wait_exit(&mut child, Duration::from_secs(20)).await.is_some());
}
