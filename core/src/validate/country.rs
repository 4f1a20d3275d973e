//! Country codes: ISO 3166-1 alpha-3 and ICAO 9303 specific codes.
// STUB: replaced by the validators work.

/// Whether `code` is an ISO 3166-1 alpha-3 code or an ICAO-specific code (e.g. `D`, `GBD`, `UNO`, `XXA`).
pub fn is_known(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}
