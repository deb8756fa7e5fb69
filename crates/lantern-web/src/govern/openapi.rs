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

/// Training coverage, the assurance settings and a supplier's assurance: schemas from the types
/// the endpoints send.
pub fn assurance_schemas(out: &mut Map<String, Value>) {
    schema::add::<lantern_app::training::Coverage>(out);
    schema::add::<lantern_app::settings::Assurance>(out);
    schema::add::<lantern_app::suppliers::SupplierAssurance>(out);
}

pub fn assurance_paths(out: &mut Map<String, Value>) {
    use lantern_app::settings::Assurance;
    use lantern_app::suppliers::SupplierAssurance;
    use lantern_app::training::Coverage;
    let tags = json!(["Govern"]);
    out.insert("/api/v1/training/coverage".into(), json!({
        "get": {"summary": "Training coverage today, per service and course, against the organisation's threshold, with who is due, overdue or never trained; limited to your services. Audited.",
                "tags": tags,
                "parameters": [{"name": "service", "in": "query", "required": false, "schema": {"type": "integer"}, "description": "one of your services only"}],
                "responses": responses(("200", schema::ok::<Coverage>("the coverage")),
                    &[("404", "a service that is not one of yours"), ("422", "`service` is not a number")])}}));
    let settings_body =
        json!({"required": true, "content": {"application/json": {"schema": schema::reference::<Assurance>()}}});
    out.insert("/api/v1/settings/assurance".into(), json!({
        "get": {"summary": "The assurance settings: training threshold and window, device replacement cycle per type", "tags": tags,
                "responses": responses(("200", schema::ok::<Assurance>("the settings")), &[])},
        "put": {"summary": "Change the assurance settings (administrators of every service only; audited). A section or key left out takes its default.", "tags": tags,
                "requestBody": settings_body,
                "responses": responses(("200", schema::ok::<Assurance>("the settings as saved")),
                    &[("400", "malformed JSON or an unknown key"), ("422", "a value out of range, each named")])}}));
    out.insert("/api/v1/suppliers/{id}/assurance".into(), json!({
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "get": {"summary": "A supplier's reviews, next review date (overdue flagged) and the disruptions of the systems it supplies, of your services", "tags": tags,
                "responses": responses(("200", schema::ok::<SupplierAssurance>("the supplier's assurance")), &[("404", "no such supplier")])}}));
}
