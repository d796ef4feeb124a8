//! The main table: goals with their indicators, one column per (kind, year) taken from the data.
//!
//! A missing cell shows its marker as text on a coloured background (colour-blind safe: the words
//! say it, the colour only helps); text awaiting review is shown as printed on yellow with a flag.

use egui::{Align, Layout, RichText, Sense};
use egui_extras::{Column as TableColumn, TableBuilder};

use super::UiAction;
use super::colours;
use crate::app::{AppState, CellAddress, Command};
use crate::i18n::Language;
use crate::model::{Cell, CellValue, Document, Indicator, IndicatorId, Marker};
use crate::numbers::format_decimal;
use crate::style;
use crate::view::{CellNote, CellView, Emphasis, Flag};

const ROW_HEIGHT: f32 = 22.0;
const CODE_WIDTH: f32 = 56.0;
const UNIT_WIDTH: f32 = 96.0;
const NAME_MIN_WIDTH: f32 = 180.0;
const VALUE_WIDTH: f32 = 104.0;
const SCROLL_MARGIN: f32 = 14.0;

/// The table's own state: the cell the keyboard is on, and the cell being edited.
#[derive(Debug, Default)]
pub struct TableView {
    /// The cell Enter edits (set by a click on a cell, moved with the arrow keys).
    pub current: Option<CellAddress>,
    /// The cell being edited, with the text typed so far.
    pub editing: Option<CellEditor>,
    /// The table's lines and columns, made once per document change and filter: the window
    /// draws only the lines in view, and the arrow keys move through these.
    layout: TableLayout,
    /// The current cell moved by keyboard: scroll it into view.
    scroll_to_current: bool,
    /// A move of the current cell asked for while the table was drawn (rows, columns).
    pending_move: Option<(isize, isize)>,
    /// The legend's height as last drawn, kept free under the table.
    legend_height: f32,
    /// The first value column shown: the columns scroll sideways, code and name stay.
    first_column: usize,
    /// How many value columns fitted, as last drawn.
    columns_shown: usize,
    /// Sideways wheel movement not yet turned into a column.
    wheel_columns: f32,
    /// The selection as last drawn: when it changes, its row is scrolled into view.
    last_selected: Option<IndicatorId>,
    scroll_to_selected: bool,
}

/// The lines of the table (a goal's heading, or a row of an indicator) and its value columns,
/// as the document and the filter give them.
#[derive(Debug, Default)]
struct TableLayout {
    /// What it was made from: the document's generation and the filter.
    made_from: Option<(u64, String)>,
    /// Every value column of the document, in table order.
    columns: Vec<crate::model::Column>,
    /// The lines, top to bottom.
    lines: Vec<TableLine>,
    /// The value rows (indicator, sub-series), top to bottom.
    rows: Vec<(IndicatorId, String)>,
}

/// One line of the table, by position in the document.
#[derive(Debug)]
enum TableLine {
    /// A goal's heading.
    Goal { programme: usize, goal: usize },
    /// A row of an indicator: its own (series "") or a sub-series'.
    Row {
        programme: usize,
        goal: usize,
        indicator: usize,
        /// The position of the row in [`TableLayout::rows`].
        row: usize,
    },
}

impl TableLayout {
    /// The layout for `state`'s document and filter: the one made before when neither changed.
    fn refresh(&mut self, state: &AppState) {
        let made_from = (state.generation(), state.filter.clone());
        if self.made_from.as_ref() == Some(&made_from) {
            return;
        }
        let document = state.document();
        self.columns = document.columns();
        self.lines.clear();
        self.rows.clear();
        for (p, programme) in document.programmes.iter().enumerate() {
            for (g, goal) in programme.goals.iter().enumerate() {
                let mut heading_added = false;
                for (i, indicator) in goal.indicators.iter().enumerate() {
                    if !super::sidebar::matches_filter(indicator, &state.filter) {
                        continue;
                    }
                    if !heading_added {
                        self.lines.push(TableLine::Goal {
                            programme: p,
                            goal: g,
                        });
                        heading_added = true;
                    }
                    let id = IndicatorId {
                        programme: programme.name.clone(),
                        code: indicator.code.clone(),
                    };
                    for series in indicator.rows() {
                        self.lines.push(TableLine::Row {
                            programme: p,
                            goal: g,
                            indicator: i,
                            row: self.rows.len(),
                        });
                        self.rows.push((id.clone(), series.to_string()));
                    }
                }
            }
        }
        self.made_from = Some(made_from);
    }

