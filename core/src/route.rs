//! Where field extraction runs after the on-device reading (DESIGN.md §5): a local model in
//! this process, a paired edge box, the private cloud, in that order, each with its own
//! deadline and its own ceiling on what text may leave; a circuit breaker skips a target that
//! keeps failing. The on-device reading is always there first, so a scan always returns: an
//! offload that fails only leaves the reading as it was and says why in `provenance.route`.
//!
//! The router sees a page's text only through [`crate::redact`]: a remote target receives a
//! [`RedactedText`] and nothing else, and every payload that may have left the device gets an
//! [`crate::redact::EgressReceipt`] in `ScanResult.egress`.

use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::CoreError;
use crate::extract::{ExtractRequest, Extraction, Extractor, Schema};
use crate::redact::{Policy, RedactedText};
use crate::schema::{FieldName, ScanResult};
use crate::text::OcrPage;

/// Which targets a scan may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffloadMode {
    /// On-device rules only: nothing leaves, no model runs.
    #[default]
    Off,
    /// Every configured target in order (local model, edge, cloud), then the rules.
    Auto,
    /// The local model only (a kiosk with its own GPU).
    Local,
    /// The paired edge box only.
    Edge,
    /// The private cloud only.
    Cloud,
}

impl std::str::FromStr for OffloadMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "off" => Ok(OffloadMode::Off),
            "auto" => Ok(OffloadMode::Auto),
            "local" => Ok(OffloadMode::Local),
            "edge" => Ok(OffloadMode::Edge),
            "cloud" => Ok(OffloadMode::Cloud),
            _ => Err("expected off, auto, local, edge or cloud".into()),
        }
    }
}

/// Where a target runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// In this process (the `llm` feature).
    Local,
    /// A paired edge box on the local network.
    Edge,
    /// The organisation's private cloud.
    Cloud,
}

impl TargetKind {
    /// The lower-case name (`local`, `edge`, `cloud`).
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Local => "local",
            TargetKind::Edge => "edge",
            TargetKind::Cloud => "cloud",
        }
    }
}

impl OffloadMode {
    /// Whether this mode may use a target of `kind`.
    pub fn allows(self, kind: TargetKind) -> bool {
        matches!(
            (self, kind),
            (OffloadMode::Auto, _)
                | (OffloadMode::Local, TargetKind::Local)
                | (OffloadMode::Edge, TargetKind::Edge)
                | (OffloadMode::Cloud, TargetKind::Cloud)
        )
    }
}

impl std::str::FromStr for TargetKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "local" => Ok(TargetKind::Local),
            "edge" => Ok(TargetKind::Edge),
            "cloud" => Ok(TargetKind::Cloud),
            _ => Err("expected local, edge or cloud".into()),
        }
    }
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The target answered; its fields were merged.
    Answered,
    /// No connection (refused, unreachable, DNS): nothing was sent.
    Unreachable,
    /// The server's certificate does not chain to the pinned CA, or it refused ours: nothing
    /// was sent.
    TlsRefused,
    /// The target's deadline expired.
    Timeout,
    /// The server answered with an error status.
    ServerError,
    /// The answer did not match the schema.
    InvalidAnswer,
    /// Skipped: the circuit breaker is open after repeated failures.
    CircuitOpen,
    /// Skipped: the policy allows no text to leave for this target.
    PolicyForbids,
    /// Skipped: under `minimal` every field was already read, so nothing was asked.
    NothingToAsk,
    /// The scan was cancelled.
    Cancelled,
    /// Another failure (a local model's error, a key store error).
    Failed,
}

/// One target tried during a scan: `provenance.route` lists them in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// Which target.
    pub target: TargetKind,
    /// `HOST:PORT` of a remote target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The policy the text was redacted under, when text was prepared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    /// How it ended.
    pub outcome: Outcome,
    /// Time spent on it, in milliseconds.
    pub ms: u64,
    /// Why it failed (no field value, no text: connection, TLS and status descriptions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Why a remote call failed, and whether the payload may have left the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFailure {
    /// The outcome to record.
    pub outcome: Outcome,
    /// Whether the payload may have been sent (false only when no connection was made).
    pub sent: bool,
    /// A description without values.
    pub reason: String,
}

