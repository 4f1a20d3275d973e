//! The OpenAI-compatible client against a real llama.cpp `llama-server` process (built by
//! `scripts/llama-server`, path in `CARTA_LLAMA_SERVER`) serving the tiny gpt-oss test model on
//! 127.0.0.1 — not an in-process mock. The server is stopped when the test ends.
#![cfg(feature = "openai")]

use std::time::{Duration, Instant};

use carta_core::CoreError;
use carta_core::extract::{ExtractRequest, Extractor, Schema};
use carta_core::openai::{OpenAiExtractor, OpenAiSettings};

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
    let server = carta_tests::llama_server::start();
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
