//! The report dialog of *Bestand ▸ Rapport exporteren…* and *Bestand ▸ Afdrukken…*: which goals
//! and indicators, lines, bars or small multiples, A4 portrait or landscape.

use std::collections::BTreeSet;

use super::UiAction;
use crate::app::{AppState, Command};
use crate::chart::ChartKind;
use crate::export::report::{Paper, ReportOptions, Selection};
use crate::model::Document;

/// What the dialog ends in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportPurpose {
    /// Save the PDF where the user says.
    Export,
    /// Hand the PDF to the print path.
    Print,
}

/// The dialog while it is open.
#[derive(Clone, Debug)]
pub struct ReportDialog {
    purpose: ReportPurpose,
    paper: Paper,
    kind: ChartKind,
    /// The codes of the indicators chosen.
    chosen: BTreeSet<String>,
}

impl ReportDialog {
    /// The dialog with every indicator chosen, and the paper and charts last used.
    pub fn new(purpose: ReportPurpose, state: &AppState) -> ReportDialog {
        ReportDialog {
            purpose,
            paper: state.settings.report_paper,
            kind: state.settings.report_kind,
            chosen: state
                .document()
                .indicators()
                .map(|(_, _, indicator)| indicator.code.clone())
                .collect(),
        }
    }

    /// The report's options: whole goals by goal code, the rest by indicator code.
    fn options(&self, document: &Document, state: &AppState) -> ReportOptions {
        let mut selection = Selection::default();
        let everything = document
            .indicators()
            .all(|(_, _, indicator)| self.chosen.contains(&indicator.code));
        if !everything {
            for (_, goal) in document.goals() {
                let chosen: Vec<&str> = goal
                    .indicators
                    .iter()
                    .map(|indicator| indicator.code.as_str())
                    .filter(|code| self.chosen.contains(*code))
                    .collect();
                if !chosen.is_empty() && chosen.len() == goal.indicators.len() {
                    selection.goals.push(goal.code.clone());
                } else {
                    selection
                        .indicators
                        .extend(chosen.into_iter().map(str::to_string));
                }
            }
        }
        ReportOptions {
            paper: self.paper,
            kind: self.kind,
            selection,
            ..ReportOptions::new(state.language())
        }
    }
}

/// Draws the dialog; returns false when it is to close.
pub fn report_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut ReportDialog,
    state: &AppState,
    actions: &mut Vec<UiAction>,
) -> bool {
    let texts = state.language().texts();
    let document = state.document();
    let mut open = true;
    let mut done = false;
    let title = match dialog.purpose {
        ReportPurpose::Export => texts.report_dialog_export,
        ReportPurpose::Print => texts.report_dialog_print,
    };
    egui::Window::new(title)
        .open(&mut open)
        .default_size([460.0, 560.0])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.strong(texts.report_paper);
                for (paper, label) in [
                    (Paper::A4Portrait, texts.paper_portrait),
                    (Paper::A4Landscape, texts.paper_landscape),
                ] {
                    ui.radio_value(&mut dialog.paper, paper, label);
                }
            });
            ui.horizontal(|ui| {
                ui.strong(texts.report_charts);
                for (kind, label) in [
                    (ChartKind::Line, texts.chart_line),
                    (ChartKind::Bars, texts.chart_bars),
                    (ChartKind::Multiples, texts.chart_multiples),
                ] {
                    ui.radio_value(&mut dialog.kind, kind, label);
                }
            });
            ui.separator();
            ui.horizontal(|ui| {
                ui.strong(texts.report_contents);
                if ui.button(texts.choose_all).clicked() {
                    dialog.chosen = document
                        .indicators()
                        .map(|(_, _, indicator)| indicator.code.clone())
                        .collect();
                }
                if ui.button(texts.choose_none).clicked() {
                    dialog.chosen.clear();
                }
            });
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (_, goal) in document.goals() {
                        if goal.indicators.is_empty() {
                            continue;
                        }
                        let codes: Vec<&String> = goal.indicators.iter().map(|i| &i.code).collect();
                        let all = codes.iter().all(|code| dialog.chosen.contains(*code));
                        let mut whole_goal = all;
                        let label = format!("{} {}. {}", texts.goal, goal.code, goal.title);
                        ui.horizontal(|ui| {
                            if ui.checkbox(&mut whole_goal, label).changed() {
                                for code in &codes {
                                    if whole_goal {
                                        dialog.chosen.insert((*code).clone());
                                    } else {
                                        dialog.chosen.remove(*code);
                                    }
                                }
                            }
                        });
                        egui::CollapsingHeader::new(
                            state.language().indicator_count(goal.indicators.len()),
                        )
                        .id_salt(("report-goal", &goal.code))
                        .show(ui, |ui| {
                            for indicator in &goal.indicators {
                                let mut chosen = dialog.chosen.contains(&indicator.code);
                                let label = format!("{} {}", indicator.code, indicator.name);
                                if ui.checkbox(&mut chosen, label).changed() {
                                    if chosen {
                                        dialog.chosen.insert(indicator.code.clone());
                                    } else {
                                        dialog.chosen.remove(&indicator.code);
                                    }
                                }
                            }
                        });
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let action = match dialog.purpose {
                    ReportPurpose::Export => texts.report_save,
                    ReportPurpose::Print => texts.report_print,
                };
                let ready = !dialog.chosen.is_empty() && state.busy().is_none();
                if ui.add_enabled(ready, egui::Button::new(action)).clicked() {
                    let options = dialog.options(document, state);
                    actions.push(match dialog.purpose {
                        ReportPurpose::Export => UiAction::AskExportReport(options),
                        ReportPurpose::Print => UiAction::Do(Command::PrintReport(options)),
                    });
                    done = true;
                }
                if ui.button(texts.cancel).clicked() {
                    done = true;
                }
                if dialog.chosen.is_empty() {
                    ui.weak(texts.report_nothing_chosen);
                }
            });
        });
    open && !done
}
