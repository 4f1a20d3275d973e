//! Faults against the real server: bad bodies get 4xx and the server keeps serving; an upstream
//! that dies mid-request gives 502 before the deadline; a hanging one gives 504 at the
//! deadline; a full queue answers 429 with Retry-After; shutdown drains in-flight requests;
//! no value sent appears in the logs or the metrics.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};

fn paired(config: &str) -> (tempfile::TempDir, Server, reqwest::blocking::Client) {
    let state = state();
    let server = Server::start(state.path(), config);
    let id = pair(&server, &token(state.path(), &[]));
    let client = client(&ca(state.path()), Some(&id));
    (state, server, client)
}

fn raw(client: &reqwest::blocking::Client, server: &Server, body: Vec<u8>) -> (u16, Value) {
    let response = client
        .post(server.url("/v1/extract"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().unwrap_or(Value::Null))
}

#[test]
fn bad_bodies_get_4xx_and_the_server_keeps_serving() {
    let (_state, server, client) = paired("");
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("malformed JSON", b"{\"text\": ZEBEDEO".to_vec(), 400),
        ("not an object", b"[1, 2]".to_vec(), 400),
        ("unknown field", br#"{"text": "x", "image": "AAAA"}"#.to_vec(), 400),
        (
            "deeply nested",
            format!("{{\"text\": \"x\", \"schema\": {}{}}}", "[".repeat(5_000), "]".repeat(5_000))
                .into_bytes(),
            400,
        ),
        (
            "schema and schema_id",
            br#"{"text": "x", "schema_id": "identity", "schema": {"type": "object", "properties": {}}}"#.to_vec(),
            400,
        ),
        ("unknown schema_id", br#"{"text": "x", "schema_id": "visa"}"#.to_vec(), 400),
        ("local_only text", br#"{"text": "x", "policy": "local_only"}"#.to_vec(), 400),
        (
            "custom schema with the rules engine",
            br#"{"text": "x", "schema": {"type": "object", "properties": {"plate": {"type": "string"}}}}"#.to_vec(),
            400,
        ),
    ];
    for (what, body, expected) in cases {
        let started = Instant::now();
        let (status, reply) = raw(&client, &server, body);
        assert_eq!(status, expected, "{what}: {reply}");
        assert!(reply["error"]["kind"].is_string(), "{what}: {reply}");
        assert!(!reply.to_string().contains("ZEBEDEO"), "{what}: {reply}");
        println!("{what}: {status} in {:?}", started.elapsed());
        let (status, _) = extract(&client, &server, &json!({"text": TEXT})).unwrap();
        assert_eq!(status, 200, "after {what}");
    }

    // 100 MB: the server answers 413 as soon as the declared length is over the limit and
    // closes the connection; a client still writing may see that as a broken pipe instead of
    // the answer. The server's own count of 413s is the proof either way.
    let started = Instant::now();
    let sent = client
        .post(server.url("/v1/extract"))
        .header("content-type", "application/json")
        .body(vec![b' '; 100 * 1024 * 1024])
        .send();
    match sent {
        Ok(r) => assert_eq!(r.status().as_u16(), 413),
        Err(e) => assert!(e.status().is_none(), "{}", chain(&e)),
    }
    let metrics = metrics(&client, &server);
    assert!(
        metrics.contains("carta_requests_total{route=\"/v1/extract\",status=\"413\"} 1"),
        "{metrics}"
    );
    println!("100 MB body: 413 in {:?}", started.elapsed());
    let (status, _) = extract(&client, &server, &json!({"text": TEXT})).unwrap();
    assert_eq!(status, 200, "after 100 MB");
}

#[test]
fn an_upstream_killed_mid_request_gives_502_before_the_deadline() {
    let mut upstream = Upstream::start(&["hang"]);
    let (_state, server, client) = paired(&format!(
        "engine = \"upstream\"\nupstream = \"{}\"\ndeadline_ms = 20000",
        upstream.url
    ));
    let (watcher, metrics) = (client.clone(), server.url("/metrics"));
    let killer = std::thread::spawn(move || {
        wait_for_metrics(&watcher, &metrics, &["carta_in_flight 1"]);
        upstream.child.kill().unwrap();
        upstream
    });
    let started = Instant::now();
    let (status, body) = extract(&client, &server, &json!({"text": TEXT})).unwrap();
    let elapsed = started.elapsed();
    drop(killer.join());
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["error"]["kind"], "engine");
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
    println!("upstream killed mid-request: 502 after {elapsed:?}");
}

#[test]
fn a_hanging_upstream_gives_504_at_the_deadline_and_a_full_queue_429() {
    let upstream = Upstream::start(&["hang"]);
    let (_state, server, client) = paired(&format!(
        "engine = \"upstream\"\nupstream = \"{}\"\nparallel = 1\nqueue = 1\ndeadline_ms = 3000",
        upstream.url
    ));
    // One answering, one waiting; the third is refused at once.
    let busy: Vec<_> = (0..2)
        .map(|_| {
            let (client, url) = (client.clone(), server.url("/v1/extract"));
            std::thread::spawn(move || {
                let started = Instant::now();
                let status = client
                    .post(url)
                    .json(&json!({"text": TEXT}))
                    .send()
                    .unwrap()
                    .status();
                (status.as_u16(), started.elapsed())
            })
        })
        .collect();
    wait_for_metrics(
        &client,
        &server.url("/metrics"),
        &["carta_in_flight 1", "carta_queue_depth 1"],
    );
    let started = Instant::now();
    let response = client
        .post(server.url("/v1/extract"))
        .json(&json!({"text": TEXT}))
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "1");
    println!("queue full: 429 in {:?}", started.elapsed());
    for handle in busy {
        let (status, elapsed) = handle.join().unwrap();
        assert_eq!(status, 504);
        assert!(elapsed < Duration::from_millis(3_900), "{elapsed:?}");
        println!("hanging upstream: 504 after {elapsed:?} (deadline 3 s)");
    }
    // A request may ask for a shorter deadline.
    let started = Instant::now();
    let (status, _) =
        extract(&client, &server, &json!({"text": TEXT, "deadline_ms": 300})).unwrap();
    assert_eq!(status, 504);
    assert!(started.elapsed() < Duration::from_millis(1_500));
}

#[test]
fn shutdown_drains_in_flight_requests() {
    let upstream = Upstream::start(&["slow", "1.5"]);
    let (_state, server, client) = paired(&format!(
        "engine = \"upstream\"\nupstream = \"{}\"",
        upstream.url
    ));
    let (url, sender) = (server.url("/v1/extract"), client.clone());
    let in_flight = std::thread::spawn(move || {
        let response = sender
            .post(url)
            .json(&json!({"text": TEXT}))
            .send()
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().unwrap(),
        )
    });
    wait_for_metrics(&client, &server.url("/metrics"), &["carta_in_flight 1"]);
    let started = Instant::now();
    let exit = server.terminate();
    let (status, body) = in_flight.join().unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["extractor"], "openai");
    assert!(exit.success());
    println!(
        "drained: the in-flight answer came, then the server exited after {:?}",
        started.elapsed()
    );
}

