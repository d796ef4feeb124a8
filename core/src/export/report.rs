//! The A4 indicator report: a title page, then per goal its indicator table (markers and
//! footnotes included) and its charts — two to a page as lines or bars, or six small multiples
//! to a page. Every page names the source and the export date, and carries its number.
//!
//! Each page is drawn as one SVG (in millimetres) with the chart painter's own pieces, then all
//! pages become one vector PDF.

use std::collections::HashMap;
use std::fmt::Write as _;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};

use super::{ExportError, parse};
use crate::chart::svg::{
    ChartSize, Drawing, FONT_FAMILY, Font, NOTE, SMALL_MM, TEXT_MM, TITLE_MM, chart_svg_elements,
    legend_line, marker_legend, text_element, truncate, wrap, wrap_lines,
};
use crate::chart::{ChartKind, TrendChart};
use crate::i18n::Language;
use crate::model::{Column, Document, Goal, Indicator, Marker};
use crate::style::{self, Rgb};
use crate::view::{CellView, Flag, GoalNotes};

const MARGIN_MM: f64 = 15.0;
/// Room kept at the foot of every page for the footer line.
const FOOTER_MM: f64 = 14.0;
const ROW_MM: f64 = 5.5;
const LINE_GAP_MM: f64 = TEXT_MM + 0.9;
const BLACK: Rgb = Rgb(0, 0, 0);

/// The paper a report is laid out for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Paper {
    /// A4 upright: 210 × 297 mm.
    #[default]
    A4Portrait,
    /// A4 on its side: 297 × 210 mm.
    A4Landscape,
}

impl Paper {
    /// Both papers, in menu order.
    pub const ALL: [Paper; 2] = [Paper::A4Portrait, Paper::A4Landscape];

    /// The page width.
    pub fn width_mm(self) -> f64 {
        match self {
            Paper::A4Portrait => 210.0,
            Paper::A4Landscape => 297.0,
        }
    }

    /// The page height.
    pub fn height_mm(self) -> f64 {
        match self {
            Paper::A4Portrait => 297.0,
            Paper::A4Landscape => 210.0,
        }
    }

    fn text_width_mm(self) -> f64 {
        self.width_mm() - 2.0 * MARGIN_MM
    }
}

/// Which goals and indicators a report shows. Nothing named means everything; otherwise an
/// indicator is shown when its own code or its goal's code is named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Goal codes ("3").
    pub goals: Vec<String>,
    /// Indicator codes ("3.1.3").
    pub indicators: Vec<String>,
}

impl Selection {
    /// Whether the report shows `indicator` of `goal`.
    pub fn includes(&self, goal: &Goal, indicator: &Indicator) -> bool {
        (self.goals.is_empty() && self.indicators.is_empty())
            || self.goals.contains(&goal.code)
            || self.indicators.contains(&indicator.code)
    }

    /// The goals with something to show, each with its shown indicators, in document order.
    pub fn apply<'a>(&self, document: &'a Document) -> Vec<(&'a Goal, Vec<&'a Indicator>)> {
        document
            .goals()
            .map(|(_, goal)| {
                let shown = goal
                    .indicators
                    .iter()
                    .filter(|indicator| self.includes(goal, indicator))
                    .collect::<Vec<_>>();
                (goal, shown)
            })
            .filter(|(_, shown)| !shown.is_empty())
            .collect()
    }

    /// The codes named that the document does not have.
    pub fn unknown_codes(&self, document: &Document) -> Vec<String> {
        let goals = self
            .goals
            .iter()
            .filter(|code| !document.goals().any(|(_, goal)| goal.code == **code));
        let indicators = self.indicators.iter().filter(|code| {
            !document
                .indicators()
                .any(|(_, _, indicator)| indicator.code == **code)
        });
        goals.chain(indicators).cloned().collect()
    }
}

/// What a report needs besides the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// Language of the words and the numbers.
    pub language: Language,
    /// The export date as it is printed, e.g. "23-11-2026".
    pub date: String,
    /// The paper.
    pub paper: Paper,
    /// How the charts are drawn.
    pub kind: ChartKind,
    /// What the report shows.
    pub selection: Selection,
}

impl ReportOptions {
    /// Every goal, line charts, A4 portrait, dated today.
    pub fn new(language: Language) -> ReportOptions {
        ReportOptions {
            language,
            date: today(),
            paper: Paper::A4Portrait,
            kind: ChartKind::Line,
            selection: Selection::default(),
        }
    }
}

