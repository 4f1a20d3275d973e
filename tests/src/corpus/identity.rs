//! Plausible fictional identities: names (with the accents and apostrophes real documents
//! print), birth dates and places, addresses, heights, Italian codici fiscali and Romanian
//! personal numbers (CNP) with valid check characters.

use anyhow::{Context, Result, bail};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use time::{Date, Duration, Month};

use carta_core::validate::fiscal_code;

use super::AS_OF;

/// The country whose naming customs and places an identity follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nation {
    /// Italy.
    Ita,
    /// Germany.
    Deu,
    /// France.
    Fra,
    /// Spain.
    Esp,
    /// Romania.
    Rou,
}

/// `M` or `F`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sex {
    /// Male.
    M,
    /// Female.
    F,
}

impl Sex {
    /// The one-letter marker.
    pub fn letter(self) -> &'static str {
        match self {
            Sex::M => "M",
            Sex::F => "F",
        }
    }
}

/// An Italian municipality with its province and Belfiore (cadastral) code.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Comune {
    /// Name as printed on documents (upper case, accents and apostrophes kept).
    pub name: &'static str,
    /// Province code.
    pub province: &'static str,
    /// Belfiore code, used in the codice fiscale.
    pub belfiore: &'static str,
}

impl Comune {
    /// `ROMA (RM)`.
    pub fn with_province(&self) -> String {
        format!("{} ({})", self.name, self.province)
    }
}

/// Real municipalities; every code exists in carta-core's dated Belfiore table for the birth
/// years generated here (checked by a test).
pub(crate) const COMUNI: &[Comune] = &[
    Comune {
        name: "ROMA",
        province: "RM",
        belfiore: "H501",
    },
    Comune {
        name: "MILANO",
        province: "MI",
        belfiore: "F205",
    },
    Comune {
        name: "NAPOLI",
        province: "NA",
        belfiore: "F839",
    },
    Comune {
        name: "TORINO",
        province: "TO",
        belfiore: "L219",
    },
    Comune {
        name: "PALERMO",
        province: "PA",
        belfiore: "G273",
    },
    Comune {
        name: "BARI",
        province: "BA",
        belfiore: "A662",
    },
    Comune {
        name: "FIRENZE",
        province: "FI",
        belfiore: "D612",
    },
    Comune {
        name: "BOLOGNA",
        province: "BO",
        belfiore: "A944",
    },
    Comune {
        name: "GENOVA",
        province: "GE",
        belfiore: "D969",
    },
    Comune {
        name: "CATANIA",
        province: "CT",
        belfiore: "C351",
    },
    Comune {
        name: "PADOVA",
        province: "PD",
        belfiore: "G224",
    },
    Comune {
        name: "LECCE",
        province: "LE",
        belfiore: "E506",
    },
    Comune {
        name: "L'AQUILA",
        province: "AQ",
        belfiore: "A345",
    },
    Comune {
        name: "FORLÌ",
        province: "FC",
        belfiore: "D704",
    },
    Comune {
        name: "CANTÙ",
        province: "CO",
        belfiore: "B639",
    },
    Comune {
        name: "NARDÒ",
        province: "LE",
        belfiore: "F842",
    },
    Comune {
        name: "SANT'ANTIMO",
        province: "NA",
        belfiore: "I293",
    },
];

/// Name lists of one nation. `special` lists hold the names with accents, apostrophes or
/// several words, drawn for a fixed share of identities.
struct Names {
    surnames: &'static [&'static str],
    surnames_special: &'static [&'static str],
    male: &'static [&'static str],
    male_special: &'static [&'static str],
    female: &'static [&'static str],
    female_special: &'static [&'static str],
}

