//! Document-number formats.

use crate::schema::{Check, DocumentType};
use crate::translit::{digit_for_letter, letter_for_digit};
use crate::validate::country;

/// Check name: an Italian identity card number with the CIE 3.0 shape.
pub const FORMAT_IT_CIE: Check = "format_it_cie";
/// Check name: an Italian identity card number with the paper-card shape.
pub const FORMAT_IT_PAPER_ID: Check = "format_it_paper_id";
/// Check name: an Italian identity card number (reported failed when it has no known shape).
pub const FORMAT_IT_ID: Check = "format_it_id";
/// Check name: an Italian driving licence number.
pub const FORMAT_IT_LICENCE: Check = "format_it_licence";
/// Check name: an Italian passport number.
pub const FORMAT_IT_PASSPORT: Check = "format_it_passport";
/// Check name: a German identity card number.
pub const FORMAT_DE_ID: Check = "format_de_id";

/// A document model the page's print tells apart from the other models of its type and
/// country, where its number has fewer shapes than theirs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// The Italian CIE 3.0 (electronic identity card, `CA00000AA`), titled `CARTA DI IDENTITÀ /
    /// IDENTITY CARD`; the paper card (`AA1234567`) is titled in Italian only.
    ItCie,
}

/// One position of a number pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// `A`-`Z`.
    Letter,
    /// `0`-`9`.
    Digit,
    /// A letter or a digit.
    Alnum,
    /// A digit or a letter of the alphabet of German identity card numbers: no vowels, no
    /// `B`, `D`, `Q`, `S`.
    German,
    /// Exactly this character.
    Exact(u8),
}

/// Whether `s` has exactly the shape `pattern` (ASCII only).
fn shape(s: &str, pattern: &[Class]) -> bool {
    let b = s.as_bytes();
    b.len() == pattern.len() && b.iter().zip(pattern).all(|(&c, &class)| fits(c, class))
}

/// Whether character `c` may stand at a position of class `class`.
pub(crate) fn fits(c: u8, class: Class) -> bool {
    match class {
        Class::Letter => c.is_ascii_uppercase(),
        Class::Digit => c.is_ascii_digit(),
        Class::Alnum => c.is_ascii_uppercase() || c.is_ascii_digit(),
        Class::German => c.is_ascii_digit() || b"CFGHJKLMNPRTVWXYZ".contains(&c),
        Class::Exact(x) => c == x,
    }
}

/// `number` with each character that does not fit its position in `pattern` replaced by the
/// look-alike that does (`0`→`O` where a letter must stand, `B`→`8` where a digit must), if
/// the result has the shape; `None` when it cannot be made to.
pub(crate) fn conform_to(number: &[u8], pattern: &[Class]) -> Option<Vec<u8>> {
    if number.len() != pattern.len() {
        return None;
    }
    number
        .iter()
        .zip(pattern)
        .map(|(&c, &class)| {
            let alike = match class {
                Class::Letter => letter_for_digit(c),
                Class::Digit | Class::German => digit_for_letter(c),
                Class::Exact(x) if x.is_ascii_digit() => digit_for_letter(c),
                Class::Exact(_) => letter_for_digit(c),
                Class::Alnum => None,
            };
            [Some(c), alike]
                .into_iter()
                .flatten()
                .find(|&c| fits(c, class))
        })
        .collect()
}

use Class::{Alnum as N, Digit as D, Exact, German as G, Letter as L};

/// The Italian CIE 3.0 number shape: two letters, five digits, two letters (`CA00000AA`).
const IT_CIE: [Class; 9] = [L, L, D, D, D, D, D, L, L];
/// The Italian paper identity card: two letters, seven digits (`AA1234567`).
const IT_PAPER_ID: [Class; 9] = [L, L, D, D, D, D, D, D, D];
/// The Italian driving licence: two letters, seven digits, one letter (`MI1234567X`).
const IT_LICENCE: [Class; 10] = [L, L, D, D, D, D, D, D, D, L];
/// The Italian driving licence of the card model: `U1`, seven letters or digits, one letter.
const IT_LICENCE_CARD: [Class; 10] = [Exact(b'U'), Exact(b'1'), N, N, N, N, N, N, N, L];
/// The Italian passport: two letters, seven digits (`YA1234567`).
const IT_PASSPORT: [Class; 9] = [L, L, D, D, D, D, D, D, D];
/// The Romanian identity card: series and number (`AB123456`).
const RO_ID: [Class; 8] = [L, L, D, D, D, D, D, D];
/// The Spanish identity card's support number: three letters, six digits (`BAA000589`).
const ES_SUPPORT: [Class; 9] = [L, L, L, D, D, D, D, D, D];
/// The German identity card: nine characters of its alphabet (`L01X00T47`).
const DE_ID: [Class; 9] = [G, G, G, G, G, G, G, G, G];

