//! The page painter of a [`TrendChart`]: an SVG in millimetres, readable in black and white.
//!
//! Series differ by dash pattern and point shape as well as colour. A missing value is a gap with
//! its marker written at its place, and the legend explains every marker shown. Numbers are in the
//! chart's language notation. Decimals become f64 here, at the hand-over to the drawing.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use super::{ChartKind, ChartPoint, Gap, TrendChart, bar_slot};
use crate::i18n::Language;
use crate::model::ValueKind;
use crate::numbers::format_decimal;
use crate::style::{self, BarFill, Dash, PointShape, Rgb};

/// The font family the page asks for; the PDF export embeds a font of this family.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// The size of a chart on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartSize {
    /// Width in millimetres.
    pub width_mm: f64,
    /// Height in millimetres.
    pub height_mm: f64,
}

impl ChartSize {
    /// A chart across the text width of an A4 portrait page.
    pub const A4_WIDTH: ChartSize = ChartSize {
        width_mm: 180.0,
        height_mm: 120.0,
    };
}

pub(crate) const TITLE_MM: f64 = 4.2;
/// The most lines a chart's title takes; a longer one is cut on the last line with "…". Ten
/// lines hold a name of 400 characters even on the small charts of the multiples layout (about
/// 40 characters a line), where real names take two or three; without a bound, a name of a
/// megabyte made a title of 13,000 lines, all laid out, above a plot with no room left (issue 14).
pub const TITLE_LINES: usize = 10;
pub(crate) const TEXT_MM: f64 = 3.0;
pub(crate) const SMALL_MM: f64 = 2.5;
const LINE_MM: f64 = 0.6;

/// The plot area inside the chart.
struct Frame {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    first_year: i32,
    last_year: i32,
    low: f64,
    high: f64,
}

impl Frame {
    fn x(&self, year: i32) -> f64 {
        let span = f64::from(self.last_year - self.first_year) + 1.0;
        self.left + (f64::from(year - self.first_year) + 0.5) / span * (self.right - self.left)
    }

    fn y(&self, value: f64) -> f64 {
        let span = (self.high - self.low).max(f64::EPSILON);
        self.bottom - (value - self.low) / span * (self.bottom - self.top)
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width.max(10) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// `text` wrapped to lines of `width` characters, at most `max_lines`, the last cut with "…".
pub(crate) fn wrap_lines(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines.saturating_sub(1)).join(" ");
        lines.push(truncate(&rest, width));
    }
    lines
}

/// `text` cut to `max_chars` characters with an ellipsis.
pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

/// Escapes text for SVG: the five characters XML gives a meaning (`&`, `<`, `>`, `"`, and `'`
/// which no attribute here is quoted with, so it is left), and every character XML 1.0 does not
/// allow at all (the control characters but tab, line feed and carriage return, and U+FFFE and
/// U+FFFF) replaced by a space. Such a character can come from any imported text (a NUL in a
/// name); left in, it makes the SVG no XML at all, which no viewer opens and which PNG and PDF
/// cannot be made from. A space keeps the words on either side apart.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            c if is_xml_char(c) => escaped.push(c),
            _ => escaped.push(' '),
        }
    }
    escaped
}

/// XML 1.0's `Char`: tab, line feed, carriage return, and U+0020 up, but for U+FFFE and U+FFFF
/// (a Rust `char` is never a surrogate).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// How a piece of text is set.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    pub(crate) size: f64,
    pub(crate) anchor: &'static str,
    pub(crate) colour: Rgb,
    pub(crate) bold: bool,
}

/// Footnotes and the source line: small and grey.
pub(crate) const NOTE: Font = Font {
    size: SMALL_MM,
    anchor: "start",
    colour: Rgb(0x40, 0x40, 0x40),
    bold: false,
};

/// The most characters one text element of a page holds: more than four times what fits across
/// an A4 page in the smallest type (about 215), so no real name or note reaches it. A longer text
/// is cut to this many with "…", for two reasons: what lies past the page is not seen anyway, and
/// the PDF writer's text layout takes time in the square of a text's length (one word of 80,000
/// characters took 16 s, one of a megabyte far longer: issue 14).
pub const TEXT_CHARS: usize = 1_000;

