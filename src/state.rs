//! Shared, read-mostly application state.

use std::sync::Arc;

use std::path::Path;

use anyhow::Context;
use arc_swap::ArcSwap;
use axum::extract::FromRef;

use crate::answers::AnswerEngine;
use crate::checklists::Checklists;
use crate::checklists::store::RunStore;
use crate::content::Content;
use crate::limits::Limits;
use crate::metrics::Metrics;
use crate::postgres::PgStore;
use crate::search::SearchIndex;
use crate::storage::Store;

/// Cloned into every handler; each field is an `Arc`, so cloning is cheap.
#[derive(Clone)]
pub struct AppState {
    /// Documents and UI strings.
    pub content: Arc<Content>,
    /// The search index over the documents.
    pub search: Arc<SearchIndex>,
    /// The answer engine over `content/answers`.
    pub answers: Arc<AnswerEngine>,
    /// Checklist runs, stored in the data directory or in PostgreSQL.
    pub checklists: Arc<Checklists>,
    /// What `/metrics` reports; kept across reloads.
    pub metrics: Arc<Metrics>,
    /// The bounds on what clients send, from the command line; kept across reloads.
    pub limits: Arc<Limits>,
}

impl AppState {
    /// Builds the state from loaded content, with result caches of
    /// `cache_entries` for search and answers (0 disables them) and the
    /// checklist database and the search index in `data_dir` (created if missing).
    pub fn new(content: Content, cache_entries: usize, data_dir: &Path) -> anyhow::Result<AppState> {
        AppState::open(content, cache_entries, data_dir, None)
    }

    /// As [`AppState::new`], with checklist runs in the PostgreSQL database
    /// `database_url` when given (shared with other servers), else in SQLite
    /// in `data_dir`. The default [`Limits`] apply; see [`AppState::with_limits`].
    pub fn open(
        content: Content,
        cache_entries: usize,
        data_dir: &Path,
        database_url: Option<&str>,
    ) -> anyhow::Result<AppState> {
        let search = crate::search::store::open_or_build(&content.library, cache_entries, data_dir)
            .context("cannot open or build the search index")?
            .index;
        let answers = AnswerEngine::with_cache(content.answers.clone(), cache_entries);
        let store: Box<dyn RunStore> = match database_url {
            Some(url) => {
                Box::new(PgStore::connect(url).context("cannot open the PostgreSQL checklist database")?)
            }
            None => Box::new(Store::open(data_dir).context("cannot open the checklist database")?),
        };
        let metrics = Metrics::default();
        let checklists = Checklists::new(content.checklists.clone(), store, metrics.writes.clone());
        Ok(AppState {
            content: Arc::new(content),
            search,
            answers: Arc::new(answers),
            checklists: Arc::new(checklists),
            metrics: Arc::new(metrics),
            limits: Arc::new(Limits::DEFAULT),
        })
    }

    /// The state applying `limits` to what clients send.
    pub fn with_limits(self, limits: Limits) -> AppState {
        AppState {
            limits: Arc::new(limits),
            ..self
        }
    }
}

/// The state the router serves: the current [`AppState`], replaced whole
/// when content is reloaded ([`crate::reload`]). Each request takes a
/// snapshot (handlers extract `State<AppState>` as before), so a request
/// never sees half of an old knowledge base and half of a new one.
#[derive(Clone)]
pub struct Live(Arc<ArcSwap<AppState>>);

impl Live {
    /// The state serving now.
    pub fn snapshot(&self) -> AppState {
        AppState::clone(&self.0.load())
    }

    /// Serves `state` from the next request on.
    pub fn replace(&self, state: AppState) {
        self.0.store(Arc::new(state));
    }
}

impl From<AppState> for Live {
    fn from(state: AppState) -> Live {
        Live(Arc::new(ArcSwap::from_pointee(state)))
    }
}

impl FromRef<Live> for AppState {
    fn from_ref(live: &Live) -> AppState {
        live.snapshot()
    }
}
