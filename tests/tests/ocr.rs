//! On-device OCR end to end with the real models (fetched and verified by `scripts/setup`, no
//! fakes): 20 fixed-seed generated photos are scanned, and at least 90% of the MRZ fields
//! (document number, birth date, expiry date, surname, on the documents that carry an MRZ)
//! must be read exactly. The full evaluation is `carta eval` / `scripts/ocr-bench`.

use carta_core::ocr::{self, OcrSettings, Runtime, models};
use carta_core::pipeline::{ParseOptions, ScanOptions, scan_image};
use carta_core::schema::{FieldName, KeyStyle};
use carta_tests::corpus::{AS_OF, Generator};

const SEED: u64 = 1;
const DOCUMENTS: u32 = 20;
const MRZ_FIELDS: [FieldName; 4] = [
    FieldName::DocumentNumber,
    FieldName::BirthDate,
    FieldName::ExpiryDate,
    FieldName::Surname,
];

#[test]
fn twenty_generated_photos_read_with_the_real_models() {
    let dir = models::default_dir();
    let engine = ocr::load_engine(
        &dir,
        &models::default_set(),
        Runtime::Rten,
        OcrSettings::default(),
    )
    .unwrap_or_else(|e| panic!("{e} (scripts/setup fetches the models)"));
    let generator = Generator::new().expect("fonts (scripts/setup installs them)");
    let opts = ScanOptions {
        parse: ParseOptions {
            today: AS_OF,
            repair: true,
        },
        ..ScanOptions::default()
    };
    let (mut exact, mut total) = (0, 0);
    for i in 0..DOCUMENTS {
        let sample = generator.generate(SEED, i).expect("generate");
        let truth = &sample.truth;
        let result = scan_image(&sample.jpeg, engine.as_ref(), &opts).expect("scan");
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
