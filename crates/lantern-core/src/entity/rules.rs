//! Rules that span fields, and how a record is named and searched.

use super::{EntityKind, Record};
use crate::field::{FieldErrors, FieldKind, Val};

pub(super) fn check(r: &Record, errors: &mut FieldErrors) {
    match r.kind {
        EntityKind::Medicine => check_medicine(r, errors),
        EntityKind::Visit => {
            let carers = r.refs("carers").len();
            if carers > 2 {
                errors.add("carers", "a visit has at most two carers");
            } else if r.flag("two_carer") && carers == 1 {
                errors.add(
                    "carers",
                    "a two-carer visit needs both carers named (or none while it is unallocated)",
                );
            }
        }
        EntityKind::Shift if r.get("start") == r.get("finish") => {
            errors.add("finish", "the shift ends when it starts");
        }
        EntityKind::Risk => check_risk(r, errors),
        EntityKind::Course => {
            let roles = match r.get("roles") {
                Val::Texts(items) => items.as_slice(),
                _ => &[],
            };
            for role in roles {
                if staff_role(role).is_none() {
                    errors.add(
                        "roles",
                        format!("'{role}' is not a staff role: use the roles of the staff list, e.g. Care worker"),
                    );
                    break;
                }
            }
        }
        EntityKind::SupplierReview => {
            if let (Some(held), Some(next)) = (r.date("review_date"), r.date("next_review"))
                && next <= held
            {
                errors.add("next_review", "the next review comes after this one");
            }
        }
        EntityKind::Drill => check_drill(r, errors),
        EntityKind::Action => check_action(r, errors),
        _ => {}
    }
}

/// A staff role as a course names it: its stored value or its label, in any case.
pub fn staff_role(text: &str) -> Option<&'static str> {
    let text = text.trim();
    super::choices::STAFF_ROLE
        .iter()
        .find(|(value, label)| value.eq_ignore_ascii_case(text) || label.eq_ignore_ascii_case(text))
        .map(|(value, _)| *value)
}

/// The date fields that say when something happened (a course completed, a review held): they
/// cannot be after today. The record alone does not know today, so the application checks
/// these with its clock on every write, from a page, the API or a CSV file.
pub fn happened_dates(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::TrainingRecord => &["completed_on"],
        EntityKind::SupplierReview => &["review_date"],
        EntityKind::Action => &["done_on"],
        _ => &[],
    }
}

/// A happened date after `today`, by field, as "refused" reads it. A drill's date is one only
/// once it is marked held: a planned drill is dated ahead.
pub fn dates_in_future(r: &Record, today: jiff::civil::Date) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for field in happened_dates(r.kind) {
        if r.date(field).is_some_and(|d| d > today) {
            errors.add(field, "is in the future: record it on the day it happened, or after");
        }
    }
    if r.kind == EntityKind::Drill
        && r.text("status") == crate::care::Choice::code(crate::care::DrillStatus::Held)
        && r.date("date").is_some_and(|d| d > today)
    {
        errors.add(
            "date",
            "a held drill's date cannot be in the future: set the day it was held, or mark it planned",
        );
    }
    errors
}

/// A drill's what-if is saved whole (systems, start and hours together) or not at all, so the
/// drill page never runs half of one.
fn check_drill(r: &Record, errors: &mut FieldErrors) {
    let parts = ["whatif_systems", "whatif_date", "whatif_time", "whatif_hours"].map(|f| (f, !r.get(f).is_empty()));
    if parts.iter().any(|(_, set)| *set) {
        for (field, set) in parts {
            if !set {
                errors.add(
                    field,
                    "give the what-if's systems, start date, start time and hours together",
                );
            }
        }
    }
}

/// An action is done when something shows it: the evidence and the day are needed then.
fn check_action(r: &Record, errors: &mut FieldErrors) {
    if r.text("status") == "done" {
        if r.text("evidence").trim().is_empty() {
            errors.add(
                "evidence",
                "say what shows it is done: a note, or the record that proves it",
            );
        }
        if r.date("done_on").is_none() {
            errors.add("done_on", "enter the day it was done");
        }
    }
}

/// Controls reduce a risk: with them it cannot score higher than without them.
fn check_risk(r: &Record, errors: &mut FieldErrors) {
    let score = |l: &str, i: &str| Some(r.int(l)? * r.int(i)?);
    if let (Some(before), Some(after)) = (
        score("inherent_likelihood", "inherent_impact"),
        score("residual_likelihood", "residual_impact"),
    ) && after > before
    {
        errors.add(
            "residual_impact",
            format!(
                "with controls the risk scores {after}, more than the {before} it scores without them: check the scores"
            ),
        );
    }
}

