//! Team sync through a shared folder (a git repository, a network share, a USB stick) with
//! SQLite's session extension. Each database keeps a baseline: its synced tables as of its last
//! sync, in `<database>.sync-base`. A sync, in one transaction:
//! 1. writes the changes made since the baseline as `<database id>-<number>.changeset`;
//! 2. applies, in file-name order, every other database's changeset not applied yet. Changes to
//!    different records or fields merge. The same field changed on both sides, and a record
//!    deleted on one side and changed on the other, stay as they are here and are recorded as
//!    conflicts, resolved later by choosing a side;
//! 3. makes the baseline the synced state.
//!
//! Resolving a conflict sends the choice on: "theirs" is an edit here, and "mine" sets the
//! baseline to their value, so that the next sync sends ours as a change.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value as Json};

use super::edit::Table;
use super::guard::{refusal, with_rules};
use super::session::{self, Change, Clash, Conflicting, Decision, Op};
use super::{Result, Store, StoreError, schema};
use crate::files::{Existing, NewFile, write_private};
use crate::model::text::sanitize;
use crate::model::{new_id, timestamp_now};

/// The first line of every changeset file: the magic word, the format, the database id, the
/// number, the schema version of the database that wrote it, the sync folder it was written
/// for and the changeset's length in bytes. Formats 1 (without the schema version and the
/// folder) and 2 (without the folder) are still read.
const MAGIC: &str = "botdash-changeset";
const HEADER: &str = "botdash-changeset 3";
/// The file that gives a sync folder its identity, made by the first sync into the folder:
/// this word and the folder's id on one line.
const FOLDER_MARK: &str = "botdash-sync-folder";
/// Longer than any header line.
const MAX_HEADER: u64 = 256;
/// The largest changeset applied: a file's size is checked against it before it is read.
const MAX_CHANGESET: u64 = 256 << 20;
const NOT_OURS: &str = "not a botdash changeset";

/// What one sync did.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// The changeset written, with its number of changes (none when nothing changed here).
    pub written: Option<(PathBuf, usize)>,
    /// The files applied, with their number of changes.
    pub applied: Vec<(String, usize)>,
    /// Files not applied, with why; nothing of them was changed here.
    pub refused: Vec<(String, String)>,
    /// Conflicts found by this sync.
    pub new_conflicts: usize,
}

crate::model::text_enum!(
    /// The side a conflict is resolved to.
    Side {
        Mine => "mine", "this side";
        Theirs => "theirs", "the other side";
    }
);

/// A change from another database that met a different change here.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Conflict {
    pub id: String,
    pub table: String,
    /// The record's primary key, column by column.
    pub key: Map<String, Json>,
    /// The record's name (its title, name…), for people.
    pub record: String,
    /// The slug of the engagement the record belongs to, when known.
    pub engagement: Option<String>,
    /// The field both sides changed; `None` when the conflict is about the whole record.
    pub column: Option<String>,
    pub kind: ConflictKind,
    /// The value (or record) here, and the other database's.
    pub mine: Option<Json>,
    pub theirs: Option<Json>,
    /// The changeset file it came from.
    pub source: String,
    pub found_at: String,
    /// For a refused change: the rule or constraint that refused it, in words.
    pub reason: Option<String>,
}

crate::model::text_enum!(
    /// What kind of disagreement a conflict is.
    ConflictKind {
        BothChanged => "both_changed", "changed on both sides";
        DeletedHere => "deleted_here", "deleted here, changed there";
        DeletedThere => "deleted_there", "changed here, deleted there";
        Refused => "refused", "refused here";
    }
);

fn refused(message: String) -> StoreError {
    StoreError::Refused(message)
}

fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

/// Where the baseline of the database at `path` lives.
pub fn baseline_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".sync-base");
    PathBuf::from(name)
}

impl Store {
    /// Exchanges changes with the other databases through `dir`; see the module comment.
    pub fn sync(&mut self, dir: &Path) -> Result<SyncReport> {
        if !dir.is_dir() {
            return Err(refused(format!("{} is not a folder", shown(dir))));
        }
        self.with_baseline(|store| {
            store.edit(|tx| {
                let id = database_id(tx)?;
                let folder = folder_id(tx, dir)?;
                let mut report = SyncReport::default();
                let columns = columns_of(tx)?;
                let local = session::diff(tx, "base", &synced_tables())?;
                let local_changes = session::changes(&local).map_err(refused)?;
                let mine = changed_fields(&local_changes, &columns)?;
                if !local.is_empty() {
                    let path = write_changeset(tx, dir, &id, &folder, &local)?;
                    report.written = Some((path, local_changes.len()));
                }
                for (name, path) in pending_files(tx, dir, &id)? {
                    let read =
                        read_changeset(&path, &name, &folder).and_then(|(bytes, changes)| {
                            check_fits(&changes, &columns).map(|()| (bytes, changes))
                        });
                    let applied = match read {
                        Ok((bytes, changes)) => apply_file(tx, &name, &bytes, &columns)?
                            .map(|conflicts| (changes, conflicts)),
                        Err(why) => Err(why),
                    };
                    match applied {
                        Ok((changes, conflicts)) => {
                            let crossed = cross_check(tx, &changes, &mine, &columns, &name)?;
                            report.applied.push((name, changes.len()));
                            report.new_conflicts += conflicts + crossed;
                        }
                        Err(why) => report.refused.push((name, why)),
                    }
                }
                settle_agreed(tx)?;
                refresh_baseline(tx)?;
                Ok(report)
            })
        })
    }

