//! When-required (PRN) medicines: the minimum interval and the rolling 24-hour maximum.

use super::model::{DoseOutcome, DoseRecord, MedicineSchedule};
use super::regular::{Unmatched, no_schedule};
use super::run::Ctx;
use super::text::{next, ordinal, span};
use super::{Finding, FindingKind, Severity};
use jiff::Timestamp;

const DAY_SECONDS: i64 = 24 * 60 * 60;

/// Checks each Given dose in the period against the one before it (minimum interval) and
/// against every dose in the 24 hours ending at it, `(at − 24 h, at]` (maximum). `recs` are in
/// time order and may start before the period. Each finding is about one dose, so overlapping
/// 24-hour windows never report the same dose twice.
pub(super) fn check(ctx: &Ctx, m: &MedicineSchedule, recs: &[&DoseRecord], out: &mut Vec<Finding>) {
    let Some(rule) = m.prn else { return };
    let mut given: Vec<(Timestamp, &DoseRecord)> = Vec::with_capacity(recs.len());
    for r in recs.iter().filter(|r| r.outcome == DoseOutcome::Given) {
        match r.at.or(r.due_at) {
            Some(t) => given.push((t, r)),
            None => out.push(no_schedule(ctx, r, Some(m), Unmatched::NoTime)),
        }
    }
    let period = ctx.input.period;
    let mut lo = 0;
    for i in 0..given.len() {
        let (t, r) = given[i];
        while given[lo].0.as_second() <= t.as_second() - DAY_SECONDS {
            lo += 1;
        }
        if !period.contains(t) {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| given.get(j));
        if let (Some(min), Some(&(p, _))) = (rule.min_interval_minutes, before)
            && t.as_second() - p.as_second() < min * 60
        {
            out.push(too_soon(ctx, m, r, t, p, min));
        }
        let count = i - lo + 1;
        if let Some(max) = rule.max_doses_24h.filter(|&max| count as i64 > max) {
            out.push(over_max(ctx, m, t, &given[lo..=i], max));
        }
    }
}

/// "Oramorph 10 mg/5 ml — 2.5 ml (PRN)".
fn name(m: &MedicineSchedule) -> String {
    format!("{} (PRN)", m.label)
}

fn too_soon(ctx: &Ctx, m: &MedicineSchedule, r: &DoseRecord, t: Timestamp, prev: Timestamp, min: i64) -> Finding {
    let clock = &ctx.clock;
    let text = format!(
        "{} given {}, {} after the dose at {}; minimum interval {}",
        name(m),
        clock.show(t),
        span((t.as_second() - prev.as_second()) / 60),
        clock.show(prev),
        span(min)
    );
    let key = format!("prn_too_soon:m{}:r{}", m.medicine_id, r.id);
    Finding::new(FindingKind::PrnTooSoon, Severity::Medium, m.person_id, key)
        .medicine(m.medicine_id)
        .at(Some(t))
        .records(vec![r.id])
        .says(text, next::PRN_TOO_SOON)
}

/// `window` holds the doses counted, oldest first, ending with the one that went over.
fn over_max(ctx: &Ctx, m: &MedicineSchedule, t: Timestamp, window: &[(Timestamp, &DoseRecord)], max: i64) -> Finding {
    let clock = &ctx.clock;
    let this = window.last().map_or(0, |(_, r)| r.id);
    let times: Vec<String> = window.iter().map(|&(at, _)| clock.show(at)).collect();
    let text = format!(
        "{} given {}: the {} dose in 24 hours (given at {}); maximum {max} in 24 hours",
        name(m),
        clock.show(t),
        ordinal(window.len()),
        times.join(", "),
    );
    let key = format!("prn_over_max:m{}:r{this}", m.medicine_id);
    let mut ids = vec![this];
    ids.extend(window.iter().rev().skip(1).map(|(_, r)| r.id));
    Finding::new(FindingKind::PrnOverMax, Severity::High, m.person_id, key)
        .medicine(m.medicine_id)
        .at(Some(t))
        .records(ids)
        .says(text, next::PRN_OVER_MAX)
}
