//! The fixed-time doses due in a period: the rows back-entry shows and the slots records match.

use super::model::MedicineSchedule;
use super::text::plus;
use super::{Period, text};
use crate::schedule::{ClockChange, due_at, london};
use crate::values::DoseTime;
use jiff::Timestamp;
use jiff::civil::Date;

/// One dose due at a fixed time: a row of the paper MAR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDose {
    pub medicine_id: i64,
    pub person_id: i64,
    pub due_at: Timestamp,
    /// The London date and wall-clock time printed on the sheet.
    pub date: Date,
    pub time: DoseTime,
    /// Whether a clock change moved it (PRODUCT.md: must not create or lose a dose).
    pub change: ClockChange,
}

/// The fixed-time doses of regular medicines due in `[start, end)`, each London date's time
/// turned into an instant by [`due_at`], within each medicine's start and end dates (inclusive).
/// PRN and interval medicines have no fixed slots. Sorted by person, medicine, then due time.
pub fn due_doses(period: Period, medicines: &[MedicineSchedule]) -> Vec<DueDose> {
    let mut cal = Calendar::new(period, 0);
    let mut slots = Vec::new();
    let mut out = Vec::new();
    for m in medicines {
        slots.clear();
        cal.slots(period, m, 0, 0, &mut slots);
        out.extend(slots.iter().filter(|s| s.in_period).map(|s| DueDose {
            medicine_id: m.medicine_id,
            person_id: m.person_id,
            due_at: s.due,
            date: s.date,
            time: s.time,
            change: s.change,
        }));
    }
    out.sort_by_key(|d| (d.person_id, d.medicine_id, d.due_at, d.time));
    out
}

/// A due slot, possibly just outside the period (those match records but raise no finding).
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    pub due: Timestamp,
    pub date: Date,
    pub time: DoseTime,
    pub change: ClockChange,
    pub in_period: bool,
}

const DAY_MINUTES: usize = 24 * 60;

/// London dates around a period, with [`due_at`] memoised per (date, time): the tz database
/// lookup is the expensive part, and an organisation's doses share few distinct times.
pub(super) struct Calendar {
    days: Vec<Date>,
    cache: Vec<Vec<Option<(Timestamp, ClockChange)>>>,
}

impl Calendar {
    /// The London dates from `margin_minutes` before the period to `margin_minutes` after it.
    pub(super) fn new(period: Period, margin_minutes: i64) -> Self {
        let tz = london();
        let first = tz.to_datetime(plus(period.start, -margin_minutes)).date();
        let last = tz.to_datetime(plus(period.end, margin_minutes)).date();
        let days: Vec<Date> = std::iter::successors(Some(first), |d| d.tomorrow().ok())
            .take_while(|d| *d <= last)
            .collect();
        let cache = vec![Vec::new(); days.len()];
        Self { days, cache }
    }

    fn due(&mut self, day: usize, time: DoseTime) -> (Timestamp, ClockChange) {
        let date = self.days[day];
        let row = &mut self.cache[day];
        if row.is_empty() {
            row.resize(DAY_MINUTES, None);
        }
        let cell = &mut row[usize::from(time.minutes()) % DAY_MINUTES];
        *cell.get_or_insert_with(|| due_at(date, time))
    }

    /// Appends `m`'s slots that a record could belong to: due in the period, or outside it by
    /// no more than the `late` (before) or `early` (after) minutes given. Sorted by due time,
    /// then sheet time; a time listed twice is one slot.
    pub(super) fn slots(&mut self, period: Period, m: &MedicineSchedule, early: i64, late: i64, out: &mut Vec<Slot>) {
        if m.prn.is_some() || m.times.is_empty() {
            return;
        }
        let from = plus(period.start, -late.max(0));
        let to = plus(period.end, early.max(0));
        let mut times = m.times.clone();
        times.sort_unstable();
        times.dedup();
        let start = out.len();
        for day in 0..self.days.len() {
            let date = self.days[day];
            if !m.taken_on(date) {
                continue;
            }
            for &time in &times {
                let (due, change) = self.due(day, time);
                if from <= due && due < to {
                    let in_period = period.contains(due);
                    out.push(Slot {
                        due,
                        date,
                        time,
                        change,
                        in_period,
                    });
                }
            }
        }
        // Already in order except where a skipped spring time lands on a later time.
        out[start..].sort_by_key(|s| (s.due, s.date, s.time));
    }
}

/// "due 08:00", or "due 02:30 (01:30 on the sheet: the clocks went forward)".
pub(super) fn due_text(clock: &text::Clock, s: &Slot) -> String {
    match s.change {
        ClockChange::Skipped => format!(
            "due {} ({} on the sheet: the clocks went forward)",
            clock.show(s.due),
            s.time
        ),
        ClockChange::None | ClockChange::Repeated => format!("due {}", clock.show(s.due)),
    }
}

/// The slot's identity in keys: the instant, and `:skipped` for a spring time that moved (it may
/// share its instant with another time of the same medicine).
pub(super) fn slot_key(kind: super::FindingKind, medicine_id: i64, s: &Slot) -> String {
    let suffix = if s.change == ClockChange::Skipped {
        ":skipped"
    } else {
        ""
    };
    format!("{}:m{medicine_id}:{}{suffix}", kind.as_str(), s.due)
}
