//! Every document section as a Markdown resource:
//! `docdesk://docs/{lang}/{slug}#{section}`, the same address as the page's
//! `/docs/{lang}/{slug}#{section}` under another scheme.

use rmcp::ErrorData;
use rmcp::model::{ReadResourceResult, Resource, ResourceContents, ResourceTemplate};
use serde_json::json;

use crate::lang::Lang;
use crate::state::AppState;

/// Scheme and path prefix of the resources.
pub const PREFIX: &str = "docdesk://docs/";

/// The Markdown media type.
const MARKDOWN: &str = "text/markdown";

/// The address of one section.
pub fn section_uri(lang: Lang, slug: &str, section: &str) -> String {
    format!("{PREFIX}{lang}/{slug}#{section}")
}

/// Every section of every document, in document order.
pub fn list(state: &AppState) -> Vec<Resource> {
    state
        .content
        .library
        .iter()
        .flat_map(|doc| {
            doc.rendered.sections.iter().map(move |section| {
                Resource::new(
                    section_uri(doc.lang, &doc.slug, &section.id),
                    format!("{}#{} ({})", doc.slug, section.id, doc.lang),
                )
                .with_title(section.heading.clone())
                .with_description(format!("{} — {}", doc.front.title, section.heading))
                .with_mime_type(MARKDOWN)
                .with_size(section.markdown.len() as u64)
            })
        })
        .collect()
}

/// The address pattern, for clients that build addresses from search hits.
pub fn templates() -> Vec<ResourceTemplate> {
    vec![
        ResourceTemplate::new(format!("{PREFIX}{{lang}}/{{slug}}#{{section}}"), "section")
            .with_title("A section of a document")
            .with_description(
                "One section as Markdown; lang is pt-BR or en, slug and section are a search hit's doc and section.",
            )
            .with_mime_type(MARKDOWN),
    ]
}

/// Reads one section.
pub fn read(state: &AppState, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let not_found = |why: &str| {
        ErrorData::resource_not_found(
            format!("{why}: '{}'", crate::text::truncate(uri, 200)),
            Some(json!({ "uri": uri })),
        )
    };
    let rest = uri
        .strip_prefix(PREFIX)
        .ok_or_else(|| not_found("not a docdesk section address (docdesk://docs/{lang}/{slug}#{section})"))?;
    let (lang, rest) = rest
        .split_once('/')
        .ok_or_else(|| not_found("no language in the address"))?;
    let lang = Lang::from_tag(lang).map_err(|_| not_found("unknown language (pt-BR or en)"))?;
    let (slug, section) = rest
        .split_once('#')
        .ok_or_else(|| not_found("no #section in the address"))?;
    let doc = state
        .content
        .library
        .get(slug, lang)
        .ok_or_else(|| not_found("no such document"))?;
    let section = doc.section(section).ok_or_else(|| not_found("no such section"))?;
    Ok(ReadResourceResult::new(vec![
        ResourceContents::text(section.markdown.clone(), uri).with_mime_type(MARKDOWN),
    ]))
}
