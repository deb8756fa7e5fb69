//! The users pages: administrators list, add and change accounts, reset passwords, sign people
//! out everywhere and let someone held back by failed sign-ins in again. The rules and the
//! audit are in `lantern_app::users`, shared with the API and the command line.

use crate::AppState;
use crate::accounts::users_views::{TokenRow, UserPage, UserRow, UsersPage};
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::display::when;
use crate::register::form_fields::capitalise;
use crate::register::list::{form_status, render};
use crate::views::{FormField, FormPage, SelectOption, Widget};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::users;
use lantern_core::FieldErrors;
use lantern_core::account::AccountInput;
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::User;
use serde::Deserialize;

const SECTION: &str = "/users";

pub fn user_url(id: i64) -> String {
    format!("/users/{id}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub async fn list(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let acting = me.acting();
    let all = users::list(&state.app.store, &acting, state.app.clock.now()).await?;
    let services = users::services(&state.app.store).await?;
    let rows = all
        .iter()
        .map(|s| UserRow {
            url: user_url(s.user.id),
            name: s.user.name.clone(),
            email: s.user.email.clone(),
            role: s.user.role.label().into(),
            services: capitalise(&users::describe(&s.user.access, &services)),
            signed_in: match s.sessions {
                0 => "—".into(),
                n => plural(n, "browser", "browsers"),
            },
            held_back: (s.failures > 0).then(|| plural(s.failures as usize, "failed sign-in", "failed sign-ins")),
        })
        .collect();
    let page = UsersPage {
        chrome: chrome(&state, &me, "Users", SECTION).await?,
        users: rows,
    };
    render(&page, StatusCode::OK)
}

/// What an account form sent. The password is read separately and never shown again.
fn typed(form: &FormBody) -> AccountInput {
    AccountInput {
        email: form.get("email").unwrap_or("").to_string(),
        name: form.get("name").unwrap_or("").to_string(),
        role: form.get("role").unwrap_or("").to_string(),
        every_service: form.get("every_service").is_some(),
        services: form.all("services"),
    }
}

fn typed_from(user: &User) -> AccountInput {
    let (every_service, services) = match &user.access {
        ServiceAccess::All => (true, Vec::new()),
        ServiceAccess::Only(ids) => (false, ids.iter().map(i64::to_string).collect()),
    };
    AccountInput {
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role.as_str().into(),
        every_service,
        services,
    }
}

fn field(name: &str, label: &str, help: &str, required: bool, errors: &FieldErrors, widget: Widget) -> FormField {
    FormField {
        name: name.into(),
        label: label.into(),
        help: help.into(),
        required,
        error: errors.get(name).map(capitalise),
        widget,
    }
}

const ROLE_HELP: &str = "Administrator: everything, including users. Manager: keeps the register of their services. \
Coordinator: runs the day and disruptions. Care staff: read what they need, work a disruption, and build a pack when there is no current one. \
Read only: inspectors and commissioners.";

/// The account form's fields: email and password only when adding (the email is how they sign
/// in, so it stays; a password is reset from the account's page).
async fn fields(
    state: &AppState,
    values: &AccountInput,
    errors: &FieldErrors,
    adding: bool,
) -> Result<Vec<FormField>, AppError> {
    let services = users::services(&state.app.store).await?;
    let mut out = Vec::new();
    let text = |value: &str, input_type: &'static str, extra: &'static str| Widget::Input {
        input_type,
        value: value.to_string(),
        extra,
    };
    if adding {
        out.push(field(
            "email",
            "Email",
            "They sign in with it.",
            true,
            errors,
            text(&values.email, "email", "autocomplete=\"off\" spellcheck=\"false\""),
        ));
    }
    out.push(field(
        "name",
        "Name",
        "As colleagues know them: it is shown on what they record.",
        true,
        errors,
        text(&values.name, "text", "autocomplete=\"off\""),
    ));
    let roles = Role::ALL
        .iter()
        .map(|r| SelectOption {
            value: r.as_str().into(),
            label: r.label().into(),
            selected: values.role == r.as_str(),
        })
        .collect();
    out.push(field(
        "role",
        "Role",
        ROLE_HELP,
        true,
        errors,
        Widget::Select { options: roles },
    ));
    out.push(field(
        "every_service",
        "Every service, including services added later",
        "Administrators work across every service.",
        false,
        errors,
        Widget::Checkbox {
            checked: values.every_service,
        },
    ));
    let options = services
        .iter()
        .filter(|(id, _, ended)| !ended || values.services.contains(&id.to_string()))
        .map(|(id, name, _)| SelectOption {
            value: id.to_string(),
            label: name.clone(),
            selected: values.services.contains(&id.to_string()),
        })
        .collect();
    out.push(field(
        "services",
        "Or only these services",
        "They see nothing of any other service.",
        false,
        errors,
        Widget::Checkboxes { options },
    ));
    if adding {
        out.push(field(
            "password",
            "Password (optional)",
            "Leave it empty and Lantern makes a strong one, shown to you once. Otherwise at least 12 characters.",
            false,
            errors,
            text("", "password", "autocomplete=\"new-password\""),
        ));
    }
    Ok(out)
}

/// The add or change form, with what was typed and what is wrong.
async fn account_form(
    state: &AppState,
    me: &CurrentUser,
    editing: Option<&User>,
    values: &AccountInput,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let fields = fields(state, values, errors, editing.is_none()).await?;
    let summary = fields
        .iter()
        .filter_map(|f| f.error.clone().map(|e| (f.name.clone(), e)))
        .collect();
    let (title, action, cancel_url, submit) = match editing {
        Some(u) => (
            format!("Change {} ({})", u.name, u.email),
            user_url(u.id),
            user_url(u.id),
            "Save changes".to_string(),
        ),
        None => (
            "Add a user".to_string(),
            "/users".to_string(),
            "/users".to_string(),
            "Add user".to_string(),
        ),
    };
    let page = FormPage {
        chrome: chrome(state, me, &title, SECTION).await?,
        action,
        cancel_url,
        version: None,
        return_to: String::new(),
        errors: summary,
        fields,
        submit,
    };
    render(&page, form_status(!errors.is_empty()))
}

pub async fn new_form(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.acting().ensure_manages_users()?;
    let values = AccountInput {
        role: Role::Staff.as_str().into(),
        ..AccountInput::default()
    };
    account_form(&state, &me, None, &values, &FieldErrors::default()).await
}

/// The form's token and the acting user's right to manage accounts, before anything is read.
fn posted(me: &CurrentUser, body: &[u8]) -> Result<FormBody, AppError> {
    let form = FormBody::parse(body);
    me.check_csrf(form.get("csrf"))?;
    me.acting().ensure_manages_users()?;
    Ok(form)
}

fn done(id: i64, what: &str) -> Response {
    Redirect::to(&format!("{}?done={what}", user_url(id))).into_response()
}

pub async fn create(State(state): State<AppState>, me: CurrentUser, body: Bytes) -> Result<Response, AppError> {
    let form = posted(&me, &body)?;
    let values = typed(&form);
    let password = form.get("password");
    match users::add(&state.app.store, &me.acting(), &values, password, state.app.clock.now()).await {
        Ok(added) => match added.generated {
            // Shown on this answer only: a redirect would have to carry the password.
            Some(secret) => user_page(&state, &me, added.id, Shown::secret("Added.", secret)).await,
            None => Ok(done(added.id, "added")),
        },
        Err(lantern_app::Error::Invalid(errors)) => account_form(&state, &me, None, &values, &errors).await,
        Err(e) => Err(AppError::from(e)),
    }
}

/// What the account's page shows besides the account.
#[derive(Debug, Default)]
struct Shown {
    notice: Option<String>,
    secret: Option<String>,
    password_error: Option<String>,
}

impl Shown {
    fn secret(notice: &str, secret: String) -> Self {
        Shown {
            notice: Some(notice.into()),
            secret: Some(secret),
            ..Shown::default()
        }
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    done: Option<String>,
}

fn notice(done: &str) -> Option<String> {
    Some(
        match done {
            "added" => "Added. They can sign in with the password you typed.",
            "saved" => "Saved. The change applies to their next page.",
            "password" => "Password reset. They have been signed out everywhere.",
            "revoked" => "Signed out everywhere, and their API tokens revoked.",
            "unlocked" => "Failed sign-ins cleared: they can sign in now.",
            _ => return None,
        }
        .into(),
    )
}

pub async fn view(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let shown = Shown {
        notice: p.done.as_deref().and_then(notice),
        ..Shown::default()
    };
    user_page(&state, &me, id, shown).await
}

async fn user_page(state: &AppState, me: &CurrentUser, id: i64, shown: Shown) -> Result<Response, AppError> {
    let d = users::detail(&state.app.store, &me.acting(), id, state.app.clock.now()).await?;
    let services = users::services(&state.app.store).await?;
    let tokens = d
        .tokens
        .iter()
        .map(|t| TokenRow {
            label: t.label.clone(),
            created: when(&t.created_at),
            last_used: t.last_used_at.as_ref().map(when).unwrap_or_else(|| "Not yet".into()),
            state: match &t.revoked_at {
                Some(at) => format!("Revoked {}", when(at)),
                None => "In use".into(),
            },
        })
        .collect();
    let url = user_url(id);
    let status = form_status(shown.password_error.is_some());
    let page = UserPage {
        chrome: chrome(state, me, &d.user.name, SECTION).await?,
        name: d.user.name.clone(),
        email: d.user.email.clone(),
        role: d.user.role.label().into(),
        services: capitalise(&users::describe(&d.user.access, &services)),
        notice: shown.notice,
        secret: shown.secret,
        is_self: d.user.id == me.user.id,
        edit_url: format!("{url}/edit"),
        password_url: format!("{url}/password"),
        revoke_url: format!("{url}/revoke"),
        unlock_url: format!("{url}/unlock"),
        failures: (d.failures > 0).then(|| {
            format!(
                "{} in the last day",
                plural(d.failures as usize, "failed sign-in", "failed sign-ins")
            )
        }),
        sessions: d
            .sessions
            .iter()
            .map(|s| (when(&s.created_at), when(&s.expires_at)))
            .collect(),
        tokens,
        password_error: shown.password_error,
    };
    render(&page, status)
}

pub async fn edit_form(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    me.acting().ensure_manages_users()?;
    let user = state.app.store.user(id).await?;
    account_form(&state, &me, Some(&user), &typed_from(&user), &FieldErrors::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = posted(&me, &body)?;
    let user = state.app.store.user(id).await?;
    let values = AccountInput {
        email: user.email.clone(),
        ..typed(&form)
    };
    match users::change(&state.app.store, &me.acting(), id, &values, state.app.clock.now()).await {
        Ok(_) => Ok(done(id, "saved")),
        Err(lantern_app::Error::Invalid(errors)) => account_form(&state, &me, Some(&user), &values, &errors).await,
        Err(e) => Err(AppError::from(e)),
    }
}

pub async fn password(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = posted(&me, &body)?;
    let typed = form.get("password");
    match users::reset_password(&state.app.store, &me.acting(), id, typed, state.app.clock.now()).await {
        Ok(reset) => match reset.generated {
            Some(secret) => {
                user_page(
                    &state,
                    &me,
                    id,
                    Shown::secret("Password reset. They have been signed out everywhere.", secret),
                )
                .await
            }
            None => Ok(done(id, "password")),
        },
        Err(lantern_app::Error::Invalid(errors)) => {
            let shown = Shown {
                password_error: errors.get("password").map(capitalise),
                ..Shown::default()
            };
            user_page(&state, &me, id, shown).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    posted(&me, &body)?;
    users::revoke(&state.app.store, &me.acting(), id, state.app.clock.now()).await?;
    Ok(done(id, "revoked"))
}

pub async fn unlock(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    posted(&me, &body)?;
    users::unlock(&state.app.store, &me.acting(), id, state.app.clock.now()).await?;
    Ok(done(id, "unlocked"))
}
