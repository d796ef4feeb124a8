//! `kill -9` at random moments never leaves a document half-changed (issue 14).
//!
//! Three kinds of work are killed: an import into an existing document, an import that creates
//! a document, and a window's session of typed values with a Save As halfway (driven through
//! `AppState`, as the window drives it, in a child process: this test binary run again with
//! `PEILSTOK_KILL_WORKER` set). After each kill the file must pass SQLite's `integrity_check`,
//! Peilstok must open it, and it must hold exactly one of the states the work passes through:
//! before or after an import, after some whole number of typed values; never a mix.
//!
//! The moments are spread over the work's own length, measured first, from a fixed seed
//! (`PEILSTOK_KILL_SEED` to try others).
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use peilstok::app::{AppState, CellAddress, Command as AppCommand, Settings, StartWith};
use peilstok::generate::{GenerateOptions, generate};
use peilstok::model::{Column, Document, IndicatorId, ValueKind};
use peilstok::store::Store;

/// Kills of each kind: runs go on until this many were killed mid-way (a run that ends before
/// its moment is checked all the same, but not counted). 220 in all.
const KILLS_IMPORT: usize = 80;
const KILLS_CREATE: usize = 30;
const KILLS_SESSION: usize = 110;
/// A bound on the runs, should the machine be so slow that the moments mostly come too late.
const MOST_RUNS: usize = 1000;

/// Typed values in a session; Save As after half of them.
const SESSION_EDITS: usize = 120;

/// A small random number source (SplitMix64), so a failing moment can be found again.
struct Moments(u64);