    /// The line of the first row of `indicator` (and `series`, when given).
    fn line_of(&self, indicator: &IndicatorId, series: Option<&str>) -> Option<usize> {
        self.lines.iter().position(|line| match line {
            TableLine::Row { row, .. } => self.rows.get(*row).is_some_and(|(id, own)| {
                id == indicator && series.is_none_or(|series| series == own)
            }),
            TableLine::Goal { .. } => false,
        })
    }
}

/// A cell being edited.
#[derive(Debug)]
pub struct CellEditor {
    /// Which cell.
    pub address: CellAddress,
    /// The text so far.
    pub text: String,
    /// Whether the text field has had its first frame (focus and select-all happen then).
    shown: bool,
    /// Editing began by typing into the cell: the text is what was typed.
    typed: bool,
}

impl TableView {
    /// Moves the current cell by whole rows and columns, within the table as last drawn.
    fn move_current(&mut self, rows: isize, columns: isize) {
        let Some(current) = &self.current else {
            return;
        };
        let (drawn_rows, drawn_columns) = (&self.layout.rows, &self.layout.columns);
        let row = drawn_rows
            .iter()
            .position(|(id, series)| *id == current.indicator && *series == current.series);
        let column = drawn_columns.iter().position(|c| *c == current.column);
        let (Some(row), Some(column)) = (row, column) else {
            return;
        };
        let row = row
            .saturating_add_signed(rows)
            .min(drawn_rows.len().saturating_sub(1));
        let column = column
            .saturating_add_signed(columns)
            .min(drawn_columns.len().saturating_sub(1));
        // The columns scroll to keep the current cell in view.
        if column < self.first_column {
            self.first_column = column;
        } else if self.columns_shown > 0 && column >= self.first_column + self.columns_shown {
            self.first_column = column + 1 - self.columns_shown;
        }
        if let (Some((indicator, series)), Some(column)) =
            (drawn_rows.get(row), drawn_columns.get(column))
        {
            self.current = Some(CellAddress {
                indicator: indicator.clone(),
                series: series.clone(),
                column: *column,
            });
            self.scroll_to_current = true;
        }
    }

    /// Starts editing `address`, beginning with what the cell shows.
    fn start_editing(&mut self, address: CellAddress, document: &Document, language: Language) {
        let text = document
            .indicator(&address.indicator)
            .and_then(|indicator| indicator.cell(&address.series, address.column))
            .map(|cell| editable_text(cell, language))
            .unwrap_or_default();
        self.current = Some(address.clone());
        self.editing = Some(CellEditor {
            address,
            text,
            shown: false,
            typed: false,
        });
    }
}

/// What an editor starts with: the number in the language's notation, the marker's sign, or the
/// text as printed.
fn editable_text(cell: &Cell, language: Language) -> String {
    match &cell.value {
        CellValue::Number(number) => format_decimal(*number, language),
        CellValue::Missing(Marker::Blank) => String::new(),
        CellValue::Missing(marker) => language.marker_label(marker),
        CellValue::Text => cell.raw.clone(),
    }
}

/// Draws the legend and the table.
pub fn indicator_table_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut TableView,
    actions: &mut Vec<UiAction>,
) {
    let language = state.language();
    // The table takes what the legend under it leaves (its height as last drawn), so the two
    // never overlap, however the legend wraps.
    let table_height = (ui.available_height() - view.legend_height - 8.0).max(ROW_HEIGHT * 3.0);
    let width = ui.available_width();
    ui.allocate_ui(egui::vec2(width, table_height), |ui| {
        ui.set_min_height(table_height);
        table_body_ui(ui, state, view, actions)
    });
    ui.separator();
    let legend_top = ui.cursor().top();
    legend_ui(ui, language);
    let legend_height = ui.min_rect().bottom() - legend_top;
    if (legend_height - view.legend_height).abs() > 0.5 {
        view.legend_height = legend_height;
        ui.ctx().request_repaint();
    }
}

