//! The server's one error type. Messages name what failed, never a value from a request.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What went wrong in the server, its state folder or a request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Configuration or command-line misuse.
    #[error("configuration: {0}")]
    Config(String),
    /// The state folder cannot be read or written.
    #[error("state folder: {0}")]
    Io(#[from] std::io::Error),
    /// Certificates, keys or the revocation list.
    #[error("PKI: {0}")]
    Pki(String),
    /// A pairing token that is unknown, used or expired.
    #[error("pairing refused: {0}")]
    Token(&'static str),
    /// A request that is not what the API takes.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A request body over the size limit.
    #[error("request too large")]
    TooLarge,
    /// The caller is over its rate limit.
    #[error("rate limited")]
    RateLimited,
    /// Every slot and every queue place is taken.
    #[error("queue full")]
    Busy,
    /// The answer did not come before the request's deadline.
    #[error("deadline exceeded")]
    Deadline,
    /// The extractor could not answer (the upstream engine failed, the model erred).
    #[error("engine failed: {0}")]
    Engine(String),
    /// The server is shutting down.
    #[error("shutting down")]
    ShuttingDown,
}

/// Results of the server.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Token(_) => StatusCode::UNAUTHORIZED,
            Error::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::RateLimited | Error::Busy => StatusCode::TOO_MANY_REQUESTS,
            Error::Deadline => StatusCode::GATEWAY_TIMEOUT,
            Error::Engine(_) => StatusCode::BAD_GATEWAY,
            Error::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
            Error::Config(_) | Error::Io(_) | Error::Pki(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short, stable name for metrics and clients.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Config(_) => "config",
            Error::Io(_) => "io",
            Error::Pki(_) => "pki",
            Error::Token(_) => "token",
            Error::BadRequest(_) => "bad_request",
            Error::TooLarge => "too_large",
            Error::RateLimited => "rate_limited",
            Error::Busy => "queue_full",
            Error::Deadline => "deadline",
            Error::Engine(_) => "engine",
            Error::ShuttingDown => "shutting_down",
        }
    }
}

impl From<carta_core::CoreError> for Error {
    fn from(e: carta_core::CoreError) -> Self {
        use carta_core::CoreError as E;
        match e {
            E::DeadlineExceeded | E::Cancelled => Error::Deadline,
            E::InvalidSchema { .. } => Error::BadRequest(e.to_string()),
            e if e.is_bad_input() => Error::BadRequest(e.to_string()),
            e => Error::Engine(e.to_string()),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        // Internal details stay in the server's log (which has no request values either).
        let message = if status.is_server_error() && status != StatusCode::BAD_GATEWAY {
            status.canonical_reason().unwrap_or("error").to_owned()
        } else {
            self.to_string()
        };
        let body = Json(json!({"error": {"kind": self.kind(), "message": message}}));
        let mut response = (status, body).into_response();
        if matches!(self, Error::Busy | Error::RateLimited | Error::ShuttingDown) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        response
    }
}
