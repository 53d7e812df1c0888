use crate::helpers::app;

#[tokio::test]
async fn healthz_answers_ok_as_json() {
    let response = app().get("/healthz").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), serde_json::json!({"status": "ok"}));
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let response = app().get("/").await;
    let csp = response
        .headers
        .get("content-security-policy")
        .expect("CSP")
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(response.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(response.headers.get("referrer-policy").is_some());
}

#[tokio::test]
async fn static_files_are_served_with_caching_headers() {
    let response = app().get("/static/app.js").await;
    assert_eq!(response.status, 200);
    assert!(
        response.content_type().contains("javascript"),
        "{}",
        response.content_type()
    );
    let cache = response
        .headers
        .get("cache-control")
        .expect("cache-control")
        .to_str()
        .unwrap();
    assert!(cache.contains("max-age="), "{cache}");
    assert_eq!(app().get("/static/nope.js").await.status, 404);
}
