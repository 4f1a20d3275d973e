//! The OCR model files: which set to load, where from, and their SHA-256 checked at load
//! against `models/manifest.json` (embedded at build time).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};

const MANIFEST: &str = include_str!("../../../models/manifest.json");

#[derive(Debug, Default, Deserialize)]
struct Manifest {
    files: BTreeMap<String, FileEntry>,
    sets: BTreeMap<String, SetEntry>,
    default_set: String,
    #[serde(default)]
    runtimes: BTreeMap<String, String>,
    #[serde(default)]
    llm: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct FileEntry {
    sha256: String,
}

#[derive(Debug, Deserialize)]
struct SetEntry {
    det: String,
    rec: String,
    dict: String,
    cls: String,
}

/// The manifest, parsed once. It is part of the source tree and a test below parses it; an
/// unparsable one would leave every set unknown, never crash.
fn manifest() -> &'static Manifest {
    static MANIFEST_PARSED: std::sync::OnceLock<Manifest> = std::sync::OnceLock::new();
    MANIFEST_PARSED.get_or_init(|| serde_json::from_str(MANIFEST).unwrap_or_default())
}

/// The name of the default model set.
pub fn default_set() -> String {
    manifest().default_set.clone()
}

/// Where model files are looked for: `CARTA_MODELS_DIR`, else `$XDG_CACHE_HOME/carta/models`,
/// else `$HOME/.cache/carta/models` (where `models/fetch` puts them).
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARTA_MODELS_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("carta").join("models")
}

/// The path of a runtime library from the manifest (`ort`: `libonnxruntime`) in `dir`, after
/// checking its SHA-256.
pub fn runtime_library(dir: &Path, runtime: &str) -> Result<PathBuf> {
    let m = manifest();
    let file = m.runtimes.get(runtime).ok_or_else(|| CoreError::Ocr {
        reason: format!("no {runtime} library in the manifest"),
    })?;
    read_verified(dir, file, m)?;
    Ok(dir.join(file))
}

/// The path of an LLM test model from the manifest (`tiny-gpt-oss`, `smollm2-135m`) in the
/// default models directory, after checking its SHA-256 (`models/fetch --llm NAME` puts it there).
pub fn llm_model_path(name: &str) -> Result<PathBuf> {
    let m = manifest();
    let file = m.llm.get(name).ok_or_else(|| CoreError::ModelMissing {
        file: name.to_owned(),
        dir: "models/manifest.json".to_owned(),
    })?;
    let dir = default_dir();
    read_verified(&dir, file, m)?;
    Ok(dir.join(file))
}

/// The verified bytes of one model set.
#[derive(Debug)]
pub struct ModelSet {
    /// Set name, e.g. `pp-ocrv5-mobile`.
    pub name: String,
    /// Text detection network (ONNX).
    pub det: Vec<u8>,
    /// Text recognition network (ONNX).
    pub rec: Vec<u8>,
    /// Text-line orientation classifier (ONNX).
    pub cls: Vec<u8>,
    /// The recognition alphabet, one entry per class after the CTC blank.
    pub alphabet: Vec<String>,
}

fn read_verified(dir: &Path, file: &str, m: &Manifest) -> Result<Vec<u8>> {
    let path = dir.join(file);
    let bytes = std::fs::read(&path).map_err(|_| CoreError::ModelMissing {
        file: file.to_string(),
        dir: dir.display().to_string(),
    })?;
    let expected = m.files.get(file).map(|f| f.sha256.as_str());
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    if expected != Some(hex.as_str()) {
        return Err(CoreError::ModelHashMismatch {
            file: file.to_string(),
        });
    }
    Ok(bytes)
}

impl ModelSet {
    /// The network files, indexed by [`super::Network`] (detection, recognition, orientation).
    pub fn networks(&self) -> [&[u8]; 3] {
        [&self.det, &self.rec, &self.cls]
    }

    /// Loads and verifies the set `name` from `dir`.
    pub fn load(dir: &Path, name: &str) -> Result<ModelSet> {
        let m = manifest();
        let set = m.sets.get(name).ok_or_else(|| CoreError::Ocr {
            reason: format!("unknown model set {name:?}"),
        })?;
        let dict = read_verified(dir, &set.dict, m)?;
        let mut alphabet: Vec<String> = String::from_utf8_lossy(&dict)
            .lines()
            .map(str::to_string)
            .collect();
        // PaddleOCR's recognisers end with a space class after the dictionary.
        alphabet.push(" ".to_string());
        Ok(ModelSet {
            name: name.to_string(),
            det: read_verified(dir, &set.det, m)?,
            rec: read_verified(dir, &set.rec, m)?,
            cls: read_verified(dir, &set.cls, m)?,
            alphabet,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_parses_and_names_every_file_of_every_set() {
        let m: Manifest = serde_json::from_str(MANIFEST).unwrap();
        assert!(m.sets.contains_key(&m.default_set));
        for set in m.sets.values() {
            for f in [&set.det, &set.rec, &set.dict, &set.cls] {
                let entry = &m.files[f];
                assert_eq!(entry.sha256.len(), 64);
            }
        }
    }

    #[test]
    fn missing_and_tampered_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("carta-models-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let name = default_set();
        assert!(matches!(
            ModelSet::load(&dir, &name),
            Err(CoreError::ModelMissing { .. })
        ));
        let m = manifest();
        std::fs::write(dir.join(&m.sets[&name].dict), b"tampered").unwrap();
        assert!(matches!(
            ModelSet::load(&dir, &name),
            Err(CoreError::ModelHashMismatch { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
