//! Entering a disruption's paper records afterwards — a person's MAR for a day and a branch's
//! visit sheet — for the pages (keyboard-first forms) and the API (JSON rows) alike: who may,
//! what each row must say, and the saving. Entering a sheet again supersedes what was entered
//! before (kept, never deleted). Only the register as it stood at the start is loaded; the
//! reconciliation runs only when a sign-off is there to protect.

pub mod mar;
pub mod visits;

use crate::at_start::AtStart;
use crate::disruptions::{RESPOND, ensure};
use crate::{App, Error};
use jiff::civil::Date;
use lantern_core::EntityKind;
use lantern_core::reconcile::due_doses;
use lantern_core::schedule::show_moment;
use lantern_core::user::Role;
use lantern_store::{SheetKind, SheetRow, User};

pub use mar::{DoseLine, MarEntry};
pub use visits::{VisitEntry, VisitLine};

/// A box of a sheet that cannot be saved as typed: its column and why, in words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problem {
    /// "outcome", "time", "medicine", "initials", "note", "arrived", "departed".
    pub field: &'static str,
    pub text: String,
}

impl Problem {
    pub fn new(field: &'static str, text: impl Into<String>) -> Self {
        Problem {
            field,
            text: text.into(),
        }
    }

    /// Whether the problem is about `field` of the row (a row without one has the default,
    /// empty problem, about no field).
    pub fn is(&self, field: &str) -> bool {
        !self.field.is_empty() && self.field == field
    }

    /// Whether the row has a problem.
    pub fn any(&self) -> bool {
        !self.field.is_empty()
    }
}

/// A column as the paper sheet heads it.
pub fn column_label(field: &str) -> &'static str {
    match field {
        "outcome" => "What happened",
        "medicine" => "Medicine",
        "arrived" => "Arrived",
        "departed" => "Left",
        "initials" => "Initials",
        "note" => "Note",
        "due" => "Due",
        _ => "Time given",
    }
}

/// "Paracetamol 500 mg due 08:00. Time given: '2500' is not a time of day; …": the row, then
/// the box as its column is headed, then what is wrong with it.
pub fn problem_text(row: &str, p: &Problem) -> String {
    format!("{row}. {}: {}", column_label(p.field), p.text)
}

/// "Entered 24 Nov 2026, 14:05 by Jo Patel (12 records)", or nothing before the first entry.
pub fn entered_line(s: Option<&SheetRow>) -> String {
    s.map(|s| {
        format!(
            "Entered {} by {} ({})",
            show_moment(s.entered_at),
            s.entered_by,
            lantern_core::words::count(s.records, "record", "records")
        )
    })
    .unwrap_or_default()
}

pub const READ_ONLY: &str = "Your role can read the paper records but not enter them.";
pub const SIGNED: &str =
    "These paper records are signed off. Only a manager can enter a sheet again, since that undoes the sign-off.";

/// What a user's sheets of a disruption are entered against: the records as they stood at
/// its start, narrowed to their services.
pub struct Scope {
    pub records: AtStart,
    /// The reconciliation's sign-off still holds (entering a sheet again would undo it).
    pub signed_off: bool,
}

impl Scope {
    /// Disruption `id` as `user` may enter it: only if it touches one of their services.
    pub async fn load(app: &App, user: &User, id: i64) -> Result<Self, Error> {
        let whole = crate::disruptions::whole_if_visible(app, user, id).await?;
        let now = app.clock.now();
        // A sign-off holds while the findings are the ones signed: only when there is one is
        // the reconciliation worked out.
        let (whole, signed_off) = if app.store.sign_offs(id).await?.is_empty() {
            (AtStart::load(&app.store, whole, now).await?, false)
        } else {
            let l = crate::reconciliation::load(&app.store, whole, now).await?;
            let signed = l.signed_off().is_some();
            (l.at_start, signed)
        };
        let records = whole.only(&user.access);
        Ok(Scope { records, signed_off })
    }

