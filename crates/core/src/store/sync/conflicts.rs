//! Conflicts as `sync_conflict` holds them: recorded when a change from another database
//! meets a different one here (one open per record and field, a conflict found again
//! replacing it), and marked resolved. Listing them is `listed`; what settles on its own,
//! `settle`; choosing a side, `resolve`.

use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};
use serde_json::Value as Json;

use super::Result;
use super::linked::{Kept, linked, reference_names};
use super::row::key_condition;
use super::withheld::withheld;
use crate::model::{new_id, timestamp_now};
use crate::records::{Record, insert_all, record};
use crate::store::tables::Table;
use crate::store::undo::Image;
record! {
    /// A conflict as `sync_conflict` holds it: the one statement of its columns, for the
    /// sync that records a conflict, the listing that reads them and the resolution that
    /// marks one resolved.
    pub struct StoredConflict: StoredConflictField in "sync_conflict" {
        Id id: String,
        /// The engagement of the record, where known.
        EngagementId engagement_id: Option<String>,
        Table table: String = "tbl",
        /// The record's primary key, as a JSON object.
        RowKey row_key: String,
        Column column: Option<String> = "col",
        Kind kind: ConflictKind,
        /// Both sides' values, as JSON.
        Mine mine: Option<String>,
        Theirs theirs: Option<String>,
        Source source: String,
        FoundAt found_at: String,
        ResolvedAt resolved_at: Option<String>,
        Resolution resolution: Option<Resolution>,
        Reason reason: Option<String>,
        /// The names of the records it links (for a record no column of its own names)
        /// and that its sides' references hold, as the sync found them (`linked::Kept`).
        LinkedNames linked_names: Option<String>,
    }
}

crate::model::text_enum!(
    /// How a conflict was resolved: to a side, or on its own once both sides agreed.
    Resolution "resolution" {
        Mine => "mine", "this side";
        Theirs => "theirs", "the other side";
        Agreed => "agreed", "both sides agree";
    }
);

/// Marks the open conflicts that meet `condition` (on `sync_conflict`'s columns, with
/// `values` for its `?1`, `?2` …) resolved, now, by `resolution`.
pub(super) fn mark_resolved(
    tx: &Connection,
    condition: &str,
    mut values: Vec<Value>,
    resolution: Resolution,
) -> Result<()> {
    use StoredConflictField::{Resolution as How, ResolvedAt};
    let (at, how, n) = (ResolvedAt.column(), How.column(), values.len());
    let sql = format!(
        "UPDATE {} SET {at} = ?{}, {how} = ?{} WHERE {at} IS NULL AND {condition}",
        StoredConflict::TABLE,
        n + 1,
        n + 2
    );
    values.extend([Value::Text(timestamp_now()), Value::Text(resolution.as_str().into())]);
    tx.execute(&sql, params_from_iter(values))?;
    Ok(())
}

/// Marks the open conflict `id` resolved, now, by `resolution`.
pub(super) fn mark_one_resolved(tx: &Connection, id: &str, resolution: Resolution) -> Result<()> {
    let by_id = format!("{} = ?1", StoredConflictField::Id.column());
    mark_resolved(tx, &by_id, vec![Value::Text(id.into())], resolution)
}

crate::model::text_enum!(
    /// What kind of disagreement a conflict is.
    ConflictKind "conflict kind" {
        BothChanged => "both_changed", "changed on both sides";
        DeletedHere => "deleted_here", "deleted here, changed there";
        DeletedThere => "deleted_there", "changed here, deleted there";
        Refused => "refused", "refused here";
    }
);

/// A disagreement found about one record: its kind, the field (none for the whole record),
/// both sides, and for a refused change why.
pub(super) struct Found<'a> {
    pub(super) kind: ConflictKind,
    pub(super) column: Option<&'a str>,
    pub(super) mine: Option<Json>,
    pub(super) theirs: Option<Json>,
    pub(super) reason: Option<&'a str>,
}

