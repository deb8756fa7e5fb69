use super::*;
use jiff::civil::date;

const TODAY: Date = date(2026, 11, 24);

/// A service that passes every light on 24 Nov 2026.
fn ready() -> ServiceFacts {
    ServiceFacts {
        pack: PackFacts {
            version: Some(4),
            out_of_date: vec![],
            last_check: Some(date(2026, 11, 10)),
            check_every_days: 31,
        },
        contacts: ContactFacts {
            last_verified: Some((date(2026, 11, 10), "Tom Evans".into())),
            people_without: vec![],
            every_days: 31,
        },
        drill: DrillFacts {
            last: Some(date(2026, 9, 1)),
            next_due: Some(date(2027, 3, 1)),
        },
        training: TrainingFacts {
            threshold: 95,
            courses: vec![
                CourseFact {
                    name: "Paper MAR".into(),
                    percent: Some(100),
                },
                CourseFact {
                    name: "Night-only course".into(),
                    percent: None,
                },
            ],
        },
        units: vec![UnitFacts {
            name: "Ground floor".into(),
            light: DeviceLight::Green,
            reasons: vec![],
        }],
        risks: vec![RiskFact {
            id: 7,
            name: "Care app outage".into(),
            review_date: Some(date(2027, 1, 15)),
        }],
        overdue_actions: vec![],
        awaiting_review: vec![],
    }
}

fn light(f: &ServiceFacts, a: Aspect) -> Rag {
    assess(f, TODAY).lamp(a).map(|l| l.light).unwrap_or(Rag::Green)
}

#[test]
fn a_service_with_every_fact_in_order_is_green_on_all_eight_lights() {
    let r = assess(&ready(), TODAY);
    assert_eq!(r.light, Rag::Green);
    assert_eq!(r.lamps.len(), 8);
    assert!(r.causes().is_empty());
    assert_eq!(
        r.lamps.iter().map(|l| l.aspect).collect::<Vec<_>>(),
        Aspect::ALL.to_vec(),
        "the page shows the lights in a fixed order"
    );
}

#[test]
fn the_service_is_as_ready_as_its_worst_light_and_its_causes_come_worst_first() {
    let mut f = ready();
    f.pack.last_check = Some(date(2026, 10, 1));
    f.awaiting_review.push(ReviewFact {
        disruption_id: 3,
        title: "Phishing".into(),
        closed_on: date(2026, 11, 19),
    });
    let r = assess(&f, TODAY);
    assert_eq!(r.light, Rag::Red);
    let causes: Vec<(Aspect, Rag)> = r.causes().iter().map(|l| (l.aspect, l.light)).collect();
    assert_eq!(causes, vec![(Aspect::Reviews, Rag::Red), (Aspect::Pack, Rag::Amber)]);
    assert_eq!(r.lamp(Aspect::Reviews).map(|l| l.fix), Some(Fix::Review(3)));
    assert!(r.lamp(Aspect::Reviews).is_some_and(|l| l.why.contains("19 Nov 2026")));
}

#[test]
fn the_pack_is_red_unbuilt_or_out_of_date_and_amber_when_its_check_is_older_than_a_month() {
    let mut f = ready();
    f.pack.version = None;
    assert_eq!(light(&f, Aspect::Pack), Rag::Red);
    let mut f = ready();
    f.pack.out_of_date = vec![
        "Medicine Warfarin for Ada changed on 20 Nov by Jo.".into(),
        "Other.".into(),
    ];
    let why = assess(&f, TODAY)
        .lamp(Aspect::Pack)
        .map(|l| l.why.clone())
        .unwrap_or_default();
    assert_eq!(
        why,
        "The pack is out of date: Medicine Warfarin for Ada changed on 20 Nov by Jo (and 1 more changes)."
    );
    let mut f = ready();
    f.pack.last_check = None;
    assert_eq!(light(&f, Aspect::Pack), Rag::Amber);
    // 31 days back from 24 Nov is 24 Oct: a check on 25 Oct is still this month's.
    f.pack.last_check = Some(date(2026, 10, 25));
    assert_eq!(light(&f, Aspect::Pack), Rag::Green);
    f.pack.last_check = Some(date(2026, 10, 24));
    assert_eq!(light(&f, Aspect::Pack), Rag::Amber);
}

#[test]
fn contacts_are_red_when_someone_has_none_or_nobody_ever_checked_them() {
    let mut f = ready();
    f.contacts.people_without = vec!["Ada".into(), "Bea".into(), "Cy".into(), "Di".into()];
    let l = assess(&f, TODAY);
    let lamp = l.lamp(Aspect::Contacts);
    assert_eq!(lamp.map(|l| l.light), Some(Rag::Red));
    assert_eq!(
        lamp.map(|l| l.why.as_str()),
        Some("4 people have no emergency contact: Ada, Bea, Cy and 1 more.")
    );
    assert_eq!(lamp.map(|l| l.fix), Some(Fix::People));
    let mut f = ready();
    f.contacts.last_verified = None;
    assert_eq!(light(&f, Aspect::Contacts), Rag::Red);
    f.contacts.last_verified = Some((date(2026, 9, 30), "Tom".into()));
    assert_eq!(light(&f, Aspect::Contacts), Rag::Amber);
}

