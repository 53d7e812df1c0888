//! Navigating a knowledge base of many documents: categories, the paginated
//! listing of each language, localized errors for bad page numbers, the
//! home page's categories and recent documents, and the sitemap.

use axum::body::Body;
use axum::http::Request;
use docdesk::content::Content;
use docdesk::state::AppState;

use crate::corpus;
use crate::helpers::{TestApp, app, repo_root};

const SLUG: &str = "upgrade-clustered-mailbox-servers";

/// The shipped content plus `docs` generated documents of one section each.
fn generated(docs: usize) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    corpus::generate(&repo_root().join("content"), &root, docs, 1).unwrap();
    let content = Content::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let state = AppState::new(content, 0, &dir.path().join("data")).unwrap();
    let router = docdesk::web::router(state, &repo_root().join("static"));
    (TestApp { router }, dir)
}

/// How many documents a listing page links to.
fn listed(body: &str) -> usize {
    let document = regex::Regex::new(r#"<li><a href="/docs/[a-zA-Z-]+/[a-z0-9-]+">"#).unwrap();
    document.find_iter(body).count()
}

#[tokio::test]
async fn each_language_lists_its_documents_by_category() {
    let app = app();
    let pt = app.get("/docs/pt-BR/").await;
    assert_eq!(pt.status, 200);
    assert!(pt.body.contains("<html lang=\"pt-BR\">"));
    assert!(pt.body.contains("<h1>Todos os documentos</h1>"), "{}", pt.body);
    assert!(
        pt.body
            .contains("<h2 id=\"category-mailbox-clusters\">Servidores de caixas de correio em cluster</h2>")
    );
    assert!(
        pt.body
            .contains(&format!("<a href=\"/docs/pt-BR/{SLUG}\">Atualizando servidores"))
    );
    assert!(pt.body.contains("Documentos 1–1 de 1"));
    assert!(
        pt.body
            .contains("<link rel=\"alternate\" hreflang=\"en\" href=\"/docs/en/\">")
    );
    assert!(pt.body.contains("class=\"lang-switch\" href=\"/docs/en/\""));
    assert!(
        !pt.body.contains("class=\"pagination\""),
        "one page needs no page list"
    );

    let en = app.get("/docs/en/?category=mailbox-clusters").await;
    assert_eq!(en.status, 200);
    assert!(en.body.contains("<h1>Clustered mailbox servers</h1>"));
    assert!(
        en.body
            .contains("aria-current=\"page\">Clustered mailbox servers</a>")
    );
    assert!(
        en.body
            .contains(&format!("<a href=\"/docs/en/{SLUG}\">Upgrading clustered"))
    );

    // The address without the slash leads to the listing; other languages are no listing.
    let bare = app.get("/docs/en").await;
    assert_eq!(bare.status, 308);
    assert_eq!(bare.headers["location"], "/docs/en/");
    let other = app.get("/docs/fr/").await;
    assert_eq!(other.status, 404);
    assert!(other.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn the_home_page_shows_categories_recent_documents_and_the_listing() {
    let app = app();
    let home = app.get("/?lang=pt-BR").await;
    assert!(home.body.contains("<h3>Categorias</h3>"));
    assert!(home.body.contains("<a href=\"/docs/pt-BR/?category=mailbox-clusters\">Servidores de caixas de correio em cluster</a> <span class=\"muted\">(1)</span>"));
    assert!(home.body.contains("<h3>Atualizados recentemente</h3>"));
    assert!(
        home.body
            .contains("<a href=\"/docs/pt-BR/\">Ver todos os documentos (1)</a>")
    );
    let home = app.get("/?lang=en").await;
    assert!(
        home.body
            .contains("<a class=\"nav\" href=\"/docs/en/\">Documents</a>")
    );
    assert!(home.body.contains("Browse all documents (1)"));
}

#[tokio::test]
async fn a_large_knowledge_base_is_listed_a_page_at_a_time() {
    let (app, _dir) = generated(120);
    // 121 documents per language: pages of 50, 50 and 21.
    let first = app.get("/docs/en/").await;
    assert_eq!(first.status, 200);
    assert_eq!(listed(&first.body), 50);
    assert!(first.body.contains("Documents 1–50 of 121"));
    assert!(
        first
            .body
            .contains("<link rel=\"next\" href=\"/docs/en/?page=2\">")
    );
    assert!(
        first
            .body
            .contains("aria-current=\"page\" aria-label=\"Page 1\">1</a>")
    );
    let last = app.get("/docs/en/?page=3").await;
    assert_eq!(listed(&last.body), 21);
    assert!(last.body.contains("Documents 101–121 of 121"));
    assert!(
        last.body
            .contains("<link rel=\"prev\" href=\"/docs/en/?page=2\">")
    );
    assert!(!last.body.contains("rel=\"next\""));
    // Documents without a category come last, under their own heading.
    assert!(
        last.body
            .contains("<h2 id=\"category-none\">Other documents</h2>")
    );

    // Every document is listed exactly once across the pages.
    let mut seen = Vec::new();
    let re = regex::Regex::new(r#"<li><a href="(/docs/pt-BR/[a-z0-9-]+)">"#).unwrap();
    for page in 1..=3 {
        let body = app.get(&format!("/docs/pt-BR/?page={page}")).await.body;
        seen.extend(re.captures_iter(&body).map(|c| c[1].to_owned()));
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!((total, seen.len()), (121, 121));

    // A category keeps its own pages, and its filter in the page links.
    let area = app.get("/docs/pt-BR/?category=kb-area-1").await;
    assert!(
        area.body.contains("<h1>Área de conhecimento 1</h1>"),
        "{}",
        area.body
    );
    assert_eq!(listed(&area.body), 12);
    let home = app.get("/?lang=en").await;
    assert!(
        home.body
            .contains("Knowledge area 1</a> <span class=\"muted\">(12)</span>")
    );
    assert_eq!(
        home.body.matches("<li><a href=\"/docs/en/kb-").count(),
        docdesk::web::docs::navigation::RECENT
    );
}

#[tokio::test]
async fn bad_page_numbers_get_an_error_page_in_the_readers_language() {
    let (app, _dir) = generated(60);
    for (lang, page, status, text) in [
        (
            "pt-BR",
            "abc",
            400,
            "O número da página deve ser um número inteiro de 1 a 2, não &#39;abc&#39;.",
        ),
        (
            "en",
            "0",
            400,
            "The page number must be a whole number from 1 to 2, not &#39;0&#39;.",
        ),
        ("en", "-1", 400, "from 1 to 2"),
        (
            "pt-BR",
            "3",
            404,
            "Esta lista termina na página 2; não há página 3.",
        ),
        ("en", "99999999999999999999999", 400, "from 1 to 2"),
        ("en", "7", 404, "This list ends at page 2; there is no page 7."),
    ] {
        let response = app.get(&format!("/docs/{lang}/?page={page}")).await;
        assert_eq!(response.status, status, "{lang} {page}");
        assert!(response.content_type().starts_with("text/html"));
        assert!(response.body.contains(&format!("<html lang=\"{lang}\">")));
        assert!(response.body.contains(text), "{lang} {page}: {}", response.body);
    }
    let unknown = app.get("/docs/pt-BR/?category=nada").await;
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.body.contains("Não há categoria &#39;nada&#39;."),
        "{}",
        unknown.body
    );
}

#[tokio::test]
async fn the_sitemap_lists_every_document_with_its_translations() {
    let app = app();
    let response = app
        .send(
            Request::get("/sitemap.xml")
                .header("host", "docs.example.com")
                .header("x-forwarded-proto", "https")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status, 200);
    assert!(response.content_type().starts_with("application/xml"));
    let xml = &response.body;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    for lang in ["en", "pt-BR"] {
        let loc = format!(
            "<url><loc>https://docs.example.com/docs/{lang}/{SLUG}</loc><lastmod>2011-11-14</lastmod>"
        );
        assert!(xml.contains(&loc), "{xml}");
        assert!(xml.contains(&format!("<url><loc>https://docs.example.com/docs/{lang}/</loc>")));
    }
    for lang in ["en", "pt-BR"] {
        let alternate = format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"https://docs.example.com/docs/{lang}/{SLUG}\"/>"
        );
        assert_eq!(xml.matches(&alternate).count(), 2, "each translation names both");
    }
    assert_eq!(xml.matches("<url>").count(), 4);

    // Without a proxy saying https, the request's host over http.
    let plain = app
        .send(
            Request::get("/sitemap.xml")
                .header("host", "127.0.0.1:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(plain.body.contains("<loc>http://127.0.0.1:8080/docs/en/</loc>"));
}

#[test]
fn translations_must_share_their_category() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    crate::helpers::copy_dir(&repo_root().join("content"), &root);
    let pt = root.join(format!("docs/{SLUG}.pt-BR.md"));
    let text = std::fs::read_to_string(&pt).unwrap();
    std::fs::write(&pt, text.replace("category = \"mailbox-clusters\"\n", "")).unwrap();
    let content = Content::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let problems = docdesk::check::validate(&content);
    let problem = problems
        .iter()
        .find(|p| p.message.contains("translations share their category"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert!(problem.file.starts_with(root.join("docs")), "{problem}");
    assert!(
        problem.message.contains("`mailbox-clusters`") && problem.message.contains("none"),
        "{problem}"
    );

    // A category nobody declared is refused where it is written.
    std::fs::write(&pt, text.replace("\"mailbox-clusters\"", "\"mailbox\"")).unwrap();
    let errors = Content::load(&root).unwrap_err();
    let error = errors.0.iter().find(|e| e.file == pt).unwrap();
    assert_eq!(error.line, 6, "{error}");
    assert!(
        error.message.contains("category `mailbox` is not declared"),
        "{error}"
    );
}
