//! Visual-zone rules: OCR lines (text and boxes) to fields.
//!
//! The rules are generic, driven by a table of label synonyms (`labels.rs`) rather than one
//! function per country:
//!
//! 1. **Same line**: `Label: value`, `Label value`, or several `Label value` pairs on one line.
//! 2. **Below**: a line holding only a label (bilingual parts joined by `/`, as in
//!    `COGNOME / SURNAME`) takes the nearest line under the label's box that overlaps it
//!    horizontally (or one slightly beside it when none overlaps), or the box right of the
//!    label on the same row when that box is adjacent, the label ends with `:` or the line
//!    below is another label; without boxes, the next line. A line holding several labels
//!    (`SESSO / SEX  STATURA / HEIGHT`) takes one value per column from the row below
//!    (`layout.rs`). Free text and names may continue over several lines (an address): the
//!    lines that follow with the same left edge and line spacing, up to the next label or a
//!    bigger gap, are joined with a space; without boxes, the next lines up to a label.
//! 3. **Numbered fields** of the EU driving-licence model (`1.`, `4a.`, `9.`; `licence.rs`).
//! 4. **Patterns** as a last resort: a codice fiscale anywhere; on identity cards, an Italian
//!    card number (`CA00000AA`, `AA1234567`) unless the header names another country, then a
//!    number-shaped token alone on a line in the top part of the card (the German card prints
//!    its number there without a label). Values whose label OCR could not read are taken by
//!    their shape from lines no label claimed: a validity range (`26.11.17-26.11.2027`) gives
//!    the issue and expiry dates; on Italian documents a place with its province and perhaps a
//!    date (`BARI (BA) 26.04.2005`) the birth place and date; on Romanian ones the first
//!    `Jud.XX Mun.Name` line the birth place.
//!
//! Before any of this, a label that OCR split into two boxes on one row (`SESSO /` and `SEX`,
//! `Data di` and `nascita`) is joined back into one line.
//!
//! Values are normalised by `values.rs` (dates to ISO, names upper case, …). A labelled date that
//! does not parse to a real, plausible date is left out and reported as
//! [`IssueCode::InvalidDate`]. Issues never carry values. MRZ lines are skipped.

mod fold;
mod labels;
mod layout;
mod licence;
mod second_look;
mod values;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use time::Date;

use crate::mrz::is_mrz_like;
use crate::schema::{DocumentType, Field, FieldName, Fields, Issue, IssueCode, Severity, Source};
use crate::text::{BBox, OcrLine, OcrPage};
use crate::validate::date::{DateRole, MAX_VALIDITY_YEARS, iso, plausible_birth};
use crate::validate::{docnum, fiscal_code};

use fold::{Folded, compact, contains};
pub(crate) use labels::is_document_word;
use labels::{Hit, Kind, Target, label_at};
pub use second_look::{Look, SEX_MARKERS, second_looks};
pub(crate) use values::{field_value, find_date, token_spans, without_specks};

/// What the visual zone says.
#[derive(Debug, Clone, Default)]
pub struct VizResult {
    /// Layout recognised from the labels.
    pub document_type: DocumentType,
    /// Fields read (source `viz`).
    pub fields: Fields,
    /// Problems found (e.g. invalid dates).
    pub issues: Vec<Issue>,
    /// The country named by the document's header in the top part of the page (`REPUBBLICA
    /// ITALIANA` → `ITA`): not a field of the output, but it tells which country's
    /// document-number formats apply when no issuing country was read.
    pub country: Option<String>,
    /// For each field, the page lines (indices into the page's lines) its label and value were
    /// read from, including labels whose value did not parse: which lines a field needs.
    pub lines_of: BTreeMap<FieldName, BTreeSet<usize>>,
    /// The document model the page's print names, where it narrows the document-number formats
    /// of its type and country (an Italian identity card titled in English too is a CIE 3.0).
    pub model: Option<docnum::Model>,
}

/// Rule confidences, multiplied by the OCR line confidence.
mod rule {
    /// `Label: value` on one line.
    pub const COLON: f32 = 0.9;
    /// `Label value` on one line.
    pub const INLINE: f32 = 0.85;
    /// A numbered licence field.
    pub const NUMBERED: f32 = 0.9;
    /// The box under a label's box.
    pub const BELOW_BOX: f32 = 0.85;
    /// The box right of a label's box.
    pub const RIGHT_BOX: f32 = 0.8;
    /// The next line (no boxes).
    pub const NEXT_LINE: f32 = 0.8;
    /// One column of a value row under several labels, placed by boxes.
    pub const COLUMN_BOX: f32 = 0.8;
    /// One column of a value row split by token shapes.
    pub const COLUMN_SPLIT: f32 = 0.7;
    /// A residence value read as the municipality (rather than a street address).
    pub const RESIDENCE_MUNICIPALITY: f32 = 0.8;
    /// A document number recognised by its shape alone.
    pub const NUMBER_PATTERN: f32 = 0.75;
    /// A number-shaped token alone on a line in the top part of a card, of no known format.
    pub const BARE_NUMBER: f32 = 0.7;
    /// A codice fiscale recognised by its shape alone.
    pub const FISCAL_PATTERN: f32 = 0.75;
    /// An unlabelled value recognised by its shape alone: a validity range
    /// (`26.11.17-26.11.2027`), an Italian place with its province (`BARI (BA)`), a Romanian
    /// place (`Jud.CJ Mun.Cluj-Napoca`, the first one printed is the birth place).
    pub const SHAPE: f32 = 0.7;
}

/// Reads the visual zone of a page (fullwidth punctuation read as ASCII, see
/// [`OcrPage::without_fullwidth`]; a tilted page's boxes levelled, see
/// [`OcrPage::levelled`]). MRZ lines are ignored.
pub fn extract(page: &OcrPage, today: Date) -> VizResult {
    let page = page.without_fullwidth();
    let (joined, origin) = join_split_labels(&page.levelled().lines);
    let lines: Vec<Line<'_>> = joined.iter().map(Line::new).collect();
    let document_type = detect_type(&lines);
    let top = top_part(&lines);
    let country = header_country(&lines, &top);
    let mut reader = Reader {
        lines: &lines,
        boxes: line_boxes(&lines),
        licence: document_type == DocumentType::DrivingLicence,
        own_boxes: page.lines.iter().any(|l| l.angle.is_some()),
        used: vec![false; lines.len()],
        birth_line: std::cell::OnceCell::new(),
        out: Builder {
            fields: Fields::new(),
            issues: Vec::new(),
            today,
            german: is_german(&lines),
            accepted: 0,
            current: Vec::new(),
            lines_of: BTreeMap::new(),
        },
    };
    reader.read();
    reader.patterns(document_type, country, &top);
    if document_type == DocumentType::IdCard && !lines.iter().any(|l| l.mrz) {
        reader.name_column(matches!(country, None | Some("ITA")));
        reader.surname_above_given_names();
        if country == Some("FRA") {
            reader.names_above_french_birth_place();
        }
        if country == Some("DEU") {
            reader.birth_place_under_nationality();
        }
        if country == Some("ESP") {
            reader.names_under_spanish_title(&top);
        }
    }
    // Back from joined lines to the page's lines.
    let lines_of = reader
        .out
        .lines_of
        .iter()
        .map(|(&f, joined)| {
            let page_lines = joined
                .iter()
                .flat_map(|&k| origin[k].iter().copied())
                .collect();
            (f, page_lines)
        })
        .collect();
    VizResult {
        document_type,
        fields: reader.out.fields,
        issues: reader.out.issues,
        country: country.map(str::to_owned),
        lines_of,
        model: document_model(&lines, document_type, country),
    }
}

/// The boxes of the lines other than the MRZ, with their indices.
fn line_boxes(lines: &[Line<'_>]) -> Vec<(usize, BBox)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.mrz)
        .filter_map(|(i, l)| l.bbox.map(|b| (i, b)))
        .collect()
}

/// `boxes` without the box of line `i`.
fn boxes_except(boxes: &[(usize, BBox)], i: usize) -> Vec<(usize, BBox)> {
    boxes.iter().copied().filter(|&(j, _)| j != i).collect()
}

/// Joins labels that OCR split into two boxes on one row (`SESSO /` + `SEX`, `Data di` +
/// `nascita`): a box and the box right after it become one line when a label read from the
/// start of the first runs into the second. A label followed by its value in a separate box
/// (`Cognome` + `ROSSI`) stays two boxes. Returns the lines and, for each, the indices of the
/// page lines it was made of.
fn join_split_labels(lines: &[OcrLine]) -> (Vec<OcrLine>, Vec<Vec<usize>>) {
    let mut out: Vec<Option<OcrLine>> = lines.iter().cloned().map(Some).collect();
    let mut origin: Vec<Vec<usize>> = (0..lines.len()).map(|i| vec![i]).collect();
    // Boxes of the lines that may be joined (not MRZ), kept up to date as lines are joined.
    let mut boxes: Vec<(usize, BBox)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !is_mrz_like(&l.text))
        .filter_map(|(i, l)| layout::valid_box(l.bbox).map(|b| (i, b)))
        .collect();
    let mut k = 0;
    while k < boxes.len() {
        let (i, first) = boxes[k];
        let others = boxes_except(&boxes, i);
        let joined = layout::right_of(first, &others).and_then(|j| {
            let (a, b) = (out[i].as_ref()?, out[j].as_ref()?);
            let next = layout::valid_box(b.bbox)?;
            if !layout::same_line_after(first, next) {
                return None;
            }
            // A height or a country code is a value, never the rest of a label (`STATURA / HET`
            // + `ITA`, the nationality's value brought level with the label by tilt).
            if values::is_coded(&b.text) {
                return None;
            }
            let head = a.text.trim_end();
            let text = format!("{head} {}", b.text.trim_start());
            let group = group_at(&text, &Folded::new(&text), skip_ws(&text, 0), Mode::Start)?;
            let bbox = crate::text::union(first, next);
            let confidence = match (a.confidence, b.confidence) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            (group.end > head.len()).then_some((
                j,
                OcrLine {
                    text,
                    bbox: Some(bbox),
                    confidence,
                    angle: a.angle,
                },
            ))
        });
        match joined {
            // The joined line may run into a third box (`Luogo e data` `di nascita /` `Place…`).
            Some((j, line)) => {
                boxes[k].1 = line.bbox.unwrap_or(first);
                out[i] = Some(line);
                out[j] = None;
                let moved = std::mem::take(&mut origin[j]);
                origin[i].extend(moved);
                let removed = boxes.iter().position(|&(b, _)| b == j);
                if let Some(r) = removed {
                    boxes.remove(r);
                    if r < k {
                        k -= 1;
                    }
                }
            }
            None => k += 1,
        }
    }
    out.into_iter()
        .zip(origin)
        .filter_map(|(line, from)| Some((line?, from)))
        .unzip()
}

