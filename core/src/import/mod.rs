//! The importer: the text of a budget or annual report in, its indicator tables out.
//!
//! It reads the text the way a careful person would. It finds every table heading with year
//! columns, reads each row's code, name and cells, attaches the footnotes printed under the table,
//! and flags every cell it is unsure of with the reason, instead of guessing. No hidden state, no
//! panics: any text gives a result, possibly "no indicator table found" with the reason.

pub mod guided;
pub(crate) mod header;
mod line_rows;
mod row_words;
mod rows;
mod stream;

use std::collections::BTreeMap;
use std::ops::Range;

mod cell_text;

pub(crate) use crate::text::{fold, fold_whitespace, resolve_ligatures};
pub use cell_text::{ReadCell, read_cell};

use crate::model::{
    Cell, Column, Document, DocumentKind, Goal, Indicator, IndicatorKind, Programme, Source,
    ValueKind, goal_code_of,
};

/// What the importer found in one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The source the text is, as far as the text says.
    pub source: Source,
    /// The programme, when page furniture or a heading names it.
    pub programme: String,
    /// Titles of the goals the tables belong to, by goal code.
    pub goal_titles: BTreeMap<String, String>,
    /// The indicator tables, in text order.
    pub tables: Vec<FoundTable>,
    /// What was passed over, and why.
    pub skipped: Vec<Skipped>,
}

/// One indicator table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundTable {
    /// The heading as printed, without glued footnotes ("Prestatie-indicatoren").
    pub heading: String,
    /// Footnotes glued to the heading.
    pub heading_footnotes: Vec<u32>,
    /// Outcome or performance indicators.
    pub kind: IndicatorKind,
    /// The columns the header defines, in printed order.
    pub columns: Vec<Column>,
    /// The indicators, in printed order.
    pub indicators: Vec<Indicator>,
    /// Where each indicator came from: line numbers (0-based) in the text.
    pub indicator_lines: Vec<Range<usize>>,
    /// The lines of the whole table, header to last footnote.
    pub lines: Range<usize>,
}

/// A part of the text that was passed over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its lines (0-based).
    pub lines: Range<usize>,
    /// Why, in words.
    pub reason: String,
}

impl FoundTable {
    /// Cells in this table that await a person's decision.
    pub fn flagged_cells(&self) -> usize {
        self.indicators
            .iter()
            .flat_map(|indicator| &indicator.cells)
            .filter(|cell| cell.review.is_some())
            .count()
    }

    /// Cells in this table.
    pub fn cells(&self) -> usize {
        self.indicators
            .iter()
            .map(|indicator| indicator.cells.len())
            .sum()
    }
}

impl Import {
    /// The reason nothing was found, when nothing was.
    pub fn nothing_found(&self) -> Option<String> {
        if !self.tables.is_empty() {
            return None;
        }
        let reasons: Vec<&str> = self.skipped.iter().map(|s| s.reason.as_str()).collect();
        Some(if reasons.is_empty() {
            "no indicator table found: no heading with year columns (such as `Werkelijk 2021` or \
             `Begroot 2023`) followed by numbered rows"
                .to_string()
        } else {
            format!("no indicator table found: {}", reasons.join("; "))
        })
    }

    /// The tables as a document: goals in code order, indicators in printed order.
    pub fn to_document(&self) -> Document {
        let mut goals: Vec<Goal> = Vec::new();
        for table in &self.tables {
            for indicator in &table.indicators {
                let code = goal_code_of(&indicator.code).to_string();
                let index = match goals.iter().position(|goal| goal.code == code) {
                    Some(index) => index,
                    None => {
                        goals.push(Goal {
                            title: self.goal_titles.get(&code).cloned().unwrap_or_default(),
                            code,
                            footnotes: Vec::new(),
                            source: self.source.key.clone(),
                            indicators: Vec::new(),
                        });
                        goals.len() - 1
                    }
                };
                let goal = &mut goals[index];
                for footnote in &table.heading_footnotes {
                    if !goal.footnotes.contains(footnote) {
                        goal.footnotes.push(*footnote);
                    }
                }
                goal.indicators.push(indicator.clone());
            }
        }
        goals.sort_by(|a, b| code_order(&a.code, &b.code));
        Document {
            sources: vec![self.source.clone()],
            programmes: if goals.is_empty() {
                Vec::new()
            } else {
                vec![Programme {
                    name: self.programme.clone(),
                    goals,
                }]
            },
        }
    }
}

