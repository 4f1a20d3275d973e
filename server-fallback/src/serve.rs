//! The listeners: mutual TLS for the API (client certificates verified against the pairing CA
//! and its revocation list, reloaded when `carta-server revoke` rewrites it), server-only TLS
//! for pairing (connections are dropped unless a pairing token is outstanding), and an optional
//! plaintext loopback port for health checks. Shutdown stops accepting, then lets in-flight
//! requests finish for `drain_seconds`.

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use rustls::ServerConfig;
use rustls::server::WebPkiClientVerifier;
use sha2::{Digest as _, Sha256};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt as _;

use crate::api::{self, AppState, ClientId};
use crate::error::{Error, Result};
use crate::metrics::KindLabel;
use crate::pki::Pki;

const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

fn tls_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Pki(format!("{what}: {e}"))
}

static TLS13_ONLY: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS13];

fn versions(tls12: bool) -> &'static [&'static rustls::SupportedProtocolVersion] {
    if tls12 {
        rustls::ALL_VERSIONS
    } else {
        TLS13_ONLY
    }
}

/// The mutual-TLS server configuration: client certificates from the pairing CA, checked
/// against its revocation list.
pub fn mtls_config(pki: &Pki, tls12: bool) -> Result<Arc<ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(pki.ca_der().clone())
        .map_err(|e| tls_error("CA", e))?;
    let crl = pki.crl()?;
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .with_crls([crl])
        .build()
        .map_err(|e| tls_error("client verifier", e))?;
    let (chain, key) = pki.server_identity()?;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(versions(tls12))
        .map_err(|e| tls_error("TLS", e))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .map_err(|e| tls_error("server certificate", e))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The pairing listener's configuration: server-only TLS (the client has no certificate yet;
/// it pins the CA by the fingerprint in the pairing URI).
pub fn pairing_config(pki: &Pki, tls12: bool) -> Result<Arc<ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let (chain, key) = pki.server_identity()?;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(versions(tls12))
        .map_err(|e| tls_error("TLS", e))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| tls_error("server certificate", e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The mutual-TLS acceptor, rebuilt when the revocation list on disk changes.
struct MtlsAcceptor {
    state: Arc<AppState>,
    current: RwLock<(SystemTime, TlsAcceptor)>,
}

impl MtlsAcceptor {
    fn new(state: Arc<AppState>) -> Result<MtlsAcceptor> {
        let modified = state.pki.crl_modified()?;
        let config = mtls_config(&state.pki, state.config.allow_tls12)?;
        Ok(MtlsAcceptor {
            state,
            current: RwLock::new((modified, TlsAcceptor::from(config))),
        })
    }

    fn get(&self) -> TlsAcceptor {
        let modified = self.state.pki.crl_modified().ok();
        {
            let current = self
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if modified.is_none_or(|m| m == current.0) {
                return current.1.clone();
            }
        }
        let mut current = self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match mtls_config(&self.state.pki, self.state.config.allow_tls12) {
            Ok(config) => {
                tracing::info!("revocation list reloaded");
                *current = (modified.unwrap_or(current.0), TlsAcceptor::from(config));
            }
            Err(e) => tracing::error!("revocation list not reloaded, keeping the last one: {e}"),
        }
        current.1.clone()
    }
}

/// What an accept loop serves.
enum Listener {
    Api(Arc<MtlsAcceptor>),
    Pair(TlsAcceptor),
}

async fn accept_loop(
    listener: TcpListener,
    kind: Listener,
    router: Router,
    state: Arc<AppState>,
    graceful: Arc<GracefulShutdown>,
    mut stop: watch::Receiver<bool>,
) {
    let name = match kind {
        Listener::Api(_) => "api",
        Listener::Pair(_) => "pair",
    };
    let mut http = auto::Builder::new(TokioExecutor::new());
    http.http1()
        .timer(TokioTimer::new())
        .keep_alive(true)
        .header_read_timeout(Duration::from_secs(10));
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(listener = name, "accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        let acceptor = match &kind {
            Listener::Api(a) => a.get(),
            Listener::Pair(a) => a.clone(),
        };
        let pairing = matches!(kind, Listener::Pair(_));
        let (router, state, http) = (router.clone(), state.clone(), http.clone());
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            // The pairing window: closed unless a token is outstanding (the state file is read
            // here, off the accept loop).
            if pairing && !state.pki.pairing_open() {
                return;
            }
            let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => tls,
                _ => {
                    state
                        .metrics
                        .handshake_failures
                        .get_or_create(&KindLabel { kind: name.into() })
                        .inc();
                    return;
                }
            };
            let client = tls
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|c| c.first())
                .map(|leaf| ClientId(Sha256::digest(leaf).into()));
            let service = hyper::service::service_fn(move |mut request| {
                request.extensions_mut().insert(ConnectInfo(peer));
                if let Some(client) = client {
                    request.extensions_mut().insert(client);
                }
                router.clone().oneshot(request)
            });
            let connection = http.serve_connection(TokioIo::new(tls), service);
            let _ = watcher.watch(connection.into_owned()).await;
        });
    }
}

