//! The document file: one SQLite database with extension `.peilstok`.
//!
//! The file carries an `application_id` (so other SQLite files are recognised as such) and a
//! schema version in `user_version`, migrated forward step by step from version 1. Decimals are
//! stored as text, exactly as [`rust_decimal::Decimal`] writes them, so `689.0` keeps its scale.
//! Every change is one transaction. Opening reads the file's header first, so a file that is not
//! a Peilstok document or is from a newer version is refused without being touched; then it opens
//! the document read-write, which lets SQLite roll back a change a crash left half-done (a hot
//! journal), and a damaged file is refused by SQLite's check or by the reading.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, params};

use crate::model::edit::{self, Edit, Patch};
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
    /// Another program (or window) holds the document's write lock and did not let go in time.
    #[error("{path} is in use by another program; try again in a moment")]
    Busy {
        /// The path.
        path: PathBuf,
    },
    /// Another program (or window) changed the document since it was read here: writing now
    /// would overwrite that change, so nothing was written.
    #[error(
        "{path} was changed by another program since it was read here: the change was not \
         written, and the document is read again"
    )]
    ChangedElsewhere {
        /// The path.
        path: PathBuf,
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
    /// The row ids of the document's parts, once read or written (`None`: read them before
    /// the next change).
    ids: Option<RowIds>,
    /// SQLite's `data_version` when the document was last read here: when it differs, another
    /// connection has committed since, and a change made to what was read would overwrite it.
    seen_version: Option<i64>,
}

