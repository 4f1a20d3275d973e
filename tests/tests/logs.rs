//! No personal data in logs: scans and redactions run with every `tracing` event enabled (TRACE),
//! and the captured output holds none of the ground-truth values.

use std::io::Write;
use std::sync::{Arc, Mutex};

use carta_core::pipeline::{Engines, ParseOptions, ScanOptions, parse_page, scan_image};
use carta_core::redact::{Policy, redact};
use carta_tests::corpus::{AS_OF, Generator};

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[test]
fn trace_logs_hold_no_ground_truth_value() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(captured.clone())
        .finish();
    let engine = carta_tests::default_engine();
    let generator = Generator::new().expect("fonts (scripts/setup installs them)");
    let parse = ParseOptions {
        today: AS_OF,
        ..ParseOptions::default()
    };
    let mut truths = Vec::new();
    tracing::subscriber::with_default(subscriber, || {
        for i in 0..60 {
            let truth = generator.truth(1, i).expect("truth");
            let page = truth.page();
            let read = parse_page(&page, &parse);
            for policy in [Policy::Pseudonymise, Policy::Trusted] {
                redact(&page, &read.fields, policy, &[]).expect("redact");
            }
            truths.push(truth);
        }
        // Real scans: OCR, parse, and their events.
        for i in 0..3 {
            let sample = generator.generate(1, i).expect("generate");
            let opts = ScanOptions {
                parse,
                ..ScanOptions::default()
            };
            scan_image(&sample.jpeg, Engines::on_device(engine.as_ref()), &opts).expect("scan");
        }
    });
    let log = String::from_utf8(captured.0.lock().expect("log buffer").clone()).expect("UTF-8");
    let events = log.lines().count();
    assert!(
        events > 300,
        "too few events captured ({events}): is the core instrumented?"
    );
    let mut hits = Vec::new();
    for truth in &truths {
        for (name, value) in &truth.fields {
            // Codes and markers (`ITA`, `M`, heights) are not personal values.
            if value.chars().count() < 5 {
                continue;
            }
            let compact = value.replace(' ', "");
            if log.contains(value.as_str()) || log.contains(&compact) {
                hits.push(format!("{} {}", truth.id, name.key()));
            }
        }
        for line in &truth.lines {
            if line.text.chars().count() >= 8 && log.contains(&line.text) {
                hits.push(format!("{} line", truth.id));
            }
        }
    }
    println!(
        "TRACE log: {events} events, {} bytes, {} hits",
        log.len(),
        hits.len()
    );
    assert!(hits.is_empty(), "values in the log: {hits:?}");
}
