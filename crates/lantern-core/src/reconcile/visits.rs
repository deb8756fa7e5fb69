//! Planned visits against the manual call-monitoring sheet: missed, late and short visits.

use super::model::{PlannedVisit, VisitOutcome, VisitRecord};
use super::run::{CriticalWindow, Ctx};
use super::text::{minutes, next, span};
use super::{Finding, FindingKind, Severity, Sheet, text};
use std::collections::HashMap;

/// Judges every visit planned in the period against its record (see the module rules).
/// `critical` is sorted and holds the windows of time-critical doses around the period.
pub(super) fn check(ctx: &Ctx, critical: &[CriticalWindow], out: &mut Vec<Finding>) {
    let input = ctx.input;
    let mut chosen: HashMap<i64, &VisitRecord> = HashMap::with_capacity(input.visit_records.len());
    for r in input.visit_records {
        chosen
            .entry(r.visit_id)
            .and_modify(|kept| {
                if better(kept, r) {
                    *kept = r;
                }
            })
            .or_insert(r);
    }
    for v in input
        .visits
        .iter()
        .filter(|v| input.period.holds_visit(v.due, v.duration_minutes))
    {
        judge(ctx, v, chosen.get(&v.visit_id).copied(), critical, out);
    }
}

/// A completed record beats any other (the earliest arrival first); otherwise the latest entry.
fn better(kept: &VisitRecord, new: &VisitRecord) -> bool {
    let done = |r: &VisitRecord| r.outcome == VisitOutcome::Completed;
    match (done(kept), done(new)) {
        (true, false) => false,
        (false, true) => true,
        (true, true) => (new.arrived.is_none(), new.arrived, new.id) < (kept.arrived.is_none(), kept.arrived, kept.id),
        (false, false) => new.id > kept.id,
    }
}

/// Whether the window of a time-critical dose of the person overlaps the planned visit: the
/// visit was when that dose would have been given or prompted.
fn covers_critical(v: &PlannedVisit, critical: &[CriticalWindow]) -> bool {
    let start = v.due.as_second();
    let end = start + v.duration_minutes * 60;
    let lo = critical.partition_point(|c| c.person_id < v.person_id);
    critical[lo..]
        .iter()
        .take_while(|c| c.person_id == v.person_id)
        .any(|c| c.from <= end && c.to >= start)
}

fn judge(ctx: &Ctx, v: &PlannedVisit, r: Option<&VisitRecord>, critical: &[CriticalWindow], out: &mut Vec<Finding>) {
    let clock = &ctx.clock;
    let base = |kind: FindingKind, severity| {
        let key = format!("{}:v{}", kind.as_str(), v.visit_id);
        Finding::new(kind, severity, v.person_id, key)
            .visit(v.visit_id)
            .due(v.due)
    };
    // Formatted only for a finding: most visits have none.
    let label_of = || {
        if clock.needs_day(v.due) {
            format!("{} on {}", v.label, text::day(v.date))
        } else {
            v.label.clone()
        }
    };
    let important = || {
        if v.priority {
            Some("a priority visit")
        } else if covers_critical(v, critical) {
            Some("a time-critical dose was due during it")
        } else {
            None
        }
    };
    let missed = |what: String| {
        let why = important();
        let severity = if why.is_some() {
            Severity::High
        } else {
            Severity::Medium
        };
        let text = format!(
            "{}: {what}{}",
            label_of(),
            why.map(|w| format!("; {w}")).unwrap_or_default()
        );
        base(FindingKind::MissedVisit, severity).says(text, next::MISSED_VISIT)
    };
    let Some(r) = r else {
        let day = text::day(v.date);
        let sheet = Sheet::Visits {
            service_id: v.service_id,
            date: v.date,
        };
        out.push(if ctx.entered(sheet) {
            missed(format!("no entry on the visit sheet for {day}, which has been entered"))
        } else {
            let text = format!("{}: the visit sheet for {day} has not been entered yet", label_of());
            base(FindingKind::NotEntered, Severity::Medium).says(text, format!("Enter the visit sheet for {day}"))
        });
        return;
    };
    let f = match r.outcome {
        VisitOutcome::Cancelled => return,
        VisitOutcome::Missed => missed("recorded as missed".to_string()),
        VisitOutcome::Refused => {
            let text = format!("{}: the person declined the visit (recorded as refused)", label_of());
            base(FindingKind::MissedVisit, Severity::Medium).says(text, next::REFUSED_VISIT)
        }
        VisitOutcome::Completed => {
            let important = important().is_some();
            out.extend(completed(ctx, v, r, &label_of, important, base));
            return;
        }
    };
    out.push(f.records(vec![r.id]));
}

/// A completed visit can be late, short, or both; missing times skip the check they need.
fn completed(
    ctx: &Ctx,
    v: &PlannedVisit,
    r: &VisitRecord,
    label: &dyn Fn() -> String,
    important: bool,
    base: impl Fn(FindingKind, Severity) -> Finding,
) -> Vec<Finding> {
    let clock = &ctx.clock;
    let policy = ctx.input.policy;
    let mut found = Vec::new();
    let Some(arrived) = r.arrived else { return found };
    let late = minutes(v.due, arrived);
    if arrived.as_second() > v.due.as_second() + policy.visit_late_minutes * 60 {
        let text = format!(
            "{}: arrived {}, {} after the planned start; late means more than {} min",
            label(),
            clock.show(arrived),
            span(late),
            policy.visit_late_minutes
        );
        let severity = if important { Severity::Medium } else { Severity::Low };
        found.push(
            base(FindingKind::LateVisit, severity)
                .records(vec![r.id])
                .says(text, next::LATE_VISIT),
        );
    }
    let Some(departed) = r.departed else { return found };
    let stay = minutes(arrived, departed);
    let planned = v.duration_minutes.max(1);
    if stay * 100 >= planned * policy.short_visit_percent {
        return found;
    }
    let percent = (stay.max(0) * 100) / planned;
    let text = if stay < 0 {
        format!(
            "{}: left at {} before arriving at {}: check the times on the sheet",
            label(),
            clock.show(departed),
            clock.show(arrived)
        )
    } else {
        format!(
            "{}: {} on site (arrived {}, left {}), {percent}% of the planned {} min; short means under {}%",
            label(),
            span(stay),
            clock.show(arrived),
            clock.show(departed),
            v.duration_minutes,
            policy.short_visit_percent
        )
    };
    let severity = if percent < 50 || v.priority {
        Severity::Medium
    } else {
        Severity::Low
    };
    found.push(
        base(FindingKind::ShortVisit, severity)
            .records(vec![r.id])
            .says(text, next::SHORT_VISIT),
    );
    found
}
