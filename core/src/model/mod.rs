//! The document model: sources, programmes → goals → indicators → cells.
//!
//! Values are exact decimals that keep their printed scale (`689,0` stays `689.0`). A cell that
//! holds no number holds a [`Marker`] (or, when its printed text could not be read with certainty,
//! [`CellValue::Text`] with a review reason); it is never zero and never NaN.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use rust_decimal::Decimal;

pub mod edit;

/// A whole Peilstok document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The documents the figures were taken from, in the order they were added.
    pub sources: Vec<Source>,
    /// Programmes in document order.
    pub programmes: Vec<Programme>,
}

/// The kind of document a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentKind {
    /// Begroting (budget).
    Budget,
    /// Jaarstukken / jaarrekening (annual accounts).
    Accounts,
    /// Monitor, tussenrapportage, kwartaalbrief.
    Monitor,
    /// Anything else.
    Other,
}

impl DocumentKind {
    /// All kinds, in display order.
    pub const ALL: [DocumentKind; 4] = [Self::Budget, Self::Accounts, Self::Monitor, Self::Other];

    /// The stable code used in files (CSV, SQLite).
    pub fn code(self) -> &'static str {
        match self {
            Self::Budget => "begroting",
            Self::Accounts => "jaarstukken",
            Self::Monitor => "monitor",
            Self::Other => "overig",
        }
    }

    /// Parses the stable code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A document figures were taken from, e.g. "Begroting 2023" of gemeente Diemen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Short name, unique within the document; cells refer to their source by it.
    pub key: String,
    /// Title as the document states it, e.g. "Begroting 2023".
    pub title: String,
    /// Municipality, e.g. "Diemen".
    pub municipality: String,
    /// Budget, annual accounts, monitor …
    pub kind: DocumentKind,
    /// The year the document is about.
    pub year: Option<i32>,
    /// The file the text came from.
    pub file_name: String,
    /// Footnote texts by number, as printed under the tables of this source.
    pub footnotes: BTreeMap<u32, String>,
}

impl Source {
    /// The line printed under a chart or table: "Begroting 2023 gemeente Diemen".
    pub fn citation(&self) -> String {
        if self.municipality.is_empty() {
            self.title.clone()
        } else {
            format!("{} gemeente {}", self.title, self.municipality)
        }
    }
}

/// A programme of the budget, e.g. "Sociaal".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    /// Name as printed.
    pub name: String,
    /// Goals in document order.
    pub goals: Vec<Goal>,
}

/// A numbered goal ("3. Alle doelgroepen … participeren …") with its indicators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    /// Code as printed, without the trailing dot: "3".
    pub code: String,
    /// Title as printed (ligatures resolved, wrapped lines joined).
    pub title: String,
    /// Footnote numbers printed on the heading of this goal's indicator table.
    pub footnotes: Vec<u32>,
    /// Key of the source the goal was read from.
    pub source: String,
    /// Indicators in document order.
    pub indicators: Vec<Indicator>,
}

/// Outcome ("maatschappelijk effect") or performance ("prestatie") indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndicatorKind {
    /// Indicator maatschappelijk effect.
    Effect,
    /// Prestatie-indicator.
    Performance,
}

impl IndicatorKind {
    /// The stable code used in files.
    pub fn code(self) -> &'static str {
        match self {
            Self::Effect => "effect",
            Self::Performance => "prestatie",
        }
    }

    /// Parses the stable code.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Effect, Self::Performance]
            .into_iter()
            .find(|kind| kind.code() == code)
    }
}

/// One indicator: a row of an indicator table (with optional sub-rows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// Code as printed, e.g. "3.1.3".
    pub code: String,
    /// Name, cleaned: ligatures resolved, lines joined, footnote digits and "(verplicht)" removed.
    pub name: String,
    /// Unit, e.g. "%", "aantal", "per 10.000 inwoners"; empty when none is printed.
    pub unit: String,
    /// One of the mandatory national policy indicators ("(verplicht)").
    pub mandatory: bool,
    /// Outcome or performance.
    pub kind: IndicatorKind,
    /// Names of the sub-rows (5.3.1: Roken, alcohol, drugs), in printed order.
    pub series: Vec<String>,
    /// The label exactly as printed (whitespace folded), for checking.
    pub label_raw: String,
    /// Footnote numbers printed on the label.
    pub footnotes: Vec<u32>,
    /// Why the label needs a person's eye, if it does.
    pub review: Option<String>,
    /// Key of the source the indicator was read from.
    pub source: String,
    /// Which way is better, when a person has said so: it decides whether a realised value
    /// met its budget. Never guessed from the name.
    pub better: Option<Better>,
    /// The cells, in printed order.
    pub cells: Vec<Cell>,
}

/// Which way an indicator should go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Better {
    /// More is better (participation, jobs).
    Higher,
    /// Less is better (waiting times, youth crime).
    Lower,
}

