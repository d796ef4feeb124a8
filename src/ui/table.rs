//! The main table: goals with their indicators, one column per (kind, year) taken from the data.
//!
//! A missing cell shows its marker as text on a coloured background (colour-blind safe: the words
//! say it, the colour only helps); text awaiting review is shown as printed on yellow with a flag.

use egui::{Align, Layout, RichText, Sense};
use egui_extras::{Column as TableColumn, TableBuilder};

use super::UiAction;
use super::colours;
use super::sidebar::visible_indicators;
use crate::app::{AppState, Command};
use crate::i18n::Language;
use crate::model::{Cell, CellValue, Column, Document, Indicator, IndicatorId, Marker};
use crate::numbers::format_decimal;
use crate::style;

const ROW_HEIGHT: f32 = 22.0;

/// The sign drawn beside a cell that awaits review.
const REVIEW_FLAG: &str = "?";

/// Draws the legend and the table.
pub fn indicator_table_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<UiAction>) {
    let language = state.language();
    egui::Panel::bottom("marker_legend").show(ui, |ui| legend_ui(ui, language));
    let document = state.document();
    if document.programmes.is_empty() {
        ui.weak(language.texts().no_goals);
        return;
    }
    let columns = document.columns();
    let texts = language.texts();
    let mut table = TableBuilder::new(ui)
        .id_salt("indicator_table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(TableColumn::auto().at_least(48.0))
        // The name takes what the value columns leave, so the values are always in view.
        .column(TableColumn::remainder().at_least(160.0).clip(true))
        .column(
            TableColumn::initial(120.0)
                .at_least(50.0)
                .resizable(true)
                .clip(true),
        );
    for _ in &columns {
        table = table.column(
            TableColumn::initial(112.0)
                .at_least(70.0)
                .resizable(true)
                .clip(true),
        );
    }
    // Room for the scroll bar, so it never covers the last column's values.
    table = table.column(TableColumn::exact(14.0));
    table
        .header(ROW_HEIGHT + 6.0, |mut header| {
            header.col(|ui| {
                ui.strong(texts.column_code);
            });
            header.col(|ui| {
                ui.strong(texts.column_name);
            });
            header.col(|ui| {
                ui.strong(texts.column_unit);
            });
            for column in &columns {
                header.col(|ui| {
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        ui.strong(language.column_heading(*column));
                    });
                });
            }
            header.col(|_| {});
        })
        .body(|mut body| {
            for programme in &document.programmes {
                for goal in &programme.goals {
                    let indicators: Vec<&Indicator> =
                        visible_indicators(goal, &state.filter).collect();
                    if indicators.is_empty() {
                        continue;
                    }
                    body.row(ROW_HEIGHT + 4.0, |mut row| {
                        row.col(|ui| {
                            ui.add(
                                egui::Label::new(
                                    RichText::new(format!("{} {}", texts.goal, goal.code)).strong(),
                                )
                                .selectable(false),
                            );
                        });
                        row.col(|ui| {
                            ui.add(
                                egui::Label::new(RichText::new(&goal.title).strong())
                                    .selectable(false)
                                    .truncate(),
                            )
                            .on_hover_text(&goal.title);
                        });
                        // Unit, value columns and the scroll-bar margin stay empty on a goal row.
                        for _ in 0..columns.len() + 2 {
                            row.col(|_| {});
                        }
                    });
                    for indicator in indicators {
                        let id = IndicatorId {
                            programme: programme.name.clone(),
                            code: indicator.code.clone(),
                        };
                        let selected = state.selected.as_ref() == Some(&id);
                        for series in indicator.rows() {
                            body.row(ROW_HEIGHT, |mut row| {
                                row.set_selected(selected);
                                row.col(|ui| {
                                    if series.is_empty() {
                                        ui.add(egui::Label::new(&indicator.code).selectable(false));
                                    }
                                });
                                row.col(|ui| name_ui(ui, document, indicator, series, language));
                                row.col(|ui| {
                                    if series.is_empty() {
                                        ui.add(egui::Label::new(&indicator.unit).selectable(false));
                                    }
                                });
                                for column in &columns {
                                    row.col(|ui| {
                                        value_cell_ui(
                                            ui, document, indicator, series, *column, language,
                                        )
                                    });
                                }
                                row.col(|_| {});
                                if row.response().clicked() {
                                    actions.push(UiAction::Do(Command::SelectIndicator(Some(
                                        id.clone(),
                                    ))));
                                }
                            });
                        }
                    }
                }
            }
        });
}

fn name_ui(
    ui: &mut egui::Ui,
    document: &Document,
    indicator: &Indicator,
    series: &str,
    language: Language,
) {
    let texts = language.texts();
    if !series.is_empty() {
        ui.add_space(18.0);
        ui.add(
            egui::Label::new(format!("· {series}"))
                .selectable(false)
                .truncate(),
        );
        return;
    }
    if indicator.mandatory {
        ui.add(
            egui::Label::new(
                RichText::new(texts.mandatory)
                    .small()
                    .color(colours::of(style::REALISED)),
            )
            .selectable(false),
        )
        .on_hover_text(texts.mandatory_hint);
    }
    if indicator.review.is_some() {
        ui.add(
            egui::Label::new(
                RichText::new(REVIEW_FLAG).background_color(colours::of(style::REVIEW)),
            )
            .selectable(false),
        );
    }
    let response = ui.add(
        egui::Label::new(&indicator.name)
            .selectable(false)
            .truncate(),
    );
    response.on_hover_ui(|ui| {
        ui.set_max_width(480.0);
        ui.strong(format!("{} {}", indicator.code, indicator.name));
        if indicator.mandatory {
            ui.label(texts.mandatory_hint);
        }
        if let Some(review) = &indicator.review {
            ui.label(format!("{}: {review}", texts.review_heading));
        }
        for number in &indicator.footnotes {
            footnote_line_ui(ui, document, &indicator.source, *number, language);
        }
        if !indicator.label_raw.is_empty() {
            ui.weak(format!("{}: {}", texts.raw_text, indicator.label_raw));
        }
        ui.label(texts.select_hint);
    });
}

