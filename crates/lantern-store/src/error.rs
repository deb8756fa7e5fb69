//! The store's one error type; the web layer maps it to status codes in one place.

use lantern_core::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    /// The record changed since it was read, or a unique value is taken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The input is valid on its own but not against what is stored (a missing reference).
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Stored data that no longer parses: a bug or a hand edit, never the user's fault.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("database error")]
    Db(#[from] sqlx::Error),
    #[error("migration {version} failed")]
    Migration { version: i64, source: sqlx::Error },
    #[error("cannot open the data directory {path}: {reason}")]
    Open { path: String, reason: String },
}

impl StoreError {
    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut e = FieldErrors::default();
        e.add(field, message);
        StoreError::Invalid(e)
    }
}
