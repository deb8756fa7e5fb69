//! The downtime report's document, built from plain typed facts: what the application layer
//! loaded about one disruption, narrowed to the services of the reader. Pure, as packs are:
//! no store, no clock (`now` is given), so every wording decision is tested here.

use super::clocks::{ClockState, SystemClock, SystemTarget, system_clocks};
use super::cqc::{self, CqcFacts, REGULATION, Urgency};
use super::families::Call;
use super::report::{
    ReportCall, ReportDocument, ReportEntry, ReportFinding, ReportPerson, ReportSheet, ReportSystem, ReportVisits,
};
use super::{DisruptionKind, EntryKind, SafeCare, Scenario, VisitStatus};
use crate::care::{Choice, Contact, Person, PersonId, ServiceId};
use crate::reconcile::{DoseSummary, DueDose, Finding, PlannedVisit, Severity, Sheet};
use crate::schedule::{show_minutes, show_moment, show_time};
use jiff::Timestamp;
use std::collections::HashMap;

/// The disruption's own values, as its row holds them.
#[derive(Debug, Clone)]
pub struct ReportedDisruption<'a> {
    pub title: &'a str,
    pub kind: DisruptionKind,
    pub scenario: Scenario,
    pub coordinator: &'a str,
    pub started_at: Timestamp,
    pub detected_at: Timestamp,
    pub declared_at: Timestamp,
    pub declared_by: &'a str,
    pub restored_at: Option<Timestamp>,
    pub safe_care: Option<SafeCare>,
    /// When CQC was told, if it was recorded.
    pub cqc_notified: Option<CqcNotice<'a>>,
    /// What was kept open at closing (left_open.rs), already narrowed to the report's services.
    pub left_open: Vec<String>,
}

/// A recorded CQC notification.
#[derive(Debug, Clone, Copy)]
pub struct CqcNotice<'a> {
    pub at: Timestamp,
    pub by: &'a str,
    /// CQC's reference; empty when none was given.
    pub reference: &'a str,
}

/// One timeline entry the reader may see.
#[derive(Debug, Clone)]
pub struct TimelineItem<'a> {
    pub id: i64,
    pub at: Timestamp,
    pub kind: EntryKind,
    pub author: &'a str,
    pub text: &'a str,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
}

/// One paper sheet as entered (its current entry).
#[derive(Debug, Clone)]
pub struct EnteredSheet<'a> {
    pub sheet: Sheet,
    pub entered_by: &'a str,
    pub entered_at: Timestamp,
    pub records: i64,
}

/// What a manager decided about a finding, with the action already in words.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// "Reported as a medication incident".
    pub action: &'a str,
    /// Whether the action raises follow-up (incident, safeguarding, action): listed apart.
    pub follow_up: bool,
    pub note: &'a str,
    pub by: &'a str,
    pub at: Timestamp,
}

/// Where the sign-off stands.
#[derive(Debug, Clone, Copy)]
pub enum SignOffState<'a> {
    /// The findings are the ones that were signed.
    Holds {
        by: &'a str,
        at: Timestamp,
        note: &'a str,
    },
    /// Signed once, but the findings have changed since.
    ChangedSince {
        by: &'a str,
        at: Timestamp,
    },
    NotYet,
}

/// A call to a family, with the contact it went to.
#[derive(Debug, Clone)]
pub struct ReportedCall<'a> {
    pub call: &'a Call,
    pub contact: &'a Contact,
}

/// Everything one report is built from. People are in the order the report lists them.
#[derive(Debug, Clone)]
pub struct ReportFacts<'a> {
    pub organisation: &'a str,
    pub disruption: ReportedDisruption<'a>,
    /// The affected services the reader sees, in the disruption's order, with their names.
    pub services: &'a [(ServiceId, String)],
    pub systems: &'a [SystemTarget],
    pub timeline: &'a [TimelineItem<'a>],
    pub people: &'a [(PersonId, &'a Person)],
    pub due: &'a [DueDose],
    /// The person of each dose record entered.
    pub recorded: &'a [PersonId],
    pub findings: &'a [Finding],
    /// By finding key.
    pub resolutions: &'a HashMap<String, Resolved<'a>>,
    pub sheets: &'a [EnteredSheet<'a>],
    pub sign_off: SignOffState<'a>,
    pub doses: DoseSummary,
    pub visits: &'a [PlannedVisit],
    /// The latest status known of each visit (board or paper), by visit id.
    pub statuses: &'a HashMap<i64, VisitStatus>,
    pub calls: &'a [ReportedCall<'a>],
    /// Families still to reach.
    pub calls_outstanding: usize,
    pub now: Timestamp,
    pub by: &'a str,
}

