//! The paper sheets through the API, by the same operations and rules as the pages
//! (lantern-app's `sheets`): which sheets a disruption has, a person's MAR or a branch's visit
//! sheet for a day as entered so far, and entering one (again) from JSON lines. A sheet with a
//! bad line is refused whole with a 422 naming each line (`doses[2].time`), and nothing is saved.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::recover::recovery::parse_day;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::sheets::{self, DoseLine, MarEntry, Refused, Scope, VisitEntry, VisitLine};
use lantern_store::{SheetKind, SheetRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who entered a sheet last, and when (null before the first entry).
#[derive(Debug, Serialize, ToSchema)]
pub struct Entered {
    #[schema(schema_with = crate::api::schema::moment)]
    pub at: jiff::Timestamp,
    pub by: String,
    pub records: i64,
}

fn entered(s: Option<&SheetRow>) -> Option<Entered> {
    s.map(|s| Entered {
        at: s.entered_at,
        by: s.entered_by.clone(),
        records: s.records,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SheetItem {
    /// `mar` (a person's medicines for a day) or `visits` (a branch's visits for a day).
    #[schema(schema_with = sheet_kind)]
    pub kind: &'static str,
    /// The person of a MAR, the service of a visit sheet.
    pub subject_id: i64,
    #[schema(schema_with = crate::api::schema::day)]
    pub day: jiff::civil::Date,
    pub label: String,
    /// The path to read and enter it.
    pub path: String,
    pub entered: Option<Entered>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SheetList {
    /// Why this user cannot enter sheets (read only, or signed off), if they cannot.
    pub locked: Option<&'static str>,
    pub items: Vec<SheetItem>,
}

fn sheet_kind() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::api::schema::coded([SheetKind::Mar, SheetKind::Visits].map(kind_code))
}

fn kind_code(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Mar => "mar",
        SheetKind::Visits => "visits",
    }
}

pub async fn list(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let scope = Scope::load(&state.app, &user.0, id).await?;
    let items = sheets::list(&state.app, &scope)
        .await?
        .into_iter()
        .map(|s| SheetItem {
            kind: kind_code(s.kind),
            subject_id: s.subject_id,
            day: s.day,
            path: format!(
                "/api/v1/disruptions/{id}/sheets/{}/{}/{}",
                kind_code(s.kind),
                s.subject_id,
                s.day
            ),
            label: s.label,
            entered: entered(s.entered.as_ref()),
        })
        .collect();
    Ok(Json(SheetList {
        locked: scope.lock(user.0.role),
        items,
    })
    .into_response())
}

/// A dose of a MAR as it stands: in the grid (with `due`, the printed time) or at the foot.
#[derive(Debug, Serialize, ToSchema)]
pub struct DoseOut {
    pub medicine_id: Option<i64>,
    pub medicine: String,
    /// The printed time of a dose due (null at the foot).
    pub due: Option<String>,
    pub time_critical: bool,
    /// A dose outcome code, or empty when not entered.
    pub outcome: String,
    /// The time given as written (0805, or 0140 BST on the autumn change).
    pub time: String,
    pub initials: String,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MedicineOut {
    pub id: i64,
    pub label: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarOut {
    pub person_id: i64,
    pub person: String,
    #[schema(schema_with = crate::api::schema::day)]
    pub day: jiff::civil::Date,
    /// Every dose due that day, in the printed MAR's order, with what is entered (blank if not).
    pub due: Vec<DoseOut>,
    /// Doses written at the foot of the sheet.
    pub foot: Vec<DoseOut>,
    /// The medicines a dose at the foot may be of.
    pub medicines: Vec<MedicineOut>,
    pub notes: String,
    pub entered: Option<Entered>,
}

fn mar_out(e: &MarEntry) -> MarOut {
    let label = |id: &str| {
        e.medicines
            .iter()
            .find(|(m, _)| m.to_string() == id)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    MarOut {
        person_id: e.person_id,
        person: e.person.clone(),
        day: e.day,
        due: e
            .rows
            .iter()
            .map(|r| DoseOut {
                medicine_id: Some(r.medicine_id),
                medicine: r.label.clone(),
                due: Some(r.time.to_string()),
                time_critical: r.time_critical,
                outcome: r.typed.outcome.clone(),
                time: r.typed.time.clone(),
                initials: r.typed.initials.clone(),
                note: r.typed.note.clone(),
            })
            .collect(),
        // The blank rows a paper sheet leaves at its foot are not doses.
        foot: e
            .extras
            .iter()
            .filter(|x| !x.medicine.is_empty())
            .map(|x| DoseOut {
                medicine_id: x.medicine.parse().ok(),
                medicine: label(&x.medicine),
                due: None,
                time_critical: false,
                outcome: x.typed.outcome.clone(),
                time: x.typed.time.clone(),
                initials: x.typed.initials.clone(),
                note: x.typed.note.clone(),
            })
            .collect(),
        medicines: e
            .medicines
            .iter()
            .map(|(id, label)| MedicineOut {
                id: *id,
                label: label.clone(),
            })
            .collect(),
        notes: e.notes.clone(),
        entered: entered(e.entered.as_ref()),
    }
}

pub async fn mar(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, person_id, day)): Path<(i64, i64, String)>,
) -> Result<Response, ApiError> {
    let day = parse_day(&day)?;
    let (_, entry) = sheets::open_mar(&state.app, &user.0, &user.actor(), id, person_id, day).await?;
    Ok(Json(mar_out(&entry)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarBody {
    doses: Vec<DoseLine>,
    #[serde(default)]
    notes: String,
}

/// More lines than any paper sheet holds: refused before anything is loaded.
const MAX_LINES: usize = 500;

fn too_many(field: &str, n: usize) -> Result<(), ApiError> {
    if n > MAX_LINES {
        return Err(ApiError(AppError::invalid(
            field,
            format!("{n} lines is more than a paper sheet holds (at most {MAX_LINES})"),
        )));
    }
    Ok(())
}

/// Enters the sheet (again: the last entry is superseded, kept); answers it as now entered.
pub async fn enter_mar(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, person_id, day)): Path<(i64, i64, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let day = parse_day(&day)?;
    let b: MarBody = crate::api::body(&bytes)?;
    too_many("doses", b.doses.len())?;
    let fill = |e: &mut MarEntry| e.fill_lines(&b.doses, &b.notes);
    match sheets::enter_mar(&state.app, &user.0, &user.actor(), (id, person_id, day), fill).await {
        Ok(_) => {
            let (_, now) = sheets::open_mar(&state.app, &user.0, &user.actor(), id, person_id, day).await?;
            Ok((StatusCode::CREATED, Json(mar_out(&now))).into_response())
        }
        Err(Refused::Error(e)) => Err(e.into()),
        Err(Refused::Boxes(e)) => Err(sheets::invalid_lines(e.line_problems()).into()),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitOut {
    pub visit_id: i64,
    /// The planned start, UK time.
    pub time: String,
    pub person: String,
    pub minutes: i64,
    /// A visit outcome code, or empty when not entered.
    pub outcome: String,
    pub arrived: String,
    pub departed: String,
    pub note: String,
    /// What the live board learnt, when the row starts from it (not entered yet).
    pub from_board: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitSheetOut {
    pub service_id: i64,
    #[schema(schema_with = crate::api::schema::day)]
    pub day: jiff::civil::Date,
    pub visits: Vec<VisitOut>,
    pub entered: Option<Entered>,
}

fn visits_out(e: &VisitEntry) -> VisitSheetOut {
    VisitSheetOut {
        service_id: e.service_id,
        day: e.day,
        visits: e
            .rows
            .iter()
            .map(|r| VisitOut {
                visit_id: r.visit_id,
                time: r.time.clone(),
                person: r.person.clone(),
                minutes: r.minutes,
                outcome: r.typed.outcome.clone(),
                arrived: r.typed.arrived.clone(),
                departed: r.typed.departed.clone(),
                note: r.typed.note.clone(),
                from_board: r.from_board.clone(),
            })
            .collect(),
        entered: entered(e.entered.as_ref()),
    }
}

pub async fn visits(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, service_id, day)): Path<(i64, i64, String)>,
) -> Result<Response, ApiError> {
    let day = parse_day(&day)?;
    let (_, entry) = sheets::open_visits(&state.app, &user.0, id, service_id, day).await?;
    Ok(Json(visits_out(&entry)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitsBody {
    visits: Vec<VisitLine>,
}

pub async fn enter_visits(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, service_id, day)): Path<(i64, i64, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let day = parse_day(&day)?;
    let b: VisitsBody = crate::api::body(&bytes)?;
    too_many("visits", b.visits.len())?;
    let fill = |e: &mut VisitEntry| e.fill_lines(&b.visits);
    match sheets::enter_visits(&state.app, &user.0, &user.actor(), (id, service_id, day), fill).await {
        Ok(_) => {
            let (_, now) = sheets::open_visits(&state.app, &user.0, id, service_id, day).await?;
            Ok((StatusCode::CREATED, Json(visits_out(&now))).into_response())
        }
        Err(Refused::Error(e)) => Err(e.into()),
        Err(Refused::Boxes(e)) => Err(sheets::invalid_lines(e.line_problems()).into()),
    }
}

/// The sheet answers, for `components.schemas`.
pub fn schemas(out: &mut serde_json::Map<String, serde_json::Value>) {
    crate::api::schema::add::<SheetList>(out);
    crate::api::schema::add::<MarOut>(out);
    crate::api::schema::add::<VisitSheetOut>(out);
}
