//! The changeset file: its format, this database's id and numbers (kept in `sync_state`),
//! writing one and sending it, and reading one back whole or not at all.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::session::{self, ChangesetRow};
use super::{Result, refused, shown};
use crate::files::{Existing, NewFile, WriteError, open_regular};
use crate::model::text::sanitize;
use crate::model::{new_id, timestamp_now};
use crate::records::{Record, insert_all, record, replace, select_list};
use crate::store::schema;

/// The first line of every changeset file: the magic word, the format, the database id, the
/// number, the schema version of the database that wrote it, the sync folder it was written
/// for and the changeset's length in bytes. Formats 1 (without the schema version and the
/// folder) and 2 (without the folder) are still read.
const MAGIC: &str = "botdash-changeset";
const HEADER: &str = "botdash-changeset 3";
/// Longer than any header line, or the folder's mark.
pub(super) const MAX_HEADER: u64 = 256;
/// The largest changeset applied: a file's size is checked against it before it is read.
const MAX_CHANGESET: u64 = 256 << 20;
const NOT_OURS: &str = "not a botdash changeset";

record! {
    /// One value of this database's sync state, by its key: its id, its folder, the number
    /// of its last changeset.
    pub struct SyncState: SyncStateField in "sync_state" {
        Key key: String,
        Value value: String,
    }
}

record! {
    /// A changeset file applied here (by its name, which is never applied again), and when.
    pub struct AppliedFile: AppliedFileField in "sync_applied" {
        File file: String,
        AppliedAt applied_at: String,
    }
}

/// A value of this database's sync state.
pub(super) fn state(tx: &Connection, key: &str) -> Result<Option<String>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = ?1",
        select_list::<SyncState>(),
        SyncState::TABLE,
        SyncStateField::Key.column()
    );
    let found = tx.query_row(&sql, params![key], SyncState::from_row).optional()?;
    Ok(found.map(|state| state.value))
}

pub(super) fn set_state(tx: &Connection, key: &str, value: &str) -> Result<()> {
    Ok(replace(tx, &SyncState { key: key.into(), value: value.into() })?)
}

/// Notes that the changeset file `name` is applied.
pub(super) fn note_applied(tx: &Connection, name: &str) -> Result<()> {
    Ok(insert_all(tx, "", &[AppliedFile { file: name.into(), applied_at: timestamp_now() }])?)
}

/// This database's id for sync, made at its first sync.
pub(super) fn database_id(tx: &Connection) -> Result<String> {
    if let Some(id) = state(tx, "database_id")? {
        return Ok(id);
    }
    let id = new_id();
    set_state(tx, "database_id", &id)?;
    Ok(id)
}

/// Whether `text` looks like an id botdash makes.
pub(super) fn is_id(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The end of an id, enough to tell two apart: its last eight characters (an id edited by
/// hand need not be ASCII).
pub fn tail(id: &str) -> &str {
    id.char_indices().rev().nth(7).map_or(id, |(i, _)| &id[i..])
}

/// Writes `changeset` under this database's next free number, hidden until `Unsent::send`.
/// The number only grows, so a file another database applied is never written again under
/// the same name.
pub(super) fn write_changeset(
    tx: &Connection,
    dir: &Path,
    id: &str,
    folder: &str,
    changeset: &[u8],
) -> Result<Unsent> {
    let mut number = next_number(tx)?;
    // Taken by anything, a dangling link included, under either name.
    let taken =
        |path: &Path| path.symlink_metadata().is_ok() || hidden(path).symlink_metadata().is_ok();
    let path = loop {
        let path = dir.join(changeset_name(id, number));
        if !taken(&path) {
            break path;
        }
        number += 1;
    };
    let header =
        format!("{HEADER} {id} {number} {} {folder} {}\n", schema::VERSION, changeset.len());
    let hidden = hidden(&path);
    let written = NewFile::beside(&hidden).and_then(|mut file| {
        file.write_all(header.as_bytes())?;
        file.write_all(changeset)?;
        file.finish(Existing::Refuse)
    });
    written.map_err(|e| match e {
        WriteError::Failed(_, why) => {
            refused(format!("cannot write a changeset into the sync folder {}: {why}", shown(dir)))
        }
        e => refused(e.to_string()),
    })?;
    set_state(tx, "next_number", &(number + 1).to_string())?;
    Ok(Unsent { hidden, path, kept: false })
}

fn next_number(tx: &Connection) -> Result<u64> {
    Ok(state(tx, "next_number")?.and_then(|n| n.parse().ok()).unwrap_or(1))
}

fn changeset_name(id: &str, number: u64) -> String {
    format!("{id}-{number:06}.changeset")
}

/// A changeset's name with a dot before it, which no database applies.
fn hidden(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}"))
}

/// A changeset written under its hidden name, put in place under its name only once the sync
/// that wrote it is kept here, so that no database applies changes this one did not keep:
/// dropped unsent (the sync failed, at its commit too) it is removed. One left hidden (a
/// crash, a name taken meanwhile) is sent or removed by the next sync (`send_left_over`).
pub(super) struct Unsent {
    hidden: PathBuf,
    path: PathBuf,
    /// Whether the sync that wrote it was kept: then the file is never removed.
    kept: bool,
}

impl Unsent {
    /// Where the file goes.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the file in place, where the other databases apply it; call once the sync that
    /// wrote it is kept.
    pub(super) fn send(mut self) -> Result<()> {
        self.kept = true;
        put_in_place(&self.hidden, &self.path).map_err(|why| {
            refused(format!(
                "{why}: the sync was kept here, and the next sync sends its changes under \
                 this database's next free number"
            ))
        })
    }
}

impl Drop for Unsent {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.hidden);
        }
    }
}

