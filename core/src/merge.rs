//! Merge: one value per field from the MRZ and the visual zone, then the cross-field validators.
//!
//! Rules: a value proven by MRZ check digits is never replaced; when the visual zone disagrees
//! the disagreement becomes an `mrz_viz_mismatch` issue naming the field (never the values).
//! Names keep their visual-zone spelling (accents, apostrophes) when it transliterates to the
//! MRZ form.

use time::Date;

use crate::mrz::MrzParse;
use crate::schema::{DocumentType, FieldName, Fields, Issue, IssueCode, Severity, Source};
use crate::text::OcrPage;
use crate::translit::{Umlauts, ascii_of, digits_as_letters, national_spelling};
use crate::validate::{cnp, country, date, docnum, fiscal_code};
use crate::viz::VizResult;

/// The merged reading of one document.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// Document type.
    pub document_type: DocumentType,
    /// One value per field.
    pub fields: Fields,
    /// Issues from every stage.
    pub issues: Vec<Issue>,
}

/// The document type an MRZ document code stands for (ICAO 9303 and ISO 18013 conventions).
pub fn document_type_of_code(code: &str) -> DocumentType {
    let b = code.as_bytes();
    match (b.first(), b.get(1)) {
        (Some(b'P'), _) => DocumentType::Passport,
        (Some(b'V'), _) => DocumentType::Visa,
        (Some(b'I' | b'A'), Some(b'R')) => DocumentType::ResidencePermit,
        (Some(b'I' | b'A' | b'C'), _) => DocumentType::IdCard,
        (Some(b'D'), _) => DocumentType::DrivingLicence,
        _ => DocumentType::Unknown,
    }
}

