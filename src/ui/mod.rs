//! The window. The only part of Peilstok that knows egui.
//!
//! Each frame draws from [`AppState`] and collects the user's actions as [`Command`]s, which are
//! handled after drawing, in one place ([`AppState::handle`]).

mod colours;
mod guided;
mod indicator_dialog;
mod plot;
mod report_dialog;
mod review;
mod sidebar;
mod structure_dialog;
mod table;

use std::path::{Path, PathBuf};

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::app::{AppState, Command, Message, Settings, StartWith, UnsavedAnswer};
use crate::chart::TrendChart;
use crate::formats::Format;
use crate::i18n::Language;
use crate::model::IndicatorId;
use crate::store::EXTENSION;

/// The grip between the table and the plot.
const SPLITTER_HEIGHT: f32 = 8.0;

/// The grip between the table and the plot: drawn as a line, dragged up or down; gives back how
/// far it was dragged this frame.
fn splitter_ui(ui: &mut egui::Ui, rect: egui::Rect) -> Option<f32> {
    let response = ui.interact(
        rect,
        ui.scope_id().with("table_plot_splitter"),
        egui::Sense::drag(),
    );
    let stroke = if response.hovered() || response.dragged() {
        ui.visuals().widgets.hovered.fg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter().hline(rect.x_range(), rect.center().y, stroke);
    if response.hovered() || response.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeVertical);
    }
    response
        .dragged()
        .then(|| response.drag_delta().y)
        .filter(|delta| *delta != 0.0)
}

/// The status line's height: one line of text.
const STATUS_LINE_HEIGHT: f32 = 28.0;

/// Where settings are kept in eframe's storage.
const SETTINGS_KEY: &str = "peilstok-settings";

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const PRINT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::P);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const REDO_SHIFT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const PASTE_IMPORT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::V);

/// Opens the window on `start` and runs until it is closed.
pub fn run(start: StartWith) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Peilstok")
            .with_app_id("peilstok")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Peilstok",
        options,
        Box::new(move |cc| {
            let settings = cc
                .storage
                .and_then(|storage| eframe::get_value::<Settings>(storage, SETTINGS_KEY))
                .unwrap_or_default();
            let mut app = PeilstokApp::new(&cc.egui_ctx, settings, start, Box::new(NativeDialogs))?;
            if let Some(directory) = eframe::storage_dir("peilstok") {
                app.keep_recovery_in(directory.join("recovery"));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("could not open the window: {error}"))
}

/// Asks the user for file names. Native dialogs in the app; a stand-in in tests.
pub trait FileChooser {
    /// A document to open.
    fn open_document(&self, language: Language) -> Option<PathBuf>;
    /// Where to save the document.
    fn save_document(&self, language: Language, suggested_name: &str) -> Option<PathBuf>;
    /// A budget text or long CSV to import.
    fn import_file(&self, language: Language) -> Option<PathBuf>;
    /// Where to save a chart; the name's extension (`svg`, `png`, `pdf`) picks the format. The
    /// suggestion is a file name in the folder of the last export (when there was one).
    fn save_chart(&self, language: Language, suggested: &Path) -> Option<PathBuf>;
    /// Where to save a report (PDF).
    fn save_report(&self, language: Language, suggested: &Path) -> Option<PathBuf>;
    /// Where to write the document for other programs; the extension (`csv`, `json`, `xlsx`)
    /// picks the format.
    fn save_exchange(&self, language: Language, suggested: &Path) -> Option<PathBuf>;
}

/// Answers every file dialog with Cancel: for benchmarks and tests that give no file.
pub struct NoDialogs;

impl FileChooser for NoDialogs {
    fn open_document(&self, _language: Language) -> Option<PathBuf> {
        None
    }

    fn save_document(&self, _language: Language, _suggested_name: &str) -> Option<PathBuf> {
        None
    }

    fn import_file(&self, _language: Language) -> Option<PathBuf> {
        None
    }

    fn save_chart(&self, _language: Language, _suggested: &Path) -> Option<PathBuf> {
        None
    }

    fn save_report(&self, _language: Language, _suggested: &Path) -> Option<PathBuf> {
        None
    }

    fn save_exchange(&self, _language: Language, _suggested: &Path) -> Option<PathBuf> {
        None
    }
}

/// The file name of a suggestion.
fn file_name_of(suggested: &Path) -> String {
    suggested
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The folder of a suggestion, or the current one.
fn folder_of(suggested: &Path) -> &Path {
    suggested
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The operating system's file dialogs (xdg portal on Linux, zenity when there is no portal).
pub struct NativeDialogs;

impl FileChooser for NativeDialogs {
    fn open_document(&self, language: Language) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(language.texts().file_filter_name, &[EXTENSION])
            .pick_file()
    }

    fn save_document(&self, language: Language, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(language.texts().file_filter_name, &[EXTENSION])
            .set_file_name(suggested_name)
            .save_file()
    }

    fn import_file(&self, language: Language) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(
                language.texts().import_filter_name,
                &Format::extensions_of(&Format::IMPORTED),
            )
            .pick_file()
    }

    fn save_chart(&self, language: Language, suggested: &Path) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(
                language.texts().chart_filter_name,
                &Format::extensions_of(&Format::CHART_EXPORTS),
            )
            .set_file_name(file_name_of(suggested))
            .set_directory(folder_of(suggested))
            .save_file()
    }

    fn save_report(&self, language: Language, suggested: &Path) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(
                language.texts().report_filter_name,
                Format::Pdf.extensions(),
            )
            .set_file_name(file_name_of(suggested))
            .set_directory(folder_of(suggested))
            .save_file()
    }

    fn save_exchange(&self, language: Language, suggested: &Path) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(
                language.texts().document_filter_name,
                &Format::extensions_of(&Format::DOCUMENT_EXPORTS),
            )
            .set_file_name(file_name_of(suggested))
            .set_directory(folder_of(suggested))
            .save_file()
    }
}

