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
use std::io::Cursor;

use calamine::{Data, Reader, StyleRange};
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

/// The workbook of `document`: the readable sheet in `language`, then the long sheet.
pub fn write(document: &Document, language: Language) -> Result<Vec<u8>, XlsxError> {
    write_sheets(document, language, Sheets::ReadableAndLong)
}

/// The workbook of `document` with the chosen sheets.
pub fn write_sheets(
    document: &Document,
    language: Language,
    sheets: Sheets,
) -> Result<Vec<u8>, XlsxError> {
    // The long rows come first, so a document the long CSV refuses is refused before any work.
    let long_rows = match sheets {
        Sheets::ReadableAndLong => Some(long_rows(document)?),
        Sheets::ReadableOnly => None,
    };
    let mut workbook = Workbook::new();
    ReadableSheet::new(workbook.add_worksheet(), document, language).write()?;
    if let Some(rows) = long_rows {
        write_long(workbook.add_worksheet(), &rows, language)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The name of the long sheet.
pub fn long_sheet_name(language: Language) -> &'static str {
    match language {
        Language::Dutch => "Lang",
        Language::English => "Long",
    }
}

// ---------------------------------------------------------------------------------------------
// Writing: the long sheet
// ---------------------------------------------------------------------------------------------

/// The long CSV of `document` as records: written by `long_csv::write` and read back, so the
/// sheet and the CSV are one contract.
fn long_rows(document: &Document) -> Result<Vec<csv::StringRecord>, XlsxError> {
    let mut bytes = Vec::new();
    long_csv::write(document, &mut bytes).map_err(XlsxError::LongCsv)?;
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| XlsxError::LongCsv(LongCsvError::Write(error)))
}

/// Widths of the long sheet's columns, in the order of [`HEADER`].
const LONG_WIDTHS: [f64; 14] = [
    9.0, 14.0, 40.0, 14.0, 9.0, 6.0, 9.0, 9.0, 8.0, 22.0, 9.0, 30.0, 22.0, 7.0,
];

