//! Layout tests with hand-written OCR text.

use proptest::prelude::*;
use time::macros::date;

use super::*;
use crate::text::OcrLine;

const TODAY: Date = date!(2026 - 11 - 26);

fn read(text: &str) -> VizResult {
    extract(&OcrPage::from_plain(text), TODAY)
}

fn get(r: &VizResult, name: FieldName) -> Option<&str> {
    r.fields.get(&name).map(|f| f.value.as_str())
}

/// Asserts a set of field values and that nothing else was read.
fn assert_fields(r: &VizResult, want: &[(FieldName, &str)]) {
    for (name, value) in want {
        assert_eq!(get(r, *name), Some(*value), "{}", name.key());
    }
    for name in r.fields.keys() {
        assert!(
            want.iter().any(|(n, _)| n == name),
            "unexpected {} = {:?}",
            name.key(),
            get(r, *name)
        );
    }
    for f in r.fields.values() {
        assert_eq!(f.source, Source::Viz);
        assert!(f.confidence > 0.0 && f.confidence <= 1.0);
    }
}

#[test]
fn free_form_italian() {
    let r = read(
        "Nome: Mario Rossi\nData di nascita: 14/05/1987\nNumero documento: AZ1234567\nScadenza: 14.05.2033",
    );
    assert_fields(
        &r,
        &[
            (FieldName::GivenNames, "MARIO ROSSI"),
            (FieldName::BirthDate, "1987-05-14"),
            (FieldName::DocumentNumber, "AZ1234567"),
            (FieldName::ExpiryDate, "2033-05-14"),
        ],
    );
    assert_eq!(r.document_type, DocumentType::Unknown);
    assert!(r.issues.is_empty());
    let birth = &r.fields[&FieldName::BirthDate];
    assert_eq!(birth.checks, vec!["date_valid"]);
    assert!((birth.confidence - 0.9).abs() < 1e-6);
}

#[test]
fn combined_name_labels_are_left_alone() {
    for text in [
        "Nome e cognome: Mario Rossi",
        "Full name: Mario Rossi",
        "Nom et prénom : Jean Dupont",
        "Nombre y apellidos: Ana García",
    ] {
        let r = read(text);
        assert!(r.fields.is_empty(), "{text}: {:?}", r.fields);
    }
}

#[test]
fn free_form_other_languages() {
    let r = read(
        "Surname: Smith\nGiven names: John Paul\nDate of birth: 3 December 1990\nSex: M\nDocument No.: X1234567\nExpiry date: 01/02/2030",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "SMITH"),
            (FieldName::GivenNames, "JOHN PAUL"),
            (FieldName::BirthDate, "1990-12-03"),
            (FieldName::Sex, "M"),
            (FieldName::DocumentNumber, "X1234567"),
            (FieldName::ExpiryDate, "2030-02-01"),
        ],
    );
    let r = read(
        "Nom : Dupont\nPrénoms : Jean, Pierre\nNé(e) le : 03.12.1990\nSexe : F\nN° du document : 12AB34567\nValable jusqu'au : 02.12.2031",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "DUPONT"),
            (FieldName::GivenNames, "JEAN, PIERRE"),
            (FieldName::BirthDate, "1990-12-03"),
            (FieldName::Sex, "F"),
            (FieldName::DocumentNumber, "12AB34567"),
            (FieldName::ExpiryDate, "2031-12-02"),
        ],
    );
    let r = read(
        "Name: Müller\nVornamen: Hans Jürgen\nGeburtsdatum: 12.08.1964\nGeschlecht: M\nGültig bis: 01.02.2029\nAusweisnummer: L01X00T47",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "MÜLLER"),
            (FieldName::GivenNames, "HANS JÜRGEN"),
            (FieldName::BirthDate, "1964-08-12"),
            (FieldName::Sex, "M"),
            (FieldName::ExpiryDate, "2029-02-01"),
            (FieldName::DocumentNumber, "L01X00T47"),
        ],
    );
    let r = read(
        "Apellidos: García López\nNombre: Ana\nFecha de nacimiento: 01/01/1980\nSexo: F\nNacionalidad: ESP\nFecha de caducidad: 01/01/2030",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "GARCÍA LÓPEZ"),
            (FieldName::GivenNames, "ANA"),
            (FieldName::BirthDate, "1980-01-01"),
            (FieldName::Sex, "F"),
            (FieldName::Nationality, "ESP"),
            (FieldName::ExpiryDate, "2030-01-01"),
        ],
    );
}

