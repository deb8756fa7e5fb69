//! The governance log's pages: the list with its filters (a GET form, so Back and links keep
//! them) and the "Add an entry" form, one entry with what it corrects and what corrects it and
//! its "Correct this entry" form, and the printed log and CSV export of the list's filter.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::list::render_form;
use crate::views::Chrome;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::governance_log::{self as log, EntryPage, NewInput, Shown};
use lantern_core::FieldErrors;
use lantern_core::govern::governance_log::{EntryInput, Filter, FilterInput, GovKind, show_date};
use serde::Deserialize;

/// An entry as a line of the list or a block of the entry page.
pub struct EntryShown {
    pub id: i64,
    pub url: String,
    pub date: String,
    pub kind: &'static str,
    pub service: String,
    pub title: String,
    pub body: String,
    pub about: Option<(String, String)>,
    pub corrects: Option<i64>,
    pub corrected_by: Vec<i64>,
    pub author: String,
    pub recorded: String,
}

fn shown(s: &Shown) -> EntryShown {
    let e = &s.entry;
    EntryShown {
        id: e.id,
        url: format!("/governance/{}", e.id),
        date: show_date(e.occurred_on),
        kind: e.kind.label(),
        service: s.service.clone(),
        title: e.title.clone(),
        body: e.body.clone(),
        about: s.about.clone(),
        corrects: e.corrects_id,
        corrected_by: s.corrected_by.clone(),
        author: e.author.clone(),
        recorded: lantern_core::schedule::show_moment(e.recorded_at),
    }
}

/// The kinds for a select: (code, label).
pub fn kinds() -> Vec<(&'static str, &'static str)> {
    GovKind::ALL.iter().map(|k| (k.code(), k.label())).collect()
}

/// What an entry can be linked to, for the form's select: (code, label).
pub const ABOUT_KINDS: [(&str, &str); 7] = [
    ("disruption", "Disruption"),
    ("drills", "Drill"),
    ("risks", "Risk"),
    ("actions", "Action"),
    ("devices", "Device"),
    ("systems", "System"),
    ("suppliers", "Supplier"),
];

/// Each refused box as the error summary lists it: (anchor, "Title: give the entry a title").
fn error_list(errors: &FieldErrors, filter: &FieldErrors) -> Vec<(String, String)> {
    let label = |f: &str| match f {
        "kind" => "Kind of entry",
        "occurred_on" => "Date it is about",
        "title" => "Title",
        "body" => "What was learned, decided or reviewed",
        "about_kind" => "About a record",
        "about_id" => "Its number",
        "service_id" => "Service",
        "service" => "Service",
        "from" => "From",
        "to" => "To",
        _ => "This box",
    };
    let mut out: Vec<(String, String)> = errors
        .0
        .iter()
        .map(|(f, m)| (format!("f-{f}"), format!("{}: {m}", label(f))))
        .collect();
    out.extend(
        filter
            .0
            .iter()
            .map(|(f, m)| (format!("filter-{f}"), format!("{} (filter): {m}", label(f)))),
    );
    out
}

#[derive(Debug, Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    service: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// Prefill the new entry's link (from another page's "Add to the governance log").
    #[serde(default)]
    about_kind: String,
    #[serde(default)]
    about_id: String,
}

