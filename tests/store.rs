//! The document file: save → reopen gives identical cells; bad files are refused in words and
//! left untouched.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use peilstok::model::{CellValue, Document};
use peilstok::numbers::parse_plain_decimal;
use peilstok::sample::sample_document;
use peilstok::store::{APPLICATION_ID, SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

fn saved_sample(directory: &Path) -> (std::path::PathBuf, Document) {
    let path = directory.join("diemen.peilstok");
    let document = sample_document().unwrap();
    Store::create(&path, &document).unwrap();
    (path, document)
}

#[test]
fn save_and_reopen_gives_identical_cells() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("diemen.peilstok");
    let mut document = sample_document().unwrap();
    // The printed scale must survive: `689,0` stays 689.0, `-0,50` stays -0.50.
    let cells = &mut document.programmes[0].goals[1].indicators[0].cells;
    cells[1].value = CellValue::Number(parse_plain_decimal("689.0").unwrap());
    cells[2].value = CellValue::Number(parse_plain_decimal("-0.50").unwrap());
    Store::create(&path, &document).unwrap();

    let reopened = Store::open(&path).unwrap().load().unwrap();
    assert_eq!(
        reopened, document,
        "values, scale, markers, raw, footnotes, review, source"
    );
    let cells = &reopened.programmes[0].goals[1].indicators[0].cells;
    assert_eq!(cells[1].number().unwrap().to_string(), "689.0");
    assert_eq!(cells[2].number().unwrap().to_string(), "-0.50");
}

#[test]
fn decimals_are_stored_as_text() {
    let directory = tempfile::tempdir().unwrap();
    let (path, _) = saved_sample(directory.path());
    let connection = Connection::open(&path).unwrap();
    let (value, kind): (String, String) = connection
        .query_row(
            "SELECT value, typeof(value) FROM cell WHERE raw = '10,81%'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((value.as_str(), kind.as_str()), ("10.81", "text"));
}

#[test]
fn the_file_is_marked_as_a_peilstok_document() {
    let directory = tempfile::tempdir().unwrap();
    let (path, _) = saved_sample(directory.path());
    let connection = Connection::open(&path).unwrap();
    let application_id: i32 = connection
        .pragma_query_value(None, "application_id", |row| row.get(0))
        .unwrap();
    let version: i32 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(application_id, APPLICATION_ID);
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn a_document_of_the_first_version_is_migrated_on_open() {
    // Version 0: a Peilstok file that has its application id but no tables yet.
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("old.peilstok");
    let connection = Connection::open(&path).unwrap();
    connection
        .pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    drop(connection);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.load().unwrap(), Document::default());
    let connection = Connection::open(&path).unwrap();
    let version: i32 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn reading_an_old_or_read_only_document_leaves_the_file_as_it_was() {
    // `info` and `export` only read: an old document is migrated in a copy, not in place, and
    // a read-only one is read all the same.
    let directory = tempfile::tempdir().unwrap();
    let old = directory.path().join("old.peilstok");
    let connection = Connection::open(&old).unwrap();
    connection
        .pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    drop(connection);
    let before = std::fs::read(&old).unwrap();
    assert_eq!(Store::read_document(&old).unwrap(), Document::default());
    assert_eq!(
        std::fs::read(&old).unwrap(),
        before,
        "not upgraded in place"
    );

    let (saved, sample) = saved_sample(directory.path());
    let mut permissions = std::fs::metadata(&saved).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&saved, permissions).unwrap();
    assert_eq!(Store::read_document(&saved).unwrap(), sample);
    assert_eq!(
        std::fs::read_dir(directory.path()).unwrap().count(),
        2,
        "no copy or journal left beside them"
    );
}

/// Opens `path`, expecting a refusal, and checks the file was not touched.
fn refused(path: &Path) -> StoreError {
    let before = std::fs::read(path).unwrap();
    let error = Store::open(path).err().expect("the file must be refused");
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "a refused file is left as it was"
    );
    let directory = path.parent().unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with("-journal") || name.ends_with("-wal"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    error
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("notes.peilstok");
    std::fs::write(&path, "3.1.3 68,6% NB3 68% 70%\n").unwrap();
    let error = refused(&path);
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error}");
    assert!(
        error.to_string().contains("is not a Peilstok document"),
        "{error}"
    );
}

