//! The one path every user edit takes: row edits run inside an IMMEDIATE transaction, their
//! row changes written to `change_log` in the same transaction (see `undo`), so that
//! they can be undone and redone.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::recorder::take_pending;
use super::tables::TableRecord;
pub use super::tables::{Column, Table};
use super::undo::{HistoryEntry, next_seq, prune};
use super::{FieldRefusal, Result, Stale, StaleChange, Store, StoreError};
use crate::model::checklist::ImportPlan;
use crate::model::evidence::Ticket;
use crate::model::evidence::import::TicketImport;
use crate::model::rules::DATE_ORDER;
use crate::model::text::{sanitize, sanitize_lines};
use crate::model::{DocItem, EngagementField, new_id, timestamp_now};
use crate::records::Record;

/// A basic change to one row, as a command lowers to them: the store's own, so that no
/// caller sees a column name or an SQL value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RowEdit {
    Insert {
        table: Table,
        values: Vec<(&'static str, Value)>,
    },
    /// Sets `values`, refusing (`StoreError::Stale`) unless the record still holds `shown`:
    /// the values the screen showed for the columns the edit changes, so that an edit made
    /// on a stale view never overwrites another window's change to the same fields.
    Update {
        table: Table,
        id: String,
        values: Vec<(&'static str, Value)>,
        shown: Vec<(&'static str, Value)>,
    },
    Delete {
        table: Table,
        id: String,
    },
    /// Deletes the row of a table without ids (a join) whose `key` columns hold these values.
    Remove {
        table: Table,
        key: Vec<(&'static str, Value)>,
    },
    /// Inserts the record, or updates it when one with the same `key` columns exists.
    Upsert {
        table: Table,
        key: &'static [&'static str],
        values: Vec<(&'static str, Value)>,
    },
}

impl RowEdit {
    /// Inserting `record`, owned by the engagement `engagement_id` where its table has an
    /// owner.
    pub fn insert<R: TableRecord>(engagement_id: &str, record: &R) -> Result<RowEdit> {
        let owner = R::OWNER.map(|column| (column, Value::Text(engagement_id.into())));
        let values = owner.into_iter().chain(record.column_values()?).collect();
        Ok(RowEdit::Insert { table: R::STORED_IN, values })
    }

    /// Whether the edit writes a date whose order `model::rules::DATE_ORDER` holds: a new
    /// row of a table with such dates, or a change to one of them.
    pub fn writes_ordered_date(&self) -> bool {
        let ordered = |table: &Table| {
            let name = table.name();
            DATE_ORDER.iter().filter(move |o| o.table == name)
        };
        match self {
            RowEdit::Insert { table, .. } | RowEdit::Upsert { table, .. } => {
                ordered(table).next().is_some()
            }
            RowEdit::Update { table, values, .. } => ordered(table).any(|order| {
                values.iter().any(|(c, _)| [order.first.column, order.then.column].contains(c))
            }),
            RowEdit::Delete { .. } | RowEdit::Remove { .. } => false,
        }
    }

    /// Writes the change (inside the caller's transaction).
    pub fn write(&self, conn: &Connection) -> Result<()> {
        match self {
            RowEdit::Insert { table, values } => {
                let columns: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
                let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    table.name(),
                    columns.join(", "),
                    marks.join(", ")
                );
                conn.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(values.iter().map(|(_, v)| v)))?;
            }
            RowEdit::Update { table, id, values, shown } => {
                if !shown.is_empty() {
                    check_shown(conn, *table, id, shown)?;
                }
                let sets: Vec<String> = values
                    .iter()
                    .enumerate()
                    .map(|(i, (c, _))| format!("{c} = ?{}", i + 2))
                    .collect();
                let sql = format!("UPDATE {} SET {} WHERE id = ?1", table.name(), sets.join(", "));
                let key = Value::Text(id.clone());
                let params = std::iter::once(&key).chain(values.iter().map(|(_, v)| v));
                if conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(params))? == 0 {
                    return Err(gone(*table));
                }
            }
            RowEdit::Upsert { table, key, values } => {
                let columns: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
                let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
                let updates: Vec<String> = columns
                    .iter()
                    .filter(|c| !key.contains(c))
                    .map(|c| format!("{c} = excluded.{c}"))
                    .collect();
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
                    table.name(),
                    columns.join(", "),
                    marks.join(", "),
                    key.join(", "),
                    updates.join(", ")
                );
                conn.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(values.iter().map(|(_, v)| v)))?;
            }
            RowEdit::Remove { table, key } => {
                let conditions: Vec<String> =
                    key.iter().enumerate().map(|(i, (c, _))| format!("{c} = ?{}", i + 1)).collect();
                let sql =
                    format!("DELETE FROM {} WHERE {}", table.name(), conditions.join(" AND "));
                let values = key.iter().map(|(_, v)| v);
                if conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))? == 0 {
                    return Err(gone(*table));
                }
            }
            RowEdit::Delete { table, id } => {
                if conn
                    .execute(&format!("DELETE FROM {} WHERE id = ?1", table.name()), params![id])?
                    == 0
                {
                    return Err(gone(*table));
                }
            }
        }
        Ok(())
    }
}

