//! The importer on table shapes of other municipalities (`tests/fixtures/import/`, see its
//! README): tabs, runs of spaces, two-row headers, targets without a year, ragged rows, unknown
//! markers. Each fixture's expected CSV lists every cell; `review` there says only whether the
//! cell must be flagged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use peilstok::import::import_text;
use peilstok::long_csv;

type Key = (String, String, String, String);

/// Cells by (indicator, series, year, kind): value, marker, raw, footnotes, flagged.
fn cells_of_csv(text: &str) -> BTreeMap<Key, (String, String, String, String, bool)> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut cells = BTreeMap::new();
    for record in reader.records() {
        let row = record.unwrap();
        if !matches!(&row[6], "realised" | "budget" | "forecast" | "target") {
            continue;
        }
        let key = (
            row[0].to_string(),
            row[1].to_string(),
            row[5].to_string(),
            row[6].to_string(),
        );
        let cell = (
            row[7].to_string(),
            row[8].to_string(),
            row[9].to_string(),
            row[10].to_string(),
            !row[11].is_empty(),
        );
        assert!(cells.insert(key.clone(), cell).is_none(), "{key:?} twice");
    }
    cells
}

fn check(fixture: &str) {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let text = std::fs::read_to_string(directory.join(format!("{fixture}.txt"))).unwrap();
    let expected =
        std::fs::read_to_string(directory.join(format!("{fixture}.expected.csv"))).unwrap();
    let import = import_text(&text, fixture);
    let mut written = Vec::new();
    long_csv::write(&import.to_document(), &mut written).unwrap();
    let found = cells_of_csv(&String::from_utf8(written).unwrap());
    let expected = cells_of_csv(&expected);
    let mut problems = Vec::new();
    for (key, cell) in &expected {
        match found.get(key) {
            Some(ours) if ours == cell => {}
            Some(ours) => problems.push(format!("{key:?}: expected {cell:?}, read {ours:?}")),
            None => problems.push(format!("{key:?}: expected {cell:?}, not read")),
        }
    }
    for key in found.keys().filter(|key| !expected.contains_key(*key)) {
        problems.push(format!("{key:?}: read {:?}, not in the table", found[key]));
    }
    assert!(
        problems.is_empty(),
        "{fixture}: {} problems\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn row_per_line_with_tabs() {
    check("tabs");
}

#[test]
fn row_per_line_with_runs_of_spaces() {
    check("spaces");
}

#[test]
fn two_row_header() {
    check("two_row_header");
}

#[test]
fn target_without_a_year() {
    check("target_without_year");
}

#[test]
fn ragged_row_is_flagged_not_shifted() {
    check("ragged");
}

#[test]
fn unknown_markers_are_kept_and_flagged() {
    check("unknown_marker");
}

#[test]
fn a_text_without_indicator_table_gives_nothing() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let text = std::fs::read_to_string(directory.join("not_a_table.txt")).unwrap();
    let import = import_text(&text, "not_a_table");
    assert!(
        import.tables.is_empty(),
        "{:?}",
        import.tables.first().map(|t| (&t.heading, t.lines.clone()))
    );
}
