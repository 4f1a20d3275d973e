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
    assert_eq!(r.model, Some(docnum::Model::ItCie));
}

#[test]
fn cie_front_header_and_number_read_with_a_look_alike() {
    // One header letter misread still names the country; a capital `I` read as `l` in the
    // number is the capital.
    let r = read(
        "REPUBBUICA ITALIANA\nCARTA D'IDENTITÀ / IDENTITY CARD\nCl48059ZJ\nCOGNOME / SURNAME\nLEONE",
    );
    assert_eq!(r.country.as_deref(), Some("ITA"));
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("CI48059ZJ"));
    // Small letters drawn as their capitals are (`o`, `w`) read on the number are capitals.
    let r = read(
        "REPUBBLICA ITALIANA\nCARTA DI IDENTITÀ / IDENTITY CARD\nCo89799wC\nCOGNOME / SURNAME\nMANCINI",
    );
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("CO89799WC"));
    // A header two letters off, or a short one one letter off, names none.
    for header in ["REPUBBUICA ITALIAMA", "ROMAMIA"] {
        let r = read(&format!("{header}\nCOGNOME / SURNAME\nLEONE"));
        assert_eq!(r.country, None, "{header}");
    }
    // The Romanian header in three languages, two of them damaged; not without one read right.
    let r = read("ROMANRA ROUMANGE ROMANIA\nJud.TM Mun.Timtgoara\n");
    assert_eq!(r.country.as_deref(), Some("ROU"));
    assert_eq!(get(&r, FieldName::BirthPlace), Some("Jud.TM Mun.Timișoara"));
    assert_eq!(read("ROMANRA ROUMANGE\n").country, None);
}

#[test]
fn fullwidth_punctuation_reads_as_ascii() {
    // The privacy layer locates lines with the visual zone alone, on the page as read.
    let r = read("Cognome：ROSSI\nLuogo di nascita：NARDO (LE）");
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "ROSSI"),
            (FieldName::BirthPlace, "NARDÒ (LE)"),
        ],
    );
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
        angle: None,
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
fn a_value_grown_into_its_label_is_read_before_another_column() {
    // Seed 59 #102: the place and date's box reaches up into its label's, so it does not count
    // as below it; the next row's `CTTADN` (a damaged label, further right) does. The next line
    // in the label's column is nearer and wins. `COGNOAE: / SURNAME`: a colon read before the
    // slash still parts two translations of one label.
    let page = OcrPage {
        lines: vec![
            boxed("COGNOAE: / SURNAME", [728.0, 360.0, 886.0, 406.0]),
            boxed("COSTA", [733.0, 397.0, 826.0, 441.0]),
            boxed(
                "LUOGO E DATA D NASCITA/ PLACE AND DATE OF BRTH",
                [749.0, 478.0, 1117.0, 546.0],
            ),
            boxed("BOLOGNA (BO) 10.01.1976", [751.0, 510.0, 1083.0, 581.0]),
            boxed("SE550/SEX", [759.0, 577.0, 850.0, 614.0]),
            boxed("CTTADN", [1047.0, 550.0, 1107.0, 583.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "COSTA"),
            (FieldName::BirthPlace, "BOLOGNA (BO)"),
            (FieldName::BirthDate, "1976-01-10"),
        ],
    );
}

#[test]
fn the_surname_stands_above_the_given_names_label() {
    // A Spanish card's front as the real recogniser read it (seed 53 #100): the surname's
    // label damaged past reading, the given names' label read without its slash.
    let page = |above: &str| OcrPage {
        lines: vec![
            boxed("ESPAÑA", [265.0, 157.0, 379.0, 197.0]),
            boxed(
                "DOCUMENTO NACIONAL DE IDENTIDAD",
                [265.0, 204.0, 631.0, 242.0],
            ),
            boxed("AFELL.00S1 SLURUAAE", [534.0, 259.0, 696.0, 286.0]),
            boxed(above, [531.0, 287.0, 824.0, 328.0]),
            boxed("NOMSRE NAME", [532.0, 333.0, 650.0, 364.0]),
            boxed("JOAQUÍN", [531.0, 364.0, 653.0, 401.0]),
        ],
    };
    let r = extract(&page("DOMINGUEZ MARTÍNEZ"), TODAY);
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "DOMINGUEZ MARTÍNEZ"),
            (FieldName::GivenNames, "JOAQUÍN"),
        ],
    );
    // What stands there must be a name.
    let r = extract(&page("ESP 12.03.2020"), TODAY);
    assert_eq!(get(&r, FieldName::Surname), None);
}

#[test]
fn a_french_birth_place_is_read_by_its_shape() {
    // Its label damaged past reading (seed 53 #64 of the synthetic corpus).
    let card = |header: &str| {
        read(&format!(
            "{header}\nCARTE NATIONALE D'IDENTITÉ / IDENTITY CARD\nE SASEANCE\nNANTES (44)\n"
        ))
    };
    let r = card("RÉPUBLIQUE FRANÇAISE");
    assert_fields(&r, &[(FieldName::BirthPlace, "NANTES (44)")]);
    // Only French documents print a department so.
    assert_eq!(get(&card("REINO DE ESPAÑA"), FieldName::BirthPlace), None);
}

#[test]
fn a_french_front_without_labels_gives_its_names_under_the_title() {
    // A French card's front as the real recogniser read it (seed 53 #64 of the synthetic
    // corpus): every label unreadable, the birth place read by its shape.
    let lines = |given: &str| {
        vec![
            read_as("REPUBLIQUE FRANÇAISE", [484.0, 164.0, 772.0, 229.0], 0.98),
            read_as(
                "CARTE NATIONALE DIDENTITÉ /IDENTITY CARD",
                [477.0, 206.0, 901.0, 280.0],
                0.96,
            ),
            read_as("2", [716.0, 294.0, 737.0, 304.0], 0.15),
            read_as("PETIT", [699.0, 307.0, 779.0, 353.0], 1.0),
            read_as(given, [686.0, 381.0, 764.0, 422.0], 1.0),
            read_as("H87", [682.0, 429.0, 725.0, 450.0], 0.32),
            read_as("M", [682.0, 462.0, 696.0, 471.0], 0.99),
            read_as("FRA", [797.0, 461.0, 856.0, 502.0], 1.0),
            read_as("05 05 1975", [990.0, 481.0, 1131.0, 529.0], 0.96),
            read_as("E SASEANCE", [693.0, 498.0, 788.0, 525.0], 0.66),
            read_as("NANTES (44)", [658.0, 517.0, 815.0, 566.0], 0.98),
            read_as("14DYCXLRY", [644.0, 583.0, 785.0, 629.0], 1.0),
        ]
    };
    let r = read_lines(lines("Lucas"));
    assert_eq!(get(&r, FieldName::Surname), Some("PETIT"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("LUCAS"));
    assert_eq!(get(&r, FieldName::BirthPlace), Some("NANTES (44)"));
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("14DYCXLRY"));
    // What follows the surname must read like given names.
    let r = read_lines(lines("12 rue"));
    assert_eq!(get(&r, FieldName::Surname), None);
    // Damaged labels above each name, read with less confidence (seed 47 #64).
    let r = read_lines(vec![
        read_as("RÉPUBLIQUE FRANÇAISE", [303.0, 559.0, 588.0, 615.0], 0.99),
        read_as(
            "CARTE NATIONALE DIDENTITÉ /IDENTITY CARD",
            [302.0, 598.0, 718.0, 660.0],
            0.98,
        ),
        read_as("NOM7Sum", [536.0, 665.0, 608.0, 693.0], 0.68),
        read_as("MOREAU", [530.0, 689.0, 641.0, 730.0], 1.0),
        read_as("naX GNe", [569.0, 738.0, 620.0, 759.0], 0.7),
        read_as("Sophie", [523.0, 755.0, 612.0, 792.0], 0.98),
        read_as("F", [522.0, 825.0, 534.0, 840.0], 1.0),
        read_as("FRA", [637.0, 824.0, 696.0, 861.0], 1.0),
        read_as("UEU DENA", [517.0, 857.0, 581.0, 881.0], 0.77),
        read_as("TOULOUSE(31)", [510.0, 877.0, 687.0, 921.0], 0.92),
    ]);
    assert_eq!(get(&r, FieldName::Surname), Some("MOREAU"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("SOPHIE"));
    // The surname read with a digit for a letter (seed 131 #64).
    let mut surname_with_digit = lines("Pierre");
    surname_with_digit[3].text = "DUB0IS".to_owned();
    let r = read_lines(surname_with_digit);
    assert_eq!(get(&r, FieldName::Surname), Some("DUBOIS"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("PIERRE"));
}

#[test]
fn a_german_front_gives_its_birth_place_under_the_nationality() {
    // Seed 47 #28 of the synthetic corpus as the real recogniser read it: the birth place's
    // label unreadable (`T/Pcetbirs/Lede`, a line above the place, in small print).
    let lines = |place: &str| {
        vec![
            read_as(
                "BUNDESREPUBLIK DEUTSCHLAND",
                [527.0, 76.0, 939.0, 109.0],
                0.99,
            ),
            read_as(
                "PERSONALAUSWEIS / IDENTITY CARD / CARTE DIDENTITE",
                [530.0, 143.0, 1010.0, 167.0],
                0.96,
            ),
            read_as("Nene7 Suname /1Nom", [813.0, 188.0, 960.0, 212.0], 0.6),
            read_as("BÖHM", [813.0, 209.0, 901.0, 245.0], 0.87),
            read_as("26.11.1961", [817.0, 341.0, 949.0, 376.0], 1.0),
            read_as("DEUTSCH", [818.0, 404.0, 948.0, 441.0], 1.0),
            read_as("T/Pcetbirs/Lede", [878.0, 448.0, 1027.0, 464.0], 0.51),
            read_as(place, [818.0, 465.0, 1087.0, 501.0], 1.0),
            read_as("Gabs7Deo", [823.0, 507.0, 938.0, 530.0], 0.51),
            read_as("30.03.2029", [822.0, 528.0, 950.0, 562.0], 1.0),
        ]
    };
    let r = read_lines(lines("FRANKFURT AM MAIN"));
    assert_eq!(get(&r, FieldName::Nationality), Some("DEU"));
    assert_eq!(get(&r, FieldName::BirthPlace), Some("FRANKFURT AM MAIN"));
    // A line that does not read as a place in capitals is none.
    let r = read_lines(lines("Frankfurt 12"));
    assert_eq!(get(&r, FieldName::BirthPlace), None);
}

#[test]
fn a_spanish_personal_number_is_read_by_its_control_letter() {
    // Seed 97 #100 of the synthetic corpus as the real recogniser read it: the `DNI` label
    // read `Dm`.
    let lines = |number: &str| {
        vec![
            read_as("ESPAÑA", [691.0, 458.0, 802.0, 513.0], 1.0),
            read_as(number, [1259.0, 386.0, 1430.0, 446.0], 0.89),
            read_as(
                "DOCUMENTO NACIONAL DE IDENTIDAD",
                [693.0, 471.0, 1022.0, 547.0],
                0.96,
            ),
            read_as("MARTÍNEZ ALVAREZ", [931.0, 519.0, 1153.0, 587.0], 0.94),
            read_as("MARÍA", [935.0, 604.0, 1016.0, 647.0], 0.91),
            read_as("ESP", [1090.0, 651.0, 1143.0, 687.0], 0.99),
            read_as("2711 1953", [935.0, 723.0, 1053.0, 772.0], 0.97),
            read_as("MKH941538", [936.0, 782.0, 1066.0, 832.0], 1.0),
            read_as("13 02 2032", [1194.0, 745.0, 1309.0, 794.0], 0.94),
        ]
    };
    let r = read_lines(lines("Dm 33937298Q"));
    assert_eq!(get(&r, FieldName::PersonalNumber), Some("33937298Q"));
    // Eight digits and a letter that is not their control letter: no personal number.
    let r = read_lines(lines("Dm 33937298R"));
    assert_eq!(get(&r, FieldName::PersonalNumber), None);
}

#[test]
fn a_spanish_front_gives_its_names_under_the_title() {
    // Seed 13 #100 of the synthetic corpus as the real recogniser read it: both name labels
    // unreadable (`APELDOS4SATNN`, `CHIBEAANG`).
    let lines = |surname: &str| {
        vec![
            read_as("ESPAÑA", [620.0, 185.0, 732.0, 230.0], 1.0),
            read_as("DNI 55927059Y", [1279.0, 172.0, 1482.0, 218.0], 0.98),
            read_as(
                "DOCUMENTO NACIONAL DE IDENTIDAD",
                [620.0, 229.0, 980.0, 271.0],
                0.96,
            ),
            read_as("APELDOS4SATNN", [881.0, 287.0, 1013.0, 310.0], 0.53),
            read_as(surname, [875.0, 307.0, 1059.0, 352.0], 0.98),
            read_as("CHIBEAANG", [885.0, 365.0, 989.0, 384.0], 0.44),
            read_as("CARMEN", [876.0, 392.0, 989.0, 425.0], 1.0),
            read_as("Mx00", [878.0, 440.0, 952.0, 463.0], 0.5),
            read_as("ESP", [1048.0, 464.0, 1106.0, 500.0], 0.99),
            read_as("01 02 1980", [876.0, 520.0, 1020.0, 560.0], 0.99),
        ]
    };
    let r = read_lines(lines("MORENO DÍAZ"));
    assert_eq!(get(&r, FieldName::Surname), Some("MORENO DÍAZ"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("CARMEN"));
    // One surname on the first line (a card printing the two on two lines): no names.
    let r = read_lines(lines("MORENO"));
    assert_eq!(get(&r, FieldName::Surname), None);
    assert_eq!(get(&r, FieldName::GivenNames), None);
}

#[test]
fn a_spanish_support_number_is_read_by_its_shape() {
    // Its label damaged past reading (seed 53 #100 of the synthetic corpus).
    let card = |header: &str| {
        read(&format!(
            "{header}\nDOCUMENTO NACIONAL DE IDENTIDAD\n4OPORKYau\nXKA833179\n"
        ))
    };
    assert_fields(&card("ESPAÑA"), &[(FieldName::DocumentNumber, "XKA833179")]);
    // Not the number of another country's card.
    let german = card("BUNDESREPUBLIK DEUTSCHLAND");
    assert_eq!(get(&german, FieldName::DocumentNumber), None);
}

#[test]
fn a_french_card_number_is_read_alone_on_its_line() {
    // Its label damaged past reading (seed 59 #64 of the synthetic corpus): nine letters and
    // digits alone on a line of a French card; a word of nine letters is no number.
    let card = |number: &str| {
        read(&format!(
            "RÉPUBLIQUE FRANÇAISE\nCARTE NATIONALE D'IDENTITÉ / IDENTITY CARD\nPETIT\nSNs\n{number}\n"
        ))
    };
    assert_fields(
        &card("QL4GA2TVP"),
        &[(FieldName::DocumentNumber, "QL4GA2TVP")],
    );
    assert_eq!(get(&card("DUBOISSON"), FieldName::DocumentNumber), None);
    assert_eq!(get(&card("QL4GA2TVP X"), FieldName::DocumentNumber), None);
    // A label read with digits before it, unsure (seed 109 #64): the number read with
    // confidence.
    let r = read_lines(vec![
        read_as("RÉPUBLIQUE FRANCAISE", [699.0, 615.0, 967.0, 670.0], 0.96),
        read_as(
            "CARTE NATIONALE DIDENTITE /IDENTTTY CARD",
            [695.0, 647.0, 1085.0, 713.0],
            0.95,
        ),
        read_as("DURAND", [911.0, 730.0, 1015.0, 772.0], 1.0),
        read_as("NAT05AUTE", [1019.0, 836.0, 1105.0, 865.0], 0.6),
        read_as("FRA", [1016.0, 857.0, 1072.0, 891.0], 0.99),
        read_as("2VKP26AZC", [883.0, 963.0, 1021.0, 1003.0], 1.0),
    ]);
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("2VKP26AZC"));
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
fn an_italian_passport_header_row_read_clean() {
    // Seed 137 #8, a mild photo whose MRZ went unread: the Italian passport's own labels,
    // `Codice Paese` and `Passeport N°`, label the code and the number under them.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [304.0, 272.0, 642.0, 308.0], 0.99),
        read_as(
            "PASSAPORTO PASSPORT PASSEPORT",
            [870.0, 274.0, 1453.0, 312.0],
            0.99,
        ),
        read_as("Tipo/Type/Type", [664.0, 338.0, 759.0, 364.0], 0.91),
        read_as(
            "Codice Paese/Country code/Code du pays",
            [817.0, 337.0, 1065.0, 367.0],
            0.96,
        ),
        read_as(
            "Passaporto N./Passport No./Passeport N°",
            [1247.0, 340.0, 1491.0, 368.0],
            0.93,
        ),
        read_as("P", [663.0, 367.0, 693.0, 399.0], 0.99),
        read_as("ITA", [815.0, 366.0, 870.0, 399.0], 1.0),
        read_as("YV9052807", [1248.0, 368.0, 1401.0, 402.0], 1.0),
    ]);
    assert_eq!(get(&r, FieldName::IssuingCountry), Some("ITA"));
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("YV9052807"));
}

