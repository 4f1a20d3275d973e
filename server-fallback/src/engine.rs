//! The extractor behind `/v1/extract` and its bounded queue: `parallel` requests are answered at
//! once (on blocking threads: llama.cpp sequences or upstream calls), `queue` more may wait, and
//! the rest are refused at once (429). A request whose client goes away is cancelled.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use carta_core::extract::{ExtractRequest, Extraction, Extractor, RulesExtractor, Schema};
use tokio::sync::Semaphore;

use crate::config::{Config, EngineKind};
use crate::error::{Error, Result};
use crate::metrics::Metrics;

/// The extractor and its queue.
pub struct Engine {
    extractor: Arc<dyn Extractor>,
    slots: Arc<Semaphore>,
    parallel: usize,
    capacity: usize,
    admitted: AtomicUsize,
    metrics: Arc<Metrics>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("extractor", &self.extractor.name())
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

/// The extractor a configuration asks for.
pub fn extractor(config: &Config) -> Result<Arc<dyn Extractor>> {
    Ok(match config.engine {
        EngineKind::Rules => Arc::new(RulesExtractor::default()),
        EngineKind::Upstream => {
            let settings = carta_core::openai::OpenAiSettings {
                base_url: config.upstream.clone().unwrap_or_default(),
                model: config.upstream_model.clone(),
                timeout: Duration::from_millis(config.deadline_ms),
                ..Default::default()
            };
            Arc::new(carta_core::openai::OpenAiExtractor::new(settings)?)
        }
        #[cfg(feature = "llm")]
        EngineKind::Llm => {
            let settings = carta_core::llm::LlamaSettings {
                threads: config
                    .threads
                    .unwrap_or(carta_core::llm::LlamaSettings::default().threads),
                gpu_layers: config.gpu_layers,
                ..Default::default()
            };
            let model = config.model.clone().unwrap_or_default();
            Arc::new(carta_core::llm::LlamaExtractor::load(&model, settings)?)
        }
        #[cfg(not(feature = "llm"))]
        EngineKind::Llm => {
            return Err(Error::Config(
                "engine llm needs carta-server built with the `llm` feature".into(),
            ));
        }
    })
}

/// Sets the cancel flag when the request's future is dropped (its client went away) and
/// gives back the queue place.
struct Admission<'a> {
    engine: &'a Engine,
    cancel: Arc<AtomicBool>,
}

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.engine.admitted.fetch_sub(1, Ordering::AcqRel);
        self.engine.publish();
    }
}

impl Engine {
    /// `extractor` with `parallel` slots and `queue` waiting places.
    pub fn new(
        extractor: Arc<dyn Extractor>,
        parallel: usize,
        queue: usize,
        metrics: Arc<Metrics>,
    ) -> Engine {
        let parallel = parallel.max(1);
        Engine {
            extractor,
            slots: Arc::new(Semaphore::new(parallel)),
            parallel,
            capacity: parallel + queue,
            admitted: AtomicUsize::new(0),
            metrics,
        }
    }

    /// The extractor's name.
    pub fn name(&self) -> &'static str {
        self.extractor.name()
    }

    fn publish(&self) {
        let admitted = self.admitted.load(Ordering::Acquire) as i64;
        let running = self.parallel.saturating_sub(self.slots.available_permits()) as i64;
        self.metrics.in_flight.set(running);
        self.metrics.queue_depth.set((admitted - running).max(0));
    }

    /// Answers `text` with `schema` by `deadline`.
    pub async fn extract(
        &self,
        text: String,
        schema: Schema,
        deadline: Instant,
    ) -> Result<Extraction> {
        if self.admitted.fetch_add(1, Ordering::AcqRel) >= self.capacity {
            self.admitted.fetch_sub(1, Ordering::AcqRel);
            return Err(Error::Busy);
        }
        let admission = Admission {
            engine: self,
            cancel: Arc::new(AtomicBool::new(false)),
        };
        self.publish();
        let slot = tokio::time::timeout_at(deadline.into(), self.slots.clone().acquire_owned())
            .await
            .map_err(|_| Error::Deadline)?
            .map_err(|_| Error::ShuttingDown)?;
        self.publish();
        let extractor = self.extractor.clone();
        let cancel = admission.cancel.clone();
        let work = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            extractor.extract(&ExtractRequest {
                text: &text,
                schema: &schema,
                deadline: Some(deadline),
                cancel: Some(&cancel),
            })
        });
        // The extractors watch the deadline themselves; this bounds a stuck one too.
        let answer = tokio::time::timeout_at((deadline + Duration::from_millis(250)).into(), work)
            .await
            .map_err(|_| Error::Deadline)?
            .map_err(|_| Error::Engine("the extractor stopped".into()))??;
        drop(admission);
        Ok(answer)
    }
}