impl From<CoreError> for RemoteFailure {
    fn from(e: CoreError) -> RemoteFailure {
        RemoteFailure {
            outcome: match e {
                CoreError::Cancelled => Outcome::Cancelled,
                CoreError::DeadlineExceeded => Outcome::Timeout,
                CoreError::InvalidAnswer { .. } => Outcome::InvalidAnswer,
                _ => Outcome::Failed,
            },
            sent: false,
            reason: e.to_string(),
        }
    }
}

/// A model server the device sends redacted text to (a paired carta-server: see
/// `offload::Server`). It accepts only a [`RedactedText`].
pub trait Remote: Send + Sync {
    /// `HOST:PORT`, for receipts and provenance.
    fn destination(&self) -> &str;

    /// Asks for an answer of `schema` to `text` within `timeout`; the answer has been checked
    /// against `schema`. Returns early with [`Outcome::Cancelled`] when `cancel` is set.
    fn extract(
        &self,
        text: &RedactedText,
        schema: &Schema,
        timeout: Duration,
        cancel: Option<&AtomicBool>,
    ) -> Result<Extraction, RemoteFailure>;
}

/// What runs a target.
pub enum Engine {
    /// A model in this process: the text never leaves, so it reads the page in full.
    Local(Box<dyn Extractor>),
    /// A server: it gets the text redacted under the stricter of the scan's policy and the
    /// target's ceiling.
    Remote(Box<dyn Remote>),
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Engine::Local(e) => write!(f, "Local({})", e.name()),
            Engine::Remote(r) => write!(f, "Remote({})", r.destination()),
        }
    }
}

/// One place extraction may run.
#[derive(Debug)]
pub struct Target {
    /// Local, edge or cloud.
    pub kind: TargetKind,
    /// What runs it.
    pub engine: Engine,
    /// The longest this target may take per scan.
    pub deadline: Duration,
    /// The most text this target may receive: the scan's policy is tightened to it.
    pub max_policy: Policy,
}

/// How strict a policy is, for picking the stricter of two: nothing leaves, then placeholders
/// only, then some lines in clear, then everything.
fn strictness(policy: Policy) -> u8 {
    match policy {
        Policy::LocalOnly => 0,
        Policy::Pseudonymise => 1,
        Policy::Minimal => 2,
        Policy::Trusted => 3,
    }
}

/// The stricter of two policies (`pseudonymise` counts as stricter than `minimal`: it sends no
/// value in clear).
pub fn stricter(a: Policy, b: Policy) -> Policy {
    if strictness(a) <= strictness(b) { a } else { b }
}

/// When the circuit breaker opens and for how long.
#[derive(Debug, Clone, Copy)]
pub struct BreakerSettings {
    /// Consecutive failures that open the circuit.
    pub failures: u32,
    /// How long an open circuit skips the target before one trial call.
    pub cooldown: Duration,
}

impl Default for BreakerSettings {
    fn default() -> Self {
        BreakerSettings {
            failures: 3,
            cooldown: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Default)]
struct Breaker {
    failures: u32,
    open_until: Option<Instant>,
}

impl Breaker {
    /// Whether a call may go ahead now (closed, or open with its cooldown over: one trial).
    fn allows(&self, now: Instant) -> bool {
        self.open_until.is_none_or(|until| now >= until)
    }

    fn record(&mut self, ok: bool, settings: &BreakerSettings, now: Instant) {
        if ok {
            *self = Breaker::default();
            return;
        }
        self.failures += 1;
        if self.failures >= settings.failures {
            self.open_until = Some(now + settings.cooldown);
        }
    }
}

/// What a scan asks of the router.
#[derive(Debug, Clone, Copy)]
pub struct RouteRequest<'a> {
    /// Which targets may run.
    pub mode: OffloadMode,
    /// The most text that may leave for any target.
    pub policy: Policy,
    /// The schema to ask for; the canonical identity schema when `None`.
    pub schema: Option<&'a Schema>,
    /// Set to stop: the current attempt returns early and no other starts.
    pub cancel: Option<&'a AtomicBool>,
    /// Told when each target is asked.
    pub progress: Option<&'a dyn crate::pipeline::Progress>,
}

