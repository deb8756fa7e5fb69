//! Rows exactly as the database holds them, every column, for tests that compare what two
//! ways of writing left behind (a single write and an import) value for value.

use crate::codec::quote;
use crate::{Store, StoreError};
use sqlx::Row;

/// One stored value, typed by its column's declared type.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A row as (column, value), in the table's column order.
pub type RawRow = Vec<(String, RawValue)>;

impl Store {
    /// Every column of the rows of `table` whose `id` is one of `ids`, in that order. Bypasses
    /// every rule of the store: only for tests.
    #[doc(hidden)]
    pub async fn raw_rows_for_tests(&self, table: &str, ids: &[i64]) -> Result<Vec<RawRow>, StoreError> {
        let schema = self.schema().await?;
        let Some(t) = schema.tables.get(table) else {
            return Err(StoreError::NotFound(format!("table {table}")));
        };
        let columns: Vec<String> = t.columns.iter().map(|c| quote(&c.name)).collect();
        let mut out = Vec::new();
        for id in ids {
            let sql = format!("SELECT {} FROM {} WHERE id = $1", columns.join(", "), quote(table));
            let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await? else {
                return Err(StoreError::NotFound(format!("{table} {id}")));
            };
            let mut values = Vec::new();
            for (i, c) in t.columns.iter().enumerate() {
                let value = match c.kind.as_str() {
                    "integer" | "boolean" => row.try_get::<Option<i64>, _>(i)?.map(RawValue::Int),
                    "real" => row.try_get::<Option<f64>, _>(i)?.map(RawValue::Real),
                    "blob" => row.try_get::<Option<Vec<u8>>, _>(i)?.map(RawValue::Blob),
                    _ => row.try_get::<Option<String>, _>(i)?.map(RawValue::Text),
                };
                values.push((c.name.clone(), value.unwrap_or(RawValue::Null)));
            }
            out.push(values);
        }
        Ok(out)
    }

    /// The ids of `table`'s rows where `column` holds `value`, oldest first: with
    /// [`Store::raw_rows_for_tests`], to find the record_history rows of a record.
    #[doc(hidden)]
    pub async fn raw_ids_for_tests(&self, table: &str, column: &str, value: i64) -> Result<Vec<i64>, StoreError> {
        let sql = format!(
            "SELECT id FROM {} WHERE {} = $1 ORDER BY id",
            quote(table),
            quote(column)
        );
        let rows = sqlx::query(&sql).bind(value).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.try_get::<i64, _>(0)).collect::<Result<_, _>>()?)
    }
}