#[test]
fn english_bare_name_is_ambiguous() {
    let r = read("Name: John Smith\nDate of birth: 01/01/1980");
    assert_fields(&r, &[(FieldName::BirthDate, "1980-01-01")]);
}

#[test]
fn labels_tolerate_ocr_noise() {
    let r = read("COGNOME:ROSSI\ndatadi nascita. 14.05.1987\nSCADENZA 14 05 2033");
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "ROSSI"),
            (FieldName::BirthDate, "1987-05-14"),
            (FieldName::ExpiryDate, "2033-05-14"),
        ],
    );
}

#[test]
fn names_keep_apostrophes_and_accents() {
    let r = read("Cognome: D’Amico\nNome: Nicolò");
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "D'AMICO"),
            (FieldName::GivenNames, "NICOLÒ"),
        ],
    );
}

#[test]
fn invalid_date_is_an_issue_without_a_field() {
    let r = read("Data di nascita: 31.02.1990\nCognome: Rossi");
    assert_fields(&r, &[(FieldName::Surname, "ROSSI")]);
    assert_eq!(
        r.issues,
        vec![Issue::new(
            Severity::Warning,
            IssueCode::InvalidDate,
            Some(FieldName::BirthDate)
        )]
    );
    // A future birth date is not plausible either.
    let r = read("Date of birth: 01.01.2090");
    assert!(r.fields.is_empty());
    assert_eq!(r.issues.len(), 1);
}

#[test]
fn cie_front_plain_lines() {
    let r = read(
        "REPUBBLICA ITALIANA\nCARTA D'IDENTITÀ / IDENTITY CARD\nCA00000AA\nCOMUNE DI / MUNICIPALITY\nROMA\nCOGNOME / SURNAME\nD'AMICO\nNOME / NAME\nNICOLÒ\nLUOGO E DATA DI NASCITA / PLACE AND DATE OF BIRTH\nROMA (RM) 14.05.1987\nSESSO / SEX STATURA / HEIGHT CITTADINANZA / NATIONALITY\nM 175 ITA\nEMISSIONE / ISSUING SCADENZA / EXPIRY\n14.05.2023 14.05.2033\nFIRMA DEL TITOLARE / HOLDER'S SIGNATURE",
    );
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_fields(
        &r,
        &[
            (FieldName::DocumentNumber, "CA00000AA"),
            (FieldName::Municipality, "ROMA"),
            (FieldName::Surname, "D'AMICO"),
            (FieldName::GivenNames, "NICOLÒ"),
            (FieldName::BirthPlace, "ROMA (RM)"),
            (FieldName::BirthDate, "1987-05-14"),
            (FieldName::Sex, "M"),
            (FieldName::HeightCm, "175"),
            (FieldName::Nationality, "ITA"),
            (FieldName::IssueDate, "2023-05-14"),
            (FieldName::ExpiryDate, "2033-05-14"),
        ],
    );
    assert!(r.issues.is_empty(), "{:?}", r.issues);
}

#[test]
fn cie_back_plain_lines() {
    let r = read(
        "CODICE FISCALE / FISCAL CODE\nDMCNCL87E14H501X\nINDIRIZZO DI RESIDENZA / RESIDENCE\nVIA GARIBALDI 1 ROMA (RM)\nESTREMI ATTO DI NASCITA\n00012 1 A 1987\nCOGNOME E NOME DEI GENITORI O DI CHI NE FA LE VECI\nD'AMICO GIUSEPPE BIANCHI MARIA\nC<ITACA00000AA6<<<<<<<<<<<<<<<\n8705149M3305146ITA<<<<<<<<<<<0\nD<AMICO<<NICOLO<<<<<<<<<<<<<<<",
    );
    assert_fields(
        &r,
        &[
            (FieldName::FiscalCode, "DMCNCL87E14H501X"),
            (FieldName::Address, "VIA GARIBALDI 1 ROMA (RM)"),
        ],
    );
}

fn boxed(text: &str, b: [f32; 4]) -> OcrLine {
    OcrLine {
        text: text.to_owned(),
        bbox: Some(b),
        confidence: Some(0.95),
    }
}

