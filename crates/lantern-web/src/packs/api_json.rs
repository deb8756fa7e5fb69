//! The downtime-pack answers of the API as types (`api::schema` says why): a service's pack,
//! fresh or stale and why, its versions and the checks of the printed pack.

use crate::api::schema;
use lantern_app::packs::ServicePack;
use lantern_store::{PackCheck, PackRow};
use serde::Serialize;
use utoipa::ToSchema;

/// A version of a service's pack.
#[derive(Debug, Serialize, ToSchema)]
pub struct PackVersion {
    pub version: i64,
    /// YYYY-MM-DD.
    pub first_day: String,
    /// YYYY-MM-DD.
    pub last_day: String,
    #[schema(schema_with = schema::moment)]
    pub built_at: jiff::Timestamp,
    pub built_by: String,
    pub pages: i64,
    /// What the pack was built from, hashed: equal fingerprints print the same.
    pub fingerprint: String,
    /// Where to download this version.
    pub pdf: String,
}

impl From<&PackRow> for PackVersion {
    fn from(p: &PackRow) -> Self {
        Self {
            version: p.version,
            first_day: p.first_day.clone(),
            last_day: p.last_day.clone(),
            built_at: p.built_at,
            built_by: p.built_by.clone(),
            pages: p.pages,
            fingerprint: p.fingerprint.clone(),
            pdf: format!("/api/v1/packs/{}/versions/{}/pdf", p.service_id, p.version),
        }
    }
}

/// A check of the printed pack against a version.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PackCheck)]
pub struct PackCheckJson {
    pub pack_version: Option<i64>,
    #[schema(schema_with = schema::moment)]
    pub checked_at: jiff::Timestamp,
    pub checked_by: String,
    /// Empty when the check found nothing wrong.
    pub problems: String,
    /// The emergency-contact sheet was compared with the care records.
    pub contacts_verified: bool,
}

impl From<&PackCheck> for PackCheckJson {
    fn from(c: &PackCheck) -> Self {
        Self {
            pack_version: c.pack_version,
            checked_at: c.checked_at,
            checked_by: c.checked_by.clone(),
            problems: c.problems.clone(),
            contacts_verified: c.contacts_verified,
        }
    }
}

/// The latest check, as the freshness rules read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LastCheck {
    pub at: String,
    pub by: String,
    pub problems: String,
}

/// A service's pack: fresh or stale, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct PackState {
    pub service_id: i64,
    pub service: String,
    /// The latest version still matches the register and the days it covers.
    pub fresh: bool,
    /// Why it is not fresh, most urgent first.
    pub reasons: Vec<String>,
    pub latest: Option<PackVersion>,
    pub last_check: Option<LastCheck>,
    pub next_check_due: Option<String>,
    pub check_overdue: bool,
}

impl PackState {
    pub fn of(service_id: i64, service: String, p: &ServicePack, check_overdue: bool) -> Self {
        Self {
            service_id,
            service,
            fresh: p.fresh.fresh,
            reasons: p.fresh.reasons.clone(),
            latest: p.latest.as_ref().map(PackVersion::from),
            last_check: p.last_check.as_ref().map(|c| LastCheck {
                at: c.at.to_string(),
                by: c.by.clone(),
                problems: c.problems.clone(),
            }),
            next_check_due: p.next_check_due.map(|t| t.to_string()),
            check_overdue,
        }
    }
}

/// `GET /api/v1/packs`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PackList {
    pub items: Vec<PackState>,
}

/// `GET /api/v1/packs/{service}`: the state, every version and check, and what the user may do.
#[derive(Debug, Serialize, ToSchema)]
pub struct PackDetail {
    #[serde(flatten)]
    #[schema(inline)]
    pub state: PackState,
    pub versions: Vec<PackVersion>,
    pub checks: Vec<PackCheckJson>,
    /// Days a pack covers.
    pub days: u8,
    pub may_build: bool,
    pub may_check: bool,
}

/// A version just built.
#[derive(Debug, Serialize, ToSchema)]
pub struct PackBuilt {
    pub service_id: i64,
    pub version: i64,
    pub pages: usize,
    pub pack: Option<PackVersion>,
}

/// The pack answers, for `components.schemas`.
pub fn schemas(out: &mut serde_json::Map<String, serde_json::Value>) {
    schema::add::<PackList>(out);
    schema::add::<PackDetail>(out);
    schema::add::<PackBuilt>(out);
    schema::add::<PackCheckJson>(out);
}
