//! The SQLite backend of checklist runs ([`RunStore`]).
//!
//! One database file in the data directory, created on first start; schema
//! migrations live in `migrations/` and are applied by `rusqlite_migration`
//! (tracked with `PRAGMA user_version`); a database written by a newer
//! docdesk is refused. WAL with `synchronous = FULL`: a change is on disk
//! before it is acknowledged. Step changes follow the domain's rules
//! ([`steps::apply`]) inside one transaction per group, and every change is
//! appended to the `events` audit log.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations, SchemaVersion};

use crate::checklists::steps::{self, StepState};
use crate::checklists::store::{AuditEvent, Change, RunRecord, RunStore, StorageError};

/// Migrations, in order; the n-th produces schema version n.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_checklists.sql")).comment("0001_checklists.sql"),
    M::up(include_str!("../migrations/0002_step_actors.sql")).comment("0002_step_actors.sql"),
];

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "docdesk.sqlite3";

impl From<rusqlite::Error> for StorageError {
    fn from(error: rusqlite::Error) -> Self {
        StorageError::Backend(Box::new(error))
    }
}

impl From<rusqlite_migration::Error> for StorageError {
    fn from(error: rusqlite_migration::Error) -> Self {
        StorageError::Backend(Box::new(error))
    }
}

/// The SQLite database.
pub struct Store {
    conn: Mutex<Connection>,
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
}