/// Italian CIE 3.0 number: two letters, five digits, two letters (`CA00000AA`).
pub fn it_cie(s: &str) -> bool {
    shape(s, &IT_CIE)
}

/// Whether `s` is an Italian CIE 3.0 number (`CA00000AA`) read with one look-alike at most in
/// a position of the other class (`C135171AZ`): enough to tell the card.
pub fn it_cie_within_one_lookalike(s: &str) -> bool {
    conform_to(s.as_bytes(), &IT_CIE).is_some_and(|fixed| changes(s.as_bytes(), &fixed) <= 1)
}

/// How many characters `fixed` changed in `read` (a number and its [`conform_to`] reading).
pub(crate) fn changes(read: &[u8], fixed: &[u8]) -> usize {
    read.iter().zip(fixed).filter(|(a, b)| a != b).count()
}

/// The Spanish identity card's support number (`número de soporte`, the number its MRZ
/// carries): three letters, six digits (`BAA000589`).
pub fn es_support_number(s: &str) -> bool {
    shape(s, &ES_SUPPORT)
}

/// The Spanish personal number: the DNI's eight digits, or a foreigner's NIE (`X`, `Y`, `Z`
/// for 0, 1, 2, and seven digits), and the control letter that number modulo 23 picks from
/// `TRWAGMYFPDXBNJZSQVHLCKE` (`33937298Q`, `X1234567L`).
pub fn es_dni(s: &str) -> bool {
    const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let b = s.as_bytes();
    if b.len() != 9 {
        return false;
    }
    let lead = match b[0] {
        b'X' => b'0',
        b'Y' => b'1',
        b'Z' => b'2',
        d => d,
    };
    let number = std::iter::once(lead)
        .chain(b[1..8].iter().copied())
        .try_fold(0usize, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + usize::from(d - b'0'))
        });
    number.is_some_and(|n| LETTERS[n % 23] == b[8])
}

/// The Romanian identity card's number as its header prints it, series and number apart
/// (`SERIA WC NR 487053`): the two joined (`WC487053`, the number its MRZ carries).
pub fn ro_series_and_number(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let [seria, series, nr, number] = words.as_slice() else {
        return None;
    };
    let joined = format!("{series}{number}");
    (seria.eq_ignore_ascii_case("SERIA")
        && nr.trim_end_matches('.').eq_ignore_ascii_case("NR")
        && shape(&joined, &RO_ID))
    .then_some(joined)
}

/// The French identity card of 2021: nine letters or digits (`QL4GA2TVP`). A number of
/// letters only, or of digits only, is not told from a word or another number by its shape,
/// so this asks for both.
pub fn fr_id_number(s: &str) -> bool {
    shape(s, &[N; 9])
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_uppercase())
}

/// The number shape of a national document by its MRZ document code and issuer, for the MRZ
/// repair to tell look-alikes (`O`/`0`) apart: the CIE 3.0 (`CI`, `ITA`), the Italian passport
/// (`P<`, `ITA`), the Romanian identity card (`ID`, `ROU`), the German one (`ID`, `D<<`) and the
/// Spanish one (`ID`, `ESP`: its MRZ carries the support number, `BAA000589`).
pub(crate) fn mrz_number_shape(document_code: &[u8], issuer: &[u8]) -> Option<&'static [Class]> {
    match (document_code, issuer) {
        (b"CI", b"ITA") => Some(&IT_CIE),
        (b"P<", b"ITA") => Some(&IT_PASSPORT),
        (b"ID", b"ROU") => Some(&RO_ID),
        (b"ID", b"D<<") => Some(&DE_ID),
        (b"ID", b"ESP") => Some(&ES_SUPPORT),
        _ => None,
    }
}

