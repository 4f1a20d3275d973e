//! Calendar dates: printed-date parsing in several languages, MRZ `YYMMDD` with century
//! resolution, ISO formatting and plausibility ranges.

use crate::translit::digit_for_letter;
use time::{Date, Month};

/// A real calendar date from numbers, `None` when it does not exist (e.g. 31 February).
pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Parses `YYYY-MM-DD`; `None` for any other shape or a non-existent date.
pub fn parse_iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
    ymd(
        i32::from(n(0..4)?),
        u8::try_from(n(5..7)?).ok()?,
        u8::try_from(n(8..10)?).ok()?,
    )
}

/// `YYYY-MM-DD`.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// What a two-digit year stands for: the century is chosen from the date's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRole {
    /// A birth date: never in the future.
    Birth,
    /// An expiry date: at most [`EXPIRY_FUTURE_YEARS`] years ahead, otherwise the previous century.
    Expiry,
    /// An issue date: never in the future.
    Issue,
}

/// How far ahead an expiry date may plausibly lie (longest validity of an ID document plus margin).
pub const EXPIRY_FUTURE_YEARS: i32 = 20;
/// Oldest plausible age of a document holder.
pub const MAX_AGE_YEARS: i32 = 130;

/// The longest validity of an identity document, in years (French identity cards).
pub const MAX_VALIDITY_YEARS: i32 = 15;

/// Parses MRZ `YYMMDD` with century resolution relative to `today`.
pub fn from_yymmdd(s: &str, role: DateRole, today: Date) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
    let (yy, mm, dd) = (i32::from(n(0)), n(2), n(4));
    let century = today.year() / 100 * 100;
    let this = ymd(century + yy, mm, dd);
    let previous = ymd(century - 100 + yy, mm, dd);
    match role {
        DateRole::Birth | DateRole::Issue => match this {
            Some(d) if d <= today => Some(d),
            _ => previous,
        },
        DateRole::Expiry => match this {
            Some(d) if d.year() <= today.year() + EXPIRY_FUTURE_YEARS => Some(d),
            Some(_) => previous,
            None => None,
        },
    }
}

/// Month names (and common abbreviations) in Italian, English, French, German and Spanish.
const MONTHS: &[(&str, u8)] = &[
    ("GENNAIO", 1),
    ("GEN", 1),
    ("JANUARY", 1),
    ("JAN", 1),
    ("JANVIER", 1),
    ("JANV", 1),
    ("JANUAR", 1),
    ("JÄNNER", 1),
    ("ENERO", 1),
    ("ENE", 1),
    ("FEBBRAIO", 2),
    ("FEB", 2),
    ("FEBRUARY", 2),
    ("FÉVRIER", 2),
    ("FEVRIER", 2),
    ("FÉVR", 2),
    ("FEVR", 2),
    ("FEV", 2),
    ("FÉV", 2),
    ("FEBRUAR", 2),
    ("FEBRERO", 2),
    ("MARZO", 3),
    ("MAR", 3),
    ("MARCH", 3),
    ("MARS", 3),
    ("MÄRZ", 3),
    ("MAERZ", 3),
    ("MRZ", 3),
    ("MÄR", 3),
    ("APRILE", 4),
    ("APR", 4),
    ("APRIL", 4),
    ("AVRIL", 4),
    ("AVR", 4),
    ("ABRIL", 4),
    ("ABR", 4),
    ("MAGGIO", 5),
    ("MAG", 5),
    ("MAY", 5),
    ("MAI", 5),
    ("MAYO", 5),
    ("GIUGNO", 6),
    ("GIU", 6),
    ("JUNE", 6),
    ("JUN", 6),
    ("JUIN", 6),
    ("JUNI", 6),
    ("JUNIO", 6),
    ("LUGLIO", 7),
    ("LUG", 7),
    ("JULY", 7),
    ("JUL", 7),
    ("JUILLET", 7),
    ("JUIL", 7),
    ("JULI", 7),
    ("JULIO", 7),
    ("AGOSTO", 8),
    ("AGO", 8),
    ("AUGUST", 8),
    ("AUG", 8),
    ("AOÛT", 8),
    ("AOUT", 8),
    ("SETTEMBRE", 9),
    ("SET", 9),
    ("SEPTEMBER", 9),
    ("SEP", 9),
    ("SEPT", 9),
    ("SEPTEMBRE", 9),
    ("SEPTIEMBRE", 9),
    ("SETIEMBRE", 9),
    ("OTTOBRE", 10),
    ("OTT", 10),
    ("OCTOBER", 10),
    ("OCT", 10),
    ("OCTOBRE", 10),
    ("OKTOBER", 10),
    ("OKT", 10),
    ("OCTUBRE", 10),
    ("NOVEMBRE", 11),
    ("NOV", 11),
    ("NOVEMBER", 11),
    ("NOVIEMBRE", 11),
    ("DICEMBRE", 12),
    ("DIC", 12),
    ("DECEMBER", 12),
    ("DEC", 12),
    ("DÉCEMBRE", 12),
    ("DECEMBRE", 12),
    ("DÉC", 12),
    ("DEZEMBER", 12),
    ("DEZ", 12),
    ("DICIEMBRE", 12),
];

