//! The documents: each layout draws a card (positions in millimetres, after the real
//! documents) and states the ground truth of what it printed. Italian documents are in
//! `italy.rs`, the German, French, Spanish and Romanian cards in `foreign.rs`.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use rand::Rng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use carta_core::schema::{DocumentType, FieldName};

use super::AS_OF;
use super::identity::{self, Nation, Person};
use super::mrz::{Apostrophe, name_field, name_form};
use super::render::{Align, Background, Card, Face, Fonts, Rgb};

mod foreign;
mod italy;

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
        Layout::ItCieFront | Layout::ItCieBack => {
            italy::cie(fonts, layout == Layout::ItCieBack, rng)
        }
        Layout::PassportTd3 => italy::passport(fonts, rng),
        Layout::EuLicence => italy::licence(fonts, rng),
        Layout::Td1Id => {
            let back = variant % 2 == 1;
            match (variant / 6) % 3 {
                0 => foreign::german_id(fonts, back, rng),
                1 => foreign::french_id(fonts, back, rng),
                _ => foreign::spanish_id(fonts, back, rng),
            }
        }
        Layout::Td2Id => foreign::romanian_id(fonts, rng),
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
