//! Opening a database file: the checks, most of them before SQLite sees the file, that
//! keep a file that is not ours, newer, damaged or not a regular file untouched; creating
//! a new one; and the settings of every connection.

use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::sync::baseline_path;
use super::{OpenError, schema};
use crate::files::{Existing, NewFile, WriteError, same_entry};
use crate::model::text::sanitize;

const HEADER_MAGIC: &[u8; 16] = b"SQLite format 3\0";

pub(super) fn unreadable(path: &str, e: impl std::fmt::Display) -> OpenError {
    OpenError::Unreadable { path: path.to_string(), detail: sanitize(&e.to_string()).into_owned() }
}

pub(super) fn damaged(path: &str, e: impl std::fmt::Display) -> OpenError {
    OpenError::Damaged { path: path.to_string(), detail: sanitize(&e.to_string()).into_owned() }
}

/// Whether writing a file at `path` would replace the database at `db` or one of the files
/// kept beside it (its journal, sync's baseline and the baseline's journal), by the path
/// given or by the file a link there leads to (SQLite keeps the journal beside that), or is
/// another name of one of them (a hard link).
pub fn is_file_of(db: &Path, path: &Path) -> bool {
    let identity = |path: &Path, metadata: fn(&Path) -> std::io::Result<std::fs::Metadata>| {
        metadata(path).ok().map(|m| (m.dev(), m.ino()))
    };
    let written = identity(path, |p| std::fs::symlink_metadata(p));
    let with_journal = |file: PathBuf| {
        let named = |end: &str| {
            let mut name = file.as_os_str().to_owned();
            name.push(end);
            PathBuf::from(name)
        };
        ["", "-wal", "-shm", "-journal"].map(named)
    };
    let given = std::iter::once(db.to_path_buf()).chain(std::fs::canonicalize(db));
    let mut files = given.flat_map(|db| [baseline_path(&db), db]).flat_map(with_journal);
    files.any(|file| {
        same_entry(&file, path) || written.is_some() && written == identity(&file, |p| p.metadata())
    })
}

/// Creates a new database with mode 0600: built under a temporary name, then moved into
/// place, so a crash never leaves a half-made file at `path`.
pub(super) fn create(path: &Path, shown: &str) -> Result<(), OpenError> {
    let failed = |e: &dyn std::fmt::Display| OpenError::Create {
        path: shown.to_string(),
        detail: sanitize(&e.to_string()).into_owned(),
    };
    let folder = folder_of(path);
    if !folder.is_dir() {
        let folder = sanitize(&folder.display().to_string()).into_owned();
        return Err(failed(&format_args!("the folder {folder} does not exist")));
    }
    if !folder_writable(path) {
        let folder = sanitize(&folder.display().to_string()).into_owned();
        return Err(failed(&format_args!("the folder {folder} is read-only")));
    }
    let not_written = |e: WriteError| match e {
        WriteError::Failed(_, detail) => failed(&detail),
        exists => failed(&exists),
    };
    let file = NewFile::beside(path).map_err(not_written)?;
    let mut conn = Connection::open(file.temp_path()).map_err(|e| failed(&e))?;
    schema::migrate(&mut conn, 0).map_err(|e| failed(&e))?;
    conn.close().map_err(|(_, e)| failed(&e))?;
    match file.finish(Existing::Refuse) {
        // Made meanwhile by another window: it is checked and opened like any other.
        Ok(()) | Err(WriteError::Exists(_)) => Ok(()),
        Err(e) => Err(not_written(e)),
    }
}

/// Refuses at once a path that is not a regular file (a folder, a FIFO, a device), before
/// anything waits on it.
pub(super) fn check_regular(path: &Path, shown: &str) -> Result<(), OpenError> {
    let Ok(metadata) = std::fs::metadata(path) else { return Ok(()) };
    let kind = metadata.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    };
    Err(OpenError::NotAFile { path: shown.to_string(), what })
}

/// What a database file's first 100 bytes say.
pub(super) struct Header {
    /// In WAL mode.
    pub(super) wal: bool,
}

/// Refuses, without opening it as a database, a file that is empty, not SQLite at all, or
/// (when no journal may hold newer pages) another program's, newer or cut short.
pub(super) fn check_header(path: &Path, shown: &str) -> Result<Header, OpenError> {
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| unreadable(shown, e))?;
    let mut header = [0u8; 100];
    let mut filled = 0;
    while filled < header.len() {
        match file.read(&mut header[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) => return Err(unreadable(shown, e)),
        }
    }
    if filled == 0 {
        return Err(OpenError::Empty(shown.to_string()));
    }
    if filled < header.len() || &header[..16] != HEADER_MAGIC {
        return Err(OpenError::NotBotdash(shown.to_string()));
    }
    let journaled = [journal_file(path, "-wal"), journal_file(path, "-journal")];
    if !journaled.iter().any(|f| f.exists()) {
        let length = file.metadata().map_err(|e| unreadable(shown, e))?.len();
        check_header_fields(&header, length, shown)?;
    }
    // The file format's read and write versions: 2 means WAL.
    Ok(Header { wal: header[18] == 2 && header[19] == 2 })
}