/// The charts shown, with what they were made from (so they are rebuilt only when that
/// changes): one chart, or several when indicators with different units are compared.
struct ShownCharts {
    indicators: Vec<IndicatorId>,
    language: Language,
    generation: u64,
    charts: Vec<TrendChart>,
}

/// A window of the Help menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HelpWindow {
    About,
    Markers,
}

/// A menu of the menu bar, as the keyboard reaches it.
#[derive(Clone, Copy, Debug)]
struct MenuKeys {
    button: egui::Id,
    popup: egui::Id,
}

/// The eframe application.
pub struct PeilstokApp {
    state: AppState,
    chooser: Box<dyn FileChooser>,
    shown_charts: Option<ShownCharts>,
    shown_title: String,
    review: review::ReviewView,
    /// The paste dialog's text, while it is open.
    paste_text: Option<String>,
    /// The report dialog, while it is open.
    report_dialog: Option<report_dialog::ReportDialog>,
    /// The table's current cell and cell editor.
    table: table::TableView,
    /// What the side panel keeps between frames.
    sidebar: sidebar::SidebarView,
    /// The indicator dialog, while it is open.
    indicator_dialog: Option<indicator_dialog::IndicatorDialog>,
    /// A dialog that adds an indicator, sub-series or column, while it is open.
    structure_dialog: Option<structure_dialog::StructureDialog>,
    /// The window was told to close (once: the close then happens, or the platform refuses).
    close_sent: bool,
    /// The menus of the menu bar as last drawn, for F10 and Alt+letter.
    menus: Vec<MenuKeys>,
    /// The Help window shown, if any.
    help: Option<HelpWindow>,
    /// When the document's file was last looked at for changes by another program.
    file_watched: std::time::Instant,
}

/// How often the window looks whether another program changed the open document.
const FILE_WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

impl PeilstokApp {
    /// The application on `start`, asking for file names with `chooser`.
    pub fn new(
        ctx: &egui::Context,
        settings: Settings,
        start: StartWith,
        chooser: Box<dyn FileChooser>,
    ) -> anyhow::Result<Self> {
        // Printed figures are read on white; a light theme matches the page.
        ctx.set_theme(egui::Theme::Light);
        if let Some(zoom) = settings.zoom.filter(|zoom| (0.5..=3.0).contains(zoom)) {
            ctx.set_zoom_factor(zoom);
        }
        Ok(PeilstokApp {
            state: AppState::new(settings, start)?,
            chooser,
            shown_charts: None,
            shown_title: String::new(),
            review: review::ReviewView::default(),
            paste_text: None,
            report_dialog: None,
            table: table::TableView::default(),
            sidebar: sidebar::SidebarView::default(),
            indicator_dialog: None,
            structure_dialog: None,
            close_sent: false,
            menus: Vec::new(),
            help: None,
            file_watched: std::time::Instant::now(),
        })
    }

