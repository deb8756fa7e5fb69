//! Who may see and change which records: one set of rules for pages and the API.

use crate::App;
use crate::Error;
use lantern_core::user::ServiceAccess;
use lantern_core::{EntityKind, Record, Scope};
use lantern_store::User;

/// A user limited to some services sees nothing of the others: not even that they exist.
pub fn ensure_visible(user: &User, kind: EntityKind, service_id: Option<i64>) -> Result<(), Error> {
    match service_id {
        Some(s) if !user.access.allows(s) => Err(Error::NotFound(format!(
            "{} does not exist",
            kind.spec().singular_in_text()
        ))),
        _ => Ok(()),
    }
}

pub fn ensure_editor(user: &User) -> Result<(), Error> {
    if user.role.can_edit_register() {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "Your role ({}) can read the register but not change it. Ask a manager.",
            user.role.label()
        )))
    }
}

/// Organisation-wide settings (scenario checklists) reach every service: only an administrator
/// or a manager of every service may change them, whatever their role's name.
pub fn ensure_organisation_editor(user: &User) -> Result<(), Error> {
    if lantern_core::user::can_change_organisation(user.role, &user.access) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "These settings are shared by every service. Ask an administrator to change them.".into(),
        ))
    }
}

/// The audit log names people and records of every service: administrators of every service
/// read it — the same people who look after accounts (and see the Users page in the menu).
pub fn reads_audit_log(user: &User) -> bool {
    lantern_core::account::manages_users(user.role, &user.access)
}

/// The service a record would belong to.
async fn service_of(app: &App, record: &Record, own_id: Option<i64>) -> Result<Option<i64>, Error> {
    Ok(match record.spec().scope {
        Scope::Itself => own_id,
        Scope::Organisation => None,
        Scope::Service(f) => record.int(f),
        Scope::Person(f) => match record.int(f) {
            Some(person) => app
                .store
                .get(EntityKind::Person, person)
                .await
                .ok()
                .and_then(|p| p.service_id),
            None => None,
        },
    })
}

/// An editor may write a record only within their services; only an all-services user may
/// add a service; and a limited user may not point a record at another service's records (a
/// staff member's or a system's services, a visit's person) — references it already had may
/// stay. The import holds to the same rules (lantern-store's import/access.rs).
pub async fn ensure_writable(app: &App, user: &User, record: &Record, own_id: Option<i64>) -> Result<(), Error> {
    ensure_editor(user)?;
    let limited = user.access != ServiceAccess::All;
    if limited && record.spec().scope == Scope::Itself && own_id.is_none() {
        return Err(Error::Forbidden(
            "Only a user with access to every service can add a service.".into(),
        ));
    }
    let refusal = || Error::Forbidden("You can change records only for your own services.".into());
    if let Some(s) = service_of(app, record, own_id).await?
        && !user.access.allows(s)
    {
        return Err(refusal());
    }
    if limited {
        let before = match own_id {
            Some(id) => Some(app.store.get(record.kind, id).await?.record),
            None => None,
        };
        for (f, target) in record.spec().references() {
            let had = before.as_ref().map(|b| b.refs(f.name)).unwrap_or_default();
            for id in record.refs(f.name).into_iter().filter(|id| !had.contains(id)) {
                // A reference to nothing is the store's to refuse, naming the field.
                if let Ok(t) = app.store.get(target, id).await
                    && t.service_id.is_some_and(|s| !user.access.allows(s))
                {
                    return Err(refusal());
                }
            }
        }
    }
    Ok(())
}

/// A service the user may see, or "does not exist".
pub async fn visible_service(app: &App, user: &User, id: i64) -> Result<lantern_store::Stored, Error> {
    let service = app.store.get(EntityKind::Service, id).await?;
    ensure_visible(user, EntityKind::Service, service.service_id)?;
    Ok(service)
}

/// The current services the user may see, by name.
pub async fn services_for(app: &App, user: &User) -> Result<Vec<lantern_store::Stored>, Error> {
    let q = lantern_store::ListQuery {
        access: user.access.clone(),
        limit: 10_000,
        ..Default::default()
    };
    Ok(app.store.list(EntityKind::Service, &q).await?.items)
}
