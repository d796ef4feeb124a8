//! The screen painter of a [`TrendChart`]: egui_plot lines, points and marker labels.
//!
//! Decimals become f64 here and only here, at the hand-over to the plot.

use egui::{Align2, RichText};
use egui_plot::{
    GridMark, HLine, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints, Points,
    Text,
};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use super::UiAction;
use super::colours;
use crate::chart::{ChartPoint, TrendChart};
use crate::i18n::Language;
use crate::numbers::format_decimal;
use crate::style::{self, Dash, PointShape};

/// Draws the trend panel: title, plot (or why there is none), marker legend, footnotes, source.
pub fn trend_ui(
    ui: &mut egui::Ui,
    chart: Option<&TrendChart>,
    language: Language,
    actions: &mut Vec<UiAction>,
) {
    let texts = language.texts();
    let Some(chart) = chart else {
        ui.centered_and_justified(|ui| {
            ui.weak(texts.plot_none_selected);
        });
        return;
    };
    ui.add_space(4.0);
    ui.heading(&chart.title);
    if let Some(no_values) = &chart.no_values {
        ui.add_space(12.0);
        ui.label(
            RichText::new(no_values)
                .size(18.0)
                .color(colours::of(style::MARKER_TEXT))
                .background_color(colours::of(style::MARKER_NVT)),
        );
        notes_ui(ui, chart, language);
        return;
    }
    let notes_height =
        22.0 * (1 + chart.footnotes.len() + usize::from(!chart.gaps.is_empty())) as f32;
    let plot_height = (ui.available_height() - notes_height).max(180.0);
    let unit = chart.unit.clone();
    let mut plot = Plot::new("trend")
        .height(plot_height)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .x_axis_label(texts.plot_year)
        .y_axis_label(unit)
        .x_axis_formatter(|mark: GridMark, _range: &std::ops::RangeInclusive<f64>| year_label(mark))
        .y_axis_formatter(
            move |mark: GridMark, _range: &std::ops::RangeInclusive<f64>| {
                axis_number(mark, language)
            },
        )
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0);
    if let Some((first, last)) = chart.years {
        plot = plot
            .include_x(f64::from(first) - 0.4)
            .include_x(f64::from(last) + 0.4);
    }
    let shown = plot.show(ui, |plot_ui| {
        for series in &chart.series {
            let colour = colours::of(series.colour);
            for piece in &series.pieces {
                let points = to_plot_points(piece);
                if piece.len() > 1 {
                    plot_ui.line(
                        Line::new(series.label.clone(), PlotPoints::new(points.clone()))
                            .color(colour)
                            .width(2.5)
                            .style(line_style(series.dash)),
                    );
                }
                plot_ui.points(
                    Points::new(series.label.clone(), PlotPoints::new(points))
                        .shape(marker_shape(series.point))
                        .radius(5.0)
                        .filled(true)
                        .color(colour),
                );
            }
        }
        for reference in &chart.references {
            if let Some(value) = reference.value.to_f64() {
                plot_ui.hline(
                    HLine::new(reference.label.clone(), value)
                        .color(colours::of(style::TARGET))
                        .style(LineStyle::Dotted { spacing: 6.0 }),
                );
            }
        }
        let bounds = plot_ui.plot_bounds();
        for gap in chart.gap_labels() {
            let y = gap
                .value_hint
                .and_then(|value| value.to_f64())
                .unwrap_or(bounds.min()[1] + (bounds.max()[1] - bounds.min()[1]) * 0.1);
            let background = gap
                .marker
                .as_ref()
                .map_or(style::REVIEW, style::marker_background);
            plot_ui.text(
                Text::new(
                    "",
                    PlotPoint::new(f64::from(gap.year), y),
                    RichText::new(&gap.label)
                        .strong()
                        .color(colours::of(style::MARKER_TEXT))
                        .background_color(colours::of(background)),
                )
                .anchor(Align2::CENTER_CENTER),
            );
        }
    });
    // Right-click: the same chart for paper or a memo.
    shown.response.context_menu(|ui| {
        for (label, extension) in [
            (texts.export_as_pdf, "pdf"),
            (texts.export_as_png, "png"),
            (texts.export_as_svg, "svg"),
        ] {
            if ui.button(label).clicked() {
                actions.push(UiAction::AskExportChart(extension));
            }
        }
    });
    notes_ui(ui, chart, language);
}

/// Marker meanings shown, footnotes, and the source line.
fn notes_ui(ui: &mut egui::Ui, chart: &TrendChart, language: Language) {
    let texts = language.texts();
    let markers = chart.markers_shown();
    if !markers.is_empty() || chart.gaps.iter().any(|gap| gap.marker.is_none()) {
        ui.horizontal_wrapped(|ui| {
            for marker in &markers {
                ui.label(
                    RichText::new(language.marker_label(marker))
                        .strong()
                        .color(colours::of(style::MARKER_TEXT))
                        .background_color(colours::of(style::marker_background(marker))),
                );
                ui.label(language.marker_meaning(marker));
                ui.add_space(8.0);
            }
            if chart.gaps.iter().any(|gap| gap.marker.is_none()) {
                ui.label(
                    RichText::new("?")
                        .strong()
                        .background_color(colours::of(style::REVIEW)),
                );
                ui.label(texts.legend_review);
            }
        });
    }
    for (number, text) in &chart.footnotes {
        ui.weak(format!("{} {number}: {text}", texts.footnote));
    }
    ui.weak(&chart.source_line);
}

fn to_plot_points(piece: &[ChartPoint]) -> Vec<[f64; 2]> {
    piece
        .iter()
        .filter_map(|point| Some([f64::from(point.year), point.value.to_f64()?]))
        .collect()
}

fn line_style(dash: Dash) -> LineStyle {
    match dash {
        Dash::Solid => LineStyle::Solid,
        Dash::Dashed => LineStyle::Dashed { length: 10.0 },
        Dash::Dotted => LineStyle::Dotted { spacing: 6.0 },
        // egui_plot has no dash-dot; loose dashes keep forecast apart from budget.
        Dash::DashDot => LineStyle::Dashed { length: 4.0 },
    }
}

fn marker_shape(point: PointShape) -> MarkerShape {
    match point {
        PointShape::Circle => MarkerShape::Circle,
        PointShape::Square => MarkerShape::Square,
        PointShape::Diamond => MarkerShape::Diamond,
        PointShape::Triangle => MarkerShape::Up,
    }
}

/// Whole years only on the x axis.
fn year_label(mark: GridMark) -> String {
    let rounded = mark.value.round();
    if (mark.value - rounded).abs() < 1e-6 && mark.step_size >= 0.999 {
        format!("{rounded:.0}")
    } else {
        String::new()
    }
}

/// An axis number in the language's notation (`3.200`, `2,5` in Dutch).
fn axis_number(mark: GridMark, language: Language) -> String {
    let decimals = if mark.step_size >= 1.0 {
        0
    } else {
        (-mark.step_size.log10()).ceil().clamp(0.0, 6.0) as u32
    };
    rust_decimal::Decimal::from_f64(mark.value)
        .map(|value| format_decimal(value.round_dp(decimals), language))
        .unwrap_or_default()
}