    /// The conflicts not resolved yet, oldest first.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        open_conflicts(&self.conn)
    }

    /// Resolves conflict `id` (or the one whose id begins or ends so) to `side`; returns what was done.
    pub fn resolve(&mut self, id: &str, side: Side) -> Result<String> {
        let matching: Vec<Conflict> = self
            .conflicts()?
            .into_iter()
            .filter(|c| !id.is_empty() && (c.id.starts_with(id) || c.id.ends_with(id)))
            .collect();
        let conflict = match matching.as_slice() {
            [one] => one.clone(),
            [] => return Err(refused(format!("no open conflict '{}'", sanitize(id)))),
            _ => return Err(refused(format!("'{}' names several conflicts", sanitize(id)))),
        };
        self.with_baseline(|store| store.resolve_attached(&conflict, side))
    }

    fn resolve_attached(&mut self, c: &Conflict, side: Side) -> Result<String> {
        let what = describe(c);
        let (where_sql, key) = key_condition(&c.key);
        let table = known_table(&c.table)?;
        let verb = if side == Side::Mine { "kept" } else { "took" };
        let summary = format!("{verb} {} of {what}", side.label());
        let engagement = engagement_of(&self.conn, c)?;
        let mark = |tx: &Connection| -> Result<()> {
            tx.execute(
                "UPDATE sync_conflict SET resolved_at = ?2, resolution = ?3 WHERE id = ?1",
                params![c.id, timestamp_now(), side.as_str()],
            )?;
            Ok(())
        };
        let theirs_row = || match &c.theirs {
            Some(Json::Object(row)) => Ok(row.clone()),
            _ => Err(refused(
                "the other database sent only the changed fields of this record: ask its user \
                 to keep theirs, which sends the whole record"
                    .into(),
            )),
        };
        // "theirs" changes the record here, as an undoable edit; "mine" changes the baseline,
        // so that the next sync sends this side's record as a change.
        let column = c.column.as_deref().unwrap_or_default();
        let set_theirs = |tx: &Connection, schema: &str| -> Result<()> {
            let sql = format!("UPDATE {schema}.\"{table}\" SET \"{column}\" = ? WHERE {where_sql}");
            let value = to_sql(c.theirs.as_ref());
            tx.execute(&sql, params_from_iter(std::iter::once(value).chain(key.clone())))?;
            mark(tx)
        };
        let delete = |tx: &Connection, schema: &str| -> Result<()> {
            let sql = format!("DELETE FROM {schema}.\"{table}\" WHERE {where_sql}");
            tx.execute(&sql, params_from_iter(key.clone()))?;
            mark(tx)
        };
        let engagement = engagement.as_deref();
        match (c.kind, side) {
            (ConflictKind::BothChanged, Side::Mine) => self.edit(|tx| set_theirs(tx, "base"))?,
            (ConflictKind::BothChanged, Side::Theirs) => {
                self.record(engagement, &summary, None, |tx| set_theirs(tx, "main"))?
            }
            (ConflictKind::DeletedHere, Side::Mine) => {
                let row = theirs_row().ok();
                self.edit(|tx| {
                    if let Some(row) = &row {
                        insert_row(tx, "base", table, row, true)?;
                    }
                    mark(tx)
                })?;
            }
            (ConflictKind::Refused, Side::Theirs) => {
                // Held to the rules, as when it arrived: a value still refused stays out.
                let take = |tx: &Connection| match (&c.column, &c.theirs) {
                    (Some(_), _) => set_theirs(tx, "main"),
                    (None, Some(Json::Object(row))) => {
                        put_row(tx, table, &c.key, row)?;
                        mark(tx)
                    }
                    _ => theirs_row().map(|_| ()),
                };
                self.record(engagement, &summary, None, |tx| with_rules(tx, || take(tx))).map_err(
                    |e| match e {
                        StoreError::Sqlite(e) => match refusal(&e) {
                            Some(why) => refused(format!(
                                "the other side's change is still refused here ({}): keep \
                                 mine, or change this side first",
                                sanitize(&why)
                            )),
                            None => StoreError::Sqlite(e),
                        },
                        e => e,
                    },
                )?;
            }
            (ConflictKind::DeletedHere, Side::Theirs) => {
                let row = theirs_row()?;
                self.record(engagement, &summary, None, |tx| {
                    insert_row(tx, "main", table, &row, false)?;
                    mark(tx)
                })?;
            }
            (ConflictKind::DeletedThere, Side::Mine) => self.edit(|tx| delete(tx, "base"))?,
            (ConflictKind::DeletedThere, Side::Theirs) => {
                self.record(engagement, &summary, None, |tx| delete(tx, "main"))?
            }
            (ConflictKind::Refused, Side::Mine) => self.edit(|tx| mark(tx))?,
        }
        Ok(summary)
    }

    /// Runs `f` with the baseline attached as `base` (created or brought forward first).
    fn with_baseline<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.path == Path::new(":memory:") {
            return Err(refused("a database in memory cannot be synced".into()));
        }
        let path = baseline_path(&self.path);
        prepare_baseline(&path)?;
        self.conn.execute("ATTACH DATABASE ?1 AS base", params![path.to_string_lossy()])?;
        let result = f(self);
        // Detaching fails only while a statement on it is still open, which none is here.
        let _ = self.conn.execute("DETACH DATABASE base", []);
        result
    }
}

/// The recorded tables, parents first.
fn synced_tables() -> Vec<&'static str> {
    Table::ALL.iter().map(|t| t.name()).collect()
}

/// A table name from a changeset or a conflict, if it is one of ours.
fn known_table(name: &str) -> Result<&'static str> {
    synced_tables()
        .into_iter()
        .find(|t| *t == name)
        .ok_or_else(|| refused(format!("unknown table '{}'", sanitize(name))))
}

