//! Checklist pages: the "new checklist" form generated from a template's
//! declared parameters, the runs list, the run page and its no-JavaScript
//! step forms.

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;

use super::api::{create_run, load, update};
use super::run_page;
use crate::checklists::CreateRequest;
use crate::checklists::params::{ParamKind, ParamValue, Params};
use crate::checklists::steps::StepPatch;
use crate::checklists::template::{Template as ChecklistTemplate, find_template};
use crate::checklists::view::RunView;
use crate::error::AppError;
use crate::lang::Lang;
use crate::limits::Limits;
use crate::state::{AppState, Live};
use crate::web::clients::Client;
use crate::web::identity::Identity;
use crate::web::lang::ReqLang;
use crate::web::pages::{Chrome, PageError, PageForm, render_page};
use crate::web::settings::WebSettings;

/// The pages and their form posts.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/checklists/new", get(new_page))
        .route("/checklists", get(runs_page).post(create_form))
        .route("/checklists/{id}", get(run_page_route))
        .route("/checklists/{id}/steps/{step_id}", post(step_form))
}

/// `?template=` of the "new checklist" page.
#[derive(Debug, Deserialize, Default)]
pub struct NewQuery {
    template: Option<String>,
}

/// What was typed into the form, by field name (`template`, `lang`, then the
/// template's parameters), kept to redisplay it with an error.
type NewForm = BTreeMap<String, String>;

#[derive(Template)]
#[template(path = "checklist_new.html")]
struct NewPage<'a> {
    page: Chrome<'a>,
    templates: Vec<TemplateLink>,
    template: String,
    fields: Vec<Field>,
    /// A refusal no field explains (shown above the form).
    error: Option<String>,
    /// Some field was refused: the summary above the form says so.
    invalid: bool,
    /// The template's `forbid` rules the form applies as choices are made
    /// (JSON, see [`choice_rules`]).
    choice_rules: String,
}

/// A refused form: the parameter (without `params.`) and why.
struct FieldError {
    field: String,
    message: String,
}

/// A template in the list at the top of the page.
struct TemplateLink {
    url: String,
    title: String,
    description: String,
    current: bool,
}

/// A form field, generated from a declared parameter.
struct Field {
    name: String,
    label: String,
    help: Option<String>,
    /// `radio`, `select` or `text`.
    control: &'static str,
    value: String,
    required: bool,
    max_chars: Option<usize>,
    /// Why the value was refused, in the page's language.
    error: Option<String>,
    /// The first refused field gets the focus.
    first_error: bool,
    /// For `select`: the label of "left out".
    none_label: Option<String>,
    choices: Vec<FieldChoice>,
    /// For texts and lists: the declared patterns and refusal message, so the
    /// browser checks what the server will check before sending.
    pattern: Option<String>,
    reject: Option<String>,
    invalid: Option<String>,
    /// A list: typed items separated by commas, semicolons or spaces.
    list: bool,
}

/// A `forbid` rule as the form applies it: when every other parameter of the
/// combination (and of its `when`) has one of its values, the values of
/// `field` the rule forbids are not offered.
#[derive(serde::Serialize)]
struct ChoiceRule<'a> {
    field: &'a str,
    values: &'a [String],
    when: BTreeMap<&'a str, &'a [String]>,
}

/// The template's `forbid` rules over parameters alone, as JSON for the form
/// script. A rule naming a derived value stays the server's (the script does
/// not compute derived values); the server checks every rule anyway.
fn choice_rules(template: &ChecklistTemplate) -> String {
    let declaration = template.declaration();
    let rules: Vec<ChoiceRule> = template
        .rules
        .iter()
        .filter_map(|rule| {
            let forbid = rule.forbid.as_ref()?;
            let field = rule
                .field
                .as_deref()
                .or(forbid.keys().last().map(String::as_str))?;
            let conditions = rule
                .when
                .iter()
                .chain(forbid.iter().filter(|(name, _)| *name != field));
            let when: BTreeMap<&str, &[String]> = conditions
                .map(|(name, values)| (name.as_str(), values.as_slice()))
                .collect();
            let on_params = when
                .keys()
                .chain([&field])
                .all(|name| declaration.param(name).is_some());
            on_params.then(|| ChoiceRule {
                field,
                values: &forbid[field],
                when,
            })
        })
        .collect();
    serde_json::to_string(&rules).unwrap_or_else(|_| "[]".to_owned())
}

/// An option of a radio group or select.
struct FieldChoice {
    value: String,
    label: String,
    selected: bool,
}

