//! Tables as web pages and many PDF viewers give them: one cell per paragraph (cells apart by
//! blank lines), a header of column titles in any arrangement, rows with or without printed codes.
//!
//! The header is read into a row *template*: which paragraph of a row is the code, the name, the
//! unit, the period, each value column, a comparison figure (`Nederland`) or a text column
//! (`Bron`). Rows are then read paragraph by paragraph along that template. A row that prints
//! fewer values than the header has columns is flagged as a whole, never shifted into other years.

use std::ops::Range;

use super::cell_text::{is_qualifier, read_cell};
use super::header::kind_of;
use super::{FoundTable, fold, fold_whitespace, is_page_furniture, new_cell, resolve_ligatures};
use crate::model::{CellValue, Column, Indicator, IndicatorKind, Marker, ValueKind};

/// The most paragraphs one table is read from: a bound on the work any text can cause.
const MAX_TABLE_PARAGRAPHS: usize = 5_000;

/// One cell as printed: a run of non-blank lines.
#[derive(Clone, Debug)]
pub(super) struct Paragraph {
    /// The text, whitespace folded.
    pub text: String,
    /// The lines it stands on (0-based).
    pub lines: Range<usize>,
}

/// The paragraphs from line `start` on, page furniture left out.
pub(super) fn paragraphs(lines: &[&str], start: usize, limit: usize) -> Vec<Paragraph> {
    let mut found = Vec::new();
    let mut current: Option<(Vec<&str>, usize)> = None;
    // A table is looked for at many starts: each look reads a bounded stretch of lines, so a
    // text without blank lines (or with long runs of them) costs linear time, not quadratic.
    let end = lines
        .len()
        .min(start.saturating_add(limit.saturating_mul(MAX_LINES_PER_PARAGRAPH)));
    for (index, line) in lines.iter().enumerate().take(end).skip(start) {
        let trimmed = line.trim();
        let too_long = current
            .as_ref()
            .is_some_and(|(parts, _)| parts.len() >= MAX_LINES_PER_PARAGRAPH);
        if too_long && let Some((parts, first)) = current.take() {
            found.push(Paragraph {
                text: fold_whitespace(&parts.join(" ")),
                lines: first..index,
            });
            if found.len() >= limit {
                return found;
            }
        }
        if trimmed.is_empty() || is_page_furniture(trimmed) {
            if let Some((parts, first)) = current.take() {
                found.push(Paragraph {
                    text: fold_whitespace(&parts.join(" ")),
                    lines: first..index,
                });
                if found.len() >= limit {
                    return found;
                }
            }
            continue;
        }
        match &mut current {
            Some((parts, _)) => parts.push(trimmed),
            None => current = Some((vec![trimmed], index)),
        }
    }
    if let Some((parts, first)) = current {
        found.push(Paragraph {
            text: fold_whitespace(&parts.join(" ")),
            lines: first..end,
        });
    }
    found
}

/// The most lines one printed cell (a paragraph) stands on, and (times the paragraphs asked
/// for) the most lines one look for a table reads. A cell of a real table is a few lines; a
/// name wrapped over a narrow column perhaps ten.
const MAX_LINES_PER_PARAGRAPH: usize = 16;

/// What a paragraph of a header is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum HeadCell {
    /// A table heading or the title of the name column (`Indicator`, `Naam indicator`).
    Title(String),
    Code,
    Unit,
    Period,
    Source,
    /// A comparison figure (`Nederland`, `Regio`, `Landelijk gemiddelde`).
    Compare(String),
    /// The municipality's own figure in the national layout (`Gemeente`, or its name).
    Own,
    /// A column of text that is no value (`Toelichting`, `Nulmeting`).
    Text,
    /// The budget edition a row's figure was given in (`Begroting` over `2023`, `2024`), beside
    /// a period column: each indicator is printed once per edition, each row with its own period.
    Edition,
    /// Kinds and years (`Werkelijk 2021`, `Realisatie`, `2019`, `Streefwaarde`).
    Values(Vec<ValueWord>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueWord {
    Kind(ValueKind),
    Year(i32),
}

const TITLE_WORDS: [&str; 26] = [
    "indicator",
    "indicatoren",
    "naam",
    "en",
    "van",
    "de",
    "maatschappelijk",
    "maatschappelijke",
    "effect",
    "effecten",
    "effectindicator",
    "effectindicatoren",
    "prestatie-indicator",
    "prestatie-indicatoren",
    "prestatieindicatoren",
    "prestaties",
    "beleids-",
    "beleidsindicator",
    "beleidsindicatoren",
    "kengetal",
    "kengetallen",
    "omschrijving",
    "doelstelling",
    "doel-",
    "output",
    "outcome",
];

fn year_of_word(word: &str) -> Option<i32> {
    let trimmed = word.trim_matches(|c: char| !c.is_ascii_digit());
    (trimmed.len() == 4 && word.len() <= 6)
        .then(|| trimmed.parse::<i32>().ok())
        .flatten()
        .filter(|year| (1990..=2100).contains(year))
}

fn classify_head(text: &str, own_name: Option<&str>) -> Option<HeadCell> {
    // Cheap first: a header cell is a few words.
    if text.split_whitespace().nth(6).is_some() {
        return None;
    }
    let folded = fold(text);
    let words: Vec<String> = folded
        .split_whitespace()
        .map(|word| {
            let word = word.trim_matches(|c: char| matches!(c, ':' | '|' | '(' | ')' | ',' | '*'));
            // Footnote digits glued to a word (`Prestatie-indicatoren6`), not a year (`B2021`).
            let stem = word.trim_end_matches(|c: char| c.is_ascii_digit());
            let glued = word.len() - stem.len();
            if glued > 0
                && glued <= 2
                && stem.chars().count() >= 3
                && stem.chars().all(|c| c.is_alphabetic() || c == '-')
            {
                stem.to_string()
            } else {
                word.to_string()
            }
        })
        .filter(|word| !word.is_empty() && !matches!(word.as_str(), "–" | "-" | "—"))
        .collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let mut values = Vec::new();
    let mut all_values = true;
    let own = own_name.map(fold);
    let capitalised_first = text.trim_start().starts_with(|c: char| c.is_uppercase());
    for (index, word) in words.iter().enumerate() {
        if words.len() > 1
            && (own.as_deref() == Some(word.as_str())
                || (index == 0 && capitalised_first && kind_of(word).is_none()))
        {
            continue; // `Dordrecht B2021`: the municipality's own column.
        }
        if let Some(column) = super::row_words::glued_column(word) {
            values.push(ValueWord::Kind(column.kind));
            values.extend(column.year.map(ValueWord::Year));
        } else if let Some(year) = year_of_word(word) {
            values.push(ValueWord::Year(year));
        } else if let Some(kind) = kind_of(word.trim_end_matches('-')) {
            values.push(ValueWord::Kind(kind));
        } else if matches!(
            word.as_str(),
            "t/m" | "-" | "/" | "jaar" | "waarde" | "waarden" | "opgave" | "cijfers"
        ) {
        } else {
            all_values = false;
        }
    }
    if all_values
        && (!values.is_empty()
            || matches!(words.as_slice(), [w] if w == "waarde" || w == "waarden"))
    {
        // An empty list: `waarde` alone, read in its place by the template.
        return Some(HeadCell::Values(values));
    }
    // `Realisatiewaarde`, `Streefwaarde 2025`, `Begrotingswaarde`.
    if words.len() <= 2 {
        let first = words[0].as_str();
        for (stem, kind) in [
            ("realisatie", ValueKind::Realised),
            ("begroting", ValueKind::Budget),
            ("streef", ValueKind::Target),
        ] {
            if first.starts_with(stem) && first.ends_with("waarde") {
                let mut found = vec![ValueWord::Kind(kind)];
                if let Some(year) = words.get(1).and_then(|w| year_of_word(w)) {
                    found.push(ValueWord::Year(year));
                } else if words.len() == 2 {
                    return None;
                }
                return Some(HeadCell::Values(found));
            }
        }
    }
    let joined = words.join(" ");
    match joined.as_str() {
        "nr" | "nr." | "nummer" | "code" | "#" | "no." => return Some(HeadCell::Code),
        "eenheid" | "meeteenheid" | "maateenheid" | "eenheid/bron" | "eenheid bron" => {
            return Some(HeadCell::Unit);
        }
        "peiljaar"
        | "periode"
        | "peildatum"
        | "meetjaar"
        | "jaar"
        | "meet-periode"
        | "meetperiode"
        | "jaar laatste meting"
        | "laatste meting"
        | "jaar meting" => {
            return Some(HeadCell::Period);
        }
        "bron" | "bronnen" | "bron/peildatum" => return Some(HeadCell::Source),
        // Whether an indicator is statutory (`BBV/OEGSTGEEST`: `BBV` or the municipality's own).
        _ if joined.starts_with("bbv/") => return Some(HeadCell::Text),
        "gemeente" | "waarde gemeente" | "uitkomst" => return Some(HeadCell::Own),
        // A programme's number before the name (`Pr.`): text, not a code of the indicator.
        "pr." | "pr" | "programma" => return Some(HeadCell::Text),
        // `Gemeente Steenbergen`: the municipality's own column, by its name.
        _ if words.len() <= 3 && words[0] == "gemeente" && capitalised_second(text) => {
            return Some(HeadCell::Own);
        }
        "toelichting" | "nulmeting" | "trend" | "status" | "opmerking" | "meetmethode"
        | "beschrijving" | "beleidsveld" | "taakveld" | "thema" => return Some(HeadCell::Text),
        _ => {}
    }
    // A size class of municipalities to compare with (`< 25.000 inw.`, `25.000-50.000 inwoners`).
    if folded.contains("inw")
        && words.len() <= 3
        && (folded.starts_with(['<', '>', '≤', '≥'])
            || folded.chars().next().is_some_and(|c| c.is_ascii_digit()))
    {
        return Some(HeadCell::Compare(resolve_ligatures(text.trim())));
    }
    if words.iter().any(|word| {
        matches!(
            word.as_str(),
            "nederland"
                | "landelijk"
                | "regio"
                | "provincie"
                | "referentiegemeenten"
                | "nl"
                | "vergelijk"
                | "vergelijk*"
                | "benchmark"
                | "g40"
        )
    }) {
        return Some(HeadCell::Compare(resolve_ligatures(text.trim())));
    }
    if words
        .iter()
        .all(|word| TITLE_WORDS.contains(&word.as_str()))
        || (words.len() <= 4
            && words.iter().any(|w| w.contains("indicator"))
            && words
                .iter()
                .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-')))
    {
        return Some(HeadCell::Title(resolve_ligatures(text.trim())));
    }
    if let Some(own) = own_name
        && fold(own) == folded
    {
        return Some(HeadCell::Own);
    }
    None
}

/// Whether the second word of `text` is capitalised (`Gemeente Steenbergen`).
fn capitalised_second(text: &str) -> bool {
    text.split_whitespace()
        .nth(1)
        .is_some_and(|word| word.starts_with(|c: char| c.is_uppercase()))
}

/// One capitalised name (`Gouda`, `Hendrik-Ido-Ambacht`): a column named after the municipality.
fn is_place_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && text.starts_with(|c: char| c.is_uppercase())
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        })
}

