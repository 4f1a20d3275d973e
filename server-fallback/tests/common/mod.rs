//! The real `carta-server` binary on 127.0.0.1 with a state folder made by `carta-server init`,
//! and HTTPS clients with or without a client certificate.
#![allow(clippy::unwrap_used, dead_code)]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{CertificateParams, DnType, KeyPair};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_carta-server");

/// A state folder with a CA and a server certificate for 127.0.0.1.
pub fn state() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["init", "--state"])
        .arg(dir.path())
        .args(["--host", "127.0.0.1", "--host", "localhost"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// Runs a `carta-server` command on `state`; returns stdout.
pub fn command(state: &Path, args: &[&str]) -> String {
    let mut command = Command::new(BIN);
    command.args(args).arg("--state").arg(state);
    let config = state.join("test.toml");
    if config.exists() {
        command.arg("--config").arg(config);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Opens a pairing window: the token of the pairing URI.
pub fn token(state: &Path, extra: &[&str]) -> String {
    let mut args = vec!["pair", "--host", "127.0.0.1", "--no-qr"];
    args.extend(extra);
    let uri = command(state, &args);
    uri.trim().split("token=").nth(1).unwrap().to_owned()
}

/// A running server; killed on drop. Its log (standard error) goes to `log`.
pub struct Server {
    child: Child,
    pub api: String,
    pub pair: String,
    pub health: Option<String>,
    pub log: PathBuf,
    pub state: PathBuf,
}

impl Server {
    /// Starts `carta-server serve` on ephemeral ports with `config` (TOML lines) added.
    pub fn start(state: &Path, config: &str) -> Server {
        Server::start_on(state, "127.0.0.1:0", config)
    }

    /// Starts `carta-server serve` with its API on `listen`.
    pub fn start_on(state: &Path, listen: &str, config: &str) -> Server {
        let file = state.join("test.toml");
        std::fs::write(
            &file,
            format!("listen = \"{listen}\"\npair_listen = \"127.0.0.1:0\"\n{config}\n"),
        )
        .unwrap();
        let log = state.join(format!("server-{}.log", rand::random::<u32>()));
        let mut child = Command::new(BIN)
            .args(["serve", "--config"])
            .arg(&file)
            .arg("--state")
            .arg(state)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let field = |name: &str| {
            line.split_whitespace()
                .find_map(|w| w.strip_prefix(&format!("{name}=")))
                .filter(|v| *v != "-")
                .map(str::to_owned)
        };
        assert!(
            line.starts_with("listening"),
            "{line}: {}",
            std::fs::read_to_string(&log).unwrap()
        );
        Server {
            api: field("api").unwrap(),
            pair: field("pair").unwrap(),
            health: field("health"),
            child,
            log,
            state: state.to_owned(),
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `https://API/path`.
    pub fn url(&self, path: &str) -> String {
        format!("https://{}{path}", self.api)
    }

    /// Sends a signal (`STOP`, `CONT`, `KILL`) to the process. `STOP` returns only once every
    /// thread is stopped: `kill` returns when the signal is queued, and on a busy machine a worker
    /// thread woken by a new connection could otherwise still answer it.
    pub fn signal(&self, name: &str) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args([&format!("-{name}"), &pid])
                .status()
                .unwrap()
                .success()
        );
        if name == "STOP" {
            assert!(eventually(|| self.stopped()), "not stopped");
        }
    }

    /// Whether every thread is in the stopped state (`T` in `/proc/PID/task/*/stat`).
    fn stopped(&self) -> bool {
        let tasks = format!("/proc/{}/task", self.child.id());
        std::fs::read_dir(tasks).unwrap().all(|task| {
            let stat =
                std::fs::read_to_string(task.unwrap().path().join("stat")).unwrap_or_default();
            // The state follows the command name, which is in parentheses.
            stat.rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('T'))
        })
    }

    /// `GET /metrics` on the loopback health listener (`health_listen` in the config).
    pub fn health_metrics(&self) -> String {
        use std::io::{Read as _, Write as _};
        let health = self.health.as_ref().expect("health_listen in the config");
        let mut stream = std::net::TcpStream::connect(health).unwrap();
        stream
            .write_all(b"GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response.split_once("\r\n\r\n").unwrap().1.to_owned()
    }

    /// Sends SIGTERM and waits for the process to end.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();

        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client certificate and key, PEM.
#[derive(Debug, Clone)]
pub struct Identity {
    pub cert: String,
    pub key: String,
    pub serial: String,
}

/// A TLS 1.3 client configuration trusting `ca_pem`, presenting `identity` if given.
pub fn tls(ca_pem: &str, identity: Option<&Identity>) -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(ca_pem.as_bytes()).unwrap())
        .unwrap();
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_root_certificates(roots);
    match identity {
        Some(id) => builder
            .with_client_auth_cert(
                CertificateDer::pem_slice_iter(id.cert.as_bytes())
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap(),
                PrivateKeyDer::from_pem_slice(id.key.as_bytes()).unwrap(),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    }
}

/// An HTTPS client trusting `ca_pem`, presenting `identity` if given. It waits as long as the
/// language-model tests give the server (`deadline_ms = 300000`): on a busy two-core machine a
/// llama.cpp answer may take more than half a minute, and the server's deadline is what those
/// tests check, not the client's patience.
pub fn client(ca_pem: &str, identity: Option<&Identity>) -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(tls(ca_pem, identity))
        .timeout(Duration::from_secs(300))
        .build()
        .unwrap()
}

/// The CA certificate of a state folder.
pub fn ca(state: &Path) -> String {
    std::fs::read_to_string(state.join("ca.pem")).unwrap()
}

/// A key pair and a certificate request for it, as a device makes them.
pub fn csr(name: &str) -> (KeyPair, String) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, name);
    let csr = params.serialize_request(&key).unwrap().pem().unwrap();
    (key, csr)
}

/// `POST /v1/pair` on the pairing listener: status and body.
pub fn pair_request(server: &Server, token: &str, csr: &str) -> (u16, Value) {
    let response = client(&ca(&server.state), None)
        .post(format!("https://{}/v1/pair", server.pair))
        .json(&json!({"token": token, "csr": csr}))
        .send()
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().unwrap_or(Value::Null))
}

