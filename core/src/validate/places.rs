//! Italian municipalities by province, from the dated Belfiore table the codice-fiscale check
//! ships (every name a municipality has held). Used to read a printed birth place
//! (`SANT'ANTIMO (NA)`) back in its official spelling when OCR lost an accent or apostrophe
//! (`NARDÓ`, `SANT ANTIMO`) or one letter.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::within_one_edit;
use crate::translit::{Umlauts, ascii_of, letter_for_digit};

use super::fiscal_code::BELFIORE_TSV;

/// One municipality name: its printed (upper-case) spelling and its letters.
#[derive(Debug)]
struct Name {
    printed: String,
    letters: Vec<u8>,
}

/// Upper-case ASCII letters of a name: accents folded, spaces and punctuation dropped.
fn letters(name: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_uppercase) {
        if c.is_ascii_uppercase() {
            out.push(c as u8);
        } else if let Some(ascii) = ascii_of(c, Umlauts::Base) {
            out.extend(ascii.bytes().filter(u8::is_ascii_uppercase));
        }
    }
    out
}

/// Names by province code (foreign states, `EE`, excluded).
fn index() -> &'static HashMap<&'static str, Vec<Name>> {
    static INDEX: OnceLock<HashMap<&'static str, Vec<Name>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<Name>> = HashMap::new();
        for line in BELFIORE_TSV.lines().skip(1) {
            let mut cols = line.split('\t');
            let (Some(_), Some(name), Some(province)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            if province == "EE" {
                continue;
            }
            let names = map.entry(province).or_default();
            let printed = name.to_uppercase();
            if !names.iter().any(|n| n.printed == printed) {
                names.push(Name {
                    letters: letters(name),
                    printed,
                });
            }
        }
        map
    })
}

/// A province code as read (`B0` → `BO`), if it is one.
pub fn province(code: &str) -> Option<String> {
    let code: String = code
        .bytes()
        .map(|b| letter_for_digit(b).unwrap_or(b).to_ascii_uppercase() as char)
        .collect();
    (code.len() == 2 && index().contains_key(code.as_str())).then_some(code)
}

/// The official spelling (upper case) of the municipality `name` of `province`: the one whose
/// letters are those read, else the only one within one OCR error of them (names of five
/// letters or more).
fn municipality(name: &str, province: &str) -> Option<&'static str> {
    let names = index().get(province)?;
    let read = letters(name);
    if let Some(n) = names.iter().find(|n| n.letters == read) {
        return Some(&n.printed);
    }
    if read.len() < 5 {
        return None;
    }
    let mut near = names.iter().filter(|n| within_one_edit(&n.letters, &read));
    match (near.next(), near.next()) {
        (Some(n), None) => Some(&n.printed),
        _ => None,
    }
}

/// The official spelling and province of a printed `NAME (PR)` ([`municipality`]); when the
/// name is no municipality of the province read, the one province a letter away that has a
/// municipality of exactly those letters (`PADOVA (PO)` → `PADOVA (PD)`).
pub fn locate(name: &str, province: &str) -> Option<(&'static str, &'static str)> {
    let (&code, _) = index().get_key_value(province)?;
    if let Some(official) = municipality(name, code) {
        return Some((official, code));
    }
    let read = letters(name);
    let mut near = index().iter().filter_map(|(&other, names)| {
        let one_letter = other.len() == code.len()
            && other
                .bytes()
                .zip(code.bytes())
                .filter(|(a, b)| a != b)
                .count()
                == 1;
        let found = names.iter().find(|n| n.letters == read)?;
        one_letter.then_some((found.printed.as_str(), other))
    });
    match (near.next(), near.next()) {
        (Some(found), None) => Some(found),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_spellings() {
        assert_eq!(municipality("SANT ANTIMO", "NA"), Some("SANT'ANTIMO"));
        assert_eq!(municipality("NARDÓ", "LE"), Some("NARDÒ"));
        assert_eq!(municipality("L'AQUILA", "AQ"), Some("L'AQUILA"));
        assert_eq!(municipality("BOLOGNE", "BO"), Some("BOLOGNA"));
        assert_eq!(municipality("BOLOGNA", "MI"), None);
        assert_eq!(municipality("ROMX", "RM"), None);
        assert_eq!(locate("PADOVA", "PO"), Some(("PADOVA", "PD")));
        assert_eq!(locate("NARDO", "LE"), Some(("NARDÒ", "LE")));
        assert_eq!(locate("XYZZY", "PO"), None);
        assert_eq!(province("B0").as_deref(), Some("BO"));
        assert_eq!(province("EE"), None);
        assert_eq!(province("XX"), None);
    }
}
