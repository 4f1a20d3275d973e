//! Marks below letters, found in the pixels. The recognisers know `Ş Ţ` (cedilla) from their
//! training but give no probability to the comma-below `Ș Ț` of Romanian, and read them as
//! `S T`. Where an `S` or `T` of a dark-on-light line has ink under the baseline in its own
//! columns, clearly more than the line's other letters and its neighbours, it is written `Ș Ț`
//! (letters the recognisers never write, so they stand for pixel evidence). The issuing
//! country's orthography then settles them ([`crate::translit::national_spelling`]): kept on
//! Romanian and Moldovan documents, cedilla letters on Turkish and Azerbaijani ones, plain
//! `S T` anywhere else.

use image::RgbImage;

use super::median;

/// Puts the marks the pixels of `crop` show under the `S T s t` of `chars` (each character
/// with its horizontal centre in the crop).
pub(super) fn mark(crop: &RgbImage, chars: &mut [(char, f32)]) {
    let candidate = |c: char| MARKED.iter().any(|&(plain, _)| plain == c);
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

    /// Puts the mark on each `S`/`T` of `chars` (character and horizontal centre in the crop)
    /// that has clearly more ink under it than the line's letters in general and its
    /// neighbours in particular, ink that stops inside the crop.
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

    #[test]
    fn light_text_on_a_dark_ground_is_left_alone() {
        let dark = RgbImage::from_fn(60, 48, |x, _| {
            Rgb(if x % 10 == 0 { [250; 3] } else { [5; 3] })
        });
        assert!(LineInk::new(&dark).is_none());
        assert!(LineInk::new(&RgbImage::from_pixel(60, 48, Rgb([200; 3]))).is_none());
    }
}