/// Which lines lie in the top part of the page: the upper 30 % of the span of the boxes when
/// every line has one, otherwise the first third of the lines.
fn top_part(lines: &[Line<'_>]) -> Vec<bool> {
    let boxes: Option<Vec<BBox>> = lines.iter().map(|l| l.bbox).collect();
    match boxes {
        Some(boxes) if !boxes.is_empty() => {
            let top = boxes.iter().map(|b| b[1]).fold(f32::MAX, f32::min);
            let bottom = boxes.iter().map(|b| b[3]).fold(f32::MIN, f32::max);
            let limit = top + 0.3 * (bottom - top);
            boxes.iter().map(|b| (b[1] + b[3]) / 2.0 <= limit).collect()
        }
        _ => (0..lines.len()).map(|i| 3 * i < lines.len()).collect(),
    }
}

/// Header lines (compact folded, at the start of a line) naming the issuing country: the
/// country's name, or a title only one country prints (an EU licence is titled in its issuer's
/// language, and only Italy's is titled in Italian alone).
const HEADER_COUNTRIES: &[(&str, &str)] = &[
    ("REPUBBLICAITALIANA", "ITA"),
    ("PATENTEDIGUIDA", "ITA"),
    ("BUNDESREPUBLIKDEUTSCHLAND", "DEU"),
    ("REPUBLIQUEFRANCAISE", "FRA"),
    ("REINODEESPANA", "ESP"),
    ("ESPANA", "ESP"),
    ("ROMANIA", "ROU"),
];

/// A country's name in the languages of a header that prints it several times over
/// (`ROMÂNIA ROUMANIE ROMANIA`).
const HEADER_TRANSLATIONS: &[(&str, &[&str])] = &[("ROU", &["ROMANIA", "ROUMANIE"])];

/// The country of the first header line in the top part of the page. A header of
/// [`FUZZY_HEADER`] letters or more may have one letter misread, lost or added
/// (`REPUBBUICA ITALIANA`); a header of translations ([`HEADER_TRANSLATIONS`]) is one when
/// each of its two words or more is within two edits of one of them and one is read exactly
/// (`ROMANRA ROUMANGE ROMANIA`).
fn header_country(lines: &[Line<'_>], top: &[bool]) -> Option<&'static str> {
    let translations = |text: &str| {
        let words: Vec<Vec<char>> = text.split_whitespace().map(compact).collect();
        HEADER_TRANSLATIONS.iter().find_map(|&(code, names)| {
            let names: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
            let distance = |w: &[char]| {
                names
                    .iter()
                    .map(|n| crate::text::edit_distance(w, n))
                    .min()
                    .unwrap_or(usize::MAX)
            };
            (words.len() >= 2
                && words.iter().all(|w| distance(w) <= 2)
                && words.iter().any(|w| distance(w) == 0))
            .then_some(code)
        })
    };
    lines
        .iter()
        .zip(top)
        .filter(|(l, top)| **top && !l.mrz)
        .find_map(|(l, _)| {
            let folded = compact(l.text);
            HEADER_COUNTRIES
                .iter()
                .find(|(words, _)| {
                    let words: Vec<char> = words.chars().collect();
                    let n = words.len();
                    folded.starts_with(&words)
                        || (n >= FUZZY_HEADER
                            && (n - 1..=n + 1).any(|k| {
                                folded
                                    .get(..k)
                                    .is_some_and(|p| crate::text::within_one_edit(p, &words))
                            }))
                })
                .map(|&(_, code)| code)
                .or_else(|| translations(l.text))
        })
}

/// The length from which a header country name is matched within one edit.
const FUZZY_HEADER: usize = 12;

/// One OCR line, pre-analysed.
#[derive(Debug)]
struct Line<'a> {
    text: &'a str,
    bbox: Option<BBox>,
    confidence: f32,
    mrz: bool,
    /// Labels on the line with their same-line values; empty for a value line.
    segments: Vec<Segment>,
    /// Numbered licence fields, when the line starts with one.
    numbered: Vec<(Target, &'a str)>,
    /// [`Line::no_value`], decided on first use.
    no_value: OnceCell<bool>,
}

impl<'a> Line<'a> {
    fn new(line: &'a OcrLine) -> Self {
        let text = line.text.as_str();
        let mrz = is_mrz_like(text);
        Line {
            text,
            bbox: layout::valid_box(line.bbox),
            confidence: line.confidence_or_one(),
            mrz,
            segments: if mrz { Vec::new() } else { segments(text) },
            numbered: if mrz {
                Vec::new()
            } else {
                licence::numbered_fields(text)
            },
            no_value: OnceCell::new(),
        }
    }

    /// Whether the line is read as no value wherever it stands: noise (more than one character
    /// read with less confidence than [`NOISE_BELOW`]), a short label read unsure
    /// ([`labels::is_unsure_short_label`]), a damaged label of a value not read
    /// ([`labels::holds_damaged_ignored_label`]).
    fn no_value(&self) -> bool {
        *self.no_value.get_or_init(|| {
            (self.confidence < NOISE_BELOW && self.text.trim().chars().count() > 1)
                || labels::is_unsure_short_label(self.text, self.confidence)
                || labels::holds_damaged_ignored_label(self.text)
        })
    }

    fn value(&self, seg: &Segment) -> &'a str {
        seg.value
            .and_then(|(a, b)| self.text.get(a..b))
            .unwrap_or("")
    }
}

/// A label (or bilingual label group) on a line and where its same-line value is.
#[derive(Debug, Clone, Copy)]
struct Segment {
    target: Target,
    /// Byte range of the label text.
    label: (usize, usize),
    /// Byte range of the same-line value, if any.
    value: Option<(usize, usize)>,
    /// The value followed a `:`.
    colon: bool,
    /// A value may stand beside the label: not for a short label read only as a damaged pair
    /// ([`labels::damaged_short_label_pair`]), the box beside which is more often the label's
    /// next translation (`Copome'Sumae` `Nom (1]`) than its value.
    beside: bool,
}

/// A label group: one label, or bilingual parts joined by `/` (`COGNOME / SURNAME`).
#[derive(Debug, Clone, Copy)]
struct Group {
    target: Target,
    start: usize,
    end: usize,
    kind: Kind,
}

/// Where in a line a label group may be recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// At the start of the line: any label.
    Start,
    /// Right after another label with no value between (a row of labels).
    Chain,
    /// Inside a value: only distinctive labels (four letters or more, or followed by `:`).
    Mid,
}

fn skip_ws(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .map_or(pos, |rest| pos + rest.len() - rest.trim_start().len())
}

/// The label group starting at `pos`, if any.
fn group_at(text: &str, folded: &Folded, pos: usize, mode: Mode) -> Option<Group> {
    let first: Hit = label_at(text, folded, pos)?;
    match (mode, first.label.kind) {
        (Mode::Start, _) => {}
        (_, Kind::Keep) => return None,
        (Mode::Chain, _) => {}
        (Mode::Mid, Kind::Strict) => return None,
        (Mode::Mid, Kind::Normal) => {}
    }
    let mut group = Group {
        target: first.label.target,
        start: first.start,
        end: first.end,
        kind: first.label.kind,
    };
    // Bilingual parts: `LABEL / LABEL / LABEL`.
    // `Passaporto N./Passport No.`: a label's own trailing dot may precede the slash.
    // A slash read as a letter standing alone (`Vornamen I Given names`, `Name l Surname`)
    // parts two translations of one label: the part after it must name the same field. With
    // the slash lost altogether (`NOMBRE NAME`), the part after the space must be read exactly
    // and name the same field as the label before it, or be the ambiguous `NAME` after a label
    // of given names (a row of two labels, `SURNAME NAME`, stays two labels).
    let next_part = |end: usize, target: Target| {
        let rest = text.get(end..)?;
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '.');
        let spaced = trimmed.len() < rest.len();
        // A colon read before the slash (`COGNOAE: / SURNAME`) still parts two translations.
        let slashed = rest
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':'))
            .strip_prefix('/');
        let (after_slash, lookalike) = match slashed {
            Some(after) => (after, None),
            None => match trimmed.strip_prefix(['I', 'l', '1', '|']) {
                // Spaced on both sides, or glued on both (`NACIMIENTOIPLACE`).
                Some(after)
                    if (spaced && after.starts_with(char::is_whitespace))
                        || (!spaced && labels::starts_like_a_capital(after)) =>
                {
                    (after, Some(false))
                }
                _ => (spaced.then_some(trimmed)?, Some(true)),
            },
        };
        label_at(text, folded, skip_ws(text, text.len() - after_slash.len())).filter(|part| {
            let same = labels::same_field(target, part.label.target);
            let translation = part.label.target == target
                || (target == Target::Field(FieldName::GivenNames)
                    && part.label.target == Target::AmbiguousName);
            part.label.kind != Kind::Keep
                && match lookalike {
                    // A part matched within one error names the same field (`Delivrée`, one
                    // from `DELIVRE LE`, is the start of `Delivrée par` after `Emisa de`).
                    None => same || !part.fuzzy,
                    Some(false) => same,
                    Some(true) => same && translation && !part.fuzzy,
                }
        })
    };
    loop {
        while let Some(part) = next_part(group.end, group.target) {
            if group.target == Target::AmbiguousName {
                // `Name / Nom` labels an English and French passport's one name field (the
                // surname's line, then the given names'): the full name.
                group.target = if part.label.text == "NOM" && group.end == first.end {
                    Target::FullName
                } else {
                    part.label.target
                };
            } else if first.label.text == "NOM" && part.label.target == Target::AmbiguousName {
                // French `NOM` pairs with `Surname`; before `NAME` it is as likely the CIE's
                // `NOME / NAME` (given names) read without its `E`: either name, by the column.
                group.target = Target::AmbiguousName;
            }
            if part.label.kind == Kind::Normal {
                group.kind = Kind::Normal;
            }
            group.end = part.end;
        }
        match unknown_part(text, folded, group.end, group.target) {
            Some(end) => group.end = end,
            None => break,
        }
    }
    if mode == Mode::Mid && first.len < 4 && !separator(text, group.end).1 {
        return None;
    }
    Some(group)
}

/// `Luogo dinsita/Place of bith/…`: a bilingual label whose first part OCR damaged beyond
/// recognition is still a label when a part after a slash is one, or (the slash lost too:
/// `DATE DExeR Expiry date`) when the line ends with a label of seven letters or more read
/// exactly. The parts before it must look like words (more letters than digits, which OCR
/// reads for look-alike letters as in `srs50/SEx`; at most 40 characters), so values with
/// slashes (dates) stay values.
fn label_after_damaged_part(text: &str, folded: &Folded, from: usize) -> Option<Group> {
    let words_before = |i: usize| {
        let before = &text[from..i];
        let count = |f: fn(&char) -> bool| before.chars().filter(f).count();
        !before.trim().is_empty()
            && before.chars().count() <= 40
            && count(char::is_ascii_digit) < count(|c| c.is_alphabetic())
    };
    for (i, _) in text.match_indices('/').filter(|&(i, _)| i >= from) {
        if !words_before(i) {
            return None;
        }
        if let Some(mut group) = group_at(text, folded, skip_ws(text, i + 1), Mode::Start) {
            if group.kind == Kind::Keep {
                return None;
            }
            group.start = skip_ws(text, from);
            return Some(group);
        }
    }
    let end = text.trim_end().len();
    word_starts(text, from).find_map(|w| {
        let hit = label_at(text, folded, w)?;
        (w > from
            && words_before(w)
            && !hit.fuzzy
            && hit.label.kind == Kind::Normal
            && hit.label_len >= 7
            && hit.end == end)
            .then(|| Group {
                target: hit.label.target,
                start: skip_ws(text, from),
                end,
                kind: Kind::Normal,
            })
    })
}

/// A bilingual label part that is not recognised (an unknown language, or OCR damage:
/// `Cognome / Sumamel / Nom`): a slash right after a label introduces another label, never a
/// value. Returns where that part ends: before the next known label part, a colon or the end
/// of the line, or after a field number. `None` when no slash follows or the part holds digits
/// (outside `(n)`), unless it is a damaged translation of the label of `target` before it
/// ([`labels::is_damaged_translation`]).
fn unknown_part(text: &str, folded: &Folded, label_end: usize, target: Target) -> Option<usize> {
    let rest = text.get(label_end..)?;
    let after = text.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == '.')
            .strip_prefix('/')?
            .len();
    let mut end = text[after..].find(':').map_or(text.len(), |c| after + c);
    // A field number ends a data page's label (`Ssexe (5) FIRENZE (FI)`: the value follows).
    if let Some(number_end) = text[after..end].match_indices('(').find_map(|(p, _)| {
        let from = after + p;
        field_number(&text[from..]).map(|rest| text.len() - rest.len())
    }) {
        end = number_end;
    }
    // Only an exact label ends the part: inside damaged text, a match within one error is
    // often a coincidence (`Date f bith/Date` holds `BITHDATE`, one error from `BIRTH DATE`).
    if let Some(w) = word_starts(text, after)
        .take_while(|&w| w < end)
        .find(|&w| label_at(text, folded, w).is_some_and(|h| !h.fuzzy))
    {
        end = w;
    }
    let part = text[after..end].trim_end_matches(|c: char| c.is_whitespace() || c == '/');
    let digits_outside_parens = part
        .split(['(', ')'])
        .step_by(2)
        .any(|piece| piece.chars().any(|c| c.is_ascii_digit()));
    (!part.trim().is_empty()
        && (!digits_outside_parens || labels::is_damaged_translation(part, target)))
    .then(|| after + part.len())
}

