//! The server's configuration: defaults, then a TOML file, then `CARTA_SERVER_*` environment
//! variables (`CARTA_SERVER_LISTEN=0.0.0.0:8443`), then command-line flags.

use std::net::SocketAddr;
use std::path::PathBuf;

use figment::Figment;
use figment::providers::{Env, Format as _, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which extractor answers `/v1/extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// The rules engine (CPU-only deployments; canonical identity schema only).
    Rules,
    /// A GGUF model in-process with llama.cpp (feature `llm`): `model` names the file.
    Llm,
    /// An OpenAI-compatible engine (vLLM, llama-server, Ollama) at `upstream`.
    Upstream,
}

/// The whole configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The state folder (`carta-server init`): CA, server certificate, tokens, CRL.
    pub state_dir: PathBuf,
    /// The mutual-TLS API listener.
    pub listen: SocketAddr,
    /// The pairing listener (server-only TLS; open only while a token is outstanding).
    pub pair_listen: Option<SocketAddr>,
    /// The host name or address clients reach the pairing listener by (for the pairing URI).
    pub public_host: Option<String>,
    /// A plaintext health and metrics listener; must be a loopback address.
    pub health_listen: Option<SocketAddr>,
    /// The extractor.
    pub engine: EngineKind,
    /// The GGUF model file (`engine = "llm"`).
    pub model: Option<PathBuf>,
    /// The OpenAI-compatible API base (`engine = "upstream"`), e.g. `http://vllm:8000/v1`.
    pub upstream: Option<String>,
    /// The model name the upstream serves.
    pub upstream_model: String,
    /// Requests answered at the same time (llama sequences or upstream calls).
    pub parallel: usize,
    /// Requests that may wait for a slot; beyond that, 429 with Retry-After.
    pub queue: usize,
    /// Longest time a request may take, in milliseconds (a request may ask for less).
    pub deadline_ms: u64,
    /// Largest request body in bytes.
    pub max_body_bytes: usize,
    /// Deepest JSON nesting accepted in a request.
    pub max_json_depth: usize,
    /// Requests per second each client certificate may make (burst of the same size).
    pub client_rate: u32,
    /// Wrong pairing tokens tolerated per client address per minute.
    pub pair_attempts_per_minute: u32,
    /// Accept TLS 1.2 as well as 1.3.
    pub allow_tls12: bool,
    /// Seconds in-flight requests get to finish on shutdown.
    pub drain_seconds: u64,
    /// Validity of issued client certificates, in days.
    pub cert_days: u32,
    /// Validity of pairing tokens, in seconds.
    pub token_seconds: u64,
    /// CPU threads of the embedded model.
    pub threads: Option<i32>,
    /// Model layers offloaded to the GPU (`engine = "llm"`, `cuda` feature).
    pub gpu_layers: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            state_dir: PathBuf::from("/var/lib/carta-server"),
            listen: SocketAddr::from(([0, 0, 0, 0], 8443)),
            pair_listen: Some(SocketAddr::from(([0, 0, 0, 0], 8444))),
            public_host: None,
            health_listen: None,
            engine: EngineKind::Rules,
            model: None,
            upstream: None,
            upstream_model: "gpt-oss-20b".to_owned(),
            parallel: 2,
            queue: 64,
            deadline_ms: 30_000,
            max_body_bytes: carta_core::text::MAX_INPUT_BYTES + 64 * 1024,
            max_json_depth: 32,
            client_rate: 200,
            pair_attempts_per_minute: 10,
            allow_tls12: false,
            drain_seconds: 20,
            cert_days: 30,
            token_seconds: 300,
            threads: None,
            gpu_layers: 0,
        }
    }
}

impl Config {
    /// Defaults, then `file` (TOML) if given, then the environment, then `flags` (a partial
    /// configuration of the command line's values).
    pub fn load(file: Option<&std::path::Path>, flags: &impl Serialize) -> Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(Error::Config(format!("{} does not exist", file.display())));
            }
            figment = figment.merge(Toml::file(file));
        }
        let config: Config = figment
            .merge(Env::prefixed("CARTA_SERVER_"))
            .merge(Serialized::defaults(flags))
            .extract()
            .map_err(|e| Error::Config(e.to_string()))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<()> {
        if let Some(h) = self.health_listen
            && !h.ip().is_loopback()
        {
            return Err(Error::Config(
                "health_listen is plaintext and must be a loopback address".into(),
            ));
        }
        if self.parallel == 0 {
            return Err(Error::Config("parallel must be at least 1".into()));
        }
        match self.engine {
            EngineKind::Llm if self.model.is_none() => {
                Err(Error::Config("engine llm needs model".into()))
            }
            EngineKind::Upstream if self.upstream.is_none() => {
                Err(Error::Config("engine upstream needs upstream".into()))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment's test jail returns its own error type
    fn environment_overrides_the_file_and_flags_override_both() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "carta.toml",
                "listen = \"127.0.0.1:9443\"\nqueue = 5\nengine = \"rules\"\n",
            )?;
            jail.set_env("CARTA_SERVER_QUEUE", "7");
            let flags = serde_json::json!({"parallel": 3});
            let c = Config::load(Some(std::path::Path::new("carta.toml")), &flags)
                .map_err(|e| e.to_string())?;
            assert_eq!(c.listen.port(), 9443);
            assert_eq!(c.queue, 7);
            assert_eq!(c.parallel, 3);
            assert_eq!(c.deadline_ms, 30_000);
            Ok(())
        });
    }

    #[test]
    fn a_public_health_port_and_missing_engine_settings_are_refused() {
        let flags = serde_json::json!({"health_listen": "0.0.0.0:9090"});
        assert!(Config::load(None, &flags).is_err());
        let flags = serde_json::json!({"engine": "upstream"});
        assert!(Config::load(None, &flags).is_err());
    }
}
