//! The SDK's offload client (`carta_core::offload` and `carta_core::route`) against the real
//! carta-server on 127.0.0.1: edge and cloud are two server instances with different CAs. The
//! device keeps its pairings in Linux keyutils (the platform store on this machine), under a
//! profile of its own per test, removed at the end.
//!
//! Shown: pairing, then a scan completed by the edge box with an egress receipt; fallback when
//! the edge is killed (at once), hanging (at its deadline) or both servers are down (the
//! on-device reading, with the reasons); a server that does not chain to the pinned CA gets no
//! request; the bytes the engine behind the server receives hold no image and, under
//! `pseudonymise`, no ground-truth value. Times are printed; the tests assert only the order of
//! events and that nothing hangs.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use carta_core::offload::{self, KeyringStore, PairOptions, Paired, PairingUri};
use carta_core::pipeline::{Engines, ParseOptions, ScanOptions, scan_image, scan_text};
use carta_core::redact::Policy;
use carta_core::route::{OffloadMode, Outcome, Router, TargetKind};
use carta_core::{CoreError, ScanResult};
use common::*;

const TIMEOUT: Duration = Duration::from_secs(10);
const HEALTH: &str = "health_listen = \"127.0.0.1:0\"";
/// Generous bounds that only catch a hang; the measured times are printed.
const HANG: Duration = Duration::from_secs(30);

/// A device: its key store (keyutils, a profile of its own), unpaired on drop.
struct Device {
    store: KeyringStore,
    profile: String,
}

impl Device {
    fn new() -> Device {
        let profile = format!("test-{:016x}", rand::random::<u64>());
        Device {
            store: KeyringStore::native(&profile).unwrap(),
            profile,
        }
    }

    fn pair(&self, server: &Server, target: TargetKind) -> Paired {
        offload::pair(&uri(server), &self.store, &options(target)).unwrap()
    }

    /// A router over the paired servers, edge first.
    fn router(&self, edge: Duration, cloud: Duration) -> Router {
        Router::new(offload::paired_targets(&self.store, edge, cloud).unwrap())
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        for target in [TargetKind::Edge, TargetKind::Cloud] {
            let _ = offload::unpair(&self.store, target);
        }
    }
}

fn options(target: TargetKind) -> PairOptions {
    PairOptions {
        target,
        device_name: "kiosk-1".into(),
        max_policy: None,
        timeout: TIMEOUT,
    }
}

fn uri(server: &Server) -> PairingUri {
    command(&server.state, &["pair", "--host", &server.pair, "--no-qr"])
        .trim()
        .parse()
        .unwrap()
}

/// The keys this process can see in the kernel's key store.
fn proc_keys() -> String {
    std::fs::read_to_string("/proc/keys").unwrap()
}

fn scan(router: &Router, mode: OffloadMode, policy: Policy) -> (ScanResult, Duration) {
    let started = Instant::now();
    let result = scan_text(
        TEXT.as_bytes(),
        Some(router),
        &ScanOptions {
            offload: mode,
            policy,
            ..ScanOptions::default()
        },
    )
    .unwrap();
    (result, started.elapsed())
}

/// Lets the client's connection pool see that a killed server closed its kept-alive
/// connection (a POST on a connection the client has not yet seen closed fails as "sent", not
/// "refused"). Not a timing assertion.
fn settle() {
    std::thread::sleep(Duration::from_millis(200));
}

fn outcomes(result: &ScanResult) -> Vec<(TargetKind, Outcome)> {
    result
        .provenance
        .route
        .iter()
        .map(|a| (a.target, a.outcome))
        .collect()
}

fn extract_requests(server: &Server) -> usize {
    server
        .health_metrics()
        .lines()
        .filter(|l| l.starts_with("carta_requests_total{route=\"/v1/extract\""))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<usize>().unwrap())
        .sum()
}

