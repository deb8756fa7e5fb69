//! How long a disruption has run against each affected system's recovery time objective (RTO)
//! and maximum tolerable period of disruption (MTPD), and when CQC must be told.

use crate::schedule::show_minutes;
use jiff::Timestamp;
use serde::Serialize;

/// A failure of care systems lasting this long must be notified to CQC: Care Quality Commission
/// (Registration) Regulations 2009, regulation 18 (events that stop the service running safely).
pub const CQC_NOTIFY_AFTER_HOURS: i64 = 24;

/// System categories that hold or run care: their failure counts for regulation 18.
pub const CARE_SYSTEM_CATEGORIES: &[&str] = &["care_planning", "emar", "rostering", "call_monitoring"];

/// An affected system as the register describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemTarget {
    pub system_id: i64,
    pub name: String,
    pub category: String,
    pub rto_hours: i64,
    pub mtpd_hours: i64,
}

/// Where a system's clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Within the recovery time objective.
    WithinRto,
    /// Past the RTO: recovery is late against the plan.
    PastRto,
    /// Past the MTPD: harm is now likely; the paper alternative is carrying the service.
    PastMtpd,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemClock {
    pub system_id: i64,
    pub name: String,
    pub rto_hours: i64,
    pub mtpd_hours: i64,
    pub elapsed_minutes: i64,
    pub state: ClockState,
    /// "RTO 8 h: 2 h 10 min left", "Past the MTPD (4 h) by 35 min".
    pub text: String,
}

fn minutes_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_second() - from.as_second()).max(0) / 60
}

/// Each system's clock from `started` to `until` (now, or the restoration time once closed).
pub fn system_clocks(started: Timestamp, until: Timestamp, systems: &[SystemTarget]) -> Vec<SystemClock> {
    let elapsed = minutes_between(started, until);
    systems
        .iter()
        .map(|s| {
            let (rto, mtpd) = (s.rto_hours * 60, s.mtpd_hours * 60);
            let (state, text) = if elapsed >= mtpd {
                let text = match elapsed - mtpd {
                    0 => format!("The MTPD ({} h) is reached now", s.mtpd_hours),
                    over => format!("Past the MTPD ({} h) by {}", s.mtpd_hours, show_minutes(over)),
                };
                (ClockState::PastMtpd, text)
            } else if elapsed > rto {
                (
                    ClockState::PastRto,
                    format!(
                        "Past the RTO ({} h) by {}; MTPD reached in {}",
                        s.rto_hours,
                        show_minutes(elapsed - rto),
                        show_minutes(mtpd - elapsed)
                    ),
                )
            } else {
                (
                    ClockState::WithinRto,
                    format!("RTO {} h: {} left", s.rto_hours, show_minutes(rto - elapsed)),
                )
            };
            SystemClock {
                system_id: s.system_id,
                name: s.name.clone(),
                rto_hours: s.rto_hours,
                mtpd_hours: s.mtpd_hours,
                elapsed_minutes: elapsed,
                state,
                text,
            }
        })
        .collect()
}

/// Whether Lantern must prompt for the CQC notification: a care system has been down for 24
/// hours. The prompt stays, even after closing, until someone records that it was made.
pub fn cqc_notification_due(
    started: Timestamp,
    until: Timestamp,
    systems: &[SystemTarget],
    already_notified: bool,
) -> bool {
    let care_system = systems
        .iter()
        .any(|s| CARE_SYSTEM_CATEGORIES.contains(&s.category.as_str()));
    !already_notified && care_system && minutes_between(started, until) >= CQC_NOTIFY_AFTER_HOURS * 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn system(category: &str, rto: i64, mtpd: i64) -> SystemTarget {
        SystemTarget {
            system_id: 1,
            name: "MedsTrack eMAR".into(),
            category: category.into(),
            rto_hours: rto,
            mtpd_hours: mtpd,
        }
    }

    #[test]
    fn a_clock_moves_from_rto_to_mtpd() {
        let start = at("2026-11-24T08:00:00Z");
        let s = [system("emar", 2, 4)];
        let c = &system_clocks(start, at("2026-11-24T09:00:00Z"), &s)[0];
        assert_eq!((c.state, c.text.as_str()), (ClockState::WithinRto, "RTO 2 h: 1 h left"));
        let c = &system_clocks(start, at("2026-11-24T10:30:00Z"), &s)[0];
        assert_eq!(c.state, ClockState::PastRto);
        assert_eq!(c.text, "Past the RTO (2 h) by 30 min; MTPD reached in 1 h 30 min");
        let c = &system_clocks(start, at("2026-11-24T12:00:00Z"), &s)[0];
        assert_eq!(
            (c.state, c.text.as_str()),
            (ClockState::PastMtpd, "The MTPD (4 h) is reached now")
        );
        let c = &system_clocks(start, at("2026-11-24T12:35:00Z"), &s)[0];
        assert_eq!(
            (c.state, c.text.as_str()),
            (ClockState::PastMtpd, "Past the MTPD (4 h) by 35 min")
        );
    }

    #[test]
    fn cqc_prompt_after_24_hours_of_a_care_system_until_notified() {
        let start = at("2026-11-24T08:00:00Z");
        let care = [system("care_planning", 8, 24)];
        assert!(!cqc_notification_due(start, at("2026-11-25T07:59:00Z"), &care, false));
        assert!(cqc_notification_due(start, at("2026-11-25T08:00:00Z"), &care, false));
        assert!(!cqc_notification_due(start, at("2026-11-25T08:00:00Z"), &care, true));
        let email = [system("email", 24, 72)];
        assert!(!cqc_notification_due(start, at("2026-11-27T08:00:00Z"), &email, false));
    }
}
