//! A workbook's cells, read within fixed limits.
//!
//! A spreadsheet is a ZIP archive of XML: a few bytes can claim a cell at XFD1048576, a row
//! repeated a million times, or unpack to gigabytes. So nothing here sizes memory by what the
//! file claims:
//! - the archive is checked before anything is parsed: its size, its number of parts, and what it
//!   really unpacks to, counted while unpacking ([`Limit`]);
//! - cells are kept sparse, by row and column, so a stray cell far away costs one cell, not the
//!   rectangle up to it;
//! - `.xlsx` is read through calamine's streaming cell reader (its styles are kept as runs);
//!   `.ods` through the streaming XML reader here, which never expands an empty repeat and
//!   counts every repeated filled cell against the cell limit (calamine's own ODS reader loops
//!   forever on a truncated file and expands repeats before looking at them).
//! - an `.xlsx` names at most [`MAX_SHEETS`] sheets, a name given twice is read once, and every
//!   sheet read is charged with the parts it really unpacks, against [`MAX_UNPACKED_BYTES`] for
//!   all reads together: a workbook whose thousand sheet entries all point at one large part
//!   unpacks it once, not a thousand times.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;

use calamine::{Data, Reader, StyleRange};
use quick_xml::events::{BytesStart, Event};

use super::XlsxError;

/// The largest workbook file read, in bytes.
pub const MAX_WORKBOOK_BYTES: u64 = 64 * 1024 * 1024;
/// The most a workbook may unpack to, all parts together, in bytes.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// The most parts (files) in a workbook's archive.
pub const MAX_ARCHIVE_PARTS: usize = 10_000;
/// The most filled cells in a workbook, all sheets together (a repeated cell counts each time).
pub const MAX_CELLS: usize = 2_000_000;
/// The last row a cell may be in, as Excel numbers it.
pub const MAX_ROWS: u32 = 1_048_576;
/// The last column a cell may be in, as Excel numbers it (XFD).
pub const MAX_COLUMNS: u32 = 16_384;
/// The most characters in one cell, Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most sheets an `.xlsx` may name.
pub const MAX_SHEETS: usize = 1_000;

/// Which limit a workbook goes beyond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// [`MAX_WORKBOOK_BYTES`].
    FileBytes,
    /// [`MAX_UNPACKED_BYTES`].
    UnpackedBytes,
    /// [`MAX_ARCHIVE_PARTS`].
    ArchiveParts,
    /// [`MAX_CELLS`].
    Cells,
    /// [`MAX_ROWS`] or [`MAX_COLUMNS`].
    Position,
    /// [`MAX_CELL_CHARS`].
    CellChars,
    /// [`MAX_SHEETS`].
    Sheets,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::FileBytes => write!(
                formatter,
                "the file is larger than {} MB",
                MAX_WORKBOOK_BYTES >> 20
            ),
            Limit::UnpackedBytes => write!(
                formatter,
                "the workbook unpacks to more than {} MB",
                MAX_UNPACKED_BYTES >> 20
            ),
            Limit::ArchiveParts => write!(
                formatter,
                "the workbook has more than {MAX_ARCHIVE_PARTS} parts"
            ),
            Limit::Cells => write!(
                formatter,
                "the workbook has more than {MAX_CELLS} filled cells"
            ),
            Limit::Position => write!(
                formatter,
                "a cell lies beyond row {MAX_ROWS} or column XFD ({MAX_COLUMNS})"
            ),
            Limit::CellChars => write!(
                formatter,
                "a cell holds more than {MAX_CELL_CHARS} characters"
            ),
            Limit::Sheets => write!(formatter, "the workbook has more than {MAX_SHEETS} sheets"),
        }
    }
}

/// One sheet's filled cells, addressed by absolute (row, column), 0-based.
#[derive(Debug, Default)]
pub(super) struct SheetCells {
    rows: BTreeMap<u32, BTreeMap<u32, Data>>,
    first_column: u32,
    last_column: u32,
}

