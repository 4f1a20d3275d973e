//! `carta eval` on the text fixtures of `tests/fixtures/eval`: text documents are scored
//! without OCR and left out of the character error rate; a ground-truth file that names both
//! an image and a text is refused (exit 2).
#![allow(clippy::unwrap_used)]

mod common;

use common::carta;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/eval");

#[test]
fn text_fixtures_are_scored_without_ocr() {
    let run = carta(&["eval", FIXTURES, "--json", "--today", "2026-11-26"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["documents"], 5);
    assert!(report["cer"].is_null());
    let field = |k: &str| {
        (
            report["fields"][k]["exact"].clone(),
            report["fields"][k]["n"].clone(),
        )
    };
    // Labelled dates in five languages (`12 de octubre de 1984` among them) and numbers.
    for key in ["birth_date", "document_number", "expiry_date"] {
        assert_eq!(field(key), (5.into(), 5.into()), "{key}");
    }
    // Each name line holds given names and surname together: without a surname label the
    // rules engine cannot split them, which is what a language model is scored on here.
    assert_eq!(field("surname"), (0.into(), 5.into()));
}

#[test]
fn a_truth_file_with_both_image_and_text_is_bad_input() {
    let dir = std::env::temp_dir().join(format!("carta-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "Nome: MARIO\n").unwrap();
    std::fs::write(
        dir.join("a.json"),
        r#"{"image": "a.jpg", "text": "a.txt", "fields": {"given_names": "MARIO"}}"#,
    )
    .unwrap();
    let run = carta(&["eval", dir.to_str().unwrap()], b"");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("exactly one of"), "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}
