//! The outage what-if: pick systems, a start and a duration, and see from the register as it
//! stands what the outage would touch — the services, the people, every dose due in the window
//! (the time-critical ones apart), the visits and shifts, the families to ring, when each
//! system passes its RTO and MTPD, and whether CQC would have to be told. It is the heart of a
//! drill's briefing and of the business impact analysis.
//!
//! The doses are the reconciliation's own: [`due_doses`] over the same schedules, so a drill
//! briefs exactly what the paper MAR of a real outage would hold. Everything is worked out from
//! values the caller has loaded; a duration slider calls this again on every move, so it does
//! no more than walk the inputs once (bench/what_if: 5,000 people over 24 hours).

use crate::disruption::clocks::SystemTarget;
use crate::disruption::cqc::{CqcFacts, CqcPrompt, cqc_prompt};
use crate::disruption::families::{FamilyContact, FamilyLine, FamilyPerson, families_to_contact};
use crate::disruption::{DisruptionKind, SafeCare};
use crate::reconcile::{DueDose, MedicineSchedule, Period, PlannedVisit, due_doses};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeSet;

/// The longest outage a what-if looks at: a week (the packs' own horizon).
pub const MAX_HOURS: i64 = 7 * 24;

/// A system picked for the outage, with the services that depend on it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutageSystem {
    pub target: SystemTarget,
    /// The services that depend on it; none listed means every service does.
    pub services: Vec<i64>,
}

/// What to imagine: which systems fail, of what kind of incident, from when and for how long.
#[derive(Debug, Clone, PartialEq)]
pub struct Outage {
    pub kind: DisruptionKind,
    pub systems: Vec<OutageSystem>,
    /// Services struck directly (a power cut, a flood, an office lost), beside those whose
    /// systems fail.
    pub services: Vec<i64>,
    pub start: Timestamp,
    pub minutes: i64,
}

impl Outage {
    pub fn period(&self) -> Period {
        let minutes = self.minutes.clamp(0, MAX_HOURS * 60);
        Period {
            start: self.start,
            end: self.start + SignedDuration::from_mins(minutes),
        }
    }
}

/// A shift on the rota, as the what-if counts it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedShift {
    pub shift_id: i64,
    pub service_id: i64,
    pub staff: String,
    pub start: Timestamp,
    pub end: Timestamp,
}

impl PlannedShift {
    /// A rota shift, `staff` being the name of who works it.
    pub fn of(shift_id: i64, shift: &crate::care::Shift, staff: &str) -> Self {
        let (start, end) = shift.instants();
        PlannedShift {
            shift_id,
            service_id: shift.service_id.get(),
            staff: staff.to_string(),
            start,
            end,
        }
    }
}

/// A person of the register with their service.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonInService {
    pub service_id: i64,
    pub person: FamilyPerson,
}

/// The register as it stands, loaded by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Register<'a> {
    /// Every current service's id.
    pub services: &'a [i64],
    pub people: &'a [PersonInService],
    pub contacts: &'a [FamilyContact],
    pub medicines: &'a [MedicineSchedule],
    pub visits: &'a [PlannedVisit],
    pub shifts: &'a [PlannedShift],
}

/// When a system passes its recovery time objective and its maximum tolerable period of
/// disruption, and whether the outage lasts that long.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestones {
    pub system_id: i64,
    pub name: String,
    pub rto_at: Timestamp,
    pub mtpd_at: Timestamp,
    pub passes_rto: bool,
    pub passes_mtpd: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    pub period: Period,
    pub services: Vec<i64>,
    pub people: Vec<i64>,
    /// Every dose due inside the window, by person, medicine and time.
    pub doses: Vec<DueDose>,
    /// The time-critical ones among them.
    pub time_critical: Vec<DueDose>,
    pub visits: Vec<PlannedVisit>,
    pub shifts: Vec<PlannedShift>,
    /// Whom to ring, highest risk first, as the families list of a real disruption ranks them.
    pub families: Vec<FamilyLine>,
    pub milestones: Vec<Milestones>,
    /// What the CQC rule of a real disruption would say at the end of the window, were the
    /// provider to judge that safe care is not threatened: the fixed 24-hour clocks only.
    pub cqc: Option<CqcPrompt>,
}

