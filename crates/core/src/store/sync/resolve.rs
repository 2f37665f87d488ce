//! Resolving a conflict by choosing a side, and sending the choice on with the next sync.

use rusqlite::{Connection, params_from_iter};
use serde_json::Value as Json;

use super::conflicts::{ConflictKind, Resolution, mark_one_resolved};
use super::listed::{Conflict, engagement_of, open_conflicts};
use super::row::{insert_row, key_condition, put_row, to_sql};
use super::withheld::holds_withheld;
use super::{Result, Store, StoreError, refused};
use crate::model::rules::REFERENCES;
use crate::model::text::sanitize;
use crate::store::guard::{is_foreign_key, refusal, with_rules};
use crate::store::tables::Column;

crate::model::text_enum!(
    /// The side a conflict is resolved to.
    Keep "side" {
        Mine => "mine", "this side";
        Theirs => "theirs", "the other side";
    }
);

impl From<Keep> for Resolution {
    fn from(keep: Keep) -> Resolution {
        match keep {
            Keep::Mine => Resolution::Mine,
            Keep::Theirs => Resolution::Theirs,
        }
    }
}

impl Store {
    /// The conflicts not resolved yet, oldest first.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        open_conflicts(&self.conn)
    }

    /// Resolves the open conflict `id` names (its id, or the beginning or end of one) to
    /// `keep`; `summary` words the choice for the undo history. Returns that summary.
    pub fn resolve(
        &mut self,
        id: &str,
        keep: Keep,
        summary: impl FnOnce(&Conflict) -> String,
    ) -> Result<String> {
        let conflict = self.conflict(id)?;
        let summary = summary(&conflict);
        self.with_baseline(|store| store.resolve_attached(&conflict, keep, &summary))?;
        Ok(summary)
    }

    fn conflict(&self, id: &str) -> Result<Conflict> {
        let mut matching: Vec<Conflict> = self
            .conflicts()?
            .into_iter()
            .filter(|c| !id.is_empty() && (c.id.starts_with(id) || c.id.ends_with(id)))
            .collect();
        match matching.len() {
            1 => Ok(matching.remove(0)),
            0 => Err(refused(format!("no open conflict '{}'", sanitize(id)))),
            _ => Err(refused(format!("'{}' names several conflicts", sanitize(id)))),
        }
    }

    fn resolve_attached(&mut self, c: &Conflict, keep: Keep, summary: &str) -> Result<()> {
        if keep == Keep::Theirs && c.theirs.as_ref().is_some_and(holds_withheld) {
            return Err(refused(
                "the other side's change holds a secret, which is never stored here, so it \
                 cannot be taken: keep mine, or ask its user to remove the secret and sync again"
                    .into(),
            ));
        }
        let (where_sql, key) = key_condition(&c.key);
        let table = c.table.name();
        let engagement = engagement_of(&self.conn, c)?;
        let mark = |tx: &Connection| mark_one_resolved(tx, &c.id, keep.into());
        let theirs_row = || match &c.theirs {
            Some(Json::Object(row)) => Ok(row.clone()),
            _ => Err(refused(
                "the other database sent only the changed fields of this record: ask its user \
                 to keep theirs, which sends the whole record"
                    .into(),
            )),
        };
        // "theirs" changes the record here, as an undoable edit; "mine" changes the baseline,
        // so that the next sync sends this side's record as a change.
        let column = c.column.map_or("", Column::name);
        let set_to = |tx: &Connection, schema: &str, value: Option<&Json>| -> Result<()> {
            let sql = format!("UPDATE {schema}.\"{table}\" SET \"{column}\" = ? WHERE {where_sql}");
            let value = to_sql(value);
            tx.execute(&sql, params_from_iter(std::iter::once(value).chain(key.clone())))?;
            Ok(())
        };
        let set_theirs = |tx: &Connection, schema: &str| -> Result<()> {
            set_to(tx, schema, c.theirs.as_ref())?;
            mark(tx)
        };
        let delete = |tx: &Connection, schema: &str| -> Result<()> {
            let sql = format!("DELETE FROM {schema}.\"{table}\" WHERE {where_sql}");
            tx.execute(&sql, params_from_iter(key.clone()))?;
            mark(tx)
        };
        let engagement = engagement.as_deref();
        if c.kind == ConflictKind::DeletedThere && c.reason.is_some() {
            // Lost here with what the other side deleted: theirs is as it is; mine is put
            // back (the record, or the field), held to the rules.
            let put_back = |tx: &Connection| {
                match (&c.column, &c.mine) {
                    (_, _) if keep == Keep::Theirs => {}
                    (Some(_), Some(mine)) => set_to(tx, "main", Some(mine))?,
                    (None, Some(Json::Object(mine))) => insert_row(tx, "main", table, mine, true)?,
                    _ => return Err(refused("this side's value is not known".into())),
                }
                mark(tx)
            };
            return self
                .record(engagement, summary, None, |tx| with_rules(tx, || put_back(tx)))
                .map_err(|e| still_refused(e, "this side's record", "keep theirs"));
        }
        match (c.kind, keep) {
            (ConflictKind::BothChanged, Keep::Mine) => self.edit(|tx| set_theirs(tx, "base"))?,
            // Every value taken from the other side is held to the rules, as when it arrived.
            (ConflictKind::BothChanged, Keep::Theirs) => self
                .record(engagement, summary, None, |tx| with_rules(tx, || set_theirs(tx, "main")))
                .map_err(|e| still_refused(e, "the other side's value", "keep mine"))?,
            (ConflictKind::DeletedHere, Keep::Mine) => {
                let row = theirs_row().ok();
                self.edit(|tx| {
                    if let Some(row) = &row {
                        insert_row(tx, "base", table, row, true)?;
                    }
                    mark(tx)
                })?;
            }
            (ConflictKind::Refused, Keep::Theirs) => {
                // A value still refused stays out.
                let take = |tx: &Connection| match (&c.column, &c.theirs) {
                    (Some(_), _) => set_theirs(tx, "main"),
                    (None, Some(Json::Object(row))) => {
                        put_row(tx, table, &c.key, row)?;
                        mark(tx)
                    }
                    _ => theirs_row().map(|_| ()),
                };
                self.record(engagement, summary, None, |tx| with_rules(tx, || take(tx)))
                    .map_err(|e| still_refused(e, "the other side's change", "keep mine"))?;
            }
            (ConflictKind::DeletedHere, Keep::Theirs) => {
                let row = theirs_row()?;
                let put_back = |tx: &Connection| {
                    insert_row(tx, "main", table, &row, false)?;
                    mark(tx)
                };
                self.record(engagement, summary, None, |tx| with_rules(tx, || put_back(tx)))
                    .map_err(|e| still_refused(e, "the other side's record", "keep mine"))?;
            }
            (ConflictKind::DeletedThere, Keep::Mine) => self.edit(|tx| delete(tx, "base"))?,
            (ConflictKind::DeletedThere, Keep::Theirs) => {
                self.record(engagement, summary, None, |tx| delete(tx, "main"))?
            }
            // A field refused here: the baseline takes their value, so that the next sync
            // sends this side's to the database that holds the refused one. Where their
            // value names a record the baseline lacks too (deleted here and synced, then
            // brought back by undo), there is nothing to send: the choice stays here.
            (ConflictKind::Refused, Keep::Mine) if c.column.is_some() => {
                self.edit(|tx| match set_theirs(tx, "base") {
                    Err(StoreError::Sqlite(e)) if is_foreign_key(&e) => {
                        if !names_a_record_not_synced(tx, c)? {
                            return Err(refused(
                                "cannot keep this side's value: the record as this database \
                                 last synced it names a record that is not there"
                                    .into(),
                            ));
                        }
                        mark(tx)
                    }
                    set => set,
                })?
            }
            (ConflictKind::Refused, Keep::Mine) => self.edit(|tx| mark(tx))?,
        }
        Ok(())
    }
}

/// A write that a rule or constraint still refuses, in words: `what` and the other choice.
fn still_refused(e: StoreError, what: &str, other: &str) -> StoreError {
    match e {
        StoreError::Sqlite(e) => match refusal(&e) {
            Some(why) => refused(format!(
                "{what} is still refused here ({}): {other}, or change this side first",
                sanitize(&why)
            )),
            None => StoreError::Sqlite(e),
        },
        e => e,
    }
}

/// Whether the other side's value of the conflict's field is a reference to a record the
/// baseline does not hold: then that reference is the foreign key that failed there.
fn names_a_record_not_synced(tx: &Connection, c: &Conflict) -> Result<bool> {
    let (table, column) = (c.table.name(), c.column.map_or("", Column::name));
    let reference = REFERENCES.iter().find(|r| r.table == table && r.column == column);
    let (Some(reference), Some(Json::String(id))) = (reference, &c.theirs) else {
        return Ok(false);
    };
    let sql =
        format!("SELECT NOT EXISTS (SELECT 1 FROM base.\"{}\" WHERE id = ?1)", reference.target);
    Ok(tx.query_row(&sql, [id], |r| r.get(0))?)
}
