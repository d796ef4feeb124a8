//! Excel number formats, both ways: the format that shows a value's printed decimals and its
//! footnote numbers, and the decimals and footnotes a format code says when read back.

use super::*;

/// ` 3) 5)`: the footnote numbers as the report prints them beside a value.
pub(super) fn footnote_refs(numbers: &[u32]) -> String {
    numbers.iter().map(|number| format!(" {number})")).collect()
}

/// The number format that shows `scale` decimals with thousands grouping (`#,##0.0`), so Dutch
/// Excel shows 3.200 and 68,6, with the footnote numbers as literal text after the value.
pub(super) fn number_format(scale: u32, footnotes: &[u32]) -> String {
    let mut code = String::from("#,##0");
    if scale > 0 {
        code.push('.');
        code.extend(std::iter::repeat_n('0', scale as usize));
    }
    if !footnotes.is_empty() {
        code.push_str(&format!("\"{}\"", footnote_refs(footnotes)));
    }
    code
}

/// Splits footnote numbers written after a text: `NB 3)` → (`NB`, [3]), `Naam 2) 4)` → (`Naam`,
/// [2, 4]). A `)` that closes a `(` of the text is the text's own: `Aantal (groep 3)` stays.
pub(super) fn split_footnote_refs(text: &str) -> (&str, Vec<u32>) {
    let mut rest = text.trim_end();
    let mut numbers = Vec::new();
    while let Some(before_paren) = rest.strip_suffix(')') {
        let digits_start = before_paren
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len();
        let digits = &before_paren[digits_start..];
        let before = &before_paren[..digits_start];
        let separated = before.is_empty() || before.ends_with(char::is_whitespace);
        let balanced = before.matches('(').count() <= before.matches(')').count();
        match digits.parse::<u32>() {
            Ok(number) if (1..=3).contains(&digits.len()) && separated && balanced => {
                numbers.insert(0, number);
                rest = before.trim_end();
            }
            _ => break,
        }
    }
    (rest, numbers)
}

/// What a cell's number format says: how many decimals it shows, whether it shows a percentage,
/// and footnote numbers written as literal text after the value (`#,##0.0" 3)"`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct NumberShape {
    pub(super) scale: Option<u32>,
    pub(super) percent: bool,
    pub(super) footnotes: Vec<u32>,
}

impl NumberShape {
    pub(super) fn of_cell(style: Option<&calamine::Style>) -> NumberShape {
        style
            .and_then(|style| style.number_format.as_ref())
            .map_or_else(NumberShape::default, |format| {
                NumberShape::of(&format.format_code)
            })
    }

    /// Reads the first section of an Excel format code (the one for positive numbers).
    pub(super) fn of(code: &str) -> NumberShape {
        if code.trim().eq_ignore_ascii_case("general") {
            return NumberShape::default();
        }
        let mut shape = NumberShape::default();
        let mut literal = String::new();
        let mut digits = false;
        let mut fraction: Option<u32> = None;
        // Anything after the decimals ends them: `0.0" 3)"` shows one decimal, not two.
        let mut fraction_over = false;
        let mut scientific = false;
        let mut chars = code.chars();
        while let Some(character) = chars.next() {
            if fraction.is_some() && !matches!(character, '0' | '#' | '?') {
                fraction_over = true;
            }
            match character {
                ';' => break,
                '"' => {
                    for quoted in chars.by_ref() {
                        if quoted == '"' {
                            break;
                        }
                        literal.push(quoted);
                    }
                }
                '\\' => literal.extend(chars.next()),
                '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    for bracketed in chars.by_ref() {
                        if bracketed == ']' {
                            break;
                        }
                    }
                }
                '0' | '#' | '?' => match fraction.as_mut() {
                    Some(count) if !fraction_over => *count += 1,
                    Some(_) => {}
                    None => digits = true,
                },
                '.' if fraction.is_none() => fraction = Some(0),
                '%' => shape.percent = true,
                'E' | 'e' => scientific = true,
                _ => {}
            }
        }
        if (digits || fraction.is_some_and(|count| count > 0)) && !scientific {
            shape.scale = Some(fraction.unwrap_or(0));
        }
        let (rest, footnotes) = split_footnote_refs(literal.trim());
        if rest.is_empty() {
            shape.footnotes = footnotes;
        }
        shape
    }
}

/// The decimal a spreadsheet shows for `float`: first the 15 significant digits a spreadsheet
/// keeps (so 0.1 + 0.2 is 0.3), then, as a percentage, times 100, then rounded half away from
/// zero to the decimals the format shows, with its trailing zeros (`689.0`). Without a format,
/// the shortest decimal (`68.6`). `None` for what no decimal can hold.
pub(super) fn decimal_of(float: f64, shape: &NumberShape) -> Option<Decimal> {
    if !float.is_finite() {
        return None;
    }
    let mut number = Decimal::from_scientific(&format!("{float:.14e}")).ok()?;
    if shape.percent {
        number = number.checked_mul(Decimal::ONE_HUNDRED)?;
    }
    number = match shape.scale {
        Some(scale) => {
            let mut rounded =
                number.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
            rounded.rescale(scale);
            rounded
        }
        None => number.normalize(),
    };
    if number.is_zero() {
        number.set_sign_positive(true);
    }
    Some(number)
}