fn prepare_baseline(path: &Path) -> Result<()> {
    if path.symlink_metadata().is_ok_and(|m| !m.is_file()) {
        return Err(refused(format!("{} is not a regular file", shown(path))));
    }
    if !path.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| refused(format!("cannot create {}: {e}", shown(path))))?;
    }
    let mut conn = Connection::open(path)?;
    let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > schema::VERSION {
        return Err(refused(format!("{} was written by a newer botdash", shown(path))));
    }
    // The baseline holds only synced tables' rows, so the migrations' data steps (which
    // fill in rows for existing engagements) find nothing to do there.
    schema::migrate(&mut conn, version)?;
    // The baseline mirrors this database whatever it holds: the schema's triggers guard
    // the ways in, and copying into the baseline is none of them.
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(())
}

/// A value of this database's sync state.
fn state(tx: &Connection, key: &str) -> Result<Option<String>> {
    let sql = "SELECT value FROM sync_state WHERE key = ?1";
    Ok(tx.query_row(sql, params![key], |r| r.get(0)).optional()?)
}

fn set_state(tx: &Connection, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// This database's id for sync, made at its first sync.
fn database_id(tx: &Connection) -> Result<String> {
    if let Some(id) = state(tx, "database_id")? {
        return Ok(id);
    }
    let id = new_id();
    set_state(tx, "database_id", &id)?;
    Ok(id)
}

/// The id of the sync folder `dir`, which must be the one this database syncs with. A
/// database records the folder of its first sync; a folder gets its id (in its mark file)
/// from the first database that syncs into it: that database's folder, or a new one. A
/// database syncs with one folder only, since its baseline follows what it exchanged there.
fn folder_id(tx: &Connection, dir: &Path) -> Result<String> {
    let recorded = state(tx, "folder_id")?;
    if recorded.as_deref().is_some_and(|id| !is_id(id)) {
        return Err(refused(
            "the sync folder this database recorded is not an id botdash writes (edited by \
             hand?); nothing was synced"
                .into(),
        ));
    }
    let mark = dir.join(FOLDER_MARK);
    let id = match (read_mark(&mark)?, recorded) {
        (Some(marked), Some(recorded)) if marked != recorded => {
            return Err(refused(format!(
                "{} is not the sync folder this database syncs with (it is …{}, this \
                 database's is …{}): a database syncs with one folder only; nothing was synced",
                shown(dir),
                tail(&marked),
                tail(&recorded)
            )));
        }
        (Some(marked), _) => marked,
        (None, recorded) => {
            let id = recorded.unwrap_or_else(new_id);
            let line = format!("{FOLDER_MARK} {id}\n");
            write_private(&mark, line.as_bytes(), Existing::Refuse)
                .map_err(|e| refused(e.to_string()))?;
            id
        }
    };
    set_state(tx, "folder_id", &id)?;
    Ok(id)
}

/// The folder id in a folder's mark file, if it has one.
fn read_mark(path: &Path) -> Result<Option<String>> {
    let file = match open_regular(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        opened => opened,
    };
    let unreadable =
        |why: String| refused(format!("{} is not a sync folder mark: {why}", shown(path)));
    let mut text = String::new();
    file.and_then(|f| f.take(MAX_HEADER).read_to_string(&mut text))
        .map_err(|e| unreadable(e.to_string()))?;
    match text.strip_suffix('\n').and_then(|line| line.strip_prefix(FOLDER_MARK)) {
        Some(id) if id.starts_with(' ') && is_id(&id[1..]) => Ok(Some(id[1..].to_string())),
        _ => Err(unreadable("not botdash's".into())),
    }
}

/// Whether `text` looks like an id botdash makes.
fn is_id(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The end of an id, enough to tell two apart: its last eight characters (an id edited by
/// hand need not be ASCII).
pub fn tail(id: &str) -> &str {
    id.char_indices().rev().nth(7).map_or(id, |(i, _)| &id[i..])
}

/// Opens a file for reading if it is a regular file, without waiting (a FIFO is refused,
/// not waited on).
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"));
    }
    Ok(file)
}

/// Writes `changeset` under this database's next free number; returns the file. The number
/// only grows, so a file another database applied is never written again under the same name.
fn write_changeset(
    tx: &Connection,
    dir: &Path,
    id: &str,
    folder: &str,
    changeset: &[u8],
) -> Result<PathBuf> {
    let stored = state(tx, "next_number")?;
    let mut number: u64 = stored.and_then(|n| n.parse().ok()).unwrap_or(1);
    let path = loop {
        let path = dir.join(format!("{id}-{number:06}.changeset"));
        // Taken by anything, a dangling link included.
        if path.symlink_metadata().is_err() {
            break path;
        }
        number += 1;
    };
    let header =
        format!("{HEADER} {id} {number} {} {folder} {}\n", schema::VERSION, changeset.len());
    let written = NewFile::beside(&path).and_then(|mut file| {
        file.write_all(header.as_bytes())?;
        file.write_all(changeset)?;
        file.finish(Existing::Refuse)
    });
    written.map_err(|e| refused(e.to_string()))?;
    set_state(tx, "next_number", &(number + 1).to_string())?;
    Ok(path)
}

/// The other databases' changeset files in `dir` not applied here yet, in name order (which
/// is database id, then number).
fn pending_files(tx: &Connection, dir: &Path, own: &str) -> Result<Vec<(String, PathBuf)>> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| refused(format!("cannot read {}: {e}", shown(dir))))?;
    let mut statement =
        tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_applied WHERE file = ?1)")?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".changeset") || name.starts_with('.') || name.starts_with(own) {
            continue;
        }
        let applied: bool = statement.query_row(params![name], |r| r.get(0))?;
        if !applied {
            files.push((name, entry.path()));
        }
    }
    files.sort();
    Ok(files)
}

