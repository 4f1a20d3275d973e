//! Accent- and case-insensitive text matching.
//!
//! OCR text is compared with labels in a *compact folded* form: upper-case ASCII letters and
//! digits only, accents removed (`Autorità` → `AUTORITA`, `Größe` → `GROSSE`), spaces and
//! punctuation dropped. Dropping spaces makes matching tolerant of OCR that glues or splits
//! words (`DATADI NASCITA`); every compact character remembers where it came from so a match
//! can be mapped back to a byte range of the original line.

use crate::translit::{Umlauts, ascii_of, letter_for_digit};

/// Appends the folded form of `c` to `out`: nothing for spaces and punctuation.
pub(crate) fn fold_char(c: char, out: &mut Vec<char>) {
    if c.is_ascii() || matches!(c, 'º' | 'ª') {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        }
        return;
    }
    for u in c.to_uppercase() {
        if u.is_ascii_alphanumeric() {
            out.push(u);
        } else if let Some(ascii) = ascii_of(u, Umlauts::Base) {
            out.extend(ascii.chars());
        } else if u.is_alphanumeric() {
            // Other scripts: kept (upper-cased) so they still count as word characters.
            out.push(u);
        }
    }
}

/// The compact folded form of a string (see the module documentation).
pub(crate) fn compact(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A line in compact folded form with, for every compact character, the byte range of the
/// original character it came from.
#[derive(Debug)]
pub(crate) struct Folded {
    /// Compact folded characters.
    pub chars: Vec<char>,
    /// Byte offset where the original character of `chars[k]` starts.
    pub starts: Vec<usize>,
    /// Byte offset just after the original character of `chars[k]`.
    pub ends: Vec<usize>,
    /// `chars` with each digit that stands inside a word (a letter right before or after it in
    /// the original) read as the letter OCR confuses it with (`SESS0` → `SESSO`); labels are
    /// matched against either.
    pub alike: Vec<char>,
}

impl Folded {
    /// Folds a line.
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut starts = Vec::with_capacity(text.len());
        let mut ends = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let before = chars.len();
            fold_char(c, &mut chars);
            for _ in before..chars.len() {
                starts.push(i);
                ends.push(i + c.len_utf8());
            }
        }
        let alike = chars
            .iter()
            .zip(starts.iter().zip(&ends))
            .map(|(&c, (&start, &end))| {
                let before = text[..start].chars().next_back();
                let after = text[end..].chars().next();
                let in_word = before.is_some_and(char::is_alphabetic)
                    || after.is_some_and(char::is_alphabetic);
                u8::try_from(c)
                    .ok()
                    .and_then(letter_for_digit)
                    .filter(|_| in_word)
                    .map_or(c, char::from)
            })
            .collect();
        Folded {
            chars,
            starts,
            ends,
            alike,
        }
    }

    /// Index of the first compact character whose original starts at or after byte `pos`.
    pub fn index_at(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s < pos)
    }
}

/// Whether the folded text contains `needle` (already compact) anywhere.
pub(crate) fn contains(haystack: &[char], needle: &[char]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether `c` continues a word (so a label cannot end just before it).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Collapses runs of whitespace into single spaces and trims the ends.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        let s: String = compact("Autorità / Größe, Né(e) le").into_iter().collect();
        assert_eq!(s, "AUTORITAGROSSENEELE");
        let f = Folded::new("Nò x");
        assert_eq!(f.chars, vec!['N', 'O', 'X']);
        assert_eq!(f.ends[1], 3);
        assert_eq!(f.index_at(4), 2);
    }
}
