//! The assurance calendar through the API: `GET /api/v1/calendar` (the duties the token's user
//! may see), `PUT /api/v1/calendar/duties/{key}/responsible`, and the user's private feed
//! (`POST` makes a new address, shown once; `DELETE` revokes it); typed answers and their
//! OpenAPI paths.

use crate::AppState;
use crate::api::openapi::responses;
use crate::api::schema;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use lantern_app::calendar::{self as cal, Shown};
use lantern_core::govern::calendar::DutyKind;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

/// The record that last did a duty.
#[derive(Debug, Serialize, ToSchema)]
pub struct DutyDoneJson {
    /// YYYY-MM-DD.
    #[schema(value_type = String, format = Date)]
    pub on: String,
    pub what: String,
    /// The page of the record (relative to Lantern's address).
    pub href: String,
}

/// Someone responsible for a duty.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponsibleJson {
    pub user_id: i64,
    pub name: String,
}

/// One duty.
#[derive(Debug, Serialize, ToSchema)]
pub struct DutyJson {
    /// Stable: `pack-check-12`, `drill-12`, `plan-review`, `supplier-review-7`, `device-audit-12`,
    /// `training-12-3` (service, course).
    pub key: String,
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    pub kind_label: String,
    /// The service's, supplier's or course's name, or "Whole organisation".
    pub subject: String,
    /// Null for the organisation's duties.
    pub service_id: Option<i64>,
    pub service: String,
    /// How often it recurs, in words.
    pub every: String,
    pub last_done: Option<DutyDoneJson>,
    /// YYYY-MM-DD.
    #[schema(value_type = String, format = Date)]
    pub next: String,
    pub overdue: bool,
    /// Why the date is what it is, when the interval alone does not say.
    pub why: String,
    pub responsible: Vec<ResponsibleJson>,
    /// Someone was named; otherwise the default (the service's managers, or the administrators).
    pub responsible_named: bool,
    /// The page where the duty is done.
    pub act_href: String,
}

fn kind_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema::coded(DutyKind::ALL.iter().map(|k| k.code()))
}

/// The duties, overdue first, then by next date.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarJson {
    pub duties: Vec<DutyJson>,
}

/// Who is responsible: a user id, or null for the default.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponsibleBody {
    pub user_id: Option<i64>,
}

/// A new feed address, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedCreated {
    /// The private iCalendar address; anyone with it can read the duties.
    pub url: String,
}

pub fn json_of(s: &Shown) -> DutyJson {
    let d = &s.duty;
    DutyJson {
        key: d.key.code(),
        kind: d.key.kind().code().to_string(),
        kind_label: d.key.kind().label().to_string(),
        subject: d.subject.clone(),
        service_id: d.key.service(),
        service: d.service.clone(),
        every: d.cadence(),
        last_done: d.last.as_ref().map(|l| DutyDoneJson {
            on: l.on.to_string(),
            what: l.what.clone(),
            href: l.href.clone(),
        }),
        next: d.next.to_string(),
        overdue: d.overdue,
        why: d.why.clone(),
        responsible: s
            .responsible
            .iter()
            .map(|(id, name)| ResponsibleJson {
                user_id: *id,
                name: name.clone(),
            })
            .collect(),
        responsible_named: s.named,
        act_href: d.act_href.clone(),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    service: String,
}

/// `GET /api/v1/calendar?service=`.
pub async fn list(State(state): State<AppState>, user: ApiUser, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let filter = super::calendar::filter_of(&p.service)?;
    let found = cal::list(&state.app, &user.0, filter).await?;
    Ok(Json(CalendarJson {
        duties: found.iter().map(json_of).collect(),
    })
    .into_response())
}

/// `PUT /api/v1/calendar/duties/{key}/responsible`.
pub async fn set_responsible(
    State(state): State<AppState>,
    user: ApiUser,
    Path(key): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: ResponsibleBody = crate::api::body(&bytes)?;
    let shown = cal::set_responsible(&state.app, &user.0, &user.actor(), &key, b.user_id).await?;
    Ok(Json(json_of(&shown)).into_response())
}

/// `POST /api/v1/calendar/feed`: a new address (the old one stops working).
pub async fn create_feed(
    State(state): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = cal::create_feed(&state.app, &user.0, &user.actor()).await?;
    let url = super::calendar::feed_url(&super::calendar::base_url(&state, &headers), &token);
    Ok((StatusCode::CREATED, Json(FeedCreated { url })).into_response())
}

/// `DELETE /api/v1/calendar/feed`.
pub async fn revoke_feed(State(state): State<AppState>, user: ApiUser) -> Result<Response, ApiError> {
    cal::revoke_feed(&state.app, &user.0, &user.actor()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The answers' and bodies' schemas.
pub fn schemas(out: &mut Map<String, Value>) {
    schema::add::<CalendarJson>(out);
    schema::add::<DutyJson>(out);
    schema::add::<ResponsibleBody>(out);
    schema::add::<FeedCreated>(out);
}

/// The calendar's paths.
pub fn paths(out: &mut Map<String, Value>) {
    let tags = json!(["Govern"]);
    out.insert("/api/v1/calendar".into(), json!({
        "get": {"summary": "The assurance calendar: the duties you may see (your services' pack checks, drills, device audits and training renewals; the organisation's plan review and supplier reviews), each with when it was last done, from the records, its next date and who is responsible; overdue first.",
                "tags": tags,
                "parameters": [{"name": "service", "in": "query", "required": false, "schema": {"type": "string"}, "description": "a service id of yours, or `organisation` for the organisation's duties only"}],
                "responses": responses(("200", schema::ok::<CalendarJson>("the duties")), &[("422", "a service that is not one of yours")])}}));
    out.insert("/api/v1/calendar/duties/{key}/responsible".into(), json!({
        "put": {"summary": "Names who is responsible for a duty (managers and administrators of its service; for the organisation's duties, of every service), or with `user_id` null goes back to the default. Audited.",
                "tags": tags,
                "parameters": [{"name": "key", "in": "path", "required": true, "schema": {"type": "string"}, "description": "the duty's key, e.g. `pack-check-12`"}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": schema::reference::<ResponsibleBody>()}}},
                "responses": responses(("200", schema::ok::<DutyJson>("the duty as it now stands")),
                    &[("400", "malformed JSON, or a key the body does not take"), ("404", "no such duty among yours"), ("422", "someone who cannot be named for it, named")])}}));
    out.insert("/api/v1/calendar/feed".into(), json!({
        "post": {"summary": "Makes your private iCalendar feed address, shown this once (kept only as a fingerprint); any address you had stops working. Audited.",
                 "tags": tags,
                 "responses": responses(("201", schema::ok::<FeedCreated>("the address")), &[])},
        "delete": {"summary": "Revokes your calendar feed address: it then answers 404. Audited.",
                   "tags": tags,
                   "responses": responses(("204", json!({"description": "revoked (or there was none)"})), &[])}}));
}
