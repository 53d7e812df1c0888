//! `docdesk backup`: a consistent copy of the SQLite database while the
//! server writes it; PostgreSQL deployments are sent to pg_dump.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use docdesk::checklists::store::RunStore;
use docdesk::storage::{DATABASE_FILE, Store};
use serde_json::json;

use crate::helpers::{
    create_run_at, patch_json, repo_root, sigterm, start_binary, step_ids, wait_exit, wait_ready,
};

fn backup_command(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_docdesk"))
        .arg("backup")
        .args(args)
        .current_dir(repo_root())
        .env_remove("DOCDESK_DATABASE_URL")
        .env_remove("DOCDESK_DATA_DIR")
        .output()
        .expect("the binary runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_every_acknowledged_change() {
    let data = tempfile::tempdir().unwrap();
    let (mut child, base) = start_binary(data.path(), None);
    wait_ready(&base).await;
    let client = reqwest::Client::new();
    let body = json!({"template": "cms-upgrade", "params": {"cluster_type": "scc", "active_node": "EX1",
        "passive_nodes": ["EX2", "EX3", "EX4", "EX5"], "target": "SP2", "cluster_os": "windows-server-2003"}});
    let run = create_run_at(&client, &base, &body).await;
    let id = run["id"].as_str().unwrap().to_owned();

    // Notes written one after another, each different, until told to stop;
    // each acknowledged note's number is recorded in order.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<usize>::new()));
    let writer = {
        let (stop, acknowledged, client) = (stop.clone(), acknowledged.clone(), client.clone());
        let url = format!("{base}/api/checklists/{id}/steps/move-groups-ex2");
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let sent = client
                    .patch(&url)
                    .json(&json!({"note": format!("note {n}")}))
                    .send()
                    .await;
                if sent.is_ok_and(|r| r.status() == 200) {
                    acknowledged.lock().unwrap().push(n);
                }
                n += 1;
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = acknowledged
        .lock()
        .unwrap()
        .last()
        .copied()
        .expect("changes acknowledged");
    let copy = data.path().join("backup.sqlite3");
    let output = tokio::task::spawn_blocking({
        let (data, copy) = (data.path().to_owned(), copy.clone());
        move || {
            backup_command(&[
                "--data-dir",
                data.to_str().unwrap(),
                "--to",
                copy.to_str().unwrap(),
            ])
        }
    })
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("backed up 1 run(s)"), "{said}");
    let after = acknowledged.lock().unwrap().last().copied().unwrap();
    assert!(after > before, "the server kept writing during the backup");

    // Restored, the copy has the note acknowledged last before the backup
    // began, or a later one: no acknowledged change is missing from it.
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&copy, restored.path().join(DATABASE_FILE)).unwrap();
    let store = Store::open(restored.path()).unwrap();
    let stored = store.load_run(&id).unwrap().unwrap();
    let step = stored.steps.iter().find(|s| s.id == "move-groups-ex2").unwrap();
    let note: usize = step
        .note
        .as_deref()
        .unwrap()
        .trim_start_matches("note ")
        .parse()
        .unwrap();
    assert!(note >= before, "the copy lost note {before} (it has note {note})");
    let audited = store.events(&id).unwrap().len();
    assert_eq!(
        audited as i64,
        stored.revision + 1,
        "every change in the copy is audited"
    );
    assert!(
        stored.revision as usize > before,
        "every acknowledged note before the backup is counted"
    );
    // The data directory records the backup, for the day the database is damaged.
    let recorded = std::fs::read_to_string(data.path().join("last-backup")).unwrap();
    assert!(recorded.trim().ends_with("backup.sqlite3"), "{recorded}");

    // It never overwrites.
    let again = backup_command(&[
        "--data-dir",
        data.path().to_str().unwrap(),
        "--to",
        copy.to_str().unwrap(),
    ]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn with_postgresql_the_backup_command_points_to_pg_dump() {
    let output = backup_command(&[
        "--database-url",
        "postgres://docdesk@db.invalid/docdesk",
        "--to",
        "x.dump",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("pg_dump") && said.contains("PostgreSQL"), "{said}");
    assert!(!said.contains("db.invalid"), "the URL is not echoed: {said}");
}

/// `docdesk serve` on `data`, its error output captured; `None` when it is
/// still running after `within` (it is then killed).
async fn serve_until_exit(data: &std::path::Path, within: Duration) -> Option<(ExitStatus, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docdesk"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--content",
            "content",
            "--data-dir",
        ])
        .arg(data)
        .current_dir(repo_root())
        .env_remove("DOCDESK_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let Some(status) = wait_exit(&mut child, within).await else {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    };
    let mut said = String::new();
    child.stderr.take().unwrap().read_to_string(&mut said).unwrap();
    Some((status, said))
}

/// Runs are stored (each with long notes, so the file spans many pages)
/// by the real server on `data`, which is then stopped; their ids.
async fn stored_runs(data: &std::path::Path) -> Vec<String> {
    let (mut child, base) = start_binary(data, None);
    wait_ready(&base).await;
    let client = reqwest::Client::new();
    let body = json!({"template": "cms-upgrade", "params": {"cluster_type": "scc", "active_node": "EX1",
        "passive_nodes": ["EX2", "EX3", "EX4"], "target": "SP2", "cluster_os": "windows-server-2003"}});
    let mut ids = Vec::new();
    for _ in 0..8 {
        let run = create_run_at(&client, &base, &body).await;
        let id = run["id"].as_str().unwrap().to_owned();
        for (n, step) in step_ids(&run).iter().take(6).enumerate() {
            let url = format!("{base}/api/checklists/{id}/steps/{step}");
            patch_json(
                &client,
                &url,
                &json!({"note": format!("{n}{}", "n".repeat(3990))}),
            )
            .await;
        }
        ids.push(id);
    }
    sigterm(&child);
    assert!(
        wait_exit(&mut child, Duration::from_secs(20))
            .await
            .is_some_and(|s| s.success())
    );
    ids
}

/// A healthy database starts and serves; one with damaged interior pages
/// (as a disk error leaves it: the file still opens) makes `serve` exit
/// non-zero at once, saying which file, what the check found and which
/// backup to restore, instead of serving and failing on some runs; the
/// backup restored as README says, it serves again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_refuses_to_start_on_a_damaged_database_and_names_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let ids = stored_runs(&data).await;
    let copy = dir.path().join("before-damage.sqlite3");
    let made = backup_command(&[
        "--data-dir",
        data.to_str().unwrap(),
        "--to",
        copy.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));

    // Healthy: it starts, is ready and serves a stored run.
    let (mut child, base) = start_binary(&data, None);
    wait_ready(&base).await;
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    let run = reqwest::get(format!("{base}/api/checklists/{}", ids[7]))
        .await
        .unwrap();
    assert_eq!(run.status(), 200);
    sigterm(&child);
    assert!(wait_exit(&mut child, Duration::from_secs(20)).await.is_some());

    // Damage three pages in the middle of the file, everything in it first
    // (the write-ahead log folded in).
    let file = data.join(DATABASE_FILE);
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&file).unwrap();
    let page = 4096;
    assert!(bytes.len() > 40 * page, "{} bytes", bytes.len());
    let middle = bytes.len() / page / 2 * page;
    bytes[middle..middle + 3 * page].fill(0x5a);
    std::fs::write(&file, bytes).unwrap();

    let (status, said) = serve_until_exit(&data, Duration::from_secs(30))
        .await
        .expect("serve exits on a damaged database instead of serving it");
    assert!(!status.success(), "{status}: {said}");
    assert!(said.contains("is damaged"), "{said}");
    assert!(
        said.contains(&file.display().to_string()),
        "names the file: {said}"
    );
    assert!(
        said.contains("before-damage.sqlite3"),
        "names the last backup: {said}"
    );

    // Restored from that backup (README, Deployment), it serves every run.
    std::fs::copy(&copy, &file).unwrap();
    for stale in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{stale}", file.display()));
    }
    let (mut child, base) = start_binary(&data, None);
    wait_ready(&base).await;
    for id in &ids {
        let run = reqwest::get(format!("{base}/api/checklists/{id}")).await.unwrap();
        assert_eq!(run.status(), 200, "{id}");
    }
    sigterm(&child);
    assert!(wait_exit(&mut child, Duration::from_secs(20)).await.is_some());
}
