//! Writing in a disruption's log — what happened, what was decided — for the disruption page
//! and the API: who may, every field checked at once (each problem named), then the entry.

use crate::disruptions::{RESPOND, ensure, ensure_entry_refs};
use crate::{App, Error};
use jiff::Timestamp;
use lantern_core::FieldErrors;
use lantern_core::disruption::EntryKind;
use lantern_core::schedule::parse_moment;
use lantern_store::{Actor, DisruptionRow, NewEntry, User};

/// An entry as it was sent. The kind is read by the front end, in its own words (a page
/// names the choices, the API lists the codes), and handed on parsed or with its problem.
pub struct EntryInput<'a> {
    pub kind: Result<EntryKind, String>,
    /// When it happened, as typed; none or blank for now.
    pub at: Option<&'a str>,
    pub text: &'a str,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// The one service it is about, as typed (an id); none for the whole disruption.
    pub service: Option<&'a str>,
}

/// Adds the entry; gives its id.
pub async fn add(
    app: &App,
    user: &User,
    actor: &Actor,
    d: &DisruptionRow,
    input: EntryInput<'_>,
) -> Result<i64, Error> {
    ensure(user.role.can_respond(), RESPOND)?;
    let now = app.clock.now();
    let mut errors = FieldErrors::default();
    let kind = input.kind.map_err(|e| errors.add("kind", e)).ok();
    let at: Option<Timestamp> = match input.at.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => parse_moment(a).map_err(|e| errors.add("at", e)).ok(),
        None => Some(now),
    };
    let text = input.text.trim();
    if text.is_empty() {
        errors.add("text", "write what happened or was decided");
    } else if text.chars().count() > 5000 {
        errors.add("text", "is too long (at most 5000 characters)");
    }
    let service_id = match input.service.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => s.parse().map_err(|_| errors.add("service_id", "choose a service")).ok(),
    };
    let (Some(kind), Some(at), true) = (kind, at, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    ensure_entry_refs(app, user, d, input.corrects, service_id).await?;
    let entry = NewEntry {
        at,
        kind,
        text,
        corrects: input.corrects,
        service_id,
    };
    Ok(app.store.add_timeline_entry(d.id, &entry, actor, now).await?)
}
