//! On-device OCR end to end with the real models (fetched and verified by `scripts/setup`, no
//! fakes): 20 fixed-seed generated photos are scanned, and at least 90% of the MRZ fields
//! (document number, birth date, expiry date, surname, on the documents that carry an MRZ)
//! must be read exactly, and photos taken sideways must read like upright ones. The full
//! evaluation is `carta eval` / `scripts/ocr-bench`.

use carta_core::ocr::OcrEngine;
use carta_core::pipeline::{Engines, ParseOptions, ScanOptions, scan_image};
use carta_core::schema::{FieldName, KeyStyle};
use carta_tests::corpus::{AS_OF, Generator, Sample};

const SEED: u64 = 1;
const DOCUMENTS: u32 = 20;
const MRZ_FIELDS: [FieldName; 4] = [
    FieldName::DocumentNumber,
    FieldName::BirthDate,
    FieldName::ExpiryDate,
    FieldName::Surname,
];

/// The default engine, the corpus generator and scan options judging dates as of its day.
fn setup() -> (Box<dyn OcrEngine>, Generator, ScanOptions) {
    let engine = carta_tests::default_engine();
    let generator = Generator::new().expect("fonts (scripts/setup installs them)");
    let opts = ScanOptions {
        parse: ParseOptions {
            today: AS_OF,
            repair: true,
        },
        ..ScanOptions::default()
    };
    (engine, generator, opts)
}

#[test]
fn twenty_generated_photos_read_with_the_real_models() {
    let (engine, generator, opts) = setup();
    let (mut exact, mut total) = (0, 0);
    for i in 0..DOCUMENTS {
        let sample = generator.generate(SEED, i).expect("generate");
        let truth = &sample.truth;
        let result =
            scan_image(&sample.jpeg, Engines::on_device(engine.as_ref()), &opts).expect("scan");
        let got = result.to_json(KeyStyle::Canonical);
        if truth.mrz.is_none() {
            continue;
        }
        let mut missed = Vec::new();
        for name in MRZ_FIELDS {
            let Some(want) = truth.fields.get(&name) else {
                continue;
            };
            total += 1;
            if got["fields"][name.key()]["value"].as_str() == Some(want.as_str()) {
                exact += 1;
            } else {
                missed.push(name.key());
            }
        }
        println!(
            "{} {:?} {:?}: MRZ valid {}, missed {missed:?}",
            truth.id,
            truth.layout,
            truth.level,
            result.mrz.as_ref().is_some_and(|m| m.valid)
        );
    }
    let rate = f64::from(exact) * 100.0 / f64::from(total.max(1));
    println!("MRZ fields exact: {exact} of {total} ({rate:.1}%)");
    assert!(total >= 20, "too few MRZ fields to judge: {total}");
    assert!(rate >= 90.0, "MRZ fields exact {rate:.1}% < 90%");
}

/// Asserts that the scan result `got` (JSON) gives `names` as the truth of `sample` has them.
fn assert_fields_of_truth(
    got: &serde_json::Value,
    sample: &Sample,
    names: &[FieldName],
    what: &str,
) {
    for name in names {
        assert_eq!(
            got["fields"][name.key()]["value"].as_str(),
            sample.truth.fields.get(name).map(String::as_str),
            "{what}: {}",
            name.key()
        );
    }
}

