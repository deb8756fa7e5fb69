//! Imports by a user limited to some services (issue [6], point 1): every row, reference and
//! "ended because missing" stays within their services; anything else refuses the whole
//! import, naming the rows, and says nothing of the other service.

use super::{actor, incoming, now, service};
use lantern_core::incoming::Incoming;
use lantern_core::user::ServiceAccess;
use lantern_core::{EntityKind, InputVal};
use lantern_store::{ImportFailure, ImportOptions, ImportSummary, ListQuery, Store};

/// Alder House (A) and Birch Court (B), two people each with a contact and a medicine, and a
/// staff member of B — imported by an all-services import, so that every record has a source id.
pub(super) struct Org {
    pub a: i64,
    pub b: i64,
}

fn person_row(source: &str, name: &str, service: &str) -> Incoming {
    incoming(
        EntityKind::Person,
        source,
        &[
            ("full_name", name),
            ("date_of_birth", "1940-01-02"),
            ("risk_tier", "low"),
            ("nhs_number", "943 476 5919"),
        ],
        &[("service_id", service)],
    )
}

fn contact_row(source: &str, person: &str) -> Incoming {
    incoming(
        EntityKind::Contact,
        source,
        &[
            ("rank", "1"),
            ("name", "Next of kin"),
            ("relationship", "Daughter"),
            ("phone", "07700 900123"),
        ],
        &[("person_id", person)],
    )
}

fn medicine_row(source: &str, person: &str, name: &str) -> Incoming {
    incoming(
        EntityKind::Medicine,
        source,
        &[
            ("name", name),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", "08:00, 20:00"),
        ],
        &[("person_id", person)],
    )
}

fn staff_row(source: &str, services: &[&str]) -> Incoming {
    let mut row = incoming(
        EntityKind::Staff,
        source,
        &[
            ("full_name", "Kim Shaw"),
            ("role", "care_worker"),
            ("phone", "07700 900456"),
        ],
        &[],
    );
    row.refs = vec![("services", services.iter().map(|s| s.to_string()).collect())];
    row
}

pub(super) async fn two_services(store: &Store) -> Org {
    let a = store.insert(&service("Alder House"), &actor(), now()).await.unwrap();
    let b = store.insert(&service("Birch Court"), &actor(), now()).await.unwrap();
    let mut records = Vec::new();
    for (source, name, service) in [
        ("A1", "Ann Lee", "Alder House"),
        ("A2", "Amy Roe", "Alder House"),
        ("B1", "Bob Birch", "Birch Court"),
        ("B2", "Ben Birch", "Birch Court"),
    ] {
        records.push(person_row(source, name, service));
        records.push(contact_row(&format!("{source}-c1"), source));
        records.push(medicine_row(&format!("M{source}"), source, "Paracetamol 500 mg"));
    }
    records.push(staff_row("SB", &["Birch Court"]));
    store
        .import(&records, &ImportOptions::default(), &actor(), now())
        .await
        .unwrap();
    Org { a, b }
}

/// Every record of every kind, ended or not, with its version, service and values: an import
/// that changed nothing leaves this exactly as it was.
pub(super) async fn snapshot(
    store: &Store,
) -> Vec<(EntityKind, i64, i64, Option<i64>, Option<jiff::Timestamp>, String)> {
    let mut out = Vec::new();
    for kind in EntityKind::ALL {
        let q = ListQuery {
            include_ended: true,
            limit: 10_000,
            ..Default::default()
        };
        for s in store.list(kind, &q).await.unwrap().items {
            let values = lantern_core::json::record_to_json_text(&s.record);
            out.push((kind, s.id, s.version, s.service_id, s.ended_at, values));
        }
    }
    out
}

pub(super) async fn id_of(store: &Store, kind: EntityKind, source: &str) -> i64 {
    let q = ListQuery {
        include_ended: true,
        limit: 10_000,
        ..Default::default()
    };
    let items = store.list(kind, &q).await.unwrap().items;
    items
        .into_iter()
        .find(|s| s.external_id.as_deref() == Some(source))
        .unwrap_or_else(|| panic!("no {kind:?} {source}"))
        .id
}

fn only(a: i64) -> ImportOptions {
    ImportOptions {
        access: ServiceAccess::Only(vec![a]),
        ..Default::default()
    }
}

