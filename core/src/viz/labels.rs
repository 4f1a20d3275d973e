//! The label table: printed label synonyms (Italian, English, French, German, Spanish,
//! Romanian) → what the value next to them means, and the matcher that finds labels in a line.
//!
//! Labels are written upper case without accents; matching folds the OCR text the same way
//! and ignores spaces and punctuation (see [`super::fold`]), so `Data di nascita:`,
//! `DATA DI NASCITA`, `Datadi nascita.` and `Né(e) le` / `NE LE` all match. The longest label
//! wins, which keeps `COGNOME E NOME DEI GENITORI` (ignored) from reading as `COGNOME`.

use std::sync::OnceLock;

use crate::schema::FieldName;

use crate::text::within_one_edit;

use super::fold::{Folded, compact, is_word_char};

/// What the value of a label is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// One canonical field.
    Field(FieldName),
    /// A birth date and a birth place in either order (`ROMA (RM) 14.05.1987`, `14/05/87 ROMA`).
    BirthDatePlace,
    /// Residence: a street address when it looks like one, otherwise the municipality.
    Residence,
    /// A validity period: one date (the expiry) or an `issue-expiry` range
    /// (`26.11.17-26.11.2027` on Romanian identity cards).
    Validity,
    /// German `Name` (surname) — English `Name` is ambiguous, so only read on German documents.
    AmbiguousName,
    /// Surname and given names in one value: ambiguous, left to a later stage.
    FullName,
    /// A label whose value is not extracted (signature, parents, profession, …).
    Ignore,
}

impl Target {
    /// The fields a value of this target gives (none for ignored labels).
    pub(crate) fn fields(self) -> Vec<FieldName> {
        match self {
            Target::Field(f) => vec![f],
            Target::BirthDatePlace => vec![FieldName::BirthDate, FieldName::BirthPlace],
            Target::Residence => vec![FieldName::Address, FieldName::Municipality],
            Target::Validity => vec![FieldName::IssueDate, FieldName::ExpiryDate],
            Target::AmbiguousName | Target::FullName => {
                vec![FieldName::Surname, FieldName::GivenNames]
            }
            Target::Ignore => Vec::new(),
        }
    }
}

/// How a label may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Value after the label (same line, optionally after `:`) or below it.
    Normal,
    /// A short or common word: a same-line value needs a `:`.
    Strict,
    /// The label is the first word of the value (street words: `Via GARIBALDI 1`).
    Keep,
}

/// One label synonym.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label {
    /// Upper case, unaccented words.
    pub text: &'static str,
    /// What its value means.
    pub target: Target,
    /// How it may be used.
    pub kind: Kind,
}

const fn n(text: &'static str, field: FieldName) -> Label {
    Label {
        text,
        target: Target::Field(field),
        kind: Kind::Normal,
    }
}

const fn s(text: &'static str, field: FieldName) -> Label {
    Label {
        text,
        target: Target::Field(field),
        kind: Kind::Strict,
    }
}

const fn t(text: &'static str, target: Target) -> Label {
    Label {
        text,
        target,
        kind: Kind::Normal,
    }
}

use FieldName as F;

