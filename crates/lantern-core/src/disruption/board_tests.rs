use super::*;
use crate::disruption::board_filter::{BoardFilter, carers_on};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn carer(id: i64, name: &str) -> Carer {
    Carer {
        staff_id: id,
        name: name.into(),
        phone: "07700 900123".into(),
    }
}

fn visit(id: i64, due: &str, tc: bool, high: bool) -> BoardVisit {
    BoardVisit {
        visit_id: id,
        person_id: id,
        person: format!("Person {id}"),
        person_phone: String::new(),
        due: at(due),
        start: due[11..16].to_string(),
        duration_minutes: 30,
        carers: vec![carer(1, "Ann Lee")],
        address: String::new(),
        tasks: vec![],
        priority: false,
        two_carer: false,
        time_critical: tc,
        high_risk: high,
    }
}

fn status(s: VisitStatus, when: &str) -> StatusNow {
    StatusNow {
        status: s,
        at: at(when),
        by: "Tom".into(),
        note: String::new(),
        expected_at: None,
        reason: String::new(),
    }
}

fn whole_day() -> Period {
    Period {
        start: at("2026-11-24T00:00:00Z"),
        end: Timestamp::MAX,
    }
}

struct World {
    visits: Vec<BoardVisit>,
    statuses: HashMap<i64, StatusNow>,
    told: HashMap<i64, Timestamp>,
    window: Period,
}

impl World {
    fn new(visits: Vec<BoardVisit>) -> Self {
        World {
            visits,
            statuses: HashMap::new(),
            told: HashMap::new(),
            window: whole_day(),
        }
    }

    fn at(&self, now: &str) -> Vec<BoardRow> {
        board(&BoardFacts {
            visits: &self.visits,
            statuses: &self.statuses,
            family_told: &self.told,
            window: self.window,
            now: at(now),
            warn_after_minutes: 30,
        })
    }
}

fn ids(rows: &[BoardRow]) -> Vec<i64> {
    rows.iter().map(|r| r.visit.visit_id).collect()
}

#[test]
fn an_unconfirmed_visit_warns_after_the_set_minutes_and_not_before() {
    let mut w = World::new(vec![visit(1, "2026-11-24T08:30:00Z", false, false)]);
    let rows = w.at("2026-11-24T08:59:00Z");
    assert_eq!((rows[0].group, rows[0].warning.as_deref()), (Group::Waiting, None));
    let rows = w.at("2026-11-24T09:12:00Z");
    assert_eq!(rows[0].group, Group::Overdue);
    assert!(rows[0].needs_action && rows[0].wants_ringing());
    assert_eq!(rows[0].warning.as_deref(), Some("Not confirmed 42 min after its start"));
    w.statuses
        .insert(1, status(VisitStatus::Confirmed, "2026-11-24T09:05:00Z"));
    let rows = w.at("2026-11-24T09:12:00Z");
    assert_eq!((rows[0].group, rows[0].warning.as_deref()), (Group::UnderWay, None));
}

#[test]
fn late_with_a_time_is_watched_until_that_time_passes() {
    let mut w = World::new(vec![visit(1, "2026-11-24T08:30:00Z", false, false)]);
    let mut late = status(VisitStatus::Late, "2026-11-24T08:50:00Z");
    late.expected_at = Some(at("2026-11-24T09:30:00Z"));
    w.statuses.insert(1, late);
    let rows = w.at("2026-11-24T09:20:00Z");
    assert_eq!(
        (rows[0].group, rows[0].needs_action),
        (Group::Watching, false),
        "no warning before 09:30"
    );
    assert!(rows[0].wants_ringing(), "the numbers stay on a watched visit");
    let rows = w.at("2026-11-24T09:30:00Z");
    assert_eq!(rows[0].group, Group::Watching, "at the time itself, not yet");
    let rows = w.at("2026-11-24T09:42:00Z");
    assert_eq!(rows[0].group, Group::Overdue);
    assert_eq!(
        rows[0].warning.as_deref(),
        Some("Expected at 09:30: not confirmed 12 min later")
    );
}

#[test]
fn delayed_with_the_family_told_is_watched_then_rung_again() {
    let mut w = World::new(vec![visit(1, "2026-11-24T08:30:00Z", false, false)]);
    w.statuses
        .insert(1, status(VisitStatus::DelayedFamilyTold, "2026-11-24T09:00:00Z"));
    assert_eq!(w.at("2026-11-24T09:29:00Z")[0].group, Group::Watching);
    let rows = w.at("2026-11-24T09:35:00Z");
    assert_eq!(rows[0].group, Group::Overdue);
    assert_eq!(
        rows[0].warning.as_deref(),
        Some("Family told at 09:00 that the carer is delayed: no news for 35 min")
    );
}

