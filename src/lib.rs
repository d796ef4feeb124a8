//! Peilstok, the program: the window ([`ui`]) and the command line ([`cli`]), both on the core
//! (`peilstok-core`, re-exported here), which knows nothing of either.

pub use peilstok_core::{
    app, chart, export, files, formats, generate, i18n, import, language, model, numbers, print,
    sample, shield, store, style, text, view,
};

pub mod cli;
pub mod ui;
