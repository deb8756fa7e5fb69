//! The register as CSV in the import templates, so that export → import → export is identical.

use crate::formula::neutralise;
use lantern_core::{EntityKind, FieldKind, Record, Val};

/// One record to write: its source id and, for its references, their targets' source ids.
pub struct Row<'a> {
    pub source_id: String,
    pub record: &'a Record,
}

/// Writes `rows` of `kind` as CSV (UTF-8, with a header row). `source_of` gives the source id
/// of a referenced record. A cell a spreadsheet would run as a formula is quoted
/// ([`neutralise`]); the importer reads it back as it was.
pub fn write(
    kind: EntityKind,
    rows: &[Row<'_>],
    source_of: &dyn Fn(EntityKind, i64) -> String,
) -> Result<Vec<u8>, String> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(crate::csv_in::columns(kind))
        .map_err(|e| e.to_string())?;
    for row in rows {
        let mut cells = vec![neutralise(&row.source_id).into_owned()];
        for (f, v) in row.record.values() {
            cells.push(neutralise(&cell(f.kind, v, source_of)).into_owned());
        }
        out.write_record(&cells).map_err(|e| e.to_string())?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

fn cell(kind: FieldKind, v: &Val, source_of: &dyn Fn(EntityKind, i64) -> String) -> String {
    match (kind, v) {
        (FieldKind::Bool, Val::Bool(b)) => if *b { "yes" } else { "no" }.to_string(),
        (FieldKind::Ref(target), Val::Ref(id)) => source_of(target, *id),
        (FieldKind::RefList(target), Val::Refs(ids)) => ids
            .iter()
            .map(|id| source_of(target, *id))
            .collect::<Vec<_>>()
            .join("\n"),
        (_, Val::Times(t)) => t.iter().map(|t| t.to_string()).collect::<Vec<_>>().join("\n"),
        (_, Val::Texts(items)) => items.join("\n"),
        (_, Val::Pairs(p)) => p
            .iter()
            .map(|(a, b)| format!("{a} | {b}"))
            .collect::<Vec<_>>()
            .join("\n"),
        (_, other) => other.text(),
    }
}
