//! The application state and the one place where every user action is handled.
//!
//! The window (and the tests) send [`Command`]s; [`AppState::handle`] carries each out. A command
//! that changes data is one transaction in the [`Store`]; the [`Document`] snapshot the window
//! draws from is re-read after it, never per frame. Errors end here, once, as words for the user.

mod words;

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use std::sync::mpsc;

use crate::chart::svg::{ChartSize, Drawing, charts_svg};
use crate::chart::{ChartKind, TrendChart};
use crate::export;
use crate::export::report::{Paper, Progress, ReportOptions, report_pdf};
use crate::formats::Format;
use crate::formats::ImportedFile;
use crate::i18n::Language;
use crate::import::{self, Import};
use crate::model::edit::{self, Edit, Patch};
use crate::model::{
    Better, Cell, CellValue, Column, Document, DocumentKind, Indicator, IndicatorId, IndicatorKind,
    Source, ValueKind,
};
use crate::numbers::parse_user_value;
use crate::print::{PrintPath, Printed, print_report_by, system_print_path};
use crate::sample::sample_document;
use crate::store::{EXTENSION, Store, StoreError};

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
    /// Add an indicator to the comparison chart, or take it out (Ctrl+click).
    ToggleCompared(IndicatorId),
    /// Compare these indicators in one chart (Shift+click: a range of the list).
    CompareRange(Vec<IndicatorId>),
    /// Change the filter of the indicator list.
    SetFilter(String),
    /// Switch the language of the interface.
    SetLanguage(Language),
    /// Show or fold away the indicator list beside the table.
    ShowSidebar(bool),
    /// Remember the window's zoom (Ctrl + and Ctrl −, done by the window itself).
    SetZoom(f32),
    /// Give the plot under the table this height (its grip dragged).
    SetPlotHeight(f32),
    /// Close the message bar.
    DismissMessage,
    /// Leave the application.
    Quit,
    /// The answer to "Wijzigingen opslaan?" when a command would throw away unsaved changes:
    /// go on without saving, or keep the work. (Saving first is [`Command::SaveAs`], after which
    /// the waiting command goes on by itself.)
    AnswerUnsaved(UnsavedAnswer),
    /// Bring back the untitled document a previous run left in its recovery file.
    RestoreRecovery,
    /// Throw away what a previous run left in its recovery file.
    DiscardRecovery,
    /// Read a budget text (`.txt`) for review, or add a long CSV (`.csv`) at once.
    ImportFile(PathBuf),
    /// Read pasted budget text for review.
    ImportText {
        /// The text.
        text: String,
        /// What to call its source ("plakken" when pasted).
        file_name: String,
    },
    /// Read the text under review as the person pointed out: its table's lines, header and
    /// columns (the guided import).
    GuideImport(crate::import::guided::GuidedSpec),
    /// Decide a flagged cell of the import under review.
    ResolveCell {
        /// Which cell.
        cell: CellRef,
        /// Keep the reading, or replace it by what the person typed.
        resolution: Resolution,
    },
    /// Whether an incoming indicator with a known code but another name is a different one.
    KeepApart {
        /// Its code.
        code: String,
        /// Keep it apart (true) or take it as the same indicator (false).
        apart: bool,
    },
    /// Add the reviewed import to the document, in one transaction.
    ConfirmImport,
    /// Drop the import under review.
    CancelImport,
    /// Write the selected indicator's chart to a file: `.svg`, `.png` or `.pdf`.
    ExportChart(PathBuf),
    /// Write the whole document for other programs, as the extension says: `.csv` (the long
    /// CSV), `.json` (docs/json-format.md) or `.xlsx` (a readable sheet and the long sheet).
    ExportDocument(PathBuf),
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
    /// Print the chart on screen (one indicator's, or the comparison).
    PrintChart,
    /// Put what a person typed into a cell: a number in Dutch notation or a marker. Invalid
    /// input is refused with the reason, and the cell keeps its value.
    EditCell {
        /// Which cell.
        cell: CellAddress,
        /// What was typed.
        text: String,
    },
    /// A flagged cell is right as read: clear its review flag.
    AcceptCell(CellAddress),
    /// Sources disagree on a cell: count the one from `source`, and keep the others on record.
    ChooseSource {
        /// Which cell.
        cell: CellAddress,
        /// The key of the source chosen.
        source: String,
    },
    /// Rename an indicator or change its unit.
    EditIndicator {
        /// Which indicator.
        indicator: IndicatorId,
        /// The new name.
        name: String,
        /// The new unit.
        unit: String,
        /// Which way is better (`None`: not said).
        better: Option<Better>,
    },
    /// Change the text of a footnote of a source.
    EditFootnote {
        /// The source's key.
        source: String,
        /// The footnote's number.
        number: u32,
        /// The new text.
        text: String,
    },
    /// Add an indicator, without values yet, to a goal.
    AddIndicator {
        /// The programme.
        programme: String,
        /// The goal's code.
        goal: String,
        /// The new indicator's code, unique in the programme.
        code: String,
        /// Its name.
        name: String,
        /// Its unit.
        unit: String,
    },
    /// Remove an indicator with its values (Undo brings it back).
    RemoveIndicator(IndicatorId),
    /// Add a sub-series (a sub-row, like 5.3.1's "Roken") to an indicator.
    AddSeries {
        /// The indicator.
        indicator: IndicatorId,
        /// The sub-series' name.
        name: String,
    },
    /// Remove a sub-series with its values.
    RemoveSeries {
        /// The indicator.
        indicator: IndicatorId,
        /// The sub-series' name.
        name: String,
    },
    /// Add a (kind, year) column: an empty cell in every row, to be filled in.
    AddColumn(Column),
    /// Remove a column with the values of every source in it.
    RemoveColumn(Column),
    /// "Nieuw begrotingsjaar": make next year's budget from this one. The realised columns move
    /// on a year and a new budget year appears, both empty, from a new source; every value
    /// already there stays, with its source.
    NewBudgetYear,
    /// Take back the last change.
    Undo,
    /// Do again what was taken back.
    Redo,
}

/// A cell of the document: indicator, row and column.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CellAddress {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The sub-series ("" for the indicator's own row).
    pub series: String,
    /// The column.
    pub column: Column,
}

/// The key of the source of values a person typed in.
pub const MANUAL_SOURCE: &str = "handmatig";

/// One change to the document, to undo and redo: the patches it made, with what they replaced.
#[derive(Clone, Debug)]
struct Change {
    /// What it was, for the Edit menu: "3.1.3 Werkelijk 2021".
    what: String,
    edit: Edit,
    /// The state of the document this change leads to (see [`History::state`]).
    state: u64,
}

/// The changes of this session, across saves.
#[derive(Clone, Debug, Default)]
struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// The last state number given out.
    last_state: u64,
}

impl History {
    /// A number for the document's present state: 0 as opened, and each change's own number
    /// after it, so that undoing back to where the document was saved gives that number again.
    fn state(&self) -> u64 {
        self.undo.last().map_or(0, |change| change.state)
    }
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
    /// Indicators whose code the document already has under another name: a person says
    /// whether they are the same indicator.
    pub renamed: Vec<NameDifference>,
}

/// An incoming indicator with the code of one in the document but another name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameDifference {
    /// The programme.
    pub programme: String,
    /// The code both have.
    pub code: String,
    /// The name in the document.
    pub existing: String,
    /// The name in the import.
    pub incoming: String,
    /// Keep them apart: the incoming one gets its own code (`3.1.3 (Jaarstukken 2022)`).
    pub keep_apart: bool,
}

/// Names that differ in more than case, spacing, accents or ligatures (as the importer folds
/// them).
fn names_differ(a: &str, b: &str) -> bool {
    let fold = |name: &str| crate::text::fold_whitespace(&crate::text::fold(name));
    fold(a) != fold(b)
}

/// The indicators of `incoming` whose code `document` has under another name.
pub fn name_differences(document: &Document, incoming: &Document) -> Vec<NameDifference> {
    // The document's indicators by programme and code, the first of each as a search in
    // document order finds it: searching the document for every incoming indicator took time
    // in the square of their number (20,000 indicators imported again: 16 s; issue 14).
    let mut own: std::collections::HashMap<(&str, &str), &Indicator> =
        std::collections::HashMap::new();
    for (programme, _, indicator) in document.indicators() {
        own.entry((programme.name.as_str(), indicator.code.as_str()))
            .or_insert(indicator);
    }
    incoming
        .indicators()
        // A row printed without a code is found by its name, so its name cannot differ.
        .filter(|(_, _, new)| new.code_printed())
        .filter_map(|(programme, _, new)| {
            let old = own.get(&(programme.name.as_str(), new.code.as_str()))?;
            names_differ(&old.name, &new.name).then(|| NameDifference {
                programme: programme.name.clone(),
                code: new.code.clone(),
                existing: old.name.clone(),
                incoming: new.name.clone(),
                keep_apart: false,
            })
        })
        .collect()
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
            .indicators_mut()
            .find(|indicator| indicator.code == reference.code)?
            .cells
            .iter_mut()
            .find(|cell| cell.series == reference.series && cell.column == reference.column)
    }
}

