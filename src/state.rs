//! Shared, read-mostly application state.

use std::sync::Arc;

use crate::answers::AnswerEngine;
use crate::content::Content;
use crate::search::SearchIndex;

/// Cloned into every handler; each field is an `Arc`, so cloning is cheap.
#[derive(Clone)]
pub struct AppState {
    /// Documents and UI strings.
    pub content: Arc<Content>,
    /// The search index over the documents.
    pub search: Arc<SearchIndex>,
    /// The answer engine over `content/answers`.
    pub answers: Arc<AnswerEngine>,
}

impl AppState {
    /// Builds the state from loaded content, indexing it with a result cache
    /// of `search_cache_entries` (0 disables it).
    pub fn new(
        content: Content,
        search_cache_entries: usize,
    ) -> Result<AppState, crate::search::SearchError> {
        let search = SearchIndex::build_with_cache(&content.library, search_cache_entries)?;
        let answers = AnswerEngine::new(content.answers.clone());
        Ok(AppState {
            content: Arc::new(content),
            search: Arc::new(search),
            answers: Arc::new(answers),
        })
    }
}
