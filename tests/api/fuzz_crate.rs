//! The fuzz targets (`fuzz/`) are a crate of their own with their own lock
//! file, so adding a dependency here leaves that file behind unless someone
//! updates it: CI then refuses to build the targets (`--locked`), and a fuzz
//! run would build other versions than the ones tested. Both are checked here,
//! where a change is tested before it lands, without compiling anything.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use crate::helpers::repo_root;

/// `name` → versions, from a `Cargo.lock`.
fn locked_versions(path: &std::path::Path) -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let lock: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in lock["package"].as_array().expect("[[package]] entries") {
        let field = |key: &str| package[key].as_str().expect("name and version").to_owned();
        versions
            .entry(field("name"))
            .or_default()
            .insert(field("version"));
    }
    versions
}

#[test]
fn the_fuzz_crates_lock_file_is_current_and_pins_the_tested_versions() {
    let root = repo_root();
    let manifest = root.join("fuzz/Cargo.toml");
    // `--locked` fails when the lock file would have to change, as it does
    // in CI's build of the targets; `metadata` resolves without compiling.
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "fuzz/Cargo.lock is out of date with Cargo.toml; update it with \
         `cargo update --manifest-path fuzz/Cargo.toml --workspace` and commit it:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tested = locked_versions(&root.join("Cargo.lock"));
    let fuzzed = locked_versions(&root.join("fuzz/Cargo.lock"));
    let differing: Vec<String> = fuzzed
        .iter()
        .filter_map(|(name, versions)| {
            let ours = tested.get(name)?;
            (!versions.is_subset(ours)).then(|| format!("{name}: fuzz {versions:?}, tested {ours:?}"))
        })
        .collect();
    assert!(
        differing.is_empty(),
        "fuzz/Cargo.lock builds other versions than Cargo.lock (set them with \
         `cargo update --manifest-path fuzz/Cargo.toml -p NAME --precise VERSION`):\n{}",
        differing.join("\n")
    );
}
