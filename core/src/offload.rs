//! The offload client, first part (feature `offload`): pairing with a carta-server and the
//! mutual-TLS client that calls it (DESIGN.md §5).
//!
//! A pairing URI, `carta://pair?host=HOST:PORT&fp=sha256:HEX&token=TOKEN`, names the server's
//! pairing listener, the SHA-256 of its CA certificate, and a one-time token. [`pair`] makes a
//! P-256 key pair and a certificate request on the device, sends them with the token over TLS
//! pinned to that fingerprint (no system roots), and returns the client certificate with the CA.
//! [`mtls_client`] then trusts that CA alone and presents the certificate. TLS 1.3 only, no
//! redirects. Errors never carry the token or a key.

use std::sync::Arc;
use std::time::Duration;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};

/// A parsed pairing URI.
#[derive(Clone, PartialEq, Eq)]
pub struct PairingUri {
    /// `HOST:PORT` of the pairing listener.
    pub host: String,
    /// SHA-256 of the server's CA certificate (DER).
    pub ca_fingerprint: [u8; 32],
    /// The one-time token.
    pub token: Zeroizing<String>,
}

impl std::fmt::Debug for PairingUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PairingUri")
            .field("host", &self.host)
            .field("ca_fingerprint", &hex::encode(self.ca_fingerprint))
            .finish_non_exhaustive()
    }
}

fn invalid(reason: &str) -> CoreError {
    CoreError::InvalidPairingUri {
        reason: reason.to_owned(),
    }
}

fn offload_error(what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::Offload {
        reason: format!("{what}: {e}"),
    }
}

/// A reqwest error with its causes (TLS alerts, refused connections), without the URL.
fn request_error(what: &str, e: reqwest::Error) -> CoreError {
    let e = e.without_url();
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        reason.push_str(&format!(": {s}"));
        source = s.source();
    }
    offload_error(what, reason)
}

impl std::str::FromStr for PairingUri {
    type Err = CoreError;

    fn from_str(s: &str) -> Result<PairingUri> {
        let url = url::Url::parse(s.trim()).map_err(|_| invalid("not a URI"))?;
        if url.scheme() != "carta" || url.host_str() != Some("pair") {
            return Err(invalid("expected carta://pair?…"));
        }
        let (mut host, mut fp, mut token) = (None, None, None);
        for (key, value) in url.query_pairs() {
            let slot = match key.as_ref() {
                "host" => &mut host,
                "fp" => &mut fp,
                "token" => &mut token,
                _ => continue,
            };
            if slot.replace(value.into_owned()).is_some() {
                return Err(invalid("a parameter appears twice"));
            }
        }
        let host = host.ok_or_else(|| invalid("no host"))?;
        let port_ok = host
            .rsplit_once(':')
            .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p > 0));
        if !port_ok || host.contains(['/', '@', '?', '#']) {
            return Err(invalid("host must be HOST:PORT"));
        }
        let fp = fp.ok_or_else(|| invalid("no fp"))?;
        let digits = fp
            .strip_prefix("sha256:")
            .ok_or_else(|| invalid("fp must be sha256:HEX"))?;
        let ca_fingerprint: [u8; 32] = hex::decode(digits)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| invalid("fp must be 64 hexadecimal digits"))?;
        let token = token.ok_or_else(|| invalid("no token"))?;
        if token.is_empty() || token.len() > 256 {
            return Err(invalid("token is empty or too long"));
        }
        Ok(PairingUri {
            host,
            ca_fingerprint,
            token: Zeroizing::new(token),
        })
    }
}

/// What pairing gives the device: its certificate and key, and the server's CA.
#[derive(Clone)]
pub struct Credentials {
    /// The client certificate, PEM.
    pub certificate_pem: String,
    /// The private key, PKCS#8 PEM (zeroised on drop).
    pub key_pem: Zeroizing<String>,
    /// The CA certificate, PEM: the only root the client trusts for this server.
    pub ca_pem: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").finish_non_exhaustive()
    }
}

