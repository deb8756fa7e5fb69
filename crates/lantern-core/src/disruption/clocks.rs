//! How long a disruption has run against each affected system's recovery time objective (RTO)
//! and maximum tolerable period of disruption (MTPD). When CQC must be told is cqc.rs.

use crate::care::{Choice, System, SystemId};
use crate::schedule::show_minutes;
use jiff::Timestamp;
use serde::Serialize;

/// An affected system as the register describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemTarget {
    pub system_id: i64,
    pub name: String,
    pub category: String,
    pub rto_hours: i64,
    pub mtpd_hours: i64,
}

impl SystemTarget {
    /// The targets of a typed system; `category` keeps its stored code, which the CQC rules
    /// compare against.
    pub fn of(system_id: SystemId, s: &System) -> Self {
        Self {
            system_id: system_id.get(),
            name: s.name.clone(),
            category: s.category.code().to_string(),
            rto_hours: s.rto_hours,
            mtpd_hours: s.mtpd_hours,
        }
    }
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

pub(crate) fn minutes_between(from: Timestamp, to: Timestamp) -> i64 {
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
}