/// The table itself, in the space the legend leaves.
fn table_body_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut TableView,
    actions: &mut Vec<UiAction>,
) {
    let language = state.language();
    let document = state.document();
    if document.programmes.is_empty() {
        ui.weak(language.texts().no_goals);
        return;
    }
    view.layout.refresh(state);
    let all_columns = view.layout.columns.clone();
    let texts = language.texts();
    // As many value columns as fit beside the code, name and unit; the rest scroll sideways.
    let spacing = ui.spacing().item_spacing.x;
    let room = ui.available_width()
        - CODE_WIDTH
        - UNIT_WIDTH
        - NAME_MIN_WIDTH
        - SCROLL_MARGIN
        - 4.0 * spacing;
    let fit = ((room / (VALUE_WIDTH + spacing)).floor().max(1.0) as usize).min(all_columns.len());
    view.columns_shown = fit;
    view.first_column = view.first_column.min(all_columns.len().saturating_sub(fit));
    if fit < all_columns.len() {
        column_scroller_ui(ui, view, &all_columns, language);
    }
    let columns: Vec<crate::model::Column> = all_columns
        .iter()
        .skip(view.first_column)
        .take(fit)
        .copied()
        .collect();
    // Enter edits the current cell, unless something else has the keyboard.
    let enter = !ui.ctx().egui_wants_keyboard_input()
        && view.editing.is_none()
        && ui.input(|input| input.key_pressed(egui::Key::Enter));
    if enter && let Some(current) = view.current.clone() {
        view.start_editing(current, document, language);
    }
    // Typing on the current cell starts editing with what is typed, as in a spreadsheet.
    if !ui.ctx().egui_wants_keyboard_input()
        && view.editing.is_none()
        && let Some(current) = view.current.clone()
    {
        let typed: String = ui.input(|input| {
            input
                .events
                .iter()
                .filter_map(|event| match event {
                    egui::Event::Text(text) => Some(text.as_str()),
                    _ => None,
                })
                .collect()
        });
        if !typed.trim().is_empty() {
            view.start_editing(current, document, language);
            if let Some(editor) = &mut view.editing {
                editor.text = typed;
                editor.typed = true;
            }
        }
    }
    if !ui.ctx().egui_wants_keyboard_input() && view.editing.is_none() {
        for (key, rows, columns) in [
            (egui::Key::ArrowDown, 1, 0),
            (egui::Key::ArrowUp, -1, 0),
            (egui::Key::ArrowRight, 0, 1),
            (egui::Key::ArrowLeft, 0, -1),
        ] {
            if ui.input(|input| input.key_pressed(key)) {
                view.move_current(rows, columns);
                // The plot follows the keyboard cursor.
                if let Some(current) = &view.current
                    && state.selected.as_ref() != Some(&current.indicator)
                {
                    let indicator = current.indicator.clone();
                    view.last_selected = Some(indicator.clone());
                    actions.push(UiAction::Do(Command::SelectIndicator(Some(indicator))));
                }
            }
        }
    }
    if state.selected != view.last_selected {
        view.last_selected = state.selected.clone();
        view.scroll_to_selected = true;
    }
    // Selected elsewhere (the list, a comparison), the row comes into view; so does the
    // current cell moved by the keyboard.
    let mut scroll_to_line = None;
    if std::mem::take(&mut view.scroll_to_selected)
        && let Some(selected) = &state.selected
    {
        scroll_to_line = view
            .layout
            .line_of(selected, None)
            .map(|line| (line, Some(Align::Center)));
    }
    if std::mem::take(&mut view.scroll_to_current)
        && let Some(current) = &view.current
    {
        scroll_to_line = view
            .layout
            .line_of(&current.indicator, Some(&current.series))
            .map(|line| (line, None));
    }
    // Ctrl or Shift held with a click: the row joins the comparison.
    let modifiers = ui.input(|input| input.modifiers);
    let mut table = TableBuilder::new(ui)
        .id_salt("indicator_table")
        // Never taller than the room left above the legend (the default minimum is 200 points).
        .min_scrolled_height(0.0)
        .striped(true)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(TableColumn::exact(CODE_WIDTH).clip(true))
        // The name takes what the value columns leave, so the values are always in view.
        .column(TableColumn::remainder().at_least(NAME_MIN_WIDTH).clip(true))
        .column(TableColumn::exact(UNIT_WIDTH).clip(true));
    for _ in &columns {
        table = table.column(TableColumn::exact(VALUE_WIDTH).clip(true));
    }
    // Room for the scroll bar, so it never covers the last column's values.
    table = table.column(TableColumn::exact(SCROLL_MARGIN));
    if let Some((line, align)) = scroll_to_line {
        table = table.scroll_to_row(line, align);
    }
    // Only the lines in view are laid out: a national document has tens of thousands.
    let layout = std::mem::take(&mut view.layout);
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
                    let response = ui.interact(
                        ui.max_rect(),
                        ui.unique_id().with("heading"),
                        Sense::click(),
                    );
                    response.context_menu(|ui| {
                        if ui.button(texts.remove_column).clicked() {
                            actions.push(UiAction::Do(Command::RemoveColumn(*column)));
                            ui.close();
                        }
                    });
                });
            }
            header.col(|_| {});
        })
        .body(|body| {
            let heights = layout.lines.iter().map(|line| match line {
                TableLine::Goal { .. } => ROW_HEIGHT + 4.0,
                TableLine::Row { .. } => ROW_HEIGHT,
            });
            body.heterogeneous_rows(heights, |mut row| {
                match layout.lines.get(row.index()) {
                    Some(TableLine::Goal { programme, goal }) => {
                        let Some(goal) = document
                            .programmes
                            .get(*programme)
                            .and_then(|programme| programme.goals.get(*goal))
                        else {
                            return;
                        };
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
                    }
                    Some(TableLine::Row {
                        programme,
                        goal,
                        indicator,
                        row: row_index,
                    }) => {
                        let programme = document.programmes.get(*programme);
                        let goal = programme.and_then(|programme| programme.goals.get(*goal));
                        let indicator = goal.and_then(|goal| goal.indicators.get(*indicator));
                        let (Some(programme), Some(goal), Some(indicator), Some((id, series))) =
                            (programme, goal, indicator, layout.rows.get(*row_index))
                        else {
                            return;
                        };
                        let series = series.as_str();
                        let selected = state.selected.as_ref() == Some(id);
                        row.set_selected(selected);
                        row.col(|ui| {
                            if series.is_empty() {
                                ui.add(egui::Label::new(&indicator.code).selectable(false));
                            }
                        });
                        row.col(|ui| {
                            name_ui(ui, indicator, series, language);
                            // Right-click on the name: edit name, unit, footnotes.
                            let response = ui.interact(
                                ui.max_rect(),
                                ui.unique_id().with("name"),
                                Sense::click(),
                            );
                            // A click on the name selects the row for the plot (with Ctrl or
                            // Shift: for the comparison); the table, where the click was, stays
                            // where it is.
                            if response.clicked() {
                                view.last_selected = Some(id.clone());
                                actions.push(super::sidebar::select_action(
                                    modifiers,
                                    id.clone(),
                                    state,
                                ));
                            }
                            response.context_menu(|ui| {
                                name_menu_ui(
                                    ui,
                                    &programme.name,
                                    &goal.code,
                                    id,
                                    series,
                                    language,
                                    actions,
                                );
                            });
                            response.on_hover_ui(|ui| {
                                name_tooltip_ui(ui, document, indicator, series, language)
                            });
                        });
                        row.col(|ui| {
                            if series.is_empty() {
                                ui.add(egui::Label::new(&indicator.unit).selectable(false));
                            }
                        });
                        for column in &columns {
                            let address = CellAddress {
                                indicator: id.clone(),
                                series: series.to_string(),
                                column: *column,
                            };
                            row.col(|ui| {
                                let cell_ui = CellUi {
                                    document,
                                    indicator,
                                    address,
                                    language,
                                };
                                cell_ui.show(ui, view, actions);
                            });
                        }
                        row.col(|_| {});
                        if row.response().clicked() {
                            view.last_selected = Some(id.clone());
                            actions.push(super::sidebar::select_action(
                                modifiers,
                                id.clone(),
                                state,
                            ));
                        }
                    }
                    None => {}
                }
            });
        });
    view.layout = layout;
    // A cell moved to while drawing (Enter goes on to the row below) comes into view in the
    // next frame.
    if let Some((rows, columns)) = view.pending_move.take() {
        view.move_current(rows, columns);
        ui.ctx().request_repaint();
    }
}