/// The targets of a device, in order, with their circuit breakers. Keep one per SDK instance:
/// the breakers remember failures across scans.
#[derive(Debug, Default)]
pub struct Router {
    targets: Vec<(Target, Mutex<Breaker>)>,
    breaker: BreakerSettings,
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

impl Router {
    /// A router over `targets`, tried in the order given.
    pub fn new(targets: Vec<Target>) -> Router {
        Router {
            targets: targets
                .into_iter()
                .map(|t| (t, Mutex::new(Breaker::default())))
                .collect(),
            breaker: BreakerSettings::default(),
        }
    }

    /// The same router with other circuit-breaker settings.
    pub fn with_breaker(mut self, breaker: BreakerSettings) -> Router {
        self.breaker = breaker;
        self
    }

    /// Completes an on-device reading: tries the targets `request.mode` allows, in order, until
    /// one answers; its answer is rehydrated on the device and merged without replacing what the
    /// device read. Every attempt goes to `provenance.route`, every payload that may have left to
    /// `egress`. Never fails: with every target down the reading stays as it was.
    pub fn complete(&self, result: &mut ScanResult, page: &OcrPage, request: &RouteRequest<'_>) {
        if request.mode == OffloadMode::Off {
            return;
        }
        let schema = request.schema.unwrap_or_else(|| Schema::identity_shared());
        let mut candidates = self
            .targets
            .iter()
            .filter(|(t, _)| request.mode.allows(t.kind))
            .peekable();
        if candidates.peek().is_none() {
            tracing::info!(mode = ?request.mode, "no offload target configured");
        }
        for (target, breaker) in candidates {
            let started = Instant::now();
            let cancelled = request
                .cancel
                .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
            let skipped = if cancelled {
                Some(Outcome::Cancelled)
            } else if !breaker
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .allows(started)
            {
                Some(Outcome::CircuitOpen)
            } else {
                None
            };
            let mut attempt = Attempt {
                target: target.kind,
                destination: match &target.engine {
                    Engine::Remote(r) => Some(r.destination().to_owned()),
                    Engine::Local(_) => None,
                },
                policy: None,
                outcome: skipped.unwrap_or(Outcome::Failed),
                ms: 0,
                reason: None,
            };
            if skipped.is_some() {
                result.provenance.route.push(attempt);
                continue;
            }
            if let Some(p) = request.progress {
                p.stage(crate::pipeline::Stage::Offloading(target.kind));
            }
            let answered = self.attempt(target, result, page, schema, request, &mut attempt);
            attempt.ms = millis(started);
            let counts = !matches!(
                attempt.outcome,
                Outcome::Cancelled | Outcome::PolicyForbids | Outcome::NothingToAsk
            );
            if counts {
                breaker
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .record(answered, &self.breaker, Instant::now());
            }
            tracing::info!(
                target = target.kind.name(),
                outcome = ?attempt.outcome,
                ms = attempt.ms,
                "offload attempt"
            );
            result.provenance.route.push(attempt);
            if answered {
                return;
            }
        }
    }

