//! The privacy layer (DESIGN.md §4): what of a page's OCR text may leave the device, and in
//! what form.
//!
//! [`redact`] turns an [`OcrPage`] into a [`RedactedText`], the only input the offload layer
//! accepts, under a [`Policy`]:
//! - `local_only`: nothing leaves ([`CoreError::EgressForbidden`]);
//! - `minimal`: only the lines of the requested fields (labels and values, as the on-device
//!   visual-zone reader located them);
//! - `pseudonymise`: every value that looks like personal data is replaced by a typed
//!   placeholder (`⟦NAME_1⟧`, `⟦DATE_2 dd.mm.yyyy⟧`, `⟦MRZ_1⟧`); the per-scan [`Vault`] maps the
//!   placeholders back and never leaves the device;
//! - `trusted`: the full OCR text, for an edge box the organisation owns.
//!
//! [`rehydrate`] turns a remote answer that uses placeholders back into values on the device,
//! and rejects values of pseudonymised fields that are not on the page.
//!
//! Detectors, in order of precedence: MRZ lines (whole line); values the on-device parse already
//! read (names, places, addresses, document and personal numbers), wherever they are printed,
//! accents and case ignored; codici fiscali; e-mail addresses; IBANs (mod-97 checked); phone
//! numbers written with `+`; printed dates (with their format as a hint); document-number-shaped
//! tokens (letters and at least two digits); digit runs of five or more.

use std::collections::BTreeSet;

use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};
use crate::schema::{Field, FieldName, Fields, Issue, IssueCode, Severity, Source};
use crate::text::OcrPage;
use crate::translit::{Umlauts, ascii_of};
use crate::validate::date::{DateRole, today};
use crate::validate::fiscal_code;

/// How much of the OCR text may leave the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Nothing leaves the device.
    LocalOnly,
    /// Only the lines the requested fields were (or would be) read from: their labels and
    /// values; MRZ lines never when the device read the MRZ.
    Minimal,
    /// Personal data replaced by typed placeholders; the values stay in the [`Vault`].
    Pseudonymise,
    /// The full OCR text, for an edge box the organisation owns.
    Trusted,
}

impl std::str::FromStr for Policy {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "local_only" => Ok(Policy::LocalOnly),
            "minimal" => Ok(Policy::Minimal),
            "pseudonymise" => Ok(Policy::Pseudonymise),
            "trusted" => Ok(Policy::Trusted),
            _ => Err("expected local_only, minimal, pseudonymise or trusted".into()),
        }
    }
}

/// The kind of a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    /// A whole MRZ line.
    Mrz,
    /// A surname or given name.
    Name,
    /// A birth place or municipality.
    Place,
    /// A street address.
    Address,
    /// A document or personal number.
    DocumentNumber,
    /// An Italian codice fiscale.
    FiscalCode,
    /// An e-mail address.
    Email,
    /// An IBAN.
    Iban,
    /// A phone number.
    Phone,
    /// A printed date.
    Date,
    /// A run of five digits or more, or of three or more that no other detector explained.
    Number,
    /// Any other word that is not document vocabulary (labels, headers): deny by default.
    Text,
}

impl PiiKind {
    /// The tag written in placeholders.
    pub fn tag(self) -> &'static str {
        match self {
            PiiKind::Mrz => "MRZ",
            PiiKind::Name => "NAME",
            PiiKind::Place => "PLACE",
            PiiKind::Address => "ADDRESS",
            PiiKind::DocumentNumber => "DOCNUM",
            PiiKind::FiscalCode => "FISCAL_CODE",
            PiiKind::Email => "EMAIL",
            PiiKind::Iban => "IBAN",
            PiiKind::Phone => "PHONE",
            PiiKind::Date => "DATE",
            PiiKind::Number => "NUMBER",
            PiiKind::Text => "TEXT",
        }
    }
}

/// OCR text that may leave the device: built only by [`redact`], under a [`Policy`].
///
/// Nothing else converts into it: not an image, not pixels, not bytes, not a string, not an OCR
/// page. Each pair below is the same program, once with the only constructor (compiles) and
/// once with a conversion (must not compile):
///
/// ```
/// # use carta_core::redact::{redact, Policy, RedactedText};
/// # use carta_core::OcrPage;
/// // Every value used below exists; only `redact` turns the page into a `RedactedText`.
/// let _pixels = image::RgbImage::new(2, 2);
/// let _jpeg: Vec<u8> = vec![0xFF, 0xD8, 0xFF];
/// let _string = String::from("ROSSI");
/// let page = OcrPage::from_plain("Cognome: ROSSI");
/// let read = carta_core::parse_page(&page, &Default::default());
/// let (text, _vault): (RedactedText, _) =
///     redact(&page, &read.fields, Policy::Pseudonymise, &[]).unwrap();
/// assert_eq!(text.as_str(), "Cognome: ⟦NAME_1⟧");
/// ```
/// ```compile_fail
/// # use carta_core::redact::RedactedText;
/// let pixels = image::RgbImage::new(2, 2);
/// let text: RedactedText = pixels.into();
/// ```
/// ```compile_fail
/// # use carta_core::redact::RedactedText;
/// let jpeg: Vec<u8> = vec![0xFF, 0xD8, 0xFF];
/// let text = RedactedText::from(jpeg);
/// ```
/// ```compile_fail
/// # use carta_core::redact::RedactedText;
/// let text: RedactedText = String::from("ROSSI").into();
/// ```
/// ```compile_fail
/// # use carta_core::redact::RedactedText;
/// # use carta_core::OcrPage;
/// let text: RedactedText = OcrPage::from_plain("ROSSI").into();
/// ```
/// ```compile_fail
/// # use carta_core::redact::{Policy, RedactedText};
/// // The fields are private: no struct literal outside the module.
/// let text = RedactedText { text: String::new(), policy: Policy::Trusted, kinds: Default::default() };
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactedText {
    text: String,
    policy: Policy,
    kinds: BTreeSet<PiiKind>,
}