#[test]
fn a_surname_does_not_continue_past_the_numbered_end_of_the_next_label() {
    // Seed 67 #32: the given names' label read in pieces, its end `s (2)` between the surname
    // and the given names; `/Nom ()` labels the surname with no value on its line.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [450.0, 274.0, 700.0, 316.0], 0.99),
        read_as(
            "PASSAPORTO PASSPORT PASSEPORT",
            [862.0, 241.0, 1284.0, 294.0],
            0.98,
        ),
        read_as("Cogn", [721.0, 377.0, 748.0, 393.0], 0.96),
        read_as("/Nom ()", [801.0, 370.0, 841.0, 388.0], 0.87),
        read_as("GIORDANO", [720.0, 387.0, 840.0, 421.0], 0.98),
        read_as("s (2)", [837.0, 426.0, 860.0, 440.0], 0.75),
        read_as("ANNA MARIA", [722.0, 440.0, 861.0, 476.0], 0.96),
        read_as("atonaline (a)", [827.0, 476.0, 885.0, 494.0], 0.72),
        read_as("ITALIANA", [722.0, 496.0, 826.0, 530.0], 1.0),
    ]);
    assert_eq!(get(&r, FieldName::Surname), Some("GIORDANO"));
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
    let r = read("Luogo di nascita: (ROMA)");
    assert_fields(&r, &[(FieldName::BirthPlace, "(ROMA)")]);
    // Field numbers read as look-alike letters (`(B)` for 8, `(g)` for 9) are no values.
    let r = read(
        "Autorità/Authority/Autorité (B)\nMINISTRO AFFARI ESTERI\nData di scadenza/Date of expiry (g)\n25 GIU/JUN 2035",
    );
    assert_fields(
        &r,
        &[
            (FieldName::IssuingAuthority, "MINISTRO AFFARI ESTERI"),
            (FieldName::ExpiryDate, "2035-06-25"),
        ],
    );
    assert_eq!(field_number("(1o) X"), Some(" X"));
    assert_eq!(field_number("(BO)"), None);
    assert_eq!(field_number("(F)"), None);
}

#[test]
fn passport_field_numbers_before_labels() {
    // Luxembourg and other EU data pages put the number first: `8. Ausgestellt den/…`, here
    // with the first (Luxembourgish) part damaged.
    let r = read(
        "PASSPORT\n1. Numm/Nom/Surname\nMAUS\n2a. Gréisst/Taille/Height\n175\n6. Gebuer zou/Lieu de naissance/Place of birth\nLUXEMBOURG\n8. Ausgestalt den/Date de délivrance/Date of issue\n8 Août/Aug 2006\n10. Ennerschreft/Signature du titulaire\n",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "MAUS"),
            (FieldName::HeightCm, "175"),
            (FieldName::BirthPlace, "LUXEMBOURG"),
            (FieldName::IssueDate, "2006-08-08"),
        ],
    );
    // A numbered value is not a label (`8. VIA ROMA 1` on a licence), nor is a date.
    assert!(segments("8. VIA ROMA 1").is_empty());
    assert!(segments("12.05.2020").is_empty());
    assert_eq!(after_field_number("2a. Height"), 4);
    assert_eq!(after_field_number("123. Height"), 0);
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
    assert_eq!(r.model, None, "the paper card's title is Italian only");
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
                angle: Some(f32::NAN),
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
        angles in proptest::collection::vec(proptest::option::of(-200.0f32..200.0), 20),
    ) {
        let page = OcrPage {
            lines: lines
                .into_iter()
                .zip(boxes.into_iter().zip(angles))
                .map(|(text, (bbox, angle))| OcrLine { text, bbox, confidence: Some(0.9), angle })
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

#[test]
fn romanian_card_with_boxes() {
    let page = OcrPage {
        lines: vec![
            boxed("ROMÂNIA  ROUMANIE  ROMANIA", [41.0, 34.0, 414.0, 56.0]),
            boxed("SERIA TC NR 407686", [778.0, 39.0, 1010.0, 57.0]),
            boxed("CNP 1820123082751", [360.0, 125.0, 583.0, 143.0]),
            boxed("Nume/Nom/Last name", [361.0, 169.0, 503.0, 181.0]),
            boxed("RĂDULESCU", [361.0, 191.0, 505.0, 213.0]),
            boxed("Prenume/Prénom/First name", [361.0, 231.0, 544.0, 243.0]),
            boxed("IOAN-VLAD", [361.0, 257.0, 480.0, 275.0]),
            boxed(
                "Cetățenie/Nationalité/Nationality",
                [360.0, 293.0, 564.0, 308.0],
            ),
            boxed("Sex/Sexe/Sex", [840.0, 293.0, 930.0, 305.0]),
            boxed("Română / ROU", [361.0, 318.0, 522.0, 337.0]),
            boxed("M", [841.0, 319.0, 858.0, 336.0]),
            boxed(
                "Loc naștere/Lieu de naissance/Place of birth",
                [361.0, 355.0, 641.0, 370.0],
            ),
            boxed("Jud.BV Mun.Brașov", [360.0, 381.0, 580.0, 404.0]),
            boxed("Domiciliu/Adresse/Address", [361.0, 417.0, 531.0, 429.0]),
            boxed("Jud.TM Mun.Timișoara", [360.0, 443.0, 612.0, 466.0]),
            boxed(
                "Str.Memorandumului nr.33 ap.9",
                [360.0, 475.0, 705.0, 497.0],
            ),
            boxed(
                "Emisă de/Délivrée par/Issued by",
                [361.0, 515.0, 567.0, 529.0],
            ),
            boxed(
                "Valabilitate/Validité/Validity",
                [720.0, 515.0, 888.0, 529.0],
            ),
            boxed("SPCLEP Timișoara", [360.0, 541.0, 569.0, 564.0]),
            boxed("26.11.17-26.11.2027", [720.0, 541.0, 934.0, 559.0]),
            boxed(
                "IDROURADULESCU<<IOAN<VLAD<<<<<<<<<<<",
                [73.0, 621.0, 979.0, 646.0],
            ),
        ],
    };
    let r = extract(&page, TODAY);
    assert_eq!(r.country.as_deref(), Some("ROU"));
    assert_fields(
        &r,
        &[
            (FieldName::DocumentNumber, "TC407686"),
            (FieldName::PersonalNumber, "1820123082751"),
            (FieldName::Surname, "RĂDULESCU"),
            (FieldName::GivenNames, "IOAN-VLAD"),
            (FieldName::Nationality, "ROU"),
            (FieldName::Sex, "M"),
            (FieldName::BirthPlace, "Jud.BV Mun.Brașov"),
            (
                FieldName::Address,
                "Jud.TM Mun.Timișoara Str.Memorandumului nr.33 ap.9",
            ),
            (FieldName::IssuingAuthority, "SPCLEP Timișoara"),
            (FieldName::IssueDate, "2017-11-26"),
            (FieldName::ExpiryDate, "2027-11-26"),
        ],
    );
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    // The authority's label damaged beyond recognition (as read on a hard photo): in sentence
    // case under an address that is not, it ends the address, which no longer runs on into the
    // authority.
    let mut damaged = page;
    for line in &mut damaged.lines {
        if line.text.starts_with("Emisă") {
            line.text = "Ems (eDpsvnte patilsiend by".to_owned();
        }
    }
    let r = extract(&damaged, TODAY);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("Jud.TM Mun.Timișoara Str.Memorandumului nr.33 ap.9")
    );
}

#[test]
fn an_authority_under_an_address_is_no_part_of_it() {
    // Seed 113 #41: the authority's label read past recognition in two boxes; the address ran
    // on into the authority's name.
    let r = read_lines(vec![
        read_as(
            "ROMÂNIA ROUMANIE ROMANIA",
            [349.0, 349.0, 673.0, 419.0],
            0.98,
        ),
        read_as("CNP 2960224224481", [627.0, 415.0, 826.0, 468.0], 0.98),
        read_as("Do", [671.0, 702.0, 691.0, 718.0], 0.85),
        read_as("ADdeSs", [770.0, 689.0, 814.0, 707.0], 0.62),
        read_as("Jud.TM Mun.Timişoara", [670.0, 698.0, 888.0, 751.0], 0.98),
        read_as(
            "Str.Mihai Eminescu nr.154 ap.35",
            [674.0, 715.0, 973.0, 781.0],
            0.98,
        ),
        read_as("Emes deDetvre pa", [687.0, 772.0, 803.0, 805.0], 0.58),
        read_as("ed0y", [819.0, 773.0, 850.0, 784.0], 0.71),
        read_as("SPCLEP Timişoara", [683.0, 787.0, 864.0, 836.0], 0.94),
        read_as("04.01.26-04.01.2036", [970.0, 752.0, 1157.0, 804.0], 0.98),
    ]);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("Jud.TM Mun.Timișoara Str.Mihai Eminescu nr.154 ap.35")
    );
    assert_eq!(
        get(&r, FieldName::IssuingAuthority),
        Some("SPCLEP Timișoara")
    );
}

#[test]
fn an_authority_label_read_with_its_rest_damaged_takes_the_office_below() {
    // Seed 113 #118, a German card's back: `Behörde / Authority / Autorité` read with its
    // translations past recognition, as if they were its value.
    let row = |below: &str| {
        read_lines(vec![
            read_as("178 cm", [494.0, 461.0, 584.0, 494.0], 1.0),
            read_as("GRAU", [772.0, 444.0, 848.0, 476.0], 1.0),
            read_as("Behorde Autharny Atott", [491.0, 497.0, 659.0, 533.0], 0.61),
            read_as(below, [488.0, 519.0, 701.0, 568.0], 0.96),
            read_as("04.11.2022", [1017.0, 492.0, 1143.0, 533.0], 1.0),
        ])
    };
    let r = row("STADT MÜNCHEN");
    assert_eq!(get(&r, FieldName::IssuingAuthority), Some("STADT MÜNCHEN"));
    // Nothing that reads as an office below: the same-line value stands.
    let r = row("12345");
    assert_eq!(get(&r, FieldName::IssuingAuthority), Some("Autharny Atott"));
}

#[test]
fn an_address_stops_at_a_long_label_ocr_damaged() {
    // Seed 127 #82, a Spanish card's back: `HIJO/A DE / SON/DAUGHTER OF` read with digits and
    // a letter split, right under the address's place lines.
    let r = read_lines(vec![
        read_as("LUGAR DE NACMENTO", [560.0, 416.0, 729.0, 446.0], 0.87),
        read_as("MÁLAGA", [558.0, 441.0, 675.0, 478.0], 0.99),
        read_as("DOMICLIO/ADOREss", [557.0, 480.0, 712.0, 512.0], 0.61),
        read_as(
            "AVDA.DE LA CONSTITUCIÓN 64 P03 D",
            [555.0, 506.0, 1014.0, 551.0],
            0.95,
        ),
        read_as("MADRID", [553.0, 541.0, 661.0, 575.0], 1.0),
        read_as("MADRID", [551.0, 575.0, 658.0, 608.0], 0.96),
        read_as("H04 DE/SoNDALIGHTER OE", [549.0, 640.0, 768.0, 675.0], 0.77),
        read_as("ANTONIO/ISABEL", [549.0, 670.0, 776.0, 706.0], 0.97),
    ]);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("AVDA. DE LA CONSTITUCIÓN 64 P03 D MADRID MADRID")
    );
}

#[test]
fn a_tilted_cie_front_keeps_the_name_its_birth_line_overlaps() {
    // Seed 127 #102: on a tilted photo the birth line's upright box reaches up past the bottom
    // of the given name above its start; the column started at the surname before.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [169.0, 337.0, 383.0, 415.0], 0.96),
        read_as(
            "CARTA DI IDENTITA/IDENTITY CARD",
            [406.0, 289.0, 731.0, 393.0],
            0.94,
        ),
        read_as("cone 57", [398.0, 392.0, 477.0, 430.0], 0.47),
        read_as("NARDO", [398.0, 411.0, 487.0, 461.0], 0.95),
        read_as("CCC", [410.0, 462.0, 440.0, 482.0], 0.4),
        read_as("5N", [472.0, 453.0, 491.0, 466.0], 0.41),
        read_as("LO BIANCO", [405.0, 458.0, 533.0, 518.0], 0.96),
        read_as("NAH", [421.0, 524.0, 440.0, 534.0], 0.6),
        read_as("ME", [435.0, 519.0, 453.0, 529.0], 0.57),
        read_as("N", [454.0, 513.0, 476.0, 527.0], 0.88),
        read_as("O4T", [479.0, 510.0, 490.0, 519.0], 0.31),
        read_as("ELENA", [417.0, 526.0, 495.0, 569.0], 0.99),
        read_as("01", [445.0, 570.0, 478.0, 588.0], 0.62),
        read_as(
            "BOLOGNA (B0) 03.06.1974",
            [421.0, 539.0, 711.0, 628.0],
            0.89,
        ),
    ]);
    assert_eq!(get(&r, FieldName::Municipality), Some("NARDÒ"));
    assert_eq!(get(&r, FieldName::Surname), Some("LO BIANCO"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("ELENA"));
}

#[test]
fn a_value_does_not_continue_past_a_label_read_past_recognition() {
    // Seed 131 #100, a Spanish card: `NOMBRE / NAME` read as two unsure boxes between the
    // surnames and the given name, which ran on into the surnames.
    let r = read_lines(vec![
        read_as("ESPAÑA", [227.0, 545.0, 365.0, 605.0], 1.0),
        read_as("DNI 53281160G", [938.0, 471.0, 1128.0, 529.0], 0.99),
        read_as(
            "DOCUMENTO NACIONAL DE IDENTIDAD",
            [239.0, 563.0, 652.0, 643.0],
            0.99,
        ),
        read_as("APELDOS/SURNAM", [556.0, 604.0, 720.0, 649.0], 0.85),
        read_as("IBÁÑEZ HERNÁNDEZ", [559.0, 614.0, 834.0, 686.0], 0.99),
        read_as("CMBR6", [587.0, 689.0, 650.0, 712.0], 0.57),
        read_as("THA3AR", [639.0, 683.0, 692.0, 707.0], 0.52),
        read_as("LUCÍA", [573.0, 707.0, 671.0, 754.0], 0.98),
        read_as("LDADIRATIONA.ITY", [835.0, 711.0, 979.0, 753.0], 0.77),
    ]);
    assert_eq!(get(&r, FieldName::Surname), Some("IBÁÑEZ HERNÁNDEZ"));
}

#[test]
fn a_romanian_birth_place_names_one_county() {
    // Seed 113 #5: the address's label read past recognition in two boxes; the birth place
    // ran on into the address's county line.
    let r = read_lines(vec![
        read_as(
            "ROMÂNIA ROUMANIE ROMANIA",
            [393.0, 397.0, 752.0, 445.0],
            0.98,
        ),
        read_as("CNP 1700530121096", [698.0, 459.0, 922.0, 498.0], 0.98),
        read_as("Loc naștera/leu de n", [719.0, 652.0, 862.0, 679.0], 0.76),
        read_as("ce/Piace ot bith", [900.0, 646.0, 1000.0, 670.0], 0.89),
        read_as(
            "Jud.CJ Mun.Cluj-Napoca",
            [721.0, 668.0, 1000.0, 706.0],
            0.96,
        ),
        read_as("micibAr", [745.0, 708.0, 815.0, 723.0], 0.77),
        read_as("elAddre", [833.0, 705.0, 884.0, 720.0], 0.95),
        read_as("Jud.DJ Mun.Craiova", [728.0, 719.0, 959.0, 756.0], 0.99),
        read_as(
            "Calea Victoriei nr.63 ap.13",
            [730.0, 744.0, 1023.0, 784.0],
            0.97,
        ),
    ]);
    assert_eq!(
        get(&r, FieldName::BirthPlace),
        Some("Jud.CJ Mun.Cluj-Napoca")
    );
    assert_eq!(
        get(&r, FieldName::Address),
        Some("Jud.DJ Mun.Craiova Calea Victoriei nr.63 ap.13")
    );
}

#[test]
fn validity_with_one_date_is_the_expiry() {
    let r = read("Validity: 01.02.2030");
    assert_fields(&r, &[(FieldName::ExpiryDate, "2030-02-01")]);
}

#[test]
fn german_card_number_without_label_and_issue_date() {
    let front = OcrPage {
        lines: vec![
            boxed("BUNDESREPUBLIK DEUTSCHLAND", [48.0, 38.0, 478.0, 57.0]),
            boxed(
                "PERSONALAUSWEIS / IDENTITY CARD / CARTE D'IDENTITÉ",
                [47.0, 105.0, 559.0, 122.0],
            ),
            boxed("K9Z0FJY74", [802.0, 103.0, 958.0, 125.0]),
            boxed("Name / Surname / Nom", [351.0, 158.0, 504.0, 170.0]),
            boxed("SCHULZ", [351.0, 187.0, 460.0, 208.0]),
            boxed(
                "Gültig bis / Date of expiry / Date d'expiration",
                [351.0, 538.0, 635.0, 553.0],
            ),
            boxed("31.10.2034", [351.0, 567.0, 487.0, 587.0]),
            // The card access number, bottom right: no document number.
            boxed("844580", [881.0, 570.0, 958.0, 587.0]),
        ],
    };
    let r = extract(&front, TODAY);
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_eq!(r.country.as_deref(), Some("DEU"));
    assert_fields(
        &r,
        &[
            (FieldName::DocumentNumber, "K9Z0FJY74"),
            (FieldName::Surname, "SCHULZ"),
            (FieldName::ExpiryDate, "2034-10-31"),
        ],
    );
    let back = OcrPage {
        lines: vec![
            boxed("Anschrift / Address / Adresse", [46.0, 47.0, 234.0, 59.0]),
            boxed("39239 DÜSSELDORF", [47.0, 72.0, 317.0, 97.0]),
            boxed("HEIDESTRASSE 19", [48.0, 116.0, 296.0, 136.0]),
            boxed("Größe / Height / Taille", [47.0, 173.0, 188.0, 188.0]),
            boxed("176 cm", [48.0, 202.0, 138.0, 223.0]),
            boxed(
                "Behörde / Authority / Autorité",
                [47.0, 253.0, 233.0, 268.0],
            ),
            boxed("STADT DÜSSELDORF", [47.0, 278.0, 330.0, 302.0]),
            boxed("Datum / Date / Date", [678.0, 253.0, 807.0, 265.0]),
            boxed("08.08.2025", [678.0, 282.0, 813.0, 302.0]),
        ],
    };
    let r = extract(&back, TODAY);
    assert_fields(
        &r,
        &[
            (FieldName::Address, "39239 DÜSSELDORF HEIDESTRASSE 19"),
            (FieldName::HeightCm, "176"),
            (FieldName::IssuingAuthority, "STADT DÜSSELDORF"),
            (FieldName::IssueDate, "2025-08-08"),
        ],
    );
}

