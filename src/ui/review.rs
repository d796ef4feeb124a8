//! The review screen of an import: flagged cells first, each with the text it was read from; the
//! person keeps or corrects each, then imports.

use std::collections::HashMap;

use egui::{RichText, TextStyle};

use super::UiAction;
use super::colours;
use crate::app::{CellRef, Command, NameDifference, PendingImport, Resolution};
use crate::i18n::Language;
use crate::model::{Cell, CellValue, Indicator};
use crate::numbers::format_decimal;
use crate::style;

/// What the review screen keeps between frames: typed corrections and the indicator whose
/// source lines are shown.
#[derive(Default)]
pub struct ReviewView {
    inputs: HashMap<CellRef, String>,
    /// The guided import, when the person points out the table.
    guided: super::guided::GuidedView,
    focus: Option<String>,
    scroll_to_focus: bool,
}

impl ReviewView {
    /// Shows the source lines of `code`.
    fn show_source_of(&mut self, code: &str) {
        self.focus = Some(code.to_string());
        self.scroll_to_focus = true;
    }
}

/// Draws the review screen.
pub fn review_ui(
    ui: &mut egui::Ui,
    pending: &PendingImport,
    view: &mut ReviewView,
    language: Language,
    actions: &mut Vec<UiAction>,
) {
    let texts = language.texts();
    let flagged = pending.flagged();
    if view.focus.is_none()
        && let Some((indicator, _)) = flagged.first()
    {
        view.show_source_of(&indicator.code);
    }
    let indicators = pending.draft.indicators().count();
    let cells: usize = pending
        .draft
        .indicators()
        .map(|(_, _, indicator)| indicator.cells.len())
        .sum();
    ui.horizontal(|ui| {
        ui.heading(format!(
            "{}: {}",
            texts.review_title, pending.import.source.file_name
        ));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(texts.review_cancel).clicked() {
                actions.push(UiAction::Do(Command::CancelImport));
                view.guided = Default::default();
            }
            let confirm = format!(
                "{} ({})",
                texts.review_confirm,
                language.indicator_count(indicators)
            );
            if ui
                .add_enabled(
                    !pending.import.tables.is_empty(),
                    egui::Button::new(RichText::new(confirm).strong()),
                )
                .clicked()
            {
                actions.push(UiAction::Do(Command::ConfirmImport));
            }
        });
    });
    let mut summary = format!(
        "{} · {} {} · {} · {cells} {}",
        pending.import.source.citation(),
        pending.import.tables.len(),
        texts.review_summary_tables,
        language.indicator_count(indicators),
        texts.review_summary_cells,
    );
    if !flagged.is_empty() {
        summary += &format!(" · {} {}", flagged.len(), texts.review_undecided);
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(summary);
        if !view.guided.open && ui.button(texts.guided_button).clicked() {
            view.guided.open_for(pending);
        }
    });
    if pending.import.tables.is_empty() && !view.guided.open {
        nothing_found_ui(ui, pending, language);
    }
    ui.separator();
    if view.guided.open {
        ui.columns(2, |columns| {
            super::guided::guided_ui(
                &mut columns[0],
                pending,
                &mut view.guided,
                language,
                actions,
            );
            source_text_ui(&mut columns[1], pending, view, language);
        });
        return;
    }
    ui.columns(2, |columns| {
        // Both ways: a wide table scrolls inside its column instead of running over the text.
        egui::ScrollArea::both()
            .id_salt("review_cells")
            .auto_shrink([false, false])
            .show(&mut columns[0], |ui| {
                if !pending.renamed.is_empty() {
                    ui.heading(texts.renamed_heading);
                    ui.label(texts.renamed_explained);
                    for difference in &pending.renamed {
                        renamed_ui(ui, difference, language, actions);
                    }
                    ui.add_space(12.0);
                }
                ui.heading(texts.review_flagged_heading);
                if flagged.is_empty() {
                    ui.label(texts.review_none_flagged);
                }
                for (indicator, cell) in &flagged {
                    flagged_cell_ui(ui, indicator, cell, view, language, actions);
                }
                ui.add_space(12.0);
                ui.heading(texts.review_all_tables);
                tables_ui(ui, pending, view, language);
            });
        source_text_ui(&mut columns[1], pending, view, language);
    });
}

