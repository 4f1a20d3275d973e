//! Italian documents: CIE 3.0 front and back, passport data page, driving licence.

use std::collections::BTreeMap;

use anyhow::Result;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use carta_core::schema::{DocumentType, FieldName};

use super::{
    Document, INK, LABEL_BLUE, RED, Style, birthday_expiry, dmy, dmy_short, iso, issue_date,
    mrz_names, passport_date, pastel, person_for_mrz, ten_years,
};
use crate::corpus::identity::{self, Nation};
use crate::corpus::mrz::{Apostrophe, MrzData};
use crate::corpus::render::{Align, Card, Face, Fonts, Item};

/// Italian CIE 3.0 (85.6 × 54 mm). Front: bilingual labels with values below, the number at
/// the top right. Back: codice fiscale with barcode, residence, birth record, TD1 MRZ.
pub(super) fn cie<'f>(fonts: &'f Fonts, back: bool, rng: &mut StdRng) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Ita, 30, Apostrophe::Filler)?;
    let number = identity::pattern(rng, "CLDDDDDLL");
    let issue = issue_date(rng, p.birth)?;
    let expiry = birthday_expiry(issue, p.birth)?;
    let residence = *identity::COMUNI.choose(rng).unwrap_or(&identity::COMUNI[0]);
    let bg = pastel(rng, [236, 226, 232], [214, 232, 240]);
    let mut card = Card::new(fonts, 85.6, 54.0, bg);
    let style = Style {
        label_face: Face::Sans,
        label_size: 1.45,
        label_color: LABEL_BLUE,
        value_face: Face::SansBold,
        value_size: 2.4,
        value_color: INK,
        gap: 3.1,
    };
    let mut fields = BTreeMap::new();
    let mut mrz = None;
    if !back {
        card.text(
            4.0,
            4.8,
            2.3,
            Face::SansBold,
            LABEL_BLUE,
            "REPUBBLICA ITALIANA",
        )?;
        card.text_aligned(
            82.0,
            5.4,
            3.0,
            Face::SansBold,
            RED,
            &number,
            Align::Right,
            None,
        )?;
        card.text(
            4.0,
            8.2,
            1.6,
            Face::Sans,
            LABEL_BLUE,
            "MINISTERO DELL'INTERNO",
        )?;
        card.text_aligned(
            33.0,
            8.4,
            2.0,
            Face::SansBold,
            LABEL_BLUE,
            "CARTA DI IDENTITÀ / IDENTITY CARD",
            Align::Left,
            Some(49.0),
        )?;
        card.shape(Item::Photo, 3.5, 12.0, 28.5, 44.0);
        let x = 31.0;
        let w = 82.0 - x;
        style.pair(
            &mut card,
            x,
            12.6,
            "COMUNE DI / MUNICIPALITY",
            residence.name,
            w,
        )?;
        style.pair(&mut card, x, 18.9, "COGNOME / SURNAME", &p.surname, w)?;
        style.pair(&mut card, x, 25.2, "NOME / NAME", &p.given_joined(), w)?;
        let birth = format!("{} {}", p.birth_place, dmy(p.birth, "."));
        style.pair(
            &mut card,
            x,
            31.5,
            "LUOGO E DATA DI NASCITA / PLACE AND DATE OF BIRTH",
            &birth,
            w,
        )?;
        style.label(&mut card, x, 37.8, "SESSO / SEX", 11.0)?;
        style.label(&mut card, 43.5, 37.8, "STATURA / HEIGHT", 14.5)?;
        style.label(&mut card, 59.5, 37.8, "CITTADINANZA / NATIONALITY", 23.0)?;
        style.value(&mut card, x, 40.9, p.sex.letter(), 10.0)?;
        style.value(&mut card, 43.5, 40.9, &p.height_cm.to_string(), 14.0)?;
        style.value(&mut card, 59.5, 40.9, "ITA", 20.0)?;
        style.label(&mut card, x, 44.1, "EMISSIONE / ISSUING", 22.0)?;
        style.label(&mut card, 56.0, 44.1, "SCADENZA / EXPIRY", 22.0)?;
        style.value(&mut card, x, 47.2, &dmy(issue, "."), 22.0)?;
        style.value(&mut card, 56.0, 47.2, &dmy(expiry, "."), 22.0)?;
        card.text_aligned(
            x,
            51.0,
            1.2,
            Face::Sans,
            LABEL_BLUE,
            "FIRMA DEL TITOLARE / HOLDER'S SIGNATURE",
            Align::Left,
            Some(26.0),
        )?;
        card.shape(Item::Signature, 58.0, 48.0, 82.0, 53.0);
        fields.extend([
            (FieldName::Municipality, residence.name.to_owned()),
            (FieldName::Surname, p.surname.clone()),
            (FieldName::GivenNames, p.given_joined()),
            (FieldName::BirthPlace, p.birth_place.clone()),
            (FieldName::BirthDate, iso(p.birth)),
            (FieldName::Sex, p.sex.letter().to_owned()),
            (FieldName::HeightCm, p.height_cm.to_string()),
            (FieldName::Nationality, "ITA".to_owned()),
            (FieldName::IssueDate, iso(issue)),
            (FieldName::ExpiryDate, iso(expiry)),
            (FieldName::DocumentNumber, number),
        ]);
    } else {
        let code = identity::codice_fiscale(&p)?;
        style.pair(
            &mut card,
            4.0,
            5.0,
            "CODICE FISCALE / FISCAL CODE",
            &code,
            45.0,
        )?;
        card.shape(Item::Barcode, 4.0, 9.6, 44.0, 14.2);
        let address = identity::italian_address(rng, &residence);
        style.pair(
            &mut card,
            4.0,
            18.2,
            "INDIRIZZO DI RESIDENZA / RESIDENCE",
            &address,
            78.0,
        )?;
        let record = format!(
            "{:05} {} {} {}",
            rng.gen_range(1..2000),
            rng.gen_range(1..3),
            ["A", "B"][rng.gen_range(0..2)],
            p.birth.year()
        );
        style.pair(
            &mut card,
            4.0,
            25.0,
            "ESTREMI ATTO DI NASCITA",
            &record,
            40.0,
        )?;
        let data = MrzData {
            code: "CI",
            issuer: "ITA",
            number: number.clone(),
            nationality: "ITA",
            birth: p.birth,
            sex: p.sex.letter().chars().next().unwrap_or('<'),
            expiry,
            optional: String::new(),
            surname: p.surname.clone(),
            given: p.given.clone(),
            apostrophe: Apostrophe::Filler,
        };
        let lines = data.td1()?;
        card.mrz(4.7, 41.2, 4.3, &lines)?;
        fields.extend([
            (FieldName::FiscalCode, code),
            (FieldName::Address, address),
            (FieldName::IssuingCountry, "ITA".to_owned()),
            (FieldName::DocumentNumber, number),
            (FieldName::BirthDate, iso(p.birth)),
            (FieldName::Sex, p.sex.letter().to_owned()),
            (FieldName::ExpiryDate, iso(expiry)),
            (FieldName::Nationality, "ITA".to_owned()),
        ]);
        mrz_names(&mut fields, &lines[2]);
        mrz = Some(lines);
    }
    Ok(Document {
        card,
        document_type: DocumentType::IdCard,
        fields,
        mrz,
    })
}