const ITA: Names = Names {
    surnames: &[
        "ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI", "ROMANO", "COLOMBO", "RICCI", "MARINO",
        "GRECO", "BRUNO", "GALLO", "CONTI", "COSTA", "GIORDANO", "MANCINI", "RIZZO", "LOMBARDI",
        "MORETTI", "BARBIERI", "FONTANA", "SANTORO", "RINALDI", "CARUSO", "LEONE",
    ],
    surnames_special: &[
        "D'AMICO",
        "D'ANGELO",
        "DELL'ORTO",
        "D'ALESSIO",
        "DE LUCA",
        "LO BIANCO",
        "CANTÙ",
        "BERTÈ",
        "NICOLÒ",
        "DI PIETRO",
        "DELL'ACQUA",
        "D'ARRIGO",
    ],
    male: &[
        "MARIO",
        "GIUSEPPE",
        "LUCA",
        "MARCO",
        "ANDREA",
        "FRANCESCO",
        "ALESSANDRO",
        "MATTEO",
        "LORENZO",
        "DAVIDE",
        "SIMONE",
        "RICCARDO",
        "STEFANO",
        "PAOLO",
        "GIOVANNI",
        "ANTONIO",
    ],
    male_special: &[
        "NICOLÒ",
        "NICCOLÒ",
        "GIOSUÈ",
        "MOSÈ",
        "GIAN LUCA",
        "PIER PAOLO",
    ],
    female: &[
        "GIULIA",
        "CHIARA",
        "FRANCESCA",
        "SARA",
        "MARTINA",
        "ANNA",
        "ELENA",
        "SILVIA",
        "ALESSIA",
        "FEDERICA",
        "VALENTINA",
        "LAURA",
        "PAOLA",
        "ROBERTA",
    ],
    female_special: &["MARIA GRAZIA", "ANNA MARIA", "MARIA CHIARA", "ZOÈ"],
};

const DEU: Names = Names {
    surnames: &[
        "SCHMIDT",
        "SCHNEIDER",
        "FISCHER",
        "WEBER",
        "MEYER",
        "WAGNER",
        "BECKER",
        "SCHULZ",
        "HOFFMANN",
        "KOCH",
        "RICHTER",
        "KLEIN",
        "WOLF",
        "NEUMANN",
    ],
    surnames_special: &[
        "MÜLLER",
        "SCHRÖDER",
        "KÖNIG",
        "GÄRTNER",
        "KRÜGER",
        "JÄGER",
        "BÖHM",
    ],
    male: &[
        "MICHAEL", "THOMAS", "ANDREAS", "STEFAN", "LUKAS", "FELIX", "PETER", "KLAUS",
    ],
    male_special: &["JÜRGEN", "HANS JÜRGEN", "JÖRG", "SÖREN"],
    female: &[
        "ERIKA",
        "ANNA",
        "SABINE",
        "JULIA",
        "KATHARINA",
        "PETRA",
        "MONIKA",
        "LENA",
    ],
    female_special: &["BÄRBEL", "ANNA-LENA", "KÄTHE", "JÖRDIS"],
};

const FRA: Names = Names {
    surnames: &[
        "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "MOREAU",
        "GIRARD", "MERCIER", "BLANC", "GUERIN", "FAURE",
    ],
    surnames_special: &[
        "LEFÈVRE",
        "FRANÇOIS",
        "D'ALMEIDA",
        "GAUTHIER-LEBRUN",
        "BÉRANGER",
    ],
    male: &[
        "JEAN", "PIERRE", "LOUIS", "HUGO", "LUCAS", "NICOLAS", "JULIEN", "PAUL",
    ],
    male_special: &["JÉRÔME", "THÉO", "NOËL", "FRANÇOIS", "JEAN-BAPTISTE"],
    female: &[
        "MARIE", "CLAIRE", "JULIE", "SOPHIE", "CAMILLE", "EMMA", "LAURA", "MANON",
    ],
    female_special: &[
        "CÉLINE", "HÉLÈNE", "CHLOÉ", "MAËLYS", "GAËLLE", "LÉA", "AMÉLIE",
    ],
};