/// Every label synonym.
pub(crate) const LABELS: &[Label] = &[
    // Surname.
    n("COGNOME", F::Surname),
    n("COGNOMI", F::Surname),
    n("SURNAME", F::Surname),
    n("SURNAMES", F::Surname),
    n("LAST NAME", F::Surname),
    n("FAMILY NAME", F::Surname),
    s("NOM", F::Surname),
    n("NOM DE FAMILLE", F::Surname),
    n("FAMILIENNAME", F::Surname),
    n("NACHNAME", F::Surname),
    n("APELLIDO", F::Surname),
    n("APELLIDOS", F::Surname),
    n("PRIMER APELLIDO", F::Surname),
    n("NUME", F::Surname),
    Label {
        text: "NAME",
        target: Target::AmbiguousName,
        kind: Kind::Strict,
    },
    // Given names.
    n("NOME", F::GivenNames),
    n("NOMI", F::GivenNames),
    n("GIVEN NAME", F::GivenNames),
    n("GIVEN NAMES", F::GivenNames),
    n("FIRST NAME", F::GivenNames),
    n("FIRST NAMES", F::GivenNames),
    n("FORENAME", F::GivenNames),
    n("FORENAMES", F::GivenNames),
    n("PRENOM", F::GivenNames),
    n("PRENOMS", F::GivenNames),
    n("VORNAME", F::GivenNames),
    n("VORNAMEN", F::GivenNames),
    n("NOMBRE", F::GivenNames),
    n("NOMBRES", F::GivenNames),
    n("PRENUME", F::GivenNames),
    // Both names in one value.
    t("NOME E COGNOME", Target::FullName),
    t("COGNOME E NOME", Target::FullName),
    t("NOME COGNOME", Target::FullName),
    t("COGNOME NOME", Target::FullName),
    t("NOMINATIVO", Target::FullName),
    t("FULL NAME", Target::FullName),
    t("NAME AND SURNAME", Target::FullName),
    t("SURNAME AND NAME", Target::FullName),
    t("NOM ET PRENOM", Target::FullName),
    t("NOM ET PRENOMS", Target::FullName),
    t("NOM PRENOM", Target::FullName),
    t("NOM PRENOMS", Target::FullName),
    t("NOM COMPLET", Target::FullName),
    t("NAME VORNAME", Target::FullName),
    t("VOLLSTANDIGER NAME", Target::FullName),
    t("NOMBRE Y APELLIDOS", Target::FullName),
    t("APELLIDOS Y NOMBRE", Target::FullName),
    t("NOMBRE COMPLETO", Target::FullName),
    // Birth date.
    n("DATA DI NASCITA", F::BirthDate),
    n("DATA NASCITA", F::BirthDate),
    n("DATE OF BIRTH", F::BirthDate),
    n("BIRTH DATE", F::BirthDate),
    n("DATE BIRTH", F::BirthDate),
    n("DOB", F::BirthDate),
    s("BORN", F::BirthDate),
    n("BORN ON", F::BirthDate),
    n("DATE DE NAISSANCE", F::BirthDate),
    n("DATE DE NAISS", F::BirthDate),
    n("NE LE", F::BirthDate),
    n("NEE LE", F::BirthDate),
    n("GEBURTSDATUM", F::BirthDate),
    n("GEBURTSTAG", F::BirthDate),
    n("GEBOREN AM", F::BirthDate),
    n("FECHA DE NACIMIENTO", F::BirthDate),
    n("FECHA NACIMIENTO", F::BirthDate),
    n("FECHA DE NAC", F::BirthDate),
    // Birth place.
    n("LUOGO DI NASCITA", F::BirthPlace),
    n("LUOGO NASCITA", F::BirthPlace),
    n("NATO A", F::BirthPlace),
    n("NATA A", F::BirthPlace),
    n("PLACE OF BIRTH", F::BirthPlace),
    n("BIRTH PLACE", F::BirthPlace),
    n("BIRTHPLACE", F::BirthPlace),
    n("LIEU DE NAISSANCE", F::BirthPlace),
    n("GEBURTSORT", F::BirthPlace),
    n("LUGAR DE NACIMIENTO", F::BirthPlace),
    n("LOC NASTERE", F::BirthPlace),
    n("LOCUL NASTERII", F::BirthPlace),
    // Birth date and place together.
    t("LUOGO E DATA DI NASCITA", Target::BirthDatePlace),
    t("DATA E LUOGO DI NASCITA", Target::BirthDatePlace),
    t("PLACE AND DATE OF BIRTH", Target::BirthDatePlace),
    t("DATE AND PLACE OF BIRTH", Target::BirthDatePlace),
    t("DATE ET LIEU DE NAISSANCE", Target::BirthDatePlace),
    t("LIEU ET DATE DE NAISSANCE", Target::BirthDatePlace),
    t("GEBURTSDATUM UND ORT", Target::BirthDatePlace),
    t("GEBURTSDATUM UND GEBURTSORT", Target::BirthDatePlace),
    t("FECHA Y LUGAR DE NACIMIENTO", Target::BirthDatePlace),
    t("NATO IL", Target::BirthDatePlace),
    t("NATA IL", Target::BirthDatePlace),
    t("NATO A IL", Target::BirthDatePlace),
    // Sex.
    n("SESSO", F::Sex),
    n("SEX", F::Sex),
    n("GENDER", F::Sex),
    n("SEXE", F::Sex),
    n("GESCHLECHT", F::Sex),
    n("SEXO", F::Sex),
    // Nationality.
    n("CITTADINANZA", F::Nationality),
    n("NAZIONALITA", F::Nationality),
    n("NATIONALITY", F::Nationality),
    n("CITIZENSHIP", F::Nationality),
    n("NATIONALITE", F::Nationality),
    n("STAATSANGEHORIGKEIT", F::Nationality),
    n("NACIONALIDAD", F::Nationality),
    n("CETATENIE", F::Nationality),
    // Issuing country.
    s("CODICE", F::IssuingCountry),
    s("CODE", F::IssuingCountry),
    n("CODICE PAESE", F::IssuingCountry),
    n("COUNTRY CODE", F::IssuingCountry),
    n("ISSUING STATE", F::IssuingCountry),
    n("ISSUING COUNTRY", F::IssuingCountry),
    n("STATO DI RILASCIO", F::IssuingCountry),
    n("CODE DU PAYS", F::IssuingCountry),
    n("PAYS EMETTEUR", F::IssuingCountry),
    n("AUSSTELLUNGSSTAAT", F::IssuingCountry),
    n("CODIGO DEL PAIS", F::IssuingCountry),
    // Document number.
    n("NUMERO DOCUMENTO", F::DocumentNumber),
    n("NUMERO DEL DOCUMENTO", F::DocumentNumber),
    n("NUMERO DI DOCUMENTO", F::DocumentNumber),
    n("N DOCUMENTO", F::DocumentNumber),
    n("NR DOCUMENTO", F::DocumentNumber),
    n("DOCUMENTO N", F::DocumentNumber),
    n("DOCUMENTO NUMERO", F::DocumentNumber),
    n("NUMERO CARTA", F::DocumentNumber),
    n("CARTA N", F::DocumentNumber),
    n("NUMERO PASSAPORTO", F::DocumentNumber),
    n("PASSAPORTO N", F::DocumentNumber),
    n("PASSAPORTO NO", F::DocumentNumber),
    n("NUMERO PATENTE", F::DocumentNumber),
    n("PATENTE N", F::DocumentNumber),
    s("NUMERO", F::DocumentNumber),
    n("DOCUMENT NO", F::DocumentNumber),
    n("DOCUMENT NUMBER", F::DocumentNumber),
    n("DOCUMENT NR", F::DocumentNumber),
    n("DOC NO", F::DocumentNumber),
    n("PASSPORT NO", F::DocumentNumber),
    n("PASSPORT NUMBER", F::DocumentNumber),
    n("PASSPORT NR", F::DocumentNumber),
    n("CARD NO", F::DocumentNumber),
    n("CARD NUMBER", F::DocumentNumber),
    n("ID NO", F::DocumentNumber),
    n("ID NUMBER", F::DocumentNumber),
    n("LICENCE NUMBER", F::DocumentNumber),
    n("LICENSE NUMBER", F::DocumentNumber),
    n("LICENCE NO", F::DocumentNumber),
    n("LICENSE NO", F::DocumentNumber),
    n("N DU DOCUMENT", F::DocumentNumber),
    n("NO DU DOCUMENT", F::DocumentNumber),
    n("NUMERO DU DOCUMENT", F::DocumentNumber),
    n("NUMERO DE DOCUMENT", F::DocumentNumber),
    n("N DU PASSEPORT", F::DocumentNumber),
    n("PASSEPORT N", F::DocumentNumber),
    n("DOKUMENTNUMMER", F::DocumentNumber),
    n("AUSWEISNUMMER", F::DocumentNumber),
    n("PASSNUMMER", F::DocumentNumber),
    n("PASS NR", F::DocumentNumber),
    n("NUMERO DE DOCUMENTO", F::DocumentNumber),
    n("N DE DOCUMENTO", F::DocumentNumber),
    n("NUM DOCUMENTO", F::DocumentNumber),
    n("NUMERO DE PASAPORTE", F::DocumentNumber),
    n("PASAPORTE N", F::DocumentNumber),
    n("NUM SOPORTE", F::DocumentNumber),
    n("NUMERO DE SOPORTE", F::DocumentNumber),
    n("SUPPORT NO", F::DocumentNumber),
    n("SUPPORT NUMBER", F::DocumentNumber),
    // Issue date.
    n("DATA DI RILASCIO", F::IssueDate),
    n("DATA RILASCIO", F::IssueDate),
    n("DATA DI EMISSIONE", F::IssueDate),
    n("DATA EMISSIONE", F::IssueDate),
    n("EMISSIONE", F::IssueDate),
    n("RILASCIATO IL", F::IssueDate),
    n("RILASCIATA IL", F::IssueDate),
    n("DATE OF ISSUE", F::IssueDate),
    n("ISSUE DATE", F::IssueDate),
    n("ISSUED ON", F::IssueDate),
    n("ISSUED", F::IssueDate),
    n("ISSUING", F::IssueDate),
    n("DATE DE DELIVRANCE", F::IssueDate),
    n("DELIVRE LE", F::IssueDate),
    n("DELIVREE LE", F::IssueDate),
    n("AUSSTELLUNGSDATUM", F::IssueDate),
    n("AUSGESTELLT AM", F::IssueDate),
    n("FECHA DE EXPEDICION", F::IssueDate),
    n("FECHA DE EMISION", F::IssueDate),
    n("EXPEDICION", F::IssueDate),
    // The German identity card prints `Datum / Date / Date` next to the authority.
    s("DATUM", F::IssueDate),
    // Expiry date.
    n("SCADENZA", F::ExpiryDate),
    n("DATA DI SCADENZA", F::ExpiryDate),
    n("DATA SCADENZA", F::ExpiryDate),
    n("VALIDA FINO AL", F::ExpiryDate),
    n("VALIDO FINO AL", F::ExpiryDate),
    n("EXPIRY", F::ExpiryDate),
    n("EXPIRY DATE", F::ExpiryDate),
    n("DATE OF EXPIRY", F::ExpiryDate),
    n("EXPIRES", F::ExpiryDate),
    n("EXPIRES ON", F::ExpiryDate),
    n("EXPIRATION", F::ExpiryDate),
    n("EXPIRATION DATE", F::ExpiryDate),
    n("DATE OF EXPIRATION", F::ExpiryDate),
    n("VALID UNTIL", F::ExpiryDate),
    n("VALID THRU", F::ExpiryDate),
    n("DATE D EXPIRATION", F::ExpiryDate),
    n("DATE D EXPIR", F::ExpiryDate),
    n("DATE DE FIN DE VALIDITE", F::ExpiryDate),
    n("VALABLE JUSQU AU", F::ExpiryDate),
    n("GULTIG BIS", F::ExpiryDate),
    n("ABLAUFDATUM", F::ExpiryDate),
    n("FECHA DE CADUCIDAD", F::ExpiryDate),
    n("CADUCIDAD", F::ExpiryDate),
    n("VALIDO HASTA", F::ExpiryDate),
    // Validity periods.
    t("VALABILITATE", Target::Validity),
    t("VALIDITE", Target::Validity),
    t("VALIDITY", Target::Validity),
    // Issuing authority.
    n("AUTORITA", F::IssuingAuthority),
    n("AUTORITA DI RILASCIO", F::IssuingAuthority),
    n("RILASCIATO DA", F::IssuingAuthority),
    n("RILASCIATA DA", F::IssuingAuthority),
    n("ENTE DI RILASCIO", F::IssuingAuthority),
    n("AUTHORITY", F::IssuingAuthority),
    n("ISSUING AUTHORITY", F::IssuingAuthority),
    n("ISSUED BY", F::IssuingAuthority),
    n("AUTORITE", F::IssuingAuthority),
    n("DELIVRE PAR", F::IssuingAuthority),
    n("DELIVREE PAR", F::IssuingAuthority),
    n("BEHORDE", F::IssuingAuthority),
    n("AUSSTELLENDE BEHORDE", F::IssuingAuthority),
    n("AUTORIDAD", F::IssuingAuthority),
    n("EXPEDIDO POR", F::IssuingAuthority),
    n("EMISA DE", F::IssuingAuthority),
    n("ELIBERAT DE", F::IssuingAuthority),
    // Address and residence.
    n("INDIRIZZO", F::Address),
    n("INDIRIZZO DI RESIDENZA", F::Address),
    n("ADDRESS", F::Address),
    n("RESIDENTIAL ADDRESS", F::Address),
    n("ADRESSE", F::Address),
    n("DOMICILE", F::Address),
    n("ANSCHRIFT", F::Address),
    n("DOMICILIO", F::Address),
    n("DIRECCION", F::Address),
    n("DOMICILIU", F::Address),
    t("RESIDENZA", Target::Residence),
    t("RESIDENCE", Target::Residence),
    t("RESIDENTE A", Target::Residence),
    t("RESIDENTE IN", Target::Residence),
    t("WOHNORT", Target::Residence),
    k("VIA"),
    k("VIALE"),
    k("PIAZZA"),
    k("PIAZZALE"),
    k("CORSO"),
    k("LARGO"),
    k("VICOLO"),
    k("CONTRADA"),
    // Municipality.
    n("COMUNE DI", F::Municipality),
    n("COMUNE", F::Municipality),
    n("MUNICIPALITY", F::Municipality),
    n("COMMUNE", F::Municipality),
    n("GEMEINDE", F::Municipality),
    n("MUNICIPIO", F::Municipality),
    // Fiscal code.
    n("CODICE FISCALE", F::FiscalCode),
    n("COD FISCALE", F::FiscalCode),
    n("COD FISC", F::FiscalCode),
    n("C F", F::FiscalCode),
    n("FISCAL CODE", F::FiscalCode),
    n("TAX CODE", F::FiscalCode),
    // Personal number.
    n("PERSONAL NO", F::PersonalNumber),
    n("PERSONAL NUMBER", F::PersonalNumber),
    n("NUMERO PERSONALE", F::PersonalNumber),
    n("PERSONALNUMMER", F::PersonalNumber),
    // Spanish DNI number, Romanian personal numeric code.
    n("DNI", F::PersonalNumber),
    n("CNP", F::PersonalNumber),
    // Height.
    n("STATURA", F::HeightCm),
    n("ALTEZZA", F::HeightCm),
    n("HEIGHT", F::HeightCm),
    n("TAILLE", F::HeightCm),
    n("GROSSE", F::HeightCm),
    n("KORPERGROSSE", F::HeightCm),
    n("ESTATURA", F::HeightCm),
    // Licence categories.
    n("CATEGORIE", F::LicenceCategories),
    n("CATEGORIA", F::LicenceCategories),
    n("CATEGORIES", F::LicenceCategories),
    n("CATEGORY", F::LicenceCategories),
    n("CATEGORIAS", F::LicenceCategories),
    n("KLASSEN", F::LicenceCategories),
    // Printed but not extracted.
    t("TIPO", Target::Ignore),
    t("TYPE", Target::Ignore),
    t("FIRMA", Target::Ignore),
    t("FIRMA DEL TITOLARE", Target::Ignore),
    t("HOLDER S SIGNATURE", Target::Ignore),
    t("SIGNATURE", Target::Ignore),
    t("SIGNATURE OF BEARER", Target::Ignore),
    t("SIGNATURE DU TITULAIRE", Target::Ignore),
    t("UNTERSCHRIFT", Target::Ignore),
    t("FIRMA DEL TITULAR", Target::Ignore),
    t("ESTREMI ATTO DI NASCITA", Target::Ignore),
    t("ATTO N", Target::Ignore),
    t("ATTO", Target::Ignore),
    t("COGNOME E NOME DEI GENITORI", Target::Ignore),
    t(
        "COGNOME E NOME DEI GENITORI O DI CHI NE FA LE VECI",
        Target::Ignore,
    ),
    t(
        "SURNAME AND NAME OF PARENTS OR LEGAL GUARDIANS",
        Target::Ignore,
    ),
    t("PARENTS OR LEGAL GUARDIANS", Target::Ignore),
    t("STATO CIVILE", Target::Ignore),
    t("PROFESSIONE", Target::Ignore),
    t("CAPELLI", Target::Ignore),
    t("OCCHI", Target::Ignore),
    t("SEGNI PARTICOLARI", Target::Ignore),
    t("IL SINDACO", Target::Ignore),
    t("SINDACO", Target::Ignore),
    t("NOM D USAGE", Target::Ignore),
    t("GEBURTSNAME", Target::Ignore),
    t("AUGENFARBE", Target::Ignore),
    t("COLORE DEGLI OCCHI", Target::Ignore),
    // Places of issue (no field of their own): they end the value above them.
    t("PLACE OF ISSUE", Target::Ignore),
    t("LIEU DE DELIVRANCE", Target::Ignore),
    t("LUOGO DI RILASCIO", Target::Ignore),
    t("AUSSTELLUNGSORT", Target::Ignore),
    t("LUGAR DE EXPEDICION", Target::Ignore),
    // Spanish identity card, back.
    t("PROVINCIA PAIS", Target::Ignore),
    t("EQUIPO", Target::Ignore),
    t("HIJO A DE", Target::Ignore),
    t("HIJO DE", Target::Ignore),
    t("HIJA DE", Target::Ignore),
    t("SON DAUGHTER OF", Target::Ignore),
];

