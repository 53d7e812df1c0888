//! Every bound the engine puts on what a client sends, in one place, with
//! the refusal that names it in both languages. The operator sets each one
//! (`docdesk serve --max-…`, README "Command line"); the one [`Limits`]
//! value is carried in the state, and every check, the OpenAPI document and
//! the MCP tools' schemas read it, so what is described is what is enforced.
//! Content may declare tighter bounds (a template's `max_chars`,
//! `max_items`); these hold whatever it declares, so one request can never
//! make unbounded work.

use serde_json::{Value, json};

use crate::lang::Lang;

/// The bounds on what a client sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body accepted, in bytes (JSON, forms, MCP calls).
    pub body_bytes: usize,
    /// Longest search query, in characters (the search box, `/api/search`,
    /// the MCP tool): every word costs typo and prefix expansions.
    pub query_chars: usize,
    /// Longest question, in characters (`/api/answer`, the form, the MCP tool).
    pub question_chars: usize,
    /// Most items in a list parameter of a run (e.g. passive nodes); each
    /// item may repeat steps, so this bounds the size of a run.
    pub list_items: usize,
    /// Longest text parameter or list item of a run, in characters.
    pub text_chars: usize,
    /// Longest `by` of a change (and name of a signed-in person), in characters.
    pub by_chars: usize,
    /// Longest note or skip reason, in characters.
    pub note_chars: usize,
}

impl Limits {
    /// The defaults: what a server applies unless told otherwise, and the
    /// ceiling `docdesk check` holds content to.
    pub const DEFAULT: Limits = Limits {
        body_bytes: 64 * 1024,
        query_chars: 500,
        question_chars: 2000,
        list_items: 32,
        text_chars: 200,
        by_chars: 100,
        note_chars: 4000,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// A bound on one field of a request, as a JSON Schema states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// At most this many characters.
    Chars(usize),
    /// At most this many items.
    Items(usize),
}

impl Bound {
    /// Writes the bound into the schema of the value it bounds.
    pub fn state(self, schema: &mut Value) {
        if !schema.is_object() {
            return;
        }
        match self {
            Bound::Chars(max) => schema["maxLength"] = json!(max),
            Bound::Items(max) => schema["maxItems"] = json!(max),
        }
    }
}

/// Writes `bounds` (property → bound) into an object's schema: the wire
/// types' schemas are generated at compile time, the limits are known at
/// start, so every schema a client reads (OpenAPI, MCP tools) is given them here.
pub fn state_bounds(object: &mut Value, bounds: &[(&str, Bound)]) {
    for (property, bound) in bounds {
        if let Some(schema) = object.get_mut("properties").and_then(|p| p.get_mut(*property)) {
            bound.state(schema);
        }
    }
}

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
