//! The document file: one SQLite database with extension `.peilstok`.
//!
//! The file carries an `application_id` (so other SQLite files are recognised as such) and a
//! schema version in `user_version`, migrated forward step by step from version 1. Decimals are
//! stored as text, exactly as [`rust_decimal::Decimal`] writes them, so `689.0` keeps its scale.
//! Every change is one transaction. Opening checks the file read-only first, so a file that is not
//! a Peilstok document, is from a newer version, or is damaged is refused without being touched.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, params};

use crate::model::{
    Better, Cell, CellValue, Column, Document, DocumentKind, Goal, Indicator, IndicatorKind,
    Marker, Programme, Source, ValueKind,
};
use crate::model::{join_footnotes, split_footnotes};
use crate::numbers::parse_plain_decimal;

/// `PRAGMA application_id` of a Peilstok document: "PEIL" in ASCII.
pub const APPLICATION_ID: i32 = 0x5045_494C;

/// The file extension of a Peilstok document, without the dot.
pub const EXTENSION: &str = crate::formats::Format::Document.extension();

/// Schema migrations; `MIGRATIONS[n]` takes a document from version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[
    // Version 1: the first document format (version 2, below, adds `cell.chosen`).
    "
    CREATE TABLE source (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        municipality TEXT NOT NULL,
        document_kind TEXT NOT NULL,
        year INTEGER,
        file_name TEXT NOT NULL
    );
    CREATE TABLE footnote (
        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (source_id, number)
    );
    CREATE TABLE programme (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE goal (
        id INTEGER PRIMARY KEY,
        programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        title TEXT NOT NULL,
        footnotes TEXT NOT NULL,
        source_id INTEGER NOT NULL REFERENCES source(id),
        UNIQUE (programme_id, code)
    );
    CREATE TABLE indicator (
        id INTEGER PRIMARY KEY,
        goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        mandatory INTEGER NOT NULL,
        kind TEXT NOT NULL,
        label_raw TEXT NOT NULL,
        footnotes TEXT NOT NULL,
        review TEXT,
        source_id INTEGER NOT NULL REFERENCES source(id)
    );
    CREATE TABLE series (
        indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (indicator_id, name)
    );
    CREATE TABLE cell (
        id INTEGER PRIMARY KEY,
        indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        series TEXT NOT NULL,
        kind TEXT NOT NULL,
        year INTEGER,
        value TEXT,
        marker TEXT,
        raw TEXT NOT NULL,
        footnotes TEXT NOT NULL,
        review TEXT,
        source_id INTEGER NOT NULL REFERENCES source(id),
        CHECK (value IS NULL OR marker IS NULL)
    );
    CREATE INDEX cell_by_indicator ON cell(indicator_id, position);
    ",
    // Version 2: a person's choice between sources that disagree on a cell.
    "
    ALTER TABLE cell ADD COLUMN chosen INTEGER NOT NULL DEFAULT 0;
    ",
    // Version 3: which way is better for an indicator (`hoger`, `lager`), when a person said so.
    "
    ALTER TABLE indicator ADD COLUMN better TEXT;
    ",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Why a document could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No file at the path.
    #[error("{path}: no such file")]
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// The file is not an SQLite database at all.
    #[error("{path} is not a Peilstok document (it is not a database file)")]
    NotADatabase {
        /// The path.
        path: PathBuf,
    },
    /// An SQLite database of another program.
    #[error("{path} is a database of another program, not a Peilstok document")]
    ForeignApplication {
        /// The path.
        path: PathBuf,
    },
    /// Written by a newer Peilstok.
    #[error(
        "{path} was saved by a newer Peilstok (document version {found}; this version reads up \
         to {supported}): update Peilstok to open it"
    )]
    TooNew {
        /// The path.
        path: PathBuf,
        /// The file's version.
        found: i32,
        /// The newest version this build reads.
        supported: i32,
    },
    /// The file is damaged (truncated, overwritten).
    #[error("{path} is damaged and cannot be read ({detail})")]
    Damaged {
        /// The path.
        path: PathBuf,
        /// What SQLite found.
        detail: String,
    },
    /// The content breaks the document's rules.
    #[error("the document holds something Peilstok cannot read: {0}")]
    Invalid(String),
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// An open document: an SQLite connection, on a file or (untitled) in memory.
pub struct Store {
    connection: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// A new, empty, untitled document (in memory until saved).
    pub fn new_untitled() -> Result<Store, StoreError> {
        let mut connection = Connection::open_in_memory()?;
        initialise(&mut connection)?;
        Ok(Store {
            connection,
            path: None,
        })
    }

    /// A new untitled document holding `document`.
    pub fn untitled_with(document: &Document) -> Result<Store, StoreError> {
        let mut store = Store::new_untitled()?;
        store.replace_document(document)?;
        Ok(store)
    }

