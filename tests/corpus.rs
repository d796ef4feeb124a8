//! The importer on real published texts (`tests/corpus/`): every text was read by a person into a
//! golden reading (`NAME.expected.tsv`) and checked cell by cell by a second reader. This test
//! imports each text the way the window and the command line do (`import::read_file`), scores the
//! result against its reading, prints the table kept in `docs/import-corpus.md`, and fails when any
//! cell is read wrongly or when the exact share falls below the floor recorded there.
//!
//! The rules are those of the corpus conventions (`tests/corpus/README.md`):
//! - a number or `NB`/`n.n.b.`/`N.v.t.`/`-` must be read exactly (value and scale-free equality,
//!   marker), else it is *flagged instead* when the cell keeps its raw text and a review note, else
//!   *wrong*; no such cell is *missed*;
//! - `~` (another missing-data sign) must be kept without a value, with its raw text, as a marker
//!   or flagged;
//! - `?` (a cell a careful person could not be sure of) must keep its raw text and be flagged;
//! - `^N`: footnote N must be attached to the cell.
//!
//! Two differences from the shared `score.py`: an empty series in a reading is the indicator's own
//! row only, so that a comparison series (`Nederland`) or sub-rows beside it do not make the own
//! cell ambiguous; and a sub-row falls back to the indicator's own cell only for a marker printed
//! once for the group, never for a number.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use peilstok::formats::{ImportedFile, read_file};
use peilstok::model::{Cell, CellValue, Column, Document, Indicator, Marker, ValueKind};
use rust_decimal::Decimal;

fn corpus_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// A second set of texts, collected after the corpus reached its score, read the same way.
fn second_set_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-second")
}

/// Lower-case letters and digits only, `ĳ` as `ij`: how printed names are compared.
fn norm_label(text: &str) -> String {
    text.replace('ĳ', "ij")
        .replace('Ĳ', "IJ")
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect()
}

fn name_match(gold: &str, got: &str) -> bool {
    let (g, t) = (norm_label(gold), norm_label(got));
    g.len().min(t.len()) >= 4 && (g.starts_with(&t) || t.starts_with(&g))
}

/// An empty series in a reading is the indicator's own row only: a sub-row or a comparison
/// series (`Nederland`) is never the indicator's own value.
fn series_match(gold: &str, got: &str) -> bool {
    if gold.is_empty() {
        return got.is_empty();
    }
    let (g, t) = (norm_label(gold), norm_label(got));
    if t.is_empty() {
        return false;
    }
    if g == t || g.starts_with(&t) || t.starts_with(&g) || t.contains(&g) || g.contains(&t) {
        return true;
    }
    gold.rsplit_once('(')
        .and_then(|(_, inside)| inside.split_once(')'))
        .is_some_and(|(inside, _)| norm_label(inside) == t)
}

/// A value column of a reading: `W2021`, `B2023`, `T`, `P2024`.
fn column_of(title: &str) -> Option<Column> {
    let mut characters = title.chars();
    let kind = match characters.next()? {
        'W' => ValueKind::Realised,
        'B' => ValueKind::Budget,
        'T' => ValueKind::Target,
        'P' => ValueKind::Forecast,
        _ => return None,
    };
    let rest = characters.as_str();
    if rest.is_empty() {
        return Some(Column { kind, year: None });
    }
    (rest.len() == 4)
        .then(|| rest.parse().ok())
        .flatten()
        .map(|year| Column::new(kind, year))
}

#[derive(Default, Clone, Copy)]
struct Score {
    strict: usize,
    exact: usize,
    ambiguous: usize,
    ambiguous_flagged: usize,
    flagged_instead: usize,
    wrong: usize,
    missed: usize,
    footnotes: usize,
    footnotes_found: usize,
}

impl Score {
    fn add(&mut self, other: Score) {
        self.strict += other.strict;
        self.exact += other.exact;
        self.ambiguous += other.ambiguous;
        self.ambiguous_flagged += other.ambiguous_flagged;
        self.flagged_instead += other.flagged_instead;
        self.wrong += other.wrong;
        self.missed += other.missed;
        self.footnotes += other.footnotes;
        self.footnotes_found += other.footnotes_found;
    }
}

fn has_raw_and_review(cell: &Cell) -> bool {
    !cell.raw.trim().is_empty() && cell.review.is_some()
}

fn is_marker(value: &CellValue) -> bool {
    matches!(value, CellValue::Missing(marker) if *marker != Marker::Blank)
}

