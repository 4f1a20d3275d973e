//! Carta's thin FFI layer. The uniffi exports arrive with the bindings issue; this crate already
//! owns the one public error type the apps will see and the text entry point it will export.

use carta_core::{CoreError, ParseOptions};

/// The error the apps see. Variants name what went wrong with the input, never its content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartaError {
    /// The input is empty, too large, not text, or not in the expected shape.
    #[error("invalid input: {reason}")]
    InvalidInput {
        /// Shape-only description (sizes, positions), safe to log.
        reason: String,
    },
}

impl From<CoreError> for CartaError {
    fn from(e: CoreError) -> Self {
        CartaError::InvalidInput {
            reason: e.to_string(),
        }
    }
}

/// Reads a document from its OCR text (plain lines or OCR page JSON) and returns the JSON of the
/// output contract.
pub fn scan_text(text: &str) -> Result<String, CartaError> {
    let result = carta_core::parse_text(text.as_bytes(), &ParseOptions::default())?;
    Ok(result
        .to_json(carta_core::schema::KeyStyle::Canonical)
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_text_and_maps_errors_without_content() {
        let json = scan_text("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10")
            .expect("a valid MRZ parses");
        assert!(json.contains("\"document_type\":\"passport\""));
        let err = scan_text("{\"lines\": \"ERIKSSON\"}").expect_err("not an OCR page");
        assert!(matches!(err, CartaError::InvalidInput { .. }));
        assert!(!err.to_string().contains("ERIKSSON"));
    }
}
