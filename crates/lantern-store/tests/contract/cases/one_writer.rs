//! A record written one at a time (create, update, end) and the same record imported (a
//! first import, a second with the change, a complete list without it) leave the same rows,
//! value for value, in its table and in record_history — apart from ids, and the import's
//! source id kept as the external id. Same actor, same times.

use super::incoming;
use lantern_core::incoming::Incoming;
use lantern_core::{EntityKind, Input, InputVal, Record};
use lantern_store::{Actor, ImportOptions, ListQuery, RawRow, RawValue, Store};
use std::collections::HashMap;

type Fields = &'static [(&'static str, &'static str)];

/// Each kind's fields at its first and second version, and the reference it makes.
struct Step {
    kind: EntityKind,
    source: &'static str,
    first: Fields,
    second: Fields,
    /// (field, source id of the target) — for the single write, the target's id.
    reference: Option<(&'static str, &'static str)>,
}

const STEPS: &[Step] = &[
    Step {
        kind: EntityKind::Service,
        source: "svc",
        first: &[
            ("name", "Alder House"),
            ("service_type", "home_care"),
            ("address", "1 Mill Lane, Ashby"),
            ("manager_name", "Ann Lee"),
            ("on_call_phone", "07700 900123"),
            ("units", "Ash\nBeech"),
        ],
        second: &[
            ("name", "Alder House"),
            ("service_type", "residential"),
            ("address", "1 Mill Lane, Ashby"),
            ("manager_name", "Ann Lee"),
            ("on_call_phone", "07700 900456"),
            ("units", "Ash"),
        ],
        reference: None,
    },
    Step {
        kind: EntityKind::Person,
        source: "per",
        first: &[
            ("full_name", "Zoë Ọkafor-Łukasz"),
            ("date_of_birth", "1941-02-03"),
            ("risk_tier", "high"),
            ("allergies", "Penicillin\nLatex"),
        ],
        second: &[
            ("full_name", "Zoë Ọkafor-Łukasz"),
            ("date_of_birth", "1941-02-03"),
            ("risk_tier", "medium"),
            ("allergies", "Penicillin"),
        ],
        reference: Some(("service_id", "svc")),
    },
    Step {
        kind: EntityKind::Medicine,
        source: "med",
        first: &[
            ("name", "Co-careldopa"),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", "06:00, 14:00, 22:00"),
            ("time_critical", "yes"),
        ],
        second: &[
            ("name", "Co-careldopa"),
            ("dose", "2 tablets"),
            ("route", "oral"),
            ("times", "06:00, 22:00"),
            ("time_critical", "yes"),
        ],
        reference: Some(("person_id", "per")),
    },
    Step {
        kind: EntityKind::Contact,
        source: "con",
        first: &[
            ("rank", "1"),
            ("name", "Sam Lee"),
            ("relationship", "Son"),
            ("phone", "07700 900123"),
        ],
        second: &[
            ("rank", "1"),
            ("name", "Sam Lee"),
            ("relationship", "Son"),
            ("phone", "07700 900999"),
        ],
        reference: Some(("person_id", "per")),
    },
];

fn at(hour: u8) -> jiff::Timestamp {
    format!("2026-11-24T{hour:02}:00:00Z").parse().unwrap()
}

fn record(step: &Step, fields: Fields, target: Option<i64>) -> Record {
    let mut input: Input = fields
        .iter()
        .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
        .collect();
    if let (Some((field, _)), Some(id)) = (step.reference, target) {
        input.insert(field.to_string(), InputVal::One(id.to_string()));
    }
    Record::parse(step.kind, &input).unwrap()
}

fn rows(second: bool) -> Vec<Incoming> {
    STEPS
        .iter()
        .map(|s| {
            let refs: Vec<_> = s.reference.into_iter().collect();
            incoming(s.kind, s.source, if second { s.second } else { s.first }, &refs)
        })
        .collect()
}

