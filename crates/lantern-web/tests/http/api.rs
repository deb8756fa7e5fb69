use crate::helpers::*;
use lantern_core::EntityKind;
use serde_json::{Value, json};

async fn json_of(res: reqwest::Response) -> Value {
    res.json().await.unwrap()
}

#[tokio::test]
async fn no_token_is_401_and_a_read_only_token_cannot_write() {
    let app = spawn_app().await;
    let c = app.client();
    let res = c.get(app.url("/api/v1/people")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert_eq!(json_of(res).await["error"], "unauthorized");
    let res = c
        .get(app.url("/api/v1/people"))
        .bearer_auth("lantern_nonsense")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    let viewer = app.token(VIEWER).await;
    let res = c
        .get(app.url("/api/v1/suppliers"))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = c
        .post(app.url("/api/v1/suppliers"))
        .bearer_auth(&viewer)
        .json(&json!({"name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(json_of(res).await["error"], "forbidden");
}

#[tokio::test]
async fn malformed_json_and_invalid_fields_change_nothing() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let c = app.client();
    let before = app.count(EntityKind::Person).await;
    let res = c
        .post(app.url("/api/v1/people"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"full_name\": \"Ann\",")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body = json_of(res).await;
    assert_eq!(body["error"], "malformed_json");
    assert!(body["message"].as_str().unwrap().contains("line 1"), "{body}");

    let res = c
        .post(app.url("/api/v1/people"))
        .bearer_auth(&token)
        .json(&json!({"service_id": 1, "full_name": "", "date_of_birth": "31/02/1950", "risk_tier": "extreme", "nhs_number": "943 476 5918", "favourite_colour": "blue"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body = json_of(res).await;
    assert_eq!(body["error"], "invalid");
    let fields = body["fields"].as_object().unwrap();
    for f in [
        "full_name",
        "date_of_birth",
        "risk_tier",
        "nhs_number",
        "favourite_colour",
    ] {
        assert!(fields.contains_key(f), "{f} missing from {body}");
    }
    assert!(fields["nhs_number"].as_str().unwrap().contains("check digit"));

    let res = c
        .post(app.url("/api/v1/people"))
        .bearer_auth(&token)
        .json(&json!({"service_id": 4242, "full_name": "Ann", "date_of_birth": "1950-01-02", "risk_tier": "low"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(
        json_of(res).await["fields"]["service_id"]
            .as_str()
            .unwrap()
            .contains("4242")
    );
    assert_eq!(app.count(EntityKind::Person).await, before);
}

#[tokio::test]
async fn create_read_update_and_end_through_the_api() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let c = app.client();
    let res = c
        .post(app.url("/api/v1/suppliers"))
        .bearer_auth(&token)
        .json(&json!({"name": "Łódź Telecom", "support_phone": "0113 496 0500", "support_hours": "24/7", "dspt_status": "met"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let created = json_of(res).await;
    assert_eq!(created["support_phone"], "01134960500");
    assert_eq!(created["version"], 1);
    let id = created["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/suppliers/{id}"));

    let got = json_of(c.get(app.url(&location)).bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!(got["name"], "Łódź Telecom");

    let mut changed = got.clone();
    changed["support_hours"] = json!("Mon–Fri 08:00–18:00");
    let res = c
        .put(app.url(&location))
        .bearer_auth(&token)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(json_of(res).await["version"], 2);
    // The same body again carries version 1: someone else's change would be overwritten.
    let res = c
        .put(app.url(&location))
        .bearer_auth(&token)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(json_of(res).await["error"], "conflict");

    let res = c.delete(app.url(&location)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(json_of(res).await["ended_at"].is_string());
    let list = json_of(
        c.get(app.url("/api/v1/suppliers?q=łódź"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["total"], 0, "ended records leave lists");
    let list = json_of(
        c.get(app.url("/api/v1/suppliers?q=łódź&include_ended=true"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["total"], 1, "but are never erased");
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_in_json() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let c = app.client();
    for path in ["/api/v1/people/999999", "/api/v1/unicorns", "/api/v1/people/1/x"] {
        let res = c.get(app.url(path)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(json_of(res).await["error"], "not_found", "{path}");
    }
}

#[tokio::test]
async fn a_branch_token_sees_only_its_branch() {
    let app = spawn_app().await;
    let token = app.token(BRANCH_MANAGER).await;
    let c = app.client();
    let list = json_of(
        c.get(app.url("/api/v1/people?limit=1000"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["total"], 40);
    let other = app.first_in(EntityKind::Person, "residential").await;
    let res = c
        .get(app.url(&format!("/api/v1/people/{other}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_openapi_document_describes_every_entity() {
    let app = spawn_app().await;
    let doc = json_of(app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap()).await;
    assert_eq!(doc["openapi"], "3.1.0");
    for kind in EntityKind::ALL {
        let slug = kind.slug();
        assert!(doc["paths"][format!("/api/v1/{slug}")]["post"].is_object(), "{slug}");
        assert!(
            doc["paths"][format!("/api/v1/{slug}/{{id}}")]["put"].is_object(),
            "{slug}"
        );
    }
    let person = &doc["components"]["schemas"]["PersonInput"];
    let required = person["required"].as_array().unwrap();
    assert!(required.contains(&json!("full_name")) && !required.contains(&json!("nhs_number")));
    assert!(person["properties"]["key_risks"]["items"]["properties"]["what_to_do"].is_object());
    let declare = &doc["paths"]["/api/v1/disruptions"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert!(
        declare["properties"]["kind"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("cyber_incident"))
    );
    let timeline = &doc["paths"]["/api/v1/disruptions/{id}/timeline"];
    assert!(timeline["post"].is_object());
    assert!(
        timeline["put"].is_null() && timeline["delete"].is_null(),
        "no way to change the timeline"
    );
}

/// Every API route of the router is in the OpenAPI document, under its method, and the
/// document names no route the router lacks: what a script can call is documented, and what is
/// documented answers (routes read from the router, so a new one cannot be forgotten).
#[tokio::test]
async fn the_openapi_document_and_the_router_list_the_same_api_routes() {
    let app = spawn_app().await;
    let doc = json_of(app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap()).await;
    let mut missing = Vec::new();
    let mut served = std::collections::BTreeSet::new();
    let mut checked = 0;
    for route in lantern_web::routes() {
        if !route.path.starts_with("/api/v1/") || route.path == "/api/v1/openapi.json" {
            continue;
        }
        // The register's routes are written out per entity.
        let paths: Vec<String> = if route.path.contains("{slug}") && !route.path.contains("/import/") {
            EntityKind::ALL
                .iter()
                .map(|k| route.path.replace("{slug}", k.slug()))
                .collect()
        } else {
            vec![route.path.clone()]
        };
        for path in paths {
            checked += 1;
            let method = route.method.as_str().to_lowercase();
            if !doc["paths"][&path][&method].is_object() {
                missing.push(format!("{method} {path}"));
            }
            served.insert(format!("{method} {path}"));
        }
    }
    assert!(checked > 40, "only {checked} routes checked");
    assert!(missing.is_empty(), "not in the OpenAPI document: {missing:?}");
    let mut not_served = Vec::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        let methods = ["get", "put", "post", "delete", "patch"];
        for method in operations
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| methods.contains(&k.as_str()))
        {
            let route = format!("{method} {path}");
            if path != "/api/v1/openapi.json" && !served.contains(&route) {
                not_served.push(route);
            }
        }
    }
    assert!(not_served.is_empty(), "documented but not served: {not_served:?}");
}
