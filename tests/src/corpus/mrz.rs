//! Machine-readable zones (ICAO Doc 9303): TD1 (3 × 30), TD2 (2 × 36) and TD3 (2 × 44) lines
//! with every check digit, and names transliterated as Doc 9303 Part 3 prescribes.
//!
//! Written independently of carta-core's parser so that the corpus can test it.

use anyhow::{Result, bail};
use time::Date;

/// How an apostrophe in a name is written in the MRZ. Doc 9303 omits it (`DARTAGNAN`); Italian
/// documents write a filler (`D<AMICO`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Apostrophe {
    /// `D'AMICO` → `D<AMICO`.
    Filler,
    /// `D'ALMEIDA` → `DALMEIDA`.
    Omit,
}

/// The Doc 9303 Part 3 transliteration of one upper-case letter with a diacritic, `None` for
/// characters outside the table.
fn transliterate_char(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ă' | 'Ą' => "A",
        'Ä' | 'Æ' => "AE",
        'Å' => "AA",
        'Ç' | 'Č' => "C",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ę' => "E",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'Ñ' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' => "O",
        'Ö' | 'Ø' | 'Œ' => "OE",
        'Ù' | 'Ú' | 'Û' => "U",
        'Ü' => "UE",
        'Ý' => "Y",
        'ß' => "SS",
        'Ș' | 'Ş' | 'Š' => "S",
        'Ț' | 'Ţ' => "T",
        _ => return None,
    })
}

/// A name part in MRZ characters: letters transliterated, spaces, hyphens and commas as fillers,
/// apostrophes by `apostrophe`; runs of fillers collapsed and trimmed.
pub(crate) fn mrz_chars(name: &str, apostrophe: Apostrophe) -> Result<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_uppercase) {
        match c {
            'A'..='Z' => out.push(c),
            ' ' | '-' | ',' => out.push('<'),
            '\'' | '’' => {
                if apostrophe == Apostrophe::Filler {
                    out.push('<');
                }
            }
            _ => match transliterate_char(c) {
                Some(s) => out.push_str(s),
                None => bail!("no MRZ transliteration for a character of a name"),
            },
        }
    }
    let parts: Vec<&str> = out.split('<').filter(|p| !p.is_empty()).collect();
    Ok(parts.join("<"))
}

/// The name field: primary identifier, `<<`, secondary identifier, padded with fillers to
/// `width`. Fails when the name does not fit (the generator then draws another name rather
/// than truncating).
pub(crate) fn name_field(
    surname: &str,
    given: &[String],
    width: usize,
    apostrophe: Apostrophe,
) -> Result<String> {
    let primary = mrz_chars(surname, apostrophe)?;
    let secondary = given
        .iter()
        .map(|g| mrz_chars(g, apostrophe))
        .collect::<Result<Vec<_>>>()?
        .join("<");
    let field = format!("{primary}<<{secondary}");
    if field.len() > width {
        bail!("name too long for the MRZ");
    }
    Ok(pad(&field, width))
}

/// The MRZ form of a name field as Carta reports it: (surname, given names) with fillers as
/// spaces.
pub(crate) fn name_form(field: &str) -> (String, String) {
    let (primary, secondary) = field.split_once("<<").unwrap_or((field, ""));
    let words = |s: &str| {
        s.split('<')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (words(primary), words(secondary))
}

fn pad(s: &str, width: usize) -> String {
    format!("{s:<<width$}")
}

/// The 7-3-1 check digit of MRZ characters (`<` counts 0, `A`–`Z` 10–35).
pub(crate) fn check_digit(s: &str) -> char {
    let weights = [7, 3, 1];
    let sum: u32 = s
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let v = match b {
                b'0'..=b'9' => u32::from(b - b'0'),
                b'A'..=b'Z' => u32::from(b - b'A') + 10,
                _ => 0,
            };
            v * weights[i % 3]
        })
        .sum();
    char::from(b'0' + (sum % 10) as u8)
}

/// `YYMMDD`.
pub(crate) fn yymmdd(d: Date) -> String {
    format!(
        "{:02}{:02}{:02}",
        d.year().rem_euclid(100),
        u8::from(d.month()),
        d.day()
    )
}

/// What goes into an MRZ.
#[derive(Debug, Clone)]
pub(crate) struct MrzData {
    /// Document code, two characters (`CI`, `ID`, `P<`).
    pub code: &'static str,
    /// Issuing state (`ITA`, `D`).
    pub issuer: &'static str,
    /// Document number (at most 9 characters here).
    pub number: String,
    /// Nationality (`ITA`, `D`).
    pub nationality: &'static str,
    /// Birth date.
    pub birth: Date,
    /// `M`, `F` or `<`.
    pub sex: char,
    /// Expiry date.
    pub expiry: Date,
    /// Optional data (TD1 line 1, TD2 line 2, TD3 personal number).
    pub optional: String,
    /// Surname as printed.
    pub surname: String,
    /// Given names as printed.
    pub given: Vec<String>,
    /// Apostrophe rule of the issuer.
    pub apostrophe: Apostrophe,
}

impl MrzData {
    fn number_field(&self) -> Result<String> {
        if self.number.len() > 9 {
            bail!("document numbers over 9 characters are not generated");
        }
        Ok(pad(&self.number, 9))
    }

