//! Durable storage of checklist runs in SQLite.
//!
//! One database file in the data directory, created on first start; schema
//! migrations live in `migrations/` and are applied in order, tracked with
//! `PRAGMA user_version`. WAL with `synchronous = FULL`: a change is on disk
//! before it is acknowledged. Updates are idempotent set operations inside a
//! transaction, and every change is appended to the `events` audit log.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Migrations, in order; the index + 1 is the schema version they produce.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_checklists.sql")];

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "docdesk.sqlite3";

/// A storage failure (always internal: callers validate input first).
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The data directory could not be created.
    #[error("cannot create data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A stored JSON value does not parse.
    #[error("stored data is corrupt: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// The group commit this change was part of failed, or the writer stopped.
    #[error("write failed: {0}")]
    Write(String),
}

/// The state of one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepState {
    /// Step id.
    pub step_id: String,
    /// Ticked.
    pub done: bool,
    /// When it was ticked (RFC 3339).
    pub done_at: Option<String>,
    /// Who ticked it.
    pub done_by: Option<String>,
    /// Skipped (which is not done).
    pub skipped: bool,
    /// Why it was skipped.
    pub skip_reason: Option<String>,
    /// Free note.
    pub note: Option<String>,
}

/// A stored run.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// Run id.
    pub id: String,
    /// Template id.
    pub template: String,
    /// Language it was created in.
    pub lang: String,
    /// Parameters, JSON.
    pub params: String,
    /// Creation time.
    pub created_at: String,
    /// Step states, in order.
    pub steps: Vec<StepState>,
}

/// A change to one step: each field present is set; absent fields are left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StepChange {
    /// Set done or not done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// Who makes the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Set the note (empty clears it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Set skipped or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<bool>,
    /// Why it is skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An audit log entry.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEvent {
    /// Order of the change.
    pub seq: i64,
    /// The step, if the change concerns one.
    pub step_id: Option<String>,
    /// When.
    pub at: String,
    /// Who, if they said.
    pub actor: Option<String>,
    /// What was set, JSON.
    pub change: serde_json::Value,
}

/// The database.
pub struct Store {
    conn: Mutex<Connection>,
}

