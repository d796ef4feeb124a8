//! The screen painter of a [`TrendChart`]: egui_plot lines, points and marker labels.
//!
//! Decimals become f64 here and only here, at the hand-over to the plot.

use egui::{Align2, RichText};
use egui_plot::{
    Bar, BarChart, GridMark, HLine, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoint,
    PlotPoints, Points, Text,
};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use super::UiAction;
use super::colours;
use crate::app::Command;
use crate::chart::{ChartKind, ChartPoint, Gap, TrendChart, bar_slot};
use crate::formats::Format;
use crate::i18n::Language;
use crate::numbers::format_decimal;
use crate::style::{self, BarFill, Dash, PointShape, Rgb};

/// Draws the trend panel: the chart of the selected indicator, or of those compared (side by
/// side when their units differ), or why there is none.
pub fn trend_ui(
    ui: &mut egui::Ui,
    charts: &[TrendChart],
    kind: ChartKind,
    language: Language,
    actions: &mut Vec<UiAction>,
) {
    let texts = language.texts();
    match charts {
        [] => {
            ui.centered_and_justified(|ui| {
                ui.weak(format!(
                    "{}\n{}",
                    texts.plot_none_selected, texts.compare_hint
                ));
            });
        }
        [chart] => chart_ui(ui, chart, 0, kind, language, actions),
        several => {
            ui.columns(several.len(), |columns| {
                for (index, (ui, chart)) in columns.iter_mut().zip(several).enumerate() {
                    chart_ui(ui, chart, index, kind, language, actions);
                }
            });
        }
    }
}

