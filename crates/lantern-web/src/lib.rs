//! Lantern's web app: server-rendered pages for people who are not IT people, and a JSON API
//! under `/api/v1` for integrations. Handlers are thin: authorise, parse, call the store,
//! render.

mod access;
mod api;
mod assets;
mod auth;
mod board_views;
mod client;
mod clock;
mod closing;
mod devices;
mod disruption_views;
mod disruptions;
mod error;
mod form;
mod headers;
pub mod imports;
pub mod packs;
mod pages;
pub mod reconciliation;
mod recovery_views;
mod redirect;
mod refused;
pub mod report;
mod router;
mod upload;
pub mod users;
mod users_views;
mod views;

pub use auth::{generate_password, hash_password, new_api_token};
pub use clock::Clock;
pub use error::AppError;
pub use lantern_store;
pub use router::{Area, RouteInfo, router, routes};

use lantern_store::Store;

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
    /// Lantern builds packs by itself (`pack_build_time` is not "off"): a service added from a
    /// page or the API gets its first pack as it is saved.
    pub builds_packs: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_hours: 12,
            trust_forwarded_for: false,
            builds_packs: true,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub config: WebConfig,
}

/// Serves the app on `listener` until the process is asked to stop. Connection info goes
/// with each request: sign-in throttling counts per client address.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
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
