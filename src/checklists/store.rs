//! What the checklist service needs from storage: a small trait a backend
//! implements (SQLite in [`crate::storage`]; another database later), with the
//! records it exchanges. Backends apply [`super::steps::apply`] inside their
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
    /// A stored JSON value does not parse.
    #[error("stored data is corrupt: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// The group commit this change was part of failed, or the writer stopped.
    #[error("write failed: {0}")]
    Write(String),
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
    /// Step states, in order.
    pub steps: Vec<StepState>,
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

/// One change of a group commit: the run, the step, what to set.
pub type Change<'a> = (&'a str, &'a str, &'a StepChange);

/// Durable storage of checklist runs. Every method blocks.
pub trait RunStore: Send + Sync {
    /// Stores a new run as given (its steps unticked), created at `run.created_at`.
    fn create_run(&self, run: &RunRecord) -> Result<(), StorageError>;

    /// A run and its steps, if it exists.
    fn load_run(&self, id: &str) -> Result<Option<RunRecord>, StorageError>;

    /// Applies the changes in order, atomically and durably (one commit for
    /// the lot), each through [`super::steps::apply`] at time `at`, and logs
    /// each in the audit log. Each result is the whole run after its change —
    /// read once, inside the transaction — or `None` when the run or step
    /// does not exist. Nothing is applied if anything fails.
    fn update_steps(&self, changes: &[Change<'_>], at: &str) -> Result<Vec<Option<RunRecord>>, StorageError>;

    /// The ids of the newest `limit` runs, newest first.
    fn recent_runs(&self, limit: usize) -> Result<Vec<String>, StorageError>;

    /// The audit log of a run, oldest first.
    fn events(&self, run_id: &str) -> Result<Vec<AuditEvent>, StorageError>;
}
