//! Fixed-time medicines: records matched to due slots, then each slot in the period judged.

use super::due::{Slot, due_text, slot_key};
use super::model::{DoseOutcome, DoseRecord, MedicineSchedule};
use super::run::Ctx;
use super::text::{minutes, next, plus, span, window};
use super::{Finding, FindingKind, Severity, Sheet};

/// Buffers reused from one medicine to the next (the benchmark has 20,000 medicines).
#[derive(Default)]
pub(super) struct Scratch {
    owner: Vec<Option<usize>>,
    count: Vec<u32>,
    by_slot: Vec<(usize, usize)>,
}

/// Matches `recs` (this medicine's records, in time order) to `slots` and judges every slot in
/// the period; records matching no slot become NoSchedule findings when in the period.
pub(super) fn check(
    ctx: &Ctx,
    m: &MedicineSchedule,
    recs: &[&DoseRecord],
    slots: &[Slot],
    s: &mut Scratch,
    out: &mut Vec<Finding>,
) {
    s.owner.clear();
    s.owner.resize(recs.len(), None);
    s.count.clear();
    s.count.resize(slots.len(), 0);
    // Records written in a sheet row go to that row's slot.
    for (i, r) in recs.iter().enumerate() {
        let Some(t) = r.due_at else { continue };
        let lo = slots.partition_point(|x| x.due < t);
        let hi = lo + slots[lo..].iter().take_while(|x| x.due == t).count();
        if lo < hi {
            let pick = (lo..hi).find(|&k| s.count[k] == 0).unwrap_or(lo);
            s.owner[i] = Some(pick);
            s.count[pick] += 1;
        }
    }
    // Loose records, in time order, go to the nearest slot whose window holds them.
    for (i, r) in recs.iter().enumerate() {
        let (None, Some(at)) = (r.due_at, r.at) else { continue };
        let earliest = plus(at, -m.late_minutes);
        let latest = plus(at, m.early_minutes);
        let lo = slots.partition_point(|x| x.due < earliest);
        let best = slots[lo..]
            .iter()
            .take_while(|x| x.due <= latest)
            .enumerate()
            .map(|(k, x)| (lo + k, x))
            .min_by_key(|(k, x)| (s.count[*k] > 0, (x.due.as_second() - at.as_second()).abs(), *k));
        if let Some((k, _)) = best {
            s.owner[i] = Some(k);
            s.count[k] += 1;
        }
    }
    s.by_slot.clear();
    for (i, r) in recs.iter().enumerate() {
        match s.owner[i] {
            Some(k) => s.by_slot.push((k, i)),
            None if ctx.in_period(r) => {
                let why = if r.due_at.is_none() && r.at.is_none() {
                    Unmatched::NoTime
                } else {
                    Unmatched::NoSlot
                };
                out.push(no_schedule(ctx, r, Some(m), why));
            }
            None => {}
        }
    }
    s.by_slot.sort_unstable();
    let mut j = 0;
    for (k, slot) in slots.iter().enumerate() {
        let begin = j;
        while j < s.by_slot.len() && s.by_slot[j].0 == k {
            j += 1;
        }
        if slot.in_period {
            let mine = s.by_slot[begin..j].iter().map(|&(_, i)| recs[i]);
            judge(ctx, m, slot, mine, out);
        }
    }
}