/// A regular medicine has fixed times or an interval (not both); a PRN medicine has its
/// indication and limits, which reconciliation checks against (PRODUCT.md, "Recover").
fn check_medicine(r: &Record, errors: &mut FieldErrors) {
    let has_times = !r.get("times").is_empty();
    let has_interval = r.int("interval_hours").is_some();
    if r.flag("prn") {
        if r.text("prn_indication").is_empty() {
            errors.add("prn_indication", "a PRN medicine needs what it is for");
        }
        if r.int("prn_min_interval_minutes").is_none() {
            errors.add(
                "prn_min_interval_minutes",
                "a PRN medicine needs its minimum time between doses",
            );
        }
        if r.int("prn_max_doses_24h").is_none() {
            errors.add(
                "prn_max_doses_24h",
                "a PRN medicine needs its maximum doses in 24 hours",
            );
        }
        if has_times || has_interval {
            errors.add(
                "times",
                "a PRN medicine has no fixed dose times; untick PRN for a regular one",
            );
        }
    } else if has_times && has_interval {
        errors.add("interval_hours", "give fixed dose times or an interval, not both");
    } else if !has_times && !has_interval {
        errors.add("times", "enter the dose times (or an interval, or tick PRN)");
    }
    if let (Some(start), Some(end)) = (r.date("start_date"), r.date("end_date"))
        && end < start
    {
        errors.add("end_date", "the end date is before the start date");
    }
}

pub(super) fn title(r: &Record) -> String {
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    match r.kind {
        EntityKind::Service
        | EntityKind::Practice
        | EntityKind::System
        | EntityKind::Supplier
        | EntityKind::Risk
        | EntityKind::Course
        | EntityKind::DrillScenario
        | EntityKind::Drill
        | EntityKind::Action => r.text("name").to_string(),
        // Their staff member, course and supplier are references: the pages name those beside.
        EntityKind::TrainingRecord => format!("Completed {}", day_of(r, "completed_on")),
        EntityKind::SupplierReview => format!("Review of {}", day_of(r, "review_date")),
        EntityKind::Person | EntityKind::Staff => r.text("full_name").to_string(),
        EntityKind::Contact => format!("{} ({})", r.text("name"), r.text("relationship")),
        EntityKind::Medicine => join(&[r.text("name"), r.text("strength")]),
        EntityKind::Visit => format!("{} visit, {}", r.get("start").text(), day(r)),
        EntityKind::Shift => format!("{}–{}, {}", r.get("start").text(), r.get("finish").text(), day(r)),
        EntityKind::Device => {
            let kind = r
                .spec()
                .field("device_type")
                .and_then(|f| f.kind.choice_label(r.text("device_type")));
            join(&[r.text("asset_tag"), kind.unwrap_or("")])
        }
        EntityKind::DevicePolicy => {
            let kind = r
                .spec()
                .field("device_type")
                .and_then(|f| f.kind.choice_label(r.text("device_type")))
                .unwrap_or("Device");
            format!("{} unit: {}s", r.text("unit"), kind.to_lowercase())
        }
    }
}

/// "24 Nov 2026", as a rota is read.
fn day(r: &Record) -> String {
    day_of(r, "date")
}

fn day_of(r: &Record, field: &str) -> String {
    r.date(field)
        .map(|d| d.strftime("%-d %b %Y").to_string())
        .unwrap_or_default()
}

pub(super) fn search_text(r: &Record) -> String {
    let mut out = title(r);
    for (f, v) in r.values() {
        let piece = match (f.kind, v) {
            (
                FieldKind::Text { .. } | FieldKind::Email | FieldKind::Postcode | FieldKind::CqcLocation,
                Val::Text(s),
            ) => s.clone(),
            (FieldKind::Nhs, Val::Nhs(n)) => format!("{n} {}", n.digits()),
            (FieldKind::Phone, Val::Phone(p)) => format!("{p} {}", p.digits()),
            (FieldKind::Choice(_), Val::Text(s)) => f.kind.choice_label(s).unwrap_or("").to_string(),
            (FieldKind::TextList, Val::Texts(items)) => items.join(" "),
            _ => continue,
        };
        out.push(' ');
        out.push_str(&piece);
    }
    out.to_lowercase()
}

pub(super) fn warnings(r: &Record) -> Vec<String> {
    let mut w = Vec::new();
    match r.kind {
        EntityKind::System => {
            if let (Some(rto), Some(mtpd)) = (r.int("rto_hours"), r.int("mtpd_hours"))
                && rto > mtpd
            {
                w.push(format!(
                    "Gap: the recovery time objective ({rto} h) is longer than the maximum tolerable \
                     period of disruption ({mtpd} h). Care would be harmed before the system is back."
                ));
            }
            if r.text("paper_location").is_empty() {
                w.push("Nobody has written down where the paper alternative is kept.".into());
            }
        }
        EntityKind::Device if r.text("status") != "retired" => {
            if matches!(r.get("os_supported"), Val::Bool(false)) && !r.text("os").is_empty() {
                w.push(format!("{} no longer receives security updates.", r.text("os")));
            }
            if let Some(b) = r.int("battery_health")
                && b < 70
            {
                w.push(format!("Battery health is {b}%: plan a replacement."));
            }
            if r.text("last_test_result") == "fail" {
                w.push("The last test failed.".into());
            }
        }
        EntityKind::Person => {
            if r.date("date_of_birth").is_none() {
                w.push("Date of birth is not recorded.".into());
            }
            if r.get("allergies").is_empty() {
                w.push("Allergies are not recorded (write 'No known allergies' if none).".into());
            }
            if r.get("key_risks").is_empty() {
                w.push("No key risks are recorded.".into());
            }
        }
        _ => {}
    }
    w
}
