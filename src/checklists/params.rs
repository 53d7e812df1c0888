//! The parameters a template declares (`[[params]]`, `[[derived]]`,
//! `[[rules]]` in `content/checklists/<id>.toml`) and the values a run is
//! created with: their types, allowed values or patterns, labels and help in
//! both languages, values computed from others, and cross-field rules.
//! Nothing here knows any particular template.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Localized};
use crate::limits::{Limits, too_long, too_many};

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

/// What kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamKind {
    /// One of the declared `choices`.
    Choice,
    /// A single text matching `pattern`.
    Text,
    /// A list of texts, each matching `pattern`.
    List,
}

/// One allowed value of a choice parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The value, as sent and stored.
    pub value: String,
    /// How a `{placeholder}` shows it (default: the value itself).
    pub show: Option<String>,
    /// Its label in forms.
    pub label: Localized,
}

/// A declared parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    /// Its name, in the API (`params.<name>`), in `when` and in `{placeholders}`.
    pub name: String,
    /// Its kind.
    pub kind: ParamKind,
    /// May be left out.
    #[serde(default)]
    pub optional: bool,
    /// The form label.
    pub label: Localized,
    /// A line of help under the field.
    pub help: Option<Localized>,
    /// The label of "left out", for an optional choice.
    pub none_label: Option<Localized>,
    /// Allowed values of a choice.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// The form's initial value.
    pub default: Option<String>,
    /// A text or each list item must match this regular expression.
    pub pattern: Option<String>,
    /// …and must not match this one.
    pub reject: Option<String>,
    /// Longest text or item, in characters; the engine's own bound
    /// ([`Limits::text_chars`]) holds too ([`ParamSpec::max_chars`]).
    pub max_chars: Option<usize>,
    /// Most items of a list; the engine's own bound ([`Limits::list_items`])
    /// holds too, and alone when this is left out ([`ParamSpec::max_items`]).
    pub max_items: Option<usize>,
    /// Why a text or item was refused.
    pub invalid: Option<Localized>,
    /// List items must differ (ignoring case).
    #[serde(default)]
    pub unique: bool,
    /// For a list: the placeholder naming the current item in steps repeated
    /// with `for_each` (`item = "node"` → `{node}`).
    pub item: Option<String>,
    /// Sample values: `docdesk check` expands the template with them (a list
    /// uses the first one, then all of them).
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(skip)]
    compiled: Option<Patterns>,
}

#[derive(Debug, Clone)]
struct Patterns {
    pattern: Option<Regex>,
    reject: Option<Regex>,
}

/// How a derived value is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DerivedKind {
    /// The first item of the list `of[0]`.
    FirstItem,
    /// The first of the `of` parameters that is set.
    FirstSet,
    /// `values[0]` when the two `of` values are equal, else `values[1]`.
    Compare,
}

/// A value computed from parameters, usable in `when` and placeholders.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// Its name.
    pub name: String,
    /// How it is computed.
    pub kind: DerivedKind,
    /// The parameters (or earlier derived values) it reads.
    pub of: Vec<String>,
    /// For `compare`: the value when equal, then when different.
    #[serde(default)]
    pub values: Vec<String>,
}

/// A cross-field rule; exactly one of `count`, `forbid` or `distinct`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The rule applies only when these hold (name → accepted values).
    #[serde(default)]
    pub when: BTreeMap<String, Vec<String>>,
    /// A list whose length must be within `min`..=`max`.
    pub count: Option<String>,
    /// Fewest items.
    pub min: Option<usize>,
    /// Most items.
    pub max: Option<usize>,
    /// A combination that is not allowed (every name matching one of its values).
    pub forbid: Option<BTreeMap<String, Vec<String>>>,
    /// Parameters whose values (and list items) must all differ, ignoring case.
    pub distinct: Option<Vec<String>>,
    /// The field an error names, for `forbid`.
    pub field: Option<String>,
    /// Why the request is refused; `{value}` is the repeated value of `distinct`.
    pub message: Localized,
}

/// A value of a run: one text, or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ParamValue {
    /// A choice or a text.
    One(String),
    /// A list.
    Many(Vec<String>),
}

/// The parameters a run is created with, by name. Absent (or `null`) means
/// left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Params(pub BTreeMap<String, ParamValue>);

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, Option<ParamValue>>::deserialize(deserializer)?;
        Ok(Params(
            map.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect(),
        ))
    }
}

impl Params {
    /// A single value.
    pub fn one(&self, name: &str) -> Option<&str> {
        match self.0.get(name)? {
            ParamValue::One(v) => Some(v),
            ParamValue::Many(_) => None,
        }
    }

    /// A list (empty when absent).
    pub fn many(&self, name: &str) -> &[String] {
        match self.0.get(name) {
            Some(ParamValue::Many(items)) => items,
            _ => &[],
        }
    }

    /// Sets a value (builder for forms, checks and tests).
    pub fn with(mut self, name: &str, value: ParamValue) -> Params {
        self.0.insert(name.to_owned(), value);
        self
    }
}

