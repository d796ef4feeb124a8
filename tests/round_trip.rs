//! Any document survives the long CSV, the JSON document, the workbook and the SQLite file
//! unchanged: values with their scale, markers, raw text, footnotes, review reasons and sources.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use peilstok::formats::json as json_format;
use peilstok::formats::long_csv;
use peilstok::formats::xlsx;
use peilstok::model::{
    Better, Cell, CellValue, Column, Document, DocumentKind, Goal, Indicator, IndicatorKind,
    Marker, Programme, Source, ValueKind,
};
use peilstok::store::Store;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn text() -> impl Strategy<Value = String> {
    // Commas, quotes, line breaks, ligatures and non-Latin text all must survive quoting.
    prop_oneof![
        "[a-zA-Z0-9 ,.%/()\"-]{0,24}",
        Just("NB3".to_string()),
        Just("98% (0 jaar)\n88%(3 jaar)".to_string()),
        Just("Werkelĳk \"2021\", zie noot".to_string()),
        "\\PC{0,12}",
    ]
}

fn non_empty_text() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |text| !text.is_empty())
}

fn marker() -> impl Strategy<Value = Marker> {
    prop_oneof![
        Just(Marker::NotKnown),
        Just(Marker::NotYetKnown),
        Just(Marker::NotApplicable),
        Just(Marker::Nil),
        Just(Marker::Blank),
        prop::sample::select(vec![".", "*", "x", "geen data", "nog niet beschikbaar"])
            .prop_map(|sign| Marker::Other(sign.to_string())),
    ]
}

/// A cell value with the raw text it could have been read from.
fn value_and_raw() -> impl Strategy<Value = (CellValue, String)> {
    prop_oneof![
        (any::<i64>(), 0u32..8, text()).prop_map(|(mantissa, scale, raw)| (
            CellValue::Number(Decimal::new(mantissa, scale)),
            raw
        )),
        (marker(), text()).prop_map(|(marker, raw)| {
            // A blank cell printed nothing, so its raw text is empty by definition.
            let raw = if marker == Marker::Blank {
                String::new()
            } else {
                raw
            };
            (CellValue::Missing(marker), raw)
        }),
        non_empty_text().prop_map(|raw| (CellValue::Text, raw)),
    ]
}

fn review() -> impl Strategy<Value = Option<String>> {
    prop::option::of(non_empty_text().prop_filter("not blank", |t| !t.trim().is_empty()))
}

fn column() -> impl Strategy<Value = Column> {
    (
        prop::sample::select(ValueKind::ALL.to_vec()),
        prop::option::of(1990i32..2040),
    )
        .prop_map(|(kind, year)| Column {
            kind,
            year: if kind == ValueKind::Target {
                year
            } else {
                Some(year.unwrap_or(2023))
            },
        })
}

fn document() -> impl Strategy<Value = Document> {
    let cells = prop::collection::vec(
        (
            column(),
            value_and_raw(),
            prop::collection::vec(1u32..20, 0..3),
            review(),
            0usize..3,
        ),
        0..12,
    );
    let indicators = prop::collection::vec(
        (
            non_empty_text(),
            text(),
            any::<bool>(),
            any::<bool>(),
            review(),
            cells,
            0usize..3,
        ),
        1..5,
    );
    (
        prop::collection::vec(indicators, 1..4),
        prop::collection::btree_map(1u32..9, non_empty_text(), 0..4),
    )
        .prop_map(|(goals, footnotes)| {
            let source = Source {
                key: "Diemen Begroting 2023".into(),
                title: "Begroting 2023".into(),
                municipality: "Diemen".into(),
                kind: DocumentKind::Budget,
                year: Some(2023),
                file_name: "002_7e2fc6bc78fc6086.txt".into(),
                footnotes: footnotes.into_iter().collect::<BTreeMap<_, _>>(),
            };
            let goals = goals
                .into_iter()
                .enumerate()
                .map(|(goal_index, indicators)| Goal {
                    code: (goal_index + 1).to_string(),
                    title: format!("Doel {}", goal_index + 1),
                    footnotes: vec![],
                    source: source.key.clone(),
                    indicators: indicators
                        .into_iter()
                        .enumerate()
                        .map(
                            |(index, (name, unit, mandatory, effect, review, cells, sub_rows))| {
                                let series: Vec<String> =
                                    (0..sub_rows).map(|n| format!("deelrij {n}")).collect();
                                let mut seen = Vec::new();
                                let cells = cells
                                    .into_iter()
                                    .filter_map(|(column, (value, raw), footnotes, review, row)| {
                                        let row = if row == 0 || series.is_empty() {
                                            String::new()
                                        } else {
                                            series[(row - 1) % series.len()].clone()
                                        };
                                        // One cell per row, column and source.
                                        if seen.contains(&(row.clone(), column)) {
                                            return None;
                                        }
                                        seen.push((row.clone(), column));
                                        Some(Cell {
                                            series: row,
                                            column,
                                            value,
                                            chosen: raw.len() % 3 == 0,
                                            raw,
                                            footnotes,
                                            review,
                                            source: source.key.clone(),
                                        })
                                    })
                                    .collect();
                                Indicator {
                                    code: format!("{}.{}.{}", goal_index + 1, 1, index + 1),
                                    name,
                                    unit,
                                    mandatory,
                                    kind: if effect {
                                        IndicatorKind::Effect
                                    } else {
                                        IndicatorKind::Performance
                                    },
                                    series,
                                    label_raw: String::new(),
                                    footnotes: vec![],
                                    review,
                                    source: source.key.clone(),
                                    // Every direction occurs: none, higher, lower.
                                    better: [None, Some(Better::Higher), Some(Better::Lower)]
                                        [index % 3],
                                    cells,
                                }
                            },
                        )
                        .collect(),
                })
                .collect();
            Document {
                sources: vec![source],
                programmes: vec![Programme {
                    name: "Sociaal".into(),
                    goals,
                }],
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_long_csv_round_trips_losslessly(document in document()) {
        let mut written = Vec::new();
        long_csv::write(&document, &mut written).unwrap();
        let read = long_csv::read(written.as_slice()).unwrap();
        prop_assert_eq!(&read, &document);
        let mut again = Vec::new();
        long_csv::write(&read, &mut again).unwrap();
        prop_assert_eq!(again, written, "written byte for byte again");
    }

    #[test]
    fn the_json_document_round_trips_losslessly(document in document()) {
        let written = json_format::write(&document).unwrap();
        let read = json_format::read(&written).unwrap();
        prop_assert_eq!(&read, &document);
        // `Decimal`'s equality ignores the scale; the text keeps it.
        prop_assert_eq!(json_format::write(&read).unwrap(), written, "written again the same");
    }

    #[test]
    fn the_workbook_round_trips_losslessly(document in document()) {
        // Its readable sheet is checked against its long sheet on reading, so this also shows
        // that the readable sheet reads back as the same tables.
        let written = xlsx::write(&document, peilstok::i18n::Language::Dutch).unwrap();
        let read = xlsx::read(&written).unwrap();
        prop_assert_eq!(&read, &document);
        // `Decimal`'s equality ignores the scale; the long CSV keeps it.
        let (mut expected, mut again) = (Vec::new(), Vec::new());
        long_csv::write(&document, &mut expected).unwrap();
        long_csv::write(&read, &mut again).unwrap();
        prop_assert_eq!(again, expected, "the same long CSV, scale and all");
    }

    #[test]
    fn the_document_file_round_trips_losslessly(document in document()) {
        let store = Store::untitled_with(&document).unwrap();
        prop_assert_eq!(store.load().unwrap(), document);
    }
}
