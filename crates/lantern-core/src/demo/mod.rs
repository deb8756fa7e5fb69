//! Deterministic demo organisation: "Riverside Care Group", or a scaled one for load tests.
//!
//! Pure: no I/O, no clock (today comes in), no randomness beyond a seeded generator, so the
//! same parameters and the same day always give the same records. Every record is built
//! through [`Record::parse`], so it is valid by construction. References hold local ids: the
//! 1-based position of the target among the records of its kind (the seeder remaps them).

#[cfg(test)]
mod care_tests;
mod conditions;
mod contact_details;
mod contacts;
mod device_history;
mod devices;
mod drills;
mod governance;
mod medicines;
mod names;
mod org;
mod people;
mod profile;
mod register;
mod risks;
mod rng;
mod rota;
mod staff;
#[cfg(test)]
mod tests;
mod training;
mod visits;

use crate::entity::{EntityKind, Record};
use crate::field::{Input, InputVal};
use crate::values::DoseTime;
use jiff::ToSpan;
use jiff::civil::Date;
use std::fmt::Display;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoParams {
    /// `None` for the hand-shaped Riverside Care Group; `Some` for a larger, regular one.
    pub scale: Option<Scale>,
    pub seed: u64,
}

/// The size of a scaled organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub services: usize,
    pub people_per_service: usize,
}

impl Default for DemoParams {
    fn default() -> Self {
        Self {
            scale: None,
            seed: 2026,
        }
    }
}

/// A generated organisation: its name and every record, each after those it refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOrg {
    pub organisation: String,
    pub records: Vec<(EntityKind, Record)>,
    /// The device log's year of tests and battery checks, by local device id.
    pub device_checks: Vec<DemoCheck>,
    /// The device log's times out of use, by local device id.
    pub device_out: Vec<DemoOut>,
    /// The risks' past reviews, by local risk id.
    pub risk_reviews: Vec<DemoReview>,
    pub governance: Vec<DemoGovEntry>,
}

pub use device_history::{DemoCheck, DemoOut};
pub use governance::DemoGovEntry;
pub use risks::DemoReview;

/// Generates the demo organisation as it stands on `today`.
pub fn generate(params: &DemoParams, today: Date) -> DemoOrg {
    build(params, today).finish()
}

const ORGANISATION: &str = "Riverside Care Group";

fn build(params: &DemoParams, today: Date) -> Builder {
    let mut b = Builder::new(today);
    let mut org = org::build(&mut b, params);
    let people = people::build(&mut b, &mut org, params);
    rota::build(&mut b, &org, &people, params);
    register::build(&mut b, &org, params.seed);
    training::build(&mut b, &org, params.seed);
    governance::build(&mut b, &org);
    b
}

/// A local id: the 1-based position of a record among the records of its kind.
type LocalId = i64;

/// Collects parsed records and hands out their local ids. A record that does not parse is a
/// bug in the generator: it is counted in `failures` (the tests assert there are none) and
/// its dependants are skipped rather than pointing at the wrong record.
struct Builder {
    today: Date,
    records: Vec<(EntityKind, Record)>,
    counts: [LocalId; EntityKind::ALL.len()],
    attempted: usize,
    failures: Vec<String>,
    device_checks: Vec<DemoCheck>,
    device_out: Vec<DemoOut>,
    risk_reviews: Vec<DemoReview>,
    governance: Vec<DemoGovEntry>,
}

impl Builder {
    fn new(today: Date) -> Self {
        Self {
            today,
            records: Vec::new(),
            counts: [0; EntityKind::ALL.len()],
            attempted: 0,
            failures: Vec::new(),
            device_checks: Vec::new(),
            device_out: Vec::new(),
            risk_reviews: Vec::new(),
            governance: Vec::new(),
        }
    }

    /// Parses and keeps one record, returning its local id.
    fn add(&mut self, kind: EntityKind, fields: Fields) -> Option<LocalId> {
        self.attempted += 1;
        match Record::parse(kind, &fields.0) {
            Ok(record) => {
                let slot = &mut self.counts[kind_index(kind)];
                *slot += 1;
                self.records.push((kind, record));
                Some(*slot)
            }
            Err(errors) => {
                self.failures.push(format!("{kind:?}: {:?}", errors.0));
                None
            }
        }
    }

    /// `today` moved by a number of days (negative for the past).
    fn day(&self, offset: i64) -> Date {
        self.today.checked_add(offset.days()).unwrap_or(self.today)
    }

    /// `date` moved by a number of days.
    fn day_from(&self, date: Date, offset: i64) -> Date {
        date.checked_add(offset.days()).unwrap_or(date)
    }

    /// Puts the records in [`EntityKind::ALL`] order. The sort is stable, so each kind keeps
    /// the order its local ids were handed out in.
    fn finish(mut self) -> DemoOrg {
        debug_assert!(
            self.failures.is_empty(),
            "{} demo records do not parse, the first: {:?}",
            self.failures.len(),
            self.failures.first()
        );
        self.records.sort_by_key(|(kind, _)| kind_index(*kind));
        DemoOrg {
            organisation: ORGANISATION.to_string(),
            records: self.records,
            device_checks: self.device_checks,
            device_out: self.device_out,
            risk_reviews: self.risk_reviews,
            governance: self.governance,
        }
    }
}

fn kind_index(kind: EntityKind) -> usize {
    EntityKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// Raw input for one record, built field by field.
#[derive(Debug, Default)]
struct Fields(Input);

impl Fields {
    fn new() -> Self {
        Self::default()
    }

    /// Any single value: text, a number, a date, a local id.
    fn set(mut self, name: &str, value: impl Display) -> Self {
        self.0.insert(name.to_string(), InputVal::One(value.to_string()));
        self
    }

    fn maybe(self, name: &str, value: Option<impl Display>) -> Self {
        match value {
            Some(v) => self.set(name, v),
            None => self,
        }
    }

    fn flag(self, name: &str, on: bool) -> Self {
        self.set(name, on)
    }

    fn list<T: Display>(mut self, name: &str, items: impl IntoIterator<Item = T>) -> Self {
        let items = items.into_iter().map(|i| i.to_string()).collect();
        self.0.insert(name.to_string(), InputVal::Many(items));
        self
    }

    fn pairs(mut self, name: &str, pairs: &[(&str, &str)]) -> Self {
        let pairs = pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        self.0.insert(name.to_string(), InputVal::Pairs(pairs));
        self
    }
}

/// Minutes after midnight as "HH:MM".
fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// "HH:MM" as minutes after midnight (for the fixed tables here, which all parse).
fn minutes(clock: &str) -> u32 {
    DoseTime::parse(clock).map_or(0, |t| u32::from(t.minutes()))
}