/// A photo taken sideways (the page turned a quarter either way) reads like an upright one:
/// the first four generated documents with an MRZ, each turned clockwise and anticlockwise,
/// give a valid MRZ with the document number and birth date of the truth.
#[test]
fn sideways_photos_read_like_upright_ones() {
    let (engine, generator, opts) = setup();
    let samples: Vec<_> = (0..DOCUMENTS)
        .map(|i| generator.generate(SEED, i).expect("generate"))
        .filter(|s| s.truth.mrz.is_some())
        .take(4)
        .collect();
    assert_eq!(samples.len(), 4);
    for sample in &samples {
        let upright = image::load_from_memory(&sample.jpeg)
            .expect("decode")
            .to_rgb8();
        for (turn, turned) in [
            ("clockwise", image::imageops::rotate90(&upright)),
            ("anticlockwise", image::imageops::rotate270(&upright)),
        ] {
            let mut jpeg = Vec::new();
            turned
                .write_to(
                    &mut std::io::Cursor::new(&mut jpeg),
                    image::ImageFormat::Jpeg,
                )
                .expect("encode");
            let result =
                scan_image(&jpeg, Engines::on_device(engine.as_ref()), &opts).expect("scan");
            let got = result.to_json(KeyStyle::Canonical);
            let id = &sample.truth.id;
            assert!(
                result.mrz.as_ref().is_some_and(|m| m.valid),
                "{id} {turn}: no valid MRZ"
            );
            let fields = [FieldName::DocumentNumber, FieldName::BirthDate];
            assert_fields_of_truth(&got, sample, &fields, &format!("{id} {turn}"));
        }
    }
}

/// An MRZ line the recogniser struggles with is read again from a taller box: on two mild
/// photos of CIE backs (seed 151, documents 13 and 49) it read the name lines
/// `ROSSHΛΛANNAΛΛΛ…` and `GALO^ΛNHCOLO∧ΛΛΛ…` (a filler read as Greek and logical signs, letters
/// lost); a second reading gives the names of the truth.
#[test]
fn an_mrz_line_the_recogniser_struggles_with_is_read_again() {
    let names = [FieldName::Surname, FieldName::GivenNames];
    assert_valid_mrz_and_truth(&[(151, 13), (151, 49)], &names);
}

/// Scans the generated `documents` (seed, index) and asserts for each a valid MRZ and `names`
/// as its truth has them.
fn assert_valid_mrz_and_truth(documents: &[(u64, u32)], names: &[FieldName]) {
    let (engine, generator, opts) = setup();
    for &(seed, index) in documents {
        let sample = generator.generate(seed, index).expect("generate");
        let result =
            scan_image(&sample.jpeg, Engines::on_device(engine.as_ref()), &opts).expect("scan");
        let got = result.to_json(KeyStyle::Canonical);
        let context = format!("{seed} #{index}");
        assert!(
            result.mrz.as_ref().is_some_and(|m| m.valid),
            "{context}: MRZ"
        );
        assert_fields_of_truth(&got, &sample, names, &context);
    }
}

/// An MRZ line that detection cut in two is read whole: on a passport photographed at an angle
/// (seed 157, document 20) the second line's right end lay between the two lines by the page's
/// median tilt, and rows now follow the long line's own angle; on another (seed 89, document
/// 38) eleven fillers of the second line were never detected, and the gap between its pieces
/// gives them back; on a CIE back (seed 163, document 79) the first two lines were each cut in
/// two with seven characters lost between, each piece read as part of an MRZ line, and the
/// fillers put back make them whole. The three MRZs were lost before; now they are valid with
/// the truth's fields.
#[test]
fn an_mrz_line_detection_cut_in_two_is_read_whole() {
    let fields = [
        FieldName::DocumentNumber,
        FieldName::Surname,
        FieldName::GivenNames,
        FieldName::Sex,
    ];
    assert_valid_mrz_and_truth(&[(157, 20), (89, 38), (163, 79)], &fields);
}

