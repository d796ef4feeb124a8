//! The indicator dialog: name, unit and the texts of its footnotes, each saved as one command.

use super::UiAction;
use crate::app::{AppState, Command};
use crate::model::{Better, IndicatorId};

/// The dialog while it is open: the indicator and the texts as typed so far.
#[derive(Clone, Debug)]
pub struct IndicatorDialog {
    id: IndicatorId,
    name: String,
    unit: String,
    better: Option<Better>,
    /// (source key, footnote number, text).
    footnotes: Vec<(String, u32, String)>,
}

impl IndicatorDialog {
    /// The dialog for `id`, starting from what the document holds; `None` when it has no such
    /// indicator.
    pub fn new(id: IndicatorId, state: &AppState) -> Option<IndicatorDialog> {
        let document = state.document();
        let indicator = document.indicator(&id)?;
        let mut footnotes: Vec<(String, u32, String)> = Vec::new();
        let cited = indicator
            .footnotes
            .iter()
            .map(|number| (indicator.source.clone(), *number))
            .chain(indicator.cells.iter().flat_map(|cell| {
                cell.footnotes
                    .iter()
                    .map(|number| (cell.source.clone(), *number))
            }));
        for (source, number) in cited {
            if footnotes
                .iter()
                .any(|(known, known_number, _)| *known == source && *known_number == number)
            {
                continue;
            }
            let text = document
                .footnote_text(&source, number)
                .unwrap_or_default()
                .to_string();
            footnotes.push((source, number, text));
        }
        Some(IndicatorDialog {
            name: indicator.name.clone(),
            unit: indicator.unit.clone(),
            better: indicator.better,
            id,
            footnotes,
        })
    }
}

/// Draws the dialog; returns false when it is to close.
pub fn indicator_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut IndicatorDialog,
    state: &AppState,
    actions: &mut Vec<UiAction>,
) -> bool {
    let texts = state.language().texts();
    let mut open = true;
    let mut done = false;
    egui::Window::new(format!(
        "{} {}",
        texts.indicator_dialog_title, dialog.id.code
    ))
    .open(&mut open)
    .collapsible(false)
    .default_width(520.0)
    .show(ctx, |ui| {
        egui::Grid::new("indicator_fields")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(texts.column_name);
                ui.add(egui::TextEdit::singleline(&mut dialog.name).desired_width(400.0))
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(texts.column_unit);
                ui.add(egui::TextEdit::singleline(&mut dialog.unit).desired_width(400.0))
                    .labelled_by(label.id);
                ui.end_row();
                ui.label(texts.better_label);
                ui.horizontal(|ui| {
                    for (choice, label) in [
                        (Some(Better::Higher), texts.better_higher),
                        (Some(Better::Lower), texts.better_lower),
                        (None, texts.better_unknown),
                    ] {
                        ui.radio_value(&mut dialog.better, choice, label);
                    }
                });
                ui.end_row();
                for (source, number, text) in &mut dialog.footnotes {
                    let label = ui
                        .label(format!("{} {number}", texts.footnote))
                        .on_hover_text(source.as_str());
                    ui.add(
                        egui::TextEdit::multiline(text)
                            .desired_width(400.0)
                            .desired_rows(2),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !dialog.name.trim().is_empty(),
                    egui::Button::new(texts.apply),
                )
                .clicked()
            {
                actions.push(UiAction::Do(Command::EditIndicator {
                    indicator: dialog.id.clone(),
                    name: dialog.name.clone(),
                    unit: dialog.unit.clone(),
                    better: dialog.better,
                }));
                for (source, number, text) in &dialog.footnotes {
                    actions.push(UiAction::Do(Command::EditFootnote {
                        source: source.clone(),
                        number: *number,
                        text: text.clone(),
                    }));
                }
                done = true;
            }
            if ui.button(texts.cancel).clicked() {
                done = true;
            }
        });
    });
    open && !done
}
