//! Search indexes in the data directory, keyed by a hash of what they index.
//!
//! Layout: `<data>/index/<key>/pt-BR/` and `<key>/en/` (tantivy directories,
//! memory-mapped when opened), `<key>/complete`, and `<data>/index/current`
//! naming the key served last. An index is written under
//! `.building-<key>-<pid>/` and renamed to `<key>/` only once both languages
//! are committed, so a crash mid-build never leaves a directory with a key's
//! name; one that is there anyway but incomplete or damaged (tantivy's
//! per-file checksums) is removed and rebuilt, never served.
//!
//! A start with unchanged content opens the index in milliseconds. A start
//! with changed content serves the previous index (it is self-contained:
//! headings, URLs and texts are stored in it) while the new one is built on
//! a background thread, then swaps it in; with no previous index, it builds
//! before serving.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tantivy::Index;

use super::error::SearchError;
use super::{Generation, SearchIndex, Writer, schema, write};
use crate::docs::{Document, Library};
use crate::lang::Lang;

/// Changes whenever the schema or the analysis changes, so an index written
/// by another version is rebuilt rather than misread.
const FORMAT: u32 = 3;

/// The file whose presence says both languages were committed.
const COMPLETE: &str = "complete";
/// The file naming the key served last.
const CURRENT: &str = "current";
/// Prefix of directories being written.
const BUILDING: &str = ".building-";

/// One index build at a time in this process: a rebuild started at start-up
/// and one started by a reload must not overtake each other.
static BUILDS: Mutex<()> = Mutex::new(());

/// The key of an index over `library`: a hash of every indexed field.
pub fn content_key(library: &Library) -> String {
    let mut hasher = crate::text::stable_hasher();
    FORMAT.hash(&mut hasher);
    for lang in Lang::ALL {
        lang.as_str().hash(&mut hasher);
        for doc in library.in_lang(lang) {
            document_hash(doc).hash(&mut hasher);
        }
    }
    format!("{:016x}", hasher.finish())
}

/// A hash of everything the index holds of one document in one language.
fn document_hash(doc: &Document) -> u64 {
    let mut hasher = crate::text::stable_hasher();
    (&doc.slug, &doc.front.title).hash(&mut hasher);
    for section in &doc.rendered.sections {
        (&section.id, &section.heading, &section.text).hash(&mut hasher);
    }
    hasher.finish()
}

/// How the index served at start came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Opened from the data directory: the content had not changed.
    Opened,
    /// Built before serving: there was no usable index.
    Built,
    /// The previous content's index, serving while the new one is built.
    Previous,
}

/// The index to serve, and the background rebuild when there is one.
pub struct Started {
    /// Serve this.
    pub index: Arc<SearchIndex>,
    /// Where it came from.
    pub origin: Origin,
    /// The thread building the index of the current content, when `origin` is `Previous`.
    pub rebuild: Option<JoinHandle<()>>,
}

/// Opens the index of `library` from `data_dir`, or builds it (see the module docs).
pub fn open_or_build(
    library: &Library,
    cache_entries: usize,
    data_dir: &Path,
) -> Result<Started, SearchError> {
    let root = data_dir.join("index");
    std::fs::create_dir_all(&root)?;
    remove_abandoned_builds(&root);
    let key = content_key(library);
    if let Some(generation) = open_valid(&root.join(&key)) {
        tracing::info!(key, "search index opened from {}", root.display());
        set_current(&root, &key)?;
        prune(&root, &key);
        return Ok(Started {
            index: Arc::new(SearchIndex::serving(generation, cache_entries)),
            origin: Origin::Opened,
            rebuild: None,
        });
    }
    let previous = std::fs::read_to_string(root.join(CURRENT))
        .ok()
        .map(|k| k.trim().to_owned())
        .filter(|k| *k != key && !k.is_empty())
        .and_then(|k| open_valid(&root.join(k)));
    let Some(previous) = previous else {
        tracing::info!(key, "building the search index");
        let generation = build(&root, &key, library)?;
        set_current(&root, &key)?;
        prune(&root, &key);
        return Ok(Started {
            index: Arc::new(SearchIndex::serving(generation, cache_entries)),
            origin: Origin::Built,
            rebuild: None,
        });
    };
    tracing::info!(
        key,
        "content changed: serving the previous search index while the new one is built"
    );
    let index = Arc::new(SearchIndex::serving_stale(previous, cache_entries));
    let serving = Arc::clone(&index);
    let library = library.clone();
    let rebuild = std::thread::Builder::new()
        .name("index-rebuild".into())
        .spawn(move || {
            let _one_build = BUILDS.lock().unwrap_or_else(|e| e.into_inner());
            if serving.generation() != 0 {
                // A reload has already swapped in newer content.
                return;
            }
            match build(&root, &key, &library) {
                Ok(generation) => {
                    serving.replace(generation);
                    if let Err(e) = set_current(&root, &key) {
                        tracing::error!("cannot record the current search index: {e}");
                    }
                    prune(&root, &key);
                    tracing::info!(key, "search index rebuilt and swapped in");
                }
                Err(e) => {
                    tracing::error!("cannot rebuild the search index (the previous one keeps serving): {e}")
                }
            }
        })?;
    Ok(Started {
        index,
        origin: Origin::Previous,
        rebuild: Some(rebuild),
    })
}

