//! Applying another database's changeset: what merges is written, what does not is settled
//! field by field into conflicts.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::Value as Json;

use super::conflicts::{
    ConflictKind, Found, Resolution, StoredConflict, StoredConflictField, mark_resolved,
    record_conflict,
};
use super::file::{newer, note_applied};
use super::row::{deleted_row, key_condition, put_row, stored_row, to_json};
use super::session::{self, ChangesetRow, Clash, Conflicting, Decision, RowOp};
use super::{Columns, Result, known_table, refused, synced_tables};
use crate::model::text::sanitize;
use crate::records::Record;
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
/// one is refused like one a constraint refuses); returns the number of new conflicts, or
/// why the file was refused as a whole (then nothing of it is applied).
pub(super) fn apply_file(
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
    for mut clash in clashes {
        let table = known_table(&clash.change.table)?.name();
        // A file written before a column was added says nothing of it.
        clash.change.widen(columns[table].len());
        conflicts += settle(tx, &clash, table, &columns[table], name)?;
    }
    note_applied(tx, name)?;
    Ok(Ok(conflicts))
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
        (RowOp::Update, Clash::Data) | (RowOp::Insert, Clash::Conflict) => {
            let mut recorded = 0;
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
                    && (here == old || refused_before(tx, table, &key, name, here, old)?)
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
                recorded += record(
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
                return Ok(recorded);
            }
            // Refused together: each field alone, to name the ones a rule refuses.
            for (name, new, here) in theirs_alone {
                match set_field(tx, table, &key, name, new)? {
                    Ok(()) => agree(tx, table, &key, name)?,
                    Err(why) => {
                        let (here, new) = (Some(to_json(here)), Some(to_json(Some(new))));
                        let why = Some(why.as_str());
                        recorded += record_why(ConflictKind::Refused, Some(name), here, new, why)?;
                    }
                }
            }
            Ok(recorded)
        }
        (RowOp::Update, Clash::NotFound) => {
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
        (RowOp::Delete, Clash::Data) => {
            record(ConflictKind::DeletedThere, None, Some(row(&c.here)), None)
        }
        (RowOp::Delete, Clash::NotFound) => Ok(0),
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

/// Whether the field of a change that did not find the value it expected is still as this
/// side had it at its last sync (`here`, the baseline's) and the value expected (`old`) is
/// one refused here and not resolved: the other side changed a value this side never took,
/// which is the other side's change alone, held to the rules like any other, not a field
/// changed on both sides.
fn refused_before(
    tx: &Connection,
    table: &str,
    key: &Image,
    column: &str,
    here: Option<&Value>,
    old: Option<&Value>,
) -> Result<bool> {
    let (where_sql, params) = key_condition(key);
    let sql = format!("SELECT \"{column}\" FROM base.\"{table}\" WHERE {where_sql}");
    let base: Option<Value> =
        tx.query_row(&sql, params_from_iter(params), |r| r.get(0)).optional()?;
    if base.is_none() || base.as_ref() != here {
        return Ok(false);
    }
    use StoredConflictField as F;
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE {} IS NULL AND {} = ?1 AND {} = ?2 AND {} = ?3 \
         AND {} = ?4 AND {} = ?5)",
        StoredConflict::TABLE,
        F::ResolvedAt.column(),
        F::Table.column(),
        F::RowKey.column(),
        F::Column.column(),
        F::Kind.column(),
        F::Theirs.column()
    );
    let key = Json::Object(key.clone()).to_string();
    let refused = ConflictKind::Refused.as_str();
    let theirs = to_json(old).to_string();
    Ok(tx.query_row(&sql, params![table, key, column, refused, theirs], |r| r.get(0))?)
}

/// Sets one field of a record here, or says which rule or constraint refuses the value.
fn set_field(
    tx: &Connection,
    table: &str,
    key: &Image,
    column: &str,
    value: &Value,
) -> Result<std::result::Result<(), String>> {
    set_fields(tx, table, key, &[(column, value)])
}

/// Sets fields of a record here in one write (none: nothing), or says which rule or
/// constraint refuses the values.
fn set_fields(
    tx: &Connection,
    table: &str,
    key: &Image,
    fields: &[(&str, &Value)],
) -> Result<std::result::Result<(), String>> {
    if fields.is_empty() {
        return Ok(Ok(()));
    }
    let (where_sql, params) = key_condition(key);
    let sets: Vec<String> = fields.iter().map(|(column, _)| format!("\"{column}\" = ?")).collect();
    let sql = format!("UPDATE main.\"{table}\" SET {} WHERE {where_sql}", sets.join(", "));
    let values = fields.iter().map(|(_, value)| (*value).clone()).chain(params);
    match tx.execute(&sql, params_from_iter(values)) {
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
fn agree(tx: &Connection, table: &str, key: &Image, column: &str) -> Result<()> {
    use StoredConflictField as F;
    let (tbl, row_key, col) = (F::Table.column(), F::RowKey.column(), F::Column.column());
    let condition = format!("{tbl} = ?1 AND {row_key} = ?2 AND {col} = ?3");
    let key = Json::Object(key.clone()).to_string();
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
/// the value here is put back and the disagreement recorded. Returns how many were new.
pub(super) fn cross_check(
    tx: &Connection,
    incoming: &[ChangesetRow],
    mine: &ChangedFields,
    columns: &Columns,
    source: &str,
) -> Result<usize> {
    let mut found_new = 0;
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
