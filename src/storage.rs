//! The SQLite backend of checklist runs ([`RunStore`]).
//!
//! One database file in the data directory, created on first start; schema
//! migrations live in `migrations/sqlite` and are applied by
//! [`crate::migrations`]; a database written by a newer docdesk is refused. WAL with `synchronous = FULL`: a change is on disk
//! before it is acknowledged. Step changes follow the domain's rules
//! ([`steps::apply`]) inside one transaction per group, and every change is
//! appended to the `events` audit log.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use refinery::Target;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::checklists::steps::StepState;
use crate::checklists::store::{
    Applied, AuditEvent, Change, Outcome, RunRecord, RunStore, StorageError, TemplateVersion, apply_change,
};
use crate::migrations;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "docdesk.sqlite3";

/// The file in the data directory naming the last backup `docdesk backup`
/// made of it, so a damaged database can point to it.
pub const LAST_BACKUP_FILE: &str = "last-backup";

impl From<rusqlite::Error> for StorageError {
    fn from(error: rusqlite::Error) -> Self {
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
        check_integrity(&conn, data_dir)?;
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

/// Refuses a database whose pages are damaged (`PRAGMA quick_check`: every
/// page and record readable, the b-trees well formed; it reads the whole
/// file, about a second per gigabyte), rather than serve it and fail on
/// the runs that live on the damaged pages.
fn check_integrity(conn: &Connection, data_dir: &Path) -> Result<(), StorageError> {
    let checked = conn.prepare("PRAGMA quick_check(20)").and_then(|mut query| {
        query
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()
    });
    let findings = match checked {
        Ok(findings) if findings.len() == 1 && findings[0] == "ok" => return Ok(()),
        Ok(findings) => findings,
        // Damage the check cannot even read past.
        Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            vec![error.to_string()]
        }
        Err(error) => return Err(error.into()),
    };
    let last_backup = std::fs::read_to_string(data_dir.join(LAST_BACKUP_FILE))
        .ok()
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    Err(StorageError::Damaged {
        path: data_dir.join(DATABASE_FILE),
        findings: findings.join("; "),
        last_backup,
    })
}

/// What [`backup`] copied.
#[derive(Debug)]
pub struct Backup {
    /// Runs in the copy.
    pub runs: i64,
    /// Size of the copy, in bytes.
    pub bytes: u64,
}

/// Copies the database of `data_dir` to `to`, consistently while a server
/// writes it (`VACUUM INTO`: one read transaction, so the copy holds exactly
/// the changes committed before it began), checks the copy and records its
/// path in the data directory. Refuses to overwrite `to`.
pub fn backup(data_dir: &Path, to: &Path) -> Result<Backup, StorageError> {
    let source = data_dir.join(DATABASE_FILE);
    if !source.exists() {
        return Err(StorageError::Backend(
            format!("there is no checklist database at {}", source.display()).into(),
        ));
    }
    if to.exists() {
        return Err(StorageError::Backend(
            format!("{} already exists; back up to a new file", to.display()).into(),
        ));
    }
    // Read-write, as the server opens it (a read-only connection cannot
    // join a WAL database whose shared-memory file is missing); nothing is written.
    let conn = Connection::open(&source)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    check_integrity(&conn, data_dir)?;
    let target = to
        .to_str()
        .ok_or_else(|| StorageError::Backend(format!("{} is not a UTF-8 path", to.display()).into()))?;
    conn.execute("VACUUM INTO ?1", params![target])?;
    let copy = Connection::open_with_flags(to, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let copy_dir = to.parent().unwrap_or(Path::new("."));
    check_integrity(&copy, copy_dir)?;
    let runs = copy.query_row("SELECT count(*) FROM runs", [], |row| row.get(0))?;
    let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    let absolute = std::path::absolute(to).unwrap_or_else(|_| to.to_owned());
    std::fs::write(data_dir.join(LAST_BACKUP_FILE), absolute.display().to_string()).map_err(|source| {
        StorageError::DataDir {
            path: data_dir.to_owned(),
            source,
        }
    })?;
    Ok(Backup { runs, bytes })
}

impl RunStore for Store {
    fn create_run(
        &self,
        run: &RunRecord,
        template: &TemplateVersion,
        by: Option<&str>,
    ) -> Result<(), StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        store_version(&tx, template)?;
        tx.execute(
            "INSERT INTO runs (id, template, lang, params, created_at, template_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![run.id, run.template, run.lang, run.params, run.created_at, template.version],
        )?;
        {
            let mut insert =
                tx.prepare("INSERT INTO steps (run_id, step_id, position) VALUES (?1, ?2, ?3)")?;
            for (position, step) in run.steps.iter().enumerate() {
                insert.execute(params![run.id, step.id, position as i64])?;
            }
        }
        tx.execute(
            "INSERT INTO events (run_id, step_id, at, actor, change) VALUES (?1, NULL, ?2, ?3, ?4)",
            params![
                run.id,
                run.created_at,
                by,
                serde_json::json!({ "created": true, "template": run.template }).to_string()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn load_run(&self, id: &str) -> Result<Option<RunRecord>, StorageError> {
        read_run(&self.conn(), id)
    }

    fn template_version(&self, version: &str) -> Result<Option<TemplateVersion>, StorageError> {
        let conn = self.conn();
        let found = conn
            .prepare_cached("SELECT version, template, source FROM template_versions WHERE version = ?1")?
            .query_row(params![version], |row| {
                Ok(TemplateVersion {
                    version: row.get(0)?,
                    template: row.get(1)?,
                    source: row.get(2)?,
                })
            })
            .optional()?;
        Ok(found)
    }

    fn adopt_template(&self, template: &TemplateVersion) -> Result<u64, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        store_version(&tx, template)?;
        let adopted = tx.execute(
            "UPDATE runs SET template_version = ?1 WHERE template = ?2 AND template_version IS NULL",
            params![template.version, template.template],
        )?;
        tx.commit()?;
        Ok(adopted as u64)
    }

    fn update_steps(&self, changes: &[Change<'_>], at: &str) -> Result<Vec<Outcome>, StorageError> {
        let mut conn = self.conn();
        // Take the write lock first: a transaction that reads, then writes
        // fails at once (not after the busy timeout) when another process
        // sharing the file (`docdesk mcp`) committed in between.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(changes.len());
        for (run_id, step_id, change) in changes {
            // The one read of the change: the whole run, whose step the rule
            // updates and which the caller shows afterwards.
            let (run, position) = match apply_change(read_run(&tx, run_id)?, step_id, change, at) {
                Applied::Write(run, position) => (run, position),
                Applied::Report(outcome) => {
                    results.push(outcome);
                    continue;
                }
            };
            let state = &run.steps[position];
            tx.prepare_cached("UPDATE runs SET revision = ?2 WHERE id = ?1")?
                .execute(params![run_id, run.revision])?;
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
            results.push(Outcome::Changed(run));
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

    fn ping(&self) -> Result<(), StorageError> {
        // Reads the file (`SELECT 1` alone would not touch it).
        self.conn().query_row(
            "SELECT count(*) FROM (SELECT 1 FROM runs LIMIT 1)",
            [],
            |_| Ok(()),
        )?;
        Ok(())
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

/// Stores a template version unless it already is.
fn store_version(conn: &Connection, template: &TemplateVersion) -> Result<(), StorageError> {
    conn.prepare_cached(
        "INSERT INTO template_versions (version, template, source, stored_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (version) DO NOTHING",
    )?
    .execute(params![
        template.version,
        template.template,
        template.source,
        crate::checklists::steps::now()
    ])?;
    Ok(())
}

/// A run and its steps (also inside a transaction, which derefs to a connection).
fn read_run(conn: &Connection, id: &str) -> Result<Option<RunRecord>, StorageError> {
    let run = conn
        .prepare_cached(
            "SELECT id, template, lang, params, created_at, revision, template_version FROM runs WHERE id = ?1",
        )?
        .query_row(params![id], |row| {
            Ok(RunRecord {
                id: row.get(0)?,
                template: row.get(1)?,
                lang: row.get(2)?,
                params: row.get(3)?,
                created_at: row.get(4)?,
                revision: row.get(5)?,
                template_version: row.get(6)?,
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
    let runner = migrations::sqlite();
    let tracked: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        params![migrations::HISTORY_TABLE],
        |row| row.get(0),
    )?;
    let last = if tracked {
        runner.get_last_applied_migration(conn)?
    } else {
        None
    };
    migrations::refuse_newer(&runner, last.as_ref())?;
    if last.is_none() {
        // docdesk 0.1 tracked the schema in `PRAGMA user_version` (one per
        // migration, the same numbering): such a database is adopted at
        // that version, its tables kept as they are.
        let legacy: i32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if legacy > 0 {
            let adopted = migrations::sqlite().set_target(Target::FakeVersion(legacy));
            let known = adopted.get_migrations().len();
            if usize::try_from(legacy).unwrap_or(usize::MAX) > known {
                return Err(StorageError::NewerSchema {
                    found: usize::try_from(legacy).unwrap_or(usize::MAX),
                    known,
                });
            }
            adopted.run(conn)?;
        }
    }
    runner.run(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database of docdesk 0.1 (version in `user_version`) is adopted at
    /// its version and brought up to date, its runs kept.
    #[test]
    fn a_database_versioned_by_user_version_is_adopted() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        conn.execute_batch(include_str!("../migrations/sqlite/V1__checklists.sql"))
            .unwrap();
        conn.execute_batch(include_str!("../migrations/sqlite/V2__step_actors.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO runs VALUES ('r', 't', 'en', '{}', '2026-01-01T00:00:00Z');
             INSERT INTO steps (run_id, step_id, position, done) VALUES ('r', 'a', 0, 1);
             PRAGMA user_version = 2;",
        )
        .unwrap();
        drop(conn);
        let store = Store::open(dir.path()).unwrap();
        let run = store.load_run("r").unwrap().unwrap();
        assert!(run.steps[0].done);
        assert_eq!(run.revision, 0, "version 3 added the revision");
        drop(store);
        Store::open(dir.path()).expect("opens again, nothing left to do");
    }

    fn template() -> TemplateVersion {
        TemplateVersion::of("t", "id = \"t\"\n")
    }

    fn run(id: &str) -> RunRecord {
        RunRecord {
            id: id.into(),
            template: "t".into(),
            lang: "en".into(),
            params: format!("{{\"padding\": \"{}\"}}", "x".repeat(500)),
            created_at: "2026-01-01T00:00:00Z".into(),
            revision: 0,
            template_version: Some(template().version),
            steps: (0..10)
                .map(|n| StepState {
                    id: format!("step-{n}"),
                    ..Default::default()
                })
                .collect(),
        }
    }

    /// The backup holds every committed run, passes the integrity check, and
    /// is recorded; a damaged database is refused at start, naming the
    /// check's findings and that backup.
    #[test]
    fn a_backup_is_whole_and_a_damaged_database_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for n in 0..300 {
            store
                .create_run(&run(&format!("r{n:03}")), &template(), None)
                .unwrap();
        }
        let copy = dir.path().join("copy.sqlite3");
        let made = backup(dir.path(), &copy).unwrap();
        assert_eq!(made.runs, 300);
        assert!(backup(dir.path(), &copy).is_err(), "never overwrites");
        drop(store);

        // The copy is a working database: restored, it serves every run.
        let restored = tempfile::tempdir().unwrap();
        std::fs::copy(&copy, restored.path().join(DATABASE_FILE)).unwrap();
        let reopened = Store::open(restored.path()).unwrap();
        assert_eq!(reopened.recent_runs(1000).unwrap().len(), 300);
        assert!(reopened.load_run("r150").unwrap().is_some());

        // Damage interior pages of the original (not its first page: the
        // file still opens, as a disk error leaves it).
        let file = dir.path().join(DATABASE_FILE);
        let conn = Connection::open(&file).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
        drop(conn);
        let mut bytes = std::fs::read(&file).unwrap();
        let page = 4096;
        assert!(bytes.len() > 40 * page, "{} bytes", bytes.len());
        for byte in &mut bytes[20 * page..20 * page + 3 * page] {
            *byte = 0x5a;
        }
        std::fs::write(&file, bytes).unwrap();
        let refused = Store::open(dir.path())
            .err()
            .expect("a damaged database is refused");
        let message = refused.to_string();
        assert!(matches!(refused, StorageError::Damaged { .. }), "{message}");
        assert!(
            message.contains("damaged") && message.contains(DATABASE_FILE),
            "{message}"
        );
        assert!(
            message.contains("copy.sqlite3"),
            "names the last backup: {message}"
        );
    }
}
