//! A year of the device log for the demo's unit tablets: monthly tests, quarterly battery
//! checks, and the times tablets were out of use. The first unit (Ash) tells the seed's third
//! story: its ageing tablets failed a few times this autumn, then two of the three on the same
//! weekend, and they are still out.

use super::{Builder, LocalId};
use crate::schedule::due_at;
use crate::values::DoseTime;
use jiff::Timestamp;
use jiff::civil::{Date, Weekday};

/// A tablet as the generator made it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tablet {
    pub id: LocalId,
    pub faulty: bool,
    /// The register's "last tested" date.
    pub tested: Option<Date>,
    pub battery: i64,
}

/// One test or battery check of the log; `device` is a local id of a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCheck {
    pub device: LocalId,
    pub on: Date,
    /// "test" or "battery".
    pub check_type: &'static str,
    pub result: &'static str,
    pub battery: Option<i64>,
    pub note: &'static str,
}

/// One time out of use; `back` none while it still is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOut {
    pub device: LocalId,
    pub from: Timestamp,
    pub back: Option<Timestamp>,
    pub fault: &'static str,
    pub repair: &'static str,
}

fn at(day: Date, clock: &str) -> Timestamp {
    // The clocks here are fixed and all parse (the demo's tests would see an epoch date).
    DoseTime::parse(clock).map_or(Timestamp::default(), |t| due_at(day, t).0)
}

/// The Saturday of the last weekend before `today`.
fn last_saturday(today: Date) -> Date {
    let back = match today.weekday() {
        Weekday::Sunday => 8,
        Weekday::Saturday => 7,
        other => i64::from(other.to_monday_zero_offset()) + 2,
    };
    today.checked_sub(jiff::Span::new().days(back)).unwrap_or(today)
}

pub(super) fn tablets(b: &mut Builder, tablets: &[Tablet], story: bool, unit_index: usize) {
    let today = b.today;
    let n = i64::try_from(unit_index).unwrap_or(0);
    for (i, t) in tablets.iter().enumerate() {
        let i = i64::try_from(i).unwrap_or(0);
        // A test every 30 days back from the register's last test; the failed tablets failed
        // their latest one.
        if let Some(last) = t.tested {
            for k in 0..12 {
                let on = b.day_from(last, -30 * k);
                let result = if t.faulty && k == 0 { "fail" } else { "pass" };
                let note = match (result, k % 4) {
                    ("fail", _) => "Would not start.",
                    (_, 0) => "Starts, signs in and syncs. Screen clean.",
                    _ => "",
                };
                b.device_checks.push(DemoCheck {
                    device: t.id,
                    on,
                    check_type: "test",
                    result,
                    battery: None,
                    note,
                });
                if k % 3 == 1 {
                    // Batteries fade a little each quarter.
                    let battery = (t.battery + 4 * (k / 3 + 1)).min(100);
                    b.device_checks.push(DemoCheck {
                        device: t.id,
                        on: b.day_from(on, 1),
                        check_type: "battery",
                        result: if battery < 60 { "fail" } else { "pass" },
                        battery: Some(battery),
                        note: "",
                    });
                }
            }
        }
        // Earlier in the year: a day or two out each, spread over the months.
        let from = b.day(-300 + 70 * i + 23 * n);
        b.device_out.push(DemoOut {
            device: t.id,
            from: at(from, "09:10"),
            back: Some(at(b.day_from(from, 1 + (i + n) % 3), "14:30")),
            fault: "Would not charge",
            repair: "Charging port cleaned; tested on charge overnight",
        });
        if story {
            // This autumn Ash's tablets began to freeze: out for an afternoon at a time.
            for (weeks, clock) in [(9, "13:20"), (6, "19:05"), (3, "07:40")] {
                let day = b.day(-7 * weeks - i);
                b.device_out.push(DemoOut {
                    device: t.id,
                    from: at(day, clock),
                    back: Some(at(b.day_from(day, 1), "10:00")),
                    fault: "Froze during the medicines round; would not restart",
                    repair: "Restarted after a full charge; battery worn",
                });
            }
        }
        if story && t.faulty {
            let saturday = last_saturday(today);
            let (day, clock) = if i == 1 {
                (saturday, "21:40")
            } else {
                (b.day_from(saturday, 1), "07:15")
            };
            b.device_out.push(DemoOut {
                device: t.id,
                from: at(day, clock),
                back: None,
                fault: "Would not start; the battery will not hold a charge",
                repair: "",
            });
        }
    }
}
