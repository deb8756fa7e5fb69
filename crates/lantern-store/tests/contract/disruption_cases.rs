//! The disruption contract: declared, worked and closed; never deleted; the timeline, visit
//! statuses and family calls append-only in the database itself.

use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::demo::{DemoParams, generate};
use lantern_core::disruption::{CallOutcome, DisruptionKind, EntryKind, Scenario, VisitStatus};
use lantern_store::{Actor, ListQuery, NewDisruption, NewEntry, NewVisitStatus, Store, StoreError};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn coordinator() -> Actor {
    Actor {
        user_id: None,
        label: "Tom Evans".into(),
    }
}

async fn first_id(store: &Store, kind: EntityKind) -> i64 {
    let q = ListQuery {
        limit: 1,
        ..Default::default()
    };
    store.list(kind, &q).await.unwrap().items[0].id
}

async fn declared(store: &Store) -> i64 {
    let demo = generate(&DemoParams::default(), jiff::civil::date(2026, 11, 24));
    store
        .seed_demo(&demo, &[], &Actor::system("lantern demo"), at("2026-11-24T06:00:00Z"))
        .await
        .unwrap();
    let system = first_id(store, EntityKind::System).await;
    let service = first_id(store, EntityKind::Service).await;
    let steps = vec!["Ring IT".to_string(), "Switch to paper".to_string()];
    store
        .declare_disruption(
            &NewDisruption {
                kind: DisruptionKind::CyberIncident,
                scenario: Scenario::CyberAttack,
                title: "Phishing at the branch",
                summary: "",
                coordinator: "Tom Evans",
                started_at: at("2026-11-24T07:40:00Z"),
                detected_at: at("2026-11-24T07:55:00Z"),
                systems: &[system],
                services: &[service],
                steps: &steps,
                safe_care: lantern_core::disruption::SafeCare::NotThreatened,
                devices: &[],
                unit: None,
            },
            &coordinator(),
            at("2026-11-24T08:00:00Z"),
        )
        .await
        .unwrap()
}