fn gone(table: Table) -> StoreError {
    StoreError::Stale(Stale { table, name: None, change: StaleChange::Deleted })
}

/// Refuses unless the record `id` holds, in each column of `shown`, a value that shows as
/// the screen showed it.
fn check_shown(
    conn: &Connection,
    table: Table,
    id: &str,
    shown: &[(&'static str, Value)],
) -> Result<()> {
    let columns: Vec<&str> = shown.iter().map(|(c, _)| *c).collect();
    let sql = format!("SELECT {} FROM {} WHERE id = ?1", columns.join(", "), table.name());
    let here: Option<Vec<Value>> = conn
        .prepare_cached(&sql)?
        .query_row(params![id], |r| (0..columns.len()).map(|i| r.get(i)).collect())
        .optional()?;
    let here = here.ok_or_else(|| gone(table))?;
    let changed: Vec<Column> = shown
        .iter()
        .zip(&here)
        .filter(|((_, shown), here)| !shows_as(here, shown))
        .filter_map(|((column, _), _)| table.column(column))
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let name: Option<String> = conn
        .query_row(
            &format!(
                "SELECT {} FROM {} WHERE id = ?1",
                table.name_column().unwrap_or("NULL"),
                table.name()
            ),
            params![id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let name = name.map(|n| sanitize(&n).into_owned());
    Err(StoreError::Stale(Stale { table, name, change: StaleChange::Fields(changed) }))
}

/// Whether the value `here` shows as `shown` did: equal, or texts that differ only in what
/// a form does to them — made safe for the terminal (one line or several), trimmed, line
/// ends unified, an empty text showing as NULL does.
fn shows_as(here: &Value, shown: &Value) -> bool {
    let text = |value: &Value| match value {
        Value::Null => Some(String::new()),
        Value::Text(t) => Some(t.clone()),
        _ => None,
    };
    let trimmed = |t: &str| t.lines().collect::<Vec<_>>().join("\n").trim().to_string();
    let (Some(here_text), Some(shown_text)) = (text(here), text(shown)) else {
        return here == shown;
    };
    let shown_text = trimmed(&shown_text);
    [here_text.clone(), sanitize(&here_text).into_owned(), sanitize_lines(&here_text).into_owned()]
        .iter()
        .any(|t| trimmed(t) == shown_text)
}

/// The columns the schema's triggers name in their refusals, by the name they give them.
const TRIGGER_FIELDS: &[(&str, Column)] =
    &[("Currency", Column::Engagement(EngagementField::Currency))];

/// A record that would repeat one of a table's unique keys, or that a trigger refuses
/// (its message is "Name: sentence"), as a refusal of the field at fault.
fn explain_refusal(e: StoreError) -> StoreError {
    let StoreError::Sqlite(error) = &e else { return e };
    let Some(message) = super::guard::refusal(error) else { return e };
    if let Some((named, sentence)) = message.split_once(": ").filter(|_| {
        !["UNIQUE", "CHECK", "NOT NULL", "FOREIGN KEY"].iter().any(|k| message.starts_with(k))
    }) {
        let field = TRIGGER_FIELDS.iter().find(|(name, _)| *name == named).map(|(_, c)| *c);
        let reason = FieldRefusal::Rule(format!("{sentence}; nothing was changed"));
        return StoreError::Field { field, reason };
    }
    if !message.starts_with("UNIQUE") {
        return e;
    }
    StoreError::Field { field: taken_field(&message), reason: FieldRefusal::Taken }
}

/// The field a uniqueness refusal is about: the last column SQLite's message names ("UNIQUE
/// constraint failed: budget_line.engagement_id, budget_line.phase, budget_line.category").
/// Each unique key lists the columns that place a record first, so the last is the one a
/// form edits where there is one (a budget line's category, a slug); for a join (a skill
/// rating's person and skill) it is merely the last of the pair.
fn taken_field(message: &str) -> Option<Column> {
    let named = message.strip_prefix("UNIQUE constraint failed: ")?.rsplit(", ").next()?;
    let (table, column) = named.split_once('.')?;
    Table::from_name(table)?.column(column)
}

impl Store {
    /// Runs `f` as one user edit: one IMMEDIATE transaction that also writes the edit to
    /// `change_log` (for undo) and clears the redo stack of the engagement.
    pub fn record<T>(
        &mut self,
        engagement_id: Option<&str>,
        summary: &str,
        reason: Option<&str>,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        let history = self.history_limit;
        self.edit(|tx| {
            tx.prepare_cached("DELETE FROM temp.pending_change")?.execute([])?;
            let value = f(tx)?;
            let changes = take_pending(tx)?;
            if changes.is_empty() {
                return Ok((value, None));
            }
            // Numbered before the redo entries go, so that no number is ever used twice.
            let seq = next_seq(tx)?;
            tx.prepare_cached("DELETE FROM change_log WHERE engagement_id IS ?1 AND undone = 1")?
                .execute(params![engagement_id])?;
            let changes_json =
                serde_json::to_string(&changes).map_err(|e| StoreError::Refused(e.to_string()))?;
            let entry = HistoryEntry {
                id: new_id(),
                engagement_id: engagement_id.map(String::from),
                seq,
                at: timestamp_now(),
                summary: summary.to_string(),
                changes_json,
                reason: reason.map(String::from),
                undone: false,
            };
            entry.append(tx)?;
            prune(tx, engagement_id, history)?;
            Ok((value, Some(entry.id)))
        })
        .map(|(value, id)| {
            if let Some(id) = id {
                self.undoable.made_here(id);
            }
            value
        })
        .map_err(explain_refusal)
    }
}

/// The changes that apply a planned checklist import: the changed items written whole,
/// and the new items. Each update carries the item as it was `read` for the plan, so that
/// a change made meanwhile (in a window) refuses the import instead of being overwritten.
pub(super) fn checklist_import_edits(
    engagement_id: &str,
    plan: &ImportPlan,
    read: &[DocItem],
) -> Result<Vec<RowEdit>> {
    let updates = plan.updates.iter().map(|u| {
        let shown = read.iter().find(|d| d.id == u.item.id);
        update_whole(&u.item, &u.item.id, shown)
    });
    let added = plan.added.iter().map(|d| RowEdit::insert(engagement_id, d));
    updates.chain(added).collect()
}

/// The changes that apply a planned ticket import: the changed tickets written whole (each
/// refused if changed since it was `read`), and the new ones.
pub(super) fn ticket_import_edits(
    engagement_id: &str,
    import: &TicketImport,
    read: &[Ticket],
) -> Result<Vec<RowEdit>> {
    let read: HashMap<&str, &Ticket> = read.iter().map(|t| (t.id.as_str(), t)).collect();
    let updates =
        import.updated.iter().map(|t| update_whole(t, &t.id, read.get(t.id.as_str()).copied()));
    let added = import.added.iter().map(|t| RowEdit::insert(engagement_id, t));
    updates.chain(added).collect()
}

/// Writes every column of `record` (the record `id`) but its id, refused unless it still
/// holds `shown`, as it was read.
fn update_whole<R: TableRecord>(record: &R, id: &str, shown: Option<&R>) -> Result<RowEdit> {
    let shown = shown.map(values_but_id).transpose()?;
    Ok(RowEdit::Update {
        table: R::STORED_IN,
        id: id.to_string(),
        shown: shown.unwrap_or_default(),
        values: values_but_id(record)?,
    })
}

/// A record's columns, but for its id.
fn values_but_id<R: Record>(record: &R) -> Result<Vec<(&'static str, Value)>> {
    let mut values = record.column_values()?;
    values.retain(|(column, _)| *column != "id");
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::health::BudgetLineField;

    #[test]
    fn a_uniqueness_refusal_names_the_field_the_user_chose() {
        let taken = |names: &str| taken_field(&format!("UNIQUE constraint failed: {names}"));
        assert_eq!(
            taken("budget_line.engagement_id, budget_line.phase, budget_line.category"),
            Some(BudgetLineField::Category.into())
        );
        assert_eq!(taken("engagement.slug"), Some(EngagementField::Slug.into()));
        assert_eq!(taken("change_log.seq"), None, "not a record's table");
    }
}
