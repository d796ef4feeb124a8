//! The application state and the one place where every user action is handled.
//!
//! The window (and the tests) send [`Command`]s; [`AppState::handle`] carries each out. A command
//! that changes data is one transaction in the [`Store`]; the [`Document`] snapshot the window
//! draws from is re-read after it, never per frame. Errors end here, once, as words for the user.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::i18n::Language;
use crate::model::{Document, IndicatorId};
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
}

/// Settings that outlive a session (stored by the window's persistence).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The interface language.
    pub language: Language,
    /// Recently opened or saved documents, newest first.
    pub recent_files: Vec<PathBuf>,
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
        };
        let command = match start {
            StartWith::Sample => Command::OpenSample,
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
        }
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
