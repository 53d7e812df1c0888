//! Several servers on one PostgreSQL database: runs and live updates shared,
//! concurrent changes through both kept, a killed server loses nothing it
//! acknowledged, and a database that goes away gives 503s, then service again.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{
    create_run_at, next_event, patch_json, repo_root, start_binary, step_ids, test_settings, wait_ready,
};
use docdesk::postgres::testing;
use docdesk::startup::{Application, Settings};

/// A fresh database on the test server, or `None` (skipped, said on stderr; never under CI).
fn database(test: &str) -> Option<String> {
    testing::server_url(test).map(|server| testing::scratch_database(&server))
}

/// The body of a run with `passive` passive nodes (three steps per node, and more).
fn scc(passive: usize) -> Value {
    let nodes: Vec<String> = (2..2 + passive).map(|n| format!("EX{n}")).collect();
    json!({ "template": "cms-upgrade", "lang": "en", "params": {
        "cluster_type": "scc", "active_node": "EX1", "passive_nodes": nodes,
        "target": "SP2", "cluster_os": "windows-server-2008" } })
}

async fn get_json(client: &reqwest::Client, url: &str) -> Value {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

/// Two servers on the database `url`, ready; each with its own data directory.
struct Pair {
    bases: [String; 2],
    children: Vec<std::process::Child>,
    _dirs: [tempfile::TempDir; 2],
}

impl Pair {
    async fn start(url: &str) -> Pair {
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let (a, base_a) = start_binary(dirs[0].path(), Some(url));
        let (b, base_b) = start_binary(dirs[1].path(), Some(url));
        wait_ready(&base_a).await;
        wait_ready(&base_b).await;
        Pair {
            bases: [base_a, base_b],
            children: vec![a, b],
            _dirs: dirs,
        }
    }

    /// SIGKILL: no graceful shutdown.
    fn kill(&mut self, server: usize) {
        self.children[server].kill().unwrap();
        self.children[server].wait().unwrap();
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test]
async fn a_run_created_on_one_server_is_read_and_followed_live_on_the_other() {
    let Some(url) = database("a_run_created_on_one_server_is_read_and_followed_live_on_the_other") else {
        return;
    };
    let pair = Pair::start(&url).await;
    let [base_a, base_b] = pair.bases.clone();
    let client = reqwest::Client::new();
    let run = create_run_at(&client, &base_a, &scc(1)).await;
    let id = run["id"].as_str().unwrap();
    let on_b: Value = get_json(&client, &format!("{base_b}/api/checklists/{id}")).await;
    assert_eq!(on_b, run, "the same run, read on the other server");

    let mut stream = client
        .get(format!("{base_b}/api/checklists/{id}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let step = "move-groups-ex2";
    let ticked = Instant::now();
    let patched = patch_json(
        &client,
        &format!("{base_a}/api/checklists/{id}/steps/{step}"),
        &json!({ "done": true, "by": "ana" }),
    )
    .await;
    let event = next_event(&mut stream, step, Duration::from_secs(5)).await;
    let heard_after = ticked.elapsed();
    assert!(
        heard_after < Duration::from_secs(1),
        "the tick reached B after {heard_after:?}"
    );
    let data = event.lines().find_map(|l| l.strip_prefix("data:")).unwrap();
    let event: Value = serde_json::from_str(data.trim()).unwrap();
    assert_eq!(event["step"], patched, "the same step shape on every server");
    assert_eq!(event["revision"], 1);
}

#[tokio::test]
async fn concurrent_changes_through_two_servers_survive_killing_one() {
    let Some(url) = database("concurrent_changes_through_two_servers_survive_killing_one") else {
        return;
    };
    let mut pair = Pair::start(&url).await;
    let [base_a, base_b] = pair.bases.clone();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let run = create_run_at(&client, &base_a, &scc(7)).await;
    let id = run["id"].as_str().unwrap().to_owned();
    let steps = step_ids(&run);
    assert!(steps.len() >= 25, "{}", steps.len());

    // 400 changes, alternating servers: ticks spread over the steps, every
    // fourth on the first step (contended), notes in between; A is killed
    // (SIGKILL) while they are in flight.
    let mut tasks = Vec::new();
    for i in 0..400usize {
        let base = if i % 2 == 0 { &base_a } else { &base_b };
        let step = if i % 4 == 0 {
            steps[0].clone()
        } else {
            steps[i % steps.len()].clone()
        };
        let body = if i % 5 == 4 {
            json!({ "note": format!("note {i}"), "by": format!("u{i}") })
        } else {
            json!({ "done": true, "by": format!("u{i}") })
        };
        let (client, url) = (client.clone(), format!("{base}/api/checklists/{id}/steps/{step}"));
        let on_b = i % 2 == 1;
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis((i as u64) * 2)).await;
            let acknowledged = match client.patch(url).json(&body).send().await {
                Ok(response) => response.status() == 200,
                Err(_) => false,
            };
            (i, step, body, on_b, acknowledged)
        }));
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    pair.kill(0);
    let mut acknowledged = Vec::new();
    for task in tasks {
        let (i, step, body, on_b, ok) = task.await.unwrap();
        if on_b {
            assert!(ok, "B keeps serving: change {i} failed");
        }
        if ok {
            acknowledged.push((step, body));
        }
    }
    // Every change sent to B is acknowledged (asserted above); how many of
    // A's land before the kill depends on the machine's load, so none is
    // required here: those that did are checked below like the rest.
    assert!(acknowledged.len() >= 200, "{} acknowledged", acknowledged.len());

    let after: Value = get_json(&client, &format!("{base_b}/api/checklists/{id}")).await;
    let audit: Value = get_json(&client, &format!("{base_b}/api/checklists/{id}/audit")).await;
    let events = audit["events"].as_array().unwrap();
    let state: HashMap<&str, &Value> = after["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s))
        .collect();
    // Every acknowledged change is stored and none was undone; every one
    // that changed something is audited (a tick of a step already done
    // changes nothing: that step's first tick is in the log).
    let audited: HashSet<(String, String)> = events
        .iter()
        .filter_map(|e| {
            Some((
                e["step_id"].as_str()?.to_owned(),
                e["change"]["by"].as_str()?.to_owned(),
            ))
        })
        .collect();
    for (step, body) in &acknowledged {
        let by = body["by"].as_str().unwrap().to_owned();
        if body["done"] == true {
            assert_eq!(
                state[step.as_str()]["done"],
                true,
                "{by}'s tick on {step} was lost"
            );
            assert!(
                events
                    .iter()
                    .any(|e| e["step_id"] == step.as_str() && e["change"]["done"] == true),
                "no tick of {step} is in the audit log"
            );
        } else {
            // Every note is different, so each is a change.
            assert!(
                audited.contains(&(step.clone(), by.clone())),
                "{by}'s note on {step} is not in the audit log"
            );
        }
    }
    assert_eq!(
        after["revision"].as_u64().unwrap() as usize,
        events.len() - 1,
        "one revision per change"
    );
    // The first tick keeps its who: the earliest audited tick of the contended step.
    let first_tick = events
        .iter()
        .find(|e| e["step_id"] == steps[0].as_str() && e["change"]["done"] == true)
        .unwrap();
    assert_eq!(state[steps[0].as_str()]["done_by"], first_tick["change"]["by"]);
}

/// A TCP proxy in front of the test database: `cut` drops every connection
/// and refuses new ones (the database, as docdesk sees it, is gone);
/// `restore` lets them through again.
struct Proxy {
    address: SocketAddr,
    up: Arc<AtomicBool>,
    generation: Arc<tokio::sync::watch::Sender<u64>>,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let generation = Arc::new(tokio::sync::watch::channel(0u64).0);
        let (accept_up, accept_generation) = (up.clone(), generation.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    return;
                };
                if !accept_up.load(Ordering::SeqCst) {
                    continue; // dropped: connection closed at once
                }
                let mut cut = accept_generation.subscribe();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Proxy {
            address,
            up,
            generation,
        }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.generation.send_modify(|g| *g += 1);
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

// Several threads: connecting blocks the thread that builds the server, and
// the proxy must keep answering meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_goes_away_gives_503s_then_service_again() {
    let Some(url) = database("a_database_that_goes_away_gives_503s_then_service_again") else {
        return;
    };
    let config: tokio_postgres::Config = url.parse().unwrap();
    let host = match &config.get_hosts()[0] {
        tokio_postgres::config::Host::Tcp(host) => host.clone(),
        other => panic!("the test server is reached over TCP, not {other:?}"),
    };
    let upstream: SocketAddr = tokio::net::lookup_host((host.as_str(), config.get_ports()[0]))
        .await
        .unwrap()
        .next()
        .unwrap();
    let proxy = Proxy::start(upstream).await;
    let through_proxy = format!(
        "postgres://{}@{}/{}",
        config.get_user().unwrap(),
        proxy.address,
        config.get_dbname().unwrap()
    );
    let data = tempfile::tempdir().unwrap();
    let settings = Settings {
        database_url: Some(through_proxy),
        ..test_settings(&repo_root().join("content"), &data.path().join("data"))
    };
    let app = Application::build(&settings).await.unwrap();
    let base = format!("http://{}", app.local_addr().unwrap());
    let server = tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let run = create_run_at(&client, &base, &scc(1)).await;
    let id = run["id"].as_str().unwrap().to_owned();
    let patch = |step: &str, by: &str| {
        client
            .patch(format!("{base}/api/checklists/{id}/steps/{step}"))
            .json(&json!({ "done": true, "by": by }))
            .send()
    };
    assert_eq!(patch("confirm-passive-ex2", "ana").await.unwrap().status(), 200);
    let mut stream = client
        .get(format!("{base}/api/checklists/{id}/events"))
        .send()
        .await
        .unwrap();

    proxy.cut();
    let started = Instant::now();
    let refused = patch("move-groups-ex2", "bo").await.unwrap();
    assert_eq!(refused.status(), 503);
    assert!(
        started.elapsed() < Duration::from_secs(7),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(refused.headers()["retry-after"], "1");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "database_unavailable");
    let read = client
        .get(format!("{base}/api/checklists/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 503);
    let page = client
        .get(format!("{base}/checklists/{id}?lang=pt-BR"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert!(
        page.text().await.unwrap().contains("indisponíveis"),
        "a localized page"
    );
    assert_eq!(
        client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // The load balancer is told, within its probe timeout.
    let started = Instant::now();
    let readiness = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(readiness.status(), 503);
    let readiness: Value = readiness.json().await.unwrap();
    assert_eq!(readiness["checks"]["database"], "unavailable", "{readiness}");
    assert_eq!(readiness["checks"]["content"], "ok", "{readiness}");

    proxy.restore();
    // The live stream is told to reload once the change feed is back.
    next_event(&mut stream, "event: resync", Duration::from_secs(10)).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status = patch("upgrade-passive-ex2", "ana").await.unwrap().status();
        if status == 200 {
            break;
        }
        assert_eq!(status, 503);
        assert!(Instant::now() < deadline, "service did not resume");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ready = get_json(&client, &format!("{base}/readyz")).await;
    assert_eq!(ready["status"], "ready");
    let after: Value = get_json(&client, &format!("{base}/api/checklists/{id}")).await;
    let done: Vec<&str> = after["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["done"] == true)
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        done,
        ["confirm-passive-ex2", "upgrade-passive-ex2"],
        "the refused change was not applied"
    );
    server.abort();
}
