//! Checklist templates (`content/checklists/*.toml`): the parameters they
//! declare, their steps, and the expansion of the steps for one run.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::params::{
    Declaration, Derived, ParamError, ParamKind, ParamSpec, ParamValue, Params, Rule, Values, matches,
};
use super::store::TemplateVersion;
use crate::lang::{Lang, Localized};
use crate::limits::Limits;
use crate::toolkit::{ContentError, TomlFile, list_files};

/// A step as written in a template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepTemplate {
    /// Stable id; repeated steps get `-<item>` appended.
    pub id: String,
    /// Parameter (or derived value) → accepted values; the step is kept only when all match.
    #[serde(default)]
    pub when: BTreeMap<String, Vec<String>>,
    /// A list parameter: the step is repeated once per item.
    pub for_each: Option<String>,
    /// The article section it comes from.
    pub section: String,
    /// Short title, with placeholders.
    pub title: Localized,
    /// What to do, with placeholders.
    pub text: Localized,
    /// A command, never translated, with placeholders.
    pub command: Option<String>,
    /// Ticking this step starts the downtime clock.
    #[serde(default)]
    pub starts_downtime: bool,
    /// Ticking this step stops the downtime clock.
    #[serde(default)]
    pub ends_downtime: bool,
}

/// A template's downtime window: whenever `when` holds, exactly one step
/// starts the downtime clock and one, later, stops it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DowntimeSpec {
    /// When the run has a downtime window (always, if empty).
    #[serde(default)]
    pub when: BTreeMap<String, Vec<String>>,
}

/// A checklist template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Its id, used in the API (`"template": "cms-upgrade"`).
    pub id: String,
    /// Slug of the document the steps cite.
    pub doc: String,
    /// Its name in the list of templates.
    pub name: Localized,
    /// The title of a run, with placeholders.
    pub title: Localized,
    /// What it is for, in the list of templates.
    pub description: Localized,
    /// The parameters, in form order.
    pub params: Vec<ParamSpec>,
    /// Values computed from the parameters.
    #[serde(default)]
    pub derived: Vec<Derived>,
    /// Cross-field rules.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// The downtime window, for templates that have one.
    pub downtime: Option<DowntimeSpec>,
    /// Steps in order.
    pub steps: Vec<StepTemplate>,
    /// The file it was loaded from, to point errors at their line.
    #[serde(skip)]
    pub file: TomlFile,
}

/// Every template, by id.
pub type Templates = BTreeMap<String, Template>;

/// A concrete step of a run, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandedStep {
    /// Step id, unique in the run.
    pub id: String,
    /// Title.
    pub title: String,
    /// What to do.
    pub text: String,
    /// Command with names filled in.
    pub command: Option<String>,
    /// Cited section id.
    pub section: String,
    /// Ticking it starts the downtime clock.
    pub starts_downtime: bool,
    /// Ticking it stops the downtime clock.
    pub ends_downtime: bool,
}

impl Template {
    /// Parses a template file, its parameters' patterns compiled: a file of
    /// `content/checklists`, or a run's stored version of one.
    pub fn parse(file: TomlFile) -> Result<Template, ContentError> {
        let mut template: Template = file.parse()?;
        for (i, param) in template.params.iter_mut().enumerate() {
            param
                .compile()
                .map_err(|(key, message)| file.error(&["params".into(), i.into(), key.into()], message))?;
        }
        Ok(Template { file, ..template })
    }

    /// This template as runs created from it store it.
    pub fn version(&self) -> TemplateVersion {
        TemplateVersion::of(&self.id, &self.file.text)
    }

    /// A template as a run stored it.
    pub fn from_version(stored: &TemplateVersion) -> Result<Template, ContentError> {
        Template::parse(TomlFile {
            path: format!("template {} version {}", stored.template, stored.version).into(),
            text: stored.source.clone(),
        })
    }

