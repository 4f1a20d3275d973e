//! A deterministic synthetic corpus of identity-document photos with ground truth, for
//! evaluating Carta's on-device OCR (DESIGN.md §8).
//!
//! ```sh
//! cargo run --release -p carta-tests --bin carta-corpus -- --out DIR [--count 200] [--seed 1] [--jobs N]
//! ```
//!
//! writes `DIR/0000.jpg`, `DIR/0000.json`, … and `DIR/index.json`. The same seed gives
//! byte-identical files (with the same build of this crate and its dependencies), whatever the
//! number of threads: every image draws from its own random stream, seeded from the corpus seed
//! and its index. 200 images take about 52 s on one core of a 2-core machine, 28 s on two
//! (release build).
//!
//! # What is generated
//!
//! Six layouts in a fixed rotation (`index % 6`), so any count holds the mix:
//!
//! | `layout` | document |
//! |---|---|
//! | `it_cie_front` | Italian CIE 3.0, front: `COMUNE DI / MUNICIPALITY`, `COGNOME / SURNAME`, `NOME / NAME`, `LUOGO E DATA DI NASCITA / PLACE AND DATE OF BIRTH` (`ROMA (RM) 14.05.1987`), `SESSO / SEX`, `STATURA / HEIGHT`, `CITTADINANZA / NATIONALITY`, `EMISSIONE / ISSUING`, `SCADENZA / EXPIRY`; number (`CA12345AB`) top right |
//! | `it_cie_back` | CIE 3.0, back: `CODICE FISCALE / FISCAL CODE` with barcode, `INDIRIZZO DI RESIDENZA / RESIDENCE`, `ESTREMI ATTO DI NASCITA`, TD1 MRZ (`CIITA…`) |
//! | `passport_td3` | Italian passport data page: `Cognome/Surname/Nom (1)` … `Data di scadenza/Date of expiry/Date d'expiration (9)`, dates as `14 MAG/MAY 1987`, number `YA1234567`, TD3 MRZ |
//! | `eu_licence` | Italian driving licence (EU model): `1.` surname, `2.` given names, `3.` `14/05/87 ROMA (RM)`, `4a.` issue, `4b.` expiry, `4c.` authority, `5.` number (`U1A2B3C4DE` or `RM1234567X`), `9.` categories |
//! | `td1_id` | a TD1 identity card of Germany, France or Spain (`(index / 36) % 3`), front or back (`(index / 6) % 2`; the back carries the TD1 MRZ), with the real documents' bilingual or trilingual labels |
//! | `td2_id` | a Romanian identity card: Romanian/French/English labels, CNP, validity range, TD2 MRZ on the front |
//!
//! Identities are fictional but plausible: names from per-country lists of which a fixed share
//! carries accents, apostrophes or several words (`D'AMICO`, `NICOLÒ`, `MÜLLER`, `GARCÍA
//! LÓPEZ`, `ȘTEFĂNESCU`, `MAËLYS-GAËLLE`), transliterated in the MRZ as ICAO Doc 9303 Part 3
//! prescribes (`D<AMICO` on Italian documents, apostrophes omitted elsewhere, `Ü` → `UE`,
//! `Ò` → `O`); real municipalities with their Belfiore codes; codici fiscali consistent with
//! name, birth date, sex and birthplace, with a valid check character; document numbers in the
//! real formats; every MRZ check digit computed, and every MRZ checked with carta-core's parser
//! (no repair) while generating. Documents are valid on [`AS_OF`]: evaluate with
//! `--today` set to it (it is also in `index.json`).
//!
//! # Degradation levels
//!
//! Levels come in fixed thirds, `(index % 6 + index / 6) % 3`, so every layout gets every
//! level: `mild`, `medium`, `hard` (see [`Level`]). Every card and passport page is drawn 1400
//! px wide, then photographed: placed on a desk-like background (wood, laminate, white table,
//! fabric) with a soft shadow, in a **1600×1200** landscape frame (a phone capture as a KYC flow
//! scales it), with these ranges (each value drawn uniformly):
//!
//! | | `mild` | `medium` | `hard` |
//! |---|---|---|---|
//! | card (or page) width in the frame | 1100–1350 px | 900–1150 px | 750–950 px |
//! | rotation | ±2° | ±5° | ±10° |
//! | perspective: each corner moved by up to | 1% of the card width | 3% | 6% |
//! | Gaussian blur σ (none below 0.25 px) | 0–0.5 px | 0.4–0.9 px | 0.7–1.2 px |
//! | glare (a bright spot): chance, strength | 30%, 0.15–0.35 | 60%, 0.3–0.6 | 90%, 0.5–0.85 |
//! | brightness × (low light) | 0.92–1.0 | 0.75–0.95 | 0.5–0.75 |
//! | gamma | 0.95–1.1 | 1.0–1.3 | 1.2–1.6 |
//! | sensor noise σ (grey levels) | 1–3 | 3–7 | 7–13 |
//! | JPEG quality | 85–95 | 60–85 | 40–60 |
//!
//! On top of these, an illumination gradient of 5–20% across the frame in a random direction;
//! the glare spot's radius is 6–20% of the frame width. On an ID-1 card the capitals of a 1.4 mm
//! label are 7.5–9.5 px tall at `hard` and those of a 2.5 mm value 13.5–17 px (at `mild`, 11–14
//! and 20–24 px): hard, but legible to a person.
//! The card always stays inside the frame (3% margins). One in six `medium` and `hard` images
//! is upside down (rotated by about 180°): those with `((index / 6) / 3 + index % 6) % 6 == 5`.
//! JPEGs average about 330 kB (`mild`), 250 kB (`medium`) and 220 kB (`hard`), 53 MB for 200
//! images.
//!
//! # Ground truth
//!
//! `NNNN.json` ([`Truth`]):
//!
//! ```json
//! {"id": "0000", "image": "0000.jpg", "layout": "it_cie_front", "level": "mild",
//!  "upside_down": false, "document_type": "id_card",
//!  "fields": {"document_number": "CA12345AB", "surname": "D'AMICO", "birth_date": "1987-05-14", …},
//!  "mrz": null,
//!  "lines": [{"text": "REPUBBLICA ITALIANA", "box": [68, 54, 471, 79]}, …]}
//! ```
//!
//! `fields` holds only what this image shows, with Carta's canonical keys and the values a
//! perfect reading gives: dates ISO; names upper case as printed (accents and apostrophes kept),
//! or the MRZ form (`D AMICO`, `MUELLER`) on sides that print no name; sex `M`/`F` (`X` for the
//! German `<`); nationality and issuing country ISO 3166-1 alpha-3; free text (places,
//! addresses, authorities) as printed, lines of a multi-line value joined by a space. `lines`
//! lists every text drawn, in reading order, with its ink box `[left, top, right, bottom]` in
//! the pixels of the undistorted card (drawn 1400 px wide, before scaling, perspective and
//! rotation), for character error rates.
//!
//! # Fonts
//!
//! Read at run time from their Debian locations: OCR-B for the MRZ (package `fonts-ocr-b`),
//! DejaVu Sans (package `fonts-dejavu-core`) and Liberation Sans and Sans Narrow (package
//! `fonts-liberation`). A missing font fails with an error naming the package to install.

