//! Lantern's domain: the continuity register, values that parse, and the rules over them.
//!
//! No I/O, no async and no clock: time comes in as an argument, so every rule can be tested
//! to the minute, across the clock changes.
//!
//! Records are described once, as data, in `entity` (the register's forms, lists, CSV and API
//! follow from it); the rules that read them — packs, rounds, the families list, the board's
//! visits, reconciliation's schedules — read the typed views in [`care`] (`Person`,
//! `Medicine` with its [`care::Schedule`], `Visit`…), with choices as enums and ids as types.

pub mod account;
pub mod care;
pub mod demo;
pub mod disruption;
pub mod entity;
pub mod field;
pub mod govern;
pub mod incoming;
pub mod json;
pub mod pack;
pub mod reconcile;
pub mod schedule;
pub mod sheet_time;
pub mod signin;
pub mod user;
pub mod values;
pub mod words;

pub use entity::{EntityKind, EntitySpec, Record, Scope};
pub use field::{FieldErrors, FieldKind, FieldSpec, Input, InputVal, Val};
