//! Tables of one row per line, as PDF viewers and web pages give them when they keep a row
//! together: cells apart by spaces, runs of spaces, tabs or `|`, rows with or without codes,
//! one header line (`Indicator 2017 2018 2019 2020`, `… P/E Bron R2021 B2022 …`).
//!
//! A row's values are found from the right: the run of value cells at the end of the line (a
//! unit may follow them). What stands before is the name. Three block layouts are read too:
//! - kind rows under a name (`Type 2020 2022` ⏎ `Realisatie 67 % - -` ⏎ `Begroting - 51 %`);
//! - the municipality's row and comparison rows under a name (`Gemeente | 110 | 110`,
//!   `Nederland | 131 | 131`), the comparisons kept as series of their own;
//! - bulleted sub-rows (`• Helemaal eens (%). 38,0% …`).

use super::header::kind_of;
use super::row_words::{RowRole, TAAKVELDEN, glued_column, is_money_context, role_of};
use super::stream::{StreamTable, clean_name, legend_signs, read_value};
use super::{FoundTable, fold, is_page_furniture, new_cell, resolve_ligatures};
use crate::model::{CellValue, Column, Indicator, IndicatorKind, Marker, ValueKind};

/// The words of a line: whitespace and `|` separate them; `67 %` and `€ 675` are one word.
fn words(line: &str) -> Vec<&str> {
    let raw: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|word| !word.is_empty())
        .collect();
    let mut joined: Vec<&str> = Vec::with_capacity(raw.len());
    let mut index = 0;
    while index < raw.len() {
        let word = raw[index];
        // Re-take the slice of the line that spans `67 %` or `€ 675`, so raw text stays printed text.
        // Not the line's first word: `2 % inwoners …` is code 2 and a name.
        let glue_next = index > 0
            && raw.get(index + 1).is_some_and(|next| {
                (*next == "%" && word.ends_with(|c: char| c.is_ascii_digit()))
                    || (word == "€" && next.starts_with(|c: char| c.is_ascii_digit()))
            });
        if glue_next
            && let (Some(start), Some(next)) = (offset_in(line, word), raw.get(index + 1))
            && let Some(next_start) = offset_in(line, next)
            && next_start > start
        {
            let end = next_start + next.len();
            if let Some(span) = line.get(start..end) {
                joined.push(span);
                index += 2;
                continue;
            }
        }
        joined.push(word);
        index += 1;
    }
    joined
}

/// The byte offset of `part` (a slice of `line`) in `line`.
fn offset_in(line: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(line.as_ptr() as usize)?;
    (start + part.len() <= line.len()).then_some(start)
}

/// Whether `text` has four digits in a row that can be a year (19xx, 20xx, 21xx).
fn has_year_digits(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(4).any(|window| {
        window.iter().all(u8::is_ascii_digit) && matches!(&window[..2], b"19" | b"20" | b"21")
    })
}

fn year_word(word: &str) -> Option<i32> {
    let trimmed = word.trim_end_matches([',', ':', '*']);
    (trimmed.len() == 4)
        .then(|| trimmed.parse::<i32>().ok())
        .flatten()
        .filter(|year| (1990..=2100).contains(year))
}

/// Reads a header line: the value columns, and how many text columns follow them.
fn header_columns(line: &str) -> Option<(Vec<Column>, usize, usize)> {
    // Cheap first: a header line holds a year (four digits from 1990 on).
    if !has_year_digits(line) {
        return None;
    }
    let words = words(line);
    let first = words.iter().position(|word| {
        year_word(word).is_some() || glued_column(word).is_some() || kind_of(&fold(word)).is_some()
    })?;
    if first > 10 {
        return None;
    }
    let mut columns = Vec::new();
    let mut kind: Option<ValueKind> = None;
    let mut pending_kind = false;
    let mut trailing = 0;
    for word in &words[first..] {
        if trailing > 0 {
            // Titles after the values (`Eenheid`, `Trendlijn`, `Bron`): words only.
            if word.chars().any(|c| c.is_ascii_digit()) {
                return None;
            }
            trailing += 1;
            continue;
        }
        if let Some(column) = glued_column(word) {
            columns.push(column);
        } else if let Some(year) = year_word(word) {
            columns.push(Column::new(kind.unwrap_or(ValueKind::Realised), year));
            pending_kind = false;
        } else if let Some(found) = kind_of(&fold(word)) {
            if pending_kind && kind != Some(ValueKind::Target) {
                return None;
            }
            kind = Some(found);
            pending_kind = true;
        } else if matches!(*word, "-" | "/" | "t/m") {
        } else {
            trailing = 1;
        }
    }
    if pending_kind && kind == Some(ValueKind::Target) {
        columns.push(Column {
            kind: ValueKind::Target,
            year: None,
        });
    }
    let years = columns.iter().filter(|c| c.year.is_some()).count();
    // The same year over and over (`Begroting - 2000 2000 2000`) is a row of values.
    let repeats = columns
        .windows(2)
        .filter(|pair| pair[0].year.is_some() && pair[0].year == pair[1].year)
        .count();
    if repeats * 2 > years {
        return None;
    }
    // Years without a kind need a title that says the rows are indicators (`Indicator 2017 2018`):
    // `Sociaal 2023 2024` heads a money table.
    let has_kind = kind.is_some() || words[first..].iter().any(|w| glued_column(w).is_some());
    let titled = words[..first].iter().any(|word| {
        let folded = fold(word);
        folded.contains("indicator")
            || matches!(
                folded.as_str(),
                "type" | "omschrijving" | "naam" | "kengetal" | "kengetallen" | "soort" | "regio"
            )
    });
    // A baseline before the values (`Nulmeting`): a value column of no kind or year, skipped.
    let baselines = words[..first]
        .iter()
        .filter(|word| {
            let folded = fold(word);
            folded == "nulmeting" || folded == "0-meting" || folded == "basiswaarde"
        })
        .count();
    (years >= 2 && trailing <= 3 && (has_kind || titled)).then_some((columns, trailing, baselines))
}

