//! Italian codice fiscale: syntax, check character, omocodia, decoding, and the birthplace
//! (Belfiore code) checked against a dated table of municipalities and foreign states.
//!
//! The table (`core/data/belfiore.tsv`) is built from the MIT-licensed data of
//! python-codicefiscale 0.12.1 (see `core/data/README.md`). Whether a birthplace "existed on the
//! birth date" follows that package's rules, including its fallbacks for gaps in the source
//! dates and for codes assigned after the birth date.

use crate::translit::{digit_for_letter, letter_for_digit};
use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use time::{Date, Duration};

use crate::schema::FieldName;
use crate::translit::{NAME_MISREADS, Umlauts, ascii_of};
use crate::validate::date::{iso, parse_iso, ymd};

/// The result of checking a codice fiscale (the JSON of `carta check fiscal-code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct FiscalCodeReport {
    /// Syntax, check character and birthplace existing on the birth date.
    pub valid: bool,
    /// Syntax and check character.
    pub syntax_valid: bool,
    /// Some digits replaced by letters (omocodia).
    pub omocodic: bool,
    /// Upper case, separators removed.
    pub normalized: Option<String>,
    /// `M` or `F`.
    pub sex: Option<String>,
    /// ISO birth date.
    pub birth_date: Option<String>,
    /// Belfiore code with omocodia undone.
    pub birthplace_code: Option<String>,
    /// Municipality or foreign state name.
    pub birthplace_name: Option<String>,
    /// Whether the code is in the table.
    pub birthplace_known: bool,
}

/// Letters that replace the digits 0–9 in an omocodic code.
const OMOCODIA: &[u8; 10] = b"LMNPQRSTUV";
/// Month letters, January to December.
const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
/// 0-based positions whose digits omocodia may replace (1-based 7, 8, 10, 11, 13, 14, 15).
const OMOCODIA_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
/// Check-character values of characters in odd (1-based) positions, for `0`–`9` and `A`–`Z`
/// alike (`0` and `A` share a value, and so on).
const ODD_VALUES: [u8; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// The dated Belfiore table, as shipped.
pub(crate) const BELFIORE_TSV: &str = include_str!("../../data/belfiore.tsv");

/// One record of the Belfiore table: a name valid for a code over a range of dates.
#[derive(Debug)]
struct Place {
    /// Municipality or foreign state name.
    name: &'static str,
    /// First day the record applies (`None`: since always).
    created: Option<Date>,
    /// Last day the record applies (`None`: still applies).
    deleted: Option<Date>,
}

/// Records by Belfiore code, in python-codicefiscale's lookup order.
fn table() -> &'static HashMap<&'static str, Vec<Place>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<Place>>> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(BELFIORE_TSV))
}

/// Parses `code, name, province, date_created, date_deleted` rows (one header line); malformed
/// rows are skipped (a unit test checks that none is).
fn parse_table(tsv: &'static str) -> HashMap<&'static str, Vec<Place>> {
    let mut map: HashMap<&'static str, Vec<Place>> = HashMap::with_capacity(10_500);
    for line in tsv.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(code), Some(name), Some(_province), Some(created), Some(deleted), None) = (
            cols.next(),
            cols.next(),
            cols.next(),
            cols.next(),
            cols.next(),
            cols.next(),
        ) else {
            continue;
        };
        let (Some(created), Some(deleted)) = (parse_day(created), parse_day(deleted)) else {
            continue;
        };
        map.entry(code).or_default().push(Place {
            name,
            created,
            deleted,
        });
    }
    map
}

/// `YYYY-MM-DD` → `Some(Some(date))`, empty → `Some(None)`, anything else → `None`.
fn parse_day(s: &str) -> Option<Option<Date>> {
    if s.is_empty() {
        return Some(None);
    }
    parse_iso(s).map(Some)
}

/// The record of `places` that applies to a birth on `birth`, following python-codicefiscale
/// 0.12.1: the first record whose range contains the date; else, when the birth falls after the
/// end of one record and no other covers it, the next record (or that one when it lasted at
/// most a day, a sign of a wrong end date); else the first record created on or after the birth
/// (codes assigned after the birth date, upstream issues #210 and #213).
fn place_on(places: &[Place], birth: Date) -> Option<&Place> {
    let covers =
        |p: &Place| p.created.is_none_or(|c| c <= birth) && p.deleted.is_none_or(|d| birth <= d);
    if let Some(p) = places.iter().find(|p| covers(p)) {
        return Some(p);
    }
    for pair in places.windows(2) {
        let (this, next) = (&pair[0], &pair[1]);
        let (Some(deleted), Some(next_created)) = (this.deleted, next.created) else {
            continue;
        };
        if birth >= deleted && deleted <= next_created {
            let short_lived = this
                .created
                .is_some_and(|created| deleted - created <= Duration::days(1));
            return Some(if short_lived { this } else { next });
        }
    }
    places
        .iter()
        .find(|p| p.created.is_some_and(|created| birth <= created))
}