/// One chart: title, plot (or why there is none), marker legend, footnotes, source.
fn chart_ui(
    ui: &mut egui::Ui,
    chart: &TrendChart,
    index: usize,
    kind: ChartKind,
    language: Language,
    actions: &mut Vec<UiAction>,
) {
    let texts = language.texts();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        // Lines or bars: the same chart, and what "Grafiek exporteren" writes.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            for (choice, label) in [
                (ChartKind::Bars, texts.chart_bars),
                (ChartKind::Line, texts.chart_line),
            ] {
                if ui.selectable_label(kind == choice, label).clicked() {
                    actions.push(UiAction::Do(Command::SetChartKind(choice)));
                }
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                ui.add(
                    egui::Label::new(egui::RichText::new(&chart.title).heading())
                        .wrap()
                        .selectable(false),
                );
            });
        });
    });
    if let Some(no_values) = &chart.no_values {
        ui.add_space(12.0);
        ui.label(colours::on(
            style::MARKER_NVT,
            RichText::new(no_values).size(18.0),
        ));
        notes_scroll_ui(ui, chart, language);
        return;
    }
    // The notes (markers, footnotes, source) scroll in at most a third of the panel, so a long
    // footnote never pushes the plot, or the panel, out of the window.
    let wanted_notes =
        22.0 * (1 + chart.footnotes.len() + usize::from(!chart.gaps.is_empty())) as f32;
    let notes_height = wanted_notes.min(ui.available_height() / 3.0);
    // Bars get a legend of bar swatches above the plot (the plot's own would show dots, over
    // the bars); lines keep the plot's legend, which also hides and shows a line.
    if kind == ChartKind::Bars {
        bar_legend_ui(ui, chart);
    }
    let plot_height = (ui.available_height() - notes_height - 8.0).max(120.0);
    let unit = chart.unit.clone();
    let mut plot = Plot::new(("trend", index))
        .height(plot_height)
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
    // Room above the highest point for the deviation written over it.
    if let Some(highest) = chart
        .deviations
        .iter()
        .filter_map(|deviation| deviation.realised.to_f64())
        .reduce(f64::max)
    {
        plot = plot.include_y(highest * 1.15);
    }
    if let Some((first, last)) = chart.years {
        plot = plot
            .include_x(f64::from(first) - 0.55)
            .include_x(f64::from(last) + 0.55);
    }
    if kind != ChartKind::Bars {
        plot = plot.legend(Legend::default().position(egui_plot::Corner::RightTop));
    }
    let items = screen_chart(chart, kind);
    let shown = plot.show(ui, |plot_ui| {
        for line in &items.lines {
            let colour = colours::of(line.colour);
            if line.points.len() > 1 {
                plot_ui.line(
                    Line::new(line.series.clone(), PlotPoints::new(line.points.clone()))
                        .color(colour)
                        .width(2.5)
                        .style(line_style(line.dash)),
                );
            }
            plot_ui.points(
                Points::new(line.series.clone(), PlotPoints::new(line.points.clone()))
                    .shape(marker_shape(line.point))
                    .radius(5.0)
                    .filled(true)
                    .color(colour),
            );
        }
        for group in &items.bars {
            let colour = colours::of(group.colour);
            let fill = bar_fill(group.colour, group.fill);
            let bars = group
                .bars
                .iter()
                .map(|&(x, value)| {
                    Bar::new(x, value)
                        .width(group.width)
                        .fill(fill)
                        .stroke(egui::Stroke::new(1.5, colour))
                })
                .collect();
            plot_ui.bar_chart(BarChart::new(group.series.clone(), bars).color(colour));
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
        // Realised against budgeted, over the realised point.
        for deviation in &chart.deviations {
            if let Some(value) = deviation.realised.to_f64() {
                plot_ui.text(
                    Text::new(
                        "",
                        PlotPoint::new(f64::from(deviation.year), value),
                        RichText::new(format!("Δ {}", deviation.text)).size(13.0),
                    )
                    .anchor(Align2::CENTER_BOTTOM),
                );
            }
        }
        let bounds = plot_ui.plot_bounds();
        for label in &items.labels {
            let y = label
                .y
                .unwrap_or(bounds.min()[1] + (bounds.max()[1] - bounds.min()[1]) * 0.1);
            plot_ui.text(
                Text::new(
                    "",
                    PlotPoint::new(label.x, y),
                    // As large as body text: a missing value must not be overlooked.
                    colours::on(
                        label.background,
                        RichText::new(&label.text).size(15.0).strong(),
                    ),
                )
                .anchor(if kind == ChartKind::Bars {
                    Align2::CENTER_BOTTOM
                } else {
                    Align2::CENTER_CENTER
                }),
            );
        }
    });
    // Right-click: the same chart for paper or a memo.
    shown.response.context_menu(|ui| {
        for (label, format) in [
            (texts.export_as_pdf, Format::Pdf),
            (texts.export_as_png, Format::Png),
            (texts.export_as_svg, Format::Svg),
        ] {
            if ui.button(label).clicked() {
                actions.push(UiAction::AskExportChart(format));
            }
        }
    });
    notes_scroll_ui(ui, chart, language);
}

/// The notes in the rest of the panel, scrolling when long. They take all of it, not less: a
/// panel that its content does not fill would shrink a little every frame.
fn notes_scroll_ui(ui: &mut egui::Ui, chart: &TrendChart, language: Language) {
    egui::ScrollArea::vertical()
        .id_salt(("trend_notes", chart.title.as_str()))
        .max_height(ui.available_height())
        .auto_shrink([false, false])
        .show(ui, |ui| notes_ui(ui, chart, language));
}

/// How a bar of `colour` is filled on screen.
fn bar_fill(colour: Rgb, fill: BarFill) -> egui::Color32 {
    match fill {
        BarFill::Solid => colours::of(colour),
        BarFill::Tint => colours::of(colour.tint(350)),
        BarFill::Outline => egui::Color32::WHITE,
    }
}

