#![no_main]
//! Any bytes as a FHIR JSON document: errors, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = lantern_import::fhir::FhirOptions { service_id: Some(1), file: "fuzz.json".into() };
    let _ = lantern_import::fhir::read_json(data, &opts);
});
