//! Signing in and out, and the accounts administrators look after — pages, API and views.

pub(crate) mod api;
pub(crate) mod api_json;
pub(crate) mod openapi;
pub(crate) mod session;
pub(crate) mod users;
pub(crate) mod users_views;
