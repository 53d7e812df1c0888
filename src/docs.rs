//! The documents domain: `content/docs/<slug>.<lang>.md`, where the language
//! comes from the file name and the shared `<slug>` links the translations of
//! one document (after zola). Each file starts with TOML front matter between
//! `+++` lines.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::lang::{Lang, Localized};
use crate::markdown::{self, Rendered, Section};
use crate::text::sort_key;
use crate::toolkit::{ContentError, TomlFile, doc_url, list_files, read_text, toml_error};

/// Front matter of a document, between the `+++` lines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The document title, shown as its `<h1>`.
    pub title: String,
    /// One sentence for search engines and link previews.
    pub description: String,
    /// Products and versions the procedure applies to ("Aplica-se a").
    pub applies_to: Vec<String>,
    /// When the source topic was last modified ("Tópico modificado em").
    pub modified: toml::value::Datetime,
    /// The category it is listed under: an id declared in
    /// `docs/categories.toml`, the same in every translation.
    #[serde(default)]
    pub category: Option<String>,
}

/// The file declaring the categories documents are listed under.
pub const CATEGORIES_FILE: &str = "categories.toml";

/// Category ids (`exchange-2007`) and their names in both languages, from
/// `docs/categories.toml` (`exchange-2007 = { en = "…", "pt-BR" = "…" }`).
pub type Categories = BTreeMap<String, Localized>;

/// One document in one language.
#[derive(Debug, Clone)]
pub struct Document {
    /// Shared by all translations; part of the URL.
    pub slug: String,
    /// The language, from the file name.
    pub lang: Lang,
    /// The file it was loaded from.
    pub path: PathBuf,
    /// Validated front matter.
    pub front: FrontMatter,
    /// Line of the first body line in the file.
    pub body_line: usize,
    /// Rendered HTML, sections and links.
    pub rendered: Rendered,
    /// Hash of the file's text: a reload reuses the document when the file
    /// still hashes the same ([`load_library_reusing`]).
    source_hash: u64,
}

impl Document {
    /// The URL of the document, or of one of its sections.
    pub fn url(&self, section: Option<&str>) -> String {
        doc_url(self.lang, &self.slug, section)
    }

    /// A section by id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.rendered.sections.iter().find(|s| s.id == id)
    }
}

/// All documents, keyed by slug and language, and the categories they are listed under.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Shared with the library a reload replaces, for the files it did not change.
    docs: BTreeMap<String, BTreeMap<Lang, Arc<Document>>>,
    categories: Categories,
    /// Per language, the slugs in listing order (see [`Library::listed`]),
    /// sorted once at load rather than at every listing or description.
    order: BTreeMap<Lang, Vec<String>>,
}

impl Library {
    /// The document `slug` in `lang`.
    pub fn get(&self, slug: &str, lang: Lang) -> Option<&Document> {
        self.docs.get(slug)?.get(&lang).map(|doc| &**doc)
    }

    /// Every document in every language, by slug then language.
    pub fn iter(&self) -> impl Iterator<Item = &Document> {
        self.docs
            .values()
            .flat_map(|by_lang| by_lang.values().map(|doc| &**doc))
    }

    /// Every slug with the languages it exists in.
    pub fn slugs(&self) -> impl Iterator<Item = (&str, Vec<Lang>)> {
        self.docs
            .iter()
            .map(|(slug, by_lang)| (slug.as_str(), by_lang.keys().copied().collect()))
    }

    /// Every document in one language.
    pub fn in_lang(&self, lang: Lang) -> impl Iterator<Item = &Document> {
        self.iter().filter(move |d| d.lang == lang)
    }

    /// The documents of `lang` (of category `only`, when given) in the order
    /// people are shown them everywhere (listings, the answers' scope, the
    /// MCP server's description): by category name, documents without one
    /// last, then by title; each with its category's name in `lang`.
    /// Lazy, so that naming the first few of thousands costs a few.
    pub fn listed(&self, lang: Lang, only: Option<&str>) -> impl Iterator<Item = (Option<&str>, &Document)> {
        (self.order.get(&lang).into_iter().flatten())
            .filter_map(move |slug| self.get(slug, lang))
            .filter(move |d| only.is_none() || d.front.category.as_deref() == only)
            .map(move |d| (self.category_name(d, lang), d))
    }