#[test]
fn bare_number_only_at_the_top_and_only_without_a_labelled_one() {
    // Plain lines: the top third of the page.
    let r = read("PERSONALAUSWEIS\nK9Z0FJY74\nName: SCHULZ\nVorname: ANNA\nGeburtsort: KÖLN");
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("K9Z0FJY74"));
    let r = read(
        "PERSONALAUSWEIS\nName: SCHULZ\nVorname: ANNA\nGeburtsort: KÖLN\nGültig bis: 31.10.2034\nK9Z0FJY74",
    );
    assert_eq!(get(&r, FieldName::DocumentNumber), None);
    let r =
        read("PERSONALAUSWEIS\nL01X00T47\nAusweisnummer: T22000129\nName: SCHULZ\nVorname: ANNA");
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("T22000129"));
    // Not on other documents, and never a date or a word.
    let r = read("PASSPORT\nK9Z0FJY74\nSurname: SMITH\nGiven names: JOHN\nSex: M");
    assert_eq!(get(&r, FieldName::DocumentNumber), None);
    let r = read("PERSONALAUSWEIS\n23OCT2034\nMUSTERMANN\nName: SCHULZ\nVorname: ANNA\nX");
    assert_eq!(get(&r, FieldName::DocumentNumber), None);
}

#[test]
fn spanish_card_labels() {
    let r = read(
        "ESPAÑA\nDOCUMENTO NACIONAL DE IDENTIDAD\nDNI 47417539A\nAPELLIDOS / SURNAME\nVAZQUEZ MUÑOZ\nNÚM. SOPORTE / SUPPORT No.\nYZF822715",
    );
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_eq!(r.country.as_deref(), Some("ESP"));
    assert_fields(
        &r,
        &[
            (FieldName::PersonalNumber, "47417539A"),
            (FieldName::Surname, "VAZQUEZ MUÑOZ"),
            (FieldName::DocumentNumber, "YZF822715"),
        ],
    );
}

#[test]
fn a_header_of_another_country_turns_off_italian_number_shapes() {
    let r = read(
        "RÉPUBLIQUE FRANÇAISE\nCARTE NATIONALE D'IDENTITÉ\nAB1234567\nNOM / Surname\nMARTIN\nSEXE / Sex\nF\nNATIONALITÉ / Nationality\nFRA",
    );
    assert_eq!(r.country.as_deref(), Some("FRA"));
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("AB1234567"));
    assert!(r.fields[&FieldName::DocumentNumber].confidence < 0.75 * 0.95);
    let r = read("REPUBBLICA ITALIANA\nCARTA D'IDENTITÀ\nCOGNOME / SURNAME\nROSSI\nCA00000AA");
    assert_eq!(r.country.as_deref(), Some("ITA"));
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("CA00000AA"));
    // An Italian licence whose `REPUBBLICA ITALIANA` was not read: its title is Italy's
    // alone, read with a letter lost.
    let text = "PATENTE DI GUDA\neLCAa\n1. ESPOSITO\n2. ZOE\n5. UIVIASYVMO";
    let r = read(text);
    assert_eq!(r.document_type, DocumentType::DrivingLicence);
    assert_eq!(r.country.as_deref(), Some("ITA"));
    // The number then takes the Italian licence card's shape (`U1`, seven, a letter).
    let opts = crate::ParseOptions {
        today: TODAY,
        repair: true,
    };
    let scanned = crate::parse_text(text.as_bytes(), &opts).unwrap();
    let number = &scanned.fields[&FieldName::DocumentNumber];
    assert_eq!(number.value, "U1VIASYVMO");
    assert!(number.checks.contains(&docnum::FORMAT_IT_LICENCE));
    // A country name lower down (a birth place) is no header.
    let r =
        read("CARTA D'IDENTITÀ\nCOGNOME\nROSSI\nNOME\nMARIO\nLUOGO DI NASCITA\nROMANIA\nSESSO\nM");
    assert_eq!(r.country, None);
}

#[test]
fn multi_line_values_without_boxes() {
    let r = read(
        "ADRESSE / Address\n73 RUE DE LA PAIX\n35583 MARSEILLE\nDATE DE DÉLIVRANCE / Date of issue\n12 10 2021",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Address, "73 RUE DE LA PAIX 35583 MARSEILLE"),
            (FieldName::IssueDate, "2021-10-12"),
        ],
    );
    // What is left of the label's translation beside it is no address (`ADeEsSE+Adp`).
    let r = read("ADeEsSE+Adp\n65 AVENUE VICTOR HUGO\n60692 PARIS\nDRE DE DELNAANCE/Date");
    assert_eq!(
        get(&r, FieldName::Address),
        Some("65 AVENUE VICTOR HUGO 60692 PARIS")
    );
    // Its postcode glued to its place (seed 139 #46), shaped like a number but no number.
    let r = read("ADRESSE\n121 RUE DE LA PAIX\n88098PARIS\n");
    assert_eq!(
        get(&r, FieldName::Address),
        Some("121 RUE DE LA PAIX 88098 PARIS")
    );
    // A name does not continue into a number or a date; an address stops at a bare number.
    let r = read("NOME / NAME\nMARIO\nCA00000AA\nCOGNOME / SURNAME\nROSSI\n14.05.2033");
    assert_eq!(get(&r, FieldName::GivenNames), Some("MARIO"));
    assert_eq!(get(&r, FieldName::Surname), Some("ROSSI"));
    let r = read(
        "DOMICILIO / ADDRESS\nC. ALCALÁ 60\nBARCELONA\nHIJO/A DE / SON/DAUGHTER OF\nJUAN / MARÍA",
    );
    assert_fields(&r, &[(FieldName::Address, "C. ALCALÁ 60 BARCELONA")]);
    // A place of issue (no field of its own) ends the birth place above it, even after a
    // part in a script the labels do not know.
    let r = read("PLACE OF BIRTH\nTAIWAN\n出生地/ Place of issue DOMINICAN REPUBLIC");
    assert_fields(&r, &[(FieldName::BirthPlace, "TAIWAN")]);
}

