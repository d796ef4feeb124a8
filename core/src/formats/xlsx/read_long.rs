//! Reading the long sheet: the long CSV's header and rows, exactly.

use super::*;

/// How many columns the long header in row 1 has (14, or 13 for files of the first version).
pub(super) fn long_header_width(grid: &Grid) -> Option<usize> {
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
pub(super) fn read_long(grid: &Grid) -> Result<Document, XlsxError> {
    let width = long_header_width(grid).unwrap_or(HEADER.len());
    let mut bytes = Vec::new();
    // The sheet row of each record after the header, so an error names the row a person sees.
    let mut sheet_rows = Vec::new();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        // Row 0 (the header) and the filled rows: an empty row is no record.
        let rows = std::iter::once(0).chain(grid.filled_rows().filter(|row| *row > 0));
        for row in rows {
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
pub(super) fn long_field(grid: &Grid, row: u32, column: u32) -> String {
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
