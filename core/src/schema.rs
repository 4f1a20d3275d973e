//! The output contract (DESIGN.md §3): the types every front end serialises.
//!
//! Field names, enum spellings and the shape of [`ScanResult`] are stable: tests, bindings and
//! evaluation tools outside this repository depend on them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What kind of document was read. Serialised in snake case (`id_card`, `passport`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// National identity card (e.g. Italian CIE, paper carta d'identità, TD1/TD2 cards).
    IdCard,
    /// Passport data page (TD3).
    Passport,
    /// Driving licence (EU model and others).
    DrivingLicence,
    /// Residence permit.
    ResidencePermit,
    /// Visa (MRV-A / MRV-B).
    Visa,
    /// Health insurance card.
    HealthCard,
    /// Not recognised.
    #[default]
    Unknown,
}

/// Where a field value was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The machine-readable zone.
    Mrz,
    /// The visual (printed) zone.
    Viz,
    /// A barcode.
    Barcode,
    /// A language model answer.
    Llm,
}

/// Canonical field names (DESIGN.md §3). The declaration order is the output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldName {
    /// Issuing state, ISO 3166-1 alpha-3 or ICAO code.
    IssuingCountry,
    /// Document number.
    DocumentNumber,
    /// Surname(s), upper case.
    Surname,
    /// Given name(s), upper case.
    GivenNames,
    /// Birth date, ISO 8601.
    BirthDate,
    /// Birth place as printed.
    BirthPlace,
    /// `M`, `F` or `X`.
    Sex,
    /// Nationality code.
    Nationality,
    /// Issue date, ISO 8601.
    IssueDate,
    /// Expiry date, ISO 8601.
    ExpiryDate,
    /// Issuing authority as printed.
    IssuingAuthority,
    /// Italian codice fiscale.
    FiscalCode,
    /// Personal number (national identifier).
    PersonalNumber,
    /// Address as printed.
    Address,
    /// Municipality (of residence or issue).
    Municipality,
    /// Height in centimetres, digits only.
    HeightCm,
    /// Driving licence categories, e.g. `AM B`.
    LicenceCategories,
    /// MRZ optional data that is not a personal number (only in `carta mrz` output).
    OptionalData,
}

impl FieldName {
    /// Every field, in output order.
    pub const ALL: [FieldName; 18] = [
        FieldName::IssuingCountry,
        FieldName::DocumentNumber,
        FieldName::Surname,
        FieldName::GivenNames,
        FieldName::BirthDate,
        FieldName::BirthPlace,
        FieldName::Sex,
        FieldName::Nationality,
        FieldName::IssueDate,
        FieldName::ExpiryDate,
        FieldName::IssuingAuthority,
        FieldName::FiscalCode,
        FieldName::PersonalNumber,
        FieldName::Address,
        FieldName::Municipality,
        FieldName::HeightCm,
        FieldName::LicenceCategories,
        FieldName::OptionalData,
    ];

    /// The canonical (English, snake case) key.
    pub fn key(self) -> &'static str {
        match self {
            FieldName::IssuingCountry => "issuing_country",
            FieldName::DocumentNumber => "document_number",
            FieldName::Surname => "surname",
            FieldName::GivenNames => "given_names",
            FieldName::BirthDate => "birth_date",
            FieldName::BirthPlace => "birth_place",
            FieldName::Sex => "sex",
            FieldName::Nationality => "nationality",
            FieldName::IssueDate => "issue_date",
            FieldName::ExpiryDate => "expiry_date",
            FieldName::IssuingAuthority => "issuing_authority",
            FieldName::FiscalCode => "fiscal_code",
            FieldName::PersonalNumber => "personal_number",
            FieldName::Address => "address",
            FieldName::Municipality => "municipality",
            FieldName::HeightCm => "height_cm",
            FieldName::LicenceCategories => "licence_categories",
            FieldName::OptionalData => "optional_data",
        }
    }

    /// The Italian back-office key (`--keys it`).
    pub fn key_it(self) -> &'static str {
        match self {
            FieldName::IssuingCountry => "stato_emissione",
            FieldName::DocumentNumber => "numero_documento",
            FieldName::Surname => "cognome",
            FieldName::GivenNames => "nome",
            FieldName::BirthDate => "data_nascita",
            FieldName::BirthPlace => "luogo_nascita",
            FieldName::Sex => "sesso",
            FieldName::Nationality => "cittadinanza",
            FieldName::IssueDate => "data_rilascio",
            FieldName::ExpiryDate => "scadenza",
            FieldName::IssuingAuthority => "autorita_rilascio",
            FieldName::FiscalCode => "codice_fiscale",
            FieldName::PersonalNumber => "numero_personale",
            FieldName::Address => "indirizzo",
            FieldName::Municipality => "comune",
            FieldName::HeightCm => "statura_cm",
            FieldName::LicenceCategories => "categorie_patente",
            FieldName::OptionalData => "dati_opzionali",
        }
    }

    /// The key in the requested naming scheme.
    pub fn key_in(self, keys: KeyStyle) -> &'static str {
        match keys {
            KeyStyle::Canonical => self.key(),
            KeyStyle::Italian => self.key_it(),
        }
    }

    /// Whether the field appears in a [`ScanResult`] (all but MRZ-only optional data).
    pub fn is_canonical(self) -> bool {
        self != FieldName::OptionalData
    }
}