impl Better {
    /// The stable code used in files.
    pub fn code(self) -> &'static str {
        match self {
            Better::Higher => "hoger",
            Better::Lower => "lager",
        }
    }

    /// Parses the stable code.
    pub fn from_code(code: &str) -> Option<Better> {
        [Better::Higher, Better::Lower]
            .into_iter()
            .find(|better| better.code() == code)
    }
}

impl Indicator {
    /// Every cell of `series` in `column`: one per source that gives it.
    pub fn candidates(&self, series: &str, column: Column) -> Vec<&Cell> {
        self.cells
            .iter()
            .filter(|cell| cell.series == series && cell.column == column)
            .collect()
    }

    /// The cell that counts for `series` ("" for the indicator itself) in `column` when several
    /// sources give one: the cell a person chose; else a number over a marker (a figure that
    /// arrived later fills an `NB`); else the source added last.
    pub fn cell(&self, series: &str, column: Column) -> Option<&Cell> {
        speaking_cell(&self.candidates(series, column))
    }

    /// Whether sources disagree on the number in `series` × `column` and no person has chosen
    /// yet: the candidates, when they do.
    pub fn open_conflict(&self, series: &str, column: Column) -> Option<Vec<&Cell>> {
        let candidates = self.candidates(series, column);
        if candidates.iter().any(|cell| cell.chosen) {
            return None;
        }
        let mut numbers = candidates.iter().filter_map(|cell| cell.number());
        let first = numbers.next()?;
        numbers.any(|number| number != first).then_some(candidates)
    }

    /// The cell that speaks for `series` in `column`: its own, or else the marker printed once
    /// for the whole group on the indicator's own row (5.3.1: one `n.n.b.` for all sub-rows).
    pub fn effective_cell(&self, series: &str, column: Column) -> Option<&Cell> {
        self.cell(series, column).or_else(|| {
            if series.is_empty() {
                return None;
            }
            self.cell("", column)
                .filter(|group| matches!(group.value, CellValue::Missing(_)))
        })
    }

    /// What a table shows for `series` in `column`: `None` for a group row with sub-rows and no
    /// cell of its own (the sub-rows hold the values); otherwise the cell that speaks for it
    /// (absent means blank) and whether it is the group's, inherited.
    pub fn displayed_cell(&self, series: &str, column: Column) -> Option<(Option<&Cell>, bool)> {
        let own = self.cell(series, column);
        if own.is_none() && series.is_empty() && !self.series.is_empty() {
            return None;
        }
        let cell = own.or_else(|| self.effective_cell(series, column));
        Some((cell, own.is_none() && cell.is_some()))
    }

    /// Realised against budgeted in `year` for `series`, when both are numbers.
    pub fn deviation(&self, series: &str, year: i32) -> Option<Deviation> {
        let realised = self
            .effective_cell(series, Column::new(ValueKind::Realised, year))?
            .number()?;
        let budget = self
            .effective_cell(series, Column::new(ValueKind::Budget, year))?
            .number()?;
        let absolute = realised - budget;
        let percent = (!budget.is_zero())
            .then(|| (absolute * Decimal::ONE_HUNDRED / budget.abs()).round_dp(1));
        let met = self.better.map(|better| match better {
            Better::Higher => realised >= budget,
            Better::Lower => realised <= budget,
        });
        Some(Deviation {
            realised,
            budget,
            absolute,
            percent,
            met,
        })
    }

    /// The rows that hold values: the indicator's own row, or its sub-series when it has them
    /// (the group row above them is a heading).
    pub fn value_rows(&self) -> Vec<String> {
        if self.series.is_empty() {
            vec![String::new()]
        } else {
            self.series.clone()
        }
    }

    /// The rows of this indicator: "" (the indicator itself) followed by its sub-series.
    pub fn rows(&self) -> impl Iterator<Item = &str> {
        std::iter::once("").chain(self.series.iter().map(String::as_str))
    }
}

/// How far what was realised in a year lies from what was budgeted for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deviation {
    /// The realised value.
    pub realised: Decimal,
    /// The budgeted value.
    pub budget: Decimal,
    /// Realised minus budgeted, exact.
    pub absolute: Decimal,
    /// The difference as a percentage of the budget (one decimal); none when the budget is 0.
    pub percent: Option<Decimal>,
    /// Whether the budget was met; unknown until a person says which way is better.
    pub met: Option<bool>,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueKind {
    /// Werkelijk / Realisatie / Rekening.
    Realised,
    /// Begroot / Begroting / Raming.
    Budget,
    /// Prognose / Verwachting.
    Forecast,
    /// Streefwaarde / Doel / Norm.
    Target,
}

impl ValueKind {
    /// All kinds, in column order within a year.
    pub const ALL: [ValueKind; 4] = [Self::Realised, Self::Budget, Self::Forecast, Self::Target];