/// Italian passport data page (125 × 88 mm): numbered trilingual labels, dates as
/// `14 MAG/MAY 1987`, TD3 MRZ.
pub(super) fn passport<'f>(fonts: &'f Fonts, rng: &mut StdRng) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Ita, 39, Apostrophe::Filler)?;
    let number = identity::pattern(rng, "YLDDDDDDD");
    let issue = issue_date(rng, p.birth)?;
    let expiry = ten_years(issue)?;
    let authority = if rng.gen_bool(0.5) {
        "MINISTRO AFFARI ESTERI".to_owned()
    } else {
        let q = identity::COMUNI.choose(rng).unwrap_or(&identity::COMUNI[0]);
        format!("QUESTURA DI {}", q.name)
    };
    let mut bg = pastel(rng, [240, 228, 236], [226, 220, 240]);
    bg.corner = 0.0;
    let mut card = Card::new(fonts, 125.0, 88.0, bg);
    let style = Style {
        label_face: Face::Narrow,
        label_size: 1.7,
        label_color: LABEL_BLUE,
        value_face: Face::LiberationBold,
        value_size: 3.0,
        value_color: INK,
        gap: 3.6,
    };
    card.text(
        4.0,
        6.5,
        3.2,
        Face::LiberationBold,
        LABEL_BLUE,
        "REPUBBLICA ITALIANA",
    )?;
    card.text(
        60.0,
        6.5,
        3.2,
        Face::LiberationBold,
        LABEL_BLUE,
        "PASSAPORTO  PASSPORT  PASSEPORT",
    )?;
    card.shape(Item::Photo, 4.0, 14.0, 36.0, 56.0);
    let x = 40.0;
    style.label(&mut card, x, 12.0, "Tipo/Type/Type", 13.0)?;
    style.label(
        &mut card,
        55.0,
        12.0,
        "Codice Paese/Country code/Code du pays",
        40.0,
    )?;
    style.label(
        &mut card,
        97.0,
        12.0,
        "Passaporto N./Passport No./Passeport N°",
        26.0,
    )?;
    style.value(&mut card, x, 15.6, "P", 10.0)?;
    style.value(&mut card, 55.0, 15.6, "ITA", 20.0)?;
    style.value(&mut card, 97.0, 15.6, &number, 26.0)?;
    let w = 120.0 - x;
    style.pair(&mut card, x, 19.5, "Cognome/Surname/Nom (1)", &p.surname, w)?;
    style.pair(
        &mut card,
        x,
        27.0,
        "Nome/Given names/Prénoms (2)",
        &p.given_joined(),
        w,
    )?;
    style.pair(
        &mut card,
        x,
        34.5,
        "Cittadinanza/Nationality/Nationalité (3)",
        "ITALIANA",
        w,
    )?;
    style.pair(
        &mut card,
        x,
        42.0,
        "Data di nascita/Date of birth/Date de naissance (4)",
        &passport_date(p.birth),
        w,
    )?;
    style.label(&mut card, x, 49.5, "Sesso/Sex/Sexe (5)", 16.0)?;
    style.label(
        &mut card,
        58.0,
        49.5,
        "Luogo di nascita/Place of birth/Lieu de naissance (6)",
        62.0,
    )?;
    style.value(&mut card, x, 53.1, p.sex.letter(), 10.0)?;
    style.value(&mut card, 58.0, 53.1, &p.birth_place, 62.0)?;
    style.label(
        &mut card,
        x,
        57.0,
        "Data di rilascio/Date of issue/Date de délivrance (7)",
        42.0,
    )?;
    style.label(
        &mut card,
        85.0,
        57.0,
        "Autorità/Authority/Autorité (8)",
        35.0,
    )?;
    style.value(&mut card, x, 60.6, &passport_date(issue), 42.0)?;
    style.value(&mut card, 85.0, 60.6, &authority, 36.0)?;
    style.label(
        &mut card,
        x,
        64.5,
        "Data di scadenza/Date of expiry/Date d'expiration (9)",
        42.0,
    )?;
    style.label(
        &mut card,
        85.0,
        64.5,
        "Firma del titolare/Holder's signature/Signature du titulaire (10)",
        36.0,
    )?;
    style.value(&mut card, x, 68.1, &passport_date(expiry), 42.0)?;
    card.shape(Item::Signature, 86.0, 66.0, 120.0, 72.5);
    let data = MrzData {
        code: "P<",
        issuer: "ITA",
        number: number.clone(),
        nationality: "ITA",
        birth: p.birth,
        sex: p.sex.letter().chars().next().unwrap_or('<'),
        expiry,
        optional: String::new(),
        surname: p.surname.clone(),
        given: p.given.clone(),
        apostrophe: Apostrophe::Filler,
    };
    let lines = data.td3()?;
    card.mrz(6.6, 78.6, 5.0, &lines)?;
    let fields = BTreeMap::from([
        (FieldName::IssuingCountry, "ITA".to_owned()),
        (FieldName::DocumentNumber, number),
        (FieldName::Surname, p.surname.clone()),
        (FieldName::GivenNames, p.given_joined()),
        (FieldName::Nationality, "ITA".to_owned()),
        (FieldName::BirthDate, iso(p.birth)),
        (FieldName::Sex, p.sex.letter().to_owned()),
        (FieldName::BirthPlace, p.birth_place.clone()),
        (FieldName::IssueDate, iso(issue)),
        (FieldName::IssuingAuthority, authority),
        (FieldName::ExpiryDate, iso(expiry)),
    ]);
    Ok(Document {
        card,
        document_type: DocumentType::Passport,
        fields,
        mrz: Some(lines),
    })
}

