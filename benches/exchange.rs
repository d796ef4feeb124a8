//! How long the exchange formats take for the sample (45 indicators, 199 cells): the long CSV,
//! JSON and the Excel workbook, each written and read back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use peilstok::formats::{json as json_format, long_csv, xlsx};
use peilstok::i18n::Language;
use peilstok::sample::sample_document;

fn exchange(c: &mut Criterion) {
    let document = sample_document().unwrap();
    let mut csv = Vec::new();
    long_csv::write(&document, &mut csv).unwrap();
    let json = json_format::write(&document).unwrap();
    let workbook = xlsx::write(&document, Language::Dutch).unwrap();

    c.bench_function("long CSV: write the sample", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            long_csv::write(black_box(&document), &mut out).unwrap();
            out
        })
    });
    c.bench_function("long CSV: read the sample", |b| {
        b.iter(|| long_csv::read(black_box(csv.as_slice())).unwrap())
    });
    c.bench_function("JSON: write the sample", |b| {
        b.iter(|| json_format::write(black_box(&document)).unwrap())
    });
    c.bench_function("JSON: read the sample", |b| {
        b.iter(|| json_format::read(black_box(&json)).unwrap())
    });
    c.bench_function("XLSX: write the sample", |b| {
        b.iter(|| xlsx::write(black_box(&document), Language::Dutch).unwrap())
    });
    c.bench_function("XLSX: read the sample", |b| {
        b.iter(|| xlsx::read(black_box(&workbook)).unwrap())
    });
}

criterion_group!(benches, exchange);
criterion_main!(benches);