#[test]
fn a_paired_device_has_its_scan_completed_by_the_edge_box_with_an_egress_receipt() {
    let state = state();
    let server = Server::start(state.path(), HEALTH);
    let device = Device::new();
    let paired = device.pair(&server, TargetKind::Edge);
    assert_eq!(paired.api, server.api);
    assert_eq!(paired.max_policy, Policy::Trusted);
    assert!(!paired.hardware_key);
    assert!(command(state.path(), &["certs"]).contains("\"name\":\"kiosk-1\""));
    // The pairing (key included) is a keyutils key, not a file.
    let description = format!("keyring:edge@carta:{}", device.profile);
    assert!(proc_keys().contains(&description), "{}", proc_keys());

    let router = device.router(Duration::from_secs(5), Duration::from_secs(5));
    let (result, took) = scan(&router, OffloadMode::Edge, Policy::Pseudonymise);
    println!("scan completed by the edge box in {took:?}");
    assert_eq!(outcomes(&result), [(TargetKind::Edge, Outcome::Answered)]);
    assert_eq!(
        result.provenance.offload,
        Some(format!("edge:{}", server.api))
    );
    assert_eq!(result.provenance.extractor, "rules+edge");
    let egress = result.egress.as_ref().unwrap();
    assert_eq!(egress.len(), 1);
    assert_eq!(egress[0].destination, server.api);
    assert_eq!(egress[0].policy, Policy::Pseudonymise);
    assert_eq!(egress[0].sha256.len(), 64);
    assert!(!egress[0].placeholder_kinds.is_empty());
    assert_eq!(extract_requests(&server), 1);
    // The receipt is part of the output contract's `egress`.
    let json = result.to_json(carta_core::schema::KeyStyle::Canonical);
    assert_eq!(json["egress"][0]["bytes"], egress[0].bytes);

    // Unpairing deletes the keyutils key; the router then has no target.
    assert!(
        offload::unpair(&device.store, TargetKind::Edge)
            .unwrap()
            .is_some()
    );
    // Invalidated at once; the kernel's key collector then removes it from /proc/keys.
    let gone = Instant::now();
    while proc_keys().contains(&description) {
        assert!(gone.elapsed() < HANG, "the key is still listed");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        offload::Server::open(&device.store, TargetKind::Edge)
            .unwrap()
            .is_none()
    );
}

#[test]
fn the_token_is_spent_and_a_wrong_fingerprint_is_refused_before_the_token_is_sent() {
    let state = state();
    let server = Server::start(state.path(), "");
    let device = Device::new();
    let uri = uri(&server);
    let mut forged = uri.clone();
    forged.ca_fingerprint[0] ^= 0xff;
    let e = offload::pair(&forged, &device.store, &options(TargetKind::Edge)).unwrap_err();
    assert!(e.to_string().contains("UnknownIssuer"), "{e}");
    assert!(!e.to_string().contains(uri.token.as_str()));
    println!("pinned to another CA: {e}");
    // Nothing was saved, and the token never left: it still pairs, once.
    assert!(
        offload::paired(&device.store, TargetKind::Edge)
            .unwrap()
            .is_none()
    );
    offload::pair(&uri, &device.store, &options(TargetKind::Edge)).unwrap();
    // Spent: the pairing listener has closed (no token outstanding).
    let again = offload::pair(&uri, &device.store, &options(TargetKind::Edge)).unwrap_err();
    assert!(matches!(again, CoreError::Offload { .. }), "{again}");
    assert!(!again.to_string().contains(uri.token.as_str()));
}

