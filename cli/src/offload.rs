//! `carta pair`, `carta unpair` and the `--offload` options of `carta scan` and `carta parse`.

use std::path::PathBuf;

use carta_core::redact::Policy;
use carta_core::route::{OffloadMode, Router, Target, TargetKind};
use clap::Args;

use crate::Failure;

/// Where the key store keeps this device's pairings.
#[derive(Debug, Args)]
pub struct ProfileArg {
    /// Key-store profile: pairings are kept per profile (service `carta:PROFILE` in the
    /// platform key store; Linux: keyutils).
    #[arg(long, env = "CARTA_PROFILE", default_value = "default")]
    pub profile: String,
}

/// The offload options of a scan.
#[derive(Debug, Args)]
pub struct OffloadArgs {
    /// Where a model may complete the on-device reading: off (rules only), auto (local model,
    /// then edge, then cloud, whichever is configured), local, edge or cloud. A scan always
    /// returns: when every target fails, the on-device reading, with `provenance.route` saying
    /// why.
    #[arg(long, default_value = "off")]
    pub offload: OffloadMode,
    /// The most text that may leave the device: pseudonymise (placeholders only), minimal (only
    /// the lines of fields the device could not read), trusted (the full text), local_only
    /// (nothing). Each pairing may tighten it further (`carta pair --max-policy`).
    #[arg(long = "policy", default_value = "pseudonymise")]
    pub policy: Policy,
    /// Deadline of the edge box per scan, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 8000)]
    pub edge_deadline_ms: u64,
    /// Deadline of the cloud per scan, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 15000)]
    pub cloud_deadline_ms: u64,
    /// A GGUF model run in this process as the `local` target (builds with the `llm` feature).
    #[arg(long, value_name = "GGUF")]
    pub local_model: Option<PathBuf>,
    #[command(flatten)]
    pub profile: ProfileArg,
}

impl OffloadArgs {
    /// The router for these options; `None` when offload is off.
    pub fn router(&self) -> Result<Option<Router>, Failure> {
        if self.offload == OffloadMode::Off {
            return Ok(None);
        }
        let mut targets = Vec::new();
        if let Some(model) = &self.local_model {
            targets.push(local_target(model)?);
        }
        if self.offload != OffloadMode::Local {
            targets.extend(remote_targets(
                &self.profile.profile,
                std::time::Duration::from_millis(self.edge_deadline_ms),
                std::time::Duration::from_millis(self.cloud_deadline_ms),
            )?);
        }
        let usable = targets.iter().any(|t| self.offload.allows(t.kind));
        let missing = match self.offload {
            OffloadMode::Local if !usable => Some("--offload local needs --local-model GGUF"),
            OffloadMode::Edge if !usable => Some("not paired with an edge box (carta pair URI)"),
            OffloadMode::Cloud if !usable => {
                Some("not enrolled with a cloud server (carta pair URI --as cloud)")
            }
            _ => None,
        };
        if let Some(reason) = missing {
            return Err(Failure::Input(reason.to_owned()));
        }
        Ok(Some(Router::new(targets)))
    }
}

#[cfg(feature = "llm")]
fn local_target(model: &std::path::Path) -> Result<Target, Failure> {
    use carta_core::llm::{LlamaExtractor, LlamaSettings};
    let extractor = LlamaExtractor::load(model, LlamaSettings::default())?;
    Ok(Target {
        kind: TargetKind::Local,
        engine: carta_core::route::Engine::Local(Box::new(extractor)),
        deadline: std::time::Duration::from_secs(60),
        max_policy: Policy::Trusted,
    })
}

#[cfg(not(feature = "llm"))]
fn local_target(_model: &std::path::Path) -> Result<Target, Failure> {
    Err(Failure::Input(
        "this carta was built without the `llm` feature (cargo build -p carta-cli --features llm)"
            .to_owned(),
    ))
}

/// The targets of the servers paired under `profile` (one key-store opening for both).
#[cfg(feature = "offload")]
fn remote_targets(
    profile: &str,
    edge: std::time::Duration,
    cloud: std::time::Duration,
) -> Result<Vec<Target>, Failure> {
    use carta_core::offload::{KeyringStore, paired_targets};
    Ok(paired_targets(
        &KeyringStore::native(profile)?,
        edge,
        cloud,
    )?)
}

