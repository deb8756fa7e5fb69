//! Reading FHIR files as one import, in two passes, without holding them: the first pass
//! indexes what resources refer to across every file given (resolve.rs), the second maps each
//! resource as it comes and hands the records over in chunks, for the store to apply while
//! the rest is read. A line of NDJSON is read straight into its resource's struct; only a
//! line with a problem (or a Bundle) goes through `serde_json::Value`, for the located error.

use super::bundle::{Item, Res, collect, without_position};
use super::mapping::{count_unused_medications, flush_extras, map_item};
use super::out::{Ctx, Out};
use super::resolve::Index;
use crate::{Batch, ImportError, Incoming};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::borrow::Cow;
use std::io::BufRead;

/// Records handed over at a time by default.
pub const CHUNK: usize = 2_000;

/// Several FHIR files read as one import: every file through `index_*`, then every file
/// through `map_*` (in the same order), then `finish`.
pub struct Reader {
    index: Index,
    sealed: bool,
    out: Out,
    chunk: usize,
    only_while_clean: bool,
}

/// The resource type and id of an NDJSON line, read without reading the rest.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    rtype: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
}

/// The type of a line written `{"resourceType":"X",…` (as bulk exports write them), found
/// without parsing: the first pass skips the types it has no use for.
fn quick_type(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(br#"{"resourceType":""#.as_slice())?;
    let end = rest.iter().position(|b| *b == b'"')?;
    let t = &rest[..end];
    t.iter().all(u8::is_ascii_alphanumeric).then_some(t)
}

impl Reader {
    /// `service_id`: the service people and visits belong to; FHIR does not say.
    pub fn new(service_id: Option<i64>) -> Self {
        Reader {
            index: Index::default(),
            sealed: false,
            out: Out::new(service_id),
            chunk: CHUNK,
            only_while_clean: false,
        }
    }

    /// Hands records over in chunks of about `n`.
    pub fn chunk_size(mut self, n: usize) -> Self {
        self.chunk = n.max(1);
        self
    }

    /// Stops handing records over once a problem is found (nothing will be imported then),
    /// while reading on to report every problem.
    pub fn only_while_clean(mut self) -> Self {
        self.only_while_clean = true;
        self
    }

    /// Problems found so far.
    pub fn problems(&self) -> usize {
        self.out.batch.errors.len()
    }

    /// First pass over a JSON file (a Bundle or one resource). Returns where the file should
    /// come in the second pass (see [`order_of`]).
    pub fn index_json(&mut self, bytes: &[u8]) -> u8 {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => self.index_value(&v),
            Err(_) => LAST,
        }
    }

    /// First pass over an NDJSON file; problems are left for the second pass to report.
    /// Returns where the file should come in the second pass (see [`order_of`]).
    pub fn index_ndjson(&mut self, reader: impl BufRead) -> u8 {
        let mut order = LAST;
        lines(reader, |_, line| {
            let wanted = [&b"Patient"[..], b"Medication", b"PractitionerRole", b"Bundle"];
            if let Some(t) = quick_type(line)
                && !wanted.contains(&t)
            {
                order = order.min(order_of(&String::from_utf8_lossy(t)));
                return;
            }
            match serde_json::from_slice::<Head>(line) {
                Ok(Head { rtype: Some(t), id })
                    if ["Patient", "Medication", "PractitionerRole"].contains(&t.trim()) =>
                {
                    order = order.min(order_of(t.trim()));
                    let ctx = Ctx::new(String::new(), "$".into());
                    if let Some(Some(item)) = typed_item(line, t.trim(), id.as_deref(), ctx, &mut Out::new(None)) {
                        self.index.add(item);
                    }
                }
                Ok(Head { rtype: Some(t), .. }) if t.trim() != "Bundle" => order = order.min(order_of(t.trim())),
                _ => {
                    if let Ok(v) = serde_json::from_slice::<Value>(line) {
                        order = order.min(self.index_value(&v));
                    }
                }
            }
        })
        .ok();
        order
    }

    fn index_value(&mut self, v: &Value) -> u8 {
        let mut items = Vec::new();
        collect(v, None, "", "$".into(), 0, &mut items, &mut Out::new(None));
        let mut order = LAST;
        for item in items {
            order = order.min(order_of(item.res.type_name()));
            self.index.add(item);
        }
        order
    }

    fn seal(&mut self) {
        if !self.sealed {
            self.index.seal();
            self.sealed = true;
        }
    }

    /// Second pass over a JSON file; `file` names it in locations.
    pub fn map_json(&mut self, file: &str, bytes: &[u8], sink: &mut dyn FnMut(Vec<Incoming>)) {
        self.seal();
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => {
                let mut items = Vec::new();
                collect(&v, None, file, "$".into(), 0, &mut items, &mut self.out);
                for item in &items {
                    self.map(item, sink);
                }
            }
            Err(e) => self.out.batch.errors.push(ImportError {
                location: file.to_string(),
                field: None,
                reason: format!(
                    "not valid JSON (line {}, column {}): {}",
                    e.line(),
                    e.column(),
                    without_position(&e)
                ),
            }),
        }
    }

    /// Second pass over an NDJSON file; `file` names it in locations ("data.ndjson line 3").
    pub fn map_ndjson(&mut self, file: &str, reader: impl BufRead, sink: &mut dyn FnMut(Vec<Incoming>)) {
        self.seal();
        let read = lines(reader, |n, line| {
            let base = format!("{file} line {n}");
            if let Some(item) = self.fast(line, &base) {
                if let Some(item) = item {
                    self.map(&item, sink);
                }
                return;
            }
            match serde_json::from_slice::<Value>(line) {
                Ok(v) => {
                    let mut items = Vec::new();
                    collect(&v, None, &base, "$".into(), 0, &mut items, &mut self.out);
                    for item in &items {
                        self.map(item, sink);
                    }
                }
                Err(e) => self.out.batch.errors.push(ImportError {
                    location: base,
                    field: None,
                    reason: format!("not valid JSON (column {}): {}", e.column(), without_position(&e)),
                }),
            }
        });
        if let Err((n, e)) = read {
            self.out.batch.errors.push(ImportError {
                location: format!("{file} line {n}"),
                field: None,
                reason: format!("cannot read the file: {e}"),
            });
        }
    }

    /// A line read straight into its struct: `None` when it needs the slow path (a Bundle, a
    /// problem); `Some(None)` for a resource that makes no record.
    fn fast(&mut self, line: &[u8], base: &str) -> Option<Option<Item>> {
        let head = serde_json::from_slice::<Head>(line).ok()?;
        let rtype = head
            .rtype
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty() && *t != "Bundle")?;
        let id = head.id.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let location = match id {
            Some(id) => format!("{base} {rtype}/{id}"),
            None => base.to_string(),
        };
        let mut ctx = Ctx::new(location, "$".into());
        ctx.resource = rtype.to_string();
        typed_item(line, rtype, id, ctx, &mut self.out)
    }

    fn map(&mut self, item: &Item, sink: &mut dyn FnMut(Vec<Incoming>)) {
        map_item(item, &self.index, &mut self.out);
        if self.out.batch.records.len() >= self.chunk {
            self.flush(sink);
        }
    }

    fn flush(&mut self, sink: &mut dyn FnMut(Vec<Incoming>)) {
        flush_extras(&mut self.out);
        let records = std::mem::take(&mut self.out.batch.records);
        let withheld = self.only_while_clean && self.problems() > 0;
        if !records.is_empty() && !withheld {
            sink(records);
        }
    }

    /// Hands over the last records; returns every problem and what was not used.
    pub fn finish(mut self, sink: &mut dyn FnMut(Vec<Incoming>)) -> Batch {
        self.flush(sink);
        count_unused_medications(&self.index, &mut self.out);
        self.out.batch
    }
}

