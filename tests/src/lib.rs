//! Workspace-level end-to-end tests and fixtures. The shared test vectors live in
//! `tests/fixtures/vectors` (with their sources); the CLI tests in `cli/tests` read them.
//! [`corpus`] generates the synthetic photo corpus for OCR evaluation (binary `carta-corpus`).

pub mod corpus;
pub mod llama_server;
pub mod pii;

/// The default OCR engine (rten, default model set) with the real models fetched by
/// `scripts/setup`; panics naming the fix when they are missing.
pub fn default_engine() -> Box<dyn carta_core::ocr::OcrEngine> {
    use carta_core::ocr::{self, OcrSettings, Runtime, models};
    ocr::load_engine(
        &models::default_dir(),
        &models::default_set(),
        Runtime::Rten,
        OcrSettings::default(),
    )
    .unwrap_or_else(|e| panic!("{e} (scripts/setup fetches the models)"))
}

/// The text a remote model is sent for generated documents `0..n` of `seed`: each document's
/// lines (a perfect reading), pseudonymised with the values the device parsed.
pub fn pseudonymised_texts(seed: u64, n: u32) -> Vec<String> {
    use carta_core::pipeline::{ParseOptions, parse_page};
    use carta_core::redact::{Policy, redact};
    let generator = corpus::Generator::new().unwrap_or_else(|e| panic!("{e} (fonts)"));
    let opts = ParseOptions {
        today: corpus::AS_OF,
        ..ParseOptions::default()
    };
    (0..n)
        .map(|i| {
            let page = generator
                .truth(seed, i)
                .unwrap_or_else(|e| panic!("{e}"))
                .page();
            let read = parse_page(&page, &opts).fields;
            let (text, _vault) =
                redact(&page, &read, Policy::Pseudonymise, &[]).unwrap_or_else(|e| panic!("{e}"));
            text.as_str().to_owned()
        })
        .collect()
}

/// Path of a fixture file, relative to this crate.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_fixtures_are_present_with_their_sources() {
        for name in [
            "vectors/mrz_vectors.json",
            "vectors/codice_fiscale.json",
            "vectors/README.md",
        ] {
            assert!(fixture(name).is_file(), "{name} is missing");
        }
    }
}
