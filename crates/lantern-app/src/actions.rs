//! Actions that are due (issue [11], point 2): the open actions past their due date a user may
//! see — a manager sees their services' — with the ones they own themselves first (the owner is
//! a staff member; the user is the one with the same email).

use crate::{App, Error};
use lantern_core::EntityKind;
use lantern_store::{ListQuery, Stored, User};

/// An overdue action, and whether the user owns it.
#[derive(Debug, Clone)]
pub struct Overdue {
    pub action: Stored,
    pub owner: String,
    pub yours: bool,
}

/// The open actions past their due date that `user` may see: theirs first, then oldest due.
pub async fn overdue(app: &App, user: &User) -> Result<Vec<Overdue>, Error> {
    let today = app.clock.today();
    let q = ListQuery {
        access: user.access.clone(),
        limit: 10_000,
        ..Default::default()
    };
    let actions = app.store.list(EntityKind::Action, &q).await?.items;
    let mut out = Vec::new();
    for a in actions {
        let r = &a.record;
        if r.text("status") == "done" || r.date("due_date").is_none_or(|d| d >= today) {
            continue;
        }
        let owner = match r.int("owner_id") {
            Some(id) => app.store.get(EntityKind::Staff, id).await.ok(),
            None => None,
        };
        let yours = owner
            .as_ref()
            .is_some_and(|o| o.record.text("email").eq_ignore_ascii_case(&user.email) && !user.email.is_empty());
        out.push(Overdue {
            owner: owner.map(|o| o.record.title()).unwrap_or_default(),
            action: a,
            yours,
        });
    }
    out.sort_by_key(|o| (!o.yours, o.action.record.date("due_date"), o.action.id));
    Ok(out)
}
