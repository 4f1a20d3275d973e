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
    /// Bytes that are not a JPEG, PNG, WebP or PDF.
    #[error("unsupported image format (expected JPEG, PNG, WebP or PDF)")]
    UnsupportedImage,
    /// An image whose header claims more pixels than the limit (decompression bombs included).
    #[error("image is too large ({width}×{height} pixels; limit {max_pixels} pixels)")]
    ImageTooLarge {
        /// Width from the header (0 when the decoder refused before telling).
        width: u32,
        /// Height from the header.
        height: u32,
        /// The pixel limit.
        max_pixels: u64,
    },
    /// An image that cannot be decoded.
    #[error("image cannot be decoded: {reason}")]
    CorruptImage {
        /// The decoder's description of the byte stream.
        reason: String,
    },
    /// A raw camera frame whose buffer does not match its description.
    #[error("invalid camera frame: {reason}")]
    InvalidFrame {
        /// What does not match.
        reason: &'static str,
    },
    /// A PDF with neither page images nor text.
    #[error("PDF has no page image and no text layer")]
    EmptyPdf,
    /// An OCR model file is missing from the models directory.
    #[error("model file {file} not found in {dir} (run models/fetch)")]
    ModelMissing {
        /// File name from the manifest.
        file: String,
        /// The directory searched.
        dir: String,
    },
    /// An OCR model file whose SHA-256 differs from the manifest.
    #[error("model file {file} does not match its SHA-256 in models/manifest.json")]
    ModelHashMismatch {
        /// File name from the manifest.
        file: String,
    },
    /// The policy keeps everything on the device (`local_only`): there is nothing to send.
    #[error("the local_only policy lets nothing leave the device")]
    EgressForbidden,
    /// A JSON Schema for extraction that cannot be used.
    #[error("invalid extraction schema: {reason}")]
    InvalidSchema {
        /// What is wrong with it (no document data is involved).
        reason: String,
    },
    /// An extractor's answer is not JSON of the requested schema.
    #[error("the extractor's answer does not match the schema: {reason}")]
    InvalidAnswer {
        /// Where and which rule (never the value).
        reason: String,
    },
    /// The answer did not end within the token budget.
    #[error("the answer did not end within {limit} tokens")]
    TokenBudget {
        /// The budget.
        limit: u32,
    },
    /// The request's deadline passed.
    #[error("the deadline passed before the answer was complete")]
    DeadlineExceeded,
    /// The request was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// The language model or the server running it failed.
    #[error("language model failed: {reason}")]
    Llm {
        /// The runtime's or server's description.
        reason: String,
    },
    /// A pairing URI that is not `carta://pair?host=HOST:PORT&fp=sha256:HEX&token=TOKEN`.
    #[error("invalid pairing URI: {reason}")]
    InvalidPairingUri {
        /// What is wrong (never the token).
        reason: String,
    },

    /// Pairing or a call to a carta-server failed (connection, TLS, HTTP status).
    #[error("offload failed: {reason}")]
    Offload {
        /// What failed.
        reason: String,
    },
    /// The OCR runtime failed (a model that does not load or run).
    #[error("OCR engine failed: {reason}")]
    Ocr {
        /// The runtime's description.
        reason: String,
    },
}

impl CoreError {
    /// Whether the error is the input's fault (exit code 2) rather than the SDK's (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            CoreError::ModelMissing { .. }
                | CoreError::ModelHashMismatch { .. }
                | CoreError::Ocr { .. }
                | CoreError::InvalidAnswer { .. }
                | CoreError::TokenBudget { .. }
                | CoreError::DeadlineExceeded
                | CoreError::Cancelled
                | CoreError::Llm { .. }
                | CoreError::Offload { .. }
        )
    }
}

/// Result alias for the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
