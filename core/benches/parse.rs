//! Parsing and validating one document's OCR text (the bundled CIE sample: visual zone, MRZ,
//! codice fiscale and merge).
#![allow(missing_docs, clippy::unwrap_used)]

use carta_core::{OcrPage, ParseOptions, parse_page};
use criterion::{Criterion, black_box, criterion_group, criterion_main};
use time::macros::date;

fn parse(c: &mut Criterion) {
    let page = OcrPage::from_plain(include_str!("../../samples/cie-front-back.txt"));
    let opts = ParseOptions {
        today: date!(2026 - 11 - 26),
        repair: true,
    };
    // Load the municipality table once, as a long-running app would.
    let _ = parse_page(&page, &opts);
    c.bench_function("parse_cie_sample", |b| {
        b.iter(|| parse_page(black_box(&page), &opts))
    });
    let mrz = OcrPage::from_plain(include_str!("../../samples/passport-mrz.txt"));
    c.bench_function("parse_td3_mrz", |b| {
        b.iter(|| parse_page(black_box(&mrz), &opts))
    });
}

criterion_group!(benches, parse);
criterion_main!(benches);