/// How far long work has come: `done` of `total` steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Steps done.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
}

/// The report's pages, each an SVG of the paper's size.
pub fn report_pages(document: &Document, options: &ReportOptions) -> Vec<String> {
    let mut bodies = vec![title_page(document, options)];
    let columns = document.columns();
    for (goal, indicators) in options.selection.apply(document) {
        bodies.extend(goal_table_pages(
            document,
            goal,
            &indicators,
            &columns,
            options,
        ));
        let charts: Vec<TrendChart> = indicators
            .iter()
            .map(|indicator| TrendChart::of(document, indicator, options.language))
            .collect();
        match options.kind {
            ChartKind::Line | ChartKind::Bars => bodies.extend(chart_pages(&charts, options)),
            ChartKind::Multiples => bodies.extend(multiples_pages(goal, &charts, options)),
        }
    }
    let total = bodies.len();
    let source = document
        .sources
        .iter()
        .map(|source| source.citation())
        .collect::<Vec<_>>()
        .join("; ");
    bodies
        .into_iter()
        .enumerate()
        .map(|(index, body)| page(&body, index + 1, total, &source, options))
        .collect()
}

/// Two charts to a page: one above the other on portrait, side by side on landscape.
fn chart_pages(charts: &[TrendChart], options: &ReportOptions) -> Vec<String> {
    let paper = options.paper;
    let usable_height = paper.height_mm() - 2.0 * MARGIN_MM - FOOTER_MM;
    let (size, step_x, step_y) = match paper {
        Paper::A4Portrait => {
            let height = (usable_height - 4.0) / 2.0;
            let size = ChartSize {
                width_mm: paper.text_width_mm(),
                height_mm: height,
            };
            (size, 0.0, height + 4.0)
        }
        Paper::A4Landscape => {
            let width = (paper.text_width_mm() - 7.0) / 2.0;
            let size = ChartSize {
                width_mm: width,
                height_mm: usable_height,
            };
            (size, width + 7.0, 0.0)
        }
    };
    let drawing = Drawing::new(size, options.kind, options.language);
    charts
        .chunks(2)
        .map(|pair| {
            let mut body = String::new();
            for (index, chart) in pair.iter().enumerate() {
                let left = MARGIN_MM + index as f64 * step_x;
                let top = MARGIN_MM + index as f64 * step_y;
                let _ = writeln!(
                    body,
                    r#"<g transform="translate({left:.2} {top:.2})">{}</g>"#,
                    chart_svg_elements(chart, &drawing)
                );
            }
            body
        })
        .collect()
}