#[test]
fn an_empty_file_is_refused() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("empty.peilstok");
    std::fs::write(&path, "").unwrap();
    assert!(matches!(refused(&path), StoreError::NotADatabase { .. }));
}

#[test]
fn a_database_of_another_program_is_refused() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("other.sqlite");
    let connection = Connection::open(&path).unwrap();
    connection
        .execute_batch("CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('x');")
        .unwrap();
    drop(connection);
    let error = refused(&path);
    assert!(
        matches!(error, StoreError::ForeignApplication { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("another program"), "{error}");
}

#[test]
fn a_document_from_a_newer_version_is_refused() {
    let directory = tempfile::tempdir().unwrap();
    let (path, _) = saved_sample(directory.path());
    let connection = Connection::open(&path).unwrap();
    connection
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(connection);
    let error = refused(&path);
    assert!(matches!(error, StoreError::TooNew { .. }), "{error}");
    assert!(error.to_string().contains("newer Peilstok"), "{error}");
}

#[test]
fn a_truncated_document_is_refused() {
    let directory = tempfile::tempdir().unwrap();
    let (path, _) = saved_sample(directory.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let error = refused(&path);
    assert!(matches!(error, StoreError::Damaged { .. }), "{error}");
    assert!(error.to_string().contains("is damaged"), "{error}");
}

#[test]
fn a_truncated_document_is_refused_by_the_open_that_reads_it() {
    // The window's open reads every row instead of checking the file first: the damage is
    // found all the same, and said in the same words.
    let directory = tempfile::tempdir().unwrap();
    let (path, _) = saved_sample(directory.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let Err(error) = Store::open_document(&path) else {
        panic!("a truncated document was opened");
    };
    assert!(matches!(error, StoreError::Damaged { .. }), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes[..bytes.len() / 2]);
}

#[test]
fn a_document_with_every_cell_twice_is_refused_not_read() {
    // Written by hand or damaged: the long CSV would refuse the same cells, so the document is
    // refused on open rather than read and then unexportable.
    let directory = tempfile::tempdir().unwrap();
    let (path, _) = saved_sample(directory.path());
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "INSERT INTO cell (indicator_id, position, series, kind, year, value, marker, raw,
                               footnotes, review, source_id, chosen)
             SELECT indicator_id, position + 100000, series, kind, year, value, marker, raw,
                    footnotes, review, source_id, chosen FROM cell;",
        )
        .unwrap();
    let Err(error) = Store::open_document(&path) else {
        panic!("a document with every cell twice was opened");
    };
    assert!(matches!(error, StoreError::Invalid(_)), "{error}");
    assert!(error.to_string().contains("twice"), "{error}");
}

#[test]
fn a_document_a_crash_left_mid_change_is_recovered_not_refused() {
    // A process killed (`kill -9`) in the middle of a change left this document with a hot
    // journal, as in the reliability case `hot-journal`; `before.peilstok` is the document
    // before that change. Opening it read-write lets SQLite roll the journal back: the document
    // as it was, whole, where Peilstok used to say it was damaged.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reliability/hot-journal");
    for open in [
        |path: &Path| Store::open_document(path).map(|(_, document)| document),
        |path: &Path| Store::open(path).and_then(|store| store.load()),
    ] {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("doc.peilstok");
        let journal = directory.path().join("doc.peilstok-journal");
        std::fs::copy(fixture.join("doc.peilstok"), &path).unwrap();
        std::fs::copy(fixture.join("doc.peilstok-journal"), &journal).unwrap();
        let document = open(&path).unwrap();
        let before = Store::open(&fixture.join("before.peilstok"))
            .unwrap()
            .load()
            .unwrap();
        assert_eq!(document, before);
        let connection = Connection::open(&path).unwrap();
        let verdict: String = connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(verdict, "ok");
        assert!(
            std::fs::metadata(&journal).map_or(true, |meta| meta.len() == 0),
            "the journal is rolled back"
        );
    }
}

#[test]
fn save_as_over_an_existing_file_replaces_it_whole() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("target.peilstok");
    std::fs::write(&path, "old content").unwrap();
    let mut store = Store::untitled_with(&sample_document().unwrap()).unwrap();
    store.save_as(&path).unwrap();
    assert_eq!(store.path(), Some(path.as_path()));
    assert_eq!(
        Store::open(&path).unwrap().load().unwrap(),
        sample_document().unwrap()
    );
    let names: Vec<_> = std::fs::read_dir(directory.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}