    /// The stable code used in files (the CSV `kind` column).
    pub fn code(self) -> &'static str {
        match self {
            Self::Realised => "realised",
            Self::Budget => "budget",
            Self::Forecast => "forecast",
            Self::Target => "target",
        }
    }

    /// Parses the stable code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A column of an indicator table: a kind of value for a year (a target may have no year).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Column {
    /// Realised, budget, forecast or target.
    pub kind: ValueKind,
    /// The year; `None` for a target without a year ("Streefwaarde").
    pub year: Option<i32>,
}

impl Column {
    /// A column for `kind` in `year`.
    pub fn new(kind: ValueKind, year: i32) -> Self {
        Self {
            kind,
            year: Some(year),
        }
    }
}

impl Ord for Column {
    /// Years ascending, columns without a year last; within a year realised, budget, forecast, target.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |column: &Column| (column.year.is_none(), column.year, column.kind);
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Column {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A sign that stands where a value is missing. Never a zero.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Marker {
    /// `NB`: niet bekend — unknown, no data published.
    NotKnown,
    /// `n.n.b.`: nog niet bekend — not yet known, the figure comes later.
    NotYetKnown,
    /// `N.v.t.`: niet van toepassing — not applicable.
    NotApplicable,
    /// `-`: no value, nothing planned or measured.
    Nil,
    /// Nothing filled in.
    Blank,
    /// Another publisher's sign (`.`, `*`, `x`, `geen data` …), kept as written.
    Other(String),
}

impl Marker {
    /// The standard markers, in legend order.
    pub const STANDARD: [Marker; 5] = [
        Marker::NotKnown,
        Marker::NotYetKnown,
        Marker::NotApplicable,
        Marker::Nil,
        Marker::Blank,
    ];

    /// Reads a marker in any usual spelling (`NB`, `N.B.`, `nb`, `nnb`, `n.v.t.`, `–` …).
    ///
    /// Other signs (`.`, `*`, `x`, `geen data`, `nog niet beschikbaar`) become [`Marker::Other`]
    /// as written. Returns `None` for text that is not a marker.
    pub fn parse(text: &str) -> Option<Marker> {
        let trimmed = text.trim();
        let folded: String = trimmed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .flat_map(char::to_lowercase)
            .collect();
        match folded.as_str() {
            "" if trimmed.is_empty() => Some(Marker::Blank),
            "nb" => Some(Marker::NotKnown),
            "nnb" => Some(Marker::NotYetKnown),
            "nvt" => Some(Marker::NotApplicable),
            "-" | "–" | "—" | "--" => Some(Marker::Nil),
            _ => {
                let lower = trimmed.to_lowercase();
                let known_other =
                    matches!(trimmed, "." | "*" | "**" | "x" | "X" | "?" | "…" | "..")
                        || [
                            "geen data",
                            "nog niet beschikbaar",
                            "niet beschikbaar",
                            "onbekend",
                            "geen gegevens",
                        ]
                        .contains(&lower.as_str());
                known_other.then(|| Marker::Other(trimmed.to_string()))
            }
        }
    }

    /// The marker as written in files and tables: `NB`, `n.n.b.`, `N.v.t.`, `-`, "" or the sign.
    pub fn code(&self) -> &str {
        match self {
            Marker::NotKnown => "NB",
            Marker::NotYetKnown => "n.n.b.",
            Marker::NotApplicable => "N.v.t.",
            Marker::Nil => "-",
            Marker::Blank => "",
            Marker::Other(sign) => sign,
        }
    }

    /// Reads the code written by [`Marker::code`] (the CSV `marker` column, the store).
    pub fn from_code(code: &str) -> Marker {
        match code {
            "NB" => Marker::NotKnown,
            "n.n.b." => Marker::NotYetKnown,
            "N.v.t." => Marker::NotApplicable,
            "-" => Marker::Nil,
            "" => Marker::Blank,
            other => Marker::Other(other.to_string()),
        }
    }
}

impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a cell holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellValue {
    /// An exact number, with the scale it was printed with.
    Number(Decimal),
    /// No value, and the sign that says why.
    Missing(Marker),
    /// Printed text that is not (certainly) one number or one marker — `431` that may be
    /// `43` + footnote 1, `98% (0 jaar) 88% (3 jaar)`, `70&`. The raw text is the content; the
    /// cell's review reason says what a person must decide.
    Text,
}

/// One cell of an indicator table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The sub-series, or "" for the indicator's own row.
    pub series: String,
    /// Which kind of value for which year.
    pub column: Column,
    /// The value, the marker, or unread text.
    pub value: CellValue,
    /// The text as printed (whitespace folded to single spaces).
    pub raw: String,
    /// Footnote numbers attached to the cell (`NB3` → 3).
    pub footnotes: Vec<u32>,
    /// Why this cell needs a person's eye, if it does.
    pub review: Option<String>,
    /// Key of the source the cell came from.
    pub source: String,
    /// A person chose this cell's value over what other sources give for the same row and
    /// column (a resolved conflict); the other cells stay on record.
    pub chosen: bool,
}

impl Cell {
    /// An empty cell (blank, to be filled in) of `series` in `column`, from `source`.
    pub fn blank(series: &str, column: Column, source: &str) -> Cell {
        Cell {
            series: series.to_string(),
            column,
            value: CellValue::Missing(Marker::Blank),
            raw: String::new(),
            footnotes: Vec::new(),
            review: None,
            source: source.to_string(),
            chosen: false,
        }
    }

