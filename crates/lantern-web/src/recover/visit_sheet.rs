//! Back-entry of a home-care branch's visit (call-monitoring) sheet for a day: each planned
//! visit in the window a row with its outcome, arrival and departure. A row not entered yet
//! starts from what the live board learnt by phone, marked as such and editable. A sheet
//! refused for a bad box comes back as typed, the box marked.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::recover::recovery::{day_label, entered_line, parse_day, problem_list, sheet, time_boxes};
use crate::recover::recovery_views::{FieldProblem, SheetProblem, VisitEntryPage, VisitRowView};
use crate::register::list::render;
use crate::respond::disruption::RESPOND;
use crate::views::SelectOption;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_app::disruptions::ensure;
use lantern_app::reconciliation::Loaded;
use lantern_core::EntityKind;
use lantern_core::disruption::from_board::sheet_row;
use lantern_core::reconcile::VisitOutcome;
use lantern_core::schedule::show_time;
use lantern_core::sheet_time;
use lantern_store::{NewVisitRecord, SheetKind};

/// What is typed in one row of the visit sheet.
#[derive(Debug, Clone, Default)]
struct Typed {
    outcome: String,
    arrived: String,
    departed: String,
    note: String,
}

/// A planned visit's row, known by the visit.
struct Row {
    visit_id: i64,
    due: Timestamp,
    time: String,
    person: String,
    minutes: i64,
    typed: Typed,
    problem: Option<FieldProblem>,
    /// The row was filled in from the live board: what it says, to check against the paper.
    from_board: Option<String>,
}

/// A branch's visit sheet for a day: the planned visits in time order, as entered so far.
struct VisitForm {
    day: Date,
    rows: Vec<Row>,
}

impl VisitForm {
    fn load(l: &Loaded, service_id: i64, day: Date) -> Self {
        let mut visits: Vec<_> = l
            .visits
            .iter()
            .filter(|v| v.service_id == service_id && v.date == day)
            .collect();
        visits.sort_by_key(|v| (v.due, v.visit_id));
        let rows = visits
            .iter()
            .map(|v| {
                let was = l
                    .visit_records
                    .iter()
                    .find(|r| r.record.visit_id == v.visit_id)
                    .map(|r| &r.record);
                let shown = |t: Option<Timestamp>| t.map(sheet_time::show).unwrap_or_default();
                // Not entered yet: start from what the board learnt by phone.
                let board = match was {
                    Some(_) => None,
                    None => l.board.get(&v.visit_id).and_then(|h| sheet_row(h)),
                };
                Row {
                    visit_id: v.visit_id,
                    due: v.due,
                    time: show_time(v.due),
                    person: l.person_name(v.person_id),
                    minutes: v.duration_minutes,
                    typed: match (was, &board) {
                        (Some(w), _) => Typed {
                            outcome: w.outcome.as_str().into(),
                            arrived: shown(w.arrived_at),
                            departed: shown(w.departed_at),
                            note: w.note.clone(),
                        },
                        (None, Some(b)) => Typed {
                            outcome: b.outcome.as_str().into(),
                            arrived: shown(b.arrived),
                            departed: shown(b.departed),
                            note: b.note.clone(),
                        },
                        (None, None) => Typed::default(),
                    },
                    problem: None,
                    from_board: board.map(|b| {
                        format!(
                            "From the board: {} at {} by {}",
                            b.last.status.label(),
                            show_time(b.last.at),
                            b.last.by
                        )
                    }),
                }
            })
            .collect();
        VisitForm { day, rows }
    }