/// The services an outage touches: those struck directly, each failed system's own, and every
/// service for a system that names none.
pub fn services_touched(outage: &Outage, all: &[i64]) -> Vec<i64> {
    let mut out: BTreeSet<i64> = outage.services.iter().copied().filter(|id| all.contains(id)).collect();
    for s in &outage.systems {
        if s.services.is_empty() {
            out.extend(all.iter().copied());
        } else {
            out.extend(s.services.iter().copied().filter(|id| all.contains(id)));
        }
    }
    out.into_iter().collect()
}

/// What `outage` would touch in `register`.
pub fn what_if(outage: &Outage, register: Register<'_>) -> WhatIf {
    let period = outage.period();
    let services = services_touched(outage, register.services);
    let touched: BTreeSet<i64> = services.iter().copied().collect();
    let people_in: Vec<&PersonInService> = register
        .people
        .iter()
        .filter(|p| touched.contains(&p.service_id))
        .collect();
    let people: BTreeSet<i64> = people_in.iter().map(|p| p.person.person_id).collect();
    let medicines: Vec<MedicineSchedule> = register
        .medicines
        .iter()
        .filter(|m| people.contains(&m.person_id))
        .cloned()
        .collect();
    let doses = due_doses(period, &medicines);
    let critical: BTreeSet<i64> = medicines
        .iter()
        .filter(|m| m.time_critical)
        .map(|m| m.medicine_id)
        .collect();
    let time_critical = doses
        .iter()
        .filter(|d| critical.contains(&d.medicine_id))
        .cloned()
        .collect();
    let mut visits: Vec<PlannedVisit> = register
        .visits
        .iter()
        .filter(|v| touched.contains(&v.service_id) && period.holds_visit(v.due, v.duration_minutes))
        .cloned()
        .collect();
    visits.sort_by_key(|v| (v.due, v.visit_id));
    let mut shifts: Vec<PlannedShift> = register
        .shifts
        .iter()
        .filter(|s| touched.contains(&s.service_id) && s.start < period.end && s.end > period.start)
        .cloned()
        .collect();
    shifts.sort_by_key(|s| (s.start, s.shift_id));
    let family_people: Vec<FamilyPerson> = people_in.iter().map(|p| p.person.clone()).collect();
    let contacts: Vec<FamilyContact> = register
        .contacts
        .iter()
        .filter(|c| people.contains(&c.person_id))
        .cloned()
        .collect();
    let families = families_to_contact(&family_people, &contacts, &[]);
    let milestones = outage
        .systems
        .iter()
        .map(|s| {
            let at = |hours: i64| period.start + SignedDuration::from_hours(hours);
            let (rto_at, mtpd_at) = (at(s.target.rto_hours), at(s.target.mtpd_hours));
            Milestones {
                system_id: s.target.system_id,
                name: s.target.name.clone(),
                rto_at,
                mtpd_at,
                passes_rto: rto_at < period.end,
                passes_mtpd: mtpd_at <= period.end,
            }
        })
        .collect();
    let targets: Vec<SystemTarget> = outage.systems.iter().map(|s| s.target.clone()).collect();
    let cqc = cqc_prompt(&CqcFacts {
        kind: outage.kind,
        started: period.start,
        until: period.end,
        systems: &targets,
        safe_care: Some(SafeCare::NotThreatened),
        notified: false,
    });
    WhatIf {
        period,
        services,
        people: people.into_iter().collect(),
        doses,
        time_critical,
        visits,
        shifts,
        families,
        milestones,
        cqc,
    }
}