#[test]
fn the_scan_falls_back_from_a_killed_or_hanging_edge_to_the_cloud_and_then_to_the_device() {
    let (edge_state, cloud_state) = (state(), state());
    assert_ne!(ca(edge_state.path()), ca(cloud_state.path()));
    let edge = Server::start(edge_state.path(), HEALTH);
    let cloud = Server::start(cloud_state.path(), HEALTH);
    let device = Device::new();
    device.pair(&edge, TargetKind::Edge);
    let enrolled = device.pair(&cloud, TargetKind::Cloud);
    assert_eq!(enrolled.max_policy, Policy::Pseudonymise);
    let edge_deadline = Duration::from_millis(1500);
    let router = device.router(edge_deadline, Duration::from_secs(5));

    // Both up: the edge answers, with the full text it is trusted with.
    let (result, took) = scan(&router, OffloadMode::Auto, Policy::Trusted);
    assert_eq!(outcomes(&result), [(TargetKind::Edge, Outcome::Answered)]);
    println!("both up: edge answered in {took:?}");

    // Edge hanging (stopped: connections open, nothing answers): the cloud after the deadline,
    // and the cloud gets the text tightened to its ceiling.
    edge.signal("STOP");
    let (result, took) = scan(&router, OffloadMode::Auto, Policy::Trusted);
    edge.signal("CONT");
    assert_eq!(
        outcomes(&result),
        [
            (TargetKind::Edge, Outcome::Timeout),
            (TargetKind::Cloud, Outcome::Answered)
        ]
    );
    assert_eq!(
        result.provenance.route[1].policy,
        Some(Policy::Pseudonymise)
    );
    assert!(took >= edge_deadline && took < HANG, "{took:?}");
    println!(
        "edge hanging: edge gave up after {} ms (deadline {} ms), cloud answered, {took:?} in all",
        result.provenance.route[0].ms,
        edge_deadline.as_millis()
    );

    // Edge killed (connection refused): the cloud at once; nothing was sent to the edge.
    let edge_api = edge.api.clone();
    drop(edge);
    settle();
    let (result, took) = scan(&router, OffloadMode::Auto, Policy::Trusted);
    assert_eq!(
        outcomes(&result),
        [
            (TargetKind::Edge, Outcome::Unreachable),
            (TargetKind::Cloud, Outcome::Answered)
        ]
    );
    let egress = result.egress.as_ref().unwrap();
    assert_eq!(egress.len(), 1, "a refused connection sends nothing");
    assert_eq!(egress[0].destination, cloud.api);
    assert_ne!(egress[0].destination, edge_api);
    assert!(took < HANG);
    println!(
        "edge killed: refused after {} ms, cloud answered, {took:?} in all",
        result.provenance.route[0].ms
    );
    assert_eq!(extract_requests(&cloud), 2);

    // Both down: the on-device reading, with the reasons.
    drop(cloud);
    settle();
    let (result, took) = scan(&router, OffloadMode::Auto, Policy::Trusted);
    assert_eq!(
        outcomes(&result),
        [
            (TargetKind::Edge, Outcome::Unreachable),
            (TargetKind::Cloud, Outcome::Unreachable)
        ]
    );
    assert!(result.egress.is_none());
    assert_eq!(result.provenance.extractor, "rules");
    assert_eq!(result.provenance.offload, None);
    assert_eq!(
        result.fields[&carta_core::FieldName::Surname].value,
        "QUAGLIARELLA"
    );
    assert!(result.provenance.route.iter().all(|a| a.reason.is_some()));
    assert!(took < HANG);
    println!("both down: on-device result in {took:?}");

    // The edge has now failed three times in a row: its circuit is open and it is skipped.
    let (result, took) = scan(&router, OffloadMode::Auto, Policy::Trusted);
    assert_eq!(result.provenance.route[0].outcome, Outcome::CircuitOpen);
    println!("edge circuit open: skipped, {took:?} in all");
}

#[test]
fn a_server_that_does_not_chain_to_the_pinned_ca_is_refused_and_gets_no_request() {
    let state = state();
    let edge = Server::start(state.path(), "");
    let device = Device::new();
    device.pair(&edge, TargetKind::Edge);
    let router = device.router(Duration::from_secs(5), Duration::from_secs(5));
    // Another box takes the edge's address with its own CA (a spoofed address on the LAN).
    let address = edge.api.clone();
    drop(edge);
    let rogue_state = common::state();
    let rogue = Server::start_on(rogue_state.path(), &address, HEALTH);
    let (result, _) = scan(&router, OffloadMode::Edge, Policy::Trusted);
    assert_eq!(
        outcomes(&result),
        [(TargetKind::Edge, Outcome::TlsRefused)],
        "{:?}",
        result.provenance.route
    );
    assert!(result.egress.is_none(), "nothing left the device");
    let reason = result.provenance.route[0].reason.clone().unwrap();
    assert!(reason.contains("invalid peer certificate"), "{reason}");
    println!("rogue server refused: {reason}");
    // The rogue server saw a handshake end and no request. It counts the failure when it reads
    // the client's alert, which on a busy machine can come after the client has returned.
    let failed = "carta_tls_handshake_failures_total{kind=\"api\"} 1";
    let mut metrics = String::new();
    let counted = common::eventually(|| {
        metrics = rogue.health_metrics();
        metrics.contains(failed)
    });
    assert!(counted, "{metrics}");
    assert_eq!(extract_requests(&rogue), 0, "{metrics}");
}

