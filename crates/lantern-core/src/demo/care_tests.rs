//! Tests of the care data: medicines, people and contacts, the home-care rota.

use super::tests::{default_org, of, today};
use crate::entity::{EntityKind, Record};
use crate::field::Val;
use std::collections::BTreeMap;

#[test]
fn medicines_cover_what_the_downtime_packs_must_show() {
    let org = default_org();
    let medicines = of(&org, EntityKind::Medicine);
    let critical = |words: &[&str]| {
        medicines.iter().any(|m| {
            let name = m.text("name").to_lowercase();
            m.flag("time_critical") && words.iter().any(|w| name.contains(w))
        })
    };
    assert!(critical(&["levodopa", "careldopa", "beneldopa"]), "levodopa");
    assert!(critical(&["insulin"]), "insulin");
    assert!(critical(&["levetiracetam", "valproate"]), "anti-epileptic");
    assert!(
        medicines.iter().any(|m| m.flag("prn")
            && m.int("prn_min_interval_minutes").is_some()
            && m.int("prn_max_doses_24h").is_some())
    );
    assert!(medicines.iter().any(|m| m.flag("controlled_drug")));
    assert!(medicines.iter().any(|m| m.int("interval_hours") == Some(72)));
    assert!(
        medicines
            .iter()
            .any(|m| m.date("end_date").is_some_and(|d| d < today()))
    );
    assert!(
        medicines
            .iter()
            .all(|m| m.date("start_date").is_some_and(|d| d < today()))
    );
    let mut per_person: BTreeMap<i64, usize> = BTreeMap::new();
    for m in &medicines {
        *per_person.entry(m.int("person_id").unwrap_or(0)).or_default() += 1;
    }
    assert_eq!(per_person.len(), of(&org, EntityKind::Person).len());
    assert!(per_person.values().all(|n| (2..=8).contains(n)), "{per_person:?}");
}

#[test]
fn people_and_contacts_look_real_and_are_synthetic() {
    let org = default_org();
    let people = of(&org, EntityKind::Person);
    assert!(people.iter().any(|p| !p.text("full_name").is_ascii()));
    assert!(
        people
            .iter()
            .all(|p| matches!(p.get("nhs_number"), Val::Nhs(n) if n.digits().starts_with("999")))
    );
    for p in &people {
        let risks = match p.get("key_risks") {
            Val::Pairs(pairs) => pairs.len(),
            _ => 0,
        };
        assert!((2..=4).contains(&risks), "{}: {risks} key risks", p.title());
        assert!(p.warnings().is_empty(), "{}: {:?}", p.title(), p.warnings());
    }
    let contacts = of(&org, EntityKind::Contact);
    assert!(contacts.iter().any(|c| c.flag("proactive")));
    assert!(
        contacts
            .iter()
            .any(|c| c.text("notes").contains("lasting power of attorney"))
    );
    let mut ranks: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for c in &contacts {
        ranks
            .entry(c.int("person_id").unwrap_or(0))
            .or_default()
            .push(c.int("rank").unwrap_or(0));
    }
    assert_eq!(ranks.len(), people.len());
    assert!(
        ranks
            .values()
            .all(|r| (1..=3).contains(&r.len()) && r.iter().copied().eq(1..=r.len() as i64))
    );
}

#[test]
fn no_carer_is_double_booked() {
    let org = default_org();
    let mut days: BTreeMap<(String, i64), Vec<(i64, i64)>> = BTreeMap::new();
    let visits = of(&org, EntityKind::Visit);
    for v in &visits {
        let (start, end) = span(v);
        assert!((7 * 60..=22 * 60).contains(&start) && end <= 22 * 60);
        for carer in v.refs("carers") {
            days.entry((v.get("date").text(), carer))
                .or_default()
                .push((start, end));
        }
    }
    for ((date, carer), mut spans) in days {
        spans.sort();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "carer {carer} double-booked on {date}: {w:?}");
        }
    }
    assert!(
        visits
            .iter()
            .any(|v| v.flag("two_carer") && v.refs("carers").len() == 2)
    );
    assert!(visits.iter().any(|v| v.flag("priority")));
    let allocated = visits.iter().filter(|v| !v.refs("carers").is_empty()).count();
    assert!(
        allocated * 100 >= visits.len() * 98,
        "{allocated} of {} allocated",
        visits.len()
    );
}

/// A visit's start and end in minutes after midnight.
fn span(visit: &Record) -> (i64, i64) {
    let start = match visit.get("start") {
        Val::Time(t) => i64::from(t.minutes()),
        _ => 0,
    };
    (start, start + visit.int("duration_minutes").unwrap_or(0))
}

#[test]
fn every_time_critical_dose_at_home_falls_within_a_priority_visit() {
    let org = default_org();
    let home_care: Vec<i64> = of(&org, EntityKind::Service)
        .iter()
        .enumerate()
        .filter(|(_, s)| s.text("service_type") == "home_care")
        .map(|(i, _)| i as i64 + 1)
        .collect();
    let people: Vec<i64> = of(&org, EntityKind::Person)
        .iter()
        .enumerate()
        .filter(|(_, p)| p.int("service_id").is_some_and(|s| home_care.contains(&s)))
        .map(|(i, _)| i as i64 + 1)
        .collect();
    let visits: Vec<&Record> = of(&org, EntityKind::Visit)
        .into_iter()
        .filter(|v| v.date("date") == Some(today()))
        .collect();
    let mut doses = 0;
    for m in of(&org, EntityKind::Medicine) {
        let person = m.int("person_id").unwrap_or(0);
        if !m.flag("time_critical") || m.date("end_date").is_some() || !people.contains(&person) {
            continue;
        }
        let Val::Times(times) = m.get("times") else {
            continue;
        };
        for t in times {
            let due = i64::from(t.minutes());
            doses += 1;
            let on_time = visits.iter().any(|v| {
                let (start, end) = span(v);
                v.int("person_id") == Some(person) && v.flag("priority") && start <= due + 30 && end >= due - 30
            });
            assert!(on_time, "{} for person {person} at {t} has no visit", m.title());
        }
    }
    assert!(doses > 20, "{doses} time-critical doses at home");
}