/// What long work on its own thread delivers.
enum JobOutcome {
    /// A document opened and read.
    Opened {
        /// Its store.
        store: Box<Store>,
        /// What it holds.
        document: Document,
        /// Its file.
        path: PathBuf,
    },
    /// The document written by Save As, with its store (back from the thread either way).
    Saved {
        /// The store: in the new file when it was written, else where it was.
        store: Box<Store>,
        /// Where it was to be written.
        path: PathBuf,
        /// Whether it was.
        written: Result<(), crate::store::StoreError>,
    },
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
    Finished(anyhow::Result<JobOutcome>),
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
    /// The indicator list beside the table is folded away.
    pub hide_sidebar: bool,
    /// The window's zoom (Ctrl + and Ctrl −), when the user changed it.
    pub zoom: Option<f32>,
    /// The folder of the last export (chart, report, workbook), offered for the next.
    pub last_export_folder: Option<PathBuf>,
    /// The plot's height under the table, once its grip was dragged (the window bounds it).
    pub plot_height: Option<f32>,
}

/// Why a command was refused or failed, in a form the window says in its own language
/// ([`crate::i18n::Language::error_text`]); the English text is for the command line.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A typed value is no number and no marker.
    #[error(
        "`{0}` is not a number in Dutch notation (such as 68,6 or 3.200) nor a marker (NB, n.n.b., N.v.t., -)"
    )]
    NotAValue(String),
    /// An indicator without a name.
    #[error("an indicator needs a name")]
    NameNeeded,
    /// An indicator without a number.
    #[error("an indicator needs a number")]
    CodeNeeded,
    /// A sub-series without a name.
    #[error("a sub-series needs a name")]
    SeriesNameNeeded,
    /// The programme has an indicator with that number already.
    #[error("the programme already has an indicator {0}")]
    IndicatorExists(String),
    /// The indicator has a sub-series of that name already.
    #[error("{code} already has a sub-series {name}")]
    SeriesExists {
        /// The indicator.
        code: String,
        /// The sub-series.
        name: String,
    },
    /// Only a target column may be without a year.
    #[error("only a target column can be without a year")]
    ColumnNeedsYear,
    /// The column is there already.
    #[error("the document already has a column {0}")]
    ColumnExists(String),
    /// The indicator is not (or no longer) in the document.
    #[error("the document has no indicator {0}")]
    NoIndicator(String),
    /// The goal is not in the document.
    #[error("the document has no goal {0}")]
    NoGoal(String),
    /// The source is not in the document.
    #[error("the document has no source {0}")]
    NoSource(String),
    /// The cell holds no value to change.
    #[error("this cell is empty")]
    EmptyCell,
    /// No import is under review.
    #[error("there is no import under review")]
    NoImportUnderReview,
    /// Long work is still running.
    #[error("{0} is still in progress")]
    Busy(String),
    /// Long work could not be started, or stopped without saying why.
    #[error("the work could not be done: {0}")]
    WorkFailed(String),
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    WriteFile {
        /// Where.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The bundled sample could not be read (a broken build).
    #[error("the bundled sample is unreadable")]
    SampleUnreadable,
    /// A change did not fit the document (a defect in Peilstok); nothing was changed.
    #[error("the change does not fit the document ({0}); nothing was changed")]
    ChangeDoesNotFit(String),
}

/// What the user answers when a command would throw away unsaved changes (Opslaan is a save).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Niet opslaan: go on and lose the changes.
    DontSave,
    /// Annuleren: keep the work, do not go on.
    Cancel,
}

/// Where an untitled document's changes are kept until it is saved, as office programs do, so a
/// crash or a kill loses nothing: `recovery-<process id>.peilstok` in a directory of its own.
struct Recovery {
    directory: PathBuf,
    /// This run's file.
    file: PathBuf,
    /// The document generation last written there.
    written: Option<u64>,
    /// The document generation last looked at.
    checked: Option<u64>,
}

const RECOVERY_PREFIX: &str = "recovery-";

impl Recovery {
    fn in_directory(directory: PathBuf) -> Recovery {
        let file = directory.join(format!(
            "{RECOVERY_PREFIX}{}.{}",
            std::process::id(),
            crate::store::EXTENSION
        ));
        Recovery {
            directory,
            file,
            written: None,
            checked: None,
        }
    }

    /// The newest file a run that is no longer running left behind.
    fn left_behind(&self) -> Option<PathBuf> {
        let entries = std::fs::read_dir(&self.directory).ok()?;
        entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| *path != self.file)
            .filter(|path| {
                path.file_stem()
                    .and_then(|stem| stem.to_str())
                    .and_then(|stem| stem.strip_prefix(RECOVERY_PREFIX))
                    .and_then(|pid| pid.parse::<u32>().ok())
                    .is_some_and(|pid| !process_is_running(pid))
                    && is_document_path(path)
            })
            .max_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok())
    }
}

