//! Back-entry of the paper sheets after a disruption, keyboard-first: a person's MAR for a day
//! (each due dose a row, then PRN and interval doses, then daily notes) and a branch's visit
//! sheet for a day. Saving a sheet again supersedes what was entered before.

use super::disruption::{RESPOND, disruption_url};
use super::list::render;
use super::{audit_view, chrome};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::disruptions::ensure;
use crate::error::AppError;
use crate::form::FormBody;
use crate::reconciliation::Loaded;
use crate::recovery_views::{DoseRowView, EntryPage, ExtraRowView, MarEntryPage, SheetLine};
use crate::views::SelectOption;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::EntityKind;
use lantern_core::reconcile::{DoseOutcome, due_doses};
use lantern_core::schedule::{due_at, london, show_moment, show_time};
use lantern_core::values::DoseTime;
use lantern_store::{MarSheet, NewDose, SheetKind, SheetRow};

const EXTRA_ROWS: usize = 4;

pub(super) fn day_label(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

pub(super) fn entered_line(s: Option<&SheetRow>) -> String {
    s.map(|s| {
        format!(
            "Entered {} by {} ({} records)",
            show_moment(s.entered_at),
            s.entered_by,
            s.records
        )
    })
    .unwrap_or_default()
}

pub(super) fn sheet(l: &Loaded, kind: SheetKind, subject: i64, day: Date) -> Option<&SheetRow> {
    l.sheets
        .iter()
        .find(|s| s.kind == kind && s.subject_id == subject && s.day == day)
}

/// The London dates the window touches.
fn days(l: &Loaded) -> Vec<Date> {
    let tz = london();
    let first = l.period.start.to_zoned_datetime(tz.clone()).date();
    let last = l.period.end.to_zoned_datetime(tz).date();
    let mut out = vec![first];
    while let Some(next) = out.last().and_then(|d| d.tomorrow().ok()).filter(|d| *d <= last) {
        out.push(next);
    }
    out
}

pub async fn sheets(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> Result<Response, AppError> {
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    let due = due_doses(l.period, &l.medicines);
    let mut mar = Vec::new();
    for (person_id, person) in &l.people {
        let meds: Vec<_> = l.medicines.iter().filter(|m| m.person_id == *person_id).collect();
        for day in days(&l) {
            let any_due = due.iter().any(|d| d.person_id == *person_id && d.date == day);
            let other = meds.iter().any(|m| m.times.is_empty() && m.taken_on(day));
            if any_due || other {
                mar.push(SheetLine {
                    label: format!("{}, {}", person.title(), day_label(day)),
                    url: format!("/disruptions/{id}/entry/mar/{person_id}/{day}"),
                    entered: entered_line(sheet(&l, SheetKind::Mar, *person_id, day)),
                });
            }
        }
    }
    let mut visits = Vec::new();
    for service_id in l.disruption.services.iter().filter(|s| me.user.access.allows(**s)) {
        for day in days(&l) {
            let planned = l.visits.iter().any(|v| v.service_id == *service_id && v.date == day);
            if planned {
                let name = state.store.get(EntityKind::Service, *service_id).await?.record.title();
                visits.push(SheetLine {
                    label: format!("{name}, {}", day_label(day)),
                    url: format!("/disruptions/{id}/entry/visits/{service_id}/{day}"),
                    entered: entered_line(sheet(&l, SheetKind::Visits, *service_id, day)),
                });
            }
        }
    }
    let to_enter = mar.iter().chain(&visits).filter(|s| s.entered.is_empty()).count();
    let page = EntryPage {
        chrome: chrome(&state, &me, "Enter the paper records", "/disruptions").await?,
        title: l.disruption.title.clone(),
        back_url: disruption_url(id),
        window: format!("{} to {}", show_moment(l.period.start), show_moment(l.period.end)),
        mar,
        visits,
        to_enter,
        reconciliation_url: format!("/disruptions/{id}/reconciliation"),
    };
    render(&page, StatusCode::OK)
}

fn outcome_options(selected: &str, blank: &str) -> Vec<SelectOption> {
    std::iter::once(("", blank))
        .chain(DoseOutcome::ALL.iter().map(|o| (o.as_str(), o.label())))
        .map(|(v, l)| SelectOption {
            value: v.into(),
            label: l.into(),
            selected: v == selected,
        })
        .collect()
}

pub(super) fn parse_day(text: &str) -> Result<Date, AppError> {
    text.parse()
        .map_err(|_| AppError::NotFound("There is no such sheet.".into()))
}

/// A time written on the sheet of `day`; a time long before the due time is after midnight.
pub(super) fn written_time(day: Date, text: &str, due: Option<Timestamp>) -> Result<Option<Timestamp>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let t = DoseTime::parse(text).map_err(|e| format!("time '{text}': {e}"))?;
    let at = due_at(day, t).0;
    match due {
        Some(due) if due.as_second() - at.as_second() > 12 * 3600 => {
            Ok(Some(day.tomorrow().map(|next| due_at(next, t).0).unwrap_or(at)))
        }
        _ => Ok(Some(at)),
    }
}

struct MarForm {
    person: String,
    rows: Vec<DoseRowView>,
    extras: Vec<ExtraRowView>,
    notes: String,
    entered: String,
    /// (medicine id, due) per row, in order.
    slots: Vec<(i64, Timestamp)>,
    others: Vec<(i64, String)>,
}

fn mar_form(l: &Loaded, person_id: i64, day: Date) -> Result<MarForm, AppError> {
    let person = l
        .people
        .get(&person_id)
        .ok_or_else(|| AppError::NotFound("That person is not in this disruption".into()))?;
    let due: Vec<_> = due_doses(l.period, &l.medicines)
        .into_iter()
        .filter(|d| d.person_id == person_id && d.date == day)
        .collect();
    let label = |id: i64| {
        l.medicines
            .iter()
            .find(|m| m.medicine_id == id)
            .map(|m| (m.label.clone(), m.time_critical))
            .unwrap_or_default()
    };
    let current: Vec<&NewDose> = l
        .doses
        .iter()
        .filter(|r| r.dose.person_id == person_id)
        .map(|r| &r.dose)
        .collect();
    let in_day = |t: Option<Timestamp>| t.map(|t| t.to_zoned_datetime(london()).date() == day).unwrap_or(false);
    let mut rows = Vec::new();
    for (index, d) in due.iter().enumerate() {
        let (medicine, time_critical) = label(d.medicine_id);
        let was = current
            .iter()
            .find(|r| r.medicine_id == Some(d.medicine_id) && r.due_at == Some(d.due_at));
        rows.push(DoseRowView {
            index,
            key: format!("{}|{}", d.medicine_id, d.due_at),
            medicine,
            due: d.time.to_string(),
            time_critical,
            outcomes: outcome_options(was.map(|w| w.outcome.as_str()).unwrap_or(""), "— blank —"),
            time: was.and_then(|w| w.given_at).map(show_time).unwrap_or_default(),
            initials: was.map(|w| w.initials.clone()).unwrap_or_default(),
            note: was.map(|w| w.note.clone()).unwrap_or_default(),
        });
    }
    let others: Vec<(i64, String)> = l
        .medicines
        .iter()
        .filter(|m| m.person_id == person_id && m.times.is_empty() && m.taken_on(day))
        .map(|m| (m.medicine_id, m.label.clone()))
        .collect();
    let earlier: Vec<&&NewDose> = current
        .iter()
        .filter(|r| r.due_at.is_none() && in_day(r.given_at))
        .collect();
    let extras = if others.is_empty() {
        Vec::new()
    } else {
        (0..EXTRA_ROWS.max(earlier.len() + 1))
            .map(|index| {
                let was = earlier.get(index);
                let chosen = was
                    .and_then(|w| w.medicine_id)
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                ExtraRowView {
                    index,
                    medicines: others
                        .iter()
                        .map(|(id, l)| SelectOption {
                            value: id.to_string(),
                            label: l.clone(),
                            selected: chosen == id.to_string(),
                        })
                        .collect(),
                    outcomes: outcome_options(was.map(|w| w.outcome.as_str()).unwrap_or("given"), "— blank —"),
                    time: was.and_then(|w| w.given_at).map(show_time).unwrap_or_default(),
                    initials: was.map(|w| w.initials.clone()).unwrap_or_default(),
                    note: was.map(|w| w.note.clone()).unwrap_or_default(),
                }
            })
            .collect()
    };
    let sheet_row = sheet(l, SheetKind::Mar, person_id, day);
    Ok(MarForm {
        person: person.title(),
        slots: due.iter().map(|d| (d.medicine_id, d.due_at)).collect(),
        rows,
        extras,
        notes: sheet_row.map(|s| s.notes.clone()).unwrap_or_default(),
        entered: entered_line(sheet_row),
        others,
    })
}

fn mar_page(
    id: i64,
    day: Date,
    form: MarForm,
    errors: Vec<String>,
    chrome: crate::views::Chrome,
) -> Result<Response, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = MarEntryPage {
        chrome,
        back_url: format!("/disruptions/{id}/entry"),
        person: form.person,
        day: day_label(day),
        errors,
        rows: form.rows,
        extras: form.extras,
        notes: form.notes,
        entered: form.entered,
    };
    render(&page, status)
}

