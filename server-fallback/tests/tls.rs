//! Mutual TLS and pairing with the real server on 127.0.0.1 and certificates made here: only a
//! valid, unrevoked client certificate from the server's own CA gets through the handshake;
//! pairing tokens work once, expire, and guessing is rate-limited; tokens and revocations
//! survive a restart.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use rcgen::{
    BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};

/// A client certificate for `key` signed by `issuer`, valid from `from` to `to`.
fn signed(issuer: &Issuer<'_, KeyPair>, from: OffsetDateTime, to: OffsetDateTime) -> Identity {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.use_authority_key_identifier_extension = true;
    params.not_before = from;
    params.not_after = to;
    let cert = params.signed_by(&key, issuer).unwrap();
    Identity {
        cert: cert.pem(),
        key: key.serialize_pem(),
        serial: String::new(),
    }
}

/// The request fails without an HTTP status: the handshake refused it with `alert`.
fn refused(server: &Server, identity: Option<&Identity>, alert: &str) {
    let client = client(&ca(&server.state), identity);
    match extract(&client, server, &json!({"text": TEXT})) {
        Ok((status, body)) => panic!("{alert} expected, got HTTP {status} {body}"),
        Err(e) => {
            let chain = chain(&e);
            assert!(e.status().is_none(), "{chain}");
            assert!(
                chain.contains(&format!("received fatal alert: {alert}")),
                "{chain}"
            );
            println!("refused in the handshake: {alert}");
        }
    }
}

#[test]
fn only_valid_unrevoked_certificates_of_the_servers_ca_get_through() {
    let state = state();
    let server = Server::start(state.path(), "");
    let valid = pair(&server, &token(state.path(), &[]));
    let doomed = pair(&server, &token(state.path(), &[]));

    // A valid client succeeds, with the rules engine's answer.
    let (status, body) = extract(
        &client(&ca(state.path()), Some(&valid)),
        &server,
        &json!({"text": TEXT}),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["extractor"], "rules");
    assert_eq!(body["answer"]["surname"], "QUAGLIARELLA");
    assert_eq!(body["answer"]["birth_date"], "1987-05-14");

    refused(&server, None, "CertificateRequired");

    let other_key = KeyPair::generate().unwrap();
    let mut other = CertificateParams::new(Vec::<String>::new()).unwrap();
    other.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    other.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let other = Issuer::new(other, other_key);
    let now = OffsetDateTime::now_utc();
    refused(
        &server,
        Some(&signed(
            &other,
            now - Duration::days(1),
            now + Duration::days(1),
        )),
        "UnknownCA",
    );

    let ours = Issuer::from_ca_cert_pem(
        &ca(state.path()),
        KeyPair::from_pem(&std::fs::read_to_string(state.path().join("ca.key")).unwrap()).unwrap(),
    )
    .unwrap();
    refused(
        &server,
        Some(&signed(
            &ours,
            now - Duration::days(60),
            now - Duration::days(30),
        )),
        "CertificateExpired",
    );

    // Revoked while the server runs: refused from the next handshake on.
    let c = client(&ca(state.path()), Some(&doomed));
    assert_eq!(extract(&c, &server, &json!({"text": TEXT})).unwrap().0, 200);
    let listed = command(state.path(), &["certs"]);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    command(state.path(), &["revoke", &doomed.serial]);
    refused(&server, Some(&doomed), "CertificateRevoked");
    let (status, _) = extract(
        &client(&ca(state.path()), Some(&valid)),
        &server,
        &json!({"text": TEXT}),
    )
    .unwrap();
    assert_eq!(status, 200, "the other client is unaffected");
}

#[test]
fn a_pairing_token_works_once_expires_and_guessing_is_limited() {
    let state = state();
    let server = Server::start(state.path(), "pair_attempts_per_minute = 6");
    let token = token(state.path(), &[]);
    // A second token keeps the window open after the first is spent.
    let window = common::token(state.path(), &[]);
    let (_, csr) = csr("phone");

    // Wrong token: refused, and the good one still works afterwards.
    let (status, body) = pair_request(&server, "00112233445566778899aabbccddeeff", &csr);
    assert_eq!(
        (status, body["error"]["kind"].as_str()),
        (401, Some("token"))
    );
    let (status, body) = pair_request(&server, &token, &csr);
    assert_eq!(status, 200, "{body}");
    assert!(
        body["certificate"]
            .as_str()
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );
    // Reuse.
    let (status, body) = pair_request(&server, &token, &csr);
    assert_eq!(
        (status, body["error"]["message"].as_str()),
        (401, Some("pairing refused: token already used"))
    );

    // Expired: a token of one second, used after 1.2 s (the others live the default 300 s, so
    // a slow machine cannot close the window under the rest of the test).
    let late = common::token(state.path(), &["--expires-in", "1"]);
    std::thread::sleep(std::time::Duration::from_millis(1_200));
    let (status, body) = pair_request(&server, &late, &csr);
    assert_eq!(
        (status, body["error"]["message"].as_str()),
        (401, Some("pairing refused: token expired"))
    );

    // Guessing: 6 attempts a minute from one address, then 429 with Retry-After, even for a
    // good token.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(pair_request(&server, "guess", &csr).0);
    }
    assert_eq!(statuses, [401, 401, 429], "6 attempts were allowed in all");
    assert_eq!(pair_request(&server, &window, &csr).0, 429);
}

