//! The risk register's governance: the heat map, reviews (who, when, the scores then), overdue
//! reviews, and raising or re-scoring a risk in one step from a disruption or drill that
//! tested it (risk_tests).

use crate::access::ensure_visible;
pub use crate::risk_tests::Tested;
use crate::risk_tests::tested_by;
use crate::{App, Error};
use jiff::ToSpan;
use jiff::civil::Date;
use lantern_core::govern::risks::{Basis, RiskLine, heat_map};
use lantern_core::{EntityKind, FieldErrors, Input, InputVal, Record};
use lantern_store::{Actor, ListQuery, NewReview, ReviewSource, RiskReview, Stored, User};

/// The heat map as a user may see it: their services' risks and the organisation's.
#[derive(Debug, Clone)]
pub struct HeatMap {
    pub basis: Basis,
    /// `cells[likelihood - 1][impact - 1]`: the risks scored there.
    pub cells: [[Vec<i64>; 5]; 5],
    pub risks: Vec<RiskLine>,
    /// Open risks whose review date has passed, oldest first.
    pub overdue: Vec<RiskLine>,
}

async fn visible_risks(app: &App, user: &User) -> Result<Vec<RiskLine>, Error> {
    let q = ListQuery {
        access: user.access.clone(),
        ..Default::default()
    };
    let all = crate::packs::all(&app.store, EntityKind::Risk, q).await?;
    Ok(all.iter().filter_map(|r| RiskLine::parse(r.id, &r.record)).collect())
}

pub async fn heat(app: &App, user: &User, basis: Basis) -> Result<HeatMap, Error> {
    let risks = visible_risks(app, user).await?;
    let today = app.clock.today();
    let mut overdue: Vec<RiskLine> = risks.iter().filter(|r| r.review_overdue(today)).cloned().collect();
    overdue.sort_by_key(|r| r.review_date);
    Ok(HeatMap {
        basis,
        cells: heat_map(&risks, basis),
        risks,
        overdue,
    })
}

/// A risk and its reviews, newest first.
pub async fn reviews(app: &App, user: &User, risk_id: i64) -> Result<(Stored, Vec<RiskReview>), Error> {
    let stored = app.store.get(EntityKind::Risk, risk_id).await?;
    ensure_visible(user, EntityKind::Risk, stored.service_id)?;
    Ok((stored, app.store.risk_reviews(risk_id).await?))
}

/// What a review sets: the scores with controls (and before, when they changed), the status,
/// the next review date and what was found. Empty texts keep the risk's current values.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// The version of the risk the reviewer saw (refused if it changed since).
    pub version: i64,
    #[serde(default)]
    pub inherent_likelihood: String,
    #[serde(default)]
    pub inherent_impact: String,
    pub residual_likelihood: String,
    pub residual_impact: String,
    /// `open`, `treating`, `tolerated` or `closed`.
    #[serde(default)]
    pub status: String,
    /// YYYY-MM-DD, today or later.
    pub next_review: String,
    /// What the review found.
    pub note: String,
    /// The disruption that tested the risk, if any.
    #[serde(default)]
    pub disruption_id: Option<i64>,
    /// The held drill that tested the risk, if any (not with a disruption).
    #[serde(default)]
    pub drill_id: Option<i64>,
}

fn ensure_editor(user: &User) -> Result<(), Error> {
    crate::access::ensure_editor(user)
}

