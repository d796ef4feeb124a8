//! Errors and outcomes said in the interface's language: the one place where the core's error
//! types (of the store, the formats, printing, exports and commands) become words. It sits with
//! the application, above every module whose errors it words, so that the texts below
//! ([`crate::i18n`]) depend on none of them.

use crate::i18n::Language;
use crate::print::Printed;

impl Language {
    /// What became of a print request, in words, naming the PDF.
    pub fn printed(self, printed: &Printed, pdf: &std::path::Path) -> String {
        let texts = self.texts();
        let pdf = pdf.display();
        match printed {
            Printed::Queued(reply) => format!("{} {pdf} ({reply})", texts.printed_queued),
            Printed::ShellPrint => format!("{} {pdf}", texts.printed_shell),
            Printed::OpenedInViewer(None) => format!("{} {pdf}", texts.printed_viewer),
            Printed::OpenedInViewer(Some(reason)) => format!(
                "{} ({reason}). {} {pdf}",
                texts.printed_refused, texts.printed_viewer
            ),
        }
    }
}

impl Language {
    /// A document-file error in this language (the library's own text is English).
    pub fn store_error(self, error: &crate::store::StoreError) -> String {
        use crate::store::StoreError;
        if self == Language::English {
            return error.to_string();
        }
        match error {
            StoreError::NotFound { path } => {
                format!("{}: dit bestand bestaat niet", path.display())
            }
            StoreError::NotADatabase { path } => format!(
                "{} is geen Peilstok-document (het is geen databasebestand)",
                path.display()
            ),
            StoreError::ForeignApplication { path } => format!(
                "{} is een database van een ander programma, geen Peilstok-document",
                path.display()
            ),
            StoreError::TooNew {
                path,
                found,
                supported,
            } => format!(
                "{} is opgeslagen door een nieuwere Peilstok (documentversie {found}; deze versie \
                 leest tot en met {supported}): werk Peilstok bij om het te openen",
                path.display()
            ),
            // SQLite's own words are English: the Dutch window says what they mean.
            StoreError::Damaged { path, .. } => format!(
                "{} is beschadigd en kan niet worden gelezen",
                path.display()
            ),
            StoreError::Busy { path } => format!(
                "{} is in gebruik door een ander programma; probeer het zo opnieuw",
                path.display()
            ),
            StoreError::ChangedElsewhere { path } => format!(
                "{} is intussen door een ander programma gewijzigd: uw wijziging is niet \
                 geschreven en het document is opnieuw ingelezen",
                path.display()
            ),
            StoreError::Invalid(_) => "het document bevat iets dat Peilstok niet kan lezen".into(),
            StoreError::Io { path, source } => {
                format!("{}: {}", path.display(), dutch_io_error(source))
            }
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(failure, _))
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                "het document is in gebruik door een ander programma; probeer het zo opnieuw".into()
            }
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(failure, _))
                if failure.code == rusqlite::ErrorCode::DiskFull =>
            {
                "de schijf is vol: de wijziging is niet opgeslagen".into()
            }
            StoreError::Sqlite(_) => {
                "de database gaf een fout: de wijziging is niet opgeslagen".into()
            }
        }
    }
}

