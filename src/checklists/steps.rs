//! The rules of a step, as pure functions: what a change does to a step's
//! state (an idempotent tick that keeps who and when it was first ticked;
//! skipping needs a reason and is not done), and which requests are
//! acceptable. Storage backends apply these rules inside their transactions;
//! nothing here touches a database, so they are tested on their own.

use serde::Deserialize;
use time::OffsetDateTime;

use super::params::ParamError;
use crate::lang::Lang;
use crate::limits::{Bound, Limits, too_long};

/// The state of one step of a run, as stored and as shown (flattened into
/// the step's wire shape).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema, utoipa::ToSchema)]
pub struct StepState {
    /// Step id.
    pub id: String,
    /// Ticked.
    pub done: bool,
    /// When it was ticked (RFC 3339).
    pub done_at: Option<String>,
    /// Who ticked it.
    pub done_by: Option<String>,
    /// Skipped (which is not done).
    pub skipped: bool,
    /// Why it was skipped.
    pub skip_reason: Option<String>,
    /// Free note.
    pub note: Option<String>,
    /// When it was skipped.
    pub skipped_at: Option<String>,
    /// Who skipped it.
    pub skipped_by: Option<String>,
    /// When the note was last written.
    pub note_at: Option<String>,
    /// Who last wrote the note.
    pub note_by: Option<String>,
}

/// A change to one step: each field present is set; absent fields are left
/// alone. Only [`StepPatch::into_change`] makes one, so a skip always has a
/// reason and a change is never empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StepChange {
    /// Set done or not done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// Who makes the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Set the note (empty clears it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Set skipped or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<bool>,
    /// Why it is skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Body of `PATCH /api/checklists/{id}/steps/{step_id}`.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepPatch {
    /// Set done (`true`) or not done (`false`).
    pub done: Option<bool>,
    /// Who does it.
    pub by: Option<String>,
    /// Set the note (empty clears it).
    pub note: Option<String>,
    /// Set skipped; skipping needs a `reason`.
    pub skipped: Option<bool>,
    /// Why the step is skipped.
    pub reason: Option<String>,
}

