//! Records an import cannot apply yet: one referring to a record later in the file, a part of
//! a record whose main part comes later, or one with a problem that a later part may mend.
//! They wait here, in their order, until what they wait for is applied, a later part of them
//! arrives, or the import ends. A file in a sensible order (a patient before their medicines)
//! leaves nothing here; a file in the reverse order holds its dependent records until the
//! records they need arrive.

use super::merge::Part;
use lantern_core::EntityKind;
use std::collections::{BTreeMap, HashMap};

type Key = (EntityKind, String);

#[derive(Debug, Default)]
pub(crate) struct Pending {
    parts: BTreeMap<u64, lantern_core::incoming::Incoming>,
    /// The held parts of each record.
    by_record: HashMap<Key, Vec<u64>>,
    /// Records waiting for another record to be applied.
    waiting: HashMap<Key, Vec<Key>>,
}

impl Pending {
    pub fn hold(&mut self, (seq, incoming): Part, waits_for: Option<Key>) {
        let key = (incoming.kind, incoming.source_id.clone());
        if let Some(target) = waits_for {
            self.waiting.entry(target).or_default().push(key.clone());
        }
        self.by_record.entry(key).or_default().push(seq);
        self.parts.insert(seq, incoming);
    }

    pub fn holds(&self, kind: EntityKind, source: &str) -> bool {
        !self.parts.is_empty() && self.by_record.contains_key(&(kind, source.to_string()))
    }

    /// Takes out every held part of one record.
    pub fn release(&mut self, kind: EntityKind, source: &str) -> Vec<Part> {
        let seqs = self.by_record.remove(&(kind, source.to_string())).unwrap_or_default();
        seqs.into_iter()
            .filter_map(|seq| self.parts.remove(&seq).map(|p| (seq, p)))
            .collect()
    }

    /// Takes out the records that were waiting for this one.
    pub fn released_by(&mut self, kind: EntityKind, source: &str) -> Vec<Part> {
        if self.waiting.is_empty() {
            return Vec::new();
        }
        let keys = self.waiting.remove(&(kind, source.to_string())).unwrap_or_default();
        keys.into_iter().flat_map(|(k, s)| self.release(k, &s)).collect()
    }

    /// Takes out everything, in order.
    pub fn drain(&mut self) -> Vec<Part> {
        self.by_record.clear();
        self.waiting.clear();
        std::mem::take(&mut self.parts).into_iter().collect()
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }
}