/// A page photographed at an angle is read as if level: the OCR gives each line's angle and
/// the visual zone turns the boxes by the page's tilt, each as high as its line. Generated
/// photos tilted 4° to 8° whose visual zone the upright boxes misread: a French address's
/// second line (seed 163, document 46) and a German one's first (seed 21, document 118) level
/// with the line beside them, and a CIE front whose labels OCR garbled (seed 109, document 48)
/// read the municipality as the surname and the surname as the given names.
#[test]
fn a_tilted_page_is_read_as_if_level() {
    let (engine, generator, opts) = setup();
    let names = [
        FieldName::Surname,
        FieldName::GivenNames,
        FieldName::Municipality,
    ];
    let cases: [(u64, u32, &[FieldName]); 3] = [
        (163, 46, &[FieldName::Address]),
        (21, 118, &[FieldName::Address]),
        (109, 48, &names),
    ];
    for (seed, index, fields) in cases {
        let sample = generator.generate(seed, index).expect("generate");
        let result =
            scan_image(&sample.jpeg, Engines::on_device(engine.as_ref()), &opts).expect("scan");
        let got = result.to_json(KeyStyle::Canonical);
        assert_fields_of_truth(&got, &sample, fields, &format!("{seed} #{index}"));
    }
}

/// A sex marker is one letter in a box of its own, which a text detector tuned for words may
/// miss or cut to a speck. Generated CIE fronts where today's detector does: seed 41, document
/// 42 finds no box under `SESSO / SEX`; seed 47, document 12 none under that label, which OCR
/// reads `5E590/ 5EX`; seed 13, document 48 a speck read `C` under a label read `ws0/9x`, too
/// far from the height for the nearest-box rule. The visual zone asks for a second look (under
/// the label, or under the label left of the height's in the row of labels), and the
/// recogniser, restricted to `M F X`, reads the marker: the page holds it as a line, the region
/// a second look would read without it covers it, and the scan gives the sex of the truth.
#[test]
fn a_sex_marker_that_detection_misses_is_read_by_a_second_look() {
    let (engine, generator, opts) = setup();
    for (seed, index) in [(41, 42), (47, 12), (13, 48)] {
        let sample = generator.generate(seed, index).expect("generate");
        let want = sample.truth.fields.get(&FieldName::Sex).expect("a sex");
        let image = image::load_from_memory(&sample.jpeg)
            .expect("decode")
            .to_rgb8();
        let page = engine.read(&image).expect("read");
        let marker = page
            .lines
            .iter()
            .position(|l| &l.text == want)
            .unwrap_or_else(|| panic!("{seed} #{index}: the marker's line"));
        let b = page.lines[marker].bbox.expect("a box");
        let mut without = page.clone();
        without.lines.remove(marker);
        let looks = carta_core::viz::second_looks(&without);
        let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        assert!(
            looks.iter().any(|l| {
                let r = l.region;
                r[0] <= cx && cx <= r[2] && r[1] <= cy && cy <= r[3]
            }),
            "{seed} #{index}: {looks:?} miss {b:?}"
        );
        let result =
            scan_image(&sample.jpeg, Engines::on_device(engine.as_ref()), &opts).expect("scan");
        assert_eq!(
            result.fields.get(&FieldName::Sex).map(|f| f.value.as_str()),
            Some(want.as_str()),
            "{seed} #{index}"
        );
    }
}

/// Detection may cut an MRZ line where a filler run fades and lose the run: on the generated
/// CIE back of seed 47, document 79, the first line comes out in three boxes (the middle one a
/// filler read `C`) and the second in two, five characters apart. Joined (pieces as far apart
/// as the characters the line lacks, and with the pieces after them), the MRZ repair fits the
/// lost fillers back and the scan reads the card's MRZ, valid, with the truth's values.
#[test]
fn an_mrz_line_cut_into_pieces_far_apart_is_read_whole() {
    let (engine, generator, opts) = setup();
    let sample = generator.generate(47, 79).expect("generate");
    let result =
        scan_image(&sample.jpeg, Engines::on_device(engine.as_ref()), &opts).expect("scan");
    let mrz = result.mrz.as_ref().expect("an MRZ");
    assert!(mrz.valid, "{:?} not valid", mrz.format);
    for name in [
        FieldName::DocumentNumber,
        FieldName::Surname,
        FieldName::GivenNames,
        FieldName::BirthDate,
        FieldName::ExpiryDate,
    ] {
        assert_eq!(
            result.fields.get(&name).map(|f| f.value.as_str()),
            sample.truth.fields.get(&name).map(String::as_str),
            "{}",
            name.key()
        );
    }
}