impl StepPatch {
    /// The bounds on its fields, as the schemas state them and
    /// [`StepPatch::into_change`] checks them.
    pub fn bounds(limits: &Limits) -> [(&'static str, Bound); 3] {
        [
            ("by", Bound::Chars(limits.by_chars)),
            ("note", Bound::Chars(limits.note_chars)),
            ("reason", Bound::Chars(limits.note_chars)),
        ]
    }

    /// Validates lengths (within `limits`) and combinations; returns the
    /// change to apply. Length refusals are in `lang`.
    pub fn into_change(self, lang: Lang, limits: &Limits) -> Result<StepChange, ParamError> {
        // The bounds named once, in [`StepPatch::bounds`], for the check and the schemas.
        let value = |field: &str| match field {
            "by" => self.by.as_deref(),
            "note" => self.note.as_deref(),
            "reason" => self.reason.as_deref(),
            _ => None,
        };
        for (field, bound) in StepPatch::bounds(limits) {
            let Bound::Chars(max) = bound else { continue };
            if value(field).is_some_and(|v| v.chars().count() > max) {
                return Err(ParamError::new(field, too_long(lang, max)));
            }
        }
        if self.done == Some(true) && self.skipped == Some(true) {
            return Err(ParamError::new(
                "skipped",
                lang.pick(
                    "a step cannot be done and skipped at once",
                    "uma etapa não pode estar feita e pulada ao mesmo tempo",
                ),
            ));
        }
        let reason = self.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        if self.skipped == Some(true) && reason.is_none() {
            return Err(ParamError::new(
                "reason",
                lang.pick("say why the step is skipped", "diga por que a etapa é pulada"),
            ));
        }
        if self.done.is_none() && self.skipped.is_none() && self.note.is_none() {
            return Err(ParamError::new(
                "body",
                lang.pick(
                    "set at least one of done, skipped or note",
                    "defina ao menos um de done, skipped ou note",
                ),
            ));
        }
        let by = self.by.map(|b| b.trim().to_owned()).filter(|b| !b.is_empty());
        Ok(StepChange {
            done: self.done,
            by,
            note: self.note,
            skipped: self.skipped,
            reason,
        })
    }
}

/// The state after `change`, made at `at`. Sets, never toggles: applying the
/// same change twice gives the same state, and a second tick keeps who and
/// when the step was first ticked.
pub fn apply(state: &StepState, change: &StepChange, at: &str) -> StepState {
    let mut state = state.clone();
    match change.done {
        Some(true) if !state.done => {
            state.done = true;
            state.done_at = Some(at.to_owned());
            state.done_by = change.by.clone();
            state.skipped = false;
            state.skip_reason = None;
            state.skipped_at = None;
            state.skipped_by = None;
        }
        Some(false) => {
            state.done = false;
            state.done_at = None;
            state.done_by = None;
        }
        _ => {}
    }
    match change.skipped {
        Some(true) => {
            // Skipping again for the same reason keeps who and when, like a tick.
            if !state.skipped || state.skip_reason != change.reason {
                state.skipped_at = Some(at.to_owned());
                state.skipped_by = change.by.clone();
            }
            state.skipped = true;
            state.skip_reason = change.reason.clone();
            state.done = false;
            state.done_at = None;
            state.done_by = None;
        }
        Some(false) => {
            state.skipped = false;
            state.skip_reason = None;
            state.skipped_at = None;
            state.skipped_by = None;
        }
        None => {}
    }
    if let Some(note) = &change.note {
        let note = Some(note.clone()).filter(|n| !n.trim().is_empty());
        // Saving the same note again keeps who wrote it and when.
        if note != state.note {
            state.note_at = note.as_ref().map(|_| at.to_owned());
            state.note_by = change.by.clone().filter(|_| note.is_some());
            state.note = note;
        }
    }
    state
}

/// The current time, RFC 3339 with milliseconds, UTC: the `at` of changes.
pub fn now() -> String {
    // Always three fractional digits: RFC 3339 as `time` writes it drops
    // trailing zeros ("05.1Z"), and then "05.1Z" sorts after "05.123Z" in the
    // text order the runs list uses (ORDER BY created_at).
    let now = OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        now.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_sort_as_text_in_time_order() {
        let stamp = now();
        assert_eq!(stamp.len(), "2026-11-27T10:55:02.120Z".len(), "{stamp}");
        let parsed = OffsetDateTime::parse(&stamp, &time::format_description::well_known::Rfc3339);
        assert!(parsed.is_ok(), "{stamp}");
    }

    fn tick(by: &str) -> StepChange {
        StepPatch {
            done: Some(true),
            by: Some(by.into()),
            ..Default::default()
        }
        .into_change(Lang::En, &Limits::DEFAULT)
        .unwrap()
    }

    #[test]
    fn a_second_tick_keeps_the_first_who_and_when() {
        let fresh = StepState {
            id: "a".into(),
            ..Default::default()
        };
        let first = apply(&fresh, &tick("ana"), "t1");
        assert!(first.done);
        assert_eq!(
            (first.done_at.as_deref(), first.done_by.as_deref()),
            (Some("t1"), Some("ana"))
        );
        let again = apply(&first, &tick("bo"), "t2");
        assert_eq!(again, first, "ticking a ticked step changes nothing");
        let untick = StepChange {
            done: Some(false),
            ..Default::default()
        };
        let undone = apply(&again, &untick, "t3");
        assert!(!undone.done && undone.done_at.is_none() && undone.done_by.is_none());
        assert_eq!(
            apply(&undone, &untick, "t4"),
            undone,
            "unticking is idempotent too"
        );
    }

    #[test]
    fn skipping_needs_a_reason_and_is_not_done() {
        let no_reason = StepPatch {
            skipped: Some(true),
            reason: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(
            no_reason
                .into_change(Lang::En, &Limits::DEFAULT)
                .unwrap_err()
                .field,
            "reason"
        );
        let skip = StepPatch {
            skipped: Some(true),
            reason: Some(" n/a ".into()),
            ..Default::default()
        }
        .into_change(Lang::En, &Limits::DEFAULT)
        .unwrap();
        let done = apply(&StepState::default(), &tick("ana"), "t1");
        let skipped = apply(&done, &skip, "t2");
        assert!(skipped.skipped && !skipped.done && skipped.done_at.is_none());
        assert_eq!(skipped.skip_reason.as_deref(), Some("n/a"));
        // Ticking a skipped step un-skips it.
        let ticked = apply(&skipped, &tick("bo"), "t3");
        assert!(ticked.done && !ticked.skipped && ticked.skip_reason.is_none());
    }

    #[test]
    fn skips_and_notes_keep_who_and_when() {
        let change = |patch: StepPatch| patch.into_change(Lang::En, &Limits::DEFAULT).unwrap();
        let skip = |by: &str, reason: &str| {
            change(StepPatch {
                skipped: Some(true),
                reason: Some(reason.into()),
                by: Some(by.into()),
                ..Default::default()
            })
        };
        let skipped = apply(&StepState::default(), &skip("ana", "n/a"), "t1");
        assert_eq!(
            (skipped.skipped_at.as_deref(), skipped.skipped_by.as_deref()),
            (Some("t1"), Some("ana"))
        );
        assert_eq!(
            apply(&skipped, &skip("bo", "n/a"), "t2"),
            skipped,
            "same skip, same record"
        );
        let reskipped = apply(&skipped, &skip("bo", "done by hand"), "t3");
        assert_eq!(reskipped.skipped_by.as_deref(), Some("bo"));
        let unskipped = apply(
            &reskipped,
            &change(StepPatch {
                skipped: Some(false),
                ..Default::default()
            }),
            "t4",
        );
        assert!(unskipped.skipped_at.is_none() && unskipped.skipped_by.is_none());

        let note = |by: &str, text: &str| {
            change(StepPatch {
                note: Some(text.into()),
                by: Some(by.into()),
                ..Default::default()
            })
        };
        let noted = apply(&unskipped, &note("ana", "moved to EX1"), "t5");
        assert_eq!(
            (noted.note_at.as_deref(), noted.note_by.as_deref()),
            (Some("t5"), Some("ana"))
        );
        assert_eq!(apply(&noted, &note("bo", "moved to EX1"), "t6"), noted);
        let cleared = apply(&noted, &note("bo", " "), "t7");
        assert!(cleared.note.is_none() && cleared.note_at.is_none() && cleared.note_by.is_none());
    }

    #[test]
    fn requests_that_make_no_sense_are_refused_by_field() {
        let field = |p: StepPatch| p.into_change(Lang::En, &Limits::DEFAULT).unwrap_err().field;
        assert_eq!(field(StepPatch::default()), "body");
        assert_eq!(
            field(StepPatch {
                done: Some(true),
                skipped: Some(true),
                reason: Some("x".into()),
                ..Default::default()
            }),
            "skipped"
        );
        assert_eq!(
            field(StepPatch {
                done: Some(true),
                by: Some("x".repeat(Limits::DEFAULT.by_chars + 1)),
                ..Default::default()
            }),
            "by"
        );
    }

    #[test]
    fn an_empty_note_clears_the_note() {
        let note = |text: &str| StepChange {
            note: Some(text.into()),
            ..Default::default()
        };
        let noted = apply(&StepState::default(), &note("moved"), "t");
        assert_eq!(noted.note.as_deref(), Some("moved"));
        assert_eq!(apply(&noted, &note(" "), "t").note, None);
    }
}