/// `text` as one text element holds it: cut to [`TEXT_CHARS`] characters, the last an ellipsis,
/// when it is longer.
pub(crate) fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(TEXT_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some(_) => {
            let kept = text
                .char_indices()
                .nth(TEXT_CHARS - 1)
                .map_or(text.len(), |(end, _)| end);
            std::borrow::Cow::Owned(format!("{}…", &text[..kept]))
        }
    }
}

pub(crate) fn text_element(out: &mut String, x: f64, y: f64, font: Font, text: &str) {
    let _ = writeln!(
        out,
        r#"<text x="{x:.2}" y="{y:.2}" font-size="{:.2}" text-anchor="{}" fill="{}" font-weight="{}">{}</text>"#,
        font.size,
        font.anchor,
        font.colour.hex(),
        if font.bold { "bold" } else { "normal" },
        escape(&fit(text))
    );
}

/// A legend line: the sign in bold marker colour, then what it means.
pub(crate) fn legend_line(out: &mut String, y: f64, sign: &str, meaning: &str) {
    let _ = writeln!(
        out,
        r#"<text x="2" y="{y:.2}" font-size="{TEXT_MM}"><tspan font-weight="bold" fill="{}">{}</tspan> = {}</text>"#,
        style::MARKER_TEXT.hex(),
        escape(&fit(sign)),
        escape(&fit(meaning))
    );
}

/// The legend of the markers shown (and of `?` when text awaits review), a line each below `y`;
/// returns the last line's `y`.
pub(crate) fn marker_legend(
    out: &mut String,
    mut y: f64,
    markers: &[crate::model::Marker],
    review: bool,
    language: Language,
) -> f64 {
    for marker in markers {
        y += TEXT_MM + 1.6;
        legend_line(
            out,
            y,
            &language.marker_label(marker),
            &language.marker_meaning(marker),
        );
    }
    if review {
        y += TEXT_MM + 1.6;
        legend_line(out, y, "?", language.texts().legend_review);
    }
    y
}

fn dash_array(dash: Dash) -> &'static str {
    match dash {
        Dash::Solid => "none",
        Dash::Dashed => "3 1.6",
        Dash::Dotted => "0.4 1.2",
        Dash::DashDot => "3 1 0.6 1",
    }
}

fn point_element(out: &mut String, shape: PointShape, x: f64, y: f64, colour: Rgb) {
    let r = 1.1;
    let fill = colour.hex();
    let _ = match shape {
        PointShape::Circle => writeln!(
            out,
            r#"<circle cx="{x:.2}" cy="{y:.2}" r="{r}" fill="{fill}"/>"#
        ),
        PointShape::Square => writeln!(
            out,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{fill}"/>"#,
            x - r,
            y - r,
            2.0 * r,
            2.0 * r
        ),
        PointShape::Diamond => writeln!(
            out,
            r#"<polygon points="{x:.2},{:.2} {:.2},{y:.2} {x:.2},{:.2} {:.2},{y:.2}" fill="{fill}"/>"#,
            y - 1.4 * r,
            x + 1.4 * r,
            y + 1.4 * r,
            x - 1.4 * r
        ),
        PointShape::Triangle => writeln!(
            out,
            r#"<polygon points="{x:.2},{:.2} {:.2},{:.2} {:.2},{:.2}" fill="{fill}"/>"#,
            y - 1.4 * r,
            x + 1.3 * r,
            y + r,
            x - 1.3 * r,
            y + r
        ),
    };
}

/// Nice tick step for a range: 1, 2, 2,5 or 5 times a power of ten, about five ticks.
fn tick_step(span: f64) -> f64 {
    let raw = (span / 5.0).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|factor| factor * power)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * power)
}

fn values(chart: &TrendChart) -> Vec<f64> {
    let mut values: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|series| series.pieces.iter().flatten())
        .filter_map(|point| point.value.to_f64())
        .collect();
    values.extend(
        chart
            .references
            .iter()
            .filter_map(|reference| reference.value.to_f64()),
    );
    values
}

/// How a chart is put on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drawing {
    /// The chart's size.
    pub size: ChartSize,
    /// Lines or bars; small multiples are drawn as lines.
    pub kind: ChartKind,
    /// Language of the words and numbers.
    pub language: Language,
    /// Whether the chart carries its own marker legend, footnotes and source line. A page of
    /// small multiples carries them once, for all its charts.
    pub notes: bool,
}