const fn k(text: &'static str) -> Label {
    Label {
        text,
        target: Target::Field(FieldName::Address),
        kind: Kind::Keep,
    }
}

/// A label table entry in compact form, ready for matching.
#[derive(Debug)]
struct Compiled {
    chars: Vec<char>,
    label: Label,
    /// The label ends with a one-letter word (`PASSAPORTO N`): a fuzzy match must keep that
    /// letter, or a bare `PASSAPORTO` heading would match it.
    letter_tail: bool,
}

/// The table compiled once, longest labels first.
fn compiled() -> &'static [Compiled] {
    static TABLE: OnceLock<Vec<Compiled>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<Compiled> = LABELS
            .iter()
            .map(|&label| Compiled {
                chars: compact(label.text),
                label,
                letter_tail: label.text.rsplit(' ').next().is_some_and(|w| w.len() == 1),
            })
            .filter(|c| !c.chars.is_empty())
            .collect();
        table.sort_by_key(|c| std::cmp::Reverse(c.chars.len()));
        table
    })
}

/// A label found in a line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    /// The label.
    pub label: Label,
    /// Byte offset where the label starts in the line.
    pub start: usize,
    /// Byte offset just after the label.
    pub end: usize,
    /// Length of the label in compact characters.
    pub len: usize,
    /// Length of the label itself in compact characters (`len` may differ by one OCR error).
    pub label_len: usize,
    /// Matched within one OCR error rather than exactly.
    pub fuzzy: bool,
}