#[test]
fn cie_front_with_boxes() {
    // Reading order is scrambled on purpose: geometry decides which value belongs to a label.
    let page = OcrPage {
        lines: vec![
            boxed(
                "CARTA DI IDENTITA / IDENTITY CARD",
                [300.0, 20.0, 700.0, 40.0],
            ),
            boxed("CA12345BC", [800.0, 20.0, 950.0, 40.0]),
            boxed("COGNOME / SURNAME", [300.0, 80.0, 500.0, 95.0]),
            boxed("NOME / NAME", [300.0, 140.0, 450.0, 155.0]),
            boxed("ROSSI", [300.0, 100.0, 380.0, 120.0]),
            boxed("MARIO", [300.0, 160.0, 380.0, 180.0]),
            boxed("SESSO / SEX", [300.0, 200.0, 420.0, 215.0]),
            boxed("STATURA / HEIGHT", [500.0, 200.0, 650.0, 215.0]),
            boxed("M", [300.0, 220.0, 320.0, 240.0]),
            boxed("1,75", [500.0, 220.0, 550.0, 240.0]),
            boxed("SCADENZA / EXPIRY", [700.0, 260.0, 880.0, 275.0]),
            boxed("EMISSIONE / ISSUING", [300.0, 260.0, 480.0, 275.0]),
            boxed("14.05.2033", [700.0, 280.0, 820.0, 300.0]),
            boxed("14.05.2023", [300.0, 280.0, 420.0, 300.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_fields(
        &r,
        &[
            (FieldName::DocumentNumber, "CA12345BC"),
            (FieldName::Surname, "ROSSI"),
            (FieldName::GivenNames, "MARIO"),
            (FieldName::Sex, "M"),
            (FieldName::HeightCm, "175"),
            (FieldName::IssueDate, "2023-05-14"),
            (FieldName::ExpiryDate, "2033-05-14"),
        ],
    );
    let surname = &r.fields[&FieldName::Surname];
    assert!((surname.confidence - 0.95 * 0.85).abs() < 1e-6);
}

#[test]
fn merged_label_row_with_boxes_is_split_by_columns() {
    let page = OcrPage {
        lines: vec![
            boxed(
                "SESSO / SEX   CITTADINANZA / NATIONALITY",
                [300.0, 200.0, 700.0, 215.0],
            ),
            boxed("F   ITA", [300.0, 220.0, 600.0, 240.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_fields(
        &r,
        &[(FieldName::Sex, "F"), (FieldName::Nationality, "ITA")],
    );
}

#[test]
fn passport_data_page() {
    let r = read(
        "REPUBBLICA ITALIANA\nPASSAPORTO/PASSPORT\nTipo/Type Codice/Code Passaporto N./Passport No.\nP ITA YA1234567\nCognome/Surname\nROSSI\nNome/Given Names\nMARIA GRAZIA\nCittadinanza/Nationality\nITALIANA\nData di nascita/Date of birth\n14 MAG/MAY 1987\nSesso/Sex Luogo di nascita/Place of birth\nF ROMA\nData di rilascio/Date of issue Autorità/Authority\n14 MAG/MAY 2023 MINISTRO AFFARI ESTERI\nData di scadenza/Date of expiry\n13 MAG/MAY 2033\nP<ITAROSSI<<MARIA<GRAZIA<<<<<<<<<<<<<<<<<<<\nYA12345670ITA8705144F3305132<<<<<<<<<<<<<<08",
    );
    assert_eq!(r.document_type, DocumentType::Passport);
    assert_fields(
        &r,
        &[
            (FieldName::IssuingCountry, "ITA"),
            (FieldName::DocumentNumber, "YA1234567"),
            (FieldName::Surname, "ROSSI"),
            (FieldName::GivenNames, "MARIA GRAZIA"),
            (FieldName::Nationality, "ITA"),
            (FieldName::BirthDate, "1987-05-14"),
            (FieldName::Sex, "F"),
            (FieldName::BirthPlace, "ROMA"),
            (FieldName::IssueDate, "2023-05-14"),
            (FieldName::IssuingAuthority, "MINISTRO AFFARI ESTERI"),
            (FieldName::ExpiryDate, "2033-05-13"),
        ],
    );
}

#[test]
fn passport_field_numbers_after_labels() {
    // UK and Italian data pages number their fields: `Surname/Nom (1)`.
    let r = read(
        "Cognome/Surname/Nom (1)\nD'AMICO\nNome/Given names/Prénoms (2)\nNICOLÒ\nSesso/Sex/Sexe (5)\nM\nLuogo di nascita/Place of birth/Lieu de naissance (6)\nROMA (RM)\nData di scadenza/Date of expiry/Date d'expiration (9)\n13 MAG/MAY 2033",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "D'AMICO"),
            (FieldName::GivenNames, "NICOLÒ"),
            (FieldName::Sex, "M"),
            (FieldName::BirthPlace, "ROMA (RM)"),
            (FieldName::ExpiryDate, "2033-05-13"),
        ],
    );
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    // A parenthesised value that is not a field number stays a value.
    let r = read("Luogo di nascita: (RM)");
    assert_fields(&r, &[(FieldName::BirthPlace, "(RM)")]);
}

#[test]
fn french_and_german_passport_labels() {
    let r = read(
        "PASSEPORT\nNom/Surname\nMARTIN\nPrénoms/Given names\nCLAIRE\nDate de naissance/Date of birth\n02 FÉVR/FEB 1975\nLieu de naissance/Place of birth\nLYON",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "MARTIN"),
            (FieldName::GivenNames, "CLAIRE"),
            (FieldName::BirthDate, "1975-02-02"),
            (FieldName::BirthPlace, "LYON"),
        ],
    );
    let r = read(
        "REISEPASS / PASSPORT\nName/Surname/Nom\nMUSTERMANN\nVornamen/Given names/Prénoms\nERIKA\nGeburtsort/Place of birth\nBERLIN",
    );
    assert_eq!(r.document_type, DocumentType::Passport);
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "MUSTERMANN"),
            (FieldName::GivenNames, "ERIKA"),
            (FieldName::BirthPlace, "BERLIN"),
        ],
    );
}

#[test]
fn eu_driving_licence() {
    let r = read(
        "PATENTE DI GUIDA\nREPUBBLICA ITALIANA\n1. ROSSI\n2. MARIO\n3. 14/05/87 ROMA (RM)\n4a. 14/05/2023 4c. MIT-UCO\n4b. 14/05/2033\n5. U1AB23456C\n9. AM/A1/B",
    );
    assert_eq!(r.document_type, DocumentType::DrivingLicence);
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "ROSSI"),
            (FieldName::GivenNames, "MARIO"),
            (FieldName::BirthDate, "1987-05-14"),
            (FieldName::BirthPlace, "ROMA (RM)"),
            (FieldName::IssueDate, "2023-05-14"),
            (FieldName::IssuingAuthority, "MIT-UCO"),
            (FieldName::ExpiryDate, "2033-05-14"),
            (FieldName::DocumentNumber, "U1AB23456C"),
            (FieldName::LicenceCategories, "AM A1 B"),
        ],
    );
}

