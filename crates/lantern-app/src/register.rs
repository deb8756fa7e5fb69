//! Writing the register — adding, changing, ending and restoring a record — for the register
//! pages and the API alike: who may (an editor, within their services), then the store's
//! write, which validates and keeps every version. A new service gets its first pack at once.

use crate::access::{ensure_visible, ensure_writable};
use crate::{App, Error};
use lantern_core::{EntityKind, Record};
use lantern_store::{Actor, Stored, User};

/// A completion, a review or a held drill dated after today is refused, field named: the record alone does
/// not know what day it is.
pub(crate) fn ensure_happened(app: &App, record: &Record) -> Result<(), Error> {
    let errors = lantern_core::entity::dates_in_future(record, app.clock.today());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Adds a record; gives it back as stored.
pub async fn create(app: &App, user: &User, actor: &Actor, record: &Record) -> Result<Stored, Error> {
    ensure_writable(app, user, record, None).await?;
    ensure_happened(app, record)?;
    let id = app.store.insert(record, actor, app.clock.now()).await?;
    if record.kind == EntityKind::Service {
        crate::packs::first_pack(app, id, actor).await;
    }
    Ok(app.store.get(record.kind, id).await?)
}

/// Replaces a record's fields. With `expected_version`, refuses (Conflict) when someone
/// changed it since that version was read.
pub async fn update(
    app: &App,
    user: &User,
    actor: &Actor,
    id: i64,
    record: &Record,
    expected_version: Option<i64>,
) -> Result<Stored, Error> {
    visible_record(app, user, record.kind, id).await?;
    ensure_writable(app, user, record, Some(id)).await?;
    ensure_happened(app, record)?;
    Ok(app
        .store
        .update(id, record, expected_version, actor, app.clock.now())
        .await?)
}

/// Ends a record (it stays in the history; nothing is erased), or restores an ended one.
pub async fn set_ended(
    app: &App,
    user: &User,
    actor: &Actor,
    kind: EntityKind,
    id: i64,
    end: bool,
) -> Result<Stored, Error> {
    let current = visible_record(app, user, kind, id).await?;
    ensure_writable(app, user, &current.record, Some(id)).await?;
    let now = app.clock.now();
    Ok(if end {
        app.store.end(kind, id, actor, now).await?
    } else {
        app.store.restore(kind, id, actor, now).await?
    })
}

/// A record the user may see, or "does not exist".
pub async fn visible_record(app: &App, user: &User, kind: EntityKind, id: i64) -> Result<Stored, Error> {
    let s = app.store.get(kind, id).await?;
    ensure_visible(user, kind, s.service_id)?;
    Ok(s)
}
