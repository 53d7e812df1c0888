use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{copy_dir, repo_root};

pub fn check(content: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_docdesk"))
        .arg("check")
        .arg("--content")
        .arg(content)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// A copy of the shipped content with one file edited: the temporary
/// directory (dropped last), the content root in it, and the file's new text.
fn with_edit(file: &str, edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo_root().join("content"), &content);
    let path = content.join(file);
    let text = edit(std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &text).unwrap();
    (dir, content, text)
}

/// What `docdesk serve` prints when it refuses to start on `content`. A
/// server that starts instead is stopped after a while and fails the test
/// (rather than leaving it waiting forever).
fn serve_refusal(dir: &Path, content: &Path) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docdesk"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.join("data"))
        .arg("--content")
        .arg(content)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve started on content that check refuses");
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    assert!(!status.success());
    let mut said = String::new();
    child.stderr.take().unwrap().read_to_string(&mut said).unwrap();
    said
}

#[test]
fn check_passes_on_the_shipped_content() {
    let (ok, output) = check(&repo_root().join("content"));
    assert!(ok, "{output}");
}

#[test]
fn check_notes_the_sentences_no_rule_or_fact_can_answer_about() {
    let (ok, before) = check(&repo_root().join("content"));
    assert!(ok, "{before}");
    let cited = "Only a passive node can be upgraded to Exchange 2007 SP1 or SP2.";
    assert!(!before.contains(cited), "{before}");
    // Drop the fact that cites it: the sentence becomes unanswerable, which
    // check notes (at the section's line) without refusing the content.
    let (_dir, content, _) = with_edit("answers/facts.toml", |text| {
        let start = text.find("[[facts]]\nid = \"only-passive-nodes\"").unwrap();
        let end = start + 9 + text[start + 9..].find("[[facts]]").unwrap();
        format!("{}{}", &text[..start], &text[end..])
    });
    let (ok, after) = check(&content);
    assert!(ok, "{after}");
    let note = after
        .lines()
        .find(|l| l.contains(cited))
        .unwrap_or_else(|| panic!("{after}"));
    assert!(
        note.starts_with("note: ") && note.contains("upgrade-clustered-mailbox-servers.en.md:"),
        "{note}"
    );
}

#[test]
fn check_reports_every_broken_thing_as_file_line_message() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo_root().join("content"), &content);
    let en = content.join("docs/upgrade-clustered-mailbox-servers.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    // A renamed section id, a dead anchor and a changed sentence that a rule quotes.
    let text = text
        .replace("{#update-rollups}", "{#rollups}")
        .replace("(#plan-downtime)", "(#no-such-section)")
        .replace(
            "Remote management of clustered mailbox servers using Windows Vista is currently not possible.",
            "Vista is fine.",
        );
    std::fs::write(&en, text).unwrap();
    // A fact naming a concept the lexicon does not define.
    let facts = content.join("answers/facts.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    assert!(text.contains("\"@upgrade\""));
    let facts_text = text.replacen("\"@upgrade\"", "\"@upgrading\"", 1);
    std::fs::write(&facts, &facts_text).unwrap();
    std::fs::remove_file(content.join("i18n/pt-BR.toml")).unwrap();
    std::fs::write(content.join("i18n/pt-BR.toml"), "site_name = \"docdesk\"\n").unwrap();

    let (ok, output) = check(&content);
    assert!(!ok, "check must fail:\n{output}");
    for expected in [
        "section ids differ",
        "no-such-section",
        "quote is not in section",
        "is missing in pt-BR",
        "`@upgrading` is not a concept",
    ] {
        assert!(output.contains(expected), "missing {expected:?} in:\n{output}");
    }
    let line = output.lines().find(|l| l.contains("no-such-section")).unwrap();
    assert!(
        regex::Regex::new(r"upgrade-clustered-mailbox-servers\.en\.md:\d+(:\d+)?: ")
            .unwrap()
            .is_match(line),
        "{line}"
    );
    let concept = output.lines().find(|l| l.contains("`@upgrading`")).unwrap();
    let concept_line = line_of(&facts_text, "\"@upgrading\"");
    assert!(
        concept.contains(&format!("facts.toml:{concept_line}:")),
        "{concept}"
    );
}