/// Puts spaces back between cells printed without any (`bodemlocaties37%n.v.t.4%1%Bron`,
/// `effectindicatorNulmetingRealisatie 2015Begroting`): where a lower-case word meets a number or a
/// capital, where a number meets a word, and after a `%`. Each piece stays a piece of the line.
pub(super) fn deglue(line: &str) -> String {
    let characters: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 16);
    for (index, character) in characters.iter().enumerate() {
        if index > 0 {
            let previous = characters[index - 1];
            let lower_then_number = (previous.is_lowercase() || previous == '’')
                && character.is_ascii_digit()
                && characters[index..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || **c == ',')
                    .count()
                    < characters.len() - index
                && characters[index..]
                    .iter()
                    .find(|c| !(c.is_ascii_digit() || **c == ','))
                    .is_some_and(|c| *c == '%');
            let boundary = lower_then_number
                || (previous.is_lowercase() && character.is_uppercase())
                || (previous.is_ascii_digit() && character.is_uppercase())
                || (previous == '%' && !character.is_whitespace())
                || (previous == '.'
                    && character.is_ascii_digit()
                    && index >= 2
                    && characters[index - 2].is_alphabetic());
            if boundary {
                out.push(' ');
            }
        }
        out.push(*character);
    }
    out
}

/// A word that can be a value cell.
fn is_value_word(word: &str) -> bool {
    if word.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '€' | '<' | '>' | '≥' | '≤'))
        || (word.starts_with(['-', '−', '–']) && word.chars().count() <= 12)
    {
        return !word.ends_with([')', ':']) && !word.contains('(');
    }
    let bare = word.trim_end_matches(|c: char| c.is_ascii_digit());
    matches!(Marker::parse(word), Some(marker) if marker != Marker::Blank)
        || matches!(Marker::parse(bare), Some(marker) if marker != Marker::Blank && !bare.is_empty())
}

/// The run of value words a row ends in: (start, end) in `words`.
fn value_run(words: &[&str], columns: usize) -> Option<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (index, word) in words.iter().enumerate() {
        match (is_value_word(word), start) {
            (true, None) => start = Some(index),
            (false, Some(s)) => {
                runs.push((s, index));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, words.len()));
    }
    // The first run long enough, else the last one; it must stand near the end of the line.
    let run = runs
        .iter()
        .copied()
        .find(|(s, e)| e - s >= columns)
        .or_else(|| runs.last().copied())?;
    let after = words.len() - run.1;
    (run.1 - run.0 >= 2.min(columns) && after <= 8).then_some(run)
}