    /// Creates a new document file at `path` holding `document` (replacing any file there).
    pub fn create(path: &Path, document: &Document) -> Result<Store, StoreError> {
        let mut store = Store::untitled_with(document)?;
        store.save_as(path)?;
        Ok(store)
    }

    /// Opens the document at `path`, after checking read-only that it is a Peilstok document this
    /// version can read. A refused file is left exactly as it was.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        check_document(path)?;
        let mut connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&connection)?;
        migrate(&mut connection)?;
        Ok(Store {
            connection,
            path: Some(path.to_path_buf()),
        })
    }

    /// The file this document lives in; `None` while untitled.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Writes the document to `path` (atomically: a temporary file renamed over the target) and
    /// continues working in that file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), StoreError> {
        let same_file = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if self
            .path
            .as_deref()
            .is_some_and(|current| same_file(current, path))
        {
            // Every change is already committed to this very file.
            return Ok(());
        }
        self.write_copy(path)?;
        let reopened = Store::open(path)?;
        *self = reopened;
        Ok(())
    }

    /// Writes a copy of the document to `path` (atomically: a temporary file renamed over the
    /// target) and goes on working where it was: how an untitled document's recovery file is
    /// kept.
    pub fn write_copy(&self, path: &Path) -> Result<(), StoreError> {
        let io_error = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let directory = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".into());
        let temporary = directory.join(format!(".{file_name}.{}.tmp", std::process::id()));
        // VACUUM INTO refuses an existing file; a leftover from a crash is ours to remove.
        if temporary.exists() {
            std::fs::remove_file(&temporary).map_err(io_error)?;
        }
        let target = temporary.to_string_lossy().into_owned();
        if let Err(error) = self.connection.execute("VACUUM INTO ?1", params![target]) {
            let _ = std::fs::remove_file(&temporary);
            return Err(error.into());
        }
        std::fs::rename(&temporary, path).map_err(|source| {
            let _ = std::fs::remove_file(&temporary);
            io_error(source)
        })?;
        Ok(())
    }

    /// Reads the whole document.
    pub fn load(&self) -> Result<Document, StoreError> {
        load(&self.connection)
    }

    /// Replaces the whole content with `document`, in one transaction.
    pub fn replace_document(&mut self, document: &Document) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        write_document(&transaction, document)?;
        transaction.commit()?;
        Ok(())
    }
}

fn configure(connection: &Connection) -> Result<(), StoreError> {
    connection.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

fn initialise(connection: &mut Connection) -> Result<(), StoreError> {
    configure(connection)?;
    connection.pragma_update(None, "application_id", APPLICATION_ID)?;
    migrate(connection)
}

/// Brings the schema up to [`SCHEMA_VERSION`], one migration per transaction.
fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let mut version: i32 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    while let Some(step) = usize::try_from(version)
        .ok()
        .and_then(|index| MIGRATIONS.get(index))
    {
        let transaction = connection.transaction()?;
        transaction.execute_batch(step)?;
        version += 1;
        transaction.pragma_update(None, "user_version", version)?;
        transaction.commit()?;
    }
    Ok(())
}

/// Checks, without writing, that `path` is a Peilstok document this version can open.
fn check_document(path: &Path) -> Result<(), StoreError> {
    let owned = || path.to_path_buf();
    let mut file = std::fs::File::open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound { path: owned() },
        _ => StoreError::Io {
            path: owned(),
            source,
        },
    })?;
    let mut magic = [0u8; 16];
    let read = file.read(&mut magic).map_err(|source| StoreError::Io {
        path: owned(),
        source,
    })?;
    if read < magic.len() || &magic != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase { path: owned() });
    }
    drop(file);
    let damaged = |error: rusqlite::Error| StoreError::Damaged {
        path: owned(),
        detail: error.to_string(),
    };
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(damaged)?;
    let application_id: i32 = connection
        .pragma_query_value(None, "application_id", |row| row.get(0))
        .map_err(damaged)?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::ForeignApplication { path: owned() });
    }
    let version: i32 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(damaged)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let verdict: String = connection
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(damaged)?;
    if verdict != "ok" {
        return Err(StoreError::Damaged {
            path: owned(),
            detail: verdict,
        });
    }
    Ok(())
}

