//! Back-entry of the paper sheets after a disruption, keyboard-first: the list of sheets, a
//! person's MAR for a day (the form itself is `mar_form`) and what the MAR and visit sheets
//! share. Saving a sheet again supersedes what was entered before.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::recover::mar_form;
use crate::recover::recovery_views::{EntryPage, MarEntryPage, SheetLine, SheetProblem, TimeBoxes};
use crate::register::list::render;
use crate::respond::disruption::disruption_url;
use crate::views::SelectOption;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use lantern_app::sheets::{self, MarEntry, Problem, Refused, Scope, day_label, entered_line};
use lantern_core::reconcile::DoseOutcome;
use lantern_core::schedule::show_moment;
use lantern_core::sheet_time;
use lantern_store::SheetKind;

pub async fn sheets(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> Result<Response, AppError> {
    let scope = Scope::load(&state.app, &me.user, id).await?;
    let (mut mar, mut visits) = (Vec::new(), Vec::new());
    for s in sheets::list(&state.app, &scope).await? {
        let (kind, list) = match s.kind {
            SheetKind::Mar => ("mar", &mut mar),
            SheetKind::Visits => ("visits", &mut visits),
        };
        list.push(SheetLine {
            label: s.label,
            url: format!("/disruptions/{id}/entry/{kind}/{}/{}", s.subject_id, s.day),
            entered: entered_line(s.entered.as_ref()),
        });
    }
    let l = &scope.records;
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
pub(super) fn problem_list(found: Vec<(String, String, &Problem)>) -> Vec<SheetProblem> {
    found
        .into_iter()
        .map(|(field, row, p)| SheetProblem {
            field,
            text: sheets::problem_text(&row, p),
        })
        .collect()
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
    entry: &MarEntry,
    chrome: crate::views::Chrome,
    locked: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = MarEntryPage {
        chrome,
        locked: locked.map(str::to_string),
        back_url: format!("/disruptions/{id}/entry"),
        day: day_label(entry.day),
        problems: problem_list(entry.problems()),
        rows: mar_form::rows(entry),
        extras: mar_form::extras(entry),
        times: time_boxes(entry.day),
        person: entry.person.clone(),
        notes: entry.notes.clone(),
        entered: entered_line(entry.entered.as_ref()),
    };
    render(&page, status)
}

pub async fn mar(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, person_id, day)): Path<(i64, i64, String)>,
) -> Result<Response, AppError> {
    let day = parse_day(&day)?;
    let (scope, entry) = sheets::open_mar(&state.app, &me.user, &me.actor(), id, person_id, day).await?;
    let chrome = chrome(&state, &me, &format!("MAR: {}", entry.person), "/disruptions").await?;
    mar_page(id, &entry, chrome, scope.lock(me.user.role), StatusCode::OK)
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
    let day = parse_day(&day)?;
    let adding = post.get("add_row").is_some();
    let fill = |entry: &mut MarEntry| {
        mar_form::take_post(entry, &post);
        if adding {
            entry.add_row();
        }
    };
    let refused = if adding {
        // "Add a row" saves nothing: the sheet comes back with one more row, as typed.
        sheets::retype_mar(&state.app, &me.user, (id, person_id, day), fill).await?
    } else {
        match sheets::enter_mar(&state.app, &me.user, &me.actor(), (id, person_id, day), fill).await {
            Ok(_) => return Ok(Redirect::to(&format!("/disruptions/{id}/entry?saved=1")).into_response()),
            Err(Refused::Error(e)) => return Err(e.into()),
            Err(Refused::Boxes(entry)) => *entry,
        }
    };
    let status = if adding {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let chrome = chrome(&state, &me, &format!("MAR: {}", refused.person), "/disruptions").await?;
    mar_page(id, &refused, chrome, None, status)
}
