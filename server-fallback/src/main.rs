//! `carta-server`: `init` the pairing CA, `serve`, `pair` a device, list `certs`, `revoke` one.
//! Exit codes: 0 success, 2 bad usage or configuration, 1 anything else.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use carta_core::route::split_host_port;
use carta_server::api::AppState;
use carta_server::config::{Config, EngineKind};
use carta_server::engine::{self, Engine};
use carta_server::error::Error;
use carta_server::metrics::Metrics;
use carta_server::pki::Pki;
use carta_server::serve::Bound;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

/// The Carta extraction server (mutual TLS) for the edge box and the private cloud.
#[derive(Debug, Parser)]
#[command(name = "carta-server", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Settings shared by every command; each may also come from the TOML file or the
/// environment (`CARTA_SERVER_STATE_DIR`, …).
#[derive(Debug, Args, Serialize)]
pub struct Common {
    /// TOML configuration file.
    #[arg(long, value_name = "FILE", env = "CARTA_SERVER_CONFIG")]
    #[serde(skip)]
    config: Option<PathBuf>,
    /// State folder (CA, server certificate, tokens, issued certificates, CRL).
    #[arg(long = "state", value_name = "DIR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    state_dir: Option<PathBuf>,
}

/// `serve` flags (each overrides the configuration file and the environment).
#[derive(Debug, Args, Serialize)]
pub struct ServeFlags {
    /// Mutual-TLS API address.
    #[arg(long, value_name = "ADDR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    listen: Option<std::net::SocketAddr>,
    /// Pairing listener address.
    #[arg(long, value_name = "ADDR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pair_listen: Option<std::net::SocketAddr>,
    /// Plaintext health and metrics address (loopback only).
    #[arg(long, value_name = "ADDR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    health_listen: Option<std::net::SocketAddr>,
    /// The extractor.
    #[arg(long, value_enum)]
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<EngineKind>,
    /// GGUF model file (`--engine llm`).
    #[arg(long, value_name = "FILE")]
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<PathBuf>,
    /// OpenAI-compatible API base (`--engine upstream`), e.g. `http://vllm:8000/v1`.
    #[arg(long, value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    upstream: Option<String>,
    /// The model name the upstream serves.
    #[arg(long, value_name = "NAME")]
    #[serde(skip_serializing_if = "Option::is_none")]
    upstream_model: Option<String>,
    /// Requests answered at the same time.
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    parallel: Option<usize>,
    /// Requests that may wait for a slot (beyond: 429).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    queue: Option<usize>,
    /// Longest time a request may take, in milliseconds.
    #[arg(long, value_name = "MS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline_ms: Option<u64>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the pairing CA and the server certificate in the state folder.
    Init {
        #[command(flatten)]
        common: Common,
        /// Names or addresses clients reach the server by (repeat for several).
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
    },
    /// Serve the API until SIGTERM or Ctrl-C.
    Serve {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: ServeFlags,
        /// Check the configuration (file, environment, flags), print it as JSON and exit.
        #[arg(long)]
        check: bool,
    },
    /// Open a pairing window: issue a one-time token and print the pairing URI and its QR code.
    Pair {
        #[command(flatten)]
        common: Common,
        /// The host (and port) devices reach the pairing listener by.
        #[arg(long, value_name = "HOST[:PORT]")]
        host: Option<String>,
        /// Print the URI only, without the QR code.
        #[arg(long)]
        no_qr: bool,
        /// Lifetime of this token in seconds (default: `token_seconds` of the configuration).
        #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
        expires_in: Option<u64>,
    },
    /// List the client certificates issued (JSON Lines).
    Certs {
        #[command(flatten)]
        common: Common,
    },
    /// Revoke a client certificate by its serial number (see `certs`).
    Revoke {
        #[command(flatten)]
        common: Common,
        /// Serial number, hex.
        serial: String,
    },
}

fn config(common: &Common, flags: Option<&ServeFlags>) -> Result<Config, Error> {
    let mut partial = serde_json::to_value(common).map_err(|e| Error::Config(e.to_string()))?;
    if let (Some(flags), Some(map)) = (flags, partial.as_object_mut())
        && let serde_json::Value::Object(more) =
            serde_json::to_value(flags).map_err(|e| Error::Config(e.to_string()))?
    {
        map.extend(more);
    }
    Config::load(common.config.as_deref(), &partial)
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return ctrl_c.await.unwrap_or(()),
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await.unwrap_or(());
}

