//! The A4 indicator report: a title page, then per goal its indicator table (markers and
//! footnotes included) and its trend charts, two to a page. Every page names the source and the
//! export date, and carries its number.
//!
//! Each page is drawn as one SVG (in millimetres) with the chart painter's own pieces, then all
//! pages become one vector PDF.

use std::collections::HashMap;
use std::fmt::Write as _;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};

use super::{ExportError, parse};
use crate::chart::TrendChart;
use crate::chart::svg::{
    ChartSize, FONT_FAMILY, Font, NOTE, SMALL_MM, TEXT_MM, TITLE_MM, legend_line, text_element,
    trend_svg_elements, wrap,
};
use crate::i18n::Language;
use crate::model::{CellValue, Column, Document, Goal, Indicator, Marker};
use crate::numbers::format_decimal;
use crate::style::{self, Rgb};

const PAGE_WIDTH_MM: f64 = 210.0;
const PAGE_HEIGHT_MM: f64 = 297.0;
const MARGIN_MM: f64 = 15.0;
const ROW_MM: f64 = 5.5;
const BLACK: Rgb = Rgb(0, 0, 0);

/// What a report needs besides the document.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// Language of the words and the numbers.
    pub language: Language,
    /// The export date as it is printed, e.g. "23-11-2026".
    pub date: String,
}

/// The report's pages, each an A4 portrait SVG.
pub fn report_pages(document: &Document, options: &ReportOptions) -> Vec<String> {
    let mut bodies = vec![title_page(document, options)];
    let columns = document.columns();
    for (_, goal) in document.goals() {
        if goal.indicators.is_empty() {
            continue;
        }
        bodies.extend(goal_table_pages(document, goal, &columns, options));
        let charts: Vec<TrendChart> = goal
            .indicators
            .iter()
            .map(|indicator| TrendChart::of(document, indicator, options.language))
            .collect();
        for pair in charts.chunks(2) {
            let mut body = String::new();
            for (index, chart) in pair.iter().enumerate() {
                let top = MARGIN_MM + 8.0 + index as f64 * 128.0;
                let _ = writeln!(
                    body,
                    r#"<g transform="translate({MARGIN_MM} {top})">{}</g>"#,
                    trend_svg_elements(chart, ChartSize::A4_WIDTH, options.language)
                );
            }
            bodies.push(body);
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

/// The report as one vector PDF, its font embedded.
pub fn report_pdf(document: &Document, options: &ReportOptions) -> Result<Vec<u8>, ExportError> {
    let pages = report_pages(document, options);
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
    for svg in &pages {
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
    }
    pdf.catalog(catalog).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    let (width_pt, height_pt) = (mm_to_pt(PAGE_WIDTH_MM), mm_to_pt(PAGE_HEIGHT_MM));
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
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_WIDTH_MM}mm" height="{PAGE_HEIGHT_MM}mm" viewBox="0 0 {PAGE_WIDTH_MM} {PAGE_HEIGHT_MM}" font-family="{FONT_FAMILY}">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="{PAGE_WIDTH_MM}" height="{PAGE_HEIGHT_MM}" fill="white"/>"#
    );
    out.push_str(body);
    let footer_y = PAGE_HEIGHT_MM - 8.0;
    text_element(
        &mut out,
        MARGIN_MM,
        footer_y,
        NOTE,
        &format!(
            "{}: {source} · {} {}",
            texts.source, texts.report_exported, options.date
        ),
    );
    text_element(
        &mut out,
        PAGE_WIDTH_MM - MARGIN_MM,
        footer_y,
        Font {
            anchor: "end",
            ..NOTE
        },
        &format!("{} {number} {} {total}", texts.report_page, texts.of_word),
    );
    out.push_str("</svg>\n");
    out
}

fn title_page(document: &Document, options: &ReportOptions) -> String {
    let language = options.language;
    let texts = language.texts();
    let mut out = String::new();
    let mut y = 60.0;
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

/// The goal's indicator table, over as many pages as it needs.
fn goal_table_pages(
    document: &Document,
    goal: &Goal,
    columns: &[Column],
    options: &ReportOptions,
) -> Vec<String> {
    let language = options.language;
    let texts = language.texts();
    let rows: Vec<(&Indicator, &str)> = goal
        .indicators
        .iter()
        .flat_map(|indicator| indicator.rows().map(move |series| (indicator, series)))
        .collect();
    let value_width = 19.0;
    let code_width = 13.0;
    let unit_width = 22.0;
    let name_width = PAGE_WIDTH_MM
        - 2.0 * MARGIN_MM
        - code_width
        - unit_width
        - value_width * columns.len() as f64;
    // Leave a little room before the unit column.
    let name_chars = ((name_width - 3.0) / (TEXT_MM * 0.55)) as usize;
    let title_lines = wrap(&format!("{} {}. {}", texts.goal, goal.code, goal.title), 70);
    let rows_per_page = 36;
    let mut pages = Vec::new();
    for (page_index, page_rows) in rows.chunks(rows_per_page).enumerate() {
        let mut out = String::new();
        let mut y = MARGIN_MM + TITLE_MM;
        for line in &title_lines {
            text_element(
                &mut out,
                MARGIN_MM,
                y,
                Font {
                    size: TITLE_MM,
                    anchor: "start",
                    colour: BLACK,
                    bold: true,
                },
                line,
            );
            y += TITLE_MM + 1.5;
        }
        y += 4.0 + TEXT_MM + 0.8;
        let header = Font {
            size: TEXT_MM,
            anchor: "start",
            colour: BLACK,
            bold: true,
        };
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
            let right = MARGIN_MM
                + code_width
                + name_width
                + unit_width
                + (index as f64 + 1.0) * value_width
                - 1.0;
            // Kind over year, so the headings fit their columns.
            let kind = language.value_kind(column.kind);
            let year = column.year.map(|year| year.to_string()).unwrap_or_default();
            let right_aligned = Font {
                anchor: "end",
                ..header
            };
            text_element(&mut out, right, y - TEXT_MM - 0.8, right_aligned, kind);
            text_element(&mut out, right, y, right_aligned, &year);
        }
        let _ = writeln!(
            out,
            r#"<line x1="{MARGIN_MM}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="black" stroke-width="0.25"/>"#,
            y + 1.5,
            PAGE_WIDTH_MM - MARGIN_MM,
            y + 1.5
        );
        for (indicator, series) in page_rows {
            y += ROW_MM;
            let body = Font {
                size: TEXT_MM,
                anchor: "start",
                colour: BLACK,
                bold: false,
            };
            if series.is_empty() {
                text_element(&mut out, MARGIN_MM, y, body, &indicator.code);
                let name = truncate(&indicator.name, name_chars);
                text_element(&mut out, MARGIN_MM + code_width, y, body, &name);
                text_element(
                    &mut out,
                    MARGIN_MM + code_width + name_width,
                    y,
                    body,
                    &truncate(&indicator.unit, 14),
                );
            } else {
                text_element(
                    &mut out,
                    MARGIN_MM + code_width + 3.0,
                    y,
                    body,
                    &format!("· {}", truncate(series, name_chars - 3)),
                );
            }
            for (index, column) in columns.iter().enumerate() {
                let right = MARGIN_MM
                    + code_width
                    + name_width
                    + unit_width
                    + (index as f64 + 1.0) * value_width
                    - 1.0;
                table_cell(
                    &mut out,
                    indicator,
                    series,
                    *column,
                    right,
                    y,
                    value_width,
                    language,
                );
            }
        }
        if page_index == 0 {
            let notes = goal_notes(document, goal, language);
            y += 8.0;
            for note in notes {
                for line in wrap(&note, 110) {
                    text_element(
                        &mut out,
                        MARGIN_MM,
                        y,
                        Font {
                            size: SMALL_MM,
                            ..NOTE
                        },
                        &line,
                    );
                    y += SMALL_MM + 1.3;
                }
            }
        }
        pages.push(out);
    }
    pages
}

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
    let Some((cell, _)) = indicator.displayed_cell(series, column) else {
        return; // A group row: the sub-rows hold the values.
    };
    let Some(cell) = cell else {
        let blank = Marker::Blank;
        marker_cell(
            out,
            &language.marker_label(&blank),
            style::marker_background(&blank),
            right,
            y,
            width,
        );
        return;
    };
    let footnotes: String = cell.footnotes.iter().map(|n| format!(" {n})")).collect();
    match &cell.value {
        CellValue::Number(number) => {
            let text = format!("{}{footnotes}", format_decimal(*number, language));
            text_element(
                out,
                right,
                y,
                Font {
                    size: TEXT_MM,
                    anchor: "end",
                    colour: BLACK,
                    bold: false,
                },
                &text,
            );
        }
        CellValue::Missing(marker) => {
            let text = format!("{}{footnotes}", language.marker_label(marker));
            marker_cell(
                out,
                &text,
                style::marker_background(marker),
                right,
                y,
                width,
            );
        }
        CellValue::Text => {
            marker_cell(
                out,
                &format!("? {}", truncate(&cell.raw, 6)),
                style::REVIEW,
                right,
                y,
                width,
            );
        }
    }
}

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

