//! The SDK's side of pairing (`carta_core::offload`, feature `offload`) against the real server:
//! a device pairs from the printed URI over TLS pinned to the CA fingerprint, then calls the API
//! over mutual TLS with the certificate it got. A URI with another fingerprint is refused by the
//! pin before the token is sent, so the token still works afterwards.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use carta_core::CoreError;
use carta_core::offload::{self, PairingUri};
use common::*;
use serde_json::json;

const TIMEOUT: Duration = Duration::from_secs(10);

fn uri(server: &Server) -> PairingUri {
    command(&server.state, &["pair", "--host", &server.pair, "--no-qr"])
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_device_pairs_from_the_uri_and_calls_over_pinned_mutual_tls() {
    let state = state();
    let server = Server::start(state.path(), "");
    let uri = uri(&server);
    let credentials = offload::pair(&uri, "kiosk-1", TIMEOUT).unwrap();
    let client = offload::mtls_client(&credentials, TIMEOUT).unwrap();
    let reply = client
        .post(server.url("/v1/extract"))
        .json(&json!({"text": TEXT, "policy": "trusted"}))
        .send()
        .unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    let body: serde_json::Value = reply.json().unwrap();
    assert_eq!(body["answer"]["surname"], "QUAGLIARELLA");
    assert!(command(state.path(), &["certs"]).contains("\"name\":\"kiosk-1\""));

    // The token is spent: the same URI cannot pair again.
    let again = offload::pair(&uri, "kiosk-2", TIMEOUT).unwrap_err();
    assert!(matches!(again, CoreError::Offload { .. }), "{again}");
    assert!(!again.to_string().contains(uri.token.as_str()));
}

#[test]
fn a_wrong_fingerprint_is_refused_before_the_token_is_sent() {
    let state = state();
    let server = Server::start(state.path(), "");
    let uri = uri(&server);
    let mut forged = uri.clone();
    forged.ca_fingerprint[0] ^= 0xff;
    let e = offload::pair(&forged, "kiosk", TIMEOUT).unwrap_err();
    assert!(e.to_string().contains("UnknownIssuer"), "{e}");
    println!("pinned to another CA: {e}");
    // The token never left: it still pairs.
    let credentials = offload::pair(&uri, "kiosk", TIMEOUT).unwrap();
    assert!(credentials.certificate_pem.contains("BEGIN CERTIFICATE"));
}
