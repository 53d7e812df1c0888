//! What the checklist service needs from storage: a small trait a backend
//! implements (SQLite in [`crate::storage`], PostgreSQL in [`crate::postgres`]),
//! with the records it exchanges. Backends apply [`super::steps::apply`] inside their
//! transactions, so the step rules are the same whatever stores them.

use std::path::PathBuf;

use serde::Serialize;

use super::steps::{StepChange, StepState};

/// A storage failure (always internal: callers validate input first).
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database failed.
    #[error("database error: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
    /// The data directory could not be created.
    #[error("cannot create data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database was written by a newer docdesk; running an older one on
    /// it could lose data, so it is refused.
    #[error(
        "the database schema is version {found}, newer than this docdesk knows ({known}); upgrade docdesk"
    )]
    NewerSchema {
        /// The version found.
        found: usize,
        /// The newest version this build knows.
        known: usize,
    },
    /// The database file is damaged: refused at start rather than served.
    #[error(
        "the checklist database {path} is damaged (integrity check: {findings}); {}",
        match last_backup {
            Some(backup) => format!("restore the last backup, {backup}, as README's Deployment section says"),
            None => "restore it from a backup (README, Deployment); no backup made with `docdesk backup` is recorded".to_owned(),
        }
    )]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// What the check found.
        findings: String,
        /// The last backup `docdesk backup` recorded, if any.
        last_backup: Option<String>,
    },
    /// A stored JSON value does not parse.
    #[error("stored data is corrupt: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// The group commit this change was part of failed, or the writer stopped.
    #[error("write failed: {0}")]
    Write(String),
    /// The database cannot be reached now (down, restarting, unreachable):
    /// nothing was done, and the same request may succeed later (503).
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
}

impl StorageError {
    /// The database could not be reached, as opposed to refusing the work.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StorageError::Unavailable(_))
    }
}

/// A stored run, as read in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// How many step changes the run has had: each change increments it.
    pub revision: i64,
    /// The version of its template the run follows ([`TemplateVersion`]);
    /// `None` only for a run stored before versions were, whose template
    /// was gone when the server started.
    pub template_version: Option<String>,
    /// Step states, in order.
    pub steps: Vec<StepState>,
}

/// A checklist template as runs were created from it, stored once per
/// distinct text: a run keeps following it whatever later reloads bring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateVersion {
    /// A hash of the text (16 hex digits), which runs refer to.
    pub version: String,
    /// The template id.
    pub template: String,
    /// The template file's text, as it was.
    pub source: String,
}

impl TemplateVersion {
    /// The version of template `template` written as `source`.
    pub fn of(template: &str, source: &str) -> TemplateVersion {
        use std::hash::Hasher;
        let mut hasher = crate::text::stable_hasher();
        // Bytes, not `Hash`: the version must not depend on how a Rust
        // release hashes strings.
        hasher.write(template.as_bytes());
        hasher.write(&[0]);
        hasher.write(source.as_bytes());
        TemplateVersion {
            version: format!("{:016x}", hasher.finish()),
            template: template.to_owned(),
            source: source.to_owned(),
        }
    }
}

/// An audit log entry.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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
    #[schema(value_type = Object)]
    pub change: serde_json::Value,
}

/// One change of a group commit: the run, the step, what to set.
pub type Change<'a> = (&'a str, &'a str, &'a StepChange);

/// What [`apply_change`] made of a change.
#[derive(Debug)]
pub enum Applied {
    /// Store this: the run, its revision counting the change, and the
    /// position of the changed step in it.
    Write(RunRecord, usize),
    /// Report this, with nothing written: no such run or step, or a change
    /// that leaves the step as it was (a second tick, the same note again).
    Report(Outcome),
}

/// Applies `change` to the step `step_id` of `run` (read in the write
/// transaction; `None` when there is no such run) through the step rules.
/// Every backend's `update_steps` goes through it.
pub fn apply_change(run: Option<RunRecord>, step_id: &str, change: &StepChange, at: &str) -> Applied {
    let Some(mut run) = run else {
        return Applied::Report(Outcome::Missing);
    };
    let Some(position) = run.steps.iter().position(|s| s.id == step_id) else {
        return Applied::Report(Outcome::Missing);
    };
    let after = super::steps::apply(&run.steps[position], change, at);
    if after == run.steps[position] {
        return Applied::Report(Outcome::Unchanged(run));
    }
    run.steps[position] = after;
    run.revision += 1;
    Applied::Write(run, position)
}

/// What one change of a group did, as `update_steps` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored and audited: the run after the change.
    Changed(RunRecord),
    /// Acknowledged without writing (the step already was so): the run as it is.
    Unchanged(RunRecord),
    /// No such run or step.
    Missing,
}