#[test]
fn a_broken_front_matter_stops_the_server_with_file_and_line() {
    let (dir, content, _) = with_edit("docs/upgrade-clustered-mailbox-servers.pt-BR.md", |text| {
        text.replacen(
            "modified = 2011-11-14",
            "modified = 2011-11-14\nauthor = \"x\"",
            1,
        )
    });
    let stderr = serve_refusal(dir.path(), &content);
    assert!(
        stderr.contains("upgrade-clustered-mailbox-servers.pt-BR.md:6:") && stderr.contains("author"),
        "{stderr}"
    );
}

/// The line of the first occurrence of `needle` in `text`, 1-based.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

/// `line:column: ` of the first occurrence of `needle` in `text`, as
/// `docdesk check` reports a position (1-based, columns in characters).
fn position_of(text: &str, needle: &str) -> String {
    let before = &text[..text.find(needle).unwrap()];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    format!(
        "{}:{}: ",
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1
    )
}

#[test]
fn semantic_errors_in_a_template_point_at_their_real_line() {
    let (_dir, content, text) = with_edit("checklists/cms-upgrade.toml", |text| {
        // An unknown `when` key, and a second step with the id of the first.
        text.replacen(
            "when = { mode = [\"in-place\"] }\nsection = \"update-rollups\"",
            "when = { mode = [\"in-place\"], colour = [\"red\"] }\nsection = \"update-rollups\"",
            1,
        )
        .replacen("id = \"update-rollups\"", "id = \"windows-2003-sp2\"", 1)
    });
    let (ok, output) = check(&content);
    assert!(!ok, "{output}");
    let colour = format!("cms-upgrade.toml:{}:", line_of(&text, "colour = [\"red\"]"));
    let unknown = output
        .lines()
        .find(|l| l.contains("unknown condition `colour`"))
        .unwrap();
    assert!(unknown.contains(&colour), "{unknown}");
    assert!(
        unknown.contains("template `cms-upgrade`, step `windows-2003-sp2`"),
        "{unknown}"
    );
    let twice = output.lines().find(|l| l.contains("used twice")).unwrap();
    let second = text.match_indices("id = \"windows-2003-sp2\"").nth(1).unwrap().0;
    let line = text[..second].matches('\n').count() + 1;
    assert!(twice.contains(&format!("cms-upgrade.toml:{line}:1:")), "{twice}");
}

#[test]
fn the_server_refuses_content_that_check_refuses() {
    let (dir, content, _) = with_edit("docs/upgrade-clustered-mailbox-servers.en.md", |text| {
        text.replace("(#plan-downtime)", "(#no-such-section)")
    });
    let stderr = serve_refusal(dir.path(), &content);
    assert!(stderr.contains("no-such-section"), "{stderr}");
}

#[test]
fn unknown_placeholders_and_condition_values_are_reported_at_their_line() {
    let (_dir, content, text) = with_edit("checklists/cms-upgrade.toml", |text| {
        text.replacen("/move:{active_node}'", "/move:{active_nod}'", 1)
            .replacen(
                "when = { final_os = [\"windows-server-2008\"] }",
                "when = { final_os = [\"windows-7\"] }",
                1,
            )
    });
    let (ok, output) = check(&content);
    assert!(!ok, "{output}");
    let placeholder = output
        .lines()
        .find(|l| l.contains("unknown placeholder `{active_nod}`"))
        .unwrap();
    assert!(
        placeholder.contains(&format!("cms-upgrade.toml:{}:", line_of(&text, "{active_nod}"))),
        "{placeholder}"
    );
    assert!(placeholder.contains("step `move-groups`"), "{placeholder}");
    let value = output.lines().find(|l| l.contains("`windows-7`")).unwrap();
    assert!(
        value.contains(&format!("cms-upgrade.toml:{}:", line_of(&text, "windows-7"))),
        "{value}"
    );
}