/// The checks of `check_identity` and of the file's length, on the header alone: a file
/// refused here is never opened by SQLite, which would leave journal files beside it.
pub(super) fn check_header_fields(
    header: &[u8; 100],
    length: u64,
    shown: &str,
) -> Result<(), OpenError> {
    let number = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    check_version(number(68) as i32, number(60) as i32, shown)?;
    // The page count is valid when the two change counters agree (any SQLite since 3.7.0).
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    let expected = u64::from(number(28)) * page_size;
    if number(92) == number(24) && length < expected {
        return Err(damaged(shown, format_args!("cut short: {length} of {expected} bytes")));
    }
    Ok(())
}

pub(super) fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A file without any write permission bit is treated as read-only, even for root.
pub(super) fn is_read_only(path: &Path) -> bool {
    let no_write_bits = std::fs::metadata(path).map(|m| m.permissions().readonly()).unwrap_or(true);
    no_write_bits || OpenOptions::new().write(true).open(path).is_err()
}

/// SQLite writes its journal next to the database, so a folder that cannot be written makes
/// the database read-only. Like files, a folder without write bits counts so even for root.
pub(super) fn folder_writable(path: &Path) -> bool {
    let folder = folder_of(path);
    let write_bits = std::fs::metadata(folder).is_ok_and(|m| !m.permissions().readonly());
    let Ok(c_path) = std::ffi::CString::new(folder.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    write_bits && unsafe { libc::access(c_path.as_ptr(), libc::W_OK) } == 0
}

/// A journal file of the database at `path`: `-wal`, `-shm` or `-journal`.
pub(super) fn journal_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens a WAL database that has no write-ahead log as immutable: SQLite would otherwise
/// make the log and its shared-memory file beside it (and leave them there when it cannot
/// remove them, or when the file is then refused), or fail where the folder cannot be
/// written. Nothing else is writing to it without a log.
pub(super) fn open_immutable(path: &Path, shown: &str) -> Result<Connection, OpenError> {
    let mut uri = String::from("file:");
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'?' | b'#' | b'%' | 128.. => uri.push_str(&format!("%{byte:02X}")),
            _ => uri.push(char::from(*byte)),
        }
    }
    uri.push_str("?immutable=1");
    open_connection(Path::new(&uri), OpenFlags::SQLITE_OPEN_READ_ONLY, shown)
}

/// A read-only connection; see `open_immutable` for a WAL file without its log, or any
/// file in a folder that cannot be written.
pub(super) fn open_reader(
    path: &Path,
    wal: bool,
    folder_read_only: bool,
    shown: &str,
) -> Result<Connection, OpenError> {
    if (wal || folder_read_only) && !journal_file(path, "-wal").exists() {
        open_immutable(path, shown)
    } else {
        open_connection(path, OpenFlags::SQLITE_OPEN_READ_ONLY, shown)
    }
}

pub(super) fn open_connection(
    path: &Path,
    flags: OpenFlags,
    shown: &str,
) -> Result<Connection, OpenError> {
    let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| unreadable(shown, e))?;
    tune(&conn).map_err(|e| unreadable(shown, e))?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(|e| unreadable(shown, e))?;
    Ok(conn)
}

/// Checks the application id and schema version; returns the version.
pub(super) fn check_identity(conn: &Connection, shown: &str) -> Result<i32, OpenError> {
    let pragma = |name: &str| conn.pragma_query_value(None, name, |row| row.get::<_, i32>(0));
    let app_id = pragma("application_id").map_err(|e| classify(shown, e))?;
    let version = pragma("user_version").map_err(|e| classify(shown, e))?;
    check_version(app_id, version, shown)
}

/// A file of ours (its application id) of a version this binary knows; returns the version.
pub(super) fn check_version(app_id: i32, version: i32, shown: &str) -> Result<i32, OpenError> {
    if app_id != schema::APPLICATION_ID {
        return Err(OpenError::NotBotdash(shown.to_string()));
    }
    if version > schema::VERSION {
        return Err(OpenError::Newer {
            path: shown.to_string(),
            found: version,
            known: schema::VERSION,
        });
    }
    Ok(version)
}

/// Distinguishes a damaged file from other failures.
pub(super) fn classify(shown: &str, e: rusqlite::Error) -> OpenError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => OpenError::NotBotdash(shown.to_string()),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => damaged(shown, e),
        _ => unreadable(shown, e),
    }
}

pub(super) fn quick_check(conn: &Connection, shown: &str) -> Result<(), OpenError> {
    let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |row| row.get(0)).map_err(
        |e| match classify(shown, e) {
            OpenError::NotBotdash(path) => damaged(&path, "not readable as SQLite"),
            other => other,
        },
    )?;
    if verdict != "ok" {
        return Err(damaged(shown, verdict));
    }
    Ok(())
}

/// Settings for every connection: room for every statement the program caches, and query
/// plans that do not depend on bound values (otherwise SQLite prepares the reading statements
/// again at every use, a third of the time it takes to read an engagement).
pub(super) fn tune(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_prepared_statement_cache_capacity(128);
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// Pragmas for a writable connection: WAL where the filesystem supports it, every commit
/// on disk before it returns (`FULL`: with `NORMAL`, WAL mode may lose the last commits to
/// a power cut), and what is deleted or overwritten zeroed in its page rather than left in
/// the file (a secret withheld from an older conflict, say).
pub(super) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "secure_delete", true)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        conn.pragma_update(None, "journal_mode", "DELETE")?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}