/// The sideways scroller of the value columns: ◀, a slider, ▶ and which columns are shown.
/// Shift and the mouse wheel over the table scroll too.
fn column_scroller_ui(
    ui: &mut egui::Ui,
    view: &mut TableView,
    all_columns: &[crate::model::Column],
    language: Language,
) {
    let texts = language.texts();
    let last_first = all_columns.len().saturating_sub(view.columns_shown);
    let wheel = ui.input(|input| {
        if input.modifiers.shift {
            input.smooth_scroll_delta.x + input.smooth_scroll_delta.y
        } else {
            input.smooth_scroll_delta.x
        }
    });
    if wheel != 0.0 && ui.ui_contains_pointer() {
        view.wheel_columns += wheel;
        while view.wheel_columns <= -VALUE_WIDTH / 2.0 && view.first_column < last_first {
            view.first_column += 1;
            view.wheel_columns += VALUE_WIDTH / 2.0;
        }
        while view.wheel_columns >= VALUE_WIDTH / 2.0 && view.first_column > 0 {
            view.first_column -= 1;
            view.wheel_columns -= VALUE_WIDTH / 2.0;
        }
    }
    ui.horizontal(|ui| {
        let first = view.first_column;
        let shown = format!(
            "{} {}–{} {} {}",
            texts.columns_word,
            first + 1,
            first + view.columns_shown,
            texts.of_word,
            all_columns.len()
        );
        let left = ui
            .add_enabled(first > 0, egui::Button::new("‹"))
            .on_hover_text(texts.columns_left);
        ui.ctx().accesskit_node_builder(left.id, |node| {
            node.set_label(texts.columns_left);
        });
        if left.clicked() {
            view.first_column = first - 1;
        }
        let mut position = first;
        let slider = ui.add(
            egui::Slider::new(&mut position, 0..=last_first)
                .show_value(false)
                .step_by(1.0),
        );
        ui.ctx().accesskit_node_builder(slider.id, |node| {
            node.set_label(texts.columns_scroll_label);
        });
        if slider.changed() {
            view.first_column = position;
        }
        let right = ui
            .add_enabled(first < last_first, egui::Button::new("›"))
            .on_hover_text(texts.columns_right);
        ui.ctx().accesskit_node_builder(right.id, |node| {
            node.set_label(texts.columns_right);
        });
        if right.clicked() {
            view.first_column = first + 1;
        }
        let headings: Vec<String> = all_columns
            .iter()
            .skip(view.first_column)
            .take(view.columns_shown)
            .map(|column| language.column_heading(*column))
            .collect();
        ui.weak(shown).on_hover_text(headings.join(", "));
    });
}