/// Labels this long (in compact characters) also match with one OCR error (a character
/// wrong, missing or extra after the first): `SURMAME`, `DATE OF BITH`.
const FUZZY_MIN_LEN: usize = 6;

/// Whether a same-line "value" after a label is rather a damaged translation of that label
/// (`NOME FNAME` for `NOME / NAME`, `COMUNE DI ZMUNCPALTY` for `COMUNE DI / MUNICIPALITY`):
/// every piece of it matches a label of the same target (or the ambiguous `NAME`, for names;
/// see [`matches_label`]), or is a speck of one or two characters, a slash misread (`COGNOME
/// iSURNAME`), beside such a piece. Pieces are parted where a slash stands or OCR lost one
/// between two translations (a small letter followed by a capital: `Place of bithLieu de
/// naissance (6)`); field numbers are dropped. For names, a value in sentence case is an
/// English label too ([`is_sentence_case`]: `Givon sacrues` for `Given names`).
pub(crate) fn is_damaged_label_of(value: &str, target: Target) -> bool {
    let names = matches!(
        target,
        Target::Field(FieldName::Surname | FieldName::GivenNames)
    );
    if names && is_sentence_case(value) {
        return true;
    }
    let is_label = |read: &[char], first: bool| {
        read.len() >= 4
            && compiled().iter().any(|c| {
                let same =
                    c.label.target == target || (names && c.label.target == Target::AmbiguousName);
                same && c.chars.len() >= 4 && matches_label(read, &c.chars, first)
            })
    };
    let pieces = label_pieces(value);
    let labels = pieces
        .iter()
        .enumerate()
        .filter(|(i, p)| is_label(p, *i == 0))
        .count();
    labels > 0 && labels + pieces.iter().filter(|p| p.len() <= 2).count() == pieces.len()
}

