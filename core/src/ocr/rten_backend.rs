//! The rten backend: pure Rust, loads the ONNX files directly.

use rten::Model;
use rten_tensor::Tensor as RTensor;
use rten_tensor::prelude::*;

use super::{Backend, ModelSet, Network, Tensor};
use crate::error::{CoreError, Result};

/// PP-OCR networks loaded by rten.
pub struct RtenBackend {
    models: [Model; 3],
}

impl std::fmt::Debug for RtenBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RtenBackend")
    }
}

fn load(bytes: &[u8]) -> Result<Model> {
    Model::load(bytes.to_vec()).map_err(|e| CoreError::Ocr {
        reason: format!("rten cannot load a model: {e}"),
    })
}

impl RtenBackend {
    /// Loads the three networks of `set`.
    pub fn new(set: &ModelSet) -> Result<Self> {
        let [det, rec, cls] = set.networks();
        Ok(RtenBackend {
            models: [load(det)?, load(rec)?, load(cls)?],
        })
    }
}

impl Backend for RtenBackend {
    fn runtime(&self) -> &'static str {
        "rten"
    }

    fn run(&self, network: Network, input: Tensor) -> Result<Tensor> {
        let model = &self.models[network as usize];
        let t = RTensor::from_data(&input.shape[..], input.data);
        let out = model
            .run_one(t.view().into(), None)
            .map_err(|e| CoreError::Ocr {
                reason: format!("rten: {e}"),
            })?;
        let out: RTensor<f32> = out.try_into().map_err(|_| CoreError::Ocr {
            reason: "rten: output is not f32".into(),
        })?;
        Ok(Tensor {
            shape: out.shape().to_vec(),
            data: out.to_vec(),
        })
    }
}
