//! Carta's thin FFI layer: the uniffi exports that the Kotlin, Swift and Python bindings are
//! generated from (`scripts/bindings`). Everything here converts types and forwards to
//! `carta-core`; the SDK's behaviour lives there.
//!
//! - [`CartaSdk`]: one per app; loads the OCR models once, keeps the offload router (and its
//!   circuit breakers) across scans.
//! - [`KeyStoreCallback`]: the app's key store (Android Keystore, iOS Keychain / Secure
//!   Enclave), with a signer so that a hardware key never leaves its hardware.
//! - [`ScanObserver`] and [`CancelToken`]: progress and cancellation.
//! - [`CartaError`]: the one error type; its messages describe the input's shape, never its
//!   content.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use carta_core::ocr::{self, OcrEngine, OcrSettings, Runtime, models};
use carta_core::offload::{self, DeviceKey, KeyStore, KeyringStore, PairOptions, PairingUri};
use carta_core::redact::Policy;
use carta_core::route::{OffloadMode, Router, TargetKind};
use carta_core::schema::KeyStyle;
use carta_core::{CoreError, Engines, ScanOptions};

uniffi::setup_scaffolding!("carta");

/// The error the apps see. Variants say what went wrong; messages never hold a field value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum CartaError {
    /// The input is empty, too large, corrupt, of the wrong format, or not in the expected shape.
    #[error("invalid input: {reason}")]
    InvalidInput {
        /// Shape-only description (sizes, positions, formats), safe to log.
        reason: String,
    },
    /// The OCR models are missing or do not match their SHA-256 (`models/fetch`).
    #[error("models: {reason}")]
    Models {
        /// What is missing.
        reason: String,
    },
    /// Pairing, the key store or a server failed.
    #[error("offload: {reason}")]
    Offload {
        /// Connection, TLS, HTTP status or key-store failure, without secrets.
        reason: String,
    },
    /// The scan was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// Anything else (a bug): the message holds no input.
    #[error("internal error: {reason}")]
    Internal {
        /// What failed.
        reason: String,
    },
}

impl From<CoreError> for CartaError {
    fn from(e: CoreError) -> Self {
        let reason = e.to_string();
        match e {
            CoreError::Cancelled => CartaError::Cancelled,
            CoreError::ModelMissing { .. } | CoreError::ModelHashMismatch { .. } => {
                CartaError::Models { reason }
            }
            CoreError::Offload { .. } | CoreError::InvalidPairingUri { .. } => {
                CartaError::Offload { reason }
            }
            e if e.is_bad_input() => CartaError::InvalidInput { reason },
            _ => CartaError::Internal { reason },
        }
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for CartaError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        CartaError::Offload {
            reason: format!("key store callback failed: {}", e.reason),
        }
    }
}

/// Where a model may complete the on-device reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Offload {
    /// On-device rules only (the default).
    Off,
    /// The edge box, then the cloud, whichever is paired.
    Auto,
    /// The paired edge box only.
    Edge,
    /// The private cloud only.
    Cloud,
}

impl From<Offload> for OffloadMode {
    fn from(o: Offload) -> Self {
        match o {
            Offload::Off => OffloadMode::Off,
            Offload::Auto => OffloadMode::Auto,
            Offload::Edge => OffloadMode::Edge,
            Offload::Cloud => OffloadMode::Cloud,
        }
    }
}

/// How much of the OCR text may leave the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Privacy {
    /// Nothing leaves.
    LocalOnly,
    /// Only the lines of the fields the device could not read.
    Minimal,
    /// Personal data replaced by placeholders (the default).
    Pseudonymise,
    /// The full text (an edge box the organisation owns).
    Trusted,
}

impl From<Privacy> for Policy {
    fn from(p: Privacy) -> Self {
        match p {
            Privacy::LocalOnly => Policy::LocalOnly,
            Privacy::Minimal => Policy::Minimal,
            Privacy::Pseudonymise => Policy::Pseudonymise,
            Privacy::Trusted => Policy::Trusted,
        }
    }
}

/// A paired server's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Target {
    /// An edge box on the local network.
    Edge,
    /// The organisation's private cloud.
    Cloud,
}

impl From<Target> for TargetKind {
    fn from(t: Target) -> Self {
        match t {
            Target::Edge => TargetKind::Edge,
            Target::Cloud => TargetKind::Cloud,
        }
    }
}

