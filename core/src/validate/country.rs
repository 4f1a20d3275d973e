//! Country codes: ISO 3166-1 alpha-3 and the ICAO 9303 codes that are not in ISO 3166-1.

/// ISO 3166-1 alpha-3 codes (all 249 assigned codes), sorted.
const ISO_3166_ALPHA3: [&str; 249] = [
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
];

/// Codes of ICAO Doc 9303 Part 3 that are not ISO 3166-1 alpha-3 codes, sorted.
const ICAO_ONLY: [&str; 27] = [
    "D",   // Germany (ICAO form of DEU; `D<<` in an MRZ)
    "EUE", // European Union
    "GBD", // British Overseas Territories Citizen
    "GBN", // British National (Overseas)
    "GBO", // British Overseas Citizen
    "GBP", // British Protected Person
    "GBS", // British Subject
    "RKS", // Kosovo
    "UNA", // specialized agency of the United Nations
    "UNK", // resident of Kosovo, travel document issued by UNMIK
    "UNO", // United Nations Organization
    "UTO", // Utopia, the fictitious state of ICAO specimens
    "XBA", // African Development Bank
    "XCC", // Caribbean Community (CARICOM)
    "XCE", // Council of Europe
    "XCO", // Common Market for Eastern and Southern Africa (COMESA)
    "XDC", // Southern African Development Community (SADC)
    "XEC", // Economic Community of West African States (ECOWAS)
    "XES", // Organisation of Eastern Caribbean States (OECS)
    "XIM", // African Export-Import Bank (Afreximbank)
    "XMP", // Parliamentary Assembly of the Mediterranean (PAM)
    "XOM", // Sovereign Military Order of Malta
    "XPO", // INTERPOL
    "XXA", // stateless person (1954 Convention)
    "XXB", // refugee (1951 Convention)
    "XXC", // refugee (other)
    "XXX", // unspecified nationality
];

/// Trims MRZ fillers (`<`) and surrounding spaces, and upper-cases: `D<<` → `D`, ` ita ` → `ITA`.
pub fn normalize(code: &str) -> String {
    code.trim()
        .trim_matches(|c: char| c == '<' || c.is_whitespace())
        .to_ascii_uppercase()
}

/// Whether `code` is an ISO 3166-1 alpha-3 code or an ICAO-specific code (e.g. `D`, `GBD`, `UNO`, `XXA`).
///
/// The code is [`normalize`]d first, so `D<<` and `ita` are accepted. Withdrawn codes (e.g. `ANT`,
/// `ZIM`, which was never Zimbabwe's code: that is `ZWE`) are not.
pub fn is_known(code: &str) -> bool {
    let code = normalize(code);
    ISO_3166_ALPHA3.binary_search(&code.as_str()).is_ok()
        || ICAO_ONLY.binary_search(&code.as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_disjoint() {
        assert!(ISO_3166_ALPHA3.windows(2).all(|w| w[0] < w[1]));
        assert!(ICAO_ONLY.windows(2).all(|w| w[0] < w[1]));
        assert!(ICAO_ONLY.iter().all(|c| !ISO_3166_ALPHA3.contains(c)));
        assert!(
            ISO_3166_ALPHA3
                .iter()
                .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn iso_codes() {
        for code in [
            "ITA", "DEU", "FRA", "GBR", "USA", "ZWE", "ALA", "SSD", "BES", "CUW", "SXM",
        ] {
            assert!(is_known(code), "{code}");
        }
    }

    #[test]
    fn icao_codes() {
        for code in [
            "D", "D<<", "<D<", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XXA",
            "XXB", "XXC", "XXX", "EUE", "XOM", "XPO", "XCC", "XCE", "XEC", "XES", "XIM", "XMP",
            "XDC", "XBA", "XCO", "RKS", "UTO",
        ] {
            assert!(is_known(code), "{code}");
        }
    }

    #[test]
    fn unknown_codes() {
        for code in [
            "", "<<<", "ZIM", "ANT", "YUG", "SUN", "ASU", "BDR", "RSL", "IT", "ITAL", "DE", "E",
            "XKX", "X", "1TA", "I<A",
        ] {
            assert!(!is_known(code), "{code}");
        }
    }

    #[test]
    fn normalizes_fillers_and_case() {
        assert_eq!(normalize("D<<"), "D");
        assert_eq!(normalize(" ita "), "ITA");
        assert_eq!(normalize("<<<"), "");
        assert!(is_known("ita"));
    }
}
