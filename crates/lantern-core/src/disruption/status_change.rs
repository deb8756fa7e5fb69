//! A status a coordinator sets on the board, checked once for the page and the API. Late needs
//! the time the carer now expects to arrive; Missed needs a reason and an explicit
//! confirmation, because it goes in the timeline and starts the calls to the family.

use super::VisitStatus;
use crate::FieldErrors;
use crate::schedule::parse_moment;
use crate::sheet_time;
use jiff::Timestamp;
use jiff::civil::Date;

/// A status as typed or sent, unparsed.
#[derive(Debug, Clone, Default)]
pub struct StatusInput<'a> {
    pub status: &'a str,
    pub note: &'a str,
    /// "10:15" (the visit's day, UK time), or a full moment from an integration.
    pub expected_at: &'a str,
    pub reason: &'a str,
    /// The coordinator ticked "this visit did not and will not happen".
    pub confirmed: bool,
}

/// A status that makes sense for the visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: VisitStatus,
    pub note: String,
    pub expected_at: Option<Timestamp>,
    pub reason: String,
}

const NOTE_MAX: usize = 2000;
const REASON_MAX: usize = 500;

fn too_long(errors: &mut FieldErrors, field: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        errors.add(field, format!("is too long (at most {max} characters)"));
    }
}

/// When the carer expects to arrive: a time on the visit's day (after midnight when it is more
/// than 12 hours before the planned start), or a full moment.
fn expected(text: &str, day: Date, due: Timestamp) -> Result<Timestamp, String> {
    let text = text.trim();
    if text.contains('-') {
        return parse_moment(text);
    }
    sheet_time::written(day, text, Some(due))?.ok_or_else(|| "say when the carer now expects to arrive (hh:mm)".into())
}

impl StatusChange {
    /// Checks a status for a visit planned at `due` on `day`, at `now`. Nothing is saved when
    /// this fails; the errors name the fields (`status`, `expected_at`, `reason`, `confirm`).
    pub fn parse(input: &StatusInput, day: Date, due: Timestamp, now: Timestamp) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let status = match VisitStatus::parse(input.status) {
            Ok(s) => s,
            Err(e) => {
                errors.add("status", e);
                return Err(errors);
            }
        };
        let note = input.note.trim().to_string();
        let reason = input.reason.trim().to_string();
        too_long(&mut errors, "note", &note, NOTE_MAX);
        too_long(&mut errors, "reason", &reason, REASON_MAX);
        let given = !input.expected_at.trim().is_empty();
        let expected_at = match status {
            VisitStatus::Late if !given => {
                errors.add("expected_at", "say when the carer now expects to arrive (hh:mm)");
                None
            }
            VisitStatus::Late | VisitStatus::DelayedFamilyTold if given => {
                match expected(input.expected_at, day, due) {
                    Ok(t) if t <= now => {
                        errors.add(
                            "expected_at",
                            "that time has already passed: ask the carer for a new time",
                        );
                        None
                    }
                    Ok(t) => Some(t),
                    Err(e) => {
                        errors.add("expected_at", e);
                        None
                    }
                }
            }
            _ if given => {
                errors.add("expected_at", "is only for a late or delayed visit");
                None
            }
            _ => None,
        };
        if status == VisitStatus::Missed {
            if reason.is_empty() {
                errors.add("reason", "say why the visit was missed");
            }
            if !input.confirmed {
                errors.add(
                    "confirm",
                    "confirm that the visit did not happen and will not happen today",
                );
            }
        } else if !reason.is_empty() {
            errors.add("reason", "is only for a missed visit");
        }
        errors.into_result(Self {
            status,
            note,
            expected_at,
            reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn check(input: StatusInput) -> Result<StatusChange, FieldErrors> {
        StatusChange::parse(
            &input,
            jiff::civil::date(2026, 11, 24),
            at("2026-11-24T09:30:00Z"),
            at("2026-11-24T10:00:00Z"),
        )
    }

    #[test]
    fn late_needs_a_time_still_to_come() {
        let late = |t| StatusInput {
            status: "late",
            expected_at: t,
            ..Default::default()
        };
        let e = check(late("")).unwrap_err();
        assert!(e.get("expected_at").unwrap().contains("expects to arrive"), "{e:?}");
        let e = check(late("09:50")).unwrap_err();
        assert!(e.get("expected_at").unwrap().contains("already passed"), "{e:?}");
        assert!(check(late("quarter past")).unwrap_err().get("expected_at").is_some());
        let ok = check(late("10:15")).unwrap();
        assert_eq!(ok.expected_at, Some(at("2026-11-24T10:15:00Z")));
        let ok = check(late("2026-11-24T10:20")).unwrap();
        assert_eq!(ok.expected_at, Some(at("2026-11-24T10:20:00Z")));
    }

    #[test]
    fn delayed_may_give_a_time_and_others_may_not() {
        let d = check(StatusInput {
            status: "delayed_family_told",
            ..Default::default()
        })
        .unwrap();
        assert_eq!((d.status, d.expected_at), (VisitStatus::DelayedFamilyTold, None));
        let e = check(StatusInput {
            status: "confirmed",
            expected_at: "10:15",
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.get("expected_at"), Some("is only for a late or delayed visit"));
    }

    #[test]
    fn missed_needs_a_reason_and_a_confirmation() {
        let e = check(StatusInput {
            status: "missed",
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.get("reason"), Some("say why the visit was missed"));
        assert!(e.get("confirm").unwrap().contains("did not happen"));
        let e = check(StatusInput {
            status: "missed",
            reason: "Carer's car broke down",
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.get("reason").is_none() && e.get("confirm").is_some());
        let ok = check(StatusInput {
            status: "missed",
            reason: "  Carer's car broke down ",
            confirmed: true,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.reason, "Carer's car broke down");
        assert!(
            check(StatusInput {
                status: "done",
                ..Default::default()
            })
            .unwrap_err()
            .get("status")
            .unwrap()
            .contains("not a visit status")
        );
    }
}