/// Whether a piece read where a label's translation stands is that label (compact
/// characters): within a third of an edit per character of it; or, comparing six characters
/// or more (fewer may be a name), the label after up to three specks run into its start
/// (`DIYMUNICRALITY`), or, for a piece after the first, the end of a label whose start OCR
/// garbled (`Dx/LaCIPALTY`).
fn matches_label(read: &[char], label: &[char], first: bool) -> bool {
    let near = |read: &[char], label: &[char]| {
        crate::text::edit_distance(read, label) <= (label.len() / 3).max(1)
    };
    let after_specks = || (1..=3).any(|k| read.len() >= k + 6 && near(&read[k..], label));
    let label_end = || {
        !first
            && read.len() >= 6
            && (1..=label.len().saturating_sub(read.len())).any(|from| near(read, &label[from..]))
    };
    near(read, label) || after_specks() || label_end()
}

/// Whether a text reads like a sentence-case label: a capitalised first word, then a word of
/// six letters or more in small letters (longer than name particles such as `della`).
pub(crate) fn is_sentence_case(text: &str) -> bool {
    let mut words = text.split_whitespace();
    words
        .next()
        .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.any(|w| {
            w.chars().count() >= 6 && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
        })
}

/// The compact pieces of a text read where labels stand: parted at slashes and at a small
/// letter followed by a capital (a space between them or not), field numbers in brackets
/// (`(6)`, [`super::field_number`]) left out.
fn label_pieces(text: &str) -> Vec<Vec<char>> {
    let mut pieces = vec![String::new()];
    let mut prev = ' ';
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = super::field_number(rest) {
            rest = after;
            continue;
        }
        if c == '/' || (prev.is_lowercase() && c.is_uppercase()) {
            pieces.push(String::new());
        }
        if c != '/'
            && let Some(last) = pieces.last_mut()
        {
            last.push(c);
        }
        // A space after a small letter keeps it for the next character: `Authority Autorité`
        // is two translations.
        if !(c.is_whitespace() && prev.is_lowercase()) {
            prev = c;
        }
        rest = &rest[c.len_utf8()..];
    }
    pieces
        .iter()
        .map(|p| compact(p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Words printed on documents that are never personal data: every word of the label table
/// and of the headers (`REPUBBLICA ITALIANA`, `CARTA DI IDENTITA`, `PASSAPORTO`, …), compact
/// folded. The privacy layer lets these leave as they are and replaces other words.
const HEADER_WORDS: &[&str] = &[
    "REPUBBLICA",
    "ITALIANA",
    "ITALIA",
    "MINISTERO",
    "DELL",
    "INTERNO",
    "CARTA",
    "IDENTITA",
    "IDENTITY",
    "CARD",
    "PASSAPORTO",
    "PASSPORT",
    "PASSEPORT",
    "PATENTE",
    "GUIDA",
    "DRIVING",
    "LICENCE",
    "LICENSE",
    "PERMIS",
    "CONDUIRE",
    "FUHRERSCHEIN",
    "REPUBLIQUE",
    "FRANCAISE",
    "CARTE",
    "NATIONALE",
    "IDENTITE",
    "BUNDESREPUBLIK",
    "DEUTSCHLAND",
    "FEDERAL",
    "REPUBLIC",
    "GERMANY",
    "FEDERALE",
    "ALLEMAGNE",
    "PERSONALAUSWEIS",
    "REINO",
    "ESPANA",
    "DOCUMENTO",
    "NACIONAL",
    "IDENTIDAD",
    "ROMANIA",
    "ROUMANIE",
    "IDENTITATE",
    "EUROPEAN",
    "UNION",
    "EUROPEA",
    "UNIONE",
    "MINISTRO",
    "AFFARI",
    "ESTERI",
    "QUESTURA",
    "COMUNE",
    "DEUTSCH",
    "ROMANA",
    "FRANCAISE",
    "ESPANOLA",
    "ITALIANO",
];

/// Whether a word (compact folded) is document vocabulary, never personal data.
pub(crate) fn is_document_word(word: &str) -> bool {
    static WORDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        LABELS
            .iter()
            .flat_map(|l| l.text.split(' '))
            .chain(HEADER_WORDS.iter().copied())
            .map(|w| compact(w).into_iter().collect::<String>())
            .filter(|w| !w.is_empty())
            .collect()
    });
    let read: String = compact(word).into_iter().collect();
    words.contains(&read)
}

/// Whether `text` is exactly a label (`SEX`, `Luogo di nascita`), not a value.
pub(crate) fn is_label(text: &str) -> bool {
    let read = compact(text);
    compiled().iter().any(|c| c.chars == read)
}

/// Whether a line holds a word within one OCR error of a label word of six letters or more
/// (`SURAME`, `DocuMEAT`): a label line OCR damaged too much to match as a whole. Or (see
/// [`damaged_short_label_pair`]) it is two short translations of one label, both damaged.
pub(crate) fn has_damaged_label_word(text: &str) -> bool {
    if !damaged_short_label_pair(text).is_empty() {
        return true;
    }
    static WORDS: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut words: Vec<Vec<char>> = LABELS
            .iter()
            .filter(|l| l.kind != Kind::Keep)
            .flat_map(|l| l.text.split(' '))
            .map(compact)
            .filter(|w| w.len() >= FUZZY_MIN_LEN)
            .collect();
        words.sort();
        words.dedup();
        words
    });
    // A word may also run into the next label part once OCR lost the slash or space between
    // them (`naissarcePlace`, `DE7SONDAURHTER`): its start or end is then the label word.
    let near = |w: &[char], l: &[char]| {
        within_one_edit(w, l)
            || (w.len() >= l.len() + 3
                && (within_one_edit(&w[..l.len()], l)
                    || within_one_edit(&w[w.len() - l.len()..], l)))
    };
    text.split(|c: char| c.is_whitespace() || c == '/')
        .map(compact)
        .filter(|w| w.len() >= FUZZY_MIN_LEN)
        .any(|w| words.iter().any(|l| near(&w, l)))
}