/// The changeset in a file and its changes, checked whole: a regular file, its header, the
/// sync folder it was written for, its size (before the changeset is read), and every
/// change readable.
fn read_changeset(
    path: &Path,
    name: &str,
    folder: &str,
) -> std::result::Result<(Vec<u8>, Vec<Change>), String> {
    let unreadable = |e: std::io::Error| format!("cannot read it: {e}");
    let file = open_regular(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidInput => e.to_string(),
        _ => unreadable(e),
    })?;
    let metadata = file.metadata().map_err(unreadable)?;
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    (&mut reader).take(MAX_HEADER).read_until(b'\n', &mut line).map_err(unreadable)?;
    let (length, written_for) = parse_header(line.strip_suffix(b"\n").ok_or(NOT_OURS)?, name)?;
    if let Some(other) = written_for.filter(|f| f != folder) {
        return Err(format!(
            "written for another sync folder (…{}, this one is …{}): it belongs to databases \
             this one does not sync with",
            tail(&other),
            tail(folder)
        ));
    }
    let found = metadata.len().saturating_sub(line.len() as u64);
    if found != length {
        return Err(format!("cut short or padded: {found} bytes where the header says {length}"));
    }
    if length > MAX_CHANGESET {
        return Err(format!("too large ({length} bytes; at most {MAX_CHANGESET})"));
    }
    let mut body = Vec::with_capacity(length as usize);
    reader.take(length).read_to_end(&mut body).map_err(unreadable)?;
    if body.len() as u64 != length {
        return Err("cut short while it was read".into());
    }
    let changes = session::changes(&body).map_err(|why| format!("the changeset is {why}"))?;
    Ok((body, changes))
}

/// The changeset's length and the sync folder it was written for (unless its format is
/// older than folder ids) from a file's header line, checked against the file's name; a
/// file from a newer botdash is refused until this one is upgraded.
fn parse_header(line: &[u8], name: &str) -> std::result::Result<(u64, Option<String>), String> {
    let line = std::str::from_utf8(line).map_err(|_| NOT_OURS)?;
    let fields: Vec<&str> = line.split(' ').collect();
    let known_version = |version: &str| {
        let version: i32 = version.parse().map_err(|_| "bad header")?;
        if version > schema::VERSION {
            return Err(newer(&format!("schema version {version}")));
        }
        Ok(())
    };
    let (id, number, folder, length) = match fields.as_slice() {
        [MAGIC, "1", id, number, length] => (id, number, None, length),
        [MAGIC, "2", id, number, version, length] => {
            known_version(version)?;
            (id, number, None, length)
        }
        [MAGIC, "3", id, number, version, folder, length] if is_id(folder) => {
            known_version(version)?;
            (id, number, Some(folder.to_string()), length)
        }
        [MAGIC, format, ..] if format.parse::<u32>().is_ok() => {
            return Err(newer(&format!("changeset format {}", sanitize(format))));
        }
        _ => return Err(NOT_OURS.into()),
    };
    let expected =
        format!("{id}-{:06}.changeset", number.parse::<u64>().map_err(|_| "bad header")?);
    if expected != name {
        return Err("its header does not match its name".into());
    }
    Ok((length.parse().map_err(|_| "bad header")?, folder))
}

fn newer(what: &str) -> String {
    format!(
        "written by a newer botdash ({what}; this one knows up to schema version {}): it \
         applies once botdash is upgraded",
        schema::VERSION
    )
}

/// Refuses changes that this database could not take whole: to a table sync does not
/// exchange, or with more fields than the table has here (a newer botdash's).
fn check_fits(changes: &[Change], columns: &Columns) -> std::result::Result<(), String> {
    for change in changes {
        let table = sanitize(&change.table);
        let Some(known) = columns.get(change.table.as_str()) else {
            return Err(format!("it writes to '{table}', a table sync does not exchange"));
        };
        if change.primary_key.len() > known.len() {
            return Err(newer(&format!("more fields in '{table}' than this one has")));
        }
    }
    Ok(())
}

/// Applies one file's changes, each held to the rules of every entry (a change that breaks
/// one is refused like one a constraint refuses); returns the number of new conflicts, or
/// why the file was refused as a whole (then nothing of it is applied).
fn apply_file(
    tx: &Connection,
    name: &str,
    changeset: &[u8],
    columns: &Columns,
) -> Result<std::result::Result<usize, String>> {
    with_rules(tx, || apply_checked(tx, name, changeset, columns))
}

/// `apply_file` with the rules in force.
fn apply_checked(
    tx: &Connection,
    name: &str,
    changeset: &[u8],
    columns: &Columns,
) -> Result<std::result::Result<usize, String>> {
    let mut clashes = Vec::new();
    let mut dangling = false;
    let applied = session::apply(tx, changeset, &synced_tables(), |c| {
        if c.clash == Clash::ForeignKey {
            dangling = true;
            return Decision::Abort;
        }
        clashes.push(c);
        Decision::Omit
    });
    if dangling {
        return Ok(Err("its changes refer to records deleted here: restore them (undo), then \
                       sync again"
            .into()));
    }
    applied?;
    let mut conflicts = 0;
    for clash in clashes {
        let table = known_table(&clash.change.table)?;
        conflicts += settle(tx, &clash, table, &columns[table], name)?;
    }
    tx.execute(
        "INSERT INTO sync_applied (file, applied_at) VALUES (?1, ?2)",
        params![name, timestamp_now()],
    )?;
    Ok(Ok(conflicts))
}

