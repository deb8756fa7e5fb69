//! Imports applied chunk by chunk in one session: the parts of a record far apart, references
//! to records further on, a problem in the very last chunk, a dry run.

use super::{actor, count, import_people, incoming, now, service};
use lantern_core::incoming::Incoming;
use lantern_core::{EntityKind, InputVal};
use lantern_store::{ImportFailure, ImportOptions, ImportSummary, ListQuery, Store};

/// An allergy for a person, as a FHIR AllergyIntolerance arrives: a part of their record.
fn allergy(person: &str, what: &str) -> Incoming {
    let mut part = incoming(EntityKind::Person, person, &[], &[]);
    part.input.insert("allergies".into(), InputVal::Many(vec![what.into()]));
    part.additive = vec!["allergies".into()];
    part.origin = format!("test {person} allergy {what}");
    part
}

fn medicine(source: &str, person: &str) -> Incoming {
    incoming(
        EntityKind::Medicine,
        source,
        &[
            ("name", "Paracetamol 500 mg"),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", "08:00, 20:00"),
        ],
        &[("person_id", person)],
    )
}

/// P1 with its allergies spread over later chunks; P2's medicine and allergy before P2 itself.
fn scattered() -> Vec<Incoming> {
    let mut records = import_people(&[("P1", "Ann Lee")]);
    records.push(allergy("P1", "Penicillin"));
    records.push(medicine("M1", "P1"));
    records.push(allergy("P1", "Latex"));
    records.push(medicine("M2", "P2"));
    records.push(allergy("P2", "Nuts"));
    records.extend(import_people(&[("P2", "Bob Roe")]));
    records.push(allergy("P2", "Nuts"));
    records
}

async fn in_chunks(
    store: &Store,
    records: &[Incoming],
    size: usize,
    options: &ImportOptions,
) -> Result<ImportSummary, ImportFailure> {
    let mut session = store.begin_import(options.clone(), &actor(), now()).await?;
    for chunk in records.chunks(size) {
        session.apply(chunk.to_vec()).await?;
    }
    session.finish().await
}

async fn person(store: &Store, name: &str) -> lantern_store::Stored {
    let q = ListQuery {
        search: Some(name.into()),
        ..Default::default()
    };
    let found = store.list(EntityKind::Person, &q).await.unwrap().items;
    assert_eq!(found.len(), 1, "{name}");
    found.into_iter().next().unwrap()
}