    /// One target: prepare the text, ask, merge. Returns whether it answered.
    fn attempt(
        &self,
        target: &Target,
        result: &mut ScanResult,
        page: &OcrPage,
        schema: &Schema,
        request: &RouteRequest<'_>,
        attempt: &mut Attempt,
    ) -> bool {
        let policy = match target.engine {
            // Text given to a model in this process does not leave the device.
            Engine::Local(_) => Policy::Trusted,
            Engine::Remote(_) => stricter(request.policy, target.max_policy),
        };
        attempt.policy = Some(policy);
        if policy == Policy::LocalOnly {
            attempt.outcome = Outcome::PolicyForbids;
            return false;
        }
        // Under `minimal`, only the lines of the fields still missing (or the schema's) leave.
        let wanted: Vec<FieldName> = if policy == Policy::Minimal {
            let wanted = requested_fields(result, schema);
            if wanted.is_empty() {
                attempt.outcome = Outcome::NothingToAsk;
                return false;
            }
            wanted
        } else {
            Vec::new()
        };
        let deadline = Instant::now() + target.deadline;
        let mut receipt = None;
        let asked = crate::pipeline::extract_with(page, &result.fields, policy, &wanted, |text| {
            match &target.engine {
                Engine::Local(extractor) => Ok(extractor.extract(&ExtractRequest {
                    text: text.as_str(),
                    schema,
                    deadline: Some(deadline),
                    cancel: request.cancel,
                })?),
                Engine::Remote(remote) => {
                    let outcome = remote.extract(text, schema, target.deadline, request.cancel);
                    if outcome.as_ref().map_or_else(|f| f.sent, |_| true) {
                        receipt = Some(text.receipt(remote.destination()));
                    }
                    outcome
                }
            }
        });
        if let Some(receipt) = receipt {
            result.egress.get_or_insert_with(Vec::new).push(receipt);
        }
        match asked {
            Ok(extracted) => {
                attempt.outcome = Outcome::Answered;
                let name = match &target.engine {
                    Engine::Local(e) => e.name(),
                    Engine::Remote(_) => target.kind.name(),
                };
                result.issues.extend(extracted.issues);
                crate::merge::merge_extracted(
                    &mut result.fields,
                    &mut result.issues,
                    extracted.fields,
                );
                if !schema.is_identity() {
                    result.answer = Some(extracted.answer);
                }
                result.provenance.extractor = format!("rules+{name}");
                if let Engine::Remote(r) = &target.engine {
                    result.provenance.offload =
                        Some(format!("{}:{}", target.kind.name(), r.destination()));
                }
                true
            }
            Err(failure) => {
                attempt.outcome = failure.outcome;
                attempt.reason = Some(failure.reason);
                false
            }
        }
    }
}

/// The fields a `minimal` request asks for: the schema's canonical properties, or for the
/// identity schema the canonical fields the device has not read.
fn requested_fields(result: &ScanResult, schema: &Schema) -> Vec<FieldName> {
    FieldName::ALL
        .into_iter()
        .filter(|f| f.is_canonical())
        .filter(|f| {
            if schema.is_identity() {
                !result.fields.contains_key(f)
            } else {
                schema.json()["properties"].get(f.key()).is_some()
            }
        })
        .collect()
}

/// Splits `HOST:PORT` into the host and a non-zero port. An IPv6 host must be in brackets
/// (`[::1]:8444`); `None` for anything else (no port, port 0, a bare IPv6 address).
pub fn split_host_port(address: &str) -> Option<(&str, u16)> {
    let (host, port) = address.rsplit_once(':')?;
    let port = port.parse::<u16>().ok().filter(|&p| p > 0)?;
    let bare_ipv6 = host.contains(':') && !(host.starts_with('[') && host.ends_with(']'));
    (!host.is_empty() && !bare_ipv6).then_some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_port_split_with_ipv6_in_brackets() {
        assert_eq!(split_host_port("[::1]:8444"), Some(("[::1]", 8444)));
        assert_eq!(
            split_host_port("edge.local:8444"),
            Some(("edge.local", 8444))
        );
        for address in [
            "edge.local",
            "edge.local:0",
            ":8444",
            "::1",
            "fe80::1:8444",
            "a:b",
        ] {
            assert_eq!(split_host_port(address), None, "{address}");
        }
    }
    use crate::extract::Usage;
    use crate::pipeline::{ParseOptions, parse_page};
    use serde_json::json;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const PAGE: &str = "REPUBBLICA ITALIANA\nCARTA DI IDENTITA\nCognome: ROSSI\nNome: MARIO\nLuogo di nascita: TORINO\nData di nascita: 14.05.1987";

    /// A server stand-in: fails with `failure` or answers with `answer`, counting calls and
    /// keeping the last payload.
    struct Fake {
        failure: Option<RemoteFailure>,
        answer: serde_json::Value,
        calls: Arc<AtomicUsize>,
        seen: Arc<Mutex<String>>,
    }

    impl Remote for Fake {
        fn destination(&self) -> &str {
            "fake:1"
        }

        fn extract(
            &self,
            text: &RedactedText,
            schema: &Schema,
            _timeout: Duration,
            _cancel: Option<&AtomicBool>,
        ) -> Result<Extraction, RemoteFailure> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            *self.seen.lock().unwrap() = text.as_str().to_owned();
            if let Some(f) = &self.failure {
                return Err(f.clone());
            }
            schema.check(&self.answer)?;
            Ok(Extraction {
                answer: self.answer.clone(),
                usage: Usage::default(),
            })
        }
    }

