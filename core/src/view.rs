//! How a cell looks and what a goal's table says under it, decided once: the table on screen,
//! the report on paper and the workbook all paint from [`CellView`] and [`GoalNotes`], as the
//! screen plot and the paper chart both paint a [`crate::chart::TrendChart`].

use rust_decimal::Decimal;

use crate::i18n::Language;
use crate::model::{Cell, CellValue, Column, Document, Goal, Indicator, Marker};
use crate::numbers::format_decimal;
use crate::style::{self, Rgb};

/// What a cell's background says. The order is the precedence: sources that disagree are said
/// first, then a cell to check, then a missing value's marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Look {
    /// A number, nothing to say: no background.
    Plain,
    /// Sources disagree and no person chose: the conflict colour.
    Conflict,
    /// Awaiting a person's check (a doubtful reading, or text that is no value): yellow.
    Review,
    /// No value: the marker's colour (a cell nobody filled in is [`Marker::Blank`]).
    Missing(Marker),
}

impl Look {
    /// The background colour, by meaning; `None` on a plain number.
    pub fn background(&self) -> Option<Rgb> {
        match self {
            Look::Plain => None,
            Look::Conflict => Some(style::CONFLICT),
            Look::Review => Some(style::REVIEW),
            Look::Missing(marker) => Some(style::marker_background(marker)),
        }
    }
}

/// How a cell's text is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emphasis {
    /// A number.
    Regular,
    /// The cell's own marker.
    Strong,
    /// Not the cell's own value: a marker inherited from the group row, nothing filled in, or
    /// printed text that is no value.
    Italic,
}

/// A sign beside a cell's text, so that it reads without colour too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// `≠`: sources disagree.
    Conflict,
    /// `?`: to check.
    Review,
}

impl Flag {
    /// The sign.
    pub fn sign(self) -> &'static str {
        match self {
            Flag::Conflict => "≠",
            Flag::Review => "?",
        }
    }
}

/// How one cell of a table looks: its text, colour meaning, flags and footnotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellView<'a> {
    /// The cell that speaks for the row and column (see [`Indicator::displayed_cell`]);
    /// `None`: nothing filled in.
    pub cell: Option<&'a Cell>,
    /// The cell is the group row's marker, shown on a sub-row.
    pub inherited: bool,
    /// The text: a number in the language's notation, a marker's sign, or printed text.
    pub text: String,
    /// The number, for painters that keep numbers as numbers (the workbook).
    pub number: Option<Decimal>,
    /// What the background says.
    pub look: Look,
    /// How the text is set.
    pub emphasis: Emphasis,
    /// Signs beside the text, in reading order.
    pub flags: Vec<Flag>,
    /// Footnote numbers beside the text.
    pub footnotes: Vec<u32>,
}

/// One line of what a cell says on closer look (a tooltip, a spreadsheet note).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellNote {
    /// What the marker means: `NB: niet bekend …`.
    Marker(String),
    /// The marker is the group row's.
    Inherited(String),
    /// Why the cell is to be checked.
    Review(String),
    /// A footnote of the cell, with its text.
    Footnote(String),
    /// The text as printed.
    Raw(String),
    /// The source the value comes from.
    Source(String),
    /// Sources disagree and wait for a person.
    Conflict(String),
    /// What another source gives for the same cell (kept on record).
    Other(String),
}

impl CellNote {
    /// The line's text.
    pub fn text(&self) -> &str {
        match self {
            CellNote::Marker(text)
            | CellNote::Inherited(text)
            | CellNote::Review(text)
            | CellNote::Footnote(text)
            | CellNote::Raw(text)
            | CellNote::Source(text)
            | CellNote::Conflict(text)
            | CellNote::Other(text) => text,
        }
    }
}