/// The line of `output` reporting `message`.
fn reported_at<'a>(output: &'a str, message: &str) -> &'a str {
    output
        .lines()
        .find(|l| l.contains(message))
        .unwrap_or_else(|| panic!("no {message:?} in:\n{output}"))
}

#[test]
fn semantic_errors_in_the_answer_knowledge_point_at_their_real_line_and_column() {
    let vista_rule = "when = { target = [\"clustered\"], admin_os = [\"windows-vista\"] }";
    let (_dir, content, compat) = with_edit("answers/compat.toml", |text| {
        text.replacen(
            vista_rule,
            "when = { target = [\"clustered\"], admin_os = [\"windows-95\"] }",
            1,
        )
        .replacen("default = \"clustered\"", "default = \"clustred\"", 1)
    });
    let lexicon = content.join("answers/lexicon.toml");
    let lexicon_text = std::fs::read_to_string(&lexicon)
        .unwrap()
        .replacen("[values]\n", "[values]\nwindows-95 = [\"win95\"]\n", 1)
        .replacen("host_name = \"namedhost\"", "host_name = \"Host Name\"", 1)
        .replacen("passiva = \"no passivo\"", "passiva = \"nó  passivo\"", 1)
        .replacen(
            "host_noun_contractions = [\"no\", \"nos\"]",
            "host_noun_contractions = [\"no\", \"nos\", \"na\"]",
            1,
        )
        .replacen(
            "[question.host_moved_from]\n",
            "[question.host_moved_from]\n\"stand by\" = \"passive node\"\n",
            1,
        )
        + "Qdo = \"quando  nao\"\n";
    std::fs::write(&lexicon, &lexicon_text).unwrap();
    let facts = content.join("answers/facts.toml");
    let facts_text = std::fs::read_to_string(&facts)
        .unwrap()
        .replacen(
            "Exchange 2007 SP1 includes support for Windows Server 2008, as",
            "Exchange 2007 SP1 adds Windows Server 2008, as",
            1,
        )
        .replacen("numbers = []\n", "", 1);
    std::fs::write(&facts, &facts_text).unwrap();
    let scope = content.join("answers/scope.toml");
    let scope_text = std::fs::read_to_string(&scope).unwrap()
        + "\n[add-mailbox-database-copy]\nsubject = [\"exchange 2010\"]\n";
    let scope_text = scope_text.replacen(
        "outside = [\"windows 7\"",
        "outside = [\"@nope\", \"windows 7\"",
        1,
    );
    std::fs::write(&scope, &scope_text).unwrap();
    let (ok, output) = check(&content);
    assert!(!ok, "{output}");

    // Line and column of the key naming the value at fault.
    let position = |text: &str, line_needle: &str, key: &str| {
        let line = line_of(text, line_needle);
        let line_text = text.lines().nth(line - 1).unwrap();
        let column = line_text[..line_text.find(key).unwrap()].chars().count() + 1;
        format!("{line}:{column}: ")
    };
    for (message, file, text, line_needle, key) in [
        (
            "`windows-95` is not a value of `admin_os`",
            "compat.toml",
            &compat,
            "\"windows-95\"",
            "admin_os",
        ),
        (
            "default `clustred`",
            "compat.toml",
            &compat,
            "\"clustred\"",
            "default",
        ),
        (
            "`windows-95` is not a value of any dimension",
            "lexicon.toml",
            &lexicon_text,
            "win95",
            "windows-95",
        ),
        (
            "[question] host_name: `Host Name` must be one word",
            "lexicon.toml",
            &lexicon_text,
            "host_name = ",
            "host_name",
        ),
        (
            "[question.host_roles]: `passiva`",
            "lexicon.toml",
            &lexicon_text,
            "passiva = ",
            "passiva",
        ),
        (
            "[question] host_noun_contractions: `na` is not in host_nouns",
            "lexicon.toml",
            &lexicon_text,
            "host_noun_contractions = ",
            "host_noun_contractions",
        ),
        (
            "[question.host_moved_from]: `stand by` is not a key of [question.host_role_others]",
            "lexicon.toml",
            &lexicon_text,
            "\"stand by\" = ",
            "\"stand by\"",
        ),
        (
            "`numbers_vary` needs `numbers`",
            "facts.toml",
            &facts_text,
            "numbers_vary = true",
            "numbers_vary",
        ),
        (
            "[synonyms]: `Qdo`",
            "lexicon.toml",
            &lexicon_text,
            "Qdo = ",
            "Qdo",
        ),
        (
            "`add-mailbox-database-copy` is not a document",
            "scope.toml",
            &scope_text,
            "[add-mailbox-database-copy]",
            "add-mailbox-database-copy",
        ),
        (
            "`@nope` is not a concept",
            "scope.toml",
            &scope_text,
            "\"@nope\"",
            "\"@nope\"",
        ),
    ] {
        let reported = reported_at(&output, message);
        let at = format!("{file}:{}", position(text, line_needle, key));
        assert!(reported.contains(&at), "{at} in {reported}");
    }
    let quote = reported_at(
        &output,
        "en quote is not in section `upgrade-to-windows-server-2008`",
    );
    let quote_line = line_of(&facts_text, "SP1 adds Windows Server 2008");
    assert!(quote.contains(&format!("facts.toml:{quote_line}:")), "{quote}");
    assert!(!output.contains(":0: "), "no error at line 0:\n{output}");
}

