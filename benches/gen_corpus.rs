//! Writes a synthetic bilingual content tree for scale measurements.
//!
//! Usage: `cargo run --release --example gen_corpus -- OUT DOCS SECTIONS [SOURCE]`
//! (SOURCE defaults to `content`). Besides the content tree, `OUT/queries.txt`
//! gets one `/api/search` query string per line for `benches/scale_mix.lua`:
//! each marker word exact, after an ordinary word, and with a typo, in both
//! languages, so a load run sends mostly distinct, uncacheable queries;
//! `OUT/markers.tsv` lists each marker with the document and section it belongs to.

#[path = "corpus.rs"]
mod corpus;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(docs), Some(sections)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_corpus OUT DOCS SECTIONS [SOURCE]");
        return ExitCode::FAILURE;
    };
    let source = args
        .get(3)
        .map_or_else(|| PathBuf::from("content"), PathBuf::from);
    let markers = match corpus::generate(&source, &out, docs, sections) {
        Ok(markers) => markers,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut queries = String::new();
    let mut expected = String::new();
    for (i, marker) in markers.iter().enumerate() {
        writeln!(expected, "{}\t{}\t{}", marker.word, marker.doc, marker.section).ok();
        let lang = if i % 2 == 0 { "pt-BR" } else { "en" };
        let typo = corpus::typo_of(&marker.word);
        let word = if i % 2 == 0 { "servidor" } else { "cluster" };
        writeln!(queries, "lang={lang}&q={}", marker.word).ok();
        writeln!(queries, "lang={lang}&q={word}%20{}%20", marker.word).ok();
        writeln!(queries, "lang={lang}&q={typo}%20").ok();
    }
    let written = std::fs::write(out.join("queries.txt"), queries)
        .and_then(|()| std::fs::write(out.join("markers.tsv"), expected));
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "{} documents x {} sections x 2 languages ({} generated sections per language) in {}",
        docs,
        sections,
        markers.len(),
        out.display()
    );
    ExitCode::SUCCESS
}
