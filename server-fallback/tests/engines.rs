//! carta-server with language-model engines (feature `llm`; `scripts/test` runs it): the
//! embedded llama.cpp engine with the tiny gpt-oss test model answering requests in parallel,
//! and the upstream engine in front of a real llama.cpp `llama-server` (path in
//! `CARTA_LLAMA_SERVER`). Every answer must match the canonical identity schema.
#![cfg(feature = "llm")]
#![allow(clippy::unwrap_used)]

mod common;

use carta_core::extract::Schema;
use common::*;
use serde_json::json;

fn texts() -> Vec<String> {
    carta_tests::pseudonymised_texts(11, 3)
}

/// Sends every text at once; all must come back 200 and valid.
fn all_valid(server: &Server, client: &reqwest::blocking::Client, extractor: &str) {
    let handles: Vec<_> = texts()
        .into_iter()
        .map(|text| {
            let (client, url) = (client.clone(), server.url("/v1/extract"));
            std::thread::spawn(move || {
                let r = client
                    .post(url)
                    .json(&json!({"text": text, "policy": "pseudonymise"}))
                    .send()
                    .unwrap();
                (r.status().as_u16(), r.json::<serde_json::Value>().unwrap())
            })
        })
        .collect();
    for handle in handles {
        let (status, body) = handle.join().unwrap();
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["extractor"], extractor);
        assert!(Schema::identity().check(&body["answer"]).is_ok(), "{body}");
        assert!(body["usage"]["prompt_tokens"].as_u64().unwrap() > 0);
    }
    println!("{extractor}: 3 of 3 concurrent answers valid");
}

#[test]
fn the_embedded_llama_engine_answers_in_parallel() {
    let model = carta_core::ocr::models::llm_model_path("tiny-gpt-oss").unwrap();
    let state = state();
    let server = Server::start(
        state.path(),
        &format!(
            "engine = \"llm\"\nmodel = \"{}\"\nparallel = 2\nthreads = 1\ndeadline_ms = 300000",
            model.display()
        ),
    );
    let id = pair(&server, &token(state.path(), &[]));
    all_valid(&server, &client(&ca(state.path()), Some(&id)), "llama");
}

#[test]
fn the_upstream_engine_in_front_of_a_real_llama_server() {
    let llama = carta_tests::llama_server::start();
    let state = state();
    let server = Server::start(
        state.path(),
        &format!(
            "engine = \"upstream\"\nupstream = \"{}\"\nupstream_model = \"tiny-gpt-oss\"\nparallel = 2\ndeadline_ms = 300000",
            llama.base_url
        ),
    );
    let id = pair(&server, &token(state.path(), &[]));
    all_valid(&server, &client(&ca(state.path()), Some(&id)), "openai");
}
