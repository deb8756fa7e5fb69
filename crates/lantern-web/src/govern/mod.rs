//! Govern: preparing for the next disruption — the outage what-if (and, as [10] grows, risks,
//! devices, training and drills).

pub(crate) mod api;
pub(crate) mod calendar;
pub(crate) mod calendar_api;
pub(crate) mod devices;
pub(crate) mod devices_api;
pub(crate) mod drills;
pub(crate) mod drills_api;
pub(crate) mod governance;
pub(crate) mod governance_api;
pub(crate) mod links;
pub(crate) mod openapi;
pub(crate) mod pages;
pub(crate) mod readiness;
pub(crate) mod readiness_api;
pub(crate) mod reviews;
pub(crate) mod risks;
pub(crate) mod risks_api;
pub(crate) mod settings;
pub(crate) mod suppliers;
pub(crate) mod training;