/// All charts of a goal as small line charts, six to a page, with one legend of the markers
/// and the footnotes of the charts on the page under them.
fn multiples_pages(goal: &Goal, charts: &[TrendChart], options: &ReportOptions) -> Vec<String> {
    let language = options.language;
    let texts = language.texts();
    let paper = options.paper;
    let (columns, rows) = match paper {
        Paper::A4Portrait => (2, 3),
        Paper::A4Landscape => (3, 2),
    };
    let gap_mm = 5.0;
    let note_chars = (paper.text_width_mm() / (SMALL_MM * 0.55)) as usize;
    let title_lines = wrap(
        &format!("{} {}. {}", texts.goal, goal.code, goal.title),
        (paper.text_width_mm() / (TITLE_MM * 0.6)) as usize,
    );
    let mut pages = Vec::new();
    for group in charts.chunks(columns * rows) {
        let mut out = String::new();
        let mut y = MARGIN_MM + TITLE_MM;
        for line in &title_lines {
            text_element(&mut out, MARGIN_MM, y, heading_font(), line);
            y += TITLE_MM + 1.5;
        }
        let grid_top = y;
        // The notes under the grid: every marker shown on the page, then the footnotes.
        let mut markers: Vec<Marker> = Vec::new();
        let mut footnotes: Vec<(u32, String)> = Vec::new();
        let mut review = false;
        for chart in group {
            for marker in chart.markers_shown() {
                if !markers.contains(&marker) {
                    markers.push(marker);
                }
            }
            for footnote in &chart.footnotes {
                if !footnotes.contains(footnote) {
                    footnotes.push(footnote.clone());
                }
            }
            review |= chart.gaps.iter().any(|gap| gap.marker.is_none());
        }
        footnotes.sort();
        let footnote_lines: Vec<String> = footnotes
            .iter()
            .flat_map(|(number, text)| {
                wrap(&format!("{} {number}: {text}", texts.footnote), note_chars)
            })
            .collect();
        let notes_height = (markers.len() + usize::from(review)) as f64 * (TEXT_MM + 1.6)
            + footnote_lines.len() as f64 * (SMALL_MM + 1.3)
            + 4.0;
        let grid_height = paper.height_mm() - MARGIN_MM - FOOTER_MM - grid_top - notes_height;
        let size = ChartSize {
            width_mm: (paper.text_width_mm() - (columns - 1) as f64 * gap_mm) / columns as f64,
            height_mm: (grid_height - (rows - 1) as f64 * gap_mm) / rows as f64,
        };
        let drawing = Drawing {
            notes: false,
            ..Drawing::new(size, ChartKind::Line, language)
        };
        for (index, chart) in group.iter().enumerate() {
            let left = MARGIN_MM + (index % columns) as f64 * (size.width_mm + gap_mm);
            let top = grid_top + (index / columns) as f64 * (size.height_mm + gap_mm);
            let _ = writeln!(
                out,
                r#"<g transform="translate({left:.2} {top:.2})">{}<rect width="{:.2}" height="{:.2}" fill="none" stroke="{}" stroke-width="0.2"/></g>"#,
                chart_svg_elements(chart, &drawing),
                size.width_mm,
                size.height_mm,
                Rgb(0xc8, 0xc8, 0xc8).hex()
            );
        }
        let mut y = grid_top + grid_height + 2.0;
        let _ = writeln!(out, r#"<g transform="translate({} 0)">"#, MARGIN_MM - 2.0);
        y = marker_legend(&mut out, y, &markers, review, language);
        out.push_str("</g>\n");
        y += 1.0;
        for line in &footnote_lines {
            y += SMALL_MM + 1.3;
            text_element(&mut out, MARGIN_MM, y, NOTE, line);
        }
        pages.push(out);
    }
    pages
}

fn heading_font() -> Font {
    Font {
        size: TITLE_MM,
        anchor: "start",
        colour: BLACK,
        bold: true,
    }
}

/// The report as one vector PDF, its font embedded. `progress` hears of every page converted.
pub fn report_pdf(
    document: &Document,
    options: &ReportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<u8>, ExportError> {
    let pages = report_pages(document, options);
    let total = pages.len();
    let mut next = Ref::new(1);
    let mut bump = || {
        let id = next;
        next = Ref::new(next.get() + 1);
        id
    };
    let catalog = bump();
    let tree_id = bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::new();
    let mut chunks = Vec::new();
    for (index, svg) in pages.iter().enumerate() {
        let tree = parse(svg)?;
        let (chunk, svg_id) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|error| ExportError::Pdf(error.to_string()))?;
        let mut renumbered = HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(&mut bump));
        let svg_id = *renumbered
            .get(&svg_id)
            .ok_or_else(|| ExportError::Pdf("the page lost its drawing".into()))?;
        let page_id = bump();
        let content_id = bump();
        page_ids.push(page_id);
        chunks.push((chunk, svg_id, page_id, content_id));
        progress(Progress {
            done: index + 1,
            total,
        });
    }
    pdf.catalog(catalog).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    let (width_pt, height_pt) = (
        mm_to_pt(options.paper.width_mm()),
        mm_to_pt(options.paper.height_mm()),
    );
    for (chunk, svg_id, page_id, content_id) in chunks {
        let name = Name(b"P");
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, width_pt, height_pt));
        page.parent(tree_id);
        page.contents(content_id);
        page.resources().x_objects().pair(name, svg_id);
        page.finish();
        let mut content = Content::new();
        content
            .transform([width_pt, 0.0, 0.0, height_pt, 0.0, 0.0])
            .x_object(name);
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
    }
    Ok(pdf.finish())
}

/// Today's date as printed in Dutch reports: `23-11-2026` (UTC).
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() / 86_400);
    let (year, month, day) = civil_date(i64::try_from(days).unwrap_or(0));
    format!("{day:02}-{month:02}-{year}")
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's days-to-civil algorithm).
fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn mm_to_pt(mm: f64) -> f32 {
    (mm / 25.4 * 72.0) as f32
}

