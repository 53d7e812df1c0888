//! `docdesk check` for checklist templates: what parsing cannot see. Every
//! problem points at the line of the value concerned and names the template
//! (and step, parameter or rule) in words.

use std::collections::BTreeSet;

use super::params::{Declaration, DerivedKind, ParamKind};
use super::template::{Template, Templates, placeholders, samples};
use crate::docs::Library;
use crate::lang::Lang;
use crate::limits::Limits;
use crate::toolkit::{ContentError, Key};

/// Every problem in the templates.
pub fn validate_templates(templates: &Templates, library: &Library) -> Vec<ContentError> {
    let mut errors = Vec::new();
    for template in templates.values() {
        check_template(template, library, &mut errors);
    }
    errors
}

fn check_template(template: &Template, library: &Library, errors: &mut Vec<ContentError>) {
    let file = &template.file;
    let declaration = template.declaration();
    let mut error = |keys: &[Key<'_>], message: String| {
        errors.push(file.error(keys, format!("template `{}`, {message}", template.id)));
    };
    let mut names = BTreeSet::new();
    for (i, spec) in template.params.iter().enumerate() {
        let at = |key: &'static str| ["params".into(), i.into(), key.into()];
        let what = format!("parameter `{}`", spec.name);
        if !names.insert(spec.name.as_str()) {
            error(&at("name"), format!("{what}: the name is used twice"));
        }
        match spec.kind {
            ParamKind::Choice if spec.choices.is_empty() => {
                error(&at("kind"), format!("{what}: a choice needs `choices`"));
            }
            ParamKind::Text | ParamKind::List if spec.examples.is_empty() => {
                error(
                    &at("kind"),
                    format!("{what}: give `examples`, so the check can expand the steps"),
                );
            }
            _ => {}
        }
        // Content is held to the default limits, not to a server's: `check`
        // knows no server, `serve` must refuse exactly what `check` refuses
        // (whatever its flags), and one content tree serves under any
        // settings. A server with lower limits applies them on top of what a
        // template declares (`ParamSpec::max_chars`, `ParamSpec::max_items`).
        let ceiling = Limits::DEFAULT;
        if spec.max_chars.is_some_and(|m| m > ceiling.text_chars) {
            error(
                &at("max_chars"),
                format!("{what}: `max_chars` can be at most {}", ceiling.text_chars),
            );
        }
        if spec.max_items.is_some_and(|m| m > ceiling.list_items) {
            error(
                &at("max_items"),
                format!("{what}: `max_items` can be at most {}", ceiling.list_items),
            );
        }
        if spec.kind != ParamKind::List && (spec.item.is_some() || spec.unique || spec.max_items.is_some()) {
            error(
                &at("kind"),
                format!("{what}: `item`, `unique` and `max_items` are for lists"),
            );
        }
        if let Some(default) = &spec.default {
            if spec.kind == ParamKind::Choice && !spec.values().any(|v| v == default) {
                error(
                    &at("default"),
                    format!("{what}: default `{default}` is not one of its choices"),
                );
            }
        }
    }
    for (i, derived) in template.derived.iter().enumerate() {
        let at = |key: &'static str| ["derived".into(), i.into(), key.into()];
        let what = format!("derived value `{}`", derived.name);
        if !names.insert(derived.name.as_str()) {
            error(&at("name"), format!("{what}: the name is used twice"));
        }
        for of in derived.of.iter().filter(|of| !declaration.knows(of)) {
            error(
                &at("of"),
                format!("{what}: `{of}` is neither a parameter nor a derived value"),
            );
        }
        let arity_ok = match derived.kind {
            DerivedKind::FirstItem => derived.of.len() == 1,
            DerivedKind::FirstSet => !derived.of.is_empty(),
            DerivedKind::Compare => derived.of.len() == 2 && derived.values.len() == 2,
        };
        if !arity_ok {
            error(
                &at("kind"),
                format!(
                    "{what}: first_item reads one list, first_set one or more values, compare two values and gives two `values`"
                ),
            );
        }
    }
    for (i, rule) in template.rules.iter().enumerate() {
        let rule_at = |key: &'static str| ["rules".into(), i.into(), key.into()];
        let what = format!("rule {}", i + 1);
        let kinds = [
            rule.count.is_some(),
            rule.forbid.is_some(),
            rule.distinct.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            error(
                &["rules".into(), i.into()],
                format!("{what}: give exactly one of `count`, `forbid` or `distinct`"),
            );
        }
        check_conditions(
            &declaration,
            &rule.when,
            &mut error,
            &["rules".into(), i.into(), "when".into()],
            &what,
        );
        if let Some(forbid) = &rule.forbid {
            check_conditions(
                &declaration,
                forbid,
                &mut error,
                &["rules".into(), i.into(), "forbid".into()],
                &what,
            );
        }
        let mentioned = rule
            .count
            .iter()
            .chain(rule.distinct.iter().flatten())
            .chain(rule.field.iter());
        for name in mentioned.filter(|n| declaration.param(n).is_none()) {
            error(
                &rule_at("message"),
                format!("{what}: `{name}` is not a parameter"),
            );
        }
    }
    let mut seen = BTreeSet::new();
    for (i, step) in template.steps.iter().enumerate() {
        let at = |key: &'static str| ["steps".into(), i.into(), key.into()];
        let what = format!("step `{}`", step.id);
        if !seen.insert(step.id.as_str()) {
            error(&at("id"), format!("{what}: this step id is used twice"));
        }
        check_conditions(
            &declaration,
            &step.when,
            &mut error,
            &["steps".into(), i.into(), "when".into()],
            &what,
        );
        let item = match step.for_each.as_deref() {
            Some(list) if declaration.param(list).is_some_and(|p| p.kind == ParamKind::List) => {
                Some(template.item_name(list))
            }
            Some(list) => {
                error(
                    &at("for_each"),
                    format!("{what}: for_each names `{list}`, which is not a list parameter"),
                );
                None
            }
            None => None,
        };
        for (key, text) in [
            ("title", Some(&step.title.en)),
            ("title", Some(&step.title.pt_br)),
            ("text", Some(&step.text.en)),
            ("text", Some(&step.text.pt_br)),
            ("command", step.command.as_ref()),
        ] {
            for name in text.into_iter().flat_map(|t| placeholders(t)) {
                if !declaration.knows(name) && Some(name) != item {
                    error(&at(key), format!("{what}: unknown placeholder `{{{name}}}`"));
                }
            }
        }
        if (step.starts_downtime || step.ends_downtime) && template.downtime.is_none() {
            error(
                &at("id"),
                format!("{what}: marks the downtime, but the template declares no `[downtime]`"),
            );
        }
        for lang in Lang::ALL {
            if library
                .get(&template.doc, lang)
                .and_then(|d| d.section(&step.section))
                .is_none()
            {
                error(
                    &at("section"),
                    format!(
                        "{what}: section `{}` is not in `{}` ({lang})",
                        step.section, template.doc
                    ),
                );
            }
        }
    }
    for name in [&template.title.en, &template.title.pt_br]
        .into_iter()
        .flat_map(|t| placeholders(t))
    {
        if !declaration.knows(name) {
            error(
                &["title".into()],
                format!("title: unknown placeholder `{{{name}}}`"),
            );
        }
    }
    if let Some(downtime) = &template.downtime {
        check_conditions(
            &declaration,
            &downtime.when,
            &mut error,
            &["downtime".into(), "when".into()],
            "downtime",
        );
    }
    let samples = samples(template);
    if samples.is_empty() {
        error(
            &["params".into()],
            "no combination of the examples is valid, so the steps cannot be checked".into(),
        );
    }
    for params in samples {
        let steps = template.expand(&params, Lang::En);
        let mut ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
            error(
                &["steps".into()],
                format!("step id `{}` repeats once expanded for {:?}", w[0], params.0),
            );
        }
        let starts: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].starts_downtime).collect();
        let ends: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].ends_downtime).collect();
        if template.has_downtime(&params) {
            let ordered = matches!((starts.as_slice(), ends.as_slice()), ([s], [e]) if s < e);
            if !ordered {
                error(
                    &["downtime".into()],
                    format!(
                        "the downtime window needs exactly one start step and one later end step; found {} and {} for {:?}",
                        starts.len(),
                        ends.len(),
                        params.0
                    ),
                );
            }
        } else if !starts.is_empty() || !ends.is_empty() {
            error(
                &["downtime".into()],
                format!(
                    "downtime steps appear where the template declares no downtime window, for {:?}",
                    params.0
                ),
            );
        }
    }
}

/// `when`-style conditions name known values and allowed values.
fn check_conditions(
    declaration: &Declaration<'_>,
    conditions: &std::collections::BTreeMap<String, Vec<String>>,
    error: &mut impl FnMut(&[Key<'_>], String),
    at: &[Key<'_>],
    what: &str,
) {
    for (name, values) in conditions {
        let mut keys = at.to_vec();
        keys.push(Key::Name(name));
        if !declaration.knows(name) {
            let known: Vec<&str> = declaration
                .params
                .iter()
                .map(|p| p.name.as_str())
                .chain(declaration.derived.iter().map(|d| d.name.as_str()))
                .collect();
            error(
                &keys,
                format!("{what}: unknown condition `{name}` (use {})", known.join(", ")),
            );
            continue;
        }
        if let Some(allowed) = declaration.allowed_values(name) {
            for value in values.iter().filter(|v| !allowed.contains(v)) {
                error(
                    &keys,
                    format!(
                        "{what}: `{name}` is never `{value}` (it is one of {})",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }
}