mod degrade;
mod identity;
mod layouts;
mod mrz;
mod render;
mod truth;

use std::path::Path;

use anyhow::{Context, Result, bail};
use rand::SeedableRng;
use rand::rngs::StdRng;
use time::Date;
use time::macros::date;

use carta_core::mrz::{MrzOptions, parse_lines};

pub use degrade::Level;
pub use layouts::Layout;
pub use truth::{Index, IndexEntry, Truth, TruthLine};

use render::Fonts;

/// The date on which every generated document is valid (issued before, expiring after).
pub const AS_OF: Date = date!(2026 - 11 - 01);

/// What image `index` of a corpus shows, fixed by the index alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Layout: `index % 6`.
    pub layout: Layout,
    /// Level: `(index % 6 + index / 6) % 3`.
    pub level: Level,
    /// Upside down: one in six `medium` and `hard` images.
    pub upside_down: bool,
    /// `index / 6`: picks the side and country of TD1 cards.
    pub variant: u32,
}

/// The plan of image `index`.
pub fn plan(index: u32) -> Plan {
    let kind = index % 6;
    let cycle = index / 6;
    let level = match (kind + cycle) % 3 {
        0 => Level::Mild,
        1 => Level::Medium,
        _ => Level::Hard,
    };
    Plan {
        layout: Layout::ALL[kind as usize],
        level,
        upside_down: level != Level::Mild && (cycle / 3 + kind) % 6 == 5,
        variant: cycle,
    }
}

/// One generated image and its ground truth.
#[derive(Debug, Clone)]
pub struct Sample {
    /// The ground truth.
    pub truth: Truth,
    /// The photo, JPEG.
    pub jpeg: Vec<u8>,
}

