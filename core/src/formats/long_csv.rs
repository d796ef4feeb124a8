//! The long CSV: Peilstok's interchange contract, one row per cell (see `docs/csv-format.md`).
//!
//! Header: `indicator,series,name,unit,mandatory,year,kind,value,marker,raw,footnotes,review,source,chosen`.
//! Besides cell rows (`kind` = `realised`, `budget`, `forecast`, `target`) the file carries a few
//! describing rows so that nothing is lost on a round trip: `source`, `footnote`, `goal`, and
//! `effect` / `prestatie` for each row of an indicator (its printed label and label footnotes).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{
    Better, Cell, CellValue, Column, Document, DocumentKind, Goal, Indicator, IndicatorKind,
    Marker, Programme, Source, ValueKind, goal_code_of,
};
use crate::model::{join_footnotes, split_footnotes};
use crate::numbers::{parse_dutch_number, parse_plain_decimal};

/// The header of the long CSV, in order. Files of the first version end at `source` (no
/// `chosen` column) and are read the same.
pub const HEADER: [&str; 15] = [
    "indicator",
    "series",
    "name",
    "unit",
    "mandatory",
    "year",
    "kind",
    "value",
    "marker",
    "raw",
    "footnotes",
    "review",
    "source",
    "chosen",
    "better",
];