impl Drawing {
    /// A chart of `size` with its own notes.
    pub fn new(size: ChartSize, kind: ChartKind, language: Language) -> Drawing {
        Drawing {
            size,
            kind,
            language,
            notes: true,
        }
    }
}

/// Draws `chart` as an SVG document.
pub fn chart_svg(chart: &TrendChart, drawing: &Drawing) -> String {
    let (width, height) = (drawing.size.width_mm, drawing.size.height_mm);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}">"#
    );
    out.push_str(&chart_svg_elements(chart, drawing));
    out.push_str("</svg>\n");
    out
}

/// Draws `charts` as one SVG document: one chart as [`chart_svg`] does, several (a comparison of
/// indicators with different units) as small multiples, one under the other, each with its own
/// axis and notes.
pub fn charts_svg(charts: &[TrendChart], drawing: &Drawing) -> String {
    if let [chart] = charts {
        return chart_svg(chart, drawing);
    }
    let (width, each) = (drawing.size.width_mm, drawing.size.height_mm);
    let height = each * charts.len().max(1) as f64;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}">"#
    );
    for (index, chart) in charts.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<g transform="translate(0 {})">"#,
            each * index as f64
        );
        out.push_str(&chart_svg_elements(chart, drawing));
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// One entry of the series legend.
fn legend_entry_width(label: &str) -> f64 {
    14.0 + label.chars().count() as f64 * 1.75
}

