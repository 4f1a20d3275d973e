//! `carta`: read identity documents from OCR text, fully offline.
//!
//! Exit status: 0 success, 2 bad input (one-line reason on stderr), 1 internal failure.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod eval;
mod extract;
mod offload;
mod tesseract;

use carta_core::image::ImageLimits;
use carta_core::mrz::{self, MrzOptions};
use carta_core::ocr::{self, OcrEngine, OcrSettings, Runtime, models};
use carta_core::schema::{FieldName, KeyStyle};
use carta_core::text::MAX_INPUT_BYTES;
use carta_core::validate::{date, fiscal_code};
use carta_core::{CoreError, Engines, ParseOptions, ScanOptions, ScanResult};
use clap::{Args, Parser, Subcommand, ValueEnum};
use time::Date;

/// The sample parsed by `carta parse --sample`: an Italian CIE 3.0, front, back and MRZ.
const SAMPLE: &str = include_str!("../../samples/cie-front-back.txt");

/// The photo scanned by `carta scan --sample`: a synthetic Italian passport data page (from
/// `carta-corpus`, seed 1, document 8), photographed at the mild level.
const SAMPLE_IMAGE: &[u8] = include_bytes!("../../samples/sample-passport.jpg");

#[derive(Debug, Parser)]
#[command(
    name = "carta",
    version,
    about = "Read identity documents offline: OCR text in, validated JSON out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse the OCR text of a document (plain lines or an OCR page JSON with boxes).
    Parse {
        /// Text file to read, `-` for standard input.
        #[arg(
            long,
            value_name = "FILE|-",
            required_unless_present = "sample",
            conflicts_with = "sample"
        )]
        text: Option<PathBuf>,
        /// Parse the bundled sample (an Italian CIE 3.0) instead of a file.
        #[arg(long)]
        sample: bool,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        offload: offload::OffloadArgs,
    },
    /// Scan document photos (JPEG, PNG, WebP) or scanned PDFs: on-device OCR, then the same
    /// parsing as `parse`. Prints one JSON object per image or PDF page (JSON Lines).
    Scan {
        /// Image files.
        #[arg(required_unless_present = "sample", conflicts_with = "sample")]
        images: Vec<PathBuf>,
        /// Scan the bundled sample photo (a synthetic Italian passport data page) instead of files.
        #[arg(long)]
        sample: bool,
        #[command(flatten)]
        ocr: OcrArgs,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        offload: offload::OffloadArgs,
    },
    /// Pair with an edge box, or enrol with the private cloud, from the pairing URI its
    /// `carta-server pair` printed: the key is made on this device and kept, with the
    /// certificate, in the platform key store. Prints the pairing (no secret) as JSON.
    Pair(offload::PairArgs),
    /// Forget pairings: deletes their key, certificate and CA from the key store. Prints what
    /// was removed as JSON.
    Unpair(offload::UnpairArgs),
    /// Print the OCR text of a photo (an OCR page JSON with boxes and confidences, which
    /// `carta parse --text` reads back).
    Ocr {
        /// Image file.
        image: PathBuf,
        #[command(flatten)]
        ocr: OcrArgs,
    },
    /// Evaluate on a corpus with ground truth (e.g. from `carta-corpus`): per-field exact
    /// match by difficulty level, character error rate, latency, peak memory.
    Eval {
        /// Corpus folder (NAME.json ground truth beside each image).
        dir: PathBuf,
        /// Only the first N documents.
        #[arg(long)]
        limit: Option<usize>,
        /// Also write the JSON report to this file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Print the JSON report instead of the Markdown table.
        #[arg(long)]
        json: bool,
        /// Judge dates against this day instead of today (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        today: Option<Date>,
        #[command(flatten)]
        ocr: OcrArgs,
        #[command(flatten)]
        extractor: extract::ExtractorArgs,
        /// With `--extractor llm`: the privacy policy the OCR text is redacted under before the
        /// model sees it (trusted, pseudonymise or minimal).
        #[arg(long, default_value = "pseudonymise")]
        policy: carta_core::redact::Policy,
    },
    /// Parse two or three MRZ lines read from standard input.
    Mrz {
        /// Report the lines exactly as read, without confusion repair.
        #[arg(long)]
        no_repair: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Check an identifier.
    Check {
        #[command(subcommand)]
        what: CheckCommand,
    },
    /// Extract fields from a document's text as JSON of a schema (the canonical identity schema
    /// unless --schema is given), with the rules engine, a local language model or an
    /// OpenAI-compatible server. Prints `{"extractor", "answer", "usage", "egress"}` (`egress`:
    /// the receipt of what left the device, `null` when nothing did).
    Extract {
        /// Text to read (plain lines or an OCR page JSON), `-` for standard input.
        #[arg(long, value_name = "FILE|-")]
        text: PathBuf,
        /// JSON Schema of the answer (an object schema with `properties`).
        #[arg(long, value_name = "FILE")]
        schema: Option<PathBuf>,
        #[command(flatten)]
        extractor: extract::ExtractorArgs,
        /// With `--extractor openai`: the privacy policy the text is redacted under before it
        /// leaves (pseudonymise, minimal or trusted); the answer's placeholders are restored on
        /// the device.
        #[arg(long, default_value = "pseudonymise")]
        policy: carta_core::redact::Policy,
    },
    /// Print what of a document's OCR text would leave the device under a privacy policy, and
    /// its egress receipt (JSON: `payload`, `receipt`). The placeholders' values stay on the
    /// device and are not printed.
    Redact {
        /// OCR text to read (plain lines or an OCR page JSON), `-` for standard input.
        #[arg(long, value_name = "FILE|-")]
        text: PathBuf,
        /// local_only (nothing leaves), minimal (only the lines of --fields), pseudonymise
        /// (personal data replaced by typed placeholders) or trusted (the full text, for an
        /// edge box the organisation owns).
        #[arg(long)]
        policy: carta_core::redact::Policy,
        /// Where the payload would be sent, for the receipt.
        #[arg(long, default_value = "stdout")]
        destination: String,
        /// The fields the remote extractor is asked for (canonical keys, comma-separated):
        /// `minimal` sends only their lines.
        #[arg(long, value_delimiter = ',', value_parser = parse_field, required_if_eq("policy", "minimal"))]
        fields: Vec<FieldName>,
    },
}