/// The second-pass place of a file holding no Organization or Patient.
const LAST: u8 = 2;

/// Where a file holding this type of resource should come in the second pass: files with
/// Organizations (practices) first, then files with Patients, then the rest — so that the
/// records others refer to are applied before them, as when a bulk export's MedicationRequest
/// file is named before its Patient file. Otherwise the store would hold every medicine until
/// its patient came (pending.rs in lantern-store).
pub fn order_of(resource_type: &str) -> u8 {
    match resource_type {
        "Organization" => 0,
        "Patient" => 1,
        _ => LAST,
    }
}

/// Calls `each` with every non-blank line and its number (a BOM on the first dropped); a read
/// error ends the reading with the number of the line it happened on.
fn lines(mut reader: impl BufRead, mut each: impl FnMut(usize, &[u8])) -> Result<(), (usize, std::io::Error)> {
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => n += 1,
            Err(e) => return Err((n + 1, e)),
        }
        let line = if n == 1 {
            buf.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&buf)
        } else {
            &buf
        };
        if !line.iter().all(u8::is_ascii_whitespace) {
            each(n, line);
        }
    }
}

fn parse<T: DeserializeOwned>(line: &[u8]) -> Option<Box<T>> {
    serde_json::from_slice::<T>(line).ok().map(Box::new)
}

/// The resource of one line, as bundle.rs's `collect` makes it; `None` when its struct does
/// not read (the slow path then says where and why).
fn typed_item(line: &[u8], rtype: &str, id: Option<&str>, ctx: Ctx, out: &mut Out) -> Option<Option<Item>> {
    let res = match rtype {
        "Patient" => Res::Patient(parse(line)?),
        "RelatedPerson" => Res::RelatedPerson(parse(line)?),
        "Organization" => Res::Organization(parse(line)?),
        "PractitionerRole" => Res::Role(parse(line)?),
        "Medication" => Res::Medication(parse(line)?),
        "MedicationRequest" => Res::Request(parse(line)?),
        "MedicationStatement" => Res::Statement(parse(line)?),
        "AllergyIntolerance" => Res::Allergy(parse(line)?),
        "Flag" => Res::Flag(parse(line)?),
        "Condition" => Res::Condition(parse(line)?),
        "CarePlan" => Res::CarePlan(parse(line)?),
        "Appointment" => Res::Appointment(parse(line)?),
        "Encounter" => Res::Encounter(parse(line)?),
        "Practitioner" => return Some(None),
        "MedicationAdministration" => {
            out.unused("MedicationAdministration (not imported: records, not the plan)");
            return Some(None);
        }
        other => {
            out.unused(other);
            return Some(None);
        }
    };
    Some(Some(Item {
        ctx,
        sid: id.map(|id| format!("{rtype}/{id}")),
        full_url: None,
        res,
    }))
}