/// One slot and the records matched to it.
fn judge<'r>(
    ctx: &Ctx,
    m: &MedicineSchedule,
    slot: &Slot,
    recs: impl Iterator<Item = &'r DoseRecord> + Clone,
    out: &mut Vec<Finding>,
) {
    let clock = &ctx.clock;
    let due_of = || due_text(clock, slot);
    let base = |kind, severity| {
        Finding::new(kind, severity, m.person_id, slot_key(kind, m.medicine_id, slot))
            .medicine(m.medicine_id)
            .due(slot.due)
    };
    let given_at = |r: &DoseRecord| r.at.unwrap_or(slot.due);
    let mut givens = recs.clone().filter(|r| r.outcome == DoseOutcome::Given);
    if let Some(first) = givens.next() {
        if givens.next().is_some() {
            let mut all: Vec<&DoseRecord> = recs.filter(|r| r.outcome == DoseOutcome::Given).collect();
            all.sort_by_key(|r| (given_at(r), r.id));
            let times: Vec<String> = all.iter().map(|r| clock.show(given_at(r))).collect();
            let due = due_of();
            let text = format!(
                "{} {due} recorded as given {} times: {}",
                m.label,
                all.len(),
                times.join(", ")
            );
            let f = base(FindingKind::DuplicateDose, Severity::High);
            out.push(
                f.records(all.iter().map(|r| r.id).collect())
                    .says(text, next::DUPLICATE),
            );
            return;
        }
        let at = given_at(first);
        let secs = at.as_second() - slot.due.as_second();
        let late = secs > m.late_minutes * 60;
        if !late && secs >= -m.early_minutes * 60 {
            return;
        }
        let off = span(minutes(slot.due, at));
        let due = due_of();
        let text = format!(
            "{} {due} given {}: {off} {}; {}",
            m.label,
            clock.show(at),
            if late { "late" } else { "early" },
            window(m.early_minutes, m.late_minutes, m.time_critical)
        );
        let ids = recs.map(|r| r.id).collect();
        let f = match (m.time_critical, late) {
            (true, true) => base(FindingKind::TimeCriticalLate, Severity::High).says(text, next::CLINICAL_NOW),
            (true, false) => base(FindingKind::OutsideWindow, Severity::High).says(text, next::CRITICAL_EARLY),
            (false, _) => base(FindingKind::OutsideWindow, Severity::Medium).says(text, next::OUTSIDE),
        };
        out.push(f.records(ids));
        return;
    }
    // Nothing given: the latest recorded reason, if any, is the outcome (not a miss).
    if let Some(last) = recs.clone().max_by_key(|r| (r.at, r.id)) {
        let (kind, severity, step) = not_given(m, Some(last.outcome));
        let due = due_of();
        let when = last.at.map(|t| format!(" at {}", clock.show(t))).unwrap_or_default();
        let text = format!(
            "{} {due}: recorded as {}{when}{}",
            m.label,
            reason(last.outcome),
            note(&last.note)
        );
        let f = base(kind, severity).says(text, step);
        out.push(f.records(recs.map(|r| r.id).collect()));
        return;
    }
    let day = super::text::day(slot.date);
    let due = due_of();
    if ctx.entered(Sheet::Mar {
        person_id: m.person_id,
        date: slot.date,
    }) {
        let (kind, severity, step) = not_given(m, None);
        let text = format!(
            "{} {due}: nothing recorded on the paper MAR for {day}, which has been entered",
            m.label
        );
        out.push(base(kind, severity).says(text, step));
    } else {
        let text = format!("{} {due}: the paper MAR for {day} has not been entered yet", m.label);
        let f = base(FindingKind::NotEntered, Severity::Medium);
        out.push(f.says(text, format!("Enter the paper MAR for {day}")));
    }
}

/// A due dose with nothing given: its kind, severity and next step from the latest recorded
/// reason (`None`: nothing recorded on an entered MAR, the only true miss). A time-critical
/// medicine not taken is High whatever the reason, since the harm is clinical and can be quick
/// (Parkinson's UK, "Get It On Time"); away or in hospital is Low, since someone else may have
/// given it; an ordinary refusal is the person's choice on record, Low, for review; an ordinary
/// dose withheld or out of stock, or nothing recorded at all, is Medium.
pub(super) fn not_given(m: &MedicineSchedule, outcome: Option<DoseOutcome>) -> (FindingKind, Severity, &'static str) {
    let kind = FindingKind::of_not_given(outcome);
    let (severity, step) = match (kind, m.time_critical) {
        (FindingKind::DoseAway, _) => (Severity::Low, next::AWAY),
        (FindingKind::DoseRefused, true) => (Severity::High, next::REFUSED_CRITICAL),
        (FindingKind::DoseRefused, false) => (Severity::Low, next::REFUSED),
        (FindingKind::DoseNotAvailable, true) => (Severity::High, next::NOT_AVAILABLE_CRITICAL),
        (FindingKind::DoseNotAvailable, false) => (Severity::Medium, next::NOT_AVAILABLE),
        (_, true) => (Severity::High, next::CLINICAL_NOW),
        (FindingKind::DoseNotGiven, false) => (Severity::Medium, next::NOT_GIVEN),
        (_, false) => (Severity::Medium, next::MISSED),
    };
    (kind, severity, step)
}