/// Upper case, spaces and `-` removed.
fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// The digit an omocodia position stands for (a digit, or its replacement letter).
fn omocodia_digit(c: u8) -> Option<u8> {
    if c.is_ascii_digit() {
        Some(c - b'0')
    } else {
        OMOCODIA
            .iter()
            .position(|&l| l == c)
            .and_then(|i| u8::try_from(i).ok())
    }
}

/// The fields of a code with the right shape, before any calendar or table check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Raw {
    /// Two-digit year.
    yy: u8,
    /// Month, 1–12.
    month: u8,
    /// Day of the month, 1–31 (female offset removed).
    day: u8,
    /// Day field above 40.
    female: bool,
    /// Belfiore code, omocodia undone.
    place: [u8; 4],
    /// Some omocodia letter used.
    omocodic: bool,
}

/// Checks the shape of 16 normalized characters: letters for the names, digits or omocodia
/// letters where digits go, a month letter, a day in 1–31 or 41–71, a letter first in the
/// birthplace and as check character. Calendar and check character are not checked.
fn parse_shape(b: &[u8]) -> Option<Raw> {
    if b.len() != 16 {
        return None;
    }
    let letters_ok = [0, 1, 2, 3, 4, 5, 8, 11, 15]
        .iter()
        .all(|&i| b[i].is_ascii_uppercase());
    if !letters_ok {
        return None;
    }
    let mut digits = [0u8; 7];
    for (slot, &i) in digits.iter_mut().zip(OMOCODIA_POSITIONS.iter()) {
        *slot = omocodia_digit(b[i])?;
    }
    let omocodic = OMOCODIA_POSITIONS.iter().any(|&i| !b[i].is_ascii_digit());
    let month = MONTHS.iter().position(|&m| m == b[8])?;
    let day_field = digits[2] * 10 + digits[3];
    let (day, female) = match day_field {
        1..=31 => (day_field, false),
        41..=71 => (day_field - 40, true),
        _ => return None,
    };
    Some(Raw {
        yy: digits[0] * 10 + digits[1],
        month: u8::try_from(month + 1).ok()?,
        day,
        female,
        place: [b[11], digits[4] + b'0', digits[5] + b'0', digits[6] + b'0'],
        omocodic,
    })
}

/// Whether `code` has the shape of a codice fiscale (case ignored), whatever its check
/// character: how the privacy layer finds one even when OCR damaged a character.
pub fn has_shape(code: &str) -> bool {
    parse_shape(code.to_ascii_uppercase().as_bytes()).is_some()
}

/// The check character of the first 15 characters (upper-case ASCII letters and digits).
fn check_char(b: &[u8]) -> Option<u8> {
    let mut total: u32 = 0;
    for (i, &c) in b.iter().take(15).enumerate() {
        let index = match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'Z' => c - b'A',
            _ => return None,
        };
        // 1-based odd positions are the 0-based even indices.
        let value = if i % 2 == 0 {
            *ODD_VALUES.get(usize::from(index))?
        } else {
            index
        };
        total += u32::from(value);
    }
    u8::try_from(total % 26).ok().map(|r| b'A' + r)
}

/// The check character of a codice fiscale from its first 15 characters (a full 16-character
/// code is accepted too; its last character is ignored). Case and separators as in [`check`];
/// `None` unless the characters are ASCII letters and digits.
pub fn check_character(code: &str) -> Option<char> {
    let normalized = normalize(code);
    let b = normalized.as_bytes();
    if b.len() != 15 && b.len() != 16 {
        return None;
    }
    check_char(b).map(char::from)
}

/// The birth years a two-digit year may stand for, most recent first: the latest that keeps
/// the birth out of the future, then the century before.
fn candidate_dates(raw: &Raw, today: Date) -> [Option<Date>; 2] {
    let yy = i32::from(raw.yy);
    let mut year = today.year() - (today.year() - yy).rem_euclid(100);
    if ymd(year, raw.month, raw.day).is_some_and(|d| d > today) {
        year -= 100;
    }
    [
        ymd(year, raw.month, raw.day),
        ymd(year - 100, raw.month, raw.day),
    ]
}

/// Checks a codice fiscale: syntax (shape, real birth date, check character), omocodia, decoded
/// fields, and whether the birthplace code existed on the birth date.
///
/// Input is upper-cased, and spaces and `-` are dropped. Decoded fields are filled only when the
/// syntax is valid. The century of the birth year is the most recent one that keeps the birth
/// out of the future and in which the birthplace existed, among the latest two; when the
/// birthplace existed in neither, the most recent and `valid` is false (the name reported is
/// then the first the table gives for the code).
pub fn check(code: &str, today: Date) -> FiscalCodeReport {
    let normalized = normalize(code);
    let mut report = FiscalCodeReport {
        normalized: (!normalized.is_empty()).then(|| normalized.clone()),
        ..FiscalCodeReport::default()
    };
    let b = normalized.as_bytes();
    let Some(raw) = parse_shape(b) else {
        return report;
    };
    let candidates = candidate_dates(&raw, today);
    let Some(fallback_date) = candidates.iter().flatten().next().copied() else {
        return report;
    };
    if check_char(b) != Some(b[15]) {
        return report;
    }
    report.syntax_valid = true;
    report.omocodic = raw.omocodic;
    report.sex = Some(if raw.female { "F" } else { "M" }.to_owned());
    let place_code = String::from_utf8_lossy(&raw.place).into_owned();
    let places = table().get(place_code.as_str());
    report.birthplace_known = places.is_some();
    let found = places.and_then(|places| {
        candidates
            .iter()
            .flatten()
            .find_map(|&d| place_on(places, d).map(|p| (d, p)))
    });
    let birth_date = match found {
        Some((date, place)) => {
            report.valid = true;
            report.birthplace_name = Some(place.name.to_owned());
            date
        }
        None => {
            report.birthplace_name = places.and_then(|p| p.first()).map(|p| p.name.to_owned());
            fallback_date
        }
    };
    report.birth_date = Some(iso(birth_date));
    report.birthplace_code = Some(place_code);
    report
}

