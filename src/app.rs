//! The application state and the one place where every user action is handled.
//!
//! The window (and the tests) send [`Command`]s; [`AppState::handle`] carries each out. A command
//! that changes data is one transaction in the [`Store`]; the [`Document`] snapshot the window
//! draws from is re-read after it, never per frame. Errors end here, once, as words for the user.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use std::sync::mpsc;

use crate::chart::svg::{ChartSize, Drawing, chart_svg};
use crate::chart::{ChartKind, TrendChart};
use crate::export;
use crate::export::report::{Paper, Progress, ReportOptions, report_pdf};
use crate::i18n::Language;
use crate::import::{self, Import, ImportedFile};
use crate::model::{Cell, Column, Document, Indicator, IndicatorId};
use crate::numbers::parse_user_value;
use crate::print::{Printed, print_file_path, print_pdf};
use crate::sample::sample_document;
use crate::store::{EXTENSION, Store};

/// Everything the user can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start an empty untitled document.
    NewDocument,
    /// Open the bundled sample as an untitled document.
    OpenSample,
    /// Open the document at a path.
    Open(PathBuf),
    /// Write the document to a path and continue there.
    SaveAs(PathBuf),
    /// Select an indicator (or none) for the trend plot.
    SelectIndicator(Option<IndicatorId>),
    /// Change the filter of the indicator list.
    SetFilter(String),
    /// Switch the language of the interface.
    SetLanguage(Language),
    /// Close the message bar.
    DismissMessage,
    /// Leave the application.
    Quit,
    /// Read a budget text (`.txt`) for review, or add a long CSV (`.csv`) at once.
    ImportFile(PathBuf),
    /// Read pasted budget text for review.
    ImportText {
        /// The text.
        text: String,
        /// What to call its source ("plakken" when pasted).
        file_name: String,
    },
    /// Decide a flagged cell of the import under review.
    ResolveCell {
        /// Which cell.
        cell: CellRef,
        /// Keep the reading, or replace it by what the person typed.
        resolution: Resolution,
    },
    /// Add the reviewed import to the document, in one transaction.
    ConfirmImport,
    /// Drop the import under review.
    CancelImport,
    /// Write the selected indicator's chart to a file: `.svg`, `.png` or `.pdf`.
    ExportChart(PathBuf),
    /// Draw the trend as lines or as bars, on screen and in chart exports.
    SetChartKind(ChartKind),
    /// Write the report of the document as a PDF.
    ExportReport {
        /// Where.
        path: PathBuf,
        /// What it shows, how, on what paper.
        options: ReportOptions,
    },
    /// Make the report as a PDF and hand it to the operating system's print path.
    PrintReport(ReportOptions),
}

/// A cell of the import under review.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CellRef {
    /// Indicator code.
    pub code: String,
    /// Sub-series ("" for the indicator itself).
    pub series: String,
    /// Column.
    pub column: Column,
}

/// What a person decides about a flagged cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The reading is right: keep it and clear the flag.
    Accept,
    /// The cell holds this instead (Dutch notation or a marker, as typed).
    Value(String),
}

/// An import waiting for a person's review.
#[derive(Clone, Debug)]
pub struct PendingImport {
    /// The text as read.
    pub text: String,
    /// What the importer found, with the lines it came from.
    pub import: Import,
    /// What will be added: the importer's reading with the person's decisions.
    pub draft: Document,
}

impl PendingImport {
    /// The cells still flagged, in document order.
    pub fn flagged(&self) -> Vec<(&Indicator, &Cell)> {
        self.draft
            .indicators()
            .flat_map(|(_, _, indicator)| {
                indicator
                    .cells
                    .iter()
                    .filter(|cell| cell.review.is_some())
                    .map(move |cell| (indicator, cell))
            })
            .collect()
    }

    /// The text lines an indicator was read from.
    pub fn lines_of(&self, code: &str) -> Option<std::ops::Range<usize>> {
        self.import.tables.iter().find_map(|table| {
            table
                .indicators
                .iter()
                .position(|indicator| indicator.code == code)
                .and_then(|index| table.indicator_lines.get(index).cloned())
        })
    }

    fn cell_mut(&mut self, reference: &CellRef) -> Option<&mut Cell> {
        self.draft
            .programmes
            .iter_mut()
            .flat_map(|programme| programme.goals.iter_mut())
            .flat_map(|goal| goal.indicators.iter_mut())
            .find(|indicator| indicator.code == reference.code)?
            .cells
            .iter_mut()
            .find(|cell| cell.series == reference.series && cell.column == reference.column)
    }
}