const ESP: Names = Names {
    surnames: &[
        "RUIZ",
        "MORENO",
        "ROMERO",
        "NAVARRO",
        "TORRES",
        "DOMINGUEZ",
        "VAZQUEZ",
    ],
    surnames_special: &[
        "GARCÍA",
        "MARTÍNEZ",
        "LÓPEZ",
        "SÁNCHEZ",
        "PÉREZ",
        "GÓMEZ",
        "MARTÍN",
        "JIMÉNEZ",
        "HERNÁNDEZ",
        "DÍAZ",
        "MUÑOZ",
        "ÁLVAREZ",
        "NÚÑEZ",
        "IBÁÑEZ",
    ],
    male: &[
        "ANTONIO", "MANUEL", "DAVID", "JAVIER", "DANIEL", "CARLOS", "PABLO",
    ],
    male_special: &["JOSÉ", "JOSÉ LUIS", "ÁNGEL", "JESÚS", "JOAQUÍN"],
    female: &[
        "CARMEN", "ANA", "LAURA", "ISABEL", "CRISTINA", "MARTA", "ELENA",
    ],
    female_special: &["MARÍA", "MARÍA JOSÉ", "LUCÍA", "ROCÍO", "INÉS"],
};

const ROU: Names = Names {
    surnames: &[
        "POPESCU",
        "IONESCU",
        "POPA",
        "STAN",
        "DUMITRU",
        "STOICA",
        "GHEORGHE",
        "RUSU",
        "MUNTEANU",
        "MATEI",
        "CONSTANTIN",
        "NEAGU",
    ],
    surnames_special: &[
        "ȘTEFĂNESCU",
        "MUREȘAN",
        "RĂDULESCU",
        "ȚĂRANU",
        "BĂLAN",
        "NĂSTASE",
    ],
    male: &[
        "ANDREI",
        "MIHAI",
        "ALEXANDRU",
        "IOAN",
        "CONSTANTIN",
        "GHEORGHE",
        "VLAD",
    ],
    male_special: &["ȘTEFAN", "RĂZVAN", "COSTEL-ȘERBAN"],
    female: &[
        "MARIA",
        "ELENA",
        "IOANA",
        "ANDREEA",
        "CRISTINA",
        "ALEXANDRA",
        "ROXANA",
    ],
    female_special: &["MĂDĂLINA", "RALUCA-ȘTEFANIA", "IRINA-MĂDĂLINA"],
};

/// A fictional person.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// Surname(s) as printed in the visual zone, upper case.
    pub surname: String,
    /// Given names as printed in the visual zone, upper case, one per entry.
    pub given: Vec<String>,
    /// Sex.
    pub sex: Sex,
    /// Birth date.
    pub birth: Date,
    /// Italian birthplace (Italians only).
    pub comune: Option<Comune>,
    /// Birth place as printed (for Italians the municipality with its province).
    pub birth_place: String,
    /// Height in centimetres.
    pub height_cm: u32,
}

impl Person {
    /// Given names joined by spaces, as most documents print them.
    pub fn given_joined(&self) -> String {
        self.given.join(" ")
    }
}

fn pick<'a>(rng: &mut StdRng, list: &'a [&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or("X")
}

/// A birth date between 1950 and the day the holder turned 18 before [`AS_OF`].
fn birth_date(rng: &mut StdRng) -> Result<Date> {
    let first = Date::from_calendar_date(1950, Month::January, 1)?;
    let last = add_years(AS_OF, -19)?;
    let span = (last - first).whole_days();
    Ok(first + Duration::days(rng.gen_range(0..span)))
}

/// `date` shifted by whole years (29 February becomes 28 February when needed).
pub(crate) fn add_years(date: Date, years: i32) -> Result<Date> {
    let year = date.year() + years;
    Date::from_calendar_date(year, date.month(), date.day())
        .or_else(|_| Date::from_calendar_date(year, date.month(), date.day() - 1))
        .context("date out of range")
}

