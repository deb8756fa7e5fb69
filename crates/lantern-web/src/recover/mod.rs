//! Recover: entering the paper MAR and visit sheets, the reconciliation against what was due, sign-
//! off, the downtime report and the re-entry exports — pages, API and views.

pub(crate) mod api;
pub(crate) mod api_json;
pub(crate) mod mar_form;
pub(crate) mod openapi;
pub(crate) mod reconcile;
pub(crate) mod reconcile_view;
pub(crate) mod recovery;
pub(crate) mod recovery_views;
pub(crate) mod report_json;
pub(crate) mod sheets_api;
pub(crate) mod visit_sheet;
