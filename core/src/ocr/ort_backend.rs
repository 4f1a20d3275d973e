//! The ONNX Runtime backend (feature `ocr-ort`): `libonnxruntime` is loaded at run time from
//! the models directory (fetched from the PyPI `onnxruntime` wheel by `models/fetch --runtime
//! ort`) or from `ORT_DYLIB_PATH`; nothing is downloaded at build time.

use std::path::Path;
use std::sync::{Mutex, OnceLock};

use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor as OrtTensor;

use super::{Backend, ModelSet, Network, Tensor};
use crate::error::{CoreError, Result};

fn fail(e: impl std::fmt::Display) -> CoreError {
    CoreError::Ocr {
        reason: format!("onnxruntime: {e}"),
    }
}

/// The process-wide ONNX Runtime environment (the library can be loaded once).
fn environment(lib: &Path) -> Result<&'static ort::environment::Environment> {
    static ENV: OnceLock<std::result::Result<ort::environment::Environment, String>> =
        OnceLock::new();
    ENV.get_or_init(|| {
        ort::init_from(lib)
            .map_err(|e| e.to_string())?
            .with_name("carta")
            .build()
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| CoreError::Ocr {
        reason: format!("cannot load onnxruntime from {}: {e}", lib.display()),
    })
}

/// PP-OCR networks run by ONNX Runtime.
#[derive(Debug)]
pub struct OrtBackend {
    sessions: [Mutex<Session>; 3],
}

impl OrtBackend {
    /// Loads the three networks of `set` with the runtime library `lib`.
    pub fn new(set: &ModelSet, lib: &Path, threads: usize) -> Result<Self> {
        let env = environment(lib)?;
        let session = |bytes: &[u8]| -> Result<Mutex<Session>> {
            Ok(Mutex::new(
                Session::builder(env)
                    .map_err(fail)?
                    .with_optimization_level(GraphOptimizationLevel::Level3)
                    .map_err(fail)?
                    .with_intra_threads(threads)
                    .map_err(fail)?
                    // Spinning worker threads burn a small device's cores between runs, and
                    // memory patterns only pay off for fixed shapes (line widths vary).
                    .with_intra_op_spinning(false)
                    .map_err(fail)?
                    .with_memory_pattern(false)
                    .map_err(fail)?
                    .commit_from_memory(bytes)
                    .map_err(fail)?,
            ))
        };
        let [det, rec, cls] = set.networks();
        Ok(OrtBackend {
            sessions: [session(det)?, session(rec)?, session(cls)?],
        })
    }
}

impl Backend for OrtBackend {
    fn runtime(&self) -> &'static str {
        "ort"
    }

    fn run(&self, network: Network, input: Tensor) -> Result<Tensor> {
        let shape: Vec<i64> = input.shape.iter().map(|&d| d as i64).collect();
        let value = OrtTensor::from_array((shape, input.data)).map_err(fail)?;
        let mut session = self.sessions[network as usize]
            .lock()
            .map_err(|_| fail("session lock poisoned"))?;
        let outputs = session.run(ort::inputs![value]).map_err(fail)?;
        let (shape, data) = outputs[0].try_extract_tensor::<f32>().map_err(fail)?;
        Ok(Tensor {
            shape: shape.iter().map(|&d| d as usize).collect(),
            data: data.to_vec(),
        })
    }
}
