//! OCR text input: plain lines or an [`OcrPage`] JSON with boxes, checked against size limits.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// Largest accepted text input in bytes (an ID document's OCR text is a few kilobytes).
pub const MAX_INPUT_BYTES: usize = 256 * 1024;
/// Longest accepted line in characters.
pub const MAX_LINE_CHARS: usize = 1024;
/// Most lines accepted on one page.
pub const MAX_LINES: usize = 2000;

/// Levenshtein distance: the fewest substitutions, insertions and deletions that turn `a`
/// into `b`.
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    distance(a, b, false)
}

/// The fewest substitutions, insertions and deletions that turn `pattern` into some run of
/// `text` (`PLACEANDDATEOFBIRTH` is two from `…SASCTATPLACEANDDATEORBRTH`).
pub(crate) fn substring_distance<T: PartialEq>(pattern: &[T], text: &[T]) -> usize {
    distance(pattern, text, true)
}

/// Levenshtein distance from `a` to `b`, or to the closest run of `b` when `within`.
fn distance<T: PartialEq>(a: &[T], b: &[T], within: bool) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| if within { 0 } else { j }).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    if within {
        prev.iter().copied().min().unwrap_or(a.len())
    } else {
        prev[b.len()]
    }
}

/// `text` with each word (a run of characters `in_word` accepts) written by `write` into the
/// output, everything between words kept as it is.
pub(crate) fn map_words(
    text: &str,
    in_word: impl Fn(char) -> bool,
    mut write: impl FnMut(&str, &mut String),
) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (in_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                write(&text[s..i], &mut out);
                start = None;
                out.push(c);
            }
            (false, None) => out.push(c),
            (true, Some(_)) => {}
        }
    }
    if let Some(s) = start {
        write(&text[s..], &mut out);
    }
    out
}

/// Whether `a` and `b` differ by at most one substitution, insertion or deletion (one OCR
/// error: `SURMAME` for `SURNAME`).
pub(crate) fn within_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix..]
            .iter()
            .skip(1)
            .eq(long[prefix..].iter().skip(1))
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// An axis-aligned box in page pixels: left, top, right, bottom.
pub type BBox = [f32; 4];

/// The smallest box holding both `a` and `b`.
pub(crate) fn union(a: BBox, b: BBox) -> BBox {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// The length and height of a line at `angle` degrees whose axis-aligned bounds are `b`
/// (bounds `length·cos + height·sin` wide and `length·sin + height·cos` high, solved); the
/// bounds' own size when that gives no line (a box at another angle than the one given, or
/// steeper than 30°).
fn line_size(b: BBox, angle: f32) -> (f32, f32) {
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    let (sin, cos) = angle.to_radians().sin_cos();
    let (sin, cos) = (sin.abs(), cos.abs());
    let det = cos * cos - sin * sin;
    let length = (w * cos - h * sin) / det;
    let height = (h * cos - w * sin) / det;
    if det >= 0.5 && length > 0.0 && height > 0.0 {
        (length, height)
    } else {
        (w, h)
    }
}

/// The median of some values (the upper one of an even count); 0 for none.
pub(crate) fn median(mut v: Vec<f32>) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

/// One line of OCR output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrLine {
    /// Recognised text.
    pub text: String,
    /// Position on the page, when known.
    #[serde(default, rename = "box", skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Recogniser confidence in [0, 1], when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Angle of the line's text direction in degrees from the horizontal, positive when it
    /// runs down to the right (y grows downwards), when known: the line's own for a line long
    /// enough to measure, the page's tilt for a shorter one. A photographed page tilts its
    /// lines, so `box` (axis-aligned) is wider and taller than the line; the angle tells how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub angle: Option<f32>,
}

impl OcrLine {
    /// A line with no box, no confidence and no angle.
    pub fn plain(text: impl Into<String>) -> Self {
        OcrLine {
            text: text.into(),
            bbox: None,
            confidence: None,
            angle: None,
        }
    }