impl SheetCells {
    /// The cell at (row, column), if it is filled.
    pub(super) fn get(&self, row: u32, column: u32) -> Option<&Data> {
        self.rows.get(&row)?.get(&column)
    }

    /// The first and last row and column holding anything.
    pub(super) fn span(&self) -> Option<((u32, u32), (u32, u32))> {
        let first_row = *self.rows.keys().next()?;
        let last_row = *self.rows.keys().next_back()?;
        Some(((first_row, self.first_column), (last_row, self.last_column)))
    }

    /// The filled columns of `row`, in order.
    pub(super) fn columns_in_row(&self, row: u32) -> impl Iterator<Item = u32> + '_ {
        self.rows
            .get(&row)
            .into_iter()
            .flat_map(|cells| cells.keys().copied())
    }

    /// The filled rows from `from` on, in order.
    pub(super) fn filled_rows(&self, from: u32) -> impl Iterator<Item = u32> + '_ {
        self.rows.range(from..).map(|(row, _)| *row)
    }

    fn put(&mut self, row: u32, column: u32, value: Data) {
        if self.rows.is_empty() {
            self.first_column = column;
            self.last_column = column;
        }
        self.first_column = self.first_column.min(column);
        self.last_column = self.last_column.max(column);
        self.rows.entry(row).or_default().insert(column, value);
    }
}

/// One sheet as read: its name, its filled cells and (for `.xlsx`) its cell styles.
pub(super) struct SheetRead {
    pub(super) name: String,
    pub(super) cells: SheetCells,
    pub(super) styles: StyleRange,
}

/// Counts filled cells against [`MAX_CELLS`] across a workbook.
struct CellBudget {
    left: usize,
}

impl CellBudget {
    fn new() -> CellBudget {
        CellBudget { left: MAX_CELLS }
    }

    /// Puts a filled cell in `sheet`, within the limits.
    fn put(
        &mut self,
        sheet: &mut SheetCells,
        row: u64,
        column: u64,
        value: Data,
    ) -> Result<(), XlsxError> {
        if matches!(value, Data::Empty) {
            return Ok(());
        }
        let (Ok(row), Ok(column)) = (u32::try_from(row), u32::try_from(column)) else {
            return Err(XlsxError::Limit(Limit::Position));
        };
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(XlsxError::Limit(Limit::Position));
        }
        if let Data::String(text) = &value
            && text.chars().count() > MAX_CELL_CHARS
        {
            return Err(XlsxError::Limit(Limit::CellChars));
        }
        self.left = self
            .left
            .checked_sub(1)
            .ok_or(XlsxError::Limit(Limit::Cells))?;
        sheet.put(row, column, value);
        Ok(())
    }
}

/// Reads every sheet of a workbook (`.xlsx` or `.ods`, told apart by their contents); a sheet
/// that cannot be read is named with why in the second list.
pub(super) fn read_sheets(bytes: &[u8]) -> Result<(Vec<SheetRead>, Vec<String>), XlsxError> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_WORKBOOK_BYTES {
        return Err(XlsxError::Limit(Limit::FileBytes));
    }
    // Not an archive at all: not a workbook (rather than a damaged one).
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| XlsxError::Open(calamine::XlsxError::Zip(error).into()))?;
    let parts = check_unpacked_size(&mut archive)?;
    let is_ods = archive.index_for_name("content.xml").is_some()
        && archive.index_for_name("xl/workbook.xml").is_none();
    crate::shield::shield(|| {
        if is_ods {
            read_ods(&mut archive)
        } else {
            read_xlsx(bytes, parts)
        }
    })
    .unwrap_or_else(|| {
        Err(XlsxError::Damaged(
            "the spreadsheet reader stopped on it".to_string(),
        ))
    })
}