    fn identity_answer(pairs: &[(&str, &str)]) -> serde_json::Value {
        let mut answer = serde_json::Map::new();
        for f in FieldName::ALL.into_iter().filter(|f| f.is_canonical()) {
            answer.insert(f.key().to_owned(), serde_json::Value::Null);
        }
        for (k, v) in pairs {
            answer.insert((*k).to_owned(), json!(v));
        }
        serde_json::Value::Object(answer)
    }

    fn target(kind: TargetKind, fake: Fake, max_policy: Policy) -> Target {
        Target {
            kind,
            engine: Engine::Remote(Box::new(fake)),
            deadline: Duration::from_secs(1),
            max_policy,
        }
    }

    fn fake(
        failure: Option<Outcome>,
        answer: serde_json::Value,
    ) -> (Fake, Arc<AtomicUsize>, Arc<Mutex<String>>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(String::new()));
        let fake = Fake {
            failure: failure.map(|outcome| RemoteFailure {
                outcome,
                sent: outcome != Outcome::Unreachable,
                reason: "down".into(),
            }),
            answer,
            calls: calls.clone(),
            seen: seen.clone(),
        };
        (fake, calls, seen)
    }

    fn read() -> (ScanResult, OcrPage) {
        let page = OcrPage::from_plain(PAGE);
        (parse_page(&page, &ParseOptions::default()), page)
    }

    fn request(mode: OffloadMode, policy: Policy) -> RouteRequest<'static> {
        RouteRequest {
            mode,
            policy,
            schema: None,
            cancel: None,
            progress: None,
        }
    }

    #[test]
    fn falls_back_in_order_and_records_receipts_only_for_payloads_that_left() {
        let (edge, edge_calls, _) = fake(Some(Outcome::Unreachable), json!({}));
        let (cloud, cloud_calls, seen) = fake(None, identity_answer(&[("nationality", "ITA")]));
        let router = Router::new(vec![
            target(TargetKind::Edge, edge, Policy::Trusted),
            target(TargetKind::Cloud, cloud, Policy::Pseudonymise),
        ]);
        let (mut result, page) = read();
        router.complete(
            &mut result,
            &page,
            &request(OffloadMode::Auto, Policy::Trusted),
        );
        assert_eq!(
            (
                edge_calls.load(Ordering::SeqCst),
                cloud_calls.load(Ordering::SeqCst)
            ),
            (1, 1)
        );
        let outcomes: Vec<_> = result
            .provenance
            .route
            .iter()
            .map(|a| (a.target, a.outcome))
            .collect();
        assert_eq!(
            outcomes,
            [
                (TargetKind::Edge, Outcome::Unreachable),
                (TargetKind::Cloud, Outcome::Answered)
            ]
        );
        // The cloud's ceiling tightened `trusted` to `pseudonymise`: no surname left.
        assert_eq!(
            result.provenance.route[1].policy,
            Some(Policy::Pseudonymise)
        );
        assert!(!seen.lock().unwrap().contains("ROSSI"));
        let egress = result.egress.as_ref().unwrap();
        assert_eq!(egress.len(), 1, "the refused connection sent nothing");
        assert_eq!(egress[0].destination, "fake:1");
        assert_eq!(result.fields[&FieldName::Nationality].value, "ITA");
        assert_eq!(result.provenance.offload.as_deref(), Some("cloud:fake:1"));
        assert_eq!(result.provenance.extractor, "rules+cloud");
    }

    #[test]
    fn mode_selects_targets_and_off_sends_nothing() {
        let (edge, edge_calls, _) = fake(None, identity_answer(&[]));
        let router = Router::new(vec![target(TargetKind::Edge, edge, Policy::Trusted)]);
        for mode in [OffloadMode::Off, OffloadMode::Cloud, OffloadMode::Local] {
            let (mut result, page) = read();
            router.complete(&mut result, &page, &request(mode, Policy::Trusted));
            assert!(
                result.egress.is_none() && result.provenance.route.is_empty(),
                "{mode:?}"
            );
        }
        assert_eq!(edge_calls.load(Ordering::SeqCst), 0);
        let (mut result, page) = read();
        router.complete(
            &mut result,
            &page,
            &request(OffloadMode::Edge, Policy::LocalOnly),
        );
        assert_eq!(result.provenance.route[0].outcome, Outcome::PolicyForbids);
        assert!(result.egress.is_none());
        assert_eq!(edge_calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn the_breaker_opens_after_repeated_failures_and_tries_again_after_its_cooldown() {
        let (edge, calls, _) = fake(Some(Outcome::Timeout), json!({}));
        let router = Router::new(vec![target(TargetKind::Edge, edge, Policy::Trusted)])
            .with_breaker(BreakerSettings {
                failures: 2,
                cooldown: Duration::from_millis(200),
            });
        let outcome = || {
            let (mut result, page) = read();
            router.complete(
                &mut result,
                &page,
                &request(OffloadMode::Edge, Policy::Pseudonymise),
            );
            result.provenance.route[0].outcome
        };
        assert_eq!(outcome(), Outcome::Timeout);
        assert_eq!(outcome(), Outcome::Timeout);
        assert_eq!(outcome(), Outcome::CircuitOpen);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(outcome(), Outcome::Timeout, "one trial after the cooldown");
        assert_eq!(outcome(), Outcome::CircuitOpen);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn minimal_sends_only_the_missing_fields_lines_and_cancel_stops_everything() {
        let (edge, calls, seen) = fake(None, identity_answer(&[]));
        let router = Router::new(vec![target(TargetKind::Edge, edge, Policy::Trusted)]);
        let page = OcrPage::from_plain(&format!("{PAGE}\nCittadinanza: ITALIANA"));
        let mut result = parse_page(&page, &ParseOptions::default());
        result.fields.remove(&FieldName::Nationality);
        router.complete(
            &mut result,
            &page,
            &request(OffloadMode::Edge, Policy::Minimal),
        );
        let sent = seen.lock().unwrap().clone();
        assert!(
            sent.contains("ITALIANA") && !sent.contains("ROSSI"),
            "{sent}"
        );
        let cancel = AtomicBool::new(true);
        let (mut result, page) = read();
        router.complete(
            &mut result,
            &page,
            &RouteRequest {
                cancel: Some(&cancel),
                ..request(OffloadMode::Auto, Policy::Trusted)
            },
        );
        assert_eq!(result.provenance.route[0].outcome, Outcome::Cancelled);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn stricter_orders_policies() {
        assert_eq!(
            stricter(Policy::Trusted, Policy::Pseudonymise),
            Policy::Pseudonymise
        );
        assert_eq!(
            stricter(Policy::Minimal, Policy::Pseudonymise),
            Policy::Pseudonymise
        );
        assert_eq!(stricter(Policy::Minimal, Policy::Trusted), Policy::Minimal);
        assert_eq!(
            stricter(Policy::Trusted, Policy::LocalOnly),
            Policy::LocalOnly
        );
    }
}
