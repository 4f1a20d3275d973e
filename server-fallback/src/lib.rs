//! carta-server: the mutual-TLS extraction server for the edge box and the private cloud.
//! The HTTP service arrives with the server issue; this crate already holds its request limits.

/// Request limits of the extraction API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted request body in bytes: redacted OCR text, never images.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: carta_core::text::MAX_INPUT_BYTES + 16 * 1024,
        }
    }
}

impl Limits {
    /// Whether a body of `len` bytes is accepted.
    pub fn accepts_body(&self, len: usize) -> bool {
        len <= self.max_body_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_limit_covers_the_largest_text_and_refuses_images() {
        let limits = Limits::default();
        assert!(limits.accepts_body(carta_core::text::MAX_INPUT_BYTES));
        assert!(
            !limits.accepts_body(2 * 1024 * 1024),
            "a phone photo is refused"
        );
    }
}