/// What one paragraph of a row is, in the template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Slot {
    Code,
    Label,
    Unit,
    Period,
    /// The budget edition of the row (see [`HeadCell::Edition`]).
    Edition,
    Text,
    Value(Column),
    Compare(String),
    Own,
}

/// A header read into a template.
#[derive(Clone, Debug)]
struct Template {
    heading: String,
    slots: Vec<Slot>,
    /// The name stands above the header, and each row is a year of it.
    label_above: bool,
    /// Paragraphs the header takes.
    length: usize,
}

/// Pairs the value words of a header into columns: `Werkelijk 2021` each, a kind over several
/// years, kinds then years (two-row headers), repeated kinds, years alone (`default` kind), and
/// `Streefwaarde` without a year.
fn value_columns(words: &[ValueWord], default: ValueKind) -> Option<Vec<Column>> {
    let kinds: Vec<ValueKind> = words
        .iter()
        .filter_map(|w| match w {
            ValueWord::Kind(kind) => Some(*kind),
            ValueWord::Year(_) => None,
        })
        .collect();
    let years: Vec<i32> = words
        .iter()
        .filter_map(|w| match w {
            ValueWord::Year(year) => Some(*year),
            ValueWord::Kind(_) => None,
        })
        .collect();
    if kinds.is_empty() {
        return (!years.is_empty()).then(|| {
            years
                .iter()
                .map(|year| Column::new(default, *year))
                .collect()
        });
    }
    let first_year = words.iter().position(|w| matches!(w, ValueWord::Year(_)));
    let last_kind = words.iter().rposition(|w| matches!(w, ValueWord::Kind(_)));
    let kinds_first = matches!((first_year, last_kind), (Some(y), Some(k)) if y > k);
    if kinds_first && kinds.len() > 1 {
        // Two-row header: kinds over years, and a target at the end may have none
        // (`Meting Meting Streef-` over `2015 2016` and `waarde`).
        if kinds.len() == years.len() + 1 && kinds.last() == Some(&ValueKind::Target) {
            let mut columns: Vec<Column> = kinds
                .iter()
                .zip(&years)
                .map(|(kind, year)| Column::new(*kind, *year))
                .collect();
            columns.push(Column {
                kind: ValueKind::Target,
                year: None,
            });
            return Some(columns);
        }
        if kinds.len() == years.len() {
            return Some(
                kinds
                    .iter()
                    .zip(&years)
                    .map(|(kind, year)| Column::new(*kind, *year))
                    .collect(),
            );
        }
        // Runs of rising years, one per kind (`Werkelijk Streefwaarden` / `2017 2018 2019 2019`).
        let mut runs: Vec<Vec<i32>> = Vec::new();
        for year in &years {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|last| last < year) => run.push(*year),
                _ => runs.push(vec![*year]),
            }
        }
        if runs.len() == kinds.len() {
            return Some(
                kinds
                    .iter()
                    .zip(&runs)
                    .flat_map(|(kind, run)| run.iter().map(|year| Column::new(*kind, *year)))
                    .collect(),
            );
        }
        if years.len().is_multiple_of(kinds.len()) {
            let per = years.len() / kinds.len();
            return Some(
                years
                    .iter()
                    .enumerate()
                    .map(|(index, year)| Column::new(kinds[index / per], *year))
                    .collect(),
            );
        }
        return None;
    }
    // Kinds with the years after them; a target may stand without one.
    let mut columns = Vec::new();
    let mut current: Option<(ValueKind, bool)> = None;
    for word in words {
        match word {
            ValueWord::Kind(kind) => {
                if let Some((previous, false)) = current {
                    if previous != ValueKind::Target {
                        return None;
                    }
                    columns.push(Column {
                        kind: previous,
                        year: None,
                    });
                }
                current = Some((*kind, false));
            }
            ValueWord::Year(year) => {
                let kind = current.map_or(default, |(kind, _)| kind);
                columns.push(Column::new(kind, *year));
                if let Some((kind, _)) = current {
                    current = Some((kind, true));
                }
            }
        }
    }
    if let Some((kind, false)) = current {
        if kind != ValueKind::Target {
            return None;
        }
        columns.push(Column { kind, year: None });
    }
    (!columns.is_empty()).then_some(columns)
}

