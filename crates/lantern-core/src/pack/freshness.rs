//! Is the printed pack still safe to work from? Stale when data in it changed since it was
//! built (and which), when it is older than the policy allows, when its medicine sheets have
//! run out, or when its physical check is overdue (the seed's second story: one branch's
//! emergency contact sheet was out of date).

use super::PackPolicy;
use crate::entity::EntityKind;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

/// A change to a record the pack holds, since the pack was built.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: EntityKind,
    /// The record's name: "Sam Khan (Son)".
    pub title: String,
    /// Whose record it is, for contacts and medicines: "Amira Khan".
    pub person: Option<String>,
    /// "create", "update", "end", "restore", or "moved_out": the record left this pack's
    /// service (a person moved to another, with their contacts and medicines).
    pub action: String,
    pub at: Timestamp,
    pub by: String,
}

/// The latest build of a pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub version: i64,
    pub at: Timestamp,
    /// The last day its medicine sheets cover.
    pub last_day: Date,
}

/// The latest physical check of the printed pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub at: Timestamp,
    pub by: String,
    pub problems: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Freshness {
    pub fresh: bool,
    /// Plain sentences, most urgent first.
    pub reasons: Vec<String>,
    /// Whether one of the reasons is the overdue physical check (the last one when it is):
    /// readiness judges the check on its own light.
    pub check_overdue: bool,
}

impl Freshness {
    /// The reasons the pack no longer matches the records: all but the overdue check.
    pub fn out_of_date(&self) -> &[String] {
        let n = self.reasons.len() - usize::from(self.check_overdue && !self.reasons.is_empty());
        &self.reasons[..n]
    }
}

fn day(t: Timestamp) -> String {
    t.to_zoned_datetime(crate::schedule::london())
        .strftime("%-d %b")
        .to_string()
}

/// "Emergency contact Sam Khan (Son) for Amira Khan changed on 12 Nov by Jo Patel".
pub fn describe(c: &Change) -> String {
    let what = c.kind.spec().singular;
    let verb = match c.action.as_str() {
        "create" => "added",
        "end" => "removed",
        "restore" => "restored",
        "moved_out" => "moved to another service",
        _ => "changed",
    };
    let whose = c.person.as_ref().map(|p| format!(" for {p}")).unwrap_or_default();
    format!("{what} {}{whose} {verb} on {} by {}", c.title, day(c.at), c.by)
}

pub fn assess(
    built: Option<&Built>,
    changes: &[Change],
    last_check: Option<&Check>,
    policy: &PackPolicy,
    now: Timestamp,
) -> Freshness {
    let Some(built) = built else {
        return Freshness {
            fresh: false,
            reasons: vec!["No pack has been built for this service yet.".into()],
            check_overdue: false,
        };
    };
    let mut reasons = Vec::new();
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|c| std::cmp::Reverse(c.at));
    reasons.extend(sorted.iter().map(|c| format!("{}.", describe(c))));
    let age = now.duration_since(built.at);
    if age > SignedDuration::from_hours(24 * i64::from(policy.max_age_days)) {
        reasons.push(format!(
            "Built on {}: older than the {} days the policy allows.",
            day(built.at),
            policy.max_age_days
        ));
    }
    let today = now.to_zoned_datetime(crate::schedule::london()).date();
    if today > built.last_day {
        reasons.push(format!(
            "Its medicine sheets end on {}.",
            built.last_day.strftime("%-d %b")
        ));
    }
    let label = match last_check {
        Some(c) if c.at > built.at => format!("last checked on {} by {}", day(c.at), c.by),
        _ => format!("not checked since it was built on {}", day(built.at)),
    };
    let check_overdue = now > next_check_due(built, last_check, policy);
    if check_overdue {
        reasons.push(format!(
            "The printed pack's check is overdue: {label} (checks are due every {} days).",
            policy.check_every_days
        ));
    }
    Freshness {
        fresh: reasons.is_empty(),
        reasons,
        check_overdue,
    }
}

/// When the printed pack must next be checked: `check_every_days` after the later of its
/// build and its last check (a new build is a new printed pack, checked as it is printed).
pub fn next_check_due(built: &Built, last_check: Option<&Check>, policy: &PackPolicy) -> Timestamp {
    let since = match last_check {
        Some(c) if c.at > built.at => c.at,
        _ => built.at,
    };
    since + SignedDuration::from_hours(24 * i64::from(policy.check_every_days))
}