impl RedactedText {
    /// The payload text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The policy it was made under.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The kinds of the placeholders it holds.
    pub fn placeholder_kinds(&self) -> impl Iterator<Item = PiiKind> + '_ {
        self.kinds.iter().copied()
    }

    /// The receipt of sending this payload, byte for byte, to `destination`.
    pub fn receipt(&self, destination: &str) -> EgressReceipt {
        EgressReceipt {
            destination: destination.to_owned(),
            policy: self.policy,
            bytes: self.text.len(),
            sha256: format!("{:x}", Sha256::digest(self.text.as_bytes())),
            placeholder_kinds: self.kinds.iter().copied().collect(),
        }
    }
}

/// What left the device: where to, under which policy, how many bytes, the SHA-256 of the exact
/// payload and the kinds of placeholders in it. Holds no text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EgressReceipt {
    /// Where the payload was sent.
    pub destination: String,
    /// The policy it was made under.
    pub policy: Policy,
    /// Payload size in bytes.
    pub bytes: usize,
    /// SHA-256 of the payload, lower-case hex.
    pub sha256: String,
    /// Kinds of the placeholders sent.
    pub placeholder_kinds: Vec<PiiKind>,
}

/// One placeholder and the value it stands for.
struct Entry {
    placeholder: String,
    kind: PiiKind,
    value: Zeroizing<String>,
}

/// The per-scan map from placeholders to the values they replaced. It never leaves the device:
/// it cannot be serialised, its `Debug` output holds no value, and the values are zeroised when
/// it is dropped.
#[derive(Default)]
pub struct Vault {
    entries: Vec<Entry>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vault({} placeholders)", self.entries.len())
    }
}

impl Vault {
    /// The value a placeholder (`⟦NAME_1⟧`, with or without its format hint) stands for.
    pub fn get(&self, placeholder: &str) -> Option<&str> {
        let key = placeholder_key(placeholder)?;
        self.entries
            .iter()
            .find(|e| placeholder_key(&e.placeholder) == Some(key))
            .map(|e| e.value.as_str())
    }

    /// The placeholders and their kinds, in the order they were made (values via [`Vault::get`]).
    pub fn placeholders(&self) -> impl Iterator<Item = (&str, PiiKind)> + '_ {
        self.entries
            .iter()
            .map(|e| (e.placeholder.as_str(), e.kind))
    }

    /// The number of placeholders.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was replaced.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The placeholder for `value` of `kind`, a new one when the value is new.
    fn placeholder(&mut self, kind: PiiKind, value: &str, hint: Option<&str>) -> String {
        let folded = fold(value);
        if let Some(e) = self
            .entries
            .iter()
            .find(|e| e.kind == kind && fold(&e.value) == folded)
        {
            return e.placeholder.clone();
        }
        let n = self.entries.iter().filter(|e| e.kind == kind).count() + 1;
        let placeholder = match hint {
            Some(h) => format!("⟦{}_{n} {h}⟧", kind.tag()),
            None => format!("⟦{}_{n}⟧", kind.tag()),
        };
        self.entries.push(Entry {
            placeholder: placeholder.clone(),
            kind,
            value: Zeroizing::new(value.to_owned()),
        });
        placeholder
    }
}

/// `KIND_n` of a placeholder, without brackets and format hint.
fn placeholder_key(p: &str) -> Option<&str> {
    let inner = p.trim().strip_prefix('⟦')?.strip_suffix('⟧')?;
    inner.split(' ').next()
}

/// Upper case, accents folded: how values are compared.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_uppercase)
        .map(|c| ascii_of(c, Umlauts::Base).map_or_else(|| c.to_string(), str::to_owned))
        .collect()
}

/// One character folded to one (its first folded character: enough to find names, and it keeps
/// one folded character per original so that matches map back to byte ranges).
fn fold_char(c: char) -> char {
    let upper = c.to_uppercase().next().unwrap_or(c);
    ascii_of(upper, Umlauts::Base)
        .and_then(|a| a.chars().next())
        .unwrap_or(upper)
}

