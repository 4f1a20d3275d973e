//! Checks the codice fiscale validator against the python-codicefiscale test vectors and their
//! oracles (`tests/fixtures/vectors/codice_fiscale.json`, copied from `../shared/vectors` with
//! its sources noted beside it).

use std::path::Path;

use carta_core::validate::fiscal_code::{
    FiscalCodeReport, check, check_character, encode_given_names, encode_surname,
};
use serde_json::Value;
use time::Date;
use time::macros::date;

/// The reference "today" of the vectors (their oracles were run in 2026-11).
const TODAY: Date = date!(2026 - 11 - 26);

/// Counts expectations and keeps a line for each disagreement.
#[derive(Default)]
struct Tally {
    total: usize,
    failures: Vec<String>,
}

impl Tally {
    fn expect(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if !ok {
            self.failures.push(what());
        }
    }

    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, context: &str, got: T, want: T) {
        let ok = got == want;
        self.expect(ok, || format!("{context}: got {got:?}, want {want:?}"));
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn bool_of(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `dd/mm/yyyy` → `yyyy-mm-dd`.
fn iso_from_dmy(s: &str) -> Option<String> {
    let mut parts = s.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    Some(format!("{y}-{m:0>2}-{d:0>2}"))
}

/// A valid code for a synthetic person born on 1985-04-03 in `place`.
fn code_born_in(place: &str) -> String {
    let first15 = format!("CCCFBA85D03{place}");
    let cin = check_character(&first15)
        .map(String::from)
        .unwrap_or_default();
    first15 + &cin
}

/// The place name before any `,` or `(`, trimmed.
fn bare_place(s: &str) -> &str {
    s.split([',', '(']).next().unwrap_or(s).trim()
}

/// Checks the oracle annotations of one vector against the report.
fn oracles(t: &mut Tally, code: &str, r: &FiscalCodeReport, v: &Value) {
    let Some(oracle) = v.get("oracle") else {
        return;
    };
    if let Some(want) = bool_of(oracle, "pycf_is_valid") {
        t.eq(&format!("{code} oracle pycf_is_valid"), r.valid, want);
    }
    if let Some(want) = bool_of(oracle, "stdnum_is_valid") {
        t.eq(
            &format!("{code} oracle stdnum_is_valid"),
            r.syntax_valid,
            want,
        );
    }
    if let Some(want) = bool_of(oracle, "pycf_is_omocode") {
        t.eq(&format!("{code} oracle pycf_is_omocode"), r.omocodic, want);
    }
    if let Some(decode) = oracle.get("decode").filter(|d| d.get("error").is_none()) {
        t.eq(
            &format!("{code} oracle gender"),
            r.sex.as_deref(),
            str_of(decode, "gender"),
        );
        t.eq(
            &format!("{code} oracle birthdate"),
            r.birth_date.as_deref(),
            str_of(decode, "birthdate"),
        );
        t.eq(
            &format!("{code} oracle birthplace_code"),
            r.birthplace_code.as_deref(),
            str_of(decode, "birthplace_code"),
        );
        t.eq(
            &format!("{code} oracle birthplace_name"),
            r.birthplace_name.as_deref(),
            str_of(decode, "birthplace_name"),
        );
    }
}

/// Checks an upstream `decode` expectation (`gender`, `birthdate`, `birthplace_name`).
fn decoded(t: &mut Tally, code: &str, r: &FiscalCodeReport, expected: &Value) {
    t.eq(&format!("{code} valid"), r.valid, true);
    t.eq(
        &format!("{code} gender"),
        r.sex.as_deref(),
        str_of(expected, "gender"),
    );
    t.eq(
        &format!("{code} birthdate"),
        r.birth_date.as_deref(),
        str_of(expected, "birthdate"),
    );
    t.eq(
        &format!("{code} birthplace_name"),
        r.birthplace_name.as_deref(),
        str_of(expected, "birthplace_name"),
    );
}

#[test]
fn fiscal_code_vectors() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/vectors/codice_fiscale.json");
    let text =
        std::fs::read_to_string(&path).expect("the vector fixture is part of the repository");
    let root: Value = serde_json::from_str(&text).expect("vectors are JSON");
    let mut t = Tally::default();
    let mut vectors = 0usize;

    for v in list(&root, "is_valid") {
        vectors += 1;
        let code = str_of(v, "code").unwrap_or_default();
        let r = check(code, TODAY);
        t.eq(
            &format!("{code} is_valid"),
            Some(r.valid),
            bool_of(v, "expected_valid"),
        );
        oracles(&mut t, code, &r, v);
    }

    for v in list(&root, "omocode") {
        vectors += 1;
        let code = str_of(v, "code").unwrap_or_default();
        let r = check(code, TODAY);
        t.eq(
            &format!("{code} is_omocode"),
            Some(r.omocodic),
            bool_of(v, "expected_is_omocode"),
        );
        oracles(&mut t, code, &r, v);
    }

    for section in ["decode", "decode_omocodia"] {
        for v in list(&root, section) {
            vectors += 1;
            let code = str_of(v, "code").unwrap_or_default();
            let r = check(code, TODAY);
            decoded(&mut t, code, &r, v.get("expected").unwrap_or(&Value::Null));
            oracles(&mut t, code, &r, v);
        }
    }

    let omocodes = list(&root, "omocodes_of_CCCFBA85D03L219P");
    t.eq("omocodes count", omocodes.len(), 128);
    let base = check("CCCFBA85D03L219P", TODAY);
    for (i, v) in omocodes.iter().enumerate() {
        vectors += 1;
        let code = v.as_str().unwrap_or_default();
        let r = check(code, TODAY);
        t.eq(&format!("{code} valid"), r.valid, true);
        t.eq(&format!("{code} omocodic"), r.omocodic, i > 0);
        t.eq(&format!("{code} sex"), &r.sex, &base.sex);
        t.eq(
            &format!("{code} birth date"),
            &r.birth_date,
            &base.birth_date,
        );
        t.eq(
            &format!("{code} birthplace"),
            (&r.birthplace_code, &r.birthplace_name),
            (&base.birthplace_code, &base.birthplace_name),
        );
    }

    for v in list(&root, "decode_invalid_syntax") {
        vectors += 1;
        let code = str_of(v, "code").unwrap_or_default();
        let r = check(code, TODAY);
        t.eq(
            &format!("{code} valid"),
            Some(r.valid),
            bool_of(v, "expected_valid"),
        );
        oracles(&mut t, code, &r, v);
    }

    for v in list(&root, "encode") {
        vectors += 1;
        let input = v.get("input").unwrap_or(&Value::Null);
        let code = str_of(v, "expected_code").unwrap_or_default();
        let surname = str_of(input, "lastname").unwrap_or_default();
        let given = str_of(input, "firstname").unwrap_or_default();
        let names = encode_surname(surname) + &encode_given_names(given);
        t.eq(
            &format!("{code} name parts"),
            Some(names.as_str()),
            code.get(0..6),
        );
        let r = check(code, TODAY);
        t.eq(&format!("{code} valid"), r.valid, true);
        t.eq(
            &format!("{code} sex"),
            r.sex.as_deref(),
            str_of(input, "gender"),
        );
        t.eq(
            &format!("{code} birth date"),
            r.birth_date,
            str_of(input, "birthdate").and_then(iso_from_dmy),
        );
        t.eq(
            &format!("{code} birthplace"),
            r.birthplace_name.as_deref(),
            str_of(input, "birthplace").map(bare_place),
        );
        t.eq(
            &format!("{code} oracle encode"),
            str_of(v, "oracle_encode"),
            Some(code),
        );
    }

    let parts = root.get("encode_parts").unwrap_or(&Value::Null);
    for (section, encoder) in [
        ("lastname_test_cases", encode_surname as fn(&str) -> String),
        ("firstname_test_cases", encode_given_names),
    ] {
        for v in list(parts, section) {
            vectors += 1;
            let input = str_of(v, "input").unwrap_or_default();
            t.eq(
                &format!("{section} {input:?}"),
                Some(encoder(input).as_str()),
                str_of(v, "result"),
            );
        }
    }
    for v in list(parts, "birthdate_gender_test_cases") {
        vectors += 1;
        let input = list(v, "input");
        let (date, sex) = (
            input.first().and_then(Value::as_str).unwrap_or_default(),
            input.get(1).and_then(Value::as_str).unwrap_or_default(),
        );
        let result = str_of(v, "result").unwrap_or_default();
        let first15 = format!("CCCFBA{result}L219");
        let cin = check_character(&first15)
            .map(String::from)
            .unwrap_or_default();
        let r = check(&(first15 + &cin), TODAY);
        t.eq(
            &format!("birthdate part {result}"),
            (r.birth_date, r.sex.as_deref()),
            (iso_from_dmy(date), Some(sex)),
        );
    }
    for section in [
        "birthplace_italy_test_cases",
        "birthplace_foreign_test_cases",
    ] {
        for v in list(parts, section) {
            vectors += 1;
            let input = str_of(v, "input").unwrap_or_default();
            let place = str_of(v, "result").unwrap_or_default();
            let r = check(&code_born_in(place), TODAY);
            t.eq(&format!("{section} {input:?} valid"), r.valid, true);
            let name = r.birthplace_name.unwrap_or_default();
            let matches = input == place || bare_place(input).eq_ignore_ascii_case(&name);
            t.expect(matches, || {
                format!("{section} {input:?}: table name {name:?}")
            });
        }
    }
    for v in list(parts, "cin_test_cases") {
        vectors += 1;
        let input = str_of(v, "input").unwrap_or_default();
        t.eq(
            &format!("cin {input}"),
            check_character(input).map(String::from),
            str_of(v, "result").map(String::from),
        );
    }

    for v in list(&root, "issues") {
        vectors += 1;
        let code = str_of(v, "code").unwrap_or_default();
        let r = check(code, TODAY);
        if let Some(want) = str_of(v, "expected_birthplace_name") {
            t.eq(
                &format!("{code} birthplace_name"),
                r.birthplace_name.as_deref(),
                Some(want),
            );
        }
        if let Some(want) = str_of(v, "expected_birthdate") {
            t.eq(
                &format!("{code} birthdate"),
                r.birth_date.as_deref(),
                Some(want),
            );
        }
        if let Some(want) = str_of(v, "expected_birthplace") {
            // "A089 AGRIGENTO (AG)", "B860 Casagiove (NA), inactive", "F059".
            let (place, name) = want.split_once(' ').unwrap_or((want, ""));
            t.eq(
                &format!("{code} birthplace_code"),
                r.birthplace_code.as_deref(),
                Some(place),
            );
            let name = bare_place(name);
            if !name.is_empty() {
                let got = r.birthplace_name.as_deref().unwrap_or_default();
                let same = got.to_uppercase() == name.to_uppercase();
                t.expect(same, || {
                    format!("{code} birthplace name: got {got:?}, want {name:?}")
                });
            }
        }
        if let Some(want) = bool_of(v, "expected_valid") {
            t.eq(&format!("{code} valid"), r.valid, want);
        }
        oracles(&mut t, code, &r, v);
    }

    let agree = t.total - t.failures.len();
    println!(
        "fiscal-code vectors: {vectors} vectors, {agree} of {} expectations agree",
        t.total
    );
    for failure in &t.failures {
        println!("  disagreement: {failure}");
    }
    assert!(t.failures.is_empty(), "{} disagreements", t.failures.len());
}
