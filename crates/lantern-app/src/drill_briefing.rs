//! A drill's briefing sheet (PDF): the drill, its scenario and injects, and the what-if it is
//! run with — the same figures as the drill page, in the same order. Printing it is audited: it
//! names people, their medicines and their families.

use crate::drills::{self, Drill};
use crate::what_if::Answer;
use crate::{App, Error};
use lantern_core::care::{Choice, RiskTier};
use lantern_core::govern::briefing::{BriefingDocument, SheetLine};
use lantern_core::govern::drill_briefs::injects;
use lantern_core::schedule::{show_moment, show_time};
use lantern_core::words::count;
use lantern_core::{EntityKind, Record};
use lantern_store::{Actor, User};

/// The drill page's figures, in its order: one list for the screen and the paper.
pub fn figures(a: &Answer) -> Vec<(String, String)> {
    vec![
        (a.doses.len().to_string(), "doses due".into()),
        (a.time_critical_doses.to_string(), "time-critical".into()),
        (a.visits.len().to_string(), "visits".into()),
        (a.shifts.len().to_string(), "shifts on".into()),
        (a.families.len().to_string(), "families to ring".into()),
    ]
}

/// "4 hours from Wed 25 Nov 2026, 07:00: 40 people in 1 service".
pub fn headline(a: &Answer) -> String {
    format!(
        "{} from {}: {} in {}",
        count(usize::try_from(a.window.hours).unwrap_or(0), "hour", "hours"),
        show_moment(a.window.start),
        count(a.people, "person", "people"),
        count(a.services.len(), "service", "services")
    )
}

fn milestones(a: &Answer) -> Vec<String> {
    a.systems
        .iter()
        .map(|s| match (s.passes_rto, s.passes_mtpd) {
            (_, true) => format!(
                "{}: past its MTPD at {} — harm is likely by then",
                s.name,
                show_moment(s.mtpd_at)
            ),
            (true, false) => format!("{}: past its RTO at {}, within its MTPD", s.name, show_moment(s.rto_at)),
            _ => format!("{}: back within its RTO (by {})", s.name, show_moment(s.rto_at)),
        })
        .collect()
}

fn line(when: String, what: impl Into<String>, detail: impl Into<String>) -> SheetLine {
    SheetLine {
        when,
        what: what.into(),
        detail: detail.into(),
    }
}

fn sections(doc: &mut BriefingDocument, a: &Answer) {
    doc.headline = headline(a);
    doc.services = a.services.iter().map(|s| s.name.clone()).collect();
    doc.figures = figures(a);
    doc.milestones = milestones(a);
    doc.cqc = a.cqc.as_ref().map(|c| c.reason.clone()).unwrap_or_default();
    let mut critical: Vec<_> = a.doses.iter().filter(|d| d.time_critical).collect();
    critical.sort_by(|x, y| (x.due_at, &x.person).cmp(&(y.due_at, &y.person)));
    doc.time_critical = critical
        .into_iter()
        .map(|d| line(show_time(d.due_at), d.person.clone(), d.medicine.clone()))
        .collect();
    doc.families = a
        .families
        .iter()
        .map(|f| {
            let tier = RiskTier::from_code(&f.risk_tier).map_or("", |t| t.label());
            line(
                tier.to_string(),
                format!("{} ({}) for {}", f.contact, f.relationship, f.person),
                f.phone.clone(),
            )
        })
        .collect();
    doc.visits = a
        .visits
        .iter()
        .map(|v| line(show_time(v.due_at), v.person.clone(), format!("{} min", v.minutes)))
        .collect();
    doc.doses = a
        .doses
        .iter()
        .map(|d| {
            let mark = if d.time_critical { " ⚠ time-critical" } else { "" };
            line(show_time(d.due_at), d.person.clone(), format!("{}{mark}", d.medicine))
        })
        .collect();
    doc.shifts = a
        .shifts
        .iter()
        .map(|s| line(show_time(s.start), s.staff.clone(), show_time(s.end)))
        .collect();
}

async fn service_name(app: &App, r: &Record) -> String {
    match r.int("service_id") {
        Some(id) => app
            .store
            .get(EntityKind::Service, id)
            .await
            .map(|s| s.record.title())
            .unwrap_or_default(),
        None => "Whole organisation".into(),
    }
}

/// The briefing sheet of drill `d` with the what-if `answer` (none when the drill has none).
pub async fn document(app: &App, d: &Drill, answer: Option<&Answer>) -> Result<BriefingDocument, Error> {
    let r = &d.stored.record;
    let brief = d.brief.as_ref().map(|b| &b.record);
    let used = injects(r.text("injects_used"));
    let mut doc = BriefingDocument {
        organisation: app.store.organisation().await?.unwrap_or_default(),
        drill: r.title(),
        service: service_name(app, r).await,
        date: r
            .date("date")
            .map(|d| d.strftime("%-d %B %Y").to_string())
            .unwrap_or_default(),
        drill_type: drills::type_label(r).to_string(),
        facilitator: drills::staff_names(app, &r.refs("facilitator_id")).await.join(", "),
        participants: drills::staff_names(app, &r.refs("participants")).await,
        scenario: brief.map(Record::title).unwrap_or_default(),
        description: brief.map(|b| b.text("description").to_string()).unwrap_or_default(),
        injects: if used.is_empty() {
            brief.map(|b| injects(b.text("injects"))).unwrap_or_default()
        } else {
            used
        },
        headline: String::new(),
        services: Vec::new(),
        figures: Vec::new(),
        milestones: Vec::new(),
        cqc: String::new(),
        time_critical: Vec::new(),
        families: Vec::new(),
        visits: Vec::new(),
        doses: Vec::new(),
        shifts: Vec::new(),
        generated: show_moment(app.clock.now()),
    };
    if let Some(a) = answer {
        sections(&mut doc, a);
    }
    Ok(doc)
}

/// The briefing sheet of drill `id` as a PDF, from its saved what-if (or the one the page
/// starts from), as the user may see it. Audited as a print of personal data.
pub async fn pdf(app: &App, user: &User, actor: &Actor, id: i64) -> Result<(String, Vec<u8>), Error> {
    let d = drills::visible(app, user, id).await?;
    let answer = match drills::ask_for(&d) {
        Some(ask) => Some(drills::run(app, user, actor, &d, &ask).await?),
        None => None,
    };
    let doc = document(app, &d, answer.as_ref()).await?;
    let now = app.clock.now();
    let permit = crate::packs::RENDERING.acquire().await.map_err(Error::internal)?;
    let rendered = tokio::task::spawn_blocking(move || lantern_pdf::render_briefing(&doc, now))
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)?;
    drop(permit);
    crate::audit::seen(
        app,
        actor,
        "print",
        format!("Printed the briefing sheet of drill {id} (people, medicines and families)"),
        Some((EntityKind::Drill, id, d.stored.service_id)),
    )
    .await?;
    Ok((format!("drill-{id}-briefing.pdf"), rendered.pdf))
}
