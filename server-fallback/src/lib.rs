//! carta-server: the mutual-TLS extraction server for the edge box and the private cloud
//! (DESIGN.md §5). It accepts only clients holding a certificate its pairing CA issued, answers
//! `POST /v1/extract` with the rules engine, an embedded llama.cpp model (feature `llm`) or an
//! OpenAI-compatible upstream engine, and keeps no per-request state: its only state is the
//! folder of [`pki::Pki`].
//!
//! The text it receives is what the device let leave (a redacted payload); it never receives
//! images. It logs routes, statuses and timings, never a request's content.

pub mod api;
pub mod config;
pub mod engine;
pub mod error;
pub mod metrics;
pub mod pki;
pub mod serve;

pub use config::Config;
pub use error::{Error, Result};