/// Naming scheme for field keys in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyStyle {
    /// `surname`, `birth_date`, … (DESIGN.md §3).
    #[default]
    Canonical,
    /// `cognome`, `data_nascita`, … for Italian back offices.
    Italian,
}

/// Name of a validator a value passed (e.g. `mrz_check_digit`, `format_it_cie`).
pub type Check = &'static str;

/// One extracted value with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The value; always a string (dates as `YYYY-MM-DD`).
    pub value: String,
    /// Confidence in [0, 1], serialised with three decimals.
    #[serde(serialize_with = "serialize_confidence")]
    pub confidence: f32,
    /// Where it was read.
    pub source: Source,
    /// Validators the value passed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
}

fn serialize_confidence<S: serde::Serializer>(c: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*c) * 1000.0).round() / 1000.0)
}

impl Field {
    /// A field with no checks yet.
    pub fn new(value: impl Into<String>, confidence: f32, source: Source) -> Self {
        Field {
            value: value.into(),
            confidence: confidence.clamp(0.0, 1.0),
            source,
            checks: Vec::new(),
        }
    }

    /// Adds a passed check (once).
    pub fn with_check(mut self, check: Check) -> Self {
        self.add_check(check);
        self
    }

    /// Adds a passed check (once).
    pub fn add_check(&mut self, check: Check) {
        if !self.checks.contains(&check) {
            self.checks.push(check);
        }
    }
}

/// The fields of a document, keyed and ordered by [`FieldName`].
pub type Fields = BTreeMap<FieldName, Field>;

/// How serious an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For information (e.g. a repair was made).
    Info,
    /// The data may be wrong or the document unusable (e.g. expired).
    Warning,
    /// A check failed.
    Error,
}

/// Machine-readable issue codes. Issues never carry field values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    /// The expiry date is in the past.
    DocumentExpired,
    /// An MRZ check digit does not match its field.
    CheckDigitFailed,
    /// OCR confusions in the MRZ were repaired under check-digit control.
    MrzRepaired,
    /// Two different repairs of the MRZ both validate; none was applied.
    MrzAmbiguous,
    /// A field of the MRZ holds what it cannot hold after repair (digits in a name: a number
    /// line read in the name line's place); the field is left out.
    MrzUnreadable,
    /// The MRZ and the visual zone disagree on a field.
    MrzVizMismatch,
    /// The codice fiscale disagrees with the name, birth date or sex read elsewhere.
    FiscalCodeMismatch,
    /// The codice fiscale fails its syntax, check character or birthplace check.
    FiscalCodeInvalid,
    /// A date is not a real calendar date or lies outside its plausible range.
    InvalidDate,
    /// The sex marker is not `M`, `F` or `X`/`<`.
    InvalidSex,
    /// A country code is neither ISO 3166-1 alpha-3 nor an ICAO-specific code.
    UnknownCountryCode,
    /// A document number does not match the format of its document type.
    DocumentNumberFormat,
    /// The expiry date is not after the birth or issue date, or lies more years after the
    /// issue date than any document is valid.
    InconsistentDates,
    /// Nothing on the page was recognised as an identity document.
    NoDocumentFound,
    /// A remote answer gave a pseudonymised field a value that was never on the page (not a
    /// placeholder of this scan): invented, and left out.
    InventedValue,
    /// A language model's value for a field disagrees with the value read on the device; the
    /// device's value is kept.
    ExtractorConflict,
}

/// A problem found while reading a document. Names the field, never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// How serious.
    pub severity: Severity,
    /// What.
    pub code: IssueCode,
    /// Which field, when one is concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldName>,
}

impl Issue {
    /// A new issue.
    pub fn new(severity: Severity, code: IssueCode, field: Option<FieldName>) -> Self {
        Issue {
            severity,
            code,
            field,
        }
    }
}

/// MRZ layout (ICAO 9303 parts 4–7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MrzFormat {
    /// 3 × 30 (ID cards).
    #[serde(rename = "TD1")]
    Td1,
    /// 2 × 36 (ID cards).
    #[serde(rename = "TD2")]
    Td2,
    /// 2 × 44 (passports).
    #[serde(rename = "TD3")]
    Td3,
    /// Visa, 2 × 44.
    #[serde(rename = "MRVA")]
    MrvA,
    /// Visa, 2 × 36.
    #[serde(rename = "MRVB")]
    MrvB,
}