fn write_document(transaction: &Transaction<'_>, document: &Document) -> Result<(), StoreError> {
    // Deleting the roots cascades to everything below them.
    transaction.execute_batch(
        "DELETE FROM cell; DELETE FROM series; DELETE FROM indicator; DELETE FROM goal;
         DELETE FROM programme; DELETE FROM footnote; DELETE FROM source;",
    )?;
    let mut source_ids = BTreeMap::new();
    for source in &document.sources {
        transaction.execute(
            "INSERT INTO source (key, title, municipality, document_kind, year, file_name)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                source.key,
                source.title,
                source.municipality,
                source.kind.code(),
                source.year,
                source.file_name
            ],
        )?;
        let id = transaction.last_insert_rowid();
        source_ids.insert(source.key.as_str(), id);
        for (number, text) in &source.footnotes {
            transaction.execute(
                "INSERT INTO footnote (source_id, number, text) VALUES (?1, ?2, ?3)",
                params![id, number, text],
            )?;
        }
    }
    let source_id = |key: &str| {
        source_ids
            .get(key)
            .copied()
            .ok_or_else(|| StoreError::Invalid(format!("source `{key}` is used but not described")))
    };
    for (programme_position, programme) in document.programmes.iter().enumerate() {
        transaction.execute(
            "INSERT INTO programme (position, name) VALUES (?1, ?2)",
            params![position_of(programme_position)?, programme.name],
        )?;
        let programme_id = transaction.last_insert_rowid();
        for (goal_position, goal) in programme.goals.iter().enumerate() {
            transaction.execute(
                "INSERT INTO goal (programme_id, position, code, title, footnotes, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    programme_id,
                    position_of(goal_position)?,
                    goal.code,
                    goal.title,
                    join_footnotes(&goal.footnotes),
                    source_id(&goal.source)?
                ],
            )?;
            let goal_id = transaction.last_insert_rowid();
            for (indicator_position, indicator) in goal.indicators.iter().enumerate() {
                write_indicator(
                    transaction,
                    goal_id,
                    indicator_position,
                    indicator,
                    &source_id,
                )?;
            }
        }
    }
    Ok(())
}

fn write_indicator(
    transaction: &Transaction<'_>,
    goal_id: i64,
    position: usize,
    indicator: &Indicator,
    source_id: &dyn Fn(&str) -> Result<i64, StoreError>,
) -> Result<(), StoreError> {
    transaction.execute(
        "INSERT INTO indicator (goal_id, position, code, name, unit, mandatory, kind, label_raw,
                                footnotes, review, source_id, better)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            goal_id,
            position_of(position)?,
            indicator.code,
            indicator.name,
            indicator.unit,
            indicator.mandatory,
            indicator.kind.code(),
            indicator.label_raw,
            join_footnotes(&indicator.footnotes),
            indicator.review,
            source_id(&indicator.source)?,
            indicator.better.map(Better::code)
        ],
    )?;
    let indicator_id = transaction.last_insert_rowid();
    for (series_position, name) in indicator.series.iter().enumerate() {
        transaction.execute(
            "INSERT INTO series (indicator_id, position, name) VALUES (?1, ?2, ?3)",
            params![indicator_id, position_of(series_position)?, name],
        )?;
    }
    let mut insert = transaction.prepare_cached(
        "INSERT INTO cell (indicator_id, position, series, kind, year, value, marker, raw,
                           footnotes, review, source_id, chosen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (cell_position, cell) in indicator.cells.iter().enumerate() {
        let (value, marker) = match &cell.value {
            CellValue::Number(number) => (Some(number.to_string()), None),
            CellValue::Missing(marker) => (None, Some(marker.code().to_string())),
            CellValue::Text => (None, None),
        };
        insert.execute(params![
            indicator_id,
            position_of(cell_position)?,
            cell.series,
            cell.column.kind.code(),
            cell.column.year,
            value,
            marker,
            cell.raw,
            join_footnotes(&cell.footnotes),
            cell.review,
            source_id(&cell.source)?,
            cell.chosen
        ])?;
    }
    Ok(())
}

/// A list position as SQLite's integer.
fn position_of(index: usize) -> Result<i64, StoreError> {
    i64::try_from(index).map_err(|_| StoreError::Invalid(format!("list too long ({index})")))
}

fn load(connection: &Connection) -> Result<Document, StoreError> {
    let mut sources = Vec::new();
    let mut source_keys = BTreeMap::new();
    {
        let mut statement = connection.prepare(
            "SELECT id, key, title, municipality, document_kind, year, file_name
             FROM source ORDER BY id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let key: String = row.get(1)?;
            let kind_code: String = row.get(4)?;
            let kind = DocumentKind::from_code(&kind_code).ok_or_else(|| {
                StoreError::Invalid(format!("unknown document kind `{kind_code}`"))
            })?;
            source_keys.insert(id, key.clone());
            sources.push(Source {
                key,
                title: row.get(2)?,
                municipality: row.get(3)?,
                kind,
                year: row.get(5)?,
                file_name: row.get(6)?,
                footnotes: BTreeMap::new(),
            });
        }
    }
    {
        let mut statement = connection
            .prepare("SELECT source_id, number, text FROM footnote ORDER BY source_id, number")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let source_id: i64 = row.get(0)?;
            let key = source_key(&source_keys, source_id)?;
            if let Some(source) = sources.iter_mut().find(|source| source.key == key) {
                source.footnotes.insert(row.get(1)?, row.get(2)?);
            }
        }
    }
    let mut programmes = Vec::new();
    let mut statement = connection.prepare("SELECT id, name FROM programme ORDER BY position")?;
    let programme_rows: Vec<(i64, String)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (programme_id, name) in programme_rows {
        let mut goals = Vec::new();
        let mut statement = connection.prepare(
            "SELECT id, code, title, footnotes, source_id FROM goal
             WHERE programme_id = ?1 ORDER BY position",
        )?;
        let goal_rows: Vec<(i64, String, String, String, i64)> = statement
            .query_map([programme_id], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        for (goal_id, code, title, footnotes, source_id) in goal_rows {
            goals.push(Goal {
                code,
                title,
                footnotes: split_footnotes(&footnotes).map_err(StoreError::Invalid)?,
                source: source_key(&source_keys, source_id)?,
                indicators: load_indicators(connection, goal_id, &source_keys)?,
            });
        }
        programmes.push(Programme { name, goals });
    }
    Ok(Document {
        sources,
        programmes,
    })
}

