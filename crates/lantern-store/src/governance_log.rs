//! The governance log: entries appended with their audit line in one transaction, never
//! changed (the database's triggers refuse UPDATE and DELETE); a correction is a new entry
//! naming the one it corrects.

use crate::codec::{stamp, ts};
use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::govern::governance_log::{About, AboutKind, Filter, GovKind, ServiceFilter};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The audit log's `entity` for governance log entries.
pub const GOVERNANCE_LOG: &str = "governance_log";

/// One entry as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct GovEntry {
    pub id: i64,
    pub recorded_at: Timestamp,
    pub occurred_on: Date,
    pub kind: GovKind,
    /// `None`: the whole organisation.
    pub service_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub about: Option<About>,
    pub corrects_id: Option<i64>,
    pub author: String,
    pub author_user_id: Option<i64>,
}

/// An entry about to be written.
#[derive(Debug, Clone)]
pub struct NewGovEntry<'a> {
    pub occurred_on: Date,
    pub kind: GovKind,
    pub service_id: Option<i64>,
    pub title: &'a str,
    pub body: &'a str,
    pub about: Option<About>,
    pub corrects_id: Option<i64>,
}

/// Which services' entries a user may see: `None` for every service; otherwise those
/// services' entries and the organisation-wide ones.
pub type Visible<'a> = Option<&'a [i64]>;

const COLUMNS: &str = "id, recorded_at, occurred_on, kind, service_id, title, body, about_kind, about_id, \
    corrects_id, author, author_user_id";

fn entry_from(r: &AnyRow) -> Result<GovEntry, StoreError> {
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("governance_log {what} '{v}'"));
    let on: String = r.try_get("occurred_on")?;
    let kind: String = r.try_get("kind")?;
    let about_kind: Option<String> = r.try_get("about_kind")?;
    let about_id: Option<i64> = r.try_get("about_id")?;
    let about = match (about_kind, about_id) {
        (Some(k), Some(id)) => Some(About {
            kind: AboutKind::from_code(&k).ok_or_else(|| corrupt("about_kind", &k))?,
            id,
        }),
        _ => None,
    };
    Ok(GovEntry {
        id: r.try_get("id")?,
        recorded_at: stamp(r, "recorded_at")?,
        occurred_on: on.parse().map_err(|_| corrupt("occurred_on", &on))?,
        kind: GovKind::from_code(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        service_id: r.try_get("service_id")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        about,
        corrects_id: r.try_get("corrects_id")?,
        author: r.try_get("author")?,
        author_user_id: r.try_get("author_user_id")?,
    })
}

/// Binds for a query built piece by piece.
enum Bind {
    Int(i64),
    Text(String),
}

/// `service_id IS NULL OR service_id IN (…)` for a user of some services, numbered from `next`.
fn scope_clause(visible: Visible<'_>, binds: &mut Vec<Bind>) -> Option<String> {
    let services = visible?;
    if services.is_empty() {
        return Some("service_id IS NULL".into());
    }
    let marks: Vec<String> = services
        .iter()
        .map(|s| {
            binds.push(Bind::Int(*s));
            format!("${}", binds.len())
        })
        .collect();
    Some(format!("(service_id IS NULL OR service_id IN ({}))", marks.join(", ")))
}

