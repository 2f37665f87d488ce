//! Team sync through a shared folder (a git repository, a network share, a USB stick) with
//! SQLite's session extension. Each database keeps a baseline: its synced tables as of its last
//! sync, in `<database>.sync-base`. A sync, in one transaction:
//! 1. writes the changes made since the baseline as `<database id>-<number>.changeset`,
//!    under a hidden name until the transaction is committed;
//! 2. applies, in file-name order, every other database's changeset not applied yet. Changes to
//!    different records or fields merge. The same field changed on both sides, and a record
//!    deleted on one side and changed on the other, stay as they are here and are recorded as
//!    conflicts, resolved later by choosing a side;
//! 3. makes the baseline the synced state.
//!
//! Resolving a conflict sends the choice on: "theirs" is an edit here, and "mine" sets the
//! baseline to their value, so that the next sync sends ours as a change.
//!
//! The files: `file` (the changeset file: format, header, ids), `folder` (the folder's
//! mark), `session` (the session extension's C API), `apply` (applying a file, merging what
//! merges), `conflicts` (recording what does not), `listed` (listing it), `tally` (what a sync
//! found), `settle` (what settles without a choice: a value refused again, a refusal whose
//! cause is gone, both sides agreeing), `withheld` (the secrets a conflict never holds),
//! `linked` (what names a record with no name of its own), `lost` (what the other side's
//! deletions took with them here), `resolve` (choosing a side), `baseline` (the
//! `.sync-base` copy the next sync diffs against), `row` (a record's key and values between
//! SQLite and JSON), `synced` (the synced tables and a refusal, which they all share).
//!
//! Why sync does not exchange the undo history's change record (`undo::RowChange`, JSON images
//! of a row before and after): a changeset is SQLite's own binary format, made by diffing
//! against the baseline, so it holds every change to the synced tables however it was made,
//! while the history is per engagement and pruned. Applying one through the session extension
//! is what detects conflicts — each change carries the values it expects to find — and keeps
//! SQLite's constraints in force. What both can share, they share: a table is a `Table`, a
//! record's key or values an `Image` (column to JSON value), turned into SQL values by one
//! function. A conflict is facts (table, key, name, field, both sides); the app words it.

mod apply;
mod baseline;
mod conflicts;
mod file;
mod folder;
mod linked;
mod listed;
mod lost;
mod resolve;
mod row;
mod session;
mod settle;
mod synced;
mod tally;
mod withheld;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use self::apply::{apply_file, changed_fields, check_fits, cross_check};
use self::baseline::refresh_baseline;
use self::conflicts::withhold_stored_secrets;
use self::file::{database_id, pending_files, read_changeset, send_left_over, write_changeset};
use self::folder::folder_id;
use self::lost::lost_here;
use self::settle::{settle_agreed, take_allowed_now};
use self::synced::{Columns, columns_of, known_table, refused, synced_tables};
use self::tally::{open_places, tally};
use super::{Result, Store, StoreError};
use crate::files::shown;

pub use baseline::baseline_path;
pub use conflicts::{ConflictKind, Resolution, StoredConflict};
pub use file::tail;
pub use file::{AppliedFile, SyncState};
pub use listed::Conflict;
pub use resolve::Keep;
pub use tally::Tally;
pub use withheld::WITHHELD;

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
    pub conflicts: Tally,
}

impl Store {
    /// Exchanges changes with the other databases through `dir`; see the module comment.
    pub fn sync(&mut self, dir: &Path) -> Result<SyncReport> {
        if !dir.is_dir() {
            return Err(refused(format!("{} is not a folder", shown(dir))));
        }
        let (report, unsent) = self.with_baseline(|store| {
            store.edit(|tx| {
                check_references(tx)?;
                withhold_stored_secrets(tx)?;
                take_allowed_now(tx)?;
                let id = database_id(tx)?;
                let folder = folder_id(tx, dir)?;
                let open_before = open_places(tx)?;
                send_left_over(tx, dir, &id, &folder)?;
                let mut report = SyncReport::default();
                let columns = columns_of(tx)?;
                let local = session::diff(tx, "base", &synced_tables())?;
                let local_changes = session::changes(&local).map_err(refused)?;
                let mine = changed_fields(&local_changes, &columns)?;
                let unsent = if local.is_empty() {
                    None
                } else {
                    Some(write_changeset(tx, dir, &id, &folder, &local)?)
                };
                report.written =
                    unsent.as_ref().map(|u| (u.path().to_path_buf(), local_changes.len()));
                // Every change applied by this sync so far: a record one file deleted is no
                // edit lost when the next is applied.
                let mut arrived = Vec::new();
                for (name, path) in pending_files(tx, dir, &id)? {
                    let read =
                        read_changeset(&path, &name, &folder).and_then(|(bytes, changes)| {
                            check_fits(&changes, &columns).map(|()| (bytes, changes))
                        });
                    let applied = match read {
                        Ok((bytes, changes)) => {
                            apply_file(tx, &name, &bytes, (&columns, &mine))?.map(|()| changes)
                        }
                        Err(why) => Err(why),
                    };
                    match applied {
                        Ok(changes) => {
                            cross_check(tx, &changes, &mine, &columns, &name)?;
                            let count = changes.len();
                            arrived.extend(changes);
                            lost_here(tx, &local_changes, &arrived, &columns, &name)?;
                            report.applied.push((name, count));
                        }
                        Err(why) => report.refused.push((name, why)),
                    }
                }
                settle_agreed(tx)?;
                let applied: Vec<&str> = report.applied.iter().map(|(n, _)| n.as_str()).collect();
                report.conflicts = tally(tx, &open_before, &applied)?;
                refresh_baseline(tx)?;
                Ok((report, unsent))
            })
        })?;
        // Only now that the sync is kept here may the other databases apply its changes.
        if let Some(unsent) = unsent {
            unsent.send()?;
        }
        Ok(report)
    }
}

/// Refuses to sync while this database names a record it does not hold (a hand edit made
/// without foreign keys): its baseline keeps the foreign keys and could not take the sync,
/// so nothing is written or applied.
fn check_references(tx: &Connection) -> Result<()> {
    let mut check = tx.prepare("PRAGMA main.foreign_key_check")?;
    let mut dangling =
        check.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(2)?)))?;
    match dangling.next().transpose()? {
        None => Ok(()),
        Some((table, target)) => Err(refused(format!(
            "a {} here names a {} that is not in this database (edited by hand?): run \
             `botdash doctor`, correct it, then sync again; nothing was synced",
            table.replace('_', " "),
            target.replace('_', " ")
        ))),
    }
}
