//! Every kind of file Peilstok reads or writes, with its extensions: the one list the command
//! line, the menus, the file dialogs and drag-and-drop all go by; the exchange formats (the long
//! CSV, JSON, spreadsheets); and [`read_file`], which reads any file to import by its kind
//! (budget text through [`crate::import`]).

pub mod json;
pub mod long_csv;
pub mod xlsx;

use std::path::Path;

use crate::model::Document;

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

/// What a file held, read for import.
#[derive(Clone, Debug)]
pub enum ImportedFile {
    /// A budget text: what the importer found in it.
    Text {
        /// The text as read.
        text: String,
        /// The tables found.
        import: Box<crate::import::Import>,
    },
    /// A whole document as is: a long CSV (and, later, JSON or a spreadsheet).
    Document(Document),
}

/// Why a file could not be read for import.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The text is not UTF-8.
    #[error("{path} is not UTF-8 text (save it as UTF-8 and try again)")]
    NotUtf8 {
        /// The file.
        path: std::path::PathBuf,
    },
    /// The long CSV breaks the contract.
    #[error("{path} is not a valid long CSV: {source}")]
    Csv {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        #[source]
        source: long_csv::LongCsvError,
    },
    /// The JSON is not a Peilstok document that this build can read.
    #[error("{path}: {source}")]
    Json {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        #[source]
        source: json::JsonError,
    },
    /// The spreadsheet holds no sheet Peilstok can read, or a sheet breaks its layout.
    #[error("{path} cannot be imported as a spreadsheet: {source}")]
    Spreadsheet {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        #[source]
        source: xlsx::XlsxError,
    },
    /// The file is larger than its kind's limit ([`max_import_bytes`]).
    #[error("{path} is larger than {} MB, the most Peilstok reads as .{kind}", limit_bytes >> 20)]
    TooLarge {
        /// The file.
        path: std::path::PathBuf,
        /// The kind of file it was read as, in words.
        kind: &'static str,
        /// The limit, in bytes.
        limit_bytes: u64,
    },
    /// None of the kinds of file that can be imported.
    #[error(
        "{path}: only budget texts (.txt), long CSVs (.csv), Peilstok JSON (.json) and \
         spreadsheets (.xlsx, .ods) can be imported"
    )]
    UnknownKind {
        /// The file.
        path: std::path::PathBuf,
    },
}

/// The largest file of `format` that is read for import, in bytes: far above any budget or
/// indicator file (a whole budget's text is 1–3 MB, a long CSV of half a million values about
/// 40 MB), and low enough that what is read from it stays within memory.
pub const fn max_import_bytes(format: Format) -> u64 {
    const MB: u64 = 1024 * 1024;
    match format {
        Format::Text => 16 * MB,
        Format::Csv | Format::Json => 64 * MB,
        Format::Xlsx | Format::Ods => xlsx::cells::MAX_WORKBOOK_BYTES,
        _ => 0,
    }
}

/// Reads `path`, but no more than one byte past `limit_bytes`: a file that grows without end
/// (`/dev/zero`, a pipe) or a huge one costs the limit, and the caller sees it is too large.
fn read_at_most(path: &Path, limit_bytes: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let expected = file
        .metadata()
        .map_or(0, |metadata| metadata.len())
        .min(limit_bytes.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(limit_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads `path` for import: a `.csv` as a long CSV, a `.json` as a Peilstok JSON document, an
/// `.xlsx` or `.ods` as a spreadsheet (`crate::xlsx`), a `.txt` (or a file without extension) as
/// budget text.
pub fn read_file(path: &std::path::Path) -> Result<ImportedFile, ImportFileError> {
    let format = Format::of_path(path);
    let limit_bytes = format.map_or(0, max_import_bytes);
    let bytes = read_at_most(path, limit_bytes).map_err(|source| ImportFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit_bytes
        && let Some(format) = format
    {
        return Err(ImportFileError::TooLarge {
            path: path.to_path_buf(),
            kind: format.extension(),
            limit_bytes,
        });
    }
    read_bytes(format, bytes, path)
}

/// Reads the bytes of a file to import as `format` says (see [`read_file`], which reads them
/// from `path` within [`max_import_bytes`]); `path` names the file in errors and sources. The
/// fuzz tests and targets feed hostile bytes through here.
pub fn read_bytes(
    format: Option<Format>,
    bytes: Vec<u8>,
    path: &Path,
) -> Result<ImportedFile, ImportFileError> {
    match format {
        Some(Format::Csv) => long_csv::read(bytes.as_slice())
            .map(ImportedFile::Document)
            .map_err(|source| ImportFileError::Csv {
                path: path.to_path_buf(),
                source,
            }),
        Some(Format::Json) => {
            let text = String::from_utf8(bytes).map_err(|_| ImportFileError::NotUtf8 {
                path: path.to_path_buf(),
            })?;
            json::read(&text)
                .map(ImportedFile::Document)
                .map_err(|source| ImportFileError::Json {
                    path: path.to_path_buf(),
                    source,
                })
        }
        Some(Format::Xlsx | Format::Ods) => {
            let mut document =
                xlsx::read(&bytes).map_err(|source| ImportFileError::Spreadsheet {
                    path: path.to_path_buf(),
                    source,
                })?;
            // A person's own spreadsheet names no file: the source is this one.
            for source in &mut document.sources {
                if source.file_name.is_empty() {
                    source.file_name = path
                        .file_name()
                        .map(|name| name.to_string_lossy().into_owned())
                        .unwrap_or_default();
                }
            }
            Ok(ImportedFile::Document(document))
        }
        Some(Format::Text) => {
            let text = crate::text::decode_text(&bytes)
                .map_err(|_| ImportFileError::NotUtf8 {
                    path: path.to_path_buf(),
                })?
                .into_owned();
            let file_name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let import = Box::new(crate::import::import_text(&text, &file_name));
            Ok(ImportedFile::Text { text, import })
        }
        _ => Err(ImportFileError::UnknownKind {
            path: path.to_path_buf(),
        }),
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
