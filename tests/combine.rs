//! Trends across documents: the sample (Begroting 2023) combined with the annual accounts of
//! 2022 in the seed's layout gives one 2020–2023 trend, every value with its source, and the one
//! place where the two disagree waits for a person's choice — both values stay on record.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use peilstok::app::{AppState, CellAddress, Command, Settings, StartWith};
use peilstok::chart::svg::{ChartSize, Drawing, chart_svg};
use peilstok::chart::{ChartKind, TrendChart};
use peilstok::i18n::Language;
use peilstok::model::{Better, CellValue, Column, DocumentKind, IndicatorId, ValueKind};

const ACCOUNTS: &str = "tests/fixtures/combine/jaarstukken-2022-diemen-sociaal.txt";
const BUDGET_2023: &str = "Diemen Begroting 2023";
const ACCOUNTS_2022: &str = "Diemen Jaarstukken 2022";

/// The sample with the accounts of 2022 imported, as a person does it: File ▸ Import, confirm.
fn combined() -> AppState {
    let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(ACCOUNTS);
    state.handle(Command::ImportFile(path));
    for _ in 0..1000 {
        if state.poll() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let pending = state
        .pending_import
        .as_ref()
        .expect("the accounts were read");
    assert!(
        pending.flagged().is_empty(),
        "{:?}",
        pending
            .flagged()
            .iter()
            .map(|(indicator, cell)| (&indicator.code, &cell.raw, &cell.review))
            .collect::<Vec<_>>()
    );
    state.handle(Command::ConfirmImport);
    assert!(
        !matches!(state.message, Some(peilstok::app::Message::Error(_))),
        "{:?}",
        state.message
    );
    state
}

fn id(code: &str) -> IndicatorId {
    IndicatorId {
        programme: "Sociaal".into(),
        code: code.into(),
    }
}

#[test]
fn the_accounts_extend_the_trend_to_2022_and_every_value_keeps_its_source() {
    let state = combined();
    let document = state.document();
    let accounts = document
        .source(ACCOUNTS_2022)
        .expect("the accounts are a source");
    assert_eq!(accounts.kind, DocumentKind::Accounts);
    assert_eq!(accounts.year, Some(2022));
    assert!(document.source(BUDGET_2023).is_some());

    let indicator = document.indicator(&id("3.1.3")).unwrap();
    let chart = TrendChart::of(document, indicator, Language::Dutch);
    assert_eq!(chart.years, Some((2020, 2023)));
    assert_eq!(
        chart.source_line, "Bron: Begroting 2023 gemeente Diemen; Jaarstukken 2022 gemeente Diemen",
        "the chart names every source of its values"
    );
    let realised = chart
        .series
        .iter()
        .find(|series| series.kind == ValueKind::Realised)
        .unwrap();
    // One unbroken line now: the accounts' figure fills the budget's NB of 2021.
    assert_eq!(realised.pieces.len(), 1);
    let points: Vec<(i32, String)> = realised.pieces[0]
        .iter()
        .map(|point| (point.year, point.value.to_string()))
        .collect();
    assert_eq!(
        points,
        vec![
            (2020, "68.6".to_string()),
            (2021, "69.1".to_string()),
            (2022, "70.2".to_string())
        ]
    );
    // Realised against budgeted where a year has both: 2022, 70,2 against 68.
    let deviation = indicator.deviation("", 2022).unwrap();
    assert_eq!(deviation.absolute.to_string(), "2.2");
    assert_eq!(deviation.percent.map(|p| p.to_string()), Some("3.2".into()));
    assert_eq!(chart.deviations.len(), 1);
    assert_eq!(chart.deviations[0].text, "+2,2 (+3,2%)");
    let svg = chart_svg(
        &chart,
        &Drawing::new(ChartSize::A4_WIDTH, ChartKind::Line, Language::Dutch),
    );
    assert!(svg.contains(">Δ +2,2 (+3,2%)</text>"));
    let source_of = |column: Column| indicator.cell("", column).unwrap().source.clone();
    assert_eq!(
        source_of(Column::new(ValueKind::Realised, 2020)),
        BUDGET_2023
    );
    assert_eq!(
        source_of(Column::new(ValueKind::Realised, 2021)),
        ACCOUNTS_2022
    );
    assert_eq!(
        source_of(Column::new(ValueKind::Realised, 2022)),
        ACCOUNTS_2022
    );
    // The budget's NB for 2021 stays on record beside the accounts' figure.
    let both = indicator.candidates("", Column::new(ValueKind::Realised, 2021));
    assert_eq!(both.len(), 2);
    assert!(matches!(both[0].value, CellValue::Missing(_)));
    // A figure both documents give alike is no conflict.
    let budget_2022 = indicator.candidates("", Column::new(ValueKind::Budget, 2022));
    assert_eq!(budget_2022.len(), 2);
    assert!(
        indicator
            .open_conflict("", Column::new(ValueKind::Budget, 2022))
            .is_none()
    );
}

#[test]
fn the_one_disagreement_waits_for_a_choice_and_both_values_stay_on_record() {
    let mut state = combined();
    let conflicts: Vec<(String, Column)> = state
        .document()
        .indicators()
        .flat_map(|(_, _, indicator)| {
            let columns = state.document().columns();
            indicator
                .rows()
                .flat_map(move |series| {
                    columns
                        .clone()
                        .into_iter()
                        .map(move |column| (series.to_string(), column))
                })
                .filter(|(series, column)| indicator.open_conflict(series, *column).is_some())
                .map(|(_, column)| (indicator.code.clone(), column))
                .collect::<Vec<_>>()
        })
        .collect();
    let realised_2021 = Column::new(ValueKind::Realised, 2021);
    assert_eq!(conflicts, vec![("3.1.1".to_string(), realised_2021)]);
    // On paper too, the open question is written in the cell.
    let options = peilstok::export::report::ReportOptions::new(Language::Dutch);
    let pages = peilstok::export::report::report_pages(state.document(), &options).concat();
    assert!(pages.contains(">≠ 842</text>"));

    let cell = CellAddress {
        indicator: id("3.1.1"),
        series: String::new(),
        column: realised_2021,
    };
    state.handle(Command::ChooseSource {
        cell: cell.clone(),
        source: ACCOUNTS_2022.into(),
    });
    let indicator = state.document().indicator(&id("3.1.1")).unwrap();
    assert!(indicator.open_conflict("", realised_2021).is_none());
    assert_eq!(
        indicator
            .cell("", realised_2021)
            .unwrap()
            .number()
            .unwrap()
            .to_string(),
        "842"
    );
    let values: Vec<String> = indicator
        .candidates("", realised_2021)
        .iter()
        .map(|candidate| format!("{} {}", candidate.source, candidate.raw))
        .collect();
    assert_eq!(
        values,
        vec![format!("{BUDGET_2023} 838"), format!("{ACCOUNTS_2022} 842")]
    );
    // Choosing is a change like any other: Undo brings the open question back.
    state.handle(Command::Undo);
    let indicator = state.document().indicator(&id("3.1.1")).unwrap();
    assert!(indicator.open_conflict("", realised_2021).is_some());
}

/// The accounts with indicator 3.1.2 under another name, read for review.
fn renamed_import() -> AppState {
    let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ACCOUNTS))
        .unwrap()
        .replace(
            "3.1.2 - Aantal mensen geplaatst op een beschut werk plek",
            "3.1.2 - Aantal plaatsingen beschut werk",
        );
    state.handle(Command::ImportText {
        text,
        file_name: "jaarstukken-2022.txt".into(),
    });
    for _ in 0..1000 {
        if state.poll() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    state
}

