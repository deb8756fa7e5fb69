//! A person's contacts and medicines follow them to another service (issue [6], point 2), on
//! every path that changes a person's service: an edit, a CSV import, a FHIR import with a
//! service, and an import restoring an ended person into another service. Their visits stay in
//! the rota of the service that runs them.

use super::import_scope::id_of;
use super::{actor, incoming, service};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_store::{ImportOptions, ListQuery, MOVED_OUT, Store};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

struct Family {
    person: i64,
    contact: i64,
    medicine: i64,
    /// A medicine already stopped: it moves too, so the old service cannot read it either.
    stopped: i64,
    visit: i64,
}

impl Family {
    fn children(&self) -> [(EntityKind, i64); 3] {
        [
            (EntityKind::Contact, self.contact),
            (EntityKind::Medicine, self.medicine),
            (EntityKind::Medicine, self.stopped),
        ]
    }
}

fn ids(items: Vec<lantern_store::Stored>) -> Vec<i64> {
    items.into_iter().map(|s| s.id).collect()
}

async fn in_service(store: &Store, kind: EntityKind, service: i64) -> Vec<i64> {
    let q = ListQuery {
        service: Some(service),
        include_ended: true,
        limit: 10_000,
        ..Default::default()
    };
    ids(store.list(kind, &q).await.unwrap().items)
}

/// After a move at `when` from `from` to `to`: the person and every child are in `to`, the
/// visit still in its own service, the lists and the history per service agree.
async fn moved(store: &Store, f: &Family, from: i64, to: i64, when: Timestamp, visit_service: i64) {
    let person = store.get(EntityKind::Person, f.person).await.unwrap();
    assert_eq!(person.service_id, Some(to));
    for (kind, id) in f.children() {
        let child = store.get(kind, id).await.unwrap();
        assert_eq!(child.service_id, Some(to), "{kind:?} {id} follows its person");
        assert!(
            in_service(store, kind, to).await.contains(&id),
            "{kind:?} listed in the new service"
        );
        assert!(
            !in_service(store, kind, from).await.contains(&id),
            "{kind:?} gone from the old"
        );
    }
    let visit = store.get(EntityKind::Visit, f.visit).await.unwrap();
    assert_eq!(
        visit.service_id,
        Some(visit_service),
        "a visit stays in its service's rota"
    );
    // As the register stood just after the move: read in the new service, not in the old.
    let after = when.checked_add(jiff::SignedDuration::from_secs(1)).unwrap();
    for (kind, id) in [
        (EntityKind::Person, f.person),
        (EntityKind::Contact, f.contact),
        (EntityKind::Medicine, f.medicine),
    ] {
        let new = store.versions_at(kind, &[to], after, after).await.unwrap();
        let old = store.versions_at(kind, &[from], after, after).await.unwrap();
        assert!(new.iter().any(|(i, _)| *i == id), "{kind:?} read in the new service");
        assert!(
            !old.iter().any(|(i, _)| *i == id),
            "{kind:?} not read in the old service"
        );
    }
    // Both services' packs see the move: the new one as changes, the old one as records gone.
    let before = when.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap();
    let new = store.changes_since(to, before).await.unwrap();
    let old = store.changes_since(from, before).await.unwrap();
    for (kind, id) in std::iter::once((EntityKind::Person, f.person)).chain(f.children()) {
        let of = |c: &&lantern_store::ChangeRow| c.entity == kind.table() && c.record_id == id;
        assert!(
            new.iter().filter(of).any(|c| c.action != MOVED_OUT),
            "{kind:?} {id} in {new:#?}"
        );
        assert!(old.iter().filter(of).all(|c| c.action == MOVED_OUT), "{kind:?} {id}");
        assert!(old.iter().filter(of).count() >= 1, "{kind:?} {id} left the old service");
    }
}

fn csv_person(source: &str, service: &str) -> lantern_core::incoming::Incoming {
    incoming(
        EntityKind::Person,
        source,
        &[("full_name", "Amira Khan"), ("risk_tier", "high")],
        &[("service_id", service)],
    )
}

