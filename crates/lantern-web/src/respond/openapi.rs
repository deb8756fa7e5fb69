//! The disruption endpoints in the OpenAPI document. Their vocabularies come from lantern-core,
//! so the document cannot drift from what the server accepts.

use super::api_json::{
    CallRecorded, Disruption, DisruptionList, ScenarioList, ScenarioPlan, Timeline, TimelineEntry, VisitStatusSet,
};
use super::board_json::{Board, Families};
use crate::api::openapi::responses;
use crate::api::schema::ok;
use crate::recover::api_json::{Reconciliation, ReconciliationFinding};
use crate::recover::report_json::Report;
use lantern_app::reconciliation::ACTIONS;
use lantern_core::disruption::{CallOutcome, DisruptionKind, EntryKind, SafeCare, Scenario, VisitStatus};
use serde_json::{Map, Value, json};

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Value {
    json!(all.iter().map(|v| code(*v)).collect::<Vec<_>>())
}

fn body(properties: Value, required: &[&str]) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": {
        "type": "object", "additionalProperties": false, "properties": properties, "required": required}}}})
}

fn id(name: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}})
}

pub fn disruption_paths(out: &mut Map<String, Value>) {
    let tags = json!(["Disruptions"]);
    let moment = json!({"type": "string", "description": "UK wall-clock 2026-11-24T08:30, or RFC 3339 with an offset"});
    let writes = |code: &str, answer: Value| {
        responses(
            (code, answer),
            &[
                ("400", "malformed JSON"),
                ("404", "no such disruption (or not one of yours)"),
                ("409", "the disruption is closed"),
                ("422", "invalid fields, named in `fields`"),
            ],
        )
    };
    let entry_kinds: Vec<&str> = EntryKind::ALL
        .iter()
        .filter(|k| **k != EntryKind::Event)
        .map(|k| k.as_str())
        .collect();
    out.insert("/api/v1/disruptions".into(), json!({
        "get": {"summary": "List disruptions touching your services, open ones first", "tags": tags,
                "responses": responses(("200", ok::<DisruptionList>("the disruptions")), &[])},
        "post": {"summary": "Declare a disruption; services are proposed from the systems when none are given", "tags": tags,
                 "requestBody": body(json!({
                     "kind": {"type": "string", "enum": codes(DisruptionKind::ALL, DisruptionKind::as_str)},
                     "title": {"type": "string"}, "systems": {"type": "array", "items": {"type": "integer"}},
                     "services": {"type": "array", "items": {"type": "integer"}}, "started_at": moment,
                     "detected_at": moment, "coordinator": {"type": "string"}, "summary": {"type": "string"},
                     "safe_care": {"type": "string", "enum": codes(SafeCare::ALL, SafeCare::as_str),
                                   "description": "does this stop, or threaten to stop, safe care? 'threatened' means CQC must be told without delay (regulation 18(2)(g))"},
                     "devices": {"type": "array", "items": {"type": "integer"},
                                 "description": "device_failure: the devices that failed (required); each is marked faulty in the register"},
                     "unit": {"type": "string", "description": "the unit the disruption is confined to (families, rounds and clocks cover it only); for a device failure, the devices' unit when left empty"}}),
                     &["kind", "started_at", "coordinator", "safe_care"]),
                 "responses": writes("201", ok::<Disruption>("the disruption as it now stands"))},
    }));
    out.insert(
        "/api/v1/scenarios".into(),
        json!({
        "get": {"summary": "The six scenario checklists a declaration starts from", "tags": tags,
                "responses": responses(("200", ok::<ScenarioList>("every scenario's checklist")), &[])}}),
    );
    out.insert("/api/v1/scenarios/{scenario}".into(), json!({
        "parameters": [{"name": "scenario", "in": "path", "required": true,
                        "schema": {"type": "string", "enum": codes(Scenario::ALL, Scenario::as_str)}}],
        "put": {"summary": "Replace the organisation's checklist for a scenario (administrators and managers of every service: it reaches every service)", "tags": tags,
                "requestBody": body(json!({"steps": {"type": "array", "items": {"type": "string"}}}), &["steps"]),
                "responses": responses(("200", ok::<ScenarioPlan>("the checklist")), &[("404", "no such scenario"), ("422", "no steps, or a step too long")])}}));
    out.insert(
        "/api/v1/disruptions/{id}".into(),
        json!({"parameters": [id("id")],
        "get": {"summary": "A disruption with its clocks, CQC prompt, checklist, timeline and what closing now would leave open (left_open)", "tags": tags,
                "responses": responses(("200", ok::<Disruption>("the disruption")), &[("404", "no such disruption")])}}),
    );
    out.insert(
        "/api/v1/disruptions/{id}/close".into(),
        json!({"parameters": [id("id")],
        "post": {"summary": "Close at the restoration time (a disruption is never deleted)", "tags": tags,
                 "requestBody": body(json!({"restored_at": moment, "note": {"type": "string"}}), &["restored_at"]),
                 "responses": writes("200", ok::<Disruption>("the disruption as it now stands"))}}),
    );
    out.insert(
        "/api/v1/disruptions/{id}/cqc-notification".into(),
        json!({"parameters": [id("id")],
        "post": {"summary": "Record that CQC was notified (regulation 18(2)(g))", "tags": tags,
                 "requestBody": body(json!({"reference": {"type": "string"}}), &[]),
                 "responses": writes("200", ok::<Disruption>("the disruption as it now stands"))}}),
    );
    out.insert(
        "/api/v1/disruptions/{id}/safe-care".into(),
        json!({"parameters": [id("id")],
        "post": {"summary": "Record again whether the disruption stops or threatens safe care (a timeline decision); 'threatened' makes the CQC prompt urgent", "tags": tags,
                 "requestBody": body(json!({"safe_care": {"type": "string", "enum": codes(SafeCare::ALL, SafeCare::as_str)}}), &["safe_care"]),
                 "responses": writes("200", ok::<Disruption>("the disruption as it now stands"))}}),
    );
    out.insert(
        "/api/v1/disruptions/{id}/steps/{step}".into(),
        json!({"parameters": [id("id"), id("step")],
        "post": {"summary": "Tick or untick a checklist step (timestamped and attributed)", "tags": tags,
                 "requestBody": body(json!({"done": {"type": "boolean"}}), &["done"]),
                 "responses": writes("200", ok::<Disruption>("the disruption as it now stands"))}}),
    );
    out.insert("/api/v1/disruptions/{id}/timeline".into(), json!({"parameters": [id("id")],
        "get": {"summary": "The timeline, in the order things happened", "tags": tags,
                "responses": responses(("200", ok::<Timeline>("the timeline")), &[("404", "no such disruption")])},
        "post": {"summary": "Append to the timeline; there is no way to change or delete an entry — correct it with a new one naming it in `corrects`", "tags": tags,
                 "requestBody": body(json!({"kind": {"type": "string", "enum": entry_kinds}, "text": {"type": "string"},
                     "at": moment, "corrects": {"type": "integer"},
                     "service_id": {"type": "integer", "description": "the one affected service the entry is about: it is then shown only to those who see that service (left out: the whole disruption; a correction is about what it corrects)"}}), &["kind", "text"]),
                 "responses": writes("201", ok::<TimelineEntry>("the entry"))}}));
    let query = |name: &str, schema: Value, text: &str| json!({"name": name, "in": "query", "schema": schema, "description": text});
    out.insert("/api/v1/disruptions/{id}/board".into(), json!({"parameters": [id("id"),
            query("service", json!({"type": "integer"}), "only this affected service"),
            query("carer", json!({"type": "integer"}), "home care: only visits of this carer (a staff id; `carers` lists those on the board)"),
            query("status", json!({"type": "string", "enum": codes(VisitStatus::ALL, VisitStatus::as_str)}), "home care: only visits with this status"),
            query("needs_action", json!({"type": "boolean"}), "home care: only what needs action now — overdue visits (unconfirmed past the warning time, or late past the time the carer gave) and missed visits whose family has not been reached since"),
            query("q", json!({"type": "string"}), "home care: words that must all be in the person's or a carer's name")],
        "get": {"summary": "Today's live board: the visits in the disruption's window (those that began before its start but were still running count), overdue first, with status, the time a late carer expects to arrive, the reason a visit was missed and the numbers to ring (home care); medicine rounds (others). `counts` are of the whole board, `visits` of those the filter keeps", "tags": tags,
                "responses": responses(("200", ok::<Board>("each affected service's board: home-care visits, or medicine rounds")), &[("404", "no such disruption"), ("422", "an unknown status in `status`")])}}));
    out.insert("/api/v1/disruptions/{id}/visits/{visit}".into(), json!({"parameters": [id("id"), id("visit")],
        "post": {"summary": "Set a visit's status on the board. `late` needs `expected_at`; `missed` needs `reason` and `confirm: true` (it is written in the timeline); refused, nothing changes", "tags": tags,
                 "requestBody": body(json!({"status": {"type": "string", "enum": codes(VisitStatus::ALL, VisitStatus::as_str)},
                     "note": {"type": "string", "maxLength": 2000},
                     "expected_at": {"type": "string", "description": "late (required) or delayed_family_told (optional): when the carer now expects to arrive, `10:15` on the visit's day in UK time, or a moment; not in the past"},
                     "reason": {"type": "string", "maxLength": 500, "description": "missed (required): why the visit was missed"},
                     "confirm": {"type": "boolean", "description": "missed (must be true): the visit did not happen and will not happen today"}}), &["status"]),
                 "responses": writes("200", ok::<VisitStatusSet>("the visit's status as now set"))}}));
    out.insert(
        "/api/v1/disruptions/{id}/families".into(),
        json!({"parameters": [id("id")],
        "get": {"summary": "Families to contact, outstanding first, with every call made", "tags": tags,
                "responses": responses(("200", ok::<Families>("the families")), &[("404", "no such disruption")])}}),
    );
    out.insert("/api/v1/disruptions/{id}/families/{contact}/calls".into(), json!({"parameters": [id("id"), id("contact")],
        "post": {"summary": "Record a call to a family and its outcome", "tags": tags,
                 "requestBody": body(json!({"outcome": {"type": "string", "enum": codes(CallOutcome::ALL, CallOutcome::as_str)},
                     "note": {"type": "string"}}), &["outcome"]),
                 "responses": writes("201", ok::<CallRecorded>("the call"))}}));
    reconciliation_paths(out, &tags);
    out.insert(
        "/api/v1/disruptions/{id}/report".into(),
        json!({"parameters": [id("id")],
        "get": {"summary": "The downtime report as data, as the page and the PDF lay it out (of the user's services)", "tags": tags,
                "responses": responses(("200", ok::<Report>("the report")), &[("404", "no such disruption")])}}),
    );
}

