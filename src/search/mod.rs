//! Full-text search over every section of every document, in both languages.
//!
//! One tantivy document per section, one index per language. The server keeps
//! its indexes in the data directory ([`store`]), keyed by a hash of the
//! content they were built from, and opens them memory-mapped; tests and
//! benchmarks build them in RAM. Each section's heading, title, URL and text
//! are stored in the index, so an index is self-contained: a previous index
//! can keep serving while a new one is built, and nothing per section is held
//! in RAM but the sections searches returned last (a bounded cache).

pub mod analysis;
pub mod any_form;
pub mod error;
pub mod highlight;
pub mod identifier;
pub mod query;
pub mod schema;
pub mod store;
pub mod vocabulary;

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use arc_swap::ArcSwap;
use quick_cache::sync::Cache;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Index, ReloadPolicy, Searcher, TantivyDocument};

use self::analysis::Analyzers;
use self::error::SearchError;
use self::highlight::SectionWords;
use self::query::{ParsedQuery, Words};
use self::schema::Fields;
use self::vocabulary::Vocabulary;
use crate::cache::{CacheCounts, CountedCache};
use crate::docs::{Document, Library};
use crate::lang::Lang;

/// Largest number of hits a caller may ask for.
pub const MAX_LIMIT: usize = 50;
/// Hits returned when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;

/// A section as the search engine knows it, read from the index when a search returns it.
#[derive(Debug)]
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
    /// Plain text that snippets are cut from.
    pub text: String,
    /// The text's words, analysed once the section has been returned
    /// [`ONE_PASS_RETURNS`] times ([`IndexedSection::words`]).
    words: OnceLock<SectionWords>,
    /// How many times the section was returned, up to [`ONE_PASS_RETURNS`].
    returned: AtomicU32,
}

/// Returns of a section whose words are marked in one pass before the
/// section is analysed whole. Analysing a section costs about as much as
/// marking a query's words in it in one pass 3 to 30 times (7 to 9 for most
/// queries; shipped and generated sections, bench profile), and marking words
/// in an analysed section costs next to nothing: paying for one pass until
/// it has cost about what analysing would, then analysing, never costs
/// more than twice the best choice made knowing how often the section will
/// come back. Analysing on the second return made a section returned three
/// times cost about nine passes instead of three (at 10,000 sections per
/// language, 12% of the server's time under the load run).
const ONE_PASS_RETURNS: u32 = 8;

impl IndexedSection {
    /// The section's analysed words, once it has been returned
    /// [`ONE_PASS_RETURNS`] times: a section returned that often is likely
    /// to be returned often again, and marking a query's words in analysed
    /// words is a few lookups; until then its words are marked in one pass
    /// ([`highlight::snippet_in_one_pass`]), and at 10,000 sections per
    /// language most hits are sections returned once or a few times.
    fn words(&self, analyzers: &Analyzers) -> Option<&SectionWords> {
        let returned = self
            .returned
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < ONE_PASS_RETURNS).then_some(n + 1)
            })
            .unwrap_or(ONE_PASS_RETURNS);
        match returned >= ONE_PASS_RETURNS {
            true => Some(
                self.words
                    .get_or_init(|| SectionWords::analyse(&self.text, &mut analyzers.clone())),
            ),
            false => None,
        }
    }
}

/// One search hit.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
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

/// Cached hits by (index generation, language searched first, limit, query).
type ResultCache = CountedCache<(u64, Lang, usize, String), Arc<Vec<Hit>>>;

/// Result sets kept for repeated queries when the caller does not say.
pub const DEFAULT_CACHE_ENTRIES: usize = 4096;

/// Sections kept read from the index per language (their stored fields,
/// decompressed), for snippets. Bounded: keeping every section a search ever
/// returned, with its analysed words as it once was, made memory grow with
/// the corpus (a load run over 10,000 sections per language took the server
/// from 65 MB to 234 MB); the sections searches keep returning stay.
const SECTION_CACHE_ENTRIES: usize = 1024;

/// The search index over a [`Library`]: one tantivy index per language, so a
/// query never pays for filtering out the other language.
///
/// Results are cached by (generation, language, limit, query): typing in the
/// search box and many people looking up the same thing repeat queries
/// constantly. Replacing the indexes ([`SearchIndex::replace`]) starts a new
/// generation, so an entry computed on the old indexes is never served again.
pub struct SearchIndex {
    current: ArcSwap<Generation>,
    generations: AtomicU64,
    /// The generation serving indexes older content than the server's (a
    /// start with changed content, until the rebuild is swapped in).
    stale: AtomicBool,
    cache: Option<ResultCache>,
}

