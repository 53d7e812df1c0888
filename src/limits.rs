//! Every bound the engine puts on what a client sends, in one place, with
//! the refusal that names it in both languages. Content may declare tighter
//! bounds (a template's `max_chars`, `max_items`); these hold whatever it
//! declares, so one request can never make unbounded work.

use crate::lang::Lang;

/// Largest request body accepted, in bytes (JSON, forms, MCP calls).
pub const BODY_LIMIT: usize = 64 * 1024;
/// Longest search query, in characters (the search box, `/api/search`, the MCP tool).
pub const MAX_QUERY_CHARS: usize = 500;
/// Most items in a list parameter of a run (e.g. passive nodes); each item
/// may repeat steps, so this bounds the size of a run.
pub const MAX_LIST_ITEMS: usize = 32;
/// Longest text parameter or list item of a run, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// Longest `by` of a step change, in characters.
pub const MAX_BY_CHARS: usize = 100;
/// Longest note or skip reason, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;

/// "at most N characters", in `lang`.
pub fn too_long(lang: Lang, max: usize) -> String {
    match lang {
        Lang::En => format!("at most {max} characters are accepted"),
        Lang::PtBr => format!("no máximo {max} caracteres são aceitos"),
    }
}

/// "the question must not be empty", in `lang`.
pub fn empty_question(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "the question must not be empty",
        Lang::PtBr => "a pergunta não pode ficar em branco",
    }
}

/// "at most N items", in `lang`.
pub fn too_many(lang: Lang, max: usize) -> String {
    match lang {
        Lang::En => format!("at most {max} items are accepted"),
        Lang::PtBr => format!("no máximo {max} itens são aceitos"),
    }
}