impl Language {
    /// An error as the window says it, in this language, whatever its kind. In Dutch, a detail
    /// that only a library can give in English (SQLite's, a spreadsheet reader's, a CSV row's
    /// reason) is left out: the place (file, line, sheet) and the kind of problem are said; the
    /// command line in English gives the rest.
    pub fn error_text(self, error: &anyhow::Error) -> String {
        if self == Language::English {
            return said_once(error.as_ref());
        }
        if let Some(error) = error.downcast_ref::<crate::files::OverwriteRefused>() {
            return dutch_overwrite_refusal(error);
        }
        if let Some(error) = error.downcast_ref::<crate::app::CommandError>() {
            return dutch_command_error(error);
        }
        if let Some(error) = error.downcast_ref::<crate::store::StoreError>() {
            return self.store_error(error);
        }
        if let Some(error) = error.downcast_ref::<crate::formats::ImportFileError>() {
            return dutch_import_error(error);
        }
        if let Some(error) = error.downcast_ref::<crate::print::PrintError>() {
            return dutch_print_error(error);
        }
        if let Some(error) = error.downcast_ref::<crate::export::ExportError>() {
            return dutch_export_error(error);
        }
        if let Some(error) = error.downcast_ref::<crate::formats::long_csv::LongCsvError>() {
            return dutch_csv_error(error);
        }
        if let Some(error) = error.downcast_ref::<crate::formats::xlsx::XlsxError>() {
            return dutch_xlsx_error(error);
        }
        if let Some(error) = error.downcast_ref::<crate::formats::json::JsonError>() {
            return dutch_json_error(error);
        }
        if let Some(error) = error.downcast_ref::<std::io::Error>() {
            return dutch_io_error(error);
        }
        // A message already made in the window's language (from [`Texts`]), or an unforeseen
        // failure: its text as it is.
        said_once(error.as_ref())
    }
}

/// An error and its causes on one line, `outer: cause: cause`, each text said once. Many errors
/// name their cause in their own text as well as giving it as their source (`cannot read X:
/// {source}`), and SQLite's error repeats its message in its code's text, so printing the chain
/// as it is says the same thing two or three times. A cause's text, or a `: `-separated part
/// of it, that is already said is left out.
pub fn said_once(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cause = Some(error);
    while let Some(error) = cause {
        let text = error.to_string();
        let said = parts.join(": ").to_lowercase();
        if !said.contains(&text.to_lowercase()) {
            if parts.is_empty() {
                // The error's own text is said whole, whatever it repeats within itself.
                parts.push(text);
            } else {
                parts.extend(
                    text.split(": ")
                        .filter(|part| !said.contains(&part.to_lowercase()))
                        .map(str::to_string),
                );
            }
        }
        cause = error.source();
    }
    parts.join(": ")
}

fn dutch_overwrite_refusal(error: &crate::files::OverwriteRefused) -> String {
    use crate::files::OverwriteRefused as E;
    match error {
        E::TheDocument { path } => format!(
            "{} is het document dat wordt geëxporteerd: de export zou het vervangen; kies een \
             ander bestand",
            path.display()
        ),
        E::ADocument { path } => format!(
            "{} is een Peilstok-document: een export wordt nooit over een document geschreven; \
             kies een ander bestand",
            path.display()
        ),
    }
}

fn dutch_command_error(error: &crate::app::CommandError) -> String {
    use crate::app::CommandError as E;
    match error {
        E::NotAValue(text) => format!(
            "`{text}` is geen getal in Nederlandse notatie (zoals 68,6 of 3.200) en geen teken \
             (NB, n.n.b., N.v.t., -)"
        ),
        E::NameNeeded => "een indicator heeft een naam nodig".into(),
        E::CodeNeeded => "een indicator heeft een nummer nodig".into(),
        E::SeriesNameNeeded => "een deelreeks heeft een naam nodig".into(),
        E::IndicatorExists(code) => format!("het programma heeft al een indicator {code}"),
        E::SeriesExists { code, name } => format!("{code} heeft al een deelreeks {name}"),
        E::ColumnNeedsYear => "alleen een kolom streefwaarden kan zonder jaar".into(),
        E::ColumnExists(what) => format!("het document heeft al een kolom {what}"),
        E::NoIndicator(code) => format!("het document heeft geen indicator {code}"),
        E::NoGoal(goal) => format!("het document heeft geen doel {goal}"),
        E::NoSource(source) => format!("het document heeft geen bron {source}"),
        E::EmptyCell => "deze cel is leeg".into(),
        E::ChangeDoesNotFit(_) => {
            "de wijziging past niet bij het document (een fout in Peilstok); er is niets \
             veranderd"
                .into()
        }
        E::NoImportUnderReview => "er wordt geen import beoordeeld".into(),
        E::Busy(running) => format!("{running} is nog bezig"),
        E::WorkFailed(what) => format!("het werk aan {what} is onverwacht gestopt"),
        E::WriteFile { path, source } => {
            format!(
                "{} kan niet worden geschreven: {}",
                path.display(),
                dutch_io_error(source)
            )
        }
        E::SampleUnreadable => "het meegeleverde voorbeeld kan niet worden gelezen".into(),
    }
}

