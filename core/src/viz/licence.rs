//! The numbered-field strategy of the EU driving-licence model (Directive 2006/126/EC):
//! `1.` surname, `2.` given names, `3.` birth date and place, `4a.` issue date, `4b.` expiry
//! date, `4c.` issuing authority, `4d.` personal number, `5.` licence number, `8.` address,
//! `9.` categories. Several numbered fields may share a line (`4a. 14/05/2023 4c. MIT-UCO`).

use crate::schema::FieldName;
use crate::validate::date;

use super::labels::Target;

/// The numbered fields and their meaning; fields 6 (photo) and 7 (signature) carry no text.
const MARKERS: &[(&str, Target)] = &[
    ("1", Target::Field(FieldName::Surname)),
    ("2", Target::Field(FieldName::GivenNames)),
    ("3", Target::BirthDatePlace),
    ("4a", Target::Field(FieldName::IssueDate)),
    ("4b", Target::Field(FieldName::ExpiryDate)),
    ("4c", Target::Field(FieldName::IssuingAuthority)),
    ("4d", Target::Field(FieldName::PersonalNumber)),
    ("5", Target::Field(FieldName::DocumentNumber)),
    ("8", Target::Field(FieldName::Address)),
    ("9", Target::Field(FieldName::LicenceCategories)),
];

/// A marker at byte `pos`: its target and the byte offset where its value starts.
///
/// `at_line_start` relaxes the punctuation rule: `4a 14/05/2023` and `1 ROSSI` are accepted at
/// the start of a line, and so is `3.14/05/87` (OCR often drops the space after the dot; a
/// digit after `3.` counts only when a whole `dd.mm.yy` date follows, after `9.` only when
/// categories follow, so `1.75` is no marker),
/// and a name marker whose dot and space OCR both lost before a name in capitals (`1COSTA`:
/// no name starts with a digit), while in the middle of a line a bare digit needs a dot (`5.`)
/// so that numbers inside values are not taken for markers.
fn marker_at(text: &str, pos: usize, at_line_start: bool) -> Option<(Target, usize)> {
    let rest = text.get(pos..)?;
    MARKERS.iter().find_map(|&(m, target)| {
        let lettered = m.len() > 1;
        // A stroke read between a marker's digit and its letter (`41b.26/07/2034`), at the
        // start of a line, where no value starts so.
        let stroked = at_line_start
            && lettered
            && rest.get(..1) == m.get(..1)
            && matches!(rest.as_bytes().get(1), Some(b'1' | b'l' | b'I' | b'|'))
            && rest
                .get(2..3)
                .zip(m.get(1..))
                .is_some_and(|(r, l)| r.eq_ignore_ascii_case(l));
        // The surname's `1.` read as a look-alike letter (`L. MANCINI`), at the start of a
        // line before a name in capitals.
        let letter_one = at_line_start
            && m == "1"
            && matches!(rest.as_bytes().first(), Some(b'l' | b'L' | b'I' | b'|'))
            && rest
                .get(1..)?
                .strip_prefix(". ")
                .is_some_and(super::values::is_name_in_capitals);
        let len = if stroked { m.len() + 1 } else { m.len() };
        if !stroked && !letter_one && !rest.get(..len)?.eq_ignore_ascii_case(m) {
            return None;
        }
        let after = rest.get(len..)?;
        // A marker's letter read twice, small and capital (`4cC. MC-RM`), before its dot.
        let after = match after.char_indices().nth(1) {
            Some((i, '.' | ')' | ':'))
                if lettered && after[..i].eq_ignore_ascii_case(&m[m.len() - 1..]) =>
            {
                &after[i..]
            }
            _ => after,
        };
        // OCR reads the dot as a comma too (`4C, MC-RM`): at the start of a line only, where
        // no value's comma stands (`VIA ROMA 5, MILANO` keeps its `5,`).
        let (punct, tail) = match after.chars().next() {
            Some(c @ ('.' | ')' | ':')) => (true, after.get(c.len_utf8()..)?),
            Some(',') if at_line_start => (true, after.get(1..)?),
            _ => (false, after),
        };
        let next = tail.chars().next();
        let spaced = next.is_some_and(char::is_whitespace);
        let ok = match (at_line_start, lettered) {
            (true, true) => punct || spaced,
            (true, false) => {
                (punct
                    && (!next.is_some_and(|c| c.is_ascii_digit())
                        || starts_with_date(tail)
                        || (target == Target::Field(FieldName::LicenceCategories)
                            && super::values::categories(tail).is_some())))
                    || spaced
                    || (!punct
                        && NAME_MARKERS.contains(&m)
                        && super::values::is_name_in_capitals(tail))
            }
            (false, true) => spaced || (punct && next.is_some_and(|c| !c.is_ascii_digit())),
            (false, false) => punct && spaced,
        };
        ok.then(|| (target, text.len() - tail.len()))
    })
}

/// The markers of the name fields (surname, given names).
const NAME_MARKERS: [&str; 2] = ["1", "2"];

/// Whether `s` starts with a numeric date `dd.mm.yy` (any of `./-` between the parts), also
/// one whose separator OCR read as `1` or lost as the date parser puts it back (`09/07174`,
/// [`date::separator_damaged`]).
fn starts_with_date(s: &str) -> bool {
    let first = s.split_whitespace().next().unwrap_or("");
    let repaired = date::separator_damaged(first);
    let b = repaired.as_deref().unwrap_or(first).as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|p| p.iter().all(u8::is_ascii_digit));
    let sep = |i: usize| b.get(i).is_some_and(|c| matches!(c, b'.' | b'/' | b'-'));
    digits(0..2) && sep(2) && digits(3..5) && sep(5) && digits(6..8)
}

