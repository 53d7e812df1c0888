//! What can fail inside the search engine: a leaf that every part of it
//! (indexes, vocabulary, the store on disk) reports through.

/// Failure inside the search engine (never caused by the query text).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed.
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index directory could not be written or read.
    #[error("search index storage error: {0}")]
    Io(#[from] std::io::Error),
    /// The vocabulary's transducer could not be built from the index's words.
    #[error("search vocabulary error: {0}")]
    Vocabulary(#[from] tantivy_fst::Error),
    /// An index on disk lacks a field this version needs.
    #[error("search index has no field `{0}`")]
    MissingField(&'static str),
}