impl Store {
    /// A new, empty, untitled document (in memory until saved).
    pub fn new_untitled() -> Result<Store, StoreError> {
        let mut connection = Connection::open_in_memory()?;
        initialise(&mut connection)?;
        Ok(Store {
            connection,
            path: None,
            ids: Some(RowIds::default()),
            seen_version: None,
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

    /// Creates a new document file at `path` holding `document`, unless a file is there:
    /// then `Ok(None)`, and that file is left as it is. Two programs creating the same document
    /// at once cannot both succeed, so neither erases the other's.
    pub fn create_new(path: &Path, document: &Document) -> Result<Option<Store>, StoreError> {
        let store = Store::untitled_with(document)?;
        if !store.write_file(path, Replace::Never)? {
            return Ok(None);
        }
        let mut created = Store::open(path)?;
        created.ids = store.ids;
        created.seen_version = Some(data_version(&created.connection)?);
        Ok(Some(created))
    }

    /// Opens the document at `path`, after checking read-only that it is a Peilstok document this
    /// version can read. A refused file is left exactly as it was.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, Integrity::Checked)
    }

    /// Opens the document at `path` read-write, after checking its header: opening read-write
    /// lets SQLite roll back what a crash left half-done (a hot journal), so the document is as
    /// it was before the interrupted change. Then the whole file is checked, as `integrity` says.
    fn open_with(path: &Path, integrity: Integrity) -> Result<Store, StoreError> {
        let version = check_header(path)?;
        crate::files::remove_leftovers(path);
        let mut connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&connection)?;
        if integrity == Integrity::Checked || version < SCHEMA_VERSION {
            quick_check(&connection, path)?;
        }
        migrate(&mut connection)?;
        Ok(Store {
            connection,
            path: Some(path.to_path_buf()),
            ids: None,
            seen_version: None,
        })
    }

    /// Opens the document at `path` (as [`Store::open`]) and reads it. Reading touches every
    /// row, so a damaged file is found by the reading itself rather than by a check of the
    /// whole file first (which took as long again as the reading).
    pub fn open_document(path: &Path) -> Result<(Store, Document), StoreError> {
        let damaged = |error: StoreError| match error {
            StoreError::Sqlite(error) if is_damage(&error) => StoreError::Damaged {
                path: path.to_path_buf(),
                detail: error.to_string(),
            },
            other => other,
        };
        let mut store = Store::open_with(path, Integrity::FoundByReading).map_err(damaged)?;
        let document = store.reload().map_err(damaged)?;
        Ok((store, document))
    }

    /// Reads the document at `path` for a command that only reads it (`info`, `export`),
    /// without changing the file: a document of an older version is migrated in a copy, not in
    /// place, and a read-only file (or one in a read-only folder) is read from a copy as well.
    /// The copy takes a hot journal with it, so what a crash left half-done is rolled back in
    /// the copy too.
    pub fn read_document(path: &Path) -> Result<Document, StoreError> {
        let version = check_header(path)?;
        let writable = |path: &Path| {
            std::fs::metadata(path).is_ok_and(|metadata| !metadata.permissions().readonly())
        };
        if version >= SCHEMA_VERSION && writable(path) && writable(crate::files::folder_of(path)) {
            return Store::open_document(path).map(|(_, document)| document);
        }
        let io_error = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let copy_folder = std::env::temp_dir().join(format!(
            "peilstok-read-{}-{}",
            std::process::id(),
            COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&copy_folder).map_err(io_error)?;
        let copy = copy_folder.join("document.peilstok");
        let read = (|| {
            std::fs::copy(path, &copy).map_err(io_error)?;
            let mut journal = path.as_os_str().to_owned();
            journal.push("-journal");
            if Path::new(&journal).exists() {
                std::fs::copy(&journal, copy_folder.join("document.peilstok-journal"))
                    .map_err(io_error)?;
            }
            // The copy is the user's own to change: never read-only.
            let mut permissions = std::fs::metadata(&copy).map_err(io_error)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            std::fs::set_permissions(&copy, permissions).map_err(io_error)?;
            Store::open_document(&copy).map(|(_, document)| document)
        })();
        let _ = std::fs::remove_dir_all(&copy_folder);
        read.map_err(|error| match error {
            // Name the user's file, not the copy.
            StoreError::Damaged { detail, .. } => StoreError::Damaged {
                path: path.to_path_buf(),
                detail,
            },
            other => other,
        })
    }

    /// Reads the whole document again, as one consistent snapshot (another program may be
    /// writing), and remembers which version of the file it is.
    pub fn reload(&mut self) -> Result<Document, StoreError> {
        let snapshot = self
            .connection
            .unchecked_transaction()
            .map_err(|error| self.classify(error))?;
        let (document, ids) = read(&snapshot).map_err(|error| self.classify_store(error))?;
        // After the reading: a deferred transaction looks at the file only when it first reads.
        let version = data_version(&snapshot).map_err(|error| self.classify(error))?;
        snapshot.commit().map_err(|error| self.classify(error))?;
        self.ids = Some(ids);
        self.seen_version = Some(version);
        Ok(document)
    }

    /// Whether another program (or window) has committed a change to the file since it was
    /// read here. Cheap: one read of the file's header, so it can be asked every few seconds.
    pub fn changed_elsewhere(&self) -> Result<bool, StoreError> {
        let Some(seen) = self.seen_version else {
            return Ok(false);
        };
        let version = data_version(&self.connection).map_err(|error| self.classify(error))?;
        Ok(version != seen)
    }

    /// SQLite's error as the user's words need it: a lock not let go is "in use", not damage.
    fn classify(&self, error: rusqlite::Error) -> StoreError {
        self.classify_store(StoreError::Sqlite(error))
    }

    fn classify_store(&self, error: StoreError) -> StoreError {
        in_use(error, self.path.as_deref())
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
        // The copy keeps every row id (each table's id is its INTEGER PRIMARY KEY, which
        // VACUUM keeps), so what is known of them still holds.
        let ids = self.ids.take();
        let known = self.seen_version.is_some() || self.path.is_none();
        *self = reopened;
        self.ids = ids;
        if known {
            // What is in memory is what was just written.
            self.seen_version = Some(data_version(&self.connection)?);
        }
        Ok(())
    }

    /// Writes a copy of the document to `path` (atomically: a temporary file renamed over the
    /// target) and goes on working where it was: how an untitled document's recovery file is
    /// kept.
    pub fn write_copy(&self, path: &Path) -> Result<(), StoreError> {
        self.write_file(path, Replace::Always).map(|_| ())
    }

    /// Writes the document to a temporary file beside `path`, then puts it in place: renamed
    /// over what is there, or (`Replace::Never`) linked in only where nothing is, which is one
    /// atomic step. Gives whether the file was put in place.
    fn write_file(&self, path: &Path, replace: Replace) -> Result<bool, StoreError> {
        let io_error = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let temporary = crate::files::temporary_beside(path).map_err(io_error)?;
        // VACUUM INTO refuses an existing file; a leftover from a crash is ours to remove.
        if temporary.exists() {
            std::fs::remove_file(&temporary).map_err(io_error)?;
        }
        let target = temporary.to_string_lossy().into_owned();
        if let Err(error) = self.connection.execute("VACUUM INTO ?1", params![target]) {
            let _ = std::fs::remove_file(&temporary);
            return Err(error.into());
        }
        let placed = match replace {
            Replace::Always => std::fs::rename(&temporary, path).map(|()| true),
            Replace::Never => match std::fs::hard_link(&temporary, path) {
                Ok(()) => std::fs::remove_file(&temporary).map(|()| true),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    std::fs::remove_file(&temporary).map(|()| false)
                }
                // A file system without links (FAT on a USB stick): as close as it gets.
                Err(_) if !path.exists() => std::fs::rename(&temporary, path).map(|()| true),
                Err(_) => std::fs::remove_file(&temporary).map(|()| false),
            },
        };
        placed.map_err(|source| {
            let _ = std::fs::remove_file(&temporary);
            io_error(source)
        })
    }

    /// Reads the whole document.
    pub fn load(&self) -> Result<Document, StoreError> {
        read(&self.connection).map(|(document, _)| document)
    }

    /// Replaces the whole content with `document`, in one transaction.
    pub fn replace_document(&mut self, document: &Document) -> Result<(), StoreError> {
        let transaction = begin_change(
            &mut self.connection,
            self.path.as_deref(),
            self.seen_version,
        )?;
        // Deleting the roots cascades to everything below them.
        transaction.execute_batch(
            "DELETE FROM cell; DELETE FROM series; DELETE FROM indicator; DELETE FROM goal;
             DELETE FROM programme; DELETE FROM footnote; DELETE FROM source;",
        )?;
        let mut ids = RowIds::default();
        self.ids = None;
        for patch in &edit::diff(&Document::default(), document).patches {
            write_patch(&transaction, &mut ids, patch)?;
        }
        transaction.commit()?;
        self.ids = Some(ids);
        Ok(())
    }

    /// Writes `edit` (already applied to the document in memory) by row id, in one
    /// transaction: only the rows it touches. When it fails, the file is as it was.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), StoreError> {
        let known_ids = self.ids.take();
        let transaction = begin_change(
            &mut self.connection,
            self.path.as_deref(),
            self.seen_version,
        )?;
        let mut ids = match known_ids {
            Some(ids) => ids,
            None => read(&transaction)?.1,
        };
        for patch in &edit.patches {
            // On failure the transaction rolls back and the ids are read again next time.
            write_patch(&transaction, &mut ids, patch)?;
        }
        transaction.commit()?;
        self.ids = Some(ids);
        Ok(())
    }
}