pub async fn mar(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, person_id, day)): Path<(i64, i64, String)>,
) -> Result<Response, AppError> {
    let day = parse_day(&day)?;
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    let form = mar_form(&l, person_id, day)?;
    audit_view(
        &state,
        &me,
        "view",
        format!("Opened the paper MAR entry of {} for {day}", form.person),
        Some((EntityKind::Person, person_id, l.service_of(person_id))),
    )
    .await?;
    let chrome = chrome(&state, &me, &format!("MAR: {}", form.person), "/disruptions").await?;
    mar_page(id, day, form, Vec::new(), chrome)
}

/// Reads the posted sheet: every row checked, every problem named by its row.
fn read_mar(post: &FormBody, form: &MarForm, person_id: i64, day: Date) -> (Vec<NewDose>, Vec<String>) {
    let mut doses = Vec::new();
    let mut errors = Vec::new();
    let field = |name: &str| post.get(name).unwrap_or("").trim().to_string();
    for (i, (medicine_id, due)) in form.slots.iter().enumerate() {
        let row = &form.rows[i];
        let name = format!("{} due {}", row.medicine, row.due);
        let (outcome, time) = (field(&format!("outcome_{i}")), field(&format!("time_{i}")));
        let (initials, note) = (field(&format!("initials_{i}")), field(&format!("note_{i}")));
        if outcome.is_empty() {
            if !time.is_empty() || !initials.is_empty() {
                errors.push(format!("{name}: choose what happened (or clear the time and initials)"));
            }
            continue;
        }
        let outcome = match DoseOutcome::parse(&outcome) {
            Ok(o) => o,
            Err(e) => {
                errors.push(format!("{name}: {e}"));
                continue;
            }
        };
        match written_time(day, &time, Some(*due)) {
            Ok(given_at) => doses.push(NewDose {
                person_id,
                medicine_id: Some(*medicine_id),
                due_at: Some(*due),
                outcome,
                given_at,
                initials: initials.chars().take(8).collect(),
                note: note.chars().take(500).collect(),
            }),
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    for x in 0..form.extras.len() {
        let medicine = field(&format!("xmed_{x}"));
        if medicine.is_empty() {
            continue;
        }
        let name = format!("Extra dose {}", x + 1);
        let Some((medicine_id, _)) = form.others.iter().find(|(id, _)| id.to_string() == medicine) else {
            errors.push(format!("{name}: that medicine is not on this sheet"));
            continue;
        };
        let outcome = DoseOutcome::parse(&field(&format!("xoutcome_{x}")));
        let time = written_time(day, &field(&format!("xtime_{x}")), None);
        match (outcome, time) {
            (Ok(outcome), Ok(Some(at))) => doses.push(NewDose {
                person_id,
                medicine_id: Some(*medicine_id),
                due_at: None,
                outcome,
                given_at: Some(at),
                initials: field(&format!("xinitials_{x}")).chars().take(8).collect(),
                note: field(&format!("xnote_{x}")).chars().take(500).collect(),
            }),
            (_, Ok(None)) => errors.push(format!("{name}: write the time it was given")),
            (Err(e), _) | (_, Err(e)) => errors.push(format!("{name}: {e}")),
        }
    }
    (doses, errors)
}

pub async fn save_mar(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, person_id, day)): Path<(i64, i64, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let post = FormBody::parse(&body);
    me.check_csrf(post.get("csrf"))?;
    ensure(me.user.role.can_respond(), RESPOND)?;
    let day = parse_day(&day)?;
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    let form = mar_form(&l, person_id, day)?;
    let (doses, errors) = read_mar(&post, &form, person_id, day);
    let notes: String = post.get("notes").unwrap_or("").trim().chars().take(5000).collect();
    if !errors.is_empty() {
        let chrome = chrome(&state, &me, &format!("MAR: {}", form.person), "/disruptions").await?;
        let mut form = form;
        form.notes = notes;
        return mar_page(id, day, form, errors, chrome);
    }
    state
        .store
        .save_mar_sheet(
            id,
            &MarSheet {
                person_id,
                day,
                doses: &doses,
                notes: &notes,
            },
            &me.actor(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/disruptions/{id}/entry?saved=1")).into_response())
}
