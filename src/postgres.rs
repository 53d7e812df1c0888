//! The PostgreSQL backend of checklist runs ([`RunStore`]), for several
//! docdesk servers sharing one database (replicas behind a load balancer).
//!
//! The driver is `tokio-postgres` (the rust-postgres project's async
//! client: pipelining, LISTEN/NOTIFY, no compile-time database) with the
//! `deadpool-postgres` pool; both are small, maintained and build in a
//! fraction of the time of the alternative (sqlx), and measured above the
//! throughput the service needs (README, Performance). The storage trait is
//! blocking — the service calls it off the async threads — so the pool runs
//! on a small runtime of its own, independent of the caller's.
//!
//! Semantics are SQLite's: a change is acknowledged after its commit
//! (`synchronous_commit = on`, forced per connection); the step rules are the
//! same function ([`steps::apply`]) applied inside the transaction; the runs a
//! group changes are locked first, in id order, so two servers changing the
//! same step serialise instead of undoing each other. Every commit notifies
//! the channel [`CHANNEL`] (delivered at commit, in commit order), which
//! every server listens to and relays to its own live streams.

use std::sync::{Mutex, mpsc};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime};
use futures_util::StreamExt;
use tokio_postgres::error::SqlState;
use tokio_postgres::{AsyncMessage, Config, NoTls, Row};

use crate::checklists::steps::StepState;
use crate::checklists::store::{
    Applied, AuditEvent, Change, Notice, Outcome, RunRecord, RunStore, StorageError, TemplateVersion,
    apply_change,
};
use crate::migrations;

/// The notification channel of committed step changes.
pub const CHANNEL: &str = "docdesk_steps";

/// Connections per server: one for the writer, the rest for reads.
const POOL_SIZE: usize = 16;

/// The longest any database operation may take before the request gets a
/// 503 (a database host that vanished without closing connections would
/// otherwise hold requests until TCP gives up).
const OPERATION_TIMEOUT: Duration = Duration::from_secs(5);

/// How often the listening connection is checked, and how long to wait
/// before connecting again after it broke.
const LISTEN_CHECK: Duration = Duration::from_secs(2);
const RECONNECT_DELAY: Duration = Duration::from_millis(250);

/// Migrations of two servers starting at once run one after the other.
const MIGRATION_LOCK: i64 = 0x0064_6f63_6465_736b; // "docdesk"

/// The PostgreSQL database.
pub struct PgStore {
    pool: Pool,
    /// Runs the pool's connections and the listener; shut down on drop.
    runtime: Option<tokio::runtime::Runtime>,
    feed: Mutex<Option<mpsc::Receiver<Notice>>>,
}

impl Drop for PgStore {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Dropping may happen on an async thread, where waiting is not allowed.
            runtime.shutdown_background();
        }
    }
}

impl From<tokio_postgres::Error> for StorageError {
    fn from(error: tokio_postgres::Error) -> Self {
        let lost = error.is_closed()
            || error.code().is_some_and(|code| {
                code.code().starts_with("08") // connection exception
                    || *code == SqlState::ADMIN_SHUTDOWN
                    || *code == SqlState::CRASH_SHUTDOWN
                    || *code == SqlState::CANNOT_CONNECT_NOW
                    || *code == SqlState::TOO_MANY_CONNECTIONS
            })
            || (error.code().is_none()
                && std::error::Error::source(&error).is_some_and(|s| s.is::<std::io::Error>()));
        if lost {
            StorageError::Unavailable(error.to_string())
        } else {
            StorageError::Backend(Box::new(error))
        }
    }
}

impl From<PoolError> for StorageError {
    fn from(error: PoolError) -> Self {
        match error {
            PoolError::Backend(error) => error.into(),
            other => StorageError::Unavailable(other.to_string()),
        }
    }
}

