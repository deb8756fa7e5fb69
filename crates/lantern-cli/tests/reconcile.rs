//! `lantern reconcile` on a real data directory: the demo seeded by the binary, a disruption
//! declared and a paper MAR entered through the store, then the findings printed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lantern_core::EntityKind;
use lantern_core::care::{Medicine, MedicineId};
use lantern_core::disruption::{DisruptionKind, Scenario};
use lantern_core::reconcile::{DoseOutcome, MedicineSchedule, Period, due_doses};
use lantern_store::{Actor, ListQuery, MarSheet, NewDisruption, NewDose, Store};
use std::process::Command;

fn lantern(data: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lantern"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("LANTERN_DATA_DIR")
        .env("LANTERN_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn reconcile_prints_the_findings_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ok, _, err) = lantern(&data, &["demo", "--seed-only"]);
    assert!(ok, "{err}");
    let (ok, _, err) = lantern(&data, &["reconcile", "--disruption", "7"]);
    assert!(!ok && err.contains("there is no disruption 7"), "{err}");

    let rt = tokio::runtime::Runtime::new().unwrap();
    // The demo holds its own story's disruption: this one's id comes from the store.
    let id = rt.block_on(async {
        let store = Store::open_dir(&data).await.unwrap();
        let q = ListQuery {
            limit: 1000,
            ..Default::default()
        };
        let services = store.list(EntityKind::Service, &q).await.unwrap().items;
        let service = services
            .iter()
            .find(|s| s.record.text("service_type") == "supported_living")
            .unwrap()
            .id;
        // A day ending now, so the window has doses whatever the time of day. The binary
        // reads the real clock, so the test must too.
        #[allow(clippy::disallowed_methods)]
        let now = jiff::Timestamp::now();
        let start = now - jiff::SignedDuration::from_hours(24);
        let actor = Actor::system("test");
        let id = store
            .declare_disruption(
                &NewDisruption {
                    kind: DisruptionKind::SupplierOutage,
                    scenario: Scenario::SupplierDown,
                    title: "CarePlan Cloud down",
                    summary: "",
                    coordinator: "Priya Shah",
                    started_at: start,
                    detected_at: start,
                    systems: &[],
                    services: &[service],
                    steps: &[],
                    safe_care: lantern_core::disruption::SafeCare::NotThreatened,
                    devices: &[],
                    unit: None,
                },
                &actor,
                now,
            )
            .await
            .unwrap();
        store
            .close_disruption(id, now, "", &Default::default(), &actor, now)
            .await
            .unwrap();
        let meds = store
            .list(
                EntityKind::Medicine,
                &ListQuery {
                    service: Some(service),
                    limit: 1000,
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .items;
        let schedules: Vec<MedicineSchedule> = meds
            .iter()
            .filter_map(|m| {
                Some(MedicineSchedule::of(
                    MedicineId::new(m.id),
                    &Medicine::parse(&m.record).ok()?,
                ))
            })
            .collect();
        let due = due_doses(Period { start, end: now }, &schedules);
        let first = due.first().expect("a dose due in a day");
        // The person's first dose refused; everything else on that sheet given on time.
        let doses: Vec<NewDose> = due
            .iter()
            .filter(|d| d.person_id == first.person_id && d.date == first.date)
            .enumerate()
            .map(|(i, d)| NewDose {
                person_id: d.person_id,
                medicine_id: Some(d.medicine_id),
                due_at: Some(d.due_at),
                sheet_time: Some(d.time),
                outcome: if i == 0 {
                    DoseOutcome::Refused
                } else {
                    DoseOutcome::Given
                },
                given_at: Some(d.due_at),
                initials: "JP".into(),
                note: if i == 0 {
                    "said she felt sick".into()
                } else {
                    String::new()
                },
            })
            .collect();
        store
            .save_mar_sheet(
                id,
                &MarSheet {
                    person_id: first.person_id,
                    day: first.date,
                    doses: &doses,
                    notes: "",
                },
                &actor,
                now,
            )
            .await
            .unwrap();
        store.close().await;
        id.to_string()
    });

    let (ok, out, err) = lantern(&data, &["reconcile", "--disruption", &id]);
    assert!(ok, "{err}");
    assert!(out.starts_with("CarePlan Cloud down — "), "{out}");
    assert!(
        out.contains("— Dose refused\n") && !out.contains("— Missed dose\n"),
        "{out}"
    );
    assert!(
        out.contains("recorded as refused") && out.contains("said she felt sick"),
        "{out}"
    );
    assert!(
        out.contains("Missed doses not yet known"),
        "other sheets are not entered: {out}"
    );
    assert!(
        out.contains("Recorded as not given, so not missed: 1 refused."),
        "{out}"
    );
    assert!(out.contains("Not signed off."));
    let (ok, json, err) = lantern(&data, &["reconcile", "--disruption", &id, "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["kind"] == "dose_refused"), "{json}");
    assert!(!findings.iter().any(|f| f["kind"] == "missed_dose"), "{json}");
    assert!(
        findings.iter().any(|f| f["kind"] == "not_entered"),
        "other sheets are not entered yet"
    );
    assert_eq!(v["unresolved"].as_u64().unwrap() as usize, findings.len());
}
