//! The deterministic pipeline: OCR page → MRZ + visual zone → validators → merge.

use std::time::Instant;

use time::Date;

use crate::error::Result;
use crate::merge;
use crate::mrz::{self, MrzOptions};
use crate::schema::{Provenance, ScanResult, Timings};
use crate::text::OcrPage;
use crate::viz;

/// Options of the text pipeline.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// The date against which expiry and century resolution are judged.
    pub today: Date,
    /// Repair OCR confusions in the MRZ under check-digit control.
    pub repair: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            today: crate::validate::date::today(),
            repair: true,
        }
    }
}

/// Reads an OCR page: the MRZ (if any), the visual zone, validators, merge.
pub fn parse_page(page: &OcrPage, opts: &ParseOptions) -> ScanResult {
    let start = Instant::now();
    let found = mrz::find(
        page,
        &MrzOptions {
            repair: opts.repair,
            today: opts.today,
        },
    );
    // The visual zone skips MRZ-like lines itself, which include every line the finder used.
    let viz = viz::extract(page, opts.today);
    let merged = merge::merge(found.as_ref().map(|(p, _)| p), viz, opts.today);
    let elapsed = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    ScanResult {
        document_type: merged.document_type,
        fields: merged.fields,
        mrz: found.map(|(p, _)| p.summary()),
        issues: merged.issues,
        provenance: Provenance::default(),
        egress: None,
        timings_ms: Timings {
            decode: None,
            ocr: None,
            parse: elapsed,
            total: elapsed,
        },
    }
}

/// Parses raw text input (plain lines or OCR page JSON) after checking its limits.
pub fn parse_text(bytes: &[u8], opts: &ParseOptions) -> Result<ScanResult> {
    let page = OcrPage::from_bytes(bytes)?;
    Ok(parse_page(&page, opts))
}