fn dutch_io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match error.kind() {
        K::NotFound => "het bestand of de map bestaat niet".into(),
        K::PermissionDenied => "geen toestemming (alleen-lezen, of in gebruik)".into(),
        K::AlreadyExists => "het bestand bestaat al".into(),
        K::StorageFull => "de schijf is vol".into(),
        K::ReadOnlyFilesystem => "de schijf is alleen-lezen".into(),
        K::IsADirectory => "dit is een map, geen bestand".into(),
        K::InvalidData => "de inhoud is onleesbaar".into(),
        _ => "lezen of schrijven mislukte".into(),
    }
}

fn dutch_import_error(error: &crate::formats::ImportFileError) -> String {
    use crate::formats::ImportFileError as E;
    match error {
        E::Read { path, source } => {
            format!(
                "{} kan niet worden gelezen: {}",
                path.display(),
                dutch_io_error(source)
            )
        }
        E::NotUtf8 { path } => format!(
            "{} is geen leesbare tekst (sla het op als UTF-8 en probeer opnieuw)",
            path.display()
        ),
        E::Csv { path, source } => format!(
            "{} is geen geldige lange CSV: {}",
            path.display(),
            dutch_csv_error(source)
        ),
        E::Json { path, source } => format!("{}: {}", path.display(), dutch_json_error(source)),
        E::Spreadsheet { path, source } => format!(
            "{} kan niet als werkmap worden geïmporteerd: {}",
            path.display(),
            dutch_xlsx_error(source)
        ),
        E::TooLarge {
            path,
            kind,
            limit_bytes,
        } => format!(
            "{} is groter dan {} MB, het meeste dat Peilstok als .{kind} leest",
            path.display(),
            limit_bytes >> 20
        ),
        E::UnknownKind { path } => format!(
            "{}: alleen begrotingsteksten (.txt), lange CSV's (.csv), Peilstok-JSON (.json) en \
             werkmappen (.xlsx, .ods) kunnen worden geïmporteerd",
            path.display()
        ),
    }
}

fn dutch_csv_error(error: &crate::formats::long_csv::LongCsvError) -> String {
    use crate::formats::long_csv::LongCsvError as E;
    match error {
        E::Syntax { line, .. } => format!("CSV-regel {line} is niet goed opgebouwd"),
        E::Header { expected, .. } => {
            format!("dit is geen lange CSV van Peilstok: de eerste regel moet `{expected}` zijn")
        }
        E::Row { line, .. } => format!("CSV-regel {line} past niet in het formaat"),
        E::Unrepresentable(_) => {
            "het document kan niet als lange CSV worden geschreven zonder dat indicatoren door \
             elkaar raken"
                .into()
        }
        E::Write(_) | E::Io(_) => "de CSV kon niet worden geschreven".into(),
        E::Read(source) => format!("de CSV kon niet worden gelezen: {}", dutch_io_error(source)),
    }
}

