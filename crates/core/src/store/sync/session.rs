//! SQLite's session extension — changesets and their conflict handling — through its C API,
//! as `rusqlite::ffi` declares it: the bindings bundled with libsqlite3-sys hold the session
//! functions whatever its features, so no binding generator (and no libclang) is needed. The
//! bundled SQLite compiles them in only when asked (`LIBSQLITE3_FLAGS` in `.cargo/config.toml`),
//! which is why rusqlite's own `session` feature, which runs bindgen, is not used.

use std::ffi::{CStr, CString, c_char, c_int, c_void};

use rusqlite::Connection;
use rusqlite::ffi::{
    self, sqlite3, sqlite3_changeset_iter, sqlite3_session, sqlite3_value, sqlite3changeset_apply,
    sqlite3changeset_conflict, sqlite3changeset_finalize, sqlite3changeset_new,
    sqlite3changeset_next, sqlite3changeset_old, sqlite3changeset_op, sqlite3changeset_pk,
    sqlite3changeset_start, sqlite3session_attach, sqlite3session_changeset, sqlite3session_create,
    sqlite3session_delete, sqlite3session_diff,
};
use rusqlite::types::Value;

use super::{Result, StoreError};

/// What a change does to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOp {
    Insert,
    Update,
    Delete,
}

/// Why a change could not be applied as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// The row's values are not those the change expected (changed here too).
    Data,
    /// The row is not here (deleted here).
    NotFound,
    /// An inserted row's key is taken here.
    Conflict,
    /// A constraint (a unique slug, a check) refuses the change.
    Constraint,
    /// The changes leave references to missing records.
    ForeignKey,
}

/// One change of a changeset: per column, the value before (`old`), after (`new`) and, for
/// a change that clashes, here (`here`); `None` where the change says nothing of a column.
#[derive(Debug, Clone)]
pub struct ChangesetRow {
    pub table: String,
    pub op: RowOp,
    pub primary_key: Vec<bool>,
    pub old: Vec<Option<Value>>,
    pub new: Vec<Option<Value>>,
    pub here: Vec<Option<Value>>,
}

impl ChangesetRow {
    /// Gives the change `width` columns, saying nothing of those it lacks.
    pub fn widen(&mut self, width: usize) {
        for values in [&mut self.old, &mut self.new, &mut self.here] {
            values.resize(width.max(values.len()), None);
        }
        self.primary_key.resize(width.max(self.primary_key.len()), false);
    }
}

/// A change that met resistance, and why.
#[derive(Debug, Clone)]
pub struct Conflicting {
    pub clash: Clash,
    pub change: ChangesetRow,
}

/// What to do with a conflicting change: leave it out, or give up the whole changeset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Omit,
    Abort,
}

/// The changes that turn the tables of database `from` (attached) into those of `main`.
pub fn diff(conn: &Connection, from: &str, tables: &[&str]) -> Result<Vec<u8>> {
    let db = unsafe { conn.handle() };
    let main = CString::new("main").expect("no NUL");
    let from = CString::new(from).map_err(|e| StoreError::Refused(e.to_string()))?;
    let mut session = std::ptr::null_mut();
    check(db, unsafe { sqlite3session_create(db, main.as_ptr(), &mut session) })?;
    let session = Session(session);
    for table in tables {
        let table = CString::new(*table).map_err(|e| StoreError::Refused(e.to_string()))?;
        check(db, unsafe { sqlite3session_attach(session.0, table.as_ptr()) })?;
        let mut error: *mut c_char = std::ptr::null_mut();
        let rc =
            unsafe { sqlite3session_diff(session.0, from.as_ptr(), table.as_ptr(), &mut error) };
        if rc != ffi::SQLITE_OK {
            let message = if error.is_null() {
                format!("session diff failed ({rc})")
            } else {
                let text = unsafe { CStr::from_ptr(error) }.to_string_lossy().into_owned();
                unsafe { ffi::sqlite3_free(error.cast()) };
                text
            };
            return Err(StoreError::Refused(message));
        }
    }
    let (mut size, mut buffer) = (0, std::ptr::null_mut());
    check(db, unsafe { sqlite3session_changeset(session.0, &mut size, &mut buffer) })?;
    let bytes = if buffer.is_null() || size == 0 {
        Vec::new()
    } else {
        unsafe { std::slice::from_raw_parts(buffer.cast::<u8>(), size as usize) }.to_vec()
    };
    unsafe { ffi::sqlite3_free(buffer) };
    Ok(bytes)
}

