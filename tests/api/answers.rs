use serde_json::{Value, json};

use crate::helpers::{TestApp, app, enc};

async fn ask(app: &TestApp, question: &str, lang: Option<&str>) -> Value {
    let body = match lang {
        Some(lang) => json!({ "question": question, "lang": lang }),
        None => json!({ "question": question }),
    };
    let response = app
        .post("/api/answer", "application/json", body.to_string())
        .await;
    assert_eq!(response.status, 200, "{question}: {}", response.body);
    response.json()
}

/// The article's rules, written out independently of `content/answers/compat.toml`.
fn expected_verdict(tools: &str, admin: &str, cms: &str, cluster: &str, target: &str) -> &'static str {
    let sp = |v: &str| v == "SP1" || v == "SP2";
    if target == "standalone" {
        return if admin == "windows-vista" && sp(tools) && sp(cms) {
            "yes"
        } else {
            "not_documented"
        };
    }
    let old_client = admin == "windows-server-2003" || admin == "windows-xp";
    if admin == "windows-vista"
        || (cluster == "windows-server-2008" && old_client)
        || (cluster == "windows-server-2003" && admin == "windows-server-2008")
    {
        return "no";
    }
    if tools == "RTM" && cms == "RTM" && old_client && cluster == "windows-server-2003" {
        return "yes";
    }
    if sp(tools) && sp(cms) {
        return "yes";
    }
    "not_documented"
}