/// The month number of a month name or abbreviation in one of the supported languages.
pub fn month_from_name(word: &str) -> Option<u8> {
    let upper = word.trim_end_matches('.').to_uppercase();
    MONTHS
        .iter()
        .find(|(name, _)| *name == upper)
        .map(|&(_, m)| m)
}

/// Parses a date as printed on a document: `dd.mm.yyyy`, `dd/mm/yyyy`, `dd-mm-yyyy`,
/// `dd mm yyyy`, `ddmmyyyy`, `yyyy-mm-dd`, `dd MMM yyyy` / `dd MMM/MMM yyyy` (month names in Italian,
/// English, French, German, Spanish; bilingual `14 MAG/MAY 1987` as on passports; Spanish
/// `12 de octubre de 1984`) and
/// `dd.mm.yy` (century by `role`). Returns `None` for anything else or a non-existent date.
pub fn parse_printed(s: &str, role: DateRole, today: Date) -> Option<Date> {
    let read =
        |t: &str| exact_printed(t, role, today).or_else(|| damaged_month_date(t, role, today));
    read(s.trim()).or_else(|| read(&day_in_digits(s.trim())?))
}

/// A date written with its month in letters whose two-character day OCR read with one digit as
/// its look-alike letter (`D6 GENJAN 2023`, [`digit_for_letter`]): the date with that day in
/// digits; `None` when the first word is no such day or no month name follows.
fn day_in_digits(t: &str) -> Option<String> {
    let (day, rest) = t.split_once(' ')?;
    let b = day.as_bytes();
    let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
    let month_named = rest.bytes().filter(u8::is_ascii_alphabetic).count() >= 3;
    if b.len() != 2 || letters != 1 || !b.iter().any(u8::is_ascii_digit) || !month_named {
        return None;
    }
    let digits: String = (b.iter())
        .map(|&c| match c {
            b'0'..=b'9' => Some(char::from(c)),
            _ => digit_for_letter(c.to_ascii_uppercase()).map(char::from),
        })
        .collect::<Option<_>>()?;
    Some(format!("{digits} {rest}"))
}

