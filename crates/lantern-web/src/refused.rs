//! Post/redirect/get for refused forms. A refused form is shown again with what was typed and
//! what is wrong; answering the POST with that page would leave a POST in the browser's history,
//! so Back or Reload would offer to send the form again. Instead the page is kept in memory for
//! a few minutes, for the session that sent it, and the browser is sent to GET the page the form
//! was on, which shows it once. A request with no session or no same-site `Referer` (a script,
//! a test client) gets the refused page directly, as before.

use crate::auth::{SESSION_COOKIE, random_token, sha256};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The query parameter that names a kept page.
const PARAM: &str = "shown";
/// Long enough for a slow phone to follow the redirect; short enough to keep little.
const KEEP_FOR: Duration = Duration::from_secs(10 * 60);
/// At most this much HTML is kept at once; the oldest goes first.
const MAX_BYTES: usize = 32 * 1024 * 1024;
/// A refused page larger than this is answered directly (a pasted export, say).
const MAX_PAGE: usize = 4 * 1024 * 1024;

struct Kept {
    token: String,
    session: String,
    at: Instant,
    html: axum::body::Bytes,
}

/// The refused pages waiting to be shown.
#[derive(Default)]
pub struct RefusedPages {
    kept: Mutex<VecDeque<Kept>>,
}

impl RefusedPages {
    fn keep(&self, session: String, html: axum::body::Bytes) -> String {
        let token = random_token();
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.retain(|k| k.at.elapsed() < KEEP_FOR);
        while kept.iter().map(|k| k.html.len()).sum::<usize>() + html.len() > MAX_BYTES {
            if kept.pop_front().is_none() {
                break;
            }
        }
        kept.push_back(Kept {
            token: token.clone(),
            session,
            at: Instant::now(),
            html,
        });
        token
    }

    /// The kept page, once: Back to it later shows the form as it is now.
    fn take(&self, session: &str, token: &str) -> Option<axum::body::Bytes> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        let i = kept
            .iter()
            .position(|k| k.token == token && k.session == session && k.at.elapsed() < KEEP_FOR)?;
        kept.remove(i).map(|k| k.html)
    }
}

/// The session a request belongs to, as a hash (the cookie itself is not kept).
fn session_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| sha256(v))
}

/// The path and query of a same-site `Referer`, without an earlier `shown=`.
fn form_page(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let path = path.split('#').next().unwrap_or(path);
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with(&format!("{PARAM}=")))
        .collect();
    Some(if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    })
}

fn shown_token(req: &Request) -> Option<String> {
    req.uri()
        .query()?
        .split('&')
        .find_map(|p| p.strip_prefix(&format!("{PARAM}=")))
        .map(str::to_string)
}

fn is_html(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// The middleware: keeps a refused page and redirects to it; shows it on the GET that follows.
pub async fn layer(State(pages): State<Arc<RefusedPages>>, req: Request, next: Next) -> Response {
    let Some(session) = session_of(req.headers()) else {
        return next.run(req).await;
    };
    if req.method() == Method::GET {
        if let Some(html) = shown_token(&req).and_then(|t| pages.take(&session, &t)) {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/html; charset=utf-8"),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                html,
            )
                .into_response();
        }
        return next.run(req).await;
    }
    // htmx swaps the answer into the page itself: there is no history entry to protect.
    let htmx = req.headers().contains_key("hx-request");
    let back = form_page(req.headers());
    let res = next.run(req).await;
    let (Some(back), false, StatusCode::UNPROCESSABLE_ENTITY, true) = (back, htmx, res.status(), is_html(&res)) else {
        return res;
    };
    let (parts, body) = res.into_parts();
    let Ok(html) = to_bytes(body, MAX_PAGE).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be shown.").into_response();
    };
    if html.len() >= MAX_PAGE {
        return Response::from_parts(parts, Body::from(html));
    }
    let token = pages.keep(session, html);
    let sep = if back.contains('?') { '&' } else { '?' };
    let location = format!("{back}{sep}{PARAM}={token}#error-summary");
    match HeaderValue::from_str(&location) {
        Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be shown.").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(referer: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("care.example:8080"));
        h.insert(header::REFERER, HeaderValue::from_str(referer).unwrap());
        h
    }

    #[test]
    fn only_same_site_referers_are_followed() {
        assert_eq!(
            form_page(&headers("http://care.example:8080/disruptions/3?correct=4#add")).as_deref(),
            Some("/disruptions/3?correct=4")
        );
        assert_eq!(
            form_page(&headers("https://care.example:8080/people/new?shown=abc")).as_deref(),
            Some("/people/new")
        );
        assert_eq!(form_page(&headers("http://evil.example/people/new")), None);
        assert_eq!(form_page(&headers("http://care.example:8080.evil.example/x")), None);
        assert_eq!(form_page(&headers("http://care.example:8080//evil.example/x")), None);
    }

    #[test]
    fn a_kept_page_is_shown_once_and_only_to_its_session() {
        let pages = RefusedPages::default();
        let token = pages.keep("s1".into(), "<p>typed</p>".into());
        assert_eq!(pages.take("s2", &token), None);
        assert_eq!(pages.take("s1", &token).as_deref(), Some(&b"<p>typed</p>"[..]));
        assert_eq!(pages.take("s1", &token), None);
    }

    #[test]
    fn old_pages_make_room_for_new_ones() {
        let pages = RefusedPages::default();
        let big = axum::body::Bytes::from(vec![b'x'; MAX_BYTES / 2 + 1]);
        let first = pages.keep("s".into(), big.clone());
        let second = pages.keep("s".into(), big);
        assert!(pages.take("s", &first).is_none());
        assert!(pages.take("s", &second).is_some());
    }
}
