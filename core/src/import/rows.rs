//! The rows under a header: indicator codes, names that wrap, cells, sub-rows, footnotes.

use std::ops::Range;

use rust_decimal::Decimal;

use super::cell_text::{is_qualifier, read_cell};
use super::header::{Header, Layout, is_header_start, is_heading_only};
use super::{FoundTable, fold, fold_whitespace, is_page_furniture, new_cell, resolve_ligatures};
use crate::model::{CellValue, Column, Indicator, Marker};

/// How a table numbers its rows; a line numbered otherwise is not one of its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeStyle {
    /// `3.1.3 - Naam`
    Dash,
    /// `3.1.3 Naam`
    Dotted,
    /// `1 Naam` or `1. Naam`
    Plain,
    /// `a. Naam`
    Letter,
}

/// Reads a row code at the start of `line`: (code, style, rest of the line).
fn row_code(line: &str) -> Option<(String, CodeStyle, &str)> {
    let trimmed = line.trim_start();
    let code_end = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let code = trimmed[..code_end].trim_end_matches('.');
    if !code.is_empty()
        && code
            .split('.')
            .all(|part| !part.is_empty() && part.len() <= 3)
    {
        let after = &trimmed[code_end..];
        let spaced = after.trim_start();
        if spaced.len() == after.len() && !after.is_empty() {
            return None; // `3200` or `12-jarigen`: a number, not a code.
        }
        if let Some(rest) = spaced.strip_prefix(['-', '–']) {
            let rest = rest.trim_start();
            return (!rest.is_empty()).then(|| (code.to_string(), CodeStyle::Dash, rest));
        }
        if spaced.is_empty() || !spaced.starts_with(|c: char| c.is_alphabetic() || c == '%') {
            return None;
        }
        let style = if code.contains('.') {
            CodeStyle::Dotted
        } else {
            CodeStyle::Plain
        };
        return Some((code.to_string(), style, spaced));
    }
    let mut characters = trimmed.chars();
    let letter = characters.next()?;
    let mark = characters.next()?;
    let rest = characters.as_str();
    if letter.is_ascii_lowercase() && matches!(mark, '.' | ')') && rest.starts_with(' ') {
        let rest = rest.trim_start();
        return (!rest.is_empty()).then(|| (letter.to_string(), CodeStyle::Letter, rest));
    }
    None
}

/// A footnote under a table: `3 Geen data bekend op waarstaatjegemeente.nl`.
fn footnote_start(line: &str) -> Option<(u32, &str)> {
    let trimmed = line.trim_start();
    let digits = trimmed.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 2 {
        return None;
    }
    let number = trimmed[..digits].parse().ok()?;
    let rest = &trimmed[digits..];
    let text = rest.trim_start();
    // A footnote is a sentence: at least two words, not a line of cells (`91 NB3 120 120`).
    let words: Vec<&str> = text.split_whitespace().collect();
    let all_cells = words
        .iter()
        .enumerate()
        .all(|(index, word)| starts_cell(index.checked_sub(1).map(|i| words[i]), word));
    (rest.len() > text.len()
        && text.starts_with(|c: char| c.is_alphabetic() || c == '"' || c == '“')
        && words.len() >= 2
        && !all_cells)
        .then_some((number, text))
}

/// A line that ends a table: a new section or a numbered goal heading.
fn ends_table(line: &str, style: Option<CodeStyle>) -> bool {
    let folded = fold(line.trim());
    let section = [
        "wat mag het kosten",
        "wat gaan we ervoor doen",
        "wat willen we bereiken",
        "activiteiten",
        "subdoel",
        "toelichting",
    ]
    .iter()
    .any(|start| folded.starts_with(start));
    let goal_heading = style != Some(CodeStyle::Plain)
        && line
            .trim_start()
            .split_once(". ")
            .is_some_and(|(number, rest)| {
                !number.is_empty()
                    && number.bytes().all(|b| b.is_ascii_digit())
                    && rest.starts_with(|c: char| c.is_uppercase())
            });
    section || goal_heading
}

/// One row as printed: its code line and the lines that follow it.
struct Block {
    code: String,
    lines: Vec<usize>,
}

/// Where a table's parts lie.
struct Extent {
    blocks: Vec<Block>,
    footnotes: Vec<(u32, String)>,
    /// Signs the text under the table explains (`x  geheim: …`, `nb = niet bekend`).
    defined_signs: Vec<String>,
    end: usize,
}

/// A legend line under a table: `x  geheim: …`, `nb = niet bekend; n.v.t. = …`. Returns the signs.
fn legend_signs(line: &str) -> Vec<String> {
    let mut signs = Vec::new();
    for part in line.split(';') {
        let part = part.trim();
        let sign = match part.split_once(" = ") {
            Some((sign, _)) => sign.trim(),
            None => match part.split_once("  ") {
                Some((sign, meaning)) if !meaning.trim().is_empty() => sign.trim(),
                _ => continue,
            },
        };
        if !sign.is_empty() && sign.chars().count() <= 12 && Marker::parse(sign).is_some() {
            signs.push(sign.to_string());
        }
    }
    signs
}

/// Prose under a table (`Bron: …`, an explanation): a line of several words not starting a cell.
fn is_prose(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() >= 5 && !starts_cell(None, words[0])
}

