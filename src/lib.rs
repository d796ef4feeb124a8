//! Peilstok: the performance indicators of a Dutch municipality's budget and annual accounts,
//! realised against budgeted, with missing data impossible to overlook.
//!
//! The core (`model`, `store`, `long_csv`, `numbers`, `i18n`, `sample`, `app`) never touches egui;
//! only [`ui`] does.

pub mod app;
pub mod chart;
pub mod cli;
pub mod export;
pub mod i18n;
pub mod import;
pub mod json_format;
pub mod long_csv;
pub mod model;
pub mod numbers;
pub mod print;
pub mod sample;
pub mod store;
pub mod style;
pub mod ui;
pub mod xlsx;