/// Skips separators after a label: returns the position after them and whether one was `:`.
/// A field number in parentheses is skipped with them (`Surname/Nom (1)` on passport data
/// pages).
fn separator(text: &str, pos: usize) -> (usize, bool) {
    let Some(rest) = text.get(pos..) else {
        return (pos, false);
    };
    let is_separator =
        |c: char| c.is_whitespace() || matches!(c, ':' | '.' | '-' | '–' | '|' | '/' | '=' | ';');
    let mut trimmed = rest.trim_start_matches(is_separator);
    if let Some(after) = field_number(trimmed) {
        trimmed = after.trim_start_matches(is_separator);
    }
    let skipped = &rest[..rest.len() - trimmed.len()];
    (pos + skipped.len(), skipped.contains([':', '=']))
}

/// The text after a parenthesised field number of one or two digits (`(1)`, `(10)`), also
/// with a digit read as a look-alike letter (`(B)` for `(8)`, `(g)`, `(1o)`). A letter that
/// reads as no digit (`(F)`) or two letters (`(BO)`, a province) are no field number.
fn field_number(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?;
    let (digits, after) = inner.split_once(')')?;
    let one = |c: char| matches!(c, '1' | 'l' | 'I' | '|');
    let number = match digits.chars().collect::<Vec<_>>()[..] {
        [d] => d.is_ascii_digit() || one(d) || matches!(d, 'B' | 'b' | 'g' | 'q' | 'S' | 'Z' | 'G'),
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => true,
        [a, b] => one(a) && (b.is_ascii_digit() || one(b) || matches!(b, 'o' | 'O')),
        _ => false,
    };
    number.then_some(after)
}

/// Byte offsets after `from` where a word starts.
fn word_starts(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let mut prev_word = true;
    text.char_indices().filter_map(move |(i, c)| {
        let starts = c.is_alphanumeric() && !prev_word;
        prev_word = c.is_alphanumeric();
        (starts && i > from).then_some(i)
    })
}

/// Where a line's text starts after the number of a numbered field (`1. Surname`, `2a.
/// Height`, `10. Signature` on passport data pages); 0 when it has none.
fn after_field_number(text: &str) -> usize {
    let start = skip_ws(text, 0);
    let rest = &text[start..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let letter = usize::from(rest[digits..].starts_with(|c: char| c.is_ascii_lowercase()));
    if (1..=2).contains(&digits) && rest[digits + letter..].starts_with('.') {
        skip_ws(text, start + digits + letter + 1)
    } else {
        0
    }
}

/// The label segments of a line (empty when the line does not start with a label, or with
/// the number of a numbered field and a label).
fn segments(text: &str) -> Vec<Segment> {
    let folded = Folded::new(text);
    let from = after_field_number(text);
    let Some(mut group) = group_at(text, &folded, skip_ws(text, from), Mode::Start)
        .or_else(|| label_after_damaged_part(text, &folded, from))
    else {
        // A short bilingual label OCR damaged past matching (`NOMERIEINASME` for `NOMBRE /
        // NAME`) still labels the value under it.
        return match labels::damaged_short_label_pair(text)[..] {
            [target] => vec![Segment {
                target,
                label: (0, text.len()),
                value: None,
                colon: false,
                beside: false,
            }],
            _ => Vec::new(),
        };
    };
    // After a field number a street word is a numbered value (`8. VIA ROMA 1` on a licence).
    if from > 0 && group.kind == Kind::Keep {
        return Vec::new();
    }
    let mut out: Vec<Segment> = Vec::new();
    loop {
        let (p, colon) = separator(text, group.end);
        if !colon
            && group.kind != Kind::Keep
            && let Some(next) = group_at(text, &folded, p, Mode::Chain).filter(|_| p < text.len())
        {
            // The same label in another language without a slash (`LIEU DE NAISSANCE
            // Place of birth`) is one label, not two columns.
            if next.target == group.target {
                group.end = next.end;
                continue;
            }
            out.push(Segment {
                target: group.target,
                label: (group.start, group.end),
                value: None,
                colon: false,
                beside: true,
            });
            group = next;
            continue;
        }
        // Inside free text (an authority, an address) label words are common
        // (`Sindaco del Comune di …`): there only `Label:` starts a new pair.
        let free_text = is_free_text(group.target);
        let next = word_starts(text, p).find_map(|w| {
            group_at(text, &folded, w, Mode::Mid)
                .filter(|g| !free_text || separator(text, g.end).1)
                .map(|g| (w, g))
        });
        let value_end = next.map_or(text.len(), |(w, _)| w);
        let value_start = if group.kind == Kind::Keep {
            group.start
        } else {
            p
        };
        let value = text
            .get(value_start..value_end)
            .map(str::trim_end)
            // Marks alone are no value (`N°` read as the label `N` and a `°`).
            .filter(|v| v.chars().any(char::is_alphanumeric))
            .filter(|v| {
                colon
                    || !(labels::is_damaged_label_of(v, group.target)
                        || (group.target == Target::Field(FieldName::Address)
                            && values::is_address_speck(v)))
            })
            .map(|v| (value_start, value_start + v.len()));
        let accepted = match group.kind {
            // A short label (`Nom`, `Code`) with a same-line value needs a colon.
            Kind::Strict => value.is_none() || colon,
            // A street word is only a label when something follows it.
            Kind::Keep => p < value_end,
            Kind::Normal => true,
        };
        if accepted {
            out.push(Segment {
                target: group.target,
                label: (group.start, group.end),
                value,
                colon,
                beside: true,
            });
        } else if out.is_empty() {
            return Vec::new();
        }
        match next {
            Some((_, g)) => group = g,
            None => break,
        }
    }
    out
}

/// Whether a target's value is free text that may contain label words.
fn is_free_text(target: Target) -> bool {
    matches!(
        target,
        Target::Residence
            | Target::Field(
                FieldName::IssuingAuthority
                    | FieldName::Address
                    | FieldName::BirthPlace
                    | FieldName::Municipality
            )
    )
}

/// Whether `next` breaks the case of the value whose first line is `first`: mostly lower case
/// under a value printed in capitals (`39239 DÜSSELDORF`, or `QUESTURA DI FORLì` with one
/// accented capital read small), or in sentence case under one that is not (`Ems (eDpsvnte
/// patilsiend by` under `Str.Memorandumului nr.116 ap.2`), it is a label OCR damaged (`Gr0e
/// egne Tat` for `Größe / Height`, `Emisă de / Issued by`), not the value's next line.
fn case_break(first: &str, next: &str) -> bool {
    let count =
        |t: &str, f: fn(&char) -> bool| t.chars().filter(|c| c.is_alphabetic() && f(c)).count();
    let lower = |c: &char| c.is_lowercase();
    let upper = |c: &char| c.is_uppercase();
    (count(first, upper) > 4 * count(first, lower) && count(next, lower) > count(next, upper))
        || (!labels::is_sentence_case(first) && labels::is_sentence_case(next))
}

/// Reads labelled values line by line.
#[derive(Debug)]
struct Reader<'p, 'a> {
    lines: &'p [Line<'a>],
    boxes: Vec<(usize, BBox)>,
    licence: bool,
    /// The boxes are the lines' own, levelled ([`OcrPage::levelled`]) or on a level page: the
    /// OCR gave the lines' angles. Without them a tilted page's boxes are taller than its lines
    /// (the more, the longer the line), and heights compare only loosely.
    own_boxes: bool,
    /// Lines already read as the value of a label placed elsewhere.
    used: Vec<bool>,
    /// The birth line of an Italian card and whether its place was read
    /// ([`italian_birth_line`]), found once, when a rule first asks ([`Reader::birth_line`]).
    birth_line: std::cell::OnceCell<Option<(usize, bool)>>,
    out: Builder,
}

/// At most this many candidate lines are weighed by the rules that pair or chain lines found by
/// their shape (rows of coded values): more is no identity document, and the cost grows with
/// their square or cube.
pub(crate) const MAX_SHAPED: usize = 64;

/// Years after which a date in the past cannot be an issue date of a valid document (the
/// longest validities are ten to fifteen years): a lone such date is a birth date.
const BIRTH_ONLY_YEARS: i32 = 16;

/// Confidence under which a line of more than one character is OCR noise, no value (a speck
/// beside a label read `AA`). Over 31 generated corpora's 3,800 pages, none of 355 such lines
/// was a value or part of one but by chance (`ES`, `20`); only sex markers, one letter, are read
/// a value that unsure.
const NOISE_BELOW: f32 = 0.3;

/// At most this many lines continue a multi-line value after its first line.
const MAX_CONTINUATION: usize = 3;

/// Whether a target's value may continue over several lines (an address, a long name; not a
/// municipality's name).
fn is_multi_line(target: Target) -> bool {
    (is_free_text(target) && target != Target::Field(FieldName::Municipality))
        || matches!(
            target,
            Target::Field(FieldName::Surname | FieldName::GivenNames)
        )
}

impl Reader<'_, '_> {
    fn read(&mut self) {
        // After `nato il 14/05/1987` the birth place may follow on the next line: `a ROMA`.
        let mut place_pending: Option<(usize, f32)> = None;
        for (i, line) in self.lines.iter().enumerate() {
            if line.mrz {
                continue;
            }
            if self.licence && !line.numbered.is_empty() {
                // A marker detected in a box of its own (`2.` apart from `GIAN LUCA`): the
                // value is the box right beside it.
                if let [(target, "")] = line.numbered[..]
                    && let Some(j) = self.beside_marker(i)
                {
                    self.emit_lines(target, Some(i), &[j], rule::NUMBERED);
                    continue;
                }
                self.out.current = vec![i];
                for &(target, value) in &line.numbered {
                    self.out
                        .emit(target, value, line.confidence * rule::NUMBERED);
                }
                continue;
            }
            if line.segments.is_empty() {
                if let Some((at, conf)) = place_pending.take() {
                    let t = line.text.trim_start();
                    if at + 1 == i && (t.starts_with("a ") || t.starts_with("A ")) {
                        self.out.current = vec![at, i];
                        self.out
                            .emit(Target::Field(FieldName::BirthPlace), &t[2..], conf);
                    }
                }
                continue;
            }
            place_pending = None;
            if line.segments.iter().all(|s| s.value.is_none()) || self.label_rest_over_authority(i)
            {
                self.values_elsewhere(i);
                continue;
            }
            self.out.current = vec![i];
            for (n, seg) in line.segments.iter().enumerate() {
                if seg.value.is_none() {
                    continue;
                }
                let r = if seg.colon { rule::COLON } else { rule::INLINE };
                let conf = line.confidence * r;
                // A free-text value that ends its line runs on into the rest of the line when
                // detection split it off on its row (`CORso VITTORI` `EMANUELE H 67 ROMA (RM)`).
                let rest = (n + 1 == line.segments.len())
                    .then(|| self.rest_of_line(seg.target, i))
                    .flatten();
                match rest {
                    Some(k) => {
                        let text = format!("{} {}", line.value(seg), self.lines[k].text.trim());
                        let before = self.out.accepted;
                        self.out.current = vec![i, k];
                        self.out
                            .emit(seg.target, &text, conf.min(self.lines[k].confidence * r));
                        self.used[k] |= self.out.accepted > before;
                        self.out.current = vec![i];
                    }
                    None => self.out.emit(seg.target, line.value(seg), conf),
                }
                if seg.target == Target::BirthDatePlace
                    && !self.out.fields.contains_key(&FieldName::BirthPlace)
                {
                    place_pending = Some((i, conf));
                }
            }
        }
    }

    /// Whether line `i` is an authority label alone whose same-line value is no authority but
    /// the rest of the label read past recognition (`Behorde Autharny Atott`), with an
    /// authority's name the next line under it (`STADT MÜNCHEN`): that line is the value.
    fn label_rest_over_authority(&self, i: usize) -> bool {
        let line = &self.lines[i];
        let [seg] = line.segments.as_slice() else {
            return false;
        };
        let under = line
            .bbox
            .and_then(|b| layout::next_under(b, &boxes_except(&self.boxes, i)));
        seg.target == Target::Field(FieldName::IssuingAuthority)
            && !values::is_authority(line.value(seg))
            && under
                .is_some_and(|j| self.is_value_line(j) && values::is_authority(self.lines[j].text))
    }

