//! The order of a printed MAR's rows. The back-entry form lists a day's doses in the same
//! order, so that a person typing from the sheet never has to hunt for the row (issue [7],
//! point 10): one function, used by both.

use crate::care::Medicine;
use crate::entity::Record;

/// Where a regular medicine's row stands on the MAR: time-critical medicines first, then by the
/// time printed on the row, then by name as printed, then by record (two medicines of the same
/// name and strength keep one order on paper and on screen).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MarOrder {
    routine: bool,
    time: String,
    name: String,
    medicine_id: i64,
}

/// The medicine as the MAR names it: "Levodopa 100 mg/25 mg".
pub fn mar_name(medicine: &Record) -> String {
    format!("{} {}", medicine.text("name"), medicine.text("strength"))
        .trim()
        .to_string()
}

/// The place of `medicine`'s row printed with `time` ("08:00", "every 4 h").
pub fn mar_order(medicine_id: i64, medicine: &Record, time: &str) -> MarOrder {
    MarOrder {
        routine: !medicine.flag("time_critical"),
        time: time.to_string(),
        name: mar_name(medicine),
        medicine_id,
    }
}

/// [`mar_order`] for a typed medicine: what the pack's MAR sorts by.
pub fn mar_order_of(medicine_id: i64, medicine: &Medicine, time: &str) -> MarOrder {
    MarOrder {
        routine: !medicine.time_critical,
        time: time.to_string(),
        name: medicine.mar_name(),
        medicine_id,
    }
}