impl RunStore for Store {
    fn create_run(&self, run: &RunRecord) -> Result<(), StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO runs (id, template, lang, params, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![run.id, run.template, run.lang, run.params, run.created_at],
        )?;
        {
            let mut insert =
                tx.prepare("INSERT INTO steps (run_id, step_id, position) VALUES (?1, ?2, ?3)")?;
            for (position, step) in run.steps.iter().enumerate() {
                insert.execute(params![run.id, step.id, position as i64])?;
            }
        }
        tx.execute(
            "INSERT INTO events (run_id, step_id, at, actor, change) VALUES (?1, NULL, ?2, NULL, ?3)",
            params![
                run.id,
                run.created_at,
                serde_json::json!({ "created": true, "template": run.template }).to_string()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn load_run(&self, id: &str) -> Result<Option<RunRecord>, StorageError> {
        read_run(&self.conn(), id)
    }

    fn update_steps(&self, changes: &[Change<'_>], at: &str) -> Result<Vec<Option<RunRecord>>, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut results = Vec::with_capacity(changes.len());
        for (run_id, step_id, change) in changes {
            // The one read of the change: the whole run, whose step the rule
            // updates and which the caller shows afterwards.
            let Some(mut run) = read_run(&tx, run_id)? else {
                results.push(None);
                continue;
            };
            let Some(state) = run.steps.iter_mut().find(|s| s.id == *step_id) else {
                results.push(None);
                continue;
            };
            *state = steps::apply(state, change, at);
            tx.prepare_cached(
                "UPDATE steps SET done = ?3, done_at = ?4, done_by = ?5, skipped = ?6, skip_reason = ?7, note = ?8, updated_at = ?9, \
                 skipped_at = ?10, skipped_by = ?11, note_at = ?12, note_by = ?13 WHERE run_id = ?1 AND step_id = ?2",
            )?
            .execute(params![
                run_id,
                step_id,
                state.done,
                state.done_at,
                state.done_by,
                state.skipped,
                state.skip_reason,
                state.note,
                at,
                state.skipped_at,
                state.skipped_by,
                state.note_at,
                state.note_by
            ])?;
            tx.prepare_cached(
                "INSERT INTO events (run_id, step_id, at, actor, change) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                run_id,
                step_id,
                at,
                change.by,
                serde_json::to_string(change)?
            ])?;
            results.push(Some(run));
        }
        tx.commit()?;
        Ok(results)
    }

    fn recent_runs(&self, limit: usize) -> Result<Vec<String>, StorageError> {
        let conn = self.conn();
        let mut query =
            conn.prepare_cached("SELECT id FROM runs ORDER BY created_at DESC, rowid DESC LIMIT ?1")?;
        let ids = query
            .query_map(params![i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
                row.get(0)
            })?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    fn events(&self, run_id: &str) -> Result<Vec<AuditEvent>, StorageError> {
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

/// A run and its steps (also inside a transaction, which derefs to a connection).
fn read_run(conn: &Connection, id: &str) -> Result<Option<RunRecord>, StorageError> {
    let run = conn
        .prepare_cached("SELECT id, template, lang, params, created_at FROM runs WHERE id = ?1")?
        .query_row(params![id], |row| {
            Ok(RunRecord {
                id: row.get(0)?,
                template: row.get(1)?,
                lang: row.get(2)?,
                params: row.get(3)?,
                created_at: row.get(4)?,
                steps: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut run) = run else { return Ok(None) };
    let mut query = conn.prepare_cached(
        "SELECT step_id, done, done_at, done_by, skipped, skip_reason, note, skipped_at, skipped_by, note_at, note_by \
         FROM steps WHERE run_id = ?1 ORDER BY position",
    )?;
    run.steps = query
        .query_map(params![id], |row| {
            Ok(StepState {
                id: row.get(0)?,
                done: row.get(1)?,
                done_at: row.get(2)?,
                done_by: row.get(3)?,
                skipped: row.get(4)?,
                skip_reason: row.get(5)?,
                note: row.get(6)?,
                skipped_at: row.get(7)?,
                skipped_by: row.get(8)?,
                note_at: row.get(9)?,
                note_by: row.get(10)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(run))
}

/// Brings the schema to the latest version; refuses a database from a newer docdesk.
fn migrate(conn: &mut Connection) -> Result<(), StorageError> {
    let migrations = Migrations::from_slice(MIGRATIONS);
    if let SchemaVersion::Outside(found) = migrations.current_version(conn)? {
        return Err(StorageError::NewerSchema {
            found: found.get(),
            known: MIGRATIONS.len(),
        });
    }
    migrations.to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklists::steps::StepChange;

    fn run(id: &str, steps: &[&str]) -> RunRecord {
        RunRecord {
            id: id.into(),
            template: "t".into(),
            lang: "en".into(),
            params: "{}".into(),
            created_at: steps::now(),
            steps: steps
                .iter()
                .map(|s| StepState {
                    id: (*s).into(),
                    ..Default::default()
                })
                .collect(),
        }
    }

    fn tick(by: &str) -> StepChange {
        StepChange {
            done: Some(true),
            by: Some(by.into()),
            ..Default::default()
        }
    }

    #[test]
    fn changes_are_applied_in_order_audited_and_durable() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.create_run(&run("r1", &["a", "b"])).unwrap();
        let (ana, bo) = (tick("ana"), tick("bo"));
        let after = store
            .update_steps(
                &[
                    ("r1", "a", &ana),
                    ("r1", "a", &bo),
                    ("r1", "nope", &ana),
                    ("nope", "a", &ana),
                ],
                "t1",
            )
            .unwrap();
        let first = after[0].as_ref().unwrap();
        assert!(first.steps[0].done && !first.steps[1].done);
        assert_eq!(
            after[1].as_ref().unwrap().steps[0].done_by.as_deref(),
            Some("ana")
        );
        assert!(after[2].is_none() && after[3].is_none());
        assert_eq!(store.events("r1").unwrap().len(), 3, "created + two ticks");
        drop(store);
        let reopened = Store::open(dir.path()).unwrap();
        let run = reopened.load_run("r1").unwrap().unwrap();
        assert_eq!(
            &run,
            after[1].as_ref().unwrap(),
            "what was returned is what is stored"
        );
    }

    #[test]
    fn a_database_from_a_newer_docdesk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        match Store::open(dir.path()) {
            Err(StorageError::NewerSchema { found: 99, known }) => assert_eq!(known, MIGRATIONS.len()),
            Err(other) => panic!("unexpected error {other}"),
            Ok(_) => panic!("a newer schema must be refused"),
        }
    }
}