impl PgStore {
    /// Connects to the database `url` (`postgres://user:password@host:port/db`
    /// or `host=… dbname=…`), migrates it and starts listening for changes.
    /// Blocking: call it off the async threads.
    pub fn connect(url: &str) -> Result<PgStore, StorageError> {
        let mut config: Config = url
            .parse()
            .map_err(|e| StorageError::Backend(format!("invalid database URL: {e}").into()))?;
        // Acknowledged means committed: whatever the server's default.
        let options = match config.get_options() {
            Some(options) => format!("{options} -c synchronous_commit=on"),
            None => "-c synchronous_commit=on".to_owned(),
        };
        config
            .options(options)
            .application_name("docdesk")
            .connect_timeout(OPERATION_TIMEOUT)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(10));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("docdesk-postgres")
            .enable_all()
            .build()
            .map_err(|e| StorageError::Backend(Box::new(e)))?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                // A connection the server closed fails its next query and is dropped.
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(OPERATION_TIMEOUT))
            .create_timeout(Some(OPERATION_TIMEOUT))
            .recycle_timeout(Some(OPERATION_TIMEOUT))
            .build()
            .map_err(|e| StorageError::Backend(Box::new(e)))?;
        let (sender, feed) = mpsc::channel();
        // Built first, so that a failure below drops the runtime as `Drop` does.
        let store = PgStore {
            pool,
            runtime: Some(runtime),
            feed: Mutex::new(Some(feed)),
        };
        let runtime = store.runtime.as_ref().expect("just set");
        // On a thread of its own: connecting may be called from an async
        // thread (at start), where blocking on another runtime is not allowed.
        std::thread::scope(|scope| scope.spawn(|| runtime.block_on(migrate(&store.pool))).join())
            .map_err(|_| StorageError::Backend("the migration thread panicked".into()))??;
        runtime.spawn(listen(config, sender));
        Ok(store)
    }

    /// Runs `work` on the store's runtime, within [`OPERATION_TIMEOUT`].
    fn run<T>(&self, work: impl Future<Output = Result<T, StorageError>>) -> Result<T, StorageError> {
        let runtime = self
            .runtime
            .as_ref()
            .expect("the runtime lives as long as the store");
        runtime.block_on(async {
            tokio::time::timeout(OPERATION_TIMEOUT, work)
                .await
                .unwrap_or_else(|_| {
                    Err(StorageError::Unavailable(
                        "the database did not answer in time".into(),
                    ))
                })
        })
    }
}

/// Brings the schema to the latest version; refuses a database from a newer docdesk.
async fn migrate(pool: &Pool) -> Result<(), StorageError> {
    let mut client = pool.get().await?;
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    let runner = migrations::postgres();
    let client: &mut tokio_postgres::Client = &mut client;
    let outcome = async {
        let tracked: bool = client
            .query_one(
                "SELECT to_regclass($1) IS NOT NULL",
                &[&migrations::HISTORY_TABLE],
            )
            .await?
            .try_get(0)?;
        let last = if tracked {
            runner.get_last_applied_migration_async(client).await?
        } else {
            None
        };
        migrations::refuse_newer(&runner, last.as_ref())?;
        runner.run_async(client).await?;
        Ok(())
    }
    .await;
    client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])
        .await?;
    outcome
}

/// Listens to [`CHANNEL`] on a connection of its own and forwards every
/// notification to the feed; reconnects when the connection breaks, then
/// sends [`Notice::Resync`] (what was committed meanwhile was not heard).
/// Ends when the feed's receiver is gone.
async fn listen(config: Config, feed: mpsc::Sender<Notice>) {
    let mut connected_before = false;
    loop {
        match listen_once(&config, &feed, connected_before).await {
            Listened::FeedClosed => return,
            Listened::Connected => connected_before = true,
            Listened::Failed => {}
        }
        tokio::time::sleep(RECONNECT_DELAY).await;
    }
}

enum Listened {
    /// Nobody reads the feed any more.
    FeedClosed,
    /// Was listening until the connection broke.
    Connected,
    /// Could not connect or listen.
    Failed,
}

