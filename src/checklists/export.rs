//! A run as a Markdown change record, to paste into a ticket: the cluster,
//! who did what and when, why steps were skipped, and the notes.

use crate::checklists::view::RunView;
use crate::i18n::Strings;

/// Escapes user text so it stays inline text whatever it holds: every
/// Markdown-significant character is backslash-escaped and every control or
/// line-separating character (`\r`, `\n`, tab, NUL, U+0085, U+2028, U+2029…)
/// becomes a space, so a note can neither start a line nor restructure the record.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            out.push(' ');
            continue;
        }
        if "\\`*_{}[]<>()#+-.!|&~=:\"'".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `2026-11-26T22:04:15.807Z` → `2026-11-26 22:04 UTC` (a change record is
/// read far from the browser that knew the reader's time zone).
pub fn utc(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) if at.ends_with('Z') => format!("{day} {time} UTC"),
        _ => at.to_owned(),
    }
}

/// ` (by Ana, 2026-11-26 22:04 UTC)`, or what of it is known.
fn who_when(by: Option<&str>, at: Option<&str>, t: &Strings) -> String {
    match (by, at) {
        (Some(by), Some(at)) => format!(" ({} {}, {})", t.t("done_by"), escape(by), utc(at)),
        (Some(by), None) => format!(" ({} {})", t.t("done_by"), escape(by)),
        (None, Some(at)) => format!(" ({})", utc(at)),
        (None, None) => String::new(),
    }
}

/// A download file name: template, creation day and the start of the id.
pub fn file_name(run: &RunView, extension: &str) -> String {
    let day = run.created_at.get(..10).unwrap_or("run");
    let id = run.id.get(..8).unwrap_or(&run.id);
    format!("{}-{day}-{id}.{extension}", run.template)
}

/// Renders the run; `details` are the cluster's parameters as labelled pairs.
pub fn markdown(run: &RunView, details: &[(String, String)], t: &Strings) -> String {
    let mut out = format!("# {}\n\n", escape(&run.title));
    out.push_str(&format!(
        "- {}: {}\n",
        t.t("checklist_created"),
        utc(&run.created_at)
    ));
    for (label, value) in details {
        out.push_str(&format!("- {}: {}\n", escape(label), escape(value)));
    }
    out.push_str(&format!(
        "- {}: {}/{}",
        t.t("checklist_progress"),
        run.progress.done,
        run.progress.total
    ));
    if run.progress.skipped > 0 {
        out.push_str(&format!(
            " (+{} {})",
            run.progress.skipped,
            t.t("skipped").to_lowercase()
        ));
    }
    out.push('\n');
    if let Some(started) = &run.downtime.started_at {
        out.push_str(&format!("- {}: {}", t.t("downtime_started"), utc(started)));
        if let Some(ended) = &run.downtime.ended_at {
            out.push_str(&format!(" → {}", utc(ended)));
        }
        out.push('\n');
    }
    out.push('\n');
    for step in &run.steps {
        let mark = if step.state.done { "x" } else { " " };
        out.push_str(&format!("- [{mark}] **{}**", escape(&step.title)));
        if step.state.done {
            out.push_str(&format!(
                " — {}{}",
                t.t("done_label"),
                who_when(step.state.done_by.as_deref(), step.state.done_at.as_deref(), t)
            ));
        }
        if step.state.skipped {
            out.push_str(&format!(
                " — {}{}: {}",
                t.t("skipped"),
                who_when(
                    step.state.skipped_by.as_deref(),
                    step.state.skipped_at.as_deref(),
                    t
                ),
                escape(step.state.skip_reason.as_deref().unwrap_or(""))
            ));
        }
        out.push('\n');
        if let Some(command) = &step.command {
            // A fence longer than any run of backticks in the command.
            let longest = command.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            let command: String = command
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            out.push_str(&format!("\n  {fence}\n  {command}\n  {fence}\n\n"));
        }
        if let Some(note) = &step.state.note {
            out.push_str(&format!(
                "  > {}{}: {}\n",
                t.t("noted"),
                who_when(step.state.note_by.as_deref(), step.state.note_at.as_deref(), t),
                escape(note)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_becomes_a_space() {
        assert_eq!(escape("a\r\nb\tc\u{0}d\u{85}e\u{2028}f"), "a  b c d e f");
        assert_eq!(escape("# [x](y)"), "\\# \\[x\\]\\(y\\)");
    }
}