/// Numbers the copies [`Store::read_document`] reads from, within this process.
static COPIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Whether writing a document file may replace a file already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Replace {
    Always,
    Never,
}

/// How long a change waits for another program's write to finish before it says "in use".
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

fn configure(connection: &Connection) -> Result<(), StoreError> {
    connection.pragma_update(None, "foreign_keys", true)?;
    // The rollback journal, not WAL: a document is one file a colleague can be mailed, with no
    // `-wal` beside it holding the latest changes.
    connection.busy_timeout(BUSY_TIMEOUT)?;
    Ok(())
}

/// Begins a change: takes the write lock at once (waiting up to [`BUSY_TIMEOUT`] for another
/// writer), and refuses when another connection has committed since the document was read here
/// (`seen`), because the change was made to what was read.
fn begin_change<'c>(
    connection: &'c mut Connection,
    path: Option<&Path>,
    seen: Option<i64>,
) -> Result<Transaction<'c>, StoreError> {
    let busy = |error: rusqlite::Error| in_use(StoreError::Sqlite(error), path);
    let transaction = connection
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(busy)?;
    if let (Some(seen), Some(path)) = (seen, path)
        && data_version(&transaction).map_err(busy)? != seen
    {
        return Err(StoreError::ChangedElsewhere {
            path: path.to_path_buf(),
        });
    }
    Ok(transaction)
}

/// SQLite's `data_version`: changes when another connection commits to the file.
fn data_version(connection: &Connection) -> rusqlite::Result<i64> {
    connection.pragma_query_value(None, "data_version", |row| row.get(0))
}

/// `error` as the user's words need it: a lock another connection did not let go (on the file
/// at `path`) is "in use", not damage or a bare SQLite error.
fn in_use(error: StoreError, path: Option<&Path>) -> StoreError {
    match (&error, path) {
        (StoreError::Sqlite(sqlite), Some(path)) if is_busy(sqlite) => StoreError::Busy {
            path: path.to_path_buf(),
        },
        _ => error,
    }
}

/// Whether SQLite's error says another connection holds a lock.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
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

/// How opening makes sure a file is not damaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Integrity {
    /// SQLite's `quick_check` of the whole file.
    Checked,
    /// The caller reads every row at once, which finds damage too; a file that needs a
    /// migration is checked all the same, before anything is written to it.
    FoundByReading,
}

/// Whether SQLite's error says the file is damaged or no database.
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// Checks, from the file's header alone, that `path` is a Peilstok document this version can
/// open; gives its schema version. Nothing is opened through SQLite yet, so a refused file is left
/// exactly as it was, and a hot journal a crash left is not in the way (SQLite rolls it back when
/// the document is then opened read-write).
fn check_header(path: &Path) -> Result<i32, StoreError> {
    let owned = || path.to_path_buf();
    let mut file = std::fs::File::open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound { path: owned() },
        _ => StoreError::Io {
            path: owned(),
            source,
        },
    })?;
    // The database header: the magic string, then (big-endian) the user version at byte 60
    // and the application id at byte 68.
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(count) => read += count,
            Err(source) if source.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path: owned(),
                    source,
                });
            }
        }
    }
    if read < 16 || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase { path: owned() });
    }
    if read < header.len() {
        return Err(StoreError::Damaged {
            path: owned(),
            detail: format!("the header is cut off after {read} bytes"),
        });
    }
    let field = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    if field(68) != APPLICATION_ID {
        return Err(StoreError::ForeignApplication { path: owned() });
    }
    let version = field(60);
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

