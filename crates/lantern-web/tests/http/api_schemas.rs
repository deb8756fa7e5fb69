//! The OpenAPI document says what the API really answers: no 2xx JSON answer is documented as a
//! bare object, every `$ref` resolves, and real answers of a whole outage story (declare, board,
//! families, a call, timeline, reconciliation and sign-off, report, packs, audit log, users and
//! tokens, an import) validate against their path's schema. Objects are validated closed (no key
//! the document does not name), so a handler sending a key the document lacks fails here too.

use crate::helpers::*;
use lantern_core::EntityKind;
use reqwest::Method;
use serde_json::{Map, Value, json};

async fn document(app: &TestApp) -> Value {
    let res = app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The component a `#/components/schemas/Name` reference names, if there is one.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    doc["components"]["schemas"].get(name)
}

/// Every `$ref` anywhere under `v`.
fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r);
            }
            map.values().for_each(|x| refs(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// Every (method, path, status, schema) of a 2xx JSON answer in the document.
fn json_answers(doc: &Value) -> Vec<(String, String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, r) in responses.iter().filter(|(s, _)| s.starts_with('2')) {
                if let Some(schema) = r["content"]["application/json"].get("schema") {
                    out.push((method.clone(), path.clone(), status.clone(), schema.clone()));
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn no_answer_is_a_bare_object_and_every_reference_resolves() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let mut all = Vec::new();
    refs(&doc, &mut all);
    let broken: Vec<&&str> = all.iter().filter(|r| resolve(&doc, r).is_none()).collect();
    assert!(broken.is_empty(), "references to nothing: {broken:?}");

    let answers = json_answers(&doc);
    assert!(answers.len() > 40, "only {} JSON answers", answers.len());
    let mut bare = Vec::new();
    for (method, path, status, schema) in &answers {
        let mut shown = schema;
        while let Some(r) = shown.get("$ref").and_then(Value::as_str) {
            shown = resolve(&doc, r).unwrap();
        }
        let described = ["properties", "oneOf", "anyOf", "allOf", "items", "additionalProperties"]
            .iter()
            .any(|k| shown.get(*k).is_some());
        if !described {
            bare.push(format!("{method} {path} {status}: {shown}"));
        }
    }
    assert!(bare.is_empty(), "answers documented without their shape: {bare:#?}");
}

/// `schema` with every object closed: a key it does not name is an error. Members of an
/// `allOf` stay open (a flattened struct is one), the object around them is closed instead.
fn closed(schema: &Value, in_all_of: bool) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("allOf", Value::Array(items)) => {
                        (k.clone(), Value::Array(items.iter().map(|x| closed(x, true)).collect()))
                    }
                    // Names, not schemas.
                    ("required" | "enum", _) => (k.clone(), v.clone()),
                    (_, Value::Object(props)) if k == "properties" => (
                        k.clone(),
                        Value::Object(props.iter().map(|(p, s)| (p.clone(), closed(s, false))).collect()),
                    ),
                    _ => (k.clone(), closed(v, false)),
                })
                .collect();
            let object = map.contains_key("properties") || map.contains_key("allOf");
            let open = ["additionalProperties", "unevaluatedProperties"]
                .iter()
                .any(|k| map.contains_key(*k));
            if object && !open && !in_all_of {
                out.insert("unevaluatedProperties".into(), json!(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|x| closed(x, false)).collect()),
        other => other.clone(),
    }
}

/// Checks each answer against the schema the document gives its path, method and status.
struct Checker {
    doc: Value,
    components: Value,
    checked: std::collections::BTreeSet<String>,
}

impl Checker {
    fn new(doc: Value) -> Self {
        let components = closed(&doc["components"], false);
        Self {
            doc,
            components,
            checked: Default::default(),
        }
    }

    fn check(&mut self, method: &Method, path: &str, status: u16, body: &Value) {
        let op = &self.doc["paths"][path][method.as_str().to_lowercase()];
        let schema = &op["responses"][status.to_string()]["content"]["application/json"]["schema"];
        assert!(schema.is_object(), "{method} {path} {status}: not in the document");
        let mut root = closed(schema, false);
        root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        root["components"] = self.components.clone();
        let validator = jsonschema::draft202012::new(&root).unwrap_or_else(|e| panic!("{path}: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("at {}: {e}", e.instance_path()))
            .collect();
        // The errors, shortened: a board's value is a few hundred visits.
        let errors: Vec<String> = errors.iter().map(|e| e.chars().take(600).collect()).collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status} does not follow the document:\n{}",
            errors.join("\n")
        );
        self.checked.insert(format!("{method} {path}"));
    }
}

/// Calls the API and checks its answer; the answer's status and JSON.
struct Story<'a> {
    app: &'a TestApp,
    checker: Checker,
}