/// The value every cell of the compatibility matrix assumes for a dimension
/// it does not lay out is content (`default`); a dimension without one is an
/// error at its `id`, not a silent first value.
#[test]
fn a_dimension_the_matrix_assumes_must_declare_its_default() {
    let (_dir, content, compat) = with_edit("answers/compat.toml", |text| {
        text.replacen("default = \"clustered\"\n", "", 1)
    });
    let (ok, output) = check(&content);
    assert!(!ok, "{output}");
    let reported = reported_at(&output, "dimension `target` needs a `default`");
    let line = line_of(&compat, "id = \"target\"");
    assert!(
        reported.contains(&format!("compat.toml:{line}:1: ")),
        "{reported}"
    );
}

/// The matrix's layout is content (`[matrix]` in `compat.toml`): a
/// dimension it names that the content does not declare, or a dimension
/// laid out while another it names needs it, is an error at the line and
/// column of that name, saying which dimension and which there are.
#[test]
fn the_matrix_layout_names_only_declared_dimensions() {
    let (_dir, content, compat) = with_edit("answers/compat.toml", |text| {
        let layout = "columns = [\"tools_version\", \"cluster_os\"]";
        assert!(text.contains(layout), "compat.toml lays out {layout}");
        text.replacen(layout, "columns = [\"tools_version\", \"cluster_platform\"]", 1)
            .replacen(
                "csv = [\"admin_os\", \"tools_version\", \"cms_version\", \"cluster_os\"]",
                "csv = [\"admin_os\", \"tools_version\", \"cms_version\", \"cluster_os\", \"target\"]",
                1,
            )
            .replacen(
                "same_as = { cms_version = \"tools_version\" }",
                "same_as = { cms_version = \"admin_oss\" }",
                1,
            )
    });
    let (ok, output) = check(&content);
    assert!(!ok, "{output}");
    for (message, needle) in [
        (
            "[matrix] columns: unknown dimension `cluster_platform` (the dimensions are tools_version, admin_os, \
             cms_version, cluster_os, target)",
            "\"cluster_platform\"",
        ),
        (
            "[matrix] same_as: unknown dimension `admin_oss`",
            "cms_version = \"admin_oss\"",
        ),
        (
            "[matrix] csv: `cluster_os` must be named once",
            "\"cluster_os\", \"target\"]",
        ),
        ("[matrix] csv: `target` must be named once", "\"target\"]"),
        // Not laid out any more, so every cell assumes a value it does not declare.
        ("dimension `cluster_os` needs a `default`", "id = \"cluster_os\""),
    ] {
        let at = format!("compat.toml:{}", position_of(&compat, needle));
        assert!(reported_at(&output, message).contains(&at), "{message} at {at}");
    }
}

