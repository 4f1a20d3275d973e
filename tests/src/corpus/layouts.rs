//! The documents: each layout draws a card (positions in millimetres, after the real
//! documents) and states the ground truth of what it printed.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use carta_core::schema::{DocumentType, FieldName};

use super::AS_OF;
use super::identity::{self, Nation, Person};
use super::mrz::{Apostrophe, MrzData, name_field, name_form};
use super::render::{Align, Background, Card, Face, Fonts, Item, Rgb};

/// Which document (and side) an image shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Italian CIE 3.0, front: bilingual labels, values under them, number top right.
    ItCieFront,
    /// Italian CIE 3.0, back: codice fiscale, residence, birth record, TD1 MRZ.
    ItCieBack,
    /// Italian passport data page: numbered trilingual labels, TD3 MRZ.
    PassportTd3,
    /// Italian driving licence of the EU model: numbered fields 1–9.
    EuLicence,
    /// A German, French or Spanish identity card (TD1), front or back (the back has the MRZ).
    Td1Id,
    /// A Romanian identity card (TD2): trilingual labels and a TD2 MRZ on the front.
    Td2Id,
}

impl Layout {
    /// The six layouts in the order of the corpus rotation.
    pub const ALL: [Layout; 6] = [
        Layout::ItCieFront,
        Layout::ItCieBack,
        Layout::PassportTd3,
        Layout::EuLicence,
        Layout::Td1Id,
        Layout::Td2Id,
    ];
}

/// One drawn document with its ground truth.
#[derive(Debug)]
pub(crate) struct Document<'f> {
    /// The card to render.
    pub card: Card<'f>,
    /// The document kind Carta should report.
    pub document_type: DocumentType,
    /// Every field visible on this side, as Carta should output it.
    pub fields: BTreeMap<FieldName, String>,
    /// The MRZ lines, when this side has an MRZ.
    pub mrz: Option<Vec<String>>,
}

/// Label and value typography of a document.
#[derive(Debug, Clone, Copy)]
struct Style {
    label_face: Face,
    label_size: f32,
    label_color: Rgb,
    value_face: Face,
    value_size: f32,
    value_color: Rgb,
    /// Label baseline to value baseline, millimetres.
    gap: f32,
}

impl Style {
    fn label(&self, card: &mut Card<'_>, x: f32, y: f32, text: &str, max_w: f32) -> Result<()> {
        card.text_aligned(
            x,
            y,
            self.label_size,
            self.label_face,
            self.label_color,
            text,
            Align::Left,
            Some(max_w),
        )
    }

    fn value(&self, card: &mut Card<'_>, x: f32, y: f32, text: &str, max_w: f32) -> Result<()> {
        card.text_aligned(
            x,
            y,
            self.value_size,
            self.value_face,
            self.value_color,
            text,
            Align::Left,
            Some(max_w),
        )
    }

    /// A label with its value under it.
    fn pair(
        &self,
        card: &mut Card<'_>,
        x: f32,
        y: f32,
        label: &str,
        value: &str,
        max_w: f32,
    ) -> Result<()> {
        self.label(card, x, y, label, max_w)?;
        self.value(card, x, y + self.gap, value, max_w)
    }
}

/// `14.05.1987` (or with another separator).
fn dmy(d: Date, sep: &str) -> String {
    format!(
        "{:02}{sep}{:02}{sep}{}",
        d.day(),
        u8::from(d.month()),
        d.year()
    )
}

/// `14/05/87`.
fn dmy_short(d: Date, sep: &str) -> String {
    format!(
        "{:02}{sep}{:02}{sep}{:02}",
        d.day(),
        u8::from(d.month()),
        d.year().rem_euclid(100)
    )
}

/// `14 MAG/MAY 1987`, as Italian passports print dates.
fn passport_date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "GEN/JAN", "FEB/FEB", "MAR/MAR", "APR/APR", "MAG/MAY", "GIU/JUN", "LUG/JUL", "AGO/AUG",
        "SET/SEP", "OTT/OCT", "NOV/NOV", "DIC/DEC",
    ];
    format!(
        "{:02} {} {}",
        d.day(),
        MONTHS[usize::from(u8::from(d.month())) - 1],
        d.year()
    )
}

fn iso(d: Date) -> String {
    carta_core::validate::date::iso(d)
}

/// An issue date in the nine years before [`AS_OF`], when the holder was already an adult.
fn issue_date(rng: &mut StdRng, birth: Date) -> Result<Date> {
    let earliest = identity::add_years(AS_OF, -9)?.max(identity::add_years(birth, 18)?);
    let latest = AS_OF - Duration::days(10);
    if earliest >= latest {
        bail!("holder too young for an issue date");
    }
    Ok(earliest + Duration::days(rng.gen_range(0..(latest - earliest).whole_days())))
}

/// The holder's birthday in the year ten years after issue (CIE and Italian licences expire on
/// the birthday).
fn birthday_expiry(issue: Date, birth: Date) -> Result<Date> {
    identity::add_years(birth, issue.year() + 10 - birth.year())
}

/// Ten years after issue, the day before.
fn ten_years(issue: Date) -> Result<Date> {
    Ok(identity::add_years(issue, 10)? - Duration::days(1))
}

/// Draws people until one's name fits an MRZ name field of `width`.
fn person_for_mrz(
    rng: &mut StdRng,
    nation: Nation,
    width: usize,
    apostrophe: Apostrophe,
) -> Result<Person> {
    for _ in 0..100 {
        let p = identity::person(rng, nation)?;
        if name_field(&p.surname, &p.given, width, apostrophe).is_ok() {
            return Ok(p);
        }
    }
    bail!("no name fits the MRZ")
}

