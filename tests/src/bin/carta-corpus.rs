//! `carta-corpus`: writes the synthetic evaluation corpus (see `carta_tests::corpus`).

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;

/// Generates identity-document photos with ground truth, deterministically from a seed.
#[derive(Debug, Parser)]
#[command(name = "carta-corpus", version)]
struct Args {
    /// Output directory (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// Number of images.
    #[arg(long, default_value_t = 200)]
    count: u32,
    /// Seed; the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Generator threads, by default one per available core (the output does not depend on
    /// it).
    #[arg(long)]
    jobs: Option<usize>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let start = Instant::now();
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let index = carta_tests::corpus::write_corpus(&args.out, args.count, args.seed, jobs)?;
    eprintln!(
        "wrote {} images with ground truth to {} in {:.1} s (documents valid on {})",
        index.count,
        args.out.display(),
        start.elapsed().as_secs_f64(),
        index.as_of
    );
    Ok(())
}
