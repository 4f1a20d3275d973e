//! The two OCR runtimes read the same: rten (default) and ONNX Runtime (feature `ocr-ort`)
//! run the same networks on the bundled sample photo, with the real models and library
//! fetched by `scripts/setup`. Run by `scripts/test` with `--features ocr-ort`.
#![cfg(feature = "ocr-ort")]
#![allow(clippy::unwrap_used)]

use carta_core::image::{ImageLimits, decode};
use carta_core::ocr::{OcrSettings, Runtime, load_engine, models};

#[test]
fn rten_and_ort_read_the_sample_alike() {
    let img = decode(
        include_bytes!("../../samples/sample-passport.jpg"),
        &ImageLimits::default(),
    )
    .unwrap();
    let dir = models::default_dir();
    let set = models::default_set();
    let read = |runtime| {
        load_engine(&dir, &set, runtime, OcrSettings::default())
            .unwrap_or_else(|e| panic!("{e} (scripts/setup fetches models and runtime)"))
            .read(&img)
            .unwrap()
    };
    let (rten, ort) = (read(Runtime::Rten), read(Runtime::Ort));
    let texts =
        |p: &carta_core::OcrPage| p.lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
    assert!(rten.lines.len() > 10, "{:?}", texts(&rten));
    // Floating-point differences between runtimes may flip a marginal character; the lines
    // and the MRZ must agree.
    assert_eq!(rten.lines.len(), ort.lines.len());
    let mrz = |p: &carta_core::OcrPage| {
        p.lines
            .iter()
            .filter(|l| carta_core::mrz::is_mrz_like(&l.text))
            .map(|l| l.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(mrz(&rten), mrz(&ort));
    assert_eq!(mrz(&rten).len(), 2);
    let same = texts(&rten)
        .iter()
        .zip(texts(&ort))
        .filter(|(a, b)| *a == b)
        .count();
    println!("{same} of {} lines identical", rten.lines.len());
    assert!(same * 10 >= rten.lines.len() * 9);
}
