//! Load benchmark of the real `carta-server` on 127.0.0.1 (`cargo bench -p carta-server --bench
//! load`; `scripts/server-bench` wraps it). Prints figures; asserts nothing about time.
//!
//! 1. Throughput: the rules engine over kept-alive mutual-TLS connections, the generator on the
//!    same machine; requests/s, p50/p99 latency, errors.
//! 2. Overload: a slow upstream (`tests/support/upstream.py slow`) behind a short queue, hit by
//!    many more concurrent requests than it holds: how many get 429, and the server's resident
//!    memory after each round (it should stay flat).
//!
//! Bounded in count and time: `CARTA_LOAD_SECONDS` (default 10), `CARTA_LOAD_CONNECTIONS`
//! (default 32), `CARTA_LOAD_ROUNDS` of 200 overload requests (default 10).

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::BufRead as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Server, TEXT};
use serde_json::json;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A server with `config`, and an async client paired with it.
fn paired(state: &std::path::Path, config: &str, connections: usize) -> (Server, reqwest::Client) {
    let server = Server::start(state, config);
    let id = common::pair(&server, &common::token(state, &[]));
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(common::tls(&common::ca(state), Some(&id)))
        .pool_max_idle_per_host(connections)
        .build()
        .expect("client");
    (server, client)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn throughput(client: reqwest::Client, url: String, connections: usize, seconds: u64) {
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0u64);
                let body = json!({"text": TEXT, "policy": "trusted"});
                while Instant::now() < until {
                    let t = Instant::now();
                    match client.post(&url).json(&body).send().await {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            latencies.push(t.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await.expect("task");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    println!(
        "rules engine, {connections} kept-alive mTLS connections, {seconds} s: {} requests, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, errors {errors}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
    );
}

async fn overload(client: reqwest::Client, url: String, pid: u32, rounds: usize, burst: usize) {
    for round in 1..=rounds {
        let tasks: Vec<_> = (0..burst)
            .map(|_| {
                let (client, url) = (client.clone(), url.clone());
                tokio::spawn(async move {
                    match client.post(&url).json(&json!({"text": TEXT})).send().await {
                        Ok(r) => r.status().as_u16(),
                        Err(_) => 0,
                    }
                })
            })
            .collect();
        let mut counts = std::collections::BTreeMap::new();
        for task in tasks {
            *counts.entry(task.await.expect("task")).or_insert(0u32) += 1;
        }
        println!(
            "overload round {round}: {burst} concurrent requests → statuses {counts:?}; server RSS {} KiB",
            rss_kib(pid)
        );
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let seconds = env_or("CARTA_LOAD_SECONDS", 10);
    let connections = env_or("CARTA_LOAD_CONNECTIONS", 32) as usize;
    let state = common::state();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");

    let config = "parallel = 2\nqueue = 256\nclient_rate = 1000000";
    let (server, client) = paired(state.path(), config, connections);
    println!("server RSS before: {} KiB", rss_kib(server.pid()));
    runtime.block_on(throughput(
        client,
        server.url("/v1/extract"),
        connections,
        seconds,
    ));
    println!("server RSS after: {} KiB", rss_kib(server.pid()));
    drop(server);

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/upstream.py");
    let mut upstream = Command::new("python3")
        .args([script, "slow", "0.2"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut port = String::new();
    std::io::BufReader::new(upstream.stdout.take().expect("stdout"))
        .read_line(&mut port)
        .expect("port");
    let config = format!(
        "engine = \"upstream\"\nupstream = \"http://127.0.0.1:{}/v1\"\nparallel = 2\nqueue = 8\nclient_rate = 1000000",
        port.trim()
    );
    let (server, client) = paired(state.path(), &config, 256);
    println!("overload: upstream answers in 200 ms, 2 slots, 8 queue places");
    let rounds = env_or("CARTA_LOAD_ROUNDS", 10) as usize;
    runtime.block_on(overload(
        client,
        server.url("/v1/extract"),
        server.pid(),
        rounds,
        200,
    ));
    drop(server);
    let _ = upstream.kill();
    let _ = upstream.wait();
}
