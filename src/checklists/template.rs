//! Checklist templates (`content/checklists/*.toml`) and their expansion
//! into concrete steps for one cluster.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Localized};
use crate::toolkit::{ContentError, TomlFile, list_files};

/// A step as written in a template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepTemplate {
    /// Stable id; repeated steps get `-<node>` appended.
    pub id: String,
    /// Parameter → accepted values; the step is kept only when all match.
    #[serde(default)]
    pub when: BTreeMap<String, Vec<String>>,
    /// `passive_nodes` to repeat the step once per passive node.
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

/// A checklist template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Its id, used in the API (`"template": "cms-upgrade"`).
    pub id: String,
    /// Slug of the document the steps cite.
    pub doc: String,
    /// Title, with placeholders.
    pub title: Localized,
    /// Steps in order.
    pub steps: Vec<StepTemplate>,
    /// The file it was loaded from, to point errors at their line.
    #[serde(skip)]
    pub file: TomlFile,
}

/// Every template, by id.
pub type Templates = BTreeMap<String, Template>;

/// The parameters a run is created with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `ccr` or `scc`.
    pub cluster_type: String,
    /// The node holding the clustered mailbox server.
    pub active_node: String,
    /// The passive nodes (exactly one for CCR).
    pub passive_nodes: Vec<String>,
    /// `SP1` or `SP2`.
    pub target: String,
    /// OS the cluster runs now.
    pub cluster_os: String,
    /// OS the cluster should run afterwards (a different one means a migration).
    #[serde(default)]
    pub target_os: Option<String>,
}

/// A parameter that is not acceptable, with the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ParamError {
    /// The field, as named in the request (`params.passive_nodes[1]`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl ParamError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> ParamError {
        ParamError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Allowed values of the enumerated parameters.
pub const CLUSTER_TYPES: [&str; 2] = ["ccr", "scc"];
/// Allowed `target` values.
pub const TARGETS: [&str; 2] = ["SP1", "SP2"];
/// Allowed `cluster_os` and `target_os` values.
pub const OPERATING_SYSTEMS: [&str; 2] = ["windows-server-2003", "windows-server-2008"];

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), ParamError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ParamError::new(
            field,
            format!(
                "must be one of {}, not '{}'",
                allowed.join(", "),
                crate::text::truncate(value, 40)
            ),
        ))
    }
}

/// A Windows computer name: 1–15 letters, digits or hyphens, not all digits.
fn check_node_name(field: &str, name: &str) -> Result<(), ParamError> {
    let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if name.is_empty() || name.chars().count() > 15 || !valid_chars {
        return Err(ParamError::new(
            field,
            "a node name is 1 to 15 letters, digits or hyphens",
        ));
    }
    if name.chars().all(|c| c.is_ascii_digit()) {
        return Err(ParamError::new(field, "a node name cannot be only digits"));
    }
    Ok(())
}

impl Params {
    /// Validates every rule; the first failure names its field.
    pub fn validate(&self) -> Result<(), ParamError> {
        one_of("params.cluster_type", &self.cluster_type, &CLUSTER_TYPES)?;
        one_of("params.target", &self.target, &TARGETS)?;
        one_of("params.cluster_os", &self.cluster_os, &OPERATING_SYSTEMS)?;
        if let Some(target_os) = &self.target_os {
            one_of("params.target_os", target_os, &OPERATING_SYSTEMS)?;
            if self.cluster_os == "windows-server-2008" && target_os == "windows-server-2003" {
                return Err(ParamError::new(
                    "params.target_os",
                    "a cluster cannot move back from Windows Server 2008 to Windows Server 2003",
                ));
            }
        }
        check_node_name("params.active_node", &self.active_node)?;
        for (i, node) in self.passive_nodes.iter().enumerate() {
            check_node_name(&format!("params.passive_nodes[{i}]"), node)?;
        }
        match (self.cluster_type.as_str(), self.passive_nodes.len()) {
            ("ccr", n) if n != 1 => {
                return Err(ParamError::new(
                    "params.passive_nodes",
                    format!("a CCR cluster has exactly one passive node, not {n}"),
                ));
            }
            ("scc", 0) => {
                return Err(ParamError::new(
                    "params.passive_nodes",
                    "an SCC cluster needs at least one passive node",
                ));
            }
            _ => {}
        }
        let mut seen: Vec<String> = vec![self.active_node.to_ascii_lowercase()];
        for (i, node) in self.passive_nodes.iter().enumerate() {
            let lower = node.to_ascii_lowercase();
            if lower == seen[0] {
                return Err(ParamError::new(
                    format!("params.passive_nodes[{i}]"),
                    format!("{node} is the active node; a node cannot be both active and passive"),
                ));
            }
            if seen.contains(&lower) {
                return Err(ParamError::new(
                    format!("params.passive_nodes[{i}]"),
                    format!("{node} is listed twice"),
                ));
            }
            seen.push(lower);
        }
        Ok(())
    }

