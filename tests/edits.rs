//! Edits are small writes by row id and undo replays their inverses: after a thousand random
//! edits, undos and redos on a generated document, the file holds exactly the document on
//! screen, and undoing everything gives back the document as generated.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use peilstok::app::{AppState, CellAddress, Command, Settings, StartWith};
use peilstok::generate::{GenerateOptions, SplitMix64, generate};
use peilstok::model::{Better, Column, Document, IndicatorId, ValueKind};
use peilstok::store::Store;

fn stored(path: &Path) -> Document {
    Store::open(path).unwrap().load().unwrap()
}

fn pick<'a, T>(random: &mut SplitMix64, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    items.get(usize::try_from(random.below(items.len() as u64)).unwrap())
}

/// A random command of the kinds a person gives while keeping the figures.
fn random_command(random: &mut SplitMix64, document: &Document, step: usize) -> Command {
    let ids: Vec<(IndicatorId, String)> = document
        .indicators()
        .map(|(programme, goal, indicator)| {
            (
                IndicatorId {
                    programme: programme.name.clone(),
                    code: indicator.code.clone(),
                },
                goal.code.clone(),
            )
        })
        .collect();
    let Some((id, goal)) = pick(random, &ids).cloned() else {
        return Command::Undo;
    };
    let indicator = document.indicator(&id).unwrap();
    let columns = document.columns();
    let rows = indicator.value_rows();
    let address = |random: &mut SplitMix64| CellAddress {
        indicator: id.clone(),
        series: pick(random, &rows).cloned().unwrap_or_default(),
        column: pick(random, &columns)
            .copied()
            .unwrap_or(Column::new(ValueKind::Realised, 2025)),
    };
    match random.below(100) {
        0..=29 => {
            let typed = [
                "12,5",
                "NB",
                "n.n.b.",
                "-",
                "1.234",
                "68,6%",
                "N.v.t.",
                "geen getal",
            ];
            Command::EditCell {
                cell: address(random),
                text: pick(random, &typed).unwrap().to_string(),
            }
        }
        30..=44 => Command::Undo,
        45..=52 => Command::Redo,
        53..=57 => Command::AcceptCell(address(random)),
        58..=62 => {
            let cell = address(random);
            let sources: Vec<String> = indicator
                .candidates(&cell.series, cell.column)
                .iter()
                .map(|candidate| candidate.source.clone())
                .collect();
            match pick(random, &sources) {
                Some(source) => Command::ChooseSource {
                    cell,
                    source: source.clone(),
                },
                None => Command::AcceptCell(cell),
            }
        }
        63..=69 => Command::EditIndicator {
            indicator: id,
            name: format!("Hernoemd {step}"),
            unit: pick(random, &["%", "aantal", ""]).unwrap().to_string(),
            better: *pick(random, &[None, Some(Better::Higher), Some(Better::Lower)]).unwrap(),
        },
        70..=74 => Command::AddSeries {
            indicator: id,
            name: format!("Deelreeks {}", random.below(3)),
        },
        75..=78 => match indicator.series.first() {
            Some(name) => Command::RemoveSeries {
                indicator: id,
                name: name.clone(),
            },
            None => Command::Undo,
        },
        79..=83 => Command::AddIndicator {
            programme: id.programme,
            code: format!("{goal}.9.{step}"),
            goal,
            name: format!("Nieuw {step}"),
            unit: "aantal".into(),
        },
        84..=87 => Command::RemoveIndicator(id),
        88..=91 => Command::EditFootnote {
            source: document.sources[0].key.clone(),
            number: u32::try_from(1 + random.below(6)).unwrap(),
            text: format!("Noot bij stap {step}"),
        },
        92..=93 => Command::AddColumn(Column::new(
            ValueKind::Forecast,
            2020 + i32::try_from(random.below(10)).unwrap(),
        )),
        94..=95 => match pick(random, &columns) {
            Some(column) => Command::RemoveColumn(*column),
            None => Command::Undo,
        },
        96 => Command::NewBudgetYear,
        _ => Command::Redo,
    }
}

