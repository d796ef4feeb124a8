//! The bundled sample: the indicators of Diemen, Begroting 2023, programma Sociaal.
//!
//! The importer's reading of the budget's text (`tests/fixtures/seeds/002_…txt`): every indicator table
//! and cell. It was first read by hand and checked by a second reader; the importer reproduces
//! that reading on every cell (a test keeps it so), so there is one reading of the seed, not two.
//! Embedded in the binary so `peilstok` opens it without any file around.

use crate::formats::long_csv::{self, LongCsvError};
use crate::model::Document;

/// The name by which the command line and the menu refer to the sample.
pub const SAMPLE_NAME: &str = "sample";

/// The sample as a long CSV, exactly as shipped in `assets/`.
pub const SAMPLE_CSV: &str = include_str!("../../assets/diemen-begroting-2023-sociaal.csv");

/// The sample document.
pub fn sample_document() -> Result<Document, LongCsvError> {
    long_csv::read(SAMPLE_CSV.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellValue, Column, Marker, ValueKind};

    #[test]
    fn the_sample_reads_and_holds_the_seed_tables() {
        let document = sample_document().unwrap();
        assert_eq!(document.indicators().count(), 45);
        let (_, goal, indicator) = document
            .indicators()
            .find(|(_, _, indicator)| indicator.code == "3.1.3")
            .unwrap();
        assert_eq!(goal.code, "3");
        let cell = indicator
            .cell("", Column::new(ValueKind::Realised, 2021))
            .unwrap();
        assert_eq!(cell.value, CellValue::Missing(Marker::NotKnown));
        assert_eq!(cell.footnotes, vec![3]);
        assert_eq!(
            document.footnote_text(&cell.source, 3),
            Some("Geen data bekend op waarstaatjegemeente.nl")
        );
    }

    #[test]
    fn the_sample_round_trips_byte_for_byte() {
        let document = sample_document().unwrap();
        let mut written = Vec::new();
        long_csv::write(&document, &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), SAMPLE_CSV);
    }
}
