//! The pairing CA and the server's only state, on disk in one folder: the CA, the server
//! certificate, the one-time pairing tokens (stored as SHA-256 hashes), the issued client
//! certificates and the certificate revocation list.
//!
//! `carta-server init` creates the folder; `pair`, `revoke` and the running server change it.
//! Every change holds an exclusive lock on `state.lock` and replaces `state.json` atomically, so
//! the command-line tool and the server can work on it at the same time. Keys are written with
//! mode 0600.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams,
    CertificateSigningRequestParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose, RevocationReason, RevokedCertParams,
    SerialNumber,
};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use time::{Duration, OffsetDateTime};

use crate::error::{Error, Result};

const CA_CERT: &str = "ca.pem";
const CA_KEY: &str = "ca.key";
const SERVER_CERT: &str = "server.pem";
const SERVER_KEY: &str = "server.key";
const STATE: &str = "state.json";
const LOCK: &str = "state.lock";
const CRL: &str = "crl.pem";

/// A pairing token as stored: its hash, when it expires, whether it was used.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Token {
    sha256: String,
    expires: i64,
    used: bool,
}

/// A client certificate this CA issued.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Client {
    /// Serial number, hex.
    pub serial: String,
    /// The device name the client asked for (its CSR's common name), or `device`.
    pub name: String,
    /// SHA-256 of the certificate, hex.
    pub fingerprint: String,
    /// Issued at (Unix seconds).
    pub issued: i64,
    /// Expires at (Unix seconds).
    pub expires: i64,
    /// Revoked at (Unix seconds), if revoked.
    pub revoked: Option<i64>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    tokens: Vec<Token>,
    clients: Vec<Client>,
    crl_number: u64,
}

/// A client certificate issued through pairing.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The certificate, PEM.
    pub certificate: String,
    /// The CA certificate, PEM (the client pins it).
    pub ca: String,
    /// What was recorded.
    pub client: Client,
}

/// The state folder, opened.
pub struct Pki {
    dir: PathBuf,
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    issuer: Issuer<'static, KeyPair>,
}

impl std::fmt::Debug for Pki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pki")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn pki_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Pki(format!("{what}: {e}"))
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// A random positive serial number of 16 bytes.
fn random_serial() -> SerialNumber {
    let mut bytes: [u8; 16] = rand::random();
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    SerialNumber::from_slice(&bytes)
}

fn named(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "Carta");
    dn.push(DnType::CommonName, cn);
    dn
}

/// Writes `bytes` to `path` atomically (a temporary file renamed over it); keys get mode 0600.
fn write_atomic(path: &Path, bytes: &[u8], secret: bool) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options.open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

impl Pki {
    /// Creates the CA and the server certificate for `hosts` (DNS names or IP addresses the
    /// clients reach the server by) in `dir`. Refuses a folder that already holds a CA.
    pub fn init(dir: &Path, hosts: &[String]) -> Result<Pki> {
        if hosts.is_empty() {
            return Err(Error::Config("init needs at least one --host".into()));
        }
        std::fs::create_dir_all(dir)?;
        if dir.join(CA_CERT).exists() {
            return Err(Error::Config(format!(
                "{} already holds a CA; use another folder",
                dir.display()
            )));
        }
        let ca_key = KeyPair::generate().map_err(|e| pki_error("CA key", e))?;
        let mut ca = CertificateParams::default();
        ca.distinguished_name = named("Carta pairing CA");
        ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        ca.not_before = now() - Duration::days(1);
        ca.not_after = now() + Duration::days(3650);
        ca.serial_number = Some(random_serial());
        let ca_cert = ca.self_signed(&ca_key).map_err(|e| pki_error("CA", e))?;

        let issuer = Issuer::new(ca, &ca_key);
        let server_key = KeyPair::generate().map_err(|e| pki_error("server key", e))?;
        let mut server =
            CertificateParams::new(hosts.to_vec()).map_err(|e| pki_error("server name", e))?;
        server.distinguished_name = named(&hosts[0]);
        server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        server.use_authority_key_identifier_extension = true;
        server.not_before = now() - Duration::days(1);
        server.not_after = now() + Duration::days(825);
        server.serial_number = Some(random_serial());
        let server_cert = server
            .signed_by(&server_key, &issuer)
            .map_err(|e| pki_error("server certificate", e))?;

        write_atomic(&dir.join(CA_KEY), ca_key.serialize_pem().as_bytes(), true)?;
        write_atomic(&dir.join(CA_CERT), ca_cert.pem().as_bytes(), false)?;
        write_atomic(
            &dir.join(SERVER_KEY),
            server_key.serialize_pem().as_bytes(),
            true,
        )?;
        write_atomic(&dir.join(SERVER_CERT), server_cert.pem().as_bytes(), false)?;
        let pki = Pki::open(dir)?;
        pki.update(true, |_| Ok(()))?;
        Ok(pki)
    }

