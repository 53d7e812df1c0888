//! Versioned schema migrations of both storage backends, through one
//! mechanism: `refinery`, which records every applied version (name and
//! checksum) in the database's `refinery_schema_history` table. The SQL
//! lives in `migrations/sqlite` and `migrations/postgres` (`V{n}__{name}.sql`),
//! embedded in the binary. A database whose schema is newer than the binary
//! knows is refused before anything runs: an older docdesk writing to it
//! could lose data.

use refinery::{Migration, Runner};

use crate::checklists::store::StorageError;

/// The SQLite migrations, in order.
const SQLITE: &[(&str, &str)] = &[
    (
        "V1__checklists",
        include_str!("../migrations/sqlite/V1__checklists.sql"),
    ),
    (
        "V2__step_actors",
        include_str!("../migrations/sqlite/V2__step_actors.sql"),
    ),
    (
        "V3__revisions",
        include_str!("../migrations/sqlite/V3__revisions.sql"),
    ),
    (
        "V4__template_versions",
        include_str!("../migrations/sqlite/V4__template_versions.sql"),
    ),
];

/// The PostgreSQL migrations, in order.
const POSTGRES: &[(&str, &str)] = &[
    (
        "V1__checklists",
        include_str!("../migrations/postgres/V1__checklists.sql"),
    ),
    (
        "V2__template_versions",
        include_str!("../migrations/postgres/V2__template_versions.sql"),
    ),
];

/// The table refinery keeps its history in (named here for the tests that
/// forge a newer schema).
pub const HISTORY_TABLE: &str = "refinery_schema_history";

/// The runner of the SQLite migrations.
pub fn sqlite() -> Runner {
    runner(SQLITE)
}

/// The runner of the PostgreSQL migrations.
pub fn postgres() -> Runner {
    runner(POSTGRES)
}

fn runner(files: &[(&str, &str)]) -> Runner {
    let migrations: Vec<Migration> = files
        .iter()
        .map(|(name, sql)| Migration::unapplied(name, sql).expect("embedded migration names are valid"))
        .collect();
    // Each migration in its own transaction, recorded with it.
    Runner::new(&migrations).set_grouped(false)
}

/// Refuses a database whose last applied version is newer than `runner` knows.
pub fn refuse_newer(runner: &Runner, last_applied: Option<&Migration>) -> Result<(), StorageError> {
    let known = runner
        .get_migrations()
        .iter()
        .map(Migration::version)
        .max()
        .unwrap_or(0);
    match last_applied.map(Migration::version) {
        Some(found) if found > known => Err(StorageError::NewerSchema {
            found: usize::try_from(found).unwrap_or(usize::MAX),
            known: usize::try_from(known).unwrap_or(0),
        }),
        _ => Ok(()),
    }
}

impl From<refinery::Error> for StorageError {
    fn from(error: refinery::Error) -> Self {
        StorageError::Backend(Box::new(error))
    }
}