fn fields(
    template: &ChecklistTemplate,
    limits: &Limits,
    lang: Lang,
    form: &NewForm,
    error: Option<&FieldError>,
) -> Vec<Field> {
    template
        .params
        .iter()
        .map(|spec| {
            let value = form
                .get(&spec.name)
                .cloned()
                .or_else(|| spec.default.clone())
                .unwrap_or_default();
            let control = match (spec.kind, spec.optional) {
                (ParamKind::Choice, false) => "radio",
                (ParamKind::Choice, true) => "select",
                _ => "text",
            };
            Field {
                name: spec.name.clone(),
                label: spec.label.get(lang).to_owned(),
                help: spec.help.as_ref().map(|h| h.get(lang).to_owned()),
                control,
                required: !spec.optional,
                max_chars: Some(spec.max_chars(limits)).filter(|_| spec.kind == ParamKind::Text),
                error: error.filter(|e| e.field == spec.name).map(|e| e.message.clone()),
                first_error: error.is_some_and(|e| e.field == spec.name),
                none_label: spec.none_label.as_ref().map(|l| l.get(lang).to_owned()),
                choices: spec
                    .choices
                    .iter()
                    .map(|c| FieldChoice {
                        value: c.value.clone(),
                        label: c.label.get(lang).to_owned(),
                        selected: c.value == value,
                    })
                    .collect(),
                pattern: spec.pattern.clone(),
                reject: spec.reject.clone(),
                invalid: spec.invalid.as_ref().map(|m| m.get(lang).to_owned()),
                list: spec.kind == ParamKind::List,
                value,
            }
        })
        .collect()
}

fn new_page_html(
    state: &AppState,
    lang: Lang,
    template: &ChecklistTemplate,
    form: &NewForm,
    error: Option<FieldError>,
) -> Result<Html<String>, PageError> {
    let page = Chrome::new(
        state,
        lang,
        format!("/checklists/new?template={}&lang={}", template.id, lang.other()),
    );
    let templates = state
        .content
        .checklists
        .values()
        .map(|t| TemplateLink {
            url: format!("/checklists/new?template={}&lang={lang}", t.id),
            title: t.name.get(lang).to_owned(),
            description: t.description.get(lang).to_owned(),
            current: t.id == template.id,
        })
        .collect();
    let fields = fields(template, &state.limits, lang, form, error.as_ref());
    let on_a_field = fields.iter().any(|f| f.error.is_some());
    let html = NewPage {
        page,
        templates,
        template: template.id.clone(),
        fields,
        // Only a refusal that names no field of the form is shown on its own.
        error: error.filter(|_| !on_a_field).map(|e| e.message),
        invalid: on_a_field,
        choice_rules: choice_rules(template),
    };
    render_page(state, lang, &html)
}

/// The template a form or page asks for: the named one, else the first; a
/// 404 page in `lang` naming the unknown template and the known ones.
fn chosen_template<'a>(
    state: &'a AppState,
    id: Option<&str>,
    lang: Lang,
) -> Result<&'a ChecklistTemplate, PageError> {
    let templates = &state.content.checklists;
    let not_found = |message: String| PageError::explained(state, lang, AppError::NotFound(message));
    match id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => find_template(templates, id, lang).map_err(|e| not_found(e.message)),
        // No templates at all: the content has none to offer.
        None => templates.values().next().ok_or_else(|| {
            not_found(
                lang.pick("there are no checklist templates", "não há modelos de checklist")
                    .into(),
            )
        }),
    }
}

async fn new_page(
    State(state): State<AppState>,
    lang: ReqLang,
    params: Result<Query<NewQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let query = params.map(|p| p.0).unwrap_or_default();
    let lang = lang.resolved();
    let template = chosen_template(&state, query.template.as_deref(), lang)?;
    Ok(new_page_html(&state, lang, template, &NewForm::new(), None)?.into_response())
}

/// The parameters typed into the form, as the declaration types them: lists
/// split on commas, semicolons or spaces; empty fields left out.
fn form_params(template: &ChecklistTemplate, form: &NewForm) -> Params {
    let mut params = Params::default();
    for (name, value) in form.iter().filter(|(k, _)| *k != "template" && *k != "lang") {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let is_list = template
            .declaration()
            .param(name)
            .is_some_and(|p| p.kind == ParamKind::List);
        let value = if is_list {
            ParamValue::Many(
                value
                    .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )
        } else {
            ParamValue::One(value.to_owned())
        };
        params = params.with(name, value);
    }
    params
}

