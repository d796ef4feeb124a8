//! Handing a PDF to the operating system's print path, and saying what happened.
//!
//! Windows: the print verb of the program that opens PDFs (via PowerShell's `Start-Process
//! -Verb Print`). Linux and macOS: CUPS `lp` to the default printer when the scheduler runs;
//! otherwise the PDF opens in the default viewer (`xdg-open`, `open`) to be printed from there.
//! The branches are chosen at run time, so every one of them is compiled on every platform.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What became of a print request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Printed {
    /// CUPS took the PDF for the default printer; its reply ("request id is …").
    Queued(String),
    /// Windows' print verb was given the PDF; its program prints it.
    ShellPrint,
    /// No printer could take it directly: the PDF is open in the default viewer, to print from
    /// there. Says why, when the print system gave a reason.
    OpenedInViewer(Option<String>),
}

/// Why a print request failed.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// Neither a print system nor a PDF viewer was found.
    #[error(
        "no way to print was found: no print system (CUPS `lp`) and no program to open PDFs ({viewer}); the PDF is at {}",
        pdf.display()
    )]
    NoPrintPath {
        /// The viewer command that was tried.
        viewer: &'static str,
        /// The PDF, which stays for printing by hand.
        pdf: PathBuf,
    },
    /// The PDF could not be written where the print path can read it.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// Where it was to go.
        path: PathBuf,
        /// Why it could not.
        #[source]
        source: std::io::Error,
    },
    /// A program of the print path failed.
    #[error("{program} failed: {reason}")]
    Failed {
        /// The program.
        program: &'static str,
        /// What it said.
        reason: String,
    },
}

/// How a PDF file reaches paper: [`print_pdf`], the operating system's print path, or a stand-in
/// (a test's printer that refuses, say).
pub type PrintPath = std::sync::Arc<dyn Fn(&Path) -> Result<Printed, PrintError> + Send + Sync>;

/// The operating system's print path ([`print_pdf`]).
pub fn system_print_path() -> PrintPath {
    std::sync::Arc::new(print_pdf)
}

/// Writes `pdf` to a file of its own for `document_name` (see [`print_file_path`]) and hands it
/// to the operating system's print path; what became of it, and where the PDF is.
pub fn print_report(pdf: &[u8], document_name: &str) -> Result<(Printed, PathBuf), PrintError> {
    print_report_by(pdf, document_name, &print_pdf)
}

/// [`print_report`] by the given print path.
pub fn print_report_by(
    pdf: &[u8],
    document_name: &str,
    print: &dyn Fn(&Path) -> Result<Printed, PrintError>,
) -> Result<(Printed, PathBuf), PrintError> {
    let path = print_file_path(document_name);
    let write = |path: &Path| -> std::io::Result<()> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(path, pdf)
    };
    write(&path).map_err(|source| PrintError::Write {
        path: path.clone(),
        source,
    })?;
    print(&path).map(|printed| (printed, path))
}

/// Hands the PDF at `pdf` to the operating system's print path.
pub fn print_pdf(pdf: &Path) -> Result<Printed, PrintError> {
    if cfg!(windows) {
        return windows_print_verb(pdf);
    }
    let mut lp_refusal = None;
    if cups_is_running() {
        match run("lp", Command::new("lp").arg("--").arg(pdf)) {
            Ok(reply) => return Ok(Printed::Queued(reply)),
            // No default printer, say: the viewer's own print dialog lets the user choose one.
            Err(PrintError::Failed { reason, .. }) => lp_refusal = Some(reason),
            Err(other) => return Err(other),
        }
    }
    let viewer = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    match Command::new(viewer).arg(pdf).status() {
        Ok(status) if status.success() => Ok(Printed::OpenedInViewer(lp_refusal)),
        Ok(status) => Err(PrintError::Failed {
            program: viewer,
            reason: format!("{status}"),
        }),
        Err(_) => Err(PrintError::NoPrintPath {
            viewer,
            pdf: pdf.to_path_buf(),
        }),
    }
}

/// Whether the CUPS scheduler answers (`lpstat -r`, read in the C locale).
fn cups_is_running() -> bool {
    Command::new("lpstat")
        .arg("-r")
        .env("LC_ALL", "C")
        .output()
        .is_ok_and(|output| {
            output.status.success()
                && String::from_utf8_lossy(&output.stdout).contains("scheduler is running")
        })
}

fn windows_print_verb(pdf: &Path) -> Result<Printed, PrintError> {
    // PowerShell quotes by doubling single quotes.
    let quoted = pdf.display().to_string().replace('\'', "''");
    run(
        "powershell",
        Command::new("powershell").args([
            "-NoProfile",
            "-NonInteractive",
            "-Command",
            &format!("Start-Process -FilePath '{quoted}' -Verb Print"),
        ]),
    )
    .map(|_| Printed::ShellPrint)
}

/// Runs `command`; its standard output on success, its complaint otherwise.
fn run(program: &'static str, command: &mut Command) -> Result<String, PrintError> {
    let output = command.output().map_err(|error| PrintError::Failed {
        program,
        reason: error.to_string(),
    })?;
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if output.status.success() {
        Ok(stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(PrintError::Failed {
            program,
            reason: if stderr.is_empty() { stdout } else { stderr },
        })
    }
}

/// Where a PDF to print is written: a file of its own in the temporary folder, kept so that a
/// viewer or a spooler can still read it after Peilstok is done.
pub fn print_file_path(document_name: &str) -> PathBuf {
    let stem: String = document_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis());
    std::env::temp_dir()
        .join("peilstok-print")
        .join(format!("{stem}-{stamp}.pdf"))
}