/// The corpus generator (holds the fonts).
#[derive(Debug)]
pub struct Generator {
    fonts: Fonts,
}

/// SplitMix64: spreads a seed and an index over independent random streams.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Generator {
    /// Loads the fonts (see the module documentation for the Debian packages).
    pub fn new() -> Result<Self> {
        Ok(Generator {
            fonts: Fonts::load()?,
        })
    }

    /// Generates image `index` of the corpus with `seed`.
    pub fn generate(&self, seed: u64, index: u32) -> Result<Sample> {
        let (truth, card, mut rng) = self.card(seed, index)?;
        let jpeg = degrade::photograph(&card, truth.level, truth.upside_down, &mut rng)?;
        Ok(Sample { truth, jpeg })
    }

    /// The ground truth of image `index` alone: the card is drawn (for the line boxes) but not
    /// photographed. Equal to the `truth` of [`Generator::generate`].
    pub fn truth(&self, seed: u64, index: u32) -> Result<Truth> {
        Ok(self.card(seed, index)?.0)
    }

    /// Draws the card of image `index`; returns its ground truth, its pixels and the random
    /// stream, positioned for the photo.
    fn card(&self, seed: u64, index: u32) -> Result<(Truth, image::RgbaImage, StdRng)> {
        let plan = plan(index);
        let mut rng = StdRng::seed_from_u64(mix(mix(seed) ^ u64::from(index)));
        let doc = layouts::build(&self.fonts, plan.layout, plan.variant, &mut rng)?;
        if let Some(lines) = &doc.mrz {
            let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
            let opts = MrzOptions {
                repair: false,
                today: AS_OF,
            };
            let parsed = parse_lines(&texts, &opts).context("generated MRZ does not parse")?;
            if !parsed.valid {
                bail!("generated MRZ of image {index} fails a check digit");
            }
        }
        let rendered = render::render(&doc.card, &mut rng)?;
        let id = format!("{index:04}");
        let truth = Truth {
            image: format!("{id}.jpg"),
            id,
            layout: plan.layout,
            level: plan.level,
            upside_down: plan.upside_down,
            document_type: doc.document_type,
            fields: doc.fields,
            mrz: doc.mrz,
            lines: rendered
                .lines
                .into_iter()
                .map(|(text, b)| TruthLine {
                    text,
                    bbox: [
                        b[0].floor() as i32,
                        b[1].floor() as i32,
                        b[2].ceil() as i32,
                        b[3].ceil() as i32,
                    ],
                })
                .collect(),
        };
        Ok((truth, rendered.image, rng))
    }
}

/// Writes `count` images with their ground truth and `index.json` into `dir` (created if
/// needed), generating on `jobs` threads. Returns the index.
pub fn write_corpus(dir: &Path, count: u32, seed: u64, jobs: usize) -> Result<Index> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let generator = Generator::new()?;
    let jobs = jobs.clamp(1, 64) as u32;
    let results: Vec<Result<Vec<IndexEntry>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|worker| {
                let generator = &generator;
                scope.spawn(move || -> Result<Vec<IndexEntry>> {
                    let mut entries = Vec::new();
                    for index in (worker..count).step_by(jobs as usize) {
                        let sample = generator.generate(seed, index)?;
                        let t = &sample.truth;
                        let truth_name = format!("{}.json", t.id);
                        std::fs::write(dir.join(&t.image), &sample.jpeg)
                            .with_context(|| format!("cannot write {}", t.image))?;
                        let json = serde_json::to_string_pretty(t)?;
                        std::fs::write(dir.join(&truth_name), json + "\n")
                            .with_context(|| format!("cannot write {truth_name}"))?;
                        entries.push(IndexEntry {
                            id: t.id.clone(),
                            image: t.image.clone(),
                            truth: truth_name,
                            layout: t.layout,
                            level: t.level,
                            upside_down: t.upside_down,
                        });
                    }
                    Ok(entries)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a generator thread panicked")))
            })
            .collect()
    });
    let mut documents = Vec::new();
    for r in results {
        documents.extend(r?);
    }
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    let index = Index {
        generator: "carta-corpus".to_owned(),
        seed,
        count,
        as_of: carta_core::validate::date::iso(AS_OF),
        documents,
    };
    std::fs::write(
        dir.join("index.json"),
        serde_json::to_string_pretty(&index)? + "\n",
    )
    .context("cannot write index.json")?;
    Ok(index)
}
