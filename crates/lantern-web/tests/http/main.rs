//! HTTP tests against the real app, started in-process on port 0 with a fresh SQLite file,
//! the demo organisation and a clock the tests set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod api;
mod api_parity;
mod api_schemas;
mod board;
mod calendar;
mod devices;
mod disruptions;
mod drills;
mod emoji_pdf;
mod governance;
mod helpers;
mod import_scope;
mod imports;
mod kept_input;
mod outage_day;
mod packs;
mod packs_first;
mod pages;
mod person_move;
mod plain_words;
mod reconciliation;
mod recovery;
mod recovery_entry;
mod recovery_typed;
mod redirects_and_headers;
mod reviews;
mod risks;
mod sheets;
mod sheets_api;
mod signin;
mod training;
mod users;
mod what_if;
