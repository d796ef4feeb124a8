//! One description of a chart, drawn by the screen (egui_plot, `ui/plot.rs`) and by the page
//! ([`svg`]).
//!
//! A trend chart has a line per (sub-series, kind of value). A missing value breaks the line into
//! pieces — never a zero, never an interpolated segment — and becomes a [`Gap`] that carries its
//! marker, to be written at its place. Values stay exact decimals here; painters convert them.

pub mod svg;

use rust_decimal::Decimal;

use crate::i18n::Language;
use crate::model::{CellValue, Column, Document, Indicator, Marker, ValueKind};
use crate::style::{self, Dash, PointShape, Rgb};

/// How charts are drawn: the same description, painted as lines, as bars, or as a page of small
/// line charts for every indicator of a goal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ChartKind {
    /// A line per series over the years (the trend).
    #[default]
    Line,
    /// Per year the series side by side as bars (realised next to budget).
    Bars,
    /// All indicators of a goal as small line charts on one page.
    Multiples,
}

impl ChartKind {
    /// Every kind, in menu order.
    pub const ALL: [ChartKind; 3] = [ChartKind::Line, ChartKind::Bars, ChartKind::Multiples];
}

/// Where bar `index` of `count` bars stands within its year: its centre's offset from the year
/// and its width, both in years. Screen and page place bars with this one rule.
pub fn bar_slot(index: usize, count: usize) -> (f64, f64) {
    const GROUP_WIDTH_YEARS: f64 = 0.8;
    let width = GROUP_WIDTH_YEARS / count.max(1) as f64;
    let offset = -GROUP_WIDTH_YEARS / 2.0 + width * (index as f64 + 0.5);
    (offset, width)
}

/// A trend chart of one indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendChart {
    /// "3.1.3 % netto participatiegraad …".
    pub title: String,
    /// The unit of the y axis ("%", "aantal" …), may be empty.
    pub unit: String,
    /// The lines.
    pub series: Vec<ChartSeries>,
    /// Where a value is missing, with its marker.
    pub gaps: Vec<Gap>,
    /// Targets without a year, drawn as horizontal reference lines.
    pub references: Vec<Reference>,
    /// The first and last year on the x axis.
    pub years: Option<(i32, i32)>,
    /// When no value at all is known: the sentence to show instead of an empty frame.
    pub no_values: Option<String>,
    /// Realised against budgeted, in the years that have both.
    pub deviations: Vec<ChartDeviation>,
    /// Footnotes of the indicator and its cells: (number, text).
    pub footnotes: Vec<(u32, String)>,
    /// "Bron: Begroting 2023 gemeente Diemen".
    pub source_line: String,
}

/// One line of a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSeries {
    /// Legend text, e.g. "Werkelijk" or "Roken — Werkelijk".
    pub label: String,
    /// The sub-series ("" for the indicator itself).
    pub sub_series: String,
    /// Realised, budget, forecast or target.
    pub kind: ValueKind,
    /// Line colour.
    pub colour: Rgb,
    /// Dash pattern.
    pub dash: Dash,
    /// Point shape.
    pub point: PointShape,
    /// Unbroken runs of consecutive known values, in year order.
    pub pieces: Vec<Vec<ChartPoint>>,
}

/// A known value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartPoint {
    /// The year.
    pub year: i32,
    /// The exact value.
    pub value: Decimal,
}

/// A missing value in a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// The year.
    pub year: i32,
    /// Label of the series it belongs to.
    pub series_label: String,
    /// What is written at its place: `NB`, `n.n.b.`, `(leeg)`, or `?` for text awaiting review.
    pub label: String,
    /// The marker, when it is one (`None` for text awaiting review).
    pub marker: Option<Marker>,
    /// Where to write the label: between the neighbouring values, if there are any.
    pub value_hint: Option<Decimal>,
    /// Colour of the series the gap belongs to.
    pub colour: Rgb,
}

/// Realised against budgeted in one year, written beside the realised point.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartDeviation {
    /// The year.
    pub year: i32,
    /// The realised value, where the text stands.
    pub realised: Decimal,
    /// "+2,2 (+3,2%)".
    pub text: String,
}

/// A horizontal reference line (a target without a year).
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// Legend text.
    pub label: String,
    /// The value.
    pub value: Decimal,
}

