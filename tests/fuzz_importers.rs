//! Fuzzing every importer (issue 14): budget text, long CSV, JSON, XLSX and ODS, at least
//! 10,000 inputs in all. Inputs are real files mangled: bytes flipped, cut, repeated, tokens
//! (markers, numbers, repeat counts, control characters) dropped in, and for the workbooks
//! the XML inside the archive mangled and packed again. Each input must be read or refused
//! (no panic, no abort), within 5 seconds, and within 500 MiB of memory.
//!
//! The memory bound is the operating system's: the cases run in a child process (this test
//! binary run again with `PEILSTOK_FUZZ_WORKER` set) under `ulimit -v`, so an allocation past
//! the bound aborts the child and fails the test. Longer runs: `fuzz/README.md` (cargo-fuzz).
//!
//! The inputs are the same on every run (a fixed seed), so a failure in CI is a failure here.
//! For other inputs: `PEILSTOK_FUZZ_SEED` (a number, or `random`); `PEILSTOK_FUZZ_ONLY` (one
//! format, such as `Xlsx`) and `PEILSTOK_FUZZ_CASES` (inputs per format) narrow or widen a run.
//! A failing input is saved in the temporary folder as `peilstok-fuzz-failure-*`. Inputs fuzzing
//! found once are kept in `tests/fixtures/reliability/` as `fuzz_*` and read first, every run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use peilstok::formats::{Format, read_bytes};
use peilstok::i18n::Language;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};

/// Inputs per importer: 10,500 in all.
const TEXT_CASES: u32 = 3000;
const CSV_CASES: u32 = 2500;
const JSON_CASES: u32 = 1500;
const XLSX_CASES: u32 = 2000;
const ODS_CASES: u32 = 1500;

/// The most one input may take.
const TIME_BOUND: Duration = Duration::from_secs(5);

/// The seed of every run unless `PEILSTOK_FUZZ_SEED` says otherwise.
const SEED: u64 = 20_261_205;

const SEED_TEXT: &str = include_str!("fixtures/seeds/002_7e2fc6bc78fc6086.txt");
const CORPUS_TEXT: &str = include_str!("corpus/dordrecht-2021-beleidsindicatoren.txt");
const SAMPLE_CSV: &str = include_str!("../assets/diemen-begroting-2023-sociaal.csv");
const LIBREOFFICE_ODS: &[u8] =
    include_bytes!("fixtures/spreadsheet/diemen-saved-by-libreoffice.ods");
const GOAL_ODS: &[u8] = include_bytes!("fixtures/spreadsheet/goal3.ods");

/// Words and signs that steer the readers into their corners.
const TOKENS: &[&str] = &[
    "NB",
    "n.n.b.",
    "N.v.t.",
    "-",
    "–",
    "p.m.",
    "%",
    "‰",
    "1.234,5",
    "-0,0",
    "99999999999999999999",
    "1e308",
    "NaN",
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\r",
    "\r\n",
    "\t",
    "\u{feff}",
    "\u{202e}",
    "\"",
    "\"\"",
    ",",
    ";",
    "=",
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "Realisatie 2021",
    "Begroting 2024",
    "Werkelijk",
    "2021",
    "3.1.3",
    "1.",
    "(1)",
    "¹",
    "�",
    "{",
    "}",
    "[",
    "]",
    "null",
    "true",
    "\"version\":",
    "\\u0000",
    "<",
    ">",
    "&amp;",
    "&#0;",
    "&#1114112;",
    "<![CDATA[",
    "]]>",
    "table:number-rows-repeated=\"1048576\"",
    "table:number-columns-repeated=\"16384\"",
    "text:c=\"100000\"",
    "r=\"XFD1048576\"",
    "r=\"AAAAAAAAAAAAA1\"",
    "t=\"s\"",
    "<v>4294967295</v>",
    "<c r=\"A1\" t=\"s\"><v>99999</v></c>",
    "<row r=\"1048577\">",
];

/// One change to an input.
#[derive(Clone, Debug)]
enum Mangle {
    Flip {
        at: usize,
        byte: u8,
    },
    Insert {
        at: usize,
        token: usize,
        times: usize,
    },
    Delete {
        at: usize,
        length: usize,
    },
    Repeat {
        at: usize,
        length: usize,
        times: usize,
    },
    Cut {
        at: usize,
    },
}

