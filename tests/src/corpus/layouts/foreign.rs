//! Identity cards of other countries: German, French and Spanish TD1 cards (front and back)
//! and the Romanian TD2 card.

use std::collections::BTreeMap;

use anyhow::Result;
use rand::Rng;
use rand::rngs::StdRng;

use carta_core::schema::{DocumentType, FieldName};

use super::{
    Document, INK, RED, Style, dmy, dmy_short, iso, issue_date, mrz_names, pastel, person_for_mrz,
    ten_years,
};
use crate::corpus::identity::{self, Nation};
use crate::corpus::mrz::{Apostrophe, MrzData};
use crate::corpus::render::{Align, Card, Face, Fonts, Item};

/// The TD1 MRZ fields every back shows.
fn td1_fields(
    fields: &mut BTreeMap<FieldName, String>,
    data: &MrzData,
    lines: &[String],
    country: &str,
) {
    fields.extend([
        (FieldName::IssuingCountry, country.to_owned()),
        (FieldName::DocumentNumber, data.number.clone()),
        (FieldName::BirthDate, iso(data.birth)),
        (FieldName::ExpiryDate, iso(data.expiry)),
        (FieldName::Nationality, country.to_owned()),
        (
            FieldName::Sex,
            if data.sex == '<' {
                "X".to_owned()
            } else {
                data.sex.to_string()
            },
        ),
    ]);
    if let Some(name) = lines.get(2) {
        mrz_names(fields, name);
    }
}

/// German identity card (Personalausweis, 85.6 × 54 mm): German/English/French labels; no sex
/// printed and `<` in the MRZ; the front number has no label; the back has the address, height,
/// authority and issue date over the TD1 MRZ.
pub(super) fn german_id<'f>(
    fonts: &'f Fonts,
    back: bool,
    rng: &mut StdRng,
) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Deu, 30, Apostrophe::Omit)?;
    let number = identity::german_card_number(rng);
    let issue = issue_date(rng, p.birth)?;
    let expiry = ten_years(issue)?;
    let bg = pastel(rng, [226, 236, 222], [240, 224, 226]);
    let mut card = Card::new(fonts, 85.6, 54.0, bg);
    let style = Style {
        label_face: Face::Liberation,
        label_size: 1.4,
        label_color: [70, 70, 80],
        value_face: Face::LiberationBold,
        value_size: 2.6,
        value_color: INK,
        gap: 3.2,
    };
    let mut fields = BTreeMap::new();
    let mut mrz = None;
    if !back {
        card.text(
            4.0,
            4.8,
            2.4,
            Face::LiberationBold,
            INK,
            "BUNDESREPUBLIK DEUTSCHLAND",
        )?;
        card.text(
            4.0,
            7.4,
            1.3,
            Face::Liberation,
            INK,
            "FEDERAL REPUBLIC OF GERMANY / RÉPUBLIQUE FÉDÉRALE D'ALLEMAGNE",
        )?;
        card.text(
            4.0,
            10.4,
            1.7,
            Face::LiberationBold,
            INK,
            "PERSONALAUSWEIS / IDENTITY CARD / CARTE D'IDENTITÉ",
        )?;
        card.text_aligned(
            82.0,
            10.6,
            2.8,
            Face::LiberationBold,
            INK,
            &number,
            Align::Right,
            None,
        )?;
        card.shape(Item::Photo, 3.5, 14.0, 27.0, 45.0);
        let x = 30.0;
        let w = 82.0 - x;
        style.pair(&mut card, x, 14.5, "Name / Surname / Nom", &p.surname, w)?;
        style.pair(
            &mut card,
            x,
            21.0,
            "Vornamen / Given names / Prénoms",
            &p.given_joined(),
            w,
        )?;
        style.pair(
            &mut card,
            x,
            27.5,
            "Geburtstag / Date of birth / Date de naissance",
            &dmy(p.birth, "."),
            w,
        )?;
        style.pair(
            &mut card,
            x,
            34.0,
            "Staatsangehörigkeit / Nationality / Nationalité",
            "DEUTSCH",
            w,
        )?;
        style.pair(
            &mut card,
            x,
            40.5,
            "Geburtsort / Place of birth / Lieu de naissance",
            &p.birth_place,
            w,
        )?;
        style.pair(
            &mut card,
            x,
            47.0,
            "Gültig bis / Date of expiry / Date d'expiration",
            &dmy(expiry, "."),
            32.0,
        )?;
        let can = identity::pattern(rng, "DDDDDD");
        card.text_aligned(
            82.0,
            50.2,
            2.2,
            Face::LiberationBold,
            INK,
            &can,
            Align::Right,
            None,
        )?;
        card.shape(Item::Signature, 4.0, 46.5, 27.0, 52.5);
        fields.extend([
            (FieldName::DocumentNumber, number),
            (FieldName::Surname, p.surname.clone()),
            (FieldName::GivenNames, p.given_joined()),
            (FieldName::BirthDate, iso(p.birth)),
            (FieldName::Nationality, "DEU".to_owned()),
            (FieldName::BirthPlace, p.birth_place.clone()),
            (FieldName::ExpiryDate, iso(expiry)),
        ]);
    } else {
        let address = identity::address(rng, Nation::Deu);
        style.label(&mut card, 4.0, 5.0, "Anschrift / Address / Adresse", 50.0)?;
        for (i, l) in address.iter().enumerate() {
            style.value(&mut card, 4.0, 8.2 + 3.4 * i as f32, l, 60.0)?;
        }
        style.pair(
            &mut card,
            4.0,
            15.8,
            "Größe / Height / Taille",
            &format!("{} cm", p.height_cm),
            24.0,
        )?;
        const EYES: [&str; 4] = ["BRAUN", "BLAU", "GRÜN", "GRAU"];
        style.pair(
            &mut card,
            32.0,
            15.8,
            "Augenfarbe / Colour of eyes / Couleur des yeux",
            EYES[rng.gen_range(0..4)],
            40.0,
        )?;
        let city = address[0].split_once(' ').map_or("BERLIN", |(_, c)| c);
        let authority = format!("STADT {city}");
        style.pair(
            &mut card,
            4.0,
            22.6,
            "Behörde / Authority / Autorité",
            &authority,
            50.0,
        )?;
        style.pair(
            &mut card,
            58.0,
            22.6,
            "Datum / Date / Date",
            &dmy(issue, "."),
            24.0,
        )?;
        let data = MrzData {
            code: "ID",
            issuer: "D",
            number: number.clone(),
            nationality: "D",
            birth: p.birth,
            sex: '<',
            expiry,
            optional: String::new(),
            surname: p.surname.clone(),
            given: p.given.clone(),
            apostrophe: Apostrophe::Omit,
        };
        let lines = data.td1()?;
        card.mrz(4.7, 41.2, 4.3, &lines)?;
        fields.extend([
            (FieldName::Address, address.join(" ")),
            (FieldName::HeightCm, p.height_cm.to_string()),
            (FieldName::IssuingAuthority, authority),
            (FieldName::IssueDate, iso(issue)),
        ]);
        td1_fields(&mut fields, &data, &lines, "DEU");
        mrz = Some(lines);
    }
    Ok(Document {
        card,
        document_type: DocumentType::IdCard,
        fields,
        mrz,
    })
}

