//! Full-text search over every section of every document, in both languages.
//!
//! One tantivy document per section. The index lives in RAM: it is built from
//! `content/` at start-up in a few milliseconds, and there is one
//! [`IndexReader`] for the process and a searcher per request.

pub mod analysis;
pub mod highlight;
pub mod identifier;
pub mod query;
pub mod vocabulary;

use std::sync::Arc;
use std::time::Instant;

use quick_cache::sync::Cache;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::schema::{FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, ReloadPolicy, Searcher, TantivyDocument};

use self::analysis::Analyzers;
use self::highlight::SectionWords;
use self::query::ParsedQuery;
use self::vocabulary::Vocabulary;
use crate::docs::Library;
use crate::lang::Lang;

/// Largest number of hits a caller may ask for.
pub const MAX_LIMIT: usize = 50;
/// Hits returned when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;

/// Failure inside the search engine (never caused by the query text).
#[derive(Debug, thiserror::Error)]
#[error("search index error: {0}")]
pub struct SearchError(#[from] tantivy::TantivyError);

/// The fields of a language's index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Position of the section in the language's section list (fast field).
    pub ord: Field,
    /// Heading and body, folded.
    pub folded: Field,
    /// Heading and body, identifiers kept whole.
    pub identifiers: Field,
    /// Heading and body, stemmed.
    pub stemmed: Field,
    /// Accented words as `folded` + U+001F + `stem` ([`vocabulary::accent_terms`]).
    pub accents: Field,
}

/// A section as the search engine knows it.
#[derive(Debug, Clone)]
pub struct IndexedSection {
    /// Document slug.
    pub doc: String,
    /// Section id.
    pub section: String,
    /// Section heading.
    pub heading: String,
    /// Document title.
    pub title: String,
    /// Link to the section.
    pub url: String,
    /// Language.
    pub lang: Lang,
    /// Plain text that snippets are cut from.
    pub text: String,
    words: SectionWords,
}

/// One search hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Document slug.
    pub doc: String,
    /// Section id.
    pub section: String,
    /// Section heading (plain text).
    pub heading: String,
    /// Document title (plain text).
    pub title: String,
    /// Link to the section: `/docs/{lang}/{slug}#{section}`.
    pub url: String,
    /// HTML-escaped excerpt with `<mark>` around matched words.
    pub snippet: String,
    /// Language of this hit.
    pub lang: Lang,
    /// Relevance score.
    pub score: f32,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as received.
    pub query: String,
    /// The language searched first.
    pub lang: Lang,
    /// Best hits first.
    pub hits: Vec<Hit>,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
}

impl SearchResults {
    /// Whether the hits come from the other language because the requested one had none.
    pub fn is_fallback(&self) -> bool {
        self.hits.first().is_some_and(|h| h.lang != self.lang)
    }
}

/// Cached hits by (language searched first, limit, query).
type ResultCache = Cache<(Lang, usize, String), Arc<Vec<Hit>>>;

/// Result sets kept for repeated queries when the caller does not say.
pub const DEFAULT_CACHE_ENTRIES: usize = 4096;

/// The search index over a [`Library`]: one tantivy index per language, so a
/// query never pays for filtering out the other language.
///
/// The content cannot change while the process runs, so results are cached
/// by (language, limit, query) and never invalidated: typing in the search box
/// and many people looking up the same thing repeat queries constantly.
pub struct SearchIndex {
    languages: [LanguageIndex; 2],
    cache: Option<ResultCache>,
}

/// Everything searching one language needs.
struct LanguageIndex {
    fields: Fields,
    /// The index is never written after it is opened, so one searcher serves every query.
    searcher: Searcher,
    sections: Vec<IndexedSection>,
    analyzers: Analyzers,
    vocabulary: Vocabulary,
}

impl SearchIndex {
    /// Indexes every section of every document, with the default result cache.
    pub fn build(library: &Library) -> Result<SearchIndex, SearchError> {
        Self::build_with_cache(library, DEFAULT_CACHE_ENTRIES)
    }

    /// Indexes every section; `cache_entries` result sets are cached (0: no cache).
    pub fn build_with_cache(library: &Library, cache_entries: usize) -> Result<SearchIndex, SearchError> {
        let [pt, en] = Lang::ALL;
        Ok(SearchIndex {
            languages: [
                LanguageIndex::build(library, pt)?,
                LanguageIndex::build(library, en)?,
            ],
            cache: (cache_entries > 0).then(|| Cache::new(cache_entries)),
        })
    }

    fn language(&self, lang: Lang) -> &LanguageIndex {
        match lang {
            Lang::PtBr => &self.languages[0],
            Lang::En => &self.languages[1],
        }
    }