impl TrendChart {
    /// The trend chart of `indicator`, over the columns of `document`.
    pub fn of(document: &Document, indicator: &Indicator, language: Language) -> TrendChart {
        let texts = language.texts();
        let columns: Vec<Column> = document.columns();
        let years: Vec<i32> = columns.iter().filter_map(|column| column.year).collect();
        let kinds: Vec<ValueKind> = ValueKind::ALL
            .into_iter()
            .filter(|kind| columns.iter().any(|c| c.kind == *kind && c.year.is_some()))
            .collect();
        let mut chart = TrendChart {
            title: format!("{} {}", indicator.code, indicator.name),
            unit: indicator.unit.clone(),
            series: Vec::new(),
            gaps: Vec::new(),
            references: Vec::new(),
            years: years.iter().min().copied().zip(years.iter().max().copied()),
            no_values: None,
            deviations: Vec::new(),
            footnotes: footnotes_of(document, indicator),
            source_line: source_line(document, indicator, language),
        };
        let rows: Vec<&str> = if indicator.series.is_empty() {
            vec![""]
        } else {
            indicator.series.iter().map(String::as_str).collect()
        };
        // Deviations only for an indicator without sub-rows: with several lines the texts
        // would not say which line they belong to.
        if indicator.series.is_empty() {
            let mut distinct_years = years.clone();
            distinct_years.sort_unstable();
            distinct_years.dedup();
            for year in distinct_years {
                if let Some(deviation) = indicator.deviation("", year) {
                    chart.deviations.push(ChartDeviation {
                        year,
                        realised: deviation.realised,
                        text: language.deviation(&deviation),
                    });
                }
            }
        }
        for (row_index, sub_series) in rows.iter().enumerate() {
            for &kind in &kinds {
                chart.add_series(indicator, sub_series, row_index, kind, &columns, language);
            }
            let target = Column {
                kind: ValueKind::Target,
                year: None,
            };
            if let Some(value) = indicator
                .effective_cell(sub_series, target)
                .and_then(|cell| cell.number())
            {
                chart.references.push(Reference {
                    label: series_label(sub_series, ValueKind::Target, language),
                    value,
                });
            }
        }
        let no_points = chart.series.iter().all(|series| series.pieces.is_empty())
            && chart.references.is_empty();
        if no_points {
            chart.no_values = Some(format!(
                "{} {}",
                texts.plot_all_missing,
                chart.gap_summary()
            ));
        }
        chart
    }

