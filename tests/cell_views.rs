//! The table, the report and the workbook agree on every cell: each shows the text and the
//! colour its [`CellView`] decides, for the sample and for a combined document with sources
//! that disagree, cells to check, unread text and inherited markers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader};
use peilstok::app::{Command, Settings, StartWith};
use peilstok::export::report::{ReportOptions, report_pages};
use peilstok::i18n::Language;
use peilstok::model::{CellValue, Column, Document, IndicatorId, ValueKind};
use peilstok::sample::sample_document;
use peilstok::style::Rgb;
use peilstok::view::CellView;
use rust_decimal::Decimal;

/// The sample with what a document gathers over the years: a second source that disagrees on a
/// few cells, a reading to check, text that is no value.
fn combined_document() -> Document {
    let mut document = sample_document().unwrap();
    let mut other = document.sources[0].clone();
    other.key = "Jaarstukken 2022".into();
    other.title = "Jaarstukken 2022".into();
    document.sources.push(other);
    let column = Column::new(ValueKind::Realised, 2021);
    let mut disagreeing = 0;
    for indicator in document.indicators_mut() {
        let Some(printed) = indicator
            .cells
            .iter()
            .find(|cell| cell.column == column && cell.number().is_some())
            .cloned()
        else {
            continue;
        };
        if disagreeing < 3 {
            let mut second = printed.clone();
            second.source = "Jaarstukken 2022".into();
            second.value = CellValue::Number(printed.number().unwrap() + Decimal::ONE);
            indicator.cells.push(second);
            disagreeing += 1;
        } else if disagreeing < 5 {
            if let Some(cell) = indicator
                .cells
                .iter_mut()
                .find(|cell| cell.column == column)
            {
                cell.review = Some("Vermoedelijk een tikfout".into());
            }
            disagreeing += 1;
        } else if disagreeing < 6 {
            if let Some(cell) = indicator
                .cells
                .iter_mut()
                .find(|cell| cell.column == column)
            {
                cell.value = CellValue::Text;
                cell.raw = "98% (0 jaar)".into();
                cell.review = Some("Twee waarden in één cel".into());
            }
            disagreeing += 1;
        }
    }
    assert_eq!(disagreeing, 6);
    document
}

/// Every cell's view, with its indicator's code, row and column.
fn views(document: &Document) -> Vec<(String, String, Column, CellView<'_>)> {
    let columns = document.columns();
    let mut all = Vec::new();
    for (_, _, indicator) in document.indicators() {
        for series in indicator.rows() {
            for column in &columns {
                if let Some(view) = CellView::of(indicator, series, *column, Language::Dutch) {
                    all.push((indicator.code.clone(), series.to_string(), *column, view));
                }
            }
        }
    }
    all
}

/// `(text, background)` of every coloured cell the report draws: a marker cell is a rectangle
/// in its colour, then its words.
fn report_coloured_cells(document: &Document) -> Vec<(String, String)> {
    let options = ReportOptions {
        date: "05-12-2026".into(),
        ..ReportOptions::new(Language::Dutch)
    };
    let mut cells = Vec::new();
    for page in report_pages(document, &options) {
        let lines: Vec<&str> = page.lines().collect();
        for pair in lines.windows(2) {
            let (Some(fill), Some(text)) = (
                attribute(pair[0], "<rect ", "fill"),
                pair[1]
                    .strip_prefix("<text ")
                    .and_then(|rest| rest.split_once('>'))
                    .and_then(|(_, rest)| rest.strip_suffix("</text>")),
            ) else {
                continue;
            };
            cells.push((unescape(text), fill));
        }
    }
    cells
}

fn attribute(line: &str, element: &str, name: &str) -> Option<String> {
    let rest = line.strip_prefix(element)?;
    let start = rest.find(&format!("{name}=\""))? + name.len() + 2;
    let end = rest[start..].find('"')? + start;
    Some(rest[start..end].to_string())
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// What the workbook's readable sheet holds in its value columns: `(shown, background)` per
/// cell, a number as its value.
fn workbook_cells(document: &Document) -> Vec<(String, Option<String>)> {
    let bytes = peilstok::formats::xlsx::write(document, Language::Dutch).unwrap();
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let cells = workbook.worksheet_range(&name).unwrap();
    let styles = workbook.worksheet_style(&name).unwrap();
    let (Some(start), Some(end)) = (cells.start(), cells.end()) else {
        panic!("an empty sheet");
    };
    // The column headings (kind over year) stand in the value columns too: not cells.
    let kinds = ["Werkelijk", "Begroot", "Prognose", "Streefwaarde"];
    let heading_rows: Vec<u32> = (start.0..=end.0)
        .filter(|row| {
            (start.1..=end.1).any(|column| {
                matches!(cells.get_value((*row, column)), Some(Data::String(text)) if kinds.contains(&text.as_str()))
            })
        })
        .flat_map(|row| [row, row + 1])
        .collect();
    let mut found = Vec::new();
    for row in (start.0..=end.0).filter(|row| !heading_rows.contains(row)) {
        // Value columns start at the fourth (code, name, unit before them).
        for column in start.1.max(3)..=end.1 {
            let shown = match cells.get_value((row, column)) {
                Some(Data::Float(float)) => number_key(*float),
                Some(Data::String(text)) => text.clone(),
                _ => continue,
            };
            let background = styles
                .get((row, column))
                .and_then(|style| style.fill.as_ref())
                .filter(|fill| fill.is_visible())
                .and_then(|fill| fill.get_color())
                .map(|colour| Rgb(colour.red, colour.green, colour.blue).hex());
            found.push((shown, background));
        }
    }
    found
}

fn number_key(float: f64) -> String {
    format!("{float:.6}")
}

/// How often each item occurs.
fn counted<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeMap<T, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_default() += 1;
    }
    counts
}