/// Scores `document` against the reading in `golden`; differences go to `log`.
fn score(document: &Document, golden: &str, log: &mut String) -> Score {
    let indicators: Vec<&Indicator> = document.indicators().map(|(_, _, i)| i).collect();
    let mut header: Option<Vec<&str>> = None;
    let mut score = Score::default();
    for line in golden.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(titles) = &header else {
            header = Some(fields);
            continue;
        };
        let record: BTreeMap<&str, &str> = titles.iter().copied().zip(fields).collect();
        let get = |key: &str| record.get(key).copied().unwrap_or("");
        let code = get("code");
        let series = get("series");
        let pool: Vec<&Indicator> = if get("name").is_empty() {
            indicators
                .iter()
                .copied()
                .filter(|i| i.code == code)
                .collect()
        } else {
            indicators
                .iter()
                .copied()
                .filter(|i| name_match(get("name"), &i.name))
                .collect()
        };
        for title in titles {
            let Some(column) = column_of(title) else {
                continue;
            };
            let want = get(title);
            if want.is_empty() {
                continue;
            }
            let mut cells: Vec<&Cell> = pool
                .iter()
                .flat_map(|i| &i.cells)
                .filter(|c| c.column == column && series_match(series, &c.series))
                .collect();
            if cells.is_empty() && !series.is_empty() {
                // A marker printed once for a group of sub-rows may stay on the indicator itself
                // (a marker only: the indicator's own number is never a sub-row's).
                cells = pool
                    .iter()
                    .flat_map(|i| &i.cells)
                    .filter(|c| c.column == column && c.series.is_empty() && is_marker(&c.value))
                    .collect();
            }
            let place = format!("{code} {series} {title}");
            // One indicator with two differing cells in one column, not both flagged, shows one
            // of them as the value: a silent error (the comparison figure taken for the own).
            let doubled = pool.iter().any(|indicator| {
                let own: Vec<&Cell> = indicator
                    .cells
                    .iter()
                    .filter(|c| c.column == column && series_match(series, &c.series))
                    .collect();
                own.len() > 1
                    && own.iter().any(|c| c.value != own[0].value)
                    && !own.iter().all(|c| has_raw_and_review(c))
            });
            if doubled {
                score.strict += usize::from(want != "?");
                score.ambiguous += usize::from(want == "?");
                score.wrong += 1;
                let _ = writeln!(log, "  WRONG: {place}: two differing cells in one column");
                continue;
            }
            let cell = (cells.len() == 1).then(|| cells[0]);
            match want {
                "~" => {
                    score.strict += 1;
                    match cell {
                        Some(c)
                            if !matches!(c.value, CellValue::Number(_))
                                && !c.raw.trim().is_empty()
                                && (is_marker(&c.value) || c.review.is_some()) =>
                        {
                            score.exact += 1
                        }
                        Some(c) if matches!(c.value, CellValue::Number(_)) => {
                            score.wrong += 1;
                            let _ = writeln!(
                                log,
                                "  wrong: {place}: want a missing-data sign, got {:?} ({})",
                                c.value, c.raw
                            );
                        }
                        Some(c) => {
                            score.wrong += 1;
                            let _ = writeln!(
                                log,
                                "  wrong: {place}: want a missing-data sign kept raw, got {:?} raw {:?}",
                                c.value, c.raw
                            );
                        }
                        None => {
                            score.missed += 1;
                            let _ =
                                writeln!(log, "  missed: {place}: want ~, {} cells", cells.len());
                        }
                    }
                }
                "?" => {
                    score.ambiguous += 1;
                    match cell {
                        Some(c) if has_raw_and_review(c) => score.ambiguous_flagged += 1,
                        Some(c) if matches!(c.value, CellValue::Number(_)) => {
                            score.wrong += 1;
                            let _ = writeln!(
                                log,
                                "  wrong: {place}: doubtful cell read without a flag as {:?} ({})",
                                c.value, c.raw
                            );
                        }
                        Some(c) => {
                            score.wrong += 1;
                            let _ = writeln!(
                                log,
                                "  wrong: {place}: doubtful cell not flagged: {:?} ({})",
                                c.value, c.raw
                            );
                        }
                        None => {
                            score.missed += 1;
                            let _ =
                                writeln!(log, "  missed: {place}: want ?, {} cells", cells.len());
                        }
                    }
                }
                _ => {
                    score.strict += 1;
                    let (base, footnote) = match want.split_once('^') {
                        Some((base, footnote)) => (base, Some(footnote)),
                        None => (want, None),
                    };
                    let Some(c) = cell else {
                        score.missed += 1;
                        let _ =
                            writeln!(log, "  missed: {place}: want {want}, {} cells", cells.len());
                        continue;
                    };
                    let exact = match base {
                        "NB" | "n.n.b." | "N.v.t." | "-" => {
                            c.value == CellValue::Missing(Marker::from_code(base))
                        }
                        number => match number.parse::<Decimal>() {
                            Ok(expected) => c.value == CellValue::Number(expected),
                            Err(_) => panic!("{place}: `{want}` is not a cell of a reading"),
                        },
                    };
                    if exact {
                        score.exact += 1;
                    } else if has_raw_and_review(c) {
                        score.flagged_instead += 1;
                        let _ = writeln!(
                            log,
                            "  flagged instead: {place}: want {want}, raw {:?}: {}",
                            c.raw,
                            c.review.as_deref().unwrap_or("")
                        );
                    } else {
                        score.wrong += 1;
                        let _ = writeln!(
                            log,
                            "  WRONG: {place}: want {want}, got {:?} raw {:?}",
                            c.value, c.raw
                        );
                    }
                    if let Some(footnote) = footnote {
                        score.footnotes += 1;
                        if footnote
                            .parse::<u32>()
                            .is_ok_and(|n| c.footnotes.contains(&n))
                        {
                            score.footnotes_found += 1;
                        } else {
                            let _ = writeln!(
                                log,
                                "  footnote: {place}: want {footnote}, got {:?}",
                                c.footnotes
                            );
                        }
                    }
                }
            }
        }
    }
    score
}

