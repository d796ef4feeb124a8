//! Helpers shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::path::{Path, PathBuf};

pub mod large_inputs;

/// The seed text whose file name starts with `prefix` (`"002_"`), from `tests/fixtures/seeds`
/// (copies of the texts the project started from, kept here so that a clone stands alone).
pub fn seed_path(prefix: &str) -> PathBuf {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no seed {prefix}* in {}", directory.display()))
}

/// What a bounded run of the binary gave.
#[derive(Debug)]
pub struct Bounded {
    /// The exit code; `None` when killed (by the time bound, or by a signal such as an abort).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: std::time::Duration,
}

/// The address space a bounded run may use, in KiB: 500 MiB, the bound issue 14 sets. Virtual
/// memory is at least what is resident, so staying under it proves the resident bound.
pub const MEMORY_BOUND_KIB: u64 = 500 * 1024;

/// A command that runs `program` within `MEMORY_BOUND_KIB` of address space: on Unix through
/// `sh -c 'ulimit -v …; exec …'`, elsewhere unbounded.
pub fn memory_bounded(program: &Path) -> std::process::Command {
    if cfg!(unix) {
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -v {MEMORY_BOUND_KIB}; exec \"$0\" \"$@\""))
            .arg(program);
        command
    } else {
        std::process::Command::new(program)
    }
}

/// Runs `peilstok` with `args` in `directory` within `MEMORY_BOUND_KIB` of memory (on Unix, by
/// `ulimit -v`) and `seconds` of time (killed after): an allocation past the bound aborts the
/// run, which then fails the caller's check of the exit code.
pub fn run_bounded(directory: &Path, args: &[&std::ffi::OsStr], seconds: u64) -> Bounded {
    use std::io::Read;
    use std::process::Stdio;
    let mut command = memory_bounded(Path::new(env!("CARGO_BIN_EXE_peilstok")));
    let started = std::time::Instant::now();
    let mut child = command
        .args(args)
        .current_dir(directory)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes on threads, so a chatty run cannot block on a full pipe.
    let mut stdout_pipe = child.stdout.take().unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let stdout_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout_pipe.read_to_string(&mut text);
        text
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let deadline = started + std::time::Duration::from_secs(seconds);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Bounded {
        code: status.and_then(|status| status.code()),
        stdout: stdout_reader.join().unwrap(),
        stderr: stderr_reader.join().unwrap(),
        elapsed: started.elapsed(),
    }
}
