//! The downtime report of a disruption, assembled from the store and the reconciliation into
//! lantern-core's `ReportDocument`: the HTML page, the PDF and the API all show this one value.

use crate::Error;
use crate::disruptions::{cqc_prompt, family_lines_in, targets, until};
use crate::reconciliation::{Loaded, action_label, raises_follow_up};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::disruption::VisitStatus;
use lantern_core::disruption::clocks::{ClockState, SystemClock, system_clocks};
use lantern_core::disruption::cqc::{REGULATION, Urgency};
use lantern_core::disruption::report::{
    ReentryDose, ReportCall, ReportDocument, ReportEntry, ReportFinding, ReportPerson, ReportSheet, ReportSystem,
    ReportVisits,
};
use lantern_core::reconcile::{Severity, due_doses};
use lantern_core::schedule::{show_minutes, show_moment, show_time};
use lantern_store::{SheetKind, Store};
use std::collections::HashMap;

/// A system's line in the report, judged by the same clock rule as the disruption page.
fn system_outcome(c: &SystemClock, restored: bool) -> String {
    let verb = if restored { "Restored" } else { "Still down" };
    let minutes = c.elapsed_minutes;
    match c.state {
        ClockState::PastMtpd => format!(
            "{verb}: past its MTPD ({} h) by {}",
            c.mtpd_hours,
            show_minutes(minutes - c.mtpd_hours * 60)
        ),
        ClockState::PastRto => format!(
            "{verb}: past its RTO ({} h) by {}, within its MTPD",
            c.rto_hours,
            show_minutes(minutes - c.rto_hours * 60)
        ),
        ClockState::WithinRto => format!("{verb} within its RTO ({} h)", c.rto_hours),
    }
}