    /// The marker, when the cell holds no value.
    pub fn marker(&self) -> Option<&Marker> {
        match &self.value {
            CellValue::Missing(marker) => Some(marker),
            _ => None,
        }
    }

    /// The number, when the cell holds one.
    pub fn number(&self) -> Option<Decimal> {
        match self.value {
            CellValue::Number(number) => Some(number),
            _ => None,
        }
    }
}

/// Of the cells several sources give for one row and column (in the order they were added),
/// the one that counts: see [`Indicator::cell`].
fn speaking_cell<'a>(candidates: &[&'a Cell]) -> Option<&'a Cell> {
    candidates
        .iter()
        .find(|cell| cell.chosen)
        .or_else(|| {
            candidates
                .iter()
                .rev()
                .find(|cell| matches!(cell.value, CellValue::Number(_)))
        })
        .or_else(|| candidates.last())
        .copied()
}

impl Document {
    /// The source with `key`.
    pub fn source(&self, key: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.key == key)
    }

    /// All goals with their programme.
    pub fn goals(&self) -> impl Iterator<Item = (&Programme, &Goal)> {
        self.programmes
            .iter()
            .flat_map(|programme| programme.goals.iter().map(move |goal| (programme, goal)))
    }

    /// All indicators with their programme and goal, in document order.
    pub fn indicators(&self) -> impl Iterator<Item = (&Programme, &Goal, &Indicator)> {
        self.goals().flat_map(|(programme, goal)| {
            goal.indicators
                .iter()
                .map(move |indicator| (programme, goal, indicator))
        })
    }

    /// All indicators, to change, in document order.
    pub fn indicators_mut(&mut self) -> impl Iterator<Item = &mut Indicator> {
        self.programmes
            .iter_mut()
            .flat_map(|programme| programme.goals.iter_mut())
            .flat_map(|goal| goal.indicators.iter_mut())
    }

    /// The indicator identified by `id`.
    pub fn indicator(&self, id: &IndicatorId) -> Option<&Indicator> {
        self.indicators()
            .find(|(programme, _, indicator)| {
                programme.name == id.programme && indicator.code == id.code
            })
            .map(|(_, _, indicator)| indicator)
    }

    /// Every column that occurs in the document, in table order — taken from the data, never fixed.
    pub fn columns(&self) -> Vec<Column> {
        let columns: std::collections::BTreeSet<Column> = self
            .indicators()
            .flat_map(|(_, _, indicator)| indicator.cells.iter().map(|cell| cell.column))
            .collect();
        columns.into_iter().collect()
    }

    /// The footnote text for `number` in `source`.
    pub fn footnote_text(&self, source: &str, number: u32) -> Option<&str> {
        self.source(source)?
            .footnotes
            .get(&number)
            .map(String::as_str)
    }

    /// Counts per column of the table's rows that have no value there. One pass over each
    /// indicator's cells, so that a national document is counted in a moment.
    pub fn completeness(&self) -> Vec<ColumnCompleteness> {
        let columns = self.columns();
        let mut summaries: Vec<ColumnCompleteness> = columns
            .iter()
            .map(|column| ColumnCompleteness {
                column: *column,
                rows: 0,
                missing: BTreeMap::new(),
                unread: 0,
            })
            .collect();
        // The candidates of each (row, column) of one indicator at a time, in slots reused
        // from indicator to indicator.
        let mut slots: Vec<Vec<&Cell>> = Vec::new();
        for (_, _, indicator) in self.indicators() {
            let rows: Vec<&str> = indicator.rows().collect();
            let slot_count = rows.len() * columns.len();
            slots.iter_mut().for_each(Vec::clear);
            if slots.len() < slot_count {
                slots.resize_with(slot_count, Vec::new);
            }
            for cell in &indicator.cells {
                let row = rows.iter().position(|row| *row == cell.series);
                let column = columns.binary_search(&cell.column).ok();
                if let (Some(row), Some(column)) = (row, column)
                    && let Some(slot) = slots.get_mut(row * columns.len() + column)
                {
                    slot.push(cell);
                }
            }
            let speaking = |row: usize, column: usize| {
                slots
                    .get(row * columns.len() + column)
                    .and_then(|candidates| speaking_cell(candidates))
            };
            for (row, series) in rows.iter().enumerate() {
                // With sub-rows, the sub-rows hold the values; the group row is a heading
                // whose marker they inherit.
                if series.is_empty() && !indicator.series.is_empty() {
                    continue;
                }
                // The group's own row, where its marker is printed once for all sub-rows.
                let group_row = rows.iter().position(|row| row.is_empty());
                for (column, summary) in summaries.iter_mut().enumerate() {
                    summary.rows += 1;
                    // As [`Indicator::effective_cell`]: the row's own, else the group's marker.
                    let cell = speaking(row, column).or_else(|| {
                        group_row
                            .filter(|_| !series.is_empty())
                            .and_then(|group| speaking(group, column))
                            .filter(|group| matches!(group.value, CellValue::Missing(_)))
                    });
                    match cell.map(|cell| &cell.value) {
                        Some(CellValue::Number(_)) => {}
                        Some(CellValue::Text) => summary.unread += 1,
                        Some(CellValue::Missing(marker)) => {
                            *summary.missing.entry(marker.clone()).or_default() += 1
                        }
                        None => *summary.missing.entry(Marker::Blank).or_default() += 1,
                    }
                }
            }
        }
        summaries
    }
}