/// Why a long CSV could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum LongCsvError {
    /// The CSV itself is malformed (quoting, encoding, column count).
    #[error("CSV line {line}: {message}")]
    Syntax {
        /// Line number, 1-based.
        line: u64,
        /// What is wrong, in words.
        message: String,
    },
    /// The header is not the long-CSV header.
    #[error("this is not a Peilstok long CSV: the header must be `{expected}`, found `{found}`")]
    Header {
        /// The expected header.
        expected: String,
        /// The header found.
        found: String,
    },
    /// A row breaks the contract.
    #[error("CSV line {line}: {message}")]
    Row {
        /// Line number, 1-based.
        line: u64,
        /// What is wrong, in words.
        message: String,
    },
    /// The document cannot be written without losing which indicator is which.
    #[error("the document cannot be written as a long CSV: {0}")]
    Unrepresentable(String),
    /// Writing failed.
    #[error("could not write the CSV: {0}")]
    Write(#[from] csv::Error),
    /// Writing failed.
    #[error("could not write the CSV: {0}")]
    Io(#[from] io::Error),
    /// Reading the input failed.
    #[error("could not read the CSV: {0}")]
    Read(#[source] io::Error),
}

/// One row of the long CSV, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Row {
    indicator: String,
    series: String,
    name: String,
    unit: String,
    mandatory: String,
    year: String,
    kind: String,
    value: String,
    marker: String,
    raw: String,
    footnotes: String,
    review: String,
    source: String,
    #[serde(default)]
    chosen: String,
    #[serde(default)]
    better: String,
}

impl Row {
    /// Every field with [`guard`]ed text (`value` as a number): the row as written.
    fn guarded(self) -> Row {
        let text = |field: String| guard(field, false);
        Row {
            indicator: text(self.indicator),
            series: text(self.series),
            name: text(self.name),
            unit: text(self.unit),
            mandatory: text(self.mandatory),
            year: text(self.year),
            kind: text(self.kind),
            value: guard(self.value, true),
            marker: text(self.marker),
            raw: text(self.raw),
            footnotes: text(self.footnotes),
            review: text(self.review),
            source: text(self.source),
            chosen: text(self.chosen),
            better: text(self.better),
        }
    }

    /// Every field [`unguard`]ed: the row as it was before [`Row::guarded`].
    fn unguarded(self) -> Row {
        Row {
            indicator: unguard(self.indicator),
            series: unguard(self.series),
            name: unguard(self.name),
            unit: unguard(self.unit),
            mandatory: unguard(self.mandatory),
            year: unguard(self.year),
            kind: unguard(self.kind),
            value: unguard(self.value),
            marker: unguard(self.marker),
            raw: unguard(self.raw),
            footnotes: unguard(self.footnotes),
            review: unguard(self.review),
            source: unguard(self.source),
            chosen: unguard(self.chosen),
            better: unguard(self.better),
        }
    }
}

/// What a spreadsheet takes as the start of a formula when a CSV field begins with it
/// (OWASP's CSV injection: `=`, `+`, `-`, `@`, tab, carriage return).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The guard against formulas: a field starting with this is no formula in a spreadsheet.
const GUARD: char = '\'';

/// A field as written, so that no spreadsheet opening the CSV runs it as a formula
/// (docs/csv-format.md, "Formulas"): prefixed with `'` when it starts with a formula start,
/// except a lone `-` (the nil marker: nothing follows it to compute) and, in the `value` column
/// (`number`), a plain decimal such as `-2.5`, which is a number. A text that [`unguard`] would
/// change (`'` followed by a formula start or another `'`) is prefixed too, so that reading
/// gives back exactly what was written.
fn guard(text: String, number: bool) -> String {
    let formula = text.starts_with(FORMULA_STARTS)
        && text != "-"
        && !(number && parse_plain_decimal(&text).is_some());
    if formula || looks_guarded(&text) {
        format!("{GUARD}{text}")
    } else {
        text
    }
}

/// A field as read: [`guard`]'s `'` taken off again. Only a `'` followed by a formula start or
/// another `'` is a guard; any other `'` is the text's own.
fn unguard(text: String) -> String {
    if looks_guarded(&text) {
        text[GUARD.len_utf8()..].to_string()
    } else {
        text
    }
}

/// `'` followed by a formula start or by `'`: a guarded field, when read.
fn looks_guarded(text: &str) -> bool {
    text.strip_prefix(GUARD)
        .is_some_and(|rest| rest.starts_with(FORMULA_STARTS) || rest.starts_with(GUARD))
}

/// Writes one row, guarded against formulas.
fn put<W: io::Write>(writer: &mut csv::Writer<W>, row: Row) -> Result<(), LongCsvError> {
    writer.serialize(row.guarded())?;
    Ok(())
}

const KIND_SOURCE: &str = "source";
const KIND_FOOTNOTE: &str = "footnote";
const KIND_GOAL: &str = "goal";

/// Writes `document` as a long CSV.
pub fn write<W: io::Write>(document: &Document, out: W) -> Result<(), LongCsvError> {
    if let Some(code) = goal_code_in_two_programmes(document) {
        return Err(LongCsvError::Unrepresentable(format!(
            "goal {code} occurs in more than one programme, and indicator codes would collide"
        )));
    }
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(HEADER)?;
    for source in &document.sources {
        put(
            &mut writer,
            Row {
                series: source.municipality.clone(),
                name: source.title.clone(),
                unit: source.kind.code().to_string(),
                year: source.year.map(|year| year.to_string()).unwrap_or_default(),
                kind: KIND_SOURCE.into(),
                raw: source.file_name.clone(),
                source: source.key.clone(),
                ..Row::default()
            },
        )?;
        for (number, text) in &source.footnotes {
            put(
                &mut writer,
                Row {
                    kind: KIND_FOOTNOTE.into(),
                    raw: text.clone(),
                    footnotes: number.to_string(),
                    source: source.key.clone(),
                    ..Row::default()
                },
            )?;
        }
    }
    for programme in &document.programmes {
        for goal in &programme.goals {
            put(
                &mut writer,
                Row {
                    indicator: goal.code.clone(),
                    series: programme.name.clone(),
                    name: goal.title.clone(),
                    kind: KIND_GOAL.into(),
                    footnotes: join_footnotes(&goal.footnotes),
                    source: goal.source.clone(),
                    ..Row::default()
                },
            )?;
            for indicator in &goal.indicators {
                write_indicator(&mut writer, indicator)?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

/// A goal code used by two programmes: the long CSV keys indicators by code alone.
fn goal_code_in_two_programmes(document: &Document) -> Option<String> {
    let mut seen = std::collections::BTreeSet::new();
    document
        .goals()
        .map(|(_, goal)| goal.code.clone())
        .find(|code| !seen.insert(code.clone()))
}

fn write_indicator<W: io::Write>(
    writer: &mut csv::Writer<W>,
    indicator: &Indicator,
) -> Result<(), LongCsvError> {
    let described = |series: &str| Row {
        indicator: indicator.code.clone(),
        series: series.to_string(),
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        mandatory: indicator.mandatory.to_string(),
        source: indicator.source.clone(),
        ..Row::default()
    };
    put(
        writer,
        Row {
            kind: indicator.kind.code().into(),
            raw: indicator.label_raw.clone(),
            footnotes: join_footnotes(&indicator.footnotes),
            review: indicator.review.clone().unwrap_or_default(),
            better: indicator
                .better
                .map(|better| better.code().to_string())
                .unwrap_or_default(),
            ..described("")
        },
    )?;
    for series in &indicator.series {
        put(
            writer,
            Row {
                kind: indicator.kind.code().into(),
                ..described(series)
            },
        )?;
    }
    for cell in &indicator.cells {
        let (value, marker) = match &cell.value {
            CellValue::Number(number) => (number.to_string(), String::new()),
            CellValue::Missing(marker) => (String::new(), marker.code().to_string()),
            CellValue::Text => (String::new(), String::new()),
        };
        put(
            writer,
            Row {
                year: cell
                    .column
                    .year
                    .map(|year| year.to_string())
                    .unwrap_or_default(),
                kind: cell.column.kind.code().into(),
                value,
                marker,
                raw: cell.raw.clone(),
                footnotes: join_footnotes(&cell.footnotes),
                review: cell.review.clone().unwrap_or_default(),
                source: cell.source.clone(),
                chosen: if cell.chosen { "true" } else { "" }.into(),
                ..described(&cell.series)
            },
        )?;
    }
    Ok(())
}

/// Reads a long CSV into a document.
///
/// Besides the file as Peilstok writes it, this reads the file as a spreadsheet with Dutch
/// settings saves it again (Excel's "CSV" and "CSV UTF-8"): `;` as the separator, Windows-1252
/// or UTF-8 with a byte-order mark, decimal commas in `value`, `WAAR`/`ONWAAR`, and values whose
/// trailing zeros were dropped (`689` for a printed `689,0`), whose scale `raw` restores.
pub fn read<R: io::Read>(mut input: R) -> Result<Document, LongCsvError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(LongCsvError::Read)?;
    let text = decode(&bytes)?;
    // The header has no `;` of its own, so a `;` in it means a spreadsheet with decimal commas
    // (Dutch settings) chose the separator.
    let first_line = text.lines().next().unwrap_or_default();
    let semicolon_separated = first_line.contains(';') && !first_line.contains(',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(if semicolon_separated { b';' } else { b',' })
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|error| syntax_error(error, &text, None))?
        .clone();
    let found: Vec<&str> = header
        .iter()
        .map(|field| field.trim_start_matches('\u{feff}'))
        .collect();
    // Earlier versions of the contract end at `source` (13 columns) or `chosen` (14).
    if found != HEADER && found != HEADER[..13] && found != HEADER[..14] {
        return Err(LongCsvError::Header {
            expected: HEADER.join(","),
            found: found.join(","),
        });
    }
    let mut builder = DocumentBuilder {
        semicolon_separated,
        ..DocumentBuilder::default()
    };
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|error| syntax_error(error, &text, None))?
    {
        // Where the record starts: its line is counted only for an error, so reading stays
        // linear, and counts lines, not records (a quoted field may run over several lines).
        let starts_at = record.position().map(csv::Position::byte);
        let row = record
            .deserialize::<Row>(Some(&header))
            .map_err(|error| syntax_error(error, &text, starts_at))?
            .unguarded();
        builder.rows_read += 1;
        builder.add(row).map_err(|message| LongCsvError::Row {
            line: starts_at.map_or(builder.rows_read + 1, |at| line_at(&text, at)),
            message,
        })?;
    }
    Ok(builder.finish())
}

/// The file's text: UTF-8, with or without a byte-order mark (or UTF-16 with one); anything
/// else is read as Windows-1252, which Excel writes when it saves "CSV" on a Western European
/// Windows. Every byte sequence is Windows-1252, so only a file with a byte-order mark that its
/// bytes contradict is refused.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, LongCsvError> {
    crate::text::decode_text(bytes).map_err(|encoding| LongCsvError::Syntax {
        line: 1,
        message: format!(
            "the file starts with the byte-order mark of {encoding}, but is not {encoding} text"
        ),
    })
}

/// Says in words what the csv reader found wrong, with the line of `text` where it is (or, when
/// the error does not say, the line of the record starting at byte `record_at`).
fn syntax_error(error: csv::Error, text: &str, record_at: Option<u64>) -> LongCsvError {
    // The csv reader's own line number counts a CRLF line ending as one line, but an error
    // in the file's first record after the header... (see `line_at`): the byte offset is
    // reliable, so the line is counted from it.
    let line = error
        .position()
        .map(csv::Position::byte)
        .or(record_at)
        .map_or(1, |at| line_at(text, at));
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "{len} fields, but the header has {expected_len} (a value with a comma must be quoted)"
        ),
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8".to_string(),
        csv::ErrorKind::Io(error) => error.to_string(),
        _ => error.to_string(),
    };
    LongCsvError::Syntax { line, message }
}

