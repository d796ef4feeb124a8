//! Spreadsheets: the sample survives a workbook exactly (through the long sheet), the readable
//! sheet alone gives the same indicators, markers and values with their scale, and a person's
//! own spreadsheet (an ODS typed in LibreOffice) imports with the right values and markers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use peilstok::formats::xlsx::{self, Sheets};
use peilstok::i18n::Language;
use peilstok::model::{CellValue, Column, Document, Indicator, Marker, ValueKind};
use peilstok::sample::sample_document;

const GOAL_3_ODS: &[u8] = include_bytes!("fixtures/spreadsheet/goal3.ods");

/// What a table shows in one place: the number with its scale (`68.6`, `689.0`), the marker
/// (an absent cell shows as blank), or the raw text of a cell awaiting review; with the
/// footnotes and whether the cell awaits review.
fn shown(indicator: &Indicator, series: &str, column: Column) -> Option<String> {
    let (cell, _) = indicator.displayed_cell(series, column)?;
    let Some(cell) = cell else {
        return Some("marker ``".to_string());
    };
    let value = match &cell.value {
        CellValue::Number(number) => format!("number {number}"),
        CellValue::Missing(marker) => format!("marker `{}`", marker.code()),
        CellValue::Text => format!("text `{}`", cell.raw),
    };
    Some(format!(
        "{value} footnotes {:?}{}",
        cell.footnotes,
        if cell.review.is_some() {
            " to check"
        } else {
            ""
        }
    ))
}

fn find<'a>(document: &'a Document, code: &str) -> &'a Indicator {
    document
        .indicators()
        .find(|(_, _, indicator)| indicator.code == code)
        .map(|(_, _, indicator)| indicator)
        .unwrap_or_else(|| panic!("no indicator {code}"))
}

fn number_in(document: &Document, code: &str, column: Column) -> String {
    find(document, code)
        .cell("", column)
        .and_then(|cell| cell.number())
        .map(|number| number.to_string())
        .unwrap_or_else(|| panic!("{code}: no number in {column:?}"))
}

/// Every place of every table of `expected` shows the same in `read`, the tables have the same
/// indicators and rows, and names, units, footnotes and goals are kept.
fn assert_same_tables(expected: &Document, read: &Document) {
    let codes = |document: &Document| -> Vec<(String, Vec<String>)> {
        document
            .indicators()
            .map(|(_, _, indicator)| (indicator.code.clone(), indicator.series.clone()))
            .collect()
    };
    assert_eq!(codes(read), codes(expected));
    assert_eq!(read.columns(), expected.columns());
    let mut places = 0;
    for (_, goal, indicator) in expected.indicators() {
        let other = find(read, &indicator.code);
        assert_eq!(
            (&other.name, &other.unit, other.mandatory, &other.footnotes),
            (
                &indicator.name,
                &indicator.unit,
                indicator.mandatory,
                &indicator.footnotes
            ),
            "{}",
            indicator.code
        );
        let (_, read_goal) = read
            .goals()
            .find(|(_, candidate)| candidate.code == goal.code)
            .unwrap();
        assert_eq!(
            (&read_goal.title, &read_goal.footnotes),
            (&goal.title, &goal.footnotes)
        );
        for series in indicator.rows() {
            for column in expected.columns() {
                assert_eq!(
                    shown(other, series, column),
                    shown(indicator, series, column),
                    "{} ({series}) {column:?}",
                    indicator.code
                );
                places += 1;
            }
        }
    }
    assert!(places > 0);
}

#[test]
fn the_sample_round_trips_through_a_workbook_identical() {
    let sample = sample_document().unwrap();
    for language in Language::ALL {
        let bytes = xlsx::write(&sample, language).unwrap();
        assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
        let read = xlsx::read(&bytes).unwrap();
        assert_eq!(read, sample, "{language:?}");
        // `Decimal`'s equality ignores the scale; the long CSV shows it (689,0 stays `689.0`).
        let mut csv = Vec::new();
        peilstok::formats::long_csv::write(&read, &mut csv).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            peilstok::sample::SAMPLE_CSV
        );
    }
}