    /// Opens a state folder made by [`Pki::init`].
    pub fn open(dir: &Path) -> Result<Pki> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name)).map_err(|_| {
                Error::Config(format!(
                    "{} has no {name}: run `carta-server init` first",
                    dir.display()
                ))
            })
        };
        let ca_pem = read(CA_CERT)?;
        let ca_key = KeyPair::from_pem(&read(CA_KEY)?).map_err(|e| pki_error("CA key", e))?;
        let issuer = Issuer::from_ca_cert_pem(&ca_pem, ca_key).map_err(|e| pki_error("CA", e))?;
        let ca_der =
            CertificateDer::from_pem_slice(ca_pem.as_bytes()).map_err(|e| pki_error("CA", e))?;
        Ok(Pki {
            dir: dir.to_owned(),
            ca_pem,
            ca_der,
            issuer,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The CA certificate, DER.
    pub fn ca_der(&self) -> &CertificateDer<'static> {
        &self.ca_der
    }

    /// The CA certificate, PEM.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// SHA-256 of the CA certificate (DER), hex: the `fp` of the pairing URI.
    pub fn ca_fingerprint(&self) -> String {
        sha256_hex(&self.ca_der)
    }

    /// The server's certificate chain (server, CA) and key.
    pub fn server_identity(
        &self,
    ) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)> {
        let pem = std::fs::read(self.dir.join(SERVER_CERT))?;
        let mut chain = CertificateDer::pem_slice_iter(&pem)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| pki_error("server certificate", e))?;
        chain.push(self.ca_der.clone());
        let key = PrivateKeyDer::from_pem_file(self.dir.join(SERVER_KEY))
            .map_err(|e| pki_error("server key", e))?;
        Ok((chain, key))
    }

    /// The certificate revocation list, DER.
    pub fn crl(&self) -> Result<CertificateRevocationListDer<'static>> {
        CertificateRevocationListDer::from_pem_file(self.dir.join(CRL))
            .map_err(|e| pki_error("revocation list", e))
    }

    /// When the revocation list was last written.
    pub fn crl_modified(&self) -> Result<SystemTime> {
        Ok(std::fs::metadata(self.dir.join(CRL))?.modified()?)
    }

    /// Runs `change` on the state under the lock, then writes the state, and a fresh
    /// revocation list when `revocations` (only they change it: a running server rebuilds its
    /// TLS configuration when the list is rewritten).
    fn update<T>(
        &self,
        revocations: bool,
        change: impl FnOnce(&mut State) -> Result<T>,
    ) -> Result<T> {
        let lock = File::create(self.dir.join(LOCK))?;
        lock.lock()?;
        let mut state: State = match std::fs::read(self.dir.join(STATE)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| pki_error("state.json", e))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => State::default(),
            Err(e) => return Err(e.into()),
        };
        let out = change(&mut state)?;
        let t = now().unix_timestamp();
        // Used and expired tokens are kept for a day, then forgotten.
        state.tokens.retain(|k| k.expires > t - 86_400);
        let crl = if revocations {
            state.crl_number += 1;
            Some(self.make_crl(&state)?)
        } else {
            None
        };
        let json = serde_json::to_vec_pretty(&state).map_err(|e| pki_error("state.json", e))?;
        write_atomic(&self.dir.join(STATE), &json, true)?;
        if let Some(crl) = crl {
            write_atomic(&self.dir.join(CRL), crl.as_bytes(), false)?;
        }
        Ok(out)
    }

    fn read_state(&self) -> Result<State> {
        let lock = File::create(self.dir.join(LOCK))?;
        lock.lock_shared()?;
        let bytes = std::fs::read(self.dir.join(STATE))?;
        serde_json::from_slice(&bytes).map_err(|e| pki_error("state.json", e))
    }

    fn make_crl(&self, state: &State) -> Result<String> {
        let revoked = state
            .clients
            .iter()
            .filter_map(|c| {
                let at = OffsetDateTime::from_unix_timestamp(c.revoked?).ok()?;
                let bytes = hex::decode(&c.serial).ok()?;
                Some(RevokedCertParams {
                    serial_number: SerialNumber::from_slice(&bytes),
                    revocation_time: at,
                    reason_code: Some(RevocationReason::Unspecified),
                    invalidity_date: None,
                })
            })
            .collect();
        let params = CertificateRevocationListParams {
            this_update: now() - Duration::minutes(5),
            next_update: now() + Duration::days(365),
            crl_number: SerialNumber::from(state.crl_number),
            issuing_distribution_point: None,
            revoked_certs: revoked,
            key_identifier_method: KeyIdMethod::Sha256,
        };
        let crl = params
            .signed_by(&self.issuer)
            .map_err(|e| pki_error("revocation list", e))?;
        crl.pem().map_err(|e| pki_error("revocation list", e))
    }

    /// A new one-time pairing token, valid for `ttl`. Only its hash is stored.
    pub fn issue_token(&self, ttl: std::time::Duration) -> Result<String> {
        let bytes: [u8; 16] = rand::random();
        let token = hex::encode(bytes);
        let expires = now()
            .unix_timestamp()
            .saturating_add(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX));
        let sha256 = sha256_hex(token.as_bytes());
        self.update(false, |s| {
            s.tokens.push(Token {
                sha256,
                expires,
                used: false,
            });
            Ok(())
        })?;
        Ok(token)
    }

    /// Whether some token is still unused and unexpired: the pairing window is open.
    pub fn pairing_open(&self) -> bool {
        let t = now().unix_timestamp();
        self.read_state()
            .is_ok_and(|s| s.tokens.iter().any(|k| !k.used && k.expires > t))
    }

    /// Redeems `token` for a client certificate valid for `validity`, signed from the
    /// certificate request `csr_pem` (PEM). The request is read first: one that does not parse
    /// is refused without looking at (or spending) the token.
    pub fn pair(
        &self,
        token: &str,
        csr_pem: &str,
        validity: std::time::Duration,
    ) -> Result<Issued> {
        let hash = sha256_hex(token.as_bytes());
        let t = now();
        let mut csr = CertificateSigningRequestParams::from_pem(csr_pem)
            .map_err(|_| Error::BadRequest("the certificate request does not parse".into()))?;
        if csr.public_key.algorithm() != &rcgen::PKCS_ECDSA_P256_SHA256
            && csr.public_key.algorithm() != &rcgen::PKCS_ED25519
        {
            return Err(Error::BadRequest(
                "the certificate request's key must be ECDSA P-256 or Ed25519".into(),
            ));
        }
        let cn = match csr.params.distinguished_name.get(&DnType::CommonName) {
            Some(rcgen::DnValue::Utf8String(s)) => s.clone(),
            Some(rcgen::DnValue::PrintableString(s)) => s.as_str().to_owned(),
            _ => String::new(),
        };
        let mut name: String = cn
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
            .take(64)
            .collect();
        if name.trim().is_empty() {
            name = "device".to_owned();
        }
        let serial = random_serial();
        let p = &mut csr.params;
        p.distinguished_name = named(&name);
        p.is_ca = IsCa::ExplicitNoCa;
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        p.subject_alt_names.clear();
        p.custom_extensions.clear();
        p.name_constraints = None;
        p.crl_distribution_points.clear();
        p.use_authority_key_identifier_extension = true;
        p.not_before = t - Duration::minutes(5);
        p.not_after = t + validity;
        p.serial_number = Some(serial.clone());
        // Checked and spent under one lock; a request that does not parse never gets here.
        self.update(false, |s| {
            let token = s
                .tokens
                .iter_mut()
                .find(|k| k.sha256 == hash)
                .ok_or(Error::Token("unknown token"))?;
            if token.used {
                return Err(Error::Token("token already used"));
            }
            if token.expires <= t.unix_timestamp() {
                return Err(Error::Token("token expired"));
            }
            token.used = true;
            let cert = csr
                .signed_by(&self.issuer)
                .map_err(|e| pki_error("client certificate", e))?;
            let client = Client {
                serial: hex::encode(serial.to_bytes()),
                name: name.clone(),
                fingerprint: sha256_hex(cert.der()),
                issued: t.unix_timestamp(),
                expires: (t + validity).unix_timestamp(),
                revoked: None,
            };
            s.clients.push(client.clone());
            Ok(Issued {
                certificate: cert.pem(),
                ca: self.ca_pem.clone(),
                client,
            })
        })
    }

    /// The client certificates issued, oldest first.
    pub fn clients(&self) -> Result<Vec<Client>> {
        Ok(self.read_state()?.clients)
    }

    /// Revokes the client certificate with this serial number (hex, as listed) and rewrites
    /// the revocation list; a running server refuses it from its next handshake on.
    pub fn revoke(&self, serial: &str) -> Result<Client> {
        let serial = serial.to_ascii_lowercase().replace(':', "");
        self.update(true, |s| {
            let client = s
                .clients
                .iter_mut()
                .find(|c| c.serial == serial)
                .ok_or_else(|| Error::Config("no client certificate has this serial".into()))?;
            client.revoked.get_or_insert(now().unix_timestamp());
            Ok(client.clone())
        })
    }
}
