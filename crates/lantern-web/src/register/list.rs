//! Register list pages: every entity searchable, filtered by service and day, paged.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::audit_view;
use crate::chrome::chrome;
use crate::chrome::is_personal;
use crate::error::AppError;
use crate::register::display::{Titles, record_url, shown};
use crate::views::{Cell, ListPage, Row, SelectOption, Shown, Table};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use lantern_core::{EntityKind, FieldErrors, FieldSpec};
use lantern_store::{ListQuery, Stored};
use serde::Deserialize;

const PAGE_SIZE: i64 = 50;

pub fn kind_of(slug: &str) -> Result<EntityKind, AppError> {
    EntityKind::from_slug(slug).ok_or_else(|| AppError::NotFound("There is no such page.".into()))
}

pub fn nav_section(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Service => "/services",
        EntityKind::Person | EntityKind::Contact | EntityKind::Medicine => "/people",
        EntityKind::Visit | EntityKind::Shift => "/visits",
        EntityKind::Staff => "/staff",
        EntityKind::System => "/systems",
        EntityKind::Supplier => "/suppliers",
        EntityKind::Device | EntityKind::DevicePolicy => "/devices",
        EntityKind::Practice => "/practices",
        EntityKind::Risk => "/risks",
        EntityKind::Course | EntityKind::TrainingRecord => "/training",
        EntityKind::SupplierReview => "/suppliers",
        EntityKind::DrillScenario | EntityKind::Drill | EntityKind::Action => "/drills",
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ListParams {
    q: Option<String>,
    service: Option<String>,
    date: Option<String>,
    ended: Option<String>,
    page: Option<i64>,
}

/// The rows of a table of records, first column the title.
pub fn table_rows(items: &[Stored], columns: &[&'static FieldSpec], titles: &Titles) -> Vec<Row> {
    items
        .iter()
        .map(|s| {
            let mut cells = vec![Cell {
                label: "Name".into(),
                value: Shown::Empty,
            }];
            cells.extend(columns.iter().map(|f| Cell {
                label: f.label.to_string(),
                value: shown(f, s.record.get(f.name), titles),
            }));
            Row {
                url: record_url(s.record.kind, s.id),
                title: s.record.title(),
                cells,
                ended: s.ended_at.is_some(),
            }
        })
        .collect()
}

pub fn listed_columns(kind: EntityKind, except: Option<&str>) -> Vec<&'static FieldSpec> {
    let title_fields = ["name", "full_name", "asset_tag"];
    kind.spec()
        .fields
        .iter()
        .filter(|f| f.listed && Some(f.name) != except && !title_fields.contains(&f.name))
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(slug): Path<String>,
    Query(p): Query<ListParams>,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    let spec = kind.spec();
    let service = p.service.as_deref().and_then(|s| s.parse::<i64>().ok());
    // Visits and shifts are the rota: listed a day at a time, today first. A drill has a date
    // too, but its list is every drill, held and planned.
    let has_date = matches!(kind, EntityKind::Visit | EntityKind::Shift);
    let date = if has_date {
        Some(
            p.date
                .as_deref()
                .and_then(|d| lantern_core::values::parse_date(d).ok())
                .unwrap_or_else(|| state.app.clock.today()),
        )
    } else {
        None
    };
    let page = p.page.unwrap_or(1).max(1);
    let query = ListQuery {
        search: p.q.clone(),
        access: me.user.access.clone(),
        service,
        date,
        include_ended: p.ended.is_some(),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
        ..Default::default()
    };
    let result = state.app.store.list(kind, &query).await?;
    let titles = Titles::load(&state.app.store, result.items.iter().map(|s| &s.record)).await?;
    let columns = listed_columns(kind, None);
    let mut headings = vec!["Name".to_string()];
    headings.extend(columns.iter().map(|f| f.label.to_string()));
    let services = service_options(&state, &me, service, kind).await?;
    if is_personal(kind) {
        let detail = format!(
            "Listed {} (page {page}{})",
            spec.plural_in_text(),
            p.q.as_deref().map(|q| format!(", search '{q}'")).unwrap_or_default()
        );
        audit_view(&state, &me, "list", detail, None).await?;
    }
    let link = |n: i64| {
        let mut params = vec![format!("page={n}")];
        if let Some(q) = &p.q {
            params.push(format!("q={}", urlencode(q)));
        }
        if let Some(s) = service {
            params.push(format!("service={s}"));
        }
        if let Some(d) = date {
            params.push(format!("date={d}"));
        }
        if p.ended.is_some() {
            params.push("ended=1".into());
        }
        format!("/{slug}?{}", params.join("&"))
    };
    let shown_to = (query.offset + result.items.len() as i64).min(result.total);
    let showing = if result.total == 0 {
        format!("No {} found.", spec.plural_in_text())
    } else {
        format!(
            "Showing {}–{} of {} {}",
            query.offset + 1,
            shown_to,
            result.total,
            spec.plural_in_text()
        )
    };
    let page_view = ListPage {
        chrome: chrome(&state, &me, spec.plural, nav_section(kind)).await?,
        slug: slug.clone(),
        about: spec.about.to_string(),
        add_url: me.user.role.can_edit_register().then(|| format!("/{slug}/new")),
        add_label: format!("Add {}", spec.singular_in_text()),
        links: crate::govern::links::of_list(kind),
        table: Table {
            heading: String::new(),
            columns: headings,
            rows: table_rows(&result.items, &columns, &titles),
            empty: String::new(),
            add_url: None,
            add_label: String::new(),
        },
        search: p.q.clone().unwrap_or_default(),
        services,
        date: date.map(|d| d.to_string()),
        include_ended: p.ended.is_some(),
        showing,
        prev_url: (page > 1).then(|| link(page - 1)),
        next_url: (shown_to < result.total).then(|| link(page + 1)),
    };
    render(&page_view, StatusCode::OK)
}

async fn service_options(
    state: &AppState,
    me: &CurrentUser,
    selected: Option<i64>,
    kind: EntityKind,
) -> Result<Vec<SelectOption>, AppError> {
    if matches!(
        kind.spec().scope,
        lantern_core::Scope::Organisation | lantern_core::Scope::Itself
    ) {
        return Ok(Vec::new());
    }
    let q = ListQuery {
        access: me.user.access.clone(),
        limit: 1000,
        ..Default::default()
    };
    let services = state.app.store.list(EntityKind::Service, &q).await?;
    Ok(services
        .items
        .into_iter()
        .map(|s| SelectOption {
            value: s.id.to_string(),
            label: s.record.title(),
            selected: Some(s.id) == selected,
        })
        .collect())
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// 200 for a page as asked for; 422 for a form shown again because it was refused.
/// The error summary at the top of a page with several forms: each message after its field's
/// label, linked to the field (`f-{name}`), so every error is in view and a tap away from its box.
pub fn error_list(errors: &FieldErrors, labels: &[(&str, &str)]) -> Vec<(String, String)> {
    errors
        .0
        .iter()
        .map(|(name, message)| {
            let text = match labels.iter().find(|(n, _)| n == name) {
                Some((_, label)) => format!("{label}: {message}"),
                None => message.clone(),
            };
            (format!("f-{name}"), text)
        })
        .collect()
}

pub fn form_status(refused: bool) -> StatusCode {
    if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

pub fn render(page: &impl Template, status: StatusCode) -> Result<Response, AppError> {
    let html = page.render().map_err(AppError::internal)?;
    Ok((status, [(axum::http::header::CACHE_CONTROL, "no-store")], Html(html)).into_response())
}

/// A page with a form: 200, or 422 when it shows what was refused (with what was typed).
pub fn render_form(page: &impl Template, errors: &lantern_core::FieldErrors) -> Result<Response, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(page, status)
}