/// The SDK's settings.
#[derive(Debug, Clone, uniffi::Record)]
pub struct SdkConfig {
    /// Folder of the OCR models; `None`: `$CARTA_MODELS_DIR`, else `~/.cache/carta/models`.
    #[uniffi(default = None)]
    pub models_dir: Option<String>,
    /// Model set of the manifest; `None`: the default set.
    #[uniffi(default = None)]
    pub model_set: Option<String>,
    /// Key-store profile (pairings are kept per profile).
    #[uniffi(default = "default")]
    pub profile: String,
    /// Where a model may complete the reading (`Offload.OFF` for on-device rules only).
    pub offload: Offload,
    /// The most text that may leave the device (`Privacy.PSEUDONYMISE` is the usual choice).
    pub privacy: Privacy,
    /// Deadline of the edge box per scan, in milliseconds.
    #[uniffi(default = 8000)]
    pub edge_deadline_ms: u64,
    /// Deadline of the cloud per scan, in milliseconds.
    #[uniffi(default = 15000)]
    pub cloud_deadline_ms: u64,
}

/// One field of a result.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ScannedField {
    /// Canonical key (`surname`, `birth_date`, …).
    pub name: String,
    /// The value (dates ISO 8601).
    pub value: String,
    /// In [0, 1].
    pub confidence: f64,
    /// `mrz`, `viz`, `barcode` or `llm`.
    pub source: String,
    /// The validators it passed.
    pub checks: Vec<String>,
}

/// A problem found while reading; names the field, never the value.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScanIssue {
    /// `info`, `warning` or `error`.
    pub severity: String,
    /// `document_expired`, `mrz_viz_mismatch`, …
    pub code: String,
    /// The field concerned.
    pub field: Option<String>,
}

/// What left the device in one call.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EgressReceipt {
    /// `HOST:PORT`.
    pub destination: String,
    /// The policy the payload was made under.
    pub policy: String,
    /// Payload size in bytes.
    pub bytes: u64,
    /// SHA-256 of the payload, hex.
    pub sha256: String,
    /// Kinds of the placeholders sent.
    pub placeholder_kinds: Vec<String>,
}

/// The result of reading one document.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ScanResult {
    /// `id_card`, `passport`, `driving_licence`, …
    pub document_type: String,
    /// One value per field, in canonical order.
    pub fields: Vec<ScannedField>,
    /// Problems found.
    pub issues: Vec<ScanIssue>,
    /// The remote target that answered (`edge:HOST:PORT`), if any.
    pub offload: Option<String>,
    /// What left the device.
    pub egress: Vec<EgressReceipt>,
    /// The whole result as the output contract's JSON (DESIGN.md §3), as `carta scan --json`.
    pub json: String,
}

fn text_of(value: &serde_json::Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

impl From<carta_core::ScanResult> for ScanResult {
    fn from(r: carta_core::ScanResult) -> Self {
        let json = r.to_json(KeyStyle::Canonical);
        let fields = r
            .fields
            .iter()
            .map(|(name, f)| ScannedField {
                name: name.key().to_owned(),
                value: f.value.clone(),
                confidence: f64::from(f.confidence),
                source: text_of(&serde_json::to_value(f.source).unwrap_or_default()),
                checks: f.checks.iter().map(|c| (*c).to_owned()).collect(),
            })
            .collect();
        let issues = json["issues"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| ScanIssue {
                severity: text_of(&i["severity"]),
                code: text_of(&i["code"]),
                field: i["field"].as_str().map(str::to_owned),
            })
            .collect();
        let egress = r
            .egress
            .iter()
            .flatten()
            .map(|e| EgressReceipt {
                destination: e.destination.clone(),
                policy: text_of(&serde_json::to_value(e.policy).unwrap_or_default()),
                bytes: e.bytes as u64,
                sha256: e.sha256.clone(),
                placeholder_kinds: e
                    .placeholder_kinds
                    .iter()
                    .map(|k| text_of(&serde_json::to_value(k).unwrap_or_default()))
                    .collect(),
            })
            .collect();
        ScanResult {
            document_type: text_of(&json["document_type"]),
            fields,
            issues,
            offload: r.provenance.offload.clone(),
            egress,
            json: json.to_string(),
        }
    }
}

/// Pixel layout of a camera frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FrameFormat {
    /// 8-bit R, G, B, A.
    Rgba,
    /// 8-bit B, G, R, A (iOS `kCVPixelFormatType_32BGRA`).
    Bgra,
    /// Y plane, then V/U (Android camera default).
    Nv21,
    /// Y plane, then U/V.
    Nv12,
}

