//! Marks below and above letters, found in the pixels.
//!
//! Below: the recognisers know `Ş Ţ` (cedilla) from their
//! training but give no probability to the comma-below `Ș Ț` of Romanian, and read them as
//! `S T`. Where an `S` or `T` of a dark-on-light line has ink under the baseline in its own
//! columns, clearly more than the line's other letters and its neighbours, it is written `Ș Ț`
//! (letters the recognisers never write, so they stand for pixel evidence). The issuing
//! country's orthography then settles them ([`crate::translit::national_spelling`]): kept on
//! Romanian and Moldovan documents, cedilla letters on Turkish and Azerbaijani ones, plain
//! `S T` anywhere else.
//!
//! Above: on blurred or small print the recognisers see that a capital has an accent but not
//! which way it leans, and read `BERTÈ` as `BERTÉ`. The accent's ink over the letter settles
//! it: a stroke down to the right is a grave (`À È Ì Ò Ù`), down to the left an acute
//! (`Á É Í Ó Ú`).

use std::ops::Range;

use image::RgbImage;

use crate::text::median;

/// Puts the marks the pixels of `crop` show under the `S T s t` of `chars` (each character
/// with its horizontal centre in the crop), and turns the accents of its capitals the way
/// their ink leans.
pub(super) fn mark(crop: &RgbImage, chars: &mut [(char, f32)]) {
    let candidate = |c: char| {
        MARKED.iter().any(|&(plain, _)| plain == c)
            || ACCENTED
                .iter()
                .any(|&(grave, acute)| c == grave || c == acute)
    };
    if chars.iter().any(|&(c, _)| candidate(c))
        && let Some(ink) = LineInk::new(crop)
    {
        ink.mark(chars);
    }
}

/// One line crop's ink (dark pixels) and its text band.
struct LineInk {
    ink: Vec<bool>,
    width: usize,
    height: usize,
    /// Last row of the text band (on capitals, the baseline).
    baseline: usize,
    /// Height of the text band in rows.
    band: usize,
}

/// Letters that take a mark below, and what they become with it.
const MARKED: [(char, char); 4] = [('S', 'Ș'), ('T', 'Ț'), ('s', 'ș'), ('t', 'ț')];

/// Capitals with a grave accent and the same with an acute one.
const ACCENTED: [(char, char); 5] = [('À', 'Á'), ('È', 'É'), ('Ì', 'Í'), ('Ò', 'Ó'), ('Ù', 'Ú')];

/// How far an accent's ink must lean (the correlation of its columns with its rows) to turn
/// it. Measured on the line crops of 1,086 generated pages holding accented names: of 168
/// graves read acute (on blurred photos), 131 lean above 0.1 (120 above 0.15, 105 above 0.2);
/// of 775 accents read right, one leans the other way beyond it (an `É` whose accent ran into
/// the letter's top, 0.25). Over the 29 corpora's 3,560 pages: 29 names fixed, one word worse.
const MIN_LEAN: f64 = 0.1;

/// Letters whose descender reaches under their neighbours.
const DESCENDERS: &str = "gjpqy";

impl LineInk {
    /// The ink of a crop by Otsu's threshold; `None` for light text on dark or a blank crop.
    fn new(crop: &RgbImage) -> Option<LineInk> {
        let (width, height) = (crop.width() as usize, crop.height() as usize);
        let luma = image::imageops::grayscale(crop).into_raw();
        let threshold = otsu(&luma)?;
        let ink: Vec<bool> = luma.iter().map(|&l| l <= threshold).collect();
        // Text is the minority class; more than half dark is light text on a dark ground.
        if ink.iter().filter(|&&d| d).count() * 2 > ink.len() {
            return None;
        }
        let rows: Vec<usize> = ink
            .chunks_exact(width)
            .map(|r| r.iter().filter(|&&d| d).count())
            .collect();
        let (peak, &most) = rows.iter().enumerate().max_by_key(|&(_, n)| *n)?;
        if most == 0 {
            return None;
        }
        let dense = |y: usize| rows[y] * 4 >= most;
        let mut top = peak;
        while top > 0 && dense(top - 1) {
            top -= 1;
        }
        let mut baseline = peak;
        while baseline + 1 < height && dense(baseline + 1) {
            baseline += 1;
        }
        Some(LineInk {
            ink,
            width,
            height,
            baseline,
            band: baseline - top + 1,
        })
    }