#[test]
fn a_thousand_edits_and_undos_leave_the_file_equal_to_the_document_on_screen() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("landelijk.peilstok");
    let generated = generate(&GenerateOptions {
        programmes: 3,
        indicators: 20,
        years: 5,
        ..GenerateOptions::default()
    });
    Store::create(&path, &generated).unwrap();
    let mut state = AppState::new(Settings::default(), StartWith::File(path.clone())).unwrap();
    state.finish_work();
    assert_eq!(*state.document(), generated);

    let mut random = SplitMix64(2026);
    let mut path = path;
    let mut changes = 0;
    for step in 0..1000 {
        let before = state.generation();
        let command = random_command(&mut random, state.document(), step);
        state.handle(command);
        changes += usize::from(state.generation() != before);
        if step == 500 {
            // Save As halfway: the edits go on in the new file.
            path = directory.path().join("kopie.peilstok");
            state.handle(Command::SaveAs(path.clone()));
            state.finish_work();
            assert_eq!(state.path(), Some(path.as_path()));
        }
        if step % 100 == 99 {
            assert_eq!(stored(&path), *state.document(), "after step {step}");
        }
    }
    assert!(
        changes > 500,
        "only {changes} of 1000 commands changed something"
    );
    assert_eq!(stored(&path), *state.document());

    // Undo all the way back: the document as generated, on screen and in the file.
    while state.undo_label().is_some() {
        state.handle(Command::Undo);
    }
    assert_eq!(*state.document(), generated);
    assert_eq!(stored(&path), generated);
    // And forward again to where it was.
    while state.redo_label().is_some() {
        state.handle(Command::Redo);
    }
    assert_eq!(stored(&path), *state.document());
}

#[test]
fn an_edit_writes_only_the_rows_it_touches() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("landelijk.peilstok");
    let generated = generate(&GenerateOptions {
        programmes: 2,
        indicators: 10,
        years: 3,
        ..GenerateOptions::default()
    });
    Store::create(&path, &generated).unwrap();
    // Triggers count every write to the cell table, whoever makes it. They go in before the
    // window opens the file: added while it is open, they are another program's change, and the
    // window's first edit would (rightly) be refused and the file read again.
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute_batch(
            "CREATE TABLE writes (kind TEXT);
             CREATE TRIGGER counted_insert AFTER INSERT ON cell
                 BEGIN INSERT INTO writes VALUES ('insert'); END;
             CREATE TRIGGER counted_update AFTER UPDATE ON cell
                 BEGIN INSERT INTO writes VALUES ('update'); END;
             CREATE TRIGGER counted_delete AFTER DELETE ON cell
                 BEGIN INSERT INTO writes VALUES ('delete'); END;",
        )
        .unwrap();
    let writes = |connection: &rusqlite::Connection| -> Vec<String> {
        let mut statement = connection
            .prepare("SELECT kind FROM writes ORDER BY rowid")
            .unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let mut state = AppState::new(Settings::default(), StartWith::File(path.clone())).unwrap();
    state.finish_work();
    let (programme, _, indicator) = generated.indicators().nth(4).unwrap();
    let id = IndicatorId {
        programme: programme.name.clone(),
        code: indicator.code.clone(),
    };
    let cell = &indicator.cells[0];
    state.handle(Command::EditCell {
        cell: CellAddress {
            indicator: id,
            series: cell.series.clone(),
            column: cell.column,
        },
        text: "NB".into(),
    });
    assert_eq!(state.message, None);
    // The typed value is a cell of its own (the printed one stays on record): one insert,
    // where a rewrite would touch every cell. Undo takes that one cell out again.
    assert!(!cell.chosen);
    assert_eq!(writes(&connection), ["insert"]);
    state.handle(Command::Undo);
    assert_eq!(writes(&connection), ["insert", "delete"]);
}