    /// Why `role` may not enter these sheets, if it may not: read-only users never; and
    /// entering a sheet again after sign-off changes what was signed: a manager's decision.
    pub fn lock(&self, role: Role) -> Option<&'static str> {
        if !role.can_respond() {
            Some(READ_ONLY)
        } else if self.signed_off && !role.can_edit_register() {
            Some(SIGNED)
        } else {
            None
        }
    }

    fn ensure_may_enter(&self, role: Role) -> Result<(), Error> {
        match self.lock(role) {
            Some(why) => Err(Error::Forbidden(why.into())),
            None => Ok(()),
        }
    }

    fn ensure_service(&self, user: &User, service_id: i64) -> Result<(), Error> {
        if self.records.disruption.services.contains(&service_id) && user.access.allows(service_id) {
            Ok(())
        } else {
            Err(Error::NotFound("That service is not in this disruption".into()))
        }
    }
}

/// One paper sheet of a disruption, entered or still to enter.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetLine {
    pub kind: SheetKind,
    /// The person (MAR) or the service (visit sheet).
    pub subject_id: i64,
    pub day: Date,
    /// "Amira Khan, Tue 24 Nov 2026".
    pub label: String,
    pub entered: Option<SheetRow>,
}

pub fn day_label(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

/// Every sheet of the disruption the user may enter: a MAR per person per day with a dose due
/// (or a when-required or interval medicine), a visit sheet per branch per day of its visits.
pub async fn list(app: &App, scope: &Scope) -> Result<Vec<SheetLine>, Error> {
    let l = &scope.records;
    let due = due_doses(l.period, &l.medicines);
    let mut out = Vec::new();
    for (person_id, person) in &l.people {
        let meds: Vec<_> = l.medicines.iter().filter(|m| m.person_id == *person_id).collect();
        for day in l.days() {
            let any_due = due.iter().any(|d| d.person_id == *person_id && d.date == day);
            let other = meds.iter().any(|m| m.times.is_empty() && m.taken_on(day));
            if any_due || other {
                out.push(SheetLine {
                    kind: SheetKind::Mar,
                    subject_id: *person_id,
                    day,
                    label: format!("{}, {}", person.full_name, day_label(day)),
                    entered: l.sheet(SheetKind::Mar, *person_id, day).cloned(),
                });
            }
        }
    }
    for service_id in &l.disruption.services {
        // The dates of the visits themselves: one that began the evening before the start
        // and ran into it is on that evening's sheet.
        let dates: std::collections::BTreeSet<Date> = l
            .visits
            .iter()
            .filter(|v| v.service_id == *service_id)
            .map(|v| v.date)
            .collect();
        if dates.is_empty() {
            continue;
        }
        let name = app.store.get(EntityKind::Service, *service_id).await?.record.title();
        for day in dates {
            out.push(SheetLine {
                kind: SheetKind::Visits,
                subject_id: *service_id,
                day,
                label: format!("{name}, {}", day_label(day)),
                entered: l.sheet(SheetKind::Visits, *service_id, day).cloned(),
            });
        }
    }
    Ok(out)
}

/// A person's MAR for a day as entered so far (blank if never), to look at or type into;
/// opening it is audited, since it shows their medicines.
pub async fn open_mar(
    app: &App,
    user: &User,
    actor: &lantern_store::Actor,
    id: i64,
    person_id: i64,
    day: Date,
) -> Result<(Scope, MarEntry), Error> {
    let scope = Scope::load(app, user, id).await?;
    let entry = MarEntry::load(&scope.records, person_id, day)?;
    crate::audit::seen(
        app,
        actor,
        "view",
        format!("Opened the paper MAR entry of {} for {day}", entry.person),
        Some((EntityKind::Person, person_id, scope.records.service_of(person_id))),
    )
    .await?;
    Ok((scope, entry))
}

/// A branch's visit sheet for a day as entered so far, or as the board left it.
pub async fn open_visits(
    app: &App,
    user: &User,
    id: i64,
    service_id: i64,
    day: Date,
) -> Result<(Scope, VisitEntry), Error> {
    let scope = Scope::load(app, user, id).await?;
    scope.ensure_service(user, service_id)?;
    let entry = VisitEntry::load(&scope.records, service_id, day);
    Ok((scope, entry))
}

/// Why a sheet was not saved: not allowed (or no such sheet), or boxes that need attention —
/// then the entry comes back as typed, each bad box marked, and nothing was saved.
pub enum Refused<T> {
    Error(Error),
    Boxes(Box<T>),
}

impl<T> From<Error> for Refused<T> {
    fn from(e: Error) -> Self {
        Refused::Error(e)
    }
}

impl<T> From<lantern_store::StoreError> for Refused<T> {
    fn from(e: lantern_store::StoreError) -> Self {
        Refused::Error(e.into())
    }
}

/// A person's MAR for a day with what was typed put in by `fill`, for a user who may enter it;
/// nothing is saved ("Add a row" on the page).
pub async fn retype_mar(
    app: &App,
    user: &User,
    (id, person_id, day): (i64, i64, Date),
    fill: impl FnOnce(&mut MarEntry),
) -> Result<MarEntry, Error> {
    ensure(user.role.can_respond(), RESPOND)?;
    let scope = Scope::load(app, user, id).await?;
    scope.ensure_may_enter(user.role)?;
    let mut entry = MarEntry::load(&scope.records, person_id, day)?;
    fill(&mut entry);
    Ok(entry)
}

/// Enters (or enters again) a person's MAR for a day: `fill` puts what was typed into the
/// sheet as loaded. The store writes the audit line in the same transaction.
pub async fn enter_mar(
    app: &App,
    user: &User,
    actor: &lantern_store::Actor,
    sheet: (i64, i64, Date),
    fill: impl FnOnce(&mut MarEntry),
) -> Result<MarEntry, Refused<MarEntry>> {
    let mut entry = retype_mar(app, user, sheet, fill).await?;
    let Some(doses) = entry.read() else {
        return Err(Refused::Boxes(Box::new(entry)));
    };
    // A page of daily notes is far shorter; the cap only keeps a bad post from filling the store.
    let notes: String = entry.notes.chars().take(5000).collect();
    let mar = lantern_store::MarSheet {
        person_id: entry.person_id,
        day: entry.day,
        doses: &doses,
        notes: &notes,
    };
    app.store.save_mar_sheet(sheet.0, &mar, actor, app.clock.now()).await?;
    Ok(entry)
}

/// Enters (or enters again) a branch's visit sheet for a day.
pub async fn enter_visits(
    app: &App,
    user: &User,
    actor: &lantern_store::Actor,
    (id, service_id, day): (i64, i64, Date),
    fill: impl FnOnce(&mut VisitEntry),
) -> Result<VisitEntry, Refused<VisitEntry>> {
    ensure(user.role.can_respond(), RESPOND)?;
    let scope = Scope::load(app, user, id).await?;
    scope.ensure_service(user, service_id)?;
    scope.ensure_may_enter(user.role)?;
    let mut entry = VisitEntry::load(&scope.records, service_id, day);
    fill(&mut entry);
    let Some(records) = entry.read() else {
        return Err(Refused::Boxes(Box::new(entry)));
    };
    app.store
        .save_visit_sheet(id, service_id, day, &records, actor, app.clock.now())
        .await?;
    Ok(entry)
}

/// The refusal of a sheet sent through the API: every bad box, named as the request names it
/// (`doses[2].time`), in words.
pub fn invalid_lines(problems: Vec<(String, String)>) -> Error {
    let mut f = lantern_core::FieldErrors::default();
    for (field, text) in problems {
        f.add(&field, text);
    }
    Error::Invalid(f)
}