/// French identity card of the 2021 model (85.6 × 54 mm): French/English labels, given names in
/// mixed case separated by commas, dates as `13 07 1990`; the back has the address and issue
/// date over the TD1 MRZ.
pub(super) fn french_id<'f>(
    fonts: &'f Fonts,
    back: bool,
    rng: &mut StdRng,
) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Fra, 30, Apostrophe::Omit)?;
    let number = identity::pattern(rng, "AAAAAAAAA");
    let issue = issue_date(rng, p.birth)?;
    let expiry = ten_years(issue)?;
    let bg = pastel(rng, [222, 232, 246], [244, 226, 234]);
    let mut card = Card::new(fonts, 85.6, 54.0, bg);
    let style = Style {
        label_face: Face::Sans,
        label_size: 1.35,
        label_color: [60, 60, 90],
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
            [30, 40, 120],
            "RÉPUBLIQUE FRANÇAISE",
        )?;
        card.text(
            4.0,
            8.2,
            1.8,
            Face::SansBold,
            [30, 40, 120],
            "CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD",
        )?;
        card.shape(Item::Photo, 3.5, 12.0, 25.5, 42.0);
        let x = 28.0;
        let w = 82.0 - x;
        let given_printed = p
            .given
            .iter()
            .map(|g| mixed_case(g))
            .collect::<Vec<_>>()
            .join(", ");
        style.pair(&mut card, x, 12.5, "NOM / Surname", &p.surname, w)?;
        style.pair(
            &mut card,
            x,
            18.9,
            "Prénoms / Given names",
            &given_printed,
            w,
        )?;
        style.label(&mut card, x, 25.3, "SEXE / Sex", 12.0)?;
        style.label(&mut card, 41.0, 25.3, "NATIONALITÉ / Nationality", 19.0)?;
        style.label(
            &mut card,
            61.0,
            25.3,
            "DATE DE NAISS. / Date of birth",
            21.0,
        )?;
        style.value(&mut card, x, 28.4, p.sex.letter(), 10.0)?;
        style.value(&mut card, 41.0, 28.4, "FRA", 18.0)?;
        style.value(&mut card, 61.0, 28.4, &dmy(p.birth, " "), 21.0)?;
        style.pair(
            &mut card,
            x,
            31.7,
            "LIEU DE NAISSANCE / Place of birth",
            &p.birth_place,
            w,
        )?;
        style.label(&mut card, x, 38.1, "N° DU DOCUMENT / Document No", 30.0)?;
        style.label(&mut card, 61.0, 38.1, "DATE D'EXPIR. / Expiry date", 21.0)?;
        style.value(&mut card, x, 41.2, &number, 30.0)?;
        style.value(&mut card, 61.0, 41.2, &dmy(expiry, " "), 21.0)?;
        card.shape(Item::Signature, 30.0, 44.0, 62.0, 52.0);
        fields.extend([
            (FieldName::Surname, p.surname.clone()),
            (FieldName::GivenNames, given_printed.to_uppercase()),
            (FieldName::Sex, p.sex.letter().to_owned()),
            (FieldName::Nationality, "FRA".to_owned()),
            (FieldName::BirthDate, iso(p.birth)),
            (FieldName::BirthPlace, p.birth_place.clone()),
            (FieldName::DocumentNumber, number),
            (FieldName::ExpiryDate, iso(expiry)),
        ]);
    } else {
        let address = identity::address(rng, Nation::Fra);
        style.label(&mut card, 4.0, 5.0, "ADRESSE / Address", 40.0)?;
        for (i, l) in address.iter().enumerate() {
            style.value(&mut card, 4.0, 8.1 + 3.3 * i as f32, l, 70.0)?;
        }
        style.pair(
            &mut card,
            4.0,
            18.0,
            "DATE DE DÉLIVRANCE / Date of issue",
            &dmy(issue, " "),
            40.0,
        )?;
        let data = MrzData {
            code: "ID",
            issuer: "FRA",
            number: number.clone(),
            nationality: "FRA",
            birth: p.birth,
            sex: p.sex.letter().chars().next().unwrap_or('<'),
            expiry,
            optional: String::new(),
            surname: p.surname.clone(),
            given: p.given.clone(),
            apostrophe: Apostrophe::Omit,
        };
        let lines = data.td1()?;
        card.mrz(4.7, 41.2, 4.3, &lines)?;
        fields.extend([
            (FieldName::Address, address.join(" ")),
            (FieldName::IssueDate, iso(issue)),
        ]);
        td1_fields(&mut fields, &data, &lines, "FRA");
        mrz = Some(lines);
    }
    Ok(Document {
        card,
        document_type: DocumentType::IdCard,
        fields,
        mrz,
    })
}