async fn create_form(
    State(state): State<AppState>,
    lang: ReqLang,
    identity: Identity,
    client: Client,
    Extension(settings): Extension<Arc<WebSettings>>,
    PageForm(form): PageForm<NewForm>,
) -> Result<Response, PageError> {
    let asked = lang
        .with_tag(form.get("lang").map(String::as_str))
        .map_err(|rejection| rejection.page_error(&state))?;
    let lang = asked.resolved();
    let template = chosen_template(&state, form.get("template").map(String::as_str), lang)?;
    let request = CreateRequest {
        template: template.id.clone(),
        lang: None,
        params: form_params(template, &form),
    };
    match create_run(&state, request, (&identity, &client), &settings.runs, asked).await {
        Ok(run) => Ok(Redirect::to(&format!("{}?lang={}", run.url, lang)).into_response()),
        Err(AppError::Invalid { field, message }) => {
            let error = FieldError {
                // `params.passive_nodes[1]` is the `passive_nodes` field.
                field: field
                    .strip_prefix("params.")
                    .unwrap_or(&field)
                    .split('[')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                message,
            };
            let html = new_page_html(&state, lang, template, &form, Some(error))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(e) => Err(PageError::new(&state, lang, e)),
    }
}

/// `?state=` of the runs list.
#[derive(Debug, Deserialize, Default)]
pub struct RunsQuery {
    state: Option<String>,
}

async fn runs_page(
    State(state): State<AppState>,
    lang: ReqLang,
    params: Result<Query<RunsQuery>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let params = params.map(|p| p.0).unwrap_or_default();
    let lang = lang.resolved();
    let shown = state.clone();
    tokio::task::spawn_blocking(move || run_page::render_list(&shown, lang, params.state.as_deref()))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("list task failed: {e}")))
        .and_then(|r| r)
        .map_err(|e| PageError::new(&state, lang, e))
}

async fn run_page_route(
    State(state): State<AppState>,
    lang: ReqLang,
    Path(id): Path<String>,
    identity: Identity,
) -> Result<Html<String>, PageError> {
    let run = load(&state, id, lang.explicit)
        .await
        .map_err(|e| PageError::new(&state, lang.resolved(), e))?;
    let lang = run.lang;
    run_page::render(&state, run, &identity, None).map_err(|e| PageError::new(&state, lang, e))
}

/// Renders the run page as a reader without a required identity sees it
/// (public for the benchmark).
pub fn render_run_page(state: &AppState, run: RunView) -> Result<Html<String>, AppError> {
    run_page::render(state, run, &Identity::Open, None)
}

/// A step form post: one of the buttons, with the fields it needs.
#[derive(Debug, Deserialize, Default)]
pub struct StepForm {
    action: String,
    by: Option<String>,
    note: Option<String>,
    reason: Option<String>,
    lang: Option<String>,
}

async fn step_form(
    State(state): State<AppState>,
    lang: ReqLang,
    Path((id, step_id)): Path<(String, String)>,
    identity: Identity,
    PageForm(form): PageForm<StepForm>,
) -> Result<Response, PageError> {
    let lang = lang
        .with_tag(form.lang.as_deref())
        .map_err(|rejection| rejection.page_error(&state))?
        .resolved();
    let by = form.by.clone();
    let patch = match form.action.as_str() {
        "done" => StepPatch {
            done: Some(true),
            by,
            ..Default::default()
        },
        "undo" => StepPatch {
            done: Some(false),
            by,
            ..Default::default()
        },
        "skip" => StepPatch {
            skipped: Some(true),
            reason: form.reason,
            by,
            ..Default::default()
        },
        "unskip" => StepPatch {
            skipped: Some(false),
            by,
            ..Default::default()
        },
        "note" => StepPatch {
            note: Some(form.note.unwrap_or_default()),
            by,
            ..Default::default()
        },
        other => {
            let other = crate::text::truncate(other, 20);
            let error = AppError::invalid(
                "action",
                lang.pick(
                    format!("unknown action '{other}'"),
                    format!("ação desconhecida '{other}'"),
                ),
            );
            return Err(PageError::new(&state, lang, error));
        }
    };
    match update(
        &state,
        id.clone(),
        step_id.clone(),
        patch,
        Some(lang),
        lang,
        &identity,
    )
    .await
    {
        Ok(_) => {}
        // A refused change is shown at its step, in the page's language.
        Err(AppError::Invalid { field, message }) => {
            let t = state.content.catalog.strings(lang);
            let message = match field.as_str() {
                "reason" => t.t("skip_reason_required").to_owned(),
                _ => format!("{} {message}", t.t("save_refused")),
            };
            let run = load(&state, id, Some(lang))
                .await
                .map_err(|e| PageError::new(&state, lang, e))?;
            let html = run_page::render(&state, run, &identity, Some((step_id, message)))
                .map_err(|e| PageError::new(&state, lang, e))?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
        }
        Err(e) => return Err(PageError::new(&state, lang, e)),
    }
    Ok(Redirect::to(&format!("/checklists/{id}?lang={lang}#step-{step_id}")).into_response())
}
