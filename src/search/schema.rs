//! What a language's index holds: its schema and the fields a search reads.
//! A leaf below the index, the query builder and the vocabulary, which all
//! address the same fields.

use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};

use super::analysis;
use super::error::SearchError;
use crate::lang::Lang;

/// The fields of a language's index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Heading and body, folded.
    pub folded: Field,
    /// Heading and body, identifiers kept whole.
    pub identifiers: Field,
    /// Heading and body, stemmed.
    pub stemmed: Field,
    /// Accented words as `folded` + U+001F + `stem` ([`super::vocabulary::accent_terms`]).
    pub accents: Field,
    /// Document slug, stored and indexed whole: a reload replaces one
    /// document's sections by deleting this term.
    pub doc: Field,
    /// Stored only: section id.
    pub section: Field,
    /// Stored only: section heading.
    pub heading: Field,
    /// Stored only: document title.
    pub title: Field,
    /// Stored only: link to the section.
    pub url: Field,
    /// Stored only: the section's plain text, that snippets are cut from.
    pub text: Field,
}

impl Fields {
    /// The fields of an index written by [`build`].
    pub(crate) fn of(schema: &Schema) -> Result<Fields, SearchError> {
        let field = |name: &'static str| {
            schema
                .get_field(name)
                .map_err(|_| SearchError::MissingField(name))
        };
        Ok(Fields {
            folded: field("folded")?,
            identifiers: field("identifiers")?,
            stemmed: field("stemmed")?,
            accents: field("accents")?,
            doc: field("doc")?,
            section: field("section")?,
            heading: field("heading")?,
            title: field("title")?,
            url: field("url")?,
            text: field("text")?,
        })
    }
}

/// The schema of `lang`'s index.
pub(crate) fn build(lang: Lang) -> Schema {
    let mut builder = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    builder.add_text_field("folded", text(analysis::FOLD));
    builder.add_text_field("identifiers", text(analysis::IDENT));
    builder.add_text_field("stemmed", text(analysis::stem_tokenizer(lang)));
    builder.add_text_field("accents", STRING);
    builder.add_text_field("doc", STRING | STORED);
    for stored in ["section", "heading", "title", "url", "text"] {
        builder.add_text_field(stored, STORED);
    }
    builder.build()
}