    /// The value box of licence marker line `i` that holds nothing but the marker: the nearest
    /// unused value box on its row that starts after the marker's start and ends after its end
    /// (the grown boxes of a small marker and its value overlap), at most two marker heights
    /// away.
    fn beside_marker(&self, i: usize) -> Option<usize> {
        let mb = self.lines[i].bbox?;
        let h = mb[3] - mb[1];
        self.boxes
            .iter()
            .filter(|&&(j, b)| {
                let cy = (b[1] + b[3]) / 2.0;
                j != i
                    && (mb[1]..=mb[3]).contains(&cy)
                    && b[0] > mb[0]
                    && b[2] > mb[2]
                    && b[0] - mb[2] <= 2.0 * h
                    && self.is_value_line(j)
                    && !self.used[j]
            })
            .min_by(|a, b| a.1[0].total_cmp(&b.1[0]))
            .map(|&(j, _)| j)
    }

    /// Whether line `j` can be a value: not MRZ, not a label line, not read as no value
    /// ([`Line::no_value`]).
    fn is_value_line(&self, j: usize) -> bool {
        self.lines.get(j).is_some_and(|l| {
            !l.mrz
                && l.segments.is_empty()
                && (!self.licence || l.numbered.is_empty())
                && !l.no_value()
        })
    }

    fn confidence(&self, label: usize, value: usize, r: f32) -> f32 {
        let c = |i: usize| self.lines.get(i).map_or(0.0, |l| l.confidence);
        c(label).min(c(value)) * r
    }