/// Italian paper identity card number: two letters, seven digits (`AA1234567`).
pub fn it_paper_id(s: &str) -> bool {
    shape(s, &IT_PAPER_ID)
}

/// Italian driving licence number: two letters, seven digits, one letter (`MI1234567X`), or the
/// card model's `U1`, seven letters or digits, one letter (`U1A2345B6C`).
pub fn it_licence(s: &str) -> bool {
    shape(s, &IT_LICENCE) || shape(s, &IT_LICENCE_CARD)
}

/// The formats of a document type and issuer: each shape with the check it passes, and the
/// check reported failed when the number has none of them.
type Formats = (&'static [(Check, &'static [Class])], Check);

fn formats(
    doc: DocumentType,
    issuing_country: Option<&str>,
    model: Option<Model>,
) -> Option<Formats> {
    let issuer = issuing_country.map(country::normalize);
    match (doc, issuer.as_deref()) {
        (DocumentType::IdCard, Some("ITA")) if model == Some(Model::ItCie) => {
            Some((&[(FORMAT_IT_CIE, &IT_CIE)], FORMAT_IT_CIE))
        }
        (DocumentType::IdCard, Some("ITA")) => Some((
            &[(FORMAT_IT_CIE, &IT_CIE), (FORMAT_IT_PAPER_ID, &IT_PAPER_ID)],
            FORMAT_IT_ID,
        )),
        (DocumentType::IdCard, Some("DEU" | "D")) => {
            Some((&[(FORMAT_DE_ID, &DE_ID)], FORMAT_DE_ID))
        }
        (DocumentType::Passport, Some("ITA")) => {
            Some((&[(FORMAT_IT_PASSPORT, &IT_PASSPORT)], FORMAT_IT_PASSPORT))
        }
        (DocumentType::DrivingLicence, Some("ITA")) => Some((
            &[
                (FORMAT_IT_LICENCE, &IT_LICENCE),
                (FORMAT_IT_LICENCE, &IT_LICENCE_CARD),
            ],
            FORMAT_IT_LICENCE,
        )),
        _ => None,
    }
}

