//! SQLite storage: opening (with the checks of `opening` that keep a foreign or damaged file untouched),
//! migrations, reads and writes. Knows nothing of the terminal.

mod checkup;
pub mod command;
mod durability;
pub mod edit;
mod error;
pub mod evidence;
mod guard;
pub mod history;
mod image;
pub mod naming;
mod opening;
pub mod portable;
mod read;
mod recorder;
pub mod report_log;
pub mod schema;
pub mod sync;
mod tables;
pub mod undo;
mod write;

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use rusqlite::config::DbConfig;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::model::evidence::{Resolver, TicketKind};
use crate::model::handover::{HandoverKind, HandoverStatus};
use crate::model::health::{Direction, RiskStatus, Severity, TestStatus};
use crate::model::score::Level;
use crate::model::text::sanitize;
use crate::model::{
    CriterionKind, DocStatus, KtStatus, Owner, PersonState, Phase, Side, TaskStatus,
};
use sync::{ConflictKind, Resolution};

pub use checkup::CheckupLine;
pub use error::{FieldRefusal, LogEntryDefect, OpenError, Result, Stale, StaleChange, StoreError};
pub use opening::is_file_of;
use opening::{
    check_header, check_identity, check_regular, configure, create, damaged, folder_writable,
    is_read_only, open_connection, open_reader, quick_check, tune, unreadable,
};
pub use write::{check_new, insert_engagement_data};

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
    /// Once commits stop waiting for the disk (`defer_sync`): the count of rows changed when
    /// the write-ahead log was last synced.
    synced_changes: Option<u64>,
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
enum IntegrityCheck {
    Before,
    Later,
}

impl Store {
    /// Opens the database at `path`, creating it when it does not exist (its folder must).
    /// A file that is not ours, newer, or damaged is refused and left exactly as it was; a
    /// file that cannot be written, or whose folder cannot, opens read-only.
    pub fn open(path: &Path) -> Result<Store, OpenError> {
        Store::open_with(path, IntegrityCheck::Before)
    }

    /// Opens like `open`, but leaves the integrity check, which reads the whole file, for
    /// later (see `damage_found`), so that the first screen does not wait for it. Nothing is
    /// written before the verdict: the first write waits for it, and a damaged file turns
    /// read-only.
    pub fn open_checking_later(path: &Path) -> Result<Store, OpenError> {
        Store::open_with(path, IntegrityCheck::Later)
    }

    fn open_with(path: &Path, check: IntegrityCheck) -> Result<Store, OpenError> {
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
        let integrity =
            if check == IntegrityCheck::Later && header.wal && version == schema::VERSION {
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
        Store {
            conn,
            path,
            read_only,
            history_limit,
            integrity,
            recording: false,
            undoable,
            synced_changes: None,
        }
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
            recorder::install_recorder(&self.conn)?;
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
    pub fn damage_found(&mut self) -> Option<StoreError> {
        match &self.integrity {
            Integrity::Unchecked { folder_read_only } => {
                let (path, folder_read_only) = (self.path.clone(), *folder_read_only);
                self.integrity = Integrity::Checking(std::thread::spawn(move || {
                    let shown = sanitize(&path.display().to_string()).into_owned();
                    quick_check(&open_reader(&path, true, folder_read_only, &shown)?, &shown)
                }));
                None
            }
            Integrity::Checking(check) if check.is_finished() => self.await_integrity().err(),
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
            Ok(Err(damage)) => StoreError::FoundDamaged(damage),
            Err(_) => StoreError::Refused(format!(
                "{} could not be checked; it is open read-only, nothing was changed",
                sanitize(&self.path.display().to_string())
            )),
        };
        self.read_only = true;
        Err(damage)
    }

    /// Whether closing copies the write-ahead log into the file (SQLite's default).
    fn set_checkpoint_on_close(&self, on: bool) -> rusqlite::Result<()> {
        self.conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, !on).map(drop)
    }
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
    TestStatus,
    HandoverKind,
    HandoverStatus,
    TicketKind,
    Resolver,
    ConflictKind,
    Resolution
);