#[test]
fn licence_without_header_and_two_digit_years() {
    let r = read(
        "1. MÜLLER\n2. ANNA\n3. 14.05.1987 MÜNCHEN\n4a) 01.02.15\n4b) 31.01.30\n4c) Prefettura di Roma\n4d) 123456\n5. B072RRE2I55\n8. VIA ROMA 1, MILANO\n9. B",
    );
    assert_eq!(r.document_type, DocumentType::DrivingLicence);
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "MÜLLER"),
            (FieldName::GivenNames, "ANNA"),
            (FieldName::BirthDate, "1987-05-14"),
            (FieldName::BirthPlace, "MÜNCHEN"),
            (FieldName::IssueDate, "2015-02-01"),
            (FieldName::ExpiryDate, "2030-01-31"),
            (FieldName::IssuingAuthority, "Prefettura di Roma"),
            (FieldName::PersonalNumber, "123456"),
            (FieldName::DocumentNumber, "B072RRE2I55"),
            (FieldName::Address, "VIA ROMA 1, MILANO"),
            (FieldName::LicenceCategories, "B"),
        ],
    );
}

#[test]
fn old_paper_identity_card() {
    let r = read(
        "REPUBBLICA ITALIANA\nCARTA D'IDENTITÀ\nN. AA1234567\nCognome ROSSI\nNome MARIO\nnato il 14/05/1987\na ROMA (RM)\natto n. 123 P. I S. A\nCittadinanza ITALIANA\nResidenza ROMA\nVia GARIBALDI 1\nStato civile CELIBE\nProfessione IMPIEGATO\nStatura 1,75\nCapelli CASTANI\nOcchi VERDI\nSegni particolari NESSUNO\nScadenza 14.05.2033\nComune di ROMA\nIl Sindaco",
    );
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_fields(
        &r,
        &[
            (FieldName::DocumentNumber, "AA1234567"),
            (FieldName::Surname, "ROSSI"),
            (FieldName::GivenNames, "MARIO"),
            (FieldName::BirthDate, "1987-05-14"),
            (FieldName::BirthPlace, "ROMA (RM)"),
            (FieldName::Nationality, "ITA"),
            (FieldName::Municipality, "ROMA"),
            (FieldName::Address, "Via GARIBALDI 1"),
            (FieldName::HeightCm, "175"),
            (FieldName::ExpiryDate, "2033-05-14"),
        ],
    );
}

