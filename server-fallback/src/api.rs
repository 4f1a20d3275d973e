//! The HTTP API: `POST /v1/extract`, `GET /healthz`, `GET /readyz`, `GET /metrics` and
//! `GET /openapi.json` on the mutual-TLS listener; `POST /v1/pair` on the pairing listener;
//! health and metrics on the optional loopback listener. `openapi.json` in this crate is the
//! contract; a test checks the routes against it.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Extension, MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use carta_core::extract::Schema;
use carta_core::redact::Policy;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::metrics::{Metrics, RequestLabels, RouteLabel};
use crate::pki::Pki;

/// The OpenAPI document of the API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The SHA-256 of the client certificate a request came with (mutual-TLS listener only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientId(pub [u8; 32]);

/// Everything the handlers share.
#[derive(Debug)]
pub struct AppState {
    /// The extractor and its queue.
    pub engine: Engine,
    /// Metrics.
    pub metrics: Arc<Metrics>,
    /// The pairing CA and state.
    pub pki: Pki,
    /// The configuration.
    pub config: Config,
    client_limiter: DefaultKeyedRateLimiter<ClientId>,
    pair_limiter: DefaultKeyedRateLimiter<IpAddr>,
    shutting_down: AtomicBool,
}

impl AppState {
    /// The state for `config`.
    pub fn new(config: Config, pki: Pki, engine: Engine, metrics: Arc<Metrics>) -> AppState {
        let per_second = NonZeroU32::new(config.client_rate.max(1)).unwrap_or(NonZeroU32::MIN);
        let per_minute =
            NonZeroU32::new(config.pair_attempts_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        AppState {
            engine,
            metrics,
            pki,
            client_limiter: RateLimiter::keyed(Quota::per_second(per_second)),
            pair_limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            config,
            shutting_down: AtomicBool::new(false),
        }
    }

    /// Marks the server as draining: `/readyz` fails, new extractions get 503.
    pub fn begin_shutdown(&self) {
        self.shutting_down.store(true, Ordering::Relaxed);
    }
}

type Shared = State<Arc<AppState>>;

/// The routes of the mutual-TLS listener.
pub fn api_router(state: Arc<AppState>) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .route("/v1/extract", post(extract))
        .merge(health_routes())
        .route("/openapi.json", get(openapi))
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// The routes of the pairing listener.
pub fn pair_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/pair", post(pair))
        .layer(DefaultBodyLimit::max(16 * 1024))
        .layer(axum::middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// The routes of the loopback health listener.
pub fn health_router(state: Arc<AppState>) -> Router {
    health_routes().with_state(state)
}

fn health_routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
}

/// Counts and times every request by its route and status, and logs it without values.
async fn observe(State(state): Shared, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    state
        .metrics
        .requests
        .get_or_create(&RequestLabels {
            route: route.clone(),
            status,
        })
        .inc();
    state
        .metrics
        .latency
        .get_or_create(&RouteLabel {
            route: route.clone(),
        })
        .observe(elapsed.as_secs_f64());
    tracing::info!(route, status, ms = elapsed.as_millis() as u64, "request");
    response
}

async fn ready(State(state): Shared) -> Response {
    if state.shutting_down.load(Ordering::Relaxed) {
        (StatusCode::SERVICE_UNAVAILABLE, "draining\n").into_response()
    } else {
        (StatusCode::OK, "ready\n").into_response()
    }
}

async fn metrics(State(state): Shared) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// The deepest nesting of arrays and objects in `bytes` (JSON), strings skipped.
fn json_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Reads a JSON body after checking its nesting depth.
fn read_json<T: serde::de::DeserializeOwned>(state: &AppState, body: &Bytes) -> Result<T> {
    if json_depth(body) > state.config.max_json_depth {
        return Err(Error::BadRequest(format!(
            "JSON nested deeper than {}",
            state.config.max_json_depth
        )));
    }
    // serde_json's messages give a position and what was expected, not the text read.
    serde_json::from_slice(body).map_err(|e| {
        Error::BadRequest(format!(
            "not a valid request ({:?} at line {} column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

/// The body of `POST /v1/extract`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtractBody {
    /// The redacted text.
    text: String,
    /// A JSON Schema for the answer; the canonical identity schema when absent.
    #[serde(default)]
    schema: Option<Value>,
    /// A built-in schema: `identity`.
    #[serde(default)]
    schema_id: Option<String>,
    /// The policy the client redacted the text under (recorded; `local_only` is refused).
    #[serde(default)]
    policy: Option<String>,
    /// A deadline shorter than the server's, in milliseconds.
    #[serde(default)]
    deadline_ms: Option<u64>,
}

fn failed(state: &AppState, e: Error) -> Response {
    state.metrics.error(e.kind());
    if e.status().is_server_error() {
        tracing::warn!(kind = e.kind(), "request failed: {e}");
    }
    e.into_response()
}

async fn extract(
    State(state): Shared,
    client: Option<Extension<ClientId>>,
    body: std::result::Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    match answer(&state, client.map(|c| c.0), body).await {
        Ok(r) => r,
        Err(e) => failed(&state, e),
    }
}

async fn answer(
    state: &AppState,
    client: Option<ClientId>,
    body: std::result::Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response> {
    if state.shutting_down.load(Ordering::Relaxed) {
        return Err(Error::ShuttingDown);
    }
    // The mutual-TLS listener always sets it; its absence is a wiring error, refused.
    let client = client.ok_or(Error::Token("no client certificate"))?;
    if state.client_limiter.check_key(&client).is_err() {
        return Err(Error::RateLimited);
    }
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge,
        _ => Error::BadRequest("the body could not be read".into()),
    })?;
    let request: ExtractBody = read_json(state, &body)?;
    if request.text.len() > carta_core::text::MAX_INPUT_BYTES {
        return Err(Error::TooLarge);
    }
    let schema = match (request.schema, request.schema_id.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(Error::BadRequest(
                "give schema or schema_id, not both".into(),
            ));
        }
        (Some(json), None) => Schema::from_json(json)?,
        (None, None | Some("identity")) => Schema::identity(),
        (None, Some(_)) => {
            return Err(Error::BadRequest(
                "unknown schema_id (built in: identity)".into(),
            ));
        }
    };
    if let Some(p) = &request.policy {
        let policy: Policy = p
            .parse()
            .map_err(|_| Error::BadRequest("unknown policy".into()))?;
        if policy == Policy::LocalOnly {
            return Err(Error::BadRequest("local_only text may not be sent".into()));
        }
    }
    let limit = Duration::from_millis(state.config.deadline_ms);
    let wanted = request.deadline_ms.map_or(limit, Duration::from_millis);
    let deadline = Instant::now() + wanted.min(limit);
    let out = state.engine.extract(request.text, schema, deadline).await?;
    for (kind, n) in [
        ("prompt", out.usage.prompt_tokens),
        ("completion", out.usage.completion_tokens),
    ] {
        state
            .metrics
            .tokens
            .get_or_create(&crate::metrics::KindLabel { kind: kind.into() })
            .inc_by(u64::from(n));
    }
    Ok(Json(json!({
        "extractor": state.engine.name(),
        "answer": out.answer,
        "usage": out.usage,
    }))
    .into_response())
}

/// The body of `POST /v1/pair`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairBody {
    /// The one-time token of the pairing URI.
    token: String,
    /// A PKCS#10 certificate request, PEM (ECDSA P-256 or Ed25519 key).
    csr: String,
}

async fn pair(
    State(state): Shared,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: std::result::Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let result = async {
        // Guessing is bounded per address: every attempt counts, good or bad.
        if state.pair_limiter.check_key(&peer.ip()).is_err() {
            return Err(Error::RateLimited);
        }
        let body = body.map_err(|_| Error::TooLarge)?;
        let request: PairBody = read_json(&state, &body)?;
        let validity = Duration::from_secs(u64::from(state.config.cert_days) * 86_400);
        let pki = &state.pki;
        let issued =
            tokio::task::block_in_place(|| pki.pair(&request.token, &request.csr, validity))?;
        tracing::info!(serial = issued.client.serial, "client paired");
        Ok(Json(json!({
            "certificate": issued.certificate,
            "ca": issued.ca,
            "serial": issued.client.serial,
            "expires": issued.client.expires,
            "api_port": state.config.listen.port(),
        }))
        .into_response())
    }
    .await;
    result.unwrap_or_else(|e| failed(&state, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth_counts_nesting_outside_strings() {
        assert_eq!(json_depth(br#"{"a": [1, {"b": "[[[{{"}]}"#), 3);
        assert_eq!(json_depth(br#""\"[" "#), 0);
        assert_eq!(json_depth(&[b'['; 100_000]), 100_000);
    }
}
