//! Devices staff record care on: tablets on each unit, phones for carers, routers, spares.

use super::org::{Org, ServiceType};
use super::rng::Rng;
use super::{Builder, Fields, LocalId, device_history as history};
use crate::entity::EntityKind;

struct Model {
    device_type: &'static str,
    tag: &'static str,
    model: &'static str,
    os: &'static str,
    os_supported: bool,
}

const TABLET: Model = Model {
    device_type: "tablet",
    tag: "TAB",
    model: "Samsung Galaxy Tab A9+",
    os: "Android 14",
    os_supported: true,
};
const OLD_TABLET: Model = Model {
    device_type: "tablet",
    tag: "TAB",
    model: "Samsung Galaxy Tab A 10.1 (2019)",
    os: "Android 11",
    os_supported: false,
};
const PHONE: Model = Model {
    device_type: "phone",
    tag: "PHN",
    model: "Samsung Galaxy A15",
    os: "Android 14",
    os_supported: true,
};
const OLD_PHONE: Model = Model {
    device_type: "phone",
    tag: "PHN",
    model: "Apple iPhone 7",
    os: "iOS 15",
    os_supported: false,
};
const ROUTER: Model = Model {
    device_type: "router",
    tag: "RTR",
    model: "NorthNet 4G backup router",
    os: "Firmware 3.2",
    os_supported: true,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Good,
    PoorBattery,
    Faulty,
    Spare,
    Retired,
}

/// Devices are replaced four years after purchase.
const LIFETIME_DAYS: i64 = 4 * 365;

pub(super) fn build(b: &mut Builder, org: &Org, rng: &mut Rng) {
    let mut maker = DeviceMaker { b, rng, tags: [0; 3] };
    let mut spare_tablet = true;
    let mut spare_phone = true;
    let mut old_phone = true;
    let mut story_unit = true;
    for service in &org.services {
        let id = service.id;
        match service.kind {
            ServiceType::Residential | ServiceType::Nursing => {
                for (n, unit) in service.units.iter().enumerate() {
                    // The seed's third story on the first home's first unit (Ash): two of its
                    // three tablets failed over the weekend and it keeps no spare. The other
                    // units keep a spare; one has a tablet whose battery is going.
                    let story = std::mem::take(&mut story_unit);
                    let states: &[State] = match (story, n % 2) {
                        (true, _) => &[State::Good, State::Faulty, State::Faulty],
                        (false, 0) => &[State::Good, State::Good, State::Good, State::Spare],
                        (false, _) => &[State::Good, State::Good, State::PoorBattery, State::Spare],
                    };
                    let mut tablets = Vec::new();
                    for state in states {
                        tablets.extend(maker.add(id, Some(unit), &TABLET, *state, None));
                    }
                    maker.b.add(
                        EntityKind::DevicePolicy,
                        Fields::new()
                            .set("service_id", id)
                            .set("unit", unit)
                            .set("device_type", "tablet")
                            .set("in_use_needed", 3)
                            .set("spares_needed", 1)
                            .set("staff_per_device", 2)
                            .set(
                                "notes",
                                "One tablet for every two staff on shift, and a charged spare on the unit.",
                            ),
                    );
                    history::tablets(maker.b, &tablets, story, n);
                }
                maker.add(
                    id,
                    None,
                    &ROUTER,
                    State::Good,
                    Some("In the office cupboard; takes over when the broadband fails."),
                );
                if std::mem::take(&mut spare_tablet) {
                    maker.add(
                        id,
                        None,
                        &TABLET,
                        State::Spare,
                        Some("Charged spare in the manager's office."),
                    );
                    maker.add(
                        id,
                        None,
                        &OLD_TABLET,
                        State::Retired,
                        Some("Retired: the operating system no longer gets updates. Data wiped."),
                    );
                }
            }
            ServiceType::SupportedLiving => {
                maker.add(id, None, &TABLET, State::Good, None);
                let phone = if std::mem::take(&mut old_phone) {
                    &OLD_PHONE
                } else {
                    &PHONE
                };
                maker.add(
                    id,
                    None,
                    phone,
                    State::Good,
                    Some("The house phone: also used for eMAR photos."),
                );
            }
            ServiceType::HomeCare => {
                for run in 1..=service.carers.len() {
                    maker.add(id, None, &PHONE, State::Good, Some(&format!("Carer phone, run {run}.")));
                }
                if std::mem::take(&mut spare_phone) {
                    maker.add(
                        id,
                        None,
                        &PHONE,
                        State::Spare,
                        Some("Spare, kept charged in the office."),
                    );
                }
            }
        }
    }
}

struct DeviceMaker<'a> {
    b: &'a mut Builder,
    rng: &'a mut Rng,
    /// The last asset tag number for tablets, phones and routers.
    tags: [u32; 3],
}

impl DeviceMaker<'_> {
    /// Adds a device; answers its local id and what state it is in.
    fn add(
        &mut self,
        service: LocalId,
        unit: Option<&str>,
        model: &Model,
        state: State,
        notes: Option<&str>,
    ) -> Option<history::Tablet> {
        let slot = match model.tag {
            "TAB" => 0,
            "PHN" => 1,
            _ => 2,
        };
        self.tags[slot] += 1;
        let rng = &mut *self.rng;
        let age = match state {
            State::Retired => rng.between(1800, 2100),
            _ => rng.between(120, 1200),
        };
        let age = i64::from(age);
        let (status, battery, result) = match state {
            State::Good => ("in_use", rng.between(78, 97), "pass"),
            State::PoorBattery => ("in_use", rng.between(52, 64), "pass"),
            State::Faulty => ("faulty", rng.between(70, 90), "fail"),
            State::Spare => ("spare", rng.between(90, 100), "pass"),
            State::Retired => ("retired", rng.between(30, 45), "fail"),
        };
        let notes = match state {
            State::PoorBattery => Some("Battery lasts about three hours: keep it on charge between rounds."),
            State::Faulty => {
                Some("Would not start on Saturday night; sent for repair. Use the other tablets on the unit.")
            }
            _ => notes,
        };
        let tested = (state != State::Retired).then(|| self.b.day(-i64::from(rng.between(3, 25))));
        let fields = Fields::new()
            .set("asset_tag", format!("RCG-{}-{:04}", model.tag, self.tags[slot]))
            .set("device_type", model.device_type)
            .set("service_id", service)
            .maybe("unit", unit)
            .set("status", status)
            .set("model", model.model)
            .set("purchase_date", self.b.day(-age))
            .set("os", model.os)
            .flag("os_supported", model.os_supported)
            .set("battery_health", battery)
            .maybe("last_test_date", tested)
            .set("last_test_result", result)
            .set("replacement_due", self.b.day(LIFETIME_DAYS - age))
            .maybe("notes", notes);
        let tablet = |id| history::Tablet {
            id,
            faulty: state == State::Faulty,
            tested,
            battery: i64::from(battery),
        };
        self.b.add(EntityKind::Device, fields).map(tablet)
    }
}