struct Session(*mut sqlite3_session);

impl Drop for Session {
    fn drop(&mut self) {
        unsafe { sqlite3session_delete(self.0) };
    }
}

fn check(db: *mut sqlite3, rc: c_int) -> Result<()> {
    if rc == ffi::SQLITE_OK {
        return Ok(());
    }
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db)) }.to_string_lossy().into_owned();
    Err(StoreError::Refused(format!("{message} ({rc})")))
}

/// Every change of a changeset, in order, or why it is not one.
pub fn changes(changeset: &[u8]) -> std::result::Result<Vec<ChangesetRow>, String> {
    let size = c_int::try_from(changeset.len()).map_err(|_| "too large".to_string())?;
    let mut iter = std::ptr::null_mut();
    let start = changeset.as_ptr().cast_mut().cast();
    if unsafe { sqlite3changeset_start(&mut iter, size, start) } != ffi::SQLITE_OK {
        return Err("not a changeset".into());
    }
    let mut changes = Vec::new();
    let rc = loop {
        match unsafe { sqlite3changeset_next(iter) } {
            ffi::SQLITE_ROW => match unsafe { read_change(iter, false) } {
                Some(change) => changes.push(change),
                None => break ffi::SQLITE_CORRUPT,
            },
            rc => break rc,
        }
    };
    let finalized = unsafe { sqlite3changeset_finalize(iter) };
    match (rc, finalized) {
        (ffi::SQLITE_DONE, ffi::SQLITE_OK) => Ok(changes),
        _ => Err("damaged or cut short".into()),
    }
}

/// Applies `changeset` to `conn` (inside the caller's transaction), to `tables` only;
/// `decide` is asked about every change that clashes with what is here and whose answer is
/// final.
pub fn apply(
    conn: &Connection,
    changeset: &[u8],
    tables: &[&str],
    mut decide: impl FnMut(Conflicting) -> Decision,
) -> Result<()> {
    let db = unsafe { conn.handle() };
    let size =
        c_int::try_from(changeset.len()).map_err(|_| StoreError::Refused("too large".into()))?;
    let mut context = Handlers { tables, decide: &mut decide };
    let rc = unsafe {
        sqlite3changeset_apply(
            db,
            size,
            changeset.as_ptr().cast_mut().cast(),
            Some(on_table),
            Some(on_conflict),
            (&mut context as *mut Handlers).cast(),
        )
    };
    check(db, rc)
}

/// What `apply`'s callbacks are given.
struct Handlers<'a> {
    tables: &'a [&'a str],
    decide: &'a mut dyn FnMut(Conflicting) -> Decision,
}

/// Whether changes to a table are applied.
unsafe extern "C" fn on_table(context: *mut c_void, table: *const c_char) -> c_int {
    let handlers = unsafe { &*context.cast::<Handlers>() };
    let table = unsafe { CStr::from_ptr(table) }.to_string_lossy();
    c_int::from(handlers.tables.contains(&table.as_ref()))
}

unsafe extern "C" fn on_conflict(
    context: *mut c_void,
    kind: c_int,
    iter: *mut sqlite3_changeset_iter,
) -> c_int {
    let decide = &mut unsafe { &mut *context.cast::<Handlers>() }.decide;
    let clash = match kind {
        ffi::SQLITE_CHANGESET_DATA => Clash::Data,
        ffi::SQLITE_CHANGESET_NOTFOUND => Clash::NotFound,
        ffi::SQLITE_CHANGESET_CONFLICT => Clash::Conflict,
        ffi::SQLITE_CHANGESET_CONSTRAINT => Clash::Constraint,
        _ => Clash::ForeignKey,
    };
    // A foreign key conflict is about the whole changeset, not one change.
    let change = if clash == Clash::ForeignKey {
        ChangesetRow {
            table: String::new(),
            op: RowOp::Insert,
            primary_key: Vec::new(),
            old: Vec::new(),
            new: Vec::new(),
            here: Vec::new(),
        }
    } else {
        let with_here = matches!(clash, Clash::Data | Clash::Conflict);
        match unsafe { read_change(iter, with_here) } {
            Some(change) => change,
            None => return ffi::SQLITE_CHANGESET_ABORT,
        }
    };
    match decide(Conflicting { clash, change }) {
        Decision::Omit => ffi::SQLITE_CHANGESET_OMIT,
        Decision::Abort => ffi::SQLITE_CHANGESET_ABORT,
    }
}