/// What else the document says about its holder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Holder<'a> {
    /// Surname as read.
    pub surname: Option<&'a str>,
    /// Given names as read.
    pub given_names: Option<&'a str>,
    /// Birth date.
    pub birth_date: Option<Date>,
    /// `M`/`F`/`X`.
    pub sex: Option<&'a str>,
}

/// Fields the code contradicts: [`FieldName::Surname`], [`FieldName::GivenNames`],
/// [`FieldName::BirthDate`], [`FieldName::Sex`], in that order.
///
/// Only a syntactically valid report is compared (otherwise nothing is returned). Unknown
/// holder fields, names without any letter and sex `X` are not compared. The birth date is
/// compared on year within the century, month and day, which is all the code holds.
pub fn mismatches(report: &FiscalCodeReport, holder: &Holder<'_>) -> Vec<FieldName> {
    let mut out = Vec::new();
    if !report.syntax_valid {
        return out;
    }
    let Some(code) = report.normalized.as_deref() else {
        return out;
    };
    let Some(raw) = parse_shape(code.as_bytes()) else {
        return out;
    };
    let has_letters = |s: &str| !letters(s).is_empty();
    if let Some(surname) = holder.surname.filter(|s| has_letters(s))
        && code.get(0..3) != Some(encode_surname(surname).as_str())
    {
        out.push(FieldName::Surname);
    }
    if let Some(given) = holder.given_names.filter(|s| has_letters(s))
        && code.get(3..6) != Some(encode_given_names(given).as_str())
    {
        out.push(FieldName::GivenNames);
    }
    if let Some(birth) = holder.birth_date {
        let same = i32::from(raw.yy) == birth.year().rem_euclid(100)
            && raw.month == u8::from(birth.month())
            && raw.day == birth.day();
        if !same {
            out.push(FieldName::BirthDate);
        }
    }
    let sex = holder.sex.map(|s| s.trim().to_ascii_uppercase());
    let code_sex = if raw.female { "F" } else { "M" };
    if let Some(sex) = sex.filter(|s| s == "M" || s == "F")
        && sex != code_sex
    {
        out.push(FieldName::Sex);
    }
    out
}

/// The ASCII letters of a name, upper case, accents folded (`Fò` → `FO`, `ß` → `SS`, `Æ` →
/// `AE`); apostrophes, spaces, digits and other signs dropped.
fn letters(name: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_uppercase) {
        if c.is_ascii_uppercase() {
            out.push(c as u8);
        } else if let Some(ascii) = ascii_of(c, Umlauts::Base) {
            out.extend_from_slice(ascii.as_bytes());
        }
    }
    out
}

/// Three characters from consonants then vowels then `X`.
fn three(consonants: &[u8], vowels: &[u8]) -> String {
    consonants
        .iter()
        .chain(vowels)
        .chain(b"XXX")
        .take(3)
        .map(|&b| char::from(b))
        .collect()
}

/// Splits a name into its consonants and vowels (ASCII, upper case, accents folded).
fn consonants_vowels(name: &str) -> (Vec<u8>, Vec<u8>) {
    letters(name)
        .into_iter()
        .partition(|b| !b"AEIOU".contains(b))
}

/// The surname part of a codice fiscale: the first three consonants, then vowels, then `X`
/// (`Caccamo` → `CCC`, `Fò` → `FOX`, `` → `XXX`).
pub fn encode_surname(surname: &str) -> String {
    let (consonants, vowels) = consonants_vowels(surname);
    three(&consonants, &vowels)
}

/// The given-names part of a codice fiscale: with more than three consonants the 1st, 3rd and
/// 4th, otherwise as for the surname (`Alessandro` → `LSN`, `Hu` → `HUX`).
pub fn encode_given_names(given_names: &str) -> String {
    let (mut consonants, vowels) = consonants_vowels(given_names);
    if consonants.len() > 3 {
        consonants.remove(1);
    }
    three(&consonants, &vowels)
}