impl ParamSpec {
    /// Compiles the patterns; the error names the key at fault.
    pub fn compile(&mut self) -> Result<(), (&'static str, String)> {
        let compile = |key: &'static str, p: &Option<String>| {
            p.as_deref()
                .map(Regex::new)
                .transpose()
                .map_err(|e| (key, format!("parameter `{}`: invalid {key}: {e}", self.name)))
        };
        self.compiled = Some(Patterns {
            pattern: compile("pattern", &self.pattern)?,
            reject: compile("reject", &self.reject)?,
        });
        Ok(())
    }

    /// The declared choice values.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.choices.iter().map(|c| c.value.as_str())
    }

    /// How a placeholder shows `value`.
    pub fn show<'a>(&'a self, value: &'a str) -> &'a str {
        self.choices
            .iter()
            .find(|c| c.value == value)
            .and_then(|c| c.show.as_deref())
            .unwrap_or(value)
    }

    /// Longest text or item accepted, in characters: what the template
    /// declares, within the engine's bound (also the form's `maxlength` and
    /// the schemas' `maxLength`).
    pub fn max_chars(&self, limits: &Limits) -> usize {
        self.max_chars
            .map_or(limits.text_chars, |m| m.min(limits.text_chars))
    }

    /// Most items of a list accepted: what the template declares, within
    /// the engine's bound (also the schemas' `maxItems`).
    pub fn max_items(&self, limits: &Limits) -> usize {
        self.max_items
            .map_or(limits.list_items, |m| m.min(limits.list_items))
    }

    fn check_text(&self, field: &str, value: &str, lang: Lang, limits: &Limits) -> Result<(), ParamError> {
        let refused = || {
            ParamError::new(
                field,
                self.invalid
                    .as_ref()
                    .map_or(lang.pick("not a valid value", "não é um valor válido"), |m| {
                        m.get(lang)
                    }),
            )
        };
        // The engine's bound first: a huge value is refused without a regex run.
        let chars = value.chars().count();
        if chars > limits.text_chars {
            return Err(ParamError::new(field, too_long(lang, limits.text_chars)));
        }
        if value.is_empty() || self.max_chars.is_some_and(|max| chars > max) {
            return Err(refused());
        }
        if let Some(patterns) = &self.compiled {
            if patterns.pattern.as_ref().is_some_and(|p| !p.is_match(value))
                || patterns.reject.as_ref().is_some_and(|p| p.is_match(value))
            {
                return Err(refused());
            }
        }
        Ok(())
    }

    /// Checks the value of this parameter (type, allowed values, pattern).
    fn check(&self, value: Option<&ParamValue>, lang: Lang, limits: &Limits) -> Result<(), ParamError> {
        let field = format!("params.{}", self.name);
        let Some(value) = value else {
            return if self.optional {
                Ok(())
            } else {
                Err(ParamError::new(field, lang.pick("is required", "é obrigatório")))
            };
        };
        match (self.kind, value) {
            (ParamKind::Choice, ParamValue::One(v)) => {
                if self.values().any(|c| c == v) {
                    Ok(())
                } else {
                    let (allowed, given) = (
                        self.values().collect::<Vec<_>>().join(", "),
                        crate::text::truncate(v, 40),
                    );
                    Err(ParamError::new(
                        field,
                        lang.pick(
                            format!("must be one of {allowed}, not '{given}'"),
                            format!("deve ser um de {allowed}, não '{given}'"),
                        ),
                    ))
                }
            }
            (ParamKind::Text, ParamValue::One(v)) => self.check_text(&field, v, lang, limits),
            (ParamKind::List, ParamValue::Many(items)) => {
                let max = self.max_items(limits);
                if items.len() > max {
                    return Err(ParamError::new(field, too_many(lang, max)));
                }
                let mut seen: Vec<String> = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let item_field = format!("{field}[{i}]");
                    self.check_text(&item_field, item, lang, limits)?;
                    let lower = item.to_lowercase();
                    if self.unique && seen.contains(&lower) {
                        return Err(ParamError::new(
                            item_field,
                            lang.pick(
                                format!("{item} is listed twice"),
                                format!("{item} aparece duas vezes"),
                            ),
                        ));
                    }
                    seen.push(lower);
                }
                Ok(())
            }
            (ParamKind::List, ParamValue::One(_)) => Err(ParamError::new(
                field,
                lang.pick("must be a list", "deve ser uma lista"),
            )),
            (_, ParamValue::Many(_)) => Err(ParamError::new(
                field,
                lang.pick(
                    "must be a single value, not a list",
                    "deve ser um só valor, não uma lista",
                ),
            )),
        }
    }
}

/// Everything a template declares about its parameters.
#[derive(Debug, Clone, Default)]
pub struct Declaration<'a> {
    /// The parameters, in form order.
    pub params: &'a [ParamSpec],
    /// Derived values, in order (each may read the earlier ones).
    pub derived: &'a [Derived],
    /// Cross-field rules, checked in order.
    pub rules: &'a [Rule],
}