/// Each synced table's columns in their order, which is the order of a change's values.
type Columns = HashMap<&'static str, Vec<String>>;

fn columns_of(tx: &Connection) -> Result<Columns> {
    let mut columns = Columns::new();
    for table in synced_tables() {
        let sql = format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
        let names =
            tx.prepare(&sql)?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        columns.insert(table, names);
    }
    Ok(columns)
}

/// Merges what can be merged of a clashing change and records the rest as conflicts;
/// returns how many of them are new.
fn settle(
    tx: &Connection,
    conflicting: &Conflicting,
    table: &str,
    columns: &[String],
    source: &str,
) -> Result<usize> {
    let (clash, c) = (conflicting.clash, &conflicting.change);
    let key = key_of(c, columns);
    let row = |values: &[Option<Value>]| -> Json {
        Json::Object(
            columns
                .iter()
                .zip(values)
                .filter_map(|(name, v)| v.as_ref().map(|v| (name.clone(), to_json(Some(v)))))
                .collect(),
        )
    };
    let record_why = |kind: ConflictKind,
                      column: Option<&str>,
                      mine: Option<Json>,
                      theirs: Option<Json>,
                      reason: Option<&str>| {
        let found = Found { kind, column, mine, theirs, reason };
        record_conflict(tx, table, &key, found, source)
    };
    let record = |kind, column, mine, theirs| record_why(kind, column, mine, theirs, None);
    match (c.op, clash) {
        (Op::Update, Clash::Data) | (Op::Insert, Clash::Conflict) => {
            let mut recorded = 0;
            for (i, name) in columns.iter().enumerate() {
                let (Some(new), false) = (&c.new[i], c.primary_key[i]) else { continue };
                let here = c.here[i].as_ref();
                if here == Some(new) {
                    agree(tx, table, &key, name)?;
                    continue;
                }
                if c.op == Op::Update && here == c.old[i].as_ref() {
                    if let Err(why) = set_field(tx, table, &key, name, new)? {
                        let (here, new) = (Some(to_json(here)), Some(to_json(Some(new))));
                        recorded +=
                            record_why(ConflictKind::Refused, Some(name), here, new, Some(&why))?;
                    }
                    continue;
                }
                if is_bookkeeping(name) {
                    if here.is_none_or(|here| later(new, here)) {
                        set_field(tx, table, &key, name, new)?.map_err(refused)?;
                    }
                    continue;
                }
                recorded += record(
                    ConflictKind::BothChanged,
                    Some(name),
                    Some(to_json(here)),
                    Some(to_json(Some(new))),
                )?;
            }
            Ok(recorded)
        }
        (Op::Update, Clash::NotFound) => {
            // The whole record as the other side has it: the last one known here (in the
            // baseline, or as the undo history saw it deleted), with their changes.
            let known = match stored_row(tx, "base", table, columns, &key)? {
                Some(row) => Some(row),
                None => deleted_row(tx, table, &key)?,
            };
            let mut theirs = known.unwrap_or_default();
            if let Json::Object(changed) = row(&c.new) {
                theirs.extend(changed);
            }
            theirs.extend(key.clone());
            record(ConflictKind::DeletedHere, None, None, Some(Json::Object(theirs)))
        }
        (Op::Delete, Clash::Data) => {
            record(ConflictKind::DeletedThere, None, Some(row(&c.here)), None)
        }
        (Op::Delete, Clash::NotFound) => Ok(0),
        _ => {
            // Refused by a rule or constraint: one field as it is here and as sent, or
            // the record here (if it is) and as sent.
            let mut theirs = row(&c.new);
            if let Json::Object(map) = &mut theirs {
                map.extend(key.clone());
            }
            let why = match &theirs {
                Json::Object(sent) => why_refused(tx, table, &key, sent)?,
                _ => None,
            };
            let why = why.as_deref();
            let here = stored_row(tx, "main", table, columns, &key)?;
            let changed: Vec<&String> = columns
                .iter()
                .zip(&c.new)
                .zip(&c.primary_key)
                .filter(|((_, new), pk)| new.is_some() && !**pk)
                .map(|((name, _), _)| name)
                .collect();
            if let ([column], Some(here)) = (changed.as_slice(), &here) {
                let new = c.new[columns.iter().position(|n| n == *column).unwrap_or(0)].as_ref();
                let (mine, theirs) = (here.get(*column).cloned(), Some(to_json(new)));
                return record_why(ConflictKind::Refused, Some(column), mine, theirs, why);
            }
            record_why(ConflictKind::Refused, None, here.map(Json::Object), Some(theirs), why)
        }
    }
}

/// A change's primary key, column by column.
fn key_of(c: &Change, columns: &[String]) -> Map<String, Json> {
    let values = if c.op == Op::Insert { &c.new } else { &c.old };
    columns
        .iter()
        .zip(&c.primary_key)
        .zip(values)
        .filter(|((_, pk), _)| **pk)
        .map(|((name, _), value)| (name.clone(), to_json(value.as_ref())))
        .collect()
}

/// Sets one field of a record here, or says which rule or constraint refuses the value.
fn set_field(
    tx: &Connection,
    table: &str,
    key: &Map<String, Json>,
    column: &str,
    value: &Value,
) -> Result<std::result::Result<(), String>> {
    let (where_sql, params) = key_condition(key);
    let sql = format!("UPDATE main.\"{table}\" SET \"{column}\" = ? WHERE {where_sql}");
    match tx.execute(&sql, params_from_iter(std::iter::once(value.clone()).chain(params))) {
        Ok(_) => Ok(Ok(())),
        Err(e) => refusal(&e).map(Err).ok_or_else(|| e.into()),
    }
}

