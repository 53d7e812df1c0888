//! The aggregate loader: everything under `content/`, loaded by each domain
//! (documents, UI strings, answers, checklists) and validated as a whole.
//!
//! It sits above the domains and imports them; the domains import only the
//! toolkit ([`crate::toolkit`]) and each other's types, never this module.

use std::path::{Path, PathBuf};

use crate::answers::identifiers::Identifiers;
use crate::answers::model::{DocumentTitle, KnowledgeBase};
use crate::checklists::template::{Templates, load_templates};
use crate::docs::Library;
use crate::i18n::Catalog;
use crate::lang::Lang;
use crate::toolkit::ContentErrors;

/// Everything under the content directory, loaded and parsed.
#[derive(Debug, Clone)]
pub struct Content {
    /// Where it was loaded from.
    pub root: PathBuf,
    /// The documents.
    pub library: Library,
    /// UI strings per language.
    pub catalog: Catalog,
    /// Compatibility rules, procedure facts and the question lexicon.
    pub answers: KnowledgeBase,
    /// Checklist templates by id, with the file each came from.
    pub checklists: Templates,
}

impl Content {
    /// Loads and parses everything; fails with every problem found.
    pub fn load(root: &Path) -> Result<Content, ContentErrors> {
        Self::load_reusing(root, None)
    }

    /// Loads as [`Content::load`] does, reusing the documents of `previous`
    /// whose files did not change ([`crate::docs::load_library_reusing`]).
    pub fn load_reusing(root: &Path, previous: Option<&Library>) -> Result<Content, ContentErrors> {
        let mut errors = Vec::new();
        let library = crate::docs::load_library_reusing(&root.join("docs"), &mut errors, previous);
        let catalog = Catalog::load(&root.join("i18n"), &mut errors);
        let answers = KnowledgeBase::load(&root.join("answers"), &mut errors);
        let checklists = load_templates(&root.join("checklists"), &mut errors);
        match answers {
            Some(mut answers) if errors.is_empty() => {
                answers.identifiers = Identifiers::from_texts(
                    library
                        .iter()
                        .flat_map(|doc| &doc.rendered.sections)
                        .flat_map(|section| [section.heading.as_str(), section.text.as_str()]),
                );
                answers.titles = (Lang::ALL.into_iter())
                    .map(|lang| {
                        (
                            lang,
                            (library.listed(lang, None))
                                .map(|(_, d)| DocumentTitle {
                                    slug: d.slug.clone(),
                                    title: d.front.title.clone(),
                                })
                                .collect(),
                        )
                    })
                    .collect();
                Ok(Content {
                    root: root.to_owned(),
                    library,
                    catalog,
                    answers,
                    checklists,
                })
            }
            _ => Err(ContentErrors(errors)),
        }
    }
}