impl Document {
    /// Adds `incoming` to this document: sources by key, programmes by name, goals and indicators
    /// by code. A cell from the same source for the same series and column replaces the old one,
    /// so importing the same file twice changes nothing the second time.
    ///
    /// Each of these is found through a map of positions, not by searching the list for every
    /// incoming one: with 10,000 sources, goals, sub-series or cells that search took time in the
    /// square of their number (issue 14). A map keeps the first position of a key, which is what
    /// the search from the start found.
    pub fn merge(&mut self, incoming: Document) {
        let mut source_places = first_places(self.sources.iter().map(|own| own.key.clone()));
        for source in incoming.sources {
            match source_places.get(&source.key) {
                Some(&index) => self.sources[index] = source,
                None => {
                    source_places.insert(source.key.clone(), self.sources.len());
                    self.sources.push(source);
                }
            }
        }
        let mut programme_places = first_places(self.programmes.iter().map(|own| own.name.clone()));
        // The goals of each own programme by code, made when an incoming programme first
        // lands there.
        let mut goal_places: HashMap<usize, HashMap<String, usize>> = HashMap::new();
        for programme in incoming.programmes {
            let index = match programme_places.get(&programme.name) {
                Some(&index) => index,
                None => {
                    programme_places.insert(programme.name.clone(), self.programmes.len());
                    self.programmes.push(Programme {
                        name: programme.name.clone(),
                        goals: Vec::new(),
                    });
                    self.programmes.len() - 1
                }
            };
            let Some(own_programme) = self.programmes.get_mut(index) else {
                continue;
            };
            let places = goal_places.entry(index).or_insert_with(|| {
                first_places(own_programme.goals.iter().map(|goal| goal.code.clone()))
            });
            for goal in programme.goals {
                own_programme.merge_goal(goal, places);
            }
        }
    }
}

/// The first position of each key, as a search from the start finds it.
fn first_places(keys: impl Iterator<Item = String>) -> HashMap<String, usize> {
    let mut places = HashMap::new();
    for (index, key) in keys.enumerate() {
        places.entry(key).or_insert(index);
    }
    places
}

impl Programme {
    /// The index of goal `code`, added untitled (from `source`) when the programme has no such
    /// goal yet.
    pub fn goal_index(&mut self, code: &str, source: &str) -> usize {
        if let Some(index) = self.goals.iter().position(|goal| goal.code == code) {
            return index;
        }
        self.goals.push(Goal {
            code: code.to_string(),
            title: String::new(),
            footnotes: Vec::new(),
            source: source.to_string(),
            indicators: Vec::new(),
        });
        self.goals.len() - 1
    }

    /// Merges `goal` into the goal of its code, or adds it; `places` are this programme's goals
    /// by code, kept up to date.
    fn merge_goal(&mut self, goal: Goal, places: &mut HashMap<String, usize>) {
        let Some(own) = places
            .get(&goal.code)
            .copied()
            .and_then(|index| self.goals.get_mut(index))
        else {
            places.insert(goal.code.clone(), self.goals.len());
            self.goals.push(goal);
            return;
        };
        if !goal.title.is_empty() {
            own.title = goal.title;
            own.footnotes = goal.footnotes;
            own.source = goal.source;
        }
        own.merge_indicators(goal.indicators);
    }
}