/// The risk with the review's values put in, parsed by the register's own rules.
fn reviewed(current: &Record, input: &ReviewInput, today: Date) -> Result<Record, Error> {
    let mut raw: Input = current.to_input();
    let mut set = |field: &str, value: &str| {
        if !value.trim().is_empty() {
            raw.insert(field.into(), InputVal::One(value.trim().to_string()));
        }
    };
    set("inherent_likelihood", &input.inherent_likelihood);
    set("inherent_impact", &input.inherent_impact);
    set("residual_likelihood", &input.residual_likelihood);
    set("residual_impact", &input.residual_impact);
    set("status", &input.status);
    set("review_date", &input.next_review);
    let mut errors = FieldErrors::default();
    if input.next_review.trim().is_empty() {
        errors.add("review_date", "enter when it is next reviewed");
    }
    if input.note.trim().is_empty() {
        errors.add("note", "say what the review found");
    } else if input.note.chars().count() > 4000 {
        errors.add("note", "keep this under 4,000 characters");
    }
    let record = Record::parse(EntityKind::Risk, &raw).map_err(|mut e| {
        e.0.extend(std::mem::take(&mut errors.0));
        Error::Invalid(e)
    })?;
    if let Some(d) = record.date("review_date")
        && d < today
        && !input.next_review.trim().is_empty()
    {
        errors.add("review_date", "the next review cannot be in the past");
    }
    if errors.is_empty() {
        Ok(record)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Records a review of a risk.
pub async fn review(app: &App, user: &User, actor: &Actor, risk_id: i64, input: &ReviewInput) -> Result<(), Error> {
    ensure_editor(user)?;
    let (stored, _) = reviews(app, user, risk_id).await?;
    if stored.ended_at.is_some() {
        return Err(Error::Conflict(
            "This risk is closed in the register: restore it to review it.".into(),
        ));
    }
    let record = reviewed(&stored.record, input, app.clock.today())?;
    let source = match (input.disruption_id, input.drill_id) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "drill_id",
                "a review comes from a disruption or a drill, not both",
            ));
        }
        (Some(id), None) => Some(Tested::Disruption(id)),
        (None, Some(id)) => Some(Tested::Drill(id)),
        (None, None) => None,
    };
    let source = match source {
        Some(t) => tested_by(app, user, t).await?.tested.source(),
        None => ReviewSource::default(),
    };
    let note = input.note.trim();
    Ok(app
        .store
        .review_risk(
            risk_id,
            input.version,
            NewReview {
                record: &record,
                note,
                source,
            },
            actor,
            app.clock.now(),
        )
        .await?)
}

/// A new risk raised from a disruption or a held drill, in one step: it gives the cause, the
/// service (when it touched one), the systems, and the review that links them.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RaiseInput {
    pub name: String,
    pub effect_on_care: String,
    pub likelihood: String,
    pub impact: String,
    #[serde(default)]
    pub controls: String,
    /// Who keeps it under review; the person raising it when empty.
    #[serde(default)]
    pub owner: String,
    /// What the disruption or drill showed.
    pub note: String,
}

/// Raises a risk from what `tested` it; answers the new risk's id.
pub async fn raise(app: &App, user: &User, actor: &Actor, tested: Tested, input: &RaiseInput) -> Result<i64, Error> {
    ensure_editor(user)?;
    let d = tested_by(app, user, tested).await?;
    let today = app.clock.today();
    let mut raw = Input::new();
    let mut one = |field: &str, value: String| {
        raw.insert(field.into(), InputVal::One(value));
    };
    one("name", input.name.trim().to_string());
    one("cause", d.cause.clone());
    one("effect_on_care", input.effect_on_care.trim().to_string());
    for prefix in ["inherent", "residual"] {
        one(&format!("{prefix}_likelihood"), input.likelihood.trim().to_string());
        one(&format!("{prefix}_impact"), input.impact.trim().to_string());
    }
    one("controls", input.controls.trim().to_string());
    let owner = match input.owner.trim() {
        "" => actor.label.clone(),
        o => o.to_string(),
    };
    one("owner", owner);
    one(
        "review_date",
        today.checked_add(3.months()).unwrap_or(today).to_string(),
    );
    one("status", "open".into());
    if let [only] = d.services.as_slice() {
        one("service_id", only.to_string());
    }
    raw.insert(
        "systems".into(),
        InputVal::Many(d.systems.iter().map(i64::to_string).collect()),
    );
    let mut record = Record::parse(EntityKind::Risk, &raw).map_err(|mut e| {
        // The form asks for one likelihood and impact: name its boxes, not the register's.
        for (from, to) in [
            ("inherent_likelihood", "likelihood"),
            ("inherent_impact", "impact"),
            ("residual_likelihood", "likelihood"),
            ("residual_impact", "impact"),
        ] {
            if let Some(m) = e.0.remove(from) {
                e.0.entry(to.to_string()).or_insert(m);
            }
        }
        Error::Invalid(e)
    })?;
    if input.note.trim().is_empty() {
        return Err(Error::invalid("note", format!("say what the {} showed", tested.noun())));
    }
    if record.int("service_id").is_some_and(|s| !user.access.allows(s)) {
        record.set("service_id", lantern_core::Val::Empty);
    }
    let source = tested.source();
    Ok(app
        .store
        .raise_risk(
            NewReview {
                record: &record,
                note: input.note.trim(),
                source,
            },
            actor,
            app.clock.now(),
        )
        .await?)
}