fn dutch_xlsx_error(error: &crate::formats::xlsx::XlsxError) -> String {
    use crate::formats::xlsx::XlsxError as E;
    match error {
        E::LongCsv(source) => format!(
            "het document kan niet als werkmap worden geschreven: {}",
            dutch_csv_error(source)
        ),
        E::Write(_) => "de werkmap kon niet worden gemaakt".into(),
        E::Open(_) => "dit is geen werkmap die gelezen kan worden (.xlsx of .ods)".into(),
        E::Limit(limit) => format!(
            "de werkmap is te groot om te lezen: {}",
            dutch_workbook_limit(*limit)
        ),
        E::Damaged(_) => {
            "de werkmap is beschadigd (afgebroken, of niet wat ze zegt te zijn)".into()
        }
        E::LongRow { sheet, row, .. } => {
            format!("blad `{sheet}`, rij {row} past niet in het formaat")
        }
        E::Row { sheet, row, .. } => format!("blad `{sheet}`, rij {row} past niet in het formaat"),
        E::LongSheet { sheet, .. } => {
            format!("blad `{sheet}` heeft de kop van het lange formaat, maar de rijen passen niet")
        }
        E::SheetsDisagree { long, readable, .. } => format!(
            "de bladen `{long}` en `{readable}` zeggen iets anders: `{long}` wordt exact gelezen, \
             dus een wijziging alleen in `{readable}` gaat verloren. Maak de wijziging in beide \
             bladen, of verwijder het blad dat niet meer klopt"
        ),
        E::NoTable { .. } => "geen blad met de lange kop of een indicatortabel met soort en jaar \
             in de kop (zoals `Werkelijk` boven `2021`)"
            .into(),
    }
}

fn dutch_workbook_limit(limit: crate::formats::xlsx::cells::Limit) -> String {
    use crate::formats::xlsx::cells::{self, Limit};
    let format_count = |count: usize| {
        crate::numbers::format_decimal(count.into(), crate::language::Language::Dutch)
    };
    match limit {
        Limit::FileBytes => format!(
            "het bestand is groter dan {} MB",
            cells::MAX_WORKBOOK_BYTES >> 20
        ),
        Limit::UnpackedBytes => format!(
            "uitgepakt is de werkmap groter dan {} MB",
            cells::MAX_UNPACKED_BYTES >> 20
        ),
        Limit::ArchiveParts => format!(
            "de werkmap bestaat uit meer dan {} delen",
            format_count(cells::MAX_ARCHIVE_PARTS)
        ),
        Limit::Cells => format!(
            "de werkmap heeft meer dan {} gevulde cellen",
            format_count(cells::MAX_CELLS)
        ),
        Limit::Position => format!(
            "een cel ligt voorbij rij {} of kolom XFD",
            format_count(cells::MAX_ROWS as usize)
        ),
        Limit::CellChars => format!(
            "een cel bevat meer dan {} tekens",
            format_count(cells::MAX_CELL_CHARS)
        ),
        Limit::Sheets => format!(
            "de werkmap heeft meer dan {} bladen",
            format_count(cells::MAX_SHEETS)
        ),
    }
}

fn dutch_json_error(error: &crate::formats::json::JsonError) -> String {
    use crate::formats::json::JsonError as E;
    match error {
        E::Syntax { line, column, .. } => {
            format!("het bestand is geen geldige JSON (regel {line}, kolom {column})")
        }
        E::Foreign(_) => "deze JSON is geen Peilstok-document".into(),
        E::Newer { found, supported } => format!(
            "dit bestand is geschreven door een nieuwere Peilstok (JSON-formaatversie {found}; \
             deze versie leest tot en met {supported}): werk Peilstok bij om het te lezen"
        ),
        E::Shape { line, column, .. } => {
            format!("de JSON past niet in het formaat (regel {line}, kolom {column})")
        }
        E::Contract(_) => "de JSON past niet in het formaat van een Peilstok-document".into(),
        E::Unrepresentable(_) => "het document kan niet als JSON worden geschreven".into(),
        E::Write(_) => "de JSON kon niet worden geschreven".into(),
    }
}

fn dutch_print_error(error: &crate::print::PrintError) -> String {
    use crate::print::PrintError as E;
    match error {
        E::NoPrintPath { pdf, .. } => format!(
            "er is geen manier gevonden om af te drukken (geen afdruksysteem en geen programma \
             dat PDF's opent); de PDF staat in {}",
            pdf.display()
        ),
        E::Write { path, source } => {
            format!(
                "{} kan niet worden geschreven: {}",
                path.display(),
                dutch_io_error(source)
            )
        }
        E::Failed { program, .. } => format!("{program} kon de PDF niet afdrukken"),
    }
}

