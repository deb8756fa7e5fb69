//! A home-care pack's visit lists: each carer's round, the visits nobody is on yet, and the
//! call-monitoring sheet.

use super::build::Sources;
use super::register::Read;
use super::{CarerRound, MonitorLine, VisitLine};
use crate::care::{Medicine, Person, StaffId, StaffMember, Visit};
use crate::entity::EntityKind;
use std::collections::BTreeMap;

#[derive(Default)]
pub(super) struct VisitLists {
    pub rounds: Vec<CarerRound>,
    pub unallocated: Vec<VisitLine>,
    pub monitoring: Vec<MonitorLine>,
}

/// Each carer's visits in time order (a two-carer visit is on both lists), the visits nobody
/// is on yet, and every visit once for call monitoring. The carers named become sources.
pub(super) fn visit_lists(
    visits: &[&Read<'_, Visit>],
    people: &[Read<'_, Person>],
    meds: &[&Read<'_, Medicine>],
    staff: &BTreeMap<i64, Read<'_, StaffMember>>,
    sources: &mut Sources,
) -> VisitLists {
    let people: BTreeMap<i64, &Person> = people.iter().map(|p| (p.rec.id, &p.value)).collect();
    let mut ordered: Vec<&&Read<'_, Visit>> = visits.iter().collect();
    ordered.sort_by_key(|v| (v.value.start, v.rec.id));
    let mut rounds: BTreeMap<StaffId, Vec<VisitLine>> = BTreeMap::new();
    let mut out = VisitLists::default();
    let name_of = |id: StaffId| staff.get(&id.get()).map(|s| s.value.full_name.clone());
    for v in ordered {
        let visit = &v.value;
        let person = people.get(&visit.person_id.get());
        let start = i64::from(visit.start.minutes());
        let minutes = visit.duration_minutes;
        // A time-critical dose due during the visit, or within half an hour of it.
        let critical = meds.iter().any(|m| {
            m.value.person_id == visit.person_id
                && m.value.time_critical
                && m.value.schedule.times().iter().any(|t| {
                    let t = i64::from(t.minutes());
                    t >= start - 30 && t <= start + minutes + 30
                })
        });
        let base = VisitLine {
            time: visit.start.to_string(),
            minutes,
            person: person.map(|p| p.full_name.clone()).unwrap_or_default(),
            address: person.map(|p| p.address.replace('\n', ", ")).unwrap_or_default(),
            phone: String::new(),
            tasks: visit.tasks.join(", "),
            priority: visit.priority,
            two_carer: visit.two_carer,
            time_critical: critical,
            high_risk: person.is_some_and(|p| p.is_high_risk()),
            with: String::new(),
        };
        let names: Vec<String> = visit.carers.iter().map(|c| name_of(*c).unwrap_or_default()).collect();
        out.monitoring.push(MonitorLine {
            time: base.time.clone(),
            person: base.person.clone(),
            carers: if names.is_empty() {
                "NOT ALLOCATED".into()
            } else {
                names.join(" + ")
            },
            priority: base.priority,
            two_carer: base.two_carer,
            time_critical: base.time_critical,
            high_risk: base.high_risk,
        });
        if visit.carers.is_empty() {
            out.unallocated.push(base);
            continue;
        }
        for c in &visit.carers {
            if let Some(member) = staff.get(&c.get()) {
                sources.used(EntityKind::Staff, member);
            }
            let with = visit
                .carers
                .iter()
                .filter(|o| *o != c)
                .map(|o| name_of(*o).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", ");
            rounds.entry(*c).or_default().push(VisitLine { with, ..base.clone() });
        }
    }
    out.rounds = rounds
        .into_iter()
        .map(|(id, visits)| CarerRound {
            carer: name_of(id).unwrap_or_else(|| format!("Staff #{id}")),
            phone: staff
                .get(&id.get())
                .map(|s| s.value.phone.to_string())
                .unwrap_or_default(),
            visits,
        })
        .collect();
    out.rounds.sort_by(|a, b| a.carer.cmp(&b.carer));
    out
}
