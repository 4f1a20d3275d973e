//! Prometheus metrics (`GET /metrics`, OpenMetrics text). Labels are routes, status codes,
//! error kinds and token kinds: never anything from a request body or a certificate.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Route and status of a finished request.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// `/v1/extract`, `/v1/pair`, …
    pub route: String,
    /// HTTP status code.
    pub status: u16,
}

/// A route.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabel {
    /// `/v1/extract`, `/v1/pair`, …
    pub route: String,
}

/// A kind (of error, of token, of handshake failure).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabel {
    /// The kind.
    pub kind: String,
}

/// The server's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Requests by route and status.
    pub requests: Family<RequestLabels, Counter>,
    /// Request latency in seconds by route.
    pub latency: Family<RouteLabel, Histogram>,
    /// Requests waiting for an engine slot.
    pub queue_depth: Gauge,
    /// Requests being answered.
    pub in_flight: Gauge,
    /// Tokens by kind (`prompt`, `completion`).
    pub tokens: Family<KindLabel, Counter>,
    /// Errors by kind.
    pub errors: Family<KindLabel, Counter>,
    /// Refused TLS handshakes by listener (`api`, `pair`).
    pub handshake_failures: Family<KindLabel, Counter>,
}

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_5, 2.0, 18))
}

impl Default for Metrics {
    fn default() -> Self {
        let (requests, latency) = (
            Family::default(),
            Family::new_with_constructor(latency_histogram as fn() -> Histogram),
        );
        let (queue_depth, in_flight) = (Gauge::default(), Gauge::default());
        let (tokens, errors, handshake_failures) =
            (Family::default(), Family::default(), Family::default());
        let mut registry = Registry::with_prefix("carta");
        registry.register("requests", "Requests by route and status", requests.clone());
        registry.register(
            "request_duration_seconds",
            "Request latency by route",
            latency.clone(),
        );
        registry.register(
            "queue_depth",
            "Requests waiting for an engine slot",
            queue_depth.clone(),
        );
        registry.register("in_flight", "Requests being answered", in_flight.clone());
        registry.register("tokens", "Model tokens by kind", tokens.clone());
        registry.register("errors", "Errors by kind", errors.clone());
        registry.register(
            "tls_handshake_failures",
            "Refused TLS handshakes by listener",
            handshake_failures.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            queue_depth,
            in_flight,
            tokens,
            errors,
            handshake_failures,
        }
    }
}

impl Metrics {
    /// Counts an error of `kind`.
    pub fn error(&self, kind: &str) {
        self.errors
            .get_or_create(&KindLabel { kind: kind.into() })
            .inc();
    }

    /// The OpenMetrics text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