#[test]
fn multi_line_values_stop_at_a_gap_or_another_column() {
    let page = OcrPage {
        lines: vec![
            boxed("DOMICILIO / ADDRESS", [47.0, 124.0, 205.0, 136.0]),
            boxed("C. ALCALÁ 60 P05 D", [47.0, 148.0, 302.0, 172.0]),
            boxed("BARCELONA", [48.0, 192.0, 214.0, 211.0]),
            // Indented like another column, then far below: not the address.
            boxed("MADRID", [150.0, 230.0, 260.0, 250.0]),
            boxed("ANTONIO / ISABEL", [47.0, 338.0, 284.0, 359.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_fields(&r, &[(FieldName::Address, "C. ALCALÁ 60 P05 D BARCELONA")]);
    let page = OcrPage {
        lines: vec![
            boxed("DOMICILIO / ADDRESS", [47.0, 124.0, 205.0, 136.0]),
            boxed("C. ALCALÁ 60 P05 D", [47.0, 148.0, 302.0, 172.0]),
            boxed("ANTONIO / ISABEL", [47.0, 230.0, 284.0, 250.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_fields(&r, &[(FieldName::Address, "C. ALCALÁ 60 P05 D")]);
}

#[test]
fn labels_split_over_two_boxes_are_joined() {
    let page = OcrPage {
        lines: vec![
            boxed("SESSO /", [300.0, 200.0, 360.0, 215.0]),
            boxed("SEX", [370.0, 200.0, 400.0, 215.0]),
            boxed("STATURA / HEIGHT", [500.0, 200.0, 650.0, 215.0]),
            boxed("F", [300.0, 220.0, 315.0, 240.0]),
            boxed("1,68", [500.0, 220.0, 550.0, 240.0]),
            boxed("Data di", [300.0, 260.0, 360.0, 275.0]),
            boxed("nascita", [366.0, 260.0, 430.0, 275.0]),
            boxed("14.05.1987", [300.0, 280.0, 420.0, 300.0]),
            // Three pieces, out of reading order.
            boxed("PLACE AND DATE OF BIRTH", [520.0, 320.0, 700.0, 335.0]),
            boxed("LUOGO E DATA", [300.0, 320.0, 400.0, 335.0]),
            boxed("DI NASCITA /", [410.0, 320.0, 505.0, 335.0]),
            boxed("ROMA (RM) 14.05.1987", [300.0, 340.0, 500.0, 360.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_fields(
        &r,
        &[
            (FieldName::Sex, "F"),
            (FieldName::HeightCm, "168"),
            (FieldName::BirthDate, "1987-05-14"),
            (FieldName::BirthPlace, "ROMA (RM)"),
        ],
    );
}

#[test]
fn a_coded_value_after_a_label_is_not_joined_to_it() {
    // A tilted CIE front (boxes as read): the height label, damaged after its slash, ends
    // where the nationality's value `ITA` starts on the value row, which tilt brings level
    // with it. A height or a country code is never the rest of a label; `ITA` stays a value.
    let page = OcrPage {
        lines: vec![
            boxed("STATURA/ HET", [788.0, 896.0, 909.0, 932.0]),
            boxed("CITTAA2A 6470L/TY", [932.0, 871.0, 1108.0, 918.0]),
            boxed("160", [797.0, 928.0, 847.0, 958.0]),
            boxed("ITA", [940.0, 915.0, 982.0, 941.0]),
        ],
    };
    let (joined, _) = join_split_labels(&page.lines);
    assert_eq!(joined.len(), 4, "{joined:?}");
    let r = extract(&page, TODAY);
    assert_fields(
        &r,
        &[
            (FieldName::HeightCm, "160"),
            (FieldName::Nationality, "ITA"),
        ],
    );
}

#[test]
fn value_beside_its_label_in_another_box() {
    // A two-column form: each label's value is on its row, the next label below it.
    let page = OcrPage {
        lines: vec![
            boxed("Cognome:", [20.0, 100.0, 110.0, 115.0]),
            boxed("ROSSI", [125.0, 99.0, 200.0, 116.0]),
            boxed("Nome", [20.0, 130.0, 70.0, 145.0]),
            boxed("MARIO", [125.0, 129.0, 200.0, 146.0]),
            boxed("Luogo di nascita", [20.0, 160.0, 118.0, 175.0]),
            boxed("ROMA", [125.0, 159.0, 190.0, 176.0]),
            // A value line under the last label's box, part of something else.
            boxed("BIANCHI MARIA", [20.0, 190.0, 130.0, 205.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "ROSSI"),
            (FieldName::GivenNames, "MARIO"),
            (FieldName::BirthPlace, "ROMA"),
        ],
    );
}

#[test]
fn a_value_under_another_label_is_not_beside_this_one() {
    // Boxes of a Luxembourg data page: the country code's value sits level with the surname
    // label, just right of it, but under its own label.
    let page = OcrPage {
        lines: vec![
            boxed("Country code", [775.0, 319.0, 900.0, 358.0]),
            boxed("LUX", [775.0, 339.0, 844.0, 377.0]),
            boxed("1. Numm/Nom/Surname", [581.0, 342.0, 795.0, 391.0]),
            boxed("MAUS", [598.0, 367.0, 680.0, 405.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_fields(
        &r,
        &[
            (FieldName::IssuingCountry, "LUX"),
            (FieldName::Surname, "MAUS"),
        ],
    );
}

#[test]
fn a_sex_marker_below_its_label_beats_another_value_beside_it() {
    // A hard CIE front: the height column's value is level with the sex label.
    let page = OcrPage {
        lines: vec![
            boxed("srs50/SEx", [497.0, 812.0, 590.0, 848.0]),
            boxed("SIA7U84", [632.0, 833.0, 696.0, 862.0]),
            boxed("M", [493.0, 840.0, 526.0, 869.0]),
        ],
    };
    assert_eq!(get(&extract(&page, TODAY), FieldName::Sex), Some("M"));
}

#[test]
fn the_rest_of_a_split_authority_label_gives_way_to_the_office_below() {
    // An Italian passport as the real recogniser read it (seed 97 #68): the label's French
    // part, `Autorité (8)`, in a box of its own beside the rest.
    let lines = |beside: &str| {
        vec![
            read_as("REPUBBLICA ITALIANA", [503.0, 383.0, 761.0, 432.0], 0.98),
            read_as(
                "PASSAPORTO PASSPORT PASSEPORT",
                [925.0, 410.0, 1347.0, 470.0],
                0.99,
            ),
            read_as("Atorta/Authornty", [1091.0, 824.0, 1162.0, 843.0], 0.74),
            read_as(beside, [1156.0, 828.0, 1212.0, 850.0], 0.55),
            read_as("16 APR/APR 2023", [754.0, 825.0, 934.0, 863.0], 0.97),
            read_as(
                "MINISTRO AFFARI ESTERI",
                [1086.0, 842.0, 1344.0, 885.0],
                0.99,
            ),
        ]
    };
    let r = read_lines(lines("yYlAutocné ()"));
    assert_eq!(
        get(&r, FieldName::IssuingAuthority),
        Some("MINISTRO AFFARI ESTERI")
    );
    // An office beside the label stays the value.
    let r = read_lines(lines("QUESTURA DI ROMA"));
    assert_eq!(
        get(&r, FieldName::IssuingAuthority),
        Some("QUESTURA DI ROMA")
    );
}

#[test]
fn value_slightly_shifted_from_a_short_label() {
    let page = OcrPage {
        lines: vec![
            boxed("SEX", [840.0, 293.0, 870.0, 305.0]),
            boxed("M", [874.0, 319.0, 890.0, 336.0]),
        ],
    };
    let r = extract(&page, TODAY);
    assert_fields(&r, &[(FieldName::Sex, "M")]);
}

#[test]
fn bilingual_label_with_a_damaged_first_part() {
    let r = read(
        "Luogo dinsita/Place of bith/Llieu de naissance (6)\nCANTÙ (CO)\n\
         Data di nlascio/Date ofissue/Date de délivrance (7)\n06 MAR/MAR 2025",
    );
    assert_fields(
        &r,
        &[
            (FieldName::BirthPlace, "CANTÙ (CO)"),
            (FieldName::IssueDate, "2025-03-06"),
        ],
    );
    // OCR reads letters of the damaged part as digits (`SESSO` → `srs50`); a value with a
    // slash and more digits than letters stays a value.
    assert_fields(&read("srs50/SEx\nM"), &[(FieldName::Sex, "M")]);
    assert!(segments("12/05 SEX").is_empty());
}

#[test]
fn one_label_in_two_languages_without_a_slash() {
    let r = read("LIEU DE NAISSANCE Placa of birth\nMARSEILLE (13)");
    assert_fields(&r, &[(FieldName::BirthPlace, "MARSEILLE (13)")]);
}

#[test]
fn a_given_names_label_and_its_translation_without_a_slash() {
    // A Spanish card's `NOMBRE / NAME` read without its slash, then damaged too (seed 53 #100).
    for label in ["NOMBRE NAME", "NOMSRE NAME"] {
        let r = read(&format!(
            "APELLIDOS / SURNAME\nDOMINGUEZ MARTINEZ\n{label}\nJOAQUIN\n"
        ));
        assert_fields(
            &r,
            &[
                (FieldName::Surname, "DOMINGUEZ MARTINEZ"),
                (FieldName::GivenNames, "JOAQUIN"),
            ],
        );
    }
    // Labels of two fields side by side stay two, `NAME` after a surname label too.
    assert_eq!(segments("SEXO NACIONALIDAD").len(), 2);
    assert_eq!(segments("SURNAME NAME").len(), 2);
}

#[test]
fn a_slash_read_as_a_letter_between_translations_of_one_label() {
    let r = read(
        "BUNDESREPUBLIK DEUTSCHLAND\nName I Surname / Nom\nSCHNEIDER\n\
         Vornamen l Given names / Prénoms\nSABINE\n",
    );
    assert_fields(
        &r,
        &[
            (FieldName::Surname, "SCHNEIDER"),
            (FieldName::GivenNames, "SABINE"),
        ],
    );
    // A lone letter before another field's label is no slash: two labels stay two.
    assert_eq!(segments("Sesso I Cittadinanza ITA").len(), 2);
    // Glued on both sides (seed 59 #82 of the synthetic corpus); a word that only starts
    // like a label (`NOMINATIVO`) is none.
    let r = read(
        "LUGAR DE NACIMIENTOIPLACE OF BRTH
VALENCIA
",
    );
    assert_fields(&r, &[(FieldName::BirthPlace, "VALENCIA")]);
    assert_eq!(segments("SEXOINACIONALIDAD").len(), 0);
    // The translation's first letter read as its look-alike digit too (seed 139 #100).
    let r = read("SEX015EX\nM\n");
    assert_fields(&r, &[(FieldName::Sex, "M")]);
}

#[test]
fn damaged_middle_part_of_a_trilingual_label() {
    let r = read("Geburtstag / Date f bith/Date de naissance\n23.10.1964");
    assert_fields(&r, &[(FieldName::BirthDate, "1964-10-23")]);
}

#[test]
fn an_issuing_authority_under_an_unreadable_label_is_read_by_its_shape() {
    // The label `Autorità/Authority/Autorité (10)` damaged beyond recognition.
    let r =
        read("REPUBBLICA ITALIANA\nPASSAPORTO\nAnritl/AuhotylAktorst ()\nMINISTRO AFFARI ESTERI\n");
    assert_eq!(
        get(&r, FieldName::IssuingAuthority),
        Some("MINISTRO AFFARI ESTERI")
    );
    let r = read("ROMANIA\nCARTE DE IDENTITATE\nEmisa de\nSPCLEP Iasi\n");
    assert_eq!(get(&r, FieldName::IssuingAuthority), Some("SPCLEP Iași"));
    // `Delivrée` is one error from `DELIVRE LE` (issue date), no translation of `Emisa de`:
    // the slash before `Issued by` read `A`, the whole line is the label (seed 83 #53).
    let r = read("ROMÂNIA\nEmisa de/Delivrée parAssued by\nSPCLEP Timişoara\n");
    assert_eq!(
        get(&r, FieldName::IssuingAuthority),
        Some("SPCLEP Timișoara")
    );
    // A ministry named in the header is the page's title, not its authority; a word alone is
    // no name.
    let r = read("MINISTERO DELL'INTERNO\nCARTA DI IDENTITÀ\nQUESTURA\n");
    assert_eq!(get(&r, FieldName::IssuingAuthority), None);
}

#[test]
fn unlabelled_values_read_by_their_shape() {
    // Labels unreadable (a dark, blurred photo): an Italian place with its province and a
    // date is the birth place and date, the official spelling restored from the Belfiore
    // table; a validity range gives the issue and expiry dates.
    let r =
        read("REPUBBLICA ITALIANA\nCARTA DI IDENTITA\nC6m 0CAT\nNARDÓ (LE)26.04.2005\nR0Oi.o44");
    assert_eq!(get(&r, FieldName::BirthPlace), Some("NARDÒ (LE)"));
    assert_eq!(get(&r, FieldName::BirthDate), Some("2005-04-26"));
    let r = read("ROMANIA\nCARTE DE IDENTITATE\npnd 20Demdee pse\n26.11.17-26.11.2027");
    assert_eq!(get(&r, FieldName::IssueDate), Some("2017-11-26"));
    assert_eq!(get(&r, FieldName::ExpiryDate), Some("2027-11-26"));
    // The closing parenthesis read as a brace.
    let r = read("REPUBBLICA ITALIANA\nCARTA DI IDENTITA\nCATANIA (CT}02.01.2001");
    assert_eq!(get(&r, FieldName::BirthPlace), Some("CATANIA (CT)"));
    assert_eq!(get(&r, FieldName::BirthDate), Some("2001-01-02"));
    // Outside Italian documents a parenthesised code is not a province.
    let r = read("ROMANIA\nCARTE DE IDENTITATE\nBARI (BA)");
    assert_eq!(get(&r, FieldName::BirthPlace), None);
    // A German identity card front whose labels were lost: the nationality word alone.
    let r = read(
        "BUNDESREPUBLIK DEUTSCHLAND\nPERSONALAUSWEIS\nJVXCFGMJG\nHOFFMANN\nJORDIS\n24.03.1951\nDEUTSCH\nKOLN\n02.03.2032",
    );
    assert_eq!(get(&r, FieldName::Nationality), Some("DEU"));
    // A passport data page whose labels were all lost: the future date is the expiry, the one
    // long past the birth date, the one left between them the issue date.
    let page = "PASSAPORTO\n24 GENJAN 1957\nM\n14 0T710CT 2024\n14OTTI0GT 2034";
    let r = read(page);
    assert_eq!(get(&r, FieldName::ExpiryDate), Some("2034-10-14"));
    assert_eq!(get(&r, FieldName::BirthDate), Some("1957-01-24"));
    assert_eq!(get(&r, FieldName::IssueDate), Some("2024-10-14"));
    // Not when two dates could be the issue date, nor one more than the longest validity
    // before the expiry.
    let r = read("PASSAPORTO\n24 GENJAN 1957\n14.10.2024\n01.01.2025\n14.10.2034");
    assert_eq!(get(&r, FieldName::IssueDate), None);
    let r = read("PASSAPORTO\n24 GENJAN 1957\n14.10.2018\n14.10.2034");
    assert_eq!(get(&r, FieldName::IssueDate), None);
}

/// A line as OCR returned it, with its confidence.
fn read_as(text: &str, b: [f32; 4], confidence: f32) -> OcrLine {
    OcrLine {
        confidence: Some(confidence),
        ..boxed(text, b)
    }
}

#[test]
fn a_short_label_read_unsure_is_no_name() {
    // Seed 157 #12, a CIE front photographed hard: the given names' label `NOME / NAME` read
    // `MOME` alone, unsure, between the surname and the given names of the name column.
    let lines = |label: f32| {
        vec![
            read_as("CE18024FX", [1261.0, 177.0, 1446.0, 229.0], 1.0),
            read_as("REPUBBLICA ITALIANA", [687.0, 227.0, 920.0, 279.0], 0.98),
            read_as("poauNE OMunatnAUTY", [929.0, 289.0, 1099.0, 329.0], 0.49),
            read_as("SANT'ANTIMO", [925.0, 316.0, 1090.0, 359.0], 0.98),
            read_as("SURNRR4", [1000.0, 359.0, 1061.0, 382.0], 0.49),
            read_as("D'ANGELO", [922.0, 381.0, 1047.0, 421.0], 0.97),
            read_as("MOME", [920.0, 427.0, 976.0, 453.0], label),
            read_as("ALESSIA", [918.0, 447.0, 1023.0, 485.0], 0.99),
            read_as(
                "BOLOGNA (BO) 04.04.1972",
                [914.0, 500.0, 1242.0, 550.0],
                0.94,
            ),
        ]
    };
    let names = |label: f32| {
        let r = read_lines(lines(label));
        [
            FieldName::Surname,
            FieldName::GivenNames,
            FieldName::Municipality,
        ]
        .map(|name| get(&r, name).map(str::to_owned))
    };
    assert_eq!(
        names(0.65),
        [
            Some("D'ANGELO".to_owned()),
            Some("ALESSIA".to_owned()),
            Some("SANT'ANTIMO".to_owned())
        ]
    );
    // Read sure, the same word is a name of the column.
    assert_eq!(names(0.95)[0].as_deref(), Some("MOME"));
}

#[test]
fn a_damaged_signature_label_is_no_value() {
    // The Australian specimen passport photographed at about 20°: the birth place's box reaches
    // up into its label's, and the next line of the column is the signature's label, cut off.
    let r = read_lines(vec![
        read_as(
            "Place of bith / Lieu de n",
            [979.0, 302.0, 1127.0, 376.0],
            0.9,
        ),
        read_as("CANBERRA", [979.0, 311.0, 1163.0, 409.0], 1.0),
        read_as("Holder's signatu", [979.0, 373.0, 1080.0, 429.0], 0.97),
    ]);
    assert_ne!(get(&r, FieldName::BirthPlace), Some("Holder's signatu"));
    assert!(labels::holds_damaged_ignored_label("Holder's signatu"));
    assert!(!labels::holds_damaged_ignored_label("PASSPORT OFFICE"));
}

#[test]
fn a_speck_beside_a_label_is_no_value() {
    // Seed 157 #64, a French card photographed hard: a speck beside the surname's damaged
    // label read `AA` with confidence 0.22; the surname is the line under the label.
    let lines = |speck: f32| {
        vec![
            read_as("RÉPUBLIQUE FRANÇAISE", [312.0, 402.0, 618.0, 439.0], 0.98),
            read_as("NOM/SUs", [562.0, 490.0, 638.0, 513.0], 0.54),
            read_as("AA", [630.0, 499.0, 646.0, 509.0], speck),
            read_as("MOREAU", [554.0, 512.0, 674.0, 546.0], 1.0),
        ]
    };
    let surname = |speck: f32| {
        let r = read_lines(lines(speck));
        get(&r, FieldName::Surname).map(str::to_owned)
    };
    assert_eq!(surname(0.22).as_deref(), Some("MOREAU"));
    // Read with more confidence, a line beside its label is its value.
    assert_eq!(surname(0.5).as_deref(), Some("AA"));
}

#[test]
fn cie_front_column_without_readable_labels() {
    // The OCR of a dark, blurred photo of a CIE front: the small labels are noise, the values
    // are read well.
    let lines = vec![
        read_as("CX00151WS", [1019.0, 158.0, 1201.0, 224.0], 0.88),
        read_as("REPUBBLICA ITALIANA", [464.0, 229.0, 705.0, 295.0], 0.97),
        read_as(
            "CARTA DI IDENTITA/IDENTITY CARD",
            [733.0, 211.0, 1073.0, 295.0],
            0.92,
        ),
        read_as("MNSTERO DESLNTIANG", [472.0, 279.0, 647.0, 328.0], 0.7),
        read_as("C6m 0CAT", [721.0, 290.0, 892.0, 340.0], 0.36),
        read_as("BARI", [727.0, 335.0, 788.0, 366.0], 0.98),
        read_as("O0NO", [733.0, 373.0, 793.0, 401.0], 0.37),
        read_as("SANTORO", [732.0, 387.0, 852.0, 437.0], 1.0),
        read_as("cNEI", [748.0, 444.0, 786.0, 461.0], 0.39),
        read_as("NICOLÓ", [739.0, 456.0, 835.0, 501.0], 0.92),
        read_as("R0Oi.o44", [747.0, 495.0, 862.0, 533.0], 0.41),
        read_as("BARI (BA)26.04.2005", [746.0, 501.0, 996.0, 569.0], 0.94),
        read_as("ITA", [1027.0, 566.0, 1067.0, 595.0], 0.95),
        read_as("188", [876.0, 582.0, 926.0, 615.0], 1.0),
        read_as("26.04.2035", [998.0, 618.0, 1138.0, 671.0], 0.93),
        read_as("02.12.2025", [764.0, 648.0, 900.0, 699.0], 0.99),
    ];
    let r = extract(
        &OcrPage {
            lines: lines.clone(),
        },
        TODAY,
    );
    assert_eq!(get(&r, FieldName::BirthPlace), Some("BARI (BA)"));
    assert_eq!(get(&r, FieldName::BirthDate), Some("2005-04-26"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("NICOLÓ"));
    assert_eq!(get(&r, FieldName::Surname), Some("SANTORO"));
    assert_eq!(get(&r, FieldName::Municipality), Some("BARI"));
    // The height alone under its unreadable label, and the nationality beside it in its row.
    assert_eq!(get(&r, FieldName::HeightCm), Some("188"));
    assert_eq!(get(&r, FieldName::Nationality), Some("ITA"));
    // A surname read under its label that the column contradicts: nothing is guessed.
    let mut labelled = lines;
    labelled.push(read_as("Cognome: ROSSI", [100.0, 900.0, 300.0, 930.0], 0.9));
    let r = extract(&OcrPage { lines: labelled }, TODAY);
    assert_eq!(get(&r, FieldName::Surname), Some("ROSSI"));
    assert_eq!(get(&r, FieldName::GivenNames), None);
    assert_eq!(get(&r, FieldName::Municipality), None);
}

#[test]
fn nome_read_as_the_french_nom_before_name_names_no_surname() {
    // A CIE front as the real recogniser read it (seed 53 #60 of the synthetic corpus):
    // `NOME / NAME` read `NOM / NAME`.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [218.0, 227.0, 508.0, 281.0], 1.0),
        read_as("CU19671SI", [913.0, 278.0, 1101.0, 331.0], 0.93),
        read_as(
            "CARTA DI IDENTITÀ /IDENTITY CARD",
            [544.0, 292.0, 944.0, 355.0],
            0.98,
        ),
        read_as(
            "COMUNE DI/ MUNICIPALITY",
            [521.0, 344.0, 724.0, 386.0],
            0.96,
        ),
        read_as("PADOVA", [522.0, 374.0, 638.0, 416.0], 1.0),
        read_as("COGNOME / SURNAMÉ", [521.0, 415.0, 688.0, 456.0], 0.94),
        read_as("NICOLÓ", [520.0, 444.0, 630.0, 486.0], 0.99),
        read_as("NOM / NAME", [520.0, 485.0, 629.0, 521.0], 0.97),
        read_as("MARIA GRAZIA", [520.0, 515.0, 718.0, 562.0], 1.0),
        read_as(
            "LUOGO E DATA DI NASCITA / PLACE AND DATE OF BIRTH",
            [519.0, 553.0, 911.0, 611.0],
            0.95,
        ),
        read_as("CANTÙ (CO) 18.06.1982", [521.0, 584.0, 831.0, 638.0], 0.96),
    ]);
    assert_eq!(get(&r, FieldName::Surname), Some("NICOLÓ"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("MARIA GRAZIA"));
    assert_eq!(get(&r, FieldName::Municipality), Some("PADOVA"));
    // `NOM / Surname` is the French label of the surname.
    assert_fields(
        &read("NOM / Surname\nMARTIN\n"),
        &[(FieldName::Surname, "MARTIN")],
    );
}

#[test]
fn a_label_row_split_into_boxes_does_not_end_the_name_column() {
    // A CIE front as the real recogniser read it (seed 53 #48 of the synthetic corpus): the
    // birth line's label split into three boxes, the first read `O00EGATAD`.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [711.0, 610.0, 956.0, 651.0], 0.98),
        read_as("CT70908KU", [1281.0, 633.0, 1439.0, 672.0], 0.87),
        read_as(
            "CARTA DI iDENTITA/IDENTITY CARD",
            [989.0, 656.0, 1318.0, 695.0],
            0.89,
        ),
        read_as("CaNE DTMa", [978.0, 699.0, 1081.0, 729.0], 0.47),
        read_as("FIRENZE", [977.0, 722.0, 1080.0, 761.0], 0.97),
        read_as("OONME s0", [982.0, 764.0, 1075.0, 786.0], 0.42),
        read_as("COLOMBO", [982.0, 783.0, 1101.0, 822.0], 0.94),
        read_as("Ul hAE", [985.0, 825.0, 1076.0, 852.0], 0.33),
        read_as("SARA", [987.0, 845.0, 1059.0, 882.0], 1.0),
        read_as("O00EGATAD", [997.0, 890.0, 1106.0, 909.0], 0.61),
        read_as("SOSTA", [1116.0, 893.0, 1161.0, 907.0], 0.71),
        read_as("RAEAODȘTEO", [1156.0, 890.0, 1288.0, 913.0], 0.55),
        read_as(
            "SANT ANTIMO (NA) 03.11.1958",
            [994.0, 913.0, 1337.0, 947.0],
            0.95,
        ),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("SARA"));
    assert_eq!(get(&r, FieldName::Surname), Some("COLOMBO"));
    assert_eq!(get(&r, FieldName::Municipality), Some("FIRENZE"));
}

#[test]
fn a_damaged_birth_label_is_no_name_in_the_column() {
    // A CIE front as the real recogniser read it (seed 53 #84 of the synthetic corpus): the
    // label under the given names read as noise and `PLACE AND DATE OR BRTH`.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [270.0, 639.0, 466.0, 671.0], 0.97),
        read_as("CG56855PX", [757.0, 627.0, 920.0, 662.0], 0.96),
        read_as("OMie:IATMNuPUy", [483.0, 704.0, 620.0, 732.0], 0.36),
        read_as("NAPOLI", [469.0, 727.0, 551.0, 759.0], 1.0),
        read_as("ESPOSITO", [468.0, 783.0, 574.0, 813.0], 0.99),
        read_as("NARE", [502.0, 821.0, 542.0, 835.0], 0.56),
        read_as("LORENZO", [467.0, 841.0, 566.0, 867.0], 0.99),
        read_as(
            "OOGGE DA S SASCTATPLACE AND DATE OR BRTH",
            [468.0, 873.0, 773.0, 899.0],
            0.7,
        ),
        read_as("NAPOLI (NA) 15.08.1972", [464.0, 897.0, 719.0, 931.0], 0.94),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("LORENZO"));
    assert_eq!(get(&r, FieldName::Surname), Some("ESPOSITO"));
    assert_eq!(get(&r, FieldName::Municipality), Some("NAPOLI"));
    // Four edits in its nineteen letters (`ALACE Aa DATE OF BIRT`, seed 97 #30), with one slash
    // a name may hold: still the label, not a name that stops the column.
    let r = read_lines(vec![
        read_as("CO34973Q0", [1097.0, 398.0, 1287.0, 441.0], 0.91),
        read_as("REPUBBLICA ITALIANA", [541.0, 421.0, 768.0, 462.0], 0.97),
        read_as("COaNE OT MUNCIPAUTY", [776.0, 494.0, 942.0, 523.0], 0.65),
        read_as("CANTÙ", [780.0, 524.0, 859.0, 550.0], 0.89),
        read_as("coCNoE/ SkcsaME", [775.0, 551.0, 915.0, 585.0], 0.46),
        read_as("RINALDI", [776.0, 582.0, 874.0, 612.0], 1.0),
        read_as("ONEINANE", [783.0, 615.0, 864.0, 643.0], 0.57),
        read_as("SARA", [776.0, 642.0, 842.0, 670.0], 0.95),
        read_as(
            "WOOOEATA DNASCTA/ALACE Aa DATE OF BIRT",
            [776.0, 672.0, 1111.0, 701.0],
            0.66,
        ),
        read_as("NARDO (LE)18.08.1957", [776.0, 701.0, 1043.0, 729.0], 0.97),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("SARA"));
    assert_eq!(get(&r, FieldName::Surname), Some("RINALDI"));
    assert_eq!(get(&r, FieldName::Municipality), Some("CANTÙ"));
}

#[test]
fn a_damaged_translation_read_with_digits_is_no_value() {
    // A CIE front as the real recogniser read it (seed 101 #12): the label's English part read
    // with digits for letters, `PLACE AND D4TE 02 bKIH`, is no birth place; the line under
    // the label is.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [473.0, 370.0, 744.0, 426.0], 0.98),
        read_as("CJ059270C", [1130.0, 312.0, 1320.0, 370.0], 0.97),
        read_as("NOME /NAME", [789.0, 561.0, 897.0, 598.0], 0.92),
        read_as("MARIO", [794.0, 588.0, 892.0, 630.0], 1.0),
        read_as(
            "LUOGO E DATA DINASCTA/ PLACE AND D4TE 02 bKIH",
            [799.0, 596.0, 1191.0, 662.0],
            0.74,
        ),
        read_as(
            "NAPOLI (NA) 15.07.2000",
            [804.0, 631.0, 1127.0, 692.0],
            0.95,
        ),
    ]);
    assert_eq!(get(&r, FieldName::BirthPlace), Some("NAPOLI (NA)"));
    assert_eq!(get(&r, FieldName::BirthDate), Some("2000-07-15"));
    // A date after the slash stays the value.
    let r = read("LUOGO E DATA DI NASCITA / NAPOLI (NA) 15.07.2000");
    assert_eq!(get(&r, FieldName::BirthDate), Some("2000-07-15"));
}

#[test]
fn a_garbled_label_in_the_municipality_place_is_passed_over() {
    // A CIE front as the real recogniser read it (seed 103 #66): the surname's label read
    // `COGNCNE SLRNAStE`, two errors from `COGNOME` and three from `SURNAME`.
    let lines = |label: &str, confidence: f32| {
        vec![
            read_as("REPUBBLICA ITALIANA", [455.0, 254.0, 745.0, 339.0], 0.98),
            read_as("CY70778NX", [1126.0, 376.0, 1330.0, 454.0], 1.0),
            read_as("CO4UNE D7", [745.0, 407.0, 853.0, 455.0], 0.67),
            read_as("BOLOGNA", [739.0, 438.0, 879.0, 500.0], 1.0),
            read_as(label, [738.0, 482.0, 901.0, 540.0], confidence),
            read_as("COLOMB0", [733.0, 513.0, 872.0, 573.0], 0.93),
            read_as("BOME(6AME", [728.0, 555.0, 835.0, 602.0], 0.68),
            read_as("MATTEO", [723.0, 585.0, 841.0, 639.0], 1.0),
            read_as("BOLOGNA(BO)31.07.1972", [719.0, 655.0, 1053.0, 749.0], 0.94),
        ]
    };
    let r = read_lines(lines("COGNCNE SLRNAStE", 0.64));
    assert_eq!(get(&r, FieldName::Surname), Some("COLOMBO"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("MATTEO"));
    assert_eq!(get(&r, FieldName::Municipality), Some("BOLOGNA"));
    // A municipality in that place is taken, read unsure or not.
    let r = read_lines(lines("FORLI", 0.64));
    assert_eq!(get(&r, FieldName::Municipality), Some("FORLÌ"));
}

#[test]
fn a_column_line_read_with_a_digit_stops_the_name_column() {
    // The surname's `S` read as `5`: the municipality above it is not the surname.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [279.0, 116.0, 506.0, 167.0], 0.97),
        read_as("CR08863SA", [806.0, 166.0, 959.0, 215.0], 0.99),
        read_as("CATANIA", [508.0, 240.0, 606.0, 279.0], 0.99),
        read_as("D ALES5IO", [503.0, 299.0, 620.0, 339.0], 0.9),
        read_as("fOaE", [544.0, 344.0, 581.0, 361.0], 0.42),
        read_as("LUCA", [502.0, 361.0, 561.0, 389.0], 0.99),
        read_as("NAPOLi (NA) 23.03.1979", [494.0, 416.0, 746.0, 464.0], 0.92),
    ]);
    assert_eq!(get(&r, FieldName::BirthPlace), Some("NAPOLI (NA)"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("LUCA"));
    assert_eq!(get(&r, FieldName::Surname), None);
    assert_eq!(get(&r, FieldName::Municipality), None);
    // The surname's last `I` read as a stroke (seed 41 #12) is that `I`: the column goes on.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [279.0, 116.0, 506.0, 167.0], 0.97),
        read_as("CR08863SA", [806.0, 166.0, 959.0, 215.0], 0.99),
        read_as("CATANIA", [508.0, 240.0, 606.0, 279.0], 0.99),
        read_as("LOMBARD{", [503.0, 299.0, 620.0, 339.0], 0.9),
        read_as("LUCA", [502.0, 361.0, 561.0, 389.0], 0.99),
        read_as("NAPOLi (NA) 23.03.1979", [494.0, 416.0, 746.0, 464.0], 0.92),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("LUCA"));
    assert_eq!(get(&r, FieldName::Surname), Some("LOMBARDI"));
    assert_eq!(get(&r, FieldName::Municipality), Some("CATANIA"));
    // A euro sign read for the given name's `È` (seed 139 #12) is no mark: the column goes on.
    let r = read_lines(vec![
        read_as("REPUBBLICAITALIANA", [577.0, 598.0, 840.0, 645.0], 0.99),
        read_as("CJ48460VO", [1186.0, 561.0, 1347.0, 608.0], 0.92),
        read_as("BARI", [856.0, 686.0, 922.0, 714.0], 0.99),
        read_as("LOMBARDI", [854.0, 730.0, 994.0, 773.0], 0.97),
        read_as("ZO€", [858.0, 791.0, 920.0, 828.0], 0.73),
        read_as(
            "BOLOGNA (BO) 28.04.1997",
            [860.0, 821.0, 1184.0, 885.0],
            0.94,
        ),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("ZO€"));
    assert_eq!(get(&r, FieldName::Surname), Some("LOMBARDI"));
    assert_eq!(get(&r, FieldName::Municipality), Some("BARI"));
    // Another mark stops the column below it.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [279.0, 116.0, 506.0, 167.0], 0.97),
        read_as("CR08863SA", [806.0, 166.0, 959.0, 215.0], 0.99),
        read_as("CATANIA", [508.0, 240.0, 606.0, 279.0], 0.99),
        read_as("LOMBARD%", [503.0, 299.0, 620.0, 339.0], 0.9),
        read_as("LUCA", [502.0, 361.0, 561.0, 389.0], 0.99),
        read_as("NAPOLi (NA) 23.03.1979", [494.0, 416.0, 746.0, 464.0], 0.92),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("LUCA"));
    assert_eq!(get(&r, FieldName::Surname), None);
    // One word with one digit for a letter is that name, and the column goes on (seed 47 #102).
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [509.0, 187.0, 767.0, 253.0], 0.98),
        read_as("CO15683UY", [1105.0, 127.0, 1288.0, 192.0], 0.95),
        read_as("ROMA", [783.0, 301.0, 869.0, 347.0], 1.0),
        read_as("CroNE", [789.0, 346.0, 868.0, 380.0], 0.34),
        read_as("RUSS0", [789.0, 373.0, 883.0, 419.0], 0.8),
        read_as("NOmg oit", [793.0, 417.0, 888.0, 454.0], 0.34),
        read_as("MARIO", [794.0, 446.0, 886.0, 491.0], 1.0),
        read_as(
            "BOLOGNA (BO) 23.06.1956",
            [800.0, 489.0, 1118.0, 563.0],
            0.89,
        ),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("MARIO"));
    assert_eq!(get(&r, FieldName::Surname), Some("RUSSO"));
    assert_eq!(get(&r, FieldName::Municipality), Some("ROMA"));
    // One small letter read for a capital, labels unread (seed 61 #102).
    let r = read_lines(vec![
        read_as("CR15343XP", [1173.0, 215.0, 1363.0, 267.0], 0.99),
        read_as("REPUBBLICA ITALANA", [613.0, 255.0, 834.0, 302.0], 0.95),
        read_as("ROMA", [847.0, 350.0, 922.0, 385.0], 0.99),
        read_as("RICCi", [851.0, 408.0, 919.0, 442.0], 0.9),
        read_as("GIOVANNI", [854.0, 466.0, 970.0, 502.0], 0.99),
        read_as("GENOVA(GE) 21.05.1971", [858.0, 525.0, 1145.0, 561.0], 0.95),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("GIOVANNI"));
    assert_eq!(get(&r, FieldName::Surname), Some("RICCI"));
    assert_eq!(get(&r, FieldName::Municipality), Some("ROMA"));
    // `NOME / NAME` damaged past reading between the surname and the given names: no
    // three-line surname.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [279.0, 116.0, 506.0, 167.0], 0.97),
        read_as("CR08863SA", [806.0, 166.0, 959.0, 215.0], 0.99),
        read_as("COGNOME / SURNAME", [503.0, 270.0, 680.0, 297.0], 0.9),
        read_as("CANTÙ", [503.0, 299.0, 600.0, 339.0], 0.92),
        read_as("NOHME TNANE", [503.0, 333.0, 600.0, 360.0], 0.79),
        read_as("GIULIA", [502.0, 361.0, 591.0, 389.0], 0.99),
        read_as("FORLÌ (FC) 08.09.1964", [494.0, 416.0, 746.0, 464.0], 0.92),
    ]);
    assert_eq!(get(&r, FieldName::Surname), Some("CANTÙ"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("GIULIA"));
}

/// The fields of lines as OCR returned them (hard photos: labels damaged, values read well).
fn read_lines(lines: Vec<OcrLine>) -> VizResult {
    extract(&OcrPage { lines }, TODAY)
}

#[test]
fn a_value_next_in_another_labels_column_is_not_beside_this_one() {
    // A tilted German card back: the eye colour under its label sits level with `Behörde`.
    let r = read_lines(vec![
        read_as(
            "BUNDESREPUBLIK DEUTSCHLAND",
            [206.0, 300.0, 700.0, 340.0],
            0.97,
        ),
        read_as(
            "Augenfarbe / Colour of eyes / Couleur des yeux",
            [584.0, 481.0, 952.0, 549.0],
            0.92,
        ),
        read_as("GRÜN", [580.0, 509.0, 692.0, 564.0], 0.91),
        read_as(
            "Behörde / Authority / Autorité",
            [206.0, 530.0, 437.0, 583.0],
            0.89,
        ),
        read_as(
            "STADT FRANKFURT AM MAIN",
            [206.0, 560.0, 666.0, 648.0],
            0.99,
        ),
    ]);
    assert_eq!(
        get(&r, FieldName::IssuingAuthority),
        Some("STADT FRANKFURT AM MAIN")
    );
}

#[test]
fn a_tilted_row_of_coded_values_keeps_its_sex_marker() {
    // Labels unreadable; the sex marker's small box sits lower than the height's beside it.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [300.0, 200.0, 600.0, 250.0], 0.97),
        read_as("st050/9x", [653.0, 461.0, 744.0, 500.0], 0.56),
        read_as("M", [665.0, 499.0, 691.0, 523.0], 1.0),
        read_as("184", [779.0, 470.0, 836.0, 505.0], 1.0),
        read_as("ITA", [927.0, 447.0, 980.0, 483.0], 1.0),
    ]);
    assert_eq!(get(&r, FieldName::Sex), Some("M"));
    assert_eq!(get(&r, FieldName::HeightCm), Some("184"));
    assert_eq!(get(&r, FieldName::Nationality), Some("ITA"));
    // A Spanish card: the sex label lost, the code beside the marker read under its own label
    // (seed 83 #100).
    let r = read_lines(vec![
        read_as("ESPAÑA", [536.0, 270.0, 656.0, 311.0], 0.98),
        read_as(
            "DOCUMENTO NACIONAL DE IDENTIDAD",
            [542.0, 308.0, 921.0, 345.0],
            0.98,
        ),
        read_as("58>015EX", [858.0, 484.0, 945.0, 510.0], 0.64),
        read_as(
            "NACIONALIDAD / NATIONALITY",
            [1041.0, 469.0, 1236.0, 504.0],
            0.9,
        ),
        read_as("M", [864.0, 516.0, 891.0, 539.0], 1.0),
        read_as("ESP", [1043.0, 501.0, 1103.0, 537.0], 0.99),
    ]);
    assert_eq!(get(&r, FieldName::Nationality), Some("ESP"));
    assert_eq!(get(&r, FieldName::Sex), Some("M"));
    // A CIE front whose marker OCR read unsure (seed 97 #102): taken with the row's height
    // and code beside it, with the confidence it was read with; beside one of them, not.
    let row = |code: &str| {
        read_lines(vec![
            read_as("REPUBBLICA ITALIANA", [345.0, 78.0, 594.0, 112.0], 0.98),
            read_as("58550/5x", [609.0, 384.0, 700.0, 412.0], 0.68),
            read_as("STAEURA/ HEGHT", [733.0, 387.0, 857.0, 414.0], 0.88),
            read_as(
                "CITTADINANZA NATIONALTY",
                [891.0, 388.0, 1084.0, 418.0],
                0.83,
            ),
            read_as("M", [620.0, 418.0, 632.0, 427.0], 0.21),
            read_as("168", [735.0, 411.0, 787.0, 439.0], 1.0),
            read_as(code, [890.0, 410.0, 941.0, 445.0], 1.0),
        ])
    };
    let r = row("ITA");
    assert_eq!(get(&r, FieldName::Sex), Some("M"));
    assert!(r.fields[&FieldName::Sex].confidence < 0.21);
    assert_eq!(get(&r, FieldName::HeightCm), Some("168"));
    let r = row("I7A");
    assert_eq!(get(&r, FieldName::Sex), None);
    // A marker read unsure but drawn as tall as the code beside it, under a sex label read
    // past recognition (a Spanish DNI, seed 107 #100): taken with the code alone; a speck read
    // `F` a quarter as tall is not (seed 29 #64).
    let row = |marker: BBox| {
        read_lines(vec![
            read_as("DNI 37715849N", [961.0, 97.0, 1161.0, 135.0], 0.99),
            read_as("ESPAÑA", [380.0, 80.0, 470.0, 113.0], 1.0),
            read_as("c0/x", [591.0, 289.0, 665.0, 320.0], 0.63),
            read_as("F", marker, 0.41),
            read_as("ESP", [748.0, 328.0, 800.0, 358.0], 0.99),
        ])
    };
    assert_eq!(
        get(&row([592.0, 319.0, 611.0, 342.0]), FieldName::Sex),
        Some("F")
    );
    assert_eq!(
        get(&row([604.0, 330.0, 612.0, 338.0]), FieldName::Sex),
        None
    );
}

#[test]
fn a_card_number_beside_the_municipality_label_is_no_municipality() {
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [149.0, 492.0, 425.0, 568.0], 0.99),
        read_as("CS71487IG", [767.0, 602.0, 922.0, 660.0], 0.98),
        read_as("COMURE DIEMUNICIPALmY", [428.0, 621.0, 611.0, 674.0], 0.82),
        read_as("FORLi", [424.0, 646.0, 510.0, 688.0], 0.88),
    ]);
    assert_eq!(get(&r, FieldName::Municipality), Some("FORLÌ"));
    assert_eq!(values::municipality("CS71487IG"), None);
    // A digit misread for a letter leaves a place.
    assert!(values::municipality("F0RLI").is_some());
}

#[test]
fn an_address_under_an_unreadable_label_is_read_by_its_shape() {
    // French card back: `ADRESSE / Address` read as `AESS`; the street and the postcode line.
    let r = read_lines(vec![
        read_as("AESS", [555.0, 451.0, 616.0, 489.0], 0.57),
        read_as("73 RUE DE LA PAIX", [560.0, 442.0, 798.0, 518.0], 0.92),
        read_as("35583 MARSEILLE", [568.0, 474.0, 797.0, 546.0], 0.99),
        read_as(
            "DATE b DeaRACE Dote st w",
            [585.0, 536.0, 814.0, 606.0],
            0.5,
        ),
        read_as("12102021", [590.0, 573.0, 744.0, 636.0], 0.99),
    ]);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("73 RUE DE LA PAIX 35583 MARSEILLE")
    );
    // German card back, no label read at all: the postcode line above the street; the height
    // below it (`1B9 cm`, a letter for a digit) and the authority are not part of the address.
    let r = read_lines(vec![
        read_as("14837 BERLIN", [556.0, 601.0, 744.0, 648.0], 0.96),
        read_as("GARTENWEG 84", [554.0, 633.0, 772.0, 682.0], 0.96),
        read_as("1B9 cm", [543.0, 699.0, 650.0, 740.0], 0.8),
        read_as("GRUN", [852.0, 723.0, 932.0, 760.0], 0.99),
        read_as("STADT BERLIN", [537.0, 761.0, 740.0, 808.0], 0.97),
        read_as("09.08.2022", [1102.0, 800.0, 1218.0, 838.0], 0.94),
    ]);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("14837 BERLIN GARTENWEG 84")
    );
    assert_eq!(get(&r, FieldName::HeightCm), Some("189"));
    assert_eq!(get(&r, FieldName::IssuingAuthority), Some("STADT BERLIN"));
    // Romanian card photographed tilted, so that the upright boxes of the address's two lines
    // overlap; the birth place above is the first Romanian place.
    let r = read_lines(vec![
        read_as(
            "ROMÂNIA ROUMANIE ROMANIA",
            [291.0, 530.0, 601.0, 599.0],
            0.97,
        ),
        read_as("Româná/ROU", [595.0, 732.0, 735.0, 780.0], 0.94),
        read_as("E", [613.0, 783.0, 628.0, 793.0], 0.12),
        read_as("Jud.IS Mun.laşi", [609.0, 778.0, 750.0, 826.0], 0.89),
        read_as("Jud.CJ Mun.Cluj-Napoca", [619.0, 811.0, 837.0, 874.0], 0.95),
        read_as(
            "Str.Memorandumului nr.124 ap.20",
            [624.0, 822.0, 910.0, 898.0],
            0.97,
        ),
        read_as("EmnA deG", [635.0, 890.0, 695.0, 922.0], 0.39),
        read_as("SPCLEP Cluj-Napoca", [636.0, 887.0, 826.0, 947.0], 0.98),
    ]);
    assert_eq!(get(&r, FieldName::BirthPlace), Some("Jud.IS Mun.Iași"));
    assert_eq!(
        get(&r, FieldName::Address),
        Some("Jud.CJ Mun.Cluj-Napoca Str.Memorandumului nr.124 ap.20")
    );
    // A sentence that names a place is no address.
    let r = read("3. Texte en micro-impression placé à différents endroits de la page");
    assert_eq!(get(&r, FieldName::Address), None);
}

#[test]
fn a_labelled_address_continues_down_a_tilted_column_and_stops_at_a_damaged_label() {
    // The second line's upright box reaches up into the first's.
    let r = read_lines(vec![
        read_as("Domil/Adresse/Address", [490.0, 742.0, 660.0, 785.0], 0.93),
        read_as("Jud.BV Mun.Braşov", [492.0, 763.0, 709.0, 813.0], 0.96),
        read_as(
            "Str.Memorandumului nr.70 ap.37",
            [492.0, 777.0, 838.0, 845.0],
            0.96,
        ),
        read_as(
            "Emisa de/Delivrée par/ssued by",
            [497.0, 829.0, 700.0, 872.0],
            0.83,
        ),
        read_as("SPCLEP BraşoV", [501.0, 854.0, 679.0, 902.0], 0.91),
    ]);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("Jud.BV Mun.Brașov Str.Memorandumului nr.70 ap.37")
    );
    // A value in capitals does not go on into a line in lower case: `Größe / Height` damaged.
    let r = read_lines(vec![
        read_as(
            "Anscthit Address/ Adress",
            [170.0, 514.0, 350.0, 559.0],
            0.76,
        ),
        read_as("39239 DÜSSELDORF", [167.0, 539.0, 438.0, 606.0], 0.99),
        read_as("HEIDESTRASSE 19", [166.0, 579.0, 418.0, 642.0], 0.99),
        read_as("Gr0e egne Tat", [166.0, 628.0, 310.0, 676.0], 0.43),
        read_as("176 cm", [166.0, 659.0, 270.0, 708.0], 1.0),
    ]);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("39239 DÜSSELDORF HEIDESTRASSE 19")
    );
    assert_eq!(get(&r, FieldName::HeightCm), Some("176"));
    // Its label not read at all, the height read with less confidence: with its unit it is one
    // (seed 83 #118), a bare number so read is not.
    let back = |height: &str| {
        read_lines(vec![
            read_as("72223 KOLN", [171.0, 567.0, 312.0, 607.0], 0.95),
            read_as("GARTENWEG 16", [165.0, 596.0, 354.0, 638.0], 0.96),
            read_as(height, [157.0, 667.0, 244.0, 703.0], 0.74),
            read_as("STADT KOLN", [148.0, 724.0, 304.0, 767.0], 0.94),
        ])
    };
    assert_eq!(get(&back("182cm"), FieldName::HeightCm), Some("182"));
    assert_eq!(get(&back("182"), FieldName::HeightCm), None);
}

#[test]
fn a_card_front_with_no_readable_label() {
    // A German identity card front photographed dark and blurred: the title one letter off,
    // the number at the top right, the names above the birth date, the one future date.
    let r = read_lines(vec![
        read_as(
            "BUNDESREP/BLK DEUTSCHLAND",
            [517.0, 519.0, 919.0, 599.0],
            0.96,
        ),
        read_as("D006E DS4E6AS", [827.0, 592.0, 951.0, 625.0], 0.48),
        read_as("PERSONALAV3Y", [515.0, 584.0, 652.0, 624.0], 0.72),
        read_as("YCARD/CARTE DIDENTTE", [755.0, 611.0, 976.0, 662.0], 0.88),
        read_as("Z8M00XPM3", [1144.0, 649.0, 1289.0, 698.0], 0.99),
        read_as("JAGER", [777.0, 682.0, 873.0, 726.0], 0.87),
        read_as("N62", [816.0, 736.0, 839.0, 747.0], 0.34),
        read_as("MONIKA", [769.0, 748.0, 876.0, 793.0], 0.99),
        read_as("15.06.1964", [760.0, 814.0, 890.0, 856.0], 1.0),
        read_as("DEUTSCH", [753.0, 879.0, 878.0, 920.0], 1.0),
        read_as("Paeaf", [822.0, 927.0, 874.0, 947.0], 0.44),
        read_as("FRANKFURT AM MAIN", [747.0, 943.0, 1002.0, 990.0], 0.99),
        read_as("09.01.2033", [736.0, 1004.0, 868.0, 1047.0], 0.99),
    ]);
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("Z8M00XPM3"));
    assert_eq!(get(&r, FieldName::Surname), Some("JAGER"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("MONIKA"));
    assert_eq!(get(&r, FieldName::BirthDate), Some("1964-06-15"));
    assert_eq!(get(&r, FieldName::ExpiryDate), Some("2033-01-09"));
    // A lone past date is no birth date on a document not known to be valid (it may be an
    // old issue date); two future dates leave the expiry open.
    let r = read("CARTA D'IDENTITA\n01.01.2000");
    assert_eq!(get(&r, FieldName::BirthDate), None);
    let r = read("CARTA D'IDENTITA\n01.01.2031\n01.01.2032");
    assert_eq!(get(&r, FieldName::ExpiryDate), None);
    // The slash of a bilingual label lost with its first part: the English part ends the line.
    let r = read("DATE DExeR Expiry date\n01 01 2031\n15 03 2040");
    assert_eq!(get(&r, FieldName::ExpiryDate), Some("2031-01-01"));
}

#[test]
fn sex_height_and_nationality_in_a_row_under_unreadable_labels() {
    // A tilted CIE front: each value's box overlaps the next one's, not the first one's.
    let row = |sex: &str| {
        read_lines(vec![
            read_as("REPUBBLICA ITALIANA", [252.0, 423.0, 532.0, 488.0], 0.98),
            read_as(
                "CARTA DI IDENTITA/IDENTITY CARD",
                [559.0, 499.0, 966.0, 579.0],
                0.94,
            ),
            read_as("SIA7U84", [631.0, 833.0, 696.0, 861.0], 0.65),
            read_as(sex, [493.0, 840.0, 525.0, 869.0], 0.88),
            read_as("185", [622.0, 854.0, 686.0, 895.0], 1.0),
            read_as("ITA", [797.0, 879.0, 852.0, 919.0], 0.99),
            read_as("18.09.2025", [481.0, 897.0, 636.0, 955.0], 0.99),
        ])
    };
    let r = row("M");
    assert_eq!(get(&r, FieldName::Sex), Some("M"));
    assert_eq!(get(&r, FieldName::HeightCm), Some("185"));
    assert_eq!(get(&r, FieldName::Nationality), Some("ITA"));
    // Something else in the row: nothing is read from it but the height.
    let r = row("MX");
    assert_eq!(get(&r, FieldName::Sex), None);
    assert_eq!(get(&r, FieldName::Nationality), Some("ITA"));
    // Hundreds of such values are no document: nothing is read from them (and the rows are not
    // chained, which would take cubic time).
    let many: Vec<OcrLine> = (0..300)
        .flat_map(|i| {
            let y = 100.0 + 40.0 * i as f32;
            [
                read_as("M", [100.0, y, 120.0, y + 30.0], 0.9),
                read_as("176", [200.0, y, 250.0, y + 30.0], 0.9),
            ]
        })
        .collect();
    assert_eq!(get(&read_lines(many), FieldName::Sex), None);
    // A country code alone on its row is no nationality (a name, a code of something else).
    let r = read_lines(vec![read_as("ITA", [797.0, 879.0, 852.0, 919.0], 0.99)]);
    assert_eq!(get(&r, FieldName::Nationality), None);
}

#[test]
fn an_authority_with_a_small_accented_capital_stops_at_the_damaged_label_below() {
    // Passport data page: `QUESTURA DI FORLÌ` read with a small `ì`, then the signature label.
    let r = read_lines(vec![
        read_as("AurRW/Auth", [1007.0, 753.0, 1061.0, 768.0], 0.74),
        read_as("(Autorité (8)", [1074.0, 758.0, 1123.0, 773.0], 0.84),
        read_as("QUESTURA DI FORLì", [1002.0, 770.0, 1210.0, 808.0], 0.96),
        read_as(
            "Fima dl tolareoders soguaersgutze du titie 1o)",
            [1000.0, 804.0, 1252.0, 841.0],
            0.48,
        ),
    ]);
    assert_eq!(
        get(&r, FieldName::IssuingAuthority),
        Some("QUESTURA DI FORLÌ")
    );
}

#[test]
fn a_damaged_label_part_ends_at_its_field_number() {
    // `Sexe` misread: the unknown part stops at `(5)`, so the birth place beside the label is
    // no part of it and stays free for its shape.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [430.0, 321.0, 720.0, 378.0], 0.99),
        read_as("Sesso/Sex/Ssexe (5)", [758.0, 696.0, 864.0, 733.0], 0.77),
        read_as("F", [763.0, 731.0, 789.0, 761.0], 0.79),
        read_as("FIRENZE (FI)", [910.0, 700.0, 1061.0, 747.0], 0.95),
    ]);
    assert_eq!(get(&r, FieldName::Sex), Some("F"));
    assert_eq!(get(&r, FieldName::BirthPlace), Some("FIRENZE (FI)"));
}