fn extent(lines: &[&str], body_start: usize) -> Extent {
    let mut blocks: Vec<Block> = Vec::new();
    let mut footnotes: Vec<(u32, String)> = Vec::new();
    let mut style = None;
    let mut in_footnotes = false;
    let mut blank_before = false;
    let mut end = body_start;
    let mut defined_signs = Vec::new();
    let mut closing = false;
    for (index, line) in lines.iter().enumerate().skip(body_start) {
        let trimmed = line.trim();
        if is_page_furniture(trimmed) {
            continue;
        }
        if trimmed.is_empty() {
            blank_before = true;
            continue;
        }
        if ends_table(trimmed, style) || is_header_start(trimmed) || is_heading_only(trimmed) {
            break;
        }
        // Under the rows: legends and prose close the table; footnotes may still follow.
        let legend = legend_signs(trimmed);
        let prose = blank_before && is_prose(trimmed) && footnote_start(trimmed).is_none();
        if !blocks.is_empty()
            && (!legend.is_empty() || prose || closing)
            && footnote_start(trimmed).is_none()
        {
            defined_signs.extend(legend);
            closing = true;
            blank_before = false;
            continue;
        }
        let code = row_code(trimmed)
            .filter(|(_, line_style, _)| style.is_none_or(|s| s == *line_style))
            .filter(|_| !closing);
        match (code, footnote_start(trimmed)) {
            (Some((code, line_style, _)), _) if !in_footnotes => {
                style = Some(line_style);
                blocks.push(Block {
                    code,
                    lines: vec![index],
                });
            }
            (_, Some((number, text))) if !blocks.is_empty() => {
                in_footnotes = true;
                footnotes.push((number, text.to_string()));
            }
            _ if in_footnotes => {
                // A footnote's text wraps; after a blank line only a new footnote continues.
                match footnotes.last_mut() {
                    Some((_, text)) if !blank_before => {
                        text.push(' ');
                        text.push_str(trimmed);
                    }
                    _ => break,
                }
            }
            _ => match blocks.last_mut() {
                Some(block) => block.lines.push(index),
                None => break,
            },
        }
        blank_before = false;
        end = index + 1;
    }
    for (_, text) in &mut footnotes {
        *text = resolve_ligatures(&fold_whitespace(text));
    }
    Extent {
        blocks,
        footnotes,
        defined_signs,
        end,
    }
}

/// The footnotes printed under the table in `range`.
pub fn footnotes_under(lines: &[&str], range: Range<usize>) -> Vec<(u32, String)> {
    let body_start = (range.start..range.end)
        .find(|&index| row_code(lines[index]).is_some())
        .unwrap_or(range.end);
    extent(&lines[..range.end.min(lines.len())], body_start).footnotes
}

/// Reads the table under `header`.
pub fn read_table(lines: &[&str], header: &Header) -> Result<FoundTable, String> {
    let extent = extent(lines, header.lines.end);
    if extent.blocks.is_empty() {
        return Err(format!(
            "line {}: a header with year columns, but no numbered rows under it",
            header.lines.start + 1
        ));
    }
    let footnote_numbers: Vec<u32> = extent.footnotes.iter().map(|(number, _)| *number).collect();
    let mut indicators = Vec::new();
    let mut indicator_lines = Vec::new();
    for block in &extent.blocks {
        let indicator = read_row(lines, block, header, &footnote_numbers, &extent);
        let first = block.lines.first().copied().unwrap_or(header.lines.end);
        let last = block.lines.last().copied().unwrap_or(first);
        indicator_lines.push(first..last + 1);
        indicators.push(indicator);
    }
    let columns = if header.layout == Layout::National {
        let mut found: Vec<Column> = indicators
            .iter()
            .flat_map(|indicator: &Indicator| indicator.cells.iter().map(|cell| cell.column))
            .collect();
        found.sort();
        found.dedup();
        found
    } else {
        header.columns.clone()
    };
    Ok(FoundTable {
        heading: header.heading.clone(),
        heading_footnotes: header.heading_footnotes.clone(),
        kind: header.kind,
        columns,
        indicators,
        indicator_lines,
        lines: header.lines.start..extent.end.max(header.lines.end),
    })
}

/// A word of a row, with where it stands.
#[derive(Clone, Debug)]
struct Token<'a> {
    text: &'a str,
    first_on_line: bool,
    after_blank: bool,
}

fn tokens_of<'a>(lines: &[&'a str], block: &Block, first_rest: &'a str) -> Vec<Token<'a>> {
    let mut tokens = Vec::new();
    let mut previous_line = None;
    for (position, &index) in block.lines.iter().enumerate() {
        let text = if position == 0 {
            first_rest
        } else {
            lines[index]
        };
        let after_blank = previous_line.is_some_and(|previous: usize| {
            lines[previous + 1..index]
                .iter()
                .any(|line| line.trim().is_empty())
        });
        for (word_index, word) in text.split_whitespace().enumerate() {
            tokens.push(Token {
                text: word,
                first_on_line: word_index == 0,
                after_blank: word_index == 0 && after_blank,
            });
        }
        previous_line = Some(index);
    }
    tokens
}