#[derive(Debug, Subcommand)]
enum CheckCommand {
    /// Italian codice fiscale: syntax, check character, omocodia, birthplace on the birth date.
    FiscalCode {
        /// The code (spaces and dashes are ignored).
        code: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Judge dates against this day instead of today (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        today: Option<Date>,
    },
}

#[derive(Debug, Args)]
struct Common {
    /// Print JSON (the output contract) instead of a summary.
    #[arg(long)]
    json: bool,
    /// Field key names: canonical English or Italian back-office names.
    #[arg(long, value_enum, default_value_t = Keys::Canonical)]
    keys: Keys,
    /// Judge dates against this day instead of today (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    today: Option<Date>,
}

#[derive(Debug, Args)]
struct OcrArgs {
    /// Directory holding the model files (default: $CARTA_MODELS_DIR, else
    /// ~/.cache/carta/models, where models/fetch puts them).
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,
    /// Model set from models/manifest.json.
    #[arg(long, value_name = "NAME")]
    model_set: Option<String>,
    /// Runtime for the networks: rten (pure Rust) or ort (ONNX Runtime; needs a build with
    /// the `ocr-ort` feature and `models/fetch --runtime ort`).
    #[arg(long, default_value = "rten")]
    runtime: Runtime,
    /// Longer side of the image given to text detection, in pixels (smaller is faster and
    /// misses smaller print).
    #[arg(long, value_name = "PX", default_value_t = OcrSettings::default().det_side)]
    det_side: u32,
    /// OCR engine: Carta's PP-OCR, or Tesseract 5 (for comparison; Debian tesseract-ocr).
    #[arg(long, value_enum, default_value_t = Engine::Carta)]
    engine: Engine,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Engine {
    /// PP-OCR detection and recognition on the device.
    Carta,
    /// The `tesseract` command, eng+ita.
    Tesseract,
}

impl OcrArgs {
    fn engine(&self) -> Result<Box<dyn OcrEngine>, Failure> {
        if let Engine::Tesseract = self.engine {
            return Ok(Box::new(tesseract::Tesseract::new()?));
        }
        let dir = self.models.clone().unwrap_or_else(models::default_dir);
        let set = self.model_set.clone().unwrap_or_else(models::default_set);
        Ok(ocr::load_engine(
            &dir,
            &set,
            self.runtime,
            OcrSettings {
                det_side: self.det_side.clamp(320, 4096),
                ..OcrSettings::default()
            },
        )?)
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Keys {
    /// `surname`, `birth_date`, …
    Canonical,
    /// `cognome`, `data_nascita`, …
    It,
}

impl From<Keys> for KeyStyle {
    fn from(k: Keys) -> Self {
        match k {
            Keys::Canonical => KeyStyle::Canonical,
            Keys::It => KeyStyle::Italian,
        }
    }
}

/// A canonical field key (`birth_place`).
fn parse_field(s: &str) -> Result<FieldName, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_owned()))
        .map_err(|_| format!("unknown field {s:?} (canonical keys such as birth_place)"))
}

fn parse_day(s: &str) -> Result<Date, String> {
    date::parse_iso(s).ok_or_else(|| "expected a date as YYYY-MM-DD".to_owned())
}

/// A failure with its exit status.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Bad input: exit 2.
    Input(String),
    /// Anything else: exit 1.
    Internal(anyhow::Error),
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        if e.is_bad_input() {
            Failure::Input(e.to_string())
        } else {
            Failure::Internal(e.into())
        }
    }
}

