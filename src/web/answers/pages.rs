//! HTML for the answer engine: the Ask form's result page and the
//! compatibility matrix. Both work without JavaScript.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

use super::api::{CompatParams, answer_question, check_compatibility, verdict_view};
use crate::answers::matrix::Matrix;
use crate::answers::{Answer, Interpretation};
use crate::i18n::Strings;
use crate::lang::Lang;
use crate::state::{AppState, Live};
use crate::web::lang::ReqLang;
use crate::web::pages::{Chrome, PageError, PageForm, render_page, urlencode};

/// The Ask and matrix pages.
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
    view: AnswerView<'a>,
}

/// An answer, ready to show (`templates/answer.html`).
struct AnswerView<'a> {
    answer: Answer,
    verdict_class: &'static str,
    verdict_label: &'a str,
    options: Vec<OptionView<'a>>,
    citations: Vec<CitationView>,
    interpretation: Vec<(String, String)>,
    confidence: String,
}

/// A documented completion of the question, linked to its own answer.
struct OptionView<'a> {
    verdict_class: &'static str,
    verdict_label: &'a str,
    label: String,
    href: String,
}

/// A cited sentence under the heading of its section, with the words that
/// lead it in when it is a list item ("For example, you cannot:").
struct CitationView {
    url: String,
    heading: String,
    lead_in: Option<String>,
    quote: String,
}

/// A matrix cell, ready to show.
#[derive(Clone)]
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
    /// The first column dimension's values, each with how many columns it spans.
    groups: Vec<(String, usize)>,
    rows: Vec<(String, Vec<CellView<'a>>)>,
    /// The same cells for phones: one small table per row of the matrix.
    cards: Vec<Card<'a>>,
}

/// One row of the matrix, for phones: a table of the first column
/// dimension's values (tools versions: its lines) by the second's (cluster
/// operating systems: its columns), readable at 390 px where the whole
/// matrix is not.
struct Card<'a> {
    label: String,
    columns: Vec<String>,
    lines: Vec<(String, Vec<CellView<'a>>)>,
}

/// The Ask form (also accepted as a query string, so answers can be linked).
/// Instead of a question, the dimensions of a compatibility query
/// (`tools_version=SP2&admin_os=windows-xp…`, as `/api/compat` takes them):
/// what a documented option links to.
#[derive(Debug, Deserialize, Default)]
pub struct AskForm {
    #[serde(default, alias = "q")]
    question: String,
    /// The form's own `lang` field (a query string's is read by [`ReqLang`] too).
    lang: Option<String>,
    #[serde(flatten)]
    others: BTreeMap<String, String>,
}

fn show_answer(state: &AppState, lang: ReqLang, form: AskForm) -> Result<Html<String>, PageError> {
    let lang = lang
        .with_tag(form.lang.as_deref())
        .map_err(|rejection| rejection.page_error(state))?;
    let page_language = lang.resolved();
    let kb = state.answers.knowledge();
    // Only known dimensions make a compatibility query; other parameters
    // (a campaign tag on a shared link) are ignored, as before.
    let dimensions: BTreeMap<String, Option<String>> = form
        .others
        .into_iter()
        .filter(|(name, _)| kb.dimension(name).is_some())
        .map(|(name, value)| (name, Some(value)))
        .collect();
    let structured = form.question.trim().is_empty() && !dimensions.is_empty();
    let switch_query = if structured {
        dimensions
            .iter()
            .map(|(name, value)| format!("&{name}={}", urlencode(value.as_deref().unwrap_or_default())))
            .collect::<String>()
    } else {
        format!("&q={}", urlencode(&form.question))
    };
    let answer = if structured {
        let params = CompatParams {
            lang: None,
            dimensions,
        };
        check_compatibility(state, params, lang)
    } else {
        answer_question(state, &form.question, lang)
    }
    .map_err(|e| PageError::new(state, page_language, e))?;
    // The page speaks the language of the answer (the question's language).
    let lang = answer.lang;
    let mut page = Chrome::new(state, lang, format!("/ask?lang={}{switch_query}", lang.other()));
    page.query = String::new();
    let view = answer_view(state, answer, page.t);
    let template = AskPage {
        page,
        question: form.question,
        view,
    };
    render_page(state, lang, &template)
}