/// Whether a line read unsure (confidence under 0.7) is one word of four or five letters
/// within one edit of a one-word label (`MOME` or `NARE` for `NOME` / `NAME`, its translation
/// lost): a label's small print, where a value of that shape is printed large and read sure.
/// Over 31 generated corpora's 3,800 pages, 13 such lines, none a value.
pub(crate) fn is_unsure_short_label(text: &str, confidence: f32) -> bool {
    let word = compact(text);
    confidence < 0.7
        && !text.trim().contains(char::is_whitespace)
        && (4..FUZZY_MIN_LEN).contains(&word.len())
        && compiled().iter().any(|c| {
            c.chars.len() >= 4
                && !c.label.text.contains(' ')
                && c.label.kind != Kind::Keep
                && within_one_edit(&word, &c.chars)
        })
}

/// Whether a line holds a label of several words, twelve letters or more, that OCR damaged
/// by at most one edit in four (`OOGGE DA S SASCTATPLACE AND DATE OR BRTH`, `ALACE Aa DATE OF
/// BIRT`: the CIE's `LUOGO E DATA DI NASCITA / PLACE AND DATE OF BIRTH`): a label line, however
/// much of it is noise (a name is too short to come that near a label of twelve letters).
pub(crate) fn holds_damaged_long_label(text: &str) -> bool {
    holds_damaged(text, |_| true, |n| n / 4)
}

/// Whether a line holds, damaged as [`holds_damaged_long_label`] allows, the label of a value
/// Carta does not read (`Holder's signatu` for `HOLDER'S SIGNATURE`): printed where a value
/// could be, it is none.
pub(crate) fn holds_damaged_ignored_label(text: &str) -> bool {
    holds_damaged(text, |l| l.target == Target::Ignore, |n| n / 4)
}

/// Whether a line holds a label damaged as [`holds_damaged_long_label`] allows or, for a label
/// of fifteen letters or more, garbled by up to two edits in five (`UDGOE LATA GA NACTA` for
/// `LUOGO E DATA DI NASCITA`): no name. Of the 587 names and places of 31 generated corpora,
/// none comes nearer such a label than seven edits in fifteen (`ROMERO PÉREZ`, `NUMERO
/// PERSONALE`); the CIE's birth label read past matching came to seven in nineteen.
pub(crate) fn holds_garbled_long_label(text: &str) -> bool {
    holds_damaged(text, |_| true, |n| if n >= 15 { 2 * n / 5 } else { n / 4 })
}

/// Whether a line holds a label of several words that `of` accepts, damaged by at most `most(n)`
/// edits for a label of `n` letters. A line too short to hold it so, or sharing too few of its
/// letter pairs (an edit breaks two at most), is not measured.
fn holds_damaged(text: &str, of: impl Fn(&Label) -> bool, most: impl Fn(usize) -> usize) -> bool {
    let read = compact(text);
    let pairs: std::collections::HashSet<&[char]> = read.windows(2).collect();
    long_labels().any(|c| {
        let (n, most) = (c.chars.len(), most(c.chars.len()));
        of(&c.label)
            && c.label.text.contains(' ')
            && read.len() + most >= n
            && c.chars.windows(2).filter(|p| pairs.contains(p)).count() + 2 * most + 1 >= n
            && crate::text::substring_distance(&c.chars, &read) <= most
    })
}

/// The labels of twelve compact letters or more: long enough to be told from a name however
/// OCR damaged them (see [`holds_damaged_long_label`], [`is_damaged_translation`]).
fn long_labels() -> impl Iterator<Item = &'static Compiled> {
    compiled().iter().filter(|c| c.chars.len() >= 12)
}

/// Whether `part`, read after a slash that follows a label of `target`, is that label's
/// translation OCR damaged, digits read for look-alike letters included (`PLACE AND D4TE 02
/// bKIH` after `LUOGO E DATA DI NASCITA`): within one edit in three of a label of the same field
/// of twelve letters or more (the slash after a label is the stronger evidence).
pub(crate) fn is_damaged_translation(part: &str, target: Target) -> bool {
    let read = compact(&crate::translit::digits_as_letters(part));
    long_labels().any(|c| {
        c.label.target == target && crate::text::edit_distance(&c.chars, &read) <= c.chars.len() / 3
    })
}

/// The fields a line may label when it is a bilingual label of two short words whose slash
/// OCR lost and whose words it damaged past a one-error match (`NOHME TNANE`, `MOMeE: NAbte`
/// for `NOME / NAME`): exactly two words, each within two edits (at most half its length) of a
/// one-word label of four letters or more, the two labels naming the same field; or one word
/// that is two such words joined by a slash read as a letter (`NOMEINASSE`, `NOMERIEINASME`
/// for `NOMBRE / NAME`). Two names each so close to a translation of one label are not a name.
/// Empty for any other line.
pub(crate) fn damaged_short_label_pair(text: &str) -> Vec<Target> {
    let words: Vec<Vec<char>> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(compact)
        .filter(|w| !w.is_empty())
        .collect();
    let fields: Vec<Target> = match words.as_slice() {
        [first, second] => same_field_pairs(first, second),
        // One word whose slash OCR read as a look-alike letter (`NOMEINASSE`): split there.
        [word] => (4..word.len().saturating_sub(4))
            .filter(|&i| matches!(word[i], 'I' | 'L' | '1' | '7'))
            .flat_map(|i| same_field_pairs(&word[..i], &word[i + 1..]))
            .collect(),
        _ => Vec::new(),
    };
    // `Name` beside a name label of either kind is that label's translation.
    let specific = fields.iter().any(|&t| t != Target::AmbiguousName);
    let mut distinct = Vec::new();
    for field in fields {
        let covered = specific && field == Target::AmbiguousName;
        if !covered && !distinct.contains(&field) {
            distinct.push(field);
        }
    }
    distinct
}