pub async fn a_disruption_is_declared_worked_and_closed_never_deleted(store: &Store) {
    let id = declared(store).await;
    let d = store.disruption(id).await.unwrap();
    assert_eq!(
        (d.kind, d.scenario, d.is_open()),
        (DisruptionKind::CyberIncident, Scenario::CyberAttack, true)
    );
    assert_eq!((d.systems.len(), d.services.len()), (1, 1));
    let steps = store.disruption_steps(id).await.unwrap();
    assert_eq!(steps.len(), 2);
    store
        .tick_step(id, steps[1].id, true, &coordinator(), at("2026-11-24T08:05:00Z"))
        .await
        .unwrap();
    let steps = store.disruption_steps(id).await.unwrap();
    assert_eq!(steps[1].done_by.as_deref(), Some("Tom Evans"));
    assert_eq!(steps[1].done_at, Some(at("2026-11-24T08:05:00Z")));

    let note = NewEntry {
        at: at("2026-11-24T08:10:00Z"),
        kind: EntryKind::SupplierContact,
        text: "Rang IT support, ref 4411",
        corrects: None,
        service_id: Some(d.services[0]),
    };
    let first = store
        .add_timeline_entry(id, &note, &coordinator(), at("2026-11-24T08:12:00Z"))
        .await
        .unwrap();
    // A correction is about what the entry it corrects was about, whatever it says.
    let fix = NewEntry {
        text: "Reference is 4417, not 4411",
        corrects: Some(first),
        service_id: None,
        ..note.clone()
    };
    store
        .add_timeline_entry(id, &fix, &coordinator(), at("2026-11-24T08:13:00Z"))
        .await
        .unwrap();
    let future = NewEntry {
        at: at("2026-11-24T09:00:00Z"),
        ..note.clone()
    };
    let refused = store
        .add_timeline_entry(id, &future, &coordinator(), at("2026-11-24T08:14:00Z"))
        .await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))), "{refused:?}");
    let elsewhere = NewEntry {
        service_id: Some(d.services[0] + 1000),
        ..note.clone()
    };
    let refused = store
        .add_timeline_entry(id, &elsewhere, &coordinator(), at("2026-11-24T08:14:00Z"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "an entry about a service not affected: {refused:?}"
    );

    let visit = first_id(store, EntityKind::Visit).await;
    store
        .set_visit_status(
            id,
            &NewVisitStatus {
                visit_id: visit,
                status: VisitStatus::Late,
                note: "",
                expected_at: Some(at("2026-11-24T08:35:00Z")),
                reason: "",
                timeline: None,
                service_id: None,
            },
            &coordinator(),
            at("2026-11-24T08:20:00Z"),
        )
        .await
        .unwrap();
    store
        .set_visit_status(
            id,
            &NewVisitStatus {
                visit_id: visit,
                status: VisitStatus::Missed,
                note: "no answer",
                expected_at: None,
                reason: "Carer's car broke down",
                timeline: Some("Visit missed"),
                service_id: Some(d.services[0]),
            },
            &coordinator(),
            at("2026-11-24T08:40:00Z"),
        )
        .await
        .unwrap();
    let statuses = store.visit_statuses(id).await.unwrap();
    assert_eq!(statuses.last().unwrap().status, VisitStatus::Missed);
    assert_eq!(statuses.last().unwrap().reason, "Carer's car broke down");
    assert_eq!(
        (statuses[0].status, statuses[0].expected_at),
        (VisitStatus::Late, Some(at("2026-11-24T08:35:00Z"))),
        "a late carer's expected time is kept with the status"
    );
    assert!(statuses.last().unwrap().expected_at.is_none());
    let contact = first_id(store, EntityKind::Contact).await;
    store
        .record_family_call(
            id,
            contact,
            CallOutcome::Spoke,
            "all fine",
            &coordinator(),
            at("2026-11-24T08:45:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(store.family_calls(id).await.unwrap()[0].outcome, CallOutcome::Spoke);

    let timeline = store.timeline(id).await.unwrap();
    let texts: Vec<&str> = timeline.iter().map(|t| t.text.as_str()).collect();
    assert!(texts[0].starts_with("Declared: Phishing at the branch"), "{texts:?}");
    assert!(texts.contains(&"Done: Switch to paper"));
    assert!(texts.contains(&"Visit missed"));
    let correction = timeline.iter().find(|t| t.corrects == Some(first)).unwrap();
    assert_eq!(correction.text, "Reference is 4417, not 4411");
    assert_eq!(
        correction.service_id,
        Some(d.services[0]),
        "inherited from the entry it corrects"
    );
    let missed = timeline.iter().find(|t| t.text == "Visit missed").unwrap();
    assert_eq!(missed.service_id, Some(d.services[0]));
    assert!(
        timeline
            .iter()
            .find(|t| t.text.starts_with("Declared"))
            .unwrap()
            .service_id
            .is_none()
    );
    let elsewhere_only = lantern_core::user::ServiceAccess::Only(vec![d.services[0] + 1000]);
    assert!(!missed.visible_to(&elsewhere_only) && timeline[0].visible_to(&elsewhere_only));

    store
        .close_disruption(
            id,
            at("2026-11-24T11:30:00Z"),
            "IT cleared",
            &lantern_core::disruption::left_open::LeftOpen {
                steps: vec!["Ring the supplier".into()],
                ..Default::default()
            },
            &coordinator(),
            at("2026-11-24T11:35:00Z"),
        )
        .await
        .unwrap();
    let d = store.disruption(id).await.unwrap();
    assert_eq!((d.is_open(), d.restored_at), (false, Some(at("2026-11-24T11:30:00Z"))));
    let closing = store.timeline(id).await.unwrap().pop().unwrap();
    assert!(
        closing
            .text
            .ends_with("IT cleared Left open at closing: 1 checklist step not ticked."),
        "{}",
        closing.text
    );
    assert_eq!(
        d.left_open.steps,
        vec!["Ring the supplier".to_string()],
        "kept for the report"
    );
    let again = store
        .tick_step(id, steps[0].id, true, &coordinator(), at("2026-11-24T12:00:00Z"))
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "a closed disruption takes no more"
    );
    store
        .record_cqc_notification(id, "CQC-1", &coordinator(), at("2026-11-24T12:00:00Z"))
        .await
        .unwrap();
    let audit = store.audit_entries(100).await.unwrap();
    for action in [
        "declare",
        "checklist",
        "timeline",
        "visit_status",
        "family_call",
        "close",
        "cqc_notified",
    ] {
        assert!(audit.iter().any(|a| a.action == action), "audited: {action}");
    }
}

pub async fn the_timeline_and_logs_refuse_change_in_the_database_itself(store: &Store) {
    let id = declared(store).await;
    let visit = first_id(store, EntityKind::Visit).await;
    store
        .set_visit_status(
            id,
            &NewVisitStatus {
                visit_id: visit,
                status: VisitStatus::Completed,
                note: "",
                expected_at: None,
                reason: "",
                timeline: None,
                service_id: None,
            },
            &coordinator(),
            at("2026-11-24T08:20:00Z"),
        )
        .await
        .unwrap();
    let contact = first_id(store, EntityKind::Contact).await;
    store
        .record_family_call(
            id,
            contact,
            CallOutcome::NoAnswer,
            "",
            &coordinator(),
            at("2026-11-24T08:45:00Z"),
        )
        .await
        .unwrap();
    for sql in [
        "UPDATE timeline_entries SET text = 'changed'",
        "DELETE FROM timeline_entries",
        "UPDATE visit_statuses SET status = 'missed'",
        "DELETE FROM visit_statuses",
        "UPDATE family_calls SET outcome = 'spoke'",
        "DELETE FROM family_calls",
        "DELETE FROM disruptions",
    ] {
        let r = store.execute_unchecked_for_tests(sql).await;
        assert!(r.is_err(), "{sql} must be refused");
    }
    assert!(store.timeline(id).await.unwrap()[0].text.starts_with("Declared"));
    assert_eq!(store.visit_statuses(id).await.unwrap().len(), 1);
    assert!(store.disruption(id).await.is_ok());
}

pub async fn scenario_plans_are_the_organisation_s_own(store: &Store) {
    assert!(store.scenario_plan(Scenario::PowerCut).await.unwrap().is_none());
    let steps = vec!["Ring 105".to_string(), "Check oxygen".to_string()];
    store
        .save_scenario_plan(Scenario::PowerCut, &steps, &coordinator(), at("2026-11-24T08:00:00Z"))
        .await
        .unwrap();
    store
        .save_scenario_plan(
            Scenario::PowerCut,
            &steps[..1],
            &coordinator(),
            at("2026-11-24T08:01:00Z"),
        )
        .await
        .unwrap();
    let (saved, _, by) = store.scenario_plan(Scenario::PowerCut).await.unwrap().unwrap();
    assert_eq!((saved, by.as_str()), (vec!["Ring 105".to_string()], "Tom Evans"));
}

pub async fn paper_sheets_supersede_never_delete_and_registers_read_as_they_stood(store: &Store) {
    use lantern_core::reconcile::{DoseOutcome, VisitOutcome};
    use lantern_store::{MarSheet, NewDose, NewVisitRecord};
    let id = declared(store).await;
    let person = first_id(store, EntityKind::Person).await;
    let day = jiff::civil::date(2026, 11, 24);
    let dose = |outcome, note: &str| NewDose {
        person_id: person,
        medicine_id: None,
        due_at: Some(at("2026-11-24T08:00:00Z")),
        sheet_time: Some(lantern_core::values::DoseTime::parse("08:00").unwrap()),
        outcome,
        given_at: Some(at("2026-11-24T08:05:00Z")),
        initials: "JP".into(),
        note: note.into(),
    };
    let first = [dose(DoseOutcome::Refused, "felt sick")];
    let mar = |doses| MarSheet {
        person_id: person,
        day,
        doses,
        notes: "quiet",
    };
    store
        .save_mar_sheet(id, &mar(&first), &coordinator(), at("2026-11-24T12:00:00Z"))
        .await
        .unwrap();
    let again = [dose(DoseOutcome::Given, ""), dose(DoseOutcome::Given, "second box")];
    store
        .save_mar_sheet(id, &mar(&again), &coordinator(), at("2026-11-24T12:10:00Z"))
        .await
        .unwrap();
    let current = store.dose_records(id).await.unwrap();
    assert_eq!(current.len(), 2, "the second entry replaces the first");
    assert!(current.iter().all(|r| r.dose.outcome == DoseOutcome::Given));
    assert_eq!(
        current.iter().map(|r| &r.dose).collect::<Vec<_>>(),
        again.iter().collect::<Vec<_>>(),
        "read back as written, the row's printed time too"
    );
    let sheets = store.entered_sheets(id).await.unwrap();
    assert_eq!(
        (sheets.len(), sheets[1].records, sheets[1].notes.as_str()),
        (2, 2, "quiet")
    );
    assert!(
        store
            .execute_unchecked_for_tests("DELETE FROM dose_records")
            .await
            .is_err(),
        "kept"
    );
    let visit = first_id(store, EntityKind::Visit).await;
    let service = store.get(EntityKind::Visit, visit).await.unwrap().service_id.unwrap();
    let record = NewVisitRecord {
        visit_id: visit,
        outcome: VisitOutcome::Completed,
        arrived_at: Some(at("2026-11-24T08:10:00Z")),
        departed_at: Some(at("2026-11-24T08:40:00Z")),
        note: String::new(),
    };
    store
        .save_visit_sheet(
            id,
            service,
            day,
            std::slice::from_ref(&record),
            &coordinator(),
            at("2026-11-24T12:20:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(store.visit_records(id).await.unwrap()[0].record, record);

    store
        .resolve_finding(
            id,
            "missed_dose:m1:x",
            "no_harm",
            "checked",
            &coordinator(),
            at("2026-11-24T13:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(store.resolutions(id).await.unwrap()[0].action, "no_harm");
    let keys = vec!["missed_dose:m1:x".to_string()];
    store
        .sign_off(id, "all well", &keys, &coordinator(), at("2026-11-24T13:05:00Z"))
        .await
        .unwrap();
    assert_eq!(store.sign_offs(id).await.unwrap()[0].keys, keys);

    // The register as it stood: a person edited later reads as before; one ended earlier is gone.
    let before = at("2026-11-24T06:30:00Z");
    let services: Vec<i64> = store
        .list(
            EntityKind::Service,
            &ListQuery {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items
        .iter()
        .map(|s| s.id)
        .collect();
    let people = store
        .versions_at(EntityKind::Person, &services, before, at("2026-11-24T12:00:00Z"))
        .await
        .unwrap();
    let original = people.iter().find(|(p, _)| *p == person).unwrap().1.title();
    let stored = store.get(EntityKind::Person, person).await.unwrap();
    let mut edited = stored.record.clone();
    let mut input = lantern_core::json::record_to_json(&edited);
    input.insert("preferred_name".into(), serde_json::json!("Renamed later"));
    edited = lantern_core::json::record_from_stored_json(EntityKind::Person, &input).unwrap();
    store
        .update(
            person,
            &edited,
            Some(stored.version),
            &coordinator(),
            at("2026-11-24T10:00:00Z"),
        )
        .await
        .unwrap();
    let people = store
        .versions_at(EntityKind::Person, &services, before, at("2026-11-24T12:00:00Z"))
        .await
        .unwrap();
    let then = &people.iter().find(|(p, _)| *p == person).unwrap().1;
    assert_eq!(then.title(), original);
    assert_ne!(then.text("preferred_name"), "Renamed later");
}

pub async fn a_device_failure_marks_its_devices_faulty_with_the_disruption(store: &Store) {
    let demo = generate(&DemoParams::default(), jiff::civil::date(2026, 11, 24));
    store
        .seed_demo(&demo, &[], &Actor::system("lantern demo"), at("2026-11-24T06:00:00Z"))
        .await
        .unwrap();
    let q = ListQuery {
        limit: 1000,
        ..Default::default()
    };
    let tablets: Vec<_> = store
        .list(EntityKind::Device, &q)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|d| d.record.text("status") == "in_use" && !d.record.text("unit").is_empty())
        .take(2)
        .collect();
    assert_eq!(tablets.len(), 2, "the demo has tablets on units");
    let ids: Vec<i64> = tablets.iter().map(|d| d.id).collect();
    let service = tablets[0].service_id.unwrap();
    let unit = tablets[0].record.text("unit").to_string();
    let id = store
        .declare_disruption(
            &NewDisruption {
                kind: DisruptionKind::DeviceFailure,
                scenario: Scenario::DeviceFailed,
                title: "Tablets on one unit failed",
                summary: "",
                coordinator: "Tom Evans",
                started_at: at("2026-11-24T07:40:00Z"),
                detected_at: at("2026-11-24T07:55:00Z"),
                systems: &[],
                services: &[service],
                steps: &[],
                safe_care: lantern_core::disruption::SafeCare::NotThreatened,
                devices: &ids,
                unit: Some(&unit),
            },
            &coordinator(),
            at("2026-11-24T08:00:00Z"),
        )
        .await
        .unwrap();
    let d = store.disruption(id).await.unwrap();
    assert_eq!(
        (d.devices.clone(), d.unit.as_deref()),
        (ids.clone(), Some(unit.as_str()))
    );
    for t in &tablets {
        let now = store.get(EntityKind::Device, t.id).await.unwrap();
        assert_eq!(now.record.text("status"), "faulty");
        assert!(
            now.record
                .text("notes")
                .contains(&format!("Faulty since Tue 24 Nov 2026, 08:00 (disruption {id}")),
            "{}",
            now.record.text("notes")
        );
        assert_eq!(
            now.version,
            t.version + 1,
            "a new version of the record, kept in its history"
        );
    }
    let timeline = store.timeline(id).await.unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.text.starts_with("Marked faulty in the device register:")
                && e.text.contains(&tablets[1].record.title())),
        "{timeline:?}"
    );
    // A device that is not in the register refuses the whole declaration.
    let before = store.disruptions().await.unwrap().len();
    let bad = store
        .declare_disruption(
            &NewDisruption {
                kind: DisruptionKind::DeviceFailure,
                scenario: Scenario::DeviceFailed,
                title: "Unknown tablet",
                summary: "",
                coordinator: "Tom Evans",
                started_at: at("2026-11-24T07:40:00Z"),
                detected_at: at("2026-11-24T07:55:00Z"),
                systems: &[],
                services: &[service],
                steps: &[],
                safe_care: lantern_core::disruption::SafeCare::NotThreatened,
                devices: &[ids[0], 999_999],
                unit: None,
            },
            &coordinator(),
            at("2026-11-24T08:05:00Z"),
        )
        .await;
    assert!(matches!(bad, Err(StoreError::Invalid(_))), "{bad:?}");
    assert_eq!(store.disruptions().await.unwrap().len(), before, "nothing declared");
}