/// Reads a whole text input, refusing more than the core accepts before allocating for it.
fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    read_limited(path, MAX_INPUT_BYTES)
}

/// Reads a whole input of at most `max` bytes.
fn read_limited(path: &Path, max: usize) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX) + 1;
    let result = if path.as_os_str() == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut buf)
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::Input(format!("cannot open input file: {}", io_reason(&e))))?;
        file.take(limit).read_to_end(&mut buf)
    };
    result.map_err(|e| Failure::Input(format!("cannot read input: {}", io_reason(&e))))?;
    if buf.len() > max {
        return Err(CoreError::InputTooLarge { limit: max }.into());
    }
    Ok(buf)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        std::io::ErrorKind::InvalidData => "not valid text".to_owned(),
        kind => kind.to_string(),
    }
}

fn print_json(value: &serde_json::Value) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value).map_err(|e| Failure::Internal(e.into()))?;
    writeln!(out).map_err(|e| Failure::Internal(e.into()))
}

fn print_summary(result: &ScanResult, keys: KeyStyle) {
    println!(
        "document_type: {}",
        serde_json::to_value(result.document_type).unwrap_or_default()
    );
    for (name, field) in &result.fields {
        let source = serde_json::to_value(field.source).unwrap_or_default();
        println!(
            "  {:<20} {:<32} {} {:.2} {}",
            name.key_in(keys),
            field.value,
            source,
            field.confidence,
            field.checks.join(",")
        );
    }
    if let Some(mrz) = &result.mrz {
        println!(
            "mrz: {:?} valid={} repaired={}",
            mrz.format, mrz.valid, mrz.repaired
        );
    }
    for issue in &result.issues {
        let code = serde_json::to_value(issue.code).unwrap_or_default();
        let field = issue.field.map(|f| f.key_in(keys)).unwrap_or("-");
        println!("issue: {:?} {code} {field}", issue.severity);
    }
}