/// A name read with one letter wrong that `code` (a syntactically valid codice fiscale) tells:
/// the one spelling with one misread letter undone ([`NAME_MISREADS`]) whose `part` of the code
/// is the code's (`DAVHDE` → `DAVIDE` for a code whose given-names part is `DVD`); `part` is
/// [`FieldName::Surname`] or [`FieldName::GivenNames`]. `None` when the name as read already
/// agrees, or when no such spelling, or more than one, agrees, and for other fields.
pub fn mend_name(name: &str, code: &str, part: FieldName) -> Option<String> {
    let (range, encode): (_, fn(&str) -> String) = match part {
        FieldName::Surname => (0..3, encode_surname),
        FieldName::GivenNames => (3..6, encode_given_names),
        _ => return None,
    };
    let want = code.get(range)?;
    if encode(name) == want {
        return None;
    }
    let chars: Vec<char> = name.chars().collect();
    let mut found: Vec<String> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        for &(_, meant) in NAME_MISREADS.iter().filter(|&&(read, _)| read == c) {
            let mut spelled = chars.clone();
            spelled[i] = meant;
            let spelled: String = spelled.into_iter().collect();
            if encode(&spelled) == want && !found.contains(&spelled) {
                found.push(spelled);
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Finds a codice fiscale in a line of OCR text, tolerating lower case and spaces (or `-`)
/// inside it, and returns it normalized.
///
/// A code that starts and ends at word boundaries is returned when its shape is plausible (the
/// check character and the calendar are not checked). A code glued to other letters or digits
/// (`CFRSSMRA68A01H501Y`) is returned only when its check character is right as well.
pub fn find(text: &str) -> Option<String> {
    // Groups of alphanumeric runs separated only by spaces or hyphens.
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut group: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c.to_ascii_uppercase());
            continue;
        }
        if !run.is_empty() {
            group.push(std::mem::take(&mut run));
        }
        let soft_separator = c.is_whitespace() || c == '-';
        if !soft_separator && !group.is_empty() {
            groups.push(std::mem::take(&mut group));
        }
    }
    if !run.is_empty() {
        group.push(run);
    }
    if !group.is_empty() {
        groups.push(group);
    }

    // Word-aligned candidates: consecutive runs making exactly 16 characters.
    for runs in &groups {
        for start in 0..runs.len() {
            let mut candidate = String::new();
            for r in &runs[start..] {
                candidate.push_str(r);
                if candidate.len() >= 16 {
                    break;
                }
            }
            if candidate.len() == 16 && parse_shape(candidate.as_bytes()).is_some() {
                // A wrong check character: an OCR confusion the repair may undo (`PS0` for
                // `P50` has a shape, the omocodia of a `6`).
                let right =
                    check_char(candidate.as_bytes()) == candidate.as_bytes().get(15).copied();
                return (!right)
                    .then(|| repair_ocr(&candidate))
                    .flatten()
                    .or(Some(candidate));
            }
        }
    }
    // Glued candidates: any 16 characters of a group, with a right check character.
    groups
        .iter()
        .find_map(|runs| {
            let joined = runs.concat();
            joined.as_bytes().windows(16).find_map(|w| {
                (parse_shape(w).is_some() && check_char(w) == Some(w[15]))
                    .then(|| String::from_utf8_lossy(w).into_owned())
            })
        })
        .or_else(|| repair_ocr(text))
}

/// The first eleven characters of the holder's code (surname, given names, birth date and
/// sex), when all four are known; `None` otherwise.
fn holder_prefix(holder: &Holder<'_>) -> Option<Vec<u8>> {
    let surname = holder.surname.filter(|s| !letters(s).is_empty())?;
    let given = holder.given_names.filter(|s| !letters(s).is_empty())?;
    let birth = holder.birth_date?;
    let offset = match holder.sex.map(str::trim) {
        Some("M" | "m") => 0,
        Some("F" | "f") => 40,
        _ => return None,
    };
    let month = MONTHS[usize::from(u8::from(birth.month())) - 1];
    let prefix = format!(
        "{}{}{:02}{}{:02}",
        encode_surname(surname),
        encode_given_names(given),
        birth.year().rem_euclid(100),
        char::from(month),
        birth.day() + offset
    );
    Some(prefix.into_bytes())
}

