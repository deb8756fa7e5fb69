#![no_main]
//! Any text through every value parser: NHS numbers, phones, dose times, dates, and whole records.
use lantern_core::values::{DoseTime, NhsNumber, PhoneNumber, parse_date, parse_email, parse_postcode};
use lantern_core::{EntityKind, Input, InputVal, Record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = NhsNumber::parse(text);
    let _ = PhoneNumber::parse(text);
    let _ = DoseTime::parse(text);
    let _ = parse_date(text);
    let _ = parse_email(text);
    let _ = parse_postcode(text);
    for kind in EntityKind::ALL {
        let input: Input = kind.spec().fields.iter().map(|f| (f.name.to_string(), InputVal::One(text.to_string()))).collect();
        let _ = Record::parse(kind, &input);
    }
});