/// Unpacks every part once, counting, and refuses an archive that unpacks to more than
/// [`MAX_UNPACKED_BYTES`]: the sizes an archive declares can lie. Returns where each part
/// starts and what it unpacks to.
fn check_unpacked_size(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<ArchiveParts, XlsxError> {
    if archive.len() > MAX_ARCHIVE_PARTS {
        return Err(XlsxError::Limit(Limit::ArchiveParts));
    }
    let mut parts = ArchiveParts::default();
    let mut left = MAX_UNPACKED_BYTES;
    let mut sink = [0_u8; 64 * 1024];
    for index in 0..archive.len() {
        let mut part = archive
            .by_index(index)
            .map_err(|error| XlsxError::Damaged(error.to_string()))?;
        // The declared size refuses an honest bomb at once.
        if part.size() > left {
            return Err(XlsxError::Limit(Limit::UnpackedBytes));
        }
        let mut unpacked_bytes = 0_u64;
        loop {
            let read = part
                .read(&mut sink)
                .map_err(|error| XlsxError::Damaged(error.to_string()))?;
            if read == 0 {
                break;
            }
            unpacked_bytes += read as u64;
            left = left
                .checked_sub(read as u64)
                .ok_or(XlsxError::Limit(Limit::UnpackedBytes))?;
        }
        // A reader goes to a part's header first, or straight to its data once it knows where.
        for start in [Some(part.header_start()), part.data_start()]
            .into_iter()
            .flatten()
        {
            parts.part_at.insert(start, index);
        }
        parts.unpacked_bytes.push(unpacked_bytes);
    }
    Ok(parts)
}

/// The parts of an archive: what each unpacks to, and where each starts (its header and its
/// data).
#[derive(Default)]
struct ArchiveParts {
    unpacked_bytes: Vec<u64>,
    part_at: BTreeMap<u64, usize>,
}

/// The archive's bytes, for calamine, noting which parts it goes to: so that each sheet read
/// can be charged with the parts it unpacked.
struct NotingParts<'a> {
    bytes: Cursor<&'a [u8]>,
    part_at: Rc<BTreeMap<u64, usize>>,
    visited: Rc<RefCell<BTreeSet<usize>>>,
}

impl Read for NotingParts<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        self.bytes.read(buffer)
    }
}

impl Seek for NotingParts<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let at = self.bytes.seek(to)?;
        if let Some(part) = self.part_at.get(&at) {
            self.visited.borrow_mut().insert(*part);
        }
        Ok(at)
    }
}

/// What reading the `.xlsx` sheets has unpacked, all reads together, against
/// [`MAX_UNPACKED_BYTES`].
struct ReadCharge {
    unpacked_bytes: Vec<u64>,
    visited: Rc<RefCell<BTreeSet<usize>>>,
    left: u64,
}

impl ReadCharge {
    /// Charges the parts gone to since the last charge. A sheet read that went to no known
    /// part (the archive reader found its part some other way) is charged the largest part, to
    /// be safe; a sheet that was not found at all costs nothing.
    fn charge(&mut self, sheet_read: bool) -> Result<(), XlsxError> {
        let visited = std::mem::take(&mut *self.visited.borrow_mut());
        let bytes: u64 = if visited.is_empty() && !sheet_read {
            0
        } else if visited.is_empty() {
            self.unpacked_bytes.iter().copied().max().unwrap_or(0)
        } else {
            visited
                .iter()
                .filter_map(|part| self.unpacked_bytes.get(*part))
                .sum()
        };
        self.left = self
            .left
            .checked_sub(bytes)
            .ok_or(XlsxError::Limit(Limit::UnpackedBytes))?;
        Ok(())
    }
}