/// A codice fiscale OCR damaged past [`find`]'s repair (a character read twice or lost,
/// letters misread: `RZZSFN96LO05H501I`, `GRDENc96R3OC351N`), rebuilt from what the document
/// states elsewhere: the holder's first eleven characters ([`Holder`]: surname, given names,
/// birth date and sex) where the read word spells them with at most four differences (a
/// character lost or read twice counting as one), then the birthplace code and check
/// character as read. Kept only when the check character is right and the birthplace existed
/// on the birth date, and exactly one code comes out of `text`'s words.
pub fn rebuild(text: &str, holder: &Holder<'_>, today: Date) -> Option<String> {
    let prefix = holder_prefix(holder)?;
    let alike = |read: u8, want: u8| {
        read == want
            || read == b'?'
            || if want.is_ascii_digit() {
                digit_for_letter(read) == Some(want)
            } else {
                letter_for_digit(read) == Some(want)
            }
    };
    let mut found = std::collections::BTreeSet::new();
    for word in text.split_whitespace() {
        let word: Vec<u8> = word
            .bytes()
            .map(|c| match c.to_ascii_uppercase() {
                b'/' | b'|' => b'1',
                c => c,
            })
            .collect();
        if !(15..=17).contains(&word.len()) || !word.iter().all(u8::is_ascii_alphanumeric) {
            continue;
        }
        // Readings of 16 characters: as read, one character dropped, or one put back (`?`)
        // among the holder's eleven.
        let variants: Vec<(Vec<u8>, usize)> = match word.len() {
            16 => vec![(word, 0)],
            17 => (0..17)
                .map(|i| {
                    let mut v = word.clone();
                    v.remove(i);
                    (v, 1)
                })
                .collect(),
            _ => (0..=11)
                .map(|i| {
                    let mut v = word.clone();
                    v.insert(i, b'?');
                    (v, 1)
                })
                .collect(),
        };
        for (v, indel) in variants {
            let diffs = (0..11).filter(|&i| !alike(v[i], prefix[i])).count();
            if diffs + indel > 4 {
                continue;
            }
            let letter = |c: u8| letter_for_digit(c).or(c.is_ascii_uppercase().then_some(c));
            let digit = |c: u8| digit_for_letter(c).or(c.is_ascii_digit().then_some(c));
            let tail = [
                letter(v[11]),
                digit(v[12]),
                digit(v[13]),
                digit(v[14]),
                letter(v[15]),
            ];
            let Some(tail) = tail.into_iter().collect::<Option<Vec<u8>>>() else {
                continue;
            };
            let code = [prefix.as_slice(), &tail].concat();
            let code = String::from_utf8_lossy(&code).into_owned();
            // The check character first: cheap, and most readings fail it.
            if check_char(code.as_bytes()) == code.as_bytes().get(15).copied()
                && check(&code, today).valid
            {
                found.insert(code);
            }
        }
    }
    let mut found = found.into_iter();
    match (found.next(), found.next()) {
        (Some(code), None) => Some(code),
        _ => None,
    }
}