/// The floor for the share of unambiguous cells read exactly, as recorded in
/// `docs/import-corpus.md` (`Exact share floor: 98.0 %`).
fn recorded_floor() -> f64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/import-corpus.md");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .find_map(|line| line.split_once("Exact share floor:"))
        .and_then(|(_, rest)| rest.trim().trim_end_matches('%').trim().parse().ok())
        .unwrap_or_else(|| panic!("{}: no `Exact share floor:` line", path.display()))
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// What scoring a directory of texts gave.
struct Scored {
    table: String,
    log: String,
    total: Score,
    texts: usize,
}

impl Scored {
    fn share(&self) -> f64 {
        percent(self.total.exact, self.total.strict)
    }
}

#[test]
fn the_corpus_is_read_without_a_wrong_cell() {
    let scored = score_directory(&corpus_directory());
    println!("{}\n{}", scored.table, scored.log);
    assert!(scored.texts >= 5, "the corpus is in tests/corpus/");
    assert_eq!(
        scored.total.wrong, 0,
        "cells read wrongly: see the log above"
    );
    let share = scored.share();
    let floor = recorded_floor();
    assert!(
        share >= floor,
        "exact share {share:.1} % fell below the recorded {floor:.1} %"
    );
}

/// The second set has no floor (its share is recorded in `docs/import-corpus.md`), but no cell
/// may be read wrongly there either.
#[test]
fn the_second_set_is_read_without_a_wrong_cell() {
    let scored = score_directory(&second_set_directory());
    println!("{}\n{}", scored.table, scored.log);
    assert!(
        scored.texts >= 5,
        "the second set is in tests/corpus-second/"
    );
    assert_eq!(
        scored.total.wrong, 0,
        "cells read wrongly: see the log above"
    );
}

fn score_directory(directory: &Path) -> Scored {
    let mut texts: Vec<PathBuf> = std::fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    let mut table = String::from(
        "| text | cells | exact | flagged instead | doubtful flagged | wrong | missed | footnotes |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut log = String::new();
    let mut total = Score::default();
    let mut municipalities = std::collections::BTreeSet::new();
    for path in &texts {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        municipalities.insert(name.split('-').next().unwrap_or("").to_string());
        let golden_path = path.with_file_name(format!("{name}.expected.tsv"));
        let golden = std::fs::read_to_string(&golden_path)
            .unwrap_or_else(|e| panic!("{}: {e}", golden_path.display()));
        let document = match read_file(path) {
            Ok(ImportedFile::Text { import, .. }) => import.to_document(),
            Ok(ImportedFile::Document(document)) => document,
            Err(error) => panic!("{}: {error}", path.display()),
        };
        let mut differences = String::new();
        let score = score(&document, &golden, &mut differences);
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {} | {}/{} | {} | {} | {}/{} |",
            score.strict + score.ambiguous,
            score.exact,
            score.flagged_instead,
            score.ambiguous_flagged,
            score.ambiguous,
            score.wrong,
            score.missed,
            score.footnotes_found,
            score.footnotes
        );
        if !differences.is_empty() {
            let _ = writeln!(log, "{name}:\n{differences}");
        }
        total.add(score);
    }
    let share = percent(total.exact, total.strict);
    let _ = writeln!(
        table,
        "| **all {} texts, {} municipalities** | {} | {} ({share:.1} %) | {} | {}/{} | {} | {} | {}/{} |",
        texts.len(),
        municipalities.len(),
        total.strict + total.ambiguous,
        total.exact,
        total.flagged_instead,
        total.ambiguous_flagged,
        total.ambiguous,
        total.wrong,
        total.missed,
        total.footnotes_found,
        total.footnotes
    );
    Scored {
        table,
        log,
        total,
        texts: texts.len(),
    }
}
