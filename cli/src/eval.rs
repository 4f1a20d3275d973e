//! `carta eval DIR`: scans every image of a corpus with ground truth and reports per-field
//! exact match (overall, per difficulty level, per layout), character error rate, latency
//! percentiles and peak memory, as a Markdown table and as JSON.
//!
//! With `--extractor llm` the fields scored are the language model's alone: the OCR text,
//! redacted under `--policy` (the values the device read replaced by placeholders under
//! `pseudonymise`), is given to the model with the canonical identity schema, and its answer is
//! rehydrated on the device. Latency then includes the model.
//!
//! Ground truth: one `NAME.json` per document (the format of the synthetic corpus, see
//! `carta-corpus`): `{"image", "layout", "level", "fields": {key: value}, "lines": [{"text"}]}`.
//! A document may be text instead of an image (`"text": "NAME.txt"`, OCR lines or a text
//! layer): it is parsed without OCR and left out of the character error rate. The evaluation
//! fixtures in `tests/fixtures/eval` are of this kind.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use carta_core::ParseOptions;
use carta_core::extract::Extractor;
use carta_core::image::ImageLimits;
use carta_core::ocr::OcrEngine;
use carta_core::redact::Policy;
use carta_core::schema::KeyStyle;
use carta_core::text::edit_distance;
use serde::{Deserialize, Serialize};

/// Fields read from the MRZ on documents that have one (the MRZ group).
pub const MRZ_FIELDS: [&str; 4] = ["document_number", "birth_date", "expiry_date", "surname"];
/// Fields read from the visual zone (the visual-zone group).
pub const VIZ_FIELDS: [&str; 5] = [
    "given_names",
    "birth_place",
    "issue_date",
    "fiscal_code",
    "municipality",
];

#[derive(Debug, Deserialize)]
struct Truth {
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    layout: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    mrz: Option<Vec<String>>,
    #[serde(default)]
    lines: Vec<TruthLine>,
}

#[derive(Debug, Deserialize)]
struct TruthLine {
    text: String,
}

/// Exact-match counts of one field.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Count {
    /// Documents whose ground truth has the field.
    pub n: u32,
    /// Of those, read exactly.
    pub exact: u32,
}

impl Count {
    fn add(&mut self, ok: bool) {
        self.n += 1;
        self.exact += u32::from(ok);
    }

    /// Exact-match rate in percent (100 when there is nothing to read).
    pub fn rate(&self) -> f64 {
        if self.n == 0 {
            100.0
        } else {
            f64::from(self.exact) * 100.0 / f64::from(self.n)
        }
    }
}

/// The evaluation summary (the JSON report).
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Engine and models.
    pub engine: String,
    /// Documents scanned.
    pub documents: u32,
    /// Documents refused with a bad-input error.
    pub refused: u32,
    /// Per field, all levels.
    pub fields: BTreeMap<String, Count>,
    /// Per level, per field.
    pub levels: BTreeMap<String, BTreeMap<String, Count>>,
    /// Per layout, per field.
    pub layouts: BTreeMap<String, BTreeMap<String, Count>>,
    /// The MRZ fields on documents with an MRZ, pooled.
    pub mrz_fields: Count,
    /// The visual-zone fields, pooled.
    pub viz_fields: Count,
    /// MRZs read valid (all check digits) on documents with an MRZ.
    pub mrz_valid: Count,
    /// Mean character error rate of the OCR text against the rendered lines (image documents
    /// only; none when every document was text).
    pub cer: Option<f64>,
    /// Latency percentiles in milliseconds, decode + OCR + parse.
    pub latency_ms: BTreeMap<String, f64>,
    /// Peak resident memory of the process, in MiB (Linux).
    pub peak_rss_mib: Option<f64>,
    /// With a language model: its answers that failed (no valid JSON in time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extractor_failures: Option<u32>,
    /// With a language model: mean prompt tokens per document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_tokens_mean: Option<f64>,
}