    /// How many documents `lang` has.
    pub fn count(&self, lang: Lang) -> usize {
        self.order.get(&lang).map_or(0, Vec::len)
    }

    fn category_name(&self, doc: &Document, lang: Lang) -> Option<&str> {
        let id = doc.front.category.as_deref()?;
        self.categories.get(id).map(|names| names.get(lang))
    }

    /// Sorts every language's documents into listing order.
    fn sort(&mut self) {
        self.order = (Lang::ALL.into_iter())
            .map(|lang| {
                let mut docs: Vec<(Option<&str>, &Document)> = self
                    .in_lang(lang)
                    .map(|d| (self.category_name(d, lang), d))
                    .collect();
                docs.sort_by_cached_key(|(category, doc)| {
                    (
                        category.is_none(),
                        category.map(sort_key),
                        sort_key(&doc.front.title),
                        doc.slug.clone(),
                    )
                });
                (lang, docs.into_iter().map(|(_, d)| d.slug.clone()).collect())
            })
            .collect();
    }

    /// The declared categories.
    pub fn categories(&self) -> &Categories {
        &self.categories
    }

    fn insert(&mut self, doc: Arc<Document>) {
        self.docs
            .entry(doc.slug.clone())
            .or_default()
            .insert(doc.lang, doc);
    }
}

/// Loads every document under `dir`, and the categories it declares.
pub fn load_library(dir: &Path, errors: &mut Vec<ContentError>) -> Library {
    load_library_reusing(dir, errors, None)
}

/// Loads every document under `dir` as [`load_library`] does, taking from
/// `previous` (the library being served) every document whose file has the
/// same text, instead of parsing and rendering it again. A reload then
/// holds one copy of the unchanged documents, not two: at 10,000 sections
/// per language the rendered documents were about a third of a reload's
/// peak, built beside the old ones at every edit (the peak went from
/// 141-149 MB to 105-118 MB; README, "At scale"). When the categories
/// changed nothing is reused, since they take part in checking a
/// document's front matter.
pub fn load_library_reusing(
    dir: &Path,
    errors: &mut Vec<ContentError>,
    previous: Option<&Library>,
) -> Library {
    let mut library = Library {
        categories: load_categories(&dir.join(CATEGORIES_FILE), errors),
        ..Library::default()
    };
    let previous = previous.filter(|previous| previous.categories == library.categories);
    let paths = list_files(dir, "md", errors);
    for loaded in load_documents(&paths, &library.categories, previous) {
        match loaded {
            Ok(doc) => library.insert(doc),
            Err(e) => errors.push(e),
        }
    }
    library.sort();
    if library.docs.is_empty() && errors.is_empty() {
        errors.push(ContentError::new(
            dir,
            0,
            "no documents found (expected <slug>.<lang>.md files)",
        ));
    }
    library
}

/// The categories file, if there is one (without it no document may name a category).
fn load_categories(path: &Path, errors: &mut Vec<ContentError>) -> Categories {
    if !path.exists() {
        return Categories::new();
    }
    let file = match TomlFile::read(path) {
        Ok(file) => file,
        Err(e) => {
            errors.push(e);
            return Categories::new();
        }
    };
    let categories: Categories = match file.parse() {
        Ok(categories) => categories,
        Err(e) => {
            errors.push(e);
            return Categories::new();
        }
    };
    for (id, names) in &categories {
        if !is_slug(id) {
            errors.push(file.error(
                &[id.into()],
                format!("category id `{id}` may only contain a-z, 0-9 and -"),
            ));
        }
        if names.en.trim().is_empty() || names.pt_br.trim().is_empty() {
            errors.push(file.error(
                &[id.into()],
                format!("category `{id}` needs a name in both languages"),
            ));
        }
    }
    categories
}

/// A-z, 0-9 and `-`, not empty: the characters of slugs and category ids.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Loads `paths` in order, spread over the machine's cores. Reading,
/// parsing and rendering documents is most of a start or a reload (two
/// thirds of one for 1,000 files), and each file is independent of the others.
fn load_documents(
    paths: &[PathBuf],
    categories: &Categories,
    previous: Option<&Library>,
) -> Vec<Result<Arc<Document>, ContentError>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A thread is not worth starting for a few files.
    let per_thread = paths.len().div_ceil(threads).max(16);
    if per_thread >= paths.len() {
        return paths
            .iter()
            .map(|path| load_document(path, categories, previous))
            .collect();
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|path| load_document(path, categories, previous))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

