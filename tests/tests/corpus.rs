//! Checks of the synthetic corpus generator (`carta_tests::corpus`): the same seed gives the
//! same bytes, every MRZ is valid, and a perfect reading of the rendered lines through the
//! rules engine gives the ground truth.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use carta_core::mrz::{MrzOptions, parse_lines};
use carta_core::pipeline::{ParseOptions, parse_text};
use carta_core::schema::FieldName;
use carta_tests::corpus::{AS_OF, Generator, Layout, Level, Sample, Truth, plan, write_corpus};

const SEED: u64 = 1;
/// Images generated in full (photo included) by the tests.
const COUNT: u32 = 12;

fn generator() -> &'static Generator {
    static GENERATOR: OnceLock<Generator> = OnceLock::new();
    GENERATOR.get_or_init(|| Generator::new().expect("fonts (see the corpus module documentation)"))
}

fn samples() -> &'static [Sample] {
    static SAMPLES: OnceLock<Vec<Sample>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        (0..COUNT)
            .map(|i| generator().generate(SEED, i).expect("generate"))
            .collect()
    })
}

#[test]
fn same_seed_same_bytes() {
    let again = Generator::new().unwrap();
    for (i, sample) in (0..COUNT).zip(samples()) {
        let other = again.generate(SEED, i).unwrap();
        assert!(sample.jpeg == other.jpeg, "image {i} differs");
        assert_eq!(sample.truth, other.truth, "truth {i} differs");
        assert_eq!(sample.truth, generator().truth(SEED, i).unwrap());
        assert!(sample.jpeg.starts_with(&[0xFF, 0xD8]), "not a JPEG");
    }
    let other_seed = generator().generate(SEED + 1, 0).unwrap();
    assert!(other_seed.jpeg != samples()[0].jpeg);
    assert_ne!(other_seed.truth.fields, samples()[0].truth.fields);
}

#[test]
fn photos_are_phone_captures() {
    for sample in samples() {
        let photo = image::load_from_memory(&sample.jpeg).unwrap();
        assert_eq!((photo.width(), photo.height()), (1600, 1200));
        assert!(sample.jpeg.len() < 1_000_000, "{}", sample.jpeg.len());
    }
}

#[test]
fn written_corpus_does_not_depend_on_threads() {
    let base = std::env::temp_dir().join(format!("carta-corpus-test-{}", std::process::id()));
    let (one, two) = (base.join("one"), base.join("two"));
    let index = write_corpus(&one, 4, SEED, 1).unwrap();
    write_corpus(&two, 4, SEED, 2).unwrap();
    assert_eq!(index.documents.len(), 4);
    for name in [
        "index.json",
        "0000.jpg",
        "0000.json",
        "0003.jpg",
        "0003.json",
    ] {
        let a = std::fs::read(one.join(name)).unwrap();
        let b = std::fs::read(two.join(name)).unwrap();
        assert!(a == b, "{name} differs");
    }
    let truth: Truth =
        serde_json::from_slice(&std::fs::read(one.join("0001.json")).unwrap()).unwrap();
    assert_eq!(truth, samples()[1].truth);
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn ground_truth_json_has_the_documented_shape() {
    let t = &samples()[1].truth;
    let json = serde_json::to_value(t).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "image",
            "layout",
            "level",
            "upside_down",
            "document_type",
            "fields",
            "mrz",
            "lines"
        ]
    );
    assert_eq!(json["id"], "0001");
    assert_eq!(json["image"], "0001.jpg");
    assert_eq!(json["layout"], "it_cie_back");
    assert_eq!(json["document_type"], "id_card");
    assert!(json["fields"]["fiscal_code"].is_string());
    assert_eq!(json["mrz"].as_array().unwrap().len(), 3);
    let line = &json["lines"][0];
    assert!(line["text"].is_string() && line["box"].as_array().unwrap().len() == 4);
    assert_eq!(samples()[0].truth.mrz, None);
}

