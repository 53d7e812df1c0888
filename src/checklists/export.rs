//! A run as a Markdown change record, to paste into a ticket.

use crate::checklists::RunView;
use crate::i18n::Strings;

/// Escapes Markdown-significant characters in user text so a note cannot
/// restructure the record.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_{}[]<>()#+-.!|".contains(c) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// Renders the run.
pub fn markdown(run: &RunView, t: &Strings) -> String {
    let mut out = format!("# {}\n\n", run.title);
    out.push_str(&format!("- {}: {}\n", t.t("checklist_created"), run.created_at));
    out.push_str(&format!(
        "- {}: {}/{}\n",
        t.t("checklist_progress"),
        run.progress.done,
        run.progress.total
    ));
    if let Some(started) = &run.downtime.started_at {
        out.push_str(&format!("- {}: {started}", t.t("downtime_started")));
        if let Some(ended) = &run.downtime.ended_at {
            out.push_str(&format!(" → {ended}"));
        }
        out.push('\n');
    }
    out.push('\n');
    for step in &run.steps {
        let mark = if step.done { "x" } else { " " };
        out.push_str(&format!("- [{mark}] **{}**", step.title));
        if step.done {
            out.push_str(&format!(" — {}", step.done_at.as_deref().unwrap_or("")));
            if let Some(by) = &step.done_by {
                out.push_str(&format!(", {}", escape(by)));
            }
        }
        if step.skipped {
            out.push_str(&format!(
                " — {}: {}",
                t.t("skipped"),
                escape(step.skip_reason.as_deref().unwrap_or(""))
            ));
        }
        out.push('\n');
        if let Some(command) = &step.command {
            out.push_str(&format!("  ```\n  {command}\n  ```\n"));
        }
        if let Some(note) = &step.note {
            out.push_str(&format!("  > {}\n", escape(note)));
        }
    }
    out
}
