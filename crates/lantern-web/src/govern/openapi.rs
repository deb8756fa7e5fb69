//! The what-if endpoint in the OpenAPI document.

use crate::api::openapi::responses;
use crate::api::schema;
use lantern_app::what_if;
use lantern_core::disruption::DisruptionKind;
use lantern_core::govern::what_if::MAX_HOURS;
use serde_json::{Map, Value, json};

/// The what-if answer's schema, derived from the type the endpoint sends.
pub fn what_if_schemas(out: &mut Map<String, Value>) {
    schema::add::<what_if::Answer>(out);
    schema::add::<lantern_app::drills::DrillsDue>(out);
}

/// The drill endpoints beyond the register's generic `/drills`.
pub fn drill_paths(out: &mut Map<String, Value>) {
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    out.insert("/api/v1/drills/due".into(), json!({
        "get": {"summary": "Each of your services' last held drill (its own or the organisation's, whichever is later) and when the next is due; overdue flagged, never drilled due now.",
                "tags": ["Govern"],
                "responses": responses(("200", schema::ok::<lantern_app::drills::DrillsDue>("the drill schedule")), &[])}}));
    out.insert("/api/v1/drills/{id}/what-if".into(), json!({
        "get": {"summary": "The outage what-if saved with the drill (its systems, start and hours), run on the register as it stands, limited to the drill's service. Audited.",
                "tags": ["Govern"], "parameters": id,
                "responses": responses(("200", schema::ok::<what_if::Answer>("the drill's what-if")),
                    &[("404", "no such drill among yours"), ("422", "no what-if is saved with the drill")])}}));
    out.insert("/api/v1/drills/{id}/briefing.pdf".into(), json!({
        "get": {"summary": "The drill's briefing sheet: scenario, injects and its what-if, printed. Audited.",
                "tags": ["Govern"], "parameters": id,
                "responses": responses(("200", json!({"description": "the briefing sheet", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}})),
                    &[("404", "no such drill among yours")])}}));
}

pub fn what_if_paths(out: &mut Map<String, Value>) {
    let kinds: Vec<&str> = DisruptionKind::ALL.iter().map(|k| k.as_str()).collect();
    out.insert("/api/v1/what-if".into(), json!({
        "post": {"summary": "What an outage would touch, from the register as it stands: services, people, every dose due (time-critical ones marked), visits, shifts, families to ring, RTO and MTPD milestones, the CQC rule. Audited.",
                 "tags": ["Govern"],
                 "requestBody": {"required": true, "content": {"application/json": {"schema": {
                     "type": "object", "additionalProperties": false, "required": ["start", "hours"], "properties": {
                         "kind": {"type": "string", "enum": kinds, "default": "supplier_outage"},
                         "systems": {"type": "array", "items": {"type": "integer"}, "description": "the systems that fail"},
                         "services": {"type": "array", "items": {"type": "integer"}, "description": "services struck directly (a power cut, a flood)"},
                         "start": {"type": "string", "description": "UK wall-clock 2026-11-24T09:00, or RFC 3339 with an offset"},
                         "hours": {"type": "integer", "minimum": 1, "maximum": MAX_HOURS}}}}}},
                 "responses": responses(("200", schema::ok::<what_if::Answer>("the what-if")),
                     &[("400", "malformed JSON"), ("404", "a service that is not one of yours"), ("422", "no systems or services, an unknown system, or hours outside 1 to a week")])}}));
}
