//! The deterministic pipeline: OCR page → MRZ + visual zone → validators → merge.

use time::Date;

use crate::error::Result;
use crate::schema::ScanResult;
use crate::text::OcrPage;

/// Options of the text pipeline.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// The date against which expiry and century resolution are judged.
    pub today: Date,
    /// Repair OCR confusions in the MRZ under check-digit control.
    pub repair: bool,
}

/// Parses an OCR page into a scan result.
pub fn parse_page(_page: &OcrPage, _opts: &ParseOptions) -> ScanResult {
    unimplemented!()
}

/// Parses raw text input (plain lines or OCR page JSON).
pub fn parse_text(bytes: &[u8], opts: &ParseOptions) -> Result<ScanResult> {
    let page = OcrPage::from_bytes(bytes)?;
    Ok(parse_page(&page, opts))
}