pub async fn a_record_written_one_at_a_time_and_imported_leaves_the_same_rows(store: &Store) {
    let actor = Actor::system("same hand");
    // One at a time, as the register's pages do.
    let mut single: HashMap<&str, i64> = HashMap::new();
    for s in STEPS {
        let target = s.reference.map(|(_, t)| single[t]);
        let id = store.insert(&record(s, s.first, target), &actor, at(9)).await.unwrap();
        single.insert(s.source, id);
    }
    for s in STEPS {
        let target = s.reference.map(|(_, t)| single[t]);
        let new = record(s, s.second, target);
        store
            .update(single[s.source], &new, Some(1), &actor, at(10))
            .await
            .unwrap();
    }
    let medicine = single["med"];
    store.end(EntityKind::Medicine, medicine, &actor, at(11)).await.unwrap();

    // The same through the import, as `lantern import csv` does.
    store
        .import(&rows(false), &Default::default(), &actor, at(9))
        .await
        .unwrap();
    store
        .import(&rows(true), &Default::default(), &actor, at(10))
        .await
        .unwrap();
    let complete_without_the_medicine = ImportOptions {
        full: vec![EntityKind::Medicine],
        ..Default::default()
    };
    let summary = store
        .import(&[], &complete_without_the_medicine, &actor, at(11))
        .await
        .unwrap();
    assert_eq!(summary.ended.get(&EntityKind::Medicine), Some(&1));

    let mut imported: HashMap<&str, i64> = HashMap::new();
    for s in STEPS {
        let all = ListQuery {
            include_ended: true,
            limit: 100,
            ..Default::default()
        };
        let found = store.list(s.kind, &all).await.unwrap().items;
        let by_source = found.iter().find(|r| r.external_id.as_deref() == Some(s.source));
        imported.insert(s.source, by_source.expect("the import wrote it").id);
    }

    // Ids in either set stand for the same name, so that the rows can be compared.
    let names: HashMap<(&str, i64), &str> = STEPS
        .iter()
        .flat_map(|s| {
            [
                ((s.kind.table(), single[s.source]), s.source),
                ((s.kind.table(), imported[s.source]), s.source),
            ]
        })
        .collect();
    for s in STEPS {
        let table = s.kind.table();
        let (a, b) = (single[s.source], imported[s.source]);
        let mut rows = store.raw_rows_for_tests(table, &[a, b]).await.unwrap();
        let (b_row, a_row) = (rows.pop().unwrap(), rows.pop().unwrap());
        assert_eq!(value(&a_row, "external_id"), &RawValue::Null);
        assert_eq!(value(&b_row, "external_id"), &RawValue::Text(s.source.into()));
        let a_row = same_names(s.kind, a_row, &names);
        let b_row = same_names(s.kind, b_row, &names);
        assert_rows_equal(table, &a_row, &b_row);

        let a_history = history(store, s.kind, a, &names).await;
        let b_history = history(store, s.kind, b, &names).await;
        let expected = if s.kind == EntityKind::Medicine { 3 } else { 2 };
        assert_eq!(a_history.len(), expected, "{table}: versions written one at a time");
        assert_eq!(b_history.len(), expected, "{table}: versions imported");
        for (x, y) in a_history.iter().zip(&b_history) {
            assert_rows_equal(&format!("record_history of {table}"), x, y);
        }
    }
}

/// The record_history rows of one record, oldest first, with ids named.
async fn history(store: &Store, kind: EntityKind, id: i64, names: &HashMap<(&str, i64), &str>) -> Vec<RawRow> {
    let ids = store
        .raw_ids_for_tests("record_history", "record_id", id)
        .await
        .unwrap();
    let rows = store.raw_rows_for_tests("record_history", &ids).await.unwrap();
    rows.into_iter()
        .filter(|r| value(r, "entity") == &RawValue::Text(kind.table().into()))
        .map(|r| same_names(kind, r, names))
        .collect()
}

fn value<'r>(row: &'r RawRow, column: &str) -> &'r RawValue {
    &row.iter().find(|(c, _)| c == column).unwrap().1
}

/// The row with every id replaced by the name of what it stands for, the external id left
/// out, and record_history's JSON with its references named too (after checking that the
/// text is exactly the compact JSON, so that naming loses nothing of its bytes).
fn same_names(kind: EntityKind, row: RawRow, names: &HashMap<(&str, i64), &str>) -> RawRow {
    let name = |table: &str, v: &RawValue| match v {
        RawValue::Int(id) => names
            .get(&(table, *id))
            .map(|n| RawValue::Text(format!("<{n}>")))
            .unwrap_or_else(|| v.clone()),
        _ => v.clone(),
    };
    let references: HashMap<&str, &str> = kind
        .spec()
        .references()
        .map(|(f, target)| (f.name, target.table()))
        .collect();
    let history = row.iter().any(|(c, _)| c == "record_id");
    row.into_iter()
        .filter(|(c, _)| c != "external_id" && !(history && c == "id"))
        .map(|(c, v)| {
            let v = match c.as_str() {
                "id" | "record_id" => name(kind.table(), &v),
                "scope_service_id" | "service_id" if !references.contains_key(c.as_str()) || history => {
                    name("services", &v)
                }
                "data" if history => named_json(&v, &references, &name),
                field => match references.get(field) {
                    Some(target) => name(target, &v),
                    None => v,
                },
            };
            (c, v)
        })
        .collect()
}

fn named_json(v: &RawValue, references: &HashMap<&str, &str>, name: &impl Fn(&str, &RawValue) -> RawValue) -> RawValue {
    let RawValue::Text(text) = v else { return v.clone() };
    let mut json: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).unwrap();
    assert_eq!(
        &serde_json::to_string(&json).unwrap(),
        text,
        "history data is compact JSON"
    );
    for (field, target) in references {
        if let Some(serde_json::Value::Number(n)) = json.get(*field)
            && let RawValue::Text(named) = name(target, &RawValue::Int(n.as_i64().unwrap()))
        {
            json.insert(field.to_string(), serde_json::Value::String(named));
        }
    }
    RawValue::Text(serde_json::to_string(&json).unwrap())
}

fn assert_rows_equal(what: &str, a: &RawRow, b: &RawRow) {
    let columns = |r: &RawRow| r.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
    assert_eq!(columns(a), columns(b), "{what}: columns");
    for ((column, x), (_, y)) in a.iter().zip(b) {
        assert_eq!(x, y, "{what}, column {column}: written one at a time ≠ imported");
    }
}