/// Pairs a device: a fresh key and a certificate for it.
pub fn pair(server: &Server, token: &str) -> Identity {
    let (key, csr) = csr("test-device");
    let (status, body) = pair_request(server, token, &csr);
    assert_eq!(status, 200, "{body}");
    Identity {
        cert: body["certificate"].as_str().unwrap().to_owned(),
        key: key.serialize_pem(),
        serial: body["serial"].as_str().unwrap().to_owned(),
    }
}

/// The text of an error and all its sources.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!(": {s}"));
        source = s.source();
    }
    out
}

/// A bit of OCR text the rules engine reads.
pub const TEXT: &str = "Cognome: QUAGLIARELLA\nNome: ZEBEDEO\nData di nascita: 14/05/1987\nNumero documento: CA12345ZX\n";

/// `POST /v1/extract` with `body`: status and response.
pub fn extract(
    client: &reqwest::blocking::Client,
    server: &Server,
    body: &Value,
) -> reqwest::Result<(u16, Value)> {
    let response = client.post(server.url("/v1/extract")).json(body).send()?;
    let status = response.status().as_u16();
    Ok((status, response.json().unwrap_or(Value::Null)))
}

/// `GET /metrics`, as text.
pub fn metrics(client: &reqwest::blocking::Client, server: &Server) -> String {
    metrics_at(client, &server.url("/metrics"))
}

fn metrics_at(client: &reqwest::blocking::Client, url: &str) -> String {
    client.get(url).send().unwrap().text().unwrap()
}

/// Waits until the metrics at `url` (`Server::url("/metrics")`) hold every line of `lines`:
/// how a test knows its requests have reached the engine, however busy the machine.
pub fn wait_for_metrics(client: &reqwest::blocking::Client, url: &str, lines: &[&str]) {
    let mut metrics = String::new();
    let arrived = eventually(|| {
        metrics = metrics_at(client, url);
        lines.iter().all(|l| metrics.lines().any(|m| m == *l))
    });
    assert!(arrived, "waiting for {lines:?}: {metrics}");
}

/// Polls `done` every 20 ms for up to 30 s; whether it came true. Tests wait for a state with
/// it instead of sleeping for a time that a busy machine may not honour.
pub fn eventually(mut done: impl FnMut() -> bool) -> bool {
    let started = std::time::Instant::now();
    loop {
        if done() {
            return true;
        }
        if started.elapsed() > Duration::from_secs(30) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The stand-in upstream (`support/upstream.py`), killed on drop.
pub struct Upstream {
    pub child: Child,
    pub url: String,
}

impl Upstream {
    pub fn start(args: &[&str]) -> Upstream {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/upstream.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut port = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut port,
        )
        .unwrap();
        Upstream {
            url: format!("http://127.0.0.1:{}/v1", port.trim()),
            child,
        }
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
