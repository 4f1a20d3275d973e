//! Carta core: turns the text of an identity document into validated, structured data.
//!
//! The deterministic path works fully offline:
//! [`text::OcrPage`] → [`mrz`] finder and ICAO 9303 parser → [`viz`] visual-zone rules →
//! [`validate`] → [`merge`] → [`schema::ScanResult`]. [`pipeline::parse_page`] runs it end to end.

pub mod error;
pub mod extract;
pub mod image;
#[cfg(feature = "llm")]
pub mod llm;
pub mod merge;
pub mod mrz;
pub mod ocr;
#[cfg(feature = "offload")]
pub mod offload;
#[cfg(feature = "openai")]
pub mod openai;
pub mod pdf;
pub mod pipeline;
pub mod redact;
pub mod route;
pub mod schema;
pub mod text;
pub mod translit;
pub mod validate;
pub mod viz;

pub use error::{CoreError, Result};
pub use pipeline::{
    Engines, ParseOptions, Progress, ScanOptions, Stage, parse_page, parse_text, scan_document,
    scan_frame, scan_image, scan_text,
};
pub use schema::{
    DocumentType, Field, FieldName, Issue, IssueCode, MrzResult, ScanResult, Severity, Source,
};
pub use text::{OcrLine, OcrPage};
