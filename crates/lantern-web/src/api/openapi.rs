//! The OpenAPI 3.1 document, generated from the same entity specs that parse requests, so
//! the document cannot drift from what the API accepts; every other answer's schema comes
//! from the type its handler sends (`api::schema`), so it cannot drift from what is sent.

use axum::Json;
use lantern_core::json::pair_keys;
use lantern_core::{EntityKind, FieldKind, FieldSpec};
use serde_json::{Map, Value, json};

use super::schema;
use crate::register::import_json::ImportReport;

fn field_schema(f: &FieldSpec) -> Value {
    let mut s = match f.kind {
        FieldKind::Text { max } => json!({"type": "string", "maxLength": max}),
        FieldKind::LongText => json!({"type": "string"}),
        FieldKind::Choice(options) => {
            json!({"type": "string", "enum": options.iter().map(|(v, _)| v).collect::<Vec<_>>()})
        }
        FieldKind::Bool => json!({"type": "boolean"}),
        FieldKind::Int { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        FieldKind::Date => {
            json!({"type": "string", "format": "date", "description": "YYYY-MM-DD (DD/MM/YYYY accepted)"})
        }
        FieldKind::Time => {
            json!({"type": "string", "pattern": "^[0-2]?[0-9]:[0-5][0-9]$", "description": "Europe/London wall-clock HH:MM"})
        }
        FieldKind::TimeList => {
            json!({"type": "array", "items": {"type": "string", "pattern": "^[0-2]?[0-9]:[0-5][0-9]$"}})
        }
        FieldKind::TextList => json!({"type": "array", "items": {"type": "string"}}),
        FieldKind::Pairs { .. } => {
            let (a, b) = pair_keys(f.kind);
            json!({"type": "array", "items": {"type": "object", "properties": {a.clone(): {"type": "string"}, b: {"type": "string"}}, "required": [a]}})
        }
        FieldKind::Nhs => {
            json!({"type": "string", "pattern": "^[0-9 ]{10,12}$", "description": "NHS number; the modulus-11 check digit is verified"})
        }
        FieldKind::Phone => json!({"type": "string", "description": "UK phone number"}),
        FieldKind::Email => json!({"type": "string", "format": "email"}),
        FieldKind::CqcLocation => json!({"type": "string", "pattern": "^1-[0-9]{6,11}$"}),
        FieldKind::Postcode => json!({"type": "string"}),
        FieldKind::Ref(k) => {
            json!({"type": "integer", "description": format!("id of a {}", k.spec().singular_in_text())})
        }
        FieldKind::RefList(k) => {
            json!({"type": "array", "items": {"type": "integer"}, "description": format!("ids of {}", k.spec().plural_in_text())})
        }
    };
    if let Some(obj) = s.as_object_mut() {
        obj.insert("title".into(), json!(f.label));
        if !f.help.is_empty() && !obj.contains_key("description") {
            obj.insert("description".into(), json!(f.help));
        }
    }
    s
}

/// `s`, or null.
fn or_null(mut s: Value) -> Value {
    if let Some(Value::String(t)) = s.get("type").cloned() {
        s["type"] = json!([t, "null"]);
    }
    if let Some(Value::Array(values)) = s.get_mut("enum") {
        values.push(Value::Null);
    }
    s
}

fn schemas() -> Map<String, Value> {
    let mut out = Map::new();
    for kind in EntityKind::ALL {
        let spec = kind.spec();
        let props: Map<String, Value> = spec
            .fields
            .iter()
            .map(|f| (f.name.to_string(), field_schema(f)))
            .collect();
        let required: Vec<&str> = spec.fields.iter().filter(|f| f.required).map(|f| f.name).collect();
        let name = schema_name(kind);
        out.insert(
            format!("{name}Input"),
            json!({"type": "object", "properties": props, "required": required, "additionalProperties": false}),
        );
        // A stored record answers null for an optional field left empty.
        let mut stored: Map<String, Value> = spec
            .fields
            .iter()
            .map(|f| {
                let s = field_schema(f);
                (f.name.to_string(), if f.required { s } else { or_null(s) })
            })
            .collect();
        stored.insert("id".into(), json!({"type": "integer"}));
        stored.insert("version".into(), json!({"type": "integer", "description": "send it back on PUT to refuse overwriting someone else's change"}));
        stored.insert("updated_at".into(), json!({"type": "string", "format": "date-time"}));
        stored.insert(
            "ended_at".into(),
            json!({"type": ["string", "null"], "format": "date-time"}),
        );
        out.insert(name, json!({"type": "object", "properties": stored}));
    }
    out.insert(
        "Error".into(),
        json!({"type": "object", "properties": {
            "error": {"type": "string", "description": "snake_case code"},
            "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}}
        }, "required": ["error", "message"]}),
    );
    out
}

/// The register's schemas, and those of every typed answer of the other endpoints.
fn all_schemas() -> Map<String, Value> {
    let mut out = schemas();
    crate::register::import_json::schemas(&mut out);
    crate::respond::api_json::schemas(&mut out);
    crate::respond::board_json::schemas(&mut out);
    crate::recover::api_json::schemas(&mut out);
    crate::accounts::api_json::schemas(&mut out);
    crate::packs::api_json::schemas(&mut out);
    crate::recover::sheets_api::schemas(&mut out);
    crate::govern::openapi::what_if_schemas(&mut out);
    crate::govern::openapi::device_schemas(&mut out);
    crate::govern::openapi::risk_schemas(&mut out);
    crate::govern::openapi::incident_review_schemas(&mut out);
    crate::govern::openapi::assurance_schemas(&mut out);
    crate::govern::governance_api::schemas(&mut out);
    crate::govern::readiness_api::schemas(&mut out);
    crate::govern::calendar_api::schemas(&mut out);
    schema::add::<super::audit::AuditLog>(&mut out);
    out
}

fn schema_name(kind: EntityKind) -> String {
    format!("{kind:?}")
}

pub(crate) fn error(text: &str) -> Value {
    json!({"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// Responses: the listed errors plus the auth errors every endpoint can give.
pub(crate) fn responses(ok: (&str, Value), errors: &[(&str, &str)]) -> Value {
    let mut r = Map::new();
    r.insert(ok.0.to_string(), ok.1);
    r.insert("401".into(), error("no token, or an unknown or revoked one"));
    r.insert("403".into(), error("the token's user may not do this"));
    for (code, text) in errors {
        r.insert(code.to_string(), error(text));
    }
    Value::Object(r)
}

fn paths() -> Map<String, Value> {
    let mut out = Map::new();
    for kind in EntityKind::ALL {
        let spec = kind.spec();
        let name = schema_name(kind);
        let item = json!({"$ref": format!("#/components/schemas/{name}")});
        let input = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}Input")}}}});
        let page = json!({"type": "object", "properties": {"items": {"type": "array", "items": item}, "total": {"type": "integer"}}});
        let content =
            |schema: &Value| json!({"description": "OK", "content": {"application/json": {"schema": schema}}});
        let list_r = responses(("200", content(&page)), &[("422", "a bad query parameter")]);
        let create_r = responses(
            ("201", content(&item)),
            &[("400", "malformed JSON"), ("422", "invalid fields, named in `fields`")],
        );
        let one_r = responses(("200", content(&item)), &[("404", "no such record")]);
        let update_r = responses(
            ("200", content(&item)),
            &[
                ("400", "malformed JSON"),
                ("404", "no such record"),
                ("409", "changed since the given version"),
                ("422", "invalid fields, named in `fields`"),
            ],
        );
        let plural = spec.plural_in_text();
        let singular = spec.singular_in_text();
        out.insert(format!("/api/v1/{}", spec.slug), json!({
            "get": {"summary": format!("List {plural}"), "tags": [spec.plural], "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "search words"},
                {"name": "service", "in": "query", "schema": {"type": "integer"}},
                {"name": "date", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "visits and shifts on this day"},
                {"name": "include_ended", "in": "query", "schema": {"type": "boolean"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 1000}},
                {"name": "offset", "in": "query", "schema": {"type": "integer"}}
            ], "responses": list_r},
            "post": {"summary": format!("Add a {singular}"), "tags": [spec.plural], "requestBody": input, "responses": create_r},
        }));
        let id_param = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
        out.insert(format!("/api/v1/{}/{{id}}", spec.slug), json!({
            "parameters": id_param,
            "get": {"summary": format!("Read a {singular}"), "tags": [spec.plural], "responses": one_r},
            "put": {"summary": format!("Replace a {singular}"), "tags": [spec.plural], "requestBody": input, "responses": update_r},
            "delete": {"summary": format!("End a {singular} (kept in history, never erased)"), "tags": [spec.plural], "responses": one_r},
        }));
    }
    out
}

/// The import endpoints: a nightly sync pushes files as they are.
fn import_paths(out: &mut Map<String, Value>) {
    let report = schema::ok::<ImportReport>("what changed (or, with dry_run, would change)");
    let refused = schema::ok::<ImportReport>("every problem, located, in `errors`; nothing was changed");
    let flag = |name: &str, what: &str| json!({"name": name, "in": "query", "schema": {"type": "boolean"}, "description": what});
    out.insert("/api/v1/import/csv/{slug}".into(), json!({"post": {
        "summary": "Import a CSV file in a Lantern template (docs/import/), or a learning platform's completions export as `training-provider` (docs/import/training-provider.md), all or nothing; a user of some services imports only into theirs",
        "tags": ["Import"],
        "parameters": [
            {"name": "slug", "in": "path", "required": true, "schema": {"type": "string", "enum": EntityKind::ALL.iter().map(|k| k.slug()).chain(["training-provider"]).collect::<Vec<_>>()}},
            flag("dry_run", "work out the changes and change nothing"),
            flag("partial", "the file is not a complete list: end nobody missing from it")
        ],
        "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}},
        "responses": {"200": report, "422": refused, "401": error("no token"), "403": error("the token's user may not import"),
                      "413": error("larger than 512 MiB"), "503": error("two imports are already running: try again after Retry-After seconds")}
    }}));
    out.insert("/api/v1/import/fhir".into(), json!({"post": {
        "summary": "Import a FHIR R4 (UK Core) Bundle or resource, or NDJSON, all or nothing",
        "tags": ["Import"],
        "parameters": [
            {"name": "service", "in": "query", "schema": {"type": "integer"}, "description": "the service imported people and visits join"},
            flag("dry_run", "work out the changes and change nothing"),
            flag("ndjson", "the body is NDJSON, one resource per line")
        ],
        "requestBody": {"required": true, "content": {"application/fhir+json": {"schema": {"type": "object"}}, "application/x-ndjson": {"schema": {"type": "string"}}}},
        "responses": {"200": report, "422": refused, "401": error("no token"), "403": error("the token's user may not import"),
                      "404": error("no such service, or not one of the token's user's"),
                      "413": error("a JSON document larger than 32 MiB (send NDJSON), or NDJSON larger than 512 MiB"),
                      "503": error("two imports are already running: try again after Retry-After seconds")}
    }}));
}

pub fn document() -> Value {
    let mut all_paths = paths();
    import_paths(&mut all_paths);
    crate::respond::openapi::disruption_paths(&mut all_paths);
    crate::accounts::openapi::user_paths(&mut all_paths);
    crate::packs::openapi::pack_paths(&mut all_paths);
    crate::packs::openapi::recovery_paths(&mut all_paths);
    crate::recover::openapi::sheet_paths(&mut all_paths);
    crate::govern::openapi::what_if_paths(&mut all_paths);
    crate::govern::openapi::device_paths(&mut all_paths);
    crate::govern::openapi::risk_paths(&mut all_paths);
    crate::govern::openapi::incident_review_paths(&mut all_paths);
    crate::govern::openapi::assurance_paths(&mut all_paths);
    crate::govern::openapi::drill_paths(&mut all_paths);
    crate::govern::governance_api::paths(&mut all_paths);
    crate::govern::readiness_api::paths(&mut all_paths);
    crate::govern::calendar_api::paths(&mut all_paths);
    crate::packs::openapi::audit_paths(&mut all_paths);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Lantern API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The continuity register of an adult social care provider. Send `Authorization: Bearer <token>` (create one with `lantern token create --user EMAIL`). Errors are `{error, message, fields}`."
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": all_schemas()},
        "paths": all_paths,
    })
}

pub async fn serve() -> Json<Value> {
    Json(document())
}
