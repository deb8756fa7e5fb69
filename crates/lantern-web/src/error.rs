//! The web layer's one error type and its one mapping to responses: JSON for the API, a page
//! for people, inside the normal layout. A 500 shows only an error id; the cause chain goes to
//! the log. Requests refused by the framework itself are said in words here too.

use crate::AppState;
use crate::auth::CurrentUser;
use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
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
    /// A request the framework refused before any handler saw it (a form it cannot read, a
    /// method the route does not take), said in words: see [`refusal`].
    Refused {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
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
            AppError::BadRequest { message, .. } | AppError::Refused { message, .. } => f.write_str(message),
            AppError::Internal(e) => f.write_str(&lantern_app::cause_chain(e.as_ref())),
        }
    }
}

impl From<lantern_app::Error> for AppError {
    fn from(e: lantern_app::Error) -> Self {
        use lantern_app::Error as E;
        match e {
            E::Forbidden(m) => AppError::Forbidden(m),
            E::NotFound(m) => AppError::NotFound(m),
            E::Invalid(fields) => AppError::Invalid(fields),
            E::Conflict(m) => AppError::Conflict(m),
            E::Busy(m) => AppError::Busy(m),
            E::TooLarge(m) => AppError::TooLarge(m),
            E::Internal(e) => AppError::Internal(e),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        lantern_app::Error::from(e).into()
    }
}

impl AppError {
    /// One field's problem, shown beside the field or in the API's `fields`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        lantern_app::Error::invalid(field, message).into()
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        lantern_app::Error::internal(e).into()
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
            AppError::Refused { status, .. } => *status,
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
            AppError::BadRequest { code, message } | AppError::Refused { code, message, .. } => (code, message.clone()),
            AppError::Busy(m) => ("busy", m.clone()),
            AppError::TooLarge(m) => ("too_large", m.clone()),
            AppError::Internal(e) => {
                let id = error_id();
                let chain = lantern_app::cause_chain(e.as_ref());
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

/// What an error page says, kept on its response so that [`in_layout`] can put it inside the
/// signed-in user's menu: the error itself does not know who asked.
#[derive(Debug, Clone)]
struct ErrorWords {
    title: &'static str,
    message: String,
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
        res.extensions_mut().insert(ErrorWords { title, message });
        res
    }
}

/// What a person reads at an address that leads nowhere, whether no route or no record.
pub const NO_SUCH_PAGE: &str = "There is no such page. The address may be mistyped or out of date: check the link, or find what you need from the menu.";

/// Every answer passes here on its way out. An error for people is laid out inside the normal
/// page, with the menu when they are signed in. A request the framework refused (its plain-text
/// answers are written for developers: "Invalid URL: Cannot parse `abc` to a `i64`") is said
/// in words first: as a page for people, as the API's JSON problem under `/api/`.
pub async fn in_layout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let method = req.method().clone();
    let cookies: Vec<HeaderValue> = req.headers().get_all(header::COOKIE).iter().cloned().collect();
    let mut res = next.run(req).await;
    if res.extensions().get::<ErrorWords>().is_none() {
        if !is_refusal(&res) {
            return res;
        }
        let (parts, body) = res.into_parts();
        let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
        let error = refusal(parts.status, &String::from_utf8_lossy(&text), &method, api);
        res = if api { error.into_json() } else { error.into_response() };
        // 405 says which methods the route takes.
        if let Some(allow) = parts.headers.get(header::ALLOW) {
            res.headers_mut().insert(header::ALLOW, allow.clone());
        }
        if api {
            return res;
        }
    }
    let Some(words) = res.extensions().get::<ErrorWords>().cloned() else {
        return res;
    };
    let Some(page) = with_menu(&state, cookies, &words).await else {
        return res;
    };
    let (mut parts, _) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, axum::body::Body::from(page))
}

/// The error page inside the menu of the user these cookies sign in; `None` for nobody.
async fn with_menu(state: &AppState, cookies: Vec<HeaderValue>, words: &ErrorWords) -> Option<String> {
    let mut req = axum::http::Request::new(());
    for c in cookies {
        req.headers_mut().append(header::COOKIE, c);
    }
    let (mut parts, ()) = req.into_parts();
    let me = CurrentUser::from_request_parts(&mut parts, state).await.ok()?;
    let chrome = crate::chrome::chrome(state, &me, words.title, "").await.ok()?;
    crate::views::ErrorPage {
        chrome,
        message: words.message.clone(),
    }
    .render()
    .ok()
}

/// A framework's refusal: a client error that no handler wrote (theirs are pages or JSON).
fn is_refusal(res: &Response) -> bool {
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| t.starts_with("text/plain"));
    res.status().is_client_error() && plain
}

/// A refusal in words, recognised by its status and, where one status has several causes, by
/// the start of axum's text. `api` chooses words for an integration rather than for a person.
fn refusal(status: StatusCode, text: &str, method: &Method, api: bool) -> AppError {
    let words = |person: &str, integration: String| if api { integration } else { person.to_string() };
    // A path part of the wrong shape (`/people/abc`): there is no such page or record.
    if status == StatusCode::NOT_FOUND || (status == StatusCode::BAD_REQUEST && text.starts_with("Invalid URL")) {
        return AppError::NotFound(words(
            NO_SUCH_PAGE,
            "no such resource: an id in the path is a whole number; see /api/v1/openapi.json".into(),
        ));
    }
    let unreadable_body = [
        "Failed to deserialize form",
        "Failed to parse the request body",
        "Failed to buffer",
    ]
    .iter()
    .any(|start| text.starts_with(start))
        || matches!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge(words(
            "That is more than Lantern takes at once. Send less, or import large files from the Import page.",
            "the body is larger than this endpoint takes".into(),
        )),
        StatusCode::METHOD_NOT_ALLOWED => AppError::Refused {
            status,
            code: "method_not_allowed",
            message: words(
                "That page cannot be used that way. Go back and use its buttons and links.",
                format!("this endpoint does not take {method}; see /api/v1/openapi.json"),
            ),
        },
        _ if unreadable_body => AppError::Refused {
            status,
            code: "unreadable_body",
            message: words(
                "The form could not be read. Go back, reload the page and try again.",
                "the body could not be read: send JSON with Content-Type: application/json".into(),
            ),
        },
        _ => AppError::Refused {
            status,
            code: "bad_request",
            message: words(
                "Part of the address could not be read. Go back and try again, or start again from the menu.",
                "a query parameter could not be read; see /api/v1/openapi.json for each one's type".into(),
            ),
        },
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