#[test]
fn a_known_code_under_another_name_is_asked_about() {
    let mut state = renamed_import();
    let pending = state.pending_import.as_ref().unwrap();
    let asked: Vec<(&str, &str, &str)> = pending
        .renamed
        .iter()
        .map(|d| (d.code.as_str(), d.existing.as_str(), d.incoming.as_str()))
        .collect();
    assert_eq!(
        asked,
        vec![(
            "3.1.2",
            "Aantal mensen geplaatst op een beschut werk plek",
            "Aantal plaatsingen beschut werk"
        )],
        "only the renamed one; the others have the same names"
    );
    state.handle(Command::KeepApart {
        code: "3.1.2".into(),
        apart: true,
    });
    state.handle(Command::ConfirmImport);
    let document = state.document();
    let old = document.indicator(&id("3.1.2")).unwrap();
    assert_eq!(old.name, "Aantal mensen geplaatst op een beschut werk plek");
    assert!(old.cells.iter().all(|cell| cell.source == BUDGET_2023));
    let apart = document
        .indicator(&id("3.1.2 (Jaarstukken 2022)"))
        .expect("kept apart under its own code");
    assert_eq!(apart.name, "Aantal plaatsingen beschut werk");
}

#[test]
fn the_same_indicator_under_a_new_name_is_merged() {
    let mut state = renamed_import();
    state.handle(Command::ConfirmImport);
    let indicator = state.document().indicator(&id("3.1.2")).unwrap();
    assert_eq!(indicator.name, "Aantal plaatsingen beschut werk");
    let sources: Vec<&str> = indicator.cells.iter().map(|c| c.source.as_str()).collect();
    assert!(sources.contains(&BUDGET_2023) && sources.contains(&ACCOUNTS_2022));
}

