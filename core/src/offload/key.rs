//! The device's private key behind a signer: in software, or in secure hardware that an app's
//! key store holds (Android Keystore, iOS Secure Enclave). The certificate request and the TLS
//! client signature both go through [`DeviceKey::sign`], so a hardware key never leaves its
//! hardware.

use std::sync::Arc;

use rustls::SignatureScheme;
use rustls::sign::{Signer, SigningKey};
use zeroize::Zeroizing;

use super::offload_error;
use crate::error::Result;

/// An ECDSA P-256 key that signs on the device's behalf.
pub trait DeviceKey: Send + Sync + std::fmt::Debug {
    /// The public key: the uncompressed P-256 point (65 bytes, `04 || X || Y`).
    fn public_key(&self) -> Vec<u8>;

    /// Signs `message` with ECDSA P-256 over SHA-256; the signature DER-encoded (ASN.1).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>>;
}

/// A P-256 key held in memory; its PKCS#8 form is kept in the key store.
pub struct SoftwareKey(rcgen::KeyPair);

impl std::fmt::Debug for SoftwareKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SoftwareKey")
    }
}

impl SoftwareKey {
    /// A new random key.
    pub fn generate() -> Result<SoftwareKey> {
        rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)
            .map(SoftwareKey)
            .map_err(|e| offload_error("key pair", e))
    }

    /// The key from its PKCS#8 PEM.
    pub fn from_pkcs8_pem(pem: &str) -> Result<SoftwareKey> {
        let key = rcgen::KeyPair::from_pem(pem)
            .map_err(|_| offload_error("stored key", "does not parse"))?;
        if key.algorithm() != &rcgen::PKCS_ECDSA_P256_SHA256 {
            return Err(offload_error("stored key", "not a P-256 key"));
        }
        Ok(SoftwareKey(key))
    }

    /// The PKCS#8 PEM, to store.
    pub fn pkcs8_pem(&self) -> Zeroizing<String> {
        Zeroizing::new(self.0.serialize_pem())
    }
}

impl DeviceKey for SoftwareKey {
    fn public_key(&self) -> Vec<u8> {
        self.0.public_key_raw().to_vec()
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        rcgen::SigningKey::sign(&self.0, message).map_err(|e| offload_error("signature", e))
    }
}

/// A [`DeviceKey`] as rcgen's signing key, for the certificate request.
pub(crate) struct CsrKey<'a> {
    key: &'a dyn DeviceKey,
    public: Vec<u8>,
}

impl<'a> CsrKey<'a> {
    pub(crate) fn new(key: &'a dyn DeviceKey) -> CsrKey<'a> {
        CsrKey {
            public: key.public_key(),
            key,
        }
    }
}

impl rcgen::PublicKeyData for CsrKey<'_> {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

impl rcgen::SigningKey for CsrKey<'_> {
    fn sign(&self, msg: &[u8]) -> std::result::Result<Vec<u8>, rcgen::Error> {
        self.key.sign(msg).map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

/// A [`DeviceKey`] as rustls's signing key, for the TLS client signature.
#[derive(Debug)]
pub(crate) struct TlsKey(pub(crate) Arc<dyn DeviceKey>);

impl SigningKey for TlsKey {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered
            .contains(&SignatureScheme::ECDSA_NISTP256_SHA256)
            .then(|| Box::new(TlsSigner(self.0.clone())) as Box<dyn Signer>)
    }

    fn algorithm(&self) -> rustls::SignatureAlgorithm {
        rustls::SignatureAlgorithm::ECDSA
    }
}

#[derive(Debug)]
struct TlsSigner(Arc<dyn DeviceKey>);

impl Signer for TlsSigner {
    fn sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, rustls::Error> {
        self.0
            .sign(message)
            .map_err(|_| rustls::Error::General("the device key did not sign".into()))
    }

    fn scheme(&self) -> SignatureScheme {
        SignatureScheme::ECDSA_NISTP256_SHA256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_software_key_survives_its_pem_and_signs_verifiably() {
        let key = SoftwareKey::generate().unwrap();
        let again = SoftwareKey::from_pkcs8_pem(&key.pkcs8_pem()).unwrap();
        assert_eq!(key.public_key(), again.public_key());
        assert_eq!(key.public_key().len(), 65);
        let signature = again.sign(b"message").unwrap();
        let provider = rustls::crypto::ring::default_provider();
        let (_, algorithms) = provider
            .signature_verification_algorithms
            .mapping
            .iter()
            .find(|(scheme, _)| *scheme == SignatureScheme::ECDSA_NISTP256_SHA256)
            .unwrap();
        let verify = |m: &[u8]| {
            algorithms
                .iter()
                .any(|a| a.verify_signature(&key.public_key(), m, &signature).is_ok())
        };
        assert!(verify(b"message"));
        assert!(!verify(b"other"));
        assert!(SoftwareKey::from_pkcs8_pem("not a key").is_err());
        assert!(!format!("{key:?}").contains("PRIVATE"));
    }
}