/// Whether `token` can begin a cell (after `previous`).
pub(super) fn starts_cell(previous: Option<&str>, token: &str) -> bool {
    if let Some(previous) = previous
        && (previous == "/" || previous.ends_with('/') || is_qualifier(previous))
    {
        return false;
    }
    if token.starts_with('/') || token.starts_with('(') {
        return false;
    }
    is_qualifier(token)
        || token.starts_with(|c: char| c.is_ascii_digit())
        || (token.starts_with(['-', '–'])
            && token[token.char_indices().nth(1).map_or(token.len(), |(i, _)| i)..]
                .starts_with(|c: char| c.is_ascii_digit()))
        || Marker::parse(token.trim_end_matches(|c: char| c.is_ascii_digit())).is_some_and(
            |marker| {
                !matches!(marker, Marker::Blank | Marker::Other(_))
                    || token.trim_end_matches(|c: char| c.is_ascii_digit()) == token
            },
        ) && !token.is_empty()
}

/// The words of `tokens`, with [`LINE_BREAK`] where a new line begins.
fn with_line_breaks<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
    let mut words = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        if index > 0 && token.first_on_line {
            words.push(LINE_BREAK);
        }
        words.push(token.text);
    }
    words
}

/// Marks a line break among label words (wrapped hyphenated words join only across one).
const LINE_BREAK: &str = "\n";

/// Splits tokens into cells: each cell starts with a number, a marker or a bound, and takes the
/// words after it (`8 / 75 per week`). Neighbouring parts each qualified in parentheses
/// (`98% (0 jaar) 88%(3 jaar)`) are one composite cell.
pub(super) fn group_cells(tokens: &[&str]) -> Vec<String> {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| tokens[i]);
        if groups.is_empty() || starts_cell(previous, token) {
            groups.push(vec![token]);
        } else if let Some(group) = groups.last_mut() {
            group.push(token);
        }
    }
    let mut merged: Vec<String> = Vec::new();
    let mut previous_qualified = false;
    for group in groups {
        let is_qualified = is_qualified_part(&group);
        let text = group.join(" ");
        match merged.last_mut() {
            Some(last) if is_qualified && previous_qualified => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => merged.push(text),
        }
        previous_qualified = is_qualified;
    }
    merged
}

/// Whether a group of words is a number qualified in parentheses (`98% (0 jaar)`): such
/// neighbours are one composite cell (see [`group_cells`]).
fn is_qualified_part(group: &[&str]) -> bool {
    let text = group.join(" ");
    let inside = text
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside);
    text.starts_with(|c: char| c.is_ascii_digit())
        && inside.is_some_and(|inside| inside.trim().parse::<i32>().is_err())
}

/// For every word of `words` at which a group of [`group_cells`] begins: how many cells
/// `group_cells` makes of the words from there to the end, as (word index, cells).
///
/// Grouping every suffix anew takes time in the square of the row's length (a row of 16,000
/// cells took 16 s, issue 14). It is not needed: a word that starts a cell (the candidates of
/// [`split_label_and_cells`]) starts the same groups whether the words before it are there or
/// not, so the suffix's groups are the whole row's groups from that one on; and neighbouring
/// groups merge in pairs, so the count of a suffix is the next suffix's count plus one, less
/// one when this group and the next are both qualified. One pass from the right gives them all.
fn cells_from_each_group(words: &[&str]) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = (0..words.len())
        .filter(|&index| index == 0 || starts_cell(Some(words[index - 1]), words[index]))
        .collect();
    let qualified: Vec<bool> = starts
        .iter()
        .enumerate()
        .map(|(group, &start)| {
            let end = starts.get(group + 1).copied().unwrap_or(words.len());
            is_qualified_part(&words[start..end])
        })
        .collect();
    let mut counts = vec![(0, 0); starts.len()];
    let mut following: Option<(usize, bool)> = None;
    for (group, (&start, &is_qualified)) in starts.iter().zip(&qualified).enumerate().rev() {
        let count = match following {
            None => 1,
            Some((count, next_qualified)) => {
                count + 1 - usize::from(is_qualified && next_qualified)
            }
        };
        counts[group] = (start, count);
        following = Some((count, is_qualified));
    }
    counts
}

/// Splits a row's words into label and cells, choosing where the cells begin.
///
/// Cells that stand on their own line after a blank line begin there (the extraction put them
/// apart from the label). Otherwise the cells begin at the earliest word from which exactly one
/// cell per column follows. Returns the label words, the cells, and whether the count is off.
fn split_label_and_cells<'a>(
    tokens: &[Token<'a>],
    columns: usize,
) -> (Vec<&'a str>, Vec<String>, bool) {
    let marked =
        |range: std::ops::Range<usize>| -> Vec<&'a str> { with_line_breaks(&tokens[range]) };
    let words: Vec<&str> = tokens.iter().map(|token| token.text).collect();
    let candidates: Vec<usize> = (1..words.len())
        .filter(|&index| starts_cell(Some(words[index - 1]), words[index]))
        .collect();
    let after_blank = candidates
        .iter()
        .copied()
        .find(|&index| tokens[index].after_blank);
    // The first candidate from which exactly `columns` cells follow, as if each suffix were
    // grouped with `group_cells` (in linear time: see `cells_from_each_group`).
    let counts = cells_from_each_group(&words);
    let exact = counts
        .iter()
        .find(|&&(index, count)| index > 0 && count == columns)
        .map(|&(index, _)| index);
    let start = match (after_blank, exact) {
        (Some(blank), _) => blank,
        (None, Some(exact)) => exact,
        (None, None) => candidates.last().copied().unwrap_or(words.len()),
    };
    let cells = group_cells(&words[start..]);
    let off = cells.len() != columns;
    (marked(0..start), cells, off)
}

