//! The content toolkit: the lowest layer every content domain (documents, UI
//! strings, answers, checklists) builds on. It reads and lists files, parses
//! TOML with errors at their real line and column, locates any value of a
//! TOML file for semantic errors found after parsing, and builds URLs.
//!
//! It imports nothing from the domains, so they can all import it without
//! import cycles.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::lang::Lang;

/// A problem in a content file, reported as `file:line: message` (or
/// `file:line:column: message` when the column is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file, as found under the content directory.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// What is wrong, written for the person editing the file.
    pub message: String,
}

impl ContentError {
    /// Creates an error at `line` of `file`.
    pub fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        ContentError {
            file: file.into(),
            line,
            column: 0,
            message: message.into(),
        }
    }

    /// Creates an error at `line` and `column` of `file`.
    pub fn at(file: impl Into<PathBuf>, (line, column): (usize, usize), message: impl Into<String>) -> Self {
        ContentError {
            column,
            ..ContentError::new(file, line, message)
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:", self.file.display(), self.line.max(1))?;
        if self.column > 0 {
            write!(f, "{}:", self.column)?;
        }
        write!(f, " {}", self.message)
    }
}

/// Every problem found while loading, so a writer can fix them in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

/// Files in `dir` with extension `ext`, sorted; a missing directory is an error.
pub fn list_files(dir: &Path, ext: &str, errors: &mut Vec<ContentError>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(ContentError::new(dir, 0, format!("cannot read directory: {e}")));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// Reads a file as UTF-8, reporting failures as content errors.
pub fn read_text(path: &Path) -> Result<String, ContentError> {
    std::fs::read_to_string(path).map_err(|e| ContentError::new(path, 0, format!("cannot read file: {e}")))
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_at(text: &str, offset: usize) -> usize {
    position_at(text, offset).0
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn position_at(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Turns a TOML parse error into a content error at its line and column;
/// `first_line` is the file line where `text` starts (front matter starts at 2).
pub fn toml_error(path: &Path, text: &str, first_line: usize, error: &toml::de::Error) -> ContentError {
    match error.span() {
        Some(span) => {
            let (line, column) = position_at(text, span.start);
            ContentError::at(path, (first_line + line - 1, column), error.message().to_owned())
        }
        None => ContentError::new(path, first_line, error.message().to_owned()),
    }
}

/// One step of the way to a value in a TOML file: a key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// A table key.
    Name(&'a str),
    /// An array element.
    Index(usize),
}

impl<'a> From<&'a str> for Key<'a> {
    fn from(name: &'a str) -> Self {
        Key::Name(name)
    }
}

impl<'a> From<&'a String> for Key<'a> {
    fn from(name: &'a String) -> Self {
        Key::Name(name)
    }
}

impl From<usize> for Key<'_> {
    fn from(index: usize) -> Self {
        Key::Index(index)
    }
}

/// A TOML file of the content, kept after parsing so that problems found
/// later (an unknown condition, a duplicate id) can point at the line and
/// column of the value concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TomlFile {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl TomlFile {
    /// Reads `path`.
    pub fn read(path: &Path) -> Result<TomlFile, ContentError> {
        Ok(TomlFile {
            path: path.to_owned(),
            text: read_text(path)?,
        })
    }

    /// Deserializes the whole file; a syntax or shape error names its line and column.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ContentError> {
        toml::from_str(&self.text).map_err(|e| toml_error(&self.path, &self.text, 1, &e))
    }

    /// The line and column of the value at `keys` (of its key, for a table
    /// entry); the nearest enclosing value that exists when it does not, so
    /// an error always points somewhere useful.
    pub fn position(&self, keys: &[Key<'_>]) -> (usize, usize) {
        let Ok(root) = DeTable::parse(&self.text) else {
            return (1, 0);
        };
        let mut start = 0;
        let mut value = DeValue::Table(root.into_inner());
        for key in keys {
            let next = match (key, &value) {
                (Key::Name(name), DeValue::Table(table)) => table
                    .iter()
                    .find(|(k, _)| k.get_ref() == name)
                    .map(|(k, v)| (k.span().start, v.clone())),
                (Key::Index(index), DeValue::Array(array)) => {
                    array.get(*index).map(|v| (v.span().start, v.clone()))
                }
                _ => None,
            };
            let Some((at, next)) = next else { break };
            start = at;
            value = next.into_inner();
        }
        position_at(&self.text, start)
    }

    /// An error about the value at `keys`.
    pub fn error(&self, keys: &[Key<'_>], message: impl Into<String>) -> ContentError {
        ContentError::at(&self.path, self.position(keys), message)
    }
}

/// The canonical URL of a document (and section) in a language.
pub fn doc_url(lang: Lang, slug: &str, section: Option<&str>) -> String {
    match section {
        Some(id) => format!("/docs/{}/{}#{}", lang.as_str(), slug, id),
        None => format!("/docs/{}/{}", lang.as_str(), slug),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> TomlFile {
        TomlFile {
            path: "x.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn values_are_located_by_key_path() {
        let f = file(
            "id = \"t\"\n\n[[steps]]\nid = \"a\"\n\n[[steps]]\nid = \"b\"\nwhen = { mode = [\"x\"], colour = [\"red\"] }\n",
        );
        assert_eq!(f.position(&["id".into()]), (1, 1));
        assert_eq!(f.position(&["steps".into(), 1.into(), "id".into()]), (7, 1));
        assert_eq!(
            f.position(&["steps".into(), 1.into(), "when".into(), "colour".into()]),
            (8, 24)
        );
        // A missing key points at the nearest value that exists.
        assert_eq!(f.position(&["steps".into(), 1.into(), "nope".into()]).0, 6);
        let e = f.error(&["steps".into(), 0.into(), "id".into()], "bad");
        assert_eq!(e.to_string(), "x.toml:4:1: bad");
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let e = file("a = 1\n  b = 2\n").parse::<T>().unwrap_err();
        assert_eq!((e.line, e.column), (2, 3), "{e}");
        assert!(e.message.contains('b'), "{e}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(position_at("ação = 1", 7), (1, 6));
        assert_eq!(position_at("a\nb", 2), (2, 1));
    }
}
