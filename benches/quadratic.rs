//! The inputs of issue 14 that took time in the square of their size, now linear: a text row of
//! 16,000 and of 88,000 cells, a long CSV of 10,000 or 100,000 sources, of 100,000 goals or of
//! 100,000 sub-series (read, then merged as `peilstok import` does), and the report of an
//! indicator whose name is 80,000 characters or a megabyte (docs/performance.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use peilstok::export::report::{ReportOptions, report_pdf};
use peilstok::formats::long_csv;
use peilstok::i18n::Language;
use peilstok::import::import_text;
use peilstok::model::Document;
use peilstok::sample::sample_document;

/// The inputs, built as the tests that bound them build them.
#[path = "../tests/common/large_inputs.rs"]
mod large_inputs;

use large_inputs::{
    csv_of_goals, csv_of_sources, csv_of_sub_series, one_indicator_named, reliability_fixture,
    text_row,
};

/// A text file of `tests/fixtures/reliability`.
fn text_fixture(name: &str) -> String {
    String::from_utf8(reliability_fixture(name)).unwrap()
}

fn text_rows(c: &mut Criterion) {
    let mut group = c.benchmark_group("a text row of many cells");
    group.sample_size(10);
    let cases = [
        (
            "16,000 cells (slow_txt_row_16000_cells_16s.txt)",
            text_fixture("slow_txt_row_16000_cells_16s.txt"),
        ),
        ("88,000 cells (generated)", text_row(88_000)),
        (
            "about 88,000 cells (hang_txt_00287.txt)",
            text_fixture("hang_txt_00287.txt"),
        ),
    ];
    for (name, text) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| import_text(black_box(text), "rij.txt").to_document())
        });
    }
    group.finish();
}

fn csv_files(c: &mut Criterion) {
    let mut group = c.benchmark_group("a long CSV, read and merged");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let cases = [
        (
            "10,000 sources (slow_9s_csv_10k_sources.csv)",
            text_fixture("slow_9s_csv_10k_sources.csv"),
        ),
        ("100,000 sources", csv_of_sources(100_000)),
        ("100,000 goals", csv_of_goals(100_000)),
        ("100,000 sub-series", csv_of_sub_series(100_000)),
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