fn footnote_line_ui(
    ui: &mut egui::Ui,
    document: &Document,
    source: &str,
    number: u32,
    language: Language,
) {
    let texts = language.texts();
    let text = document.footnote_text(source, number).unwrap_or("?");
    ui.label(format!("{} {number}: {text}", texts.footnote));
}

fn value_cell_ui(
    ui: &mut egui::Ui,
    document: &Document,
    indicator: &Indicator,
    series: &str,
    column: Column,
    language: Language,
) {
    let Some((cell, inherited)) = indicator.displayed_cell(series, column) else {
        return;
    };
    let background = match cell.map(|cell| &cell.value) {
        Some(CellValue::Number(_)) => None,
        Some(CellValue::Text) => Some(style::REVIEW),
        Some(CellValue::Missing(marker)) => Some(style::marker_background(marker)),
        None => Some(style::marker_background(&Marker::Blank)),
    };
    if let Some(background) = background {
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, colours::of(background));
    }
    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
        if let Some(cell) = cell {
            for number in cell.footnotes.iter().rev() {
                ui.add(
                    egui::Label::new(RichText::new(superscript(*number)).strong())
                        .selectable(false),
                );
            }
            if cell.review.is_some() {
                ui.add(egui::Label::new(REVIEW_FLAG).selectable(false));
            }
        }
        let marker_colour = colours::of(style::MARKER_TEXT);
        let text = match cell.map(|cell| &cell.value) {
            Some(CellValue::Number(number)) => RichText::new(format_decimal(*number, language)),
            Some(CellValue::Text) => {
                RichText::new(cell.map_or("", |cell| cell.raw.as_str())).italics()
            }
            Some(CellValue::Missing(marker)) => {
                let label = RichText::new(language.marker_label(marker)).color(marker_colour);
                if inherited {
                    label.italics()
                } else {
                    label.strong()
                }
            }
            None => RichText::new(language.marker_label(&Marker::Blank))
                .color(marker_colour)
                .italics(),
        };
        ui.add(egui::Label::new(text).selectable(false).truncate());
    });
    // The whole cell answers a hover, not only its (often short) text.
    let cell_rect = ui.max_rect();
    ui.interact(cell_rect, ui.unique_id().with("cell_hover"), Sense::hover())
        .on_hover_ui(|ui| {
            cell_tooltip_ui(
                ui, document, indicator, series, column, cell, inherited, language,
            )
        });
}

#[allow(clippy::too_many_arguments)]
fn cell_tooltip_ui(
    ui: &mut egui::Ui,
    document: &Document,
    indicator: &Indicator,
    series: &str,
    column: Column,
    cell: Option<&Cell>,
    inherited: bool,
    language: Language,
) {
    let texts = language.texts();
    ui.set_max_width(480.0);
    let row = if series.is_empty() {
        indicator.code.clone()
    } else {
        format!("{} {series}", indicator.code)
    };
    ui.strong(format!("{row} — {}", language.column_heading(column)));
    let Some(cell) = cell else {
        ui.label(format!(
            "{}: {}",
            language.marker_label(&Marker::Blank),
            language.marker_meaning(&Marker::Blank)
        ));
        return;
    };
    match &cell.value {
        CellValue::Number(number) => {
            ui.label(format!(
                "{} {}",
                format_decimal(*number, language),
                indicator.unit
            ));
        }
        CellValue::Missing(marker) => {
            ui.label(format!(
                "{}: {}",
                language.marker_label(marker),
                language.marker_meaning(marker)
            ));
        }
        CellValue::Text => {}
    }
    if inherited {
        ui.label(texts.inherited);
    }
    if let Some(review) = &cell.review {
        ui.label(
            RichText::new(format!(
                "{} {}: {review}",
                REVIEW_FLAG, texts.review_heading
            ))
            .background_color(colours::of(style::REVIEW)),
        );
    }
    for number in &cell.footnotes {
        footnote_line_ui(ui, document, &cell.source, *number, language);
    }
    ui.weak(format!("{}: {}", texts.raw_text, cell.raw));
    if let Some(source) = document.source(&cell.source) {
        ui.weak(format!("{}: {}", texts.source, source.citation()));
    }
}

/// Footnote numbers as superscript digits: 3 → ³.
fn superscript(number: u32) -> String {
    number
        .to_string()
        .chars()
        .map(|digit| match digit {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            _ => '⁹',
        })
        .collect()
}

fn legend_ui(ui: &mut egui::Ui, language: Language) {
    let texts = language.texts();
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("{}:", texts.legend_heading));
        let marker_colour = colours::of(style::MARKER_TEXT);
        for marker in Marker::STANDARD {
            swatch_ui(
                ui,
                RichText::new(language.marker_label(&marker))
                    .color(marker_colour)
                    .strong(),
                style::marker_background(&marker),
            );
            ui.label(language.marker_meaning(&marker));
            ui.add_space(10.0);
        }
        swatch_ui(ui, RichText::new(REVIEW_FLAG), style::REVIEW);
        ui.label(texts.legend_review);
    });
}

fn swatch_ui(ui: &mut egui::Ui, text: RichText, background: style::Rgb) {
    egui::Frame::new()
        .fill(colours::of(background))
        .inner_margin(egui::Margin::symmetric(6, 2))
        .corner_radius(3.0)
        .show(ui, |ui| {
            ui.label(text);
        });
}
