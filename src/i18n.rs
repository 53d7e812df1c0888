//! UI strings in both languages, loaded from `content/i18n/<lang>.toml`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::lang::Lang;
use crate::toolkit::{ContentError, read_text, toml_error};

/// The UI strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    lang: Option<Lang>,
    entries: BTreeMap<String, String>,
}

impl Strings {
    /// The string for `key`; a missing key shows as itself so the gap is visible
    /// (and `docdesk check` reports it before it ships).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        match self.entries.get(key) {
            Some(value) => value,
            None => {
                tracing::warn!(key, lang = ?self.lang, "missing UI string");
                key
            }
        }
    }

    /// Every key.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

/// UI strings for every language.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    by_lang: BTreeMap<Lang, Strings>,
}

impl Catalog {
    /// Loads `<dir>/<lang>.toml` for every supported language.
    pub fn load(dir: &Path, errors: &mut Vec<ContentError>) -> Catalog {
        let mut catalog = Catalog::default();
        for lang in Lang::ALL {
            let path = dir.join(format!("{}.toml", lang.as_str()));
            let text = match read_text(&path) {
                Ok(text) => text,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            match toml::from_str::<BTreeMap<String, String>>(&text) {
                Ok(entries) => {
                    catalog.by_lang.insert(
                        lang,
                        Strings {
                            lang: Some(lang),
                            entries,
                        },
                    );
                }
                Err(e) => errors.push(toml_error(&path, &text, 1, &e)),
            }
        }
        catalog
    }

    /// The strings of `lang`.
    pub fn strings(&self, lang: Lang) -> &Strings {
        static EMPTY: Strings = Strings {
            lang: None,
            entries: BTreeMap::new(),
        };
        self.by_lang.get(&lang).unwrap_or(&EMPTY)
    }
}