/// The values `when` and placeholders see: parameters and derived values.
pub type Values = BTreeMap<String, ParamValue>;

impl Declaration<'_> {
    /// A parameter by name.
    pub fn param(&self, name: &str) -> Option<&ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Validates `params` within `limits`; the first problem names its
    /// field. Messages declared by the template are in `lang`.
    pub fn validate(&self, params: &Params, lang: Lang, limits: &Limits) -> Result<(), ParamError> {
        if let Some(unknown) = params.0.keys().find(|k| self.param(k).is_none()) {
            let known = self
                .params
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(ParamError::new(
                format!("params.{}", crate::text::truncate(unknown, 40)),
                lang.pick(
                    format!("unknown parameter; known: {known}"),
                    format!("parâmetro desconhecido; conhecidos: {known}"),
                ),
            ));
        }
        for spec in self.params {
            spec.check(params.0.get(&spec.name), lang, limits)?;
        }
        let values = self.values(params);
        for rule in self.rules {
            if !matches(&rule.when, &values) {
                continue;
            }
            self.check_rule(rule, params, &values, lang)?;
        }
        Ok(())
    }

    fn check_rule(
        &self,
        rule: &Rule,
        params: &Params,
        values: &Values,
        lang: Lang,
    ) -> Result<(), ParamError> {
        let message = rule.message.get(lang);
        if let Some(list) = &rule.count {
            let n = params.many(list).len();
            if rule.min.is_some_and(|min| n < min) || rule.max.is_some_and(|max| n > max) {
                return Err(ParamError::new(format!("params.{list}"), message));
            }
        }
        if let Some(forbid) = &rule.forbid {
            if matches(forbid, values) {
                let field = rule.field.as_deref().or(forbid.keys().last().map(String::as_str));
                return Err(ParamError::new(
                    format!("params.{}", field.unwrap_or_default()),
                    message,
                ));
            }
        }
        if let Some(names) = &rule.distinct {
            let mut seen: Vec<String> = Vec::new();
            for name in names {
                let items: Vec<(String, &str)> = match params.0.get(name) {
                    Some(ParamValue::One(v)) => vec![(format!("params.{name}"), v.as_str())],
                    Some(ParamValue::Many(items)) => items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (format!("params.{name}[{i}]"), v.as_str()))
                        .collect(),
                    None => Vec::new(),
                };
                for (field, value) in items {
                    let lower = value.to_lowercase();
                    if seen.contains(&lower) {
                        return Err(ParamError::new(field, message.replace("{value}", value)));
                    }
                    seen.push(lower);
                }
            }
        }
        Ok(())
    }

    /// Parameters and derived values, by name.
    pub fn values(&self, params: &Params) -> Values {
        let mut values = params.0.clone();
        for derived in self.derived {
            let one = |name: &str| match values.get(name) {
                Some(ParamValue::One(v)) => Some(v.clone()),
                _ => None,
            };
            let value = match derived.kind {
                DerivedKind::FirstItem => derived.of.first().and_then(|list| match values.get(list) {
                    Some(ParamValue::Many(items)) => items.first().cloned(),
                    _ => None,
                }),
                DerivedKind::FirstSet => derived.of.iter().find_map(|name| one(name)),
                DerivedKind::Compare => {
                    let (a, b) = (derived.of.first(), derived.of.get(1));
                    let equal = a.map(|a| one(a)) == b.map(|b| one(b));
                    derived.values.get(usize::from(!equal)).cloned()
                }
            };
            if let Some(value) = value {
                values.insert(derived.name.clone(), ParamValue::One(value));
            }
        }
        values
    }

    /// Every value a `when` may test `name` against, if that set is known
    /// (choices, compared values, or the choices of the parameters a
    /// first-set value reads); `None` for free texts and unknown names.
    pub fn allowed_values(&self, name: &str) -> Option<Vec<String>> {
        if let Some(spec) = self.param(name) {
            return (spec.kind == ParamKind::Choice).then(|| spec.values().map(str::to_owned).collect());
        }
        let derived = self.derived.iter().find(|d| d.name == name)?;
        match derived.kind {
            DerivedKind::Compare => Some(derived.values.clone()),
            DerivedKind::FirstSet => {
                let mut all = Vec::new();
                for of in &derived.of {
                    for v in self.allowed_values(of)? {
                        if !all.contains(&v) {
                            all.push(v);
                        }
                    }
                }
                Some(all)
            }
            DerivedKind::FirstItem => None,
        }
    }

    /// Whether `name` is a parameter or a derived value.
    pub fn knows(&self, name: &str) -> bool {
        self.param(name).is_some() || self.derived.iter().any(|d| d.name == name)
    }
}

/// Whether every condition holds: the value of each name is one of its list.
pub fn matches(conditions: &BTreeMap<String, Vec<String>>, values: &Values) -> bool {
    conditions.iter().all(|(name, accepted)| match values.get(name) {
        Some(ParamValue::One(v)) => accepted.iter().any(|a| a == v),
        _ => false,
    })
}