/// A BBV number in parentheses after a name: `(21)`.
pub(super) fn is_bbv_number(word: &str) -> bool {
    word.strip_prefix('(')
        .and_then(|w| w.strip_suffix(')'))
        .is_some_and(|inside| {
            !inside.is_empty() && inside.len() <= 3 && inside.bytes().all(|b| b.is_ascii_digit())
        })
}

/// A footnote number glued to the end of a word: one or two digits after a letter
/// (`rondkomen1` → `rondkomen`, 1). Whether it is a footnote is the caller's to decide.
pub(super) fn glued_footnote(word: &str) -> Option<(&str, u32)> {
    let stem = word.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = word.len() - stem.len();
    // `rondkomen1`, and after a closing parenthesis `(van bedrijven)4`.
    let word_end = stem.strip_suffix(')').unwrap_or(stem);
    if digits == 0 || digits > 2 || !word_end.ends_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    Some((stem, word[stem.len()..].parse().ok()?))
}

/// Cleans a label: footnote digits glued to words, `(verplicht)`, ligatures, wrapped hyphens.
fn clean_label(words: &[&str], footnote_numbers: &[u32]) -> (String, bool, Vec<u32>) {
    let mut mandatory = false;
    let mut footnotes = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut line_break = false;
    for word in words {
        if *word == LINE_BREAK {
            line_break = true;
            continue;
        }
        let wrapped = std::mem::take(&mut line_break);
        if fold(word) == "(verplicht)" {
            mandatory = true;
            continue;
        }
        // A BBV number in parentheses (`Banen (21)`): kept in the printed label, not the name.
        if is_bbv_number(word) {
            continue;
        }
        let mut word = word.to_string();
        if let Some((stem, number)) = glued_footnote(&word)
            && footnote_numbers.contains(&number)
        {
            footnotes.push(number);
            word.truncate(stem.len());
        }
        let leading = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if leading > 0
            && leading <= 2
            && word[leading..].starts_with(|c: char| c.is_alphabetic())
            && let Ok(number) = word[..leading].parse::<u32>()
            && footnote_numbers.contains(&number)
        {
            footnotes.push(number);
            word = word[leading..].to_string();
        }
        match kept.last_mut() {
            // `Wmo-` at a line end and `voorzieningen` on the next: one word.
            Some(last)
                if wrapped
                    && last.ends_with('-')
                    && word.starts_with(|c: char| c.is_lowercase())
                    && last.len() > 1 =>
            {
                last.push_str(&word)
            }
            _ => kept.push(word),
        }
    }
    (resolve_ligatures(&kept.join(" ")), mandatory, footnotes)
}

/// The unit, where the text says it: `%` cells, `(in dagen)`, `per 1.000 inwoners`, `per week`,
/// or a name that starts with `Aantal`.
fn unit_of(name: &str, cells: &[(String, super::ReadCell)]) -> String {
    let lower = name.to_lowercase();
    if name.starts_with('%') || cells.iter().any(|(_, cell)| cell.percent) {
        return "%".into();
    }
    if let Some(start) = lower.find("(in ") {
        let inside = &name[start + 4..];
        if let Some(end) = inside.find(')') {
            return inside[..end].trim().to_string();
        }
    }
    for per in [
        "per 1.000 inwoners",
        "per 10.000 inwoners",
        "per 100.000 inwoners",
        "per 1.000 woningen",
    ] {
        if lower.contains(per) {
            return per.to_string();
        }
    }
    if cells.iter().any(|(raw, _)| raw.contains("per week")) {
        return "per week".into();
    }
    if lower.starts_with("aantal") {
        return "aantal".into();
    }
    String::new()
}

