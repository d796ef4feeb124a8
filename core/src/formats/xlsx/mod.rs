//! Spreadsheets: a document as an Excel workbook (`.xlsx`), and workbooks (`.xlsx`, `.ods`) read
//! back into a document.
//!
//! [`write`] makes two sheets. The first ("Indicatoren" / "Indicators") is for people: the
//! document's own layout with a heading row per programme and goal, numbers as numbers shown with
//! their printed number of decimals, markers as their words on their colours (never a zero or an
//! empty cell), footnote numbers beside the values, the footnote texts under each goal, a legend
//! and the source. The second ("Lang" / "Long") holds the long CSV (`docs/csv-format.md`) row for
//! row, every field as text, so the workbook carries the interchange contract exactly.
//!
//! [`read`] reads a sheet with the long header in its first row through the long-CSV reader, so a
//! workbook written here reads back identical. Without one it reads the readable layout, which a
//! person may also have typed by hand (in Excel or LibreOffice): a heading with kinds over years,
//! goal headings, rows with a code in the first column, sub-rows with an empty first column.
//! Numbers arrive from a spreadsheet as binary floats; they are turned back into decimals with
//! the number of decimals their cell format shows, so 68,6 is `68.6` and never `68.59999…`.

use std::collections::BTreeMap;

use calamine::{Data, StyleRange};
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet};

use crate::formats::long_csv::{self, HEADER, LongCsvError};
use crate::i18n::Language;
use crate::import::{header::kind_of, read_cell};
use crate::model::{
    Cell, CellValue, Column, Document, DocumentKind, Goal, Indicator, IndicatorKind, Marker,
    Programme, Source, ValueKind, goal_code_of,
};
use crate::numbers::format_decimal;
use crate::style::{self, Rgb};
use crate::text::{fold, fold_whitespace};
use crate::view::{CellView, Emphasis, GoalNotes};

pub mod cells;
mod number_format;
mod read_layout;
mod read_long;
mod write;

use number_format::*;
use read_layout::*;
use read_long::*;
pub use write::{long_sheet_name, write, write_sheets};

/// Why a workbook could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// The document cannot be put in the long sheet (the long CSV refuses it).
    #[error("the document cannot be written as a workbook: {0}")]
    LongCsv(#[source] LongCsvError),
    /// The workbook could not be made.
    #[error("could not make the workbook: {0}")]
    Write(#[from] rust_xlsxwriter::XlsxError),
    /// The bytes are not a workbook calamine can open.
    #[error("this is not a workbook that can be read (.xlsx or .ods): {0}")]
    Open(#[source] calamine::Error),
    /// The workbook goes beyond a limit on what is read (`cells::Limit`).
    #[error("the workbook is too large to read: {0}")]
    Limit(cells::Limit),
    /// The archive or its XML is damaged (cut short, or not what it says).
    #[error("the workbook is damaged: {0}")]
    Damaged(String),
    /// A sheet has the long header, but a row breaks the long-CSV contract.
    #[error("sheet `{sheet}`, row {row}: {message}")]
    LongRow {
        /// The sheet's name.
        sheet: String,
        /// The row, 1-based as the spreadsheet numbers it.
        row: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// A sheet has the long header, but cannot be read as a long CSV.
    #[error("sheet `{sheet}` has the long header, but {source}")]
    LongSheet {
        /// The sheet's name.
        sheet: String,
        /// What the long-CSV reader found wrong.
        #[source]
        source: LongCsvError,
    },
    /// A sheet in the readable layout has a row that cannot be read.
    #[error("sheet `{sheet}`, row {row}: {message}")]
    Row {
        /// The sheet's name.
        sheet: String,
        /// The row, 1-based.
        row: u32,
        /// What is wrong, in words.
        message: String,
    },
    /// The long sheet and the readable sheet say different things: one of them was edited.
    #[error(
        "the sheets `{long}` and `{readable}` disagree: {difference}. `{long}` is read exactly, \
         so a change made only in `{readable}` would be lost: make the change in both sheets, or \
         delete the sheet that is out of date"
    )]
    SheetsDisagree {
        /// The long sheet's name.
        long: String,
        /// The readable sheet's name.
        readable: String,
        /// The first difference, in words.
        difference: String,
    },
    /// No sheet holds indicators in a layout Peilstok knows.
    #[error(
        "no sheet with the long header or an indicator table with kind and year headings (such \
         as `Werkelijk` over `2021`){}",
        if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join("; ")) }
    )]
    NoTable {
        /// What was found wrong in sheets that came close, in words.
        reasons: Vec<String>,
    },
}

