//! One record's history, read from the undo log: which edits changed it, when, and each
//! field's value before and after.

use rusqlite::params;
use serde_json::Value;

use super::tables::{Column, Table};
use super::undo::{HistoryEntry, HistoryEntryField, RowChange};
use super::{Result, Store, StoreError};
use crate::model::TaskField;
use crate::records::Record;

/// What an edit did to one record.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Created,
    /// The fields whose values changed, in the table's column order.
    Changed(Vec<FieldChange>),
    Deleted,
}

/// One field's value before and after an edit (`Value::Null` when it had none).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub column: Column,
    pub before: Value,
    pub after: Value,
}

/// One edit of the record, as the log holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordEdit {
    /// When, in UTC as the log writes it (`2026-11-20T14:02:05Z`).
    pub at: String,
    pub summary: String,
    pub event: Event,
}

/// Columns every edit touches, which say nothing of what changed.
const BOOKKEEPING: &[Column] = &[Column::Task(TaskField::UpdatedAt)];

impl Store {
    /// The edits in force (not undone) that changed the record `id` of `table` in the
    /// engagement, newest first. Reads only the log: the pruned past is not shown.
    pub fn record_history(
        &self,
        engagement_id: &str,
        table: Table,
        id: &str,
    ) -> Result<Vec<RecordEdit>> {
        use HistoryEntryField::{At, ChangesJson, EngagementId, Seq, Summary, Undone};
        let (at, summary) = (At.column(), Summary.column());
        let sql = format!(
            "SELECT c.{at}, c.{summary}, j.value AS change FROM {} c, json_each(c.{}) j \
             WHERE c.{} = ?1 AND c.{} = 0 AND j.value ->> 'table' = ?2 \
             AND coalesce(j.value -> 'after' ->> 'id', j.value -> 'before' ->> 'id') = ?3 \
             ORDER BY c.{} DESC, j.key DESC",
            HistoryEntry::TABLE,
            ChangesJson.column(),
            EngagementId.column(),
            Undone.column(),
            Seq.column()
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![engagement_id, table.name(), id], |r| {
            let text = |column| r.get::<_, String>(column);
            Ok((text(at)?, text(summary)?, text("change")?))
        })?;
        let mut edits = Vec::new();
        for row in rows {
            let (at, summary, json) = row?;
            let change: RowChange = serde_json::from_str(&json).map_err(|e| {
                StoreError::Refused(format!("the change log entry is unreadable: {e}"))
            })?;
            if let Some(event) = event(table, change) {
                edits.push(RecordEdit { at, summary, event });
            }
        }
        Ok(edits)
    }
}

/// What `change` did to its row of `table`, the fields in the table's column order;
/// `None` for an update that changed only bookkeeping. A column no field of the record
/// names is left out, as the log's entries of a table this version does not know are: the
/// engagement's column (a key, which no edit changes) and a column of a newer version.
fn event(table: Table, change: RowChange) -> Option<Event> {
    match (change.before, change.after) {
        (None, _) => Some(Event::Created),
        (_, None) => Some(Event::Deleted),
        (Some(before), Some(mut after)) => {
            let mut fields: Vec<FieldChange> = before
                .into_iter()
                .filter_map(|(name, before)| {
                    let column = table.column(&name).filter(|c| !BOOKKEEPING.contains(c))?;
                    let after = after.remove(&name).unwrap_or(Value::Null);
                    (before != after).then_some(FieldChange { column, before, after })
                })
                .collect();
            let columns = table.columns();
            fields.sort_by_key(|f| columns.iter().position(|c| *c == f.column.name()));
            (!fields.is_empty()).then_some(Event::Changed(fields))
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::records::FieldValue;
    use crate::store::command::Command;

    #[test]
    fn a_records_history_names_each_changed_field_newest_first_without_undone_edits() {
        let mut store = Store::in_memory().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        crate::demo::save(&mut store, today).unwrap();
        let engagement = store.engagements().unwrap().remove(0);
        let data = store.load(engagement.clone()).unwrap();
        let task = &data.tasks[0];
        let set = |field: TaskField, value: &str| Command::Patch {
            table: Table::Task,
            id: task.id.clone(),
            values: vec![(field.into(), FieldValue::text(value))],
            shown: Vec::new(),
        };
        let e = Some(engagement.id.as_str());
        store.execute(e, "retitle", &[set(TaskField::Title, "Second")]).unwrap();
        store.execute(e, "status", &[set(TaskField::Status, "blocked")]).unwrap();
        store.execute(e, "undone soon", &[set(TaskField::Title, "Third")]).unwrap();
        store.undo(e).unwrap();

        let history = store.record_history(&engagement.id, Table::Task, &task.id).unwrap();
        let summaries: Vec<&str> = history.iter().map(|h| h.summary.as_str()).collect();
        assert_eq!(summaries, ["status", "retitle"]);
        let Event::Changed(fields) = &history[1].event else { panic!("{history:?}") };
        assert_eq!(fields.len(), 1, "{fields:?}");
        assert_eq!(fields[0].column, Column::Task(TaskField::Title));
        assert_eq!(fields[0].before, Value::String(task.title.clone()));
        assert_eq!(fields[0].after, Value::String("Second".into()));
        let other = &data.tasks[1].id;
        assert!(store.record_history(&engagement.id, Table::Task, other).unwrap().is_empty());
    }
}
