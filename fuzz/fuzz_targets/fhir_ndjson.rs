#![no_main]
//! Any bytes as FHIR NDJSON: errors, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = lantern_import::fhir::FhirOptions { service_id: None, file: "fuzz.ndjson".into() };
    let _ = lantern_import::fhir::read_ndjson(data, &opts);
});