impl Outcome {
    /// The run after the change, whether it changed it or not.
    pub fn run(&self) -> Option<&RunRecord> {
        match self {
            Outcome::Changed(run) | Outcome::Unchanged(run) => Some(run),
            Outcome::Missing => None,
        }
    }

    /// The run after the change, whether it changed it or not.
    pub fn into_run(self) -> Option<RunRecord> {
        match self {
            Outcome::Changed(run) | Outcome::Unchanged(run) => Some(run),
            Outcome::Missing => None,
        }
    }
}

/// What another process sharing the database committed, as a backend's
/// change feed reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A step of this run changed.
    Changed {
        /// The run.
        run_id: String,
        /// The step.
        step_id: String,
    },
    /// Notices may have been missed (the feed's connection was lost and is
    /// back): every live view must reload.
    Resync,
}

/// Durable storage of checklist runs. Every method blocks.
pub trait RunStore: Send + Sync {
    /// Stores a new run as given (its steps unticked), created at
    /// `run.created_at` from `template` (stored too, unless it already is;
    /// the run's `template_version` is `template.version`); the audit log
    /// records the creation under `by` when known.
    fn create_run(
        &self,
        run: &RunRecord,
        template: &TemplateVersion,
        by: Option<&str>,
    ) -> Result<(), StorageError>;

    /// A stored template version.
    fn template_version(&self, version: &str) -> Result<Option<TemplateVersion>, StorageError>;

    /// Stores `template` and makes it the version of every run of that
    /// template stored without one (runs created before versions were
    /// kept); returns how many.
    fn adopt_template(&self, template: &TemplateVersion) -> Result<u64, StorageError>;

    /// A run and its steps, if it exists.
    fn load_run(&self, id: &str) -> Result<Option<RunRecord>, StorageError>;

    /// Applies the changes in order, atomically and durably (one commit for
    /// the lot), each through [`apply_change`] at time `at`, and logs each
    /// in the audit log; a change that leaves its step as it was writes,
    /// logs and announces nothing (the audit log records changes, not
    /// requests). Each result carries the whole run after its change — read
    /// once, inside the transaction. Nothing is applied if anything fails.
    fn update_steps(&self, changes: &[Change<'_>], at: &str) -> Result<Vec<Outcome>, StorageError>;

    /// The ids of the newest `limit` runs, newest first.
    fn recent_runs(&self, limit: usize) -> Result<Vec<String>, StorageError>;

    /// The audit log of a run, oldest first.
    fn events(&self, run_id: &str) -> Result<Vec<AuditEvent>, StorageError>;

    /// Answers when the database does (readiness).
    fn ping(&self) -> Result<(), StorageError>;

    /// The changes every process sharing this database commits (this one's
    /// included), in commit order, for live views; taken once. `None` when
    /// only this process writes the database, whose service then publishes
    /// its own changes as it commits them.
    fn feed(&self) -> Option<std::sync::mpsc::Receiver<Notice>> {
        None
    }
}

/// One suite, run against every backend: SQLite always, PostgreSQL when a
/// test server is configured (always under CI).
#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::checklists::steps::{self, StepChange};
    use crate::postgres::{PgStore, testing};
    use crate::storage::{DATABASE_FILE, Store};

    /// A database of one backend, opened as many times as a test needs
    /// (a restart, a second server).
    struct Backend {
        name: &'static str,
        open: Box<dyn Fn() -> Result<Box<dyn RunStore>, StorageError>>,
        /// Runs SQL on the database directly.
        execute: Box<dyn Fn(&str)>,
        _dir: Option<tempfile::TempDir>,
    }

    fn backends(test: &str) -> Vec<Backend> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_owned();
        let file = path.join(DATABASE_FILE);
        let mut all = vec![Backend {
            name: "SQLite",
            open: Box::new(move || Ok(Box::new(Store::open(&path)?) as Box<dyn RunStore>)),
            execute: Box::new(move |sql| {
                rusqlite::Connection::open(&file)
                    .unwrap()
                    .execute_batch(sql)
                    .unwrap();
            }),
            _dir: Some(dir),
        }];
        if let Some(server) = testing::server_url(test) {
            let url = testing::scratch_database(&server);
            let for_execute = url.clone();
            all.push(Backend {
                name: "PostgreSQL",
                open: Box::new(move || Ok(Box::new(PgStore::connect(&url)?) as Box<dyn RunStore>)),
                execute: Box::new(move |sql| testing::execute(&for_execute, sql)),
                _dir: None,
            });
        }
        all
    }

    /// The version of template `t` the runs of these tests are created from.
    fn version() -> TemplateVersion {
        TemplateVersion::of("t", "id = \"t\"\n")
    }