impl<'a> CellView<'a> {
    /// How `series` of `indicator` looks in `column`; `None` for a group row whose sub-rows hold
    /// the values (it shows nothing).
    pub fn of(
        indicator: &'a Indicator,
        series: &str,
        column: Column,
        language: Language,
    ) -> Option<CellView<'a>> {
        let (cell, inherited) = indicator.displayed_cell(series, column)?;
        let conflict = indicator.open_conflict(series, column).is_some();
        let Some(cell) = cell else {
            return Some(CellView {
                cell: None,
                inherited: false,
                text: language.marker_label(&Marker::Blank),
                number: None,
                look: Look::Missing(Marker::Blank),
                emphasis: Emphasis::Italic,
                flags: Vec::new(),
                footnotes: Vec::new(),
            });
        };
        let to_check = cell.review.is_some() || matches!(cell.value, CellValue::Text);
        let (text, number, emphasis, missing) = match &cell.value {
            CellValue::Number(number) => (
                format_decimal(*number, language),
                Some(*number),
                Emphasis::Regular,
                None,
            ),
            CellValue::Missing(marker) => (
                language.marker_label(marker),
                None,
                if inherited {
                    Emphasis::Italic
                } else {
                    Emphasis::Strong
                },
                Some(marker.clone()),
            ),
            CellValue::Text => (cell.raw.clone(), None, Emphasis::Italic, None),
        };
        let look = if conflict {
            Look::Conflict
        } else if to_check {
            Look::Review
        } else if let Some(marker) = missing {
            Look::Missing(marker)
        } else {
            Look::Plain
        };
        let mut flags = Vec::new();
        if conflict {
            flags.push(Flag::Conflict);
        }
        if to_check {
            flags.push(Flag::Review);
        }
        Some(CellView {
            cell: Some(cell),
            inherited,
            text,
            number,
            look,
            emphasis,
            flags,
            footnotes: cell.footnotes.clone(),
        })
    }

    /// The text with its flags before it (`≠ 12,5`, `? 431`), for painters that cannot set a
    /// sign apart: paper and the workbook.
    pub fn flagged_text(&self) -> String {
        let mut text = String::new();
        for flag in &self.flags {
            text.push_str(flag.sign());
            text.push(' ');
        }
        text.push_str(&self.text);
        text
    }

    /// What the cell says on closer look, in the order it is said: the marker's meaning,
    /// inheritance, the reason to check, the footnotes, the printed text, the source, and what
    /// each source says when they disagree.
    pub fn notes(
        &self,
        document: &Document,
        indicator: &Indicator,
        series: &str,
        column: Column,
        language: Language,
    ) -> Vec<CellNote> {
        let texts = language.texts();
        let marker_note = |marker: &Marker| {
            CellNote::Marker(format!(
                "{}: {}",
                language.marker_label(marker),
                language.marker_meaning(marker)
            ))
        };
        let Some(cell) = self.cell else {
            return vec![marker_note(&Marker::Blank)];
        };
        let mut notes = Vec::new();
        if let CellValue::Missing(marker) = &cell.value {
            notes.push(marker_note(marker));
        }
        if self.inherited {
            notes.push(CellNote::Inherited(texts.inherited.to_string()));
        }
        if let Some(review) = &cell.review {
            notes.push(CellNote::Review(format!(
                "{}: {review}",
                texts.review_heading
            )));
        }
        for number in &cell.footnotes {
            // A number whose text the source does not give is still said, with a `?`.
            let text = document.footnote_text(&cell.source, *number).unwrap_or("?");
            notes.push(CellNote::Footnote(format!(
                "{} {number}: {text}",
                texts.footnote
            )));
        }
        if !cell.raw.is_empty() {
            notes.push(CellNote::Raw(format!("{}: {}", texts.raw_text, cell.raw)));
        }
        if let Some(source) = document.source(&cell.source) {
            notes.push(CellNote::Source(format!(
                "{}: {}",
                texts.source,
                source.citation()
            )));
        }
        // Other sources for the same cell stay on record; a disagreement waits for a person.
        if self.flags.contains(&Flag::Conflict) {
            notes.push(CellNote::Conflict(format!(
                "{} {}",
                Flag::Conflict.sign(),
                texts.conflict_open
            )));
        }
        for other in indicator
            .candidates(series, column)
            .into_iter()
            .filter(|other| !std::ptr::eq(*other, cell))
        {
            let citation = document
                .source(&other.source)
                .map_or(other.source.clone(), |source| source.citation());
            let said = match &other.value {
                CellValue::Number(number) => format_decimal(*number, language),
                CellValue::Missing(Marker::Blank) => String::new(),
                CellValue::Missing(marker) => language.marker_label(marker),
                CellValue::Text => other.raw.clone(),
            };
            notes.push(CellNote::Other(format!(
                "{} {citation}: {said}",
                texts.other_source
            )));
        }
        notes
    }
}

/// What is said under a goal's table: the footnotes it refers to, with their texts, and the
/// cells to check, with why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoalNotes {
    /// `(number, text)` in the order of their numbers, each once. A number whose source
    /// prints no such footnote is left out: nothing is guessed from another source.
    pub footnotes: Vec<(u32, String)>,
    /// `(indicator code, column heading, reason)` of every cell to check, in table order.
    pub to_check: Vec<(String, String, String)>,
}

