//! A generated knowledge base (benches/corpus.rs) at small size: it passes
//! `docdesk check`, and every section's marker word finds that section first.

use docdesk::content::Content;
use docdesk::lang::Lang;
use docdesk::search::SearchIndex;

use crate::corpus;
use crate::helpers::repo_root;

#[test]
fn a_generated_corpus_is_valid_and_every_marker_finds_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    let markers = corpus::generate(&repo_root().join("content"), &root, 6, 5).unwrap();
    assert_eq!(markers.len(), 30);
    let content = Content::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let problems = docdesk::check::validate(&content);
    assert!(problems.is_empty(), "{problems:?}");
    let index = SearchIndex::build_with_cache(&content.library, 0).unwrap();
    for (i, marker) in markers.iter().enumerate() {
        let lang = Lang::ALL[i % 2];
        let expected = format!("/docs/{lang}/{}#{}", marker.doc, marker.section);
        for query in [
            format!("{} ", marker.word),
            format!("servidor cluster {}", marker.word),
        ] {
            let hits = index.search_in(&query, lang, 3).unwrap();
            assert_eq!(
                hits.first().map(|h| h.url.as_str()),
                Some(expected.as_str()),
                "{query}"
            );
        }
        // A typo (one the corpus does not have: no other marker is one edit away) finds it first.
        let typo = corpus::typo_of(&marker.word);
        assert!(markers.iter().all(|m| m.word != typo), "{typo}");
        let hits = index.search_in(&format!("{typo} "), lang, 3).unwrap();
        assert_eq!(
            hits.first().map(|h| h.url.as_str()),
            Some(expected.as_str()),
            "{typo}"
        );
    }
}