/// Orders codes by their numeric parts: 2 < 3 < 10, 3.1 < 3.1.2.
fn code_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |code: &str| -> Vec<(u64, String)> {
        code.split('.')
            .map(|part| (part.parse::<u64>().unwrap_or(u64::MAX), part.to_string()))
            .collect()
    };
    key(a).cmp(&key(b))
}

/// Page furniture: `Programma's: Sociaal Pagina 32`, `Pagina 4 van 20`, `Begroting 2024   45`.
fn is_page_furniture(line: &str) -> bool {
    // Furniture ends in a page number: most lines are told apart without folding them.
    if !line.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let folded = fold(line.trim());
    let words: Vec<&str> = folded.split_whitespace().collect();
    match words.as_slice() {
        [.., "pagina", number] => number.parse::<u32>().is_ok(),
        [.., "pagina", number, "van", total] => {
            number.parse::<u32>().is_ok() && total.parse::<u32>().is_ok()
        }
        _ => false,
    }
}

/// The programme named in page furniture: `Programma's: Sociaal Pagina 32` → `Sociaal`.
fn programme_of(lines: &[&str]) -> String {
    for line in lines.iter().filter(|line| is_page_furniture(line)) {
        let text = line.trim();
        let lower = fold(text);
        if let Some(start) = lower.find("programma") {
            let after = &text[start..];
            let after = after.split_once(':').map_or("", |(_, rest)| rest);
            let name: Vec<&str> = after
                .split_whitespace()
                .take_while(|word| fold(word) != "pagina")
                .collect();
            if !name.is_empty() {
                return name.join(" ");
            }
        }
    }
    String::new()
}

/// The municipality most often named as `gemeente X`.
fn municipality_of(text: &str) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        if pair[0].eq_ignore_ascii_case("gemeente") {
            let name: String = pair[1]
                .chars()
                .take_while(|c| c.is_alphabetic() || *c == '-')
                .collect();
            if name.chars().next().is_some_and(char::is_uppercase) {
                *counts.entry(name).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(name, _)| name)
        .unwrap_or_default()
}

/// The source as far as the text says: annual accounts for the newest realised year when the
/// text says it is one (jaarstukken, jaarverslag, jaarrekening) and no later year is budgeted
/// (accounts put the year's budget beside what was realised); else a budget for the newest
/// budgeted year.
fn source_of(text: &str, file_name: &str, tables: &[FoundTable]) -> Source {
    let municipality = municipality_of(text);
    let newest = |kind: ValueKind| {
        tables
            .iter()
            .flat_map(|table| &table.columns)
            .filter(|column| column.kind == kind)
            .filter_map(|column| column.year)
            .max()
    };
    let folded = fold(text);
    let says_accounts = ["jaarstukken", "jaarverslag", "jaarrekening"]
        .iter()
        .any(|word| folded.contains(word));
    let realised_is_newest = newest(ValueKind::Realised) >= newest(ValueKind::Budget);
    let (kind, year, title) =
        if says_accounts && realised_is_newest && newest(ValueKind::Realised).is_some() {
            let year = newest(ValueKind::Realised);
            (
                DocumentKind::Accounts,
                year,
                format!(
                    "Jaarstukken {}",
                    year.map(|y| y.to_string()).unwrap_or_default()
                ),
            )
        } else if let Some(year) = newest(ValueKind::Budget) {
            (
                DocumentKind::Budget,
                Some(year),
                format!("Begroting {year}"),
            )
        } else {
            (DocumentKind::Other, None, file_name.to_string())
        };
    let title = title.trim().to_string();
    let key = if municipality.is_empty() {
        title.clone()
    } else {
        format!("{municipality} {title}")
    };
    Source {
        key,
        title,
        municipality,
        kind,
        year,
        file_name: file_name.to_string(),
        footnotes: BTreeMap::new(),
    }
}

