//! The whole document as JSON: sources with their footnotes, programmes, goals, indicators and
//! every cell, in a documented and versioned schema (see `docs/json-format.md`).
//!
//! The top-level object says `"format": "peilstok"` and `"version": 1`. Decimals are JSON
//! strings (`"68.6"`, `"689.0"`), never JSON numbers: most JSON readers turn a number into binary
//! floating point, which loses the printed scale and may change the value.
//!
//! The reader accepts exactly the documents a Peilstok file (`store`) can hold, and says in words
//! what is wrong with anything else, naming the place (`indicator 3.1.3, cell realised 2021`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{
    Better, Cell, CellValue, Column, Document, DocumentKind, Goal, Indicator, IndicatorKind,
    Marker, Programme, Source, ValueKind,
};
use crate::numbers::parse_plain_decimal;

/// The value of the top-level `format` field.
pub const FORMAT: &str = "peilstok";

/// The version of the schema this build writes, and the newest it reads.
pub const VERSION: u64 = 1;

/// Why a JSON document could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// The text is not JSON at all.
    #[error("the file is not valid JSON: line {line}, column {column}: {message}")]
    Syntax {
        /// Line number, 1-based.
        line: usize,
        /// Column number, 1-based.
        column: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// The JSON is not a Peilstok document.
    #[error("this JSON is not a Peilstok document: {0}")]
    Foreign(String),
    /// A newer Peilstok wrote the file, in a schema this build does not know.
    #[error(
        "this file was written by a newer Peilstok (JSON format version {found}; this Peilstok \
         reads up to version {supported}): update Peilstok to read it"
    )]
    Newer {
        /// The version in the file.
        found: u64,
        /// The newest version this build reads.
        supported: u64,
    },
    /// A field is missing, unknown or of the wrong type.
    #[error("JSON line {line}, column {column}: {message}")]
    Shape {
        /// Line number, 1-based.
        line: usize,
        /// Column number, 1-based.
        column: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// A value breaks the contract; the message names the place, e.g.
    /// `indicator 3.1.3, cell realised 2021: value "68,6" is not a plain decimal`.
    #[error("{0}")]
    Contract(String),
    /// The document is inconsistent in a way the format refuses (and a Peilstok file cannot
    /// hold either), e.g. a cell that names a source the document does not have.
    #[error("the document cannot be written as JSON: {0}")]
    Unrepresentable(String),
    /// Serialising failed.
    #[error("could not write the JSON: {0}")]
    Write(#[source] serde_json::Error),
}

// The serialisation structs. Field order is the order written, so the output is stable. Every
// field is written; on reading, a field that may be null may also be left out.

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileJson {
    format: String,
    version: u64,
    sources: Vec<SourceJson>,
    programmes: Vec<ProgrammeJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceJson {
    key: String,
    title: String,
    municipality: String,
    kind: String,
    year: Option<i32>,
    file_name: String,
    footnotes: Vec<FootnoteJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FootnoteJson {
    number: u32,
    text: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgrammeJson {
    name: String,
    goals: Vec<GoalJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalJson {
    code: String,
    title: String,
    footnotes: Vec<u32>,
    source: String,
    indicators: Vec<IndicatorJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorJson {
    code: String,
    name: String,
    unit: String,
    mandatory: bool,
    kind: String,
    series: Vec<String>,
    label_raw: String,
    footnotes: Vec<u32>,
    review: Option<String>,
    source: String,
    /// `"hoger"`, `"lager"` or null.
    #[serde(default)]
    better: Option<String>,
    cells: Vec<CellJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellJson {
    series: String,
    kind: String,
    year: Option<i32>,
    /// Kept as any JSON value on reading, so that a JSON number is refused with a reason
    /// rather than a bare type error.
    value: Option<Value>,
    marker: Option<String>,
    raw: String,
    footnotes: Vec<u32>,
    review: Option<String>,
    source: String,
    chosen: bool,
}

/// Writes `document` as pretty-printed JSON, in document order, ending in a line break.
///
/// Refuses (with [`JsonError::Unrepresentable`]) a document the reader would refuse, so that
/// whatever Peilstok writes, Peilstok reads.
pub fn write(document: &Document) -> Result<String, JsonError> {
    check_consistency(document).map_err(JsonError::Unrepresentable)?;
    let file = FileJson {
        format: FORMAT.to_string(),
        version: VERSION,
        sources: document.sources.iter().map(source_json).collect(),
        programmes: document
            .programmes
            .iter()
            .map(|programme| ProgrammeJson {
                name: programme.name.clone(),
                goals: programme.goals.iter().map(goal_json).collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(JsonError::Write)?;
    text.push('\n');
    Ok(text)
}

fn source_json(source: &Source) -> SourceJson {
    SourceJson {
        key: source.key.clone(),
        title: source.title.clone(),
        municipality: source.municipality.clone(),
        kind: source.kind.code().to_string(),
        year: source.year,
        file_name: source.file_name.clone(),
        footnotes: source
            .footnotes
            .iter()
            .map(|(number, text)| FootnoteJson {
                number: *number,
                text: text.clone(),
            })
            .collect(),
    }
}

fn goal_json(goal: &Goal) -> GoalJson {
    GoalJson {
        code: goal.code.clone(),
        title: goal.title.clone(),
        footnotes: goal.footnotes.clone(),
        source: goal.source.clone(),
        indicators: goal.indicators.iter().map(indicator_json).collect(),
    }
}

fn indicator_json(indicator: &Indicator) -> IndicatorJson {
    IndicatorJson {
        code: indicator.code.clone(),
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        mandatory: indicator.mandatory,
        kind: indicator.kind.code().to_string(),
        series: indicator.series.clone(),
        label_raw: indicator.label_raw.clone(),
        footnotes: indicator.footnotes.clone(),
        review: indicator.review.clone(),
        source: indicator.source.clone(),
        better: indicator.better.map(|better| better.code().to_string()),
        cells: indicator.cells.iter().map(cell_json).collect(),
    }
}

fn cell_json(cell: &Cell) -> CellJson {
    let (value, marker) = match &cell.value {
        // `Decimal`'s text keeps the scale: 689.0 is written "689.0".
        CellValue::Number(number) => (Some(Value::String(number.to_string())), None),
        CellValue::Missing(marker) => (None, Some(marker.code().to_string())),
        CellValue::Text => (None, None),
    };
    CellJson {
        series: cell.series.clone(),
        kind: cell.column.kind.code().to_string(),
        year: cell.column.year,
        value,
        marker,
        raw: cell.raw.clone(),
        footnotes: cell.footnotes.clone(),
        review: cell.review.clone(),
        source: cell.source.clone(),
        chosen: cell.chosen,
    }
}

/// Reads a document written by [`write`] (or by hand, following `docs/json-format.md`).
///
/// A leading byte-order mark is ignored. A file of a newer version is refused with
/// [`JsonError::Newer`], a JSON that is no Peilstok document with [`JsonError::Foreign`].
pub fn read(text: &str) -> Result<Document, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The envelope first: a newer version may have another shape, and a foreign JSON should be
    // called foreign, not be told which Peilstok field it lacks.
    let envelope: Value = serde_json::from_str(text).map_err(|error| JsonError::Syntax {
        line: error.line(),
        column: error.column(),
        message: message_of(&error),
    })?;
    check_envelope(&envelope)?;
    let file: FileJson = serde_json::from_str(text).map_err(|error| JsonError::Shape {
        line: error.line(),
        column: error.column(),
        message: message_of(&error),
    })?;
    let document = to_document(file)?;
    check_consistency(&document).map_err(JsonError::Contract)?;
    Ok(document)
}

/// serde_json's message without its trailing " at line L column C" (the error carries those).
fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// A JSON value in a few words, for messages: `"csv"`, `2`, `a list`.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) if text.chars().count() > 40 => {
            format!("\"{}…\"", text.chars().take(40).collect::<String>())
        }
        Value::String(text) => format!("\"{text}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn check_envelope(envelope: &Value) -> Result<(), JsonError> {
    let Value::Object(fields) = envelope else {
        return Err(JsonError::Foreign(format!(
            "it holds {}, not an object with \"format\": \"{FORMAT}\"",
            describe(envelope)
        )));
    };
    match fields.get("format") {
        Some(Value::String(format)) if format == FORMAT => {}
        Some(other) => {
            return Err(JsonError::Foreign(format!(
                "its \"format\" is {}, not \"{FORMAT}\"",
                describe(other)
            )));
        }
        None => {
            return Err(JsonError::Foreign(format!(
                "it has no \"format\": \"{FORMAT}\""
            )));
        }
    }
    match fields.get("version") {
        Some(Value::Number(number)) => match number.as_u64() {
            Some(version) if version > VERSION => Err(JsonError::Newer {
                found: version,
                supported: VERSION,
            }),
            Some(version) if version >= 1 => Ok(()),
            _ => Err(JsonError::Contract(format!(
                "\"version\" must be a whole number from 1 up, not {number}"
            ))),
        },
        Some(other) => Err(JsonError::Contract(format!(
            "\"version\" must be a whole number from 1 up, not {}",
            describe(other)
        ))),
        None => Err(JsonError::Contract(
            "the document has no \"version\" (this Peilstok writes version 1)".into(),
        )),
    }
}

fn contract(place: &str, message: impl Display) -> JsonError {
    JsonError::Contract(format!("{place}: {message}"))
}

fn to_document(file: FileJson) -> Result<Document, JsonError> {
    let sources = file
        .sources
        .into_iter()
        .map(to_source)
        .collect::<Result<Vec<_>, _>>()?;
    let several = file.programmes.len() > 1;
    let programmes = file
        .programmes
        .into_iter()
        .map(|programme| {
            let places = Places {
                programme: &programme.name,
                several,
            };
            let goals = programme
                .goals
                .into_iter()
                .map(|goal| to_goal(goal, &places))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Programme {
                name: programme.name.clone(),
                goals,
            })
        })
        .collect::<Result<Vec<_>, JsonError>>()?;
    Ok(Document {
        sources,
        programmes,
    })
}

fn to_source(source: SourceJson) -> Result<Source, JsonError> {
    let place = format!("source \"{}\"", source.key);
    let kind = DocumentKind::from_code(&source.kind).ok_or_else(|| {
        contract(
            &place,
            format!(
                "kind \"{}\" is not begroting, jaarstukken, monitor or overig",
                source.kind
            ),
        )
    })?;
    let mut footnotes = BTreeMap::new();
    for footnote in source.footnotes {
        if footnotes.insert(footnote.number, footnote.text).is_some() {
            return Err(contract(
                &place,
                format!("footnote {} is given twice", footnote.number),
            ));
        }
    }
    Ok(Source {
        key: source.key,
        title: source.title,
        municipality: source.municipality,
        kind,
        year: source.year,
        file_name: source.file_name,
        footnotes,
    })
}

/// Names places in messages; the programme only when the document has more than one.
struct Places<'a> {
    programme: &'a str,
    several: bool,
}

impl Places<'_> {
    fn prefix(&self) -> String {
        if self.several {
            format!("programme \"{}\", ", self.programme)
        } else {
            String::new()
        }
    }

    fn goal(&self, code: &str) -> String {
        format!("{}goal {code}", self.prefix())
    }

    fn indicator(&self, code: &str) -> String {
        format!("{}indicator {code}", self.prefix())
    }
}

fn to_goal(goal: GoalJson, places: &Places) -> Result<Goal, JsonError> {
    let indicators = goal
        .indicators
        .into_iter()
        .map(|indicator| to_indicator(indicator, places))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Goal {
        code: goal.code,
        title: goal.title,
        footnotes: goal.footnotes,
        source: goal.source,
        indicators,
    })
}

fn to_indicator(indicator: IndicatorJson, places: &Places) -> Result<Indicator, JsonError> {
    let place = places.indicator(&indicator.code);
    let kind = IndicatorKind::from_code(&indicator.kind).ok_or_else(|| {
        contract(
            &place,
            format!("kind \"{}\" is not effect or prestatie", indicator.kind),
        )
    })?;
    let cells = indicator
        .cells
        .into_iter()
        .enumerate()
        .map(|(index, cell)| to_cell(cell, &place, index))
        .collect::<Result<Vec<_>, _>>()?;
    let better =
        match indicator.better.as_deref() {
            None => None,
            Some(code) => Some(Better::from_code(code).ok_or_else(|| {
                contract(&place, format!("better \"{code}\" is not hoger or lager"))
            })?),
        };
    Ok(Indicator {
        code: indicator.code,
        name: indicator.name,
        unit: indicator.unit,
        mandatory: indicator.mandatory,
        kind,
        series: indicator.series,
        label_raw: indicator.label_raw,
        footnotes: indicator.footnotes,
        review: indicator.review,
        source: indicator.source,
        better,
        cells,
    })
}

/// `cell realised 2021`, `cell target (no year)`, `cell budget 2023 of sub-row "Roken"`.
fn cell_place(indicator_place: &str, series: &str, column: Column) -> String {
    let year = column
        .year
        .map_or_else(|| "(no year)".to_string(), |year| year.to_string());
    let row = if series.is_empty() {
        String::new()
    } else {
        format!(" of sub-row \"{series}\"")
    };
    format!("{indicator_place}, cell {} {year}{row}", column.kind.code())
}

fn to_cell(cell: CellJson, indicator_place: &str, index: usize) -> Result<Cell, JsonError> {
    let kind = ValueKind::from_code(&cell.kind).ok_or_else(|| {
        contract(
            &format!("{indicator_place}, cell {}", index + 1),
            format!(
                "kind \"{}\" is not realised, budget, forecast or target",
                cell.kind
            ),
        )
    })?;
    let column = Column {
        kind,
        year: cell.year,
    };
    let place = cell_place(indicator_place, &cell.series, column);
    let value = match (cell.value, cell.marker) {
        (Some(value), Some(marker)) => {
            return Err(contract(
                &place,
                format!(
                    "a cell holds a value or a marker, not both (value {}, marker \"{marker}\")",
                    describe(&value)
                ),
            ));
        }
        (Some(Value::String(text)), None) => {
            CellValue::Number(parse_plain_decimal(&text).ok_or_else(|| {
                contract(
                    &place,
                    format!(
                        "value \"{text}\" is not a plain decimal (digits, `.` for the decimal \
                         sign, no thousands separator)"
                    ),
                )
            })?)
        }
        (Some(Value::Number(number)), None) => {
            return Err(contract(
                &place,
                format!(
                    "value {number} is a JSON number; write the decimal as a string (\"{number}\") \
                     so that its printed scale is kept"
                ),
            ));
        }
        (Some(other), None) => {
            return Err(contract(
                &place,
                format!(
                    "value must be a decimal in a string, such as \"68.6\", or null; found {}",
                    describe(&other)
                ),
            ));
        }
        (None, Some(marker)) => CellValue::Missing(Marker::from_code(&marker)),
        (None, None) => CellValue::Text,
    };
    Ok(Cell {
        series: cell.series,
        column,
        value,
        raw: cell.raw,
        footnotes: cell.footnotes,
        review: cell.review,
        source: cell.source,
        chosen: cell.chosen,
    })
}

/// What a Peilstok file requires of a document (see `store`): source keys, programme names,
/// goal codes within a programme and sub-row names within an indicator are unique, and every
/// source named by a goal, indicator or cell is one of the document's sources. Besides, a cell
/// of a sub-row belongs to a sub-row the indicator has, and only a target may lack a year.
fn check_consistency(document: &Document) -> Result<(), String> {
    let mut keys = BTreeSet::new();
    for source in &document.sources {
        if !keys.insert(source.key.as_str()) {
            return Err(format!("source \"{}\" is given twice", source.key));
        }
    }
    let known = |place: &str, key: &str| {
        if keys.contains(key) {
            Ok(())
        } else {
            Err(format!(
                "{place}: source \"{key}\" is not one of the document's sources"
            ))
        }
    };
    let several = document.programmes.len() > 1;
    let mut names = BTreeSet::new();
    for programme in &document.programmes {
        if !names.insert(programme.name.as_str()) {
            return Err(format!("programme \"{}\" is given twice", programme.name));
        }
        let places = Places {
            programme: &programme.name,
            several,
        };
        let mut codes = BTreeSet::new();
        for goal in &programme.goals {
            if !codes.insert(goal.code.as_str()) {
                return Err(format!("{} is given twice", places.goal(&goal.code)));
            }
            known(&places.goal(&goal.code), &goal.source)?;
            for indicator in &goal.indicators {
                check_indicator(indicator, &places.indicator(&indicator.code), &known)?;
            }
        }
    }
    Ok(())
}

fn check_indicator(
    indicator: &Indicator,
    place: &str,
    known: &dyn Fn(&str, &str) -> Result<(), String>,
) -> Result<(), String> {
    known(place, &indicator.source)?;
    let mut series = BTreeSet::new();
    for name in &indicator.series {
        if !series.insert(name.as_str()) {
            return Err(format!("{place}: sub-row \"{name}\" is given twice"));
        }
    }
    for cell in &indicator.cells {
        let cell_place = cell_place(place, &cell.series, cell.column);
        known(&cell_place, &cell.source)?;
        if !cell.series.is_empty() && !series.contains(cell.series.as_str()) {
            return Err(format!(
                "{cell_place}: the indicator has no sub-row \"{}\"",
                cell.series
            ));
        }
        if cell.column.year.is_none() && cell.column.kind != ValueKind::Target {
            return Err(format!(
                "{cell_place}: a {} cell needs a year (only a target may have none)",
                cell.column.kind.code()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_document;

    fn sample_json() -> String {
        write(&sample_document().unwrap()).unwrap()
    }

    /// The sample's JSON with `from` replaced by `to` once, at the first place it occurs.
    fn edited(from: &str, to: &str) -> String {
        let text = sample_json();
        assert!(text.contains(from), "the sample's JSON holds {from}");
        text.replacen(from, to, 1)
    }

    fn error_of(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    #[test]
    fn the_sample_round_trips_to_an_identical_document_and_identical_text() {
        let document = sample_document().unwrap();
        let text = write(&document).unwrap();
        let read_back = read(&text).unwrap();
        assert_eq!(read_back, document);
        // `Decimal` equality ignores the scale (689 == 689.0); the text does not.
        assert_eq!(write(&read_back).unwrap(), text);
    }

    #[test]
    fn decimals_are_strings_with_their_scale_and_markers_are_codes() {
        let text = sample_json();
        assert!(text.starts_with("{\n  \"format\": \"peilstok\",\n  \"version\": 1,\n"));
        assert!(text.contains("\"value\": \"68.6\""), "3.1.3 realised 2020");
        assert!(text.contains("\"value\": \"10.81\""), "3.3.4 realised 2020");
        assert!(text.contains("\"marker\": \"NB\""));
        assert!(text.contains("\"marker\": \"n.n.b.\""));
        assert!(
            !text.contains("\"value\": 6"),
            "never a JSON number for a value"
        );
        let value: Value = serde_json::from_str(&text).unwrap();
        let cell = &value["programmes"][0]["goals"][1]["indicators"][3]["cells"][0];
        assert_eq!(cell["kind"], "realised");
        assert_eq!(cell["year"], 2020);
        assert_eq!(cell["value"], "68.6");
        assert_eq!(cell["raw"], "68,6%");
    }

    #[test]
    fn the_scale_survives_beyond_the_sample() {
        let mut document = sample_document().unwrap();
        let cell = document.programmes[0].goals[1].indicators[3]
            .cells
            .first_mut()
            .unwrap();
        cell.value = CellValue::Number(parse_plain_decimal("689.0").unwrap());
        let text = write(&document).unwrap();
        assert!(text.contains("\"value\": \"689.0\""));
        let read_back = read(&text).unwrap();
        let number = read_back.programmes[0].goals[1].indicators[3].cells[0]
            .number()
            .unwrap();
        assert_eq!(number.to_string(), "689.0");
    }

    #[test]
    fn a_newer_version_is_refused_in_words() {
        let error = read(&edited("\"version\": 1", "\"version\": 2")).unwrap_err();
        assert!(
            matches!(error, JsonError::Newer { found: 2, .. }),
            "{error}"
        );
        let message = error.to_string();
        assert!(
            message.contains("written by a newer Peilstok") && message.contains("version 2"),
            "{message}"
        );
    }

    #[test]
    fn a_foreign_json_is_refused_in_words() {
        for (text, expected) in [
            ("[1, 2, 3]", "it holds a list"),
            (
                "{\"name\": \"Diemen\"}",
                "it has no \"format\": \"peilstok\"",
            ),
            (
                "{\"format\": \"geojson\", \"version\": 1}",
                "its \"format\" is \"geojson\"",
            ),
        ] {
            let error = read(text).unwrap_err();
            assert!(matches!(error, JsonError::Foreign(_)), "{text}: {error}");
            let message = error.to_string();
            assert!(
                message.contains("not a Peilstok document") && message.contains(expected),
                "{text}: {message}"
            );
        }
        assert!(matches!(
            read("{\"format\": \"peilstok\", "),
            Err(JsonError::Syntax { line: 1, .. })
        ));
        assert!(error_of(&edited("\"version\": 1", "\"version\": 0")).contains("from 1 up"));
    }

    #[test]
    fn contract_violations_name_the_place_and_what_is_wrong() {
        let cases = [
            (
                "\"value\": \"68.6\"",
                "\"value\": \"68,6\"",
                "indicator 3.1.3, cell realised 2020: value \"68,6\" is not a plain decimal",
            ),
            (
                "\"value\": \"68.6\"",
                "\"value\": 68.6",
                "indicator 3.1.3, cell realised 2020: value 68.6 is a JSON number",
            ),
            (
                "\"value\": \"68.6\",\n                  \"marker\": null",
                "\"value\": \"68.6\",\n                  \"marker\": \"NB\"",
                "cell realised 2020: a cell holds a value or a marker, not both",
            ),
            (
                "\"kind\": \"realised\"",
                "\"kind\": \"gemeten\"",
                "indicator 2.1.1, cell 1: kind \"gemeten\" is not realised",
            ),
            (
                "\"kind\": \"prestatie\"",
                "\"kind\": \"output\"",
                "indicator 2.1.1: kind \"output\" is not effect or prestatie",
            ),
            (
                "\"kind\": \"begroting\"",
                "\"kind\": \"krant\"",
                "source \"Diemen Begroting 2023\": kind \"krant\" is not begroting",
            ),
            (
                "\"number\": 2,",
                "\"number\": 1,",
                "source \"Diemen Begroting 2023\": footnote 1 is given twice",
            ),
            (
                "\"year\": 2020",
                "\"year\": null",
                "indicator 2.1.1, cell realised (no year): a realised cell needs a year",
            ),
            (
                "\"source\": \"Diemen Begroting 2023\",\n                  \"chosen\"",
                "\"source\": \"Begroting\",\n                  \"chosen\"",
                "indicator 2.1.1, cell realised 2020: source \"Begroting\" is not one of the \
                 document's sources",
            ),
            (
                "\"code\": \"3\"",
                "\"code\": \"2\"",
                "goal 2 is given twice",
            ),
            ("\"raw\": \"431\",", "", "missing field `raw`"),
            (
                "\"raw\": \"431\",",
                "\"raw\": \"431\", \"rauw\": 1,",
                "unknown field `rauw`",
            ),
            (
                "\"year\": 2020",
                "\"year\": \"2020\"",
                "invalid type: string \"2020\"",
            ),
        ];
        for (from, to, expected) in cases {
            let message = error_of(&edited(from, to));
            assert!(message.contains(expected), "{to}: {message}");
        }
        // A field that is missing or unknown is located by line and column.
        assert!(error_of(&edited("\"raw\": \"431\",", "")).starts_with("JSON line "));
    }

    #[test]
    fn the_four_cell_states_are_kept_apart() {
        let mut document = sample_document().unwrap();
        let cells = &mut document.programmes[0].goals[0].indicators[0].cells;
        cells[1].value = CellValue::Missing(Marker::Blank);
        cells[1].raw = String::new();
        cells[2].value = CellValue::Missing(Marker::Other("geen data".into()));
        cells[3].value = CellValue::Text;
        cells[3].raw = String::new();
        let read_back = read(&write(&document).unwrap()).unwrap();
        assert_eq!(read_back, document);
        let cells = &read_back.programmes[0].goals[0].indicators[0].cells;
        assert_eq!(cells[0].value, CellValue::Text, "431 awaits a person");
        assert_eq!(cells[1].value, CellValue::Missing(Marker::Blank));
        assert_eq!(cells[3].value, CellValue::Text);
    }

    #[test]
    fn the_example_in_the_documentation_is_read_and_agrees_with_the_sample() {
        let documentation = include_str!("../../../docs/json-format.md");
        let example = &documentation[documentation.find("## Example").unwrap()..];
        let example = &example[example.find("```json\n").unwrap() + "```json\n".len()..];
        let example = &example[..example.find("```").unwrap()];
        let document = read(example).unwrap();
        let sample = sample_document().unwrap();
        assert_eq!(
            document.sources[0].footnotes.get(&3),
            sample.sources[0].footnotes.get(&3)
        );
        let (_, goal, indicator) = document.indicators().next().unwrap();
        let (_, sample_goal, sample_indicator) = sample
            .indicators()
            .find(|(_, _, candidate)| candidate.code == indicator.code)
            .unwrap();
        assert_eq!(goal.title, sample_goal.title);
        assert_eq!(
            Indicator {
                cells: sample_indicator.cells[..2].to_vec(),
                ..sample_indicator.clone()
            },
            *indicator
        );
    }

    #[test]
    fn an_inconsistent_document_is_not_written() {
        let mut document = sample_document().unwrap();
        document.programmes[0].goals[0].indicators[0].cells[0].source = "elders".into();
        let error = write(&document).unwrap_err();
        assert!(matches!(error, JsonError::Unrepresentable(_)), "{error}");
        assert!(
            error
                .to_string()
                .contains("indicator 2.1.1, cell realised 2020: source \"elders\""),
            "{error}"
        );
    }
}
