//! axe-core on every page, in both languages, at desktop and phone sizes;
//! a screenshot of each; computed contrast of the run page's commands.

use std::fmt::Write as _;

use fantoccini::Client;
use serde_json::{Value, json};

use super::{Browsers, SIZES, Server, axe_source, screenshot, screenshot_dir, wait_for, wait_until};

const LANGS: [&str; 2] = ["pt-BR", "en"];

/// What to do on a page before checking it.
#[derive(Clone, Copy)]
enum Prepare {
    Nothing,
    /// Type into the header search box and wait for the dropdown.
    OpenDropdown(&'static str),
    /// Submit the new-checklist form with invalid values, past the browser's own checks.
    SubmitInvalidForm,
    /// Ask in the home page's Ask box and wait for the answer in place.
    Ask(&'static str),
}

struct PageCase {
    name: &'static str,
    path: String,
    prepare: Prepare,
}

fn cases(lang: &str, run_id: &str) -> Vec<PageCase> {
    let doc = format!("/docs/{lang}/upgrade-clustered-mailbox-servers");
    let (query, question) = if lang == "en" {
        (
            "passive node",
            "Can the SP2 tools on Windows XP manage a cluster on Windows Server 2008?",
        )
    } else {
        (
            "nó passivo",
            "dá pra gerenciar o cluster do 2008 pelo XP com as ferramentas do SP2?",
        )
    };
    let q = crate::helpers::enc(query);
    let ask = crate::helpers::enc(question);
    let case = |name, path: String, prepare| PageCase { name, path, prepare };
    vec![
        case("home", format!("/?lang={lang}"), Prepare::Nothing),
        case("dropdown", format!("/?lang={lang}"), Prepare::OpenDropdown(query)),
        case("home-answer", format!("/?lang={lang}"), Prepare::Ask(question)),
        case("search", format!("/search?lang={lang}&q={q}"), Prepare::Nothing),
        case("document", doc, Prepare::Nothing),
        case("documents", format!("/docs/{lang}/"), Prepare::Nothing),
        case(
            "documents-bad-page",
            format!("/docs/{lang}/?page=0"),
            Prepare::Nothing,
        ),
        case("ask", format!("/ask?lang={lang}&q={ask}"), Prepare::Nothing),
        case("compat", format!("/compat?lang={lang}"), Prepare::Nothing),
        case(
            "new-checklist",
            format!("/checklists/new?lang={lang}"),
            Prepare::Nothing,
        ),
        case(
            "new-checklist-errors",
            format!("/checklists/new?lang={lang}"),
            Prepare::SubmitInvalidForm,
        ),
        case("runs", format!("/checklists?lang={lang}"), Prepare::Nothing),
        case(
            "run",
            format!("/checklists/{run_id}?lang={lang}"),
            Prepare::Nothing,
        ),
        case(
            "not-found",
            format!("/no-such-page?lang={lang}"),
            Prepare::Nothing,
        ),
    ]
}

async fn prepare(client: &Client, prepare: Prepare) {
    match prepare {
        Prepare::Nothing => {}
        Prepare::OpenDropdown(query) => {
            let input = wait_for(client, "#q").await;
            input.send_keys(query).await.expect("typing");
            wait_for(client, "#live-results:not([hidden]) [role=option]").await;
        }
        Prepare::Ask(question) => {
            wait_for(client, "#question")
                .await
                .send_keys(question)
                .await
                .expect("typing");
            wait_for(client, "form.ask button")
                .await
                .click()
                .await
                .expect("asking");
            wait_for(client, "#answer:not([hidden]) .verdict-heading").await;
        }
        Prepare::SubmitInvalidForm => {
            wait_for(client, "form.checklist-new").await;
            client
                .execute(
                    "const f = document.querySelector('form.checklist-new');
                     f.noValidate = true;
                     f.elements.active_node.value = 'EX_1';
                     f.elements.passive_nodes.value = 'EX2 EX3';
                     f.submit();",
                    vec![],
                )
                .await
                .expect("form submitted");
            wait_for(client, "#active_node[aria-invalid=true]").await;
            let focused = client
                .execute("return document.activeElement.id;", vec![])
                .await
                .unwrap();
            assert_eq!(
                focused,
                json!("active_node"),
                "the first refused field has the focus"
            );
        }
    }
}

/// Runs axe-core (every rule it runs by default: WCAG 2.x A/AA and best
/// practices) and returns the violations.
async fn axe(client: &Client, source: &str) -> Vec<Value> {
    let loaded = client
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap();
    if loaded != Value::Bool(true) {
        client.execute(source, vec![]).await.expect("axe-core loads");
    }
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary) }))))
               .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
            vec![],
        )
        .await
        .expect("axe runs");
    result.as_array().cloned().unwrap_or_default()
}

