//! The answer knowledge base as written in `content/answers/*.toml`.
//!
//! Parsing is strict (`deny_unknown_fields`, both languages required); what
//! serde cannot see — unknown dimension values, quotes that are not in the
//! article — is checked by [`KnowledgeBase::validate`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::docs::Library;
use crate::lang::Lang;
pub use crate::lang::Localized;
use crate::toolkit::{ContentError, read_text, toml_error};

/// A yes/no verdict as written in the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The article says it works.
    Yes,
    /// The article says it does not.
    No,
    /// The article does not say.
    NotDocumented,
}

/// A quoted sentence of the article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Section id in the rules' document.
    pub section: String,
    /// The sentence, verbatim, in both languages.
    pub quote: Localized,
}

/// One of the five dimensions of management compatibility.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// API name, e.g. `admin_os`.
    pub id: String,
    /// Allowed values, in display order.
    pub values: Vec<String>,
    /// Value assumed when a question does not say (only `target`).
    pub default: Option<String>,
    /// What the dimension is, for answers.
    pub label: Localized,
    /// The question to ask back when it is missing.
    pub clarify: Localized,
}

/// A compatibility rule: a verdict for every combination it matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// `yes` or `no`.
    pub verdict: Verdict,
    /// Dimension → accepted values; a dimension left out accepts any value.
    pub when: BTreeMap<String, Vec<String>>,
    /// Why, in full sentences.
    pub explain: Localized,
    /// The sentences of the article that state it.
    pub citations: Vec<Citation>,
}

/// What to say when no rule matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotDocumented {
    /// Lead-in sentence.
    pub explain: Localized,
    /// Ids of the rules whose statements come closest.
    pub closest: Vec<String>,
}

/// `content/answers/compat.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompatFile {
    /// Slug of the document the citations point into.
    pub doc: String,
    /// The dimensions, in API order.
    pub dimensions: Vec<Dimension>,
    /// Display names of every value.
    pub values: BTreeMap<String, Localized>,
    /// Rules, first match wins.
    pub rules: Vec<Rule>,
    /// The fallback.
    pub not_documented: NotDocumented,
}

/// A claim of a procedure fact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The answer to a yes/no question matching this claim.
    pub verdict: Verdict,
    /// Keyword groups; every group must match.
    pub groups: Vec<Vec<String>>,
    /// The answer in full sentences.
    pub answer: Localized,
}

/// A procedure fact with its claims and citations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Stable id.
    pub id: String,
    /// The sentences that state it.
    pub citations: Vec<Citation>,
    /// Ways of asking about it.
    pub claims: Vec<Claim>,
}

/// `content/answers/facts.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    /// Slug of the document the citations point into.
    pub doc: String,
    /// The facts.
    pub facts: Vec<Fact>,
}

/// Question-shape cues.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionCues {
    /// "How…" phrases.
    pub how: Vec<String>,
    /// "Which…" phrases.
    pub which: Vec<String>,
    /// Dimension → phrases naming it after a "which".
    pub ask: BTreeMap<String, Vec<String>>,
}

/// Anchors tying a mention to the tools side or the server side.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchors {
    /// Nouns naming the computer running the management tools.
    pub tools: Vec<String>,
    /// Nouns naming the managed server or cluster.
    pub server: Vec<String>,
    /// Phrases introducing the tools' computer ("from", "a partir de").
    pub tools_lead: Vec<String>,
    /// Phrases introducing the server's software ("running", "executa").
    pub server_lead: Vec<String>,
}

/// Intent cues.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentCues {
    /// Management verbs.
    pub management: Vec<String>,
    /// Names of the management tools.
    pub tools: Vec<String>,
    /// Products and versions the article does not cover.
    pub outside: Vec<String>,
}

/// `content/answers/lexicon.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    /// Marker words per language tag.
    pub language: BTreeMap<String, Vec<String>>,
    /// Value → the ways people write it.
    pub values: BTreeMap<String, Vec<String>>,
    /// Side anchors.
    pub anchors: Anchors,
    /// Question shapes.
    pub question: QuestionCues,
    /// Intents.
    pub intent: IntentCues,
}

/// `content/answers/messages.toml`: the fixed parts of answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    /// "Yes."
    pub yes: Localized,
    /// "No."
    pub no: Localized,
    /// Lead-in to the dimensions an answer depends on.
    pub depends_on: Localized,
    /// Lead-in to the exceptions of a conditional yes.
    pub except: Localized,
    /// Lead-in to the options of a "which" question.
    pub options_for: Localized,
    /// When no combination fits.
    pub no_options: Localized,
    /// The polite answer to an out-of-scope question.
    pub out_of_scope: Localized,
    /// "and", to join a list.
    pub and: Localized,
    /// Lead-in when a question names something the article does not cover.
    pub outside: Localized,
}

/// Everything the answer engine knows, as loaded.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    /// Compatibility rules.
    pub compat: CompatFile,
    /// Procedure facts.
    pub facts: FactsFile,
    /// The lexicon.
    pub lexicon: LexiconFile,
    /// Fixed answer parts.
    pub messages: Messages,
    /// Where each file came from, for error messages.
    pub paths: [PathBuf; 3],
}