/// The series of a bar chart, each with a swatch filled as its bars are.
fn bar_legend_ui(ui: &mut egui::Ui, chart: &TrendChart) {
    ui.horizontal_wrapped(|ui| {
        for series in &chart.series {
            let colour = colours::of(series.colour);
            let fill = bar_fill(series.colour, style::value_kind_bar_fill(series.kind));
            let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 12.0), egui::Sense::hover());
            ui.painter().rect(
                rect,
                1.0,
                fill,
                egui::Stroke::new(1.5, colour),
                egui::StrokeKind::Inside,
            );
            ui.label(&series.label);
            ui.add_space(10.0);
        }
    });
}

/// Marker meanings shown, footnotes, and the source line.
fn notes_ui(ui: &mut egui::Ui, chart: &TrendChart, language: Language) {
    let texts = language.texts();
    let markers = chart.markers_shown();
    if !markers.is_empty() || chart.gaps.iter().any(|gap| gap.marker.is_none()) {
        ui.horizontal_wrapped(|ui| {
            for marker in &markers {
                ui.label(colours::on(
                    style::marker_background(marker),
                    RichText::new(language.marker_label(marker)).strong(),
                ));
                ui.label(language.marker_meaning(marker));
                ui.add_space(8.0);
            }
            if chart.gaps.iter().any(|gap| gap.marker.is_none()) {
                ui.label(colours::on(style::REVIEW, RichText::new("?").strong()));
                ui.label(texts.legend_review);
            }
        });
    }
    for (number, text) in &chart.footnotes {
        ui.weak(format!("{} {number}: {text}", texts.footnote));
    }
    ui.weak(&chart.source_line);
}

/// What the screen draws of a chart: the description's series, bars and marker labels in plot
/// units. egui_plot only receives these; the page painter reads the same description.
#[derive(Debug, Default, PartialEq)]
struct ScreenChart {
    lines: Vec<ScreenLine>,
    bars: Vec<ScreenBars>,
    labels: Vec<ScreenLabel>,
}

/// One unbroken run of a series.
#[derive(Debug, PartialEq)]
struct ScreenLine {
    series: String,
    points: Vec<[f64; 2]>,
    colour: Rgb,
    dash: Dash,
    point: PointShape,
}

/// One series as bars, each (x, value).
#[derive(Debug, PartialEq)]
struct ScreenBars {
    series: String,
    bars: Vec<(f64, f64)>,
    width: f64,
    colour: Rgb,
    fill: BarFill,
}

/// A marker written where a value is missing; without `y` it stands low in the plot.
#[derive(Debug, PartialEq)]
struct ScreenLabel {
    text: String,
    x: f64,
    y: Option<f64>,
    background: Rgb,
}