/// SQLite's `quick_check` of the whole file: a damaged document is refused before it is read
/// or migrated.
fn quick_check(connection: &Connection, path: &Path) -> Result<(), StoreError> {
    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    let verdict: String = connection
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|error| {
            if is_busy(&error) {
                StoreError::Busy {
                    path: path.to_path_buf(),
                }
            } else {
                damaged(error.to_string())
            }
        })?;
    if verdict != "ok" {
        return Err(damaged(verdict));
    }
    Ok(())
}

/// The row ids of what the document holds, in the document's own order: how a patch at a
/// position finds its rows.
#[derive(Clone, Debug, Default)]
struct RowIds {
    sources: Vec<i64>,
    source_by_key: HashMap<String, i64>,
    programmes: Vec<ProgrammeRows>,
}

#[derive(Clone, Debug)]
struct ProgrammeRows {
    id: i64,
    goals: Vec<GoalRows>,
}

#[derive(Clone, Debug)]
struct GoalRows {
    id: i64,
    indicators: Vec<IndicatorRows>,
}

#[derive(Clone, Debug)]
struct IndicatorRows {
    id: i64,
    cells: Vec<i64>,
}

/// Writes one patch by row id, keeping `ids` in step.
fn write_patch(
    transaction: &Transaction<'_>,
    ids: &mut RowIds,
    patch: &Patch,
) -> Result<(), StoreError> {
    match patch {
        Patch::Source { at, before, after } => {
            write_source_patch(transaction, ids, *at, before.as_ref(), after.as_ref())
        }
        Patch::Programme { at, before, after } => {
            let count = ids.programmes.len();
            match (before, after) {
                (Some(_), Some(name)) => {
                    let id = row(&ids.programmes, *at)?.id;
                    transaction.execute(
                        "UPDATE programme SET name = ?1 WHERE id = ?2",
                        params![name, id],
                    )?;
                }
                (None, Some(name)) => {
                    Siblings::Programmes.open_gap(transaction, *at, count)?;
                    transaction.execute(
                        "INSERT INTO programme (position, name) VALUES (?1, ?2)",
                        params![position_of(*at)?, name],
                    )?;
                    let id = transaction.last_insert_rowid();
                    ids.programmes.insert(
                        *at,
                        ProgrammeRows {
                            id,
                            goals: Vec::new(),
                        },
                    );
                }
                (Some(_), None) => {
                    let id = row(&ids.programmes, *at)?.id;
                    Siblings::Programmes.remove(transaction, id, *at, count)?;
                    ids.programmes.remove(*at);
                }
                (None, None) => {}
            }
            Ok(())
        }
        Patch::Goal {
            programme,
            at,
            before,
            after,
        } => {
            let source_ids = &ids.source_by_key;
            let programme_rows = row_mut(&mut ids.programmes, *programme)?;
            let programme_id = programme_rows.id;
            let goals = &mut programme_rows.goals;
            let count = goals.len();
            match (before, after) {
                (Some(_), Some(goal)) => {
                    let id = row(goals, *at)?.id;
                    transaction.execute(
                        "UPDATE goal SET code = ?1, title = ?2, footnotes = ?3, source_id = ?4
                         WHERE id = ?5",
                        params![
                            goal.code,
                            goal.title,
                            join_footnotes(&goal.footnotes),
                            source_id(source_ids, &goal.source)?,
                            id
                        ],
                    )?;
                }
                (None, Some(goal)) => {
                    Siblings::Goals(programme_id).open_gap(transaction, *at, count)?;
                    transaction.execute(
                        "INSERT INTO goal (programme_id, position, code, title, footnotes, source_id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            programme_id,
                            position_of(*at)?,
                            goal.code,
                            goal.title,
                            join_footnotes(&goal.footnotes),
                            source_id(source_ids, &goal.source)?
                        ],
                    )?;
                    let id = transaction.last_insert_rowid();
                    goals.insert(
                        *at,
                        GoalRows {
                            id,
                            indicators: Vec::new(),
                        },
                    );
                }
                (Some(_), None) => {
                    let id = row(goals, *at)?.id;
                    Siblings::Goals(programme_id).remove(transaction, id, *at, count)?;
                    goals.remove(*at);
                }
                (None, None) => {}
            }
            Ok(())
        }
        Patch::Indicator {
            programme,
            goal,
            at,
            before,
            after,
        } => {
            let source_ids = &ids.source_by_key;
            let goal_rows = row_mut(&mut row_mut(&mut ids.programmes, *programme)?.goals, *goal)?;
            let goal_id = goal_rows.id;
            let indicators = &mut goal_rows.indicators;
            let count = indicators.len();
            match (before, after) {
                (Some(before), Some(after)) => {
                    let rows = row_mut(indicators, *at)?;
                    update_indicator(transaction, rows, before, after, source_ids)
                }
                (None, Some(indicator)) => {
                    Siblings::Indicators(goal_id).open_gap(transaction, *at, count)?;
                    let rows = insert_indicator(transaction, goal_id, *at, indicator, source_ids)?;
                    indicators.insert(*at, rows);
                    Ok(())
                }
                (Some(_), None) => {
                    let id = row(indicators, *at)?.id;
                    Siblings::Indicators(goal_id).remove(transaction, id, *at, count)?;
                    indicators.remove(*at);
                    Ok(())
                }
                (None, None) => Ok(()),
            }
        }
    }
}

