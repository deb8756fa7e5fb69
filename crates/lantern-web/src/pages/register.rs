//! Register pages for every entity: list, search, view, create, edit, end and restore.

use super::display::{Titles, record_url, shown, when};
use super::form_fields::{build, capitalise, ref_options};
use super::{audit_view, chrome, is_personal};
use crate::AppState;
use crate::access::{ensure_visible, ensure_writable};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::form::FormBody;
use crate::views::{
    Cell, FormPage, ListPage, RecordPage, Row, Section, SelectOption, Shown, Table,
};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lantern_core::{EntityKind, FieldErrors, FieldKind, Input, InputVal, Record};
use lantern_store::{ListQuery, StoreError, Stored};
use serde::Deserialize;
use std::collections::HashMap;

const PAGE_SIZE: i64 = 50;

pub fn kind_of(slug: &str) -> Result<EntityKind, AppError> {
    EntityKind::from_slug(slug).ok_or_else(|| AppError::NotFound("There is no such page.".into()))
}

fn nav_section(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Service => "/services",
        EntityKind::Person | EntityKind::Contact | EntityKind::Medicine => "/people",
        EntityKind::Visit | EntityKind::Shift => "/visits",
        EntityKind::Staff => "/staff",
        EntityKind::System => "/systems",
        EntityKind::Supplier => "/suppliers",
        EntityKind::Device => "/devices",
        EntityKind::Practice => "/practices",
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
fn table_rows(
    items: &[Stored],
    columns: &[&'static lantern_core::FieldSpec],
    titles: &Titles,
) -> Vec<Row> {
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

fn listed_columns(kind: EntityKind, except: Option<&str>) -> Vec<&'static lantern_core::FieldSpec> {
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
    let has_date = spec.field("date").is_some();
    let date = if has_date {
        Some(
            p.date
                .as_deref()
                .and_then(|d| lantern_core::values::parse_date(d).ok())
                .unwrap_or_else(|| state.clock.today()),
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
    let result = state.store.list(kind, &query).await?;
    let titles = Titles::load(&state.store, result.items.iter().map(|s| &s.record)).await?;
    let columns = listed_columns(kind, None);
    let mut headings = vec!["Name".to_string()];
    headings.extend(columns.iter().map(|f| f.label.to_string()));
    let services = service_options(&state, &me, service, kind).await?;
    if is_personal(kind) {
        let detail = format!(
            "Listed {} (page {page}{})",
            spec.plural.to_lowercase(),
            p.q.as_deref()
                .map(|q| format!(", search '{q}'"))
                .unwrap_or_default()
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
        format!("No {} found.", spec.plural.to_lowercase())
    } else {
        format!(
            "Showing {}–{} of {} {}",
            query.offset + 1,
            shown_to,
            result.total,
            spec.plural.to_lowercase()
        )
    };
    let page_view = ListPage {
        chrome: chrome(&state, &me, spec.plural, nav_section(kind)).await?,
        slug: slug.clone(),
        about: spec.about.to_string(),
        add_url: me
            .user
            .role
            .can_edit_register()
            .then(|| format!("/{slug}/new")),
        add_label: format!("Add {}", spec.singular.to_lowercase()),
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
    let services = state.store.list(EntityKind::Service, &q).await?;
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

pub fn render(page: &impl Template, status: StatusCode) -> Result<Response, AppError> {
    let html = page.render().map_err(AppError::internal)?;
    Ok((
        status,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Html(html),
    )
        .into_response())
}

/// Records shown under a record: a person's contacts, medicines and today's visits.
fn children_of(kind: EntityKind) -> &'static [(EntityKind, &'static str)] {
    match kind {
        EntityKind::Service => &[
            (EntityKind::Person, "service_id"),
            (EntityKind::Device, "service_id"),
        ],
        EntityKind::Person => &[
            (EntityKind::Contact, "person_id"),
            (EntityKind::Medicine, "person_id"),
            (EntityKind::Visit, "person_id"),
        ],
        EntityKind::Supplier => &[(EntityKind::System, "supplier_id")],
        _ => &[],
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ViewParams {
    saved: Option<String>,
}

pub async fn view(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
    Query(p): Query<ViewParams>,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    let spec = kind.spec();
    let stored = state.store.get(kind, id).await?;
    ensure_visible(&me.user, kind, stored.service_id)?;
    let titles = Titles::load(&state.store, std::iter::once(&stored.record)).await?;
    let record = &stored.record;

    let mut main = Vec::new();
    for (f, v) in record.values() {
        if matches!(f.kind, FieldKind::Pairs { .. }) || f.name == "allergies" {
            continue;
        }
        main.push(Cell {
            label: f.label.to_string(),
            value: shown(f, v, &titles),
        });
    }
    let mut sections = Vec::new();
    if kind == EntityKind::Person {
        let pick = |name: &str| {
            spec.field(name).map(|f| Cell {
                label: f.label.to_string(),
                value: shown(f, record.get(name), &titles),
            })
        };
        sections.push(Section {
            heading: "Keep safe".into(),
            items: ["key_risks", "allergies"]
                .iter()
                .filter_map(|n| pick(n))
                .collect(),
        });
    } else {
        for (f, v) in record
            .values()
            .filter(|(f, _)| matches!(f.kind, FieldKind::Pairs { .. }))
        {
            main.push(Cell {
                label: f.label.to_string(),
                value: shown(f, v, &titles),
            });
        }
    }
    sections.push(Section {
        heading: "Details".into(),
        items: main,
    });

    let mut children = Vec::new();
    for (child, field) in children_of(kind) {
        let date = (*child == EntityKind::Visit).then(|| state.clock.today());
        let q = ListQuery {
            parent: Some((field, id)),
            date,
            access: me.user.access.clone(),
            limit: 200,
            ..Default::default()
        };
        let page = state.store.list(*child, &q).await?;
        if date.is_some() && page.items.is_empty() {
            // No visits today (or not a home-care person): nothing worth a heading.
            continue;
        }
        let child_titles = Titles::load(&state.store, page.items.iter().map(|s| &s.record)).await?;
        let columns = listed_columns(*child, Some(field));
        let mut headings = vec!["Name".to_string()];
        headings.extend(columns.iter().map(|f| f.label.to_string()));
        let cspec = child.spec();
        let heading = if date.is_some() {
            format!("{} today", cspec.plural)
        } else {
            cspec.plural.to_string()
        };
        let can_add = me.user.role.can_edit_register() && stored.ended_at.is_none();
        children.push(Table {
            heading,
            columns: headings,
            rows: table_rows(&page.items, &columns, &child_titles),
            empty: format!("No {} recorded.", cspec.plural.to_lowercase()),
            add_url: can_add.then(|| format!("/{}/new?{field}={id}", cspec.slug)),
            add_label: format!("Add {}", cspec.singular.to_lowercase()),
        });
    }

    let versions = state.store.history(kind, id).await?;
    let history = versions
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let what = match (h.action.as_str(), versions.get(i + 1)) {
                ("update", Some(older)) => {
                    let fields = changed_fields(kind, &h.data, &older.data);
                    if fields.is_empty() {
                        "Saved with no change".to_string()
                    } else {
                        format!("Changed {}", fields.join(", "))
                    }
                }
                (action, _) => history_action(action).to_string(),
            };
            (when(&h.at), h.actor.clone(), what)
        })
        .collect();
    if is_personal(kind) {
        audit_view(
            &state,
            &me,
            "view",
            format!("Viewed {} {}", spec.singular.to_lowercase(), record.title()),
            Some((kind, id, stored.service_id)),
        )
        .await?;
    }
    let can_edit = me.user.role.can_edit_register();
    let (back_url, back_label) = back_link(kind, record, &titles);
    let mut badges = Vec::new();
    if kind == EntityKind::Person {
        if let Some(f) = spec.field("risk_tier") {
            badges.push((
                format!(
                    "{} risk",
                    f.kind.choice_label(record.text("risk_tier")).unwrap_or("")
                ),
                risk_style(record.text("risk_tier")),
            ));
        }
        if !record.text("preferred_name").is_empty() {
            badges.push((
                format!("Likes to be called {}", record.text("preferred_name")),
                "plain",
            ));
        }
    }
    if record.flag("time_critical") {
        badges.push(("⏱ Time-critical".into(), "high"));
    }
    if record.flag("controlled_drug") {
        badges.push(("CD Controlled drug".into(), "medium"));
    }
    if record.flag("prn") {
        badges.push(("PRN".into(), "plain"));
    }
    let page = RecordPage {
        chrome: chrome(&state, &me, &record.title(), nav_section(kind)).await?,
        kind_label: spec.singular.to_string(),
        badges,
        back_url,
        back_label,
        notice: p.saved.map(|_| "Saved.".to_string()),
        warnings: record.warnings(),
        ended: stored.ended_at.as_ref().map(|at| {
            format!(
                "Ended on {} by {}.",
                when(at),
                stored.ended_by.clone().unwrap_or_default()
            )
        }),
        sections,
        children,
        edit_url: (can_edit && stored.ended_at.is_none()).then(|| format!("/{slug}/{id}/edit")),
        end_url: (can_edit && stored.ended_at.is_none()).then(|| format!("/{slug}/{id}/end")),
        end_verb: spec.end_verb.to_string(),
        restore_url: (can_edit && stored.ended_at.is_some())
            .then(|| format!("/{slug}/{id}/restore")),
        meta: format!(
            "Version {} · last changed {} by {}",
            stored.version,
            when(&stored.updated_at),
            stored.updated_by
        ),
        history,
    };
    render(&page, StatusCode::OK)
}

fn risk_style(tier: &str) -> &'static str {
    match tier {
        "high" => "high",
        "medium" => "medium",
        _ => "low",
    }
}

/// The labels of the fields that differ between two saved versions.
fn changed_fields(
    kind: EntityKind,
    newer: &serde_json::Value,
    older: &serde_json::Value,
) -> Vec<String> {
    kind.spec()
        .fields
        .iter()
        .filter(|f| newer.get(f.name) != older.get(f.name))
        .map(|f| f.label.to_lowercase())
        .collect()
}

fn history_action(action: &str) -> &str {
    match action {
        "create" => "Created",
        "update" => "Changed",
        "end" => "Ended",
        "restore" => "Restored",
        other => other,
    }
}

/// Children lead back to their person; everything else to its list.
fn back_link(kind: EntityKind, record: &Record, titles: &Titles) -> (String, String) {
    if let lantern_core::Scope::Person(field) = kind.spec().scope
        && let Some(person) = record.int(field)
    {
        return (
            record_url(EntityKind::Person, person),
            titles.get(EntityKind::Person, person),
        );
    }
    (format!("/{}", kind.slug()), kind.spec().plural.to_string())
}

/// Query parameters naming fields prefill a new record (`/contacts/new?person_id=4`).
pub async fn new_form(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(slug): Path<String>,
    Query(prefill): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    crate::access::ensure_editor(&me.user)?;
    let mut input = Input::new();
    for f in kind.spec().fields {
        if let Some(v) = prefill.get(f.name) {
            input.insert(f.name.to_string(), InputVal::One(v.clone()));
        }
    }
    let return_to = parent_return(kind, &input).unwrap_or_default();
    form_page(
        &state,
        &me,
        kind,
        None,
        &input,
        &FieldErrors::default(),
        None,
        return_to,
        StatusCode::OK,
    )
    .await
}

fn parent_return(kind: EntityKind, input: &Input) -> Option<String> {
    if let lantern_core::Scope::Person(field) = kind.spec().scope
        && let Some(InputVal::One(id)) = input.get(field)
        && let Ok(id) = id.parse::<i64>()
    {
        return Some(record_url(EntityKind::Person, id));
    }
    None
}

pub async fn edit_form(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    crate::access::ensure_editor(&me.user)?;
    let stored = state.store.get(kind, id).await?;
    ensure_visible(&me.user, kind, stored.service_id)?;
    let input = stored.record.to_input();
    let return_to = parent_return(kind, &input).unwrap_or_default();
    form_page(
        &state,
        &me,
        kind,
        Some(&stored),
        &input,
        &FieldErrors::default(),
        None,
        return_to,
        StatusCode::OK,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    me: &CurrentUser,
    kind: EntityKind,
    stored: Option<&Stored>,
    input: &Input,
    errors: &FieldErrors,
    problem: Option<String>,
    return_to: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let spec = kind.spec();
    let refs = ref_options(state, me, kind).await?;
    let title = match stored {
        Some(s) => format!("Edit {}", s.record.title()),
        None => format!("Add {}", spec.singular.to_lowercase()),
    };
    let mut summary: Vec<(String, String)> = problem
        .into_iter()
        .map(|p| ("form".to_string(), p))
        .collect();
    for f in spec.fields {
        if let Some(e) = errors.get(f.name) {
            summary.push((f.name.to_string(), format!("{}: {e}", f.label)));
        }
    }
    for (name, e) in &errors.0 {
        if spec.field(name).is_none() {
            summary.push((name.clone(), capitalise(e)));
        }
    }
    let page = FormPage {
        chrome: chrome(state, me, &title, nav_section(kind)).await?,
        action: match stored {
            Some(s) => format!("/{}/{}", spec.slug, s.id),
            None => format!("/{}", spec.slug),
        },
        cancel_url: match stored {
            Some(s) => record_url(kind, s.id),
            None if !return_to.is_empty() => return_to.clone(),
            None => format!("/{}", spec.slug),
        },
        version: stored.map(|s| s.version),
        return_to,
        errors: summary,
        fields: build(kind, input, errors, &refs),
        submit: if stored.is_some() {
            "Save changes".into()
        } else {
            format!("Add {}", spec.singular.to_lowercase())
        },
    };
    render(&page, status)
}

/// Only local paths, so a crafted form cannot send people elsewhere.
fn safe_return(form: &FormBody) -> Option<String> {
    form.get("return_to")
        .filter(|r| r.starts_with('/') && !r.starts_with("//"))
        .map(String::from)
}

pub async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    crate::access::ensure_editor(&me.user)?;
    let input = form.to_input(kind);
    let return_to = safe_return(&form).unwrap_or_default();
    let record = match Record::parse(kind, &input) {
        Ok(r) => r,
        Err(errors) => {
            return form_page(
                &state,
                &me,
                kind,
                None,
                &input,
                &errors,
                None,
                return_to,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    ensure_writable(&state, &me.user, &record, None).await?;
    match state
        .store
        .insert(&record, &me.actor(), state.clock.now())
        .await
    {
        Ok(id) => Ok(saved_redirect(kind, id, &return_to)),
        Err(StoreError::Invalid(errors)) => {
            form_page(
                &state,
                &me,
                kind,
                None,
                &input,
                &errors,
                None,
                return_to,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

fn saved_redirect(kind: EntityKind, id: i64, return_to: &str) -> Response {
    let target = if return_to.is_empty() {
        record_url(kind, id)
    } else {
        return_to.to_string()
    };
    let sep = if target.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{target}{sep}saved=1")).into_response()
}

pub async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    crate::access::ensure_editor(&me.user)?;
    let stored = state.store.get(kind, id).await?;
    ensure_visible(&me.user, kind, stored.service_id)?;
    let input = form.to_input(kind);
    let return_to = safe_return(&form).unwrap_or_default();
    let version = form.get("version").and_then(|v| v.parse::<i64>().ok());
    let record = match Record::parse(kind, &input) {
        Ok(r) => r,
        Err(errors) => {
            return form_page(
                &state,
                &me,
                kind,
                Some(&stored),
                &input,
                &errors,
                None,
                return_to,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    ensure_writable(&state, &me.user, &record, Some(id)).await?;
    match state
        .store
        .update(id, &record, version, &me.actor(), state.clock.now())
        .await
    {
        Ok(_) => Ok(saved_redirect(kind, id, &return_to)),
        Err(StoreError::Invalid(errors)) => {
            form_page(
                &state,
                &me,
                kind,
                Some(&stored),
                &input,
                &errors,
                None,
                return_to,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::Conflict(message)) => {
            let fresh = state.store.get(kind, id).await?;
            form_page(
                &state,
                &me,
                kind,
                Some(&fresh),
                &input,
                &FieldErrors::default(),
                Some(message),
                return_to,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn end(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    set_ended(state, me, slug, id, body, true).await
}

pub async fn restore(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    set_ended(state, me, slug, id, body, false).await
}

async fn set_ended(
    state: AppState,
    me: CurrentUser,
    slug: String,
    id: i64,
    body: Bytes,
    end: bool,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let stored = state.store.get(kind, id).await?;
    ensure_visible(&me.user, kind, stored.service_id)?;
    ensure_writable(&state, &me.user, &stored.record, Some(id)).await?;
    if end {
        state
            .store
            .end(kind, id, &me.actor(), state.clock.now())
            .await?;
    } else {
        state
            .store
            .restore(kind, id, &me.actor(), state.clock.now())
            .await?;
    }
    Ok(Redirect::to(&format!("{}?saved=1", record_url(kind, id))).into_response())
}
