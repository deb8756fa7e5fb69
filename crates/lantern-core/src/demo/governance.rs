//! The demo's governance log: a year of lessons, decisions and sign-offs — the annual review
//! of the continuity plan and its sign-off in April, a lesson from the live drill at the
//! residential home (and a correction of it, the old entry kept), and the decision to keep a
//! spare tablet on every unit after the Ash unit's tablets kept failing this autumn.

use super::org::{Org, ServiceType};
use super::{Builder, LocalId};
use crate::entity::EntityKind;
use crate::govern::governance_log::{AboutKind, GovKind};
use jiff::civil::{Date, date};

/// One entry of the demo's log. Local ids: `service` of a service, `about` of a record of its
/// kind; `corrects` is the place (from 0) of an earlier entry in this list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoGovEntry {
    pub occurred_on: Date,
    pub kind: GovKind,
    pub service: Option<LocalId>,
    pub title: &'static str,
    pub body: &'static str,
    pub about: Option<(AboutKind, LocalId)>,
    pub corrects: Option<usize>,
    pub author: &'static str,
}

/// The local id of the drill named `name`, counting drills in the order they were added.
fn drill_named(b: &Builder, name: &str) -> Option<LocalId> {
    let position = b
        .records
        .iter()
        .filter(|(k, _)| *k == EntityKind::Drill)
        .position(|(_, r)| r.title() == name)?;
    LocalId::try_from(position + 1).ok()
}

/// The last April `day` on or before today.
fn last_april(today: Date, day: i8) -> Date {
    let this_year = date(today.year(), 4, day);
    if this_year <= today {
        this_year
    } else {
        date(today.year() - 1, 4, day)
    }
}

pub(super) fn build(b: &mut Builder, org: &Org) {
    let today = b.today;
    let home = org
        .services
        .iter()
        .find(|s| s.kind == ServiceType::Residential)
        .map(|s| s.id);
    let live = drill_named(b, "Live drill: the morning round on paper MAR");
    let drill_day = b.day(-250);
    let mut entries = vec![
        DemoGovEntry {
            occurred_on: last_april(today, 14),
            kind: GovKind::PlanReview,
            service: None,
            title: "Annual review of the business continuity plan",
            body: "Reviewed with every registered manager. Contacts, suppliers and the six scenarios checked \
                   against the register; the power-cut plan now names the residential home's generator \
                   supplier. Device failure added as a risk to every service.",
            about: None,
            corrects: None,
            author: "Grace Mensah",
        },
        DemoGovEntry {
            occurred_on: last_april(today, 28),
            kind: GovKind::SignOff,
            service: None,
            title: "Continuity plan signed off by the board",
            body: "The reviewed plan was approved at the quarterly governance meeting. Next full review due next April, \
                   or sooner if a critical system changes.",
            about: None,
            corrects: None,
            author: "Daniel Price",
        },
    ];
    if let Some(home) = home {
        entries.push(DemoGovEntry {
            occurred_on: b.day_from(drill_day, 2),
            kind: GovKind::Lesson,
            service: Some(home),
            title: "Live drill: print each unit's MAR after every change, not once a month",
            body: "Every unit found its printed MAR within five minutes, but the Ash unit's copy was a day out \
                   of date and missed a new prescription. Time-critical doses still went on time. The unit \
                   lead now reprints the MAR the day a medicine changes.",
            about: live.map(|d| (AboutKind::Record(EntityKind::Drill), d)),
            corrects: None,
            author: "Grace Mensah",
        });
        let lesson = entries.len() - 1;
        entries.push(DemoGovEntry {
            occurred_on: b.day_from(drill_day, 9),
            kind: GovKind::Lesson,
            service: Some(home),
            title: "Correction: the Ash unit's MAR was three days out of date, not one",
            body: "Checked against the print log: the Ash unit's MAR had been printed three days before the drill. \
                   The lesson stands; the reprinting rule now also applies at every weekly medicines delivery.",
            about: live.map(|d| (AboutKind::Record(EntityKind::Drill), d)),
            corrects: Some(lesson),
            author: "Grace Mensah",
        });
        entries.push(DemoGovEntry {
            occurred_on: b.day(-18),
            kind: GovKind::Decision,
            service: Some(home),
            title: "Keep a charged spare tablet on every unit",
            body: "After the Ash unit's tablets froze during the medicines round three times this autumn, the home \
                   keeps one charged spare per unit in the nurses' station, tested monthly with the others. \
                   Ageing tablets to be replaced in the next budget.",
            about: None,
            corrects: None,
            author: "Daniel Price",
        });
    }
    b.governance = entries;
}
