//! Small dialogs that change the document's structure: a new indicator, sub-series or column.

use super::UiAction;
use crate::app::{AppState, Command};
use crate::model::{Column, IndicatorId, ValueKind};

/// What is being added, with what was typed so far.
#[derive(Clone, Debug)]
pub enum StructureDialog {
    /// A new indicator in a goal.
    Indicator {
        /// The programme.
        programme: String,
        /// The goal's code.
        goal: String,
        /// The number typed.
        code: String,
        /// The name typed.
        name: String,
        /// The unit typed.
        unit: String,
    },
    /// A new sub-series of an indicator.
    Series {
        /// The indicator.
        indicator: IndicatorId,
        /// The name typed.
        name: String,
    },
    /// A new (kind, year) column.
    Column {
        /// The kind chosen.
        kind: ValueKind,
        /// The year typed (empty for a target without a year).
        year: String,
    },
}

/// Draws the dialog; returns false when it is to close.
pub fn structure_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut StructureDialog,
    state: &AppState,
    actions: &mut Vec<UiAction>,
) -> bool {
    let language = state.language();
    let texts = language.texts();
    let mut open = true;
    let mut done = false;
    let title = match dialog {
        StructureDialog::Indicator { goal, .. } => format!("{} {goal}", texts.add_indicator),
        StructureDialog::Series { indicator, .. } => {
            format!("{} {}", texts.add_series, indicator.code)
        }
        StructureDialog::Column { .. } => texts.add_column.to_string(),
    };
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            let mut command = None;
            egui::Grid::new("structure_fields")
                .num_columns(2)
                .show(ui, |ui| match dialog {
                    StructureDialog::Indicator {
                        programme,
                        goal,
                        code,
                        name,
                        unit,
                    } => {
                        for (label, text) in [
                            (texts.column_code, &mut *code),
                            (texts.column_name, &mut *name),
                            (texts.column_unit, &mut *unit),
                        ] {
                            let label = ui.label(label);
                            ui.add(egui::TextEdit::singleline(text).desired_width(360.0))
                                .labelled_by(label.id);
                            ui.end_row();
                        }
                        command = Some(Command::AddIndicator {
                            programme: programme.clone(),
                            goal: goal.clone(),
                            code: code.clone(),
                            name: name.clone(),
                            unit: unit.clone(),
                        });
                    }
                    StructureDialog::Series { indicator, name } => {
                        let label = ui.label(texts.column_name);
                        ui.add(egui::TextEdit::singleline(name).desired_width(300.0))
                            .labelled_by(label.id);
                        ui.end_row();
                        command = Some(Command::AddSeries {
                            indicator: indicator.clone(),
                            name: name.clone(),
                        });
                    }
                    StructureDialog::Column { kind, year } => {
                        ui.label(texts.column_kind);
                        ui.horizontal(|ui| {
                            for choice in ValueKind::ALL {
                                ui.radio_value(kind, choice, language.value_kind(choice));
                            }
                        });
                        ui.end_row();
                        let label = ui.label(texts.column_year);
                        ui.add(egui::TextEdit::singleline(year).desired_width(80.0))
                            .labelled_by(label.id);
                        ui.end_row();
                        let year = year.trim();
                        command = if year.is_empty() {
                            Some(Command::AddColumn(Column {
                                kind: *kind,
                                year: None,
                            }))
                        } else {
                            year.parse::<i32>()
                                .ok()
                                .filter(|year| (1900..=2200).contains(year))
                                .map(|year| Command::AddColumn(Column::new(*kind, year)))
                        };
                    }
                });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(command.is_some(), egui::Button::new(texts.add))
                    .clicked()
                    && let Some(command) = command
                {
                    actions.push(UiAction::Do(command));
                    done = true;
                }
                if ui.button(texts.cancel).clicked() {
                    done = true;
                }
            });
        });
    open && !done
}