/// "refused", "not available", "away or in hospital".
pub(super) fn reason(o: DoseOutcome) -> String {
    o.label().to_lowercase()
}

/// ` ("spat it out")`, or nothing.
pub(super) fn note(n: &str) -> String {
    let n = n.trim();
    if n.is_empty() {
        String::new()
    } else {
        format!(" (“{n}”)")
    }
}

/// Why a record matches no schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unmatched {
    NoMedicine,
    UnknownMedicine,
    OtherPerson,
    NoSlot,
    NoTime,
    NoRule,
}

/// A record that cannot be placed against any due dose (PRODUCT.md: dose recorded with no
/// schedule). Medium when something was given, since an unscheduled dose may be an extra one.
pub(super) fn no_schedule(ctx: &Ctx, r: &DoseRecord, m: Option<&MedicineSchedule>, why: Unmatched) -> Finding {
    let time = r.at.or(r.due_at);
    let what = format!(
        "{}{}",
        r.outcome.label(),
        time.map(|t| format!(" at {}", ctx.clock.show(t))).unwrap_or_default()
    );
    let label = m.map(|m| m.label.as_str()).unwrap_or("");
    let text = match why {
        Unmatched::NoMedicine => format!("{what} recorded with no medicine: it cannot be checked against a schedule"),
        Unmatched::UnknownMedicine => format!("{what} recorded for a medicine that is not in the register"),
        Unmatched::OtherPerson => format!("{label}: {what} recorded for someone the medicine does not belong to"),
        Unmatched::NoSlot => match (r.due_at, m) {
            (Some(row), Some(m)) if r.at.is_none_or(|a| a == row) => {
                format!("{label}: {what} is written in a row when no dose is due ({})", times(m))
            }
            (_, Some(m)) => format!(
                "{label}: {what} matches no dose due ({}; {})",
                times(m),
                window(m.early_minutes, m.late_minutes, m.time_critical)
            ),
            (_, None) => format!("{what} matches no dose due"),
        },
        Unmatched::NoTime => format!("{label}: {what} recorded with no time, so it cannot be checked"),
        Unmatched::NoRule => format!("{label} has no dose times, interval or PRN rule: {what} cannot be checked"),
    };
    let severity = if r.outcome == DoseOutcome::Given {
        Severity::Medium
    } else {
        Severity::Low
    };
    let key = match r.medicine_id {
        Some(mid) => format!("no_schedule:m{mid}:r{}", r.id),
        None => format!("no_schedule:r{}", r.id),
    };
    let step = if why == Unmatched::NoTime {
        next::NO_TIME
    } else {
        next::NO_SCHEDULE
    };
    let mut f = Finding::new(FindingKind::NoSchedule, severity, r.person_id, key).at(time);
    f.medicine_id = r.medicine_id;
    f.records(vec![r.id])
        .says(text.trim_start_matches(": ").to_string(), step)
}

/// "due at 08:00, 20:00", or the dates it is taken between when that is why.
fn times(m: &MedicineSchedule) -> String {
    let list: Vec<String> = m.times.iter().map(|t| t.to_string()).collect();
    let mut s = format!("due at {}", list.join(", "));
    if let Some(start) = m.start_date {
        s.push_str(&format!(" from {}", super::text::day(start)));
    }
    if let Some(end) = m.end_date {
        s.push_str(&format!(" until {}", super::text::day(end)));
    }
    s
}
