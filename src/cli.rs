//! The command line: `peilstok [DOC]`, `info`, `export`, `print`, `import`, `generate`.
//!
//! Exit status 0 on success, 1 for wrong usage, 2 for bad input, with a one-line reason on
//! stderr. Wherever a command takes DOC, `sample` names the bundled sample.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use crate::app::StartWith;
use crate::chart::svg::{ChartSize, Drawing, chart_svg};
use crate::chart::{ChartKind, TrendChart};
use crate::export::report::{Paper, ReportOptions, Selection, report_pdf};
use crate::formats::Format;
use crate::formats::ImportedFile;
use crate::generate::{GenerateOptions, generate, value_count};
use crate::i18n::Language;
use crate::model::edit;
use crate::model::{CellValue, Document, Marker};
use crate::sample::{SAMPLE_NAME, sample_document};
use crate::store::{Store, StoreError};

/// Peilstok: the indicators of a municipality's budget and annual accounts.
#[derive(Debug, Parser)]
#[command(
    name = "peilstok",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Document to open in the window; `sample` (or nothing) opens the bundled sample.
    document: Option<String>,
    #[command(subcommand)]
    command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
enum CliCommand {
    /// Describe a document: sources, indicators, cells and missing cells per marker.
    Info {
        /// The document (`sample` for the bundled sample).
        document: String,
    },
    /// Write a document in another format.
    Export {
        /// The document (`sample` for the bundled sample).
        document: String,
        /// The format to write.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Where to write (`-` for standard output).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        charts: ChartArgs,
    },
    /// Make the report PDF and hand it to the operating system's print path.
    Print {
        /// The document (`sample` for the bundled sample).
        document: String,
        #[command(flatten)]
        charts: ChartArgs,
    },
    /// Add the indicators of files to a document (created when absent).
    Import {
        /// Files to import: budget texts (.txt), long CSVs (.csv), Peilstok JSON (.json) or
        /// spreadsheets (.xlsx, .ods).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The document to import into (created when absent).
        #[arg(long)]
        into: PathBuf,
        /// Say what would be imported, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// An indicator whose code the document has under another name: the same indicator
        /// (`same`), or one kept apart under its own code (`apart`). Without it, Peilstok asks
        /// on a terminal, and elsewhere refuses and names the indicators.
        #[arg(long, value_enum)]
        renamed: Option<Renamed>,
    },
    /// Write a synthetic document, the same for the same options and seed: for measuring
    /// Peilstok at scale (docs/performance.md). 342 programmes of 60 indicators over 12 years
    /// make about half a million values.
    Generate {
        /// Where to write the document (a Peilstok document there is replaced; any other file
        /// is refused).
        #[arg(long)]
        out: PathBuf,
        /// Programmes (a municipality each).
        #[arg(long, default_value_t = GenerateOptions::default().programmes)]
        programmes: usize,
        /// Indicators per programme, five to a goal.
        #[arg(long, default_value_t = GenerateOptions::default().indicators)]
        indicators: usize,
        /// Years, each with a realised and a budgeted column, up to 2025.
        #[arg(long, default_value_t = GenerateOptions::default().years)]
        years: usize,
        /// Sources the values are spread over; some cells have two that disagree.
        #[arg(long, default_value_t = GenerateOptions::default().sources)]
        sources: usize,
        /// The share of cells without a value (a marker instead), from 0 to 1.
        #[arg(long, default_value_t = GenerateOptions::default().missing_rate)]
        missing_rate: f64,
        /// The seed.
        #[arg(long, default_value_t = GenerateOptions::default().seed)]
        seed: u64,
    },
}

/// What an indicator with a known code and another name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Renamed {
    /// The same indicator, renamed.
    Same,
    /// Another indicator: kept apart under its own code.
    Apart,
}