/// The elements of a chart, in millimetres from (0, 0), to place on a page.
pub fn chart_svg_elements(chart: &TrendChart, drawing: &Drawing) -> String {
    let language = drawing.language;
    let texts = language.texts();
    let (width, height) = (drawing.size.width_mm, drawing.size.height_mm);
    let bars = drawing.kind == ChartKind::Bars;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<rect width="{width}" height="{height}" fill="white"/>"#
    );
    // The title wraps at word boundaries to the chart's width, on at most `TITLE_LINES` lines.
    let title_mm = if drawing.notes {
        TITLE_MM
    } else {
        TEXT_MM + 0.4
    };
    let title_lines = wrap_lines(
        &chart.title,
        ((width - 4.0) / (title_mm * 0.6)) as usize,
        TITLE_LINES,
    );
    for (index, line) in title_lines.iter().enumerate() {
        let y = 2.0 + title_mm + index as f64 * (title_mm + 1.2);
        text_element(
            &mut out,
            2.0,
            y,
            Font {
                size: title_mm,
                anchor: "start",
                colour: Rgb(0, 0, 0),
                bold: true,
            },
            line,
        );
    }
    let title_height = title_lines.len() as f64 * (title_mm + 1.2);

    // Under the plot: series legend, then (with notes) marker legend, footnotes, source.
    let markers = chart.markers_shown();
    let review_gap = chart.gaps.iter().any(|gap| gap.marker.is_none());
    let mut legend_rows = 1;
    let mut row_width = 0.0;
    for series in &chart.series {
        let entry = legend_entry_width(&series.label);
        if row_width > 0.0 && row_width + entry > width - 4.0 {
            legend_rows += 1;
            row_width = 0.0;
        }
        row_width += entry;
    }
    // Footnotes and the source line wrap to the chart's width, never run off the page.
    let note_chars = ((width - 4.0) / (SMALL_MM * 0.5)) as usize;
    let footnote_lines: Vec<String> = chart
        .footnotes
        .iter()
        .flat_map(|(number, text)| {
            wrap(&format!("{} {number}: {text}", texts.footnote), note_chars)
        })
        .collect();
    let source_lines = wrap(&chart.source_line, note_chars);
    let legend_lines = if drawing.notes {
        legend_rows
            + markers.len()
            + usize::from(review_gap)
            + footnote_lines.len()
            + source_lines.len().max(1)
    } else {
        legend_rows
    };
    let notes_height = legend_lines as f64 * (TEXT_MM + 1.6) + 2.0;
    let frame_bottom = height - notes_height - 8.0;

    let data = values(chart);
    let no_values = chart.no_values.as_ref().filter(|_| data.is_empty());
    if let Some(no_values) = no_values {
        let box_top = (6.0 + title_height + frame_bottom) / 2.0 - 6.0;
        let _ = writeln!(
            out,
            r#"<rect x="2" y="{box_top:.2}" width="{:.2}" height="12" fill="{}"/>"#,
            width - 4.0,
            style::MARKER_NVT.hex()
        );
        let font = Font {
            size: if drawing.notes {
                TEXT_MM + 0.6
            } else {
                SMALL_MM
            },
            anchor: "middle",
            colour: style::MARKER_TEXT,
            bold: true,
        };
        // The sentence wraps inside its box when the chart is small.
        let lines = wrap(no_values, ((width - 6.0) / (font.size * 0.62)) as usize);
        let first_y = box_top + 6.0 + 1.2 - (lines.len() as f64 - 1.0) * (font.size + 0.8) / 2.0;
        for (index, line) in lines.iter().enumerate() {
            text_element(
                &mut out,
                width / 2.0,
                first_y + index as f64 * (font.size + 0.8),
                font,
                line,
            );
        }
    } else if let Some((first_year, last_year)) = chart.years {
        let low_data = data.iter().copied().fold(0.0_f64, f64::min);
        let high_data = data.iter().copied().fold(0.0_f64, f64::max);
        let step = tick_step((high_data - low_data).max(1.0));
        let frame = Frame {
            left: 22.0,
            top: 6.0 + title_height,
            right: width - 4.0,
            bottom: frame_bottom,
            first_year,
            last_year,
            low: (low_data / step).floor() * step,
            high: ((high_data / step).ceil() * step).max(step),
        };
        axes(&mut out, chart, &frame, step, language);
        if bars {
            bars_elements(&mut out, chart, &frame, language);
        } else {
            for series in &chart.series {
                for piece in &series.pieces {
                    piece_elements(
                        &mut out,
                        piece,
                        series.colour,
                        series.dash,
                        series.point,
                        &frame,
                    );
                }
            }
        }
        for reference in &chart.references {
            if let Some(value) = reference.value.to_f64() {
                let y = frame.y(value);
                let _ = writeln!(
                    out,
                    r#"<line x1="{:.2}" y1="{y:.2}" x2="{:.2}" y2="{y:.2}" stroke="{}" stroke-width="{LINE_MM}" stroke-dasharray="{}"/>"#,
                    frame.left,
                    frame.right,
                    style::TARGET.hex(),
                    dash_array(Dash::Dotted)
                );
            }
        }
        // Realised against budgeted, over the realised point (or bar).
        for deviation in &chart.deviations {
            let Some(value) = deviation.realised.to_f64() else {
                continue;
            };
            let x = if bars {
                let year_width = frame.x(frame.first_year + 1) - frame.x(frame.first_year);
                let index = chart
                    .series
                    .iter()
                    .position(|series| series.kind == ValueKind::Realised)
                    .unwrap_or(0);
                frame.x(deviation.year) + bar_slot(index, chart.series.len()).0 * year_width
            } else {
                frame.x(deviation.year)
            };
            text_element(
                &mut out,
                x,
                frame.y(value) - if bars { 4.0 } else { 2.5 },
                Font {
                    size: SMALL_MM,
                    anchor: "middle",
                    colour: Rgb(0x30, 0x30, 0x30),
                    bold: false,
                },
                &format!("Δ {}", deviation.text),
            );
        }
        if !bars {
            for gap in chart.gap_labels() {
                let y = gap
                    .value_hint
                    .and_then(|value| value.to_f64())
                    .map_or(frame.bottom - 4.0, |value| frame.y(value));
                gap_label_element(&mut out, frame.x(gap.year), y, gap, false);
            }
        }
    }

    // Legend: one entry per series, with its dash and point shape (or its bar fill).
    let mut y = frame_bottom + 12.0;
    let mut x = 2.0;
    // Without any value there is nothing for a series legend to explain.
    let legend_series = if no_values.is_some() {
        &[][..]
    } else {
        &chart.series[..]
    };
    for series in legend_series {
        if x > 2.0 && x + legend_entry_width(&series.label) > width - 2.0 {
            x = 2.0;
            y += TEXT_MM + 1.6;
        }
        if bars {
            bar_element(
                &mut out,
                x + 1.0,
                6.0,
                y - 3.0,
                y + 0.2,
                series.colour,
                style::value_kind_bar_fill(series.kind),
            );
        } else {
            let _ = writeln!(
                out,
                r#"<line x1="{x:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{}" stroke-width="{LINE_MM}" stroke-dasharray="{}"/>"#,
                y - 1.0,
                x + 8.0,
                y - 1.0,
                series.colour.hex(),
                dash_array(series.dash)
            );
            point_element(&mut out, series.point, x + 4.0, y - 1.0, series.colour);
        }
        text_element(
            &mut out,
            x + 10.0,
            y,
            Font {
                size: TEXT_MM,
                anchor: "start",
                colour: Rgb(0, 0, 0),
                bold: false,
            },
            &series.label,
        );
        x += legend_entry_width(&series.label);
    }
    if !drawing.notes {
        return out;
    }
    y = marker_legend(&mut out, y, &markers, review_gap, language);
    for line in footnote_lines.iter().chain(&source_lines) {
        y += TEXT_MM + 1.6;
        text_element(&mut out, 2.0, y, NOTE, line);
    }
    out
}