/// What a right-click on an indicator's name (or a sub-row's) offers.
fn name_menu_ui(
    ui: &mut egui::Ui,
    programme: &str,
    goal: &str,
    id: &IndicatorId,
    series: &str,
    language: Language,
    actions: &mut Vec<UiAction>,
) {
    use super::structure_dialog::StructureDialog;
    let texts = language.texts();
    let mut chosen = None;
    if ui.button(texts.edit_indicator).clicked() {
        chosen = Some(UiAction::EditIndicator(id.clone()));
    }
    if ui
        .button(format!("{} {goal}…", texts.add_indicator))
        .clicked()
    {
        chosen = Some(UiAction::OpenStructure(StructureDialog::Indicator {
            programme: programme.to_string(),
            goal: goal.to_string(),
            code: String::new(),
            name: String::new(),
            unit: String::new(),
        }));
    }
    if ui.button(format!("{}…", texts.add_series)).clicked() {
        chosen = Some(UiAction::OpenStructure(StructureDialog::Series {
            indicator: id.clone(),
            name: String::new(),
        }));
    }
    ui.separator();
    if series.is_empty() {
        if ui
            .button(format!("{} {}", texts.remove_indicator, id.code))
            .clicked()
        {
            chosen = Some(UiAction::Do(Command::RemoveIndicator(id.clone())));
        }
    } else if ui
        .button(format!("{} {series}", texts.remove_series))
        .clicked()
    {
        chosen = Some(UiAction::Do(Command::RemoveSeries {
            indicator: id.clone(),
            name: series.to_string(),
        }));
    }
    if let Some(action) = chosen {
        actions.push(action);
        ui.close();
    }
}

