//! Page models and their askama templates (in `templates/`). Handlers build these; templates
//! only lay them out.

use askama::Template;

/// What every signed-in page shows around its content.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub title: String,
    pub organisation: String,
    pub user_name: String,
    pub role: String,
    pub csrf: String,
    /// The nav entry to mark as current.
    pub section: &'static str,
    pub is_admin: bool,
    /// May change the register (and so import).
    pub is_editor: bool,
}

/// The top navigation, in the order a coordinator reaches for things.
pub const NAV: &[(&str, &str)] = &[
    ("/", "Home"),
    ("/disruptions", "Disruptions"),
    ("/readiness", "Readiness"),
    ("/services", "Services"),
    ("/people", "People"),
    ("/packs", "Packs"),
    ("/visits", "Rota"),
    ("/staff", "Staff"),
    ("/systems", "Systems"),
    ("/risks", "Risks"),
    ("/what-if", "What if"),
    ("/training", "Training"),
    ("/drills", "Drills"),
    ("/governance", "Governance"),
    ("/calendar", "Calendar"),
    ("/suppliers", "Suppliers"),
    ("/devices", "Devices"),
    ("/practices", "GPs & pharmacies"),
];

/// A value as a page shows it.
#[derive(Debug, Clone)]
pub enum Shown {
    Empty,
    Text(String),
    /// Paragraphs, line breaks kept.
    Para(String),
    List(Vec<String>),
    /// Two-column rows (a key risk and what to do).
    Pairs(String, String, Vec<(String, String)>),
    Link(String, String),
    Links(Vec<(String, String)>),
    /// Display text and the digits to dial.
    Tel(String, String),
    Flag(bool),
    /// Text and a style: "high", "medium", "low", "warn", "ok".
    Badge(String, &'static str),
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub label: String,
    pub value: Shown,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub url: String,
    pub title: String,
    pub cells: Vec<Cell>,
    pub ended: bool,
}

/// A table of records: a list page, or the children on a record page.
#[derive(Debug, Clone)]
pub struct Table {
    pub heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub empty: String,
    pub add_url: Option<String>,
    pub add_label: String,
}

#[derive(Debug, Clone)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub slug: String,
    pub about: String,
    pub add_url: Option<String>,
    pub add_label: String,
    pub table: Table,
    pub search: String,
    pub services: Vec<SelectOption>,
    pub date: Option<String>,
    pub include_ended: bool,
    pub showing: String,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// Pages that work on this list (devices by unit, the risk heat map).
    pub links: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    pub items: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "record.html")]
pub struct RecordPage {
    pub chrome: Chrome,
    pub kind_label: String,
    pub badges: Vec<(String, &'static str)>,
    pub back_url: String,
    pub back_label: String,
    pub notice: Option<String>,
    pub warnings: Vec<String>,
    pub ended: Option<String>,
    /// A service's downtime pack state.
    pub pack: Option<PackState>,
    pub sections: Vec<Section>,
    pub children: Vec<Table>,
    pub edit_url: Option<String>,
    pub end_url: Option<String>,
    pub end_verb: String,
    pub restore_url: Option<String>,
    pub meta: String,
    pub history: Vec<(String, String, String)>,
    /// Pages that work on this record (a device's log, a risk's reviews).
    pub links: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub enum Widget {
    Input {
        input_type: &'static str,
        value: String,
        extra: &'static str,
    },
    TextArea {
        value: String,
        rows: u8,
    },
    Select {
        options: Vec<SelectOption>,
    },
    Checkbox {
        checked: bool,
    },
    Checkboxes {
        options: Vec<SelectOption>,
    },
    MultiSelect {
        options: Vec<SelectOption>,
    },
    Pairs {
        first: String,
        second: String,
        rows: Vec<(String, String)>,
    },
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub name: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    pub error: Option<String>,
    pub widget: Widget,
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub action: String,
    pub cancel_url: String,
    pub version: Option<i64>,
    pub return_to: String,
    pub errors: Vec<(String, String)>,
    pub fields: Vec<FormField>,
    pub submit: String,
}

#[derive(Debug, Clone)]
pub struct ServiceCard {
    pub url: String,
    pub name: String,
    pub kind: String,
    pub manager: String,
    pub on_call: Shown,
    pub counts: Vec<(String, i64)>,
    /// The downtime pack: up to date or not, and where to see why.
    pub pack_fresh: bool,
    pub pack_url: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub services: Vec<ServiceCard>,
    pub register: Vec<(String, String, i64)>,
    pub warnings: Vec<(String, String)>,
    /// Disruptions in progress: (what and how long, link).
    pub disruptions: Vec<(String, String)>,
    pub today: String,
    /// Each service's readiness: name, link, light code, light word, the checks not green.
    pub readiness: Vec<(String, String, &'static str, &'static str, String)>,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub email: String,
    pub error: Option<String>,
    pub csrf: String,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub chrome: Chrome,
    pub entries: Vec<AuditRow>,
}

/// One audit entry as the log page shows it.
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// London time: "24 Nov 2026, 09:40".
    pub when: String,
    pub who: String,
    pub action: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub message: String,
}

/// A stand-alone error page, without the menu: `error::in_layout` puts it in the signed-in
/// user's menu, when there is one.
pub fn error_page(title: &str, message: &str) -> String {
    let page = ErrorPage {
        chrome: Chrome {
            title: title.to_string(),
            ..Chrome::default()
        },
        message: message.to_string(),
    };
    page.render().unwrap_or_else(|_| format!("<h1>{title}</h1>"))
}

impl Chrome {
    pub fn nav(&self) -> &'static [(&'static str, &'static str)] {
        NAV
    }

