//! Peilstok at national scale: a generated document of about half a million values (342
//! programmes × 60 indicators × 12 years × realised and budgeted), as `peilstok generate`
//! writes it. Opening it, one frame of the window, one edit and one undo, and for comparison
//! the `sqlite3` shell reading every row of the same file (docs/performance.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use peilstok::app::{AppState, CellAddress, Command, Settings, StartWith};
use peilstok::generate::{GenerateOptions, generate, value_count};
use peilstok::model::IndicatorId;
use peilstok::store::Store;
use peilstok::ui::{NoDialogs, PeilstokApp};

/// The national document, written once per run.
fn national_document(directory: &Path) -> PathBuf {
    let path = directory.join("landelijk.peilstok");
    let document = generate(&GenerateOptions {
        programmes: 342,
        indicators: 60,
        years: 12,
        ..GenerateOptions::default()
    });
    eprintln!(
        "national document: {} indicators, {} values",
        document.indicators().count(),
        value_count(&document)
    );
    Store::create(&path, &document).unwrap();
    path
}

/// The window on `path`, with a mid-document indicator selected (its row in the table, its
/// plot under it).
fn window_on(path: &Path) -> Harness<'static, PeilstokApp> {
    let path = path.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_eframe(move |cc| {
            PeilstokApp::new(
                &cc.egui_ctx,
                Settings::default(),
                StartWith::File(path),
                Box::new(NoDialogs),
            )
            .unwrap()
        });
    // The document is read on a thread; the first complete frame is the one after it arrived.
    while harness.state().state().busy().is_some() {
        std::thread::sleep(Duration::from_millis(1));
        harness.step();
    }
    harness.run_steps(2);
    harness
}

fn scale(c: &mut Criterion) {
    let directory = tempfile::tempdir().unwrap();
    let path = national_document(directory.path());
    let mut group = c.benchmark_group("national document (0.5 M values)");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));

    group.bench_function("open: read every row into the document", |b| {
        b.iter(|| Store::open_document(black_box(&path)).unwrap())
    });
    // The yardstick: SQLite's own shell reading every row of the same file to /dev/null.
    if Process::new("sqlite3").arg("-version").output().is_ok() {
        group.bench_function("sqlite3 shell: read every row", |b| {
            b.iter(|| {
                let status = Process::new("sqlite3")
                    .arg(&path)
                    .arg(
                        "SELECT * FROM source; SELECT * FROM footnote; SELECT * FROM programme; \
                         SELECT * FROM goal; SELECT * FROM indicator; SELECT * FROM series; \
                         SELECT * FROM cell;",
                    )
                    .stdout(std::process::Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success());
            })
        });
    } else {
        eprintln!("no sqlite3 shell on this machine: its figure is left out");
    }
    group.bench_function("open to the first complete frame (window, headless)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                let harness = window_on(&path);
                total += start.elapsed();
                drop(harness);
            }
            total
        })
    });

    let mut harness = window_on(&path);
    let document = harness.state().state().document().clone();
    let (programme, _, indicator) = document.indicators().nth(10_000).unwrap();
    let id = IndicatorId {
        programme: programme.name.clone(),
        code: indicator.code.clone(),
    };
    harness
        .state_mut()
        .handle(Command::SelectIndicator(Some(id.clone())));
    harness.run_steps(2);
    group.bench_function("one frame of table and plot (kittest, headless)", |b| {
        b.iter(|| harness.step())
    });
    drop(harness);

    let mut state = AppState::new(Settings::default(), StartWith::File(path.clone())).unwrap();
    state.finish_work();
    let cell = &indicator.cells[0];
    let address = CellAddress {
        indicator: id,
        series: cell.series.clone(),
        column: cell.column,
    };
    // The first typed value also adds the source of typed values, and its undo takes that
    // source away again: SQLite then checks every cell for a reference to it (see
    // docs/performance.md). Typed once beforehand, the figures are those of every later edit.
    let (programme, _, other) = document.indicators().nth(20).unwrap();
    state.handle(Command::EditCell {
        cell: CellAddress {
            indicator: IndicatorId {
                programme: programme.name.clone(),
                code: other.code.clone(),
            },
            series: other.cells[0].series.clone(),
            column: other.cells[0].column,
        },
        text: "1".into(),
    });
    let mut typed = 0u64;
    group.bench_function("one edit, command to stored", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                typed += 1;
                let edit = Command::EditCell {
                    cell: address.clone(),
                    text: format!("{typed},5"),
                };
                let start = Instant::now();
                state.handle(edit);
                total += start.elapsed();
                state.handle(Command::Undo);
            }
            total
        })
    });
    group.bench_function("one undo, command to stored", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                typed += 1;
                state.handle(Command::EditCell {
                    cell: address.clone(),
                    text: format!("{typed},5"),
                });
                let start = Instant::now();
                state.handle(Command::Undo);
                total += start.elapsed();
            }
            total
        })
    });
    assert_eq!(state.message, None, "the edits were refused");
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