/// One language's index and the other's, swapped together.
pub struct Generation {
    id: u64,
    languages: [LanguageIndex; 2],
}

impl Generation {
    /// Builds both languages' indexes in RAM.
    pub fn in_ram(library: &Library) -> Result<Generation, SearchError> {
        let [pt, en] = Lang::ALL;
        Ok(Generation {
            id: 0,
            languages: [
                LanguageIndex::build_in_ram(library, pt)?,
                LanguageIndex::build_in_ram(library, en)?,
            ],
        })
    }

    /// Opens both languages' written indexes (pt-BR first).
    pub fn open(indexes: [Index; 2]) -> Result<Generation, SearchError> {
        let [pt, en] = indexes;
        Ok(Generation {
            id: 0,
            languages: [
                LanguageIndex::open(&pt, Lang::PtBr)?,
                LanguageIndex::open(&en, Lang::En)?,
            ],
        })
    }

    fn language(&self, lang: Lang) -> &LanguageIndex {
        match lang {
            Lang::PtBr => &self.languages[0],
            Lang::En => &self.languages[1],
        }
    }

    /// Number of sections indexed in `lang`.
    pub fn sections(&self, lang: Lang) -> usize {
        self.language(lang).searcher.num_docs() as usize
    }
}

/// Everything searching one language needs.
struct LanguageIndex {
    fields: Fields,
    lang: Lang,
    /// The index is never written after it is opened, so one searcher serves every query.
    searcher: Searcher,
    /// Sections read from the index, by address
    /// ([`SECTION_CACHE_ENTRIES`] at most).
    sections: Cache<DocAddress, Arc<IndexedSection>>,
    analyzers: Analyzers,
    vocabulary: Vocabulary,
}

impl LanguageIndex {
    /// Whether the documents have `stem` or a word it starts: another form
    /// of the word `stem` was cut from ([`crate::text::word_stem`]).
    fn has_form_of(&self, stem: &str) -> bool {
        self.vocabulary.contains(stem) || !self.vocabulary.completions(stem).is_empty()
    }
}

impl SearchIndex {
    /// Indexes every section of every document in RAM, with the default result cache.
    pub fn build(library: &Library) -> Result<SearchIndex, SearchError> {
        Self::build_with_cache(library, DEFAULT_CACHE_ENTRIES)
    }

    /// Indexes every section in RAM; `cache_entries` result sets are cached (0: no cache).
    pub fn build_with_cache(library: &Library, cache_entries: usize) -> Result<SearchIndex, SearchError> {
        Ok(Self::serving(Generation::in_ram(library)?, cache_entries))
    }

    /// A search index serving `generation`.
    pub fn serving(generation: Generation, cache_entries: usize) -> SearchIndex {
        SearchIndex {
            current: ArcSwap::from_pointee(generation),
            generations: AtomicU64::new(0),
            stale: AtomicBool::new(false),
            cache: (cache_entries > 0).then(|| CountedCache::new(cache_entries)),
        }
    }

    /// Serves `generation` from now on; searches under way finish on the old one.
    pub fn replace(&self, mut generation: Generation) {
        generation.id = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        self.current.store(Arc::new(generation));
        // Every replacement indexes the content being served.
        self.stale.store(false, Ordering::Release);
        if let Some(cache) = &self.cache {
            cache.clear();
        }
    }

    /// A search index serving `generation`, which indexes older content than
    /// the server's, until [`SearchIndex::replace`] swaps in the current one.
    pub fn serving_stale(generation: Generation, cache_entries: usize) -> SearchIndex {
        let index = Self::serving(generation, cache_entries);
        index.stale.store(true, Ordering::Release);
        index
    }

    /// Whether the indexes serving are of the content being served (readiness).
    pub fn is_current(&self) -> bool {
        !self.stale.load(Ordering::Acquire)
    }

    /// How many times the indexes were replaced since this index was made.
    pub fn generation(&self) -> u64 {
        self.current.load().id
    }

    /// Number of sections indexed in `lang` by the generation serving now.
    pub fn sections(&self, lang: Lang) -> usize {
        self.current.load().sections(lang)
    }

    /// The result cache's lookups so far (`None`: no cache).
    pub fn cache_counts(&self) -> Option<CacheCounts> {
        self.cache.as_ref().map(CountedCache::counts)
    }

