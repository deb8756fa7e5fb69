//! A record's page: its fields, warnings, the records under it and its history.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::audit_view;
use crate::chrome::chrome;
use crate::chrome::is_personal;
use crate::error::AppError;
use crate::register::display::{Titles, record_url, shown, when};
use crate::register::list::{kind_of, listed_columns, nav_section, render, table_rows};
use crate::views::{Cell, RecordPage, Section, Table};
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantern_app::access::ensure_visible;
use lantern_core::{EntityKind, FieldKind, Record};
use lantern_store::ListQuery;
use serde::Deserialize;

/// Records shown under a record: a person's contacts, medicines and today's visits.
fn children_of(kind: EntityKind) -> &'static [(EntityKind, &'static str)] {
    match kind {
        EntityKind::Service => &[(EntityKind::Person, "service_id"), (EntityKind::Device, "service_id")],
        EntityKind::Person => &[
            (EntityKind::Contact, "person_id"),
            (EntityKind::Medicine, "person_id"),
            (EntityKind::Visit, "person_id"),
        ],
        EntityKind::Supplier => &[
            (EntityKind::System, "supplier_id"),
            (EntityKind::SupplierReview, "supplier_id"),
        ],
        EntityKind::Staff => &[(EntityKind::TrainingRecord, "staff_id")],
        EntityKind::Course => &[(EntityKind::TrainingRecord, "course_id")],
        EntityKind::DrillScenario => &[(EntityKind::Drill, "scenario_id")],
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
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    if kind == EntityKind::Drill {
        // A drill's page is its what-if, brief and actions (govern/drills.rs).
        return crate::govern::drills::page(&state, &me, id, raw).await;
    }
    let spec = kind.spec();
    let stored = state.app.store.get(kind, id).await?;
    ensure_visible(&me.user, kind, stored.service_id)?;
    let titles = Titles::load(&state.app.store, std::iter::once(&stored.record)).await?;
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
            items: ["key_risks", "allergies"].iter().filter_map(|n| pick(n)).collect(),
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
        let date = (*child == EntityKind::Visit).then(|| state.app.clock.today());
        let q = ListQuery {
            parent: Some((field, id)),
            date,
            access: me.user.access.clone(),
            limit: 200,
            ..Default::default()
        };
        let page = state.app.store.list(*child, &q).await?;
        if date.is_some() && page.items.is_empty() {
            // No visits today (or not a home-care person): nothing worth a heading.
            continue;
        }
        let child_titles = Titles::load(&state.app.store, page.items.iter().map(|s| &s.record)).await?;
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
            empty: format!("No {} recorded.", cspec.plural_in_text()),
            add_url: can_add.then(|| format!("/{}/new?{field}={id}", cspec.slug)),
            add_label: format!("Add {}", cspec.singular_in_text()),
        });
    }

    let versions = state.app.store.history(kind, id).await?;
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
            format!("Viewed {} {}", spec.singular_in_text(), record.title()),
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
                format!("{} risk", f.kind.choice_label(record.text("risk_tier")).unwrap_or("")),
                risk_style(record.text("risk_tier")),
            ));
        }
        if !record.text("preferred_name").is_empty() {
            badges.push((format!("Likes to be called {}", record.text("preferred_name")), "plain"));
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
    let pack = if kind == EntityKind::Service {
        let policy = lantern_app::packs::policy(&state.app.store).await?;
        let (latest, fresh) =
            lantern_app::packs::freshness(&state.app.store, id, &policy, state.app.clock.now()).await?;
        Some(crate::views::PackState {
            service: record.title(),
            url: crate::packs::pages::pack_url(id),
            fresh: fresh.fresh,
            version: latest.map(|p| format!("v{}", p.version)).unwrap_or_default(),
            reasons: fresh.reasons,
        })
    } else {
        None
    };
    let page = RecordPage {
        links: crate::govern::links::of_record(kind, id, record),
        pack,
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
        restore_url: (can_edit && stored.ended_at.is_some()).then(|| format!("/{slug}/{id}/restore")),
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
fn changed_fields(kind: EntityKind, newer: &serde_json::Value, older: &serde_json::Value) -> Vec<String> {
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
