//! Inputs that took time in the square of their size (issue 14, "Quadratic time"): a text row of
//! 16,000 or 88,000 cells, a long CSV of 10,000 or 100,000 sources, goals or sub-series, and an
//! indicator name of 80,000 characters or a megabyte in the report.
//!
//! Performance is measured in the benchmarks (`benches/quadratic.rs`, docs/performance.md), not
//! asserted in tests; these bounds are the exception issue 14 asks for, a guard against hangs
//! coming back. The old code took seconds to minutes on these inputs even in a release build;
//! each bound is about ten times what the input takes now in a debug build on the project's
//! 2-core machine (measured 2026-12-05: 0.15 s for 16,000 cells, 1.2 s for 88,000, 0.14 s for
//! 10,000 sources, 1.4-3.9 s for 100,000 sources, goals, sub-series or indicators, 0.4-0.6 s
//! for each report), so that a busy machine does not fail them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::large_inputs::{
    csv_of_goals, csv_of_sources, csv_of_sub_series, one_indicator_named, reliability_fixture,
    text_row,
};

use std::time::{Duration, Instant};

use peilstok::app::name_differences;
use peilstok::chart::svg::{TEXT_CHARS, TITLE_LINES};
use peilstok::export::report::{ReportOptions, report_pages, report_pdf};
use peilstok::formats::long_csv;
use peilstok::i18n::Language;
use peilstok::import::import_text;
use peilstok::model::{Document, edit};

/// Runs `work`, and fails when it took longer than `bound` (see the module's words on bounds).
fn within<T>(what: &str, bound: Duration, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = work();
    let took = start.elapsed();
    eprintln!("{what}: {took:.2?}");
    assert!(
        took < bound,
        "{what} took {took:.2?}, more than the bound of {bound:?}: time in the square of the \
         input's size again?"
    );
    result
}

/// Imports `text` as the command line does (`import_text`, then `to_document`), within `bound`.
fn import_within(what: &str, text: &str, bound: Duration) -> Document {
    within(what, bound, || {
        let import = import_text(text, "rij.txt");
        assert!(import.nothing_found().is_none(), "{what}: nothing read");
        import.to_document()
    })
}

#[test]
fn a_text_row_of_16_000_cells() {
    let text = String::from_utf8(reliability_fixture("slow_txt_row_16000_cells_16s.txt")).unwrap();
    let document = import_within(
        "the fixture's row of 16,000 cells",
        &text,
        Duration::from_secs(2),
    );
    let (_, _, indicator) = document.indicators().next().unwrap();
    // The four columns take the last four cells; the rest is read as the name, as before.
    assert_eq!(indicator.code, "1.1.1");
    assert_eq!(indicator.cells.len(), 4);

    let generated = import_within(
        "a generated row of 16,000 cells",
        &text_row(16_000),
        Duration::from_secs(2),
    );
    assert_eq!(generated.indicators().count(), 1);
}

#[test]
fn a_text_row_of_88_000_cells() {
    let text = String::from_utf8(reliability_fixture("hang_txt_00287.txt")).unwrap();
    import_within(
        "the fixture with a row of about 88,000 cells",
        &text,
        Duration::from_secs(12),
    );
    let generated = import_within(
        "a generated row of 88,000 cells",
        &text_row(88_000),
        Duration::from_secs(12),
    );
    let (_, _, indicator) = generated.indicators().next().unwrap();
    assert_eq!(indicator.cells.len(), 4);
}

/// Reads `text` and merges it into an empty document (as `peilstok import` does), then imports
/// it again into the result (as an import into an existing document does: the names compared,
/// the edit made), all within `bound`.
fn read_and_merge_within(what: &str, text: &str, bound: Duration) -> Document {
    within(what, bound, || {
        let read = long_csv::read(text.as_bytes()).unwrap();
        let mut document = Document::default();
        document.merge(read.clone());
        assert!(name_differences(&document, &read).is_empty());
        let again = edit::merge(&document, read);
        assert!(
            again.is_empty(),
            "{what}: the same file again changes nothing"
        );
        document
    })
}

