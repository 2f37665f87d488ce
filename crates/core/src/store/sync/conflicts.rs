//! Conflicts: recorded when a change from another database meets a different one here, listed
//! until resolved, and settled on their own when both sides come to agree.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value as Json};

use super::row::{key_condition, to_json};
use super::{Result, known_table};
use crate::model::{new_id, timestamp_now};
use crate::store::edit::Table;
use crate::store::undo::Image;

/// A change from another database that met a different change here.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Conflict {
    pub id: String,
    pub table: Table,
    /// The record's primary key, column by column.
    pub key: Image,
    /// The record's name (its title, name…) as it is here, else as either side gives it;
    /// `None` for a table whose records have no name.
    pub name: Option<String>,
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
/// field; returns 1 if it is new, else 0.
pub(super) fn record_conflict(
    tx: &Connection,
    table: &str,
    key: &Image,
    found: Found,
    source: &str,
) -> Result<usize> {
    let Found { kind, column, mine, theirs, reason } = found;
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

/// The conflicts not resolved yet, oldest first.
pub(super) fn open_conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, tbl, row_key, col, kind, mine, theirs, source, found_at, reason, \
         (SELECT slug FROM engagement WHERE id = engagement_id) FROM sync_conflict \
         WHERE resolved_at IS NULL ORDER BY found_at, rowid",
    )?;
    let rows = statement.query_map([], |r| {
        let json = |i: usize| -> rusqlite::Result<Option<Json>> {
            Ok(r.get::<_, Option<String>>(i)?.and_then(|t| serde_json::from_str(&t).ok()))
        };
        // A table this version does not sync can only come from a log edited by hand: such
        // a conflict could not be resolved, so it is not listed.
        let Ok(table) = known_table(&r.get::<_, String>(1)?) else { return Ok(None) };
        Ok(Some(Conflict {
            id: r.get(0)?,
            table,
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
            name: None,
        }))
    })?;
    let mut conflicts: Vec<Conflict> =
        rows.flat_map(Result::transpose).collect::<rusqlite::Result<_>>()?;
    for c in &mut conflicts {
        c.name = record_name(conn, c);
    }
    Ok(conflicts)
}

/// Marks as agreed the open conflicts that no longer disagree: both sides now hold the same
/// value, or the record is back (deleted here) or gone (deleted there).
pub(super) fn settle_agreed(tx: &Connection) -> Result<()> {
    for c in open_conflicts(tx)? {
        let table = c.table.name();
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
            // A record removed with one the other side deleted stays listed until chosen.
            (ConflictKind::DeletedThere, _) => !exists && c.reason.is_none(),
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

/// The engagement a conflict's record belongs to, for its undo history.
pub(super) fn engagement_of(conn: &Connection, c: &Conflict) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT engagement_id FROM sync_conflict WHERE id = ?1", params![c.id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten())
}

/// A conflict's record's name: as it is here, else as either side's values give it.
fn record_name(conn: &Connection, c: &Conflict) -> Option<String> {
    let column = c.table.name_column()?;
    let (where_sql, params) = key_condition(&c.key);
    let sql = format!("SELECT \"{column}\" FROM main.\"{}\" WHERE {where_sql}", c.table.name());
    let here = conn.query_row(&sql, params_from_iter(params), |r| r.get::<_, String>(0)).ok();
    here.or_else(|| {
        [c.mine.as_ref(), c.theirs.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|row| row.get(column).and_then(Json::as_str).map(str::to_string))
    })
}
