//! Pack builds, kept whole: the document each printed, the record versions it came from, and
//! the PDF; and the physical checks of printed packs.

use crate::codec::{stamp, ts};
use crate::{Store, StoreError};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A build about to be kept.
#[derive(Debug, Clone)]
pub struct NewPack<'a> {
    pub service_id: i64,
    pub version: i64,
    pub first_day: String,
    pub last_day: String,
    pub built_at: Timestamp,
    pub built_by: &'a str,
    pub fingerprint: &'a str,
    pub pages: i64,
    /// The `PackDocument` as JSON: the PDF can be rendered again from it.
    pub document: &'a str,
    /// The record versions it holds, as JSON.
    pub sources: &'a str,
    pub pdf: &'a [u8],
}

/// A kept build, without its PDF bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct PackRow {
    pub id: i64,
    pub service_id: i64,
    pub version: i64,
    pub first_day: String,
    pub last_day: String,
    pub built_at: Timestamp,
    pub built_by: String,
    pub fingerprint: String,
    pub pages: i64,
    pub document: String,
    pub sources: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PackCheck {
    pub service_id: i64,
    pub pack_version: Option<i64>,
    pub checked_at: Timestamp,
    pub checked_by: String,
    /// Empty when the check found nothing wrong.
    pub problems: String,
    /// The checker compared the emergency-contact sheet with the care records.
    pub contacts_verified: bool,
}

/// A saved change to a record, as the history holds it.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    pub entity: String,
    pub record_id: i64,
    pub at: Timestamp,
    pub actor: String,
    /// "create", "update", "end", "restore" — or [`MOVED_OUT`].
    pub action: String,
    pub data: serde_json::Value,
}

/// The action of a change that took a record out of the service asked about (a person moved to
/// another service, with their contacts and medicines): the history's version belongs to the
/// new service, so the old one is told only that the record left, with the data it had.
pub const MOVED_OUT: &str = "moved_out";

const PACK_COLUMNS: &str =
    "id, service_id, version, first_day, last_day, built_at, built_by, fingerprint, pages, document, sources";
/// The same without the large JSON columns, for listing versions.
const PACK_SUMMARY: &str = "id, service_id, version, first_day, last_day, built_at, built_by, fingerprint, pages, '' AS document, '' AS sources";

fn pack_from_row(r: &AnyRow) -> Result<PackRow, StoreError> {
    Ok(PackRow {
        id: r.try_get("id")?,
        service_id: r.try_get("service_id")?,
        version: r.try_get("version")?,
        first_day: r.try_get("first_day")?,
        last_day: r.try_get("last_day")?,
        built_at: stamp(r, "built_at")?,
        built_by: r.try_get("built_by")?,
        fingerprint: r.try_get("fingerprint")?,
        pages: r.try_get("pages")?,
        document: r.try_get("document")?,
        sources: r.try_get("sources")?,
    })
}

fn check_from_row(r: &AnyRow) -> Result<PackCheck, StoreError> {
    Ok(PackCheck {
        service_id: r.try_get("service_id")?,
        pack_version: r.try_get("pack_version")?,
        checked_at: stamp(r, "checked_at")?,
        checked_by: r.try_get("checked_by")?,
        problems: r.try_get("problems")?,
        contacts_verified: r.try_get::<i64, _>("contacts_verified")? != 0,
    })
}