/// The reconciliation and its resolutions; the actions come from the code that checks them, the
/// answers' finding kinds and severities from their types (docs/reconciliation.md explains each
/// kind).
fn reconciliation_paths(out: &mut Map<String, Value>, tags: &Value) {
    let actions: Vec<&str> = ACTIONS.iter().map(|(code, _)| *code).collect();
    out.insert(
        "/api/v1/disruptions/{id}/reconciliation".into(),
        json!({"parameters": [id("id")],
        "get": {"summary": "The reconciliation of the paper records against what was due: every finding with its resolution, the medicines summary (`doses`: headline, not_given, nothing_due, no_missed_doses) and the sign-off (a user of some services sees their services' findings)", "tags": tags,
                "responses": responses(("200", ok::<Reconciliation>("the reconciliation")), &[("404", "no such disruption")])}}),
    );
    out.insert(
        "/api/v1/disruptions/{id}/reconciliation/resolutions".into(),
        json!({"parameters": [id("id")],
        "post": {"summary": "Record what was done about a finding (coordinators and managers); the latest resolution of a finding is the current one", "tags": tags,
                 "requestBody": body(json!({"key": {"type": "string"}, "action": {"type": "string", "enum": actions},
                     "note": {"type": "string", "description": "required with no_action: say why"}}), &["key", "action"]),
                 "responses": responses(("201", ok::<ReconciliationFinding>("the finding with its resolution")), &[
                     ("400", "malformed JSON"), ("403", "your role cannot resolve findings"),
                     ("404", "no such disruption, or no such finding now (the records changed)"),
                     ("422", "invalid fields, named in `fields` (`action`, or `note` when no action is needed)")])}}),
    );
}
