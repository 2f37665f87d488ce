//! What a sync settles of the open conflicts without a choice: a value the other side sends
//! after one refused here (its change alone, held to the rules, not a field changed on both
//! sides), a field of a record refused whole, a refusal whose cause is gone, and conflicts
//! both sides have come to agree on.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value as Json};

use super::Result;
use super::conflicts::{
    ConflictKind, Resolution, StoredConflict, StoredConflictField, mark_one_resolved,
};
use super::listed::{Conflict, open_stored};
use super::row::{key_condition, put_row, set_field, stored_row, to_json, to_sql};
use super::withheld::{holds_withheld, withheld};
use crate::model::timestamp_now;
use crate::records::Record;
use crate::store::StoreError;
use crate::store::guard::{refusal, with_rules};
use crate::store::tables::Column;
use crate::store::undo::Image;

/// Whether the field of a change that did not find the value it expected is still as this
/// side had it at its last sync (`here`, the baseline's) and the value expected (`old`) is
/// one refused here and not resolved, alone or with other fields of its record: the other
/// side changed a value this side never took, which is the other side's change alone, held
/// to the rules like any other, not a field changed on both sides.
pub(super) fn refused_before(
    tx: &Connection,
    table: &str,
    key: &Image,
    column: &str,
    here: Option<&Value>,
    old: Option<&Value>,
) -> Result<bool> {
    let base = synced_value(tx, table, key, column)?;
    if base.is_none() || base.as_ref() != here {
        return Ok(false);
    }
    use StoredConflictField as F;
    let sql = format!(
        "SELECT {}, {} FROM {} WHERE {} IS NULL AND {} = ?1 AND {} = ?2 AND {} = ?3 \
         AND ({} = ?4 OR {} IS NULL)",
        F::Column.column(),
        F::Theirs.column(),
        StoredConflict::TABLE,
        F::ResolvedAt.column(),
        F::Table.column(),
        F::RowKey.column(),
        F::Kind.column(),
        F::Column.column(),
        F::Column.column()
    );
    let key = Json::Object(key.clone()).to_string();
    let refused = ConflictKind::Refused.as_str();
    let mut statement = tx.prepare(&sql)?;
    let rows = statement.query_map(params![table, key, refused, column], |r| {
        Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let old = to_json(old);
    for row in rows {
        let (field, theirs) = row?;
        let theirs: Option<Json> = theirs.and_then(|t| serde_json::from_str(&t).ok());
        let sent = match (field, &theirs) {
            (Some(_), theirs) => theirs.as_ref(),
            (None, Some(Json::Object(record))) => record.get(column),
            (None, _) => None,
        };
        if sent == Some(&old) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The value of a field as this side had it at its last sync (in the baseline); `None` when
/// the record was not there.
fn synced_value(tx: &Connection, table: &str, key: &Image, column: &str) -> Result<Option<Value>> {
    let (where_sql, params) = key_condition(key);
    let sql = format!("SELECT \"{column}\" FROM base.\"{table}\" WHERE {where_sql}");
    Ok(tx.query_row(&sql, params_from_iter(params), |r| r.get(0)).optional()?)
}

/// Whether the other side's value `new` of a field this side has not changed since its last
/// sync is the one this side held then: what differs here came from this sync alone (a
/// reference emptied with a record a file applied just before deleted), and taking `new`
/// loses nothing of this side's.
pub(super) fn back_to_synced(
    tx: &Connection,
    (table, key): (&str, &Image),
    column: &str,
    new: &Value,
    changed_here: bool,
) -> Result<bool> {
    Ok(!changed_here && synced_value(tx, table, key, column)?.as_ref() == Some(new))
}

/// The open refusal of the whole record `table` `key` (a JSON object) whose other side holds
/// `column`: its id and the other side's record.
fn record_refusal(
    tx: &Connection,
    table: &str,
    key: &str,
    column: &str,
) -> Result<Option<(String, Map<String, Json>)>> {
    let found = whole_refusal(tx, table, key, "")?;
    Ok(found.filter(|(_, theirs)| theirs.contains_key(column)))
}

/// The open refusal of the whole record `table` `key`, restricted by `also` (an SQL
/// condition, or nothing): its id and the other side's record.
fn whole_refusal(
    tx: &Connection,
    table: &str,
    key: &str,
    also: &str,
) -> Result<Option<(String, Map<String, Json>)>> {
    use StoredConflictField as F;
    let sql = format!(
        "SELECT {}, {} FROM {} WHERE {} IS NULL AND {} = ?1 AND {} = ?2 AND {} IS NULL AND {} = ?3 \
         {also}",
        F::Id.column(),
        F::Theirs.column(),
        StoredConflict::TABLE,
        F::ResolvedAt.column(),
        F::Table.column(),
        F::RowKey.column(),
        F::Column.column(),
        F::Kind.column()
    );
    let refused = ConflictKind::Refused.as_str();
    let found = tx
        .query_row(&sql, params![table, key, refused], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .optional()?;
    let Some((id, Some(theirs))) = found else { return Ok(None) };
    Ok(serde_json::from_str::<Map<String, Json>>(&theirs).ok().map(|theirs| (id, theirs)))
}

/// The other side's change `changed` to a record refused here whole when it was added (so
/// it is not here): the record as the other side has it now, held to the rules again —
/// written here if they allow it now, else refused again with that record and the new
/// reason (found again, from `source`). Whether the record's adding was refused.
pub(super) fn refused_record_changed(
    tx: &Connection,
    (table, key): (&str, &Image),
    changed: &Image,
    source: &str,
) -> Result<bool> {
    let key_text = Json::Object(key.clone()).to_string();
    let not_here = format!("AND {} IS NULL", StoredConflictField::Mine.column());
    let Some((id, mut record)) = whole_refusal(tx, table, &key_text, &not_here)? else {
        return Ok(false);
    };
    record.extend(changed.iter().map(|(name, value)| (name.clone(), withheld(value.clone()))));
    let why = if holds_withheld(&Json::Object(record.clone())) {
        None
    } else {
        match put_row(tx, table, key, &record) {
            Ok(()) => {
                mark_one_resolved(tx, &id, Resolution::Agreed)?;
                return Ok(true);
            }
            Err(StoreError::Sqlite(e)) if refusal(&e).is_some() => refusal(&e),
            Err(e) => return Err(e),
        }
    };
    refuse_again(tx, &id, record, why.as_deref(), source)?;
    Ok(true)
}

/// A field of a record refused here whole, refused again with the other side's next value
/// `theirs`: the refusal of the record takes that value and the new reason (found again,
/// from `source`), so that it shows the record as the other side has it now. Returns whether
/// there was such a refusal.
pub(super) fn refused_again_with_record(
    tx: &Connection,
    (table, key): (&str, &Image),
    column: &str,
    theirs: Json,
    (why, source): (&str, &str),
) -> Result<bool> {
    let key = Json::Object(key.clone()).to_string();
    let Some((id, mut record)) = record_refusal(tx, table, &key, column)? else {
        return Ok(false);
    };
    record.insert(column.into(), withheld(theirs));
    refuse_again(tx, &id, record, Some(why), source)?;
    Ok(true)
}

/// The refusal `id` of a record found again (from `source`): it shows the record as the
/// other side has it now, `theirs`, and the new reason where there is one.
fn refuse_again(
    tx: &Connection,
    id: &str,
    theirs: Map<String, Json>,
    why: Option<&str>,
    source: &str,
) -> Result<()> {
    use StoredConflictField as F;
    let sql = format!(
        "UPDATE {} SET {} = ?2, {} = ifnull(?3, {}), {} = ?4, {} = ?5 WHERE {} = ?1",
        StoredConflict::TABLE,
        F::Theirs.column(),
        F::Reason.column(),
        F::Reason.column(),
        F::Source.column(),
        F::FoundAt.column(),
        F::Id.column()
    );
    let theirs = Json::Object(theirs).to_string();
    tx.execute(&sql, params![id, theirs, why, source, timestamp_now()])?;
    Ok(())
}

/// A field of a record refused here whole, agreed since (taken, or the same on both sides):
/// it leaves the refusal, which goes once none of its fields is left.
pub(super) fn narrow_record_refusal(
    tx: &Connection,
    table: &str,
    key: &str,
    column: &str,
) -> Result<()> {
    let Some((id, mut theirs)) = record_refusal(tx, table, key, column)? else { return Ok(()) };
    theirs.remove(column);
    use StoredConflictField as F;
    let (conflicts, id_column) = (StoredConflict::TABLE, F::Id.column());
    let key: Map<String, Json> = serde_json::from_str(key).unwrap_or_default();
    if theirs.keys().all(|name| key.contains_key(name)) {
        mark_one_resolved(tx, &id, Resolution::Agreed)?;
    } else {
        let theirs_column = F::Theirs.column();
        let sql = format!("UPDATE {conflicts} SET {theirs_column} = ?2 WHERE {id_column} = ?1");
        tx.execute(&sql, params![id, Json::Object(theirs).to_string()])?;
    }
    Ok(())
}

/// Takes the other side's value of each open refusal whose cause is gone (the person it
/// names came back here by undo, say), where this side has not changed the field, or made the
/// record, since: held to the rules, an edit here, which this sync sends on, so that both
/// sides come to hold it; the refusal is then agreed. Runs before the changes here are read.
pub(super) fn take_allowed_now(tx: &Connection) -> Result<()> {
    for c in open_stored(tx)? {
        if c.kind == ConflictKind::Refused && unchanged_here(tx, &c)? && allowed_now(tx, &c)? {
            mark_one_resolved(tx, &c.id, Resolution::Agreed)?;
        }
    }
    Ok(())
}

/// Whether the refused field here still holds what it held when it was refused, or each
/// field the other side sent of a record refused whole does, or the refused record is still
/// not here.
fn unchanged_here(tx: &Connection, c: &Conflict) -> Result<bool> {
    Ok(match (c.column, &row_here(tx, c)?, &c.mine, &c.theirs) {
        (Some(_), Some(here), _, _) => holds_mine(here, c),
        (None, Some(here), Some(Json::Object(mine)), Some(Json::Object(theirs))) => {
            theirs.keys().all(|name| here.get(name) == mine.get(name))
        }
        (None, None, None, _) => true,
        _ => false,
    })
}

/// Writes the other side's refused value or record here if the rules allow it now; whether
/// they did. A secret withheld is never taken.
fn allowed_now(tx: &Connection, c: &Conflict) -> Result<bool> {
    let table = c.table.name();
    // A refusal is an answer, not an error: `with_rules` drops its triggers only after `Ok`.
    with_rules(tx, || match (c.column, &c.theirs) {
        (_, Some(theirs)) if holds_withheld(theirs) => Ok(false),
        (Some(column), theirs) => {
            let value = to_sql(theirs.as_ref());
            Ok(set_field(tx, table, &c.key, column.name(), &value)?.is_ok())
        }
        (None, Some(Json::Object(row))) => match put_row(tx, table, &c.key, row) {
            Err(StoreError::Sqlite(e)) if refusal(&e).is_some() => Ok(false),
            written => written.map(|()| true),
        },
        (None, _) => Ok(false),
    })
}

/// Marks as agreed the open conflicts that no longer disagree: the field (or record) here
/// now holds the other side's value (changed on both sides, or refused here until what it
/// names came back), or the record is back (deleted here) or gone (deleted there).
pub(super) fn settle_agreed(tx: &Connection) -> Result<()> {
    for c in open_stored(tx)? {
        let here = row_here(tx, &c)?;
        let agreed = match (c.kind, &here) {
            (ConflictKind::BothChanged | ConflictKind::Refused, Some(here)) => {
                holds_theirs(here, &c)
            }
            (ConflictKind::DeletedHere, _) => here.is_some(),
            // A record removed with one the other side deleted stays listed until chosen,
            // or until it is back here as it was (the other side took it once its cause
            // came back).
            (ConflictKind::DeletedThere, Some(here)) if c.reason.is_some() => holds_mine(here, &c),
            (ConflictKind::DeletedThere, _) => here.is_none() && c.reason.is_none(),
            _ => false,
        };
        if agreed {
            mark_one_resolved(tx, &c.id, Resolution::Agreed)?;
        }
    }
    Ok(())
}

/// The record `c` is about, as it is here; `None` when it is not here.
fn row_here(tx: &Connection, c: &Conflict) -> Result<Option<Image>> {
    let columns: Vec<String> = c.table.columns().into_iter().map(String::from).collect();
    stored_row(tx, "main", c.table.name(), &columns, &c.key)
}

/// Whether the record `here` holds the other side's value of `c`'s field, or each field of
/// the other side's record.
fn holds_theirs(here: &Image, c: &Conflict) -> bool {
    holds(here, c.column, &c.theirs)
}

/// Whether the record `here` holds this side's value of `c`'s field, or record, as it was.
fn holds_mine(here: &Image, c: &Conflict) -> bool {
    holds(here, c.column, &c.mine)
}

/// Whether the record `here` holds `side`: the value of `column`, or each field of a record.
fn holds(here: &Image, column: Option<Column>, side: &Option<Json>) -> bool {
    match (column, side) {
        (Some(column), side) => {
            here.get(column.name()) == Some(side.as_ref().unwrap_or(&Json::Null))
        }
        (None, Some(Json::Object(side))) => {
            side.iter().all(|(name, value)| here.get(name) == Some(value))
        }
        (None, _) => false,
    }
}
