//! Visual-zone rules: OCR lines (text and boxes) to fields.
// STUB: replaced by the visual-zone work.

use time::Date;

use crate::schema::{DocumentType, Fields, Issue};
use crate::text::OcrPage;

/// What the visual zone says.
#[derive(Debug, Clone, Default)]
pub struct VizResult {
    /// Layout recognised from the labels.
    pub document_type: DocumentType,
    /// Fields read (source `viz`).
    pub fields: Fields,
    /// Problems found (e.g. invalid dates).
    pub issues: Vec<Issue>,
}

/// Reads the visual zone of a page. MRZ lines are ignored.
pub fn extract(_page: &OcrPage, _today: Date) -> VizResult {
    VizResult::default()
}