#[test]
fn a_missed_visit_needs_action_until_the_family_is_reached_after_it() {
    let mut w = World::new(vec![visit(1, "2026-11-24T08:30:00Z", false, false)]);
    w.statuses
        .insert(1, status(VisitStatus::Missed, "2026-11-24T09:10:00Z"));
    // A call before the visit was missed was about something else.
    w.told.insert(1, at("2026-11-24T09:00:00Z"));
    let rows = w.at("2026-11-24T09:20:00Z");
    assert_eq!((rows[0].group, rows[0].needs_action), (Group::MissedToTell, true));
    w.told.insert(1, at("2026-11-24T09:15:00Z"));
    let rows = w.at("2026-11-24T09:20:00Z");
    assert_eq!((rows[0].group, rows[0].needs_action), (Group::Done, false));
}

#[test]
fn overdue_first_then_missed_then_watched_then_time_critical_and_high_risk_then_the_rest_then_done() {
    let mut w = World::new(vec![
        visit(1, "2026-11-24T07:00:00Z", false, false),
        visit(2, "2026-11-24T12:00:00Z", true, false),
        visit(3, "2026-11-24T09:00:00Z", false, false),
        visit(4, "2026-11-24T13:00:00Z", false, true),
        visit(5, "2026-11-24T06:00:00Z", false, false),
        visit(6, "2026-11-24T07:10:00Z", false, false),
        visit(7, "2026-11-24T07:20:00Z", false, false),
        visit(8, "2026-11-24T06:50:00Z", false, false),
    ]);
    w.statuses
        .insert(5, status(VisitStatus::Completed, "2026-11-24T06:40:00Z"));
    w.statuses
        .insert(6, status(VisitStatus::Missed, "2026-11-24T07:40:00Z"));
    let mut late = status(VisitStatus::Late, "2026-11-24T07:30:00Z");
    late.expected_at = Some(at("2026-11-24T08:15:00Z"));
    w.statuses.insert(7, late);
    w.statuses
        .insert(8, status(VisitStatus::Confirmed, "2026-11-24T06:55:00Z"));
    let rows = w.at("2026-11-24T08:00:00Z");
    assert_eq!(ids(&rows), vec![1, 6, 7, 2, 4, 3, 8, 5]);
    let c = counts(&rows);
    assert_eq!(
        (
            c.total,
            c.overdue,
            c.needs_action,
            c.completed,
            c.missed,
            c.late,
            c.confirmed,
            c.not_started
        ),
        (8, 1, 2, 1, 1, 1, 1, 4)
    );
}

#[test]
fn only_visits_the_window_holds_are_on_the_board() {
    let mut w = World::new(vec![
        // Ran 07:30–08:15: the carer was there when the system failed at 08:00.
        BoardVisit {
            duration_minutes: 45,
            ..visit(1, "2026-11-24T07:30:00Z", false, false)
        },
        // Ended at 08:00 exactly: before the disruption.
        visit(2, "2026-11-24T07:30:00Z", false, false),
        visit(3, "2026-11-24T12:00:00Z", false, false),
    ]);
    w.window = Period {
        start: at("2026-11-24T08:00:00Z"),
        end: at("2026-11-24T11:00:00Z"),
    };
    assert_eq!(ids(&w.at("2026-11-24T08:10:00Z")), vec![1]);
}

#[test]
fn filters_by_carer_status_action_and_name() {
    let mut w = World::new(vec![
        visit(1, "2026-11-24T07:00:00Z", false, false),
        BoardVisit {
            person: "Joan Smith".into(),
            carers: vec![carer(2, "Bea Khan"), carer(1, "Ann Lee")],
            ..visit(2, "2026-11-24T09:00:00Z", false, false)
        },
        BoardVisit {
            carers: vec![carer(2, "Bea Khan")],
            ..visit(3, "2026-11-24T09:30:00Z", false, false)
        },
    ]);
    w.statuses
        .insert(3, status(VisitStatus::Confirmed, "2026-11-24T09:31:00Z"));
    let rows = w.at("2026-11-24T09:35:00Z");
    let kept = |f: BoardFilter| f.apply(&rows).iter().map(|r| r.visit.visit_id).collect::<Vec<_>>();
    assert!(BoardFilter::default().is_empty());
    assert_eq!(kept(BoardFilter::default()), vec![1, 2, 3]);
    let bea = BoardFilter {
        carer: Some(2),
        ..Default::default()
    };
    assert!(!bea.is_empty());
    assert_eq!(kept(bea.clone()), vec![2, 3]);
    assert_eq!(
        kept(BoardFilter {
            status: Some(VisitStatus::Confirmed),
            ..bea
        }),
        vec![3]
    );
    assert_eq!(
        kept(BoardFilter {
            needs_action: true,
            ..Default::default()
        }),
        vec![1, 2],
        "visit 2 is 35 min unconfirmed"
    );
    let search = |s: &str| {
        kept(BoardFilter {
            search: s.into(),
            ..Default::default()
        })
    };
    assert_eq!(search("  joan "), vec![2]);
    assert_eq!(
        search("SMITH bea"),
        vec![2],
        "every word, in the person's or a carer's name"
    );
    assert_eq!(search("bea"), vec![2, 3]);
    assert_eq!(search("nobody"), Vec::<i64>::new());
    let names: Vec<String> = carers_on(&rows).into_iter().map(|c| c.name).collect();
    assert_eq!(names, vec!["Ann Lee", "Bea Khan"]);
}
