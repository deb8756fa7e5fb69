//! `lantern`: the one binary. It wires the store, the web app and the clock together; nothing
//! else depends on it.

mod commands;
mod config;
mod import;
mod packs;
mod reconcile;
mod what_if;

use clap::{Args, Parser, Subcommand};
use lantern_core::EntityKind;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "lantern",
    version,
    about = "Lantern keeps care safe when digital systems fail: the continuity workbench of an adult social care provider.",
    after_help = "Start with `lantern demo` to try it on synthetic data, or `lantern init` for your own organisation.",
    propagate_version = true
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone, Default)]
pub struct Global {
    /// Configuration file (default: ./lantern.toml if it exists; env LANTERN_CONFIG)
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data directory holding the embedded database (default ./lantern-data; env LANTERN_DATA_DIR)
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Use PostgreSQL at this URL instead of the embedded database (env LANTERN_DATABASE_URL)
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo organisation (Riverside Care Group) if DIR has none, then serve it
    Demo(DemoArgs),
    /// Serve the web app and API
    Serve(ServeArgs),
    /// Create a new, empty organisation and its first administrator
    Init(InitArgs),
    /// Manage users
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import the care snapshot: CSV in Lantern's templates, or FHIR R4 (UK Core)
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export the register
    #[command(subcommand)]
    Export(ExportCommand),
    /// Build downtime packs and see whether they are fresh
    #[command(subcommand)]
    Pack(PackCommand),
    /// Print a disruption's reconciliation findings (what was due against what the paper says)
    Reconcile {
        /// The disruption's number (as in /disruptions/N)
        #[arg(long)]
        disruption: i64,
        /// As JSON, the same shape as the API
        #[arg(long)]
        json: bool,
    },
    /// What an outage would touch, from the register as it stands (a drill's briefing)
    WhatIf {
        /// The systems that fail, by name or id (repeat or separate with commas)
        #[arg(long, value_delimiter = ',')]
        systems: Vec<String>,
        /// Services struck directly (a power cut, a flood), by name or id
        #[arg(long, value_delimiter = ',')]
        services: Vec<String>,
        /// The kind of incident (supplier_outage, cyber_incident, power, …)
        #[arg(long)]
        kind: Option<String>,
        /// When it starts, UK time: 2026-11-24T09:00
        #[arg(long)]
        from: String,
        /// How long it lasts, in whole hours (1 to 168)
        #[arg(long)]
        hours: i64,
        /// As JSON, the same shape as the API
        #[arg(long)]
        json: bool,
    },
    /// Check configuration
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import CSV files named after what they hold (people.csv, medicines.csv…); see docs/import/
    Csv {
        /// The files
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Show what would change without changing anything
        #[arg(long)]
        dry_run: bool,
        /// The files are not complete lists: do not end people or medicines missing from them
        #[arg(long)]
        partial: bool,
    },
    /// Import FHIR R4 bundles or resources (.json) and NDJSON files (.ndjson)
    Fhir {
        /// The files
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The service the imported people and visits belong to (name or id)
        #[arg(long)]
        service: Option<String>,
        /// Show what would change without changing anything
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Write every entity as CSV in the import templates (export → import → export is identical)
    Csv {
        /// Where to write the files
        #[arg(long, value_name = "DIR", default_value = "export")]
        out: PathBuf,
    },
    /// Write people with their current medicines as a FHIR R4 Bundle (Patient, MedicationRequest)
    Fhir {
        /// Only this service's people (name or id)
        #[arg(long)]
        service: Option<String>,
        /// The file to write
        #[arg(long, value_name = "FILE", default_value = "export.fhir.json")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum PackCommand {
    /// Build the PDF downtime pack of one service or of all, and write them to a folder
    Build {
        /// The service, by name or id
        #[arg(long, conflicts_with = "all", required_unless_present = "all")]
        service: Option<String>,
        /// Every service
        #[arg(long)]
        all: bool,
        /// The first day the pack covers, and the day of home-care visit lists (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: Option<String>,
        /// Where to write the PDFs
        #[arg(long, value_name = "DIR", default_value = "packs")]
        out: PathBuf,
    },
    /// Print every service's pack: fresh or stale, and why
    Status,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Address to serve on (default 127.0.0.1:8080; env LANTERN_BIND)
    #[arg(long, value_name = "ADDR")]
    bind: Option<SocketAddr>,
    /// Create the data and stop, without serving
    #[arg(long)]
    seed_only: bool,
    /// For benchmarks: this many services instead of Riverside's six
    #[arg(long, value_name = "N", requires = "people_per_service")]
    services: Option<usize>,
    /// For benchmarks: this many people in each service
    #[arg(long, value_name = "M", requires = "services")]
    people_per_service: Option<usize>,
    /// For training and tests: run as if it were this time (UK time, e.g. 2026-11-24T08:40);
    /// the clock runs on from it. The demo's rota is made for that day.
    #[arg(long, value_name = "TIME")]
    clock_from: Option<String>,
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address to serve on (default 127.0.0.1:8080; env LANTERN_BIND)
    #[arg(long, value_name = "ADDR")]
    bind: Option<SocketAddr>,
}

#[derive(Args)]
pub struct InitArgs {
    /// The organisation's name, e.g. "Riverside Care Group"
    #[arg(long)]
    organisation: String,
    /// The first administrator's email
    #[arg(long)]
    admin_email: String,
    /// The first administrator's name
    #[arg(long, default_value = "Administrator")]
    admin_name: String,
    /// Read the password from standard input (otherwise one is generated and printed once)
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user
    Add(UserAddArgs),
    /// List users
    List,
}

#[derive(Args)]
pub struct UserAddArgs {
    /// The user's email, which they sign in with
    #[arg(long)]
    email: String,
    /// admin, manager, coordinator, staff or viewer
    #[arg(long)]
    role: String,
    /// Limit the user to a service (its name or id); repeat for several. Default: all services
    #[arg(long = "service", value_name = "S")]
    services: Vec<String>,
    /// Display name (default: the part of the email before @)
    #[arg(long)]
    name: Option<String>,
    /// Read the password from standard input (otherwise one is generated and printed once)
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it (shown only once)
    Create {
        /// The user's email
        #[arg(long)]
        user: String,
        /// What the token is for, e.g. "nightly import"
        #[arg(long, default_value = "api")]
        label: String,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Load the configuration, print it with secrets hidden, and check the database opens
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lantern: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let loaded = commands::load_config(&cli.global)?;
        commands::init_logging(&loaded.config.log);
        match cli.command {
            Command::Demo(a) => commands::demo(loaded.config, a).await,
            Command::Serve(a) => commands::serve(loaded.config, a).await,
            Command::Init(a) => commands::init(loaded.config, a).await,
            Command::User(UserCommand::Add(a)) => commands::user_add(loaded.config, a).await,
            Command::User(UserCommand::List) => commands::user_list(loaded.config).await,
            Command::Token(TokenCommand::Create { user, label }) => {
                commands::token_create(loaded.config, &user, &label).await
            }
            Command::Pack(PackCommand::Build {
                service,
                all: _,
                day,
                out,
            }) => packs::build(loaded.config, service, day, out).await,
            Command::Pack(PackCommand::Status) => packs::status(loaded.config).await,
            Command::Import(ImportCommand::Csv {
                paths,
                dry_run,
                partial,
            }) => {
                let (files, kinds) = import::csv_files(&paths)?;
                let full = if partial {
                    Vec::new()
                } else {
                    kinds
                        .into_iter()
                        .filter(|k| matches!(k, EntityKind::Person | EntityKind::Medicine))
                        .collect()
                };
                let options = lantern_store::ImportOptions {
                    dry_run,
                    full,
                    ..Default::default()
                };
                import::run("lantern import csv", &loaded.config, files, None, options).await
            }
            Command::Import(ImportCommand::Fhir {
                paths,
                service,
                dry_run,
            }) => {
                let service = match service {
                    Some(s) => Some(import::service_id(&loaded.config, &s).await?),
                    None => None,
                };
                let options = lantern_store::ImportOptions {
                    dry_run,
                    ..Default::default()
                };
                import::run(
                    "lantern import fhir",
                    &loaded.config,
                    import::fhir_files(&paths),
                    service,
                    options,
                )
                .await
            }
            Command::Export(ExportCommand::Csv { out }) => import::export_csv(&loaded.config, &out).await,
            Command::Export(ExportCommand::Fhir { service, out }) => {
                let service = match service {
                    Some(s) => Some(import::service_id(&loaded.config, &s).await?),
                    None => None,
                };
                import::export_fhir(&loaded.config, service, &out).await
            }
            Command::Config(ConfigCommand::Check) => commands::config_check(loaded).await,
            Command::Reconcile { disruption, json } => reconcile::run(loaded.config, disruption, json).await,
            Command::WhatIf {
                systems,
                services,
                kind,
                from,
                hours,
                json,
            } => {
                let args = what_if::Args {
                    systems,
                    services,
                    kind,
                    from,
                    hours,
                    json,
                };
                what_if::run(loaded.config, args).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lantern: {e}");
            ExitCode::FAILURE
        }
    }
}
