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

/// The device-assurance answers' schemas, and the bodies the writes take.
pub fn device_schemas(out: &mut Map<String, Value>) {
    use super::devices_api::{DeviceLog, Recorded, UnitJson, UnitList};
    use lantern_app::device_assurance::{BackInput, CheckInput, FaultInput};
    schema::add::<UnitList>(out);
    schema::add::<UnitJson>(out);
    schema::add::<DeviceLog>(out);
    schema::add::<Recorded>(out);
    schema::add::<CheckInput>(out);
    schema::add::<FaultInput>(out);
    schema::add::<BackInput>(out);
}

fn int_in_path(name: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}})
}

fn body_of<T: utoipa::ToSchema>() -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema::reference::<T>()}}})
}

pub fn device_paths(out: &mut Map<String, Value>) {
    use super::devices_api::{DeviceLog, Recorded, UnitJson, UnitList};
    use lantern_app::device_assurance::{BackInput, CheckInput, FaultInput};
    let tags = json!(["Govern"]);
    let not_yours = ("404", "no such device or unit (or not one of your services')");
    let refused = [
        ("400", "malformed JSON, or a key the body does not take"),
        ("403", "a viewer may not record checks"),
        not_yours,
        (
            "422",
            "a field is wrong (named in `fields`): a date in the future, a result other than pass or fail, a battery outside 0–100",
        ),
    ];
    out.insert("/api/v1/units".into(), json!({
        "get": {"summary": "Every unit of your services: its devices against the unit's policy today (red, amber or green with the reasons), and device downtime per month",
                "tags": tags, "responses": responses(("200", schema::ok::<UnitList>("the units")), &[])}}));
    out.insert("/api/v1/units/{service}/{unit}".into(), json!({
        "parameters": [int_in_path("service"), {"name": "unit", "in": "path", "required": true, "schema": {"type": "string"}}],
        "get": {"summary": "One unit's devices against its policy, and its device downtime per month", "tags": tags,
                "responses": responses(("200", schema::ok::<UnitJson>("the unit")), &[not_yours])}}));
    out.insert(
        "/api/v1/devices/{id}/log".into(),
        json!({
        "parameters": [int_in_path("id")],
        "get": {"summary": "A device's tests, battery checks and times out of use, newest first", "tags": tags,
                "responses": responses(("200", schema::ok::<DeviceLog>("the log")), &[not_yours])}}),
    );
    out.insert("/api/v1/devices/{id}/checks".into(), json!({
        "parameters": [int_in_path("id")],
        "post": {"summary": "Record a test or battery check; the device's last test and battery health follow it", "tags": tags,
                 "requestBody": body_of::<CheckInput>(),
                 "responses": responses(("201", schema::ok::<Recorded>("the check recorded")), &refused)}}));
    out.insert(
        "/api/v1/devices/{id}/out-of-use".into(),
        json!({
        "parameters": [int_in_path("id")],
        "post": {"summary": "Take a device out of use from a time: it is marked faulty until it is back", "tags": tags,
                 "requestBody": body_of::<FaultInput>(),
                 "responses": responses(("201", schema::ok::<Recorded>("the time out of use opened")), &refused)}}),
    );
    out.insert("/api/v1/devices/{id}/back-in-use".into(), json!({
        "parameters": [int_in_path("id")],
        "post": {"summary": "Put a faulty device back in use or in the cupboard as a spare, closing its time out of use", "tags": tags,
                 "requestBody": body_of::<BackInput>(),
                 "responses": responses(("204", json!({"description": "back"})), &refused)}}));
}

pub fn risk_schemas(out: &mut Map<String, Value>) {
    use super::risks_api::{HeatMapJson, Raised, ReviewList};
    use lantern_app::risks::{RaiseInput, ReviewInput};
    schema::add::<HeatMapJson>(out);
    schema::add::<ReviewList>(out);
    schema::add::<Raised>(out);
    schema::add::<ReviewInput>(out);
    schema::add::<RaiseInput>(out);
}

pub fn incident_review_schemas(out: &mut Map<String, Value>) {
    schema::add::<super::reviews::IncidentReviewJson>(out);
    schema::add::<lantern_app::incident_reviews::IncidentReviewInput>(out);
}

