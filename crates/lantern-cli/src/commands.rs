//! What each subcommand does.

use crate::config::{self, Config, Loaded, redact_url};
use crate::{DemoArgs, Global, InitArgs, ServeArgs, UserAddArgs};
use lantern_app::cause_chain as chain;
use lantern_app::credentials::{generate_password, hash_password, new_api_token};
use lantern_app::{App, Clock};
use lantern_core::EntityKind;
use lantern_core::account::AccountInput;
use lantern_core::demo::{DemoParams, Scale, generate};
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{Actor, ListQuery, NewUser, Store};
use lantern_web::WebConfig;
use std::io::Read;

type Result<T> = std::result::Result<T, String>;

/// The demo's sign-in. The demo holds synthetic people only; never load real data into it.
pub const DEMO_ADMIN: &str = "admin@riverside-care.example";
pub const DEMO_PASSWORD: &str = "lantern-demo";

/// Someone at the server's command line, as the audit log names them: the command and the
/// operating-system account that ran it.
pub fn at_the_server(command: &str) -> lantern_store::Actor {
    let os_user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "an unknown account".into());
    lantern_app::actors::command_line(command, &os_user)
}

pub fn load_config(global: &Global) -> Result<Loaded> {
    let env: Vec<(String, String)> = std::env::vars().collect();
    let mut loaded = config::load(global.config.as_deref(), &env)?;
    if let Some(d) = &global.data {
        loaded.config.data_dir = d.clone();
    }
    if let Some(u) = &global.database_url {
        loaded.config.database_url = Some(u.clone());
    }
    config::validate(&loaded.config)?;
    Ok(loaded)
}

pub fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(filter))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

pub(crate) async fn open(config: &Config) -> Result<Store> {
    let store = match &config.database_url {
        Some(url) => Store::open_url(url).await,
        None => Store::open_dir(&config.data_dir).await,
    };
    store.map_err(|e| format!("cannot open the database ({}): {}", where_(config), chain(&e)))
}

pub(crate) fn where_(config: &Config) -> String {
    match &config.database_url {
        Some(url) => redact_url(url),
        None => config.data_dir.display().to_string(),
    }
}

pub async fn demo(config: Config, args: DemoArgs) -> Result<()> {
    let clock = match &args.clock_from {
        Some(t) => {
            Clock::starting_at(lantern_core::schedule::parse_moment(t).map_err(|e| format!("--clock-from: {e}"))?)
        }
        None => Clock::system(),
    };
    let store = open(&config).await?;
    if store.organisation().await.map_err(|e| chain(&e))?.is_none() {
        let scale = match (args.services, args.people_per_service) {
            (Some(services), Some(people_per_service)) => Some(Scale {
                services,
                people_per_service,
            }),
            _ => None,
        };
        let demo = generate(
            &DemoParams {
                scale,
                ..DemoParams::default()
            },
            clock.today(),
        );
        let now = clock.now();
        let hash = hash_password(DEMO_PASSWORD)?;
        let user = |email: &str, name: &str, role, access| NewUser {
            email: email.into(),
            name: name.into(),
            role,
            access,
            password_hash: hash.clone(),
        };
        let everywhere = [
            user(DEMO_ADMIN, "Demo Administrator", Role::Admin, ServiceAccess::All),
            user(
                "manager@riverside-care.example",
                "Priya Shah (registered manager)",
                Role::Manager,
                ServiceAccess::All,
            ),
            user(
                "inspector@riverside-care.example",
                "Read-only inspector",
                Role::Viewer,
                ServiceAccess::All,
            ),
        ];
        // The demo's register is as if set up a week ago: an outage replayed this morning then
        // finds the medicines and rota as they stood before it began.
        let set_up = now - jiff::SignedDuration::from_hours(7 * 24);
        let summary = store
            .seed_demo(&demo, &everywhere, &Actor::system("lantern demo"), set_up)
            .await
            .map_err(|e| chain(&e))?;
        // The coordinator works one branch, whose id exists only once it is stored.
        let home_care = first_service_of_type(&store, "home_care").await?;
        let coordinator = user(
            "coordinator@riverside-care.example",
            "Tom Evans (coordinator)",
            Role::Coordinator,
            home_care,
        );
        store.create_user(&coordinator, now).await.map_err(|e| chain(&e))?;
        // A senior carer of the same branch (care staff): works the board, the checklist and
        // the families list of their branch, and declares or closes nothing.
        let senior = user(
            "senior@riverside-care.example",
            "Amy Clarke (senior carer)",
            Role::Staff,
            first_service_of_type(&store, "home_care").await?,
        );
        store.create_user(&senior, now).await.map_err(|e| chain(&e))?;
        // Story 2 of the seed, told through Lantern's own operations: the branch's phishing
        // incident, its review, the lesson logged, the pack check and the drill it raised.
        let manager = store
            .user_by_email("manager@riverside-care.example")
            .await
            .map_err(|e| chain(&e))?
            .ok_or("the demo's registered manager was not created")?;
        lantern_app::demo_story::phishing(&store, &manager, now)
            .await
            .map_err(|e| format!("could not tell the demo's phishing story: {e}"))?;
        let counts: Vec<String> = summary
            .0
            .iter()
            .map(|(k, n)| format!("{n} {}", k.spec().plural_in_text()))
            .collect();
        println!(
            "Created {} in {}: {}.",
            demo.organisation,
            where_(&config),
            counts.join(", ")
        );
        // Packs from the first minute, not from the next morning build.
        if config.builds_packs() {
            println!("Building the first downtime pack of each service…");
            let built =
                lantern_app::packs::build_missing(&store, &Actor::system("lantern demo"), now, clock.today()).await;
            let pages: usize = built.iter().map(|b| b.pages).sum();
            println!("Built {} downtime packs ({pages} pages).", built.len());
        }
    } else {
        println!("Using the organisation already in {}.", where_(&config));
    }
    let bind = args.bind.unwrap_or(config.bind);
    println!("Sign in as {DEMO_ADMIN} with password {DEMO_PASSWORD} (demo data only: synthetic people).");
    if args.seed_only {
        return Ok(());
    }
    run_server(store, &config, bind, clock).await
}

