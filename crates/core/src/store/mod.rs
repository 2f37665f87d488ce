//! SQLite storage: opening (with the checks that keep a foreign or damaged file untouched),
//! migrations, reads and writes. Knows nothing of the terminal.

pub mod command;
pub mod edit;
mod guard;
pub mod history;
pub mod portable;
mod read;
pub mod schema;
pub mod sync;
mod tables;
pub mod undo;
mod write;

use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::files::{Existing, NewFile, WriteError};
use crate::model::health::{Direction, RiskStatus, Severity, TestStatus};
use crate::model::score::Level;
use crate::model::text::sanitize;
use crate::model::{
    CriterionKind, DocStatus, KtStatus, Owner, PersonState, Phase, Side, TaskStatus,
};

pub use write::{check_new, insert_engagement_data};

/// Why a database file could not be opened. Each reads as one sentence.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0} is not a botdash database")]
    NotBotdash(String),
    #[error("{0} is an empty file, not a botdash database (remove it to start a new one)")]
    Empty(String),
    #[error(
        "{path} was written by a newer botdash (schema version {found}; this one knows up to {known})"
    )]
    Newer { path: String, found: i32, known: i32 },
    #[error("{path} is damaged ({detail}); restore it from a backup")]
    Damaged { path: String, detail: String },
    #[error("cannot create {path}: {detail}")]
    Create { path: String, detail: String },
    #[error("cannot open {path}: {detail}")]
    Unreadable { path: String, detail: String },
    #[error("{path} is {what}, not a database file")]
    NotAFile { path: String, what: &'static str },
}