/// Reads an `.xlsx` with calamine's streaming cell reader.
fn read_xlsx(
    bytes: &[u8],
    parts: ArchiveParts,
) -> Result<(Vec<SheetRead>, Vec<String>), XlsxError> {
    let visited = Rc::new(RefCell::new(BTreeSet::new()));
    let noting = NotingParts {
        bytes: Cursor::new(bytes),
        part_at: Rc::new(parts.part_at),
        visited: Rc::clone(&visited),
    };
    let mut workbook: calamine::Xlsx<_> =
        calamine::Xlsx::new(noting).map_err(|error| XlsxError::Open(error.into()))?;
    // Opening reads the workbook's own parts; the charge is for the sheets.
    visited.borrow_mut().clear();
    let mut charge = ReadCharge {
        unpacked_bytes: parts.unpacked_bytes,
        visited,
        left: MAX_UNPACKED_BYTES,
    };
    let names = workbook.sheet_names();
    if names.len() > MAX_SHEETS {
        return Err(XlsxError::Limit(Limit::Sheets));
    }
    let mut budget = CellBudget::new();
    let mut sheets = Vec::new();
    let mut reasons = Vec::new();
    // calamine finds a sheet by its name, so a name given twice is the same sheet.
    let mut seen = HashSet::new();
    for name in names {
        if !seen.insert(name.clone()) {
            continue;
        }
        let mut cells = SheetCells::default();
        let read = read_xlsx_sheet(&mut workbook, &name, &mut cells, &mut budget);
        // Styles only help (decimals, footnotes, the yellow of a cell to check); a sheet whose
        // styles cannot be read is still read.
        let styles = match read {
            Ok(()) => workbook.worksheet_style(&name).unwrap_or_default(),
            Err(_) => StyleRange::default(),
        };
        // The styles are read from the same part as the cells: one charge pays for both.
        charge.charge(read.is_ok())?;
        match read {
            Ok(()) => sheets.push(SheetRead {
                name,
                cells,
                styles,
            }),
            Err(SheetFailure::Limit(error)) => return Err(error),
            Err(SheetFailure::Unreadable(error)) => {
                reasons.push(format!("sheet `{name}` cannot be read: {error}"));
            }
        }
    }
    Ok((sheets, reasons))
}

/// Why one sheet of an `.xlsx` was not read: the workbook goes beyond a limit (all of it is
/// refused), or this sheet is damaged (the others may still be read).
enum SheetFailure {
    Limit(XlsxError),
    Unreadable(calamine::XlsxError),
}

fn read_xlsx_sheet(
    workbook: &mut calamine::Xlsx<NotingParts<'_>>,
    name: &str,
    cells: &mut SheetCells,
    budget: &mut CellBudget,
) -> Result<(), SheetFailure> {
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(SheetFailure::Unreadable)?;
    while let Some(cell) = reader.next_cell().map_err(SheetFailure::Unreadable)? {
        let (row, column) = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        budget
            .put(cells, row.into(), column.into(), value)
            .map_err(SheetFailure::Limit)?;
    }
    Ok(())
}

/// Reads an OpenDocument spreadsheet's `content.xml`, streaming.
fn read_ods(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<(Vec<SheetRead>, Vec<String>), XlsxError> {
    let content = archive
        .by_name("content.xml")
        .map_err(|error| XlsxError::Damaged(error.to_string()))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    reader.config_mut().trim_text(false);
    let mut ods = OdsReader::default();
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| XlsxError::Damaged(format!("content.xml: {error}")))?;
        let done = matches!(event, Event::Eof);
        ods.take(event)?;
        if done {
            break;
        }
    }
    if ods.depth_in_table.is_some() {
        return Err(XlsxError::Damaged(
            "content.xml ends in the middle of a table".to_string(),
        ));
    }
    Ok((ods.sheets, Vec::new()))
}

/// Where the ODS reader is: the sheets read so far and the row and cell being read.
#[derive(Default)]
struct OdsReader {
    sheets: Vec<SheetRead>,
    budget: Option<CellBudget>,
    /// Set inside a `table:table`: how many elements deep inside it.
    depth_in_table: Option<usize>,
    /// The next row's index.
    row: u64,
    /// The row being read: its repeat count and filled cells.
    row_repeats: u64,
    row_cells: Vec<(u64, Data)>,
    /// The next cell's column.
    column: u64,
    /// The cell being read, with its repeat count, and whether its text is being gathered.
    cell: Option<OdsCell>,
    /// Inside an annotation (a comment), whose text is no value.
    annotation_depth: usize,
}