/// Everything the answer view shows, in the answer's language.
fn answer_view<'a>(state: &AppState, answer: Answer, t: &'a Strings) -> AnswerView<'a> {
    let lang = answer.lang;
    let engine = &state.answers;
    let (verdict_class, verdict_label) = verdict_view(answer.verdict, t);
    let options = answer
        .options
        .iter()
        .map(|o| {
            let (verdict_class, verdict_label) = verdict_view(Some(o.verdict), t);
            // In the order the content declares the dimensions.
            let values: Vec<(&str, &str)> = (engine.knowledge().compat.dimensions.iter())
                .filter_map(|d| Some((d.id.as_str(), o.values.get(&d.id)?.as_str())))
                .collect();
            let labels: Vec<String> = values.iter().map(|(_, v)| engine.label(v, lang)).collect();
            OptionView {
                verdict_class,
                verdict_label,
                label: labels.join(" · "),
                href: values
                    .iter()
                    .fold(format!("/ask?lang={lang}"), |href, (name, value)| {
                        format!("{href}&{name}={}", urlencode(value))
                    }),
            }
        })
        .collect();
    let citations = answer
        .citations
        .iter()
        .map(|c| {
            let section = state
                .content
                .library
                .get(&c.doc, lang)
                .and_then(|doc| doc.section(&c.section));
            CitationView {
                url: c.url.clone(),
                heading: section.map_or_else(|| c.url.clone(), |s| s.heading.clone()),
                lead_in: section.and_then(|s| s.lead_in(&c.quote)),
                quote: c.quote.clone(),
            }
        })
        .collect();
    let interpretation = interpretation_rows(&answer.interpretation, engine.knowledge(), engine, lang, t);
    let confidence = format!("{:.0}%", answer.confidence * 100.0);
    AnswerView {
        answer,
        verdict_class,
        verdict_label,
        options,
        citations,
        interpretation,
        confidence,
    }
}

fn interpretation_rows(
    interpretation: &Interpretation,
    kb: &crate::answers::model::KnowledgeBase,
    engine: &crate::answers::AnswerEngine,
    lang: Lang,
    t: &Strings,
) -> Vec<(String, String)> {
    (kb.compat.dimensions.iter())
        .map(|dimension| {
            let value = interpretation.dimensions.get(&dimension.id).cloned().flatten();
            let shown = value.map_or_else(|| t.t("not_mentioned").to_owned(), |v| engine.label(&v, lang));
            (dimension.label.get(lang).to_owned(), shown)
        })
        .collect()
}

async fn ask_post(
    State(state): State<AppState>,
    lang: ReqLang,
    PageForm(form): PageForm<AskForm>,
) -> Result<Html<String>, PageError> {
    show_answer(&state, lang, form)
}

async fn ask_get(
    State(state): State<AppState>,
    lang: ReqLang,
    form: Result<Query<AskForm>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let form = form.map(|q| q.0).unwrap_or_default();
    show_answer(&state, lang, form)
}

async fn compat(State(state): State<AppState>, lang: ReqLang) -> Result<Html<String>, PageError> {
    let lang = lang.resolved();
    let page = Chrome::new(&state, lang, format!("/compat?lang={}", lang.other()));
    let t = page.t;
    let matrix = Matrix::build(&state.answers, lang);
    let mut groups: Vec<(String, usize)> = Vec::new();
    for column in &matrix.columns {
        match groups.last_mut() {
            Some((label, span)) if *label == column.group_label => *span += 1,
            _ => groups.push((column.group_label.clone(), 1)),
        }
    }
    let rows: Vec<(String, Vec<CellView>)> = matrix
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
    let cards = cards(&matrix, &groups, &rows, t);
    let html = CompatPage {
        page,
        matrix,
        groups,
        rows,
        cards,
    };
    render_page(&state, lang, &html)
}

/// The matrix regrouped for phones: columns come group by group (`groups`
/// says how many each), so each row splits into one line per value of the
/// first column dimension with a cell per value of the second.
fn cards<'a>(
    matrix: &Matrix,
    groups: &[(String, usize)],
    rows: &[(String, Vec<CellView<'a>>)],
    t: &Strings,
) -> Vec<Card<'a>> {
    let first = groups.first().map_or(0, |g| g.1);
    let columns = matrix.columns[..first]
        .iter()
        .map(|c| t.t("compat_cluster_on").replace("{os}", &c.label))
        .collect::<Vec<_>>();
    rows.iter()
        .map(|(label, cells)| {
            let mut rest = cells.as_slice();
            let lines = groups
                .iter()
                .map(|(group, span)| {
                    let (line, tail) = rest.split_at((*span).min(rest.len()));
                    rest = tail;
                    (group.clone(), line.to_vec())
                })
                .collect();
            Card {
                label: label.clone(),
                columns: columns.clone(),
                lines,
            }
        })
        .collect()
}
