//! A file to save rather than show: a pack or report PDF, a re-entry export. Never cached,
//! since each holds people's care records.

use axum::http::header;
use axum::response::{IntoResponse, Response};

pub fn attachment(content_type: &str, file: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}