/// The fields two words may name, each within two edits (at most half its length) of a
/// one-word label of four letters or more, the two labels naming the same field (of `Name`
/// and a surname or given-names label, the latter) in two different words: two names each near
/// one label are no translations of it (`GAELLE CAMILLE`, each two edits from `TAILLE`).
fn same_field_pairs(first: &[char], second: &[char]) -> Vec<Target> {
    let targets = |word: &[char]| -> Vec<&'static Compiled> {
        compiled()
            .iter()
            .filter(|c| {
                c.chars.len() >= 4
                    && c.chars.len().abs_diff(word.len()) <= 2
                    && !c.label.text.contains(' ')
                    && c.label.kind != Kind::Keep
                    && crate::text::edit_distance(word, &c.chars) <= 2.min(word.len() / 2)
            })
            .collect()
    };
    let first_labels = targets(first);
    if first_labels.is_empty() {
        return Vec::new();
    }
    let second_labels = targets(second);
    let mut fields = Vec::new();
    for a in first_labels {
        for b in &second_labels {
            let (ta, tb) = (a.label.target, b.label.target);
            if a.chars != b.chars && same_field(ta, tb) {
                fields.push(if ta == Target::AmbiguousName { tb } else { ta });
            }
        }
    }
    fields
}

/// Whether two labels can be translations of one: the same target, or the ambiguous `Name`
/// beside a surname or given-names label (`Name / Surname`).
pub(crate) fn same_field(a: Target, b: Target) -> bool {
    let name = |t: Target| matches!(t, Target::Field(FieldName::Surname | FieldName::GivenNames));
    a == b || (a == Target::AmbiguousName && name(b)) || (b == Target::AmbiguousName && name(a))
}

/// Whether a line reads like a bilingual label whatever its words: text in capitals, a slash,
/// then a word in sentence case (`DRE DE DELNAANCE/Date` for `DATE DE DÉLIVRANCE / Date of
/// issue`). Values are printed in capitals; the translations of labels are often not.
pub(crate) fn has_sentence_case_translation(text: &str) -> bool {
    text.split_once('/').is_some_and(|(before, after)| {
        let mut after = after.trim_start().chars();
        let capitals = before.chars().filter(|c| c.is_uppercase()).count();
        before.chars().all(|c| !c.is_lowercase())
            && capitals >= 3
            && after.next().is_some_and(char::is_uppercase)
            && after.take(2).filter(|c| c.is_lowercase()).count() == 2
    })
}

/// The longest label starting at byte `pos` of `text` (after any spaces or punctuation) that
/// ends at a word boundary; when none matches exactly, the longest within one OCR error.
/// Whether the folded character `j` reads as the label character `l`: the same, or a digit
/// OCR read for the letter inside a word ([`Folded::alike`]: `SESS0` is `SESSO`, but the field
/// number of `Nom (1)` is no `I`; no label is made of such letters only).
fn same(folded: &Folded, j: usize, l: char) -> bool {
    folded.chars.get(j) == Some(&l) || folded.alike.get(j) == Some(&l)
}

pub(crate) fn label_at(text: &str, folded: &Folded, pos: usize) -> Option<Hit> {
    let k = folded.index_at(pos);
    let rest = folded.chars.get(k..)?;
    if rest.is_empty() {
        return None;
    }
    let hit = |c: &Compiled, len: usize, fuzzy: bool| -> Option<Hit> {
        let last = k + len - 1;
        let end = *folded.ends.get(last)?;
        // A label ends where a word ends: `NOM` must not match `NOMBRE`. When one original
        // character folds to several (`ß` → `SS`) the match must cover all of them.
        if folded.ends.get(last + 1) == Some(&end) {
            return None;
        }
        if text.get(end..)?.chars().next().is_some_and(is_word_char)
            && !glued_translation(text, folded, end, c.label.target)
        {
            return None;
        }
        Some(Hit {
            label: c.label,
            start: *folded.starts.get(k)?,
            end,
            len,
            label_len: c.chars.len(),
            fuzzy,
        })
    };
    let table = compiled();
    let exact = table.iter().find_map(|c| {
        let whole = rest.len() >= c.chars.len()
            && c.chars
                .iter()
                .enumerate()
                .all(|(i, &l)| same(folded, k + i, l));
        whole.then(|| hit(c, c.chars.len(), false)).flatten()
    });
    // A label at least two characters longer than the exact match, within one OCR error,
    // wins: `COMUNE D / …` is `COMUNE DI` misread, not `COMUNE` followed by a value `D`.
    let longer_than = exact.map_or(0, |h| h.label_len + 1);
    let fuzzy = table.iter().find_map(|c| {
        let n = c.chars.len();
        if n < FUZZY_MIN_LEN
            || n <= longer_than
            || !c.chars.first().is_some_and(|&l| same(folded, k, l))
        {
            return None;
        }
        [n, n - 1, n + 1].into_iter().find_map(|len| {
            let tail_kept = !c.letter_tail || rest.get(len - 1) == c.chars.last();
            (len <= rest.len() && tail_kept && within_one_edit(&rest[..len], &c.chars))
                .then(|| hit(c, len, true))
                .flatten()
        })
    });
    fuzzy.or(exact)
}

/// Whether `s` starts with a capital, or with a digit OCR read for one (`SEX015EX`, the `S`
/// of `SEXO/SEX` read `5` after the slash read `1`).
pub(crate) fn starts_like_a_capital(s: &str) -> bool {
    s.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || u8::try_from(c)
                .ok()
                .and_then(crate::translit::letter_for_digit)
                .is_some()
    })
}

