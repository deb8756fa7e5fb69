//! The governance log through the API (`/api/v1/governance`): the list by filter, one entry
//! with what it corrects and its corrections, adding and correcting, by lantern-app's
//! `governance_log` operations; typed answers and their OpenAPI paths.

use crate::AppState;
use crate::api::openapi::responses;
use crate::api::schema;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::governance_log::{self as log, NewInput, Shown};
use lantern_core::govern::governance_log::{EntryInput, GovKind};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

/// One entry of the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct GovEntryJson {
    pub id: i64,
    /// When it was written (RFC 3339, UTC).
    pub recorded_at: String,
    /// The date it is about (YYYY-MM-DD).
    pub occurred_on: String,
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    pub kind_label: String,
    /// Null: the whole organisation.
    pub service_id: Option<i64>,
    pub service: String,
    pub title: String,
    pub body: String,
    /// `disruption` or a register slug (`drills`, `risks`…); null without a link.
    pub about_kind: Option<String>,
    pub about_id: Option<i64>,
    pub about_label: Option<String>,
    pub corrects_id: Option<i64>,
    pub corrected_by: Vec<i64>,
    pub author: String,
}

fn kind_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema::coded(GovKind::ALL.iter().map(|k| k.code()))
}

/// The entries that pass the filter, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct GovList {
    pub entries: Vec<GovEntryJson>,
}

/// One entry, the one it corrects, and its corrections.
#[derive(Debug, Serialize, ToSchema)]
pub struct GovEntryDetail {
    pub entry: GovEntryJson,
    pub corrects: Option<GovEntryJson>,
    pub corrections: Vec<GovEntryJson>,
}

/// The new entry's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct GovCreated {
    pub id: i64,
}

/// A new entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GovEntryBody {
    /// `lesson`, `decision`, `plan_review`, `sign_off` or `note`.
    pub kind: String,
    /// YYYY-MM-DD, not after today; today when left out.
    #[serde(default)]
    pub occurred_on: Option<String>,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    /// One of your services; left out for the whole organisation (users of every service only).
    #[serde(default)]
    pub service_id: Option<i64>,
    #[serde(default)]
    pub about_kind: Option<String>,
    #[serde(default)]
    pub about_id: Option<i64>,
}

/// A correction: a new entry for the corrected entry's service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GovCorrectionBody {
    pub kind: String,
    #[serde(default)]
    pub occurred_on: Option<String>,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub about_kind: Option<String>,
    #[serde(default)]
    pub about_id: Option<i64>,
}

fn json_of(s: &Shown) -> GovEntryJson {
    let e = &s.entry;
    GovEntryJson {
        id: e.id,
        recorded_at: e.recorded_at.to_string(),
        occurred_on: e.occurred_on.to_string(),
        kind: e.kind.code().to_string(),
        kind_label: e.kind.label().to_string(),
        service_id: e.service_id,
        service: s.service.clone(),
        title: e.title.clone(),
        body: e.body.clone(),
        about_kind: e.about.map(|a| a.kind.code().to_string()),
        about_id: e.about.map(|a| a.id),
        about_label: s.about.as_ref().map(|a| a.0.clone()),
        corrects_id: e.corrects_id,
        corrected_by: s.corrected_by.clone(),
        author: e.author.clone(),
    }
}

fn input_of(
    kind: String,
    occurred_on: Option<String>,
    title: String,
    body: Option<String>,
    about: (Option<String>, Option<i64>),
) -> EntryInput {
    EntryInput {
        kind,
        occurred_on: occurred_on.unwrap_or_default(),
        title,
        body: body.unwrap_or_default(),
        about_kind: about.0.unwrap_or_default(),
        about_id: about.1.map(|n| n.to_string()).unwrap_or_default(),
    }
}

/// `GET /api/v1/governance?service=&kind=&from=&to=`.
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(p): Query<super::governance::FilterParams>,
) -> Result<Response, ApiError> {
    let filter = super::governance::filter_of(&p)?;
    let found = log::list(&state.app, &user.0, &user.actor(), &filter).await?;
    Ok(Json(GovList {
        entries: found.iter().map(json_of).collect(),
    })
    .into_response())
}

