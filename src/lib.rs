//! Peilstok, the program: the window ([`ui`]) and the command line ([`cli`]), both on the core
//! (`peilstok-core`, re-exported here), which knows nothing of either.

pub use peilstok_core::{
    app, chart, export, formats, generate, i18n, import, json_format, language, long_csv, model,
    numbers, print, sample, store, style, view, xlsx,
};

pub mod cli;
pub mod ui;
