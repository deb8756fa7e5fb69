//! The demo's drill library and a year of drills: the six seeded briefs (every organisation gets
//! them), a tabletop at the home-care branch when the care-planning supplier failed, with what
//! it found and two actions (one done), and a live downtime drill at the residential home. The
//! supported-living houses have never been drilled, so the overview has something to flag.

use super::org::{Org, ServiceType};
use super::{Builder, Fields, LocalId};
use crate::entity::EntityKind;
use crate::field::InputVal;
use crate::govern::drill_briefs::BRIEFS;

/// Systems by their place in the demo's list (register::SYSTEMS): 1 CarePlan Cloud, 2 MedsTrack
/// eMAR, 4 RotaWise Call Monitoring, 5 OfficeMail, 6 CallSure phones, 9 NorthNet broadband.
const DEFAULT_SYSTEMS: [&[LocalId]; 6] = [&[6], &[9, 6], &[], &[], &[1, 2, 4, 5], &[1, 4]];
/// Brief 6 is "a supplier's system failed"; brief 4 "device failed".
const SUPPLIER_DOWN: LocalId = 6;

pub(super) fn build(b: &mut Builder, org: &Org) {
    for (brief, systems) in BRIEFS.iter().zip(DEFAULT_SYSTEMS) {
        let mut fields = Fields::new().list("systems", systems);
        for (k, v) in brief.input() {
            if let InputVal::One(v) = v {
                fields = fields.set(&k, v);
            }
        }
        b.add(EntityKind::DrillScenario, fields);
    }
    let of = |kind| org.services.iter().find(|s| s.kind == kind);
    let (Some(home_care), Some(home)) = (of(ServiceType::HomeCare), of(ServiceType::Residential)) else {
        return;
    };
    let carers = &home_care.carers;
    let tomorrow = b.day(1);
    let tabletop = Fields::new()
        .set("name", "Tabletop: CarePlan Cloud and call monitoring down")
        .set("scenario_id", SUPPLIER_DOWN)
        .set("drill_type", "tabletop")
        .set("status", "held")
        .set("date", b.day(-130))
        .set("service_id", home_care.id)
        .maybe("facilitator_id", carers.first())
        .list("participants", carers.iter().skip(1).take(4))
        .set("injects_used", BRIEFS[5].injects)
        .set(
            "findings",
            "Carers had their visit lists on paper, but two runs printed the day before missed late changes. \
             Nobody knew the call-monitoring paper board's phone number by heart. \
             Families of high-risk people were rung within the hour.",
        )
        .list("whatif_systems", [1, 4])
        .set("whatif_date", tomorrow)
        .set("whatif_time", "07:00")
        .set("whatif_hours", 4);
    let drill = b.add(EntityKind::Drill, tabletop);
    let actions: [(&str, i64, &str, &str); 2] = [
        (
            "Print each run's visit list at 07:00 on the day, not the evening before",
            -100,
            "done",
            "Done from the following Monday; the coordinator checks it at handover.",
        ),
        (
            "Put the office's call-in number on every carer's ID badge card",
            21,
            "open",
            "",
        ),
    ];
    for (title, due_in, status, evidence) in actions {
        let done = status == "done";
        let fields = Fields::new()
            .set("name", title)
            .set("service_id", home_care.id)
            .maybe("owner_id", carers.first())
            .set("due_date", b.day(due_in))
            .set("status", status)
            .set("raised_from", "drill")
            .maybe("drill_id", drill)
            .maybe("evidence", done.then_some(evidence))
            .maybe("done_on", done.then(|| b.day(due_in - 3)));
        b.add(EntityKind::Action, fields);
    }
    let team = home.teams.first();
    let live = Fields::new()
        .set("name", "Live drill: the morning round on paper MAR")
        .set("scenario_id", SUPPLIER_DOWN)
        .set("drill_type", "live_downtime")
        .set("status", "held")
        .set("date", b.day(-250))
        .set("service_id", home.id)
        .maybe("facilitator_id", team.and_then(|t| t.day.first()))
        .list(
            "participants",
            team.map(|t| t.day.iter().skip(1).take(3)).into_iter().flatten(),
        )
        .set(
            "injects_used",
            "07:00 MedsTrack shows a blank screen on every unit\n08:00 the morning round is due",
        )
        .set(
            "findings",
            "Every unit found its printed MAR; the Ash unit's was a day out of date. Time-critical doses went on time.",
        )
        .list("whatif_systems", [2])
        .set("whatif_date", tomorrow)
        .set("whatif_time", "07:00")
        .set("whatif_hours", 4);
    b.add(EntityKind::Drill, live);
}
