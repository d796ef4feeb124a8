//! Every input that once broke Peilstok (`tests/fixtures/reliability/CASES.md`), run through the
//! real binary as the report ran it: each ends in a correct result or a clear refusal (exit 2,
//! one reason, no panic), within a time bound and `common::MEMORY_BOUND_KIB` of memory.
//!
//! The time bound is generous (a debug build on a slow two-core machine): it tells a hang or a
//! quadratic blow-up (the report's were 16 s to "never") from normal work (well under a second
//! in a release build; `docs/performance.md`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use common::{Bounded, run_bounded};
use peilstok::model::Document;
use peilstok::store::Store;

/// Seconds any one run may take.
const TIME_BOUND_SECONDS: u64 = 30;

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reliability")
        .join(name)
}

fn peilstok(directory: &Path, args: &[&str]) -> Bounded {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let run = run_bounded(directory, &args, TIME_BOUND_SECONDS);
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "no panic: {run:?}"
    );
    assert!(
        run.elapsed.as_secs() < TIME_BOUND_SECONDS,
        "within {TIME_BOUND_SECONDS} s: {run:?}"
    );
    run
}

/// Imports `name` (dry run): a correct result (exit 0) or a clear refusal (exit 2, naming why).
fn import_dry(name: &str) -> Bounded {
    let directory = tempfile::tempdir().unwrap();
    let file = case(name);
    let run = peilstok(
        directory.path(),
        &[
            "import",
            file.to_str().unwrap(),
            "--into",
            "x.peilstok",
            "--dry-run",
        ],
    );
    match run.code {
        Some(0) => assert!(run.stdout.contains("dry run"), "{run:?}"),
        Some(2) => assert!(
            run.stderr.starts_with("peilstok: ") && run.stderr.trim_end().lines().count() == 1,
            "one reason: {run:?}"
        ),
        _ => panic!("{name}: neither a result nor a refusal: {run:?}"),
    }
    run
}

fn refused_because(name: &str, reason: &str) {
    let run = import_dry(name);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains(reason), "`{reason}` in {run:?}");
}

#[test]
fn a_cell_at_xfd1048576_costs_one_cell() {
    let run = import_dry("abort_xlsx_cell_XFD1048576_in_long_sheet.xlsx");
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("45 indicators, 199 cells"), "{run:?}");
}

#[test]
fn a_stray_cell_at_zz200000_costs_one_cell() {
    let run = import_dry("slow_4GB_xlsx_cell_ZZ200000.xlsx");
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("45 indicators, 199 cells"), "{run:?}");
}

#[test]
fn fuzzed_workbooks_are_refused_not_aborted() {
    refused_because("abort_oom_xlsx_00174.xlsx", "a cell lies beyond row");
    let run = import_dry("panic_capacity_xlsx_00227.xlsx");
    assert_eq!(run.code, Some(2), "{run:?}");
}

#[test]
fn a_zip_bomb_is_refused_by_what_it_unpacks_to() {
    refused_because(
        "slow_23s_1.1GB_1MB_xlsx_zipbomb.xlsx",
        "unpacks to more than",
    );
}

#[test]
fn truncated_and_repeating_ods_end_in_a_refusal() {
    refused_because("hang_ods_truncated_content_minimal.ods", "damaged");
    refused_because("hang_ods_0140.ods", "damaged");
    refused_because("hang_6GB_808byte_ods_rows_repeated.ods", "filled cells");
    refused_because("slow_26s_1.2GB_809byte_ods.ods", "filled cells");
}

#[test]
fn long_text_rows_end_in_time() {
    import_dry("slow_txt_row_16000_cells_16s.txt");
    import_dry("hang_txt_00287.txt");
}

/// Found by `tests/fuzz_importers.rs`: a text without blank lines (every look for a table read
/// to the end), and one with table headings on line after line.
#[test]
fn fuzzed_texts_end_in_time() {
    import_dry("fuzz_text_long_paragraphs.txt");
    import_dry("fuzz_text_headers_everywhere.txt");
}

/// Found by `tests/fuzz_importers.rs` (in CI): one sheet listed 1,500 times in the workbook.
/// Each name is read once, and every read is charged with what it unpacks.
#[test]
fn a_sheet_listed_again_and_again_is_read_once() {
    let run = import_dry("fuzz_xlsx_one_sheet_named_1500_times.xlsx");
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("45 indicators, 199 cells"), "{run:?}");
}