pub async fn a_person_s_contacts_and_medicines_follow_them_on_every_path(store: &Store) {
    let t0 = at("2026-11-24T08:00:00Z");
    let x = store.insert(&service("Alder House"), &actor(), t0).await.unwrap();
    let y = store.insert(&service("Birch Court"), &actor(), t0).await.unwrap();
    let mut setup = vec![csv_person("Patient/p1", "Alder House")];
    setup[0]
        .input
        .insert("date_of_birth".into(), lantern_core::InputVal::One("1941-02-03".into()));
    for (source, name) in [("M1", "Levodopa 100 mg"), ("M2", "Amoxicillin 500 mg")] {
        setup.push(incoming(
            EntityKind::Medicine,
            source,
            &[
                ("name", name),
                ("dose", "1 tablet"),
                ("route", "oral"),
                ("times", "08:00"),
            ],
            &[("person_id", "Patient/p1")],
        ));
    }
    setup.push(incoming(
        EntityKind::Contact,
        "C1",
        &[
            ("rank", "1"),
            ("name", "Sam Khan"),
            ("relationship", "Son"),
            ("phone", "07700 900123"),
        ],
        &[("person_id", "Patient/p1")],
    ));
    setup.push(incoming(
        EntityKind::Visit,
        "V1",
        &[("date", "2026-11-24"), ("start", "08:00"), ("duration_minutes", "30")],
        &[("service_id", "Alder House"), ("person_id", "Patient/p1")],
    ));
    store
        .import(&setup, &ImportOptions::default(), &actor(), t0)
        .await
        .unwrap();
    let f = Family {
        person: id_of(store, EntityKind::Person, "Patient/p1").await,
        contact: id_of(store, EntityKind::Contact, "C1").await,
        medicine: id_of(store, EntityKind::Medicine, "M1").await,
        stopped: id_of(store, EntityKind::Medicine, "M2").await,
        visit: id_of(store, EntityKind::Visit, "V1").await,
    };
    store.end(EntityKind::Medicine, f.stopped, &actor(), t0).await.unwrap();

    // 1. An edit (the form and PUT /api/v1/people/{id}): X → Y.
    let t1 = at("2026-11-24T09:00:00Z");
    let current = store.get(EntityKind::Person, f.person).await.unwrap();
    let mut input = current.record.to_input();
    input.insert("service_id".into(), lantern_core::InputVal::One(y.to_string()));
    let record = lantern_core::Record::parse(EntityKind::Person, &input).unwrap();
    store
        .update(f.person, &record, Some(current.version), &actor(), t1)
        .await
        .unwrap();
    moved(store, &f, x, y, t1, x).await;

    // 2. A CSV import: Y → X.
    let t2 = at("2026-11-24T10:00:00Z");
    let s = store
        .import(
            &[csv_person("Patient/p1", "Alder House")],
            &ImportOptions::default(),
            &actor(),
            t2,
        )
        .await
        .unwrap();
    assert_eq!(s.updated[&EntityKind::Person], 1);
    moved(store, &f, y, x, t2, x).await;

    // 3. The nightly FHIR import with a service: X → Y.
    let t3 = at("2026-11-24T11:00:00Z");
    let bundle = br#"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource":
        {"resourceType": "Patient", "id": "p1", "name": [{"given": ["Amira"], "family": "Khan"}]}}]}"#;
    let opts = lantern_import::fhir::FhirOptions {
        service_id: Some(y),
        file: "bundle.json".into(),
    };
    let batch = lantern_import::fhir::read_json(bundle, &opts);
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    store
        .import(&batch.records, &ImportOptions::default(), &actor(), t3)
        .await
        .unwrap();
    moved(store, &f, x, y, t3, x).await;

    // 4. Ended in Y, then restored by an import into X: Y → X.
    let t4 = at("2026-11-24T12:00:00Z");
    store.end(EntityKind::Person, f.person, &actor(), t4).await.unwrap();
    let t5 = at("2026-11-24T13:00:00Z");
    store
        .import(
            &[csv_person("Patient/p1", "Alder House")],
            &ImportOptions::default(),
            &actor(),
            t5,
        )
        .await
        .unwrap();
    let history = store.history(EntityKind::Person, f.person).await.unwrap();
    assert_eq!(history[0].action, "restore");
    moved(store, &f, y, x, t5, x).await;

    // Each move is one version of each child, and the child's values did not change.
    let medicine = store.history(EntityKind::Medicine, f.medicine).await.unwrap();
    assert_eq!(medicine.len(), 5, "created, then four moves");
    assert!(medicine.windows(2).all(|w| w[0].data == w[1].data));

    // The register as it stood before the first move still reads the medicine in X.
    let early = at("2026-11-24T08:30:00Z");
    let then = store
        .versions_at(EntityKind::Medicine, &[x], early, early)
        .await
        .unwrap();
    assert!(then.iter().any(|(i, _)| *i == f.medicine));
    let then = store
        .versions_at(EntityKind::Medicine, &[y], early, early)
        .await
        .unwrap();
    assert!(then.is_empty());
}

/// Within one chunked import: the medicine arrives in one chunk, the person's move in the next.
pub async fn a_move_in_a_later_chunk_takes_what_earlier_chunks_wrote(store: &Store) {
    let t0 = at("2026-11-24T08:00:00Z");
    let x = store.insert(&service("Alder House"), &actor(), t0).await.unwrap();
    let y = store.insert(&service("Birch Court"), &actor(), t0).await.unwrap();
    let mut person = csv_person("P1", "Alder House");
    person
        .input
        .insert("date_of_birth".into(), lantern_core::InputVal::One("1941-02-03".into()));
    store
        .import(&[person], &ImportOptions::default(), &actor(), t0)
        .await
        .unwrap();
    let t1 = at("2026-11-24T09:00:00Z");
    let mut session = store
        .begin_import(ImportOptions::default(), &actor(), t1)
        .await
        .unwrap();
    session
        .apply(vec![incoming(
            EntityKind::Medicine,
            "M1",
            &[
                ("name", "Levodopa"),
                ("dose", "1 tablet"),
                ("route", "oral"),
                ("times", "08:00"),
            ],
            &[("person_id", "P1")],
        )])
        .await
        .unwrap();
    session.apply(vec![csv_person("P1", "Birch Court")]).await.unwrap();
    session.finish().await.unwrap();
    let m = store
        .get(EntityKind::Medicine, id_of(store, EntityKind::Medicine, "M1").await)
        .await
        .unwrap();
    assert_eq!(m.service_id, Some(y));
    assert!(in_service(store, EntityKind::Medicine, x).await.is_empty());
}