    /// Columns `x0..x1` clamped to the crop.
    fn columns(&self, x0: f32, x1: f32) -> (usize, usize) {
        (
            (x0.max(0.0) as usize).min(self.width),
            (x1.max(0.0) as usize).min(self.width),
        )
    }

    /// Ink pixels under the baseline (a sixteenth to a half of the band's height below it) in
    /// columns `x0..x1`.
    fn below(&self, x0: f32, x1: f32) -> usize {
        let (x0, x1) = self.columns(x0, x1);
        // Round letters (`S`) overshoot the baseline by a pixel or two: the mark is looked for
        // from a sixteenth of the band under it.
        let first = self.baseline + 1 + self.band.div_ceil(16);
        (first..(self.baseline + 1 + self.band / 2).min(self.height))
            .map(|y| {
                self.ink[y * self.width..][x0..x1]
                    .iter()
                    .filter(|&&d| d)
                    .count()
            })
            .sum()
    }

    /// Ink pixels in the crop's last row in columns `x0..x1`: ink under a letter that runs off
    /// the crop belongs to the next line's text (a label right under a name), not to a mark.
    fn at_edge(&self, x0: f32, x1: f32) -> usize {
        let (x0, x1) = self.columns(x0, x1);
        self.ink[(self.height - 1) * self.width..][x0..x1]
            .iter()
            .filter(|&&d| d)
            .count()
    }

    /// How the ink over the text band in columns `x0..x1` leans: the correlation of its
    /// columns with its rows, positive for a stroke down to the right, negative for one down
    /// to the left. The rows looked at run from seven tenths of the band above it to the row
    /// before its first, and only their largest blob of ink counts (a speck of noise far from
    /// the accent would outweigh its lean); `None` for fewer than three pixels, or ink in the
    /// crop's first row (an accent cut off by the line's box).
    fn lean(&self, x0: f32, x1: f32) -> Option<f64> {
        let (x0, x1) = self.columns(x0, x1);
        if self.ink[x0..x1].iter().any(|&d| d) {
            return None;
        }
        let top = self.baseline + 1 - self.band;
        let (y0, y1) = (
            top.saturating_sub(self.band * 7 / 10),
            top.saturating_sub(1),
        );
        let points = self.largest_blob(x0..x1, y0..y1);
        if points.len() < 3 {
            return None;
        }
        let n = points.len() as f64;
        let (mx, my) = points.iter().fold((0.0, 0.0), |(sx, sy), &(x, y)| {
            (sx + x as f64 / n, sy + y as f64 / n)
        });
        let (mut xx, mut yy, mut xy) = (0.0, 0.0, 0.0);
        for &(x, y) in &points {
            let (dx, dy) = (x as f64 - mx, y as f64 - my);
            xx += dx * dx;
            yy += dy * dy;
            xy += dx * dy;
        }
        Some(if xx > 0.0 && yy > 0.0 {
            xy / (xx * yy).sqrt()
        } else {
            0.0
        })
    }

