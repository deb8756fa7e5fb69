//! The downtime packs: their state, building, checks of the printed pack and downloads — pages and
//! API.

pub(crate) mod api;
pub(crate) mod api_json;
pub(crate) mod openapi;
pub(crate) mod pages;
