use super::*;
use crate::field::InputVal;

fn input(pairs: &[(&str, &str)]) -> Input {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
        .collect()
}

fn medicine(extra: &[(&str, &str)]) -> Input {
    let mut i = input(&[
        ("person_id", "1"),
        ("name", "Levodopa"),
        ("dose", "1 tablet"),
        ("route", "oral"),
    ]);
    i.extend(input(extra));
    i
}

#[test]
fn every_spec_is_reachable_by_its_slug_and_refs_point_forward() {
    for (n, kind) in EntityKind::ALL.iter().enumerate() {
        assert_eq!(EntityKind::from_slug(kind.slug()), Some(*kind));
        assert_eq!(kind.spec().kind, *kind);
        for (_, target) in kind.spec().references() {
            let pos = EntityKind::ALL.iter().position(|k| *k == target).unwrap();
            assert!(pos < n, "{kind:?} refers to {target:?}, which must come first");
        }
    }
}

#[test]
fn a_wrong_nhs_number_and_an_empty_required_field_are_both_reported() {
    let e = Record::parse(
        EntityKind::Person,
        &input(&[
            ("service_id", "1"),
            ("full_name", " "),
            ("date_of_birth", "1950-02-03"),
            ("risk_tier", "high"),
            ("nhs_number", "943 476 5918"),
        ]),
    )
    .unwrap_err();
    assert_eq!(e.get("full_name"), Some("enter the full name"));
    assert!(e.get("nhs_number").unwrap().contains("check digit"));
}

#[test]
fn unknown_fields_are_errors_not_silently_dropped() {
    let e = Record::parse(EntityKind::Supplier, &input(&[("name", "X"), ("nmae", "Y")])).unwrap_err();
    assert!(e.get("nmae").unwrap().contains("no field"));
}

#[test]
fn medicine_rules() {
    assert!(Record::parse(EntityKind::Medicine, &medicine(&[("times", "08:00, 12:00")])).is_ok());
    let e = Record::parse(EntityKind::Medicine, &medicine(&[])).unwrap_err();
    assert!(e.get("times").is_some());
    let e = Record::parse(
        EntityKind::Medicine,
        &medicine(&[("times", "08:00"), ("interval_hours", "6")]),
    )
    .unwrap_err();
    assert!(e.get("interval_hours").is_some());
    let e = Record::parse(EntityKind::Medicine, &medicine(&[("prn", "on")])).unwrap_err();
    assert!(e.get("prn_indication").is_some() && e.get("prn_max_doses_24h").is_some());
    let ok = medicine(&[
        ("prn", "on"),
        ("prn_indication", "pain"),
        ("prn_min_interval_minutes", "240"),
        ("prn_max_doses_24h", "4"),
    ]);
    assert!(Record::parse(EntityKind::Medicine, &ok).is_ok());
    let e = Record::parse(
        EntityKind::Medicine,
        &medicine(&[
            ("times", "08:00"),
            ("start_date", "2026-11-10"),
            ("end_date", "2026-11-01"),
        ]),
    )
    .unwrap_err();
    assert!(e.get("end_date").is_some());
}

#[test]
fn rto_longer_than_mtpd_is_flagged() {
    let r = Record::parse(
        EntityKind::System,
        &input(&[
            ("name", "CarePlanner"),
            ("category", "care_planning"),
            ("impact_1h", "minor"),
            ("impact_4h", "major"),
            ("impact_24h", "severe"),
            ("mtpd_hours", "4"),
            ("rto_hours", "8"),
            ("paper_alternative", "Printed support plans"),
        ]),
    )
    .unwrap();
    assert!(r.warnings().iter().any(|w| w.contains("Gap")));
}