fn source_key(keys: &BTreeMap<i64, String>, id: i64) -> Result<String, StoreError> {
    keys.get(&id)
        .cloned()
        .ok_or_else(|| StoreError::Invalid(format!("reference to a missing source ({id})")))
}

fn load_indicators(
    connection: &Connection,
    goal_id: i64,
    source_keys: &BTreeMap<i64, String>,
) -> Result<Vec<Indicator>, StoreError> {
    let mut statement = connection.prepare(
        "SELECT id, code, name, unit, mandatory, kind, label_raw, footnotes, review, source_id,
                better
         FROM indicator WHERE goal_id = ?1 ORDER BY position",
    )?;
    let mut rows = statement.query([goal_id])?;
    let mut indicators = Vec::new();
    while let Some(row) = rows.next()? {
        let indicator_id: i64 = row.get(0)?;
        let code: String = row.get(1)?;
        let kind_code: String = row.get(5)?;
        let footnotes: String = row.get(7)?;
        let series: Vec<String> = connection
            .prepare_cached("SELECT name FROM series WHERE indicator_id = ?1 ORDER BY position")?
            .query_map([indicator_id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        indicators.push(Indicator {
            kind: IndicatorKind::from_code(&kind_code).ok_or_else(|| {
                StoreError::Invalid(format!("indicator {code}: unknown kind `{kind_code}`"))
            })?,
            name: row.get(2)?,
            unit: row.get(3)?,
            mandatory: row.get(4)?,
            label_raw: row.get(6)?,
            footnotes: split_footnotes(&footnotes).map_err(StoreError::Invalid)?,
            review: row.get(8)?,
            source: source_key(source_keys, row.get(9)?)?,
            better: match row.get::<_, Option<String>>(10)? {
                None => None,
                Some(code) => Some(Better::from_code(&code).ok_or_else(|| {
                    StoreError::Invalid(format!("indicator {code}: unknown direction `{code}`"))
                })?),
            },
            series,
            cells: load_cells(connection, indicator_id, &code, source_keys)?,
            code,
        });
    }
    Ok(indicators)
}

fn load_cells(
    connection: &Connection,
    indicator_id: i64,
    code: &str,
    source_keys: &BTreeMap<i64, String>,
) -> Result<Vec<Cell>, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT series, kind, year, value, marker, raw, footnotes, review, source_id, chosen
         FROM cell WHERE indicator_id = ?1 ORDER BY position",
    )?;
    let mut rows = statement.query([indicator_id])?;
    let mut cells = Vec::new();
    while let Some(row) = rows.next()? {
        let kind_code: String = row.get(1)?;
        let kind = ValueKind::from_code(&kind_code).ok_or_else(|| {
            StoreError::Invalid(format!(
                "indicator {code}: unknown column kind `{kind_code}`"
            ))
        })?;
        let value: Option<String> = row.get(3)?;
        let marker: Option<String> = row.get(4)?;
        let value = match (value, marker) {
            (Some(text), _) => CellValue::Number(parse_plain_decimal(&text).ok_or_else(|| {
                StoreError::Invalid(format!("indicator {code}: `{text}` is not a decimal"))
            })?),
            (None, Some(marker)) => CellValue::Missing(Marker::from_code(&marker)),
            (None, None) => CellValue::Text,
        };
        let footnotes: String = row.get(6)?;
        cells.push(Cell {
            series: row.get(0)?,
            column: Column {
                kind,
                year: row.get(2)?,
            },
            value,
            raw: row.get(5)?,
            footnotes: split_footnotes(&footnotes).map_err(StoreError::Invalid)?,
            review: row.get(7)?,
            source: source_key(source_keys, row.get(8)?)?,
            chosen: row.get(9)?,
        });
    }
    Ok(cells)
}