fn read_row(
    lines: &[&str],
    block: &Block,
    header: &Header,
    footnote_numbers: &[u32],
    extent: &Extent,
) -> Indicator {
    let first_line = lines.get(block.lines[0]).copied().unwrap_or("");
    let rest = row_code(first_line).map_or(first_line, |(_, _, rest)| rest);
    let columns = header.columns.len();
    let mut indicator = Indicator {
        code: block.code.clone(),
        name: String::new(),
        unit: String::new(),
        mandatory: false,
        kind: header.kind,
        series: Vec::new(),
        label_raw: String::new(),
        footnotes: Vec::new(),
        review: None,
        source: String::new(),
        // A budget text does not say which way is better; a person does.
        better: None,
        cells: Vec::new(),
    };
    let row: RowCells = match header.layout {
        Layout::National => national_row(rest, header),
        Layout::Tabs | Layout::Spaces => {
            let continuation: Vec<&str> = block.lines[1..]
                .iter()
                .map(|&index| lines[index].trim())
                .filter(|line| !line.is_empty())
                .collect();
            delimited_row(rest, &continuation, header)
        }
        Layout::Extracted => {
            let tokens = tokens_of(lines, block, rest);
            match sub_rows(lines, block, rest) {
                Some((label_lines, names)) => {
                    extracted_sub_rows(&tokens, label_lines, names, columns, header)
                }
                None => {
                    let (label, cells, off) = split_label_and_cells(&tokens, columns);
                    RowCells {
                        printed_label: label.clone(),
                        label,
                        unit: None,
                        cells: cells
                            .into_iter()
                            .map(|raw| (String::new(), raw, None, None))
                            .collect(),
                        series: Vec::new(),
                        ragged: off,
                    }
                }
            }
        }
    };
    let (name, mandatory, label_footnotes) = clean_label(&row.label, footnote_numbers);
    indicator.name = name.trim_end_matches(':').trim().to_string();
    // The national layout is the set of mandatory BBV indicators.
    indicator.mandatory = mandatory || header.layout == Layout::National;
    indicator.footnotes = label_footnotes;
    indicator.series = row.series.clone();
    let printed: Vec<&str> = row
        .printed_label
        .iter()
        .copied()
        .filter(|word| *word != LINE_BREAK)
        .collect();
    indicator.label_raw = fold_whitespace(&format!(
        "{} {}",
        block.code_prefix(first_line),
        printed.join(" ")
    ));
    let cells: Vec<(String, super::ReadCell, String, Column)> =
        assign_columns(&row, header, footnote_numbers, extent);
    let read: Vec<(String, super::ReadCell)> = cells
        .iter()
        .map(|(raw, read, _, _)| (raw.clone(), read.clone()))
        .collect();
    indicator.unit = row
        .unit
        .clone()
        .unwrap_or_else(|| unit_of(&indicator.name, &read));
    for (raw, read, series, column) in cells {
        indicator.cells.push(new_cell(&series, column, read, raw));
    }
    flag_glued_footnote_numbers(&mut indicator, footnote_numbers);
    indicator
}

impl Block {
    /// The code as printed at the start of the block's first line (`3.1.3 -`).
    fn code_prefix(&self, first_line: &str) -> String {
        let trimmed = first_line.trim_start();
        match row_code(trimmed) {
            Some((_, _, rest)) => trimmed[..trimmed.len() - rest.len()].trim_end().to_string(),
            None => self.code.clone(),
        }
    }
}

/// A row's cells before they are read: (series, raw text, label printed in the cell).
struct RowCells<'a> {
    /// The words of the name.
    label: Vec<&'a str>,
    /// The unit, when the table has a unit column.
    unit: Option<String>,
    /// The whole printed label, sub-row labels included.
    printed_label: Vec<&'a str>,
    /// (series, raw text, column when the layout fixes it, a review note the layout gives).
    cells: Vec<(String, String, Option<Column>, Option<String>)>,
    series: Vec<String>,
    ragged: bool,
}

fn delimited_row<'a>(rest: &'a str, continuation: &[&'a str], header: &Header) -> RowCells<'a> {
    let columns = header.columns.len();
    let pieces: Vec<&str> = if header.layout == Layout::Tabs {
        rest.split('\t').map(str::trim).collect()
    } else {
        split_on_space_runs(rest)
    };
    let leading = header.leading_columns.len();
    let (label_piece, others) = pieces
        .split_first()
        .map_or(("", &[][..]), |(first, others)| (*first, others));
    let values: &[&str] = others.get(leading.min(others.len())..).unwrap_or(&[]);
    let ragged = values.len() != columns;
    let mut label: Vec<&'a str> = label_piece.split_whitespace().collect();
    // A wrapped label goes on under the row, without cells (`inwoners van 18 jaar (verplicht)`).
    for line in continuation {
        label.push(LINE_BREAK);
        label.extend(line.split_whitespace());
    }
    let unit = header
        .leading_columns
        .iter()
        .position(|title| fold(title) == "eenheid")
        .and_then(|index| others.get(index))
        .map(|unit| fold_whitespace(unit));
    RowCells {
        printed_label: label.clone(),
        label,
        unit,
        cells: values
            .iter()
            .take(columns)
            .map(|raw| (String::new(), fold_whitespace(raw), None, None))
            .collect(),
        series: Vec::new(),
        ragged,
    }
}

/// A row of the national layout: the municipality's value for its year (`Peiljaar`), and the
/// national figure beside it as the sub-series `Nederland`.
fn national_row<'a>(rest: &'a str, header: &Header) -> RowCells<'a> {
    let pieces: Vec<&str> = if rest.contains('\t') {
        rest.split('\t').map(str::trim).collect()
    } else {
        split_on_space_runs(rest)
    };
    let label: Vec<&'a str> = pieces
        .first()
        .map_or_else(Vec::new, |label| label.split_whitespace().collect());
    let piece = |title: &str| {
        header
            .leading_columns
            .iter()
            .position(|column| fold(column) == title)
            .and_then(|index| pieces.get(index + 1))
            .map(|text| fold_whitespace(text))
    };
    let year = piece("peiljaar").and_then(|year| year.parse::<i32>().ok());
    let mut cells = Vec::new();
    let mut series = Vec::new();
    let mut ragged = true;
    if let Some(year) = year {
        let column = Column::new(crate::model::ValueKind::Realised, year);
        if let Some(value) = piece("gemeente") {
            cells.push((String::new(), value, Some(column), None));
            ragged = false;
        }
        if let Some(value) = piece("nederland") {
            series.push("Nederland".to_string());
            cells.push(("Nederland".to_string(), value, Some(column), None));
        }
    }
    RowCells {
        printed_label: label.clone(),
        label,
        unit: piece("eenheid"),
        cells,
        series,
        ragged,
    }
}

