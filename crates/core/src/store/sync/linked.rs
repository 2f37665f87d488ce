//! What a conflict's record links, for a record no column of its own names (a KT trainee,
//! a skill rating), and the names of the records its reference fields hold: each as the
//! sync finds it here, or gone here, in the baseline (a person the other side deleted is
//! still there during the sync) or as the undo history saw it deleted (a person deleted
//! here), with its name and engagement. The conflict keeps them as the sync found them
//! (`Kept`), for when they are gone from here too.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value as Json;

use super::Result;
use super::row::deleted_row;
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
        found.extend(named(tx, target, id, &["main", "base"])?);
    }
    Ok(found)
}

/// The names a conflict keeps from when the sync found it (in `sync_conflict.linked_names`):
/// the records that a record with no name of its own links, and the records its sides'
/// references hold, by id. A conflict recorded before the second kept the first alone, as
/// an array.
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Kept {
    pub(super) linked: Vec<String>,
    #[serde(default)]
    pub(super) references: BTreeMap<String, String>,
}

impl Kept {
    /// The names as stored; `None` when there are none.
    pub(super) fn to_text(&self) -> Option<String> {
        let none = self.linked.is_empty() && self.references.is_empty();
        (!none).then(|| serde_json::to_string(self).unwrap_or_default())
    }

    /// The names `text` holds, in either form; none when it holds neither.
    pub(super) fn from_text(text: &str) -> Kept {
        let as_array = || serde_json::from_str::<Vec<String>>(text);
        serde_json::from_str::<Kept>(text)
            .or_else(|_| as_array().map(|linked| Kept { linked, ..Kept::default() }))
            .unwrap_or_default()
    }
}

/// The names of the records that the references of a conflict's sides hold (a whole
/// record's, or the field `column`'s value), by id: as in the first of `schemas` that holds
/// them, else as the undo history saw them deleted, else as the sync found them (`linked`,
/// one name per reference of a record with no name of its own, for the references its `key`
/// holds).
pub(super) fn reference_names(
    conn: &Connection,
    (table, key): (&str, &Image),
    column: Option<&str>,
    sides: [Option<&Json>; 2],
    (linked, schemas): (&[String], &[&str]),
) -> Result<BTreeMap<String, String>> {
    let references: Vec<_> = REFERENCES
        .iter()
        .filter(|r| r.table == table)
        .filter_map(|r| Some((r.column, Table::from_name(r.target)?)))
        .filter(|(_, target)| target.name_column().is_some())
        .collect();
    let found_then = |i: usize, reference: &str, id: &String| {
        let in_key = key.get(reference) == Some(&Json::String(id.clone()));
        linked.get(i).filter(|_| in_key && linked.len() == references.len()).cloned()
    };
    let mut names = BTreeMap::new();
    for (i, (reference, target)) in references.iter().enumerate() {
        for side in sides.into_iter().flatten() {
            let value = match side {
                Json::Object(row) => row.get(*reference),
                value if column == Some(*reference) => Some(value),
                _ => None,
            };
            let Some(Json::String(id)) = value else { continue };
            let here = named(conn, *target, id, schemas)?.map(|found| found.name);
            if let Some(name) = here.or_else(|| found_then(i, reference, id)) {
                names.insert(id.clone(), name);
            }
        }
    }
    Ok(names)
}

/// The record `id` of `target`, with its name: in the first of `schemas` that holds it,
/// else as the undo history saw it deleted.
fn named(conn: &Connection, target: Table, id: &str, schemas: &[&str]) -> Result<Option<Linked>> {
    let Some(name) = target.name_column() else { return Ok(None) };
    let owner = target.owner();
    let owner_sql = owner.map_or("NULL".to_string(), |o| format!("\"{o}\""));
    let table = target.name();
    let sql = schemas
        .iter()
        .map(|schema| {
            format!("SELECT \"{name}\", {owner_sql} FROM {schema}.\"{table}\" WHERE id = ?1")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let read = |r: &rusqlite::Row| Ok(Linked { name: r.get(0)?, engagement_id: r.get(1)? });
    if let Some(found) = conn.query_row(&format!("{sql} LIMIT 1"), params![id], read).optional()? {
        return Ok(Some(found));
    }
    let key: Image = [("id".to_string(), Json::from(id))].into_iter().collect();
    let text = |row: &Image, column: &str| row.get(column)?.as_str().map(String::from);
    Ok(deleted_row(conn, table, &key)?.and_then(|row| {
        Some(Linked { name: text(&row, name)?, engagement_id: owner.and_then(|o| text(&row, o)) })
    }))
}