    /// The charts that compare `indicators`: one chart with a line per indicator and kind when
    /// they share a unit (each indicator its own colour, each kind its own dash and point), or
    /// small multiples, a chart each, when their units differ (one axis cannot carry two units).
    /// Screen and paper paint these the same way.
    pub fn compare(
        document: &Document,
        indicators: &[&Indicator],
        language: Language,
    ) -> Vec<TrendChart> {
        let charts: Vec<TrendChart> = indicators
            .iter()
            .map(|indicator| TrendChart::of(document, indicator, language))
            .collect();
        let same_unit = indicators
            .windows(2)
            .all(|pair| pair[0].unit.trim() == pair[1].unit.trim());
        if charts.len() < 2 || !same_unit {
            return charts;
        }
        let texts = language.texts();
        let codes: Vec<&str> = indicators.iter().map(|i| i.code.as_str()).collect();
        let mut merged = TrendChart {
            title: format!("{}: {}", texts.compare_title, codes.join(", ")),
            unit: indicators[0].unit.clone(),
            series: Vec::new(),
            gaps: Vec::new(),
            references: Vec::new(),
            years: None,
            no_values: None,
            // Which line a deviation belongs to could not be told.
            deviations: Vec::new(),
            footnotes: Vec::new(),
            source_line: String::new(),
        };
        for (index, (indicator, chart)) in indicators.iter().zip(charts).enumerate() {
            let colour = style::SUB_SERIES[index % style::SUB_SERIES.len()];
            let named = |label: &str| format!("{} {label}", indicator.code);
            for mut series in chart.series {
                series.label = named(&series.label);
                series.colour = colour;
                merged.series.push(series);
            }
            for mut gap in chart.gaps {
                gap.series_label = named(&gap.series_label);
                gap.colour = colour;
                merged.gaps.push(gap);
            }
            for mut reference in chart.references {
                reference.label = named(&reference.label);
                merged.references.push(reference);
            }
            merged.years = match (merged.years, chart.years) {
                (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
                (known, None) | (None, known) => known,
            };
            for footnote in chart.footnotes {
                if !merged.footnotes.contains(&footnote) {
                    merged.footnotes.push(footnote);
                }
            }
            if !chart.source_line.is_empty() && !merged.source_line.contains(&chart.source_line) {
                if !merged.source_line.is_empty() {
                    merged.source_line.push_str("; ");
                }
                merged.source_line.push_str(&chart.source_line);
            }
        }
        let no_points = merged.series.iter().all(|series| series.pieces.is_empty())
            && merged.references.is_empty();
        if no_points {
            merged.no_values = Some(format!(
                "{} {}",
                texts.plot_all_missing,
                merged.gap_summary()
            ));
        }
        vec![merged]
    }

    fn add_series(
        &mut self,
        indicator: &Indicator,
        sub_series: &str,
        row_index: usize,
        kind: ValueKind,
        columns: &[Column],
        language: Language,
    ) {
        let label = series_label(sub_series, kind, language);
        let colour = if indicator.series.is_empty() {
            style::value_kind_colour(kind)
        } else {
            style::SUB_SERIES[row_index % style::SUB_SERIES.len()]
        };
        let mut series = ChartSeries {
            label: label.clone(),
            sub_series: sub_series.to_string(),
            kind,
            colour,
            dash: style::value_kind_dash(kind),
            point: style::value_kind_point(kind),
            pieces: Vec::new(),
        };
        let mut piece: Vec<ChartPoint> = Vec::new();
        let mut gaps = Vec::new();
        for column in columns.iter().filter(|c| c.kind == kind) {
            let Some(year) = column.year else { continue };
            let cell = indicator.effective_cell(sub_series, *column);
            match cell.map(|cell| &cell.value) {
                Some(CellValue::Number(value)) => piece.push(ChartPoint {
                    year,
                    value: *value,
                }),
                other => {
                    if !piece.is_empty() {
                        series.pieces.push(std::mem::take(&mut piece));
                    }
                    let marker = match other {
                        Some(CellValue::Missing(marker)) => Some(marker.clone()),
                        Some(CellValue::Text) => None,
                        _ => Some(Marker::Blank),
                    };
                    let label = match &marker {
                        Some(marker) => language.marker_label(marker),
                        None => "?".to_string(),
                    };
                    gaps.push(Gap {
                        year,
                        series_label: series.label.clone(),
                        label,
                        marker,
                        value_hint: None,
                        colour,
                    });
                }
            }
        }
        if !piece.is_empty() {
            series.pieces.push(piece);
        }
        // Only kinds with at least one cell in this row make a line (no empty legend entries).
        let has_cells = columns
            .iter()
            .filter(|c| c.kind == kind)
            .any(|column| indicator.effective_cell(sub_series, *column).is_some());
        if !has_cells {
            return;
        }
        for gap in &mut gaps {
            gap.value_hint = neighbour_mean(&series.pieces, gap.year);
        }
        self.gaps.extend(gaps);
        self.series.push(series);
    }

    /// "NB ×2, N.v.t. ×2": the missing values of the chart, counted per label.
    pub fn gap_summary(&self) -> String {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for gap in &self.gaps {
            match counts.iter_mut().find(|(label, _)| *label == gap.label) {
                Some((_, count)) => *count += 1,
                None => counts.push((gap.label.clone(), 1)),
            }
        }
        counts
            .into_iter()
            .map(|(label, count)| format!("{label} ×{count}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The gap labels to write: sub-series missing in the same year with the same sign at the
    /// same place share one label.
    pub fn gap_labels(&self) -> Vec<&Gap> {
        let mut seen: Vec<(i32, &str, Option<Decimal>)> = Vec::new();
        self.gaps
            .iter()
            .filter(|gap| {
                let key = (gap.year, gap.label.as_str(), gap.value_hint);
                let new = !seen.contains(&key);
                if new {
                    seen.push(key);
                }
                new
            })
            .collect()
    }

    /// The markers that occur in the chart, each once, for the legend.
    pub fn markers_shown(&self) -> Vec<Marker> {
        let mut markers: Vec<Marker> = Vec::new();
        for marker in self.gaps.iter().filter_map(|gap| gap.marker.clone()) {
            if !markers.contains(&marker) {
                markers.push(marker);
            }
        }
        markers
    }
}

fn series_label(sub_series: &str, kind: ValueKind, language: Language) -> String {
    let kind = language.value_kind(kind);
    if sub_series.is_empty() {
        kind.to_string()
    } else {
        format!("{sub_series} — {kind}")
    }
}

/// The mean of the known values just before and after `year` (or the one that exists).
fn neighbour_mean(pieces: &[Vec<ChartPoint>], year: i32) -> Option<Decimal> {
    let points = pieces.iter().flatten();
    let before = points
        .clone()
        .filter(|point| point.year < year)
        .max_by_key(|point| point.year);
    let after = points
        .filter(|point| point.year > year)
        .min_by_key(|point| point.year);
    match (before, after) {
        (Some(before), Some(after)) => Some((before.value + after.value) / Decimal::TWO),
        (Some(only), None) | (None, Some(only)) => Some(only.value),
        (None, None) => None,
    }
}

/// The cells the chart shows: for every row and column, the one that counts.
fn shown_cells<'a>(document: &Document, indicator: &'a Indicator) -> Vec<&'a crate::model::Cell> {
    let columns = document.columns();
    let mut cells: Vec<&'a crate::model::Cell> = Vec::new();
    for series in indicator.rows() {
        for column in &columns {
            if let Some(cell) = indicator.effective_cell(series, *column)
                && !cells.iter().any(|known| std::ptr::eq(*known, cell))
            {
                cells.push(cell);
            }
        }
    }
    cells
}

/// "Bron: Begroting 2023 gemeente Diemen; Jaarstukken 2022 gemeente Diemen": every source a shown
/// value comes from, in the order the document lists its sources.
fn source_line(document: &Document, indicator: &Indicator, language: Language) -> String {
    let cells = shown_cells(document, indicator);
    let citations: Vec<String> = document
        .sources
        .iter()
        .filter(|source| {
            source.key == indicator.source && cells.is_empty()
                || cells.iter().any(|cell| cell.source == source.key)
        })
        .map(|source| source.citation())
        .collect();
    if citations.is_empty() {
        return String::new();
    }
    format!("{}: {}", language.texts().source, citations.join("; "))
}

/// The footnotes of the indicator's label and of the values shown, each text from the source
/// its number belongs to.
fn footnotes_of(document: &Document, indicator: &Indicator) -> Vec<(u32, String)> {
    let mut cited: Vec<(u32, &str)> = indicator
        .footnotes
        .iter()
        .map(|number| (*number, indicator.source.as_str()))
        .collect();
    for cell in shown_cells(document, indicator) {
        cited.extend(
            cell.footnotes
                .iter()
                .map(|number| (*number, cell.source.as_str())),
        );
    }
    let mut footnotes: Vec<(u32, String)> = Vec::new();
    for (number, source) in cited {
        if let Some(text) = document.footnote_text(source, number) {
            let footnote = (number, text.to_string());
            if !footnotes.contains(&footnote) {
                footnotes.push(footnote);
            }
        }
    }
    footnotes.sort();
    footnotes
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sample::sample_document;

    /// The Dutch chart of the sample's indicator `code`, for the tests of both painters.
    pub(crate) fn chart_of(code: &str) -> TrendChart {
        let document = sample_document().unwrap();
        let (_, _, indicator) = document
            .indicators()
            .find(|(_, _, indicator)| indicator.code == code)
            .unwrap();
        TrendChart::of(&document, indicator, Language::Dutch)
    }

    #[test]
    fn a_missing_value_breaks_the_line_and_keeps_its_marker() {
        let chart = chart_of("3.1.3");
        let realised = &chart.series[0];
        assert_eq!(realised.kind, ValueKind::Realised);
        assert_eq!(realised.pieces.len(), 1, "2020 alone: 2021 is NB");
        assert_eq!(realised.pieces[0][0].year, 2020);
        assert_eq!(realised.pieces[0][0].value.to_string(), "68.6");
        let gap = &chart.gaps[0];
        assert_eq!((gap.year, gap.label.as_str()), (2021, "NB"));
        assert_eq!(gap.value_hint.map(|v| v.to_string()), Some("68.6".into()));
        let budget = &chart.series[1];
        assert_eq!(budget.dash, Dash::Dashed);
        assert_eq!(budget.pieces[0].len(), 2);
        assert_eq!(chart.source_line, "Bron: Begroting 2023 gemeente Diemen");
        assert_eq!(
            chart.footnotes,
            vec![(3, "Geen data bekend op waarstaatjegemeente.nl".into())]
        );
        assert_eq!(chart.no_values, None);
    }

    #[test]
    fn an_indicator_without_any_value_says_so() {
        let chart = chart_of("5.2.7");
        let text = chart.no_values.unwrap();
        assert!(text.contains("N.v.t. ×4"), "{text}");
    }

    #[test]
    fn sub_series_inherit_the_group_marker() {
        let chart = chart_of("5.3.1");
        assert_eq!(
            chart.series.len(),
            6,
            "Roken, alcohol, drugs × realised, budget"
        );
        let roken_gap = chart
            .gaps
            .iter()
            .find(|gap| gap.series_label == "Roken — Werkelijk")
            .unwrap();
        assert_eq!((roken_gap.year, roken_gap.label.as_str()), (2021, "n.n.b."));
    }

    #[test]
    fn sub_series_missing_together_share_one_label() {
        let chart = chart_of("6.1.3");
        let nb_2020 = chart
            .gap_labels()
            .into_iter()
            .filter(|gap| gap.year == 2020)
            .count();
        assert_eq!(nb_2020, 1, "one NB for BW, MO and NO in 2020");
        assert_eq!(chart.gaps.iter().filter(|gap| gap.year == 2020).count(), 3);
    }

    #[test]
    fn text_awaiting_review_is_a_gap_with_a_question_mark() {
        let chart = chart_of("5.2.5");
        let gap = chart.gaps.iter().find(|gap| gap.year == 2023).unwrap();
        assert_eq!(gap.label, "?");
        assert_eq!(gap.marker, None);
    }
}
