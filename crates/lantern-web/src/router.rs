//! Every route in one place.

use crate::pages::{
    board, disruption, edit, home, import, list, pack, reconcile, record, recovery, scenarios, session, visit_sheet,
};
use crate::{AppState, api, assets};
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

/// Bodies larger than this are refused before they are read (imports have their own route).
const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// An import body: a nightly export of a large provider fits.
const IMPORT_LIMIT: usize = 512 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/openapi.json", get(api::openapi::serve))
        .route("/scenarios", get(api::disruptions::scenarios))
        .route(
            "/scenarios/{scenario}",
            axum::routing::put(api::disruptions::save_scenario),
        )
        .route(
            "/disruptions",
            get(api::disruptions::list).post(api::disruptions::declare),
        )
        .route("/disruptions/{id}", get(api::disruptions::get))
        .route("/disruptions/{id}/close", post(api::disruptions::close))
        .route("/disruptions/{id}/cqc-notification", post(api::disruptions::cqc))
        .route("/disruptions/{id}/steps/{step}", post(api::disruptions::step))
        .route(
            "/disruptions/{id}/timeline",
            get(api::disruptions::timeline).post(api::disruptions::add_entry),
        )
        .route("/disruptions/{id}/board", get(api::disruptions::board))
        .route("/disruptions/{id}/visits/{visit}", post(api::disruptions::visit_status))
        .route("/disruptions/{id}/families", get(api::disruptions::families))
        .route(
            "/disruptions/{id}/reconciliation",
            get(api::disruptions::reconciliation),
        )
        .route("/disruptions/{id}/report", get(api::disruptions::report))
        .route(
            "/disruptions/{id}/families/{contact}/calls",
            post(api::disruptions::call),
        )
        .route("/{slug}", get(api::list).post(api::create))
        .route("/{slug}/{id}", get(api::get).put(api::update).delete(api::end))
        .fallback(api::not_found);

    Router::new()
        .route("/", get(home::home))
        .route("/login", get(session::login_form).post(session::login))
        .route("/logout", post(session::logout))
        .route("/audit", get(home::audit_log))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/assets/{file}", get(assets::serve))
        .route("/packs", get(pack::overview))
        .route("/packs/{service}", get(pack::page))
        .route("/packs/{service}/build", post(pack::build))
        .route("/packs/{service}/check", post(pack::check))
        .route("/packs/{service}/versions/{version}/pdf", get(pack::download))
        .route("/disruptions", get(disruption::list).post(disruption::create))
        .route("/disruptions/new", get(disruption::new_form))
        .route("/disruptions/{id}", get(disruption::view))
        .route("/disruptions/{id}/steps/{step}", post(disruption::tick))
        .route("/disruptions/{id}/timeline", post(disruption::add_entry))
        .route("/disruptions/{id}/close", post(disruption::close))
        .route("/disruptions/{id}/cqc", post(disruption::cqc))
        .route("/disruptions/{id}/board", get(board::board))
        .route("/disruptions/{id}/visits/{visit}", post(board::set_status))
        .route("/disruptions/{id}/families", get(board::families))
        .route("/disruptions/{id}/families/{contact}", post(board::record_call))
        .route("/disruptions/{id}/entry", get(recovery::sheets))
        .route(
            "/disruptions/{id}/entry/mar/{person}/{day}",
            get(recovery::mar).post(recovery::save_mar),
        )
        .route(
            "/disruptions/{id}/entry/visits/{service}/{day}",
            get(visit_sheet::visits).post(visit_sheet::save_visits),
        )
        .route("/disruptions/{id}/reconciliation", get(reconcile::page))
        .route("/disruptions/{id}/report", get(reconcile::report))
        .route("/disruptions/{id}/report.pdf", get(reconcile::report_pdf))
        .route("/disruptions/{id}/export/{format}", get(reconcile::reentry))
        .route("/disruptions/{id}/reconciliation/resolve", post(reconcile::resolve))
        .route("/disruptions/{id}/reconciliation/sign-off", post(reconcile::sign_off))
        .route("/scenarios", get(scenarios::list))
        .route("/scenarios/{scenario}", post(scenarios::save))
        .route("/{slug}", get(list::list).post(edit::create))
        .route("/{slug}/new", get(edit::new_form))
        .route("/{slug}/{id}", get(record::view).post(edit::update))
        .route("/{slug}/{id}/edit", get(edit::edit_form))
        .route("/{slug}/{id}/end", post(edit::end))
        .route("/{slug}/{id}/restore", post(edit::restore))
        .nest("/api/v1", api)
        .fallback(|| async { crate::error::AppError::NotFound("There is no such page.".into()) })
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // Imports carry whole exports: their own, larger limit.
        .merge(
            Router::new()
                .route("/api/v1/import/csv/{slug}", post(api::import::csv))
                .route("/api/v1/import/fhir", post(api::import::fhir))
                .route("/import", get(import::form).post(import::upload))
                .layer(RequestBodyLimitLayer::new(IMPORT_LIMIT))
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .layer(crate::headers::layer(state.config.secure_cookies))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Ready when the database answers.
async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    if state.store.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}
