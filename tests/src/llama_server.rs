//! A real llama.cpp `llama-server` process (built by `scripts/llama-server`, path in
//! `CARTA_LLAMA_SERVER`) serving the tiny gpt-oss test model on 127.0.0.1, for the tests of the
//! OpenAI-compatible client and of carta-server's upstream engine. Killed on drop.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `llama-server`, killed on drop.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// The API base, `http://127.0.0.1:PORT/v1`.
    pub base_url: String,
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

/// Starts the server and waits until it is healthy (at most 120 s).
pub fn start() -> Server {
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