impl Moments {
    fn new() -> Moments {
        let seed = std::env::var("PEILSTOK_KILL_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or(0x5045_494c);
        Moments(seed)
    }

    /// A moment between nothing and `span`, uniformly.
    fn within(&mut self, span: Duration) -> Duration {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let micros = u64::try_from(span.as_micros()).unwrap_or(u64::MAX).max(1);
        Duration::from_micros(z % micros)
    }
}

fn document(seed: u64) -> Document {
    generate(&GenerateOptions {
        programmes: 1,
        indicators: 400,
        years: 6,
        sources: 2,
        missing_rate: 0.1,
        seed,
    })
}

fn load(path: &Path) -> Document {
    let connection = rusqlite::Connection::open(path).unwrap();
    let verdict: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(verdict, "ok", "{}", path.display());
    drop(connection);
    Store::open_document(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .1
}

fn peilstok_import(directory: &Path, input: &Path, into: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_peilstok"));
    command
        .args(["import"])
        .arg(input)
        .arg("--into")
        .arg(into)
        .args(["--renamed", "same"])
        .current_dir(directory)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Starts `command`, kills it (SIGKILL) after `after` unless it ended first.
fn kill_after(mut command: Command, after: Duration) -> bool {
    let mut child: Child = command.spawn().unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if started.elapsed() >= after {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// How long `command` takes when left alone.
fn duration_of(mut command: Command) -> Duration {
    let started = Instant::now();
    assert!(command.status().unwrap().success());
    started.elapsed()
}

#[test]
fn killed_imports_leave_the_document_before_or_after() {
    let directory = tempfile::tempdir().unwrap();
    let here = directory.path();
    let base = here.join("base.peilstok");
    Store::create(&base, &document(1)).unwrap();
    let input = here.join("import.csv");
    let mut bytes = Vec::new();
    peilstok::formats::long_csv::write(&document(2), &mut bytes).unwrap();
    std::fs::write(&input, bytes).unwrap();

    // After: the import left alone, into an existing document and into a new one.
    let after = here.join("after.peilstok");
    std::fs::copy(&base, &after).unwrap();
    let span = duration_of(peilstok_import(here, &input, &after));
    let (before, after) = (load(&base), load(&after));
    assert_ne!(before, after);
    let created = here.join("created.peilstok");
    let create_span = duration_of(peilstok_import(here, &input, &created));
    let created = load(&created);

    let mut moments = Moments::new();
    let mut killed = 0;
    let mut outcomes = [0_usize; 2];
    let mut round = 0;
    while killed < KILLS_IMPORT && round < MOST_RUNS {
        round += 1;
        let target = here.join(format!("import{round}.peilstok"));
        std::fs::copy(&base, &target).unwrap();
        killed += usize::from(kill_after(
            peilstok_import(here, &input, &target),
            // Past the run's usual end too: the commit is the last thing an import does, and
            // some moments must find it done (after) or finishing.
            moments.within(span * 12 / 10),
        ));
        let found = load(&target);
        if found == before {
            outcomes[0] += 1;
        } else if found == after {
            outcomes[1] += 1;
        } else {
            panic!("round {round}: neither before nor after the import");
        }
        std::fs::remove_file(&target).unwrap();
    }
    eprintln!(
        "imports: {killed} killed; before {}, after {}",
        outcomes[0], outcomes[1]
    );
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");

    let mut created_kills = 0;
    let mut round = 0;
    while created_kills < KILLS_CREATE && round < MOST_RUNS {
        round += 1;
        let target = here.join(format!("new{round}.peilstok"));
        created_kills += usize::from(kill_after(
            peilstok_import(here, &input, &target),
            moments.within(create_span * 12 / 10),
        ));
        // No document, or the whole of it.
        if target.exists() {
            assert_eq!(load(&target), created, "round {round}");
        }
    }
    eprintln!("creations: {created_kills} killed");
    assert_eq!((killed, created_kills), (KILLS_IMPORT, KILLS_CREATE));
    // What a killed creation leaves is a temporary file named for the document, never a
    // half-written document under the document's own name.
    for entry in std::fs::read_dir(here).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains("tmp") || name.contains(".peilstok.peilstok-tmp-"),
            "{name}"
        );
    }
}

/// The cell the `step`th typed value goes into, and the value.
fn typed(document: &Document, step: usize) -> AppCommand {
    let (programme, _, indicator) = document
        .indicators()
        .nth(step * 7 % document.indicators().count())
        .unwrap();
    AppCommand::EditCell {
        cell: CellAddress {
            indicator: IndicatorId {
                programme: programme.name.clone(),
                code: indicator.code.clone(),
            },
            series: String::new(),
            column: Column::new(ValueKind::Realised, 2025),
        },
        text: format!("{},{}", 1000 + step, step % 10),
    }
}

/// The session, as the window runs it: `SESSION_EDITS` typed values into `first`, with a Save
/// As to `second` after half of them. `each` sees the document after every step.
fn session(first: &Path, second: &Path, mut each: impl FnMut(usize, &Document)) {
    let mut state =
        AppState::new(Settings::default(), StartWith::File(first.to_path_buf())).unwrap();
    state.finish_work();
    let start = state.document().clone();
    each(0, state.document());
    for step in 0..SESSION_EDITS {
        if step == SESSION_EDITS / 2 {
            state.handle(AppCommand::SaveAs(second.to_path_buf()));
            state.finish_work();
            assert_eq!(state.path(), Some(second));
        }
        state.handle(typed(&start, step));
        assert!(
            !matches!(state.message, Some(peilstok::app::Message::Error(_))),
            "{:?}",
            state.message
        );
        each(step + 1, state.document());
    }
}

/// The child's side: runs the session named by `PEILSTOK_KILL_WORKER` ("FIRST|SECOND"), to be
/// killed; does nothing in a normal test run.
#[test]
fn session_worker() {
    let Ok(job) = std::env::var("PEILSTOK_KILL_WORKER") else {
        return;
    };
    let (first, second) = job.split_once('|').unwrap();
    session(Path::new(first), Path::new(second), |_, _| {});
}

fn worker(first: &Path, second: &Path) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["session_worker", "--exact", "--test-threads=1"])
        .env(
            "PEILSTOK_KILL_WORKER",
            format!("{}|{}", first.display(), second.display()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn killed_sessions_leave_whole_typed_values_and_whole_copies() {
    let directory = tempfile::tempdir().unwrap();
    let here = directory.path();
    let base = here.join("session.peilstok");
    Store::create(&base, &document(3)).unwrap();

    // Every state the session passes through, in order.
    let (first, second) = (here.join("first.peilstok"), here.join("second.peilstok"));
    std::fs::copy(&base, &first).unwrap();
    let mut states: Vec<Document> = Vec::new();
    session(&first, &second, |_, document| states.push(document.clone()));
    let saved_at = SESSION_EDITS / 2;
    std::fs::copy(&base, &first).unwrap();
    let _ = std::fs::remove_file(&second);
    let span = duration_of(worker(&first, &second));

    let mut moments = Moments::new();
    let mut killed = 0;
    let mut reached = Vec::new();
    let mut round = 0;
    while killed < KILLS_SESSION && round < MOST_RUNS {
        round += 1;
        let first = here.join(format!("first{round}.peilstok"));
        let second: PathBuf = here.join(format!("second{round}.peilstok"));
        std::fs::copy(&base, &first).unwrap();
        killed += usize::from(kill_after(
            worker(&first, &second),
            moments.within(span * 9 / 10),
        ));
        // The first file holds the values typed before the Save As, a whole number of them.
        let found = load(&first);
        let step = states[..=saved_at]
            .iter()
            .position(|state| *state == found)
            .unwrap_or_else(|| panic!("round {round}: the first file is no state of the session"));
        // The copy is there whole, or not at all; then the values typed into it.
        if second.exists() {
            assert_eq!(step, saved_at, "round {round}: saved after the first half");
            let found = load(&second);
            let later = states[saved_at..]
                .iter()
                .position(|state| *state == found)
                .unwrap_or_else(|| panic!("round {round}: the copy is no state of the session"));
            reached.push(saved_at + later);
        } else {
            reached.push(step);
        }
    }
    eprintln!("sessions: {killed} killed; steps reached {reached:?}");
    assert_eq!(killed, KILLS_SESSION);
    assert!(
        reached.iter().any(|step| *step > 0 && *step < saved_at)
            && reached.iter().any(|step| *step > saved_at),
        "kills landed before and after the Save As: {reached:?}"
    );
}