#[test]
fn a_height_with_its_unit_is_read_high_on_a_card_back() {
    // German card back: the address and height labels unreadable, the height high on the page.
    let lines = |height: &str| {
        vec![
            read_as("46647 HAMBURG", [380.0, 581.0, 573.0, 623.0], 1.0),
            read_as("GARTENWEG 177", [374.0, 614.0, 576.0, 657.0], 0.99),
            read_as("pkTs", [423.0, 670.0, 485.0, 688.0], 0.33),
            read_as(height, [363.0, 686.0, 451.0, 723.0], 0.99),
            read_as("BRAUN", [627.0, 701.0, 718.0, 737.0], 1.0),
            read_as("STADT HAMBURG", [352.0, 752.0, 555.0, 793.0], 1.0),
            read_as("06.11.2019", [858.0, 776.0, 981.0, 816.0], 1.0),
            read_as(
                "IDD<<C92F8P1820<<<<<<<<<<<<<<<",
                [331.0, 891.0, 1064.0, 971.0],
                0.99,
            ),
            read_as(
                "8604301<2911054D<<<<<<<<<<<<<6",
                [325.0, 936.0, 1056.0, 1013.0],
                1.0,
            ),
            read_as(
                "SCHMIDT<<KATHARINA<<<<<<<<<<<<",
                [318.0, 981.0, 1050.0, 1052.0],
                0.99,
            ),
        ]
    };
    assert_eq!(
        get(&read_lines(lines("154 cm")), FieldName::HeightCm),
        Some("154")
    );
    // Without its unit a number that high may be the document's.
    assert_eq!(get(&read_lines(lines("154")), FieldName::HeightCm), None);
}

