//! The privacy layer on the text of 240 generated documents (ground truth known): under
//! `pseudonymise` no ground-truth value leaves in any rendering, and the vault restores what the
//! placeholders replaced.

use carta_core::merge::transliterate;
use carta_core::pipeline::{ParseOptions, parse_page};
use carta_core::redact::{PiiKind, Policy, redact};
use carta_core::schema::FieldName;
use carta_core::schema::Fields;
use carta_core::text::OcrPage;
use carta_core::translit::{Umlauts, ascii_of};
use carta_core::validate::date::{DateRole, iso, parse_printed};
use carta_tests::corpus::{AS_OF, Generator, Truth};

const SEED: u64 = 1;
const COUNT: u32 = 240;

/// The fields whose values must never leave under `pseudonymise`.
const PRIVATE: &[FieldName] = &[
    FieldName::Surname,
    FieldName::GivenNames,
    FieldName::BirthDate,
    FieldName::IssueDate,
    FieldName::ExpiryDate,
    FieldName::DocumentNumber,
    FieldName::PersonalNumber,
    FieldName::FiscalCode,
    FieldName::Address,
];

/// Upper case, accents folded, spaces and punctuation other than `.` `/` `-` kept.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .map(|c| ascii_of(c, Umlauts::Base).map_or_else(|| c.to_string(), str::to_owned))
        .collect()
}

