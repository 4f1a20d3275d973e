//! Visual-zone rules: OCR lines (text and boxes) to fields.
//!
//! The rules are generic, driven by a table of label synonyms (`labels.rs`) rather than one
//! function per country:
//!
//! 1. **Same line**: `Label: value`, `Label value`, or several `Label value` pairs on one line.
//! 2. **Below**: a line holding only a label (bilingual parts joined by `/`, as in
//!    `COGNOME / SURNAME`) takes the nearest line under the label's box that overlaps it
//!    horizontally (or the box to its right when the line below is another label); without
//!    boxes, the next line. A line holding several labels (`SESSO / SEX  STATURA / HEIGHT`)
//!    takes one value per column from the row below (`layout.rs`).
//! 3. **Numbered fields** of the EU driving-licence model (`1.`, `4a.`, `9.`; `licence.rs`).
//! 4. **Patterns** as a last resort: a codice fiscale anywhere, an Italian identity-card
//!    number (`CA00000AA`, `AA1234567`) on identity cards.
//!
//! Values are normalised by `values.rs` (dates to ISO, names upper case, …). A labelled date that
//! does not parse to a real, plausible date is left out and reported as
//! [`IssueCode::InvalidDate`]. Issues never carry values. MRZ lines are skipped.

mod fold;
mod labels;
mod layout;
mod licence;
mod values;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

use time::Date;

use crate::mrz::is_mrz_like;
use crate::schema::{DocumentType, Field, FieldName, Fields, Issue, IssueCode, Severity, Source};
use crate::text::{BBox, OcrLine, OcrPage};
use crate::validate::date::{DateRole, iso, plausible_birth};
use crate::validate::{docnum, fiscal_code};

use fold::{Folded, compact, contains};
use labels::{Hit, Kind, Target, label_at};

/// What the visual zone says.
#[derive(Debug, Clone, Default)]
pub struct VizResult {
    /// Layout recognised from the labels.
    pub document_type: DocumentType,
    /// Fields read (source `viz`).
    pub fields: Fields,
    /// Problems found (e.g. invalid dates).
    pub issues: Vec<Issue>,
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
    /// A codice fiscale recognised by its shape alone.
    pub const FISCAL_PATTERN: f32 = 0.75;
}

/// Reads the visual zone of a page. MRZ lines are ignored.
pub fn extract(page: &OcrPage, today: Date) -> VizResult {
    let lines: Vec<Line<'_>> = page.lines.iter().map(Line::new).collect();
    let document_type = detect_type(&lines);
    let mut reader = Reader {
        lines: &lines,
        boxes: lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.mrz)
            .filter_map(|(i, l)| l.bbox.map(|b| (i, b)))
            .collect(),
        licence: document_type == DocumentType::DrivingLicence,
        out: Builder {
            fields: Fields::new(),
            issues: Vec::new(),
            today,
            german: is_german(&lines),
        },
    };
    reader.read();
    reader.patterns(document_type);
    VizResult {
        document_type,
        fields: reader.out.fields,
        issues: reader.out.issues,
    }
}

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
        }
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
    let next_part = |end: usize| {
        let after_slash = text
            .get(end..)?
            .trim_start_matches(|c: char| c.is_whitespace() || c == '.')
            .strip_prefix('/')?;
        label_at(text, folded, skip_ws(text, text.len() - after_slash.len()))
            .filter(|part| part.label.kind != Kind::Keep)
    };
    loop {
        while let Some(part) = next_part(group.end) {
            if group.target == Target::AmbiguousName {
                group.target = part.label.target;
            }
            if part.label.kind == Kind::Normal {
                group.kind = Kind::Normal;
            }
            group.end = part.end;
        }
        match unknown_part(text, folded, group.end) {
            Some(end) => group.end = end,
            None => break,
        }
    }
    if mode == Mode::Mid && first.len < 4 && !separator(text, group.end).1 {
        return None;
    }
    Some(group)
}

/// A bilingual label part that is not recognised (an unknown language, or OCR damage:
/// `Cognome / Sumamel / Nom`): a slash right after a label introduces another label, never a
/// value. Returns where that part ends: before the next known label part, a colon or the end
/// of the line. `None` when no slash follows or the part holds digits (outside `(n)`).
fn unknown_part(text: &str, folded: &Folded, label_end: usize) -> Option<usize> {
    let rest = text.get(label_end..)?;
    let after = text.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == '.')
            .strip_prefix('/')?
            .len();
    let mut end = text[after..].find(':').map_or(text.len(), |c| after + c);
    if let Some(w) = word_starts(text, after)
        .take_while(|&w| w < end)
        .find(|&w| label_at(text, folded, w).is_some())
    {
        end = w;
    }
    let part = text[after..end].trim_end_matches(|c: char| c.is_whitespace() || c == '/');
    let digits_outside_parens = part
        .split(['(', ')'])
        .step_by(2)
        .any(|piece| piece.chars().any(|c| c.is_ascii_digit()));
    (!part.trim().is_empty() && !digits_outside_parens).then(|| after + part.len())
}

