//! HTML for the answer engine: the Ask form's result page and the
//! compatibility matrix. Both work without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

use crate::answers::matrix::Matrix;
use crate::answers::model::Verdict;
use crate::answers::{Answer, Interpretation};
use crate::error::AppError;
use crate::i18n::Strings;
use crate::lang::Lang;
use crate::state::{AppState, Live};
use crate::web::answers::answer_question;
use crate::web::extract::AcceptLanguage;
use crate::web::pages::{Chrome, PageError, PageForm, page_lang, render};

/// Routes.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/ask", get(ask_get).post(ask_post))
        .route("/compat", get(compat))
}

#[derive(Template)]
#[template(path = "ask.html")]
struct AskPage<'a> {
    page: Chrome<'a>,
    question: String,
    answer: Answer,
    verdict_class: &'static str,
    verdict_label: &'a str,
    options: Vec<String>,
    interpretation: Vec<(String, String)>,
    confidence: String,
}

/// A matrix cell, ready to show.
struct CellView<'a> {
    class: &'static str,
    label: &'a str,
    note: usize,
}

#[derive(Template)]
#[template(path = "compat.html")]
struct CompatPage<'a> {
    page: Chrome<'a>,
    matrix: Matrix,
    tool_groups: Vec<(String, usize)>,
    rows: Vec<(String, Vec<CellView<'a>>)>,
}

/// The Ask form (also accepted as a query string, so answers can be linked).
#[derive(Debug, Deserialize, Default)]
pub struct AskForm {
    #[serde(default, alias = "q")]
    question: String,
    lang: Option<String>,
}

/// A verdict's style class and its name in the page language.
pub fn verdict_view(verdict: Option<Verdict>, t: &Strings) -> (&'static str, &str) {
    match verdict {
        Some(Verdict::Yes) => ("yes", t.t("verdict_yes")),
        Some(Verdict::No) => ("no", t.t("verdict_no")),
        Some(Verdict::NotDocumented) => ("not-documented", t.t("verdict_not_documented")),
        Some(Verdict::Depends) => ("depends", t.t("verdict_depends")),
        None => ("none", t.t("verdict_none")),
    }
}

fn show_answer(state: &AppState, accept: &AcceptLanguage, form: AskForm) -> Result<Html<String>, PageError> {
    let page_language = page_lang(accept, form.lang.as_deref());
    let answer = answer_question(state, &form.question, form.lang.as_deref(), accept)
        .map_err(|e| PageError::new(state, page_language, e))?;
    // The page speaks the language of the answer (the question's language).
    let lang = answer.lang;
    let switch = format!(
        "/ask?lang={}&q={}",
        lang.other(),
        crate::web::pages::urlencode(&form.question)
    );
    let mut page = Chrome::new(state, lang, switch);
    page.query = String::new();
    let engine = &state.answers;
    let kb = engine.knowledge();
    let (verdict_class, verdict_label) = verdict_view(answer.verdict, page.t);
    let options = answer
        .options
        .iter()
        .map(|o| {
            let label = |v: &str| engine.label(v, lang);
            let (_, verdict) = verdict_view(Some(o.verdict), page.t);
            format!(
                "{verdict}: {} · {} → {} · {} ({})",
                label(&o.tools_version),
                label(&o.admin_os),
                label(&o.cms_version),
                label(&o.cluster_os),
                label(&o.target)
            )
        })
        .collect();
    let interpretation = interpretation_rows(&answer.interpretation, kb, engine, lang, page.t);
    let confidence = format!("{:.0}%", answer.confidence * 100.0);
    let template = AskPage {
        page,
        question: form.question,
        answer,
        verdict_class,
        verdict_label,
        options,
        interpretation,
        confidence,
    };
    render(&template).map_err(|e| PageError::new(state, lang, e))
}

fn interpretation_rows(
    interpretation: &Interpretation,
    kb: &crate::answers::model::KnowledgeBase,
    engine: &crate::answers::AnswerEngine,
    lang: Lang,
    t: &Strings,
) -> Vec<(String, String)> {
    let values = [
        &interpretation.tools_version,
        &interpretation.admin_os,
        &interpretation.cms_version,
        &interpretation.cluster_os,
        &interpretation.target,
    ];
    ["tools_version", "admin_os", "cms_version", "cluster_os", "target"]
        .into_iter()
        .zip(values)
        .filter_map(|(id, value)| {
            let dimension = kb.dimension(id)?;
            let shown = value
                .as_deref()
                .map_or_else(|| t.t("not_mentioned").to_owned(), |v| engine.label(v, lang));
            Some((dimension.label.get(lang).to_owned(), shown))
        })
        .collect()
}

async fn ask_post(
    State(state): State<AppState>,
    accept: AcceptLanguage,
    PageForm(form): PageForm<AskForm>,
) -> Result<Html<String>, PageError> {
    show_answer(&state, &accept, form)
}

async fn ask_get(
    State(state): State<AppState>,
    accept: AcceptLanguage,
    form: Result<Query<AskForm>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let form = form.map(|q| q.0).unwrap_or_default();
    show_answer(&state, &accept, form)
}

#[derive(Debug, Deserialize, Default)]
struct LangOnly {
    lang: Option<String>,
}

async fn compat(
    State(state): State<AppState>,
    accept: AcceptLanguage,
    params: Result<Query<LangOnly>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let explicit = params.ok().and_then(|p| p.0.lang);
    let lang = page_lang(&accept, explicit.as_deref());
    let page = Chrome::new(&state, lang, format!("/compat?lang={}", lang.other()));
    let t = page.t;
    let matrix = Matrix::build(&state.answers, lang);
    let mut tool_groups: Vec<(String, usize)> = Vec::new();
    for column in &matrix.columns {
        match tool_groups.last_mut() {
            Some((label, span)) if *label == column.tools_label => *span += 1,
            _ => tool_groups.push((column.tools_label.clone(), 1)),
        }
    }
    let rows = matrix
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .map(|cell| {
                    let (class, label) = verdict_view(Some(cell.verdict), t);
                    CellView {
                        class,
                        label,
                        note: cell.note,
                    }
                })
                .collect();
            (row.label.clone(), cells)
        })
        .collect();
    let fail = |e: AppError| PageError::new(&state, lang, e);
    render(&CompatPage {
        page,
        matrix,
        tool_groups,
        rows,
    })
    .map_err(fail)
}
