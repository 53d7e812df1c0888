//! The HTTP server's bounds: connection cap, header and idle timeouts, and a
//! shutdown that finishes whatever clients do.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{sigterm, start_binary_with, wait_exit, wait_ready};

fn address(base: &str) -> &str {
    base.trim_start_matches("http://")
}

/// A request cut off after `bytes`: a head without its end, or a body shorter than announced.
const HALF_HEAD: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: x\r\n";
const HALF_BODY: &[u8] = b"POST /api/checklists HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
    Content-Length: 1000\r\n\r\n{\"template\"";

/// Connects and sends `bytes`, leaving the connection open.
async fn send_partial(base: &str, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(address(base)).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream
}

/// Reads until the server closes the connection; fails after `within`.
/// Returns the time since `started`.
async fn closed_within(stream: &mut TcpStream, started: Instant, within: Duration) -> Duration {
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(within.saturating_sub(started.elapsed()), stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return started.elapsed(),
            Ok(Ok(_)) => {}
            Err(_) => panic!("connection still open after {within:?}"),
        }
    }
}

#[tokio::test]
async fn idle_sockets_past_the_open_files_limit_do_not_starve_healthz() {
    let data = tempfile::tempdir().unwrap();
    let (mut child, base) = start_binary_with(
        data.path(),
        &["--max-connections", "40", "--header-timeout", "1s"],
        Some(128),
    );
    wait_ready(&base).await;
    // More idle sockets than the server may open files: before the cap and the
    // header timeout it ran out of descriptors and never answered again.
    let mut idle = Vec::new();
    for _ in 0..200 {
        idle.push(TcpStream::connect(address(&base)).await.unwrap());
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let started = Instant::now();
    let health = client.get(format!("{base}/healthz")).send().await;
    let elapsed = started.elapsed();
    child.kill().unwrap();
    child.wait().unwrap();
    let health = health.expect("healthz answers while idle sockets are open");
    assert_eq!(health.status(), 200);
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
    drop(idle);
}

#[tokio::test]
async fn slow_heads_and_half_sent_bodies_are_dropped() {
    let data = tempfile::tempdir().unwrap();
    let (mut child, base) = start_binary_with(
        data.path(),
        &["--header-timeout", "1s", "--idle-timeout", "1s"],
        None,
    );
    wait_ready(&base).await;
    let started = Instant::now();
    let mut slow_head = send_partial(&base, HALF_HEAD).await;
    let mut half_body = send_partial(&base, HALF_BODY).await;
    let head = closed_within(&mut slow_head, started, Duration::from_secs(8)).await;
    let body = closed_within(&mut half_body, started, Duration::from_secs(8)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(head >= Duration::from_millis(500), "closed too early: {head:?}");
    assert!(body >= Duration::from_millis(500), "closed too early: {body:?}");
}

#[tokio::test]
async fn sigterm_finishes_within_the_grace_period_despite_half_sent_requests() {
    let data = tempfile::tempdir().unwrap();
    // Timeouts far beyond the grace period: only the grace period can end these.
    let (mut child, base) = start_binary_with(
        data.path(),
        &[
            "--shutdown-grace",
            "1s",
            "--header-timeout",
            "5m",
            "--idle-timeout",
            "5m",
        ],
        None,
    );
    wait_ready(&base).await;
    let half_body = send_partial(&base, HALF_BODY).await;
    let half_head = send_partial(&base, HALF_HEAD).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    sigterm(&child);
    let exit = wait_exit(&mut child, Duration::from_secs(8)).await;
    if exit.is_none() {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let exit = exit.expect("the server exits after SIGTERM with half-sent requests open");
    assert!(exit.success(), "{exit}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    drop((half_body, half_head));
}
