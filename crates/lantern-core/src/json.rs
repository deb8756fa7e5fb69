//! Records as JSON objects and JSON objects as raw input: one shape for the API, the history
//! of every record and (later) imports.

use crate::entity::{EntityKind, Record};
use crate::field::{FieldErrors, FieldKind, Input, InputVal, Val};
use serde_json::{Map, Value, json};

/// A record as a JSON object, typed per field: numbers for counts and ids, booleans for flags,
/// arrays for lists, `{first, second}` objects for pairs, `null` for empty.
pub fn record_to_json(record: &Record) -> Map<String, Value> {
    record
        .values()
        .map(|(f, v)| (f.name.to_string(), val_to_json(f.kind, v)))
        .collect()
}

/// [`record_to_json`] as text, written directly: the same bytes as serialising the object
/// (keys in order), without building it — an import writes one per record to its history.
pub fn record_to_json_text(record: &Record) -> String {
    let mut fields: Vec<_> = record.values().collect();
    fields.sort_unstable_by_key(|(f, _)| f.name);
    let mut out = Vec::with_capacity(64 * fields.len());
    out.push(b'{');
    for (i, (f, v)) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing JSON into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, f.name);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, &val_to_json(f.kind, v));
    }
    out.push(b'}');
    String::from_utf8(out).unwrap_or_default()
}

fn val_to_json(kind: FieldKind, v: &Val) -> Value {
    match v {
        Val::Empty => match kind {
            k if k.is_list() => json!([]),
            FieldKind::Bool => json!(false),
            _ => Value::Null,
        },
        Val::Bool(b) => json!(b),
        Val::Int(n) | Val::Ref(n) => json!(n),
        Val::Nhs(n) => json!(n.digits()),
        Val::Phone(p) => json!(p.digits()),
        Val::Times(t) => json!(t.iter().map(|t| t.to_string()).collect::<Vec<_>>()),
        Val::Texts(t) => json!(t),
        Val::Refs(ids) => json!(ids),
        Val::Pairs(pairs) => match kind {
            FieldKind::Pairs { .. } => Value::Array(
                pairs
                    .iter()
                    .map(|(a, b)| json!({ pair_keys(kind).0: a, pair_keys(kind).1: b }))
                    .collect(),
            ),
            _ => Value::Null,
        },
        other => json!(other.text()),
    }
}

/// JSON keys of a pair field's objects, from its labels: "risk" and "what_to_do".
pub fn pair_keys(kind: FieldKind) -> (String, String) {
    match kind {
        FieldKind::Pairs { first, second } => (snake(first), snake(second)),
        _ => (String::new(), String::new()),
    }
}

fn snake(label: &str) -> String {
    label.to_lowercase().split_whitespace().collect::<Vec<_>>().join("_")
}

/// A JSON object as raw input for `kind`, with the values of the wrong JSON type reported by
/// field. Unknown keys are kept, so that [`Record::parse`] names them with everything else.
pub fn json_to_input(kind: EntityKind, object: &Map<String, Value>) -> (Input, FieldErrors) {
    let spec = kind.spec();
    let mut input = Input::new();
    let mut errors = FieldErrors::default();
    for (key, value) in object {
        match to_input_val(spec.field(key).map(|f| f.kind), value) {
            Ok(Some(v)) => {
                input.insert(key.clone(), v);
            }
            Ok(None) => {}
            Err(e) => errors.add(key, e),
        }
    }
    (input, errors)
}

/// A record from JSON the store wrote itself (history), without today's cross-field rules.
pub fn record_from_stored_json(kind: EntityKind, object: &Map<String, Value>) -> Option<Record> {
    let (input, errors) = json_to_input(kind, object);
    if !errors.is_empty() {
        return None;
    }
    Record::parse_stored(kind, &input).ok()
}

/// Parses a JSON object into a record, reporting every problem at once.
pub fn record_from_json(kind: EntityKind, object: &Map<String, Value>) -> Result<Record, FieldErrors> {
    let (input, mut errors) = json_to_input(kind, object);
    match Record::parse(kind, &input) {
        Ok(record) => errors.into_result(record),
        Err(more) => {
            for (field, message) in more.0 {
                errors.add(&field, message);
            }
            Err(errors)
        }
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn to_input_val(kind: Option<FieldKind>, value: &Value) -> Result<Option<InputVal>, String> {
    match (kind, value) {
        (_, Value::Null) => Ok(None),
        (Some(k @ FieldKind::Pairs { .. }), Value::Array(items)) => {
            let (a, b) = pair_keys(k);
            let mut pairs = Vec::new();
            for item in items {
                let obj = item
                    .as_object()
                    .ok_or(format!("each entry is an object with \"{a}\" and \"{b}\""))?;
                let get = |key: &str| obj.get(key).and_then(scalar).unwrap_or_default();
                pairs.push((get(&a), get(&b)));
            }
            Ok(Some(InputVal::Pairs(pairs)))
        }
        (_, Value::Array(items)) => {
            let texts = items.iter().map(scalar).collect::<Option<Vec<_>>>();
            texts
                .map(|t| Some(InputVal::Many(t)))
                .ok_or_else(|| "expected a list of values".to_string())
        }
        (_, Value::Object(_)) => Err("expected a value, not an object".into()),
        (_, v) => Ok(scalar(v).map(InputVal::One)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_round_trips_through_json() {
        let body = json!({
            "service_id": 3, "full_name": "Siân Ọkafor", "date_of_birth": "1950-02-03",
            "risk_tier": "high", "nhs_number": "943 476 5919",
            "key_risks": [{"risk": "Choking", "what_to_do": "Soft diet"}],
            "allergies": ["Penicillin"]
        });
        let record = record_from_json(EntityKind::Person, body.as_object().unwrap()).unwrap();
        let out = record_to_json(&record);
        assert_eq!(out["nhs_number"], json!("9434765919"));
        assert_eq!(out["key_risks"][0]["what_to_do"], json!("Soft diet"));
        let again = record_from_json(EntityKind::Person, &out).unwrap();
        assert_eq!(again, record);
        assert_eq!(
            record_to_json_text(&record),
            Value::Object(out).to_string(),
            "the direct text is the serialised object"
        );
    }

    #[test]
    fn wrong_json_types_are_named() {
        let body = json!({"name": {"x": 1}, "support_phone": [["nested"]], "bogus": 1});
        let e = record_from_json(EntityKind::Supplier, body.as_object().unwrap()).unwrap_err();
        assert!(e.get("name").is_some() && e.get("support_phone").is_some() && e.get("bogus").is_some());
    }
}