/// The change the iterator is on, with the row here when `with_here` (in a conflict).
unsafe fn read_change(iter: *mut sqlite3_changeset_iter, with_here: bool) -> Option<ChangesetRow> {
    let (mut table, mut columns, mut op, mut indirect) = (std::ptr::null(), 0, 0, 0);
    if unsafe { sqlite3changeset_op(iter, &mut table, &mut columns, &mut op, &mut indirect) }
        != ffi::SQLITE_OK
    {
        return None;
    }
    let table = unsafe { CStr::from_ptr(table) }.to_string_lossy().into_owned();
    let (mut pk, mut pk_columns) = (std::ptr::null_mut(), 0);
    if unsafe { sqlite3changeset_pk(iter, &mut pk, &mut pk_columns) } != ffi::SQLITE_OK {
        return None;
    }
    let primary_key =
        (0..pk_columns as usize).map(|i| unsafe { *pk.add(i) } != 0).collect::<Vec<_>>();
    let op = match op {
        ffi::SQLITE_INSERT => RowOp::Insert,
        ffi::SQLITE_DELETE => RowOp::Delete,
        _ => RowOp::Update,
    };
    let column_values = |read: unsafe extern "C" fn(
        *mut sqlite3_changeset_iter,
        c_int,
        *mut *mut sqlite3_value,
    ) -> c_int| {
        // `None` when a value cannot be read as what it claims to be (text that is not
        // UTF-8): the change is damaged.
        (0..columns)
            .map(|i| {
                let mut value = std::ptr::null_mut();
                let rc = unsafe { read(iter, i, &mut value) };
                if rc == ffi::SQLITE_OK && !value.is_null() {
                    unsafe { to_value(value) }.map(Some)
                } else {
                    Some(None)
                }
            })
            .collect::<Option<Vec<_>>>()
    };
    let absent = || Some(vec![None; columns as usize]);
    let old = if op == RowOp::Insert { absent() } else { column_values(sqlite3changeset_old) };
    let new = if op == RowOp::Delete { absent() } else { column_values(sqlite3changeset_new) };
    let here = if with_here { column_values(sqlite3changeset_conflict) } else { absent() };
    let (old, new, here) = (old?, new?, here?);
    Some(ChangesetRow { table, op, primary_key, old, new, here })
}

/// A changeset's value, or `None` for text that is not UTF-8 (no botdash writes it; a
/// damaged or crafted file may hold it).
unsafe fn to_value(value: *mut sqlite3_value) -> Option<Value> {
    unsafe {
        Some(match ffi::sqlite3_value_type(value) {
            ffi::SQLITE_INTEGER => Value::Integer(ffi::sqlite3_value_int64(value)),
            ffi::SQLITE_FLOAT => Value::Real(ffi::sqlite3_value_double(value)),
            ffi::SQLITE_TEXT => {
                let text = ffi::sqlite3_value_text(value);
                let size = ffi::sqlite3_value_bytes(value) as usize;
                let bytes =
                    if text.is_null() { &[][..] } else { std::slice::from_raw_parts(text, size) };
                Value::Text(String::from_utf8(bytes.to_vec()).ok()?)
            }
            ffi::SQLITE_BLOB => {
                let blob = ffi::sqlite3_value_blob(value);
                let size = ffi::sqlite3_value_bytes(value) as usize;
                let bytes = if blob.is_null() {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(blob.cast::<u8>(), size)
                };
                Value::Blob(bytes.to_vec())
            }
            _ => Value::Null,
        })
    }
}