#[test]
fn two_carer_visits_need_both_carers() {
    let base = [
        ("service_id", "1"),
        ("person_id", "2"),
        ("date", "24/11/2026"),
        ("start", "08:00"),
        ("duration_minutes", "30"),
        ("two_carer", "yes"),
    ];
    let mut one = input(&base);
    one.insert("carers".into(), InputVal::Many(vec!["4".into()]));
    assert!(
        Record::parse(EntityKind::Visit, &one)
            .unwrap_err()
            .get("carers")
            .is_some()
    );
    let mut two = input(&base);
    two.insert("carers".into(), InputVal::Many(vec!["4".into(), "5".into()]));
    let r = Record::parse(EntityKind::Visit, &two).unwrap();
    assert_eq!(r.title(), "08:00 visit, 24 Nov 2026");
}

#[test]
fn records_round_trip_through_their_input() {
    let r = Record::parse(
        EntityKind::Medicine,
        &medicine(&[("times", "20:00,08:00"), ("time_critical", "on")]),
    )
    .unwrap();
    assert_eq!(Record::parse(EntityKind::Medicine, &r.to_input()).unwrap(), r);
    assert_eq!(r.title(), "Levodopa");
    assert!(r.search_text().contains("levodopa"));
}

#[test]
fn names_read_well_inside_sentences() {
    assert_eq!(
        EntityKind::Practice.spec().plural_in_text(),
        "GP practices and pharmacies"
    );
    assert_eq!(EntityKind::Person.spec().plural_in_text(), "people supported");
    assert_eq!(EntityKind::Contact.spec().singular_in_text(), "emergency contact");
}

#[test]
fn a_risk_is_scored_1_to_5_and_cannot_score_higher_with_its_controls() {
    let risk = |il: &str, ii: &str, rl: &str, ri: &str| {
        input(&[
            ("name", "eMAR down longer than medicines can wait"),
            ("cause", "The supplier's fix time is 8 hours."),
            ("effect_on_care", "Time-critical doses late."),
            ("inherent_likelihood", il),
            ("inherent_impact", ii),
            ("residual_likelihood", rl),
            ("residual_impact", ri),
            ("owner", "Priya Shah"),
            ("review_date", "2026-12-24"),
            ("status", "open"),
        ])
    };
    let r = Record::parse(EntityKind::Risk, &risk("3", "5", "2", "4")).unwrap();
    assert_eq!(r.title(), "eMAR down longer than medicines can wait");
    let worse = Record::parse(EntityKind::Risk, &risk("2", "2", "3", "3")).unwrap_err();
    assert!(
        worse
            .get("residual_impact")
            .is_some_and(|e| e.contains("scores 9, more than the 4")),
        "{worse:?}"
    );
    let out_of_range = Record::parse(EntityKind::Risk, &risk("6", "5", "2", "4")).unwrap_err();
    assert!(out_of_range.get("inherent_likelihood").is_some(), "{out_of_range:?}");
}

#[test]
fn a_course_names_staff_roles_and_a_completion_cannot_be_after_today() {
    let course = |roles: &str| {
        let mut i = input(&[("name", "Paper MAR"), ("validity_months", "12")]);
        i.insert(
            "roles".into(),
            crate::InputVal::Many(roles.lines().map(String::from).collect()),
        );
        Record::parse(EntityKind::Course, &i)
    };
    assert!(course("Senior carer\nnurse").is_ok(), "labels or values, any capitals");
    let e = course("Senior carer\nJuggler").unwrap_err();
    assert!(e.get("roles").is_some_and(|m| m.contains("'Juggler'")), "{e:?}");

    let record = |on: &str| {
        Record::parse(
            EntityKind::TrainingRecord,
            &input(&[("staff_id", "1"), ("course_id", "2"), ("completed_on", on)]),
        )
        .unwrap()
    };
    let today = jiff::civil::date(2026, 11, 24);
    assert!(crate::entity::dates_in_future(&record("24/11/2026"), today).is_empty());
    let e = crate::entity::dates_in_future(&record("25/11/2026"), today);
    assert!(e.get("completed_on").is_some_and(|m| m.contains("future")));
}