    /// The state behind the window (for tests and inspection).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Keeps an untitled document's changes in `directory` against a crash, and offers what a
    /// previous run left there.
    pub fn keep_recovery_in(&mut self, directory: PathBuf) {
        self.state.keep_recovery_in(directory);
    }

    /// Prints by `print_path` instead of the operating system's print path.
    pub fn print_by(&mut self, print_path: crate::print::PrintPath) {
        self.state.print_by(print_path);
    }

    /// Carries out a command as if the user had given it.
    pub fn handle(&mut self, command: Command) {
        self.state.handle(command);
    }

    /// The chart of the selected indicator, or of the indicators compared (the first of the
    /// small multiples when their units differ).
    pub fn selected_chart(&mut self) -> Option<&TrendChart> {
        self.refresh_chart();
        self.shown_charts
            .as_ref()
            .and_then(|shown| shown.charts.first())
    }

    /// The charts shown: one, or small multiples.
    pub fn shown_charts(&mut self) -> &[TrendChart] {
        self.refresh_chart();
        self.shown_charts
            .as_ref()
            .map_or(&[], |shown| shown.charts.as_slice())
    }

    /// Rebuilds the chart descriptions only when selection, language or document changed.
    fn refresh_chart(&mut self) {
        let indicators = self.state.charted();
        let language = self.state.language();
        let generation = self.state.generation();
        let current = self.shown_charts.as_ref().is_some_and(|shown| {
            shown.indicators == indicators
                && shown.language == language
                && shown.generation == generation
        });
        if current {
            return;
        }
        self.shown_charts = Some(ShownCharts {
            charts: self.state.charts(),
            indicators,
            language,
            generation,
        });
    }

