//! Readiness through the API (`/api/v1/readiness`): every service's lights, one service's,
//! either on a past date as kept then, and a service's days between two dates; with their
//! OpenAPI paths. Each light carries the page that fixes it, as on the pages.

use super::readiness::{OnParams, date_param, day_of, fix_url};
use crate::AppState;
use crate::api::openapi::responses;
use crate::api::schema;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use jiff::ToSpan;
use lantern_app::readiness::{self, ServiceReadiness};
use lantern_core::govern::readiness::{Aspect, Rag, Readiness};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

fn rag_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema::coded(Rag::ALL.map(Rag::code))
}

fn aspect_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema::coded(Aspect::ALL.map(Aspect::code))
}

/// One light.
#[derive(Debug, Serialize, ToSchema)]
pub struct LightJson {
    #[schema(schema_with = aspect_schema)]
    pub aspect: String,
    pub label: String,
    #[schema(schema_with = rag_schema)]
    pub light: String,
    /// "Ready", "Needs attention" or "Not ready".
    pub word: String,
    /// Why, in a sentence.
    pub why: String,
    /// The page that fixes it (or shows the record behind a green light).
    pub fix_url: String,
    pub fix_label: String,
}

/// A service's readiness on a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceReadinessJson {
    pub service_id: i64,
    pub service: String,
    /// The day asked for (YYYY-MM-DD).
    pub day: String,
    /// When it was worked out (RFC 3339, UTC); null when nothing was kept on or before the day.
    pub recorded_at: Option<String>,
    /// The earlier day whose readiness stands for a day Lantern kept nothing.
    pub kept_on: Option<String>,
    /// The worst light; null when nothing was kept.
    #[schema(schema_with = rag_schema)]
    pub light: Option<String>,
    pub lights: Vec<LightJson>,
}

/// Every service of yours on a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadinessList {
    pub day: String,
    pub services: Vec<ServiceReadinessJson>,
}

/// One service's kept readiness, day by day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadinessHistory {
    pub service_id: i64,
    pub days: Vec<ServiceReadinessJson>,
}

fn lights(r: &Readiness, service_id: i64) -> Vec<LightJson> {
    r.lamps
        .iter()
        .map(|l| LightJson {
            aspect: l.aspect.code().into(),
            label: l.aspect.label().into(),
            light: l.light.code().into(),
            word: l.light.word().into(),
            why: l.why.clone(),
            fix_url: fix_url(l.fix, service_id),
            fix_label: l.fix.label().into(),
        })
        .collect()
}

fn json_of(r: &ServiceReadiness) -> ServiceReadinessJson {
    ServiceReadinessJson {
        service_id: r.service_id,
        service: r.service.clone(),
        day: r.day.to_string(),
        recorded_at: r.recorded_at.map(|t| t.to_string()),
        kept_on: r.kept_on.map(|d| d.to_string()),
        light: r.readiness.as_ref().map(|x| x.light.code().to_string()),
        lights: r
            .readiness
            .as_ref()
            .map(|x| lights(x, r.service_id))
            .unwrap_or_default(),
    }
}

#[derive(Debug, Deserialize)]
pub struct RangeParams {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /api/v1/readiness[?on=]`.
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(p): Query<OnParams>,
) -> Result<Response, ApiError> {
    let on = day_of(p.on.as_deref())?;
    let all = readiness::services(&state.app, &user.0, on).await?;
    Ok(Json(ReadinessList {
        day: on.unwrap_or_else(|| state.app.clock.today()).to_string(),
        services: all.iter().map(json_of).collect(),
    })
    .into_response())
}

/// `GET /api/v1/readiness/{service}[?on=]`.
pub async fn get(
    State(state): State<AppState>,
    user: ApiUser,
    Path(service): Path<i64>,
    Query(p): Query<OnParams>,
) -> Result<Response, ApiError> {
    let on = day_of(p.on.as_deref())?;
    let r = readiness::service(&state.app, &user.0, &user.actor(), service, on).await?;
    Ok(Json(json_of(&r)).into_response())
}

/// `GET /api/v1/readiness/{service}/history[?from=&to=]`: the last 28 days unless told.
pub async fn history(
    State(state): State<AppState>,
    user: ApiUser,
    Path(service): Path<i64>,
    Query(p): Query<RangeParams>,
) -> Result<Response, ApiError> {
    let today = state.app.clock.today();
    let to = date_param("to", p.to.as_deref())?.unwrap_or(today);
    let from = date_param("from", p.from.as_deref())?.unwrap_or(to.checked_sub(27.days()).unwrap_or(to));
    let days = readiness::history(&state.app, &user.0, service, from, to).await?;
    Ok(Json(ReadinessHistory {
        service_id: service,
        days: days
            .iter()
            .map(|d| ServiceReadinessJson {
                service_id: d.service_id,
                service: String::new(),
                day: d.day.to_string(),
                recorded_at: Some(d.recorded_at.to_string()),
                kept_on: None,
                light: Some(d.readiness.light.code().to_string()),
                lights: lights(&d.readiness, d.service_id),
            })
            .collect(),
    })
    .into_response())
}

pub fn schemas(out: &mut Map<String, Value>) {
    schema::add::<ReadinessList>(out);
    schema::add::<ServiceReadinessJson>(out);
    schema::add::<ReadinessHistory>(out);
}

pub fn paths(out: &mut Map<String, Value>) {
    let tags = json!(["Govern"]);
    let on = json!({"name": "on", "in": "query", "required": false, "schema": {"type": "string", "format": "date"},
                    "description": "a past day: readiness as Lantern kept it then; today when left out"});
    let service = json!({"name": "service", "in": "path", "required": true, "schema": {"type": "integer"}});
    out.insert("/api/v1/readiness".into(), json!({
        "get": {"summary": "Each of your services' readiness: eight lights (pack, contacts, drills, training, devices, risk reviews, actions, post-incident reviews), red, amber or green, each with why and the page that fixes it. Today's is worked out and kept; a past day's is read as kept then.",
                "tags": tags, "parameters": [on],
                "responses": responses(("200", schema::ok::<ReadinessList>("every service's readiness")), &[("422", "`on` is not a date, or a day to come")])}}));
    out.insert("/api/v1/readiness/{service}".into(), json!({
        "get": {"summary": "One service's readiness, today or on a past day. Audited (a light may name people without an emergency contact).",
                "tags": tags, "parameters": [service, on],
                "responses": responses(("200", schema::ok::<ServiceReadinessJson>("the service's readiness")),
                    &[("404", "no such service among yours"), ("422", "`on` is not a date, or a day to come")])}}));
    out.insert("/api/v1/readiness/{service}/history".into(), json!({
        "get": {"summary": "One service's readiness as kept day by day, oldest first: the trend. The last 28 days unless `from` and `to` say.",
                "tags": tags, "parameters": [service,
                    {"name": "from", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}}],
                "responses": responses(("200", schema::ok::<ReadinessHistory>("the days kept")),
                    &[("404", "no such service among yours"), ("422", "a date that does not read, `from` after `to`, or more than a year between them")])}}));
}
