//! Property tests: the MRZ and text parsers never panic, whatever the input.
//!
//! CI runs a few thousand cases; `scripts/fuzz` runs a million or more
//! (`CARTA_FUZZ_CASES=1000000`).
#![allow(clippy::unwrap_used)]

use carta_core::mrz::{self, MrzOptions};
use carta_core::text::OcrPage;
use carta_core::{ParseOptions, parse_page};
use proptest::prelude::*;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 26);

fn cases() -> u32 {
    std::env::var("CARTA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

/// Characters that matter to the parsers, plus anything else.
fn mrzish() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z0-9<]{0,50}",
        2 => "[A-Z0-9< «KCSEL]{25,46}",
        1 => any::<String>(),
    ]
}

fn page_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            3 => mrzish(),
            2 => "(Nome|Cognome|Data di nascita|Scadenza|Codice fiscale|1\\.|4a\\.|5\\.|Sex|Geburtsdatum)[: ]{0,2}[A-Za-z0-9 ./'ÒÈ-]{0,30}",
            1 => any::<String>(),
        ],
        0..12,
    )
}

/// A line's box and angle, when it has them.
type Geometry = Option<([f32; 4], Option<f32>)>;

/// Boxes (some inverted or off the page) and angles (some past a quarter turn) for the lines
/// of a page, or none.
fn boxes_and_angles() -> impl Strategy<Value = Vec<Geometry>> {
    prop_oneof![
        1 => Just(Vec::new()),
        3 => prop::collection::vec(
            prop::option::of((
                prop::array::uniform4(-10.0f32..2000.0),
                prop::option::of(-120.0f32..120.0),
            )),
            0..12,
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mrz_parser_never_panics(lines in prop::collection::vec(mrzish(), 0..4), repair in any::<bool>()) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        if let Ok(p) = mrz::parse_lines(&refs, &MrzOptions { repair, today: TODAY }) {
            prop_assert!(p.checks.all_valid() == p.valid);
        }
    }

    #[test]
    fn text_pipeline_never_panics(lines in page_lines(), geometry in boxes_and_angles()) {
        // Lines with boxes and angles, some or all (a tilted page is levelled by them).
        let page = OcrPage {
            lines: lines
                .into_iter()
                .zip(geometry.into_iter().chain(std::iter::repeat(None)))
                .map(|(text, g)| carta_core::OcrLine {
                    bbox: g.map(|(b, _)| b),
                    angle: g.and_then(|(_, a)| a),
                    confidence: g.map(|_| 0.9),
                    ..carta_core::OcrLine::plain(text)
                })
                .collect(),
        };
        let result = parse_page(&page, &ParseOptions { today: TODAY, repair: true });
        prop_assert!(result.fields.values().all(|f| (0.0..=1.0).contains(&f.confidence)));
    }

    #[test]
    fn raw_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = carta_core::parse_text(&bytes, &ParseOptions { today: TODAY, repair: true });
    }
}
