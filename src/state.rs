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
    /// Builds the state from loaded content, with result caches of
    /// `cache_entries` for search and answers (0 disables them).
    pub fn new(content: Content, cache_entries: usize) -> Result<AppState, crate::search::SearchError> {
        let search = SearchIndex::build_with_cache(&content.library, cache_entries)?;
        let answers = AnswerEngine::with_cache(content.answers.clone(), cache_entries);
        Ok(AppState {
            content: Arc::new(content),
            search: Arc::new(search),
            answers: Arc::new(answers),
        })
    }
}