/// Splits a licence line into numbered fields and their values; empty when the line does not
/// start with a marker.
pub(crate) fn numbered_fields(text: &str) -> Vec<(Target, &str)> {
    let start = text.len() - text.trim_start().len();
    let Some((mut target, mut value_start)) = marker_at(text, start, true) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut prev_space = false;
    let mut cut = None;
    for (i, c) in text.char_indices() {
        if i >= value_start
            && prev_space
            && let Some(found) = marker_at(text, i, false)
        {
            cut = Some((i, found));
        }
        if let Some((at, (next_target, next_start))) = cut.take() {
            out.push((target, text.get(value_start..at).unwrap_or("").trim()));
            target = next_target;
            value_start = next_start;
        }
        prev_space = c.is_whitespace();
    }
    out.push((target, text.get(value_start..).unwrap_or("").trim()));
    out
}

/// Whether a line starts with a lettered marker (`4a`–`4d`), the surest sign of the model.
pub(crate) fn has_lettered_marker(text: &str) -> bool {
    numbered_fields(text).iter().any(|(t, _)| {
        matches!(
            t,
            Target::Field(
                FieldName::IssueDate
                    | FieldName::ExpiryDate
                    | FieldName::IssuingAuthority
                    | FieldName::PersonalNumber
            )
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_shared_lines() {
        assert_eq!(
            numbered_fields("1. ROSSI"),
            vec![(Target::Field(FieldName::Surname), "ROSSI")]
        );
        assert_eq!(
            numbered_fields("4a. 14/05/2023 4c. MIT-UCO"),
            vec![
                (Target::Field(FieldName::IssueDate), "14/05/2023"),
                (Target::Field(FieldName::IssuingAuthority), "MIT-UCO"),
            ]
        );
        assert_eq!(
            numbered_fields("3. 14.05.87 ROMA"),
            vec![(Target::BirthDatePlace, "14.05.87 ROMA")]
        );
        assert_eq!(
            numbered_fields("3.06/08/96 L'AQUILA (AQ)"),
            vec![(Target::BirthDatePlace, "06/08/96 L'AQUILA (AQ)")]
        );
        // A separator of the date read as `1` (seed 59 #105 of the synthetic corpus).
        assert_eq!(
            numbered_fields("3.09/07174 NARDO (LE)"),
            vec![(Target::BirthDatePlace, "09/07174 NARDO (LE)")]
        );
        // Category `B` read `8` right after the marker (seed 29 #51); `9.75` is no category.
        assert_eq!(
            numbered_fields("9.8"),
            vec![(Target::Field(FieldName::LicenceCategories), "8")]
        );
        assert!(numbered_fields("9.75").is_empty());
        assert!(numbered_fields("14.05.1987").is_empty());
        assert!(numbered_fields("1.05.1987").is_empty());
        assert!(numbered_fields("1.75").is_empty());
        assert_eq!(
            numbered_fields("1COSTA"),
            vec![(Target::Field(FieldName::Surname), "COSTA")]
        );
        assert_eq!(
            numbered_fields("2PIER PAOLO"),
            vec![(Target::Field(FieldName::GivenNames), "PIER PAOLO")]
        );
        // Not a glued name: a code, mixed case, a number or another field.
        assert!(numbered_fields("1AB23").is_empty());
        assert!(numbered_fields("1Costa").is_empty());
        assert!(numbered_fields("5ROSSI").is_empty());
        assert_eq!(
            numbered_fields("4C, MC-RM"),
            vec![(Target::Field(FieldName::IssuingAuthority), "MC-RM")]
        );
        // The marker's letter read twice (seed 103 #57); not before a value.
        assert_eq!(
            numbered_fields("4cC. MC-RM"),
            vec![(Target::Field(FieldName::IssuingAuthority), "MC-RM")]
        );
        // A stroke read between the marker's digit and letter (seed 139 #15), at a line's
        // start only.
        assert_eq!(
            numbered_fields("41b.26/0712034"),
            vec![(Target::Field(FieldName::ExpiryDate), "26/0712034")]
        );
        assert_eq!(
            numbered_fields("3. 41b.26"),
            vec![(Target::BirthDatePlace, "41b.26")]
        );
        assert!(numbered_fields("4cC MC-RM").is_empty());
        assert_eq!(
            numbered_fields("8. VIA ROMA 5, MILANO"),
            vec![(Target::Field(FieldName::Address), "VIA ROMA 5, MILANO")]
        );
        assert!(numbered_fields("1,75").is_empty());
        // The surname's marker read as a letter (seed 163 #51), before a name in capitals only.
        assert_eq!(
            numbered_fields("L. MANCINI"),
            vec![(Target::Field(FieldName::Surname), "MANCINI")]
        );
        assert!(numbered_fields("L. Uvards /Sumame/Nom").is_empty());
        assert!(numbered_fields("L.MANCINI").is_empty());
        assert!(numbered_fields("ROSSI").is_empty());
        assert!(has_lettered_marker("4b) 14.05.2033"));
    }
}