/// A row's name: the sub-series name indented, or the indicator's with its mandatory and review
/// marks, cut to the column (the whole name on hover, see [`name_tooltip_ui`]).
fn name_ui(ui: &mut egui::Ui, indicator: &Indicator, series: &str, language: Language) {
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
            egui::Label::new(colours::on(
                style::REVIEW,
                RichText::new(Flag::Review.sign()),
            ))
            .selectable(false),
        );
    }
    ui.add(
        egui::Label::new(&indicator.name)
            .selectable(false)
            .truncate(),
    );
}

/// What hovering a name shows: the whole name, and what is known about it.
fn name_tooltip_ui(
    ui: &mut egui::Ui,
    document: &Document,
    indicator: &Indicator,
    series: &str,
    language: Language,
) {
    let texts = language.texts();
    ui.set_max_width(480.0);
    if !series.is_empty() {
        ui.strong(format!("{} {} · {series}", indicator.code, indicator.name));
        return;
    }
    {
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
    }
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

/// One value cell of the table, with what it needs to draw itself.
struct CellUi<'a> {
    document: &'a Document,
    indicator: &'a Indicator,
    address: CellAddress,
    language: Language,
}

impl CellUi<'_> {
    /// The cell: its editor while it is edited, else its value; a click makes it current, a
    /// double click edits it, a right click offers what can be done with it.
    fn show(self, ui: &mut egui::Ui, view: &mut TableView, actions: &mut Vec<UiAction>) {
        let editing_here = view
            .editing
            .as_ref()
            .is_some_and(|editor| editor.address == self.address);
        if editing_here {
            self.editor_ui(ui, view, actions);
            return;
        }
        let Some(look) = CellView::of(
            self.indicator,
            &self.address.series,
            self.address.column,
            self.language,
        ) else {
            return;
        };
        value_cell_ui(ui, self.indicator, &self.address, &look, self.language);
        let cell_rect = ui.max_rect();
        if view.current.as_ref() == Some(&self.address) {
            ui.painter().rect_stroke(
                cell_rect.shrink(1.0),
                2.0,
                egui::Stroke::new(2.0, colours::of(style::REALISED)),
                egui::StrokeKind::Inside,
            );
        }
        // The whole cell answers, not only its (often short) text.
        let response = ui.interact(cell_rect, ui.unique_id().with("cell"), Sense::click());
        if response.clicked() {
            view.current = Some(self.address.clone());
            view.last_selected = Some(self.address.indicator.clone());
            actions.push(UiAction::Do(Command::SelectIndicator(Some(
                self.address.indicator.clone(),
            ))));
        }
        if response.double_clicked() {
            view.start_editing(self.address.clone(), self.document, self.language);
        }
        response.context_menu(|ui| self.context_menu_ui(ui, view, actions));
        response.on_hover_ui(|ui| {
            cell_tooltip_ui(
                ui,
                self.document,
                self.indicator,
                &self.address,
                &look,
                self.language,
            )
        });
    }

    fn editor_ui(&self, ui: &mut egui::Ui, view: &mut TableView, actions: &mut Vec<UiAction>) {
        let Some(editor) = view.editing.as_mut() else {
            return;
        };
        let texts = self.language.texts();
        let output = egui::TextEdit::singleline(&mut editor.text)
            .desired_width(f32::INFINITY)
            .align(egui::Align2::RIGHT_CENTER)
            .hint_text(texts.edit_hint)
            .show(ui);
        let response = output.response;
        // Screen readers (and tests) find the editor by the cell it edits.
        let label = format!("{} {}", texts.edit_cell_label, self.describe());
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_label(label.clone());
        });
        if !editor.shown {
            editor.shown = true;
            response.request_focus();
            let mut state = output.state;
            // Opened by typing: the cursor after what was typed; else all selected, to replace.
            let range = if editor.typed {
                egui::text::CCursorRange::one(egui::text::CCursor::new(editor.text.chars().count()))
            } else {
                egui::text::CCursorRange::select_all_str(&editor.text)
            };
            state.cursor.set_char_range(Some(range));
            state.store(ui.ctx(), response.id);
            return;
        }
        if ui.input(|input| input.key_pressed(egui::Key::Escape)) {
            view.editing = None;
            return;
        }
        if response.lost_focus() {
            // Enter, Tab or a click elsewhere: what was typed counts, as in a spreadsheet, and
            // Enter goes on to the cell below, for filling in a column.
            let text = std::mem::take(&mut editor.text);
            let text_for_check = text.clone();
            view.editing = None;
            actions.push(UiAction::Do(Command::EditCell {
                cell: self.address.clone(),
                text,
            }));
            // A refused value keeps the cursor where it is, so it can be typed again.
            if ui.input(|input| input.key_pressed(egui::Key::Enter))
                && crate::numbers::parse_user_value(&text_for_check).is_ok()
            {
                // After the table is drawn: the rows are not at hand while it is.
                view.pending_move = Some((1, 0));
            }
        }
    }

    fn context_menu_ui(
        &self,
        ui: &mut egui::Ui,
        view: &mut TableView,
        actions: &mut Vec<UiAction>,
    ) {
        let texts = self.language.texts();
        if ui.button(texts.edit_cell).clicked() {
            view.start_editing(self.address.clone(), self.document, self.language);
            ui.close();
        }
        let address = &self.address;
        let speaking = self.indicator.cell(&address.series, address.column);
        if speaking.is_some_and(|cell| cell.review.is_some())
            && ui.button(texts.accept_cell).clicked()
        {
            actions.push(UiAction::Do(Command::AcceptCell(address.clone())));
            ui.close();
        }
        let candidates = self.indicator.candidates(&address.series, address.column);
        if candidates.len() > 1 {
            ui.separator();
            ui.weak(texts.choose_source);
            for candidate in candidates {
                let source = self
                    .document
                    .source(&candidate.source)
                    .map_or(candidate.source.clone(), |source| source.citation());
                let label = format!("{}: {source}", editable_text(candidate, self.language));
                let counts = speaking.is_some_and(|cell| std::ptr::eq(cell, candidate));
                if ui.radio(counts, label).clicked() {
                    actions.push(UiAction::Do(Command::ChooseSource {
                        cell: address.clone(),
                        source: candidate.source.clone(),
                    }));
                    ui.close();
                }
            }
        }
    }

    /// "3.1.3 Werkelijk 2021".
    fn describe(&self) -> String {
        self.language.cell_name(
            &self.indicator.code,
            &self.address.series,
            self.address.column,
        )
    }
}