/// [`parse_printed`] for dates read as printed, month names spelt right.
fn exact_printed(s: &str, role: DateRole, today: Date) -> Option<Date> {
    // `12 10 2021` read without its spaces: eight digits as `ddmmyyyy`, or without one of
    // them (`1505 2020`, `11 052000`).
    let t = s.trim();
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if let Some((dm, y)) = t.split_once(' ')
        && digits(dm)
        && digits(y)
        && matches!((dm.len(), y.len()), (4, 4) | (2, 6))
    {
        return exact_printed(&format!("{dm}{y}"), role, today);
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| t.get(r)?.parse::<u16>().ok();
        return ymd(
            i32::from(n(4..8)?),
            u8::try_from(n(2..4)?).ok()?,
            u8::try_from(n(0..2)?).ok()?,
        );
    }
    if let Some(fixed) = separator_damaged(t).or_else(|| letters_for_digits(t)) {
        return exact_printed(&fixed, role, today);
    }
    // `15APR/AVR 12`: OCR glues day and month; split digit–letter boundaries.
    let mut spaced = String::with_capacity(s.len() + 4);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if prev.is_some_and(|p| {
            p.is_ascii_digit() != c.is_ascii_digit() && p.is_alphanumeric() && c.is_alphanumeric()
        }) {
            spaced.push(' ');
        }
        spaced.push(c);
        prev = Some(c);
    }
    let tokens: Vec<&str> = spaced
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | '/' | '-' | ','))
        // `12 de octubre de 1984`: the Spanish connectors are not part of the date.
        .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("de"))
        .collect();
    let num = |t: &str| -> Option<u32> {
        (t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    match tokens.as_slice() {
        [a, b, c] | [a, b, _, c] if tokens.len() == 3 || is_month_pair(&tokens) => {
            let month = match num(b) {
                Some(m) if b.len() <= 2 => u8::try_from(m).ok()?,
                Some(_) => return None,
                None => month_from_name(b).or_else(|| glued_month_pair(b))?,
            };
            if a.len() == 4 {
                // yyyy-mm-dd
                let (y, d) = (num(a)?, num(c)?);
                return (c.len() <= 2)
                    .then(|| ymd(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?))
                    .flatten();
            }
            if a.len() > 2 {
                return None;
            }
            day_month_year(num(a)?, month, c, role, today)
        }
        _ => None,
    }
}

/// `dd MMM yyyy` whose month OCR damaged beyond an exact reading, as happens to the small
/// bilingual months of passports (`30 0TT7/0CT 2021`, `25 GHJUN 2024`, `14OTTI0GT 2034`): the
/// text between the day and the year, its digits read as the letters they look like (others
/// dropped, with slashes and spaces), is taken for the one month whose name, or pair of
/// abbreviations (`OTTOCT`), it is nearest to: within one edit of a name of up to four letters,
/// two of a longer one or a pair. A tie between months reads no month.
fn damaged_month_date(t: &str, role: DateRole, today: Date) -> Option<Date> {
    let day_len = t.bytes().take_while(u8::is_ascii_digit).count();
    let year_len = t.bytes().rev().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&day_len) || !matches!(year_len, 2 | 4) || day_len + year_len >= t.len() {
        return None;
    }
    // One word of day, month and a two-digit year, the month only near a name (`2san19`, a
    // garbled label), is too little of a date to read.
    if year_len == 2 && !t.contains(|c: char| c.is_whitespace() || matches!(c, '/' | '.' | '-')) {
        return None;
    }
    let between = &t[day_len..t.len() - year_len];
    // A month name read with some digits for letters has three letters or more; a numeric
    // date behind a field number has not (`4a. 31/03/2019`).
    if between.bytes().filter(u8::is_ascii_alphabetic).count() < 3 {
        return None;
    }
    let middle: Vec<char> = between
        .bytes()
        .filter_map(|b| match b {
            b'0'..=b'9' => crate::translit::letter_for_digit(b),
            _ => b.is_ascii_alphabetic().then_some(b.to_ascii_uppercase()),
        })
        .map(char::from)
        .collect();
    // Accented names are in the table unaccented too: a middle with other characters is none.
    if !(3..=10).contains(&middle.len()) || !between.is_ascii() {
        return None;
    }
    let mut best: Option<(usize, u8)> = None;
    let mut tie = false;
    for (candidate, month, limit) in month_spellings() {
        if middle.len().abs_diff(candidate.len()) > *limit {
            continue;
        }
        let d = crate::text::edit_distance(&middle, candidate);
        if d > *limit {
            continue;
        }
        match best {
            Some((bd, bm)) if d == bd && bm != *month => tie = true,
            Some((bd, _)) if d >= bd => {}
            _ => {
                best = Some((d, *month));
                tie = false;
            }
        }
    }
    let (_, month) = best.filter(|_| !tie)?;
    let day = t[..day_len].parse().ok()?;
    day_month_year(day, month, &t[t.len() - year_len..], role, today)
}

/// The date of a day, a month and a printed year of four digits or two (century by `role`).
/// A year of five digits starting with `1` is the slash before it read twice, the second time
/// as `1` (`24/07/12018`).
fn day_month_year(day: u32, month: u8, year: &str, role: DateRole, today: Date) -> Option<Date> {
    let day = u8::try_from(day).ok()?;
    let year = match year.strip_prefix('1') {
        Some(rest) if year.len() == 5 => rest,
        _ => year,
    };
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: u32 = year.parse().ok()?;
    match year.len() {
        4 => ymd(i32::try_from(y).ok()?, month, day),
        2 => from_yymmdd(&format!("{y:02}{month:02}{day:02}"), role, today),
        _ => None,
    }
}