/// The bound listeners of a server, before it runs.
#[derive(Debug)]
pub struct Bound {
    api: TcpListener,
    pair: Option<TcpListener>,
    health: Option<TcpListener>,
}

impl Bound {
    /// Binds the configured addresses.
    pub async fn bind(config: &crate::config::Config) -> Result<Bound> {
        let bind = |addr: SocketAddr| async move {
            TcpListener::bind(addr)
                .await
                .map_err(|e| Error::Config(format!("cannot listen on {addr}: {e}")))
        };
        Ok(Bound {
            api: bind(config.listen).await?,
            pair: match config.pair_listen {
                Some(a) => Some(bind(a).await?),
                None => None,
            },
            health: match config.health_listen {
                Some(a) => Some(bind(a).await?),
                None => None,
            },
        })
    }

    /// The addresses actually bound (API, pairing, health): useful with port 0.
    pub fn addresses(
        &self,
    ) -> std::io::Result<(SocketAddr, Option<SocketAddr>, Option<SocketAddr>)> {
        let optional =
            |l: &Option<TcpListener>| l.as_ref().map(TcpListener::local_addr).transpose();
        Ok((
            self.api.local_addr()?,
            optional(&self.pair)?,
            optional(&self.health)?,
        ))
    }

    /// Serves until `shutdown` resolves, then drains in-flight requests.
    pub async fn serve(
        self,
        state: Arc<AppState>,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> Result<()> {
        let graceful = Arc::new(GracefulShutdown::new());
        let (stop_tx, stop) = watch::channel(false);
        let mut tasks = tokio::task::JoinSet::new();
        let acceptor = Arc::new(MtlsAcceptor::new(state.clone())?);
        tasks.spawn(accept_loop(
            self.api,
            Listener::Api(acceptor),
            api::api_router(state.clone()),
            state.clone(),
            graceful.clone(),
            stop.clone(),
        ));
        if let Some(pair) = self.pair {
            let config = pairing_config(&state.pki, state.config.allow_tls12)?;
            tasks.spawn(accept_loop(
                pair,
                Listener::Pair(TlsAcceptor::from(config)),
                api::pair_router(state.clone()),
                state.clone(),
                graceful.clone(),
                stop.clone(),
            ));
        }
        if let Some(health) = self.health {
            let mut stop = stop.clone();
            let router = api::health_router(state.clone());
            tasks.spawn(async move {
                let _ = axum::serve(health, router)
                    .with_graceful_shutdown(async move {
                        let _ = stop.changed().await;
                    })
                    .await;
            });
        }
        shutdown.await;
        tracing::info!("shutting down: draining in-flight requests");
        state.begin_shutdown();
        let _ = stop_tx.send(true);
        while tasks.join_next().await.is_some() {}
        let drain = Duration::from_secs(state.config.drain_seconds);
        let graceful = Arc::try_unwrap(graceful).unwrap_or_else(|_| GracefulShutdown::new());
        if tokio::time::timeout(drain, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("drain time over: closing the remaining connections");
        }
        Ok(())
    }
}
