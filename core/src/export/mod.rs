//! Exports for paper and other programs: a chart's SVG as PDF (vector, with its font embedded)
//! and as PNG.
//!
//! The SVG comes from [`crate::chart::svg`]; the page is drawn once and converted, so screen,
//! SVG, PNG and PDF all show the same chart description.

pub mod report;

use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use crate::chart::svg::FONT_FAMILY;
use crate::formats::Format;
use crate::i18n::Language;
use crate::model::Document;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The SVG could not be read back (a bug in the painter, never the user's data).
    #[error("the chart could not be drawn: {0}")]
    Svg(#[from] usvg::Error),
    /// The PDF could not be made.
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
    /// The picture could not be made.
    #[error("the picture could not be made: {0}")]
    Png(String),
    /// The format is not one this export writes (a caller's mistake: the menus and the command
    /// line offer only those it does).
    #[error("{0:?} is not a format this export writes")]
    NotWritten(Format),
}

/// The whole document as `format` (one of [`Format::DOCUMENT_EXPORTS`]) for other programs:
/// the long CSV, JSON, or a workbook with the tables in `language`. The window and the command
/// line both write through here.
pub fn document_bytes(
    document: &Document,
    format: Format,
    language: Language,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        Format::Csv => {
            let mut bytes = Vec::new();
            crate::formats::long_csv::write(document, &mut bytes)?;
            bytes
        }
        Format::Json => crate::formats::json::write(document)?.into_bytes(),
        Format::Xlsx => crate::formats::xlsx::write(document, language)?,
        other => return Err(ExportError::NotWritten(other).into()),
    })
}

/// A chart's SVG page as `format` (one of [`Format::CHART_EXPORTS`]): vector PDF, PNG at
/// 300 dpi, or the SVG itself.
pub fn chart_bytes(svg: String, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Pdf => svg_to_pdf(&svg),
        Format::Png => svg_to_png(&svg, 300.0),
        Format::Svg => Ok(svg.into_bytes()),
        other => Err(ExportError::NotWritten(other)),
    }
}

/// Reads an SVG with the embedded DejaVu Sans as its only font, so text never silently
/// disappears and looks the same on every machine.
fn parse(svg: &str) -> Result<usvg::Tree, ExportError> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: Arc::clone(fonts()),
        ..usvg::Options::default()
    };
    Ok(usvg::Tree::from_str(svg, &options)?)
}

/// DejaVu Sans, regular and bold, read once for every page and chart of the run (reading the
/// fonts for each page took a good part of a report's time).
fn fonts() -> &'static Arc<usvg::fontdb::Database> {
    static FONTS: std::sync::OnceLock<Arc<usvg::fontdb::Database>> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| {
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_font_data(dejavu::sans::regular().to_vec());
        fonts.load_font_data(dejavu::sans::bold().to_vec());
        Arc::new(fonts)
    })
}

/// The SVG as a one-page vector PDF of the SVG's own size, with its font embedded.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, ExportError> {
    let tree = parse(svg)?;
    // usvg reads millimetres at 96 dpi; the page must use the same, so 180 mm stays 180 mm.
    let page = svg2pdf::PageOptions { dpi: 96.0 };
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page)
        .map_err(|error| ExportError::Pdf(error.to_string()))
}

/// The SVG as a PNG at `dpi` dots per inch, on white.
pub fn svg_to_png(svg: &str, dpi: f32) -> Result<Vec<u8>, ExportError> {
    let tree = parse(svg)?;
    let scale = dpi / 96.0;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| {
        ExportError::Png(format!(
            "a chart of {:?} cannot be drawn at {dpi} dpi",
            tree.size()
        ))
    })?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        ExportError::Png(format!(
            "no room for {}×{} pixels",
            size.width(),
            size.height()
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|error| ExportError::Png(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::svg::{ChartSize, Drawing, chart_svg};
    use crate::chart::{ChartKind, TrendChart};
    use crate::i18n::Language;
    use crate::sample::sample_document;

    fn svg_of(code: &str) -> String {
        let document = sample_document().unwrap();
        let (_, _, indicator) = document
            .indicators()
            .find(|(_, _, indicator)| indicator.code == code)
            .unwrap();
        chart_svg(
            &TrendChart::of(&document, indicator, Language::Dutch),
            &Drawing::new(ChartSize::A4_WIDTH, ChartKind::Line, Language::Dutch),
        )
    }

    #[test]
    fn the_pdf_is_vector_with_its_font_embedded_and_text_extractable() {
        let pdf = svg_to_pdf(&svg_of("3.1.3")).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/FontFile2"), "the TrueType font is embedded");
        assert!(text.contains("/ToUnicode"), "the text can be extracted");
        assert!(text.contains("DejaVu"), "the family the SVG asks for");
        // 180 mm × 120 mm in points.
        assert!(
            text.contains("510.2") && text.contains("340.1"),
            "page size kept"
        );
    }

    #[test]
    fn the_png_has_the_chart_size_at_the_asked_resolution() {
        let png = svg_to_png(&svg_of("3.1.3"), 150.0).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
        // 180 mm × 120 mm at 150 dpi.
        assert_eq!((width, height), (1063, 709));
    }
}
