//! Finding ground-truth values in text that left the device: every rendering a leak could take
//! (as printed, accent-folded, without spaces, ISO and MRZ forms), matched as whole words.

use carta_core::merge::transliterate;
use carta_core::schema::FieldName;
use carta_core::translit::{Umlauts, ascii_of};

use crate::corpus::Truth;

/// The fields whose values must never leave under `pseudonymise`.
pub const PRIVATE: &[FieldName] = &[
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
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .map(|c| ascii_of(c, Umlauts::Base).map_or_else(|| c.to_string(), str::to_owned))
        .collect()
}

/// Every rendering of a ground-truth value that must not appear in a payload: as printed,
/// accent-folded, without spaces, in its MRZ form; dates also as `dd.mm.yyyy`, `dd/mm/yyyy`,
/// `dd.mm.yy`, `dd/mm/yy`, `yymmdd`, ISO. Names also word by word (words of five letters or
/// more: shorter ones such as `DE`, `DELL` are ordinary words).
pub fn renderings(name: FieldName, value: &str) -> Vec<String> {
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
pub fn contains_word(text: &str, needle: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(needle).any(|(i, _)| {
        !word(text[..i].chars().next_back()) && !word(text[i + needle.len()..].chars().next())
    })
}

/// The ground-truth values of `truth` (fields of [`PRIVATE`]) found in `text`, as
/// `field: rendering` (synthetic values, printed to find the detector that missed them).
pub fn leaks(truth: &Truth, text: &str) -> Vec<String> {
    let text = fold(text);
    let mut found = Vec::new();
    for &name in PRIVATE {
        let Some(value) = truth.fields.get(&name) else {
            continue;
        };
        for r in renderings(name, value) {
            if contains_word(&text, &r) {
                found.push(format!("{} {}: {r}", truth.id, name.key()));
            }
        }
    }
    found
}