fn screen_chart(chart: &TrendChart, kind: ChartKind) -> ScreenChart {
    let mut screen = ScreenChart::default();
    let background = |gap: &Gap| {
        gap.marker
            .as_ref()
            .map_or(style::REVIEW, style::marker_background)
    };
    if kind == ChartKind::Bars {
        let count = chart.series.len();
        for (index, series) in chart.series.iter().enumerate() {
            let (offset, width) = bar_slot(index, count);
            screen.bars.push(ScreenBars {
                series: series.label.clone(),
                bars: series
                    .pieces
                    .iter()
                    .flat_map(|piece| to_plot_points(piece))
                    .map(|[year, value]| (year + offset, value))
                    .collect(),
                width,
                colour: series.colour,
                fill: style::value_kind_bar_fill(series.kind),
            });
            // Each bar's place keeps its own marker, at the foot of the bar.
            for gap in chart
                .gaps
                .iter()
                .filter(|gap| gap.series_label == series.label)
            {
                screen.labels.push(ScreenLabel {
                    text: gap.label.clone(),
                    x: f64::from(gap.year) + offset,
                    y: Some(0.0),
                    background: background(gap),
                });
            }
        }
        return screen;
    }
    for series in &chart.series {
        for piece in &series.pieces {
            screen.lines.push(ScreenLine {
                series: series.label.clone(),
                points: to_plot_points(piece),
                colour: series.colour,
                dash: series.dash,
                point: series.point,
            });
        }
    }
    for gap in chart.gap_labels() {
        screen.labels.push(ScreenLabel {
            text: gap.label.clone(),
            x: f64::from(gap.year),
            y: gap.value_hint.and_then(|value| value.to_f64()),
            background: background(gap),
        });
    }
    screen
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::svg::{ChartSize, Drawing, chart_svg};

    /// The Dutch chart of the sample's indicator `code` (as the core's chart tests make it).
    fn chart_of(code: &str) -> TrendChart {
        let document = crate::sample::sample_document().unwrap();
        let (_, _, indicator) = document
            .indicators()
            .find(|(_, _, indicator)| indicator.code == code)
            .unwrap();
        TrendChart::of(&document, indicator, Language::Dutch)
    }

    /// The marker labels the page painter wrote, in order.
    fn page_gap_labels(svg: &str) -> Vec<String> {
        let opening = format!(
            r#"text-anchor="middle" fill="{}" font-weight="bold">"#,
            style::MARKER_TEXT.hex()
        );
        svg.lines()
            .filter_map(|line| line.split_once(opening.as_str()))
            .map(|(_, rest)| rest.trim_end_matches("</text>").to_string())
            .collect()
    }

    #[test]
    fn the_screen_and_the_page_draw_the_same_lines_and_gaps() {
        for code in ["3.1.3", "5.2.5", "5.3.1", "6.1.3"] {
            let chart = chart_of(code);
            let screen = screen_chart(&chart, ChartKind::Line);
            let svg = chart_svg(
                &chart,
                &Drawing::new(ChartSize::A4_WIDTH, ChartKind::Line, Language::Dutch),
            );
            let runs: Vec<_> = chart
                .series
                .iter()
                .flat_map(|series| series.pieces.iter().map(move |piece| (series, piece)))
                .collect();
            assert_eq!(screen.lines.len(), runs.len(), "{code}");
            for (line, (series, piece)) in screen.lines.iter().zip(&runs) {
                assert_eq!(line.series, series.label);
                assert_eq!((line.dash, line.point), (series.dash, series.point));
                let years: Vec<f64> = piece.iter().map(|p| f64::from(p.year)).collect();
                let screen_years: Vec<f64> = line.points.iter().map(|p| p[0]).collect();
                assert_eq!(screen_years, years);
            }
            let page_lines = runs.iter().filter(|(_, piece)| piece.len() > 1).count();
            assert_eq!(svg.matches("<polyline").count(), page_lines, "{code}");
            let screen_labels: Vec<String> = screen
                .labels
                .iter()
                .map(|label| label.text.clone())
                .collect();
            assert!(!screen_labels.is_empty(), "{code} has a gap");
            assert_eq!(page_gap_labels(&svg), screen_labels, "{code}");
        }
    }

    #[test]
    fn the_screen_and_the_page_draw_the_same_bars() {
        let chart = chart_of("3.1.3");
        let screen = screen_chart(&chart, ChartKind::Bars);
        let svg = chart_svg(
            &chart,
            &Drawing::new(ChartSize::A4_WIDTH, ChartKind::Bars, Language::Dutch),
        );
        let bars: usize = screen.bars.iter().map(|group| group.bars.len()).sum();
        assert_eq!(bars, 3);
        assert_eq!(
            svg.matches(r#"stroke-width="0.35""#).count(),
            bars + chart.series.len(),
            "a rect per bar, a swatch per series"
        );
        // Realised 2020 stands left of the year, budget 2022 right of it.
        assert!(screen.bars[0].bars[0].0 < 2020.0);
        assert!(screen.bars[1].bars[0].0 > 2022.0);
        // Every missing bar is labelled, on screen and on the page alike.
        let screen_labels: Vec<String> = screen
            .labels
            .iter()
            .map(|label| label.text.clone())
            .collect();
        assert_eq!(screen_labels, vec!["NB"]);
        assert_eq!(page_gap_labels(&svg), screen_labels);
    }
}
