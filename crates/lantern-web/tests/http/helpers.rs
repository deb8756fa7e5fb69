use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::demo::{DemoParams, generate};
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{Actor, ListQuery, NewUser, Store};
use lantern_web::{AppState, Clock, WebConfig, hash_password, new_api_token, router};
use std::sync::{Arc, Mutex};

pub const PASSWORD: &str = "a long test password";
pub const ADMIN: &str = "admin@test.example";
pub const VIEWER: &str = "viewer@test.example";
pub const BRANCH_MANAGER: &str = "branch.manager@test.example";
pub const COORDINATOR: &str = "coordinator@test.example";
/// A senior carer or shift leader of the home-care branch.
pub const STAFF: &str = "staff@test.example";

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub clock: Arc<Mutex<Timestamp>>,
    pub dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests check them).
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    pub fn advance_minutes(&self, minutes: i64) {
        let mut t = self.clock.lock().unwrap();
        *t += jiff::SignedDuration::from_mins(minutes);
    }

    /// An API answer as JSON, read with `token`.
    pub async fn get_json(&self, token: &str, path: &str) -> serde_json::Value {
        let res = self
            .client()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "GET {path}: {}", res.status());
        res.json().await.unwrap()
    }

    /// An API call with a bearer token and an optional JSON body: the status, and the answer
    /// as JSON (null when it is not JSON, as a 204's is not).
    pub async fn api(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut req = self.client().request(method, self.url(path)).bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }

    pub async fn token(&self, email: &str) -> String {
        let user = self.store.user_by_email(email).await.unwrap().unwrap();
        let (token, hash) = new_api_token();
        let now = *self.clock.lock().unwrap();
        self.store.create_token(&hash, user.id, "test", now).await.unwrap();
        token
    }

    pub async fn count(&self, kind: EntityKind) -> i64 {
        self.store
            .list(
                kind,
                &ListQuery {
                    include_ended: true,
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .total
    }

    /// The id of the first current record of a kind in a service of the given type.
    pub async fn first_in(&self, kind: EntityKind, service_type: &str) -> i64 {
        let services = self
            .store
            .list(
                EntityKind::Service,
                &ListQuery {
                    limit: 100,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let service = services
            .items
            .iter()
            .find(|s| s.record.text("service_type") == service_type)
            .unwrap()
            .id;
        let q = ListQuery {
            service: Some(service),
            limit: 1,
            ..Default::default()
        };
        self.store.list(kind, &q).await.unwrap().items[0].id
    }

    /// The id of the demo's system of a category ("email", "care_planning"…).
    pub async fn system_id(&self, category: &str) -> i64 {
        let q = ListQuery {
            limit: 100,
            ..Default::default()
        };
        let systems = self.store.list(EntityKind::System, &q).await.unwrap();
        systems
            .items
            .iter()
            .find(|s| s.record.text("category") == category)
            .unwrap()
            .id
    }

    /// Signs in through the real form; returns the sign-in response.
    pub async fn sign_in(&self, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
        self.sign_in_from(client, email, password, None).await
    }

    /// As [`TestApp::sign_in`], as if from `address` (an `X-Forwarded-For` that the app takes
    /// only when it trusts a proxy).
    pub async fn sign_in_from(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
        address: Option<&str>,
    ) -> reqwest::Response {
        let from = |req: reqwest::RequestBuilder| match address {
            Some(a) => req.header("x-forwarded-for", a),
            None => req,
        };
        let page = from(client.get(self.url("/login")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden(&page, "csrf");
        from(client.post(self.url("/login")))
            .form(&[("email", email), ("password", password), ("csrf", &csrf)])
            .send()
            .await
            .unwrap()
    }

    /// A signed-in client of a new manager of `service` alone.
    pub async fn user_limited_to(&self, service: i64) -> reqwest::Client {
        let email = format!("manager.{service}@test.example");
        let user = NewUser {
            email: email.clone(),
            name: format!("Manager of service {service}"),
            role: Role::Manager,
            access: ServiceAccess::Only(vec![service]),
            password_hash: lantern_web::hash_password(PASSWORD).unwrap(),
        };
        let now = *self.clock.lock().unwrap();
        self.store.create_user(&user, now).await.unwrap();
        self.signed_in(&email).await.0
    }

    /// A signed-in client and the CSRF token of its session.
    pub async fn signed_in(&self, email: &str) -> (reqwest::Client, String) {
        let client = self.client();
        let res = self.sign_in(&client, email, PASSWORD).await;
        assert_eq!(res.status(), 303, "sign in as {email}");
        let home = client.get(self.url("/")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden(&home, "csrf");
        (client, csrf)
    }
}

/// Posts a form from a signed-in browser and answers the response.
pub async fn post_form(client: &reqwest::Client, url: String, fields: &[(&str, &str)]) -> reqwest::Response {
    client.post(url).form(fields).send().await.unwrap()
}

/// GETs a page and answers its HTML.
pub async fn page_text(client: &reqwest::Client, url: String) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// The value of the first hidden input called `name` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden {name} in page")) + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(WebConfig::default()).await
}

/// The app with its web settings chosen (`trust_forwarded_for`, `secure_cookies`…).
pub async fn spawn_app_with(config: WebConfig) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let start: Timestamp = "2026-11-24T09:00:00Z".parse().unwrap();
    let demo = generate(&DemoParams::default(), jiff::civil::date(2026, 11, 24));
    store
        .seed_demo(&demo, &[], &Actor::system("test"), start)
        .await
        .unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    let services = store
        .list(
            EntityKind::Service,
            &ListQuery {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let home_care = services
        .items
        .iter()
        .find(|s| s.record.text("service_type") == "home_care")
        .unwrap()
        .id;
    for (email, role, access) in [
        (ADMIN, Role::Admin, ServiceAccess::All),
        (VIEWER, Role::Viewer, ServiceAccess::All),
        (BRANCH_MANAGER, Role::Manager, ServiceAccess::Only(vec![home_care])),
        (COORDINATOR, Role::Coordinator, ServiceAccess::Only(vec![home_care])),
        (STAFF, Role::Staff, ServiceAccess::Only(vec![home_care])),
    ] {
        let user = NewUser {
            email: email.into(),
            name: email.into(),
            role,
            access,
            password_hash: hash.clone(),
        };
        store.create_user(&user, start).await.unwrap();
    }
    let (clock, cell) = Clock::manual(start);
    let state = AppState {
        app: lantern_web::App {
            store: store.clone(),
            clock,
            builds_packs: true,
        },
        config,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    TestApp {
        base: format!("http://{addr}"),
        store,
        clock: cell,
        dir,
    }
}