/// Every ASCII month name and pair of abbreviations of the same month (`OTTOCT`, `GIUJUN`),
/// with its month and the edits [`damaged_month_date`] allows it.
fn month_spellings() -> &'static [(Vec<char>, u8, usize)] {
    static SPELLINGS: std::sync::OnceLock<Vec<(Vec<char>, u8, usize)>> = std::sync::OnceLock::new();
    SPELLINGS.get_or_init(|| {
        let ascii = MONTHS.iter().filter(|(name, _)| name.is_ascii());
        let mut out: Vec<(Vec<char>, u8, usize)> = ascii
            .clone()
            .map(|&(name, m)| {
                (
                    name.chars().collect(),
                    m,
                    if name.len() <= 4 { 1 } else { 2 },
                )
            })
            .collect();
        let short: Vec<&(&str, u8)> = ascii.filter(|(name, _)| name.len() <= 4).collect();
        for &&(a, m) in &short {
            for &&(b, _) in short.iter().filter(|(_, n)| *n == m) {
                out.push((format!("{a}{b}").chars().collect(), m, 2));
            }
        }
        out
    })
}

/// A numeric date one of whose two separators OCR read as `1` (`12/07177`, `08/0712035`,
/// `12107/77`) or lost (`25/122036`, `2512/2036`), with the separator put back; `None` for
/// anything else. The digits around the `1` cannot be read otherwise: five or seven digits are
/// no day, month or year; a lost separator is put back only where the digits make a
/// four-digit year, or where four digits stand before the one left (`1710/81`: no month and
/// year is printed so); `12/2036` stays a month and year, no date.
pub(crate) fn separator_damaged(t: &str) -> Option<String> {
    if let Some(fixed) = separators_as_letters(t) {
        return Some(fixed);
    }
    let sep = t.find(['/', '.', '-'])?;
    let (a, b) = (&t[..sep], &t[sep + 1..]);
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
    if !digits(a) || !digits(b) {
        return None;
    }
    let s = &t[sep..=sep];
    let lost = |x: &str| x.len() > 2 && x.as_bytes()[2] == b'1';
    if a.len() <= 2 && matches!(b.len(), 5 | 7) && lost(b) {
        Some(format!("{a}{s}{}{s}{}", &b[..2], &b[3..]))
    } else if a.len() == 5 && matches!(b.len(), 2 | 4) && lost(a) {
        Some(format!("{}{s}{}{s}{b}", &a[..2], &a[3..]))
    } else if a.len() == 2 && b.len() == 6 {
        Some(format!("{a}{s}{}{s}{}", &b[..2], &b[2..]))
    } else if a.len() == 4 && matches!(b.len(), 2 | 4) {
        Some(format!("{}{s}{}{s}{b}", &a[..2], &a[2..]))
    } else {
        None
    }
}

/// A numeric date `dd/mm/yy` or `dd/mm/yyyy` whose slashes OCR read as a thin letter (`I`, `l`,
/// `|`) or a `1`, one of them at least a letter (`27I07171` → `27/07/71`): digits everywhere
/// else, so that no digit of the date can be the letter.
fn separators_as_letters(t: &str) -> Option<String> {
    let b = t.as_bytes();
    if !matches!(b.len(), 8 | 10) {
        return None;
    }
    let thin = |c: u8| matches!(c, b'I' | b'l' | b'|');
    let shaped = b.iter().enumerate().all(|(i, &c)| match i {
        2 | 5 => thin(c) || matches!(c, b'1' | b'/' | b'.' | b'-'),
        _ => c.is_ascii_digit(),
    });
    (shaped && (thin(b[2]) || thin(b[5]))).then(|| format!("{}/{}/{}", &t[..2], &t[3..5], &t[6..]))
}

/// A numeric date OCR read with a letter for a digit (`11/O7/02`, `1l.05.1987`): three groups
/// split by `/`, `.` or `-` (day and month of one or two characters, a year of two or four),
/// each holding a digit, with one or two letters in all, each a digit's look-alike
/// ([`digit_for_letter`], either case); the date with those digits. `None` for anything else:
/// a month name holds no digit.
fn letters_for_digits(t: &str) -> Option<String> {
    let groups: Vec<&str> = t.split(['/', '.', '-']).collect();
    let [day, month, year] = groups.as_slice() else {
        return None;
    };
    let letters = t.bytes().filter(u8::is_ascii_alphabetic).count();
    let shaped = (1..=2).contains(&day.len())
        && (1..=2).contains(&month.len())
        && matches!(year.len(), 2 | 4)
        && groups.iter().all(|g| g.bytes().any(|b| b.is_ascii_digit()));
    if !shaped || !(1..=2).contains(&letters) {
        return None;
    }
    t.bytes()
        .map(|b| match b {
            b'/' | b'.' | b'-' | b'0'..=b'9' => Some(char::from(b)),
            _ => digit_for_letter(b.to_ascii_uppercase()).map(char::from),
        })
        .collect()
}