/// The title of goal `code`: the nearest numbered heading `3. …` above `before`, with its
/// wrapped continuation lines.
fn goal_title(lines: &[&str], code: &str, before: usize) -> Option<String> {
    let prefix = format!("{code}.");
    let start = (0..before.min(lines.len())).rev().find(|&index| {
        let line = lines[index].trim_start();
        line.strip_prefix(&prefix).is_some_and(|rest| {
            rest.starts_with(' ')
                && rest
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
        })
    })?;
    let mut title = lines[start].trim_start()[prefix.len()..].trim().to_string();
    for line in &lines[start + 1..before.min(lines.len())] {
        let trimmed = line.trim();
        let stops = trimmed.is_empty()
            || matches!(fold(trimmed).as_str(), "activiteiten" | "subdoelen")
            || trimmed.starts_with(|c: char| c.is_ascii_digit())
            || header::is_header_start(trimmed);
        if stops {
            break;
        }
        title.push(' ');
        title.push_str(trimmed);
    }
    Some(resolve_ligatures(&fold_whitespace(&title)))
}

/// Two cells a reader put in one column of one row (a header that repeats its years for a
/// comparison, `Urk 2021 2022 2023 | NL 2022 2023`): the same value twice is one cell; different
/// values all wait for a person, so neither passes for the municipality's own figure.
fn flag_doubled_cells(indicator: &mut Indicator) {
    let mut seen: Vec<(String, crate::model::Column)> = Vec::new();
    let mut doubled: Vec<(String, crate::model::Column)> = Vec::new();
    for cell in &indicator.cells {
        let place = (cell.series.clone(), cell.column);
        if seen.contains(&place) {
            if !doubled.contains(&place) {
                doubled.push(place);
            }
        } else {
            seen.push(place);
        }
    }
    for (series, column) in doubled {
        let same: Vec<usize> = (0..indicator.cells.len())
            .filter(|&i| indicator.cells[i].series == series && indicator.cells[i].column == column)
            .collect();
        let first = &indicator.cells[same[0]];
        if same
            .iter()
            .all(|&i| indicator.cells[i].value == first.value)
        {
            // Agreeing figures: one cell.
            let keep = same[0];
            let mut index = 0;
            indicator.cells.retain(|_| {
                let kept = index == keep || !same.contains(&index);
                index += 1;
                kept
            });
            continue;
        }
        let texts: Vec<String> = same
            .iter()
            .map(|&i| indicator.cells[i].raw.clone())
            .collect();
        let note = format!(
            "Twee waarden voor één kolom ({}): niet zeker welke de eigen waarde is",
            texts.join(" en ")
        );
        for &i in &same {
            let cell = &mut indicator.cells[i];
            if matches!(cell.value, crate::model::CellValue::Number(_)) {
                cell.value = crate::model::CellValue::Text;
            }
            cell.review = Some(note.clone());
        }
    }
}

