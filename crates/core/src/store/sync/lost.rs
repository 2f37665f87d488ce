//! What of this database a sync took away though neither side changed it: records deleted,
//! and references emptied, with a record they name that the other side deleted without
//! knowing of them. Listed as conflicts where the edit was made, so that none is lost silently.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::{Connection, params};
use serde_json::Value as Json;

use super::apply::key_of;
use super::conflicts::{ConflictKind, Found, record_conflict};
use super::row::{stored_row, to_json};
use super::session::{self, ChangesetRow, RowOp};
use super::{Columns, Result, known_table, refused, synced_tables};
use crate::model::rules::{REFERENCES, Reference};
use crate::store::undo::Image;

/// What of this database applying other databases' files (`incoming`: every change this
/// sync applied so far) took away though no change named it: records deleted, and references cleared, with a record they name (a person, a
/// topic) that the other side deleted without knowing of them (added here, or refused there).
/// Each is recorded as a conflict here, so that the lost edit is seen where it was made;
/// keeping mine puts it back once what it names is back. `local` holds this side's changes
/// since its last sync.
pub(super) fn lost_here(
    tx: &Connection,
    local: &[ChangesetRow],
    incoming: &[ChangesetRow],
    columns: &Columns,
    source: &str,
) -> Result<()> {
    let since = session::diff(tx, "base", &synced_tables())?;
    let since = session::changes(&since).map_err(refused)?;
    let sent = Sent::new(local, incoming, columns)?;
    let lost = lost_records(tx, &since, &sent)?.into_iter().chain(lost_fields(&since, &sent)?);
    for lost in lost.chain(emptied_here(tx, &sent)?) {
        let (table, key, column, mine) = lost;
        let reason = match (&column, &mine) {
            (Some(column), _) => removed_with(tx, table, column, &mine)?,
            (None, Json::Object(row)) => reason_for_row(tx, table, row)?,
            _ => None,
        };
        let reason =
            reason.unwrap_or_else(|| "removed with a record it belongs to, deleted there".into());
        let found = Found {
            kind: ConflictKind::DeletedThere,
            column: column.as_deref(),
            mine: Some(mine),
            theirs: column.as_ref().map(|_| Json::Null),
            reason: Some(&reason),
        };
        record_conflict(tx, table, &key, found, source)?;
    }
    Ok(())
}

/// What the changes of both sides in this sync deleted (`None`) or set (the field's
/// position), by table and key; with the synced tables' columns and this side's changes.
struct Sent<'a> {
    local: &'a [ChangesetRow],
    columns: &'a Columns,
    touched: HashSet<(&'static str, String, Option<usize>)>,
}

