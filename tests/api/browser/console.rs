//! The run page as a maintenance console, used by two people at once.

use fantoccini::Locator;

use super::{Browsers, Server, WAIT, one_window, text, wait_for, wait_until};

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

/// Sets the name field the page sends with every action.
async fn set_name(client: &fantoccini::Client, name: &str) {
    let input = wait_for(client, "#your-name").await;
    input.clear().await.unwrap();
    input.send_keys(name).await.unwrap();
}

#[tokio::test]
async fn notes_skips_and_the_downtime_reach_a_second_window_live_with_who_did_them() {
    let Some(mut browsers) = Browsers::start() else {
        return;
    };
    let mut server = Server::start();
    let run = server.create_run("pt-BR", "ccr", "EXCCR1", &["EXCCR2"]).await;
    let url = server.url(run["url"].as_str().unwrap());
    let steps = run["steps"].as_array().unwrap();
    let step = |i: usize| steps[i]["id"].as_str().unwrap().to_owned();
    let find = |flag: &str| {
        steps.iter().find(|s| s[flag] == true).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (starts, ends) = (find("starts_downtime"), find("ends_downtime"));
    let alice = browsers.open().await;
    let bob = browsers.open().await;
    for client in [&alice, &bob] {
        client.goto(&url).await.unwrap();
        wait_until(
            client,
            "the page script",
            "return document.body.classList.contains('js');",
        )
        .await;
    }
    assert_eq!(text(&bob, "#downtime").await, "não iniciada");
    assert!(text(&alice, "h1").await.starts_with("CCR EXCCR1 → EXCCR2"));
    set_name(&alice, "Ana Souza").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    // A note, saved in place, reaches Bob with Ana's name.
    let first = step(0);
    let note = wait_for(&alice, &format!("#step-{first} textarea[name=note]")).await;
    note.send_keys("grupos movidos às 22h").await.unwrap();
    wait_for(&alice, &format!("#step-{first} button[value=note]"))
        .await
        .click()
        .await
        .unwrap();
    wait_until(
        &bob,
        "the note in Bob's window",
        &format!("return document.querySelector('#step-{first} .note-info').textContent.includes('grupos movidos às 22h');"),
    )
    .await;
    assert_eq!(
        text(&bob, &format!("#step-{first} .note-info .actor")).await,
        "Ana Souza"
    );
    assert!(text(&alice, "#announcer").await.starts_with("Nota salva:"));

    // A skip without a reason is refused in place; with one it reaches Bob.
    let second = step(1);
    wait_for(&alice, &format!("#step-{second} button[value=skip]"))
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(
        text(&alice, &format!("#error-{second}")).await,
        "Diga por que este passo foi pulado."
    );
    wait_for(
        &alice,
        &format!("#step-{second} input[name=reason][aria-invalid=true]"),
    )
    .await;
    assert_eq!(alice.current_url().await.unwrap().as_str(), url, "no page change");
    let reason = wait_for(&alice, &format!("#step-{second} input[name=reason]")).await;
    reason.send_keys("já aplicado ontem").await.unwrap();
    wait_for(&alice, &format!("#step-{second} button[value=skip]"))
        .await
        .click()
        .await
        .unwrap();
    wait_for(&bob, &format!("#step-{second}.skipped")).await;
    assert_eq!(
        text(&bob, &format!("#step-{second} .skip-info .actor")).await,
        "Ana Souza"
    );
    assert_eq!(
        text(&bob, &format!("#step-{second} .skip-info .reason")).await,
        "já aplicado ontem"
    );
    wait_until(
        &bob,
        "the skip announced",
        "return document.getElementById('announcer').textContent.startsWith('Pulado:');",
    )
    .await;

    // The downtime label: running since hh:mm with a clock, then how long it lasted.
    wait_for(&alice, &format!("input.tick[data-step='{starts}']"))
        .await
        .click()
        .await
        .unwrap();
    wait_until(
        &bob,
        "downtime running",
        "return document.getElementById('downtime').textContent.startsWith('em andamento desde');",
    )
    .await;
    wait_until(
        &bob,
        "the clock",
        "return /^\\d\\d:\\d\\d:\\d\\d$/.test(document.getElementById('downtime-clock').textContent);",
    )
    .await;

    // A save while the server is down is shown, kept, and retried.
    server.stop();
    wait_for(&alice, &format!("input.tick[data-step='{ends}']"))
        .await
        .click()
        .await
        .unwrap();
    wait_until(
        &alice,
        "the failed save shown",
        &format!("return document.getElementById('error-{ends}').textContent.startsWith('Não salvo');"),
    )
    .await;
    let ends_box = wait_for(&alice, &format!("input.tick[data-step='{ends}']")).await;
    assert_eq!(
        ends_box.prop("checked").await.unwrap().as_deref(),
        Some("true"),
        "never silently undone"
    );
    assert!(text(&alice, "#save-state").await.starts_with("Não salvo"));
    server.restart();
    wait_until(
        &alice,
        "the retry to land",
        &format!("return document.getElementById('error-{ends}').textContent === '' && document.getElementById('save-state').textContent === '';"),
    )
    .await;
    wait_until(
        &bob,
        "downtime over in Bob's window",
        "return document.getElementById('downtime').textContent.startsWith('durou ');",
    )
    .await;
    assert_eq!(
        text(&bob, &format!("#step-{ends} .done-info .actor")).await,
        "Ana Souza"
    );
    alice.close().await.unwrap();
    bob.close().await.unwrap();
}

#[tokio::test]
async fn the_runs_list_finds_runs_newest_first_and_filters_by_state() {
    let Some(mut browsers) = Browsers::start() else {
        return;
    };
    let server = Server::start();
    let done = server.create_run("en", "ccr", "EXOLD1", &["EXOLD2"]).await;
    let id = done["id"].as_str().unwrap();
    for step in done["steps"].as_array().unwrap() {
        server
            .patch(
                id,
                step["id"].as_str().unwrap(),
                serde_json::json!({"done": true, "by": "ana"}),
            )
            .await;
    }
    let open = server
        .create_run("pt-BR", "scc", "EXNEW1", &["EXNEW2", "EXNEW3"])
        .await;
    let client = browsers.open().await;

    client.goto(&server.url("/checklists?lang=pt-BR")).await.unwrap();
    let titles = client
        .execute(
            "return [...document.querySelectorAll('.runs li > a')].map(a => a.textContent);",
            vec![],
        )
        .await
        .unwrap();
    let titles: Vec<&str> = titles
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles[0].starts_with("SCC EXNEW1 → EXNEW2, EXNEW3"),
        "newest first: {titles:?}"
    );
    assert!(titles[1].starts_with("CCR EXOLD1 → EXOLD2"), "{titles:?}");
    assert!(
        titles.iter().all(|t| t.contains("atualização")),
        "both in the page's language: {titles:?}"
    );

    wait_for(&client, "nav.filters a[href$='state=completed']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(
        &client,
        "nav.filters a[aria-current=page][href$='state=completed']",
    )
    .await;
    assert_eq!(
        text(&client, ".runs li > a").await.split(':').next(),
        Some("CCR EXOLD1 → EXOLD2")
    );
    assert_eq!(text(&client, ".runs li .run-state").await, "✔ Concluída");
    let count = client
        .execute("return document.querySelectorAll('.runs li').length;", vec![])
        .await
        .unwrap();
    assert_eq!(count, serde_json::json!(1));

    wait_for(&client, "nav.filters a[href$='state=in-progress']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(
        &client,
        "nav.filters a[aria-current=page][href$='state=in-progress']",
    )
    .await;
    wait_for(&client, ".runs li > a").await.click().await.unwrap();
    wait_for(&client, "#checklist").await;
    let url = client.current_url().await.unwrap();
    assert!(url.path().ends_with(open["id"].as_str().unwrap()), "{url}");
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_new_checklist_form_checks_node_names_and_offers_only_possible_os_pairs() {
    let Some((_browsers, server, client)) = one_window().await else {
        return;
    };
    client
        .goto(&server.url("/checklists/new?lang=pt-BR"))
        .await
        .unwrap();
    let active = wait_for(&client, "#active_node").await;
    active.send_keys("EX_1").await.unwrap();
    wait_for(&client, "#passive_nodes")
        .await
        .send_keys("EX2, 1234")
        .await
        .unwrap();
    // A page that reloads loses this.
    client.execute("window.stayed = true;", vec![]).await.unwrap();
    wait_for(&client, "#create-checklist")
        .await
        .click()
        .await
        .unwrap();
    wait_for(&client, "#active_node[aria-invalid=true]").await;
    wait_for(&client, "#passive_nodes[aria-invalid=true]").await;
    let state = client
        .execute(
            "const a = document.getElementById('active_node');
             return [window.stayed === true, document.activeElement.id, a.getAttribute('aria-describedby')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        state,
        serde_json::json!([true, "active_node", "active_node-error active_node-help"]),
        "refused in the page, the first refused field focused and described by its error"
    );
    // The template's own message, in the page's language.
    assert_eq!(
        text(&client, "#active_node-error").await,
        "um nome de nó tem de 1 a 15 letras, dígitos ou hifens, e não só dígitos"
    );
    // Corrected, the error goes.
    active.clear().await.unwrap();
    active.send_keys("EX1").await.unwrap();
    wait_until(
        &client,
        "the error to clear",
        "return !document.getElementById('active_node-error')
                && !document.getElementById('active_node').hasAttribute('aria-invalid');",
    )
    .await;

    // A Windows Server 2008 cluster cannot go back to Windows Server 2003.
    let back = "#target_os option[value='windows-server-2003']";
    let offered = format!("return !document.querySelector(\"{back}\").disabled;");
    let choose = |os: &str| format!("input[name=cluster_os][value={os}]");
    client
        .execute(
            "document.getElementById('target_os').value = 'windows-server-2003';",
            vec![],
        )
        .await
        .unwrap();
    wait_for(&client, &choose("windows-server-2008"))
        .await
        .click()
        .await
        .unwrap();
    wait_until(
        &client,
        "2008 → 2003 withdrawn",
        &offered.replace("return !", "return "),
    )
    .await;
    let left_out = client
        .execute("return document.getElementById('target_os').value;", vec![])
        .await
        .unwrap();
    assert_eq!(
        left_out,
        serde_json::json!(""),
        "the impossible choice is dropped"
    );
    wait_for(&client, &choose("windows-server-2003"))
        .await
        .click()
        .await
        .unwrap();
    wait_until(&client, "2003 → 2003 offered again", &offered).await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_home_ask_box_shows_what_the_ask_page_shows() {
    let Some((_browsers, server, client)) = one_window().await else {
        return;
    };
    let questions = [
        ("pt-BR", "posso gerenciar o cluster pelo Windows XP?"),
        (
            "en",
            "Can the SP2 tools on Windows XP manage a cluster on Windows Server 2008?",
        ),
        ("en", "how do I move the cluster group to another node?"),
    ];
    let mut parts = Vec::new();
    for (lang, question) in questions {
        client.goto(&server.url(&format!("/?lang={lang}"))).await.unwrap();
        wait_for(&client, "#question")
            .await
            .send_keys(question)
            .await
            .unwrap();
        client.execute("window.stayed = true;", vec![]).await.unwrap();
        wait_for(&client, "form.ask button").await.click().await.unwrap();
        wait_for(&client, "#answer:not([hidden]) .verdict-heading").await;
        let home = client
            .execute(
                "return [window.stayed === true, document.getElementById('answer').innerHTML];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(home[0], serde_json::json!(true), "answered in place");
        // The page /ask gives for the same form fields.
        let ask = server.url(&format!(
            "/ask?question={}&lang={lang}",
            crate::helpers::enc(question)
        ));
        client.goto(&ask).await.unwrap();
        let page = client
            .execute(
                "return document.querySelector('section.answer').innerHTML;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(home[1], page, "{question}");
        let html = page.as_str().unwrap();
        assert!(
            html.contains("class=\"interpretation\""),
            "{question}: how it was read"
        );
        assert!(html.contains("class=\"citations\""), "{question}: sources");
        parts.push(html.to_owned());
    }
    assert!(
        parts[0].contains("class=\"options\""),
        "a 'depends' answer lists its options"
    );
    assert!(
        parts[2].contains("class=\"results\""),
        "a procedure answer lists related sections"
    );
    client.close().await.unwrap();
}
