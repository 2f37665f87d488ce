//! Conflicts: recorded when a change from another database meets a different one here, listed
//! until resolved, and settled on their own when both sides come to agree.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value as Json};

use super::row::{key_condition, to_json};
use super::{Result, known_table};
use crate::model::text::sanitize;
use crate::model::{new_id, timestamp_now};
use crate::store::edit::Table;

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

/// A disagreement found about one record: its kind, the field (none for the whole record),
/// both sides, and for a refused change why.
pub(super) struct Found<'a> {
    pub(super) kind: ConflictKind,
    pub(super) column: Option<&'a str>,
    pub(super) mine: Option<Json>,
    pub(super) theirs: Option<Json>,
    pub(super) reason: Option<&'a str>,
}

pub(super) fn record_conflict(
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
pub(super) fn settle_agreed(tx: &Connection) -> Result<()> {
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

/// The engagement a conflict's record belongs to, for its undo history.
pub(super) fn engagement_of(conn: &Connection, c: &Conflict) -> Result<Option<String>> {
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