/// What long work on its own thread delivers.
enum JobOutcome {
    /// A file read for import.
    Imported(ImportedFile),
    /// A chart or report written to a file.
    Exported {
        /// The file.
        path: PathBuf,
        /// What to say: "Grafiek opgeslagen als" or "Rapport opgeslagen als".
        done: &'static str,
    },
    /// A report PDF written to this file and handed to the print path.
    Printed(Printed, PathBuf),
}

/// What long work tells the window.
enum JobEvent {
    /// How far it has come.
    Progress(Progress),
    /// It is done.
    Finished(Result<JobOutcome, String>),
}

/// Long work running on its own thread.
struct Job {
    doing: &'static str,
    what: String,
    failure_heading: &'static str,
    events: mpsc::Receiver<JobEvent>,
    progress: Option<Progress>,
}

/// What the window says while long work runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobStatus<'a> {
    /// "Bezig met inlezen:", "Bezig met exporteren:" …
    pub doing: &'static str,
    /// The file or text it works on.
    pub what: &'a str,
    /// How far it has come, when it can tell.
    pub progress: Option<Progress>,
}

/// Settings that outlive a session (stored by the window's persistence).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The interface language.
    pub language: Language,
    /// Recently opened or saved documents, newest first.
    pub recent_files: Vec<PathBuf>,
    /// The trend on screen: lines or bars.
    pub chart_kind: ChartKind,
    /// The report's paper, as last chosen.
    pub report_paper: Paper,
    /// The report's charts, as last chosen.
    pub report_kind: ChartKind,
}

/// How many recent files the File menu keeps.
pub const RECENT_FILES_KEPT: usize = 8;

/// A message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// Something failed; the text says what, in words.
    Error(String),
    /// Something worked that the user should know about.
    Info(String),
}

/// What the window shows and the commands change.
pub struct AppState {
    store: Store,
    document: Document,
    /// Counts document replacements and changes, so views know when to rebuild.
    generation: u64,
    is_sample: bool,
    /// The indicator whose trend is shown.
    pub selected: Option<IndicatorId>,
    /// The filter text of the indicator list.
    pub filter: String,
    /// Persistent settings.
    pub settings: Settings,
    /// The message bar, if any.
    pub message: Option<Message>,
    /// Set when the user asked to quit; the window closes itself.
    pub quit_requested: bool,
    /// The import under review, if any.
    pub pending_import: Option<PendingImport>,
    job: Option<Job>,
}

/// Which document the application starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartWith {
    /// The bundled sample.
    Sample,
    /// A document file.
    File(PathBuf),
}

impl AppState {
    /// The state at start-up. A document that cannot be opened leaves an empty document and the
    /// reason in the message bar (the window still opens). Fails only when no document at all can
    /// be held (SQLite cannot make an in-memory database).
    pub fn new(settings: Settings, start: StartWith) -> anyhow::Result<Self> {
        let mut state = AppState {
            store: Store::new_untitled()?,
            document: Document::default(),
            generation: 0,
            is_sample: false,
            selected: None,
            filter: String::new(),
            settings,
            message: None,
            quit_requested: false,
            pending_import: None,
            job: None,
        };
        let command = match start {
            StartWith::Sample => Command::OpenSample,
            // A budget text or long CSV given to open: a new document, with the file to import.
            StartWith::File(path) if !is_document_path(&path) => Command::ImportFile(path),
            StartWith::File(path) => Command::Open(path),
        };
        state.handle(command);
        Ok(state)
    }

    /// The document as last read from the store.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// Changes whenever the document does.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The file the document lives in, if it was saved.
    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// The interface language.
    pub fn language(&self) -> Language {
        self.settings.language
    }

    /// The name of the document for the window title.
    pub fn document_name(&self) -> String {
        let texts = self.language().texts();
        match self.store.path() {
            Some(path) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            None if self.is_sample => texts.sample_title.to_string(),
            None => texts.untitled.to_string(),
        }
    }

    /// The window title: "Diemen.peilstok — Peilstok".
    pub fn window_title(&self) -> String {
        format!(
            "{} — {}",
            self.document_name(),
            self.language().texts().app_name
        )
    }

