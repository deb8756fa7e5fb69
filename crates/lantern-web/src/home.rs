//! The organisation home: every service with its counts, the register, what needs attention.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::register::display::{record_url, shown};
use crate::register::list::render;
use crate::views::{AuditPage, AuditRow, HomePage, ServiceCard, Shown};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lantern_core::EntityKind;
use lantern_store::ListQuery;

pub async fn home(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let store = &state.app.store;
    let q = ListQuery {
        access: me.user.access.clone(),
        limit: 1000,
        ..Default::default()
    };
    let services = store.list(EntityKind::Service, &q).await?;
    let people = store.count_by_service(EntityKind::Person, None).await?;
    let devices = store.count_by_service(EntityKind::Device, None).await?;
    let today = state.app.clock.today();
    let visits_today = store.count_by_service(EntityKind::Visit, Some(today)).await?;
    let titles = Default::default();
    let pack_states = crate::packs::pages::states(&state, &me).await?;
    let cards = services
        .items
        .iter()
        .map(|s| {
            let r = &s.record;
            let kind_field = r.spec().field("service_type");
            let on_call = r
                .spec()
                .field("on_call_phone")
                .map(|f| shown(f, r.get(f.name), &titles))
                .unwrap_or(Shown::Empty);
            let mut counts = vec![
                ("people supported".to_string(), people.get(&s.id).copied().unwrap_or(0)),
                ("devices".to_string(), devices.get(&s.id).copied().unwrap_or(0)),
            ];
            if r.text("service_type") == "home_care" {
                counts.push((
                    "visits today".to_string(),
                    visits_today.get(&s.id).copied().unwrap_or(0),
                ));
            }
            let pack = pack_states
                .iter()
                .find(|p| p.url == crate::packs::pages::pack_url(s.id));
            ServiceCard {
                pack_fresh: pack.is_some_and(|p| p.fresh),
                pack_url: crate::packs::pages::pack_url(s.id),
                url: record_url(EntityKind::Service, s.id),
                name: r.title(),
                kind: kind_field
                    .and_then(|f| f.kind.choice_label(r.text("service_type")))
                    .unwrap_or("")
                    .to_string(),
                manager: r.text("manager_name").to_string(),
                on_call,
                counts,
            }
        })
        .collect();
    let mut register = Vec::new();
    for kind in [
        EntityKind::Person,
        EntityKind::Staff,
        EntityKind::System,
        EntityKind::Supplier,
        EntityKind::Device,
        EntityKind::Practice,
    ] {
        let n = store
            .list(
                kind,
                &ListQuery {
                    limit: 1,
                    access: me.user.access.clone(),
                    ..Default::default()
                },
            )
            .await?
            .total;
        register.push((kind.spec().plural.to_string(), format!("/{}", kind.slug()), n));
    }
    let now = state.app.clock.now();
    let disruptions = lantern_app::disruptions::list_visible(&state.app, &me.user)
        .await?
        .into_iter()
        .filter(|d| d.is_open())
        .map(|d| {
            let running = crate::respond::disruption::duration(&d, now);
            (
                format!("{} — {running}", d.title),
                crate::respond::disruption::disruption_url(d.id),
            )
        })
        .collect();
    let mut warnings = Vec::new();
    for p in pack_states.iter().filter(|p| !p.fresh) {
        let more = match p.reasons.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let first = p.reasons.first().cloned().unwrap_or_default();
        warnings.push((
            format!("Downtime pack for {} is stale: {first}{more}", p.service),
            p.url.clone(),
        ));
    }
    // What the learning loop leaves undone: overdue actions (the user's own first), and
    // closed disruptions whose review is not complete.
    for o in lantern_app::actions::overdue(&state.app, &me.user).await? {
        let r = &o.action.record;
        let due = r
            .date("due_date")
            .map(|d| d.strftime("%-d %b %Y").to_string())
            .unwrap_or_default();
        let whose = if o.yours {
            "Your action".to_string()
        } else {
            format!("{}'s action", o.owner)
        };
        warnings.push((
            format!("{whose} is overdue (due {due}): {}", r.title()),
            record_url(EntityKind::Action, o.action.id),
        ));
    }
    // The assurance calendar's overdue duties that fall to this user.
    for d in lantern_app::calendar::overdue_for(&state.app, &me.user).await? {
        warnings.push((d.duty.overdue_sentence(), d.duty.act_href));
    }
    for d in lantern_app::incident_reviews::awaiting(&state.app, &me.user).await? {
        warnings.push((
            format!("{} is closed but awaits its post-incident review", d.title),
            format!("/disruptions/{}/review", d.id),
        ));
    }
    for kind in [EntityKind::System, EntityKind::Device] {
        let all = store
            .list(
                kind,
                &ListQuery {
                    limit: 10_000,
                    access: me.user.access.clone(),
                    ..Default::default()
                },
            )
            .await?;
        for s in all.items {
            for w in s.record.warnings() {
                warnings.push((format!("{}: {w}", s.record.title()), record_url(kind, s.id)));
            }
        }
    }
    let readiness = lantern_app::readiness::services(&state.app, &me.user, None)
        .await?
        .into_iter()
        .filter_map(|r| {
            let x = r.readiness?;
            let causes: Vec<&str> = x.causes().iter().map(|l| l.aspect.label()).collect();
            Some((
                r.service,
                format!("/readiness/{}", r.service_id),
                x.light.code(),
                x.light.word(),
                causes.join(", "),
            ))
        })
        .collect();
    let page = HomePage {
        readiness,
        chrome: chrome(&state, &me, "Home", "/").await?,
        services: cards,
        register,
        warnings,
        disruptions,
        today: today.strftime("%A %-d %B %Y").to_string(),
    };
    render(&page, StatusCode::OK)
}

pub async fn audit_log(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let entries = lantern_app::audit::latest(&state.app, &me.user, 500).await?;
    let page = AuditPage {
        chrome: chrome(&state, &me, "Audit log", "/audit").await?,
        entries: entries.iter().map(audit_row).collect(),
    };
    render(&page, StatusCode::OK)
}

/// An entry as an administrator reads it: London time, the action in words.
fn audit_row(e: &lantern_store::AuditEntry) -> AuditRow {
    AuditRow {
        when: crate::register::display::when(&e.at),
        who: e.actor.clone(),
        action: action_words(&e.action),
        detail: e.detail.clone(),
    }
}

/// The stored action code in words. A code not listed here (a later release's) still reads
/// as words, never as `snake_case`.
fn action_words(code: &str) -> String {
    let words = match code {
        "login" => "Signed in",
        "login_failed" => "Sign-in refused",
        "sign_in_throttled" => "Sign-in held back",
        "logout" => "Signed out",
        "token_used" => "API token used",
        "view" => "Viewed",
        "list" => "Listed",
        "download" => "Downloaded",
        "export" => "Exported",
        "import" => "Imported",
        "pack_build" => "Built a pack",
        "declare" => "Declared a disruption",
        "close" => "Closed a disruption",
        "cqc_notified" => "CQC notified",
        "safe_care" => "Safe care answered",
        "checklist" => "Checklist",
        "timeline" => "Timeline entry",
        "visit_status" => "Visit status",
        "family_call" => "Family call",
        "scenario_plan" => "Scenario checklist changed",
        "back_entry" => "Paper records entered",
        "resolve_finding" => "Finding resolved",
        "sign_off" => "Reconciliation signed off",
        other => {
            let spaced = other.replace('_', " ");
            let mut chars = spaced.chars();
            return chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
        }
    };
    words.to_string()
}