fn load_document(
    path: &Path,
    categories: &Categories,
    previous: Option<&Library>,
) -> Result<Arc<Document>, ContentError> {
    let (slug, lang) = slug_and_lang(path)?;
    let source = read_text(path)?;
    let source_hash = {
        let mut hasher = crate::text::stable_hasher();
        source.hash(&mut hasher);
        hasher.finish()
    };
    let unchanged = previous
        .and_then(|previous| previous.docs.get(&slug)?.get(&lang))
        .filter(|doc| doc.source_hash == source_hash && doc.path == path);
    if let Some(doc) = unchanged {
        return Ok(Arc::clone(doc));
    }
    let (front_text, body, body_line) = split_front_matter(&source).ok_or_else(|| {
        ContentError::new(
            path,
            1,
            "missing front matter: the file must start with a line `+++`, then TOML, then `+++`",
        )
    })?;
    let front: FrontMatter = toml::from_str(front_text).map_err(|e| toml_error(path, front_text, 2, &e))?;
    validate_front_matter(path, front_text, &front, categories)?;
    let rendered = markdown::render(body, body_line);
    Ok(Arc::new(Document {
        slug,
        lang,
        path: path.to_owned(),
        front,
        body_line,
        rendered,
        source_hash,
    }))
}

fn validate_front_matter(
    path: &Path,
    front_text: &str,
    front: &FrontMatter,
    categories: &Categories,
) -> Result<(), ContentError> {
    // The front matter starts on line 2, after the opening `+++`.
    let at = |field: &str, message: String| {
        let toml = TomlFile {
            path: path.to_owned(),
            text: front_text.to_owned(),
        };
        let (line, column) = toml.position(&[field.into()]);
        ContentError::at(path, (line + 1, column), message)
    };
    let empty = |field: &str| at(field, format!("front matter field `{field}` must not be empty"));
    if front.title.trim().is_empty() {
        return Err(empty("title"));
    }
    if front.description.trim().is_empty() {
        return Err(empty("description"));
    }
    if front.applies_to.is_empty() || front.applies_to.iter().any(|a| a.trim().is_empty()) {
        return Err(empty("applies_to"));
    }
    if front.modified.date.is_none() {
        return Err(at(
            "modified",
            "front matter field `modified` must be a date such as 2011-11-14".into(),
        ));
    }
    if let Some(category) = front.category.as_deref().filter(|c| !categories.contains_key(*c)) {
        let known = categories
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(at(
            "category",
            format!(
                "category `{category}` is not declared in docs/{CATEGORIES_FILE} (declared: {})",
                if known.is_empty() { "none" } else { &known }
            ),
        ));
    }
    Ok(())
}

/// `upgrade.pt-BR.md` → (`upgrade`, pt-BR).
fn slug_and_lang(path: &Path) -> Result<(String, Lang), ContentError> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let (slug, tag) = stem.rsplit_once('.').ok_or_else(|| {
        ContentError::new(
            path,
            0,
            "file name must be <slug>.<lang>.md, e.g. upgrade.pt-BR.md or upgrade.en.md",
        )
    })?;
    let lang = Lang::from_tag(tag).map_err(|e| ContentError::new(path, 0, e.to_string()))?;
    if tag != lang.as_str() {
        return Err(ContentError::new(
            path,
            0,
            format!(
                "write the language in the file name as `{}`, not `{tag}`",
                lang.as_str()
            ),
        ));
    }
    if !is_slug(slug) {
        return Err(ContentError::new(
            path,
            0,
            format!("slug `{slug}` may only contain a-z, 0-9 and -"),
        ));
    }
    Ok((slug.to_owned(), lang))
}

