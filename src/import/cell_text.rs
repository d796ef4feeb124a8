//! Reading one cell's printed text: a number in Dutch notation, a marker, glued footnotes, and
//! what a person must decide when the text is neither.

use rust_decimal::Decimal;

use crate::model::{CellValue, Marker};

/// What one cell's text says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadCell {
    /// Number, marker, or text awaiting review.
    pub value: CellValue,
    /// Footnote numbers glued to the text (`NB3`, `5%5`).
    pub footnotes: Vec<u32>,
    /// Printed with a `%` sign.
    pub percent: bool,
    /// Why a person must look, if they must.
    pub review: Option<String>,
}

impl ReadCell {
    fn of(value: CellValue) -> Self {
        ReadCell {
            value,
            footnotes: Vec::new(),
            percent: false,
            review: None,
        }
    }
}

/// Words that put a bound before a number: `minimaal 90%`, `ca. 50`.
const QUALIFIERS: [&str; 10] = [
    "minimaal", "maximaal", "min.", "max.", "ca.", "circa", "ten", "≥", "≤", "±",
];

/// Whether `word` is a qualifier such as `minimaal` or `≥`.
pub fn is_qualifier(word: &str) -> bool {
    let lower = word.to_lowercase();
    QUALIFIERS.contains(&lower.as_str()) || matches!(word, "<" | ">")
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

/// Splits glued footnote digits off the end of a marker: `NB3` → (`NB`, 3).
fn marker_with_footnote(text: &str) -> Option<(Marker, Option<u32>)> {
    if let Some(marker) = Marker::parse(text) {
        return Some((marker, None));
    }
    let digits_start = text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits_start == 0 || digits_start == text.len() || text.len() - digits_start > 2 {
        return None;
    }
    let (word, digits) = text.split_at(digits_start);
    let marker = Marker::parse(word)?;
    if matches!(marker, Marker::Nil | Marker::Blank) {
        return None; // `-3` is a negative number, not a nil with footnote 3.
    }
    Some((marker, digits.parse().ok()))
}

/// Reads one cell's text (whitespace already folded).
///
/// `footnote_numbers` are the footnotes defined under the table: digits glued after a `%` or a
/// marker count as a footnote only when such a footnote exists.
pub fn read_cell(raw: &str, footnote_numbers: &[u32]) -> ReadCell {
    let text = raw.trim();
    if text.is_empty() {
        return ReadCell::of(CellValue::Missing(Marker::Blank));
    }
    if let Some((marker, footnote)) = marker_with_footnote(text) {
        let mut cell = ReadCell::of(CellValue::Missing(marker.clone()));
        match footnote {
            Some(number) if footnote_numbers.contains(&number) => cell.footnotes.push(number),
            Some(number) => {
                cell.footnotes.push(number);
                cell.review = Some(format!(
                    "{text}: {marker} met voetnoot {number}, maar die voetnoot staat niet onder de tabel"
                ));
            }
            None => {}
        }
        // A sign (`.`, `x`, `*`) needs the table to say what it means; words (`geen data`) say it.
        if let Marker::Other(sign) = &marker
            && !sign.contains(' ')
            && sign.chars().count() <= 2
        {
            cell.review = Some(format!(
                "Teken “{sign}” is geen standaardteken (NB, n.n.b., N.v.t., -): bevestig wat het betekent"
            ));
        }
        return cell;
    }
    if let Some(number) = parse_dutch_number(text) {
        return ReadCell::of(CellValue::Number(number));
    }
    if let Some((number, after)) = text.split_once('%')
        && let Some(value) = parse_dutch_number(number.trim_end())
    {
        {
            let mut cell = ReadCell::of(CellValue::Number(value));
            cell.percent = true;
            if after.is_empty() {
                return cell;
            }
            if let Ok(footnote) = after.parse::<u32>() {
                cell.footnotes.push(footnote);
                if !footnote_numbers.contains(&footnote) {
                    cell.review = Some(format!(
                        "{text}: {number}% met voetnoot {footnote}, maar die voetnoot staat niet onder de tabel"
                    ));
                }
                return cell;
            }
        }
    }
    if let Some(number) = text
        .strip_suffix('&')
        .filter(|n| parse_dutch_number(n).is_some())
    {
        let mut cell = ReadCell::of(CellValue::Text);
        cell.review = Some(format!(
            "{text} is vermoedelijk een tikfout voor {number}%: bevestig de waarde"
        ));
        return cell;
    }
    let mut cell = ReadCell::of(CellValue::Text);
    cell.percent = text.contains('%');
    cell.review = Some(text_review(text));
    cell
}

/// Why a text cell needs a person: several numbers, a bound, or plain text.
fn text_review(text: &str) -> String {
    // Numbers in parentheses qualify the others (`98% (0 jaar)`): they are not values.
    let mut outside = String::new();
    let mut depth = 0usize;
    for character in text.chars() {
        match character {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(character),
            _ => {}
        }
    }
    let numbers: Vec<&str> = outside
        .split(|c: char| !(c.is_ascii_digit() || c == ','))
        .map(|part| part.trim_matches(','))
        .filter(|part| !part.is_empty())
        .collect();
    let first_word = text.split_whitespace().next().unwrap_or("");
    if is_qualifier(first_word) {
        format!("Tekst met een grens in plaats van één getal ({text}): bevestig de waarde")
    } else if numbers.len() > 1 {
        format!(
            "Samengestelde cel: {} getallen in één cel ({}); kies de waarde of splits de cel",
            numbers.len(),
            numbers.join(", ")
        )
    } else {
        format!("Niet gelezen als getal of teken ({text}): bevestig de waarde")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn glued_footnotes_on_markers_and_percentages() {
        let cell = read_cell("NB3", &[3]);
        assert_eq!(cell.value, CellValue::Missing(Marker::NotKnown));
        assert_eq!((cell.footnotes, cell.review), (vec![3], None));
        let cell = read_cell("5%5", &[5]);
        assert_eq!(cell.value, CellValue::Number(Decimal::new(5, 0)));
        assert_eq!(
            (cell.footnotes, cell.percent, cell.review),
            (vec![5], true, None)
        );
        let cell = read_cell("NB9", &[3]);
        assert!(cell.review.unwrap().contains("voetnoot 9"));
        assert_eq!(
            read_cell("-3", &[3]).value,
            CellValue::Number(Decimal::new(-3, 0))
        );
    }

    #[test]
    fn doubtful_text_is_flagged_not_guessed() {
        let typo = read_cell("70&", &[]);
        assert_eq!(typo.value, CellValue::Text);
        assert!(typo.review.unwrap().contains("tikfout voor 70%"));
        let composite = read_cell("8 / 75 per week", &[]);
        assert_eq!(composite.value, CellValue::Text);
        assert!(composite.review.unwrap().contains("2 getallen"));
        let bound = read_cell("minimaal 90% voor alle vaccinaties", &[]);
        assert!(bound.review.unwrap().contains("grens"));
        let sign = read_cell("geen data", &[]);
        assert_eq!(
            sign.value,
            CellValue::Missing(Marker::Other("geen data".into()))
        );
        assert!(sign.review.is_none(), "words explain themselves");
        assert!(
            read_cell(".", &[]).review.is_some(),
            "a bare sign needs its meaning"
        );
    }
}