/// The national layout on one line a row: `Taakveld Indicator Eenheid Score Waalwijk Score
/// 25.000-50.000 Jaar Bron`: an indicator column, a year column, and the municipality's score.
fn is_national_line_header(line: &str) -> bool {
    if !line.contains("ndicator") && !line.contains("NDICATOR") {
        return false;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded.split_whitespace().collect();
    words.len() <= 14
        && words.iter().any(|w| w.contains("indicator"))
        && words
            .iter()
            .any(|w| matches!(*w, "jaar" | "peiljaar" | "periode" | "meetjaar"))
        && words
            .iter()
            .any(|w| matches!(*w, "score" | "waarde" | "gemeente"))
        && !words.iter().any(|w| year_word(w).is_some())
}

/// Rows of the national layout, one a line: the name, the unit, the municipality's value, the
/// comparison, the year it is from, the source. The value is the first of the run of values
/// before the year; a row without a plain year (`2016-2017`) keeps its value flagged.
fn read_national_lines(lines: &[&str], start: usize) -> Option<StreamTable> {
    let mut indicators = Vec::new();
    let mut indicator_lines = Vec::new();
    let mut end = start + 1;
    let mut misses = 0;
    for (index, line) in lines.iter().enumerate().skip(start + 1) {
        if line.trim().is_empty() {
            continue;
        }
        let all_words = words(line);
        // The year: a word like `2018`, after at least one value.
        let Some(year_at) = (1..all_words.len()).find(|&i| {
            (year_word(all_words[i]).is_some() || is_school_year(all_words[i]))
                && is_value_word(all_words[i - 1])
        }) else {
            misses += 1;
            if misses >= 2 {
                break;
            }
            continue;
        };
        misses = 0;
        let mut run_start = year_at;
        while run_start > 0 && is_value_word(all_words[run_start - 1]) {
            run_start -= 1;
        }
        // The name: after the last run of two spaces before the values (a taakveld stands first).
        let label_words = &all_words[..run_start];
        let label_text = label_words.join(" ");
        let name_part = match offset_in(line, label_words.first()?) {
            Some(first) => {
                let end_of_label =
                    offset_in(line, label_words.last()?)? + label_words.last()?.len();
                let printed = &line[first..end_of_label];
                printed
                    .rsplit_once("  ")
                    .map_or(printed, |(_, name)| name)
                    .trim()
                    .to_string()
            }
            None => label_text.clone(),
        };
        let name_part = without_taakveld(&name_part);
        let (name, footnotes, _) = clean_name(&name_part, &[]);
        let raw = all_words[run_start];
        let year_word_text = all_words[year_at];
        let column = Column::new(
            ValueKind::Realised,
            year_word(year_word_text)
                .or_else(|| year_word_text.rsplit('-').next().and_then(year_word))?,
        );
        let mut read = read_value(raw, Some(column), &[], &[]);
        if is_school_year(year_word_text) && read.review.is_none() {
            read.review = Some(format!(
                "{raw}: de waarde is van het schooljaar {year_word_text}: bevestig in welk jaar ze hoort"
            ));
            if matches!(read.value, CellValue::Number(_)) {
                read.value = CellValue::Text;
            }
        }
        let unit = if read.percent {
            "%".to_string()
        } else {
            String::new()
        };
        indicators.push(Indicator {
            code: String::new(),
            name,
            unit,
            mandatory: true,
            kind: IndicatorKind::Effect,
            series: Vec::new(),
            label_raw: name_part,
            footnotes,
            review: None,
            source: String::new(),
            better: None,
            cells: vec![new_cell("", column, read, raw.to_string())],
        });
        indicator_lines.push(index..index + 1);
        end = index + 1;
    }
    if indicators.is_empty() {
        return None;
    }
    let mut columns: Vec<Column> = indicators
        .iter()
        .flat_map(|i| i.cells.iter().map(|c| c.column))
        .collect();
    columns.sort();
    columns.dedup();
    Some(line_table(
        "Beleidsindicatoren",
        IndicatorKind::Effect,
        columns,
        indicators,
        indicator_lines,
        start..end,
    ))
}

/// A table read line by line (these readers find no footnotes of their own).
fn line_table(
    heading: &str,
    kind: IndicatorKind,
    columns: Vec<Column>,
    indicators: Vec<Indicator>,
    indicator_lines: Vec<std::ops::Range<usize>>,
    lines: std::ops::Range<usize>,
) -> StreamTable {
    StreamTable {
        table: FoundTable {
            heading: heading.to_string(),
            heading_footnotes: Vec::new(),
            kind,
            columns,
            indicators,
            indicator_lines,
            lines,
        },
        footnotes: Vec::new(),
    }
}

/// A name without the taakveld printed before it (`1. Veiligheid Verwijzingen Halt`).
fn without_taakveld(name: &str) -> String {
    let trimmed = name.trim();
    let Some((number, rest)) = trimmed.split_once(' ') else {
        return trimmed.to_string();
    };
    if !number
        .trim_end_matches('.')
        .bytes()
        .all(|b| b.is_ascii_digit())
    {
        return trimmed.to_string();
    }
    let folded = fold(rest);
    for taakveld in TAAKVELDEN {
        if folded.starts_with(taakveld) {
            // `fold` keeps lengths for these ASCII names, so the cut is at the same place.
            if let Some(after) = rest.get(taakveld.len()..) {
                return after.trim().to_string();
            }
        }
    }
    trimmed.to_string()
}

/// A column named by a place's short code (`HIA`, `PPD`, `H-G`).
fn is_place_code(word: &str) -> bool {
    (2..=5).contains(&word.len())
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.chars().all(|c| c.is_ascii_uppercase() || c == '-')
        && word.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
}

/// Columns named by places (`… HIA HIA PPD SLD ZWD … Bron Toelichting`), the municipality's own
/// code first and repeated once per year, the years on the next line's end (`… afgerond 2019
/// 2020`): the own columns (realised in those years) and the count of place columns. The other
/// places are comparison municipalities whose year the table does not print; they are not read.
fn place_columns(lines: &[&str], start: usize) -> Option<(Vec<Column>, usize, usize)> {
    let header = lines.get(start)?;
    // Cheap first: a header of this kind has a code printed twice in a row.
    let words: Vec<&str> = header.split_whitespace().collect();
    let own_at = words
        .windows(2)
        .position(|pair| pair[0] == pair[1] && is_place_code(pair[0]))?;
    let own = words[own_at];
    let own_count = words[own_at..].iter().take_while(|w| **w == own).count();
    let places = words[own_at..]
        .iter()
        .take_while(|w| is_place_code(w))
        .count();
    if places < own_count + 2 {
        return None;
    }
    // The years over the own columns end the next line.
    let (years_at, years_line) = lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .find(|(_, line)| !line.trim().is_empty())?;
    let year_words: Vec<i32> = years_line
        .split_whitespace()
        .rev()
        .take(own_count)
        .filter_map(year_word)
        .collect();
    if year_words.len() != own_count || !year_words.windows(2).all(|pair| pair[0] > pair[1]) {
        return None;
    }
    let columns = year_words
        .iter()
        .rev()
        .map(|year| Column::new(ValueKind::Realised, *year))
        .collect();
    Some((columns, places, years_at))
}

/// Reads the rows under a header of place columns (see [`place_columns`]): a name, one value a
/// place, then text (source, explanation). Lines without that many values are headings.
fn read_place_columns(lines: &[&str], start: usize) -> Option<StreamTable> {
    let (columns, places, years_at) = place_columns(lines, start)?;
    let own_count = columns.len();
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut indicator_lines = Vec::new();
    let mut end = years_at + 1;
    let mut since_row = 0;
    for (index, line) in lines.iter().enumerate().skip(years_at + 1) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if since_row >= 3 || place_columns(lines, index).is_some() {
            break;
        }
        let words = words(trimmed);
        // The first run of values as long as the places, after a name; text (source,
        // explanation) may follow it at any length.
        let mut run = None;
        let mut at = 1;
        while at < words.len() {
            let length = words[at..].iter().take_while(|w| is_value_word(w)).count();
            if length >= places {
                run = Some((at, length));
                break;
            }
            at += length.max(1);
        }
        let Some((run_start, run_length)) = run else {
            since_row += 1; // A heading (`Basisgegevens`, `Werk en inkomen`).
            continue;
        };
        since_row = 0;
        let label = words[..run_start].join(" ");
        let (name, footnotes, _) = clean_name(&label, &[]);
        let mut indicator = Indicator {
            code: String::new(),
            name,
            unit: String::new(),
            mandatory: false,
            kind: IndicatorKind::Performance,
            series: Vec::new(),
            label_raw: label.clone(),
            footnotes,
            review: None,
            source: String::new(),
            better: None,
            cells: Vec::new(),
        };
        for (column, raw) in columns.iter().zip(&words[run_start..run_start + own_count]) {
            let mut read = read_value(raw, Some(*column), &[], &[]);
            if run_length > places {
                if matches!(read.value, CellValue::Number(_)) {
                    read.value = CellValue::Text;
                }
                read.review =
                    Some("Meer getallen dan plaatsen: niet zeker waar de waarden beginnen".into());
            }
            if read.percent && indicator.unit.is_empty() {
                indicator.unit = "%".into();
            }
            indicator
                .cells
                .push(new_cell("", *column, read, (*raw).to_string()));
        }
        indicators.push(indicator);
        indicator_lines.push(index..index + 1);
        end = index + 1;
    }
    if indicators.is_empty() {
        return None;
    }
    Some(line_table(
        "Indicatoren",
        IndicatorKind::Performance,
        columns,
        indicators,
        indicator_lines,
        start..end,
    ))
}