/// A raw camera frame.
#[derive(Debug, Clone, uniffi::Record)]
pub struct CameraFrame {
    /// Pixel data.
    pub data: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Bytes per row of the first plane.
    pub stride: u32,
    /// Pixel layout.
    pub format: FrameFormat,
}

/// A stage of a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ScanStage {
    /// The image is decoded.
    Decoded,
    /// The OCR has read the text.
    TextRead,
    /// The on-device reading is done.
    Parsed,
    /// A server (or the local model) is being asked.
    Offloading,
    /// The result is ready.
    Done,
}

/// Told of each stage of a scan (on the scanning thread).
#[uniffi::export(foreign)]
pub trait ScanObserver: Send + Sync {
    /// The scan has reached `stage`.
    fn on_stage(&self, stage: ScanStage);
}

struct Observer(Arc<dyn ScanObserver>);

impl std::fmt::Debug for Observer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Observer")
    }
}

impl carta_core::Progress for Observer {
    fn stage(&self, stage: carta_core::Stage) {
        self.0.on_stage(match stage {
            carta_core::Stage::Decoded => ScanStage::Decoded,
            carta_core::Stage::TextRead => ScanStage::TextRead,
            carta_core::Stage::Parsed => ScanStage::Parsed,
            carta_core::Stage::Offloading(_) => ScanStage::Offloading,
            carta_core::Stage::Done => ScanStage::Done,
        });
    }
}

/// Cancels the scans it is given to: before the OCR they fail with `Cancelled`; during offload
/// they return the on-device reading at once.
#[derive(Debug, Default, uniffi::Object)]
pub struct CancelToken(Arc<AtomicBool>);

#[uniffi::export]
impl CancelToken {
    /// A token not yet cancelled.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CancelToken::default())
    }

    /// Cancels.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The app's key store (Android Keystore, iOS Keychain / Secure Enclave). Secrets are small
/// records by account name; a store with secure hardware also makes P-256 keys that never
/// leave it and signs with them.
#[uniffi::export(foreign)]
pub trait KeyStoreCallback: Send + Sync {
    /// The secret saved under `account`, `None` when there is none.
    fn load(&self, account: String) -> Result<Option<Vec<u8>>, CartaError>;
    /// Saves `secret` under `account`, replacing what was there.
    fn save(&self, account: String, secret: Vec<u8>) -> Result<(), CartaError>;
    /// Deletes the secret under `account`; whether there was one.
    fn delete(&self, account: String) -> Result<bool, CartaError>;
    /// Makes a P-256 key in secure hardware under `alias` and returns its public key (the
    /// uncompressed point, 65 bytes); `None` when the store has no such hardware (the SDK then
    /// makes the key in software and keeps it in the secret).
    fn create_key(&self, alias: String) -> Result<Option<Vec<u8>>, CartaError>;
    /// The public key of the hardware key `alias`, `None` when there is none.
    fn public_key(&self, alias: String) -> Result<Option<Vec<u8>>, CartaError>;
    /// Signs `message` with the hardware key `alias`: ECDSA P-256 with SHA-256, DER-encoded.
    fn sign(&self, alias: String, message: Vec<u8>) -> Result<Vec<u8>, CartaError>;
    /// Deletes the hardware key `alias`.
    fn delete_key(&self, alias: String) -> Result<(), CartaError>;
}

fn store_error(e: CartaError) -> CoreError {
    CoreError::Offload {
        reason: e.to_string(),
    }
}

/// The app's key store as the core's.
struct AppKeyStore(Arc<dyn KeyStoreCallback>);

/// A key held by the app's secure hardware.
struct HardwareKey {
    store: Arc<dyn KeyStoreCallback>,
    alias: String,
    public: Vec<u8>,
}

impl std::fmt::Debug for HardwareKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HardwareKey")
            .field("alias", &self.alias)
            .finish()
    }
}

impl DeviceKey for HardwareKey {
    fn public_key(&self) -> Vec<u8> {
        self.public.clone()
    }

    fn sign(&self, message: &[u8]) -> carta_core::Result<Vec<u8>> {
        self.store
            .sign(self.alias.clone(), message.to_vec())
            .map_err(store_error)
    }
}

impl AppKeyStore {
    fn hardware(&self, alias: &str, public: Option<Vec<u8>>) -> Option<Arc<dyn DeviceKey>> {
        public.map(|public| {
            Arc::new(HardwareKey {
                store: self.0.clone(),
                alias: alias.to_owned(),
                public,
            }) as Arc<dyn DeviceKey>
        })
    }
}

