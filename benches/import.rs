//! How long reading budget text takes: seed 002 (Diemen, Begroting 2023, Sociaal; 832 lines,
//! 6 indicator tables, 199 cells), and a text of ten such chapters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SEED_002: &str = include_str!("../tests/fixtures/seeds/002_7e2fc6bc78fc6086.txt");

fn import(c: &mut Criterion) {
    c.bench_function("import seed 002 (one chapter)", |b| {
        b.iter(|| peilstok::import::import_text(black_box(SEED_002), "002.txt"))
    });
    let ten_chapters = SEED_002.repeat(10);
    c.bench_function("import ten chapters (8,320 lines)", |b| {
        b.iter(|| peilstok::import::import_text(black_box(&ten_chapters), "ten.txt"))
    });
    c.bench_function("import seed 002 and build the document", |b| {
        b.iter(|| peilstok::import::import_text(black_box(SEED_002), "002.txt").to_document())
    });
}

criterion_group!(benches, import);
criterion_main!(benches);