/// Italian driving licence, EU model (85.6 × 54 mm): fields `1.`–`9.` with the number and the
/// value on one line.
pub(super) fn licence<'f>(fonts: &'f Fonts, rng: &mut StdRng) -> Result<Document<'f>> {
    let p = identity::person(rng, Nation::Ita)?;
    let number = if rng.gen_bool(0.7) {
        identity::pattern(rng, "U1AAAAAAAL")
    } else {
        let province = p.comune.map_or("RM", |c| c.province);
        format!("{province}{}", identity::pattern(rng, "DDDDDDDL"))
    };
    let issue = issue_date(rng, p.birth)?;
    let expiry = birthday_expiry(issue, p.birth)?;
    const AUTHORITIES: [&str; 4] = ["MIT-UCO", "MC-RM", "MC-MI", "MIT-UMC"];
    let authority = AUTHORITIES[rng.gen_range(0..AUTHORITIES.len())];
    const CATEGORIES: [&[&str]; 6] = [
        &["B"],
        &["AM", "B"],
        &["AM", "A1", "B"],
        &["AM", "A1", "A2", "A", "B"],
        &["AM", "B", "BE"],
        &["AM", "A1", "B", "C1"],
    ];
    let categories = CATEGORIES[rng.gen_range(0..CATEGORIES.len())];
    let bg = pastel(rng, [246, 222, 226], [238, 214, 230]);
    let mut card = Card::new(fonts, 85.6, 54.0, bg);
    card.rect(3.0, 2.5, 14.0, 11.0, [0, 51, 153]);
    card.stars(8.5, 6.75, 3.0);
    card.text_aligned(
        8.5,
        7.8,
        2.8,
        Face::LiberationBold,
        [255, 255, 255],
        "I",
        Align::Center,
        None,
    )?;
    card.text(
        16.5,
        6.0,
        3.2,
        Face::LiberationBold,
        [150, 40, 70],
        "PATENTE DI GUIDA",
    )?;
    card.text(
        16.5,
        10.0,
        2.0,
        Face::Liberation,
        [150, 40, 70],
        "REPUBBLICA ITALIANA",
    )?;
    card.shape(Item::Photo, 3.0, 14.0, 26.0, 44.0);
    let (x, size, face) = (29.0, 2.4, Face::LiberationBold);
    let line = |card: &mut Card<'_>, x: f32, y: f32, text: &str, max: f32| {
        card.text_aligned(x, y, size, face, INK, text, Align::Left, Some(max))
    };
    line(&mut card, x, 16.5, &format!("1. {}", p.surname), 53.0)?;
    line(
        &mut card,
        x,
        20.7,
        &format!("2. {}", p.given_joined()),
        53.0,
    )?;
    line(
        &mut card,
        x,
        24.9,
        &format!("3. {} {}", dmy_short(p.birth, "/"), p.birth_place),
        53.0,
    )?;
    line(
        &mut card,
        x,
        29.1,
        &format!("4a. {}", dmy(issue, "/")),
        24.0,
    )?;
    line(&mut card, 56.0, 29.1, &format!("4c. {authority}"), 26.0)?;
    line(
        &mut card,
        x,
        33.3,
        &format!("4b. {}", dmy(expiry, "/")),
        24.0,
    )?;
    line(&mut card, x, 37.5, &format!("5. {number}"), 40.0)?;
    line(&mut card, x, 43.5, "7.", 5.0)?;
    card.shape(Item::Signature, 34.0, 39.0, 62.0, 46.0);
    line(
        &mut card,
        x,
        50.0,
        &format!("9. {}", categories.join("/")),
        53.0,
    )?;
    let fields = BTreeMap::from([
        (FieldName::Surname, p.surname.clone()),
        (FieldName::GivenNames, p.given_joined()),
        (FieldName::BirthDate, iso(p.birth)),
        (FieldName::BirthPlace, p.birth_place.clone()),
        (FieldName::IssueDate, iso(issue)),
        (FieldName::ExpiryDate, iso(expiry)),
        (FieldName::IssuingAuthority, authority.to_owned()),
        (FieldName::DocumentNumber, number),
        (FieldName::LicenceCategories, categories.join(" ")),
    ]);
    Ok(Document {
        card,
        document_type: DocumentType::DrivingLicence,
        fields,
        mrz: None,
    })
}