fn mangle_strategy() -> impl Strategy<Value = Mangle> {
    prop_oneof![
        3 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mangle::Flip { at, byte }),
        4 => (any::<usize>(), 0..TOKENS.len(), prop_oneof![9 => 1..4_usize, 1 => 100..3000_usize])
            .prop_map(|(at, token, times)| Mangle::Insert { at, token, times }),
        2 => (any::<usize>(), 1..400_usize).prop_map(|(at, length)| Mangle::Delete { at, length }),
        2 => (any::<usize>(), 1..200_usize, prop_oneof![4 => 2..10_usize, 1 => 100..1500_usize])
            .prop_map(|(at, length, times)| Mangle::Repeat { at, length, times }),
        1 => any::<usize>().prop_map(|at| Mangle::Cut { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mangles: &[Mangle]) {
    for mangle in mangles {
        let place = |at: usize, length: usize| if length == 0 { 0 } else { at % (length + 1) };
        match mangle {
            Mangle::Flip { at, byte } => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *byte;
                }
            }
            Mangle::Insert { at, token, times } => {
                let at = place(*at, bytes.len());
                let inserted = TOKENS[*token].repeat(*times);
                bytes.splice(at..at, inserted.into_bytes());
            }
            Mangle::Delete { at, length } => {
                let at = place(*at, bytes.len());
                let end = (at + length).min(bytes.len());
                bytes.drain(at..end);
            }
            Mangle::Repeat { at, length, times } => {
                let at = place(*at, bytes.len());
                let end = (at + length).min(bytes.len());
                let piece = bytes[at..end].repeat(*times);
                bytes.splice(end..end, piece);
            }
            Mangle::Cut { at } => {
                let at = place(*at, bytes.len());
                bytes.truncate(at);
            }
        }
    }
}

/// One fuzzed input. Its `Debug` (which proptest prints for a failing input) gives its size,
/// not a megabyte of numbers: the input itself is saved to a file.
#[derive(Clone)]
struct Input(Vec<u8>);

impl std::fmt::Debug for Input {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{} bytes", self.0.len())
    }
}

/// Reads `input` as `format`, within the time bound; a panic fails the case (proptest). A
/// failing input is kept in the temporary folder.
fn read_within_bound(format: Format, input: Input) -> Result<(), TestCaseError> {
    let Input(bytes) = input;
    let kept = bytes.clone();
    let started = Instant::now();
    let length = bytes.len();
    let read = std::panic::catch_unwind(|| read_bytes(Some(format), bytes, Path::new("fuzzed")));
    let elapsed = started.elapsed();
    if std::env::var_os("PEILSTOK_FUZZ_VERBOSE").is_some() {
        eprintln!("{format:?} {length} bytes: {elapsed:?}");
    }
    if read.is_err() || elapsed >= TIME_BOUND {
        let saved = std::env::temp_dir().join(format!("peilstok-fuzz-failure-{format:?}-{length}"));
        let _ = std::fs::write(&saved, &kept);
        prop_assert!(
            read.is_ok(),
            "{format:?}: panicked; input saved as {}",
            saved.display()
        );
        prop_assert!(
            elapsed < TIME_BOUND,
            "{format:?} took {elapsed:?}; input saved as {}",
            saved.display()
        );
    }
    Ok(())
}

/// A window of a text (by lines), then mangled.
fn text_input() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        any::<usize>(),
        20..400_usize,
        prop::collection::vec(mangle_strategy(), 0..8),
    )
        .prop_map(|(which, start, lines, mangles)| {
            let text = if which { SEED_TEXT } else { CORPUS_TEXT };
            let all: Vec<&str> = text.lines().collect();
            let start = start % all.len();
            let end = (start + lines).min(all.len());
            let mut bytes = all[start..end].join("\n").into_bytes();
            apply(&mut bytes, &mangles);
            bytes
        })
}

fn mangled(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(mangle_strategy(), 1..8).prop_map(move |mangles| {
        let mut bytes = base.clone();
        apply(&mut bytes, &mangles);
        bytes
    })
}

