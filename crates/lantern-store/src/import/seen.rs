//! What an import has applied so far, by kind and source id: the only thing it keeps per
//! record (an id and a few bits), so that a long import's memory does not hold its records.
//! Later parts of a record, references to it and the end of missing records all use it.

use lantern_core::EntityKind;
use lantern_core::incoming::Incoming;
use std::collections::HashMap;

/// What the import did to a record, for its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    New,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Seen {
    pub id: i64,
    pub outcome: Outcome,
    /// The fields this import has given the record so far (bit `i` for the spec's field `i`),
    /// so that an additive field adds to this import's value and replaces the register's.
    pub given: u64,
    /// The record's version before this import (0 for a new one): only a version right after
    /// it can be taken back as the import's own (group.rs).
    pub before: i64,
}

#[derive(Debug, Default)]
pub(crate) struct SeenMap {
    records: HashMap<EntityKind, HashMap<String, Seen>>,
    /// Each kind's field names and their bit in [`Seen::given`]. Every entity has fewer than
    /// 64 fields (a test below says so); a field beyond would only lose additivity, never data.
    bits: HashMap<EntityKind, HashMap<&'static str, u64>>,
}

impl SeenMap {
    pub fn get(&self, kind: EntityKind, source: &str) -> Option<&Seen> {
        self.records.get(&kind)?.get(source)
    }

    /// The bits of these fields in [`Seen::given`].
    pub fn bits<'a>(&mut self, kind: EntityKind, fields: impl Iterator<Item = &'a String>) -> u64 {
        let bits = self.bits.entry(kind).or_insert_with(|| {
            let fields = kind.spec().fields.iter().take(64);
            fields.enumerate().map(|(i, f)| (f.name, 1u64 << i)).collect()
        });
        fields.fold(0, |acc, f| acc | bits.get(f.as_str()).copied().unwrap_or(0))
    }

    /// Notes that `incoming` was applied as record `id`, whose version was `before` when this
    /// import first applied it.
    pub fn record(&mut self, kind: EntityKind, incoming: &Incoming, id: i64, outcome: Outcome, before: i64) {
        let given = self.bits(kind, incoming.input.keys());
        let entry = self
            .records
            .entry(kind)
            .or_default()
            .entry(incoming.source_id.clone())
            .or_insert(Seen {
                id,
                outcome,
                given: 0,
                before,
            });
        entry.id = id;
        entry.outcome = outcome;
        entry.given |= given;
    }

    /// Ids applied per kind.
    pub fn ids(&self, kind: EntityKind) -> impl Iterator<Item = i64> + '_ {
        self.records
            .get(&kind)
            .into_iter()
            .flat_map(|m| m.values().map(|s| s.id))
    }

    /// How many records of each kind had each outcome.
    pub fn count(&self, outcome: Outcome) -> impl Iterator<Item = (EntityKind, usize)> + '_ {
        self.records.iter().filter_map(move |(kind, m)| {
            let n = m.values().filter(|s| s.outcome == outcome).count();
            (n > 0).then_some((*kind, n))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_has_fewer_than_64_fields() {
        for kind in EntityKind::ALL {
            assert!(kind.spec().fields.len() < 64, "{kind:?}");
        }
    }
}
