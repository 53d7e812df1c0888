use crate::helpers::app;

const SLUG: &str = "upgrade-clustered-mailbox-servers";

#[tokio::test]
async fn a_document_has_a_toc_anchors_alternates_and_a_language_switch() {
    let response = app().get(&format!("/docs/pt-BR/{SLUG}")).await;
    assert_eq!(response.status, 200);
    let body = &response.body;
    assert!(body.contains("<html lang=\"pt-BR\">"));
    assert!(body.contains("Atualizando servidores de caixas de correio em cluster"));
    assert!(body.contains("class=\"toc\""));
    assert!(body.contains("href=\"#plan-downtime\""));
    assert!(body.contains("<h2 id=\"plan-downtime\">"));
    assert!(body.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"/docs/en/{SLUG}\">"
    )));
    assert!(body.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"pt-BR\" href=\"/docs/pt-BR/{SLUG}\">"
    )));
    assert!(body.contains(&format!("class=\"lang-switch\" href=\"/docs/en/{SLUG}\"")));
    assert!(body.contains("Cluster.exe group \"Cluster Group\" /move:&lt;NodeName&gt;"));
    assert!(body.contains("ServerManagerCmd -I RSAT-Clustering"));
    assert!(body.contains("Aplica-se a") && body.contains("2011-11-14"));
}

#[tokio::test]
async fn both_languages_share_every_section_id() {
    let app = app();
    let ids = |body: &str| {
        let re = regex::Regex::new(r#"<h[23] id="([a-z0-9-]+)">"#).unwrap();
        re.captures_iter(body)
            .map(|c| c[1].to_owned())
            .collect::<Vec<_>>()
    };
    let pt = ids(&app.get(&format!("/docs/pt-BR/{SLUG}")).await.body);
    let en = ids(&app.get(&format!("/docs/en/{SLUG}")).await.body);
    assert!(pt.len() >= 8, "{pt:?}");
    assert_eq!(pt, en);
}

#[tokio::test]
async fn an_unknown_document_or_language_is_a_404_page() {
    let app = app();
    for uri in [
        "/docs/en/nope".to_owned(),
        format!("/docs/fr/{SLUG}"),
        format!("/docs/pt/{SLUG}"),
        "/nope".into(),
    ] {
        let response = app.get(&uri).await;
        assert_eq!(response.status, 404, "{uri}");
        assert!(response.content_type().starts_with("text/html"), "{uri}");
    }
    let pt = app.get("/docs/pt-BR/nope").await;
    assert!(pt.body.contains("Página não encontrada"));
}

#[tokio::test]
async fn unknown_api_routes_are_json_404s() {
    let response = app().get("/api/nope").await;
    assert_eq!(response.status, 404);
    assert_eq!(response.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_404_page_honours_lang_and_the_favicon_exists() {
    let app = app();
    let page = app.get_with_language("/no-such-page?lang=pt-BR", "en").await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("<html lang=\"pt-BR\">"), "{}", page.body);
    assert!(page.body.contains("Página não encontrada"));
    let page = app.get_with_language("/no-such-page?lang=en", "pt-BR").await;
    assert!(page.body.contains("Page not found"));
    let icon = app.get("/favicon.ico").await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.content_type(), "image/svg+xml");
    assert!(page.body.contains("rel=\"icon\" href=\"/static/favicon.svg\""));
}

#[tokio::test]
async fn the_article_links_its_cross_references() {
    let app = app();
    for lang in ["pt-BR", "en"] {
        let body = app.get(&format!("/docs/{lang}/{SLUG}")).await.body;
        // "In addition to the preceding restrictions" points at them.
        assert!(body.contains("<a href=\"#cross-os-management\">"), "{lang}");
        // The Knowledge Base article has a stable public address.
        assert!(
            body.contains("<a href=\"https://support.microsoft.com/kb/304718\">"),
            "{lang}"
        );
        // "See the following topics:" is followed by the topics.
        let rollups = &body[body.find("id=\"update-rollups\"").unwrap()..];
        let section = &rollups[..rollups.find("<h2").unwrap()];
        for topic in ["#upgrade-passive-nodes", "#run-the-upgrade", "#plan-downtime"] {
            assert!(
                section.contains(&format!("<li><a href=\"{topic}\">")),
                "{lang} {topic}"
            );
        }
    }
}
