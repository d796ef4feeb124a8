//! Peilstok's executable: everything lives in the library; see `peilstok --help`.
//!
//! On Windows the program is a window program (no console pops up beside the window); started
//! from a terminal for a command (`peilstok info …`), it attaches to that terminal's console so
//! that what it prints is seen.

#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    windows_console::attach_to_parent();
    say_panics_in_plain_words();
    peilstok::cli::main()
}

/// Should Peilstok still panic (a defect), says so in plain words on standard error instead of
/// Rust's message for programmers. The hook only prints: it writes no file, so nothing the user
/// has is touched. An export is put in place only when whole (`files::write_atomically`), and
/// every change is in the document (or an untitled one's recovery copy) as it is made. In the
/// window, a panic on a work thread ends that work alone: the window says the work stopped and
/// goes on with its state as it was.
fn say_panics_in_plain_words() {
    std::panic::set_hook(Box::new(|panic| {
        // A reader of hostile bytes that Peilstok does not own stopped inside its shield: the
        // file is refused in words by the caller, and this is no defect to report.
        if peilstok::shield::shielded() {
            return;
        }
        let payload = panic.payload();
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no reason given");
        let place = panic
            .location()
            .map(|location| format!(" ({}:{})", location.file(), location.line()))
            .unwrap_or_default();
        eprintln!(
            "peilstok: an internal error stopped this work: {what}{place}. This is a defect in \
             Peilstok; please report it. No file was written over: an unfinished export is not \
             put in place, and the document keeps every change made before."
        );
    }));
}

#[cfg(windows)]
#[allow(unsafe_code)]
mod windows_console {
    /// `ATTACH_PARENT_PROCESS` of the Windows API.
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }

    /// Writes to the console of the terminal that started the program, if any. Started by a
    /// double click there is none, and nothing happens.
    pub fn attach_to_parent() {
        // SAFETY: AttachConsole takes a process id by value and touches no memory of ours; it
        // fails harmlessly when there is no parent console or one is attached already.
        unsafe {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}
