//! Files botdash writes for the user: made private (mode 0600) from the first byte under a
//! fresh random name in their folder — exclusively, so a link or a file planted there is
//! never followed nor reused — then moved into place whole. Also the other private things it
//! makes: a scratch file for the editor, and the folder of the default database (mode 0700).
//! Nothing else in botdash creates a file or a folder. And how it reads a file the user
//! names as input: only a regular file, and no more than its kind of file can hold.

use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

use crate::model::text::sanitize;

/// What to do when a file is already at the path written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    Refuse,
}

/// Why a file was not written; nothing was left behind.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} already exists")]
    Exists(String),
    #[error("cannot write {0}: {1}")]
    Failed(String, String),
}

/// A private file being made beside `path`: removed if dropped before `finish`.
pub struct NewFile {
    temp: NamedTempFile,
    path: PathBuf,
}

impl NewFile {
    /// Creates an empty private file in `path`'s folder.
    pub fn beside(path: &Path) -> Result<NewFile, WriteError> {
        let folder = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(folder)
            .map_err(|e| cannot_create(path, folder, &e))?;
        Ok(NewFile { temp, path: path.to_path_buf() })
    }

    /// Where the file is while it is made (for SQLite, which opens files by name).
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        self.temp.write_all(bytes).map_err(|e| failed(&self.path, &e))
    }

    /// Puts the file, on disk, at its path; with `Existing::Refuse` a file already there
    /// (or a link) stays as it is and this file is removed.
    pub fn finish(self, existing: Existing) -> Result<(), WriteError> {
        let NewFile { temp, path } = self;
        temp.as_file().sync_all().map_err(|e| failed(&path, &e))?;
        let moved = match existing {
            Existing::Replace => temp.persist(&path),
            Existing::Refuse => temp.persist_noclobber(&path),
        };
        match moved {
            Ok(_) => Ok(()),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists(shown(&path)))
            }
            Err(e) => Err(failed(&path, &e.error)),
        }
    }
}

/// Whether `a` and `b` name one entry of one folder, however each reaches the folder
/// (relative, through a linked folder): moving a file to one replaces the other. (A link at
/// `a` to `b` is another entry: a file moved there replaces the link.)
pub fn same_entry(a: &Path, b: &Path) -> bool {
    let folder = |path: &Path| {
        let folder = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::metadata(folder).ok().map(|m| (m.dev(), m.ino()))
    };
    a.file_name().is_some()
        && a.file_name() == b.file_name()
        && folder(a).is_some()
        && folder(a) == folder(b)
}

/// Writes a private file whole: `path` holds all of `bytes` or is as it was.
pub fn write_private(path: &Path, bytes: &[u8], existing: Existing) -> Result<(), WriteError> {
    let mut file = NewFile::beside(path)?;
    file.write_all(bytes)?;
    file.finish(existing)
}

/// A private file holding `bytes` in the system's temporary folder, for another program (an
/// editor) to change and botdash to read back; removed when dropped.
pub fn scratch(prefix: &str, suffix: &str, bytes: &[u8]) -> Result<TempPath, WriteError> {
    let folder = std::env::temp_dir();
    let mut file = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile_in(&folder)
        .map_err(|e| failed(&folder, &e))?;
    file.write_all(bytes).map_err(|e| failed(file.path(), &e))?;
    Ok(file.into_temp_path())
}

/// Creates `folder` and its missing parents with mode 0700; those already there stay as
/// they are.
pub fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(folder)
}

/// Opens a file for reading if it is a regular file, without waiting: a FIFO, a device or a
/// folder is refused, never waited on nor read without end.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"));
    }
    Ok(file)
}

/// The text of a file the user named as input (an export, a checklist, a template), as
/// bytes: refused with a sentence naming it when it is not a regular file, or holds more
/// than `limit` bytes — more than such a file ever does — instead of filling the memory.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", shown(path));
    let file = open_regular(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(format!("cannot read {}: larger than {} MB", shown(path), limit >> 20));
    }
    Ok(bytes)
}

/// `read_input` of a file that must be UTF-8 text.
pub fn read_input_text(path: &Path, limit: u64) -> Result<String, String> {
    String::from_utf8(read_input(path, limit)?)
        .map_err(|_| format!("cannot read {}: it is not UTF-8 text", shown(path)))
}

/// A path as a message shows it: safe for a terminal.
pub fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

/// Why no file could be made in `folder` for `path`: by the kind of error, since tempfile's
/// words name its temporary file, which the user never typed.
fn cannot_create(path: &Path, folder: &Path, e: &std::io::Error) -> WriteError {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => format!("there is no folder {}", shown(folder)),
        std::io::ErrorKind::NotADirectory => format!("{} is not a folder", shown(folder)),
        kind => std::io::Error::from(kind).to_string(),
    };
    WriteError::Failed(shown(path), why)
}

/// Why `path` could not be written, in words of our own where the system's puzzle ("os error
/// 21"), else the system's own without the path tempfile adds: that of its temporary file,
/// which the user never typed.
fn failed(path: &Path, e: &std::io::Error) -> WriteError {
    let why = match (e.kind(), os_code(e)) {
        (std::io::ErrorKind::IsADirectory, _) => "it is a folder".to_string(),
        (_, Some(code)) => std::io::Error::from_raw_os_error(code).to_string(),
        (kind, None) => std::io::Error::from(kind).to_string(),
    };
    WriteError::Failed(shown(path), why)
}

/// The system's code of the error, also where tempfile wraps it with its path.
fn os_code(e: &std::io::Error) -> Option<i32> {
    let wrapped = || e.get_ref()?.source()?.downcast_ref::<std::io::Error>()?.raw_os_error();
    e.raw_os_error().or_else(wrapped)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_scratch_file_is_private_holds_the_text_and_goes_when_dropped() {
        let path = scratch("botdash-test-", ".md", b"notes\n").unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(std::fs::read(&path).unwrap(), b"notes\n");
        let kept = path.to_path_buf();
        drop(path);
        assert!(!kept.exists(), "removed when dropped");
    }

    #[test]
    fn a_file_that_cannot_be_made_is_named_as_typed_with_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (file, report) = (dir.path().join("notes"), dir.path().join("notes").join("r.md"));
        std::fs::write(&file, "").unwrap();
        let refused = write_private(&report, b"x", Existing::Replace).unwrap_err();
        let words = format!("cannot write {}: {} is not a folder", shown(&report), shown(&file));
        assert_eq!(refused.to_string(), words);
        let missing = dir.path().join("gone").join("r.md");
        let refused = write_private(&missing, b"x", Existing::Replace).unwrap_err();
        let folder = shown(missing.parent().unwrap());
        assert_eq!(
            refused.to_string(),
            format!("cannot write {}: there is no folder {folder}", shown(&missing))
        );
    }

    #[test]
    fn a_file_to_write_where_a_folder_is_says_so_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("adir");
        std::fs::create_dir(&folder).unwrap();
        let refused = write_private(&folder, b"x", Existing::Replace).unwrap_err();
        assert_eq!(refused.to_string(), format!("cannot write {}: it is a folder", shown(&folder)));
    }

    #[test]
    fn a_private_folder_and_its_parents_are_made_for_the_user_only() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data").join("botdash");
        create_private_folder(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(folder.parent().unwrap()), 0o700);
        create_private_folder(&folder).expect("a folder already there is fine");
    }
}