struct OdsCell {
    value: Data,
    repeats: u64,
    text: Option<String>,
    paragraphs: usize,
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Result<Option<String>, XlsxError> {
    for attribute in element.attributes() {
        let attribute =
            attribute.map_err(|error| XlsxError::Damaged(format!("content.xml: {error}")))?;
        if attribute.key.as_ref() == name {
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|error| XlsxError::Damaged(format!("content.xml: {error}")))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// A repeat count; absent is 1, and 0 or words are damage.
fn repeats(element: &BytesStart<'_>, name: &str) -> Result<u64, XlsxError> {
    match attribute(element, name)? {
        None => Ok(1),
        Some(text) => match text.trim().parse::<u64>() {
            Ok(count) if count > 0 => Ok(count),
            _ => Err(XlsxError::Damaged(format!(
                "content.xml: `{}` is no repeat count",
                text.chars().take(20).collect::<String>()
            ))),
        },
    }
}

impl OdsReader {
    fn take(&mut self, event: Event<'_>) -> Result<(), XlsxError> {
        match event {
            Event::Start(element) => {
                self.start(&element)?;
                if let Some(depth) = &mut self.depth_in_table {
                    *depth += 1;
                }
            }
            Event::Empty(element) => {
                self.start(&element)?;
                self.end(element.name().as_ref())?;
            }
            Event::End(element) => {
                if let Some(depth) = &mut self.depth_in_table {
                    *depth = depth.saturating_sub(1);
                }
                self.end(element.name().as_ref())?;
            }
            Event::Text(text) => self.push_text(&text.xml10_content())?,
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(character)) => character.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&reference)
                        .unwrap_or_default()
                        .to_string(),
                };
                self.push_text(&resolved)?;
            }
            Event::CData(data) => {
                self.push_text(&data.into_inner())?;
            }
            _ => {}
        }
        Ok(())
    }

    fn gathering_text(&mut self) -> Option<&mut String> {
        if self.annotation_depth > 0 {
            return None;
        }
        self.cell.as_mut()?.text.as_mut()
    }

    fn push_text(&mut self, text: &str) -> Result<(), XlsxError> {
        if let Some(gathered) = self.gathering_text() {
            if gathered.len() + text.len() > MAX_CELL_CHARS * 4 {
                return Err(XlsxError::Limit(Limit::CellChars));
            }
            gathered.push_str(text);
        }
        Ok(())
    }

    fn start(&mut self, element: &BytesStart<'_>) -> Result<(), XlsxError> {
        match element.name().as_ref() {
            "table:table" => {
                let name = attribute(element, "table:name")?
                    .unwrap_or_else(|| format!("Sheet{}", self.sheets.len() + 1));
                self.sheets.push(SheetRead {
                    name,
                    cells: SheetCells::default(),
                    styles: StyleRange::empty(),
                });
                self.budget.get_or_insert_with(CellBudget::new);
                self.depth_in_table = Some(0);
                self.row = 0;
            }
            "table:table-row" if self.depth_in_table.is_some() => {
                self.row_repeats = repeats(element, "table:number-rows-repeated")?;
                self.row_cells.clear();
                self.column = 0;
            }
            "table:table-cell" | "table:covered-table-cell" if self.depth_in_table.is_some() => {
                self.cell = Some(ods_cell(element)?);
            }
            "office:annotation" => self.annotation_depth += 1,
            "text:p" | "text:h" => {
                if let Some(cell) = self.cell.as_mut()
                    && self.annotation_depth == 0
                {
                    cell.paragraphs += 1;
                    if cell.paragraphs > 1 {
                        self.push_text("\n")?;
                    }
                }
            }
            "text:s" => {
                let count = repeats(element, "text:c")?;
                if self.gathering_text().is_some() {
                    let count = usize::try_from(count).unwrap_or(usize::MAX);
                    if count > MAX_CELL_CHARS {
                        return Err(XlsxError::Limit(Limit::CellChars));
                    }
                    self.push_text(&" ".repeat(count))?;
                }
            }
            "text:tab" => self.push_text("\t")?,
            "text:line-break" => self.push_text("\n")?,
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), XlsxError> {
        match name {
            "table:table" => self.depth_in_table = None,
            "table:table-cell" | "table:covered-table-cell" => {
                if let Some(cell) = self.cell.take() {
                    let value = match cell.text {
                        Some(text) => Data::String(text),
                        None => cell.value,
                    };
                    if !matches!(value, Data::Empty) {
                        for repeat in 0..cell.repeats.min(MAX_COLUMNS.into()) {
                            self.row_cells.push((self.column + repeat, value.clone()));
                            if self.row_cells.len() > MAX_COLUMNS as usize {
                                return Err(XlsxError::Limit(Limit::Position));
                            }
                        }
                    }
                    self.column = self.column.saturating_add(cell.repeats);
                }
            }
            "table:table-row" if self.depth_in_table.is_some() => self.finish_row()?,
            "office:annotation" => self.annotation_depth = self.annotation_depth.saturating_sub(1),
            _ => {}
        }
        Ok(())
    }

    /// Puts the row's filled cells in the sheet once per repeat; an empty row only moves on.
    fn finish_row(&mut self) -> Result<(), XlsxError> {
        let repeats = self.row_repeats;
        if !self.row_cells.is_empty() {
            let (Some(sheet), Some(budget)) = (self.sheets.last_mut(), self.budget.as_mut()) else {
                return Ok(());
            };
            // Stops at the first cell beyond a limit, so a huge repeat costs at most the limit.
            for repeat in 0..repeats {
                for (column, value) in &self.row_cells {
                    budget.put(
                        &mut sheet.cells,
                        self.row.saturating_add(repeat),
                        *column,
                        value.clone(),
                    )?;
                }
            }
        }
        self.row = self.row.saturating_add(repeats);
        self.row_cells.clear();
        Ok(())
    }
}

