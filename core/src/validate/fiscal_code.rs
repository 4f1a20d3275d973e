//! Italian codice fiscale.
// STUB: replaced by the validators work.

use serde::Serialize;
use time::Date;

use crate::schema::FieldName;

/// The result of checking a codice fiscale (the JSON of `carta check fiscal-code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct FiscalCodeReport {
    /// Syntax, check character and birthplace existing on the birth date.
    pub valid: bool,
    /// Syntax and check character.
    pub syntax_valid: bool,
    /// Some digits replaced by letters (omocodia).
    pub omocodic: bool,
    /// Upper case, separators removed.
    pub normalized: Option<String>,
    /// `M` or `F`.
    pub sex: Option<String>,
    /// ISO birth date.
    pub birth_date: Option<String>,
    /// Belfiore code with omocodia undone.
    pub birthplace_code: Option<String>,
    /// Municipality or foreign state name.
    pub birthplace_name: Option<String>,
    /// Whether the code is in the table.
    pub birthplace_known: bool,
}

/// Checks a codice fiscale.
pub fn check(_code: &str, _today: Date) -> FiscalCodeReport {
    FiscalCodeReport::default()
}

/// What else the document says about its holder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Holder<'a> {
    /// Surname as read.
    pub surname: Option<&'a str>,
    /// Given names as read.
    pub given_names: Option<&'a str>,
    /// Birth date.
    pub birth_date: Option<Date>,
    /// `M`/`F`/`X`.
    pub sex: Option<&'a str>,
}

/// Fields the code contradicts.
pub fn mismatches(_report: &FiscalCodeReport, _holder: &Holder<'_>) -> Vec<FieldName> {
    Vec::new()
}

/// Finds a codice fiscale in a line of OCR text.
pub fn find(_text: &str) -> Option<String> {
    None
}