/// One value cell, painted from its [`CellView`]: the background by meaning, the flags and
/// footnotes beside the text.
fn value_cell_ui(
    ui: &mut egui::Ui,
    indicator: &Indicator,
    address: &CellAddress,
    view: &CellView,
    language: Language,
) {
    let background = view.look.background();
    if let Some(background) = background {
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, colours::of(background));
    }
    // On a coloured background the ink is the markers' dark one, whatever the theme's text
    // colour: light text on the light tints would not be read.
    let marker_colour = colours::of(style::MARKER_TEXT);
    let ink = |text: RichText| {
        if background.is_some() {
            text.color(marker_colour)
        } else {
            text
        }
    };
    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
        for number in view.footnotes.iter().rev() {
            ui.add(
                egui::Label::new(ink(RichText::new(superscript(*number)).strong()))
                    .selectable(false),
            );
        }
        for flag in view.flags.iter().rev() {
            ui.add(egui::Label::new(ink(RichText::new(flag.sign()).strong())).selectable(false));
        }
        let text = ink(RichText::new(&view.text));
        let text = match view.emphasis {
            Emphasis::Regular => text,
            Emphasis::Strong => text.strong(),
            Emphasis::Italic => text.italics(),
        };
        ui.add(egui::Label::new(text).selectable(false).truncate());
        // Realised against budgeted, small, left of the value.
        if address.column.kind == crate::model::ValueKind::Realised
            && let Some(deviation) = address
                .column
                .year
                .and_then(|year| indicator.deviation(&address.series, year))
        {
            let short = match deviation.percent {
                Some(percent) => format!("Δ {}%", language.signed(percent)),
                None => format!("Δ {}", language.signed(deviation.absolute)),
            };
            // Met or missed: a drawn tick or cross (a shape, not only a colour; the default
            // fonts have neither sign), and the word in the tooltip.
            let text = match deviation.met {
                Some(met) => {
                    verdict_mark_ui(ui, met);
                    let colour = if met { style::MET } else { style::MISSED };
                    RichText::new(short).small().color(colours::of(colour))
                }
                None => RichText::new(short).small().weak(),
            };
            ui.add(egui::Label::new(text).selectable(false));
        }
    });
}