/// The MRZ summary inside a [`ScanResult`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MrzResult {
    /// Layout.
    pub format: MrzFormat,
    /// The lines after repair (as read when nothing was repaired).
    pub lines: Vec<String>,
    /// Every check digit (including the composite) holds.
    pub valid: bool,
    /// Number of characters changed by repair.
    pub repaired: u32,
}

/// What produced a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// OCR engine and model, `null` when the input was text.
    pub ocr: Option<String>,
    /// Which extractor produced the fields (`rules` on the deterministic path).
    pub extractor: String,
    /// The remote target that answered (`edge:HOST:PORT`, `cloud:HOST:PORT`), `null` when no
    /// remote answer was used.
    pub offload: Option<String>,
    /// The offload targets tried, in order, and how each attempt ended; absent when offload
    /// was off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<crate::route::Attempt>,
}

impl Default for Provenance {
    fn default() -> Self {
        Provenance {
            ocr: None,
            extractor: "rules".to_owned(),
            offload: None,
            route: Vec::new(),
        }
    }
}

/// Stage timings in milliseconds. Stages that did not run are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Timings {
    /// Image decoding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decode: Option<u64>,
    /// OCR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<u64>,
    /// Parsing, validation and merging.
    pub parse: u64,
    /// End to end.
    pub total: u64,
}

/// The result of reading one document (DESIGN.md §3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanResult {
    /// Document kind.
    pub document_type: DocumentType,
    /// One value per field.
    pub fields: Fields,
    /// The answer of a model asked for a caller's schema (placeholders restored); absent
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<serde_json::Value>,
    /// The MRZ, when one was found.
    pub mrz: Option<MrzResult>,
    /// Problems found.
    pub issues: Vec<Issue>,
    /// What produced the result.
    pub provenance: Provenance,
    /// The receipts of the payloads that left the device, one per remote call that may have
    /// received it; `null` when nothing left.
    pub egress: Option<Vec<crate::redact::EgressReceipt>>,
    /// Stage timings.
    pub timings_ms: Timings,
}

impl ScanResult {
    /// The result as a JSON value, with field keys in the requested naming scheme.
    pub fn to_json(&self, keys: KeyStyle) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(obj) = value.as_object_mut() {
            obj.insert("fields".to_owned(), fields_to_json(&self.fields, keys));
        }
        value
    }
}

/// Serialises fields with keys in the requested naming scheme, in canonical order.
pub fn fields_to_json(fields: &Fields, keys: KeyStyle) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (name, field) in fields {
        let value = serde_json::to_value(field).unwrap_or(serde_json::Value::Null);
        map.insert(name.key_in(keys).to_owned(), value);
    }
    serde_json::Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_result_serialises_as_the_contract() {
        let mut fields = Fields::new();
        fields.insert(
            FieldName::Surname,
            Field::new("ROSSI", 0.99, Source::Mrz).with_check("mrz_cross_viz"),
        );
        fields.insert(
            FieldName::GivenNames,
            Field::new("MARIO", 0.98, Source::Viz),
        );
        let result = ScanResult {
            document_type: DocumentType::IdCard,
            fields,
            answer: None,
            mrz: Some(MrzResult {
                format: MrzFormat::Td1,
                lines: vec!["I<ITA".into()],
                valid: true,
                repaired: 0,
            }),
            issues: vec![Issue::new(
                Severity::Warning,
                IssueCode::DocumentExpired,
                Some(FieldName::ExpiryDate),
            )],
            provenance: Provenance::default(),
            egress: None,
            timings_ms: Timings {
                decode: None,
                ocr: None,
                parse: 1,
                total: 1,
            },
        };
        let json = result.to_json(KeyStyle::Canonical);
        let expected = serde_json::json!({
            "document_type": "id_card",
            "fields": {
                "surname": {"value": "ROSSI", "confidence": 0.99, "source": "mrz", "checks": ["mrz_cross_viz"]},
                "given_names": {"value": "MARIO", "confidence": 0.98, "source": "viz"}
            },
            "mrz": {"format": "TD1", "lines": ["I<ITA"], "valid": true, "repaired": 0},
            "issues": [{"severity": "warning", "code": "document_expired", "field": "expiry_date"}],
            "provenance": {"ocr": null, "extractor": "rules", "offload": null},
            "egress": null,
            "timings_ms": {"parse": 1, "total": 1}
        });
        assert_eq!(json, expected);
        // Keys keep the contract's order: document_type first, fields in canonical order.
        let text = serde_json::to_string(&json).unwrap();
        assert!(text.starts_with(
            r#"{"document_type":"id_card","fields":{"surname":{"value":"ROSSI","confidence":0.99"#
        ));
    }

    #[test]
    fn italian_keys() {
        let mut fields = Fields::new();
        fields.insert(FieldName::Surname, Field::new("ROSSI", 1.0, Source::Viz));
        let json = fields_to_json(&fields, KeyStyle::Italian);
        assert!(json.get("cognome").is_some());
        assert!(json.get("surname").is_none());
    }
}