/// Wraps a page body with the footer: source, export date, page number.
fn page(body: &str, number: usize, total: usize, source: &str, options: &ReportOptions) -> String {
    let texts = options.language.texts();
    let (width, height) = (options.paper.width_mm(), options.paper.height_mm());
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="{width}" height="{height}" fill="white"/>"#
    );
    out.push_str(body);
    let footer_y = height - 8.0;
    let page_number = format!("{} {number} {} {total}", texts.report_page, texts.of_word);
    // The source line makes room for the page number.
    let source_chars = ((width - 2.0 * MARGIN_MM - 30.0) / (SMALL_MM * 0.55)) as usize;
    text_element(
        &mut out,
        MARGIN_MM,
        footer_y,
        NOTE,
        &truncate(
            &format!(
                "{}: {source} · {} {}",
                texts.source, texts.report_exported, options.date
            ),
            source_chars,
        ),
    );
    text_element(
        &mut out,
        width - MARGIN_MM,
        footer_y,
        Font {
            anchor: "end",
            ..NOTE
        },
        &page_number,
    );
    out.push_str("</svg>\n");
    out
}

fn title_page(document: &Document, options: &ReportOptions) -> String {
    let language = options.language;
    let texts = language.texts();
    let mut out = String::new();
    let mut y = options.paper.height_mm() * 0.2;
    let big = Font {
        size: 9.0,
        anchor: "start",
        colour: BLACK,
        bold: true,
    };
    let body = Font {
        size: 4.2,
        anchor: "start",
        colour: BLACK,
        bold: false,
    };
    text_element(&mut out, MARGIN_MM, y, big, texts.report_title);
    for source in &document.sources {
        y += 10.0;
        text_element(
            &mut out,
            MARGIN_MM,
            y,
            Font { size: 5.5, ..body },
            &source.citation(),
        );
    }
    for programme in &document.programmes {
        y += 8.0;
        let indicators: usize = programme
            .goals
            .iter()
            .map(|goal| goal.indicators.len())
            .sum();
        text_element(
            &mut out,
            MARGIN_MM,
            y,
            body,
            &format!(
                "{} {}: {} {}",
                texts.report_programme, programme.name, indicators, texts.indicators_word
            ),
        );
    }
    y += 14.0;
    text_element(
        &mut out,
        MARGIN_MM,
        y,
        Font { bold: true, ..body },
        texts.completeness_heading,
    );
    for summary in document.completeness() {
        y += 6.5;
        text_element(
            &mut out,
            MARGIN_MM,
            y,
            body,
            &format!(
                "{} ({})",
                language.completeness_summary(&summary),
                language.completeness_breakdown(&summary)
            ),
        );
    }
    y += 14.0;
    text_element(
        &mut out,
        MARGIN_MM,
        y,
        Font { bold: true, ..body },
        texts.legend_heading,
    );
    let _ = writeln!(out, r#"<g transform="translate({} 0)">"#, MARGIN_MM - 2.0);
    for marker in Marker::STANDARD {
        y += 6.0;
        legend_line(
            &mut out,
            y,
            &language.marker_label(&marker),
            &language.marker_meaning(&marker),
        );
    }
    y += 6.0;
    legend_line(&mut out, y, "?", texts.legend_review);
    out.push_str("</g>\n");
    out
}

/// The goal's indicator table, over as many pages as it needs; long names wrap. Its footnotes
/// and the cells still to check follow the last row.
fn goal_table_pages(
    document: &Document,
    goal: &Goal,
    indicators: &[&Indicator],
    columns: &[Column],
    options: &ReportOptions,
) -> Vec<String> {
    let language = options.language;
    let texts = language.texts();
    let paper = options.paper;
    let code_width = 13.0;
    let unit_width = 22.0;
    // Values keep 19 mm while the names keep 45 mm; beyond that the values narrow.
    let value_width = ((paper.text_width_mm() - code_width - unit_width - 45.0)
        / columns.len().max(1) as f64)
        .clamp(12.0, 19.0);
    let name_width =
        paper.text_width_mm() - code_width - unit_width - value_width * columns.len() as f64;
    // DejaVu Sans averages about 0.6 of its size per character.
    let name_chars = ((name_width - 3.0) / (TEXT_MM * 0.6)).max(10.0) as usize;
    let unit_chars = ((unit_width - 2.0) / (TEXT_MM * 0.6)) as usize;
    let body = Font {
        size: TEXT_MM,
        anchor: "start",
        colour: BLACK,
        bold: false,
    };
    // Each row with its lines of name and of unit.
    let rows: Vec<TableRow> = indicators
        .iter()
        .flat_map(|indicator| {
            indicator.rows().map(move |series| TableRow {
                indicator,
                series,
                name: if series.is_empty() {
                    wrap_lines(&indicator.name, name_chars, 4)
                } else {
                    wrap_lines(&format!("· {series}"), name_chars.saturating_sub(3), 4)
                },
                unit: if series.is_empty() {
                    wrap_lines(&indicator.unit, unit_chars, 2)
                } else {
                    Vec::new()
                },
            })
        })
        .collect();
    let title_lines = wrap(
        &format!("{} {}. {}", texts.goal, goal.code, goal.title),
        (paper.text_width_mm() / (TITLE_MM * 0.6)) as usize,
    );
    let bottom = paper.height_mm() - MARGIN_MM - FOOTER_MM;
    let value_right = |index: usize| {
        MARGIN_MM + code_width + name_width + unit_width + (index as f64 + 1.0) * value_width - 1.0
    };
    let mut pages = Vec::new();
    let mut out = String::new();
    let mut y = 0.0;
    let mut remaining = rows.iter().peekable();
    // A page: the goal's title, the heading of the columns, then rows while they fit.
    while remaining.peek().is_some() {
        out.clear();
        y = MARGIN_MM + TITLE_MM;
        for line in &title_lines {
            text_element(&mut out, MARGIN_MM, y, heading_font(), line);
            y += TITLE_MM + 1.5;
        }
        y += 4.0 + TEXT_MM + 0.8;
        let header = Font { bold: true, ..body };
        text_element(&mut out, MARGIN_MM, y, header, texts.column_code);
        text_element(
            &mut out,
            MARGIN_MM + code_width,
            y,
            header,
            texts.column_name,
        );
        text_element(
            &mut out,
            MARGIN_MM + code_width + name_width,
            y,
            header,
            texts.column_unit,
        );
        for (index, column) in columns.iter().enumerate() {
            // Kind over year, so the headings fit their columns.
            let kind = language.value_kind(column.kind);
            let year = column.year.map(|year| year.to_string()).unwrap_or_default();
            let right_aligned = Font {
                anchor: "end",
                ..header
            };
            text_element(
                &mut out,
                value_right(index),
                y - TEXT_MM - 0.8,
                right_aligned,
                kind,
            );
            text_element(&mut out, value_right(index), y, right_aligned, &year);
        }
        let _ = writeln!(
            out,
            r#"<line x1="{MARGIN_MM}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="black" stroke-width="0.25"/>"#,
            y + 1.5,
            paper.width_mm() - MARGIN_MM,
            y + 1.5
        );
        let mut first_row = true;
        while let Some(row) = remaining.peek() {
            let TableRow {
                indicator,
                series,
                name,
                unit,
            } = row;
            if !first_row && y + row.height_mm() > bottom {
                break;
            }
            first_row = false;
            y += ROW_MM;
            if series.is_empty() {
                text_element(&mut out, MARGIN_MM, y, body, &indicator.code);
            }
            for (index, line) in unit.iter().enumerate() {
                text_element(
                    &mut out,
                    MARGIN_MM + code_width + name_width,
                    y + index as f64 * LINE_GAP_MM,
                    body,
                    line,
                );
            }
            let indent = if series.is_empty() { 0.0 } else { 3.0 };
            for (index, line) in name.iter().enumerate() {
                text_element(
                    &mut out,
                    MARGIN_MM + code_width + indent,
                    y + index as f64 * LINE_GAP_MM,
                    body,
                    line,
                );
            }
            for (index, column) in columns.iter().enumerate() {
                table_cell(
                    &mut out,
                    indicator,
                    series,
                    *column,
                    value_right(index),
                    y,
                    value_width,
                    language,
                );
            }
            y += row.height_mm() - ROW_MM;
            remaining.next();
        }
        if remaining.peek().is_some() {
            pages.push(out.clone());
        }
    }
    // The notes follow the last row, on a page of their own when they do not fit under it.
    let note_chars = (paper.text_width_mm() / (SMALL_MM * 0.56)) as usize;
    let note_lines: Vec<String> = goal_notes(document, goal, indicators, language)
        .iter()
        .flat_map(|note| wrap(note, note_chars))
        .collect();
    let notes_height = 8.0 + note_lines.len() as f64 * (SMALL_MM + 1.3);
    if y + notes_height > bottom && !note_lines.is_empty() {
        pages.push(std::mem::take(&mut out));
        y = MARGIN_MM;
    }
    y += 8.0;
    for line in &note_lines {
        text_element(
            &mut out,
            MARGIN_MM,
            y,
            Font {
                size: SMALL_MM,
                ..NOTE
            },
            line,
        );
        y += SMALL_MM + 1.3;
    }
    pages.push(out);
    pages
}

/// A row of a goal's table: an indicator or one of its sub-series, its name and unit wrapped.
struct TableRow<'a> {
    indicator: &'a Indicator,
    series: &'a str,
    name: Vec<String>,
    unit: Vec<String>,
}