impl Store {
    /// The version the next build of a service's pack will carry.
    pub async fn next_pack_version(&self, service_id: i64) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COALESCE(MAX(version), 0) + 1 AS v FROM packs WHERE service_id = $1")
            .bind(service_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("v")?)
    }

    /// Keeps a build. Two builds racing for one version: the second is refused (Conflict).
    pub async fn save_pack(&self, p: &NewPack<'_>) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let taken = sqlx::query("SELECT 1 FROM packs WHERE service_id = $1 AND version = $2")
            .bind(p.service_id)
            .bind(p.version)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "pack version {} was built by someone else first",
                p.version
            )));
        }
        let row = sqlx::query(
            "INSERT INTO packs (service_id, version, first_day, last_day, built_at, built_by, fingerprint, pages, \
             document, sources, pdf) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(p.service_id)
        .bind(p.version)
        .bind(&p.first_day)
        .bind(&p.last_day)
        .bind(ts(p.built_at))
        .bind(p.built_by)
        .bind(p.fingerprint)
        .bind(p.pages)
        .bind(p.document)
        .bind(p.sources)
        .bind(p.pdf.to_vec())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row.try_get("id")?)
    }

    /// The latest build of a service's pack, with its document and sources.
    pub async fn latest_pack(&self, service_id: i64) -> Result<Option<PackRow>, StoreError> {
        let sql = format!("SELECT {PACK_COLUMNS} FROM packs WHERE service_id = $1 ORDER BY version DESC LIMIT 1");
        let row = sqlx::query(&sql).bind(service_id).fetch_optional(&self.pool).await?;
        row.as_ref().map(pack_from_row).transpose()
    }

    /// Every build of a service's pack, newest first, without document and sources.
    pub async fn packs(&self, service_id: i64) -> Result<Vec<PackRow>, StoreError> {
        let sql = format!("SELECT {PACK_SUMMARY} FROM packs WHERE service_id = $1 ORDER BY version DESC");
        let rows = sqlx::query(&sql).bind(service_id).fetch_all(&self.pool).await?;
        rows.iter().map(pack_from_row).collect()
    }

    /// A kept PDF.
    pub async fn pack_pdf(&self, service_id: i64, version: i64) -> Result<Vec<u8>, StoreError> {
        let row = sqlx::query("SELECT pdf FROM packs WHERE service_id = $1 AND version = $2")
            .bind(service_id)
            .bind(version)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(r.try_get("pdf")?),
            None => Err(StoreError::NotFound(format!("pack version {version}"))),
        }
    }

    pub async fn record_pack_check(&self, check: &PackCheck, user_id: Option<i64>) -> Result<(), StoreError> {
        let _w = self.write_lock.lock().await;
        sqlx::query(
            "INSERT INTO pack_checks (service_id, pack_version, checked_at, checked_by, user_id, problems, \
             contacts_verified) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(check.service_id)
        .bind(check.pack_version)
        .bind(ts(check.checked_at))
        .bind(&check.checked_by)
        .bind(user_id)
        .bind(&check.problems)
        .bind(i64::from(check.contacts_verified))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A service's checks, newest first.
    pub async fn pack_checks(&self, service_id: i64) -> Result<Vec<PackCheck>, StoreError> {
        let rows = sqlx::query(
            "SELECT service_id, pack_version, checked_at, checked_by, problems, contacts_verified FROM pack_checks \
             WHERE service_id = $1 ORDER BY checked_at DESC, id DESC",
        )
        .bind(service_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(check_from_row).collect()
    }

    /// Changes saved after `since` to records of a service, and to organisation-wide records
    /// (staff, GP practices, systems, suppliers) that a pack may name; and the records that
    /// left the service since — as [`MOVED_OUT`], with the version the service had.
    pub async fn changes_since(&self, service_id: i64, since: Timestamp) -> Result<Vec<ChangeRow>, StoreError> {
        let stayed = sqlx::query(
            "SELECT id, entity, record_id, at, actor, action, data FROM record_history \
             WHERE at > $1 AND (service_id = $2 OR service_id IS NULL)",
        )
        .bind(ts(since))
        .bind(service_id)
        .fetch_all(&self.pool)
        .await?;
        // A version of another service whose previous version was this one's: read through the
        // (service_id, at) index per other service, so the cost is that of recent changes, not
        // of the whole history.
        let left = sqlx::query(
            "SELECT h.id, h.entity, h.record_id, h.at, h.actor, p.data FROM record_history h \
             JOIN record_history p ON p.entity = h.entity AND p.record_id = h.record_id AND p.version = h.version - 1 \
             WHERE h.service_id IN (SELECT id FROM services WHERE id <> $2) AND h.at > $1 AND p.service_id = $2",
        )
        .bind(ts(since))
        .bind(service_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(stayed.len() + left.len());
        for (rows, moved) in [(&stayed, false), (&left, true)] {
            for r in rows {
                let data: String = r.try_get("data")?;
                let action = if moved {
                    MOVED_OUT.to_string()
                } else {
                    r.try_get("action")?
                };
                let change = ChangeRow {
                    entity: r.try_get("entity")?,
                    record_id: r.try_get("record_id")?,
                    at: stamp(r, "at")?,
                    actor: r.try_get("actor")?,
                    action,
                    data: serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(format!("history: {e}")))?,
                };
                out.push((r.try_get::<i64, _>("id")?, change));
            }
        }
        out.sort_by(|(a, x), (b, y)| (x.at, a).cmp(&(y.at, b)));
        Ok(out.into_iter().map(|(_, c)| c).collect())
    }

    /// The organisation's settings (policies), as stored JSON.
    pub async fn settings(&self) -> Result<serde_json::Value, StoreError> {
        let row = sqlx::query("SELECT settings FROM organisation WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => {
                let text: String = r.try_get("settings")?;
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))
            }
            None => Ok(serde_json::json!({})),
        }
    }
    /// Replaces sections of the organisation's settings (`"training"`, `"devices"`) and audits
    /// the change, in one transaction: the other sections are left as they are.
    pub async fn save_settings_sections(
        &self,
        sections: Vec<(&str, serde_json::Value)>,
        detail: String,
        actor: &crate::Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT settings FROM organisation WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            return Err(StoreError::NotFound("the organisation".into()));
        };
        let text: String = row.try_get("settings")?;
        let mut settings: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))?;
        if !settings.is_object() {
            settings = serde_json::json!({});
        }
        for (section, value) in sections {
            settings[section] = value;
        }
        sqlx::query("UPDATE organisation SET settings = $1 WHERE id = 1")
            .bind(settings.to_string())
            .execute(&mut *tx)
            .await?;
        crate::disruptions::audit_in(&mut tx, actor, now, "settings", None, detail).await?;
        tx.commit().await?;
        Ok(())
    }
}
