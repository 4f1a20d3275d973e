//! The Romanian personal numeric code (CNP, *cod numeric personal*): `S YY MM DD JJ NNN C`,
//! thirteen digits. `S` gives sex and century (1/2: 1900s, 3/4: 1800s, 5/6: 2000s, 7/8:
//! residents, 9: foreigners), `YYMMDD` the birth date, `JJ` the county, `NNN` a serial and `C`
//! the check digit: the first twelve digits weighted `2 7 9 1 4 6 3 5 8 2 7 9`, summed, modulo
//! 11, with 10 written as 1.

use time::Date;

use super::date::ymd;

const WEIGHTS: [u32; 12] = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9];

/// Whether `code` is a CNP: thirteen digits, a sex-and-century digit, a real birth date (when
/// the first digit fixes the century) and the right check digit.
pub fn is_valid(code: &str) -> bool {
    let Ok(digits) = <[u8; 13]>::try_from(code.as_bytes()) else {
        return false;
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d: Vec<u32> = digits.iter().map(|&b| u32::from(b - b'0')).collect();
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(a, w)| a * w).sum();
    let check = match sum % 11 {
        10 => 1,
        r => r,
    };
    check == d[12] && d[0] != 0 && birth_date(&d).is_some()
}

/// The birth date the code writes; for residents and foreigners, whose first digit gives no
/// century, a real month and day.
fn birth_date(d: &[u32]) -> Option<Date> {
    let century = match d[0] {
        1 | 2 => 1900,
        3 | 4 => 1800,
        _ => 2000,
    };
    let year = century + 10 * d[1] + d[2];
    let month = u8::try_from(10 * d[3] + d[4]).ok()?;
    let day = u8::try_from(10 * d[5] + d[6]).ok()?;
    // Residents and foreigners (7–9) are read in the 2000s: 20YY has the leap years of 19YY
    // but for `00`, where 29 February is then accepted (the lenient reading).
    ymd(i32::try_from(year).ok()?, month, day)
}

/// The CNP a Romanian identity card's MRZ holds: its optional data is the CNP's first digit
/// and last six (`2354380`), the birth date (`YYMMDD`) stands in its own field. `None` unless
/// the joined code is a valid CNP.
pub fn from_mrz(optional: &str, birth_yymmdd: &str) -> Option<String> {
    let (first, rest) = (optional.get(..1)?, optional.get(1..)?);
    let code = format!("{first}{birth_yymmdd}{rest}");
    (optional.len() == 7 && is_valid(&code)).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_date_and_sex_digit() {
        // 1·2 + 8·7 + 2·9 + … = 263 = 23·11 + 10, and 10 is written 1.
        assert!(is_valid("1820123082751"));
        assert!(is_valid("2620315354380"));
        assert!(!is_valid("2620315354382"));
        assert!(is_valid("1900101010021"));
        assert!(!is_valid("1900101010020"));
        // No sex digit 0; no 31 February (check digits right); not thirteen digits.
        assert!(!is_valid("0820123082758"));
        assert!(!is_valid("1820231082753"));
        assert!(!is_valid("182012308275"));
        assert!(!is_valid("18201230827A1"));
    }

    #[test]
    fn joined_from_the_mrz() {
        assert_eq!(
            from_mrz("2354380", "620315").as_deref(),
            Some("2620315354380")
        );
        assert_eq!(from_mrz("2354382", "620315"), None);
        assert_eq!(from_mrz("235438", "620315"), None);
    }
}
