//! Second looks: regions of a page whose first reading a recogniser restricted to the values
//! they can hold may settle. The one asked for today is a sex marker (under `SESSO / SEX`,
//! `SEXE / Sex`, or in a row of coded values): a single letter, which a text detector tuned for
//! words often misses and a recogniser that knows thousands of characters reads as another one
//! (`T` for `F`).

use crate::schema::FieldName;
use crate::text::{BBox, OcrPage, union};

use super::labels::Target;
use super::{Line, boxes_except, join_split_labels, layout, line_boxes, values};

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

/// The regions of `page` worth a second look, for a sex marker that was not read:
///
/// - under each sex label whose value is neither beside it nor below it, the slot below the
///   label's start where the card prints the marker, when no box lies in it (detection missed
///   it) or the one box there holds at most two characters that are no marker (misread);
/// - under labels OCR could not read, the marker's place in a row of coded values (the CIE
///   prints sex, height and nationality in a row, the French card sex and nationality): the box
///   of at most two characters nearest on the left of a height or a country code alone in its
///   box, within three box heights in its row, unless the row already holds a marker; when
///   there is none, the slot under the label left of that value's own label in the row of
///   labels above (unread, but it gives the column), or under the start of the line above
///   when no label of that row was detected (a CIE front's birth line starts the sex column),
///   followed along the row's slope.
pub fn second_looks(page: &OcrPage) -> Vec<Look> {
    let page = page.without_fullwidth();
    let (joined, origin) = join_split_labels(&page.lines);
    let lines: Vec<Line<'_>> = joined.iter().map(Line::new).collect();
    let zone = Zone {
        boxes: line_boxes(&lines),
        lines: &lines,
        origin: &origin,
        page: &page,
    };
    let mut looks = zone.under_labels();
    for look in zone.in_coded_rows() {
        if !looks.iter().any(|l| l.replaces == look.replaces) {
            looks.push(look);
        }
    }
    looks
}

/// A page's lines as the visual zone reads them (split labels joined), with their boxes.
struct Zone<'z, 'a> {
    lines: &'z [Line<'a>],
    /// The page lines each line was joined from.
    origin: &'z [Vec<usize>],
    /// The boxes of the lines other than the MRZ.
    boxes: Vec<(usize, BBox)>,
    page: &'z OcrPage,
}

impl Zone<'_, '_> {
    fn is_label(&self, j: usize) -> bool {
        !self.lines[j].segments.is_empty()
    }

    fn is_sex(&self, j: usize) -> bool {
        values::sex(self.lines[j].text).is_some()
    }

    /// A value line of at most two characters: a marker, misread or not.
    fn is_short(&self, j: usize) -> bool {
        !self.is_label(j) && self.lines[j].text.trim().chars().count() <= 2
    }

    /// A second look at `region` to replace line `j`'s reading (a line of one page line only).
    fn replacing(&self, j: usize, region: BBox) -> Option<Look> {
        let [k] = self.origin[j][..] else {
            return None;
        };
        Some(marker_look(region, Some(k), k))
    }

    /// A second look at line `j`'s box `b`, grown ([`grown`]), to replace its reading.
    fn again(&self, j: usize, b: BBox) -> Option<Look> {
        self.replacing(j, grown(b))
    }

