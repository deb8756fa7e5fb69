//! The web layer's one error type and its one mapping to responses: JSON for the API, a page
//! for people. A 500 shows only an error id; the cause chain goes to the log.

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use lantern_core::FieldErrors;
use lantern_store::StoreError;
use serde_json::json;

#[derive(Debug)]
pub enum AppError {
    /// Not signed in (pages redirect to the sign-in page; the API answers 401).
    Unauthorized,
    Forbidden(String),
    NotFound(String),
    Invalid(FieldErrors),
    Conflict(String),
    /// A body that is not JSON, or the wrong shape.
    BadRequest {
        code: &'static str,
        message: String,
    },
    /// The server is doing as much of this as it safely can (imports at once): try later.
    Busy(String),
    /// A body beyond what the route accepts.
    TooLarge(String),
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// For the command line: the message, with the cause chain of internal errors.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Unauthorized => f.write_str("not signed in"),
            AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Conflict(m)
            | AppError::Busy(m)
            | AppError::TooLarge(m) => f.write_str(m),
            AppError::Invalid(fields) => {
                let all: Vec<String> = fields.0.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                f.write_str(&all.join("; "))
            }
            AppError::BadRequest { message, .. } => f.write_str(message),
            AppError::Internal(e) => {
                write!(f, "{e}")?;
                let mut source = e.source();
                while let Some(s) = source {
                    write!(f, ": {s}")?;
                    source = s.source();
                }
                Ok(())
            }
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(format!("{what} does not exist")),
            StoreError::Conflict(m) => AppError::Conflict(m),
            StoreError::Invalid(fields) => AppError::Invalid(fields),
            other => AppError::Internal(Box::new(other)),
        }
    }
}

impl AppError {
    /// One field's problem, shown beside the field or in the API's `fields`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::default();
        f.add(field, message);
        AppError::Invalid(f)
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(e))
    }

    fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// (code, message) as the API shows them; logs internal errors with a fresh id.
    fn describe(&self) -> (&'static str, String) {
        match self {
            AppError::Unauthorized => ("unauthorized", "sign in, or send a valid API token".into()),
            AppError::Forbidden(m) => ("forbidden", m.clone()),
            AppError::NotFound(m) => ("not_found", m.clone()),
            AppError::Invalid(_) => ("invalid", "some fields need attention".into()),
            AppError::Conflict(m) => ("conflict", m.clone()),
            AppError::BadRequest { code, message } => (code, message.clone()),
            AppError::Busy(m) => ("busy", m.clone()),
            AppError::TooLarge(m) => ("too_large", m.clone()),
            AppError::Internal(e) => {
                let id = error_id();
                let mut chain = e.to_string();
                let mut source = e.source();
                while let Some(s) = source {
                    chain.push_str(": ");
                    chain.push_str(&s.to_string());
                    source = s.source();
                }
                tracing::error!(error_id = %id, cause = %chain, "request failed");
                ("internal", format!("Something went wrong on our side. Error id {id}."))
            }
        }
    }

    /// As the JSON API answers: `{"error", "message", "fields"}`.
    pub fn into_json(self) -> Response {
        let status = self.status();
        let (code, message) = self.describe();
        let fields = match &self {
            AppError::Invalid(f) => json!(f.0),
            _ => json!({}),
        };
        let mut res = (
            status,
            axum::Json(json!({ "error": code, "message": message, "fields": fields })),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        retry_later(status, &mut res);
        res
    }
}

/// Pages: a plain explanation in the site's style.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if matches!(self, AppError::Unauthorized) {
            return axum::response::Redirect::to("/login").into_response();
        }
        let status = self.status();
        let (_, message) = self.describe();
        let message = match &self {
            AppError::Invalid(fields) => fields.0.values().cloned().collect::<Vec<_>>().join("; "),
            _ => message,
        };
        let title = match status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::FORBIDDEN => "Not allowed",
            StatusCode::CONFLICT => "Changed by someone else",
            StatusCode::INTERNAL_SERVER_ERROR => "Something went wrong",
            StatusCode::SERVICE_UNAVAILABLE => "Busy: try again in a minute",
            StatusCode::PAYLOAD_TOO_LARGE => "The file is too large",
            _ => "That did not work",
        };
        let page = crate::views::error_page(title, &message);
        let mut res = (status, Html(page)).into_response();
        retry_later(status, &mut res);
        res
    }
}

/// A busy answer says when to come back, so that a nightly sync waits rather than hammers.
fn retry_later(status: StatusCode, res: &mut Response) {
    if status == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
    }
}

/// A short random id a user can quote to support.
pub fn error_id() -> String {
    use rand::Rng;
    let n: u32 = rand::thread_rng().r#gen();
    format!("{n:08x}")
}

/// The API's error wrapper: the same errors, answered as JSON.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_json()
    }
}