/// Rows kept in order by their `position` under one parent: the programmes, the goals of a
/// programme, the indicators of a goal.
#[derive(Clone, Copy, Debug)]
enum Siblings {
    Programmes,
    Goals(i64),
    Indicators(i64),
}

impl Siblings {
    /// The table, and the condition that picks the siblings (`?1` is the parent's id).
    fn table(self) -> (&'static str, &'static str, i64) {
        match self {
            Siblings::Programmes => ("programme", "?1 = ?1", 0),
            Siblings::Goals(programme) => ("goal", "programme_id = ?1", programme),
            Siblings::Indicators(goal) => ("indicator", "goal_id = ?1", goal),
        }
    }

    /// Makes room at `at` among `count` siblings, for a row inserted there.
    fn open_gap(
        self,
        transaction: &Transaction<'_>,
        at: usize,
        count: usize,
    ) -> Result<(), StoreError> {
        check_insert(at, count)?;
        if at < count {
            let (table, parent, id) = self.table();
            transaction
                .prepare_cached(&format!(
                    "UPDATE {table} SET position = position + 1 WHERE {parent} AND position >= ?2"
                ))?
                .execute(params![id, position_of(at)?])?;
        }
        Ok(())
    }

    /// Deletes row `id` at `at` among `count` siblings (with all below it), and closes the gap.
    fn remove(
        self,
        transaction: &Transaction<'_>,
        id: i64,
        at: usize,
        count: usize,
    ) -> Result<(), StoreError> {
        let (table, parent, parent_id) = self.table();
        transaction
            .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
            .execute(params![id])?;
        if at + 1 < count {
            transaction
                .prepare_cached(&format!(
                    "UPDATE {table} SET position = position - 1 WHERE {parent} AND position > ?2"
                ))?
                .execute(params![parent_id, position_of(at)?])?;
        }
        Ok(())
    }
}

/// Sources are listed in the order of their row ids, so one is added or taken out only at the
/// end (as every change does).
fn write_source_patch(
    transaction: &Transaction<'_>,
    ids: &mut RowIds,
    at: usize,
    before: Option<&Source>,
    after: Option<&Source>,
) -> Result<(), StoreError> {
    match (before, after) {
        (Some(before), Some(after)) => {
            let id = *row(&ids.sources, at)?;
            transaction.execute(
                "UPDATE source SET key = ?1, title = ?2, municipality = ?3, document_kind = ?4,
                                   year = ?5, file_name = ?6
                 WHERE id = ?7",
                params![
                    after.key,
                    after.title,
                    after.municipality,
                    after.kind.code(),
                    after.year,
                    after.file_name,
                    id
                ],
            )?;
            if before.footnotes != after.footnotes {
                transaction.execute("DELETE FROM footnote WHERE source_id = ?1", params![id])?;
                insert_footnotes(transaction, id, after)?;
            }
            ids.source_by_key.remove(&before.key);
            ids.source_by_key.insert(after.key.clone(), id);
        }
        (None, Some(source)) => {
            if at != ids.sources.len() {
                return Err(StoreError::Invalid(format!(
                    "a source is added only at the end (not at {at})"
                )));
            }
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
            insert_footnotes(transaction, id, source)?;
            ids.sources.push(id);
            ids.source_by_key.insert(source.key.clone(), id);
        }
        (Some(source), None) => {
            if at + 1 != ids.sources.len() {
                return Err(StoreError::Invalid(format!(
                    "a source is taken out only at the end (not at {at})"
                )));
            }
            let id = *row(&ids.sources, at)?;
            transaction.execute("DELETE FROM source WHERE id = ?1", params![id])?;
            ids.sources.pop();
            ids.source_by_key.remove(&source.key);
        }
        (None, None) => {}
    }
    Ok(())
}