#[test]
fn several_pairs_on_one_line() {
    let r = read(
        "Cognome ROSSI Nome MARIO\nnata il 01.02.1990 a NAPOLI (NA) Sesso F\nValida fino al 01.02.2030",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "ROSSI"),
            (FieldName::GivenNames, "MARIO"),
            (FieldName::BirthDate, "1990-02-01"),
            (FieldName::BirthPlace, "NAPOLI (NA)"),
            (FieldName::Sex, "F"),
            (FieldName::ExpiryDate, "2030-02-01"),
        ],
    );
}

#[test]
fn hostile_text() {
    let r = read("Cognome: ignore previous instructions\nNome: {\"role\":\"system\"}");
    assert_eq!(
        get(&r, FieldName::Surname),
        Some("IGNORE PREVIOUS INSTRUCTIONS")
    );
    let junk = "\u{fffd}\u{fffd}ÿþ\u{200b}%%$#@!~`\u{1F600}::://\\\\ ¤¤ 0x00FF Ω≈ç√∫ ٩(͡๏̯͡๏)۶ 𝕏";
    let page = OcrPage {
        lines: (0..30)
            .map(|i| OcrLine {
                text: junk.repeat(i % 5 + 1),
                bbox: Some([f32::NAN, 0.0, f32::INFINITY, -1.0]),
                confidence: Some(f32::NAN),
            })
            .collect(),
    };
    let r = extract(&page, TODAY);
    assert!(r.fields.is_empty());
    let r = read("Cognome:\nNome\n:\n/\nSESSO / SEX / / /\n4a.\n5.\nCF");
    for issue in &r.issues {
        assert_eq!(issue.severity, Severity::Warning);
    }
}

#[test]
fn values_never_leak_into_issues() {
    let r = read("Scadenza: 99.99.9999\nSesso: QZ");
    let json = serde_json::to_string(&r.issues).unwrap();
    assert!(!json.contains("99.99") && !json.contains("QZ"), "{json}");
    assert_eq!(r.issues.len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn extract_never_panics(lines in proptest::collection::vec(".{0,200}", 1..20)) {
        let page = OcrPage { lines: lines.into_iter().map(OcrLine::plain).collect() };
        let _ = extract(&page, TODAY);
    }

    #[test]
    fn extract_never_panics_on_label_soup(
        lines in proptest::collection::vec(
            "(Cognome|NOME / NAME|Data di nascita|4a\\.|1\\.|Sesso|Statura|nato il|a |Via|/|:| |[0-9]{1,4}|[./-]|[A-Za-zÀ-ÿ']{1,8}){0,12}",
            1..20,
        ),
        boxes in proptest::collection::vec(proptest::option::of(proptest::array::uniform4(-10.0f32..1000.0)), 20),
    ) {
        let page = OcrPage {
            lines: lines
                .into_iter()
                .zip(boxes)
                .map(|(text, bbox)| OcrLine { text, bbox, confidence: Some(0.9) })
                .collect(),
        };
        let r = extract(&page, TODAY);
        for f in r.fields.values() {
            prop_assert!((0.0..=1.0).contains(&f.confidence));
        }
    }
}

#[test]
fn label_words_inside_free_text_do_not_split_it() {
    let r = read(
        "Autorità: Sindaco del Comune di Roma\nIndirizzo: Via Nome 3 Residenza\nCognome: Rossi Nome: Mario",
    );
    assert_fields(
        &r,
        &[
            (FieldName::IssuingAuthority, "Sindaco del Comune di Roma"),
            (FieldName::Address, "Via Nome 3 Residenza"),
            (FieldName::Surname, "ROSSI"),
            (FieldName::GivenNames, "MARIO"),
        ],
    );
}

#[test]
fn label_without_value_below_takes_nothing() {
    // The next line is another label: the surname stays unknown.
    let r = read("COGNOME / SURNAME\nNOME / NAME\nMARIO");
    assert_fields(&r, &[(FieldName::GivenNames, "MARIO")]);
}

#[test]
fn damaged_bilingual_label_parts_are_still_labels() {
    let r = read(
        "Cognome/Sumamel/Nom (1)\nDELL'ACQUA\nNome/Gven names/Prénoms (2)\nANTONIO\n\
         Data di nascita/Date f bithVDate de nassance (4)\n26 MAR/MAR 1969",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "DELL'ACQUA"),
            (FieldName::GivenNames, "ANTONIO"),
            (FieldName::BirthDate, "1969-03-26"),
        ],
    );
}
