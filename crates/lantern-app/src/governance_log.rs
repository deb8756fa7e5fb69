//! The governance log as operations: who may write (managers and administrators) and read
//! (anyone signed in, within their services: their services' entries and the organisation's),
//! adding an entry and correcting one (a new entry, the old one kept), the list by filter, one
//! entry with what it corrects and what corrects it, the printed log (PDF) and the CSV export.
//! Entries may name people, so reading, printing and exporting are audited like other
//! personal pages.

use crate::{App, Error};
use lantern_core::EntityKind;
use lantern_core::govern::governance_log::{
    self as core, About, AboutKind, EntryInput, Filter, GovernanceDocument, PrintEntry, ServiceFilter,
};
use lantern_core::user::ServiceAccess;
use lantern_store::{Actor, GovEntry, ListQuery, NewGovEntry, User};
use std::collections::BTreeMap;

/// An entry as the pages and the API show it: the stored entry with its service's name, its
/// link in words, and the entries that correct it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub entry: GovEntry,
    /// The service's name, or "Whole organisation".
    pub service: String,
    /// The link in words ("Drill: Live drill …") and where it points; none without a link.
    pub about: Option<(String, String)>,
    pub corrected_by: Vec<i64>,
}

/// One entry's page: the entry, the one it corrects, and its corrections.
#[derive(Debug, Clone)]
pub struct EntryPage {
    pub shown: Shown,
    pub corrects: Option<Shown>,
    pub corrections: Vec<Shown>,
}

/// A new entry as typed: the entry's own fields and its service (an id; blank for the whole
/// organisation).
#[derive(Debug, Clone, Default)]
pub struct NewInput {
    pub entry: EntryInput,
    pub service: String,
}

const WHOLE: &str = "Whole organisation";

fn ensure_writer(user: &User) -> Result<(), Error> {
    if user.role.can_edit_register() {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "Your role ({}) can read the governance log but not write in it. Ask a manager.",
            user.role.label()
        )))
    }
}

/// The services the user may see, for the store's scope: `None` for every service.
fn visible(user: &User) -> Option<&[i64]> {
    match &user.access {
        ServiceAccess::All => None,
        ServiceAccess::Only(ids) => Some(ids.as_slice()),
    }
}

fn ensure_entry_visible(user: &User, e: &GovEntry) -> Result<(), Error> {
    match e.service_id {
        Some(s) if !user.access.allows(s) => Err(not_found(e.id)),
        _ => Ok(()),
    }
}

fn not_found(id: i64) -> Error {
    Error::NotFound(format!("Governance log entry {id} does not exist"))
}

/// Every service's name by id.
async fn service_names(app: &App) -> Result<BTreeMap<i64, String>, Error> {
    let q = ListQuery {
        limit: 100_000,
        include_ended: true,
        ..Default::default()
    };
    let items = app.store.list(EntityKind::Service, &q).await?.items;
    Ok(items.into_iter().map(|s| (s.id, s.record.title())).collect())
}

/// The services the user may write for (and filter by), by name: (id, name).
pub async fn services(app: &App, user: &User) -> Result<Vec<(i64, String)>, Error> {
    let q = ListQuery {
        limit: 100_000,
        access: user.access.clone(),
        ..Default::default()
    };
    let items = app.store.list(EntityKind::Service, &q).await?.items;
    Ok(items
        .into_iter()
        .filter(|s| user.access.allows(s.id))
        .map(|s| (s.id, s.record.title()))
        .collect())
}

/// The record `about` names, as the user may see it: its title, or "does not exist".
async fn about_title(app: &App, user: &User, about: &About) -> Result<String, Error> {
    match about.kind {
        AboutKind::Disruption => Ok(crate::disruptions::visible(app, user, about.id).await?.title),
        AboutKind::Record(kind) => {
            let s = crate::register::visible_record(app, user, kind, about.id).await?;
            Ok(s.record.title())
        }
    }
}

async fn show(app: &App, user: &User, e: GovEntry, names: &BTreeMap<i64, String>, corrected_by: Vec<i64>) -> Shown {
    let service = e.service_id.map_or_else(
        || WHOLE.to_string(),
        |s| names.get(&s).cloned().unwrap_or_else(|| format!("Service {s}")),
    );
    // A link to a record the user may no longer see (it moved service) is named without its title.
    let about = match e.about {
        Some(a) => {
            let title = about_title(app, user, &a).await.ok();
            Some((a.label(title.as_deref()), a.href()))
        }
        None => None,
    };
    Shown {
        entry: e,
        service,
        about,
        corrected_by,
    }
}

/// Which entries correct which, among those the user may see.
async fn corrections_of(app: &App, user: &User) -> Result<BTreeMap<i64, Vec<i64>>, Error> {
    let all = app.store.governance_entries(&Filter::default(), visible(user)).await?;
    let mut by: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for e in all.iter().rev() {
        if let Some(old) = e.corrects_id {
            by.entry(old).or_default().push(e.id);
        }
    }
    Ok(by)
}

