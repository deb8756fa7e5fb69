//! What tested a risk — a real disruption or a drill. Either can re-score a risk or raise a new
//! one in one step; the review names it, which is how the register links a risk to the events
//! that tested it. A drill counts once it is held: a planned one has tested nothing yet.

use crate::{App, Error};
use lantern_core::care::{Choice, DrillStatus};
use lantern_core::schedule::show_moment;
use lantern_store::{ReviewSource, User};

/// A disruption or a drill, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tested {
    Disruption(i64),
    Drill(i64),
}

impl Tested {
    /// The source a review from it records.
    pub fn source(self) -> ReviewSource {
        match self {
            Tested::Disruption(id) => ReviewSource {
                disruption_id: Some(id),
                drill_id: None,
            },
            Tested::Drill(id) => ReviewSource {
                disruption_id: None,
                drill_id: Some(id),
            },
        }
    }

    /// What a review names, from what it stored.
    pub fn of(source: &ReviewSource) -> Option<Tested> {
        match (source.disruption_id, source.drill_id) {
            (Some(id), _) => Some(Tested::Disruption(id)),
            (None, Some(id)) => Some(Tested::Drill(id)),
            (None, None) => None,
        }
    }

    /// "disruption" or "drill", as the pages say it.
    pub fn noun(self) -> &'static str {
        match self {
            Tested::Disruption(_) => "disruption",
            Tested::Drill(_) => "drill",
        }
    }

    /// Its page.
    pub fn url(self) -> String {
        match self {
            Tested::Disruption(id) => format!("/disruptions/{id}"),
            Tested::Drill(id) => format!("/drills/{id}"),
        }
    }
}

/// What a risk raised from it takes over.
#[derive(Debug, Clone)]
pub struct TestedBy {
    pub tested: Tested,
    pub title: String,
    /// The new risk's cause: what happened, and when.
    pub cause: String,
    /// The services it touched; empty for the whole organisation.
    pub services: Vec<i64>,
    pub systems: Vec<i64>,
}

/// `tested` as `user` may see it, or "does not exist"; a drill not yet held is refused.
pub async fn tested_by(app: &App, user: &User, tested: Tested) -> Result<TestedBy, Error> {
    match tested {
        Tested::Disruption(id) => {
            let d = crate::disruptions::visible(app, user, id).await?;
            Ok(TestedBy {
                tested,
                cause: format!(
                    "It happened: {} (declared {}). {}",
                    d.title,
                    show_moment(d.started_at),
                    d.summary
                )
                .trim()
                .to_string(),
                title: d.title,
                services: d.services,
                systems: d.systems,
            })
        }
        Tested::Drill(id) => {
            let d = crate::drills::visible(app, user, id).await?;
            let r = &d.stored.record;
            if DrillStatus::from_code(r.text("status")) != Some(DrillStatus::Held) {
                return Err(Error::Conflict(
                    "This drill is still planned: record it as held, with what was found, before it re-scores a risk."
                        .into(),
                ));
            }
            let held = r
                .date("date")
                .map(|d| d.strftime("%-d %B %Y").to_string())
                .unwrap_or_default();
            let mut systems = r.refs("whatif_systems");
            if systems.is_empty() {
                systems = d.brief.as_ref().map(|b| b.record.refs("systems")).unwrap_or_default();
            }
            let findings = r.text("findings").trim().to_string();
            Ok(TestedBy {
                tested,
                title: r.title(),
                cause: format!(
                    "A drill showed it: {} ({}, held {held}). {findings}",
                    r.title(),
                    crate::drills::type_label(r)
                )
                .trim()
                .to_string(),
                services: r.int("service_id").into_iter().collect(),
                systems,
            })
        }
    }
}
