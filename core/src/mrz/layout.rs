//! Where each field sits in each ICAO 9303 layout, and the check-digit arithmetic.

use crate::schema::MrzFormat;

/// A run of characters: line index, first column, length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub line: usize,
    pub start: usize,
    pub len: usize,
}

const fn span(line: usize, start: usize, len: usize) -> Span {
    Span { line, start, len }
}

/// What a position may hold, used by type-guided repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters and fillers (codes, names).
    Alpha,
    /// Digits (dates).
    Digit,
    /// A check digit: a digit, or a filler where the field may be empty.
    CheckDigit,
    /// Letters, digits and fillers (numbers, optional data).
    Alnum,
    /// `M`, `F`, `X` or `<`.
    Sex,
}

/// The positions of one layout.
#[derive(Debug)]
pub(crate) struct Layout {
    pub format: MrzFormat,
    pub width: usize,
    pub lines: usize,
    pub document_code: Span,
    pub issuer: Span,
    pub name: Span,
    pub number: Span,
    pub number_cd: Span,
    pub nationality: Span,
    pub birth: Span,
    pub birth_cd: Span,
    pub sex: Span,
    pub expiry: Span,
    pub expiry_cd: Span,
    /// Optional data fields (TD3: the personal number).
    pub optional: &'static [Span],
    /// The personal number's check digit (TD3 only).
    pub personal_cd: Option<Span>,
    /// Spans covered by the composite check digit, and the digit.
    pub composite: Option<(&'static [Span], Span)>,
}

pub(crate) static TD1: Layout = Layout {
    format: MrzFormat::Td1,
    width: 30,
    lines: 3,
    document_code: span(0, 0, 2),
    issuer: span(0, 2, 3),
    number: span(0, 5, 9),
    number_cd: span(0, 14, 1),
    optional: &[span(0, 15, 15), span(1, 18, 11)],
    birth: span(1, 0, 6),
    birth_cd: span(1, 6, 1),
    sex: span(1, 7, 1),
    expiry: span(1, 8, 6),
    expiry_cd: span(1, 14, 1),
    nationality: span(1, 15, 3),
    personal_cd: None,
    composite: Some((
        &[
            span(0, 5, 25),
            span(1, 0, 7),
            span(1, 8, 7),
            span(1, 18, 11),
        ],
        span(1, 29, 1),
    )),
    name: span(2, 0, 30),
};

pub(crate) static TD2: Layout = Layout {
    format: MrzFormat::Td2,
    width: 36,
    lines: 2,
    document_code: span(0, 0, 2),
    issuer: span(0, 2, 3),
    name: span(0, 5, 31),
    number: span(1, 0, 9),
    number_cd: span(1, 9, 1),
    nationality: span(1, 10, 3),
    birth: span(1, 13, 6),
    birth_cd: span(1, 19, 1),
    sex: span(1, 20, 1),
    expiry: span(1, 21, 6),
    expiry_cd: span(1, 27, 1),
    optional: &[span(1, 28, 7)],
    personal_cd: None,
    composite: Some((
        &[span(1, 0, 10), span(1, 13, 7), span(1, 21, 14)],
        span(1, 35, 1),
    )),
};

pub(crate) static TD3: Layout = Layout {
    format: MrzFormat::Td3,
    width: 44,
    lines: 2,
    document_code: span(0, 0, 2),
    issuer: span(0, 2, 3),
    name: span(0, 5, 39),
    number: span(1, 0, 9),
    number_cd: span(1, 9, 1),
    nationality: span(1, 10, 3),
    birth: span(1, 13, 6),
    birth_cd: span(1, 19, 1),
    sex: span(1, 20, 1),
    expiry: span(1, 21, 6),
    expiry_cd: span(1, 27, 1),
    optional: &[span(1, 28, 14)],
    personal_cd: Some(span(1, 42, 1)),
    composite: Some((
        &[span(1, 0, 10), span(1, 13, 7), span(1, 21, 22)],
        span(1, 43, 1),
    )),
};

pub(crate) static MRVA: Layout = Layout {
    format: MrzFormat::MrvA,
    optional: &[span(1, 28, 16)],
    personal_cd: None,
    composite: None,
    ..TD3
};

pub(crate) static MRVB: Layout = Layout {
    format: MrzFormat::MrvB,
    optional: &[span(1, 28, 8)],
    composite: None,
    ..TD2
};

impl Layout {
    /// The kind of every position, line by line.
    pub fn kinds(&self) -> Vec<Vec<Kind>> {
        let mut kinds = vec![vec![Kind::Alnum; self.width]; self.lines];
        let mut set = |s: Span, k: Kind| {
            kinds[s.line][s.start..s.start + s.len].fill(k);
        };
        set(self.document_code, Kind::Alpha);
        set(self.issuer, Kind::Alpha);
        set(self.name, Kind::Alpha);
        set(self.nationality, Kind::Alpha);
        set(self.birth, Kind::Digit);
        set(self.expiry, Kind::Digit);
        set(self.sex, Kind::Sex);
        for cd in [self.number_cd, self.birth_cd, self.expiry_cd] {
            set(cd, Kind::CheckDigit);
        }
        if let Some(cd) = self.personal_cd {
            set(cd, Kind::CheckDigit);
        }
        if let Some((_, cd)) = self.composite {
            set(cd, Kind::CheckDigit);
        }
        kinds
    }
}

/// The ICAO 9303 value of a character: digits 0–9, letters 10–35, filler 0.
pub(crate) fn char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The 7-3-1 check digit of a sequence, `None` if it holds a character outside `A-Z0-9<`.
pub(crate) fn check_digit<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Option<u32> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0;
    let mut i = 0;
    for part in parts {
        for &c in part {
            sum += char_value(c)? * WEIGHTS[i % 3];
            i += 1;
        }
    }
    Some(sum % 10)
}

/// Whether `digit` is the check digit of `data`. A filler digit stands only for an optional
/// field left empty (`filler_ok`, ICAO 9303-4 4.2.2: the personal number's check digit may be
/// `<` when the field is all fillers): under data that holds anything else it is no check digit.
pub(crate) fn verify<'a>(
    data: impl IntoIterator<Item = &'a [u8], IntoIter: Clone>,
    digit: u8,
    filler_ok: bool,
) -> bool {
    let parts = data.into_iter();
    let expected = match digit {
        b'0'..=b'9' => u32::from(digit - b'0'),
        b'<' if filler_ok => return parts.flatten().all(|&c| c == b'<'),
        _ => return false,
    };
    check_digit(parts) == Some(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_examples() {
        assert_eq!(check_digit([b"L898902C3".as_slice()]), Some(6));
        assert_eq!(check_digit([b"740812".as_slice()]), Some(2));
        assert_eq!(check_digit([b"120415".as_slice()]), Some(9));
        assert_eq!(check_digit([b"ZE184226B<<<<<".as_slice()]), Some(1));
        assert_eq!(check_digit([b"ab".as_slice()]), None);
        assert!(verify([b"<<<<".as_slice()], b'<', true));
        assert!(!verify([b"<<<<".as_slice()], b'<', false));
        // `K` weighs 20, so `K<<<` sums to 0 too; but a filler digit stands for an empty field.
        assert!(!verify([b"K<<<".as_slice()], b'<', true));
    }

    #[test]
    fn layouts_cover_each_line_exactly_once() {
        for layout in [&TD1, &TD2, &TD3, &MRVA, &MRVB] {
            let kinds = layout.kinds();
            assert_eq!(kinds.len(), layout.lines);
            assert!(kinds.iter().all(|l| l.len() == layout.width));
        }
    }
}