#[test]
fn a_drill_is_red_never_held_or_overdue_and_amber_within_thirty_days_of_due() {
    let mut f = ready();
    f.drill = DrillFacts::default();
    assert_eq!(light(&f, Aspect::Drill), Rag::Red);
    f.drill = DrillFacts {
        last: Some(date(2026, 5, 1)),
        next_due: Some(date(2026, 11, 1)),
    };
    assert_eq!(light(&f, Aspect::Drill), Rag::Red);
    f.drill.next_due = Some(date(2026, 12, 24));
    assert_eq!(light(&f, Aspect::Drill), Rag::Amber);
    f.drill.next_due = Some(date(2026, 12, 25));
    assert_eq!(light(&f, Aspect::Drill), Rag::Green);
}

#[test]
fn training_is_red_when_any_counted_course_is_below_the_threshold() {
    let mut f = ready();
    f.training.courses.push(CourseFact {
        name: "Phishing awareness".into(),
        percent: Some(94),
    });
    let r = assess(&f, TODAY);
    assert_eq!(
        r.lamp(Aspect::Training).map(|l| (l.light, l.why.as_str())),
        Some((Rag::Red, "Below the 95% threshold: Phishing awareness 94%."))
    );
    f.training.courses.clear();
    assert_eq!(light(&f, Aspect::Training), Rag::Amber);
}

#[test]
fn devices_take_the_worst_unit_and_name_it() {
    let mut f = ready();
    f.units.push(UnitFacts {
        name: "Oak unit".into(),
        light: DeviceLight::Red,
        reasons: vec!["2 of 3 tablets are faulty and there is no spare.".into()],
    });
    let r = assess(&f, TODAY);
    assert_eq!(
        r.lamp(Aspect::Devices).map(|l| (l.light, l.why.as_str())),
        Some((Rag::Red, "Oak unit: 2 of 3 tablets are faulty and there is no spare."))
    );
}

#[test]
fn risks_are_red_when_a_review_is_overdue_amber_when_one_is_near_and_amber_when_none_are_recorded() {
    let mut f = ready();
    f.risks[0].review_date = Some(date(2026, 11, 23));
    let r = assess(&f, TODAY);
    assert_eq!(
        r.lamp(Aspect::Risks).map(|l| (l.light, l.fix)),
        Some((Rag::Red, Fix::Risk(7)))
    );
    f.risks[0].review_date = Some(date(2026, 11, 24));
    assert_eq!(light(&f, Aspect::Risks), Rag::Amber, "due today is not yet overdue");
    f.risks[0].review_date = Some(date(2026, 12, 9));
    assert_eq!(light(&f, Aspect::Risks), Rag::Green);
    f.risks.clear();
    assert_eq!(light(&f, Aspect::Risks), Rag::Amber);
}

#[test]
fn an_overdue_action_is_red_and_links_to_the_oldest() {
    let mut f = ready();
    f.overdue_actions = vec![
        ActionFact {
            id: 2,
            name: "Cyber drill".into(),
            due: date(2026, 11, 20),
        },
        ActionFact {
            id: 1,
            name: "Pack check".into(),
            due: date(2026, 11, 1),
        },
    ];
    let r = assess(&f, TODAY);
    let l = r.lamp(Aspect::Actions);
    assert_eq!(l.map(|l| (l.light, l.fix)), Some((Rag::Red, Fix::Action(1))));
    assert_eq!(
        l.map(|l| l.why.as_str()),
        Some("2 actions are overdue: Pack check (due 1 Nov 2026), Cyber drill (due 20 Nov 2026).")
    );
}

#[test]
fn readiness_survives_being_kept_as_json() {
    let mut f = ready();
    f.overdue_actions.push(ActionFact {
        id: 9,
        name: "x".into(),
        due: date(2026, 1, 1),
    });
    let r = assess(&f, TODAY);
    let kept = serde_json::to_string(&r).unwrap_or_default();
    let back: Readiness = serde_json::from_str(&kept).unwrap_or(Readiness {
        light: Rag::Green,
        lamps: vec![],
    });
    assert_eq!(back, r);
    assert!(kept.contains("\"page\":\"action\",\"id\":9"), "{kept}");
}

#[test]
fn an_aspect_s_code_is_what_serde_keeps() {
    for a in Aspect::ALL {
        assert_eq!(serde_json::to_value(a).ok(), Some(serde_json::Value::from(a.code())));
    }
    for r in Rag::ALL {
        assert_eq!(Rag::from_code(r.code()), Some(r));
        assert_eq!(serde_json::to_value(r).ok(), Some(serde_json::Value::from(r.code())));
    }
}
