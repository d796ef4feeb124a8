//! The guided import on the review screen: the person points out the table's lines and header,
//! Peilstok proposes the columns, the person corrects them in a preview grid, and
//! [`Command::GuideImport`] reads the table so; the normal review follows.

use egui::RichText;

use super::UiAction;
use crate::app::{Command, PendingImport};
use crate::i18n::Language;
use crate::import::guided::{self, ColumnRole, GuidedSpec, Split};
use crate::model::ValueKind;

/// Rows of the preview shown at most: enough to judge the columns by.
const PREVIEW_ROWS: usize = 60;

/// What the guided import keeps between frames.
#[derive(Default)]
pub struct GuidedView {
    /// Whether the panel is open.
    pub open: bool,
    first_line: String,
    last_line: String,
    header_lines: String,
    spec: Option<GuidedSpec>,
    /// The year typed for each column (only value columns use it).
    years: Vec<String>,
    /// The grid of the current choices, and what it was split by: splitting the text is not
    /// work for every frame.
    grid: Option<(GridKey, guided::Grid)>,
}

/// What the grid depends on: the lines, the header, the split, the number of columns and of
/// value columns.
type GridKey = (std::ops::Range<usize>, usize, Split, usize, usize);

fn grid_key(spec: &GuidedSpec) -> GridKey {
    let values = spec
        .columns
        .iter()
        .filter(|role| matches!(role, ColumnRole::Values(..)))
        .count();
    (
        spec.lines.clone(),
        spec.header_lines,
        spec.split,
        spec.columns.len(),
        values,
    )
}

impl GuidedView {
    /// Opens the panel, proposing the whole text with one header line.
    pub fn open_for(&mut self, pending: &PendingImport) {
        self.open = true;
        if self.first_line.is_empty() {
            let (first, last) = pending
                .import
                .skipped
                .first()
                .map_or((1, pending.text.lines().count()), |skipped| {
                    (skipped.lines.start + 1, pending.text.lines().count())
                });
            self.first_line = first.to_string();
            self.last_line = last.to_string();
            self.header_lines = "1".into();
        }
    }

    /// The lines chosen, 0-based and end-exclusive, if the fields hold line numbers.
    fn chosen_lines(&self) -> Option<(std::ops::Range<usize>, usize)> {
        let first: usize = self.first_line.trim().parse().ok()?;
        let last: usize = self.last_line.trim().parse().ok()?;
        let header: usize = self.header_lines.trim().parse().ok()?;
        (first >= 1 && last >= first).then_some((first - 1..last, header))
    }

    fn take_proposal(&mut self, spec: GuidedSpec) {
        self.years = spec
            .columns
            .iter()
            .map(|role| match role {
                ColumnRole::Values(_, Some(year)) => year.to_string(),
                _ => String::new(),
            })
            .collect();
        self.spec = Some(spec);
    }

    /// A click on line `index` (0-based) of the source text: the table's first line, or with
    /// Shift its last.
    pub fn line_clicked(&mut self, index: usize, shift: bool) {
        if !self.open {
            return;
        }
        if shift {
            self.last_line = (index + 1).to_string();
        } else {
            self.first_line = (index + 1).to_string();
            if self
                .last_line
                .trim()
                .parse::<usize>()
                .is_ok_and(|last| last <= index)
            {
                self.last_line = (index + 1).to_string();
            }
        }
    }

    /// Whether the panel is open (clicks on the source text then choose lines).
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The lines to mark in the source text.
    pub fn marked_lines(&self) -> Option<std::ops::Range<usize>> {
        self.open
            .then(|| self.spec.as_ref().map(|spec| spec.lines.clone()))
            .flatten()
    }
}

/// The last year-like word of a column title (`Streef waarde 2016` → `2016`).
fn year_in(title: &str) -> String {
    title
        .split_whitespace()
        .rev()
        .find(|word| word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("")
        .to_string()
}

/// How wide a column of the preview is: names get room, values little.
fn column_width(role: ColumnRole) -> f32 {
    match role {
        ColumnRole::Name => 220.0,
        _ => 130.0,
    }
}

/// The roles a column can be given, in menu order.
fn role_choices() -> [ColumnRole; 8] {
    [
        ColumnRole::Name,
        ColumnRole::Code,
        ColumnRole::Unit,
        ColumnRole::Values(ValueKind::Realised, None),
        ColumnRole::Values(ValueKind::Budget, None),
        ColumnRole::Values(ValueKind::Target, None),
        ColumnRole::Values(ValueKind::Forecast, None),
        ColumnRole::Skip,
    ]
}

fn role_name(role: ColumnRole, language: Language) -> &'static str {
    let texts = language.texts();
    match role {
        ColumnRole::Name => texts.guided_roles[0],
        ColumnRole::Code => texts.guided_roles[1],
        ColumnRole::Unit => texts.guided_roles[2],
        ColumnRole::Values(kind, _) => language.value_kind(kind),
        ColumnRole::Skip => texts.guided_roles[3],
    }
}