/// Whether a column records when its record changed rather than what it holds: changes to
/// it on both sides merge to the later time and are never a conflict.
fn is_bookkeeping(column: &str) -> bool {
    column == "updated_at"
}

/// Whether timestamp `a` is later than `b`.
fn later(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(a), Value::Text(b)) => a > b,
        (_, Value::Null) => true,
        _ => false,
    }
}

/// Marks as agreed an open conflict on a field both sides now hold the same value of.
fn agree(tx: &Connection, table: &str, key: &Map<String, Json>, column: &str) -> Result<()> {
    tx.execute(
        "UPDATE sync_conflict SET resolved_at = ?4, resolution = 'agreed' \
         WHERE resolved_at IS NULL AND tbl = ?1 AND row_key = ?2 AND col = ?3",
        params![table, Json::Object(key.clone()).to_string(), column, timestamp_now()],
    )?;
    Ok(())
}

/// The fields this database changed since its last sync, with their new values: `local`,
/// the changeset it just wrote.
type Fields = HashMap<(String, String, String), Value>;

fn changed_fields(local: &[Change], columns: &Columns) -> Result<Fields> {
    let mut fields = Fields::new();
    for change in local.iter().filter(|c| c.op == Op::Update) {
        let table = known_table(&change.table)?;
        let columns = &columns[table];
        let key = Json::Object(key_of(change, columns)).to_string();
        for (name, new) in columns.iter().zip(&change.new) {
            if let Some(new) = new {
                fields.insert((table.to_string(), key.clone(), name.clone()), new.clone());
            }
        }
    }
    Ok(fields)
}

/// A change from another database that applied cleanly to a field changed here too since
/// the last sync (both sides resolving one conflict differently, say) is a conflict too:
/// the value here is put back and the disagreement recorded. Returns how many were new.
fn cross_check(
    tx: &Connection,
    incoming: &[Change],
    mine: &Fields,
    columns: &Columns,
    source: &str,
) -> Result<usize> {
    let mut found_new = 0;
    for change in incoming.iter().filter(|c| c.op == Op::Update) {
        let table = known_table(&change.table)?;
        let columns = &columns[table];
        let key = key_of(change, columns);
        let key_text = Json::Object(key.clone()).to_string();
        for (name, theirs) in columns.iter().zip(&change.new) {
            let Some(theirs) = theirs else { continue };
            let Some(ours) = mine.get(&(table.to_string(), key_text.clone(), name.clone())) else {
                continue;
            };
            if ours == theirs {
                agree(tx, table, &key, name)?;
                continue;
            }
            if is_bookkeeping(name) {
                if later(ours, theirs) {
                    set_field(tx, table, &key, name, ours)?.map_err(refused)?;
                }
                continue;
            }
            set_field(tx, table, &key, name, ours)?.map_err(refused)?;
            let (ours, theirs) = (to_json(Some(ours)), to_json(Some(theirs)));
            let found = Found {
                kind: ConflictKind::BothChanged,
                column: Some(name),
                mine: Some(ours),
                theirs: Some(theirs),
                reason: None,
            };
            found_new += record_conflict(tx, table, &key, found, source)?;
        }
    }
    Ok(found_new)
}

/// The record with `key` in database `schema` (`main` or the baseline, `base`), column by
/// column.
fn stored_row(
    tx: &Connection,
    schema: &str,
    table: &str,
    columns: &[String],
    key: &Map<String, Json>,
) -> Result<Option<Map<String, Json>>> {
    let (where_sql, params) = key_condition(key);
    let list = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT {list} FROM {schema}.\"{table}\" WHERE {where_sql}");
    let found = tx
        .query_row(&sql, params_from_iter(params), |r| {
            (0..columns.len())
                .map(|i| Ok((columns[i].clone(), to_json(Some(&r.get::<_, Value>(i)?)))))
                .collect::<rusqlite::Result<Map<String, Json>>>()
        })
        .optional()?;
    Ok(found)
}