/// Which sheets [`write_sheets`] puts in the workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheets {
    /// The readable table and the long sheet: what `peilstok export --format xlsx` writes.
    ReadableAndLong,
    /// The readable table alone, as a person's own spreadsheet would be.
    ReadableOnly,
}

/// Column of the codes.
const CODE_COLUMN: u16 = 0;
/// Column of the names (sub-rows indented).
const NAME_COLUMN: u16 = 1;
/// Column of the units.
const UNIT_COLUMN: u16 = 2;
/// The first column of values.
const FIRST_VALUE_COLUMN: u16 = 3;
/// Row of the title with the source.
const TITLE_ROW: u32 = 0;
/// Row of the kinds (Werkelijk, Begroot …), over the years.
const KIND_ROW: u32 = 1;
/// Row of the years, and of the headings of code, name and unit.
const YEAR_ROW: u32 = 2;
/// Widths in characters.
const CODE_WIDTH: f64 = 9.0;
const NAME_WIDTH: f64 = 60.0;
const UNIT_WIDTH: f64 = 20.0;
const VALUE_WIDTH: f64 = 12.0;
/// Height of one line of text in points, for rows whose text wraps.
const LINE_HEIGHT: f64 = 15.0;
/// Reads a workbook (`.xlsx`, `.ods`; `.xls` and `.xlsb` too): the sheet with the long header
/// exactly, else the readable layout.
///
/// When a workbook has both, and the readable sheet says something else than the long sheet (a
/// person edited one of them), it is refused with the first difference rather than have the edit
/// silently ignored.
pub fn read(bytes: &[u8]) -> Result<Document, XlsxError> {
    let (sheets, mut reasons) = cells::read_sheets(bytes)?;
    let grids: Vec<Grid> = sheets
        .into_iter()
        .map(|sheet| Grid {
            name: sheet.name,
            cells: sheet.cells,
            styles: sheet.styles,
        })
        .collect();
    if let Some(long) = grids.iter().find(|grid| grid.has_long_header()) {
        let document = read_long(long)?;
        for grid in grids.iter().filter(|grid| !grid.has_long_header()) {
            if let Ok(Some(readable)) = read_readable(grid)
                && let Some(difference) = first_difference(&document, &readable)
            {
                return Err(XlsxError::SheetsDisagree {
                    long: long.name.clone(),
                    readable: grid.name.clone(),
                    difference,
                });
            }
        }
        return Ok(document);
    }
    for grid in &grids {
        match read_readable(grid) {
            Ok(Some(document)) => return Ok(document),
            Ok(None) => {}
            Err(Unreadable::Reason(reason)) => {
                reasons.push(format!("sheet `{}`: {reason}", grid.name));
            }
            Err(Unreadable::Row { row, message }) => {
                return Err(XlsxError::Row {
                    sheet: grid.name.clone(),
                    row,
                    message,
                });
            }
        }
    }
    Err(XlsxError::NoTable { reasons })
}

static EMPTY: Data = Data::Empty;

/// One sheet's values and styles, addressed by absolute (row, column), 0-based.
struct Grid {
    name: String,
    cells: cells::SheetCells,
    styles: StyleRange,
}

impl Grid {
    fn value(&self, row: u32, column: u32) -> &Data {
        self.cells.get(row, column).unwrap_or(&EMPTY)
    }

    /// The filled columns of `row`, in order: what a loop over a row looks at, so a stray
    /// cell in column XFD costs nothing.
    fn columns_in_row(&self, row: u32) -> impl Iterator<Item = u32> + '_ {
        self.cells.columns_in_row(row)
    }

    /// The filled rows, in order.
    fn filled_rows(&self) -> impl Iterator<Item = u32> + '_ {
        self.cells.filled_rows(0)
    }

    /// The first filled row after `row`.
    fn next_filled_row(&self, row: u32) -> Option<u32> {
        self.cells.filled_rows(row.checked_add(1)?).next()
    }

    fn style(&self, row: u32, column: u32) -> Option<&calamine::Style> {
        self.styles.get((row, column))
    }

    /// A cell as a label: text with whitespace folded, a number as the spreadsheet shows it.
    fn text(&self, row: u32, column: u32) -> String {
        match self.value(row, column) {
            Data::Empty => String::new(),
            Data::String(text) => fold_whitespace(text),
            Data::Float(float) => shortest(*float),
            other => other.to_string(),
        }
    }

    /// The first and last row and column holding anything.
    fn span(&self) -> Option<((u32, u32), (u32, u32))> {
        self.cells.span()
    }

    fn has_long_header(&self) -> bool {
        long_header_width(self).is_some()
    }
}