/// A heading without the document's tag before it (`JS21 - Diefstal uit woning`: JS21 is
/// Jaarstukken 2021, the same on every indicator).
fn without_document_tag(line: &str) -> &str {
    match line.split_once(" - ") {
        Some((tag, rest))
            if (4..=6).contains(&tag.len())
                && tag.starts_with(|c: char| c.is_ascii_uppercase())
                && tag.bytes().rev().take(2).all(|b| b.is_ascii_digit())
                && tag
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
        {
            rest.trim()
        }
        _ => line,
    }
}

/// A line whose values each carry the same unit (`Capelle aan den IJssel 2,8 per 1.000 inwoners
/// 2,2 per 1.000 inwoners …`): the line with the unit taken out after each value, and the unit.
/// At least `columns` values must carry it, so a unit in the name alone is left alone, and every
/// value from the first on: each cell's printed text is its value and the unit, which must be
/// what the line says.
fn strip_repeated_unit(line: &str, columns: usize) -> Option<(String, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let first = words.iter().position(|w| is_value_word(w))?;
    if columns < 2 || words.get(first + 1).is_none_or(|w| is_value_word(w)) {
        return None;
    }
    // The longest run of words after the first value that follows every value (`per 1.000
    // inwoners`: its `1.000` is part of the unit).
    (1..=4).rev().find_map(|length| {
        let unit = words.get(first + 1..first + 1 + length)?;
        let mut kept: Vec<&str> = words[..first].to_vec();
        let mut at = first;
        let mut carried = 0;
        let mut bare = 0;
        while at < words.len() {
            kept.push(words[at]);
            if is_value_word(words[at]) && words.get(at + 1..at + 1 + length) == Some(unit) {
                carried += 1;
                at += 1 + length;
            } else {
                bare += usize::from(is_value_word(words[at]));
                at += 1;
            }
        }
        (carried >= columns && bare == 0).then(|| (kept.join(" "), unit.join(" ")))
    })
}

