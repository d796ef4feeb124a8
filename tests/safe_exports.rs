//! Exports that cannot destroy anything (issue 14): written whole or not at all, never over the
//! document being exported or any Peilstok document, with no formula in a CSV and only
//! well-formed XML in an SVG; and errors that say each thing once. Run through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn peilstok(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_peilstok"))
        .args(args)
        .output()
        .unwrap()
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// `files` imported into a new document `name` in `folder`.
fn document_of(folder: &Path, name: &str, file: &Path) -> PathBuf {
    let document = folder.join(name);
    let output = peilstok(&["import", arg(file), "--into", arg(&document)]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    document
}

fn sample_document(folder: &Path) -> PathBuf {
    document_of(
        folder,
        "doc.peilstok",
        &fixture("assets/diemen-begroting-2023-sociaal.csv"),
    )
}

/// Exit 2, one line, the reason in it, no panic.
fn assert_refused(output: &Output, reason: &str) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(reason), "expected `{reason}` in {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The temporary files an export left in `folder`.
fn leftovers(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("peilstok-tmp"))
        .collect()
}

#[test]
fn an_export_over_its_own_document_is_refused_and_the_document_kept() {
    let folder = tempfile::tempdir().unwrap();
    let document = sample_document(folder.path());
    let before = std::fs::read(&document).unwrap();
    // The reliability report's case, and the same file by another path.
    let roundabout = folder.path().join("sub/..").join(".").join("doc.peilstok");
    std::fs::create_dir(folder.path().join("sub")).unwrap();
    for out in [document.clone(), roundabout] {
        for format in [&["png", "--indicator", "3.1.3"][..], &["csv"], &["pdf"]] {
            let mut args = vec!["export", arg(&document), "--format"];
            args.extend_from_slice(format);
            args.extend_from_slice(&["--out", arg(&out)]);
            assert_refused(&peilstok(&args), "is the document being exported");
        }
    }
    assert_eq!(std::fs::read(&document).unwrap(), before);
    let info = peilstok(&["info", arg(&document)]);
    assert!(info.status.success(), "{}", stderr_of(&info));
}

#[test]
fn an_export_over_any_peilstok_document_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let document = sample_document(folder.path());
    // Another document, under a name that hides what it is: known by its content.
    let disguised = folder.path().join("other.csv");
    std::fs::copy(&document, &disguised).unwrap();
    let before = std::fs::read(&disguised).unwrap();
    let output = peilstok(&[
        "export",
        "sample",
        "--format",
        "csv",
        "--out",
        arg(&disguised),
    ]);
    assert_refused(&output, "is a Peilstok document");
    assert_eq!(std::fs::read(&disguised).unwrap(), before);
    // A new file with the document extension: known by its name, and not made.
    let named = folder.path().join("new.Peilstok");
    let output = peilstok(&[
        "export",
        "sample",
        "--format",
        "svg",
        "--indicator",
        "3.1.3",
        "--out",
        arg(&named),
    ]);
    assert_refused(&output, "is a Peilstok document");
    assert!(!named.exists());
}

#[test]
fn an_export_replaces_the_old_file_whole_and_leaves_no_temporary_file() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("out.json");
    std::fs::write(&out, "x".repeat(1_000_000)).unwrap();
    let output = peilstok(&["export", "sample", "--format", "json", "--out", arg(&out)]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with('{') && written.trim_end().ends_with('}'));
    assert!(leftovers(folder.path()).is_empty());
}

#[test]
fn a_failed_export_keeps_what_was_there_and_leaves_no_temporary_file() {
    let folder = tempfile::tempdir().unwrap();
    // A folder where the file would go: the write fails, after the export was made.
    let taken = folder.path().join("taken.csv");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("kept.txt"), "kept").unwrap();
    let output = peilstok(&["export", "sample", "--format", "csv", "--out", arg(&taken)]);
    assert_refused(&output, "cannot write");
    assert_eq!(std::fs::read(taken.join("kept.txt")).unwrap(), b"kept");
    assert!(leftovers(folder.path()).is_empty());
}

/// A field a spreadsheet would take as a formula: what the long CSV never writes.
fn is_formula(field: &str, column: &str) -> bool {
    let number = column == "value" && field.parse::<f64>().is_ok();
    field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field != "-" && !number
}