    /// Emits the value of label line `label` (none for a value found by its shape) read from
    /// lines `values` (joined with a space) and marks them used.
    fn emit_lines(&mut self, target: Target, label: Option<usize>, values: &[usize], r: f32) {
        if values.is_empty() {
            return;
        }
        let conf = values
            .iter()
            .map(|&j| match label {
                Some(label) => self.confidence(label, j, r),
                None => self.lines[j].confidence * r,
            })
            .fold(f32::MAX, f32::min);
        let text = values
            .iter()
            .map(|&j| self.lines[j].text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        // Lines stay free for other labels and shapes when they hold no value of this one
        // (`BARI (BA)` beside `Sesso / Sex` is no sex).
        let before = self.out.accepted;
        self.out.current = label.into_iter().chain(values.iter().copied()).collect();
        self.out.emit(target, &text, conf);
        if self.out.accepted > before {
            for &j in values {
                self.used[j] = true;
            }
        }
    }

    /// Whether line `j` may continue a multi-line value of `target`: an unused value line
    /// that is not a date or a bare number alone, nor a label OCR damaged (`COGROMEI
    /// SURAME`, `DRE DE DELNAANCE/Date`, `H04 DE/SoNDALIGHTER OE`), nor a height alone, nor an
    /// authority's name ([`values::is_authority`]) but for the authority; without digits for a
    /// name or a birth place.
    fn continues_text(&self, target: Target, j: usize) -> bool {
        let Some(line) = self.lines.get(j) else {
            return false;
        };
        let t = line.text.trim();
        let today = self.out.today;
        // Names and places have no digits (`DOMICLO1ADORE65` under a birth place is the next
        // label, damaged).
        let name = matches!(
            target,
            Target::Field(FieldName::Surname | FieldName::GivenNames | FieldName::BirthPlace)
        );
        // An authority's name (`SPCLEP Timișoara`) starts its own field, its label unreadable.
        let authority =
            || target != Target::Field(FieldName::IssuingAuthority) && values::is_authority(t);
        self.is_value_line(j)
            && !self.used[j]
            && !authority()
            && !labels::has_damaged_label_word(t)
            && !labels::holds_damaged_long_label(t)
            && !labels::has_sentence_case_translation(t)
            && (values::bare_number(t, today).is_none()
                // A postcode glued to its place (`88098PARIS`) is shaped like a number.
                || (target == Target::Field(FieldName::Address) && values::is_address_place(t)))
            && !values::is_bare_height(t)
            && crate::validate::date::parse_printed(t, DateRole::Expiry, today).is_none()
            && !(name && t.chars().any(|c| c.is_ascii_digit()))
    }

    /// The value lines of a single label: the first one, then (for multi-line targets) the
    /// lines that continue it. `beside` is set when the value sits right of its label, where
    /// a continuation line must have nothing on its left (that would be the next row's label).
    fn value_lines(
        &self,
        target: Target,
        first: usize,
        beside: bool,
        others: &[(usize, BBox)],
    ) -> Vec<usize> {
        let mut out = vec![first];
        if !is_multi_line(target) {
            return out;
        }
        out.extend(self.rest_of_line(target, first));
        let Some(first_box) = self.lines[first].bbox else {
            // No boxes: the next lines, up to a label.
            for j in first + 1..first + 1 + MAX_CONTINUATION {
                if !self.continues_text(target, j) {
                    break;
                }
                out.push(j);
            }
            return out;
        };
        let mut prev = first_box;
        while out.len() <= MAX_CONTINUATION {
            // The next line in the column first: on a tilted page its box may reach up too far
            // to count as below.
            let next = layout::next_under(prev, others);
            let Some(j) = next else {
                break;
            };
            let Some(next) = self.lines[j].bbox else {
                break;
            };
            // A Romanian place names one county (`Jud.CJ Mun.Cluj-Napoca`): a second is the
            // next field's (the address's, its label unreadable).
            let county = |k: usize| values::names_county(self.lines[k].text);
            if out.contains(&j)
                || !self.continues_text(target, j)
                || (county(j) && out.iter().any(|&k| county(k)))
                || case_break(self.lines[first].text, self.lines[j].text)
                || !layout::continues(
                    first_box,
                    prev,
                    next,
                    if self.own_boxes { 0.75 } else { 0.6 },
                )
                || (beside && layout::has_left_neighbour(next, others))
                || self.label_between(prev, next)
            {
                break;
            }
            out.push(j);
            out.extend(self.rest_of_line(target, j).filter(|k| !out.contains(k)));
            prev = next;
        }
        out
    }

    /// The rest of line `j` of a free-text value of `target` that detection split off on its
    /// row (`CORso VITTORI` `EMANUELE H 67 ROMA (RM)`), on levelled boxes: the box right after
    /// it ([`layout::same_line_after`]) that may continue the value.
    fn rest_of_line(&self, target: Target, j: usize) -> Option<usize> {
        if !self.own_boxes || !is_free_text(target) {
            return None;
        }
        let b = self.lines[j].bbox?;
        let k = layout::right_of(b, &boxes_except(&self.boxes, j))?;
        let kb = self.lines[k].bbox?;
        (layout::same_line_after(b, kb) && self.continues_text(target, k)).then_some(k)
    }

    /// Whether a label's box stands between two lines of a column, below `upper` and above
    /// `lower`, reaching over `lower` (a tilted page's boxes overlap: the address's label between
    /// a Romanian birth place and the address's county line), or a box of four characters or
    /// more read unsure there, a label read past recognition (`CMBR6` for `NOMBRE`), or one
    /// that ends in a field number (`s (2)`, the end of `Nome/Given names/Prénoms (2)`).
    fn label_between(&self, upper: BBox, lower: BBox) -> bool {
        let centre = layout::centre_y;
        // A label read past recognition: four characters or more, read unsure (`CMBR6`), or
        // the end of one with its field number (`s (2)`).
        let garbled = |l: &Line<'_>| {
            let t = l.text.trim_end();
            let numbered = t
                .rfind('(')
                .is_some_and(|at| field_number(&t[at..]) == Some(""));
            numbered
                || (l.confidence < 0.7 && t.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
        };
        self.boxes.iter().any(|&(k, kb)| {
            (!self.lines[k].segments.is_empty() || garbled(&self.lines[k]))
                && centre(kb) > centre(upper)
                && centre(kb) < centre(lower)
                && kb[0] < lower[2]
                && kb[2] > lower[0]
        })
    }

    /// The value box of a single label with box `lb`: the adjacent box on its right (or any
    /// box on its right after a `:`), otherwise the box below, otherwise the box on its right.
    /// Returns the line and whether it is beside the label (rather than below).
    fn value_box(
        &self,
        i: usize,
        target: Target,
        lb: BBox,
        others: &[(usize, BBox)],
    ) -> Option<(usize, bool)> {
        // On a tilted page a value's box may reach up too far into its label's to count as
        // below it: the next line in the label's column is taken then.
        // The next line in the column wins too when it is nearer than the box below (a
        // value's box grown up into its label's, another column's box lower beside it).
        let below = layout::below(lb, (lb[0], lb[2]), others).filter(|&j| self.is_value_line(j));
        let column = layout::next_in_column(lb, others).filter(|&j| self.is_value_line(j));
        let centre = |j: usize| self.lines[j].bbox.map_or(f32::MAX, |b| (b[1] + b[3]) / 2.0);
        let below = match (below, column) {
            (Some(b), Some(c)) if centre(c) < centre(b) => Some(c),
            (b, c) => b.or(c),
        };
        // A box under another label is that label's value, even when it sits level with this
        // one (`Surname` beside `Country code`, whose value `LUX` is lower), or next in that
        // label's column on a tilted page (`GRÜN` under `Augenfarbe`, level with `Behörde`).
        let under_other_label = |j: usize| {
            self.lines[j].bbox.is_some_and(|jb| {
                let candidate = [(j, jb)];
                self.boxes.iter().any(|&(k, kb)| {
                    k != i
                        && !self.lines[k].segments.is_empty()
                        && (layout::below(kb, (kb[0], kb[2]), &candidate).is_some()
                            || layout::next_in_column(kb, &candidate).is_some())
                })
            })
        };
        let beside = self.lines[i].segments.iter().all(|s| s.beside);
        // A speck beside a label, under half its height, is no value (levelled boxes only: a
        // tilted label's upright box is taller the longer it is).
        let speck = |j: usize| {
            self.own_boxes
                && self.lines[j]
                    .bbox
                    .is_some_and(|b| b[3] - b[1] < 0.5 * (lb[3] - lb[1]))
        };
        let right = layout::right_of(lb, others)
            .filter(|&j| beside && self.is_value_line(j) && !under_other_label(j) && !speck(j));
        let colon = self.lines[i].text.trim_end().ends_with(':');
        let adjacent = |j: usize| {
            self.lines[j]
                .bbox
                .is_some_and(|b| b[0] - lb[2] <= 3.0 * (lb[3] - lb[1]))
        };
        // A value beside its label that is no value of the field gives way to one below it
        // that is (another column's value printed level with the label: a height beside `SEX`).
        let fits = |j: usize| match target {
            // Dates are judged by their own parser later.
            Target::Field(
                field @ (FieldName::Sex
                | FieldName::Nationality
                | FieldName::IssuingCountry
                | FieldName::HeightCm
                | FieldName::LicenceCategories
                | FieldName::Municipality),
            ) => values::field_value(field, self.lines[j].text).is_some(),
            // The rest of a label split into boxes (`Atorta/Authornty` `yYlAutocné ()`) is
            // no authority; the office under it is.
            Target::Field(FieldName::IssuingAuthority) => values::is_authority(self.lines[j].text),
            _ => true,
        };
        let misfit = |r: usize| !fits(r) && below.is_some_and(fits);
        match (below, right) {
            (_, Some(r)) if (colon || adjacent(r) || below.is_none()) && !misfit(r) => {
                Some((r, true))
            }
            (Some(b), _) => Some((b, false)),
            _ => None,
        }
    }

    /// Values of a label-only line: below it, to its right, or on the next line.
    fn values_elsewhere(&mut self, i: usize) {
        let Some(line) = self.lines.get(i) else {
            return;
        };
        let targets: Vec<Target> = line.segments.iter().map(|s| s.target).collect();
        let others = boxes_except(&self.boxes, i);
        if let Some(lb) = line.bbox {
            if let [seg] = line.segments.as_slice() {
                if let Some((j, beside)) = self.value_box(i, seg.target, lb, &others) {
                    let values = self.value_lines(seg.target, j, beside, &others);
                    let r = if beside {
                        rule::RIGHT_BOX
                    } else {
                        rule::BELOW_BOX
                    };
                    self.emit_lines(seg.target, Some(i), &values, r);
                }
                return;
            }
            // Several labels: a value box under each, or one row to split.
            let under: Vec<Option<usize>> = line
                .segments
                .iter()
                .map(|s| {
                    let xs = layout::char_range(line.text, lb, s.label.0, s.label.1);
                    layout::below(lb, xs, &others).filter(|&j| self.is_value_line(j))
                })
                .collect();
            let found: Vec<usize> = under.iter().flatten().copied().collect();
            let distinct = found
                .iter()
                .enumerate()
                .all(|(a, x)| !found[..a].contains(x));
            if found.len() >= 2 && distinct {
                for (seg, j) in line.segments.iter().zip(&under) {
                    if let Some(j) = *j {
                        self.emit_lines(seg.target, Some(i), &[j], rule::COLUMN_BOX);
                    }
                }
                return;
            }
            if let Some(j) = layout::below(lb, (lb[0], lb[2]), &others) {
                self.split_row(i, j, &targets);
            }
            return;
        }
        let j = i + 1;
        if let [seg] = line.segments.as_slice() {
            if self.is_value_line(j) {
                let values = self.value_lines(seg.target, j, false, &others);
                self.emit_lines(seg.target, Some(i), &values, rule::NEXT_LINE);
            }
        } else {
            self.split_row(i, j, &targets);
        }
    }

    /// Splits value row `j` into the columns of label row `i`.
    fn split_row(&mut self, i: usize, j: usize, targets: &[Target]) {
        if !self.is_value_line(j) {
            return;
        }
        let conf = self.confidence(i, j, rule::COLUMN_SPLIT);
        if let Some(parts) = layout::split_columns(self.lines[j].text, targets) {
            self.used[j] = true;
            self.out.current = vec![i, j];
            for (target, part) in targets.iter().zip(&parts) {
                self.out.emit(*target, part, conf);
            }
        }
    }

    /// Reads the first unused value line whose text has the shape `is` (given the line index,
    /// text and the judging day) as `target`, with the confidence of a value found by its
    /// shape alone.
    fn shaped(&mut self, target: Target, is: impl Fn(usize, &str, Date) -> bool) {
        let today = self.out.today;
        let found = (0..self.lines.len()).find(|&j| {
            !self.used[j] && self.is_value_line(j) && is(j, self.lines[j].text.trim(), today)
        });
        if let Some(j) = found {
            self.emit_lines(target, None, &[j], rule::SHAPE);
        }
    }

    /// Sex, height and nationality printed as a row of short values under a row of labels
    /// (`M   188   ITA` on the front of the Italian CIE). When the labels were unreadable, a
    /// row that holds two of these shapes (a sex marker, a height, a known country code), each
    /// alone in its box and read with a confidence of 0.6 or more (the row is the stronger
    /// evidence), gives the fields no label gave (a height or a code a label gave counts for
    /// the row). A sex marker read with less (a lone `M` at 0.21: OCR is unsure of one small
    /// letter) counts too when drawn more than half as tall as the row's other values, and
    /// otherwise only in a row that holds the other two. Outside the header; rows are followed
    /// box to box, so a tilted page keeps them.
    fn coded_row(&mut self, top: &[bool]) {
        #[derive(Clone, Copy, PartialEq)]
        enum Kind {
            Sex,
            Height,
            Country,
        }
        let kind = |j: usize| {
            let l = &self.lines[j];
            let t = l.text.trim();
            // A height or a country code a label took already still marks the row (`M` beside
            // an `ESP` read under its nationality label, the sex label lost).
            let coded = values::is_bare_height(t) || values::is_country_code(t);
            let marker = matches!(t, "M" | "F" | "X");
            if self.used[j] && !coded || (l.confidence < 0.6 && !marker) {
                return None;
            }
            if marker {
                Some(Kind::Sex)
            } else if values::is_bare_height(t) {
                Some(Kind::Height)
            } else if values::is_country_code(t) {
                Some(Kind::Country)
            } else {
                None
            }
        };
        let shaped: Vec<(usize, BBox, Kind)> = self
            .boxes
            .iter()
            .filter(|&&(j, _)| top.get(j) != Some(&true) && self.is_value_line(j))
            .filter_map(|&(j, b)| Some((j, b, kind(j)?)))
            .collect();
        // A page holds a few such values; hundreds are no document (and would cost cubic time).
        if shaped.len() > MAX_SHAPED {
            return;
        }
        for &start in &shaped {
            let mut row = vec![start];
            while let Some(&next) = shaped.iter().find(|&&(j, b, _)| {
                !row.iter().any(|&(k, _, _)| k == j)
                    && row.iter().any(|&(_, r, _)| layout::same_row(r, b))
            }) {
                row.push(next);
            }
            let distinct = [Kind::Sex, Kind::Height, Kind::Country]
                .iter()
                .filter(|&&k| row.iter().any(|r| r.2 == k))
                .count();
            // A marker read unsure at half the height of the row's other values or less is
            // no letter OCR was unsure of but a speck it read as one.
            let tallest = row.iter().map(|r| layout::height(r.1)).fold(0.0, f32::max);
            let speck = (row.iter()).any(|&(j, b, _)| {
                self.lines[j].confidence < 0.6 && 2.0 * layout::height(b) <= tallest
            });
            if distinct < 2 + usize::from(speck) || row.len() != distinct {
                continue;
            }
            for (j, _, k) in row {
                let name = match k {
                    Kind::Sex => FieldName::Sex,
                    Kind::Height => FieldName::HeightCm,
                    Kind::Country => FieldName::Nationality,
                };
                if !self.out.fields.contains_key(&name) {
                    self.emit_lines(Target::Field(name), None, &[j], rule::SHAPE);
                }
            }
            return;
        }
    }

    /// Dates alone on their lines whose labels were unreadable, outside driving licences (whose
    /// backs list dates per category): the one future date left is the expiry; on a document
    /// valid today, the one date left that lies [`BIRTH_ONLY_YEARS`] or more in the past is the
    /// birth date, as no identity document stays valid that long after its issue; with birth
    /// and expiry known, the one date left after the birth and at most [`MAX_VALIDITY_YEARS`]
    /// before the expiry is the issue date.
    fn dates_by_shape(&mut self) {
        if self.licence {
            return;
        }
        let today = self.out.today;
        let has = |r: &Self, name| r.out.fields.contains_key(&name);
        let dates = |r: &Self, role, keep: &dyn Fn(Date) -> bool| -> Vec<usize> {
            (0..r.lines.len())
                .filter(|&j| {
                    !r.used[j]
                        && r.is_value_line(j)
                        && crate::validate::date::parse_printed(r.lines[j].text, role, today)
                            .is_some_and(keep)
                })
                .collect()
        };
        if !has(self, FieldName::ExpiryDate)
            && let [j] = dates(self, DateRole::Expiry, &|d| d > today)[..]
        {
            self.emit_lines(
                Target::Field(FieldName::ExpiryDate),
                None,
                &[j],
                rule::SHAPE,
            );
        }
        let Some(limit) = today.replace_year(today.year() - BIRTH_ONLY_YEARS).ok() else {
            return;
        };
        let valid = self
            .out
            .fields
            .get(&FieldName::ExpiryDate)
            .is_some_and(|f| f.value.as_str() >= iso(today).as_str());
        if valid
            && !has(self, FieldName::BirthDate)
            && let [j] = dates(self, DateRole::Birth, &|d| d <= limit)[..]
        {
            self.emit_lines(Target::Field(FieldName::BirthDate), None, &[j], rule::SHAPE);
        }
        // Birth and expiry known: the one date left between the birth and today, and no more
        // than the longest validity before the expiry, is the issue date.
        let date_of = |r: &Self, name| {
            let f = r.out.fields.get(&name)?;
            crate::validate::date::parse_iso(&f.value)
        };
        if valid
            && !has(self, FieldName::IssueDate)
            && let (Some(birth), Some(expiry)) = (
                date_of(self, FieldName::BirthDate),
                date_of(self, FieldName::ExpiryDate),
            )
            && let Ok(earliest) = expiry.replace_year(expiry.year() - MAX_VALIDITY_YEARS)
            && let [j] = dates(self, DateRole::Issue, &|d| {
                d > birth && d <= today && d >= earliest
            })[..]
        {
            self.emit_lines(Target::Field(FieldName::IssueDate), None, &[j], rule::SHAPE);
        }
    }

    /// An address whose label was unreadable, found by its street line ([`values::is_street`])
    /// (anywhere: a header holds no house number), with the place lines of the same block
    /// ([`values::is_address_place`]): up to two right below it (`35583 MARSEILLE`;
    /// `BARCELONA` twice), else the one right above it (`14837 BERLIN` over `GARTENWEG 84`,
    /// `Jud.TM Mun.Timișoara` over `Str.Memorandumului nr.33`). An address has its place on one
    /// side: a place name alone above a street with its places below is another field's (the
    /// birth place on a Spanish card); one with a postcode or a county is still the address's.
    fn address_by_shape(&mut self) {
        let address = Target::Field(FieldName::Address);
        let free = |j: usize| self.continues_text(address, j);
        let place = |j: usize| free(j) && values::is_address_place(self.lines[j].text);
        let Some(street) =
            (0..self.lines.len()).find(|&j| free(j) && values::is_street(self.lines[j].text))
        else {
            return;
        };
        let mut block = vec![street];
        block.extend(self.rest_of_line(address, street));
        let Some(sb) = self.lines[street].bbox else {
            return self.emit_lines(address, None, &block, rule::SHAPE);
        };
        let mut prev = sb;
        for _ in 0..2 {
            match layout::next_in_column(prev, &self.boxes) {
                Some(j) if place(j) => {
                    block.push(j);
                    prev = self.lines[j].bbox.unwrap_or(prev);
                }
                _ => break,
            }
        }
        let heads_block = |j: usize| {
            let t = self.lines[j].text;
            block.len() == 1
                || t.contains(|c: char| c.is_ascii_digit())
                || values::is_romanian_place(t)
        };
        let above = self
            .boxes
            .iter()
            .filter(|&&(k, kb)| {
                k != street
                    && layout::next_in_column(kb, &self.boxes) == Some(street)
                    && place(k)
                    && heads_block(k)
            })
            .max_by(|(_, a), (_, b)| (a[1] + a[3]).total_cmp(&(b[1] + b[3])));
        if let Some(&(k, _)) = above {
            block.insert(0, k);
        }
        self.emit_lines(address, None, &block, rule::SHAPE);
    }

    /// The birth line of an Italian card ([`italian_birth_line`]), found on first use.
    fn birth_line(&self) -> Option<(usize, bool)> {
        *self
            .birth_line
            .get_or_init(|| italian_birth_line(self.lines, self.out.today))
    }

    /// Identity-card fronts print the names in one column right above the birth date: the
    /// Italian CIE the municipality, the surname and the given names above the birth place and
    /// date (`BARI (BA) 26.04.2005`), others (German, for one) the surname and the given names
    /// above the birth date. When labels were unreadable, the name-shaped lines of that column,
    /// from the nearest up, are the given names, the surname and (on an `italian` card) the
    /// municipality (a line read unsure that names no municipality is passed over). On an
    /// Italian card nothing is filled when one of them contradicts a value read under its label
    /// with more confidence (a less confident one is replaced); elsewhere the column is only
    /// read when no name was, under a birth date read alone on its line.
    fn name_column(&mut self, italian: bool) {
        let today = self.out.today;
        let italian_birth = italian
            .then(|| self.birth_line())
            .flatten()
            .and_then(|(j, _)| self.lines[j].bbox);
        let has = |name| self.out.fields.contains_key(&name);
        let birth_alone = || {
            if has(FieldName::Surname) || has(FieldName::GivenNames) {
                return None;
            }
            self.out
                .lines_of
                .get(&FieldName::BirthDate)?
                .iter()
                .rev()
                .map(|&j| &self.lines[j])
                .filter(|l| {
                    l.segments.is_empty()
                        && crate::validate::date::parse_printed(l.text, DateRole::Birth, today)
                            .is_some()
                })
                .find_map(|l| l.bbox)
        };
        let (birth, roles): (BBox, &[FieldName]) = match italian_birth {
            Some(b) => (
                b,
                &[
                    FieldName::GivenNames,
                    FieldName::Surname,
                    FieldName::Municipality,
                ],
            ),
            None => match birth_alone() {
                Some(b) => (b, &[FieldName::GivenNames, FieldName::Surname]),
                None => return,
            },
        };
        let h = birth[3] - birth[1];
        // Names are printed as high as the birth line (0.81 of it at least over 1,232 name
        // lines of the generated corpora, their boxes levelled; 0.47 by the upright boxes of
        // tilted lines); a label's small print is lower (`SOH` and `NAE` for `NOME / NAME`,
        // 0.52 and 0.62). The column ends at a gap of more than a label and its spacing: three
        // line heights (two and a half of a tilted line's taller upright box).
        let (least, gap) = if self.own_boxes {
            (0.7, 3.0)
        } else {
            (0.4, 2.5)
        };
        let mut column = self.column_above(birth, |l, b| {
            // A name read with a digit or one stray mark (`D ALES5IO`, `LOMBARD%`) stays in
            // the column and stops it below: the lines above it are not the next roles.
            // One word with one digit or stroke for a letter (`RUSS0`, `LOMBARD{`), or one
            // small letter (`RICCi`), is read as that name.
            let t = l.text.trim();
            let marks = |c: &char| !c.is_alphanumeric() && !matches!(c, ' ' | '\'' | '’' | '-');
            let unmarked: String = t.chars().filter(|c| !marks(c)).collect();
            t.chars().filter(marks).count() <= 1
                && values::is_name_nearly_in_capitals(&crate::translit::digits_as_letters(
                    &unmarked,
                ))
                && !labels::has_damaged_label_word(l.text)
                && !labels::holds_garbled_long_label(l.text)
                && b[3] - b[1] >= least * h
                && !l.no_value()
        });
        column.sort_by(|a, b| b.1[3].total_cmp(&a.1[3]));
        let mut found = Vec::new();
        let mut above = birth[1];
        let mut roles = roles.iter();
        // A label whose row detection split into boxes (`O00EGATAD` `SOSTA` `RAEAODȘTEO`) has
        // a box of four characters or more right after it: no name, and no end of the column.
        let split_label_row = |j: usize, b: BBox| {
            self.boxes.iter().any(|&(k, kb)| {
                k != j
                    && layout::same_line_after(b, kb)
                    && self.lines[k].text.trim().chars().count() >= 4
            })
        };
        for &(j, b) in &column {
            if above - b[3] > gap * h {
                break;
            }
            above = b[1];
            let raw = self.lines[j].text;
            if !values::is_name_nearly_in_capitals(raw.trim()) && !is_one_misread_name(raw) {
                if split_label_row(j, b) {
                    continue;
                }
                break;
            }
            let Some(&name) = roles.as_slice().first() else {
                break;
            };
            let value = match name {
                FieldName::Municipality => values::municipality(raw),
                _ => values::name(raw),
            };
            let Some(value) = value else { break };
            // The municipality is a municipality: a line in its place that names none, read
            // unsure, is a label OCR garbled past recognition (`COGNCNE SLRNAStE`), and the
            // municipality may stand above it.
            let named = || crate::validate::places::municipality_anywhere(&value).is_some();
            if name == FieldName::Municipality && self.lines[j].confidence < 0.9 && !named() {
                continue;
            }
            roles.next();
            let conf = self.lines[j].confidence * rule::SHAPE;
            match self.out.fields.get(&name) {
                Some(read) if read.value == value => {}
                // A label's value read with more confidence contradicts the column.
                Some(read) if read.confidence >= conf => return,
                _ => found.push((name, value, conf, j)),
            }
        }
        for (name, value, conf, j) in found {
            self.out.current = vec![j];
            self.out.put(name, Field::new(value, conf, Source::Viz));
        }
    }

    /// Identity cards print the surname right above the given names' label (ICAO 9303's order,
    /// followed by every card in the label table). With the surname's label unreadable and the
    /// given names read under theirs, the name-shaped line next above that label in its column
    /// is the surname.
    fn surname_above_given_names(&mut self) {
        let has = |name| self.out.fields.contains_key(&name);
        if has(FieldName::Surname) || !has(FieldName::GivenNames) {
            return;
        }
        let given = Target::Field(FieldName::GivenNames);
        let label = self.boxes.iter().find(|&&(i, _)| {
            matches!(self.lines[i].segments.as_slice(), [seg] if seg.target == given && seg.value.is_none())
        });
        let Some(&(i, _)) = label else {
            return;
        };
        let above = self.boxes.iter().find(|&&(j, b)| {
            j != i && layout::next_in_column(b, &boxes_except(&self.boxes, j)) == Some(i)
        });
        let Some(&(j, _)) = above else {
            return;
        };
        let line = &self.lines[j];
        if !line.segments.is_empty()
            || line.confidence < 0.6
            || !values::is_name_in_capitals(line.text.trim())
            || labels::has_damaged_label_word(line.text)
        {
            return;
        }
        if let Some(value) = values::name(line.text) {
            self.put_placed(FieldName::Surname, value, j, rule::SHAPE);
        }
    }

    /// A French identity card prints the surname (in capitals) and the given names (as
    /// written, `Jean-Baptiste, Hugo`) first under its title, in the column of the birth place
    /// below them. With every label unreadable and the birth place read by its shape, the
    /// first two lines of that column read with confidence (0.8 or more: damaged labels are
    /// read with less), a surname then given names, are they (titles and lines of document
    /// words are not in the column).
    fn names_above_french_birth_place(&mut self) {
        let has = |name| self.out.fields.contains_key(&name);
        if has(FieldName::Surname) || has(FieldName::GivenNames) {
            return;
        }
        let Some(p) = self.field_box(FieldName::BirthPlace) else {
            return;
        };
        let mut column = self.column_above(p, |l, _| {
            !l.text.split_whitespace().all(labels::is_document_word)
        });
        column.sort_by(|a, b| a.1[1].total_cmp(&b.1[1]));
        let given_shaped = |t: &str| {
            t.split([' ', ',', '-']).filter(|w| !w.is_empty()).all(|w| {
                w.starts_with(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’'))
            }) && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        };
        // Labels damaged past reading (`NOM7Sum`), read with less confidence, are no names.
        let mut names = column
            .iter()
            .filter(|&&(j, _)| self.lines[j].confidence >= 0.8);
        let (Some(&(s, _)), Some(&(g, _))) = (names.next(), names.next()) else {
            return;
        };
        let (surname, given) = (self.lines[s].text.trim(), self.lines[g].text.trim());
        // The surname may hold one digit read for a letter (`DUB0IS`).
        let surname_shaped = values::is_name_in_capitals(surname) || is_one_misread_name(surname);
        if !surname_shaped || !given_shaped(given) {
            return;
        }
        for (j, name, raw) in [
            (s, FieldName::Surname, surname),
            (g, FieldName::GivenNames, given),
        ] {
            if let Some(value) = values::name(raw) {
                self.put_placed(name, value, j, rule::SHAPE);
            }
        }
    }

    /// A Spanish card front prints both surnames on one line first under its title, then the
    /// given names: with both names' labels unreadable, the first line under the title (a line
    /// of document words in the `top` part) that reads as a name in capitals of two words or
    /// more, with confidence (≥ 0.8) and no label, is the surname, and the next such line in
    /// its column the given names.
    fn names_under_spanish_title(&mut self, top: &[bool]) {
        let has = |name| self.out.fields.contains_key(&name);
        if has(FieldName::Surname) || has(FieldName::GivenNames) {
            return;
        }
        let document_words = |j: usize| {
            self.lines[j]
                .text
                .split_whitespace()
                .all(labels::is_document_word)
        };
        let title = self
            .boxes
            .iter()
            .filter(|&&(j, _)| top.get(j) == Some(&true) && document_words(j))
            .map(|&(_, b)| (b[1] + b[3]) / 2.0)
            .max_by(f32::total_cmp);
        let Some(title) = title else {
            return;
        };
        let names = self.capitals_lines(0.8, |j, b| b[1] >= title && !document_words(j));
        let Some(&(s, sb)) = names.iter().min_by(|a, b| a.1[1].total_cmp(&b.1[1])) else {
            return;
        };
        if self.lines[s].text.split_whitespace().count() < 2 {
            return;
        }
        let Some(g) = layout::next_under(sb, &names) else {
            return;
        };
        for (j, name) in [(s, FieldName::Surname), (g, FieldName::GivenNames)] {
            if let Some(value) = values::name(self.lines[j].text) {
                self.put_placed(name, value, j, rule::SHAPE);
            }
        }
    }

    /// A Spanish card's back prints the birth place right above the address, each under its
    /// label: with the birth place's label unreadable, the nearest line before the street line
    /// ([`values::is_street`]) that is a place name alone ([`values::is_address_place`], no
    /// postcode) is the birth place ([`Self::birth_place_above`]).
    fn birth_place_above_spanish_address(&mut self) {
        if let Some(street) = (0..self.lines.len()).find(|&j| values::is_street(self.lines[j].text))
        {
            self.birth_place_above(street, |t| {
                !t.contains(|c: char| c.is_ascii_digit()) && values::is_address_place(t)
            });
        }
    }

    /// A Romanian card prints the birth place right above the address (`Jud.CJ Mun.Cluj-Napoca`
    /// over `Jud.CT Mun.Constanța` / `Str.…`), each under its label: with the birth place's
    /// label unread and the address read, the nearest line before the address's first that is
    /// a Romanian place ([`values::is_romanian_place`]) is the birth place
    /// ([`Self::birth_place_above`]).
    fn birth_place_above_romanian_address(&mut self) {
        if let Some(&first) = self
            .out
            .lines_of
            .get(&FieldName::Address)
            .and_then(|lines| lines.first())
        {
            self.birth_place_above(first, values::is_romanian_place);
        }
    }

    /// The birth place printed above line `below`: the nearest line before it past label lines
    /// (labels read or damaged, or lines read with less confidence than 0.8), when it starts in
    /// `below`'s column, is unused and no MRZ line, and `is_place` says its text is a place.
    fn birth_place_above(&mut self, below: usize, is_place: impl Fn(&str) -> bool) {
        let Some(sb) = self.lines[below].bbox else {
            return;
        };
        let label = |l: &Line<'_>| {
            !l.segments.is_empty() || labels::has_damaged_label_word(l.text) || l.confidence < 0.8
        };
        let place = (0..below)
            .rev()
            .map(|j| (j, &self.lines[j]))
            .find(|(_, l)| !label(l));
        let Some((j, line)) = place else {
            return;
        };
        let in_column = line
            .bbox
            .is_some_and(|b| (b[0] - sb[0]).abs() <= b[3] - b[1]);
        if in_column && !self.used[j] && !line.mrz && is_place(line.text) {
            let place = Target::Field(FieldName::BirthPlace);
            self.emit_lines(place, None, &[j], rule::SHAPE);
        }
    }

    /// The box of the first line a field read so far was read from.
    fn field_box(&self, name: FieldName) -> Option<BBox> {
        let first = *self.out.lines_of.get(&name)?.first()?;
        self.lines[first].bbox
    }

    /// The boxes of the unused lines without a label that read as capitals (names, places)
    /// with a confidence of `min_confidence` or more, and what `keep` asks of a line's index
    /// and box.
    fn capitals_lines(
        &self,
        min_confidence: f32,
        keep: impl Fn(usize, BBox) -> bool,
    ) -> Vec<(usize, BBox)> {
        self.boxes
            .iter()
            .copied()
            .filter(|&(j, b)| {
                let l = &self.lines[j];
                !self.used[j]
                    && l.confidence >= min_confidence
                    && l.segments.is_empty()
                    && values::is_name_in_capitals(l.text.trim())
                    && keep(j, b)
            })
            .collect()
    }

    /// A German card front prints its fields down one column (surname, given names, birth
    /// date, nationality, birth place, expiry): with the birth place's label unreadable, the
    /// birth place is the next line under the nationality in its column that reads as a place
    /// in capitals, with confidence (≥ 0.6) and no label.
    fn birth_place_under_nationality(&mut self) {
        if self.out.fields.contains_key(&FieldName::BirthPlace) {
            return;
        }
        let Some(n) = self.field_box(FieldName::Nationality) else {
            return;
        };
        let places = self.capitals_lines(0.6, |_, _| true);
        if let Some(j) = layout::next_under(n, &places)
            && let Some(place) = values::birth_place(self.lines[j].text)
        {
            self.put_placed(FieldName::BirthPlace, place, j, rule::SHAPE);
        }
    }

    /// Last-resort shapes: a codice fiscale anywhere; on identity cards an Italian card number
    /// (unless the header names another `country`), a Spanish support number or a French card
    /// number alone on its line, then a bare
    /// number-shaped token alone on a line in the `top` part.
    fn patterns(&mut self, doc: DocumentType, country: Option<&str>, top: &[bool]) {
        let lines = self.lines;
        let tokens = || {
            lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.mrz)
                .flat_map(|(j, l)| {
                    l.text
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .filter(|t| !t.is_empty())
                        .map(move |t| (values::code_in_capitals(t), l.confidence, j))
                })
        };
        if !self.out.fields.contains_key(&FieldName::FiscalCode) {
            let found = self
                .lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.mrz)
                .find_map(|(j, l)| Some((fiscal_code::find(l.text)?, l.confidence, j)));
            if let Some((code, c, j)) = found {
                self.out.current = vec![j];
                let field = Field::new(code, c * rule::FISCAL_PATTERN, Source::Viz);
                self.out.put(FieldName::FiscalCode, field);
            }
        }
        let card = matches!(doc, DocumentType::IdCard | DocumentType::ResidencePermit);
        let italian = matches!(country, None | Some("ITA"));
        let has = |f: &Fields, name| f.contains_key(&name);
        if !has(&self.out.fields, FieldName::IssueDate)
            && !has(&self.out.fields, FieldName::ExpiryDate)
        {
            self.shaped(Target::Validity, |_, l, today| {
                values::date_range(l, today).is_some()
            });
        }
        if country == Some("ROU") && !has(&self.out.fields, FieldName::BirthPlace) {
            let place = Target::Field(FieldName::BirthPlace);
            self.shaped(place, |_, l, _| values::is_romanian_place(l));
        }
        if country == Some("FRA") && !has(&self.out.fields, FieldName::BirthPlace) {
            let place = Target::Field(FieldName::BirthPlace);
            self.shaped(place, |_, l, _| values::french_place(l).is_some());
        }
        if italian && !has(&self.out.fields, FieldName::BirthPlace) {
            self.shaped(Target::BirthDatePlace, |_, l, today| {
                let rest = match values::find_date(l, DateRole::Birth, today) {
                    Some(found) => format!("{} {}", found.before, found.after),
                    None => l.to_owned(),
                };
                values::italian_place(&rest).is_some()
            });
        }
        if italian && card && !has(&self.out.fields, FieldName::BirthDate) {
            // The birth line whose place OCR could not read: its date alone.
            if let Some((j, false)) = self.birth_line()
                && !self.used[j]
                && self.is_value_line(j)
            {
                self.emit_lines(Target::Field(FieldName::BirthDate), None, &[j], rule::SHAPE);
            }
        }
        if !has(&self.out.fields, FieldName::Nationality) {
            // A nationality word alone on its line (`DEUTSCH` on German identity cards), below
            // the header.
            let nationality = Target::Field(FieldName::Nationality);
            self.shaped(nationality, |j, l, _| {
                top.get(j) != Some(&true) && values::is_nationality_word(l)
            });
        }
        if !has(&self.out.fields, FieldName::IssuingAuthority) {
            // Below the page's header, which names the state or a ministry as a title.
            let authority = Target::Field(FieldName::IssuingAuthority);
            self.shaped(authority, |j, l, _| {
                top.get(j) != Some(&true) && values::is_authority(l)
            });
        }
        if !self.licence && !has(&self.out.fields, FieldName::HeightCm) {
            // A height alone on its line (`176`, `176 cm`, `1,76 m`) under an unreadable label;
            // without its unit not in the header, where a bare number is the document's;
            // printed level and read with confidence (a vertical margin number is no height),
            // less of it with its unit (`182cm` read at 0.74).
            let height = Target::Field(FieldName::HeightCm);
            let level = |j: usize, unit: bool| {
                let l = &self.lines[j];
                l.confidence >= if unit { 0.6 } else { 0.8 }
                    && l.bbox.is_none_or(|b| b[2] - b[0] > b[3] - b[1])
            };
            self.shaped(height, |j, l, _| {
                let unit = values::has_height_unit(l);
                (top.get(j) != Some(&true) || unit) && level(j, unit) && values::is_bare_height(l)
            });
        }
        if !self.licence {
            self.coded_row(top);
        }
        if doc == DocumentType::IdCard
            && country.is_some()
            && !has(&self.out.fields, FieldName::Nationality)
        {
            // On an identity card whose header names its country, a known country code alone
            // on its line and read with confidence, below the header: the nationality, when the
            // row it shares with the sex marker lost its labels and its marker (`ESP` on a
            // Spanish card). Without such a header a lone code may be anything.
            let confident: Vec<bool> = self.lines.iter().map(|l| l.confidence >= 0.9).collect();
            let nationality = Target::Field(FieldName::Nationality);
            self.shaped(nationality, |j, l, _| {
                top.get(j) != Some(&true) && confident[j] && values::is_country_code(l)
            });
        }
        if !has(&self.out.fields, FieldName::Address) {
            self.address_by_shape();
        }
        // A card's back names no country (nor its type) but its MRZ's first line does
        // (`IDESP…`).
        let issued_by = |code: &str| {
            country == Some(code)
                || (country.is_none()
                    && lines
                        .iter()
                        .any(|l| l.mrz && l.text.get(2..5) == Some(code)))
        };
        if !has(&self.out.fields, FieldName::BirthPlace) {
            if issued_by("ESP") {
                self.birth_place_above_spanish_address();
            } else if issued_by("ROU") {
                self.birth_place_above_romanian_address();
            }
        }
        self.dates_by_shape();
        // A card number by its national shape: Italian (unless the header names another
        // country), Spanish (the support number).
        if doc == DocumentType::IdCard && !has(&self.out.fields, FieldName::DocumentNumber) {
            let found = match country {
                Some("ESP") => tokens().find(|(t, _, _)| docnum::es_support_number(t)),
                _ if italian => tokens()
                    .find(|(t, _, _)| docnum::it_cie(t))
                    .or_else(|| tokens().find(|(t, _, _)| docnum::it_paper_id(t)))
                    // One look-alike read for the other class (`C235900Mx`), in the header
                    // where the number is printed (a damaged `SESSO/SEX` is `SE5507SEX`), when
                    // the number has one shape to take (not `CJ283960J`: a CIE's `O` read `0`,
                    // or a paper card's `1` read `J`).
                    .or_else(|| {
                        tokens()
                            .filter(|&(_, _, j)| top.get(j) == Some(&true))
                            .find_map(|(t, c, j)| {
                                let (fixed, _) = docnum::conform(doc, Some("ITA"), None, &t)?;
                                (docnum::changes(t.as_bytes(), fixed.as_bytes()) == 1)
                                    .then(|| (fixed.into(), c, j))
                            })
                    }),
                _ => None,
            };
            if let Some((number, _, j)) = found {
                self.put_placed(FieldName::DocumentNumber, number, j, rule::NUMBER_PATTERN);
            }
        }
        // A Romanian card's series and number, printed apart in its header.
        if issued_by("ROU")
            && !has(&self.out.fields, FieldName::DocumentNumber)
            && let Some((number, j)) = lines
                .iter()
                .enumerate()
                .find_map(|(j, l)| Some((docnum::ro_series_and_number(l.text)?, j)))
        {
            self.put_placed(FieldName::DocumentNumber, number, j, rule::NUMBER_PATTERN);
        }
        // A Spanish personal number (DNI or NIE) by its control letter, its label lost.
        if country == Some("ESP")
            && !has(&self.out.fields, FieldName::PersonalNumber)
            && let Some((number, _, j)) = tokens().find(|(t, _, _)| docnum::es_dni(t))
        {
            self.put_placed(FieldName::PersonalNumber, number, j, rule::NUMBER_PATTERN);
        }
        // A French card number alone on its line, with a bare number's confidence: it has no
        // pattern of letters and digits of its own. Of several, the one read with the most
        // confidence (a label read with digits, `NAT05AUTE`, is read unsure).
        if doc == DocumentType::IdCard
            && country == Some("FRA")
            && !has(&self.out.fields, FieldName::DocumentNumber)
            && let Some((number, _, j)) = tokens()
                .filter(|(t, _, j)| docnum::fr_id_number(t) && lines[*j].text.trim() == t.as_ref())
                .min_by(|a, b| b.1.total_cmp(&a.1))
        {
            self.put_placed(FieldName::DocumentNumber, number, j, rule::BARE_NUMBER);
        }
        if card && !has(&self.out.fields, FieldName::DocumentNumber) {
            let today = self.out.today;
            let found = self
                .lines
                .iter()
                .enumerate()
                .filter(|&(j, _)| {
                    top.get(j) == Some(&true) && !self.used[j] && self.is_value_line(j)
                })
                .find_map(|(j, l)| Some((values::bare_number(l.text, today)?, l.confidence, j)));
            if let Some((number, _, j)) = found {
                self.put_placed(FieldName::DocumentNumber, number, j, rule::BARE_NUMBER);
            }
        }
    }

    /// A value found by its shape or place rather than under its label: field `name` from line
    /// `j`, with the line's confidence times the rule's factor.
    fn put_placed(&mut self, name: FieldName, value: impl Into<String>, j: usize, rule: f32) {
        self.out.current = vec![j];
        let field = Field::new(value, self.lines[j].confidence * rule, Source::Viz);
        self.out.put(name, field);
    }

    /// The boxes above `anchor` in its column, read with confidence and holding no label: a
    /// bottom edge at most 0.3 of the anchor's height below its top, a left edge within 1.5
    /// heights of its left edge, confidence 0.6 or more, and what `keep` asks of the line.
    fn column_above(
        &self,
        anchor: BBox,
        keep: impl Fn(&Line<'_>, BBox) -> bool,
    ) -> Vec<(usize, BBox)> {
        let h = layout::height(anchor);
        let centre = layout::centre_y;
        self.boxes
            .iter()
            .copied()
            .filter(|&(j, b)| {
                let l = &self.lines[j];
                // Above: ending near the anchor's top, or (on a tilted page, where a long
                // line's upright box is tall and overlaps the short one above its start)
                // centred higher by most of its own height.
                let above = b[3] <= anchor[1] + 0.3 * h
                    || centre(anchor) - centre(b) >= 0.75 * layout::height(b);
                above
                    && (b[0] - anchor[0]).abs() <= 1.5 * h
                    && l.confidence >= 0.6
                    && l.segments.is_empty()
                    && keep(l, b)
            })
            .collect()
    }
}

