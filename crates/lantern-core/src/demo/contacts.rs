//! Emergency contacts: one to three per person, ranked in the order to ring them.

use super::contact_details::{Pool, email};
use super::names::{Name, relative};
use super::org::Org;
use super::people::{PeopleMaker, Tier};
use super::{Builder, Fields, LocalId};
use crate::entity::EntityKind;

/// (relationship, female, shares the family surname: percent)
type Relationship = (&'static str, Option<bool>, u32);

const YOUNGER_RELATIONSHIPS: &[Relationship] = &[
    ("Mother", Some(true), 80),
    ("Father", Some(false), 90),
    ("Sister", Some(true), 70),
    ("Brother", Some(false), 90),
    ("Aunt", Some(true), 40),
    ("Advocate", None, 0),
];
const OLDER_RELATIONSHIPS: &[Relationship] = &[
    ("Daughter", Some(true), 40),
    ("Son", Some(false), 90),
    ("Spouse", None, 100),
    ("Niece", Some(true), 30),
    ("Nephew", Some(false), 60),
    ("Granddaughter", Some(true), 50),
    ("Friend and neighbour", None, 0),
];
const LPA_NOTE: &str = "Holds lasting power of attorney for health and welfare.";
const OTHER_NOTES: &[&str] = &[
    "Works nights: text before ringing during the day.",
    "Lives abroad: ring for updates only; cannot attend.",
    "Has a spare key.",
    "Prefers e-mail for routine news; ring for anything urgent.",
];

impl PeopleMaker {
    pub(super) fn contacts(
        &mut self,
        b: &mut Builder,
        org: &mut Org,
        person: LocalId,
        name: &Name,
        older: bool,
        tier: Tier,
    ) {
        let mut relationships = if older {
            OLDER_RELATIONSHIPS
        } else {
            YOUNGER_RELATIONSHIPS
        }
        .to_vec();
        self.rng.shuffle(&mut relationships);
        let count = match self.rng.below(4) {
            0 => 1,
            3 => 3,
            _ => 2,
        };
        for (rank, (relationship, female, family_percent)) in relationships.into_iter().take(count).enumerate() {
            let first = rank == 0;
            let rng = &mut self.rng;
            let female = female.unwrap_or_else(|| {
                if relationship == "Spouse" {
                    !name.female
                } else {
                    rng.percent(50)
                }
            });
            let family_surname = rng.percent(family_percent);
            let contact = relative(rng, name, female, family_surname);
            let relationship = match relationship {
                "Spouse" if female => "Wife",
                "Spouse" => "Husband",
                other => other,
            };
            let proactive = if first && tier == Tier::High {
                rng.percent(90)
            } else {
                rng.percent(15)
            };
            let note = if first && rng.percent(30) {
                Some(LPA_NOTE)
            } else if relationship == "Advocate" {
                Some("From Ashbridge Advocacy: not family, but knows them well.")
            } else {
                rng.percent(20).then(|| rng.pick(OTHER_NOTES))
            };
            let alt_phone = rng.percent(30).then(|| org.phones.landline(rng));
            let mail = rng
                .percent(40)
                .then(|| email(contact.first, contact.last, "example.com"));
            let fields = Fields::new()
                .set("person_id", person)
                .set("rank", rank + 1)
                .set("name", contact.full())
                .set("relationship", relationship)
                .set("phone", org.phones.take(Pool::Mobile))
                .maybe("alt_phone", alt_phone)
                .maybe("email", mail)
                .flag("proactive", proactive)
                .maybe("notes", note);
            b.add(EntityKind::Contact, fields);
        }
    }
}
