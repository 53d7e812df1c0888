//! What the MCP server tells an assistant about the knowledge it serves: the
//! server's instructions and the parts of the tool descriptions that depend
//! on the content (the documents, the compatibility dimensions, the checklist
//! templates), built from the documents' front matter and the declarations of
//! `content/answers/compat.toml` and `content/checklists/`. The rest of that
//! text is engine text: how to use the tools, which is the same whatever the
//! documents are about.
//!
//! Descriptions are in English, the language models are instructed in; the
//! documents they name answer in both languages.

use crate::docs::Document;
use crate::lang::Lang;
use crate::state::AppState;

/// Documents the instructions describe (title, description, what they apply
/// to) before counting the rest: a knowledge base of thousands of documents
/// keeps instructions of a few kilobytes.
const DESCRIBED_DOCS: usize = 20;

/// Document titles a tool description names before counting the rest.
const NAMED_DOCS: usize = 5;

/// The instructions sent at initialization.
pub fn instructions(state: &AppState) -> String {
    let total = state.content.library.count(Lang::En);
    let shown = shown(total, DESCRIBED_DOCS);
    let mut text = String::from(
        "docdesk answers questions from the IT documents it serves, each in Brazilian Portuguese \
         (pt-BR) and English (en):\n",
    );
    for doc in listed(state).take(shown) {
        let front = &doc.front;
        text.push_str(&format!(
            "- {} ({}): {}",
            front.title, doc.slug, front.description
        ));
        if !front.applies_to.is_empty() {
            text.push_str(&format!(" Applies to: {}.", front.applies_to.join(", ")));
        }
        text.push('\n');
    }
    if shown < total {
        text.push_str(&format!(
            "- and {} other documents, found with search_docs.\n",
            total - shown
        ));
    }
    if let Some(dimensions) = dimensions(state) {
        text.push_str(&format!(
            "Its compatibility rules, from {}, judge combinations of: {dimensions}.\n",
            compat_titles(state)
        ));
    }
    text.push_str(
        "Its answers come only from these documents. Use check_compatibility or answer_question \
         instead of your own knowledge for these topics, quote the verdict as given (yes, no, \
         depends or not_documented; never turn not_documented into yes or no), and cite the \
         returned citations (quote and url) with it. Use search_docs to find sections, read them \
         as resources (docdesk://docs/{lang}/{slug}#{section}), and use the checklist tools to \
         walk an admin through a procedure step by step",
    );
    let templates = templates(state);
    if !templates.is_empty() {
        text.push_str(&format!(" ({templates})"));
    }
    text.push_str(". URLs in results are relative to the docdesk server.");
    text
}

/// The titles of the documents, the first few then how many more:
/// "A; B; C and 4 other documents".
pub fn documents(state: &AppState) -> String {
    let total = state.content.library.count(Lang::En);
    let shown = shown(total, NAMED_DOCS);
    let mut titles: Vec<&str> = listed(state)
        .take(shown)
        .map(|d| d.front.title.as_str())
        .collect();
    let more = format!("and {} other documents", total - shown);
    if shown < total {
        titles.push(&more);
    }
    titles.join("; ")
}

/// The compatibility dimensions the content declares, by label and argument
/// name ("version of the tools (tools_version), …"); `None` when there is none.
pub fn dimensions(state: &AppState) -> Option<String> {
    let dimensions = &state.answers.knowledge().compat.dimensions;
    (!dimensions.is_empty()).then(|| {
        (dimensions.iter())
            .map(|d| format!("{} ({})", d.label.en, d.id))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The titles of the documents the compatibility rules rest on, in listing
/// order and quoted: `"A", "B"`.
pub fn compat_titles(state: &AppState) -> String {
    let docs = state.answers.compat_docs();
    // Stops at the last of them rather than reading every document.
    (listed(state))
        .filter(|d| docs.contains(d.slug.as_str()))
        .take(docs.len())
        .map(|d| format!("\"{}\"", d.front.title))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The checklist templates: "id: name — description; …".
pub fn templates(state: &AppState) -> String {
    (state.content.checklists.values())
        .map(|t| {
            format!(
                "{}: {} — {}",
                t.id,
                t.name.en,
                t.description.en.trim_end_matches('.')
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The English documents in listing order (every document has an English
/// translation: `docdesk check` requires both), read as far as needed.
fn listed(state: &AppState) -> impl Iterator<Item = &Document> {
    (state.content.library.listed(Lang::En, None)).map(|(_, doc)| doc)
}

/// How many of `total` items a list names when it names at most `max`: one
/// more is named rather than counted ("and 1 other documents").
fn shown(total: usize, max: usize) -> usize {
    match total > max + 1 {
        true => max,
        false => total,
    }
}
