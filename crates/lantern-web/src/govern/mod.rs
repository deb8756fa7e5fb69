//! Govern: preparing for the next disruption — the outage what-if (and, as [10] grows, risks,
//! devices, training and drills).

pub(crate) mod api;
pub(crate) mod drills;
pub(crate) mod drills_api;
pub(crate) mod openapi;
pub(crate) mod pages;