/// ICAO 9303 transliteration of a visual-zone name to its MRZ form: accents folded, `Ä Ö Ü`
/// as `AE OE UE`, `ß` as `SS`, apostrophes, hyphens and other punctuation as spaces.
pub fn transliterate(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.to_uppercase().chars() {
        match ascii_of(c, Umlauts::Icao) {
            _ if c.is_ascii_alphanumeric() => out.push(c),
            Some(ascii) => out.push_str(ascii),
            None => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a visual-zone value and an MRZ value say the same thing.
fn agree(field: FieldName, viz: &str, mrz: &str) -> bool {
    match field {
        FieldName::Surname | FieldName::GivenNames => {
            let v = transliterate(viz);
            // ICAO allows `Ä` as `A` as well as `AE`; compare with and without the `E`.
            v == mrz || v.replace("AE", "A").replace("OE", "O").replace("UE", "U") == mrz.replace("AE", "A").replace("OE", "O").replace("UE", "U")
                // Some issuers drop apostrophes instead of writing a filler (`DAMICO`).
                || v.replace(' ', "") == mrz.replace(' ', "")
                // The MRZ may truncate long names.
                || (mrz.len() >= 20 && v.starts_with(mrz))
        }
        _ => viz.eq_ignore_ascii_case(mrz),
    }
}

/// A visual-zone name whose umlauts OCR read as another mark (`JÁGER`, `JÚRGEN`), given back
/// where the MRZ spells the vowel with its `E` (`JAEGER`, `JUERGEN`: ICAO 9303 writes `Ä Ö Ü`
/// so, and no other `A O U`): the name with every such mark an umlaut
/// ([`umlaut_for_mark`](crate::translit::umlaut_for_mark)), when that transliterates to the
/// MRZ's name ([`transliterate`]); otherwise as read.
fn umlauts_from_mrz(viz: &str, mrz: &str) -> String {
    let umlauts: String = viz.chars().map(crate::translit::umlaut_for_mark).collect();
    if umlauts != viz && transliterate(&umlauts) == mrz {
        umlauts
    } else {
        viz.to_owned()
    }
}

/// An MRZ name field that lost its `<<` separator (`GRECO<SILVIA`) reads as one surname and
/// no given names. The name field has no check digit, so other evidence splits it: the split
/// where the visual zone's surname and given names spell the two parts, or where the codice
/// fiscale encodes them (`GRC SLV`), when exactly one split is so supported.
fn split_joined_names(mrz: &Fields, viz: &Fields) -> Fields {
    let mut out = mrz.clone();
    let (Some(joined), None) = (
        mrz.get(&FieldName::Surname),
        mrz.get(&FieldName::GivenNames),
    ) else {
        return out;
    };
    let words: Vec<&str> = joined.value.split(' ').collect();
    let value = |name| {
        viz.get(&name)
            .map(|f: &crate::schema::Field| f.value.as_str())
    };
    let code = value(FieldName::FiscalCode).filter(|c| c.len() == 16);
    let supported: Vec<(String, String)> = (1..words.len())
        .map(|k| (words[..k].join(" "), words[k..].join(" ")))
        .filter(|(surname, given)| {
            let by_viz = value(FieldName::Surname)
                .is_some_and(|v| agree(FieldName::Surname, v, surname))
                && value(FieldName::GivenNames)
                    .is_some_and(|v| agree(FieldName::GivenNames, v, given));
            let by_code = code.is_some_and(|c| {
                c.get(..3) == Some(fiscal_code::encode_surname(surname).as_str())
                    && c.get(3..6) == Some(fiscal_code::encode_given_names(given).as_str())
            });
            by_viz || by_code
        })
        .collect();
    if let [(surname, given)] = supported.as_slice() {
        for (name, part) in [
            (FieldName::Surname, surname),
            (FieldName::GivenNames, given),
        ] {
            let mut field = joined.clone();
            field.value.clone_from(part);
            out.insert(name, field);
        }
    }
    out
}

/// The names an MRZ name field holds once OCR damage is allowed for, when a surname and given
/// names read in the visual zone explain it: every letter of their MRZ form
/// (`BERTE<<ANNA<MARIA<<…`) is read at its place (or a digit that looks like it), and where a
/// filler belongs only runs of one or two letters were read, mostly the letters OCR-B fillers
/// are misread as (`K C S E L`: `BERTE<CANNA<MARIA<CK<<<CR<<K…`), never a name part the visual
/// zone would lack (`LUCA`, `JO`). Two more misreads of a blurred filler are explained: `A`
/// (`KAETHE<A<AA<<<A`), and one letter alone after the names with two fillers before it
/// (`ALESSANDRO<<G<<<`), where ICAO 9303 puts no name part (a `<<` parts the surname from the
/// given names only). One letter of a name part of four letters or more may differ (the visual
/// zone's `CANTO` for the MRZ's `CANTU`, an accent misread): the visual zone places the
/// fillers, the MRZ's letters stay. Returns the surname and given names in MRZ form (spaces
/// between parts).
fn names_explain(field: &str, surname: &str, given: &str) -> Option<(String, String)> {
    let part = |v: &str| transliterate(v).replace(' ', "<");
    let (surname, given) = (part(surname), part(given));
    if surname.len() < 2 || given.is_empty() {
        return None;
    }
    let expected = format!("{surname}<<{given}");
    let mut names = expected.clone().into_bytes();
    let read_field = field.as_bytes();
    let (mut run, mut detached, mut misread, mut unexplained) = (0, false, 0, 0);
    let mut differ = [0; 2];
    for (i, &read) in read_field.iter().enumerate() {
        let want = expected.as_bytes().get(i).copied().unwrap_or(b'<');
        if want == b'<' && read.is_ascii_uppercase() {
            if run == 0 {
                detached = i >= expected.len() && i >= 2 && &read_field[i - 2..i] == b"<<";
            }
            run += 1;
            misread += 1;
            // A filler look-alike, or the one letter alone after the names.
            let explained = b"KCSELA".contains(&read) || (detached && run == 1);
            if !explained {
                unexplained += 1;
            }
            if run > 2 {
                return None;
            }
            continue;
        }
        run = 0;
        let alike = crate::translit::letter_for_digit(read) == Some(want);
        if read != want && !alike {
            let part = usize::from(i > surname.len());
            let long = [&surname, &given][part].len() >= 4;
            if !(read.is_ascii_uppercase() && want.is_ascii_uppercase() && long) {
                return None;
            }
            differ[part] += 1;
            names[i] = read;
        }
    }
    // The visual zone's names fit in the field (the MRZ may truncate them).
    let explained = 3 * unexplained <= misread
        && (misread > 0 || expected.len() <= field.len())
        && differ.iter().all(|&d| d <= 1);
    let text = |b: &[u8]| String::from_utf8_lossy(b).replace('<', " ");
    explained.then(|| {
        (
            text(&names[..surname.len()]),
            text(&names[surname.len() + 2..]),
        )
    })
}

/// Names the MRZ's name field holds with `<` misread as letters (`ROSSIK<MARIO`), as the visual
/// zone's surname and given names explain them ([`names_explain`]). Read under
/// their labels, or else (labels unreadable) from the one pair of lines on the page that
/// explains it. `None` when the MRZ's own reading agrees or nothing explains the field.
fn names_behind_damage(mrz: &MrzParse, viz: &Fields, page: &OcrPage) -> Option<(String, String)> {
    let field = mrz.name_field()?;
    let read = |name| mrz.fields.get(&name).map(|f| f.value.as_str());
    let viz_value = |name| {
        viz.get(&name)
            .map(|f: &crate::schema::Field| f.value.clone())
    };
    let agrees = |name| {
        let (Some(v), Some(m)) = (viz_value(name), read(name)) else {
            return false;
        };
        agree(name, &v, m)
    };
    if agrees(FieldName::Surname) && agrees(FieldName::GivenNames) {
        return None;
    }
    // Lines that can be names: letters and name punctuation, at most a name field long.
    let lines: Vec<String> = page
        .lines
        .iter()
        .filter(|l| !crate::mrz::is_mrz_like(&l.text))
        .map(|l| l.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| {
            (2..=field.len()).contains(&t.chars().count())
                && t.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-'))
        })
        .collect();
    // Pairs are weighed: a page with more name-like lines than a document has is none.
    if lines.len() > crate::viz::MAX_SHAPED {
        return None;
    }
    let candidates = |name| match viz_value(name) {
        Some(v) => vec![v],
        None => lines.clone(),
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for surname in candidates(FieldName::Surname) {
        for given in candidates(FieldName::GivenNames) {
            if surname != given
                && let Some(names) = names_explain(field, &surname, &given)
            {
                found.push(names);
            }
        }
    }
    found.sort();
    found.dedup();
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// An MRZ document number whose check digit failed (or whose repair was ambiguous), that takes
/// exactly one of its country's number shapes once look-alikes are read as the class their
/// position requires (`Y29088750` → `YZ9088750` on an Italian passport), is read so when that
/// reading also has the check digit the MRZ prints: two independent pieces of evidence. The
/// number's check-digit and ambiguity issues then go.
fn conform_mrz_number(
    mrz: &MrzParse,
    doc: DocumentType,
    country: Option<&str>,
    model: Option<docnum::Model>,
    fields: &mut Fields,
    issues: &mut Vec<Issue>,
) {
    let Some(number) = fields
        .get_mut(&FieldName::DocumentNumber)
        .filter(|n| n.source == Source::Mrz && mrz.checks.document_number == Some(false))
    else {
        return;
    };
    let Some((fixed, check)) = docnum::conform(doc, country, model, &number.value)
        .filter(|(fixed, _)| mrz.number_checks(fixed))
    else {
        return;
    };
    number.value = fixed;
    number.add_check("mrz_check_digit");
    number.add_check(check);
    issues.retain(|i| {
        !(matches!(
            i.code,
            IssueCode::CheckDigitFailed | IssueCode::MrzAmbiguous
        ) && i.field == Some(FieldName::DocumentNumber))
    });
}

/// Letters only, for comparing names across spellings (`D'ANGELO`, `D ANGELO`, `DANGELO`).
fn letters(s: &str) -> String {
    s.chars().filter(char::is_ascii_uppercase).collect()
}

/// Where words end in a name: the count of letters before each break.
fn word_ends(s: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut n = 0;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            n += 1;
        } else if n > 0 && ends.last() != Some(&n) {
            ends.push(n);
        }
    }
    ends.retain(|&e| e < n);
    ends
}

/// Names that only the MRZ gave (their label unreadable or missing) take their spelling from
/// the visual-zone line that transliterates to them, when exactly one spelling does: the MRZ
/// cannot hold accents or apostrophes (`D<ANGELO` printed as `D'ANGELO`). A spelling that
/// runs together words the MRZ parts (`DALESSIO` for `D<ALESSIO`) lost its apostrophe or space
/// to OCR and is not taken. Digits read for letters are those letters, strokes and brackets
/// read for an `I` are `I` ([`strokes_as_i`](crate::translit::strokes_as_i): `(RINA-MĂDĂLINA`),
/// and a speck beside a hyphen is dropped (`COSTEL.-ȘERBAN`).
fn adopt_viz_spelling(fields: &mut Fields, page: &OcrPage) {
    for name in [FieldName::Surname, FieldName::GivenNames] {
        let Some(field) = fields.get(&name).filter(|f| f.source == Source::Mrz) else {
            continue;
        };
        let target = letters(&field.value);
        if target.len() < 2 {
            continue;
        }
        let mut spellings: Vec<String> = page
            .lines
            .iter()
            .filter(|l| !crate::mrz::is_mrz_like(&l.text))
            .map(|l| {
                let words: Vec<&str> = l.text.split_whitespace().collect();
                let read = crate::translit::strokes_as_i(&words.join(" "));
                digits_as_letters(&crate::viz::without_specks(&read)).to_uppercase()
            })
            .filter(|t| {
                let ascii = transliterate(t);
                let ends = word_ends(&ascii);
                (letters(&ascii) == target || agree(name, t, &field.value))
                    && word_ends(&field.value).iter().all(|e| ends.contains(e))
            })
            .collect();
        spellings.sort();
        spellings.dedup();
        if let [spelling] = spellings.as_slice() {
            let mut adopted = field.clone();
            adopted.value.clone_from(spelling);
            adopted.source = Source::Viz;
            adopted.add_check("mrz_cross_viz");
            fields.insert(name, adopted);
        }
    }
}

/// Dates whose labels were unreadable, told apart by order: once the birth date is known, the
/// other dates printed alone on a line are the issue date (not after today) and the expiry date
/// (after the issue date). Filled only when the count leaves no choice: with the expiry known,
/// exactly one other date between birth and expiry is the issue date; with the issue date
/// known, exactly one later date is the expiry; with neither, exactly two dates after the birth
/// date are, in order, the issue and the expiry date.
fn infer_unlabelled_dates(fields: &mut Fields, page: &OcrPage, today: Date) {
    let Some(birth) = field_date(fields, FieldName::BirthDate) else {
        return;
    };
    let issue = field_date(fields, FieldName::IssueDate);
    let expiry = field_date(fields, FieldName::ExpiryDate);
    let mut others: Vec<Date> = page
        .lines
        .iter()
        .filter(|l| !crate::mrz::is_mrz_like(&l.text))
        .filter_map(|l| date::parse_printed(l.text.trim(), date::DateRole::Issue, today))
        .filter(|&d| d > birth && Some(d) != issue && Some(d) != expiry)
        .collect();
    others.sort();
    others.dedup();
    let found = match (issue, expiry, others.as_slice()) {
        (None, Some(expiry), &[d]) if d < expiry && d <= today => [Some(d), None],
        (Some(issue), None, &[d]) if d > issue => [None, Some(d)],
        (None, None, &[first, second]) if first <= today => [Some(first), Some(second)],
        _ => return,
    };
    for (name, date) in [FieldName::IssueDate, FieldName::ExpiryDate]
        .into_iter()
        .zip(found)
    {
        if let Some(d) = date {
            let field = crate::schema::Field::new(date::iso(d), 0.6, Source::Viz);
            fields.insert(name, field.with_check("date_valid"));
        }
    }
}

/// An Italian passport's issue date the visual zone could not read, from its validity: ten
/// years (five from age 3 to 18, three below 3), expiring the day before the anniversary of
/// issue. With the expiry proven by its MRZ check digit and the birth date known, the issue
/// date is that of the one period the holder's age at issue fits; it is filled only when
/// exactly one page line that is no date as read (`05 GAAAUN 2019`, `33 MAG/MAY 2022`, `15
/// LUG184. 2029`) agrees with it in two of its day, month (name) and year, and holds no
/// birth-date year. No such line, no issue date.
fn italian_passport_issue_date(fields: &mut Fields, page: &OcrPage, today: Date) {
    let (None, Some(birth), Some(expiry)) = (
        fields.get(&FieldName::IssueDate),
        field_date(fields, FieldName::BirthDate),
        fields
            .get(&FieldName::ExpiryDate)
            .filter(|f| f.checks.contains(&"mrz_check_digit"))
            .and_then(|f| date::parse_iso(&f.value)),
    ) else {
        return;
    };
    let age = |on: Date| {
        let had_birthday = (on.month(), on.day()) >= (birth.month(), birth.day());
        on.year() - birth.year() - i32::from(!had_birthday)
    };
    let mut issued = [(10, 18..200), (5, 3..18), (3, 0..3)]
        .into_iter()
        .filter_map(|(years, ages)| {
            let issue = expiry
                .replace_year(expiry.year() - years)
                .ok()?
                .next_day()?;
            ages.contains(&age(issue)).then_some(issue)
        });
    let (Some(issue), None) = (issued.next(), issued.next()) else {
        return;
    };
    let agrees = |text: &str| {
        let tokens: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        let number = |t: &&str| t.chars().all(|c| c.is_ascii_digit());
        let day = tokens
            .first()
            .filter(|t| number(t) && t.len() <= 2)
            .and_then(|t| t.parse::<u8>().ok());
        let month = tokens
            .iter()
            .any(|t| date::month_from_name(t) == Some(issue.month() as u8));
        let years: Vec<i32> = tokens
            .iter()
            .filter(|t| number(t) && t.len() == 4)
            .filter_map(|t| t.parse().ok())
            .collect();
        let parts = [
            day == Some(issue.day()),
            month,
            years.contains(&issue.year()),
        ];
        parts.iter().filter(|&&p| p).count() >= 2 && !years.contains(&birth.year())
    };
    let mut evidence = page.lines.iter().filter(|l| {
        let text = l.text.trim();
        !crate::mrz::is_mrz_like(text)
            && date::parse_printed(text, date::DateRole::Issue, today).is_none()
            && agrees(text)
    });
    if let (Some(line), None) = (evidence.next(), evidence.next()) {
        let confidence = 0.6 * line.confidence_or_one();
        let field = crate::schema::Field::new(date::iso(issue), confidence, Source::Viz);
        fields.insert(FieldName::IssueDate, field.with_check("date_valid"));
    }
}

/// Whether an issue about a rejected reading (a date, a sex marker, a country code that is none)
/// is settled by the field's final value.
fn settled(issue: &Issue, fields: &Fields) -> bool {
    let Some(field) = issue.field.and_then(|name| fields.get(&name)) else {
        return false;
    };
    match issue.code {
        IssueCode::InvalidDate => field.checks.contains(&"date_valid"),
        IssueCode::InvalidSex => true,
        IssueCode::UnknownCountryCode => country::is_known(&field.value),
        _ => false,
    }
}

/// Merges the MRZ and the visual zone and runs the cross-field validators.
pub fn merge(mrz: Option<&MrzParse>, viz: VizResult, page: &OcrPage, today: Date) -> Merged {
    let mut fields = viz.fields;
    // The MRZ's issues and the merge's own; the visual zone's are added once the fields are final.
    let mut found = Vec::new();
    let model = viz.model;
    // The CIE's bilingual title names Italy when the header was read too damaged to.
    let header_country = viz
        .country
        .or_else(|| (model == Some(docnum::Model::ItCie)).then(|| "ITA".to_owned()));
    let mut document_type = viz.document_type;
    if let Some(mrz) = mrz {
        found.extend(mrz.issues.iter().cloned());
        let from_code = document_type_of_code(&mrz.document_code);
        if from_code != DocumentType::Unknown {
            document_type = from_code;
        }
        let mut mrz_fields = split_joined_names(&mrz.fields, &fields);
        // The name field has no check digit: with the visual zone as evidence, misread
        // fillers come out of the names (their MRZ form; the merge then takes the spelling).
        if let (Some((surname, given)), Some(read)) = (
            names_behind_damage(mrz, &fields, page),
            mrz_fields.get(&FieldName::Surname).cloned(),
        ) {
            for (name, value) in [
                (FieldName::Surname, surname),
                (FieldName::GivenNames, given),
            ] {
                let mut field = read.clone();
                field.value = transliterate(&value);
                mrz_fields.insert(name, field);
            }
        }
        for (&name, mrz_field) in mrz_fields.iter().filter(|(n, _)| n.is_canonical()) {
            let Some(viz_field) = fields.get(&name) else {
                // An issuing state no check digit covers that is no known code (`IIA`) gives
                // way to the state the page's title names.
                let titled = header_country.as_deref().filter(|&h| {
                    name == FieldName::IssuingCountry
                        && !country::is_known(&mrz_field.value)
                        && country::is_known(h)
                });
                let field = titled.map_or_else(
                    || mrz_field.clone(),
                    |h| crate::schema::Field::new(h, HEADER_COUNTRY, Source::Viz),
                );
                fields.insert(name, field);
                continue;
            };
            // A name cut with the name line's tail is the start of the visual zone's.
            let cut = mrz.names_cut
                && matches!(name, FieldName::Surname | FieldName::GivenNames)
                && transliterate(&viz_field.value).starts_with(&mrz_field.value);
            let merged = if cut || agree(name, &viz_field.value, &mrz_field.value) {
                let mut keep = if viz_field.value == mrz_field.value {
                    mrz_field.clone()
                } else {
                    viz_field.clone()
                };
                if matches!(name, FieldName::Surname | FieldName::GivenNames) {
                    keep.value = umlauts_from_mrz(&keep.value, &mrz_field.value);
                }
                keep.confidence = mrz_field.confidence.max(viz_field.confidence);
                for &check in mrz_field.checks.iter().chain(&viz_field.checks) {
                    keep.add_check(check);
                }
                keep.add_check("mrz_cross_viz");
                keep
            } else {
                found.push(Issue::new(
                    Severity::Warning,
                    IssueCode::MrzVizMismatch,
                    Some(name),
                ));
                // A name has no check digit of its own: an MRZ name one known misread away
                // from the visual zone's (`ESPOSHTO` beside a printed `ESPOSITO`) is the misread.
                let misread = matches!(name, FieldName::Surname | FieldName::GivenNames)
                    && crate::translit::one_misread(
                        &mrz_field.value,
                        &transliterate(&viz_field.value),
                    );
                // A country code no check digit covers proves nothing when it is no known code
                // (`XIA` read for `ITA`) and the visual zone's is one.
                let unknown_code =
                    matches!(name, FieldName::Nationality | FieldName::IssuingCountry)
                        && !country::is_known(&mrz_field.value)
                        && country::is_known(&viz_field.value);
                let proven =
                    (mrz_field.checks.contains(&"mrz_check_digit") || mrz.valid) && !unknown_code;
                if proven && !misread {
                    mrz_field.clone()
                } else {
                    viz_field.clone()
                }
            };
            fields.insert(name, merged);
        }
    }
    if let Some(mrz) = mrz {
        adopt_viz_spelling(&mut fields, page);
        let country = document_country(&fields, header_country.as_deref());
        conform_mrz_number(
            mrz,
            document_type,
            country.as_deref(),
            model,
            &mut fields,
            &mut found,
        );
    }
    infer_unlabelled_dates(&mut fields, page, today);
    let country = document_country(&fields, header_country.as_deref()).unwrap_or_default();
    if document_type == DocumentType::Passport && country == "ITA" {
        italian_passport_issue_date(&mut fields, page, today);
    }
    // A reading the visual zone rejected (a date or a sex marker that was not one) is no issue
    // when the field has a valid value after all, from another reading or from the MRZ.
    let mut issues: Vec<Issue> = viz
        .issues
        .into_iter()
        .filter(|i| !settled(i, &fields))
        .chain(
            found
                .into_iter()
                .filter(|i| i.code != IssueCode::UnknownCountryCode || !settled(i, &fields)),
        )
        .collect();
    if country == "ITA" {
        rebuild_fiscal_code(&mut fields, page, today);
    }
    national_spellings(&mut fields, &country);
    validate_fields(
        document_type,
        header_country.as_deref(),
        model,
        &mut fields,
        &mut issues,
        today,
    );
    Merged {
        document_type,
        fields,
        issues,
    }
}

/// Adds the fields an extractor answered (rehydrated and read again, source `llm`) to what the
/// device read. A field the device did not read is added. A field it read keeps the device's
/// value, so a value proven by MRZ check digits is never replaced; when the extractor's value
/// differs, the disagreement becomes an `extractor_conflict` issue naming the field (never the
/// values), and when it agrees the field gains the check `extractor_agrees`.
pub fn merge_extracted(fields: &mut Fields, issues: &mut Vec<Issue>, extracted: Fields) {
    for (name, field) in extracted {
        match fields.get_mut(&name) {
            None => {
                fields.insert(name, field);
            }
            Some(read)
                if agree(
                    name,
                    &read.value,
                    &transliterate_if_name(name, &field.value),
                ) =>
            {
                read.add_check("extractor_agrees");
            }
            Some(_) => issues.push(Issue::new(
                Severity::Warning,
                IssueCode::ExtractorConflict,
                Some(name),
            )),
        }
    }
}

/// A name in its MRZ form (what [`agree`] compares a printed name with); other values as they are.
fn transliterate_if_name(name: FieldName, value: &str) -> String {
    match name {
        FieldName::Surname | FieldName::GivenNames => transliterate(value),
        _ => value.to_owned(),
    }
}

/// Whether a personal number passes the check its country's numbers carry, and the check's
/// name: a Romanian CNP its check digit, a Spanish DNI or NIE its control letter. `None` for
/// the other countries.
fn personal_number_check(country: Option<&str>, number: &str) -> Option<(bool, &'static str)> {
    match country? {
        "ROU" => Some((cnp::is_valid(number), "cnp_check_digit")),
        "ESP" => Some((docnum::es_dni(number), "dni_check_letter")),
        _ => None,
    }
}

/// The issuing country: the field when read, otherwise the country named by the header.
fn document_country(fields: &Fields, header_country: Option<&str>) -> Option<String> {
    fields
        .get(&FieldName::IssuingCountry)
        .map(|f| f.value.clone())
        .or_else(|| header_country.map(str::to_owned))
}

/// What the fields say of the holder, for the codice fiscale's checks and rebuild.
fn holder(fields: &Fields) -> fiscal_code::Holder<'_> {
    let value = |name| fields.get(&name).map(|f| f.value.as_str());
    fiscal_code::Holder {
        surname: value(FieldName::Surname),
        given_names: value(FieldName::GivenNames),
        birth_date: field_date(fields, FieldName::BirthDate),
        sex: value(FieldName::Sex),
    }
}

/// The confidence of a rebuilt codice fiscale relative to its line's: like a value placed by
/// its shape alone, below one read under its label.
const REBUILT_FISCAL_CODE: f32 = 0.7;

/// Confidence of an issuing state taken from the header's title (`REPUBBLICA ITALIANA`).
const HEADER_COUNTRY: f32 = 0.7;

/// A codice fiscale the visual zone did not read, or read with a wrong shape or check
/// character, rebuilt from one line of
/// the page and the holder's names, birth date and sex read elsewhere (on a CIE's back, the
/// MRZ): [`fiscal_code::rebuild`], which the code's own check character and birthplace must
/// confirm. Lines read as the MRZ are not searched.
fn rebuild_fiscal_code(fields: &mut Fields, page: &OcrPage, today: Date) {
    // A reading whose shape and check character hold is left to the validators (cheaper than
    // a full check, which they run anyway).
    let read = fields.get(&FieldName::FiscalCode).map(|f| f.value.trim());
    if read.is_some_and(|code| {
        let last = code.chars().last().map(|c| c.to_ascii_uppercase());
        fiscal_code::has_shape(code) && fiscal_code::check_character(code) == last
    }) {
        return;
    }
    let holder = holder(fields);
    let mut found: Vec<(String, f32)> = page
        .lines
        .iter()
        .filter(|l| !crate::mrz::is_mrz_like(&l.text))
        .filter_map(|l| {
            let code = fiscal_code::rebuild(&l.text, &holder, today)?;
            Some((code, l.confidence.unwrap_or(1.0)))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    if let [(code, confidence)] = found.as_slice() {
        let confidence = confidence * REBUILT_FISCAL_CODE;
        let field = crate::schema::Field::new(code.clone(), confidence, Source::Viz);
        fields.insert(FieldName::FiscalCode, field);
    }
}

/// Text fields read in the visual zone take the orthography of the issuing country
/// ([`national_spelling`]): `NICOLÓ` on an Italian card is `NICOLÒ`; on a German one, places
/// take back the umlauts OCR lost ([`places::german_place_umlauts`](crate::validate::places::german_place_umlauts)).
fn national_spellings(fields: &mut Fields, country: &str) {
    for name in [
        FieldName::Surname,
        FieldName::GivenNames,
        FieldName::BirthPlace,
        FieldName::Municipality,
        FieldName::Address,
        FieldName::IssuingAuthority,
    ] {
        if let Some(field) = fields.get_mut(&name).filter(|f| f.source == Source::Viz) {
            field.value = national_spelling(&field.value, country);
            // German place names whose umlauts OCR lost (`STADT KOLN`).
            if country == "DEU" && name != FieldName::Surname && name != FieldName::GivenNames {
                field.value = crate::validate::places::german_place_umlauts(&field.value);
            }
        }
    }
}

/// A name OCR read with one letter wrong, told by the codice fiscale (its check character
/// holds): when the name is the only thing the code contradicts (`mismatches`: the other name,
/// the birth date and the sex agree with it), the one spelling with a misread letter undone
/// that agrees ([`fiscal_code::mend_name`]) replaces the reading (`DAVHDE` → `DAVIDE`).
/// Returns whether it did; a code that contradicts more than one field, or a name no single
/// misread explains, stays a mismatch.
fn mend_name_from_fiscal_code(
    fields: &mut Fields,
    report: &fiscal_code::FiscalCodeReport,
    mismatches: &[FieldName],
) -> bool {
    let (Some(code), &[name]) = (report.normalized.as_deref(), mismatches) else {
        return false;
    };
    let Some(field) = fields.get_mut(&name) else {
        return false;
    };
    match fiscal_code::mend_name(&field.value, code, name) {
        Some(mended) => {
            field.value = mended;
            true
        }
        None => false,
    }
}

fn field_date(fields: &Fields, name: FieldName) -> Option<Date> {
    date::parse_iso(&fields.get(&name)?.value)
}

/// Cross-field validators: expiry, date order, codice fiscale, document-number format (of the
/// issuing country read, else of the country the header names; none when both are unknown).
fn validate_fields(
    doc: DocumentType,
    header_country: Option<&str>,
    model: Option<docnum::Model>,
    fields: &mut Fields,
    issues: &mut Vec<Issue>,
    today: Date,
) {
    let birth = field_date(fields, FieldName::BirthDate);
    let expiry = field_date(fields, FieldName::ExpiryDate);
    let issue = field_date(fields, FieldName::IssueDate);
    if expiry.is_some_and(|e| e < today) {
        issues.push(Issue::new(
            Severity::Warning,
            IssueCode::DocumentExpired,
            Some(FieldName::ExpiryDate),
        ));
    }
    if let Some(b) = birth
        && !date::plausible_birth(b, today)
    {
        issues.push(Issue::new(
            Severity::Warning,
            IssueCode::InvalidDate,
            Some(FieldName::BirthDate),
        ));
    }
    // No identity document is valid longer than [`date::MAX_VALIDITY_YEARS`] (an issue date read
    // `10.032010` for `10.02.2019` under a ten-year card's expiry in 2029).
    let too_long = |e: Date, x: Date| x.year() - e.year() > date::MAX_VALIDITY_YEARS;
    for (earlier, name) in [(birth, FieldName::BirthDate), (issue, FieldName::IssueDate)] {
        if let (Some(e), Some(x)) = (earlier, expiry)
            && (x <= e || (name == FieldName::IssueDate && too_long(e, x)))
        {
            issues.push(Issue::new(
                Severity::Warning,
                IssueCode::InconsistentDates,
                Some(name),
            ));
        }
    }

    if let Some(code) = fields.get(&FieldName::FiscalCode).map(|f| f.value.clone()) {
        let report = fiscal_code::check(&code, today);
        let mut mismatches = fiscal_code::mismatches(&report, &holder(fields));
        if mend_name_from_fiscal_code(fields, &report, &mismatches) {
            mismatches.clear();
        }
        if let Some(f) = fields.get_mut(&FieldName::FiscalCode) {
            if let Some(normalized) = &report.normalized {
                f.value.clone_from(normalized);
            }
            if report.syntax_valid {
                f.add_check("fiscal_code_checksum");
            }
            if report.valid {
                f.add_check("fiscal_code_birthplace");
            }
            if report.syntax_valid && mismatches.is_empty() {
                f.add_check("fiscal_code_consistent");
            }
        }
        if !report.valid {
            issues.push(Issue::new(
                Severity::Error,
                IssueCode::FiscalCodeInvalid,
                Some(FieldName::FiscalCode),
            ));
        }
        for field in mismatches {
            issues.push(Issue::new(
                Severity::Warning,
                IssueCode::FiscalCodeMismatch,
                Some(field),
            ));
        }
    }

    let country = document_country(fields, header_country);
    if let Some(number) = fields.get_mut(&FieldName::PersonalNumber)
        && let Some((valid, check)) = personal_number_check(country.as_deref(), &number.value)
    {
        let failed = Some(FieldName::PersonalNumber);
        if valid {
            number.add_check(check);
        } else if !issues
            .iter()
            .any(|i| i.code == IssueCode::CheckDigitFailed && i.field == failed)
        {
            issues.push(Issue::new(
                Severity::Error,
                IssueCode::CheckDigitFailed,
                failed,
            ));
        }
    }
    if let Some(number) = fields.get_mut(&FieldName::DocumentNumber)
        && let Some((check, ok)) =
            docnum::format_check(doc, country.as_deref(), model, &number.value)
    {
        // A visual-zone number one look-alike away from its only possible shape is read so;
        // MRZ numbers are the check digits' to repair.
        let conformed = (!ok && number.source != Source::Mrz)
            .then(|| docnum::conform(doc, country.as_deref(), model, &number.value))
            .flatten();
        if let Some((fixed, check)) = conformed {
            number.value = fixed;
            number.add_check(check);
        } else if ok {
            number.add_check(check);
        } else {
            issues.push(Issue::new(
                Severity::Warning,
                IssueCode::DocumentNumberFormat,
                Some(FieldName::DocumentNumber),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = time::macros::date!(2026 - 11 - 26);

    /// The ICAO specimen passport (`ERIKSSON<<ANNA<MARIA`) with its first line as given.
    fn specimen_passport(line1: &str) -> MrzParse {
        let opts = crate::mrz::MrzOptions {
            repair: true,
            today: TODAY,
        };
        let line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
        crate::mrz::parse_lines(&[line1, line2], &opts).unwrap()
    }

    /// A passport's visual zone that read `fields`.
    fn passport_viz(fields: &[(FieldName, &str)]) -> VizResult {
        VizResult {
            document_type: DocumentType::Passport,
            fields: fields
                .iter()
                .map(|&(name, v)| (name, crate::schema::Field::new(v, 0.8, Source::Viz)))
                .collect(),
            issues: Vec::new(),
            country: None,
            lines_of: Default::default(),
            model: None,
        }
    }

    fn has_mismatch(m: &Merged) -> bool {
        m.issues.iter().any(|i| i.code == IssueCode::MrzVizMismatch)
    }

    #[test]
    fn an_mrz_number_read_into_the_national_shape_when_its_check_digit_agrees() {
        let opts = |repair| crate::mrz::MrzOptions {
            repair,
            today: TODAY,
        };
        let line1 = "P<ITAESPOSITO<<MARIA<GRAZIA<<<<<<<<<<<<<<<<<";
        // An Italian passport number, `YZ9088750`, its `Z` read `2`: the check digits alone
        // cannot tell which look-alike is wrong, the passport's shape (two letters, seven
        // digits) can. The MRZ repair reads it so; without repair, the merge does.
        let line2 = "Y290887508ITA7311143F2801304<<<<<<<<<<<<<<<0";
        let repaired = crate::mrz::parse_lines(&[line1, line2], &opts(true)).unwrap();
        assert!(repaired.valid);
        assert!(repaired.lines[1].starts_with("YZ9088750"));
        let read = crate::mrz::parse_lines(&[line1, line2], &opts(false)).unwrap();
        assert!(!read.valid);
        let merged = merge(
            Some(&read),
            passport_viz(&[]),
            &OcrPage::from_plain(""),
            TODAY,
        );
        let number = &merged.fields[&FieldName::DocumentNumber];
        assert_eq!(number.value, "YZ9088750");
        assert!(number.checks.contains(&"mrz_check_digit"));
        assert!(
            merged
                .issues
                .iter()
                .all(|i| i.field != Some(FieldName::DocumentNumber))
        );
        // Only a reading with the printed check digit counts.
        assert!(read.number_checks("YZ9088750"));
        assert!(!read.number_checks("YZ9088751"));
        assert!(!read.number_checks("YZ90887501"));
    }

    #[test]
    fn an_mrz_country_code_that_is_none_gives_way_to_the_visual_zone() {
        let opts = crate::mrz::MrzOptions {
            repair: true,
            today: TODAY,
        };
        let line1 = "P<ITABRUNO<<MARCO<<<<<<<<<<<<<<<<<<<<<<<<<<<";
        // `ITA` read `X1A`: no check digit covers the nationality, the MRZ is valid.
        let line2 = "YK10513637X1A0106223M3207109<<<<<<<<<<<<<<<0";
        let read = crate::mrz::parse_lines(&[line1, line2], &opts).unwrap();
        assert!(read.valid);
        assert_eq!(read.fields[&FieldName::Nationality].value, "XIA");
        let page = OcrPage::from_plain("");
        let merged = merge(
            Some(&read),
            passport_viz(&[(FieldName::Nationality, "ITA")]),
            &page,
            TODAY,
        );
        assert_eq!(merged.fields[&FieldName::Nationality].value, "ITA");
        assert!(has_mismatch(&merged));
        assert!(
            merged
                .issues
                .iter()
                .all(|i| i.code != IssueCode::UnknownCountryCode)
        );
        // The issuing state likewise gives way to the header's (seed 41 #2: `ITA` read `IIA`).
        let line1 = "P<IIABRUNO<<MARCO<<<<<<<<<<<<<<<<<<<<<<<<<<<";
        let read = crate::mrz::parse_lines(&[line1, line2], &opts).unwrap();
        let titled = VizResult {
            country: Some("ITA".to_owned()),
            ..passport_viz(&[])
        };
        let merged = merge(Some(&read), titled, &page, TODAY);
        assert_eq!(merged.fields[&FieldName::IssuingCountry].value, "ITA");
        let merged = merge(Some(&read), passport_viz(&[]), &page, TODAY);
        assert_eq!(merged.fields[&FieldName::IssuingCountry].value, "IIA");
        // A known code stands against the visual zone's: the mismatch is reported, the MRZ's
        // value kept.
        let fra = passport_viz(&[(FieldName::Nationality, "FRA")]);
        let known = specimen_passport("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
        let merged = merge(Some(&known), fra, &page, TODAY);
        assert_eq!(merged.fields[&FieldName::Nationality].value, "UTO");
        assert!(has_mismatch(&merged));
    }

    #[test]
    fn fillers_misread_in_the_mrz_names_give_way_to_the_visual_zone() {
        let labelled = passport_viz(&[
            (FieldName::Surname, "ERIKSSON"),
            (FieldName::GivenNames, "ANNA MARIA"),
        ]);
        let empty = OcrPage::from_plain("");
        // The separator's second filler read `K`, a tail filler `C`: the labelled names explain
        // the field.
        let damaged = specimen_passport("P<UTOERIKSSONK<ANNA<MARIA<<<<<C<<<<<<<<<<<<<");
        assert!(damaged.valid);
        let merged = merge(Some(&damaged), labelled.clone(), &empty, TODAY);
        assert_eq!(merged.fields[&FieldName::Surname].value, "ERIKSSON");
        assert_eq!(merged.fields[&FieldName::GivenNames].value, "ANNA MARIA");
        assert!(!has_mismatch(&merged));
        let with_labelled = |line1: &str| {
            merge(
                Some(&specimen_passport(line1)),
                labelled.clone(),
                &empty,
                TODAY,
            )
        };
        // A blurred filler tail read as `A`s, or as one letter two fillers after the names.
        for line1 in [
            "P<UTOERIKSSON<<ANNA<MARIA<A<AA<<<A<AA<<<<<<<",
            "P<UTOERIKSSON<<ANNA<MARIA<<G<<<<<<<<<<<<<<<<",
        ] {
            let merged = with_labelled(line1);
            assert_eq!(merged.fields[&FieldName::GivenNames].value, "ANNA MARIA");
            assert!(!has_mismatch(&merged));
        }
        // A name part the visual zone lacks is no damage: the MRZ wins, the mismatch is told.
        for (line1, given) in [
            (
                "P<UTOERIKSSON<<ANNA<MARIA<LUCA<<<<<<<<<<<<<<",
                "ANNA MARIA LUCA",
            ),
            (
                "P<UTOERIKSSON<<ANNA<MARIA<JO<<<<<<<<<<<<<<<<",
                "ANNA MARIA JO",
            ),
            (
                "P<UTOERIKSSON<<ANNA<MARIA<<JO<<<<<<<<<<<<<<<",
                "ANNA MARIA JO",
            ),
        ] {
            let merged = with_labelled(line1);
            assert_eq!(merged.fields[&FieldName::GivenNames].value, given);
            assert!(has_mismatch(&merged));
        }
        // Labels unreadable: the one pair of lines on the page that explains the field.
        let page = OcrPage::from_plain("PASSPORT\nERIKSSON\nANNA MARIA\nUTOPIAN\nF");
        let hard = specimen_passport("P<UTOERIKSSON<CANNA<MARIA<CK<<<CR<<K<<K<<<C<");
        let merged = merge(Some(&hard), passport_viz(&[]), &page, TODAY);
        assert_eq!(merged.fields[&FieldName::Surname].value, "ERIKSSON");
        assert_eq!(merged.fields[&FieldName::GivenNames].value, "ANNA MARIA");
        // A surname read one letter off still places the fillers; the MRZ's letters stay and
        // the disagreement is told. Two letters off explain nothing.
        let near = |surname| {
            let viz = passport_viz(&[
                (FieldName::Surname, surname),
                (FieldName::GivenNames, "ANNA MARIA"),
            ]);
            merge(Some(&hard), viz, &empty, TODAY)
        };
        let merged = near("ERIKSSOM");
        assert_eq!(merged.fields[&FieldName::Surname].value, "ERIKSSON");
        assert_eq!(merged.fields[&FieldName::GivenNames].value, "ANNA MARIA");
        assert!(has_mismatch(&merged));
        let merged = near("ERIKSAOM");
        assert_ne!(merged.fields[&FieldName::GivenNames].value, "ANNA MARIA");
    }

    #[test]
    fn mrz_only_names_take_the_visual_zone_spelling() {
        use crate::schema::Field;
        let mut fields = Fields::new();
        fields.insert(FieldName::Surname, Field::new("D ANGELO", 0.9, Source::Mrz));
        fields.insert(
            FieldName::GivenNames,
            Field::new("NICOLO", 0.9, Source::Mrz),
        );
        let page = OcrPage::from_plain(
            "Cognome/Sumamel\nD'ANGELO\nNICOL0\nNICOLÒ\nP<ITAD<ANGELO<<NICOLO<<<<<<<<<<<<<<<<<<<<<<<<<",
        );
        adopt_viz_spelling(&mut fields, &page);
        assert_eq!(fields[&FieldName::Surname].value, "D'ANGELO");
        assert_eq!(fields[&FieldName::Surname].source, Source::Viz);
        // Two spellings (`NICOLO` from the digit-confused line, `NICOLÒ`): none is chosen.
        assert_eq!(fields[&FieldName::GivenNames].value, "NICOLO");
        assert_eq!(fields[&FieldName::GivenNames].source, Source::Mrz);
        // A spelling that lost the apostrophe the MRZ's filler stands for is not taken.
        let mut fields = Fields::new();
        fields.insert(
            FieldName::Surname,
            Field::new("D ALESSIO", 0.9, Source::Mrz),
        );
        let page = OcrPage::from_plain("DALESSIO\nP<ITAD<ALESSIO<<LORENZO<<<<<<<<<<<<<<<<<<<<<");
        adopt_viz_spelling(&mut fields, &page);
        assert_eq!(fields[&FieldName::Surname].value, "D ALESSIO");
        // A speck beside the hyphen is dropped (seed 101 #23).
        let mut fields = Fields::new();
        fields.insert(
            FieldName::GivenNames,
            Field::new("COSTEL SERBAN", 0.9, Source::Mrz),
        );
        let page = OcrPage::from_plain(
            "COSTEL.-ȘERBAN
IDROUCONSTANTIN<<COSTEL<SERBAN<<<<<<",
        );
        adopt_viz_spelling(&mut fields, &page);
        assert_eq!(fields[&FieldName::GivenNames].value, "COSTEL-ȘERBAN");
        // The first `I` read as a bracket (seed 107 #5); a bracket before another letter than
        // the MRZ's is no spelling of the name.
        for (mrz, line, want) in [
            ("IRINA MADALINA", "(RINA-MĂDĂLINA", "IRINA-MĂDĂLINA"),
            ("MIRINA", "(RINA", "MIRINA"),
        ] {
            let mut fields = Fields::new();
            fields.insert(FieldName::GivenNames, Field::new(mrz, 0.9, Source::Mrz));
            adopt_viz_spelling(&mut fields, &OcrPage::from_plain(line));
            assert_eq!(fields[&FieldName::GivenNames].value, want);
        }
        assert_eq!(word_ends("D'ALESSIO"), vec![1]);
        assert_eq!(word_ends("DE LA CRUZ-"), vec![2, 4]);
    }

    #[test]
    fn mrz_names_without_separator_split_like_the_visual_zone() {
        use crate::schema::Field;
        let mut mrz = Fields::new();
        mrz.insert(
            FieldName::Surname,
            Field::new("GRECO SILVIA", 0.9, Source::Mrz),
        );
        let mut viz = Fields::new();
        viz.insert(FieldName::Surname, Field::new("GRECO", 0.8, Source::Viz));
        viz.insert(
            FieldName::GivenNames,
            Field::new("SILVIA", 0.8, Source::Viz),
        );
        let split = split_joined_names(&mrz, &viz);
        assert_eq!(split[&FieldName::Surname].value, "GRECO");
        assert_eq!(split[&FieldName::GivenNames].value, "SILVIA");
        // A visual zone that spells something else changes nothing.
        viz.insert(FieldName::GivenNames, Field::new("ANNA", 0.8, Source::Viz));
        let kept = split_joined_names(&mrz, &viz);
        assert_eq!(kept[&FieldName::Surname].value, "GRECO SILVIA");
        assert!(!kept.contains_key(&FieldName::GivenNames));
        // The codice fiscale alone settles it (the back of the CIE prints no names).
        let mut viz = Fields::new();
        let code = Field::new("GRCSLV72A41F842H", 0.8, Source::Viz);
        viz.insert(FieldName::FiscalCode, code);
        let mut mrz = Fields::new();
        let joined = Field::new("DE LUCA ANNA MARIA", 0.9, Source::Mrz);
        mrz.insert(FieldName::Surname, joined);
        assert!(!split_joined_names(&mrz, &viz).contains_key(&FieldName::GivenNames));
        mrz.insert(
            FieldName::Surname,
            Field::new("GRECO SILVIA", 0.9, Source::Mrz),
        );
        let split = split_joined_names(&mrz, &viz);
        assert_eq!(split[&FieldName::Surname].value, "GRECO");
        assert_eq!(split[&FieldName::GivenNames].value, "SILVIA");
    }

    #[test]
    fn visual_zone_text_takes_the_issuing_country_orthography() {
        use crate::schema::Field;
        let mut fields = Fields::new();
        fields.insert(
            FieldName::GivenNames,
            Field::new("NICOLÓ", 0.8, Source::Viz),
        );
        fields.insert(
            FieldName::BirthPlace,
            Field::new("CANTÚ (CO)", 0.8, Source::Viz),
        );
        fields.insert(
            FieldName::IssuingCountry,
            Field::new("ITA", 0.9, Source::Mrz),
        );
        let country = document_country(&fields, None).unwrap_or_default();
        national_spellings(&mut fields, &country);
        assert_eq!(fields[&FieldName::GivenNames].value, "NICOLÒ");
        assert_eq!(fields[&FieldName::BirthPlace].value, "CANTÙ (CO)");
        let mut fields = Fields::new();
        fields.insert(FieldName::Surname, Field::new("TÄRANU", 0.8, Source::Viz));
        let country = document_country(&fields, Some("ROU")).unwrap_or_default();
        national_spellings(&mut fields, &country);
        assert_eq!(fields[&FieldName::Surname].value, "TĂRANU");
        // A CIE whose header was read too damaged to name Italy: its title does (seed 89 #84).
        let cie = |model| VizResult {
            document_type: DocumentType::IdCard,
            fields: [(FieldName::Surname, Field::new("CANTÚ", 0.8, Source::Viz))]
                .into_iter()
                .collect(),
            issues: Vec::new(),
            country: None,
            lines_of: Default::default(),
            model,
        };
        let page = OcrPage::from_plain("");
        let merged = merge(None, cie(Some(docnum::Model::ItCie)), &page, TODAY);
        assert_eq!(merged.fields[&FieldName::Surname].value, "CANTÙ");
        let merged = merge(None, cie(None), &page, TODAY);
        assert_eq!(merged.fields[&FieldName::Surname].value, "CANTÚ");
    }

    #[test]
    fn a_cie_front_number_takes_the_cie_shape_alone() {
        // `CJ28396OJ` read `CJ283960J`: a CIE number with `O` read `0`, or a paper card's with
        // `1` read `J`. The bilingual title tells the CIE 3.0; the paper card's does not.
        let scan = |title: &str| {
            // Boxes as read from a generated CIE front (the number alone, top right).
            let boxed = |text: &str, b: [f32; 4]| crate::text::OcrLine {
                text: text.to_owned(),
                bbox: Some(b),
                confidence: Some(0.95),
                angle: None,
            };
            let page = OcrPage {
                lines: vec![
                    boxed("REPUBBLICA ITALIANA", [295.0, 580.0, 559.0, 637.0]),
                    boxed("CJ283960J", [958.0, 518.0, 1142.0, 580.0]),
                    boxed(title, [598.0, 574.0, 986.0, 643.0]),
                    boxed("COGNOME / SURNAME", [592.0, 708.0, 749.0, 750.0]),
                    boxed("RINALDI", [594.0, 737.0, 708.0, 780.0]),
                    boxed("EMISSIONE / ISSUING", [625.0, 959.0, 773.0, 995.0]),
                    boxed("28.02.2023", [627.0, 982.0, 776.0, 1028.0]),
                ],
            };
            let opts = crate::ParseOptions {
                today: time::macros::date!(2026 - 11 - 26),
                repair: true,
            };
            let result = crate::parse_page(&page, &opts);
            let number = result.fields[&FieldName::DocumentNumber].clone();
            let flagged = result
                .issues
                .iter()
                .any(|i| i.code == IssueCode::DocumentNumberFormat);
            (number.value, number.checks, flagged)
        };
        let (value, checks, flagged) = scan("CARTA DI IDENTITÀ / IDENTITY CARD");
        assert_eq!(value, "CJ28396OJ");
        assert_eq!(checks, vec![docnum::FORMAT_IT_CIE]);
        assert!(!flagged);
        let (value, _, flagged) = scan("CARTA D'IDENTITÀ");
        assert_eq!(value, "CJ283960J");
        assert!(flagged);
    }

    #[test]
    fn number_formats_follow_the_country() {
        use crate::schema::Field;
        let today = time::macros::date!(2026 - 11 - 26);
        let run = |header: Option<&str>, issuer: Option<&str>| {
            let mut fields = Fields::new();
            fields.insert(
                FieldName::DocumentNumber,
                Field::new("KIAQ7LW8N", 0.9, Source::Viz),
            );
            if let Some(c) = issuer {
                fields.insert(FieldName::IssuingCountry, Field::new(c, 0.9, Source::Mrz));
            }
            let mut issues = Vec::new();
            validate_fields(
                DocumentType::IdCard,
                header,
                None,
                &mut fields,
                &mut issues,
                today,
            );
            issues.iter().map(|i| i.code).collect::<Vec<_>>()
        };
        // A French number on a card of unknown or French issuer: no Italian format applies.
        assert_eq!(run(None, None), vec![]);
        assert_eq!(run(Some("FRA"), None), vec![]);
        // The header or the issuing country says Italian: the Italian formats apply.
        assert_eq!(
            run(Some("ITA"), None),
            vec![IssueCode::DocumentNumberFormat]
        );
        assert_eq!(
            run(Some("FRA"), Some("ITA")),
            vec![IssueCode::DocumentNumberFormat]
        );
    }

    #[test]
    fn a_rejected_reading_is_no_issue_once_the_field_has_a_valid_value() {
        use crate::schema::Field;
        let today = time::macros::date!(2026 - 11 - 26);
        let mut fields = Fields::new();
        let issued = Field::new("2024-12-11", 0.9, Source::Viz).with_check("date_valid");
        fields.insert(FieldName::IssueDate, issued);
        let issue = |code, field| Issue::new(Severity::Warning, code, Some(field));
        let viz = VizResult {
            document_type: DocumentType::IdCard,
            fields,
            issues: vec![
                issue(IssueCode::InvalidDate, FieldName::IssueDate),
                issue(IssueCode::InvalidSex, FieldName::Sex),
                issue(IssueCode::InvalidDate, FieldName::BirthDate),
            ],
            country: None,
            lines_of: Default::default(),
            model: None,
        };
        let merged = merge(None, viz, &OcrPage::from_plain(""), today);
        // The issue date has a valid value: settled. Sex and birth date were never read.
        let left: Vec<_> = merged.issues.iter().map(|i| (i.code, i.field)).collect();
        assert_eq!(
            left,
            [
                (IssueCode::InvalidSex, Some(FieldName::Sex)),
                (IssueCode::InvalidDate, Some(FieldName::BirthDate))
            ]
        );
    }

    #[test]
    fn a_name_cut_with_the_mrz_tail_is_completed_by_the_visual_zone() {
        let viz = || passport_viz(&[(FieldName::GivenNames, "ANNA MARIA")]);
        let page = OcrPage::from_plain("");
        let cut = specimen_passport("P<UTOERIKSSON<<ANNA<MA");
        assert!(cut.valid && cut.names_cut);
        let merged = merge(Some(&cut), viz(), &page, TODAY);
        assert_eq!(merged.fields[&FieldName::GivenNames].value, "ANNA MARIA");
        assert!(!has_mismatch(&merged));
        // A whole name line: the MRZ's proven reading wins and the mismatch is reported.
        let whole = specimen_passport("P<UTOERIKSSON<<ANNA<MA<<<<<<<<<<<<<<<<<<<<<<");
        let merged = merge(Some(&whole), viz(), &page, TODAY);
        assert_eq!(merged.fields[&FieldName::GivenNames].value, "ANNA MA");
        assert!(has_mismatch(&merged));
    }

    #[test]
    fn an_issue_date_longer_before_the_expiry_than_any_validity_is_reported() {
        // Seed 131 #79: `10.02.2019` read `10.032010` on a German card valid until 2029.
        let scan = |issue: &str| {
            let text = format!(
                "Geburtstag / Date of birth: 25.09.1985\n\
                 Ausstellungsdatum / Date of issue: {issue}\n\
                 Gültig bis / Date of expiry: 09.02.2029"
            );
            let opts = crate::ParseOptions {
                today: TODAY,
                repair: true,
            };
            let r = crate::parse_page(&OcrPage::from_plain(&text), &opts);
            r.issues.iter().any(|i| {
                i.code == IssueCode::InconsistentDates && i.field == Some(FieldName::IssueDate)
            })
        };
        assert!(scan("10.03.2010"));
        assert!(!scan("10.02.2019"));
    }

    #[test]
    fn the_one_other_date_between_birth_and_expiry_is_the_issue_date() {
        use crate::schema::Field;
        let today = time::macros::date!(2026 - 11 - 26);
        let mut fields = Fields::new();
        fields.insert(
            FieldName::BirthDate,
            Field::new("1970-02-03", 1.0, Source::Mrz),
        );
        fields.insert(
            FieldName::ExpiryDate,
            Field::new("2032-03-28", 1.0, Source::Mrz),
        );
        let page = OcrPage::from_plain(
            "Data d nascta/Datef trtv (4\n03 FEB/FEB 1970\nData d fascioDate o sue\n29 MAR/MAR 2022\n28 MAR/MAR 2032",
        );
        let mut inferred = fields.clone();
        infer_unlabelled_dates(&mut inferred, &page, today);
        assert_eq!(inferred[&FieldName::IssueDate].value, "2022-03-29");
        // Two candidates: no guess.
        let page = OcrPage::from_plain("29 MAR/MAR 2022\n01.01.2023\n03 FEB/FEB 1970");
        infer_unlabelled_dates(&mut fields, &page, today);
        assert!(!fields.contains_key(&FieldName::IssueDate));
    }

    #[test]
    fn two_unlabelled_dates_after_the_birth_date_are_issue_and_expiry() {
        use crate::schema::Field;
        let today = time::macros::date!(2026 - 11 - 26);
        let mut fields = Fields::new();
        let birth = Field::new("2005-04-26", 0.9, Source::Viz);
        fields.insert(FieldName::BirthDate, birth);
        let page = OcrPage::from_plain("BARI (BA) 26.04.2005\n26.04.2035\n02.12.2025");
        let mut inferred = fields.clone();
        infer_unlabelled_dates(&mut inferred, &page, today);
        assert_eq!(inferred[&FieldName::IssueDate].value, "2025-12-02");
        assert_eq!(inferred[&FieldName::ExpiryDate].value, "2035-04-26");
        // Both in the future: neither can be the issue date.
        let page = OcrPage::from_plain("26.04.2035\n02.12.2027");
        infer_unlabelled_dates(&mut fields, &page, today);
        assert!(!fields.contains_key(&FieldName::IssueDate));
        assert!(!fields.contains_key(&FieldName::ExpiryDate));
    }

    #[test]
    fn a_romanian_cnp_is_checked_and_the_mrz_one_wins() {
        let opts = crate::ParseOptions {
            today: TODAY,
            repair: true,
        };
        let scan = |cnp: &str, mrz: bool| {
            let mrz = if mrz {
                "IDROUSTOICA<<IOANA<<<<<<<<<<<<<<<<<<\nNY474480<8ROU6203157F320227423543801"
            } else {
                ""
            };
            let text = format!(
                "ROMANIA\nCARTE DE IDENTITATE\nCNP {cnp}\nNume/Nom/Last name\nSTOICA\n{mrz}"
            );
            crate::parse_page(&OcrPage::from_plain(&text), &opts)
        };
        let failed = |r: &crate::ScanResult| {
            r.issues.iter().any(|i| {
                i.code == IssueCode::CheckDigitFailed && i.field == Some(FieldName::PersonalNumber)
            })
        };
        // Read right: the check passes.
        let r = scan("2620315354380", false);
        assert!(
            r.fields[&FieldName::PersonalNumber]
                .checks
                .contains(&"cnp_check_digit")
        );
        assert!(!failed(&r));
        // One digit misread: reported.
        let r = scan("2620315354382", false);
        assert!(failed(&r));
        // The MRZ's CNP (its first and last six digits, the birth date between) wins.
        let r = scan("2620315354382", true);
        let cnp = &r.fields[&FieldName::PersonalNumber];
        assert_eq!(cnp.value, "2620315354380");
        assert!(cnp.checks.contains(&"cnp_check_digit"));
        assert!(!failed(&r));
    }

    #[test]
    fn a_spanish_dni_is_checked_by_its_control_letter() {
        let opts = crate::ParseOptions {
            today: TODAY,
            repair: true,
        };
        let scan = |dni: &str| {
            let text = format!(
                "ESPAÑA\nDOCUMENTO NACIONAL DE IDENTIDAD\nDNI {dni}\nAPELLIDOS\nMARTÍNEZ\nNOMBRE\nMARÍA"
            );
            crate::parse_page(&OcrPage::from_plain(&text), &opts)
        };
        let r = scan("33937298Q");
        let dni = &r.fields[&FieldName::PersonalNumber];
        assert!(dni.checks.contains(&"dni_check_letter"));
        assert!(
            r.issues
                .iter()
                .all(|i| i.code != IssueCode::CheckDigitFailed)
        );
        // One digit misread: the letter no longer matches.
        let r = scan("33937299Q");
        assert!(
            !r.fields[&FieldName::PersonalNumber]
                .checks
                .contains(&"dni_check_letter")
        );
        assert!(r.issues.iter().any(|i| {
            i.code == IssueCode::CheckDigitFailed && i.field == Some(FieldName::PersonalNumber)
        }));
    }

    #[test]
    fn a_fiscal_code_read_with_a_character_twice_is_rebuilt_from_the_mrz() {
        // The real recogniser's reading of a CIE back (seed 53 #1 of the synthetic corpus).
        let back = |names: &str| {
            let text = format!(
                "CODICE FISCALE/ FISCAL CODE\nRZZSFN96LO05H501I\n\
                 CIITACA73654DN5<<<<<<<<<<<<<<<\n9607055M32070511TA<<<<<<<<<<<4\n{names}"
            );
            let opts = crate::ParseOptions {
                today: TODAY,
                repair: true,
            };
            crate::parse_page(&OcrPage::from_plain(&text), &opts)
        };
        let scanned = back("RIZZ0<<STEFANO<<<<<<<<<<<<<<<<");
        let code = &scanned.fields[&FieldName::FiscalCode];
        assert_eq!(code.value, "RZZSFN96L05H501I");
        assert!(code.checks.contains(&"fiscal_code_checksum"));
        // Another holder's names: nothing to rebuild from.
        let other = back("ROSSI<<MARIO<<<<<<<<<<<<<<<<<<");
        assert!(!other.fields.contains_key(&FieldName::FiscalCode));
    }

    #[test]
    fn a_name_misread_by_one_letter_is_told_by_the_fiscal_code() {
        // The real recogniser's reading of a CIE back (seed 71 #13 of the synthetic corpus): the
        // MRZ name line reads `GHOSUE`, the codice fiscale says `GSI`.
        let back = |code: &str| {
            let text = format!(
                "CODICE FISCALE /FISCAL CODE\n{code}\nCIITACU51945VI3<<<<<<<<<<<<<<<\n\
                 8002170M2902175ITA<<<<<<<<<<<4\nCOLOMBO<<GHOSUE<<<<<<<<<<<<<<"
            );
            let opts = crate::ParseOptions {
                today: TODAY,
                repair: true,
            };
            crate::parse_page(&OcrPage::from_plain(&text), &opts)
        };
        let mismatch = |r: &crate::ScanResult| {
            r.issues
                .iter()
                .any(|i| i.code == IssueCode::FiscalCodeMismatch)
        };
        let scanned = back("CLMGSI80B17D612R");
        assert_eq!(scanned.fields[&FieldName::GivenNames].value, "GIOSUE");
        assert!(!mismatch(&scanned));
        // A code that also contradicts the birth date is another person's: the name stays as
        // read and both mismatches are reported.
        let other = back("CLMGSI81B17D612S");
        assert_eq!(other.fields[&FieldName::GivenNames].value, "GHOSUE");
        assert!(mismatch(&other));
    }

    #[test]
    fn an_mrz_name_one_misread_off_the_printed_one_gives_way() {
        // The real recogniser's reading of a passport page (seed 73 #80 of the synthetic
        // corpus): the MRZ name line reads `ESPOSHTO`, the page prints `ESPOSITO`.
        let page = |printed: &str| {
            let text = format!(
                "PASSAPORTO PASSPORT PASSEPORT\nCognome/Surname/Nom (1)\n{printed}\n\
                 Nome/Given names/Prénoms (2)\nMOSÈ\n\
                 P<ITAESPOSHTO<<MOSE<<<<<<<<<<<<<<<<<<<<<<<<<\n\
                 YI35288055ITA0608129M3609150<<<<<<<<<<<<<<<8"
            );
            let opts = crate::ParseOptions {
                today: TODAY,
                repair: true,
            };
            crate::parse_page(&OcrPage::from_plain(&text), &opts)
        };
        let scanned = page("ESPOSITO");
        assert_eq!(scanned.fields[&FieldName::Surname].value, "ESPOSITO");
        // Still reported: the two readings disagree.
        assert!(
            scanned
                .issues
                .iter()
                .any(|i| i.code == IssueCode::MrzVizMismatch)
        );
        // A printed name more than one misread away: the valid MRZ's.
        assert_eq!(
            page("ESPOSTTI").fields[&FieldName::Surname].value,
            "ESPOSHTO"
        );
    }

    #[test]
    fn a_separator_half_lost_from_a_short_name_line_is_placed_by_the_visual_zone() {
        // Seed 113 #116 of the synthetic corpus, a mild photo: the name line lost a `<` of its
        // separator (and one of its tail); the `A` after the other single filler is the given
        // name's, not the separator's other half.
        let text = "PASSAPORTO PASSPORT PASSEPORT\nCognome/Surname/Nom (1)\nRICCI\n\
                    Nome/Given names/Prénoms (2)\nANNA MARIA\n\
                    P<ITARICCI<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<<\n\
                    YS65874208ITA5104095F3506134<<<<<<<<<<<<<<<4";
        let opts = crate::ParseOptions {
            today: TODAY,
            repair: true,
        };
        let scanned = crate::parse_page(&OcrPage::from_plain(text), &opts);
        assert_eq!(scanned.fields[&FieldName::Surname].value, "RICCI");
        assert_eq!(scanned.fields[&FieldName::GivenNames].value, "ANNA MARIA");
        assert!(scanned.mrz.is_some_and(|m| m.valid));
    }

    #[test]
    fn an_italian_passport_issue_date_read_damaged_is_confirmed_by_its_validity() {
        // Seed 1 #74 of the synthetic corpus: the issue date's month read `GAAAUN`; the MRZ
        // proves the expiry 2029-06-04, the holder (born 1989) was an adult: issued 2019-06-05.
        let scan = |issue_line: &str, country: &str| {
            let text = format!(
                "REPUBBLICA ITALIANA\nPASSAPORTO PASSPORT PASSEPORT\nMANCINI\nSIMONE\n\
                 06 GEN/JAN 1989\nLECCE (LE)\n{issue_line}\nMINISTRO AFFARI ESTERI\n\
                 P<{country}MANCINI<<SIMONE<<<<<<<<<<<<<<<<<<<<<<<<\n\
                 YU00927590ITA8901066M2906047<<<<<<<<<<<<<<<6"
            );
            let opts = crate::ParseOptions {
                today: TODAY,
                repair: true,
            };
            let r = crate::parse_page(&OcrPage::from_plain(&text), &opts);
            r.fields.get(&FieldName::IssueDate).map(|f| f.value.clone())
        };
        assert_eq!(scan("05 GAAAUN 2019", "ITA").as_deref(), Some("2019-06-05"));
        // The day wrong and the month read: two of three agree.
        assert_eq!(
            scan("33 GIU/JUN 2019", "ITA").as_deref(),
            Some("2019-06-05")
        );
        // One of three is no evidence; nor is another country's passport.
        assert_eq!(scan("05 GAAAUN 2O1S", "ITA"), None);
        assert_eq!(scan("05 GAAAUN 2019", "FRA"), None);
    }

    #[test]
    fn umlauts_read_as_other_marks_come_back_from_the_mrz() {
        // Seed 73 #28 and #112 of the synthetic corpus.
        assert_eq!(umlauts_from_mrz("JÁGER", "JAEGER"), "JÄGER");
        assert_eq!(
            umlauts_from_mrz("HANS JÚRGEN", "HANS JUERGEN"),
            "HANS JÜRGEN"
        );
        assert_eq!(umlauts_from_mrz("Jóst", "JOEST"), "Jöst");
        // The MRZ without the `E` (an accent, or an umlaut written as its vowel), another
        // spelling, an `E` that is the name's own: as read.
        assert_eq!(umlauts_from_mrz("JÁGER", "JAGER"), "JÁGER");
        assert_eq!(umlauts_from_mrz("RAMÓN", "RAMON"), "RAMÓN");
        assert_eq!(umlauts_from_mrz("JÁGER", "JAEGGER"), "JÁGER");
        assert_eq!(umlauts_from_mrz("RAÚE", "RAUE"), "RAÚE");
    }

    #[test]
    fn transliteration() {
        assert_eq!(transliterate("D'AMICO"), "D AMICO");
        assert_eq!(transliterate("NICOLÒ"), "NICOLO");
        assert_eq!(
            transliterate("MÜLLER-LÜDENSCHEIDT"),
            "MUELLER LUEDENSCHEIDT"
        );
        assert!(agree(FieldName::Surname, "MÜLLER", "MULLER"));
        assert!(agree(FieldName::Surname, "D'AMICO", "D AMICO"));
        assert!(!agree(FieldName::Surname, "ROSSI", "BIANCHI"));
    }

    #[test]
    fn document_codes() {
        assert_eq!(document_type_of_code("P<"), DocumentType::Passport);
        assert_eq!(document_type_of_code("C<"), DocumentType::IdCard);
        assert_eq!(document_type_of_code("IR"), DocumentType::ResidencePermit);
        assert_eq!(document_type_of_code("V<"), DocumentType::Visa);
    }

    #[test]
    fn extracted_values_fill_gaps_and_never_replace_what_the_device_read() {
        use crate::schema::Field;
        let mut fields = Fields::new();
        fields.insert(
            FieldName::DocumentNumber,
            Field::new("CA00000AA", 0.99, Source::Mrz).with_check("mrz_check_digit"),
        );
        fields.insert(FieldName::Surname, Field::new("NICOLÒ", 0.9, Source::Viz));
        let mut extracted = Fields::new();
        extracted.insert(
            FieldName::DocumentNumber,
            Field::new("CA00000AB", 0.7, Source::Llm),
        );
        extracted.insert(FieldName::Surname, Field::new("NICOLÒ", 0.7, Source::Llm));
        extracted.insert(
            FieldName::BirthPlace,
            Field::new("ROMA (RM)", 0.7, Source::Llm),
        );
        let mut issues = Vec::new();
        merge_extracted(&mut fields, &mut issues, extracted);
        assert_eq!(fields[&FieldName::DocumentNumber].value, "CA00000AA");
        assert_eq!(fields[&FieldName::DocumentNumber].source, Source::Mrz);
        assert!(
            fields[&FieldName::Surname]
                .checks
                .contains(&"extractor_agrees")
        );
        assert_eq!(fields[&FieldName::BirthPlace].source, Source::Llm);
        assert_eq!(
            issues,
            vec![Issue::new(
                Severity::Warning,
                IssueCode::ExtractorConflict,
                Some(FieldName::DocumentNumber)
            )]
        );
    }
}
