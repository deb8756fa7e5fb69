//! Each person's medicines: those of their conditions, topped up to a plausible number (two to
//! four for younger adults, three to seven for older people, never more than eight).

use super::conditions::{Condition, Dosing, Medicine, prn, regular};
use super::people::PeopleMaker;
use super::{Builder, Fields, LocalId};
use crate::entity::EntityKind;

const MOST_MEDICINES: usize = 8;

const PARACETAMOL_PRN: Medicine = regular("Paracetamol", "500 mg", "2 tablets (1 g)", &[])
    .dosing(prn("Pain or fever", 240, 4))
    .note("Check the MAR for any other paracetamol (including co-codamol) in the last 4 hours.");

/// Common medicines that top a person's list up.
#[rustfmt::skip]
const FILLERS: &[Medicine] = &[
    PARACETAMOL_PRN,
    regular("Colecalciferol", "800 units", "1 capsule", &["08:00"]),
    regular("Laxido", "13.8 g sachet", "1 sachet in 125 ml water", &["08:00"]),
    regular("Senna", "7.5 mg", "2 tablets", &["22:00"]),
];
/// More for older people, over several routes.
#[rustfmt::skip]
const OLDER_FILLERS: &[Medicine] = &[
    regular("Omeprazole", "20 mg", "1 capsule", &["08:00"]).note("Before breakfast."),
    regular("Ferrous fumarate", "210 mg", "1 tablet", &["12:00"]),
    regular("Latanoprost eye drops", "50 micrograms/ml", "1 drop in each eye", &["20:00"]).route("eye"),
    regular("Cetraben emollient cream", "", "Apply thinly to dry skin", &["08:00", "20:00"]).route("topical"),
    regular("Folic acid", "5 mg", "1 tablet", &["08:00"]),
];

/// Short courses that have finished: they must not appear in a downtime pack. The second is
/// for people allergic to penicillin.
const ENDED_COURSES: [Medicine; 2] = [
    regular("Amoxicillin", "500 mg", "1 capsule", &["08:00", "14:00", "22:00"])
        .note("Seven-day course for a chest infection."),
    regular("Clarithromycin", "500 mg", "1 tablet", &["08:00", "20:00"])
        .note("Seven-day course for a chest infection (allergic to penicillin)."),
];

impl PeopleMaker {
    /// Adds the person's medicines and returns the current ones (not the ended course).
    pub(super) fn medicines(
        &mut self,
        b: &mut Builder,
        person: LocalId,
        conditions: &[&Condition],
        older: bool,
        penicillin_allergy: bool,
    ) -> Vec<Medicine> {
        let mut current: Vec<Medicine> = Vec::new();
        for m in conditions.iter().flat_map(|c| c.medicines.iter()) {
            if !current.iter().any(|c| c.name == m.name) {
                current.push(*m);
            }
        }
        let (target, mut fillers) = if older {
            (self.rng.between(3, 7), [FILLERS, OLDER_FILLERS].concat())
        } else {
            (self.rng.between(2, 4), FILLERS.to_vec())
        };
        self.rng.shuffle(&mut fillers);
        for filler in fillers {
            let wanted =
                current.len() < target as usize || (filler.name == PARACETAMOL_PRN.name && self.rng.percent(40));
            if wanted && !current.iter().any(|c| c.name == filler.name) {
                current.push(filler);
            }
        }
        let mut ended = (self.made % 6 == 3).then_some(ENDED_COURSES[usize::from(penicillin_allergy)]);
        current.truncate(MOST_MEDICINES - usize::from(ended.is_some()));
        // Someone fed through a PEG tube has all their medicines through it.
        if current.iter().any(|m| m.route == "peg") {
            for m in current.iter_mut().chain(ended.as_mut()).filter(|m| m.route == "oral") {
                m.route = "peg";
            }
        }
        for m in &current {
            let started = b.day(-i64::from(self.rng.between(30, 1500)));
            b.add(
                EntityKind::Medicine,
                medicine_fields(person, m).set("start_date", started),
            );
        }
        if let Some(m) = ended {
            let fields = medicine_fields(person, &m)
                .set("start_date", b.day(-12))
                .set("end_date", b.day(-5));
            b.add(EntityKind::Medicine, fields);
        }
        current
    }
}

fn medicine_fields(person: LocalId, m: &Medicine) -> Fields {
    let fields = Fields::new()
        .set("person_id", person)
        .set("name", m.name)
        .maybe("strength", (!m.strength.is_empty()).then_some(m.strength))
        .set("dose", m.dose)
        .set("route", m.route)
        .flag("time_critical", m.time_critical)
        .flag("controlled_drug", m.controlled)
        .maybe("instructions", (!m.instructions.is_empty()).then_some(m.instructions));
    match m.dosing {
        Dosing::Times(times) => fields.list("times", times),
        Dosing::EveryHours(hours) => fields.set("interval_hours", hours),
        Dosing::Prn {
            indication,
            min_interval_minutes,
            max_doses_24h,
        } => fields
            .flag("prn", true)
            .set("prn_indication", indication)
            .set("prn_min_interval_minutes", min_interval_minutes)
            .set("prn_max_doses_24h", max_doses_24h),
    }
}
