//! Peilstok's executable: everything lives in the library; see `peilstok --help`.
//!
//! On Windows the program is a window program (no console pops up beside the window); started
//! from a terminal for a command (`peilstok info …`), it attaches to that terminal's console so
//! that what it prints is seen.

#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    windows_console::attach_to_parent();
    peilstok::cli::main()
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
