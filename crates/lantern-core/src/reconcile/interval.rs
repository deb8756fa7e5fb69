//! "Every N hours" medicines: no fixed slots, so the spacing of the doses given is checked.

use super::model::{DoseOutcome, DoseRecord, MedicineSchedule};
use super::regular::{Unmatched, no_schedule, not_given, note, reason};
use super::run::Ctx;
use super::text::{next, plus, span, window};
use super::{Finding, FindingKind, Severity, Sheet, text};
use jiff::Timestamp;

/// Checks the gaps between Given records (`recs` in time order, look-back included): a gap
/// longer than N h plus the late window is a missed dose; a dose sooner than N h minus the early
/// window after the last is early, and one within the early window of it a duplicate.
pub(super) fn check(ctx: &Ctx, m: &MedicineSchedule, recs: &[&DoseRecord], out: &mut Vec<Finding>) {
    let period = ctx.input.period;
    let every = m.interval_hours.unwrap_or(24).max(1) * 60;
    let mut prev: Option<Timestamp> = None;
    let mut reasons: Vec<&DoseRecord> = Vec::new();
    for r in recs {
        let time = r.at.or(r.due_at);
        if r.outcome != DoseOutcome::Given {
            if time.is_some() {
                reasons.push(r);
            }
            continue;
        }
        let Some(t) = time else {
            if ctx.in_period(r) {
                out.push(no_schedule(ctx, r, Some(m), Unmatched::NoTime));
            }
            continue;
        };
        if t >= period.end {
            break;
        }
        if t >= period.start {
            let from = prev.unwrap_or(period.start);
            let gap = (t.as_second() - from.as_second()) / 60;
            if gap > every + m.late_minutes {
                out.push(missed(ctx, m, prev, Some(t), &reasons));
            } else if let Some(p) = prev.filter(|_| gap < every - m.early_minutes) {
                out.push(early(ctx, m, r, p, gap));
            }
        }
        prev = Some(t);
        reasons.clear();
    }
    let from = prev.unwrap_or(period.start);
    if (period.end.as_second() - from.as_second()) / 60 > every + m.late_minutes {
        reasons.retain(|r| r.at.or(r.due_at).is_some_and(|t| t < period.end));
        out.push(missed(ctx, m, prev, None, &reasons));
    }
}

/// "(every 6 hours)".
fn every(m: &MedicineSchedule) -> String {
    format!("(every {} hours)", m.interval_hours.unwrap_or(24))
}

/// No dose from `prev` (or the start of the period) until `until` (or the end of the period).
fn missed(
    ctx: &Ctx,
    m: &MedicineSchedule,
    prev: Option<Timestamp>,
    until: Option<Timestamp>,
    reasons: &[&DoseRecord],
) -> Finding {
    let period = ctx.input.period;
    let clock = &ctx.clock;
    let from = prev.unwrap_or(period.start);
    let to = until.unwrap_or(period.end);
    let gap = span((to.as_second() - from.as_second()) / 60);
    let every_min = m.interval_hours.unwrap_or(24).max(1) * 60;
    let since = match prev {
        Some(p) => format!("after the dose at {}", clock.show(p)),
        None => format!("from the start of the period at {}", clock.show(period.start)),
    };
    let till = match until {
        Some(t) => format!("until {}", clock.show(t)),
        None => format!("up to the end of the period at {}", clock.show(period.end)),
    };
    let (kind_due, key_part) = match prev {
        Some(p) => (Some(plus(p, every_min)), plus(p, every_min).to_string()),
        None => (None, format!("since:{}", period.start)),
    };
    let sheet_day = clock.date_of(kind_due.unwrap_or(period.start).max(period.start));
    let sheet = Sheet::Mar {
        person_id: m.person_id,
        date: sheet_day,
    };
    let mut text = format!(
        "{} {}: no dose given {since} {till} ({gap}; {})",
        m.label,
        every(m),
        window(m.early_minutes, m.late_minutes, m.time_critical)
    );
    let (kind, severity, step) = if reasons.is_empty() && !ctx.entered(sheet) {
        let day = text::day(sheet_day);
        text.push_str(&format!("; the paper MAR for {day} has not been entered yet"));
        (
            FindingKind::NotEntered,
            Severity::Medium,
            format!("Enter the paper MAR for {day}"),
        )
    } else {
        // The latest reason recorded in the gap is its outcome; none is a missed dose.
        let (kind, severity, step) = not_given(m, reasons.last().map(|r| r.outcome));
        for r in reasons {
            let at = r.at.or(r.due_at).map(|t| clock.show(t)).unwrap_or_default();
            text.push_str(&format!("; {} at {at}{}", reason(r.outcome), note(&r.note)));
        }
        (kind, severity, step.to_string())
    };
    let key = format!("{}:m{}:{key_part}", kind.as_str(), m.medicine_id);
    let mut f = Finding::new(kind, severity, m.person_id, key).medicine(m.medicine_id);
    f = match kind_due {
        Some(due) => f.due(due),
        None => f.at(Some(period.start)),
    };
    f.records(reasons.iter().map(|r| r.id).collect()).says(text, step)
}

/// A dose given sooner after the previous one than the interval allows.
fn early(ctx: &Ctx, m: &MedicineSchedule, r: &DoseRecord, prev: Timestamp, gap: i64) -> Finding {
    let clock = &ctx.clock;
    let at = r.at.or(r.due_at).unwrap_or(prev);
    let duplicate = gap <= m.early_minutes;
    let kind = if duplicate {
        FindingKind::DuplicateDose
    } else {
        FindingKind::OutsideWindow
    };
    let text = format!(
        "{} {} given {}, {} after the dose at {}; {}",
        m.label,
        every(m),
        clock.show(at),
        span(gap),
        clock.show(prev),
        window(m.early_minutes, m.late_minutes, m.time_critical)
    );
    let (severity, step) = match (duplicate, m.time_critical) {
        (true, _) => (Severity::High, next::DUPLICATE),
        (false, true) => (Severity::High, next::CRITICAL_EARLY),
        (false, false) => (Severity::Medium, next::OUTSIDE),
    };
    let key = format!("{}:m{}:r{}", kind.as_str(), m.medicine_id, r.id);
    Finding::new(kind, severity, m.person_id, key)
        .medicine(m.medicine_id)
        .at(Some(at))
        .records(vec![r.id])
        .says(text, step)
}
