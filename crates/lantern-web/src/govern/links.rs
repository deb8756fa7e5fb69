//! Where the register's lists and records lead into Govern: a device to its log, a unit policy
//! to its unit, a risk to its reviews. One place, so the register pages stay generic.

use lantern_core::{EntityKind, Record};

fn link(url: impl Into<String>, label: &str) -> (String, String) {
    (url.into(), label.to_string())
}

pub fn of_list(kind: EntityKind) -> Vec<(String, String)> {
    match kind {
        EntityKind::Device => vec![
            link("/units", "Devices by unit"),
            link("/device-policies", "Unit device policies"),
        ],
        EntityKind::DevicePolicy => vec![link("/units", "Devices by unit")],
        EntityKind::Risk => vec![link("/risks/heat-map", "Heat map")],
        _ => Vec::new(),
    }
}

pub fn of_record(kind: EntityKind, id: i64, record: &Record) -> Vec<(String, String)> {
    let unit_page = |service: Option<i64>, unit: &str| {
        let unit = unit.trim();
        service
            .filter(|_| !unit.is_empty())
            .map(|s| link(super::devices::unit_url(s, unit), "The unit's devices"))
    };
    match kind {
        EntityKind::Device => {
            let mut out = vec![link(format!("/devices/{id}/log"), "Tests and faults")];
            out.extend(unit_page(record.int("service_id"), record.text("unit")));
            out
        }
        EntityKind::DevicePolicy => unit_page(record.int("service_id"), record.text("unit"))
            .into_iter()
            .collect(),
        EntityKind::Risk => vec![link(format!("/risks/{id}/reviews"), "Reviews")],
        EntityKind::Supplier => vec![link(format!("/suppliers/{id}/assurance"), "Reviews and disruptions")],
        _ => Vec::new(),
    }
}