    fn run(id: &str, steps: &[&str]) -> RunRecord {
        RunRecord {
            id: id.into(),
            template: "t".into(),
            lang: "en".into(),
            params: "{}".into(),
            created_at: steps::now(),
            revision: 0,
            template_version: Some(version().version),
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
        for backend in backends("changes_are_applied_in_order_audited_and_durable") {
            let name = backend.name;
            let store = (backend.open)().unwrap();
            store
                .create_run(&run("r1", &["a", "b"]), &version(), None)
                .unwrap();
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
            let Outcome::Changed(first) = &after[0] else {
                panic!("{name}: {:?}", after[0])
            };
            assert!(first.steps[0].done && !first.steps[1].done, "{name}");
            assert_eq!(first.revision, 1, "{name}");
            // A second tick changes nothing: acknowledged with the run as
            // it is, not counted, not audited.
            assert_eq!(after[1], Outcome::Unchanged(first.clone()), "{name}");
            assert_eq!(after[2], Outcome::Missing, "{name}");
            assert_eq!(after[3], Outcome::Missing, "{name}");
            let note = StepChange {
                note: Some("moved".into()),
                by: Some("bo".into()),
                ..Default::default()
            };
            let noted = store
                .update_steps(
                    &[("r1", "b", &note), ("r1", "b", &note), ("r1", "b", &tick("cy"))],
                    "t2",
                )
                .unwrap();
            assert!(matches!(noted[0], Outcome::Changed(_)), "{name}");
            assert!(
                matches!(noted[1], Outcome::Unchanged(_)),
                "{name}: the same note again"
            );
            let Outcome::Changed(last) = &noted[2] else {
                panic!("{name}: {:?}", noted[2])
            };
            assert_eq!(last.revision, 3, "{name}: only changes are counted");
            let events = store.events("r1").unwrap();
            assert_eq!(events.len(), 4, "{name}: created, a tick, a note, a tick");
            assert_eq!(events[1].actor.as_deref(), Some("ana"), "{name}");
            assert_eq!(events[2].change["note"], "moved", "{name}");
            assert_eq!(events[3].actor.as_deref(), Some("cy"), "{name}");
            assert!(events.windows(2).all(|w| w[0].seq < w[1].seq), "{name}");
            drop(store);
            let reopened = (backend.open)().unwrap();
            let stored = reopened.load_run("r1").unwrap().unwrap();
            assert_eq!(&stored, last, "{name}: what was returned is what is stored");
            assert_eq!(reopened.load_run("nope").unwrap(), None, "{name}");
            reopened.ping().unwrap();
        }
    }

    /// Each run names the template version it was created from, stored
    /// once; runs stored before versions were adopt one.
    #[test]
    fn runs_keep_their_template_version_and_older_runs_adopt_one() {
        for backend in backends("runs_keep_their_template_version_and_older_runs_adopt_one") {
            let name = backend.name;
            let store = (backend.open)().unwrap();
            let first = version();
            let edited = TemplateVersion::of("t", "id = \"t\"\n# edited\n");
            assert_ne!(first.version, edited.version, "{name}");
            store.create_run(&run("a", &["x"]), &first, None).unwrap();
            store.create_run(&run("b", &["x"]), &first, None).unwrap();
            let mut later = run("c", &["x"]);
            later.template_version = Some(edited.version.clone());
            store.create_run(&later, &edited, None).unwrap();
            assert_eq!(
                store.load_run("a").unwrap().unwrap().template_version,
                Some(first.version.clone())
            );
            assert_eq!(store.load_run("c").unwrap().unwrap(), later, "{name}");
            assert_eq!(
                store.template_version(&first.version).unwrap(),
                Some(first.clone()),
                "{name}"
            );
            assert_eq!(
                store.template_version(&edited.version).unwrap(),
                Some(edited.clone()),
                "{name}"
            );
            assert_eq!(
                store.template_version("0000000000000000").unwrap(),
                None,
                "{name}"
            );

            // A run from before versions were kept takes the one adopted at start.
            (backend.execute)("UPDATE runs SET template_version = NULL WHERE id = 'b'");
            assert_eq!(
                store.load_run("b").unwrap().unwrap().template_version,
                None,
                "{name}"
            );
            assert_eq!(store.adopt_template(&edited).unwrap(), 1, "{name}");
            assert_eq!(
                store.adopt_template(&edited).unwrap(),
                0,
                "{name}: only runs without one"
            );
            assert_eq!(
                store.load_run("b").unwrap().unwrap().template_version,
                Some(edited.version.clone())
            );
            assert_eq!(
                store.load_run("a").unwrap().unwrap().template_version,
                Some(first.version),
                "{name}"
            );
        }
    }

    #[test]
    fn recent_runs_are_newest_first() {
        for backend in backends("recent_runs_are_newest_first") {
            let store = (backend.open)().unwrap();
            for (id, at) in [
                ("old", "2026-01-01T00:00:00Z"),
                ("new", "2026-03-01T00:00:00Z"),
                ("mid", "2026-02-01T00:00:00Z"),
            ] {
                let mut record = run(id, &["a"]);
                record.created_at = at.into();
                store.create_run(&record, &version(), None).unwrap();
            }
            assert_eq!(store.recent_runs(2).unwrap(), ["new", "mid"], "{}", backend.name);
            assert_eq!(store.recent_runs(10).unwrap().len(), 3, "{}", backend.name);
        }
    }

    #[test]
    fn a_database_from_a_newer_docdesk_is_refused() {
        for backend in backends("a_database_from_a_newer_docdesk_is_refused") {
            drop((backend.open)().unwrap());
            (backend.execute)(&format!(
                "INSERT INTO {} (version, name, applied_on, checksum) VALUES (99, 'future', '2030-01-01T00:00:00Z', '0')",
                crate::migrations::HISTORY_TABLE
            ));
            match (backend.open)() {
                Err(StorageError::NewerSchema { found: 99, known }) => assert!(known < 99),
                Err(other) => panic!("{}: unexpected error {other}", backend.name),
                Ok(_) => panic!("{}: a newer schema must be refused", backend.name),
            }
        }
    }

    /// Two servers on one database, changing the same run at once: every
    /// change is kept, none undoes another, the first tick keeps its who.
    #[test]
    fn two_writers_on_one_database_lose_nothing() {
        for backend in backends("two_writers_on_one_database_lose_nothing") {
            let name = backend.name;
            let stores = [(backend.open)().unwrap(), (backend.open)().unwrap()];
            stores[0]
                .create_run(&run("r", &["a", "b", "c"]), &version(), None)
                .unwrap();
            std::thread::scope(|scope| {
                for (n, store) in stores.iter().enumerate() {
                    scope.spawn(move || {
                        for i in 0..40 {
                            let by = format!("s{n}-{i}");
                            let note = StepChange {
                                note: Some(format!("note {by}")),
                                by: Some(by.clone()),
                                ..Default::default()
                            };
                            let step = ["a", "b", "c"][i % 3];
                            store
                                .update_steps(&[("r", step, &tick(&by)), ("r", "a", &note)], &steps::now())
                                .unwrap();
                        }
                    });
                }
            });
            let after = stores[1].load_run("r").unwrap().unwrap();
            assert!(after.steps.iter().all(|s| s.done), "{name}: every tick kept");
            assert!(
                after.steps[0]
                    .note
                    .as_deref()
                    .is_some_and(|n| n.starts_with("note s")),
                "{name}"
            );
            // 80 different notes and the first tick of each step; the
            // other ticks find their step done and change nothing.
            assert_eq!(after.revision, 83, "{name}: every change counted once");
            assert_eq!(
                stores[0].events("r").unwrap().len(),
                84,
                "{name}: every change audited"
            );
        }
    }

    /// A shared database reports every commit, whoever made it, in commit order.
    #[test]
    fn shared_databases_report_every_commit() {
        for backend in backends("shared_databases_report_every_commit") {
            let (a, b) = ((backend.open)().unwrap(), (backend.open)().unwrap());
            let Some(feed) = a.feed() else {
                assert_eq!(backend.name, "SQLite", "only the embedded database has no feed");
                continue;
            };
            assert!(a.feed().is_none(), "the feed is taken once");
            b.create_run(&run("r", &["a", "b"]), &version(), None).unwrap();
            b.update_steps(&[("r", "b", &tick("bo")), ("r", "a", &tick("bo"))], &steps::now())
                .unwrap();
            // Changing nothing announces nothing.
            b.update_steps(&[("r", "b", &tick("cy"))], &steps::now()).unwrap();
            b.update_steps(
                &[(
                    "r",
                    "a",
                    &StepChange {
                        done: Some(false),
                        ..Default::default()
                    },
                )],
                &steps::now(),
            )
            .unwrap();
            let started = Instant::now();
            let heard: Vec<Notice> = (0..2)
                .map(|_| feed.recv_timeout(Duration::from_secs(5)).unwrap())
                .collect();
            let untick = feed.recv_timeout(Duration::from_secs(5)).unwrap();
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{:?}",
                started.elapsed()
            );
            let changed = |step: &str| Notice::Changed {
                run_id: "r".into(),
                step_id: step.into(),
            };
            assert_eq!(heard, [changed("b"), changed("a")]);
            assert_eq!(untick, changed("a"), "the repeated tick of b was not announced");
        }
    }
}
