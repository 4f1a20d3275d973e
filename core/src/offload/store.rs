//! Where a pairing is kept: the platform's key store, never a file.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::key::{DeviceKey, SoftwareKey};
use super::offload_error;
use crate::error::Result;
use crate::redact::Policy;
use crate::route::TargetKind;

/// Secure storage for the device's pairings: small secrets by account name, and optionally keys
/// that never leave secure hardware.
///
/// [`KeyringStore`] is the platform's store. On Android and iOS the app implements this trait
/// through the bindings (Android Keystore, iOS Keychain / Secure Enclave).
pub trait KeyStore: Send + Sync {
    /// The secret saved under `account`, `None` when there is none.
    fn load(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>>;

    /// Saves `secret` under `account`, replacing what was there.
    fn save(&self, account: &str, secret: &[u8]) -> Result<()>;

    /// Deletes the secret under `account`; whether there was one.
    fn delete(&self, account: &str) -> Result<bool>;

    /// Makes a new key pair in secure hardware under `alias` (replacing an older one), or
    /// `None` when this store holds no keys itself: the key is then made in software and its
    /// PKCS#8 form saved as part of the secret.
    fn create_key(&self, alias: &str) -> Result<Option<Arc<dyn DeviceKey>>> {
        let _ = alias;
        Ok(None)
    }

    /// The hardware key made by [`KeyStore::create_key`] under `alias`.
    fn key(&self, alias: &str) -> Result<Option<Arc<dyn DeviceKey>>> {
        let _ = alias;
        Ok(None)
    }

    /// Deletes the hardware key under `alias`.
    fn delete_key(&self, alias: &str) -> Result<()> {
        let _ = alias;
        Ok(())
    }
}

/// The platform's credential store through the `keyring-core` crates: Linux keyutils (the
/// session keyring, linked to the user's persistent keyring), the Apple Keychain, Android's
/// Keystore-encrypted preferences. Entries are `service = carta:PROFILE`, `user = edge|cloud`.
pub struct KeyringStore {
    store: Arc<keyring_core::CredentialStore>,
    service: String,
}

impl std::fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringStore")
            .field("store", &self.store.id())
            .field("service", &self.service)
            .finish()
    }
}

fn store_error(what: &str, e: &keyring_core::Error) -> crate::CoreError {
    // Only the kind: some keyring errors carry the secret's bytes.
    let kind = match e {
        keyring_core::Error::PlatformFailure(_) => "platform failure",
        keyring_core::Error::NoStorageAccess(_) => "no access to the store",
        keyring_core::Error::NoEntry => "no entry",
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
            "unreadable entry"
        }
        keyring_core::Error::TooLong(..) => "secret too long for the store",
        _ => "store error",
    };
    offload_error(what, kind)
}

impl KeyringStore {
    /// The platform's store for `profile` (a name that keeps several configurations apart).
    pub fn native(profile: &str) -> Result<KeyringStore> {
        Ok(KeyringStore::in_store(native_store()?, profile))
    }

    /// Another keyring-core store (e.g. `keyring_core::mock` in tests, or a store the app
    /// configured).
    pub fn in_store(store: Arc<keyring_core::CredentialStore>, profile: &str) -> KeyringStore {
        KeyringStore {
            store,
            service: format!("carta:{profile}"),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring_core::Entry> {
        keyring_core::Entry::new_in_store(&self.store, &self.service, account)
            .map_err(|e| store_error("key store entry", &e))
    }
}

#[cfg(all(target_os = "linux", not(target_os = "android")))]
fn native_store() -> Result<Arc<keyring_core::CredentialStore>> {
    // The store keeps entries in the session keyring, linked to the user's persistent keyring.
    // A process started without a login session (a service, a container, CI) has no session
    // keyring of its own: give it one, so that the persistent keyring is linked into it and
    // entries saved by one process are found by the next.
    linux_keyutils::KeyRing::from_special_id(linux_keyutils::KeyRingIdentifier::Session, true)
        .map_err(|_| offload_error("Linux keyutils", "no session keyring"))?;
    let store = linux_keyutils_keyring_store::Store::new()
        .map_err(|e| store_error("Linux keyutils", &e))?;
    Ok(store)
}

#[cfg(target_os = "android")]
fn native_store() -> Result<Arc<keyring_core::CredentialStore>> {
    let store = android_native_keyring_store::by_store::store::Store::new()
        .map_err(|e| store_error("Android key store", &e))?;
    Ok(store)
}

#[cfg(target_vendor = "apple")]
fn native_store() -> Result<Arc<keyring_core::CredentialStore>> {
    let store = apple_native_keyring_store::protected::Store::new()
        .map_err(|e| store_error("Apple Keychain", &e))?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn native_store() -> Result<Arc<keyring_core::CredentialStore>> {
    Err(offload_error(
        "key store",
        "this platform has no native store; pass one to KeyringStore::in_store",
    ))
}

impl KeyStore for KeyringStore {
    fn load(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
        match self.entry(account)?.get_secret() {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(store_error("key store read", &e)),
        }
    }

    fn save(&self, account: &str, secret: &[u8]) -> Result<()> {
        self.entry(account)?
            .set_secret(secret)
            .map_err(|e| store_error("key store write", &e))
    }

    fn delete(&self, account: &str) -> Result<bool> {
        match self.entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(store_error("key store delete", &e)),
        }
    }
}

/// Where a pairing's private key is.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StoredKey {
    /// In this record (the record lives in the key store).
    Software {
        /// PKCS#8 PEM.
        pkcs8_pem: Zeroizing<String>,
    },
    /// In the key store's secure hardware.
    Hardware {
        /// The key's alias in the store.
        alias: String,
    },
}

/// A pairing as the key store keeps it (one secret per target).
#[derive(Serialize, Deserialize)]
pub(crate) struct Pairing {
    pub(crate) target: TargetKind,
    /// The API listener, `HOST:PORT`.
    pub(crate) api: String,
    pub(crate) ca_pem: String,
    pub(crate) certificate_pem: String,
    pub(crate) key: StoredKey,
    pub(crate) max_policy: Policy,
    pub(crate) serial: String,
    pub(crate) expires: i64,
}

impl Drop for Pairing {
    fn drop(&mut self) {
        if let StoredKey::Software { pkcs8_pem } = &mut self.key {
            pkcs8_pem.zeroize();
        }
    }
}

/// What a pairing is, without its secrets: what `carta pair` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paired {
    /// Edge or cloud.
    pub target: TargetKind,
    /// The API listener, `HOST:PORT`.
    pub api: String,
    /// SHA-256 of the pinned CA certificate, hex.
    pub ca_fingerprint: String,
    /// The device certificate's serial number, hex.
    pub serial: String,
    /// When the device certificate expires (Unix seconds).
    pub expires: i64,
    /// The most text this server may receive.
    pub max_policy: Policy,
    /// Whether the private key is in secure hardware (else in the key store's secret).
    pub hardware_key: bool,
}

