//! The rten backend: pure Rust, loads the ONNX files directly.

use rten::Model;
use rten_tensor::Tensor as RTensor;
use rten_tensor::prelude::*;

use super::{Backend, ModelSet, Tensor};
use crate::error::{CoreError, Result};

/// PP-OCR networks loaded by rten.
pub struct RtenBackend {
    det: Model,
    rec: Model,
    cls: Model,
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

fn run(model: &Model, input: Tensor) -> Result<Tensor> {
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

impl RtenBackend {
    /// Loads the three networks of `set`.
    pub fn new(set: &ModelSet) -> Result<Self> {
        Ok(RtenBackend {
            det: load(&set.det)?,
            rec: load(&set.rec)?,
            cls: load(&set.cls)?,
        })
    }
}

impl Backend for RtenBackend {
    fn runtime(&self) -> &'static str {
        "rten"
    }

    fn detect(&self, input: Tensor) -> Result<Tensor> {
        run(&self.det, input)
    }

    fn recognise(&self, input: Tensor) -> Result<Tensor> {
        run(&self.rec, input)
    }

    fn classify(&self, input: Tensor) -> Result<Tensor> {
        run(&self.cls, input)
    }
}
