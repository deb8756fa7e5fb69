//! The downtime report of a disruption, assembled from the store and the reconciliation into
//! lantern-core's `ReportDocument`: the HTML page, the PDF and the API all show this one value.

use crate::Error;
use crate::disruptions::{family_lines_in, read_all, read_one, targets};
use crate::reconciliation::{Loaded, action_label, raises_follow_up};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::care::{Choice, Contact, PersonId, Service, ServiceId};
use lantern_core::disruption::VisitStatus;
use lantern_core::disruption::families::Call;
use lantern_core::disruption::report::{ReentryDose, ReportDocument};
use lantern_core::disruption::report_build::{
    self, CqcNotice, EnteredSheet, ReportFacts, ReportedCall, ReportedDisruption, Resolved, SignOffState, TimelineItem,
};
use lantern_core::reconcile::due_doses;
use lantern_store::Store;
use std::collections::HashMap;

/// The report as it stands at `now`, made by `by`, of what `l` holds: a reconciliation narrowed
/// to a user's services gives a report of those services only (timeline, calls and counts too).
/// Only the loading is here; the wording is lantern-core's (`report_build`).
pub async fn build(store: &Store, l: &Loaded, now: Timestamp, by: &str) -> Result<ReportDocument, Error> {
    let d = &l.disruption;
    let systems = targets(store, &d.systems).await?;
    let mut services = Vec::new();
    for s in &d.services {
        let service = read_one(&store.get(EntityKind::Service, *s).await?, Service::parse, "services")?;
        services.push((ServiceId::new(*s), service.name));
    }
    let timeline = crate::disruptions::timeline(store, &l.access, d.id).await?;
    let timeline: Vec<TimelineItem> = timeline
        .iter()
        .map(|t| TimelineItem {
            id: t.id,
            at: t.at,
            kind: t.kind,
            author: &t.author,
            text: &t.text,
            corrects: t.corrects,
        })
        .collect();
    let people: Vec<(PersonId, &lantern_core::care::Person)> =
        l.people.iter().map(|(id, p)| (PersonId::new(*id), p)).collect();
    let due = due_doses(l.period, &l.medicines);
    let recorded: Vec<PersonId> = l.doses.iter().map(|r| PersonId::new(r.dose.person_id)).collect();
    let resolutions: HashMap<String, Resolved> = l
        .resolutions
        .iter()
        .map(|(key, r)| {
            let resolved = Resolved {
                action: action_label(&r.action),
                follow_up: raises_follow_up(&r.action),
                note: &r.note,
                by: &r.by,
                at: r.at,
            };
            (key.clone(), resolved)
        })
        .collect();
    let sheets: Vec<EnteredSheet> = l
        .sheets
        .iter()
        .map(|s| EnteredSheet {
            sheet: crate::at_start::sheet_of(s),
            entered_by: &s.entered_by,
            entered_at: s.entered_at,
            records: s.records,
        })
        .collect();
    let sign_off = match (l.signed_off(), l.sign_offs.last()) {
        (Some(s), _) => SignOffState::Holds {
            by: &s.by,
            at: s.at,
            note: &s.note,
        },
        (None, Some(s)) => SignOffState::ChangedSince { by: &s.by, at: s.at },
        (None, None) => SignOffState::NotYet,
    };
    let statuses = latest_statuses_by_store(store, d.id).await?;
    let calls = family_calls(store, d.id).await?;
    let outstanding = family_lines_in(store, &l.access, d)
        .await?
        .iter()
        .filter(|f| !f.done)
        .count();
    let organisation = store.organisation().await?.unwrap_or_default();
    let calls: Vec<ReportedCall> = calls
        .iter()
        .map(|(call, contact)| ReportedCall { call, contact })
        .collect();
    Ok(report_build::report(&ReportFacts {
        organisation: &organisation,
        disruption: ReportedDisruption {
            title: &d.title,
            kind: d.kind,
            scenario: d.scenario,
            coordinator: &d.coordinator,
            started_at: d.started_at,
            detected_at: d.detected_at,
            declared_at: d.declared_at,
            declared_by: &d.declared_by,
            restored_at: d.restored_at,
            safe_care: d.safe_care,
            cqc_notified: d.cqc_notified_at.map(|at| CqcNotice {
                at,
                by: d.cqc_notified_by.as_deref().unwrap_or_default(),
                reference: d.cqc_reference.as_deref().unwrap_or_default(),
            }),
            // What was kept at closing, narrowed to the services of the report.
            left_open: d.left_open.within(&d.services).items(),
        },
        services: &services,
        systems: &systems,
        timeline: &timeline,
        people: &people,
        due: &due,
        recorded: &recorded,
        findings: &l.findings,
        resolutions: &resolutions,
        sheets: &sheets,
        sign_off,
        doses: l.summary(),
        visits: &l.visits,
        statuses: &statuses,
        calls: &calls,
        calls_outstanding: outstanding,
        now,
        by,
    }))
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

/// The disruption's family calls with the contact each went to (the report keeps those about
/// its own people).
async fn family_calls(store: &Store, id: i64) -> Result<Vec<(Call, Contact)>, Error> {
    let mut out = Vec::new();
    for c in store.family_calls(id).await? {
        let stored = store.get(EntityKind::Contact, c.contact_id).await?;
        let Some((_, contact)) = read_all([(stored.id, &stored.record)], Contact::parse).pop() else {
            continue;
        };
        let call = Call {
            contact_id: c.contact_id,
            outcome: c.outcome,
            at: c.at,
            by: c.by,
            note: c.note,
        };
        out.push((call, contact));
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
                .and_then(|p| p.nhs_number)
                .map(|n| n.to_string().replace(' ', ""))
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
            dose: medicine.map(|m| m.dose.clone()).unwrap_or_default(),
            route: medicine.map(|m| m.route.code().to_string()).unwrap_or_default(),
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