/// `GET /api/v1/governance/{id}`.
pub async fn get(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let page = log::get(&state.app, &user.0, &user.actor(), id).await?;
    Ok(Json(GovEntryDetail {
        entry: json_of(&page.shown),
        corrects: page.corrects.as_ref().map(json_of),
        corrections: page.corrections.iter().map(json_of).collect(),
    })
    .into_response())
}

/// `POST /api/v1/governance`.
pub async fn add(State(state): State<AppState>, user: ApiUser, bytes: Bytes) -> Result<Response, ApiError> {
    let b: GovEntryBody = crate::api::body(&bytes)?;
    let input = NewInput {
        service: b.service_id.map(|s| s.to_string()).unwrap_or_default(),
        entry: input_of(b.kind, b.occurred_on, b.title, b.body, (b.about_kind, b.about_id)),
    };
    let id = log::add(&state.app, &user.0, &user.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(GovCreated { id })).into_response())
}

/// `POST /api/v1/governance/{id}/corrections`.
pub async fn correct(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: GovCorrectionBody = crate::api::body(&bytes)?;
    let input = input_of(b.kind, b.occurred_on, b.title, b.body, (b.about_kind, b.about_id));
    let new = log::correct(&state.app, &user.0, &user.actor(), id, &input).await?;
    Ok((StatusCode::CREATED, Json(GovCreated { id: new })).into_response())
}

/// The answers' and bodies' schemas.
pub fn schemas(out: &mut Map<String, Value>) {
    schema::add::<GovList>(out);
    schema::add::<GovEntryDetail>(out);
    schema::add::<GovCreated>(out);
    schema::add::<GovEntryBody>(out);
    schema::add::<GovCorrectionBody>(out);
}

fn body_of<T: ToSchema>() -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema::reference::<T>()}}})
}

/// The governance log's paths.
pub fn paths(out: &mut Map<String, Value>) {
    let tags = json!(["Govern"]);
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let filters = json!([
        {"name": "service", "in": "query", "required": false, "schema": {"type": "string"}, "description": "a service id of yours, or `organisation` for entries about the whole organisation only"},
        {"name": "kind", "in": "query", "required": false, "schema": {"type": "string", "enum": GovKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()}},
        {"name": "from", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}, "description": "on or after `from`"}
    ]);
    let refused = [
        ("400", "malformed JSON, or a key the body does not take"),
        (
            "422",
            "a field that needs attention (a missing title, a date after today, a record that does not exist), named",
        ),
    ];
    out.insert("/api/v1/governance".into(), json!({
        "get": {"summary": "The governance log: lessons, decisions, plan reviews, sign-offs and notes of your services and of the whole organisation, newest first, by service, kind and period. Audited.",
                "tags": tags, "parameters": filters,
                "responses": responses(("200", schema::ok::<GovList>("the entries")), &[("422", "a filter that does not read, named")])},
        "post": {"summary": "Adds an entry (managers and administrators). Entries are never changed: correct one with a new entry.",
                 "tags": tags, "requestBody": body_of::<GovEntryBody>(),
                 "responses": responses(("201", schema::ok::<GovCreated>("the new entry's id")), &refused)}}));
    out.insert("/api/v1/governance/{id}".into(), json!({
        "get": {"summary": "One entry, the entry it corrects and the entries that correct it. Audited.",
                "tags": tags, "parameters": id,
                "responses": responses(("200", schema::ok::<GovEntryDetail>("the entry")), &[("404", "no such entry among yours")])}}));
    out.insert("/api/v1/governance/{id}/corrections".into(), json!({
        "post": {"summary": "Corrects an entry with a new one for the same service; the corrected entry is kept as it was, marked as corrected.",
                 "tags": tags, "parameters": id, "requestBody": body_of::<GovCorrectionBody>(),
                 "responses": responses(("201", schema::ok::<GovCreated>("the correction's id")),
                     &[refused[0], ("404", "no such entry among yours"), refused[1]])}}));
}