    fn shortcuts(&self, ctx: &egui::Context, commands: &mut Vec<UiAction>) {
        // The most specific shortcut first: Ctrl+Shift+S also matches Ctrl+S logically.
        if ctx.input_mut(|input| input.consume_shortcut(&SAVE_AS)) {
            commands.push(UiAction::AskSaveAs);
        }
        if ctx.input_mut(|input| input.consume_shortcut(&SAVE)) {
            commands.push(UiAction::Save);
        }
        if ctx.input_mut(|input| input.consume_shortcut(&OPEN)) {
            commands.push(UiAction::AskOpen);
        }
        // A text field has its own undo; the document's undo waits until it has let go.
        if !ctx.egui_wants_keyboard_input() {
            if ctx.input_mut(|input| input.consume_shortcut(&REDO_SHIFT))
                || ctx.input_mut(|input| input.consume_shortcut(&REDO))
            {
                commands.push(UiAction::Do(Command::Redo));
            }
            if ctx.input_mut(|input| input.consume_shortcut(&UNDO)) {
                commands.push(UiAction::Do(Command::Undo));
            }
        }
        if ctx.input_mut(|input| input.consume_shortcut(&PRINT)) {
            commands.push(UiAction::OpenReport(report_dialog::ReportPurpose::Print));
        }
        if ctx.input_mut(|input| input.consume_shortcut(&QUIT)) {
            commands.push(UiAction::Do(Command::Quit));
        }
        if ctx.input_mut(|input| input.consume_shortcut(&PASTE_IMPORT)) {
            // The pasted text arrives as a paste event in the same frame; the dialog shows it.
            let pasted = ctx.input(|input| {
                input.events.iter().find_map(|event| match event {
                    egui::Event::Paste(text) => Some(text.clone()),
                    _ => None,
                })
            });
            commands.push(UiAction::OpenPaste(pasted.unwrap_or_default()));
        }
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            commands.push(UiAction::Do(if crate::app::is_document_path(&path) {
                Command::Open(path)
            } else {
                Command::ImportFile(path)
            }));
        }
    }

    /// The menu bar; gives back each menu's button and popup, for the keyboard (F10, Alt+letter).
    fn menu_bar_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<UiAction>) -> Vec<MenuKeys> {
        let language = self.state.language();
        let texts = language.texts();
        let mut menus = Vec::new();
        let mut remember = |response: &egui::Response| {
            menus.push(MenuKeys {
                button: response.id,
                popup: egui::Popup::default_response_id(response),
            });
        };
        egui::MenuBar::new().ui(ui, |ui| {
            let file = ui.menu_button(texts.menu_file, |ui| {
                if ui.button(texts.menu_new).clicked() {
                    actions.push(UiAction::Do(Command::NewDocument));
                }
                if ui
                    .add(
                        egui::Button::new(texts.menu_open)
                            .shortcut_text(ui.ctx().format_shortcut(&OPEN)),
                    )
                    .clicked()
                {
                    actions.push(UiAction::AskOpen);
                }
                if ui.button(texts.menu_open_sample).clicked() {
                    actions.push(UiAction::Do(Command::OpenSample));
                }
                if ui.button(texts.menu_import).clicked() {
                    actions.push(UiAction::AskImport);
                }
                let has_chart = self.state.selected.is_some();
                if ui
                    .add_enabled(has_chart, egui::Button::new(texts.menu_export_chart))
                    .clicked()
                {
                    actions.push(UiAction::AskExportChart(Format::Pdf));
                }
                if ui
                    .add_enabled(has_chart, egui::Button::new(texts.menu_print_chart))
                    .clicked()
                {
                    actions.push(UiAction::Do(Command::PrintChart));
                }
                let has_indicators = self.state.document().indicators().next().is_some();
                if ui
                    .add_enabled(
                        has_indicators,
                        egui::Button::new(texts.menu_export_document),
                    )
                    .clicked()
                {
                    actions.push(UiAction::AskExportDocument);
                }
                if ui
                    .add_enabled(has_indicators, egui::Button::new(texts.menu_export_report))
                    .clicked()
                {
                    actions.push(UiAction::OpenReport(report_dialog::ReportPurpose::Export));
                }
                if ui
                    .add_enabled(
                        has_indicators,
                        egui::Button::new(texts.menu_print)
                            .shortcut_text(ui.ctx().format_shortcut(&PRINT)),
                    )
                    .clicked()
                {
                    actions.push(UiAction::OpenReport(report_dialog::ReportPurpose::Print));
                }
                ui.menu_button(texts.menu_recent, |ui| {
                    if self.state.settings.recent_files.is_empty() {
                        ui.weak(texts.menu_recent_none);
                    }
                    for path in &self.state.settings.recent_files {
                        if ui.button(path.display().to_string()).clicked() {
                            actions.push(UiAction::Do(Command::Open(path.clone())));
                        }
                    }
                });
                ui.separator();
                if ui
                    .add(
                        egui::Button::new(texts.menu_save_as)
                            .shortcut_text(ui.ctx().format_shortcut(&SAVE_AS)),
                    )
                    .clicked()
                {
                    actions.push(UiAction::AskSaveAs);
                }
                ui.separator();
                if ui
                    .add(
                        egui::Button::new(texts.menu_quit)
                            .shortcut_text(ui.ctx().format_shortcut(&QUIT)),
                    )
                    .clicked()
                {
                    actions.push(UiAction::Do(Command::Quit));
                }
            });
            remember(&file.response);
            let edit = ui.menu_button(texts.menu_edit, |ui| {
                let undo = self
                    .state
                    .undo_label()
                    .map_or(texts.menu_undo.to_string(), |what| {
                        format!("{}: {what}", texts.menu_undo)
                    });
                if ui
                    .add_enabled(
                        self.state.undo_label().is_some(),
                        egui::Button::new(undo).shortcut_text(ui.ctx().format_shortcut(&UNDO)),
                    )
                    .clicked()
                {
                    actions.push(UiAction::Do(Command::Undo));
                }
                let redo = self
                    .state
                    .redo_label()
                    .map_or(texts.menu_redo.to_string(), |what| {
                        format!("{}: {what}", texts.menu_redo)
                    });
                if ui
                    .add_enabled(
                        self.state.redo_label().is_some(),
                        egui::Button::new(redo).shortcut_text(ui.ctx().format_shortcut(&REDO)),
                    )
                    .clicked()
                {
                    actions.push(UiAction::Do(Command::Redo));
                }
                ui.separator();
                if ui.button(format!("{}…", texts.add_column)).clicked() {
                    actions.push(UiAction::OpenStructure(
                        structure_dialog::StructureDialog::Column {
                            kind: crate::model::ValueKind::Realised,
                            year: String::new(),
                        },
                    ));
                }
                if ui
                    .add_enabled(
                        crate::app::next_budget_year(self.state.document()).is_some(),
                        egui::Button::new(texts.menu_new_budget_year),
                    )
                    .clicked()
                {
                    actions.push(UiAction::Do(Command::NewBudgetYear));
                }
                ui.separator();
                if ui
                    .add(
                        egui::Button::new(texts.menu_paste_import)
                            .shortcut_text(ui.ctx().format_shortcut(&PASTE_IMPORT)),
                    )
                    .clicked()
                {
                    actions.push(UiAction::OpenPaste(String::new()));
                }
            });
            remember(&edit.response);
            let view = ui.menu_button(texts.menu_view, |ui| {
                let mut shown = !self.state.settings.hide_sidebar;
                if ui.checkbox(&mut shown, texts.menu_show_sidebar).changed() {
                    actions.push(UiAction::Do(Command::ShowSidebar(shown)));
                }
            });
            remember(&view.response);
            let language_menu = ui.menu_button(texts.menu_language, |ui| {
                for choice in Language::ALL {
                    if ui.radio(language == choice, choice.native_name()).clicked() {
                        actions.push(UiAction::Do(Command::SetLanguage(choice)));
                    }
                }
            });
            remember(&language_menu.response);
            let help = ui.menu_button(texts.menu_help, |ui| {
                if ui.button(texts.menu_markers).clicked() {
                    actions.push(UiAction::ShowHelp(HelpWindow::Markers));
                }
                if ui.button(texts.menu_about).clicked() {
                    actions.push(UiAction::ShowHelp(HelpWindow::About));
                }
            });
            remember(&help.response);
        });
        menus
    }

    /// Help ▸ Over Peilstok or Help ▸ Markeringen, while open.
    fn help_window_ui(&mut self, ctx: &egui::Context) {
        let Some(shown) = self.help else {
            return;
        };
        let language = self.state.language();
        let texts = language.texts();
        let title = match shown {
            HelpWindow::About => texts.menu_about,
            HelpWindow::Markers => texts.menu_markers,
        };
        let mut open = true;
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(460.0)
            .show(ctx, |ui| match shown {
                HelpWindow::About => {
                    ui.heading(texts.app_name);
                    ui.label(texts.about_text);
                    ui.add_space(6.0);
                    egui::Grid::new("about").num_columns(2).show(ui, |ui| {
                        ui.label(texts.about_version);
                        ui.label(env!("CARGO_PKG_VERSION"));
                        ui.end_row();
                        ui.label(texts.about_document_format);
                        ui.label(crate::store::SCHEMA_VERSION.to_string());
                        ui.end_row();
                    });
                }
                HelpWindow::Markers => {
                    ui.label(texts.markers_intro);
                    ui.add_space(6.0);
                    egui::Grid::new("markers").num_columns(2).show(ui, |ui| {
                        for entry in language.sign_legend() {
                            ui.label(colours::on(
                                entry.background,
                                egui::RichText::new(&entry.sign).strong(),
                            ));
                            ui.label(&entry.meaning);
                            ui.end_row();
                        }
                    });
                }
            });
        if !open {
            self.help = None;
        }
    }

    /// F10 opens the first menu, Alt and a menu's letter (`texts.menu_access_keys`) opens that
    /// menu; the arrow keys and Enter do the rest (egui's menus know them).
    fn menu_keys(&self, ctx: &egui::Context) {
        let letters = self.state.language().texts().menu_access_keys;
        let chosen = ctx.input_mut(|input| {
            if input.consume_key(Modifiers::NONE, Key::F10) {
                return Some(0);
            }
            letters.chars().position(|letter| {
                Key::from_name(&letter.to_string())
                    .is_some_and(|key| input.consume_key(Modifiers::ALT, key))
            })
        });
        if let Some(menu) = chosen.and_then(|index| self.menus.get(index)) {
            for other in &self.menus {
                egui::Popup::close_id(ctx, other.popup);
            }
            egui::Popup::open_id(ctx, menu.popup);
            ctx.memory_mut(|memory| memory.request_focus(menu.button));
        }
    }

    /// The paste dialog: a text field to paste budget text into, and "Read".
    fn paste_dialog_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<UiAction>) {
        let Some(text) = &mut self.paste_text else {
            return;
        };
        let texts = self.state.language().texts();
        let mut open = true;
        let mut read = false;
        egui::Window::new(texts.paste_title)
            .open(&mut open)
            .default_size([720.0, 480.0])
            .show(ctx, |ui| {
                let label = ui.label(texts.paste_hint);
                egui::ScrollArea::vertical()
                    .max_height(400.0)
                    .show(ui, |ui| {
                        ui.add(
                            egui::TextEdit::multiline(text)
                                .desired_rows(18)
                                .desired_width(f32::INFINITY)
                                .font(egui::TextStyle::Monospace),
                        )
                        .labelled_by(label.id);
                    });
                read = ui
                    .add_enabled(!text.trim().is_empty(), egui::Button::new(texts.paste_read))
                    .clicked();
            });
        if read {
            actions.push(UiAction::Do(Command::ImportText {
                text: std::mem::take(text),
                file_name: texts.pasted_source.to_string(),
            }));
            self.paste_text = None;
        } else if !open {
            self.paste_text = None;
        }
    }

    /// The status line: long work with its progress, else the last message (the whole text on
    /// hover), else "Klaar".
    fn status_line_ui(&self, ui: &mut egui::Ui, actions: &mut Vec<UiAction>) {
        let texts = self.state.language().texts();
        ui.horizontal_centered(|ui| {
            if let Some(status) = self.state.job_status() {
                ui.spinner();
                ui.label(format!("{} {}", status.doing, status.what));
                if let Some(progress) = status.progress {
                    ui.add(
                        egui::ProgressBar::new(progress.done as f32 / progress.total.max(1) as f32)
                            .desired_width(240.0)
                            .text(format!(
                                "{} {} {} {}",
                                texts.report_page, progress.done, texts.of_word, progress.total
                            )),
                    );
                }
                return;
            }
            let Some(message) = &self.state.message else {
                ui.weak(texts.status_ready);
                return;
            };
            let (text, colour) = match message {
                Message::Error(text) => (text, colours::of(crate::style::ERROR_TEXT)),
                Message::Info(text) => (text, ui.visuals().text_color()),
            };
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button(texts.dismiss).clicked() {
                    actions.push(UiAction::Do(Command::DismissMessage));
                }
                ui.add(
                    egui::Label::new(egui::RichText::new(text).color(colour).strong()).truncate(),
                )
                .on_hover_text(text);
            });
        });
    }

    /// "Wijzigingen opslaan?" while a command waits that would throw away unsaved changes.
    fn unsaved_dialog_ui(&self, ctx: &egui::Context, actions: &mut Vec<UiAction>) {
        if self.state.pending_discard.is_none() {
            return;
        }
        let texts = self.state.language().texts();
        let response = egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading(texts.unsaved_title);
            ui.label(texts.unsaved_question);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(texts.unsaved_save).clicked() {
                    actions.push(UiAction::AskSaveAs);
                }
                if ui.button(texts.unsaved_dont_save).clicked() {
                    actions.push(UiAction::Do(Command::AnswerUnsaved(
                        UnsavedAnswer::DontSave,
                    )));
                }
                if ui.button(texts.cancel).clicked() {
                    actions.push(UiAction::Do(Command::AnswerUnsaved(UnsavedAnswer::Cancel)));
                }
            });
        });
        // Escape or a click beside the dialog keeps the work.
        if response.should_close() {
            actions.push(UiAction::Do(Command::AnswerUnsaved(UnsavedAnswer::Cancel)));
        }
    }

    /// Offers what a previous run left in its recovery file.
    fn recovery_dialog_ui(&self, ctx: &egui::Context, actions: &mut Vec<UiAction>) {
        if self.state.recovery_offer.is_none() {
            return;
        }
        let texts = self.state.language().texts();
        egui::Modal::new(egui::Id::unique("recovery_offer")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading(texts.recovery_title);
            ui.label(texts.recovery_question);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(texts.recovery_restore).clicked() {
                    actions.push(UiAction::Do(Command::RestoreRecovery));
                }
                if ui.button(texts.recovery_discard).clicked() {
                    actions.push(UiAction::Do(Command::DiscardRecovery));
                }
            });
        });
    }

    /// `name` in the folder of the last export, where the next one most likely goes too.
    fn in_export_folder(&self, name: String) -> PathBuf {
        match &self.state.settings.last_export_folder {
            Some(folder) => folder.join(name),
            None => PathBuf::from(name),
        }
    }

    /// Turns the frame's actions into commands, asking for file names where needed.
    fn carry_out(&mut self, ctx: &egui::Context, actions: Vec<UiAction>) {
        let language = self.state.language();
        for action in actions {
            let command = match action {
                UiAction::Do(command) => Some(command),
                UiAction::AskOpen => self.chooser.open_document(language).map(Command::Open),
                UiAction::AskImport => self.chooser.import_file(language).map(Command::ImportFile),
                UiAction::AskExportChart(format) => {
                    let code = self
                        .state
                        .selected
                        .as_ref()
                        .map_or("grafiek", |id| id.code.as_str());
                    let suggested = self.in_export_folder(format!("{code}.{}", format.extension()));
                    self.chooser
                        .save_chart(language, &suggested)
                        .map(Command::ExportChart)
                }
                UiAction::OpenPaste(text) => {
                    self.paste_text = Some(text);
                    None
                }
                UiAction::ShowHelp(window) => {
                    self.help = Some(window);
                    None
                }
                UiAction::AskExportDocument => {
                    let suggested =
                        self.in_export_folder(format!("{}.xlsx", suggested_file_stem(&self.state)));
                    self.chooser
                        .save_exchange(language, &suggested)
                        .map(Command::ExportDocument)
                }
                UiAction::OpenStructure(dialog) => {
                    self.structure_dialog = Some(dialog);
                    None
                }
                UiAction::EditIndicator(id) => {
                    self.indicator_dialog = indicator_dialog::IndicatorDialog::new(id, &self.state);
                    None
                }
                UiAction::OpenReport(purpose) => {
                    self.report_dialog =
                        Some(report_dialog::ReportDialog::new(purpose, &self.state));
                    None
                }
                UiAction::AskExportReport(options) => {
                    let suggested =
                        self.in_export_folder(format!("{}.pdf", suggested_file_stem(&self.state)));
                    self.chooser
                        .save_report(language, &suggested)
                        .map(|path| Command::ExportReport { path, options })
                }
                UiAction::Save if self.state.path().is_some() => {
                    // Every change is already a committed transaction in the file.
                    None
                }
                UiAction::Save | UiAction::AskSaveAs => {
                    let suggested = format!("{}.{EXTENSION}", suggested_file_stem(&self.state));
                    self.chooser
                        .save_document(language, &suggested)
                        .map(Command::SaveAs)
                }
            };
            if let Some(command) = command {
                self.state.handle(command);
            }
        }
        if self.state.quit_requested && !self.close_sent {
            self.close_sent = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let title = self.state.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }
}