/// How a finding was resolved, in one line: "Given late — note (Jo Bloggs, Tue 24 Nov 2026, 10:00)".
pub fn resolution_line(action: &str, note: &str, by: &str, at: Timestamp) -> String {
    let note = if note.is_empty() {
        String::new()
    } else {
        format!(" — {note}")
    };
    format!("{action}{note} ({by}, {})", show_moment(at))
}

/// The report as it stands at `f.now`.
pub fn report(f: &ReportFacts) -> ReportDocument {
    let d = &f.disruption;
    let end = d.restored_at.unwrap_or(f.now);
    let minutes = (end.as_second() - d.started_at.as_second()).max(0) / 60;
    let clocks = system_clocks(d.started_at, end, f.systems);
    let names = Names(f.people);
    ReportDocument {
        organisation: f.organisation.to_string(),
        title: format!("Downtime report: {}", d.title),
        kind: d.kind.label().into(),
        scenario: d.scenario.label().into(),
        coordinator: d.coordinator.to_string(),
        started: show_moment(d.started_at),
        detected: show_moment(d.detected_at),
        declared: format!("{} by {}", show_moment(d.declared_at), d.declared_by),
        restored: d
            .restored_at
            .map(show_moment)
            .unwrap_or_else(|| "Still in progress".into()),
        duration: show_minutes(minutes),
        generated: show_moment(f.now),
        generated_by: f.by.to_string(),
        services: f.services.iter().map(|(_, name)| name.clone()).collect(),
        systems: clocks
            .iter()
            .map(|c| ReportSystem {
                name: c.name.clone(),
                rto_hours: c.rto_hours,
                mtpd_hours: c.mtpd_hours,
                outcome: system_outcome(c, d.restored_at.is_some()),
            })
            .collect(),
        cqc: cqc_line(d, end, f.systems),
        cqc_rule: REGULATION.into(),
        timeline: timeline(f.timeline),
        people: people(f),
        sheets: sheets(f, &names),
        finding_counts: [Severity::High, Severity::Medium, Severity::Low]
            .iter()
            .map(|s| {
                (
                    s.label().to_string(),
                    f.findings.iter().filter(|x| x.severity == *s).count(),
                )
            })
            .collect(),
        findings: f
            .findings
            .iter()
            .map(|x| ReportFinding {
                person: names.of(x.person_id),
                severity: x.severity.label().into(),
                kind: x.kind.label().into(),
                explanation: x.explanation.clone(),
                next_step: x.next_step.clone(),
                resolution: f
                    .resolutions
                    .get(&x.key)
                    .map(|r| resolution_line(r.action, r.note, r.by, r.at))
                    .unwrap_or_default(),
                not_given: x.kind.is_not_given(),
            })
            .collect(),
        sign_off: sign_off_line(f.sign_off, f.doses.nothing_due),
        doses: f.doses.clone(),
        visits: visit_counts(f.visits, f.statuses),
        calls_outstanding: f.calls_outstanding,
        calls: calls(f, &names),
        actions: f
            .findings
            .iter()
            .filter_map(|x| f.resolutions.get(&x.key).map(|r| (x, r)))
            .filter(|(_, r)| r.follow_up)
            .map(|(x, r)| format!("{}: {} — {} ({})", names.of(x.person_id), r.action, r.note, r.by))
            .collect(),
        left_open: d.left_open.clone(),
    }
}