/// A bilingual month whose slash OCR lost or read as a letter (`MAGMAY`, `AGOIAUG`,
/// `SETlSEP`): both three-letter halves name the same month.
fn glued_month_pair(token: &str) -> Option<u8> {
    let chars: Vec<char> = token.chars().collect();
    let (first, second) = match chars.len() {
        6 => (&chars[..3], &chars[3..]),
        7 if matches!(chars[3], 'I' | 'l' | '1' | '|' | '\\' | '!') => (&chars[..3], &chars[4..]),
        _ => return None,
    };
    let month = |half: &[char]| month_from_name(&half.iter().collect::<String>());
    month(first).filter(|&m| month(second) == Some(m))
}

/// `14 MAG/MAY 1987` splits into four tokens; the middle two must both be month names.
fn is_month_pair(tokens: &[&str]) -> bool {
    tokens.len() == 4
        && month_from_name(tokens[1]).is_some()
        && month_from_name(tokens[1]) == month_from_name(tokens[2])
}

/// Whether a birth date is plausible: not in the future and not more than [`MAX_AGE_YEARS`] ago.
pub fn plausible_birth(date: Date, today: Date) -> bool {
    date <= today && today.year() - date.year() <= MAX_AGE_YEARS
}

/// Today's date in UTC.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 26);

    #[test]
    fn glued_day_and_bilingual_month() {
        assert_eq!(
            parse_printed("15APR/AVR 12", DateRole::Expiry, TODAY),
            Some(date!(2012 - 04 - 15))
        );
        assert_eq!(
            parse_printed("12 AUG/AOUT 74", DateRole::Birth, TODAY),
            Some(date!(1974 - 08 - 12))
        );
    }

    #[test]
    fn bilingual_months_damaged_by_ocr() {
        let read = |s| parse_printed(s, DateRole::Expiry, TODAY);
        assert_eq!(read("30 0TT7/0CT 2021"), Some(date!(2021 - 10 - 30)));
        assert_eq!(read("25 GHJUN 2024"), Some(date!(2024 - 06 - 25)));
        assert_eq!(read("14OTTI0GT 2034"), Some(date!(2034 - 10 - 14)));
        assert_eq!(read("01. AG0/AUC 1957"), Some(date!(1957 - 08 - 01)));
        // Nearest to several months, or to none: no date.
        assert_eq!(read("12 MAX 2020"), None);
        assert_eq!(read("12 ROMA 2020"), None);
        assert_eq!(read("12 13 2020"), None);
        assert_eq!(read("VIA ROMA 12"), None);
        assert_eq!(read("4a. 31/03/2019"), None);
        // A garbled label read as one word of a day, a near month and a two-digit year (seed
        // 157 #38, `2san19` beside a passport's issue date): no date; spelt right, or with a
        // space, it is one.
        assert_eq!(read("2san19"), None);
        assert_eq!(read("2JAN19"), Some(date!(2019 - 01 - 02)));
        assert_eq!(read("2 SAN 19"), Some(date!(2019 - 01 - 02)));
        // The day's `0` read `D` as well (seed 109 #38); a day of two letters, or one without a
        // month name after it, is no date.
        assert_eq!(read("D6 GENJAN 2023"), Some(date!(2023 - 01 - 06)));
        assert_eq!(read("DO GEN 2023"), None);
        assert_eq!(read("D6 12 2023"), None);
    }

    #[test]
    fn yymmdd_century() {
        assert_eq!(
            from_yymmdd("870514", DateRole::Birth, TODAY),
            Some(date!(1987 - 05 - 14))
        );
        assert_eq!(
            from_yymmdd("050514", DateRole::Birth, TODAY),
            Some(date!(2005 - 05 - 14))
        );
        assert_eq!(
            from_yymmdd("261127", DateRole::Birth, TODAY),
            Some(date!(1926 - 11 - 27))
        );
        assert_eq!(
            from_yymmdd("330514", DateRole::Expiry, TODAY),
            Some(date!(2033 - 05 - 14))
        );
        assert_eq!(
            from_yymmdd("961210", DateRole::Expiry, TODAY),
            Some(date!(1996 - 12 - 10))
        );
        assert_eq!(
            from_yymmdd("000229", DateRole::Birth, TODAY),
            Some(date!(2000 - 02 - 29))
        );
        assert_eq!(from_yymmdd("010229", DateRole::Birth, TODAY), None);
        assert_eq!(from_yymmdd("31080W", DateRole::Expiry, TODAY), None);
    }

    #[test]
    fn printed_dates() {
        let p = |s| parse_printed(s, DateRole::Birth, TODAY);
        assert_eq!(p("14/05/1987"), Some(date!(1987 - 05 - 14)));
        assert_eq!(p("14.05.1987"), Some(date!(1987 - 05 - 14)));
        // One separator read as `1`.
        assert_eq!(p("12/07177"), Some(date!(1977 - 07 - 12)));
        assert_eq!(p("08/0711959"), Some(date!(1959 - 07 - 08)));
        assert_eq!(p("12107/77"), Some(date!(1977 - 07 - 12)));
        assert_eq!(p("12/07277"), None);
        // Both separators read as thin letters or `1` (seed 71 #105), one a letter at least.
        assert_eq!(p("27I07171"), Some(date!(1971 - 07 - 27)));
        assert_eq!(p("27l07|1971"), Some(date!(1971 - 07 - 27)));
        assert_eq!(p("27I0717I"), None);
        // A separator read twice, as itself and as `1` (seed 53 #51 of the synthetic corpus).
        assert_eq!(p("24/07/12018"), Some(date!(2018 - 07 - 24)));
        assert_eq!(p("24/07/22018"), None);
        // One separator lost.
        assert_eq!(p("25/122036"), Some(date!(2036 - 12 - 25)));
        assert_eq!(p("2512/2036"), Some(date!(2036 - 12 - 25)));
        // Before a two-digit year (seed 13 #69 of the synthetic corpus).
        assert_eq!(p("1710/81"), Some(date!(1981 - 10 - 17)));
        assert_eq!(p("12/2036"), None);
        assert_eq!(p("25/132036"), None);
        // A digit read as its look-alike letter (seed 61 #15 of the synthetic corpus); three
        // letters, or a group without a digit, are no date.
        assert_eq!(p("11/O7/02"), Some(date!(2002 - 07 - 11)));
        assert_eq!(p("1l.05.1987"), Some(date!(1987 - 05 - 11)));
        assert_eq!(p("14-O5-I9B7"), None);
        assert_eq!(p("14/OO/1987"), None);
        assert_eq!(p("12 07177"), None);
        assert_eq!(p("12 de octubre de 1984"), Some(date!(1984 - 10 - 12)));
        assert_eq!(p("12 de 10 de"), None);
        assert_eq!(p("14-05-1987"), Some(date!(1987 - 05 - 14)));
        assert_eq!(p("1987-05-14"), Some(date!(1987 - 05 - 14)));
        assert_eq!(p("14 MAG 1987"), Some(date!(1987 - 05 - 14)));
        assert_eq!(p("14 mai 1987"), Some(date!(1987 - 05 - 14)));
        assert_eq!(p("14 MAG/MAY 1987"), Some(date!(1987 - 05 - 14)));
        assert_eq!(p("04 AGOIAUG 2018"), Some(date!(2018 - 08 - 04)));
        assert_eq!(p("12102021"), Some(date!(2021 - 10 - 12)));
        assert_eq!(p("1505 2020"), Some(date!(2020 - 05 - 15)));
        assert_eq!(p("11 052000"), Some(date!(2000 - 05 - 11)));
        assert_eq!(p("110 52000"), None);
        assert_eq!(p("1505  2020"), None);
        assert_eq!(p("1505 202O"), None);
        assert_eq!(p("12.1 2020"), Some(date!(2020 - 01 - 12)));
        assert_eq!(p("12132021"), None);
        assert_eq!(p("01 MAGMAY 1963"), Some(date!(1963 - 05 - 01)));
        assert_eq!(p("01 MAGJUN 1963"), None);
        assert_eq!(p("3 Dezember 1990"), Some(date!(1990 - 12 - 03)));
        assert_eq!(p("3 diciembre 1990"), Some(date!(1990 - 12 - 03)));
        assert_eq!(p("14.05.87"), Some(date!(1987 - 05 - 14)));
        assert_eq!(p("31/02/1987"), None);
        assert_eq!(p("hello world"), None);
        assert_eq!(p("123/05/1987"), None);
        assert_eq!(parse_iso("1987-05-14"), Some(date!(1987 - 05 - 14)));
        assert_eq!(parse_iso("1987-02-30"), None);
        assert_eq!(parse_iso("14/05/1987"), None);
    }
}