#[test]
fn a_csv_of_10_000_sources() {
    let text = String::from_utf8(reliability_fixture("slow_9s_csv_10k_sources.csv")).unwrap();
    let document = read_and_merge_within(
        "the fixture of 10,000 sources",
        &text,
        Duration::from_secs(2),
    );
    assert_eq!(document.sources.len(), 10_000);
    let (_, _, indicator) = document.indicators().next().unwrap();
    assert_eq!(indicator.cells.len(), 10_000);
}

#[test]
fn a_csv_of_100_000_sources() {
    let text = csv_of_sources(100_000);
    let document = read_and_merge_within("100,000 sources", &text, Duration::from_secs(15));
    assert_eq!(document.sources.len(), 100_000);
    // Every cell is one source's, so none replaced another.
    let (_, _, indicator) = document.indicators().next().unwrap();
    assert_eq!(indicator.cells.len(), 100_000);
}

#[test]
fn a_csv_of_100_000_goals() {
    let text = csv_of_goals(100_000);
    let document = read_and_merge_within("100,000 goals", &text, Duration::from_secs(40));
    assert_eq!(document.goals().count(), 100_000);
    assert_eq!(document.indicators().count(), 100_000);
}

#[test]
fn a_csv_of_100_000_sub_series() {
    let text = csv_of_sub_series(100_000);
    let document = read_and_merge_within("100,000 sub-series", &text, Duration::from_secs(15));
    let (_, _, indicator) = document.indicators().next().unwrap();
    assert_eq!(indicator.series.len(), 100_000);
    assert_eq!(indicator.cells.len(), 100_000);
}

#[test]
fn a_csv_of_100_000_described_indicators_imported_twice() {
    // Indicators with a printed label are compared by name with the document's on import.
    let text = common::large_inputs::long_csv(100_000, |i| {
        let code = format!("{}.{}", i % 100 + 1, i / 100 + 1);
        format!(
            "{code},,N,aantal,false,,prestatie,,,{code} - N,,,B,,\n\
             {code},,N,aantal,false,2021,realised,{i},,{i},,,B,,"
        )
    });
    let document = read_and_merge_within(
        "100,000 described indicators",
        &text,
        Duration::from_secs(30),
    );
    assert_eq!(document.indicators().count(), 100_000);
}

/// The report of `document`, as PDF, within `bound`; its pages' texts are checked to hold no
/// more than [`TEXT_CHARS`] characters each.
fn report_within(what: &str, document: &Document, bound: Duration) {
    let options = ReportOptions::new(Language::Dutch);
    for page in report_pages(document, &options) {
        for text in page.split("<text").skip(1) {
            let inside = text.split_once('>').map_or("", |(_, rest)| rest);
            let inside = inside.split("</text>").next().unwrap_or("");
            assert!(
                inside.chars().count() <= TEXT_CHARS + 200,
                "{what}: a text of {} characters on a page",
                inside.chars().count()
            );
        }
    }
    let pdf = within(what, bound, || {
        report_pdf(document, &options, &mut |_| {}).unwrap()
    });
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn a_report_with_a_name_of_80_000_characters() {
    report_within(
        "the report, a name of one word of 80,000 characters",
        &one_indicator_named("x".repeat(80_000)),
        Duration::from_secs(6),
    );
    report_within(
        "the report, a name of 80,000 characters in words",
        &one_indicator_named("woord ".repeat(80_000 / 6)),
        Duration::from_secs(6),
    );
}

#[test]
fn a_report_with_a_name_of_a_megabyte() {
    let document = one_indicator_named("woord ".repeat(1_000_000 / 6));
    report_within(
        "the report, a name of a megabyte in words",
        &document,
        Duration::from_secs(6),
    );
    report_within(
        "the report, a name of one word of a megabyte",
        &one_indicator_named("x".repeat(1_000_000)),
        Duration::from_secs(6),
    );
    // The chart's title stops at its lines, the last cut with an ellipsis.
    let pages = report_pages(&document, &ReportOptions::new(Language::Dutch));
    let title_lines = |page: &String| {
        page.lines()
            .filter(|line| line.contains(r#"font-weight="bold">"#) && line.contains("woord"))
            .count()
    };
    let chart_page = pages.iter().max_by_key(|page| title_lines(page)).unwrap();
    assert_eq!(title_lines(chart_page), TITLE_LINES);
    assert!(chart_page.contains("…</text>"));
}