    /// TD1: three lines of 30.
    pub fn td1(&self) -> Result<Vec<String>> {
        let number = self.number_field()?;
        let l1 = pad(
            &format!(
                "{}{}{number}{}{}",
                self.code,
                pad(self.issuer, 3),
                check_digit(&number),
                self.optional
            ),
            30,
        );
        let birth = yymmdd(self.birth);
        let expiry = yymmdd(self.expiry);
        let head = format!(
            "{birth}{}{}{expiry}{}{}",
            check_digit(&birth),
            self.sex,
            check_digit(&expiry),
            pad(self.nationality, 3)
        );
        let l2_body = pad(&head, 29);
        let composite_input = format!(
            "{}{}{}{}",
            &l1[5..30],
            &l2_body[0..7],
            &l2_body[8..15],
            &l2_body[18..29]
        );
        let l2 = format!("{l2_body}{}", check_digit(&composite_input));
        let l3 = name_field(&self.surname, &self.given, 30, self.apostrophe)?;
        check_widths(vec![l1, l2, l3], 30)
    }

    /// TD2: two lines of 36.
    pub fn td2(&self) -> Result<Vec<String>> {
        let number = self.number_field()?;
        let name = name_field(&self.surname, &self.given, 31, self.apostrophe)?;
        let l1 = format!("{}{}{name}", self.code, pad(self.issuer, 3));
        let birth = yymmdd(self.birth);
        let expiry = yymmdd(self.expiry);
        let body = format!(
            "{number}{}{}{birth}{}{}{expiry}{}{}",
            check_digit(&number),
            pad(self.nationality, 3),
            check_digit(&birth),
            self.sex,
            check_digit(&expiry),
            pad(&self.optional, 7)
        );
        let composite_input = format!("{}{}{}", &body[0..10], &body[13..20], &body[21..35]);
        let l2 = format!("{body}{}", check_digit(&composite_input));
        check_widths(vec![l1, l2], 36)
    }

    /// TD3: two lines of 44; the optional data is the personal number with its check digit
    /// (`<` when empty).
    pub fn td3(&self) -> Result<Vec<String>> {
        let number = self.number_field()?;
        let name = name_field(&self.surname, &self.given, 39, self.apostrophe)?;
        let l1 = format!("{}{}{name}", self.code, pad(self.issuer, 3));
        let birth = yymmdd(self.birth);
        let expiry = yymmdd(self.expiry);
        let personal = pad(&self.optional, 14);
        let personal_cd = if self.optional.is_empty() {
            '<'
        } else {
            check_digit(&personal)
        };
        let body = format!(
            "{number}{}{}{birth}{}{}{expiry}{}{personal}{personal_cd}",
            check_digit(&number),
            pad(self.nationality, 3),
            check_digit(&birth),
            self.sex,
            check_digit(&expiry),
        );
        let composite_input = format!("{}{}{}", &body[0..10], &body[13..20], &body[21..43]);
        let l2 = format!("{body}{}", check_digit(&composite_input));
        check_widths(vec![l1, l2], 44)
    }
}

fn check_widths(lines: Vec<String>, width: usize) -> Result<Vec<String>> {
    let ok = lines.iter().all(|l| {
        l.len() == width
            && l.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<')
    });
    if !ok {
        bail!("MRZ line of the wrong width or with a character outside A-Z 0-9 <");
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn transliteration() {
        assert_eq!(mrz_chars("D'AMICO", Apostrophe::Filler).unwrap(), "D<AMICO");
        assert_eq!(
            mrz_chars("D'ALMEIDA", Apostrophe::Omit).unwrap(),
            "DALMEIDA"
        );
        assert_eq!(mrz_chars("NICOLÒ", Apostrophe::Filler).unwrap(), "NICOLO");
        assert_eq!(mrz_chars("MÜLLER", Apostrophe::Omit).unwrap(), "MUELLER");
        assert_eq!(
            mrz_chars("GARCÍA LÓPEZ", Apostrophe::Omit).unwrap(),
            "GARCIA<LOPEZ"
        );
        assert_eq!(
            mrz_chars("ȘTEFĂNESCU", Apostrophe::Omit).unwrap(),
            "STEFANESCU"
        );
        assert_eq!(
            mrz_chars("ANNA-LENA", Apostrophe::Omit).unwrap(),
            "ANNA<LENA"
        );
        assert!(mrz_chars("Ж", Apostrophe::Omit).is_err());
    }

    #[test]
    fn icao_specimen_td3() {
        // ICAO Doc 9303 Part 4 specimen (Anna Maria Eriksson, Utopia).
        let d = MrzData {
            code: "P<",
            issuer: "UTO",
            number: "L898902C3".into(),
            nationality: "UTO",
            birth: date!(1974 - 08 - 12),
            sex: 'F',
            expiry: date!(2012 - 04 - 15),
            optional: "ZE184226B".into(),
            surname: "ERIKSSON".into(),
            given: vec!["ANNA".into(), "MARIA".into()],
            apostrophe: Apostrophe::Omit,
        };
        assert_eq!(
            d.td3().unwrap(),
            vec![
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
            ]
        );
    }

    #[test]
    fn icao_specimen_td1() {
        let d = MrzData {
            code: "I<",
            issuer: "UTO",
            number: "D23145890".into(),
            nationality: "UTO",
            birth: date!(1974 - 08 - 12),
            sex: 'F',
            expiry: date!(2012 - 04 - 15),
            optional: String::new(),
            surname: "ERIKSSON".into(),
            given: vec!["ANNA".into(), "MARIA".into()],
            apostrophe: Apostrophe::Omit,
        };
        assert_eq!(
            d.td1().unwrap(),
            vec![
                "I<UTOD231458907<<<<<<<<<<<<<<<",
                "7408122F1204159UTO<<<<<<<<<<<6",
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
            ]
        );
    }
}