    /// The recogniser's confidence, 1.0 when unknown (typed text).
    pub fn confidence_or_one(&self) -> f32 {
        self.confidence.map_or(1.0, |c| {
            if c.is_finite() {
                c.clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
    }
}

/// The OCR output of one page, in reading order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrPage {
    /// Lines in reading order.
    pub lines: Vec<OcrLine>,
}

impl OcrPage {
    /// A page from plain text, one line per text line; blank lines are dropped.
    pub fn from_plain(text: &str) -> Self {
        OcrPage {
            lines: text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(OcrLine::plain)
                .collect(),
        }
    }

    /// The page with the fullwidth forms of ASCII characters (U+FF01–U+FF5E, and the
    /// ideographic space) read as those characters: recognisers trained on CJK text return
    /// them for Latin punctuation (`NARDO (LE）`, `Cognome：`). Borrowed when there are none.
    pub fn without_fullwidth(&self) -> std::borrow::Cow<'_, OcrPage> {
        let fullwidth = |c: char| matches!(c, '\u{ff01}'..='\u{ff5e}' | '\u{3000}');
        if !self.lines.iter().any(|l| l.text.chars().any(fullwidth)) {
            return std::borrow::Cow::Borrowed(self);
        }
        let ascii = |c: char| match c {
            '\u{3000}' => ' ',
            c if fullwidth(c) => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        };
        let mut page = self.clone();
        for line in &mut page.lines {
            line.text = line.text.chars().map(ascii).collect();
        }
        std::borrow::Cow::Owned(page)
    }

    /// The page as if photographed level: when its lines carry angles, their boxes turned by
    /// the page's tilt (the median angle) about the middle of the page's boxes, each box
    /// `length × height` of its line (solved from its bounds and angle). Rows, columns and
    /// what lies below what are then measured as on a level page. Borrowed when no line
    /// carries an angle or the page is level.
    pub fn levelled(&self) -> std::borrow::Cow<'_, OcrPage> {
        let angles: Vec<f32> = self
            .lines
            .iter()
            .filter(|l| l.bbox.is_some())
            .filter_map(|l| l.angle.filter(|a| a.is_finite()))
            .collect();
        let tilt = median(angles);
        let Some(all) = self.lines.iter().filter_map(|l| l.bbox).reduce(union) else {
            return std::borrow::Cow::Borrowed(self);
        };
        if tilt == 0.0 {
            return std::borrow::Cow::Borrowed(self);
        }
        let (cx, cy) = ((all[0] + all[2]) / 2.0, (all[1] + all[3]) / 2.0);
        let (sin, cos) = tilt.to_radians().sin_cos();
        let mut page = self.clone();
        for line in &mut page.lines {
            let Some(b) = line.bbox else { continue };
            let (x, y) = ((b[0] + b[2]) / 2.0 - cx, (b[1] + b[3]) / 2.0 - cy);
            let (mx, my) = (cx + x * cos + y * sin, cy - x * sin + y * cos);
            let (w, h) = line_size(b, line.angle.unwrap_or(tilt));
            line.bbox = Some([mx - w / 2.0, my - h / 2.0, mx + w / 2.0, my + h / 2.0]);
        }
        std::borrow::Cow::Owned(page)
    }

    /// Parses raw input bytes: an OCR page JSON (`{"lines": [{"text", "box", "confidence",
    /// "angle"}]}`) when it starts with `{`, otherwise plain text lines. Enforces the size limits
    /// before doing any work proportional to the content.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(CoreError::InputTooLarge {
                limit: MAX_INPUT_BYTES,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| CoreError::InvalidUtf8 {
            offset: e.valid_up_to(),
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(CoreError::EmptyInput);
        }
        let page = if text.trim_start().starts_with('{') {
            serde_json::from_str::<OcrPage>(text).map_err(|e| CoreError::InvalidPageJson {
                reason: json_reason(&e),
            })?
        } else {
            check_plain(text)?;
            OcrPage::from_plain(text)
        };
        page.check()?;
        Ok(page)
    }

    /// Checks the limits and rejects control characters.
    pub fn check(&self) -> Result<()> {
        if self.lines.len() > MAX_LINES {
            return Err(CoreError::TooManyLines { limit: MAX_LINES });
        }
        for (i, line) in self.lines.iter().enumerate() {
            if line.text.chars().count() > MAX_LINE_CHARS {
                return Err(CoreError::LineTooLong {
                    line: i + 1,
                    limit: MAX_LINE_CHARS,
                });
            }
            if line.text.chars().any(is_binary_control) {
                return Err(CoreError::BinaryData { line: i + 1 });
            }
        }
        if self.lines.iter().all(|l| l.text.trim().is_empty()) {
            return Err(CoreError::EmptyInput);
        }
        Ok(())
    }
}