/// Refused as a whole, each expected (row, field) named once, nothing of service B in any
/// message, nothing changed — in a dry run too.
async fn refused(store: &Store, records: &[Incoming], options: &ImportOptions, expected: &[(&str, Option<&str>)]) {
    let before = snapshot(store).await;
    for dry_run in [true, false] {
        let options = ImportOptions {
            dry_run,
            ..options.clone()
        };
        let errors = match store.import(records, &options, &actor(), now()).await {
            Err(ImportFailure::Invalid(errors)) => errors,
            other => panic!("expected the import refused (dry run {dry_run}), got {other:?}"),
        };
        let mut named: Vec<(String, Option<String>)> =
            errors.iter().map(|e| (e.location.clone(), e.field.clone())).collect();
        named.sort();
        let mut wanted: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(l, f)| (l.to_string(), f.map(String::from)))
            .collect();
        wanted.sort();
        assert_eq!(named, wanted, "dry run {dry_run}: {errors:#?}");
        for e in &errors {
            for secret in ["Bob", "Ben", "Birch", "943", "Paracetamol", "Kim"] {
                assert!(!e.reason.contains(secret), "'{secret}' told in {e:?}");
            }
        }
        assert_eq!(snapshot(store).await, before, "dry run {dry_run}: nothing changed");
    }
}

