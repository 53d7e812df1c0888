//! Navigation for a whole knowledge base: every document of a language by
//! category, a page at a time (`/docs/{lang}/`), the categories and recent
//! documents of the home page, and `/sitemap.xml` with hreflang alternates.

use std::cmp::Reverse;
use std::fmt::Write as _;

use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::docs::{Document, Library};
use crate::error::AppError;
use crate::i18n::Strings;
use crate::lang::Lang;
use crate::state::{AppState, Live};
use crate::text::sort_key;
use crate::toolkit::doc_url;
use crate::web::lang::ReqLang;
use crate::web::pages::{Chrome, LangLink, PageError, render, urlencode};

/// Documents on one page of a listing.
pub const PAGE_SIZE: usize = 50;

/// Documents under "recently updated" on the home page.
pub const RECENT: usize = 8;

/// Navigation routes.
pub fn router() -> Router<Live> {
    Router::new()
        .route("/docs/{lang}/", get(listing))
        .route("/docs/{lang}", get(to_listing))
        .route("/sitemap.xml", get(sitemap))
}

/// A category on the home page and above a listing.
pub struct CategoryLink {
    /// Its name in the page's language.
    pub name: String,
    /// Its listing.
    pub href: String,
    /// Documents in it, in the page's language.
    pub count: usize,
    /// It is the listing being shown.
    pub current: bool,
}

/// Documents of one category on a listing page.
pub struct Group {
    /// The category's name, or "other documents".
    pub heading: String,
    /// Anchor of the heading.
    pub anchor: String,
    /// The documents, by title.
    pub docs: Vec<DocLink>,
}

/// One link of the page list (`href` `None`: a gap, shown as an ellipsis).
pub struct PageLink {
    /// Page number as shown.
    pub label: String,
    /// Its address.
    pub href: Option<String>,
    /// The page being shown.
    pub current: bool,
}

#[derive(Template)]
#[template(path = "docs_list.html")]
struct ListingPage<'a> {
    page: Chrome<'a>,
    heading: String,
    summary: String,
    categories: Vec<CategoryLink>,
    all_href: String,
    filtered: bool,
    groups: Vec<Group>,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
    alternates: Vec<LangLink>,
}

/// What the home page shows of the knowledge base.
pub struct Overview {
    /// Every category with documents in the page's language.
    pub categories: Vec<CategoryLink>,
    /// The most recently modified documents.
    pub recent: Vec<DocLink>,
    /// How many documents the language has.
    pub total: usize,
    /// The listing of all of them.
    pub all_href: String,
}

/// The categories and recent documents of `lang`, for the home page.
pub fn overview(library: &Library, lang: Lang) -> Overview {
    let mut recent: Vec<&Document> = library.in_lang(lang).collect();
    let total = recent.len();
    recent.sort_by_cached_key(|d| (Reverse(d.front.modified.to_string()), sort_key(&d.front.title)));
    Overview {
        categories: category_links(library, lang, None),
        recent: recent.into_iter().take(RECENT).map(doc_link).collect(),
        total,
        all_href: listing_url(lang, None, 1),
    }
}

/// The address of page `page` of the listing of `lang` (one category's, or all).
pub fn listing_url(lang: Lang, category: Option<&str>, page: usize) -> String {
    let mut url = format!("/docs/{lang}/");
    let mut sep = '?';
    if let Some(category) = category {
        let _ = write!(url, "{sep}category={}", urlencode(category));
        sep = '&';
    }
    if page > 1 {
        let _ = write!(url, "{sep}page={page}");
    }
    url
}

/// A document entry on the home page and in listings.
pub struct DocLink {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// URL.
    pub href: String,
}

fn doc_link(doc: &Document) -> DocLink {
    DocLink {
        title: doc.front.title.clone(),
        description: doc.front.description.clone(),
        href: doc.url(None),
    }
}

/// Categories with documents in `lang`, by name; `current` marks the one listed.
fn category_links(library: &Library, lang: Lang, current: Option<&str>) -> Vec<CategoryLink> {
    let mut links: Vec<(String, CategoryLink)> = library
        .categories()
        .iter()
        .filter_map(|(id, names)| {
            let count = library
                .in_lang(lang)
                .filter(|d| d.front.category.as_deref() == Some(id))
                .count();
            let name = names.get(lang).to_owned();
            (count > 0).then(|| {
                let link = CategoryLink {
                    href: listing_url(lang, Some(id), 1),
                    count,
                    current: current == Some(id.as_str()),
                    name: name.clone(),
                };
                (sort_key(&name), link)
            })
        })
        .collect();
    links.sort_by(|a, b| a.0.cmp(&b.0));
    links.into_iter().map(|(_, link)| link).collect()
}