impl Store {
    /// Appends an entry and its audit line in one transaction; answers its id.
    pub async fn append_governance_entry(
        &self,
        entry: &NewGovEntry<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "INSERT INTO governance_log (recorded_at, occurred_on, kind, service_id, title, body, about_kind, \
             about_id, corrects_id, author, author_user_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(ts(now))
        .bind(entry.occurred_on.to_string())
        .bind(entry.kind.code())
        .bind(entry.service_id)
        .bind(entry.title)
        .bind(entry.body)
        .bind(entry.about.map(|a| a.kind.code()))
        .bind(entry.about.map(|a| a.id))
        .bind(entry.corrects_id)
        .bind(&actor.label)
        .bind(actor.user_id)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        let detail = match entry.corrects_id {
            Some(old) => format!(
                "Corrected governance log entry {old} with entry {id} ({}): {}",
                entry.kind.label(),
                entry.title
            ),
            None => format!(
                "Added governance log entry {id} ({}): {}",
                entry.kind.label(),
                entry.title
            ),
        };
        let mut audit = crate::AuditEntry::new(now, actor.user_id, &actor.label, "create", detail);
        audit.entity = Some(GOVERNANCE_LOG.into());
        audit.record_id = Some(id);
        audit.service_id = entry.service_id;
        crate::audit::insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The entries that pass `filter` within `visible`, newest first (by the date they are
    /// about, then as recorded).
    pub async fn governance_entries(&self, filter: &Filter, visible: Visible<'_>) -> Result<Vec<GovEntry>, StoreError> {
        let mut binds = Vec::new();
        let mut clauses = Vec::new();
        if let Some(c) = scope_clause(visible, &mut binds) {
            clauses.push(c);
        }
        match filter.service {
            ServiceFilter::Any => {}
            ServiceFilter::Organisation => clauses.push("service_id IS NULL".into()),
            ServiceFilter::Service(id) => {
                binds.push(Bind::Int(id));
                clauses.push(format!("service_id = ${}", binds.len()));
            }
        }
        if let Some(k) = filter.kind {
            binds.push(Bind::Text(k.code().into()));
            clauses.push(format!("kind = ${}", binds.len()));
        }
        if let Some(f) = filter.from {
            binds.push(Bind::Text(f.to_string()));
            clauses.push(format!("occurred_on >= ${}", binds.len()));
        }
        if let Some(t) = filter.to {
            binds.push(Bind::Text(t.to_string()));
            clauses.push(format!("occurred_on <= ${}", binds.len()));
        }
        let filter_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        let sql = format!("SELECT {COLUMNS} FROM governance_log{filter_sql} ORDER BY occurred_on DESC, id DESC");
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = match b {
                Bind::Int(n) => q.bind(*n),
                Bind::Text(t) => q.bind(t.as_str()),
            };
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(entry_from).collect()
    }

    /// One entry, or `NotFound`.
    pub async fn governance_entry(&self, id: i64) -> Result<GovEntry, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM governance_log WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("governance log entry {id}")))?;
        entry_from(&row)
    }

    /// The entries that correct entry `id`, oldest first.
    pub async fn governance_corrections(&self, id: i64) -> Result<Vec<GovEntry>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM governance_log WHERE corrects_id = $1 ORDER BY id");
        self.rows_for(&sql, id, entry_from).await
    }
}

/// The demo's log, its local ids turned into the records just created; each entry recorded at
/// 17:00 UTC on the day it is about, by its author.
pub(crate) async fn seed_governance(
    conn: &mut sqlx::AnyConnection,
    entries: &[lantern_core::demo::DemoGovEntry],
    ids: &std::collections::BTreeMap<lantern_core::EntityKind, Vec<i64>>,
) -> Result<(), StoreError> {
    use lantern_core::EntityKind;
    let local = |kind: EntityKind, n: i64| -> Result<i64, StoreError> {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| ids.get(&kind).and_then(|v| v.get(i)))
            .copied()
            .ok_or_else(|| StoreError::Corrupt(format!("demo governance log refers to {kind:?} {n}, not created")))
    };
    let mut written: Vec<i64> = Vec::new();
    for e in entries {
        let service_id = e.service.map(|s| local(EntityKind::Service, s)).transpose()?;
        let about = match e.about {
            Some((AboutKind::Record(kind), n)) => Some((kind.slug(), local(kind, n)?)),
            Some((AboutKind::Disruption, n)) => Some((lantern_core::govern::governance_log::DISRUPTION, n)),
            None => None,
        };
        let corrects = match e.corrects {
            Some(i) => Some(*written.get(i).ok_or_else(|| {
                StoreError::Corrupt(format!("demo governance entry corrects entry {i}, not yet written"))
            })?),
            None => None,
        };
        let row = sqlx::query(
            "INSERT INTO governance_log (recorded_at, occurred_on, kind, service_id, title, body, about_kind, \
             about_id, corrects_id, author, author_user_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL) RETURNING id",
        )
        .bind(format!("{}T17:00:00.000Z", e.occurred_on))
        .bind(e.occurred_on.to_string())
        .bind(e.kind.code())
        .bind(service_id)
        .bind(e.title)
        .bind(e.body)
        .bind(about.map(|a| a.0))
        .bind(about.map(|a| a.1))
        .bind(corrects)
        .bind(e.author)
        .fetch_one(&mut *conn)
        .await?;
        written.push(row.try_get("id")?);
    }
    Ok(())
}
