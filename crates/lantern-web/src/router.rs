//! Every route in one place, as a table: the router is built from it, and the tests that must
//! cover every route (the access matrix, OpenAPI) read the same table through [`routes`], so a
//! new route cannot be forgotten by them.

use crate::accounts::{session, users};
use crate::home;
use crate::packs::pages as pack;
use crate::recover::{reconcile, recovery, visit_sheet};
use crate::register::{edit, import, list, record};
use crate::respond::{board, disruption, scenarios};
use crate::{AppState, api, assets};
use crate::{accounts, govern, packs, recover, register, respond};
use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::MethodRouter;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

/// Bodies larger than this are refused before they are read (imports have their own route).
const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// An import body: a nightly export of a large provider fits.
const IMPORT_LIMIT: usize = 512 * 1024 * 1024;

/// Which part of the app a route belongs to: its body limit and its 404 follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Pages for people, signed in by cookie.
    Page,
    /// The JSON API under `/api/v1`, signed in by bearer token.
    Api,
    /// Uploads of whole exports (pages and API): the large body limit, streamed.
    Import,
}

/// A route as the tests see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    /// The full path with its `{parameters}`, e.g. `/api/v1/disruptions/{id}`.
    pub path: String,
    pub area: Area,
}

struct Entry {
    info: RouteInfo,
    handler: MethodRouter<AppState>,
}

fn entry(method: Method, area: Area, path: &str, handler: MethodRouter<AppState>) -> Entry {
    let full = match area {
        Area::Api => format!("/api/v1{path}"),
        Area::Page | Area::Import => path.to_string(),
    };
    Entry {
        info: RouteInfo {
            method,
            path: full,
            area,
        },
        handler,
    }
}

/// `route!(Area METHOD "/path" handler)`: the method is written once, for the table and the
/// router alike.
macro_rules! route {
    ($area:ident GET $path:literal $h:expr) => {
        entry(Method::GET, Area::$area, $path, axum::routing::get($h))
    };
    ($area:ident POST $path:literal $h:expr) => {
        entry(Method::POST, Area::$area, $path, axum::routing::post($h))
    };
    ($area:ident PUT $path:literal $h:expr) => {
        entry(Method::PUT, Area::$area, $path, axum::routing::put($h))
    };
    ($area:ident DELETE $path:literal $h:expr) => {
        entry(Method::DELETE, Area::$area, $path, axum::routing::delete($h))
    };
}