/// The report as it stands at `now`, made by `by`, of what `l` holds: a reconciliation narrowed
/// to a user's services gives a report of those services only (timeline, calls and counts too).
pub async fn build(store: &Store, l: &Loaded, now: Timestamp, by: &str) -> Result<ReportDocument, Error> {
    let d = &l.disruption;
    let end = until(d, now);
    let minutes = (end.as_second() - d.started_at.as_second()).max(0) / 60;
    let systems = targets(store, &d.systems).await?;
    let clocks = system_clocks(d.started_at, end, &systems);
    let cqc = match (&d.cqc_notified_at, cqc_prompt(d, end, &systems)) {
        (Some(at), _) => format!(
            "Notified {} by {}{}",
            show_moment(*at),
            d.cqc_notified_by.clone().unwrap_or_default(),
            d.cqc_reference
                .clone()
                .filter(|r| !r.is_empty())
                .map(|r| format!(", reference {r}"))
                .unwrap_or_default()
        ),
        (None, Some(p)) if p.urgency == Urgency::NotifyNow => {
            format!("REQUIRED and not yet recorded. {}", p.reason)
        }
        (None, Some(p)) => format!("Not recorded. {}", p.reason),
        (None, None) => "Not recorded as required: the provider judged that safe care was not threatened, and no 24-hour rule (utilities, safety equipment) applied".into(),
    };
    let mut services = Vec::new();
    for s in &d.services {
        services.push(store.get(EntityKind::Service, *s).await?.record.title());
    }
    let service_names: HashMap<i64, String> = d.services.iter().copied().zip(services.iter().cloned()).collect();
    let timeline = crate::disruptions::timeline(store, &l.access, d.id).await?;
    let due = due_doses(l.period, &l.medicines);
    let people = l
        .people
        .iter()
        .map(|(id, p)| ReportPerson {
            name: p.title(),
            service: p
                .int("service_id")
                .and_then(|s| service_names.get(&s).cloned())
                .unwrap_or_default(),
            risk: p.text("risk_tier").to_string(),
            doses_due: due.iter().filter(|x| x.person_id == *id).count(),
            doses_recorded: l.doses.iter().filter(|r| r.dose.person_id == *id).count(),
            findings: l.findings.iter().filter(|f| f.person_id == *id).count(),
        })
        .collect();
    let sheets = l
        .sheets
        .iter()
        .map(|s| ReportSheet {
            sheet: match s.kind {
                SheetKind::Mar => format!("MAR: {}, {}", l.person_name(s.subject_id), s.day.strftime("%a %-d %b")),
                SheetKind::Visits => format!(
                    "Visits: {}, {}",
                    service_names.get(&s.subject_id).cloned().unwrap_or_default(),
                    s.day.strftime("%a %-d %b")
                ),
            },
            entered_by: s.entered_by.clone(),
            entered_at: show_moment(s.entered_at),
            records: usize::try_from(s.records).unwrap_or(0),
        })
        .collect();
    let findings: Vec<ReportFinding> = l
        .findings
        .iter()
        .map(|f| ReportFinding {
            person: l.person_name(f.person_id),
            severity: f.severity.label().into(),
            kind: f.kind.label().into(),
            explanation: f.explanation.clone(),
            next_step: f.next_step.clone(),
            resolution: crate::reconciliation::resolution_text(l, &f.key).unwrap_or_default(),
            not_given: f.kind.is_not_given(),
        })
        .collect();
    let statuses = latest_statuses_by_store(store, d.id).await?;
    let visits = ReportVisits {
        planned: l.visits.len(),
        completed: count_status(&statuses, &l.visits, VisitStatus::Completed),
        missed: count_status(&statuses, &l.visits, VisitStatus::Missed),
        cancelled: count_status(&statuses, &l.visits, VisitStatus::Cancelled),
        not_recorded: l.visits.iter().filter(|v| !statuses.contains_key(&v.visit_id)).count(),
    };
    let calls = report_calls(store, l).await?;
    // What was kept at closing, narrowed to the services of the report.
    let left_open = d.left_open.within(&d.services).items();
    let summary = l.summary();
    let outstanding = family_lines_in(store, &l.access, d)
        .await?
        .iter()
        .filter(|f| !f.done)
        .count();
    let actions = l
        .findings
        .iter()
        .filter_map(|f| l.resolutions.get(&f.key).map(|r| (f, r)))
        .filter(|(_, r)| raises_follow_up(&r.action))
        .map(|(f, r)| {
            format!(
                "{}: {} — {} ({})",
                l.person_name(f.person_id),
                action_label(&r.action),
                r.note,
                r.by
            )
        })
        .collect();
    Ok(ReportDocument {
        organisation: store.organisation().await?.unwrap_or_default(),
        title: format!("Downtime report: {}", d.title),
        kind: d.kind.label().into(),
        scenario: d.scenario.label().into(),
        coordinator: d.coordinator.clone(),
        started: show_moment(d.started_at),
        detected: show_moment(d.detected_at),
        declared: format!("{} by {}", show_moment(d.declared_at), d.declared_by),
        restored: d
            .restored_at
            .map(show_moment)
            .unwrap_or_else(|| "Still in progress".into()),
        duration: show_minutes(minutes),
        generated: show_moment(now),
        generated_by: by.to_string(),
        services,
        systems: clocks
            .iter()
            .map(|c| ReportSystem {
                name: c.name.clone(),
                rto_hours: c.rto_hours,
                mtpd_hours: c.mtpd_hours,
                outcome: system_outcome(c, d.restored_at.is_some()),
            })
            .collect(),
        cqc,
        cqc_rule: REGULATION.into(),
        timeline: timeline
            .iter()
            .map(|t| ReportEntry {
                at: show_moment(t.at),
                kind: t.kind.label().into(),
                author: t.author.clone(),
                text: t.text.clone(),
                corrects: t
                    .corrects
                    .and_then(|c| timeline.iter().find(|x| x.id == c))
                    .map(|c| format!("Corrects the entry of {}", show_time(c.at)))
                    .unwrap_or_default(),
            })
            .collect(),
        people,
        sheets,
        finding_counts: [Severity::High, Severity::Medium, Severity::Low]
            .iter()
            .map(|s| {
                (
                    s.label().to_string(),
                    l.findings.iter().filter(|f| f.severity == *s).count(),
                )
            })
            .collect(),
        findings,
        sign_off: match (l.signed_off(), l.sign_offs.last()) {
            (Some(s), _) => format!(
                "Signed off by {} on {}{}. {}",
                s.by,
                show_moment(s.at),
                if summary.nothing_due { " as nothing due" } else { "" },
                s.note
            )
            .trim()
            .to_string(),
            (None, Some(s)) => format!(
                "Signed off by {} on {}, but the findings have changed since: not signed off as they stand",
                s.by,
                show_moment(s.at)
            ),
            (None, None) => "Not signed off yet".into(),
        },
        doses: summary,
        visits,
        calls_outstanding: outstanding,
        calls,
        actions,
        left_open,
    })
}

