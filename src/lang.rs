//! The two languages docdesk speaks, and how a request picks one.
//!
//! Tags are parsed with `unic-langid`; `Accept-Language` is split and ordered
//! by quality with `accept-language`. `pt`, `pt-PT` or `pt-br` all land on
//! pt-BR and any English tag lands on en.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

use crate::text::truncate;

/// A language docdesk has content and UI strings for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
pub enum Lang {
    /// Brazilian Portuguese, the language of the source articles.
    #[serde(rename = "pt-BR")]
    PtBr,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// Why a language tag was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LangError {
    /// Not a well-formed BCP 47 tag.
    #[error("{}", self.message(Lang::En))]
    Invalid(String),
    /// Well formed, but neither Portuguese nor English.
    #[error("{}", self.message(Lang::En))]
    Unsupported(String),
}

impl LangError {
    /// The refusal in `lang` (the reader's, since the tag asked for is not
    /// one docdesk speaks), quoting at most 40 characters of the tag.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LangError::Invalid(tag), Lang::En) => {
                format!(
                    "'{}' is not a valid language tag; use pt-BR or en",
                    truncate(tag, 40)
                )
            }
            (LangError::Invalid(tag), Lang::PtBr) => format!(
                "'{}' não é uma etiqueta de idioma válida; use pt-BR ou en",
                truncate(tag, 40)
            ),
            (LangError::Unsupported(tag), Lang::En) => {
                format!(
                    "language '{}' is not supported; use pt-BR or en",
                    truncate(tag, 40)
                )
            }
            (LangError::Unsupported(tag), Lang::PtBr) => {
                format!(
                    "o idioma '{}' não é suportado; use pt-BR ou en",
                    truncate(tag, 40)
                )
            }
        }
    }
}

tokio::task_local! {
    /// The language of the request being served (see [`current`]).
    static SPEAKING: Lang;
}

/// The language the request being served reads (`?lang=`, then
/// `Accept-Language`, then English), so that an error made anywhere while
/// serving it — an extractor's rejection, a database outage, a run not found
/// — is worded for its reader; English outside a request.
pub fn current() -> Lang {
    SPEAKING.try_with(|lang| *lang).unwrap_or(Lang::En)
}

/// Runs `work` (a request) with [`current`] answering `lang`. A named
/// future rather than an `async fn`, so the request gate can hold it
/// without a box.
pub fn speaking<F: std::future::Future>(
    lang: Lang,
    work: F,
) -> tokio::task::futures::TaskLocalFuture<Lang, F> {
    SPEAKING.scope(lang, work)
}

/// Runs blocking `work` for a request with [`current`] answering `lang`
/// (another thread does not see the request's task).
pub fn speaking_blocking<R>(lang: Lang, work: impl FnOnce() -> R) -> R {
    SPEAKING.sync_scope(lang, work)
}

impl Lang {
    /// The text of this language out of the two given.
    pub fn pick<T>(self, en: T, pt_br: T) -> T {
        match self {
            Lang::En => en,
            Lang::PtBr => pt_br,
        }
    }

    /// Every supported language, in a stable order.
    pub const ALL: [Lang; 2] = [Lang::PtBr, Lang::En];

    /// The canonical tag, as used in URLs, file names and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::PtBr => "pt-BR",
            Lang::En => "en",
        }
    }

    /// The other language, used for fallback searches and the language switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::PtBr => Lang::En,
            Lang::En => Lang::PtBr,
        }
    }

    /// Maps any Portuguese tag to pt-BR and any English tag to en.
    pub fn from_tag(tag: &str) -> Result<Lang, LangError> {
        let id: LanguageIdentifier = tag
            .trim()
            .parse()
            .map_err(|_| LangError::Invalid(tag.to_owned()))?;
        match id.language.as_str() {
            "pt" => Ok(Lang::PtBr),
            "en" => Ok(Lang::En),
            _ => Err(LangError::Unsupported(tag.to_owned())),
        }
    }

    /// Picks the best language for an `Accept-Language` header value, if any
    /// of the listed languages is supported.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        accept_language::parse(accept_language)
            .iter()
            .find_map(|tag| Lang::from_tag(tag).ok())
    }
}

/// A text in both languages, as written in content files
/// (`{ en = "…", "pt-BR" = "…" }`); both are required.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// English.
    pub en: String,
    /// Brazilian Portuguese.
    #[serde(rename = "pt-BR")]
    pub pt_br: String,
}

impl Localized {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::PtBr => &self.pt_br,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = LangError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_tag(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_tags_fall_back_to_brazilian_portuguese() {
        for tag in ["pt-BR", "pt", "pt-PT", "pt-br", "PT"] {
            assert_eq!(Lang::from_tag(tag), Ok(Lang::PtBr), "{tag}");
        }
    }

    #[test]
    fn english_tags_map_to_en() {
        for tag in ["en", "en-US", "en-GB", "EN-au"] {
            assert_eq!(Lang::from_tag(tag), Ok(Lang::En), "{tag}");
        }
    }

    #[test]
    fn other_languages_and_garbage_are_refused() {
        assert!(matches!(Lang::from_tag("fr"), Err(LangError::Unsupported(_))));
        assert!(matches!(Lang::from_tag("not a tag!"), Err(LangError::Invalid(_))));
    }

    #[test]
    fn accept_language_is_negotiated_by_quality() {
        assert_eq!(Lang::negotiate("fr-FR, pt-PT;q=0.8, en;q=0.5"), Some(Lang::PtBr));
        assert_eq!(Lang::negotiate("de, en-GB;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::negotiate("de, fr"), None);
    }

    #[test]
    fn refusals_are_worded_in_the_readers_language_and_quote_a_short_tag() {
        let error = Lang::from_tag("fr").unwrap_err();
        assert_eq!(
            error.to_string(),
            "language 'fr' is not supported; use pt-BR or en"
        );
        assert_eq!(
            error.message(Lang::PtBr),
            "o idioma 'fr' não é suportado; use pt-BR ou en"
        );
        let long = Lang::from_tag(&"x!".repeat(500)).unwrap_err();
        assert!(long.message(Lang::En).chars().count() < 100, "{long}");
    }
}