/// Why an edit or a read failed, as a sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database is open read-only; nothing was changed")]
    ReadOnly,
    #[error("{0}")]
    Refused(String),
    /// Refused because the record is no longer what the screen showed: another window or
    /// program changed it since. The screen should read it again.
    #[error("{0}")]
    Stale(String),
    /// Refused because of one value: of `field` where the refusal knows which, which a form
    /// shows beside it.
    #[error("{message}")]
    Field { field: Option<edit::Column>, message: String },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// A value the file should not hold (from a hand edit) is reported as such, pointing to
    /// `doctor`, which names it.
    fn from(e: rusqlite::Error) -> StoreError {
        match e {
            rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::FromSqlConversionFailure(..) => StoreError::Refused(format!(
                "the file holds a value botdash cannot read ({}); `botdash doctor` names it",
                sanitize(&e.to_string())
            )),
            e => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open botdash database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// How many edits per engagement the undo history keeps.
    history_limit: usize,
    integrity: Integrity,
    /// Whether the triggers that record each write for undo are in place (from the first
    /// write on, so that opening does not wait for them).
    recording: bool,
    /// Whose edits undo and redo may step through: those logged before this store was
    /// opened (up to this sequence number), as after a restart, and those it made itself —
    /// never another window's edits made since.
    undoable: undo::Undoable,
}

/// Whether the whole file has been read for its integrity (see `open_checking_later`).
enum Integrity {
    Known,
    /// Not begun: it runs in the background once asked for (`damage_found`), or before the
    /// first write at the latest.
    Unchecked {
        folder_read_only: bool,
    },
    Checking(JoinHandle<Result<(), OpenError>>),
}

/// When opening checks the integrity of the whole file.
#[derive(Clone, Copy, PartialEq)]
enum Check {
    Before,
    Later,
}

const HEADER_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens the database at `path`, creating it when it does not exist (its folder must).
    /// A file that is not ours, newer, or damaged is refused and left exactly as it was; a
    /// file that cannot be written, or whose folder cannot, opens read-only.
    pub fn open(path: &Path) -> Result<Store, OpenError> {
        Store::open_with(path, Check::Before)
    }

    /// Opens like `open`, but leaves the integrity check, which reads the whole file, for
    /// later (see `damage_found`), so that the first screen does not wait for it. Nothing is
    /// written before the verdict: the first write waits for it, and a damaged file turns
    /// read-only.
    pub fn open_checking_later(path: &Path) -> Result<Store, OpenError> {
        Store::open_with(path, Check::Later)
    }

    fn open_with(path: &Path, check: Check) -> Result<Store, OpenError> {
        let shown = sanitize(&path.display().to_string()).into_owned();
        check_regular(path, &shown)?;
        if !path.exists() {
            create(path, &shown)?;
        }
        let header = check_header(path, &shown)?;
        let folder_read_only = !folder_writable(path);
        let read_only = folder_read_only || is_read_only(path);
        let probe = open_reader(path, header.wal, folder_read_only, &shown)?;
        let version = check_identity(&probe, &shown)?;
        // Opening for writing changes a file that is about to be migrated or is not in WAL
        // mode yet: such a file is checked first.
        let integrity = if check == Check::Later && header.wal && version == schema::VERSION {
            Integrity::Unchecked { folder_read_only }
        } else {
            quick_check(&probe, &shown)?;
            Integrity::Known
        };
        let mut store = if read_only {
            probe.pragma_update(None, "query_only", true).map_err(|e| damaged(&shown, e))?;
            Store::with(probe, path, true)
        } else {
            drop(probe);
            let mut conn = open_connection(path, OpenFlags::SQLITE_OPEN_READ_WRITE, &shown)?;
            configure(&conn).map_err(|e| unreadable(&shown, e))?;
            if version < schema::VERSION {
                schema::migrate(&mut conn, version).map_err(|e| unreadable(&shown, e))?;
            }
            Store::with(conn, path, false)
        };
        if matches!(integrity, Integrity::Unchecked { .. }) {
            // Until the file is known sound, closing must not copy a pending write-ahead log
            // into it.
            store.set_checkpoint_on_close(false).map_err(|e| unreadable(&shown, e))?;
        }
        store.integrity = integrity;
        Ok(store)
    }

    fn with(conn: Connection, path: &Path, read_only: bool) -> Store {
        let history_limit = undo::DEFAULT_HISTORY;
        let integrity = Integrity::Known;
        let path = path.to_path_buf();
        let undoable = undo::Undoable::since(&conn);
        Store { conn, path, read_only, history_limit, integrity, recording: false, undoable }
    }

    /// A database in memory, for tests and throwaway sessions.
    pub fn in_memory() -> Result<Store, OpenError> {
        let mut conn = Connection::open_in_memory().map_err(|e| unreadable("memory", e))?;
        tune(&conn).map_err(|e| unreadable("memory", e))?;
        configure(&conn).map_err(|e| unreadable("memory", e))?;
        schema::migrate(&mut conn, 0).map_err(|e| unreadable("memory", e))?;
        Ok(Store::with(conn, Path::new(":memory:"), false))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// A number that changes whenever another connection (a second window, a `sync`)
    /// commits to the file; cheap enough to ask before every edit.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?)
    }

    /// Runs `f` as one IMMEDIATE transaction, committed before this returns. User edits go
    /// through `record` instead, which also logs them for undo.
    pub fn edit<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.await_integrity()?;
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        if !self.recording {
            undo::install_recorder(&self.conn)?;
            self.recording = true;
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Starts the integrity check in the background if it has not begun; once it has
    /// finished, the damage it found (the file is read-only from then on). `None` until then
    /// and when the file is sound.
    pub fn damage_found(&mut self) -> Option<String> {
        match &self.integrity {
            Integrity::Unchecked { folder_read_only } => {
                let (path, folder_read_only) = (self.path.clone(), *folder_read_only);
                self.integrity = Integrity::Checking(std::thread::spawn(move || {
                    let shown = sanitize(&path.display().to_string()).into_owned();
                    quick_check(&open_reader(&path, true, folder_read_only, &shown)?, &shown)
                }));
                None
            }
            Integrity::Checking(check) if check.is_finished() => {
                self.await_integrity().err().map(|e| e.to_string())
            }
            _ => None,
        }
    }

    /// Waits for the integrity check, running it here if it has not begun.
    fn await_integrity(&mut self) -> Result<()> {
        let verdict = match std::mem::replace(&mut self.integrity, Integrity::Known) {
            Integrity::Known => return Ok(()),
            Integrity::Unchecked { .. } => {
                Ok(quick_check(&self.conn, &sanitize(&self.path.display().to_string())))
            }
            Integrity::Checking(check) => check.join(),
        };
        self.settle(verdict)
    }

    fn settle(&mut self, verdict: std::thread::Result<Result<(), OpenError>>) -> Result<()> {
        let damage = match verdict {
            Ok(Ok(())) => {
                self.set_checkpoint_on_close(true)?;
                return Ok(());
            }
            Ok(Err(damage)) => damage.to_string(),
            Err(_) => {
                format!("{} could not be checked", sanitize(&self.path.display().to_string()))
            }
        };
        self.read_only = true;
        Err(StoreError::Refused(format!("{damage}; it is open read-only, nothing was changed")))
    }

    /// Whether closing copies the write-ahead log into the file (SQLite's default).
    fn set_checkpoint_on_close(&self, on: bool) -> rusqlite::Result<()> {
        self.conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, !on).map(drop)
    }
}