impl ListParams {
    fn filter_input(&self) -> FilterInput {
        FilterInput {
            service: self.service.clone(),
            kind: self.kind.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "governance.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub typed_filter: FilterInput,
    pub filter_errors: FieldErrors,
    pub query: String,
    pub services: Vec<(String, String)>,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub about_kinds: [(&'static str, &'static str); 7],
    pub entries: Vec<EntryShown>,
    pub can_write: bool,
    pub whole_allowed: bool,
    pub typed: NewInput,
    pub errors: FieldErrors,
    pub error_list: Vec<(String, String)>,
}

async fn list_page(
    state: &AppState,
    me: &CurrentUser,
    filter_typed: FilterInput,
    typed: NewInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let (entries, filter_errors, query) = match Filter::parse(&filter_typed) {
        Ok(f) => {
            let found = log::list(&state.app, &me.user, &me.actor(), &f).await;
            match found {
                Ok(list) => (list.iter().map(shown).collect(), FieldErrors::default(), f.query()),
                Err(lantern_app::Error::Invalid(e)) => (Vec::new(), e, String::new()),
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => (Vec::new(), e, String::new()),
    };
    let services = log::services(&state.app, &me.user)
        .await?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let page = ListPage {
        chrome: chrome(state, me, "Governance log", "/governance").await?,
        typed_filter: filter_typed,
        filter_errors: filter_errors.clone(),
        query,
        services,
        kinds: kinds(),
        about_kinds: ABOUT_KINDS,
        entries,
        can_write: me.user.role.can_edit_register(),
        whole_allowed: me.user.access == lantern_core::user::ServiceAccess::All,
        typed,
        error_list: error_list(&errors, &filter_errors),
        errors: errors.clone(),
    };
    let mut all = errors;
    all.0.extend(filter_errors.0);
    render_form(&page, &all)
}

pub async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<ListParams>,
) -> Result<Response, AppError> {
    let typed = NewInput {
        entry: EntryInput {
            about_kind: p.about_kind.clone(),
            about_id: p.about_id.clone(),
            ..Default::default()
        },
        service: String::new(),
    };
    list_page(&state, &me, p.filter_input(), typed, FieldErrors::default()).await
}

fn entry_input(form: &FormBody) -> EntryInput {
    let get = |k: &str| form.get(k).unwrap_or("").to_string();
    EntryInput {
        kind: get("kind"),
        occurred_on: get("occurred_on"),
        title: get("title"),
        body: get("body"),
        about_kind: get("about_kind"),
        about_id: get("about_id"),
    }
}

pub async fn add(State(state): State<AppState>, me: CurrentUser, body: Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let input = NewInput {
        entry: entry_input(&form),
        service: form.get("service_id").unwrap_or("").to_string(),
    };
    match log::add(&state.app, &me.user, &me.actor(), &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/governance/{id}?done=added")).into_response()),
        Err(lantern_app::Error::Invalid(errors)) => list_page(&state, &me, FilterInput::default(), input, errors).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "governance_entry.html")]
pub struct EntryPageView {
    pub chrome: Chrome,
    pub entry: EntryShown,
    pub corrects: Option<EntryShown>,
    pub corrections: Vec<EntryShown>,
    pub can_write: bool,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub about_kinds: [(&'static str, &'static str); 7],
    pub typed: EntryInput,
    pub error_list: Vec<(String, String)>,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
}

async fn entry_page(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    typed: Option<EntryInput>,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let EntryPage {
        shown: s,
        corrects,
        corrections,
    } = log::get(&state.app, &me.user, &me.actor(), id).await?;
    // A fresh correction starts from the entry as it stands.
    let typed = typed.unwrap_or_else(|| EntryInput {
        kind: s.entry.kind.code().to_string(),
        occurred_on: s.entry.occurred_on.to_string(),
        title: s.entry.title.clone(),
        body: s.entry.body.clone(),
        about_kind: s.entry.about.map(|a| a.kind.code().to_string()).unwrap_or_default(),
        about_id: s.entry.about.map(|a| a.id.to_string()).unwrap_or_default(),
    });
    let page = EntryPageView {
        chrome: chrome(state, me, &s.entry.title, "/governance").await?,
        entry: shown(&s),
        corrects: corrects.as_ref().map(shown),
        corrections: corrections.iter().map(shown).collect(),
        can_write: me.user.role.can_edit_register(),
        kinds: kinds(),
        about_kinds: ABOUT_KINDS,
        typed,
        error_list: error_list(&errors, &FieldErrors::default()),
        errors,
        notice,
    };
    render_form(&page, &page.errors)
}

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

pub async fn view(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, AppError> {
    let notice = match d.done.as_deref() {
        Some("corrected") => Some("The correction is recorded. The entry it corrects is kept as it was."),
        Some(_) => Some("The entry is recorded."),
        None => None,
    };
    entry_page(&state, &me, id, None, FieldErrors::default(), notice).await
}

pub async fn correct(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let input = entry_input(&form);
    match log::correct(&state.app, &me.user, &me.actor(), id, &input).await {
        Ok(new) => Ok(Redirect::to(&format!("/governance/{new}?done=corrected")).into_response()),
        Err(lantern_app::Error::Invalid(errors)) => entry_page(&state, &me, id, Some(input), errors, None).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct FilterParams {
    #[serde(default)]
    service: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The filter of a print or export address; a bad one is refused, naming the field.
pub fn filter_of(p: &FilterParams) -> Result<Filter, lantern_app::Error> {
    Filter::parse(&FilterInput {
        service: p.service.clone(),
        kind: p.kind.clone(),
        from: p.from.clone(),
        to: p.to.clone(),
    })
    .map_err(lantern_app::Error::Invalid)
}

pub async fn print(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<FilterParams>,
) -> Result<Response, AppError> {
    let filter = filter_of(&p)?;
    let (file, pdf) = log::pdf(&state.app, &me.user, &me.actor(), &filter).await?;
    Ok(crate::download::attachment("application/pdf", &file, pdf))
}

pub async fn export(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<FilterParams>,
) -> Result<Response, AppError> {
    let filter = filter_of(&p)?;
    let (file, csv) = log::csv(&state.app, &me.user, &me.actor(), &filter).await?;
    Ok(crate::download::attachment("text/csv; charset=utf-8", &file, csv))
}
