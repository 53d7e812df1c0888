//! Shared, read-mostly application state.

use std::sync::Arc;

use crate::content::Content;
use crate::search::SearchIndex;

/// Cloned into every handler; each field is an `Arc`, so cloning is cheap.
#[derive(Clone)]
pub struct AppState {
    /// Documents and UI strings.
    pub content: Arc<Content>,
    /// The search index over the documents.
    pub search: Arc<SearchIndex>,
}

impl AppState {
    /// Builds the state from loaded content (indexing it).
    pub fn new(content: Content) -> Result<AppState, crate::search::SearchError> {
        let search = SearchIndex::build(&content.library)?;
        Ok(AppState {
            content: Arc::new(content),
            search: Arc::new(search),
        })
    }
}