/// `MAËLYS-GAËLLE` → `Maëlys-Gaëlle`.
fn mixed_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

/// Spanish DNI (85.6 × 54 mm): Spanish/English labels, two surnames, the DNI number (personal
/// number) at the top, the support number as document number; the back has birth place,
/// address and parents over the TD1 MRZ.
pub(super) fn spanish_id<'f>(
    fonts: &'f Fonts,
    back: bool,
    rng: &mut StdRng,
) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Esp, 30, Apostrophe::Omit)?;
    let number = identity::pattern(rng, "LLLDDDDDD");
    let dni = identity::dni_number(rng);
    let issue = issue_date(rng, p.birth)?;
    let expiry = ten_years(issue)?;
    let bg = pastel(rng, [226, 236, 246], [246, 230, 222]);
    let mut card = Card::new(fonts, 85.6, 54.0, bg);
    let style = Style {
        label_face: Face::Liberation,
        label_size: 1.4,
        label_color: [90, 50, 60],
        value_face: Face::LiberationBold,
        value_size: 2.5,
        value_color: INK,
        gap: 3.1,
    };
    let mut fields = BTreeMap::new();
    let mut mrz = None;
    if !back {
        card.text(4.0, 5.0, 2.6, Face::LiberationBold, [150, 30, 40], "ESPAÑA")?;
        card.text(
            4.0,
            8.6,
            1.9,
            Face::LiberationBold,
            INK,
            "DOCUMENTO NACIONAL DE IDENTIDAD",
        )?;
        card.text_aligned(
            82.0,
            5.6,
            2.6,
            Face::LiberationBold,
            INK,
            &format!("DNI {dni}"),
            Align::Right,
            None,
        )?;
        card.shape(Item::Photo, 3.5, 12.0, 26.0, 44.0);
        let x = 29.0;
        let w = 82.0 - x;
        style.pair(&mut card, x, 12.5, "APELLIDOS / SURNAME", &p.surname, w)?;
        style.pair(&mut card, x, 18.9, "NOMBRE / NAME", &p.given_joined(), w)?;
        style.label(&mut card, x, 25.3, "SEXO / SEX", 14.0)?;
        style.label(&mut card, 46.0, 25.3, "NACIONALIDAD / NATIONALITY", 30.0)?;
        style.value(&mut card, x, 28.4, p.sex.letter(), 10.0)?;
        style.value(&mut card, 46.0, 28.4, "ESP", 20.0)?;
        style.pair(
            &mut card,
            x,
            31.7,
            "FECHA DE NACIMIENTO / DATE OF BIRTH",
            &dmy(p.birth, " "),
            w,
        )?;
        style.label(&mut card, x, 38.1, "NÚM. SOPORTE / SUPPORT No.", 26.0)?;
        style.label(&mut card, 58.0, 38.1, "VÁLIDO HASTA / VALID UNTIL", 24.0)?;
        style.value(&mut card, x, 41.2, &number, 26.0)?;
        style.value(&mut card, 58.0, 41.2, &dmy(expiry, " "), 24.0)?;
        card.shape(Item::Signature, 30.0, 44.0, 62.0, 52.0);
        fields.extend([
            (FieldName::PersonalNumber, dni.clone()),
            (FieldName::Surname, p.surname.clone()),
            (FieldName::GivenNames, p.given_joined()),
            (FieldName::Sex, p.sex.letter().to_owned()),
            (FieldName::Nationality, "ESP".to_owned()),
            (FieldName::BirthDate, iso(p.birth)),
            (FieldName::DocumentNumber, number),
            (FieldName::ExpiryDate, iso(expiry)),
        ]);
    } else {
        style.pair(
            &mut card,
            4.0,
            5.0,
            "LUGAR DE NACIMIENTO / PLACE OF BIRTH",
            &p.birth_place,
            60.0,
        )?;
        let address = identity::address(rng, Nation::Esp);
        style.label(&mut card, 4.0, 11.6, "DOMICILIO / ADDRESS", 40.0)?;
        for (i, l) in address.iter().enumerate() {
            style.value(&mut card, 4.0, 14.7 + 3.3 * i as f32, l, 70.0)?;
        }
        const PARENTS: [(&str, &str); 4] = [
            ("JUAN", "MARÍA"),
            ("JOSÉ", "CARMEN"),
            ("ANTONIO", "ISABEL"),
            ("MANUEL", "ROCÍO"),
        ];
        let (father, mother) = PARENTS[rng.gen_range(0..PARENTS.len())];
        style.pair(
            &mut card,
            4.0,
            27.5,
            "HIJO/A DE / SON/DAUGHTER OF",
            &format!("{father} / {mother}"),
            50.0,
        )?;
        let data = MrzData {
            code: "ID",
            issuer: "ESP",
            number: number.clone(),
            nationality: "ESP",
            birth: p.birth,
            sex: p.sex.letter().chars().next().unwrap_or('<'),
            expiry,
            optional: dni.clone(),
            surname: p.surname.clone(),
            given: p.given.clone(),
            apostrophe: Apostrophe::Omit,
        };
        let lines = data.td1()?;
        card.mrz(4.7, 41.2, 4.3, &lines)?;
        fields.extend([
            (FieldName::BirthPlace, p.birth_place.clone()),
            (FieldName::Address, address.join(" ")),
            (FieldName::PersonalNumber, dni),
        ]);
        td1_fields(&mut fields, &data, &lines, "ESP");
        mrz = Some(lines);
    }
    Ok(Document {
        card,
        document_type: DocumentType::IdCard,
        fields,
        mrz,
    })
}

