//! The OpenAI-compatible client against a real llama.cpp `llama-server` process (built by
//! `scripts/llama-server`, path in `CARTA_LLAMA_SERVER`) serving the tiny gpt-oss test model on
//! 127.0.0.1 — not an in-process mock. The server is stopped when the test ends.
#![cfg(feature = "openai")]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use carta_core::CoreError;
use carta_core::extract::{ExtractRequest, Extractor, Schema};
use carta_core::openai::{OpenAiExtractor, OpenAiSettings};

/// A running `llama-server`, killed on drop.
struct Server {
    child: Child,
    base_url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start() -> Server {
    let bin = std::env::var("CARTA_LLAMA_SERVER")
        .expect("CARTA_LLAMA_SERVER: the llama-server binary (scripts/llama-server builds it)");
    let model = carta_core::ocr::models::llm_model_path("tiny-gpt-oss")
        .expect("models/fetch --llm tiny-gpt-oss");
    let port = free_port();
    let child = Command::new(bin)
        .args(["-m"])
        .arg(model)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["-c", "4096", "-t", "2", "--no-webui"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start llama-server");
    let server = Server {
        child,
        base_url: format!("http://127.0.0.1:{port}/v1"),
    };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if healthy(port) {
            return server;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("llama-server did not become healthy in 120 s");
}

/// `GET /health` answers 200 (plain HTTP/1.0 over a socket: the test checks the server, not
/// another client).
fn healthy(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let mut reply = String::new();
    stream
        .write_all(b"GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .and_then(|()| stream.read_to_string(&mut reply))
        .is_ok()
        && reply.starts_with("HTTP/1.1 200")
}

fn client(base_url: &str) -> OpenAiExtractor {
    OpenAiExtractor::new(OpenAiSettings {
        base_url: base_url.to_owned(),
        model: "tiny-gpt-oss".to_owned(),
        max_tokens: 1024,
        ..OpenAiSettings::default()
    })
    .expect("client")
}

#[test]
fn answers_from_a_real_llama_server_match_the_schema() {
    let server = start();
    let extractor = client(&server.base_url);
    let schema = Schema::identity();
    let n = 6;
    let mut valid = 0;
    for text in carta_tests::pseudonymised_texts(7, n) {
        let out = extractor
            .extract(&ExtractRequest {
                text: &text,
                schema: &schema,
                deadline: None,
                cancel: None,
            })
            .expect("answer");
        assert!(schema.check(&out.answer).is_ok());
        assert!(out.usage.prompt_tokens > 0);
        valid += 1;
    }
    println!("llama-server with the tiny gpt-oss: {valid} of {n} answers valid");
    // A deadline that has passed ends the request; a server that is gone is an error, at once.
    let late = ExtractRequest {
        text: "Cognome: ROSSI",
        schema: &schema,
        deadline: Some(Instant::now()),
        cancel: None,
    };
    assert_eq!(
        extractor.extract(&late).unwrap_err(),
        CoreError::DeadlineExceeded
    );
    let base_url = server.base_url.clone();
    drop(server);
    let started = Instant::now();
    let gone = client(&base_url).extract(&ExtractRequest {
        deadline: None,
        ..late
    });
    assert!(matches!(gone, Err(CoreError::Llm { .. })), "{gone:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}