/// The entries that pass `filter` within the user's services, newest first. Not audited: the
/// callers audit what they do with it (a page view, a print, an export).
async fn entries(app: &App, user: &User, filter: &Filter) -> Result<Vec<Shown>, Error> {
    if let ServiceFilter::Service(s) = filter.service
        && !user.access.allows(s)
    {
        return Err(Error::invalid("service", "choose one of your services"));
    }
    let names = service_names(app).await?;
    let corrections = corrections_of(app, user).await?;
    let found = app.store.governance_entries(filter, visible(user)).await?;
    let mut out = Vec::with_capacity(found.len());
    for e in found {
        let by = corrections.get(&e.id).cloned().unwrap_or_default();
        out.push(show(app, user, e, &names, by).await);
    }
    Ok(out)
}

/// The name of the filter's service, when it names one.
async fn filter_service_name(app: &App, filter: &Filter) -> Result<Option<String>, Error> {
    Ok(match filter.service {
        ServiceFilter::Service(s) => service_names(app).await?.get(&s).cloned(),
        _ => None,
    })
}

/// The list as the user may see it; audited as a view.
pub async fn list(app: &App, user: &User, actor: &Actor, filter: &Filter) -> Result<Vec<Shown>, Error> {
    let out = entries(app, user, filter).await?;
    let words = filter.describe(filter_service_name(app, filter).await?.as_deref());
    crate::audit::seen(
        app,
        actor,
        "view",
        format!("Viewed the governance log ({words}): {} entries", out.len()),
        None,
    )
    .await?;
    Ok(out)
}

/// Entry `id` with what it corrects and its corrections; "does not exist" for an entry of
/// another service. Audited as a view.
pub async fn get(app: &App, user: &User, actor: &Actor, id: i64) -> Result<EntryPage, Error> {
    let e = app.store.governance_entry(id).await.map_err(|_| not_found(id))?;
    ensure_entry_visible(user, &e)?;
    let names = service_names(app).await?;
    let corrections = app.store.governance_corrections(id).await?;
    let corrects = match e.corrects_id {
        Some(old) => {
            let o = app.store.governance_entry(old).await?;
            let by = app
                .store
                .governance_corrections(old)
                .await?
                .iter()
                .map(|c| c.id)
                .collect();
            Some(show(app, user, o, &names, by).await)
        }
        None => None,
    };
    let mut shown_corrections = Vec::new();
    for c in corrections.iter().cloned() {
        shown_corrections.push(show(app, user, c, &names, Vec::new()).await);
    }
    let by = corrections.iter().map(|c| c.id).collect();
    let shown = show(app, user, e, &names, by).await;
    crate::audit::seen(
        app,
        actor,
        "view",
        format!("Viewed governance log entry {id}: {}", shown.entry.title),
        None,
    )
    .await?;
    Ok(EntryPage {
        shown,
        corrects,
        corrections: shown_corrections,
    })
}

/// Checks `input` and the record it is about (which the user must be able to see).
async fn checked(app: &App, user: &User, input: &EntryInput) -> Result<core::ValidEntry, Error> {
    let valid = core::validate(input, app.clock.today()).map_err(Error::Invalid)?;
    if let Some(a) = &valid.about {
        about_title(app, user, a).await.map_err(|e| match e {
            Error::NotFound(_) | Error::Forbidden(_) => {
                Error::invalid("about_id", format!("{} {} does not exist", a.kind.singular(), a.id))
            }
            other => other,
        })?;
    }
    Ok(valid)
}

/// The service an entry is written for, as typed: one of the user's, or — for a user of every
/// service — blank for the whole organisation. Another service "does not exist".
fn service_of(user: &User, typed: &str) -> Result<Option<i64>, Error> {
    let typed = typed.trim();
    if typed.is_empty() || typed == core::ORGANISATION {
        if user.access == ServiceAccess::All {
            return Ok(None);
        }
        return Err(Error::invalid(
            "service_id",
            "choose one of your services: entries for the whole organisation are written by managers of every service",
        ));
    }
    match typed.parse::<i64>() {
        Ok(s) if user.access.allows(s) => Ok(Some(s)),
        Ok(_) => Err(Error::NotFound("That service does not exist".into())),
        Err(_) => Err(Error::invalid("service_id", "choose one of your services")),
    }
}