/// Romanian identity card (carte de identitate, 105 × 74 mm): Romanian/French/English labels,
/// series and number at the top right, the CNP (personal number), validity as one
/// `issue-expiry` range, TD2 MRZ at the bottom of the front.
pub(super) fn romanian_id<'f>(fonts: &'f Fonts, rng: &mut StdRng) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Rou, 31, Apostrophe::Omit)?;
    let series = identity::pattern(rng, "LL");
    let serial = identity::pattern(rng, "DDDDDD");
    let number = format!("{series}{serial}");
    let cnp = identity::cnp(rng, &p);
    let issue = issue_date(rng, p.birth)?;
    let expiry = identity::add_years(issue, 10)?;
    let address = identity::address(rng, Nation::Rou);
    let authority = format!(
        "SPCLEP {}",
        address[0].split("Mun.").nth(1).unwrap_or("Cluj-Napoca")
    );
    let bg = pastel(rng, [224, 234, 244], [240, 240, 214]);
    let mut card = Card::new(fonts, 105.0, 74.0, bg);
    let style = Style {
        label_face: Face::Liberation,
        label_size: 1.6,
        label_color: [50, 60, 100],
        value_face: Face::LiberationBold,
        value_size: 2.6,
        value_color: INK,
        gap: 3.2,
    };
    card.text(
        4.0,
        5.5,
        2.6,
        Face::LiberationBold,
        [30, 40, 110],
        "ROMÂNIA  ROUMANIE  ROMANIA",
    )?;
    card.text(
        4.0,
        9.2,
        2.0,
        Face::LiberationBold,
        [30, 40, 110],
        "CARTE DE IDENTITATE  CARTE D'IDENTITÉ  IDENTITY CARD",
    )?;
    card.text_aligned(
        101.0,
        5.6,
        2.6,
        Face::LiberationBold,
        RED,
        &format!("SERIA {series} NR {serial}"),
        Align::Right,
        None,
    )?;
    card.shape(Item::Photo, 4.0, 13.0, 33.0, 50.0);
    let x = 36.0;
    let w = 101.0 - x;
    card.text(
        x,
        14.2,
        2.6,
        Face::LiberationBold,
        INK,
        &format!("CNP {cnp}"),
    )?;
    style.pair(&mut card, x, 18.0, "Nume/Nom/Last name", &p.surname, w)?;
    style.pair(
        &mut card,
        x,
        24.2,
        "Prenume/Prénom/First name",
        &p.given_joined(),
        w,
    )?;
    style.label(
        &mut card,
        x,
        30.4,
        "Cetățenie/Nationalité/Nationality",
        44.0,
    )?;
    style.label(&mut card, 84.0, 30.4, "Sex/Sexe/Sex", 17.0)?;
    style.value(&mut card, x, 33.6, "Română / ROU", 40.0)?;
    style.value(&mut card, 84.0, 33.6, p.sex.letter(), 10.0)?;
    style.pair(
        &mut card,
        x,
        36.6,
        "Loc naștere/Lieu de naissance/Place of birth",
        &p.birth_place,
        w,
    )?;
    style.label(&mut card, x, 42.8, "Domiciliu/Adresse/Address", w)?;
    style.value(&mut card, x, 46.0, &address[0], w)?;
    style.value(&mut card, x, 49.2, &address[1], w)?;
    style.label(&mut card, x, 52.6, "Emisă de/Délivrée par/Issued by", 34.0)?;
    style.label(
        &mut card,
        72.0,
        52.6,
        "Valabilitate/Validité/Validity",
        29.0,
    )?;
    style.value(&mut card, x, 55.8, &authority, 34.0)?;
    let validity = format!("{}-{}", dmy_short(issue, "."), dmy(expiry, "."));
    style.value(&mut card, 72.0, 55.8, &validity, 29.0)?;
    let optional: String = cnp.chars().take(1).chain(cnp.chars().skip(7)).collect();
    let data = MrzData {
        code: "ID",
        issuer: "ROU",
        number: number.clone(),
        nationality: "ROU",
        birth: p.birth,
        sex: p.sex.letter().chars().next().unwrap_or('<'),
        expiry,
        optional,
        surname: p.surname.clone(),
        given: p.given.clone(),
        apostrophe: Apostrophe::Omit,
    };
    let lines = data.td2()?;
    card.mrz(6.8, 64.5, 5.0, &lines)?;
    let fields = BTreeMap::from([
        (FieldName::IssuingCountry, "ROU".to_owned()),
        (FieldName::DocumentNumber, number),
        (FieldName::Surname, p.surname.clone()),
        (FieldName::GivenNames, p.given_joined()),
        (FieldName::BirthDate, iso(p.birth)),
        (FieldName::BirthPlace, p.birth_place.clone()),
        (FieldName::Sex, p.sex.letter().to_owned()),
        (FieldName::Nationality, "ROU".to_owned()),
        (FieldName::IssueDate, iso(issue)),
        (FieldName::ExpiryDate, iso(expiry)),
        (FieldName::IssuingAuthority, authority),
        (FieldName::PersonalNumber, cnp),
        (FieldName::Address, address.join(" ")),
    ]);
    Ok(Document {
        card,
        document_type: DocumentType::IdCard,
        fields,
        mrz: Some(lines),
    })
}