#[test]
fn a_licence_marker_in_a_box_of_its_own_takes_the_box_beside_it() {
    // A blurred Italian licence: `2.` and `9.` detected apart from their values.
    let r = read_lines(vec![
        read_as("PATENTE DI GUIDA", [236.0, 393.0, 492.0, 438.0], 1.0),
        read_as("1. DE LUCA", [350.0, 482.0, 475.0, 512.0], 0.95),
        read_as("2.", [356.0, 528.0, 373.0, 541.0], 0.91),
        read_as("GIAN LUCA", [372.0, 513.0, 499.0, 547.0], 0.95),
        read_as("18/12/84 BOLOGNA (BO)", [372.0, 544.0, 628.0, 581.0], 0.97),
        read_as("4b.18/12/2036", [355.0, 618.0, 504.0, 651.0], 1.0),
        read_as("5. U13FXT4BSS", [363.0, 653.0, 520.0, 687.0], 0.87),
        read_as("9.", [357.0, 772.0, 381.0, 789.0], 0.98),
        read_as("B", [370.0, 765.0, 402.0, 796.0], 0.74),
    ]);
    assert_eq!(r.document_type, DocumentType::DrivingLicence);
    assert_eq!(get(&r, FieldName::Surname), Some("DE LUCA"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("GIAN LUCA"));
    assert_eq!(get(&r, FieldName::LicenceCategories), Some("B"));
    // A marker with its value on the same line keeps it; one far from the next box takes none.
    let r = read_lines(vec![
        read_as("PATENTE DI GUIDA", [236.0, 393.0, 492.0, 438.0], 1.0),
        read_as("2.", [356.0, 528.0, 373.0, 541.0], 0.91),
        read_as("GIAN LUCA", [600.0, 513.0, 727.0, 547.0], 0.95),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), None);
}

#[test]
fn a_title_with_a_digit_for_a_letter_names_the_document() {
    // A dark CIE front: `IDENTITY CARD` read with `1` for the `I` and one letter lost; the
    // labels of the names unreadable.
    let r = read_lines(vec![
        read_as("REPUBBLICAITALIANA", [615.0, 323.0, 894.0, 407.0], 0.98),
        read_as("CU7826311", [1278.0, 449.0, 1449.0, 520.0], 0.99),
        read_as("MINISTERO DELLNTERNG", [615.0, 366.0, 826.0, 433.0], 0.92),
        read_as(
            "KPTa ocoENTTAt1DENTTY CARD",
            [928.0, 423.0, 1303.0, 526.0],
            0.7,
        ),
        read_as("BOLOGNA", [898.0, 497.0, 1037.0, 559.0], 0.99),
        read_as("ROMANO", [897.0, 568.0, 1024.0, 626.0], 1.0),
        read_as("NaE bAmt", [899.0, 611.0, 998.0, 656.0], 0.38),
        read_as("PIER PAOLO", [892.0, 639.0, 1053.0, 700.0], 0.98),
        read_as(
            "WOGOE DATA Di NASCTA PLACE AND DATE OF BIRTH",
            [891.0, 678.0, 1271.0, 775.0],
            0.82,
        ),
        read_as(
            "GENOVA (GE) 26.05.1998",
            [892.0, 710.0, 1211.0, 798.0],
            0.96,
        ),
    ]);
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_eq!(get(&r, FieldName::Surname), Some("ROMANO"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("PIER PAOLO"));
}

#[test]
fn a_country_code_alone_below_the_header_is_the_nationality() {
    // Seed 47 #100 of the synthetic corpus: a Spanish card whose row of sex and nationality
    // lost its labels and its sex marker.
    let lines = |code: &str, confidence: f32| {
        vec![
            read_as("ESPAÑA", [338.0, 360.0, 431.0, 400.0], 0.99),
            read_as("DNI 74925380M", [881.0, 422.0, 1062.0, 474.0], 0.92),
            read_as(
                "DOCUMENTO NACIONAL DE IDENTIDAD",
                [335.0, 393.0, 632.0, 454.0],
                0.97,
            ),
            read_as("TORRES GARCÍA", [541.0, 476.0, 721.0, 528.0], 0.98),
            read_as("MARÍA JOSÉ", [534.0, 532.0, 671.0, 579.0], 0.98),
            read_as("AMMOINATKAALITY", [731.0, 594.0, 864.0, 634.0], 0.57),
            read_as("L", [534.0, 597.0, 547.0, 612.0], 0.63),
            read_as(code, [680.0, 611.0, 734.0, 643.0], confidence),
            read_as("07 12 2006", [523.0, 645.0, 638.0, 691.0], 0.96),
        ]
    };
    assert_eq!(
        get(&read_lines(lines("ESP", 0.99)), FieldName::Nationality),
        Some("ESP")
    );
    // Read with less confidence, or no known code: no nationality.
    assert_eq!(
        get(&read_lines(lines("ESP", 0.7)), FieldName::Nationality),
        None
    );
    assert_eq!(
        get(&read_lines(lines("EZP", 0.99)), FieldName::Nationality),
        None
    );
}

/// The lines of a CIE front as the real recogniser read it (seed 67 #30 of the synthetic
/// corpus): every label unreadable, and the birth place too (`P4D0v41P0|` for `PADOVA (PD)`).
fn cie_front_with_unreadable_birth_place() -> Vec<OcrLine> {
    vec![
        read_as("REPUBBLICA ITALIANA", [724.0, 322.0, 966.0, 373.0], 0.99),
        read_as("CL646311X", [1299.0, 375.0, 1454.0, 425.0], 0.95),
        read_as("MNSTERO OFLEINTEANO", [718.0, 354.0, 894.0, 396.0], 0.82),
        read_as(
            "CARTA DI IDENTITA/IDENTITY CARD",
            [984.0, 375.0, 1321.0, 437.0],
            0.94,
        ),
        read_as("une o/nacowMY", [966.0, 415.0, 1129.0, 455.0], 0.36),
        read_as("GENOVA", [954.0, 436.0, 1056.0, 474.0], 1.00),
        read_as("0", [954.0, 476.0, 965.0, 487.0], 0.37),
        read_as("4", [1038.0, 482.0, 1052.0, 492.0], 0.43),
        read_as("RXZ", [1048.0, 482.0, 1072.0, 496.0], 0.39),
        read_as("FONTANA", [939.0, 488.0, 1058.0, 530.0], 0.99),
        read_as("ALESS1A", [928.0, 540.0, 1032.0, 582.0], 0.94),
        read_as("ARTH", [1213.0, 606.0, 1256.0, 626.0], 0.46),
        read_as("P4D0v41P0| 11.06.1954", [915.0, 595.0, 1203.0, 654.0], 0.84),
        read_as("ETANAAZATHATONATY", [1179.0, 655.0, 1362.0, 695.0], 0.62),
        read_as("F", [910.0, 660.0, 922.0, 675.0], 0.99),
        read_as("159", [1023.0, 663.0, 1075.0, 698.0], 1.00),
        read_as("TA", [1175.0, 677.0, 1221.0, 711.0], 0.92),
        read_as("ADN", [1158.0, 718.0, 1176.0, 728.0], 0.59),
        read_as("atrsx", [1170.0, 715.0, 1235.0, 734.0], 0.37),
        read_as("23.03.2023", [890.0, 704.0, 1029.0, 751.0], 0.99),
        read_as("11.06.2033", [1128.0, 727.0, 1266.0, 771.0], 1.00),
    ]
}

#[test]
fn a_cie_birth_line_whose_place_is_unreadable_is_still_the_birth_line() {
    let r = read_lines(cie_front_with_unreadable_birth_place());
    assert_eq!(get(&r, FieldName::BirthDate), Some("1954-06-11"));
    assert_eq!(get(&r, FieldName::BirthPlace), None);
    assert_eq!(get(&r, FieldName::GivenNames), Some("ALESSIA"));
    assert_eq!(get(&r, FieldName::Surname), Some("FONTANA"));
    assert_eq!(get(&r, FieldName::Municipality), Some("GENOVA"));
    // A date after text that is not the page's earliest is no birth (it would be an issue or
    // expiry date with a damaged label beside it): nothing is read from it.
    let mut later = cie_front_with_unreadable_birth_place();
    for line in &mut later {
        line.text = line.text.replace("11.06.1954", "11.06.2024");
    }
    let r = read_lines(later);
    assert_eq!(get(&r, FieldName::BirthDate), None);
    assert_eq!(get(&r, FieldName::Surname), None);
}

#[test]
fn a_cie_front_with_its_title_cut_is_told_by_its_number() {
    // Seed 67 #102 of the synthetic corpus: the title read `CARTA DIIDI`, the number with one
    // look-alike (`C135171AZ` for `CL35171AZ`), the province's closing parenthesis read `1`.
    let r = read_lines(vec![
        read_as("REPUBBLICA ITALIANA", [276.0, 489.0, 576.0, 554.0], 0.98),
        read_as("C135171AZ", [974.0, 427.0, 1165.0, 494.0], 0.92),
        read_as("MNSTERO 0ELL7NTEANo", [284.0, 539.0, 508.0, 594.0], 0.55),
        read_as("CARTA DIIDI", [619.0, 514.0, 761.0, 559.0], 0.92),
        read_as("SD", [864.0, 508.0, 902.0, 525.0], 0.21),
        read_as("Co4MRE 0)AW", [599.0, 565.0, 743.0, 604.0], 0.40),
        read_as("PALERMO", [598.0, 590.0, 737.0, 642.0], 0.99),
        read_as("COIE", [607.0, 638.0, 699.0, 670.0], 0.50),
        read_as("S45AE", [686.0, 630.0, 764.0, 664.0], 0.47),
        read_as("LO BIANCO", [603.0, 652.0, 757.0, 707.0], 0.97),
        read_as("SOMETHAS", [612.0, 699.0, 708.0, 737.0], 0.58),
        read_as("DAVIDE", [610.0, 723.0, 715.0, 769.0], 1.00),
        read_as("3OE5APA", [639.0, 765.0, 719.0, 791.0], 0.62),
        read_as("SD", [720.0, 768.0, 732.0, 777.0], 0.41),
        read_as("RA.", [738.0, 758.0, 779.0, 780.0], 0.52),
        read_as("AASANDD", [800.0, 743.0, 899.0, 772.0], 0.50),
        read_as(
            "L'AQUILA (AQ1 09.10.1954",
            [612.0, 755.0, 943.0, 833.0],
            0.94,
        ),
        read_as("S440/sx", [620.0, 823.0, 715.0, 858.0], 0.45),
        read_as("Te", [771.0, 818.0, 810.0, 832.0], 0.51),
        read_as("M", [626.0, 859.0, 650.0, 880.0], 1.00),
        read_as("172", [751.0, 836.0, 802.0, 866.0], 1.00),
        read_as("ITA", [908.0, 813.0, 956.0, 848.0], 0.99),
        read_as("SRNT25nN", [655.0, 874.0, 757.0, 911.0], 0.46),
        read_as("ATE", [941.0, 852.0, 979.0, 867.0], 0.54),
        read_as("18.12.2021", [624.0, 894.0, 770.0, 947.0], 1.00),
        read_as("09.10.2031", [872.0, 860.0, 1017.0, 916.0], 1.00),
    ]);
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_eq!(get(&r, FieldName::BirthPlace), Some("L'AQUILA (AQ)"));
    assert_eq!(get(&r, FieldName::BirthDate), Some("1954-10-09"));
    assert_eq!(get(&r, FieldName::Surname), Some("LO BIANCO"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("DAVIDE"));
    assert_eq!(get(&r, FieldName::Municipality), Some("PALERMO"));
}

#[test]
fn a_long_title_read_with_three_errors_names_the_document() {
    // Seed 37 #100 of the synthetic corpus: `DOCUMENTO NACIONAL DE IDENTIDAD` three edits off.
    let r = read_lines(vec![
        read_as("DN1 82025815H", [1128.0, 630.0, 1287.0, 670.0], 0.94),
        read_as("ESPAÑA", [639.0, 654.0, 724.0, 689.0], 0.99),
        read_as(
            "DOCUENTO hACIONAL DE IDENTHDAD",
            [640.0, 679.0, 907.0, 715.0],
            0.81,
        ),
        read_as("ANEWCO", [837.0, 723.0, 886.0, 735.0], 0.55),
        read_as("MUÑOZ LÓPEZ", [830.0, 728.0, 976.0, 767.0], 0.90),
        read_as("PABLO", [833.0, 791.0, 903.0, 817.0], 0.98),
        read_as("R", [832.0, 850.0, 852.0, 870.0], 0.12),
        read_as("ESP", [975.0, 845.0, 1019.0, 869.0], 0.99),
        read_as("94", [847.0, 886.0, 873.0, 897.0], 0.43),
        read_as("25 11 1990", [830.0, 899.0, 934.0, 933.0], 0.98),
        read_as("福元", [1087.0, 941.0, 1119.0, 952.0], 0.24),
        read_as("UVH209741", [830.0, 959.0, 941.0, 986.0], 0.93),
        read_as("10 11 2028", [1079.0, 955.0, 1190.0, 985.0], 0.97),
    ]);
    assert_eq!(r.document_type, DocumentType::IdCard);
    assert_eq!(get(&r, FieldName::Surname), Some("MUÑOZ LÓPEZ"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("PABLO"));
    // A short title is not read that loosely.
    assert_eq!(
        read("CARTA DI ID\nROSSI").document_type,
        DocumentType::Unknown
    );
}

#[test]
fn an_address_has_its_place_on_one_side_of_the_street() {
    // A Spanish card's back without labels (seed 67 #82 of the synthetic corpus): the birth
    // place above the street, the municipality and the province below it.
    let r = read_lines(vec![
        read_as("BARCELONA", [508.0, 577.0, 645.0, 617.0], 0.99),
        read_as("C. MAYOR 177 P05A", [497.0, 631.0, 707.0, 678.0], 0.91),
        read_as("VALENCIA", [496.0, 659.0, 607.0, 698.0], 0.99),
        read_as("VALENCIA", [491.0, 688.0, 601.0, 727.0], 0.99),
        read_as("ANTONIO/ISABEL", [478.0, 768.0, 669.0, 816.0], 0.97),
        read_as(
            "IDESPRBU215516822694960D<<<<<<",
            [468.0, 852.0, 1183.0, 953.0],
            1.00,
        ),
        read_as(
            "5507261F3006058ESP<<<<<<<<<<<7",
            [462.0, 893.0, 1179.0, 994.0],
            0.99,
        ),
        read_as(
            "MORENO<PEREZ<<ANA<<<<<<<<<<<<<",
            [454.0, 936.0, 1176.0, 1033.0],
            0.92,
        ),
    ]);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("C. MAYOR 177 P05 A VALENCIA VALENCIA")
    );
    // The place above the street is the birth place: the MRZ names the issuer, Spain.
    assert_eq!(get(&r, FieldName::BirthPlace), Some("BARCELONA"));
    // A German card's back (the specimen's reading): the place above the street, nothing
    // below, its postcode lost.
    let r = read_lines(vec![
        read_as("KOLN", [111.0, 5.0, 139.0, 22.0], 0.84),
        read_as("HEIDESTR,17", [110.0, 18.0, 179.0, 35.0], 0.91),
        read_as("STADT KOLN", [7.0, 52.0, 65.0, 71.0], 0.92),
    ]);
    assert_eq!(get(&r, FieldName::Address), Some("KOLN HEIDESTR,17"));
}

#[test]
fn a_short_label_damaged_past_matching_still_labels_its_value() {
    // A Spanish card's front (seed 67 #100 of the synthetic corpus): `NOMBRE / NAME` read
    // `NOMERIEINASME`, its slash as an `I`.
    let r = read_lines(vec![
        read_as("ESPAÑA", [597.0, 350.0, 714.0, 395.0], 1.00),
        read_as("DNI 57593567A", [1254.0, 340.0, 1438.0, 382.0], 0.98),
        read_as(
            "DOCUMENTO NACIONAL DE IDENTIDAD",
            [595.0, 388.0, 967.0, 432.0],
            0.98,
        ),
        read_as("APELLIDOSI SURNAME", [870.0, 435.0, 1033.0, 465.0], 0.93),
        read_as("MARTÍN GARCÍA", [866.0, 458.0, 1077.0, 501.0], 1.00),
        read_as("NOMERIEINASME", [869.0, 508.0, 989.0, 534.0], 0.78),
        read_as("MARTA", [869.0, 537.0, 966.0, 570.0], 1.00),
        read_as("SEX0/SEX", [866.0, 581.0, 955.0, 610.0], 0.78),
        read_as(
            "NACIONALIDAD/NATIONALITY",
            [1054.0, 567.0, 1264.0, 602.0],
            0.94,
        ),
        read_as("F", [870.0, 615.0, 891.0, 641.0], 0.99),
        read_as("ESP", [1053.0, 603.0, 1114.0, 637.0], 1.00),
        read_as(
            "FECHA DE RACMSENTO/DATE OF BRTH",
            [865.0, 644.0, 1153.0, 683.0],
            0.87,
        ),
        read_as("23 06 1963", [864.0, 679.0, 1003.0, 720.0], 1.00),
        read_as(
            "NUM SOPORTE ISUPPORT NO",
            [870.0, 724.0, 1083.0, 756.0],
            0.90,
        ),
        read_as(
            "VALIDO RASTA/ VAUD UNTL",
            [1188.0, 711.0, 1387.0, 743.0],
            0.94,
        ),
        read_as("ZTW245744", [865.0, 753.0, 1016.0, 796.0], 1.00),
        read_as("01 03 2033", [1187.0, 741.0, 1324.0, 782.0], 0.95),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("MARTA"));
    assert_eq!(get(&r, FieldName::Surname), Some("MARTÍN GARCÍA"));
    // Two words each two edits from a translation of the label.
    assert_fields(
        &read("MOMeE: NAbte\nGIULIA"),
        &[(FieldName::GivenNames, "GIULIA")],
    );
    // Two edits from `NOME / NAME` and from the Romanian `NUME` (the surname): no label.
    assert_fields(&read("NOHME TNANE\nGIULIA"), &[]);
    // Both words two edits from the French `TAILLE` (seed 163 #52): a name, not a label.
    assert_fields(
        &read("NOM / Surname\nFRANÇOIS\nPrénoms / Given names\nGaëlle, Camille"),
        &[
            (FieldName::Surname, "FRANÇOIS"),
            (FieldName::GivenNames, "GAËLLE, CAMILLE"),
        ],
    );
}

/// A CIE front as the real recogniser read it (seed 67 #84 of the synthetic corpus): the
/// number `CZ35900MX` read `C235900Mx`, `SESSO / SEX` read `SE5507SEX`.
fn cie_front_with_number_one_lookalike_off() -> Vec<OcrLine> {
    vec![
        read_as("C235900Mx", [1157.0, 434.0, 1345.0, 484.0], 0.94),
        read_as("REPUBBLICA ITALIANA", [606.0, 464.0, 831.0, 510.0], 0.97),
        read_as(
            "CARTA DIIDENTITA/IDENTITY CARD",
            [859.0, 482.0, 1203.0, 532.0],
            0.93,
        ),
        read_as("MINISTERO DELLNTERNO", [611.0, 511.0, 773.0, 542.0], 0.72),
        read_as("COMAE Du UNCPN7T", [846.0, 543.0, 1009.0, 576.0], 0.58),
        read_as("MILANO", [847.0, 575.0, 939.0, 608.0], 0.99),
        read_as("COGNOME ISURNAME", [849.0, 613.0, 984.0, 641.0], 0.75),
        read_as("LEONE", [849.0, 642.0, 928.0, 675.0], 1.00),
        read_as("0ME7 mAME", [849.0, 680.0, 935.0, 711.0], 0.57),
        read_as("LAURA", [852.0, 710.0, 934.0, 742.0], 1.00),
        read_as(
            "LWOGO E BATA D NASCTA PLACE AND DATE DF BIRTH",
            [854.0, 744.0, 1196.0, 776.0],
            0.78,
        ),
        read_as(
            "TORINO (TO) 12.12.1966",
            [854.0, 774.0, 1135.0, 810.0],
            0.95,
        ),
        read_as("SE5507SEX", [859.0, 818.0, 939.0, 841.0], 0.78),
        read_as("STAT/R4IREIGHT", [972.0, 816.0, 1092.0, 842.0], 0.71),
        read_as(
            "CITTADNANEA NATIONALTY",
            [1129.0, 816.0, 1324.0, 840.0],
            0.81,
        ),
        read_as("F", [857.0, 848.0, 881.0, 872.0], 0.99),
        read_as("157", [974.0, 845.0, 1024.0, 877.0], 1.00),
        read_as("ITA", [1130.0, 847.0, 1177.0, 877.0], 0.97),
        read_as("ErssoNe issuNG", [862.0, 885.0, 991.0, 908.0], 0.71),
        read_as("SCADENZAFEXPIRY", [1099.0, 887.0, 1229.0, 910.0], 0.89),
        read_as("10.01.2021", [862.0, 910.0, 991.0, 946.0], 1.00),
        read_as("12.12.2031", [1100.0, 916.0, 1237.0, 947.0], 1.00),
        read_as(
            "MMA DEETITOLARS HXDNAS SGNATL",
            [867.0, 960.0, 1077.0, 988.0],
            0.52,
        ),
    ]
}

#[test]
fn a_cie_number_one_lookalike_off_is_read_in_the_header_only() {
    let r = read_lines(cie_front_with_number_one_lookalike_off());
    assert_eq!(get(&r, FieldName::DocumentNumber), Some("CZ35900MX"));
    // Without it, the damaged label below the names, one look-alike from a CIE number too,
    // is no number.
    let mut lines = cie_front_with_number_one_lookalike_off();
    lines.retain(|l| l.text != "C235900Mx");
    assert_eq!(get(&read_lines(lines), FieldName::DocumentNumber), None);
}

#[test]
fn a_damaged_short_label_takes_its_value_from_below_not_beside() {
    // An Italian passport (seed 1 #68 of the synthetic corpus): `COGNOME/SURNAME` read
    // `Copome'Sumae`, its French translation `Nom (1]` in a box beside it.
    let r = read_lines(vec![
        read_as(
            "PASSAPORTO PASSPORT PASSEPORT",
            [876.0, 317.0, 1372.0, 369.0],
            1.00,
        ),
        read_as("REPUBBLICA ITALIANA", [429.0, 344.0, 695.0, 385.0], 0.98),
        read_as("sapoto N/Passpo", [1218.0, 377.0, 1312.0, 403.0], 0.81),
        read_as("pOtN\"", [1365.0, 379.0, 1401.0, 393.0], 0.60),
        read_as("Tpotypeiype", [714.0, 396.0, 792.0, 422.0], 0.67),
        read_as("Cadice Pae", [838.0, 395.0, 896.0, 413.0], 0.81),
        read_as("ty codeiCode d pays", [924.0, 388.0, 1038.0, 412.0], 0.73),
        read_as("ITA", [835.0, 415.0, 883.0, 447.0], 1.00),
        read_as("YD8443092", [1195.0, 399.0, 1332.0, 436.0], 1.00),
        read_as("A", [716.0, 422.0, 736.0, 444.0], 0.37),
        read_as("Copome'Sumae", [715.0, 457.0, 798.0, 483.0], 0.82),
        read_as("Nom (1]", [807.0, 458.0, 848.0, 479.0], 0.84),
        read_as("BERTÉ", [714.0, 480.0, 798.0, 512.0], 0.93),
        read_as("meChen namesPienons ()", [731.0, 520.0, 871.0, 543.0], 0.64),
    ]);
    assert_eq!(get(&r, FieldName::Surname), Some("BERTÉ"));
}

/// A Spanish card's back as the real recogniser read it (seed 21 #82 of the synthetic corpus):
/// the birth place's label damaged (`LUGAR DE NACME NTO7PLACE OF BRTH`), the address's too.
fn spanish_card_back() -> Vec<OcrLine> {
    vec![
        read_as(
            "LUGAR DE NACME NTO7PLACE OF BRTH",
            [280.0, 253.0, 576.0, 323.0],
            0.82,
        ),
        read_as("SEVILLA", [275.0, 283.0, 395.0, 331.0], 1.00),
        read_as("DOMCJO/ADORESS", [271.0, 322.0, 436.0, 372.0], 0.75),
        read_as(
            "AVDA. DE LA CONSTITUCIÓN 66 P01 A",
            [267.0, 348.0, 731.0, 444.0],
            0.96,
        ),
        read_as("SEVILLA", [264.0, 384.0, 383.0, 432.0], 1.00),
        read_as("SEVILLA", [259.0, 418.0, 379.0, 468.0], 1.00),
        read_as("HIOADE /SONDAUGMtER or", [251.0, 487.0, 475.0, 545.0], 0.66),
        read_as("JUAN/MARÍA", [247.0, 514.0, 430.0, 573.0], 0.97),
        read_as(
            "IDESPRNI529071871753535K<<<<<<",
            [246.0, 616.0, 1063.0, 754.0],
            0.99,
        ),
        read_as(
            "5807064F3502055ESP<<<<<<<<<<<0",
            [239.0, 662.0, 1056.0, 798.0],
            1.00,
        ),
        read_as(
            "NAVARRO<IBANEZ<<MARTA<<<<<<<<<",
            [234.0, 709.0, 1050.0, 840.0],
            0.99,
        ),
    ]
}

#[test]
fn a_spanish_birth_place_is_the_place_above_the_address() {
    let r = read_lines(spanish_card_back());
    assert_eq!(get(&r, FieldName::BirthPlace), Some("SEVILLA"));
    // Another issuer's card of that layout: its place above the address is not read so.
    let french: Vec<OcrLine> = (spanish_card_back().into_iter())
        .map(|l| OcrLine {
            text: l.text.replace("IDESP", "IDFRA"),
            ..l
        })
        .collect();
    assert_eq!(get(&read_lines(french), FieldName::BirthPlace), None);
}

#[test]
fn a_romanian_birth_place_is_the_place_above_the_address() {
    // Every label lost (seed 1 #95): the birth place's county line right above the address's.
    let lines = |mrz: &str| {
        vec![
            read_as("CNP 5041104127579", [700.0, 301.0, 890.0, 365.0], 0.91),
            read_as("POPA", [686.0, 355.0, 757.0, 399.0], 0.95),
            read_as("ANDREI", [678.0, 404.0, 766.0, 448.0], 0.89),
            read_as("Romána± RO", [666.0, 450.0, 815.0, 507.0], 0.72),
            read_as("Jud.CJ Mun.Cluj-Napoca", [658.0, 500.0, 896.0, 575.0], 0.93),
            read_as("Jud.CT Mun.Constanța", [646.0, 550.0, 870.0, 622.0], 0.97),
            read_as(
                "Str.Mihai Eminescu nr.59 ap.35",
                [640.0, 579.0, 937.0, 660.0],
                0.96,
            ),
            read_as("SPCLEP Constanța", [629.0, 632.0, 823.0, 701.0], 0.97),
            read_as(mrz, [372.0, 659.0, 1159.0, 836.0], 0.98),
        ]
    };
    let r = read_lines(lines("IDROUPOPA<<ANDREI<<<<<<<<<<<<<<<<<<<<"));
    assert_eq!(
        get(&r, FieldName::Address),
        Some("Jud.CT Mun.Constanța Str.Mihai Eminescu nr.59 ap.35")
    );
    assert_eq!(
        get(&r, FieldName::BirthPlace),
        Some("Jud.CJ Mun.Cluj-Napoca")
    );
    // Another issuer's card: not read so.
    let other = read_lines(lines("IDFRAPOPA<<ANDREI<<<<<<<<<<<<<<<<<<<<"));
    assert_eq!(get(&other, FieldName::BirthPlace), None);
}

#[test]
fn a_label_between_two_lines_ends_the_value_above_it() {
    // A Romanian card (seed 67 #113 of the synthetic corpus): the address's label, damaged
    // (`oncwAdresse/Address`), between the birth place and the address's county line, its box
    // overlapping both.
    let r = read_lines(vec![
        read_as(
            "ROMÂNIA ROUMANIE ROMANIA",
            [352.0, 232.0, 693.0, 288.0],
            0.96,
        ),
        read_as("SERIA TT NR 687949", [988.0, 284.0, 1183.0, 330.0], 0.99),
        read_as(
            "CARTE DE IDENTITATE CARTE DIDENTITÉ IDENTITY CARD",
            [351.0, 264.0, 823.0, 333.0],
            0.98,
        ),
        read_as("CNP 1570210128550", [638.0, 328.0, 843.0, 374.0], 0.98),
        read_as("NumeNantiast tvame", [641.0, 364.0, 773.0, 399.0], 0.71),
        read_as("MUNTEANU", [639.0, 386.0, 772.0, 427.0], 1.00),
        read_as("PresmePrano/Frst nane", [643.0, 420.0, 814.0, 454.0], 0.71),
        read_as("GHEORGHE", [644.0, 440.0, 776.0, 480.0], 1.00),
        read_as("Cetaene", [649.0, 476.0, 706.0, 498.0], 0.88),
        read_as("SedSe", [1062.0, 503.0, 1099.0, 520.0], 0.65),
        read_as("esnex", [1092.0, 504.0, 1138.0, 522.0], 0.60),
        read_as("Română/ROU", [648.0, 497.0, 805.0, 534.0], 0.96),
        read_as("M", [1064.0, 523.0, 1084.0, 545.0], 0.97),
        read_as("Loc nagtere/Lses de", [648.0, 529.0, 770.0, 560.0], 0.73),
        read_as("celPsace of bith", [813.0, 539.0, 905.0, 565.0], 0.75),
        read_as("Jud.cJ Mun.Cluj-Napoca", [649.0, 550.0, 906.0, 597.0], 0.97),
        read_as("oncwAdresse/Address", [665.0, 586.0, 813.0, 615.0], 0.66),
        read_as("Jud.DJ Mun.Craiova", [652.0, 607.0, 865.0, 646.0], 0.99),
        read_as(
            "Str.Mihai Eminescu nr.135 ap.54",
            [653.0, 634.0, 978.0, 684.0],
            0.98,
        ),
        read_as(
            "Emis de/Deeme parlsdes by",
            [657.0, 673.0, 852.0, 707.0],
            0.76,
        ),
        read_as("saidevatay", [1034.0, 690.0, 1126.0, 716.0], 0.36),
        read_as("SPCLEP Craiova", [656.0, 696.0, 839.0, 738.0], 0.99),
        read_as("19.06.22-19.06.2032", [977.0, 710.0, 1173.0, 749.0], 0.95),
        read_as(
            "IDROUMUNTEANU<<GHEORGHE<<<<<<<<<<<<<",
            [387.0, 762.0, 1222.0, 829.0],
            0.97,
        ),
        read_as(
            "TT687949<7R0U5702103M320619111285500",
            [388.0, 809.0, 1228.0, 877.0],
            0.98,
        ),
    ]);
    assert_eq!(
        get(&r, FieldName::BirthPlace),
        Some("Jud.CJ Mun.Cluj-Napoca")
    );
    assert_eq!(
        get(&r, FieldName::Address),
        Some("Jud.DJ Mun.Craiova Str.Mihai Eminescu nr.135 ap.54")
    );
}

/// A line of a page whose OCR gave the lines' angles (here a level page, the boxes as
/// [`OcrPage::levelled`] left them): the boxes are the lines' own.
fn level(text: &str, b: [f32; 4], confidence: f32) -> OcrLine {
    OcrLine {
        angle: Some(0.0),
        ..read_as(text, b, confidence)
    }
}

/// Identity cards photographed at an angle whose labels OCR garbled or lost (seed 43 #102,
/// seed 79 #64 and seed 89 #100 of the synthetic corpus, their boxes levelled): a CIE's birth
/// label above the birth line, garbled past matching, and a French card's date label in its
/// small print are no names, and the column above the birth line is read past them, up to
/// three line heights above it.
#[test]
fn garbled_labels_in_a_levelled_name_column_are_no_names() {
    let r = read_lines(vec![
        level("REPUBBLICA ITALIANA", [747.0, 160.0, 985.0, 189.0], 0.98),
        level("CE09506VT", [1333.0, 160.0, 1506.0, 195.0], 0.95),
        level(
            "CARTA DI IDENTITA /IDENTITY CARD",
            [1014.0, 190.0, 1367.0, 220.0],
            0.96,
        ),
        level("COMUNEDIENCIPNUTY", [995.0, 229.0, 1164.0, 253.0], 0.73),
        level("CANTÙ", [992.0, 250.0, 1079.0, 281.0], 0.99),
        level("COCOM SUNAME", [990.0, 281.0, 1127.0, 306.0], 0.54),
        level("MORETTI", [988.0, 303.0, 1099.0, 335.0], 0.99),
        level("CeE (NAsg", [999.0, 335.0, 1075.0, 357.0], 0.51),
        level("FRANCESCA", [984.0, 355.0, 1127.0, 385.0], 1.00),
        level(
            "EUCKOE OATA D hASCTA/PLACE AND GATE DF BATK",
            [981.0, 387.0, 1328.0, 413.0],
            0.71,
        ),
        level(
            "FIRENZE (F1) 17.06.1974",
            [980.0, 407.0, 1264.0, 440.0],
            0.95,
        ),
    ]);
    assert_eq!(get(&r, FieldName::Surname), Some("MORETTI"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("FRANCESCA"));
    assert_eq!(get(&r, FieldName::Municipality), Some("CANTÙ"));
    // A French card's date label above the birth date alone, read `pAȚE SNAS` in print 0.69
    // as high as the date's.
    let r = read_lines(vec![
        level("REPUBLIQUE FRANÇAISE", [325.0, 210.0, 556.0, 242.0], 0.97),
        level(
            "CARTE NATIONALE DIDENTITE /IDENTITY CARD",
            [328.0, 236.0, 682.0, 265.0],
            0.89,
        ),
        level("MN/Se", [522.0, 277.0, 581.0, 297.0], 0.32),
        level("FRANÇOIS", [517.0, 292.0, 637.0, 326.0], 0.99),
        level("Théo", [522.0, 351.0, 583.0, 381.0], 0.91),
        level("1015", [526.0, 389.0, 586.0, 410.0], 0.33),
        level("ATIOSA", [644.0, 387.0, 696.0, 405.0], 0.60),
        level("pAȚE SNAS", [840.0, 377.0, 932.0, 401.0], 0.62),
        level("M", [529.0, 416.0, 549.0, 431.0], 0.94),
        level("FRA", [641.0, 406.0, 696.0, 438.0], 0.99),
        level("28 04 2007", [841.0, 399.0, 995.0, 434.0], 0.95),
        level("RUOE AI", [531.0, 447.0, 594.0, 465.0], 0.68),
        level("eEA", [643.0, 447.0, 715.0, 464.0], 0.47),
        level("TOULOUSE (31)", [525.0, 465.0, 705.0, 498.0], 0.95),
        level("N 00 0OcSMENE IOucete", [529.0, 504.0, 686.0, 526.0], 0.49),
        level("Y0", [700.0, 512.0, 715.0, 520.0], 0.43),
        level("OnoE", [853.0, 507.0, 937.0, 529.0], 0.24),
        level("5HPEC4EFD", [528.0, 525.0, 664.0, 557.0], 0.99),
        level("30 08 2036", [852.0, 530.0, 1009.0, 563.0], 0.92),
    ]);
    assert_eq!(get(&r, FieldName::Surname), Some("FRANÇOIS"));
    assert_eq!(get(&r, FieldName::GivenNames), Some("THÉO"));
    // A Spanish card whose labels detection missed (seed 89 #100): the given names 2.6 line
    // heights above the birth date, the surname read with a digit (`RUI2`).
    let r = read_lines(vec![
        level("ESPAÑA", [711.0, 212.0, 803.0, 239.0], 0.93),
        level("DN1 29992258M", [1265.0, 214.0, 1439.0, 248.0], 0.97),
        level(
            "DOCUMENTO RACRCONALDE IDENTIDAD",
            [714.0, 244.0, 1018.0, 272.0],
            0.79,
        ),
        level("RUI2 MARTINEZ", [940.0, 301.0, 1110.0, 333.0], 0.94),
        level("JAVIER", [946.0, 357.0, 1028.0, 388.0], 1.00),
        level("ESP", [1108.0, 418.0, 1154.0, 441.0], 0.98),
        level("04 04 1976", [956.0, 468.0, 1068.0, 498.0], 0.96),
        level("XZMM876816", [961.0, 523.0, 1083.0, 553.0], 0.96),
        level("17 02 2035", [1226.0, 528.0, 1344.0, 561.0], 0.99),
    ]);
    assert_eq!(get(&r, FieldName::GivenNames), Some("JAVIER"));
}

/// The Australian specimen passport, photographed at about 20° (its boxes levelled): `Name /
/// Nom` labels the one name field, surname line then given names line, which the visual zone
/// does not split (the MRZ does); a speck beside the birth place's label, a sixth of its
/// height, is no birth place, the line under the label is.
#[test]
fn an_english_and_french_name_field_and_a_speck_beside_a_label() {
    let r = read_lines(vec![
        level("Name/ Nom", [664.0, 234.0, 745.0, 260.0], 0.93),
        level("CITIZEN", [663.0, 252.0, 813.0, 294.0], 1.00),
        level("JANE", [663.0, 291.0, 754.0, 332.0], 1.00),
        level(
            "Place of bith / Lieu de n",
            [1000.0, 419.0, 1147.0, 448.0],
            0.90,
        ),
        level("SSn", [1167.0, 434.0, 1186.0, 438.0], 0.69),
        level("CANBERRA", [994.0, 439.0, 1174.0, 480.0], 1.00),
    ]);
    assert_eq!(get(&r, FieldName::Surname), None);
    assert_eq!(get(&r, FieldName::GivenNames), None);
    assert_eq!(get(&r, FieldName::BirthPlace), Some("CANBERRA"));
}

/// A CIE back photographed at an angle (seed 163 #115 of the synthetic corpus, its boxes
/// levelled): detection split the address on its row, `CORso VITTORI` and `EMANUELE H 67 ROMA
/// (RM)` a little apart, the label read past recognition; the address runs on into the rest of
/// its line (the regnal `II` read `H` given back as elsewhere).
#[test]
fn an_address_split_on_its_row_is_read_whole() {
    let r = read_lines(vec![
        level("LMBMCHO1c53C351V", [246.0, 205.0, 544.0, 239.0], 0.93),
        level("K0A2Z0", [254.0, 324.0, 335.0, 345.0], 0.44),
        level("6h", [337.0, 331.0, 353.0, 340.0], 0.28),
        level("R45E3", [359.0, 328.0, 405.0, 342.0], 0.54),
        level("CORso VITTORI", [252.0, 352.0, 472.0, 383.0], 0.85),
        level(
            "EMANUELE H 67 ROMA (RM)",
            [493.0, 348.0, 850.0, 384.0],
            0.94,
        ),
        level("e5TReR", [254.0, 399.0, 328.0, 422.0], 0.41),
        level("AYTOD NASC", [320.0, 398.0, 432.0, 422.0], 0.70),
        level("01684 1B 2001", [254.0, 424.0, 474.0, 460.0], 0.95),
    ]);
    assert_eq!(
        get(&r, FieldName::Address),
        Some("CORSO VITTORI EMANUELE II 67 ROMA (RM)")
    );
}
