//! Pairing: the URI, and the one-time-token exchange over TLS pinned to the CA fingerprint.

use std::sync::Arc;
use std::time::Duration;

use crate::route::split_host_port;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use super::key::{CsrKey, DeviceKey, SoftwareKey};
use super::store::{KeyStore, Paired, Pairing, StoredKey};
use super::{http_client, offload_error, provider, request_error};
use crate::error::{CoreError, Result};
use crate::redact::Policy;
use crate::route::TargetKind;

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
        if split_host_port(&host).is_none() || host.contains(['/', '@', '?', '#']) {
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

/// How to pair: as which target, under which name, with which ceiling on egress.
#[derive(Debug, Clone)]
pub struct PairOptions {
    /// Edge box or private cloud.
    pub target: TargetKind,
    /// The device's name in its certificate (the server's `certs` list shows it).
    pub device_name: String,
    /// The most text this server may receive; default `trusted` for an edge box the
    /// organisation owns, `pseudonymise` for the cloud.
    pub max_policy: Option<Policy>,
    /// Time for the whole exchange.
    pub timeout: Duration,
}

/// Pairs with the server of `uri`: a key pair made by the key store (secure hardware) or else
/// in software, a certificate request signed with it, sent with the token over TLS pinned to the
/// URI's CA fingerprint (no system roots; the token never reaches a server that fails the pin).
/// The returned CA must have that fingerprint too. The key (or its alias), the certificate and
/// the CA are saved in `store` under the target's name, replacing an earlier pairing.
pub fn pair(uri: &PairingUri, store: &dyn KeyStore, options: &PairOptions) -> Result<Paired> {
    // A new alias per pairing: a failed attempt must not replace the key of a working pairing.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let alias = format!("carta-{}-{nanos:x}", options.target.name());
    let (key, stored) = match store.create_key(&alias)? {
        Some(key) => (
            key,
            StoredKey::Hardware {
                alias: alias.clone(),
            },
        ),
        None => {
            let software = SoftwareKey::generate()?;
            let pem = software.pkcs8_pem();
            (
                Arc::new(software) as Arc<dyn DeviceKey>,
                StoredKey::Software { pkcs8_pem: pem },
            )
        }
    };
    let hardware = matches!(stored, StoredKey::Hardware { .. });
    let previous = Pairing::load(store, options.target).ok().flatten();
    let record = exchange(uri, key.as_ref(), options).map(|reply| {
        let host = split_host_port(&uri.host).map_or(uri.host.as_str(), |(h, _)| h);
        Pairing {
            target: options.target,
            api: format!("{host}:{}", reply.api_port),
            ca_pem: reply.ca,
            certificate_pem: reply.certificate,
            key: stored,
            max_policy: options.max_policy.unwrap_or(match options.target {
                TargetKind::Cloud => Policy::Pseudonymise,
                _ => Policy::Trusted,
            }),
            serial: reply.serial,
            expires: reply.expires,
        }
    });
    let saved = record.and_then(|record| record.save(store).map(|()| record));
    match saved {
        Ok(record) => {
            if let Some(StoredKey::Hardware { alias: old }) = previous.as_ref().map(|p| &p.key) {
                store.delete_key(old)?;
            }
            Ok(record.summary())
        }
        Err(e) => {
            if hardware {
                let _ = store.delete_key(&alias);
            }
            Err(e)
        }
    }
}

/// The request: a CSR signed by `key`, sent with the token over the pinned connection; the
/// reply's CA checked against the fingerprint.
fn exchange(uri: &PairingUri, key: &dyn DeviceKey, options: &PairOptions) -> Result<PairReply> {
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, options.device_name.as_str());
    let csr = params
        .serialize_request(&CsrKey::new(key))
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
    let response = http_client(tls, options.timeout)?
        .post(format!("https://{}/v1/pair", uri.host))
        .json(&body)
        .send()
        .map_err(|e| request_error("pairing request", e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(offload_error("the server refused pairing", status));
    }
    let reply: PairReply = response
        .json()
        .map_err(|_| offload_error("the server's reply", "not the pairing answer"))?;
    let ca = CertificateDer::from_pem_slice(reply.ca.as_bytes())
        .map_err(|e| offload_error("the server's CA", e))?;
    if Sha256::digest(&ca).as_slice() != uri.ca_fingerprint {
        return Err(offload_error(
            "the server's CA",
            "does not match the pairing URI's fingerprint",
        ));
    }
    Ok(reply)
}

/// The body of the server's answer to `POST /v1/pair`.
#[derive(serde::Deserialize)]
struct PairReply {
    certificate: String,
    ca: String,
    serial: String,
    expires: i64,
    api_port: u16,
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
            format!("carta://pair?host=fe80::1:8444&fp=sha256:{FP}&token=SECRET1"),
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