/// A school year `2016-2017`.
fn is_school_year(word: &str) -> bool {
    word.split_once('-')
        .is_some_and(|(a, b)| year_word(a).is_some() && year_word(b).is_some())
}

/// Tries to read a table of one row per line whose header is line `start`.
pub(super) fn read_line_table(
    lines: &[&str],
    start: usize,
    own_name: Option<&str>,
) -> Option<StreamTable> {
    let header = lines.get(start)?;
    if let Some(table) = read_place_columns(lines, start) {
        return Some(table);
    }
    if !has_year_digits(header) && !is_national_line_header(header) {
        return None;
    }
    if is_page_furniture(header) {
        return None;
    }
    if is_national_line_header(header) {
        return read_national_lines(lines, start);
    }
    // Cells printed without any space between them (`…bodemlocaties37%n.v.t.4%`) are read
    // with spaces put back where a word meets a number or a sign.
    let (glued, (columns, _trailing, baselines)) = match header_columns(header) {
        Some(found) => (false, found),
        None => (true, header_columns(&deglue(header))?),
    };
    if is_money_context(lines, start) {
        return None;
    }
    let count = columns.len();
    let printed_count = count + baselines;
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut indicator_lines = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut signs = Vec::new();
    let mut end = start + 1;
    let mut since_row = 0;
    // The name above the header, for a block whose rows are kinds or the municipality's own:
    // a heading before a sentence that explains it (`Diefstal uit woning` ⏎ `Het aantal …`).
    let above: Vec<&str> = lines[..start]
        .iter()
        .rev()
        .take(6)
        .map(|line| line.trim())
        .filter(|line| !line.is_empty() && !fold(line).starts_with("bron"))
        .collect();
    let block_name = above
        .iter()
        .take(2)
        .find(|line| !line.ends_with('.'))
        .or(above.first())
        .map(|line| without_document_tag(line).to_string());
    // `Regio 2018 2019`: each row is a place; the first that is no comparison is the
    // municipality's own.
    let region_rows = words(header)
        .first()
        .is_some_and(|word| fold(word) == "regio");
    let mut own_row_taken = false;
    let mut uncertain_own: Vec<usize> = Vec::new();
    for (index, line) in lines.iter().enumerate().skip(start + 1) {
        let degued;
        let trimmed = if glued {
            degued = deglue(line.trim());
            degued.as_str()
        } else {
            line.trim()
        };
        if trimmed.is_empty() || is_page_furniture(trimmed) {
            continue;
        }
        if header_columns(trimmed).is_some() || since_row >= 3 {
            break;
        }
        let folded = fold(trimmed);
        if [
            "wat mag het kosten",
            "wat gaan we",
            "wat willen we",
            "toelichting",
        ]
        .iter()
        .any(|start| folded.starts_with(start))
            && !trimmed.contains('|')
        {
            break;
        }
        let legend = legend_signs(trimmed);
        if !legend.is_empty() && trimmed.split_whitespace().count() <= 16 {
            signs.extend(legend);
            since_row += 1;
            continue;
        }
        // A unit printed after every value (`2,8 per 1.000 inwoners 2,2 per 1.000 inwoners`).
        let unit_stripped = strip_repeated_unit(trimmed, printed_count);
        let (trimmed, cell_unit) = match &unit_stripped {
            Some((line, unit)) => (line.as_str(), Some(unit.as_str())),
            None => (trimmed, None),
        };
        let words = words(trimmed);
        let Some((run_start, run_end)) = value_run(&words, printed_count) else {
            if folded.starts_with("eenheid")
                && let Some(last) = indicators.last_mut()
            {
                let unit = trimmed.split_once(':').map_or("", |(_, unit)| unit);
                last.unit = resolve_ligatures(
                    &unit
                        .replace('|', " ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            } else if !folded.starts_with("bron") && !folded.starts_with("toelichting") {
                pending.push((index, trimmed.to_string()));
                since_row += 1;
            }
            // `Eenheid:`, `Bron:` and `Toelichting:` lines belong to the row above.
            continue;
        };
        since_row = 0;
        // Words before the last `count` of the run that are no clean number or marker
        // (`Score 1-10.`) belong to the name; a clean number there (`per 1.000 5 6 7`) leaves a
        // doubt.
        let run_cut = run_end - (run_end - run_start).min(printed_count);
        let long_run = words[run_start..run_cut].iter().any(|word| {
            let read = read_value(word, None, &[], &signs);
            !matches!(read.value, CellValue::Text)
        });
        let mut label_words: Vec<&str> = words[..run_cut].to_vec();
        let mut code = None;
        if label_words.len() >= 2
            && super::stream::is_code(label_words[0])
            && label_words[1]
                .starts_with(|c: char| c.is_alphabetic() || c == '%' || c.is_ascii_digit())
        {
            code = Some(label_words[0].trim_end_matches('.').to_string());
            label_words.remove(0);
            // A programme number after the code (`14. 02. Economie …`).
            if label_words.len() >= 2 && super::stream::is_code(label_words[0]) {
                label_words.remove(0);
            }
        }
        let mut label = label_words.join(" ");
        // `2 % inwoners dat … • Heel veel.`: the name, then its first sub-row on the same line.
        let mut first_series = None;
        if let Some((name, series)) = label.split_once('•')
            && !name.trim().is_empty()
            && !series.trim().is_empty()
        {
            first_series = Some(series.trim().trim_end_matches('.').to_string());
            label = name.trim().to_string();
        }
        // The baseline values (`Nulmeting`) are printed first and not imported.
        let values: Vec<&str> = words[run_cut..run_end].to_vec();
        let values: Vec<&str> = if values.len() == printed_count {
            values[baselines..].to_vec()
        } else {
            values
        };
        let short = values.len() < count;
        let trailing_text = words[run_end..].join(" ");
        // A name on a line of its own starts the next block of places.
        if !pending.is_empty() {
            own_row_taken = false;
        }
        let role = if label.is_empty() {
            RowRole::Own
        } else {
            match role_of(&label, own_name) {
                RowRole::Indicator if region_rows && !own_row_taken => RowRole::Own,
                RowRole::Indicator if region_rows => {
                    // Two places, neither a known comparison: which is the municipality's own is
                    // a guess, so its cells wait for a person.
                    if let Some(last) = indicators.len().checked_sub(1)
                        && !uncertain_own.contains(&last)
                    {
                        uncertain_own.push(last);
                    }
                    RowRole::Compare(label.trim().to_string())
                }
                role => role,
            }
        };
        if matches!(role, RowRole::Own) {
            own_row_taken = true;
        }
        let bullet = label.starts_with(['•', '·', '▪']);
        // Bulleted sub-rows under a name printed on a line of its own (`9 Waardering …`).
        if bullet
            && matches!(role, RowRole::Indicator)
            && let Some((name_index, name_line)) = pending.last().cloned()
        {
            let mut name_words: Vec<&str> = name_line.split_whitespace().collect();
            let mut name_code = None;
            if name_words.len() >= 2 && super::stream::is_code(name_words[0]) {
                name_code = Some(name_words.remove(0).trim_end_matches('.').to_string());
            }
            let (name, footnotes, _) = clean_name(&name_words.join(" "), &[]);
            indicators.push(Indicator {
                code: name_code.unwrap_or_default(),
                name,
                unit: String::new(),
                mandatory: false,
                kind: IndicatorKind::Performance,
                series: Vec::new(),
                label_raw: name_line.clone(),
                footnotes,
                review: None,
                source: String::new(),
                better: None,
                cells: Vec::new(),
            });
            indicator_lines.push(name_index..index + 1);
            pending.clear();
        }
        // Which indicator the row's values belong to, and as what series.
        let (series, kind_override) = match &role {
            RowRole::Indicator if bullet && !indicators.is_empty() && pending.is_empty() => (
                label
                    .trim_start_matches(['•', '·', '▪'])
                    .trim()
                    .trim_end_matches('.')
                    .to_string(),
                None,
            ),
            // In a table whose rows carry codes, a row without one belongs to the coded row
            // above it (`7 Klanttevredenheid (balie)contact` ⏎ `Totaal oordeel aan loket.`).
            RowRole::Indicator
                if code.is_none()
                    && pending.is_empty()
                    && indicators.last().is_some_and(|last| !last.code.is_empty())
                    && indicators
                        .iter()
                        .all(|indicator| !indicator.code.is_empty()) =>
            {
                (label.trim().trim_end_matches('.').to_string(), None)
            }
            RowRole::Indicator => {
                let (name, footnotes, _) = clean_name(&label, &[]);
                indicators.push(Indicator {
                    code: code.clone().unwrap_or_default(),
                    name,
                    unit: String::new(),
                    mandatory: fold(&label).contains("(verplicht)"),
                    kind: IndicatorKind::Performance,
                    series: Vec::new(),
                    label_raw: match &code {
                        Some(code) => format!("{code} {label}"),
                        None => label.clone(),
                    },
                    footnotes,
                    review: None,
                    source: String::new(),
                    better: None,
                    cells: Vec::new(),
                });
                indicator_lines.push(index..index + 1);
                (first_series.clone().unwrap_or_default(), None)
            }
            RowRole::Own | RowRole::Kind(_) | RowRole::Compare(_) => {
                // A block: the name is the label line above (or above the header).
                let name_line = pending.last().map(|(_, text)| text.clone()).or_else(|| {
                    if indicators.is_empty() {
                        block_name.clone()
                    } else {
                        None
                    }
                });
                if let Some(name_line) = name_line {
                    let name_line = name_line.replace('|', " ");
                    let (name, footnotes, _) = clean_name(name_line.trim(), &[]);
                    indicators.push(Indicator {
                        code: String::new(),
                        name,
                        unit: String::new(),
                        mandatory: false,
                        kind: IndicatorKind::Performance,
                        series: Vec::new(),
                        label_raw: super::fold_whitespace(&name_line),
                        footnotes,
                        review: None,
                        source: String::new(),
                        better: None,
                        cells: Vec::new(),
                    });
                    indicator_lines.push(index..index + 1);
                }
                match &role {
                    RowRole::Kind(kind) => (String::new(), Some(*kind)),
                    RowRole::Compare(name) => (name.clone(), None),
                    _ => (String::new(), None),
                }
            }
        };
        pending.clear();
        let Some(indicator) = indicators.last_mut() else {
            continue;
        };
        if let Some(range) = indicator_lines.last_mut() {
            range.end = index + 1;
        }
        if !series.is_empty() && !indicator.series.contains(&series) {
            indicator.series.push(series.clone());
        }
        if let Some(unit) = cell_unit
            && indicator.unit.is_empty()
        {
            indicator.unit = unit.to_string();
        }
        if indicator.unit.is_empty()
            && !trailing_text.is_empty()
            && trailing_text.chars().any(char::is_alphabetic)
        {
            indicator.unit = resolve_ligatures(&trailing_text);
        }
        for (position, raw) in values.iter().enumerate() {
            let mut column = columns[position + (count - values.len()).min(count)];
            if short {
                column = columns[position];
            }
            if let Some(kind) = kind_override {
                column.kind = kind;
            }
            let mut read = read_value(raw, Some(column), &[], &signs);
            if short || long_run {
                let note = if short {
                    format!(
                        "Rij met {} van de {count} waarden: niet zeker in welke kolom deze waarde hoort",
                        values.len()
                    )
                } else {
                    "De naam eindigt op een getal: niet zeker waar de waarden beginnen".to_string()
                };
                if matches!(read.value, CellValue::Number(_)) {
                    read.value = CellValue::Text;
                }
                read.review = Some(note);
            }
            if read.percent && indicator.unit.is_empty() {
                indicator.unit = "%".into();
            }
            let printed = match cell_unit {
                Some(unit) => format!("{raw} {unit}"),
                None => (*raw).to_string(),
            };
            indicator
                .cells
                .push(new_cell(&series, column, read, printed));
        }
        end = index + 1;
    }
    for index in uncertain_own {
        let Some(indicator) = indicators.get_mut(index) else {
            continue;
        };
        for cell in indicator.cells.iter_mut().filter(|c| c.series.is_empty()) {
            if matches!(cell.value, CellValue::Number(_)) {
                cell.value = CellValue::Text;
            }
            cell.review = Some(
                "Meer plaatsen in deze tabel: bevestig dat deze rij de gemeente zelf is"
                    .to_string(),
            );
        }
    }
    // A name that no values followed is no indicator; its lines go with it.
    let (indicators, indicator_lines): (Vec<Indicator>, Vec<_>) = indicators
        .into_iter()
        .zip(indicator_lines)
        .filter(|(indicator, _)| !indicator.cells.is_empty())
        .unzip();
    if indicators.is_empty() {
        return None;
    }
    Some(line_table(
        "Indicatoren",
        IndicatorKind::Performance,
        columns,
        indicators,
        indicator_lines,
        start..end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_after_every_value_is_the_rows_unit() {
        let (line, unit) = strip_repeated_unit(
            "Capelle aan den IJssel 2,8 per 1.000 inwoners 2,2 per 1.000 inwoners",
            2,
        )
        .expect("a repeated unit");
        assert_eq!(line, "Capelle aan den IJssel 2,8 2,2");
        assert_eq!(unit, "per 1.000 inwoners");
        // A unit in the name, or after one value only, is no cell unit.
        assert_eq!(strip_repeated_unit("Banen per 1.000 inwoners 5 6", 2), None);
        assert_eq!(strip_repeated_unit("Inwoners 88 kinderen 90", 2), None);
        // A value without the unit: its cell would be printed as something the line never says.
        assert_eq!(strip_repeated_unit("- BW - BW 3.1.3", 2), None);
        assert_eq!(
            without_document_tag("JS21 - Diefstal uit woning"),
            "Diefstal uit woning"
        );
        assert_eq!(without_document_tag("CO2 - uitstoot"), "CO2 - uitstoot");
    }

    /// `Regio 2018 2019`: with two places and no known comparison among them, the one taken as
    /// the municipality's own waits for a person.
    #[test]
    fn a_guessed_own_row_among_places_is_flagged() {
        let text = "Diefstal uit woning\nRegio 2018 2019\nRotterdam 4,1 3,9\nCapelle 2,8 2,2\nNederland 2,5 2,3\n";
        let found = read_line_table(&text.lines().collect::<Vec<_>>(), 1, None).expect("a table");
        let indicator = &found.table.indicators[0];
        let own: Vec<_> = indicator
            .cells
            .iter()
            .filter(|c| c.series.is_empty())
            .collect();
        assert_eq!(own.len(), 2);
        assert!(
            own.iter()
                .all(|c| c.value == CellValue::Text && c.review.is_some())
        );
        assert!(indicator.series.contains(&"Nederland".to_string()));
    }

    #[test]
    fn place_columns_read_the_own_columns_only() {
        assert!(is_place_code("HIA") && is_place_code("H-G") && !is_place_code("Bron"));
        let text = "Indicatoren HIA HIA PPD SLD Bron\nLet op: afgerond 2019 2020\n\
            Aantal inwoners 30.970 31.205 32.130 25.230 CBS\n\
            Banen per 1.000 5 6 7 8 9 CBS\n";
        let lines: Vec<&str> = text.lines().collect();
        let found = read_place_columns(&lines, 0).expect("a table");
        let indicators = &found.table.indicators;
        assert_eq!(indicators.len(), 2);
        let values: Vec<_> = indicators[0]
            .cells
            .iter()
            .map(|c| (c.column, c.value.clone()))
            .collect();
        assert_eq!(
            values,
            vec![
                (
                    Column::new(ValueKind::Realised, 2019),
                    CellValue::Number(30970.into())
                ),
                (
                    Column::new(ValueKind::Realised, 2020),
                    CellValue::Number(31205.into())
                ),
            ]
        );
        // More numbers than places: where the values start is a guess, so they wait.
        assert!(
            indicators[1]
                .cells
                .iter()
                .all(|c| c.review.is_some() && c.value == CellValue::Text)
        );
        // The years must stand over the own columns.
        let no_years = "Indicatoren HIA HIA PPD SLD Bron\nLet op: afgerond\nAantal 1 2 3 4\n";
        assert!(read_place_columns(&no_years.lines().collect::<Vec<_>>(), 0).is_none());
    }

    #[test]
    fn cells_printed_without_spaces_are_parted() {
        assert_eq!(
            deglue("bodemlocaties37%n.v.t.4%1%1%Gemeentelijke registratie"),
            "bodemlocaties 37% n.v.t. 4% 1% 1% Gemeentelijke registratie"
        );
        assert_eq!(
            deglue("effectindicatorNulmetingRealisatie 2015Begroting 2016"),
            "effectindicator Nulmeting Realisatie 2015 Begroting 2016"
        );
        assert_eq!(deglue("CO2-uitstoot 3,5%"), "CO2-uitstoot 3,5%");
    }

    #[test]
    fn header_lines_with_glued_kinds() {
        let (columns, trailing, _) =
            header_columns("Verplichte indicatoren Rijk P/E Bron R2021 B2022 B2023").unwrap();
        assert_eq!(columns[0], Column::new(ValueKind::Realised, 2021));
        assert_eq!(columns[2], Column::new(ValueKind::Budget, 2023));
        assert_eq!(trailing, 0);
        assert!(header_columns("De kosten stegen van 2019 naar 2020 met 5%").is_none());
    }

    #[test]
    fn values_are_found_from_the_right() {
        let line = "Winkeldiefstal per 1.000 inwoners 0,9 0,8 1,2 aantal per 1.000 inwoners";
        let words = words(line);
        let (start, end) = value_run(&words, 3).unwrap();
        assert_eq!(words[start..end], ["0,9", "0,8", "1,2"]);
        let words = super::words("Realisatie 67 % - - - -");
        assert_eq!(words[1], "67 %");
    }
}
