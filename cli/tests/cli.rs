//! End-to-end tests of the `carta` binary: the free-form example, the sample, fiscal codes
//! through the CLI, and bad input (exit 2, one line on stderr, no panic, bounded memory).
#![allow(clippy::unwrap_used)]

mod common;

use common::{TODAY, carta, vectors};

fn assert_bad_input(run: &common::Run, what: &str) {
    assert_eq!(
        run.code, 2,
        "{what}: exit {} stderr {}",
        run.code, run.stderr
    );
    assert_eq!(
        run.stderr.trim_end().lines().count(),
        1,
        "{what}: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{what}: {}", run.stdout);
}

#[test]
fn free_form_example_with_italian_keys() {
    let text = "Nome: Mario Rossi\nData di nascita: 14/05/1987\nNumero documento: AZ1234567\nScadenza: 14.05.2033\n";
    let run = carta(
        &[
            "parse", "--text", "-", "--json", "--keys", "it", "--today", TODAY,
        ],
        text.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    let fields = &out["fields"];
    assert_eq!(fields["nome"]["value"], "MARIO ROSSI");
    assert_eq!(fields["numero_documento"]["value"], "AZ1234567");
    assert_eq!(fields["data_nascita"]["value"], "1987-05-14");
    assert_eq!(fields["scadenza"]["value"], "2033-05-14");
    assert!(
        fields.get("cognome").is_none(),
        "no invented surname split: {fields}"
    );
    assert!(fields.get("surname").is_none());
}

#[test]
fn bundled_sample_reads_the_whole_card() {
    let run = carta(&["parse", "--sample", "--json", "--today", TODAY], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    assert_eq!(out["document_type"], "id_card");
    assert_eq!(out["mrz"]["valid"], true);
    let f = &out["fields"];
    assert_eq!(f["surname"]["value"], "D'AMICO");
    assert_eq!(f["given_names"]["value"], "NICOLÒ");
    assert_eq!(f["document_number"]["source"], "mrz");
    let cf_checks = f["fiscal_code"]["checks"].as_array().unwrap();
    assert!(
        cf_checks.iter().any(|c| c == "fiscal_code_consistent"),
        "{cf_checks:?}"
    );
    assert_eq!(
        out["issues"].as_array().unwrap().len(),
        0,
        "{}",
        out["issues"]
    );
}

#[test]
fn mrz_viz_mismatch_names_the_field_not_the_values() {
    let sample =
        include_str!("../../samples/cie-front-back.txt").replace("14.05.1987", "15.05.1987");
    let run = carta(
        &["parse", "--text", "-", "--json", "--today", TODAY],
        sample.as_bytes(),
    );
    let out = run.json();
    let issue = out["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "mrz_viz_mismatch")
        .unwrap()
        .clone();
    assert_eq!(issue["field"], "birth_date");
    assert_eq!(
        out["fields"]["birth_date"]["value"], "1987-05-14",
        "the check-digit-proven MRZ value wins"
    );
    assert!(!issue.to_string().contains("1987"));
}

#[test]
fn fiscal_codes_through_the_cli_agree_with_upstream() {
    let v = vectors("codice_fiscale.json");
    let mut n = 0;
    for case in v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["decode"].as_array().unwrap())
    {
        let code = case["code"].as_str().unwrap();
        let run = carta(
            &["check", "fiscal-code", code, "--json", "--today", TODAY],
            b"",
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let out = run.json();
        let oracle = &case["oracle"];
        assert_eq!(out["valid"], oracle["pycf_is_valid"], "{code}");
        assert_eq!(out["syntax_valid"], oracle["stdnum_is_valid"], "{code}");
        assert_eq!(out["birth_date"], oracle["decode"]["birthdate"], "{code}");
        assert_eq!(
            out["birthplace_name"], oracle["decode"]["birthplace_name"],
            "{code}"
        );
        assert_eq!(out["sex"], oracle["decode"]["gender"], "{code}");
        n += 1;
    }
    let run = carta(
        &[
            "check",
            "fiscal-code",
            "FRTMXM74L15D354A",
            "--json",
            "--today",
            TODAY,
        ],
        b"",
    );
    let out = run.json();
    assert_eq!(
        (out["syntax_valid"].as_bool(), out["valid"].as_bool()),
        (Some(true), Some(false))
    );
    println!("fiscal codes through the CLI: {n} agree");
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let parse = ["parse", "--text", "-", "--json"];
    assert_bad_input(&carta(&parse, b""), "empty");
    assert_bad_input(&carta(&parse, b"\n  \n"), "blank");
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_bad_input(&carta(&parse, &garbage), "binary garbage");
    assert_bad_input(&carta(&parse, &vec![b'A'; 10 * 1024 * 1024]), "10 MB");
    assert_bad_input(
        &carta(&parse, "X".repeat(10_000).as_bytes()),
        "10,000-character line",
    );
    assert_bad_input(&carta(&parse, b"Nome: \xff\xfe Rossi"), "invalid UTF-8");
    assert_bad_input(&carta(&parse, b"{\"lines\": 3}"), "wrong JSON");
    assert_bad_input(
        &carta(&["parse", "--text", "/nonexistent/file.txt"], b""),
        "missing file",
    );
    assert_bad_input(&carta(&["mrz", "--json"], b"hello\nworld\n"), "not an MRZ");
    assert_bad_input(&carta(&["mrz", "--json"], b""), "empty MRZ");
    assert_bad_input(
        &carta(
            &["mrz", "--json", "--no-repair"],
            &vec![b'<'; 10 * 1024 * 1024],
        ),
        "10 MB MRZ",
    );
    assert_bad_input(
        &carta(&["check", "fiscal-code", &"A".repeat(100)], b""),
        "long code",
    );
    assert_bad_input(&carta(&["parse", "--bogus"], b""), "unknown flag");
}

#[test]
fn error_messages_carry_no_input_text() {
    let run = carta(
        &["parse", "--text", "-", "--json"],
        b"{\"lines\": \"ROSSIMARIO\"}",
    );
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("ROSSIMARIO"), "{}", run.stderr);
    let run = carta(&["mrz", "--json"], b"ROSSIMARIO\nROSSIMARIO\n");
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("ROSSIMARIO"), "{}", run.stderr);
}
