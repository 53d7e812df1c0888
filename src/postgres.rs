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
//! same step serialise instead of undoing each other. While a group holds
//! those locks it costs the same few round trips whatever its size (lock and
//! read sent together, one statement for all its writes, the commit), so the
//! other servers wait as little as possible. Every commit notifies
//! the channel [`CHANNEL`] (delivered at commit, in commit order), which
//! every server listens to and relays to its own live streams.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod, Runtime};
use futures_util::StreamExt;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
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

/// Runs with their steps, one row per step (a run without steps: one row
/// of NULL steps), grouped by run: the ids in `$1`, read in one statement
/// (one snapshot).
const READ_RUNS: &str = "SELECT r.id, r.template, r.lang, r.params, r.created_at, r.revision, r.template_version, \
        s.step_id, s.done, s.done_at, s.done_by, s.skipped, s.skip_reason, s.note, \
        s.skipped_at, s.skipped_by, s.note_at, s.note_by \
 FROM runs r LEFT JOIN steps s ON s.run_id = r.id WHERE r.id = ANY($1) ORDER BY r.id, s.position";

/// Locks the runs in `$1`, in one order for every server (no deadlock).
const LOCK_RUNS: &str = "SELECT id FROM runs WHERE id = ANY($1) ORDER BY id FOR UPDATE";

/// Stores a group of changes in one statement: the steps' new states
/// (`$2`…`$13`, one element per step changed, its state after the group),
/// the runs' revisions (`$14`, `$15`), one audit entry per change, in order
/// (`$16`…`$19`), and one notification per change on `$21` ([`CHANNEL`]),
/// payloads `$20`; `$1` is the time of the changes.
const WRITE_CHANGES: &str = "WITH step AS (UPDATE steps s SET done = u.done, done_at = u.done_at, done_by = u.done_by, \
         skipped = u.skipped, skip_reason = u.skip_reason, note = u.note, updated_at = $1, \
         skipped_at = u.skipped_at, skipped_by = u.skipped_by, note_at = u.note_at, note_by = u.note_by \
     FROM unnest($2::text[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::text[], \
                 $10::text[], $11::text[], $12::text[], $13::text[]) \
         AS u(run_id, step_id, done, done_at, done_by, skipped, skip_reason, note, skipped_at, skipped_by, note_at, note_by) \
     WHERE s.run_id = u.run_id AND s.step_id = u.step_id), \
 run AS (UPDATE runs r SET revision = u.revision FROM unnest($14::text[], $15::int8[]) AS u(id, revision) \
     WHERE r.id = u.id), \
 audit AS (INSERT INTO events (run_id, step_id, at, actor, change) \
     SELECT e.run_id, e.step_id, $1, e.actor, e.change \
     FROM unnest($16::text[], $17::text[], $18::text[], $19::text[]) WITH ORDINALITY AS e(run_id, step_id, actor, change, n) \
     ORDER BY e.n) \
 SELECT count(*) FROM (SELECT pg_notify($21, p.payload) FROM unnest($20::text[]) AS p(payload)) AS notified";

/// A pooled connection in a transaction begun by hand, so that `BEGIN` and
/// `COMMIT` travel with the statements around them instead of taking a round
/// trip each. Dropped before [`InTransaction::finish`] (a failure, the
/// operation's timeout), the connection is closed instead of going back to
/// the pool: the server rolls its transaction back, and nothing half-done
/// reaches the next user.
struct InTransaction(Option<deadpool_postgres::Object>);

impl InTransaction {
    fn client(&self) -> &deadpool_postgres::Object {
        self.0.as_ref().expect("a connection until finished")
    }

    /// The transaction ended: the connection goes back to the pool.
    fn finish(mut self) {
        self.0.take();
    }
}

impl Drop for InTransaction {
    fn drop(&mut self) {
        if let Some(object) = self.0.take() {
            drop(deadpool_postgres::Object::take(object));
        }
    }
}

/// The audit entries and notifications of a group, one per change, in order.
#[derive(Default)]
struct Audit<'a> {
    run_ids: Vec<&'a str>,
    step_ids: Vec<&'a str>,
    actors: Vec<Option<&'a str>>,
    changes: Vec<String>,
    notices: Vec<String>,
}

