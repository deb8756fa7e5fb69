//! Today's medicine rounds for a residential or supported-living service during a disruption:
//! by unit, then by time, time-critical doses first in each round (PRODUCT.md, "Live board").

use crate::care::{Medicine, Person, PersonId, Schedule};
use crate::schedule::{clock_note, due_at};
use crate::values::DoseTime;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundDose {
    pub person_id: i64,
    pub person: String,
    pub medicine: String,
    pub time_critical: bool,
    pub controlled: bool,
    pub high_risk: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub unit: String,
    pub time: String,
    pub due: Timestamp,
    /// Time-critical doses first.
    pub doses: Vec<RoundDose>,
    /// A clock-change note for this time today, if any.
    pub clock_note: Option<String>,
}

impl Round {
    pub fn has_time_critical(&self) -> bool {
        self.doses.iter().any(|d| d.time_critical)
    }
}

/// The rounds due on `day`: every fixed dose time of each person's current regular medicines.
pub fn rounds_of(day: Date, people: &[(PersonId, &Person)], medicines: &[&Medicine]) -> Vec<Round> {
    let mut out: Vec<Round> = Vec::new();
    for m in medicines.iter().filter(|m| m.is_taken_between(day, day)) {
        // Interval and PRN medicines have no fixed times, so no place in a round.
        let Schedule::AtTimes(times) = &m.schedule else {
            continue;
        };
        let Some((person_id, person)) = people.iter().find(|(id, _)| *id == m.person_id) else {
            continue;
        };
        let unit = match person.unit.as_str() {
            "" => "Whole service".to_string(),
            u => u.to_string(),
        };
        let dose = RoundDose {
            person_id: person_id.get(),
            person: person.full_name.clone(),
            medicine: m.label(),
            time_critical: m.time_critical,
            controlled: m.controlled_drug,
            high_risk: person.is_high_risk(),
        };
        for t in times {
            round_for(&mut out, &unit, day, *t).doses.push(dose.clone());
        }
    }
    for r in &mut out {
        r.doses.sort_by(|a, b| {
            (!a.time_critical, &a.person, &a.medicine).cmp(&(!b.time_critical, &b.person, &b.medicine))
        });
    }
    out.sort_by(|a, b| (&a.unit, a.due).cmp(&(&b.unit, b.due)));
    out
}

fn round_for<'a>(rounds: &'a mut Vec<Round>, unit: &str, day: Date, time: DoseTime) -> &'a mut Round {
    let label = time.to_string();
    let at = rounds.iter().position(|r| r.unit == unit && r.time == label);
    let index = match at {
        Some(i) => i,
        None => {
            rounds.push(Round {
                unit: unit.to_string(),
                time: label,
                due: due_at(day, time).0,
                doses: Vec::new(),
                clock_note: clock_note(day, time),
            });
            rounds.len() - 1
        }
    };
    &mut rounds[index]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::{EntityKind, Record};
    use crate::field::{Input, InputVal};

    fn record(kind: EntityKind, fields: &[(&str, &str)]) -> Record {
        let mut input = Input::new();
        for (k, v) in fields {
            input.insert(k.to_string(), InputVal::One(v.to_string()));
        }
        Record::parse(kind, &input).unwrap()
    }

    #[test]
    fn rounds_by_unit_and_time_with_time_critical_first() {
        let ada = record(
            EntityKind::Person,
            &[
                ("service_id", "1"),
                ("full_name", "Ada"),
                ("risk_tier", "high"),
                ("unit", "Ash"),
            ],
        );
        let ben = record(
            EntityKind::Person,
            &[
                ("service_id", "1"),
                ("full_name", "Ben"),
                ("risk_tier", "low"),
                ("unit", "Ash"),
            ],
        );
        let med = |person: &str, name: &str, times: &str, tc: &str| {
            record(
                EntityKind::Medicine,
                &[
                    ("person_id", person),
                    ("name", name),
                    ("dose", "1 tablet"),
                    ("route", "oral"),
                    ("times", times),
                    ("time_critical", tc),
                ],
            )
        };
        let meds = [
            med("2", "Amlodipine", "08:00", "no"),
            med("1", "Levodopa", "08:00, 14:00", "yes"),
            med("2", "Paracetamol", "14:00", "no"),
        ];
        let meds: Vec<Medicine> = meds.iter().map(|m| Medicine::parse(m).unwrap()).collect();
        let refs: Vec<&Medicine> = meds.iter().collect();
        let (ada, ben) = (Person::parse(&ada).unwrap(), Person::parse(&ben).unwrap());
        let day = jiff::civil::date(2026, 11, 24);
        let r = rounds_of(day, &[(PersonId::new(1), &ada), (PersonId::new(2), &ben)], &refs);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].unit.as_str(), r[0].time.as_str()), ("Ash", "08:00"));
        assert_eq!(r[0].doses[0].medicine, "Levodopa — 1 tablet", "time-critical first");
        assert!(r[0].has_time_critical());
        assert_eq!(r[1].doses.len(), 2);
        assert_eq!(r[1].due.to_string(), "2026-11-24T14:00:00Z");
    }
}