/// Draws the guided import.
pub fn guided_ui(
    ui: &mut egui::Ui,
    pending: &PendingImport,
    view: &mut GuidedView,
    language: Language,
    actions: &mut Vec<UiAction>,
) {
    let texts = language.texts();
    // Stay inside this column: the source text stands beside it.
    let width = ui.available_width();
    ui.set_max_width(width);
    ui.heading(texts.guided_heading);
    ui.label(texts.guided_explained);
    ui.label(RichText::new(texts.guided_click_hint).weak());
    ui.horizontal_wrapped(|ui| {
        for (label, value) in [
            (texts.guided_first_line, &mut view.first_line),
            (texts.guided_last_line, &mut view.last_line),
            (texts.guided_header_lines, &mut view.header_lines),
        ] {
            let name = ui.label(label);
            ui.add(egui::TextEdit::singleline(value).desired_width(48.0))
                .labelled_by(name.id);
        }
        let chosen = view.chosen_lines();
        if ui
            .add_enabled(chosen.is_some(), egui::Button::new(texts.guided_propose))
            .clicked()
            && let Some((lines, header)) = chosen
        {
            view.take_proposal(guided::propose(&pending.text, lines, header));
        }
    });
    let Some(mut spec) = view.spec.clone() else {
        return;
    };
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(texts.guided_split);
        for (split, name) in Split::ALL.iter().zip(texts.guided_splits) {
            if ui.selectable_label(spec.split == *split, name).clicked() && spec.split != *split {
                spec.split = *split;
                spec.columns = guided::propose_columns(&pending.text, &spec);
                spec.left_out.clear();
                changed = true;
            }
        }
    });
    if changed {
        view.take_proposal(spec.clone());
    }
    let key = grid_key(&spec);
    if view.grid.as_ref().is_none_or(|(cached, _)| *cached != key) {
        view.grid = Some((key, guided::grid(&pending.text, &spec)));
    }
    let Some((_, guided::Grid { header, rows })) = view.grid.clone() else {
        return;
    };
    view.years.resize(spec.columns.len(), String::new());
    egui::ScrollArea::both()
        .id_salt("guided_grid")
        .auto_shrink([false, true])
        .max_width(width)
        .max_height(ui.available_height() - 40.0)
        .show(ui, |ui| {
            egui::Grid::new("guided_columns")
                .striped(true)
                .show(ui, |ui| {
                    ui.label(RichText::new(texts.guided_row).weak());
                    for (index, role) in spec.columns.iter_mut().enumerate() {
                        let title = header
                            .get(index)
                            .filter(|t| !t.is_empty())
                            .cloned()
                            .unwrap_or_else(|| format!("{}", index + 1));
                        ui.vertical(|ui| {
                            ui.set_max_width(column_width(*role));
                            let title_label =
                                ui.add(egui::Label::new(RichText::new(&title).strong()).truncate());
                            let combo = egui::ComboBox::from_id_salt(("guided_role", index))
                                .width(column_width(*role) - 8.0)
                                .selected_text(role_name(*role, language))
                                .show_ui(ui, |ui| {
                                    for choice in role_choices() {
                                        let same = std::mem::discriminant(&choice)
                                            == std::mem::discriminant(role)
                                            && match (choice, *role) {
                                                (
                                                    ColumnRole::Values(a, _),
                                                    ColumnRole::Values(b, _),
                                                ) => a == b,
                                                _ => true,
                                            };
                                        if ui
                                            .selectable_label(same, role_name(choice, language))
                                            .clicked()
                                        {
                                            *role = match choice {
                                                ColumnRole::Values(kind, _) => {
                                                    // The year printed in the title, unless one was typed.
                                                    if view.years[index].trim().is_empty()
                                                        && let ColumnRole::Values(_, Some(year)) =
                                                            guided::role_of_title(&year_in(&title))
                                                    {
                                                        view.years[index] = year.to_string();
                                                    }
                                                    ColumnRole::Values(
                                                        kind,
                                                        view.years[index].trim().parse().ok(),
                                                    )
                                                }
                                                other => other,
                                            };
                                        }
                                    }
                                });
                            // The column's title names its menu (for screen readers and tests).
                            combo.response.labelled_by(title_label.id);
                            if let ColumnRole::Values(kind, _) = *role {
                                let year = &mut view.years[index];
                                ui.horizontal(|ui| {
                                    let name = ui.label(texts.guided_year);
                                    ui.add(egui::TextEdit::singleline(year).desired_width(48.0))
                                        .labelled_by(name.id);
                                });
                                *role = ColumnRole::Values(kind, year.trim().parse().ok());
                            }
                        });
                    }
                    ui.end_row();
                    for (row_index, (cells, _)) in rows.iter().enumerate().take(PREVIEW_ROWS) {
                        let mut included = !spec.left_out.contains(&row_index);
                        // The row's number names the box (and reads as the row number).
                        if ui
                            .checkbox(&mut included, format!("{}", row_index + 1))
                            .changed()
                        {
                            if included {
                                spec.left_out.retain(|r| *r != row_index);
                            } else {
                                spec.left_out.push(row_index);
                            }
                        }
                        for (index, role) in spec.columns.iter().enumerate() {
                            let text = cells.get(index).map_or("", String::as_str);
                            // Long names are cut in the preview; the whole text shows on hover.
                            ui.scope(|ui| {
                                ui.set_max_width(column_width(*role));
                                ui.add(egui::Label::new(text).truncate());
                            });
                        }
                        ui.end_row();
                    }
                });
        });
    if ui
        .button(RichText::new(texts.guided_read).strong())
        .clicked()
    {
        actions.push(UiAction::Do(Command::GuideImport(spec.clone())));
        view.open = false;
    }
    view.spec = Some(spec);
}
