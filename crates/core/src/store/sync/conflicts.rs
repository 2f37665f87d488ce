//! Conflicts: recorded when a change from another database meets a different one here, listed
//! until resolved, and settled on their own when both sides come to agree.

use std::collections::{BTreeMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value as Json};

use super::linked::{Kept, linked, reference_names};
use super::row::key_condition;
use super::withheld::{holds_withheld, withheld};
use super::{Result, known_table};
use crate::model::{new_id, timestamp_now};
use crate::records::{Record, insert_all, record, select_list};
use crate::store::tables::{Column, Table};
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

/// How many conflicts a sync found, of those still open after it: new ones, and ones open
/// before on the same field found again with another value (each replaces the one open on
/// its field), refused again or not.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Tally {
    pub new: usize,
    pub refused_again: usize,
    pub found_again: usize,
}

/// The record and field (none: the whole record) a conflict is about; one is open on each.
type Place = (String, String, Option<String>);

/// Where conflicts are open now.
pub(super) fn open_places(tx: &Connection) -> Result<HashSet<Place>> {
    use StoredConflictField as F;
    let sql = format!(
        "SELECT {}, {}, {} FROM {} WHERE {} IS NULL",
        F::Table.column(),
        F::RowKey.column(),
        F::Column.column(),
        StoredConflict::TABLE,
        F::ResolvedAt.column()
    );
    let mut statement = tx.prepare(&sql)?;
    let places = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(places.collect::<rusqlite::Result<_>>()?)
}

/// What the files `applied` found, among the conflicts open now: new where no conflict was
/// open `before` on its record and field, else found again.
pub(super) fn tally(tx: &Connection, before: &HashSet<Place>, applied: &[&str]) -> Result<Tally> {
    use StoredConflictField as F;
    let sql = format!(
        "SELECT {}, {}, {}, {}, {} FROM {} WHERE {} IS NULL",
        F::Table.column(),
        F::RowKey.column(),
        F::Column.column(),
        F::Kind.column(),
        F::Source.column(),
        StoredConflict::TABLE,
        F::ResolvedAt.column()
    );
    let mut statement = tx.prepare(&sql)?;
    let rows = statement.query_map([], |r| {
        let place: Place = (r.get(0)?, r.get(1)?, r.get(2)?);
        Ok((place, r.get::<_, ConflictKind>(3)?, r.get::<_, String>(4)?))
    })?;
    let mut tally = Tally::default();
    for row in rows {
        let (place, kind, source) = row?;
        if !applied.contains(&source.as_str()) {
            continue;
        }
        match (before.contains(&place), kind) {
            (false, _) => tally.new += 1,
            (true, ConflictKind::Refused) => tally.refused_again += 1,
            (true, _) => tally.found_again += 1,
        }
    }
    Ok(tally)
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

/// The conflicts not resolved yet, oldest first.
pub(super) fn open_conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
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
        let Some(mut conflict) = Conflict::of(stored, table, slug) else { continue };
        conflict.name = record_name(conn, &conflict);
        let column = conflict.column.map(Column::name);
        let sides = [conflict.mine.as_ref(), conflict.theirs.as_ref()];
        let record = (table.name(), &conflict.key);
        // As here (or as the undo history saw them) now, else as the sync found them.
        let now = reference_names(conn, record, column, sides, (&conflict.linked, &["main"]))?;
        conflict.names.extend(now);
        conflicts.push(conflict);
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
