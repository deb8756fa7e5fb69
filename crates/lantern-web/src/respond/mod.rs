//! Respond: declaring a disruption, running the day from its checklist, log, live board and
//! families' calls, and the scenario checklists — pages, API and views.

pub(crate) mod api;
pub(crate) mod api_json;
pub(crate) mod board;
pub(crate) mod board_cards;
pub(crate) mod board_json;
pub(crate) mod board_views;
pub(crate) mod disruption;
pub(crate) mod disruption_views;
pub(crate) mod openapi;
pub(crate) mod scenarios;