impl Story<'_> {
    async fn call(&mut self, token: &str, method: Method, template: &str, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .app
            .client()
            .request(method.clone(), self.app.url(path))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        self.answer(req, method, template).await
    }

    async fn answer(&mut self, req: reqwest::RequestBuilder, method: Method, template: &str) -> Value {
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert!(
            (200..300).contains(&status) || status == 422,
            "{method} {template}: {status} {text}"
        );
        let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{template}: not JSON: {text}"));
        self.checker.check(&method, template, status, &body);
        body
    }
}

fn id_of(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an id: {v}"))
}

async fn service_of_type(app: &TestApp, service_type: &str) -> i64 {
    let person = app.first_in(EntityKind::Person, service_type).await;
    app.store
        .get(EntityKind::Person, person)
        .await
        .unwrap()
        .service_id
        .unwrap()
}

#[tokio::test]
async fn real_answers_follow_the_documented_schemas() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let mut s = Story {
        app: &app,
        checker: Checker::new(doc),
    };
    let admin = app.token(ADMIN).await;
    let branch = service_of_type(&app, "home_care").await;
    let living = service_of_type(&app, "supported_living").await;

    // Declared over a home-care branch (visits) and a supported-living service (rounds).
    let d = s
        .call(
            &admin,
            Method::POST,
            "/api/v1/disruptions",
            "/api/v1/disruptions",
            Some(
                json!({"kind": "cyber_incident", "services": [branch, living], "started_at": "2026-11-24T08:30",
                        "coordinator": "Tom Evans", "safe_care": "not_threatened"}),
            ),
        )
        .await;
    let id = id_of(&d["id"]);
    let one = format!("/api/v1/disruptions/{id}");
    // The outage what-if of a system and a service struck directly.
    let system = app
        .store
        .list(EntityKind::System, &lantern_store::ListQuery::default())
        .await
        .unwrap()
        .items[0]
        .id;
    let w = s
        .call(
            &admin,
            Method::POST,
            "/api/v1/what-if",
            "/api/v1/what-if",
            Some(json!({"systems": [system], "services": [living], "start": "2026-11-24T08:30", "hours": 26, "kind": "power"})),
        )
        .await;
    assert!(
        !w["doses"].as_array().unwrap().is_empty() && w["cqc"]["urgency"] == "notify_now",
        "{w}"
    );
    s.call(&admin, Method::GET, "/api/v1/disruptions", "/api/v1/disruptions", None)
        .await;
    let d = s
        .call(&admin, Method::GET, "/api/v1/disruptions/{id}", &one, None)
        .await;
    let step = id_of(&d["steps"][0]["id"]);
    s.call(
        &admin,
        Method::POST,
        "/api/v1/disruptions/{id}/steps/{step}",
        &format!("{one}/steps/{step}"),
        Some(json!({"done": true})),
    )
    .await;
    s.call(
        &admin,
        Method::POST,
        "/api/v1/disruptions/{id}/safe-care",
        &format!("{one}/safe-care"),
        Some(json!({"safe_care": "threatened"})),
    )
    .await;

    let board = s
        .call(
            &admin,
            Method::GET,
            "/api/v1/disruptions/{id}/board",
            &format!("{one}/board"),
            None,
        )
        .await;
    let services = board["services"].as_array().unwrap();
    assert!(services.iter().any(|b| b["rounds"].is_array()), "{board}");
    let home = services.iter().find(|b| b["type"] == "home_care").unwrap();
    let visit = id_of(&home["visits"][0]["visit"]["visit_id"]);
    s.call(
        &admin,
        Method::POST,
        "/api/v1/disruptions/{id}/visits/{visit}",
        &format!("{one}/visits/{visit}"),
        Some(json!({"status": "late", "expected_at": "10:15", "note": "traffic"})),
    )
    .await;
    let board = s
        .call(
            &admin,
            Method::GET,
            "/api/v1/disruptions/{id}/board",
            &format!("{one}/board"),
            None,
        )
        .await;
    assert!(
        board["services"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["visits"].as_array().into_iter().flatten())
            .any(|v| v["updated"].is_object()),
        "a status set shows: {board}"
    );

    let families = s
        .call(
            &admin,
            Method::GET,
            "/api/v1/disruptions/{id}/families",
            &format!("{one}/families"),
            None,
        )
        .await;
    let contact = id_of(&families["items"][0]["contact"]["contact_id"]);
    s.call(
        &admin,
        Method::POST,
        "/api/v1/disruptions/{id}/families/{contact}/calls",
        &format!("{one}/families/{contact}/calls"),
        Some(json!({"outcome": "spoke", "note": "told her"})),
    )
    .await;
    let families = s
        .call(
            &admin,
            Method::GET,
            "/api/v1/disruptions/{id}/families",
            &format!("{one}/families"),
            None,
        )
        .await;
    let called = families["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["contact"]["contact_id"] == contact);
    assert!(called.is_some_and(|f| f["calls"][0].is_object()), "{families}");

    s.call(
        &admin,
        Method::POST,
        "/api/v1/disruptions/{id}/timeline",
        &format!("{one}/timeline"),
        Some(json!({"kind": "decision", "text": "Paper MAR charts in use"})),
    )
    .await;
    s.call(
        &admin,
        Method::GET,
        "/api/v1/disruptions/{id}/timeline",
        &format!("{one}/timeline"),
        None,
    )
    .await;
    s.call(
        &admin,
        Method::POST,
        "/api/v1/disruptions/{id}/cqc-notification",
        &format!("{one}/cqc-notification"),
        Some(json!({"reference": "CQC-1"})),
    )
    .await;
    s.call(&admin, Method::GET, "/api/v1/scenarios", "/api/v1/scenarios", None)
        .await;
    s.call(
        &admin,
        Method::PUT,
        "/api/v1/scenarios/{scenario}",
        "/api/v1/scenarios/power_cut",
        Some(json!({"steps": ["Ring the network operator", "Torches out"]})),
    )
    .await;

    // Closed: the reconciliation as the CLI gives it, resolved finding by finding, signed off.
    app.advance_minutes(60);
    let d = s
        .call(
            &admin,
            Method::POST,
            "/api/v1/disruptions/{id}/close",
            &format!("{one}/close"),
            Some(json!({"restored_at": "2026-11-24T09:00"})),
        )
        .await;
    assert_eq!(d["status"], "closed");
    // The paper sheets to enter, and one of each kind as entered so far.
    let sheets = s
        .call(
            &admin,
            Method::GET,
            "/api/v1/disruptions/{id}/sheets",
            &format!("{one}/sheets"),
            None,
        )
        .await;
    for kind in ["mar", "visits"] {
        let sheet = sheets["items"].as_array().unwrap().iter().find(|i| i["kind"] == kind);
        let path = sheet.unwrap_or_else(|| panic!("no {kind} sheet: {sheets}"))["path"]
            .as_str()
            .unwrap();
        let template = match kind {
            "mar" => "/api/v1/disruptions/{id}/sheets/mar/{person}/{day}",
            _ => "/api/v1/disruptions/{id}/sheets/visits/{service}/{day}",
        };
        s.call(&admin, Method::GET, template, path, None).await;
    }
    let rec = s
        .call(
            &admin,
            Method::GET,
            "/api/v1/disruptions/{id}/reconciliation",
            &format!("{one}/reconciliation"),
            None,
        )
        .await;
    let row = app.store.disruption(id).await.unwrap();
    let now = *app.clock.lock().unwrap();
    let loaded = lantern_app::reconciliation::load(&app.store, row, now).await.unwrap();
    assert_eq!(
        rec,
        lantern_app::reconciliation::to_json(&loaded),
        "the API and the CLI agree"
    );
    let keys: Vec<String> = rec["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap().to_string())
        .collect();
    assert!(!keys.is_empty(), "nothing was entered from paper: {rec}");
    for key in &keys {
        let f = s
            .call(
                &admin,
                Method::POST,
                "/api/v1/disruptions/{id}/reconciliation/resolutions",
                &format!("{one}/reconciliation/resolutions"),
                Some(json!({"key": key, "action": "no_harm"})),
            )
            .await;
        assert_eq!(f["resolution"]["action"], "no_harm");
    }
    let signed = s
        .call(
            &admin,
            Method::POST,
            "/api/v1/disruptions/{id}/reconciliation/sign-off",
            &format!("{one}/reconciliation/sign-off"),
            Some(json!({"note": "checked"})),
        )
        .await;
    assert!(signed["signed_off"].is_object(), "{signed}");
    let report = s
        .call(
            &admin,
            Method::GET,
            "/api/v1/disruptions/{id}/report",
            &format!("{one}/report"),
            None,
        )
        .await;
    assert!(!report["finding_counts"].as_array().unwrap().is_empty(), "{report}");

    // Packs: built, checked, listed, read.
    let pack = format!("/api/v1/packs/{branch}");
    s.call(
        &admin,
        Method::POST,
        "/api/v1/packs/{service}/build",
        &format!("{pack}/build"),
        Some(json!({})),
    )
    .await;
    s.call(
        &admin,
        Method::POST,
        "/api/v1/packs/{service}/checks",
        &format!("{pack}/checks"),
        Some(json!({"problems": "Page 3 missing"})),
    )
    .await;
    s.call(&admin, Method::GET, "/api/v1/packs", "/api/v1/packs", None)
        .await;
    let detail = s
        .call(&admin, Method::GET, "/api/v1/packs/{service}", &pack, None)
        .await;
    assert!(
        detail["latest"].is_object() && detail["last_check"].is_object(),
        "{detail}"
    );

    // Users and their tokens, and the audit log of it all.
    let coordinator = app.store.user_by_email(COORDINATOR).await.unwrap().unwrap().id;
    app.token(COORDINATOR).await;
    s.call(&admin, Method::GET, "/api/v1/users", "/api/v1/users", None)
        .await;
    let user = s
        .call(
            &admin,
            Method::GET,
            "/api/v1/users/{id}",
            &format!("/api/v1/users/{coordinator}"),
            None,
        )
        .await;
    assert!(user["tokens"][0].is_object(), "{user}");
    let added = s
        .call(
            &admin,
            Method::POST,
            "/api/v1/users",
            "/api/v1/users",
            Some(json!({"email": "new@test.example", "name": "New Person", "role": "staff", "services": [branch]})),
        )
        .await;
    assert!(added["password"].is_string(), "{added}");
    let new = format!("/api/v1/users/{}", id_of(&added["id"]));
    s.call(
        &admin,
        Method::PUT,
        "/api/v1/users/{id}",
        &new,
        Some(json!({"name": "New Name", "role": "coordinator", "services": "all"})),
    )
    .await;
    s.call(
        &admin,
        Method::POST,
        "/api/v1/users/{id}/password",
        &format!("{new}/password"),
        None,
    )
    .await;
    s.call(
        &admin,
        Method::POST,
        "/api/v1/users/{id}/revoke",
        &format!("{new}/revoke"),
        None,
    )
    .await;
    s.call(
        &admin,
        Method::POST,
        "/api/v1/users/{id}/unlock",
        &format!("{new}/unlock"),
        None,
    )
    .await;
    s.call(&admin, Method::GET, "/api/v1/audit", "/api/v1/audit?limit=50", None)
        .await;

    // An import, dry run and refused; the register it changes.
    let header = lantern_import::csv_in::columns(EntityKind::Person).join(",");
    let row = |name: &str| format!("X1,Riverside House,{name},,02/03/1944,,medium,Ash,,,,,,,,,,\r\n");
    for (csv, status) in [(row("Ann Good"), 200), (row(""), 422)] {
        let req = app
            .client()
            .post(app.url("/api/v1/import/csv/people?dry_run=true"))
            .bearer_auth(&admin)
            .body(format!("{header}\r\n{csv}"));
        let report = s.answer(req, Method::POST, "/api/v1/import/csv/{slug}").await;
        assert_eq!(
            report["errors"].as_array().unwrap().is_empty(),
            status == 200,
            "{report}"
        );
    }
    let people = s
        .call(&admin, Method::GET, "/api/v1/people", "/api/v1/people?limit=3", None)
        .await;
    let person = id_of(&people["items"][0]["id"]);
    s.call(
        &admin,
        Method::GET,
        "/api/v1/people/{id}",
        &format!("/api/v1/people/{person}"),
        None,
    )
    .await;

    // The assurance calendar: its duties, naming someone responsible, a feed address.
    let cal = s
        .call(&admin, Method::GET, "/api/v1/calendar", "/api/v1/calendar", None)
        .await;
    let key = cal["duties"][0]["key"].as_str().unwrap().to_string();
    let me = app.store.user_by_email(ADMIN).await.unwrap().unwrap().id;
    s.call(
        &admin,
        Method::PUT,
        "/api/v1/calendar/duties/{key}/responsible",
        &format!("/api/v1/calendar/duties/{key}/responsible"),
        Some(json!({"user_id": me})),
    )
    .await;
    s.call(
        &admin,
        Method::POST,
        "/api/v1/calendar/feed",
        "/api/v1/calendar/feed",
        None,
    )
    .await;

    assert!(s.checker.checked.len() >= 30, "{:?}", s.checker.checked);
}

/// The check is a real one: an answer with a key the document does not name, a key missing or
/// a value of another type is refused.
#[tokio::test]
async fn an_answer_the_document_does_not_describe_is_refused() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let mut checker = Checker::new(document(&app).await);
    let res = app
        .client()
        .get(app.url("/api/v1/scenarios"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let good: Value = res.json().await.unwrap();
    checker.check(&Method::GET, "/api/v1/scenarios", 200, &good);
    let changes: [fn(&mut Value); 4] = [
        |v| v["items"][0]["extra"] = json!(1),
        |v| {
            v["items"][0].as_object_mut().unwrap().remove("label");
        },
        |v| v["items"][0]["customised"] = json!("no"),
        |v| v["items"][0]["scenario"] = json!("alien_invasion"),
    ];
    for change in changes {
        let mut bad = good.clone();
        change(&mut bad);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            checker.check(&Method::GET, "/api/v1/scenarios", 200, &bad)
        }));
        assert!(caught.is_err(), "not caught: {bad}");
    }
}