/// Accepts a server whose chain contains the CA certificate with the pinned SHA-256, and whose
/// certificate that CA signed for the name dialled.
#[derive(Debug)]
struct PinnedCa {
    fingerprint: [u8; 32],
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for PinnedCa {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let ca = intermediates
            .iter()
            .find(|c| Sha256::digest(c.as_ref()).as_slice() == self.fingerprint)
            .ok_or(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            ))?;
        let mut roots = rustls::RootCertStore::empty();
        roots.add(ca.clone().into_owned())?;
        let webpki =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), self.provider.clone())
                .build()
                .map_err(|e| rustls::Error::General(e.to_string()))?;
        webpki.verify_server_cert(end_entity, &[], server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn http_client(tls: rustls::ClientConfig, timeout: Duration) -> Result<reqwest::blocking::Client> {
    reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .build()
        .map_err(|e| offload_error("HTTP client", e))
}

/// Pairs with the server of `uri`: a new key pair and certificate request for `device_name`,
/// sent with the token over TLS pinned to the URI's CA fingerprint. The returned CA must have
/// that fingerprint too.
pub fn pair(uri: &PairingUri, device_name: &str, timeout: Duration) -> Result<Credentials> {
    let key = rcgen::KeyPair::generate().map_err(|e| offload_error("key pair", e))?;
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, device_name);
    let csr = params
        .serialize_request(&key)
        .and_then(|r| r.pem())
        .map_err(|e| offload_error("certificate request", e))?;
    let tls = rustls::ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| offload_error("TLS", e))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(PinnedCa {
            fingerprint: uri.ca_fingerprint,
            provider: provider(),
        }))
        .with_no_client_auth();
    let body = serde_json::json!({"token": uri.token.as_str(), "csr": csr});
    let response = http_client(tls, timeout)?
        .post(format!("https://{}/v1/pair", uri.host))
        .json(&body)
        .send()
        .map_err(|e| request_error("pairing request", e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(offload_error("the server refused pairing", status));
    }
    let reply: serde_json::Value = response
        .json()
        .map_err(|_| offload_error("the server's reply", "not JSON"))?;
    let text = |k: &str| {
        reply[k]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| offload_error("the server's reply", format!("no {k}")))
    };
    let (certificate_pem, ca_pem) = (text("certificate")?, text("ca")?);
    let ca = CertificateDer::from_pem_slice(ca_pem.as_bytes())
        .map_err(|e| offload_error("the server's CA", e))?;
    if Sha256::digest(&ca).as_slice() != uri.ca_fingerprint {
        return Err(offload_error(
            "the server's CA",
            "does not match the pairing URI's fingerprint",
        ));
    }
    Ok(Credentials {
        certificate_pem,
        key_pem: Zeroizing::new(key.serialize_pem()),
        ca_pem,
    })
}

/// An HTTPS client for a paired server: it trusts only the paired CA and presents the client
/// certificate; TLS 1.3, no redirects, `timeout` per request, connections kept alive.
pub fn mtls_client(
    credentials: &Credentials,
    timeout: Duration,
) -> Result<reqwest::blocking::Client> {
    let mut roots = rustls::RootCertStore::empty();
    let ca = CertificateDer::from_pem_slice(credentials.ca_pem.as_bytes())
        .map_err(|e| offload_error("CA", e))?;
    roots.add(ca).map_err(|e| offload_error("CA", e))?;
    let chain = CertificateDer::pem_slice_iter(credentials.certificate_pem.as_bytes())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| offload_error("client certificate", e))?;
    let key = PrivateKeyDer::from_pem_slice(credentials.key_pem.as_bytes())
        .map_err(|_| offload_error("client key", "does not parse"))?;
    let tls = rustls::ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| offload_error("TLS", e))?
        .with_root_certificates(roots)
        .with_client_auth_cert(chain, key)
        .map_err(|e| offload_error("client certificate", e))?;
    http_client(tls, timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP: &str = "aba084f6a6065753d9760584e307e2d94cb9a2391a40217e1e1d32412341619a";

    #[test]
    fn pairing_uris_parse_and_bad_ones_are_refused_without_the_token() {
        let uri: PairingUri =
            format!("carta://pair?host=edge.local:8444&fp=sha256:{FP}&token=SECRET1")
                .parse()
                .unwrap();
        assert_eq!(uri.host, "edge.local:8444");
        assert_eq!(hex::encode(uri.ca_fingerprint), FP);
        assert_eq!(uri.token.as_str(), "SECRET1");
        assert!(!format!("{uri:?}").contains("SECRET1"));
        let ipv6: PairingUri = format!("carta://pair?host=[::1]:8444&fp=sha256:{FP}&token=t")
            .parse()
            .unwrap();
        assert_eq!(ipv6.host, "[::1]:8444");
        for bad in [
            "https://pair?host=a:1&fp=sha256:00&token=SECRET1".to_owned(),
            format!("carta://pair?host=edge.local&fp=sha256:{FP}&token=SECRET1"),
            format!("carta://pair?host=edge.local:0&fp=sha256:{FP}&token=SECRET1"),
            format!("carta://pair?host=evil.example/x:1&fp=sha256:{FP}&token=SECRET1"),
            format!("carta://pair?host=a:1&fp=md5:{FP}&token=SECRET1"),
            format!(
                "carta://pair?host=a:1&fp=sha256:{}&token=SECRET1",
                &FP[..62]
            ),
            format!(
                "carta://pair?host=a:1&fp=sha256:{}zz&token=SECRET1",
                &FP[..62]
            ),
            format!("carta://pair?host=a:1&fp=sha256:{FP}"),
            format!("carta://pair?host=a:1&host=b:2&fp=sha256:{FP}&token=SECRET1"),
            "not a uri SECRET1".to_owned(),
        ] {
            let e = bad.parse::<PairingUri>().unwrap_err();
            assert!(matches!(e, CoreError::InvalidPairingUri { .. }), "{bad}");
            assert!(e.is_bad_input());
            assert!(!e.to_string().contains("SECRET1"), "{e}");
        }
    }
}
