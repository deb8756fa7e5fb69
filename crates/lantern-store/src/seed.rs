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
        seed_logs(&mut tx, demo, &ids, actor).await?;
        crate::governance_log::seed_governance(&mut tx, &demo.governance, &ids).await?;
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

/// The demo's device log and risk reviews, their local ids turned into the records just created.
async fn seed_logs(
    conn: &mut sqlx::AnyConnection,
    demo: &DemoOrg,
    ids: &BTreeMap<EntityKind, Vec<i64>>,
    actor: &Actor,
) -> Result<(), StoreError> {
    let device = |n: i64| -> Result<i64, StoreError> {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| ids.get(&EntityKind::Device).and_then(|v| v.get(i)))
            .copied()
            .ok_or_else(|| StoreError::Corrupt(format!("demo device log refers to device {n}, not created")))
    };
    for c in &demo.device_checks {
        sqlx::query(
            "INSERT INTO device_checks (device_id, checked_on, check_type, result, battery_health, note, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(device(c.device)?)
        .bind(c.on.to_string())
        .bind(c.check_type)
        .bind(c.result)
        .bind(c.battery)
        .bind(c.note)
        .bind(&actor.label)
        .bind(format!("{}T18:00:00.000Z", c.on))
        .execute(&mut *conn)
        .await?;
    }
    for r in &demo.risk_reviews {
        let risk = usize::try_from(r.risk - 1)
            .ok()
            .and_then(|i| ids.get(&EntityKind::Risk).and_then(|v| v.get(i)))
            .copied()
            .ok_or_else(|| StoreError::Corrupt(format!("demo risk review refers to risk {}, not created", r.risk)))?;
        sqlx::query(
            "INSERT INTO risk_reviews (risk_id, kind, reviewed_at, reviewed_by, inherent_likelihood, inherent_impact, \
             residual_likelihood, residual_impact, status, next_review, note) \
             VALUES ($1, 'review', $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(risk)
        .bind(crate::codec::ts(r.at))
        .bind(r.by)
        .bind(i64::from(r.inherent.0))
        .bind(i64::from(r.inherent.1))
        .bind(i64::from(r.residual.0))
        .bind(i64::from(r.residual.1))
        .bind(r.status)
        .bind(r.next_review.to_string())
        .bind(r.note)
        .execute(&mut *conn)
        .await?;
    }
    for o in &demo.device_out {
        sqlx::query(
            "INSERT INTO device_out_of_use (device_id, from_at, fault, reported_by, back_at, repair, back_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(device(o.device)?)
        .bind(crate::codec::ts(o.from))
        .bind(o.fault)
        .bind(&actor.label)
        .bind(o.back.map(crate::codec::ts))
        .bind(o.back.map(|_| o.repair))
        .bind(o.back.map(|_| actor.label.clone()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
