//! Reading one cell's printed text: a number in Dutch notation, a marker, glued footnotes, and
//! what a person must decide when the text is neither.

use crate::model::{CellValue, Marker};
use crate::numbers::parse_dutch_number;

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
            "Samengestelde cel: {} getallen in één cel ({}); typ de waarde die in deze kolom hoort",
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
    use rust_decimal::Decimal;

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
