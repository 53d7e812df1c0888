//! PostgreSQL itself stopped in the middle of a run (`pg_ctl stop`, fast
//! shutdown: transactions in flight are rolled back, connections closed),
//! then started again: while it is down every change gets a 503 JSON error
//! naming the database, no change is acknowledged that is not committed, and
//! service resumes by itself when the database is back.
//!
//! The cluster is a private one (`.ci/postgres.sh`): stopping the shared
//! test server would fail the other PostgreSQL tests running meanwhile.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{create_run_at, repo_root, start_binary, step_ids, wait_ready};
use docdesk::postgres::testing;

/// A throwaway PostgreSQL cluster of this test alone, removed on drop.
struct Cluster {
    dir: String,
    url: String,
}

impl Cluster {
    /// Starts one when the PostgreSQL tests run (`None`: skipped, as the
    /// other PostgreSQL tests are); under CI, where they must run, failing to
    /// start one fails the test.
    fn start(test: &str) -> Option<Cluster> {
        testing::server_url(test)?;
        let output = postgres_sh(&["start"]);
        if !output.status.success() {
            let why = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(
                std::env::var_os("CI").is_none(),
                "cannot start a PostgreSQL cluster: {why}"
            );
            eprintln!("SKIPPED {test}: cannot start a PostgreSQL cluster of its own ({why})");
            return None;
        }
        // `export NAME='value'` lines.
        let exported: HashMap<String, String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.strip_prefix("export ")?.split_once('='))
            .map(|(name, value)| (name.to_owned(), value.trim_matches('\'').to_owned()))
            .collect();
        Some(Cluster {
            dir: exported["DOCDESK_TEST_PGDATA"].clone(),
            url: exported["DOCDESK_TEST_DATABASE_URL"].clone(),
        })
    }

    /// `pg_ctl stop -m fast`, waiting until it is down.
    fn down(&self) {
        let output = postgres_sh(&["down", &self.dir]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Starts it again, on the same port with the same data.
    fn up(&self) {
        let output = postgres_sh(&["up", &self.dir]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = postgres_sh(&["stop", &self.dir]);
    }
}

fn postgres_sh(args: &[&str]) -> std::process::Output {
    let script: PathBuf = repo_root().join(".ci/postgres.sh");
    Command::new(script)
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect(".ci/postgres.sh runs")
}

/// What became of one PATCH: the step, the note it set, the status (0: no answer).
struct Sent {
    step: String,
    note: String,
    status: u16,
    body: String,
    retry_after: Option<String>,
}

/// Checks a 503 is the database's, in JSON, with a retry hint.
fn assert_database_unavailable(status: u16, body: &str, retry_after: Option<&str>) {
    assert_eq!(status, 503, "{body}");
    let body: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON error, not {body:?}"));
    assert_eq!(body["error"]["code"], "database_unavailable", "{body}");
    assert!(
        body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(retry_after, Some("1"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_stopped_mid_run_gives_503s_acknowledges_only_commits_and_service_resumes() {
    let test = "postgresql_stopped_mid_run_gives_503s_acknowledges_only_commits_and_service_resumes";
    let Some(cluster) = Cluster::start(test) else {
        return;
    };
    let cluster = Arc::new(cluster);
    let data = tempfile::tempdir().unwrap();
    let (mut server, base) = start_binary(data.path(), Some(&cluster.url));
    wait_ready(&base).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let run = create_run_at(
        &client,
        &base,
        &json!({ "template": "cms-upgrade", "lang": "en", "params": {
            "cluster_type": "scc", "active_node": "EX1", "passive_nodes": ["EX2", "EX3"],
            "target": "SP2", "cluster_os": "windows-server-2008" } }),
    )
    .await;
    let id = run["id"].as_str().unwrap().to_owned();
    let steps = step_ids(&run);

    // Writers that keep changing notes (each note different, so each is a
    // change to store and audit) until told to stop, through the outage.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for writer in 0..6usize {
        let (client, base, id, steps) = (client.clone(), base.clone(), id.clone(), steps.clone());
        let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
        writers.push(tokio::spawn(async move {
            let mut sent = Vec::new();
            let mut n = 0usize;
            while !stop.load(Ordering::SeqCst) {
                let step = steps[(writer * 7 + n) % steps.len()].clone();
                let note = format!("w{writer} n{n}");
                n += 1;
                let response = client
                    .patch(format!("{base}/api/checklists/{id}/steps/{step}"))
                    .json(&json!({ "note": note, "by": format!("w{writer}") }))
                    .send()
                    .await;
                let (status, retry_after, body) = match response {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let retry_after = response
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        (status, retry_after, response.text().await.unwrap_or_default())
                    }
                    Err(error) => (0, None, error.to_string()),
                };
                if status == 200 {
                    acknowledged.fetch_add(1, Ordering::SeqCst);
                } else {
                    // Refused: try again a little later, as a client told to would.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                sent.push(Sent {
                    step,
                    note,
                    status,
                    body,
                    retry_after,
                });
            }
            sent
        }));
    }
    let wait_acknowledged = |at_least: usize| {
        let acknowledged = acknowledged.clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(30);
            while acknowledged.load(Ordering::SeqCst) < at_least {
                assert!(Instant::now() < deadline, "changes are not acknowledged");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    };
    wait_acknowledged(30).await;

    // Stopped in the middle of the writes.
    let stopping = cluster.clone();
    tokio::task::spawn_blocking(move || stopping.down())
        .await
        .unwrap();
    let acknowledged_when_down = acknowledged.load(Ordering::SeqCst);

    // While it is down: a change is refused at once with the database's 503
    // (not held until the client gives up), reads too, and readiness says why.
    let started = Instant::now();
    let refused = client
        .patch(format!("{base}/api/checklists/{id}/steps/{}", steps[0]))
        .json(&json!({ "note": "while down", "by": "probe" }))
        .send()
        .await
        .unwrap();
    let status = refused.status().as_u16();
    let retry_after = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_database_unavailable(status, &refused.text().await.unwrap(), retry_after.as_deref());
    assert!(
        started.elapsed() < Duration::from_secs(7),
        "refused after {:?}",
        started.elapsed()
    );
    let read = client
        .get(format!("{base}/api/checklists/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 503);
    let readiness = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(readiness.status(), 503);
    let readiness: Value = readiness.json().await.unwrap();
    assert_eq!(readiness["checks"]["database"], "unavailable", "{readiness}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        acknowledged.load(Ordering::SeqCst) <= acknowledged_when_down,
        "a change was acknowledged while the database was down"
    );

    // Back: service resumes with no restart of docdesk.
    let starting = cluster.clone();
    tokio::task::spawn_blocking(move || starting.up()).await.unwrap();
    let resumed = Instant::now();
    wait_acknowledged(acknowledged_when_down + 30).await;
    assert!(
        resumed.elapsed() < Duration::from_secs(15),
        "service resumed after {:?}",
        resumed.elapsed()
    );
    stop.store(true, Ordering::SeqCst);
    let mut sent = Vec::new();
    for writer in writers {
        sent.extend(writer.await.unwrap());
    }
    let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);

    // Every answer was an acknowledgement or the database's 503.
    let mut refusals = 0;
    for s in &sent {
        if s.status != 200 {
            assert_database_unavailable(s.status, &s.body, s.retry_after.as_deref());
            refusals += 1;
        }
    }
    assert!(refusals > 0, "the writers met the outage");

    // Every acknowledged change is committed: audited, and counted.
    let after: Value = client
        .get(format!("{base}/api/checklists/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let audit: Value = client
        .get(format!("{base}/api/checklists/{id}/audit"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let events = audit["events"].as_array().unwrap();
    let audited: HashMap<&str, &str> = events
        .iter()
        .filter_map(|e| Some((e["change"]["note"].as_str()?, e["step_id"].as_str()?)))
        .collect();
    for s in sent.iter().filter(|s| s.status == 200) {
        assert_eq!(
            audited.get(s.note.as_str()),
            Some(&s.step.as_str()),
            "the acknowledged note {:?} on {} is not in the audit log",
            s.note,
            s.step
        );
    }
    assert_eq!(
        after["revision"].as_u64().unwrap() as usize,
        events.len() - 1,
        "one revision per audited change"
    );
    // The steps and the log were committed together: each step's note is
    // the last one its log holds.
    for step in after["steps"].as_array().unwrap() {
        let last = events
            .iter()
            .rev()
            .find(|e| e["step_id"] == step["id"] && e["change"]["note"].is_string())
            .map(|e| e["change"]["note"].clone());
        assert_eq!(step["note"], last.unwrap_or(Value::Null), "step {}", step["id"]);
    }
    let _ = server.kill();
    let _ = server.wait();
}