/// A file name to suggest when saving: the source's municipality and title, or "peilstok".
fn suggested_file_stem(state: &AppState) -> String {
    if let Some(path) = state.path().and_then(|path| path.file_stem()) {
        return path.to_string_lossy().into_owned();
    }
    state
        .document()
        .sources
        .first()
        .map(|source| {
            format!("{} {}", source.municipality, source.title)
                .trim()
                .to_string()
        })
        .filter(|stem| !stem.is_empty())
        .unwrap_or_else(|| "peilstok".to_string())
}

/// What the user did this frame, before file names are asked.
enum UiAction {
    Do(Command),
    /// Ask where to save the chart, suggesting this format.
    AskExportChart(Format),
    AskOpen,
    AskSaveAs,
    AskImport,
    OpenPaste(String),
    /// Open the report dialog.
    OpenReport(report_dialog::ReportPurpose),
    /// Ask where to write the document for other programs.
    AskExportDocument,
    /// Open the dialog to edit an indicator's name, unit and footnotes.
    EditIndicator(IndicatorId),
    /// Open a dialog that adds an indicator, sub-series or column.
    OpenStructure(structure_dialog::StructureDialog),
    /// Ask where to save the report.
    AskExportReport(crate::export::report::ReportOptions),
    /// Open a window of the Help menu.
    ShowHelp(HelpWindow),
    Save,
}

