//! The paper-sheet endpoints in the OpenAPI document: the sheets of a disruption, a MAR or a
//! visit sheet as entered so far, and entering one from JSON lines (`recover::sheets_api`, whose
//! answer types give their schemas).

use super::sheets_api::{MarOut, SheetList, VisitSheetOut};
use crate::api::openapi::responses;
use crate::api::schema::ok;
use lantern_core::reconcile::{DoseOutcome, VisitOutcome};
use serde_json::{Map, Value, json};

fn path(name: &str, schema: Value) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": schema})
}

fn text(d: &str) -> Value {
    json!({"type": "string", "description": d})
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
    out.insert("/api/v1/disruptions/{id}/sheets".into(), json!({
        "parameters": [id],
        "get": {"summary": "The paper sheets of a disruption to enter: a MAR per person per day, a visit sheet per branch per day", "tags": tags,
                "responses": responses(("200", ok::<SheetList>("the sheets")), &[("404", "no such disruption")])}}));
    let dose_in = json!({"type": "object", "additionalProperties": false, "required": ["medicine_id", "outcome"], "properties": {
        "medicine_id": {"type": "integer"},
        "due": text("the printed time of the dose due (08:00); leave it out for a dose written at the foot of the sheet"),
        "outcome": {"type": "string", "enum": DoseOutcome::ALL.iter().map(|o| o.as_str()).collect::<Vec<_>>()},
        "time": text("the time given, as written: 0805, 08:05 or 8.05 (on the autumn change day, 0140 BST or 0140 GMT)"),
        "initials": {"type": "string", "maxLength": 8}, "note": {"type": "string", "maxLength": 500}}});
    out.insert("/api/v1/disruptions/{id}/sheets/mar/{person}/{day}".into(), json!({
        "parameters": [id, path("person", json!({"type": "integer"})), day],
        "get": {"summary": "A person's paper MAR for a day as entered so far (opening it is audited)", "tags": tags,
                "responses": responses(("200", ok::<MarOut>("the sheet")), &[refusals[2]])},
        "post": {"summary": "Enter the sheet (again: the last entry is superseded and kept); all its lines, or nothing", "tags": tags,
                 "requestBody": body(json!({"doses": {"type": "array", "maxItems": 500, "items": dose_in},
                                            "notes": {"type": "string", "maxLength": 5000}}), &["doses"]),
                 "responses": responses(("201", ok::<MarOut>("the sheet as now entered")), &refusals)}}));
    let visit_in = json!({"type": "object", "additionalProperties": false, "required": ["visit_id", "outcome"], "properties": {
        "visit_id": {"type": "integer"},
        "outcome": {"type": "string", "enum": VisitOutcome::ALL.iter().map(|o| o.as_str()).collect::<Vec<_>>()},
        "arrived": text("as written: 0805"), "departed": text("as written: 0840"), "note": {"type": "string", "maxLength": 500}}});
    out.insert("/api/v1/disruptions/{id}/sheets/visits/{service}/{day}".into(), json!({
        "parameters": [id, path("service", json!({"type": "integer"})), day],
        "get": {"summary": "A branch's visit sheet for a day as entered so far, or as the live board left it", "tags": tags,
                "responses": responses(("200", ok::<VisitSheetOut>("the sheet")), &[refusals[2]])},
        "post": {"summary": "Enter the visit sheet (again: the last entry is superseded and kept); all its lines, or nothing", "tags": tags,
                 "requestBody": body(json!({"visits": {"type": "array", "maxItems": 500, "items": visit_in}}), &["visits"]),
                 "responses": responses(("201", ok::<VisitSheetOut>("the sheet as now entered")), &refusals)}}));
}