/// Adds an entry; answers its id. Nothing is written unless every field reads.
pub async fn add(app: &App, user: &User, actor: &Actor, input: &NewInput) -> Result<i64, Error> {
    ensure_writer(user)?;
    let service = service_of(user, &input.service);
    let valid = checked(app, user, &input.entry).await;
    let (service_id, valid) = match (service, valid) {
        (Ok(s), Ok(v)) => (s, v),
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.0.extend(b.0);
            return Err(Error::Invalid(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let entry = NewGovEntry {
        occurred_on: valid.occurred_on,
        kind: valid.kind,
        service_id,
        title: &valid.title,
        body: &valid.body,
        about: valid.about,
        corrects_id: None,
    };
    Ok(app
        .store
        .append_governance_entry(&entry, actor, app.clock.now())
        .await?)
}

/// Corrects entry `id` with a new entry, which keeps the corrected entry's service; the old one
/// stays as it was. Answers the new entry's id.
pub async fn correct(app: &App, user: &User, actor: &Actor, id: i64, input: &EntryInput) -> Result<i64, Error> {
    let old = app.store.governance_entry(id).await.map_err(|_| not_found(id))?;
    ensure_entry_visible(user, &old)?;
    ensure_writer(user)?;
    let valid = checked(app, user, input).await?;
    let entry = NewGovEntry {
        occurred_on: valid.occurred_on,
        kind: valid.kind,
        service_id: old.service_id,
        title: &valid.title,
        body: &valid.body,
        about: valid.about,
        corrects_id: Some(id),
    };
    Ok(app
        .store
        .append_governance_entry(&entry, actor, app.clock.now())
        .await?)
}

fn note_of(s: &Shown) -> String {
    let mut parts = Vec::new();
    if let Some(old) = s.entry.corrects_id {
        parts.push(format!("Corrects entry {old}"));
    }
    if !s.corrected_by.is_empty() {
        let ids: Vec<String> = s.corrected_by.iter().map(i64::to_string).collect();
        parts.push(format!("Corrected by entry {}", ids.join(", ")));
    }
    parts.join(" · ")
}

/// The CSV export of the list: (file name, bytes). Audited as an export.
pub async fn csv(app: &App, user: &User, actor: &Actor, filter: &Filter) -> Result<(String, Vec<u8>), Error> {
    let shown = entries(app, user, filter).await?;
    let header = [
        "entry",
        "occurred_on",
        "kind",
        "service",
        "title",
        "body",
        "about",
        "about_link",
        "corrects_entry",
        "corrected_by_entries",
        "author",
        "recorded_at",
    ];
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|s| {
            let e = &s.entry;
            vec![
                e.id.to_string(),
                e.occurred_on.to_string(),
                e.kind.label().to_string(),
                s.service.clone(),
                e.title.clone(),
                e.body.clone(),
                s.about.as_ref().map(|a| a.0.clone()).unwrap_or_default(),
                s.about.as_ref().map(|a| a.1.clone()).unwrap_or_default(),
                e.corrects_id.map(|c| c.to_string()).unwrap_or_default(),
                s.corrected_by.iter().map(i64::to_string).collect::<Vec<_>>().join(" "),
                e.author.clone(),
                e.recorded_at.to_string(),
            ]
        })
        .collect();
    let bytes = lantern_import::governance_csv::write(&header, &rows);
    let words = filter.describe(filter_service_name(app, filter).await?.as_deref());
    crate::audit::seen(
        app,
        actor,
        "export",
        format!("Exported the governance log as CSV ({words}): {} entries", rows.len()),
        None,
    )
    .await?;
    Ok(("governance-log.csv".into(), bytes))
}

/// The printed log as a PDF: (file name, bytes). Audited as a print.
pub async fn pdf(app: &App, user: &User, actor: &Actor, filter: &Filter) -> Result<(String, Vec<u8>), Error> {
    let shown = entries(app, user, filter).await?;
    let words = filter.describe(filter_service_name(app, filter).await?.as_deref());
    let doc = GovernanceDocument {
        organisation: app.store.organisation().await?.unwrap_or_default(),
        filter: words.clone(),
        entries: shown
            .iter()
            .map(|s| PrintEntry {
                number: s.entry.id.to_string(),
                date: core::show_date(s.entry.occurred_on),
                kind: s.entry.kind.label().to_string(),
                service: s.service.clone(),
                title: s.entry.title.clone(),
                body: s.entry.body.clone(),
                about: s.about.as_ref().map(|a| a.0.clone()).unwrap_or_default(),
                note: note_of(s),
                author: s.entry.author.clone(),
                recorded: lantern_core::schedule::show_moment(s.entry.recorded_at),
            })
            .collect(),
        generated: lantern_core::schedule::show_moment(app.clock.now()),
    };
    let now = app.clock.now();
    let permit = crate::packs::RENDERING.acquire().await.map_err(Error::internal)?;
    let rendered = tokio::task::spawn_blocking(move || lantern_pdf::render_governance(&doc, now))
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)?;
    drop(permit);
    crate::audit::seen(
        app,
        actor,
        "print",
        format!("Printed the governance log ({words}): {} entries", shown.len()),
        None,
    )
    .await?;
    Ok(("governance-log.pdf".into(), rendered.pdf))
}