#[test]
fn the_csv_export_holds_no_formula_and_reads_back_exactly() {
    let folder = tempfile::tempdir().unwrap();
    let payloads = fixture("tests/fixtures/reliability/injection_payloads.csv");
    let document = document_of(folder.path(), "x.peilstok", &payloads);
    let csv = folder.path().join("y.csv");
    let output = peilstok(&[
        "export",
        arg(&document),
        "--format",
        "csv",
        "--out",
        arg(&csv),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let mut guarded = 0;
    for record in reader.records() {
        let record = record.unwrap();
        for (field, column) in record.iter().zip(&header) {
            assert!(
                !is_formula(field, column),
                "{column} {field:?} in {record:?}"
            );
            guarded += usize::from(field.starts_with("'="));
        }
    }
    assert!(guarded > 10, "{text}");
    // Read back, the document is the one imported: the same JSON, every text as it was.
    let again = document_of(folder.path(), "again.peilstok", &csv);
    let json = |document: &Path, name: &str| {
        let out = folder.path().join(name);
        let output = peilstok(&[
            "export",
            arg(document),
            "--format",
            "json",
            "--out",
            arg(&out),
        ]);
        assert!(output.status.success(), "{}", stderr_of(&output));
        std::fs::read_to_string(out).unwrap()
    };
    let first = json(&document, "first.json");
    assert!(first.contains("=HYPERLINK(") && !first.contains("'=HYPERLINK("));
    assert_eq!(first, json(&again, "again.json"));
}

#[test]
fn an_svg_of_a_name_with_a_control_character_is_well_formed_xml() {
    let folder = tempfile::tempdir().unwrap();
    let nul = fixture("tests/fixtures/reliability/svg_malformed_nul_in_name.csv");
    let document = document_of(folder.path(), "x.peilstok", &nul);
    let svg = folder.path().join("z.svg");
    let output = peilstok(&[
        "export",
        arg(&document),
        "--format",
        "svg",
        "--indicator",
        "1.1.1",
        "--out",
        arg(&svg),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = std::fs::read_to_string(&svg).unwrap();
    let parsed = roxmltree::Document::parse(&text);
    assert!(parsed.is_ok(), "{parsed:?}");
    assert!(text.contains("Naam met NUL"), "{text}");
}

/// The parts of a one-line message, `a: b: c`, each said once.
fn assert_said_once(stderr: &str) {
    let message = stderr.trim_end().trim_start_matches("peilstok: ");
    let parts: Vec<String> = message.split(": ").map(str::to_lowercase).collect();
    for (index, part) in parts.iter().enumerate() {
        assert!(
            !parts[..index]
                .iter()
                .any(|earlier| earlier.contains(part.as_str())),
            "`{part}` said twice: {stderr}"
        );
    }
}

#[test]
fn a_database_error_says_each_thing_once() {
    let folder = tempfile::tempdir().unwrap();
    let document = sample_document(folder.path());
    // Another program holds the document: SQLite's "database is locked".
    let holder = rusqlite::Connection::open(&document).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let payloads = fixture("tests/fixtures/reliability/injection_payloads.csv");
    let output = peilstok(&["import", arg(&payloads), "--into", arg(&document)]);
    holder.execute_batch("ROLLBACK").unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("locked"), "{stderr}");
    assert_said_once(&stderr);
}

#[test]
fn a_csv_error_in_a_crlf_file_names_its_line_once() {
    let folder = tempfile::tempdir().unwrap();
    let csv = folder.path().join("broken.csv");
    let lines = [
        "indicator,series,name,unit,mandatory,year,kind,value,marker,raw,footnotes,review,source",
        "3.1.3,,n,,,2020,realised,68.6,,,,,S",
        "3.1.3,,n,,,2021,realised,68,6,,,,,S",
    ];
    std::fs::write(&csv, lines.join("\r\n") + "\r\n").unwrap();
    let into = folder.path().join("x.peilstok");
    let output = peilstok(&["import", arg(&csv), "--into", arg(&into), "--dry-run"]);
    assert_refused(&output, "CSV line 3: 14 fields");
    assert_said_once(&stderr_of(&output));
}