impl KeyStore for AppKeyStore {
    fn load(&self, account: &str) -> carta_core::Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        self.0
            .load(account.to_owned())
            .map(|s| s.map(zeroize::Zeroizing::new))
            .map_err(store_error)
    }

    fn save(&self, account: &str, secret: &[u8]) -> carta_core::Result<()> {
        self.0
            .save(account.to_owned(), secret.to_vec())
            .map_err(store_error)
    }

    fn delete(&self, account: &str) -> carta_core::Result<bool> {
        self.0.delete(account.to_owned()).map_err(store_error)
    }

    fn create_key(&self, alias: &str) -> carta_core::Result<Option<Arc<dyn DeviceKey>>> {
        let public = self.0.create_key(alias.to_owned()).map_err(store_error)?;
        Ok(self.hardware(alias, public))
    }

    fn key(&self, alias: &str) -> carta_core::Result<Option<Arc<dyn DeviceKey>>> {
        let public = self.0.public_key(alias.to_owned()).map_err(store_error)?;
        Ok(self.hardware(alias, public))
    }

    fn delete_key(&self, alias: &str) -> carta_core::Result<()> {
        self.0.delete_key(alias.to_owned()).map_err(store_error)
    }
}

/// A pairing, without its secrets.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Pairing {
    /// Edge or cloud.
    pub target: Target,
    /// The API listener, `HOST:PORT`.
    pub api: String,
    /// SHA-256 of the pinned CA certificate, hex.
    pub ca_fingerprint: String,
    /// The device certificate's serial number, hex.
    pub serial: String,
    /// When the device certificate expires (Unix seconds).
    pub expires: i64,
    /// Whether the private key is in secure hardware.
    pub hardware_key: bool,
}

impl From<offload::Paired> for Pairing {
    fn from(p: offload::Paired) -> Self {
        Pairing {
            target: match p.target {
                TargetKind::Cloud => Target::Cloud,
                _ => Target::Edge,
            },
            api: p.api,
            ca_fingerprint: p.ca_fingerprint,
            serial: p.serial,
            expires: p.expires,
            hardware_key: p.hardware_key,
        }
    }
}

/// The SDK: create one per app and reuse it (it loads the OCR models on the first image scan
/// and keeps the offload targets' health across scans).
#[derive(uniffi::Object)]
pub struct CartaSdk {
    config: SdkConfig,
    /// The offload settings in force (`config`'s until `set_offload`).
    offload: Mutex<(Offload, Privacy)>,
    store: Arc<dyn KeyStore>,
    ocr: OnceLock<Box<dyn OcrEngine>>,
    router: Mutex<Option<Arc<Router>>>,
}

