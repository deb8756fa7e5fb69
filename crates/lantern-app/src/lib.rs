//! Lantern's operations — register writes, packs, imports, disruptions, recovery,
//! reconciliation, the downtime report, users and tokens — in one layer between the front ends
//! and the store. Each takes the store, who is acting (a signed-in user, or a named system actor
//! for the command line and the morning build) and the time; it checks permission, validates,
//! does the work and writes the audit entry, and says why not with [`Error`]. The web pages, the
//! JSON API and the `lantern` command only parse, call and render, so they cannot disagree.

pub mod access;
pub mod actions;
pub mod actors;
pub mod at_start;
pub mod audit;
pub mod calendar;
mod clock;
pub mod closing;
pub mod credentials;
pub mod demo_story;
pub mod device_assurance;
pub mod devices;
pub mod disruptions;
pub mod drill_briefing;
pub mod drills;
mod error;
pub mod exports;
pub mod governance_log;
pub mod imports;
pub mod incident_reviews;
pub mod pack_ops;
pub mod packs;
pub mod readiness;
pub mod reconciliation;
pub mod recovery_ops;
pub mod register;
pub mod report;
pub mod risk_tests;
pub mod risks;
pub mod settings;
pub mod sheets;
pub mod suppliers;
pub mod timeline;
pub mod training;
pub mod training_import;
pub mod users;
pub mod what_if;
pub mod what_if_words;

pub use clock::Clock;
pub use error::{Error, cause_chain};

use lantern_store::Store;

/// What every operation can reach: the store, the clock and how Lantern is set up.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub clock: Clock,
    /// Lantern builds packs by itself (`pack_build_time` is not "off"): a service added from a
    /// page or the API gets its first pack as it is saved.
    pub builds_packs: bool,
}