#[test]
fn no_value_sent_appears_in_logs_or_metrics() {
    let (_state, server, client) = paired("");
    let (status, _) = extract(&client, &server, &json!({"text": TEXT})).unwrap();
    assert_eq!(status, 200);
    raw(
        &client,
        &server,
        b"{\"text\": \"QUAGLIARELLA\", \"ZEBEDEO\": 1}".to_vec(),
    );
    raw(&client, &server, b"{\"text\": QUAGLIARELLA".to_vec());
    let metrics = metrics(&client, &server);
    assert!(
        metrics.contains("carta_requests_total{route=\"/v1/extract\",status=\"200\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("carta_errors_total{kind=\"bad_request\"} 2"),
        "{metrics}"
    );
    let log_path = server.log.clone();
    assert!(server.terminate().success());
    let log = std::fs::read_to_string(log_path).unwrap();
    assert!(log.contains("request"), "{log}");
    // Whole values: digits alone turn up in timings and histogram sums by chance.
    for value in [
        "QUAGLIARELLA",
        "ZEBEDEO",
        "CA12345ZX",
        "14/05/1987",
        "1987-05-14",
    ] {
        assert!(!log.contains(value), "{value} in the log:\n{log}");
        assert!(!metrics.contains(value), "{value} in the metrics");
    }
}

#[test]
fn each_client_certificate_is_rate_limited() {
    let (_state, server, client) = paired("client_rate = 5");
    let statuses: Vec<u16> = (0..12)
        .map(|_| extract(&client, &server, &json!({"text": TEXT})).unwrap().0)
        .collect();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    println!("12 requests at once against 5/s: {limited} got 429");
    assert!(statuses[..5].iter().all(|s| *s == 200), "{statuses:?}");
    assert!(limited >= 5, "{statuses:?}");
}

#[test]
fn a_callers_schema_goes_to_the_model_engine_and_its_answer_is_checked() {
    let upstream = Upstream::start(&["slow", "0"]);
    let (_state, server, client) = paired(&format!(
        "engine = \"upstream\"\nupstream = \"{}\"",
        upstream.url
    ));
    let schema = json!({
        "type": "object",
        "properties": {"plate": {"type": ["string", "null"], "maxLength": 10}},
        "required": ["plate"],
        "additionalProperties": false,
    });
    let (status, body) = extract(
        &client,
        &server,
        &json!({"text": "Targa: AB123CD", "schema": schema}),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["answer"], json!({"plate": null}));
}
