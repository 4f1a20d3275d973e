//! `carta scan` with the real OCR models (fetched by scripts/setup): bad images and PDFs are
//! refused with exit 2 and one line, a photo without a document gives `unknown` with an issue,
//! missing models are an internal failure naming the fix, and the bundled sample scans.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Cursor;

use common::{TODAY, carta};
use image::{ImageFormat, RgbImage};

fn temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("carta-scan-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn encode(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

fn scan(path: &std::path::Path) -> common::Run {
    carta(
        &["scan", path.to_str().unwrap(), "--json", "--today", TODAY],
        b"",
    )
}

#[test]
fn bad_images_exit_2_with_one_line() {
    let gradient = RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])
    });
    let jpeg = encode(&gradient, ImageFormat::Jpeg);
    let mut png = encode(&RgbImage::new(1, 1), ImageFormat::Png);
    png[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    let cases: [(&str, Vec<u8>); 5] = [
        ("empty.jpg", Vec::new()),
        ("truncated.jpg", jpeg[..jpeg.len() / 3].to_vec()),
        ("bomb.png", png),
        ("text.jpg", b"Nome: Mario Rossi\n".to_vec()),
        (
            "nothing.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        let run = scan(&temp(name, &bytes));
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert_eq!(
            run.stderr.trim_end().lines().count(),
            1,
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}");
    }
}

#[test]
fn photo_without_a_document_is_unknown_with_an_issue() {
    let img = RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(100 + x % 50) as u8, (80 + y % 40) as u8, 120])
    });
    let run = scan(&temp("wall.png", &encode(&img, ImageFormat::Png)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    assert_eq!(out["document_type"], "unknown");
    assert_eq!(out["issues"][0]["code"], "no_document_found");
    assert!(
        out["provenance"]["ocr"]
            .as_str()
            .unwrap()
            .ends_with("/rten")
    );
}

#[test]
fn missing_models_are_an_internal_failure_that_names_the_fix() {
    let empty = std::env::temp_dir().join(format!("carta-no-models-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let run = carta(
        &[
            "scan",
            "--sample",
            "--json",
            "--models",
            empty.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("models/fetch"), "{}", run.stderr);
}

#[test]
fn bundled_sample_scans_to_a_valid_mrz() {
    let run = carta(&["scan", "--sample", "--json", "--today", TODAY], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    assert_eq!(out["mrz"]["valid"], true, "{out}");
    assert_eq!(out["document_type"], "passport");
    assert_eq!(out["fields"]["document_number"]["value"], "YS1718324");
    // The visual-zone spelling, cross-checked with the MRZ's `DELL<ACQUA`.
    assert_eq!(out["fields"]["surname"]["value"], "DELL'ACQUA");
}