    fn under_labels(&self) -> Vec<Look> {
        let mut looks = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            let (Some(lb), [seg]) = (line.bbox, line.segments.as_slice()) else {
                continue;
            };
            if seg.target != Target::Field(FieldName::Sex) || seg.value.is_some() {
                continue;
            }
            let others = boxes_except(&self.boxes, i);
            if layout::right_of(lb, &others).is_some_and(|j| self.is_sex(j)) {
                continue;
            }
            let h = lb[3] - lb[1];
            // Under the label's first letters, down to two label heights (the marker is printed
            // larger than its label) or the next label below.
            let mut slot = [lb[0] - 0.5 * h, lb[3], lb[0] + 3.0 * h, lb[3] + 2.0 * h];
            for &(j, b) in &others {
                if self.is_label(j) && overlaps(b, slot) && b[1] > lb[3] {
                    slot[3] = slot[3].min(b[1]);
                }
            }
            // Boxes in the slot: a marker's reaching into it, a longer one centred in it (the
            // top of a label OCR could not read below may reach in).
            let inside: Vec<(usize, BBox)> = others
                .iter()
                .copied()
                .filter(|&(j, b)| {
                    !self.is_label(j)
                        && overlaps(b, slot)
                        && (self.is_short(j) || holds(slot, centre(b)))
                })
                .collect();
            let region = [
                slot[0],
                slot[1],
                lb[0] + 2.0 * h,
                slot[3].min(lb[3] + 1.8 * h),
            ];
            let look = match inside.as_slice() {
                [] => {
                    let label_end = self.origin[i].iter().copied().max().unwrap_or(0);
                    let lines = &self.page.lines;
                    let at = (label_end + 1..lines.len())
                        .find(|&k| lines[k].bbox.is_some_and(|b| b[1] >= slot[1]))
                        .unwrap_or(lines.len());
                    Some(marker_look(region, None, at))
                }
                // The box may hold a speck of the marker (`L` for an `F` detection cut): the
                // marker's place, the box with it.
                &[(j, b)] if self.is_short(j) && !self.is_sex(j) => {
                    self.replacing(j, union(region, grown(b)))
                }
                _ => None,
            };
            looks.extend(look);
        }
        looks
    }

    /// A height or a known country code alone in its box.
    fn is_coded(&self, j: usize) -> bool {
        !self.is_label(j) && values::is_coded(self.lines[j].text)
    }

    fn in_coded_rows(&self) -> Vec<Look> {
        let anchors = self
            .boxes
            .iter()
            .filter(|&&(j, _)| self.is_coded(j))
            .take(super::MAX_SHAPED);
        let mut looks: Vec<Look> = Vec::new();
        for &(i, a) in anchors {
            let h = a[3] - a[1];
            let in_row: Vec<(usize, BBox)> = self
                .boxes
                .iter()
                .copied()
                .filter(|&(_, b)| b != a && layout::same_row(b, a))
                .collect();
            if in_row.iter().any(|&(j, _)| self.is_sex(j)) {
                continue;
            }
            let left = in_row
                .iter()
                .copied()
                .filter(|&(j, b)| {
                    self.is_short(j) && b[2] <= a[0] + 0.25 * h && a[0] - b[2] <= 3.0 * h
                })
                .max_by(|x, y| x.1[2].total_cmp(&y.1[2]));
            let look = match left {
                Some((j, b)) => self.again(j, b),
                None => self.under_label_row(i, a, &in_row),
            };
            // One look per slot: a row's anchors may find the same one.
            if let Some(look) = look.filter(|l| !looks.iter().any(|k| overlaps(k.region, l.region)))
            {
                looks.push(look);
            }
        }
        looks
    }

    /// The marker's slot in the row of coded value `a` (line `i`) when no box was read near it on
    /// the left: the row of labels above gives the columns. Under the label left of `a`'s own
    /// label, when OCR could not read it as another field's label (or, that row not read at
    /// all, under the start of the line across the columns above), in the band of `a`'s row
    /// (followed to the slot along the row's slope, from another coded value in it, so a tilted
    /// page keeps it): a look when nothing was detected there, a look again when one short box
    /// that is no marker was (its region the slot, as the box may hold a speck of the mark).
    fn under_label_row(&self, i: usize, a: BBox, in_row: &[(usize, BBox)]) -> Option<Look> {
        let h = a[3] - a[1];
        let (cx, cy) = (|b: BBox| centre(b)[0], layout::centre_y);
        // `a`'s label: the nearest box above it, over its columns.
        let (_, label) = self
            .boxes
            .iter()
            .copied()
            .filter(|&(_, u)| {
                u[0] < a[2] && a[0] < u[2] && cy(u) < cy(a) - 0.5 * h && u[3] >= a[1] - 1.5 * h
            })
            .max_by(|x, y| x.1[3].total_cmp(&y.1[3]))?;
        // The marker's column starts where the label left of that one does; where the box above
        // reaches far left of `a`, it is a line across the columns (a CIE front's birth line,
        // the row of labels not read at all), and the column starts where it does.
        let (column, s) = if label[0] < a[0] - 2.0 * h {
            (label[0], None)
        } else {
            let (s, left) = self
                .boxes
                .iter()
                .copied()
                .filter(|&(_, b)| b[2] <= label[0] + 0.25 * h && layout::same_row(b, label))
                .max_by(|x, y| x.1[2].total_cmp(&y.1[2]))?;
            if self.is_label(s) {
                return None;
            }
            (left[0], Some(s))
        };
        let slope = in_row
            .iter()
            .filter(|&&(j, b)| self.is_coded(j) && (cx(b) - cx(a)).abs() > h)
            .map(|&(_, b)| (cy(b) - cy(a)) / (cx(b) - cx(a)))
            .next()
            .unwrap_or(0.0);
        let (x0, x1) = (column - 0.5 * h, (column + 2.0 * h).min(a[0] - 0.25 * h));
        if x1 - x0 < h {
            return None;
        }
        let dy = slope * (0.5 * (x0 + x1) - cx(a));
        let slot = [x0, a[1] + dy - 0.25 * h, x1, a[3] + dy + 0.25 * h];
        let inside: Vec<(usize, BBox)> = self
            .boxes
            .iter()
            .copied()
            .filter(|&(j, b)| Some(j) != s && b != label && holds(slot, centre(b)))
            .collect();
        match inside.as_slice() {
            [] => Some(marker_look(slot, None, *self.origin[i].first()?)),
            &[(j, _)] if self.is_short(j) && !self.is_sex(j) => self.replacing(j, slot),
            _ => None,
        }
    }
}

