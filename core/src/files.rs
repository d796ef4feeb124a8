//! Writing a file safely, for every export of the window and the command line: all at once or
//! not at all, and never over a Peilstok document.
//!
//! An export is written to a temporary file beside the target (`.NAME.peilstok-tmp-PID-N`),
//! flushed to disk, and only then renamed over the target: a full disk, a failure half-way or a
//! crash leaves the old file as it was and no truncated one. (The store's own atomic copy in
//! `store.rs` does the same with SQLite's `VACUUM INTO` and could use the naming and the checks
//! here.)

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::formats::Format;

/// What every temporary file Peilstok writes beside a target has in its name, so that one left
/// by a power cut is recognised (and may be deleted) by a person.
pub const TEMPORARY_MARK: &str = "peilstok-tmp";

/// Why an export is not written where it was asked to be.
#[derive(Debug, thiserror::Error)]
pub enum OverwriteRefused {
    /// The target is the document being exported (the open one, or the command's input).
    #[error(
        "{} is the document being exported: the export would replace it; choose another file",
        path.display()
    )]
    TheDocument {
        /// The target.
        path: PathBuf,
    },
    /// The target is a Peilstok document (by its extension or its content).
    #[error(
        "{} is a Peilstok document: an export is never written over a document; choose another file",
        path.display()
    )]
    ADocument {
        /// The target.
        path: PathBuf,
    },
}

/// Refuses an export of `format` to `target` that would destroy a document: `target` is
/// `document` (the file the exported document lives in, if any), or any Peilstok document,
/// known by its extension (also SQLite's `-journal`, `-wal` and `-shm` beside one) or by its
/// content, unless `format` is the document format itself.
pub fn check_export_target(
    target: &Path,
    format: Format,
    document: Option<&Path>,
) -> Result<(), OverwriteRefused> {
    if document.is_some_and(|document| same_file(target, document)) {
        return Err(OverwriteRefused::TheDocument {
            path: target.to_path_buf(),
        });
    }
    if format != Format::Document && (has_document_extension(target) || is_document(target)) {
        return Err(OverwriteRefused::ADocument {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

/// Whether `a` and `b` name one existing file: the same after resolving `.`, `..` and links
/// (and, on Unix, the same device and inode, which also catches a hard link).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(a), Ok(b)) = (fs::metadata(a), fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        // A file that does not exist is not the (existing) document; two paths to nothing are
        // the same only when written the same.
        _ => a == b,
    }
}

/// `.peilstok`, or SQLite's companions of a document (`.peilstok-journal`, `-wal`, `-shm`),
/// in any case: a name only a document (or its journal) has.
fn has_document_extension(path: &Path) -> bool {
    let Some(extension) = path.extension() else {
        return false;
    };
    let extension = extension.to_string_lossy().to_lowercase();
    let document = Format::Document.extension();
    extension == document
        || ["-journal", "-wal", "-shm"]
            .iter()
            .any(|companion| extension == format!("{document}{companion}"))
}

/// Whether the file at `path` is a Peilstok document by its content, whatever its name: an
/// SQLite database (the magic string) with Peilstok's application id (big-endian at byte 68 of
/// the header). A file that cannot be read is taken as no document.
pub fn is_document(path: &Path) -> bool {
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let mut header = [0u8; 72];
    let read_whole = File::open(path).and_then(|mut file| file.read_exact(&mut header));
    if read_whole.is_err() {
        return false;
    }
    header.starts_with(MAGIC) && header[68..72] == crate::store::APPLICATION_ID.to_be_bytes()
}

/// Tells the temporary files of one process apart (two exports may run at once).
static TEMPORARY_COUNT: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically: to a temporary file in the same folder, synced to disk,
/// then renamed over `path`. On failure the temporary file is removed and `path` is as it was.
/// A symbolic link is written through (its target replaced, the link kept); a read-only file
/// is refused, as writing into it would be.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Through a link: the file it points to is what the user means.
    let target = match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    };
    // What a crash left of an earlier export to this file goes now.
    remove_leftovers(&target);
    let existing = fs::metadata(&target).ok();
    if let Some(metadata) = &existing {
        if metadata.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "this is a folder, not a file",
            ));
        }
        // A rename would replace a read-only file anyway; the user said it is not to change.
        if metadata.permissions().readonly() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only",
            ));
        }
    }
    let temporary = temporary_beside(&target)?;
    let written = write_synced(&temporary, bytes, existing.as_ref())
        .and_then(|()| fs::rename(&temporary, &target));
    if let Err(error) = written {
        // Ours alone (a unique name): nothing else can be lost by removing it.
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    sync_folder_of(&target);
    Ok(())
}

/// A new temporary name in `target`'s folder: `.NAME.peilstok-tmp-PID-N`, hidden on Unix and
/// recognisable anywhere. In the same folder, so that the rename cannot cross file systems.
pub(crate) fn temporary_beside(target: &Path) -> io::Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let count = TEMPORARY_COUNT.fetch_add(1, Ordering::Relaxed);
    let temporary = format!(
        ".{}.{TEMPORARY_MARK}-{}-{count}",
        name.to_string_lossy(),
        std::process::id()
    );
    Ok(match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.join(temporary),
        _ => PathBuf::from(temporary),
    })
}

