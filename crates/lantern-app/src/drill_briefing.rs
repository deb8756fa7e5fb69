//! A drill's briefing sheet (PDF): the drill, its scenario and injects, and the what-if it is
//! run with — the same figures as the drill page, in the same order. Printing it is audited: it
//! names people, their medicines and their families.

use crate::drills::{self, Drill};
use crate::what_if::Answer;
use crate::what_if_words as words;
use crate::{App, Error};
use lantern_core::govern::briefing::BriefingDocument;
use lantern_core::govern::drill_briefs::injects;
use lantern_core::schedule::show_moment;
use lantern_core::{EntityKind, Record};
use lantern_store::{Actor, User};

fn sections(doc: &mut BriefingDocument, a: &Answer) {
    doc.headline = words::headline(a);
    doc.services = a.services.iter().map(|s| s.name.clone()).collect();
    doc.figures = words::figures(a);
    doc.milestones = words::milestones(a);
    doc.cqc = a.cqc.as_ref().map(|c| c.reason.clone()).unwrap_or_default();
    doc.time_critical = words::time_critical(a);
    doc.families = words::families(a);
    doc.visits = words::visits(a);
    doc.doses = words::doses(a);
    doc.shifts = words::shifts(a);
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