/// Collects fields and issues; the most confident value of a field wins.
#[derive(Debug)]
struct Builder {
    fields: Fields,
    issues: Vec<Issue>,
    today: Date,
    /// German labels seen: a bare `Name` is the surname.
    german: bool,
    /// Values accepted so far (kept or not): tells whether a line held a value of its label.
    accepted: usize,
    /// The (joined) lines of the value being read: its label and value lines.
    current: Vec<usize>,
    /// For each field, the lines its labels and values were read from.
    lines_of: BTreeMap<FieldName, BTreeSet<usize>>,
}

impl Builder {
    /// Notes that the lines being read (`current`) hold `fields`.
    fn note_lines(&mut self, fields: &[FieldName]) {
        for &f in fields {
            self.lines_of
                .entry(f)
                .or_default()
                .extend(self.current.iter().copied());
        }
    }

    fn put(&mut self, name: FieldName, field: Field) {
        self.accepted += 1;
        self.note_lines(&[name]);
        match self.fields.get(&name) {
            Some(old) if old.confidence >= field.confidence => {}
            _ => {
                self.fields.insert(name, field);
            }
        }
    }

    fn issue(&mut self, code: IssueCode, field: FieldName) {
        let issue = Issue::new(Severity::Warning, code, Some(field));
        if !self.issues.contains(&issue) {
            self.issues.push(issue);
        }
    }