/// Every rendering of a ground-truth value that must not appear in a payload: as printed,
/// accent-folded, without spaces, in its MRZ form; dates also as `dd.mm.yyyy`, `dd/mm/yyyy`,
/// `dd.mm.yy`, `dd/mm/yy`, `yymmdd`, ISO. Names also word by word (words of five letters or
/// more: shorter ones such as `DE`, `DELL` are ordinary words).
fn renderings(name: FieldName, value: &str) -> Vec<String> {
    let mut out = vec![fold(value), fold(value).replace(' ', "")];
    match name {
        FieldName::BirthDate | FieldName::IssueDate | FieldName::ExpiryDate => {
            let (y, rest) = value.split_at(4);
            let (m, d) = (&rest[1..3], &rest[4..6]);
            let yy = &y[2..];
            for r in [
                format!("{d}.{m}.{y}"),
                format!("{d}/{m}/{y}"),
                format!("{d}.{m}.{yy}"),
                format!("{d}/{m}/{yy}"),
                format!("{yy}{m}{d}"),
            ] {
                out.push(r);
            }
        }
        FieldName::Surname | FieldName::GivenNames | FieldName::Address => {
            let mrz = transliterate(value);
            out.push(mrz.replace(' ', "<"));
            for word in fold(value).split([' ', '-', '\'']) {
                if word.chars().count() >= 5 && !word.chars().any(|c| c.is_ascii_digit()) {
                    out.push(word.to_owned());
                }
            }
        }
        _ => {}
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `needle` occurs in `text` not inside a longer word (`RIZZO` is not in
/// `INDIRIZZO`).
fn contains_word(text: &str, needle: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(needle).any(|(i, _)| {
        !word(text[..i].chars().next_back()) && !word(text[i + needle.len()..].chars().next())
    })
}

/// The corpus documents: ground truth, its page (a perfect reading) and what the device parsed.
fn documents() -> Vec<(Truth, OcrPage, Fields)> {
    let generator = Generator::new().expect("fonts (see the corpus module documentation)");
    let opts = ParseOptions {
        today: AS_OF,
        ..ParseOptions::default()
    };
    (0..COUNT)
        .map(|i| {
            let truth = generator.truth(SEED, i).expect("truth");
            let page = truth.page();
            let fields = parse_page(&page, &opts).fields;
            (truth, page, fields)
        })
        .collect()
}

#[test]
fn no_ground_truth_value_leaves_under_pseudonymise() {
    let (mut checked, mut leaks) = (0, Vec::new());
    for (truth, page, read) in documents() {
        let (payload, vault) =
            redact(&page, &read, Policy::Pseudonymise, &[]).expect("pseudonymise");
        let text = fold(payload.as_str());
        for &name in PRIVATE {
            let Some(value) = truth.fields.get(&name) else {
                continue;
            };
            checked += 1;
            for r in renderings(name, value) {
                if contains_word(&text, &r) {
                    // Synthetic values: printed to find the detector that missed them.
                    leaks.push(format!("{} {}: {r}", truth.id, name.key()));
                }
            }
        }
        // Every placeholder in the payload is in the vault.
        for piece in payload.as_str().split('⟦').skip(1) {
            let placeholder = format!("⟦{}", piece.split_inclusive('⟧').next().unwrap_or(""));
            assert!(
                vault.get(&placeholder).is_some(),
                "{} {placeholder}",
                truth.id
            );
        }
    }
    println!(
        "pseudonymise: {checked} ground-truth values on {COUNT} documents, {} leaks",
        leaks.len()
    );
    assert!(checked > 1000, "too few values checked: {checked}");
    assert!(leaks.is_empty(), "{} leaks: {leaks:?}", leaks.len());
}

#[test]
fn minimal_sends_only_the_lines_of_the_requested_fields() {
    let requested = [
        FieldName::BirthPlace,
        FieldName::IssuingAuthority,
        FieldName::Address,
    ];
    let (mut sent_lines, mut unneeded, mut wanted, mut found) = (0, Vec::new(), 0, 0);
    for (truth, page, read) in documents() {
        let (payload, _) = redact(&page, &read, Policy::Minimal, &requested).expect("minimal");
        let values: Vec<String> = requested
            .iter()
            .filter_map(|f| truth.fields.get(f))
            .map(|v| fold(v))
            .collect();
        let lines: Vec<String> = payload.as_str().lines().map(fold).collect();
        for (k, line) in lines.iter().enumerate() {
            sent_lines += 1;
            let part_of_value = |l: &str| {
                values
                    .iter()
                    .any(|v| v.contains(l.trim()) || l.contains(v.as_str()))
            };
            // A line is needed when it holds a requested value, or is a label read just before
            // one (labels of two columns come before their two values).
            let needed = part_of_value(line)
                || lines
                    .iter()
                    .skip(k + 1)
                    .take(2)
                    .any(|next| part_of_value(next));
            if !needed {
                unneeded.push(format!("{}: {line}", truth.id));
            }
        }
        let text = lines.join(" ");
        for v in &values {
            wanted += 1;
            found += usize::from(text.contains(v.as_str()));
        }
    }
    println!(
        "minimal: {sent_lines} lines sent on {COUNT} documents, {} not needed; {found} of {wanted} requested values sent",
        unneeded.len()
    );
    assert!(unneeded.is_empty(), "{unneeded:?}");
    assert!(found * 10 >= wanted * 9, "{found} of {wanted}");
}

/// The placeholder kinds a field's value is expected under.
/// (A value printed only inside an MRZ line goes out inside that line's placeholder.)
fn expected_kinds(name: FieldName) -> &'static [PiiKind] {
    match name {
        FieldName::Surname | FieldName::GivenNames => &[PiiKind::Name, PiiKind::Mrz],
        FieldName::BirthDate | FieldName::IssueDate | FieldName::ExpiryDate => {
            &[PiiKind::Date, PiiKind::Mrz]
        }
        FieldName::DocumentNumber | FieldName::PersonalNumber => {
            &[PiiKind::DocumentNumber, PiiKind::Number, PiiKind::Mrz]
        }
        FieldName::FiscalCode => &[PiiKind::FiscalCode],
        FieldName::Address => &[PiiKind::Address],
        _ => &[],
    }
}

/// Precision and recall of each detector on the ground-truth text of the corpus, printed as the
/// README's table. Recall: a field's value went out under a placeholder of its kind. Precision: a
/// placeholder of a kind stands for (a part of) a value of a field of that kind.
#[test]
fn detector_precision_and_recall() {
    let kinds = [
        PiiKind::Name,
        PiiKind::Date,
        PiiKind::DocumentNumber,
        PiiKind::FiscalCode,
        PiiKind::Address,
    ];
    // kind → (placeholders, of which right; values, of which found)
    let mut stats = vec![(0usize, 0usize, 0usize, 0usize); kinds.len()];
    for (truth, page, read) in documents() {
        let (_, vault) = redact(&page, &read, Policy::Pseudonymise, &[]).expect("pseudonymise");
        let placed: Vec<(PiiKind, String)> = vault
            .placeholders()
            .map(|(p, k)| (k, fold(vault.get(p).unwrap_or(""))))
            .collect();
        for (k, kind) in kinds.iter().enumerate() {
            let values: Vec<(FieldName, String)> = truth
                .fields
                .iter()
                .filter(|(f, _)| expected_kinds(**f).contains(kind))
                .map(|(f, v)| (*f, fold(v)))
                .collect();
            let matches = |placed: &str, f: FieldName, v: &str| {
                let printed_date =
                    parse_printed(placed, DateRole::Issue, AS_OF).is_some_and(|d| iso(d) == v);
                printed_date
                    || renderings(f, v)
                        .iter()
                        .any(|r| r == placed || r.contains(placed) || placed.contains(r.as_str()))
            };
            for (_, pv) in placed.iter().filter(|(pk, _)| pk == kind) {
                stats[k].0 += 1;
                stats[k].1 += usize::from(values.iter().any(|(f, v)| matches(pv, *f, v)));
            }
            for (f, v) in &values {
                stats[k].2 += 1;
                let found = placed
                    .iter()
                    .any(|(pk, pv)| expected_kinds(*f).contains(pk) && matches(pv, *f, v));
                stats[k].3 += usize::from(found);
            }
        }
    }
    println!("| detector | placeholders | precision | values | recall |\n|---|---|---|---|---|");
    for (kind, (n, right, values, found)) in kinds.iter().zip(&stats) {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                100.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        println!(
            "| {} | {n} | {:.1}% | {values} | {:.1}% |",
            kind.tag(),
            pct(*right, *n),
            pct(*found, *values)
        );
    }
    for (kind, (_, _, values, found)) in kinds.iter().zip(&stats) {
        assert!(
            found * 100 >= values * 95,
            "{kind:?} recall {found} of {values}"
        );
    }
}