fn load_toml<T: for<'de> Deserialize<'de>>(path: &Path, errors: &mut Vec<ContentError>) -> Option<T> {
    let text = match read_text(path) {
        Ok(text) => text,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    toml::from_str(&text)
        .map_err(|e| errors.push(toml_error(path, &text, 1, &e)))
        .ok()
}

impl KnowledgeBase {
    /// Loads `compat.toml`, `facts.toml`, `lexicon.toml` and `messages.toml` from `dir`.
    pub fn load(dir: &Path, errors: &mut Vec<ContentError>) -> Option<KnowledgeBase> {
        let paths = [
            dir.join("compat.toml"),
            dir.join("facts.toml"),
            dir.join("lexicon.toml"),
        ];
        let compat = load_toml::<CompatFile>(&paths[0], errors);
        let facts = load_toml::<FactsFile>(&paths[1], errors);
        let lexicon = load_toml::<LexiconFile>(&paths[2], errors);
        let messages = load_toml::<Messages>(&dir.join("messages.toml"), errors);
        Some(KnowledgeBase {
            compat: compat?,
            facts: facts?,
            lexicon: lexicon?,
            messages: messages?,
            paths,
        })
    }

    /// The dimension with API name `id`.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.compat.dimensions.iter().find(|d| d.id == id)
    }

    /// Checks what parsing cannot: values, dimensions, rule references and quotes.
    pub fn validate(&self, library: &Library) -> Vec<ContentError> {
        let mut errors = Vec::new();
        let [compat_path, facts_path, lexicon_path] = &self.paths;
        let known_value = |v: &str| {
            self.compat
                .dimensions
                .iter()
                .any(|d| d.values.iter().any(|x| x == v))
        };
        let mut err = |path: &PathBuf, message: String| errors.push(ContentError::new(path, 0, message));

        for expected in ["tools_version", "admin_os", "cms_version", "cluster_os", "target"] {
            if self.dimension(expected).is_none() {
                err(compat_path, format!("dimension `{expected}` is missing"));
            }
        }
        for dimension in &self.compat.dimensions {
            for value in dimension.values.iter().chain(&dimension.default) {
                if !self.compat.values.contains_key(value) {
                    err(
                        compat_path,
                        format!("value `{value}` of `{}` has no entry in [values]", dimension.id),
                    );
                }
            }
        }
        for rule in &self.compat.rules {
            for (dimension, values) in &rule.when {
                match self.dimension(dimension) {
                    None => err(
                        compat_path,
                        format!("rule `{}`: unknown dimension `{dimension}`", rule.id),
                    ),
                    Some(d) => {
                        for v in values.iter().filter(|v| !d.values.contains(v)) {
                            err(
                                compat_path,
                                format!("rule `{}`: `{v}` is not a value of `{dimension}`", rule.id),
                            );
                        }
                    }
                }
            }
            if rule.verdict == Verdict::NotDocumented {
                err(
                    compat_path,
                    format!("rule `{}`: a rule says yes or no; silence needs no rule", rule.id),
                );
            }
        }
        for id in &self.compat.not_documented.closest {
            if !self.compat.rules.iter().any(|r| &r.id == id) {
                err(compat_path, format!("not_documented.closest: no rule `{id}`"));
            }
        }
        for value in self.lexicon.values.keys().filter(|v| !known_value(v)) {
            err(
                lexicon_path,
                format!("[values]: `{value}` is not a value of any dimension"),
            );
        }
        for dimension in self
            .lexicon
            .question
            .ask
            .keys()
            .filter(|d| self.dimension(d).is_none())
        {
            err(
                lexicon_path,
                format!("[question.ask]: unknown dimension `{dimension}`"),
            );
        }
        for tag in self.lexicon.language.keys() {
            if !Lang::ALL.iter().any(|l| l.as_str() == tag) {
                err(lexicon_path, format!("[language]: `{tag}` must be pt-BR or en"));
            }
        }
        let rule_citations = self.compat.rules.iter().flat_map(|r| &r.citations);
        check_quotes(
            library,
            &self.compat.doc,
            compat_path,
            rule_citations,
            &mut errors,
        );
        let fact_citations = self.facts.facts.iter().flat_map(|f| &f.citations);
        check_quotes(library, &self.facts.doc, facts_path, fact_citations, &mut errors);
        for fact in &self.facts.facts {
            if fact
                .claims
                .iter()
                .any(|c| c.groups.is_empty() || c.groups.iter().any(Vec::is_empty))
            {
                errors.push(ContentError::new(
                    facts_path,
                    0,
                    format!("fact `{}`: empty keyword group", fact.id),
                ));
            }
        }
        errors
    }
}

/// Whitespace-insensitive containment, so line wrapping in Markdown does not matter.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_quotes<'a>(
    library: &Library,
    slug: &str,
    path: &Path,
    citations: impl Iterator<Item = &'a Citation>,
    errors: &mut Vec<ContentError>,
) {
    for citation in citations {
        for lang in Lang::ALL {
            let Some(doc) = library.get(slug, lang) else {
                errors.push(ContentError::new(
                    path,
                    0,
                    format!("document `{slug}` does not exist in {lang}"),
                ));
                return;
            };
            let Some(section) = doc.section(&citation.section) else {
                errors.push(ContentError::new(
                    path,
                    0,
                    format!("`{slug}` has no section `{}`", citation.section),
                ));
                continue;
            };
            let quote = normalized(citation.quote.get(lang));
            if !normalized(&section.text).contains(&quote) {
                errors.push(ContentError::new(
                    path,
                    0,
                    format!(
                        "{lang} quote is not in section `{}` of {}: \"{quote}\"",
                        citation.section, slug
                    ),
                ));
            }
        }
    }
}