impl Pairing {
    pub(crate) fn save(&self, store: &dyn KeyStore) -> Result<()> {
        let json = Zeroizing::new(
            serde_json::to_vec(self).map_err(|e| offload_error("pairing record", e))?,
        );
        store.save(self.target.name(), &json)
    }

    /// The pairing saved for `target`, `None` when the device is not paired with one.
    pub(crate) fn load(store: &dyn KeyStore, target: TargetKind) -> Result<Option<Pairing>> {
        let Some(secret) = store.load(target.name())? else {
            return Ok(None);
        };
        serde_json::from_slice(&secret)
            .map(Some)
            .map_err(|_| offload_error("pairing record", "unreadable"))
    }

    /// The pairing's signing key.
    pub(crate) fn device_key(&self, store: &dyn KeyStore) -> Result<Arc<dyn DeviceKey>> {
        match &self.key {
            StoredKey::Software { pkcs8_pem } => {
                Ok(Arc::new(SoftwareKey::from_pkcs8_pem(pkcs8_pem)?))
            }
            StoredKey::Hardware { alias } => store
                .key(alias)?
                .ok_or_else(|| offload_error("device key", "missing from the key store")),
        }
    }

    pub(crate) fn summary(&self) -> Paired {
        let fingerprint = rustls::pki_types::CertificateDer::from_pem_slice(self.ca_pem.as_bytes())
            .map(|der| format!("{:x}", Sha256::digest(&der)))
            .unwrap_or_default();
        Paired {
            target: self.target,
            api: self.api.clone(),
            ca_fingerprint: fingerprint,
            serial: self.serial.clone(),
            expires: self.expires,
            max_policy: self.max_policy,
            hardware_key: matches!(self.key, StoredKey::Hardware { .. }),
        }
    }
}

/// Forgets the pairing with `target`: deletes the record (with a software key) and a hardware
/// key from `store`. Returns what was forgotten, `None` when the device was not paired.
pub fn unpair(store: &dyn KeyStore, target: TargetKind) -> Result<Option<Paired>> {
    let Some(pairing) = Pairing::load(store, target)? else {
        return Ok(None);
    };
    if let StoredKey::Hardware { alias } = &pairing.key {
        store.delete_key(alias)?;
    }
    store.delete(target.name())?;
    Ok(Some(pairing.summary()))
}

/// The pairing saved for `target`, without its secrets.
pub fn paired(store: &dyn KeyStore, target: TargetKind) -> Result<Option<Paired>> {
    Ok(Pairing::load(store, target)?.map(|p| p.summary()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyring_errors_never_carry_the_secret() {
        let e = store_error(
            "read",
            &keyring_core::Error::BadEncoding(b"SECRETKEY".to_vec()),
        );
        assert!(!e.to_string().contains("SECRETKEY"), "{e}");
        assert!(!format!("{e:?}").contains("83, 69, 67"), "{e:?}");
    }

    #[test]
    fn the_mock_keyring_store_round_trips_and_deletes() {
        let store = KeyringStore::in_store(keyring_core::mock::Store::new().unwrap(), "test");
        assert!(store.load("edge").unwrap().is_none());
        store.save("edge", b"record").unwrap();
        assert_eq!(store.load("edge").unwrap().unwrap().as_slice(), b"record");
        assert!(store.delete("edge").unwrap());
        assert!(!store.delete("edge").unwrap());
        assert!(store.load("edge").unwrap().is_none());
    }
}