/// The check-digit-protected MRZ fields, raw, by position.
fn mrz_raw(format: &str, lines: &[String]) -> std::collections::BTreeMap<&'static str, String> {
    let cut = |line: &String, a: usize, b: usize| line.get(a..b).unwrap_or("").to_owned();
    let mut out = std::collections::BTreeMap::new();
    match (format, lines) {
        ("TD1", [a, b, _]) => {
            out.insert("country", cut(a, 2, 5));
            out.insert("number", cut(a, 5, 14));
            out.insert("date_of_birth", cut(b, 0, 6));
            out.insert("sex", cut(b, 7, 8));
            out.insert("expiration_date", cut(b, 8, 14));
            out.insert("nationality", cut(b, 15, 18));
        }
        (_, [a, b]) => {
            out.insert("country", cut(a, 2, 5));
            out.insert("number", cut(b, 0, 9));
            out.insert("nationality", cut(b, 10, 13));
            out.insert("date_of_birth", cut(b, 13, 19));
            out.insert("sex", cut(b, 20, 21));
            out.insert("expiration_date", cut(b, 21, 27));
        }
        _ => {}
    }
    out.insert("mrz_type", format.to_owned());
    out
}

/// The specimens of `../shared/specimens` with ground truth (public ICAO and government
/// specimens; evaluation only, never copied into the project): the MRZ fields must be read
/// exactly on at least 13 of the 14. Skipped, with a message, where `../shared` is absent.
#[test]
fn specimen_mrzs_read_exactly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specimens");
    let Ok(index) = std::fs::read(root.join("ground_truth.json")) else {
        println!("skipped: {} not found", root.display());
        return;
    };
    let index: serde_json::Value = serde_json::from_slice(&index).unwrap_or_default();
    let engine = carta_tests::default_engine();
    let rename = |k: &str| {
        match k {
            "format" => "mrz_type",
            "document_number" => "number",
            "birth_date" => "date_of_birth",
            "expiry_date" => "expiration_date",
            "issuer" => "country",
            other => other,
        }
        .to_owned()
    };
    const WANTED: [&str; 7] = [
        "mrz_type",
        "country",
        "number",
        "date_of_birth",
        "expiration_date",
        "sex",
        "nationality",
    ];
    let (mut exact, mut total) = (0, 0);
    for item in index["images"].as_array().into_iter().flatten() {
        let Some(truth) = item["ground_truth"]["fields"].as_object() else {
            continue;
        };
        total += 1;
        let file = item["file"].as_str().unwrap_or_default();
        let bytes = std::fs::read(root.join(file)).expect("specimen image");
        let result = scan_image(
            &bytes,
            Engines::on_device(engine.as_ref()),
            &ScanOptions::default(),
        )
        .expect("scan");
        let got = result.mrz.as_ref().map_or_else(Default::default, |m| {
            let format = serde_json::to_value(m.format).unwrap_or_default();
            mrz_raw(format.as_str().unwrap_or_default(), &m.lines)
        });
        let wrong: Vec<String> = truth
            .iter()
            .map(|(k, v)| (rename(k), v.as_str().unwrap_or_default()))
            .filter(|(k, _)| WANTED.contains(&k.as_str()))
            .filter(|(k, v)| {
                got.get(k.as_str()).map(|g| g.trim_end_matches('<'))
                    != Some(v.trim_end_matches('<'))
            })
            .map(|(k, _)| k)
            .collect();
        println!(
            "{file}: {}",
            if wrong.is_empty() {
                "ok".to_owned()
            } else {
                format!("missed {wrong:?}")
            }
        );
        exact += usize::from(wrong.is_empty());
    }
    println!("specimens with every MRZ field exact: {exact} of {total}");
    assert_eq!(total, 14, "the specimen set changed");
    assert!(exact >= 13, "{exact} of {total}");
}