/// Skips separators after a label: returns the position after them and whether one was `:`.
/// A field number in parentheses is skipped with them (`Surname/Nom (1)` on passport data
/// pages).
fn separator(text: &str, pos: usize) -> (usize, bool) {
    let Some(rest) = text.get(pos..) else {
        return (pos, false);
    };
    let is_separator = |c: char| {
        c.is_whitespace() || matches!(c, ':' | '：' | '.' | '-' | '–' | '|' | '/' | '=' | ';')
    };
    let mut trimmed = rest.trim_start_matches(is_separator);
    if let Some(after) = field_number(trimmed) {
        trimmed = after.trim_start_matches(is_separator);
    }
    let skipped = &rest[..rest.len() - trimmed.len()];
    (pos + skipped.len(), skipped.contains([':', '：', '=']))
}

/// The text after a parenthesised field number of one or two digits (`(1)`, `(10)`).
fn field_number(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?;
    let (digits, after) = inner.split_once(')')?;
    ((1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())).then_some(after)
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

/// The label segments of a line (empty when the line does not start with a label).
fn segments(text: &str) -> Vec<Segment> {
    let folded = Folded::new(text);
    let Some(mut group) = group_at(text, &folded, skip_ws(text, 0), Mode::Start) else {
        return Vec::new();
    };
    let mut out: Vec<Segment> = Vec::new();
    loop {
        let (p, colon) = separator(text, group.end);
        if !colon && group.kind != Kind::Keep {
            if let Some(next) = group_at(text, &folded, p, Mode::Chain).filter(|_| p < text.len()) {
                out.push(Segment {
                    target: group.target,
                    label: (group.start, group.end),
                    value: None,
                    colon: false,
                });
                group = next;
                continue;
            }
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
            .filter(|v| !v.is_empty())
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

/// Reads labelled values line by line.
#[derive(Debug)]
struct Reader<'p, 'a> {
    lines: &'p [Line<'a>],
    boxes: Vec<(usize, BBox)>,
    licence: bool,
    out: Builder,
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
                        self.out
                            .emit(Target::Field(FieldName::BirthPlace), &t[2..], conf);
                    }
                }
                continue;
            }
            place_pending = None;
            if line.segments.iter().all(|s| s.value.is_none()) {
                self.values_elsewhere(i);
                continue;
            }
            for seg in &line.segments {
                if seg.value.is_none() {
                    continue;
                }
                let r = if seg.colon { rule::COLON } else { rule::INLINE };
                let conf = line.confidence * r;
                self.out.emit(seg.target, line.value(seg), conf);
                if seg.target == Target::BirthDatePlace
                    && !self.out.fields.contains_key(&FieldName::BirthPlace)
                {
                    place_pending = Some((i, conf));
                }
            }
        }
    }

    /// Whether line `j` can be a value: not MRZ, not a label line.
    fn is_value_line(&self, j: usize) -> bool {
        self.lines.get(j).is_some_and(|l| {
            !l.mrz && l.segments.is_empty() && (!self.licence || l.numbered.is_empty())
        })
    }

    fn confidence(&self, label: usize, value: usize, r: f32) -> f32 {
        let c = |i: usize| self.lines.get(i).map_or(0.0, |l| l.confidence);
        c(label).min(c(value)) * r
    }

    /// Values of a label-only line: below it, to its right, or on the next line.
    fn values_elsewhere(&mut self, i: usize) {
        let Some(line) = self.lines.get(i) else {
            return;
        };
        let targets: Vec<Target> = line.segments.iter().map(|s| s.target).collect();
        let others: Vec<(usize, BBox)> = self
            .boxes
            .iter()
            .copied()
            .filter(|&(j, _)| j != i)
            .collect();
        if let Some(lb) = line.bbox {
            if let [seg] = line.segments.as_slice() {
                let found = match layout::below(lb, (lb[0], lb[2]), &others) {
                    Some(j) if self.is_value_line(j) => Some((j, rule::BELOW_BOX)),
                    _ => layout::right_of(lb, &others)
                        .filter(|&j| self.is_value_line(j))
                        .map(|j| (j, rule::RIGHT_BOX)),
                };
                if let Some((j, r)) = found {
                    let conf = self.confidence(i, j, r);
                    self.out.emit(seg.target, self.lines[j].text, conf);
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
                        let conf = self.confidence(i, j, rule::COLUMN_BOX);
                        self.out.emit(seg.target, self.lines[j].text, conf);
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
                let conf = self.confidence(i, j, rule::NEXT_LINE);
                self.out.emit(seg.target, self.lines[j].text, conf);
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
            for (target, part) in targets.iter().zip(&parts) {
                self.out.emit(*target, part, conf);
            }
        }
    }

    /// Last-resort shapes: a codice fiscale anywhere, an Italian card number on ID cards.
    fn patterns(&mut self, doc: DocumentType) {
        let tokens = || {
            self.lines.iter().filter(|l| !l.mrz).flat_map(|l| {
                l.text
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|t| !t.is_empty())
                    .map(move |t| (t, l.confidence))
            })
        };
        if !self.out.fields.contains_key(&FieldName::FiscalCode) {
            let found = self
                .lines
                .iter()
                .filter(|l| !l.mrz)
                .find_map(|l| Some((fiscal_code::find(l.text)?, l.confidence)));
            if let Some((code, c)) = found {
                let field = Field::new(code, c * rule::FISCAL_PATTERN, Source::Viz);
                self.out.put(FieldName::FiscalCode, field);
            }
        }
        if doc == DocumentType::IdCard && !self.out.fields.contains_key(&FieldName::DocumentNumber)
        {
            let found = tokens()
                .find(|(t, _)| docnum::it_cie(t))
                .or_else(|| tokens().find(|(t, _)| docnum::it_paper_id(t)));
            if let Some((t, c)) = found {
                let field = Field::new(t, c * rule::NUMBER_PATTERN, Source::Viz);
                self.out.put(FieldName::DocumentNumber, field);
            }
        }
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
}

impl Builder {
    fn put(&mut self, name: FieldName, field: Field) {
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
            Target::AmbiguousName if self.german => self.field(FieldName::Surname, raw, conf),
            Target::AmbiguousName | Target::FullName | Target::Ignore => {}
        }
    }

    fn field(&mut self, name: FieldName, raw: &str, conf: f32) {
        let value = match name {
            FieldName::BirthDate => return self.date(name, DateRole::Birth, raw, conf),
            FieldName::IssueDate => return self.date(name, DateRole::Issue, raw, conf),
            FieldName::ExpiryDate => return self.date(name, DateRole::Expiry, raw, conf),
            FieldName::Surname | FieldName::GivenNames => values::name(raw),
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
            FieldName::Nationality | FieldName::IssuingCountry => values::country(raw),
            FieldName::DocumentNumber | FieldName::PersonalNumber => values::number(raw),
            FieldName::FiscalCode => fiscal_code::find(raw),
            FieldName::HeightCm => values::height_cm(raw),
            FieldName::LicenceCategories => values::categories(raw),
            FieldName::BirthPlace
            | FieldName::IssuingAuthority
            | FieldName::Address
            | FieldName::Municipality => values::text(raw),
            FieldName::OptionalData => None,
        };
        if let Some(v) = value {
            self.put(name, Field::new(v, conf, Source::Viz));
        }
    }

    /// A date field: ISO with `date_valid`, or an [`IssueCode::InvalidDate`] issue when the
    /// value looks like a date but is not a real, plausible one.
    fn date(&mut self, name: FieldName, role: DateRole, raw: &str, conf: f32) {
        match values::find_date(raw, role, self.today) {
            Some(found) if self.plausible(role, found.date) => {
                let field = Field::new(iso(found.date), conf, Source::Viz).with_check("date_valid");
                self.put(name, field);
            }
            Some(_) => self.issue(IssueCode::InvalidDate, name),
            None if values::looks_like_date(raw) => self.issue(IssueCode::InvalidDate, name),
            None => {}
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

fn folded_lines<'l>(lines: &'l [Line<'_>]) -> impl Iterator<Item = Vec<char>> + 'l {
    lines.iter().filter(|l| !l.mrz).map(|l| compact(l.text))
}

/// The document type from header keywords, then from the shape of the fields.
fn detect_type(lines: &[Line<'_>]) -> DocumentType {
    let folded: Vec<Vec<char>> = folded_lines(lines).collect();
    for (doc, words) in TYPE_KEYWORDS {
        let hit = words.iter().any(|w| {
            let w: Vec<char> = w.chars().collect();
            folded.iter().any(|l| contains(l, &w))
        });
        if hit {
            return *doc;
        }
    }
    let numbered = lines.iter().filter(|l| !l.numbered.is_empty()).count();
    if numbered >= 3 && lines.iter().any(|l| licence::has_lettered_marker(l.text)) {
        return DocumentType::DrivingLicence;
    }
    let cie_number = lines.iter().filter(|l| !l.mrz).any(|l| {
        l.text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(docnum::it_cie)
    });
    if cie_number {
        return DocumentType::IdCard;
    }
    DocumentType::Unknown
}

/// Whether the page is labelled in German (so `Name` means surname).
fn is_german(lines: &[Line<'_>]) -> bool {
    let words: Vec<Vec<char>> = GERMAN_WORDS.iter().map(|w| w.chars().collect()).collect();
    folded_lines(lines).any(|l| words.iter().any(|w| contains(&l, w)))
}