    /// Interprets a value printed for `target`.
    fn emit(&mut self, target: Target, raw: &str, conf: f32) {
        self.note_lines(&target.fields());
        match target {
            Target::Field(name) => self.field(name, raw, conf),
            Target::BirthDatePlace => self.birth_date_place(raw, conf),
            Target::Residence => {
                let v = raw.trim();
                let street = v.chars().any(|c| c.is_ascii_digit())
                    || label_at(v, &Folded::new(v), 0).is_some_and(|h| h.label.kind == Kind::Keep);
                if street {
                    self.field(FieldName::Address, v, conf);
                } else {
                    let c = conf * rule::RESIDENCE_MUNICIPALITY;
                    self.field(FieldName::Municipality, v, c);
                }
            }
            Target::Validity => match values::date_range(raw, self.today) {
                Some((from, to)) => {
                    self.dated(FieldName::IssueDate, DateRole::Issue, from, conf);
                    match to {
                        Some(to) => self.dated(FieldName::ExpiryDate, DateRole::Expiry, to, conf),
                        None => self.issue(IssueCode::InvalidDate, FieldName::ExpiryDate),
                    }
                }
                None => self.field(FieldName::ExpiryDate, raw, conf),
            },
            Target::AmbiguousName if self.german => self.field(FieldName::Surname, raw, conf),
            Target::AmbiguousName | Target::FullName | Target::Ignore => {}
        }
    }

