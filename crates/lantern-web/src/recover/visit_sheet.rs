//! Back-entry of a home-care branch's visit (call-monitoring) sheet for a day as a form: what
//! was posted goes into lantern-app's `VisitEntry` row by row, matched by visit, and a sheet
//! refused for a bad box comes back as typed, the box marked.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::recover::recovery::{parse_day, problem_list, time_boxes};
use crate::recover::recovery_views::{VisitEntryPage, VisitRowView};
use crate::register::list::render;
use crate::views::SelectOption;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::sheets::visits::Typed;
use lantern_app::sheets::{self, Refused, Scope, VisitEntry, day_label, entered_line};
use lantern_core::EntityKind;
use lantern_core::reconcile::VisitOutcome;

/// What was posted, row by row, matched by visit: a visit no longer planned is dropped
/// (its row is not shown to be typed in).
fn take_post(entry: &mut VisitEntry, post: &FormBody) {
    let field = |name: String| post.get(&name).unwrap_or("").trim().to_string();
    for (index, row) in entry.rows.iter_mut().enumerate() {
        let posted = post
            .0
            .iter()
            .find_map(|(k, v)| {
                let i = k.strip_prefix("visit_")?;
                (v.trim() == row.visit_id.to_string()).then(|| i.to_string())
            })
            // A post without visit ids (a script, not the form) is read row by row.
            .or_else(|| post.get(&format!("visit_{index}")).is_none().then(|| index.to_string()));
        row.typed = match posted {
            Some(i) => Typed {
                outcome: field(format!("outcome_{i}")),
                arrived: field(format!("arrived_{i}")),
                departed: field(format!("departed_{i}")),
                note: field(format!("note_{i}")),
            },
            None => Typed::default(),
        };
    }
}

fn views(entry: &VisitEntry) -> Vec<VisitRowView> {
    entry
        .rows
        .iter()
        .enumerate()
        .map(|(index, r)| VisitRowView {
            index,
            visit_id: r.visit_id,
            time: r.time.clone(),
            person: r.person.clone(),
            minutes: r.minutes,
            outcomes: std::iter::once(("", "— blank —"))
                .chain(VisitOutcome::ALL.iter().map(|o| (o.as_str(), o.label())))
                .map(|(value, label)| SelectOption {
                    value: value.into(),
                    label: label.into(),
                    selected: value == r.typed.outcome,
                })
                .collect(),
            arrived: r.typed.arrived.clone(),
            departed: r.typed.departed.clone(),
            note: r.typed.note.clone(),
            problem: r.problem.clone().unwrap_or_default(),
            from_board: r.from_board.clone().unwrap_or_default(),
        })
        .collect()
}

async fn visits_page(
    state: &AppState,
    me: &CurrentUser,
    (id, lock): (i64, Option<&str>),
    entry: &VisitEntry,
    status: StatusCode,
) -> Result<Response, AppError> {
    let service = state
        .app
        .store
        .get(EntityKind::Service, entry.service_id)
        .await?
        .record
        .title();
    let page = VisitEntryPage {
        chrome: chrome(state, me, &format!("Visits: {service}"), "/disruptions").await?,
        back_url: format!("/disruptions/{id}/entry"),
        service,
        day: day_label(entry.day),
        problems: problem_list(entry.problems()),
        rows: views(entry),
        entered: entered_line(entry.entered.as_ref()),
        times: time_boxes(entry.day),
        locked: lock.map(str::to_string),
        from_board: entry.rows.iter().filter(|r| r.from_board.is_some()).count(),
    };
    render(&page, status)
}

pub async fn visits(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, service_id, day)): Path<(i64, i64, String)>,
) -> Result<Response, AppError> {
    let day = parse_day(&day)?;
    let (scope, entry): (Scope, VisitEntry) = sheets::open_visits(&state.app, &me.user, id, service_id, day).await?;
    visits_page(&state, &me, (id, scope.lock(me.user.role)), &entry, StatusCode::OK).await
}

/// Saves the sheet, or shows it again as typed with each bad box marked (nothing saved).
pub async fn save_visits(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, service_id, day)): Path<(i64, i64, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let post = FormBody::parse(&body);
    me.check_csrf(post.get("csrf"))?;
    let day = parse_day(&day)?;
    let fill = |entry: &mut VisitEntry| take_post(entry, &post);
    match sheets::enter_visits(&state.app, &me.user, &me.actor(), (id, service_id, day), fill).await {
        Ok(_) => Ok(Redirect::to(&format!("/disruptions/{id}/entry?saved=1")).into_response()),
        Err(Refused::Error(e)) => Err(e.into()),
        Err(Refused::Boxes(entry)) => {
            visits_page(&state, &me, (id, None), &entry, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