/// A placeholder the engine does not fill in (a misspelt `{documents}`)
/// would reach answers as it is written: an error at its line and column.
#[test]
fn unknown_placeholders_in_answer_messages_are_reported_at_their_line() {
    let (_dir, content, messages) = with_edit("answers/messages.toml", |text| {
        assert!(text.contains("en = \"Nothing in {documents}"), "{text}");
        text.replacen("en = \"Nothing in {documents}", "en = \"Nothing in {document}", 1)
    });
    let (ok, output) = check(&content);
    assert!(!ok, "{output}");
    let reported = reported_at(
        &output,
        "`outside` has no placeholder `{document}` (it may hold {documents}, {term})",
    );
    let at = format!(
        "messages.toml:{}",
        position_of(&messages, "en = \"Nothing in {document}")
    );
    assert!(reported.contains(&at), "{at} in {reported}");
}

/// The content faults that `serve` used to start on — a duplicate step id
/// (every run creation then failed with 500), an unknown `when` key (its
/// step silently dropped) and a rule naming an unknown operating system (it
/// changed the Vista answer) — each stop it, at the fault's own line.
#[test]
fn each_content_fault_stops_serve_at_its_line() {
    for (file, edit, message, needle) in [
        (
            "checklists/cms-upgrade.toml",
            ("id = \"update-rollups\"", "id = \"windows-2003-sp2\""),
            "used twice",
            None,
        ),
        (
            "checklists/cms-upgrade.toml",
            (
                "when = { mode = [\"in-place\"] }\nsection = \"update-rollups\"",
                "when = { mode = [\"in-place\"], colour = [\"red\"] }\nsection = \"update-rollups\"",
            ),
            "unknown condition `colour`",
            Some("colour"),
        ),
        (
            "answers/compat.toml",
            (
                "admin_os = [\"windows-vista\"] }",
                "admin_os = [\"windows-95\"] }",
            ),
            "`windows-95` is not a value of `admin_os`",
            Some("windows-95"),
        ),
    ] {
        let (dir, content, text) = with_edit(file, |text| {
            assert!(text.contains(edit.0), "{file} has {:?}", edit.0);
            text.replacen(edit.0, edit.1, 1)
        });
        let said = serve_refusal(dir.path(), &content);
        let reported = reported_at(&said, message);
        // The duplicate is reported where it is declared the second time.
        let line = match needle {
            Some(needle) => line_of(&text, needle),
            None => {
                let second = text.match_indices(edit.1).nth(1).unwrap().0;
                text[..second].matches('\n').count() + 1
            }
        };
        let name = Path::new(file).file_name().unwrap().to_str().unwrap();
        assert!(
            reported.contains(&format!("{name}:{line}:")),
            "{name}:{line} in {said}"
        );
    }
}

#[test]
fn a_prefix_that_would_read_the_host_name_word_is_reported_at_its_phrase() {
    // "host*" in a fact would take every host name for a word about hosting.
    let (_dir, content, facts) = with_edit("answers/facts.toml", |text| {
        text.replacen("\"which node*\"", "\"nameless*\", \"namedh*\"", 1)
    });
    let (ok, output) = check(&content);
    assert!(!ok, "{output}");
    let line = reported_at(&output, "`namedh*` reads the host-name word `namedhost`");
    let at = format!("facts.toml:{}", position_of(&facts, "\"namedh*\""));
    assert!(line.contains(&at), "{line} is not at {at}");
    assert!(!output.contains("`nameless*`"), "{output}");
}
