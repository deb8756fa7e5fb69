//! One reconciliation: records grouped by medicine, each medicine checked by its kind of
//! schedule, then the visits.

use super::due::{Calendar, Slot};
use super::model::DoseRecord;
use super::regular::{Scratch, Unmatched, no_schedule};
use super::text::{Clock, plus};
use super::{Finding, Input, Sheet, interval, prn, regular, visits};
use std::collections::HashMap;

/// What every check needs: the input and how to show times.
pub(super) struct Ctx<'a> {
    pub input: &'a Input<'a>,
    pub clock: Clock,
}

impl Ctx<'_> {
    /// Whether a paper sheet has been entered.
    pub(super) fn entered(&self, sheet: Sheet) -> bool {
        self.input.entered.contains(&sheet)
    }

    /// A record belongs to the period by its row's time, else its own time; a record with
    /// neither was entered for this reconciliation and counts.
    pub(super) fn in_period(&self, r: &DoseRecord) -> bool {
        r.due_at.or(r.at).is_none_or(|t| self.input.period.contains(t))
    }
}

/// The window around a time-critical dose: a visit overlapping it was where it would be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct CriticalWindow {
    pub person_id: i64,
    pub from: i64,
    pub to: i64,
}

/// The largest window margin honoured around the period (the register allows up to 720 min).
const MAX_MARGIN_MINUTES: i64 = 2 * 24 * 60;

pub(super) fn reconcile(input: &Input) -> Vec<Finding> {
    let ctx = Ctx {
        input,
        clock: Clock::new(input.period),
    };
    let meds = input.medicines;
    let mut out = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(meds.len());
    for (i, m) in meds.iter().enumerate() {
        index.entry(m.medicine_id).or_insert(i);
    }
    // (medicine index, time, record id, record index): each medicine's records in time order.
    let mut grouped: Vec<(usize, i64, i64, usize)> = Vec::with_capacity(input.doses.len());
    for (i, r) in input.doses.iter().enumerate() {
        let found = r.medicine_id.map(|id| index.get(&id).copied());
        match found {
            Some(Some(mi)) if meds[mi].person_id == r.person_id => {
                let t = r.at.or(r.due_at).map_or(i64::MIN, |t| t.as_second());
                grouped.push((mi, t, r.id, i));
            }
            _ if !ctx.in_period(r) => {}
            None => out.push(no_schedule(&ctx, r, None, Unmatched::NoMedicine)),
            Some(None) => out.push(no_schedule(&ctx, r, None, Unmatched::UnknownMedicine)),
            Some(Some(mi)) => out.push(no_schedule(&ctx, r, Some(&meds[mi]), Unmatched::OtherPerson)),
        }
    }
    grouped.sort_unstable();

    let margin = meds
        .iter()
        .map(|m| m.early_minutes.max(m.late_minutes))
        .max()
        .unwrap_or(0)
        .clamp(0, MAX_MARGIN_MINUTES);
    let mut cal = Calendar::new(input.period, margin);
    let mut scratch = Scratch::default();
    let mut slots: Vec<Slot> = Vec::new();
    let mut recs: Vec<&DoseRecord> = Vec::new();
    let mut critical = Vec::new();
    let mut g = 0;
    for (mi, m) in meds.iter().enumerate() {
        recs.clear();
        while g < grouped.len() && grouped[g].0 == mi {
            recs.push(&input.doses[grouped[g].3]);
            g += 1;
        }
        if m.prn.is_some() {
            prn::check(&ctx, m, &recs, &mut out);
        } else if !m.times.is_empty() {
            let early = m.early_minutes.clamp(0, MAX_MARGIN_MINUTES);
            let late = m.late_minutes.clamp(0, MAX_MARGIN_MINUTES);
            slots.clear();
            cal.slots(input.period, m, early, late, &mut slots);
            if m.time_critical {
                critical.extend(slots.iter().map(|s| CriticalWindow {
                    person_id: m.person_id,
                    from: plus(s.due, -m.early_minutes).as_second(),
                    to: plus(s.due, m.late_minutes).as_second(),
                }));
            }
            regular::check(&ctx, m, &recs, &slots, &mut scratch, &mut out);
        } else if m.interval_hours.is_some() {
            interval::check(&ctx, m, &recs, &mut out);
        } else {
            let stray = recs.iter().filter(|r| ctx.in_period(r));
            out.extend(stray.map(|r| no_schedule(&ctx, r, Some(m), Unmatched::NoRule)));
        }
    }
    critical.sort_unstable();
    visits::check(&ctx, &critical, &mut out);
    out.sort_by(|a, b| {
        (a.person_id, a.severity, a.when, a.kind, &a.key).cmp(&(b.person_id, b.severity, b.when, b.kind, &b.key))
    });
    out
}
