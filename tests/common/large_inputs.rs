//! The large inputs of issue 14's "quadratic time" cases, built once for the tests that bound
//! them (`tests/quadratic.rs`) and the benchmarks that measure them (`benches/quadratic.rs`,
//! which includes this file by path).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::path::Path;

use peilstok::model::Document;
use peilstok::sample::sample_document;

/// A file of `tests/fixtures/reliability`.
pub fn reliability_fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reliability")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A text table of one row of `cells` cells under a header of four columns.
pub fn text_row(cells: usize) -> String {
    format!(
        "Prestatie-indicatoren Werkelijk 2020 Werkelijk 2021 Begroot 2022 Begroot 2023\n\
         1.1.1 - Test {}\n",
        vec!["1"; cells].join(" ")
    )
}

const CSV_HEADER: &str = "indicator,series,name,unit,mandatory,year,kind,value,marker,raw,footnotes,review,source,chosen,better\n";

/// A long CSV of `rows` cell rows, row `i` made by `row(i)`.
pub fn long_csv(rows: usize, row: impl Fn(usize) -> String) -> String {
    let mut text = String::from(CSV_HEADER);
    for index in 0..rows {
        text.push_str(&row(index));
        text.push('\n');
    }
    text
}

/// A long CSV of one indicator with one cell from each of `count` sources.
pub fn csv_of_sources(count: usize) -> String {
    long_csv(count, |i| {
        format!("1.1.1,,N,aantal,false,2021,realised,{i},,{i},,,Bron{i},,")
    })
}

/// A long CSV of `count` goals of one indicator each.
pub fn csv_of_goals(count: usize) -> String {
    long_csv(count, |i| {
        format!(
            "{},P,Doel {i},,,,goal,,,,,,B,,\n{}.1,,N,aantal,false,2021,realised,{i},,{i},,,B,,",
            i + 1,
            i + 1
        )
    })
}

/// A long CSV of one indicator with `count` sub-series of one cell each.
pub fn csv_of_sub_series(count: usize) -> String {
    long_csv(count, |i| {
        format!("1.1.1,Reeks {i},N,aantal,false,2021,realised,{i},,{i},,,B,,")
    })
}

/// The sample's first indicator alone, under `name`.
pub fn one_indicator_named(name: String) -> Document {
    let mut document = sample_document().unwrap();
    document.programmes.truncate(1);
    let programme = &mut document.programmes[0];
    programme.goals.truncate(1);
    programme.goals[0].indicators.truncate(1);
    programme.goals[0].indicators[0].name = name;
    document
}