    fn field(&mut self, name: FieldName, raw: &str, conf: f32) {
        let value = match name {
            FieldName::BirthDate => return self.date(name, DateRole::Birth, raw, conf),
            FieldName::IssueDate => return self.date(name, DateRole::Issue, raw, conf),
            FieldName::ExpiryDate => return self.date(name, DateRole::Expiry, raw, conf),
            FieldName::Sex => {
                let v = values::sex(raw);
                // Only a short value was meant as a marker; a longer one may be unrelated
                // text found under a label whose own value is missing.
                let marker = raw.trim();
                if v.is_none() && !marker.is_empty() && marker.chars().count() <= 3 {
                    self.issue(IssueCode::InvalidSex, name);
                }
                v
            }
            _ => values::field_value(name, raw),
        };
        if let Some(v) = value {
            self.put(name, Field::new(v, conf, Source::Viz));
        }
    }

    /// A date field: ISO with `date_valid`, or an [`IssueCode::InvalidDate`] issue when the
    /// value looks like a date but is not a real, plausible one.
    fn date(&mut self, name: FieldName, role: DateRole, raw: &str, conf: f32) {
        match values::find_date(raw, role, self.today) {
            Some(found) => self.dated(name, role, found.date, conf),
            None if values::looks_like_date(raw) => self.issue(IssueCode::InvalidDate, name),
            None => {}
        }
    }

    /// A date read for `name`: kept with `date_valid` when plausible for its role, otherwise
    /// an [`IssueCode::InvalidDate`] issue.
    fn dated(&mut self, name: FieldName, role: DateRole, date: Date, conf: f32) {
        if self.plausible(role, date) {
            let field = Field::new(iso(date), conf, Source::Viz).with_check("date_valid");
            self.put(name, field);
        } else {
            self.issue(IssueCode::InvalidDate, name);
        }
    }

    fn plausible(&self, role: DateRole, date: Date) -> bool {
        match role {
            DateRole::Birth => plausible_birth(date, self.today),
            DateRole::Issue => date <= self.today && plausible_birth(date, self.today),
            DateRole::Expiry => date.year() >= 1900,
        }
    }

    /// `ROMA (RM) 14.05.1987` or `14/05/87 ROMA (RM)`: birth date and birth place.
    fn birth_date_place(&mut self, raw: &str, conf: f32) {
        let place = match values::find_date(raw, DateRole::Birth, self.today) {
            Some(found) => {
                let date = iso(found.date);
                if plausible_birth(found.date, self.today) {
                    let field = Field::new(date, conf, Source::Viz).with_check("date_valid");
                    self.put(FieldName::BirthDate, field);
                } else {
                    self.issue(IssueCode::InvalidDate, FieldName::BirthDate);
                }
                values::place(&format!("{} {}", found.before, found.after))
            }
            None => {
                let rest = values::strip_date_like(raw);
                if rest.len() < raw.len() && values::looks_like_date(raw) {
                    self.issue(IssueCode::InvalidDate, FieldName::BirthDate);
                }
                values::place(rest)
            }
        };
        if let Some(p) = place {
            self.put(FieldName::BirthPlace, Field::new(p, conf, Source::Viz));
        }
    }
}

/// The birth line of an Italian card, the place with its province and the date (`BARI (BA)
/// 26.04.2005`), and whether its place was read. When OCR could not read the place
/// (`P4D0v41P0| 11.06.1954`), the line whose date has text before it and comes before every
/// other date on the page (a birth precedes the card's issue and expiry, and one of those
/// is read) is the birth line.
fn italian_birth_line(lines: &[Line<'_>], today: Date) -> Option<(usize, bool)> {
    let dated: Vec<(usize, values::FoundDate<'_>, bool)> = (lines.iter().enumerate())
        .filter(|(_, l)| !l.mrz)
        .filter_map(|(j, l)| {
            let found = values::find_date(l.text, DateRole::Birth, today)?;
            let place = format!("{} {}", found.before, found.after);
            let read = values::italian_place(&place).is_some();
            Some((j, found, read))
        })
        .collect();
    if let Some(&(j, _, _)) = dated.iter().find(|(_, _, place)| *place) {
        return Some((j, true));
    }
    let (j, earliest, _) = dated.iter().min_by_key(|(_, found, _)| found.date)?;
    // Text where the place stands, however it was read.
    let place_text = earliest
        .before
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count()
        >= 3;
    let alone = dated
        .iter()
        .filter(|(_, found, _)| found.date == earliest.date)
        .count()
        == 1;
    (dated.len() >= 2 && alone && place_text && plausible_birth(earliest.date, today))
        .then_some((*j, false))
}

/// Whether `raw` is one word in capitals of four letters or more with one digit or stroke OCR
/// read for a letter (`RUSS0`, `LOMBARD{`): that name (a number has more digits; a name of
/// several words read with a digit, `D ALES5IO`, may have lost more than the letter).
fn is_one_misread_name(raw: &str) -> bool {
    let t = raw.trim();
    let read = crate::translit::digits_as_letters(&crate::translit::strokes_as_i(t));
    let misread = t.chars().zip(read.chars()).filter(|(a, b)| a != b).count();
    !t.contains(char::is_whitespace)
        && misread == 1
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && values::is_name_in_capitals(&read)
}

/// Header keywords (compact folded) per document type, in priority order.
const TYPE_KEYWORDS: &[(DocumentType, &[&str])] = &[
    (
        DocumentType::DrivingLicence,
        &[
            "PATENTEDIGUIDA",
            "DRIVINGLICENCE",
            "DRIVINGLICENSE",
            "DRIVERLICENSE",
            "DRIVERSLICENSE",
            "FUHRERSCHEIN",
            "PERMISDECONDUIRE",
            "PERMISODECONDUCCION",
            "PERMISODECONDUCIR",
            "CARNETDECONDUCIR",
            "RIJBEWIJS",
        ],
    ),
    (
        DocumentType::ResidencePermit,
        &[
            "PERMESSODISOGGIORNO",
            "RESIDENCEPERMIT",
            "TITREDESEJOUR",
            "AUFENTHALTSTITEL",
            "AUFENTHALTSERLAUBNIS",
            "PERMISODERESIDENCIA",
        ],
    ),
    (
        DocumentType::Passport,
        &[
            "PASSAPORTO",
            "PASSPORT",
            "PASSEPORT",
            "REISEPASS",
            "PASAPORTE",
        ],
    ),
    (
        DocumentType::HealthCard,
        &[
            "TESSERASANITARIA",
            "HEALTHINSURANCECARD",
            "CARTEVITALE",
            "KRANKENVERSICHERTENKARTE",
            "TARJETASANITARIA",
        ],
    ),
    (
        DocumentType::IdCard,
        &[
            "CARTADIDENTITA",
            "CARTADIIDENTITA",
            "CARTAIDENTITA",
            "IDENTITYCARD",
            "CARTEDIDENTITE",
            "CARTENATIONALEDIDENTITE",
            "PERSONALAUSWEIS",
            "DOCUMENTONACIONALDEIDENTIDAD",
            "DOCUMENTODEIDENTIDAD",
        ],
    ),
];

/// Words that only German-labelled documents print.
const GERMAN_WORDS: &[&str] = &[
    "VORNAME",
    "GEBURTSDATUM",
    "GEBURTSTAG",
    "GEBURTSORT",
    "STAATSANGEHORIGKEIT",
    "GULTIGBIS",
    "FAMILIENNAME",
    "NACHNAME",
    "PERSONALAUSWEIS",
    "REISEPASS",
    "FUHRERSCHEIN",
    "BUNDESREPUBLIK",
];

/// The page's lines other than the MRZ in compact folded form, a digit inside a word read as
/// the letter OCR confuses it with (`t1DENTTY CARD`): titles and label words hold no digits.
fn folded_lines<'l>(lines: &'l [Line<'_>]) -> impl Iterator<Item = Vec<char>> + 'l {
    lines
        .iter()
        .filter(|l| !l.mrz)
        .map(|l| Folded::new(l.text).alike)
}

/// The document type from header keywords, then from the shape of the fields.
fn detect_type(lines: &[Line<'_>]) -> DocumentType {
    let folded: Vec<Vec<char>> = folded_lines(lines).collect();
    let titled = |found: &dyn Fn(&[char], &[char]) -> bool| {
        TYPE_KEYWORDS.iter().find_map(|(doc, words)| {
            words
                .iter()
                .any(|w| {
                    let w: Vec<char> = w.chars().collect();
                    folded.iter().any(|l| found(l, &w))
                })
                .then_some(*doc)
        })
    };
    // Titles read exactly, then a long one with one OCR error (`CARTE DIDENTTE`), then a
    // longer one with one error in eight letters (`DOCUENTO hACIONAL DE IDENTHDAD`).
    let long = |l: &[char], w: &[char]| {
        w.len() >= 16 && crate::text::substring_distance(w, l) <= w.len() / 8
    };
    if let Some(doc) = titled(&|l, w| contains(l, w))
        .or_else(|| titled(&contains_fuzzy))
        .or_else(|| titled(&long))
    {
        return doc;
    }
    let numbered = lines.iter().filter(|l| !l.numbered.is_empty()).count();
    if numbered >= 3 && lines.iter().any(|l| licence::has_lettered_marker(l.text)) {
        return DocumentType::DrivingLicence;
    }
    let cie_number = lines.iter().filter(|l| !l.mrz).any(|l| {
        l.text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(docnum::it_cie_within_one_lookalike)
    });
    if cie_number {
        return DocumentType::IdCard;
    }
    DocumentType::Unknown
}

/// Whether the folded line `l` holds the title `w` of ten characters or more with one OCR
/// error at most (`CARTE DIDENTTE`), its first or last character read right.
fn contains_fuzzy(l: &[char], w: &[char]) -> bool {
    w.len() >= 10
        && (w.len() - 1..=w.len() + 1).any(|n| {
            l.windows(n).any(|window| {
                (window.first() == w.first() || window.last() == w.last())
                    && crate::text::within_one_edit(window, w)
            })
        })
}

/// The document model the title names: an Italian identity card whose title is in English too
/// (`CARTA DI IDENTITÀ / IDENTITY CARD`) is the CIE 3.0; the paper card's title is Italian only.
fn document_model(
    lines: &[Line<'_>],
    doc: DocumentType,
    country: Option<&str>,
) -> Option<docnum::Model> {
    let title: Vec<char> = "IDENTITYCARD".chars().collect();
    (doc == DocumentType::IdCard
        && matches!(country, None | Some("ITA"))
        && folded_lines(lines).any(|l| contains_fuzzy(&l, &title)))
    .then_some(docnum::Model::ItCie)
}

/// Whether the page is labelled in German (so `Name` means surname).
fn is_german(lines: &[Line<'_>]) -> bool {
    let words: Vec<Vec<char>> = GERMAN_WORDS.iter().map(|w| w.chars().collect()).collect();
    folded_lines(lines).any(|l| words.iter().any(|w| contains(&l, w)))
}
