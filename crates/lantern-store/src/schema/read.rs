//! Reading the schema back: SQLite's PRAGMAs and catalogue, PostgreSQL's information_schema
//! and pg_catalog, both into [`Schema`].

use super::{Column, ForeignKey, Index, Schema, Table, Trigger, first_quoted, kind_of, plain_default};
use crate::{Backend, Store, StoreError};
use sqlx::Row;

impl Store {
    /// The tables, columns, keys, indexes and triggers of this database as it stands.
    pub async fn schema(&self) -> Result<Schema, StoreError> {
        let mut schema = match self.backend {
            Backend::Sqlite => sqlite(self).await?,
            Backend::Postgres => postgres(self).await?,
        };
        // SQLite leaves out the referenced columns of `REFERENCES t` (meaning t's key);
        // PostgreSQL names them. Filled in here so that the two read alike.
        let keys: Vec<(String, Vec<String>)> = schema
            .tables
            .iter()
            .map(|(n, t)| (n.clone(), t.primary_key.clone()))
            .collect();
        for table in schema.tables.values_mut() {
            table.foreign_keys = std::mem::take(&mut table.foreign_keys)
                .into_iter()
                .map(|mut fk| {
                    if fk.ref_columns.iter().all(|c| c.is_empty())
                        && let Some((_, key)) = keys.iter().find(|(n, _)| *n == fk.table)
                    {
                        fk.ref_columns = key.clone();
                    }
                    fk
                })
                .collect();
        }
        Ok(schema)
    }
}

