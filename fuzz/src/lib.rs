//! What the fuzz targets share: the shipped content, loaded once, and the
//! engines built on it exactly as the server builds them (without result
//! caches, so every input is worked through).

use std::path::PathBuf;
use std::sync::LazyLock;

use docdesk::answers::AnswerEngine;
use docdesk::content::Content;
use docdesk::lang::Lang;
use docdesk::search::SearchIndex;

/// The repository's `content/` directory.
pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// The shipped content, through the gate `serve` uses.
pub fn content() -> &'static Content {
    static CONTENT: LazyLock<Content> = LazyLock::new(|| {
        docdesk::check::load_checked(&content_dir()).expect("the shipped content passes the check")
    });
    &CONTENT
}

/// The search index over the shipped documents, in RAM.
pub fn search() -> &'static SearchIndex {
    static SEARCH: LazyLock<SearchIndex> = LazyLock::new(|| {
        SearchIndex::build_with_cache(&content().library, 0).expect("the shipped documents index")
    });
    &SEARCH
}

/// The answer engine over the shipped knowledge base.
pub fn answers() -> &'static AnswerEngine {
    static ANSWERS: LazyLock<AnswerEngine> = LazyLock::new(|| AnswerEngine::new(content().answers.clone()));
    &ANSWERS
}

/// A language, or none, from a byte of the input.
pub fn maybe_lang(byte: u8) -> Option<Lang> {
    match byte % 3 {
        0 => None,
        1 => Some(Lang::PtBr),
        _ => Some(Lang::En),
    }
}

/// `text` cut to at most `max` characters, as the API refuses longer ones.
pub fn at_most(text: &str, max: usize) -> &str {
    text.char_indices().nth(max).map_or(text, |(end, _)| &text[..end])
}

/// The input's first byte (a choice the target makes with it) and the rest
/// as text; `None` when it is empty or the rest is not UTF-8.
pub fn choice_and_text(data: &[u8]) -> Option<(u8, &str)> {
    let (&choice, text) = data.split_first()?;
    Some((choice, std::str::from_utf8(text).ok()?))
}
