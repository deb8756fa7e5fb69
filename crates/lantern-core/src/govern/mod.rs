//! Governance and assurance: the rules that prepare a provider for a disruption before it
//! happens — what an outage would touch (the what-if of a drill and of the business impact
//! analysis), when each service is next due a drill, and, as [10] grows, risk scores, device
//! policy, training coverage.

pub mod briefing;
pub mod calendar;
pub mod devices;
pub mod drill_briefs;
pub mod drills;
pub mod governance_log;
pub mod ical;
pub mod incident_review;
pub mod readiness;
pub mod risks;
pub mod settings;
pub mod training;
pub mod what_if;
#[cfg(test)]
mod what_if_tests;