/// The record with `key` as the undo history last saw it before deleting it.
fn deleted_row(
    tx: &Connection,
    table: &str,
    key: &Map<String, Json>,
) -> Result<Option<Map<String, Json>>> {
    let matches = key
        .keys()
        .map(|k| format!("json_extract(c.value, '$.before.{k}') = ?"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let sql = format!(
        "SELECT json_extract(c.value, '$.before') FROM change_log, json_each(change_log.changes_json) c \
         WHERE json_extract(c.value, '$.table') = '{table}' AND json_extract(c.value, '$.after') IS NULL \
         AND {matches} ORDER BY change_log.seq DESC LIMIT 1"
    );
    let found: Option<String> = tx
        .query_row(&sql, params_from_iter(key.values().map(|v| to_sql(Some(v)))), |r| r.get(0))
        .optional()?;
    Ok(match found.and_then(|text| serde_json::from_str::<Json>(&text).ok()) {
        Some(Json::Object(row)) => Some(row),
        _ => None,
    })
}

/// A disagreement found about one record: its kind, the field (none for the whole record),
/// both sides, and for a refused change why.
struct Found<'a> {
    kind: ConflictKind,
    column: Option<&'a str>,
    mine: Option<Json>,
    theirs: Option<Json>,
    reason: Option<&'a str>,
}

fn record_conflict(
    tx: &Connection,
    table: &str,
    key: &Map<String, Json>,
    found: Found,
    source: &str,
) -> Result<usize> {
    let Found { kind, column, mine, theirs, reason } = found;
    let key_text = Json::Object(key.clone()).to_string();
    let text = |v: Option<Json>| v.map(|v| v.to_string());
    let engagement = match (table, key.get("id"), key.get("engagement_id")) {
        ("engagement", Some(Json::String(id)), _) => Some(id.clone()),
        _ => None,
    };
    let engagement = engagement.or_else(|| {
        let sql =
            format!("SELECT engagement_id FROM main.\"{table}\" WHERE {}", key_condition(key).0);
        let has_column = column_exists(tx, table, "engagement_id");
        has_column
            .then(|| tx.query_row(&sql, params_from_iter(key_condition(key).1), |r| r.get(0)).ok())
            .flatten()
    });
    // A record not here (a refused insert) belongs to the engagement it names.
    let sent = theirs.as_ref().and_then(|t| t.get("engagement_id")?.as_str().map(String::from));
    let engagement = engagement.or(sent);
    // A conflict found again (the same field of the same record) replaces the open one.
    let replaced = tx.execute(
        "DELETE FROM sync_conflict WHERE resolved_at IS NULL AND tbl = ?1 AND row_key = ?2 \
         AND col IS ?3",
        params![table, key_text, column],
    )?;
    tx.execute(
        "INSERT INTO sync_conflict (id, engagement_id, tbl, row_key, col, kind, mine, theirs, \
         source, found_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            new_id(),
            engagement,
            table,
            key_text,
            column,
            kind.as_str(),
            text(mine),
            text(theirs),
            source,
            timestamp_now(),
            reason
        ],
    )?;
    Ok(usize::from(replaced == 0))
}

fn column_exists(tx: &Connection, table: &str, column: &str) -> bool {
    tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1)"),
        params![column],
        |r| r.get(0),
    )
    .unwrap_or(false)
}

/// The conflicts not resolved yet, oldest first.
fn open_conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, tbl, row_key, col, kind, mine, theirs, source, found_at, reason, \
         (SELECT slug FROM engagement WHERE id = engagement_id) FROM sync_conflict \
         WHERE resolved_at IS NULL ORDER BY found_at, rowid",
    )?;
    let rows = statement.query_map([], |r| {
        let json = |i: usize| -> rusqlite::Result<Option<Json>> {
            Ok(r.get::<_, Option<String>>(i)?.and_then(|t| serde_json::from_str(&t).ok()))
        };
        Ok(Conflict {
            id: r.get(0)?,
            table: r.get(1)?,
            key: match json(2)? {
                Some(Json::Object(map)) => map,
                _ => Map::new(),
            },
            column: r.get(3)?,
            kind: r.get::<_, String>(4)?.parse().unwrap_or(ConflictKind::Refused),
            mine: json(5)?,
            theirs: json(6)?,
            source: r.get(7)?,
            found_at: r.get(8)?,
            reason: r.get(9)?,
            engagement: r.get(10)?,
            record: String::new(),
        })
    })?;
    let mut conflicts: Vec<Conflict> = rows.collect::<rusqlite::Result<_>>()?;
    for c in &mut conflicts {
        c.record = record_name(conn, c);
    }
    Ok(conflicts)
}

/// Marks as agreed the open conflicts that no longer disagree: both sides now hold the same
/// value, or the record is back (deleted here) or gone (deleted there).
fn settle_agreed(tx: &Connection) -> Result<()> {
    for c in open_conflicts(tx)? {
        let Ok(table) = known_table(&c.table) else { continue };
        let (where_sql, params) = key_condition(&c.key);
        let exists: bool = tx.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM main.\"{table}\" WHERE {where_sql})"),
            params_from_iter(params.clone()),
            |r| r.get(0),
        )?;
        let agreed = match (c.kind, &c.column) {
            (ConflictKind::BothChanged, Some(column)) if exists => {
                let here: Value = tx.query_row(
                    &format!("SELECT \"{column}\" FROM main.\"{table}\" WHERE {where_sql}"),
                    params_from_iter(params),
                    |r| r.get(0),
                )?;
                to_json(Some(&here)) == c.theirs.clone().unwrap_or(Json::Null)
            }
            (ConflictKind::DeletedHere, _) => exists,
            (ConflictKind::DeletedThere, _) => !exists,
            _ => false,
        };
        if agreed {
            tx.execute(
                "UPDATE sync_conflict SET resolved_at = ?2, resolution = 'agreed' WHERE id = ?1",
                params![c.id, timestamp_now()],
            )?;
        }
    }
    Ok(())
}

/// Makes the baseline a copy of the synced tables as they are now.
fn refresh_baseline(tx: &Connection) -> Result<()> {
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for table in synced_tables().iter().rev() {
        tx.execute(&format!("DELETE FROM base.\"{table}\""), [])?;
    }
    for table in synced_tables() {
        tx.execute(&format!("INSERT INTO base.\"{table}\" SELECT * FROM main.\"{table}\""), [])?;
    }
    Ok(())
}

/// `"a" = ? AND "b" = ?` and the values, for a primary key.
fn key_condition(key: &Map<String, Json>) -> (String, Vec<Value>) {
    let condition = key.keys().map(|k| format!("\"{k}\" = ?")).collect::<Vec<_>>().join(" AND ");
    (condition, key.values().map(|v| to_sql(Some(v))).collect())
}

