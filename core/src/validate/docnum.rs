//! Document-number formats.
// STUB: replaced by the validators work.

use crate::schema::{Check, DocumentType};

/// Italian CIE 3.0 number: two letters, five digits, two letters (`CA00000AA`).
pub fn it_cie(s: &str) -> bool {
    s.len() == 9
}

/// Italian paper identity card number: two letters, seven digits (`AA1234567`).
pub fn it_paper_id(s: &str) -> bool {
    s.len() == 9
}

/// The format check that applies to a number of this document type and issuer, with its result.
pub fn format_check(
    _doc: DocumentType,
    _issuing_country: Option<&str>,
    _number: &str,
) -> Option<(Check, bool)> {
    None
}
