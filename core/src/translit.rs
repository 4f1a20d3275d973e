//! Latin letters with diacritics spelled in ASCII: one table for label matching
//! ([`viz`](crate::viz)), codice fiscale letters ([`validate::fiscal_code`](crate::validate::fiscal_code))
//! and the ICAO 9303 MRZ form of names ([`merge::transliterate`](crate::merge::transliterate)).

/// How `Ä Ö Ü` (and `Ø`) are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Umlauts {
    /// As their base letter: `Ä` → `A`.
    Base,
    /// As ICAO 9303 writes them in an MRZ: `Ä` → `AE`, `Ö`/`Ø` → `OE`, `Ü` → `UE`.
    Icao,
}

const FOLDS: &[(&str, &str)] = &[
    ("ÀÁÂÃÄÅĀĂĄǍ", "A"),
    ("Æ", "AE"),
    ("ÇĆĈĊČ", "C"),
    ("ĎĐÐ", "D"),
    ("ÈÉÊËĒĔĖĘĚ", "E"),
    ("ĜĞĠĢ", "G"),
    ("ĤĦ", "H"),
    ("ÌÍÎÏĨĪĬĮİǏ", "I"),
    ("Ĳ", "IJ"),
    ("Ĵ", "J"),
    ("Ķ", "K"),
    ("ĹĻĽĿŁ", "L"),
    ("ÑŃŅŇ", "N"),
    ("ÒÓÔÕÖØŌŎŐǑ", "O"),
    ("Œ", "OE"),
    ("ŔŖŘ", "R"),
    ("ŚŜŞŠȘ", "S"),
    ("ẞ", "SS"),
    ("ŢŤŦȚ", "T"),
    ("Þ", "TH"),
    ("ÙÚÛÜŨŪŬŮŰŲǓ", "U"),
    ("Ŵ", "W"),
    ("ÝŶŸ", "Y"),
    ("ŹŻŽ", "Z"),
];

/// The ASCII spelling of an upper-case, non-ASCII Latin letter; `None` for anything else
/// (ASCII, other scripts, signs).
pub fn ascii_of(c: char, umlauts: Umlauts) -> Option<&'static str> {
    if umlauts == Umlauts::Icao {
        match c {
            'Ä' => return Some("AE"),
            'Ö' | 'Ø' => return Some("OE"),
            'Ü' => return Some("UE"),
            _ => {}
        }
    }
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|&(_, to)| to)
}

/// Text read with digits where only letters can be (a name read `ROS51`): the letters OCR
/// confuses them with (`0→O 1→I 2→Z 5→S 6→G 8→B`).
pub fn digits_as_letters(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0' => 'O',
            '1' => 'I',
            '2' => 'Z',
            '5' => 'S',
            '6' => 'G',
            '8' => 'B',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        assert_eq!(ascii_of('Ò', Umlauts::Base), Some("O"));
        assert_eq!(ascii_of('Ä', Umlauts::Base), Some("A"));
        assert_eq!(ascii_of('Ä', Umlauts::Icao), Some("AE"));
        assert_eq!(ascii_of('Æ', Umlauts::Base), Some("AE"));
        assert_eq!(ascii_of('A', Umlauts::Base), None);
        assert_eq!(ascii_of('Ж', Umlauts::Base), None);
    }
}