/// Why nothing was found, in the interface's language, with the lines that looked like a table.
fn nothing_found_ui(ui: &mut egui::Ui, pending: &PendingImport, language: Language) {
    let texts = language.texts();
    ui.add_space(6.0);
    ui.label(
        RichText::new(texts.review_nothing_found_heading)
            .strong()
            .color(ui.visuals().error_fg_color),
    );
    ui.label(texts.review_nothing_found_explained);
    for skipped in &pending.import.skipped {
        ui.label(format!(
            "{} {}: {}",
            texts.review_line_word,
            skipped.lines.start + 1,
            texts.review_header_unread
        ));
    }
}

/// One indicator whose name differs from the one with its code in the document.
fn renamed_ui(
    ui: &mut egui::Ui,
    difference: &NameDifference,
    language: Language,
    actions: &mut Vec<UiAction>,
) {
    let texts = language.texts();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.strong(&difference.code);
        ui.label(format!(
            "{}: {}",
            texts.renamed_existing, difference.existing
        ));
        ui.label(format!(
            "{}: {}",
            texts.renamed_incoming, difference.incoming
        ));
        ui.horizontal(|ui| {
            for (apart, label) in [(false, texts.renamed_same), (true, texts.renamed_apart)] {
                if ui.radio(difference.keep_apart == apart, label).clicked() {
                    actions.push(UiAction::Do(Command::KeepApart {
                        code: difference.code.clone(),
                        apart,
                    }));
                }
            }
        });
    });
}

fn flagged_cell_ui(
    ui: &mut egui::Ui,
    indicator: &Indicator,
    cell: &Cell,
    view: &mut ReviewView,
    language: Language,
    actions: &mut Vec<UiAction>,
) {
    let texts = language.texts();
    let reference = CellRef {
        code: indicator.code.clone(),
        series: cell.series.clone(),
        column: cell.column,
    };
    egui::Frame::group(ui.style())
        .fill(colours::of(style::REVIEW).gamma_multiply(0.35))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                // A code Peilstok gave a row printed without one is not shown as if printed.
                if indicator.code_printed() {
                    ui.strong(format!("{} {}", indicator.code, indicator.name));
                } else {
                    ui.strong(&indicator.name);
                }
                let mut place = language.column_heading(cell.column);
                if !cell.series.is_empty() {
                    place = format!("{} — {place}", cell.series);
                }
                ui.label(place);
            });
            ui.label(format!("{}: {}", texts.raw_text, cell.raw));
            if let Some(review) = &cell.review {
                ui.label(RichText::new(review).color(colours::of(style::MARKER_TEXT)));
            }
            ui.horizontal_wrapped(|ui| {
                let input = view.inputs.entry(reference.clone()).or_default();
                let label = ui.label(texts.review_input_label);
                ui.add(
                    egui::TextEdit::singleline(input)
                        .hint_text(texts.review_input_hint)
                        .desired_width(150.0),
                )
                .labelled_by(label.id);
                if ui.button(texts.review_apply).clicked() {
                    actions.push(UiAction::Do(Command::ResolveCell {
                        cell: reference.clone(),
                        resolution: Resolution::Value(input.clone()),
                    }));
                }
                if ui.button(texts.review_accept).clicked() {
                    actions.push(UiAction::Do(Command::ResolveCell {
                        cell: reference.clone(),
                        resolution: Resolution::Accept,
                    }));
                }
                if ui.button(texts.review_source_text).clicked() {
                    view.show_source_of(&indicator.code);
                }
            });
        });
    ui.add_space(4.0);
}