/// Splits `+++\n<toml>\n+++\n<body>`; returns the TOML, the body and the body's first line.
fn split_front_matter(source: &str) -> Option<(&str, &str, usize)> {
    let rest = source
        .strip_prefix("+++\n")
        .or_else(|| source.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.matches('\n').count() + 1;
            return Some((front, body, body_line));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_broken_front_matter_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "x.en.md",
            "+++\ntitle = \"T\"\ndescription = \"D\"\napplies_to = [\"A\"]\nmodified = 2011-11-14\ncolour = \"red\"\n+++\n## H {#h}\n",
        );
        let err = load_document(&path, &Categories::new(), None).unwrap_err();
        assert_eq!(err.line, 6, "{err}");
        assert!(err.message.contains("colour"), "{err}");
        assert!(err.to_string().starts_with(&format!("{}:6:", path.display())));
    }

    #[test]
    fn a_missing_field_and_a_bad_file_name_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "x.en.md", "+++\ntitle = \"T\"\n+++\n");
        assert!(
            load_document(&path, &Categories::new(), None)
                .unwrap_err()
                .message
                .contains("description")
        );
        let path = write(dir.path(), "x.md", "+++\n+++\n");
        assert!(
            load_document(&path, &Categories::new(), None)
                .unwrap_err()
                .message
                .contains("<slug>.<lang>.md")
        );
        let path = write(dir.path(), "x.fr.md", "+++\n+++\n");
        assert!(
            load_document(&path, &Categories::new(), None)
                .unwrap_err()
                .message
                .contains("not supported")
        );
    }

    #[test]
    fn a_category_must_be_declared() {
        let dir = tempfile::tempdir().unwrap();
        let text = "+++\ntitle = \"T\"\ndescription = \"D\"\napplies_to = [\"A\"]\nmodified = 2011-11-14\ncategory = \"mail\"\n+++\n## H {#h}\n";
        let path = write(dir.path(), "x.en.md", text);
        let err = load_document(&path, &Categories::new(), None).unwrap_err();
        assert_eq!(err.line, 6, "{err}");
        assert!(err.message.contains("`mail` is not declared"), "{err}");
        write(
            dir.path(),
            CATEGORIES_FILE,
            "mail = { en = \"Mail\", \"pt-BR\" = \"Correio\" }\n\"Bad Id\" = { en = \"X\", \"pt-BR\" = \"\" }\n",
        );
        let mut errors = Vec::new();
        let library = load_library(dir.path(), &mut errors);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("may only contain") && messages[1].contains("both languages"));
        assert_eq!(
            library.get("x", Lang::En).unwrap().front.category.as_deref(),
            Some("mail")
        );
        assert_eq!(library.categories()["mail"].get(Lang::PtBr), "Correio");
    }

    #[test]
    fn body_lines_count_from_the_file_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "x.pt-BR.md",
            "+++\ntitle = \"T\"\ndescription = \"D\"\napplies_to = [\"A\"]\nmodified = 2011-11-14\n+++\n\n## H {#h}\n\nText.\n",
        );
        let doc = load_document(&path, &Categories::new(), None).unwrap();
        assert_eq!(doc.lang, Lang::PtBr);
        assert_eq!(doc.slug, "x");
        assert_eq!(doc.rendered.sections[0].line, 8);
    }

    #[test]
    fn a_reload_reuses_unchanged_documents_and_reads_changed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let doc = |text: &str| {
            format!(
                "+++\ntitle = \"T\"\ndescription = \"D\"\napplies_to = [\"A\"]\nmodified = 2011-11-14\n+++\n\n## H {{#h}}\n\n{text}\n"
            )
        };
        write(dir.path(), "same.en.md", &doc("Same."));
        write(dir.path(), "edited.en.md", &doc("Before."));
        let load = |previous: Option<&Library>| {
            let mut errors = Vec::new();
            let library = load_library_reusing(dir.path(), &mut errors, previous);
            assert!(errors.is_empty(), "{errors:?}");
            library
        };
        let first = load(None);
        write(dir.path(), "edited.en.md", &doc("After."));
        let second = load(Some(&first));
        let same = |a: &Library, b: &Library, slug: &str| {
            std::ptr::eq(a.get(slug, Lang::En).unwrap(), b.get(slug, Lang::En).unwrap())
        };
        assert!(same(&first, &second, "same"));
        assert!(!same(&first, &second, "edited"));
        let text = |library: &Library| {
            library.get("edited", Lang::En).unwrap().rendered.sections[0]
                .text
                .clone()
        };
        assert_eq!((text(&first).trim(), text(&second).trim()), ("Before.", "After."));
        // Categories take part in checking front matter: when they change,
        // every document is read again.
        write(
            dir.path(),
            CATEGORIES_FILE,
            "mail = { en = \"Mail\", \"pt-BR\" = \"Correio\" }\n",
        );
        let third = load(Some(&second));
        assert!(!same(&second, &third, "same"));
        // Without a previous library nothing is shared.
        assert!(!same(&third, &load(None), "same"));
    }
}