/// A cell's value from its attributes; a string cell without `office:string-value` gathers its
/// text from the paragraphs inside.
fn ods_cell(element: &BytesStart<'_>) -> Result<OdsCell, XlsxError> {
    let repeats = repeats(element, "table:number-columns-repeated")?;
    let value_type = attribute(element, "office:value-type")?;
    let value = match value_type.as_deref() {
        Some("float" | "percentage" | "currency") => match attribute(element, "office:value")? {
            Some(text) => text
                .trim()
                .parse::<f64>()
                .map(Data::Float)
                .unwrap_or(Data::String(text)),
            None => Data::Empty,
        },
        Some("boolean") => Data::Bool(matches!(
            attribute(element, "office:boolean-value")?.as_deref(),
            Some("true" | "TRUE")
        )),
        Some("date") => {
            attribute(element, "office:date-value")?.map_or(Data::Empty, Data::DateTimeIso)
        }
        Some("time") => {
            attribute(element, "office:time-value")?.map_or(Data::Empty, Data::DurationIso)
        }
        Some(_) => match attribute(element, "office:string-value")? {
            Some(text) => Data::String(text),
            None => Data::Empty,
        },
        None => Data::Empty,
    };
    // The text is the value of a string cell without a string-value attribute.
    let gathers_text = matches!(value_type.as_deref(), Some("string")) && value == Data::Empty;
    Ok(OdsCell {
        value,
        repeats,
        text: gathers_text.then(String::new),
        paragraphs: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods(content: &str) -> Vec<u8> {
        use std::io::Write;
        let mut bytes = Vec::new();
        {
            let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
            let options = zip::write::SimpleFileOptions::default();
            writer.start_file("mimetype", options).unwrap();
            writer
                .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
                .unwrap();
            writer.start_file("content.xml", options).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
            writer.finish().unwrap();
        }
        bytes
    }

    const HEAD: &str = r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>"#;
    const FOOT: &str = "</office:spreadsheet></office:body></office:document-content>";

    #[test]
    fn ods_cells_with_repeats_text_and_numbers() {
        let content = format!(
            r#"{HEAD}<table:table table:name="Blad1">
            <table:table-row><table:table-cell office:value-type="string"><text:p>Werkelijk <text:s text:c="2"/>&amp; meer</text:p><text:p>tweede</text:p><office:annotation><text:p>commentaar</text:p></office:annotation></table:table-cell><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float" office:value="68.6"/></table:table-row>
            <table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>
            <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="2"/></table:table-row>
            </table:table>{FOOT}"#
        );
        let (sheets, reasons) = read_sheets(&ods(&content)).unwrap();
        assert!(reasons.is_empty());
        let [sheet] = sheets.as_slice() else {
            panic!("one sheet")
        };
        assert_eq!(sheet.name, "Blad1");
        assert_eq!(
            sheet.cells.get(0, 0),
            Some(&Data::String("Werkelijk   & meer\ntweede".into()))
        );
        assert_eq!(sheet.cells.get(0, 4), Some(&Data::Float(68.6)));
        assert_eq!(sheet.cells.get(0, 1), None);
        for row in [1_000_001, 1_000_002] {
            assert_eq!(sheet.cells.get(row, 0), Some(&Data::Float(1.0)));
            assert_eq!(sheet.cells.get(row, 1), Some(&Data::Float(1.0)));
        }
        assert_eq!(sheet.cells.span(), Some(((0, 0), (1_000_002, 4))));
        assert_eq!(sheet.cells.columns_in_row(0).collect::<Vec<_>>(), [0, 4]);
    }

    #[test]
    fn ods_limits_and_damage_are_errors_not_loops() {
        let repeated = format!(
            r#"{HEAD}<table:table table:name="a"><table:table-row table:number-rows-repeated="4000000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>{FOOT}"#
        );
        assert!(matches!(
            read_sheets(&ods(&repeated)),
            Err(XlsxError::Limit(Limit::Cells | Limit::Position))
        ));
        let spaces = format!(
            r#"{HEAD}<table:table table:name="a"><table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="999999999"/></text:p></table:table-cell></table:table-row></table:table>{FOOT}"#
        );
        assert!(matches!(
            read_sheets(&ods(&spaces)),
            Err(XlsxError::Limit(Limit::CellChars))
        ));
        let truncated = format!(
            r#"{HEAD}<table:table table:name="a"><table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>x"#
        );
        assert!(matches!(
            read_sheets(&ods(&truncated)),
            Err(XlsxError::Damaged(_))
        ));
    }

    #[test]
    fn a_sheet_is_sparse_so_a_far_cell_costs_one_cell() {
        let mut sheet = SheetCells::default();
        let mut budget = CellBudget::new();
        budget.put(&mut sheet, 0, 0, Data::Float(1.0)).unwrap();
        budget
            .put(&mut sheet, 1_048_575, 16_383, Data::String("x".into()))
            .unwrap();
        assert_eq!(sheet.span(), Some(((0, 0), (1_048_575, 16_383))));
        assert_eq!(budget.left, MAX_CELLS - 2);
        assert!(matches!(
            budget.put(&mut sheet, 1_048_576, 0, Data::Float(1.0)),
            Err(XlsxError::Limit(Limit::Position))
        ));
    }

    /// The parts of the sample's workbook, as Peilstok writes it.
    fn sample_workbook_parts() -> Vec<(String, Vec<u8>)> {
        let document = crate::sample::sample_document().unwrap();
        let bytes = super::super::write(&document, crate::i18n::Language::Dutch).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        (0..archive.len())
            .map(|index| {
                let mut part = archive.by_index(index).unwrap();
                let mut content = Vec::new();
                part.read_to_end(&mut content).unwrap();
                (part.name().unwrap().to_string(), content)
            })
            .collect()
    }

    fn pack(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
        use std::io::Write;
        let mut bytes = Vec::new();
        let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        for (name, content) in parts {
            writer.start_file(name.as_str(), options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap();
        bytes
    }

    fn part<'a>(parts: &'a mut [(String, Vec<u8>)], name: &str) -> &'a mut Vec<u8> {
        &mut parts.iter_mut().find(|(part, _)| part == name).unwrap().1
    }

    /// Puts an XML comment of `bytes` spaces after the XML declaration: a part that unpacks
    /// large and holds nothing more.
    fn pad(content: &mut Vec<u8>, bytes: usize) {
        let text = String::from_utf8(content.clone()).unwrap();
        let declaration_end = text.find("?>").unwrap() + 2;
        let padded = format!(
            "{}<!--{}-->{}",
            &text[..declaration_end],
            " ".repeat(bytes),
            &text[declaration_end..]
        );
        *content = padded.into_bytes();
    }

    /// The first `<sheet …/>` entry of a workbook's `workbook.xml`.
    fn first_sheet_entry(workbook: &str) -> &str {
        let first = workbook.find("<sheet ").unwrap();
        &workbook[first..first + workbook[first..].find("/>").unwrap() + 2]
    }

    /// The workbook with `copies` more sheet entries, under new names, all pointing at the
    /// first sheet's part.
    fn with_sheet_named_again(parts: &mut [(String, Vec<u8>)], copies: usize) {
        let workbook = part(parts, "xl/workbook.xml");
        let text = String::from_utf8(workbook.clone()).unwrap();
        let entry = first_sheet_entry(&text);
        let id_at = entry.find("r:id=\"").unwrap() + "r:id=\"".len();
        let id = &entry[id_at..id_at + entry[id_at..].find('"').unwrap()];
        let entries: String = (0..copies)
            .map(|copy| {
                format!(
                    r#"<sheet name="Kopie {copy}" sheetId="{}" r:id="{id}"/>"#,
                    100 + copy
                )
            })
            .collect();
        *workbook = text
            .replacen("</sheets>", &format!("{entries}</sheets>"), 1)
            .into_bytes();
    }

    #[test]
    fn a_sheet_under_many_names_is_unpacked_within_the_limit() {
        // Found by fuzzing: a thousand entries for one sheet were read a thousand times.
        let mut parts = sample_workbook_parts();
        with_sheet_named_again(&mut parts, 120);
        let (sheets, _) = read_sheets(&pack(&parts)).unwrap();
        assert_eq!(sheets.len(), 2 + 120);
        assert_eq!(sheets[2].cells.span(), sheets[0].cells.span());

        // The same, with the sheet's part padded to 1.5 MB: 120 reads would unpack 180 MB.
        let first_sheet = "xl/worksheets/sheet1.xml";
        pad(part(&mut parts, first_sheet), 1_500_000);
        assert!(matches!(
            read_sheets(&pack(&parts)),
            Err(XlsxError::Limit(Limit::UnpackedBytes))
        ));
    }

    #[test]
    fn each_sheet_read_is_charged_with_its_own_part() {
        // A 70 MB part that no sheet reads: were every read charged with the largest part, the
        // two sheets would come to 140 MB and be refused.
        let mut parts = sample_workbook_parts();
        pad(part(&mut parts, "docProps/app.xml"), 70_000_000);
        let (sheets, reasons) = read_sheets(&pack(&parts)).unwrap();
        assert!(reasons.is_empty(), "{reasons:?}");
        assert_eq!(sheets.len(), 2);
    }

    #[test]
    fn more_sheets_than_the_limit_are_refused() {
        let mut parts = sample_workbook_parts();
        with_sheet_named_again(&mut parts, MAX_SHEETS);
        assert!(matches!(
            read_sheets(&pack(&parts)),
            Err(XlsxError::Limit(Limit::Sheets))
        ));
    }

    #[test]
    fn a_name_given_twice_is_one_sheet() {
        let mut parts = sample_workbook_parts();
        let workbook = part(&mut parts, "xl/workbook.xml");
        let text = String::from_utf8(workbook.clone()).unwrap();
        let entry = first_sheet_entry(&text);
        let again = text.replacen("</sheets>", &format!("{entry}{entry}</sheets>"), 1);
        *workbook = again.into_bytes();
        let (sheets, _) = read_sheets(&pack(&parts)).unwrap();
        assert_eq!(sheets.len(), 2);
    }
}
