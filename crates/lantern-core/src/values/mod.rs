//! Domain values that parse: once built, they are valid (parse, don't validate).

mod misc;
mod nhs;
mod phone;
mod time;

pub use misc::{Score, parse_cqc_location_id, parse_email, parse_postcode};
pub use nhs::NhsNumber;
pub use phone::PhoneNumber;
pub use time::{DoseTime, parse_date};
