//! What the typed API answers share for the OpenAPI document: each answer is a Rust type deriving
//! `Serialize` (what is sent) and `utoipa::ToSchema` (what is documented), so the two cannot
//! drift. This module turns those types into `components.schemas` entries and `$ref`s, and
//! gives the schemas utoipa cannot work out itself: lantern-core's coded vocabularies (their
//! values as serde sends them) and jiff timestamps (sent as RFC 3339 text).

use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// `T`'s schema and every schema it refers to, added to `components.schemas`.
pub(crate) fn add<T: ToSchema>(out: &mut Map<String, Value>) {
    let mut all = vec![(T::name().into_owned(), T::schema())];
    T::schemas(&mut all);
    for (name, schema) in all {
        // A schema utoipa built always serialises; `Null` would show up as a broken
        // component in the document's own tests.
        out.insert(name, serde_json::to_value(schema).unwrap_or(Value::Null));
    }
}

/// A reference to `T`'s schema in `components.schemas`.
pub(crate) fn reference<T: ToSchema>() -> Value {
    json!({"$ref": format!("#/components/schemas/{}", T::name())})
}

/// A JSON response whose body is `T`.
pub(crate) fn ok<T: ToSchema>(text: &str) -> Value {
    json!({"description": text, "content": {"application/json": {"schema": reference::<T>()}}})
}

/// A schema written as JSON, for the few shapes utoipa's derive cannot express.
pub(crate) fn literal(schema: Value) -> RefOr<Schema> {
    serde_json::from_value(schema).unwrap_or_default()
}

/// One of `codes`, as the API sends a lantern-core vocabulary.
pub(crate) fn coded(codes: impl IntoIterator<Item = &'static str>) -> RefOr<Schema> {
    literal(json!({"type": "string", "enum": codes.into_iter().collect::<Vec<_>>()}))
}

/// One of `all`, as serde sends it (the codes come from the values, so they cannot drift).
pub(crate) fn serialized<T: serde::Serialize>(all: &[T]) -> RefOr<Schema> {
    let values: Vec<Value> = all.iter().filter_map(|v| serde_json::to_value(v).ok()).collect();
    literal(json!({"type": "string", "enum": values}))
}

/// One of `all` as serde sends it, or null when none was recorded.
pub(crate) fn serialized_or_null<T: serde::Serialize>(all: &[T]) -> RefOr<Schema> {
    let mut values: Vec<Value> = all.iter().filter_map(|v| serde_json::to_value(v).ok()).collect();
    values.push(Value::Null);
    literal(json!({"type": ["string", "null"], "enum": values}))
}

/// A moment as the API sends it (jiff's RFC 3339, UTC).
pub(crate) fn moment() -> RefOr<Schema> {
    literal(json!({"type": "string", "format": "date-time", "description": "RFC 3339, UTC"}))
}

/// A moment, or null when it has not happened.
pub(crate) fn moment_or_null() -> RefOr<Schema> {
    literal(json!({"type": ["string", "null"], "format": "date-time", "description": "RFC 3339, UTC"}))
}

/// A calendar day as the API sends it: YYYY-MM-DD.
pub(crate) fn day() -> RefOr<Schema> {
    literal(json!({"type": "string", "format": "date"}))
}

/// A schema function for each coded vocabulary the API answers with, named after it.
macro_rules! vocabulary {
    ($($fun:ident => $ty:ty, $shape:ident;)+) => {$(
        pub(crate) fn $fun() -> RefOr<Schema> {
            $shape(<$ty>::ALL)
        }
    )+};
}

use lantern_core::disruption::{CallOutcome, DisruptionKind, EntryKind, SafeCare, Scenario, VisitStatus};

vocabulary! {
    disruption_kind => DisruptionKind, serialized;
    scenario => Scenario, serialized;
    safe_care_or_null => SafeCare, serialized_or_null;
    visit_status => VisitStatus, serialized;
    call_outcome => CallOutcome, serialized;
    entry_kind => EntryKind, serialized;
}