    /// Carries out one command. Failures end up in [`AppState::message`], in words.
    pub fn handle(&mut self, command: Command) {
        let texts = self.language().texts();
        let failure_heading = match &command {
            Command::Open(_) | Command::OpenSample => texts.open_failed,
            Command::SaveAs(_) => texts.save_failed,
            Command::ImportFile(_) | Command::ImportText { .. } | Command::ConfirmImport => {
                texts.import_failed
            }
            Command::ExportChart(_) | Command::ExportReport { .. } => texts.export_failed,
            Command::PrintReport(_) => texts.print_failed,
            _ => texts.error_heading,
        };
        if let Err(error) = self.try_handle(command) {
            let reason = match error.downcast_ref::<crate::store::StoreError>() {
                Some(store_error) => self.language().store_error(store_error),
                None => format!("{error:#}"),
            };
            self.message = Some(Message::Error(format!("{failure_heading}: {reason}")));
        }
    }

    fn try_handle(&mut self, command: Command) -> anyhow::Result<()> {
        match command {
            Command::NewDocument => {
                let store = Store::new_untitled()?;
                self.replace(store, Document::default(), false);
            }
            Command::OpenSample => {
                let document = sample_document().context("the bundled sample is unreadable")?;
                let store = Store::untitled_with(&document)?;
                self.replace(store, document, true);
            }
            Command::Open(path) => {
                let store = Store::open(&path)?;
                let document = store.load()?;
                self.replace(store, document, false);
                self.remember(&path);
            }
            Command::SaveAs(path) => {
                let path = with_document_extension(path);
                self.store.save_as(&path)?;
                self.document = self.store.load()?;
                self.generation += 1;
                self.is_sample = false;
                self.remember(&path);
                self.message = Some(Message::Info(format!(
                    "{} {}",
                    self.language().texts().saved_to,
                    path.display()
                )));
            }
            Command::SelectIndicator(id) => self.selected = id,
            Command::SetFilter(filter) => self.filter = filter,
            Command::SetLanguage(language) => self.settings.language = language,
            Command::DismissMessage => self.message = None,
            Command::Quit => self.quit_requested = true,
            Command::ImportFile(path) => {
                let what = path.display().to_string();
                let texts = self.language().texts();
                let (doing, heading) = (texts.busy_reading, texts.import_failed);
                self.start_job("peilstok-import", doing, what, heading, move |_| {
                    import::read_file(&path)
                        .map(JobOutcome::Imported)
                        .map_err(|error| format!("{error:#}"))
                })?;
            }
            Command::ImportText { text, file_name } => {
                let texts = self.language().texts();
                let (doing, heading) = (texts.busy_reading, texts.import_failed);
                let what = file_name.clone();
                self.start_job("peilstok-import", doing, what, heading, move |_| {
                    let import = Box::new(import::import_text(&text, &file_name));
                    Ok(JobOutcome::Imported(ImportedFile::Text { text, import }))
                })?;
            }
            Command::ExportChart(path) => self.export_chart(path)?,
            Command::SetChartKind(kind) => self.settings.chart_kind = kind,
            Command::ExportReport { path, options } => {
                self.remember_report_layout(&options);
                self.export_report(path, options)?;
            }
            Command::PrintReport(options) => {
                self.remember_report_layout(&options);
                self.print_report(options)?;
            }
            Command::ResolveCell { cell, resolution } => {
                let pending = self
                    .pending_import
                    .as_mut()
                    .context("there is no import under review")?;
                let target = pending
                    .cell_mut(&cell)
                    .with_context(|| format!("cell {} {} not found", cell.code, cell.series))?;
                match resolution {
                    Resolution::Accept => target.review = None,
                    Resolution::Value(typed) => {
                        target.value = parse_user_value(&typed).map_err(anyhow::Error::msg)?;
                        target.review = None;
                    }
                }
            }
            Command::ConfirmImport => {
                let pending = self
                    .pending_import
                    .take()
                    .context("there is no import under review")?;
                self.add_to_document(pending.draft)?;
            }
            Command::CancelImport => self.pending_import = None,
        }
        Ok(())
    }

    /// Whether long work is running, and on what.
    pub fn busy(&self) -> Option<&str> {
        self.job.as_ref().map(|job| job.what.as_str())
    }

