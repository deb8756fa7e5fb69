//! Lantern's domain: the continuity register, values that parse, and the rules over them.
//!
//! No I/O, no async and no clock: time comes in as an argument, so every rule can be tested
//! to the minute, across the clock changes.

pub mod account;
pub mod care;
pub mod demo;
pub mod disruption;
pub mod entity;
pub mod field;
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