/// Footnotes of the goal's table and indicators, and the review reasons of its cells.
fn goal_notes(document: &Document, goal: &Goal, language: Language) -> Vec<String> {
    let texts = language.texts();
    let mut numbers: Vec<u32> = goal.footnotes.clone();
    let mut reviews = Vec::new();
    for indicator in &goal.indicators {
        numbers.extend(&indicator.footnotes);
        for cell in &indicator.cells {
            numbers.extend(&cell.footnotes);
            if let Some(review) = &cell.review {
                reviews.push(format!(
                    "? {} {}: {review}",
                    indicator.code,
                    language.column_heading(cell.column)
                ));
            }
        }
    }
    numbers.sort_unstable();
    numbers.dedup();
    let mut notes: Vec<String> = numbers
        .into_iter()
        .filter_map(|number| {
            document
                .footnote_text(&goal.source, number)
                .map(|text| format!("{number}) {}", text))
        })
        .collect();
    if !reviews.is_empty() {
        notes.push(format!("{}:", texts.review_heading));
        notes.extend(reviews);
    }
    notes
}

/// `text` cut to `max_chars` characters with an ellipsis.
fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_document;

    fn options() -> ReportOptions {
        ReportOptions {
            language: Language::Dutch,
            date: "23-11-2026".into(),
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

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(20_415), (2025, 11, 23));
        assert_eq!(civil_date(19_782), (2024, 2, 29));
    }

    #[test]
    fn the_report_pdf_has_a_page_per_page_and_embeds_its_font() {
        let document = sample_document().unwrap();
        let pdf = report_pdf(&document, &options()).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/Count 31"));
        assert!(text.contains("/FontFile2"));
        assert!(text.contains("/MediaBox [0 0 595.2756 841.8898]"));
    }
}
