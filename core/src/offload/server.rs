//! A paired carta-server as an offload target.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use rustls::client::ResolvesClientCert;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;
use rustls::sign::CertifiedKey;
use serde_json::{Value, json};

use super::key::TlsKey;
use super::store::{KeyStore, Pairing};
use super::{error_chain, http_client, offload_error, provider};
use crate::error::Result;
use crate::extract::{Extraction, Schema, Usage};
use crate::redact::{Policy, RedactedText};
use crate::route::{Engine, Outcome, Remote, RemoteFailure, Target, TargetKind};

/// How often a call in flight looks at its cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(20);

/// A paired server: `POST /v1/extract` over mutual TLS, trusting only its CA.
pub struct Server {
    kind: TargetKind,
    destination: String,
    max_policy: Policy,
    client: reqwest::blocking::Client,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("kind", &self.kind)
            .field("destination", &self.destination)
            .finish_non_exhaustive()
    }
}

/// Presents the one device certificate.
#[derive(Debug)]
struct DeviceCertificate(Arc<CertifiedKey>);

impl ResolvesClientCert for DeviceCertificate {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        _sigschemes: &[rustls::SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// Whether a chain of errors holds a TLS error (a certificate refused by either side). I/O
/// errors hide what they wrap from `source()`, so they are opened with `get_ref()`.
fn is_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = next {
        if s.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        next = match s
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => Some(inner),
            None => s.source(),
        };
    }
    false
}

/// Sorts a failed call: nothing was sent when no connection was made.
fn classify(e: reqwest::Error) -> RemoteFailure {
    let connect = e.is_connect();
    let outcome = if e.is_timeout() {
        Outcome::Timeout
    } else if is_tls(&e) {
        Outcome::TlsRefused
    } else if connect {
        Outcome::Unreachable
    } else {
        Outcome::Failed
    };
    RemoteFailure {
        outcome,
        sent: !connect && outcome != Outcome::TlsRefused,
        reason: error_chain(&e.without_url()),
    }
}

impl Server {
    /// The server paired as `target` in `store`, `None` when the device is not paired with one.
    /// `timeout` bounds a call when the router gives none.
    pub fn open(store: &dyn KeyStore, target: TargetKind) -> Result<Option<Server>> {
        let Some(pairing) = Pairing::load(store, target)? else {
            return Ok(None);
        };
        let key = pairing.device_key(store)?;
        let mut roots = rustls::RootCertStore::empty();
        let ca = CertificateDer::from_pem_slice(pairing.ca_pem.as_bytes())
            .map_err(|e| offload_error("CA", e))?;
        roots.add(ca).map_err(|e| offload_error("CA", e))?;
        let chain = CertificateDer::pem_slice_iter(pairing.certificate_pem.as_bytes())
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| offload_error("client certificate", e))?;
        let certified = CertifiedKey::new(chain, Arc::new(TlsKey(key)));
        let tls = rustls::ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(&[&rustls::version::TLS13])
            .map_err(|e| offload_error("TLS", e))?
            .with_root_certificates(roots)
            .with_client_cert_resolver(Arc::new(DeviceCertificate(Arc::new(certified))));
        Ok(Some(Server {
            kind: target,
            destination: pairing.api.clone(),
            max_policy: pairing.max_policy,
            client: http_client(tls, Duration::from_secs(60))?,
        }))
    }

    /// The server as a router target with `deadline` per scan.
    pub fn into_target(self, deadline: Duration) -> Target {
        Target {
            kind: self.kind,
            max_policy: self.max_policy,
            deadline,
            engine: Engine::Remote(Box::new(self)),
        }
    }
}

/// The router targets of the servers paired in `store`, edge first, each with its deadline.
pub fn paired_targets(
    store: &dyn KeyStore,
    edge_deadline: Duration,
    cloud_deadline: Duration,
) -> Result<Vec<Target>> {
    let mut targets = Vec::new();
    for (kind, deadline) in [
        (TargetKind::Edge, edge_deadline),
        (TargetKind::Cloud, cloud_deadline),
    ] {
        if let Some(server) = Server::open(store, kind)? {
            targets.push(server.into_target(deadline));
        }
    }
    Ok(targets)
}

/// The reply of `POST /v1/extract`.
#[derive(serde::Deserialize)]
struct Reply {
    answer: Value,
    #[serde(default)]
    usage: Usage,
}

impl Remote for Server {
    fn destination(&self) -> &str {
        &self.destination
    }

    fn extract(
        &self,
        text: &RedactedText,
        schema: &Schema,
        timeout: Duration,
        cancel: Option<&AtomicBool>,
    ) -> std::result::Result<Extraction, RemoteFailure> {
        let mut body = json!({
            "text": text.as_str(),
            "policy": text.policy(),
            "deadline_ms": u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        });
        if !schema.is_identity() {
            body["schema"] = schema.json().clone();
        }
        let call = self
            .client
            .post(format!("https://{}/v1/extract", self.destination))
            .timeout(timeout)
            .json(&body);
        // The call runs on its own thread so that a cancelled scan returns at once; the thread
        // ends by itself at the timeout.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let reply = call.send().and_then(|r| Ok((r.status(), r.bytes()?)));
            let _ = tx.send(reply);
        });
        let (status, bytes) = loop {
            match rx.recv_timeout(CANCEL_POLL) {
                Ok(reply) => break reply.map_err(classify)?,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                        return Err(RemoteFailure {
                            outcome: Outcome::Cancelled,
                            sent: true,
                            reason: "cancelled".into(),
                        });
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(RemoteFailure {
                        outcome: Outcome::Failed,
                        sent: true,
                        reason: "the call's thread ended without an answer".into(),
                    });
                }
            }
        };
        if !status.is_success() {
            // The server's error body names a kind, never a value.
            let kind = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| v["error"]["kind"].as_str().map(str::to_owned))
                .unwrap_or_default();
            return Err(RemoteFailure {
                outcome: Outcome::ServerError,
                sent: true,
                reason: format!("HTTP {} {kind}", status.as_u16())
                    .trim_end()
                    .to_owned(),
            });
        }
        let reply: Reply = serde_json::from_slice(&bytes).map_err(|_| RemoteFailure {
            outcome: Outcome::InvalidAnswer,
            sent: true,
            reason: "the reply is not an extraction".into(),
        })?;
        schema.check(&reply.answer).map_err(|e| RemoteFailure {
            sent: true,
            ..RemoteFailure::from(e)
        })?;
        Ok(Extraction {
            answer: reply.answer,
            usage: reply.usage,
        })
    }
}