/// Every table found, compact: one line per indicator with its cells as read.
fn tables_ui(
    ui: &mut egui::Ui,
    pending: &PendingImport,
    view: &mut ReviewView,
    language: Language,
) {
    let texts = language.texts();
    for (index, table) in pending.import.tables.iter().enumerate() {
        let title = format!(
            "{} — {} {}–{}: {}, {} {}",
            table.heading,
            texts.review_lines,
            table.lines.start + 1,
            table.lines.end,
            language.indicator_count(table.indicators.len()),
            table.cells(),
            texts.review_summary_cells
        );
        egui::CollapsingHeader::new(title)
            .id_salt(("review_table", index))
            .default_open(false)
            .show(ui, |ui| {
                egui::Grid::new(("review_grid", index))
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong(texts.column_code);
                        ui.strong(texts.column_name);
                        for column in &table.columns {
                            ui.strong(language.column_heading(*column));
                        }
                        ui.end_row();
                        for indicator in &table.indicators {
                            let draft = pending
                                .draft
                                .indicators()
                                .find(|(_, _, drafted)| drafted.code == indicator.code)
                                .map(|(_, _, drafted)| drafted)
                                .unwrap_or(indicator);
                            for series in draft.rows() {
                                if series.is_empty() {
                                    let link = if indicator.code_printed() {
                                        indicator.code.as_str()
                                    } else {
                                        language.texts().review_lines
                                    };
                                    if ui.link(link).clicked() {
                                        view.show_source_of(&indicator.code);
                                    }
                                    ui.label(&draft.name);
                                } else {
                                    ui.label("");
                                    ui.label(format!("· {series}"));
                                }
                                for column in &table.columns {
                                    match draft.cell(series, *column) {
                                        Some(cell) => read_cell_ui(ui, cell, language),
                                        None => {
                                            ui.label("");
                                        }
                                    }
                                }
                                ui.end_row();
                            }
                        }
                    });
            });
    }
}

fn read_cell_ui(ui: &mut egui::Ui, cell: &Cell, language: Language) {
    let text = match &cell.value {
        CellValue::Number(number) => RichText::new(format_decimal(*number, language)),
        CellValue::Missing(marker) => colours::on(
            style::marker_background(marker),
            RichText::new(language.marker_label(marker)),
        ),
        CellValue::Text => RichText::new(&cell.raw).italics(),
    };
    let text = if cell.review.is_some() {
        colours::on(style::REVIEW, text)
    } else {
        text
    };
    ui.label(text);
}

/// The text the tables were read from, with line numbers; the focused indicator's lines marked.
fn source_text_ui(
    ui: &mut egui::Ui,
    pending: &PendingImport,
    view: &mut ReviewView,
    language: Language,
) {
    let texts = language.texts();
    ui.heading(texts.review_source_text);
    let lines: Vec<&str> = pending.text.lines().collect();
    let marked = view.guided.marked_lines().unwrap_or_else(|| {
        view.focus
            .as_deref()
            .and_then(|code| pending.lines_of(code))
            .unwrap_or(0..0)
    });
    let row_height = ui.text_style_height(&TextStyle::Monospace);
    let row_pitch = row_height + ui.spacing().item_spacing.y;
    let mut area = egui::ScrollArea::both()
        .id_salt("review_source")
        .auto_shrink([false, false]);
    if std::mem::take(&mut view.scroll_to_focus) {
        // Show a few lines of context above the marked lines.
        let first = marked.start.saturating_sub(6);
        area = area.vertical_scroll_offset(first as f32 * row_pitch);
    }
    area.show_rows(ui, row_height, lines.len(), |ui, rows| {
        for index in rows {
            let text = RichText::new(format!("{:>4}  {}", index + 1, lines[index])).monospace();
            let text = if marked.contains(&index) {
                colours::on(style::REVIEW, text)
            } else {
                text
            };
            if view.guided.is_open() {
                // Pointing out the table: a click chooses its first line, Shift+click its last.
                let response = ui.add(egui::Label::new(text).extend().sense(egui::Sense::click()));
                if response.clicked() {
                    let shift = ui.input(|input| input.modifiers.shift);
                    view.guided.line_clicked(index, shift);
                }
            } else {
                ui.add(egui::Label::new(text).extend());
            }
        }
    });
}