fn serve(config: Config) -> Result<(), Error> {
    let pki = Pki::open(&config.state_dir)?;
    let metrics = Arc::new(Metrics::default());
    let extractor = engine::extractor(&config)?;
    let engine = Engine::new(extractor, config.parallel, config.queue, metrics.clone());
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let bound = Bound::bind(&config).await?;
        let (api, pair, health) = bound.addresses()?;
        let shown = |a: Option<std::net::SocketAddr>| a.map_or("-".to_owned(), |a| a.to_string());
        // One machine-readable line on standard output (tests and scripts read the ports).
        println!(
            "listening api={api} pair={} health={}",
            shown(pair),
            shown(health)
        );
        tracing::info!(
            %api,
            pair = ?pair,
            health = ?health,
            engine = engine.name(),
            "carta-server listening"
        );
        // The bound port (the configured one may be 0): pairing replies tell devices this port.
        let config = Config {
            listen: api,
            ..config
        };
        let state = Arc::new(AppState::new(config, pki, engine, metrics));
        bound.serve(state, shutdown_signal()).await
    })
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Init { common, hosts } => {
            let config = config(&common, None)?;
            let pki = Pki::init(&config.state_dir, &hosts)?;
            println!(
                "CA created in {}\nfingerprint sha256:{}",
                pki.dir().display(),
                pki.ca_fingerprint()
            );
            Ok(())
        }
        Command::Serve {
            common,
            flags,
            check,
        } => {
            let config = config(&common, Some(&flags))?;
            if check {
                let json = serde_json::to_string_pretty(&config)
                    .map_err(|e| Error::Config(e.to_string()))?;
                println!("{json}");
                return Ok(());
            }
            serve(config)
        }
        Command::Pair {
            common,
            host,
            no_qr,
            expires_in,
        } => {
            let config = config(&common, None)?;
            let port = config
                .pair_listen
                .ok_or_else(|| Error::Config("pairing is off (no pair_listen)".into()))?
                .port();
            let host = host
                .or_else(|| config.public_host.clone().map(|h| format!("{h}:{port}")))
                .ok_or_else(|| Error::Config("pair needs --host or public_host".into()))?;
            let host = if split_host_port(&host).is_some() {
                host
            } else if host.contains(':') && !(host.starts_with('[') && host.ends_with(']')) {
                return Err(Error::Config(
                    "--host must be HOST or HOST:PORT (an IPv6 address in brackets)".into(),
                ));
            } else {
                format!("{host}:{port}")
            };
            let pki = Pki::open(&config.state_dir)?;
            let seconds = expires_in.unwrap_or(config.token_seconds);
            let token = pki.issue_token(Duration::from_secs(seconds))?;
            let uri = format!(
                "carta://pair?host={host}&fp=sha256:{}&token={token}",
                pki.ca_fingerprint()
            );
            if !no_qr {
                let code = qrcode::QrCode::new(uri.as_bytes())
                    .map_err(|e| Error::Config(format!("QR code: {e}")))?;
                let art = code
                    .render::<qrcode::render::unicode::Dense1x2>()
                    .dark_color(qrcode::render::unicode::Dense1x2::Light)
                    .light_color(qrcode::render::unicode::Dense1x2::Dark)
                    .quiet_zone(true)
                    .build();
                println!("{art}");
            }
            println!("{uri}");
            eprintln!("the token works once and expires in {seconds} seconds");
            Ok(())
        }
        Command::Certs { common } => {
            let config = config(&common, None)?;
            for client in Pki::open(&config.state_dir)?.clients()? {
                println!(
                    "{}",
                    serde_json::to_string(&client).map_err(|e| Error::Config(e.to_string()))?
                );
            }
            Ok(())
        }
        Command::Revoke { common, serial } => {
            let config = config(&common, None)?;
            let client = Pki::open(&config.state_dir)?.revoke(&serial)?;
            println!("revoked {} ({})", client.serial, client.name);
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    // `RUST_LOG` (e.g. `warn`, `carta_server=debug`) sets the level; info by default.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                Error::Config(_) | Error::BadRequest(_) => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}