    pub fn is_current(&self, url: &str) -> bool {
        self.section == url
    }
}

/// One kept build, as the pack page lists it.
#[derive(Debug, Clone)]
pub struct PackVersion {
    pub version: i64,
    pub built_at: String,
    pub built_by: String,
    pub covers: String,
    pub pages: i64,
    pub fingerprint: String,
    pub pdf_url: String,
}

#[derive(Template)]
#[template(path = "pack.html")]
pub struct PackPage {
    pub chrome: Chrome,
    pub service_name: String,
    pub service_url: String,
    pub notice: Option<String>,
    pub fresh: bool,
    pub reasons: Vec<String>,
    pub latest: Option<PackVersion>,
    pub versions: Vec<PackVersion>,
    /// When, who, version, whether the contacts were checked (in words), problems.
    pub checks: Vec<(String, String, String, String, String)>,
    pub can_build: bool,
    pub can_check: bool,
    pub service_id: i64,
    pub build_url: String,
    pub check_url: String,
    /// The build form's day: today, or what was typed into a form that was refused.
    pub today: String,
    pub days: u8,
    /// A refused build or check, shown beside its field with what was typed.
    pub errors: lantern_core::FieldErrors,
    pub problems: String,
    /// The refused check's contacts box, as it was ticked.
    pub contacts_verified: bool,
}

/// A service's pack state, for the packs overview and the home page.
#[derive(Debug, Clone)]
pub struct PackState {
    pub service: String,
    pub url: String,
    pub fresh: bool,
    pub version: String,
    pub reasons: Vec<String>,
}

/// A service's line in the packs list: its state and its printed copy's checks, in UK time.
#[derive(Debug, Clone)]
pub struct PackListRow {
    pub state: PackState,
    /// "24 Nov 2026, 09:40 by Ann Lee", or "Not checked yet".
    pub last_checked: String,
    /// "Thu 24 Dec 2026".
    pub next_check: String,
    pub check_overdue: bool,
}

#[derive(Template)]
#[template(path = "packs.html")]
pub struct PacksPage {
    pub chrome: Chrome,
    pub packs: Vec<PackListRow>,
    pub check_every_days: u16,
}

/// An import's outcome as the upload page shows it.
#[derive(Debug, Clone)]
pub struct ImportReportView {
    pub dry_run: bool,
    pub lines: Vec<String>,
    pub errors: Vec<(String, String, String)>,
    pub not_used: String,
}

#[derive(Template)]
#[template(path = "import.html")]
pub struct ImportPage {
    pub chrome: Chrome,
    pub formats: Vec<(String, String)>,
    pub services: Vec<(i64, String)>,
    pub report: Option<ImportReportView>,
}
