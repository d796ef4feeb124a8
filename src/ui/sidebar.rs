//! The side panel: filter box, programme → goal → indicator tree, completeness per column.

use egui::RichText;

use super::UiAction;
use crate::app::{AppState, Command};
use crate::model::{ColumnCompleteness, Goal, Indicator, IndicatorId};

/// Whether `indicator` matches the filter text (code or name, case-insensitive).
pub fn matches_filter(indicator: &Indicator, filter: &str) -> bool {
    let filter = filter.trim().to_lowercase();
    filter.is_empty()
        || indicator.code.to_lowercase().starts_with(&filter)
        || indicator.name.to_lowercase().contains(&filter)
}

/// The indicators of `goal` that pass the filter.
pub fn visible_indicators<'a>(
    goal: &'a Goal,
    filter: &'a str,
) -> impl Iterator<Item = &'a Indicator> {
    goal.indicators
        .iter()
        .filter(move |indicator| matches_filter(indicator, filter))
}

/// The indicators the list shows, in its order.
pub fn visible_ids(state: &AppState) -> Vec<IndicatorId> {
    state
        .document()
        .programmes
        .iter()
        .flat_map(|programme| {
            programme.goals.iter().flat_map(move |goal| {
                visible_indicators(goal, &state.filter).map(move |indicator| IndicatorId {
                    programme: programme.name.clone(),
                    code: indicator.code.clone(),
                })
            })
        })
        .collect()
}

/// What a click on an indicator does: select it alone; with Ctrl add it to the comparison or
/// take it out; with Shift compare the range from the selected one to it, in the list's order.
pub fn select_action(modifiers: egui::Modifiers, id: IndicatorId, state: &AppState) -> UiAction {
    if modifiers.command {
        return UiAction::Do(Command::ToggleCompared(id));
    }
    if modifiers.shift
        && let Some(anchor) = &state.selected
    {
        let order = visible_ids(state);
        if let (Some(from), Some(to)) = (
            order.iter().position(|known| known == anchor),
            order.iter().position(|known| *known == id),
        ) {
            let range = if from <= to {
                order[from..=to].to_vec()
            } else {
                order[to..=from].iter().rev().cloned().collect()
            };
            return UiAction::Do(Command::CompareRange(range));
        }
    }
    UiAction::Do(Command::SelectIndicator(Some(id)))
}

/// A list longer than this starts folded (programmes closed): every open line is drawn each
/// frame, and a national document has tens of thousands.
const LIST_OPEN_UP_TO: usize = 400;

/// What the side panel keeps between frames.
#[derive(Debug, Default)]
pub struct SidebarView {
    /// The completeness per column, with the document generation it was counted for.
    completeness: Option<(u64, Vec<ColumnCompleteness>)>,
}

/// Draws the side panel.
pub fn sidebar_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    view: &mut SidebarView,
    actions: &mut Vec<UiAction>,
) {
    let language = state.language();
    let texts = language.texts();
    ui.add_space(4.0);
    let mut filter = state.filter.clone();
    let response = ui.add(
        egui::TextEdit::singleline(&mut filter)
            .hint_text(texts.filter_hint)
            .desired_width(f32::INFINITY),
    );
    // Its hint is no name once text is typed: screen readers say this one.
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(texts.filter_hint.trim_end_matches('…'));
    });
    if response.changed() {
        actions.push(UiAction::Do(Command::SetFilter(filter)));
    }
    ui.separator();
    ui.set_max_width(ui.available_width());
    egui::ScrollArea::vertical()
        .id_salt("tree_scroll")
        .max_height(ui.available_height() * 0.6)
        .auto_shrink([false, true])
        .show(ui, |ui| tree_ui(ui, state, actions));
    ui.separator();
    ui.heading(texts.completeness_heading);
    completeness_ui(ui, state, view);
}

fn tree_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<UiAction>) {
    let texts = state.language().texts();
    let document = state.document();
    if document.programmes.is_empty() {
        ui.weak(texts.no_goals);
    }
    let filtering = !state.filter.trim().is_empty();
    let open_at_first = document.indicators().count() <= LIST_OPEN_UP_TO;
    for programme in &document.programmes {
        // A text that names no programme still gives its indicators a heading to fold.
        let programme_name = if programme.name.trim().is_empty() {
            texts.unnamed_programme
        } else {
            programme.name.as_str()
        };
        egui::CollapsingHeader::new(RichText::new(programme_name).strong())
            .id_salt(("programme", &programme.name))
            .default_open(open_at_first)
            .open(filtering.then_some(true))
            .show(ui, |ui| {
                for goal in &programme.goals {
                    let indicators: Vec<&Indicator> =
                        visible_indicators(goal, &state.filter).collect();
                    if filtering && indicators.is_empty() {
                        continue;
                    }
                    let goal_label = format!("{}. {}", goal.code, goal.title);
                    // Short, so the list stays narrow; the whole title on hover.
                    let goal_header = egui::CollapsingHeader::new(egui::RichText::new(truncated(
                        &goal_label,
                        34,
                    )))
                    .id_salt(("goal", &programme.name, &goal.code))
                    .default_open(true)
                    .open(filtering.then_some(true))
                    .show(ui, |ui| {
                        if indicators.is_empty() {
                            ui.weak(texts.no_indicators);
                        }
                        for indicator in indicators {
                            let id = IndicatorId {
                                programme: programme.name.clone(),
                                code: indicator.code.clone(),
                            };
                            let selected = state.selected.as_ref() == Some(&id)
                                || state.compared.contains(&id);
                            let label = format!("{} {}", indicator.code, indicator.name);
                            if ui
                                .add(egui::Button::selectable(selected, label.as_str()).truncate())
                                .on_hover_text(label.as_str())
                                .clicked()
                            {
                                let modifiers = ui.input(|input| input.modifiers);
                                actions.push(select_action(modifiers, id, state));
                            }
                        }
                    });
                    goal_header.header_response.on_hover_text(&goal_label);
                }
            });
    }
}

/// `text` cut to `max_chars` characters with an ellipsis (collapsing headers do not truncate).
fn truncated(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

fn completeness_ui(ui: &mut egui::Ui, state: &AppState, view: &mut SidebarView) {
    let language = state.language();
    // Counted once per change of the document, not every frame.
    let generation = state.generation();
    if view
        .completeness
        .as_ref()
        .is_none_or(|(counted, _)| *counted != generation)
    {
        view.completeness = Some((generation, state.document().completeness()));
    }
    let Some((_, completeness)) = &view.completeness else {
        return;
    };
    for summary in completeness {
        ui.label(RichText::new(language.completeness_summary(summary)).strong());
        let breakdown = language.completeness_breakdown(summary);
        if !breakdown.is_empty() {
            ui.weak(breakdown);
        }
    }
}
