//! The what-if endpoint in the OpenAPI document.

use crate::api::openapi::responses;
use lantern_core::disruption::DisruptionKind;
use lantern_core::govern::what_if::MAX_HOURS;
use serde_json::{Map, Value, json};

fn object(properties: Value) -> Value {
    let required: Vec<String> = properties
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    json!({"type": "object", "properties": properties, "required": required})
}

fn list(item: Value) -> Value {
    json!({"type": "array", "items": item})
}

pub fn what_if_paths(out: &mut Map<String, Value>) {
    let time = json!({"type": "string", "format": "date-time"});
    let text = json!({"type": "string"});
    let int = json!({"type": "integer"});
    let yes = json!({"type": "boolean"});
    let answer = object(json!({
        "window": object(json!({"start": time, "end": time, "hours": int})),
        "services": list(object(json!({"id": int, "name": text}))),
        "people": int,
        "doses": list(object(json!({"person_id": int, "person": text, "medicine_id": int, "medicine": text,
                                    "due_at": time, "time": text, "time_critical": yes}))),
        "time_critical_doses": int,
        "visits": list(object(json!({"visit_id": int, "person": text, "service_id": int, "due_at": time, "minutes": int}))),
        "shifts": list(object(json!({"staff": text, "service_id": int, "start": time, "end": time}))),
        "families": list(object(json!({"person": text, "risk_tier": text, "contact": text, "relationship": text,
                                       "phone": text, "reason": text}))),
        "systems": list(object(json!({"system_id": int, "name": text, "rto_at": time, "mtpd_at": time,
                                      "passes_rto": yes, "passes_mtpd": yes}))),
        "cqc": {"type": ["object", "null"], "properties": {"urgency": {"type": "string", "enum": ["notify_now", "consider"]}, "reason": text},
                "description": "what the CQC rule would say at the end of the window, were safe care judged not threatened"},
    }));
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
                 "responses": responses(("200", json!({"description": "the what-if", "content": {"application/json": {"schema": answer}}})),
                     &[("400", "malformed JSON"), ("404", "a service that is not one of yours"), ("422", "no systems or services, an unknown system, or hours outside 1 to a week")])}}));
}
