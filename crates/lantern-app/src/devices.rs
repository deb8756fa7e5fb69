//! A device failure is the size of the problem: the devices named (from the register) decide the
//! services and the unit when they are not chosen, and a unit confines the families list, the
//! rounds and the clocks to it. For the page and the API alike.

use crate::App;
use crate::Error;
use crate::disruptions::{read_all, read_one};
use crate::packs::all;
use lantern_core::EntityKind;
use lantern_core::care::{Choice, Device, Person, Service};
use lantern_core::disruption::{Declaration, DeclarationInput};
use lantern_store::{DisruptionRow, ListQuery, User};

/// The devices a declaration names, each one in the register and of the user's services.
pub async fn named(app: &App, user: &User, raw: &[String]) -> Result<Vec<Device>, Error> {
    let mut seen: Vec<i64> = Vec::new();
    let mut out: Vec<Device> = Vec::new();
    for id in raw.iter().filter_map(|r| r.trim().parse::<i64>().ok()) {
        let device = match app.store.get(EntityKind::Device, id).await {
            Ok(d) if d.service_id.is_none_or(|s| user.access.allows(s)) => d,
            _ => {
                return Err(Error::invalid(
                    "devices",
                    "one of the devices is not in your device register",
                ));
            }
        };
        if !seen.contains(&id) {
            seen.push(id);
            out.push(read_one(&device, Device::parse, "devices")?);
        }
    }
    Ok(out)
}

/// Services and unit left empty are those of the devices: a failed tablet on Ash unit of
/// Riverside House is a disruption of Ash unit of Riverside House.
pub fn fill_in(input: &mut DeclarationInput, devices: &[Device]) {
    if input.services.iter().all(|s| s.trim().is_empty()) {
        let mut services: Vec<i64> = devices.iter().filter_map(|d| d.service_id).map(|s| s.get()).collect();
        services.sort_unstable();
        services.dedup();
        input.services = services.iter().map(i64::to_string).collect();
    }
    if input.unit.trim().is_empty() {
        let units: Vec<&str> = devices.iter().map(|d| d.unit.trim()).collect();
        if let Some(first) = units.first()
            && !first.is_empty()
            && units.iter().all(|u| u.eq_ignore_ascii_case(first))
        {
            input.unit = (*first).to_string();
        }
    }
}

/// The units of `services`: those the service lists, then any its people are on.
pub async fn units_of(app: &App, services: &[i64]) -> Result<Vec<String>, Error> {
    let mut units: Vec<String> = Vec::new();
    let mut add = |u: &str| {
        let u = u.trim();
        if !u.is_empty() && !units.iter().any(|x| x.eq_ignore_ascii_case(u)) {
            units.push(u.to_string());
        }
    };
    for s in services {
        let service = read_one(
            &app.store.get(EntityKind::Service, *s).await?,
            Service::parse,
            "services",
        )?;
        service.units.iter().for_each(|u| add(u));
        let q = ListQuery {
            service: Some(*s),
            ..Default::default()
        };
        let people = all(&app.store, EntityKind::Person, q).await?;
        for (_, p) in read_all(people.iter().map(|p| (p.id, &p.record)), Person::parse) {
            add(&p.unit);
        }
    }
    Ok(units)
}

/// A unit must be one of the affected services' units, so that the lists it narrows are not
/// silently empty.
pub async fn check_unit(app: &App, d: &Declaration) -> Result<(), Error> {
    let Some(unit) = &d.unit else { return Ok(()) };
    let units = units_of(app, &d.services).await?;
    if units.iter().any(|u| u.eq_ignore_ascii_case(unit)) {
        return Ok(());
    }
    let message = match units.as_slice() {
        [] => "the affected services list no units: leave this empty".to_string(),
        known => format!(
            "is not a unit of the affected services; choose one of {}",
            known.join(", ")
        ),
    };
    Err(Error::invalid("unit", message))
}

/// Whether a person is within a disruption's reach: anyone when it has no unit.
pub fn in_reach(d: &DisruptionRow, person: &Person) -> bool {
    d.unit
        .as_deref()
        .is_none_or(|u| person.unit.trim().eq_ignore_ascii_case(u))
}

/// "RCG-TAB-0005 Tablet · Ash unit · now Faulty", for the disruption page.
pub async fn lines(app: &App, d: &DisruptionRow) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for id in &d.devices {
        let device = read_one(&app.store.get(EntityKind::Device, *id).await?, Device::parse, "devices")?;
        // The title already says what it is ("RCG-TAB-0005 Tablet"); say the type only if not.
        let kind = device.device_type.label();
        let title = device.title();
        let mut parts = vec![title.clone()];
        if !title.contains(kind) {
            parts.push(kind.to_string());
        }
        if !device.unit.trim().is_empty() {
            parts.push(format!("{} unit", device.unit.trim()));
        }
        parts.push(format!("now {}", device.status.label()));
        out.push(parts.join(" · "));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lantern_core::Record;

    fn device(id: i64, service: i64, unit: &str) -> Device {
        let mut input = lantern_core::Input::new();
        for (k, v) in [
            ("asset_tag", format!("T-{id}")),
            ("device_type", "tablet".into()),
            ("service_id", service.to_string()),
            ("status", "in_use".into()),
            ("unit", unit.into()),
        ] {
            input.insert(k.to_string(), lantern_core::InputVal::One(v));
        }
        Device::parse(&Record::parse(EntityKind::Device, &input).unwrap()).unwrap()
    }

    #[test]
    fn the_devices_give_the_services_and_their_shared_unit() {
        let mut input = DeclarationInput::default();
        fill_in(&mut input, &[device(1, 6, "Ash"), device(2, 6, "ash")]);
        assert_eq!((input.services, input.unit.as_str()), (vec!["6".to_string()], "Ash"));
        let mut input = DeclarationInput::default();
        fill_in(&mut input, &[device(1, 6, "Ash"), device(2, 6, "Beech")]);
        assert_eq!(input.unit, "", "devices on two units: the whole service");
        let mut input = DeclarationInput {
            services: vec!["5".into()],
            unit: "Cedar".into(),
            ..Default::default()
        };
        fill_in(&mut input, &[device(1, 6, "Ash")]);
        assert_eq!(
            (input.services, input.unit.as_str()),
            (vec!["5".to_string()], "Cedar"),
            "chosen stays"
        );
    }
}