/// The parts of a ZIP archive.
fn unpack(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut part = archive.by_index(index).unwrap();
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            (part.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

fn pack(parts: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, content) in parts {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap();
    bytes
}

/// A workbook with one part's XML mangled and packed again, or (one in five) its archive bytes
/// mangled.
fn workbook_input(bases: Vec<Vec<(String, Vec<u8>)>>) -> impl Strategy<Value = Vec<u8>> {
    (
        any::<usize>(),
        any::<usize>(),
        prop::collection::vec(mangle_strategy(), 1..6),
        any::<bool>(),
        0..5_u8,
    )
        .prop_map(move |(base, part, mangles, deflate, raw)| {
            let mut parts = bases[base % bases.len()].clone();
            if raw == 0 {
                let mut bytes = pack(&parts, deflate);
                apply(&mut bytes, &mangles);
                return bytes;
            }
            // The XML parts, where the cells are.
            let xml: Vec<usize> = (0..parts.len())
                .filter(|index| parts[*index].0.ends_with(".xml"))
                .collect();
            let index = xml[part % xml.len()];
            apply(&mut parts[index].1, &mangles);
            pack(&parts, deflate)
        })
}

/// The seed from `PEILSTOK_FUZZ_SEED`, else [`SEED`].
fn seed() -> RngSeed {
    match std::env::var("PEILSTOK_FUZZ_SEED") {
        Ok(seed) if seed == "random" => RngSeed::Random,
        Ok(seed) => RngSeed::Fixed(
            seed.parse()
                .expect("PEILSTOK_FUZZ_SEED: a number or `random`"),
        ),
        Err(_) => RngSeed::Fixed(SEED),
    }
}

fn run(cases: u32, strategy: impl Strategy<Value = Vec<u8>>, format: Format) {
    if std::env::var("PEILSTOK_FUZZ_ONLY").is_ok_and(|only| only != format!("{format:?}")) {
        return;
    }
    let cases = std::env::var("PEILSTOK_FUZZ_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(cases);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        rng_seed: seed(),
        // A failure is reported within minutes, shrunk as far as that allows.
        max_shrink_time: 120_000,
        ..Config::default()
    });
    runner
        .run(&strategy.prop_map(Input), |input| {
            read_within_bound(format, input)
        })
        .unwrap();
    eprintln!("fuzzed {cases} {format:?} inputs");
}

/// The inputs fuzzing found once (`tests/fixtures/reliability/fuzz_*`), each read within the
/// bound.
fn replay_found_inputs() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reliability");
    let mut replayed = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("fuzz_") {
            continue;
        }
        let format = Format::of_path(&path).unwrap();
        read_within_bound(format, Input(std::fs::read(&path).unwrap()))
            .unwrap_or_else(|failure| panic!("{name}: {failure}"));
        replayed += 1;
    }
    assert!(replayed >= 3, "the inputs fuzzing found are kept");
}

/// The child's side: every importer's cases.
#[test]
fn fuzz_worker() {
    if std::env::var_os("PEILSTOK_FUZZ_WORKER").is_none() {
        return;
    }
    // A panic caught by the shield around calamine is a refusal, not a finding: as the
    // program's own hook does, say nothing of it.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |panic| {
        if !peilstok::shield::shielded() {
            default_hook(panic);
        }
    }));
    replay_found_inputs();
    run(TEXT_CASES, text_input(), Format::Text);
    run(
        CSV_CASES,
        mangled(SAMPLE_CSV.as_bytes().to_vec()),
        Format::Csv,
    );
    let sample = peilstok::sample::sample_document().unwrap();
    let json = peilstok::formats::json::write(&sample).unwrap();
    run(JSON_CASES, mangled(json.into_bytes()), Format::Json);
    let workbooks = vec![
        unpack(&peilstok::formats::xlsx::write(&sample, Language::Dutch).unwrap()),
        unpack(
            &peilstok::formats::xlsx::write_sheets(
                &sample,
                Language::English,
                peilstok::formats::xlsx::Sheets::ReadableOnly,
            )
            .unwrap(),
        ),
    ];
    run(XLSX_CASES, workbook_input(workbooks), Format::Xlsx);
    let spreadsheets = vec![unpack(LIBREOFFICE_ODS), unpack(GOAL_ODS)];
    run(ODS_CASES, workbook_input(spreadsheets), Format::Ods);
}

#[test]
fn every_importer_survives_fuzzed_input_within_time_and_memory() {
    let mut command = common::memory_bounded(&std::env::current_exe().unwrap());
    let output = command
        .args(["fuzz_worker", "--exact", "--nocapture", "--test-threads=1"])
        .env("PEILSTOK_FUZZ_WORKER", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // What a reader of CI's log needs first: what failed and where its input is.
    let findings: Vec<&str> = stderr
        .lines()
        .filter(|line| {
            ["fuzzed ", "panicked", "saved as", "Test failed"]
                .iter()
                .any(|mark| line.contains(mark))
        })
        .collect();
    assert!(
        output.status.success(),
        "{}\n\n{stderr}",
        findings.join("\n")
    );
    let fuzzed: u32 = stderr
        .lines()
        .filter_map(|line| line.strip_prefix("fuzzed "))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<u32>().ok())
        .sum();
    let narrowed = ["PEILSTOK_FUZZ_ONLY", "PEILSTOK_FUZZ_CASES"]
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    if narrowed {
        assert!(fuzzed > 0, "{stderr}");
    } else {
        assert_eq!(
            fuzzed,
            TEXT_CASES + CSV_CASES + JSON_CASES + XLSX_CASES + ODS_CASES,
            "{stderr}"
        );
        assert!(fuzzed >= 10_000);
    }
}
