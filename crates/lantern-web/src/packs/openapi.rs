//! The packs, sign-off, report PDF, re-entry and audit-log endpoints in the OpenAPI document,
//! pointing at the types those endpoints answer with (`packs::api_json`, `api::audit`).

use super::api_json::{PackBuilt, PackCheckJson, PackDetail, PackList};
use crate::api::audit::AuditLog;
use crate::api::openapi::responses;
use crate::api::schema::ok;
use crate::recover::api_json::Reconciliation;
use serde_json::{Map, Value, json};

fn file_ok(text: &str, content_type: &str) -> Value {
    json!({"description": text, "content": {content_type: {"schema": {"type": "string", "format": "binary"}}}})
}

fn path_int(name: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}})
}

fn body(properties: Value) -> Value {
    json!({"required": false, "content": {"application/json": {"schema": {
        "type": "object", "additionalProperties": false, "properties": properties}}}})
}

pub fn pack_paths(out: &mut Map<String, Value>) {
    let tags = json!(["Packs"]);
    let not_yours = ("404", "no such service (or not one of yours)");
    out.insert(
        "/api/v1/packs".into(),
        json!({
        "get": {"summary": "The downtime pack of every service you look after: fresh or stale, and why", "tags": tags,
                "responses": responses(("200", ok::<PackList>("every pack")), &[])}}),
    );
    out.insert(
        "/api/v1/packs/{service}".into(),
        json!({
        "parameters": [path_int("service")],
        "get": {"summary": "One service's pack: state, versions, checks (the view is audited)", "tags": tags,
                "responses": responses(("200", ok::<PackDetail>("the pack")), &[not_yours])}}),
    );
    out.insert("/api/v1/packs/{service}/build".into(), json!({
        "parameters": [path_int("service")],
        "post": {"summary": "Build a new version (coordinators and managers at any time; staff when the pack is not current)", "tags": tags,
                 "requestBody": body(json!({"day": {"type": "string", "description": "the first day the pack covers, YYYY-MM-DD; today when absent"}})),
                 "responses": responses(("201", ok::<PackBuilt>("the version built")),
                     &[("400", "malformed JSON"), ("403", "your role may not build this pack now"), not_yours, ("422", "`day` is not a date")])}}));
    out.insert("/api/v1/packs/{service}/checks".into(), json!({
        "parameters": [path_int("service")],
        "post": {"summary": "Record a check of the printed pack against its latest version", "tags": tags,
                 "requestBody": body(json!({"problems": {"type": "string", "maxLength": 5000, "description": "what was wrong; empty when nothing"},
                     "contacts_verified": {"type": "boolean", "description": "the emergency-contact sheet was compared with the care records"}})),
                 "responses": responses(("201", ok::<PackCheckJson>("the check")),
                     &[("400", "malformed JSON"), ("403", "read-only users cannot record checks"), not_yours, ("422", "`problems` is too long")])}}));
    out.insert(
        "/api/v1/packs/{service}/versions/{version}/pdf".into(),
        json!({
        "parameters": [path_int("service"), path_int("version")],
        "get": {"summary": "A version's PDF (the download is audited)", "tags": tags,
                "responses": responses(("200", file_ok("the pack", "application/pdf")), &[not_yours])}}),
    );
}

pub fn recovery_paths(out: &mut Map<String, Value>) {
    let tags = json!(["Disruptions"]);
    let id = path_int("id");
    out.insert("/api/v1/disruptions/{id}/reconciliation/sign-off".into(), json!({
        "parameters": [id],
        "post": {"summary": "Sign the reconciliation off: a manager of every affected service, once every finding is resolved", "tags": tags,
                 "requestBody": body(json!({"note": {"type": "string", "maxLength": 2000}})),
                 "responses": responses(("201", ok::<Reconciliation>("the reconciliation as it now stands")),
                     &[("400", "malformed JSON"), ("403", "only a manager of every affected service signs off"), ("404", "no such disruption"), ("409", "findings are not resolved yet")])}}));
    out.insert("/api/v1/disruptions/{id}/report.pdf".into(), json!({
        "parameters": [id],
        "get": {"summary": "The downtime report as a PDF, made now (the download is audited)", "tags": tags,
                "responses": responses(("200", file_ok("the report", "application/pdf")), &[("404", "no such disruption")])}}));
    out.insert("/api/v1/disruptions/{id}/export/{file}".into(), json!({
        "parameters": [id, {"name": "file", "in": "path", "required": true, "schema": {"type": "string", "enum": ["reentry.csv", "reentry.fhir.json"]}}],
        "get": {"summary": "The dose records entered from paper, for re-entry into the care system: CSV or a FHIR Bundle of MedicationAdministration (audited)", "tags": tags,
                "responses": responses(("200", file_ok("the records", "text/csv")), &[("404", "no such disruption or export")])}}));
}

pub fn audit_paths(out: &mut Map<String, Value>) {
    out.insert("/api/v1/audit".into(), json!({
        "get": {"summary": "The latest lines of the audit log, newest first (administrators of every service)", "tags": ["Audit"],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 5000, "default": 500}}],
                "responses": responses(("200", ok::<AuditLog>("the audit log")),
                    &[("403", "only administrators of every service read the audit log")])}}));
}
