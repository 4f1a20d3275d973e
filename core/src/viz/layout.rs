//! Where a value sits relative to its label: below it (by box geometry, or the next line when
//! there are no boxes), to its right, or in the matching column of a value row under a row of
//! several labels.

use time::{Date, macros::date};

use crate::schema::FieldName;
use crate::text::BBox;
use crate::validate::date::DateRole;

use super::labels::Target;
use super::values;

/// A box with finite coordinates and positive size, if the line has one.
pub(crate) fn valid_box(b: Option<BBox>) -> Option<BBox> {
    let b = b?;
    (b.iter().all(|v| v.is_finite()) && b[2] > b[0] && b[3] > b[1]).then_some(b)
}

/// Horizontal overlap of two `[left, right]` ranges.
fn overlap(a: (f32, f32), b: (f32, f32)) -> f32 {
    a.1.min(b.1) - a.0.max(b.0)
}

/// Height of a box.
pub(crate) fn height(b: BBox) -> f32 {
    b[3] - b[1]
}

/// Vertical centre of a box.
pub(crate) fn centre_y(b: BBox) -> f32 {
    (b[1] + b[3]) / 2.0
}

/// The nearest box below `label` that overlaps the horizontal range `xs` (at most three label
/// heights away): the index into `boxes`. Below means starting in the label's lower half or
/// lower, or (a taller value whose grown detection box reaches up into a small label's) centred
/// under the label's bottom. When none overlaps, a box at most one label height beside the
/// range is taken (a value printed or detected slightly shifted).
pub(crate) fn below(label: BBox, xs: (f32, f32), boxes: &[(usize, BBox)]) -> Option<usize> {
    let h = height(label);
    let nearest = |slack: f32| {
        boxes
            .iter()
            .filter(|(_, c)| {
                (c[1] >= label[1] + 0.5 * h || (c[1] + c[3]) / 2.0 >= label[3])
                    && c[1] - label[3] <= 3.0 * h
                    && overlap((xs.0 - slack, xs.1 + slack), (c[0], c[2])) > 0.0
            })
            .min_by(|(_, a), (_, b)| {
                let key = |c: &BBox| ((c[1] - label[3]).max(0.0), (c[0] - xs.0).abs());
                key(a)
                    .partial_cmp(&key(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|&(i, _)| i)
    };
    nearest(0.0).or_else(|| nearest(h))
}

/// Whether `next` continues a value printed over several lines, whose first line is `first`
/// and whose last line so far is `prev`: the same left edge (within a line height), a gap
/// above it of at most 1.3 line heights (a bigger gap starts another block) and text of a
/// similar size: at least `least` of the line height, 0.75 for the lines' own boxes (a
/// label's small print under an address is lower: `Emes deDetvre pa`, 0.66), 0.6 for
/// upright boxes of tilted lines, which grow with their length.
pub(crate) fn continues(first: BBox, prev: BBox, next: BBox, least: f32) -> bool {
    let h = height(first).max(height(prev));
    (next[0] - first[0]).abs() <= h
        && next[1] - prev[3] <= 1.3 * h
        && (least * h..=1.6 * h).contains(&height(next))
}

/// The box of the next line down in the column of `b`, even on a tilted page where the
/// upright boxes of two lines overlap: a left edge within a line height, top and bottom edges
/// lower by 0.15 line heights or more, a centre at most 1.6 line heights lower, and a similar
/// height; the nearest such box (the index into `boxes`).
pub(crate) fn next_in_column(b: BBox, boxes: &[(usize, BBox)]) -> Option<usize> {
    let h = height(b);
    let centre = |c: &BBox| (c[1] + c[3]) / 2.0;
    boxes
        .iter()
        .filter(|(_, c)| {
            (c[0] - b[0]).abs() <= h
                && c[1] >= b[1] + 0.15 * h
                && c[3] >= b[3] + 0.15 * h
                && centre(c) - centre(&b) <= 1.6 * h
                && (0.6 * h..=1.6 * h).contains(&height(*c))
        })
        .min_by(|(_, x), (_, y)| centre(x).total_cmp(&centre(y)))
        .map(|&(i, _)| i)
}

/// The next line down under `b`: in its column ([`next_in_column`]), else the nearest box
/// below it ([`below`]).
pub(crate) fn next_under(b: BBox, boxes: &[(usize, BBox)]) -> Option<usize> {
    next_in_column(b, boxes).or_else(|| below(b, (b[0], b[2]), boxes))
}

/// Whether another box sits on the same row as `b`, to its left.
pub(crate) fn has_left_neighbour(b: BBox, boxes: &[(usize, BBox)]) -> bool {
    boxes.iter().any(|(_, c)| {
        let cy = (c[1] + c[3]) / 2.0;
        cy >= b[1] && cy <= b[3] && c[2] <= b[0] + 0.5 * height(b)
    })
}

/// Whether `next` is the rest of a line split by OCR into two boxes: on the same row as
/// `first`, right after it (a gap of at most two line heights: `Loc nagtere/Lses de`
/// `celPsace of bith`, split at a space, 1.9 apart) and of a similar height.
pub(crate) fn same_line_after(first: BBox, next: BBox) -> bool {
    let h = height(first).max(height(next));
    let gap = next[0] - first[2];
    let cy = (next[1] + next[3]) / 2.0;
    (-0.5 * h..=2.0 * h).contains(&gap)
        && cy >= first[1]
        && cy <= first[3]
        && (0.6..=1.6).contains(&(height(next) / height(first)))
}

/// Whether two short values' boxes share a row: their vertical ranges overlap by a third of the
/// smaller one, or (a tilted page, a small letter's box beside taller digits) they are at most
/// three box heights apart and their centres within half a box height plus a fifth of the gap
/// between them.
pub(crate) fn same_row(a: BBox, b: BBox) -> bool {
    let overlap = a[3].min(b[3]) - a[1].max(b[1]);
    let h = height(a).max(height(b));
    let gap = (b[0] - a[2]).max(a[0] - b[2]).max(0.0);
    let centres = ((a[1] + a[3]) - (b[1] + b[3])).abs() / 2.0;
    overlap >= 0.3 * height(a).min(height(b)) || (gap <= 3.0 * h && centres <= 0.5 * h + 0.2 * gap)
}

/// The nearest box to the right of `label` on the same row: the index into `boxes`.
pub(crate) fn right_of(label: BBox, boxes: &[(usize, BBox)]) -> Option<usize> {
    let h = label[3] - label[1];
    boxes
        .iter()
        .filter(|(_, c)| {
            let cy = (c[1] + c[3]) / 2.0;
            cy >= label[1] && cy <= label[3] && c[0] >= label[2] - 0.5 * h
        })
        .min_by(|(_, a), (_, b)| {
            (a[0] - label[2])
                .partial_cmp(&(b[0] - label[2]))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|&(i, _)| i)
}

/// The horizontal range of the characters `from..to` (byte offsets) of a line's text,
/// estimated by spreading the characters evenly over the box.
pub(crate) fn char_range(text: &str, b: BBox, from: usize, to: usize) -> (f32, f32) {
    let total = text.chars().count().max(1) as f32;
    let before = text.get(..from).map_or(0, |s| s.chars().count()) as f32;
    let upto = text.get(..to).map_or(0, |s| s.chars().count()) as f32;
    let w = b[2] - b[0];
    (b[0] + w * before / total, b[0] + w * upto / total)
}

/// A fixed `today` for shape tests only: any real date is accepted.
const SHAPE_TODAY: Date = date!(2100 - 01 - 01);

/// How many tokens a column of this kind may take, shortest-first; `remaining` tokens left.
fn token_counts(target: Target, tokens: &[&str], last: bool) -> Vec<usize> {
    let single = |ok: bool| if ok { vec![1] } else { Vec::new() };
    let first = tokens.first().copied().unwrap_or("");
    match target {
        Target::Field(FieldName::BirthDate | FieldName::IssueDate | FieldName::ExpiryDate) => (1
            ..=4.min(tokens.len()))
            .filter(|&n| {
                crate::validate::date::parse_printed(
                    &tokens[..n].join(" "),
                    DateRole::Birth,
                    SHAPE_TODAY,
                )
                .is_some()
                    || (n == 1 && values::looks_like_date(first))
            })
            .collect(),
        Target::Validity => (1..=4.min(tokens.len()))
            .filter(|&n| {
                let value = tokens[..n].join(" ");
                values::date_range(&value, SHAPE_TODAY).is_some()
                    || crate::validate::date::parse_printed(&value, DateRole::Expiry, SHAPE_TODAY)
                        .is_some()
            })
            .collect(),
        Target::Field(FieldName::Sex) => single(values::sex(first).is_some()),
        Target::Field(FieldName::Nationality | FieldName::IssuingCountry) => {
            single(values::country(first).is_some())
        }
        Target::Field(FieldName::DocumentNumber | FieldName::PersonalNumber) => {
            single(values::number(first).is_some())
        }
        Target::Field(FieldName::FiscalCode) => {
            single(crate::validate::fiscal_code::find(first).is_some())
        }
        Target::Field(FieldName::HeightCm) => {
            let unit = tokens
                .get(1)
                .is_some_and(|u| matches!(u.to_lowercase().as_str(), "cm" | "m"));
            match (values::height_cm(first).is_some(), unit) {
                (true, true) => vec![2, 1],
                (true, false) => vec![1],
                _ => Vec::new(),
            }
        }
        Target::Ignore => vec![1],
        _ if last => vec![tokens.len()],
        _ => (1..=tokens.len()).collect(),
    }
}

/// Assigns whitespace tokens to columns by what each column can hold, backtracking.
fn assign(tokens: &[&str], targets: &[Target], out: &mut Vec<usize>) -> bool {
    let Some((&target, rest)) = targets.split_first() else {
        return tokens.is_empty();
    };
    if tokens.is_empty() {
        return false;
    }
    for n in token_counts(target, tokens, rest.is_empty()) {
        if n == 0 || n > tokens.len() {
            continue;
        }
        out.push(n);
        if assign(&tokens[n..], rest, out) {
            return true;
        }
        out.pop();
    }
    false
}

/// Splits one value row into one value per label column: by runs of two or more spaces when
/// they give the right count, otherwise by fitting whitespace tokens to what each column can
/// hold (a date takes 1–4 tokens, a sex marker one, free text the rest).
pub(crate) fn split_columns(row: &str, targets: &[Target]) -> Option<Vec<String>> {
    let wide: Vec<&str> = row
        .split("  ")
        .flat_map(|p| p.split('\t'))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if wide.len() == targets.len() {
        return Some(wide.into_iter().map(str::to_owned).collect());
    }
    let tokens: Vec<&str> = row.split_whitespace().collect();
    if tokens.len() > 40 || targets.len() > 8 {
        return None;
    }
    let mut counts = Vec::new();
    if !assign(&tokens, targets, &mut counts) {
        return None;
    }
    let mut at = 0;
    Some(
        counts
            .into_iter()
            .map(|n| {
                let part = tokens[at..at + n].join(" ");
                at += n;
                part
            })
            .collect(),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SEX: Target = Target::Field(FieldName::Sex);
    const HEIGHT: Target = Target::Field(FieldName::HeightCm);
    const NAT: Target = Target::Field(FieldName::Nationality);
    const ISSUE: Target = Target::Field(FieldName::IssueDate);
    const AUTH: Target = Target::Field(FieldName::IssuingAuthority);

    #[test]
    fn columns_by_shape() {
        assert_eq!(
            split_columns("M 175 ITA", &[SEX, HEIGHT, NAT]).unwrap(),
            vec!["M", "175", "ITA"]
        );
        assert_eq!(
            split_columns("F 1,68 m ITA", &[SEX, HEIGHT, NAT]).unwrap(),
            vec!["F", "1,68 m", "ITA"]
        );
        assert_eq!(
            split_columns("14 MAG/MAY 2023 MINISTRO AFFARI ESTERI", &[ISSUE, AUTH]).unwrap(),
            vec!["14 MAG/MAY 2023", "MINISTRO AFFARI ESTERI"]
        );
        assert_eq!(
            split_columns("SAN DONATO MILANESE  14.05.2023", &[AUTH, ISSUE]).unwrap(),
            vec!["SAN DONATO MILANESE", "14.05.2023"]
        );
        assert_eq!(split_columns("ROSSI", &[SEX, NAT]), None);
        assert_eq!(
            split_columns(
                "SPCLEP Cluj-Napoca 26.11.17-26.11.2027",
                &[AUTH, Target::Validity]
            )
            .unwrap(),
            vec!["SPCLEP Cluj-Napoca", "26.11.17-26.11.2027"]
        );
    }

    #[test]
    fn geometry() {
        let label = [10.0, 10.0, 100.0, 20.0];
        let boxes = vec![
            (1, [10.0, 24.0, 80.0, 34.0]),
            (2, [10.0, 50.0, 80.0, 60.0]),
            (3, [200.0, 24.0, 280.0, 34.0]),
            (4, [120.0, 11.0, 180.0, 19.0]),
        ];
        assert_eq!(below(label, (10.0, 100.0), &boxes), Some(1));
        assert_eq!(right_of(label, &boxes), Some(4));
        assert_eq!(valid_box(Some([0.0, 0.0, f32::NAN, 1.0])), None);
        // A value shifted right of a short label is still under it; an overlapping one wins.
        let short = [10.0, 10.0, 40.0, 20.0];
        let shifted = vec![(5, [45.0, 24.0, 60.0, 34.0])];
        assert_eq!(below(short, (10.0, 40.0), &shifted), Some(5));
        let both = vec![(5, [45.0, 23.0, 60.0, 33.0]), (6, [30.0, 24.0, 44.0, 34.0])];
        assert_eq!(below(short, (10.0, 40.0), &both), Some(6));
        assert_eq!(
            below(short, (10.0, 40.0), &[(7, [80.0, 24.0, 95.0, 34.0])]),
            None
        );
        assert!(has_left_neighbour([200.0, 24.0, 280.0, 34.0], &boxes));
        assert!(!has_left_neighbour([10.0, 24.0, 80.0, 34.0], &boxes));
    }

    #[test]
    fn continuation_lines_and_split_lines() {
        let first = [48.0, 148.0, 302.0, 172.0];
        let second = [48.0, 192.0, 214.0, 211.0];
        assert!(continues(first, first, second, 0.75));
        assert!(continues(first, second, [48.0, 230.0, 214.0, 250.0], 0.75));
        // Indented by more than a line height, too far below, or much smaller text: not.
        assert!(!continues(first, first, [90.0, 192.0, 214.0, 211.0], 0.75));
        assert!(!continues(first, first, [48.0, 210.0, 214.0, 230.0], 0.75));
        assert!(!continues(first, first, [48.0, 192.0, 214.0, 200.0], 0.6));
        // Text two thirds as high: a label's small print under levelled lines only.
        assert!(!continues(first, first, [48.0, 192.0, 214.0, 208.0], 0.75));
        assert!(continues(first, first, [48.0, 192.0, 214.0, 208.0], 0.6));
        let left = [300.0, 200.0, 360.0, 215.0];
        assert!(same_line_after(left, [372.0, 201.0, 410.0, 214.0]));
        assert!(!same_line_after(left, [400.0, 201.0, 440.0, 214.0]));
        assert!(!same_line_after(left, [372.0, 220.0, 410.0, 234.0]));
    }
}
