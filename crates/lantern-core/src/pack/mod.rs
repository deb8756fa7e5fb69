//! The downtime pack of one service: everything a shift leader needs on paper, built from the
//! register as it stands, with a fingerprint of exactly the data it holds (PRODUCT.md,
//! "Downtime packs" and "Freshness").

mod build;
pub mod freshness;
#[cfg(test)]
mod golden;
mod mar;
mod order;
mod register;
mod sheets;
mod visit_lists;

pub use build::{build, is_current, try_build, window};
pub use order::{MarOrder, mar_name, mar_order, mar_order_of};
pub use sheets::*;

use crate::entity::{EntityKind, Record};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A register record with its identity, as the pack is built from it.
#[derive(Debug, Clone)]
pub struct Rec {
    pub id: i64,
    pub version: i64,
    pub record: Record,
}

/// The organisation's rules for packs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PackPolicy {
    /// Days of medicine sheets in a pack, from its first day.
    pub days: u8,
    /// A pack older than this is stale whatever changed.
    pub max_age_days: u16,
    /// The printed pack is checked at least this often (the seed's "monthly check").
    pub check_every_days: u16,
    /// MAR outcome codes: (code, meaning).
    pub outcome_codes: Vec<(String, String)>,
}

impl Default for PackPolicy {
    fn default() -> Self {
        let codes = [
            ("✓ + initials", "Given"),
            ("R", "Refused"),
            ("O", "Omitted (say why on the back)"),
            ("N", "Not available"),
            ("H", "Away or in hospital"),
            ("X", "Other (say what on the back)"),
        ];
        PackPolicy {
            days: 7,
            max_age_days: 30,
            check_every_days: 31,
            outcome_codes: codes.iter().map(|(c, m)| (c.to_string(), m.to_string())).collect(),
        }
    }
}

/// Everything a pack is built from. The caller loads it; building is pure.
#[derive(Debug, Clone)]
pub struct PackInput {
    pub organisation: String,
    pub service: Rec,
    /// Current people of the service.
    pub people: Vec<Rec>,
    /// Their current emergency contacts and medicines.
    pub contacts: Vec<Rec>,
    pub medicines: Vec<Rec>,
    /// Home care: the visits of `day`.
    pub visits: Vec<Rec>,
    /// Staff, practices, systems and suppliers the pack may name.
    pub staff: Vec<Rec>,
    pub practices: Vec<Rec>,
    pub systems: Vec<Rec>,
    pub suppliers: Vec<Rec>,
    /// The first day the pack covers (and the day of its visit lists).
    pub day: Date,
    pub policy: PackPolicy,
}

/// Which record version a pack holds: what freshness compares against.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    pub kind: EntityKind,
    pub id: i64,
    pub version: i64,
}

/// A built pack's identity, printed on every page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PackMeta {
    pub service: String,
    pub version: i64,
    pub generated_at: String,
    pub generated_by: String,
    pub valid_until: String,
    /// First 12 hex digits of the fingerprint, printed so paper can be matched to a version.
    pub fingerprint: String,
}

/// What the PDF template receives: identity plus content.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PackDocument {
    pub meta: PackMeta,
    pub content: PackContent,
}

/// SHA-256 over the content alone: the same data gives the same fingerprint whenever and by
/// whomever it is built.
pub fn fingerprint(content: &PackContent) -> String {
    let bytes = serde_json::to_vec(content).unwrap_or_default();
    hex::encode(Sha256::digest(&bytes))
}

/// Stamps built content with its version: the document to render and keep.
pub fn document(content: PackContent, version: i64, built_at: Timestamp, built_by: &str) -> PackDocument {
    let tz = crate::schedule::london();
    let shown = built_at.to_zoned_datetime(tz).strftime("%-d %b %Y %H:%M").to_string();
    PackDocument {
        meta: PackMeta {
            service: content.service.name.clone(),
            version,
            generated_at: shown,
            generated_by: built_by.to_string(),
            valid_until: content.valid_until.clone(),
            fingerprint: fingerprint(&content)[..12].to_string(),
        },
        content,
    }
}