/// Sets the name fields from the MRZ form (for sides without a printed name).
fn mrz_names(fields: &mut BTreeMap<FieldName, String>, name_line: &str) {
    let (surname, given) = name_form(name_line);
    fields.insert(FieldName::Surname, surname);
    if !given.is_empty() {
        fields.insert(FieldName::GivenNames, given);
    }
}

const LABEL_BLUE: Rgb = [40, 60, 110];
const INK: Rgb = [18, 18, 24];
const RED: Rgb = [175, 30, 40];

/// Builds a document of `layout`; `variant` picks the side and country of TD1 cards.
pub(crate) fn build<'f>(
    fonts: &'f Fonts,
    layout: Layout,
    variant: u32,
    rng: &mut StdRng,
) -> Result<Document<'f>> {
    match layout {
        Layout::ItCieFront | Layout::ItCieBack => cie(fonts, layout == Layout::ItCieBack, rng),
        Layout::PassportTd3 => passport(fonts, rng),
        Layout::EuLicence => licence(fonts, rng),
        Layout::Td1Id => {
            let back = variant % 2 == 1;
            match (variant / 6) % 3 {
                0 => german_id(fonts, back, rng),
                1 => french_id(fonts, back, rng),
                _ => spanish_id(fonts, back, rng),
            }
        }
        Layout::Td2Id => romanian_id(fonts, rng),
    }
}

fn pastel(rng: &mut StdRng, a: Rgb, b: Rgb) -> Background {
    let j = |c: Rgb, rng: &mut StdRng| {
        c.map(|v| (i32::from(v) + rng.gen_range(-8..=8)).clamp(0, 255) as u8)
    };
    let from = j(a, rng);
    let to = j(b, rng);
    let ink = [
        from[0].saturating_sub(45),
        from[1].saturating_sub(35),
        to[2].saturating_sub(30),
    ];
    Background {
        from,
        to,
        ink,
        corner: 3.2,
    }
}

/// Italian CIE 3.0 (85.6 × 54 mm). Front: bilingual labels with values below, the number at
/// the top right. Back: codice fiscale with barcode, residence, birth record, TD1 MRZ.
fn cie<'f>(fonts: &'f Fonts, back: bool, rng: &mut StdRng) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Ita, 30, Apostrophe::Filler)?;
    let number = identity::pattern(rng, "CLDDDDDLL");
    let issue = issue_date(rng, p.birth)?;
    let expiry = birthday_expiry(issue, p.birth)?;
    let residence = *identity::COMUNI.choose(rng).unwrap_or(&identity::COMUNI[0]);
    let bg = pastel(rng, [236, 226, 232], [214, 232, 240]);
    let mut card = Card::new(fonts, 85.6, 54.0, 1000, bg);
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
fn passport<'f>(fonts: &'f Fonts, rng: &mut StdRng) -> Result<Document<'f>> {
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
    let mut card = Card::new(fonts, 125.0, 88.0, 1250, bg);
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
fn licence<'f>(fonts: &'f Fonts, rng: &mut StdRng) -> Result<Document<'f>> {
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
    let mut card = Card::new(fonts, 85.6, 54.0, 1000, bg);
    card.rect(3.0, 2.5, 14.0, 11.0, [0, 51, 153]);
    card.stars(8.5, 6.75, 3.0);
    card.text_aligned(
        8.5 + 0.55,
        7.8,
        2.8,
        Face::LiberationBold,
        [255, 255, 255],
        "I",
        Align::Right,
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
fn german_id<'f>(fonts: &'f Fonts, back: bool, rng: &mut StdRng) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Deu, 30, Apostrophe::Omit)?;
    let number = identity::german_card_number(rng);
    let issue = issue_date(rng, p.birth)?;
    let expiry = ten_years(issue)?;
    let bg = pastel(rng, [226, 236, 222], [240, 224, 226]);
    let mut card = Card::new(fonts, 85.6, 54.0, 1000, bg);
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
fn french_id<'f>(fonts: &'f Fonts, back: bool, rng: &mut StdRng) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Fra, 30, Apostrophe::Omit)?;
    let number = identity::pattern(rng, "AAAAAAAAA");
    let issue = issue_date(rng, p.birth)?;
    let expiry = ten_years(issue)?;
    let bg = pastel(rng, [222, 232, 246], [244, 226, 234]);
    let mut card = Card::new(fonts, 85.6, 54.0, 1000, bg);
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
fn spanish_id<'f>(fonts: &'f Fonts, back: bool, rng: &mut StdRng) -> Result<Document<'f>> {
    let p = person_for_mrz(rng, Nation::Esp, 30, Apostrophe::Omit)?;
    let number = identity::pattern(rng, "LLLDDDDDD");
    let dni = identity::dni_number(rng);
    let issue = issue_date(rng, p.birth)?;
    let expiry = ten_years(issue)?;
    let bg = pastel(rng, [226, 236, 246], [246, 230, 222]);
    let mut card = Card::new(fonts, 85.6, 54.0, 1000, bg);
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
fn romanian_id<'f>(fonts: &'f Fonts, rng: &mut StdRng) -> Result<Document<'f>> {
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
    let mut card = Card::new(fonts, 105.0, 74.0, 1050, bg);
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