fn write_long(
    sheet: &mut Worksheet,
    rows: &[csv::StringRecord],
    language: Language,
) -> Result<(), XlsxError> {
    sheet.set_name(long_sheet_name(language))?;
    // Every field is text, and the columns are formatted as text, so that neither the
    // spreadsheet nor a person typing in it turns `689.0` into 689 or `3;5` into a date.
    let text = Format::new().set_num_format("@");
    let header = text.clone().set_bold();
    for (index, width) in LONG_WIDTHS.iter().enumerate() {
        let column = sheet_column(index)?;
        sheet.set_column_width(column, *width)?;
        sheet.set_column_format(column, &text)?;
    }
    for (index, record) in rows.iter().enumerate() {
        let row = sheet_row(index)?;
        let format = if index == 0 { &header } else { &text };
        for (column, field) in record.iter().enumerate() {
            if !field.is_empty() {
                sheet.write_string_with_format(row, sheet_column(column)?, field, format)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn sheet_row(index: usize) -> Result<u32, XlsxError> {
    u32::try_from(index)
        .map_err(|_| XlsxError::Write(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

fn sheet_column(index: usize) -> Result<u16, XlsxError> {
    u16::try_from(index)
        .map_err(|_| XlsxError::Write(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

// ---------------------------------------------------------------------------------------------
// Writing: the readable sheet
// ---------------------------------------------------------------------------------------------

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

fn colour(rgb: Rgb) -> Color {
    Color::RGB((u32::from(rgb.0) << 16) | (u32::from(rgb.1) << 8) | u32::from(rgb.2))
}

/// ` 3) 5)`: the footnote numbers as the report prints them beside a value.
fn footnote_refs(numbers: &[u32]) -> String {
    numbers.iter().map(|number| format!(" {number})")).collect()
}

/// The number format that shows `scale` decimals with thousands grouping (`#,##0.0`), so Dutch
/// Excel shows 3.200 and 68,6, with the footnote numbers as literal text after the value.
fn number_format(scale: u32, footnotes: &[u32]) -> String {
    let mut code = String::from("#,##0");
    if scale > 0 {
        code.push('.');
        code.extend(std::iter::repeat_n('0', scale as usize));
    }
    if !footnotes.is_empty() {
        code.push_str(&format!("\"{}\"", footnote_refs(footnotes)));
    }
    code
}

/// The sheet column of the `index`th value column.
fn value_column(index: usize) -> Result<u16, XlsxError> {
    sheet_column(index)?
        .checked_add(FIRST_VALUE_COLUMN)
        .ok_or(XlsxError::Write(
            rust_xlsxwriter::XlsxError::RowColumnLimitError,
        ))
}

/// Lines of text a string of `chars` characters takes in a column `width` characters wide.
fn lines_for(chars: usize, width: f64) -> f64 {
    (chars as f64 / width).ceil().max(1.0)
}

struct ReadableSheet<'a> {
    sheet: &'a mut Worksheet,
    document: &'a Document,
    language: Language,
    columns: Vec<Column>,
    row: u32,
}

impl<'a> ReadableSheet<'a> {
    fn new(sheet: &'a mut Worksheet, document: &'a Document, language: Language) -> Self {
        ReadableSheet {
            sheet,
            document,
            language,
            columns: document.columns(),
            row: YEAR_ROW + 1,
        }
    }

    fn last_column(&self) -> u16 {
        let count = u16::try_from(self.columns.len()).unwrap_or(u16::MAX);
        FIRST_VALUE_COLUMN
            .saturating_add(count)
            .saturating_sub(1)
            .max(UNIT_COLUMN)
    }

    fn write(mut self) -> Result<(), XlsxError> {
        let texts = self.language.texts();
        self.sheet.set_name(texts.indicators_heading)?;
        self.sheet.set_default_note_author(texts.app_name);
        self.headings()?;
        let document = self.document;
        for programme in &document.programmes {
            if !programme.name.is_empty() {
                let heading = format!("{} {}", texts.report_programme, programme.name);
                let format = Format::new().set_bold().set_font_size(12);
                self.sheet
                    .write_string_with_format(self.row, CODE_COLUMN, heading, &format)?;
                self.row += 1;
            }
            for goal in &programme.goals {
                self.goal(goal)?;
            }
        }
        self.legend()?;
        self.sources()?;
        self.layout()
    }

    /// The title, and the two heading rows: kind over year, as the report prints them.
    fn headings(&mut self) -> Result<(), XlsxError> {
        let texts = self.language.texts();
        let citations: Vec<String> = self.document.sources.iter().map(Source::citation).collect();
        let title = if citations.is_empty() {
            texts.indicators_heading.to_string()
        } else {
            format!("{}: {}", texts.indicators_heading, citations.join("; "))
        };
        let title_format = Format::new().set_bold().set_font_size(14);
        self.sheet
            .write_string_with_format(TITLE_ROW, CODE_COLUMN, title, &title_format)?;
        let heading = Format::new().set_bold();
        let right = heading.clone().set_align(FormatAlign::Right);
        let ruled = heading.clone().set_border_bottom(FormatBorder::Thin);
        let ruled_right = right.clone().set_border_bottom(FormatBorder::Thin);
        for (column, label) in [
            (CODE_COLUMN, texts.column_code),
            (NAME_COLUMN, texts.column_name),
            (UNIT_COLUMN, texts.column_unit),
        ] {
            self.sheet
                .write_string_with_format(YEAR_ROW, column, label, &ruled)?;
        }
        for (index, column) in self.columns.iter().enumerate() {
            let sheet_column = value_column(index)?;
            self.sheet.write_string_with_format(
                KIND_ROW,
                sheet_column,
                self.language.value_kind(column.kind),
                &right,
            )?;
            let year = column.year.map(|year| year.to_string()).unwrap_or_default();
            self.sheet
                .write_string_with_format(YEAR_ROW, sheet_column, year, &ruled_right)?;
        }
        Ok(())
    }

    fn goal(&mut self, goal: &Goal) -> Result<(), XlsxError> {
        let texts = self.language.texts();
        let heading = if goal.title.is_empty() {
            format!(
                "{} {}{}",
                texts.goal,
                goal.code,
                footnote_refs(&goal.footnotes)
            )
        } else {
            format!(
                "{} {}. {}{}",
                texts.goal,
                goal.code,
                goal.title,
                footnote_refs(&goal.footnotes)
            )
        };
        let format = Format::new().set_bold().set_font_size(12);
        self.sheet
            .write_string_with_format(self.row, CODE_COLUMN, heading, &format)?;
        self.row += 1;
        for indicator in &goal.indicators {
            self.indicator(indicator)?;
        }
        self.footnotes(goal)?;
        self.row += 1;
        Ok(())
    }

    fn indicator(&mut self, indicator: &Indicator) -> Result<(), XlsxError> {
        let texts = self.language.texts();
        let top = Format::new().set_align(FormatAlign::Top);
        let name_format = top.clone().set_text_wrap();
        for series in indicator.rows() {
            let name = if series.is_empty() {
                self.sheet.write_string_with_format(
                    self.row,
                    CODE_COLUMN,
                    &indicator.code,
                    &top,
                )?;
                self.sheet.write_string_with_format(
                    self.row,
                    UNIT_COLUMN,
                    &indicator.unit,
                    &name_format,
                )?;
                let mandatory = if indicator.mandatory {
                    format!(" ({})", texts.mandatory)
                } else {
                    String::new()
                };
                let name = format!(
                    "{}{mandatory}{}",
                    indicator.name,
                    footnote_refs(&indicator.footnotes)
                );
                self.sheet
                    .write_string_with_format(self.row, NAME_COLUMN, &name, &name_format)?;
                name
            } else {
                // Indented, so the sub-rows read as parts of the indicator above.
                let indented = name_format.clone().set_indent(2);
                self.sheet
                    .write_string_with_format(self.row, NAME_COLUMN, series, &indented)?;
                series.to_string()
            };
            let lines = lines_for(name.chars().count(), NAME_WIDTH)
                .max(lines_for(indicator.unit.chars().count(), UNIT_WIDTH));
            if lines > 1.0 {
                self.sheet.set_row_height(self.row, lines * LINE_HEIGHT)?;
            }
            for index in 0..self.columns.len() {
                self.value(indicator, series, index)?;
            }
            self.row += 1;
        }
        Ok(())
    }

    /// One value cell, painted from its [`CellView`]: a number stays a number, with its printed
    /// decimals and footnotes in its format; a marker is its words on its colour; printed text
    /// that is no value is `? …` on yellow. The background says what the window's does (sources
    /// that disagree, a cell to check, a marker). A note says what hovering in the window says.
    fn value(
        &mut self,
        indicator: &Indicator,
        series: &str,
        index: usize,
    ) -> Result<(), XlsxError> {
        let column = self.columns[index];
        let sheet_column = value_column(index)?;
        let Some(view) = CellView::of(indicator, series, column, self.language) else {
            return Ok(()); // A group row: its sub-rows hold the values.
        };
        let right = Format::new().set_align(FormatAlign::Right);
        let mut format = match view.look.background() {
            Some(background) => right
                .set_font_color(colour(style::MARKER_TEXT))
                .set_background_color(colour(background)),
            None => right,
        };
        match view.emphasis {
            Emphasis::Strong => format = format.set_bold(),
            Emphasis::Italic => format = format.set_bold().set_italic(),
            Emphasis::Regular => {}
        }
        match view.number {
            Some(number) => {
                let format = format.set_num_format(number_format(number.scale(), &view.footnotes));
                // The hand-over to the spreadsheet: Rust's float parsing rounds correctly, so
                // the cell holds the double nearest to the exact decimal.
                match number.to_string().parse::<f64>() {
                    Ok(float) => self.sheet.write_number_with_format(
                        self.row,
                        sheet_column,
                        float,
                        &format,
                    )?,
                    Err(_) => self.sheet.write_string_with_format(
                        self.row,
                        sheet_column,
                        number.to_string(),
                        &format,
                    )?,
                };
            }
            None => {
                if !view.footnotes.is_empty() {
                    format =
                        format.set_num_format(format!("@\"{}\"", footnote_refs(&view.footnotes)));
                }
                // A marker is its words (the yellow of a check says the rest, and reads back as
                // such); printed text that is no value keeps its `?`, so that it is never taken
                // for a number when the sheet is read back or printed in black and white.
                let text = match view.cell.map(|cell| &cell.value) {
                    Some(CellValue::Text) => view.flagged_text(),
                    _ => view.text.clone(),
                };
                self.sheet
                    .write_string_with_format(self.row, sheet_column, text, &format)?;
            }
        }
        // A note where the cell has more to say than its value.
        if view.inherited || !view.flags.is_empty() || !view.footnotes.is_empty() {
            let lines: Vec<String> = view
                .notes(self.document, indicator, series, column, self.language)
                .iter()
                .map(|note| note.text().to_string())
                .collect();
            let text = lines.join("\n");
            let height = lines
                .iter()
                .map(|line| lines_for(line.chars().count(), 45.0))
                .sum::<f64>();
            let note = Note::new(text)
                .add_author_prefix(false)
                .set_width(320)
                .set_height((height * 16.0 + 12.0).clamp(40.0, 400.0) as u32);
            self.sheet.insert_note(self.row, sheet_column, &note)?;
        }
        Ok(())
    }

    /// The footnote texts of a goal's table under its last row: `3) Geen data bekend …`.
    fn footnotes(&mut self, goal: &Goal) -> Result<(), XlsxError> {
        let indicators: Vec<&Indicator> = goal.indicators.iter().collect();
        let notes = GoalNotes::of(self.document, goal, &indicators, self.language);
        let format = Format::new()
            .set_italic()
            .set_font_size(9)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        for (number, text) in &notes.footnotes {
            self.footnote_row(*number, text, &format)?;
        }
        Ok(())
    }

    /// `3) Geen data bekend …` in the name column, merged across the unit and value columns so a
    /// long footnote wraps over the table's width.
    fn footnote_row(&mut self, number: u32, text: &str, format: &Format) -> Result<(), XlsxError> {
        let last = self.last_column();
        let width =
            NAME_WIDTH + UNIT_WIDTH + VALUE_WIDTH * f64::from(last.saturating_sub(UNIT_COLUMN));
        let line = format!("{number}) {text}");
        self.sheet
            .merge_range(self.row, NAME_COLUMN, self.row, last, &line, format)?;
        let lines = lines_for(line.chars().count(), width * 1.1);
        if lines > 1.0 {
            self.sheet.set_row_height(self.row, lines * 12.0)?;
        }
        self.row += 1;
        Ok(())
    }

    /// What each marker means, and the colour of a cell to check.
    fn legend(&mut self) -> Result<(), XlsxError> {
        let texts = self.language.texts();
        self.sheet.write_string_with_format(
            self.row,
            CODE_COLUMN,
            texts.legend_heading,
            &Format::new().set_bold(),
        )?;
        self.row += 1;
        let mut markers = Marker::STANDARD.to_vec();
        for (_, _, indicator) in self.document.indicators() {
            for marker in indicator.cells.iter().filter_map(Cell::marker) {
                if !markers.contains(marker) {
                    markers.push(marker.clone());
                }
            }
        }
        let label = |background: Rgb| {
            Format::new()
                .set_bold()
                .set_align(FormatAlign::Right)
                .set_font_color(colour(style::MARKER_TEXT))
                .set_background_color(colour(background))
        };
        for marker in &markers {
            self.sheet.write_string_with_format(
                self.row,
                CODE_COLUMN,
                self.language.marker_label(marker),
                &label(style::marker_background(marker)),
            )?;
            self.sheet
                .write_string(self.row, NAME_COLUMN, self.language.marker_meaning(marker))?;
            self.row += 1;
        }
        self.sheet
            .write_string_with_format(self.row, CODE_COLUMN, "?", &label(style::REVIEW))?;
        self.sheet
            .write_string(self.row, NAME_COLUMN, texts.legend_review)?;
        self.row += 2;
        Ok(())
    }

    /// The sources, each followed by its footnotes that no table refers to: `507` may be 50
    /// with footnote 7, and the person deciding needs footnote 7's text.
    fn sources(&mut self) -> Result<(), XlsxError> {
        let texts = self.language.texts();
        let document = self.document;
        let mut referred: Vec<(&str, u32)> = Vec::new();
        for (_, goal) in document.goals() {
            let source = goal.source.as_str();
            referred.extend(goal.footnotes.iter().map(|number| (source, *number)));
            for indicator in &goal.indicators {
                for number in &indicator.footnotes {
                    referred.extend([(indicator.source.as_str(), *number), (source, *number)]);
                }
                for cell in &indicator.cells {
                    for number in &cell.footnotes {
                        referred.extend([(cell.source.as_str(), *number), (source, *number)]);
                    }
                }
            }
        }
        let format = Format::new()
            .set_italic()
            .set_font_size(9)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        for source in &document.sources {
            self.sheet.write_string(
                self.row,
                CODE_COLUMN,
                format!("{}: {}", texts.source, source.citation()),
            )?;
            self.row += 1;
            for (number, text) in &source.footnotes {
                if !referred.contains(&(source.key.as_str(), *number)) {
                    self.footnote_row(*number, text, &format)?;
                }
            }
        }
        Ok(())
    }

    /// Widths, frozen headings, and a page setup that prints the table across one page wide.
    fn layout(self) -> Result<(), XlsxError> {
        self.sheet.set_column_width(CODE_COLUMN, CODE_WIDTH)?;
        self.sheet.set_column_width(NAME_COLUMN, NAME_WIDTH)?;
        self.sheet.set_column_width(UNIT_COLUMN, UNIT_WIDTH)?;
        for index in 0..self.columns.len() {
            self.sheet
                .set_column_width(value_column(index)?, VALUE_WIDTH)?;
        }
        // The headings stay in view, and so do code and name while scrolling through the years.
        self.sheet.set_freeze_panes(YEAR_ROW + 1, UNIT_COLUMN)?;
        self.sheet.set_landscape();
        self.sheet.set_paper_size(9); // A4
        self.sheet.set_repeat_rows(KIND_ROW, YEAR_ROW)?;
        self.sheet.set_print_fit_to_pages(1, 0);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Reads a workbook (`.xlsx`, `.ods`; `.xls` and `.xlsb` too): the sheet with the long header
/// exactly, else the readable layout.
///
/// When a workbook has both, and the readable sheet says something else than the long sheet (a
/// person edited one of them), it is refused with the first difference rather than have the edit
/// silently ignored.
pub fn read(bytes: &[u8]) -> Result<Document, XlsxError> {
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(XlsxError::Open)?;
    let mut grids = Vec::new();
    let mut reasons = Vec::new();
    for name in workbook.sheet_names() {
        match workbook.worksheet_range(&name) {
            Ok(cells) => {
                // Styles only help (decimals, footnotes, the yellow of a cell to check); a sheet
                // whose styles cannot be read is still read.
                let styles = workbook.worksheet_style(&name).unwrap_or_default();
                grids.push(Grid {
                    name,
                    cells,
                    styles,
                });
            }
            Err(error) => reasons.push(format!("sheet `{name}` cannot be read: {error}")),
        }
    }
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
    cells: calamine::Range<Data>,
    styles: StyleRange,
}

impl Grid {
    fn value(&self, row: u32, column: u32) -> &Data {
        self.cells.get_value((row, column)).unwrap_or(&EMPTY)
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
        Some((self.cells.start()?, self.cells.end()?))
    }

    fn has_long_header(&self) -> bool {
        long_header_width(self).is_some()
    }
}

/// A float as the shortest decimal that reads back as the same float: 68.6, not 68.59999….
fn shortest(float: f64) -> String {
    format!("{float}")
}

/// How many columns the long header in row 1 has (14, or 13 for files of the first version).
fn long_header_width(grid: &Grid) -> Option<usize> {
    let found: Vec<String> = (0..HEADER.len())
        .map(|column| match grid.value(0, column as u32) {
            Data::String(text) => text.trim().to_string(),
            _ => String::new(),
        })
        .collect();
    if found == HEADER {
        Some(HEADER.len())
    } else if found[..HEADER.len() - 1] == HEADER[..HEADER.len() - 1]
        && found[HEADER.len() - 1].is_empty()
    {
        Some(HEADER.len() - 1)
    } else {
        None
    }
}

/// The long sheet: its rows written as CSV records and read by the long-CSV reader.
fn read_long(grid: &Grid) -> Result<Document, XlsxError> {
    let width = long_header_width(grid).unwrap_or(HEADER.len());
    let last_row = grid.span().map_or(0, |(_, (row, _))| row);
    let mut bytes = Vec::new();
    // The sheet row of each record after the header, so an error names the row a person sees.
    let mut sheet_rows = Vec::new();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        for row in 0..=last_row {
            let fields: Vec<String> = (0..width)
                .map(|column| long_field(grid, row, column as u32))
                .collect();
            // A row a person emptied is no record.
            if row > 0 && fields.iter().all(String::is_empty) {
                continue;
            }
            if row > 0 {
                sheet_rows.push(row as usize + 1);
            }
            writer
                .write_record(&fields)
                .map_err(|error| XlsxError::LongSheet {
                    sheet: grid.name.clone(),
                    source: LongCsvError::Write(error),
                })?;
        }
        writer.flush().map_err(|error| XlsxError::LongSheet {
            sheet: grid.name.clone(),
            source: LongCsvError::Io(error),
        })?;
    }
    long_csv::read(bytes.as_slice()).map_err(|source| match source {
        LongCsvError::Row { line, message } => XlsxError::LongRow {
            sheet: grid.name.clone(),
            row: usize::try_from(line)
                .ok()
                .and_then(|line| sheet_rows.get(line.checked_sub(2)?).copied())
                .unwrap_or(0),
            message,
        },
        source => XlsxError::LongSheet {
            sheet: grid.name.clone(),
            source,
        },
    })
}

/// A field of the long sheet as text. The writer writes text; a person may have typed a number,
/// which then reads with the decimals its format shows.
fn long_field(grid: &Grid, row: u32, column: u32) -> String {
    match grid.value(row, column) {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(float) => {
            let shape = NumberShape::of_cell(grid.style(row, column));
            decimal_of(*float, &shape).map_or_else(|| shortest(*float), |number| number.to_string())
        }
        Data::Bool(value) => value.to_string(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the readable layout
// ---------------------------------------------------------------------------------------------

/// Why a sheet in the readable layout could not be read.
enum Unreadable {
    /// The sheet came close to a table but is not one; said in the final error.
    Reason(String),
    /// A row of a table cannot be read: the whole import stops here.
    Row { row: u32, message: String },
}

/// The heading of a table: which columns hold codes, names, units and which values.
#[derive(Debug)]
struct Heading {
    /// The last row the heading takes.
    last_row: u32,
    code: u32,
    name: Option<u32>,
    unit: Option<u32>,
    values: Vec<(u32, Column)>,
}

/// The words for a kind of value, in either language and the usual Dutch synonyms.
fn value_kind_word(word: &str) -> Option<ValueKind> {
    let word = word.trim_end_matches(':');
    kind_of(word).or_else(|| {
        Language::ALL.iter().find_map(|language| {
            ValueKind::ALL
                .into_iter()
                .find(|kind| fold(language.value_kind(*kind)) == word)
        })
    })
}

/// `Werkelijk`, `Werkelijk 2021` or `2021 Werkelijk`: a kind with or without its year.
fn kind_heading(text: &str) -> Option<(ValueKind, Option<i32>)> {
    let folded = fold(text);
    match folded.split_whitespace().collect::<Vec<_>>()[..] {
        [word] => Some((value_kind_word(word)?, None)),
        [first, second] => match (value_kind_word(first), value_kind_word(second)) {
            (Some(kind), None) => Some((kind, Some(year_of_text(second)?))),
            (None, Some(kind)) => Some((kind, Some(year_of_text(first)?))),
            _ => None,
        },
        _ => None,
    }
}

fn year_of_text(text: &str) -> Option<i32> {
    let year: i32 = text.trim().parse().ok()?;
    (1800..=2200).contains(&year).then_some(year)
}

fn year_of(data: &Data) -> Option<i32> {
    match data {
        Data::String(text) => year_of_text(text),
        Data::Int(int) => i32::try_from(*int)
            .ok()
            .filter(|year| (1800..=2200).contains(year)),
        Data::Float(float) if float.fract() == 0.0 => year_of_text(&shortest(*float)),
        _ => None,
    }
}

/// Column letters as the spreadsheet shows them: 0 → A, 27 → AB.
fn column_letter(column: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The heading that starts at `row`, if one does: kinds in a row, each with its year beside it
/// or in the row under it. A kind written once over several years (a merged cell) holds for
/// the years to its right.
fn heading_at(grid: &Grid, row: u32) -> Option<Result<Heading, String>> {
    let ((_, first_column), (_, last_column)) = grid.span()?;
    let kinds: BTreeMap<u32, (ValueKind, Option<i32>)> = (first_column + 1..=last_column)
        .filter_map(|column| Some((column, kind_heading(&grid.text(row, column))?)))
        .collect();
    if kinds.is_empty() {
        return None;
    }
    let years_below: BTreeMap<u32, i32> = (first_column + 1..=last_column)
        .filter_map(|column| Some((column, year_of(grid.value(row + 1, column))?)))
        .collect();
    let two_rows = !years_below.is_empty() && kinds.values().any(|(_, year)| year.is_none());
    let mut values = Vec::new();
    let mut problems = Vec::new();
    let mut current = None;
    for column in first_column + 1..=last_column {
        let below = if two_rows {
            years_below.get(&column).copied()
        } else {
            None
        };
        match kinds.get(&column) {
            Some(&(kind, year)) => {
                current = Some(kind);
                match year.or(below) {
                    Some(year) => values.push((column, Column::new(kind, year))),
                    None if kind == ValueKind::Target => {
                        values.push((column, Column { kind, year: None }));
                    }
                    None => problems.push(format!(
                        "`{}` in column {} has no year beside it or under it",
                        grid.text(row, column),
                        column_letter(column)
                    )),
                }
            }
            None => match (current, below) {
                (Some(kind), Some(year)) => values.push((column, Column::new(kind, year))),
                _ => current = None,
            },
        }
    }
    if !problems.is_empty() {
        return Some(Err(format!("row {}: {}", row + 1, problems.join("; "))));
    }
    let mut seen = Vec::new();
    for (column, value_column) in &values {
        if seen.contains(value_column) {
            return Some(Err(format!(
                "row {}: column {} repeats `{}`",
                row + 1,
                column_letter(*column),
                Language::Dutch.column_heading(*value_column)
            )));
        }
        seen.push(*value_column);
    }
    let first_value = values.first().map_or(last_column, |(column, _)| *column);
    let last_row = if two_rows { row + 1 } else { row };
    let text_columns: Vec<u32> = (first_column..first_value).collect();
    // Columns named in the heading rows; the others in order: code, name, unit.
    let named = |words: &[&str]| {
        text_columns.iter().copied().find(|column| {
            (row..=last_row).any(|heading_row| {
                let label = fold(&grid.text(heading_row, *column));
                words.contains(&label.trim_end_matches(['.', ':']))
            })
        })
    };
    let named = [
        named(&["nr", "no", "code", "nummer"]),
        named(&["indicator", "indicatoren", "naam", "name", "omschrijving"]),
        named(&["eenheid", "unit", "eenh"]),
    ];
    let mut free = text_columns
        .iter()
        .copied()
        .filter(|column| !named.contains(&Some(*column)));
    let [code, name, unit] = named;
    let code = code.or_else(|| free.next());
    let name = name.or_else(|| free.next());
    let unit = unit.or_else(|| free.next());
    let code = code?;
    Some(Ok(Heading {
        last_row,
        code,
        name,
        unit,
        values,
    }))
}

/// Splits footnote numbers written after a text: `NB 3)` → (`NB`, [3]), `Naam 2) 4)` → (`Naam`,
/// [2, 4]). A `)` that closes a `(` of the text is the text's own: `Aantal (groep 3)` stays.
fn split_footnote_refs(text: &str) -> (&str, Vec<u32>) {
    let mut rest = text.trim_end();
    let mut numbers = Vec::new();
    while let Some(before_paren) = rest.strip_suffix(')') {
        let digits_start = before_paren
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len();
        let digits = &before_paren[digits_start..];
        let before = &before_paren[..digits_start];
        let separated = before.is_empty() || before.ends_with(char::is_whitespace);
        let balanced = before.matches('(').count() <= before.matches(')').count();
        match digits.parse::<u32>() {
            Ok(number) if (1..=3).contains(&digits.len()) && separated && balanced => {
                numbers.insert(0, number);
                rest = before.trim_end();
            }
            _ => break,
        }
    }
    (rest, numbers)
}

/// What a cell's number format says: how many decimals it shows, whether it shows a percentage,
/// and footnote numbers written as literal text after the value (`#,##0.0" 3)"`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct NumberShape {
    scale: Option<u32>,
    percent: bool,
    footnotes: Vec<u32>,
}

impl NumberShape {
    fn of_cell(style: Option<&calamine::Style>) -> NumberShape {
        style
            .and_then(|style| style.number_format.as_ref())
            .map_or_else(NumberShape::default, |format| {
                NumberShape::of(&format.format_code)
            })
    }

    /// Reads the first section of an Excel format code (the one for positive numbers).
    fn of(code: &str) -> NumberShape {
        if code.trim().eq_ignore_ascii_case("general") {
            return NumberShape::default();
        }
        let mut shape = NumberShape::default();
        let mut literal = String::new();
        let mut digits = false;
        let mut fraction: Option<u32> = None;
        // Anything after the decimals ends them: `0.0" 3)"` shows one decimal, not two.
        let mut fraction_over = false;
        let mut scientific = false;
        let mut chars = code.chars();
        while let Some(character) = chars.next() {
            if fraction.is_some() && !matches!(character, '0' | '#' | '?') {
                fraction_over = true;
            }
            match character {
                ';' => break,
                '"' => {
                    for quoted in chars.by_ref() {
                        if quoted == '"' {
                            break;
                        }
                        literal.push(quoted);
                    }
                }
                '\\' => literal.extend(chars.next()),
                '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    for bracketed in chars.by_ref() {
                        if bracketed == ']' {
                            break;
                        }
                    }
                }
                '0' | '#' | '?' => match fraction.as_mut() {
                    Some(count) if !fraction_over => *count += 1,
                    Some(_) => {}
                    None => digits = true,
                },
                '.' if fraction.is_none() => fraction = Some(0),
                '%' => shape.percent = true,
                'E' | 'e' => scientific = true,
                _ => {}
            }
        }
        if (digits || fraction.is_some_and(|count| count > 0)) && !scientific {
            shape.scale = Some(fraction.unwrap_or(0));
        }
        let (rest, footnotes) = split_footnote_refs(literal.trim());
        if rest.is_empty() {
            shape.footnotes = footnotes;
        }
        shape
    }
}

/// The decimal a spreadsheet shows for `float`: first the 15 significant digits a spreadsheet
/// keeps (so 0.1 + 0.2 is 0.3), then, as a percentage, times 100, then rounded half away from
/// zero to the decimals the format shows, with its trailing zeros (`689.0`). Without a format,
/// the shortest decimal (`68.6`). `None` for what no decimal can hold.
fn decimal_of(float: f64, shape: &NumberShape) -> Option<Decimal> {
    if !float.is_finite() {
        return None;
    }
    let mut number = Decimal::from_scientific(&format!("{float:.14e}")).ok()?;
    if shape.percent {
        number = number.checked_mul(Decimal::ONE_HUNDRED)?;
    }
    number = match shape.scale {
        Some(scale) => {
            let mut rounded =
                number.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
            rounded.rescale(scale);
            rounded
        }
        None => number.normalize(),
    };
    if number.is_zero() {
        number.set_sign_positive(true);
    }
    Some(number)
}

/// A value cell as read.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ReadValue {
    value: CellValue,
    raw: String,
    footnotes: Vec<u32>,
    review: Option<String>,
}

impl ReadValue {
    fn text(raw: String, review: String) -> ReadValue {
        ReadValue {
            value: CellValue::Text,
            raw,
            footnotes: Vec::new(),
            review: Some(review),
        }
    }
}

fn blank_labels() -> impl Iterator<Item = &'static str> {
    Language::ALL
        .into_iter()
        .map(|language| language.texts().blank_cell)
}

/// Reads one value cell. `defined` are the footnote numbers whose texts the sheet gives.
fn read_value(grid: &Grid, row: u32, column: u32, defined: &[u32]) -> Option<ReadValue> {
    let style = grid.style(row, column);
    let shape = NumberShape::of_cell(style);
    let mut read = match grid.value(row, column) {
        Data::Empty => return None,
        Data::String(text) => read_text(text, defined)?,
        Data::Float(float) => read_number(*float, &shape),
        Data::Int(int) => read_number(*int as f64, &shape),
        Data::Bool(value) => ReadValue::text(
            value.to_string(),
            format!("Waar/onwaar ({value}) in plaats van een getal: vul de waarde in"),
        ),
        Data::Error(error) => ReadValue::text(
            error.to_string(),
            format!("Foutwaarde van het rekenblad ({error}): vul de waarde in"),
        ),
        other => ReadValue::text(
            other.to_string(),
            format!("Een datum of tijd ({other}) in plaats van een getal: bevestig de waarde"),
        ),
    };
    for number in shape.footnotes {
        if !read.footnotes.contains(&number) {
            read.footnotes.push(number);
        }
    }
    let yellow = style
        .and_then(|style| style.fill.as_ref())
        .filter(|fill| fill.is_visible())
        .and_then(|fill| fill.get_color())
        .is_some_and(|found| {
            (found.red, found.green, found.blue)
                == (style::REVIEW.0, style::REVIEW.1, style::REVIEW.2)
        });
    if yellow && read.review.is_none() {
        read.review =
            Some("In het rekenblad geel gemarkeerd als te controleren: bevestig de waarde".into());
    }
    Some(read)
}

fn read_number(float: f64, shape: &NumberShape) -> ReadValue {
    match decimal_of(float, shape) {
        Some(number) => ReadValue {
            value: CellValue::Number(number),
            raw: format!(
                "{}{}",
                format_decimal(number, Language::Dutch),
                if shape.percent { "%" } else { "" }
            ),
            footnotes: Vec::new(),
            review: None,
        },
        None => ReadValue::text(
            shortest(float),
            format!("Het getal {float} past niet in een exacte decimaal: vul de waarde in"),
        ),
    }
}

/// Text typed in a value cell: a marker (`NB`, `NB3`, `NB 3)`), `(leeg)`, a number in Dutch
/// notation (`68,6`, `10,81%`), `? …` for text awaiting review, or other text, which is kept and
/// flagged, never guessed.
fn read_text(text: &str, defined: &[u32]) -> Option<ReadValue> {
    let folded = fold_whitespace(text);
    if folded.is_empty() {
        return None;
    }
    if let Some(rest) = folded.strip_prefix("? ").filter(|rest| !rest.is_empty()) {
        let (raw, footnotes) = review_text(rest);
        return Some(ReadValue {
            value: CellValue::Text,
            raw: raw.to_string(),
            footnotes,
            review: Some(format!(
                "In het rekenblad gemarkeerd als te controleren (“{folded}”): bevestig de waarde"
            )),
        });
    }
    let (body, footnotes) = split_footnote_refs(&folded);
    if blank_labels().any(|label| label == body) {
        return Some(ReadValue {
            // A blank cell has no text as printed: the long CSV tells blank from text by it.
            value: CellValue::Missing(Marker::Blank),
            raw: String::new(),
            footnotes,
            review: None,
        });
    }
    let cell = read_cell(body, defined);
    let mut all_footnotes = footnotes;
    for number in cell.footnotes {
        if !all_footnotes.contains(&number) {
            all_footnotes.push(number);
        }
    }
    Some(ReadValue {
        value: cell.value,
        raw: folded.clone(),
        footnotes: all_footnotes,
        review: cell.review,
    })
}

/// The raw text of a cell to check, after its `? `: footnote numbers after it are split off,
/// unless they are all there is (`? 3)`).
fn review_text(rest: &str) -> (&str, Vec<u32>) {
    match split_footnote_refs(rest) {
        ("", _) => (rest, Vec::new()),
        split => split,
    }
}

/// `Bron: Begroting 2023 gemeente Diemen` → the source it cites.
fn source_of_citation(citation: &str) -> Source {
    let (title, municipality) = citation
        .split_once(" gemeente ")
        .map_or((citation.trim(), ""), |(title, municipality)| {
            (title.trim(), municipality.trim())
        });
    let folded = fold(title);
    let kind = if folded.starts_with("begroting") {
        DocumentKind::Budget
    } else if ["jaarstukken", "jaarrekening", "jaarverslag"]
        .iter()
        .any(|word| folded.starts_with(word))
    {
        DocumentKind::Accounts
    } else if folded.contains("monitor") {
        DocumentKind::Monitor
    } else {
        DocumentKind::Other
    };
    let year = title.split_whitespace().rev().find_map(year_of_text);
    Source {
        // The key the importer gives a source: municipality and title.
        key: if municipality.is_empty() {
            title.to_string()
        } else {
            format!("{municipality} {title}")
        },
        title: title.to_string(),
        municipality: municipality.to_string(),
        kind,
        year,
        file_name: String::new(),
        footnotes: BTreeMap::new(),
    }
}

/// Text after one of `prefixes` and a space (`Doel 3. …` → `3. …`), any case.
fn after_word(text: &str, prefixes: impl Iterator<Item = &'static str>) -> Option<&str> {
    let lower = text.to_lowercase();
    prefixes.into_iter().find_map(|prefix| {
        let prefix = prefix.to_lowercase();
        lower
            .strip_prefix(&prefix)
            .filter(|rest| rest.starts_with(' ') || rest.starts_with(':'))
            .and_then(|_| text.get(prefix.len()..))
            .map(|rest| rest.trim_start_matches(':').trim())
    })
}

/// A goal heading: `Doel 3. Title 2)`, `Goal 3`, or `3. Title`.
fn goal_heading(text: &str) -> Option<(String, String, Vec<u32>)> {
    let prefixed = after_word(
        text,
        Language::ALL
            .into_iter()
            .map(|language| language.texts().goal),
    );
    let rest = prefixed.unwrap_or(text);
    let (code, title) = match rest.split_once(char::is_whitespace) {
        Some((code, title)) => (code, title.trim()),
        None => (rest, ""),
    };
    // Without the word `Doel`, only `3. Title` is a heading; `3.1.3` alone is an indicator code.
    if prefixed.is_none() && (!code.ends_with('.') || title.is_empty()) {
        return None;
    }
    let code = code.trim_end_matches('.');
    if code.is_empty() || !code.chars().all(|c| c.is_alphanumeric() || c == '.') {
        return None;
    }
    let (title, footnotes) = split_footnote_refs(title);
    Some((code.to_string(), title.to_string(), footnotes))
}

/// An indicator code as printed: no spaces, digits, letters and dots, with at least one digit.
fn is_code(text: &str) -> bool {
    text.chars().count() <= 20
        && text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// `3) Geen data bekend …` → (3, text).
fn footnote_line(text: &str) -> Option<(u32, String)> {
    let (number, rest) = text.split_once(')')?;
    let number: u32 = number.trim().parse().ok()?;
    Some((number, rest.trim().to_string()))
}

/// Collects a document from the readable layout.
#[derive(Default)]
struct LayoutReader {
    sources: Vec<Source>,
    footnotes: BTreeMap<u32, String>,
    programmes: Vec<Programme>,
    /// Where the row being read belongs: programme, goal, indicator.
    programme: Option<usize>,
    indicator: Option<(usize, usize, usize)>,
    indicators: usize,
}

impl LayoutReader {
    fn programme_mut(&mut self) -> usize {
        match self.programme {
            Some(index) => index,
            None => {
                self.programmes.push(Programme {
                    name: String::new(),
                    goals: Vec::new(),
                });
                let index = self.programmes.len() - 1;
                self.programme = Some(index);
                index
            }
        }
    }

    fn goal_mut(&mut self, code: &str) -> (usize, usize) {
        let programme = self.programme_mut();
        let goal = self.programmes[programme].goal_index(code, "");
        (programme, goal)
    }

    fn finish(mut self, sheet: &str) -> Document {
        if self.sources.is_empty() {
            // No `Bron:` row: the sheet is the source; the importer adds the file's name.
            self.sources.push(Source {
                key: sheet.to_string(),
                title: sheet.to_string(),
                municipality: String::new(),
                kind: DocumentKind::Other,
                year: None,
                file_name: String::new(),
                footnotes: BTreeMap::new(),
            });
        }
        let key = self.sources[0].key.clone();
        self.sources[0].footnotes.extend(self.footnotes);
        for programme in &mut self.programmes {
            for goal in &mut programme.goals {
                goal.source = key.clone();
                for indicator in &mut goal.indicators {
                    indicator.source = key.clone();
                    for cell in &mut indicator.cells {
                        cell.source = key.clone();
                    }
                }
            }
        }
        Document {
            sources: self.sources,
            programmes: self.programmes,
        }
    }
}

/// Reads a sheet in the readable layout: `Ok(None)` when it holds no table at all.
fn read_readable(grid: &Grid) -> Result<Option<Document>, Unreadable> {
    let Some(((first_row, _), (last_row, _))) = grid.span() else {
        return Ok(None);
    };
    let texts: Vec<&'static crate::i18n::Texts> =
        Language::ALL.into_iter().map(Language::texts).collect();
    let source_words = || texts.iter().map(|texts| texts.source);
    let legend_words = || texts.iter().map(|texts| texts.legend_heading);
    let programme_words = || texts.iter().map(|texts| texts.report_programme);
    let mandatory_words: Vec<String> = texts
        .iter()
        .map(|texts| format!("({})", texts.mandatory))
        .collect();

    let mut heading: Option<Heading> = None;
    let mut heading_problem = None;
    // Footnote numbers whose texts the sheet gives: a number glued to a marker counts as a
    // footnote only when there is one (`NB3`).
    let mut defined = Vec::new();
    let mut reader = LayoutReader::default();
    let mut in_legend = false;
    let mut row = first_row;
    let first_column = grid.span().map_or(0, |((_, column), _)| column);
    while row <= last_row {
        // A row with an indicator code is a row of values, even when a value is a kind word.
        let leading = grid.text(
            row,
            heading.as_ref().map_or(first_column, |found| found.code),
        );
        if let Some(found) = heading_at(grid, row).filter(|_| !is_code(&leading)) {
            match found {
                Ok(found) => {
                    if heading.is_none() {
                        defined = footnotes_in(grid, &found, row, last_row);
                    }
                    row = found.last_row + 1;
                    heading = Some(found);
                    in_legend = false;
                    continue;
                }
                Err(problem) => {
                    heading_problem.get_or_insert(problem);
                }
            }
        }
        let first_text = grid.text(row, first_column);
        if let Some(citation) = after_word(&first_text, source_words()) {
            let source = source_of_citation(citation);
            if !reader.sources.iter().any(|known| known.key == source.key) {
                reader.sources.push(source);
            }
            // The legend is over; footnotes may follow the source.
            in_legend = false;
            row += 1;
            continue;
        }
        let Some(table) = heading.as_ref() else {
            row += 1;
            continue;
        };
        let code = grid.text(row, table.code);
        let name = table
            .name
            .map(|column| grid.text(row, column))
            .unwrap_or_default();
        let unit = table
            .unit
            .map(|column| grid.text(row, column))
            .unwrap_or_default();
        let has_values = table
            .values
            .iter()
            .any(|(column, _)| !matches!(grid.value(row, *column), Data::Empty));
        if legend_words().any(|word| fold(&code) == fold(word)) && !has_values {
            in_legend = true;
        } else if in_legend {
            // The legend explains the markers; its rows are no indicators.
        } else if !code.is_empty() {
            if let Some(programme) = after_word(&code, programme_words()).filter(|_| !has_values) {
                reader.programme = match reader
                    .programmes
                    .iter()
                    .position(|known| known.name == programme)
                {
                    Some(index) => Some(index),
                    None => {
                        reader.programmes.push(Programme {
                            name: programme.to_string(),
                            goals: Vec::new(),
                        });
                        Some(reader.programmes.len() - 1)
                    }
                };
                reader.indicator = None;
            } else if let Some((goal_code, title, footnotes)) =
                goal_heading(&code).filter(|_| !has_values && name.is_empty())
            {
                let (p, g) = reader.goal_mut(&goal_code);
                let goal = &mut reader.programmes[p].goals[g];
                goal.title = title;
                goal.footnotes = footnotes;
                reader.indicator = None;
            } else if let Some(goal_code) = Some(code.trim_end_matches('.')).filter(|goal_code| {
                !has_values
                    && unit.is_empty()
                    && !name.is_empty()
                    && !goal_code.contains('.')
                    && is_code(goal_code)
            }) {
                // `3` in the code column, the goal's title beside it and no values: a goal
                // heading typed in two cells.
                let (title, footnotes) = split_footnote_refs(&name);
                let (p, g) = reader.goal_mut(goal_code);
                let goal = &mut reader.programmes[p].goals[g];
                goal.title = title.to_string();
                goal.footnotes = footnotes;
                reader.indicator = None;
            } else if is_code(&code) {
                let (p, g) = reader.goal_mut(goal_code_of(&code));
                if reader.programmes[p]
                    .goals
                    .iter()
                    .any(|goal| goal.indicators.iter().any(|known| known.code == code))
                {
                    return Err(Unreadable::Row {
                        row: row + 1,
                        message: format!("indicator {code} is in the table twice"),
                    });
                }
                let (label, footnotes) = split_footnote_refs(&name);
                let mut label = label.to_string();
                let mut mandatory = false;
                for word in &mandatory_words {
                    if label.to_lowercase().ends_with(word.as_str()) {
                        label.truncate(label.len() - word.len());
                        label = label.trim_end().to_string();
                        mandatory = true;
                    }
                }
                let mut indicator = Indicator {
                    code: code.clone(),
                    name: label,
                    unit,
                    mandatory,
                    kind: IndicatorKind::Performance,
                    series: Vec::new(),
                    label_raw: String::new(),
                    footnotes,
                    review: None,
                    source: String::new(),
                    better: None,
                    cells: Vec::new(),
                };
                add_cells(grid, table, row, "", &defined, &mut indicator);
                let indicators = &mut reader.programmes[p].goals[g].indicators;
                indicators.push(indicator);
                reader.indicator = Some((p, g, indicators.len() - 1));
                reader.indicators += 1;
            }
        } else if !name.is_empty() {
            if let Some((number, text)) = footnote_line(&name).filter(|_| !has_values) {
                reader.footnotes.entry(number).or_insert(text);
            } else if let Some((p, g, i)) = reader.indicator {
                // A sub-row: its name in the name column, its code column empty.
                let series = name.trim_start_matches(['·', '•']).trim().to_string();
                let indicator = &mut reader.programmes[p].goals[g].indicators[i];
                if !indicator.series.contains(&series) {
                    indicator.series.push(series.clone());
                }
                add_cells(grid, table, row, &series, &defined, indicator);
            }
        }
        row += 1;
    }
    if reader.indicators == 0 {
        return match (heading, heading_problem) {
            (Some(found), _) => Err(Unreadable::Reason(format!(
                "a heading with kinds and years in row {}, but no indicator rows (a code such as \
                 3.1.3 in column {}) under it",
                found.last_row + 1,
                column_letter(found.code)
            ))),
            (None, Some(problem)) => Err(Unreadable::Reason(problem)),
            (None, None) => Ok(None),
        };
    }
    Ok(Some(reader.finish(&grid.name)))
}

/// Footnote numbers whose texts a table gives in the rows under its heading.
fn footnotes_in(grid: &Grid, heading: &Heading, from: u32, to: u32) -> Vec<u32> {
    let Some(name) = heading.name else {
        return Vec::new();
    };
    (from..=to)
        .filter(|row| grid.text(*row, heading.code).is_empty())
        .filter_map(|row| footnote_line(&grid.text(row, name)).map(|(number, _)| number))
        .collect()
}

/// The value cells of one row. A sub-row's marker equal to the one on the indicator's own row
/// is that marker shown again (a marker printed once for the group): it is not a cell of its own.
fn add_cells(
    grid: &Grid,
    heading: &Heading,
    row: u32,
    series: &str,
    defined: &[u32],
    indicator: &mut Indicator,
) {
    for (column, value_column) in &heading.values {
        let Some(read) = read_value(grid, row, *column, defined) else {
            continue;
        };
        if !series.is_empty()
            && read.review.is_none()
            && indicator.cells.iter().any(|group| {
                group.series.is_empty()
                    && group.column == *value_column
                    && matches!(group.value, CellValue::Missing(_))
                    && group.value == read.value
                    && group.footnotes == read.footnotes
            })
        {
            continue;
        }
        indicator.cells.push(Cell {
            series: series.to_string(),
            column: *value_column,
            value: read.value,
            raw: read.raw,
            footnotes: read.footnotes,
            review: read.review,
            source: String::new(),
            chosen: false,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing the two sheets
// ---------------------------------------------------------------------------------------------

/// What a table shows in one place, for comparing two readings of it: an absent cell shows as
/// blank, numbers compare on the 15 digits a spreadsheet keeps, text on its raw text as the
/// readable sheet gives it back (whitespace folded, footnote numbers apart).
#[derive(Debug, PartialEq, Eq)]
enum Shown {
    Number(String),
    Marker(Marker),
    Text(String),
}

fn shown(indicator: &Indicator, series: &str, column: Column) -> Option<Shown> {
    let (cell, _) = indicator.displayed_cell(series, column)?;
    Some(match cell.map(|cell| &cell.value) {
        None => Shown::Marker(Marker::Blank),
        Some(CellValue::Missing(marker)) => Shown::Marker(marker.clone()),
        Some(CellValue::Text) => {
            let folded = fold_whitespace(cell.map_or("", |cell| cell.raw.as_str()));
            Shown::Text(review_text(&folded).0.to_string())
        }
        Some(CellValue::Number(number)) => Shown::Number(
            number
                .to_string()
                .parse::<f64>()
                .map(|float| format!("{float:.14e}"))
                .unwrap_or_else(|_| number.to_string()),
        ),
    })
}

fn describe(shown: Option<&Shown>, language: Language) -> String {
    match shown {
        None => "nothing".to_string(),
        Some(Shown::Marker(marker)) => language.marker_label(marker),
        Some(Shown::Text(raw)) => format!("“{raw}”"),
        Some(Shown::Number(number)) => Decimal::from_scientific(number)
            .map(|number| format_decimal(number.normalize(), language))
            .unwrap_or_else(|_| number.clone()),
    }
}

/// The first place where `readable` shows something else than `long`, in words.
fn first_difference(long: &Document, readable: &Document) -> Option<String> {
    let codes = |document: &Document| -> Vec<String> {
        document
            .indicators()
            .map(|(_, _, indicator)| indicator.code.clone())
            .collect()
    };
    let (long_codes, readable_codes) = (codes(long), codes(readable));
    if let Some(code) = readable_codes
        .iter()
        .find(|code| !long_codes.contains(code))
    {
        return Some(format!("indicator {code} is only in the readable sheet"));
    }
    if let Some(code) = long_codes
        .iter()
        .find(|code| !readable_codes.contains(code))
    {
        return Some(format!("indicator {code} is only in the long sheet"));
    }
    let mut columns = long.columns();
    columns.extend(readable.columns());
    columns.sort();
    columns.dedup();
    for (_, _, theirs) in long.indicators() {
        let Some((_, _, ours)) = readable
            .indicators()
            .find(|(_, _, ours)| ours.code == theirs.code)
        else {
            continue;
        };
        if theirs.series != ours.series {
            return Some(format!(
                "indicator {} has the rows {:?} in one sheet and {:?} in the other",
                theirs.code, theirs.series, ours.series
            ));
        }
        for series in theirs.rows() {
            for column in &columns {
                let (a, b) = (shown(theirs, series, *column), shown(ours, series, *column));
                // Text of nothing but spaces cannot be told from the sign `?` once written as
                // `? `: no person typed it, and it says nothing to compare.
                let blank_text = a == Some(Shown::Text(String::new()));
                if a != b && !blank_text {
                    let place = if series.is_empty() {
                        theirs.code.clone()
                    } else {
                        format!("{} ({series})", theirs.code)
                    };
                    return Some(format!(
                        "{place} {} is {} in the long sheet and {} in the readable sheet",
                        Language::Dutch.column_heading(*column),
                        describe(a.as_ref(), Language::Dutch),
                        describe(b.as_ref(), Language::Dutch)
                    ));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
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
