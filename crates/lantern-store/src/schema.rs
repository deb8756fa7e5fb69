//! What the migrations created, read back from the database itself and put in one form for
//! both backends, so that the SQLite and PostgreSQL folders can be compared by what they make
//! rather than by their text (which differs by dialect).

mod read;

use std::collections::{BTreeMap, BTreeSet};

/// The tables of a database in a backend-neutral form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    pub tables: BTreeMap<String, Table>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// In their order in the table: `SELECT *` and positional reads depend on it.
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub indexes: BTreeSet<Index>,
    pub foreign_keys: BTreeSet<ForeignKey>,
    pub triggers: BTreeSet<Trigger>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// One of `integer`, `text`, `blob`, `real`, `boolean`, or the type as declared.
    pub kind: String,
    pub not_null: bool,
    /// The default as written, casts removed (`'x'::text` is `'x'`); `identity` for a key
    /// the database numbers itself (AUTOINCREMENT, GENERATED … AS IDENTITY).
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Index {
    /// The name of a `CREATE INDEX`; `None` for one a UNIQUE constraint made, whose name
    /// each backend invents its own way.
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub unique: bool,
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub table: String,
    pub ref_columns: Vec<String>,
    /// `NO ACTION`, `CASCADE`, `SET NULL`, `RESTRICT` or `SET DEFAULT`.
    pub on_delete: String,
    pub on_update: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Trigger {
    pub name: String,
    /// `BEFORE`, `AFTER` or `INSTEAD OF`, with the event: `BEFORE DELETE`.
    pub when: String,
    /// The first quoted string of the trigger's action: the refusal it raises.
    pub message: Option<String>,
}

impl Schema {
    /// Every way `other` differs from `self`, one line each, naming the table and column;
    /// `labels` name the two sides in the lines ("sqlite", "postgres").
    pub fn differences(&self, other: &Schema, labels: (&str, &str)) -> Vec<String> {
        let (a, b) = labels;
        let mut out = Vec::new();
        let names: BTreeSet<&String> = self.tables.keys().chain(other.tables.keys()).collect();
        for name in names {
            match (self.tables.get(name), other.tables.get(name)) {
                (Some(x), Some(y)) => table_differences(name, x, y, labels, &mut out),
                (Some(_), None) => out.push(format!("table {name}: only in {a}")),
                (None, _) => out.push(format!("table {name}: only in {b}")),
            }
        }
        out
    }
}

fn table_differences(name: &str, x: &Table, y: &Table, (a, b): (&str, &str), out: &mut Vec<String>) {
    let x_names: Vec<&str> = x.columns.iter().map(|c| c.name.as_str()).collect();
    let y_names: Vec<&str> = y.columns.iter().map(|c| c.name.as_str()).collect();
    for c in &x.columns {
        match y.columns.iter().find(|d| d.name == c.name) {
            None => out.push(format!("table {name}, column {}: only in {a}", c.name)),
            Some(d) => {
                if c.kind != d.kind {
                    out.push(format!(
                        "table {name}, column {}: type {} in {a}, {} in {b}",
                        c.name, c.kind, d.kind
                    ));
                }
                if c.not_null != d.not_null {
                    let says = |n: bool| if n { "NOT NULL" } else { "nullable" };
                    out.push(format!(
                        "table {name}, column {}: {} in {a}, {} in {b}",
                        c.name,
                        says(c.not_null),
                        says(d.not_null)
                    ));
                }
                if c.default != d.default {
                    out.push(format!(
                        "table {name}, column {}: default {:?} in {a}, {:?} in {b}",
                        c.name, c.default, d.default
                    ));
                }
            }
        }
    }
    for d in y.columns.iter().filter(|d| !x_names.contains(&d.name.as_str())) {
        out.push(format!("table {name}, column {}: only in {b}", d.name));
    }
    let common = |names: &[&str], other: &[&str]| -> Vec<String> {
        names
            .iter()
            .filter(|n| other.contains(n))
            .map(|n| n.to_string())
            .collect()
    };
    if common(&x_names, &y_names) != common(&y_names, &x_names) {
        out.push(format!(
            "table {name}: columns in another order: {x_names:?} in {a}, {y_names:?} in {b}"
        ));
    }
    if x.primary_key != y.primary_key {
        out.push(format!(
            "table {name}: primary key {:?} in {a}, {:?} in {b}",
            x.primary_key, y.primary_key
        ));
    }
    one_sided(name, "index", &x.indexes, &y.indexes, (a, b), out);
    one_sided(name, "foreign key", &x.foreign_keys, &y.foreign_keys, (a, b), out);
    one_sided(name, "trigger", &x.triggers, &y.triggers, (a, b), out);
}

fn one_sided<T: Ord + std::fmt::Debug>(
    table: &str,
    what: &str,
    x: &BTreeSet<T>,
    y: &BTreeSet<T>,
    (a, b): (&str, &str),
    out: &mut Vec<String>,
) {
    for i in x.difference(y) {
        out.push(format!("table {table}: {what} only in {a}: {i:?}"));
    }
    for i in y.difference(x) {
        out.push(format!("table {table}: {what} only in {b}: {i:?}"));
    }
}

/// A declared type in the family both backends agree on; unknown types pass through as
/// written, lower-cased, so that they still compare.
fn kind_of(declared: &str) -> String {
    let t = declared.trim().to_ascii_lowercase();
    let family = match t.as_str() {
        "integer" | "int" | "bigint" | "smallint" | "int2" | "int4" | "int8" => "integer",
        "text" | "character varying" | "varchar" => "text",
        "blob" | "bytea" => "blob",
        "real" | "double precision" | "float8" | "float4" => "real",
        "boolean" | "bool" => "boolean",
        _ => return t,
    };
    family.to_string()
}

/// A default as written, without PostgreSQL's casts (`'unknown'::text`, `0::bigint`).
fn plain_default(raw: &str) -> String {
    let mut s = raw.trim();
    while let Some(at) = s.rfind("::") {
        // Only a trailing cast: `::` inside a quoted default stays.
        if s[at + 2..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '_')
        {
            s = s[..at].trim_end();
        } else {
            break;
        }
    }
    let s = s.strip_prefix('(').and_then(|s| s.strip_suffix(')')).unwrap_or(s);
    s.to_string()
}

/// The first single-quoted string in `sql`, with `''` read as one quote.
fn first_quoted(sql: &str) -> Option<String> {
    let start = sql.find('\'')? + 1;
    let mut out = String::new();
    let mut chars = sql[start..].chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return Some(out);
            }
        }
        out.push(c);
    }
    None
}

#[cfg(test)]
mod tests;