fn is_binary_control(c: char) -> bool {
    c.is_control() && c != '\t'
}

fn check_plain(text: &str) -> Result<()> {
    let mut count = 0;
    for (i, line) in text.lines().enumerate() {
        count += 1;
        if count > MAX_LINES {
            return Err(CoreError::TooManyLines { limit: MAX_LINES });
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.chars().count() > MAX_LINE_CHARS {
            return Err(CoreError::LineTooLong {
                line: i + 1,
                limit: MAX_LINE_CHARS,
            });
        }
        if line.chars().any(is_binary_control) {
            return Err(CoreError::BinaryData { line: i + 1 });
        }
    }
    Ok(())
}

/// serde_json's message minus any echoed content: category, line and column only.
fn json_reason(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Io => "read error",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => {
            "unexpected structure (want {\"lines\": [{\"text\": …}]})"
        }
        serde_json::error::Category::Eof => "unexpected end of input",
    };
    format!("{what} at line {} column {}", e.line(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("SURMAME"), &c("SURNAME")), 1);
        assert_eq!(edit_distance(&c("NOME"), &c("NAME")), 1);
        assert_eq!(edit_distance(&c(""), &c("NAME")), 4);
        let damaged = c("OOGGEDASSASCTATPLACEANDDATEORBRTH");
        assert_eq!(substring_distance(&c("PLACEANDDATEOFBIRTH"), &damaged), 2);
        assert_eq!(substring_distance(&c("NAME"), &c("SURNAME")), 0);
        assert_eq!(substring_distance(&c("NAME"), &c("")), 4);
    }

    #[test]
    fn plain_lines_are_trimmed_and_blank_lines_dropped() {
        let page = OcrPage::from_bytes(b"  Nome: Mario \r\n\n\nCognome: Rossi\n").unwrap();
        assert_eq!(page.lines.len(), 2);
        assert_eq!(page.lines[0].text, "Nome: Mario");
    }

    /// The axis-aligned bounds of a line `length × height` centred at `(x, y)`, at `angle`
    /// degrees.
    fn tilted(x: f32, y: f32, length: f32, height: f32, angle: f32) -> OcrLine {
        let (sin, cos) = (angle.to_radians().sin().abs(), angle.to_radians().cos());
        let (w, h) = (length * cos + height * sin, length * sin + height * cos);
        OcrLine {
            text: "ROSSI".into(),
            bbox: Some([x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0]),
            confidence: Some(0.9),
            angle: Some(angle),
        }
    }

    #[test]
    fn a_tilted_page_is_levelled() {
        let near = |a: f32, b: f32| (a - b).abs() < 0.01;
        // A line's length and height from its bounds and angle, either way round.
        for angle in [-8.0, 8.0] {
            let (l, h) = line_size(tilted(0.0, 0.0, 300.0, 30.0, angle).bbox.unwrap(), angle);
            assert!(near(l, 300.0) && near(h, 30.0), "{l} {h}");
        }
        // Past 30° the bounds say too little: kept.
        assert_eq!(line_size([0.0, 0.0, 100.0, 80.0], 40.0), (100.0, 80.0));
        // Two pieces of one row of a page tilted 6° (down to the right), and the next row 50
        // pixels under the left piece: the right piece's middle is as low as the next row's.
        let (sin, cos) = 6f32.to_radians().sin_cos();
        let page = OcrPage {
            lines: vec![
                tilted(200.0, 100.0, 200.0, 30.0, 6.0),
                tilted(200.0 + 400.0 * cos, 100.0 + 400.0 * sin, 240.0, 30.0, 6.0),
                tilted(200.0 - 50.0 * sin, 100.0 + 50.0 * cos, 200.0, 30.0, 6.0),
            ],
        };
        let middle = |b: BBox| (b[1] + b[3]) / 2.0;
        let [left, right, next] = [0, 1, 2].map(|i| page.lines[i].bbox.unwrap());
        assert!((middle(right) - middle(next)).abs() < (middle(right) - middle(left)).abs());
        let level = page.levelled();
        let [left, right, next] = [0, 1, 2].map(|i| level.lines[i].bbox.unwrap());
        assert!(near(middle(left), middle(right)), "{left:?} {right:?}");
        assert!(near(middle(next) - middle(left), 50.0), "{left:?} {next:?}");
        assert!(near(left[3] - left[1], 30.0) && near(right[2] - right[0], 240.0));
        // A level page, or one whose lines carry no angle, is left as it is.
        let plain = OcrPage::from_plain("ROSSI");
        assert!(matches!(plain.levelled(), std::borrow::Cow::Borrowed(_)));
        let level_page = OcrPage {
            lines: vec![tilted(200.0, 100.0, 200.0, 30.0, 0.0)],
        };
        assert!(matches!(
            level_page.levelled(),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn fullwidth_forms_read_as_ascii() {
        let page = OcrPage::from_plain("NARDO (LE）04.03.1981\nCognome：ROSSI　MARIO");
        let read = page.without_fullwidth();
        assert_eq!(read.lines[0].text, "NARDO (LE)04.03.1981");
        assert_eq!(read.lines[1].text, "Cognome:ROSSI MARIO");
        let plain = OcrPage::from_plain("NARDÒ (LE)");
        assert!(matches!(
            plain.without_fullwidth(),
            std::borrow::Cow::Borrowed(_)
        ));
        // The birth place and date read once the bracket is one.
        let opts = crate::ParseOptions {
            today: time::macros::date!(2026 - 11 - 26),
            repair: true,
        };
        let r = crate::parse_page(
            &OcrPage::from_plain("LUOGO E DATA DI NASCITA\nNARDO (LE）04.03.1981"),
            &opts,
        );
        assert_eq!(
            r.fields[&crate::schema::FieldName::BirthDate].value,
            "1981-03-04"
        );
    }

    #[test]
    fn page_json_with_boxes() {
        let page =
            OcrPage::from_bytes(br#"{"lines":[{"text":"A","box":[1,2,3,4],"confidence":0.5}]}"#)
                .unwrap();
        assert_eq!(page.lines[0].bbox, Some([1.0, 2.0, 3.0, 4.0]));
        assert_eq!(page.lines[0].confidence_or_one(), 0.5);
    }

    #[test]
    fn bad_inputs_are_typed_errors_without_content() {
        assert_eq!(OcrPage::from_bytes(b""), Err(CoreError::EmptyInput));
        assert_eq!(OcrPage::from_bytes(b" \n\t\n"), Err(CoreError::EmptyInput));
        assert!(matches!(
            OcrPage::from_bytes(b"ab\xffcd"),
            Err(CoreError::InvalidUtf8 { offset: 2 })
        ));
        assert!(matches!(
            OcrPage::from_bytes(b"ab\x00cd"),
            Err(CoreError::BinaryData { line: 1 })
        ));
        let long = "A".repeat(10_000);
        assert!(matches!(
            OcrPage::from_bytes(long.as_bytes()),
            Err(CoreError::LineTooLong { .. })
        ));
        let huge = vec![b'a'; 10 * 1024 * 1024];
        assert!(matches!(
            OcrPage::from_bytes(&huge),
            Err(CoreError::InputTooLarge { .. })
        ));
        let err = OcrPage::from_bytes(br#"{"lines": "SECRETNAME"}"#).unwrap_err();
        assert!(!err.to_string().contains("SECRETNAME"), "{err}");
    }
}
