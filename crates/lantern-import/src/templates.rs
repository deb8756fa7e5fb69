//! The import templates as documentation: one page and one example file per entity, made from
//! the same field descriptions the importer reads with, so that the docs cannot drift.

use crate::csv_out;
use lantern_core::demo::{DemoParams, generate};
use lantern_core::{EntityKind, FieldKind, Record};

fn format_of(kind: FieldKind) -> String {
    match kind {
        FieldKind::Text { max } => format!("text, up to {max} characters"),
        FieldKind::LongText => "text; line breaks allowed (quote the cell)".into(),
        FieldKind::Choice(options) => {
            let values: Vec<String> = options.iter().map(|(v, l)| format!("`{v}` ({l})")).collect();
            format!("one of {}", values.join(", "))
        }
        FieldKind::Bool => "`yes` or `no`".into(),
        FieldKind::Int { min, max } => format!("whole number {min}–{max}"),
        FieldKind::Date => "date: DD/MM/YYYY or YYYY-MM-DD".into(),
        FieldKind::Time => "time HH:MM, 24-hour, UK local time".into(),
        FieldKind::TimeList => "times HH:MM, one per line or separated by `;`".into(),
        FieldKind::TextList => "one item per line (quote the cell)".into(),
        FieldKind::Pairs { first, second } => format!("one per line: {first} `|` {second}"),
        FieldKind::Nhs => "NHS number, 10 digits (spaces allowed); the check digit is verified".into(),
        FieldKind::Phone => "UK phone number".into(),
        FieldKind::Email => "email address".into(),
        FieldKind::CqcLocation => "CQC location id, e.g. 1-123456789".into(),
        FieldKind::Postcode => "UK postcode".into(),
        FieldKind::Ref(k) => format!(
            "the source_id of a {} (or its Lantern id as `#12`{})",
            k.spec().singular_in_text(),
            by_name(k)
        ),
        FieldKind::RefList(k) => format!(
            "source_ids of {}, one per line or separated by `;`",
            k.spec().plural_in_text()
        ),
    }
}

fn by_name(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Service | EntityKind::Practice | EntityKind::Staff | EntityKind::Supplier | EntityKind::Course => {
            ", or its exact name"
        }
        _ => "",
    }
}

/// The documentation page of an entity's CSV template.
pub fn markdown(kind: EntityKind) -> String {
    let spec = kind.spec();
    let mut out = format!("# {}.csv — {}\n\n{}\n\n", spec.slug, spec.plural, spec.about);
    out.push_str("Import with `lantern import csv ");
    out.push_str(spec.slug);
    out.push_str(".csv` (add `--dry-run` to see what would change). ");
    out.push_str("Rules for every template: [README](README.md). Example: [");
    out.push_str(spec.slug);
    out.push_str(".csv](examples/");
    out.push_str(spec.slug);
    out.push_str(".csv).\n\n| column | meaning | required | format |\n|---|---|---|---|\n");
    out.push_str(
        "| `source_id` | this record's identifier in your system; re-importing the same id updates it | yes | text |\n",
    );
    for f in spec.fields {
        let required = if f.required { "yes" } else { "" };
        let meaning = if f.help.is_empty() {
            f.label.to_string()
        } else {
            format!("{} ({})", f.label, f.help)
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            f.name,
            meaning.replace('|', "/"),
            required,
            format_of(f.kind).replace('|', "\\|")
        ));
    }
    out
}

/// An example file: a few records of the demo organisation, with example source ids.
pub fn example_csv(kind: EntityKind) -> Vec<u8> {
    let demo = generate(&DemoParams::default(), jiff::civil::date(2026, 11, 24));
    let records: Vec<&Record> = demo
        .records
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, r)| r)
        .take(3)
        .collect();
    // The demo's references are local numbers (the n-th service): keep them as example ids.
    let source_of = |k: EntityKind, n: i64| format!("{}-{n}", k.slug());
    let rows: Vec<csv_out::Row> = records
        .iter()
        .enumerate()
        .map(|(i, r)| csv_out::Row {
            source_id: format!("{}-{}", kind.slug(), i + 1),
            record: r,
        })
        .collect();
    csv_out::write(kind, &rows, &source_of).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found when the tests run, not when they are built (a test binary may be run from
    /// another checkout that shares the target directory).
    fn docs() -> std::path::PathBuf {
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default()).join("../../docs/import")
    }

    /// `LANTERN_WRITE_DOCS=1 cargo test -p lantern-import templates` rewrites them.
    #[test]
    fn the_template_docs_and_examples_match_the_fields() {
        let write = std::env::var("LANTERN_WRITE_DOCS").is_ok();
        for kind in EntityKind::ALL {
            let page = docs().join(format!("{}.md", kind.slug()));
            let example = docs().join(format!("examples/{}.csv", kind.slug()));
            if write {
                std::fs::create_dir_all(docs().join("examples")).unwrap();
                std::fs::write(&page, markdown(kind)).unwrap();
                std::fs::write(&example, example_csv(kind)).unwrap();
            }
            assert_eq!(
                std::fs::read_to_string(&page).unwrap(),
                markdown(kind),
                "{} is out of date",
                page.display()
            );
            assert_eq!(
                std::fs::read(&example).unwrap(),
                example_csv(kind),
                "{} is out of date",
                example.display()
            );
        }
    }

    #[test]
    fn every_example_file_reads_without_errors() {
        for kind in EntityKind::ALL {
            let batch = crate::csv_in::read("example.csv", kind, &example_csv(kind));
            assert!(batch.errors.is_empty(), "{kind:?}: {:?}", batch.errors);
            assert!(!batch.records.is_empty(), "{kind:?}");
        }
    }
}
