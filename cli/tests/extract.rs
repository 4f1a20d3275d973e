//! `carta extract`: the rules engine as an extractor answers the canonical identity schema;
//! schemas and extractors that cannot be used are bad input (exit 2, one line, no value echoed).
#![allow(clippy::unwrap_used)]

mod common;

use common::carta;

#[test]
fn rules_extractor_answers_the_identity_schema() {
    let run = carta(
        &["extract", "--text", "-"],
        include_bytes!("../../samples/cie-front-back.txt"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    assert_eq!(out["extractor"], "rules");
    assert_eq!(out["answer"]["surname"], "D'AMICO");
    assert_eq!(out["answer"]["fiscal_code"], "DMCNCL87E14H501O");
    assert_eq!(out["answer"].as_object().unwrap().len(), 17);
    assert_eq!(out["usage"]["prompt_tokens"], 0);
}

#[test]
fn unusable_schemas_and_extractors_are_bad_input() {
    let dir = std::env::temp_dir().join(format!("carta-extract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let not_object = dir.join("string.json");
    std::fs::write(&not_object, r#"{"type": "string"}"#).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"type\": \"object\", SECRET").unwrap();
    let plate = dir.join("plate.json");
    std::fs::write(
        &plate,
        r#"{"type":"object","properties":{"plate":{"type":"string"}}}"#,
    )
    .unwrap();
    for (args, what) in [
        (
            vec!["--schema", not_object.to_str().unwrap()],
            "not an object schema",
        ),
        (vec!["--schema", broken.to_str().unwrap()], "not JSON"),
        // The rules engine answers only the identity schema.
        (
            vec!["--schema", plate.to_str().unwrap()],
            "rules with a custom schema",
        ),
        (vec!["--extractor", "llm"], "llm without --model"),
    ] {
        let mut full = vec!["extract", "--text", "-"];
        full.extend(args);
        let run = carta(&full, b"Cognome: ROSSI\n");
        assert_eq!(run.code, 2, "{what}: {}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{what}");
        assert!(
            !run.stderr.contains("SECRET") && !run.stderr.contains("ROSSI"),
            "{what}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