#[test]
fn met_or_missed_once_a_person_says_which_way_is_better() {
    let mut state = combined();
    let deviation_text = |state: &AppState| {
        let document = state.document();
        let indicator = document.indicator(&id("3.1.3")).unwrap();
        TrendChart::of(document, indicator, Language::Dutch).deviations[0]
            .text
            .clone()
    };
    assert_eq!(deviation_text(&state), "+2,2 (+3,2%)", "never guessed");
    for (better, verdict) in [
        (Better::Higher, "+2,2 (+3,2%) · gehaald"),
        (Better::Lower, "+2,2 (+3,2%) · niet gehaald"),
    ] {
        state.handle(Command::EditIndicator {
            indicator: id("3.1.3"),
            name: "% netto participatiegraad van mensen tussen 15-67 jaar die een baan hebben"
                .into(),
            unit: "%".into(),
            better: Some(better),
        });
        assert_eq!(deviation_text(&state), verdict);
    }
}

/// Two texts without printed codes (Lisse, Nijmegen in `tests/corpus/`) each give their rows
/// codes like `1.1`; in one document those rows stay apart, each with its own cells, and a second
/// import of the same text finds its rows again by name.
#[test]
fn rows_without_codes_from_two_texts_stay_apart_and_are_found_again_by_name() {
    let read = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        peilstok::import::import_text(&text, name).to_document()
    };
    let lisse = read("lisse-2021-leefomgeving.txt");
    let nijmegen = read("nijmegen-2021-bestuur-veiligheid.txt");
    let count = |document: &peilstok::model::Document| document.indicators().count();
    let mut document = lisse.clone();
    document.merge(nijmegen.clone());
    assert_eq!(count(&document), count(&lisse) + count(&nijmegen));
    for (_, _, indicator) in document.indicators() {
        let sources: std::collections::BTreeSet<&str> = indicator
            .cells
            .iter()
            .map(|cell| cell.source.as_str())
            .collect();
        assert!(sources.len() <= 1, "{} mixes {sources:?}", indicator.name);
    }
    let before = document.clone();
    document.merge(nijmegen);
    assert_eq!(document, before, "a second import changes nothing");
}
