//! `carta extract` and the `--extractor` options shared with `carta eval`.

use std::path::PathBuf;

use carta_core::extract::{Extractor, RulesExtractor};
use clap::{Args, ValueEnum};

use crate::Failure;

/// Which extractor answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// The rules engine (MRZ, visual-zone rules, validators), on the device.
    Rules,
    /// A GGUF model run by llama.cpp in this process (needs a build with the `llm` feature).
    Llm,
    /// An OpenAI-compatible server (vLLM, llama-server, Ollama) at --url (needs a build with the
    /// `openai` feature). The text is redacted under --policy before it leaves.
    Openai,
}

/// How grammar sampling holds the answer to the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Grammar {
    /// Check the best token; constrain all candidates only when it is rejected.
    SampleThenCheck,
    /// Constrain all candidates at every token.
    Full,
    /// No grammar (measurements only: the answer may not be JSON).
    Off,
}

/// The extractor options.
#[derive(Debug, Args)]
pub struct ExtractorArgs {
    /// Who answers: the rules engine or a local language model.
    #[arg(long, value_enum, default_value_t = Kind::Rules)]
    pub extractor: Kind,
    /// The GGUF model for `--extractor llm` (GPT-OSS-20B, or any chat model with a template).
    #[arg(long, value_name = "GGUF", required_if_eq("extractor", "llm"))]
    pub model: Option<PathBuf>,
    /// The server's API base for `--extractor openai` (e.g. http://127.0.0.1:8080/v1).
    #[arg(long, value_name = "URL", required_if_eq("extractor", "openai"))]
    pub url: Option<String>,
    /// The model name the server knows (`--extractor openai`).
    #[arg(long, value_name = "NAME", default_value = "gpt-oss-20b")]
    pub api_model: String,
    /// CPU threads for the model (default: all cores).
    #[arg(long)]
    pub threads: Option<i32>,
    /// Layers offloaded to the GPU (builds with the `cuda` feature).
    #[arg(long, default_value_t = 999)]
    pub gpu_layers: u32,
    /// Keep the mixture-of-experts weights in system memory (GPT-OSS-20B on an 8 GB GPU).
    #[arg(long)]
    pub cpu_moe: bool,
    /// Most tokens an answer may take.
    #[arg(long, default_value_t = 768)]
    pub max_tokens: u32,
    /// Harmony models: tokens of analysis before the final answer (0: answer at once).
    #[arg(long, default_value_t = 0)]
    pub analysis_tokens: u32,
    /// Grammar sampling.
    #[arg(long, value_enum, default_value_t = Grammar::SampleThenCheck)]
    pub grammar: Grammar,
}

impl ExtractorArgs {
    /// The extractor these options describe.
    pub fn build(&self, options: carta_core::ParseOptions) -> Result<Box<dyn Extractor>, Failure> {
        match self.extractor {
            Kind::Rules => Ok(Box::new(RulesExtractor { options })),
            Kind::Llm => self.llama(),
            Kind::Openai => self.openai(),
        }
    }

    /// Whether the extractor runs off the device (its text must be redacted first).
    pub fn is_remote(&self) -> bool {
        self.extractor == Kind::Openai
    }

    #[cfg(feature = "openai")]
    fn openai(&self) -> Result<Box<dyn Extractor>, Failure> {
        use carta_core::openai::{OpenAiExtractor, OpenAiSettings};
        let base_url = self
            .url
            .clone()
            .ok_or_else(|| Failure::Input("--extractor openai needs --url".to_owned()))?;
        Ok(Box::new(OpenAiExtractor::new(OpenAiSettings {
            base_url,
            model: self.api_model.clone(),
            api_key: std::env::var("CARTA_API_KEY").ok(),
            max_tokens: self.max_tokens,
            ..OpenAiSettings::default()
        })?))
    }

    #[cfg(not(feature = "openai"))]
    fn openai(&self) -> Result<Box<dyn Extractor>, Failure> {
        Err(Failure::Input(
            "this carta was built without the `openai` feature (cargo build -p carta-cli --features openai)"
                .to_owned(),
        ))
    }

    #[cfg(feature = "llm")]
    fn llama(&self) -> Result<Box<dyn Extractor>, Failure> {
        use carta_core::llm::{GrammarMode, LlamaExtractor, LlamaSettings};
        let defaults = LlamaSettings::default();
        let settings = LlamaSettings {
            threads: self.threads.unwrap_or(defaults.threads),
            gpu_layers: self.gpu_layers,
            cpu_moe: self.cpu_moe,
            max_tokens: self.max_tokens,
            analysis_tokens: self.analysis_tokens,
            grammar: match self.grammar {
                Grammar::SampleThenCheck => GrammarMode::SampleThenCheck,
                Grammar::Full => GrammarMode::Full,
                Grammar::Off => GrammarMode::Off,
            },
        };
        let path = self
            .model
            .as_deref()
            .ok_or_else(|| Failure::Input("--extractor llm needs --model GGUF".to_owned()))?;
        Ok(Box::new(LlamaExtractor::load(path, settings)?))
    }

    #[cfg(not(feature = "llm"))]
    fn llama(&self) -> Result<Box<dyn Extractor>, Failure> {
        Err(Failure::Input(
            "this carta was built without the `llm` feature (cargo build -p carta-cli --features llm)"
                .to_owned(),
        ))
    }
}