impl Goal {
    /// Merges `incoming` indicators into this goal's: the one of the same code takes in the
    /// incoming one, an indicator of a new code is added.
    fn merge_indicators(&mut self, incoming: Vec<Indicator>) {
        let mut code_places = first_places(self.indicators.iter().map(|o| o.code.clone()));
        // The indicators by name, for rows printed without a code; made at the first such row.
        let mut name_places: Option<NamePlaces> = None;
        // Codes are only added here, so the lowest free `{goal}.{n}` never goes down: the
        // search for the next one starts where the last one ended.
        let mut free_number: u64 = 1;
        for mut indicator in incoming {
            // A row printed without a code is found by its name alone: the same indicator as
            // the one of the same name, else a new one under a code no other indicator has (the
            // code Peilstok gave it may be another text's `1.1`).
            if !indicator.code_printed() {
                let names = name_places.get_or_insert_with(|| NamePlaces::of(&self.indicators));
                if let Some(same) = names
                    .first(&indicator.name)
                    .and_then(|index| self.indicators.get(index))
                {
                    indicator.code = same.code.clone();
                } else if code_places.contains_key(&indicator.code) {
                    while code_places.contains_key(&format!("{}.{free_number}", self.code)) {
                        free_number += 1;
                    }
                    indicator.code = format!("{}.{free_number}", self.code);
                }
            }
            match code_places
                .get(&indicator.code)
                .copied()
                .and_then(|index| Some((index, self.indicators.get_mut(index)?)))
            {
                Some((index, existing)) => {
                    if let Some(names) = &mut name_places {
                        names.remove(&existing.name, index);
                        names.add(&indicator.name, index);
                    }
                    existing.merge(indicator);
                }
                None => {
                    let index = self.indicators.len();
                    code_places.insert(indicator.code.clone(), index);
                    if let Some(names) = &mut name_places {
                        names.add(&indicator.name, index);
                    }
                    self.indicators.push(indicator);
                }
            }
        }
    }
}

/// The positions of a goal's indicators by name ([`crate::text::name_key`]), kept up to date as
/// indicators are added and renamed; the first position is the one [`crate::text::same_name`]
/// finds first.
struct NamePlaces(HashMap<String, BTreeSet<usize>>);

impl NamePlaces {
    fn of(indicators: &[Indicator]) -> NamePlaces {
        let mut places = NamePlaces(HashMap::new());
        for (index, indicator) in indicators.iter().enumerate() {
            places.add(&indicator.name, index);
        }
        places
    }

    /// The first indicator of the same name as `name`; none for a name without letters or
    /// digits, which is no name to match by.
    fn first(&self, name: &str) -> Option<usize> {
        let key = crate::text::name_key(name);
        self.0.get(&key)?.first().copied()
    }

    fn add(&mut self, name: &str, index: usize) {
        let key = crate::text::name_key(name);
        if !key.is_empty() {
            self.0.entry(key).or_default().insert(index);
        }
    }

    fn remove(&mut self, name: &str, index: usize) {
        let key = crate::text::name_key(name);
        if let Some(indices) = self.0.get_mut(&key) {
            indices.remove(&index);
            if indices.is_empty() {
                self.0.remove(&key);
            }
        }
    }
}

impl Indicator {
    /// Whether the code was printed with the indicator (`3.1.3 - …`), rather than given by
    /// Peilstok to a row printed without one (then the name identifies it).
    pub fn code_printed(&self) -> bool {
        self.label_raw.trim_start().starts_with(&self.code)
    }

    fn merge(&mut self, incoming: Indicator) {
        self.name = incoming.name;
        self.unit = incoming.unit;
        self.mandatory = incoming.mandatory;
        self.kind = incoming.kind;
        self.label_raw = incoming.label_raw;
        self.footnotes = incoming.footnotes;
        self.review = incoming.review;
        self.source = incoming.source;
        // Sets and maps, as in `Document::merge`: one search per incoming series or cell made
        // an indicator of 10,000 sub-series or sources take time in the square of that.
        let mut series_seen: HashSet<String> = self.series.iter().cloned().collect();
        for series in incoming.series {
            if series_seen.insert(series.clone()) {
                self.series.push(series);
            }
        }
        let mut cell_places: HashMap<(String, Column, String), usize> = HashMap::new();
        for (index, own) in self.cells.iter().enumerate() {
            cell_places
                .entry((own.series.clone(), own.column, own.source.clone()))
                .or_insert(index);
        }
        for cell in incoming.cells {
            let key = (cell.series.clone(), cell.column, cell.source.clone());
            match cell_places
                .get(&key)
                .and_then(|&index| self.cells.get_mut(index))
            {
                Some(own) => *own = cell,
                None => {
                    cell_places.insert(key, self.cells.len());
                    self.cells.push(cell);
                }
            }
        }
    }
}