/// A number compared with the formats: upper-cased, without spaces.
fn normalized(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// The format check that applies to a number of this document type and issuer, with its result.
///
/// A country's formats apply only to documents known to be of that country: with no issuing
/// country there is no check. Italian identity cards (issuer `ITA`): [`FORMAT_IT_CIE`] or
/// [`FORMAT_IT_PAPER_ID`] passed when the number has one of those shapes, otherwise
/// [`FORMAT_IT_ID`] failed; of the CIE 3.0 (`model` [`Model::ItCie`]), [`FORMAT_IT_CIE`] with
/// its result. Italian driving licences and passports (issuer `ITA`): [`FORMAT_IT_LICENCE`],
/// [`FORMAT_IT_PASSPORT`] with its result. German identity cards (issuer `DEU`, or `D` as the
/// MRZ writes it): [`FORMAT_DE_ID`]. `None` when no format rule applies. The number is compared
/// upper-cased, without spaces.
pub fn format_check(
    doc: DocumentType,
    issuing_country: Option<&str>,
    model: Option<Model>,
    number: &str,
) -> Option<(Check, bool)> {
    let (shapes, failed) = formats(doc, issuing_country, model)?;
    let number = normalized(number);
    Some(
        shapes
            .iter()
            .find(|(_, pattern)| shape(&number, pattern))
            .map_or((failed, false), |&(check, _)| (check, true)),
    )
}

/// A number that fails its format (see [`format_check`]) but takes exactly one of the format's
/// shapes once OCR look-alikes are read as the class their position requires (`B03883288S` →
/// `BO3883288S` on an Italian licence): the number so read, upper-cased without spaces, and the
/// check it passes. `None` when the number already has a shape, has none within reach, or could
/// be read as two different numbers.
pub fn conform(
    doc: DocumentType,
    issuing_country: Option<&str>,
    model: Option<Model>,
    number: &str,
) -> Option<(String, Check)> {
    let (shapes, _) = formats(doc, issuing_country, model)?;
    let number = normalized(number);
    if shapes.iter().any(|(_, pattern)| shape(&number, pattern)) {
        return None;
    }
    let mut readings = shapes.iter().filter_map(|&(check, pattern)| {
        conform_to(number.as_bytes(), pattern).map(|fixed| (fixed, check))
    });
    let (first, check) = readings.next()?;
    if readings.any(|(other, _)| other != first) {
        return None;
    }
    String::from_utf8(first).ok().map(|fixed| (fixed, check))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cie_shape() {
        assert!(it_cie("CA00000AA"));
        assert!(it_cie("CA12345AB"));
        assert!(!it_cie("CA1234AB"));
        assert!(!it_cie("CA123456B"));
        assert!(!it_cie("ca00000aa"));
        assert!(!it_cie("AA1234567"));
        assert!(!it_cie("CA00000ÀA"));
        assert!(it_cie_within_one_lookalike("CA00000AA"));
        assert!(it_cie_within_one_lookalike("C235900MX"));
        assert!(!it_cie_within_one_lookalike("C13517IAZ"));
        // A Spanish DNI number is three look-alikes from the shape.
        assert!(!it_cie_within_one_lookalike("82025815H"));
    }

    #[test]
    fn spanish_dni_control_letter() {
        for good in ["33937298Q", "55927059Y", "X1234567L", "Y0000000Z"] {
            assert!(es_dni(good), "{good}");
        }
        // A wrong letter, a digit misread, a letter for the first digit other than X Y Z,
        // the wrong length.
        for bad in [
            "33937298R",
            "33937290Q",
            "A1234567L",
            "3393729Q",
            "339372988Q",
        ] {
            assert!(!es_dni(bad), "{bad}");
        }
    }

    #[test]
    fn romanian_series_and_number() {
        assert_eq!(
            ro_series_and_number("SERIA WC NR 487053").as_deref(),
            Some("WC487053")
        );
        assert_eq!(
            ro_series_and_number("Seria WC Nr. 487053").as_deref(),
            Some("WC487053")
        );
        for line in [
            "SERIA W NR 487053",
            "SERIA WC NR 48705",
            "SERIA WC NR 4870S3",
            "SERIA WC 487053",
            "SERIAWC NR 487053",
            "CNP 1631103359418",
        ] {
            assert_eq!(ro_series_and_number(line), None, "{line}");
        }
    }

    #[test]
    fn paper_id_shape() {
        assert!(it_paper_id("AA1234567"));
        assert!(!it_paper_id("AA123456"));
        assert!(!it_paper_id("A12345678"));
        assert!(!it_paper_id("CA00000AA"));
    }

    #[test]
    fn licence_shape() {
        assert!(it_licence("MI1234567X"));
        assert!(it_licence("U1A2345B6C"));
        assert!(it_licence("U11234567Z"));
        assert!(!it_licence("U1A2345B61"));
        assert!(!it_licence("MI1234567"));
        assert!(!it_licence("M11234567X"));
    }

    #[test]
    fn italian_id_cards() {
        let id = DocumentType::IdCard;
        assert_eq!(
            format_check(id, Some("ITA"), None, "CA00000AA"),
            Some((FORMAT_IT_CIE, true))
        );
        assert_eq!(
            format_check(id, Some("ITA"), None, "ca 00000 aa"),
            Some((FORMAT_IT_CIE, true))
        );
        // Unknown issuer: no country's format is assumed.
        assert_eq!(format_check(id, None, None, "CA00000AA"), None);
        assert_eq!(format_check(id, None, None, "12345"), None);
        assert_eq!(
            format_check(id, Some("ITA<"), None, "AA1234567"),
            Some((FORMAT_IT_PAPER_ID, true))
        );
        assert_eq!(
            format_check(id, Some("ITA"), None, "12345"),
            Some((FORMAT_IT_ID, false))
        );
        assert_eq!(format_check(id, Some("FRA"), None, "CA00000AA"), None);
    }

    #[test]
    fn german_identity_cards() {
        let id = DocumentType::IdCard;
        assert_eq!(
            format_check(id, Some("DEU"), None, "L01X00T47"),
            Some((FORMAT_DE_ID, true))
        );
        assert_eq!(
            format_check(id, Some("D"), None, "T22000129"),
            Some((FORMAT_DE_ID, true))
        );
        // A vowel, a `B`, a `D`, a `Q` or an `S` is no German card's.
        for not in ["AUGXUA97O", "L01X00T4", "B01X00T47"] {
            assert_eq!(
                format_check(id, Some("DEU"), None, not),
                Some((FORMAT_DE_ID, false)),
                "{not}"
            );
        }
        // Look-alikes outside the alphabet are the digits (`O` → `0`, `I` → `1`, `S` → `5`).
        assert_eq!(
            conform(id, Some("DEU"), None, "TLOFM83XH"),
            Some(("TL0FM83XH".to_owned(), FORMAT_DE_ID))
        );
        assert_eq!(
            conform(id, Some("DEU"), None, "CIN8RXMTS"),
            Some(("C1N8RXMT5".to_owned(), FORMAT_DE_ID))
        );
        assert_eq!(conform(id, Some("DEU"), None, "CAN8RXMTJ"), None);
        assert_eq!(mrz_number_shape(b"ID", b"D<<").map(<[Class]>::len), Some(9));
    }

    #[test]
    fn italian_driving_licences() {
        let dl = DocumentType::DrivingLicence;
        assert_eq!(
            format_check(dl, Some("ITA"), None, "MI1234567X"),
            Some((FORMAT_IT_LICENCE, true))
        );
        assert_eq!(
            format_check(dl, Some("ITA"), None, "U1A2345B6C"),
            Some((FORMAT_IT_LICENCE, true))
        );
        assert_eq!(
            format_check(dl, Some("ITA"), None, "CA00000AA"),
            Some((FORMAT_IT_LICENCE, false))
        );
        assert_eq!(format_check(dl, None, None, "MI1234567X"), None);
        assert_eq!(format_check(dl, Some("DEU"), None, "MI1234567X"), None);
    }

    #[test]
    fn look_alikes_take_the_class_their_position_requires() {
        let dl = DocumentType::DrivingLicence;
        assert_eq!(
            conform(dl, Some("ITA"), None, "B03883288S"),
            Some(("BO3883288S".to_owned(), FORMAT_IT_LICENCE))
        );
        assert_eq!(
            conform(dl, Some("ITA"), None, "u1a2345b6c"),
            None,
            "already in shape once upper-cased"
        );
        // Not within reach of a shape (`X` is no digit's look-alike), or no format known.
        assert_eq!(conform(dl, Some("ITA"), None, "MI12X4567X"), None);
        assert_eq!(conform(dl, None, None, "B03883288S"), None);
        let id = DocumentType::IdCard;
        assert_eq!(
            conform(id, Some("ITA"), None, "CA0OO00AA"),
            Some(("CA00000AA".to_owned(), FORMAT_IT_CIE))
        );
        // Two readings: a CIE `CA12345BB` or a paper card `CA1234588`; one on a page titled as
        // the CIE 3.0.
        assert_eq!(conform(id, Some("ITA"), None, "CA12345B8"), None);
        assert_eq!(
            conform(id, Some("ITA"), Some(Model::ItCie), "CA12345B8"),
            Some(("CA12345BB".to_owned(), FORMAT_IT_CIE))
        );
        assert_eq!(
            format_check(id, Some("ITA"), Some(Model::ItCie), "AA1234567"),
            Some((FORMAT_IT_CIE, false))
        );
        assert_eq!(
            conform_to(b"0A1234567", &IT_PAPER_ID),
            Some(b"OA1234567".to_vec())
        );
        assert_eq!(conform_to(b"OA123456", &IT_PAPER_ID), None);
    }

    #[test]
    fn passports_and_other_documents() {
        let passport = |n| format_check(DocumentType::Passport, Some("ITA"), None, n);
        assert_eq!(passport("YA1234567"), Some((FORMAT_IT_PASSPORT, true)));
        assert_eq!(passport("Y21234567"), Some((FORMAT_IT_PASSPORT, false)));
        assert_eq!(
            format_check(DocumentType::Passport, Some("FRA"), None, "18AB12345"),
            None
        );
        assert_eq!(
            format_check(DocumentType::Unknown, None, None, "CA00000AA"),
            None
        );
    }
}
