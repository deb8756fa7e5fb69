#![no_main]
//! Any bytes as any entity's CSV file: errors, never a panic.
use lantern_core::EntityKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((first, rest)) = data.split_first() {
        let kind = EntityKind::ALL[*first as usize % EntityKind::ALL.len()];
        let _ = lantern_import::csv_in::read("fuzz.csv", kind, rest);
    }
});
