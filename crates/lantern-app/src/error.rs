//! The application layer's one error type. Each says, in words for care staff, why an
//! operation did not happen; the web app maps it to a status and a page or a JSON problem, the
//! command line prints it. Nothing here knows about HTTP.

use lantern_core::FieldErrors;
use lantern_store::StoreError;

#[derive(Debug)]
pub enum Error {
    /// The acting user may not do this (their role, or a service they do not look after).
    Forbidden(String),
    /// No such record, or one the acting user may not know exists.
    NotFound(String),
    /// Fields that need attention, each named.
    Invalid(FieldErrors),
    /// Someone else changed it first, or it would clash with what is there.
    Conflict(String),
    /// As much of this is under way as the server safely does at once: try later.
    Busy(String),
    /// More than the operation accepts (an import beyond its limit).
    TooLarge(String),
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// One field's problem, shown beside the field or in the API's `fields`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::default();
        f.add(field, message);
        Error::Invalid(f)
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Internal(Box::new(e))
    }
}

/// An error and every cause beneath it, joined with ": " — for the log and the command line.
pub fn cause_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    chain
}

/// For the command line: the message, with the cause chain of internal errors.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Forbidden(m) | Error::NotFound(m) | Error::Conflict(m) | Error::Busy(m) | Error::TooLarge(m) => {
                f.write_str(m)
            }
            Error::Invalid(fields) => {
                let all: Vec<String> = fields.0.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                f.write_str(&all.join("; "))
            }
            Error::Internal(e) => f.write_str(&cause_chain(e.as_ref())),
        }
    }
}

impl std::error::Error for Error {}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Error::NotFound(format!("{what} does not exist")),
            StoreError::Conflict(m) => Error::Conflict(m),
            StoreError::Invalid(fields) => Error::Invalid(fields),
            other => Error::Internal(Box::new(other)),
        }
    }
}

impl From<FieldErrors> for Error {
    fn from(f: FieldErrors) -> Self {
        Error::Invalid(f)
    }
}