/// `?page=` read against the number of pages: absent is 1; not a whole
/// number from 1 is a 400, past the last page a 404, both worded in `t`'s language.
fn page_number(raw: Option<&str>, pages: usize, t: &Strings) -> Result<usize, PageProblem> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(1);
    };
    let fill = |key: &str| {
        t.t(key)
            .replace("{pages}", &pages.to_string())
            .replace("{page}", &crate::text::truncate(raw, 20))
    };
    match raw.parse::<usize>() {
        Ok(n) if (1..=pages).contains(&n) => Ok(n),
        Ok(n) if n > pages => Err(PageProblem::PastTheEnd(fill("page_past_the_end"))),
        _ => Err(PageProblem::Invalid(fill("page_invalid"))),
    }
}

/// Why a page number was refused, in the reader's language.
#[derive(Debug, PartialEq, Eq)]
enum PageProblem {
    /// Not a whole number of at least 1.
    Invalid(String),
    /// After the last page.
    PastTheEnd(String),
}

/// Query string of a listing.
#[derive(Debug, Default, Deserialize)]
struct ListingParams {
    page: Option<String>,
    category: Option<String>,
}

/// The canonical language of a `/docs/{lang}/…` path, if it is one: only
/// canonical tags are document addresses.
pub fn path_lang(tag: &str) -> Option<Lang> {
    Lang::ALL.into_iter().find(|l| l.as_str() == tag)
}

async fn to_listing(Path(tag): Path<String>, State(state): State<AppState>, reader: ReqLang) -> Response {
    match path_lang(&tag) {
        Some(lang) => Redirect::permanent(&listing_url(lang, None, 1)).into_response(),
        None => not_found(&state, reader.resolved(), format!("no language '{tag}'")).into_response(),
    }
}

fn not_found(state: &AppState, lang: Lang, what: String) -> PageError {
    PageError::new(state, lang, AppError::NotFound(what))
}

async fn listing(
    State(state): State<AppState>,
    reader: ReqLang,
    Path(tag): Path<String>,
    params: Result<Query<ListingParams>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let Some(lang) = path_lang(&tag) else {
        return Err(not_found(
            &state,
            reader.resolved(),
            format!("no language '{tag}'"),
        ));
    };
    let params = params.map(|p| p.0).unwrap_or_default();
    let library = &state.content.library;
    let t = state.content.catalog.strings(lang);
    let category = params.category.as_deref().filter(|c| !c.is_empty());
    let names = match category {
        Some(id) => match library.categories().get(id) {
            Some(names) => Some(names),
            None => {
                let message = t
                    .t("category_not_found")
                    .replace("{category}", &crate::text::truncate(id, 40));
                return Err(PageError::explained(&state, lang, AppError::NotFound(message)));
            }
        },
        None => None,
    };
    let docs: Vec<_> = library.listed(lang, category).collect();
    let pages = docs.len().div_ceil(PAGE_SIZE).max(1);
    let number = match page_number(params.page.as_deref(), pages, t) {
        Ok(number) => number,
        Err(PageProblem::Invalid(message)) => {
            let error = AppError::bad_parameter("invalid_parameter", "page", message);
            return Err(PageError::new(&state, lang, error));
        }
        Err(PageProblem::PastTheEnd(message)) => {
            return Err(PageError::explained(&state, lang, AppError::NotFound(message)));
        }
    };
    let first = (number - 1) * PAGE_SIZE;
    let shown = &docs[first.min(docs.len())..(first + PAGE_SIZE).min(docs.len())];
    let mut groups: Vec<Group> = Vec::new();
    for (name, doc) in shown {
        let heading = name.map_or_else(|| t.t("uncategorized").to_owned(), str::to_owned);
        match groups.last_mut() {
            Some(group) if group.heading == heading => group.docs.push(doc_link(doc)),
            _ => groups.push(Group {
                anchor: format!("category-{}", doc.front.category.as_deref().unwrap_or("none")),
                heading,
                docs: vec![doc_link(doc)],
            }),
        }
    }
    let url = |page: usize| listing_url(lang, category, page);
    let summary = match docs.len() {
        0 => t.t("no_documents").to_owned(),
        total => t
            .t("documents_range")
            .replace("{first}", &(first + 1).to_string())
            .replace("{last}", &(first + shown.len()).to_string())
            .replace("{total}", &total.to_string()),
    };
    let alternates = Lang::ALL
        .into_iter()
        .map(|l| LangLink {
            lang: l,
            name: state.content.catalog.strings(l).t("lang_name").to_owned(),
            href: listing_url(l, category, number),
        })
        .collect();
    let page = Chrome::new(&state, lang, listing_url(lang.other(), category, number));
    render(&ListingPage {
        heading: names.map_or_else(|| t.t("all_documents").to_owned(), |n| n.get(lang).to_owned()),
        summary,
        categories: category_links(library, lang, category),
        all_href: url(1),
        filtered: category.is_some(),
        groups,
        pages: page_links(number, pages, url),
        prev: (number > 1).then(|| url(number - 1)),
        next: (number < pages).then(|| url(number + 1)),
        alternates,
        page,
    })
    .map_err(|e| PageError::new(&state, lang, e))
}

