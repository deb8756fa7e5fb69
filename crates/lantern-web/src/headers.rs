//! The headers every response carries. Almost every page, JSON answer, error and PDF holds
//! personal data, so nothing but the embedded assets may be kept by a browser or a proxy
//! (a shared office computer's cache is readable by the next person at it).

use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, header};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::{Layer, Service};

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
/// Nothing in Lantern uses these; a page that someone manages to inject script into cannot.
const PERMISSIONS: &str = "accelerometer=(), bluetooth=(), camera=(), display-capture=(), geolocation=(), \
     gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), \
     xr-spatial-tracking=()";
/// A year, and every subdomain: only sent when Lantern is served over HTTPS.
const HSTS: &str = "max-age=31536000; includeSubDomains";
/// Embedded files that hold nothing personal; their own handler sets how long they keep.
const ASSETS: &str = "/assets/";

/// The security headers, as one layer for the router. `hsts` when cookies are `Secure`, i.e.
/// Lantern is served over HTTPS: sent over plain HTTP it would be ignored at best.
pub fn layer(hsts: bool) -> SecurityHeaders {
    SecurityHeaders { hsts }
}

#[derive(Debug, Clone, Copy)]
pub struct SecurityHeaders {
    hsts: bool,
}

impl<S> Layer<S> for SecurityHeaders {
    type Service = WithSecurityHeaders<S>;

    fn layer(&self, inner: S) -> Self::Service {
        WithSecurityHeaders { inner, hsts: self.hsts }
    }
}

#[derive(Debug, Clone)]
pub struct WithSecurityHeaders<S> {
    inner: S,
    hsts: bool,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for WithSecurityHeaders<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        let asset = req.uri().path().starts_with(ASSETS);
        let hsts = self.hsts;
        let future = self.inner.call(req);
        Box::pin(async move {
            let mut res = future.await?;
            set(res.headers_mut(), asset, hsts);
            Ok(res)
        })
    }
}

fn set(h: &mut HeaderMap, asset: bool, hsts: bool) {
    let keep = |h: &mut HeaderMap, name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    keep(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    keep(h, header::X_FRAME_OPTIONS, "DENY");
    // Same-site only: a refused form is re-shown on the page it came from (refused.rs); no
    // address is ever sent to another site.
    keep(h, header::REFERRER_POLICY, "same-origin");
    keep(h, header::CONTENT_SECURITY_POLICY, CSP);
    keep(h, HeaderName::from_static("permissions-policy"), PERMISSIONS);
    if hsts {
        keep(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    if asset {
        // An asset sets its own caching; a missing asset is not one.
        keep(h, header::CACHE_CONTROL, "no-store");
    } else {
        // Overrides whatever a handler said: personal data is never stored.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_but_assets_is_no_store_and_hsts_only_over_https() {
        let mut page = HeaderMap::new();
        page.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
        set(&mut page, false, false);
        assert_eq!(page[header::CACHE_CONTROL], "no-store");
        assert!(!page.contains_key(header::STRICT_TRANSPORT_SECURITY));
        assert!(page["permissions-policy"].to_str().unwrap().contains("camera=()"));
        let mut asset = HeaderMap::new();
        asset.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
        set(&mut asset, true, true);
        assert_eq!(asset[header::CACHE_CONTROL], "public, max-age=3600");
        assert_eq!(asset[header::STRICT_TRANSPORT_SECURITY], HSTS);
    }
}
