//! The JSON API under `/api/v1`, bearer-token authenticated: what every API handler shares
//! (bodies parsed so that a malformed one gets a clear message, never a framework default;
//! unknown paths answered in JSON), the audit log, and the OpenAPI document. The handlers of
//! each feature live with its pages (register, packs, respond, recover, accounts).

pub mod audit;
pub mod openapi;
pub(crate) mod schema;

use crate::error::{ApiError, AppError};
use axum::response::{IntoResponse, Response};

/// A request body as the endpoint's typed JSON; a 400 saying what is wrong otherwise.
pub(crate) fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError(AppError::BadRequest {
            code: "malformed_json",
            message: format!("the body is not the expected JSON: {e}"),
        })
    })
}

/// Unknown API paths answer JSON, not the HTML 404 page.
pub async fn not_found() -> Response {
    ApiError(AppError::NotFound(
        "no such API endpoint; see /api/v1/openapi.json".into(),
    ))
    .into_response()
}