/// The page list: the first and last pages, and two either side of the
/// current one, with gaps between.
fn page_links(current: usize, pages: usize, url: impl Fn(usize) -> String) -> Vec<PageLink> {
    if pages <= 1 {
        return Vec::new();
    }
    let mut links = Vec::new();
    let mut last_shown = 0;
    for n in 1..=pages {
        let near = n.abs_diff(current) <= 2;
        if n != 1 && n != pages && !near {
            continue;
        }
        if n > last_shown + 1 {
            links.push(PageLink {
                label: "…".into(),
                href: None,
                current: false,
            });
        }
        links.push(PageLink {
            label: n.to_string(),
            href: Some(url(n)),
            current: n == current,
        });
        last_shown = n;
    }
    links
}

/// The site's own address, for the sitemap's absolute URLs: the request's
/// `Host`, over https when a TLS proxy in front says so (`X-Forwarded-Proto`).
fn base_url(headers: &HeaderMap) -> String {
    let value = |name| headers.get(name).and_then(|h: &HeaderValue| h.to_str().ok());
    let host = value(header::HOST)
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost");
    let scheme = match value(HeaderName::from_static("x-forwarded-proto")) {
        Some(proto) if proto.trim().eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// Escapes text for XML content and attribute values (HTML's escapes are XML's).
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::search::highlight::push_escaped(&mut out, text);
    out
}

/// Every document and listing in both languages, each with its translations
/// as hreflang alternates and documents with their modification date.
async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = xml_escape(&base_url(&headers));
    let library = &state.content.library;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut entry = |url: &str, lastmod: Option<String>, alternates: &[(Lang, String)]| {
        let _ = write!(xml, "<url><loc>{base}{}</loc>", xml_escape(url));
        if let Some(date) = lastmod {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        for (lang, href) in alternates {
            let _ = write!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{base}{}\"/>",
                xml_escape(href)
            );
        }
        xml.push_str("</url>\n");
    };
    let listings: Vec<(Lang, String)> = Lang::ALL
        .into_iter()
        .map(|l| (l, listing_url(l, None, 1)))
        .collect();
    for (_, url) in &listings {
        entry(url, None, &listings);
    }
    for (slug, langs) in library.slugs() {
        let alternates: Vec<(Lang, String)> = langs.iter().map(|l| (*l, doc_url(*l, slug, None))).collect();
        for lang in &langs {
            let Some(doc) = library.get(slug, *lang) else {
                continue;
            };
            let date = doc.front.modified.date.map(|d| d.to_string());
            let alternates = if alternates.len() > 1 {
                &alternates[..]
            } else {
                &[]
            };
            entry(&doc.url(None), date, alternates);
        }
    }
    xml.push_str("</urlset>\n");
    ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_keep_the_ends_and_the_neighbours() {
        let labels = |current, pages| -> Vec<String> {
            page_links(current, pages, |n| n.to_string())
                .into_iter()
                .map(|l| {
                    if l.current {
                        format!("[{}]", l.label)
                    } else {
                        l.label
                    }
                })
                .collect()
        };
        assert!(labels(1, 1).is_empty());
        assert_eq!(labels(1, 3), ["[1]", "2", "3"]);
        assert_eq!(labels(6, 10), ["1", "…", "4", "5", "[6]", "7", "8", "…", "10"]);
        assert_eq!(labels(10, 10), ["1", "…", "8", "9", "[10]"]);
    }

    #[test]
    fn listing_urls_and_escapes() {
        assert_eq!(listing_url(Lang::PtBr, None, 1), "/docs/pt-BR/");
        assert_eq!(
            listing_url(Lang::En, Some("mail"), 3),
            "/docs/en/?category=mail&page=3"
        );
        assert_eq!(listing_url(Lang::En, None, 2), "/docs/en/?page=2");
        assert_eq!(xml_escape("a&b<\"'>"), "a&amp;b&lt;&quot;&#39;&gt;");
    }
}