/// The line (1-based) of the record that starts at byte `at` of `text`, counting `\r\n`, `\n`
/// and a lone `\r` as one line ending each. A record's position may point at the end of the line
/// before it (the `\n` of a CRLF, or blank lines the reader skips): those are passed over.
fn line_at(text: &str, at: u64) -> u64 {
    let at = usize::try_from(at).unwrap_or(usize::MAX).min(text.len());
    let bytes = text.as_bytes();
    let start = bytes[at..]
        .iter()
        .position(|byte| !matches!(byte, b'\r' | b'\n'))
        .map_or(bytes.len(), |offset| at + offset);
    let endings = bytes[..start]
        .iter()
        .enumerate()
        .filter(|&(index, byte)| {
            *byte == b'\n' || (*byte == b'\r' && bytes.get(index + 1) != Some(&b'\n'))
        })
        .count();
    1 + endings as u64
}

/// Collects rows into a document, keeping first-seen order.
///
/// Every lookup by key goes through a map rather than a search of the lists: a file of 10,000
/// sources (or goals, sub-series, cells of one indicator) searched them row by row, which took
/// time in the square of the file's length (issue 14).
#[derive(Default)]
struct DocumentBuilder {
    rows_read: u64,
    sources: Vec<Source>,
    programmes: Vec<Programme>,
    /// Where each source key is in `sources`.
    source_places: HashMap<String, usize>,
    /// Where each programme name is in `programmes`.
    programme_places: HashMap<String, usize>,
    /// Where each goal is in its programme, by (programme index, goal code).
    goal_places: HashMap<(usize, String), usize>,
    /// The programme that holds each goal code (a code is in one programme only: see
    /// `add_goal`).
    goal_programmes: HashMap<String, usize>,
    /// Where each indicator code lives.
    indicator_places: BTreeMap<String, IndicatorPlace>,
    /// Each indicator's sub-series, by (indicator number, name): its number in the indicator's
    /// series, counted from 1 (0 is the indicator's own row).
    series_numbers: HashMap<(usize, String), usize>,
    /// The cells read so far, to refuse a second one for the same place and source.
    cell_places: HashSet<CellPlace>,
    /// Indicators that have a describing row (their attributes come from it, not from cells).
    described: std::collections::BTreeSet<String>,
    /// The file is `;`-separated: a spreadsheet with decimal commas saved it.
    semicolon_separated: bool,
}

