//! The live board's rows as the page shows them: the cards, their groups, the numbers to ring,
//! and the filter as the query string carries it (so that it survives a tap, a refresh and a
//! page without scripts).

use crate::register::display::record_url;
use crate::respond::board_views::{BoardLive, Dial, FilterView, GroupView, Refused, VisitCard};
use crate::views::SelectOption;
use lantern_core::EntityKind;
use lantern_core::disruption::VisitStatus;
use lantern_core::disruption::board::{BoardRow, Group, counts};
use lantern_core::disruption::board_filter::{BoardFilter, carers_on};
use lantern_core::schedule::show_time;
use serde::Deserialize;

/// The board's query string: the service, the filter, and a visit to unfold after a tap.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct BoardParams {
    pub service: Option<i64>,
    pub carer: Option<String>,
    pub status: Option<String>,
    /// "1": needs action now.
    pub act: Option<String>,
    pub q: Option<String>,
    /// The visit just changed: its group is unfolded.
    pub open: Option<i64>,
    /// "live": only the refreshing part of the board.
    pub part: Option<String>,
}

impl BoardParams {
    /// The filter asked for; a value the form never offers is ignored (the whole board shows).
    pub fn filter(&self) -> BoardFilter {
        let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
        BoardFilter {
            carer: text(&self.carer).parse().ok(),
            status: VisitStatus::parse(&text(&self.status)).ok(),
            needs_action: !text(&self.act).is_empty(),
            search: text(&self.q),
        }
    }

    pub fn live(&self) -> bool {
        self.part.as_deref() == Some("live")
    }
}

/// `service=5&carer=12&…`: the filter for links and form actions (empty parts left out).
pub fn query(service_id: i64, f: &BoardFilter) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("service", &service_id.to_string());
    if let Some(c) = f.carer {
        q.append_pair("carer", &c.to_string());
    }
    if let Some(s) = f.status {
        q.append_pair("status", s.as_str());
    }
    if f.needs_action {
        q.append_pair("act", "1");
    }
    if !f.search.trim().is_empty() {
        q.append_pair("q", f.search.trim());
    }
    q.finish()
}

pub fn status_class(s: VisitStatus) -> &'static str {
    match s {
        VisitStatus::NotStarted => "plain",
        VisitStatus::Confirmed | VisitStatus::Late | VisitStatus::DelayedFamilyTold => "medium",
        VisitStatus::Completed => "ok",
        VisitStatus::Missed => "high",
        VisitStatus::Cancelled => "ended",
    }
}

/// The one-tap buttons on a visit: what a coordinator hears on the phone. Late and Missed ask
/// for more (a time; a reason and a confirmation) in forms of their own.
const BUTTONS: [(VisitStatus, &str); 4] = [
    (VisitStatus::Confirmed, "Confirmed"),
    (VisitStatus::Completed, "Completed"),
    (VisitStatus::DelayedFamilyTold, "Delayed — family told"),
    (VisitStatus::Cancelled, "Cancelled"),
];

fn dial(who: String, phone: &str) -> Option<Dial> {
    let tel: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    (!tel.is_empty()).then(|| Dial {
        who,
        shown: phone.to_string(),
        tel,
    })
}

fn status_text(r: &BoardRow) -> String {
    match (&r.updated, r.status) {
        (Some(u), VisitStatus::Late) => match u.expected_at {
            Some(t) => format!("Late: expected {}", show_time(t)),
            None => "Late".into(),
        },
        _ => r.status.label().to_string(),
    }
}

