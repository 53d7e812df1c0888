//! The run page as a maintenance console, used by two people at once.

use fantoccini::Locator;

use super::{Browsers, Server, WAIT, text, wait_for};

#[tokio::test]
async fn a_tick_survives_a_reload_and_reaches_a_second_browser_live() {
    let Some(mut browsers) = Browsers::start() else {
        return;
    };
    let server = Server::start();
    let alice = browsers.open().await;
    let bob = browsers.open().await;

    alice.goto(&server.url("/checklists/new?lang=en")).await.unwrap();
    wait_for(&alice, "#active_node")
        .await
        .send_keys("EX1")
        .await
        .unwrap();
    wait_for(&alice, "#passive_nodes")
        .await
        .send_keys("EX2")
        .await
        .unwrap();
    wait_for(&alice, "#create-checklist").await.click().await.unwrap();
    let checkbox = wait_for(&alice, "input.tick[data-step='move-groups-ex2']").await;
    let run_url = alice.current_url().await.unwrap();
    assert!(run_url.path().starts_with("/checklists/"), "{run_url}");

    bob.goto(run_url.as_str()).await.unwrap();
    wait_for(&bob, "#step-move-groups-ex2").await;
    // Give Bob's EventSource a moment to connect before Alice ticks.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    checkbox.click().await.unwrap();
    wait_for(&alice, "#step-move-groups-ex2.done").await;
    wait_for(&bob, "#step-move-groups-ex2.done").await;
    let bobs_box = bob
        .find(Locator::Css("input.tick[data-step='move-groups-ex2']"))
        .await
        .unwrap();
    assert_eq!(bobs_box.prop("checked").await.unwrap().as_deref(), Some("true"));

    alice.refresh().await.unwrap();
    let reloaded = alice
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("input.tick[data-step='move-groups-ex2']"))
        .await
        .unwrap();
    assert_eq!(
        reloaded.prop("checked").await.unwrap().as_deref(),
        Some("true"),
        "still ticked after reload"
    );

    alice.close().await.unwrap();
    bob.close().await.unwrap();
}

#[tokio::test]
async fn the_search_combobox_works_from_the_keyboard() {
    let Some(mut browsers) = Browsers::start() else {
        return;
    };
    let server = Server::start();
    let client = browsers.open().await;
    client.goto(&server.url("/?lang=pt-BR")).await.unwrap();
    let input = wait_for(&client, "#q[role=combobox][aria-expanded=false]").await;
    input.send_keys("passivo").await.unwrap();
    wait_for(&client, "#q[aria-expanded=true]").await;
    let first = text(&client, "#live-results [role=option]").await;
    let see_all = text(&client, "#live-results .see-all").await;
    assert!(see_all.starts_with("Ver todos os resultados"), "{see_all}");

    // Down arrow highlights the first option without moving focus from the input.
    input.send_keys("\u{E015}").await.unwrap();
    let active = client
        .execute(
            "return document.activeElement.getAttribute('aria-activedescendant');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(active.as_str(), Some("live-result-0"));
    assert_eq!(
        text(&client, "#live-result-0[aria-selected=true] .heading").await,
        first.lines().next().unwrap()
    );
    // Up from the first wraps to "see all results"; Enter follows it.
    input.send_keys("\u{E013}").await.unwrap();
    wait_for(&client, "#live-result-all[aria-selected=true]").await;
    input.send_keys("\u{E007}").await.unwrap();
    wait_for(&client, "ol.results").await;
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/search");

    // Escape closes the list; a query with no hits says so.
    let input = wait_for(&client, "#q").await;
    input.clear().await.unwrap();
    input.send_keys("zzzzqqqq").await.unwrap();
    assert_eq!(
        text(&client, "#live-results .empty").await,
        "Nenhuma seção corresponde à sua pesquisa."
    );
    input.send_keys("\u{E00C}").await.unwrap();
    wait_for(&client, "#q[aria-expanded=false]").await;
    client.close().await.unwrap();
}
