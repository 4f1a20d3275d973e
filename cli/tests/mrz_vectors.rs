//! `carta mrz --json --no-repair` against every vector of `tests/fixtures/vectors/mrz_vectors.json`,
//! then what repair makes of the damaged ones.
#![allow(clippy::unwrap_used)]

mod common;

use common::{TODAY, carta, vectors};
use serde_json::Value;

/// YYMMDD → ISO with the documented century rules, computed here independently of the core:
/// birth dates in the past, expiry dates at most 20 years ahead.
fn iso(yymmdd: &str, birth: bool) -> Option<String> {
    if yymmdd.len() != 6 || !yymmdd.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (yy, mm, dd): (i32, u32, u32) = (
        yymmdd[0..2].parse().ok()?,
        yymmdd[2..4].parse().ok()?,
        yymmdd[4..6].parse().ok()?,
    );
    let leap = |y: i32| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = |y: i32, m: u32| match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap(y) => 29,
        2 => 28,
        _ => 0,
    };
    let today = (2026, 11, 26);
    let year = if birth {
        if (2000 + yy, mm, dd) <= today {
            2000 + yy
        } else {
            1900 + yy
        }
    } else if 2000 + yy <= 2026 + 20 {
        2000 + yy
    } else {
        1900 + yy
    };
    (dd >= 1 && dd <= days(year, mm)).then(|| format!("{year:04}-{mm:02}-{dd:02}"))
}

fn mrz_lines(v: &Value) -> Vec<&str> {
    v["mrz"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_issue(out: &Value, code: &str, field: &str) -> bool {
    out["issues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["code"] == code && i["field"] == field)
}

fn field<'a>(out: &'a Value, name: &str) -> Option<&'a str> {
    out["fields"][name]["value"].as_str()
}

/// Compares one parse with one vector; returns the disagreements.
fn disagreements(v: &Value, out: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let mut expect = |what: &str, ok: bool| {
        if !ok {
            bad.push(what.to_owned());
        }
    };
    expect("format", out["format"] == v["format"]);
    expect("document_code", out["document_code"] == v["document_code"]);
    expect("valid", out["valid"] == v["all_check_digits_valid"]);
    let number = v["document_number"].as_str().unwrap();
    expect(
        "document_number",
        field(out, "document_number") == Some(number).filter(|n| !n.is_empty()),
    );
    for (name, birth) in [("birth_date", true), ("expiry_date", false)] {
        match iso(v[name].as_str().unwrap(), birth) {
            Some(date) => expect(name, field(out, name) == Some(date.as_str())),
            None => expect(
                name,
                field(out, name).is_none() && has_issue(out, "invalid_date", name),
            ),
        }
    }
    match v["sex"].as_str().unwrap() {
        s @ ("M" | "F") => expect("sex", field(out, "sex") == Some(s)),
        "<" | "X" => expect("sex", field(out, "sex") == Some("X")),
        _ => expect(
            "sex",
            field(out, "sex").is_none() && has_issue(out, "invalid_sex", "sex"),
        ),
    }
    for name in ["surname", "given_names"] {
        let want = collapse(v[name].as_str().unwrap());
        expect(
            name,
            field(out, name).map(collapse) == Some(want.clone()).filter(|w| !w.is_empty()),
        );
    }
    // Germany's ICAO code `D` is reported as its ISO 3166-1 code.
    let issuer = match v["issuer"].as_str().unwrap().trim_end_matches('<') {
        "D" => "DEU",
        other => other,
    };
    expect(
        "issuing_country",
        field(out, "issuing_country") == Some(issuer).filter(|i| !i.is_empty()),
    );
    let nationality = v["nationality"].as_str().unwrap().trim_end_matches('<');
    expect(
        "nationality",
        field(out, "nationality") == Some(nationality).filter(|n| !n.is_empty()),
    );
    for check in [
        "document_number",
        "birth_date",
        "expiry_date",
        "personal_number",
        "composite",
    ] {
        let want = v["checks"].get(check).cloned().unwrap_or(Value::Null);
        expect(&format!("checks.{check}"), out["checks"][check] == want);
    }
    bad
}

#[test]
fn no_repair_agrees_with_every_vector() {
    let file = vectors("mrz_vectors.json");
    let all = file["vectors"].as_array().unwrap();
    assert_eq!(all.len(), 78);
    let mut agree = 0;
    let mut failures = Vec::new();
    for v in all {
        let lines = mrz_lines(v);
        let run = carta(
            &["mrz", "--json", "--no-repair", "--today", TODAY],
            lines.join("\n").as_bytes(),
        );
        assert_eq!(run.code, 0, "{lines:?}: {}", run.stderr);
        let out = run.json();
        assert_eq!(out["repaired"], 0);
        assert_eq!(out["lines"].as_array().unwrap().len(), lines.len());
        let bad = disagreements(v, &out);
        if bad.is_empty() {
            agree += 1;
        } else {
            failures.push(format!("{lines:?}: {bad:?}"));
        }
    }
    println!("mrz vectors (--no-repair): {agree} of {} agree", all.len());
    assert!(
        failures.is_empty(),
        "disagreements:\n{}",
        failures.join("\n")
    );
}

#[test]
fn repair_keeps_valid_vectors_and_reports_damaged_ones() {
    let file = vectors("mrz_vectors.json");
    let (mut fixed, mut still_invalid, mut ambiguous) = (0, 0, 0);
    for v in file["vectors"].as_array().unwrap() {
        let lines = mrz_lines(v);
        let run = carta(
            &["mrz", "--json", "--today", TODAY],
            lines.join("\n").as_bytes(),
        );
        assert_eq!(run.code, 0, "{lines:?}: {}", run.stderr);
        let out = run.json();
        if v["all_check_digits_valid"] == true {
            // A valid MRZ passes through repair unchanged, apart from type-guided fixes of
            // positions that cannot hold what they hold (e.g. a digit in a name).
            assert_eq!(out["valid"], true, "{lines:?}");
            assert!(
                disagreements(v, &out)
                    .iter()
                    .all(|d| d == "surname" || d == "given_names"),
                "{lines:?}"
            );
            continue;
        }
        let is_ambiguous = out["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["code"] == "mrz_ambiguous");
        if out["valid"] == true {
            fixed += 1;
            assert!(out["repaired"].as_u64().unwrap() > 0);
        } else if is_ambiguous {
            ambiguous += 1;
        } else {
            still_invalid += 1;
        }
        println!(
            "damaged {:?} → valid={} repaired={} ambiguous={is_ambiguous} lines={}",
            lines, out["valid"], out["repaired"], out["lines"]
        );
    }
    println!(
        "damaged vectors after repair: {fixed} valid, {ambiguous} ambiguous, {still_invalid} still invalid"
    );
}
