//! Register records: create, read, list, update and end, for every entity, from one set of
//! statements built from the entity's fields. Records are ended, never deleted: their history
//! stays (PRODUCT.md: nothing a user saved is ever lost).

use crate::codec::{DbVal, bind_all, maybe_stamp, quote, record_from_row, stamp};
use crate::writer::{self, ChangedRow, HistoryRow, NewRow};
use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::user::ServiceAccess;
use lantern_core::{EntityKind, FieldErrors, FieldKind, Record, Scope};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// A record as stored, with its bookkeeping.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub version: i64,
    pub record: Record,
    pub external_id: Option<String>,
    /// The service the record belongs to, directly or through its person.
    pub service_id: Option<i64>,
    pub created_at: Timestamp,
    pub created_by: String,
    pub updated_at: Timestamp,
    pub updated_by: String,
    pub ended_at: Option<Timestamp>,
    pub ended_by: Option<String>,
}

/// What a list page asks for.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Words matched against names, numbers and phones.
    pub search: Option<String>,
    pub access: ServiceAccess,
    pub service: Option<i64>,
    /// Only records whose `field` holds this id (a person's medicines).
    pub parent: Option<(&'static str, i64)>,
    /// Visits and shifts on one day.
    pub date: Option<Date>,
    pub include_ended: bool,
    pub limit: i64,
    pub offset: i64,
}

/// One page of a list and how many match in all.
#[derive(Debug, Clone)]
pub struct Page {
    pub items: Vec<Stored>,
    pub total: i64,
}

pub(crate) use crate::writer::select_columns;

fn order_by(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Visit | EntityKind::Shift => "\"date\", \"start\", id",
        EntityKind::Contact => "\"rank\", id",
        EntityKind::Service => "\"name\", id",
        _ => "title, id",
    }
}

pub(crate) fn stored_from_row(kind: EntityKind, row: &AnyRow) -> Result<Stored, StoreError> {
    Ok(Stored {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        record: record_from_row(kind, row)?,
        external_id: row.try_get("external_id")?,
        service_id: row.try_get("scope_service_id")?,
        created_at: stamp(row, "created_at")?,
        created_by: row.try_get("created_by")?,
        updated_at: stamp(row, "updated_at")?,
        updated_by: row.try_get("updated_by")?,
        ended_at: maybe_stamp(row, "ended_at")?,
        ended_by: row.try_get("ended_by")?,
    })
}

