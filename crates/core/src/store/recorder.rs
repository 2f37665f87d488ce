//! The recorder: temporary triggers, on this connection only, that note every row an edit
//! changes with its images before and after, and taking what they noted for the undo log.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::image::Image;
use super::tables::Table;
use super::{Result, StoreError};

/// One row's change: its image before and after (absent when inserted or deleted). Why
/// sync exchanges changesets instead: see `sync`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowChange {
    pub table: Table,
    pub before: Option<Image>,
    pub after: Option<Image>,
}

/// A table's columns and primary key, read from the schema.
pub(super) struct TableShape {
    pub(super) columns: Vec<String>,
    pub(super) key: Vec<String>,
}

pub(super) fn shape(conn: &Connection, table: Table) -> rusqlite::Result<TableShape> {
    let mut statement =
        conn.prepare(&format!("SELECT name, pk FROM pragma_table_info('{}')", table.name()))?;
    let rows: Vec<(String, i64)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut key: Vec<(i64, String)> =
        rows.iter().filter(|(_, pk)| *pk > 0).map(|(c, pk)| (*pk, c.clone())).collect();
    key.sort();
    Ok(TableShape {
        columns: rows.into_iter().map(|(c, _)| c).collect(),
        key: key.into_iter().map(|(_, c)| c).collect(),
    })
}

/// `json_object('a', PREFIX.a, …)`: a row's image as JSON.
pub(super) fn image(shape: &TableShape, prefix: &str) -> String {
    let pairs: Vec<String> =
        shape.columns.iter().map(|c| format!("'{c}', {prefix}\"{c}\"")).collect();
    format!("json_object({})", pairs.join(", "))
}

/// Installs, on this connection only, the triggers that note every row change of the
/// recorded tables in `temp.pending_change`.
pub(super) fn install_recorder(conn: &Connection) -> rusqlite::Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS pending_change \
         (n INTEGER PRIMARY KEY, tbl TEXT NOT NULL, before TEXT, after TEXT);\n",
    );
    for &table in Table::ALL {
        let shape = shape(conn, table)?;
        let (name, old, new) = (table.name(), image(&shape, "OLD."), image(&shape, "NEW."));
        sql += &recorder(name, "INSERT", "NULL", &new);
        sql += &recorder(name, "UPDATE", &old, &new);
        sql += &recorder(name, "DELETE", &old, "NULL");
    }
    for &table in Table::DELETED_WITH_ENGAGEMENT {
        sql += &recorder(table.name(), "DELETE", &image(&shape(conn, table)?, "OLD."), "NULL");
    }
    conn.execute_batch(&sql)
}

/// A temporary trigger that notes each `event` on `table` with the row's images.
fn recorder(table: &str, event: &str, before: &str, after: &str) -> String {
    format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS record_{table}_{} AFTER {event} ON main.{table} BEGIN \
         INSERT INTO pending_change (tbl, before, after) VALUES ('{table}', {before}, {after}); END;\n",
        event.to_lowercase()
    )
}

/// The row changes the recorder noted since it was last emptied, emptying it.
pub(super) fn take_pending(tx: &Transaction) -> Result<Vec<RowChange>> {
    let mut statement =
        tx.prepare_cached("SELECT tbl, before, after FROM temp.pending_change ORDER BY n")?;
    let rows: Vec<(String, Option<String>, Option<String>)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    tx.prepare_cached("DELETE FROM temp.pending_change")?.execute([])?;
    let parse = |json: Option<String>| -> Result<Option<Image>> {
        json.map(|j| serde_json::from_str(&j).map_err(|e| StoreError::Refused(e.to_string())))
            .transpose()
    };
    rows.into_iter()
        .filter_map(|(tbl, before, after)| Table::from_name(&tbl).map(|t| (t, before, after)))
        .map(|(table, before, after)| {
            Ok(RowChange { table, before: parse(before)?, after: parse(after)? })
        })
        .collect()
}
