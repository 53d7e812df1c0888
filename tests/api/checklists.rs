use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{
    SpawnedApp, TestApp, app, create_run_at, enc, next_event, patch_json, read_stream_until, spawn_app,
    start_binary, step_ids, test_database_url, wait_ready,
};

fn ccr(active: &str, passive: &str) -> Value {
    json!({
        "template": "cms-upgrade",
        "lang": "en",
        "params": {
            "cluster_type": "ccr", "active_node": active, "passive_nodes": [passive],
            "target": "SP2", "cluster_os": "windows-server-2003"
        }
    })
}

/// Creates the usual two-node CCR run through the API: the response.
async fn post_ccr(app: &TestApp) -> crate::helpers::TestResponse {
    let response = app
        .post(
            "/api/checklists",
            "application/json",
            ccr("EX1", "EX2").to_string(),
        )
        .await;
    assert_eq!(response.status, 201, "{}", response.body);
    response
}

/// Creates the usual two-node CCR run through the API: the run.
async fn create_ccr(app: &TestApp) -> Value {
    post_ccr(app).await.json()
}

/// The usual two-node CCR run on a real server, and its live stream, open.
async fn watched_run() -> (SpawnedApp, reqwest::Client, String, reqwest::Response) {
    let server = spawn_app().await;
    let client = reqwest::Client::new();
    let run = create_run_at(&client, &server.url(""), &ccr("EX1", "EX2")).await;
    let id = run["id"].as_str().unwrap().to_owned();
    let stream = client
        .get(server.url(&format!("/api/checklists/{id}/events")))
        .send()
        .await
        .unwrap();
    (server, client, id, stream)
}

