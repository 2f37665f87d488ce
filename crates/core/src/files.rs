//! Files botdash writes for the user: made private (mode 0600) from the first byte under a
//! fresh random name in their folder — exclusively, so a link or a file planted there is
//! never followed nor reused — then moved into place whole.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

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
            .map_err(|e| failed(path, e))?;
        Ok(NewFile { temp, path: path.to_path_buf() })
    }

    /// Where the file is while it is made (for SQLite, which opens files by name).
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        self.temp.write_all(bytes).map_err(|e| failed(&self.path, e))
    }

    /// Puts the file, on disk, at its path; with `Existing::Refuse` a file already there
    /// (or a link) stays as it is and this file is removed.
    pub fn finish(self, existing: Existing) -> Result<(), WriteError> {
        let NewFile { temp, path } = self;
        temp.as_file().sync_all().map_err(|e| failed(&path, e))?;
        let moved = match existing {
            Existing::Replace => temp.persist(&path),
            Existing::Refuse => temp.persist_noclobber(&path),
        };
        match moved {
            Ok(_) => Ok(()),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists(shown(&path)))
            }
            Err(e) => Err(failed(&path, e.error)),
        }
    }
}

/// Writes a private file whole: `path` holds all of `bytes` or is as it was.
pub fn write_private(path: &Path, bytes: &[u8], existing: Existing) -> Result<(), WriteError> {
    let mut file = NewFile::beside(path)?;
    file.write_all(bytes)?;
    file.finish(existing)
}

fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

fn failed(path: &Path, e: impl std::fmt::Display) -> WriteError {
    WriteError::Failed(shown(path), sanitize(&e.to_string()).into_owned())
}