fn dutch_export_error(error: &crate::export::ExportError) -> String {
    use crate::export::ExportError as E;
    match error {
        E::Svg(_) => "de grafiek kon niet worden getekend".into(),
        E::Pdf(_) => "de PDF kon niet worden gemaakt".into(),
        E::Png(_) => "de afbeelding kon niet worden gemaakt".into(),
        E::NotWritten(format) => format!(
            "Peilstok schrijft geen .{}-bestand van dit soort",
            format.extension()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::english_words_in;
    use std::path::PathBuf;

    /// Every kind of error the window can meet, said in Dutch without an English word.
    #[test]
    fn the_dutch_window_says_every_error_in_dutch() {
        use crate::app::CommandError;
        let path = PathBuf::from("/tmp/diemen.peilstok");
        let io = || std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device");
        let errors: Vec<anyhow::Error> = vec![
            CommandError::NotAValue("zeventig".into()).into(),
            CommandError::NameNeeded.into(),
            CommandError::SeriesExists {
                code: "3.1".into(),
                name: "Roken".into(),
            }
            .into(),
            CommandError::WriteFile {
                path: path.clone(),
                source: io(),
            }
            .into(),
            crate::store::StoreError::Damaged {
                path: path.clone(),
                detail: "database disk image is malformed".into(),
            }
            .into(),
            crate::store::StoreError::Io {
                path: path.clone(),
                source: io(),
            }
            .into(),
            crate::formats::ImportFileError::UnknownKind { path: path.clone() }.into(),
            crate::formats::ImportFileError::Csv {
                path: path.clone(),
                source: crate::formats::long_csv::LongCsvError::Row {
                    line: 12,
                    message: "a `realised` cell needs a year".into(),
                },
            }
            .into(),
            crate::formats::ImportFileError::Json {
                path: path.clone(),
                source: crate::formats::json::JsonError::Foreign("no `peilstok` key".into()),
            }
            .into(),
            crate::formats::ImportFileError::Spreadsheet {
                path: path.clone(),
                source: crate::formats::xlsx::XlsxError::NoTable {
                    reasons: vec!["sheet `Blad1` has no year".into()],
                },
            }
            .into(),
            crate::print::PrintError::NoPrintPath {
                viewer: "xdg-open",
                pdf: path.clone(),
            }
            .into(),
            crate::print::PrintError::Failed {
                program: "lp",
                reason: "lp: Error - no default destination available.".into(),
            }
            .into(),
            crate::export::ExportError::Pdf("font not found".into()).into(),
            crate::files::OverwriteRefused::TheDocument { path: path.clone() }.into(),
            crate::files::OverwriteRefused::ADocument { path: path.clone() }.into(),
        ];
        for error in &errors {
            let dutch = Language::Dutch.error_text(error);
            assert!(
                english_words_in(&dutch).is_empty(),
                "{dutch} (from {error:#})"
            );
            assert_ne!(dutch, Language::English.error_text(error));
        }
    }

    /// A cause whose text the error already says, as a SQLite error repeats its own, is said
    /// once.
    #[test]
    fn a_chain_says_each_text_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read {path}: {source}")]
        struct Outer {
            path: String,
            #[source]
            source: rusqlite::Error,
        }
        let sqlite = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(8),
            Some("attempt to write a readonly database".into()),
        );
        let error = anyhow::Error::from(Outer {
            path: "x.peilstok".into(),
            source: sqlite,
        })
        .context("the import failed");
        let text = Language::English.error_text(&error);
        assert_eq!(text.matches("readonly database").count(), 1, "{text}");
        assert!(
            text.starts_with("the import failed: cannot read x.peilstok"),
            "{text}"
        );
        assert!(text.contains("Error code 8"), "{text}");
    }
}
