use super::*;
use jiff::civil::date;

fn tablet(status: DeviceStatus) -> Device {
    Device {
        asset_tag: "TAB-1".into(),
        device_type: DeviceType::Tablet,
        service_id: None,
        unit: "Ash".into(),
        status,
        model: String::new(),
        purchase_date: Some(date(2025, 1, 10)),
        os_supported: Some(true),
        battery_health: Some(95),
        last_test: Some((date(2026, 11, 20), Some(TestResult::Pass))),
        replacement_due: None,
        notes: String::new(),
    }
}

const POLICY: UnitPolicy = UnitPolicy {
    device_type: DeviceType::Tablet,
    in_use_needed: 3,
    spares_needed: 1,
    staff_per_device: None,
};

fn numbered(devices: Vec<Device>) -> Vec<(i64, Device)> {
    (1..).zip(devices).collect()
}

#[test]
fn two_of_three_tablets_faulty_and_no_spare_is_red_with_its_reasons() {
    use DeviceStatus::*;
    let devices = numbered(vec![tablet(InUse), tablet(Faulty), tablet(Faulty)]);
    let unit = assess_unit(Some(POLICY), &devices, 4, &DeviceCycles::default(), date(2026, 12, 5));
    assert_eq!(unit.light, Light::Red);
    assert_eq!(
        unit.reasons,
        [
            "2 of 3 tablets faulty; policy needs 3 in use + 1 spare",
            "No spare tablet to take from the cupboard",
            "4 staff on shift share 1 working tablet: recording is queued and runs late",
        ]
    );
    assert_eq!((unit.in_use, unit.spare, unit.faulty), (1, 0, 2));
}

#[test]
fn replacements_and_a_spare_make_it_green_and_a_missing_spare_amber() {
    use DeviceStatus::*;
    let cycles = DeviceCycles::default();
    let today = date(2026, 12, 5);
    let full = numbered(vec![
        tablet(InUse),
        tablet(InUse),
        tablet(InUse),
        tablet(Spare),
        tablet(Retired),
    ]);
    let unit = assess_unit(Some(POLICY), &full, 3, &cycles, today);
    assert_eq!((unit.light, unit.reasons.len()), (Light::Green, 0));
    let no_spare = numbered(vec![tablet(InUse), tablet(InUse), tablet(InUse)]);
    let unit = assess_unit(Some(POLICY), &no_spare, 3, &cycles, today);
    assert_eq!(unit.light, Light::Amber);
    assert_eq!(unit.reasons, ["0 spare tablets kept; policy needs 3 in use + 1 spare"]);
}

#[test]
fn a_busy_shift_raises_the_need_and_no_policy_is_amber() {
    use DeviceStatus::*;
    let policy = UnitPolicy {
        staff_per_device: Some(2),
        ..POLICY
    };
    let devices = numbered(vec![tablet(InUse), tablet(InUse), tablet(InUse), tablet(Spare)]);
    let unit = assess_unit(Some(policy), &devices, 8, &DeviceCycles::default(), date(2026, 12, 5));
    assert_eq!((unit.needed_in_use, unit.light), (4, Light::Red));
    let unit = assess_unit(None, &devices, 8, &DeviceCycles::default(), date(2026, 12, 5));
    assert_eq!(unit.light, Light::Amber);
    assert!(unit.reasons[0].starts_with("No device policy"));
}

#[test]
fn replacement_comes_from_purchase_and_the_cycle_unless_set_by_hand() {
    let mut d = tablet(DeviceStatus::InUse);
    let cycles = DeviceCycles {
        tablet: 24,
        ..DeviceCycles::default()
    };
    assert_eq!(replacement_due(&d, &cycles), Some(date(2027, 1, 10)));
    d.replacement_due = Some(date(2026, 6, 1));
    assert_eq!(replacement_due(&d, &cycles), Some(date(2026, 6, 1)));
    let line = assess_unit(None, &[(1, d)], 0, &cycles, date(2026, 12, 5))
        .devices
        .remove(0);
    assert_eq!(line.concerns, ["replacement was due 1 Jun 2026"]);
}

#[test]
fn device_concerns_are_named() {
    let mut d = tablet(DeviceStatus::InUse);
    d.os_supported = Some(false);
    d.battery_health = Some(52);
    d.last_test = Some((date(2026, 9, 1), Some(TestResult::Pass)));
    let unit = assess_unit(None, &[(1, d)], 0, &DeviceCycles::default(), date(2026, 12, 5));
    assert_eq!(
        unit.devices[0].concerns,
        [
            "operating system no longer supported",
            "battery at 52%",
            "last tested 1 Sep 2026"
        ]
    );
}

#[test]
fn downtime_is_split_by_london_month_and_an_open_fault_runs_until_now() {
    let t = |s: &str| s.parse::<Timestamp>().unwrap();
    let out = [
        // 22:00 to 02:00 UTC across 31 October: GMT by then, so two hours in each month.
        OutOfUse {
            device_id: 1,
            from: t("2026-10-31T22:00:00Z"),
            back: Some(t("2026-11-01T02:00:00Z")),
        },
        OutOfUse {
            device_id: 2,
            from: t("2026-12-01T09:00:00Z"),
            back: None,
        },
    ];
    let months = downtime_by_month(&out, 3, t("2026-12-01T10:30:00Z"));
    assert_eq!(
        months,
        [
            (date(2026, 10, 1), 120),
            (date(2026, 11, 1), 120),
            (date(2026, 12, 1), 90)
        ]
    );
}

#[test]
fn the_peak_on_shift_counts_overlapping_shifts_on_the_unit_only() {
    use crate::care::Shift;
    use crate::values::DoseTime;
    let day = date(2026, 12, 5);
    let shift = |start: &str, finish: &str, unit: &str| Shift {
        service_id: 1.into(),
        staff_id: 1.into(),
        date: day,
        start: DoseTime::parse(start).unwrap(),
        finish: DoseTime::parse(finish).unwrap(),
        unit: unit.into(),
        notes: String::new(),
    };
    let shifts = [
        shift("07:00", "15:00", "Ash"),
        shift("08:00", "20:00", "Ash"),
        shift("14:00", "22:00", "ash "),
        shift("15:00", "23:00", "Ash"),
        shift("09:00", "17:00", "Beech"),
    ];
    // 14:00–15:00 has three on Ash; at 15:00 the first has gone and the fourth arrived.
    assert_eq!(peak_on_shift(&shifts, "Ash", day), 3);
    assert_eq!(peak_on_shift(&shifts, "Cedar", day), 0);
}