fn insert_footnotes(
    transaction: &Transaction<'_>,
    source_id: i64,
    source: &Source,
) -> Result<(), StoreError> {
    let mut insert = transaction
        .prepare_cached("INSERT INTO footnote (source_id, number, text) VALUES (?1, ?2, ?3)")?;
    for (number, text) in &source.footnotes {
        insert.execute(params![source_id, number, text])?;
    }
    Ok(())
}

fn insert_indicator(
    transaction: &Transaction<'_>,
    goal_id: i64,
    position: usize,
    indicator: &Indicator,
    source_ids: &HashMap<String, i64>,
) -> Result<IndicatorRows, StoreError> {
    transaction
        .prepare_cached(
            "INSERT INTO indicator (goal_id, position, code, name, unit, mandatory, kind,
                                    label_raw, footnotes, review, source_id, better)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
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
            source_id(source_ids, &indicator.source)?,
            indicator.better.map(Better::code)
        ])?;
    let id = transaction.last_insert_rowid();
    insert_series(transaction, id, &indicator.series)?;
    let mut cells = Vec::with_capacity(indicator.cells.len());
    for (position, cell) in indicator.cells.iter().enumerate() {
        cells.push(insert_cell(transaction, id, position, cell, source_ids)?);
    }
    Ok(IndicatorRows { id, cells })
}

fn insert_series(
    transaction: &Transaction<'_>,
    indicator_id: i64,
    series: &[String],
) -> Result<(), StoreError> {
    let mut insert = transaction
        .prepare_cached("INSERT INTO series (indicator_id, position, name) VALUES (?1, ?2, ?3)")?;
    for (position, name) in series.iter().enumerate() {
        insert.execute(params![indicator_id, position_of(position)?, name])?;
    }
    Ok(())
}

/// A cell's value as the store keeps it: a decimal as text, or a marker's code.
fn stored_value(cell: &Cell) -> (Option<String>, Option<&str>) {
    match &cell.value {
        CellValue::Number(number) => (Some(number.to_string()), None),
        CellValue::Missing(marker) => (None, Some(marker.code())),
        CellValue::Text => (None, None),
    }
}

fn insert_cell(
    transaction: &Transaction<'_>,
    indicator_id: i64,
    position: usize,
    cell: &Cell,
    source_ids: &HashMap<String, i64>,
) -> Result<i64, StoreError> {
    let (value, marker) = stored_value(cell);
    transaction
        .prepare_cached(
            "INSERT INTO cell (indicator_id, position, series, kind, year, value, marker, raw,
                               footnotes, review, source_id, chosen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            indicator_id,
            position_of(position)?,
            cell.series,
            cell.column.kind.code(),
            cell.column.year,
            value,
            marker,
            cell.raw,
            join_footnotes(&cell.footnotes),
            cell.review,
            source_id(source_ids, &cell.source)?,
            cell.chosen
        ])?;
    Ok(transaction.last_insert_rowid())
}

/// Writes what differs between `before` and `after` of one indicator: its own row, its
/// sub-series, and cell by cell, by row id (a changed cell is one UPDATE).
fn update_indicator(
    transaction: &Transaction<'_>,
    rows: &mut IndicatorRows,
    before: &Indicator,
    after: &Indicator,
    source_ids: &HashMap<String, i64>,
) -> Result<(), StoreError> {
    let id = rows.id;
    if own_row(before) != own_row(after) {
        transaction
            .prepare_cached(
                "UPDATE indicator SET code = ?1, name = ?2, unit = ?3, mandatory = ?4, kind = ?5,
                                      label_raw = ?6, footnotes = ?7, review = ?8,
                                      source_id = ?9, better = ?10
                 WHERE id = ?11",
            )?
            .execute(params![
                after.code,
                after.name,
                after.unit,
                after.mandatory,
                after.kind.code(),
                after.label_raw,
                join_footnotes(&after.footnotes),
                after.review,
                source_id(source_ids, &after.source)?,
                after.better.map(Better::code),
                id
            ])?;
    }
    if before.series != after.series {
        transaction.execute("DELETE FROM series WHERE indicator_id = ?1", params![id])?;
        insert_series(transaction, id, &after.series)?;
    }
    for (position, (old, new)) in before.cells.iter().zip(&after.cells).enumerate() {
        if old == new {
            continue;
        }
        let cell_id = *row(&rows.cells, position)?;
        let (value, marker) = stored_value(new);
        transaction
            .prepare_cached(
                "UPDATE cell SET series = ?1, kind = ?2, year = ?3, value = ?4, marker = ?5,
                                 raw = ?6, footnotes = ?7, review = ?8, source_id = ?9,
                                 chosen = ?10
                 WHERE id = ?11",
            )?
            .execute(params![
                new.series,
                new.column.kind.code(),
                new.column.year,
                value,
                marker,
                new.raw,
                join_footnotes(&new.footnotes),
                new.review,
                source_id(source_ids, &new.source)?,
                new.chosen,
                cell_id
            ])?;
    }
    for (position, cell) in after.cells.iter().enumerate().skip(before.cells.len()) {
        let cell_id = insert_cell(transaction, id, position, cell, source_ids)?;
        rows.cells.push(cell_id);
    }
    while rows.cells.len() > after.cells.len() {
        if let Some(cell_id) = rows.cells.pop() {
            transaction
                .prepare_cached("DELETE FROM cell WHERE id = ?1")?
                .execute(params![cell_id])?;
        }
    }
    Ok(())
}