    /// What the long work is doing, on what, and how far it has come.
    pub fn job_status(&self) -> Option<JobStatus<'_>> {
        self.job.as_ref().map(|job| JobStatus {
            doing: job.doing,
            what: &job.what,
            progress: job.progress,
        })
    }

    /// Collects news from long work; returns whether anything changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        let outcome = loop {
            let Some(job) = &mut self.job else {
                return changed;
            };
            match job.events.try_recv() {
                Ok(JobEvent::Progress(progress)) => {
                    job.progress = Some(progress);
                    changed = true;
                }
                Ok(JobEvent::Finished(outcome)) => break outcome,
                Err(mpsc::TryRecvError::Empty) => return changed,
                Err(mpsc::TryRecvError::Disconnected) => {
                    break Err("the work stopped unexpectedly".into());
                }
            }
        };
        let Some(job) = self.job.take() else {
            return changed;
        };
        let (what, failure_heading) = (job.what, job.failure_heading);
        let result = match outcome {
            Ok(JobOutcome::Exported { path, done }) => {
                self.message = Some(Message::Info(format!("{done} {}", path.display())));
                Ok(())
            }
            Ok(JobOutcome::Printed(printed, path)) => {
                self.message = Some(Message::Info(self.language().printed(&printed, &path)));
                Ok(())
            }
            Ok(JobOutcome::Imported(ImportedFile::Text { text, import })) => {
                match import.nothing_found() {
                    Some(reason) => Err(anyhow::anyhow!("{what}: {reason}")),
                    None => {
                        let draft = import.to_document();
                        self.pending_import = Some(PendingImport {
                            text,
                            import: *import,
                            draft,
                        });
                        Ok(())
                    }
                }
            }
            Ok(JobOutcome::Imported(ImportedFile::Document(document))) => {
                self.add_to_document(document)
            }
            Err(reason) => Err(anyhow::anyhow!(reason)),
        };
        if let Err(error) = result {
            self.message = Some(Message::Error(format!("{failure_heading}: {error:#}")));
        }
        true
    }

    /// Runs `work` on a thread named `thread_name`; [`AppState::poll`] collects its progress
    /// and its outcome.
    fn start_job(
        &mut self,
        thread_name: &str,
        doing: &'static str,
        what: String,
        failure_heading: &'static str,
        work: impl FnOnce(&dyn Fn(Progress)) -> Result<JobOutcome, String> + Send + 'static,
    ) -> anyhow::Result<()> {
        if let Some(running) = self.busy() {
            anyhow::bail!("{running} is still in progress");
        }
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name(thread_name.into())
            .spawn(move || {
                // The window may have closed meanwhile; then nobody needs the news.
                let report = |progress| {
                    let _ = sender.send(JobEvent::Progress(progress));
                };
                let outcome = work(&report);
                let _ = sender.send(JobEvent::Finished(outcome));
            })
            .with_context(|| format!("could not start {thread_name}"))?;
        self.job = Some(Job {
            doing,
            what,
            failure_heading,
            events: receiver,
            progress: None,
        });
        Ok(())
    }

    /// Paper and charts of the report are offered again next time.
    fn remember_report_layout(&mut self, options: &ReportOptions) {
        self.settings.report_paper = options.paper;
        self.settings.report_kind = options.kind;
    }

    /// Writes the report on a thread, page by page with progress.
    fn export_report(&mut self, path: PathBuf, options: ReportOptions) -> anyhow::Result<()> {
        let texts = self.language().texts();
        let path = if path.extension().is_some() {
            path
        } else {
            path.with_extension("pdf")
        };
        let document = self.document.clone();
        let what = path.display().to_string();
        let (doing, heading) = (texts.busy_exporting, texts.export_failed);
        self.start_job("peilstok-export", doing, what, heading, move |progress| {
            let pdf = report_pdf(&document, &options, &mut |step| progress(step))
                .map_err(|error| format!("{error:#}"))?;
            std::fs::write(&path, pdf).map_err(|error| format!("{}: {error}", path.display()))?;
            Ok(JobOutcome::Exported {
                path,
                done: texts.report_done,
            })
        })
    }

    /// Makes the report PDF on a thread and hands it to the operating system's print path.
    fn print_report(&mut self, options: ReportOptions) -> anyhow::Result<()> {
        let texts = self.language().texts();
        let document = self.document.clone();
        let path = print_file_path(&self.document_name());
        let what = self.document_name();
        let (doing, heading) = (texts.busy_printing, texts.print_failed);
        self.start_job("peilstok-print", doing, what, heading, move |progress| {
            let pdf = report_pdf(&document, &options, &mut |step| progress(step))
                .map_err(|error| format!("{error:#}"))?;
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)
                    .map_err(|error| format!("{}: {error}", folder.display()))?;
            }
            std::fs::write(&path, pdf).map_err(|error| format!("{}: {error}", path.display()))?;
            let printed = print_pdf(&path).map_err(|error| format!("{error:#}"))?;
            Ok(JobOutcome::Printed(printed, path))
        })
    }

    /// Draws the selected indicator's chart and writes it on a thread, as the file's extension
    /// says: SVG, PNG (300 dpi) or vector PDF.
    fn export_chart(&mut self, path: PathBuf) -> anyhow::Result<()> {
        let language = self.language();
        let texts = language.texts();
        let id = self.selected.clone().context(texts.export_no_selection)?;
        let indicator = self
            .document
            .indicator(&id)
            .context(texts.export_no_selection)?;
        let chart = TrendChart::of(&self.document, indicator, language);
        // Small multiples are a page of the report; a single chart is a line or bars.
        let kind = match self.settings.chart_kind {
            ChartKind::Multiples => ChartKind::Line,
            kind => kind,
        };
        let svg = chart_svg(&chart, &Drawing::new(ChartSize::A4_WIDTH, kind, language));
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !matches!(extension.as_str(), "svg" | "png" | "pdf") {
            anyhow::bail!("{}: {}", path.display(), texts.export_formats);
        }
        let what = path.display().to_string();
        let (doing, heading) = (texts.busy_exporting, texts.export_failed);
        self.start_job("peilstok-export", doing, what, heading, move |_| {
            let bytes = match extension.as_str() {
                "pdf" => export::svg_to_pdf(&svg),
                "png" => export::svg_to_png(&svg, 300.0),
                _ => Ok(svg.into_bytes()),
            }
            .map_err(|error| format!("{error:#}"))?;
            std::fs::write(&path, bytes).map_err(|error| format!("{}: {error}", path.display()))?;
            Ok(JobOutcome::Exported {
                path,
                done: texts.export_done,
            })
        })
    }

    /// Adds `incoming` to the document in one transaction and re-reads it.
    fn add_to_document(&mut self, incoming: Document) -> anyhow::Result<()> {
        let indicators = incoming.indicators().count();
        let source = incoming
            .sources
            .first()
            .map(|source| source.citation())
            .unwrap_or_default();
        let mut document = self.document.clone();
        document.merge(incoming);
        self.store.replace_document(&document)?;
        self.document = self.store.load()?;
        self.generation += 1;
        self.message = Some(Message::Info(format!(
            "{} {indicators} {} ({source})",
            self.language().texts().import_done,
            self.language().texts().indicators_word
        )));
        Ok(())
    }

    fn replace(&mut self, store: Store, document: Document, is_sample: bool) {
        self.store = store;
        self.document = document;
        self.generation += 1;
        self.is_sample = is_sample;
        self.selected = None;
        self.message = None;
    }

    fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let recent = &mut self.settings.recent_files;
        recent.retain(|known| known != &path);
        recent.insert(0, path);
        recent.truncate(RECENT_FILES_KEPT);
    }
}

