//! The downtime pack of each service: its state, its versions, building, downloading and
//! recording checks. Every view, build and download is audited.

use super::display::{record_url, when};
use super::list::{form_status, render};
use super::{audit_view, chrome};
use crate::AppState;
use crate::access::{services_for, visible_service};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::form::FormBody;
use crate::packs;
use crate::views::{PackListRow, PackPage, PackState, PackVersion, PacksPage};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lantern_core::{EntityKind, FieldErrors};
use lantern_store::{PackCheck, PackRow};
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
}

impl Refused {
    fn because(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        Refused {
            errors,
            ..Refused::default()
        }
    }
}

async fn pack_page(
    state: &AppState,
    me: &CurrentUser,
    service_id: i64,
    done: Option<String>,
    refused: Refused,
) -> Result<Response, AppError> {
    let service = visible_service(&state.app, &me.user, service_id).await?;
    let policy = packs::policy(&state.app.store).await?;
    let (latest, fresh) = packs::freshness(&state.app.store, service_id, &policy, state.app.clock.now()).await?;
    let current = latest.is_some() && fresh.fresh;
    let versions: Vec<PackVersion> = state
        .app
        .store
        .packs(service_id)
        .await?
        .iter()
        .map(|p| version_view(service_id, p))
        .collect();
    let checks = state
        .app
        .store
        .pack_checks(service_id)
        .await?
        .into_iter()
        .map(|c| {
            let version = c.pack_version.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
            (when(&c.checked_at), c.checked_by, version, c.problems)
        })
        .collect();
    let name = service.record.title();
    audit_view(
        state,
        me,
        "view",
        format!(
            "Viewed the downtime pack of {name}{}",
            versions
                .first()
                .map(|v| format!(" (version {})", v.version))
                .unwrap_or_default()
        ),
        Some((EntityKind::Service, service_id, Some(service_id))),
    )
    .await?;
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
        fresh: fresh.fresh,
        reasons: fresh.reasons,
        latest: versions.first().cloned(),
        versions,
        checks,
        can_build: me.user.role.may_build_pack(current),
        can_check: me.user.role.can_record_checks(),
        build_url: format!("/packs/{service_id}/build"),
        check_url: format!("/packs/{service_id}/check"),
        today: refused.day.unwrap_or_else(|| state.app.clock.today().to_string()),
        days: policy.days,
        problems: refused.problems,
        errors: refused.errors,
    };
    let status = form_status(!page.errors.is_empty());
    render(&page, status)
}

/// The checks every pack form passes: its token, the role, and that the service is the user's.
async fn posted(
    state: &AppState,
    me: &CurrentUser,
    service_id: i64,
    body: &[u8],
    allowed: bool,
    refusal: &str,
) -> Result<FormBody, AppError> {
    let form = FormBody::parse(body);
    me.check_csrf(form.get("csrf"))?;
    if !allowed {
        return Err(AppError::Forbidden(refusal.into()));
    }
    visible_service(&state.app, &me.user, service_id).await?;
    Ok(form)
}

pub async fn build(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(service_id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    // Whether a pack is current is asked only of the user's own services: of another's it
    // would tell them something about it.
    visible_service(&state.app, &me.user, service_id).await?;
    if !me.user.role.can_build_packs() {
        let policy = packs::policy(&state.app.store).await?;
        let (latest, fresh) = packs::freshness(&state.app.store, service_id, &policy, state.app.clock.now()).await?;
        let current = latest.is_some() && fresh.fresh;
        if !me.user.role.may_build_pack(current) {
            return Err(AppError::Forbidden(match me.user.role {
                lantern_core::user::Role::Viewer => "A read-only user cannot build packs.".into(),
                _ => "This pack is up to date: there is nothing to build. A coordinator or manager can build a new version at any time.".into(),
            }));
        }
    }
    let day = match form.get("day").filter(|d| !d.trim().is_empty()) {
        Some(d) => match lantern_core::values::parse_date(d) {
            Ok(day) => day,
            Err(e) => {
                let refused = Refused {
                    day: Some(d.to_string()),
                    ..Refused::because("day", e)
                };
                return pack_page(&state, &me, service_id, None, refused).await;
            }
        },
        None => state.app.clock.today(),
    };
    let built = packs::build(&state.app.store, service_id, day, &me.actor(), state.app.clock.now()).await?;
    Ok(Redirect::to(&format!("{}?done={}", pack_url(service_id), built.version)).into_response())
}

pub async fn check(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(service_id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let refusal = "A read-only user cannot record checks.";
    let form = posted(
        &state,
        &me,
        service_id,
        &body,
        me.user.role.can_record_checks(),
        refusal,
    )
    .await?;
    let latest = state.app.store.packs(service_id).await?.into_iter().next();
    let problems = form.get("problems").unwrap_or("").trim().to_string();
    if problems.chars().count() > 5000 {
        let refused = Refused {
            problems,
            ..Refused::because("problems", "is too long (at most 5000 characters)")
        };
        return pack_page(&state, &me, service_id, None, refused).await;
    }
    let now = state.app.clock.now();
    let check = PackCheck {
        service_id,
        pack_version: latest.map(|p| p.version),
        checked_at: now.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        checked_by: me.user.name.clone(),
        problems,
    };
    state.app.store.record_pack_check(&check, Some(me.user.id)).await?;
    Ok(Redirect::to(&format!("{}?done=check", pack_url(service_id))).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((service_id, version)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let service = visible_service(&state.app, &me.user, service_id).await?;
    let pdf = state.app.store.pack_pdf(service_id, version).await?;
    let name = service.record.title();
    audit_view(
        &state,
        &me,
        "download",
        format!("Downloaded pack version {version} of {name}"),
        Some((EntityKind::Service, service_id, Some(service_id))),
    )
    .await?;
    let file: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"pack-{file}-v{version}.pdf\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        pdf,
    )
        .into_response())
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
    let policy = packs::policy(&state.app.store).await?;
    let services = services_for(&state.app, &me.user).await?;
    let now = state.app.clock.now();
    let mut out = Vec::new();
    for s in services {
        let p = packs::service_pack(&state.app.store, s.id, &policy, now).await?;
        out.push(PackListRow {
            last_checked: match &p.last_check {
                Some(c) => format!("{} by {}", when(&c.at.to_string()), c.by),
                None => "Not checked yet".into(),
            },
            next_check: p
                .next_check_due
                .map(day)
                .unwrap_or_else(|| "After the first build".into()),
            check_overdue: p.next_check_due.is_some_and(|due| now > due),
            state: PackState {
                service: s.record.title(),
                url: pack_url(s.id),
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