/// What an indicator's own row holds (all but its sub-series and cells).
type OwnRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    bool,
    IndicatorKind,
    &'a str,
    &'a [u32],
    &'a Option<String>,
    &'a str,
    Option<Better>,
);

fn own_row(indicator: &Indicator) -> OwnRow<'_> {
    (
        &indicator.code,
        &indicator.name,
        &indicator.unit,
        indicator.mandatory,
        indicator.kind,
        &indicator.label_raw,
        &indicator.footnotes,
        &indicator.review,
        &indicator.source,
        indicator.better,
    )
}

fn source_id(source_ids: &HashMap<String, i64>, key: &str) -> Result<i64, StoreError> {
    source_ids
        .get(key)
        .copied()
        .ok_or_else(|| StoreError::Invalid(format!("source `{key}` is used but not described")))
}

fn row<T>(rows: &[T], at: usize) -> Result<&T, StoreError> {
    rows.get(at)
        .ok_or_else(|| StoreError::Invalid(format!("no row at position {at}")))
}

fn row_mut<T>(rows: &mut [T], at: usize) -> Result<&mut T, StoreError> {
    rows.get_mut(at)
        .ok_or_else(|| StoreError::Invalid(format!("no row at position {at}")))
}

fn check_insert(at: usize, count: usize) -> Result<(), StoreError> {
    if at > count {
        return Err(StoreError::Invalid(format!(
            "position {at} is past the end ({count})"
        )));
    }
    Ok(())
}

/// A list position as SQLite's integer.
fn position_of(index: usize) -> Result<i64, StoreError> {
    i64::try_from(index).map_err(|_| StoreError::Invalid(format!("list too long ({index})")))
}

