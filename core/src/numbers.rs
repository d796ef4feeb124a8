//! Numbers in Dutch (and English) notation: exact decimals in, text out, and back.

use rust_decimal::Decimal;

use crate::language::Language;

/// Formats `value` with thousands separators, keeping its printed scale:
/// Dutch `3.200`, `68,6`, `-23.974`; English `3,200`, `68.6`.
pub fn format_decimal(value: Decimal, language: Language) -> String {
    let (thousands, decimal_sign) = match language {
        Language::Dutch => ('.', ','),
        Language::English => (',', '.'),
    };
    let plain = value.to_string();
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let mut grouped = String::with_capacity(plain.len() + whole.len() / 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}{decimal_sign}{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Reads a number in Dutch notation: `68,6`, `3.200`, `-23.974`, `3200`. Keeps the scale.
pub fn parse_dutch_number(text: &str) -> Option<Decimal> {
    let (negative, unsigned) = match text.strip_prefix(['-', '−', '–']) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once(',') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    if whole.is_empty()
        || fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let digits: String = if whole.contains('.') {
        // Thousands points: groups of exactly three digits after the first.
        let mut groups = whole.split('.');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut digits = first.to_string();
        for group in groups {
            if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.push_str(group);
        }
        digits
    } else if whole.bytes().all(|b| b.is_ascii_digit()) {
        whole.to_string()
    } else {
        return None;
    };
    let plain = match fraction {
        Some(fraction) => format!("{}{digits}.{fraction}", if negative { "-" } else { "" }),
        None => format!("{}{digits}", if negative { "-" } else { "" }),
    };
    Decimal::from_str_exact(&plain).ok()
}

/// Reads what a person types into a cell: a number in Dutch notation (`68,6`, `3.200`,
/// `1.234,5`, `10,81%`) or a marker in any usual spelling (`nb`, `N.v.t.`, `-`).
/// Refused, it gives back the text, trimmed.
pub fn parse_user_value(text: &str) -> Result<crate::model::CellValue, String> {
    use crate::model::{CellValue, Marker};
    let trimmed = text.trim();
    if let Some(number) = parse_dutch_number(trimmed.trim_end_matches('%').trim_end()) {
        return Ok(CellValue::Number(number));
    }
    match Marker::parse(trimmed) {
        Some(Marker::Blank) => Ok(CellValue::Missing(Marker::Blank)),
        Some(marker) => Ok(CellValue::Missing(marker)),
        // The refused text itself: the window says why in its own language.
        None => Err(trimmed.to_string()),
    }
}

/// Reads a plain decimal as written in files: optional `-`, digits, optionally `.` and digits.
/// No thousands separators, no exponent, no spaces. Keeps the scale (`689.0` stays `689.0`).
pub fn parse_plain_decimal(text: &str) -> Option<Decimal> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits_only = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(whole) || fraction.is_some_and(|fraction| !digits_only(fraction)) {
        return None;
    }
    Decimal::from_str_exact(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        parse_plain_decimal(text).unwrap()
    }

    #[test]
    fn dutch_notation_keeps_scale_and_groups_thousands() {
        assert_eq!(format_decimal(dec("68.6"), Language::Dutch), "68,6");
        assert_eq!(format_decimal(dec("3200"), Language::Dutch), "3.200");
        assert_eq!(format_decimal(dec("689.0"), Language::Dutch), "689,0");
        assert_eq!(format_decimal(dec("-23974"), Language::Dutch), "-23.974");
        assert_eq!(format_decimal(dec("10.81"), Language::Dutch), "10,81");
        assert_eq!(format_decimal(dec("917"), Language::Dutch), "917");
        assert_eq!(
            format_decimal(dec("1234567.5"), Language::Dutch),
            "1.234.567,5"
        );
        assert_eq!(format_decimal(dec("0.5"), Language::Dutch), "0,5");
    }

    #[test]
    fn english_notation() {
        assert_eq!(format_decimal(dec("3200"), Language::English), "3,200");
        assert_eq!(format_decimal(dec("68.6"), Language::English), "68.6");
    }

    fn number(text: &str) -> String {
        parse_dutch_number(text).unwrap().to_string()
    }

    #[test]
    fn dutch_numbers_keep_their_scale() {
        assert_eq!(number("68,6"), "68.6");
        assert_eq!(number("3.200"), "3200");
        assert_eq!(number("3200"), "3200");
        assert_eq!(number("-23.974"), "-23974");
        assert_eq!(number("689,0"), "689.0");
        assert_eq!(number("1.234,5"), "1234.5");
        for bad in ["1.23", "1,", ",5", "12.34.567", "a1", "", "-", "1.2345"] {
            assert_eq!(parse_dutch_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn what_a_person_types() {
        use crate::model::{CellValue, Marker};
        assert_eq!(
            parse_user_value("68,6").unwrap(),
            CellValue::Number(dec("68.6"))
        );
        assert_eq!(
            parse_user_value("10,81%").unwrap(),
            CellValue::Number(dec("10.81"))
        );
        assert_eq!(
            parse_user_value(" 3.200 ").unwrap(),
            CellValue::Number(dec("3200"))
        );
        assert_eq!(
            parse_user_value("nb").unwrap(),
            CellValue::Missing(Marker::NotKnown)
        );
        assert!(parse_user_value(" 68.6.1 ").unwrap_err() == "68.6.1");
    }

    #[test]
    fn plain_decimals_are_strict() {
        assert_eq!(dec("689.0").to_string(), "689.0");
        assert_eq!(dec("-0.50").to_string(), "-0.50");
        for bad in [
            "",
            "-",
            "1,5",
            "1.000.000",
            "1e3",
            " 1",
            "1.",
            ".5",
            "1_000",
            "+1",
            "NaN",
        ] {
            assert_eq!(parse_plain_decimal(bad), None, "{bad:?}");
        }
    }
}