/// Makes the text of `page` that may leave the device under `policy`, with the vault of the
/// placeholders. `fields` are the values the on-device parse read (their printed forms are
/// replaced wherever they occur). `minimal` sends the lines of `requested`.
pub fn redact(
    page: &OcrPage,
    fields: &Fields,
    policy: Policy,
    requested: &[FieldName],
) -> Result<(RedactedText, Vault)> {
    let mut vault = Vault::default();
    let mut kinds = BTreeSet::new();
    let lines: Vec<String> = match policy {
        Policy::LocalOnly => return Err(CoreError::EgressForbidden),
        Policy::Minimal => minimal_lines(page, fields, requested),
        Policy::Trusted => page.lines.iter().map(|l| l.text.clone()).collect(),
        Policy::Pseudonymise => {
            let known = known_values(fields);
            page.lines
                .iter()
                .map(|l| pseudonymise_line(&l.text, &known, &mut vault, &mut kinds))
                .collect()
        }
    };
    let text = RedactedText {
        text: lines.join("\n"),
        policy,
        kinds,
    };
    tracing::debug!(
        policy = ?policy,
        bytes = text.text.len(),
        placeholders = vault.len(),
        kinds = ?text.kinds,
        "text redacted"
    );
    Ok((text, vault))
}

/// The lines `minimal` sends: those the visual-zone reader located the requested fields on
/// (labels and values, also when the value did not parse); never an MRZ line when the device
/// read the MRZ.
fn minimal_lines(page: &OcrPage, fields: &Fields, requested: &[FieldName]) -> Vec<String> {
    let located = crate::viz::extract(page, today()).lines_of;
    let wanted: BTreeSet<usize> = requested
        .iter()
        .filter_map(|f| located.get(f))
        .flatten()
        .copied()
        .collect();
    let mrz_read = fields.values().any(|f| f.source == Source::Mrz);
    page.lines
        .iter()
        .enumerate()
        .filter(|(i, l)| wanted.contains(i) && !(mrz_read && crate::mrz::is_mrz_like(&l.text)))
        .map(|(_, l)| l.text.clone())
        .collect()
}

/// A remote answer's field values, as the model wrote them, back into values: every
/// placeholder of the vault (with or without its brackets and format hint, in any case:
/// `⟦DATE_1⟧`, `⟦date_1 dd.mm.yyyy⟧`, `DATE_1`) is replaced by the value it stands for, so a
/// placeholder may be answered alone, joined with others (`⟦NAME_1⟧ ⟦NAME_2⟧`) or inside text.
/// Values are then read again as the rules engine reads printed text (dates into ISO form,
/// names in upper case). A value of a field whose kind is pseudonymised
/// that holds no placeholder and is not a value of the page is invented: it is left out and
/// reported as [`IssueCode::InventedValue`]. Fields come back with source `llm`.
pub fn rehydrate(answer: &[(FieldName, String)], vault: &Vault) -> (Fields, Vec<Issue>) {
    let mut fields = Fields::new();
    let mut issues = Vec::new();
    for (name, raw) in answer {
        let (restored, used) = vault.restore(raw);
        let known = used
            || vault
                .entries
                .iter()
                .any(|e| fold(&e.value) == fold(raw.trim()));
        if !known && pseudonymised(*name) {
            issues.push(Issue::new(
                Severity::Warning,
                IssueCode::InventedValue,
                Some(*name),
            ));
            continue;
        }
        match revalidate(*name, restored.trim()) {
            Ok(value) => {
                fields.insert(*name, Field::new(value, 0.7, Source::Llm));
            }
            Err(Some(code)) => issues.push(Issue::new(Severity::Warning, code, Some(*name))),
            Err(None) => {}
        }
    }
    (fields, issues)
}

/// A restored value read again the way the rules engine reads printed text (dates to ISO, names
/// upper case, codes compacted); when it holds no valid value, the issue that says so, if any.
fn revalidate(name: FieldName, raw: &str) -> std::result::Result<String, Option<IssueCode>> {
    let role = match name {
        FieldName::BirthDate => Some(DateRole::Birth),
        FieldName::IssueDate => Some(DateRole::Issue),
        FieldName::ExpiryDate => Some(DateRole::Expiry),
        _ => None,
    };
    if let Some(role) = role {
        return crate::validate::date::parse_printed(raw, role, today())
            .map(crate::validate::date::iso)
            .ok_or(Some(IssueCode::InvalidDate));
    }
    crate::viz::field_value(name, raw).ok_or(match name {
        FieldName::Sex => Some(IssueCode::InvalidSex),
        FieldName::Nationality | FieldName::IssuingCountry => Some(IssueCode::UnknownCountryCode),
        FieldName::DocumentNumber | FieldName::PersonalNumber => {
            Some(IssueCode::DocumentNumberFormat)
        }
        FieldName::FiscalCode => Some(IssueCode::FiscalCodeInvalid),
        _ => None,
    })
}

