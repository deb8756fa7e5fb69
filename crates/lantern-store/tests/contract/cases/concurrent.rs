//! Many writers at once — register saves (some refused: a stale version, a bad reference), new
//! records, sessions, audit lines, pack builds, timeline entries and a whole import — and not
//! one of them fails because another was writing: on SQLite "database is locked" must never
//! reach a user.

use jiff::Timestamp;
use lantern_core::incoming::Incoming;
use lantern_core::{EntityKind, Input, InputVal, Record};
use lantern_store::{Actor, AuditEntry, ImportOptions, ListQuery, NewPack, Store, StoreError};

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn supplier(name: &str) -> Record {
    let input: Input = [("name".to_string(), InputVal::One(name.to_string()))]
        .into_iter()
        .collect();
    Record::parse(EntityKind::Supplier, &input).unwrap()
}

/// True for the errors a writer must never see.
fn busy(e: &StoreError) -> bool {
    let text = format!("{e:?}").to_lowercase();
    text.contains("locked") || text.contains("busy")
}

pub async fn concurrent_writers_never_meet_a_locked_database(store: &Store) {
    writers_on(std::slice::from_ref(store)).await;
}

/// Writers spread over `stores` — one store, or several opened on one database as several
/// `lantern` processes would (a nightly import while `serve` runs).
pub async fn writers_on(stores: &[Store]) {
    let store = &stores[0];
    let demo = lantern_core::demo::generate(&Default::default(), jiff::civil::date(2026, 11, 24));
    store
        .seed_demo(&demo, &[], &Actor::system("test"), now())
        .await
        .unwrap();
    let q = ListQuery {
        limit: 40,
        ..Default::default()
    };
    let people = store.list(EntityKind::Person, &q).await.unwrap().items;
    let services = store.list(EntityKind::Service, &q).await.unwrap().items;
    const WRITERS: usize = 8;
    const EACH: usize = 250;
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let store = stores[w % stores.len()].clone();
        let person = people[w % people.len()].clone();
        // A service of its own, so that its pack versions follow one another.
        let service = services.get(w).map(|s| s.id);
        tasks.push(tokio::spawn(async move {
            let actor = Actor::system(&format!("writer {w}"));
            let (mut ok, mut refused, mut locked) = (0usize, 0usize, Vec::new());
            for n in 0..EACH {
                let result = match n % 5 {
                    // A save of a person, then a stale one (refused as a conflict).
                    0 => store
                        .update(person.id, &person.record, None, &actor, now())
                        .await
                        .map(|_| ()),
                    1 => store
                        .update(person.id, &person.record, Some(1), &actor, now())
                        .await
                        .map(|_| ()),
                    2 => store
                        .insert(&supplier(&format!("S{w}-{n}")), &actor, now())
                        .await
                        .map(|_| ()),
                    3 => {
                        let entry = AuditEntry::new(now(), None, "test", "view", format!("view {w}-{n}"));
                        store.audit(&entry).await
                    }
                    _ => match service {
                        Some(service_id) => match store.next_pack_version(service_id).await {
                            Ok(version) => {
                                let fingerprint = format!("f{w}-{n}");
                                let pack = NewPack {
                                    service_id,
                                    version,
                                    first_day: "2026-11-24".into(),
                                    last_day: "2026-11-25".into(),
                                    built_at: now(),
                                    built_by: "test",
                                    fingerprint: &fingerprint,
                                    pages: 1,
                                    document: "{}",
                                    sources: "[]",
                                    pdf: b"%PDF",
                                };
                                store.save_pack(&pack).await.map(|_| ())
                            }
                            Err(e) => Err(e),
                        },
                        None => {
                            let entry = AuditEntry::new(now(), None, "test", "export", format!("export {w}-{n}"));
                            store.audit(&entry).await
                        }
                    },
                };
                match result {
                    Ok(()) => ok += 1,
                    Err(e) if busy(&e) => locked.push(format!("{e:?}")),
                    Err(_) => refused += 1,
                }
            }
            (ok, refused, locked)
        }));
    }
    // And an import of a thousand records while they write.
    let importer = {
        let store = stores[stores.len() - 1].clone();
        tokio::spawn(async move {
            let records: Vec<Incoming> = (0..1000)
                .map(|n| Incoming {
                    kind: EntityKind::Supplier,
                    source_id: format!("IMP{n}"),
                    input: [("name".to_string(), InputVal::One(format!("Imported {n}")))]
                        .into_iter()
                        .collect(),
                    defaults: Input::new(),
                    refs: Vec::new(),
                    additive: Vec::new(),
                    origin: format!("suppliers.csv row {}", n + 2),
                    elements: Vec::new(),
                })
                .collect();
            store
                .import(&records, &ImportOptions::default(), &Actor::system("import"), now())
                .await
                .map(|_| ())
                .map_err(|e| format!("{e:?}"))
        })
    };
    let (mut ok, mut refused, mut locked) = (0, 0, Vec::new());
    for t in tasks {
        let (o, r, l) = t.await.unwrap();
        ok += o;
        refused += r;
        locked.extend(l);
    }
    let imported = importer.await.unwrap();
    assert!(
        locked.is_empty(),
        "{} of {} writes met a locked database: {:?}",
        locked.len(),
        WRITERS * EACH,
        &locked[..locked.len().min(3)]
    );
    assert!(imported.is_ok(), "the import failed: {imported:?}");
    assert_eq!(refused, WRITERS * EACH / 5, "only the stale saves are refused");
    assert_eq!(ok + refused, WRITERS * EACH);
}