impl eframe::App for PeilstokApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let mut actions = Vec::new();
        if self.state.poll() {
            self.review = review::ReviewView::default();
        }
        // Another program (or window) may write the same document: look every few seconds,
        // and be woken to look even when nothing else happens.
        if self.file_watched.elapsed() >= FILE_WATCH_INTERVAL {
            self.file_watched = std::time::Instant::now();
            self.state.watch_file();
        }
        if self.state.path().is_some() {
            ui.ctx().request_repaint_after(FILE_WATCH_INTERVAL);
        }
        if self.state.busy().is_some() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(30));
        }
        self.shortcuts(ui.ctx(), &mut actions);
        // Closing the window asks first when unsaved changes would be lost.
        if ui.ctx().input(|input| input.viewport().close_requested()) && !self.state.quit_requested
        {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            actions.push(UiAction::Do(Command::Quit));
        }
        self.menu_keys(ui.ctx());
        // Ctrl + and Ctrl − zoom (egui's own keys); the zoom is kept for the next start.
        let zoom = ui.ctx().zoom_factor();
        if self.state.settings.zoom.unwrap_or(1.0) != zoom {
            actions.push(UiAction::Do(Command::SetZoom(zoom)));
        }
        self.menus = egui::Panel::top("menu_bar")
            .show(ui, |ui| self.menu_bar_ui(ui, &mut actions))
            .inner;
        // Messages and progress stand in a line of their own at the bottom, so they never move
        // the table (a double click lands where it was aimed).
        egui::Panel::bottom("status_line")
            .exact_size(STATUS_LINE_HEIGHT)
            .show(ui, |ui| self.status_line_ui(ui, &mut actions));
        let mut sidebar_open = !self.state.settings.hide_sidebar;
        egui::Panel::left("indicator_tree")
            .resizable(true)
            .default_size(260.0)
            .size_range(180.0..=(ui.available_width() * 0.4).max(200.0))
            .show_collapsible(ui, &mut sidebar_open, |ui| {
                sidebar::sidebar_ui(ui, &self.state, &mut self.sidebar, &mut actions)
            });
        if sidebar_open == self.state.settings.hide_sidebar {
            actions.push(UiAction::Do(Command::ShowSidebar(sidebar_open)));
        }
        self.refresh_chart();
        let charts = self
            .shown_charts
            .as_ref()
            .map_or(&[][..], |shown| shown.charts.as_slice());
        let language = self.state.language();
        egui::CentralPanel::default().show(ui, |ui| match &self.state.pending_import {
            Some(pending) => {
                review::review_ui(ui, pending, &mut self.review, language, &mut actions)
            }
            None => {
                // The table above, the plot below, in this order, so that Tab runs from the
                // indicator list through the table to the plot.
                let whole = ui.available_rect_before_wrap();
                let plot_height = self
                    .state
                    .settings
                    .plot_height
                    .unwrap_or((whole.height() * 0.42).min(420.0))
                    .clamp(
                        160.0_f32.min(whole.height() * 0.5),
                        (whole.height() * 0.5).max(160.0),
                    );
                let splitter_top = whole.bottom() - plot_height - SPLITTER_HEIGHT;
                let table_rect =
                    egui::Rect::from_min_max(whole.min, egui::pos2(whole.right(), splitter_top));
                let splitter_rect = egui::Rect::from_min_max(
                    egui::pos2(whole.left(), splitter_top),
                    egui::pos2(whole.right(), splitter_top + SPLITTER_HEIGHT),
                );
                let plot_rect = egui::Rect::from_min_max(
                    egui::pos2(whole.left(), splitter_top + SPLITTER_HEIGHT),
                    whole.max,
                );
                ui.scope_builder(egui::UiBuilder::new().max_rect(table_rect), |ui| {
                    table::indicator_table_ui(ui, &self.state, &mut self.table, &mut actions)
                });
                if let Some(dragged) = splitter_ui(ui, splitter_rect) {
                    actions.push(UiAction::Do(Command::SetPlotHeight(plot_height - dragged)));
                }
                ui.scope_builder(egui::UiBuilder::new().max_rect(plot_rect), |ui| {
                    let kind = self.state.settings.chart_kind;
                    plot::trend_ui(ui, charts, kind, language, &mut actions);
                });
            }
        });
        self.paste_dialog_ui(ui.ctx(), &mut actions);
        self.unsaved_dialog_ui(ui.ctx(), &mut actions);
        self.recovery_dialog_ui(ui.ctx(), &mut actions);
        self.help_window_ui(ui.ctx());
        if let Some(dialog) = &mut self.structure_dialog {
            let keep =
                structure_dialog::structure_dialog_ui(ui.ctx(), dialog, &self.state, &mut actions);
            if !keep {
                self.structure_dialog = None;
            }
        }
        if let Some(dialog) = &mut self.indicator_dialog {
            let keep =
                indicator_dialog::indicator_dialog_ui(ui.ctx(), dialog, &self.state, &mut actions);
            if !keep {
                self.indicator_dialog = None;
            }
        }
        if let Some(dialog) = &mut self.report_dialog {
            let keep = report_dialog::report_dialog_ui(ui.ctx(), dialog, &self.state, &mut actions);
            if !keep {
                self.report_dialog = None;
            }
        }
        self.carry_out(ui.ctx(), actions);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.state.settings);
    }
}