/// The folder `path` is in: `.` for a bare file name.
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// How old a temporary file must be before it is taken for a crash's leftover: no writer at work
/// takes this long, so none loses its file.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Removes the temporary files ([`temporary_beside`]) a crash left beside `target`, older than
/// a quarter of an hour. Gives how many went. Opening a document calls it.
pub fn remove_leftovers(target: &Path) -> usize {
    let Some(file_name) = target.file_name() else {
        return 0;
    };
    let folder = folder_of(target);
    let prefix = format!(".{}.{TEMPORARY_MARK}-", file_name.to_string_lossy());
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        // PID-N, as temporary_beside names them.
        let ours = rest.split_once('-').is_some_and(|(process, count)| {
            process.parse::<u32>().is_ok() && count.parse::<u64>().is_ok()
        });
        let old_enough = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age >= LEFTOVER_AGE);
        if ours && old_enough && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Writes `bytes` to a new file at `temporary` and syncs it, with the permissions of the file
/// it will replace (if any).
fn write_synced(temporary: &Path, bytes: &[u8], replaced: Option<&fs::Metadata>) -> io::Result<()> {
    // `create_new`: a leftover with this very name (a crash of an earlier process with the
    // same id) is not written through, nor is anything someone put there.
    if fs::symlink_metadata(temporary).is_ok() {
        fs::remove_file(temporary)?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temporary)?;
    file.write_all(bytes)?;
    file.flush()?;
    if let Some(replaced) = replaced {
        file.set_permissions(replaced.permissions())?;
    }
    // On disk before the rename: a crash right after it leaves the new file whole.
    file.sync_all()
}

/// Makes the rename itself durable on Unix (a folder is synced by syncing its entry); elsewhere
/// the file system does it. Failing here loses nothing written, so it is not reported.
fn sync_folder_of(target: &Path) {
    #[cfg(unix)]
    {
        if let Ok(folder) = File::open(folder_of(target)) {
            let _ = folder.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(folder: &Path) -> Vec<String> {
        fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(TEMPORARY_MARK))
            .collect()
    }

    #[test]
    fn a_crashs_old_leftovers_go_and_young_ones_and_other_files_stay() {
        let folder = tempfile::tempdir().unwrap();
        let document = folder.path().join("doc.peilstok");
        let old = folder.path().join(".doc.peilstok.peilstok-tmp-4242-0");
        let young = folder.path().join(".doc.peilstok.peilstok-tmp-4242-1");
        let other = folder.path().join(".other.peilstok.peilstok-tmp-4242-0");
        let mine = folder.path().join(".doc.peilstok.peilstok-tmp-notes");
        for path in [&old, &young, &other, &mine] {
            fs::write(path, b"x").unwrap();
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for path in [&old, &other, &mine] {
            fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(hour_ago)
                .unwrap();
        }
        assert_eq!(remove_leftovers(&document), 1);
        assert!(!old.exists());
        assert!(young.exists() && other.exists() && mine.exists());
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("out.csv");
        fs::write(&path, "old, and longer than the new text").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert!(leftovers(folder.path()).is_empty());
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_removes_the_temporary_one() {
        let folder = tempfile::tempdir().unwrap();
        // A folder where the file should be: the rename fails after the temporary file is
        // written.
        let path = folder.path().join("taken");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), "kept").unwrap();
        assert!(write_atomically(&path, b"new").is_err());
        assert_eq!(fs::read(path.join("inside")).unwrap(), b"kept");
        assert!(leftovers(folder.path()).is_empty());
        // A folder that does not exist: nothing is written anywhere.
        assert!(write_atomically(&folder.path().join("no/such/file.csv"), b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_kept() {
        let folder = tempfile::tempdir().unwrap();
        let real = folder.path().join("real.svg");
        let link = folder.path().join("link.svg");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn documents_are_refused_by_name_by_content_and_as_the_document_itself() {
        let folder = tempfile::tempdir().unwrap();
        let document = folder.path().join("doc.peilstok");
        crate::store::Store::create(&document, &crate::model::Document::default()).unwrap();
        let disguised = folder.path().join("disguised.csv");
        fs::copy(&document, &disguised).unwrap();
        let plain = folder.path().join("plain.csv");
        fs::write(&plain, "a,b\n").unwrap();

        let refused = |target: &Path, format| check_export_target(target, format, Some(&document));
        assert!(matches!(
            refused(&document, Format::Csv),
            Err(OverwriteRefused::TheDocument { .. })
        ));
        // Another spelling of the same file.
        let roundabout = folder.path().join(".").join("doc.peilstok");
        assert!(matches!(
            refused(&roundabout, Format::Document),
            Err(OverwriteRefused::TheDocument { .. })
        ));
        for target in [
            disguised.clone(),
            folder.path().join("new.PEILSTOK"),
            folder.path().join("other.peilstok-journal"),
        ] {
            assert!(
                matches!(
                    refused(&target, Format::Png),
                    Err(OverwriteRefused::ADocument { .. })
                ),
                "{}",
                target.display()
            );
        }
        assert!(refused(&disguised, Format::Document).is_ok());
        assert!(refused(&plain, Format::Csv).is_ok());
        assert!(refused(&folder.path().join("new.svg"), Format::Svg).is_ok());
        assert!(check_export_target(&plain, Format::Csv, None).is_ok());
    }
}