/// Where an indicator is: programme index, goal index, indicator index, and its number in the
/// order the file introduced indicators (which keys its sub-series and cells).
#[derive(Clone, Copy)]
struct IndicatorPlace {
    programme: usize,
    goal: usize,
    at: usize,
    number: usize,
}

/// A cell's place, in numbers: (indicator number, sub-series number, column, source index).
type CellPlace = (usize, usize, Column, usize);

impl DocumentBuilder {
    fn add(&mut self, row: Row) -> Result<(), String> {
        match row.kind.as_str() {
            KIND_SOURCE => self.add_source(row),
            KIND_FOOTNOTE => self.add_footnote(row),
            KIND_GOAL => self.add_goal(row),
            other => {
                if let Some(kind) = IndicatorKind::from_code(other) {
                    self.add_indicator_row(row, kind)
                } else if let Some(kind) = ValueKind::from_code(other) {
                    self.add_cell(row, kind)
                } else {
                    Err(format!(
                        "unknown kind `{other}`; expected realised, budget, forecast, target, \
                         effect, prestatie, goal, footnote or source"
                    ))
                }
            }
        }
    }

    /// The index of the source with `key`, added (titled by its key) when new.
    fn source_index(&mut self, key: &str) -> usize {
        if let Some(&index) = self.source_places.get(key) {
            return index;
        }
        self.sources.push(Source {
            key: key.to_string(),
            title: key.to_string(),
            municipality: String::new(),
            kind: DocumentKind::Other,
            year: None,
            file_name: String::new(),
            footnotes: BTreeMap::new(),
        });
        let index = self.sources.len() - 1;
        self.source_places.insert(key.to_string(), index);
        index
    }

    fn source_mut(&mut self, key: &str) -> &mut Source {
        let index = self.source_index(key);
        &mut self.sources[index]
    }

    fn add_source(&mut self, row: Row) -> Result<(), String> {
        let kind = if row.unit.is_empty() {
            DocumentKind::Other
        } else {
            DocumentKind::from_code(&row.unit).ok_or_else(|| {
                format!(
                    "unknown document kind `{}`; expected begroting, jaarstukken, monitor or overig",
                    row.unit
                )
            })?
        };
        let year = parse_year(&row.year)?;
        let source = self.source_mut(&row.source);
        source.title = row.name;
        source.municipality = row.series;
        source.kind = kind;
        source.year = year;
        source.file_name = row.raw;
        Ok(())
    }

    fn add_footnote(&mut self, row: Row) -> Result<(), String> {
        let numbers = split_footnotes(&row.footnotes)?;
        let [number] = numbers[..] else {
            return Err("a footnote row needs exactly one number in `footnotes`".into());
        };
        let source = self.source_mut(&row.source);
        if source.footnotes.insert(number, row.raw).is_some() {
            return Err(format!(
                "footnote {number} of `{}` is given twice",
                row.source
            ));
        }
        Ok(())
    }

    /// The place of goal `code` in `programme`, each added when new (as
    /// [`Programme::goal_index`] adds a goal: untitled, from `source`).
    fn goal_place(&mut self, programme: &str, code: &str, source: &str) -> (usize, usize) {
        let programme_index = match self.programme_places.get(programme) {
            Some(&index) => index,
            None => {
                self.programmes.push(Programme {
                    name: programme.to_string(),
                    goals: Vec::new(),
                });
                let index = self.programmes.len() - 1;
                self.programme_places.insert(programme.to_string(), index);
                index
            }
        };
        let key = (programme_index, code.to_string());
        if let Some(&goal_index) = self.goal_places.get(&key) {
            return (programme_index, goal_index);
        }
        let goals = &mut self.programmes[programme_index].goals;
        goals.push(Goal {
            code: code.to_string(),
            title: String::new(),
            footnotes: Vec::new(),
            source: source.to_string(),
            indicators: Vec::new(),
        });
        let goal_index = goals.len() - 1;
        self.goal_places.insert(key, goal_index);
        self.goal_programmes
            .entry(code.to_string())
            .or_insert(programme_index);
        (programme_index, goal_index)
    }