/// An answer of any schema with the placeholders in its strings replaced by their values (for
/// caller-supplied schemas; answers of the canonical schema go through [`rehydrate`]).
pub fn rehydrate_value(answer: &serde_json::Value, vault: &Vault) -> serde_json::Value {
    use serde_json::Value;
    match answer {
        Value::String(s) => Value::String(vault.restore(s).0),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| rehydrate_value(v, vault)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), rehydrate_value(v, vault)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Fields whose values are replaced under `pseudonymise`: the model can only have seen them as
/// placeholders.
fn pseudonymised(name: FieldName) -> bool {
    matches!(
        name,
        FieldName::Surname
            | FieldName::GivenNames
            | FieldName::BirthDate
            | FieldName::BirthPlace
            | FieldName::IssueDate
            | FieldName::ExpiryDate
            | FieldName::DocumentNumber
            | FieldName::PersonalNumber
            | FieldName::FiscalCode
            | FieldName::Address
            | FieldName::Municipality
    )
}

impl Vault {
    /// `text` with every placeholder of the vault replaced by its value (see [`rehydrate`]),
    /// and whether any was.
    fn restore(&self, text: &str) -> (String, bool) {
        let mut out = text.to_owned();
        let mut used = false;
        // Longest keys first: `NAME_12` before `NAME_1`.
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.placeholder.len()));
        for e in entries {
            let Some(key) = placeholder_key(&e.placeholder) else {
                continue;
            };
            // The exact placeholder, then the key alone with any brackets or hint around it.
            if out.contains(&e.placeholder) {
                out = out.replace(&e.placeholder, &e.value);
                used = true;
            }
            while let Some((s, end)) = find_key(&out, key) {
                out.replace_range(s..end, &e.value);
                used = true;
            }
        }
        (out, used)
    }
}

/// The span of a placeholder key (`NAME_1`, any case) in `text` with the brackets and format
/// hint that may surround it (`⟦NAME_1⟧`, `[NAME_1]`, `⟦DATE_1 dd.mm.yyyy⟧`); not inside a longer
/// key (`NAME_12`).
fn find_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let upper = text.to_uppercase();
    // Byte offsets of `upper` must be those of `text`; an answer whose upper case changes length
    // (`ß`) is matched only by the exact placeholder form in [`Vault::restore`].
    if upper.len() != text.len() {
        return None;
    }
    let mut from = 0;
    while let Some(i) = upper[from..].find(key).map(|i| from + i) {
        let end = i + key.len();
        let next_digit = upper[end..].starts_with(|c: char| c.is_ascii_digit());
        let prev_word = upper[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        if next_digit || prev_word {
            from = end;
            continue;
        }
        // Swallow an opening bracket before and a closing one after (with a hint inside).
        let open = upper[..i].strip_suffix(['⟦', '[', '{']).map(|p| p.len());
        let close = match upper[end..].find(['⟧', ']', '}']) {
            Some(j) if open.is_some() && !upper[end..end + j].contains(['⟦', '[', '{']) => {
                let c = upper[end + j..].chars().next().map_or(0, char::len_utf8);
                Some(end + j + c)
            }
            _ => None,
        };
        return Some(match (open, close) {
            (Some(o), Some(c)) => (o, c),
            _ => (i, end),
        });
    }
    None
}

/// The values read on the device, with their kinds: longest first, so that `ANNA MARIA` is
/// replaced before `ANNA`.
fn known_values(fields: &Fields) -> Vec<(PiiKind, String)> {
    let mut out: Vec<(PiiKind, String)> = Vec::new();
    for (name, field) in fields {
        let kind = match name {
            FieldName::Surname | FieldName::GivenNames => PiiKind::Name,
            FieldName::BirthPlace | FieldName::Municipality => PiiKind::Place,
            FieldName::Address => PiiKind::Address,
            FieldName::DocumentNumber | FieldName::PersonalNumber => PiiKind::DocumentNumber,
            _ => continue,
        };
        let value = field.value.trim();
        if value.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            continue;
        }
        match kind {
            // One placeholder per word of a name, wherever it is printed: `ANNA MARIA` goes out as
            // `⟦NAME_1⟧ ⟦NAME_2⟧`, so the model can join the words of one field and split a line
            // that holds a whole name (`Nome: MARIO ROSSI`) into given names and surname.
            PiiKind::Name => out.extend(
                value
                    .split(|c: char| !(c.is_alphanumeric() || c == '\''))
                    .filter(|w| w.chars().count() >= 2)
                    .map(|w| (kind, w.to_owned())),
            ),
            // An address read over several lines is one value made of several lines: its
            // words too, also those joined by `.` and `-` (`Mun.Cluj-Napoca`: the city is
            // printed elsewhere too, in the issuing office's name).
            PiiKind::Address => {
                out.push((kind, value.to_owned()));
                out.extend(
                    value
                        .split_whitespace()
                        .flat_map(|w| std::iter::once(w).chain(w.split(['.', '-'])))
                        .filter(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
                        .map(|w| (kind, w.to_owned())),
                );
            }
            _ => out.push((kind, value.to_owned())),
        }
    }
    out.sort_by_key(|(_, v)| std::cmp::Reverse(v.chars().count()));
    out.dedup_by(|a, b| fold(&a.1) == fold(&b.1));
    out
}