/// Whether `path` names a Peilstok document (rather than a text or CSV to import).
pub fn is_document_path(path: &Path) -> bool {
    !path.extension().is_some_and(|extension| {
        extension.eq_ignore_ascii_case("txt") || extension.eq_ignore_ascii_case("csv")
    })
}

/// Adds `.peilstok` when the user typed a name without an extension.
pub fn with_document_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(EXTENSION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_file_leaves_the_open_document_and_says_why() {
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        let before = state.document().clone();
        state.handle(Command::Open(PathBuf::from("/nonexistent/x.peilstok")));
        assert_eq!(state.document(), &before);
        let Some(Message::Error(text)) = &state.message else {
            panic!("expected an error message, got {:?}", state.message);
        };
        assert!(text.starts_with("Openen mislukt:"), "{text}");
        assert!(
            text.contains("x.peilstok: dit bestand bestaat niet"),
            "{text}"
        );
    }

    #[test]
    fn save_as_adds_the_extension_and_remembers_the_file() {
        let directory = tempfile::tempdir().unwrap();
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        state.handle(Command::SaveAs(directory.path().join("diemen")));
        assert!(
            matches!(state.message, Some(Message::Info(_))),
            "{:?}",
            state.message
        );
        let saved = directory.path().join("diemen.peilstok");
        assert!(saved.exists());
        assert_eq!(state.path(), Some(saved.as_path()));
        assert_eq!(state.settings.recent_files.len(), 1);
        assert_eq!(state.window_title(), "diemen.peilstok — Peilstok");
    }
}