/// The table. API paths are written relative to `/api/v1`.
fn table() -> Vec<Entry> {
    vec![
        route!(Page GET "/" home::home),
        route!(Page GET "/login" session::login_form),
        route!(Page POST "/login" session::login),
        route!(Page POST "/logout" session::logout),
        route!(Page GET "/audit" home::audit_log),
        route!(Page GET "/healthz" || async { "ok" }),
        route!(Page GET "/readyz" readyz),
        route!(Page GET "/assets/{file}" assets::serve),
        route!(Page GET "/packs" pack::overview),
        route!(Page GET "/packs/{service}" pack::page),
        route!(Page POST "/packs/{service}/build" pack::build),
        route!(Page POST "/packs/{service}/check" pack::check),
        route!(Page GET "/packs/{service}/versions/{version}/pdf" pack::download),
        route!(Page GET "/disruptions" disruption::list),
        route!(Page POST "/disruptions" disruption::create),
        route!(Page GET "/disruptions/new" disruption::new_form),
        route!(Page GET "/disruptions/{id}" disruption::view),
        route!(Page POST "/disruptions/{id}/steps/{step}" disruption::tick),
        route!(Page POST "/disruptions/{id}/timeline" disruption::add_entry),
        route!(Page POST "/disruptions/{id}/close" disruption::close),
        route!(Page POST "/disruptions/{id}/cqc" disruption::cqc),
        route!(Page POST "/disruptions/{id}/safe-care" disruption::safe_care),
        route!(Page GET "/disruptions/{id}/board" board::board),
        route!(Page POST "/disruptions/{id}/visits/{visit}" board::set_status),
        route!(Page GET "/disruptions/{id}/families" board::families),
        route!(Page POST "/disruptions/{id}/families/{contact}" board::record_call),
        route!(Page GET "/what-if" govern::pages::page),
        route!(Page GET "/risks/heat-map" govern::risks::heat_map),
        route!(Page GET "/risks/{id}/reviews" govern::risks::reviews),
        route!(Page POST "/risks/{id}/reviews" govern::risks::add_review),
        route!(Page GET "/disruptions/{id}/risks" govern::risks::disruption_risks),
        route!(Page POST "/disruptions/{id}/risks" govern::risks::raise),
        route!(Page GET "/drills/{id}/risks" govern::risks::drill_risks),
        route!(Page GET "/disruptions/{id}/review" govern::reviews::disruption),
        route!(Page POST "/disruptions/{id}/review" govern::reviews::save_disruption),
        route!(Page GET "/drills/{id}/review" govern::reviews::drill),
        route!(Page POST "/drills/{id}/review" govern::reviews::save_drill),
        route!(Page POST "/drills/{id}/risks" govern::risks::raise_from_drill),
        route!(Page GET "/units" govern::devices::units),
        route!(Page GET "/units/{service}/{unit}" govern::devices::unit),
        route!(Page GET "/devices/{id}/log" govern::devices::log),
        route!(Page POST "/devices/{id}/checks" govern::devices::record_check),
        route!(Page POST "/devices/{id}/out-of-use" govern::devices::out_of_use),
        route!(Page POST "/devices/{id}/back-in-use" govern::devices::back_in_use),
        route!(Page GET "/training" govern::training::page),
        route!(Page GET "/training/{service}/{course}" govern::training::cell),
        route!(Page GET "/settings/assurance" govern::settings::page),
        route!(Page POST "/settings/assurance" govern::settings::save),
        route!(Page GET "/suppliers/{id}/assurance" govern::suppliers::page),
        route!(Page GET "/drills/due" govern::drills::due),
        route!(Page POST "/drills/{id}/what-if" govern::drills::save_what_if),
        route!(Page GET "/drills/{id}/briefing.pdf" govern::drills::briefing),
        route!(Page GET "/readiness" govern::readiness::overview),
        route!(Page GET "/readiness/{service}" govern::readiness::service),
        route!(Page GET "/governance" govern::governance::list),
        route!(Page POST "/governance" govern::governance::add),
        route!(Page GET "/governance/print.pdf" govern::governance::print),
        route!(Page GET "/governance/export.csv" govern::governance::export),
        route!(Page GET "/governance/{id}" govern::governance::view),
        route!(Page POST "/governance/{id}/corrections" govern::governance::correct),
        route!(Page GET "/calendar" govern::calendar::list),
        route!(Page POST "/calendar/duties/{key}/responsible" govern::calendar::set_responsible),
        route!(Page POST "/calendar/feed" govern::calendar::create_feed),
        route!(Page POST "/calendar/feed/revoke" govern::calendar::revoke_feed),
        // The private feed: no cookie, its token is the credential.
        route!(Page GET "/calendar/feed/{file}" govern::calendar::feed),
        route!(Page GET "/disruptions/{id}/entry" recovery::sheets),
        route!(Page GET "/disruptions/{id}/entry/mar/{person}/{day}" recovery::mar),
        route!(Page POST "/disruptions/{id}/entry/mar/{person}/{day}" recovery::save_mar),
        route!(Page GET "/disruptions/{id}/entry/visits/{service}/{day}" visit_sheet::visits),
        route!(Page POST "/disruptions/{id}/entry/visits/{service}/{day}" visit_sheet::save_visits),
        route!(Page GET "/disruptions/{id}/reconciliation" reconcile::page),
        route!(Page GET "/disruptions/{id}/report" reconcile::report),
        route!(Page GET "/disruptions/{id}/report.pdf" reconcile::report_pdf),
        route!(Page GET "/disruptions/{id}/export/{format}" reconcile::reentry),
        route!(Page POST "/disruptions/{id}/reconciliation/resolve" reconcile::resolve),
        route!(Page POST "/disruptions/{id}/reconciliation/sign-off" reconcile::sign_off),
        route!(Page GET "/scenarios" scenarios::list),
        route!(Page POST "/scenarios/{scenario}" scenarios::save),
        // Accounts: above the register's catch-all (`users` is no register slug).
        route!(Page GET "/users" users::list),
        route!(Page POST "/users" users::create),
        route!(Page GET "/users/new" users::new_form),
        route!(Page GET "/users/{id}" users::view),
        route!(Page POST "/users/{id}" users::update),
        route!(Page GET "/users/{id}/edit" users::edit_form),
        route!(Page POST "/users/{id}/password" users::password),
        route!(Page POST "/users/{id}/revoke" users::revoke),
        route!(Page POST "/users/{id}/unlock" users::unlock),
        route!(Page GET "/{slug}" list::list),
        route!(Page POST "/{slug}" edit::create),
        route!(Page GET "/{slug}/new" edit::new_form),
        route!(Page GET "/{slug}/{id}" record::view),
        route!(Page POST "/{slug}/{id}" edit::update),
        route!(Page GET "/{slug}/{id}/edit" edit::edit_form),
        route!(Page POST "/{slug}/{id}/end" edit::end),
        route!(Page POST "/{slug}/{id}/restore" edit::restore),
        route!(Import GET "/import" import::form),
        route!(Import POST "/import" import::upload),
        route!(Import POST "/api/v1/import/csv/{slug}" register::import_api::csv),
        route!(Import POST "/api/v1/import/fhir" register::import_api::fhir),
        route!(Api GET "/openapi.json" api::openapi::serve),
        route!(Api GET "/scenarios" respond::api::scenarios),
        route!(Api PUT "/scenarios/{scenario}" respond::api::save_scenario),
        route!(Api GET "/disruptions" respond::api::list),
        route!(Api POST "/disruptions" respond::api::declare),
        route!(Api GET "/disruptions/{id}" respond::api::get),
        route!(Api POST "/disruptions/{id}/close" respond::api::close),
        route!(Api POST "/disruptions/{id}/cqc-notification" respond::api::cqc),
        route!(Api POST "/disruptions/{id}/safe-care" respond::api::safe_care),
        route!(Api POST "/disruptions/{id}/steps/{step}" respond::api::step),
        route!(Api GET "/disruptions/{id}/timeline" respond::api::timeline),
        route!(Api POST "/disruptions/{id}/timeline" respond::api::add_entry),
        route!(Api GET "/disruptions/{id}/board" respond::api::board),
        route!(Api POST "/disruptions/{id}/visits/{visit}" respond::api::visit_status),
        route!(Api GET "/disruptions/{id}/families" respond::api::families),
        route!(Api POST "/disruptions/{id}/families/{contact}/calls" respond::api::call),
        route!(Api GET "/disruptions/{id}/reconciliation" respond::api::reconciliation),
        route!(Api POST "/disruptions/{id}/reconciliation/resolutions" recover::api::resolve),
        route!(Api POST "/disruptions/{id}/reconciliation/sign-off" recover::api::sign_off),
        route!(Api GET "/disruptions/{id}/report" recover::api::report),
        route!(Api GET "/disruptions/{id}/report.pdf" recover::api::report_pdf),
        route!(Api GET "/disruptions/{id}/export/{file}" recover::api::reentry),
        route!(Api GET "/disruptions/{id}/sheets" recover::sheets_api::list),
        route!(Api GET "/disruptions/{id}/sheets/mar/{person}/{day}" recover::sheets_api::mar),
        route!(Api POST "/disruptions/{id}/sheets/mar/{person}/{day}" recover::sheets_api::enter_mar),
        route!(Api GET "/disruptions/{id}/sheets/visits/{service}/{day}" recover::sheets_api::visits),
        route!(Api POST "/disruptions/{id}/sheets/visits/{service}/{day}" recover::sheets_api::enter_visits),
        route!(Api POST "/what-if" govern::api::what_if),
        route!(Api GET "/risks/heat-map" govern::risks_api::heat_map),
        route!(Api GET "/risks/{id}/reviews" govern::risks_api::reviews),
        route!(Api POST "/risks/{id}/reviews" govern::risks_api::add_review),
        route!(Api POST "/disruptions/{id}/risks" govern::risks_api::raise),
        route!(Api POST "/drills/{id}/risks" govern::risks_api::raise_from_drill),
        route!(Api GET "/disruptions/{id}/review" govern::reviews::api_disruption),
        route!(Api PUT "/disruptions/{id}/review" govern::reviews::api_save_disruption),
        route!(Api GET "/drills/{id}/review" govern::reviews::api_drill),
        route!(Api PUT "/drills/{id}/review" govern::reviews::api_save_drill),
        route!(Api GET "/units" govern::devices_api::units),
        route!(Api GET "/units/{service}/{unit}" govern::devices_api::unit),
        route!(Api GET "/devices/{id}/log" govern::devices_api::log),
        route!(Api POST "/devices/{id}/checks" govern::devices_api::record_check),
        route!(Api POST "/devices/{id}/out-of-use" govern::devices_api::out_of_use),
        route!(Api POST "/devices/{id}/back-in-use" govern::devices_api::back_in_use),
        route!(Api GET "/training/coverage" govern::training::api_coverage),
        route!(Api GET "/settings/assurance" govern::settings::api_get),
        route!(Api PUT "/settings/assurance" govern::settings::api_put),
        route!(Api GET "/suppliers/{id}/assurance" govern::suppliers::api),
        route!(Api GET "/drills/due" govern::drills_api::due),
        route!(Api GET "/drills/{id}/what-if" govern::drills_api::what_if),
        route!(Api GET "/drills/{id}/briefing.pdf" govern::drills_api::briefing),
        route!(Api GET "/readiness" govern::readiness_api::list),
        route!(Api GET "/readiness/{service}" govern::readiness_api::get),
        route!(Api GET "/readiness/{service}/history" govern::readiness_api::history),
        route!(Api GET "/governance" govern::governance_api::list),
        route!(Api POST "/governance" govern::governance_api::add),
        route!(Api GET "/governance/{id}" govern::governance_api::get),
        route!(Api POST "/governance/{id}/corrections" govern::governance_api::correct),
        route!(Api GET "/calendar" govern::calendar_api::list),
        route!(Api PUT "/calendar/duties/{key}/responsible" govern::calendar_api::set_responsible),
        route!(Api POST "/calendar/feed" govern::calendar_api::create_feed),
        route!(Api DELETE "/calendar/feed" govern::calendar_api::revoke_feed),
        route!(Api GET "/packs" packs::api::list),
        route!(Api GET "/packs/{service}" packs::api::get),
        route!(Api POST "/packs/{service}/build" packs::api::build),
        route!(Api POST "/packs/{service}/checks" packs::api::record_check),
        route!(Api GET "/packs/{service}/versions/{version}/pdf" packs::api::pdf),
        route!(Api GET "/audit" api::audit::list),
        route!(Api GET "/users" accounts::api::list),
        route!(Api POST "/users" accounts::api::create),
        route!(Api GET "/users/{id}" accounts::api::get),
        route!(Api PUT "/users/{id}" accounts::api::update),
        route!(Api POST "/users/{id}/password" accounts::api::password),
        route!(Api POST "/users/{id}/revoke" accounts::api::revoke),
        route!(Api POST "/users/{id}/unlock" accounts::api::unlock),
        route!(Api GET "/{slug}" register::api::list),
        route!(Api POST "/{slug}" register::api::create),
        route!(Api GET "/{slug}/{id}" register::api::get),
        route!(Api PUT "/{slug}/{id}" register::api::update),
        route!(Api DELETE "/{slug}/{id}" register::api::end),
    ]
}

