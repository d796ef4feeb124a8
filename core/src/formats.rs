//! Every kind of file Peilstok reads or writes, with its extensions: the one list the command
//! line, the menus, the file dialogs and drag-and-drop all go by.

use std::path::Path;

/// A kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A Peilstok document (`.peilstok`, SQLite).
    Document,
    /// Budget text (`.txt`), as copied from a budget or annual report.
    Text,
    /// The long CSV (docs/csv-format.md).
    Csv,
    /// The whole document as JSON (docs/json-format.md).
    Json,
    /// An Excel workbook.
    Xlsx,
    /// An OpenDocument spreadsheet (read only).
    Ods,
    /// A vector PDF (report or chart).
    Pdf,
    /// A picture of a chart.
    Png,
    /// A chart as SVG.
    Svg,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 9] = [
        Format::Document,
        Format::Text,
        Format::Csv,
        Format::Json,
        Format::Xlsx,
        Format::Ods,
        Format::Pdf,
        Format::Png,
        Format::Svg,
    ];

    /// What can be imported into a document.
    pub const IMPORTED: [Format; 5] = [
        Format::Text,
        Format::Csv,
        Format::Json,
        Format::Xlsx,
        Format::Ods,
    ];

    /// What the whole document can be written as for other programs.
    pub const DOCUMENT_EXPORTS: [Format; 3] = [Format::Xlsx, Format::Csv, Format::Json];

    /// What a chart can be written as.
    pub const CHART_EXPORTS: [Format; 3] = [Format::Pdf, Format::Png, Format::Svg];

    /// The extension a file of this format is written with.
    pub const fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// The extensions a file of this format is known by, the written one first.
    pub const fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Document => &["peilstok"],
            Format::Text => &["txt", "text"],
            Format::Csv => &["csv"],
            Format::Json => &["json"],
            Format::Xlsx => &["xlsx"],
            Format::Ods => &["ods"],
            Format::Pdf => &["pdf"],
            Format::Png => &["png"],
            Format::Svg => &["svg"],
        }
    }

    /// The format `path`'s extension names (any case); a file without one is budget text.
    pub fn of_path(path: &Path) -> Option<Format> {
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if extension.is_empty() {
            return Some(Format::Text);
        }
        Format::ALL
            .into_iter()
            .find(|format| format.extensions().contains(&extension.as_str()))
    }

    /// The extensions of `formats`, for a file dialog's filter.
    pub fn extensions_of(formats: &[Format]) -> Vec<&'static str> {
        formats
            .iter()
            .flat_map(|format| format.extensions().iter().copied())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_its_format_in_any_case() {
        assert_eq!(
            Format::of_path(Path::new("a.PEILSTOK")),
            Some(Format::Document)
        );
        assert_eq!(Format::of_path(Path::new("begroting")), Some(Format::Text));
        assert_eq!(Format::of_path(Path::new("b.Text")), Some(Format::Text));
        assert_eq!(Format::of_path(Path::new("c.docx")), None);
        for format in Format::ALL {
            let name = format!("x.{}", format.extension());
            assert_eq!(Format::of_path(Path::new(&name)), Some(format));
        }
        assert_eq!(
            Format::extensions_of(&Format::CHART_EXPORTS),
            ["pdf", "png", "svg"]
        );
    }
}