    /// What the template declares about its parameters.
    pub fn declaration(&self) -> Declaration<'_> {
        Declaration {
            params: &self.params,
            derived: &self.derived,
            rules: &self.rules,
        }
    }

    /// Validates run parameters against the declaration, within `limits`.
    pub fn validate(&self, params: &Params, lang: Lang, limits: &Limits) -> Result<(), ParamError> {
        self.declaration().validate(params, lang, limits)
    }

    /// The run title in `lang`.
    pub fn title(&self, params: &Params, lang: Lang) -> String {
        let values = self.declaration().values(params);
        self.fill(self.title.get(lang), &values, None)
    }

    /// Whether a run with these parameters has a downtime window.
    pub fn has_downtime(&self, params: &Params) -> bool {
        self.downtime
            .as_ref()
            .is_some_and(|d| matches(&d.when, &self.declaration().values(params)))
    }

    /// Expands the steps for `params` (already validated) in `lang`.
    pub fn expand(&self, params: &Params, lang: Lang) -> Vec<ExpandedStep> {
        let values = self.declaration().values(params);
        let mut steps = Vec::new();
        for step in &self.steps {
            if !matches(&step.when, &values) {
                continue;
            }
            let items: Vec<Option<(&str, &str)>> = match step.for_each.as_deref() {
                Some(list) => {
                    let name = self.item_name(list);
                    params
                        .many(list)
                        .iter()
                        .map(|i| Some((name, i.as_str())))
                        .collect()
                }
                None => vec![None],
            };
            for item in items {
                let id = match item {
                    Some((_, value)) => format!("{}-{}", step.id, value.to_lowercase()),
                    None => step.id.clone(),
                };
                steps.push(ExpandedStep {
                    id,
                    title: self.fill(step.title.get(lang), &values, item),
                    text: self.fill(step.text.get(lang), &values, item),
                    command: step.command.as_deref().map(|c| self.fill(c, &values, item)),
                    section: step.section.clone(),
                    starts_downtime: step.starts_downtime,
                    ends_downtime: step.ends_downtime,
                });
            }
        }
        steps
    }

    /// The placeholder of the current item of `list` in repeated steps.
    pub fn item_name(&self, list: &str) -> &str {
        self.params
            .iter()
            .find(|p| p.name == list)
            .and_then(|p| p.item.as_deref())
            .unwrap_or("item")
    }

    /// Fills the `{name}` placeholders of `text`: parameters (choices as
    /// they declare to show them, lists joined with commas), derived values,
    /// and the current item of a repeated step.
    fn fill(&self, text: &str, values: &Values, item: Option<(&str, &str)>) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}').filter(|&c| is_name(&after[..c])) else {
                out.push('{');
                rest = after;
                continue;
            };
            let name = &after[..close];
            match (item, values.get(name)) {
                (Some((item_name, value)), _) if item_name == name => out.push_str(value),
                (_, Some(ParamValue::One(v))) => {
                    out.push_str(self.declaration().param(name).map_or(v.as_str(), |p| p.show(v)));
                }
                (_, Some(ParamValue::Many(items))) => out.push_str(&items.join(", ")),
                // Left out (an optional parameter): nothing to show.
                (_, None) => {}
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// A placeholder name: lower-case letters, digits and underscores.
pub fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The `{name}` placeholders of `text`.
pub fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| is_name(name))
}

/// The template `id` names, or the refusal of the field `template` naming
/// the id asked for (cut to 40 characters) and the known ones, in `lang`:
/// the API's 422, the form's error page and the MCP tool say the same.
pub fn find_template<'a>(templates: &'a Templates, id: &str, lang: Lang) -> Result<&'a Template, ParamError> {
    templates.get(id).ok_or_else(|| {
        let asked = crate::text::truncate(id, 40);
        let known = templates.keys().cloned().collect::<Vec<_>>().join(", ");
        ParamError::new(
            "template",
            lang.pick(
                format!("unknown template '{asked}'; known: {known}"),
                format!("modelo desconhecido '{asked}'; conhecidos: {known}"),
            ),
        )
    })
}

/// Loads every template in `dir`, keyed by id.
pub fn load_templates(dir: &Path, errors: &mut Vec<ContentError>) -> Templates {
    let mut templates = Templates::new();
    for path in list_files(dir, "toml", errors) {
        let loaded = TomlFile::read(&path).and_then(Template::parse);
        match loaded {
            Ok(template) => match templates.get(&template.id) {
                Some(first) => errors.push(template.file.error(
                    &["id".into()],
                    format!(
                        "template id `{}` is already used by {}",
                        template.id,
                        first.file.path.display()
                    ),
                )),
                None => {
                    templates.insert(template.id.clone(), template);
                }
            },
            Err(e) => errors.push(e),
        }
    }
    templates
}

/// Sample parameter sets for `docdesk check`: every combination of choices
/// (and "left out" for optional ones) with the declared examples, lists with
/// one and with all their examples; only the combinations the declaration
/// accepts. Capped, so a template with many choices stays quick to check.
pub fn samples(template: &Template) -> Vec<Params> {
    const MAX: usize = 512;
    let mut sets = vec![Params::default()];
    for spec in &template.params {
        let mut options: Vec<Option<ParamValue>> = match spec.kind {
            ParamKind::Choice => spec
                .values()
                .map(|v| Some(ParamValue::One(v.to_owned())))
                .collect(),
            ParamKind::Text => spec
                .examples
                .first()
                .map(|e| Some(ParamValue::One(e.clone())))
                .into_iter()
                .collect(),
            ParamKind::List => {
                let mut lists = vec![Some(ParamValue::Many(
                    spec.examples.iter().take(1).cloned().collect(),
                ))];
                if spec.examples.len() > 1 {
                    lists.push(Some(ParamValue::Many(spec.examples.clone())));
                }
                lists
            }
        };
        if spec.optional {
            options.push(None);
        }
        sets = sets
            .into_iter()
            .flat_map(|set| {
                options.iter().map(move |option| match option {
                    Some(value) => set.clone().with(&spec.name, value.clone()),
                    None => set.clone(),
                })
            })
            .take(MAX)
            .collect();
    }
    // The default limits, which `docdesk check` holds content to.
    sets.retain(|p| template.validate(p, Lang::En, &Limits::DEFAULT).is_ok());
    sets
}