/// Makes `search` serve an index of `library`: written to `data_dir` unless
/// the index there already is of this content. When the index there is that
/// of `previous`, only the documents that differ are re-indexed (their
/// sections deleted and added again), so an edit to one document costs that
/// document, not the whole knowledge base. Returns whether it changed.
pub fn update(
    search: &SearchIndex,
    previous: &Library,
    library: &Library,
    data_dir: &Path,
) -> Result<bool, SearchError> {
    let _one_build = BUILDS.lock().unwrap_or_else(|e| e.into_inner());
    let root = data_dir.join("index");
    std::fs::create_dir_all(&root)?;
    let key = content_key(library);
    let current = std::fs::read_to_string(root.join(CURRENT)).unwrap_or_default();
    let current = current.trim();
    if current == key && root.join(&key).join(COMPLETE).exists() {
        return Ok(false);
    }
    let incremental = current == content_key(previous) && root.join(current).join(COMPLETE).exists();
    let generation = match incremental {
        true => {
            let (generation, changed) = patch(&root, current, &key, previous, library)?;
            tracing::info!(key, documents = changed, "search index updated in place");
            generation
        }
        false => build(&root, &key, library)?,
    };
    search.replace(generation);
    set_current(&root, &key)?;
    prune(&root, &key);
    Ok(true)
}

/// Re-indexes, in the index `from` of `previous`, the documents of `library`
/// that differ, then renames it to `key`. Its `complete` marker is removed
/// first: a crash half-way leaves an index that is rebuilt, never served.
/// Searches on the generation serving now are unaffected: the segments they
/// read stay mapped, and a deleted section is only hidden from readers opened
/// after the commit. Returns the new generation and how many documents changed.
fn patch(
    root: &Path,
    from: &str,
    key: &str,
    previous: &Library,
    library: &Library,
) -> Result<(Generation, usize), SearchError> {
    let dir = root.join(from);
    std::fs::remove_file(dir.join(COMPLETE))?;
    let changed = per_language(|lang| {
        let index = Index::open_in_dir(dir.join(lang.as_str()))?;
        patch_language(&index, lang, previous, library)
    })?;
    let target = root.join(key);
    if target.exists() {
        std::fs::remove_dir_all(&target)?;
    }
    std::fs::rename(&dir, &target)?;
    mark_complete(&target)?;
    Ok((Generation::open(open_dirs(&target)?)?, changed.into_iter().sum()))
}

/// Re-indexes one language's changed documents; returns how many changed.
fn patch_language(
    index: &Index,
    lang: Lang,
    previous: &Library,
    library: &Library,
) -> Result<usize, SearchError> {
    let old: HashMap<&str, u64> = previous
        .in_lang(lang)
        .map(|doc| (doc.slug.as_str(), document_hash(doc)))
        .collect();
    let new: HashMap<&str, &Document> = library
        .in_lang(lang)
        .map(|doc| (doc.slug.as_str(), doc))
        .collect();
    let mut changed = 0;
    let mut writer = Writer::new(index, lang)?;
    for slug in old.keys().filter(|slug| !new.contains_key(*slug)) {
        writer.remove(slug);
        changed += 1;
    }
    for (slug, doc) in &new {
        if old.get(slug) != Some(&document_hash(doc)) {
            if old.contains_key(slug) {
                writer.remove(slug);
            }
            writer.add(doc)?;
            changed += 1;
        }
    }
    writer.commit()?;
    Ok(changed)
}

