//! The board's visits from typed records: what the application layer loads and the board
//! shows, read once (a visit, its person, its carers) instead of by field name.

use super::board::{BoardVisit, Carer};
use crate::care::{Medicine, Person, PersonId, StaffId, StaffMember, Visit, VisitId};
use crate::schedule::{due_at, show_time};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

impl Carer {
    /// A carer with the number to ring them on.
    pub fn of(staff_id: StaffId, s: &StaffMember) -> Self {
        Self {
            staff_id: staff_id.get(),
            name: s.full_name.clone(),
            phone: s.phone.to_string(),
        }
    }
}

impl BoardVisit {
    /// A visit as the board shows it. `person` is `None` when the person is not among those
    /// loaded (the line still shows, without a name to ring); carers not in `carers` are left
    /// off; `time_critical` says whether the person has a current time-critical medicine
    /// (see [`time_critical_people`]).
    pub fn of(
        visit_id: VisitId,
        v: &Visit,
        person: Option<&Person>,
        carers: &BTreeMap<StaffId, Carer>,
        time_critical: bool,
    ) -> Self {
        // The planned start as an instant, by the clock-change rule doses follow.
        let due = due_at(v.date, v.start).0;
        Self {
            visit_id: visit_id.get(),
            person_id: v.person_id.get(),
            person: person.map(|p| p.full_name.clone()).unwrap_or_default(),
            person_phone: person
                .and_then(|p| p.phone.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default(),
            due,
            start: show_time(due),
            duration_minutes: v.duration_minutes,
            carers: v.carers.iter().filter_map(|c| carers.get(c).cloned()).collect(),
            address: person.map(|p| p.address.replace('\n', ", ")).unwrap_or_default(),
            tasks: v.tasks.clone(),
            priority: v.priority,
            two_carer: v.two_carer,
            time_critical,
            high_risk: person.is_some_and(Person::is_high_risk),
        }
    }
}

/// The people with a time-critical medicine taken on `day`: their visits are watched first.
pub fn time_critical_people<'a>(medicines: impl IntoIterator<Item = &'a Medicine>, day: Date) -> BTreeSet<PersonId> {
    medicines
        .into_iter()
        .filter(|m| m.time_critical && m.is_taken_between(day, day))
        .map(|m| m.person_id)
        .collect()
}

#[cfg(test)]
mod tests {
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
    fn a_visit_on_the_spring_change_day_shows_its_person_carer_and_risks() {
        let visit = Visit::parse(&record(
            EntityKind::Visit,
            &[
                ("service_id", "1"),
                ("person_id", "4"),
                ("date", "2026-03-29"),
                ("start", "01:30"),
                ("duration_minutes", "30"),
                ("carers", "8, 9"),
                ("two_carer", "yes"),
                ("tasks", "Medicines\nBreakfast"),
            ],
        ))
        .unwrap();
        let person = Person::parse(&record(
            EntityKind::Person,
            &[
                ("service_id", "1"),
                ("full_name", "Ada Khan"),
                ("risk_tier", "high"),
                ("address", "1 Mill Lane\nLeeds"),
                ("phone", "0113 496 0000"),
            ],
        ))
        .unwrap();
        let jo = StaffMember::parse(&record(
            EntityKind::Staff,
            &[
                ("full_name", "Jo Patel"),
                ("role", "care_worker"),
                ("phone", "07700 900123"),
            ],
        ))
        .unwrap();
        let carers = BTreeMap::from([(StaffId::new(8), Carer::of(StaffId::new(8), &jo))]);
        let levodopa = Medicine::parse(&record(
            EntityKind::Medicine,
            &[
                ("person_id", "4"),
                ("name", "Levodopa"),
                ("dose", "1 tablet"),
                ("route", "oral"),
                ("times", "08:00"),
                ("time_critical", "yes"),
            ],
        ))
        .unwrap();
        let critical = time_critical_people([&levodopa], visit.date);
        let b = BoardVisit::of(
            VisitId::new(3),
            &visit,
            Some(&person),
            &carers,
            critical.contains(&visit.person_id),
        );
        assert_eq!(
            (b.start.as_str(), b.due.to_string().as_str()),
            ("02:30", "2026-03-29T01:30:00Z")
        );
        assert_eq!(
            (b.person.as_str(), b.address.as_str()),
            ("Ada Khan", "1 Mill Lane, Leeds")
        );
        assert_eq!(
            b.carers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Jo Patel"]
        );
        assert!(b.high_risk && b.time_critical && b.two_carer && !b.person_phone.is_empty());
        assert_eq!(b.tasks, ["Medicines", "Breakfast"]);
        let mut stopped = levodopa.clone();
        stopped.end_date = Some(jiff::civil::date(2026, 3, 1));
        assert!(
            time_critical_people([&stopped], visit.date).is_empty(),
            "a stopped medicine does not count"
        );
    }
}