impl TableRow<'_> {
    fn height_mm(&self) -> f64 {
        let lines = self.name.len().max(self.unit.len()).max(1);
        ROW_MM + (lines - 1) as f64 * LINE_GAP_MM
    }
}

/// One value cell, painted from its [`CellView`]: a plain number in black; anything else (a
/// marker, a cell to check, sources that disagree) as its signs and words on its colour.
#[allow(clippy::too_many_arguments)]
fn table_cell(
    out: &mut String,
    indicator: &Indicator,
    series: &str,
    column: Column,
    right: f64,
    y: f64,
    width: f64,
    language: Language,
) {
    let Some(view) = CellView::of(indicator, series, column, language) else {
        return; // A group row: the sub-rows hold the values.
    };
    let footnotes: String = view.footnotes.iter().map(|n| format!(" {n})")).collect();
    match view.look.background() {
        None => text_element(
            out,
            right,
            y,
            Font {
                size: TEXT_MM,
                anchor: "end",
                colour: BLACK,
                bold: false,
            },
            &format!("{}{footnotes}", view.flagged_text()),
        ),
        Some(background) => {
            // Printed text that is no value can be long: its start, to be looked up.
            let text = truncate(&view.flagged_text(), CELL_CHARS);
            marker_cell(
                out,
                &format!("{text}{footnotes}"),
                background,
                right,
                y,
                width,
            );
        }
    }
}

