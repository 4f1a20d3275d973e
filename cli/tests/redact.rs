//! `carta redact`: the payload that would leave the device and its receipt, on the bundled
//! sample's text and on a synthetic CIE.
#![allow(clippy::unwrap_used)]

mod common;

use common::carta;
use sha2::{Digest, Sha256};

const CIE: &str = "REPUBBLICA ITALIANA\nCARTA DI IDENTITA / IDENTITY CARD\nCA00000AA\n\
COMUNE DI / MUNICIPALITY\nFORLÌ\nCOGNOME / SURNAME\nD'AMICO\nNOME / NAME\nNICOLÒ MARIA\n\
LUOGO E DATA DI NASCITA / PLACE AND DATE OF BIRTH\nNARDÒ (LE) 14.05.1987\n\
EMISSIONE / ISSUING SCADENZA / EXPIRY\n14.05.2023 14.05.2033\n\
C<ITACA00000AA5<<<<<<<<<<<<<<<\n8705146M3305147ITA<<<<<<<<<<<0\nD<AMICO<<NICOLO<MARIA<<<<<<<<<";

#[test]
fn pseudonymised_payload_and_its_receipt() {
    let run = carta(
        &["redact", "--policy", "pseudonymise", "--text", "-"],
        CIE.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    let payload = out["payload"].as_str().unwrap();
    for value in [
        "CA00000AA",
        "FORLÌ",
        "D'AMICO",
        "AMICO",
        "NICOLÒ",
        "MARIA",
        "NARDÒ",
        "14.05.1987",
        "14.05.2023",
        "14.05.2033",
        "870514",
    ] {
        assert!(!payload.contains(value), "{value} in {payload}");
    }
    assert!(
        payload.contains("COGNOME / SURNAME"),
        "labels stay: {payload}"
    );
    let receipt = &out["receipt"];
    assert_eq!(receipt["policy"], "pseudonymise");
    assert_eq!(receipt["bytes"].as_u64().unwrap() as usize, payload.len());
    let sha = format!("{:x}", Sha256::digest(payload.as_bytes()));
    assert_eq!(receipt["sha256"], sha.as_str());
    let kinds = receipt["placeholder_kinds"].as_array().unwrap();
    for kind in ["mrz", "name", "place", "date", "document_number"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} not in {kinds:?}");
    }
}

#[test]
fn trusted_sends_the_text_and_local_only_nothing() {
    let run = carta(
        &["redact", "--policy", "trusted", "--text", "-"],
        CIE.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["payload"], CIE);
    let run = carta(
        &["redact", "--policy", "local_only", "--text", "-"],
        CIE.as_bytes(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("local_only"), "{}", run.stderr);
    assert!(!run.stderr.contains("AMICO"));
}

#[test]
fn minimal_sends_the_lines_of_the_requested_fields() {
    let args = [
        "redact",
        "--policy",
        "minimal",
        "--fields",
        "birth_place",
        "--text",
        "-",
    ];
    let run = carta(&args, CIE.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.json()["payload"],
        "LUOGO E DATA DI NASCITA / PLACE AND DATE OF BIRTH\nNARDÒ (LE) 14.05.1987"
    );
    // `minimal` without the fields it is for is a usage error.
    let run = carta(
        &["redact", "--policy", "minimal", "--text", "-"],
        CIE.as_bytes(),
    );
    assert_eq!(run.code, 2);
}