    fn add_goal(&mut self, row: Row) -> Result<(), String> {
        if row.indicator.trim().is_empty() {
            return Err("a goal row needs the goal's code in `indicator`".into());
        }
        if !crate::model::is_code(row.indicator.trim()) {
            return Err(format!(
                "`{}` is no goal code (a code holds a digit, up to {} characters, and no spaces \
                 or control characters)",
                row.indicator.trim().escape_debug(),
                crate::model::MAX_CODE_CHARS
            ));
        }
        let footnotes = split_footnotes(&row.footnotes)?;
        // Every code is in one programme at most (this check keeps it so, and an indicator's
        // new goal goes where its code is), so the programme that holds it is the only other.
        if let Some(other) = self
            .goal_programmes
            .get(&row.indicator)
            .and_then(|&index| self.programmes.get(index))
            .filter(|programme| programme.name != row.series)
        {
            return Err(format!(
                "goal {} is in programme `{}` already; a long CSV cannot tell their indicators apart",
                row.indicator, other.name
            ));
        }
        self.source_mut(&row.source);
        let (p, g) = self.goal_place(&row.series, &row.indicator, &row.source);
        let goal = &mut self.programmes[p].goals[g];
        goal.title = row.name;
        goal.footnotes = footnotes;
        goal.source = row.source;
        Ok(())
    }

    /// The indicator with `row.indicator`, created under its goal when new.
    fn indicator_mut(&mut self, row: &Row) -> Result<&mut Indicator, String> {
        let (place, _) = self.indicator_place(row)?;
        Ok(&mut self.programmes[place.programme].goals[place.goal].indicators[place.at])
    }

    /// Where the indicator with `row.indicator` is, created under its goal when new, and the
    /// number of `row.series` in its sub-series (added when new; 0 for its own row).
    fn indicator_place(&mut self, row: &Row) -> Result<(IndicatorPlace, usize), String> {
        let code = row.indicator.trim();
        if code.is_empty() {
            return Err("the `indicator` column is empty".into());
        }
        if !crate::model::is_code(code) {
            return Err(format!(
                "`{}` in the `indicator` column is no code (a code holds a digit, up to {} \
                 characters, and no spaces or control characters)",
                code.escape_debug(),
                crate::model::MAX_CODE_CHARS
            ));
        }
        let place = match self.indicator_places.get(code) {
            Some(place) => *place,
            None => {
                // A goal row seen earlier fixes the programme; otherwise the first programme.
                let goal_code = goal_code_of(code).to_string();
                let programme = self
                    .goal_programmes
                    .get(&goal_code)
                    .and_then(|&index| self.programmes.get(index))
                    .or(self.programmes.first())
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                let (p, g) = self.goal_place(&programme, &goal_code, &row.source);
                let indicators = &mut self.programmes[p].goals[g].indicators;
                indicators.push(Indicator {
                    code: code.to_string(),
                    name: row.name.clone(),
                    unit: row.unit.clone(),
                    mandatory: parse_bool(&row.mandatory)?,
                    kind: IndicatorKind::Performance,
                    series: Vec::new(),
                    label_raw: String::new(),
                    footnotes: Vec::new(),
                    review: None,
                    source: row.source.clone(),
                    better: None,
                    cells: Vec::new(),
                });
                let place = IndicatorPlace {
                    programme: p,
                    goal: g,
                    at: indicators.len() - 1,
                    number: self.indicator_places.len(),
                };
                self.indicator_places.insert(code.to_string(), place);
                place
            }
        };
        if row.series.is_empty() {
            return Ok((place, 0));
        }
        let key = (place.number, row.series.clone());
        if let Some(&series) = self.series_numbers.get(&key) {
            return Ok((place, series));
        }
        let indicator =
            &mut self.programmes[place.programme].goals[place.goal].indicators[place.at];
        indicator.series.push(row.series.clone());
        let series = indicator.series.len();
        self.series_numbers.insert(key, series);
        Ok((place, series))
    }

