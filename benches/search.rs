//! In-process search latency over the shipped content, and over a generated
//! knowledge base of 10,000 sections per language (benches/corpus.rs).
//!
//! Run: `cargo bench --bench search`; each query is its own benchmark, and
//! `target/criterion/search/*/new/estimates.json` holds the medians; the
//! scale group's are in `target/criterion/scale/*/new/estimates.json`, each
//! the time of one query of its kind, cycling over every marker so that
//! every search is one not made before (as in `benches/scale.sh`).

// Only the markers' words are read here.
#[allow(dead_code)]
#[path = "corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use docdesk::content::Content;
use docdesk::lang::Lang;
use docdesk::search::SearchIndex;

/// A fixed mix of what help-desk staff type: accents or not, typos, identifiers, partial words.
const QUERIES: &[(&str, Lang)] = &[
    ("atualizacao", Lang::PtBr),
    ("servidro de caixas de correio", Lang::PtBr),
    ("Setup.com", Lang::PtBr),
    ("nós passivos", Lang::PtBr),
    ("pré-requisitos", Lang::PtBr),
    ("inativ", Lang::PtBr),
    ("update rollup removal", Lang::En),
    ("Windows Vista remote management", Lang::En),
    ("clustr", Lang::En),
    ("Move-Mailbox", Lang::En),
];

fn search(c: &mut Criterion) {
    let content =
        Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).expect("content loads");
    // Uncached: this measures the engine, not the result cache.
    let index = SearchIndex::build_with_cache(&content.library, 0).expect("index builds");
    let mut group = c.benchmark_group("search");
    for (i, (q, lang)) in QUERIES.iter().enumerate() {
        group.bench_with_input(BenchmarkId::new(format!("q{i:02}"), q), q, |b, q| {
            b.iter(|| black_box(index.search(black_box(q), *lang, 10).expect("search")))
        });
    }
    group.finish();
    c.bench_function("index/build_from_content", |b| {
        b.iter(|| black_box(SearchIndex::build(&content.library).expect("index builds")))
    });
}

/// A kind of query, made from a marker word.
type QueryOf = fn(&str) -> String;

/// Generated documents × sections per document, as in `benches/scale.sh 500 20`.
const SCALE: (usize, usize) = (500, 20);

fn scale(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("content");
    let markers = corpus::generate(&root.join("content"), &out, SCALE.0, SCALE.1).expect("corpus");
    let content = Content::load(&out).expect("generated content loads");
    let index = SearchIndex::build_with_cache(&content.library, 0).expect("index builds");
    // The three kinds of query of benches/scale_mix.lua, each over every marker.
    let kinds: [(&str, QueryOf); 3] = [
        ("marker_typed", |m| m.to_owned()),
        ("word_and_marker", |m| format!("servidor {m} ")),
        ("typo", |m| format!("{} ", corpus::typo_of(m))),
    ];
    let mut group = c.benchmark_group("scale");
    for (name, query) in kinds {
        let queries: Vec<String> = markers.iter().map(|m| query(&m.word)).collect();
        let mut next = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                next = (next + 1) % queries.len();
                black_box(
                    index
                        .search(black_box(&queries[next]), Lang::PtBr, 10)
                        .expect("search"),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, search, scale);
criterion_main!(benches);