/// Records a disagreement about the record with `key`, replacing an open conflict on the same
/// field.
pub(super) fn record_conflict(
    tx: &Connection,
    table: &str,
    key: &Image,
    found: Found,
    source: &str,
) -> Result<()> {
    let Found { kind, column, mine, theirs, reason } = found;
    let (mine, theirs) = (mine.map(withheld), theirs.map(withheld));
    let key_text = Json::Object(key.clone()).to_string();
    let text = |v: Option<Json>| v.map(|v| v.to_string());
    let known = Table::from_name(table);
    let owner = known.and_then(Table::owner);
    let engagement = match (known, key.get("id")) {
        (Some(Table::Engagement), Some(Json::String(id))) => Some(id.clone()),
        _ => None,
    };
    let engagement = engagement.or_else(|| {
        let (condition, values) = key_condition(key);
        let sql = format!("SELECT {} FROM main.\"{table}\" WHERE {condition}", owner?);
        tx.query_row(&sql, params_from_iter(values), |r| r.get(0)).ok()
    });
    // A record not here (a refused insert) belongs to the engagement it names.
    let sent = owner.and_then(|owner| theirs.as_ref()?.get(owner)?.as_str().map(String::from));
    let mut row = key.clone();
    for side in [&mine, &theirs] {
        if let Some(Json::Object(values)) = side {
            row.extend(values.clone());
        }
    }
    let linked = match known.and_then(Table::name_column) {
        Some(_) => Vec::new(),
        None => linked(tx, table, &row)?,
    };
    // A record without an engagement of its own belongs to that of the records it links.
    let engagement =
        engagement.or(sent).or_else(|| linked.iter().find_map(|l| l.engagement_id.clone()));
    let kept = Kept {
        linked: linked.iter().map(|l| l.name.clone()).collect(),
        references: reference_names(
            tx,
            (table, key),
            column,
            [mine.as_ref(), theirs.as_ref()],
            (&[], &["main", "base"]),
        )?,
    };
    // A conflict found again (the same field of the same record) replaces the open one.
    use StoredConflictField as F;
    let sql = format!(
        "DELETE FROM {} WHERE {} IS NULL AND {} = ?1 AND {} = ?2 AND {} IS ?3",
        StoredConflict::TABLE,
        F::ResolvedAt.column(),
        F::Table.column(),
        F::RowKey.column(),
        F::Column.column()
    );
    tx.execute(&sql, params![table, key_text, column])?;
    let stored = StoredConflict {
        id: new_id(),
        engagement_id: engagement,
        table: table.into(),
        row_key: key_text,
        column: column.map(String::from),
        kind,
        mine: text(mine),
        theirs: text(theirs),
        source: source.into(),
        found_at: timestamp_now(),
        resolved_at: None,
        resolution: None,
        reason: reason.map(String::from),
        linked_names: kept.to_text(),
    };
    Ok(insert_all(tx, "", &[stored])?)
}

/// Withholds the secrets a conflict recorded before conflicts withheld them still holds.
pub(super) fn withhold_stored_secrets(tx: &Connection) -> Result<()> {
    use StoredConflictField::{Id, Mine, Theirs};
    let (id, mine, theirs) = (Id.column(), Mine.column(), Theirs.column());
    let table = StoredConflict::TABLE;
    let mut select = tx.prepare(&format!("SELECT {id}, {mine}, {theirs} FROM {table}"))?;
    let rows = select.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?))
    })?;
    let withheld_text = |text: &Option<String>| {
        let parsed = serde_json::from_str(text.as_deref()?).ok();
        parsed.map(|value| withheld(value).to_string()).or_else(|| text.clone())
    };
    for row in rows {
        let (key, stored_mine, stored_theirs) = row?;
        let (new_mine, new_theirs) = (withheld_text(&stored_mine), withheld_text(&stored_theirs));
        if (&new_mine, &new_theirs) != (&stored_mine, &stored_theirs) {
            tx.execute(
                &format!("UPDATE {table} SET {mine} = ?1, {theirs} = ?2 WHERE {id} = ?3"),
                params![new_mine, new_theirs, key],
            )?;
        }
    }
    Ok(())
}
