//! `docdesk check`: validates everything under `content/` that loading alone
//! cannot — translations complete, anchors stable, links resolvable.

use std::collections::BTreeSet;

use crate::content::Content;
use crate::docs::Document;
use crate::lang::Lang;
use crate::toolkit::{ContentError, ContentErrors};

/// Loads everything and runs every check below: the one gate both
/// `docdesk check` and `docdesk serve` pass content through, so the server
/// never starts on content the check would refuse.
pub fn load_checked(root: &std::path::Path) -> Result<Content, ContentErrors> {
    load_checked_reusing(root, None)
}

/// [`load_checked`], reusing the documents of `previous` whose files did not
/// change (a reload: see [`crate::docs::load_library_reusing`]).
pub fn load_checked_reusing(
    root: &std::path::Path,
    previous: Option<&crate::docs::Library>,
) -> Result<Content, ContentErrors> {
    let content = Content::load_reusing(root, previous)?;
    let errors = validate(&content);
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(ContentErrors(errors))
    }
}

/// Every problem in already-loaded content, as `file:line: message` errors.
pub fn validate(content: &Content) -> Vec<ContentError> {
    let mut errors = Vec::new();
    for doc in content.library.iter() {
        check_document(content, doc, &mut errors);
    }
    check_translations(content, &mut errors);
    check_ui_strings(content, &mut errors);
    errors.extend(content.answers.validate(&content.library));
    errors.extend(crate::answers::matrix::validate(&content.answers));
    errors.extend(crate::checklists::check::validate_templates(
        &content.checklists,
        &content.library,
    ));
    errors
}

fn check_document(content: &Content, doc: &Document, errors: &mut Vec<ContentError>) {
    let rendered = &doc.rendered;
    if rendered.text_before_first_heading {
        errors.push(ContentError::new(
            &doc.path,
            doc.body_line,
            "text before the first `##` heading belongs to no section; start the body with a heading",
        ));
    }
    for missing in &rendered.missing_ids {
        errors.push(ContentError::new(
            &doc.path,
            missing.line,
            format!(
                "heading \"{}\" needs a stable id, e.g. `## {} {{#some-id}}`",
                missing.heading, missing.heading
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    for section in &rendered.sections {
        if !seen.insert(section.id.as_str()) {
            errors.push(ContentError::new(
                &doc.path,
                section.line,
                format!("section id `{}` is used twice", section.id),
            ));
        }
    }
    for link in &rendered.links {
        if let Some(problem) = link_problem(content, doc, &link.dest) {
            errors.push(ContentError::new(&doc.path, link.line, problem));
        }
    }
}

/// Why an internal link does not resolve, or `None` when it does (or is external).
fn link_problem(content: &Content, doc: &Document, dest: &str) -> Option<String> {
    if dest.starts_with("http://") || dest.starts_with("https://") || dest.starts_with("mailto:") {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (dest, None),
    };
    let target = if path.is_empty() {
        doc
    } else {
        let Some(rest) = path.strip_prefix("/docs/") else {
            return Some(format!(
                "link `{dest}` is neither external (https://…), an anchor (#id) nor a document (/docs/<lang>/<slug>)"
            ));
        };
        let Some((tag, slug)) = rest.split_once('/') else {
            return Some(format!("link `{dest}` must look like /docs/<lang>/<slug>"));
        };
        let Some(lang) = Lang::ALL.into_iter().find(|l| l.as_str() == tag) else {
            return Some(format!("link `{dest}`: language `{tag}` must be pt-BR or en"));
        };
        match content.library.get(slug, lang) {
            Some(target) => target,
            None => {
                return Some(format!("link `{dest}`: there is no document `{slug}` in {lang}"));
            }
        }
    };
    match anchor {
        Some(id) if target.section(id).is_none() => Some(format!(
            "link `{dest}`: document `{}` has no section `{id}`",
            target.slug
        )),
        _ => None,
    }
}

fn check_translations(content: &Content, errors: &mut Vec<ContentError>) {
    for (slug, langs) in content.library.slugs() {
        let Some(reference) = langs.first().and_then(|l| content.library.get(slug, *l)) else {
            continue;
        };
        for lang in Lang::ALL {
            let Some(doc) = content.library.get(slug, lang) else {
                errors.push(ContentError::new(
                    &reference.path,
                    0,
                    format!("document `{slug}` has no {lang} translation (expected {slug}.{lang}.md)"),
                ));
                continue;
            };
            if doc.lang == reference.lang {
                continue;
            }
            if doc.front.category != reference.front.category {
                // Listings group each translation under the same category.
                let name = |d: &Document| {
                    d.front
                        .category
                        .as_deref()
                        .map_or("none".to_owned(), |c| format!("`{c}`"))
                };
                errors.push(ContentError::new(
                    &doc.path,
                    front_matter_line(doc, "category"),
                    format!(
                        "category {} differs from {} ({}): translations share their category",
                        name(doc),
                        reference.path.display(),
                        name(reference)
                    ),
                ));
            }
            let ids = |d: &Document| {
                d.rendered
                    .sections
                    .iter()
                    .map(|s| s.id.clone())
                    .collect::<Vec<_>>()
            };
            let (expected, found) = (ids(reference), ids(doc));
            if expected != found {
                let line = first_difference_line(doc, &expected);
                errors.push(ContentError::new(
                    &doc.path,
                    line,
                    format!(
                        "section ids differ from {}: expected [{}], found [{}]",
                        reference.path.display(),
                        expected.join(", "),
                        found.join(", ")
                    ),
                ));
            }
        }
    }
}

/// The line of `key` in the front matter of `doc` (its first line when absent).
fn front_matter_line(doc: &Document, key: &str) -> usize {
    let text = std::fs::read_to_string(&doc.path).unwrap_or_default();
    text.lines()
        .take(doc.body_line)
        .position(|line| line.split('=').next().is_some_and(|k| k.trim() == key))
        .map_or(1, |i| i + 1)
}

fn first_difference_line(doc: &Document, expected: &[String]) -> usize {
    doc.rendered
        .sections
        .iter()
        .zip(expected.iter().map(Some).chain(std::iter::repeat(None)))
        .find(|(section, id)| Some(&section.id) != *id)
        .map_or(doc.body_line, |(section, _)| section.line)
}

fn check_ui_strings(content: &Content, errors: &mut Vec<ContentError>) {
    let keys = |lang: Lang| {
        content
            .catalog
            .strings(lang)
            .keys()
            .map(str::to_owned)
            .collect::<BTreeSet<_>>()
    };
    let all: BTreeSet<String> = Lang::ALL.into_iter().flat_map(keys).collect();
    for lang in Lang::ALL {
        let have = keys(lang);
        for missing in all.difference(&have) {
            errors.push(ContentError::new(
                content.root.join("i18n").join(format!("{lang}.toml")),
                0,
                format!("UI string `{missing}` is missing in {lang}"),
            ));
        }
    }
}