async fn first_service_of_type(store: &Store, service_type: &str) -> Result<ServiceAccess> {
    let services = store
        .list(
            EntityKind::Service,
            &ListQuery {
                limit: 1000,
                ..Default::default()
            },
        )
        .await
        .map_err(|e| chain(&e))?;
    Ok(
        match services
            .items
            .iter()
            .find(|s| s.record.text("service_type") == service_type)
        {
            Some(s) => ServiceAccess::Only(vec![s.id]),
            None => ServiceAccess::All,
        },
    )
}

pub async fn serve(config: Config, args: ServeArgs) -> Result<()> {
    let store = open(&config).await?;
    if store.organisation().await.map_err(|e| chain(&e))?.is_none() {
        return Err(format!(
            "{} holds no organisation yet. Run `lantern init` (a new organisation) or `lantern demo` (the demo).",
            where_(&config)
        ));
    }
    let bind = args.bind.unwrap_or(config.bind);
    run_server(store, &config, bind, Clock::system()).await
}

async fn run_server(store: Store, config: &Config, bind: std::net::SocketAddr, clock: Clock) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let sweeper = store.clone();
    let sweep_clock = clock.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = sweeper.delete_expired_sessions(sweep_clock.now()).await {
                tracing::warn!(error = %e, "could not remove expired sessions");
            }
            if let Err(e) = sweeper.prune_sign_in(sweep_clock.now()).await {
                tracing::warn!(error = %e, "could not remove old failed sign-ins and trusted browsers");
            }
        }
    });
    // Services that have no pack yet (a new organisation, services imported while Lantern was
    // stopped) get one now, and any added later within a minute.
    if config.builds_packs() {
        tokio::spawn(lantern_app::packs::keep_packs(store.clone(), clock.clone()));
    }
    if let Ok(time) = lantern_core::values::DoseTime::parse(&config.pack_build_time) {
        tokio::spawn(crate::packs::morning_builds(store.clone(), clock.clone(), time));
    }
    let app = App {
        store,
        clock,
        builds_packs: config.builds_packs(),
    };
    // Today's readiness of every service is kept each hour, so the history has a day even
    // when nobody opened Lantern.
    tokio::spawn(lantern_app::readiness::keep_readiness(app.clone()));
    let web = WebConfig {
        secure_cookies: config.secure_cookies,
        session_hours: config.session_hours,
        trust_forwarded_for: config.trust_forwarded_for,
    };
    println!("Lantern is running at http://{addr}/ (Ctrl+C to stop)");
    lantern_web::serve(listener, app, web)
        .await
        .map_err(|e| format!("server stopped: {e}"))
}

/// The password piped in with `--password-stdin`, or none: then Lantern makes one.
fn read_password(from_stdin: bool) -> Result<Option<String>> {
    if !from_stdin {
        return Ok(None);
    }
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    Ok(Some(s.trim_end_matches(['\n', '\r']).to_string()))
}

