//! The content loader and its gate (`docdesk check`, which `serve` runs
//! too): one shipped content file edited by the input, in a scratch copy of
//! the content tree. Accepted content must index and compile into the
//! answer engine; refused content must name lines of the file. Never a panic.
//!
//! Input: a byte choosing the file, two bytes placing the edit, a byte
//! saying how many bytes it removes there (255: the whole file), then the
//! UTF-8 text it inserts. Edits keep most of a file as written, so the
//! loader's checks past the TOML and Markdown parsers are reached.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use docdesk::answers::AnswerEngine;
use docdesk::search::SearchIndex;
use docdesk_fuzz::content_dir;
use libfuzzer_sys::fuzz_target;

/// The scratch tree and its files with their shipped text.
struct Scratch {
    root: PathBuf,
    files: Vec<(PathBuf, String)>,
}

fn copy(from: &Path, to: &Path, files: &mut Vec<(PathBuf, String)>) {
    std::fs::create_dir_all(to).expect("scratch directory");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("content directory")
        .map(|entry| entry.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy(&path, &target, files);
        } else {
            let text = std::fs::read_to_string(&path).expect("content is text");
            std::fs::write(&target, &text).expect("scratch file");
            files.push((target, text));
        }
    }
}

static SCRATCH: LazyLock<Scratch> = LazyLock::new(|| {
    let root = std::env::temp_dir().join(format!("docdesk-fuzz-content-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let mut files = Vec::new();
    copy(&content_dir(), &root, &mut files);
    Scratch { root, files }
});

/// Floors `at` to a character boundary of `text`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fuzz_target!(|data: &[u8]| {
    let [file, hi, lo, removed, inserted @ ..] = data else {
        return;
    };
    let Ok(inserted) = std::str::from_utf8(inserted) else {
        return;
    };
    let scratch = &*SCRATCH;
    let (path, shipped) = &scratch.files[usize::from(*file) % scratch.files.len()];
    let text = if *removed == u8::MAX {
        inserted.to_owned()
    } else {
        let at = boundary(
            shipped,
            usize::from(u16::from_be_bytes([*hi, *lo])) * shipped.len() / 65_536,
        );
        let end = boundary(shipped, at + usize::from(*removed)).max(at);
        format!("{}{inserted}{}", &shipped[..at], &shipped[end..])
    };
    std::fs::write(path, &text).expect("scratch file");
    match docdesk::check::load_checked(&scratch.root) {
        Ok(content) => {
            SearchIndex::build_with_cache(&content.library, 0).expect("accepted documents index");
            AnswerEngine::new(content.answers);
        }
        Err(errors) => {
            let lines = text.lines().count() + 1;
            for error in errors.0.iter().filter(|e| e.file == *path) {
                assert!(
                    error.line <= lines,
                    "{error}: past the end of the file ({lines} lines)"
                );
            }
        }
    }
    std::fs::write(path, shipped).expect("scratch file");
});