/// Every route of the app, for tests that must cover them all.
pub fn routes() -> Vec<RouteInfo> {
    table().into_iter().map(|e| e.info).collect()
}

pub fn router(state: AppState) -> Router {
    let (mut pages, mut api, mut imports) = (Router::new(), Router::new(), Router::new());
    for e in table() {
        match e.info.area {
            Area::Page => pages = pages.route(&e.info.path, e.handler),
            Area::Api => api = api.route(e.info.path.trim_start_matches("/api/v1"), e.handler),
            Area::Import => imports = imports.route(&e.info.path, e.handler),
        }
    }
    let api = api.fallback(api::not_found);
    let refused = std::sync::Arc::new(crate::refused::RefusedPages::default());

    pages
        .layer(axum::middleware::from_fn_with_state(refused, crate::refused::layer))
        .nest("/api/v1", api)
        .fallback(|| async { crate::error::AppError::NotFound(crate::error::NO_SUCH_PAGE.into()) })
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // Imports carry whole exports: their own, larger limit, and their bodies are streamed.
        .merge(
            imports
                .layer(RequestBodyLimitLayer::new(IMPORT_LIMIT))
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        // Outside every route, the fallback and the body limits: all their errors pass it.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::error::in_layout,
        ))
        .layer(crate::headers::layer(state.config.secure_cookies))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Ready when the database answers.
async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    if state.app.store.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}