/// Inserts a whole record (replacing one with the same key when `replace`).
fn insert_row(
    tx: &Connection,
    schema: &str,
    table: &str,
    row: &Map<String, Json>,
    replace: bool,
) -> Result<()> {
    let columns = row.keys().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ");
    let marks = vec!["?"; row.len()].join(", ");
    let verb = if replace { "INSERT OR REPLACE" } else { "INSERT" };
    let sql = format!("{verb} INTO {schema}.\"{table}\" ({columns}) VALUES ({marks})");
    tx.execute(&sql, params_from_iter(row.values().map(|v| to_sql(Some(v)))))?;
    Ok(())
}

/// Why a rule or constraint refuses writing `row` here: the write, tried again and undone.
fn why_refused(
    tx: &Connection,
    table: &str,
    key: &Map<String, Json>,
    row: &Map<String, Json>,
) -> Result<Option<String>> {
    tx.execute_batch("SAVEPOINT why_refused")?;
    let tried = put_row(tx, table, key, row);
    tx.execute_batch("ROLLBACK TO why_refused; RELEASE why_refused")?;
    match tried {
        Err(StoreError::Sqlite(e)) => Ok(refusal(&e)),
        Err(e) => Err(e),
        Ok(()) => Ok(None),
    }
}

/// Writes a record's fields: its changed fields if it is here, else the whole record.
fn put_row(
    tx: &Connection,
    table: &str,
    key: &Map<String, Json>,
    row: &Map<String, Json>,
) -> Result<()> {
    let (where_sql, params) = key_condition(key);
    let sql = format!("SELECT EXISTS (SELECT 1 FROM main.\"{table}\" WHERE {where_sql})");
    let here: bool = tx.query_row(&sql, params_from_iter(params.clone()), |r| r.get(0))?;
    if !here {
        return insert_row(tx, "main", table, row, false);
    }
    let fields = row.iter().filter(|(name, _)| !key.contains_key(*name));
    let (names, values): (Vec<_>, Vec<_>) =
        fields.map(|(name, value)| (format!("\"{name}\" = ?"), to_sql(Some(value)))).unzip();
    if names.is_empty() {
        return Ok(());
    }
    let sql = format!("UPDATE main.\"{table}\" SET {} WHERE {where_sql}", names.join(", "));
    tx.execute(&sql, params_from_iter(values.into_iter().chain(params)))?;
    Ok(())
}

/// The engagement a conflict's record belongs to, for its undo history.
fn engagement_of(conn: &Connection, c: &Conflict) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT engagement_id FROM sync_conflict WHERE id = ?1", params![c.id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten())
}

/// The columns that name a record, by table.
/// A conflict's record by its name: as it is here, else as either side's values give it,
/// else by its key.
fn record_name(conn: &Connection, c: &Conflict) -> String {
    let column = Table::from_name(&c.table).and_then(Table::name_column);
    let here = column.and_then(|column| {
        let (where_sql, params) = key_condition(&c.key);
        let sql = format!("SELECT \"{column}\" FROM main.\"{}\" WHERE {where_sql}", c.table);
        conn.query_row(&sql, params_from_iter(params), |r| r.get::<_, String>(0)).ok()
    });
    let sent = || {
        let column = column?;
        [c.mine.as_ref(), c.theirs.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|row| row.get(column).and_then(Json::as_str).map(str::to_string))
    };
    match here.or_else(sent) {
        Some(name) => format!("'{}'", sanitize(&name)),
        None => c
            .key
            .values()
            .map(|v| v.to_string().trim_matches('"').to_string())
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// A side's value as one line: the value, "(empty)", "(deleted)" or "(the whole record)".
pub fn side_text(side: &Option<Json>) -> String {
    match side {
        None => "(deleted)".into(),
        Some(Json::Null) => "(empty)".into(),
        Some(Json::Object(_)) => "(the whole record)".into(),
        Some(Json::String(text)) => sanitize(&text.replace('\n', " ")).into_owned(),
        Some(other) => other.to_string(),
    }
}

/// One line naming a conflict's record (and its engagement) and field.
pub fn describe(c: &Conflict) -> String {
    let engagement = match &c.engagement {
        Some(slug) if c.table != "engagement" => format!(" of '{}'", sanitize(slug)),
        _ => String::new(),
    };
    match &c.column {
        Some(column) => format!("{} {}{engagement}, field {column}", c.table, c.record),
        None => format!("{} {}{engagement}", c.table, c.record),
    }
}

/// What kind of conflict it is, with the rule or constraint that refused a change.
pub fn verdict(c: &Conflict) -> String {
    match &c.reason {
        Some(reason) => format!("{}: {}", c.kind.label(), sanitize(reason)),
        None => c.kind.label().to_string(),
    }
}

/// This side's value as one line; a refused record that is not here is "(not here)".
pub fn here_text(c: &Conflict) -> String {
    match (&c.mine, c.kind) {
        (None, ConflictKind::Refused) => "(not here)".into(),
        (mine, _) => side_text(mine),
    }
}

fn to_json(value: Option<&Value>) -> Json {
    match value {
        None | Some(Value::Null) => Json::Null,
        Some(Value::Integer(i)) => Json::from(*i),
        Some(Value::Real(f)) => Json::from(*f),
        Some(Value::Text(t)) => Json::from(t.as_str()),
        Some(Value::Blob(b)) => {
            Json::from(b.iter().map(|byte| format!("{byte:02x}")).collect::<String>())
        }
    }
}

fn to_sql(value: Option<&Json>) -> Value {
    match value {
        None | Some(Json::Null) => Value::Null,
        Some(Json::Bool(b)) => Value::Integer(i64::from(*b)),
        Some(Json::Number(n)) => {
            n.as_i64().map_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0)), Value::Integer)
        }
        Some(Json::String(s)) => Value::Text(s.clone()),
        Some(other) => Value::Text(other.to_string()),
    }
}
