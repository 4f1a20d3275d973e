//! An extractor that asks an OpenAI-compatible server (vLLM, llama.cpp's `llama-server`, Ollama)
//! for an answer with `response_format: json_schema` (feature `openai`). The server constrains
//! the answer to the schema; it is checked here again all the same.
//!
//! The request carries the text it is given and nothing else: on the device that text is a
//! [`crate::redact::RedactedText`]'s payload, which the caller accounts for. Redirects are not
//! followed; errors carry the HTTP status, never the server's body (it may echo the prompt).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::error::{CoreError, Result};
use crate::extract::{ExtractRequest, Extraction, Extractor, Usage, instructions};

/// Where the server is and how to ask it.
#[derive(Debug, Clone)]
pub struct OpenAiSettings {
    /// The API base, e.g. `http://127.0.0.1:8080/v1` (`/chat/completions` is appended).
    pub base_url: String,
    /// The model name the server knows the model by.
    pub model: String,
    /// Bearer token, if the server wants one.
    pub api_key: Option<String>,
    /// Most tokens an answer may take.
    pub max_tokens: u32,
    /// Per-request timeout when the request has no deadline.
    pub timeout: Duration,
}

impl Default for OpenAiSettings {
    fn default() -> Self {
        OpenAiSettings {
            base_url: "http://127.0.0.1:8080/v1".to_owned(),
            model: "gpt-oss-20b".to_owned(),
            api_key: None,
            max_tokens: 768,
            timeout: Duration::from_secs(60),
        }
    }
}

/// The client.
#[derive(Debug)]
pub struct OpenAiExtractor {
    settings: OpenAiSettings,
    client: reqwest::blocking::Client,
}

fn http_error(what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::Llm {
        reason: format!("{what}: {e}"),
    }
}

impl OpenAiExtractor {
    /// A client for `settings.base_url` (http, or https with the webpki roots).
    pub fn new(settings: OpenAiSettings) -> Result<OpenAiExtractor> {
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let roots =
            rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| http_error("TLS", e))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let client = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(settings.timeout)
            .build()
            .map_err(|e| http_error("HTTP client", e))?;
        Ok(OpenAiExtractor { settings, client })
    }
}

impl Extractor for OpenAiExtractor {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn extract(&self, request: &ExtractRequest<'_>) -> Result<Extraction> {
        request.check_time()?;
        let started = Instant::now();
        let body = json!({
            "model": self.settings.model,
            "messages": [
                {"role": "system", "content": instructions(request.schema)},
                {"role": "user", "content": request.text},
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": request.schema.name(), "schema": request.schema.json(), "strict": true},
            },
            "temperature": 0,
            "max_tokens": self.settings.max_tokens,
        });
        let url = format!(
            "{}/chat/completions",
            self.settings.base_url.trim_end_matches('/')
        );
        let mut call = self.client.post(url).json(&body);
        if let Some(deadline) = request.deadline {
            call = call.timeout(deadline.saturating_duration_since(Instant::now()));
        }
        if let Some(key) = &self.settings.api_key {
            call = call.bearer_auth(key);
        }
        let response = call.send().map_err(|e| {
            if e.is_timeout() {
                CoreError::DeadlineExceeded
            } else {
                // reqwest's message names the URL and the failure, not the body.
                http_error("request failed", e.without_url())
            }
        })?;
        let status = response.status();
        if !status.is_success() {
            return Err(http_error("the server answered", status));
        }
        let reply: Value = response
            .json()
            .map_err(|_| http_error("the server's reply", "not JSON"))?;
        let choice = &reply["choices"][0];
        if choice["finish_reason"] == "length" {
            return Err(CoreError::TokenBudget {
                limit: self.settings.max_tokens,
            });
        }
        let content = choice["message"]["content"]
            .as_str()
            .ok_or_else(|| http_error("the server's reply", "no message content"))?;
        let answer = request.schema.read_answer(content)?;
        let count = |k: &str| {
            reply["usage"][k]
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0)
        };
        Ok(Extraction {
            answer,
            usage: Usage {
                prompt_tokens: count("prompt_tokens"),
                completion_tokens: count("completion_tokens"),
                prompt_ms: 0,
                generation_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            },
        })
    }
}
