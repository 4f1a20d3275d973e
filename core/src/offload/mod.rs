//! The offload client (feature `offload`, DESIGN.md §5): pairing with a carta-server, the key
//! store that keeps the device's key, and the mutual-TLS calls that send it redacted text.
//!
//! - [`PairingUri`] and [`pair`]: a pairing URI,
//!   `carta://pair?host=HOST:PORT&fp=sha256:HEX&token=TOKEN`, names the server's pairing
//!   listener, the SHA-256 of its CA certificate, and a one-time token. The device makes a P-256
//!   key (in the key store's secure hardware when it has one, else in software), sends a
//!   certificate request with the token over TLS pinned to the fingerprint, and keeps the
//!   certificate, the CA and the key in its [`KeyStore`].
//! - [`KeyStore`]: [`KeyringStore`] uses the platform's store (Linux keyutils, Apple Keychain,
//!   Android Keystore-backed preferences); apps may implement the trait themselves, including
//!   [`DeviceKey`], a signer that keeps the private key in secure hardware.
//! - [`Server`]: a paired server as a [`crate::route::Remote`] target. It trusts only the paired
//!   CA (no system roots), presents the device certificate (signed through [`DeviceKey`]), speaks
//!   TLS 1.3 only, follows no redirects, keeps connections alive, and takes nothing but a
//!   [`crate::redact::RedactedText`].
//!
//! Errors never carry the token, a key or any text sent.

mod key;
mod pairing;
mod server;
mod store;

use std::sync::Arc;
use std::time::Duration;

use rustls::crypto::CryptoProvider;

pub use key::{DeviceKey, SoftwareKey};
pub use pairing::{PairOptions, PairingUri, pair};
pub use server::{Server, paired_targets};
pub use store::{KeyStore, KeyringStore, Paired, paired, unpair};

use crate::error::CoreError;

fn offload_error(what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::Offload {
        reason: format!("{what}: {e}"),
    }
}

/// A reqwest error with its causes (TLS alerts, refused connections).
fn error_chain(e: &reqwest::Error) -> String {
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        reason.push_str(&format!(": {s}"));
        source = s.source();
    }
    reason
}

fn request_error(what: &str, e: reqwest::Error) -> CoreError {
    offload_error(what, error_chain(&e.without_url()))
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn http_client(
    tls: rustls::ClientConfig,
    timeout: Duration,
) -> crate::Result<reqwest::blocking::Client> {
    reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .pool_idle_timeout(Duration::from_secs(90))
        .build()
        .map_err(|e| offload_error("HTTP client", e))
}
