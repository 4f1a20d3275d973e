//! `carta`: read identity documents from OCR text.
fn main() {}
