//! Loads a generated demo organisation in one transaction, turning the generator's local
//! references (the n-th service) into database ids.

use crate::register::insert_in;
use crate::{Actor, NewUser, Store, StoreError};
use jiff::Timestamp;
use lantern_core::demo::DemoOrg;
use lantern_core::{EntityKind, FieldKind, Record, Val};
use std::collections::BTreeMap;

/// How many records of each kind were created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedSummary(pub BTreeMap<EntityKind, usize>);

impl Store {
    /// Creates the organisation and every record of `demo`, or nothing at all.
    pub async fn seed_demo(
        &self,
        demo: &DemoOrg,
        users: &[NewUser],
        actor: &Actor,
        now: Timestamp,
    ) -> Result<SeedSummary, StoreError> {
        let mut tx = self.write().await?;
        crate::insert_organisation_in(&mut tx, &demo.organisation, now).await?;
        for user in users {
            crate::auth::insert_user_in(&mut tx, user, now).await?;
        }
        let mut ids: BTreeMap<EntityKind, Vec<i64>> = BTreeMap::new();
        for (kind, local) in &demo.records {
            let record = remap(local, &ids)?;
            let id = insert_in(&mut tx, &record, None, actor, now).await?;
            ids.entry(*kind).or_default().push(id);
        }
        tx.commit().await?;
        Ok(SeedSummary(ids.into_iter().map(|(k, v)| (k, v.len())).collect()))
    }
}

fn remap(local: &Record, ids: &BTreeMap<EntityKind, Vec<i64>>) -> Result<Record, StoreError> {
    let mut record = local.clone();
    for (f, target) in local.spec().references() {
        let lookup = |n: i64| -> Result<i64, StoreError> {
            usize::try_from(n - 1)
                .ok()
                .and_then(|i| ids.get(&target).and_then(|v| v.get(i)))
                .copied()
                .ok_or_else(|| {
                    StoreError::Corrupt(format!("demo {} refers to {target:?} {n}, not yet created", f.name))
                })
        };
        match (f.kind, local.get(f.name)) {
            (FieldKind::Ref(_), Val::Ref(n)) => record.set(f.name, Val::Ref(lookup(*n)?)),
            (FieldKind::RefList(_), Val::Refs(list)) => {
                let mapped = list.iter().map(|n| lookup(*n)).collect::<Result<Vec<_>, _>>()?;
                record.set(f.name, Val::Refs(mapped));
            }
            _ => {}
        }
    }
    Ok(record)
}