#[cfg(not(feature = "offload"))]
fn remote_targets(
    _profile: &str,
    _edge: std::time::Duration,
    _cloud: std::time::Duration,
) -> Result<Vec<Target>, Failure> {
    Err(no_offload())
}

#[cfg(not(feature = "offload"))]
fn no_offload() -> Failure {
    Failure::Input(
        "this carta was built without the `offload` feature (cargo build -p carta-cli --features offload)"
            .to_owned(),
    )
}

/// `carta pair`.
#[derive(Debug, Args)]
pub struct PairArgs {
    /// The pairing URI the server printed (`carta://pair?host=…&fp=sha256:…&token=…`), or `-`
    /// to read it from standard input (keeps the token out of the shell history).
    pub uri: String,
    /// Pair as the edge box or enrol with the private cloud.
    #[arg(long = "as", default_value = "edge")]
    pub target: TargetKind,
    /// This device's name in its certificate (default: the host name).
    #[arg(long)]
    pub name: Option<String>,
    /// The most text this server may ever receive (default: trusted for an edge box,
    /// pseudonymise for the cloud).
    #[arg(long)]
    pub max_policy: Option<Policy>,
    /// Seconds for the whole exchange.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
    #[command(flatten)]
    pub profile: ProfileArg,
}

/// Pairs and prints the pairing (no secret) as JSON.
#[cfg(feature = "offload")]
pub fn pair(args: &PairArgs) -> Result<serde_json::Value, Failure> {
    use carta_core::offload::{self, KeyringStore, PairOptions, PairingUri};
    use std::io::Read as _;
    if args.target == TargetKind::Local {
        return Err(Failure::Input("pair --as edge or --as cloud".to_owned()));
    }
    let text = if args.uri == "-" {
        let mut buf = String::new();
        std::io::stdin()
            .take(4096)
            .read_to_string(&mut buf)
            .map_err(|_| Failure::Input("cannot read the pairing URI".to_owned()))?;
        zeroize::Zeroizing::new(buf)
    } else {
        zeroize::Zeroizing::new(args.uri.clone())
    };
    let uri: PairingUri = text.parse()?;
    let store = KeyringStore::native(&args.profile.profile)?;
    let name = args.name.clone().unwrap_or_else(|| {
        std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_owned())
            .ok()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "carta-device".to_owned())
    });
    let paired = offload::pair(
        &uri,
        &store,
        &PairOptions {
            target: args.target,
            device_name: name,
            max_policy: args.max_policy,
            timeout: std::time::Duration::from_secs(args.timeout.max(1)),
        },
    )?;
    serde_json::to_value(paired).map_err(|e| Failure::Internal(e.into()))
}

#[cfg(not(feature = "offload"))]
pub fn pair(_args: &PairArgs) -> Result<serde_json::Value, Failure> {
    Err(no_offload())
}

/// `carta unpair`.
#[derive(Debug, Args)]
pub struct UnpairArgs {
    /// Forget only this pairing (edge or cloud); default both.
    #[arg(long)]
    pub target: Option<TargetKind>,
    #[command(flatten)]
    pub profile: ProfileArg,
}

/// Deletes the pairings (key, certificate, CA) from the key store; prints what was removed.
#[cfg(feature = "offload")]
pub fn unpair(args: &UnpairArgs) -> Result<serde_json::Value, Failure> {
    use carta_core::offload::{self, KeyringStore};
    let store = KeyringStore::native(&args.profile.profile)?;
    let targets = match args.target {
        Some(TargetKind::Local) => {
            return Err(Failure::Input("unpair --target edge or cloud".to_owned()));
        }
        Some(t) => vec![t],
        None => vec![TargetKind::Edge, TargetKind::Cloud],
    };
    let mut removed = Vec::new();
    for target in targets {
        if let Some(p) = offload::unpair(&store, target)? {
            removed.push(p);
        }
    }
    Ok(serde_json::json!({ "unpaired": removed }))
}

#[cfg(not(feature = "offload"))]
pub fn unpair(_args: &UnpairArgs) -> Result<serde_json::Value, Failure> {
    Err(no_offload())
}
