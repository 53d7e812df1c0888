//! A run as the API shows it — the one wire shape of a step, in a run, in
//! the answer to a PATCH and in live events — with its progress and downtime
//! clock. A leaf: the service builds these and live streams carry them.

use schemars::JsonSchema;
use serde::Serialize;

use super::params::Params;
use super::steps::StepState;
use crate::lang::Lang;

/// A step as the API shows it: the one wire shape of a step, in a run, in
/// the answer to a PATCH and in live events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema, utoipa::ToSchema)]
pub struct StepView {
    /// Its state: id, done, skipped and note, with who and when.
    #[serde(flatten)]
    pub state: StepState,
    /// Title.
    pub title: String,
    /// What to do.
    pub text: String,
    /// Command, names filled in, never translated.
    pub command: Option<String>,
    /// Link to the article section it comes from.
    pub section_url: String,
    /// Ticking it starts the downtime.
    pub starts_downtime: bool,
    /// Ticking it ends the downtime.
    pub ends_downtime: bool,
}

/// Progress of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, utoipa::ToSchema)]
pub struct Progress {
    /// Steps done.
    pub done: usize,
    /// Steps skipped.
    pub skipped: usize,
    /// All steps.
    pub total: usize,
}

/// The downtime clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema, utoipa::ToSchema)]
pub struct Downtime {
    /// When the downtime-starting step was ticked.
    pub started_at: Option<String>,
    /// When the downtime-ending step was ticked.
    pub ended_at: Option<String>,
}

/// A run as the API shows it.
#[derive(Debug, Clone, Serialize, JsonSchema, utoipa::ToSchema)]
pub struct RunView {
    /// Unguessable id.
    pub id: String,
    /// Shareable page.
    pub url: String,
    /// Template id.
    pub template: String,
    /// Title.
    pub title: String,
    /// Language of this view.
    pub lang: Lang,
    /// Parameters.
    #[schema(value_type = Object)]
    pub params: Params,
    /// When it was created.
    pub created_at: String,
    /// How many step changes the run has had; live events carry the
    /// revision after theirs, so a gap shows a missed change.
    pub revision: i64,
    /// Steps in order.
    pub steps: Vec<StepView>,
    /// Progress.
    pub progress: Progress,
    /// Downtime clock.
    pub downtime: Downtime,
}

/// A change, as sent to live subscribers (in the run's own language; a
/// page in the other language uses only the step's state).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StepEvent {
    /// The run.
    pub run_id: String,
    /// The run's revision with this change (a later one when changes came
    /// in quick succession from another server: the state is then newer
    /// still, never older).
    pub revision: i64,
    /// The step after the change.
    pub step: StepView,
    /// Progress after the change.
    pub progress: Progress,
    /// Downtime after the change.
    pub downtime: Downtime,
}