    /// The pixels `(x, y)` of the largest 8-connected blob of ink in columns `xs` and rows `ys`.
    fn largest_blob(&self, xs: Range<usize>, ys: Range<usize>) -> Vec<(usize, usize)> {
        let inside = |x: usize, y: usize| xs.contains(&x) && ys.contains(&y);
        let mut seen = vec![false; self.ink.len()];
        let mut largest = Vec::new();
        for y in ys.clone() {
            for x in xs.clone() {
                if seen[y * self.width + x] || !self.ink[y * self.width + x] {
                    continue;
                }
                seen[y * self.width + x] = true;
                let (mut blob, mut stack) = (Vec::new(), vec![(x, y)]);
                while let Some((cx, cy)) = stack.pop() {
                    blob.push((cx, cy));
                    for (nx, ny) in neighbours(cx, cy).filter(|&(nx, ny)| inside(nx, ny)) {
                        let k = ny * self.width + nx;
                        if self.ink[k] && !seen[k] {
                            seen[k] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
                if blob.len() > largest.len() {
                    largest = blob;
                }
            }
        }
        largest
    }

    /// Marks `chars` (character and horizontal centre in the crop): below each `S`/`T`
    /// ([`Self::mark_below`]) and over each accented capital ([`Self::turn_accents`]), looking
    /// in each character's cell.
    fn mark(&self, chars: &mut [(char, f32)]) {
        if chars.len() < 2 {
            return;
        }
        let pitch = median(chars.windows(2).map(|w| w[1].1 - w[0].1).collect());
        // Each character's cell: the columns nearer its centre than its neighbours', at most a
        // pitch away (the recogniser's centres stray from the glyphs' by a third of a pitch
        // either way, so a fixed window around them misses marks).
        let cells: Vec<(f32, f32)> = (0..chars.len())
            .map(|i| {
                let x = chars[i].1;
                let left = i
                    .checked_sub(1)
                    .map_or(x - 0.5 * pitch, |j| 0.5 * (chars[j].1 + x))
                    .max(x - pitch);
                let right = chars
                    .get(i + 1)
                    .map_or(x + 0.5 * pitch, |n| 0.5 * (x + n.1))
                    .min(x + pitch);
                (left, right)
            })
            .collect();
        self.mark_below(chars, &cells);
        self.turn_accents(chars, &cells);
    }

    /// Turns each accented capital of `chars` whose accent leans clearly the other way than
    /// read in its cell (of `cells`).
    fn turn_accents(&self, chars: &mut [(char, f32)], cells: &[(f32, f32)]) {
        for ((c, _), &(l, r)) in chars.iter_mut().zip(cells) {
            let Some(&(grave, acute)) = ACCENTED.iter().find(|&&(g, a)| *c == g || *c == a) else {
                continue;
            };
            match self.lean(l, r) {
                Some(lean) if lean > MIN_LEAN => *c = grave,
                Some(lean) if lean < -MIN_LEAN => *c = acute,
                _ => {}
            }
        }
    }

    /// Puts the mark on each `S`/`T` of `chars` that has clearly more ink under it (in its
    /// cell of `cells`) than the line's letters in general and its neighbours in particular,
    /// ink that stops inside the crop.
    fn mark_below(&self, chars: &mut [(char, f32)], cells: &[(f32, f32)]) {
        let under: Vec<usize> = cells.iter().map(|&(l, r)| self.below(l, r)).collect();
        let usual = median(under.iter().map(|&n| n as f32).collect());
        let band = self.band as f32;
        // What a comma leaves there, measured on generated Romanian cards: 0.015–0.06 of the
        // band squared; grainy or blurred capitals elsewhere reach 0.03, which is why a mark is
        // only believed where the orthography has the letter.
        let least = (0.012 * band * band).max(3.0);
        let letters: Vec<char> = chars.iter().map(|&(c, _)| c).collect();
        for (i, (c, _)) in chars.iter_mut().enumerate() {
            let Some(&(_, marked)) = MARKED.iter().find(|(plain, _)| plain == c) else {
                continue;
            };
            // Noise (a blurred or dark photo) spreads under neighbours too; a mark does not.
            let neighbours = [i.wrapping_sub(1), i + 1].map(|j| (under.get(j), letters.get(j)));
            let beside = neighbours
                .iter()
                .filter_map(|(n, _)| *n)
                .max()
                .map_or(0.0, |&n| n as f32);
            let descender = neighbours
                .iter()
                .any(|(_, l)| l.is_some_and(|l| DESCENDERS.contains(*l)));
            let n = under[i] as f32;
            let (l, r) = cells[i];
            if n >= least
                && n >= 3.0 * usual
                && n >= 2.0 * beside
                && !descender
                && self.at_edge(l, r) == 0
            {
                *c = marked;
            }
        }
    }
}

/// The eight pixels around `(x, y)` (those left of or above the image's edge left out).
fn neighbours(x: usize, y: usize) -> impl Iterator<Item = (usize, usize)> {
    (-1isize..=1)
        .flat_map(move |dy| (-1isize..=1).map(move |dx| (dx, dy)))
        .filter(|&d| d != (0, 0))
        .filter_map(move |(dx, dy)| Some((x.checked_add_signed(dx)?, y.checked_add_signed(dy)?)))
}

/// Otsu's threshold of a grey-level sample; `None` when it is one level.
fn otsu(luma: &[u8]) -> Option<u8> {
    let mut hist = [0u64; 256];
    for &l in luma {
        hist[usize::from(l)] += 1;
    }
    let total = luma.len() as f64;
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut below, mut below_sum, mut best, mut best_t) = (0.0, 0.0, 0.0, None);
    for (t, &n) in hist.iter().enumerate() {
        below += n as f64;
        below_sum += t as f64 * n as f64;
        let above = total - below;
        if below == 0.0 || above == 0.0 {
            continue;
        }
        let (m0, m1) = (below_sum / below, (sum - below_sum) / above);
        let between = below * above * (m0 - m1) * (m0 - m1);
        if between > best {
            (best, best_t) = (between, u8::try_from(t).ok());
        }
    }
    best_t
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A 48-pixel line crop, white, with black rectangles `(x0, x1, y0, y1)` (inclusive).
    fn crop(width: u32, blocks: &[(u32, u32, u32, u32)]) -> RgbImage {
        RgbImage::from_fn(width, 48, |x, y| {
            let ink = blocks
                .iter()
                .any(|&(x0, x1, y0, y1)| (x0..=x1).contains(&x) && (y0..=y1).contains(&y));
            Rgb(if ink { [10, 10, 10] } else { [245, 245, 245] })
        })
    }

    /// `T A T`: two capital T (bar and stem) around a block, the text band rows 12 to 35.
    const TAT: [(u32, u32, u32, u32); 5] = [
        (10, 30, 12, 15),
        (18, 22, 12, 35),
        (50, 70, 12, 35),
        (90, 110, 12, 15),
        (98, 102, 12, 35),
    ];

    fn marked(blocks: &[(u32, u32, u32, u32)], text: &str) -> String {
        let ink = LineInk::new(&crop(120, blocks)).unwrap();
        let mut chars: Vec<(char, f32)> = text
            .chars()
            .enumerate()
            .map(|(i, c)| (c, 20.0 + 40.0 * i as f32))
            .collect();
        ink.mark(&mut chars);
        chars.into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn a_comma_under_one_letter_marks_it() {
        let mut blocks = TAT.to_vec();
        blocks.push((18, 22, 38, 44));
        assert_eq!(marked(&blocks, "TAT"), "ȚAT");
        assert_eq!(marked(&TAT, "TAT"), "TAT");
        // Only S and T take the mark.
        let mut under_a = TAT.to_vec();
        under_a.push((58, 62, 38, 44));
        assert_eq!(marked(&under_a, "TAT"), "TAT");
    }

    #[test]
    fn a_comma_is_found_in_the_cell_of_a_centre_that_strays() {
        // The recogniser put the first letter's centre a third of a pitch right of its glyph
        // (seed 1 #191, `ȘTEFĂNESCU`): the comma under the glyph is still in the letter's cell.
        let mut blocks = TAT.to_vec();
        blocks.push((16, 20, 38, 44));
        let ink = LineInk::new(&crop(120, &blocks)).unwrap();
        let mut chars = vec![('T', 34.0), ('A', 60.0), ('T', 100.0)];
        ink.mark(&mut chars);
        assert_eq!(chars[0].0, 'Ț');
        assert_eq!(chars[2].0, 'T');
    }

    #[test]
    fn ink_under_every_letter_or_a_descender_beside_is_no_mark() {
        let mut noise = TAT.to_vec();
        noise.push((0, 119, 39, 40));
        assert_eq!(marked(&noise, "TAT"), "TAT");
        let mut comma = TAT.to_vec();
        comma.push((18, 22, 38, 44));
        assert_eq!(marked(&comma, "TyT"), "TyT");
    }

    #[test]
    fn ink_that_runs_off_the_crop_is_the_next_line_not_a_mark() {
        let mut label = TAT.to_vec();
        label.push((14, 26, 42, 47));
        assert_eq!(marked(&label, "TAT"), "TAT");
        let mut comma = TAT.to_vec();
        comma.push((18, 22, 40, 46));
        assert_eq!(marked(&comma, "TAT"), "ȚAT");
    }

    /// Three capitals (rows 12 to 35) centred at 20, 60 and 100, and a stroke of 2-pixel
    /// squares over the third from row `from` to row 10, down to the right or to the left.
    fn accented(from: u32, down_right: bool) -> Vec<(u32, u32, u32, u32)> {
        let mut blocks = vec![(10, 30, 12, 35), (50, 70, 12, 35), (90, 110, 12, 35)];
        blocks.extend((from..=10).map(|y| {
            let x = if down_right {
                96 + y - from
            } else {
                104 - (y - from)
            };
            (x, x + 1, y, y + 1)
        }));
        blocks
    }

    #[test]
    fn an_accent_turns_the_way_its_ink_leans() {
        // `BERTÈ` read `BERTÉ` on a blurred passport (seed 1 #38).
        assert_eq!(marked(&accented(3, true), "AEÉ"), "AEÈ");
        assert_eq!(marked(&accented(3, true), "AEÈ"), "AEÈ");
        assert_eq!(marked(&accented(3, false), "AEÈ"), "AEÉ");
        assert_eq!(marked(&accented(3, false), "OÙÓ"), "OÙÓ");
        // Letters without accent are not given one.
        assert_eq!(marked(&accented(3, true), "AEE"), "AEE");
    }

    #[test]
    fn an_accent_cut_off_or_without_lean_is_left_as_read() {
        // The line's box cut the accent: its ink reaches the crop's first row.
        assert_eq!(marked(&accented(0, true), "AEÉ"), "AEÉ");
        // A dot, or nothing over the letter.
        let mut dot = accented(11, true);
        dot.push((98, 102, 6, 9));
        assert_eq!(marked(&dot, "AEÉ"), "AEÉ");
        assert_eq!(marked(&accented(11, true), "AEÈ"), "AEÈ");
    }

    #[test]
    fn a_speck_apart_from_the_accent_does_not_turn_it() {
        // An acute read right, and a speck of noise up to its left: the two together lean
        // the other way, the accent alone does not.
        let mut speck = accented(5, false);
        speck.push((90, 92, 1, 2));
        assert_eq!(marked(&speck, "AEÉ"), "AEÉ");
    }

    #[test]
    fn light_text_on_a_dark_ground_is_left_alone() {
        let dark = RgbImage::from_fn(60, 48, |x, _| {
            Rgb(if x % 10 == 0 { [250; 3] } else { [5; 3] })
        });
        assert!(LineInk::new(&dark).is_none());
        assert!(LineInk::new(&RgbImage::from_pixel(60, 48, Rgb([200; 3]))).is_none());
    }
}