    fn add_indicator_row(&mut self, row: Row, kind: IndicatorKind) -> Result<(), String> {
        let mandatory = parse_bool(&row.mandatory)?;
        let footnotes = split_footnotes(&row.footnotes)?;
        self.source_mut(&row.source);
        if !row.series.is_empty() {
            // A sub-row's describing row only fixes the sub-row's place in the order.
            self.indicator_mut(&row)?;
            return Ok(());
        }
        if !self.described.insert(row.indicator.trim().to_string()) {
            return Err(format!("indicator {} is described twice", row.indicator));
        }
        let indicator = self.indicator_mut(&row)?;
        indicator.name = row.name;
        indicator.unit = row.unit;
        indicator.mandatory = mandatory;
        indicator.kind = kind;
        indicator.label_raw = row.raw;
        indicator.footnotes = footnotes;
        indicator.review = non_empty(row.review);
        indicator.source = row.source;
        indicator.better = match row.better.trim() {
            "" => None,
            code => Some(
                Better::from_code(code)
                    .ok_or_else(|| format!("better `{code}` is not hoger or lager"))?,
            ),
        };
        Ok(())
    }

    fn add_cell(&mut self, row: Row, kind: ValueKind) -> Result<(), String> {
        let year = parse_year(&row.year)?;
        if year.is_none() && kind != ValueKind::Target {
            return Err(format!("a `{}` cell needs a year", kind.code()));
        }
        let value = match (row.value.trim(), row.marker.as_str()) {
            ("", "") if row.raw.is_empty() => CellValue::Missing(Marker::Blank),
            ("", "") => CellValue::Text,
            ("", marker) => CellValue::Missing(Marker::from_code(marker)),
            (value, "") => CellValue::Number(self.number(value, &row.raw)?),
            (value, marker) => {
                return Err(format!(
                    "a cell holds a value or a marker, not both (value `{value}`, marker `{marker}`)"
                ));
            }
        };
        let footnotes = split_footnotes(&row.footnotes)?;
        let source = self.source_index(&row.source);
        let column = Column { kind, year };
        let (place, series) = self.indicator_place(&row)?;
        if !self
            .cell_places
            .insert((place.number, series, column, source))
        {
            return Err(format!(
                "indicator {} {}has two `{}` cells for {}",
                row.indicator,
                if row.series.is_empty() {
                    String::new()
                } else {
                    format!("({}) ", row.series)
                },
                kind.code(),
                row.year
            ));
        }
        let chosen = parse_bool(&row.chosen)?;
        let indicator =
            &mut self.programmes[place.programme].goals[place.goal].indicators[place.at];
        indicator.cells.push(Cell {
            series: row.series,
            column,
            value,
            raw: row.raw,
            footnotes,
            review: non_empty(row.review),
            source: row.source,
            chosen,
        });
        Ok(())
    }

    /// The number in the `value` column. A `;`-separated file was saved by a spreadsheet with
    /// decimal commas, which may also have dropped the trailing zeros the budget printed.
    fn number(&self, value: &str, raw: &str) -> Result<Decimal, String> {
        if !self.semicolon_separated {
            return parse_plain_decimal(value).ok_or_else(|| {
                format!(
                    "value `{value}` is not a plain decimal (use `.` for the decimal sign, no \
                     thousands separator)"
                )
            });
        }
        let number = spreadsheet_decimal(value)?;
        Ok(with_printed_scale(number, raw))
    }

    fn finish(self) -> Document {
        Document {
            sources: self.sources,
            programmes: self.programmes,
        }
    }
}

fn non_empty(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

fn parse_year(text: &str) -> Result<Option<i32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i32>() {
        Ok(year) if (1800..=2200).contains(&year) => Ok(Some(year)),
        _ => Err(format!("year `{text}` is not a year")),
    }
}

/// A value as a spreadsheet with decimal commas writes it (`68,6`, `689`, `-0,5`), or a plain
/// decimal as Peilstok writes it (`68.6`). No thousands separators: `1.234` could be either
/// notation, so it is refused rather than guessed.
fn spreadsheet_decimal(value: &str) -> Result<Decimal, String> {
    let unsigned = value.strip_prefix('-').unwrap_or(value);
    let ambiguous = match unsigned.split_once('.') {
        Some((whole, fraction)) => {
            !value.contains(',')
                && fraction.len() == 3
                && (1..=3).contains(&whole.len())
                && !whole.starts_with('0')
        }
        None => false,
    };
    if ambiguous {
        return Err(format!(
            "value `{value}` is ambiguous in a `;`-separated file: the `.` may be a thousands \
             separator; write the number without one (`1234`) or with a decimal comma \
             (`1,234`)"
        ));
    }
    let plain = if value.contains('.') {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(value.replacen(',', ".", 1))
    };
    parse_plain_decimal(&plain).ok_or_else(|| {
        format!(
            "value `{value}` is not a decimal (in a `;`-separated file, `,` or `.` for the \
             decimal sign, no thousands separator)"
        )
    })
}

/// `number` with the scale the budget printed it with, when a spreadsheet dropped trailing zeros
/// (`689` where `raw` shows `689,0`): the first number in `raw` that equals it, if that one has
/// more decimals. Otherwise `number` as it is.
fn with_printed_scale(number: Decimal, raw: &str) -> Decimal {
    raw.split(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '−')))
        .map(|token| token.trim_end_matches(['.', ',']))
        .filter_map(parse_dutch_number)
        .find(|printed| *printed == number)
        .filter(|printed| printed.scale() > number.scale())
        .unwrap_or(number)
}