#[test]
fn the_readable_sheet_alone_gives_the_same_tables_values_and_scale() {
    let mut sample = sample_document().unwrap();
    // The sample prints no number with a trailing zero; give 3.1.1's budget 2023 one (689,0) to
    // show that the scale survives the float in the cell.
    let budget_2023 = Column::new(ValueKind::Budget, 2023);
    for programme in &mut sample.programmes {
        for goal in &mut programme.goals {
            for indicator in &mut goal.indicators {
                if indicator.code == "3.1.1" {
                    let cell = indicator
                        .cells
                        .iter_mut()
                        .find(|cell| cell.column == budget_2023)
                        .unwrap();
                    cell.value = CellValue::Number("689.0".parse().unwrap());
                    cell.raw = "689,0".into();
                }
            }
        }
    }
    for language in Language::ALL {
        let bytes = xlsx::write_sheets(&sample, language, Sheets::ReadableOnly).unwrap();
        let read = xlsx::read(&bytes).unwrap();
        assert_same_tables(&sample, &read);

        let realised_2020 = Column::new(ValueKind::Realised, 2020);
        assert_eq!(number_in(&read, "3.1.3", realised_2020), "68.6");
        assert_eq!(
            number_in(&read, "3.1.7", Column::new(ValueKind::Budget, 2022)),
            "3200"
        );
        assert_eq!(number_in(&read, "3.3.4", realised_2020), "10.81");
        assert_eq!(number_in(&read, "3.1.1", budget_2023), "689.0");
        let nb = find(&read, "3.1.3")
            .cell("", Column::new(ValueKind::Realised, 2021))
            .unwrap();
        assert_eq!(
            (nb.marker(), &nb.footnotes),
            (Some(&Marker::NotKnown), &vec![3])
        );
        // The source is named by the citation under the table, and its footnotes are read.
        let (source, expected) = (&read.sources[0], &sample.sources[0]);
        assert_eq!(
            (
                &source.key,
                &source.title,
                &source.municipality,
                source.year
            ),
            (
                &expected.key,
                &expected.title,
                &expected.municipality,
                expected.year
            )
        );
        assert_eq!(source.footnotes, expected.footnotes);
    }
}

#[test]
fn a_spreadsheet_typed_in_libreoffice_imports_goal_3() {
    let read = xlsx::read(GOAL_3_ODS).unwrap();
    let sample = sample_document().unwrap();
    let mut goal_3 = sample.clone();
    for programme in &mut goal_3.programmes {
        programme.goals.retain(|goal| goal.code == "3");
        programme.name.clear();
    }
    assert_same_tables(&goal_3, &read);
    assert_eq!(read.indicators().count(), 19);
    let realised_2020 = Column::new(ValueKind::Realised, 2020);
    let realised_2021 = Column::new(ValueKind::Realised, 2021);
    assert_eq!(number_in(&read, "3.1.3", realised_2020), "68.6");
    assert_eq!(
        number_in(&read, "3.1.7", Column::new(ValueKind::Budget, 2023)),
        "3200"
    );
    assert_eq!(number_in(&read, "3.3.4", realised_2020), "10.81");
    // `5%5` typed as text: the value 5 with footnote 5.
    let glued = find(&read, "3.3.2").cell("", realised_2021).unwrap();
    assert_eq!(
        (glued.number().map(|n| n.to_string()), &glued.footnotes),
        (Some("5".to_string()), &vec![5])
    );
    // NB3, NB 3) and nb3 are all NB with footnote 3.
    for code in ["3.1.3", "3.1.5", "3.3.4"] {
        let cell = find(&read, code).cell("", realised_2021).unwrap();
        assert_eq!(
            (cell.marker(), &cell.footnotes, &cell.review),
            (Some(&Marker::NotKnown), &vec![3], &None),
            "{code}"
        );
    }
    // The composite cell is kept as text, to check, never guessed.
    let composite = find(&read, "3.3.9").cell("", realised_2020).unwrap();
    assert_eq!(composite.value, CellValue::Text);
    assert!(composite.review.as_deref().unwrap().contains("4 getallen"));
    assert_eq!(read.sources[0].key, "Diemen Begroting 2023");
    assert_eq!(
        read.footnote_text(&read.sources[0].key, 3),
        sample.footnote_text(&sample.sources[0].key, 3)
    );
}

