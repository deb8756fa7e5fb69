//! Adding, editing, ending and restoring register records through forms. A form that fails
//! comes back with each message beside its field and everything typed kept.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::redirect::same_site_path;
use crate::register::display::record_url;
use crate::register::form_fields::{build, capitalise, ref_options};
use crate::register::list::{kind_of, nav_section, render};
use crate::views::FormPage;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::access::{ensure_editor, ensure_visible};
use lantern_app::register;
use lantern_core::{EntityKind, FieldErrors, Input, InputVal, Record, Scope};
use lantern_store::Stored;
use std::collections::HashMap;

/// A form as it is shown: new or existing record, what was typed, what is wrong.
struct Draft<'a> {
    kind: EntityKind,
    stored: Option<&'a Stored>,
    input: Input,
    errors: FieldErrors,
    /// A problem with the whole form (someone else saved first).
    problem: Option<String>,
    /// Where to go after saving (a medicine returns to its person).
    return_to: String,
}

impl Draft<'_> {
    async fn show(&self, state: &AppState, me: &CurrentUser, status: StatusCode) -> Result<Response, AppError> {
        let spec = self.kind.spec();
        let refs = ref_options(state, me, self.kind).await?;
        let title = match self.stored {
            Some(s) => format!("Edit {}", s.record.title()),
            None => format!("Add {}", spec.singular_in_text()),
        };
        let mut summary: Vec<(String, String)> = self.problem.iter().map(|p| ("form".to_string(), p.clone())).collect();
        for f in spec.fields {
            if let Some(e) = self.errors.get(f.name) {
                summary.push((f.name.to_string(), format!("{}: {e}", f.label)));
            }
        }
        for (name, e) in &self.errors.0 {
            if spec.field(name).is_none() {
                summary.push((name.clone(), capitalise(e)));
            }
        }
        let cancel_url = match self.stored {
            Some(s) => record_url(self.kind, s.id),
            None if !self.return_to.is_empty() => self.return_to.clone(),
            None => format!("/{}", spec.slug),
        };
        let page = FormPage {
            chrome: chrome(state, me, &title, nav_section(self.kind)).await?,
            action: match self.stored {
                Some(s) => format!("/{}/{}", spec.slug, s.id),
                None => format!("/{}", spec.slug),
            },
            cancel_url,
            version: self.stored.map(|s| s.version),
            return_to: self.return_to.clone(),
            errors: summary,
            fields: build(self.kind, &self.input, &self.errors, &refs),
            submit: if self.stored.is_some() {
                "Save changes".into()
            } else {
                format!("Add {}", spec.singular_in_text())
            },
        };
        render(&page, status)
    }
}

/// Children of a person return to that person's page.
fn parent_return(kind: EntityKind, input: &Input) -> String {
    if let Scope::Person(field) = kind.spec().scope
        && let Some(InputVal::One(id)) = input.get(field)
        && let Ok(id) = id.parse::<i64>()
    {
        return record_url(EntityKind::Person, id);
    }
    String::new()
}

/// Query parameters naming fields prefill a new record (`/contacts/new?person_id=4`).
pub async fn new_form(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(slug): Path<String>,
    Query(prefill): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    ensure_editor(&me.user)?;
    let input: Input = kind
        .spec()
        .fields
        .iter()
        .filter_map(|f| {
            prefill
                .get(f.name)
                .map(|v| (f.name.to_string(), InputVal::One(v.clone())))
        })
        .collect();
    let return_to = parent_return(kind, &input);
    let draft = Draft {
        kind,
        stored: None,
        input,
        errors: FieldErrors::default(),
        problem: None,
        return_to,
    };
    draft.show(&state, &me, StatusCode::OK).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    ensure_editor(&me.user)?;
    let stored = state.app.store.get(kind, id).await?;
    ensure_visible(&me.user, kind, stored.service_id)?;
    let input = stored.record.to_input();
    let return_to = parent_return(kind, &input);
    let draft = Draft {
        kind,
        stored: Some(&stored),
        input,
        errors: FieldErrors::default(),
        problem: None,
        return_to,
    };
    draft.show(&state, &me, StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    save(&state, &me, kind_of(&slug)?, None, &body).await
}

pub async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let kind = kind_of(&slug)?;
    let stored = state.app.store.get(kind, id).await?;
    ensure_visible(&me.user, kind, stored.service_id)?;
    save(&state, &me, kind, Some(&stored), &body).await
}

/// Parses, checks and stores a form; on any problem shows the form again.
async fn save(
    state: &AppState,
    me: &CurrentUser,
    kind: EntityKind,
    stored: Option<&Stored>,
    body: &[u8],
) -> Result<Response, AppError> {
    let form = FormBody::parse(body);
    me.check_csrf(form.get("csrf"))?;
    ensure_editor(&me.user)?;
    // Checked before anything is written: anything but a path on this site is ignored and
    // the redirect goes to the record.
    let return_to = form
        .get("return_to")
        .and_then(same_site_path)
        .unwrap_or_default()
        .to_string();
    let mut draft = Draft {
        kind,
        stored,
        input: form.to_input(kind),
        errors: FieldErrors::default(),
        problem: None,
        return_to,
    };
    let record = match Record::parse(kind, &draft.input) {
        Ok(r) => r,
        Err(errors) => {
            draft.errors = errors;
            return draft.show(state, me, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let own_id = stored.map(|s| s.id);
    let actor = me.actor();
    let saved = match stored {
        None => register::create(&state.app, &me.user, &actor, &record).await,
        Some(s) => {
            let version = form.get("version").and_then(|v| v.parse::<i64>().ok());
            register::update(&state.app, &me.user, &actor, s.id, &record, version).await
        }
    };
    match saved.map(|s| s.id) {
        Ok(id) => {
            let target = if draft.return_to.is_empty() {
                record_url(kind, id)
            } else {
                draft.return_to
            };
            let sep = if target.contains('?') { '&' } else { '?' };
            Ok(Redirect::to(&format!("{target}{sep}saved=1")).into_response())
        }
        Err(lantern_app::Error::Invalid(errors)) => {
            draft.errors = errors;
            draft.show(state, me, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(lantern_app::Error::Conflict(message)) if stored.is_some() => {
            // Show the fresh version's number, keep what this user typed, and say why.
            let fresh = state.app.store.get(kind, own_id.unwrap_or_default()).await?;
            let draft = Draft {
                stored: Some(&fresh),
                problem: Some(message),
                ..draft
            };
            draft.show(state, me, StatusCode::CONFLICT).await
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
    me.check_csrf(FormBody::parse(&body).get("csrf"))?;
    register::set_ended(&state.app, &me.user, &me.actor(), kind, id, end).await?;
    Ok(Redirect::to(&format!("{}?saved=1", record_url(kind, id))).into_response())
}
