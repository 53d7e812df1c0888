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

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tantivy::Index;

use super::{Generation, SearchError, SearchIndex, schema, write};
use crate::docs::Library;
use crate::lang::Lang;

/// Changes whenever the schema or the analysis changes, so an index written
/// by another version is rebuilt rather than misread.
const FORMAT: u32 = 2;

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
    // SipHash with fixed keys: stable for a given build of docdesk, which is
    // all a key needs (another build may change FORMAT anyway).
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    FORMAT.hash(&mut hasher);
    for lang in Lang::ALL {
        lang.as_str().hash(&mut hasher);
        for doc in library.in_lang(lang) {
            (&doc.slug, &doc.front.title).hash(&mut hasher);
            for section in &doc.rendered.sections {
                (&section.id, &section.heading, &section.text).hash(&mut hasher);
            }
        }
    }
    format!("{:016x}", hasher.finish())
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
/// the index there already is of this content. Returns whether it changed.
pub fn update(search: &SearchIndex, library: &Library, data_dir: &Path) -> Result<bool, SearchError> {
    let _one_build = BUILDS.lock().unwrap_or_else(|e| e.into_inner());
    let root = data_dir.join("index");
    std::fs::create_dir_all(&root)?;
    let key = content_key(library);
    let current = std::fs::read_to_string(root.join(CURRENT)).unwrap_or_default();
    if current.trim() == key && root.join(&key).join(COMPLETE).exists() {
        return Ok(false);
    }
    let generation = build(&root, &key, library)?;
    search.replace(generation);
    set_current(&root, &key)?;
    prune(&root, &key);
    Ok(true)
}

/// Writes both languages under a temporary name, then renames it to `key`.
pub fn build(root: &Path, key: &str, library: &Library) -> Result<Generation, SearchError> {
    let building = root.join(format!("{BUILDING}{key}-{}", std::process::id()));
    if building.exists() {
        std::fs::remove_dir_all(&building)?;
    }
    for lang in Lang::ALL {
        let dir = building.join(lang.as_str());
        std::fs::create_dir_all(&dir)?;
        let index = Index::create_in_dir(&dir, schema(lang))?;
        write(&index, library, lang)?;
    }
    std::fs::write(building.join(COMPLETE), FORMAT.to_string())?;
    std::fs::File::open(building.join(COMPLETE))?.sync_all()?;
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
    use crate::docs::load_library;

    fn library(dir: &Path, word: &str) -> Library {
        let docs = dir.join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        for (lang, heading) in [("en", "Overview"), ("pt-BR", "Visão geral")] {
            let text = format!(
                "+++\ntitle = \"T\"\ndescription = \"D\"\napplies_to = [\"A\"]\nmodified = 2011-11-14\n+++\n\n## {heading} {{#overview}}\n\nThe {word} procedure for atualizações.\n"
            );
            std::fs::write(docs.join(format!("guide.{lang}.md")), text).unwrap();
        }
        let mut errors = Vec::new();
        let library = load_library(&docs, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        library
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
}
