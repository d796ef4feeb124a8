//! The guided import, for a table the automatic reading cannot read or reads otherwise than the
//! person sees it: the way a spreadsheet's text-import wizard works.
//!
//! The person chooses the lines of the table and its header line(s). Peilstok splits the lines
//! into cells ([`Split`]), proposes what each column is ([`ColumnRole`]) from the header, and
//! shows the grid. The person may change any column's role and year and leave out rows. Then
//! [`read`] makes an ordinary [`Import`] of it, and the normal review follows: every cell is read
//! by the same cell reader, and doubtful cells are flagged as always.

use std::ops::Range;

use super::stream::{clean_name, read_value};
use super::{FoundTable, Import, new_cell, resolve_ligatures};
use crate::model::{Column, Indicator, IndicatorKind, ValueKind};

/// How the chosen lines are split into cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// One cell per line (web pages): a row is as many lines as the header has columns.
    LinePerCell,
    /// Tabs between cells.
    Tabs,
    /// `|` between cells.
    Pipes,
    /// Runs of two or more spaces between cells.
    SpaceRuns,
    /// Single spaces: the values are the last words of the line, the name is the rest.
    Words,
}

impl Split {
    /// Every way, in the order the person is offered them.
    pub const ALL: [Split; 5] = [
        Split::LinePerCell,
        Split::Tabs,
        Split::Pipes,
        Split::SpaceRuns,
        Split::Words,
    ];
}

/// What one column of the grid is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnRole {
    /// The indicator's name.
    Name,
    /// Its code.
    Code,
    /// Its unit.
    Unit,
    /// Values of this kind, for this year (a target may have none).
    Values(ValueKind, Option<i32>),
    /// Not imported (a source, an explanation, a comparison figure).
    Skip,
}

/// What the person has chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidedSpec {
    /// The table's lines (0-based, end exclusive).
    pub lines: Range<usize>,
    /// How many of those lines (blank lines not counted) form the header.
    pub header_lines: usize,
    /// How the lines are split into cells.
    pub split: Split,
    /// What each column is.
    pub columns: Vec<ColumnRole>,
    /// Rows of the grid left out (indices into [`grid`]'s rows).
    pub left_out: Vec<usize>,
}

fn non_blank(text: &str, lines: &Range<usize>) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .skip(lines.start)
        .take(lines.end.saturating_sub(lines.start))
        .filter(|(_, line)| !line.trim().is_empty())
        // A markdown rule under a header (`---|---|`) is no row.
        .filter(|(_, line)| {
            !line
                .trim()
                .chars()
                .all(|c| matches!(c, '-' | '|' | ':' | ' '))
        })
        .map(|(index, line)| (index, line.trim_end().to_string()))
        .collect()
}

fn split_line(line: &str, split: Split, values: usize) -> Vec<String> {
    let trimmed = line.trim();
    let pieces: Vec<String> = match split {
        Split::LinePerCell => vec![trimmed.to_string()],
        Split::Tabs => trimmed.split('\t').map(|p| p.trim().to_string()).collect(),
        Split::Pipes => {
            let inner = trimmed.trim_start_matches('|').trim_end_matches('|');
            inner.split('|').map(|p| p.trim().to_string()).collect()
        }
        Split::SpaceRuns => super::rows::split_on_space_runs(trimmed)
            .into_iter()
            .map(str::to_string)
            .collect(),
        Split::Words => {
            let words: Vec<&str> = trimmed.split_whitespace().collect();
            let cut = words.len().saturating_sub(values);
            let mut cells = vec![words[..cut].join(" ")];
            cells.extend(words[cut..].iter().map(|w| (*w).to_string()));
            cells
        }
    };
    pieces
}

/// The chosen lines split into cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    /// The header's cells (the titles of the columns).
    pub header: Vec<String>,
    /// Each row's cells, and the lines it stands on.
    pub rows: Vec<(Vec<String>, Range<usize>)>,
}

/// The header's cells and the rows' cells, as the split gives them, with each row's lines.
pub fn grid(text: &str, spec: &GuidedSpec) -> Grid {
    let lines = non_blank(text, &spec.lines);
    let header_count = spec.header_lines.min(lines.len());
    let values = spec
        .columns
        .iter()
        .filter(|role| matches!(role, ColumnRole::Values(..)))
        .count();
    let mut header: Vec<String> = Vec::new();
    for (_, line) in &lines[..header_count] {
        let cells = split_line(line, spec.split, values);
        if spec.split == Split::LinePerCell || header.is_empty() {
            header.extend(cells);
        } else {
            // A second header line: its cells go under the first line's (`Realisatie` / `2018`).
            for (index, cell) in cells.into_iter().enumerate() {
                match header.get_mut(index) {
                    Some(title) if !cell.is_empty() => {
                        title.push(' ');
                        title.push_str(&cell);
                    }
                    Some(_) => {}
                    None => header.push(cell),
                }
            }
        }
    }
    let body = &lines[header_count..];
    let mut rows = Vec::new();
    if spec.split == Split::LinePerCell {
        let width = spec.columns.len().max(1);
        for chunk in body.chunks(width) {
            let cells = chunk
                .iter()
                .map(|(_, line)| line.trim().to_string())
                .collect();
            let first = chunk.first().map_or(0, |(index, _)| *index);
            let last = chunk.last().map_or(first, |(index, _)| *index);
            rows.push((cells, first..last + 1));
        }
    } else {
        for (index, line) in body {
            rows.push((split_line(line, spec.split, values), *index..*index + 1));
        }
    }
    Grid { header, rows }
}