/// A second look for a sex marker at `region`.
fn marker_look(region: BBox, replaces: Option<usize>, at: usize) -> Look {
    Look {
        region,
        alphabet: SEX_MARKERS,
        replaces,
        at,
    }
}

/// Box `b` grown by a quarter of its height on every side.
fn grown(b: BBox) -> BBox {
    let pad = 0.25 * layout::height(b);
    [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad]
}

/// The centre of box `b`.
fn centre(b: BBox) -> [f32; 2] {
    [0.5 * (b[0] + b[2]), 0.5 * (b[1] + b[3])]
}

/// Whether box `b` holds point `p`.
fn holds(b: BBox, p: [f32; 2]) -> bool {
    b[0] <= p[0] && p[0] <= b[2] && b[1] <= p[1] && p[1] <= b[3]
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
                    angle: None,
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
    fn a_damaged_label_reaching_into_the_slot_leaves_the_speck_in_it_to_read() {
        // Seed 29 #12: `F` detected as a speck read `L` under `SESSO / SEX`, the next row's
        // label, unread, reaching into the slot's bottom.
        let row = |speck: &str| {
            page(&[
                ("GENOVA(GE)22.03.2001", [422.0, 414.0, 713.0, 449.0]),
                ("SESSO/SEX", [423.0, 453.0, 503.0, 475.0]),
                ("STATURA/HEIGHT", [539.0, 453.0, 661.0, 480.0]),
                (speck, [423.0, 484.0, 438.0, 500.0]),
                ("167", [539.0, 481.0, 591.0, 511.0]),
                ("EMIS504E /iS5ANG", [417.0, 513.0, 553.0, 543.0]),
            ])
        };
        let looks = second_looks(&row("L"));
        let [look] = &looks[..] else {
            panic!("{looks:?}")
        };
        assert_eq!(look.replaces, Some(3));
        // The marker's place under the label, not only the speck's box.
        let r = look.region;
        assert!(
            r[0] < 423.0 && r[1] <= 475.0 && r[2] > 460.0 && r[3] >= 500.0,
            "{r:?}"
        );
        // A marker reaching into a slot a label below made short: nothing to look at.
        let tight = page(&[
            ("SEXO/SEX", [544.0, 457.0, 637.0, 492.0]),
            ("M", [551.0, 493.0, 582.0, 524.0]),
            (
                "FECHA DE NACIMIENTO/DATE OF BIRTH",
                [556.0, 506.0, 850.0, 562.0],
            ),
        ]);
        assert!(second_looks(&tight).is_empty());
    }

    #[test]
    fn a_short_box_left_of_a_coded_row_is_read_again() {
        // A tilted CIE front whose labels are noise: `F` read `L.`, left of the height.
        let row = |sex: &str| {
            page(&[
                ("4550158X", [1010.0, 555.0, 1104.0, 597.0]),
                (sex, [1021.0, 601.0, 1037.0, 621.0]),
                ("162", [1136.0, 568.0, 1194.0, 607.0]),
                ("ITA", [1287.0, 544.0, 1339.0, 580.0]),
            ])
        };
        let looks = second_looks(&row("L."));
        let [look] = &looks[..] else {
            panic!("{looks:?}")
        };
        assert_eq!(look.replaces, Some(1));
        assert!(look.region[0] < 1021.0 && look.region[2] > 1037.0);
        // A marker in the row, or a longer value there: nothing to read again.
        assert!(second_looks(&row("F")).is_empty());
        assert!(second_looks(&row("BARI")).is_empty());
        // No coded value beside it.
        let alone = page(&[("L.", [1021.0, 601.0, 1037.0, 621.0])]);
        assert!(second_looks(&alone).is_empty());
    }

    /// A tilted CIE front's sex, height and nationality rows as read (seed 47 #12): the sex
    /// label unreadable, the marker not detected, `slot` what OCR found under that label.
    fn unread_label_row(sex_label: &str, slot: Option<(&str, BBox)>) -> OcrPage {
        let mut lines = vec![
            ("BARI (BA) 14.10.1967", [783.0, 438.0, 1010.0, 480.0]),
            (sex_label, [783.0, 475.0, 864.0, 503.0]),
            ("STaTUBA/HEat", [888.0, 479.0, 1000.0, 514.0]),
            ("CITTADNANZA RATONALTY", [1025.0, 487.0, 1195.0, 524.0]),
        ];
        lines.extend(slot);
        lines.extend([
            ("152", [887.0, 506.0, 938.0, 542.0]),
            ("ITA", [1026.0, 518.0, 1065.0, 546.0]),
            ("EMe55ONE15SUNG", [781.0, 537.0, 904.0, 569.0]),
            ("SCADENEAIExPAY", [995.0, 549.0, 1110.0, 582.0]),
        ]);
        page(&lines)
    }

    #[test]
    fn the_row_of_labels_gives_the_slot_of_an_unread_marker() {
        let looks = second_looks(&unread_label_row("5E590/ 5EX", None));
        let [look] = &looks[..] else {
            panic!("{looks:?}")
        };
        // Under the label left of the height's, before the height in reading order.
        assert_eq!((look.replaces, look.at), (None, 4));
        let r = look.region;
        assert!(r[0] < 783.0 && r[2] > 820.0 && r[2] < 887.0, "{r:?}");
        // The row's band, followed up along its slope (the nationality sits lower on the
        // right): above the height's top, clear of the next labels' middle.
        assert!(r[1] < 500.0 && r[3] > 535.0 && r[3] < 553.0, "{r:?}");
        // A speck detected in the slot, too far from the height for the nearest-box rule above,
        // is read again over the whole slot.
        let speck = Some(("C", [763.0, 512.0, 772.0, 524.0]));
        let looks = second_looks(&unread_label_row("5E590/ 5EX", speck));
        let [again] = &looks[..] else {
            panic!("{looks:?}")
        };
        assert_eq!((again.replaces, again.region), (Some(4), r));
        // A marker there, or a longer value: nothing to read again.
        let marker = Some(("F", [795.0, 505.0, 812.0, 535.0]));
        assert!(second_looks(&unread_label_row("5E590/ 5EX", marker)).is_empty());
        let value = Some(("BARI", [795.0, 505.0, 860.0, 535.0]));
        assert!(second_looks(&unread_label_row("5E590/ 5EX", value)).is_empty());
        // The label on the left read as another field's: no marker slot.
        let other = unread_label_row("LUOGO DI NASCITA", None);
        assert!(second_looks(&other).is_empty());
    }

    #[test]
    fn the_line_above_gives_the_slot_when_no_label_of_the_row_was_detected() {
        // A CIE front's birth line, then the height and nationality, with none of the row's
        // labels detected (seed 7 #30): the marker is printed under the birth line's start.
        let row = |sex: Option<(&str, BBox)>| {
            let mut lines = vec![("PALERMO (PA) 07.04.1992", [705.0, 798.0, 1017.0, 844.0])];
            lines.extend(sex);
            lines.extend([
                ("158", [836.0, 872.0, 889.0, 902.0]),
                ("ITA", [992.0, 878.0, 1037.0, 908.0]),
                ("23.11.2025", [712.0, 932.0, 854.0, 966.0]),
            ]);
            page(&lines)
        };
        let looks = second_looks(&row(None));
        let [look] = &looks[..] else {
            panic!("{looks:?}")
        };
        assert_eq!((look.replaces, look.at), (None, 1));
        let r = look.region;
        // Where the `F` is printed (about 715–725 × 875–890), clear of the height.
        assert!(r[0] < 705.0 && r[2] > 730.0 && r[2] < 836.0, "{r:?}");
        assert!(r[1] < 872.0 && r[3] > 895.0 && r[3] < 932.0, "{r:?}");
        // A marker read there: nothing to look at.
        assert!(second_looks(&row(Some(("F", [714.0, 873.0, 727.0, 892.0])))).is_empty());
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