/// The most characters of a cell's words on paper; longer printed text is cut with an ellipsis.
const CELL_CHARS: usize = 10;

/// A missing or doubtful cell: its words on its colour, so it reads in black and white too.
fn marker_cell(out: &mut String, text: &str, background: Rgb, right: f64, y: f64, width: f64) {
    let _ = writeln!(
        out,
        r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{}"/>"#,
        right - width + 2.0,
        y - TEXT_MM - 0.3,
        width - 1.0,
        TEXT_MM + 1.6,
        background.hex()
    );
    text_element(
        out,
        right,
        y,
        Font {
            size: TEXT_MM,
            anchor: "end",
            colour: style::MARKER_TEXT,
            bold: true,
        },
        text,
    );
}

/// The lines under a goal's table: its footnotes, then the cells to check.
fn goal_notes(
    document: &Document,
    goal: &Goal,
    indicators: &[&Indicator],
    language: Language,
) -> Vec<String> {
    let notes = GoalNotes::of(document, goal, indicators, language);
    let mut lines: Vec<String> = notes
        .footnotes
        .iter()
        .map(|(number, text)| format!("{number}) {text}"))
        .collect();
    if !notes.to_check.is_empty() {
        lines.push(format!("{}:", language.texts().review_heading));
        lines.extend(notes.to_check.iter().map(|(code, column, reason)| {
            format!("{} {code} {column}: {reason}", Flag::Review.sign())
        }));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_document;

    fn options() -> ReportOptions {
        ReportOptions {
            date: "23-11-2026".into(),
            ..ReportOptions::new(Language::Dutch)
        }
    }

    #[test]
    fn every_goal_has_its_table_and_charts_and_every_page_its_footer() {
        let document = sample_document().unwrap();
        let pages = report_pages(&document, &options());
        // Title, then per goal one table page and a page per two charts: 2 (3), 3 (19), 4 (1),
        // 5 (13), 6 (9) indicators.
        assert_eq!(pages.len(), 1 + 5 + 2 + 10 + 1 + 7 + 5);
        for (index, page) in pages.iter().enumerate() {
            assert!(page.contains(&format!("Pagina {} van {}", index + 1, pages.len())));
            assert!(
                page.contains("Bron: Begroting 2023 gemeente Diemen · geëxporteerd op 23-11-2026")
            );
        }
        let all = pages.concat();
        for (_, _, indicator) in document.indicators() {
            assert!(
                all.contains(&format!(">{}</text>", indicator.code)),
                "{}",
                indicator.code
            );
        }
        assert!(all.contains("Geen data bekend op waarstaatjegemeente.nl"));
    }

    fn code_on(page: &str, code: &str) -> bool {
        page.contains(&format!(">{code}</text>"))
    }

    #[test]
    fn landscape_pages_are_landscape() {
        let document = sample_document().unwrap();
        let landscape = ReportOptions {
            paper: Paper::A4Landscape,
            ..options()
        };
        let pages = report_pages(&document, &landscape);
        for page in &pages {
            assert!(page.contains(r#"width="297mm" height="210mm""#));
        }
        let pdf = report_pdf(&document, &landscape, &mut |_| {}).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/MediaBox [0 0 841.8898 595.2756]"));
    }

    #[test]
    fn small_multiples_put_six_charts_of_a_goal_on_a_page() {
        let document = sample_document().unwrap();
        let multiples = ReportOptions {
            kind: ChartKind::Multiples,
            selection: Selection {
                goals: vec!["3".into()],
                indicators: Vec::new(),
            },
            ..options()
        };
        let pages = report_pages(&document, &multiples);
        // Title, goal 3's table (one page), then 19 charts six to a page.
        assert_eq!(pages.len(), 1 + 1 + 4);
        let first = &pages[2];
        assert_eq!(first.matches(r#"stroke-width="0.2"/></g>"#).count(), 6);
        // The page explains the markers its charts show, once.
        assert_eq!(first.matches("niet bekend: er zijn").count(), 1);
        assert!(first.contains("Voetnoot 3: Geen data bekend op waarstaatjegemeente.nl"));
    }

    #[test]
    fn a_selection_shows_only_what_was_chosen() {
        let document = sample_document().unwrap();
        let chosen = ReportOptions {
            selection: Selection {
                goals: vec!["5".into()],
                indicators: vec!["3.1.3".into()],
            },
            ..options()
        };
        let pages = report_pages(&document, &chosen).concat();
        assert!(code_on(&pages, "3.1.3"));
        assert!(!code_on(&pages, "3.1.4"));
        assert!(!code_on(&pages, "2.1.1"));
        for (_, goal, indicator) in document.indicators() {
            if goal.code == "5" {
                assert!(code_on(&pages, &indicator.code), "{}", indicator.code);
            }
        }
        let unknown = Selection {
            goals: vec!["9".into()],
            indicators: vec!["3.1.3".into(), "3.1.99".into()],
        };
        assert_eq!(unknown.unknown_codes(&document), vec!["9", "3.1.99"]);
    }

    #[test]
    fn long_names_wrap_in_the_table_rather_than_being_cut() {
        let document = sample_document().unwrap();
        let pages = report_pages(&document, &options()).concat();
        // 3.1.9's name ends "… in de Metropool Regio Amsterdam": its last word is printed.
        assert!(pages.contains("Amsterdam</text>"));
        assert!(!pages.contains("Amste…"));
    }

    #[test]
    fn progress_is_told_for_every_page() {
        let document = sample_document().unwrap();
        let mut seen = Vec::new();
        report_pdf(&document, &options(), &mut |progress| seen.push(progress)).unwrap();
        assert_eq!(seen.len(), 31);
        assert!(
            seen.iter()
                .enumerate()
                .all(|(index, progress)| progress.done == index + 1 && progress.total == 31)
        );
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(20_415), (2025, 11, 23));
        assert_eq!(civil_date(19_782), (2024, 2, 29));
    }

    #[test]
    fn the_report_pdf_has_a_page_per_page_and_embeds_its_font() {
        let document = sample_document().unwrap();
        let pdf = report_pdf(&document, &options(), &mut |_| {}).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/Count 31"));
        assert!(text.contains("/FontFile2"));
        assert!(text.contains("/MediaBox [0 0 595.2756 841.8898]"));
    }
}