impl<'a> Sent<'a> {
    fn new(
        local: &'a [ChangesetRow],
        incoming: &[ChangesetRow],
        columns: &'a Columns,
    ) -> Result<Sent<'a>> {
        let mut sent = Sent { local, columns, touched: HashSet::new() };
        for c in local.iter().chain(incoming) {
            let (table, key) = sent.key(c)?;
            let key = Json::Object(key).to_string();
            let set = c.new.iter().enumerate().filter(|(_, v)| v.is_some()).map(|(i, _)| Some(i));
            match c.op {
                RowOp::Delete => sent.touched.extend([(table, key, None)]),
                RowOp::Update => sent.touched.extend(set.map(|i| (table, key.clone(), i))),
                RowOp::Insert => {}
            }
        }
        Ok(sent)
    }

    fn key(&self, c: &ChangesetRow) -> Result<(&'static str, Image)> {
        let table = known_table(&c.table)?.name();
        Ok((table, key_of(c, &self.columns[table])))
    }

    /// The values of the record with `key`, as of the last sync (`old`), with this side's
    /// changes since: the record as it was here before this sync.
    fn as_here(
        &self,
        table: &str,
        key: &Image,
        old: &[Option<Value>],
    ) -> Result<Vec<Option<Value>>> {
        let mut values = old.to_vec();
        for change in self.local.iter().filter(|c| c.op == RowOp::Update) {
            if self.key(change)? != (table, key.clone()) {
                continue;
            }
            for (value, new) in values.iter_mut().zip(&change.new) {
                if new.is_some() {
                    value.clone_from(new);
                }
            }
        }
        Ok(values)
    }

    /// Whether this side changed the record with `key` since its last sync.
    fn changed_here(&self, table: &str, key: &Image) -> Result<bool> {
        for change in self.local.iter().filter(|c| c.op == RowOp::Update) {
            if self.key(change)? == (table, key.clone()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether either side's changes delete the record, or (with `column`) set that field.
    fn touch(&self, table: &'static str, key: &Image, column: Option<usize>) -> bool {
        let key = Json::Object(key.clone()).to_string();
        self.touched.contains(&(table, key, column))
    }
}

/// One thing lost: its table, its record's key, the field (none for the whole record), and
/// this side's value (or record).
type Lost = (&'static str, Image, Option<String>, Json);

/// The records gone since the last sync (or added since) that no change deleted, or that
/// this side changed: the other side's deletion of a record changed here clashes, unless
/// the deletion of a record it names took it first (ON DELETE CASCADE).
fn lost_records(tx: &Connection, since: &[ChangesetRow], sent: &Sent) -> Result<Vec<Lost>> {
    let removed = since.iter().filter(|c| c.op == RowOp::Delete);
    let added = sent.local.iter().filter(|c| c.op == RowOp::Insert);
    let mut lost = Vec::new();
    for change in removed.chain(added) {
        let (table, key) = sent.key(change)?;
        let columns = &sent.columns[table];
        if stored_row(tx, "main", table, columns, &key)?.is_some()
            || (sent.touch(table, &key, None) && !sent.changed_here(table, &key)?)
        {
            continue;
        }
        let values = match change.op {
            RowOp::Insert => change.new.clone(),
            _ => sent.as_here(table, &key, &change.old)?,
        };
        let known = columns.iter().zip(values);
        let mine: Image = known
            .filter_map(|(name, v)| Some((name.clone(), to_json(Some(v.as_ref()?)))))
            .collect();
        lost.push((table, key, None, Json::Object(mine)));
    }
    Ok(lost)
}

/// The references emptied since the last sync that no change set.
fn lost_fields(since: &[ChangesetRow], sent: &Sent) -> Result<Vec<Lost>> {
    let mut lost = Vec::new();
    for change in since.iter().filter(|c| c.op == RowOp::Update) {
        let (table, key) = sent.key(change)?;
        for (i, name) in sent.columns[table].iter().enumerate() {
            let (Some(Some(Value::Text(id))), Some(Some(Value::Null))) =
                (change.old.get(i), change.new.get(i))
            else {
                continue;
            };
            let reference = REFERENCES.iter().any(|r| r.table == table && r.column == name);
            if reference && !sent.touch(table, &key, Some(i)) {
                lost.push((table, key.clone(), Some(name.clone()), Json::String(id.clone())));
            }
        }
    }
    Ok(lost)
}

/// The references this side set since its last sync that are empty now: the other side
/// deleted the record they name (ON DELETE SET NULL), which the baseline never named.
fn emptied_here(tx: &Connection, sent: &Sent) -> Result<Vec<Lost>> {
    let mut lost = Vec::new();
    for change in sent.local.iter().filter(|c| c.op != RowOp::Delete) {
        let (table, key) = sent.key(change)?;
        let columns = &sent.columns[table];
        let Some(here) = stored_row(tx, "main", table, columns, &key)? else { continue };
        for (name, new) in columns.iter().zip(&change.new) {
            let (Some(Value::Text(id)), Some(Json::Null)) = (new, here.get(name)) else {
                continue;
            };
            if REFERENCES.iter().any(|r| r.table == table && r.column == name) {
                lost.push((table, key.clone(), Some(name.clone()), Json::String(id.clone())));
            }
        }
    }
    Ok(lost)
}

/// Why a record of `table` went with another side's deletion: the first record it names
/// that is no longer here.
fn reason_for_row(tx: &Connection, table: &str, row: &Image) -> Result<Option<String>> {
    for Reference { column, .. } in REFERENCES.iter().filter(|r| r.table == table) {
        if let Some(reason) =
            removed_with(tx, table, column, &row.get(*column).cloned().unwrap_or_default())?
        {
            return Ok(Some(reason));
        }
    }
    Ok(None)
}

/// Why `column` of a record of `table`, naming `named`, went with another side's deletion:
/// the record it names is no longer here.
fn removed_with(
    tx: &Connection,
    table: &str,
    column: &str,
    named: &Json,
) -> Result<Option<String>> {
    let reference = REFERENCES.iter().find(|r| r.table == table && r.column == column);
    let Some(Reference { target, .. }) = reference else {
        return Ok(None);
    };
    let Json::String(id) = named else { return Ok(None) };
    let sql = format!("SELECT EXISTS (SELECT 1 FROM main.\"{target}\" WHERE id = ?1)");
    if tx.query_row(&sql, params![id], |r| r.get::<_, bool>(0))? {
        return Ok(None);
    }
    let target = target.replace('_', " ");
    Ok(Some(format!("removed with the {target} it names ({column}), deleted there")))
}
