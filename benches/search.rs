//! In-process search latency over the shipped content.
//!
//! Run: `cargo bench --bench search`; each query is its own benchmark, and
//! `target/criterion/search/*/new/estimates.json` holds the medians.

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

criterion_group!(benches, search);
criterion_main!(benches);