/// A value printed with `%` in a row of counts `per 1.000 inwoners` whose other values have no
/// `%` (`1% 0,9 0,9`): the unit does not fit, so a person decides.
fn flag_percent_against_unit(indicator: &mut Indicator) {
    let folded = fold(&indicator.name);
    let per_count = ["per 1.000", "per 10.000", "per 100.000", "per 1000"]
        .iter()
        .any(|per| folded.contains(per));
    if !per_count {
        return;
    }
    let numbers = |percent: bool| {
        indicator
            .cells
            .iter()
            .filter(|c| {
                matches!(c.value, crate::model::CellValue::Number(_))
                    && c.raw.contains('%') == percent
            })
            .count()
    };
    if numbers(true) == 0 || numbers(false) == 0 {
        return;
    }
    let per_phrase = folded
        .find("per ")
        .map(|start| {
            folded[start..]
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    for cell in &mut indicator.cells {
        if matches!(cell.value, crate::model::CellValue::Number(_)) && cell.raw.contains('%') {
            cell.value = crate::model::CellValue::Text;
            cell.review = Some(format!(
                "{}: een percentage bij een indicator {}, terwijl de andere waarden geen % hebben: bevestig de waarde",
                cell.raw, per_phrase
            ));
        }
    }
}

/// Gives rows printed without a code one of their own: `{goal}.{n}`, the goal from the numbered
/// heading above the table (`1. Veiligheid`) or `1`. The code is not printed (the label says so),
/// so a later import matches these rows by name ([`crate::model::Indicator::code_printed`]).
fn name_uncoded_rows(lines: &[&str], tables: &mut [FoundTable]) {
    let mut counters: BTreeMap<String, usize> = BTreeMap::new();
    for table in tables.iter_mut() {
        let goal = numbered_heading_above(lines, table.lines.start).unwrap_or_else(|| "1".into());
        for indicator in &mut table.indicators {
            if !indicator.code.is_empty() {
                continue;
            }
            let counter = counters.entry(goal.clone()).or_default();
            *counter += 1;
            indicator.code = format!("{goal}.{counter}");
        }
    }
}

/// The number of the nearest heading `3. Economie` or `Programma 2 Leefomgeving` above `before`.
fn numbered_heading_above(lines: &[&str], before: usize) -> Option<String> {
    lines[..before.min(lines.len())]
        .iter()
        .rev()
        .take(60)
        .find_map(|line| {
            let trimmed = line.trim();
            let named = trimmed
                .strip_prefix("Programma ")
                .or_else(|| trimmed.strip_prefix("Taakveld "));
            // `Programma 2` alone above its table.
            if let Some(number) = named
                .filter(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
            {
                return Some(number.to_string());
            }
            let trimmed = named.unwrap_or(trimmed);
            let (number, rest) = trimmed.split_once(' ')?;
            let number = number.trim_end_matches('.');
            (!number.is_empty()
                && number.len() <= 2
                && number.bytes().all(|b| b.is_ascii_digit())
                && rest.starts_with(|c: char| c.is_uppercase())
                && rest.split_whitespace().count() <= 6)
                .then(|| number.to_string())
        })
}

/// Reads every indicator table in `text`. `file_name` is recorded in the source.
pub fn import_text(text: &str, file_name: &str) -> Import {
    let lines: Vec<&str> = text.lines().collect();
    let mut tables = Vec::new();
    let mut skipped = Vec::new();
    let mut notes: Vec<Vec<(u32, String)>> = Vec::new();
    let own_name = municipality_of(text);
    let own_name = (!own_name.is_empty()).then_some(own_name.as_str());
    let mut index = 0;
    while index < lines.len() {
        // The row reader first, where a header of its kind starts here.
        let (mut found, passed_over) = match header::read_header(&lines, index) {
            None => (None, None),
            Some(Err(reason)) => (None, Some((index..index + 1, reason))),
            Some(Ok(found_header)) => match rows::read_table(&lines, &found_header) {
                Ok(table) => {
                    let footnotes = rows::footnotes_under(&lines, table.lines.clone());
                    (Some((table, footnotes)), None)
                }
                Err(reason) => (None, Some((found_header.lines.clone(), reason))),
            },
        };
        // Else the readers of tables as web pages and viewers give them.
        if found.is_none() {
            found = stream::read_stream_table(&lines, index, own_name)
                .or_else(|| stream::read_pipe_table(&lines, index, own_name))
                .or_else(|| line_rows::read_line_table(&lines, index, own_name))
                .map(|found| (found.table, found.footnotes));
        }
        match (found, passed_over) {
            (Some((table, footnotes)), _) => {
                index = table.lines.end.max(index + 1);
                notes.push(footnotes);
                tables.push(table);
            }
            (None, Some((lines, reason))) => {
                index = lines.end.max(index + 1);
                skipped.push(Skipped { lines, reason });
            }
            (None, None) => index += 1,
        }
    }
    finish_import(text, file_name, tables, notes, skipped)
}

/// Makes the import of the tables found in `text`: codes for rows printed without one, the
/// source, the programme, goal titles, footnotes under each table (`notes`, one list a table).
fn finish_import(
    text: &str,
    file_name: &str,
    mut tables: Vec<FoundTable>,
    mut notes: Vec<Vec<(u32, String)>>,
    skipped: Vec<Skipped>,
) -> Import {
    let lines: Vec<&str> = text.lines().collect();
    notes.resize(tables.len(), Vec::new());
    name_uncoded_rows(&lines, &mut tables);
    for table in &mut tables {
        for indicator in &mut table.indicators {
            flag_percent_against_unit(indicator);
            flag_doubled_cells(indicator);
        }
    }
    let mut source = source_of(text, file_name, &tables);
    let programme = programme_of(&lines);
    let mut goal_titles = BTreeMap::new();
    for (table, footnotes) in tables.iter_mut().zip(notes) {
        for (number, footnote) in footnotes {
            source.footnotes.entry(number).or_insert(footnote);
        }
        for indicator in &mut table.indicators {
            indicator.source = source.key.clone();
            for cell in &mut indicator.cells {
                cell.source = source.key.clone();
            }
            let goal = goal_code_of(&indicator.code).to_string();
            if !goal_titles.contains_key(&goal)
                && let Some(title) = goal_title(&lines, &goal, table.lines.start)
            {
                goal_titles.insert(goal, title);
            }
        }
    }
    Import {
        source,
        programme,
        goal_titles,
        tables,
        skipped,
    }
}

/// A cell as the importer makes it (the source is filled in at the end).
fn new_cell(series: &str, column: Column, read: ReadCell, raw: String) -> Cell {
    Cell {
        chosen: false,
        series: series.to_string(),
        column,
        value: read.value,
        raw,
        footnotes: read.footnotes,
        review: read.review,
        source: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Urk 2021 2022 2023 | NL 2022 2023` read as five own columns: the doubled years must not
    /// show either figure as the municipality's.
    #[test]
    fn two_figures_in_one_column_wait_and_agreeing_ones_are_one() {
        let column = |year| crate::model::Column::new(ValueKind::Realised, year);
        let cell = |year, raw: &str| new_cell("", column(year), read_cell(raw, &[]), raw.into());
        let mut indicator = Indicator {
            code: "1".into(),
            name: "Demografische druk".into(),
            unit: String::new(),
            mandatory: false,
            kind: crate::model::IndicatorKind::Performance,
            series: Vec::new(),
            label_raw: String::new(),
            footnotes: Vec::new(),
            review: None,
            source: String::new(),
            better: None,
            cells: vec![
                cell(2021, "85,0"),
                cell(2022, "85,4"),
                cell(2023, "N.N.B."),
                cell(2022, "70,3"),
                cell(2023, "N.N.B."),
            ],
        };
        flag_doubled_cells(&mut indicator);
        assert_eq!(
            indicator.cells.len(),
            4,
            "the agreeing 2023 markers are one cell"
        );
        let in_2022: Vec<_> = indicator
            .cells
            .iter()
            .filter(|c| c.column == column(2022))
            .collect();
        assert_eq!(in_2022.len(), 2);
        assert!(
            in_2022
                .iter()
                .all(|c| c.value == crate::model::CellValue::Text && c.review.is_some())
        );
        assert!(indicator.cells[0].review.is_none());
    }

    #[test]
    fn page_furniture_is_recognised() {
        assert!(is_page_furniture("Programma's: Sociaal Pagina 32"));
        assert!(is_page_furniture("Pagina 4 van 20"));
        assert!(!is_page_furniture(
            "3.1.2 - Aantal mensen geplaatst op een beschut werk plek 3 4 5 5"
        ));
        assert_eq!(
            programme_of(&["x", "Programma's: Sociaal Pagina 32"]),
            "Sociaal"
        );
    }

    #[test]
    fn a_header_that_cannot_be_read_is_reported_not_guessed() {
        let text = "Prestatie-indicatoren Werkelijk Begroot\n\n2021\n\n2022\n\n2023\n\n1.1 - Banen 5 6 7\n";
        let import = import_text(text, "x.txt");
        assert!(import.tables.is_empty());
        assert!(
            import.skipped[0].reason.contains("cannot be paired"),
            "{:?}",
            import.skipped
        );
        assert!(import.nothing_found().unwrap().contains("cannot be paired"));
    }

    #[test]
    fn texts_saved_by_windows_tools_are_read() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Werkelijk 2021 – €"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(
            crate::text::decode_text(&utf16).unwrap(),
            "Werkelijk 2021 – €"
        );
        // Windows-1252: `ë` is 0xEB, `€` is 0x80.
        assert_eq!(
            crate::text::decode_text(b"Ge\xEBvalueerd \x80 5").unwrap(),
            "Geëvalueerd € 5"
        );
        assert_eq!(
            crate::text::decode_text("Geëvalueerd".as_bytes()).unwrap(),
            "Geëvalueerd"
        );
    }

    #[test]
    fn codes_order_numerically() {
        let mut codes = vec!["10", "3", "2", "3.1.2", "3.1"];
        codes.sort_by(|a, b| code_order(a, b));
        assert_eq!(codes, vec!["2", "3", "3.1", "3.1.2", "10"]);
    }
}