pub fn incident_review_paths(out: &mut Map<String, Value>) {
    use super::reviews::IncidentReviewJson;
    use lantern_app::incident_reviews::IncidentReviewInput;
    let refused = [
        ("400", "malformed JSON, or a key the body does not take"),
        ("403", "only managers and administrators write reviews"),
        ("404", "no such disruption or drill among yours"),
        (
            "409",
            "the disruption is still open or the drill planned, or someone saved the review since `version`",
        ),
        (
            "422",
            "a section is too long, or completing it without what happened or the lessons (named in `fields`)",
        ),
    ];
    for (path, what) in [
        ("/api/v1/disruptions/{id}/review", "closed disruption"),
        ("/api/v1/drills/{id}/review", "held drill"),
    ] {
        out.insert(path.into(), json!({
            "parameters": [int_in_path("id")],
            "get": {"summary": format!("The post-incident review of a {what}: its sections (a first draft of what happened until saved), status, version and the actions it raised. Audited."),
                    "tags": ["Govern"],
                    "responses": responses(("200", schema::ok::<IncidentReviewJson>("the review")), &[("404", "no such disruption or drill among yours")])},
            "put": {"summary": format!("Save the post-incident review of a {what}: as a draft, or complete it (`complete: true`)"),
                    "tags": ["Govern"],
                    "requestBody": body_of::<IncidentReviewInput>(),
                    "responses": responses(("200", schema::ok::<IncidentReviewJson>("the review as saved")), &refused)}}));
    }
}

pub fn risk_paths(out: &mut Map<String, Value>) {
    use super::risks_api::{HeatMapJson, Raised, ReviewList};
    use lantern_app::risks::{RaiseInput, ReviewInput};
    let tags = json!(["Govern"]);
    let not_yours = (
        "404",
        "no such risk, disruption or drill (or not one of your services')",
    );
    let refused = [
        ("400", "malformed JSON, or a key the body does not take"),
        ("403", "only managers and administrators change the risk register"),
        not_yours,
        (
            "409",
            "the risk changed since `version`, it is closed in the register, or the drill is still planned",
        ),
        (
            "422",
            "a field is wrong (named in `fields`): a score outside 1–5, controls scoring higher than none, a next review in the past",
        ),
    ];
    out.insert("/api/v1/risks/heat-map".into(), json!({
        "parameters": [{"name": "basis", "in": "query", "required": false, "schema": {"type": "string", "enum": ["residual", "inherent"], "default": "residual"}}],
        "get": {"summary": "The 5×5 heat map of open risks (likelihood × impact), with or before controls, and the reviews overdue", "tags": tags,
                "responses": responses(("200", schema::ok::<HeatMapJson>("the heat map")), &[("422", "an unknown basis")])}}));
    out.insert("/api/v1/risks/{id}/reviews".into(), json!({
        "parameters": [int_in_path("id")],
        "get": {"summary": "A risk's reviews, newest first: who, when, the scores then", "tags": tags,
                "responses": responses(("200", schema::ok::<ReviewList>("the reviews")), &[not_yours])},
        "post": {"summary": "Record a review: new scores, status and next review date, and what was found (optionally from a disruption or a held drill)", "tags": tags,
                 "requestBody": body_of::<ReviewInput>(),
                 "responses": responses(("204", json!({"description": "reviewed"})), &refused)}}));
    out.insert("/api/v1/disruptions/{id}/risks".into(), json!({
        "parameters": [int_in_path("id")],
        "post": {"summary": "Raise a new risk from a disruption in one step: the disruption gives the cause, service and systems", "tags": tags,
                 "requestBody": body_of::<RaiseInput>(),
                 "responses": responses(("201", schema::ok::<Raised>("the risk raised")), &refused)}}));
    out.insert("/api/v1/drills/{id}/risks".into(), json!({
        "parameters": [int_in_path("id")],
        "post": {"summary": "Raise a new risk from a held drill in one step: the drill gives the cause (with what it found), service and systems. A planned drill is refused (409).", "tags": tags,
                 "requestBody": body_of::<RaiseInput>(),
                 "responses": responses(("201", schema::ok::<Raised>("the risk raised")), &refused)}}));
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
