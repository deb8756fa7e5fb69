//! The downtime pack of each service: its state, its versions, building, downloading and
//! recording checks. Every view, build and download is audited.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::display::{record_url, when};
use crate::register::list::{form_status, render};
use crate::views::{PackListRow, PackPage, PackState, PackVersion, PacksPage};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::pack_ops;
use lantern_app::packs;
use lantern_core::{EntityKind, FieldErrors};
use lantern_store::PackRow;
use serde::Deserialize;

pub fn pack_url(service_id: i64) -> String {
    format!("/packs/{service_id}")
}

fn version_view(service_id: i64, p: &PackRow) -> PackVersion {
    let day = |d: &str| {
        lantern_core::values::parse_date(d)
            .map(|d| d.strftime("%-d %b %Y").to_string())
            .unwrap_or_else(|_| d.to_string())
    };
    PackVersion {
        version: p.version,
        built_at: when(&p.built_at),
        built_by: p.built_by.clone(),
        covers: format!("{} to {}", day(&p.first_day), day(&p.last_day)),
        pages: p.pages,
        fingerprint: p.fingerprint.chars().take(12).collect(),
        pdf_url: format!("/packs/{service_id}/versions/{}/pdf", p.version),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct PackParams {
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(service_id): Path<i64>,
    Query(p): Query<PackParams>,
) -> Result<Response, AppError> {
    pack_page(&state, &me, service_id, p.done, Refused::default()).await
}

/// A build or check form that was refused: its errors, and what was typed, shown again.
#[derive(Debug, Default)]
struct Refused {
    errors: FieldErrors,
    day: Option<String>,
    problems: String,
    contacts_verified: bool,
}

async fn pack_page(
    state: &AppState,
    me: &CurrentUser,
    service_id: i64,
    done: Option<String>,
    refused: Refused,
) -> Result<Response, AppError> {
    let d = pack_ops::detail(&state.app, &me.user, &me.actor(), service_id).await?;
    let versions: Vec<PackVersion> = d.versions.iter().map(|p| version_view(service_id, p)).collect();
    let checks = d
        .checks
        .into_iter()
        .map(|c| {
            let version = c.pack_version.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
            let contacts = if c.contacts_verified { "Checked" } else { "Not checked" };
            (
                when(&c.checked_at),
                c.checked_by,
                version,
                contacts.to_string(),
                c.problems,
            )
        })
        .collect();
    let name = d.service.record.title();
    let page = PackPage {
        chrome: chrome(state, me, &format!("Downtime pack: {name}"), "/packs").await?,
        service_url: record_url(EntityKind::Service, service_id),
        service_name: name,
        notice: done.map(|d| {
            if d == "check" {
                "Check recorded.".to_string()
            } else {
                format!("Built version {d}.")
            }
        }),
        fresh: d.pack.fresh.fresh,
        reasons: d.pack.fresh.reasons,
        latest: versions.first().cloned(),
        versions,
        checks,
        can_build: d.may_build,
        can_check: d.may_check,
        service_id,
        build_url: format!("/packs/{service_id}/build"),
        check_url: format!("/packs/{service_id}/check"),
        today: refused.day.unwrap_or_else(|| state.app.clock.today().to_string()),
        days: d.days,
        problems: refused.problems,
        contacts_verified: refused.contacts_verified,
        errors: refused.errors,
    };
    let status = form_status(!page.errors.is_empty());
    render(&page, status)
}

pub async fn build(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(service_id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let day = form.get("day");
    match pack_ops::build(&state.app, &me.user, &me.actor(), service_id, day).await {
        Ok(built) => Ok(Redirect::to(&format!("{}?done={}", pack_url(service_id), built.version)).into_response()),
        Err(lantern_app::Error::Invalid(errors)) => {
            let refused = Refused {
                errors,
                day: day.map(str::to_string),
                problems: String::new(),
                contacts_verified: false,
            };
            pack_page(&state, &me, service_id, None, refused).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn check(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(service_id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let problems = form.get("problems").unwrap_or("");
    let contacts = form.get("contacts_verified").is_some();
    match pack_ops::record_check(&state.app, &me.user, service_id, problems, contacts).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?done=check", pack_url(service_id))).into_response()),
        Err(lantern_app::Error::Invalid(errors)) => {
            let refused = Refused {
                errors,
                day: None,
                problems: problems.trim().to_string(),
                contacts_verified: contacts,
            };
            pack_page(&state, &me, service_id, None, refused).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn download(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((service_id, version)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (file, pdf) = pack_ops::download(&state.app, &me.user, &me.actor(), service_id, version).await?;
    Ok(crate::download::attachment("application/pdf", &file, pdf))
}

/// Every service's pack state: for the packs page and the home page.
pub async fn states(state: &AppState, me: &CurrentUser) -> Result<Vec<PackState>, AppError> {
    Ok(rows(state, me).await?.into_iter().map(|r| r.state).collect())
}

/// A day as the packs list shows a due date, in UK time: "Thu 24 Dec 2026".
fn day(t: jiff::Timestamp) -> String {
    t.to_zoned_datetime(lantern_core::schedule::london())
        .strftime("%a %-d %b %Y")
        .to_string()
}

async fn rows(state: &AppState, me: &CurrentUser) -> Result<Vec<PackListRow>, AppError> {
    let mut out = Vec::new();
    for s in pack_ops::summaries(&state.app, &me.user).await? {
        let p = s.pack;
        out.push(PackListRow {
            last_checked: match &p.last_check {
                Some(c) => format!("{} by {}", when(&c.at), c.by),
                None => "Not checked yet".into(),
            },
            next_check: p
                .next_check_due
                .map(day)
                .unwrap_or_else(|| "After the first build".into()),
            check_overdue: s.check_overdue,
            state: PackState {
                service: s.service.record.title(),
                url: pack_url(s.service.id),
                fresh: p.fresh.fresh,
                version: p
                    .latest
                    .map(|p| format!("v{}", p.version))
                    .unwrap_or_else(|| "none".into()),
                reasons: p.fresh.reasons,
            },
        });
    }
    Ok(out)
}

pub async fn overview(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let page = PacksPage {
        chrome: chrome(&state, &me, "Downtime packs", "/packs").await?,
        packs: rows(&state, &me).await?,
        check_every_days: packs::policy(&state.app.store).await?.check_every_days,
    };
    render(&page, StatusCode::OK)
}
