//! Post-incident reviews (issue [11], point 1), for the pages and the API alike: the review of a
//! closed disruption or a held drill, first drafted from its record (the timeline the reviewer
//! may read, or the drill's findings), the actions it raised and the risks it re-scored. Only a
//! closed disruption or a held drill is reviewed; managers and administrators write it.

use crate::risk_tests::Tested;
use crate::{App, Error};
use lantern_core::care::{Choice, DrillStatus};
use lantern_core::govern::drill_briefs::injects;
use lantern_core::govern::incident_review::{DisruptionStory, ReviewStatus, ReviewText, draft_what_happened};
use lantern_core::{EntityKind, Record};
use lantern_store::{Actor, IncidentReview, ListQuery, Stored, User};

/// What is reviewed, as the user may see it.
#[derive(Debug, Clone)]
pub struct Subject {
    pub tested: Tested,
    pub title: String,
    /// The one service it belongs to, if one (the audit line and the actions' service).
    pub service_id: Option<i64>,
    /// Why it cannot be reviewed yet (still open, or only planned); none when it can.
    pub not_yet: Option<&'static str>,
    /// The first draft of "what happened", from the record.
    pub draft: String,
}

/// A review as its page and the API show it.
#[derive(Debug, Clone)]
pub struct Reviewing {
    pub subject: Subject,
    /// None until someone saves it.
    pub saved: Option<IncidentReview>,
    /// The saved text, or the first draft.
    pub text: ReviewText,
    /// The actions raised from it, soonest due first.
    pub actions: Vec<Stored>,
}

const STILL_OPEN: &str = "This disruption is still open: close it first, then review it.";
const PLANNED: &str = "This drill is still planned: record it as held, then review it.";

async fn subject(app: &App, user: &User, tested: Tested) -> Result<Subject, Error> {
    match tested {
        Tested::Disruption(id) => {
            let d = crate::disruptions::visible(app, user, id).await?;
            let timeline = crate::disruptions::timeline(&app.store, &user.access, id).await?;
            let draft = draft_what_happened(&DisruptionStory {
                title: &d.title,
                summary: &d.summary,
                started_at: d.started_at,
                declared_by: &d.declared_by,
                restored_at: d.restored_at,
                closed_at: d.closed_at,
                closing_note: d.closing_note.as_deref(),
                timeline: timeline.iter().map(|t| (t.at, t.text.as_str())).collect(),
            });
            Ok(Subject {
                tested,
                title: d.title.clone(),
                service_id: match d.services.as_slice() {
                    [only] => Some(*only),
                    _ => None,
                },
                not_yet: d.closed_at.is_none().then_some(STILL_OPEN),
                draft,
            })
        }
        Tested::Drill(id) => {
            let d = crate::drills::visible(app, user, id).await?;
            let r = &d.stored.record;
            let held = DrillStatus::from_code(r.text("status")) == Some(DrillStatus::Held);
            Ok(Subject {
                tested,
                title: r.title(),
                service_id: d.stored.service_id,
                not_yet: (!held).then_some(PLANNED),
                draft: drill_draft(r),
            })
        }
    }
}

/// A drill's first draft: what kind, when, the injects read out and what was found.
fn drill_draft(r: &Record) -> String {
    let mut lines = vec![format!(
        "{} ({}, {}).",
        r.title(),
        crate::drills::type_label(r),
        r.date("date")
            .map(|d| d.strftime("%-d %B %Y").to_string())
            .unwrap_or_default()
    )];
    let used = injects(r.text("injects_used"));
    if !used.is_empty() {
        lines.push("Injects read out:".into());
        lines.extend(used.iter().map(|i| format!("- {i}")));
    }
    if !r.text("findings").trim().is_empty() {
        lines.push(format!("What was found: {}", r.text("findings").trim()));
    }
    lines.join("\n")
}

/// The actions raised from `tested`: a drill's by their drill, a disruption's by its number.
pub async fn actions_of(app: &App, user: &User, tested: Tested) -> Result<Vec<Stored>, Error> {
    let parent = match tested {
        Tested::Disruption(id) => ("disruption_id", id),
        Tested::Drill(id) => ("drill_id", id),
    };
    let q = ListQuery {
        parent: Some(parent),
        access: user.access.clone(),
        limit: 500,
        ..Default::default()
    };
    let mut items = app.store.list(EntityKind::Action, &q).await?.items;
    items.sort_by_key(|a| (a.record.date("due_date"), a.id));
    Ok(items)
}

/// The review of `tested` (or its first draft), audited as a view: it may name people.
pub async fn open(app: &App, user: &User, actor: &Actor, tested: Tested) -> Result<Reviewing, Error> {
    let subject = subject(app, user, tested).await?;
    let saved = app.store.incident_review(tested.source()).await?;
    let text = match &saved {
        Some(s) => s.text.clone(),
        None => ReviewText {
            what_happened: subject.draft.clone(),
            ..Default::default()
        },
    };
    let actions = actions_of(app, user, tested).await?;
    let about = match tested {
        Tested::Disruption(_) => None,
        Tested::Drill(id) => Some((EntityKind::Drill, id, subject.service_id)),
    };
    crate::audit::seen(
        app,
        actor,
        "view",
        format!("Read the post-incident review of {} {}", tested.noun(), subject.title),
        about,
    )
    .await?;
    Ok(Reviewing {
        subject,
        saved,
        text,
        actions,
    })
}

/// What a save sends: the four sections, whether it completes the review, and the version it
/// was written over (0 for the first save).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentReviewInput {
    pub version: i64,
    #[serde(default)]
    pub what_happened: String,
    #[serde(default)]
    pub went_well: String,
    #[serde(default)]
    pub weaknesses: String,
    #[serde(default)]
    pub lessons: String,
    /// True to complete it (then what happened and the lessons are needed); false keeps a draft.
    #[serde(default)]
    pub complete: bool,
}

impl IncidentReviewInput {
    pub fn text(&self) -> ReviewText {
        ReviewText {
            what_happened: self.what_happened.clone(),
            went_well: self.went_well.clone(),
            weaknesses: self.weaknesses.clone(),
            lessons: self.lessons.clone(),
        }
    }
}

/// Saves the review of `tested`.
pub async fn save(
    app: &App,
    user: &User,
    actor: &Actor,
    tested: Tested,
    input: &IncidentReviewInput,
) -> Result<IncidentReview, Error> {
    crate::access::ensure_editor(user)?;
    let subject = subject(app, user, tested).await?;
    if let Some(why) = subject.not_yet {
        return Err(Error::Conflict(why.into()));
    }
    let status = if input.complete {
        ReviewStatus::Complete
    } else {
        ReviewStatus::Draft
    };
    let text = input.text().checked(status).map_err(Error::Invalid)?;
    Ok(app
        .store
        .save_incident_review(
            tested.source(),
            (&text, status),
            input.version,
            (actor, subject.service_id),
            app.clock.now(),
        )
        .await?)
}

/// The closed disruptions the user may see whose review is not complete yet.
pub async fn awaiting(app: &App, user: &User) -> Result<Vec<lantern_store::DisruptionRow>, Error> {
    let reviewed = app.store.reviewed_disruptions().await?;
    Ok(crate::disruptions::list_visible(app, user)
        .await?
        .into_iter()
        .filter(|d| d.closed_at.is_some() && !reviewed.contains(&d.id))
        .collect())
}
