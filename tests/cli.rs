//! The command line, run as a user runs it: exit 0 on success, 1 for wrong usage, 2 for bad
//! input, with a one-line reason and never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

const SAMPLE_CSV: &str = include_str!("../assets/diemen-begroting-2023-sociaal.csv");

fn peilstok(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_peilstok"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A failure says why on one line, and never shows a panic or backtrace.
fn assert_fails_with(output: &Output, code: i32, reason: &str) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(reason), "expected `{reason}` in {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn export_of_the_sample_writes_every_cell_of_the_sample_csv() {
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("x.csv");
    let output = peilstok(&[
        "export",
        "sample",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let exported = std::fs::read_to_string(&out).unwrap();
    let expected = csv_rows(SAMPLE_CSV);
    let written = csv_rows(&exported);
    assert_eq!(written.len(), expected.len());
    for (written, expected) in written.iter().zip(&expected) {
        assert_eq!(written, expected);
    }
    let cells = written
        .iter()
        .filter(|row| matches!(&row[6], "realised" | "budget" | "forecast" | "target"))
        .count();
    assert_eq!(cells, 199, "every cell of the seed's indicator tables");
}

#[test]
fn info_counts_indicators_cells_and_markers() {
    let output = peilstok(&["info", "sample"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("Source: Begroting 2023 gemeente Diemen"),
        "{text}"
    );
    assert!(text.contains("indicators: 45, sub-series: 11"), "{text}");
    assert!(text.contains("Cells: 199"), "{text}");
    assert!(text.contains("NB 30, n.n.b. 8, N.v.t. 12, - 2"), "{text}");
}

#[test]
fn import_creates_the_document_and_a_second_import_changes_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let csv = directory.path().join("diemen.csv");
    std::fs::write(&csv, SAMPLE_CSV).unwrap();
    let document = directory.path().join("diemen.peilstok");
    let (csv, document) = (csv.to_str().unwrap(), document.to_str().unwrap());
    let first = peilstok(&["import", csv, "--into", document]);
    assert!(first.status.success(), "{}", stderr_of(&first));
    assert!(String::from_utf8_lossy(&first.stdout).contains("45 indicators, 199 cells"));
    let info_once = peilstok(&["info", document]).stdout;
    let again = peilstok(&["import", csv, "--into", document]);
    assert!(again.status.success(), "{}", stderr_of(&again));
    assert_eq!(peilstok(&["info", document]).stdout, info_once);
    // And the document exports the same cells again.
    let round_trip = Path::new(document).with_extension("csv2");
    let output = peilstok(&[
        "export",
        document,
        "--format",
        "csv",
        "--out",
        round_trip.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    assert_eq!(std::fs::read_to_string(round_trip).unwrap(), SAMPLE_CSV);
}

#[test]
fn the_sample_exported_as_json_and_imported_gives_the_same_document() {
    let directory = tempfile::tempdir().unwrap();
    let json = directory.path().join("diemen.json");
    let document = directory.path().join("diemen.peilstok");
    let (json, document) = (json.to_str().unwrap(), document.to_str().unwrap());
    let output = peilstok(&["export", "sample", "--format", "json", "--out", json]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = std::fs::read_to_string(json).unwrap();
    assert!(text.starts_with("{\n  \"format\": \"peilstok\",\n  \"version\": 1,"));

    let imported = peilstok(&["import", json, "--into", document]);
    assert!(imported.status.success(), "{}", stderr_of(&imported));
    assert!(String::from_utf8_lossy(&imported.stdout).contains("45 indicators, 199 cells"));
    let info = |name: &str| {
        let output = peilstok(&["info", name]);
        assert!(output.status.success(), "{}", stderr_of(&output));
        // The first line names the document; the rest are its sources and counts.
        let text = String::from_utf8(output.stdout).unwrap();
        text.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    let counts = info(document);
    assert!(
        counts.contains("indicators: 45, sub-series: 11"),
        "{counts}"
    );
    assert_eq!(counts, info("sample"));
    // And the document exports the sample's long CSV again, scale and all.
    let csv = directory.path().join("again.csv");
    let csv = csv.to_str().unwrap();
    assert!(
        peilstok(&["export", document, "--format", "csv", "--out", csv])
            .status
            .success()
    );
    assert_eq!(std::fs::read_to_string(csv).unwrap(), SAMPLE_CSV);

    assert_fails_with(
        &peilstok(&[
            "export", "sample", "--format", "json", "--goal", "3", "--out", json,
        ]),
        1,
        "the JSON holds the whole document",
    );
    let newer = directory.path().join("newer.json");
    std::fs::write(&newer, text.replacen("\"version\": 1", "\"version\": 2", 1)).unwrap();
    let into = directory.path().join("new.peilstok");
    assert_fails_with(
        &peilstok(&[
            "import",
            newer.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ]),
        2,
        "written by a newer Peilstok",
    );
    assert!(
        !into.exists(),
        "nothing is written when the input is refused"
    );
}

#[test]
fn the_sample_exported_as_xlsx_and_imported_gives_the_same_counts() {
    let directory = tempfile::tempdir().unwrap();
    let xlsx = directory.path().join("diemen.xlsx");
    let document = directory.path().join("diemen.peilstok");
    let (xlsx, document) = (xlsx.to_str().unwrap(), document.to_str().unwrap());
    let output = peilstok(&[
        "export",
        "sample",
        "--format",
        "xlsx",
        "--language",
        "en",
        "--out",
        xlsx,
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(
        &std::fs::read(xlsx).unwrap()[..2],
        b"PK",
        "an xlsx is a zip"
    );
    let imported = peilstok(&["import", xlsx, "--into", document]);
    assert!(imported.status.success(), "{}", stderr_of(&imported));
    assert!(String::from_utf8_lossy(&imported.stdout).contains("45 indicators, 199 cells"));
    let info = |name: &str| {
        let output = peilstok(&["info", name]);
        assert!(output.status.success(), "{}", stderr_of(&output));
        // The first line names the document; the rest are its sources and counts.
        let text = String::from_utf8(output.stdout).unwrap();
        text.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    let counts = info(document);
    assert!(counts.contains("Cells: 199"), "{counts}");
    assert_eq!(counts, info("sample"));

    assert_fails_with(
        &peilstok(&[
            "export",
            "sample",
            "--format",
            "xlsx",
            "--indicator",
            "3.1.3",
            "--out",
            xlsx,
        ]),
        1,
        "the workbook holds the whole document",
    );
    // A person's own spreadsheet in LibreOffice's format imports too.
    let ods = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spreadsheet/goal3.ods"
    );
    let output = peilstok(&["import", ods, "--into", document, "--dry-run"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("19 indicators, 76 cells"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let broken = directory.path().join("broken.ods");
    std::fs::write(&broken, "not a spreadsheet").unwrap();
    assert_fails_with(
        &peilstok(&["import", broken.to_str().unwrap(), "--into", document]),
        2,
        "cannot be imported as a spreadsheet",
    );
}

#[test]
fn wrong_usage_exits_1() {
    assert_fails_with(&peilstok(&["info"]), 1, "DOCUMENT");
    assert_fails_with(
        &peilstok(&["export", "sample", "--format", "doc", "--out", "x"]),
        1,
        "invalid value 'doc'",
    );
    assert_fails_with(
        &peilstok(&["import", "a.csv", "--into", "sample"]),
        1,
        "sample cannot be changed",
    );
}

#[test]
fn bad_input_exits_2_with_the_reason() {
    let directory = tempfile::tempdir().unwrap();
    let text_file = directory.path().join("notes.peilstok");
    std::fs::write(&text_file, "geen document").unwrap();
    assert_fails_with(
        &peilstok(&["info", text_file.to_str().unwrap()]),
        2,
        "is not a Peilstok document",
    );
    assert_fails_with(
        &peilstok(&["info", "/nonexistent/x.peilstok"]),
        2,
        "no such file",
    );

    let saved = directory.path().join("saved.peilstok");
    let csv = directory.path().join("diemen.csv");
    std::fs::write(&csv, SAMPLE_CSV).unwrap();
    let status = peilstok(&[
        "import",
        csv.to_str().unwrap(),
        "--into",
        saved.to_str().unwrap(),
    ])
    .status;
    assert!(status.success());
    let bytes = std::fs::read(&saved).unwrap();
    std::fs::write(&saved, &bytes[..bytes.len() / 3]).unwrap();
    assert_fails_with(
        &peilstok(&["info", saved.to_str().unwrap()]),
        2,
        "is damaged",
    );

    let other_program = directory.path().join("other.sqlite");
    rusqlite::Connection::open(&other_program)
        .unwrap()
        .execute_batch("CREATE TABLE t (x);")
        .unwrap();
    assert_fails_with(
        &peilstok(&["info", other_program.to_str().unwrap()]),
        2,
        "another program",
    );

    let newer = directory.path().join("newer.peilstok");
    std::fs::write(&newer, &bytes).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert_fails_with(
        &peilstok(&["info", newer.to_str().unwrap()]),
        2,
        "newer Peilstok",
    );

    let broken_csv = directory.path().join("broken.csv");
    let mut text = SAMPLE_CSV.to_string();
    text.push_str("3.1.3,,x,%,true,2024,realised,\"68,6\",,,,,Diemen Begroting 2023,,\r\n");
    std::fs::write(&broken_csv, text).unwrap();
    let into = directory.path().join("new.peilstok");
    assert_fails_with(
        &peilstok(&[
            "import",
            broken_csv.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ]),
        2,
        &format!(
            "line {}: value `68,6` is not a plain decimal",
            SAMPLE_CSV.lines().count() + 1
        ),
    );
    assert!(!into.exists(), "nothing is written when the input is bad");
}

#[test]
fn importing_budget_text_reports_each_table_and_a_second_import_duplicates_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let document = directory.path().join("diemen.peilstok");
    let document = document.to_str().unwrap();
    let seed = common::seed_path("002_");
    let seed = seed.to_str().unwrap();

    let dry = peilstok(&["import", seed, "--into", document, "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr_of(&dry));
    let report = String::from_utf8(dry.stdout).unwrap();
    assert_eq!(report.matches("table `").count(), 6, "{report}");
    assert!(
        report.contains("18 indicators, 72 cells, 2 flagged for review"),
        "{report}"
    );
    assert!(!Path::new(document).exists(), "a dry run writes nothing");

    assert!(
        peilstok(&["import", seed, "--into", document])
            .status
            .success()
    );
    let once = peilstok(&["info", document]).stdout;
    assert!(String::from_utf8_lossy(&once).contains("indicators: 45"));
    assert!(
        peilstok(&["import", seed, "--into", document])
            .status
            .success()
    );
    assert_eq!(
        peilstok(&["info", document]).stdout,
        once,
        "re-import replaces, never duplicates"
    );
}

#[test]
fn a_text_without_indicator_tables_exits_2_and_writes_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let document = directory.path().join("new.peilstok");
    let output = peilstok(&[
        "import",
        common::seed_path("003_").to_str().unwrap(),
        "--into",
        document.to_str().unwrap(),
    ]);
    assert_fails_with(&output, 2, "no indicator table found");
    assert!(!document.exists());
}

#[test]
fn export_of_one_chart_as_svg() {
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("313.svg");
    let output = peilstok(&[
        "export",
        "sample",
        "--format",
        "svg",
        "--indicator",
        "3.1.3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"180mm\""));
    assert!(
        svg.contains(">NB</text>") && svg.contains(">Bron: Begroting 2023 gemeente Diemen</text>")
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_fails_with(
        &peilstok(&["export", "sample", "--format", "svg", "--out", "x.svg"]),
        1,
        "--indicator",
    );
    assert_fails_with(
        &peilstok(&[
            "export",
            "sample",
            "--format",
            "svg",
            "--indicator",
            "9.9.9",
            "--out",
            "x.svg",
        ]),
        2,
        "no indicator 9.9.9",
    );
}

#[test]
fn export_of_the_whole_document_as_an_a4_report() {
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("report.pdf");
    let output = peilstok(&[
        "export",
        "sample",
        "--format",
        "pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let pdf = std::fs::read(&out).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.starts_with("%PDF-"));
    assert!(
        text.contains("/Count 31"),
        "title page, and per goal its table and its charts"
    );
}

/// Writes an executable shell script `name` into `directory`.
fn stand_in(directory: &Path, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = directory.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// `peilstok print sample --goal 3` with only the stand-ins of `bin` on the PATH, and the
/// temporary folder inside `directory`.
fn print_with(directory: &Path, bin: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_peilstok"))
        .args(["print", "sample", "--goal", "3"])
        .env("PATH", bin)
        .env("TMPDIR", directory)
        .output()
        .unwrap()
}

/// The one argument a stand-in recorded: the PDF it was given, which must be a real PDF.
fn recorded_pdf(record: &Path) -> std::path::PathBuf {
    let recorded = std::fs::read_to_string(record).unwrap();
    let pdf = std::path::PathBuf::from(recorded.trim().trim_start_matches("-- "));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    pdf
}

#[test]
fn print_sends_the_report_to_cups_when_its_scheduler_runs() {
    let directory = tempfile::tempdir().unwrap();
    let bin = directory.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let record = directory.path().join("lp-args");
    stand_in(&bin, "lpstat", "echo 'scheduler is running'");
    stand_in(
        &bin,
        "lp",
        &format!(
            "echo \"$@\" > '{}'\necho 'request id is Kantoor-42 (1 file(s))'",
            record.display()
        ),
    );
    let output = print_with(directory.path(), &bin);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Sent to the default printer:"), "{stdout}");
    assert!(stdout.contains("request id is Kantoor-42"), "{stdout}");
    let pdf = recorded_pdf(&record);
    assert!(
        stdout.contains(&pdf.display().to_string()),
        "says which PDF"
    );
}

#[test]
fn print_opens_the_viewer_without_cups_and_says_why_when_cups_refuses() {
    let directory = tempfile::tempdir().unwrap();
    let bin = directory.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let record = directory.path().join("viewer-args");
    stand_in(
        &bin,
        "xdg-open",
        &format!("echo \"$@\" > '{}'", record.display()),
    );
    let output = print_with(directory.path(), &bin);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("No print system found; the PDF is open in the PDF viewer"),
        "{stdout}"
    );
    recorded_pdf(&record);

    // CUPS runs but has no default printer: the viewer's print dialog lets the user choose.
    stand_in(&bin, "lpstat", "echo 'scheduler is running'");
    stand_in(
        &bin,
        "lp",
        "echo 'lp: Error - no default destination available.' >&2\nexit 1",
    );
    let output = print_with(directory.path(), &bin);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "The printer did not take the job (lp: Error - no default destination available.)"
        ),
        "{stdout}"
    );
}

#[test]
fn print_without_printer_or_viewer_says_so_and_where_the_pdf_is() {
    let directory = tempfile::tempdir().unwrap();
    let bin = directory.path().join("empty-bin");
    std::fs::create_dir(&bin).unwrap();
    let output = print_with(directory.path(), &bin);
    assert_fails_with(&output, 2, "no way to print was found");
    let stderr = stderr_of(&output);
    let pdf = stderr.trim().rsplit(' ').next().unwrap();
    assert!(
        std::fs::read(pdf).unwrap().starts_with(b"%PDF-"),
        "{stderr}"
    );
    assert_fails_with(
        &peilstok(&["print", "sample", "--goal", "9"]),
        2,
        "no goal or indicator 9",
    );
}

/// The accounts of 2022 with indicator 3.1.2 under another name: the command line asks what the
/// window asks, or takes the answer from `--renamed`, and never decides by itself.
#[test]
fn an_indicator_with_another_name_is_decided_by_the_person() {
    let directory = tempfile::tempdir().unwrap();
    let csv = directory.path().join("diemen.csv");
    std::fs::write(&csv, SAMPLE_CSV).unwrap();
    let accounts = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/combine/jaarstukken-2022-diemen-sociaal.txt"),
    )
    .unwrap()
    .replace(
        "3.1.2 - Aantal mensen geplaatst op een beschut werk plek",
        "3.1.2 - Aantal plaatsingen beschut werk",
    );
    let text = directory.path().join("jaarstukken-2022.txt");
    std::fs::write(&text, accounts).unwrap();
    let (csv, text) = (csv.to_str().unwrap(), text.to_str().unwrap());
    for (flag, kept_apart) in [("same", false), ("apart", true)] {
        let document = directory.path().join(format!("{flag}.peilstok"));
        let document = document.to_str().unwrap();
        assert!(
            peilstok(&["import", csv, "--into", document])
                .status
                .success()
        );
        // Not on a terminal and no answer given: refused, naming the indicator; nothing written.
        let before = std::fs::read(document).unwrap();
        let refused = peilstok(&["import", text, "--into", document]);
        assert_fails_with(&refused, 1, "3.1.2");
        assert!(stderr_of(&refused).contains("--renamed"));
        assert_eq!(std::fs::read(document).unwrap(), before);
        let decided = peilstok(&["import", text, "--into", document, "--renamed", flag]);
        assert!(decided.status.success(), "{}", stderr_of(&decided));
        let out = directory.path().join(format!("{flag}.csv"));
        let exported = peilstok(&[
            "export",
            document,
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(exported.status.success());
        let rows = csv_rows(&std::fs::read_to_string(out).unwrap());
        let apart = rows.iter().any(|row| row[0].starts_with("3.1.2 ("));
        assert_eq!(apart, kept_apart, "--renamed {flag}");
    }
}

#[test]
fn generate_writes_a_document_and_replaces_only_a_document() {
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("synthetisch.peilstok");
    let out_name = out.to_str().unwrap();
    let small = ["--programmes", "2", "--indicators", "5", "--years", "3"];
    let generated = peilstok(&[&["generate", "--out", out_name][..], &small].concat());
    assert_eq!(
        generated.status.code(),
        Some(0),
        "{}",
        stderr_of(&generated)
    );
    let info = peilstok(&["info", out_name]);
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("indicators: 10"),
        "{info:?}"
    );
    // Again over the document: replaced, with the new seed's values.
    let again = peilstok(&[&["generate", "--out", out_name, "--seed", "9"][..], &small].concat());
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));

    // Over a workbook that happens to have the name: refused, and the workbook kept.
    let workbook = directory.path().join("begroting.xlsx");
    std::fs::write(&workbook, "not a document").unwrap();
    let refused = peilstok(
        &[
            &["generate", "--out", workbook.to_str().unwrap()][..],
            &small,
        ]
        .concat(),
    );
    assert_fails_with(&refused, 2, "is not a Peilstok document");
    assert_eq!(std::fs::read(&workbook).unwrap(), b"not a document");
}