/// A card; `action` is where its forms post (with the filter, so it survives the tap).
pub fn card(r: &BoardRow, action: String, refused: Option<&Refused>) -> VisitCard {
    let v = &r.visit;
    let mut flags = Vec::new();
    if v.priority {
        flags.push(("★ Priority".to_string(), "high"));
    }
    if v.time_critical {
        flags.push(("◆ Time-critical".to_string(), "high"));
    }
    if v.high_risk {
        flags.push(("▲ High risk".to_string(), "high"));
    }
    if v.two_carer {
        flags.push(("2 carers".to_string(), "plain"));
    }
    let mut ring = Vec::new();
    if r.wants_ringing() {
        ring.extend(
            v.carers
                .iter()
                .filter_map(|c| dial(format!("Carer {}", c.name), &c.phone)),
        );
        ring.extend(dial(v.person.clone(), &v.person_phone));
    }
    VisitCard {
        visit_id: v.visit_id,
        time: v.start.clone(),
        person: v.person.clone(),
        person_url: record_url(EntityKind::Person, v.person_id),
        minutes: v.duration_minutes,
        carers: v
            .carers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(" and "),
        address: v.address.clone(),
        tasks: v.tasks.join(", "),
        flags,
        status_code: r.status.as_str(),
        status: status_text(r),
        status_class: if r.needs_action { "high" } else { status_class(r.status) },
        warning: r.warning.clone(),
        updated: r.updated.as_ref().map(|u| {
            let mut text = format!("{} at {} by {}", u.status.label(), show_time(u.at), u.by);
            for extra in [&u.reason, &u.note] {
                if !extra.is_empty() {
                    text.push_str(": ");
                    text.push_str(extra);
                }
            }
            text
        }),
        stamp: r.updated.as_ref().map(|u| u.at.to_string()).unwrap_or_default(),
        ring,
        action,
        buttons: BUTTONS
            .iter()
            .map(|(s, label)| (s.as_str(), *label, *s == r.status))
            .collect(),
        late_current: r.status == VisitStatus::Late,
        refused: refused.cloned().unwrap_or_default(),
    }
}

/// Groups that may be folded away: what needs nobody now.
fn foldable(g: Group) -> bool {
    matches!(g, Group::Waiting | Group::UnderWay | Group::Done)
}

/// Folded at first on the whole board (the bulk of a 250-visit day); a filtered board, or the
/// group of the visit just changed, shows unfolded.
fn starts_folded(g: Group) -> bool {
    matches!(g, Group::Waiting | Group::Done)
}

/// The refreshing part of the board for `rows` narrowed by `filter`.
pub struct LiveInput<'a> {
    pub rows: &'a [BoardRow],
    pub filter: &'a BoardFilter,
    pub disruption_id: i64,
    pub service_id: i64,
    pub unfold: Option<i64>,
    pub refused: Option<(i64, &'a Refused)>,
    pub can_respond: bool,
    pub open: bool,
    pub updated: String,
}

pub fn live(i: &LiveInput) -> BoardLive {
    let q = query(i.service_id, i.filter);
    let kept = i.filter.apply(i.rows);
    let mut groups: Vec<GroupView> = Vec::new();
    for r in &kept {
        let action = format!("/disruptions/{}/visits/{}?{q}", i.disruption_id, r.visit.visit_id);
        let refused = i.refused.filter(|(v, _)| *v == r.visit.visit_id).map(|(_, x)| x);
        let c = card(r, action, refused);
        let unfolded = i.unfold == Some(r.visit.visit_id) || refused.is_some();
        match groups.last_mut() {
            Some(g) if g.code == r.group.code() => {
                g.open |= unfolded;
                g.cards.push(c);
            }
            _ => groups.push(GroupView {
                code: r.group.code(),
                heading: r.group.heading(),
                cards: vec![c],
                foldable: foldable(r.group),
                open: !i.filter.is_empty() || !starts_folded(r.group) || unfolded,
            }),
        }
    }
    BoardLive {
        counts: counts(kept.iter().copied()),
        all: i.rows.len(),
        filtered: !i.filter.is_empty(),
        groups,
        can_respond: i.can_respond,
        open: i.open,
        updated: i.updated.clone(),
        live_url: format!("/disruptions/{}/board?{q}&part=live", i.disruption_id),
        clear_url: format!("/disruptions/{}/board?service={}", i.disruption_id, i.service_id),
    }
}

/// The filter form with the carers on the board and every status, as chosen.
pub fn filter_view(rows: &[BoardRow], f: &BoardFilter, id: i64, service_id: i64) -> FilterView {
    let option = |value: String, label: String, selected: bool| SelectOption { value, label, selected };
    let carers = std::iter::once(option(String::new(), "Any carer".into(), f.carer.is_none()))
        .chain(
            carers_on(rows)
                .into_iter()
                .map(|c| option(c.staff_id.to_string(), c.name, f.carer == Some(c.staff_id))),
        )
        .collect();
    let statuses = std::iter::once(option(String::new(), "Any status".into(), f.status.is_none()))
        .chain(
            VisitStatus::ALL
                .iter()
                .map(|s| option(s.as_str().into(), s.label().into(), f.status == Some(*s))),
        )
        .collect();
    FilterView {
        service_id,
        search: f.search.clone(),
        carers,
        statuses,
        needs_action: f.needs_action,
        clear_url: format!("/disruptions/{id}/board?service={service_id}"),
    }
}