/// A byte range of a line and what it holds.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    kind: PiiKind,
}

fn pseudonymise_line(
    line: &str,
    known: &[(PiiKind, String)],
    vault: &mut Vault,
    kinds: &mut BTreeSet<PiiKind>,
) -> String {
    // An MRZ line has fillers; a spaced IBAN or number line may otherwise look like one.
    if crate::mrz::is_mrz_like(line) && line.chars().any(crate::mrz::is_filler_alike) {
        kinds.insert(PiiKind::Mrz);
        return vault.placeholder(PiiKind::Mrz, line.trim(), None);
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut add = |start: usize, end: usize, kind: PiiKind| {
        if start < end && !spans.iter().any(|s| start < s.end && s.start < end) {
            spans.push(Span { start, end, kind });
        }
    };
    // Structured values first (a name inside an e-mail address stays part of the address).
    for (s, e, kind) in structured(line) {
        add(s, e, kind);
    }
    for (kind, value) in known {
        for (s, e) in find_folded(line, value) {
            add(s, e, *kind);
        }
    }
    for (s, e, kind) in shapes(line) {
        add(s, e, kind);
    }
    // Deny by default: what no detector explained and is not document vocabulary leaves as a
    // placeholder too (a name whose label OCR could not read is still a name).
    for (s, e, kind) in residual(line) {
        add(s, e, kind);
    }
    spans.sort_by_key(|s| s.start);
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for span in spans {
        out.push_str(&line[at..span.start]);
        let value = &line[span.start..span.end];
        let hint = (span.kind == PiiKind::Date).then(|| date_format(value));
        out.push_str(&vault.placeholder(span.kind, value, hint.as_deref()));
        kinds.insert(span.kind);
        at = span.end;
    }
    out.push_str(&line[at..]);
    out
}

/// Byte ranges of `line` where `needle` is printed, ignoring case and accents, at word
/// boundaries.
fn find_folded(line: &str, needle: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = line
        .char_indices()
        .map(|(i, c)| (i, fold_char(c)))
        .collect();
    let want: Vec<char> = needle.chars().map(fold_char).collect();
    let word = |c: Option<&(usize, char)>| c.is_some_and(|&(_, c)| c.is_alphanumeric());
    let mut out = Vec::new();
    let mut i = 0;
    while !want.is_empty() && i + want.len() <= chars.len() {
        let hit = chars[i..i + want.len()]
            .iter()
            .map(|&(_, c)| c)
            .eq(want.iter().copied());
        let bounded = (i == 0 || !word(chars.get(i - 1))) && !word(chars.get(i + want.len()));
        if hit && bounded {
            let end = chars.get(i + want.len()).map_or(line.len(), |&(b, _)| b);
            out.push((chars[i].0, end));
            i += want.len();
        } else {
            i += 1;
        }
    }
    out
}

/// The structured detectors over one line (e-mail addresses, IBANs, phone numbers, codici
/// fiscali): `(start, end, kind)`, in precedence order.
fn structured(line: &str) -> Vec<(usize, usize, PiiKind)> {
    let mut out = Vec::new();
    for (s, e) in crate::viz::token_spans(line) {
        let t = &line[s..e];
        let core = t.trim_matches(|c: char| !c.is_alphanumeric());
        let offset = s + t.find(core).unwrap_or(0);
        if is_email(t) {
            let email = t.trim_matches(|c: char| !c.is_alphanumeric());
            let at = s + t.find(email).unwrap_or(0);
            out.push((at, at + email.len(), PiiKind::Email));
        } else if fiscal_code::has_shape(core) {
            out.push((offset, offset + core.len(), PiiKind::FiscalCode));
        }
    }
    out.extend(ibans(line).into_iter().map(|(s, e)| (s, e, PiiKind::Iban)));
    out.extend(
        phones(line)
            .into_iter()
            .map(|(s, e)| (s, e, PiiKind::Phone)),
    );
    out
}

/// The shape detectors over one line (dates, document-number-shaped tokens, digit runs), after
/// the known values.
fn shapes(line: &str) -> Vec<(usize, usize, PiiKind)> {
    let mut out: Vec<(usize, usize, PiiKind)> = dates(line)
        .into_iter()
        .chain(inline_dates(line))
        .map(|(s, e)| (s, e, PiiKind::Date))
        .collect();
    for (s, e) in crate::viz::token_spans(line) {
        let t = &line[s..e];
        let core = t.trim_matches(|c: char| !c.is_alphanumeric());
        let offset = s + t.find(core).unwrap_or(0);
        let digits = core.chars().filter(char::is_ascii_digit).count();
        let letters = core.chars().filter(char::is_ascii_uppercase).count();
        let alnum = core.chars().all(|c| c.is_ascii_alphanumeric());
        if alnum && (6..=12).contains(&core.len()) && digits >= 2 && letters >= 1 {
            out.push((offset, offset + core.len(), PiiKind::DocumentNumber));
        }
    }
    out.extend(
        digit_runs(line)
            .into_iter()
            .map(|(s, e)| (s, e, PiiKind::Number)),
    );
    out
}

/// Words (runs of letters and digits) that are not document vocabulary: words of three letters or
/// more become [`PiiKind::Text`], numbers of three digits or more and pieces with letters and two
/// digits or more [`PiiKind::Number`]; month names, short words and markers (`M`, `4b`) stay.
fn residual(line: &str) -> Vec<(usize, usize, PiiKind)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut push = |s: usize, e: usize| {
        let word = &line[s..e];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if letters >= 3
            && !crate::viz::is_document_word(word)
            && crate::validate::date::month_from_name(word).is_none()
        {
            out.push((s, e, PiiKind::Text));
        } else if (letters == 0 && digits >= 3) || (letters >= 1 && digits >= 2) {
            // Numbers, and pieces of codes OCR split (`CA 000 00AA`).
            out.push((s, e, PiiKind::Number));
        }
    };
    for (i, c) in line.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, line.len());
    }
    out
}

