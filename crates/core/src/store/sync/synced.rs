//! What the sync's modules share: the synced tables and their columns, and a refusal's
//! words.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::model::text::sanitize;
use crate::store::tables::Table;
use crate::store::{Result, StoreError};

pub(super) fn refused(message: String) -> StoreError {
    StoreError::Refused(message)
}

/// The recorded tables, parents first.
pub(super) fn synced_tables() -> Vec<&'static str> {
    Table::ALL.iter().map(|t| t.name()).collect()
}

/// A table name from a changeset or a conflict, if it is one of ours.
pub(super) fn known_table(name: &str) -> Result<Table> {
    Table::ALL
        .iter()
        .copied()
        .find(|t| t.name() == name)
        .ok_or_else(|| refused(format!("unknown table '{}'", sanitize(name))))
}

/// Each synced table's columns in their order, which is the order of a change's values.
pub(super) type Columns = HashMap<&'static str, Vec<String>>;

pub(super) fn columns_of(tx: &Connection) -> Result<Columns> {
    let mut columns = Columns::new();
    for table in synced_tables() {
        let sql = format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
        let names =
            tx.prepare(&sql)?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        columns.insert(table, names);
    }
    Ok(columns)
}
