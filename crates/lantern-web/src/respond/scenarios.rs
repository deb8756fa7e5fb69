//! Each organisation's own scenario checklists (the six of the continuity-plan template).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::list::{form_status, render};
use crate::respond::disruption_views::{PlanView, ScenariosPage};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::access::ensure_organisation_editor;
use lantern_app::disruptions::checklist;
use lantern_core::disruption::{Scenario, scenarios};
use lantern_core::schedule::show_moment;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    saved: Option<String>,
}

async fn plans_page(
    state: &AppState,
    me: &CurrentUser,
    notice: Option<String>,
    failed: Option<(Scenario, String, String)>,
) -> Result<Response, AppError> {
    let mut plans = Vec::new();
    for s in Scenario::ALL {
        let saved = state.app.store.scenario_plan(*s).await?;
        let changed = match &saved {
            Some((_, at, by)) => format!("Changed {} by {by}", show_moment(*at)),
            None => "Lantern's suggested steps: change them to fit your services.".to_string(),
        };
        let steps = checklist(&state.app, *s).await?.join("\n");
        let (steps, error) = match &failed {
            Some((f, text, e)) if f == s => (text.clone(), Some(e.clone())),
            _ => (steps, None),
        };
        plans.push(PlanView {
            code: s.as_str().into(),
            label: s.label().into(),
            rows: steps.lines().count().clamp(4, 16) + 3,
            steps,
            changed,
            action: format!("/scenarios/{}", s.as_str()),
            error,
        });
    }
    let status = form_status(failed.is_some());
    let page = ScenariosPage {
        chrome: chrome(state, me, "Scenario checklists", "/disruptions").await?,
        plans,
        can_edit: lantern_core::user::can_change_organisation(me.user.role, &me.user.access),
        notice,
    };
    render(&page, status)
}

pub async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let notice = p
        .saved
        .and_then(|s| Scenario::parse(&s).ok())
        .map(|s| format!("Saved the {} checklist.", s.label()));
    plans_page(&state, &me, notice, None).await
}

pub async fn save(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    ensure_organisation_editor(&me.user)?;
    let scenario = Scenario::parse(&code).map_err(|_| AppError::NotFound("There is no such scenario.".into()))?;
    let text = form.get("steps").unwrap_or("").to_string();
    match scenarios::parse_steps(&text) {
        Ok(steps) => {
            state
                .app
                .store
                .save_scenario_plan(scenario, &steps, &me.actor(), state.app.clock.now())
                .await?;
            let code = scenario.as_str();
            Ok(Redirect::to(&format!("/scenarios?saved={code}#{code}")).into_response())
        }
        Err(e) => plans_page(&state, &me, None, Some((scenario, text, e))).await,
    }
}
