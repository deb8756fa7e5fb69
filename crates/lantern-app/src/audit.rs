//! What a person saw or took away, for the audit log: viewing a pack or a report, downloading
//! a PDF, exporting records. Changes are audited where they are written, in their transaction.

use crate::{App, Error};
use lantern_core::EntityKind;
use lantern_store::{Actor, AuditEntry};

/// Writes one line: `action` ("view", "download", "export") by `actor`, about a record when
/// there is one.
pub async fn seen(
    app: &App,
    actor: &Actor,
    action: &str,
    detail: String,
    about: Option<(EntityKind, i64, Option<i64>)>,
) -> Result<(), Error> {
    let mut entry = AuditEntry::new(app.clock.now(), actor.user_id, &actor.label, action, detail);
    if let Some((kind, id, service)) = about {
        entry = entry.about(kind, id, service);
    }
    Ok(app.store.audit(&entry).await?)
}

/// The latest `limit` lines of the audit log (at most 5000), for an administrator of every
/// service: it names people and records of them all.
pub async fn latest(app: &App, user: &lantern_store::User, limit: i64) -> Result<Vec<AuditEntry>, Error> {
    if !crate::access::reads_audit_log(user) {
        return Err(Error::Forbidden(
            "Only administrators of every service can read the audit log.".into(),
        ));
    }
    Ok(app.store.audit_entries(limit.clamp(1, 5000)).await?)
}
