//! ICAO 9303 machine-readable zones: finding, parsing, check digits and repair.

/// Whether a line of OCR text looks like an MRZ line (long, mostly `A-Z0-9<`, with fillers).
pub fn is_mrz_like(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let n = compact.chars().count();
    if !(25..=50).contains(&n) {
        return false;
    }
    let fillers = compact.chars().filter(|&c| c == '<' || c == '«').count();
    let good = compact
        .chars()
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '<' || *c == '«')
        .count();
    fillers >= 1 && good * 10 >= n * 9
}