#[test]
fn ten_thousand_sources_are_read_in_time() {
    let run = import_dry("slow_9s_csv_10k_sources.csv");
    assert_eq!(run.code, Some(0), "{run:?}");
}

/// Imports `name` into a new document in `directory`.
fn import_into(directory: &Path, name: &Path, document: &str) {
    let run = peilstok(
        directory,
        &["import", name.to_str().unwrap(), "--into", document],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
}

fn export(directory: &Path, document: &str, extra: &[&str]) {
    let mut args = vec!["export", document];
    args.extend_from_slice(extra);
    let run = peilstok(directory, &args);
    assert_eq!(run.code, Some(0), "{run:?}");
}

fn load(path: &Path) -> Document {
    Store::open(path).unwrap().load().unwrap()
}

/// The document with the source files' names left out: an import names the file it read.
fn without_file_names(mut document: Document) -> Document {
    for source in &mut document.sources {
        source.file_name.clear();
    }
    document
}

#[test]
fn a_workbook_peilstok_wrote_with_markers_imports_again() {
    for name in ["roundtrip_xlsx_marker.csv", "roundtrip_xlsx_marker_pm.csv"] {
        let directory = tempfile::tempdir().unwrap();
        let here = directory.path();
        import_into(here, &case(name), "m.peilstok");
        export(here, "m.peilstok", &["--format", "xlsx", "--out", "m.xlsx"]);
        import_into(here, &here.join("m.xlsx"), "back.peilstok");
        assert_eq!(
            without_file_names(load(&here.join("back.peilstok"))),
            without_file_names(load(&here.join("m.peilstok"))),
            "{name}"
        );
    }
}

#[test]
fn a_control_character_in_a_name_leaves_the_svg_well_formed() {
    let directory = tempfile::tempdir().unwrap();
    let here = directory.path();
    import_into(here, &case("svg_malformed_nul_in_name.csv"), "s.peilstok");
    export(
        here,
        "s.peilstok",
        &["--format", "svg", "--indicator", "1.1.1", "--out", "s.svg"],
    );
    let svg = std::fs::read_to_string(here.join("s.svg")).unwrap();
    roxmltree::Document::parse(&svg).unwrap_or_else(|error| panic!("not well-formed: {error}"));
}

#[test]
fn csv_export_carries_no_formula_and_round_trips() {
    let directory = tempfile::tempdir().unwrap();
    let here = directory.path();
    import_into(here, &case("injection_payloads.csv"), "i.peilstok");
    export(here, "i.peilstok", &["--format", "csv", "--out", "i.csv"]);
    let written = std::fs::read(here.join("i.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(written.as_slice());
    let headers = reader.headers().unwrap().clone();
    let value_column = headers.iter().position(|name| name == "value").unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        for (column, field) in record.iter().enumerate() {
            let is_number =
                column == value_column && field.parse::<rust_decimal::Decimal>().is_ok();
            assert!(
                is_number || !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula start in column {}: {field:?}",
                headers.get(column).unwrap_or_default()
            );
        }
    }
    import_into(here, &here.join("i.csv"), "back.peilstok");
    assert_eq!(
        without_file_names(load(&here.join("back.peilstok"))),
        without_file_names(load(&here.join("i.peilstok")))
    );
}

#[test]
fn the_hot_journal_of_the_report_is_rolled_back_and_the_document_opens() {
    let directory = tempfile::tempdir().unwrap();
    let here = directory.path();
    for name in ["doc.peilstok", "doc.peilstok-journal"] {
        std::fs::copy(case("hot-journal-found").join(name), here.join(name)).unwrap();
    }
    let run = peilstok(here, &["info", "doc.peilstok"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(!here.join("doc.peilstok-journal").exists(), "rolled back");
    let connection = rusqlite::Connection::open(here.join("doc.peilstok")).unwrap();
    let verdict: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(verdict, "ok");
    // Peilstok reads it again, and it says the same.
    assert_eq!(peilstok(here, &["info", "doc.peilstok"]).code, Some(0));
}
