//! The core of Peilstok: the performance indicators of a Dutch municipality's budget and annual
//! accounts, realised against budgeted, with missing data impossible to overlook.
//!
//! Everything but the window and the command line lives here: the model, the document store,
//! reading budget texts, the exchange formats, the chart and the report, the application state
//! and its commands, and the words of both languages. This crate does not depend on egui,
//! eframe or rfd: the compiler keeps the window out of it.

pub mod app;
pub mod chart;
pub mod export;
pub mod files;
pub mod formats;
pub mod generate;
pub mod i18n;
pub mod import;
pub mod language;
pub mod model;
pub mod numbers;
pub mod print;
pub mod sample;
pub mod shield;
pub mod store;
pub mod style;
pub mod text;
pub mod view;