/// A 16-character word with OCR confusions (`DLSMTNO0D49F842F`, `RZZNDR78L21/293X`): letters
/// where a digit must stand and digits where a letter must stand are swapped for their
/// look-alikes (a `0` may be an `O` or a `D`, a `4` an `A`: `DLSZOE74D590612S`; an omocodia
/// letter may be a digit's look-alike, `S` a `5`), and the one
/// reading whose check character is right and whose birthplace code exists is kept; two such
/// readings are evidence for neither.
fn repair_ocr(text: &str) -> Option<String> {
    const LETTERS: [usize; 9] = [0, 1, 2, 3, 4, 5, 8, 11, 15];
    text.split_whitespace().find_map(|word| {
        let word = word.to_ascii_uppercase().into_bytes();
        if word.len() != 16 {
            return None;
        }
        let options: Vec<Vec<u8>> = word
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                // `/` and `|` are how OCR reads a thin `I` or `1`, `]` a `J`.
                let read = match c {
                    b'/' | b'|' => b'1',
                    b']' => b'J',
                    c => c,
                };
                if LETTERS.contains(&i) && read.is_ascii_digit() {
                    let extra: &[u8] = match read {
                        b'0' => b"D",
                        b'4' => b"A",
                        _ => b"",
                    };
                    letter_for_digit(read)
                        .into_iter()
                        .chain(extra.iter().copied())
                        .collect()
                } else if OMOCODIA.contains(&read) {
                    // Omocodia letters (`LMNPQRSTUV`) stand for digits, unless a digit
                    // looks like them (`PS0` read for `P50`): the check character decides.
                    std::iter::once(read)
                        .chain(digit_for_letter(read))
                        .collect()
                } else if LETTERS.contains(&i) || read == b'1' {
                    vec![read]
                } else {
                    vec![digit_for_letter(read).unwrap_or(read)]
                }
            })
            .collect();
        let readings = options.iter().map(Vec::len).product::<usize>();
        if readings > 64 {
            return None;
        }
        let mut found = (0..readings).filter_map(|mut n| {
            let code: Vec<u8> = options
                .iter()
                .map(|o| {
                    let c = o[n % o.len()];
                    n /= o.len();
                    c
                })
                .collect();
            let raw = parse_shape(&code)?;
            let place = std::str::from_utf8(&raw.place).ok()?;
            (check_char(&code) == Some(code[15]) && table().contains_key(place))
                .then(|| String::from_utf8_lossy(&code).into_owned())
        });
        match (found.next(), found.next()) {
            (Some(code), None) => Some(code),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 26);

    #[test]
    fn names_misread_by_one_letter_are_told_by_the_code() {
        // Seed 7 #67 and seed 71 #13 of the synthetic corpus: a narrow `I` read `H`.
        let code = "RSSDVD80A01H501U";
        let given = |n| mend_name(n, code, FieldName::GivenNames);
        assert_eq!(given("DAVHDE").as_deref(), Some("DAVIDE"));
        assert_eq!(
            mend_name("GHOSUE", "CLMGSI80B17D612R", FieldName::GivenNames).as_deref(),
            Some("GIOSUE")
        );
        // Agreeing already, or no single misread that agrees: as read.
        assert_eq!(given("DAVIDE"), None);
        assert_eq!(given("MARCO"), None);
        // A surname: `ROSSL` agrees with `RSS` already (the code cannot tell); `BLANCHI` for
        // `BIANCHI` (`BNC`) is mended.
        assert_eq!(
            mend_name("ROSSL", "RSSMRA80A01H501U", FieldName::Surname),
            None
        );
        assert_eq!(
            mend_name("BLANCHI", "BNCMRA80A01H501U", FieldName::Surname).as_deref(),
            Some("BIANCHI")
        );
    }

    #[test]
    fn ocr_confusions_are_repaired_under_the_check_character() {
        assert_eq!(
            find("DLSMTNO0D49F842F").as_deref(),
            Some("DLSMTN00D49F842F")
        );
        assert_eq!(
            find("RZZNDR78L21/293X").as_deref(),
            Some("RZZNDR78L21I293X")
        );
        assert_eq!(
            find("DLSFNCB2M67E506V").as_deref(),
            Some("DLSFNC82M67E506V")
        );
        // An `A` read `4` (seed 79 #7), with an `O` read `0` and a `Z` read `2`.
        assert_eq!(
            find("GRCZ0E98T4246622").as_deref(),
            Some("GRCZOE98T42A662Z")
        );
        // A `J` read as a bracket (seed 71 #97).
        assert_eq!(
            find("GRCCHR00T65E506]").as_deref(),
            Some("GRCCHR00T65E506J")
        );
        // The `D` of a birthplace code read `0` (seed 83 #43): `O612` is no code, `D612` is.
        assert_eq!(
            find("DLSZOE74D590612S").as_deref(),
            Some("DLSZOE74D59D612S")
        );
        // A day's `5` read `S` (seed 131 #79): no omocodia, which replaces digits from the
        // right, and the check character agrees with the `5`.
        assert_eq!(
            find("MNCLNE72PS0D612T").as_deref(),
            Some("MNCLNE72P50D612T")
        );
        // A wrong check character after the fixes: nothing.
        assert_eq!(find("DLSFNCB2M67E506W"), None);
    }

    #[test]
    fn a_code_damaged_past_repair_is_rebuilt_from_the_holder() {
        let holder = |surname, given_names, birth, sex| Holder {
            surname: Some(surname),
            given_names: Some(given_names),
            birth_date: Some(birth),
            sex: Some(sex),
        };
        let rizzo = holder("RIZZO", "STEFANO", date!(1996 - 07 - 05), "M");
        // The real recogniser's readings of CIE backs in the synthetic corpus (seeds 53, 29 and
        // 37): a character read twice, two letters misread, a character lost and three misread.
        for (read, holder, code) in [
            ("RZZSFN96LO05H501I", rizzo, "RZZSFN96L05H501I"),
            (
                "GRDENc96R3OC351N",
                holder("GIORDANO", "FRANCESCO", date!(1996 - 10 - 10), "M"),
                "GRDFNC96R10C351N",
            ),
            (
                "CF NTFBC/9S70A345T",
                holder("SANTORO", "FEDERICA", date!(1978 - 11 - 30), "F"),
                "SNTFRC78S70A345T",
            ),
        ] {
            assert_eq!(find(read), None);
            assert_eq!(rebuild(read, &holder, TODAY).as_deref(), Some(code));
        }
        // Another holder's code, a wrong check character, a holder whose sex is unknown.
        assert_eq!(rebuild("GRDENc96R3OC351N", &rizzo, TODAY), None);
        assert_eq!(rebuild("RZZSFN96LO05H501K", &rizzo, TODAY), None);
        let unknown = Holder { sex: None, ..rizzo };
        assert_eq!(rebuild("RZZSFN96LO05H501I", &unknown, TODAY), None);
    }

    #[test]
    fn table_parses_completely() {
        let rows = BELFIORE_TSV.lines().count() - 1;
        let parsed: usize = table().values().map(Vec::len).sum();
        assert_eq!(parsed, rows);
        assert!(table().len() > 10_000);
        assert_eq!(table()["L219"][0].name, "Torino");
    }

    #[test]
    fn valid_code() {
        let r = check("CCCFBA85D03L219P", TODAY);
        assert_eq!(
            r,
            FiscalCodeReport {
                valid: true,
                syntax_valid: true,
                omocodic: false,
                normalized: Some("CCCFBA85D03L219P".into()),
                sex: Some("M".into()),
                birth_date: Some("1985-04-03".into()),
                birthplace_code: Some("L219".into()),
                birthplace_name: Some("Torino".into()),
                birthplace_known: true,
            }
        );
    }

    #[test]
    fn normalizes_separators_and_case() {
        for input in [
            "ccc fba 85 d03 l219 p",
            "CCC-FBA-85-D03-L219-P",
            " CCCFBA85D03L219P\n",
        ] {
            let r = check(input, TODAY);
            assert!(r.valid, "{input}");
            assert_eq!(r.normalized.as_deref(), Some("CCCFBA85D03L219P"));
        }
    }

    #[test]
    fn json_shape() {
        let json = serde_json::to_value(check("MRTMRA83T56A269B", TODAY)).unwrap_or_default();
        let keys: Vec<&str> = json
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "valid",
                "syntax_valid",
                "omocodic",
                "normalized",
                "sex",
                "birth_date",
                "birthplace_code",
                "birthplace_name",
                "birthplace_known"
            ]
        );
        assert_eq!(json["birth_date"], "1983-12-16");
        assert_eq!(json["sex"], "F");
    }

    #[test]
    fn syntax_errors() {
        for bad in [
            "",
            "CCCFBA85D03L219",
            "CCCFBA85D03L219PP",
            "CCCFBA85D03L219B", // wrong check character
            "CC0FBA85X03L219P", // digit in surname
            "CCCFB085X03L219P", // digit in name
            "CCCFBA8XD03L219S", // X is no omocodia letter
            "CCCFBA85X03L219P", // X is no month
            "CCCFBA85D00L219P", // day 0
            "CCCFBA85D35L219P", // day 35
            "CCCFBA85D72L219P", // day 72
            "CCCFBA85B30L219P", // 30 February
            "CCCFBA85D03 219P", // missing place letter
        ] {
            let r = check(bad, TODAY);
            assert!(!r.syntax_valid && !r.valid, "{bad}");
            assert_eq!(r.birth_date, None);
        }
    }

    #[test]
    fn check_characters() {
        assert_eq!(check_char(b"CCCFBA85D03L219"), Some(b'P'));
        assert_eq!(check_char(b"RSSMRA68A01H501"), Some(b'Y'));
        assert_eq!(check_character("ccc fba 85 d03 l219"), Some('P'));
        assert_eq!(check_character("CCCFBA85D03L219X"), Some('P'));
        assert_eq!(check_character("CCCFBA85D03L21"), None);
        assert_eq!(check_character("CCCFBA85D03L21À"), None);
    }

    #[test]
    fn omocodia_every_position() {
        let base = *b"CCCFBA85D03L219P";
        for mask in 1u32..128 {
            let mut code = base;
            for (bit, &i) in OMOCODIA_POSITIONS.iter().enumerate() {
                if mask & (1 << bit) != 0 {
                    code[i] = OMOCODIA[usize::from(code[i] - b'0')];
                }
            }
            code[15] = check_char(&code).unwrap_or(b'?');
            let r = check(std::str::from_utf8(&code).unwrap_or(""), TODAY);
            assert!(r.valid && r.omocodic, "{mask}");
            assert_eq!(r.birth_date.as_deref(), Some("1985-04-03"));
            assert_eq!(r.birthplace_code.as_deref(), Some("L219"));
        }
    }

    #[test]
    fn female_day_offset() {
        let r = check("TKKYKU87B68L219F", TODAY);
        assert!(r.valid);
        assert_eq!(r.sex.as_deref(), Some("F"));
        assert_eq!(r.birth_date.as_deref(), Some("1987-02-28"));
    }

    #[test]
    fn century_resolution() {
        // Not in the future.
        let r = check("RSSMRA04S29L219G", TODAY);
        assert_eq!(r.birth_date.as_deref(), Some("2004-11-29"));
        let r = check("RSSMRA04S29L219G", date!(2004 - 11 - 28));
        assert_eq!(r.birth_date.as_deref(), Some("1904-11-29"));
        // Gallico (D877) was merged into Reggio Calabria in 1927: 1907, not 2007.
        let r = check("MCHFDA07A01D877A", TODAY);
        assert!(r.valid);
        assert_eq!(r.birth_date.as_deref(), Some("1907-01-01"));
        assert_eq!(r.birthplace_name.as_deref(), Some("Gallico"));
    }

    #[test]
    fn birthplace_not_existing_then() {
        let r = check("FRTMXM74L15D354A", TODAY);
        assert!(r.syntax_valid);
        assert!(!r.valid);
        assert_eq!(r.birth_date.as_deref(), Some("1974-07-15"));
        assert_eq!(r.birthplace_code.as_deref(), Some("D354"));
    }

    #[test]
    fn unknown_birthplace() {
        // Z999 is no Belfiore code.
        let mut code = *b"CCCFBA85D03Z999_";
        code[15] = check_char(&code).unwrap_or(b'?');
        let r = check(std::str::from_utf8(&code).unwrap_or(""), TODAY);
        assert!(r.syntax_valid && !r.valid && !r.birthplace_known);
        assert_eq!(r.birthplace_name, None);
    }

    #[test]
    fn renamed_and_suppressed_places() {
        let r = check("LNNFNC80A01A089K", TODAY);
        assert!(r.valid);
        assert_eq!(r.birthplace_name.as_deref(), Some("Agrigento"));
        let r = check("DFLNTN42T20B860H", TODAY);
        assert!(r.valid);
        assert_eq!(r.birthplace_name.as_deref(), Some("Casagiove"));
    }

    fn day(y: i32, m: u8, d: u8) -> Date {
        ymd(y, m, d).unwrap_or(TODAY)
    }

    fn place(name: &'static str, created: Option<Date>, deleted: Option<Date>) -> Place {
        Place {
            name,
            created,
            deleted,
        }
    }

    #[test]
    fn place_rules() {
        let a = place("A", Some(day(1900, 1, 1)), Some(day(1920, 1, 1)));
        let b = place("B", Some(day(1930, 1, 1)), None);
        let places = [a, b];
        // Inside a range.
        assert_eq!(
            place_on(&places, day(1910, 5, 5)).map(|p| p.name),
            Some("A")
        );
        assert_eq!(
            place_on(&places, day(1990, 5, 5)).map(|p| p.name),
            Some("B")
        );
        // In the gap: the next record.
        assert_eq!(
            place_on(&places, day(1925, 5, 5)).map(|p| p.name),
            Some("B")
        );
        // Before everything: the first created after the birth (#210/#213).
        assert_eq!(
            place_on(&places, day(1850, 5, 5)).map(|p| p.name),
            Some("A")
        );
        // A one-day record before the gap is taken as a wrong end date.
        let short = [
            place("S", Some(day(1900, 1, 1)), Some(day(1900, 1, 2))),
            place("T", Some(day(1950, 1, 1)), Some(day(1960, 1, 1))),
        ];
        assert_eq!(place_on(&short, day(1920, 1, 1)).map(|p| p.name), Some("S"));
        // After the end of the only record: none.
        let gone = [place("G", Some(day(1900, 1, 1)), Some(day(1920, 1, 1)))];
        assert!(place_on(&gone, day(1930, 1, 1)).is_none());
    }

    #[test]
    fn encoders() {
        assert_eq!(encode_surname(""), "XXX");
        assert_eq!(encode_surname("Caccamo"), "CCC");
        assert_eq!(encode_surname("Fò"), "FOX");
        assert_eq!(encode_surname("D'Amico"), "DMC");
        assert_eq!(encode_surname("De Rossi"), "DRS");
        assert_eq!(encode_surname("Ait Hadda"), "THD");
        assert_eq!(encode_given_names("Alessandro"), "LSN");
        assert_eq!(encode_given_names("Hu"), "HUX");
        assert_eq!(encode_given_names("Michele"), "MHL");
        assert_eq!(encode_given_names("Niccolò"), "NCL");
        assert_eq!(encode_given_names("Maria Grazia"), "MGR");
        assert_eq!(encode_given_names(""), "XXX");
    }

    #[test]
    fn mismatching_fields() {
        let r = check("CCCFBA85D03L219P", TODAY);
        let holder = Holder {
            surname: Some("CACCAMO"),
            given_names: Some("FABIO"),
            birth_date: Some(date!(1985 - 04 - 03)),
            sex: Some("M"),
        };
        assert!(mismatches(&r, &holder).is_empty());
        let wrong = Holder {
            surname: Some("ROSSI"),
            given_names: Some("MARIO"),
            birth_date: Some(date!(1985 - 04 - 04)),
            sex: Some("F"),
        };
        assert_eq!(
            mismatches(&r, &wrong),
            [
                FieldName::Surname,
                FieldName::GivenNames,
                FieldName::BirthDate,
                FieldName::Sex
            ]
        );
        // Unknown fields, sex X and names without letters are not compared.
        let partial = Holder {
            surname: Some("<<"),
            sex: Some("X"),
            ..Holder::default()
        };
        assert!(mismatches(&r, &partial).is_empty());
        // Only the century is unknown to the code.
        let century = Holder {
            birth_date: Some(date!(1885 - 04 - 03)),
            ..Holder::default()
        };
        assert!(mismatches(&r, &century).is_empty());
        // An invalid code contradicts nothing.
        assert!(mismatches(&check("CCCFBA85D03L219B", TODAY), &wrong).is_empty());
    }

    #[test]
    fn mismatches_with_accents_and_omocodia() {
        let r = check("CCCFBAURDLPLNMVU", TODAY);
        let holder = Holder {
            surname: Some("Càccamo"),
            given_names: Some("Fabio"),
            birth_date: Some(date!(1985 - 04 - 03)),
            sex: Some("m"),
        };
        assert!(mismatches(&r, &holder).is_empty());
    }

    #[test]
    fn finds_codes_in_lines() {
        assert_eq!(
            find("CODICE FISCALE RSSMRA68A01H501Y").as_deref(),
            Some("RSSMRA68A01H501Y")
        );
        assert_eq!(
            find("C.F.: ccc fba 85 d03 l219 p").as_deref(),
            Some("CCCFBA85D03L219P")
        );
        assert_eq!(
            find("CF:CCCFBAURDLPLNMVU fine").as_deref(),
            Some("CCCFBAURDLPLNMVU")
        );
        // Plausible shape with a wrong check character is still found.
        assert_eq!(
            find("RSSMRA68A01H501X").as_deref(),
            Some("RSSMRA68A01H501X")
        );
        // Glued to other characters: only with a right check character.
        assert_eq!(
            find("CFRSSMRA68A01H501Y").as_deref(),
            Some("RSSMRA68A01H501Y")
        );
        assert_eq!(
            find("RSSMRA68A01H501Y7 ").as_deref(),
            Some("RSSMRA68A01H501Y")
        );
        assert_eq!(find("XRSSMRA68A01H501X"), None);
        assert_eq!(find("RSS MRA68A01H501X7"), None);
        assert_eq!(find("COGNOME ROSSI NOME MARIO"), None);
        assert_eq!(find("RSSMRA68X01H501Y"), None);
        assert_eq!(find(""), None);
    }
}