pub(super) fn split_on_space_runs(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b' ' && bytes.get(index + 1) == Some(&b' ') {
            let piece = text[start..index].trim();
            if !piece.is_empty() {
                pieces.push(piece);
            }
            while index < bytes.len() && bytes[index] == b' ' {
                index += 1;
            }
            start = index;
        } else {
            index += 1;
        }
    }
    let piece = text[start..].trim();
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// A label ending in `:` followed by short lines without values: the sub-rows (5.3.1 Roken,
/// alcohol, drugs). Returns how many label lines there are and the sub-row names.
fn sub_rows(lines: &[&str], block: &Block, rest: &str) -> Option<(usize, Vec<String>)> {
    if !rest.trim_end().ends_with(':') {
        return None;
    }
    let mut names = Vec::new();
    for &index in &block.lines[1..] {
        let line = lines[index].trim();
        if line.is_empty() || line.split_whitespace().any(|word| starts_cell(None, word)) {
            break;
        }
        names.push(line.to_string());
    }
    (!names.is_empty()).then(|| (names.len() + 1, names))
}

/// Parses sub-row cells: each column holds one cell per sub-row, or one marker for the whole
/// group, or a group marker followed by one cell per sub-row (then flagged: aligned by order).
fn extracted_sub_rows<'a>(
    tokens: &[Token<'a>],
    label_lines: usize,
    names: Vec<String>,
    columns: usize,
    header: &Header,
) -> RowCells<'a> {
    // Tokens of the label lines: the code line's words and one word run per sub-row line.
    let label_words = {
        let mut line = 0;
        let mut count = 0;
        for token in tokens {
            if token.first_on_line {
                line += 1;
            }
            if line > label_lines {
                break;
            }
            count += 1;
        }
        count
    };
    let label: Vec<&str> = with_line_breaks(&tokens[..label_words]);
    let name_words = with_line_breaks(&tokens[..first_line_words(tokens).min(label_words)]);
    let value_words: Vec<&str> = tokens[label_words..].iter().map(|t| t.text).collect();
    // Try all candidate lines as sub-rows, then without a lead-in line (`onderverdeeld in:`).
    for skip in 0..names.len().min(2) {
        let series: Vec<String> = names[skip..]
            .iter()
            .map(|name| resolve_ligatures(name.trim_end_matches(':').trim()))
            .collect();
        let cells = join_labelled_cells(&value_words, &series);
        if let Some(plan) = plan_columns(&cells, series.len(), columns) {
            let mut out = Vec::new();
            let mut position = 0;
            for (column_index, choice) in plan.iter().enumerate() {
                let column = header.columns[column_index];
                match choice {
                    Choice::PerRow => {
                        for name in &series {
                            out.push((name.clone(), cells[position].clone(), Some(column), None));
                            position += 1;
                        }
                    }
                    Choice::Group => {
                        out.push((String::new(), cells[position].clone(), Some(column), None));
                        position += 1;
                    }
                    Choice::GroupThenPerRow => {
                        let shown: Vec<&str> = cells[position..=position + series.len()]
                            .iter()
                            .map(String::as_str)
                            .collect();
                        let note = format!(
                            "Toewijzing afgeleid uit de volgorde: in {} staan {} tekens ({}) voor {} subrijen; hier gelezen als {} voor de indicator zelf en {} voor de subrijen",
                            column
                                .year
                                .map_or_else(|| "deze kolom".to_string(), |y| y.to_string()),
                            series.len() + 1,
                            shown.join(", "),
                            series.len(),
                            shown[0],
                            shown[1..].join(", ")
                        );
                        out.push((
                            String::new(),
                            cells[position].clone(),
                            Some(column),
                            Some(note),
                        ));
                        position += 1;
                        for name in &series {
                            out.push((name.clone(), cells[position].clone(), Some(column), None));
                            position += 1;
                        }
                    }
                }
            }
            return RowCells {
                label: name_words.clone(),
                unit: None,
                printed_label: label.clone(),
                cells: out,
                series,
                ragged: false,
            };
        }
    }
    // No reading fits: keep everything on the indicator's own row, flagged.
    let cells = group_cells(&value_words);
    RowCells {
        label: name_words,
        unit: None,
        printed_label: label.clone(),
        cells: cells
            .into_iter()
            .map(|raw| (String::new(), raw, None, None))
            .collect(),
        series: Vec::new(),
        ragged: true,
    }
}