/// A marker written where a value is missing: its sign on its colour, centred on (x, y), turned
/// upright when `upright` (a narrow bar's place).
fn gap_label_element(out: &mut String, x: f64, y: f64, gap: &Gap, upright: bool) {
    let background = gap
        .marker
        .as_ref()
        .map_or(style::REVIEW, style::marker_background);
    let label_width = label_width_mm(&gap.label);
    if upright {
        let _ = writeln!(out, r#"<g transform="rotate(-90 {x:.2} {y:.2})">"#);
    }
    let _ = writeln!(
        out,
        r#"<rect x="{:.2}" y="{:.2}" width="{label_width:.2}" height="4.4" rx="0.6" fill="{}" stroke="{}" stroke-width="0.2"/>"#,
        x - label_width / 2.0,
        y - 2.2,
        background.hex(),
        style::MARKER_TEXT.hex()
    );
    text_element(
        out,
        x,
        y + 1.0,
        Font {
            size: TEXT_MM,
            anchor: "middle",
            colour: style::MARKER_TEXT,
            bold: true,
        },
        &gap.label,
    );
    if upright {
        out.push_str("</g>\n");
    }
}

/// The width of a marker label's box.
fn label_width_mm(label: &str) -> f64 {
    label.chars().count() as f64 * 1.9 + 2.0
}

/// Per year the series side by side; a missing value keeps its place, with its marker in it.
fn bars_elements(out: &mut String, chart: &TrendChart, frame: &Frame, language: Language) {
    let year_width = frame.x(frame.first_year + 1) - frame.x(frame.first_year);
    let count = chart.series.len();
    let base = frame.y(0.0_f64.clamp(frame.low, frame.high));
    for (index, series) in chart.series.iter().enumerate() {
        let (offset, bar_years) = bar_slot(index, count);
        let bar_width = bar_years * year_width;
        let fill = style::value_kind_bar_fill(series.kind);
        for point in series.pieces.iter().flatten() {
            let Some(value) = point.value.to_f64() else {
                continue;
            };
            let centre = frame.x(point.year) + offset * year_width;
            let top = frame.y(value);
            bar_element(
                out,
                centre - bar_width / 2.0 + 0.3,
                bar_width - 0.6,
                top.min(base),
                top.max(base),
                series.colour,
                fill,
            );
            // The value over its bar, when it fits.
            let label = format_decimal(point.value, language);
            if label.chars().count() as f64 * SMALL_MM * 0.6 <= bar_width {
                let above = if value >= 0.0 { top - 1.0 } else { top + 3.0 };
                text_element(
                    out,
                    centre,
                    above,
                    Font {
                        size: SMALL_MM,
                        anchor: "middle",
                        colour: Rgb(0, 0, 0),
                        bold: false,
                    },
                    &label,
                );
            }
        }
        for gap in chart
            .gaps
            .iter()
            .filter(|gap| gap.series_label == series.label)
        {
            let centre = frame.x(gap.year) + offset * year_width;
            let upright = label_width_mm(&gap.label) > bar_width;
            let half_extent = if upright {
                label_width_mm(&gap.label) / 2.0
            } else {
                2.2
            };
            gap_label_element(out, centre, base - half_extent - 0.8, gap, upright);
        }
    }
}

/// A bar from `top` to `bottom`, filled as its kind of value says.
fn bar_element(
    out: &mut String,
    x: f64,
    width: f64,
    top: f64,
    bottom: f64,
    colour: Rgb,
    fill: BarFill,
) {
    let (fill_colour, dash) = match fill {
        BarFill::Solid => (colour, "none"),
        BarFill::Tint => (colour.tint(350), "none"),
        BarFill::Outline => (Rgb(0xff, 0xff, 0xff), "1 0.6"),
    };
    let _ = writeln!(
        out,
        r#"<rect x="{x:.2}" y="{top:.2}" width="{:.2}" height="{:.2}" fill="{}" stroke="{}" stroke-width="0.35" stroke-dasharray="{dash}"/>"#,
        width.max(0.1),
        (bottom - top).max(0.1),
        fill_colour.hex(),
        colour.hex()
    );
}

fn axes(out: &mut String, chart: &TrendChart, frame: &Frame, step: f64, language: Language) {
    let grey = Rgb(0xb0, 0xb0, 0xb0).hex();
    let _ = writeln!(
        out,
        r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="{grey}" stroke-width="0.25"/>"#,
        frame.left,
        frame.top,
        frame.right - frame.left,
        frame.bottom - frame.top
    );
    let mut tick = frame.low;
    while tick <= frame.high + step / 1000.0 {
        let y = frame.y(tick);
        let _ = writeln!(
            out,
            r#"<line x1="{:.2}" y1="{y:.2}" x2="{:.2}" y2="{y:.2}" stroke="{grey}" stroke-width="0.15"/>"#,
            frame.left, frame.right
        );
        let decimals = if step >= 1.0 {
            0
        } else {
            (-step.log10()).ceil() as u32
        };
        let label = Decimal::from_f64(tick)
            .map(|value| format_decimal(value.round_dp(decimals), language))
            .unwrap_or_default();
        text_element(
            out,
            frame.left - 1.5,
            y + 1.0,
            Font {
                size: TEXT_MM,
                anchor: "end",
                colour: Rgb(0, 0, 0),
                bold: false,
            },
            &label,
        );
        tick += step;
    }
    for year in frame.first_year..=frame.last_year {
        let x = frame.x(year);
        text_element(
            out,
            x,
            frame.bottom + 4.5,
            Font {
                size: TEXT_MM,
                anchor: "middle",
                colour: Rgb(0, 0, 0),
                bold: false,
            },
            &year.to_string(),
        );
    }
    if !chart.unit.is_empty() {
        let _ = writeln!(
            out,
            r#"<text x="4" y="{:.2}" font-size="{TEXT_MM}" transform="rotate(-90 4 {:.2})" text-anchor="middle">{}</text>"#,
            (frame.top + frame.bottom) / 2.0,
            (frame.top + frame.bottom) / 2.0,
            escape(&fit(&chart.unit))
        );
    }
}

fn piece_elements(
    out: &mut String,
    piece: &[ChartPoint],
    colour: Rgb,
    dash: Dash,
    point: PointShape,
    frame: &Frame,
) {
    let coordinates: Vec<(f64, f64)> = piece
        .iter()
        .filter_map(|p| Some((frame.x(p.year), frame.y(p.value.to_f64()?))))
        .collect();
    if coordinates.len() > 1 {
        let points: Vec<String> = coordinates
            .iter()
            .map(|(x, y)| format!("{x:.2},{y:.2}"))
            .collect();
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{LINE_MM}" stroke-dasharray="{}" stroke-linecap="round"/>"#,
            points.join(" "),
            colour.hex(),
            dash_array(dash)
        );
    }
    for (x, y) in coordinates {
        point_element(out, point, x, y, colour);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellValue, Marker};
    use crate::sample::sample_document;

    fn svg_of(code: &str) -> (TrendChart, String) {
        let document = sample_document().unwrap();
        let (_, _, indicator) = document
            .indicators()
            .find(|(_, _, indicator)| indicator.code == code)
            .unwrap();
        let chart = TrendChart::of(&document, indicator, Language::Dutch);
        let svg = chart_svg(
            &chart,
            &Drawing::new(ChartSize::A4_WIDTH, ChartKind::Line, Language::Dutch),
        );
        (chart, svg)
    }

    /// The x position of a year's label on the axis.
    fn year_x(svg: &str, year: i32) -> f64 {
        let marker = format!(">{year}</text>");
        let line = svg.lines().find(|line| line.ends_with(&marker)).unwrap();
        line.split("x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    #[test]
    fn a_gap_is_labelled_with_its_marker_at_its_year() {
        let (_, svg) = svg_of("3.1.3");
        let nb = svg
            .lines()
            .find(|line| line.starts_with("<text") && line.ends_with(">NB</text>"))
            .unwrap();
        let x: f64 = nb
            .split("x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!((x - year_x(&svg, 2021)).abs() < 0.01, "NB stands at 2021");
        assert!(
            svg.contains("niet bekend: er zijn geen gegevens gepubliceerd"),
            "the legend explains NB"
        );
        assert!(svg.contains(">Bron: Begroting 2023 gemeente Diemen</text>"));
        assert!(svg.contains("Voetnoot 3: Geen data bekend op waarstaatjegemeente.nl"));
    }

    #[test]
    fn the_page_draws_what_the_description_says() {
        let (chart, svg) = svg_of("3.1.3");
        let lines = chart
            .series
            .iter()
            .flat_map(|series| &series.pieces)
            .filter(|piece| piece.len() > 1)
            .count();
        assert_eq!(svg.matches("<polyline").count(), lines);
        // Budget is dashed, realised solid: told apart without colour.
        assert!(svg.contains(r#"stroke-dasharray="3 1.6""#));
        assert!(svg.contains(r#"stroke-dasharray="none""#));
        for series in &chart.series {
            assert!(svg.contains(&format!(">{}</text>", series.label)));
        }
    }

    /// 2.1.1's footnote is a paragraph: it wraps to the chart's width instead of running off
    /// the page.
    #[test]
    fn a_long_footnote_wraps_within_the_chart() {
        let (chart, svg) = svg_of("2.1.1");
        let longest_note = chart.footnotes.iter().map(|(_, t)| t.chars().count()).max();
        assert!(
            longest_note.unwrap_or(0) > 200,
            "the sample's long footnote"
        );
        let width = ChartSize::A4_WIDTH.width_mm;
        let note_chars = ((width - 4.0) / (SMALL_MM * 0.5)) as usize;
        let texts: Vec<&str> = svg
            .lines()
            .filter(|line| line.starts_with("<text"))
            .filter_map(|line| line.split_once('>').map(|(_, rest)| rest))
            .map(|rest| rest.trim_end_matches("</text>"))
            .collect();
        assert!(texts.iter().any(|text| text.starts_with("Voetnoot 1:")));
        assert!(
            texts
                .iter()
                .filter(|text| text.starts_with("Voetnoot"))
                .all(|text| text.chars().count() <= note_chars)
        );
    }

    #[test]
    fn an_indicator_with_every_cell_missing_says_so() {
        let (chart, svg) = svg_of("5.2.7");
        assert!(svg.contains(&escape(chart.no_values.as_deref().unwrap())));
        assert!(!svg.contains("<polyline"));
        assert!(svg.contains("niet van toepassing"));
    }

    fn x_of(line: &str) -> f64 {
        line.split("x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    #[test]
    fn bars_stand_per_year_and_a_missing_bar_keeps_its_place_with_its_marker() {
        let (chart, _) = svg_of("3.1.3");
        let svg = chart_svg(
            &chart,
            &Drawing::new(ChartSize::A4_WIDTH, ChartKind::Bars, Language::Dutch),
        );
        let known: usize = chart
            .series
            .iter()
            .flat_map(|series| series.pieces.iter().flatten())
            .count();
        assert_eq!(known, 3, "68,6 in 2020, 68 and 70 budgeted");
        // A bar per known value, and a swatch per series in the legend.
        assert_eq!(
            svg.matches(r#"stroke-width="0.35""#).count(),
            known + chart.series.len()
        );
        assert!(!svg.contains("<polyline"), "bars, not lines");
        assert!(svg.contains(">68,6</text>"), "the value over its bar");
        // Realised is the left bar of its year: its NB stands left of the year's middle.
        let nb = svg
            .lines()
            .find(|line| line.starts_with("<text") && line.ends_with(">NB</text>"))
            .unwrap();
        let year = year_x(&svg, 2021);
        assert!(x_of(nb) < year - 5.0, "{} vs {year}", x_of(nb));
        assert!(svg.contains(">Bron: Begroting 2023 gemeente Diemen</text>"));
    }

    #[test]
    fn a_small_multiple_leaves_its_notes_to_the_page() {
        let (chart, _) = svg_of("3.1.3");
        let drawing = Drawing {
            notes: false,
            ..Drawing::new(
                ChartSize {
                    width_mm: 88.0,
                    height_mm: 70.0,
                },
                ChartKind::Multiples,
                Language::Dutch,
            )
        };
        let svg = chart_svg(&chart, &drawing);
        assert!(
            svg.contains(">NB</text>"),
            "the gap still says what is missing"
        );
        assert!(svg.contains(">Werkelijk</text>"));
        assert!(!svg.contains("Bron:"));
        assert!(!svg.contains("Voetnoot"));
        assert!(!svg.contains("niet bekend"));
    }

    #[test]
    fn a_chart_without_values_has_no_series_legend() {
        let (_, svg) = svg_of("5.2.7");
        assert!(!svg.contains(">Werkelijk</text>"));
    }

    #[test]
    fn axis_numbers_are_in_dutch_notation() {
        let (_, svg) = svg_of("3.1.7");
        assert!(
            svg.contains(">3.000</text>") || svg.contains(">3.500</text>"),
            "thousands point"
        );
    }

    #[test]
    fn a_text_past_the_cap_is_cut_with_an_ellipsis_and_a_shorter_one_kept() {
        let short = "é".repeat(TEXT_CHARS);
        assert_eq!(fit(&short), short.as_str());
        let long = "é".repeat(TEXT_CHARS + 1);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), TEXT_CHARS);
        assert!(cut.ends_with("é…"));
    }

    #[test]
    fn a_long_title_takes_at_most_its_lines() {
        let (mut chart, _) = svg_of("3.1.3");
        chart.title = "woord ".repeat(10_000);
        let svg = chart_svg(
            &chart,
            &Drawing::new(ChartSize::A4_WIDTH, ChartKind::Line, Language::Dutch),
        );
        let title: Vec<&str> = svg
            .lines()
            .filter(|line| {
                line.starts_with("<text") && line.contains(r#"font-weight="bold">woord"#)
            })
            .collect();
        assert_eq!(title.len(), TITLE_LINES);
        assert!(title.iter().all(|line| line.len() < 200), "{title:?}");
        assert!(title[TITLE_LINES - 1].ends_with("…</text>"), "{title:?}");
    }

    /// Every character XML forbids, in every text a chart shows (name, unit, sub-series,
    /// marker, footnote), still gives well-formed XML that keeps the rest of the text.
    #[test]
    fn control_characters_in_texts_still_give_well_formed_xml() {
        let forbidden: String = (0u32..0x20)
            .chain([0xFFFE, 0xFFFF])
            .filter_map(char::from_u32)
            .collect();
        let dirty = |text: &str| format!("{text}{forbidden}<&>\"'einde");
        let mut document = sample_document().unwrap();
        for source in &mut document.sources {
            for text in source.footnotes.values_mut() {
                *text = dirty(text);
            }
        }
        for programme in &mut document.programmes {
            programme.name = dirty(&programme.name);
            for goal in &mut programme.goals {
                goal.title = dirty(&goal.title);
                for indicator in &mut goal.indicators {
                    indicator.name = dirty(&indicator.name);
                    indicator.unit = dirty(&indicator.unit);
                    for series in &mut indicator.series {
                        *series = dirty(series);
                    }
                    for cell in &mut indicator.cells {
                        cell.series = dirty(&cell.series);
                        if let CellValue::Missing(marker) = &cell.value {
                            cell.value = CellValue::Missing(Marker::Other(dirty(marker.code())));
                        }
                    }
                }
            }
        }
        for (_, _, indicator) in document.indicators() {
            for kind in [ChartKind::Line, ChartKind::Bars] {
                let chart = TrendChart::of(&document, indicator, Language::Dutch);
                let svg = chart_svg(
                    &chart,
                    &Drawing::new(ChartSize::A4_WIDTH, kind, Language::Dutch),
                );
                let parsed = resvg::usvg::roxmltree::Document::parse(&svg);
                assert!(parsed.is_ok(), "{}: {parsed:?}", indicator.code);
                assert!(
                    svg.contains("&lt;&amp;&gt;&quot;'einde"),
                    "{}",
                    indicator.code
                );
            }
        }
    }
}