    /// `migration` when the cluster changes operating system, else `in-place`.
    pub fn mode(&self) -> &'static str {
        match &self.target_os {
            Some(os) if *os != self.cluster_os => "migration",
            _ => "in-place",
        }
    }

    /// The operating system the cluster runs at the end.
    pub fn final_os(&self) -> &str {
        self.target_os.as_deref().unwrap_or(&self.cluster_os)
    }

    /// The value of a `when` key.
    fn condition(&self, key: &str) -> Option<&str> {
        Some(match key {
            "mode" => self.mode(),
            "cluster_type" => &self.cluster_type,
            "cluster_os" => &self.cluster_os,
            "final_os" => self.final_os(),
            "target" => &self.target,
            _ => return None,
        })
    }
}

/// Keys a `when` may test.
pub const CONDITION_KEYS: [&str; 5] = ["mode", "cluster_type", "cluster_os", "final_os", "target"];

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
    /// The run title in `lang`.
    pub fn title(&self, params: &Params, lang: Lang) -> String {
        fill(self.title.get(lang), params, None)
    }

    /// Expands the steps for `params` (already validated) in `lang`.
    pub fn expand(&self, params: &Params, lang: Lang) -> Vec<ExpandedStep> {
        let mut steps = Vec::new();
        for step in &self.steps {
            let applies = step.when.iter().all(|(key, values)| {
                params
                    .condition(key)
                    .is_some_and(|v| values.iter().any(|x| x == v))
            });
            if !applies {
                continue;
            }
            let nodes: Vec<Option<&str>> = match step.for_each.as_deref() {
                Some(_) => params.passive_nodes.iter().map(|n| Some(n.as_str())).collect(),
                None => vec![None],
            };
            for node in nodes {
                let id = match node {
                    Some(node) => format!("{}-{}", step.id, node.to_ascii_lowercase()),
                    None => step.id.clone(),
                };
                steps.push(ExpandedStep {
                    id,
                    title: fill(step.title.get(lang), params, node),
                    text: fill(step.text.get(lang), params, node),
                    command: step.command.as_deref().map(|c| fill(c, params, node)),
                    section: step.section.clone(),
                    starts_downtime: step.starts_downtime,
                    ends_downtime: step.ends_downtime,
                });
            }
        }
        steps
    }
}

/// Fills the placeholders of `text`.
fn fill(text: &str, params: &Params, node: Option<&str>) -> String {
    let first_passive = params.passive_nodes.first().map_or("", String::as_str);
    text.replace("{active_node}", &params.active_node)
        .replace("{node}", node.unwrap_or(first_passive))
        .replace("{first_passive}", first_passive)
        .replace("{passive_nodes}", &params.passive_nodes.join(", "))
        .replace("{target}", &params.target)
        .replace("{cluster_type}", &params.cluster_type.to_ascii_uppercase())
}

/// Loads every template in `dir`, keyed by id.
pub fn load_templates(dir: &Path, errors: &mut Vec<ContentError>) -> Templates {
    let mut templates = Templates::new();
    for path in list_files(dir, "toml", errors) {
        let loaded = TomlFile::read(&path).and_then(|file| {
            let template: Template = file.parse()?;
            Ok(Template { file, ..template })
        });
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