/// What a header cell says its column is.
pub fn role_of_title(title: &str) -> ColumnRole {
    let folded = super::fold(title);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let year = words.iter().find_map(|word| {
        let digits = word.trim_start_matches(|c: char| c.is_alphabetic());
        (digits.len() == 4)
            .then(|| digits.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    });
    let kind = words
        .iter()
        .find_map(|word| super::header::kind_of(word))
        .or_else(|| {
            words
                .iter()
                .find_map(|word| super::row_words::glued_column(word))
                .map(|c| c.kind)
        });
    match (kind, year) {
        (Some(kind), year) => return ColumnRole::Values(kind, year),
        (None, Some(year)) if words.len() == 1 => {
            return ColumnRole::Values(ValueKind::Realised, Some(year));
        }
        _ => {}
    }
    if words
        .iter()
        .any(|w| matches!(*w, "nr" | "nr." | "code" | "nummer"))
    {
        ColumnRole::Code
    } else if words.iter().any(|w| w.contains("eenheid")) {
        ColumnRole::Unit
    } else if words
        .iter()
        .any(|w| w.contains("indicator") || matches!(*w, "naam" | "omschrijving"))
    {
        ColumnRole::Name
    } else {
        ColumnRole::Skip
    }
}

/// The split that suits the chosen lines: tabs or pipes when they have them, runs of spaces, or
/// one cell per line.
fn split_of(lines: &[(usize, String)]) -> Split {
    let share = |test: &dyn Fn(&str) -> bool| {
        lines.iter().filter(|(_, line)| test(line)).count() * 2 >= lines.len().max(1)
    };
    if share(&|line| line.contains('\t')) {
        Split::Tabs
    } else if share(&|line| line.matches('|').count() >= 2) {
        Split::Pipes
    } else if share(&|line| line.trim().contains("  ")) {
        Split::SpaceRuns
    } else if share(&|line| line.split_whitespace().count() >= 3) {
        Split::Words
    } else {
        Split::LinePerCell
    }
}

/// Peilstok's proposal for `lines` with `header_lines` header lines.
pub fn propose(text: &str, lines: Range<usize>, header_lines: usize) -> GuidedSpec {
    let chosen = non_blank(text, &lines);
    let split = split_of(&chosen);
    let mut spec = GuidedSpec {
        lines,
        header_lines,
        split,
        columns: Vec::new(),
        left_out: Vec::new(),
    };
    spec.columns = propose_columns(text, &spec);
    spec
}

/// Proposes the columns for `spec`'s lines, split and header.
pub fn propose_columns(text: &str, spec: &GuidedSpec) -> Vec<ColumnRole> {
    // The header decides the number of columns; for words, its values do.
    let lines = non_blank(text, &spec.lines);
    let header_text: Vec<String> = lines
        .iter()
        .take(spec.header_lines)
        .map(|(_, line)| line.clone())
        .collect();
    let titles: Vec<String> = match spec.split {
        Split::Words => {
            let words: Vec<String> = header_text
                .join(" ")
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let first_value = words
                .iter()
                .position(|w| matches!(role_of_title(w), ColumnRole::Values(..)))
                .unwrap_or(words.len());
            let mut titles = vec![words[..first_value].join(" ")];
            let mut kind_word: Option<String> = None;
            for word in &words[first_value..] {
                if let ColumnRole::Values(_, None) = role_of_title(word) {
                    kind_word = Some(word.clone());
                    continue;
                }
                titles.push(match &kind_word {
                    Some(kind) => format!("{kind} {word}"),
                    None => word.clone(),
                });
            }
            titles
        }
        _ => {
            let probe = GuidedSpec {
                columns: Vec::new(),
                ..spec.clone()
            };
            grid(text, &probe).header
        }
    };
    let mut roles: Vec<ColumnRole> = titles.iter().map(|title| role_of_title(title)).collect();
    // One name column: a later `Omschrijving` is an explanation.
    if let Some(first) = roles.iter().position(|role| *role == ColumnRole::Name) {
        for role in roles.iter_mut().skip(first + 1) {
            if *role == ColumnRole::Name {
                *role = ColumnRole::Skip;
            }
        }
    }
    if !roles.contains(&ColumnRole::Name) {
        // The first column that is not a code or a value holds the name.
        if let Some(first) = roles
            .iter()
            .position(|role| matches!(role, ColumnRole::Skip))
        {
            roles[first] = ColumnRole::Name;
        } else {
            roles.insert(0, ColumnRole::Name);
        }
    }
    roles
}

/// The import the person's choices make: one table, read by the usual cell reader.
pub fn read(text: &str, spec: &GuidedSpec, file_name: &str) -> Import {
    let rows = grid(text, spec).rows;
    let mut indicators = Vec::new();
    let mut indicator_lines = Vec::new();
    for (row_index, (cells, lines)) in rows.iter().enumerate() {
        if spec.left_out.contains(&row_index) {
            continue;
        }
        let cell = |role: ColumnRole| {
            spec.columns
                .iter()
                .position(|r| *r == role)
                .and_then(|i| cells.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let label = cell(ColumnRole::Name);
        if label.trim().is_empty() {
            continue;
        }
        let code = cell(ColumnRole::Code)
            .trim()
            .trim_end_matches('.')
            .to_string();
        let (name, footnotes, label_raw) = clean_name(&label, &[]);
        let mut indicator = Indicator {
            code: code.clone(),
            name,
            unit: resolve_ligatures(cell(ColumnRole::Unit).trim()),
            mandatory: false,
            kind: IndicatorKind::Performance,
            series: Vec::new(),
            label_raw: if code.is_empty() {
                label_raw
            } else {
                format!("{code} {label_raw}")
            },
            footnotes,
            review: None,
            source: String::new(),
            better: None,
            cells: Vec::new(),
        };
        for (role, raw) in spec.columns.iter().zip(cells) {
            let ColumnRole::Values(kind, year) = role else {
                continue;
            };
            if year.is_none() && *kind != ValueKind::Target {
                continue; // Only a target may stand without a year.
            }
            let column = Column {
                kind: *kind,
                year: *year,
            };
            if indicator.cells.iter().any(|c| c.column == column) {
                continue; // Two columns of the same kind and year: the first counts.
            }
            let read = read_value(raw, Some(column), &[], &[]);
            if read.percent && indicator.unit.is_empty() {
                indicator.unit = "%".into();
            }
            indicator
                .cells
                .push(new_cell("", column, read, super::fold_whitespace(raw)));
        }
        indicators.push(indicator);
        indicator_lines.push(lines.clone());
    }
    let mut columns: Vec<Column> = Vec::new();
    for role in &spec.columns {
        if let ColumnRole::Values(kind, year) = role
            && (year.is_some() || *kind == ValueKind::Target)
        {
            let column = Column {
                kind: *kind,
                year: *year,
            };
            if !columns.contains(&column) {
                columns.push(column);
            }
        }
    }
    let table = FoundTable {
        heading: "Indicatoren".into(),
        heading_footnotes: Vec::new(),
        kind: IndicatorKind::Performance,
        columns,
        indicators,
        indicator_lines,
        lines: spec.lines.clone(),
    };
    super::finish_import(text, file_name, vec![table], Vec::new(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CellValue;

    #[test]
    fn a_table_of_one_cell_per_line_is_read_as_the_person_says() {
        let text = "Inleiding\n\nIndicator\n\n2017\n\n2018\n\nJongeren met jeugdhulp\n\n10,2%\n\n9,5%\n\nRelatief verzuim\n\n31\n\nnb\n\nBron: CBS\n";
        let mut spec = propose(text, 2..19, 3);
        assert_eq!(spec.split, Split::LinePerCell);
        assert_eq!(
            spec.columns,
            vec![
                ColumnRole::Name,
                ColumnRole::Values(ValueKind::Realised, Some(2017)),
                ColumnRole::Values(ValueKind::Realised, Some(2018)),
            ]
        );
        // The person says the 2018 column is the budget.
        spec.columns[2] = ColumnRole::Values(ValueKind::Budget, Some(2018));
        let import = read(text, &spec, "plakken");
        let document = import.to_document();
        let indicators: Vec<_> = document.indicators().map(|(_, _, i)| i).collect();
        assert_eq!(indicators.len(), 2);
        assert_eq!(indicators[0].name, "Jongeren met jeugdhulp");
        assert_eq!(indicators[0].unit, "%");
        let budget = indicators[1]
            .cell("", Column::new(ValueKind::Budget, 2018))
            .unwrap();
        assert_eq!(
            budget.value,
            CellValue::Missing(crate::model::Marker::NotKnown)
        );
        assert!(
            !indicators[0].code_printed(),
            "matched by name on re-import"
        );
    }

    #[test]
    fn rows_of_words_take_their_values_from_the_right() {
        let text = "Indicator 2019 2020\nVerwijzingen Halt per 1.000 jongeren 10 13\nKinderen in uitkering 5% -\n";
        let spec = propose(text, 0..3, 1);
        assert_eq!(spec.split, Split::Words);
        let import = read(text, &spec, "x.txt");
        let document = import.to_document();
        let first = document.indicators().next().unwrap().2;
        assert_eq!(first.name, "Verwijzingen Halt per 1.000 jongeren");
        assert_eq!(first.cells.len(), 2);
    }
}