/// Numeric dates anywhere, also glued to other text (`4b.15/11/2032`): `d{1,2} sep d{1,2} sep
/// d{2}|d{4}` with `.`, `/` or `-` and no digit around.
fn inline_dates(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let digits_at = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_digit();
        let d = digits_at(i);
        if !boundary || !(1..=2).contains(&d) {
            i += d.max(1);
            continue;
        }
        let sep = |k: usize| b.get(k).is_some_and(|c| matches!(c, b'.' | b'/' | b'-'));
        let m_at = i + d + 1;
        let m = if sep(i + d) { digits_at(m_at) } else { 0 };
        let y_at = m_at + m + 1;
        let y = if (1..=2).contains(&m) && sep(m_at + m) {
            digits_at(y_at)
        } else {
            0
        };
        if y == 2 || y == 4 {
            out.push((i, y_at + y));
            i = y_at + y;
        } else {
            i += d;
        }
    }
    out
}

fn is_email(t: &str) -> bool {
    let t = t.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '.'));
    let Some((user, domain)) = t.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '+'))
}

/// IBANs: two letters, two check digits, then 11–30 letters and digits, in groups separated by
/// single spaces or not; the ISO 13616 mod-97 check must pass.
fn ibans(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let starts = (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b[i].is_ascii_uppercase()
            && b[i + 1].is_ascii_uppercase()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit();
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut compact = Vec::new();
        let mut best = None;
        while j < b.len() {
            if b[j].is_ascii_alphanumeric() {
                compact.push(b[j].to_ascii_uppercase());
                j += 1;
                if (15..=34).contains(&compact.len()) && iban_valid(&compact) {
                    best = Some(j);
                }
            } else if b[j] == b' ' && b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
                j += 1;
            } else {
                break;
            }
        }
        match best {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// ISO 13616: the first four characters moved to the end, letters as 10–35, mod 97 is 1.
fn iban_valid(compact: &[u8]) -> bool {
    let mut rem: u32 = 0;
    for &c in compact[4..].iter().chain(&compact[..4]) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// Phone numbers written internationally: `+`, then digits with spaces, dots, dashes or
/// slashes between them, eight digits or more.
fn phones(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'+' || !b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut digits = 0;
        let mut end = j;
        while j < b.len() {
            if b[j].is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
            } else if matches!(b[j], b' ' | b'.' | b'-' | b'/')
                && b.get(j + 1).is_some_and(u8::is_ascii_digit)
            {
                j += 1;
            } else {
                break;
            }
        }
        if digits >= 8 {
            out.push((i, end));
        }
        i = end.max(i + 1);
    }
    out
}

/// Printed dates: every date [`crate::viz`] would read, at token boundaries (numeric dates glued
/// to other text or to each other, `16.01.22-16.01.2032`, are [`inline_dates`]).
fn dates(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rest) = line.get(from..) {
        let Some(found) = crate::viz::find_date(rest, DateRole::Issue, today()) else {
            break;
        };
        let start = from + found.before.len();
        let end = line.len() - found.after.len();
        if end <= start {
            break;
        }
        // The span without the punctuation around the date (`14.05.1987,`).
        let piece = &line[start..end];
        let lead = piece.len()
            - piece
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let kept = piece.trim_matches(|c: char| !c.is_alphanumeric()).len();
        out.push((start + lead, start + lead + kept));
        from = end;
    }
    out
}

/// Runs of five digits or more (spaces inside runs of groups are not joined).
fn digit_runs(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start >= 5 {
            out.push((start, i));
        }
    }
    out
}