pub async fn parts_and_references_across_chunks_make_one_record_and_version(store: &Store) {
    store.insert(&service("Northgate"), &actor(), now()).await.unwrap();
    let records = scattered();
    let whole = in_chunks(
        store,
        &records,
        records.len(),
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // One record per chunk: every part and reference crosses a chunk boundary.
    let s = in_chunks(store, &records, 1, &ImportOptions::default()).await.unwrap();
    assert_eq!(s, whole, "chunked as applied whole");
    assert_eq!(s.new[&EntityKind::Person], 2);
    assert_eq!(s.new[&EntityKind::Medicine], 2);
    assert_eq!(s.new[&EntityKind::Contact], 2);
    let ann = person(store, "Ann Lee").await;
    assert_eq!(
        ann.record.get("allergies"),
        &lantern_core::Val::Texts(vec!["Penicillin".into(), "Latex".into()])
    );
    let versions = store.history(EntityKind::Person, ann.id).await.unwrap();
    assert_eq!(versions.len(), 1, "one version per import");
    assert_eq!(
        versions[0].data["allergies"],
        serde_json::json!(["Penicillin", "Latex"]),
        "the version holds what the later parts added"
    );
    let bob = person(store, "Bob Roe").await;
    assert_eq!(
        bob.record.get("allergies"),
        &lantern_core::Val::Texts(vec!["Nuts".into()])
    );
    let meds = store
        .list(
            EntityKind::Medicine,
            &ListQuery {
                parent: Some(("person_id", bob.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(meds.total, 1, "the medicine before its person found them");

    // Again, chunked differently: nothing new, nothing changed, no new versions.
    let again = in_chunks(store, &records, 3, &ImportOptions::default()).await.unwrap();
    assert!(again.new.is_empty() && again.updated.is_empty(), "{again:?}");
    assert_eq!(again.unchanged[&EntityKind::Person], 2);
    assert_eq!(store.history(EntityKind::Person, ann.id).await.unwrap().len(), 1);

    // A later allergy in another import replaces the register's list rather than adding.
    let next = vec![allergy("P1", "Plasters")];
    let s = in_chunks(store, &next, 1, &ImportOptions::default()).await.unwrap();
    assert_eq!(s.updated[&EntityKind::Person], 1);
    let ann = person(store, "Ann Lee").await;
    assert_eq!(
        ann.record.get("allergies"),
        &lantern_core::Val::Texts(vec!["Plasters".into()])
    );
}

pub async fn a_problem_in_the_last_chunk_changes_nothing_and_is_located(store: &Store) {
    store.insert(&service("Northgate"), &actor(), now()).await.unwrap();
    let names: Vec<(String, String)> = (0..60).map(|n| (format!("P{n}"), format!("Person {n}"))).collect();
    let pairs: Vec<(&str, &str)> = names.iter().map(|(s, n)| (s.as_str(), n.as_str())).collect();
    let mut records = import_people(&pairs);
    records.push(medicine("M-bad", "P404"));
    let mut bad_dose = medicine("M-dose", "P1");
    bad_dose.input.insert("times".into(), InputVal::One("25:00".into()));
    records.push(bad_dose);
    match in_chunks(store, &records, 7, &ImportOptions::default()).await {
        Err(ImportFailure::Invalid(errors)) => {
            let found: Vec<(&str, Option<&str>)> = errors
                .iter()
                .map(|e| (e.location.as_str(), e.field.as_deref()))
                .collect();
            assert_eq!(
                found,
                [("test M-bad", Some("person_id")), ("test M-dose", Some("times"))],
                "{errors:?}"
            );
            assert!(errors[0].reason.contains("P404"), "{}", errors[0].reason);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    for kind in [EntityKind::Person, EntityKind::Contact, EntityKind::Medicine] {
        assert_eq!(
            count(store, kind).await,
            0,
            "{kind:?}: nothing of the earlier chunks stays"
        );
    }
}

pub async fn a_dry_run_says_what_the_import_then_does(store: &Store) {
    store.insert(&service("Northgate"), &actor(), now()).await.unwrap();
    let full = ImportOptions {
        full: vec![EntityKind::Person],
        ..Default::default()
    };
    in_chunks(
        store,
        &import_people(&[("P1", "Ann Lee"), ("P2", "Bob Roe"), ("P3", "Cat Cole")]),
        2,
        &full,
    )
    .await
    .unwrap();
    // Renamed, added, left and scattered: every kind of change, across chunks.
    let mut next = import_people(&[("P1", "Ann Lee-Smith"), ("P2", "Bob Roe")]);
    next.extend(scattered());
    let dry = ImportOptions {
        dry_run: true,
        ..full.clone()
    };
    let would = in_chunks(store, &next, 2, &dry).await.unwrap();
    assert_eq!(count(store, EntityKind::Medicine).await, 0, "a dry run changes nothing");
    assert_eq!(person(store, "Cat Cole").await.ended_at, None);
    let did = in_chunks(store, &next, 2, &full).await.unwrap();
    assert_eq!(would, did);
    assert_eq!(did.ended[&EntityKind::Person], 1);
    assert_eq!(
        did.updated[&EntityKind::Person],
        2,
        "P1 gained allergies, P2 an allergy"
    );
    assert_eq!(did.new[&EntityKind::Medicine], 2);
}

pub async fn two_source_ids_of_one_record_apply_one_after_the_other(store: &Store) {
    store.insert(&service("Northgate"), &actor(), now()).await.unwrap();
    in_chunks(
        store,
        &import_people(&[("P1", "Ann Lee")]),
        10,
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    let ann = person(store, "Ann Lee").await;
    let by_own_id = format!("#{}", ann.id);
    let mut records = import_people(&[("P1", "Ann Lee-Smith")]);
    records.truncate(1);
    records.extend(import_people(&[(by_own_id.as_str(), "Ann Smith")]).into_iter().take(1));
    // Both again in the next chunk, when both are this import's own.
    records.extend(records.clone());
    let s = in_chunks(store, &records, 2, &ImportOptions::default()).await.unwrap();
    assert_eq!(s.updated[&EntityKind::Person], 2, "{s:?}");
    let ann = person(store, "Ann Smith").await;
    assert_eq!(ann.version, 3, "two updates, as when applied one at a time");
}