#[test]
fn every_layout_gets_every_level_and_some_are_upside_down() {
    let mut seen = BTreeSet::new();
    let mut upside_down = 0;
    let mut rotatable = 0;
    for i in 0..108 {
        let p = plan(i);
        assert_eq!(p.layout, Layout::ALL[(i % 6) as usize]);
        seen.insert((p.layout as u8, p.level as u8));
        if p.level != Level::Mild {
            rotatable += 1;
            upside_down += u32::from(p.upside_down);
        }
        assert!(!(p.upside_down && p.level == Level::Mild));
    }
    assert_eq!(seen.len(), 18);
    assert_eq!(upside_down * 6, rotatable);
    // A 12-image sample already holds every level and an upside-down image.
    let levels: BTreeSet<u8> = (0..12).map(|i| plan(i).level as u8).collect();
    assert_eq!(levels.len(), 3);
    assert!((0..12).any(|i| plan(i).upside_down));
}

#[test]
fn every_mrz_is_valid_without_repair_and_matches_the_truth() {
    let opts = MrzOptions {
        repair: false,
        today: AS_OF,
    };
    let mut checked = 0;
    for i in (0..COUNT).chain([40, 46, 76, 82]) {
        let t = generator().truth(SEED, i).unwrap();
        let Some(lines) = &t.mrz else { continue };
        let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
        let parsed = parse_lines(&texts, &opts).unwrap();
        assert!(parsed.valid, "{}: {:?}", t.id, parsed.checks);
        for name in [
            FieldName::DocumentNumber,
            FieldName::BirthDate,
            FieldName::ExpiryDate,
        ] {
            assert_eq!(
                parsed.fields.get(&name).map(|f| f.value.as_str()),
                t.fields.get(&name).map(String::as_str),
                "{} {}",
                t.id,
                name.key()
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 9);
}

/// The rules engine reads every field the generator prints from a perfect reading (the drawn
/// lines with their boxes), and raises no issue.
#[test]
fn perfect_reading_gives_the_ground_truth() {
    let opts = ParseOptions {
        today: AS_OF,
        repair: false,
    };
    // The first 36 images, and German, French and Spanish fronts and backs.
    let indices: Vec<u32> = (0..36).chain([40, 46, 52, 58, 76, 82, 88, 94]).collect();
    let mut compared = 0;
    let mut failures = Vec::new();
    for i in indices {
        let t = generator().truth(SEED, i).unwrap();
        let page = serde_json::json!({
            "lines": t.lines.iter()
                .map(|l| serde_json::json!({"text": l.text, "box": l.bbox}))
                .collect::<Vec<_>>()
        });
        let result = parse_text(page.to_string().as_bytes(), &opts).unwrap();
        if result.document_type != t.document_type {
            failures.push(format!(
                "{} {:?}: document type {:?}",
                t.id, t.layout, result.document_type
            ));
        }
        for (name, want) in &t.fields {
            compared += 1;
            let got = result.fields.get(name).map(|f| f.value.as_str());
            if got != Some(want.as_str()) {
                failures.push(format!(
                    "{} {:?} {}: want {want:?}, got {got:?}",
                    t.id,
                    t.layout,
                    name.key()
                ));
            }
        }
        for name in result.fields.keys() {
            if !t.fields.contains_key(name) {
                failures.push(format!(
                    "{} {:?}: {} read but not in the truth",
                    t.id,
                    t.layout,
                    name.key()
                ));
            }
        }
        for issue in &result.issues {
            failures.push(format!(
                "{} {:?}: issue {:?} {:?}",
                t.id, t.layout, issue.code, issue.field
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 450, "{compared}");
}

#[test]
fn names_with_accents_and_apostrophes_occur() {
    let names: Vec<String> = (0..36)
        .flat_map(|i| {
            let t = generator().truth(SEED, i).unwrap();
            [FieldName::Surname, FieldName::GivenNames]
                .into_iter()
                .filter_map(move |n| t.fields.get(&n).cloned())
        })
        .collect();
    assert!(names.iter().any(|n| n.contains('\'')), "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.chars().any(|c| "ÀÈÉÌÒÙÄÖÜĂȘȚ".contains(c))),
        "{names:?}"
    );
}
