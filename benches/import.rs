//! How long reading budget text takes: seed 002 (Diemen, Begroting 2023, Sociaal; 832 lines,
//! 6 indicator tables, 199 cells), a text of ten such chapters, and the whole import corpus.
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

/// Every text of the import corpus (`tests/corpus/`), read one after the other.
fn corpus(c: &mut Criterion) {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (std::fs::read_to_string(&path).unwrap(), name)
        })
        .collect();
    texts.sort();
    c.bench_function(
        &format!("import the whole corpus ({} texts)", texts.len()),
        |b| {
            b.iter(|| {
                for (text, name) in &texts {
                    black_box(peilstok::import::import_text(black_box(text), name).to_document());
                }
            })
        },
    );
}

criterion_group!(benches, import, corpus);
criterion_main!(benches);
