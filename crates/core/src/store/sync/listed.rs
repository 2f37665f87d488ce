//! The open conflicts as the app and the CLI list them: each with its record's name, the
//! names of the records it links and of those its sides' references hold, and its
//! engagement.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value as Json};

use super::conflicts::{ConflictKind, StoredConflict, StoredConflictField};
use super::linked::{Kept, reference_names};
use super::row::key_condition;
use super::withheld::holds_withheld;
use super::{Result, known_table};
use crate::records::{Record, select_list};
use crate::store::tables::{Column, Table};
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
    /// For a record with no name of its own (a KT trainee, a skill rating): the names of the
    /// records it links (its topic and person, its person and skill), as the sync found them.
    pub linked: Vec<String>,
    /// The slug of the engagement the record belongs to, when known.
    pub engagement: Option<String>,
    /// The names of the records that the references on either side hold (a person's
    /// name for a `verifier_id`), by id, where they are known here or to the undo history.
    pub names: BTreeMap<String, String>,
    /// The field both sides changed; `None` when the conflict is about the whole record.
    pub column: Option<Column>,
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

/// The conflicts not resolved yet, oldest first, with the names a listing shows: each
/// record's, and those its references hold, as here (or as the undo history saw them) now,
/// else as the sync found them.
pub(super) fn open_conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut conflicts = open_stored(conn)?;
    for conflict in &mut conflicts {
        conflict.name = record_name(conn, conflict);
        let column = conflict.column.map(Column::name);
        let sides = [conflict.mine.as_ref(), conflict.theirs.as_ref()];
        let record = (conflict.table.name(), &conflict.key);
        let now = reference_names(conn, record, column, sides, (&conflict.linked, &["main"]))?;
        conflict.names.extend(now);
    }
    Ok(conflicts)
}

/// The conflicts not resolved yet, oldest first, as stored: what settling them reads.
pub(super) fn open_stored(conn: &Connection) -> Result<Vec<Conflict>> {
    use StoredConflictField as F;
    let sql = format!(
        "SELECT {}, (SELECT slug FROM engagement WHERE id = {}) AS slug FROM {} \
         WHERE {} IS NULL ORDER BY {}, rowid",
        select_list::<StoredConflict>(),
        F::EngagementId.column(),
        StoredConflict::TABLE,
        F::ResolvedAt.column(),
        F::FoundAt.column()
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], |r| {
        Ok((StoredConflict::from_row(r)?, r.get::<_, Option<String>>("slug")?))
    })?;
    let mut conflicts = Vec::new();
    for row in rows {
        let (stored, slug) = row?;
        // A table this version does not sync, or a field its record does not have, can only
        // come from a log edited by hand: such a conflict could not be resolved, so it is
        // not listed.
        let Ok(table) = known_table(&stored.table) else { continue };
        conflicts.extend(Conflict::of(stored, table, slug));
    }
    Ok(conflicts)
}

impl Conflict {
    /// Whether taking the other side can work: not where its value is withheld (never
    /// stored here) or was refused by a rule (a refusal whose cause went closes at the
    /// next sync).
    pub fn takes_theirs(&self) -> bool {
        self.kind != ConflictKind::Refused && !self.theirs.as_ref().is_some_and(holds_withheld)
    }

    /// The conflict `stored` holds, about a record of `table` in the engagement `slug`;
    /// `None` when the record has no field by the stored column's name.
    fn of(stored: StoredConflict, table: Table, slug: Option<String>) -> Option<Conflict> {
        let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        let column = match stored.column {
            Some(name) => Some(table.column(&name)?),
            None => None,
        };
        let kept = stored.linked_names.as_deref().map(Kept::from_text).unwrap_or_default();
        Some(Conflict {
            id: stored.id,
            table,
            key: match json(Some(stored.row_key)) {
                Some(Json::Object(map)) => map,
                _ => Map::new(),
            },
            name: None,
            linked: kept.linked,
            engagement: slug,
            names: kept.references,
            column,
            kind: stored.kind,
            mine: json(stored.mine),
            theirs: json(stored.theirs),
            source: stored.source,
            found_at: stored.found_at,
            reason: stored.reason,
        })
    }
}

/// The engagement a conflict's record belongs to, for its undo history.
pub(super) fn engagement_of(conn: &Connection, c: &Conflict) -> Result<Option<String>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = ?1",
        select_list::<StoredConflict>(),
        StoredConflict::TABLE,
        StoredConflictField::Id.column()
    );
    let stored = conn.query_row(&sql, params![c.id], StoredConflict::from_row).optional()?;
    Ok(stored.and_then(|s| s.engagement_id))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaskField;
    use crate::store::Store;
    use crate::store::sync::conflicts::{Found, record_conflict};

    /// Records a conflict on the field `column` of a card that is not here.
    fn record_on(conn: &Connection, column: &str) {
        let key: Image = [("id".to_string(), Json::from("t-gone"))].into_iter().collect();
        let found = Found {
            kind: ConflictKind::BothChanged,
            column: Some(column),
            mine: Some(Json::from("here")),
            theirs: Some(Json::from("there")),
            reason: None,
        };
        record_conflict(conn, "task", &key, found, "a-000001.changeset").unwrap();
    }

    #[test]
    fn a_conflict_names_its_field_typed_and_one_no_record_has_is_not_listed() {
        let store = Store::in_memory().unwrap();
        record_on(store.connection(), "title");
        record_on(store.connection(), "a_field_of_a_newer_version");
        let listed = open_conflicts(store.connection()).unwrap();
        let columns: Vec<Option<Column>> = listed.iter().map(|c| c.column).collect();
        assert_eq!(columns, [Some(Column::Task(TaskField::Title))]);
    }
}