#[test]
fn the_pairing_listener_is_closed_without_an_outstanding_token() {
    let state = state();
    let server = Server::start(state.path(), "");
    let (_, csr) = csr("phone");
    let response = client(&ca(state.path()), None)
        .post(format!("https://{}/v1/pair", server.pair))
        .json(&json!({"token": "x", "csr": csr}))
        .send();
    let e = response.unwrap_err();
    assert!(e.status().is_none());
    println!("no window: {}", chain(&e));
}

#[test]
fn tokens_and_revocations_survive_a_restart() {
    let state = state();
    let server = Server::start(state.path(), "");
    let revoked = pair(&server, &token(state.path(), &[]));
    command(state.path(), &["revoke", &revoked.serial]);
    let token = token(state.path(), &[]);
    assert!(server.terminate().success());

    let server = Server::start(state.path(), "");
    let device = pair(&server, &token);
    let (_, csr) = csr("again");
    // Spent: the window closed with it (the connection is dropped); with another token
    // outstanding, the spent one gets 401.
    let spent = client(&ca(state.path()), None)
        .post(format!("https://{}/v1/pair", server.pair))
        .json(&json!({"token": token, "csr": csr}))
        .send();
    assert!(spent.is_err());
    let _window = common::token(state.path(), &[]);
    assert_eq!(
        pair_request(&server, &token, &csr).0,
        401,
        "still one use only"
    );
    let (status, _) = extract(
        &client(&ca(state.path()), Some(&device)),
        &server,
        &json!({"text": TEXT}),
    )
    .unwrap();
    assert_eq!(status, 200);
    refused(&server, Some(&revoked), "CertificateRevoked");
}

#[test]
fn tls_1_2_is_refused_by_default() {
    let state = state();
    let server = Server::start(state.path(), "");
    let id = pair(&server, &token(state.path(), &[]));
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(
            rustls::pki_types::pem::PemObject::from_pem_slice(ca(state.path()).as_bytes()).unwrap(),
        )
        .unwrap();
    let old = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS12])
        .unwrap()
        .with_root_certificates(roots)
        .with_client_auth_cert(
            rustls::pki_types::pem::PemObject::pem_slice_iter(id.cert.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .unwrap(),
            rustls::pki_types::pem::PemObject::from_pem_slice(id.key.as_bytes()).unwrap(),
        )
        .unwrap();
    let client = reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(old)
        .build()
        .unwrap();
    let e = extract(&client, &server, &json!({"text": TEXT})).unwrap_err();
    assert!(chain(&e).contains("ProtocolVersion"), "{}", chain(&e));
}

#[test]
fn the_openapi_document_lists_exactly_the_routes_served() {
    let state = state();
    let server = Server::start(state.path(), "");
    let id = pair(&server, &token(state.path(), &[]));
    let c = client(&ca(state.path()), Some(&id));
    let doc: serde_json::Value = c
        .get(server.url("/openapi.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let committed: serde_json::Value = serde_json::from_str(carta_server::api::OPENAPI).unwrap();
    assert_eq!(doc, committed);
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        paths,
        [
            "/v1/extract",
            "/v1/pair",
            "/healthz",
            "/readyz",
            "/metrics",
            "/openapi.json"
        ]
    );
    for path in paths {
        let methods: Vec<&String> = doc["paths"][path].as_object().unwrap().keys().collect();
        let base = if path == "/v1/pair" {
            // The pairing listener, open while a token is outstanding.
            let _window = token(state.path(), &[]);
            format!("https://{}", server.pair)
        } else {
            format!("https://{}", server.api)
        };
        let reply = match methods[0].as_str() {
            "get" => c.get(format!("{base}{path}")).send().unwrap(),
            _ => c.post(format!("{base}{path}")).body("{}").send().unwrap(),
        };
        // Served: the route exists (a POST with an empty object is a bad request, not 404/405).
        let status = reply.status().as_u16();
        assert!(status != 404 && status != 405, "{path}: {status}");
    }
}