/// Whether Lantern builds a service's pack by itself, without waiting for the morning build:
/// when it has none yet (a new organisation, a new service), or when the medicine sheets of
/// its latest no longer cover today (a server that was off for days). A pack made stale by a
/// change is left to people: its page names the change, and the printed copy has to be
/// replaced by hand whoever builds the new one.
pub fn builds_by_itself(built: Option<&Built>, today: Date) -> bool {
    built.is_none_or(|b| today > b.last_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn built() -> Built {
        Built {
            version: 3,
            at: at("2026-11-01T06:00:00Z"),
            last_day: jiff::civil::date(2026, 11, 30),
        }
    }

    #[test]
    fn a_new_pack_is_fresh() {
        let f = assess(
            Some(&built()),
            &[],
            None,
            &PackPolicy::default(),
            at("2026-11-02T09:00:00Z"),
        );
        assert!(f.fresh, "{f:?}");
    }

    #[test]
    fn the_next_check_is_due_a_policy_period_after_the_build_or_the_last_check() {
        let policy = PackPolicy::default();
        assert_eq!(next_check_due(&built(), None, &policy), at("2026-12-02T06:00:00Z"));
        let check = Check {
            at: at("2026-11-10T15:30:00Z"),
            by: "Ann".into(),
            problems: String::new(),
        };
        assert_eq!(
            next_check_due(&built(), Some(&check), &policy),
            at("2026-12-11T15:30:00Z")
        );
        let before_build = Check {
            at: at("2026-10-30T09:00:00Z"),
            ..check
        };
        assert_eq!(
            next_check_due(&built(), Some(&before_build), &policy),
            at("2026-12-02T06:00:00Z")
        );
    }

    #[test]
    fn lantern_builds_by_itself_only_a_missing_pack_or_one_whose_sheets_ran_out() {
        assert!(builds_by_itself(None, jiff::civil::date(2026, 11, 2)));
        assert!(!builds_by_itself(Some(&built()), jiff::civil::date(2026, 11, 30)));
        assert!(builds_by_itself(Some(&built()), jiff::civil::date(2026, 12, 1)));
    }

    #[test]
    fn a_changed_contact_is_named() {
        let change = Change {
            kind: EntityKind::Contact,
            title: "Sam Khan (Son)".into(),
            person: Some("Amira Khan".into()),
            action: "update".into(),
            at: at("2026-11-12T10:00:00Z"),
            by: "J. Patel".into(),
        };
        let f = assess(
            Some(&built()),
            &[change],
            None,
            &PackPolicy::default(),
            at("2026-11-12T11:00:00Z"),
        );
        assert!(!f.fresh);
        assert_eq!(
            f.reasons,
            vec!["Emergency contact Sam Khan (Son) for Amira Khan changed on 12 Nov by J. Patel."]
        );
    }

    #[test]
    fn a_record_that_left_the_service_is_named() {
        let change = Change {
            kind: EntityKind::Person,
            title: "Amira Khan".into(),
            person: None,
            action: "moved_out".into(),
            at: at("2026-11-12T10:00:00Z"),
            by: "J. Patel".into(),
        };
        assert_eq!(
            describe(&change),
            "Person supported Amira Khan moved to another service on 12 Nov by J. Patel"
        );
    }

    #[test]
    fn overdue_checks_and_age_are_reasons_and_a_check_clears_its_reason() {
        let policy = PackPolicy::default();
        let late = at("2026-12-05T09:00:00Z");
        let f = assess(Some(&built()), &[], None, &policy, late);
        assert!(f.reasons.iter().any(|r| r.contains("check is overdue")), "{f:?}");
        assert!(f.reasons.iter().any(|r| r.contains("older than the 30 days")));
        assert!(f.reasons.iter().any(|r| r.contains("medicine sheets end on 30 Nov")));
        let check = Check {
            at: at("2026-12-04T09:00:00Z"),
            by: "Ann".into(),
            problems: String::new(),
        };
        let f = assess(Some(&built()), &[], Some(&check), &policy, late);
        assert!(!f.reasons.iter().any(|r| r.contains("check is overdue")), "{f:?}");
    }

    #[test]
    fn no_pack_is_never_fresh() {
        assert!(!assess(None, &[], None, &PackPolicy::default(), at("2026-11-02T09:00:00Z")).fresh);
    }
}