/// Runs `work` for both languages at once, one thread each, results in
/// [`Lang::ALL`] order. The languages' indexes are independent, and both
/// halves of the work wait mostly on different things: a first build is
/// CPU-bound (two cores index twice as fast), and a small reload is bound by
/// tantivy's commit, which syncs every file it writes to disk (measured at
/// 200–400 ms per language on the development machine, most of an edit's
/// reload time): two commits at once overlap their waits.
fn per_language<T: Send>(
    work: impl Fn(Lang) -> Result<T, SearchError> + Sync,
) -> Result<[T; 2], SearchError> {
    let [pt, en] = std::thread::scope(|scope| {
        let work = &work;
        let threads = Lang::ALL.map(|lang| scope.spawn(move || work(lang)));
        threads.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    });
    Ok([pt?, en?])
}

fn mark_complete(dir: &Path) -> std::io::Result<()> {
    std::fs::write(dir.join(COMPLETE), FORMAT.to_string())?;
    std::fs::File::open(dir.join(COMPLETE))?.sync_all()
}

/// Writes both languages under a temporary name, then renames it to `key`.
pub fn build(root: &Path, key: &str, library: &Library) -> Result<Generation, SearchError> {
    let building = root.join(format!("{BUILDING}{key}-{}", std::process::id()));
    if building.exists() {
        std::fs::remove_dir_all(&building)?;
    }
    per_language(|lang| {
        let dir = building.join(lang.as_str());
        std::fs::create_dir_all(&dir)?;
        let index = Index::create_in_dir(&dir, schema::build(lang))?;
        write(&index, library, lang)
    })?;
    mark_complete(&building)?;
    let target = root.join(key);
    if target.exists() {
        std::fs::remove_dir_all(&target)?;
    }
    std::fs::rename(&building, &target)?;
    Generation::open(open_dirs(&target)?)
}

fn open_dirs(dir: &Path) -> Result<[Index; 2], SearchError> {
    let [pt, en] = Lang::ALL.map(|lang| Index::open_in_dir(dir.join(lang.as_str())));
    Ok([pt?, en?])
}

/// Opens the index in `dir` if it is complete and undamaged; otherwise removes it.
fn open_valid(dir: &Path) -> Option<Generation> {
    if !dir.exists() {
        return None;
    }
    let opened = (|| -> Result<Generation, String> {
        let format = std::fs::read_to_string(dir.join(COMPLETE)).map_err(|_| "incomplete".to_owned())?;
        if format.trim() != FORMAT.to_string() {
            return Err(format!("written in format {}, not {FORMAT}", format.trim()));
        }
        let indexes = open_dirs(dir).map_err(|e| e.to_string())?;
        for index in &indexes {
            let damaged = index.validate_checksum().map_err(|e| e.to_string())?;
            if !damaged.is_empty() {
                return Err(format!("damaged files: {damaged:?}"));
            }
        }
        Generation::open(indexes).map_err(|e| e.to_string())
    })();
    match opened {
        Ok(generation) => Some(generation),
        Err(problem) => {
            tracing::warn!(
                "search index {} is not usable ({problem}); rebuilding it",
                dir.display()
            );
            if let Err(e) = std::fs::remove_dir_all(dir) {
                tracing::warn!("cannot remove {}: {e}", dir.display());
            }
            None
        }
    }
}

fn set_current(root: &Path, key: &str) -> std::io::Result<()> {
    let temporary = root.join(format!("{CURRENT}.{}", std::process::id()));
    std::fs::write(&temporary, key)?;
    std::fs::rename(temporary, root.join(CURRENT))
}

/// Removes every index but `keep` (a replaced index still mapped by searches
/// under way stays readable until they finish: unlinked files live on).
fn prune(root: &Path, keep: &str) {
    for dir in subdirectories(root) {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name != keep && !name.starts_with(BUILDING) {
            if let Err(e) = std::fs::remove_dir_all(&dir) {
                tracing::warn!("cannot remove the old search index {}: {e}", dir.display());
            }
        }
    }
}