/// Whether a label ending at `end` is followed by a slash read as a look-alike letter with
/// no space around it, then by a label of the same field (`LUGAR DE NACIMIENTOIPLACE OF
/// BRTH`): the label ends there after all.
fn glued_translation(text: &str, folded: &Folded, end: usize, target: Target) -> bool {
    let Some(after) = text
        .get(end..)
        .and_then(|r| r.strip_prefix(['I', 'l', '1', '|']))
    else {
        return false;
    };
    starts_like_a_capital(after)
        && label_at(text, folded, text.len() - after.len())
            .is_some_and(|h| same_field(target, h.label.target))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn find(text: &str) -> Option<(Target, &str)> {
        let f = Folded::new(text);
        label_at(text, &f, 0).map(|h| (h.label.target, &text[h.end..]))
    }

    #[test]
    fn labels_match_with_one_ocr_error() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("SURMAME"), &c("SURNAME")));
        assert!(within_one_edit(&c("DATEOFBITH"), &c("DATEOFBIRTH")));
        assert!(within_one_edit(&c("DATEOFBIRTHH"), &c("DATEOFBIRTH")));
        assert!(!within_one_edit(&c("SURMANE"), &c("SURNAME")));
        assert_eq!(
            find("Surmame / Nom").map(|(t, _)| t),
            find("Surname / Nom").map(|(t, _)| t)
        );
        assert!(find("Surname").is_some());
        assert_eq!(
            find("Date of bith: 23.10.1964").map(|(t, _)| t),
            find("Date of birth: 23.10.1964").map(|(t, _)| t)
        );
        // A one-letter last word is never the error: `PASSAPORTO` alone is no `PASSAPORTO N`.
        assert_eq!(find("PASSAPORTO  PASSPORT"), None);
        assert!(find("PASSAPORTD N. YA1234567").is_some());
        // A longer label within one error beats a shorter exact one.
        assert_eq!(
            find("COMUNE D /McPITY"),
            Some((Target::Field(F::Municipality), " /McPITY"))
        );
        // Short labels stay exact: `SESSX` is not `SESSO`. A digit read for a letter is no
        // error: `SESS0` is.
        assert!(find("SESSO").is_some());
        assert!(find("SESSX").is_none());
        assert_eq!(
            find("SESS0 / SEX").map(|(t, _)| t),
            Some(Target::Field(F::Sex))
        );
        assert_eq!(find("50"), None);
    }

    #[test]
    fn damaged_translations_of_a_label() {
        let given = Target::Field(F::GivenNames);
        assert!(is_damaged_label_of("FNAME", given));
        assert!(is_damaged_label_of(
            "ZMUNCPALTY",
            Target::Field(F::Municipality)
        ));
        assert!(!is_damaged_label_of("MARIO", given));
        assert!(!is_damaged_label_of("ANNA", given));
        assert!(!is_damaged_label_of("ROMA", Target::Field(F::Municipality)));
        // Two translations run together where OCR lost the slash, with the field number.
        let birth_place = Target::Field(F::BirthPlace);
        assert!(is_damaged_label_of(
            "(Place of bithLieu de naissance (6)",
            birth_place
        ));
        assert!(!is_damaged_label_of("NARDÒ (LE)", birth_place));
        assert!(!is_damaged_label_of("Jud.TM Mun.Timișoara", birth_place));
        // A slash read as a letter; a label's start run into specks.
        let surname = Target::Field(F::Surname);
        assert!(is_damaged_label_of("iSURNAME", surname));
        assert!(!is_damaged_label_of("DE ROSSI", surname));
        assert!(!is_damaged_label_of("i/RO", surname));
        let municipality = Target::Field(F::Municipality);
        assert!(is_damaged_label_of("Dx/LaCIPALTY", municipality));
        assert!(!is_damaged_label_of("CIPALTY", municipality));
        assert!(is_damaged_label_of("DIYMUNICRALITY", municipality));
        assert!(!is_damaged_label_of("DIYMUNI", municipality));
        assert!(!is_damaged_label_of("LA SPEZIA", municipality));
        assert!(!is_damaged_label_of("JAMES", given));
        assert!(!is_damaged_label_of("Dx/JAMES", given));
        // A label translation in sentence case; names with particles stay names.
        assert!(is_damaged_label_of("Givon sacrues", given));
        assert!(!is_damaged_label_of("Anna della Rovere", given));
        assert!(!is_damaged_label_of("Hélène", given));
        assert!(!is_damaged_label_of("MARIA GRAZIA", given));
        let authority = Target::Field(F::IssuingAuthority);
        assert!(is_damaged_label_of("l Authority Autorité", authority));
        assert!(!is_damaged_label_of("Stadt Berlin", authority));
        assert!(has_damaged_label_word("COGROMEI SURAME"));
        assert!(has_damaged_label_word("\" Du DocuMEAT /Dacuwh"));
        assert!(!has_damaged_label_word("VIA NAZIONALE 12"));
        // `NOME / NAME` with the slash lost and both words damaged.
        assert!(has_damaged_label_word("NOHME TNANE"));
        // The slash read `I`, the two words joined (seed 29 #48 of the synthetic corpus).
        assert!(has_damaged_label_word("NOMEINASSE"));
        assert!(!has_damaged_label_word("NOMELLINI"));
        assert!(!has_damaged_label_word("MARIAILENA"));
        assert!(has_damaged_label_word("MOMeE: NAbte"));
        assert!(!has_damaged_label_word("NOEMI NADIA"));
        assert!(!has_damaged_label_word("ANNA MARIA"));
        // Each word two edits from `TAILLE`: two names near one label are not its translations.
        assert!(damaged_short_label_pair("GAELLE CAMILLE").is_empty());
        assert!(!has_damaged_label_word("NOME"));
        assert!(has_sentence_case_translation("DRE DE DELNAANCE/Date"));
        assert!(has_sentence_case_translation(
            "LUOGO DI NASCITA / Place of birth"
        ));
        assert!(!has_sentence_case_translation("COGNOME / SURNAME"));
        assert!(!has_sentence_case_translation("APT 3/B"));
        assert!(!has_sentence_case_translation("Emisă de / Issued by"));
        assert!(!has_damaged_label_word("MARIA GRAZIA"));
    }

    #[test]
    fn longest_label_wins_and_words_end_at_boundaries() {
        assert_eq!(
            find("Cognome: Rossi"),
            Some((Target::Field(F::Surname), ": Rossi"))
        );
        assert_eq!(
            find("COGNOME E NOME DEI GENITORI"),
            Some((Target::Ignore, ""))
        );
        assert_eq!(
            find("Nombre: Ana"),
            Some((Target::Field(F::GivenNames), ": Ana"))
        );
        assert_eq!(find("Nomenclatura"), None);
        assert_eq!(
            find("DATADI NASCITA 1"),
            Some((Target::Field(F::BirthDate), " 1"))
        );
        assert_eq!(
            find("Né(e) le 1"),
            Some((Target::Field(F::BirthDate), " 1"))
        );
        assert_eq!(
            find("N° du document"),
            Some((Target::Field(F::DocumentNumber), ""))
        );
        assert_eq!(find("ROSSI"), None);
        // The French identity card of 2021 abbreviates its expiry label.
        assert_eq!(
            find("DATE D'EXPIR. / Expiry date"),
            Some((Target::Field(F::ExpiryDate), ". / Expiry date"))
        );
    }

    #[test]
    fn every_label_is_reachable() {
        for label in LABELS {
            let hit = find(label.text);
            assert!(hit.is_some(), "label {} does not match itself", label.text);
        }
    }
}