#[tokio::test]
async fn creating_a_run_returns_201_with_every_documented_field() {
    let response = post_ccr(&app()).await;
    let run = response.json();
    let id = run["id"].as_str().unwrap();
    assert_eq!(id.len(), 32, "128 random bits, hex");
    assert_eq!(
        response.headers.get("location").unwrap(),
        &format!("/checklists/{id}")
    );
    for field in [
        "id", "url", "template", "lang", "params", "steps", "progress", "downtime",
    ] {
        assert!(!run[field].is_null(), "missing {field}");
    }
    // The one wire shape of a step: exactly these fields.
    let fields: std::collections::BTreeSet<&str> = run["steps"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let documented = [
        "id",
        "title",
        "text",
        "command",
        "section_url",
        "done",
        "done_at",
        "done_by",
        "skipped",
        "skip_reason",
        "skipped_at",
        "skipped_by",
        "note",
        "note_at",
        "note_by",
        "starts_downtime",
        "ends_downtime",
    ];
    assert_eq!(fields, documented.into_iter().collect(), "{}", run["steps"][0]);
    assert_eq!(run["progress"]["done"], 0);
    assert_eq!(run["downtime"], json!({ "started_at": null, "ended_at": null }));
}

#[tokio::test]
async fn the_same_run_reads_in_the_other_language_with_commands_untranslated() {
    let app = app();
    let run = create_ccr(&app).await;
    let id = run["id"].as_str().unwrap();
    let pt = app.get(&format!("/api/checklists/{id}?lang=pt-BR")).await.json();
    assert_eq!(pt["lang"], "pt-BR");
    let find = |run: &Value, step: &str| {
        run["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == step)
            .unwrap()
            .clone()
    };
    let (en_step, pt_step) = (find(&run, "move-groups-ex2"), find(&pt, "move-groups-ex2"));
    assert_ne!(en_step["title"], pt_step["title"]);
    assert_eq!(en_step["command"], pt_step["command"]);
    assert_eq!(
        pt_step["command"],
        "Cluster.exe group \"Cluster Group\" /move:EX1"
    );
    assert!(
        pt_step["section_url"]
            .as_str()
            .unwrap()
            .starts_with("/docs/pt-BR/")
    );
}

#[tokio::test]
async fn ticking_the_downtime_steps_runs_the_clock() {
    let app = app();
    let run = create_ccr(&app).await;
    let id = run["id"].as_str().unwrap();
    let patch = |step: &str, body: Value| {
        let uri = format!("/api/checklists/{id}/steps/{step}");
        let app = &app;
        async move { app.patch(&uri, body.to_string()).await }
    };
    let response = patch("take-cms-offline", json!({ "done": true, "by": "ana" })).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let step = response.json();
    assert_eq!(step["done"], true);
    assert_eq!(step["done_by"], "ana");
    let started = app.get(&format!("/api/checklists/{id}")).await.json();
    assert_eq!(started["downtime"]["started_at"], step["done_at"]);
    assert!(started["downtime"]["ended_at"].is_null());
    patch("bring-cms-online", json!({ "done": true })).await;
    let ended = app.get(&format!("/api/checklists/{id}")).await.json();
    assert!(ended["downtime"]["ended_at"].is_string());
    assert_eq!(ended["progress"]["done"], 2);

    let skipped = patch(
        "update-rollups",
        json!({ "skipped": true, "reason": "already done" }),
    )
    .await
    .json();
    assert_eq!(skipped["skipped"], true);
    assert_eq!(skipped["done"], false);
    assert_eq!(
        patch("update-rollups", json!({ "skipped": true })).await.status,
        422
    );
    assert_eq!(
        patch(
            "update-rollups",
            json!({ "done": true, "skipped": true, "reason": "x" })
        )
        .await
        .status,
        422
    );
    assert_eq!(
        patch("update-rollups", json!({ "colour": "red" })).await.status,
        422
    );
    assert_eq!(patch("update-rollups", json!({})).await.status, 422);
    assert_eq!(patch("no-such-step", json!({ "done": true })).await.status, 404);
    let malformed = app
        .patch(
            &format!("/api/checklists/{id}/steps/update-rollups"),
            "{\"done\": tru",
        )
        .await;
    assert_eq!(malformed.status, 400);
}

#[tokio::test]
async fn invalid_runs_are_422s_naming_the_field() {
    let app = app();
    let cases = [
        (
            json!({ "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2", "EX3"], "target": "SP2", "cluster_os": "windows-server-2003" }),
            "params.passive_nodes",
        ),
        (
            json!({ "cluster_type": "scc", "active_node": "EX1", "passive_nodes": [], "target": "SP2", "cluster_os": "windows-server-2003" }),
            "params.passive_nodes",
        ),
        (
            json!({ "cluster_type": "ccr", "active_node": "12345", "passive_nodes": ["EX2"], "target": "SP2", "cluster_os": "windows-server-2003" }),
            "params.active_node",
        ),
        (
            json!({ "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX1"], "target": "SP2", "cluster_os": "windows-server-2003" }),
            "params.passive_nodes[0]",
        ),
        (
            json!({ "cluster_type": "scc", "active_node": "EX1", "passive_nodes": ["EX2", "EX2"], "target": "SP2", "cluster_os": "windows-server-2003" }),
            "params.passive_nodes[1]",
        ),
        (
            json!({ "cluster_type": "ccr", "active_node": "EX1", "passive_nodes": ["EX2"], "target": "SP3", "cluster_os": "windows-server-2003" }),
            "params.target",
        ),
        (
            json!({ "cluster_type": "ccr", "active_node": "<script>", "passive_nodes": ["EX2"], "target": "SP2", "cluster_os": "windows-server-2003" }),
            "params.active_node",
        ),
    ];
    for (params, field) in cases {
        let body = json!({ "template": "cms-upgrade", "params": params }).to_string();
        let response = app.post("/api/checklists", "application/json", body).await;
        assert_eq!(response.status, 422, "{field}: {}", response.body);
        assert_eq!(response.json()["error"]["field"], field, "{}", response.body);
    }
    let unknown = json!({ "template": "nope", "params": ccr("EX1", "EX2")["params"] }).to_string();
    let response = app.post("/api/checklists", "application/json", unknown).await;
    assert_eq!(response.status, 422);
    assert_eq!(response.json()["error"]["field"], "template");
    assert_eq!(
        app.post("/api/checklists", "application/json", "{").await.status,
        400
    );
    let huge = json!({ "template": "cms-upgrade", "padding": "x".repeat(70_000) }).to_string();
    assert_eq!(
        app.post("/api/checklists", "application/json", huge).await.status,
        413
    );
    let missing = app.get("/api/checklists/00000000000000000000000000000000").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn fifty_parallel_updates_lose_nothing_and_undo_nothing() {
    let server = spawn_app().await;
    let client = reqwest::Client::new();
    // Two of the largest runs the template allows, 25 steps ticked in each at once.
    let passive: Vec<String> = (2..=8).map(|n| format!("EX{n}")).collect();
    let body = json!({ "template": "cms-upgrade", "params": {
        "cluster_type": "scc", "active_node": "EX1", "passive_nodes": passive, "target": "SP1", "cluster_os": "windows-server-2008" } });
    let mut runs = Vec::new();
    for _ in 0..2 {
        let run = server.post_json("/api/checklists", &body).await;
        let id = run["id"].as_str().unwrap().to_owned();
        let steps = step_ids(&run);
        assert!(steps.len() >= 25, "{}", steps.len());
        runs.push((id, steps));
    }

    let mut tasks = Vec::new();
    for (id, steps) in &runs {
        for (i, step) in steps.iter().take(25).enumerate() {
            let (client, url) = (
                client.clone(),
                server.url(&format!("/api/checklists/{id}/steps/{step}")),
            );
            tasks.push(tokio::spawn(async move {
                client
                    .patch(url)
                    .json(&json!({ "done": true, "by": format!("user{i}") }))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }));
        }
    }
    // 50 more on one step: ticks and notes from many people at once.
    let (id, steps) = &runs[0];
    for i in 0..50 {
        let (client, url) = (
            client.clone(),
            server.url(&format!("/api/checklists/{id}/steps/{}", steps[0])),
        );
        let body = if i % 2 == 0 {
            json!({ "done": true, "by": format!("user{i}") })
        } else {
            json!({ "note": format!("note {i}") })
        };
        tasks.push(tokio::spawn(async move {
            client.patch(url).json(&body).send().await.unwrap().status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    for (n, (id, _)) in runs.iter().enumerate() {
        let after = server.get_json(&format!("/api/checklists/{id}")).await;
        let states = after["steps"].as_array().unwrap();
        assert!(
            states.iter().take(25).all(|s| s["done"] == true),
            "every tick is kept"
        );
        assert_eq!(after["progress"]["done"], 25);
        let audit = server.get_json(&format!("/api/checklists/{id}/audit")).await;
        // Run 0 also had 25 more ticks of its first step, which find it
        // done and change nothing (so are not audited), and 25 different notes.
        let changes = if n == 0 { 25 + 25 } else { 25 };
        assert_eq!(
            audit["events"].as_array().unwrap().len(),
            1 + changes,
            "creation plus every change"
        );
        if n == 0 {
            assert!(states[0]["note"].as_str().unwrap().starts_with("note "));
        }
    }
}

#[tokio::test]
async fn every_tick_survives_a_killed_server() {
    let data = tempfile::tempdir().unwrap();
    let database = test_database_url();
    let (mut child, base) = start_binary(data.path(), database.as_deref());
    wait_ready(&base).await;
    let client = reqwest::Client::new();
    let run = create_run_at(&client, &base, &ccr("EX1", "EX2")).await;
    let id = run["id"].as_str().unwrap().to_owned();
    let ticked = [
        "windows-2003-sp2",
        "confirm-passive-ex2",
        "move-groups-ex2",
        "upgrade-passive-ex2",
        "take-cms-offline",
    ];
    for step in ticked {
        let response = client
            .patch(format!("{base}/api/checklists/{id}/steps/{step}"))
            .json(&json!({ "done": true, "by": "ana", "note": format!("{step} ok") }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    child.kill().unwrap(); // SIGKILL: no graceful shutdown, no flush
    child.wait().unwrap();

    let (mut child, base) = start_binary(data.path(), database.as_deref());
    wait_ready(&base).await;
    let after: Value = client
        .get(format!("{base}/api/checklists/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    for step in after["steps"].as_array().unwrap() {
        let expected = ticked.contains(&step["id"].as_str().unwrap());
        assert_eq!(step["done"], expected, "{}", step["id"]);
        if expected {
            assert_eq!(step["done_by"], "ana");
            assert!(step["note"].as_str().unwrap().ends_with(" ok"));
        }
    }
    assert!(after["downtime"]["started_at"].is_string());
}

#[tokio::test]
async fn hostile_names_and_notes_are_escaped_everywhere() {
    let app = app();
    let run = create_ccr(&app).await;
    let id = run["id"].as_str().unwrap();
    let hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
    let form = format!("action=note&note={}&by={}&lang=en", enc(hostile), enc(hostile));
    let response = app
        .post(
            &format!("/checklists/{id}/steps/update-rollups"),
            "application/x-www-form-urlencoded",
            form,
        )
        .await;
    assert_eq!(response.status, 303, "{}", response.body);
    let form = format!("action=done&by={}&lang=en", enc(hostile));
    app.post(
        &format!("/checklists/{id}/steps/update-rollups"),
        "application/x-www-form-urlencoded",
        form,
    )
    .await;
    let page = app.get(&format!("/checklists/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>alert"), "unescaped script");
    assert!(!page.body.contains("<img src=x"), "unescaped tag");
    let markdown = app.get(&format!("/checklists/{id}/export.md")).await;
    assert!(!markdown.body.contains("<script>"), "{}", markdown.body);
}

#[tokio::test]
async fn the_whole_flow_works_without_javascript() {
    let app = app();
    let new = app.get("/checklists/new?lang=pt-BR").await;
    assert_eq!(new.status, 200);
    assert!(new.body.contains("action=\"/checklists\" method=\"post\""));
    let form = "cluster_type=scc&active_node=EX1&passive_nodes=EX2%2C+EX3&target=SP1&cluster_os=windows-server-2008&target_os=&lang=pt-BR";
    let created = app
        .post("/checklists", "application/x-www-form-urlencoded", form)
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let location = created
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let page = app.get(&location).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Confirmar que EX3 é realmente passivo"));
    let id = location
        .trim_start_matches("/checklists/")
        .split('?')
        .next()
        .unwrap();
    let ticked = app
        .post(
            &format!("/checklists/{id}/steps/upgrade-passive-ex3"),
            "application/x-www-form-urlencoded",
            "action=done&by=Bia&lang=pt-BR",
        )
        .await;
    assert_eq!(ticked.status, 303);
    assert!(
        ticked
            .headers
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .ends_with("#step-upgrade-passive-ex3")
    );
    let page = app.get(&location).await;
    assert!(
        page.body
            .contains("id=\"step-upgrade-passive-ex3\" class=\"step done\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("por <span class=\"actor\">Bia</span>"));
    // A skip without a reason comes back to the run page, the error at its step.
    let refused = app
        .post(
            &format!("/checklists/{id}/steps/upgrade-passive-ex2"),
            "application/x-www-form-urlencoded",
            "action=skip&reason=+&by=Bia&lang=pt-BR",
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains(
            "id=\"error-upgrade-passive-ex2\" role=\"alert\">Diga por que este passo foi pulado.</p>"
        ),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("aria-invalid=\"true\" aria-describedby=\"error-upgrade-passive-ex2\"")
    );
    let skipped = app
        .post(
            &format!("/checklists/{id}/steps/upgrade-passive-ex2"),
            "application/x-www-form-urlencoded",
            "action=skip&reason=feito+ontem&by=Caio&lang=pt-BR",
        )
        .await;
    assert_eq!(skipped.status, 303);
    let page = app.get(&location).await;
    assert!(
        page.body
            .contains("por <span class=\"actor\">Caio</span>: <span class=\"reason\">feito ontem</span>")
    );
    let invalid = app.post("/checklists", "application/x-www-form-urlencoded", "cluster_type=ccr&active_node=EX1&passive_nodes=EX2+EX3&target=SP1&cluster_os=windows-server-2003&lang=en").await;
    assert_eq!(invalid.status, 422);
    assert!(
        !invalid.body.contains("params."),
        "no internal names: {}",
        invalid.body
    );
    assert!(
        invalid
            .body
            .contains("<p id=\"passive_nodes-error\" class=\"field-error\">"),
        "{}",
        invalid.body
    );
    assert!(invalid.body.contains(
        "aria-invalid=\"true\" autofocus aria-describedby=\"passive_nodes-error passive_nodes-help\""
    ));
    let bad_name = app.post("/checklists", "application/x-www-form-urlencoded", "cluster_type=ccr&active_node=EX_1&passive_nodes=EX2&target=SP1&cluster_os=windows-server-2003&lang=pt-BR").await;
    assert_eq!(bad_name.status, 422);
    assert!(
        bad_name
            .body
            .contains("<p id=\"active_node-error\" class=\"field-error\">um nome de nó"),
        "{}",
        bad_name.body
    );
    assert!(
        invalid.body.contains("value=\"EX1\""),
        "the form keeps what was typed"
    );
}

#[tokio::test]
async fn changes_arrive_as_server_sent_events() {
    let (server, client, id, mut stream) = watched_run().await;
    assert!(
        stream.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let patched = patch_json(
        &client,
        &server.url(&format!("/api/checklists/{id}/steps/move-groups-ex2")),
        &json!({ "done": true, "by": "ana" }),
    )
    .await;
    let received = next_event(&mut stream, "move-groups-ex2", Duration::from_secs(10)).await + "\n\n";
    assert!(received.contains("event: step"));
    assert!(received.contains("\"done\":true"));
    // One wire shape for a step: the live event carries what the PATCH answered.
    let data = received
        .lines()
        .find_map(|l| l.strip_prefix("data:"))
        .expect("a data line");
    let event: Value = serde_json::from_str(data.trim()).unwrap();
    assert_eq!(event["step"], patched);
    // The run's revision after the change, also the event id (a gap shows a missed change).
    assert_eq!(event["revision"], 1);
    assert!(
        received.contains("id: 1\n") || received.contains("id:1\n"),
        "{received}"
    );
    assert_eq!(
        client
            .get(server.url("/api/checklists/nope/events"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

/// The audit log and the live events record changes, not requests: a
/// repeated tick or note is acknowledged with the step as it is, and writes,
/// counts and announces nothing (300 repeated 16 KB notes used to add 5 MB
/// to the log).
#[tokio::test]
async fn a_change_that_changes_nothing_is_neither_audited_nor_announced() {
    let (server, client, id, mut stream) = watched_run().await;
    let step = server.url(&format!("/api/checklists/{id}/steps/move-groups-ex2"));
    let note = "n".repeat(docdesk::limits::Limits::DEFAULT.note_chars);
    patch_json(&client, &step, &json!({ "done": true, "by": "ana" })).await;
    let first = patch_json(&client, &step, &json!({ "note": note, "by": "bo" })).await;
    for i in 0..30 {
        let tick = patch_json(&client, &step, &json!({ "done": true, "by": format!("user{i}") })).await;
        assert_eq!(tick, first, "a repeated tick keeps the first who and when");
        let noted = patch_json(&client, &step, &json!({ "note": note, "by": format!("user{i}") })).await;
        assert_eq!(noted, first, "the same note again changes nothing");
    }
    let unticked = patch_json(&client, &step, &json!({ "done": false })).await;
    assert_eq!(unticked["done"], false);

    // The stream carries one event per change, and nothing for the repeats.
    // (With PostgreSQL, an event carries the run as read when its commit was
    // heard, so a quick second change may show in the first's event too.)
    let received = read_stream_until(&mut stream, Duration::from_secs(10), |received| {
        received.contains("\"revision\":3") && received.ends_with("\n\n")
    })
    .await;
    let revisions: Vec<Value> = received
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .map(|data| serde_json::from_str::<Value>(data.trim()).unwrap()["revision"].clone())
        .collect();
    assert_eq!(revisions.len(), 3, "{received}");
    assert_eq!(revisions[2], 3, "{received}");
    assert!(
        revisions.windows(2).all(|w| w[0].as_i64() <= w[1].as_i64()),
        "{received}"
    );
    // Nothing more comes: no event for any of the 60 repeats.
    let more = tokio::time::timeout(Duration::from_millis(500), stream.chunk()).await;
    if let Ok(chunk) = more {
        let chunk = chunk.unwrap().unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&chunk).contains("event: step"),
            "an event for a change that changed nothing: {chunk:?}"
        );
    }

    let after = server.get_json(&format!("/api/checklists/{id}")).await;
    assert_eq!(after["revision"], 3);
    let audit = server.get_json(&format!("/api/checklists/{id}/audit")).await;
    let events = audit["events"].as_array().unwrap();
    assert_eq!(events.len(), 4, "creation, tick, note, untick: {audit}");
    assert_eq!(events[1]["actor"], "ana");
    assert_eq!(events[2]["actor"], "bo");
}

#[tokio::test]
async fn sigterm_stops_the_server_even_with_live_streams_open() {
    let data = tempfile::tempdir().unwrap();
    let database = test_database_url();
    let (mut child, base) = start_binary(data.path(), database.as_deref());
    wait_ready(&base).await;
    let client = reqwest::Client::new();
    let run = create_run_at(&client, &base, &ccr("EX1", "EX2")).await;
    let stream = client
        .get(format!(
            "{base}/api/checklists/{}/events",
            run["id"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(exit) = child.try_wait().unwrap() {
            assert!(exit.success(), "graceful shutdown exits 0: {exit}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "server still running 10 s after SIGTERM with a stream open"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(stream);
}

#[tokio::test]
async fn the_markdown_export_keeps_its_structure_whatever_the_notes_hold() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let app = app();
    let run = create_ccr(&app).await;
    let id = run["id"].as_str().unwrap();
    let steps = step_ids(&run);
    let hostile = "line one\r\n# Heading\r- [x] fake step\n\n```\ncode\u{85}> quote\u{2028}* item\u{2029}| a | b |\r\n---\n<b>x</b> &amp; [link](http://x)";
    let patch = |step: &str, body: Value| {
        let uri = format!("/api/checklists/{id}/steps/{step}");
        let app = &app;
        async move { assert_eq!(app.patch(&uri, body.to_string()).await.status, 200) }
    };
    patch(
        &steps[0],
        json!({"done": true, "by": "Ana\r\n# Root | `x`", "note": hostile}),
    )
    .await;
    patch(
        &steps[1],
        json!({"skipped": true, "by": "Bia\rCosta", "reason": hostile}),
    )
    .await;
    let export = app.get(&format!("/checklists/{id}/export.md")).await;
    assert_eq!(export.status, 200);
    let disposition = export.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains(&format!(
            "filename=\"cms-upgrade-{}-{}.md\"",
            &run["created_at"].as_str().unwrap()[..10],
            &id[..8]
        )),
        "{disposition}"
    );
    let markdown = &export.body;
    assert!(!markdown.contains('\r') && !markdown.contains('\u{85}') && !markdown.contains('\u{2028}'));

    let (mut headings, mut items, mut tasks, mut html, mut tables, mut code_blocks, mut quotes) =
        (0, 0, 0, 0, 0, 0, 0);
    let mut links = 0;
    for event in Parser::new_ext(markdown, Options::all()) {
        match event {
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Start(Tag::Item) => items += 1,
            Event::TaskListMarker(_) => tasks += 1,
            Event::Html(_) | Event::InlineHtml(_) => html += 1,
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::Start(Tag::CodeBlock(_)) => code_blocks += 1,
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::Start(Tag::Link { .. }) => links += 1,
            Event::End(TagEnd::Heading(_)) => {}
            _ => {}
        }
    }
    let commands = run["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["command"].is_string())
        .count();
    assert_eq!(headings, 1, "only the title is a heading:\n{markdown}");
    assert_eq!(tasks, steps.len(), "one task per step:\n{markdown}");
    assert!(
        items >= steps.len() + 5,
        "details and steps are list items:\n{markdown}"
    );
    assert_eq!(
        (html, tables, links),
        (0, 0, 0),
        "no HTML, tables or links from user text:\n{markdown}"
    );
    assert_eq!(
        code_blocks, commands,
        "only commands are code blocks:\n{markdown}"
    );
    assert_eq!(quotes, 1, "the one note is a quote:\n{markdown}");
    assert!(markdown.contains("Bia Costa"), "who skipped:\n{markdown}");
    assert!(
        markdown.contains("- Cluster type: CCR"),
        "cluster details:\n{markdown}"
    );
}

#[tokio::test]
async fn an_unknown_template_is_a_not_found_page_in_the_readers_language_naming_it() {
    let app = app();
    // The page of the form and the form's post, each in both languages: the
    // page is HTML in the reader's language and names the id asked for
    // (escaped) and the templates there are.
    let hostile = "no-such-<b>template</b>";
    let cases = [
        ("pt-BR", "Página não encontrada", "modelo desconhecido"),
        ("en", "Page not found", "unknown template"),
    ];
    for (lang, heading, wording) in cases {
        let page = app
            .get(&format!("/checklists/new?template={}&lang={lang}", enc(hostile)))
            .await;
        let posted = app
            .post(
                "/checklists",
                "application/x-www-form-urlencoded",
                format!("template={}&lang={lang}&database=DB1", enc(hostile)),
            )
            .await;
        for (what, response) in [("page", &page), ("form post", &posted)] {
            assert_eq!(response.status, 404, "{what} in {lang}: {}", response.body);
            assert!(
                response.content_type().starts_with("text/html"),
                "{what} in {lang}"
            );
            assert!(
                response.body.contains(&format!("lang=\"{lang}\"")),
                "{what}: {}",
                response.body
            );
            assert!(response.body.contains(heading), "{what}: {}", response.body);
            assert!(
                response.body.contains(&format!(
                    "{wording} &#39;no-such-&#60;b&#62;template&#60;/b&#62;&#39;"
                )),
                "{what} names the template, escaped: {}",
                response.body
            );
            assert!(
                response.body.contains("conhecidos: cms-upgrade")
                    || response.body.contains("known: cms-upgrade"),
                "{what} lists the known templates: {}",
                response.body
            );
            assert!(!response.body.contains("<b>template"), "{}", response.body);
        }
    }
    // The API's equivalent: a 422 in JSON naming the field and the id asked for.
    for (lang, wording) in [
        ("pt-BR", "modelo desconhecido 'nope'"),
        ("en", "unknown template 'nope'"),
    ] {
        let unknown = json!({ "template": "nope", "lang": lang, "params": ccr("EX1", "EX2")["params"] });
        let response = app
            .post("/api/checklists", "application/json", unknown.to_string())
            .await;
        assert_eq!(response.status, 422, "{}", response.body);
        let error = &response.json()["error"];
        assert_eq!(error["code"], "invalid_value");
        assert_eq!(error["field"], "template");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(wording) && message.contains("cms-upgrade"),
            "{message}"
        );
    }
}