/// What the charts and the report show, and how.
#[derive(Debug, clap::Args)]
struct ChartArgs {
    /// An indicator to show, by code (repeatable). Alone, with svg, png or pdf: that one chart.
    #[arg(long)]
    indicator: Vec<String>,
    /// A goal whose indicators to show, by code (repeatable).
    #[arg(long)]
    goal: Vec<String>,
    /// How the charts are drawn.
    #[arg(long, value_enum, default_value = "line")]
    kind: KindArg,
    /// The paper of the report.
    #[arg(long, value_enum)]
    paper: Option<PaperArg>,
    /// The language of the words and numbers.
    #[arg(long, value_enum, default_value = "nl")]
    language: LanguageArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum KindArg {
    /// Trend lines.
    Line,
    /// Bars per year, realised beside budget.
    Bars,
    /// Every indicator of a goal as a small chart, six to a page.
    Multiples,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum PaperArg {
    /// A4 portrait.
    A4,
    /// A4 landscape.
    A4Landscape,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LanguageArg {
    /// Dutch.
    Nl,
    /// English.
    En,
}

impl ChartArgs {
    fn language(&self) -> Language {
        match self.language {
            LanguageArg::Nl => Language::Dutch,
            LanguageArg::En => Language::English,
        }
    }

    fn kind(&self) -> ChartKind {
        match self.kind {
            KindArg::Line => ChartKind::Line,
            KindArg::Bars => ChartKind::Bars,
            KindArg::Multiples => ChartKind::Multiples,
        }
    }

    /// One chart rather than a report: a single indicator, no goal, no paper, no multiples.
    fn single_indicator(&self) -> Option<&str> {
        match (
            self.indicator.as_slice(),
            &self.goal[..],
            self.paper,
            self.kind,
        ) {
            ([code], [], None, KindArg::Line | KindArg::Bars) => Some(code),
            _ => None,
        }
    }

    /// The report's options, after checking that every code named exists.
    fn report_options(&self, document: &Document) -> Result<ReportOptions, Failure> {
        let selection = Selection {
            goals: self.goal.clone(),
            indicators: self.indicator.clone(),
        };
        let unknown = selection.unknown_codes(document);
        if !unknown.is_empty() {
            return Err(Failure::Input(anyhow::anyhow!(
                "the document has no goal or indicator {}",
                unknown.join(", ")
            )));
        }
        Ok(ReportOptions {
            paper: match self.paper {
                Some(PaperArg::A4Landscape) => Paper::A4Landscape,
                Some(PaperArg::A4) | None => Paper::A4Portrait,
            },
            kind: self.kind(),
            selection,
            ..ReportOptions::new(self.language())
        })
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormat {
    /// The long CSV (docs/csv-format.md).
    Csv,
    /// The whole document as JSON (docs/json-format.md).
    Json,
    /// The whole document as an Excel workbook: the indicator tables to read (in --language),
    /// and the long CSV as a sheet, so it imports back exactly.
    Xlsx,
    /// The trend chart of one indicator, as SVG (A4 width).
    Svg,
    /// The trend chart of one indicator, as PNG (300 dpi).
    Png,
    /// The A4 report of every goal (tables and charts), or with --indicator one chart, as a
    /// vector PDF with its font embedded.
    Pdf,
}

impl ExportFormat {
    /// The kind of file written.
    fn format(self) -> Format {
        match self {
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
            ExportFormat::Xlsx => Format::Xlsx,
            ExportFormat::Svg => Format::Svg,
            ExportFormat::Png => Format::Png,
            ExportFormat::Pdf => Format::Pdf,
        }
    }
}

/// How a command failed.
#[derive(Debug)]
enum Failure {
    /// The command line was wrong (exit 1).
    Usage(String),
    /// The input could not be used (exit 2).
    Input(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::Input(error)
    }
}

impl From<crate::export::ExportError> for Failure {
    fn from(error: crate::export::ExportError) -> Self {
        Failure::Input(error.into())
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(error: crate::store::StoreError) -> Self {
        Failure::Input(error.into())
    }
}

/// Runs the program with the process arguments; returns the exit status.
pub fn main() -> ExitCode {
    run(std::env::args_os())
}

/// Runs the program with `args` (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) {
                let _ = error.print();
                return ExitCode::SUCCESS;
            }
            // clap explains over several lines; the reason is everything before the usage block.
            let rendered = error.to_string();
            let reason: Vec<&str> = rendered
                .lines()
                .map(str::trim)
                .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more"))
                .filter(|line| !line.is_empty())
                .collect();
            eprintln!(
                "peilstok: {} (see `peilstok --help`)",
                reason.join(" ").trim_start_matches("error: ")
            );
            return ExitCode::from(1);
        }
    };
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(reason)) => {
            eprintln!("peilstok: {reason} (see `peilstok --help`)");
            ExitCode::from(1)
        }
        Err(Failure::Input(error)) => {
            eprintln!(
                "peilstok: {}",
                one_line(&Language::English.error_text(&error))
            );
            ExitCode::from(2)
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn execute(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        None => {
            let start = match cli.document.as_deref() {
                None | Some(SAMPLE_NAME) => StartWith::Sample,
                Some(path) => StartWith::File(PathBuf::from(path)),
            };
            crate::ui::run(start).map_err(Failure::Input)
        }
        Some(CliCommand::Info { document }) => {
            let (name, document) = load(&document)?;
            print!("{}", describe(&name, &document));
            Ok(())
        }
        Some(CliCommand::Export {
            document,
            format,
            out,
            charts,
        }) => {
            // Checked before the work: a refused target is said at once, and the document
            // named on the command line is never written over.
            let input = (document != SAMPLE_NAME).then(|| Path::new(&document));
            if out != Path::new(STANDARD_OUTPUT) {
                crate::files::check_export_target(&out, format.format(), input)
                    .map_err(anyhow::Error::from)?;
            }
            let (_, document) = load(&document)?;
            let language = charts.language();
            let bytes = match format.format() {
                format if Format::DOCUMENT_EXPORTS.contains(&format) => {
                    if !charts.indicator.is_empty() || !charts.goal.is_empty() {
                        let file = match format {
                            Format::Xlsx => "workbook",
                            Format::Json => "JSON",
                            _ => "CSV",
                        };
                        return Err(Failure::Usage(format!(
                            "the {file} holds the whole document: --indicator and --goal choose \
                             charts"
                        )));
                    }
                    crate::export::document_bytes(&document, format, language)?
                }
                Format::Pdf if charts.single_indicator().is_none() => {
                    let options = charts.report_options(&document)?;
                    report_pdf(&document, &options, &mut |_| {})?
                }
                format => {
                    let Some(code) = charts.single_indicator() else {
                        return Err(Failure::Usage(
                            "an SVG or PNG holds one chart: name one indicator with --indicator \
                             CODE, as a line or bars (the report in PDF holds goals, small \
                             multiples and paper)"
                                .into(),
                        ));
                    };
                    let (_, _, found) = document
                        .indicators()
                        .find(|(_, _, candidate)| candidate.code == code)
                        .ok_or_else(|| anyhow::anyhow!("the document has no indicator {code}"))?;
                    let chart = TrendChart::of(&document, found, language);
                    let svg = chart_svg(
                        &chart,
                        &Drawing::new(ChartSize::A4_WIDTH, charts.kind(), language),
                    );
                    crate::export::chart_bytes(svg, format)?
                }
            };
            write_output(&out, &bytes)?;
            Ok(())
        }
        Some(CliCommand::Print { document, charts }) => {
            let (name, document) = load(&document)?;
            let options = charts.report_options(&document)?;
            let pdf = report_pdf(&document, &options, &mut |_| {})?;
            let stem = Path::new(&name)
                .file_stem()
                .map_or(name.clone(), |stem| stem.to_string_lossy().into_owned());
            let (printed, path) =
                crate::print::print_report(&pdf, &stem).map_err(anyhow::Error::from)?;
            println!("{}", Language::English.printed(&printed, &path));
            Ok(())
        }
        Some(CliCommand::Import {
            files,
            into,
            dry_run,
            renamed,
        }) => import(&files, &into, dry_run, renamed),
        Some(CliCommand::Generate {
            out,
            programmes,
            indicators,
            years,
            sources,
            missing_rate,
            seed,
        }) => {
            if !(0.0..=1.0).contains(&missing_rate) {
                return Err(Failure::Usage(
                    "--missing-rate is a share from 0 to 1".into(),
                ));
            }
            // A bound on what is held in memory: ten million values is twenty national sets.
            let values = programmes
                .saturating_mul(indicators)
                .saturating_mul(years)
                .saturating_mul(2);
            if years > 200 || sources > 1000 || values > 10_000_000 {
                return Err(Failure::Usage(
                    "--years goes up to 200, --sources up to 1000, and programmes × indicators \
                     × years × 2 up to ten million values"
                        .into(),
                ));
            }
            let options = GenerateOptions {
                programmes,
                indicators,
                years,
                sources,
                missing_rate,
                seed,
            };
            // A synthetic document replaces a document, never a workbook or report that
            // happens to have the name.
            if out.exists() && !crate::files::is_document(&out) {
                return Err(Failure::Input(anyhow::anyhow!(
                    "{} exists and is not a Peilstok document: generate replaces only documents",
                    out.display()
                )));
            }
            let document = generate(&options);
            Store::create(&out, &document)?;
            println!(
                "wrote {}: {} indicators, {} values",
                out.display(),
                document.indicators().count(),
                value_count(&document)
            );
            Ok(())
        }
    }
}

/// Reads the document named on the command line.
fn load(name: &str) -> Result<(String, Document), Failure> {
    if name == SAMPLE_NAME {
        let document = sample_document().context("the bundled sample is unreadable")?;
        return Ok((SAMPLE_NAME.to_string(), document));
    }
    let path = Path::new(name);
    // Reading only: an older document is not upgraded in place, a read-only one still reads.
    Ok((path.display().to_string(), Store::read_document(path)?))
}

/// `--out -`: standard output rather than a file.
const STANDARD_OUTPUT: &str = "-";

/// Writes an export to `out`, all at once or not at all
/// ([`crate::files::write_atomically`]), or to standard output for `-`.
fn write_output(out: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if out == Path::new(STANDARD_OUTPUT) {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        lock.write_all(bytes)?;
        lock.flush()?;
        return Ok(());
    }
    crate::files::write_atomically(out, bytes)
        .with_context(|| format!("cannot write {}", out.display()))
}

fn import(
    files: &[PathBuf],
    into: &Path,
    dry_run: bool,
    renamed: Option<Renamed>,
) -> Result<(), Failure> {
    if into == Path::new(SAMPLE_NAME) {
        return Err(Failure::Usage(
            "the bundled sample cannot be changed: name a document file with --into".into(),
        ));
    }
    let mut incoming = Document::default();
    let mut nothing_read = Vec::new();
    for file in files {
        let document = match crate::formats::read_file(file).map_err(anyhow::Error::from)? {
            ImportedFile::Document(document) => {
                let cells: usize = document
                    .indicators()
                    .map(|(_, _, indicator)| indicator.cells.len())
                    .sum();
                println!(
                    "{}: {} indicators, {} cells",
                    file.display(),
                    document.indicators().count(),
                    cells
                );
                document
            }
            ImportedFile::Text { import, .. } => {
                if let Some(reason) = import.nothing_found() {
                    println!("{}: {reason}", file.display());
                    nothing_read.push(format!("{}: {reason}", file.display()));
                    continue;
                }
                for table in &import.tables {
                    println!(
                        "{}: table `{}` (lines {}-{}): {} indicators, {} cells, {} flagged for review",
                        file.display(),
                        table.heading,
                        table.lines.start + 1,
                        table.lines.end,
                        table.indicators.len(),
                        table.cells(),
                        table.flagged_cells()
                    );
                }
                import.to_document()
            }
        };
        incoming.merge(document);
    }
    if incoming.indicators().next().is_none() {
        return Err(Failure::Input(anyhow::anyhow!(
            "nothing could be read: {}",
            nothing_read.join("; ")
        )));
    }
    if dry_run {
        println!("dry run: nothing written to {}", into.display());
        return Ok(());
    }
    // Another program may write the document at the same time: a change is written only to
    // the version it was made from (the store refuses otherwise), so on a refusal the document
    // is read again and the import merged again; a creation never replaces a file that
    // appeared meanwhile.
    for _ in 0..IMPORT_ATTEMPTS {
        if !into.exists() {
            if Store::create_new(into, &incoming)?.is_some() {
                println!("created {}", into.display());
                return Ok(());
            }
            continue;
        }
        // As the window does: the edit that adds the import, written in place.
        let (mut store, document) = Store::open_document(into)?;
        let mut merged = incoming.clone();
        decide_renamed(&document, &mut merged, renamed)?;
        match store.apply(&edit::merge(&document, merged)) {
            Ok(()) => {
                println!("imported into {}", into.display());
                return Ok(());
            }
            Err(StoreError::ChangedElsewhere { .. }) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::Busy {
        path: into.to_path_buf(),
    }
    .into())
}

/// How often an import reads the document again when another program wrote it meanwhile.
const IMPORT_ATTEMPTS: usize = 50;

/// Asks, or takes from `--renamed`, whether each incoming indicator with a known code and
/// another name is the same indicator (as the window asks on import).
fn decide_renamed(
    document: &Document,
    incoming: &mut Document,
    renamed: Option<Renamed>,
) -> Result<(), Failure> {
    use std::io::IsTerminal;
    let differences = crate::app::name_differences(document, incoming);
    if differences.is_empty() {
        return Ok(());
    }
    let title = |incoming: &Document| {
        incoming
            .sources
            .first()
            .map(|source| source.title.clone())
            .unwrap_or_default()
    };
    let source_title = title(incoming);
    for difference in &differences {
        let decision = match renamed {
            Some(decision) => decision,
            None if std::io::stdin().is_terminal() => {
                println!(
                    "{}: the document has “{}”, the import says “{}”. The same indicator? [j/n] ",
                    difference.code, difference.existing, difference.incoming
                );
                let mut answer = String::new();
                std::io::stdin()
                    .read_line(&mut answer)
                    .map_err(|error| Failure::Input(anyhow::anyhow!(error)))?;
                if matches!(
                    answer.trim().to_lowercase().as_str(),
                    "j" | "ja" | "y" | "yes"
                ) {
                    Renamed::Same
                } else {
                    Renamed::Apart
                }
            }
            None => {
                let names: Vec<String> = differences
                    .iter()
                    .map(|d| format!("{} (“{}” / “{}”)", d.code, d.existing, d.incoming))
                    .collect();
                return Err(Failure::Usage(format!(
                    "the document has these codes under another name: {}; say --renamed same or \
                     --renamed apart",
                    names.join(", ")
                )));
            }
        };
        match decision {
            Renamed::Same => println!("{}: taken as the same indicator", difference.code),
            Renamed::Apart => {
                crate::app::keep_apart(incoming, difference, &source_title);
                println!("{}: kept apart", difference.code);
            }
        }
    }
    Ok(())
}

/// The text of `peilstok info`.
pub fn describe(name: &str, document: &Document) -> String {
    let mut text = format!("Document: {name}\n");
    for source in &document.sources {
        text += &format!(
            "Source: {} ({}{}, file {}, {} footnotes)\n",
            source.citation(),
            source.kind.code(),
            source
                .year
                .map(|year| format!(" {year}"))
                .unwrap_or_default(),
            if source.file_name.is_empty() {
                "-"
            } else {
                &source.file_name
            },
            source.footnotes.len()
        );
    }
    let goals = document.goals().count();
    let indicators: Vec<_> = document.indicators().map(|(_, _, i)| i).collect();
    let series: usize = indicators.iter().map(|i| i.series.len()).sum();
    let cells: Vec<_> = indicators.iter().flat_map(|i| i.cells.iter()).collect();
    let numbers = cells.iter().filter(|c| c.number().is_some()).count();
    let unread = cells
        .iter()
        .filter(|c| matches!(c.value, CellValue::Text))
        .count();
    let flagged = cells.iter().filter(|c| c.review.is_some()).count();
    let mut missing: BTreeMap<Marker, usize> =
        Marker::STANDARD.iter().map(|m| (m.clone(), 0)).collect();
    for marker in cells.iter().filter_map(|cell| cell.marker()) {
        *missing.entry(marker.clone()).or_default() += 1;
    }
    let missing_total: usize = missing.values().sum();
    text += &format!(
        "Programmes: {}, goals: {goals}, indicators: {}, sub-series: {series}\n",
        document.programmes.len(),
        indicators.len()
    );
    text += &format!(
        "Cells: {} ({numbers} numbers, {missing_total} missing, {unread} text as printed); \
         {flagged} flagged for review\n",
        cells.len()
    );
    let per_marker: Vec<String> = missing
        .iter()
        .map(|(marker, count)| match marker {
            Marker::Blank => format!("blank {count}"),
            other => format!("{} {count}", other.code()),
        })
        .collect();
    text += &format!("Missing cells by marker: {}\n", per_marker.join(", "));
    text
}