/// The current time, RFC 3339 with milliseconds, UTC.
pub fn now() -> String {
    let now = OffsetDateTime::now_utc();
    let now = now
        .replace_nanosecond(now.millisecond() as u32 * 1_000_000)
        .unwrap_or(now);
    now.format(&Rfc3339).unwrap_or_default()
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and migrates it.
    pub fn open(data_dir: &Path) -> Result<Store, StorageError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StorageError::DataDir {
            path: data_dir.to_owned(),
            source,
        })?;
        let mut conn = Connection::open(data_dir.join(DATABASE_FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back).
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stores a new run with its steps, all unticked.
    pub fn create_run(
        &self,
        id: &str,
        template: &str,
        lang: &str,
        params: &str,
        step_ids: &[String],
    ) -> Result<(), StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let at = now();
        tx.execute(
            "INSERT INTO runs (id, template, lang, params, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, template, lang, params, at],
        )?;
        {
            let mut insert =
                tx.prepare("INSERT INTO steps (run_id, step_id, position) VALUES (?1, ?2, ?3)")?;
            for (position, step_id) in step_ids.iter().enumerate() {
                insert.execute(params![id, step_id, position as i64])?;
            }
        }
        tx.execute(
            "INSERT INTO events (run_id, step_id, at, actor, change) VALUES (?1, NULL, ?2, NULL, ?3)",
            params![
                id,
                at,
                serde_json::json!({ "created": true, "template": template }).to_string()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A run and its steps, if it exists.
    pub fn load_run(&self, id: &str) -> Result<Option<RunRecord>, StorageError> {
        let conn = self.conn();
        let run = conn
            .query_row(
                "SELECT id, template, lang, params, created_at FROM runs WHERE id = ?1",
                params![id],
                |row| {
                    Ok(RunRecord {
                        id: row.get(0)?,
                        template: row.get(1)?,
                        lang: row.get(2)?,
                        params: row.get(3)?,
                        created_at: row.get(4)?,
                        steps: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut run) = run else { return Ok(None) };
        let mut query = conn.prepare_cached(
            "SELECT step_id, done, done_at, done_by, skipped, skip_reason, note FROM steps WHERE run_id = ?1 ORDER BY position",
        )?;
        run.steps = query
            .query_map(params![id], step_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(Some(run))
    }

    /// Applies `change` to a step; `None` when the run or step does not exist.
    pub fn update_step(
        &self,
        run_id: &str,
        step_id: &str,
        change: &StepChange,
    ) -> Result<Option<StepState>, StorageError> {
        Ok(self.update_steps(&[(run_id, step_id, change)])?.pop().flatten())
    }

    /// Applies several changes, in order, in one transaction: one fsync for
    /// the lot (group commit). Each result is `None` when its run or step does
    /// not exist. Nothing is applied if anything fails.
    pub fn update_steps(
        &self,
        changes: &[(&str, &str, &StepChange)],
    ) -> Result<Vec<Option<StepState>>, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let at = now();
        let mut results = Vec::with_capacity(changes.len());
        for (run_id, step_id, change) in changes {
            results.push(apply_change(&tx, run_id, step_id, change, &at)?);
        }
        tx.commit()?;
        Ok(results)
    }

    /// The audit log of a run, oldest first.
    pub fn events(&self, run_id: &str) -> Result<Vec<AuditEvent>, StorageError> {
        let conn = self.conn();
        let mut query = conn.prepare_cached(
            "SELECT seq, step_id, at, actor, change FROM events WHERE run_id = ?1 ORDER BY seq",
        )?;
        let rows = query.query_map(params![run_id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (seq, step_id, at, actor, change) = row?;
            events.push(AuditEvent {
                seq,
                step_id,
                at,
                actor,
                change: serde_json::from_str(&change)?,
            });
        }
        Ok(events)
    }
}

fn apply_change(
    tx: &rusqlite::Transaction<'_>,
    run_id: &str,
    step_id: &str,
    change: &StepChange,
    at: &str,
) -> Result<Option<StepState>, StorageError> {
    let current = tx
        .prepare_cached(
            "SELECT step_id, done, done_at, done_by, skipped, skip_reason, note FROM steps WHERE run_id = ?1 AND step_id = ?2",
        )?
        .query_row(params![run_id, step_id], step_from_row)
        .optional()?;
    let Some(mut state) = current else { return Ok(None) };
    match change.done {
        // Idempotent: ticking a ticked step keeps who and when it was first ticked.
        Some(true) if !state.done => {
            state.done = true;
            state.done_at = Some(at.to_owned());
            state.done_by = change.by.clone();
            state.skipped = false;
            state.skip_reason = None;
        }
        Some(false) => {
            state.done = false;
            state.done_at = None;
            state.done_by = None;
        }
        _ => {}
    }
    match change.skipped {
        Some(true) => {
            state.skipped = true;
            state.skip_reason = change.reason.clone();
            state.done = false;
            state.done_at = None;
            state.done_by = None;
        }
        Some(false) => {
            state.skipped = false;
            state.skip_reason = None;
        }
        None => {}
    }
    if let Some(note) = &change.note {
        state.note = Some(note.clone()).filter(|n| !n.trim().is_empty());
    }
    tx.prepare_cached(
        "UPDATE steps SET done = ?3, done_at = ?4, done_by = ?5, skipped = ?6, skip_reason = ?7, note = ?8, updated_at = ?9 \
         WHERE run_id = ?1 AND step_id = ?2",
    )?
    .execute(params![run_id, step_id, state.done, state.done_at, state.done_by, state.skipped, state.skip_reason, state.note, at])?;
    tx.prepare_cached("INSERT INTO events (run_id, step_id, at, actor, change) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![
            run_id,
            step_id,
            at,
            change.by,
            serde_json::to_string(change)?
        ])?;
    Ok(Some(state))
}

fn step_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StepState> {
    Ok(StepState {
        step_id: row.get(0)?,
        done: row.get(1)?,
        done_at: row.get(2)?,
        done_by: row.get(3)?,
        skipped: row.get(4)?,
        skip_reason: row.get(5)?,
        note: row.get(6)?,
    })
}

fn migrate(conn: &mut Connection) -> Result<(), StorageError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(version).unwrap_or(0))
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_idempotent_sets_and_audited() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .create_run("r1", "cms-upgrade", "en", "{}", &["a".into(), "b".into()])
            .unwrap();
        let tick = StepChange {
            done: Some(true),
            by: Some("ana".into()),
            ..Default::default()
        };
        let first = store.update_step("r1", "a", &tick).unwrap().unwrap();
        let again = store
            .update_step(
                "r1",
                "a",
                &StepChange {
                    done: Some(true),
                    by: Some("bo".into()),
                    ..Default::default()
                },
            )
            .unwrap()
            .unwrap();
        assert!(again.done);
        assert_eq!(again.done_at, first.done_at, "a second tick changes nothing");
        assert_eq!(again.done_by.as_deref(), Some("ana"));
        assert!(store.update_step("r1", "nope", &tick).unwrap().is_none());
        assert!(store.update_step("nope", "a", &tick).unwrap().is_none());
        assert_eq!(store.events("r1").unwrap().len(), 3);
        drop(store);
        let reopened = Store::open(dir.path()).unwrap();
        let run = reopened.load_run("r1").unwrap().unwrap();
        assert!(run.steps[0].done && !run.steps[1].done);
    }

    #[test]
    fn skipping_is_not_done() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.create_run("r", "t", "en", "{}", &["a".into()]).unwrap();
        store
            .update_step(
                "r",
                "a",
                &StepChange {
                    done: Some(true),
                    ..Default::default()
                },
            )
            .unwrap();
        let skipped = store
            .update_step(
                "r",
                "a",
                &StepChange {
                    skipped: Some(true),
                    reason: Some("n/a".into()),
                    ..Default::default()
                },
            )
            .unwrap()
            .unwrap();
        assert!(skipped.skipped && !skipped.done);
        assert_eq!(skipped.skip_reason.as_deref(), Some("n/a"));
    }
}