/// The printed format of a date, as a hint for the model: digits as `d m y`, month names as
/// `MMM` (`14.05.1987` → `dd.mm.yyyy`, `14 MAG/MAY 1987` → `dd MMM/MMM yyyy`).
fn date_format(value: &str) -> String {
    let parts: Vec<&str> = value.split_inclusive([' ', '.', '/', '-']).collect();
    let mut out = String::new();
    let mut digit_groups = 0;
    for part in parts {
        let (body, sep) = match part.char_indices().last() {
            Some((i, ' ' | '.' | '/' | '-')) => (&part[..i], &part[i..]),
            _ => (part, ""),
        };
        if body.chars().all(|c| c.is_ascii_digit()) && !body.is_empty() {
            let letter = match (digit_groups, body.len()) {
                (_, 4) => 'y',
                (0, _) => 'd',
                (1, _) => 'm',
                _ => 'y',
            };
            out.extend(std::iter::repeat_n(letter, body.len()));
            digit_groups += 1;
        } else if !body.is_empty() {
            out.push_str("MMM");
            digit_groups = digit_groups.max(2);
        }
        out.push_str(sep);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::pipeline::{ParseOptions, parse_page};

    const CIE_BACK: &str = "CODICE FISCALE / FISCAL CODE\nRSSMRA87E14H501X\n\
        INDIRIZZO DI RESIDENZA / RESIDENCE\nVIA GARIBALDI 12 ROMA (RM)\n\
        Nome e cognome: Anna Maria Rossi\nData di nascita: 14.05.1987,\n\
        Tel. +39 333 123 4567, e-mail anna.rossi@example.it\n\
        IBAN IT60 X054 2811 1010 0000 0123 456\n\
        C<ITACA00000AA5<<<<<<<<<<<<<<<\n8705146F3301010ITA<<<<<<<<<<<0\nROSSI<<ANNA<MARIA<<<<<<<<<<<<<";

    fn run(text: &str) -> (RedactedText, Vault) {
        let page = OcrPage::from_plain(text);
        let parsed = parse_page(&page, &ParseOptions::default());
        redact(&page, &parsed.fields, Policy::Pseudonymise, &[]).unwrap()
    }

    #[test]
    fn pseudonymised_text_holds_no_personal_value() {
        let (text, vault) = run(CIE_BACK);
        let out = text.as_str();
        for value in [
            "RSSMRA87E14H501X",
            "GARIBALDI",
            "Rossi",
            "ROSSI",
            "Anna",
            "14.05.1987",
            "333 123",
            "anna.rossi",
            "IT60",
            "CA00000AA",
            "870514",
        ] {
            assert!(!out.contains(value), "{value} left in {out}");
        }
        assert!(out.contains("⟦DATE_1 dd.mm.yyyy⟧"), "{out}");
        assert!(out.contains("⟦MRZ_1⟧"));
        assert!(
            out.contains("CODICE FISCALE / FISCAL CODE"),
            "labels stay: {out}"
        );
        assert_eq!(vault.get("⟦FISCAL_CODE_1⟧"), Some("RSSMRA87E14H501X"));
        assert_eq!(vault.get("⟦DATE_1⟧"), Some("14.05.1987"));
        let kinds: Vec<PiiKind> = text.placeholder_kinds().collect();
        for kind in [
            PiiKind::Mrz,
            PiiKind::Name,
            PiiKind::FiscalCode,
            PiiKind::Email,
            PiiKind::Iban,
            PiiKind::Phone,
            PiiKind::Date,
        ] {
            assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
        }
    }

    #[test]
    fn one_value_one_placeholder() {
        let (text, _) = run("Cognome: ROSSI\nROSSI MARIO\nNato il 01.02.1990\n01.02.1990");
        let out = text.as_str();
        assert_eq!(out.matches("⟦NAME_1⟧").count(), 2, "{out}");
        assert_eq!(out.matches("⟦DATE_1 dd.mm.yyyy⟧").count(), 2, "{out}");
    }

    #[test]
    fn policies() {
        let page = OcrPage::from_plain("Cognome: ROSSI");
        let fields = Fields::new();
        assert!(matches!(
            redact(&page, &fields, Policy::LocalOnly, &[]),
            Err(CoreError::EgressForbidden)
        ));
        let (text, vault) = redact(&page, &fields, Policy::Trusted, &[]).unwrap();
        assert_eq!(text.as_str(), "Cognome: ROSSI");
        assert!(vault.is_empty());
        assert_eq!("pseudonymise".parse::<Policy>(), Ok(Policy::Pseudonymise));
        assert!("everything".parse::<Policy>().is_err());
    }

    #[test]
    fn minimal_sends_the_lines_of_the_requested_fields() {
        let text = "COGNOME / SURNAME\nROSSI\nLUOGO E DATA DI NASCITA\nROMA (RM) 14.05.1987\n\
            INDIRIZZO DI RESIDENZA / RESIDENCE\nVIA ROMA 1\n\
            C<ITACA00000AA5<<<<<<<<<<<<<<<\n8705146F3301010ITA<<<<<<<<<<<0\nROSSI<<ANNA<<<<<<<<<<<<<<<<<<<";
        let page = OcrPage::from_plain(text);
        let read = parse_page(&page, &ParseOptions::default()).fields;
        let (sent, _) = redact(&page, &read, Policy::Minimal, &[FieldName::BirthPlace]).unwrap();
        assert_eq!(
            sent.as_str(),
            "LUOGO E DATA DI NASCITA\nROMA (RM) 14.05.1987"
        );
        assert_eq!(sent.policy(), Policy::Minimal);
    }

    #[test]
    fn receipt_accounts_for_the_exact_payload() {
        let (text, vault) = run("Cognome: ROSSI\nNato il 01.02.1990");
        let r = text.receipt("edge.example:8443");
        assert_eq!(r.bytes, text.as_str().len());
        assert_eq!(
            r.sha256,
            format!("{:x}", Sha256::digest(text.as_str().as_bytes()))
        );
        assert_eq!(r.policy, Policy::Pseudonymise);
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("ROSSI") && !json.contains("1990"), "{json}");
        // The vault shows no value.
        assert!(!format!("{vault:?}").contains("ROSSI"));
    }

    #[test]
    fn answers_are_rehydrated_and_inventions_rejected() {
        // The given names printed whole under their label and word by word elsewhere.
        let (text, vault) = run(
            "Cognome: ROSSI\nNome: ANNA MARIA\nData di nascita: 14.05.1987\nFirma\nANNA\nMARIA",
        );
        assert!(
            text.as_str().contains("⟦DATE_1 dd.mm.yyyy⟧"),
            "{}",
            text.as_str()
        );
        let name = |v: &str| {
            (1..=vault.len())
                .map(|n| format!("⟦NAME_{n}⟧"))
                .find(|p| vault.get(p) == Some(v))
                .unwrap()
        };
        let answer = vec![
            // Joined placeholders, a reformatted one (no brackets, lower case) and an ISO answer
            // from a date placeholder.
            (
                FieldName::GivenNames,
                format!("{} {}", name("ANNA"), name("MARIA")),
            ),
            (
                FieldName::Surname,
                name("ROSSI").trim_matches(['⟦', '⟧']).to_lowercase(),
            ),
            (FieldName::BirthDate, "⟦DATE_1⟧".to_owned()),
            // Invented: never on the page.
            (FieldName::DocumentNumber, "AB1234567".to_owned()),
        ];
        let (fields, issues) = rehydrate(&answer, &vault);
        assert_eq!(fields[&FieldName::GivenNames].value, "ANNA MARIA");
        assert_eq!(fields[&FieldName::Surname].value, "ROSSI");
        assert_eq!(fields[&FieldName::BirthDate].value, "1987-05-14");
        assert_eq!(fields[&FieldName::GivenNames].source, Source::Llm);
        assert!(!fields.contains_key(&FieldName::DocumentNumber));
        assert_eq!(
            issues,
            vec![Issue::new(
                Severity::Warning,
                IssueCode::InventedValue,
                Some(FieldName::DocumentNumber)
            )]
        );
        let any = rehydrate_value(
            &serde_json::json!({"a": ["⟦DATE_1⟧", 3], "b": {"c": "born date_1"}}),
            &vault,
        );
        assert_eq!(any["a"][0], "14.05.1987");
        assert_eq!(any["a"][1], 3);
        assert_eq!(any["b"]["c"], "born 14.05.1987");
        assert_eq!(find_key("x ⟦NAME_12⟧", "NAME_1"), None);
        assert_eq!(find_key("[date_1 dd.mm.yyyy].", "DATE_1"), Some((0, 19)));
    }

    #[test]
    fn hard_cases() {
        let cases = [
            // Surname and given names that are common words.
            ("Cognome: ROSA\nNome: BIANCA", &["ROSA", "BIANCA"][..]),
            // A date in words.
            (
                "nato il quattordici maggio 1987 a Roma",
                &["quattordici", "1987", "Roma"][..],
            ),
            // A document number split by OCR, a fiscal code with a space.
            (
                "Numero: CA 000 00AA\nCF RSSMRA87E14 H501X",
                &["000", "00AA", "RSSMRA87E14", "H501X"][..],
            ),
            // A name with no label at all, and an e-mail in angle brackets.
            (
                "MARIO ROSSI <mario.rossi@example.com>",
                &["MARIO", "ROSSI", "mario.rossi"][..],
            ),
        ];
        for (text, values) in cases {
            let (out, _) = run(text);
            for v in values {
                assert!(!out.as_str().contains(v), "{v} left in {}", out.as_str());
            }
        }
    }

    #[test]
    fn detectors() {
        assert!(iban_valid(b"IT60X0542811101000000123456"));
        assert!(!iban_valid(b"IT61X0542811101000000123456"));
        assert_eq!(phones("tel +39 02.1234.5678 ore"), vec![(4, 20)]);
        assert!(phones("+39 12").is_empty());
        assert!(is_email("(mario@example.com)"));
        assert!(!is_email("a@b"));
        assert_eq!(digit_runs("CAP 00184 n. 12"), vec![(4, 9)]);
        assert_eq!(date_format("14 MAG/MAY 1987"), "dd MMM/MMM yyyy");
        assert_eq!(date_format("14/05/87"), "dd/mm/yy");
        assert_eq!(
            inline_dates("Validity 16.01.22-16.01.2032"),
            vec![(9, 17), (18, 28)]
        );
        assert_eq!(find_folded("Nato a Forlì", "FORLI"), vec![(7, 13)]);
        assert!(find_folded("ROSSINI", "ROSSI").is_empty());
    }
}
