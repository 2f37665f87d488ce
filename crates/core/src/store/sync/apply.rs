//! Applying another database's changeset: what merges is written, what does not is settled
//! field by field into conflicts.

use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::Value;
use serde_json::Value as Json;

use super::conflicts::{
    ConflictKind, Found, Resolution, StoredConflictField, mark_resolved, record_conflict,
};
use super::file::{newer, note_applied};
use super::row::{deleted_row, put_row, set_field, set_fields, stored_row, to_json};
use super::session::{self, ChangesetRow, Clash, Conflicting, Decision, RowOp};
use super::settle::{
    back_to_synced, narrow_record_refusal, refused_again_with_record, refused_before,
    refused_record_changed,
};
use super::{Columns, Result, known_table, refused, synced_tables};
use crate::model::text::sanitize;
use crate::store::StoreError;
use crate::store::guard::{refusal, with_rules};
use crate::store::undo::Image;

/// Refuses changes that this database could not take whole: to a table sync does not
/// exchange, or with more fields than the table has here (a newer botdash's).
pub(super) fn check_fits(
    changes: &[ChangesetRow],
    columns: &Columns,
) -> std::result::Result<(), String> {
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
/// one is refused like one a constraint refuses), recording the conflicts it finds; or says
/// why the file was refused as a whole (then nothing of it is applied).
/// `mine` holds the fields changed here since the last sync.
pub(super) fn apply_file(
    tx: &Connection,
    name: &str,
    changeset: &[u8],
    (columns, mine): (&Columns, &ChangedFields),
) -> Result<std::result::Result<(), String>> {
    with_rules(tx, || apply_checked(tx, name, changeset, (columns, mine)))
}

/// `apply_file` with the rules in force.
fn apply_checked(
    tx: &Connection,
    name: &str,
    changeset: &[u8],
    (columns, mine): (&Columns, &ChangedFields),
) -> Result<std::result::Result<(), String>> {
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
    for mut clash in clashes {
        let table = known_table(&clash.change.table)?.name();
        // A file written before a column was added says nothing of it.
        clash.change.widen(columns[table].len());
        settle(tx, &clash, (table, &columns[table]), mine, name)?;
    }
    note_applied(tx, name)?;
    Ok(Ok(()))
}

/// Merges what can be merged of a clashing change and records the rest as conflicts.
fn settle(
    tx: &Connection,
    conflicting: &Conflicting,
    (table, columns): (&str, &[String]),
    mine: &ChangedFields,
    source: &str,
) -> Result<()> {
    let (clash, c) = (conflicting.clash, &conflicting.change);
    let key = key_of(c, columns);
    let key_text = Json::Object(key.clone()).to_string();
    let changed_here =
        |name: &str| mine.contains_key(&(table.into(), key_text.clone(), name.into()));
    let row = |values: &[Option<Value>]| -> Image {
        columns
            .iter()
            .zip(values)
            .filter_map(|(name, v)| v.as_ref().map(|v| (name.clone(), to_json(Some(v)))))
            .collect()
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
        (RowOp::Update, Clash::Data) | (RowOp::Insert, Clash::Conflict) => {
            // The fields only the other side changed, taken together at the end: a rule on
            // two of them (a person's dates) holds for the pair, not for each one alone.
            let mut theirs_alone = Vec::new();
            for (i, name) in columns.iter().enumerate() {
                let (Some(new), false) = (&c.new[i], c.primary_key[i]) else { continue };
                let here = c.here[i].as_ref();
                if here == Some(new) {
                    agree(tx, table, &key, name)?;
                    continue;
                }
                let old = c.old[i].as_ref();
                if c.op == RowOp::Update
                    && (here == old
                        || refused_before(tx, table, &key, name, here, old)?
                        || back_to_synced(tx, (table, &key), name, new, changed_here(name))?)
                {
                    theirs_alone.push((name.as_str(), new, here));
                    continue;
                }
                if is_bookkeeping(name) {
                    if here.is_none_or(|here| later(new, here)) {
                        set_field(tx, table, &key, name, new)?.map_err(refused)?;
                    }
                    continue;
                }
                record(
                    ConflictKind::BothChanged,
                    Some(name),
                    Some(to_json(here)),
                    Some(to_json(Some(new))),
                )?;
            }
            let fields: Vec<_> = theirs_alone.iter().map(|&(name, new, _)| (name, new)).collect();
            if set_fields(tx, table, &key, &fields)?.is_ok() {
                for (name, ..) in theirs_alone {
                    agree(tx, table, &key, name)?;
                }
                return Ok(());
            }
            // Refused together: each field alone, to name the ones a rule refuses.
            for (name, new, here) in theirs_alone {
                match set_field(tx, table, &key, name, new)? {
                    Ok(()) => agree(tx, table, &key, name)?,
                    Err(why) => {
                        let new = to_json(Some(new));
                        let found = (why.as_str(), source);
                        if !refused_again_with_record(tx, (table, &key), name, new.clone(), found)?
                        {
                            let (here, why) = (Some(to_json(here)), Some(why.as_str()));
                            record_why(ConflictKind::Refused, Some(name), here, Some(new), why)?;
                        }
                    }
                }
            }
            Ok(())
        }
        (RowOp::Update, Clash::NotFound) => {
            let changed = row(&c.new);
            if refused_record_changed(tx, (table, &key), &changed, source)? {
                return Ok(());
            }
            // The whole record as the other side has it: the last one known here (in the
            // baseline, or as the undo history saw it deleted), with their changes.
            let known = match stored_row(tx, "base", table, columns, &key)? {
                Some(row) => Some(row),
                None => deleted_row(tx, table, &key)?,
            };
            let mut theirs = known.unwrap_or_default();
            theirs.extend(changed);
            theirs.extend(key.clone());
            record(ConflictKind::DeletedHere, None, None, Some(Json::Object(theirs)))
        }
        (RowOp::Delete, Clash::Data) => {
            record(ConflictKind::DeletedThere, None, Some(Json::Object(row(&c.here))), None)
        }
        (RowOp::Delete, Clash::NotFound) => Ok(()),
        _ => {
            // Refused by a rule or constraint: one field as it is here and as sent, or
            // the record here (if it is) and as sent.
            let mut theirs = row(&c.new);
            theirs.extend(key.clone());
            let why = why_refused(tx, table, &key, &theirs)?;
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
            let theirs = Some(Json::Object(theirs));
            record_why(ConflictKind::Refused, None, here.map(Json::Object), theirs, why)
        }
    }
}

/// A change's primary key, column by column.
pub(super) fn key_of(c: &ChangesetRow, columns: &[String]) -> Image {
    let values = if c.op == RowOp::Insert { &c.new } else { &c.old };
    columns
        .iter()
        .zip(&c.primary_key)
        .zip(values)
        .filter(|((_, pk), _)| **pk)
        .map(|((name, _), value)| (name.clone(), to_json(value.as_ref())))
        .collect()
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

/// Marks as agreed an open conflict on a field both sides now hold the same value of, and
/// takes the field out of a refusal of its whole record.
fn agree(tx: &Connection, table: &str, key: &Image, column: &str) -> Result<()> {
    use StoredConflictField as F;
    let (tbl, row_key, col) = (F::Table.column(), F::RowKey.column(), F::Column.column());
    let condition = format!("{tbl} = ?1 AND {row_key} = ?2 AND {col} = ?3");
    let key = Json::Object(key.clone()).to_string();
    narrow_record_refusal(tx, table, &key, column)?;
    let values = [table, &key, column].map(|text| Value::Text(text.into()));
    mark_resolved(tx, &condition, values.into(), Resolution::Agreed)
}

/// The fields this database changed since its last sync, with their new values: `local`,
/// the changeset it just wrote.
type ChangedFields = HashMap<(String, String, String), Value>;

pub(super) fn changed_fields(local: &[ChangesetRow], columns: &Columns) -> Result<ChangedFields> {
    let mut fields = ChangedFields::new();
    for change in local.iter().filter(|c| c.op == RowOp::Update) {
        let table = known_table(&change.table)?.name();
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
/// the value here is put back and the disagreement recorded.
pub(super) fn cross_check(
    tx: &Connection,
    incoming: &[ChangesetRow],
    mine: &ChangedFields,
    columns: &Columns,
    source: &str,
) -> Result<()> {
    for change in incoming.iter().filter(|c| c.op == RowOp::Update) {
        let table = known_table(&change.table)?.name();
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
            let both = Found {
                kind: ConflictKind::BothChanged,
                column: Some(name),
                mine: Some(ours),
                theirs: Some(theirs),
                reason: None,
            };
            record_conflict(tx, table, &key, both, source)?;
        }
    }
    Ok(())
}

/// Why a rule or constraint refuses writing `row` here: the write, tried again and undone.
fn why_refused(tx: &Connection, table: &str, key: &Image, row: &Image) -> Result<Option<String>> {
    tx.execute_batch("SAVEPOINT why_refused")?;
    let tried = put_row(tx, table, key, row);
    tx.execute_batch("ROLLBACK TO why_refused; RELEASE why_refused")?;
    match tried {
        Err(StoreError::Sqlite(e)) => Ok(refusal(&e)),
        Err(e) => Err(e),
        Ok(()) => Ok(None),
    }
}
