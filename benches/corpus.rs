//! A synthetic bilingual knowledge base for scale measurements and tests.
//!
//! It copies a content tree (UI strings, answers, checklists and its
//! documents, so `docdesk check` still passes) and adds `docs` generated
//! documents of `sections` sections each, in both languages, written from the
//! shipped documents' own sentences. Every section carries a marker word found
//! nowhere else, so a search for it has exactly one right answer; the same
//! marker is used in both translations of a section. Documents are spread
//! over a few generated categories (every tenth has none), as a help desk's
//! knowledge base would be.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use docdesk::content::Content;
use docdesk::lang::Lang;

/// What was generated: one entry per generated section.
#[derive(Debug, Clone)]
pub struct Marker {
    /// The marker word (lower-case letters only).
    pub word: String,
    /// Document slug.
    pub doc: String,
    /// Section id.
    pub section: String,
}

/// Writes `source`'s content plus the generated documents into `out` (created).
pub fn generate(source: &Path, out: &Path, docs: usize, sections: usize) -> io::Result<Vec<Marker>> {
    let content = Content::load(source).map_err(|e| io::Error::other(e.to_string()))?;
    for dir in ["i18n", "answers", "checklists", "docs"] {
        copy_dir(&source.join(dir), &out.join(dir))?;
    }
    let sentences = Lang::ALL.map(|lang| sentences(&content, lang));
    let headings = Lang::ALL.map(|lang| headings(&content, lang));
    let categories = out.join("docs").join(docdesk::docs::CATEGORIES_FILE);
    let mut declared = std::fs::read_to_string(&categories).unwrap_or_default();
    for c in 0..CATEGORIES {
        writeln!(
            declared,
            "kb-area-{c} = {{ en = \"Knowledge area {c}\", \"pt-BR\" = \"Área de conhecimento {c}\" }}"
        )
        .ok();
    }
    std::fs::write(&categories, declared)?;
    let mut random = SplitMix(0x5eed_d0c5);
    let mut markers = Vec::with_capacity(docs * sections);
    for d in 0..docs {
        let slug = format!("kb-{d:05}");
        let day = 1 + d % 28;
        let month = 1 + (d / 28) % 12;
        // The same choices in both languages, so the translations line up.
        let plan: Vec<(usize, Vec<usize>)> = (0..sections)
            .map(|_| {
                let heading = random.below(usize::MAX);
                let body = (0..3).map(|_| random.below(usize::MAX)).collect();
                (heading, body)
            })
            .collect();
        for (l, lang) in Lang::ALL.into_iter().enumerate() {
            let pick = |list: &Vec<String>, n: usize| list[n % list.len()].clone();
            let mut text = String::new();
            let title = format!("{} {d}", pick(&headings[l], d));
            writeln!(text, "+++").ok();
            writeln!(text, "title = {}", toml_string(&title)).ok();
            writeln!(text, "description = {}", toml_string(&pick(&sentences[l], d))).ok();
            writeln!(text, "applies_to = [\"Exchange Server 2007 SP2\"]").ok();
            writeln!(text, "modified = 2012-{month:02}-{day:02}").ok();
            if d % 10 != 9 {
                writeln!(text, "category = \"kb-area-{}\"", d % CATEGORIES).ok();
            }
            writeln!(text, "+++").ok();
            for (s, (heading, body)) in plan.iter().enumerate() {
                let id = format!("s{s:03}");
                let marker = marker_word(d * sections + s);
                writeln!(
                    text,
                    "\n## {} ({}.{}) {{#{id}}}\n",
                    pick(&headings[l], *heading),
                    d,
                    s + 1
                )
                .ok();
                let body: Vec<String> = body.iter().map(|&n| pick(&sentences[l], n)).collect();
                writeln!(text, "{} {marker}.", body.join(" ")).ok();
                if l == 0 {
                    markers.push(Marker {
                        word: marker,
                        doc: slug.clone(),
                        section: id,
                    });
                }
            }
            std::fs::write(out.join("docs").join(format!("{slug}.{lang}.md")), text)?;
        }
    }
    Ok(markers)
}

/// A typo of a marker: a vowel slipped in after its fourth letter (one
/// edit). Markers have no vowels, so the marker is the only corpus word one
/// edit away and the typo has one right answer. (Swapping two of its letters
/// mostly gives another marker: the first letters after "zq" take every
/// value, the last ones are the same for thousands of markers.)
pub fn typo_of(marker: &str) -> String {
    format!("{}e{}", &marker[..4], &marker[4..])
}

/// Generated categories.
const CATEGORIES: usize = 8;

/// The `n`th marker: "zq" and then consonants, never a real word in either language.
pub fn marker_word(n: usize) -> String {
    const LETTERS: &[u8] = b"bcdfghjklmnpqrstvwxz";
    let mut word = String::from("zq");
    let mut rest = n;
    for _ in 0..5 {
        word.push(LETTERS[rest % LETTERS.len()] as char);
        rest /= LETTERS.len();
    }
    word
}

/// Plain sentences of a language's documents, without Markdown syntax in them.
fn sentences(content: &Content, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for doc in content.library.in_lang(lang) {
        for section in &doc.rendered.sections {
            for sentence in section.text.split_inclusive(". ") {
                let sentence = sentence.trim();
                let plain =
                    !sentence.contains(['<', '>', '[', ']', '*', '_', '#', '|', '`', '\\', '{', '}', '\n']);
                if plain && sentence.len() >= 30 && sentence.ends_with('.') {
                    out.push(sentence.to_owned());
                }
            }
        }
    }
    out
}

fn headings(content: &Content, lang: Lang) -> Vec<String> {
    content
        .library
        .in_lang(lang)
        .flat_map(|d| d.rendered.sections.iter().map(|s| s.heading.clone()))
        .filter(|h| !h.contains(['<', '>', '[', ']', '*', '_', '#', '`', '{', '}']))
        .collect()
}

fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// A tiny deterministic generator: the same corpus on every run.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as usize % bound.max(1)
    }
}
