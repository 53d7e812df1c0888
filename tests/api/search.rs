use crate::helpers::{app, enc};

#[tokio::test]
async fn search_returns_hits_with_every_documented_field() {
    let response = app().get("/api/search?q=Setup.com&lang=en").await;
    assert_eq!(response.status, 200);
    let body = response.json();
    assert_eq!(body["query"], "Setup.com");
    assert_eq!(body["lang"], "en");
    assert!(body["took_ms"].is_number());
    let hit = &body["hits"][0];
    for field in [
        "doc", "section", "heading", "title", "url", "snippet", "lang", "score",
    ] {
        assert!(!hit[field].is_null(), "hit lacks {field}: {hit}");
    }
    assert_eq!(hit["section"], "run-the-upgrade");
    assert_eq!(
        hit["url"],
        "/docs/en/upgrade-clustered-mailbox-servers#run-the-upgrade"
    );
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>"), "{hit}");
}

#[tokio::test]
async fn an_empty_query_returns_no_hits() {
    let body = app().get("/api/search?q=&lang=pt-BR").await.json();
    assert_eq!(body["hits"].as_array().unwrap().len(), 0);
    let body = app().get("/api/search").await.json();
    assert_eq!(body["hits"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn limit_defaults_to_ten_and_bad_limits_are_rejected() {
    let body = app().get("/api/search?q=exchange&lang=en").await.json();
    let count = body["hits"].as_array().unwrap().len();
    assert!(count > 3 && count <= 10, "{count}");
    assert_eq!(
        app().get("/api/search?q=exchange&lang=en&limit=2").await.json()["hits"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    for bad in ["0", "51", "-1", "ten", "1e3"] {
        let response = app().get(&format!("/api/search?q=exchange&limit={bad}")).await;
        assert_eq!(response.status, 400, "limit={bad}");
        let body = response.json();
        assert_eq!(body["error"]["code"], "invalid_parameter");
        assert!(body["error"]["message"].as_str().unwrap().contains("limit"));
    }
}

#[tokio::test]
async fn language_comes_from_the_parameter_then_accept_language_then_english() {
    let app = app();
    assert_eq!(
        app.get("/api/search?q=cluster&lang=pt-PT").await.json()["lang"],
        "pt-BR"
    );
    assert_eq!(
        app.get("/api/search?q=cluster&lang=pt").await.json()["lang"],
        "pt-BR"
    );
    assert_eq!(
        app.get("/api/search?q=cluster&lang=en-GB").await.json()["lang"],
        "en"
    );
    assert_eq!(
        app.get_with_language("/api/search?q=cluster", "pt-BR,pt;q=0.9")
            .await
            .json()["lang"],
        "pt-BR"
    );
    assert_eq!(
        app.get_with_language("/api/search?q=cluster", "de, en;q=0.5")
            .await
            .json()["lang"],
        "en"
    );
    assert_eq!(app.get("/api/search?q=cluster").await.json()["lang"], "en");
    let response = app.get("/api/search?q=cluster&lang=fr").await;
    assert_eq!(response.status, 400);
    assert_eq!(response.json()["error"]["code"], "unsupported_language");
}

#[tokio::test]
async fn a_query_found_only_in_the_other_language_returns_those_hits_marked() {
    let body = app()
        .get(&format!("/api/search?lang=en&q={}", enc("inatividade")))
        .await
        .json();
    let hits = body["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["lang"] == "pt-BR"), "{body}");
    assert_eq!(body["lang"], "en");
}

#[tokio::test]
async fn accents_and_plurals_find_the_same_sections() {
    let app = app();
    let sections = |body: serde_json::Value| {
        let mut ids: Vec<String> = body["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["section"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let plain = sections(
        app.get("/api/search?lang=pt-BR&limit=50&q=atualizacao%20")
            .await
            .json(),
    );
    let accented = sections(
        app.get(&format!(
            "/api/search?lang=pt-BR&limit=50&q={}",
            enc("atualização ")
        ))
        .await
        .json(),
    );
    let plural = sections(
        app.get(&format!(
            "/api/search?lang=pt-BR&limit=50&q={}",
            enc("atualizações ")
        ))
        .await
        .json(),
    );
    assert!(!plain.is_empty());
    assert_eq!(plain, accented);
    assert_eq!(accented, plural);
}

#[tokio::test]
async fn the_server_rendered_search_page_works_without_javascript() {
    let response = app().get("/search?q=Setup.com&lang=pt-BR").await;
    assert_eq!(response.status, 200);
    assert!(response.content_type().starts_with("text/html"));
    assert!(response.body.contains("<mark>"), "{}", response.body);
    assert!(
        response
            .body
            .contains("/docs/pt-BR/upgrade-clustered-mailbox-servers#run-the-upgrade")
    );
    assert!(response.body.contains("Resultados para"));
}

#[tokio::test]
async fn the_search_page_escapes_the_query() {
    let response = app()
        .get(&format!("/search?lang=en&q={}", enc("<script>alert(1)</script>")))
        .await;
    assert_eq!(response.status, 200);
    assert!(
        !response.body.contains("<script>alert"),
        "query reflected unescaped"
    );
    let escaped = regex::Regex::new(r"(&lt;|&#60;)script(&gt;|&#62;)alert\(1\)").unwrap();
    assert!(escaped.is_match(&response.body), "{}", response.body);
}

#[tokio::test]
async fn the_home_page_has_a_search_box_in_the_negotiated_language() {
    let response = app().get_with_language("/", "pt-BR").await;
    assert_eq!(response.status, 200);
    assert!(response.body.contains("<html lang=\"pt-BR\">"));
    assert!(response.body.contains("action=\"/search\""));
    assert!(response.body.contains("Pesquisar"));
    assert!(response.body.contains("src=\"/static/app.js\""));
    let english = app().get("/?lang=en").await;
    assert!(english.body.contains("Search the procedures"));
}