async fn listen_once(config: &Config, feed: &mpsc::Sender<Notice>, resync: bool) -> Listened {
    let (client, mut connection) = match config.connect(NoTls).await {
        Ok(pair) => pair,
        Err(error) => {
            tracing::warn!(%error, "cannot connect to listen for changes; retrying");
            return Listened::Failed;
        }
    };
    let (notifications, mut heard) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(notification)) => {
                    if notifications.send(notification).is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "the listening connection broke; reconnecting");
                    return;
                }
            }
        }
    });
    if let Err(error) = client.batch_execute(&format!("LISTEN {CHANNEL}")).await {
        tracing::warn!(%error, "cannot listen for changes; retrying");
        driver.abort();
        return Listened::Failed;
    }
    if resync && feed.send(Notice::Resync).is_err() {
        return Listened::FeedClosed;
    }
    let mut check = tokio::time::interval(LISTEN_CHECK);
    loop {
        tokio::select! {
            notification = heard.recv() => {
                let Some(notification) = notification else { break };
                let Some(notice) = parse_notice(notification.payload()) else {
                    tracing::warn!(payload = notification.payload(), "unreadable change notification");
                    continue;
                };
                if feed.send(notice).is_err() {
                    driver.abort();
                    return Listened::FeedClosed;
                }
            }
            _ = check.tick() => {
                // A host that vanished closes nothing: ask, within a bound.
                let alive = tokio::time::timeout(OPERATION_TIMEOUT, client.simple_query("SELECT 1")).await;
                if !matches!(alive, Ok(Ok(_))) {
                    tracing::warn!("the listening connection does not answer; reconnecting");
                    break;
                }
            }
        }
    }
    driver.abort();
    Listened::Connected
}

/// The payload of a notification: `{"run": "…", "step": "…"}`.
fn notice_payload(run_id: &str, step_id: &str) -> String {
    serde_json::json!({ "run": run_id, "step": step_id }).to_string()
}

fn parse_notice(payload: &str) -> Option<Notice> {
    let value: serde_json::Value = serde_json::from_str(payload).ok()?;
    Some(Notice::Changed {
        run_id: value["run"].as_str()?.to_owned(),
        step_id: value["step"].as_str()?.to_owned(),
    })
}

/// Stores a template version unless it already is.
async fn store_version(
    client: &impl tokio_postgres::GenericClient,
    template: &TemplateVersion,
) -> Result<(), StorageError> {
    client
        .execute(
            "INSERT INTO template_versions (version, template, source, stored_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (version) DO NOTHING",
            &[
                &template.version,
                &template.template,
                &template.source,
                &crate::checklists::steps::now(),
            ],
        )
        .await?;
    Ok(())
}

/// A run and its steps, read in one statement (one snapshot).
async fn read_run(
    client: &impl tokio_postgres::GenericClient,
    id: &str,
) -> Result<Option<RunRecord>, StorageError> {
    let rows = client
        .query(
            "SELECT r.id, r.template, r.lang, r.params, r.created_at, r.revision, r.template_version, \
                    s.step_id, s.done, s.done_at, s.done_by, s.skipped, s.skip_reason, s.note, \
                    s.skipped_at, s.skipped_by, s.note_at, s.note_by \
             FROM runs r LEFT JOIN steps s ON s.run_id = r.id WHERE r.id = $1 ORDER BY s.position",
            &[&id],
        )
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut run = RunRecord {
        id: first.try_get(0)?,
        template: first.try_get(1)?,
        lang: first.try_get(2)?,
        params: first.try_get(3)?,
        created_at: first.try_get(4)?,
        revision: first.try_get(5)?,
        template_version: first.try_get(6)?,
        steps: Vec::with_capacity(rows.len()),
    };
    for row in &rows {
        if let Some(step) = step_state(row)? {
            run.steps.push(step);
        }
    }
    Ok(Some(run))
}

/// The step of a joined row (`None`: a run without steps).
fn step_state(row: &Row) -> Result<Option<StepState>, StorageError> {
    let Some(id) = row.try_get::<_, Option<String>>(7)? else {
        return Ok(None);
    };
    Ok(Some(StepState {
        id,
        done: row.try_get(8)?,
        done_at: row.try_get(9)?,
        done_by: row.try_get(10)?,
        skipped: row.try_get(11)?,
        skip_reason: row.try_get(12)?,
        note: row.try_get(13)?,
        skipped_at: row.try_get(14)?,
        skipped_by: row.try_get(15)?,
        note_at: row.try_get(16)?,
        note_by: row.try_get(17)?,
    }))
}