/// The options of a scan from the command line.
fn scan_options(common: &Common, offload: &offload::OffloadArgs) -> ScanOptions {
    ScanOptions {
        parse: ParseOptions {
            today: common.today.unwrap_or_else(date::today),
            repair: true,
        },
        limits: ImageLimits::default(),
        offload: offload.offload,
        policy: offload.policy,
        schema: None,
        cancel: None,
        progress: None,
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Parse {
            text,
            sample,
            common,
            offload,
        } => {
            let bytes = match text {
                Some(path) => read_input(&path)?,
                None if sample => SAMPLE.as_bytes().to_vec(),
                None => return Err(Failure::Input("give --text FILE|- or --sample".to_owned())),
            };
            let router = offload.router()?;
            let opts = scan_options(&common, &offload);
            let result = carta_core::scan_text(&bytes, router.as_ref(), &opts)?;
            if common.json {
                print_json(&result.to_json(common.keys.into()))
            } else {
                print_summary(&result, common.keys.into());
                Ok(())
            }
        }
        Command::Scan {
            images,
            sample,
            ocr,
            common,
            offload,
        } => {
            let engine = ocr.engine()?;
            let router = offload.router()?;
            let engines = Engines {
                ocr: engine.as_ref(),
                router: router.as_ref(),
            };
            let opts = scan_options(&common, &offload);
            let inputs: Vec<(String, Vec<u8>)> = if sample {
                vec![("sample".to_owned(), SAMPLE_IMAGE.to_vec())]
            } else {
                images
                    .iter()
                    .map(|p| {
                        Ok((
                            p.display().to_string(),
                            read_limited(p, opts.limits.max_bytes)?,
                        ))
                    })
                    .collect::<Result<_, Failure>>()?
            };
            for (_, bytes) in &inputs {
                for result in carta_core::scan_document(bytes, engines, &opts)? {
                    if common.json {
                        print_json(&result.to_json(common.keys.into()))?;
                    } else {
                        print_summary(&result, common.keys.into());
                    }
                }
            }
            Ok(())
        }
        Command::Pair(args) => print_json(&offload::pair(&args)?),
        Command::Unpair(args) => print_json(&offload::unpair(&args)?),
        Command::Ocr { image, ocr } => {
            let engine = ocr.engine()?;
            let limits = ImageLimits::default();
            let bytes = read_limited(&image, limits.max_bytes)?;
            let page = engine.read(&carta_core::image::decode(&bytes, &limits)?)?;
            print_json(&serde_json::to_value(&page).map_err(|e| Failure::Internal(e.into()))?)
        }
        Command::Eval {
            dir,
            limit,
            report,
            json,
            today,
            ocr,
            extractor,
            policy,
        } => {
            let engine = ocr.engine()?;
            let opts = ParseOptions {
                today: today.unwrap_or_else(date::today),
                repair: true,
            };
            let model = match extractor.extractor {
                extract::Kind::Rules => None,
                extract::Kind::Llm | extract::Kind::Openai => Some(extractor.build(opts)?),
            };
            let llm = model
                .as_deref()
                .map(|extractor| eval::LlmPath { extractor, policy });
            let summary = eval::run(&dir, engine.as_ref(), &opts, limit, llm.as_ref())
                .map_err(Failure::Input)?;
            let value = serde_json::to_value(&summary).map_err(|e| Failure::Internal(e.into()))?;
            if let Some(path) = report {
                std::fs::write(&path, format!("{value:#}\n"))
                    .map_err(|e| Failure::Internal(e.into()))?;
            }
            if json {
                print_json(&value)
            } else {
                print!("{}", eval::markdown(&summary));
                Ok(())
            }
        }
        Command::Mrz { no_repair, common } => {
            let bytes = read_input(Path::new("-"))?;
            let page = carta_core::OcrPage::from_bytes(&bytes)?;
            let lines: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
            let opts = MrzOptions {
                repair: !no_repair,
                today: common.today.unwrap_or_else(date::today),
            };
            let parsed = mrz::parse_lines(&lines, &opts)?;
            if common.json {
                print_json(&parsed.to_json(common.keys.into()))
            } else {
                for line in &parsed.lines {
                    println!("{line}");
                }
                println!(
                    "format: {:?} valid: {} repaired: {}",
                    parsed.format, parsed.valid, parsed.repaired
                );
                Ok(())
            }
        }
        Command::Redact {
            text,
            policy,
            destination,
            fields,
        } => {
            let bytes = read_input(&text)?;
            let page = carta_core::OcrPage::from_bytes(&bytes)?;
            // The values the device reads itself are found again wherever they are printed.
            let parsed = carta_core::parse_page(&page, &ParseOptions::default());
            let (payload, _vault) =
                carta_core::redact::redact(&page, &parsed.fields, policy, &fields)?;
            print_json(&serde_json::json!({
                "payload": payload.as_str(),
                "receipt": payload.receipt(&destination),
            }))
        }
        Command::Extract {
            text,
            schema,
            extractor,
            policy,
        } => {
            let bytes = read_input(&text)?;
            let page = carta_core::OcrPage::from_bytes(&bytes)?;
            let schema = match schema {
                Some(path) => {
                    let bytes = read_limited(&path, 1 << 20)?;
                    carta_core::extract::Schema::parse(&String::from_utf8_lossy(&bytes))?
                }
                None => carta_core::extract::Schema::identity(),
            };
            let remote = extractor.is_remote();
            let extractor = extractor.build(ParseOptions::default())?;
            // Text for a server is redacted on the device first (with the values the device reads
            // itself); a local extractor reads it all.
            let (policy, read) = if remote {
                let parsed = carta_core::parse_page(&page, &ParseOptions::default());
                (policy, parsed.fields)
            } else {
                (carta_core::redact::Policy::Trusted, Default::default())
            };
            let (payload, vault) = carta_core::redact::redact(&page, &read, policy, &[])?;
            let out = extractor.extract(&carta_core::extract::ExtractRequest {
                text: payload.as_str(),
                schema: &schema,
                deadline: None,
                cancel: None,
            })?;
            print_json(&serde_json::json!({
                "extractor": extractor.name(),
                "answer": carta_core::redact::rehydrate_value(&out.answer, &vault),
                "usage": out.usage,
                "egress": remote.then(|| payload.receipt(extractor.name())),
            }))
        }
        Command::Check {
            what: CheckCommand::FiscalCode { code, json, today },
        } => {
            if code.chars().count() > 64 {
                return Err(Failure::Input(
                    "a codice fiscale has 16 characters".to_owned(),
                ));
            }
            let report = fiscal_code::check(&code, today.unwrap_or_else(date::today));
            if json {
                print_json(&serde_json::to_value(&report).map_err(|e| Failure::Internal(e.into()))?)
            } else {
                println!(
                    "valid: {}  syntax_valid: {}  omocodic: {}",
                    report.valid, report.syntax_valid, report.omocodic
                );
                Ok(())
            }
        }
    }
}

/// glibc's malloc raises its mmap threshold as large buffers are freed, after which the OCR's
/// tensors (several MiB each) come from per-thread heaps it trims lazily, and peak memory over a
/// batch of photos varies from run to run (166–195 MiB on the 200-photo corpus). Fixed
/// thresholds of 16 MiB keep it at 148–151 MiB, for about 7% more time per photo.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn steady_allocator() {
    const SIXTEEN_MIB: libc::c_int = 16 << 20;
    // SAFETY: mallopt only sets allocator parameters, and runs before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, SIXTEEN_MIB);
        libc::mallopt(libc::M_TRIM_THRESHOLD, SIXTEEN_MIB);
    }
}

fn main() -> ExitCode {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    steady_allocator();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // Usage errors are bad input; clap's message names the argument, not its value.
            let first = e
                .to_string()
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .to_owned();
            eprintln!("{first}");
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(reason)) => {
            eprintln!("carta: {reason}");
            ExitCode::from(2)
        }
        Err(Failure::Internal(e)) => {
            eprintln!("carta: internal error: {e}");
            ExitCode::from(1)
        }
    }
}
