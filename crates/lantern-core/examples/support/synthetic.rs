//! A synthetic organisation for the benchmarks, seeded so every run is the same: 4–7 medicines
//! per person (85% at fixed times, mostly the usual round times; 10% PRN; 5% every 4/6/8 hours;
//! 15% time-critical) and 4–6 home-care visits per person over 50 branches.

#![allow(dead_code)]

use jiff::{SignedDuration, Timestamp};
use lantern_core::reconcile::{MedicineSchedule, Period, PlannedVisit, PrnRule, VisitOutcome, VisitRecord};
use lantern_core::schedule::london;
use lantern_core::values::DoseTime;
use std::time::Duration;

/// xorshift64*: reproducible without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const COMMON_TIMES: [u16; 13] = [360, 420, 480, 540, 600, 720, 780, 840, 960, 1020, 1080, 1200, 1320];
pub const SERVICES: i64 = 50;

pub fn add(t: Timestamp, minutes: i64) -> Timestamp {
    t.checked_add(SignedDuration::from_mins(minutes)).unwrap_or(t)
}

pub fn medicines(rng: &mut Rng, people: i64) -> Vec<MedicineSchedule> {
    let mut out = Vec::new();
    for person_id in 1..=people {
        for _ in 0..rng.range(4, 8) {
            let medicine_id = out.len() as i64 + 1;
            let critical = rng.chance(15);
            let mut times: Vec<DoseTime> = (0..rng.range(4, 7))
                .filter_map(|_| {
                    let m = if rng.chance(90) {
                        COMMON_TIMES[rng.below(COMMON_TIMES.len() as u64) as usize]
                    } else {
                        rng.below(1440) as u16
                    };
                    DoseTime::from_minutes(m)
                })
                .collect();
            times.sort_unstable();
            times.dedup();
            let kind = rng.below(100);
            let (prn, interval_hours) = match kind {
                0..=9 => (
                    Some(PrnRule {
                        min_interval_minutes: Some(240),
                        max_doses_24h: Some(4),
                    }),
                    None,
                ),
                10..=14 => (None, Some([4, 6, 8][rng.below(3) as usize])),
                _ => (None, None),
            };
            if prn.is_some() || interval_hours.is_some() {
                times.clear();
            }
            out.push(MedicineSchedule {
                medicine_id,
                person_id,
                label: format!("Medicine {medicine_id} 10 mg — 1 tablet"),
                times,
                interval_hours,
                time_critical: critical && prn.is_none(),
                early_minutes: 30,
                late_minutes: if critical { 30 } else { 120 },
                prn,
                start_date: None,
                end_date: None,
            });
        }
    }
    out
}

pub fn visits(rng: &mut Rng, people: i64, period: Period) -> (Vec<PlannedVisit>, Vec<VisitRecord>) {
    let tz = london();
    let mut visits = Vec::new();
    let mut records = Vec::new();
    for person_id in 1..=people {
        for _ in 0..rng.range(4, 6) {
            let visit_id = visits.len() as i64 + 1;
            let due = add(period.start, rng.range(0, 24 * 60 - 1));
            let duration_minutes = [15, 30, 45, 60][rng.below(4) as usize];
            let date = tz.to_datetime(due).date();
            visits.push(PlannedVisit {
                visit_id,
                person_id,
                service_id: 1 + person_id % SERVICES,
                due,
                date,
                duration_minutes,
                priority: rng.chance(10),
                label: format!("Visit ({duration_minutes} min)"),
            });
            let (outcome, late, stay) = match rng.below(100) {
                0..=2 => (VisitOutcome::Missed, 0, 0),
                3 => (VisitOutcome::Cancelled, 0, 0),
                4 => (VisitOutcome::Refused, 0, 0),
                5..=6 => continue,
                7..=9 => (VisitOutcome::Completed, 45, duration_minutes),
                10..=12 => (VisitOutcome::Completed, 0, duration_minutes / 2),
                _ => (VisitOutcome::Completed, rng.range(-10, 20), duration_minutes),
            };
            let arrived = add(due, late);
            records.push(VisitRecord {
                id: records.len() as i64 + 1,
                visit_id,
                outcome,
                arrived: Some(arrived),
                departed: Some(add(arrived, stay)),
            });
        }
    }
    (visits, records)
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}