async fn latest_statuses_by_store(store: &Store, id: i64) -> Result<HashMap<i64, VisitStatus>, Error> {
    let mut out = HashMap::new();
    for s in store.visit_statuses(id).await? {
        out.insert(s.visit_id, s.status);
    }
    for r in store.visit_records(id).await? {
        let status = match r.record.outcome {
            lantern_core::reconcile::VisitOutcome::Completed => VisitStatus::Completed,
            lantern_core::reconcile::VisitOutcome::Cancelled => VisitStatus::Cancelled,
            _ => VisitStatus::Missed,
        };
        out.insert(r.record.visit_id, status);
    }
    Ok(out)
}

fn count_status(
    statuses: &HashMap<i64, VisitStatus>,
    visits: &[lantern_core::reconcile::PlannedVisit],
    wanted: VisitStatus,
) -> usize {
    visits
        .iter()
        .filter(|v| statuses.get(&v.visit_id) == Some(&wanted))
        .count()
}

async fn report_calls(store: &Store, l: &Loaded) -> Result<Vec<ReportCall>, Error> {
    let mut out = Vec::new();
    for c in store.family_calls(l.disruption.id).await? {
        let contact = store.get(EntityKind::Contact, c.contact_id).await?;
        // Only calls about the people of the report's services.
        let Some(person) = contact
            .record
            .int("person_id")
            .filter(|p| l.people.contains_key(p))
            .map(|p| l.person_name(p))
        else {
            continue;
        };
        out.push(ReportCall {
            at: show_moment(c.at),
            person,
            contact: format!(
                "{} ({})",
                contact.record.text("name"),
                contact.record.text("relationship")
            ),
            outcome: c.outcome.label().into(),
            by: c.by,
            note: c.note,
        });
    }
    Ok(out)
}

/// The entered dose records, for re-entry into the care system.
pub async fn reentry(store: &Store, l: &Loaded) -> Result<Vec<ReentryDose>, Error> {
    let sheets: HashMap<i64, (String, Timestamp)> = store
        .entered_sheets(l.disruption.id)
        .await?
        .into_iter()
        .map(|s| (s.id, (s.entered_by, s.entered_at)))
        .collect();
    let mut external: HashMap<(EntityKind, i64), String> = HashMap::new();
    let mut out = Vec::new();
    for r in l.doses.iter().filter(|r| l.people.contains_key(&r.dose.person_id)) {
        let d = &r.dose;
        let person = l.people.get(&d.person_id);
        let medicine = d.medicine_id.and_then(|m| l.medicine_records.get(&m));
        for (kind, id) in [
            (EntityKind::Person, Some(d.person_id)),
            (EntityKind::Medicine, d.medicine_id),
        ] {
            if let Some(id) = id
                && !external.contains_key(&(kind, id))
            {
                let source = store
                    .get(kind, id)
                    .await
                    .ok()
                    .and_then(|s| s.external_id)
                    .unwrap_or_default();
                external.insert((kind, id), source);
            }
        }
        let (entered_by, entered_at) = sheets.get(&r.sheet_id).cloned().unwrap_or_default();
        let stamp = |t: Option<Timestamp>| t.map(|t| t.to_string()).unwrap_or_default();
        out.push(ReentryDose {
            record_id: r.id,
            person_id: d.person_id,
            person: l.person_name(d.person_id),
            nhs_number: person
                .map(|p| p.get("nhs_number").text().replace(' ', ""))
                .unwrap_or_default(),
            person_source_id: external
                .get(&(EntityKind::Person, d.person_id))
                .cloned()
                .unwrap_or_default(),
            medicine_id: d.medicine_id,
            medicine_source_id: d
                .medicine_id
                .and_then(|m| external.get(&(EntityKind::Medicine, m)).cloned())
                .unwrap_or_default(),
            medicine: d
                .medicine_id
                .and_then(|m| l.medicines.iter().find(|x| x.medicine_id == m))
                .map(|m| m.label.clone())
                .unwrap_or_default(),
            dose: medicine.map(|m| m.text("dose").to_string()).unwrap_or_default(),
            route: medicine.map(|m| m.get("route").text()).unwrap_or_default(),
            outcome: d.outcome.as_str().into(),
            given_at: stamp(
                d.given_at
                    .or(if d.outcome == lantern_core::reconcile::DoseOutcome::Given {
                        d.due_at
                    } else {
                        None
                    }),
            ),
            due_at: stamp(d.due_at),
            initials: d.initials.clone(),
            note: d.note.clone(),
            entered_by,
            entered_at: entered_at.to_string(),
            disruption_id: l.disruption.id,
        });
    }
    Ok(out)
}
