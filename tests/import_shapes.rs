//! The importer on table shapes of other municipalities (`tests/fixtures/import/`, see its
//! README): tabs, runs of spaces, two-row headers, targets without a year, ragged rows, unknown
//! markers. Each fixture's expected CSV lists every cell; `review` there says only whether the
//! cell must be flagged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use peilstok::formats::long_csv;
use peilstok::import::import_text;

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

/// Indicators by code: name, unit, mandatory (from their first cell row).
fn indicators_of_csv(text: &str) -> BTreeMap<String, (String, String, String)> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut indicators = BTreeMap::new();
    for record in reader.records() {
        let row = record.unwrap();
        if matches!(&row[6], "realised" | "budget" | "forecast" | "target") {
            indicators
                .entry(row[0].to_string())
                .or_insert_with(|| (row[2].to_string(), row[3].to_string(), row[4].to_string()));
        }
    }
    indicators
}

fn check(fixture: &str) {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let text = std::fs::read_to_string(directory.join(format!("{fixture}.txt"))).unwrap();
    let expected_text =
        std::fs::read_to_string(directory.join(format!("{fixture}.expected.csv"))).unwrap();
    let import = import_text(&text, fixture);
    let mut written = Vec::new();
    long_csv::write(&import.to_document(), &mut written).unwrap();
    let written = String::from_utf8(written).unwrap();
    let found = cells_of_csv(&written);
    let expected = cells_of_csv(&expected_text);
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
    let expected_indicators = indicators_of_csv(&expected_text);
    let found_indicators = indicators_of_csv(&written);
    // Names and `(verplicht)` must match. Units are compared where the fixture prints one (a `%`
    // or a unit column); Peilstok also takes `aantal` and `per 1.000 inwoners` from a name.
    for (code, description) in &expected_indicators {
        let matches = found_indicators.get(code).is_some_and(|found| {
            found.0 == description.0
                && found.2 == description.2
                && (description.1.is_empty() || found.1 == description.1)
        });
        if !matches {
            problems.push(format!(
                "{code}: expected {description:?}, read {:?}",
                found_indicators.get(code)
            ));
        }
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
fn national_layout_with_peiljaar_and_the_national_figure() {
    check("national_layout");
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

#[test]
fn a_heading_on_its_own_line_names_the_table() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let text = std::fs::read_to_string(directory.join("target_without_year.txt")).unwrap();
    let import = import_text(&text, "almere");
    let kinds: Vec<_> = import
        .tables
        .iter()
        .map(|table| (table.heading.as_str(), table.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                "Effectindicatoren Indicator",
                peilstok::model::IndicatorKind::Effect
            ),
            (
                "Prestatie-indicatoren Indicator",
                peilstok::model::IndicatorKind::Performance
            ),
        ]
    );
}
