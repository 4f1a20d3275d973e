//! Benchmark of the llama.cpp extractor on CPU (run by `scripts/llm-bench`): for each test model
//! and grammar mode, on the pseudonymised text of N generated documents, prints how many answers
//! match the schema, the non-null rate, prompt tokens per document, prompt and generation
//! tokens/s, and the speed-up of sample-then-check grammar sampling over full grammar sampling.

use std::time::Instant;

use anyhow::{Context, Result};
use carta_core::extract::{ExtractRequest, Extractor, Schema};
use carta_core::llm::{GrammarMode, LlamaExtractor, LlamaSettings};
use clap::Parser;

#[derive(Debug, Parser)]
#[command(about = "Benchmark the llama.cpp extractor on generated documents")]
struct Args {
    /// Documents per model and mode.
    #[arg(long, default_value_t = 100)]
    docs: u32,
    /// Test models from models/manifest.json (section llm), comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "tiny-gpt-oss,smollm2-135m"
    )]
    models: Vec<String>,
    /// Grammar modes, comma-separated: sample-then-check, full, off.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "sample-then-check,full,off"
    )]
    modes: Vec<String>,
    /// CPU threads.
    #[arg(long, default_value_t = 2)]
    threads: i32,
}

/// Totals of one model and mode.
#[derive(Debug, Default)]
struct Totals {
    valid: u32,
    non_null: u32,
    values: u32,
    prompt_tokens: Vec<u32>,
    completion_tokens: u64,
    prompt_ms: u64,
    generation_ms: u64,
    wall_ms: u128,
}

fn run(extractor: &LlamaExtractor, texts: &[String]) -> Totals {
    let schema = Schema::identity();
    let mut t = Totals::default();
    let start = Instant::now();
    for text in texts {
        let request = ExtractRequest {
            text,
            schema: &schema,
            deadline: None,
            cancel: None,
        };
        if let Ok(out) = extractor.extract(&request) {
            t.valid += u32::from(schema.check(&out.answer).is_ok());
            for v in out.answer.as_object().into_iter().flat_map(|o| o.values()) {
                t.values += 1;
                t.non_null += u32::from(!v.is_null());
            }
            t.prompt_tokens.push(out.usage.prompt_tokens);
            t.completion_tokens += u64::from(out.usage.completion_tokens);
            t.prompt_ms += out.usage.prompt_ms;
            t.generation_ms += out.usage.generation_ms;
        }
    }
    t.wall_ms = start.elapsed().as_millis();
    t
}

fn per_second(tokens: u64, ms: u64) -> f64 {
    tokens as f64 * 1000.0 / ms.max(1) as f64
}

fn main() -> Result<()> {
    let args = Args::parse();
    let texts = carta_tests::pseudonymised_texts(7, args.docs);
    println!(
        "| model | grammar | valid answers | non-null values | prompt tokens mean / max | prompt tok/s | generation tok/s | s per document |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for name in &args.models {
        let path = carta_core::ocr::models::llm_model_path(name)
            .with_context(|| format!("{name} (models/fetch --llm {name})"))?;
        let mut extractor = LlamaExtractor::load(
            &path,
            LlamaSettings {
                threads: args.threads,
                ..LlamaSettings::default()
            },
        )?;
        let mut generation = Vec::new();
        for mode in [
            GrammarMode::SampleThenCheck,
            GrammarMode::Full,
            GrammarMode::Off,
        ] {
            extractor.settings_mut().grammar = mode;
            let t = run(&extractor, &texts);
            let mean = t.prompt_tokens.iter().map(|&n| f64::from(n)).sum::<f64>()
                / t.prompt_tokens.len().max(1) as f64;
            let tokens = match t.prompt_tokens.iter().max() {
                Some(max) => format!("{mean:.0} / {max}"),
                None => "–".to_owned(),
            };
            let prompt: u64 = t.prompt_tokens.iter().map(|&n| u64::from(n)).sum();
            println!(
                "| {name} | {mode:?} | {} of {} | {:.1}% | {tokens} | {:.0} | {:.1} | {:.2} |",
                t.valid,
                texts.len(),
                100.0 * f64::from(t.non_null) / f64::from(t.values.max(1)),
                per_second(prompt, t.prompt_ms),
                per_second(t.completion_tokens, t.generation_ms),
                t.wall_ms as f64 / 1000.0 / texts.len().max(1) as f64,
            );
            generation.push((mode, t.generation_ms, t.completion_tokens));
        }
        let rate = |m: GrammarMode| {
            generation
                .iter()
                .find(|(g, ..)| *g == m)
                .map(|&(_, ms, n)| per_second(n, ms))
        };
        if let (Some(stc), Some(full)) =
            (rate(GrammarMode::SampleThenCheck), rate(GrammarMode::Full))
        {
            println!(
                "\n{name}: sample-then-check generates {:.2}× as fast as full grammar sampling ({stc:.1} vs {full:.1} tok/s)\n",
                stc / full.max(f64::MIN_POSITIVE),
            );
        }
    }
    Ok(())
}