/// Reads a header starting at paragraph `start`.
fn read_template(
    paragraphs: &[Paragraph],
    start: usize,
    own_name: Option<&str>,
) -> Option<Template> {
    let mut cells = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate().skip(start).take(40) {
        match classify_head(&paragraph.text, own_name) {
            // A lone year after a period column starts the rows (years as rows).
            Some(HeadCell::Values(words))
                if cells.contains(&HeadCell::Period)
                    && cells.contains(&HeadCell::Own)
                    && matches!(words.as_slice(), [ValueWord::Year(_)]) =>
            {
                break;
            }
            Some(cell) => cells.push(cell),
            // The municipality's own column in the national layout, named by its name
            // (`Periode | Gouda | Nederland`): one capitalised word between the period and a
            // comparison or source column.
            // Or before them, beside the comparison (`Indicator | Culemborg | Vergelijk* |
            // Periode`).
            None if is_place_name(&paragraph.text)
                && matches!(cells.last(), Some(HeadCell::Title(_)))
                && paragraphs.get(index + 1).is_some_and(|next| {
                    matches!(
                        classify_head(&next.text, own_name),
                        Some(HeadCell::Compare(_))
                    )
                }) =>
            {
                cells.push(HeadCell::Own)
            }
            None if cells.contains(&HeadCell::Period)
                // Not after `Uitkomst | Jaar`: the own column came before its period, so the
                // name here is the first row's (`Relatief verzuim`).
                && cells
                    .iter()
                    .position(|c| *c == HeadCell::Own)
                    .is_none_or(|own| {
                        cells.iter().position(|c| *c == HeadCell::Period) <= Some(own)
                    })
                && is_place_name(&paragraph.text)
                && (cells.last() == Some(&HeadCell::Period)
                    || paragraphs.get(index + 1).is_some_and(|next| {
                        matches!(
                            classify_head(&next.text, own_name),
                            Some(HeadCell::Compare(_) | HeadCell::Source | HeadCell::Text)
                        )
                    })) =>
            {
                // A second place (`Drenthe` after `Midden-Drenthe`) is one to compare with.
                if cells.contains(&HeadCell::Own) && cells.last() != Some(&HeadCell::Period) {
                    cells.push(HeadCell::Compare(paragraph.text.clone()))
                } else {
                    cells.push(HeadCell::Own)
                }
            }
            None => break,
        }
    }
    // `Waarde` alone: the end of a split kind (`Streef-` / `waarde`) after value columns, or the
    // municipality's own column in a national layout.
    let has_period = cells.contains(&HeadCell::Period);
    for index in 0..cells.len() {
        if cells[index] == HeadCell::Values(Vec::new()) {
            let after_values = index > 0 && matches!(cells[index - 1], HeadCell::Values(_));
            if has_period && !after_values {
                cells[index] = HeadCell::Own;
            }
        }
    }
    // `Begroting` without a year just before the period in a national layout names the budget
    // edition each row was given in, not a kind of value.
    if cells.contains(&HeadCell::Own) {
        for index in 0..cells.len().saturating_sub(1) {
            if cells[index + 1] == HeadCell::Period
                && matches!(&cells[index], HeadCell::Values(words) if matches!(words.as_slice(), [ValueWord::Kind(_)]))
            {
                cells[index] = HeadCell::Edition;
            }
        }
    }
    // The titles before the first column cell: all but the last are headings.
    let first_column = cells
        .iter()
        .position(|cell| !matches!(cell, HeadCell::Title(_)))?;
    let titles: Vec<String> = cells[..first_column]
        .iter()
        .filter_map(|cell| match cell {
            HeadCell::Title(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    let has_values = cells.iter().any(|cell| matches!(cell, HeadCell::Values(_)));
    let has_period = cells.contains(&HeadCell::Period);
    let has_own = cells.contains(&HeadCell::Own);
    let national = has_period && has_own;
    if !has_values && !national {
        return None;
    }
    // Years alone must be several, and a kind alone needs a year or a target.
    let value_words: Vec<ValueWord> = cells
        .iter()
        .filter_map(|cell| match cell {
            HeadCell::Values(words) => Some(words.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let years = value_words
        .iter()
        .filter(|w| matches!(w, ValueWord::Year(_)))
        .count();
    let kinds = value_words.len() - years;
    if !national
        && (years == 0
            || (kinds == 0 && years < 2)
            || (kinds == 0 && titles.is_empty() && years < 3))
    {
        return None;
    }
    let columns = if national && !has_values {
        Vec::new()
    } else {
        value_columns(&value_words, ValueKind::Realised)?
    };
    // One paragraph per column, or one block for a header split into kinds and years.
    let per_paragraph: Vec<Option<Vec<Column>>> = cells
        .iter()
        .map(|cell| match cell {
            HeadCell::Values(words) => value_columns(words, ValueKind::Realised),
            _ => None,
        })
        .collect();
    let separate = cells
        .iter()
        .zip(&per_paragraph)
        .filter(|(cell, _)| matches!(cell, HeadCell::Values(_)))
        .all(|(_, columns)| columns.as_ref().is_some_and(|c| c.len() == 1))
        && per_paragraph.iter().flatten().flatten().count() == columns.len();
    // The name column's title is the last title before the values; titles before the first
    // column are headings.
    let first_values = cells
        .iter()
        .position(|cell| matches!(cell, HeadCell::Values(_)))
        .unwrap_or(cells.len());
    // The last of the first run of titles (`Indicatoren | Naam indicator | Eenheid …`): a later
    // title (`Omschrijving` after the values) is an explanation.
    // The name's title is the last title before the value columns, or, in the national layout
    // (no value columns), before its first unit, period or value column.
    let boundary = if first_values < cells.len() {
        first_values
    } else {
        cells
            .iter()
            .position(|cell| {
                matches!(
                    cell,
                    HeadCell::Unit | HeadCell::Period | HeadCell::Own | HeadCell::Compare(_)
                )
            })
            .unwrap_or(cells.len())
    };
    let label_title = cells[..boundary]
        .iter()
        .rposition(|cell| matches!(cell, HeadCell::Title(_)));
    // The national layout without a name column (`JAAR | AMSTELVEEN | NEDERLAND`): the name
    // stands above the header, and every row is a year.
    let label_above = label_title.is_none()
        && has_period
        && has_own
        && !has_values
        && cells.first() == Some(&HeadCell::Period);
    if label_title.is_none()
        && !label_above
        && cells[..first_values]
            .iter()
            .any(|cell| !matches!(cell, HeadCell::Code))
    {
        // Columns before the values but no name column: not a header Peilstok can be sure of.
        return None;
    }
    // `Begroting 2019 | Begroting 2020` over `Jaar | Meierijstad | Jaar | Meierijstad`: each
    // column a pair of its period and the municipality's value.
    let after_values: Vec<&HeadCell> = cells[first_values..]
        .iter()
        .filter(|cell| !matches!(cell, HeadCell::Values(_)))
        .collect();
    let paired_columns = value_columns(&value_words, ValueKind::Realised).unwrap_or_default();
    if has_values
        && !paired_columns.is_empty()
        && after_values.len() == 2 * paired_columns.len()
        && after_values
            .chunks(2)
            .all(|pair| *pair[0] == HeadCell::Period && *pair[1] == HeadCell::Own)
        && label_title.is_some()
    {
        let heading = titles[..titles.len().saturating_sub(1)].join(" ");
        let mut slots = vec![Slot::Label];
        for column in &paired_columns {
            slots.push(Slot::Period);
            slots.push(Slot::Value(*column));
        }
        return Some(Template {
            heading,
            slots,
            label_above: false,
            length: cells.len(),
        });
    }
    let period_after_values = cells
        .iter()
        .rposition(|c| *c == HeadCell::Period)
        .is_some_and(|period| period > first_values);
    // The municipality's own column and its period before budget columns (`Culemborg |
    // Vergelijk* | Periode | Begroot 2017`): the period is the own column's, the budget columns
    // keep their years.
    let own_before_values = cells.iter().filter(|c| **c == HeadCell::Own).count() == 1
        && cells.iter().filter(|c| **c == HeadCell::Period).count() == 1
        && cells
            .iter()
            .position(|c| *c == HeadCell::Own)
            .is_some_and(|own| own < first_values)
        && !period_after_values;
    if has_values
        && (period_after_values
            || (has_own && !own_before_values)
            || (has_period && cells.iter().filter(|c| **c == HeadCell::Period).count() > 1))
    {
        // A period and the municipality's own column beside budget columns (`Begroting 2019` over
        // `Jaar | Meierijstad`): which value is which cannot be told for sure.
        return None;
    }
    let mut slots = Vec::new();
    let mut label_placed = false;
    let mut values_placed = false;
    for (position, (cell, own_columns)) in cells.iter().zip(&per_paragraph).enumerate() {
        let slot = match cell {
            HeadCell::Title(_) if Some(position) == label_title => {
                label_placed = true;
                Slot::Label
            }
            HeadCell::Title(_) if position < first_column => continue,
            HeadCell::Title(_) => Slot::Text,
            HeadCell::Code => Slot::Code,
            HeadCell::Unit => Slot::Unit,
            HeadCell::Period => Slot::Period,
            HeadCell::Edition => Slot::Edition,
            HeadCell::Source | HeadCell::Text => Slot::Text,
            HeadCell::Compare(name) => Slot::Compare(name.clone()),
            HeadCell::Own => Slot::Own,
            HeadCell::Values(_) => {
                if separate {
                    if let Some(column) = own_columns.as_ref().and_then(|c| c.first()) {
                        slots.push(Slot::Value(*column));
                    }
                } else if !values_placed {
                    values_placed = true;
                    slots.extend(columns.iter().map(|column| Slot::Value(*column)));
                }
                continue;
            }
        };
        if !label_placed
            && label_title.is_none()
            && !matches!(slot, Slot::Code)
            && slot != Slot::Label
        {
            // A header without a title for the name column: the name comes first.
            label_placed = true;
            slots.push(Slot::Label);
        }
        slots.push(slot);
    }
    if !label_placed {
        slots.insert(0, Slot::Label);
    }
    // The headings above the name's title, each once (web pages repeat them).
    let mut headings: Vec<String> = Vec::new();
    for title in titles.iter().take(titles.len().saturating_sub(1)) {
        if !headings.contains(title) {
            headings.push(title.clone());
        }
    }
    let heading = headings.join(" ");
    Some(Template {
        heading,
        slots,
        label_above,
        length: cells.len(),
    })
}

/// The code after `code` in a numbered list: `12` → `13`, `3.1.2` → `3.1.3`.
fn next_code(code: &str) -> Option<String> {
    let (head, last) = match code.rsplit_once('.') {
        Some((head, last)) => (Some(head), last),
        None => (None, code),
    };
    let next = last.parse::<u32>().ok()? + 1;
    Some(match head {
        Some(head) => format!("{head}.{next}"),
        None => next.to_string(),
    })
}

/// A code printed on its own: `1`, `3.1.2`, `12.`.
pub(super) fn is_code(text: &str) -> bool {
    let code = text.trim_end_matches('.');
    !code.is_empty()
        && code.split('.').count() <= 4
        && code.split('.').all(|part| {
            !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit())
        })
}

const MISSING_PHRASES: [&str; 13] = [
    "vervallen",
    "niet beschikbaar",
    "nog niet",
    "geen meting",
    "geen data",
    "geen gegevens",
    "niet bekend",
    "onbekend",
    "volgt",
    "p.m.",
    "n.b.",
    "niet gemeten",
    "nvt",
];

/// A paragraph that can be a value cell: a number, a marker, a bound, a missing-data phrase.
fn is_value_like(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    // A sub-row's name after a dash (`- waarvan openbaar`), not a minus or a `-` marker.
    if let Some(rest) = text.strip_prefix("- ")
        && rest.chars().take(2).all(char::is_alphabetic)
        && rest.chars().count() >= 2
    {
        return false;
    }
    // A starred note under a table (`*Gemeenten in de grootteklasse …`), not a value.
    if text.starts_with('*')
        && text[1..]
            .trim_start()
            .starts_with(|c: char| c.is_alphabetic())
        && text.split_whitespace().nth(3).is_some()
    {
        return false;
    }
    if first.starts_with(|c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '-' | '−'
                    | '–'
                    | '—'
                    | '€'
                    | '<'
                    | '>'
                    | '≥'
                    | '≤'
                    | '±'
                    | '+'
                    | '.'
                    | '*'
                    | '#'
                    | '='
            )
    }) || is_qualifier(first)
    {
        return true;
    }
    let bare = text.trim_end_matches(|c: char| c.is_ascii_digit());
    if Marker::parse(text).is_some() || Marker::parse(bare).is_some_and(|m| m != Marker::Blank) {
        return true;
    }
    let folded = fold(text);
    if text.chars().count() <= 40 && MISSING_PHRASES.iter().any(|phrase| folded.contains(phrase)) {
        return true;
    }
    // Letters that stand for values (`A`, `B+`, `x`), and short texts around a decimal number
    // (`Schagen 0,4, NL 1,3 (Wsjg 2017)`): names seldom hold a decimal comma.
    text.chars().count() <= 2 || (text.chars().count() <= 60 && has_decimal_comma(text))
}

fn has_decimal_comma(text: &str) -> bool {
    let characters: Vec<char> = text.chars().collect();
    characters
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == ',' && w[2].is_ascii_digit())
}

fn is_label_like(text: &str) -> bool {
    !is_value_like(text) && text.chars().filter(|c| c.is_alphabetic()).count() >= 3
}

/// A year a value carries with it: `10 (2022)`, `2015: 1,87%`, `2018: 172`. Returns the year
/// and the value's own text.
pub(super) fn own_year(text: &str) -> Option<(i32, String)> {
    let trimmed = text.trim();
    if let Some((value, rest)) = trimmed.rsplit_once('(')
        && let Some(inside) = rest.strip_suffix(')')
        && let Some(year) = year_of_word(inside.trim())
        && inside.trim().len() == 4
        && !value.trim().is_empty()
    {
        return Some((year, value.trim().to_string()));
    }
    if let Some((year, value)) = trimmed.split_once(':')
        && year.trim().len() == 4
        && let Some(year) = year_of_word(year.trim())
        && !value.trim().is_empty()
    {
        return Some((year, value.trim().to_string()));
    }
    None
}

/// Reads one cell for `column`: a number in any of the usual dresses, a marker, a value with
/// its own year (flagged when that year is not the column's).
pub(super) fn read_value(
    raw: &str,
    column: Option<Column>,
    footnote_numbers: &[u32],
    defined_signs: &[String],
) -> super::ReadCell {
    if let Some((year, value)) = own_year(raw) {
        let mut read = read_value(&value, None, footnote_numbers, defined_signs);
        if column.is_none_or(|c| c.year != Some(year)) && read.review.is_none() {
            read.value = match read.value {
                CellValue::Number(_) => CellValue::Text,
                other => other,
            };
            read.review = Some(format!(
                "{raw}: de waarde is van {year}, niet van {}: bevestig in welk jaar ze hoort",
                column
                    .and_then(|c| c.year)
                    .map_or_else(|| "deze kolom".to_string(), |y| y.to_string())
            ));
        }
        return read;
    }
    let text = raw.trim();
    // `€ 258`, `€258`, `4 %`, `€ 675,-`.
    let undressed = text
        .strip_prefix('€')
        .map(str::trim_start)
        .unwrap_or(text)
        .replace(" %", "%");
    let undressed = match undressed.strip_suffix(",-") {
        Some(whole) if whole.chars().all(|c| c.is_ascii_digit() || c == '.') => whole.to_string(),
        _ => undressed,
    };
    let mut read = read_cell(&undressed, footnote_numbers);
    if let CellValue::Missing(Marker::Other(sign)) = &read.value
        && defined_signs.iter().any(|defined| defined == sign)
    {
        read.review = None;
    }
    if read.value == CellValue::Text {
        let folded = fold(text);
        if MISSING_PHRASES.iter().any(|phrase| folded.contains(phrase))
            && !text.chars().any(|c| c.is_ascii_digit())
        {
            read.value = CellValue::Missing(Marker::Other(text.to_string()));
            read.review = None;
        }
    }
    read
}

/// A number followed by its own unit word (`8,41 Fte` where the unit is `Fte per 1.000
/// inwoners`): the number. A word the unit does not name (`88 kinderen` under `%`) stays doubtful.
fn number_in_its_unit(raw: &str, unit: &str) -> Option<super::ReadCell> {
    let (number, word) = raw.trim().split_once(' ')?;
    let word = fold(word.trim());
    let unit = fold(unit);
    if word.is_empty() || word.contains(' ') || !unit.split_whitespace().any(|w| w == word) {
        return None;
    }
    let read = read_cell(number, &[]);
    matches!(read.value, CellValue::Number(_)).then_some(read)
}

/// Units of measure a cell may carry when the table gives the row no unit (`8,0 fte`).
const UNITS_OF_MEASURE: [&str; 10] = [
    "fte", "kg", "km", "ha", "ton", "kiloton", "uur", "uren", "dagen", "weken",
];

/// A number with its unit, read against the row's unit: the unit the row has (`2,8 per 1.000
/// inwoners` where the unit says so), or, when it has none, a unit of measure, which becomes the
/// row's. A count with another word (`88 kinderen`) stays text and is flagged.
fn number_with_unit(raw: &str, unit: &mut String) -> Option<super::ReadCell> {
    if !unit.is_empty() {
        return number_in_its_unit(raw, unit);
    }
    let (number, word) = raw.trim().split_once(' ')?;
    let word = word.trim();
    if !UNITS_OF_MEASURE.contains(&fold(word).as_str()) {
        return None;
    }
    let read = read_cell(number, &[]);
    if matches!(read.value, CellValue::Number(_)) {
        *unit = word.to_string();
        return Some(read);
    }
    None
}

/// Signs a legend under a table explains: `nb: …`, `n.n.b.= niet nader bekend, n.v.t.=…`,
/// `. = geen gegevens`, `x geheim`.
pub(super) fn legend_signs(text: &str) -> Vec<String> {
    let mut signs = Vec::new();
    for part in text.split([',', ';']) {
        let part = part.trim();
        let Some(split) = part.find(['=', ':']) else {
            continue;
        };
        let sign = part[..split].trim();
        if sign.is_empty() || sign.chars().count() > 12 || part[split + 1..].trim().is_empty() {
            continue;
        }
        if let Some(marker) = Marker::parse(sign)
            && marker != Marker::Blank
        {
            signs.push(marker.code().to_string());
            signs.push(sign.to_string());
        }
    }
    signs
}

/// A paragraph that ends a table: a new section.
fn ends_table(text: &str) -> bool {
    let folded = fold(text);
    [
        "wat mag het kosten",
        "wat gaan we ervoor doen",
        "wat willen we bereiken",
        "wat hebben we",
        "activiteiten",
        "toelichting",
        "financi",
        "lasten",
    ]
    .iter()
    .any(|start| folded.starts_with(start))
}

/// A row as printed.
struct StreamRow {
    code: Option<String>,
    label: Paragraph,
    /// A year row under the row above (`2020 | 229 | 218`): more values of the same indicator.
    continues: bool,
    cells: Vec<(Slot, Paragraph)>,
    /// Value slots the row printed no cell for.
    short: usize,
    /// The unit printed on the name's last line (`Omvang huishoudelijk restafval` ⏎ `kg`).
    unit_line: Option<String>,
    lines: Range<usize>,
}

/// Whether the paragraph at `index` starts a new row: a name followed by a value within a few
/// paragraphs.
fn is_label_like_row_start(paragraphs: &[Paragraph], index: usize) -> bool {
    paragraphs
        .get(index)
        .is_some_and(|p| is_label_like(&p.text))
        && paragraphs[index + 1..]
            .iter()
            .take(3)
            .any(|p| is_value_like(&p.text))
}

/// Whether a table header starts at paragraph `index` (the next table, or this one repeated).
fn starts_header(paragraphs: &[Paragraph], index: usize, own_name: Option<&str>) -> bool {
    paragraphs
        .get(index)
        .is_some_and(|p| classify_head(&p.text, own_name).is_some())
        && read_template(paragraphs, index, own_name).is_some()
}

/// A table read from paragraphs, and the paragraph after it.
pub(super) struct StreamTable {
    pub table: FoundTable,
    pub footnotes: Vec<(u32, String)>,
}

fn read_rows(
    paragraphs: &[Paragraph],
    start: usize,
    template: &Template,
    own_name: Option<&str>,
    label_above: Option<&Paragraph>,
) -> (Vec<StreamRow>, usize) {
    let mut rows: Vec<StreamRow> = Vec::new();
    let mut at = start;
    let after_label: Vec<&Slot> = template
        .slots
        .iter()
        .skip_while(|slot| **slot != Slot::Label)
        .skip(1)
        .collect();
    let first_value = after_label
        .iter()
        .position(|slot| matches!(slot, Slot::Value(_) | Slot::Own | Slot::Compare(_)))
        .unwrap_or(after_label.len());
    let has_code_slot = template.slots.contains(&Slot::Code);
    let texts_before_label = template
        .slots
        .iter()
        .take_while(|slot| **slot != Slot::Label)
        .filter(|slot| matches!(slot, Slot::Text | Slot::Unit))
        .count();
    while at < paragraphs.len() {
        let text = paragraphs[at].text.as_str();
        if ends_table(text) || starts_header(paragraphs, at, own_name) {
            break;
        }
        // A taakveld's name inside the table is a group heading, not a row.
        if super::row_words::is_taakveld(text)
            && paragraphs
                .get(at + 1)
                .is_some_and(|p| is_label_like(&p.text))
        {
            at += 1;
            continue;
        }
        let row_start = at;
        // Years as rows: a row that starts with its period continues the indicator above.
        let period_at = after_label
            .iter()
            .position(|slot| matches!(slot, Slot::Period | Slot::Edition));
        let previous = rows
            .last()
            .map(|row| (row.label.clone(), row.code.clone()))
            .or_else(|| label_above.map(|label| (label.clone(), None)));
        // Or with its value first, where the header puts the value before its year
        // (`Uitkomst | Jaar`: `16,92` ⏎ `2016` ⏎ `12,34` ⏎ `2017`).
        let value_then_year = period_at
            .is_some_and(|at| at > 0 && matches!(after_label[at - 1], Slot::Own | Slot::Value(_)));
        if value_then_year
            && let (Some(period_at), Some((label, code))) = (period_at, previous.clone())
            && !rows.is_empty()
            && is_value_like(text)
            && !is_label_like(text)
            && year_of_word(text.trim()).is_none()
            && paragraphs.get(at + 1).is_some_and(|next| {
                let next = next.text.trim();
                next.split_whitespace().count() == 1 && year_of_word(next).is_some()
            })
        {
            let cells = vec![
                (after_label[period_at - 1].clone(), paragraphs[at].clone()),
                (Slot::Period, paragraphs[at + 1].clone()),
            ];
            rows.push(StreamRow {
                code,
                lines: paragraphs[at].lines.start..paragraphs[at + 1].lines.end,
                label,
                continues: true,
                cells,
                short: 0,
                unit_line: None,
            });
            at += 2;
            continue;
        }
        if let (Some(period_at), Some((label, code))) = (period_at, previous)
            && text.split_whitespace().count() <= 3
            && text
                .split_whitespace()
                .any(|word| year_of_word(word).is_some())
            && !is_label_like(text)
        {
            let mut cells = Vec::new();
            let mut taken = 0;
            let mut probe = at;
            for slot in &after_label[period_at..] {
                let Some(paragraph) = paragraphs.get(probe) else {
                    break;
                };
                let fits = match slot {
                    Slot::Period | Slot::Edition => paragraph
                        .text
                        .split_whitespace()
                        .any(|w| year_of_word(w).is_some()),
                    Slot::Value(_) | Slot::Own | Slot::Compare(_) => is_value_like(&paragraph.text),
                    _ => {
                        !is_value_like(&paragraph.text)
                            && !is_label_like_row_start(paragraphs, probe)
                            && !starts_header(paragraphs, probe, own_name)
                            && !starts_header(paragraphs, probe + 1, own_name)
                    }
                };
                if !fits {
                    continue;
                }
                if matches!(slot, Slot::Own | Slot::Value(_)) {
                    taken += 1;
                }
                cells.push(((*slot).clone(), paragraph.clone()));
                probe += 1;
            }
            if taken > 0 {
                rows.push(StreamRow {
                    code,
                    lines: paragraphs[row_start].lines.start..paragraphs[probe - 1].lines.end,
                    label,
                    continues: !rows.is_empty(),
                    cells,
                    short: 0,
                    unit_line: None,
                });
                at = probe;
                continue;
            }
        }
        let mut code = None;
        // A number before the name is its code, unless the header puts a text column there
        // (`Taakveld | BBV indicator`: the `0` is the taakveld).
        let code_allowed = has_code_slot || texts_before_label == 0;
        if code_allowed
            && is_code(text)
            && paragraphs
                .get(at + 1)
                .is_some_and(|p| is_label_like(&p.text))
        {
            code = Some(text.trim_end_matches('.').to_string());
            at += 1;
        }
        // Text columns between the code and the name (`Nr | Taakveld | Naam indicator`).
        for _ in 0..texts_before_label {
            if paragraphs
                .get(at + 1)
                .is_some_and(|p| is_label_like(&p.text))
                && (is_label_like(&paragraphs[at].text) || is_code(&paragraphs[at].text))
            {
                at += 1;
            }
        }
        let Some(label) = paragraphs.get(at).filter(|p| is_label_like(&p.text)) else {
            at = row_start;
            break;
        };
        at += 1;
        let mut cells = Vec::new();
        let mut short = 0;
        let mut values_taken = 0;
        let mut short_text = 0;
        let mut skipped_text = false;
        for (index, slot) in after_label.iter().enumerate() {
            let Some(paragraph) = paragraphs.get(at) else {
                if matches!(slot, Slot::Value(_)) {
                    short += 1;
                }
                continue;
            };
            let text = paragraph.text.as_str();
            // The next row's code, followed by its name, is no value of this row.
            let next_row_starts = code
                .as_deref()
                .and_then(next_code)
                .is_some_and(|next| text.trim_end_matches('.') == next)
                && paragraphs
                    .get(at + 1)
                    .is_some_and(|p| is_label_like(&p.text));
            // The next table's header (`2019 2018 2017 2016` under a heading) is no value of
            // this row: the row, and the table, end before it.
            if matches!(slot, Slot::Value(_) | Slot::Own | Slot::Compare(_))
                && year_of_word(text.trim()).is_some()
                && starts_header(paragraphs, at, own_name)
            {
                break;
            }
            let take = match slot {
                Slot::Value(_) | Slot::Own | Slot::Compare(_) => {
                    is_value_like(text) && !next_row_starts
                }
                Slot::Code => is_code(text),
                Slot::Label => false,
                Slot::Period | Slot::Edition => text
                    .split_whitespace()
                    .any(|word| year_of_word(word).is_some()),
                // A text column before the values: not a value or marker (`Vervallen` where
                // the source column is empty).
                // A unit sign alone (`%`, `€`) is the unit, not a value.
                Slot::Unit if matches!(text.trim(), "%" | "€" | "‰") => true,
                Slot::Unit | Slot::Text if index < first_value => {
                    !ends_table(text)
                        && !is_code(text)
                        && crate::numbers::parse_dutch_number(text).is_none()
                        && !matches!(
                            read_value(text, None, &[], &[]).value,
                            CellValue::Missing(_)
                        )
                }
                // A text column after the values (`Bron`): not the next row's name.
                Slot::Unit | Slot::Text => {
                    !is_value_like(text)
                        && !is_code(text)
                        && !ends_table(text)
                        && paragraphs
                            .get(at + 1)
                            .is_none_or(|next| !is_value_like(&next.text) || first_value > 0)
                }
            };
            if take {
                if matches!(slot, Slot::Value(_) | Slot::Own) {
                    values_taken += 1;
                    // A text column was left empty just before: the value could be its.
                    short_text += usize::from(std::mem::take(&mut skipped_text));
                } else {
                    skipped_text = false;
                }
                cells.push(((*slot).clone(), paragraph.clone()));
                at += 1;
            } else if matches!(slot, Slot::Value(_)) {
                short += 1;
            } else if index < first_value && matches!(slot, Slot::Unit | Slot::Text) {
                // A text column left empty before the values: when a value follows, which value
                // is which is no longer certain.
                skipped_text = true;
            }
        }
        short += short_text;
        if values_taken == 0 {
            // A group heading inside the table (`veiligheid`) stands above the next row's name.
            let heading_at = row_start + usize::from(code.is_some());
            if code.is_none()
                && paragraphs
                    .get(heading_at + 1)
                    .is_some_and(|p| is_label_like(&p.text))
                && paragraphs.get(heading_at + 2).is_some()
                && rows.len() + 1 > 0
            {
                let next = heading_at + 1;
                let next_row_has_values = paragraphs[next + 1..]
                    .iter()
                    .take(after_label.len().max(1) + 1)
                    .any(|p| is_value_like(&p.text));
                if next_row_has_values {
                    at = next;
                    continue;
                }
            }
            at = row_start;
            break;
        }
        let end = paragraphs[at - 1].lines.end;
        rows.push(StreamRow {
            code,
            continues: false,
            lines: paragraphs[row_start].lines.start..end,
            label: label.clone(),
            cells,
            short,
            unit_line: None,
        });
    }
    (rows, at)
}

/// A footnote line: `3 Geen data bekend`, or with a web page's list number before the footnote's
/// own (`1. 1 Hernieuwbare …`).
fn footnote_line(text: &str) -> Option<(u32, String)> {
    let text = text.trim();
    let text = text
        .split_once(". ")
        .filter(|(number, rest)| {
            !number.is_empty()
                && number.len() <= 2
                && number.bytes().all(|b| b.is_ascii_digit())
                && rest.starts_with(|c: char| c.is_ascii_digit())
        })
        .map_or(text, |(_, rest)| rest);
    text.split_once(' ')
        .filter(|(number, rest)| {
            number.len() <= 2
                && number.bytes().all(|b| b.is_ascii_digit())
                && rest.split_whitespace().count() >= 2
                && rest.starts_with(|c: char| c.is_alphabetic())
        })
        .and_then(|(number, rest)| Some((number.parse::<u32>().ok()?, rest.to_string())))
}

/// A table without a unit column may print the unit on the name's last line (`kg`,
/// `aantal per 1.000 inwoners`): it is the row's unit, not part of its name.
fn split_unit_line(lines: &[&str], row: &mut StreamRow) {
    let Some(own_lines) = lines.get(row.label.lines.clone()) else {
        return;
    };
    let [name_lines @ .., last] = own_lines else {
        return;
    };
    let folded = fold(last.trim());
    let unit_start = [
        "kg",
        "aantal per ",
        "per ",
        "%",
        "€",
        "euro",
        "in %",
        "x 1.000",
        "fte",
    ];
    if name_lines.is_empty()
        || folded.split_whitespace().nth(5).is_some()
        || !unit_start
            .iter()
            .any(|start| folded == start.trim() || folded.starts_with(start))
    {
        return;
    }
    row.unit_line = Some(fold_whitespace(last));
    row.label.text = fold_whitespace(&name_lines.join(" "));
}

/// Footnotes and legends under a table: `3 Geen data bekend`, `* Percentages …`, `nb: …`.
fn notes_under(
    lines: &[&str],
    paragraphs: &[Paragraph],
    start: usize,
) -> (Vec<(u32, String)>, Vec<String>, usize) {
    let mut footnotes = Vec::new();
    let mut signs = Vec::new();
    let mut end = start;
    for paragraph in paragraphs.iter().skip(start).take(8) {
        let text = paragraph.text.as_str();
        let signs_here = legend_signs(text);
        // Footnotes one per line without blank lines between them form one paragraph.
        let own_lines = lines.get(paragraph.lines.clone()).unwrap_or_default();
        let line_notes: Option<Vec<(u32, String)>> = (own_lines.len() > 1)
            .then(|| own_lines.iter().map(|line| footnote_line(line)).collect())
            .flatten();
        let starred = text.starts_with('*');
        if !signs_here.is_empty() {
            signs.extend(signs_here);
        } else if let Some(notes) = line_notes {
            footnotes.extend(notes);
        } else if let Some(footnote) = footnote_line(text) {
            footnotes.push(footnote);
        } else if !starred && !fold(text).starts_with("bron") {
            break;
        }
        end += 1;
    }
    (footnotes, signs, end)
}

/// Tries to read a paragraph table whose header starts at line `start`.
pub(super) fn read_stream_table(
    lines: &[&str],
    start: usize,
    own_name: Option<&str>,
) -> Option<StreamTable> {
    // Cheap first: the paragraph here must be a header cell.
    let first = paragraphs(lines, start, 1);
    if first
        .first()
        .is_none_or(|p| p.lines.start != start || classify_head(&p.text, own_name).is_none())
    {
        return None;
    }
    let first_paragraphs = paragraphs(lines, start, 41);
    let template = read_template(&first_paragraphs, 0, own_name)?;
    if super::row_words::is_money_context(lines, start) {
        return None;
    }
    // The name above a header without a name column: the nearest line of words above it.
    let label_above = template
        .label_above
        .then(|| {
            (start.saturating_sub(4)..start).rev().find_map(|index| {
                let line = lines[index].trim();
                (is_label_like(line) && !line.starts_with('(')).then(|| Paragraph {
                    text: fold_whitespace(line),
                    lines: index..index + 1,
                })
            })
        })
        .flatten();
    if template.label_above && label_above.is_none() {
        return None;
    }
    // Read the rest of the text a piece at a time: most headers are followed by a short table,
    // or by none at all.
    let mut limit = 200;
    let (paragraphs, rows, after_rows) = loop {
        let paragraphs = paragraphs(lines, start, limit);
        let (rows, after_rows) = read_rows(
            &paragraphs,
            template.length,
            &template,
            own_name,
            label_above.as_ref(),
        );
        if paragraphs.len() < limit
            || after_rows + 60 < paragraphs.len()
            || limit >= MAX_TABLE_PARAGRAPHS
        {
            break (paragraphs, rows, after_rows);
        }
        limit = (limit * 4).min(MAX_TABLE_PARAGRAPHS);
    };
    if rows.is_empty() {
        return None;
    }
    let mut rows = rows;
    if !template.slots.contains(&Slot::Unit) {
        for row in &mut rows {
            split_unit_line(lines, row);
        }
    }
    let (footnotes, signs, after_notes) = notes_under(lines, &paragraphs, after_rows);
    let end_line = paragraphs
        .get(after_notes.saturating_sub(1))
        .map_or(start + 1, |p| p.lines.end);
    Some(build_table(
        &template,
        &rows,
        footnotes,
        &signs,
        start..end_line,
    ))
}

/// The table the rows read along `template` make: names, units, cells read by the one cell
/// reader, comparison series, short rows flagged.
fn build_table(
    template: &Template,
    rows: &[StreamRow],
    footnotes: Vec<(u32, String)>,
    signs: &[String],
    lines: Range<usize>,
) -> StreamTable {
    let (start, end_line) = (lines.start, lines.end);
    let footnote_numbers: Vec<u32> = footnotes.iter().map(|(n, _)| *n).collect();
    let heading = if template.heading.is_empty() {
        "Indicatoren".to_string()
    } else {
        template.heading.clone()
    };
    let kind = if fold(&heading).contains("effect") {
        IndicatorKind::Effect
    } else {
        IndicatorKind::Performance
    };
    let mut indicators = Vec::new();
    let mut indicator_lines = Vec::new();
    let mut columns: Vec<Column> = template
        .slots
        .iter()
        .filter_map(|slot| match slot {
            Slot::Value(column) => Some(*column),
            _ => None,
        })
        .collect();
    let value_slots = columns.len();
    let paired_periods = template
        .slots
        .windows(2)
        .filter(|pair| pair[0] == Slot::Period && matches!(pair[1], Slot::Value(_)))
        .count()
        > 1;
    let column_year = |slot: &Slot| match slot {
        Slot::Value(column) => column.year,
        _ => None,
    };
    let newest_year = columns.iter().filter_map(|c| c.year).max();
    // The period column then dates the municipality's own column, not the value columns.
    let has_own_column = template.slots.contains(&Slot::Own);
    for row in rows {
        let (name, footnotes, label_raw) = clean_name(&row.label.text, &footnote_numbers);
        let mandatory = fold(&row.label.text).contains("(verplicht)");
        let mut indicator = Indicator {
            code: row.code.clone().unwrap_or_default(),
            name,
            unit: row.unit_line.clone().unwrap_or_default(),
            mandatory,
            kind,
            series: Vec::new(),
            label_raw: match &row.code {
                Some(code) => format!("{code} {label_raw}"),
                None => label_raw,
            },
            footnotes,
            review: None,
            source: String::new(),
            better: None,
            cells: Vec::new(),
        };
        let period_year = row.cells.iter().find_map(|(slot, p)| {
            (*slot == Slot::Period)
                .then(|| p.text.split_whitespace().rev().find_map(year_of_word))
                .flatten()
        });
        let national_column = period_year.map(|year| Column::new(ValueKind::Realised, year));
        let mut last_period: Option<i32> = None;
        for (slot, paragraph) in &row.cells {
            let raw = paragraph.text.clone();
            if *slot == Slot::Period {
                last_period = paragraph
                    .text
                    .split_whitespace()
                    .rev()
                    .find_map(year_of_word);
            }
            // Each column with its own period (`Jaar | Meierijstad` under each kind and year).
            let period_year = if paired_periods {
                last_period
            } else {
                period_year
            };
            let newest_year = if paired_periods {
                column_year(slot)
            } else {
                newest_year
            };
            match slot {
                Slot::Unit => indicator.unit = resolve_ligatures(&raw),
                Slot::Value(column) => {
                    let mut read = read_value(&raw, Some(*column), &footnote_numbers, signs);
                    if let Some(number) = number_with_unit(&raw, &mut indicator.unit) {
                        read = number;
                    }
                    // A period column says which year the newest figure is from (`jaar 2019`
                    // beside `B2021`): when it is not the column's year, a person decides.
                    if let Some(period) = period_year
                        && !has_own_column
                        && column.year.is_some()
                        && column.year == newest_year
                        && column.year != Some(period)
                        && matches!(read.value, CellValue::Number(_))
                    {
                        read.value = CellValue::Text;
                        read.review = Some(format!(
                            "{raw}: de kolom jaar zegt {period}, de kolom is {}: bevestig in welk jaar de waarde hoort",
                            column.year.map_or_else(String::new, |y| y.to_string())
                        ));
                    }
                    if row.short > 0 {
                        read.review = Some(
                            "Deze rij heeft minder cellen dan de kop kolommen: niet zeker in welke kolom deze waarde hoort"
                                .to_string(),
                        );
                        if matches!(read.value, CellValue::Number(_)) {
                            read.value = CellValue::Text;
                        }
                    }
                    if read.percent && indicator.unit.is_empty() {
                        indicator.unit = "%".into();
                    }
                    indicator.cells.push(new_cell("", *column, read, raw));
                }
                Slot::Own => {
                    let Some(column) = national_column else {
                        continue;
                    };
                    let mut read = read_value(&raw, Some(column), &footnote_numbers, signs);
                    if let Some(number) = number_with_unit(&raw, &mut indicator.unit) {
                        read = number;
                    }
                    indicator.cells.push(new_cell("", column, read, raw));
                }
                Slot::Compare(name) => {
                    // A comparison figure is kept as its own series, never as the municipality's.
                    let column = national_column.or_else(|| {
                        own_year(&raw).map(|(year, _)| Column::new(ValueKind::Realised, year))
                    });
                    let Some(column) = column else { continue };
                    let series = fold_whitespace(name);
                    let read = read_value(&raw, Some(column), &footnote_numbers, signs);
                    if !indicator.series.contains(&series) {
                        indicator.series.push(series.clone());
                    }
                    indicator.cells.push(new_cell(&series, column, read, raw));
                }
                _ => {}
            }
        }
        if row.short > 0 {
            // Columns the row printed nothing for: blank, flagged like the rest of the row.
            let printed: Vec<Column> = indicator.cells.iter().map(|c| c.column).collect();
            for column in columns.iter().filter(|c| !printed.contains(c)) {
                let mut read = read_cell("", &footnote_numbers);
                read.review = Some(
                    "Deze rij heeft minder cellen dan de kop kolommen: niet zeker welke kolom leeg is"
                        .to_string(),
                );
                indicator
                    .cells
                    .push(new_cell("", *column, read, String::new()));
            }
        }
        // A comparison row (`Gemiddelde benchmark`, `Nederland`) under an indicator is a series
        // of that indicator, never an indicator of its own.
        let comparison = match super::row_words::role_of(&row.label.text, None) {
            super::row_words::RowRole::Compare(name) if !indicators.is_empty() => Some(name),
            _ => None,
        };
        if let Some(name) = &comparison {
            for cell in &mut indicator.cells {
                cell.series = name.clone();
            }
            indicator.series = vec![name.clone()];
        }
        // A year row adds its values to the indicator above.
        if (row.continues || comparison.is_some())
            && let (Some(previous), Some(lines)) =
                (indicators.last_mut(), indicator_lines.last_mut())
        {
            let previous: &mut Indicator = previous;
            let lines: &mut Range<usize> = lines;
            for cell in indicator.cells {
                match previous
                    .cells
                    .iter_mut()
                    .find(|own| own.series == cell.series && own.column == cell.column)
                {
                    None => previous.cells.push(cell),
                    // The same year twice (one row per budget edition): agreeing figures are one
                    // cell; differing ones wait for a person, with both texts.
                    Some(own) if own.value != cell.value && own.series.is_empty() => {
                        own.review = Some(format!(
                            "Twee waarden voor dezelfde kolom: {} en {}: bevestig welke geldt",
                            own.raw, cell.raw
                        ));
                        if matches!(own.value, CellValue::Number(_)) {
                            own.value = CellValue::Text;
                        }
                    }
                    Some(_) => {}
                }
            }
            for series in indicator.series {
                if !previous.series.contains(&series) {
                    previous.series.push(series);
                }
            }
            lines.end = row.lines.end;
            continue;
        }
        indicators.push(indicator);
        indicator_lines.push(row.lines.clone());
    }
    if value_slots == 0 {
        columns = indicators
            .iter()
            .flat_map(|i| {
                i.cells
                    .iter()
                    .filter(|c| c.series.is_empty())
                    .map(|c| c.column)
            })
            .collect();
        columns.sort();
        columns.dedup();
    }
    StreamTable {
        table: FoundTable {
            heading,
            heading_footnotes: Vec::new(),
            kind,
            columns,
            indicators,
            indicator_lines,
            lines: start..end_line.max(start + 1),
        },
        footnotes,
    }
}

/// The cells of a line of a pipe table (`a | b | |`): trimmed, outer pipes dropped, with their
/// place in the line.
fn pipe_cells(line: &str) -> Vec<&str> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(str::trim).collect()
}

/// One indicator as a block of pipe lines: its name, the kinds, the years, a rule, the values
/// (`% scheiding huishoudelijk afval | |` ⏎ `Realisatie cijfers | Streefcijfers |` ⏎
/// `2019 | 2020 | 2021 | 2022 | 2023 | 2023 |` ⏎ `---|` ⏎ `57 | 61 | 61 | 62 | |`).
fn read_pipe_block(lines: &[&str], start: usize, years_line: &[&str]) -> Option<StreamTable> {
    let years: Vec<i32> = years_line
        .iter()
        .filter(|cell| !cell.is_empty())
        .map(|cell| year_of_word(cell).filter(|_| cell.len() == 4))
        .collect::<Option<Vec<i32>>>()?;
    if years.len() < 2 || start < 2 {
        return None;
    }
    let kinds: Vec<ValueKind> = pipe_cells(lines[start - 1])
        .iter()
        .filter(|cell| !cell.is_empty())
        .map(|cell| {
            let folded = fold(cell);
            let first = folded.split_whitespace().next().unwrap_or("");
            kind_of(first).or_else(|| {
                if first.starts_with("realisatie") {
                    Some(ValueKind::Realised)
                } else if first.starts_with("streef") {
                    Some(ValueKind::Target)
                } else if first.starts_with("begroting") {
                    Some(ValueKind::Budget)
                } else {
                    None
                }
            })
        })
        .collect::<Option<Vec<ValueKind>>>()?;
    let mut words: Vec<ValueWord> = kinds.iter().map(|kind| ValueWord::Kind(*kind)).collect();
    words.extend(years.iter().map(|year| ValueWord::Year(*year)));
    let columns = value_columns(&words, ValueKind::Realised)?;
    if columns.len() != years.len() {
        return None;
    }
    let name_cells = pipe_cells(lines[start - 2]);
    let name = name_cells.first().filter(|name| is_label_like(name))?;
    if name_cells.iter().skip(1).any(|cell| !cell.is_empty()) {
        return None;
    }
    // The values: the first pipe line after the rule.
    let mut index = start + 1;
    while lines.get(index).is_some_and(|line| is_rule(line)) {
        index += 1;
    }
    let values_line = *lines.get(index)?;
    let cells = pipe_cells(values_line);
    if cells.iter().all(|cell| cell.is_empty()) || cells.iter().any(|cell| is_label_like(cell)) {
        return None;
    }
    let label = Paragraph {
        text: fold_whitespace(name),
        lines: start - 2..start - 1,
    };
    let mut row_cells = Vec::new();
    for (column, text) in columns.iter().zip(&cells) {
        if !text.is_empty() {
            row_cells.push((
                Slot::Value(*column),
                Paragraph {
                    text: fold_whitespace(text),
                    lines: index..index + 1,
                },
            ));
        }
    }
    let template = Template {
        heading: String::new(),
        slots: std::iter::once(Slot::Label)
            .chain(columns.iter().map(|column| Slot::Value(*column)))
            .collect(),
        label_above: true,
        length: 1,
    };
    let row = StreamRow {
        code: None,
        label,
        continues: false,
        cells: row_cells,
        short: 0,
        unit_line: None,
        lines: start - 2..index + 1,
    };
    Some(build_table(
        &template,
        &[row],
        Vec::new(),
        &[],
        start - 2..index + 1,
    ))
}

/// A markdown rule under a header: `---|---|`.
fn is_rule(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && trimmed.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// A table whose cells stand between `|` (web pages copied as text, markdown): the cells keep
/// their place, so a row's values stand under their own header cell, and an empty cell is an
/// empty column, never a shift.
pub(super) fn read_pipe_table(
    lines: &[&str],
    start: usize,
    own_name: Option<&str>,
) -> Option<StreamTable> {
    let header = *lines.get(start)?;
    if header.matches('|').count() < 2 {
        return None;
    }
    let titles = pipe_cells(header);
    if let Some(table) = read_pipe_block(lines, start, &titles) {
        return Some(table);
    }
    let mut slots = Vec::new();
    let mut label_placed = false;
    let has_period = titles
        .iter()
        .any(|title| classify_head(title, own_name) == Some(HeadCell::Period));
    for title in &titles {
        let slot = if title.is_empty() {
            Slot::Text
        } else {
            // `Indicator | Oss | Jaar`: the column named after the municipality is its own.
            let cell = match classify_head(title, own_name) {
                None if has_period && is_place_name(title) => HeadCell::Own,
                other => other?,
            };
            match cell {
                HeadCell::Title(_) if !label_placed => {
                    label_placed = true;
                    Slot::Label
                }
                HeadCell::Title(_) | HeadCell::Source | HeadCell::Text => Slot::Text,
                HeadCell::Period => Slot::Period,
                HeadCell::Edition => Slot::Edition,
                HeadCell::Code => Slot::Code,
                HeadCell::Unit => Slot::Unit,
                HeadCell::Compare(name) => Slot::Compare(name),
                HeadCell::Own => Slot::Own,
                HeadCell::Values(words) => {
                    match value_columns(&words, ValueKind::Realised)?.as_slice() {
                        [column] => Slot::Value(*column),
                        _ => return None,
                    }
                }
            }
        };
        slots.push(slot);
    }
    let values = slots.iter().any(|slot| matches!(slot, Slot::Value(_)));
    // The national layout: the municipality's own column and a period column, no value columns.
    let national = slots.contains(&Slot::Own) && slots.contains(&Slot::Period);
    if !label_placed || values == national {
        return None;
    }
    if super::row_words::is_money_context(lines, start) {
        return None;
    }
    let mut rows = Vec::new();
    let mut end = start + 1;
    for (index, line) in lines.iter().enumerate().skip(start + 1) {
        if is_rule(line) {
            end = index + 1;
            continue;
        }
        if line.matches('|').count() < 2 {
            break;
        }
        let cells = pipe_cells(line);
        let paragraph = |text: &str| Paragraph {
            text: fold_whitespace(text),
            lines: index..index + 1,
        };
        let mut label = None;
        let mut code = None;
        let mut row_cells = Vec::new();
        for (slot, text) in slots.iter().zip(&cells) {
            if text.is_empty() {
                continue;
            }
            match slot {
                Slot::Label => label = Some(paragraph(text)),
                Slot::Code => code = Some(text.trim_end_matches('.').to_string()),
                Slot::Value(_) | Slot::Compare(_) | Slot::Unit | Slot::Own | Slot::Period => {
                    row_cells.push((slot.clone(), paragraph(text)))
                }
                _ => {}
            }
        }
        let Some(label) = label.filter(|label| is_label_like(&label.text)) else {
            break;
        };
        // A block of the municipality's and comparison rows under a name: read by line.
        if matches!(
            super::row_words::role_of(&label.text, own_name),
            super::row_words::RowRole::Own
                | super::row_words::RowRole::Compare(_)
                | super::row_words::RowRole::Kind(_)
        ) {
            return None;
        }
        rows.push(StreamRow {
            code,
            label,
            continues: false,
            cells: row_cells,
            short: 0,
            unit_line: None,
            lines: index..index + 1,
        });
        end = index + 1;
    }
    if rows.is_empty() {
        return None;
    }
    let template = Template {
        heading: String::new(),
        slots,
        label_above: false,
        length: titles.len(),
    };
    Some(build_table(&template, &rows, Vec::new(), &[], start..end))
}

/// The name of a row: footnote digits and stars glued to words, BBV numbers `(22)`,
/// `(verplicht)` and a `BBV` prefix taken off. Returns the name, its footnotes and the label as
/// printed.
pub(super) fn clean_name(label: &str, footnote_numbers: &[u32]) -> (String, Vec<u32>, String) {
    let mut footnotes = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    for (index, word) in label.split_whitespace().enumerate() {
        if fold(word) == "(verplicht)" || (index == 0 && word == "BBV") {
            continue;
        }
        if super::rows::is_bbv_number(word) {
            continue;
        }
        let mut word = word.trim_end_matches('*').to_string();
        // A footnote glued to a word (`rondkomen1`): when the table defines it, or, on the last
        // word, one digit after a lower-case letter. `CO2` and `PM10` keep their digits.
        let last_word = index + 1 == label.split_whitespace().count();
        if let Some((stem, number)) = super::rows::glued_footnote(&word)
            && (footnote_numbers.contains(&number)
                || (footnote_numbers.is_empty()
                    && last_word
                    && number < 10
                    && stem.ends_with(|c: char| c.is_lowercase())))
        {
            footnotes.push(number);
            word.truncate(stem.len());
        }
        if !word.is_empty() {
            kept.push(word);
        }
    }
    let name = resolve_ligatures(&kept.join(" "))
        .trim_end_matches(':')
        .trim()
        .to_string();
    (name, footnotes, label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_pair_into_columns() {
        use ValueWord::{Kind, Year};
        let r = ValueKind::Realised;
        let t = ValueKind::Target;
        assert_eq!(
            value_columns(
                &[
                    Kind(r),
                    Kind(t),
                    Year(2017),
                    Year(2018),
                    Year(2019),
                    Year(2019)
                ],
                r
            ),
            Some(vec![
                Column::new(r, 2017),
                Column::new(r, 2018),
                Column::new(r, 2019),
                Column::new(t, 2019)
            ])
        );
        assert_eq!(
            value_columns(&[Year(2017), Year(2018)], r),
            Some(vec![Column::new(r, 2017), Column::new(r, 2018)])
        );
    }

    /// Oegstgeest's layout: each indicator once per budget edition, each row with its period.
    /// Two editions that give one period different figures must not pass as either.
    #[test]
    fn two_editions_that_disagree_on_a_year_wait_for_a_person() {
        let text = "Programma 1\n\nIndicator\n\nEenheid\n\nBegroting\n\nMeet-periode\n\n\
            Oegstgeest\n\nNederland\n\nBron\n\nBBV/OEGSTGEEST\n\n\
            Fijn huishoudelijk restafval\n\nKg/inwoner/jaar\n\n2023\n\n2020\n\n169\n\n170\n\n\
            CBS - Statistiek Huishoudelijk afval\n\nBBV\n\n2024\n\n2020\n\n171\n\n170\n\n\
            Nieuw gebouwde woningen\n\n%\n\n2023\n\n2021\n\n4,2\n\n8,9\n\nABF\n\nBBV\n\n\
            2024\n\n2022\n\n5,1\n\n9,3\n";
        let import = super::super::import_text(text, "oegstgeest.txt");
        let indicators: Vec<&Indicator> =
            import.tables.iter().flat_map(|t| &t.indicators).collect();
        assert_eq!(indicators.len(), 2, "{indicators:#?}");
        let own = |indicator: &Indicator, year: i32| {
            indicator
                .cells
                .iter()
                .find(|c| c.series.is_empty() && c.column == Column::new(ValueKind::Realised, year))
                .cloned()
        };
        let conflict = own(indicators[0], 2020).expect("the 2020 cell");
        assert_eq!(conflict.value, CellValue::Text);
        assert!(
            conflict
                .review
                .as_deref()
                .is_some_and(|r| r.contains("171"))
        );
        let second = own(indicators[1], 2022).expect("the 2022 cell");
        assert_eq!(second.value, CellValue::Number("5.1".parse().unwrap()));
        assert!(own(indicators[1], 2021).is_some());
        assert!(own(indicators[0], 2023).is_none() && own(indicators[0], 2024).is_none());
    }

    #[test]
    fn values_with_their_own_year() {
        assert_eq!(own_year("10 (2022)"), Some((2022, "10".into())));
        assert_eq!(own_year("2015: 1,87%"), Some((2015, "1,87%".into())));
        assert_eq!(own_year("0 (alleen wonen)"), None);
        let column = Column::new(ValueKind::Budget, 2023);
        let read = read_value("10 (2021)", Some(column), &[], &[]);
        assert_eq!(read.value, CellValue::Text);
        assert!(read.review.is_some());
        let column = Column::new(ValueKind::Realised, 2022);
        let read = read_value("10 (2022)", Some(column), &[], &[]);
        assert_eq!(read.value, CellValue::Number(10.into()));
        assert!(read.review.is_none());
    }
}