pub async fn a_limited_import_touches_no_record_of_another_service(store: &Store) {
    let Org { a, b } = two_services(store).await;
    let b1 = id_of(store, EntityKind::Person, "B1").await;
    store
        .end(
            EntityKind::Medicine,
            id_of(store, EntityKind::Medicine, "MB2").await,
            &actor(),
            now(),
        )
        .await
        .unwrap();

    // The reproduction: `#25,#5,HACKED VIA IMPORT,high` by a manager of A.
    let mut hacked = incoming(
        EntityKind::Person,
        &format!("#{b1}"),
        &[("full_name", "HACKED VIA IMPORT"), ("risk_tier", "high")],
        &[("service_id", &format!("#{b}"))],
    );
    hacked.origin = "people.csv row 2".into();
    refused(
        store,
        &[hacked.clone()],
        &only(a),
        &[("people.csv row 2", Some("source_id"))],
    )
    .await;
    match store.import(&[hacked.clone()], &only(a), &actor(), now()).await {
        Err(ImportFailure::Invalid(e)) => {
            assert_eq!(e[0].reason, format!("'#{b1}' is not a record of your services"))
        }
        other => panic!("{other:?}"),
    }

    // Every way in, in one import: each row named.
    let mut update_b_service = incoming(EntityKind::Service, "Birch Court", &[("phone", "07700 900999")], &[]);
    update_b_service.origin = "test Birch Court".into();
    let visit = incoming(
        EntityKind::Visit,
        "V1",
        &[("date", "2026-11-24"), ("start", "08:00"), ("duration_minutes", "30")],
        &[("service_id", "Alder House"), ("person_id", "B1")],
    );
    let new_service = incoming(
        EntityKind::Service,
        "Cedar Lodge",
        &[
            ("name", "Cedar Lodge"),
            ("service_type", "residential"),
            ("address", "2 Mill Lane"),
            ("manager_name", "Ann Lee"),
            ("on_call_phone", "07700 900123"),
        ],
        &[],
    );
    let records = vec![
        hacked,
        update_b_service,
        new_service,
        // A new person in B.
        person_row("N1", "New Person", "Birch Court"),
        // B's person moved into A.
        person_row("B2", "Ben Birch", "Alder House"),
        // A medicine for B's person; B's ended medicine restored; B's contact changed.
        medicine_row("MN", "B1", "Ibuprofen 200 mg"),
        medicine_row("MB2", "B2", "Paracetamol 500 mg"),
        contact_row("B1-c1", "B1"),
        visit,
        // A staff member whose services add B.
        staff_row("S1", &["Alder House", "Birch Court"]),
    ];
    refused(
        store,
        &records,
        &only(a),
        &[
            ("people.csv row 2", Some("source_id")),
            ("test Birch Court", None),
            ("test Cedar Lodge", None),
            ("test N1", Some("service_id")),
            ("test B2", Some("source_id")),
            ("test MN", Some("person_id")),
            ("test MB2", Some("source_id")),
            ("test B1-c1", Some("source_id")),
            ("test V1", Some("person_id")),
            ("test S1", Some("services")),
        ],
    )
    .await;

    // Applied one record per chunk, the same rows are refused.
    let before = snapshot(store).await;
    let mut session = store.begin_import(only(a), &actor(), now()).await.unwrap();
    for r in &records {
        session.apply(vec![r.clone()]).await.unwrap();
    }
    match session.finish().await {
        Err(ImportFailure::Invalid(e)) => assert_eq!(e.len(), records.len(), "{e:#?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(snapshot(store).await, before);

    // A user of no service at all may import nothing of any service.
    let nobody = ImportOptions {
        access: ServiceAccess::Only(Vec::new()),
        ..Default::default()
    };
    refused(
        store,
        &[person_row("A1", "Ann Lee", "Alder House")],
        &nobody,
        &[("test A1", Some("source_id"))],
    )
    .await;
}

fn summary_of(s: &ImportSummary) -> Vec<String> {
    s.lines()
}

pub async fn a_limited_import_within_its_services_applies(store: &Store) {
    let Org { a, .. } = two_services(store).await;
    let mut sb = staff_row("SB", &["Birch Court", "Alder House"]);
    sb.input.insert("phone".into(), InputVal::One("07700 900777".into()));
    let records = vec![
        person_row("A1", "Ann Lee-Smith", "Alder House"),
        person_row("A3", "Ada New", "Alder House"),
        contact_row("A3-c1", "A3"),
        medicine_row("MA3", "A3", "Ibuprofen 200 mg"),
        // Organisation-wide records stay importable; a reference already there may stay.
        staff_row("S1", &["Alder House"]),
        sb,
    ];
    let before = snapshot(store).await;
    let dry = store
        .import(
            &records,
            &ImportOptions {
                dry_run: true,
                ..only(a)
            },
            &actor(),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(snapshot(store).await, before, "a dry run changes nothing");
    let done = store.import(&records, &only(a), &actor(), now()).await.unwrap();
    assert_eq!(summary_of(&dry), summary_of(&done));
    assert_eq!(done.new[&EntityKind::Person], 1);
    assert_eq!(done.updated[&EntityKind::Person], 1);
    assert_eq!(done.updated[&EntityKind::Staff], 1);
    let ann = store
        .get(EntityKind::Person, id_of(store, EntityKind::Person, "A1").await)
        .await
        .unwrap();
    assert_eq!(ann.record.text("full_name"), "Ann Lee-Smith");
    let ada = id_of(store, EntityKind::Medicine, "MA3").await;
    assert_eq!(store.get(EntityKind::Medicine, ada).await.unwrap().service_id, Some(a));

    // An all-services import is unchanged: it may rename B's person.
    let b1 = id_of(store, EntityKind::Person, "B1").await;
    store
        .import(
            &[person_row("B1", "Bob Birch-Renamed", "Birch Court")],
            &ImportOptions::default(),
            &actor(),
            now(),
        )
        .await
        .unwrap();
    let bob = store.get(EntityKind::Person, b1).await.unwrap();
    assert_eq!(bob.record.text("full_name"), "Bob Birch-Renamed");
}

pub async fn a_limited_full_import_ends_only_its_services_missing_records(store: &Store) {
    let Org { a, b } = two_services(store).await;
    let current = |kind: EntityKind, service: i64| async move {
        let q = ListQuery {
            service: Some(service),
            ..Default::default()
        };
        let mut ids: Vec<String> = store
            .list(kind, &q)
            .await
            .unwrap()
            .items
            .into_iter()
            .filter_map(|s| s.external_id)
            .collect();
        ids.sort();
        ids
    };
    let full = |kind: EntityKind| ImportOptions {
        full: vec![kind],
        ..only(a)
    };
    // A complete people list from A's manager: A2 is missing, so A2 ends; B is not theirs.
    let s = store
        .import(
            &[person_row("A1", "Ann Lee", "Alder House")],
            &full(EntityKind::Person),
            &actor(),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(s.ended.get(&EntityKind::Person), Some(&1));
    assert_eq!(current(EntityKind::Person, a).await, vec!["A1"]);
    assert_eq!(current(EntityKind::Person, b).await, vec!["B1", "B2"]);
    // Likewise medicines: MA2 (of A's ended A2) ends, B's stay.
    let s = store
        .import(
            &[medicine_row("MA1", "A1", "Paracetamol 500 mg")],
            &full(EntityKind::Medicine),
            &actor(),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(s.ended.get(&EntityKind::Medicine), Some(&1));
    assert_eq!(current(EntityKind::Medicine, a).await, vec!["MA1"]);
    assert_eq!(current(EntityKind::Medicine, b).await, vec!["MB1", "MB2"]);
    // An all-services complete list covers the whole organisation, as before.
    let s = store
        .import(
            &[person_row("A1", "Ann Lee", "Alder House")],
            &ImportOptions {
                full: vec![EntityKind::Person],
                ..Default::default()
            },
            &actor(),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(s.ended.get(&EntityKind::Person), Some(&2));
    assert!(current(EntityKind::Person, b).await.is_empty());
}
