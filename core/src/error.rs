//! The error type of the core boundary. Messages describe the input's shape, never its content.

/// Why the core refused an input. No variant carries document text.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    /// Nothing to read.
    #[error("input is empty")]
    EmptyInput,
    /// The input is larger than the limit.
    #[error("input is larger than {limit} bytes")]
    InputTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A line is longer than the limit.
    #[error("line {line} is longer than {limit} characters")]
    LineTooLong {
        /// 1-based line number.
        line: usize,
        /// The limit in characters.
        limit: usize,
    },
    /// Too many lines.
    #[error("input has more than {limit} lines")]
    TooManyLines {
        /// The limit.
        limit: usize,
    },
    /// The bytes are not UTF-8 text.
    #[error("input is not valid UTF-8 text (byte offset {offset})")]
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The text contains control characters: probably a binary file.
    #[error("input contains binary data (control character at line {line})")]
    BinaryData {
        /// 1-based line number.
        line: usize,
    },
    /// JSON input that is not an OCR page.
    #[error("input is not a valid OCR page JSON: {reason}")]
    InvalidPageJson {
        /// The parser's description (position and expectation, no content).
        reason: String,
    },
    /// MRZ input that cannot be an MRZ.
    #[error("not an MRZ: {reason}")]
    InvalidMrz {
        /// Why (shape only).
        reason: &'static str,
    },
}

/// Result alias for the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
