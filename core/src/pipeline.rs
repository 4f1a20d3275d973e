//! The deterministic pipeline: OCR page → MRZ + visual zone → validators → merge.

use std::time::Instant;

use time::Date;

use crate::error::Result;
use crate::image::{self as img, Frame, ImageLimits};
use crate::merge;
use crate::mrz::{self, MrzOptions};
use crate::ocr::OcrEngine;
use crate::schema::{Issue, IssueCode, Provenance, ScanResult, Severity, Timings};
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
    let mut merged = merge::merge(found.as_ref().map(|(p, _)| p), viz, page, opts.today);
    if merged.fields.is_empty() && found.is_none() {
        merged.issues.push(Issue::new(
            Severity::Warning,
            IssueCode::NoDocumentFound,
            None,
        ));
    }
    let elapsed = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    // Logs carry keys, counts and checks, never a value or a line of text.
    tracing::debug!(
        lines = page.lines.len(),
        mrz = found.is_some(),
        document_type = ?merged.document_type,
        fields = merged.fields.len(),
        issues = merged.issues.len(),
        ms = elapsed,
        "page parsed"
    );
    for (name, field) in &merged.fields {
        tracing::trace!(
            field = name.key(),
            source = ?field.source,
            confidence = field.confidence,
            checks = ?field.checks,
            "field read"
        );
    }
    for issue in &merged.issues {
        tracing::trace!(code = ?issue.code, field = issue.field.map(|f| f.key()), "issue");
    }
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

/// Options of an image scan.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions {
    /// How the OCR text is parsed.
    pub parse: ParseOptions,
    /// Limits on the input image.
    pub limits: ImageLimits,
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Reads an upright RGB image: OCR, then [`parse_page`].
pub fn scan_rgb(
    image: &::image::RgbImage,
    engine: &dyn OcrEngine,
    opts: &ScanOptions,
) -> Result<ScanResult> {
    let start = Instant::now();
    let page = engine.read(image)?;
    let ocr = millis(start);
    tracing::debug!(engine = %engine.name(), lines = page.lines.len(), ms = ocr, "page read");
    let mut result = parse_page(&page, &opts.parse);
    result.provenance.ocr = Some(engine.name());
    result.timings_ms.ocr = Some(ocr);
    result.timings_ms.total = millis(start);
    Ok(result)
}

/// Scans an encoded photo (JPEG, PNG, WebP).
pub fn scan_image(bytes: &[u8], engine: &dyn OcrEngine, opts: &ScanOptions) -> Result<ScanResult> {
    let start = Instant::now();
    let image = img::decode(bytes, &opts.limits)?;
    let decode = millis(start);
    tracing::debug!(
        width = image.width(),
        height = image.height(),
        ms = decode,
        "image decoded"
    );
    let mut result = scan_rgb(&image, engine, opts)?;
    result.timings_ms.decode = Some(decode);
    result.timings_ms.total = millis(start);
    Ok(result)
}

/// Scans a raw camera frame.
pub fn scan_frame(
    frame: &Frame<'_>,
    engine: &dyn OcrEngine,
    opts: &ScanOptions,
) -> Result<ScanResult> {
    let start = Instant::now();
    let image = img::from_frame(frame, &opts.limits)?;
    let decode = millis(start);
    let mut result = scan_rgb(&image, engine, opts)?;
    result.timings_ms.decode = Some(decode);
    result.timings_ms.total = millis(start);
    Ok(result)
}

/// Scans a document file: a photo (one result) or a PDF (one result per page: the text layer
/// when there is one, else the page's scan).
pub fn scan_document(
    bytes: &[u8],
    engine: &dyn OcrEngine,
    opts: &ScanOptions,
) -> Result<Vec<ScanResult>> {
    if !crate::pdf::is_pdf(bytes) {
        return Ok(vec![scan_image(bytes, engine, opts)?]);
    }
    let start = Instant::now();
    let pages = crate::pdf::pages(bytes, &opts.limits)?;
    let decode = millis(start);
    pages
        .into_iter()
        .map(|page| {
            let mut result = match page {
                crate::pdf::PdfPage::Image(image) => scan_rgb(&image, engine, opts)?,
                crate::pdf::PdfPage::Text(text) => {
                    let mut r = parse_text(text.as_bytes(), &opts.parse)?;
                    r.provenance.ocr = Some("pdf-text-layer".to_owned());
                    r
                }
            };
            result.timings_ms.decode = Some(decode);
            result.timings_ms.total += decode;
            Ok(result)
        })
        .collect()
}

/// An extractor's rehydrated answer to a page's text (see [`extract_fields`]).
#[derive(Debug)]
pub struct Extracted {
    /// The answer's fields, placeholders restored and read again (source `llm`).
    pub fields: crate::schema::Fields,
    /// Invented or unreadable values.
    pub issues: Vec<Issue>,
    /// The text the extractor was given (its receipt is the caller's to record).
    pub sent: crate::redact::RedactedText,
    /// What the answer cost.
    pub usage: crate::extract::Usage,
}

/// Asks `extractor` for the canonical identity schema on the page's text redacted under
/// `policy` (`read`: the values the device read, replaced wherever printed), and rehydrates the
/// answer on the device.
pub fn extract_fields(
    page: &OcrPage,
    read: &crate::schema::Fields,
    extractor: &dyn crate::extract::Extractor,
    policy: crate::redact::Policy,
    deadline: Option<Instant>,
) -> Result<Extracted> {
    use crate::extract::{ExtractRequest, Schema, answer_fields};
    let (sent, vault) = crate::redact::redact(page, read, policy, &[])?;
    let schema = Schema::identity();
    let out = extractor.extract(&ExtractRequest {
        text: sent.as_str(),
        schema: &schema,
        deadline,
        cancel: None,
    })?;
    let (fields, issues) = crate::redact::rehydrate(&answer_fields(&out.answer), &vault);
    Ok(Extracted {
        fields,
        issues,
        sent,
        usage: out.usage,
    })
}

/// Completes a reading with an extractor's answer (DESIGN.md §1): [`extract_fields`], then a
/// merge that does not replace what the device read (disagreements and invented values become
/// issues). `provenance.extractor` becomes `rules+NAME`. Returns the text that was given to the
/// extractor, whose receipt the caller records when it left the device.
pub fn complete_with(
    result: &mut ScanResult,
    page: &OcrPage,
    extractor: &dyn crate::extract::Extractor,
    policy: crate::redact::Policy,
    deadline: Option<Instant>,
) -> Result<crate::redact::RedactedText> {
    let extracted = extract_fields(page, &result.fields, extractor, policy, deadline)?;
    result.issues.extend(extracted.issues);
    merge::merge_extracted(&mut result.fields, &mut result.issues, extracted.fields);
    result.provenance.extractor = format!("rules+{}", extractor.name());
    Ok(extracted.sent)
}