/// A language model to score instead of the rules engine, and the policy its text is redacted
/// under.
pub struct LlmPath<'a> {
    /// The extractor.
    pub extractor: &'a dyn Extractor,
    /// `trusted`, `pseudonymise` or `minimal`.
    pub policy: Policy,
}

/// Character error rate of `ocr` against `truth`, both whole texts with one line per line,
/// compared line-order independently (each side's lines sorted) so that reading-order
/// differences between a photo and the flat card do not count as errors.
fn cer(truth: &[String], ocr: &[String]) -> f64 {
    let norm = |lines: &[String]| -> Vec<char> {
        let mut v: Vec<String> = lines
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        v.sort();
        v.join("\n").chars().collect()
    };
    let (t, o) = (norm(truth), norm(ocr));
    if t.is_empty() {
        return 0.0;
    }
    edit_distance(&t, &o) as f64 / t.len() as f64
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The ground-truth files of a corpus folder, sorted by name.
fn truth_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|_| "cannot read the corpus folder".to_owned())?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_stem().is_some_and(|s| s != "index" && s != "eval")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("the corpus folder has no ground-truth JSON files".to_owned());
    }
    Ok(files)
}

/// Scans the corpus in `dir` with `engine`; `limit` keeps the first N documents.
pub fn run(
    dir: &Path,
    engine: &dyn OcrEngine,
    opts: &ParseOptions,
    limit: Option<usize>,
    llm: Option<&LlmPath<'_>>,
) -> Result<Report, String> {
    let mut files = truth_files(dir)?;
    if let Some(n) = limit {
        files.truncate(n);
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut report = Report {
        engine: match llm {
            Some(l) => format!("{} + {}", engine.name(), l.extractor.name()),
            None => engine.name(),
        },
        ..Report::default()
    };
    let (mut failures, mut prompt_tokens) = (0u32, Vec::new());
    let (mut latencies, mut cers) = (Vec::new(), Vec::new());
    for file in &files {
        let truth: Truth = std::fs::read(file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| format!("{}: not a ground-truth file", file.display()))?;
        let start = Instant::now();
        let (scanned, ocr) = match (&truth.image, &truth.text) {
            (Some(image), None) => {
                let bytes = std::fs::read(dir.join(image))
                    .map_err(|_| format!("{image}: image missing"))?;
                let page = carta_core::image::decode(&bytes, &ImageLimits::default())
                    .and_then(|img| engine.read(&img));
                (page, true)
            }
            (None, Some(text)) => {
                let bytes =
                    std::fs::read(dir.join(text)).map_err(|_| format!("{text}: text missing"))?;
                (carta_core::OcrPage::from_bytes(&bytes), false)
            }
            _ => {
                return Err(format!(
                    "{}: needs exactly one of \"image\" and \"text\"",
                    file.display()
                ));
            }
        };
        let scanned = scanned.map(|page| (carta_core::parse_page(&page, opts), page));
        let (mut result, page) = match scanned {
            Ok(r) => r,
            Err(e) if e.is_bad_input() => {
                report.refused += 1;
                continue;
            }
            Err(e) => return Err(e.to_string()),
        };
        if let Some(l) = llm {
            let extracted = carta_core::pipeline::extract_fields(
                &page,
                &result.fields,
                l.extractor,
                l.policy,
                None,
            );
            result.fields = match extracted {
                Ok(e) => {
                    prompt_tokens.push(f64::from(e.usage.prompt_tokens));
                    e.fields
                }
                Err(_) => {
                    failures += 1;
                    Default::default()
                }
            };
        }
        latencies.push(start.elapsed().as_secs_f64() * 1000.0);
        report.documents += 1;
        let got = result.to_json(KeyStyle::Canonical);
        let value = |k: &str| got["fields"][k]["value"].as_str().map(str::to_owned);
        let level = report.levels.entry(truth.level.clone()).or_default();
        let layout = report.layouts.entry(truth.layout.clone()).or_default();
        for (key, expected) in &truth.fields {
            let ok = value(key).as_deref() == Some(expected.as_str());
            report.fields.entry(key.clone()).or_default().add(ok);
            level.entry(key.clone()).or_default().add(ok);
            layout.entry(key.clone()).or_default().add(ok);
            if truth.mrz.is_some() && MRZ_FIELDS.contains(&key.as_str()) {
                report.mrz_fields.add(ok);
            }
            if VIZ_FIELDS.contains(&key.as_str()) {
                report.viz_fields.add(ok);
            }
        }
        if truth.mrz.is_some() {
            report
                .mrz_valid
                .add(result.mrz.as_ref().is_some_and(|m| m.valid));
        }
        if ocr {
            let truth_lines: Vec<String> = truth.lines.into_iter().map(|l| l.text).collect();
            let ocr_lines: Vec<String> = page.lines.into_iter().map(|l| l.text).collect();
            cers.push(cer(&truth_lines, &ocr_lines));
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    latencies.sort_by(f64::total_cmp);
    for (name, p) in [("p50", 50.0), ("p95", 95.0)] {
        report
            .latency_ms
            .insert(name.into(), percentile(&latencies, p));
    }
    report.cer = (!cers.is_empty()).then(|| cers.iter().sum::<f64>() / cers.len() as f64);
    report.peak_rss_mib = peak_rss_mib();
    if llm.is_some() {
        report.extractor_failures = Some(failures);
        report.prompt_tokens_mean =
            Some(prompt_tokens.iter().sum::<f64>() / prompt_tokens.len().max(1) as f64);
    }
    Ok(report)
}

/// The report as a Markdown table: one row per field, columns all and each level.
pub fn markdown(r: &Report) -> String {
    let mut out = format!(
        "engine: {}, documents: {} (refused: {})\n\n| field | all |",
        r.engine, r.documents, r.refused
    );
    let levels: Vec<&String> = r.levels.keys().collect();
    for l in &levels {
        out.push_str(&format!(" {l} |"));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(levels.len()));
    out.push('\n');
    let cell = |c: Option<&Count>| {
        c.map_or("–".to_owned(), |c| {
            format!("{:.1}% ({}/{})", c.rate(), c.exact, c.n)
        })
    };
    for (key, count) in &r.fields {
        out.push_str(&format!("| {key} | {} |", cell(Some(count))));
        for l in &levels {
            out.push_str(&format!(" {} |", cell(r.levels[*l].get(key))));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "\nMRZ fields (document number, birth date, expiry date, surname; documents with an MRZ): {}\n\
         visual-zone fields (given names, birth place, issue date, fiscal code, municipality): {}\n\
         MRZ valid: {}\ncharacter error rate: {}\nlatency: p50 {:.0} ms, p95 {:.0} ms\npeak RSS: {}\n",
        cell(Some(&r.mrz_fields)),
        cell(Some(&r.viz_fields)),
        cell(Some(&r.mrz_valid)),
        r.cer.map_or("n/a".to_owned(), |c| format!("{:.2}%", c * 100.0)),
        r.latency_ms.get("p50").copied().unwrap_or(0.0),
        r.latency_ms.get("p95").copied().unwrap_or(0.0),
        r.peak_rss_mib.map_or("n/a".to_owned(), |m| format!("{m:.0} MiB")),
    ));
    if let (Some(f), Some(t)) = (r.extractor_failures, r.prompt_tokens_mean) {
        out.push_str(&format!(
            "language model: {f} answers failed; {t:.0} prompt tokens per document on average\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_and_cer() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("kitten"), &c("sitting")), 3);
        assert_eq!(edit_distance(&c(""), &c("abc")), 3);
        let t = vec!["ROSSI".to_owned(), "MARIO".to_owned()];
        assert_eq!(cer(&t, &["MARIO".to_owned(), "ROSSI".to_owned()]), 0.0);
        assert!((cer(&t, &["MARIO".to_owned(), "R0SSI".to_owned()]) - 1.0 / 11.0).abs() < 1e-9);
    }

    #[test]
    fn percentiles() {
        let v = [1.0, 2.0, 3.0, 4.0, 100.0];
        assert_eq!(percentile(&v, 50.0), 3.0);
        assert_eq!(percentile(&v, 95.0), 100.0);
    }
}