/// Lowest contrast ratio between a code block's text and its background.
async fn code_contrast(client: &Client) -> f64 {
    let value = client
        .execute(
            "function rgb(s) { return s.match(/[\\d.]+/g).slice(0, 3).map(Number); }
             function lum(c) { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
               return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
             function ratio(a, b) { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }
             let lowest = 99;
             document.querySelectorAll('pre code').forEach(code => {
               const fg = rgb(getComputedStyle(code).color);
               let node = code, bg = null;
               while (node && !bg) { const c = getComputedStyle(node).backgroundColor;
                 if (c && !/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') { bg = rgb(c); } node = node.parentElement; }
               lowest = Math.min(lowest, ratio(fg, bg || [255, 255, 255]));
             });
             return document.querySelectorAll('pre code').length ? lowest : -1;",
            vec![],
        )
        .await
        .expect("contrast script");
    value.as_f64().expect("a number")
}

/// A run with done, skipped and noted steps, and a running downtime clock.
async fn busy_run(server: &Server) -> String {
    let run = server
        .create_run("pt-BR", "scc", "EXSCC1", &["EXSCC2", "EXSCC3", "EXSCC4"])
        .await;
    let id = run["id"].as_str().unwrap().to_owned();
    let steps: Vec<&Value> = run["steps"].as_array().unwrap().iter().collect();
    let first = steps[0]["id"].as_str().unwrap();
    let second = steps[1]["id"].as_str().unwrap();
    let third = steps[2]["id"].as_str().unwrap();
    server
        .patch(
            &id,
            first,
            json!({"done": true, "by": "Ana Souza", "note": "ok, sem alertas"}),
        )
        .await;
    server
        .patch(
            &id,
            second,
            json!({"skipped": true, "reason": "já aplicado ontem", "by": "Bruno"}),
        )
        .await;
    server
        .patch(
            &id,
            third,
            json!({"note": "aguardando janela", "by": "Ana Souza"}),
        )
        .await;
    let downtime = steps.iter().find(|s| s["starts_downtime"] == true).unwrap()["id"]
        .as_str()
        .unwrap();
    server
        .patch(&id, downtime, json!({"done": true, "by": "Ana Souza"}))
        .await;
    id
}

#[tokio::test]
async fn every_page_passes_axe_in_both_languages_at_both_sizes() {
    let Some(mut browsers) = Browsers::start() else {
        return;
    };
    let Some(axe_js) = axe_source() else { return };
    let server = Server::start();
    let run_id = busy_run(&server).await;
    let client = browsers.open().await;
    let shots = screenshot_dir();
    let mut report = String::new();
    let mut summary = Vec::new();
    for (size, width, height) in SIZES {
        client.set_window_size(width, height).await.expect("resize");
        for lang in LANGS {
            for case in cases(lang, &run_id) {
                client.goto(&server.url(&case.path)).await.expect("page loads");
                wait_for(&client, "main").await;
                prepare(&client, case.prepare).await;
                if case.name == "run" {
                    wait_until(
                        &client,
                        "the run page script",
                        "return document.body.classList.contains('js');",
                    )
                    .await;
                    let contrast = code_contrast(&client).await;
                    assert!(
                        contrast >= 4.5,
                        "run page commands contrast {contrast:.2}:1 ({lang}, {size})"
                    );
                    let covered = client
                        .execute(
                            "return [...document.querySelectorAll('pre')].filter(pre => {
                               const b = pre.querySelector('.copy'), c = pre.querySelector('code');
                               return b && c && b.getBoundingClientRect().bottom > c.getBoundingClientRect().top;
                             }).length;",
                            vec![],
                        )
                        .await
                        .unwrap();
                    assert_eq!(
                        covered,
                        json!(0),
                        "a Copy button covers a command ({lang}, {size})"
                    );
                    client
                        .execute(
                            "document.querySelector('.step pre').scrollIntoView({block: 'center'});",
                            vec![],
                        )
                        .await
                        .unwrap();
                    screenshot(&client, &shots, &format!("run-scrolled-{lang}-{size}")).await;
                    client.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
                }
                if case.name == "compat" {
                    // Every verdict readable without scrolling sideways, at both sizes.
                    let cells = client
                        .execute(
                            "const shown = [...document.querySelectorAll('td[class^=verdict-]')]
                               .filter(td => td.offsetParent !== null);
                             return [shown.length, shown.filter(td => td.getBoundingClientRect().right > window.innerWidth).length,
                                     document.documentElement.scrollWidth <= window.innerWidth];",
                            vec![],
                        )
                        .await
                        .unwrap();
                    assert_eq!(
                        cells,
                        json!([24, 0, true]),
                        "compat cells shown, cut off, no sideways scroll ({lang}, {size})"
                    );
                }
                let violations = axe(&client, &axe_js).await;
                screenshot(&client, &shots, &format!("{}-{lang}-{size}", case.name)).await;
                if case.name == "run" && size == "desktop" {
                    check_print(&client, &shots, lang).await;
                }
                summary.push(
                    json!({"page": case.name, "lang": lang, "size": size, "violations": violations.len()}),
                );
                for v in &violations {
                    let _ = writeln!(
                        report,
                        "{} [{lang}, {size}] {} ({}): {}",
                        case.name, v["id"], v["impact"], v["help"]
                    );
                    for node in v["nodes"].as_array().into_iter().flatten().take(5) {
                        let _ = writeln!(
                            report,
                            "    {}",
                            node.as_str().unwrap_or_default().replace('\n', " ")
                        );
                    }
                }
            }
        }
    }
    let _ = std::fs::write(
        shots.join("axe.json"),
        serde_json::to_string_pretty(&summary).unwrap(),
    );
    client.close().await.expect("browser closes");
    assert!(report.is_empty(), "axe-core violations:\n{report}");
}

/// The run page on paper: the PDF the browser prints (saved beside the
/// screenshots, to look at), and what the print stylesheet must do, checked
/// on screen by turning its print rules on (a page cannot switch to print
/// media itself).
async fn check_print(client: &Client, shots: &std::path::Path, lang: &str) {
    let pdf = client
        .print(
            fantoccini::wd::PrintConfiguration::builder()
                .build()
                .expect("print settings"),
        )
        .await
        .expect("the page prints");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    std::fs::write(shots.join(format!("run-{lang}.pdf")), pdf).expect("PDF written");
    let printed = client
        .execute(
            "for (const sheet of document.styleSheets) for (const rule of sheet.cssRules)
               if (rule instanceof CSSMediaRule && rule.media.mediaText === 'print') rule.media.mediaText = 'all';
             const shown = el => el && getComputedStyle(el).display !== 'none';
             const all = css => [...document.querySelectorAll(css)];
             const allShown = css => all(css).length > 0 && all(css).every(shown);
             return {
               controls: all('header.site, .step-form, .exports, input.tick, pre .copy').some(shown),
               boxes: allShown('.print-box'),
               open_fill: allShown('.step:not(.done):not(.skipped) .print-fill'),
               closed_fill: all('.step.done .print-fill, .step.skipped .print-fill').some(shown),
               notes: allShown('.note-info:not([hidden]) .note-text'),
               actors: allShown('.done-info:not([hidden]) .actor, .skip-info:not([hidden]) .actor'),
               bar: getComputedStyle(document.getElementById('console-bar')).position,
               room_above_commands: Math.max(...all('pre').map(p => parseFloat(getComputedStyle(p).paddingTop))),
             };",
            vec![],
        )
        .await
        .expect("print rules applied");
    screenshot(client, shots, &format!("run-print-{lang}")).await;
    assert_eq!(
        printed["controls"],
        json!(false),
        "no controls on paper ({lang}): {printed}"
    );
    assert_eq!(
        printed["boxes"],
        json!(true),
        "boxes to tick by pen ({lang}): {printed}"
    );
    assert_eq!(
        printed["open_fill"],
        json!(true),
        "who and when to fill in on open steps ({lang}): {printed}"
    );
    assert_eq!(
        printed["closed_fill"],
        json!(false),
        "no blanks on finished steps ({lang}): {printed}"
    );
    assert_eq!(printed["notes"], json!(true), "notes printed ({lang}): {printed}");
    assert_eq!(
        printed["actors"],
        json!(true),
        "who did it printed ({lang}): {printed}"
    );
    assert_eq!(
        printed["bar"],
        json!("static"),
        "the bar prints once, not over steps ({lang})"
    );
    assert!(
        printed["room_above_commands"].as_f64().unwrap() < 16.0,
        "no room for a Copy button on paper ({lang}): {printed}"
    );
}