/// A new person of `nation`. `special` is the share of names drawn from the lists with
/// accents, apostrophes or several words.
pub(crate) fn person(rng: &mut StdRng, nation: Nation) -> Result<Person> {
    let names = match nation {
        Nation::Ita => &ITA,
        Nation::Deu => &DEU,
        Nation::Fra => &FRA,
        Nation::Esp => &ESP,
        Nation::Rou => &ROU,
    };
    let sex = if rng.gen_bool(0.5) { Sex::M } else { Sex::F };
    let surname_list = if rng.gen_bool(0.4) {
        names.surnames_special
    } else {
        names.surnames
    };
    let mut surname = pick(rng, surname_list).to_owned();
    if nation == Nation::Esp {
        // Spaniards carry two surnames.
        let second = pick(rng, names.surnames_special);
        if second != surname {
            surname = format!("{surname} {second}");
        }
    }
    let (plain, special) = match sex {
        Sex::M => (names.male, names.male_special),
        Sex::F => (names.female, names.female_special),
    };
    let list = if rng.gen_bool(0.35) { special } else { plain };
    let first = pick(rng, list);
    let mut given: Vec<String> = first.split(' ').map(str::to_owned).collect();
    // French and German documents often list a second given name.
    if matches!(nation, Nation::Fra | Nation::Deu) && given.len() == 1 && rng.gen_bool(0.3) {
        let second = pick(rng, plain);
        if second != first {
            given.push(second.to_owned());
        }
    }
    let birth = birth_date(rng)?;
    let (comune, birth_place) = match nation {
        Nation::Ita => {
            let c = *COMUNI.choose(rng).context("no comuni")?;
            (Some(c), c.with_province())
        }
        Nation::Deu => (None, pick(rng, DEU_CITIES).to_owned()),
        Nation::Fra => (None, pick(rng, FRA_CITIES).to_owned()),
        Nation::Esp => (None, pick(rng, ESP_CITIES).to_owned()),
        Nation::Rou => (None, rou_place(rng)),
    };
    let height_cm = match sex {
        Sex::M => rng.gen_range(165..=195),
        Sex::F => rng.gen_range(152..=182),
    };
    Ok(Person {
        surname,
        given,
        sex,
        birth,
        comune,
        birth_place,
        height_cm,
    })
}

const DEU_CITIES: &[&str] = &[
    "BERLIN",
    "HAMBURG",
    "MÜNCHEN",
    "KÖLN",
    "FRANKFURT AM MAIN",
    "DÜSSELDORF",
];
const FRA_CITIES: &[&str] = &[
    "PARIS (75)",
    "LYON (69)",
    "MARSEILLE (13)",
    "TOULOUSE (31)",
    "NICE (06)",
    "NANTES (44)",
];
const ESP_CITIES: &[&str] = &[
    "MADRID",
    "BARCELONA",
    "SEVILLA",
    "VALENCIA",
    "MÁLAGA",
    "ZARAGOZA",
];

/// Romanian counties: code printed as `Jud.XX`, municipality, CNP county number.
const ROU_COUNTIES: &[(&str, &str, u32)] = &[
    ("CJ", "Cluj-Napoca", 12),
    ("IS", "Iași", 22),
    ("TM", "Timișoara", 35),
    ("CT", "Constanța", 13),
    ("BV", "Brașov", 8),
    ("DJ", "Craiova", 16),
];

fn rou_place(rng: &mut StdRng) -> String {
    let &(county, town, _) = ROU_COUNTIES.choose(rng).unwrap_or(&ROU_COUNTIES[0]);
    format!("Jud.{county} Mun.{town}")
}

/// The county of a Romanian birth place (`Jud.CJ …`): its CNP number.
fn rou_county_number(place: &str) -> u32 {
    ROU_COUNTIES
        .iter()
        .find(|(c, _, _)| place.starts_with(&format!("Jud.{c}")))
        .map_or(12, |&(_, _, n)| n)
}

/// A street address in an Italian municipality, on one line: `VIA ROMA 12 MILANO (MI)`.
pub(crate) fn italian_address(rng: &mut StdRng, comune: &Comune) -> String {
    const STREETS: &[&str] = &[
        "VIA GIUSEPPE GARIBALDI",
        "VIA ROMA",
        "CORSO VITTORIO EMANUELE II",
        "PIAZZA DEL POPOLO",
        "VIALE DEI MILLE",
        "VIA DELL'ARCO",
        "VIA SANT'ANDREA",
        "LARGO NICOLÒ TOMMASEO",
        "VIA DANTE ALIGHIERI",
    ];
    let n: u32 = rng.gen_range(1..=180);
    format!("{} {n} {}", pick(rng, STREETS), comune.with_province())
}