#[test]
fn the_engine_behind_the_server_receives_no_image_bytes_and_no_ground_truth_under_pseudonymise() {
    use carta_tests::corpus::{AS_OF, Generator};
    let record = tempfile::tempdir().unwrap();
    let upstream = Upstream::start(&["record", record.path().to_str().unwrap()]);
    let state = state();
    let edge = Server::start(
        state.path(),
        &format!("engine = \"upstream\"\nupstream = \"{}\"", upstream.url),
    );
    let device = Device::new();
    device.pair(&edge, TargetKind::Edge);
    let router = device.router(Duration::from_secs(20), Duration::from_secs(20));
    let ocr = carta_tests::default_engine();
    let generator = Generator::new().unwrap();
    let engines = Engines {
        ocr: ocr.as_ref(),
        router: Some(&router),
    };
    let read = |policy: Policy, index: u32| {
        let sample = generator.generate(7, index).unwrap();
        let result = scan_image(
            &sample.jpeg,
            engines,
            &ScanOptions {
                parse: ParseOptions {
                    today: AS_OF,
                    repair: true,
                },
                offload: OffloadMode::Edge,
                policy,
                ..ScanOptions::default()
            },
        )
        .unwrap();
        assert_eq!(
            result.provenance.route[0].outcome,
            Outcome::Answered,
            "{index}"
        );
        let bodies: Vec<Vec<u8>> = std::fs::read_dir(record.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let body = std::fs::read(&p).unwrap();
                std::fs::remove_file(p).unwrap();
                body
            })
            .collect();
        assert_eq!(bodies.len(), 1, "one request per scan");
        (sample.truth, bodies.into_iter().next().unwrap())
    };
    let mut leaks = Vec::new();
    let mut sizes = Vec::new();
    for (policy, documents) in [
        (Policy::Pseudonymise, 0..8),
        (Policy::Minimal, 8..10),
        (Policy::Trusted, 10..12),
    ] {
        for index in documents {
            let (truth, body) = read(policy, index);
            sizes.push(body.len());
            assert_no_image(&body);
            if policy == Policy::Pseudonymise {
                let text = String::from_utf8(body).unwrap();
                leaks.extend(carta_tests::pii::leaks(&truth, &text));
            }
        }
    }
    println!(
        "engine received {} requests ({}–{} bytes): no image bytes; pseudonymise: {} leaks",
        sizes.len(),
        sizes.iter().min().unwrap(),
        sizes.iter().max().unwrap(),
        leaks.len()
    );
    assert!(leaks.is_empty(), "{leaks:?}");
}

/// No JPEG, PNG or WebP signature, valid UTF-8 JSON text, and no long run of one byte value
/// (raw pixels of a flat region).
fn assert_no_image(body: &[u8]) {
    let find = |needle: &[u8]| body.windows(needle.len()).any(|w| w == needle);
    assert!(!find(&[0xFF, 0xD8, 0xFF]), "JPEG signature");
    assert!(!find(b"\x89PNG"), "PNG signature");
    assert!(!find(b"WEBPVP8"), "WebP signature");
    assert!(std::str::from_utf8(body).is_ok(), "not text");
    assert!(
        serde_json::from_slice::<serde_json::Value>(body).is_ok(),
        "not JSON"
    );
    let longest = body
        .chunk_by(|a, b| a == b)
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0);
    assert!(longest < 64, "a run of {longest} equal bytes");
}

/// A key store with a secure element, as the Android Keystore and iOS Secure Enclave callbacks
/// provide: keys are made and used inside it and only signatures come out.
#[derive(Default)]
struct SecureElement {
    secrets: std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>,
    keys: std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<Enclaved>>>,
}

/// A key inside the element; counts its signatures.
#[derive(Debug)]
struct Enclaved {
    key: offload::SoftwareKey,
    signatures: std::sync::atomic::AtomicUsize,
}

impl offload::DeviceKey for Enclaved {
    fn public_key(&self) -> Vec<u8> {
        self.key.public_key()
    }

    fn sign(&self, message: &[u8]) -> carta_core::Result<Vec<u8>> {
        self.signatures
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.key.sign(message)
    }
}

