use std::path::Path;
use std::process::Command;

use crate::helpers::repo_root;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn check(content: &Path) -> (bool, String) {
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

#[test]
fn check_passes_on_the_shipped_content() {
    let (ok, output) = check(&repo_root().join("content"));
    assert!(ok, "{output}");
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
    std::fs::remove_file(content.join("i18n/pt-BR.toml")).unwrap();
    std::fs::write(content.join("i18n/pt-BR.toml"), "site_name = \"docdesk\"\n").unwrap();

    let (ok, output) = check(&content);
    assert!(!ok, "check must fail:\n{output}");
    for expected in [
        "section ids differ",
        "no-such-section",
        "quote is not in section",
        "is missing in pt-BR",
    ] {
        assert!(output.contains(expected), "missing {expected:?} in:\n{output}");
    }
    let line = output.lines().find(|l| l.contains("no-such-section")).unwrap();
    assert!(
        regex::Regex::new(r"upgrade-clustered-mailbox-servers\.en\.md:\d+: ")
            .unwrap()
            .is_match(line),
        "{line}"
    );
}

#[test]
fn a_broken_front_matter_stops_the_server_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo_root().join("content"), &content);
    let pt = content.join("docs/upgrade-clustered-mailbox-servers.pt-BR.md");
    let text = std::fs::read_to_string(&pt).unwrap().replacen(
        "modified = 2011-11-14",
        "modified = 2011-11-14\nauthor = \"x\"",
        1,
    );
    std::fs::write(&pt, text).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_docdesk"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .arg("--content")
        .arg(&content)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("upgrade-clustered-mailbox-servers.pt-BR.md:6:") && stderr.contains("author"),
        "{stderr}"
    );
}