impl GoalNotes {
    /// The notes of `goal`'s table showing `indicators`.
    pub fn of(
        document: &Document,
        goal: &Goal,
        indicators: &[&Indicator],
        language: Language,
    ) -> GoalNotes {
        let mut numbers: Vec<(u32, &str)> = goal
            .footnotes
            .iter()
            .map(|number| (*number, goal.source.as_str()))
            .collect();
        let mut to_check = Vec::new();
        for indicator in indicators {
            numbers.extend(
                indicator
                    .footnotes
                    .iter()
                    .map(|number| (*number, indicator.source.as_str())),
            );
            for cell in &indicator.cells {
                numbers.extend(
                    cell.footnotes
                        .iter()
                        .map(|number| (*number, cell.source.as_str())),
                );
                if let Some(review) = &cell.review {
                    to_check.push((
                        indicator.code.clone(),
                        language.column_heading(cell.column),
                        review.clone(),
                    ));
                }
            }
        }
        let mut footnotes: Vec<(u32, String)> = Vec::new();
        for (number, source) in numbers {
            if let Some(text) = document.footnote_text(source, number) {
                let note = (number, text.to_string());
                if !footnotes.contains(&note) {
                    footnotes.push(note);
                }
            }
        }
        footnotes.sort_by_key(|(number, _)| *number);
        GoalNotes {
            footnotes,
            to_check,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, ValueKind};

    fn sample_indicator<'a>(document: &'a Document, code: &str) -> &'a Indicator {
        document
            .indicators()
            .find(|(_, _, indicator)| indicator.code == code)
            .map(|(_, _, indicator)| indicator)
            .unwrap()
    }

    #[test]
    fn a_marker_with_a_footnote_is_its_sign_on_its_colour() {
        let document = crate::sample::sample_document().unwrap();
        let indicator = sample_indicator(&document, "3.1.3");
        let view = CellView::of(
            indicator,
            "",
            Column::new(ValueKind::Realised, 2021),
            Language::Dutch,
        )
        .unwrap();
        assert_eq!(view.text, "NB");
        assert_eq!(view.look, Look::Missing(Marker::NotKnown));
        assert_eq!(view.look.background(), Some(style::MARKER_NB));
        assert_eq!(view.emphasis, Emphasis::Strong);
        assert_eq!(view.footnotes, vec![3]);
        assert!(view.flags.is_empty());
        let notes = view.notes(
            &document,
            indicator,
            "",
            Column::new(ValueKind::Realised, 2021),
            Language::Dutch,
        );
        assert!(
            notes
                .iter()
                .any(|note| note.text().contains("waarstaatjegemeente"))
        );
    }

    #[test]
    fn sources_that_disagree_come_before_a_check_and_say_what_each_gives() {
        let mut document = crate::sample::sample_document().unwrap();
        let column = Column::new(ValueKind::Realised, 2021);
        let indicator = &mut document.programmes[0].goals[0].indicators[0];
        let mut other = indicator.cell("", column).unwrap().clone();
        other.value = CellValue::Number(Decimal::new(1234, 1));
        other.review = Some("te controleren".into());
        other.source = "ander".into();
        let mut first = other.clone();
        first.value = CellValue::Number(Decimal::new(99, 0));
        first.source = document.sources[0].key.clone();
        indicator
            .cells
            .retain(|cell| cell.column != column || !cell.series.is_empty());
        indicator.cells.push(first);
        indicator.cells.push(other);
        let indicator = &document.programmes[0].goals[0].indicators[0];
        let view = CellView::of(indicator, "", column, Language::Dutch).unwrap();
        assert_eq!(view.look, Look::Conflict);
        assert_eq!(view.flags, vec![Flag::Conflict, Flag::Review]);
        assert_eq!(view.flagged_text(), "≠ ? 123,4");
        let notes = view.notes(&document, indicator, "", column, Language::Dutch);
        assert!(
            notes
                .iter()
                .any(|note| matches!(note, CellNote::Conflict(_)))
        );
        let others: Vec<&str> = notes
            .iter()
            .filter(|note| matches!(note, CellNote::Other(_)))
            .map(CellNote::text)
            .collect();
        assert_eq!(others.len(), 1, "{others:?}");
        assert!(others[0].ends_with(": 99"), "{others:?}");
    }
}
