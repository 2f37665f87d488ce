//! What a conflict's record links, for a record no column of its own names (a KT trainee,
//! a skill rating): the records its references name (its topic and person), each as the
//! sync finds it here or, gone here, in the baseline (a person the other side deleted is
//! still there during the sync), with its name and engagement.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value as Json;

use super::Result;
use crate::model::rules::{REFERENCES, Reference};
use crate::store::tables::Table;
use crate::store::undo::Image;

/// A record that another links: its name and the id of its engagement.
pub(super) struct Linked {
    pub(super) name: String,
    pub(super) engagement_id: Option<String>,
}

/// The records that `row` (a record of `table`, or its key) names, in the order of
/// `model::rules::REFERENCES`; only while a sync runs, with the baseline attached.
pub(super) fn linked(tx: &Connection, table: &str, row: &Image) -> Result<Vec<Linked>> {
    let mut found = Vec::new();
    for Reference { column, target, .. } in REFERENCES.iter().filter(|r| r.table == table) {
        let (Some(Json::String(id)), Some(target)) = (row.get(*column), Table::from_name(target))
        else {
            continue;
        };
        let Some(name) = target.name_column() else { continue };
        let owner = target.owner().map_or("NULL".to_string(), |o| format!("\"{o}\""));
        let table = target.name();
        let sql = format!(
            "SELECT \"{name}\", {owner} FROM main.\"{table}\" WHERE id = ?1 UNION ALL \
             SELECT \"{name}\", {owner} FROM base.\"{table}\" WHERE id = ?1 LIMIT 1"
        );
        let read = |r: &rusqlite::Row| Ok(Linked { name: r.get(0)?, engagement_id: r.get(1)? });
        found.extend(tx.query_row(&sql, params![id], read).optional()?);
    }
    Ok(found)
}