/// Reads the whole document with the row ids of everything in it: one ordered scan per table.
fn read(connection: &Connection) -> Result<(Document, RowIds), StoreError> {
    let mut ids = RowIds::default();
    let mut sources = Vec::new();
    let mut source_keys = HashMap::new();
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
            source_keys.insert(id, sources.len());
            ids.sources.push(id);
            ids.source_by_key.insert(key.clone(), id);
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
            let index = source_index(&source_keys, source_id)?;
            if let Some(source) = sources.get_mut(index) {
                source.footnotes.insert(row.get(1)?, row.get(2)?);
            }
        }
    }
    let key_of = |id: i64| -> Result<String, StoreError> {
        let index = source_index(&source_keys, id)?;
        Ok(sources
            .get(index)
            .map(|source| source.key.clone())
            .unwrap_or_default())
    };

    // Cells, series and indicators are gathered per parent row, then hung in place.
    let mut cells: HashMap<i64, (Vec<Cell>, Vec<i64>)> = HashMap::new();
    {
        let mut statement = connection.prepare(
            "SELECT indicator_id, id, series, kind, year, value, marker, raw, footnotes, review,
                    source_id, chosen
             FROM cell ORDER BY indicator_id, position",
        )?;
        let mut rows = statement.query([])?;
        // Consecutive cells share a source: its key is looked up once per run.
        let mut last_source: Option<(i64, String)> = None;
        // One cell per row, column and source: a file that says more (written by hand, or
        // damaged) is refused, as the long CSV refuses it. The cells come by indicator, so the
        // set holds one indicator's at a time.
        let mut seen_indicator = None;
        let mut seen_cells: std::collections::HashSet<(String, String, Option<i32>, i64)> =
            std::collections::HashSet::new();
        while let Some(row) = rows.next()? {
            let indicator_id: i64 = row.get(0)?;
            let kind_code: String = row.get(3)?;
            if seen_indicator != Some(indicator_id) {
                seen_indicator = Some(indicator_id);
                seen_cells.clear();
            }
            let place = (row.get(2)?, kind_code.clone(), row.get(4)?, row.get(10)?);
            if !seen_cells.insert(place) {
                return Err(StoreError::Invalid(format!(
                    "a cell is in the document twice (indicator row {indicator_id}, {kind_code})"
                )));
            }
            let kind = ValueKind::from_code(&kind_code)
                .ok_or_else(|| StoreError::Invalid(format!("unknown column kind `{kind_code}`")))?;
            let value: Option<String> = row.get(5)?;
            let marker: Option<String> = row.get(6)?;
            let value = match (value, marker) {
                (Some(text), _) => CellValue::Number(
                    parse_plain_decimal(&text)
                        .ok_or_else(|| StoreError::Invalid(format!("`{text}` is not a decimal")))?,
                ),
                (None, Some(marker)) => CellValue::Missing(Marker::from_code(&marker)),
                (None, None) => CellValue::Text,
            };
            let footnotes: String = row.get(8)?;
            let source_id: i64 = row.get(10)?;
            let source = match &last_source {
                Some((id, key)) if *id == source_id => key.clone(),
                _ => {
                    let key = key_of(source_id)?;
                    last_source = Some((source_id, key.clone()));
                    key
                }
            };
            let entry = cells.entry(indicator_id).or_default();
            entry.1.push(row.get(1)?);
            entry.0.push(Cell {
                series: row.get(2)?,
                column: Column {
                    kind,
                    year: row.get(4)?,
                },
                value,
                raw: row.get(7)?,
                footnotes: split_footnotes(&footnotes).map_err(StoreError::Invalid)?,
                review: row.get(9)?,
                source,
                chosen: row.get(11)?,
            });
        }
    }
    let mut series: HashMap<i64, Vec<String>> = HashMap::new();
    {
        let mut statement = connection
            .prepare("SELECT indicator_id, name FROM series ORDER BY indicator_id, position")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            series.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
    }
    let mut indicators: HashMap<i64, Vec<(Indicator, IndicatorRows)>> = HashMap::new();
    {
        let mut statement = connection.prepare(
            "SELECT goal_id, id, code, name, unit, mandatory, kind, label_raw, footnotes, review,
                    source_id, better
             FROM indicator ORDER BY goal_id, position",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let goal_id: i64 = row.get(0)?;
            let id: i64 = row.get(1)?;
            let code: String = row.get(2)?;
            let kind_code: String = row.get(6)?;
            let footnotes: String = row.get(8)?;
            let (own_cells, cell_ids) = cells.remove(&id).unwrap_or_default();
            let indicator = Indicator {
                kind: IndicatorKind::from_code(&kind_code).ok_or_else(|| {
                    StoreError::Invalid(format!("indicator {code}: unknown kind `{kind_code}`"))
                })?,
                name: row.get(3)?,
                unit: row.get(4)?,
                mandatory: row.get(5)?,
                label_raw: row.get(7)?,
                footnotes: split_footnotes(&footnotes).map_err(StoreError::Invalid)?,
                review: row.get(9)?,
                source: key_of(row.get(10)?)?,
                better: match row.get::<_, Option<String>>(11)? {
                    None => None,
                    Some(better) => Some(Better::from_code(&better).ok_or_else(|| {
                        StoreError::Invalid(format!(
                            "indicator {code}: unknown direction `{better}`"
                        ))
                    })?),
                },
                series: series.remove(&id).unwrap_or_default(),
                cells: own_cells,
                code,
            };
            let rows = IndicatorRows {
                id,
                cells: cell_ids,
            };
            indicators
                .entry(goal_id)
                .or_default()
                .push((indicator, rows));
        }
    }
    let mut goals: HashMap<i64, Vec<(Goal, GoalRows)>> = HashMap::new();
    {
        let mut statement = connection.prepare(
            "SELECT programme_id, id, code, title, footnotes, source_id
             FROM goal ORDER BY programme_id, position",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let programme_id: i64 = row.get(0)?;
            let id: i64 = row.get(1)?;
            let footnotes: String = row.get(4)?;
            let (own_indicators, indicator_rows): (Vec<Indicator>, Vec<IndicatorRows>) = indicators
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .unzip();
            let goal = Goal {
                code: row.get(2)?,
                title: row.get(3)?,
                footnotes: split_footnotes(&footnotes).map_err(StoreError::Invalid)?,
                source: key_of(row.get(5)?)?,
                indicators: own_indicators,
            };
            let rows = GoalRows {
                id,
                indicators: indicator_rows,
            };
            goals.entry(programme_id).or_default().push((goal, rows));
        }
    }
    let mut programmes = Vec::new();
    {
        let mut statement =
            connection.prepare("SELECT id, name FROM programme ORDER BY position")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let (own_goals, goal_rows): (Vec<Goal>, Vec<GoalRows>) =
                goals.remove(&id).unwrap_or_default().into_iter().unzip();
            programmes.push(Programme {
                name: row.get(1)?,
                goals: own_goals,
            });
            ids.programmes.push(ProgrammeRows {
                id,
                goals: goal_rows,
            });
        }
    }
    Ok((
        Document {
            sources,
            programmes,
        },
        ids,
    ))
}

fn source_index(keys: &HashMap<i64, usize>, id: i64) -> Result<usize, StoreError> {
    keys.get(&id)
        .copied()
        .ok_or_else(|| StoreError::Invalid(format!("reference to a missing source ({id})")))
}