impl std::fmt::Debug for CartaSdk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CartaSdk")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl CartaSdk {
    fn ocr(&self) -> Result<&dyn OcrEngine, CartaError> {
        if let Some(engine) = self.ocr.get() {
            return Ok(engine.as_ref());
        }
        let dir = self
            .config
            .models_dir
            .clone()
            .map_or_else(models::default_dir, std::path::PathBuf::from);
        let set = self
            .config
            .model_set
            .clone()
            .unwrap_or_else(models::default_set);
        let engine = ocr::load_engine(&dir, &set, Runtime::Rten, OcrSettings::default())?;
        Ok(self.ocr.get_or_init(|| engine).as_ref())
    }

    /// The router over the paired servers (built on first use and after pairing changes).
    fn router(&self) -> Result<Option<Arc<Router>>, CartaError> {
        if self.settings().0 == Offload::Off {
            return Ok(None);
        }
        let mut slot = self.router.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            let targets = offload::paired_targets(
                self.store.as_ref(),
                Duration::from_millis(self.config.edge_deadline_ms),
                Duration::from_millis(self.config.cloud_deadline_ms),
            )?;
            *slot = Some(Arc::new(Router::new(targets)));
        }
        Ok(slot.clone())
    }

    fn settings(&self) -> (Offload, Privacy) {
        *self.offload.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `scan` with the OCR engine and the router.
    fn with_engines<T>(
        &self,
        scan: impl FnOnce(Engines<'_>) -> carta_core::Result<T>,
    ) -> Result<T, CartaError> {
        let router = self.router()?;
        let engines = Engines {
            ocr: self.ocr()?,
            router: router.as_deref(),
        };
        Ok(scan(engines)?)
    }

    fn options(
        &self,
        cancel: Option<Arc<CancelToken>>,
        observer: Option<Arc<dyn ScanObserver>>,
    ) -> ScanOptions {
        let (offload, privacy) = self.settings();
        ScanOptions {
            offload: offload.into(),
            policy: privacy.into(),
            cancel: cancel.map(|c| c.0.clone()),
            progress: observer.map(|o| Arc::new(Observer(o)) as Arc<dyn carta_core::Progress>),
            ..ScanOptions::default()
        }
    }
}

#[uniffi::export]
impl CartaSdk {
    /// The SDK with `config`; `key_store` is the app's key store (on Android and iOS), `None`
    /// for the platform's own (Linux keyutils, Apple Keychain).
    #[uniffi::constructor]
    pub fn new(
        config: SdkConfig,
        key_store: Option<Arc<dyn KeyStoreCallback>>,
    ) -> Result<Arc<Self>, CartaError> {
        let store: Arc<dyn KeyStore> = match key_store {
            Some(app) => Arc::new(AppKeyStore(app)),
            None => Arc::new(KeyringStore::native(&config.profile)?),
        };
        Ok(Arc::new(CartaSdk {
            offload: Mutex::new((config.offload, config.privacy)),
            config,
            store,
            ocr: OnceLock::new(),
            router: Mutex::new(None),
        }))
    }

    /// Scans a photo (JPEG, PNG, WebP) or the first page of a scanned PDF (all pages:
    /// [`CartaSdk::scan_pages`]).
    pub fn scan(
        &self,
        image: Vec<u8>,
        cancel: Option<Arc<CancelToken>>,
        observer: Option<Arc<dyn ScanObserver>>,
    ) -> Result<ScanResult, CartaError> {
        self.scan_pages(image, cancel, observer)?
            .into_iter()
            .next()
            .ok_or_else(|| CartaError::InvalidInput {
                reason: "the document has no page".into(),
            })
    }

    /// Scans a document file: one result for a photo, one per page for a PDF (its text layer
    /// when it has one, else the page's scan).
    pub fn scan_pages(
        &self,
        document: Vec<u8>,
        cancel: Option<Arc<CancelToken>>,
        observer: Option<Arc<dyn ScanObserver>>,
    ) -> Result<Vec<ScanResult>, CartaError> {
        let opts = self.options(cancel, observer);
        let results =
            self.with_engines(|engines| carta_core::scan_document(&document, engines, &opts))?;
        Ok(results.into_iter().map(ScanResult::from).collect())
    }

    /// Scans a raw camera frame.
    pub fn scan_frame(
        &self,
        frame: CameraFrame,
        cancel: Option<Arc<CancelToken>>,
        observer: Option<Arc<dyn ScanObserver>>,
    ) -> Result<ScanResult, CartaError> {
        let format = match frame.format {
            FrameFormat::Rgba => carta_core::image::FrameFormat::Rgba,
            FrameFormat::Bgra => carta_core::image::FrameFormat::Bgra,
            FrameFormat::Nv21 => carta_core::image::FrameFormat::Nv21,
            FrameFormat::Nv12 => carta_core::image::FrameFormat::Nv12,
        };
        let core_frame = carta_core::image::Frame {
            data: &frame.data,
            width: frame.width,
            height: frame.height,
            stride: frame.stride,
            format,
        };
        let opts = self.options(cancel, observer);
        Ok(self
            .with_engines(|engines| carta_core::scan_frame(&core_frame, engines, &opts))?
            .into())
    }

    /// Reads a document's OCR text (plain lines or an OCR page JSON).
    pub fn scan_text(
        &self,
        text: String,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<ScanResult, CartaError> {
        let router = self.router()?;
        let opts = self.options(cancel, None);
        Ok(carta_core::scan_text(text.as_bytes(), router.as_deref(), &opts)?.into())
    }

    /// Asks the offload targets for an answer of a JSON Schema (`schema_json`, an object schema)
    /// on a document's text, redacted under the configured privacy and rehydrated on the device.
    /// Returns the answer's JSON; `None` when no target answered (or offload is off).
    pub fn extract(&self, text: String, schema_json: String) -> Result<Option<String>, CartaError> {
        let schema = carta_core::extract::Schema::parse(&schema_json)?;
        let router = self.router()?;
        let opts = ScanOptions {
            schema: Some(Arc::new(schema)),
            ..self.options(None, None)
        };
        let result = carta_core::scan_text(text.as_bytes(), router.as_deref(), &opts)?;
        Ok(result.answer.map(|a| a.to_string()))
    }

    /// Pairs with an edge box (or enrols with the cloud) from its pairing URI; the key is made
    /// and kept by the key store.
    pub fn pair(
        &self,
        uri: String,
        target: Target,
        device_name: String,
    ) -> Result<Pairing, CartaError> {
        let uri: PairingUri = uri.parse()?;
        let paired = offload::pair(
            &uri,
            self.store.as_ref(),
            &PairOptions {
                target: target.into(),
                device_name,
                max_policy: None,
                timeout: Duration::from_secs(20),
            },
        )?;
        *self.router.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(paired.into())
    }

    /// Forgets the pairing with `target` (key, certificate, CA); whether there was one.
    pub fn unpair(&self, target: Target) -> Result<bool, CartaError> {
        let removed = offload::unpair(self.store.as_ref(), target.into())?.is_some();
        *self.router.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(removed)
    }

    /// Changes where a model may complete the reading and how much text may leave, for the
    /// scans that start from now on.
    pub fn set_offload(&self, offload: Offload, privacy: Privacy) {
        *self.offload.lock().unwrap_or_else(|e| e.into_inner()) = (offload, privacy);
        *self.router.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The pairing with `target`, if any.
    pub fn paired(&self, target: Target) -> Result<Option<Pairing>, CartaError> {
        Ok(offload::paired(self.store.as_ref(), target.into())?.map(Pairing::from))
    }
}

/// Runs `work` on its own thread and awaits it: the async variants never block the caller's
/// executor.
async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CartaError> + Send + 'static,
) -> Result<T, CartaError> {
    let (tx, rx) = futures_channel::oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.await.unwrap_or_else(|_| {
        Err(CartaError::Internal {
            reason: "the scan thread ended without a result".into(),
        })
    })
}

#[uniffi::export]
impl CartaSdk {
    /// [`CartaSdk::scan`] on a thread of its own (Kotlin `suspend`, Swift `async`, Python
    /// `async def`).
    pub async fn scan_async(
        self: Arc<Self>,
        image: Vec<u8>,
        cancel: Option<Arc<CancelToken>>,
        observer: Option<Arc<dyn ScanObserver>>,
    ) -> Result<ScanResult, CartaError> {
        off_thread(move || self.scan(image, cancel, observer)).await
    }

    /// [`CartaSdk::scan_frame`] on a thread of its own.
    pub async fn scan_frame_async(
        self: Arc<Self>,
        frame: CameraFrame,
        cancel: Option<Arc<CancelToken>>,
        observer: Option<Arc<dyn ScanObserver>>,
    ) -> Result<ScanResult, CartaError> {
        off_thread(move || self.scan_frame(frame, cancel, observer)).await
    }

    /// [`CartaSdk::scan_text`] on a thread of its own.
    pub async fn scan_text_async(
        self: Arc<Self>,
        text: String,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<ScanResult, CartaError> {
        off_thread(move || self.scan_text(text, cancel)).await
    }
}

/// The SDK's version.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sdk() -> Arc<CartaSdk> {
        CartaSdk::new(
            SdkConfig {
                models_dir: None,
                model_set: None,
                profile: "unit".into(),
                offload: Offload::Off,
                privacy: Privacy::Pseudonymise,
                edge_deadline_ms: 8000,
                cloud_deadline_ms: 15000,
            },
            None,
        )
        .expect("sdk")
    }

    #[test]
    fn scans_text_and_maps_errors_without_content() {
        let result = sdk()
            .scan_text(
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
                    .into(),
                None,
            )
            .expect("a valid MRZ parses");
        assert_eq!(result.document_type, "passport");
        assert!(
            result
                .fields
                .iter()
                .any(|f| f.name == "surname" && f.value == "ERIKSSON")
        );
        assert!(result.json.contains("\"document_type\":\"passport\""));
        let err = sdk()
            .scan_text("{\"lines\": \"ERIKSSON\"}".into(), None)
            .expect_err("not an OCR page");
        assert!(matches!(err, CartaError::InvalidInput { .. }));
        assert!(!err.to_string().contains("ERIKSSON"));
    }

    #[test]
    fn a_cancelled_token_stops_a_scan() {
        let token = CancelToken::new();
        assert!(!token.is_cancelled());
        token.cancel();
        let err = sdk()
            .scan_text("Cognome: ROSSI".into(), Some(token))
            .expect_err("cancelled");
        assert_eq!(err, CartaError::Cancelled);
    }
}
