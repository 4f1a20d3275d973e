//! Validators: calendar dates, Italian codice fiscale and municipalities, the Romanian CNP,
//! document-number formats, country codes, sex.

pub mod cnp;
pub mod country;
pub mod date;
pub mod docnum;
pub mod fiscal_code;
pub mod places;

/// Normalises a printed sex marker to `M`, `F` or `X` (`<` in an MRZ means unspecified).
pub fn normalize_sex(s: &str) -> Option<&'static str> {
    match s.trim().to_uppercase().as_str() {
        "M" | "MASCHILE" | "MALE" | "MASCULIN" | "MÄNNLICH" | "MASCULINO" | "H" | "HOMBRE"
        | "HOMME" => Some("M"),
        "F" | "FEMMINILE" | "FEMALE" | "FÉMININ" | "FEMININ" | "WEIBLICH" | "W" | "FEMENINO"
        | "MUJER" | "FEMME" => Some("F"),
        "X" | "<" => Some("X"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sex_markers() {
        assert_eq!(normalize_sex("m"), Some("M"));
        assert_eq!(normalize_sex("W"), Some("F"));
        assert_eq!(normalize_sex("<"), Some("X"));
        assert_eq!(normalize_sex("G"), None);
    }
}