impl RunStore for PgStore {
    fn create_run(
        &self,
        run: &RunRecord,
        template: &TemplateVersion,
        by: Option<&str>,
    ) -> Result<(), StorageError> {
        self.run(async {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            store_version(&*tx, template).await?;
            tx.execute(
                "INSERT INTO runs (id, template, lang, params, created_at, revision, template_version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &run.id,
                    &run.template,
                    &run.lang,
                    &run.params,
                    &run.created_at,
                    &run.revision,
                    &template.version,
                ],
            )
            .await?;
            let step_ids: Vec<&str> = run.steps.iter().map(|s| s.id.as_str()).collect();
            tx.execute(
                "INSERT INTO steps (run_id, step_id, position) \
                 SELECT $1, step_id, (position - 1)::int FROM unnest($2::text[]) WITH ORDINALITY AS t(step_id, position)",
                &[&run.id, &step_ids],
            )
            .await?;
            let created = serde_json::json!({ "created": true, "template": run.template }).to_string();
            tx.execute(
                "INSERT INTO events (run_id, step_id, at, actor, change) VALUES ($1, NULL, $2, $3, $4)",
                &[&run.id, &run.created_at, &by, &created],
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    fn load_run(&self, id: &str) -> Result<Option<RunRecord>, StorageError> {
        self.run(async {
            let client = self.pool.get().await?;
            read_run(&**client, id).await
        })
    }

    fn template_version(&self, version: &str) -> Result<Option<TemplateVersion>, StorageError> {
        self.run(async {
            let client = self.pool.get().await?;
            let row = client
                .query_opt(
                    "SELECT version, template, source FROM template_versions WHERE version = $1",
                    &[&version],
                )
                .await?;
            row.map(|row| {
                Ok(TemplateVersion {
                    version: row.try_get(0)?,
                    template: row.try_get(1)?,
                    source: row.try_get(2)?,
                })
            })
            .transpose()
        })
    }

    fn adopt_template(&self, template: &TemplateVersion) -> Result<u64, StorageError> {
        self.run(async {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            store_version(&*tx, template).await?;
            let adopted = tx
                .execute(
                    "UPDATE runs SET template_version = $1 WHERE template = $2 AND template_version IS NULL",
                    &[&template.version, &template.template],
                )
                .await?;
            tx.commit().await?;
            Ok(adopted)
        })
    }

    fn update_steps(&self, changes: &[Change<'_>], at: &str) -> Result<Vec<Outcome>, StorageError> {
        self.run(async {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            // Lock every run of the group, in one order for every server (no
            // deadlock): another server's change to them waits for this commit.
            let mut run_ids: Vec<&str> = changes.iter().map(|(run, _, _)| *run).collect();
            run_ids.sort_unstable();
            run_ids.dedup();
            tx.query("SELECT id FROM runs WHERE id = ANY($1) ORDER BY id FOR UPDATE", &[&run_ids])
                .await?;
            let write = tx
                .prepare_cached(&format!(
                    "WITH step AS (UPDATE steps SET done = $3, done_at = $4, done_by = $5, skipped = $6, skip_reason = $7, \
                         note = $8, updated_at = $9, skipped_at = $10, skipped_by = $11, note_at = $12, note_by = $13 \
                         WHERE run_id = $1 AND step_id = $2), \
                     run AS (UPDATE runs SET revision = $14 WHERE id = $1), \
                     audit AS (INSERT INTO events (run_id, step_id, at, actor, change) VALUES ($1, $2, $9, $15, $16)) \
                     SELECT pg_notify('{CHANNEL}', $17)"
                ))
                .await?;
            let mut results = Vec::with_capacity(changes.len());
            for (run_id, step_id, change) in changes {
                // The one read of the change, as in SQLite: the whole run,
                // whose step the rule updates and which the caller shows.
                let (run, position) = match apply_change(read_run(&*tx, run_id).await?, step_id, change, at) {
                    Applied::Write(run, position) => (run, position),
                    Applied::Report(outcome) => {
                        results.push(outcome);
                        continue;
                    }
                };
                let state = &run.steps[position];
                tx.query(
                    &write,
                    &[
                        run_id,
                        step_id,
                        &state.done,
                        &state.done_at,
                        &state.done_by,
                        &state.skipped,
                        &state.skip_reason,
                        &state.note,
                        &at,
                        &state.skipped_at,
                        &state.skipped_by,
                        &state.note_at,
                        &state.note_by,
                        &run.revision,
                        &change.by,
                        &serde_json::to_string(change)?,
                        &notice_payload(run_id, step_id),
                    ],
                )
                .await?;
                results.push(Outcome::Changed(run));
            }
            tx.commit().await?;
            Ok(results)
        })
    }

    fn recent_runs(&self, limit: usize) -> Result<Vec<String>, StorageError> {
        self.run(async {
            let client = self.pool.get().await?;
            let rows = client
                .query(
                    "SELECT id FROM runs ORDER BY created_at DESC, ordinal DESC LIMIT $1",
                    &[&i64::try_from(limit).unwrap_or(i64::MAX)],
                )
                .await?;
            Ok(rows.iter().map(|row| row.try_get(0)).collect::<Result<_, _>>()?)
        })
    }

    fn events(&self, run_id: &str) -> Result<Vec<AuditEvent>, StorageError> {
        self.run(async {
            let client = self.pool.get().await?;
            let rows = client
                .query(
                    "SELECT seq, step_id, at, actor, change FROM events WHERE run_id = $1 ORDER BY seq",
                    &[&run_id],
                )
                .await?;
            let mut events = Vec::with_capacity(rows.len());
            for row in rows {
                let change: String = row.try_get(4)?;
                events.push(AuditEvent {
                    seq: row.try_get(0)?,
                    step_id: row.try_get(1)?,
                    at: row.try_get(2)?,
                    actor: row.try_get(3)?,
                    change: serde_json::from_str(&change)?,
                });
            }
            Ok(events)
        })
    }

    fn ping(&self) -> Result<(), StorageError> {
        self.run(async {
            self.pool.get().await?.simple_query("SELECT 1").await?;
            Ok(())
        })
    }

    fn feed(&self) -> Option<mpsc::Receiver<Notice>> {
        self.feed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }
}

/// Test support (this crate's tests and benchmarks): PostgreSQL is reached
/// through `DOCDESK_TEST_DATABASE_URL`, a role that may create databases.
pub mod testing {
    use super::*;

    /// The variable naming the test server.
    pub const URL_VARIABLE: &str = "DOCDESK_TEST_DATABASE_URL";

    /// The test server's URL; `None` (saying so on stderr) when it is not
    /// set, except under CI, where the PostgreSQL tests must run: panics.
    pub fn server_url(test: &str) -> Option<String> {
        match std::env::var(URL_VARIABLE) {
            Ok(url) if !url.trim().is_empty() => Some(url),
            _ => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "{URL_VARIABLE} is not set under CI: the PostgreSQL tests must run (.ci/run starts a server)"
                );
                eprintln!("SKIPPED {test} on PostgreSQL: set {URL_VARIABLE} to run it");
                None
            }
        }
    }

    /// Creates an empty database on the server of `url` and returns its URL.
    pub fn scratch_database(url: &str) -> String {
        let name = format!("docdesk_test_{}", hex::encode(rand::random::<[u8; 8]>()));
        execute(url, &format!("CREATE DATABASE {name}"));
        with_database(url, &name)
    }

    /// Runs `sql` on the database of `url` (from any thread, async or not).
    pub fn execute(url: &str, sql: &str) {
        let (url, sql) = (url.to_owned(), sql.to_owned());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let (client, connection) = tokio_postgres::connect(&url, NoTls)
                    .await
                    .expect("the test PostgreSQL server answers");
                let driver = tokio::spawn(connection);
                client.batch_execute(&sql).await.expect("the statement runs");
                drop(client);
                let _ = driver.await;
            });
        })
        .join()
        .expect("the statement thread");
    }

    /// `url` naming the database `name` instead of its own.
    pub fn with_database(url: &str, name: &str) -> String {
        if let Some(rest) = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
        {
            let (authority_path, query) = rest.split_once('?').map_or((rest, None), |(a, q)| (a, Some(q)));
            let authority = authority_path.split('/').next().unwrap_or("");
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            format!("postgres://{authority}/{name}{query}")
        } else {
            // Key-value form: a later key overrides an earlier one.
            format!("{url} dbname={name}")
        }
    }

    #[cfg(test)]
    mod tests {
        use super::with_database;

        #[test]
        fn a_url_names_another_database() {
            assert_eq!(
                with_database("postgres://u@%2Ftmp%2Fpg:5433/postgres?sslmode=disable", "t1"),
                "postgres://u@%2Ftmp%2Fpg:5433/t1?sslmode=disable"
            );
            assert_eq!(with_database("postgresql://u@h", "t1"), "postgres://u@h/t1");
            assert_eq!(
                with_database("host=/tmp user=u", "t1"),
                "host=/tmp user=u dbname=t1"
            );
        }
    }
}
