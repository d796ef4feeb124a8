//! The inputs of issue 14 that took time in the square of their size, now linear: a text row of
//! 16,000 and of 88,000 cells, a long CSV of 10,000 or 100,000 sources, of 100,000 goals or of
//! 100,000 sub-series (read, then merged as `peilstok import` does), and the report of an
//! indicator whose name is 80,000 characters or a megabyte (docs/performance.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use peilstok::export::report::{ReportOptions, report_pdf};
use peilstok::formats::long_csv;
use peilstok::i18n::Language;
use peilstok::import::import_text;
use peilstok::model::Document;
use peilstok::sample::sample_document;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reliability")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// A text table of one row of `cells` cells under a header of four columns.
fn text_row(cells: usize) -> String {
    format!(
        "Prestatie-indicatoren Werkelijk 2020 Werkelijk 2021 Begroot 2022 Begroot 2023\n\
         1.1.1 - Test {}\n",
        vec!["1"; cells].join(" ")
    )
}

fn text_rows(c: &mut Criterion) {
    let mut group = c.benchmark_group("a text row of many cells");
    group.sample_size(10);
    let cases = [
        (
            "16,000 cells (slow_txt_row_16000_cells_16s.txt)",
            fixture("slow_txt_row_16000_cells_16s.txt"),
        ),
        ("88,000 cells (generated)", text_row(88_000)),
        (
            "about 88,000 cells (hang_txt_00287.txt)",
            fixture("hang_txt_00287.txt"),
        ),
    ];
    for (name, text) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| import_text(black_box(text), "rij.txt").to_document())
        });
    }
    group.finish();
}

const CSV_HEADER: &str = "indicator,series,name,unit,mandatory,year,kind,value,marker,raw,footnotes,review,source,chosen,better\n";

/// A long CSV of `rows` rows, row `i` made by `row(i)`.
fn long_csv(rows: usize, row: impl Fn(usize) -> String) -> String {
    let mut text = String::from(CSV_HEADER);
    for index in 0..rows {
        text.push_str(&row(index));
        text.push('\n');
    }
    text
}

fn csv_files(c: &mut Criterion) {
    let mut group = c.benchmark_group("a long CSV, read and merged");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let cases = [
        (
            "10,000 sources (slow_9s_csv_10k_sources.csv)",
            fixture("slow_9s_csv_10k_sources.csv"),
        ),
        (
            "100,000 sources",
            long_csv(100_000, |i| {
                format!("1.1.1,,N,aantal,false,2021,realised,{i},,{i},,,Bron{i},,")
            }),
        ),
        (
            "100,000 goals",
            long_csv(100_000, |i| {
                format!(
                    "{},P,Doel {i},,,,goal,,,,,,B,,\n{}.1,,N,aantal,false,2021,realised,{i},,{i},,,B,,",
                    i + 1,
                    i + 1
                )
            }),
        ),
        (
            "100,000 sub-series",
            long_csv(100_000, |i| {
                format!("1.1.1,Reeks {i},N,aantal,false,2021,realised,{i},,{i},,,B,,")
            }),
        ),
    ];
    for (name, text) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| {
                let mut document = Document::default();
                document.merge(long_csv::read(black_box(text.as_bytes())).unwrap());
                document
            })
        });
    }
    group.finish();
}

/// The sample's first indicator alone, under `name`.
fn one_indicator_named(name: String) -> Document {
    let mut document = sample_document().unwrap();
    document.programmes.truncate(1);
    let programme = &mut document.programmes[0];
    programme.goals.truncate(1);
    programme.goals[0].indicators.truncate(1);
    programme.goals[0].indicators[0].name = name;
    document
}

fn long_names(c: &mut Criterion) {
    let mut group = c.benchmark_group("the report PDF of one indicator with a long name");
    group.sample_size(10);
    let options = ReportOptions::new(Language::Dutch);
    let cases = [
        ("a name of 113 characters (the sample's longest)", {
            let mut document = one_indicator_named(String::new());
            let longest = sample_document()
                .unwrap()
                .indicators()
                .map(|(_, _, indicator)| indicator.name.clone())
                .max_by_key(|name| name.chars().count())
                .unwrap();
            document.programmes[0].goals[0].indicators[0].name = longest;
            document
        }),
        (
            "one word of 80,000 characters",
            one_indicator_named("x".repeat(80_000)),
        ),
        (
            "80,000 characters in words",
            one_indicator_named("woord ".repeat(80_000 / 6)),
        ),
        (
            "a megabyte in words",
            one_indicator_named("woord ".repeat(1_000_000 / 6)),
        ),
    ];
    for (name, document) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| report_pdf(black_box(document), &options, &mut |_| {}).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, text_rows, csv_files, long_names);
criterion_main!(benches);
