//! The run page: a maintenance console over one run (summary bar with
//! progress, downtime and the current step; who did what and when).
//! Times are rendered in UTC for readers without JavaScript, inside
//! `<time datetime>` so the script shows them in the reader's time zone.

use askama::Template;
use axum::response::Html;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::checklists::params::ParamValue;
use crate::checklists::view::RunView;
use crate::error::AppError;
use crate::lang::Lang;
use crate::state::AppState;
use crate::web::identity::Identity;
use crate::web::pages::Chrome;

/// Formats stored RFC 3339 times for people.
pub struct TimeFormat;

impl TimeFormat {
    /// `2026-11-26T22:04:15.807Z` → `2026-11-26 22:04 UTC`; anything else as is.
    pub fn utc(&self, at: &str) -> String {
        crate::checklists::export::utc(at)
    }
}

/// `hh:mm:ss` between two RFC 3339 times (zero when unreadable or negative).
pub fn duration(from: &str, to: &str) -> String {
    let parse = |t: &str| OffsetDateTime::parse(t, &Rfc3339).ok();
    let seconds = match (parse(from), parse(to)) {
        (Some(a), Some(b)) => (b - a).whole_seconds().max(0),
        _ => 0,
    };
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[derive(Template)]
#[template(path = "checklist.html")]
struct RunPage<'a> {
    page: Chrome<'a>,
    run: RunView,
    fmt: TimeFormat,
    /// Cluster details: label, value.
    cluster: Vec<(String, String)>,
    downtime_label: String,
    /// The first step neither done nor skipped: id, title.
    current: Option<(String, String)>,
    completed: bool,
    /// A refused form post: the step, and why (in the page's language).
    error: Option<(String, String)>,
    /// Who the reader's changes are recorded under (see [`Identity`]): the
    /// "your name" fields are shown only where the reader names themself
    /// (no identities configured); a signed-in reader sees the name their
    /// changes will carry, one without a required identity is told to sign in.
    identity: &'a Identity,
}

impl RunPage<'_> {
    /// Whether the reader types the name their changes are recorded under.
    fn asks_name(&self) -> bool {
        *self.identity == Identity::Open
    }

    /// The name a signed-in reader's changes are recorded under.
    fn signed_in(&self) -> Option<&str> {
        match self.identity {
            Identity::Named(name) => Some(name),
            _ => None,
        }
    }
}

/// Renders the run page for a reader with `identity`, with `error` (step
/// id, message) shown at its step.
pub fn render(
    state: &AppState,
    run: RunView,
    identity: &Identity,
    error: Option<(String, String)>,
) -> Result<Html<String>, AppError> {
    let lang = run.lang;
    let page = Chrome::new(state, lang, format!("{}?lang={}", run.url, lang.other()));
    let t = page.t;
    let fmt = TimeFormat;
    let cluster = cluster_rows(state, &run);
    let downtime_label = match (&run.downtime.started_at, &run.downtime.ended_at) {
        (Some(start), Some(end)) => t
            .t("downtime_lasted")
            .replace("{duration}", &duration(start, end)),
        (Some(start), None) => t.t("downtime_running").replace("{time}", &fmt.utc(start)),
        _ => t.t("downtime_not_started").to_owned(),
    };
    let current = run
        .steps
        .iter()
        .find(|s| !s.state.done && !s.state.skipped)
        .map(|s| (s.state.id.clone(), s.title.clone()));
    let completed = is_completed(&run);
    crate::web::pages::render(&RunPage {
        page,
        run,
        fmt,
        cluster,
        downtime_label,
        current,
        completed,
        error,
        identity,
    })
}

/// The cluster's details: every parameter the template declares, as the form
/// labels it (run page, print and Markdown export).
pub fn cluster_rows(state: &AppState, run: &RunView) -> Vec<(String, String)> {
    let lang = run.lang;
    state
        .content
        .checklists
        .get(&run.template)
        .map(|template| {
            template
                .params
                .iter()
                .filter_map(|spec| {
                    let shown = match run.params.0.get(&spec.name)? {
                        ParamValue::One(value) => spec
                            .choices
                            .iter()
                            .find(|c| c.value == *value)
                            .map_or_else(|| value.clone(), |c| c.label.get(lang).to_owned()),
                        ParamValue::Many(values) => values.join(", "),
                    };
                    Some((spec.label.get(lang).to_owned(), shown))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every step is done or skipped.
pub fn is_completed(run: &RunView) -> bool {
    run.steps.iter().all(|s| s.state.done || s.state.skipped)
}

/// Runs shown on the list page, at most.
const LIST_LIMIT: usize = 200;

/// A run on the list page.
struct RunRow {
    run: RunView,
    completed: bool,
}

#[derive(Template)]
#[template(path = "runs.html")]
struct RunsPage<'a> {
    page: Chrome<'a>,
    fmt: TimeFormat,
    rows: Vec<RunRow>,
    /// `""` (all), `in-progress` or `completed`.
    filter: &'static str,
}

/// The list of runs, newest first, filtered by `state` (`in-progress`,
/// `completed`; anything else: all). Blocking (reads the database).
pub fn render_list(state: &AppState, lang: Lang, filter: Option<&str>) -> Result<Html<String>, AppError> {
    let filter = match filter {
        Some("in-progress") => "in-progress",
        Some("completed") => "completed",
        _ => "",
    };
    let runs = state
        .checklists
        .recent(LIST_LIMIT, Some(lang))
        .map_err(AppError::from)?;
    let rows = runs
        .into_iter()
        .map(|run| RunRow {
            completed: is_completed(&run),
            run,
        })
        .filter(|row| match filter {
            "in-progress" => !row.completed,
            "completed" => row.completed,
            _ => true,
        })
        .collect();
    let switch = format!("/checklists?lang={}&state={filter}", lang.other());
    let page = Chrome::new(state, lang, switch);
    crate::web::pages::render(&RunsPage {
        page,
        fmt: TimeFormat,
        rows,
        filter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_utc_and_durations_as_clock_time() {
        assert_eq!(TimeFormat.utc("2026-11-26T22:04:15.807Z"), "2026-11-26 22:04 UTC");
        assert_eq!(TimeFormat.utc("yesterday"), "yesterday");
        assert_eq!(
            duration("2026-11-26T22:04:15Z", "2026-11-26T23:05:16.5Z"),
            "01:01:01"
        );
        assert_eq!(duration("2026-11-26T22:04:15Z", "garbage"), "00:00:00");
    }
}
