//! Back-entry of the paper sheets after a disruption, keyboard-first: the list of sheets, a
//! person's MAR for a day (the form itself is `mar_form`) and what the MAR and visit sheets
//! share. Saving a sheet again supersedes what was entered before.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::audit_view;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::recover::mar_form::MarForm;
use crate::recover::recovery_views::{EntryPage, FieldProblem, MarEntryPage, SheetLine, SheetProblem, TimeBoxes};
use crate::register::list::render;
use crate::respond::disruption::{RESPOND, disruption_url};
use crate::views::SelectOption;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use lantern_app::disruptions::ensure;
use lantern_app::reconciliation::Loaded;
use lantern_core::EntityKind;
use lantern_core::reconcile::{DoseOutcome, due_doses};
use lantern_core::schedule::{london, show_moment};
use lantern_core::sheet_time;
use lantern_store::{MarSheet, SheetKind, SheetRow};

pub(super) fn day_label(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

pub(super) fn entered_line(s: Option<&SheetRow>) -> String {
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
    let l = lantern_app::reconciliation::visible(&state.app, &me.user, id).await?;
    let due = due_doses(l.period, &l.medicines);
    let mut mar = Vec::new();
    for (person_id, person) in &l.people {
        let meds: Vec<_> = l.medicines.iter().filter(|m| m.person_id == *person_id).collect();
        for day in days(&l) {
            let any_due = due.iter().any(|d| d.person_id == *person_id && d.date == day);
            let other = meds.iter().any(|m| m.times.is_empty() && m.taken_on(day));
            if any_due || other {
                mar.push(SheetLine {
                    label: format!("{}, {}", person.full_name, day_label(day)),
                    url: format!("/disruptions/{id}/entry/mar/{person_id}/{day}"),
                    entered: entered_line(sheet(&l, SheetKind::Mar, *person_id, day)),
                });
            }
        }
    }
    let mut visits = Vec::new();
    for service_id in l.disruption.services.iter().filter(|s| me.user.access.allows(**s)) {
        // The dates of the visits themselves: one that began the evening before the start
        // and ran into it is on that evening's sheet.
        let dates: std::collections::BTreeSet<Date> = l
            .visits
            .iter()
            .filter(|v| v.service_id == *service_id)
            .map(|v| v.date)
            .collect();
        for day in dates {
            let name = state
                .app
                .store
                .get(EntityKind::Service, *service_id)
                .await?
                .record
                .title();
            visits.push(SheetLine {
                label: format!("{name}, {}", day_label(day)),
                url: format!("/disruptions/{id}/entry/visits/{service_id}/{day}"),
                entered: entered_line(sheet(&l, SheetKind::Visits, *service_id, day)),
            });
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

pub(super) fn outcome_options(selected: &str, blank: &str) -> Vec<SelectOption> {
    std::iter::once(("", blank))
        .chain(DoseOutcome::ALL.iter().map(|o| (o.as_str(), o.label())))
        .map(|(v, l)| SelectOption {
            value: v.into(),
            label: l.into(),
            selected: v == selected,
        })
        .collect()
}

/// The problems of a sheet for its summary: (box id, row name, problem), in sheet order.
pub(super) fn problem_list<'a>(found: impl Iterator<Item = (String, String, &'a FieldProblem)>) -> Vec<SheetProblem> {
    found
        .map(|(field, row, p)| SheetProblem {
            field,
            // "Paracetamol 500 mg due 08:00. Time given: '2500' is not a time of day; …": the
            // row, then the box as its column is headed, then what is wrong with it.
            text: format!("{row}. {}: {}", label_of(p.field), p.text),
        })
        .collect()
}

fn label_of(field: &str) -> &str {
    match field {
        "outcome" => "What happened",
        "medicine" => "Medicine",
        "arrived" => "Arrived",
        "departed" => "Left",
        "initials" => "Initials",
        "note" => "Note",
        _ => "Time given",
    }
}

/// Time boxes of a sheet of `day`: on the autumn change day the repeated hour is typed with
/// its offset (`0140 GMT`), so the box takes letters and the advice sits above the rows.
pub(super) fn time_boxes(day: Date) -> TimeBoxes {
    if sheet_time::has_repeated_hour(day) {
        TimeBoxes {
            hint: "The clocks went back at 02:00 on this day, so 01:00 to 01:59 happened twice. \
                   Type a time in that hour with BST for the first time round or GMT for the second, \
                   for example 0140 BST or 0140 GMT. Other times are typed as usual, like 0805."
                .into(),
            inputmode: "text",
            maxlength: 9,
        }
    } else {
        TimeBoxes {
            hint: String::new(),
            inputmode: "numeric",
            maxlength: 9,
        }
    }
}

pub(super) fn parse_day(text: &str) -> Result<Date, AppError> {
    text.parse()
        .map_err(|_| AppError::NotFound("There is no such sheet.".into()))
}

fn mar_page(
    id: i64,
    form: MarForm,
    chrome: crate::views::Chrome,
    locked: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = MarEntryPage {
        chrome,
        locked: locked.map(str::to_string),
        back_url: format!("/disruptions/{id}/entry"),
        day: day_label(form.day()),
        problems: form.problems(),
        rows: form.rows(),
        extras: form.extras(),
        times: form.time_boxes(),
        person: form.person,
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
    let l = lantern_app::reconciliation::visible(&state.app, &me.user, id).await?;
    let form = MarForm::load(&l, person_id, day)?;
    audit_view(
        &state,
        &me,
        "view",
        format!("Opened the paper MAR entry of {} for {day}", form.person),
        Some((EntityKind::Person, person_id, l.service_of(person_id))),
    )
    .await?;
    let chrome = chrome(&state, &me, &format!("MAR: {}", form.person), "/disruptions").await?;
    mar_page(id, form, chrome, l.entry_lock(me.user.role), StatusCode::OK)
}

/// Saves the sheet; or, for "Add a row" or a bad box, shows it again as typed (nothing saved).
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
    let l = lantern_app::reconciliation::visible(&state.app, &me.user, id).await?;
    l.ensure_may_enter(me.user.role)?;
    let mut form = MarForm::load(&l, person_id, day)?;
    form.take_post(&post);
    let adding = post.get("add_row").is_some();
    let doses = if adding {
        form.add_row();
        None
    } else {
        form.read(person_id)
    };
    let Some(doses) = doses else {
        let status = if adding {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let chrome = chrome(&state, &me, &format!("MAR: {}", form.person), "/disruptions").await?;
        return mar_page(id, form, chrome, None, status);
    };
    // A page of daily notes is far shorter; the cap only keeps a bad post from filling the store.
    let notes: String = form.notes.chars().take(5000).collect();
    state
        .app
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
            state.app.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/disruptions/{id}/entry?saved=1")).into_response())
}