/// A small tick (met) or cross (missed), drawn.
fn verdict_mark_ui(ui: &mut egui::Ui, met: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(9.0, 9.0), Sense::hover());
    let colour = colours::of(if met { style::MET } else { style::MISSED });
    let stroke = egui::Stroke::new(1.6, colour);
    let painter = ui.painter();
    if met {
        painter.line_segment([rect.left_center(), rect.center_bottom()], stroke);
        painter.line_segment([rect.center_bottom(), rect.right_top()], stroke);
    } else {
        painter.line_segment([rect.left_top(), rect.right_bottom()], stroke);
        painter.line_segment([rect.left_bottom(), rect.right_top()], stroke);
    }
}

fn cell_tooltip_ui(
    ui: &mut egui::Ui,
    document: &Document,
    indicator: &Indicator,
    address: &CellAddress,
    view: &CellView,
    language: Language,
) {
    let cell = view.cell;
    let (series, column) = (address.series.as_str(), address.column);
    let texts = language.texts();
    ui.set_max_width(480.0);
    let row = if series.is_empty() {
        indicator.code.clone()
    } else {
        format!("{} {series}", indicator.code)
    };
    ui.strong(format!("{row} — {}", language.column_heading(column)));
    if let Some(CellValue::Number(number)) = cell.map(|cell| &cell.value) {
        ui.label(format!(
            "{} {}",
            format_decimal(*number, language),
            indicator.unit
        ));
    }
    if column.kind == crate::model::ValueKind::Realised
        && let Some(deviation) = column
            .year
            .and_then(|year| indicator.deviation(series, year))
    {
        ui.label(format!(
            "{}: {}",
            texts.deviation_heading,
            language.deviation(&deviation)
        ));
    }
    // What the cell says on closer look, as the workbook's note says it.
    for note in view.notes(document, indicator, series, column, language) {
        match &note {
            CellNote::Marker(text) | CellNote::Inherited(text) | CellNote::Footnote(text) => {
                ui.label(text);
            }
            CellNote::Review(text) => {
                ui.label(colours::on(
                    style::REVIEW,
                    RichText::new(format!("{} {text}", Flag::Review.sign())),
                ));
            }
            CellNote::Conflict(text) => {
                ui.separator();
                ui.label(colours::on(style::CONFLICT, RichText::new(text)));
            }
            CellNote::Raw(text) | CellNote::Source(text) | CellNote::Other(text) => {
                ui.weak(text);
            }
        }
    }
    if cell.is_none() {
        return;
    }
    ui.weak(texts.cell_edit_hint);
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
        for entry in language.sign_legend() {
            swatch_ui(
                ui,
                RichText::new(&entry.sign)
                    .color(colours::of(style::MARKER_TEXT))
                    .strong(),
                entry.background,
            );
            ui.label(entry.gist()).on_hover_text(&entry.meaning);
            ui.add_space(10.0);
        }
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