/// How complete one column is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnCompleteness {
    /// The column.
    pub column: Column,
    /// Rows (indicators and sub-rows) in the table.
    pub rows: usize,
    /// Rows without a value, by marker (an absent cell counts as blank).
    pub missing: BTreeMap<Marker, usize>,
    /// Rows whose text was not read as a number and awaits review.
    pub unread: usize,
}

impl ColumnCompleteness {
    /// Rows with no usable number: missing or awaiting review.
    pub fn without_value(&self) -> usize {
        self.missing.values().sum::<usize>() + self.unread
    }
}

/// Identifies an indicator within a document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorId {
    /// Programme name.
    pub programme: String,
    /// Indicator code.
    pub code: String,
}

/// The most characters in an indicator's or goal's code.
pub const MAX_CODE_CHARS: usize = 32;

/// Whether `code` can be an indicator's or goal's code: printed ones (`3.1.3`, `12.`, `1a`,
/// `BBV-1`) and the running numbers given to unnumbered rows all hold a digit, and none holds
/// white space or a control character. So a marker (`NB`), `NaN` or a NUL in a code column is
/// refused rather than taken for an indicator.
pub fn is_code(code: &str) -> bool {
    code.chars().count() <= MAX_CODE_CHARS
        && code.chars().any(|c| c.is_ascii_digit())
        && !code.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The goal code an indicator code belongs to: "3.1.3" → "3", "a." → "a".
pub fn goal_code_of(indicator_code: &str) -> &str {
    indicator_code
        .split('.')
        .next()
        .unwrap_or(indicator_code)
        .trim()
}

/// Writes footnote numbers as the CSV and the store do: `3;5`.
pub fn join_footnotes(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(";")
}

/// Reads footnote numbers written by [`join_footnotes`].
pub fn split_footnotes(text: &str) -> Result<Vec<u32>, String> {
    text.split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<u32>()
                .map_err(|_| format!("footnote number `{part}` is not a whole number"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_every_usual_spelling() {
        for text in ["NB", "N.B.", "nb", "n.b.", " NB "] {
            assert_eq!(Marker::parse(text), Some(Marker::NotKnown), "{text}");
        }
        for text in ["n.n.b.", "nnb", "N.N.B.", "n.n.b"] {
            assert_eq!(Marker::parse(text), Some(Marker::NotYetKnown), "{text}");
        }
        for text in ["N.v.t.", "n.v.t.", "nvt", "NVT"] {
            assert_eq!(Marker::parse(text), Some(Marker::NotApplicable), "{text}");
        }
        for text in ["-", "–", "—"] {
            assert_eq!(Marker::parse(text), Some(Marker::Nil), "{text}");
        }
        assert_eq!(Marker::parse(""), Some(Marker::Blank));
        assert_eq!(
            Marker::parse("geen data"),
            Some(Marker::Other("geen data".into()))
        );
        assert_eq!(Marker::parse("x"), Some(Marker::Other("x".into())));
        assert_eq!(Marker::parse("68,6%"), None);
        assert_eq!(
            Marker::parse("NB3"),
            None,
            "a glued footnote is not a marker"
        );
    }

    #[test]
    fn marker_codes_round_trip() {
        let mut all = Marker::STANDARD.to_vec();
        all.push(Marker::Other("geen data".into()));
        for marker in all {
            assert_eq!(Marker::from_code(marker.code()), marker);
        }
    }

    #[test]
    fn columns_sort_by_year_then_kind_with_yearless_last() {
        let mut columns = vec![
            Column {
                kind: ValueKind::Target,
                year: None,
            },
            Column::new(ValueKind::Budget, 2022),
            Column::new(ValueKind::Realised, 2022),
            Column::new(ValueKind::Realised, 2020),
        ];
        columns.sort();
        assert_eq!(
            columns,
            vec![
                Column::new(ValueKind::Realised, 2020),
                Column::new(ValueKind::Realised, 2022),
                Column::new(ValueKind::Budget, 2022),
                Column {
                    kind: ValueKind::Target,
                    year: None
                },
            ]
        );
    }

    #[test]
    fn completeness_counts_sub_rows_with_the_group_marker() {
        let document = crate::sample::sample_document().unwrap();
        let realised_2021 = document
            .completeness()
            .into_iter()
            .find(|summary| summary.column == Column::new(ValueKind::Realised, 2021))
            .unwrap();
        // 42 indicators without sub-rows + 11 sub-rows (5.3.1: 3, 6.1.3: 3, 6.1.7: 5).
        assert_eq!(realised_2021.rows, 53);
        assert_eq!(realised_2021.missing.get(&Marker::NotKnown), Some(&25));
        assert_eq!(realised_2021.missing.get(&Marker::NotYetKnown), Some(&10));
        assert_eq!(realised_2021.missing.get(&Marker::NotApplicable), Some(&3));
        assert_eq!(realised_2021.missing.get(&Marker::Nil), Some(&1));
        assert_eq!(realised_2021.without_value(), 39);
    }

    #[test]
    fn completeness_counts_what_each_row_shows_in_each_column() {
        // The counting pass agrees with asking every row and column one by one.
        let document = crate::generate::generate(&crate::generate::GenerateOptions {
            programmes: 3,
            ..Default::default()
        });
        for summary in document.completeness() {
            let (mut rows, mut unread) = (0, 0);
            let mut missing: BTreeMap<Marker, usize> = BTreeMap::new();
            for (_, _, indicator) in document.indicators() {
                for series in indicator.rows() {
                    if series.is_empty() && !indicator.series.is_empty() {
                        continue;
                    }
                    rows += 1;
                    match indicator
                        .effective_cell(series, summary.column)
                        .map(|cell| &cell.value)
                    {
                        Some(CellValue::Number(_)) => {}
                        Some(CellValue::Text) => unread += 1,
                        Some(CellValue::Missing(marker)) => {
                            *missing.entry(marker.clone()).or_default() += 1
                        }
                        None => *missing.entry(Marker::Blank).or_default() += 1,
                    }
                }
            }
            assert_eq!((summary.rows, summary.unread), (rows, unread));
            assert_eq!(summary.missing, missing, "{:?}", summary.column);
            assert!(summary.without_value() > 0);
        }
    }

    #[test]
    fn goal_code_is_the_first_part() {
        assert_eq!(goal_code_of("3.1.3"), "3");
        assert_eq!(goal_code_of("3.1"), "3");
        assert_eq!(goal_code_of("12"), "12");
    }

    fn indicator(code: &str, name: &str, printed: bool) -> Indicator {
        Indicator {
            code: code.into(),
            name: name.into(),
            unit: String::new(),
            mandatory: false,
            kind: IndicatorKind::Performance,
            series: Vec::new(),
            label_raw: if printed {
                format!("{code} - {name}")
            } else {
                name.into()
            },
            footnotes: Vec::new(),
            review: None,
            source: "S".into(),
            better: None,
            cells: Vec::new(),
        }
    }

    fn one_goal(indicators: Vec<Indicator>) -> Document {
        Document {
            sources: Vec::new(),
            programmes: vec![Programme {
                name: "P".into(),
                goals: vec![Goal {
                    code: "1".into(),
                    title: String::new(),
                    footnotes: Vec::new(),
                    source: "S".into(),
                    indicators,
                }],
            }],
        }
    }

    /// Rows printed without a code are found by name, also by a name an earlier indicator of
    /// the same import gave; a new one takes the lowest free code.
    #[test]
    fn uncoded_rows_merge_by_their_current_name_and_new_ones_take_the_lowest_free_code() {
        let mut document = one_goal(vec![
            indicator("1.1", "Banen", true),
            indicator("1.2", "Inwoners", false),
            indicator("1.4", "Bedrijven", true),
        ]);
        document.merge(one_goal(vec![
            indicator("1.1", "inwoners!", false),
            indicator("1.1", "Werk", true),
            indicator("1.1", "WERK", false),
            indicator("1.1", "Nieuw", false),
            indicator("1.1", "Ander", false),
            indicator("1.2", "nieuw", false),
            indicator("1.1", "", false),
        ]));
        let codes: Vec<(&str, &str)> = document.programmes[0].goals[0]
            .indicators
            .iter()
            .map(|indicator| (indicator.code.as_str(), indicator.name.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("1.1", "WERK"),
                ("1.2", "inwoners!"),
                ("1.4", "Bedrijven"),
                ("1.3", "nieuw"),
                ("1.5", "Ander"),
                ("1.6", ""),
            ]
        );
    }

    /// Merging keeps the first of what is there twice, as a search from the start did, and a
    /// cell of the same place and source replaces the earlier one.
    #[test]
    fn merging_replaces_cells_of_the_same_place_and_source_and_keeps_series_once() {
        let column = Column::new(ValueKind::Realised, 2021);
        let mut own = indicator("1.1", "Banen", true);
        own.series = vec!["a".into(), "b".into()];
        own.cells = vec![Cell::blank("a", column, "S"), Cell::blank("a", column, "T")];
        let mut document = one_goal(vec![own]);
        let mut incoming = indicator("1.1", "Banen", true);
        incoming.series = vec!["c".into(), "a".into(), "c".into()];
        let mut number = Cell::blank("a", column, "T");
        number.value = CellValue::Number(Decimal::new(5, 0));
        incoming.cells = vec![number.clone(), Cell::blank("c", column, "S")];
        document.merge(one_goal(vec![incoming]));
        let merged = &document.programmes[0].goals[0].indicators[0];
        assert_eq!(merged.series, vec!["a", "b", "c"]);
        assert_eq!(
            merged.cells,
            vec![
                Cell::blank("a", column, "S"),
                number,
                Cell::blank("c", column, "S")
            ]
        );
    }
}
