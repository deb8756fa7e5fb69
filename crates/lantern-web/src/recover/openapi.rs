//! The paper-sheet endpoints in the OpenAPI document: the sheets of a disruption, a MAR or a
//! visit sheet as entered so far, and entering one from JSON lines (`recover::sheets_api`).

use crate::api::openapi::responses;
use lantern_core::reconcile::{DoseOutcome, VisitOutcome};
use serde_json::{Map, Value, json};

fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required})
}

fn ok(text: &str, schema: Value) -> Value {
    json!({"description": text, "content": {"application/json": {"schema": schema}}})
}

fn path(name: &str, schema: Value) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": schema})
}

fn text(d: &str) -> Value {
    json!({"type": "string", "description": d})
}

fn entered() -> Value {
    json!({"type": ["object", "null"], "description": "the current entry (null before the first)", "properties": {
        "at": {"type": "string", "format": "date-time"}, "by": {"type": "string"}, "records": {"type": "integer"}},
        "required": ["at", "by", "records"]})
}

fn dose_out() -> Value {
    object(
        json!({
            "medicine_id": {"type": ["integer", "null"]}, "medicine": {"type": "string"},
            "due": {"type": ["string", "null"], "description": "the printed time of a dose due (null at the foot)"},
            "time_critical": {"type": "boolean"}, "outcome": text("a dose outcome code, or empty when not entered"),
            "time": text("the time given as written (0805, or 0140 BST on the autumn change)"),
            "initials": {"type": "string"}, "note": {"type": "string"}}),
        &[
            "medicine_id",
            "medicine",
            "due",
            "time_critical",
            "outcome",
            "time",
            "initials",
            "note",
        ],
    )
}

fn mar_sheet() -> Value {
    object(
        json!({
            "person_id": {"type": "integer"}, "person": {"type": "string"}, "day": {"type": "string", "format": "date"},
            "due": {"type": "array", "items": dose_out(), "description": "every dose due that day, in the printed MAR's order"},
            "foot": {"type": "array", "items": dose_out(), "description": "doses written at the foot of the sheet"},
            "medicines": {"type": "array", "items": object(json!({"id": {"type": "integer"}, "label": {"type": "string"}}), &["id", "label"])},
            "notes": {"type": "string"}, "entered": entered()}),
        &[
            "person_id",
            "person",
            "day",
            "due",
            "foot",
            "medicines",
            "notes",
            "entered",
        ],
    )
}

fn visit_sheet() -> Value {
    let visit = object(
        json!({
            "visit_id": {"type": "integer"}, "time": text("the planned start, UK time"), "person": {"type": "string"},
            "minutes": {"type": "integer"}, "outcome": text("a visit outcome code, or empty when not entered"),
            "arrived": {"type": "string"}, "departed": {"type": "string"}, "note": {"type": "string"},
            "from_board": {"type": ["string", "null"], "description": "what the live board learnt, when the row starts from it"}}),
        &[
            "visit_id",
            "time",
            "person",
            "minutes",
            "outcome",
            "arrived",
            "departed",
            "note",
            "from_board",
        ],
    );
    object(
        json!({"service_id": {"type": "integer"}, "day": {"type": "string", "format": "date"},
               "visits": {"type": "array", "items": visit}, "entered": entered()}),
        &["service_id", "day", "visits", "entered"],
    )
}

fn body(properties: Value, required: &[&str]) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": {
        "type": "object", "additionalProperties": false, "properties": properties, "required": required}}}})
}

pub fn sheet_paths(out: &mut Map<String, Value>) {
    let tags = json!(["Paper records"]);
    let id = path("id", json!({"type": "integer"}));
    let day = path("day", json!({"type": "string", "format": "date"}));
    let refusals = [
        ("400", "malformed JSON"),
        (
            "403",
            "read-only users enter nothing; after sign-off only a manager enters a sheet again",
        ),
        (
            "404",
            "no such disruption, person, service or day (or not one of yours)",
        ),
        (
            "422",
            "a line that cannot be saved, named in `fields` as `doses[2].time`; nothing was saved",
        ),
    ];
    let item = object(
        json!({"kind": {"type": "string", "enum": ["mar", "visits"]}, "subject_id": {"type": "integer", "description": "the person of a MAR, the service of a visit sheet"},
               "day": {"type": "string", "format": "date"}, "label": {"type": "string"}, "path": {"type": "string"}, "entered": entered()}),
        &["kind", "subject_id", "day", "label", "path", "entered"],
    );
    out.insert("/api/v1/disruptions/{id}/sheets".into(), json!({
        "parameters": [id],
        "get": {"summary": "The paper sheets of a disruption to enter: a MAR per person per day, a visit sheet per branch per day", "tags": tags,
                "responses": responses(("200", ok("the sheets", object(json!({
                    "locked": {"type": ["string", "null"], "description": "why you cannot enter sheets, if you cannot"},
                    "items": {"type": "array", "items": item}}), &["locked", "items"]))), &[("404", "no such disruption")])}}));
    let dose_in = json!({"type": "object", "additionalProperties": false, "required": ["medicine_id", "outcome"], "properties": {
        "medicine_id": {"type": "integer"},
        "due": text("the printed time of the dose due (08:00); leave it out for a dose written at the foot of the sheet"),
        "outcome": {"type": "string", "enum": DoseOutcome::ALL.iter().map(|o| o.as_str()).collect::<Vec<_>>()},
        "time": text("the time given, as written: 0805, 08:05 or 8.05 (on the autumn change day, 0140 BST or 0140 GMT)"),
        "initials": {"type": "string", "maxLength": 8}, "note": {"type": "string", "maxLength": 500}}});
    out.insert("/api/v1/disruptions/{id}/sheets/mar/{person}/{day}".into(), json!({
        "parameters": [id, path("person", json!({"type": "integer"})), day],
        "get": {"summary": "A person's paper MAR for a day as entered so far (opening it is audited)", "tags": tags,
                "responses": responses(("200", ok("the sheet", mar_sheet())), &[refusals[2]])},
        "post": {"summary": "Enter the sheet (again: the last entry is superseded and kept); all its lines, or nothing", "tags": tags,
                 "requestBody": body(json!({"doses": {"type": "array", "maxItems": 500, "items": dose_in},
                                            "notes": {"type": "string", "maxLength": 5000}}), &["doses"]),
                 "responses": responses(("201", ok("the sheet as now entered", mar_sheet())), &refusals)}}));
    let visit_in = json!({"type": "object", "additionalProperties": false, "required": ["visit_id", "outcome"], "properties": {
        "visit_id": {"type": "integer"},
        "outcome": {"type": "string", "enum": VisitOutcome::ALL.iter().map(|o| o.as_str()).collect::<Vec<_>>()},
        "arrived": text("as written: 0805"), "departed": text("as written: 0840"), "note": {"type": "string", "maxLength": 500}}});
    out.insert("/api/v1/disruptions/{id}/sheets/visits/{service}/{day}".into(), json!({
        "parameters": [id, path("service", json!({"type": "integer"})), day],
        "get": {"summary": "A branch's visit sheet for a day as entered so far, or as the live board left it", "tags": tags,
                "responses": responses(("200", ok("the sheet", visit_sheet())), &[refusals[2]])},
        "post": {"summary": "Enter the visit sheet (again: the last entry is superseded and kept); all its lines, or nothing", "tags": tags,
                 "requestBody": body(json!({"visits": {"type": "array", "maxItems": 500, "items": visit_in}}), &["visits"]),
                 "responses": responses(("201", ok("the sheet as now entered", visit_sheet())), &refusals)}}));
}
