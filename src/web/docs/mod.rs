//! Documents: the home page, each document's page, and the listings and
//! sitemap ([`navigation`]).

pub mod navigation;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;

use crate::docs::Document;
use crate::error::AppError;
use crate::lang::Lang;
use crate::state::{AppState, Live};
use crate::toolkit::doc_url;
use crate::web::lang::ReqLang;
use crate::web::pages::{Chrome, LangLink, PageError, render_page};
use navigation::Overview;

/// Document routes: home, documents, listings and the sitemap.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/", get(home))
        .route("/docs/{lang}/{slug}", get(document))
        .merge(navigation::router())
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    page: Chrome<'a>,
    overview: Overview,
    all_documents_link: String,
    question: String,
}

#[derive(Template)]
#[template(path = "doc.html")]
struct DocPage<'a> {
    page: Chrome<'a>,
    doc: &'a Document,
    alternates: Vec<LangLink>,
}

async fn home(State(state): State<AppState>, lang: ReqLang) -> Result<Html<String>, PageError> {
    let lang = lang.resolved();
    let overview = navigation::overview(&state.content.library, lang);
    let all_documents_link = state
        .content
        .catalog
        .strings(lang)
        .t("browse_all_documents")
        .replace("{count}", &overview.total.to_string());
    let page = Chrome::new(&state, lang, format!("/?lang={}", lang.other()));
    let home = HomePage {
        page,
        overview,
        all_documents_link,
        question: String::new(),
    };
    render_page(&state, lang, &home)
}

async fn document(
    State(state): State<AppState>,
    reader: ReqLang,
    Path((tag, slug)): Path<(String, String)>,
) -> Result<Html<String>, PageError> {
    let not_found =
        |lang: Lang| PageError::new(&state, lang, AppError::NotFound(format!("no document '{slug}'")));
    let lang = match navigation::path_lang(&tag) {
        Some(lang) => lang,
        None => return Err(not_found(reader.resolved())),
    };
    let doc = state
        .content
        .library
        .get(&slug, lang)
        .ok_or_else(|| not_found(lang))?;
    let alternates = Lang::ALL
        .into_iter()
        .filter(|l| state.content.library.get(&slug, *l).is_some())
        .map(|l| LangLink {
            lang: l,
            name: state.content.catalog.strings(l).t("lang_name").to_owned(),
            href: doc_url(l, &slug, None),
        })
        .collect();
    let page = Chrome::new(&state, lang, doc_url(lang.other(), &slug, None));
    let html = DocPage {
        page,
        doc,
        alternates,
    };
    render_page(&state, lang, &html)
}