/// A street address of the person's country, one entry per printed line.
pub(crate) fn address(rng: &mut StdRng, nation: Nation) -> Vec<String> {
    let n: u32 = rng.gen_range(1..=180);
    match nation {
        Nation::Ita => {
            let comune = *COMUNI.choose(rng).unwrap_or(&COMUNI[0]);
            vec![italian_address(rng, &comune)]
        }
        Nation::Deu => {
            const STREETS: &[&str] = &[
                "HEIDESTRASSE",
                "HAUPTSTRASSE",
                "GARTENWEG",
                "SCHLOSSALLEE",
                "MÜHLENSTRASSE",
            ];
            let plz: u32 = rng.gen_range(10_000..99_999);
            vec![
                format!("{plz} {}", pick(rng, DEU_CITIES)),
                format!("{} {n}", pick(rng, STREETS)),
            ]
        }
        Nation::Fra => {
            const STREETS: &[&str] = &[
                "RUE DE LA PAIX",
                "AVENUE VICTOR HUGO",
                "RUE DES ÉCOLES",
                "BOULEVARD SAINT-MICHEL",
            ];
            let cp: u32 = rng.gen_range(10_000..95_999);
            let city = pick(rng, FRA_CITIES);
            let city = city.split(" (").next().unwrap_or(city);
            vec![
                format!("{n} {}", pick(rng, STREETS)),
                format!("{cp} {city}"),
            ]
        }
        Nation::Esp => {
            const STREETS: &[&str] = &[
                "C. MAYOR",
                "AVDA. DE LA CONSTITUCIÓN",
                "C. ALCALÁ",
                "PZA. DE ESPAÑA",
            ];
            let city = pick(rng, ESP_CITIES);
            let floor: u32 = rng.gen_range(1..9);
            let door = pick(rng, &["A", "B", "C", "D"]);
            vec![
                format!("{} {n} P{floor:02} {door}", pick(rng, STREETS)),
                city.to_owned(),
                city.to_owned(),
            ]
        }
        Nation::Rou => {
            const STREETS: &[&str] = &[
                "Str.Memorandumului",
                "Bd.Eroilor",
                "Str.Mihai Eminescu",
                "Calea Victoriei",
            ];
            let &(county, town, _) = ROU_COUNTIES.choose(rng).unwrap_or(&ROU_COUNTIES[0]);
            let flat: u32 = rng.gen_range(1..60);
            vec![
                format!("Jud.{county} Mun.{town}"),
                format!("{} nr.{n} ap.{flat}", pick(rng, STREETS)),
            ]
        }
    }
}

/// The Italian codice fiscale of a person born in Italy: surname and name letters, birth year,
/// month letter, day (+40 for women), Belfiore code and check character.
pub(crate) fn codice_fiscale(p: &Person) -> Result<String> {
    let Some(comune) = p.comune else {
        bail!("a codice fiscale needs an Italian birthplace");
    };
    const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
    let month = MONTHS[usize::from(u8::from(p.birth.month())) - 1] as char;
    let day = u32::from(p.birth.day()) + if p.sex == Sex::F { 40 } else { 0 };
    let mut code = format!(
        "{}{}{:02}{month}{day:02}{}",
        fiscal_code::encode_surname(&p.surname),
        fiscal_code::encode_given_names(&p.given_joined()),
        p.birth.year().rem_euclid(100),
        comune.belfiore
    );
    let check = fiscal_code::check_character(&code).context("codice fiscale check character")?;
    code.push(check);
    Ok(code)
}