fn check_report_and_workbook(document: &Document) {
    let views = views(document);
    assert!(views.len() > 190);

    // The report: every coloured cell in its view's colour, with its view's signs and words.
    let expected: Vec<(String, String)> = views
        .iter()
        .filter_map(|(_, _, _, view)| {
            let background = view.look.background()?;
            let refs: String = view.footnotes.iter().map(|n| format!(" {n})")).collect();
            let text = view.flagged_text();
            // Paper cuts long printed text with an ellipsis.
            let shown = if text.chars().count() > 10 {
                format!("{}…", text.chars().take(9).collect::<String>().trim_end())
            } else {
                text
            };
            Some((format!("{shown}{refs}"), background.hex()))
        })
        .collect();
    assert!(!expected.is_empty());
    let mut report = counted(report_coloured_cells(document));
    // The legend draws its swatches the same way; each cell must be there.
    for (cell, count) in counted(expected) {
        let drawn = report.remove(&cell).unwrap_or(0);
        assert!(
            drawn >= count,
            "the report draws {cell:?} {drawn} times, not {count}"
        );
    }

    // The workbook: every cell with its view's number or words, on its view's colour.
    let expected: Vec<(String, Option<String>)> = views
        .iter()
        .map(|(_, _, _, view)| {
            let shown = match (view.number, view.cell.map(|cell| &cell.value)) {
                (Some(number), _) => number_key(number.to_string().parse::<f64>().unwrap()),
                (None, Some(CellValue::Text)) => view.flagged_text(),
                (None, _) => view.text.clone(),
            };
            (shown, view.look.background().map(|rgb| rgb.hex()))
        })
        .collect();
    assert_eq!(
        counted(workbook_cells(document)),
        counted(expected),
        "the workbook's cells and colours are the views'"
    );
}

#[test]
fn the_report_and_the_workbook_paint_every_cell_of_the_sample_as_its_view() {
    check_report_and_workbook(&sample_document().unwrap());
}

#[test]
fn the_report_and_the_workbook_paint_every_cell_of_a_combined_document_as_its_view() {
    let document = combined_document();
    let views = views(&document);
    assert!(
        views
            .iter()
            .any(|(_, _, _, view)| view.look == peilstok::view::Look::Conflict)
    );
    assert!(
        views
            .iter()
            .any(|(_, _, _, view)| view.look == peilstok::view::Look::Review)
    );
    check_report_and_workbook(&document);
}

#[test]
fn the_table_shows_each_cell_in_view_as_its_view() {
    use egui_kittest::kittest::Queryable;
    let document = combined_document();
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("gecombineerd.peilstok");
    peilstok::store::Store::create(&path, &document).unwrap();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_eframe(move |cc| {
            peilstok::ui::PeilstokApp::new(
                &cc.egui_ctx,
                Settings::default(),
                StartWith::File(path),
                Box::new(peilstok::ui::NoDialogs),
            )
            .unwrap()
        });
    for _ in 0..200 {
        if harness.state().state().busy().is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    harness.run();
    // Every cell of the first goal's rows, brought into view one indicator at a time.
    let (programme, goal) = document.goals().find(|(_, goal)| goal.code == "3").unwrap();
    let mut checked = 0;
    for indicator in goal.indicators.iter().take(12) {
        let id = IndicatorId {
            programme: programme.name.clone(),
            code: indicator.code.clone(),
        };
        harness
            .state_mut()
            .handle(Command::SelectIndicator(Some(id.clone())));
        harness.run();
        let row = harness.get_by_label(&indicator.code).rect();
        for (code, series, column, view) in views(&document) {
            if code != indicator.code || !series.is_empty() {
                continue;
            }
            let heading = Language::Dutch.column_heading(column);
            let Some(header) = harness.query_by_label(&heading).map(|node| node.rect()) else {
                continue; // A column scrolled out of view sideways.
            };
            let shown = harness.query_all_by_label(&view.text).any(|node| {
                let rect = node.rect();
                (row.min.y..=row.max.y).contains(&rect.center().y)
                    && rect.max.x <= header.max.x + 1.0
                    && rect.min.x >= header.min.x - 1.0
            });
            assert!(shown, "{code} {heading}: `{}` not in the table", view.text);
            for flag in &view.flags {
                assert!(
                    harness.query_all_by_label(flag.sign()).any(|node| {
                        let rect = node.rect();
                        (row.min.y..=row.max.y).contains(&rect.center().y)
                    }),
                    "{code} {heading}: no {} beside the value",
                    flag.sign()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} cells checked");
}