impl offload::KeyStore for SecureElement {
    fn load(&self, account: &str) -> carta_core::Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        Ok(self
            .secrets
            .lock()
            .unwrap()
            .get(account)
            .cloned()
            .map(zeroize::Zeroizing::new))
    }

    fn save(&self, account: &str, secret: &[u8]) -> carta_core::Result<()> {
        self.secrets
            .lock()
            .unwrap()
            .insert(account.to_owned(), secret.to_vec());
        Ok(())
    }

    fn delete(&self, account: &str) -> carta_core::Result<bool> {
        Ok(self.secrets.lock().unwrap().remove(account).is_some())
    }

    fn create_key(
        &self,
        alias: &str,
    ) -> carta_core::Result<Option<std::sync::Arc<dyn offload::DeviceKey>>> {
        let key = std::sync::Arc::new(Enclaved {
            key: offload::SoftwareKey::generate()?,
            signatures: Default::default(),
        });
        self.keys
            .lock()
            .unwrap()
            .insert(alias.to_owned(), key.clone());
        Ok(Some(key))
    }

    fn key(
        &self,
        alias: &str,
    ) -> carta_core::Result<Option<std::sync::Arc<dyn offload::DeviceKey>>> {
        Ok(self
            .keys
            .lock()
            .unwrap()
            .get(alias)
            .map(|k| k.clone() as std::sync::Arc<dyn offload::DeviceKey>))
    }

    fn delete_key(&self, alias: &str) -> carta_core::Result<()> {
        self.keys.lock().unwrap().remove(alias);
        Ok(())
    }
}

#[test]
fn a_key_in_secure_hardware_signs_the_request_and_the_handshake_and_never_leaves_it() {
    use offload::KeyStore as _;
    let state = state();
    let edge = Server::start(state.path(), "");
    let element = SecureElement::default();
    let paired = offload::pair(&uri(&edge), &element, &options(TargetKind::Edge)).unwrap();
    assert!(paired.hardware_key);
    let record = element.load("edge").unwrap().unwrap();
    let record = String::from_utf8_lossy(&record);
    assert!(
        !record.contains("PRIVATE KEY") && record.contains("alias"),
        "{record}"
    );
    let signatures = || {
        element
            .keys
            .lock()
            .unwrap()
            .values()
            .map(|k| k.signatures.load(std::sync::atomic::Ordering::SeqCst))
            .sum::<usize>()
    };
    assert_eq!(signatures(), 1, "the certificate request");
    let router = Router::new(vec![
        offload::Server::open(&element, TargetKind::Edge)
            .unwrap()
            .unwrap()
            .into_target(Duration::from_secs(5)),
    ]);
    let (result, _) = scan(&router, OffloadMode::Edge, Policy::Pseudonymise);
    assert_eq!(outcomes(&result), [(TargetKind::Edge, Outcome::Answered)]);
    assert_eq!(signatures(), 2, "the TLS handshake's CertificateVerify");
    offload::unpair(&element, TargetKind::Edge)
        .unwrap()
        .unwrap();
    assert!(
        element.keys.lock().unwrap().is_empty(),
        "the hardware key is deleted"
    );
    assert!(element.load("edge").unwrap().is_none());
}

#[test]
fn a_cancelled_scan_returns_at_once_with_the_on_device_reading() {
    let state = state();
    let edge = Server::start(state.path(), "");
    let device = Device::new();
    device.pair(&edge, TargetKind::Edge);
    let router = device.router(Duration::from_secs(20), Duration::from_secs(20));
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = cancel.clone();
    edge.signal("STOP");
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let started = Instant::now();
    let result = scan_text(
        TEXT.as_bytes(),
        Some(&router),
        &ScanOptions {
            offload: OffloadMode::Auto,
            policy: Policy::Pseudonymise,
            cancel: Some(cancel),
            ..ScanOptions::default()
        },
    )
    .unwrap();
    let took = started.elapsed();
    edge.signal("CONT");
    canceller.join().unwrap();
    assert_eq!(outcomes(&result), [(TargetKind::Edge, Outcome::Cancelled)]);
    assert_eq!(
        result.fields[&carta_core::FieldName::Surname].value,
        "QUAGLIARELLA"
    );
    assert!(took < Duration::from_secs(20), "{took:?}");
    println!("cancelled 300 ms into a call to a hanging edge: returned after {took:?}");
}