#[tokio::test]
async fn the_whole_grid_matches_the_article_in_both_languages() {
    let app = app();
    let mut checked = 0;
    for tools in ["RTM", "SP1", "SP2"] {
        for admin in [
            "windows-server-2003",
            "windows-xp",
            "windows-server-2008",
            "windows-vista",
        ] {
            for cms in ["RTM", "SP1", "SP2"] {
                for cluster in ["windows-server-2003", "windows-server-2008"] {
                    for target in ["clustered", "standalone"] {
                        for lang in ["en", "pt-BR"] {
                            let uri = format!(
                                "/api/compat?tools_version={tools}&admin_os={admin}&cms_version={cms}&cluster_os={cluster}&target={target}&lang={lang}"
                            );
                            let response = app.get(&uri).await;
                            assert_eq!(response.status, 200, "{uri}");
                            let body = response.json();
                            let expected = expected_verdict(tools, admin, cms, cluster, target);
                            assert_eq!(body["verdict"], expected, "{uri}: {}", body["answer"]);
                            assert_eq!(body["lang"], lang);
                            assert_eq!(body["intent"], "management_compatibility");
                            assert!(body["missing"].as_array().unwrap().is_empty(), "{uri}");
                            let citations = body["citations"].as_array().unwrap();
                            assert!(!citations.is_empty(), "{uri}: no citation");
                            for citation in citations {
                                let url = citation["url"].as_str().unwrap();
                                assert!(url.starts_with(&format!("/docs/{lang}/")), "{url}");
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 3 * 4 * 3 * 2 * 2 * 2);
}

#[tokio::test]
async fn paraphrases_get_the_same_verdict() {
    let app = app();
    let groups: &[(&str, &[&str])] = &[
        (
            "no",
            &[
                "Can the SP2 tools on Windows XP manage a clustered mailbox server on Windows Server 2008?",
                "can sp2 tools on xp manage a cms running win2k8?",
                "Can I manage a W2K8 clustered mailbox server from Windos XP with the SP2 console?",
                "dá pra gerenciar o cluster do 2008 pelo XP?",
                "da pra gerenciar o cluster do 2008 pelo xp",
                "Posso gerenciar um servidor de caixas de correio clusterizadas no Windows Server 2008 a partir do Windows XP?",
                "posso gerenciar um servidro de caixas de correio em cluster com windows 2008 a partir de um computador com xp?",
            ],
        ),
        (
            "no",
            &[
                "Can I manage a clustered mailbox server from Windows Vista?",
                "can i manage a clusterd mailbox server from vista",
                "Dá para gerenciar servidores de caixas de correio clusterizadas pelo Windows Vista?",
                "É possível gerenciar o CMS a partir do Vista?",
                "e possivel gerenciar o cms a partir do vista",
            ],
        ),
        (
            "yes",
            &[
                "Can the Exchange 2007 SP1 management tools on Windows Server 2008 manage a clustered mailbox server running on Windows Server 2008?",
                "Can EMC SP2 on Server 2008 manage a CMS running SP2 on a 2008 cluster?",
                "As ferramentas de gerenciamento SP1 no Windows Server 2008 gerenciam um servidor de caixas de correio clusterizadas SP1 no Windows Server 2008?",
                "o console SP2 no win2k8 gerencia um cms SP2 num cluster 2008?",
            ],
        ),
        (
            "yes",
            &[
                "Can I manage a standalone Exchange 2007 SP2 server from Windows Vista with the SP2 tools?",
                "Posso gerenciar um servidor autônomo SP1 pelo Vista com as ferramentas SP1?",
                "posso gerenciar um servidor autonomo sp1 pelo vista com as ferramentas sp1?",
            ],
        ),
        (
            "not_documented",
            &[
                "Can the RTM management tools manage an SP1 clustered mailbox server?",
                "As ferramentas de gerenciamento RTM gerenciam um servidor de caixas de correio clusterizadas com SP1?",
                "can rtm tools manage a cms running sp2?",
            ],
        ),
        (
            "no",
            &[
                "Do I have to remove update rollups before installing SP2?",
                "Preciso remover os pacotes cumulativos de atualizações antes de instalar o SP2?",
                "preciso remover os pacotes cumulativos de atualizacoes antes de instalar o sp2?",
                "Must I uninstall the update rollups first?",
            ],
        ),
        (
            "no",
            &[
                "Can I use Setup.exe to upgrade a clustered mailbox server to SP2?",
                "Posso usar o Setup.exe para atualizar um servidor de caixas de correio clusterizadas para o SP2?",
                "posso atualizar o cms com o assistente de instalação?",
            ],
        ),
        (
            "no",
            &[
                "Can I upgrade a Windows Server 2003 failover cluster to Windows Server 2008 in place?",
                "Posso atualizar um cluster de failover do Windows Server 2003 para o Windows Server 2008 no local?",
                "can i do an in-place upgrade of my 2k3 cluster to 2k8?",
            ],
        ),
    ];
    for (expected, questions) in groups {
        for question in *questions {
            let body = ask(&app, question, None).await;
            assert_eq!(body["verdict"], *expected, "{question}: {}", body["answer"]);
        }
    }
}

#[tokio::test]
async fn the_question_language_is_detected_when_not_given() {
    let app = app();
    let body = ask(&app, "Posso gerenciar o cluster pelo Vista?", None).await;
    assert_eq!(body["lang"], "pt-BR");
    assert!(
        body["answer"].as_str().unwrap().starts_with("Não"),
        "{}",
        body["answer"]
    );
    assert!(
        body["citations"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("/docs/pt-BR/")
    );
    let body = ask(&app, "Can I manage the cluster from Vista?", None).await;
    assert_eq!(body["lang"], "en");
    assert!(body["answer"].as_str().unwrap().starts_with("No"));
    // English product words ("upgrade", "in-place", "cluster") do not
    // outweigh the Portuguese around them.
    for question in [
        "Posso fazer upgrade in-place do cluster 2003 pro 2008?",
        "Dá pra fazer rolling upgrade do cluster agora?",
    ] {
        let body = ask(&app, question, None).await;
        assert_eq!(body["lang"], "pt-BR", "{question}");
    }
}

#[tokio::test]
async fn an_answer_that_depends_asks_back_and_lists_every_documented_completion() {
    let app = app();
    let body = ask(
        &app,
        "Can SP2 tools manage an SP2 clustered mailbox server?",
        Some("en"),
    )
    .await;
    assert_eq!(body["verdict"], "depends");
    let missing: Vec<&str> = body["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(missing, ["admin_os", "cluster_os"]);
    assert!(body["clarify"].as_str().unwrap().contains("operating system"));
    let answer = body["answer"].as_str().unwrap();
    assert!(answer.starts_with("It depends on"), "{answer}");
    assert!(
        answer.contains("Yes when") && answer.contains("No when"),
        "{answer}"
    );
    let options = body["options"].as_array().unwrap();
    let verdicts: std::collections::BTreeSet<&str> =
        options.iter().map(|o| o["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts, ["no", "yes"].into_iter().collect());
    assert!(
        options
            .iter()
            .all(|o| o["tools_version"] == "SP2" && o["cms_version"] == "SP2")
    );
    assert_eq!(body["interpretation"]["tools_version"], "SP2");
    assert_eq!(body["interpretation"]["cms_version"], "SP2");
    assert_eq!(body["interpretation"]["admin_os"], Value::Null);
}

#[tokio::test]
async fn how_questions_answer_with_the_command_and_no_verdict() {
    let body = ask(
        &app(),
        "What command installs the cluster management tools on Windows Server 2008?",
        Some("en"),
    )
    .await;
    assert_eq!(body["intent"], "procedure");
    assert_eq!(body["verdict"], Value::Null);
    assert!(
        body["answer"]
            .as_str()
            .unwrap()
            .contains("ServerManagerCmd -I RSAT-Clustering")
    );
    assert_eq!(body["citations"][0]["section"], "cluster-management-tools");
    assert!(!body["related"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn out_of_scope_questions_get_no_verdict_and_low_confidence() {
    let app = app();
    for question in [
        "What is the capital of France?",
        "qual é a senha do wifi?",
        "Will it rain tomorrow?",
        "asdf qwer",
    ] {
        let body = ask(&app, question, None).await;
        assert_eq!(body["intent"], "out_of_scope", "{question}");
        assert_eq!(body["verdict"], Value::Null, "{question}");
        assert!(body["confidence"].as_f64().unwrap() < 0.3);
    }
}

#[tokio::test]
async fn bad_answer_requests_get_json_errors() {
    let app = app();
    let cases: Vec<(&str, String, u16)> = vec![
        ("application/json", json!({ "question": "" }).to_string(), 400),
        ("application/json", json!({ "question": "   " }).to_string(), 400),
        (
            "application/json",
            json!({ "question": "a".repeat(2001) }).to_string(),
            400,
        ),
        ("application/json", "{\"question\": ".into(), 400),
        ("application/json", "not json".into(), 400),
        ("text/plain", json!({ "question": "x" }).to_string(), 415),
        (
            "application/json",
            json!({ "question": "x", "extra": 1 }).to_string(),
            422,
        ),
        ("application/json", json!({ "question": 42 }).to_string(), 422),
        (
            "application/json",
            json!({ "question": "x", "lang": "fr" }).to_string(),
            400,
        ),
        (
            "application/json",
            json!({ "question": "x".repeat(70_000) }).to_string(),
            413,
        ),
    ];
    for (content_type, body, status) in cases {
        let response = app.post("/api/answer", content_type, body.clone()).await;
        assert_eq!(
            response.status.as_u16(),
            status,
            "{}: {}",
            &body[..body.len().min(60)],
            response.body
        );
        let error = &response.json()["error"];
        assert!(
            error["code"].is_string() && error["message"].is_string(),
            "{}",
            response.body
        );
    }
}

#[tokio::test]
async fn hostile_questions_never_fail() {
    let app = app();
    for question in [
        "<script>alert(1)</script>",
        "\u{0}\u{1b}[2J",
        "🦀 ' OR 1=1 --",
        "é́́́",
        &"cluster ".repeat(250),
    ] {
        let body = ask(&app, question, None).await;
        assert!(body["answer"].is_string());
    }
}

#[tokio::test]
async fn an_unknown_compat_value_names_the_parameter_and_the_allowed_values() {
    let response = app().get("/api/compat?admin_os=windows-11").await;
    assert_eq!(response.status, 400);
    let message = response.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("admin_os") && message.contains("windows-xp") && message.contains("windows-11"),
        "{message}"
    );
    let response = app().get("/api/compat?colour=red").await;
    assert_eq!(response.status, 400);
    assert!(
        response.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("tools_version")
    );
}

#[tokio::test]
async fn a_partial_compat_query_lists_every_documented_option() {
    let body = app()
        .get(&format!(
            "/api/compat?cms_version=SP2&cluster_os={}&lang=en",
            enc("windows-server-2003")
        ))
        .await
        .json();
    // SP1/SP2 tools on Windows Server 2003 or XP manage it; Windows Server
    // 2008 and Vista cannot (Vista can manage a stand-alone SP2 server).
    assert_eq!(body["verdict"], "depends");
    let options = body["options"].as_array().unwrap();
    assert!(
        options
            .iter()
            .all(|o| o["cluster_os"] == "windows-server-2003" && o["cms_version"] == "SP2")
    );
    let clustered_yes: std::collections::BTreeSet<(&str, &str)> = options
        .iter()
        .filter(|o| o["verdict"] == "yes" && o["target"] == "clustered")
        .map(|o| {
            (
                o["tools_version"].as_str().unwrap(),
                o["admin_os"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        clustered_yes,
        [
            ("SP1", "windows-server-2003"),
            ("SP1", "windows-xp"),
            ("SP2", "windows-server-2003"),
            ("SP2", "windows-xp")
        ]
        .into_iter()
        .collect()
    );
    assert!(
        options
            .iter()
            .filter(|o| o["verdict"] == "no")
            .all(|o| ["windows-server-2008", "windows-vista"].contains(&o["admin_os"].as_str().unwrap()))
    );
}

#[tokio::test]
async fn the_matrix_is_served_as_json_and_csv() {
    let app = app();
    let matrix = app.get("/api/compat/matrix?lang=pt-BR").await.json();
    assert_eq!(matrix["rows"].as_array().unwrap().len(), 4);
    assert_eq!(matrix["columns"].as_array().unwrap().len(), 6);
    assert!(!matrix["notes"].as_array().unwrap().is_empty());
    // Every cell assumes the kind of server the content declares as `default`.
    assert_eq!(
        matrix["assumed"],
        serde_json::json!([{
            "dimension": "target",
            "dimension_label": "tipo de servidor gerenciado",
            "value": "clustered",
            "label": "servidor de caixas de correio clusterizadas"
        }])
    );
    let csv = app.get("/api/compat/matrix.csv?lang=en").await;
    assert!(csv.content_type().starts_with("text/csv"));
    assert!(
        csv.headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    assert_eq!(csv.body.lines().count(), 1 + 4 * 6);
    assert!(
        csv.body
            .starts_with("admin_os,tools_version,cms_version,cluster_os,target,verdict,note\n")
    );
    assert!(
        csv.body
            .lines()
            .skip(1)
            .all(|l| l.split(',').nth(4) == Some("clustered")),
        "{}",
        csv.body
    );
}

/// The matrix page and both CSVs as the shipped content renders them, kept
/// in `tests/golden/` from before its layout moved from the engine into
/// `compat.toml` (`[matrix]`): they stay the same to the byte. The page is
/// compared from `<main>` to `</main>`, the matrix without the site's chrome.
#[tokio::test]
async fn the_shipped_matrix_renders_as_it_always_has() {
    let app = app();
    let golden = |name: &str| {
        std::fs::read_to_string(crate::helpers::repo_root().join("tests/golden").join(name)).unwrap()
    };
    for lang in ["en", "pt-BR"] {
        let page = app.get(&format!("/compat?lang={lang}")).await.body;
        let main = &page[page.find("<main id=\"main\">").unwrap()..];
        let main = &main[..main.find("</main>").unwrap() + "</main>".len()];
        assert_eq!(
            format!("{main}\n"),
            golden(&format!("compat.{lang}.html")),
            "{lang} page"
        );
        let csv = app.get(&format!("/api/compat/matrix.csv?lang={lang}")).await.body;
        assert_eq!(csv, golden(&format!("matrix.{lang}.csv")), "{lang} CSV");
    }
}

#[tokio::test]
async fn the_portuguese_matrix_csv_opens_in_a_brazilian_spreadsheet() {
    let csv = app().get("/api/compat/matrix.csv?lang=pt-BR").await;
    assert!(csv.content_type().starts_with("text/csv"));
    // Excel reads a UTF-8 file as UTF-8 only after a byte-order mark.
    let body = csv.body.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header.len(), 7);
    assert_eq!(
        header[0],
        "Sistema operacional do computador que executa as ferramentas"
    );
    assert_eq!(header[5], "Resultado");
    assert_eq!(header[6], "Nota");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4 * 6);
    let verdicts: std::collections::BTreeSet<&str> = records.iter().map(|r| &r[5]).collect();
    assert!(
        verdicts.contains("Sim") && verdicts.contains("Não"),
        "{verdicts:?}"
    );
    assert!(
        verdicts
            .iter()
            .all(|v| !["yes", "no", "not_documented"].contains(v))
    );
    assert!(
        records
            .iter()
            .all(|r| !r[1].contains('_') && !r[4].is_empty() && &r[4] != "clustered")
    );
    assert!(
        records
            .iter()
            .any(|r| r[6].contains("ção") || r[6].contains("ões"))
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_three_endpoints() {
    let doc = app().get("/api/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/search", "/api/answer", "/api/compat"] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    assert!(doc["components"]["schemas"]["Answer"]["properties"]["verdict"].is_object());
}

#[tokio::test]
async fn the_ask_form_works_without_javascript_and_escapes_the_question() {
    let app = app();
    let home = app.get("/?lang=pt-BR").await;
    assert!(home.body.contains("action=\"/ask\" method=\"post\""));
    let form = format!(
        "question={}&lang=pt-BR",
        enc("Posso gerenciar o cluster pelo Vista? <b>x</b>")
    );
    let page = app.post("/ask", "application/x-www-form-urlencoded", form).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("verdict-no"), "{}", page.body);
    assert!(page.body.contains("Não"));
    assert!(page.body.contains("Como a pergunta foi entendida"));
    assert!(
        page.body
            .contains("/docs/pt-BR/upgrade-clustered-mailbox-servers#manage-clustered-mailbox-servers")
    );
    assert!(!page.body.contains("<b>x</b>"), "question reflected unescaped");
    let empty = app
        .post("/ask", "application/x-www-form-urlencoded", "question=&lang=en")
        .await;
    assert_eq!(empty.status, 400);
    assert!(empty.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn the_compat_page_shows_the_matrix_in_both_languages() {
    let app = app();
    let en = app.get("/compat?lang=en").await;
    assert_eq!(en.status, 200);
    assert!(en.body.contains("Management compatibility matrix"));
    assert!(en.body.contains("class=\"verdict-no\"") && en.body.contains("class=\"verdict-yes\""));
    assert!(en.body.contains("id=\"note-1\""));
    // What every cell assumes, from the content's defaults.
    assert!(
        en.body
            .contains("<li>clustered mailbox server (kind of server managed)</li>"),
        "{}",
        en.body
    );
    let pt = app.get("/compat?lang=pt-BR").await;
    assert!(pt.body.contains("Matriz de compatibilidade"));
    assert!(
        pt.body
            .contains("<li>servidor de caixas de correio clusterizadas (tipo de servidor gerenciado)</li>")
    );
    assert!(pt.body.contains("Não documentado") || pt.body.contains("Não"));
}

#[tokio::test]
async fn a_bad_form_post_gets_an_error_page_not_json() {
    let app = app();
    let huge = format!("question={}", "x".repeat(70_000));
    let response = app.post("/ask", "application/x-www-form-urlencoded", huge).await;
    assert_eq!(response.status, 413);
    assert!(
        response.content_type().starts_with("text/html"),
        "{}",
        response.content_type()
    );
    let wrong_type = app.post("/ask", "application/json", "{}").await;
    assert_eq!(wrong_type.status, 415);
    assert!(wrong_type.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn products_and_versions_the_article_does_not_cover_never_get_yes_or_no() {
    let app = app();
    for question in [
        "Can I manage a CMS from Windows 7?",
        "Can I manage Exchange 2010 from Vista?",
        "Can I manage a CMS on Windows Server 2008 R2 from Windows Server 2008?",
        "Posso gerenciar um servidor de caixas de correio clusterizadas pelo Windows 10?",
        "Can the SP3 tools manage a clustered mailbox server?",
    ] {
        let body = ask(&app, question, None).await;
        let verdict = body["verdict"].as_str().unwrap_or("null");
        assert!(
            verdict == "not_documented" || verdict == "null",
            "{question}: {verdict} — {}",
            body["answer"]
        );
    }
}

#[tokio::test]
async fn the_side_of_each_operating_system_is_read_from_the_sentence() {
    let app = app();
    let cases = [
        (
            "Can I use Windows Server 2008 to manage a CMS running on Windows 2003?",
            "windows-server-2008",
            "windows-server-2003",
            "no",
        ),
        (
            "Posso gerenciar o CMS do Windows 2003 a partir do Windows Server 2008?",
            "windows-server-2008",
            "windows-server-2003",
            "no",
        ),
        (
            "Can the SP1 console on XP manage an SP2 clustered mailbox server on a Windows 2003 cluster?",
            "windows-xp",
            "windows-server-2003",
            "yes",
        ),
        (
            "Posso gerenciar um CMS SP1 em cluster Windows 2008 a partir do XP?",
            "windows-xp",
            "windows-server-2008",
            "no",
        ),
    ];
    for (question, admin, cluster, verdict) in cases {
        let body = ask(&app, question, None).await;
        assert_eq!(body["intent"], "management_compatibility", "{question}");
        assert_eq!(body["interpretation"]["admin_os"], admin, "{question}");
        assert_eq!(body["interpretation"]["cluster_os"], cluster, "{question}");
        assert_eq!(body["verdict"], verdict, "{question}");
    }
}

#[tokio::test]
async fn upgrade_order_questions_are_answered_from_the_procedure() {
    let app = app();
    let which = ask(&app, "Which node do I upgrade first?", Some("en")).await;
    assert_eq!(which["intent"], "procedure");
    assert!(which["answer"].as_str().unwrap().contains("passive nodes first"));
    assert_eq!(
        ask(&app, "Should I upgrade the passive nodes first?", Some("en")).await["verdict"],
        "yes"
    );
    assert_eq!(
        ask(&app, "Do I need to upgrade the active node first?", Some("en")).await["verdict"],
        "no"
    );
    assert_eq!(
        ask(
            &app,
            "Posso atualizar o nó ativo que contém o servidor de caixas de correio clusterizadas?",
            None
        )
        .await["verdict"],
        "no"
    );
}

#[tokio::test]
async fn the_ask_page_titles_citations_leads_them_in_and_links_every_option() {
    let app = app();
    let question = enc("posso gerenciar o cluster pelo Windows XP?");
    let body = app.get(&format!("/ask?lang=pt-BR&q={question}")).await.body;
    // Citations are titled by their section, not by a path.
    assert!(body.contains(">Administração remota entre sistemas operacionais diferentes</a>"));
    // A quoted list item keeps the words that turn it into a prohibition.
    assert!(body.contains("<span class=\"lead-in\">Por exemplo, você não pode:</span> Gerenciar"));
    // Every documented option links to its own answer, which agrees with it.
    let options = &body[body.find("<ul class=\"options\">").expect("options")..];
    let options = &options[..options.find("</ul>").unwrap()];
    let link =
        regex::Regex::new(r#"<a href="(/ask\?[^"]+)"><span class="verdict verdict-([a-z-]+)">"#).unwrap();
    let links: Vec<(String, String)> = link
        .captures_iter(options)
        .map(|c| (c[1].replace("&#38;", "&"), c[2].to_owned()))
        .collect();
    assert!(links.len() >= 4, "{options}");
    assert!(links.iter().any(|(_, v)| v == "yes") && links.iter().any(|(_, v)| v == "no"));
    for (href, verdict) in links {
        let page = app.get(&href).await;
        assert_eq!(page.status, 200, "{href}");
        assert!(
            page.body.contains(&format!(
                "<h2 class=\"verdict-heading\"><span class=\"verdict verdict-{verdict}\">"
            )),
            "{href} should answer {verdict}"
        );
        assert!(page.body.contains("<html lang=\"pt-BR\">"), "{href}");
    }
    // Parameters that are no dimension leave a shared question link alone.
    let tagged = app
        .get(&format!("/ask?lang=pt-BR&q={question}&utm_source=chat"))
        .await;
    assert_eq!(tagged.status, 200);
    assert!(tagged.body.contains("verdict-depends"));
}

/// A claim that holds in one case the question leaves open and not in another
/// depends on it; claimed for every case, it is false. A denial is read
/// against the fact it denies; a negation the topic spells is no denial; and
/// one contradicted part makes a claim false whatever else it asserts.
#[tokio::test]
async fn claims_are_read_against_the_cases_they_leave_open() {
    let app = app();
    for (question, lang, verdict, fact) in [
        // CCR has one passive node, SCC may have several: not said which.
        (
            "Will I have more than one passive node to upgrade?",
            "en",
            "depends",
            "passive-node-count",
        ),
        (
            "Vou ter mais de um nó passivo pra atualizar?",
            "pt-BR",
            "depends",
            "passive-node-count",
        ),
        (
            "Is there always just one passive node?",
            "en",
            "no",
            "passive-node-count",
        ),
        ("É sempre só um nó passivo?", "pt-BR", "no", "passive-node-count"),
        (
            "Does a CCR cluster have more than one passive node?",
            "en",
            "no",
            "passive-node-count",
        ),
        // Denying the fact the question is about.
        (
            "Is it true that the other cluster groups don't need to be moved?",
            "en",
            "no",
            "move-cluster-groups",
        ),
        (
            "É verdade que não precisa mover os grupos de recursos antes de atualizar o nó passivo?",
            "pt-BR",
            "no",
            "move-cluster-groups",
        ),
        // "sem acesso" names downtime; it denies nothing (that would be
        // "no"): without the phase it depends on when (online while the
        // passive nodes are upgraded, offline from halfway).
        (
            "Os usuários ficam sem acesso durante a atualização?",
            "pt-BR",
            "depends",
            "downtime",
        ),
        // A "how" past the opening of a yes/no question is part of the claim.
        (
            "Is the Administration Tools Pack how I install the cluster management tools on Windows Server 2003?",
            "en",
            "yes",
            "cluster-tools-windows-2003-xp",
        ),
        // "just" softens; it does not count.
        (
            "Can I just run Setup.com to upgrade the CMS?",
            "en",
            "yes",
            "setup-com-only",
        ),
        // A fixed downtime is contradicted, "always" or not.
        (
            "Is the downtime always fixed at 30 minutes?",
            "en",
            "no",
            "downtime",
        ),
        // What a sentence of context agrees with (SP2 runs on 2008) is the
        // setting: the question asks about rolling upgrades, whose answer
        // depends on which of the two upgrades the context plans is meant.
        (
            "Vamos aplicar o SP2 este mês e migrar para o Windows Server 2008 no ano que vem. Atualização de sobreposição é suportada no nosso cluster?",
            "pt-BR",
            "depends",
            "rolling-upgrade-supported",
        ),
        (
            "We plan the SP1 rollout and a move to Windows Server 2008. Is an in-place upgrade supported for the cluster?",
            "en",
            "depends",
            "rolling-upgrade-supported",
        ),
        // A sentence of context describes the cluster: it claims nothing of
        // a fact the asking sentence does not name...
        (
            "O EXCH-N1 é o ativo (com o CMS) e o EXCH-N2 é o passivo. Posso atualizar o EXCH-N2 enquanto o CMS continua online?",
            "pt-BR",
            "yes",
            "cms-online-during-passive-upgrades",
        ),
        // ...unless the fact is a requirement the cluster must meet...
        (
            "We're on Windows Server 2003 SP1. Can I upgrade the passive node now?",
            "en",
            "no",
            "windows-2003-sp2-prerequisite",
        ),
        // ...or the asking sentence refers back to it.
        (
            "The runbook says every update rollup must be removed by hand before SP2. Is that step required?",
            "en",
            "no",
            "update-rollups",
        ),
        // A case named as a comparison's reference is claimed the same of.
        (
            "Our SCC has 3 nodes. SCC can only ever have one passive node, same as CCR, right?",
            "en",
            "no",
            "passive-node-count",
        ),
        (
            "O CCR tem só um nó passivo, igual ao SCC, né?",
            "pt-BR",
            "no",
            "passive-node-count",
        ),
        // "como" after "basta", "serve" means "as": it asks for nothing.
        (
            "Está correto dizer que o Windows Server 2003 SP1 já basta como pré-requisito pro SP2?",
            "pt-BR",
            "no",
            "windows-2003-sp2-prerequisite",
        ),
        (
            "O SP1 do Windows Server 2003 serve como pré-requisito pro Exchange 2007 SP2, certo?",
            "pt-BR",
            "no",
            "windows-2003-sp2-prerequisite",
        ),
        // What a proviso agrees with is a condition, not the claim.
        (
            "True or false: a rolling upgrade from a Windows Server 2003 server cluster to a Windows Server 2008 failover cluster is supported as long as you do the passive node first.",
            "en",
            "no",
            "no-in-place-os-upgrade",
        ),
        (
            "Dá pra atualizar o cluster do Windows 2003 pro 2008 no local, desde que eu comece pelos nós passivos?",
            "pt-BR",
            "no",
            "rolling-upgrade-supported",
        ),
        // A comparison's reference is not the subject, nor is "same" in it
        // "the same computer".
        (
            "On Windows Server 2008 you install the cluster management tools from Adminpak.msi, same as on XP, right?",
            "en",
            "no",
            "cluster-tools-windows-2008",
        ),
        (
            "No Windows Server 2008 as ferramentas de gerenciamento de cluster são instaladas pelo Adminpak.msi, igual no XP, certo?",
            "pt-BR",
            "no",
            "cluster-tools-windows-2008",
        ),
    ] {
        assert_reading(&app, question, lang, fact, verdict).await;
    }
}

#[tokio::test]
async fn premises_are_taken_as_given_and_denials_as_claims() {
    let app = app();
    for (question, lang, verdict, fact) in [
        // A true premise: the claim after the comma is what is answered.
        (
            "Given that Setup.com is the only way to upgrade a clustered mailbox server, is there any downtime when I move the CMS to the upgraded node?",
            "en",
            "yes",
            "downtime",
        ),
        (
            "Já que o CCR só tem um nó passivo, os usuários perdem acesso enquanto esse nó é atualizado?",
            "pt-BR",
            "no",
            "cms-online-during-passive-upgrades",
        ),
        // A false premise is what the answer corrects.
        (
            "Since Exchange 2007 RTM already supports Windows Server 2008, can I build the new cluster before installing SP1?",
            "en",
            "no",
            "sp1-supports-windows-server-2008",
        ),
        (
            "Uma vez que o SCC só pode ter um nó passivo, atualizo ele primeiro?",
            "pt-BR",
            "no",
            "passive-node-count",
        ),
        // A negation right before the topic's verb denies the claim...
        (
            "Does Exchange 2007 SP1 not support Windows Server 2008?",
            "en",
            "no",
            "sp1-supports-windows-server-2008",
        ),
        (
            "O Exchange 2007 SP1 não roda no Windows Server 2008, certo?",
            "pt-BR",
            "no",
            "sp1-supports-windows-server-2008",
        ),
        // ...one opening a statement to confirm denies all of it...
        (
            "Não dá pra mover as caixas de correio pro cluster novo com o Move-Mailbox, né?",
            "pt-BR",
            "no",
            "migrate-mailboxes",
        ),
        // ...and one inside a relative clause only describes.
        (
            "Os grupos de cluster que não são do Exchange também precisam sair do nó passivo antes de atualizar?",
            "pt-BR",
            "yes",
            "move-cluster-groups",
        ),
    ] {
        assert_reading(&app, question, lang, fact, verdict).await;
    }
}

#[tokio::test]
async fn questions_are_read_as_they_are_said() {
    let app = app();
    // Asking for a value, a place or a reason is no yes/no question.
    for (question, fact) in [
        (
            "How many passive nodes does an SCC cluster have?",
            "passive-node-count",
        ),
        ("Quantos nós passivos tem um cluster CCR?", "passive-node-count"),
        (
            "Onde eu rodo o Setup.com pra atualizar o cluster?",
            "setup-com-only",
        ),
    ] {
        let answer = ask(&app, question, None).await;
        assert_eq!(answer["interpretation"]["fact"], fact, "{question}: {answer}");
        assert!(answer["verdict"].is_null(), "{question}: {answer}");
    }
    // The count of passive nodes depends on the kind of cluster, which this leaves out.
    let answer = ask(&app, "How many passive nodes will our cluster have?", None).await;
    assert_eq!(answer["verdict"], "depends", "{answer}");
    // On the article's subject but not in it: the article does not say...
    for question in [
        "Should I take a full backup of the mailbox databases before the SP2 upgrade?",
        "Dá pra voltar o cluster do SP1 pro RTM se algo der errado?",
    ] {
        let answer = ask(&app, question, None).await;
        assert_eq!(answer["verdict"], "not_documented", "{question}: {answer}");
        assert!(
            !answer["related"].as_array().expect("a list").is_empty(),
            "{answer}"
        );
    }
    // ...and off the subject, no verdict at all.
    let answer = ask(&app, "Can I bake a carrot cake?", None).await;
    assert!(answer["verdict"].is_null(), "{answer}");
    for (question, lang, verdict, fact) in [
        // A negation governs the rest of its clause ("by hand" too)...
        (
            "Não é preciso remover os pacotes cumulativos na mão antes do SP1, né?",
            "pt-BR",
            "yes",
            "update-rollups",
        ),
        (
            "You don't have to uninstall the update rollups by hand, right?",
            "en",
            "yes",
            "update-rollups",
        ),
        // ...a word the lexicon spells is never a typo of another ("there" is not "three")...
        (
            "Is there exactly one passive node in a CCR cluster?",
            "en",
            "yes",
            "passive-node-count",
        ),
        (
            "Are there three passive nodes in a CCR cluster?",
            "en",
            "no",
            "passive-node-count",
        ),
        // ..."not possible today" is contradicted by "today" and "current"...
        (
            "Does the current Vista administration tools pack let me manage the CMS remotely?",
            "en",
            "no",
            "vista-future-tools-pack",
        ),
        (
            "Dá pra gerenciar o CMS pelo Vista hoje, com o pacote de ferramentas administrativas?",
            "pt-BR",
            "no",
            "vista-future-tools-pack",
        ),
        // ...rolling upgrades hold between Exchange versions, not Windows versions...
        (
            "Are rolling upgrades supported for clustered mailbox servers?",
            "en",
            "depends",
            "rolling-upgrade-supported",
        ),
        (
            "A atualização de sobreposição é suportada no cluster?",
            "pt-BR",
            "depends",
            "rolling-upgrade-supported",
        ),
        (
            "Is a rolling upgrade from RTM to SP1 supported?",
            "en",
            "yes",
            "rolling-upgrade-supported",
        ),
        (
            "Can I do a rolling upgrade of the cluster's operating system?",
            "en",
            "no",
            "rolling-upgrade-supported",
        ),
        // ...a service pack is Windows's only when the question ties it to Windows...
        (
            "Before I install Exchange 2007 SP2, is Windows Server 2003 SP1 on the nodes enough?",
            "en",
            "no",
            "windows-2003-sp2-prerequisite",
        ),
        (
            "Preciso do SP2 do Windows Server 2003 nos nós antes de atualizar o Exchange?",
            "pt-BR",
            "yes",
            "windows-2003-sp2-prerequisite",
        ),
        // ...and a tool the article pairs with other data is not confirmed for this data.
        (
            "Can I move the public folder data to the new cluster with the Move-Mailbox cmdlet?",
            "en",
            "no",
            "migrate-mailboxes",
        ),
        (
            "Posso levar as pastas públicas pro cluster novo com o assistente Mover Caixa de Correio?",
            "pt-BR",
            "no",
            "migrate-mailboxes",
        ),
        (
            "Can I move the mailboxes to the new cluster with the Move-Mailbox cmdlet?",
            "en",
            "yes",
            "migrate-mailboxes",
        ),
    ] {
        assert_reading(&app, question, lang, fact, verdict).await;
    }
}

#[tokio::test]
async fn commands_the_article_never_mentions_are_never_confirmed() {
    let app = app();
    for (question, unknown) in [
        (
            "Should I run ExSetup.exe /mode:upgrade on each passive node?",
            "exsetup.exe",
        ),
        (
            "Posso usar o Get-ClusterNode pra ver qual nó está passivo antes de atualizar?",
            "get-clusternode",
        ),
        (
            "Do I run Setup.com /PrepareAD before upgrading the passive node?",
            "/preparead",
        ),
    ] {
        let answer = ask(&app, question, None).await;
        assert!(
            answer["verdict"] != "yes" && answer["verdict"] != "depends",
            "{question}: {answer}"
        );
        let unchecked = answer["interpretation"]["unchecked"].as_array().expect("a list");
        assert!(unchecked.iter().any(|u| u == unknown), "{question}: {answer}");
    }
    // The ones it does mention are checked as before.
    let answer = ask(
        &app,
        "Can I use Setup.com to upgrade the clustered mailbox server?",
        None,
    )
    .await;
    assert_eq!(answer["verdict"], "yes", "{answer}");
}

/// Asks `question` without a language and checks the language detected, the
/// fact it was read as and the verdict.
async fn assert_reading(app: &TestApp, question: &str, lang: &str, fact: &str, verdict: &str) {
    let answer = ask(app, question, None).await;
    assert_eq!(answer["lang"], lang, "{question}: {answer}");
    assert_eq!(answer["interpretation"]["fact"], fact, "{question}: {answer}");
    assert_eq!(answer["verdict"], verdict, "{question}: {answer}");
}

#[tokio::test]
async fn conditions_cases_commands_and_noun_negations_are_read_where_they_apply() {
    let app = app();
    // A condition only moves where the question is asked: what follows asks
    // for something, so no yes or no.
    for question in [
        "If my help desk uses Windows XP and Windows Server 2008, which way of managing both clusters does the article suggest?",
        "Se eu tiver um cluster SCC, quantos nós passivos vou atualizar antes de mover o CMS?",
    ] {
        let answer = ask(&app, question, None).await;
        assert!(
            answer["verdict"] != "yes" && answer["verdict"] != "no",
            "{question}: {answer}"
        );
    }
    for (question, lang, verdict, fact) in [
        // A case named in a premise is the case the claim is read in.
        (
            "Já que o nosso cluster é SCC, pode haver mais de um nó passivo?",
            "pt-BR",
            "yes",
            "passive-node-count",
        ),
        (
            "Since ours is a CCR cluster, it has more than one passive node, right?",
            "en",
            "no",
            "passive-node-count",
        ),
        // A known command offered for what the article does with another.
        (
            "Is Setup.com what I run to move the default Cluster Group to the active node?",
            "en",
            "no",
            "move-cluster-groups",
        ),
        (
            "Dá pra mover as caixas de correio pro cluster novo usando o Cluster.exe?",
            "pt-BR",
            "no",
            "migrate-mailboxes",
        ),
        // "sem parada" negates the downtime, not the rolling upgrade after it.
        (
            "É possível uma migração sem parada (rolling upgrade) do cluster Windows Server 2003 para o 2008?",
            "pt-BR",
            "no",
            "no-in-place-os-upgrade",
        ),
        // The tip's value is when: after the first passive node.
        (
            "Right after the first passive node is on SP2, may the clustered mailbox server be brought online there?",
            "en",
            "yes",
            "cms-online-on-first-upgraded-node",
        ),
        // Passive and active nodes are cases of whether the server is online.
        (
            "Does the clustered mailbox server go offline while I upgrade one of the cluster nodes?",
            "en",
            "depends",
            "cms-online-during-passive-upgrades",
        ),
        (
            "Does the clustered mailbox server go offline while I upgrade a passive node?",
            "en",
            "no",
            "cms-online-during-passive-upgrades",
        ),
        // Creating a new server and upgrading one are the wizard's cases.
        (
            "Posso rodar o Setup.exe num servidor de caixas de correio clusterizado?",
            "pt-BR",
            "depends",
            "setup-wizard-creates-new",
        ),
        (
            "O Setup.exe serve para criar um novo servidor de caixas de correio clusterizado?",
            "pt-BR",
            "yes",
            "setup-wizard-creates-new",
        ),
    ] {
        assert_reading(&app, question, lang, fact, verdict).await;
    }
    // Context sentences before the question do not make it a "which" or
    // "how" question: the last sentence asks ("e.g." does not end one).
    for (question, lang) in [
        (
            "Our ticket says node B still holds the default cluster group, which is not related to Exchange. Should we move it to another node, e.g. the active one, before the upgrade?",
            "en",
        ),
        (
            "Nosso chamado diz que o nó B, que é passivo, ainda tem o grupo de cluster padrão. Devemos mover o grupo pra outro nó antes de atualizar?",
            "pt-BR",
        ),
    ] {
        assert_reading(&app, question, lang, "move-cluster-groups", "yes").await;
    }
    // What a fact declares it does not cover is never answered yes or no
    // from it, although the rest of the claim agrees: the article does not say.
    for question in [
        "Is a rolling upgrade from SP1 to SP2 supported on a CCR cluster?",
        "Dá pra fazer atualização de sobreposição do SP1 pro SP2?",
    ] {
        let answer = ask(&app, question, None).await;
        assert_eq!(answer["verdict"], "not_documented", "{question}: {answer}");
        assert_eq!(
            answer["interpretation"]["fact"], "rolling-upgrade-supported",
            "{question}: {answer}"
        );
        assert!(
            !answer["interpretation"]["unchecked"]
                .as_array()
                .expect("a list")
                .is_empty(),
            "{question}: {answer}"
        );
    }
    // A number next to a checked phrase is a value of its own, never confirmed
    // by the phrase.
    let question = "Since this is a CCR cluster, there are two passive nodes to upgrade first, right?";
    let answer = ask(&app, question, None).await;
    assert!(
        answer["verdict"] != "yes" && answer["verdict"] != "depends",
        "{question}: {answer}"
    );
}