#[test]
fn a_document_the_long_csv_refuses_is_refused_in_words() {
    let mut document = sample_document().unwrap();
    let mut other = document.programmes[0].clone();
    other.name = "Ruimte".into();
    document.programmes.push(other);
    let error = xlsx::write(&document, Language::Dutch)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("occurs in more than one programme"),
        "{error}"
    );
}

#[test]
fn a_persons_own_xlsx_with_percent_formats_and_one_row_headings_imports() {
    use rust_xlsxwriter::{Format, Workbook};
    let sample = sample_document().unwrap();
    let (_, goal_3) = sample.goals().find(|(_, goal)| goal.code == "3").unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let headings = [
        "Code",
        "Omschrijving",
        "Realisatie 2020",
        "Realisatie 2021",
        "Begroting 2022",
        "Begroting 2023",
    ];
    for (column, heading) in headings.into_iter().enumerate() {
        sheet.write_string(0, column as u16, heading).unwrap();
    }
    // The goal typed in two cells: its code, and its title beside it.
    sheet.write_string(1, 0, "3").unwrap();
    sheet.write_string(1, 1, &goal_3.title).unwrap();
    let percent = Format::new().set_num_format("0.0%");
    let whole_percent = Format::new().set_num_format("0%");
    let one_decimal = Format::new().set_num_format("0.0");
    let grouped = Format::new().set_num_format("#,##0");
    sheet.write_string(2, 0, "3.1.3").unwrap();
    sheet
        .write_string(2, 1, &find(&sample, "3.1.3").name)
        .unwrap();
    sheet
        .write_number_with_format(2, 2, 0.686, &percent)
        .unwrap();
    sheet.write_string(2, 3, "NB3").unwrap();
    sheet
        .write_number_with_format(2, 4, 0.68, &whole_percent)
        .unwrap();
    sheet
        .write_number_with_format(2, 5, 0.7, &whole_percent)
        .unwrap();
    sheet.write_string(3, 0, "3.3.4").unwrap();
    sheet
        .write_string(3, 1, &find(&sample, "3.3.4").name)
        .unwrap();
    sheet.write_number(3, 2, 10.81).unwrap();
    sheet.write_string(3, 3, "NB 3)").unwrap();
    sheet
        .write_number_with_format(3, 4, 5.5, &one_decimal)
        .unwrap();
    sheet.write_number(3, 5, 5.5).unwrap();
    sheet.write_string(4, 0, "3.1.7").unwrap();
    sheet
        .write_string(4, 1, &find(&sample, "3.1.7").name)
        .unwrap();
    sheet.write_string(4, 2, "N.v.t.").unwrap();
    sheet.write_string(4, 3, "n.v.t.").unwrap();
    sheet
        .write_number_with_format(4, 4, 3200, &grouped)
        .unwrap();
    sheet.write_number(4, 5, 3200).unwrap();
    sheet
        .write_string(6, 1, "3) Geen data bekend op waarstaatjegemeente.nl")
        .unwrap();
    let read = xlsx::read(&workbook.save_to_buffer().unwrap()).unwrap();

    let (_, goal) = read.goals().next().unwrap();
    assert_eq!((goal.code.as_str(), &goal.title), ("3", &goal_3.title));
    for code in ["3.1.3", "3.3.4", "3.1.7"] {
        let (expected, got) = (find(&sample, code), find(&read, code));
        assert_eq!(got.name, expected.name);
        for column in sample.columns() {
            assert_eq!(
                shown(got, "", column),
                shown(expected, "", column),
                "{code} {column:?}"
            );
        }
    }
}

/// Peilstok's workbook, opened in LibreOffice Calc and saved again as ODS (made with
/// `soffice --convert-to ods`): the long sheet survives, so the sample comes back whole.
#[test]
fn a_workbook_saved_again_by_libreoffice_gives_the_sample_back() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spreadsheet/diemen-saved-by-libreoffice.ods");
    let read = peilstok::formats::xlsx::read(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(read, peilstok::sample::sample_document().unwrap());
}
