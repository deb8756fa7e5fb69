//! How stored values look on a page, and the titles of referenced records.

use crate::error::AppError;
use crate::views::Shown;
use lantern_core::{EntityKind, FieldKind, FieldSpec, Record, Val};
use lantern_store::Store;
use std::collections::{BTreeMap, HashMap};

/// Titles of referenced records, by kind and id.
#[derive(Default)]
pub struct Titles(HashMap<(EntityKind, i64), String>);

impl Titles {
    /// Loads the titles of everything `records` refer to, one query per kind.
    pub async fn load<'a>(store: &Store, records: impl Iterator<Item = &'a Record>) -> Result<Titles, AppError> {
        let mut wanted: BTreeMap<EntityKind, Vec<i64>> = BTreeMap::new();
        for r in records {
            for (f, target) in r.spec().references() {
                wanted.entry(target).or_default().extend(r.refs(f.name));
            }
        }
        let mut titles = HashMap::new();
        for (kind, mut ids) in wanted {
            ids.sort_unstable();
            ids.dedup();
            for (id, title) in store.titles(kind, &ids).await? {
                titles.insert((kind, id), title);
            }
        }
        Ok(Titles(titles))
    }

    pub fn get(&self, kind: EntityKind, id: i64) -> String {
        self.0.get(&(kind, id)).cloned().unwrap_or_else(|| format!("#{id}"))
    }
}

pub fn record_url(kind: EntityKind, id: i64) -> String {
    format!("/{}/{id}", kind.slug())
}

/// Risk tiers and warnings stand out by word and colour, never by colour alone.
fn badge_style(field: &str, value: &str) -> Option<&'static str> {
    match (field, value) {
        ("risk_tier", "high") => Some("high"),
        ("risk_tier", "medium") => Some("medium"),
        ("risk_tier", "low") => Some("low"),
        ("status", "faulty") | ("last_test_result", "fail") => Some("warn"),
        ("status", "in_use") | ("last_test_result", "pass") => Some("ok"),
        _ => None,
    }
}

pub fn shown(f: &FieldSpec, v: &Val, titles: &Titles) -> Shown {
    match (f.kind, v) {
        (_, Val::Empty) if f.kind != FieldKind::Bool => Shown::Empty,
        (FieldKind::Bool, Val::Empty) => Shown::Flag(false),
        (FieldKind::Bool, Val::Bool(b)) => Shown::Flag(*b),
        (FieldKind::Choice(_), Val::Text(s)) => {
            let label = f.kind.choice_label(s).unwrap_or(s).to_string();
            match badge_style(f.name, s) {
                Some(style) => Shown::Badge(label, style),
                None => Shown::Text(label),
            }
        }
        (FieldKind::LongText, Val::Text(s)) => Shown::Para(s.clone()),
        (FieldKind::Phone, Val::Phone(p)) => Shown::Tel(p.to_string(), p.digits().to_string()),
        (FieldKind::Ref(kind), Val::Ref(id)) => Shown::Link(titles.get(kind, *id), record_url(kind, *id)),
        (FieldKind::RefList(kind), Val::Refs(ids)) => Shown::Links(
            ids.iter()
                .map(|id| (titles.get(kind, *id), record_url(kind, *id)))
                .collect(),
        ),
        (FieldKind::Pairs { first, second }, Val::Pairs(rows)) => {
            Shown::Pairs(first.to_string(), second.to_string(), rows.clone())
        }
        (FieldKind::TextList, Val::Texts(items)) => Shown::List(items.clone()),
        (FieldKind::Date, Val::Date(d)) => Shown::Text(d.strftime("%-d %b %Y").to_string()),
        (_, other) => Shown::Text(other.text()),
    }
}

/// A stored time as people read it: "24 Nov 2026, 09:30" in UK time, marked BST or GMT in the
/// repeated autumn hour.
pub fn when(at: &jiff::Timestamp) -> String {
    lantern_core::sheet_time::show_dated(*at)
}