/// The people of the report by id, named as the reconciliation names them.
struct Names<'a>(&'a [(PersonId, &'a Person)]);

impl Names<'_> {
    fn find(&self, id: i64) -> Option<&Person> {
        self.0.iter().find(|(p, _)| p.get() == id).map(|(_, p)| *p)
    }

    /// "Person 12" for someone not among them (a visit of a person since moved, say).
    fn of(&self, id: i64) -> String {
        self.find(id)
            .map(|p| p.full_name.clone())
            .unwrap_or_else(|| format!("Person {id}"))
    }
}

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

/// Whether CQC was told, and if not, whether the regulation asked for it (cqc.rs).
fn cqc_line(d: &ReportedDisruption, until: Timestamp, systems: &[SystemTarget]) -> String {
    if let Some(n) = &d.cqc_notified {
        let reference = match n.reference {
            "" => String::new(),
            r => format!(", reference {r}"),
        };
        return format!("Notified {} by {}{reference}", show_moment(n.at), n.by);
    }
    let prompt = cqc::cqc_prompt(&CqcFacts {
        kind: d.kind,
        started: d.started_at,
        until,
        systems,
        safe_care: d.safe_care,
        notified: false,
    });
    match prompt {
        Some(p) if p.urgency == Urgency::NotifyNow => format!("REQUIRED and not yet recorded. {}", p.reason),
        Some(p) => format!("Not recorded. {}", p.reason),
        None => "Not recorded as required: the provider judged that safe care was not threatened, and no 24-hour rule (utilities, safety equipment) applied".into(),
    }
}

fn sign_off_line(s: SignOffState, nothing_due: bool) -> String {
    match s {
        SignOffState::Holds { by, at, note } => format!(
            "Signed off by {by} on {}{}. {note}",
            show_moment(at),
            if nothing_due { " as nothing due" } else { "" },
        )
        .trim()
        .to_string(),
        SignOffState::ChangedSince { by, at } => format!(
            "Signed off by {by} on {}, but the findings have changed since: not signed off as they stand",
            show_moment(at)
        ),
        SignOffState::NotYet => "Not signed off yet".into(),
    }
}

fn timeline(entries: &[TimelineItem]) -> Vec<ReportEntry> {
    entries
        .iter()
        .map(|t| ReportEntry {
            at: show_moment(t.at),
            kind: t.kind.label().into(),
            author: t.author.to_string(),
            text: t.text.to_string(),
            corrects: t
                .corrects
                .and_then(|c| entries.iter().find(|x| x.id == c))
                .map(|c| format!("Corrects the entry of {}", show_time(c.at)))
                .unwrap_or_default(),
        })
        .collect()
}

fn service_name(f: &ReportFacts, id: i64) -> String {
    f.services
        .iter()
        .find(|(s, _)| s.get() == id)
        .map(|(_, name)| name.clone())
        .unwrap_or_default()
}

fn people(f: &ReportFacts) -> Vec<ReportPerson> {
    f.people
        .iter()
        .map(|(id, p)| ReportPerson {
            name: p.full_name.clone(),
            service: service_name(f, p.service_id.get()),
            risk: p.risk_tier.code().to_string(),
            doses_due: f.due.iter().filter(|x| x.person_id == id.get()).count(),
            doses_recorded: f.recorded.iter().filter(|r| *r == id).count(),
            findings: f.findings.iter().filter(|x| x.person_id == id.get()).count(),
        })
        .collect()
}

fn sheets(f: &ReportFacts, names: &Names) -> Vec<ReportSheet> {
    f.sheets
        .iter()
        .map(|s| ReportSheet {
            sheet: match s.sheet {
                Sheet::Mar { person_id, date } => {
                    format!("MAR: {}, {}", names.of(person_id), date.strftime("%a %-d %b"))
                }
                Sheet::Visits { service_id, date } => format!(
                    "Visits: {}, {}",
                    service_name(f, service_id),
                    date.strftime("%a %-d %b")
                ),
            },
            entered_by: s.entered_by.to_string(),
            entered_at: show_moment(s.entered_at),
            records: usize::try_from(s.records).unwrap_or(0),
        })
        .collect()
}

fn visit_counts(visits: &[PlannedVisit], statuses: &HashMap<i64, VisitStatus>) -> ReportVisits {
    let count = |wanted: VisitStatus| {
        visits
            .iter()
            .filter(|v| statuses.get(&v.visit_id) == Some(&wanted))
            .count()
    };
    ReportVisits {
        planned: visits.len(),
        completed: count(VisitStatus::Completed),
        missed: count(VisitStatus::Missed),
        cancelled: count(VisitStatus::Cancelled),
        not_recorded: visits.iter().filter(|v| !statuses.contains_key(&v.visit_id)).count(),
    }
}

/// Only calls about the people of the report's services.
fn calls(f: &ReportFacts, names: &Names) -> Vec<ReportCall> {
    f.calls
        .iter()
        .filter(|c| names.find(c.contact.person_id.get()).is_some())
        .map(|c| ReportCall {
            at: show_moment(c.call.at),
            person: names.of(c.contact.person_id.get()),
            contact: format!("{} ({})", c.contact.name, c.contact.relationship),
            outcome: c.call.outcome.label().into(),
            by: c.call.by.clone(),
            note: c.call.note.clone(),
        })
        .collect()
}