/// Whether another process with this id is running (so its recovery file is still in use).
/// Where this cannot be told, a file is taken as left behind.
fn process_is_running(pid: u32) -> bool {
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
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
    /// The indicators compared in one chart (Ctrl- or Shift-click), the selected one among them;
    /// empty or one: the selected indicator alone.
    pub compared: Vec<IndicatorId>,
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
    history: History,
    /// The state ([`History::state`]) of the document when it was opened, created or last
    /// saved; `None` when no file or start holds what is on screen (restored from recovery).
    pristine: Option<u64>,
    /// A command that would throw away unsaved changes, waiting for "Wijzigingen opslaan?".
    pub pending_discard: Option<Command>,
    /// Where untitled changes are kept against a crash, once the window has said where.
    recovery: Option<Recovery>,
    /// A recovery file a previous run left behind, offered to restore.
    pub recovery_offer: Option<PathBuf>,
    /// How a printed PDF reaches paper (the system's print path; a stand-in in tests).
    print_path: PrintPath,
    /// While Save As writes on its thread, the store is there: the file the document was in
    /// until then (`Some(None)`: untitled). Changes wait until it is back.
    saving: Option<Option<PathBuf>>,
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
            compared: Vec::new(),
            filter: String::new(),
            settings,
            message: None,
            quit_requested: false,
            pending_import: None,
            job: None,
            history: History::default(),
            pristine: Some(0),
            pending_discard: None,
            recovery: None,
            recovery_offer: None,
            print_path: system_print_path(),
            saving: None,
        };
        let command = match start {
            StartWith::Sample => Command::OpenSample,
            // A budget text or long CSV given to open: a new document, with the file to import.
            StartWith::File(path) if !is_document_path(&path) => Command::ImportFile(path),
            StartWith::File(path) => Command::Open(path),
        };
        state.handle(command);
        state.prune_recent_files();
        Ok(state)
    }

    /// Takes files that are gone (moved, deleted, an unplugged drive) off the recent list, and
    /// says which.
    fn prune_recent_files(&mut self) {
        let (kept, gone): (Vec<PathBuf>, Vec<PathBuf>) =
            std::mem::take(&mut self.settings.recent_files)
                .into_iter()
                .partition(|path| path.exists());
        self.settings.recent_files = kept;
        if !gone.is_empty() && self.message.is_none() {
            let names: Vec<String> = gone.iter().map(|path| path.display().to_string()).collect();
            self.message = Some(Message::Info(format!(
                "{}: {}",
                self.language().texts().recent_pruned,
                names.join(", ")
            )));
        }
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
        match &self.saving {
            Some(previous) => previous.as_deref(),
            None => self.store.path(),
        }
    }

    /// The interface language.
    pub fn language(&self) -> Language {
        self.settings.language
    }

    /// The name of the document for the window title.
    pub fn document_name(&self) -> String {
        let texts = self.language().texts();
        match self.path() {
            Some(path) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            None if self.is_sample => texts.sample_title.to_string(),
            None => texts.untitled.to_string(),
        }
    }

    /// The window title: "diemen.peilstok — Peilstok", or with "(niet opgeslagen)" while an
    /// untitled document holds changes. A document with a file has every change in it already.
    pub fn window_title(&self) -> String {
        let texts = self.language().texts();
        if self.unsaved() {
            format!(
                "{} ({}) — {}",
                self.document_name(),
                texts.unsaved,
                texts.app_name
            )
        } else {
            format!("{} — {}", self.document_name(), texts.app_name)
        }
    }

    /// Whether the document holds changes that are in no file: it is untitled and differs from
    /// how it started.
    pub fn unsaved(&self) -> bool {
        self.path().is_none() && self.pristine != Some(self.history.state())
    }

    /// Prints by `print_path` from now on, instead of the operating system's print path.
    pub fn print_by(&mut self, print_path: PrintPath) {
        self.print_path = print_path;
    }

    /// Keeps an untitled document's changes in `directory` from now on, and offers what a
    /// previous run left there ([`AppState::recovery_offer`]).
    pub fn keep_recovery_in(&mut self, directory: PathBuf) {
        let recovery = Recovery::in_directory(directory);
        self.recovery_offer = recovery.left_behind();
        self.recovery = Some(recovery);
        self.update_recovery();
    }

    /// Writes the recovery file when untitled changes are new, and removes it when nothing
    /// unsaved is left (saved, discarded, or quitting without saving).
    fn update_recovery(&mut self) {
        let generation = self.generation;
        // The store is with Save As: the copy waits until it is back.
        if self.saving.is_some() {
            return;
        }
        // Selecting, filtering, dragging the plot's grip change no document: nothing to compare.
        match &mut self.recovery {
            None => return,
            Some(recovery) if recovery.checked == Some(generation) && !self.quit_requested => {
                return;
            }
            Some(recovery) => recovery.checked = Some(generation),
        }
        let unsaved = self.unsaved() && !self.quit_requested;
        let Some(recovery) = &mut self.recovery else {
            return;
        };
        if !unsaved {
            if recovery.written.take().is_some() || recovery.file.exists() {
                let _ = std::fs::remove_file(&recovery.file);
            }
            return;
        }
        if recovery.written == Some(generation) {
            return;
        }
        let written = std::fs::create_dir_all(&recovery.directory)
            .map_err(|source| crate::store::StoreError::Io {
                path: recovery.directory.clone(),
                source,
            })
            .and_then(|()| self.store.write_copy(&recovery.file));
        match written {
            Ok(()) => recovery.written = Some(generation),
            Err(error) => {
                // Once per generation: the work itself is unharmed, only its safety copy failed.
                recovery.written = Some(generation);
                let texts = self.settings.language.texts();
                let reason = self.settings.language.store_error(&error);
                self.message = Some(Message::Error(format!(
                    "{}: {reason}",
                    texts.recovery_write_failed
                )));
            }
        }
    }

    /// Whether `command` would replace or close the document.
    fn replaces_document(command: &Command) -> bool {
        matches!(
            command,
            Command::NewDocument | Command::OpenSample | Command::Open(_) | Command::Quit
        )
    }

    /// The indicators the chart shows: those compared, or the selected one alone.
    pub fn charted(&self) -> Vec<IndicatorId> {
        if self.compared.len() > 1 {
            self.compared.clone()
        } else {
            self.selected.iter().cloned().collect()
        }
    }

    /// The charts of what is charted (see [`TrendChart::compare`]).
    pub fn charts(&self) -> Vec<TrendChart> {
        let indicators: Vec<&crate::model::Indicator> = self
            .charted()
            .iter()
            .filter_map(|id| self.document.indicator(id))
            .collect();
        TrendChart::compare(&self.document, &indicators, self.language())
    }

    /// What Undo would take back, if anything.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo.last().map(|change| change.what.as_str())
    }

    /// What Redo would do again, if anything.
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo.last().map(|change| change.what.as_str())
    }

    /// Carries out one command. Failures end up in [`AppState::message`], in words.
    pub fn handle(&mut self, command: Command) {
        let texts = self.language().texts();
        let failure_heading = match &command {
            Command::Open(_) | Command::OpenSample => texts.open_failed,
            Command::SaveAs(_) => texts.save_failed,
            Command::ImportFile(_)
            | Command::ImportText { .. }
            | Command::GuideImport(_)
            | Command::ConfirmImport => texts.import_failed,
            Command::ExportChart(_) | Command::ExportReport { .. } | Command::ExportDocument(_) => {
                texts.export_failed
            }
            Command::EditCell { .. } => texts.edit_refused,
            Command::PrintReport(_) | Command::PrintChart => texts.print_failed,
            _ => texts.error_heading,
        };
        // The store is with Save As: nothing replaces the document until it is back.
        if Self::replaces_document(&command)
            && self.saving.is_some()
            && let Some(running) = self.busy()
        {
            let reason = self
                .language()
                .error_text(&CommandError::Busy(running.to_string()).into());
            self.message = Some(Message::Error(format!("{failure_heading}: {reason}")));
            return;
        }
        // Unsaved changes are never thrown away without asking.
        if Self::replaces_document(&command) && self.unsaved() {
            self.pending_discard = Some(command);
            return;
        }
        let result = self.try_handle(command);
        self.conclude(result, failure_heading);
    }

    /// Ends a command or a job: its failure in words under `failure_heading`, the recovery copy
    /// brought up to date, and a command that waited for "Wijzigingen opslaan?" carried out once
    /// the document is saved.
    fn conclude(&mut self, result: anyhow::Result<()>, failure_heading: &str) {
        if let Err(error) = result {
            let reason = self.language().error_text(&error);
            self.message = Some(Message::Error(format!("{failure_heading}: {reason}")));
        }
        self.update_recovery();
        // Saved while a command waited for "Wijzigingen opslaan?": it goes on now.
        if self.pending_discard.is_some()
            && !self.unsaved()
            && let Some(waiting) = self.pending_discard.take()
        {
            self.handle(waiting);
        }
    }

    fn try_handle(&mut self, command: Command) -> anyhow::Result<()> {
        match command {
            Command::NewDocument => {
                let store = Store::new_untitled()?;
                self.replace(store, Document::default(), false);
            }
            Command::OpenSample => {
                let document = sample_document().map_err(|_| CommandError::SampleUnreadable)?;
                let store = Store::untitled_with(&document)?;
                self.replace(store, document, true);
            }
            Command::Open(path) => {
                // On a thread: a large document takes a moment, and the window stays live.
                let what = path.display().to_string();
                let texts = self.language().texts();
                let (doing, heading) = (texts.busy_opening, texts.open_failed);
                self.start_job("peilstok-open", doing, what, heading, move |_| {
                    let (store, document) = Store::open_document(&path)?;
                    Ok(JobOutcome::Opened {
                        store: Box::new(store),
                        document,
                        path,
                    })
                })?;
            }
            Command::SaveAs(path) => {
                // On a thread, with the store: a large document takes a moment to copy, and
                // the window stays live meanwhile (changes wait until the store is back).
                let path = with_document_extension(path);
                if let Some(running) = self.busy() {
                    return Err(CommandError::Busy(running.to_string()).into());
                }
                let texts = self.language().texts();
                let (doing, heading) = (texts.busy_saving, texts.save_failed);
                let what = path.display().to_string();
                let previous = self.path().map(Path::to_path_buf);
                let store = std::mem::replace(&mut self.store, Store::new_untitled()?);
                self.saving = Some(previous.clone());
                let started = self.start_job("peilstok-save", doing, what, heading, move |_| {
                    let mut store = store;
                    let written = store.save_as(&path);
                    Ok(JobOutcome::Saved {
                        store: Box::new(store),
                        path,
                        written,
                    })
                });
                if let Err(error) = started {
                    // No thread: the store went with the work. The file (or, untitled, the
                    // document on screen) still holds everything; work on from there.
                    self.saving = None;
                    self.store = match previous {
                        Some(previous) => Store::open(&previous)?,
                        None => Store::untitled_with(&self.document)?,
                    };
                    return Err(error);
                }
            }
            Command::SelectIndicator(id) => {
                self.compared = id.iter().cloned().collect();
                self.selected = id;
            }
            Command::ToggleCompared(id) => {
                if self.compared.is_empty() {
                    self.compared.extend(self.selected.clone());
                }
                if let Some(at) = self.compared.iter().position(|known| *known == id) {
                    self.compared.remove(at);
                    if self.selected.as_ref() == Some(&id) {
                        self.selected = self.compared.last().cloned();
                    }
                } else {
                    self.compared.push(id.clone());
                    self.selected = Some(id);
                }
            }
            Command::CompareRange(ids) => {
                self.selected = ids.last().cloned();
                self.compared = ids;
            }
            Command::SetFilter(filter) => self.filter = filter,
            Command::SetLanguage(language) => self.settings.language = language,
            Command::ShowSidebar(show) => self.settings.hide_sidebar = !show,
            Command::SetZoom(zoom) => self.settings.zoom = Some(zoom),
            Command::SetPlotHeight(height) => self.settings.plot_height = Some(height),
            Command::DismissMessage => self.message = None,
            Command::Quit => self.quit_requested = true,
            Command::AnswerUnsaved(answer) => {
                let waiting = self.pending_discard.take();
                if let (UnsavedAnswer::DontSave, Some(waiting)) = (answer, waiting) {
                    // The changes go: the document starts afresh, or the window closes.
                    self.pristine = Some(self.history.state());
                    // Unsaved no longer, though the document did not change: look again.
                    if let Some(recovery) = &mut self.recovery {
                        recovery.checked = None;
                    }
                    self.try_handle(waiting)?;
                }
            }
            Command::RestoreRecovery => {
                let Some(left) = self.recovery_offer.take() else {
                    return Ok(());
                };
                let document = Store::open(&left)?.load()?;
                let store = Store::untitled_with(&document)?;
                self.replace(store, document, false);
                // The restored work is in no file of the user's: it stays unsaved.
                self.pristine = None;
                let _ = std::fs::remove_file(&left);
                self.message = Some(Message::Info(
                    self.language().texts().recovery_restored.to_string(),
                ));
            }
            Command::DiscardRecovery => {
                if let Some(left) = self.recovery_offer.take() {
                    std::fs::remove_file(&left).map_err(|source| crate::store::StoreError::Io {
                        path: left.clone(),
                        source,
                    })?;
                }
            }
            Command::ImportFile(path) => {
                let what = path.display().to_string();
                let texts = self.language().texts();
                let (doing, heading) = (texts.busy_reading, texts.import_failed);
                self.start_job("peilstok-import", doing, what, heading, move |_| {
                    crate::formats::read_file(&path)
                        .map(JobOutcome::Imported)
                        .map_err(anyhow::Error::from)
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
            Command::ExportChart(path) => {
                self.remember_export_folder(&path);
                self.export_chart(path)?;
            }
            Command::SetChartKind(kind) => self.settings.chart_kind = kind,
            Command::ExportDocument(path) => {
                self.remember_export_folder(&path);
                self.export_document(path)?;
            }
            Command::ExportReport { path, options } => {
                self.remember_export_folder(&path);
                self.remember_report_layout(&options);
                self.export_report(path, options)?;
            }
            Command::PrintChart => self.print_chart()?,
            Command::PrintReport(options) => {
                self.remember_report_layout(&options);
                self.print_report(options)?;
            }
            Command::EditCell { cell, text } => {
                let value = parse_user_value(&text).map_err(CommandError::NotAValue)?;
                let what = self.describe_cell(&cell);
                let patch = self.indicator_patch(&cell.indicator, |indicator| {
                    put_manual_value(indicator, &cell, value, text.trim());
                    Ok(())
                })?;
                let edit = self.with_manual_source(patch.into_iter().collect());
                self.change(what, edit)?;
            }
            Command::AcceptCell(cell) => {
                let what = self.describe_cell(&cell);
                let patch = self.indicator_patch(&cell.indicator, |indicator| {
                    speaking_cell_mut(indicator, &cell)?.review = None;
                    Ok(())
                })?;
                self.change(what, Edit::of(patch.into_iter().collect()))?;
            }
            Command::ChooseSource { cell, source } => {
                let what = self.describe_cell(&cell);
                let patch = self.indicator_patch(&cell.indicator, |indicator| {
                    let mut found = false;
                    for candidate in indicator.cells.iter_mut().filter(|candidate| {
                        candidate.series == cell.series && candidate.column == cell.column
                    }) {
                        candidate.chosen = candidate.source == source;
                        found |= candidate.chosen;
                    }
                    anyhow::ensure!(found, CommandError::NoSource(source.clone()));
                    Ok(())
                })?;
                self.change(what, Edit::of(patch.into_iter().collect()))?;
            }
            Command::EditIndicator {
                indicator,
                name,
                unit,
                better,
            } => {
                let patch = self.indicator_patch(&indicator, |target| {
                    let name = name.trim();
                    anyhow::ensure!(!name.is_empty(), CommandError::NameNeeded);
                    target.name = name.to_string();
                    target.unit = unit.trim().to_string();
                    target.better = better;
                    Ok(())
                })?;
                self.change(
                    indicator.code.clone(),
                    Edit::of(patch.into_iter().collect()),
                )?;
            }
            Command::EditFootnote {
                source,
                number,
                text,
            } => {
                let what = format!("{} {number}", self.language().texts().footnote);
                anyhow::ensure!(
                    self.document.source(&source).is_some(),
                    CommandError::NoSource(source.clone())
                );
                let patch = edit::change_source(&self.document, &source, |target| {
                    target.footnotes.insert(number, text.trim().to_string());
                });
                self.change(what, Edit::of(patch.into_iter().collect()))?;
            }
            Command::AddIndicator {
                programme,
                goal,
                code,
                name,
                unit,
            } => {
                let (code, name) = (code.trim().to_string(), name.trim().to_string());
                anyhow::ensure!(!code.is_empty(), CommandError::CodeNeeded);
                anyhow::ensure!(!name.is_empty(), CommandError::NameNeeded);
                let known = self
                    .document
                    .indicators()
                    .any(|(own, _, indicator)| own.name == programme && indicator.code == code);
                anyhow::ensure!(!known, CommandError::IndicatorExists(code.clone()));
                let (programme_at, goal_at, count) = self
                    .document
                    .programmes
                    .iter()
                    .enumerate()
                    .filter(|(_, own)| own.name == programme)
                    .flat_map(|(p, own)| {
                        own.goals
                            .iter()
                            .enumerate()
                            .map(move |(g, own)| (p, g, own))
                    })
                    .find(|(_, _, own)| own.code == goal)
                    .map(|(p, g, own)| (p, g, own.indicators.len()))
                    .ok_or_else(|| CommandError::NoGoal(goal.clone()))?;
                let patch = Patch::Indicator {
                    programme: programme_at,
                    goal: goal_at,
                    at: count,
                    before: None,
                    after: Some(Indicator {
                        code: code.clone(),
                        name,
                        unit: unit.trim().to_string(),
                        mandatory: false,
                        kind: IndicatorKind::Performance,
                        series: Vec::new(),
                        label_raw: String::new(),
                        footnotes: Vec::new(),
                        review: None,
                        source: MANUAL_SOURCE.to_string(),
                        better: None,
                        cells: Vec::new(),
                    }),
                };
                let edit = self.with_manual_source(vec![patch]);
                self.change(code, edit)?;
            }
            Command::RemoveIndicator(id) => {
                let (programme, goal, at) = edit::position_of(&self.document, &id)
                    .ok_or_else(|| CommandError::NoIndicator(id.code.clone()))?;
                let patch = Patch::Indicator {
                    programme,
                    goal,
                    at,
                    before: self.document.indicator(&id).cloned(),
                    after: None,
                };
                self.change(id.code.clone(), Edit::of(vec![patch]))?;
                if self.selected.as_ref() == Some(&id) {
                    self.selected = None;
                    self.compared.clear();
                }
                self.compared.retain(|known| *known != id);
            }
            Command::AddSeries { indicator, name } => {
                let name = name.trim().to_string();
                anyhow::ensure!(!name.is_empty(), CommandError::SeriesNameNeeded);
                let patch = self.indicator_patch(&indicator, |target| {
                    anyhow::ensure!(
                        !target.series.contains(&name),
                        CommandError::SeriesExists {
                            code: target.code.clone(),
                            name: name.clone()
                        }
                    );
                    target.series.push(name.clone());
                    Ok(())
                })?;
                let what = format!("{} {name}", indicator.code);
                self.change(what, Edit::of(patch.into_iter().collect()))?;
            }
            Command::RemoveSeries { indicator, name } => {
                let patch = self.indicator_patch(&indicator, |target| {
                    target.series.retain(|series| *series != name);
                    target.cells.retain(|cell| cell.series != name);
                    Ok(())
                })?;
                let what = format!("{} {name}", indicator.code);
                self.change(what, Edit::of(patch.into_iter().collect()))?;
            }
            Command::AddColumn(column) => {
                anyhow::ensure!(
                    column.year.is_some() || column.kind == ValueKind::Target,
                    CommandError::ColumnNeedsYear
                );
                let what = self.language().column_heading(column);
                anyhow::ensure!(
                    !self.document.columns().contains(&column),
                    CommandError::ColumnExists(what.clone())
                );
                let patches = edit::change_each_indicator(&self.document, |indicator| {
                    for series in indicator.value_rows() {
                        let blank = Cell::blank(&series, column, MANUAL_SOURCE);
                        indicator.cells.push(blank);
                    }
                });
                let edit = self.with_manual_source(patches);
                self.change(what, edit)?;
            }
            Command::RemoveColumn(column) => {
                let what = self.language().column_heading(column);
                let patches = edit::change_each_indicator(&self.document, |indicator| {
                    indicator.cells.retain(|cell| cell.column != column);
                });
                self.change(what, Edit::of(patches))?;
            }
            Command::NewBudgetYear => {
                let next = next_budget_year(&self.document)
                    .context(self.language().texts().no_budget_year)?;
                let texts = self.language().texts();
                let citation = next.citation();
                let what = format!("{} {}", texts.menu_new_budget_year, citation);
                let edit = roll_into_next_budget_year(&self.document, next);
                self.change(what, edit)?;
                self.message = Some(Message::Info(format!(
                    "{} {citation}",
                    texts.new_budget_year_done
                )));
            }
            Command::Undo => self.step_history(true)?,
            Command::Redo => self.step_history(false)?,
            Command::ResolveCell { cell, resolution } => {
                let pending = self
                    .pending_import
                    .as_mut()
                    .ok_or(CommandError::NoImportUnderReview)?;
                let target = pending.cell_mut(&cell).ok_or_else(|| {
                    CommandError::NoIndicator(format!("{} {}", cell.code, cell.series))
                })?;
                match resolution {
                    Resolution::Accept => target.review = None,
                    Resolution::Value(typed) => {
                        target.value = parse_user_value(&typed).map_err(CommandError::NotAValue)?;
                        target.review = None;
                    }
                }
            }
            Command::KeepApart { code, apart } => {
                let pending = self
                    .pending_import
                    .as_mut()
                    .ok_or(CommandError::NoImportUnderReview)?;
                for difference in pending.renamed.iter_mut().filter(|d| d.code == code) {
                    difference.keep_apart = apart;
                }
            }
            Command::ConfirmImport => {
                if self
                    .pending_import
                    .as_ref()
                    .is_some_and(|pending| pending.import.tables.is_empty())
                {
                    return Err(anyhow::anyhow!(
                        self.language().texts().review_nothing_found_heading
                    ));
                }
                let pending = self
                    .pending_import
                    .take()
                    .ok_or(CommandError::NoImportUnderReview)?;
                let mut draft = pending.draft;
                let title = pending.import.source.title.clone();
                for difference in pending.renamed.iter().filter(|d| d.keep_apart) {
                    keep_apart(&mut draft, difference, &title);
                }
                self.add_to_document(draft)?;
            }
            Command::CancelImport => self.pending_import = None,
            Command::GuideImport(spec) => {
                let pending = self
                    .pending_import
                    .as_mut()
                    .ok_or(CommandError::NoImportUnderReview)?;
                let file_name = pending.import.source.file_name.clone();
                let import = crate::import::guided::read(&pending.text, &spec, &file_name);
                if import
                    .tables
                    .iter()
                    .all(|table| table.indicators.is_empty())
                {
                    return Err(anyhow::anyhow!(self.language().texts().guided_nothing_read));
                }
                let draft = import.to_document();
                let renamed = name_differences(&self.document, &draft);
                if let Some(pending) = self.pending_import.as_mut() {
                    pending.import = import;
                    pending.draft = draft;
                    pending.renamed = renamed;
                }
            }
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
                    break Err(CommandError::WorkFailed(job.what.clone()).into());
                }
            }
        };
        self.take_outcome(outcome);
        true
    }

    /// Waits for the long work that is running, if any, and takes in its outcome (as
    /// [`AppState::poll`] does): for the command line and tests, which have no frames to wait
    /// in.
    pub fn finish_work(&mut self) {
        let outcome = loop {
            let Some(job) = &mut self.job else {
                return;
            };
            match job.events.recv() {
                Ok(JobEvent::Progress(progress)) => job.progress = Some(progress),
                Ok(JobEvent::Finished(outcome)) => break outcome,
                Err(mpsc::RecvError) => {
                    break Err(CommandError::WorkFailed(job.what.clone()).into());
                }
            }
        };
        self.take_outcome(outcome);
    }

    /// Ends the running job with its outcome: the document opened, the import for review,
    /// what was written, or the failure in words.
    fn take_outcome(&mut self, outcome: anyhow::Result<JobOutcome>) {
        let Some(job) = self.job.take() else {
            return;
        };
        let failure_heading = job.failure_heading;
        let result = match outcome {
            Ok(JobOutcome::Saved {
                store,
                path,
                written,
            }) => {
                self.store = *store;
                self.saving = None;
                written
                    .map_err(anyhow::Error::from)
                    .map(|()| self.saved(&path))
            }
            Ok(JobOutcome::Opened {
                store,
                document,
                path,
            }) => {
                self.replace(*store, document, false);
                self.remember(&path);
                Ok(())
            }
            Ok(JobOutcome::Exported { path, done }) => {
                self.message = Some(Message::Info(format!("{done} {}", path.display())));
                Ok(())
            }
            Ok(JobOutcome::Printed(printed, path)) => {
                self.message = Some(Message::Info(self.language().printed(&printed, &path)));
                Ok(())
            }
            Ok(JobOutcome::Imported(ImportedFile::Text { text, import })) => {
                // Also when nothing was found: the text stays on screen with the reason, in
                // the review, so that nothing pasted or chosen is thrown away.
                let draft = import.to_document();
                let renamed = name_differences(&self.document, &draft);
                self.pending_import = Some(PendingImport {
                    text,
                    import: *import,
                    draft,
                    renamed,
                });
                Ok(())
            }
            Ok(JobOutcome::Imported(ImportedFile::Document(document))) => {
                self.add_to_document(document)
            }
            Err(error) => Err(error),
        };
        if let Some(previous) = self.saving.take() {
            // The save's thread ended without giving the store back: work on from the file (or,
            // untitled, from the document on screen), which holds everything.
            let reopened = match previous {
                Some(previous) => Store::open(&previous),
                None => Store::untitled_with(&self.document),
            };
            if let Ok(store) = reopened {
                self.store = store;
            }
        }
        self.conclude(result, failure_heading);
    }

    /// The document is in `path` now: remembered, said, and no longer unsaved.
    fn saved(&mut self, path: &Path) {
        self.pristine = Some(self.history.state());
        self.generation += 1;
        self.is_sample = false;
        self.remember(path);
        self.message = Some(Message::Info(format!(
            "{} {}",
            self.language().texts().saved_to,
            path.display()
        )));
    }

    /// Runs `work` on a thread named `thread_name`; [`AppState::poll`] collects its progress
    /// and its outcome.
    fn start_job(
        &mut self,
        thread_name: &str,
        doing: &'static str,
        what: String,
        failure_heading: &'static str,
        work: impl FnOnce(&dyn Fn(Progress)) -> anyhow::Result<JobOutcome> + Send + 'static,
    ) -> anyhow::Result<()> {
        if let Some(running) = self.busy() {
            return Err(CommandError::Busy(running.to_string()).into());
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
            .map_err(|error| CommandError::WorkFailed(error.to_string()))?;
        self.job = Some(Job {
            doing,
            what,
            failure_heading,
            events: receiver,
            progress: None,
        });
        Ok(())
    }

    /// Writes the document as CSV, JSON or XLSX on a thread, as the file's extension says.
    fn export_document(&mut self, path: PathBuf) -> anyhow::Result<()> {
        let language = self.language();
        let texts = language.texts();
        let format = Format::of_path(&path).filter(|f| Format::DOCUMENT_EXPORTS.contains(f));
        let Some(format) = format else {
            anyhow::bail!("{}: {}", path.display(), texts.export_document_formats);
        };
        self.check_export_target(&path, format)?;
        let document = self.document.clone();
        let what = path.display().to_string();
        let (doing, heading) = (texts.busy_exporting, texts.export_failed);
        self.start_job("peilstok-export", doing, what, heading, move |_| {
            let bytes = export::document_bytes(&document, format, language)?;
            write_exported(path, &bytes, texts.document_export_done)
        })
    }

    /// Refuses an export over the open document or over any Peilstok document
    /// ([`crate::files::check_export_target`]).
    fn check_export_target(&self, path: &Path, format: Format) -> anyhow::Result<()> {
        crate::files::check_export_target(path, format, self.path())?;
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
        self.check_export_target(&path, Format::Pdf)?;
        let document = self.document.clone();
        let what = path.display().to_string();
        let (doing, heading) = (texts.busy_exporting, texts.export_failed);
        self.start_job("peilstok-export", doing, what, heading, move |progress| {
            let pdf = report_pdf(&document, &options, &mut |step| progress(step))
                .map_err(anyhow::Error::from)?;
            write_exported(path, &pdf, texts.report_done)
        })
    }

    /// Makes the report PDF on a thread and hands it to the operating system's print path.
    fn print_report(&mut self, options: ReportOptions) -> anyhow::Result<()> {
        let texts = self.language().texts();
        let document = self.document.clone();
        let name = self.document_name();
        let print = self.print_path.clone();
        let (doing, heading) = (texts.busy_printing, texts.print_failed);
        self.start_job(
            "peilstok-print",
            doing,
            name.clone(),
            heading,
            move |progress| {
                let pdf = report_pdf(&document, &options, &mut |step| progress(step))
                    .map_err(anyhow::Error::from)?;
                let (printed, path) =
                    print_report_by(&pdf, &name, &*print).map_err(anyhow::Error::from)?;
                Ok(JobOutcome::Printed(printed, path))
            },
        )
    }

    /// The chart on screen (the selected indicator's, or the comparison) as an SVG page.
    fn charted_svg(&self) -> anyhow::Result<String> {
        let language = self.language();
        let charts = self.charts();
        anyhow::ensure!(!charts.is_empty(), language.texts().export_no_selection);
        // Small multiples are a page of the report; a single chart is a line or bars.
        let kind = match self.settings.chart_kind {
            ChartKind::Multiples => ChartKind::Line,
            kind => kind,
        };
        Ok(charts_svg(
            &charts,
            &Drawing::new(ChartSize::A4_WIDTH, kind, language),
        ))
    }

    /// Sends the chart on screen (one indicator's, or the comparison) to the print path.
    fn print_chart(&mut self) -> anyhow::Result<()> {
        let texts = self.language().texts();
        let svg = self.charted_svg()?;
        let name = format!("{} {}", self.document_name(), texts.chart_word);
        let print = self.print_path.clone();
        let (doing, heading) = (texts.busy_printing, texts.print_failed);
        self.start_job("peilstok-print", doing, name.clone(), heading, move |_| {
            let pdf = export::svg_to_pdf(&svg).map_err(anyhow::Error::from)?;
            let (printed, path) =
                print_report_by(&pdf, &name, &*print).map_err(anyhow::Error::from)?;
            Ok(JobOutcome::Printed(printed, path))
        })
    }

    /// Draws the chart on screen and writes it on a thread, as the file's extension says: SVG,
    /// PNG (300 dpi) or vector PDF.
    fn export_chart(&mut self, path: PathBuf) -> anyhow::Result<()> {
        let language = self.language();
        let texts = language.texts();
        let svg = self.charted_svg()?;
        let format = Format::of_path(&path).filter(|f| Format::CHART_EXPORTS.contains(f));
        let Some(format) = format else {
            anyhow::bail!("{}: {}", path.display(), texts.export_formats);
        };
        self.check_export_target(&path, format)?;
        let what = path.display().to_string();
        let (doing, heading) = (texts.busy_exporting, texts.export_failed);
        self.start_job("peilstok-export", doing, what, heading, move |_| {
            let bytes = export::chart_bytes(svg, format)?;
            write_exported(path, &bytes, texts.export_done)
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
        let what = format!("{} {source}", self.language().texts().import_word);
        let edit = edit::merge(&self.document, incoming);
        self.change(what, edit)?;
        self.message = Some(Message::Info(format!(
            "{} {} ({source})",
            self.language().texts().import_done,
            self.language().indicator_count(indicators)
        )));
        Ok(())
    }

    /// The patch that changes indicator `id` as `change` does (`None`: nothing changed).
    fn indicator_patch(
        &self,
        id: &IndicatorId,
        change: impl FnOnce(&mut Indicator) -> anyhow::Result<()>,
    ) -> anyhow::Result<Option<Patch>> {
        edit::change_indicator(&self.document, id, change)
            .ok_or_else(|| CommandError::NoIndicator(id.code.clone()))?
    }

    /// An edit of `patches` that first adds the source of typed-in values, when they change
    /// something and the document has no such source yet.
    fn with_manual_source(&self, patches: Vec<Patch>) -> Edit {
        if patches.is_empty() {
            return Edit::default();
        }
        let mut all: Vec<Patch> = edit::add_source(&self.document, manual_source())
            .into_iter()
            .collect();
        all.extend(patches);
        Edit::of(all)
    }

    /// Makes `edit` (applied to the document in memory, then written by row id in one
    /// transaction) and records it for Undo. A change that fails leaves document and file as
    /// they were.
    fn change(&mut self, what: String, edit: Edit) -> anyhow::Result<()> {
        if edit.is_empty() {
            return Ok(());
        }
        self.make(&edit)?;
        self.history.last_state += 1;
        self.history.undo.push(Change {
            what,
            edit,
            state: self.history.last_state,
        });
        self.history.redo.clear();
        Ok(())
    }

    /// Applies `edit` to the document and writes it to the store, or neither.
    fn make(&mut self, edit: &Edit) -> anyhow::Result<()> {
        if self.saving.is_some()
            && let Some(running) = self.busy()
        {
            return Err(CommandError::Busy(running.to_string()).into());
        }
        edit.apply(&mut self.document)
            .map_err(|mismatch| CommandError::ChangeDoesNotFit(mismatch.0))?;
        if let Err(error) = self.store.apply(edit) {
            // The inverse of what was just applied fits.
            let _ = edit.inverse().apply(&mut self.document);
            if matches!(error, StoreError::ChangedElsewhere { .. }) {
                // Nothing was written; what the other program wrote is shown now, and the
                // message says the change was not made.
                self.reread();
            }
            return Err(error.into());
        }
        self.generation += 1;
        Ok(())
    }

    /// Looks whether another program (or window) changed the open document, and if so reads
    /// it again: every change here is in the file already, so nothing is lost. Cheap (one read
    /// of the file's header); the window asks every few seconds, not every frame. Returns
    /// whether the document was read again.
    pub fn watch_file(&mut self) -> bool {
        if self.job.is_some() || self.path().is_none() {
            return false;
        }
        match self.store.changed_elsewhere() {
            Ok(true) => {
                self.reread();
                true
            }
            // A file held by a writer is looked at again next time.
            Ok(false) | Err(_) => false,
        }
    }

    /// Reads the document again after another program changed it. The history of this
    /// session's changes no longer fits the file, so undo starts afresh.
    fn reread(&mut self) {
        match self.store.reload() {
            Ok(document) => {
                self.document = document;
                self.history = History {
                    last_state: self.history.last_state,
                    ..History::default()
                };
                self.pristine = Some(self.history.state());
                self.generation += 1;
                let texts = self.language().texts();
                let path = self.path().map(|path| path.display().to_string());
                self.message = Some(Message::Info(format!(
                    "{} {}",
                    texts.reread_after_outside_change,
                    path.unwrap_or_default()
                )));
            }
            Err(error) => {
                let words = self.language().store_error(&error);
                self.message = Some(Message::Error(words));
            }
        }
    }

    /// Undo (`back`) or redo the last change, in one transaction.
    fn step_history(&mut self, back: bool) -> anyhow::Result<()> {
        let texts = self.language().texts();
        let popped = if back {
            self.history.undo.pop()
        } else {
            self.history.redo.pop()
        };
        let Some(change) = popped else {
            anyhow::bail!(if back {
                texts.nothing_to_undo
            } else {
                texts.nothing_to_redo
            });
        };
        let made = if back {
            self.make(&change.edit.inverse())
        } else {
            self.make(&change.edit)
        };
        let to = match (back, made.is_ok()) {
            (true, true) | (false, false) => &mut self.history.redo,
            (true, false) | (false, true) => &mut self.history.undo,
        };
        to.push(change);
        made?;
        // A report of what was done ("kolommen toegevoegd") no longer holds.
        if matches!(self.message, Some(Message::Info(_))) {
            self.message = None;
        }
        Ok(())
    }

    /// "3.1.3 Werkelijk 2021" or "5.3.1 Roken Werkelijk 2021".
    fn describe_cell(&self, cell: &CellAddress) -> String {
        self.language()
            .cell_name(&cell.indicator.code, &cell.series, cell.column)
    }

    fn replace(&mut self, store: Store, document: Document, is_sample: bool) {
        self.store = store;
        self.history = History::default();
        self.pristine = Some(self.history.state());
        self.document = document;
        self.generation += 1;
        self.is_sample = is_sample;
        self.selected = None;
        self.message = None;
    }

    fn remember_export_folder(&mut self, path: &Path) {
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            self.settings.last_export_folder = Some(folder.to_path_buf());
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let recent = &mut self.settings.recent_files;
        recent.retain(|known| known != &path);
        recent.insert(0, path);
        recent.truncate(RECENT_FILES_KEPT);
    }
}

/// Writes an export's bytes to `path`, all at once or not at all
/// ([`crate::files::write_atomically`]); the job's outcome says `done` with the path.
fn write_exported(path: PathBuf, bytes: &[u8], done: &'static str) -> anyhow::Result<JobOutcome> {
    crate::files::write_atomically(&path, bytes).map_err(|source| CommandError::WriteFile {
        path: path.clone(),
        source,
    })?;
    Ok(JobOutcome::Exported { path, done })
}

/// Gives the incoming indicator of `difference` a code of its own, naming its source.
pub fn keep_apart(draft: &mut Document, difference: &NameDifference, source_title: &str) {
    let new_code = format!("{} ({source_title})", difference.code);
    for programme in draft
        .programmes
        .iter_mut()
        .filter(|programme| programme.name == difference.programme)
    {
        for indicator in programme
            .goals
            .iter_mut()
            .flat_map(|goal| goal.indicators.iter_mut())
            .filter(|indicator| indicator.code == difference.code)
        {
            indicator.code = new_code.clone();
        }
    }
}

/// The cell that counts at `address` (see [`Indicator::cell`]), to change.
fn speaking_cell_mut<'a>(
    indicator: &'a mut Indicator,
    address: &CellAddress,
) -> anyhow::Result<&'a mut Cell> {
    let index = indicator
        .cell(&address.series, address.column)
        .and_then(|speaking| {
            indicator
                .cells
                .iter()
                .position(|cell| std::ptr::eq(cell, speaking))
        })
        .ok_or(CommandError::EmptyCell)?;
    indicator
        .cells
        .get_mut(index)
        .ok_or_else(|| CommandError::EmptyCell.into())
}

/// Puts a typed value at `address`: it comes from the manual source and counts over what the
/// documents say, which stay on record beside it.
fn put_manual_value(indicator: &mut Indicator, address: &CellAddress, value: CellValue, raw: &str) {
    let mut manual_found = false;
    for cell in indicator
        .cells
        .iter_mut()
        .filter(|cell| cell.series == address.series && cell.column == address.column)
    {
        if cell.source == MANUAL_SOURCE {
            cell.value = value.clone();
            cell.raw = raw.to_string();
            cell.review = None;
            cell.chosen = true;
            manual_found = true;
        } else {
            cell.chosen = false;
        }
    }
    if !manual_found {
        indicator.cells.push(Cell {
            series: address.series.clone(),
            column: address.column,
            value,
            raw: raw.to_string(),
            footnotes: Vec::new(),
            review: None,
            source: MANUAL_SOURCE.to_string(),
            chosen: true,
        });
    }
}

/// The source of next year's budget: after the newest budgeted year, of the same municipality.
pub fn next_budget_year(document: &Document) -> Option<Source> {
    let newest = document
        .columns()
        .into_iter()
        .filter(|column| column.kind == ValueKind::Budget)
        .filter_map(|column| column.year)
        .max()?;
    let year = newest + 1;
    let municipality = document
        .sources
        .iter()
        .find(|source| source.kind == DocumentKind::Budget)
        .or_else(|| document.sources.first())
        .map(|source| source.municipality.clone())
        .unwrap_or_default();
    let title = format!("Begroting {year}");
    let key = if municipality.is_empty() {
        title.clone()
    } else {
        format!("{municipality} {title}")
    };
    Some(Source {
        key,
        title,
        municipality,
        kind: DocumentKind::Budget,
        year: Some(year),
        file_name: String::new(),
        footnotes: Default::default(),
    })
}

/// The edit that adds next year's budget: for every row an empty cell for the new budget year
/// and for the realised year after the newest one, from `next`. Nothing is removed.
fn roll_into_next_budget_year(document: &Document, next: Source) -> Edit {
    let Some(budget_year) = next.year else {
        return Edit::default();
    };
    let newest_realised = document
        .columns()
        .into_iter()
        .filter(|column| column.kind == ValueKind::Realised)
        .filter_map(|column| column.year)
        .max();
    let mut new_columns = vec![Column::new(ValueKind::Budget, budget_year)];
    if let Some(realised) = newest_realised.filter(|year| *year + 1 < budget_year) {
        new_columns.insert(0, Column::new(ValueKind::Realised, realised + 1));
    }
    let key = next.key.clone();
    let mut patches: Vec<Patch> = edit::add_source(document, next).into_iter().collect();
    patches.extend(edit::change_each_indicator(document, |indicator| {
        for series in indicator.value_rows() {
            for column in &new_columns {
                if indicator.candidates(&series, *column).is_empty() {
                    indicator.cells.push(Cell::blank(&series, *column, &key));
                }
            }
        }
    }));
    Edit::of(patches)
}

/// The source of values typed in by a person.
fn manual_source() -> Source {
    Source {
        key: MANUAL_SOURCE.to_string(),
        title: "Handmatig ingevoerd".to_string(),
        municipality: String::new(),
        kind: DocumentKind::Other,
        year: None,
        file_name: String::new(),
        footnotes: Default::default(),
    }
}

/// Whether `path` names a Peilstok document (rather than a text, CSV, JSON or spreadsheet to
/// import). A file with an extension Peilstok does not import is tried as a document.
pub fn is_document_path(path: &Path) -> bool {
    path.extension().is_some()
        && !Format::of_path(path).is_some_and(|format| Format::IMPORTED.contains(&format))
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
    use crate::model::Marker;

    #[test]
    fn a_bad_file_leaves_the_open_document_and_says_why() {
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        let before = state.document().clone();
        state.handle(Command::Open(PathBuf::from("/nonexistent/x.peilstok")));
        state.finish_work();
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
    fn a_new_budget_year_adds_empty_columns_and_loses_nothing() {
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        let before = state.document().clone();
        state.handle(Command::NewBudgetYear);
        assert!(
            matches!(&state.message, Some(Message::Info(text)) if text.ends_with("Begroting 2024 gemeente Diemen")),
            "{:?}",
            state.message
        );
        let after = state.document();
        let source = after.source("Diemen Begroting 2024").unwrap();
        assert_eq!(
            (source.kind, source.year),
            (DocumentKind::Budget, Some(2024))
        );
        let realised_2022 = Column::new(ValueKind::Realised, 2022);
        let budget_2024 = Column::new(ValueKind::Budget, 2024);
        for (_, _, old) in before.indicators() {
            let new = after
                .indicators()
                .find(|(_, _, new)| new.code == old.code)
                .map(|(_, _, new)| new)
                .unwrap();
            for cell in &old.cells {
                assert!(new.cells.contains(cell), "{} keeps {:?}", old.code, cell);
            }
        }
        for summary in after.completeness() {
            if summary.column == realised_2022 || summary.column == budget_2024 {
                assert_eq!(summary.missing.get(&Marker::Blank), Some(&summary.rows));
                assert_eq!(summary.rows, 53, "every row, sub-rows included");
            }
        }
        assert!(state.unsaved());
        assert!(matches!(&state.message, Some(Message::Info(text)) if text.contains("toegevoegd")));
        state.handle(Command::Undo);
        assert_eq!(state.document(), &before);
        assert!(!state.unsaved());
        assert_eq!(
            state.message, None,
            "the report of the undone change goes with it"
        );
    }

    fn id(code: &str) -> IndicatorId {
        IndicatorId {
            programme: "Sociaal".into(),
            code: code.into(),
        }
    }

    #[test]
    fn names_units_footnotes_and_review_are_edited_as_one_change_each() {
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        state.handle(Command::EditIndicator {
            indicator: id("2.1.1"),
            name: "  Doorlooptijd Wmo-maatwerk  ".into(),
            unit: "werkdagen".into(),
            better: Some(Better::Lower),
        });
        state.handle(Command::EditFootnote {
            source: "Diemen Begroting 2023".into(),
            number: 3,
            text: "Geen gegevens op waarstaatjegemeente.nl (peildatum 1 juli)".into(),
        });
        let flagged = CellAddress {
            indicator: id("2.1.1"),
            series: String::new(),
            column: Column::new(ValueKind::Realised, 2020),
        };
        state.handle(Command::AcceptCell(flagged.clone()));
        let document = state.document();
        let indicator = document.indicator(&id("2.1.1")).unwrap();
        assert_eq!(
            (
                indicator.name.as_str(),
                indicator.unit.as_str(),
                indicator.better
            ),
            (
                "Doorlooptijd Wmo-maatwerk",
                "werkdagen",
                Some(Better::Lower)
            )
        );
        assert_eq!(
            document.footnote_text("Diemen Begroting 2023", 3),
            Some("Geen gegevens op waarstaatjegemeente.nl (peildatum 1 juli)")
        );
        let cell = indicator.cell("", flagged.column).unwrap();
        assert_eq!((cell.review.as_ref(), cell.raw.as_str()), (None, "431"));
        assert_eq!(state.undo_label(), Some("2.1.1 Werkelijk 2020"));
        // An empty name is refused in words; nothing changes.
        let before = state.document().clone();
        state.handle(Command::EditIndicator {
            indicator: id("2.1.1"),
            name: "  ".into(),
            unit: String::new(),
            better: None,
        });
        assert!(
            matches!(&state.message, Some(Message::Error(text)) if text.contains("heeft een naam nodig"))
        );
        assert_eq!(state.document(), &before);
        for _ in 0..3 {
            state.handle(Command::Undo);
        }
        assert_eq!(state.document(), &sample_document().unwrap());
    }

    #[test]
    fn indicators_sub_series_and_columns_are_added_and_removed_and_undone() {
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        let sample = state.document().clone();
        state.handle(Command::AddIndicator {
            programme: "Sociaal".into(),
            goal: "3".into(),
            code: "3.1.10".into(),
            name: "Aantal statushouders aan het werk".into(),
            unit: "aantal".into(),
        });
        let added = state.document().indicator(&id("3.1.10")).unwrap();
        assert_eq!(added.source, MANUAL_SOURCE);
        // A code the programme has already is refused in words, and nothing changes.
        let before = state.document().clone();
        state.handle(Command::AddIndicator {
            programme: "Sociaal".into(),
            goal: "3".into(),
            code: "3.1.3".into(),
            name: "dubbel".into(),
            unit: String::new(),
        });
        assert!(
            matches!(&state.message, Some(Message::Error(text)) if text.contains("heeft al een indicator 3.1.3"))
        );
        assert_eq!(state.document(), &before);

        state.handle(Command::AddSeries {
            indicator: id("3.1.10"),
            name: "Mannen".into(),
        });
        let column = Column::new(ValueKind::Forecast, 2023);
        state.handle(Command::AddColumn(column));
        let document = state.document();
        assert!(document.columns().contains(&column));
        let blanks = document
            .indicators()
            .flat_map(|(_, _, indicator)| &indicator.cells)
            .filter(|cell| cell.column == column)
            .count();
        assert_eq!(
            blanks,
            53 + 1,
            "every row of the sample, and the new sub-row"
        );
        state.handle(Command::RemoveColumn(Column::new(
            ValueKind::Realised,
            2020,
        )));
        assert!(
            !state
                .document()
                .columns()
                .contains(&Column::new(ValueKind::Realised, 2020))
        );
        state.handle(Command::RemoveSeries {
            indicator: id("3.1.10"),
            name: "Mannen".into(),
        });
        state.handle(Command::RemoveIndicator(id("3.1.3")));
        assert!(state.document().indicator(&id("3.1.3")).is_none());
        for _ in 0..6 {
            state.handle(Command::Undo);
        }
        assert_eq!(state.document(), &sample, "six changes, six undos");
        state.handle(Command::Undo);
        assert!(
            matches!(&state.message, Some(Message::Error(text)) if text.contains("niets om ongedaan te maken"))
        );
    }

    #[test]
    fn changes_wait_while_save_as_writes_and_go_on_after() {
        let directory = tempfile::tempdir().unwrap();
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        let before = state.document().clone();
        let cell = CellAddress {
            indicator: id("3.1.3"),
            series: String::new(),
            column: Column::new(ValueKind::Realised, 2021),
        };
        let path = directory.path().join("diemen.peilstok");
        state.handle(Command::SaveAs(path.clone()));
        // The store is with the save until its outcome is taken in: a change waits, and so
        // does anything that would replace the document.
        state.handle(Command::EditCell {
            cell: cell.clone(),
            text: "69,1".into(),
        });
        let Some(Message::Error(text)) = &state.message else {
            panic!("expected a refusal, got {:?}", state.message);
        };
        assert!(text.contains("bezig"), "{text}");
        assert_eq!(state.document(), &before);
        state.handle(Command::NewDocument);
        assert_eq!(state.document(), &before);
        state.finish_work();
        assert_eq!(state.path(), Some(path.as_path()));
        state.handle(Command::EditCell {
            cell,
            text: "69,1".into(),
        });
        assert!(
            !matches!(state.message, Some(Message::Error(_))),
            "{:?}",
            state.message
        );
        assert_ne!(state.document(), &before);
        assert_eq!(
            &Store::open(&path).unwrap().load().unwrap(),
            state.document()
        );
    }

    #[test]
    fn two_windows_on_one_file_never_overwrite_each_other() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("gedeeld.peilstok");
        let mut first = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        first.handle(Command::SaveAs(path.clone()));
        first.finish_work();
        let mut second = AppState::new(Settings::default(), StartWith::File(path.clone())).unwrap();
        second.finish_work();
        assert_eq!(second.document(), first.document());
        let cell = |code: &str| CellAddress {
            indicator: id(code),
            series: String::new(),
            column: Column::new(ValueKind::Realised, 2021),
        };
        first.handle(Command::EditCell {
            cell: cell("3.1.3"),
            text: "69,1".into(),
        });
        assert!(!matches!(first.message, Some(Message::Error(_))));
        // The second window still shows the old file: its change is refused, not written over
        // the first's, and it reads the file again.
        second.handle(Command::EditCell {
            cell: cell("3.1.4"),
            text: "12".into(),
        });
        let Some(Message::Error(text)) = &second.message else {
            panic!("expected a refusal, got {:?}", second.message);
        };
        assert!(
            text.contains("door een ander programma gewijzigd"),
            "{text}"
        );
        assert_eq!(second.document(), first.document());
        // Made again, it is written, and the first window sees it when it looks.
        let reread = second.document().clone();
        second.handle(Command::EditCell {
            cell: cell("3.1.4"),
            text: "12".into(),
        });
        assert_ne!(second.document(), &reread);
        assert_eq!(
            &Store::open(&path).unwrap().load().unwrap(),
            second.document()
        );
        assert!(first.watch_file());
        assert_eq!(first.document(), second.document());
        assert!(!first.watch_file(), "nothing new the second time");
        assert_eq!(
            &Store::open(&path).unwrap().load().unwrap(),
            first.document()
        );
    }

    #[test]
    fn save_as_adds_the_extension_and_remembers_the_file() {
        let directory = tempfile::tempdir().unwrap();
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        state.handle(Command::SaveAs(directory.path().join("diemen")));
        state.finish_work();
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

        // Moved away, it leaves the recent list at the next start, with a word why.
        let settings = state.settings.clone();
        std::fs::rename(&saved, directory.path().join("elders.peilstok")).unwrap();
        let state = AppState::new(settings, StartWith::Sample).unwrap();
        assert!(state.settings.recent_files.is_empty());
        assert!(
            matches!(&state.message, Some(Message::Info(text)) if text.contains("diemen.peilstok")),
            "{:?}",
            state.message
        );
    }

    #[test]
    fn an_export_remembers_its_folder_for_the_next() {
        let directory = tempfile::tempdir().unwrap();
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        state.handle(Command::ExportDocument(directory.path().join("diemen.csv")));
        assert_eq!(
            state.settings.last_export_folder.as_deref(),
            Some(directory.path())
        );
    }

    /// The window refuses an export over its own document (a report keeps the extension it was
    /// given) or over any other document, in the window's language, and writes nothing.
    #[test]
    fn an_export_over_a_document_is_refused_in_words_of_the_window() {
        let directory = tempfile::tempdir().unwrap();
        let mut state = AppState::new(Settings::default(), StartWith::Sample).unwrap();
        let own = directory.path().join("diemen.peilstok");
        state.handle(Command::SaveAs(own.clone()));
        state.finish_work();
        let disguised = directory.path().join("kopie.csv");
        std::fs::copy(&own, &disguised).unwrap();
        let before = (
            std::fs::read(&own).unwrap(),
            std::fs::read(&disguised).unwrap(),
        );
        let refusal = |state: &mut AppState, command: Command| {
            state.message = None;
            state.handle(command);
            state.finish_work();
            match &state.message {
                Some(Message::Error(text)) => text.clone(),
                other => panic!("expected a refusal, got {other:?}"),
            }
        };
        let report = || Command::ExportReport {
            path: own.clone(),
            options: ReportOptions::new(Language::Dutch),
        };
        let text = refusal(&mut state, report());
        assert!(
            text.contains("is het document dat wordt geëxporteerd"),
            "{text}"
        );
        assert!(crate::i18n::english_words_in(&text).is_empty(), "{text}");
        let text = refusal(&mut state, Command::ExportDocument(disguised.clone()));
        assert!(text.contains("is een Peilstok-document"), "{text}");
        assert!(crate::i18n::english_words_in(&text).is_empty(), "{text}");
        state.settings.language = Language::English;
        let text = refusal(&mut state, Command::ExportDocument(disguised.clone()));
        assert!(text.contains("is a Peilstok document"), "{text}");
        assert_eq!(
            (
                std::fs::read(&own).unwrap(),
                std::fs::read(&disguised).unwrap()
            ),
            before
        );
    }
}