fn first_line_words(tokens: &[Token<'_>]) -> usize {
    tokens
        .iter()
        .skip(1)
        .position(|token| token.first_on_line)
        .map_or(tokens.len(), |position| position + 1)
}

/// Joins a number with the sub-row label printed after it: `10 BW` is one cell.
fn join_labelled_cells(words: &[&str], series: &[String]) -> Vec<String> {
    let abbreviations: Vec<String> = series
        .iter()
        .filter_map(|name| {
            let (_, inside) = name.rsplit_once('(')?;
            Some(inside.trim_end_matches(')').to_string())
        })
        .collect();
    let mut cells: Vec<String> = Vec::new();
    for word in words {
        if abbreviations
            .iter()
            .any(|abbreviation| abbreviation == word)
            && let Some(last) = cells.last_mut()
        {
            last.push(' ');
            last.push_str(word);
        } else {
            cells.push(word.to_string());
        }
    }
    cells
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    PerRow,
    Group,
    GroupThenPerRow,
}

/// Finds how the cells fall into columns (see [`extracted_sub_rows`]); prefers one cell per
/// sub-row, then one group marker, then a group marker followed by one cell per sub-row.
fn plan_columns(cells: &[String], rows: usize, columns: usize) -> Option<Vec<Choice>> {
    fn is_marker(cell: &str) -> bool {
        let trimmed = cell.trim_end_matches(|c: char| c.is_ascii_digit());
        Marker::parse(trimmed).is_some_and(|marker| !matches!(marker, Marker::Blank))
    }
    fn search(cells: &[String], rows: usize, columns: usize, plan: &mut Vec<Choice>) -> bool {
        if plan.len() == columns {
            return cells.is_empty();
        }
        let options = [
            (Choice::PerRow, rows),
            (Choice::Group, 1),
            (Choice::GroupThenPerRow, rows + 1),
        ];
        for (choice, width) in options {
            if cells.len() < width || (choice != Choice::PerRow && !is_marker(&cells[0])) {
                continue;
            }
            plan.push(choice);
            if search(&cells[width..], rows, columns, plan) {
                return true;
            }
            plan.pop();
        }
        false
    }
    let mut plan = Vec::new();
    search(cells, rows, columns, &mut plan).then_some(plan)
}

/// Reads the cells and gives each its column; a ragged row is flagged, never shifted silently.
fn assign_columns(
    row: &RowCells<'_>,
    header: &Header,
    footnote_numbers: &[u32],
    extent: &Extent,
) -> Vec<(String, super::ReadCell, String, Column)> {
    let columns = &header.columns;
    let mut out = Vec::new();
    for (index, (series, raw, column, note)) in row.cells.iter().enumerate() {
        let Some(column) = column.or_else(|| columns.get(index).copied()) else {
            break;
        };
        let mut read = read_cell(raw, footnote_numbers);
        let raw_value = raw.split_whitespace().next().unwrap_or("");
        if !series.is_empty() && raw.contains(' ') {
            // `10 BW`: a number with its sub-row's label; the label confirms the row.
            let number = read_cell(raw_value, footnote_numbers);
            if matches!(number.value, CellValue::Number(_)) {
                read = number;
            }
        }
        if let CellValue::Missing(Marker::Other(sign)) = &read.value
            && extent.defined_signs.contains(sign)
        {
            read.review = None; // The table says what the sign means.
        }
        if column.kind == crate::model::ValueKind::Target
            && let Some(bound) = bounded_target(raw, footnote_numbers)
        {
            read = bound; // `≥ 80%` as a target: 80, the bound kept in the raw text.
        }
        if let Some(note) = note
            && read.review.is_none()
        {
            read.review = Some(note.clone());
        }
        if row.ragged {
            let note = format!(
                "Rij met {} cellen voor {} kolommen: niet zeker in welke kolom deze waarde hoort",
                row.cells.len(),
                columns.len()
            );
            read.review = Some(match read.review {
                Some(existing) => format!("{note}; {existing}"),
                None => note,
            });
        }
        out.push((raw.clone(), read, series.clone(), column));
    }
    if row.ragged && row.series.is_empty() {
        // Columns no cell was printed for: blank, and flagged like the rest of the row.
        for column in columns.iter().skip(out.len()) {
            let mut read = read_cell("", footnote_numbers);
            read.review = Some(format!(
                "Rij met {} cellen voor {} kolommen: niet zeker welke kolom leeg is",
                row.cells.len(),
                columns.len()
            ));
            out.push((String::new(), read, String::new(), *column));
        }
    }
    out
}

/// A target written as a bound and one number: `≥ 80%`, `≤ 50`, `minimaal 90%`.
fn bounded_target(raw: &str, footnote_numbers: &[u32]) -> Option<super::ReadCell> {
    let (bound, number) = raw.trim().split_once(' ')?;
    if !matches!(bound, "≥" | "≤" | ">" | "<" | ">=" | "<=") && !is_qualifier(bound) {
        return None;
    }
    let read = read_cell(number.trim(), footnote_numbers);
    matches!(read.value, CellValue::Number(_)).then_some(read)
}

/// `431` beside footnote 1, where 43 fits the row and 431 does not: keep the text, flag it.
fn flag_glued_footnote_numbers(indicator: &mut Indicator, footnote_numbers: &[u32]) {
    let snapshot = indicator.cells.clone();
    for cell in &mut indicator.cells {
        let CellValue::Number(value) = cell.value else {
            continue;
        };
        let raw = cell.raw.trim();
        if raw.len() < 2 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Some(footnote) = raw[raw.len() - 1..]
            .parse::<u32>()
            .ok()
            .filter(|n| footnote_numbers.contains(n))
        else {
            continue;
        };
        let Ok(shorter) = raw[..raw.len() - 1].parse::<Decimal>() else {
            continue;
        };
        let same_row: Vec<Decimal> = snapshot
            .iter()
            .filter(|other| other.series == cell.series && other.column != cell.column)
            .filter_map(|other| other.number())
            .collect();
        let references = if same_row.is_empty() {
            snapshot
                .iter()
                .filter(|other| other.column == cell.column && other.series != cell.series)
                .filter_map(|other| other.number())
                .collect()
        } else {
            same_row
        };
        let Some(typical) = median(&references) else {
            continue;
        };
        let distance = |x: Decimal| -> Option<Decimal> {
            if x.is_zero() || typical.is_zero() {
                return None;
            }
            let ratio = (x / typical).abs();
            Some(if ratio < Decimal::ONE {
                Decimal::ONE / ratio
            } else {
                ratio
            })
        };
        let (Some(printed), Some(without)) = (distance(value), distance(shorter)) else {
            continue;
        };
        if printed >= Decimal::from(3) && without < printed {
            let neighbours: Vec<String> = references.iter().map(ToString::to_string).collect();
            cell.value = CellValue::Text;
            cell.review = Some(format!(
                "{raw} kan ook {shorter} met voetnoot {footnote} zijn; {shorter} ligt meer voor de hand naast {}: kies de juiste waarde",
                neighbours.join(", ")
            ));
        }
    }
}

fn median(values: &[Decimal]) -> Option<Decimal> {
    let mut sorted = values.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_codes_in_any_numbering() {
        assert_eq!(
            row_code("3.1.3 - % netto").map(|(c, s, _)| (c, s)),
            Some(("3.1.3".into(), CodeStyle::Dash))
        );
        assert_eq!(
            row_code("3.1 - Aantal").map(|(c, s, _)| (c, s)),
            Some(("3.1".into(), CodeStyle::Dash))
        );
        assert_eq!(
            row_code("1.1.1 Banen").map(|(c, s, _)| (c, s)),
            Some(("1.1.1".into(), CodeStyle::Dotted))
        );
        assert_eq!(
            row_code("1 Banen").map(|(c, s, _)| (c, s)),
            Some(("1".into(), CodeStyle::Plain))
        );
        assert_eq!(
            row_code("a. Banen").map(|(c, s, _)| (c, s)),
            Some(("a".into(), CodeStyle::Letter))
        );
        assert_eq!(row_code("3200 3200"), None);
        assert_eq!(row_code("12-jarigen"), None);
        assert_eq!(row_code("917 838 900 900"), None);
    }

    #[test]
    fn composite_cells_are_grouped() {
        let words: Vec<&str> = "8 / 75 per week NB 11/100 per week 11 /100 per week"
            .split(' ')
            .collect();
        assert_eq!(
            group_cells(&words),
            vec![
                "8 / 75 per week",
                "NB",
                "11/100 per week",
                "11 /100 per week"
            ]
        );
        let words: Vec<&str> = "98% (0 jaar) 88%(3 jaar) 67% (5 jaar) 68% (10 jaar) - N.v.t. minimaal 90% voor alle vaccinaties, HPV uitgezonderd".split(' ').collect();
        assert_eq!(group_cells(&words).len(), 4);
    }

    /// The counts of one pass from the right are those of grouping every suffix anew.
    #[test]
    fn cells_from_each_group_are_those_of_every_suffix() {
        let rows = [
            "98% (0 jaar) 88%(3 jaar) 67% (5 jaar) 68% (10 jaar) - N.v.t. minimaal 90% voor alle",
            "8 / 75 per week NB 11/100 per week 11 /100 per week",
            "Aantal banen (21) 5 6 (2020) 7 (x) 8 (y) 9 ca. 10 NB3 n.n.b. - – 4 -5",
            "1 (a) 2 (b) 3 (c) 4 (5) 6 (d) 7",
            "naam zonder cellen",
            "",
        ];
        for row in rows {
            let words: Vec<&str> = row.split_whitespace().collect();
            let counts = cells_from_each_group(&words);
            for &(start, count) in &counts {
                assert_eq!(
                    count,
                    group_cells(&words[start..]).len(),
                    "{row:?} from {start}"
                );
            }
            let starts: Vec<usize> = counts.iter().map(|&(start, _)| start).collect();
            let candidates: Vec<usize> = (1..words.len())
                .filter(|&index| starts_cell(Some(words[index - 1]), words[index]))
                .collect();
            assert_eq!(
                &starts[usize::from(!words.is_empty())..],
                &candidates[..],
                "{row:?}"
            );
        }
    }

    #[test]
    fn sub_row_plans_use_group_markers() {
        let cells = |text: &str| text.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            plan_columns(&cells("19% 13% 42% n.n.b. 15% 13% 40% 15% 13% 40%"), 3, 4),
            Some(vec![
                Choice::PerRow,
                Choice::Group,
                Choice::PerRow,
                Choice::PerRow
            ])
        );
        let labelled = join_labelled_cells(
            &"NB NB - 507 20 5 10 BW 5 MO 5 NO"
                .split(' ')
                .collect::<Vec<_>>(),
            &[
                "Beschermd Wonen (BW)".into(),
                "Maatschappelijke Opvang (MO)".into(),
                "Noodopvang (NO)".into(),
            ],
        );
        assert_eq!(
            plan_columns(&labelled, 3, 4),
            Some(vec![
                Choice::Group,
                Choice::Group,
                Choice::GroupThenPerRow,
                Choice::PerRow
            ])
        );
    }
}
