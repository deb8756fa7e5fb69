//! Which families to ring during a disruption, and whether each has been reached
//! (PRODUCT.md, "Families to contact"). The list follows the register: every contact flagged
//! "contact proactively", and the first contact of every high-risk person even if unflagged.

use super::CallOutcome;
use crate::care::{Choice, Contact, ContactId, Person, PersonId, RiskTier};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyPerson {
    pub person_id: i64,
    pub name: String,
    /// "high", "medium" or "low".
    pub risk_tier: String,
    pub service: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyContact {
    pub contact_id: i64,
    pub person_id: i64,
    pub name: String,
    pub relationship: String,
    pub phone: String,
    pub rank: i64,
    pub proactive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    pub contact_id: i64,
    pub outcome: CallOutcome,
    pub at: Timestamp,
    pub by: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyLine {
    pub contact: FamilyContact,
    pub person: FamilyPerson,
    /// Why they are on the list.
    pub reason: String,
    /// Oldest first.
    pub calls: Vec<Call>,
    /// Reached, or a manager decided no call was needed.
    pub done: bool,
}

impl FamilyPerson {
    /// The line of a typed person (what callers with records switch to).
    pub fn of(person_id: PersonId, p: &Person, service: &str) -> Self {
        Self {
            person_id: person_id.get(),
            name: p.full_name.clone(),
            risk_tier: p.risk_tier.code().to_string(),
            service: service.to_string(),
        }
    }

    /// The tier as its enum, `None` for a code the register does not offer.
    fn tier(&self) -> Option<RiskTier> {
        RiskTier::from_code(&self.risk_tier)
    }
}

impl FamilyContact {
    /// The line of a typed emergency contact.
    pub fn of(contact_id: ContactId, c: &Contact) -> Self {
        Self {
            contact_id: contact_id.get(),
            person_id: c.person_id.get(),
            name: c.name.clone(),
            relationship: c.relationship.clone(),
            phone: c.phone.to_string(),
            rank: c.rank,
            proactive: c.proactive,
        }
    }
}

/// High first, then medium (the enum's order); an unknown code ranks with the low tier.
fn tier_rank(person: &FamilyPerson) -> RiskTier {
    person.tier().unwrap_or(RiskTier::Low)
}

/// The list: still to reach first, then by risk tier, person and the order to ring.
pub fn families_to_contact(people: &[FamilyPerson], contacts: &[FamilyContact], calls: &[Call]) -> Vec<FamilyLine> {
    // Grouped once: a 5,000-person organisation's what-if builds this list on every move of a
    // slider, and a scan of every contact per person is 50 million comparisons.
    let mut by_person: HashMap<i64, Vec<&FamilyContact>> = HashMap::new();
    for c in contacts {
        by_person.entry(c.person_id).or_default().push(c);
    }
    let mut by_contact: HashMap<i64, Vec<&Call>> = HashMap::new();
    for k in calls {
        by_contact.entry(k.contact_id).or_default().push(k);
    }
    let mut lines = Vec::new();
    for person in people {
        let mut theirs = by_person.get(&person.person_id).cloned().unwrap_or_default();
        theirs.sort_by_key(|c| (c.rank, c.contact_id));
        let first = theirs.first().map(|c| c.contact_id);
        for c in theirs {
            let high_first = person.tier() == Some(RiskTier::High) && Some(c.contact_id) == first;
            if !c.proactive && !high_first {
                continue;
            }
            let reason = match (c.proactive, high_first) {
                (true, true) => "High-risk person; asked to be contacted in a disruption",
                (false, true) => "High-risk person: first contact",
                _ => "Asked to be contacted in a disruption",
            };
            let mut theirs_calls: Vec<Call> = by_contact
                .get(&c.contact_id)
                .map(|k| k.iter().map(|k| (*k).clone()).collect())
                .unwrap_or_default();
            theirs_calls.sort_by_key(|k| k.at);
            lines.push(FamilyLine {
                done: theirs_calls.iter().any(|k| k.outcome.settles()),
                calls: theirs_calls,
                reason: reason.to_string(),
                contact: c.clone(),
                person: person.clone(),
            });
        }
    }
    lines.sort_by(|a, b| {
        (a.done, tier_rank(&a.person), &a.person.name, a.contact.rank).cmp(&(
            b.done,
            tier_rank(&b.person),
            &b.person.name,
            b.contact.rank,
        ))
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, name: &str, tier: &str) -> FamilyPerson {
        FamilyPerson {
            person_id: id,
            name: name.into(),
            risk_tier: tier.into(),
            service: "Branch".into(),
        }
    }

    fn contact(id: i64, person: i64, rank: i64, proactive: bool) -> FamilyContact {
        FamilyContact {
            contact_id: id,
            person_id: person,
            name: format!("Contact {id}"),
            relationship: "Daughter".into(),
            phone: "07700 900123".into(),
            rank,
            proactive,
        }
    }

    fn call(contact: i64, outcome: CallOutcome, minute: i64) -> Call {
        Call {
            contact_id: contact,
            outcome,
            at: Timestamp::from_second(1_800_000_000 + minute * 60).unwrap(),
            by: "Tom".into(),
            note: String::new(),
        }
    }

    #[test]
    fn flagged_contacts_and_the_first_contact_of_high_risk_people() {
        let people = [
            person(1, "Ada", "low"),
            person(2, "Ben", "high"),
            person(3, "Cy", "medium"),
        ];
        let contacts = [
            contact(10, 1, 1, true),
            contact(11, 1, 2, false),
            contact(20, 2, 2, false),
            contact(21, 2, 1, false),
            contact(30, 3, 1, false),
        ];
        let lines = families_to_contact(&people, &contacts, &[]);
        let ids: Vec<i64> = lines.iter().map(|l| l.contact.contact_id).collect();
        assert_eq!(
            ids,
            vec![21, 10],
            "high risk first; unflagged lower-risk contacts left out"
        );
        assert_eq!(lines[0].reason, "High-risk person: first contact");
    }

    #[test]
    fn a_family_stays_outstanding_until_reached() {
        let people = [person(1, "Ada", "high"), person(2, "Ben", "high")];
        let contacts = [contact(10, 1, 1, true), contact(20, 2, 1, true)];
        let calls = [
            call(10, CallOutcome::NoAnswer, 1),
            call(20, CallOutcome::LeftMessage, 2),
            call(10, CallOutcome::Spoke, 3),
        ];
        let lines = families_to_contact(&people, &contacts, &calls);
        assert_eq!(lines[0].contact.contact_id, 20, "a message left is not done");
        assert!(!lines[0].done);
        assert!(lines[1].done);
        assert_eq!(lines[1].calls.len(), 2);
        assert_eq!(lines[1].calls[0].outcome, CallOutcome::NoAnswer, "oldest first");
    }
}

#[cfg(test)]
mod typed_tests {
    use super::*;
    use crate::entity::{EntityKind, Record};
    use crate::field::{Input, InputVal};

    fn record(kind: EntityKind, fields: &[(&str, &str)]) -> Record {
        let input: Input = fields
            .iter()
            .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
            .collect();
        Record::parse(kind, &input).unwrap()
    }

    #[test]
    fn lines_from_typed_records_put_the_high_risk_first_contact_on_the_list() {
        let ada = record(
            EntityKind::Person,
            &[
                ("service_id", "1"),
                ("full_name", "Ada Lovelace"),
                ("risk_tier", "high"),
            ],
        );
        let sam = record(
            EntityKind::Contact,
            &[
                ("person_id", "7"),
                ("rank", "1"),
                ("name", "Sam"),
                ("relationship", "Son"),
                ("phone", "07700 900123"),
            ],
        );
        let person = FamilyPerson::of(PersonId::new(7), &Person::parse(&ada).unwrap(), "Branch");
        let contact = FamilyContact::of(ContactId::new(3), &Contact::parse(&sam).unwrap());
        assert_eq!(
            (person.risk_tier.as_str(), contact.person_id, contact.rank),
            ("high", 7, 1)
        );
        let lines = families_to_contact(&[person], &[contact], &[]);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].reason, "High-risk person: first contact");
    }
}
