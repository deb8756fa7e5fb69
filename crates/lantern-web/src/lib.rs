//! Lantern's web app: server-rendered pages for people who are not IT people, and a JSON API
//! under `/api/v1` for integrations. Handlers are thin: parse, call the operation in
//! lantern-app (which checks who may, validates and audits), render.

mod accounts;
mod api;
mod assets;
mod auth;
mod chrome;
mod client;
mod download;
mod error;
mod form;
mod govern;
mod headers;
mod home;
mod packs;
mod recover;
pub mod redirect;
mod refused;
mod register;
mod respond;
pub mod router;
mod upload;
pub mod views;

pub use auth::{generate_password, hash_password, new_api_token};
pub use error::AppError;
pub use lantern_store;
pub use router::{Area, RouteInfo, router, routes};

pub use lantern_app::{App, Clock};

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`: on when Lantern is served over HTTPS (behind a proxy).
    pub secure_cookies: bool,
    /// How long a sign-in lasts.
    pub session_hours: i64,
    /// Lantern sits behind one reverse proxy: take the client's address from the right-most
    /// `X-Forwarded-For` entry (the proxy's) instead of the connection's.
    pub trust_forwarded_for: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_hours: 12,
            trust_forwarded_for: false,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: WebConfig,
}

/// Serves the app on `listener` until the process is asked to stop. Connection info goes
/// with each request: sign-in throttling counts per client address.
pub async fn serve(listener: tokio::net::TcpListener, app: App, config: WebConfig) -> std::io::Result<()> {
    let app = router(AppState { app, config }).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