fn parse_bool(text: &str) -> Result<bool, String> {
    // `WAAR` and `ONWAAR` are how a spreadsheet with Dutch settings saves true and false.
    match text.trim().to_lowercase().as_str() {
        "true" | "ja" | "yes" | "1" | "waar" => Ok(true),
        "false" | "nee" | "no" | "0" | "onwaar" | "" => Ok(false),
        other => Err(format!("`{other}` is not true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "indicator,series,name,unit,mandatory,year,kind,value,marker,raw,footnotes,review,source\n";

    #[test]
    fn cells_only_csv_builds_indicators_goals_and_sources() {
        let text = format!(
            "{HEAD}3.1.3,,% netto participatiegraad,%,true,2020,realised,68.6,,\"68,6%\",,,B23\n\
             3.1.3,,% netto participatiegraad,%,true,2021,realised,,NB,NB3,3,,B23\n"
        );
        let document = read(text.as_bytes()).unwrap();
        let (_, goal, indicator) = document.indicators().next().unwrap();
        assert_eq!(goal.code, "3");
        assert_eq!(indicator.cells.len(), 2);
        assert_eq!(indicator.cells[0].number().unwrap().to_string(), "68.6");
        assert_eq!(indicator.cells[1].marker(), Some(&Marker::NotKnown));
        assert_eq!(indicator.cells[1].footnotes, vec![3]);
        assert!(indicator.mandatory);
        assert_eq!(document.sources[0].key, "B23");
    }

    #[test]
    fn contract_violations_name_the_line() {
        let cases = [
            (
                "3.1.3,,n,,,2020,realised,68,6,,,,,S\n",
                "14 fields, but the header has 13",
            ),
            (
                "3.1.3,,n,,,2020,realised,\"68,6\",,,,,S\n",
                "not a plain decimal",
            ),
            ("3.1.3,,n,,,2020,realised,68.6,NB,,,,S\n", "not both"),
            ("3.1.3,,n,,,,realised,68.6,,,,,S\n", "needs a year"),
            ("3.1.3,,n,,,2020,gemeten,68.6,,,,,S\n", "unknown kind"),
            ("3.1.3,,n,,,twintig,realised,68.6,,,,,S\n", "not a year"),
            (
                "3.1.3,,n,,,2020,realised,68.6,,,drie,,S\n",
                "not a whole number",
            ),
            (
                "3.1.3,,n,,,2020,realised,68.6,,,,,S\n3.1.3,,n,,,2020,realised,69,,,,,S\n",
                "two `realised` cells",
            ),
        ];
        for (rows, expected) in cases {
            let error = read(format!("{HEAD}{rows}").as_bytes())
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{rows:?}: {error}");
            assert!(
                error.contains("line 2") || error.contains("line 3"),
                "{error}"
            );
        }
    }

    #[test]
    fn goal_codes_shared_by_two_programmes_are_refused_both_ways() {
        let text =
            format!("{HEAD}3,Sociaal,Participatie,,,,goal,,,,,,S\n3,Ruimte,Wonen,,,,goal,,,,,,S\n");
        let error = read(text.as_bytes()).unwrap_err().to_string();
        assert!(
            error.contains("line 3") && error.contains("Sociaal"),
            "{error}"
        );

        let mut document = crate::sample::sample_document().unwrap();
        let mut other = document.programmes[0].clone();
        other.name = "Ruimte".into();
        document.programmes.push(other);
        let error = write(&document, Vec::new()).unwrap_err();
        assert!(matches!(error, LongCsvError::Unrepresentable(_)), "{error}");
    }

    #[test]
    fn a_foreign_header_is_refused() {
        let error = read("a,b,c\n1,2,3\n".as_bytes()).unwrap_err();
        assert!(matches!(error, LongCsvError::Header { .. }), "{error}");
    }

    #[test]
    fn blank_marker_and_unread_text_stay_apart() {
        let text = format!(
            "{HEAD}5.2.5,,n,%,,2023,budget,,,,,,S\n5.2.5,,n,%,,2022,budget,,,70&,,typo?,S\n"
        );
        let document = read(text.as_bytes()).unwrap();
        let (_, _, indicator) = document.indicators().next().unwrap();
        assert_eq!(indicator.cells[0].value, CellValue::Missing(Marker::Blank));
        assert_eq!(indicator.cells[1].value, CellValue::Text);
        assert_eq!(indicator.cells[1].review.as_deref(), Some("typo?"));
    }

    /// The guard's contract (docs/csv-format.md, "Formulas"): every formula start is guarded,
    /// plain numbers in `value` and a lone `-` are not, and every text reads back exactly.
    #[test]
    fn formulas_are_guarded_and_every_text_reads_back_exactly() {
        let cases = [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("@SUM(1)", "'@SUM(1)"),
            ("-2+3", "'-2+3"),
            ("-2.5", "'-2.5"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-", "-"),
            (" =1+1", " =1+1"),
            ("68,6%", "68,6%"),
            ("'", "'"),
            ("'s-Hertogenbosch", "'s-Hertogenbosch"),
            // A text that itself begins with a guard gets one more, which reading takes off.
            ("'=1+1", "''=1+1"),
            ("'-", "''-"),
            ("''", "'''"),
            ("", ""),
        ];
        for (text, written) in cases {
            assert_eq!(guard(text.to_string(), false), written, "{text:?}");
            assert_eq!(unguard(written.to_string()), text, "{written:?}");
        }
        assert_eq!(guard("-2.5".into(), true), "-2.5");
        assert_eq!(guard("-2+3".into(), true), "'-2+3");
        // Every short text of the characters that matter round trips.
        let alphabet = ['\'', '=', '-', '+', '@', '\t', '\r', 'a', '1', '.'];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}")))
                .collect();
            texts.extend(longer);
        }
        for text in texts {
            for number in [false, true] {
                let written = guard(text.clone(), number);
                assert!(
                    !written.starts_with(FORMULA_STARTS)
                        || written == "-"
                        || (number && parse_plain_decimal(&written).is_some()),
                    "{text:?} written as {written:?}"
                );
                assert_eq!(unguard(written), text);
            }
        }
    }

    #[test]
    fn a_document_with_formulas_writes_none_and_reads_back_the_same() {
        let mut document = crate::sample::sample_document().unwrap();
        let indicator = document
            .programmes
            .iter_mut()
            .flat_map(|programme| programme.goals.iter_mut())
            .flat_map(|goal| goal.indicators.iter_mut())
            .find(|indicator| !indicator.cells.is_empty())
            .unwrap();
        indicator.name = "=HYPERLINK(\"http://evil\",\"x\")".into();
        indicator.unit = "'@SUM(1)".into();
        indicator.cells[0].raw = "-2+3".into();
        indicator.cells[0].review = Some("\t=1+1".into());
        indicator.cells[0].value = CellValue::Number(Decimal::new(-25, 1));
        let mut bytes = Vec::new();
        write(&document, &mut bytes).unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        for record in reader.records() {
            let record = record.unwrap();
            for (column, field) in record.iter().enumerate() {
                let number = HEADER[column] == "value";
                assert!(
                    !field.starts_with(FORMULA_STARTS)
                        || field == "-"
                        || (number && parse_plain_decimal(field).is_some()),
                    "{field:?} in {record:?}"
                );
            }
        }
        assert!(String::from_utf8_lossy(&bytes).contains(",-2.5,"));
        assert_eq!(read(bytes.as_slice()).unwrap(), document);
    }

    /// A syntax error names its line in a file with CRLF line endings as in one with LF (and
    /// old Macintosh CR), also after a blank line and a field over two lines.
    #[test]
    fn syntax_errors_name_the_same_line_whatever_the_line_endings() {
        let good = "3.1.3,,n,,,2020,realised,68.6,,,,,S";
        let broken = "3.1.3,,n,,,2021,realised,68,6,,,,,S";
        let spread = "3.1.3,,\"two\nlines\",,,2019,realised,1,,,,,S";
        let head = HEAD.trim_end();
        for ending in ["\n", "\r\n", "\r"] {
            let text = [head, good, spread, "", broken].join(ending) + ending;
            let error = read(text.as_bytes()).unwrap_err();
            // The field over two lines and the blank line: the broken row is on line 6.
            assert!(
                matches!(error, LongCsvError::Syntax { line: 6, .. }),
                "{ending:?}: {error}"
            );
            // So is a row the contract refuses, and a value that is not a number.
            for refused in [
                good.replacen("realised", "gemeten", 1),
                good.replacen("2020", "twintig", 1),
            ] {
                let text = [head, good, spread, "", &refused].join(ending) + ending;
                let error = read(text.as_bytes()).unwrap_err().to_string();
                assert!(error.contains("line 6"), "{ending:?}: {error}");
            }
        }
    }

    #[test]
    fn a_marker_nan_or_nul_in_the_code_column_is_no_code() {
        let good = "3.1.3,,n,,,2020,realised,68.6,,,,,S";
        assert!(read(format!("{HEAD}{good}\n").as_bytes()).is_ok());
        for code in ["NB", "NaN", "\u{0}", "3.1\u{0}", "3 1", &"1".repeat(33)] {
            let row = good.replacen("3.1.3", code, 1);
            let error = read(format!("{HEAD}{row}\n").as_bytes()).unwrap_err();
            assert!(error.to_string().contains("no code"), "{code:?}: {error}");
        }
    }
}
