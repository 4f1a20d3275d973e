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
}

impl OcrLine {
    /// A line with no box and no confidence.
    pub fn plain(text: impl Into<String>) -> Self {
        OcrLine {
            text: text.into(),
            bbox: None,
            confidence: None,
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

    /// Parses raw input bytes: an OCR page JSON (`{"lines": [{"text", "box", "confidence"}]}`)
    /// when it starts with `{`, otherwise plain text lines. Enforces the size limits before
    /// doing any work proportional to the content.
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
