//! Two writers at once never lose a write (issue 14): pairs of `peilstok import … --into DOC`
//! started together, into an existing document and into one that does not exist yet. Each
//! writer adds its own indicator; afterwards both must be there, the file must pass SQLite's
//! `integrity_check`, and both processes must have said so (exit 0).
//!
//! The window's side (two windows on one file) is `app::tests::two_windows_on_one_file…`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};

use peilstok::store::Store;

/// Pairs raced into an existing document, and into a new one.
const PAIRS_EXISTING: usize = 40;
const PAIRS_NEW: usize = 20;

/// A long CSV with one source, goal and indicator of writer `writer`'s own, and a value for
/// 2030 + `writer` in indicator 1.1.1, which every writer shares.
fn writer_csv(directory: &Path, writer: usize) -> std::path::PathBuf {
    let path = directory.join(format!("writer{writer}.csv"));
    let year = 2030 + writer;
    std::fs::write(
        &path,
        format!(
            "indicator,series,name,unit,mandatory,year,kind,value,marker,raw,footnotes,review,source,chosen,better\n\
             ,Gemeente {writer},Bron {writer},begroting,,2024,source,,,w{writer}.txt,,,Bron {writer},,\n\
             {writer},Programma {writer},Doel {writer},,,,goal,,,,,,Bron {writer},,\n\
             {writer}.1.1,,Indicator {writer},aantal,false,2023,realised,{writer},,{writer},,,Bron {writer},,\n\
             1,Programma 1,Doel 1,,,,goal,,,,,,Bron {writer},,\n\
             1.1.1,,Indicator 1,aantal,false,{year},budget,{writer},,{writer},,,Bron {writer},,\n"
        ),
    )
    .unwrap();
    path
}

/// The codes of the document's indicators, and the years of 1.1.1's cells.
fn codes_and_years(path: &Path) -> (Vec<String>, Vec<i32>) {
    let (_, document) = Store::open_document(path).unwrap();
    let mut codes: Vec<String> = document
        .indicators()
        .map(|(_, _, indicator)| indicator.code.clone())
        .collect();
    codes.sort();
    let mut years: Vec<i32> = document
        .indicators()
        .filter(|(_, _, indicator)| indicator.code == "1.1.1")
        .flat_map(|(_, _, indicator)| indicator.cells.iter().filter_map(|cell| cell.column.year))
        .collect();
    years.sort();
    years.dedup();
    (codes, years)
}

fn integrity(path: &Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

/// Starts both imports into `document` at once and waits for both.
fn race(directory: &Path, document: &Path, inputs: [&Path; 2]) {
    let children: Vec<_> = inputs
        .iter()
        .map(|input| {
            Command::new(env!("CARGO_BIN_EXE_peilstok"))
                .arg("import")
                .arg(input)
                .arg("--into")
                .arg(document)
                .current_dir(directory)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn simultaneous_imports_into_one_document_both_land() {
    let directory = tempfile::tempdir().unwrap();
    let here = directory.path();
    let inputs: Vec<_> = (1..=3).map(|writer| writer_csv(here, writer)).collect();
    let base = here.join("base.peilstok");
    Store::create(
        &base,
        &peilstok::formats::long_csv::read(std::fs::read(&inputs[0]).unwrap().as_slice()).unwrap(),
    )
    .unwrap();
    for pair in 0..PAIRS_EXISTING {
        let document = here.join(format!("existing{pair}.peilstok"));
        std::fs::copy(&base, &document).unwrap();
        race(here, &document, [&inputs[1], &inputs[2]]);
        let (codes, years) = codes_and_years(&document);
        assert_eq!(codes, ["1.1.1", "2.1.1", "3.1.1"], "pair {pair}");
        assert_eq!(years, [2023, 2031, 2032, 2033], "pair {pair}");
        assert_eq!(integrity(&document), "ok");
    }
    for pair in 0..PAIRS_NEW {
        let document = here.join(format!("new{pair}.peilstok"));
        race(here, &document, [&inputs[1], &inputs[2]]);
        let (codes, years) = codes_and_years(&document);
        assert_eq!(codes, ["1.1.1", "2.1.1", "3.1.1"], "new pair {pair}");
        assert_eq!(years, [2032, 2033], "new pair {pair}");
        assert_eq!(integrity(&document), "ok");
    }
    // No temporary file is left behind by either writer.
    let leftovers: Vec<_> = std::fs::read_dir(here)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("tmp") || name.ends_with("-journal"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