async fn sqlite(store: &Store) -> Result<Schema, StoreError> {
    let pool = &store.pool;
    let mut schema = Schema::default();
    let tables = sqlx::query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    for t in tables {
        let name: String = t.try_get(0)?;
        let sql: String = t.try_get(1)?;
        let autoincrement = sql.to_ascii_uppercase().contains("AUTOINCREMENT");
        let mut table = Table::default();
        let mut key: Vec<(i64, String)> = Vec::new();
        for c in sqlx::query("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1) ORDER BY cid")
            .bind(&name)
            .fetch_all(pool)
            .await?
        {
            let column: String = c.try_get(0)?;
            let declared: String = c.try_get(1)?;
            let pk: i64 = c.try_get(4)?;
            if pk > 0 {
                key.push((pk, column.clone()));
            }
            let identity = pk > 0 && autoincrement && declared.eq_ignore_ascii_case("INTEGER");
            table.columns.push(Column {
                name: column,
                kind: kind_of(&declared),
                // SQLite lets a non-integer key hold NULL (a bug it keeps for old files);
                // Lantern never writes one, and PostgreSQL makes every key NOT NULL.
                not_null: c.try_get::<i64, _>(2)? != 0 || pk > 0,
                default: if identity {
                    Some("identity".into())
                } else {
                    c.try_get::<Option<String>, _>(3)?.map(|d| plain_default(&d))
                },
            });
        }
        key.sort();
        table.primary_key = key.into_iter().map(|(_, c)| c).collect();
        for i in sqlx::query("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
            .bind(&name)
            .fetch_all(pool)
            .await?
        {
            let index: String = i.try_get(0)?;
            let origin: String = i.try_get(2)?;
            if origin == "pk" {
                continue;
            }
            let columns = sqlx::query("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                .bind(&index)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| r.try_get::<Option<String>, _>(0).map(|c| c.unwrap_or_default()))
                .collect::<Result<_, _>>()?;
            table.indexes.insert(Index {
                name: (origin == "c").then_some(index),
                columns,
                unique: i.try_get::<i64, _>(1)? != 0,
                partial: i.try_get::<i64, _>(3)? != 0,
            });
        }
        let mut keys: std::collections::BTreeMap<i64, ForeignKey> = Default::default();
        for f in sqlx::query(
            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(pool)
        .await?
        {
            let fk = keys.entry(f.try_get(0)?).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                table: String::new(),
                ref_columns: Vec::new(),
                on_delete: String::new(),
                on_update: String::new(),
            });
            fk.table = f.try_get(1)?;
            fk.columns.push(f.try_get(2)?);
            fk.ref_columns.push(f.try_get::<Option<String>, _>(3)?.unwrap_or_default());
            fk.on_update = f.try_get(4)?;
            fk.on_delete = f.try_get(5)?;
        }
        table.foreign_keys = keys.into_values().collect();
        schema.tables.insert(name, table);
    }
    for t in sqlx::query("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        .fetch_all(pool)
        .await?
    {
        let name: String = t.try_get(0)?;
        let sql: String = t.try_get(2)?;
        let trigger = Trigger {
            when: sqlite_trigger_when(&sql, &name),
            message: first_quoted(&sql),
            name,
        };
        if let Some(table) = schema.tables.get_mut(&t.try_get::<String, _>(1)?) {
            table.triggers.insert(trigger);
        }
    }
    Ok(schema)
}

/// "BEFORE DELETE" out of `CREATE TRIGGER name BEFORE DELETE ON t …`.
fn sqlite_trigger_when(sql: &str, name: &str) -> String {
    let upper = sql.to_ascii_uppercase();
    let after_name = upper
        .find(&name.to_ascii_uppercase())
        .map(|at| &upper[at + name.len()..])
        .unwrap_or(&upper);
    let head = after_name.split(" ON ").next().unwrap_or("");
    head.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn postgres(store: &Store) -> Result<Schema, StoreError> {
    let pool = &store.pool;
    let mut schema = Schema::default();
    for t in sqlx::query(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .fetch_all(pool)
    .await?
    {
        schema.tables.insert(t.try_get(0)?, Table::default());
    }
    for c in sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, \
         column_default::text, is_identity::text FROM information_schema.columns \
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
    )
    .fetch_all(pool)
    .await?
    {
        let Some(table) = schema.tables.get_mut(&c.try_get::<String, _>(0)?) else {
            continue;
        };
        let identity = c.try_get::<String, _>(5)? == "YES";
        table.columns.push(Column {
            name: c.try_get(1)?,
            kind: kind_of(&c.try_get::<String, _>(2)?),
            not_null: c.try_get::<String, _>(3)? == "NO",
            default: if identity {
                Some("identity".into())
            } else {
                c.try_get::<Option<String>, _>(4)?.map(|d| plain_default(&d))
            },
        });
    }
    // Column lists come back as text joined by ',' so that the `Any` driver, which has no
    // arrays, can read them.
    for i in sqlx::query(
        "SELECT t.relname::text, i.relname::text, ix.indisunique, ix.indisprimary, \
         EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid), \
         ix.indpred IS NOT NULL, \
         array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(n, o) \
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o), ',') \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()",
    )
    .fetch_all(pool)
    .await?
    {
        let Some(table) = schema.tables.get_mut(&i.try_get::<String, _>(0)?) else {
            continue;
        };
        let columns = split_list(&i.try_get::<String, _>(6)?);
        if i.try_get::<bool, _>(3)? {
            table.primary_key = columns;
            continue;
        }
        table.indexes.insert(Index {
            name: (!i.try_get::<bool, _>(4)?).then(|| i.try_get(1)).transpose()?,
            columns,
            unique: i.try_get(2)?,
            partial: i.try_get(5)?,
        });
    }
    for f in sqlx::query(
        "SELECT t.relname::text, r.relname::text, \
         array_to_string(ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) \
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), ','), \
         array_to_string(ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) \
           JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o), ','), \
         c.confupdtype::text, c.confdeltype::text \
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid \
         JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()",
    )
    .fetch_all(pool)
    .await?
    {
        let Some(table) = schema.tables.get_mut(&f.try_get::<String, _>(0)?) else {
            continue;
        };
        table.foreign_keys.insert(ForeignKey {
            table: f.try_get(1)?,
            columns: split_list(&f.try_get::<String, _>(2)?),
            ref_columns: split_list(&f.try_get::<String, _>(3)?),
            on_update: pg_action(&f.try_get::<String, _>(4)?),
            on_delete: pg_action(&f.try_get::<String, _>(5)?),
        });
    }
    for t in sqlx::query(
        "SELECT event_object_table::text, trigger_name::text, action_timing::text, \
         event_manipulation::text, action_statement::text FROM information_schema.triggers \
         WHERE trigger_schema = current_schema()",
    )
    .fetch_all(pool)
    .await?
    {
        let Some(table) = schema.tables.get_mut(&t.try_get::<String, _>(0)?) else {
            continue;
        };
        table.triggers.insert(Trigger {
            name: t.try_get(1)?,
            when: format!("{} {}", t.try_get::<String, _>(2)?, t.try_get::<String, _>(3)?),
            message: first_quoted(&t.try_get::<String, _>(4)?),
        });
    }
    Ok(schema)
}

fn split_list(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// pg_constraint's one-letter referential actions, in SQLite's words.
fn pg_action(code: &str) -> String {
    match code {
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "NO ACTION",
    }
    .to_string()
}