    /// Searches `lang` first; when it has nothing, the other language.
    pub fn search(&self, input: &str, lang: Lang, limit: usize) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let limit = limit.clamp(1, MAX_LIMIT);
        let generation = self.current.load_full();
        let hits = match &self.cache {
            Some(cache) => cache
                .get_or_insert_with(&(generation.id, lang, limit, input.to_owned()), || {
                    search_with_fallback(&generation, input, lang, limit).map(Arc::new)
                })?,
            None => Arc::new(search_with_fallback(&generation, input, lang, limit)?),
        };
        Ok(SearchResults {
            query: input.to_owned(),
            lang,
            hits: Arc::unwrap_or_clone(hits),
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// Whether some document has exactly this word (no other form, no typo).
    pub fn has_word(&self, word: &str) -> bool {
        let generation = self.current.load();
        generation
            .languages
            .iter()
            .any(|index| index.vocabulary.contains(word))
    }

    /// The language whose documents alone know more of the folded `words`
    /// (the word, or another form of it: [`crate::text::word_stem`]); `None`
    /// when neither does. Short questions carry few of the lexicon's
    /// language markers ("cms fica offline enquanto atualizo os passivos?"),
    /// and the documents' own words tell the language apart.
    pub fn language_of(&self, words: &[String]) -> Option<Lang> {
        let generation = self.current.load();
        let (pt_index, en_index) = (generation.language(Lang::PtBr), generation.language(Lang::En));
        // The word itself first: "passivo" is Portuguese although "passive"
        // starts like it; another form only when neither has the word.
        let knows = |word: &str| {
            let exact = (
                pt_index.vocabulary.contains(word),
                en_index.vocabulary.contains(word),
            );
            if exact.0 || exact.1 {
                return exact;
            }
            let stem = crate::text::word_stem(word);
            let form = |index: &LanguageIndex| stem.chars().count() >= 4 && index.has_form_of(&stem);
            (form(pt_index), form(en_index))
        };
        let (mut pt, mut en) = (0usize, 0usize);
        for word in words.iter().filter(|w| w.chars().count() >= 3) {
            match knows(word) {
                (true, false) => pt += 1,
                (false, true) => en += 1,
                _ => {}
            }
        }
        match pt.cmp(&en) {
            std::cmp::Ordering::Greater => Some(Lang::PtBr),
            std::cmp::Ordering::Less => Some(Lang::En),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// Whether the documents, in either language, have the folded `word`,
    /// a word it starts (`stem`, another form of it: "take" for "taken"),
    /// or a word within the typo policy's distance of it; found by the
    /// term dictionaries, not by reading every word.
    pub fn knows_word(&self, word: &str, stem: &str) -> bool {
        let generation = self.current.load();
        generation.languages.iter().any(|index| {
            index.vocabulary.contains(word)
                || index.has_form_of(stem)
                || !index.vocabulary.corrections(word).is_empty()
        })
    }

    /// Searches one language only.
    pub fn search_in(&self, input: &str, lang: Lang, limit: usize) -> Result<Vec<Hit>, SearchError> {
        self.current.load().language(lang).search(input, limit)
    }
}

fn search_with_fallback(
    generation: &Generation,
    input: &str,
    lang: Lang,
    limit: usize,
) -> Result<Vec<Hit>, SearchError> {
    let hits = generation.language(lang).search(input, limit)?;
    // Words that are only stopwords in the language asked for ("the of and
    // to") are not a query in the other language either.
    if hits.is_empty() && !generation.language(lang).parse(input).is_empty() {
        generation.language(lang.other()).search(input, limit)
    } else {
        Ok(hits)
    }
}

impl LanguageIndex {
    fn build_in_ram(library: &Library, lang: Lang) -> Result<LanguageIndex, SearchError> {
        let index = Index::create_in_ram(schema::build(lang));
        write(&index, library, lang)?;
        Self::open(&index, lang)
    }

    /// Opens a written index.
    fn open(index: &Index, lang: Lang) -> Result<LanguageIndex, SearchError> {
        analysis::register(index.tokenizers());
        let fields = Fields::of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let vocabulary = Vocabulary::open(&searcher, fields)?;
        Ok(LanguageIndex {
            fields,
            lang,
            searcher,
            sections: Cache::new(SECTION_CACHE_ENTRIES),
            analyzers: Analyzers::new(lang),
            vocabulary,
        })
    }

    /// The section at `address`, read from the index unless it is cached.
    fn section(&self, address: DocAddress) -> Result<Arc<IndexedSection>, SearchError> {
        self.sections
            .get_or_insert_with(&address, || self.read_section(address).map(Arc::new))
    }

    fn read_section(&self, address: DocAddress) -> Result<IndexedSection, SearchError> {
        let stored: TantivyDocument = self.searcher.doc(address)?;
        let text = |field: Field| {
            stored
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        Ok(IndexedSection {
            doc: text(self.fields.doc),
            section: text(self.fields.section),
            heading: text(self.fields.heading),
            title: text(self.fields.title),
            url: text(self.fields.url),
            text: text(self.fields.text),
            words: OnceLock::new(),
            returned: AtomicU32::new(0),
        })
    }

    /// Whether the identifier field's term dictionary holds `identifier`.
    fn knows_identifier(&self, identifier: &str) -> bool {
        self.searcher.segment_readers().iter().any(|segment| {
            segment
                .inverted_index(self.fields.identifiers)
                .ok()
                .and_then(|index| index.terms().get(identifier).ok().flatten())
                .is_some()
        })
    }

    fn parse(&self, input: &str) -> ParsedQuery {
        self.parse_with(input, &mut self.analyzers.clone())
    }

    fn parse_with(&self, input: &str, analyzers: &mut Analyzers) -> ParsedQuery {
        let knows_identifier = |identifier: &str| self.knows_identifier(identifier);
        let corpus = query::Corpus {
            vocabulary: &self.vocabulary,
            knows_identifier: &knows_identifier,
        };
        ParsedQuery::parse(input, analyzers, &corpus)
    }

    fn search(&self, input: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let mut analyzers = self.analyzers.clone();
        let parsed = self.parse_with(input, &mut analyzers);
        if parsed.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = &self.searcher;
        let collector = TopDocs::with_limit(limit.max(1)).order_by_score();
        let mut top = searcher.search(&*parsed.to_query(&self.fields, Words::All), &collector)?;
        if top.is_empty() && parsed.has_several_words() {
            top = searcher.search(&*parsed.to_query(&self.fields, Words::Any), &collector)?;
        }
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let section = self.section(address)?;
            hits.push(Hit {
                doc: section.doc.clone(),
                section: section.section.clone(),
                heading: section.heading.clone(),
                title: section.title.clone(),
                url: section.url.clone(),
                snippet: match section.words(&self.analyzers) {
                    Some(words) => highlight::snippet(&section.text, words, &parsed),
                    None => highlight::snippet_in_one_pass(&section.text, &mut analyzers, &parsed),
                },
                lang: self.lang,
                score,
            });
        }
        Ok(hits)
    }
}

/// Indexes every section of `lang`, one tantivy document each, in one commit.
fn write(index: &Index, library: &Library, lang: Lang) -> Result<(), SearchError> {
    let mut writer = Writer::new(index, lang)?;
    for doc in library.in_lang(lang) {
        writer.add(doc)?;
    }
    writer.commit()
}

/// Adds documents' sections to one language's index, and removes them.
pub(crate) struct Writer {
    fields: Fields,
    analyzers: Analyzers,
    writer: tantivy::IndexWriter,
}

impl Writer {
    pub(crate) fn new(index: &Index, lang: Lang) -> Result<Writer, SearchError> {
        analysis::register(index.tokenizers());
        Ok(Writer {
            fields: Fields::of(&index.schema())?,
            analyzers: Analyzers::new(lang),
            writer: index.writer_with_num_threads(1, 50_000_000)?,
        })
    }

    /// Indexes every section of `doc`.
    pub(crate) fn add(&mut self, doc: &Document) -> Result<(), SearchError> {
        let (fields, analyzers) = (&self.fields, &mut self.analyzers);
        for section in &doc.rendered.sections {
            let all_text = format!("{}\n{}", section.heading, section.text);
            let mut tantivy_doc = TantivyDocument::default();
            let compounds = analysis::joined_compounds(&all_text);
            tantivy_doc.add_text(fields.folded, &all_text);
            tantivy_doc.add_text(fields.folded, &compounds);
            tantivy_doc.add_text(fields.identifiers, &all_text);
            tantivy_doc.add_text(fields.stemmed, &all_text);
            tantivy_doc.add_text(fields.stemmed, &compounds);
            // The heading once more, so a heading match weighs more.
            tantivy_doc.add_text(fields.stemmed, &section.heading);
            for accent in vocabulary::accent_terms(&all_text, &mut analyzers.fold, &mut analyzers.stem) {
                tantivy_doc.add_text(fields.accents, &accent);
            }
            tantivy_doc.add_text(fields.doc, &doc.slug);
            tantivy_doc.add_text(fields.section, &section.id);
            tantivy_doc.add_text(fields.heading, &section.heading);
            tantivy_doc.add_text(fields.title, &doc.front.title);
            tantivy_doc.add_text(fields.url, doc.url(Some(&section.id)));
            tantivy_doc.add_text(fields.text, &section.text);
            self.writer.add_document(tantivy_doc)?;
        }
        Ok(())
    }

    /// Removes every section of the document `slug`.
    pub(crate) fn remove(&mut self, slug: &str) {
        self.writer
            .delete_term(tantivy::Term::from_field_text(self.fields.doc, slug));
    }

    /// Commits, and waits for merges so no thread outlives the writer.
    pub(crate) fn commit(mut self) -> Result<(), SearchError> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::content::Content;

    /// A library in `dir` of documents (slug, body), each in both languages
    /// with one section `overview`.
    pub(crate) fn library(dir: &Path, docs: &[(&str, &str)]) -> Library {
        let dir = dir.join("docs");
        std::fs::create_dir_all(&dir).unwrap();
        for (slug, body) in docs {
            for (lang, heading) in [("en", "Overview"), ("pt-BR", "Visão geral")] {
                let text = format!(
                    "+++\ntitle = \"T\"\ndescription = \"D\"\napplies_to = [\"A\"]\nmodified = 2011-11-14\n+++\n\n## {heading} {{#overview}}\n\n{body}\n"
                );
                std::fs::write(dir.join(format!("{slug}.{lang}.md")), text).unwrap();
            }
        }
        let mut errors = Vec::new();
        let library = crate::docs::load_library(&dir, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        library
    }

    #[test]
    fn sections_with_every_word_come_alone_and_any_word_when_none_has_all() {
        let dir = tempfile::tempdir().unwrap();
        let library = library(
            dir.path(),
            &[
                ("both", "The cluster zqmarker note."),
                ("common", "The cluster cluster cluster note."),
                ("other", "The mailbox note."),
            ],
        );
        let index = SearchIndex::build_with_cache(&library, 0).unwrap();
        let docs = |q: &str| -> Vec<String> {
            index
                .search_in(q, Lang::En, 10)
                .unwrap()
                .into_iter()
                .map(|h| h.doc)
                .collect()
        };
        assert_eq!(docs("cluster zqmarker "), ["both"]);
        assert_eq!(docs("zqmarker the cluster "), ["both"]);
        // No section has both words: each word finds its own.
        let any = docs("cluster mailbox ");
        assert_eq!(any.len(), 3, "{any:?}");
        assert!(any.contains(&"other".to_owned()), "{any:?}");
    }

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
        // A stem match is marked: "atualizações" marks "atualização" too.
        let hits = index.search_in("atualizações ", Lang::PtBr, MAX_LIMIT).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.snippet.contains("<mark>atualização</mark>")),
            "{hits:?}"
        );
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

    /// A section's first snippets are marked in one pass over its text, later
    /// ones from its analysed words: the marks must not differ.
    #[test]
    fn first_and_later_snippets_of_a_section_are_the_same() {
        let content = Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        for (q, lang) in [
            ("servidro de caixas de correio", Lang::PtBr),
            ("atualizações ", Lang::PtBr),
            ("nós passivos", Lang::PtBr),
            ("pré-requisitos", Lang::PtBr),
            ("update rollup removal", Lang::En),
            ("clustr", Lang::En),
            ("Setup.c", Lang::En),
            ("cluster.exe node", Lang::En),
            ("Move-Mailbox", Lang::En),
        ] {
            let index = SearchIndex::build_with_cache(&content.library, 0).unwrap();
            let snippets = || -> Vec<String> {
                let hits = index.search_in(q, lang, MAX_LIMIT).unwrap();
                hits.into_iter().map(|h| h.snippet).collect()
            };
            let first = snippets();
            assert!(first.iter().any(|s| s.contains("<mark>")), "{q}");
            let analysed = || {
                let generation = index.current.load();
                let sections: Vec<_> = generation.language(lang).sections.iter().collect();
                assert!(!sections.is_empty());
                sections.iter().filter(|(_, s)| s.words.get().is_some()).count()
            };
            for _ in 1..ONE_PASS_RETURNS {
                assert_eq!(first, snippets(), "{q}");
            }
            assert_eq!(analysed(), 0, "{q}");
            assert_eq!(first, snippets(), "{q}");
            assert_eq!(analysed(), first.len(), "{q}");
        }
    }

    #[test]
    fn gibberish_finds_nothing_in_either_language() {
        let index = index();
        assert!(index.search("qqxzvwk", Lang::En, 5).unwrap().hits.is_empty());
    }
}