/// A Romanian personal numeric code (CNP): sex and century digit, birth date, county,
/// serial number and check digit (weights 279146358279).
pub(crate) fn cnp(rng: &mut StdRng, p: &Person) -> String {
    let first = match (p.sex, p.birth.year() >= 2000) {
        (Sex::M, false) => 1,
        (Sex::F, false) => 2,
        (Sex::M, true) => 5,
        (Sex::F, true) => 6,
    };
    let body = format!(
        "{first}{:02}{:02}{:02}{:02}{:03}",
        p.birth.year().rem_euclid(100),
        u8::from(p.birth.month()),
        p.birth.day(),
        rou_county_number(&p.birth_place),
        rng.gen_range(1..999)
    );
    const WEIGHTS: [u32; 12] = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9];
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = match sum % 11 {
        10 => 1,
        r => r,
    };
    format!("{body}{check}")
}

/// Upper-case letters.
const LETTERS: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A random string from a pattern: `L` letter, `D` digit, `A` letter or digit, anything
/// else literally.
pub(crate) fn pattern(rng: &mut StdRng, pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            'L' => char::from(LETTERS[rng.gen_range(0..26)]),
            'D' => char::from(b'0' + rng.gen_range(0..10u8)),
            'A' => {
                let i = rng.gen_range(0..36u8);
                if i < 10 {
                    char::from(b'0' + i)
                } else {
                    char::from(LETTERS[usize::from(i - 10)])
                }
            }
            c => c,
        })
        .collect()
}

/// A German identity card number: nine characters of the alphabet the Bundesdruckerei uses
/// (no vowels, no B, D, Q, S).
pub(crate) fn german_card_number(rng: &mut StdRng) -> String {
    const ALPHABET: &[u8] = b"CFGHJKLMNPRTVWXYZ0123456789";
    let first = ALPHABET[rng.gen_range(0..17)];
    std::iter::once(first)
        .chain((0..8).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .map(char::from)
        .collect()
}

/// A Spanish DNI number: eight digits and the control letter (number mod 23).
pub(crate) fn dni_number(rng: &mut StdRng) -> String {
    const CONTROL: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let n: u32 = rng.gen_range(10_000_000..99_999_999);
    format!("{n}{}", char::from(CONTROL[(n % 23) as usize]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn codici_fiscali_are_valid_and_consistent() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..300 {
            let p = person(&mut rng, Nation::Ita).unwrap();
            let code = codice_fiscale(&p).unwrap();
            let report = fiscal_code::check(&code, AS_OF);
            assert!(report.valid, "{code} {report:?}");
            let holder = fiscal_code::Holder {
                surname: Some(&p.surname),
                given_names: Some(&p.given_joined()),
                birth_date: Some(p.birth),
                sex: Some(p.sex.letter()),
            };
            assert!(
                fiscal_code::mismatches(&report, &holder).is_empty(),
                "{code}"
            );
        }
    }

    #[test]
    fn every_comune_existed_over_the_birth_years() {
        for c in COMUNI {
            for year in [1950, 1970, 1992, 2007] {
                let p = Person {
                    surname: "ROSSI".into(),
                    given: vec!["MARIO".into()],
                    sex: Sex::M,
                    birth: Date::from_calendar_date(year, Month::June, 1).unwrap(),
                    comune: Some(*c),
                    birth_place: c.with_province(),
                    height_cm: 170,
                };
                let code = codice_fiscale(&p).unwrap();
                assert!(fiscal_code::check(&code, AS_OF).valid, "{} {year}", c.name);
            }
        }
    }

    #[test]
    fn cnp_check_digit() {
        // The published example 1800101221144.
        let body = "180010122114";
        const WEIGHTS: [u32; 12] = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9];
        let sum: u32 = body
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        assert_eq!(sum % 11, 4);
        let mut rng = StdRng::seed_from_u64(1);
        let p = person(&mut rng, Nation::Rou).unwrap();
        assert_eq!(cnp(&mut rng, &p).len(), 13);
    }

    #[test]
    fn dni_letter() {
        // 12345678 mod 23 = 14 → Z.
        const CONTROL: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
        assert_eq!(CONTROL[12_345_678 % 23], b'Z');
    }
}
