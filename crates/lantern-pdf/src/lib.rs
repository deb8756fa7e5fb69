//! Lantern's printable documents (the downtime pack, the downtime report): a model in, PDF
//! bytes out. typst is used as a library with the templates and fonts compiled in, so a
//! document renders the same on a branch laptop with no network as on a server
//! (ARCHITECTURE.md: "PDF").

mod world;

use lantern_core::disruption::report::ReportDocument;
use lantern_core::govern::briefing::BriefingDocument;
use lantern_core::govern::governance_log::GovernanceDocument;
use lantern_core::pack::PackDocument;
use typst::foundations::Datetime;
use typst_layout::PagedDocument;
use world::DocWorld;

const PACK_TEMPLATE: &str = include_str!("../templates/pack.typ");
const REPORT_TEMPLATE: &str = include_str!("../templates/report.typ");
const BRIEFING_TEMPLATE: &str = include_str!("../templates/briefing.typ");
const GOVERNANCE_TEMPLATE: &str = include_str!("../templates/governance.typ");

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The template could not lay out this data: a bug, reported with typst's messages.
    #[error("the document could not be laid out: {0}")]
    Layout(String),
    #[error("the PDF could not be written: {0}")]
    Export(String),
    #[error("the document data could not be prepared: {0}")]
    Data(String),
}

fn datetime(t: jiff::Timestamp) -> Option<Datetime> {
    let utc = t.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let d = utc.date();
    let c = utc.time();
    Datetime::from_ymd_hms(
        i32::from(d.year()),
        d.month() as u8,
        d.day() as u8,
        c.hour() as u8,
        c.minute() as u8,
        c.second() as u8,
    )
}

fn messages(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Lays out `template` over `data` (the JSON at /data.json) and writes an untagged PDF.
/// `ident` seeds the PDF's document id, so the same input gives the same bytes.
fn render(template: &str, data: Vec<u8>, at: jiff::Timestamp, ident: String) -> Result<Rendered, PdfError> {
    let stamp = datetime(at);
    let world = DocWorld::new(template, data, stamp).ok_or_else(|| PdfError::Data("bad template path".into()))?;
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Drop typst's memoisation caches: documents share little, and keeping the last two halves
    // throughput per MB (measured in bench/README.md).
    typst::comemo::evict(0);
    let document = compiled.map_err(|errors| PdfError::Layout(messages(&errors)))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(ident),
        timestamp: stamp.map(typst_pdf::Timestamp::new_utc),
        // Printed and filed; untagged PDFs are an order of magnitude smaller.
        tagged: false,
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Export(messages(&errors)))?;
    Ok(Rendered {
        pages: document.pages().len(),
        pdf,
    })
}

/// Renders a downtime pack. The same document and build time give the same bytes, so a pack
/// can be reproduced from its stored snapshot.
pub fn render_pack(doc: &PackDocument, built_at: jiff::Timestamp) -> Result<Rendered, PdfError> {
    let data = serde_json::to_vec(doc).map_err(|e| PdfError::Data(e.to_string()))?;
    let ident = format!("lantern-pack-{}-{}", doc.meta.service, doc.meta.version);
    render(PACK_TEMPLATE, data, built_at, ident)
}

/// Renders the downtime report of a disruption (PRODUCT.md, "Downtime report"): A4 portrait,
/// sections in a fixed order, long tables continuing over pages with their headers repeated.
/// `generated_at` stamps the PDF and stands in for `doc.generated` when that is empty.
pub fn render_report(doc: &ReportDocument, generated_at: jiff::Timestamp) -> Result<Rendered, PdfError> {
    let generated = if doc.generated.is_empty() {
        lantern_core::schedule::show_moment(generated_at)
    } else {
        doc.generated.clone()
    };
    let data = serde_json::to_vec(&serde_json::json!({"report": doc, "generated": generated}))
        .map_err(|e| PdfError::Data(e.to_string()))?;
    let ident = format!("lantern-report-{}-{}", doc.title, generated_at);
    render(REPORT_TEMPLATE, data, generated_at, ident)
}

/// Renders a drill's briefing sheet: A4, the drill, service and date on every page.
pub fn render_briefing(doc: &BriefingDocument, generated_at: jiff::Timestamp) -> Result<Rendered, PdfError> {
    let data = serde_json::to_vec(doc).map_err(|e| PdfError::Data(e.to_string()))?;
    let ident = format!("lantern-briefing-{}-{}", doc.drill, generated_at);
    render(BRIEFING_TEMPLATE, data, generated_at, ident)
}

/// Renders the governance log: A4, the organisation, "Governance log", the filter and page x of
/// y on every page.
pub fn render_governance(doc: &GovernanceDocument, generated_at: jiff::Timestamp) -> Result<Rendered, PdfError> {
    let data = serde_json::to_vec(doc).map_err(|e| PdfError::Data(e.to_string()))?;
    let ident = format!("lantern-governance-{}-{}", doc.filter, generated_at);
    render(GOVERNANCE_TEMPLATE, data, generated_at, ident)
}