/// Renames `hidden` to `path`, unless something is there.
fn put_in_place(hidden: &Path, path: &Path) -> std::result::Result<(), String> {
    if path.symlink_metadata().is_ok() {
        return Err(format!("{} is taken", shown(path)));
    }
    std::fs::rename(hidden, path).map_err(|e| format!("cannot name {}: {e}", shown(path)))
}

/// This database's changesets left hidden in `dir`: each of a sync kept here (its number
/// below the next) is put in place, under the next free number if its own name is taken
/// (by a file or a link another database or a person put there): those changes are in the
/// baseline already, so no later sync would send them again. Each of a sync that was not
/// kept is removed. Only regular files are touched.
pub(super) fn send_left_over(tx: &Connection, dir: &Path, id: &str, folder: &str) -> Result<()> {
    let next = next_number(tx)?;
    let entries =
        std::fs::read_dir(dir).map_err(|e| refused(format!("cannot read {}: {e}", shown(dir))))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let number = name.strip_prefix(&format!(".{id}-")).and_then(|rest| {
            let number = rest.strip_suffix(".changeset")?.parse::<u64>().ok()?;
            (changeset_name(id, number) == name[1..]).then_some(number)
        });
        let (Some(number), true) = (number, entry.file_type().is_ok_and(|t| t.is_file())) else {
            continue;
        };
        let path = dir.join(changeset_name(id, number));
        if number >= next {
            remove(&entry.path())?;
        } else if path.symlink_metadata().is_err() {
            put_in_place(&entry.path(), &path).map_err(refused)?;
        } else {
            send_renumbered(tx, dir, id, folder, &entry.path(), &name[1..])?;
        }
    }
    Ok(())
}

/// Sends the kept changeset at `hidden`, whose name `name` is taken, under the next free
/// number (at once: its sync was kept), then removes it. One already in place under its name
/// (sent) is only removed; so is one that does not read back as this folder's changeset: it
/// cannot be sent, and a file planted under a hidden name is no change of ours.
fn send_renumbered(
    tx: &Connection,
    dir: &Path,
    id: &str,
    folder: &str,
    hidden: &Path,
    name: &str,
) -> Result<()> {
    let sent = std::fs::read(hidden).is_ok_and(|bytes| holds(&dir.join(name), &bytes));
    if !sent && let Ok((changeset, _)) = read_changeset(hidden, name, folder) {
        write_changeset(tx, dir, id, folder, &changeset)?.send()?;
    }
    remove(hidden)
}

/// Whether the regular file at `path` holds `bytes`, and nothing more.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let mut found = Vec::new();
    let read = open_regular(path)
        .and_then(|file| file.take(bytes.len() as u64 + 1).read_to_end(&mut found));
    read.is_ok() && found == bytes
}

fn remove(path: &Path) -> Result<()> {
    std::fs::remove_file(path).map_err(|e| refused(format!("cannot remove {}: {e}", shown(path))))
}

/// The other databases' changeset files in `dir` not applied here yet, in name order (which
/// is database id, then number).
pub(super) fn pending_files(
    tx: &Connection,
    dir: &Path,
    own: &str,
) -> Result<Vec<(String, PathBuf)>> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| refused(format!("cannot read {}: {e}", shown(dir))))?;
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE {} = ?1)",
        AppliedFile::TABLE,
        AppliedFileField::File.column()
    );
    let mut statement = tx.prepare_cached(&sql)?;
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
pub(super) fn read_changeset(
    path: &Path,
    name: &str,
    folder: &str,
) -> std::result::Result<(Vec<u8>, Vec<ChangesetRow>), String> {
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

/// Why a file from a newer botdash waits: `what` of it this version does not know.
pub(super) fn newer(what: &str) -> String {
    format!(
        "written by a newer botdash ({what}; this one knows up to schema version {}): it \
         applies once botdash is upgraded",
        schema::VERSION
    )
}
