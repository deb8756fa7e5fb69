//! A disruption's records as they stood when it began, and what has been entered since: the
//! window, the people, medicines and planned visits of its services (the register's versions at
//! the start, so a change made afterwards does not rewrite what was due), the paper sheets
//! entered and what the live board learnt. The reconciliation runs over this; entering one paper
//! sheet needs only this, not the reconciliation.

use crate::Error;
use crate::disruptions::read_all;
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::EntityKind;
use lantern_core::care::{Medicine, MedicineId, Person, Visit, VisitId};
use lantern_core::disruption::board::StatusNow;
use lantern_core::reconcile::{MedicineSchedule, Period, PlannedVisit, Sheet};
use lantern_core::schedule::london;
use lantern_core::user::ServiceAccess;
use lantern_store::{DisruptionRow, DoseRow, SheetKind, SheetRow, Store, VisitRecordRow};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub struct AtStart {
    pub disruption: DisruptionRow,
    pub period: Period,
    /// People of the affected services (on its unit, when it has one) as they stood at the start.
    pub people: BTreeMap<i64, Person>,
    pub medicines: Vec<MedicineSchedule>,
    /// The medicines behind `medicines`, by id, as they stood at the start.
    pub medicine_records: HashMap<i64, Medicine>,
    pub visits: Vec<PlannedVisit>,
    pub doses: Vec<DoseRow>,
    pub visit_records: Vec<VisitRecordRow>,
    /// What the live board learnt of each visit, oldest status first (the visit sheet starts
    /// from it).
    pub board: HashMap<i64, Vec<StatusNow>>,
    /// The current entry of each sheet.
    pub sheets: Vec<SheetRow>,
}

/// The window of a disruption: from its start to its restoration, or `now` while it is open.
pub fn period_of(d: &DisruptionRow, now: Timestamp) -> Period {
    Period {
        start: d.started_at,
        end: d.restored_at.unwrap_or(now).max(d.started_at),
    }
}

/// The visits of `services` planned within the disruption's window, as they stood then.
pub async fn planned_visits(store: &Store, services: &[i64], period: &Period) -> Result<Vec<PlannedVisit>, Error> {
    let records = store
        .versions_at(EntityKind::Visit, services, period.start, period.end)
        .await?;
    Ok(read_all(records.iter().map(|(id, r)| (*id, r)), Visit::parse)
        .iter()
        .map(|(id, v)| PlannedVisit::of(VisitId::new(*id), v))
        .filter(|v| period.holds_visit(v.due, v.duration_minutes))
        .collect())
}

/// The reconciliation's name for an entered sheet.
pub fn sheet_of(s: &SheetRow) -> Sheet {
    match s.kind {
        SheetKind::Mar => Sheet::Mar {
            person_id: s.subject_id,
            date: s.day,
        },
        SheetKind::Visits => Sheet::Visits {
            service_id: s.subject_id,
            date: s.day,
        },
    }
}

fn latest_sheets(all: Vec<SheetRow>) -> Vec<SheetRow> {
    let mut by: BTreeMap<(u8, i64, Date), SheetRow> = BTreeMap::new();
    for s in all {
        let kind = u8::from(s.kind == SheetKind::Visits);
        by.insert((kind, s.subject_id, s.day), s);
    }
    by.into_values().collect()
}

impl AtStart {
    /// Every service's records of disruption `d`, as they stood at its start.
    pub async fn load(store: &Store, d: DisruptionRow, now: Timestamp) -> Result<Self, Error> {
        let period = period_of(&d, now);
        let services = d.services.clone();
        // A disruption confined to one unit was on paper there only: its people are what was due.
        let records = store
            .versions_at(EntityKind::Person, &services, period.start, period.end)
            .await?;
        let people: BTreeMap<i64, Person> = read_all(records.iter().map(|(id, r)| (*id, r)), Person::parse)
            .into_iter()
            .filter(|(_, p)| crate::devices::in_reach(&d, p))
            .collect();
        let records = store
            .versions_at(EntityKind::Medicine, &services, period.start, period.end)
            .await?;
        let medicine_records: HashMap<i64, Medicine> =
            read_all(records.iter().map(|(id, r)| (*id, r)), Medicine::parse)
                .into_iter()
                .filter(|(_, m)| people.contains_key(&m.person_id.get()))
                .collect();
        let mut medicines: Vec<MedicineSchedule> = medicine_records
            .iter()
            .map(|(id, m)| MedicineSchedule::of(MedicineId::new(*id), m))
            .collect();
        medicines.sort_by_key(|m| (m.person_id, m.medicine_id));
        let visits = planned_visits(store, &services, &period).await?;
        Ok(AtStart {
            doses: store.dose_records(d.id).await?,
            visit_records: store.visit_records(d.id).await?,
            sheets: latest_sheets(store.entered_sheets(d.id).await?),
            board: crate::disruptions::status_histories(store, d.id).await?,
            disruption: d,
            period,
            people,
            medicines,
            medicine_records,
            visits,
        })
    }

    /// Only what a user limited to some services may see: their services, their people, the
    /// medicines, visits, entered sheets and records of those.
    pub fn only(mut self, access: &ServiceAccess) -> Self {
        self.disruption.services.retain(|s| access.allows(*s));
        self.people.retain(|_, p| access.allows(p.service_id.get()));
        let people = &self.people;
        self.medicines.retain(|m| people.contains_key(&m.person_id));
        self.medicine_records
            .retain(|_, m| people.contains_key(&m.person_id.get()));
        self.visits.retain(|v| access.allows(v.service_id));
        let visits: BTreeSet<i64> = self.visits.iter().map(|v| v.visit_id).collect();
        self.visit_records.retain(|r| visits.contains(&r.record.visit_id));
        self.board.retain(|v, _| visits.contains(v));
        self.doses.retain(|d| people.contains_key(&d.dose.person_id));
        self.sheets.retain(|s| match s.kind {
            SheetKind::Mar => people.contains_key(&s.subject_id),
            SheetKind::Visits => access.allows(s.subject_id),
        });
        self
    }

    pub fn person_name(&self, id: i64) -> String {
        self.people
            .get(&id)
            .map(|p| p.full_name.clone())
            .unwrap_or_else(|| format!("Person {id}"))
    }

    pub fn service_of(&self, person_id: i64) -> Option<i64> {
        self.people.get(&person_id).map(|p| p.service_id.get())
    }

    /// The current entry of a sheet, if it has been entered.
    pub fn sheet(&self, kind: SheetKind, subject: i64, day: Date) -> Option<&SheetRow> {
        self.sheets
            .iter()
            .find(|s| s.kind == kind && s.subject_id == subject && s.day == day)
    }

    /// The London dates the window touches.
    pub fn days(&self) -> Vec<Date> {
        let tz = london();
        let first = self.period.start.to_zoned_datetime(tz.clone()).date();
        let last = self.period.end.to_zoned_datetime(tz).date();
        let mut out = vec![first];
        while let Some(next) = out.last().and_then(|d| d.tomorrow().ok()).filter(|d| *d <= last) {
            out.push(next);
        }
        out
    }
}