/// Builds left behind by a process that is gone (its pid no longer runs).
fn remove_abandoned_builds(root: &Path) {
    for dir in subdirectories(root) {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let Some(pid) = name
            .strip_prefix(BUILDING)
            .and_then(|rest| rest.rsplit('-').next())
        else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

fn subdirectories(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(dir: &Path, word: &str) -> Library {
        crate::search::tests::library(
            dir,
            &[("guide", &format!("The {word} procedure for atualizações."))],
        )
    }

    fn finds(index: &SearchIndex, word: &str) -> bool {
        !index
            .search_in(&format!("{word} "), Lang::En, 5)
            .unwrap()
            .is_empty()
    }

    fn index_files(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn an_unchanged_index_is_reopened_and_a_changed_one_rebuilt_while_the_old_serves() {
        let content = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let first = library(content.path(), "quarantine");
        let started = open_or_build(&first, 0, data.path()).unwrap();
        assert_eq!(started.origin, Origin::Built);
        assert!(finds(&started.index, "quarantine"));
        drop(started);

        let again = open_or_build(&first, 0, data.path()).unwrap();
        assert_eq!(again.origin, Origin::Opened);
        assert!(again.index.is_current());
        assert!(finds(&again.index, "quarantine"));
        // Accent restoration and stored fields survive the round trip.
        let hits = again.index.search_in("atualizacoes ", Lang::PtBr, 1).unwrap();
        assert_eq!(hits[0].url, "/docs/pt-BR/guide#overview");
        assert!(
            hits[0].snippet.contains("<mark>atualizações</mark>"),
            "{}",
            hits[0].snippet
        );
        drop(again);

        let second = library(content.path(), "failover");
        // Holding the build lock keeps the rebuild from starting.
        let building = BUILDS.lock().unwrap_or_else(|e| e.into_inner());
        let changed = open_or_build(&second, 16, data.path()).unwrap();
        assert_eq!(changed.origin, Origin::Previous);
        assert!(finds(&changed.index, "quarantine"));
        assert!(
            !changed.index.is_current(),
            "the previous content's index is stale"
        );
        drop(building);
        changed.rebuild.unwrap().join().unwrap();
        assert!(changed.index.is_current());
        assert!(finds(&changed.index, "failover"));
        assert!(!finds(&changed.index, "quarantine"));
        let root = data.path().join("index");
        assert_eq!(subdirectories(&root), [root.join(content_key(&second))]);
    }

    #[test]
    fn a_damaged_or_half_written_index_is_rebuilt_not_served() {
        let content = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let library = library(content.path(), "quarantine");
        drop(open_or_build(&library, 0, data.path()).unwrap());
        let dir = data.path().join("index").join(content_key(&library));
        for file in index_files(&dir.join("en")) {
            let length = std::fs::metadata(&file).unwrap().len();
            if file.extension().is_some_and(|e| e == "idx" || e == "term") {
                let truncated = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
                truncated.set_len(length / 2).unwrap();
            }
        }
        let started = open_or_build(&library, 0, data.path()).unwrap();
        assert_eq!(started.origin, Origin::Built);
        assert!(finds(&started.index, "quarantine"));
        drop(started);

        std::fs::remove_file(dir.join(COMPLETE)).unwrap();
        let started = open_or_build(&library, 0, data.path()).unwrap();
        assert_eq!(started.origin, Origin::Built);
        assert!(finds(&started.index, "quarantine"));
        assert!(dir.join(COMPLETE).exists());
    }

    #[test]
    fn an_edit_reindexes_only_the_documents_that_changed() {
        let content = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let guide = |word: &str| ("guide", format!("The {word} procedure."));
        let other = ("other", "The untouched quarantine notes.");
        let gone = ("gone", "The obsolete zqremoved notes.");
        let (guide_before, guide_after) = (guide("zqbefore"), guide("zqafter"));
        let before =
            crate::search::tests::library(content.path(), &[(guide_before.0, &guide_before.1), other, gone]);
        let started = open_or_build(&before, 16, data.path()).unwrap();
        let root = data.path().join("index");
        let segments = |key: &str| -> Vec<String> {
            index_files(&root.join(key).join("en"))
                .iter()
                .filter(|f| f.extension().is_some_and(|e| e == "store"))
                .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        let first = segments(&content_key(&before));
        assert!(finds(&started.index, "zqbefore") && finds(&started.index, "zqremoved"));

        std::fs::remove_file(content.path().join("docs/gone.en.md")).unwrap();
        std::fs::remove_file(content.path().join("docs/gone.pt-BR.md")).unwrap();
        let after = crate::search::tests::library(content.path(), &[(guide_after.0, &guide_after.1), other]);
        assert!(update(&started.index, &before, &after, data.path()).unwrap());
        let index = &started.index;
        assert!(finds(index, "zqafter") && finds(index, "quarantine"));
        assert!(!finds(index, "zqbefore") && !finds(index, "zqremoved"));
        // The untouched document's segment was kept: only the edit was indexed.
        let second = segments(&content_key(&after));
        assert!(
            first.iter().all(|f| second.contains(f)),
            "{first:?} vs {second:?}"
        );
        assert_eq!(subdirectories(&root), [root.join(content_key(&after))]);

        // The patched index is complete: a restart opens it as it is.
        drop(started);
        let again = open_or_build(&after, 0, data.path()).unwrap();
        assert_eq!(again.origin, Origin::Opened);
        assert!(finds(&again.index, "zqafter") && !finds(&again.index, "zqbefore"));
    }
}