/// A float as the shortest decimal that reads back as the same float: 68.6, not 68.59999….
fn shortest(float: f64) -> String {
    format!("{float}")
}

// ---------------------------------------------------------------------------------------------
// Reading the readable layout
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::write::*;
    use super::*;
    use crate::sample::sample_document;

    fn dec(text: &str) -> Decimal {
        crate::numbers::parse_plain_decimal(text).unwrap()
    }

    #[test]
    fn floats_become_the_decimals_their_format_shows() {
        let shape = |code: &str| NumberShape::of(code);
        assert_eq!(decimal_of(68.6, &shape("#,##0.0")), Some(dec("68.6")));
        assert_eq!(decimal_of(68.6, &shape("0.0")), Some(dec("68.6")));
        assert_eq!(
            decimal_of(689.0, &shape("#,##0.0")).unwrap().to_string(),
            "689.0"
        );
        assert_eq!(
            decimal_of(3200.0, &shape("#,##0")).unwrap().to_string(),
            "3200"
        );
        assert_eq!(
            decimal_of(10.81, &shape("0.00")).unwrap().to_string(),
            "10.81"
        );
        // Without a format, the shortest decimal; the spreadsheet's 15 digits drop float noise.
        assert_eq!(
            decimal_of(68.6, &shape("General")).unwrap().to_string(),
            "68.6"
        );
        assert_eq!(
            decimal_of(0.1 + 0.2, &NumberShape::default())
                .unwrap()
                .to_string(),
            "0.3"
        );
        // A percentage format shows the value times 100.
        assert_eq!(
            decimal_of(0.686, &shape("0.0%")).unwrap().to_string(),
            "68.6"
        );
        // Rounded half away from zero, as a spreadsheet shows it.
        assert_eq!(
            decimal_of(2.675, &shape("0.00")).unwrap().to_string(),
            "2.68"
        );
        assert_eq!(
            decimal_of(-1234.5, &shape("#,##0.0")).unwrap().to_string(),
            "-1234.5"
        );
        assert_eq!(decimal_of(f64::NAN, &shape("0")), None);
    }

    #[test]
    fn format_codes_give_scale_percent_and_footnotes() {
        let shape = NumberShape::of("#,##0.0\" 3) 5)\"");
        assert_eq!(
            shape,
            NumberShape {
                scale: Some(1),
                percent: false,
                footnotes: vec![3, 5]
            }
        );
        assert_eq!(NumberShape::of("@\" 3)\"").footnotes, vec![3]);
        assert_eq!(NumberShape::of("@\" 3)\"").scale, None);
        assert_eq!(NumberShape::of("0.00E+00").scale, None);
        assert_eq!(NumberShape::of("#,##0;[Red]-#,##0").scale, Some(0));
        assert_eq!(NumberShape::of("0.000_);(0.000)").scale, Some(3));
        assert_eq!(NumberShape::of("0\" jaar\"").footnotes, Vec::<u32>::new());
        assert_eq!(NumberShape::of("0.0\" 3)\" 0").scale, Some(1));
        assert_eq!(NumberShape::of("0.00%").scale, Some(2));
        assert_eq!(number_format(1, &[3]), "#,##0.0\" 3)\"");
        assert_eq!(number_format(0, &[]), "#,##0");
    }

    #[test]
    fn footnote_numbers_after_text_but_not_a_texts_own_parenthesis() {
        assert_eq!(split_footnote_refs("NB 3)"), ("NB", vec![3]));
        assert_eq!(split_footnote_refs("Naam 2) 4)"), ("Naam", vec![2, 4]));
        assert_eq!(
            split_footnote_refs("Aantal (groep 3)"),
            ("Aantal (groep 3)", vec![])
        );
        assert_eq!(split_footnote_refs("2023)"), ("2023)", vec![]));
        assert_eq!(split_footnote_refs("68,6"), ("68,6", vec![]));
    }

    #[test]
    fn headings_of_goals_and_codes() {
        assert_eq!(
            goal_heading("Doel 3. Alle doelgroepen 2)"),
            Some(("3".into(), "Alle doelgroepen".into(), vec![2]))
        );
        assert_eq!(
            goal_heading("Goal 12"),
            Some(("12".into(), String::new(), vec![]))
        );
        assert_eq!(
            goal_heading("3. Alle doelgroepen"),
            Some(("3".into(), "Alle doelgroepen".into(), vec![]))
        );
        assert_eq!(goal_heading("3.1.3"), None);
        assert!(is_code("3.1.3") && is_code("3.1") && !is_code("NB") && !is_code("3 1"));
        assert_eq!(kind_heading("Werkelijk"), Some((ValueKind::Realised, None)));
        assert_eq!(
            kind_heading("Begroot 2023"),
            Some((ValueKind::Budget, Some(2023)))
        );
        assert_eq!(kind_heading("Realised"), Some((ValueKind::Realised, None)));
        assert_eq!(kind_heading("Doel 3"), None);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn a_citation_names_its_source_as_the_importer_does() {
        let sample = sample_document().unwrap();
        let mut source = source_of_citation(&sample.sources[0].citation());
        source.file_name.clone_from(&sample.sources[0].file_name);
        source.footnotes.clone_from(&sample.sources[0].footnotes);
        assert_eq!(source, sample.sources[0]);
    }

    #[test]
    fn the_sample_round_trips_exactly_through_the_long_sheet() {
        let sample = sample_document().unwrap();
        let bytes = write(&sample, Language::Dutch).unwrap();
        assert_eq!(read(&bytes).unwrap(), sample);
    }

    #[test]
    fn another_publishers_sign_reads_back_as_a_marker_from_the_readable_sheet() {
        let mut sample = sample_document().unwrap();
        let indicator = sample.indicators_mut().next().unwrap();
        indicator.cells[0].value = CellValue::Missing(Marker::Other("p.m.".into()));
        indicator.cells[0].raw = "p.m.".into();
        indicator.cells[0].review = None;
        let expected = indicator.cells[0].value.clone();
        let code = indicator.code.clone();
        for sheets in [Sheets::ReadableOnly, Sheets::ReadableAndLong] {
            let bytes = write_sheets(&sample, Language::Dutch, sheets).unwrap();
            let read_back = read(&bytes).unwrap();
            let (_, _, indicator) = read_back
                .indicators()
                .find(|(_, _, indicator)| indicator.code == code)
                .unwrap();
            assert!(
                indicator.cells.iter().any(|cell| cell.value == expected),
                "{sheets:?}: {:?}",
                indicator.cells
            );
        }
    }

    #[test]
    fn an_edit_in_only_one_sheet_is_refused_with_the_place() {
        let sample = sample_document().unwrap();
        let mut edited = sample.clone();
        for programme in &mut edited.programmes {
            for goal in &mut programme.goals {
                for indicator in &mut goal.indicators {
                    if indicator.code == "3.1.3" {
                        indicator.cells[0].value = CellValue::Number(dec("70.1"));
                    }
                }
            }
        }
        // A readable sheet from the edited document beside the long sheet of the sample: as if
        // a person changed 68,6 into 70,1 in the readable sheet only.
        let mut workbook = Workbook::new();
        ReadableSheet::new(workbook.add_worksheet(), &edited, Language::Dutch)
            .write()
            .unwrap();
        write_long(
            workbook.add_worksheet(),
            &long_rows(&sample).unwrap(),
            Language::Dutch,
        )
        .unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let error = read(&bytes).unwrap_err().to_string();
        assert!(
            error.contains("3.1.3 Werkelijk 2020 is 68,6 in the long sheet and 70,1"),
            "{error}"
        );
    }

    #[test]
    fn a_workbook_without_a_table_says_what_it_looked_for() {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Begroting").unwrap();
        sheet.write_string(1, 1, "Werkelijk").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let error = read(&bytes).unwrap_err().to_string();
        assert!(error.contains("no sheet with the long header"), "{error}");
        assert!(error.contains("has no year"), "{error}");
        let error = read(b"not a workbook").unwrap_err();
        assert!(matches!(error, XlsxError::Open(_)), "{error}");
    }
}
