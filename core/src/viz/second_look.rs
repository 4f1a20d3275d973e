//! Second looks: regions of a page whose first reading a recogniser restricted to the values
//! they can hold may settle. The one asked for today is the box under a sex label (`SESSO /
//! SEX`, `SEXE / Sex`): a single letter, which a text detector tuned for words often misses and
//! a recogniser that knows thousands of characters reads as another one (`T` for `F`).

use crate::schema::FieldName;
use crate::text::{BBox, OcrPage};

use super::labels::Target;
use super::{Line, join_split_labels, layout, values};

/// The letters a sex marker can be (ICAO 9303 and the visual zones that follow it).
pub const SEX_MARKERS: &[char] = &['M', 'F', 'X'];

/// A region of the upright page to read again with the recogniser restricted to `alphabet`.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    /// `[left, top, right, bottom]` on the page as read.
    pub region: BBox,
    /// The characters the region can hold.
    pub alphabet: &'static [char],
    /// The page line whose reading a second look replaces; none when detection found nothing
    /// there.
    pub replaces: Option<usize>,
    /// Where in the page's reading order a second look that found something nothing had found
    /// goes (an index into the page's lines).
    pub at: usize,
}

/// The regions of `page` worth a second look: under each sex label whose value is neither
/// beside it nor below it, the slot below the label's start where the card prints the marker,
/// when no box lies in it (detection missed it) or the one box there holds at most two
/// characters that are no sex marker (misread).
pub fn second_looks(page: &OcrPage) -> Vec<Look> {
    let page = page.without_fullwidth();
    let (joined, origin) = join_split_labels(&page.lines);
    let lines: Vec<Line<'_>> = joined.iter().map(Line::new).collect();
    let boxes: Vec<(usize, BBox)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.mrz)
        .filter_map(|(i, l)| l.bbox.map(|b| (i, b)))
        .collect();
    let is_sex = |j: usize| values::sex(lines[j].text).is_some();
    let mut looks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let (Some(lb), [seg]) = (line.bbox, line.segments.as_slice()) else {
            continue;
        };
        if seg.target != Target::Field(FieldName::Sex) || seg.value.is_some() {
            continue;
        }
        let others: Vec<(usize, BBox)> = boxes.iter().copied().filter(|&(j, _)| j != i).collect();
        if layout::right_of(lb, &others).is_some_and(is_sex) {
            continue;
        }
        let h = lb[3] - lb[1];
        // Under the label's first letters, down to two label heights (the marker is printed
        // larger than its label) or the next label below.
        let mut slot = [lb[0] - 0.5 * h, lb[3], lb[0] + 3.0 * h, lb[3] + 2.0 * h];
        let is_label = |j: usize| !lines[j].segments.is_empty();
        for &(j, b) in &others {
            if is_label(j) && overlaps(b, slot) && b[1] > lb[3] {
                slot[3] = slot[3].min(b[1]);
            }
        }
        let inside: Vec<(usize, BBox)> = others
            .iter()
            .copied()
            .filter(|&(j, b)| !is_label(j) && overlaps(b, slot))
            .collect();
        let look = match inside.as_slice() {
            [] => {
                let label_end = origin[i].iter().copied().max().unwrap_or(0);
                let at = (label_end + 1..page.lines.len())
                    .find(|&k| page.lines[k].bbox.is_some_and(|b| b[1] >= slot[1]))
                    .unwrap_or(page.lines.len());
                Look {
                    region: [
                        slot[0],
                        slot[1],
                        lb[0] + 2.0 * h,
                        slot[3].min(lb[3] + 1.8 * h),
                    ],
                    alphabet: SEX_MARKERS,
                    replaces: None,
                    at,
                }
            }
            &[(j, b)] if !is_sex(j) && lines[j].text.trim().chars().count() <= 2 => {
                let [k] = origin[j][..] else {
                    continue;
                };
                let pad = 0.25 * (b[3] - b[1]);
                Look {
                    region: [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad],
                    alphabet: SEX_MARKERS,
                    replaces: Some(k),
                    at: k,
                }
            }
            _ => continue,
        };
        looks.push(look);
    }
    looks
}

/// Whether two boxes overlap.
fn overlaps(a: BBox, b: BBox) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::text::OcrLine;

    fn page(lines: &[(&str, BBox)]) -> OcrPage {
        OcrPage {
            lines: lines
                .iter()
                .map(|&(t, b)| OcrLine {
                    text: t.into(),
                    bbox: Some(b),
                    confidence: Some(0.9),
                })
                .collect(),
        }
    }

    /// The row of an Italian CIE front: three labels, the values under them.
    fn cie_row(sex: Option<&str>) -> OcrPage {
        let mut lines = vec![
            ("SESSO / SEX", [695.0, 700.0, 798.0, 727.0]),
            ("STATURA / HEIGHT", [845.0, 699.0, 996.0, 729.0]),
            ("CITTADINANZA / NATIONALITY", [1041.0, 702.0, 1279.0, 732.0]),
        ];
        if let Some(s) = sex {
            lines.push((s, [697.0, 735.0, 722.0, 768.0]));
        }
        lines.push(("176", [845.0, 733.0, 909.0, 767.0]));
        lines.push(("ITA", [1040.0, 734.0, 1098.0, 771.0]));
        // The next row of labels, close below.
        lines.push(("EMISSIONE / ISSUING", [696.0, 775.0, 866.0, 806.0]));
        page(&lines)
    }

    #[test]
    fn a_missing_marker_gets_a_look_under_its_label() {
        let looks = second_looks(&cie_row(None));
        let [look] = &looks[..] else {
            panic!("{looks:?}")
        };
        assert_eq!(look.replaces, None);
        assert_eq!(look.alphabet, SEX_MARKERS);
        // Before the value row in reading order, under the label, clear of the height.
        assert_eq!(look.at, 3);
        let r = look.region;
        assert!(r[0] < 697.0 && r[2] > 722.0 && r[2] < 845.0, "{r:?}");
        assert!(r[1] >= 727.0 && r[3] >= 768.0 && r[3] <= 775.0, "{r:?}");
    }

    #[test]
    fn a_misread_marker_is_read_again_in_its_box() {
        let looks = second_looks(&cie_row(Some("T")));
        let [look] = &looks[..] else {
            panic!("{looks:?}")
        };
        assert_eq!(look.replaces, Some(3));
        assert!(look.region[0] < 697.0 && look.region[2] > 722.0);
    }

    #[test]
    fn a_marker_read_right_or_a_longer_value_needs_no_look() {
        assert!(second_looks(&cie_row(Some("F"))).is_empty());
        assert!(second_looks(&cie_row(Some("M/M"))).is_empty());
        // A place printed under the label is no marker to read again.
        assert!(second_looks(&cie_row(Some("BARI (BA)"))).is_empty());
        // A value beside the label.
        let beside = page(&[
            ("Sex", [100.0, 100.0, 140.0, 120.0]),
            ("F", [160.0, 100.0, 172.0, 120.0]),
        ]);
        assert!(second_looks(&beside).is_empty());
        // No sex label at all.
        let other = page(&[
            ("STATURA / HEIGHT", [845.0, 699.0, 996.0, 729.0]),
            ("176", [845.0, 733.0, 909.0, 767.0]),
        ]);
        assert!(second_looks(&other).is_empty());
    }
}