    /// What was posted, row by row, matched by visit: a visit no longer planned is dropped
    /// (its row is not shown to be typed in).
    fn take_post(&mut self, post: &FormBody) {
        let field = |name: String| post.get(&name).unwrap_or("").trim().to_string();
        for (index, row) in self.rows.iter_mut().enumerate() {
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

    /// The records to save, or `None` with each bad box marked.
    fn read(&mut self) -> Option<Vec<NewVisitRecord>> {
        let mut records = Vec::new();
        for r in &mut self.rows {
            match checked(self.day, r) {
                Ok(Some(record)) => records.push(record),
                Ok(None) => {}
                Err(p) => r.problem = Some(p),
            }
        }
        self.rows.iter().all(|r| r.problem.is_none()).then_some(records)
    }

    fn views(&self) -> Vec<VisitRowView> {
        self.rows
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

    fn problems(&self) -> Vec<SheetProblem> {
        problem_list(self.rows.iter().enumerate().filter_map(|(i, r)| {
            let p = r.problem.as_ref()?;
            Some((format!("{}_{i}", p.field), format!("{} at {}", r.person, r.time), p))
        }))
    }
}

/// One row's record, `None` when the row is blank, or its first bad box.
fn checked(day: Date, r: &Row) -> Result<Option<NewVisitRecord>, FieldProblem> {
    let t = &r.typed;
    let bad = |field, text: String| FieldProblem { field, text };
    if t.outcome.is_empty() {
        if t.arrived.is_empty() && t.departed.is_empty() && t.note.is_empty() {
            return Ok(None);
        }
        return Err(bad("outcome", "choose the outcome, or clear the row".into()));
    }
    let outcome = VisitOutcome::parse(&t.outcome).map_err(|e| bad("outcome", e))?;
    let arrived_at = sheet_time::written(day, &t.arrived, Some(r.due)).map_err(|e| bad("arrived", e))?;
    let departed_at = sheet_time::written(day, &t.departed, Some(r.due)).map_err(|e| bad("departed", e))?;
    if let (Some(a), Some(d)) = (arrived_at, departed_at)
        && d < a
    {
        return Err(bad("departed", "left before arriving: check the times".into()));
    }
    if t.note.chars().count() > 500 {
        return Err(bad("note", "the note is longer than 500 characters: shorten it".into()));
    }
    Ok(Some(NewVisitRecord {
        visit_id: r.visit_id,
        outcome,
        arrived_at,
        departed_at,
        note: t.note.clone(),
    }))
}

async fn visits_page(
    state: &AppState,
    me: &CurrentUser,
    l: &Loaded,
    service_id: i64,
    form: &VisitForm,
    status: StatusCode,
) -> Result<Response, AppError> {
    let service = state
        .app
        .store
        .get(EntityKind::Service, service_id)
        .await?
        .record
        .title();
    let page = VisitEntryPage {
        chrome: chrome(state, me, &format!("Visits: {service}"), "/disruptions").await?,
        back_url: format!("/disruptions/{}/entry", l.disruption.id),
        service,
        day: day_label(form.day),
        problems: form.problems(),
        rows: form.views(),
        entered: entered_line(sheet(l, SheetKind::Visits, service_id, form.day)),
        times: time_boxes(form.day),
        locked: l.entry_lock(me.user.role).map(str::to_string),
        from_board: form.rows.iter().filter(|r| r.from_board.is_some()).count(),
    };
    render(&page, status)
}

fn ensure_service(l: &Loaded, me: &CurrentUser, service_id: i64) -> Result<(), AppError> {
    if l.disruption.services.contains(&service_id) && me.user.access.allows(service_id) {
        Ok(())
    } else {
        Err(AppError::NotFound("That service is not in this disruption".into()))
    }
}

pub async fn visits(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, service_id, day)): Path<(i64, i64, String)>,
) -> Result<Response, AppError> {
    let day = parse_day(&day)?;
    let l = lantern_app::reconciliation::visible(&state.app, &me.user, id).await?;
    ensure_service(&l, &me, service_id)?;
    let form = VisitForm::load(&l, service_id, day);
    visits_page(&state, &me, &l, service_id, &form, StatusCode::OK).await
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
    ensure(me.user.role.can_respond(), RESPOND)?;
    let day = parse_day(&day)?;
    let l = lantern_app::reconciliation::visible(&state.app, &me.user, id).await?;
    ensure_service(&l, &me, service_id)?;
    l.ensure_may_enter(me.user.role)?;
    let mut form = VisitForm::load(&l, service_id, day);
    form.take_post(&post);
    let Some(records) = form.read() else {
        return visits_page(&state, &me, &l, service_id, &form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    state
        .app
        .store
        .save_visit_sheet(id, service_id, day, &records, &me.actor(), state.app.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/disruptions/{id}/entry?saved=1")).into_response())
}