impl Store {
    /// Adds a record; returns its id.
    pub async fn insert(&self, record: &Record, actor: &Actor, now: Timestamp) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let id = insert_in(&mut tx, record, None, actor, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a record's fields. With `expected_version`, refuses (Conflict) when someone
    /// else saved in between, so that their change is not silently overwritten.
    pub async fn update(
        &self,
        id: i64,
        record: &Record,
        expected_version: Option<i64>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Stored, StoreError> {
        let mut tx = self.write().await?;
        let current = get_in(&mut tx, record.kind, id).await?;
        if let Some(v) = expected_version
            && v != current.version
        {
            return Err(StoreError::Conflict(format!(
                "{} was changed by {} at {} while you were editing; reload to see their change",
                current.record.title(),
                current.updated_by,
                lantern_core::schedule::show_moment(current.updated_at)
            )));
        }
        update_in(&mut tx, &current, record, false, actor, now).await?;
        let updated = get_in(&mut tx, record.kind, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Ends a record (a person leaving, a medicine stopped): it leaves current lists and packs
    /// but stays in history and can be restored.
    pub async fn end(&self, kind: EntityKind, id: i64, actor: &Actor, now: Timestamp) -> Result<Stored, StoreError> {
        self.set_ended(kind, id, Some(now), actor, now).await
    }

    /// Undoes [`Store::end`].
    pub async fn restore(
        &self,
        kind: EntityKind,
        id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Stored, StoreError> {
        self.set_ended(kind, id, None, actor, now).await
    }

    async fn set_ended(
        &self,
        kind: EntityKind,
        id: i64,
        ended_at: Option<Timestamp>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Stored, StoreError> {
        let mut tx = self.write().await?;
        let current = get_in(&mut tx, kind, id).await?;
        set_ended_in(&mut tx, &current, ended_at, actor, now).await?;
        let updated = get_in(&mut tx, kind, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub async fn get(&self, kind: EntityKind, id: i64) -> Result<Stored, StoreError> {
        let mut conn = self.pool.acquire().await?;
        get_in(&mut conn, kind, id).await
    }

    pub async fn list(&self, kind: EntityKind, q: &ListQuery) -> Result<Page, StoreError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut values: Vec<DbVal> = Vec::new();
        fn push(clauses: &mut Vec<String>, values: &mut Vec<DbVal>, clause: &str, v: DbVal) {
            values.push(v);
            clauses.push(clause.replace('?', &format!("${}", values.len())));
        }
        if !q.include_ended {
            clauses.push("ended_at IS NULL".into());
        }
        if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            for word in s.to_lowercase().split_whitespace() {
                let escaped = word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                let pattern = DbVal::Text(Some(format!("%{escaped}%")));
                push(&mut clauses, &mut values, "search_text LIKE ? ESCAPE '\\'", pattern);
            }
        }
        if let Some(service) = q.service {
            push(
                &mut clauses,
                &mut values,
                "scope_service_id = ?",
                DbVal::Int(Some(service)),
            );
        }
        if let ServiceAccess::Only(ids) = &q.access {
            let list: Vec<String> = ids.iter().map(|n| n.to_string()).collect();
            let list = if list.is_empty() {
                "0".to_string()
            } else {
                list.join(", ")
            };
            clauses.push(format!("(scope_service_id IS NULL OR scope_service_id IN ({list}))"));
        }
        if let Some((field, id)) = q.parent
            && kind.spec().field(field).is_some()
        {
            push(
                &mut clauses,
                &mut values,
                &format!("{} = ?", quote(field)),
                DbVal::Int(Some(id)),
            );
        }
        if let Some(date) = q.date
            && kind.spec().field("date").is_some()
        {
            push(
                &mut clauses,
                &mut values,
                "\"date\" = ?",
                DbVal::Text(Some(date.to_string())),
            );
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let table = kind.table();
        let count_sql = format!("SELECT COUNT(*) AS n FROM {table} {filter}");
        let total: i64 = bind_all(sqlx::query(&count_sql), &values)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let limit = if q.limit <= 0 { 50 } else { q.limit.min(10_000) };
        let sql = format!(
            "SELECT {} FROM {table} {filter} ORDER BY {} LIMIT {limit} OFFSET {}",
            select_columns(kind),
            order_by(kind),
            q.offset.max(0)
        );
        let rows = bind_all(sqlx::query(&sql), &values).fetch_all(&self.pool).await?;
        let items = rows
            .iter()
            .map(|r| stored_from_row(kind, r))
            .collect::<Result<_, _>>()?;
        Ok(Page { items, total })
    }

    /// Titles of some records by id, for showing references ("Alder House", "Jo Patel").
    pub async fn titles(&self, kind: EntityKind, ids: &[i64]) -> Result<HashMap<i64, String>, StoreError> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let list: Vec<String> = chunk.iter().map(|n| n.to_string()).collect();
            let sql = format!(
                "SELECT id, title FROM {} WHERE id IN ({})",
                kind.table(),
                list.join(", ")
            );
            for row in sqlx::query(&sql).fetch_all(&self.pool).await? {
                out.insert(row.try_get("id")?, row.try_get("title")?);
            }
        }
        Ok(out)
    }

    /// Current (not ended) records per service, on one day for visits and shifts: the counts
    /// on the organisation home.
    pub async fn count_by_service(&self, kind: EntityKind, on: Option<Date>) -> Result<HashMap<i64, i64>, StoreError> {
        let day = match on {
            Some(_) if kind.spec().field("date").is_some() => "AND \"date\" = $1",
            _ => "",
        };
        let sql = format!(
            "SELECT scope_service_id AS s, COUNT(*) AS n FROM {} WHERE ended_at IS NULL \
             AND scope_service_id IS NOT NULL {day} GROUP BY scope_service_id",
            kind.table()
        );
        let mut query = sqlx::query(&sql);
        if !day.is_empty() {
            query = query.bind(on.map(|d| d.to_string()));
        }
        let mut out = HashMap::new();
        for row in query.fetch_all(&self.pool).await? {
            out.insert(row.try_get("s")?, row.try_get("n")?);
        }
        Ok(out)
    }
}

pub(crate) async fn get_in(conn: &mut AnyConnection, kind: EntityKind, id: i64) -> Result<Stored, StoreError> {
    let sql = format!("SELECT {} FROM {} WHERE id = $1", select_columns(kind), kind.table());
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *conn).await?;
    match row {
        Some(row) => stored_from_row(kind, &row),
        None => Err(StoreError::NotFound(format!("{} {id}", kind.spec().singular_in_text()))),
    }
}

/// Ends (`Some(time)`) or restores (`None`) a record inside a caller's transaction.
pub(crate) async fn set_ended_in(
    conn: &mut AnyConnection,
    current: &Stored,
    ended_at: Option<Timestamp>,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let rows = std::slice::from_ref(current);
    writer::set_ended(conn, current.record.kind, rows, ended_at.is_some(), actor, now).await
}

/// Replaces a record's fields inside a caller's transaction; `restore` also undoes its end.
pub(crate) async fn update_in(
    conn: &mut AnyConnection,
    current: &Stored,
    record: &Record,
    restore: bool,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let id = current.id;
    check_refs(conn, record, Some(&current.record)).await?;
    let scope = scope_of(conn, record, id).await?;
    let version = current.version + 1;
    // An edit of an ended record leaves it ended; only a restore brings it back.
    let ended = match (&current.ended_at, &current.ended_by) {
        (Some(at), Some(by)) if !restore => Some((*at, by.as_str())),
        _ => None,
    };
    let row = ChangedRow {
        current,
        record,
        version,
        scope,
        ended,
    };
    writer::overwrite(conn, record.kind, &[row], actor, now).await?;
    let action = if restore { "restore" } else { "update" };
    history(conn, record, id, version, action, scope, actor, now).await?;
    // A person moved to another service takes their contacts and medicines along.
    if scope != current.service_id {
        crate::follow::follow(conn, record.kind, &[(id, scope)], actor, now).await?;
    }
    Ok(())
}

/// Inserts inside a caller's transaction (the seeder and importers batch many).
pub(crate) async fn insert_in(
    conn: &mut AnyConnection,
    record: &Record,
    external_id: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<i64, StoreError> {
    check_refs(conn, record, None).await?;
    let scope = scope_of(conn, record, 0).await?;
    let row = NewRow {
        record,
        external_id,
        scope,
    };
    let ids = writer::insert(conn, record.kind, &[row], actor, now).await?;
    let id = ids
        .first()
        .copied()
        .ok_or_else(|| StoreError::Corrupt(format!("{}: an inserted row did not come back", record.spec().table)))?;
    // A service is its own scope, known once it has an id (writer::insert set it).
    let scope = if record.spec().scope == Scope::Itself {
        Some(id)
    } else {
        scope
    };
    history(conn, record, id, 1, "create", scope, actor, now).await?;
    Ok(id)
}

/// The service a record belongs to, for access checks and per-service lists.
async fn scope_of(conn: &mut AnyConnection, record: &Record, own_id: i64) -> Result<Option<i64>, StoreError> {
    Ok(match record.spec().scope {
        Scope::Itself => Some(own_id),
        Scope::Organisation => None,
        Scope::Service(field) => record.int(field),
        Scope::Person(field) => match record.int(field) {
            Some(person) => sqlx::query("SELECT scope_service_id FROM people WHERE id = $1")
                .bind(person)
                .fetch_optional(&mut *conn)
                .await?
                .map(|r| r.try_get::<Option<i64>, _>(0))
                .transpose()?
                .flatten(),
            None => None,
        },
    })
}

/// Every reference must point at a record that exists; a new reference may not point at an
/// ended one; a person on a visit or shift must belong to its service.
async fn check_refs(conn: &mut AnyConnection, record: &Record, previous: Option<&Record>) -> Result<(), StoreError> {
    let mut errors = FieldErrors::default();
    for (f, target) in record.spec().references() {
        let before = previous.map(|p| p.refs(f.name)).unwrap_or_default();
        for id in record.refs(f.name) {
            let row = sqlx::query(&format!(
                "SELECT ended_at, scope_service_id FROM {} WHERE id = $1",
                target.table()
            ))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            let name = target.spec().singular_in_text();
            match row {
                None => errors.add(f.name, format!("there is no {name} with id {id}")),
                Some(row) => {
                    let ended: Option<String> = row.try_get("ended_at")?;
                    if ended.is_some() && !before.contains(&id) {
                        errors.add(f.name, format!("that {name} has ended; choose a current one"));
                    }
                    let their_service: Option<i64> = row.try_get("scope_service_id")?;
                    if let (FieldKind::Ref(EntityKind::Person), Scope::Service(sf)) = (f.kind, record.spec().scope)
                        && their_service.is_some()
                        && their_service != record.int(sf)
                    {
                        errors.add(f.name, "this person is supported by a different service");
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// Adds one version to record_history (through the writer, as the import adds many).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn history(
    conn: &mut AnyConnection,
    record: &Record,
    id: i64,
    version: i64,
    action: &'static str,
    service_id: Option<i64>,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let row = HistoryRow {
        table: record.spec().table,
        id,
        version,
        action,
        scope: service_id,
        data: writer::history_data(record),
    };
    writer::history(conn, &[row], actor, now).await
}
