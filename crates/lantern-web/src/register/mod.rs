//! The register: every kind of record listed, read, added, changed and ended, and imports — pages
//! and API, generated from the entity specs.

pub(crate) mod api;
pub(crate) mod display;
pub(crate) mod edit;
pub(crate) mod form_fields;
pub(crate) mod import;
pub(crate) mod import_api;
pub(crate) mod import_json;
pub(crate) mod list;
pub(crate) mod record;