    /// Searches `lang` first; when it has nothing, the other language.
    pub fn search(&self, input: &str, lang: Lang, limit: usize) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let limit = limit.clamp(1, MAX_LIMIT);
        let hits = match &self.cache {
            Some(cache) => cache.get_or_insert_with(&(lang, limit, input.to_owned()), || {
                self.search_with_fallback(input, lang, limit).map(Arc::new)
            })?,
            None => Arc::new(self.search_with_fallback(input, lang, limit)?),
        };
        Ok(SearchResults {
            query: input.to_owned(),
            lang,
            hits: Arc::unwrap_or_clone(hits),
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    fn search_with_fallback(&self, input: &str, lang: Lang, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let hits = self.search_in(input, lang, limit)?;
        if hits.is_empty() {
            self.search_in(input, lang.other(), limit)
        } else {
            Ok(hits)
        }
    }

    /// Searches one language only.
    pub fn search_in(&self, input: &str, lang: Lang, limit: usize) -> Result<Vec<Hit>, SearchError> {
        self.language(lang).search(input, limit)
    }
}

impl LanguageIndex {
    fn build(library: &Library, lang: Lang) -> Result<LanguageIndex, SearchError> {
        let (schema, fields) = schema(lang);
        let index = Index::create_in_ram(schema);
        write(&index, library, lang, fields)?;
        Self::open(&index, library, lang, fields)
    }

    /// Opens a written index; `library` must be the one it was written from.
    fn open(
        index: &Index,
        library: &Library,
        lang: Lang,
        fields: Fields,
    ) -> Result<LanguageIndex, SearchError> {
        analysis::register(index.tokenizers());
        let mut analyzers = Analyzers::new(lang);
        let mut sections = Vec::new();
        for doc in library.in_lang(lang) {
            for section in &doc.rendered.sections {
                sections.push(IndexedSection {
                    doc: doc.slug.clone(),
                    section: section.id.clone(),
                    heading: section.heading.clone(),
                    title: doc.front.title.clone(),
                    url: doc.url(Some(&section.id)),
                    lang,
                    words: SectionWords::analyse(&section.text, &mut analyzers.fold, &mut analyzers.stem),
                    text: section.text.clone(),
                });
            }
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let vocabulary = Vocabulary::open(&searcher, fields)?;
        Ok(LanguageIndex {
            fields,
            searcher,
            sections,
            analyzers,
            vocabulary,
        })
    }

    fn search(&self, input: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let parsed = ParsedQuery::parse(input, &mut self.analyzers.clone(), &self.vocabulary);
        if parsed.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = &self.searcher;
        let query = parsed.to_query(&self.fields);
        let top = searcher.search(&*query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("ord")?;
            let Some(ord) = column.first(address.doc_id) else {
                continue;
            };
            let Some(section) = self.sections.get(ord as usize) else {
                continue;
            };
            hits.push(Hit {
                doc: section.doc.clone(),
                section: section.section.clone(),
                heading: section.heading.clone(),
                title: section.title.clone(),
                url: section.url.clone(),
                snippet: highlight::snippet(&section.text, &section.words, &parsed),
                lang: section.lang,
                score,
            });
        }
        Ok(hits)
    }
}

/// Indexes every section of `lang`, one tantivy document each, numbered in
/// library order (the `ord` field), in one commit.
fn write(index: &Index, library: &Library, lang: Lang, fields: Fields) -> Result<(), SearchError> {
    analysis::register(index.tokenizers());
    let mut analyzers = Analyzers::new(lang);
    let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
    let mut ord = 0u64;
    for doc in library.in_lang(lang) {
        for section in &doc.rendered.sections {
            let all_text = format!("{}\n{}", section.heading, section.text);
            let mut tantivy_doc = TantivyDocument::default();
            tantivy_doc.add_u64(fields.ord, ord);
            tantivy_doc.add_text(fields.folded, &all_text);
            tantivy_doc.add_text(fields.identifiers, &all_text);
            tantivy_doc.add_text(fields.stemmed, &all_text);
            // The heading once more, so a heading match weighs more.
            tantivy_doc.add_text(fields.stemmed, &section.heading);
            for accent in vocabulary::accent_terms(&all_text, &mut analyzers.fold, &mut analyzers.stem) {
                tantivy_doc.add_text(fields.accents, &accent);
            }
            writer.add_document(tantivy_doc)?;
            ord += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

pub(crate) fn schema(lang: Lang) -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        ord: builder.add_u64_field("ord", FAST),
        folded: builder.add_text_field("folded", text(analysis::FOLD)),
        identifiers: builder.add_text_field("identifiers", text(analysis::IDENT)),
        stemmed: builder.add_text_field("stemmed", text(analysis::stem_tokenizer(lang))),
        accents: builder.add_text_field("accents", STRING),
    };
    (builder.build(), fields)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::content::Content;

    fn index() -> SearchIndex {
        let content = Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        SearchIndex::build(&content.library).unwrap()
    }

    fn sections(index: &SearchIndex, q: &str, lang: Lang) -> BTreeSet<String> {
        index
            .search_in(q, lang, MAX_LIMIT)
            .unwrap()
            .into_iter()
            .map(|h| h.section)
            .collect()
    }

    #[test]
    fn accented_unaccented_and_plural_forms_find_the_same_sections() {
        let index = index();
        // Trailing space: the word is complete, so no prefix expansion.
        let plain = sections(&index, "atualizacao ", Lang::PtBr);
        assert!(
            plain.contains("overview") && plain.contains("plan-downtime"),
            "{plain:?}"
        );
        assert_eq!(plain, sections(&index, "atualização ", Lang::PtBr));
        assert_eq!(plain, sections(&index, "atualizações ", Lang::PtBr));
    }

    #[test]
    fn a_typo_still_finds_the_word() {
        let index = index();
        let hits = index.search_in("servidro ", Lang::PtBr, 5).unwrap();
        assert!(!hits.is_empty());
        assert!(
            hits[0].snippet.to_lowercase().contains("<mark>servidor"),
            "{}",
            hits[0].snippet
        );
        let hits = index.search_in("clustr ", Lang::En, 5).unwrap();
        assert!(hits[0].snippet.contains("<mark>cluster"), "{}", hits[0].snippet);
    }

    #[test]
    fn identifiers_are_found_as_typed() {
        let index = index();
        let expected = [
            ("Setup.com", "run-the-upgrade"),
            ("Setup.exe", "run-the-upgrade"),
            ("Cluster.exe", "upgrade-passive-nodes"),
            ("RSAT-Clustering", "cluster-management-tools"),
            ("Move-Mailbox", "upgrade-to-windows-server-2008"),
            ("Adminpak.msi", "cluster-management-tools"),
            ("ServerManagerCmd", "cluster-management-tools"),
        ];
        for lang in Lang::ALL {
            for (identifier, section) in expected {
                let hits = index.search_in(identifier, lang, 3).unwrap();
                assert_eq!(
                    hits.first().map(|h| h.section.as_str()),
                    Some(section),
                    "{identifier} in {lang}"
                );
            }
        }
    }

    #[test]
    fn the_last_word_matches_as_a_prefix_while_typing() {
        let index = index();
        let hits = index.search_in("inativ", Lang::PtBr, 3).unwrap();
        assert_eq!(hits.first().map(|h| h.section.as_str()), Some("plan-downtime"));
        assert!(
            hits[0].snippet.contains("<mark>inatividade</mark>"),
            "{}",
            hits[0].snippet
        );
        let hits = index.search_in("Setup.c", Lang::En, 3).unwrap();
        assert_eq!(hits.first().map(|h| h.section.as_str()), Some("run-the-upgrade"));
    }

    #[test]
    fn snippets_are_escaped() {
        let index = index();
        let hits = index.search_in("NodeName", Lang::En, 1).unwrap();
        let snippet = &hits[0].snippet;
        assert!(snippet.contains("&lt;<mark>NodeName</mark>&gt;"), "{snippet}");
        assert!(snippet.contains("&quot;Cluster Group&quot;"), "{snippet}");
    }

    #[test]
    fn cached_results_equal_fresh_results() {
        let content = Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        let cached = SearchIndex::build_with_cache(&content.library, 16).unwrap();
        let fresh = SearchIndex::build_with_cache(&content.library, 0).unwrap();
        for (q, lang) in [
            ("servidro", Lang::PtBr),
            ("inatividade", Lang::En),
            ("Setup.com", Lang::En),
        ] {
            for _ in 0..2 {
                let (a, b) = (
                    cached.search(q, lang, 5).unwrap(),
                    fresh.search(q, lang, 5).unwrap(),
                );
                let urls = |r: &SearchResults| {
                    r.hits
                        .iter()
                        .map(|h| (h.url.clone(), h.snippet.clone()))
                        .collect::<Vec<_>>()
                };
                assert_eq!(urls(&a), urls(&b), "{q}");
            }
        }
    }

    #[test]
    fn gibberish_finds_nothing_in_either_language() {
        let index = index();
        assert!(index.search("qqxzvwk", Lang::En, 5).unwrap().hits.is_empty());
    }
}