/// The runs of [`READ_RUNS`] rows, by id.
fn runs_of(rows: &[Row]) -> Result<HashMap<String, RunRecord>, StorageError> {
    let mut runs: HashMap<String, RunRecord> = HashMap::new();
    for row in rows {
        let id: String = row.try_get(0)?;
        let run = match runs.entry(id) {
            Entry::Occupied(run) => run.into_mut(),
            Entry::Vacant(vacant) => {
                let id = vacant.key().clone();
                vacant.insert(RunRecord {
                    id,
                    template: row.try_get(1)?,
                    lang: row.try_get(2)?,
                    params: row.try_get(3)?,
                    created_at: row.try_get(4)?,
                    revision: row.try_get(5)?,
                    template_version: row.try_get(6)?,
                    steps: Vec::new(),
                })
            }
        };
        if let Some(step) = step_state(row)? {
            run.steps.push(step);
        }
    }
    Ok(runs)
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
            let read = client.prepare_cached(READ_RUNS).await?;
            let ids = [id];
            let rows = client.query(&read, &[&&ids[..]]).await?;
            Ok(runs_of(&rows)?.remove(id))
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
            let client = self.pool.get().await?;
            // Prepared once per connection: each statement below is sent
            // once, not parsed first in a round trip of its own.
            let lock = client.prepare_cached(LOCK_RUNS).await?;
            let read = client.prepare_cached(READ_RUNS).await?;
            let write = client.prepare_cached(WRITE_CHANGES).await?;
            let mut run_ids: Vec<&str> = changes.iter().map(|(run, _, _)| *run).collect();
            run_ids.sort_unstable();
            run_ids.dedup();
            let ids: [&(dyn ToSql + Sync); 1] = [&run_ids];
            let open = InTransaction(Some(client));
            let client = open.client();
            // Begin, lock every run of the group (another server's change
            // to them waits for this commit), then read them: sent together,
            // one round trip, run one after the other, so the read's
            // snapshot is taken once the locks are held and holds what the
            // previous holder committed.
            let ((), _, rows) = futures_util::try_join!(
                client.batch_execute("BEGIN"),
                client.query(&lock, &ids),
                client.query(&read, &ids)
            )?;
            // The one read of the group, as the one read per change in
            // SQLite: each change applies to the run as the changes before
            // it left it, and its result is the whole run after it.
            let mut runs = runs_of(&rows)?;
            let mut results = Vec::with_capacity(changes.len());
            // The steps changed, each once, and the changes, in order.
            let mut touched: Vec<(&str, usize)> = Vec::new();
            let mut audit = Audit::default();
            for (run_id, step_id, change) in changes {
                let (run, position) = match apply_change(runs.get(*run_id).cloned(), step_id, change, at) {
                    Applied::Write(run, position) => (run, position),
                    Applied::Report(outcome) => {
                        results.push(outcome);
                        continue;
                    }
                };
                if !touched.contains(&(run_id, position)) {
                    touched.push((run_id, position));
                }
                audit.run_ids.push(run_id);
                audit.step_ids.push(step_id);
                audit.actors.push(change.by.as_deref());
                audit.changes.push(serde_json::to_string(change)?);
                audit.notices.push(notice_payload(run_id, step_id));
                runs.insert((*run_id).to_owned(), run.clone());
                results.push(Outcome::Changed(run));
            }
            if !touched.is_empty() {
                // The state each step and run was left in by the group.
                let finals: Vec<&StepState> = touched
                    .iter()
                    .map(|(run_id, position)| &runs[*run_id].steps[*position])
                    .collect();
                let step_runs: Vec<&str> = touched.iter().map(|(run_id, _)| *run_id).collect();
                let text = |field: fn(&StepState) -> &Option<String>| -> Vec<Option<&str>> {
                    finals.iter().map(|s| field(s).as_deref()).collect()
                };
                let mut changed_runs = step_runs.clone();
                changed_runs.sort_unstable();
                changed_runs.dedup();
                let revisions: Vec<i64> = changed_runs.iter().map(|id| runs[*id].revision).collect();
                let step_ids: Vec<&str> = finals.iter().map(|s| s.id.as_str()).collect();
                let done: Vec<bool> = finals.iter().map(|s| s.done).collect();
                let skipped: Vec<bool> = finals.iter().map(|s| s.skipped).collect();
                let texts = [
                    text(|s| &s.done_at),
                    text(|s| &s.done_by),
                    text(|s| &s.skip_reason),
                    text(|s| &s.note),
                    text(|s| &s.skipped_at),
                    text(|s| &s.skipped_by),
                    text(|s| &s.note_at),
                    text(|s| &s.note_by),
                ];
                let [
                    done_at,
                    done_by,
                    skip_reason,
                    note,
                    skipped_at,
                    skipped_by,
                    note_at,
                    note_by,
                ] = &texts;
                let parameters: [&(dyn ToSql + Sync); 21] = [
                    &at,
                    &step_runs,
                    &step_ids,
                    &done,
                    done_at,
                    done_by,
                    &skipped,
                    skip_reason,
                    note,
                    skipped_at,
                    skipped_by,
                    note_at,
                    note_by,
                    &changed_runs,
                    &revisions,
                    &audit.run_ids,
                    &audit.step_ids,
                    &audit.actors,
                    &audit.changes,
                    &audit.notices,
                    &CHANNEL,
                ];
                // The writes and the commit, sent together: had the writes
                // failed, the commit would roll back, and the error is theirs.
                futures_util::try_join!(client.query(&write, &parameters), client.batch_execute("COMMIT"))?;
            } else {
                // Nothing changed: no write, nothing to make durable.
                client.batch_execute("COMMIT").await?;
            }
            open.finish();
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
