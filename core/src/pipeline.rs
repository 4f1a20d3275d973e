//! The deterministic pipeline: OCR page → MRZ + visual zone → validators → merge.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use time::Date;

use crate::error::Result;
use crate::extract::Schema;
use crate::image::{self as img, Frame, ImageLimits};
use crate::merge;
use crate::mrz::{self, MrzOptions};
use crate::ocr::OcrEngine;
use crate::redact::Policy;
use crate::route::{OffloadMode, RouteRequest, Router, TargetKind};
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
    let page = &*page.without_fullwidth();
    let found = mrz::find(
        page,
        &MrzOptions {
            repair: opts.repair,
            today: opts.today,
        },
    );
    // The visual zone skips MRZ-like lines itself, which include every line the finder used.
    let viz = viz::extract(page, opts.today);
    // Fields the MRZ's check digits could not settle, the visual zone's reading may.
    let found = found.map(|(parse, used)| {
        if opts.repair {
            (parse.confirmed_by(&viz.fields, opts.today), used)
        } else {
            (parse, used)
        }
    });
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
        answer: None,
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

/// Options of a scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// How the OCR text is parsed.
    pub parse: ParseOptions,
    /// Limits on the input image.
    pub limits: ImageLimits,
    /// Where a model may complete the reading (default `off`: on-device rules only).
    pub offload: OffloadMode,
    /// The most text that may leave the device (default `pseudonymise`); each target may
    /// tighten it further.
    pub policy: Policy,
    /// The schema a model is asked for; the canonical identity schema when `None`.
    pub schema: Option<Arc<Schema>>,
    /// Set to cancel the scan: before or right after the OCR it fails with
    /// [`crate::CoreError::Cancelled`] (the OCR itself runs to its end); during offload the current attempt returns early and the on-device reading is returned.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Told of each stage as the scan passes it.
    pub progress: Option<Arc<dyn Progress>>,
}

/// A stage of a scan, reported to [`ScanOptions::progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The image is decoded.
    Decoded,
    /// The OCR has read the page's text.
    TextRead,
    /// The on-device reading is done (MRZ, visual zone, validators, merge).
    Parsed,
    /// A model target is being asked.
    Offloading(TargetKind),
    /// The result is ready.
    Done,
}

/// Receives the stages of a scan (a progress bar, a log). Called on the scanning thread.
pub trait Progress: Send + Sync + std::fmt::Debug {
    /// The scan has reached `stage`.
    fn stage(&self, stage: Stage);
}

impl ScanOptions {
    fn report(&self, stage: Stage) {
        if let Some(p) = &self.progress {
            p.stage(stage);
        }
    }

    /// Fails when the scan was cancelled.
    fn check_cancel(&self) -> Result<()> {
        match &self.cancel {
            Some(c) if c.load(std::sync::atomic::Ordering::Relaxed) => {
                Err(crate::CoreError::Cancelled)
            }
            _ => Ok(()),
        }
    }
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            parse: ParseOptions::default(),
            limits: ImageLimits::default(),
            offload: OffloadMode::Off,
            policy: Policy::Pseudonymise,
            schema: None,
            cancel: None,
            progress: None,
        }
    }
}

/// What a scan runs on: the OCR engine, and the offload router when the device has targets.
#[derive(Clone, Copy)]
pub struct Engines<'a> {
    /// Reads the pixels.
    pub ocr: &'a dyn OcrEngine,
    /// Completes the reading with a model (local, edge, cloud); `None`: rules only.
    pub router: Option<&'a Router>,
}

impl std::fmt::Debug for Engines<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engines")
            .field("ocr", &self.ocr.name())
            .field("router", &self.router)
            .finish()
    }
}