fn unreadable(path: &str, e: impl std::fmt::Display) -> OpenError {
    OpenError::Unreadable { path: path.to_string(), detail: sanitize(&e.to_string()).into_owned() }
}

fn damaged(path: &str, e: impl std::fmt::Display) -> OpenError {
    OpenError::Damaged { path: path.to_string(), detail: sanitize(&e.to_string()).into_owned() }
}

/// Creates a new database with mode 0600: built under a temporary name, then moved into
/// place, so a crash never leaves a half-made file at `path`.
fn create(path: &Path, shown: &str) -> Result<(), OpenError> {
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
fn check_regular(path: &Path, shown: &str) -> Result<(), OpenError> {
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
struct Header {
    /// In WAL mode.
    wal: bool,
}

/// Refuses, without opening it as a database, a file that is empty, not SQLite at all, or
/// (when no journal may hold newer pages) another program's, newer or cut short.
fn check_header(path: &Path, shown: &str) -> Result<Header, OpenError> {
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
fn check_header_fields(header: &[u8; 100], length: u64, shown: &str) -> Result<(), OpenError> {
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

fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A file without any write permission bit is treated as read-only, even for root.
fn is_read_only(path: &Path) -> bool {
    let no_write_bits = std::fs::metadata(path).map(|m| m.permissions().readonly()).unwrap_or(true);
    no_write_bits || OpenOptions::new().write(true).open(path).is_err()
}

/// SQLite writes its journal next to the database, so a folder that cannot be written makes
/// the database read-only. Like files, a folder without write bits counts so even for root.
fn folder_writable(path: &Path) -> bool {
    let folder = folder_of(path);
    let write_bits = std::fs::metadata(folder).is_ok_and(|m| !m.permissions().readonly());
    let Ok(c_path) = std::ffi::CString::new(folder.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    write_bits && unsafe { libc::access(c_path.as_ptr(), libc::W_OK) } == 0
}

/// A journal file of the database at `path`: `-wal`, `-shm` or `-journal`.
fn journal_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens a WAL database that has no write-ahead log as immutable: SQLite would otherwise
/// make the log and its shared-memory file beside it (and leave them there when it cannot
/// remove them, or when the file is then refused), or fail where the folder cannot be
/// written. Nothing else is writing to it without a log.
fn open_immutable(path: &Path, shown: &str) -> Result<Connection, OpenError> {
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
fn open_reader(
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

fn open_connection(path: &Path, flags: OpenFlags, shown: &str) -> Result<Connection, OpenError> {
    let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| unreadable(shown, e))?;
    tune(&conn).map_err(|e| unreadable(shown, e))?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(|e| unreadable(shown, e))?;
    Ok(conn)
}

/// Checks the application id and schema version; returns the version.
fn check_identity(conn: &Connection, shown: &str) -> Result<i32, OpenError> {
    let pragma = |name: &str| conn.pragma_query_value(None, name, |row| row.get::<_, i32>(0));
    let app_id = pragma("application_id").map_err(|e| classify(shown, e))?;
    let version = pragma("user_version").map_err(|e| classify(shown, e))?;
    check_version(app_id, version, shown)
}

/// A file of ours (its application id) of a version this binary knows; returns the version.
fn check_version(app_id: i32, version: i32, shown: &str) -> Result<i32, OpenError> {
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
fn classify(shown: &str, e: rusqlite::Error) -> OpenError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => OpenError::NotBotdash(shown.to_string()),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => damaged(shown, e),
        _ => unreadable(shown, e),
    }
}

fn quick_check(conn: &Connection, shown: &str) -> Result<(), OpenError> {
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
fn tune(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_prepared_statement_cache_capacity(128);
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// Pragmas for a writable connection: WAL where the filesystem supports it, and every
/// commit on disk before it returns (`FULL`: with `NORMAL`, WAL mode may lose the last
/// commits to a power cut).
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        conn.pragma_update(None, "journal_mode", "DELETE")?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Text enums are stored as their text form, and read back strictly.
macro_rules! sql_text_enum {
    ($($t:ty),+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|e: String| FromSqlError::Other(e.into()))
            }
        }
    )+};
}
sql_text_enum!(
    Phase,
    TaskStatus,
    Side,
    CriterionKind,
    PersonState,
    KtStatus,
    Owner,
    DocStatus,
    Level,
    RiskStatus,
    Severity,
    Direction,
    TestStatus
);