pub async fn init(config: Config, args: InitArgs) -> Result<()> {
    let store = open(&config).await?;
    let email = lantern_core::values::parse_email(&args.admin_email).map_err(|e| format!("--admin-email: {e}"))?;
    if args.organisation.trim().is_empty() {
        return Err("--organisation: enter the organisation's name".into());
    }
    // The same password rule and generator as the users page.
    let (password, generated) = match read_password(args.password_stdin)? {
        Some(p) => {
            lantern_core::account::check_password(&p, &email)?;
            (p, false)
        }
        None => (generate_password(), true),
    };
    let user = NewUser {
        email: email.clone(),
        name: args.admin_name,
        role: Role::Admin,
        access: ServiceAccess::All,
        password_hash: hash_password(&password)?,
    };
    store
        .create_organisation(args.organisation.trim(), &[user], Clock::system().now())
        .await
        .map_err(|e| chain(&e))?;
    println!(
        "Created {} in {}, with administrator {email}.",
        args.organisation.trim(),
        where_(&config)
    );
    if generated {
        println!("Password (shown once): {password}");
    }
    Ok(())
}

/// An account's problems as the command line names them: by the flag that gave the value.
fn account_error(e: lantern_app::Error) -> String {
    match e {
        lantern_app::Error::Invalid(fields) => fields
            .0
            .iter()
            .map(|(field, message)| {
                let flag = match field.as_str() {
                    "services" => "--service".to_string(),
                    "password" => "the password".to_string(),
                    other => format!("--{other}"),
                };
                format!("{flag}: {message}")
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// `lantern user add`: the users page's operation, as the command line (whoever can run it
/// holds the database), with the same rules and the same audit entry.
pub async fn user_add(config: Config, args: UserAddArgs) -> Result<()> {
    let store = open(&config).await?;
    let mut services = Vec::new();
    for wanted in &args.services {
        let found = crate::packs::services(&store, Some(wanted))
            .await
            .map_err(|_| format!("--service: there is no service called '{wanted}'"))?;
        services.extend(found.into_iter().map(|(id, _)| id.to_string()));
    }
    let name = args
        .name
        .unwrap_or_else(|| args.email.trim().split('@').next().unwrap_or_default().to_string());
    let input = AccountInput {
        email: args.email.clone(),
        name,
        role: args.role.clone(),
        every_service: args.services.is_empty(),
        services,
    };
    let password = read_password(args.password_stdin)?;
    let acting = lantern_app::users::Acting::command_line(at_the_server("lantern user add"));
    let added = lantern_app::users::add(&store, &acting, &input, password.as_deref(), Clock::system().now())
        .await
        .map_err(account_error)?;
    let user = store.user(added.id).await.map_err(|e| chain(&e))?;
    println!("Added {} as {}.", user.email, user.role.label());
    if let Some(password) = added.generated {
        println!("Password (shown once): {password}");
    }
    Ok(())
}

pub async fn user_list(config: Config) -> Result<()> {
    let store = open(&config).await?;
    for u in store.users().await.map_err(|e| chain(&e))? {
        let access = match u.access {
            ServiceAccess::All => "all services".to_string(),
            ServiceAccess::Only(ids) => format!("services {ids:?}"),
        };
        println!(
            "{}\t{}\t{}\t{access}{}",
            u.email,
            u.name,
            u.role.as_str(),
            if u.disabled { "\tdisabled" } else { "" }
        );
    }
    Ok(())
}

pub async fn token_create(config: Config, email: &str, label: &str) -> Result<()> {
    let store = open(&config).await?;
    if store.organisation().await.map_err(|e| chain(&e))?.is_none() {
        return Err(format!(
            "{} holds no organisation yet: run `lantern init` first",
            where_(&config)
        ));
    }
    let user = store
        .user_by_email(email)
        .await
        .map_err(|e| chain(&e))?
        .ok_or_else(|| format!("--user: there is no user {email}"))?;
    let (token, hash) = new_api_token();
    store
        .create_token(&hash, user.id, label, Clock::system().now())
        .await
        .map_err(|e| chain(&e))?;
    println!("{token}");
    Ok(())
}

pub async fn config_check(loaded: Loaded) -> Result<()> {
    match &loaded.file {
        Some(f) => println!("file: {}", f.display()),
        None => println!("file: none (defaults)"),
    }
    if !loaded.env_used.is_empty() {
        println!("environment: {}", loaded.env_used.join(", "));
    }
    for unknown in &loaded.env_unknown {
        println!("warning: {unknown} is not a Lantern setting and is ignored");
    }
    println!("{:#?}", loaded.config);
    let store = open(&loaded.config).await?;
    let org = store.organisation().await.map_err(|e| chain(&e))?;
    println!(
        "database: ok ({})",
        org.map(|o| format!("organisation {o}"))
            .unwrap_or_else(|| "no organisation yet".into())
    );
    Ok(())
}