impl<'a> Engines<'a> {
    /// OCR and rules only.
    pub fn on_device(ocr: &'a dyn OcrEngine) -> Engines<'a> {
        Engines { ocr, router: None }
    }
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Parses a page, then lets the router complete it as `opts` allow.
fn read_page(page: &OcrPage, router: Option<&Router>, opts: &ScanOptions) -> ScanResult {
    let mut result = parse_page(page, &opts.parse);
    opts.report(Stage::Parsed);
    if let Some(router) = router {
        let started = Instant::now();
        router.complete(
            &mut result,
            page,
            &RouteRequest {
                mode: opts.offload,
                policy: opts.policy,
                schema: opts.schema.as_deref(),
                cancel: opts.cancel.as_deref(),
                progress: opts.progress.as_deref(),
            },
        );
        result.timings_ms.parse += millis(started);
        result.timings_ms.total += millis(started);
    }
    opts.report(Stage::Done);
    result
}

/// Reads an upright RGB image: OCR, then [`parse_page`] and the router.
pub fn scan_rgb(
    image: &::image::RgbImage,
    engines: Engines<'_>,
    opts: &ScanOptions,
) -> Result<ScanResult> {
    opts.check_cancel()?;
    let start = Instant::now();
    let page = engines.ocr.read(image)?;
    let ocr = millis(start);
    opts.report(Stage::TextRead);
    opts.check_cancel()?;
    tracing::debug!(engine = %engines.ocr.name(), lines = page.lines.len(), ms = ocr, "page read");
    let mut result = read_page(&page, engines.router, opts);
    result.provenance.ocr = Some(engines.ocr.name());
    result.timings_ms.ocr = Some(ocr);
    result.timings_ms.total = millis(start);
    Ok(result)
}

/// Scans an encoded photo (JPEG, PNG, WebP).
pub fn scan_image(bytes: &[u8], engines: Engines<'_>, opts: &ScanOptions) -> Result<ScanResult> {
    let start = Instant::now();
    let image = img::decode(bytes, &opts.limits)?;
    let decode = millis(start);
    opts.report(Stage::Decoded);
    tracing::debug!(
        width = image.width(),
        height = image.height(),
        ms = decode,
        "image decoded"
    );
    let mut result = scan_rgb(&image, engines, opts)?;
    result.timings_ms.decode = Some(decode);
    result.timings_ms.total = millis(start);
    Ok(result)
}

/// Scans a raw camera frame.
pub fn scan_frame(
    frame: &Frame<'_>,
    engines: Engines<'_>,
    opts: &ScanOptions,
) -> Result<ScanResult> {
    let start = Instant::now();
    let image = img::from_frame(frame, &opts.limits)?;
    let decode = millis(start);
    opts.report(Stage::Decoded);
    let mut result = scan_rgb(&image, engines, opts)?;
    result.timings_ms.decode = Some(decode);
    result.timings_ms.total = millis(start);
    Ok(result)
}

/// Reads a document's text (plain lines or an OCR page JSON): [`parse_page`] and the router.
pub fn scan_text(bytes: &[u8], router: Option<&Router>, opts: &ScanOptions) -> Result<ScanResult> {
    opts.check_cancel()?;
    let page = OcrPage::from_bytes(bytes)?;
    Ok(read_page(&page, router, opts))
}

/// Scans a document file: a photo (one result) or a PDF (one result per page: the text layer
/// when there is one, else the page's scan).
pub fn scan_document(
    bytes: &[u8],
    engines: Engines<'_>,
    opts: &ScanOptions,
) -> Result<Vec<ScanResult>> {
    if !crate::pdf::is_pdf(bytes) {
        return Ok(vec![scan_image(bytes, engines, opts)?]);
    }
    let start = Instant::now();
    let pages = crate::pdf::pages(bytes, &opts.limits)?;
    let decode = millis(start);
    pages
        .into_iter()
        .map(|page| {
            let mut result = match page {
                crate::pdf::PdfPage::Image(image) => scan_rgb(&image, engines, opts)?,
                crate::pdf::PdfPage::Text(text) => {
                    let mut r = scan_text(text.as_bytes(), engines.router, opts)?;
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

/// An extractor's rehydrated answer to a page's text (see [`extract_with`]).
#[derive(Debug)]
pub struct Extracted {
    /// The answer's canonical fields, placeholders restored and read again (source `llm`).
    pub fields: crate::schema::Fields,
    /// The whole answer, placeholders restored (for a caller's schema).
    pub answer: serde_json::Value,
    /// Invented or unreadable values.
    pub issues: Vec<Issue>,
    /// The text the extractor was given (its receipt is the caller's to record).
    pub sent: crate::redact::RedactedText,
    /// What the answer cost.
    pub usage: crate::extract::Usage,
}

/// Redacts the page's text under `policy` (`read`: the values the device read, replaced
/// wherever printed; `wanted`: the fields whose lines `minimal` keeps), has `ask` answer it, and
/// rehydrates the answer on the device.
pub fn extract_with<E: From<crate::CoreError>>(
    page: &OcrPage,
    read: &crate::schema::Fields,
    policy: crate::redact::Policy,
    wanted: &[crate::schema::FieldName],
    ask: impl FnOnce(&crate::redact::RedactedText) -> std::result::Result<crate::extract::Extraction, E>,
) -> std::result::Result<Extracted, E> {
    let (sent, vault) = crate::redact::redact(page, read, policy, wanted)?;
    let out = ask(&sent)?;
    let (fields, issues) =
        crate::redact::rehydrate(&crate::extract::answer_fields(&out.answer), &vault);
    Ok(Extracted {
        fields,
        answer: crate::redact::rehydrate_value(&out.answer, &vault),
        issues,
        sent,
        usage: out.usage,
    })
}

/// Asks `extractor` for the canonical identity schema on the page's text redacted under
/// `policy` (see [`extract_with`]).
pub fn extract_fields(
    page: &OcrPage,
    read: &crate::schema::Fields,
    extractor: &dyn crate::extract::Extractor,
    policy: crate::redact::Policy,
    deadline: Option<Instant>,
) -> Result<Extracted> {
    let schema = crate::extract::Schema::identity_shared();
    extract_with(page, read, policy, &[], |sent| {
        extractor.extract(&crate::extract::ExtractRequest {
            text: sent.as_str(),
            schema,
            deadline,
            cancel: None,
        })
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
