//! Writing a workbook: the readable sheet (the tables as a person reads them, painted from
//! their cell views) and the long sheet (the long CSV, which imports back exactly).

use super::*;

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
pub(super) fn long_rows(document: &Document) -> Result<Vec<csv::StringRecord>, XlsxError> {
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
pub(super) const LONG_WIDTHS: [f64; 14] = [
    9.0, 14.0, 40.0, 14.0, 9.0, 6.0, 9.0, 9.0, 8.0, 22.0, 9.0, 30.0, 22.0, 7.0,
];

pub(super) fn write_long(
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

pub(super) fn sheet_row(index: usize) -> Result<u32, XlsxError> {
    u32::try_from(index)
        .map_err(|_| XlsxError::Write(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

pub(super) fn sheet_column(index: usize) -> Result<u16, XlsxError> {
    u16::try_from(index)
        .map_err(|_| XlsxError::Write(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

// ---------------------------------------------------------------------------------------------
// Writing: the readable sheet
// ---------------------------------------------------------------------------------------------

pub(super) fn colour(rgb: Rgb) -> Color {
    Color::RGB((u32::from(rgb.0) << 16) | (u32::from(rgb.1) << 8) | u32::from(rgb.2))
}

/// The sheet column of the `index`th value column.
pub(super) fn value_column(index: usize) -> Result<u16, XlsxError> {
    sheet_column(index)?
        .checked_add(FIRST_VALUE_COLUMN)
        .ok_or(XlsxError::Write(
            rust_xlsxwriter::XlsxError::RowColumnLimitError,
        ))
}

/// Lines of text a string of `chars` characters takes in a column `width` characters wide.
pub(super) fn lines_for(chars: usize, width: f64) -> f64 {
    (chars as f64 / width).ceil().max(1.0)
}

pub(super) struct ReadableSheet<'a> {
    sheet: &'a mut Worksheet,
    document: &'a Document,
    language: Language,
    columns: Vec<Column>,
    row: u32,
}

impl<'a> ReadableSheet<'a> {
    pub(super) fn new(
        sheet: &'a mut Worksheet,
        document: &'a Document,
        language: Language,
    ) -> Self {
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

    pub(super) fn write(mut self) -> Result<(), XlsxError> {
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
