use crate::helpers::spawn_app;

#[tokio::test]
async fn a_real_server_on_port_zero_answers_health_and_search() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let health = client.get(app.url("/healthz")).send().await.expect("request");
    assert_eq!(health.status(), 200);
    assert!(app.data_dir.path().join("data").is_dir(), "data dir is created");
    let search: serde_json::Value = client
        .get(app.url("/api/search?q=servidro&lang=pt-BR"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert!(!search["hits"].as_array().unwrap().is_empty());
}
