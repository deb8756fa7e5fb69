//! Training coverage as an operation: the register's courses, staff (those marked as left too,
//! so that a past day reads right) and completions, worked out by lantern-core's coverage for
//! today, for the services the user may see — a branch manager sees their branch's only.
//! Reading it is audited: it names staff and what they have not done.

use crate::{App, Error};
use jiff::civil::Date;
use lantern_core::EntityKind;
use lantern_core::govern::training::{self, Cell, Completion, Course, Member, Standing};
use lantern_store::{Actor, ListQuery, Stored, User};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = TrainingService)]
pub struct ServiceRow {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = TrainingCourse)]
pub struct CourseColumn {
    pub id: i64,
    pub name: String,
    pub validity_months: i64,
    /// Months a completion counts here: the shorter of the course's validity and the window.
    pub counts_for_months: i64,
}

/// Someone who needs the course booked: due soon, overdue, or never trained.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StaffToTrain {
    pub staff_id: i64,
    pub name: String,
    /// "due", "overdue" or "never".
    #[schema(pattern = "^(due|overdue|never)$")]
    pub standing: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub completed_on: Option<Date>,
    /// The day the completion stops (or stopped) counting.
    #[schema(value_type = Option<String>, format = Date)]
    pub expires: Option<Date>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoverageCell {
    pub service_id: i64,
    pub course_id: i64,
    /// Staff of the service today for whom the course applies.
    pub counted: usize,
    pub covered: usize,
    /// Whole percent, rounded down; none when nobody is counted.
    pub percent: Option<u8>,
    pub meets_threshold: bool,
    /// Those needing action: overdue and never trained first, then due.
    pub to_train: Vec<StaffToTrain>,
}

/// `GET /api/v1/training/coverage`, and the training page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = TrainingCoverage)]
pub struct Coverage {
    #[schema(value_type = String, format = Date)]
    pub day: Date,
    pub threshold_percent: u8,
    pub window_months: u8,
    pub services: Vec<ServiceRow>,
    pub courses: Vec<CourseColumn>,
    /// Service by service, course by course.
    pub cells: Vec<CoverageCell>,
}

impl Coverage {
    pub fn cell(&self, service_id: i64, course_id: i64) -> Option<&CoverageCell> {
        self.cells
            .iter()
            .find(|c| c.service_id == service_id && c.course_id == course_id)
    }
}

fn to_train(cell: &Cell) -> Vec<StaffToTrain> {
    cell.needing_action()
        .map(|e| {
            let (standing, completed_on, expires) = match e.standing {
                Standing::Due { completed_on, expires } => ("due", Some(completed_on), Some(expires)),
                Standing::Overdue { completed_on, expired } => ("overdue", Some(completed_on), Some(expired)),
                Standing::Never | Standing::Current { .. } => ("never", None, None),
            };
            StaffToTrain {
                staff_id: e.staff_id,
                name: e.name.clone(),
                standing: standing.into(),
                completed_on,
                expires,
            }
        })
        .collect()
}

async fn every(app: &App, kind: EntityKind, include_ended: bool) -> Result<Vec<Stored>, Error> {
    let q = ListQuery {
        limit: 100_000,
        include_ended,
        ..Default::default()
    };
    Ok(app.store.list(kind, &q).await?.items)
}

/// Coverage today for the user's services, or one of them (`only`), audited as seen.
pub async fn coverage(app: &App, user: &User, actor: &Actor, only: Option<i64>) -> Result<Coverage, Error> {
    let c = compute(app, user, only).await?;
    let names: Vec<&str> = c.services.iter().map(|s| s.name.as_str()).collect();
    let detail = format!("Viewed training coverage for {}", names.join(", "));
    crate::audit::seen(app, actor, "view", detail, None).await?;
    Ok(c)
}

/// Coverage today, not audited: for callers that show no one's name (the assurance calendar
/// counts who is due, course by course; readiness, each course's percentage).
pub async fn compute(app: &App, user: &User, only: Option<i64>) -> Result<Coverage, Error> {
    if let Some(s) = only {
        crate::access::ensure_visible(user, EntityKind::Service, Some(s))?;
    }
    let policy = crate::settings::training_policy(app).await?;
    let day = app.clock.today();
    let london = lantern_core::schedule::london();
    let services: Vec<ServiceRow> = every(app, EntityKind::Service, false)
        .await?
        .into_iter()
        .filter(|s| user.access.allows(s.id) && only.is_none_or(|o| o == s.id))
        .map(|s| ServiceRow {
            id: s.id,
            name: s.record.title(),
        })
        .collect();
    let courses: Vec<Course> = every(app, EntityKind::Course, false)
        .await?
        .iter()
        .filter_map(|c| Course::from_record(c.id, &c.record))
        .collect();
    let staff: Vec<Member> = every(app, EntityKind::Staff, true)
        .await?
        .iter()
        .map(|s| {
            let left = s.ended_at.map(|t| t.to_zoned_datetime(london.clone()).date());
            Member::from_record(s.id, &s.record, left)
        })
        .collect();
    let completions: Vec<Completion> = every(app, EntityKind::TrainingRecord, false)
        .await?
        .iter()
        .filter_map(|r| Completion::from_record(&r.record))
        .collect();
    let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
    let cells = training::coverage(&ids, &courses, &policy, &staff, &completions, day)
        .iter()
        .map(|c| CoverageCell {
            service_id: c.service_id,
            course_id: c.course_id,
            counted: c.counted,
            covered: c.covered,
            percent: c.percent,
            meets_threshold: c.meets_threshold,
            to_train: to_train(c),
        })
        .collect();
    let courses = courses
        .iter()
        .map(|c| CourseColumn {
            id: c.id,
            name: c.name.clone(),
            validity_months: c.validity_months,
            counts_for_months: c.months(&policy),
        })
        .collect();
    Ok(Coverage {
        day,
        threshold_percent: policy.threshold_percent,
        window_months: policy.window_months,
        services,
        courses,
        cells,
    })
}
