//! The reports written, per engagement (schema V9): the day each described and its statuses,
//! so that the next report shows each area's trend and starts its "what changed" there. And
//! the change log read for such a period.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::undo::{HistoryEntry, HistoryEntryField, RowChange};
use super::{Result, Store, StoreError};
use crate::model::timestamp_now;
use crate::records::{Record, insert_all, record, select_list};

record! {
    /// A report written, as `report_written` holds it.
    pub struct ReportWritten: ReportWrittenField in "report_written", owned by "engagement_id" {
        /// SQLite's number for the row, `None` until it is stored.
        Id id: Option<i64>,
        /// The day the report described.
        Day day: NaiveDate,
        WrittenAt written_at: String,
        /// Each area's status then, as JSON.
        StatusesJson statuses_json: String,
    }
}

/// One row's change by an edit in force, with the edit's time (`2026-11-20T14:02:05Z`).
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedChange {
    pub at: String,
    pub change: RowChange,
}

/// A report written earlier: the day it described and each area's status then (`S`: the
/// report's own type of statuses, which the store keeps as JSON without knowing it).
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenReport<S> {
    pub day: NaiveDate,
    pub statuses: S,
}

impl Store {
    /// Notes that a report of the engagement describing `day` was written.
    pub fn record_report(
        &mut self,
        engagement_id: &str,
        day: NaiveDate,
        statuses: &impl serde::Serialize,
    ) -> Result<()> {
        let json = serde_json::to_string(statuses)
            .map_err(|e| StoreError::Refused(format!("the statuses cannot be written: {e}")))?;
        let written =
            ReportWritten { id: None, day, written_at: timestamp_now(), statuses_json: json };
        self.edit(|tx| Ok(insert_all(tx, engagement_id, &[written])?))
    }

    /// The last report written of the engagement that described a day before `day`.
    pub fn report_before<S: serde::de::DeserializeOwned>(
        &self,
        engagement_id: &str,
        day: NaiveDate,
    ) -> Result<Option<WrittenReport<S>>> {
        use ReportWrittenField::{Day, Id};
        let sql = format!(
            "SELECT {} FROM {} WHERE {} = ?1 AND {day} < ?2 ORDER BY {day} DESC, {id} DESC LIMIT 1",
            select_list::<ReportWritten>(),
            ReportWritten::TABLE,
            ReportWritten::OWNER.unwrap_or_default(),
            day = Day.column(),
            id = Id.column()
        );
        let row = self.conn.query_row(&sql, params![engagement_id, day], ReportWritten::from_row);
        // A row another version or a hand edit left unreadable is no earlier report: it must
        // not stop every report of the engagement from then on.
        Ok(row.optional()?.and_then(|written| {
            let statuses = serde_json::from_str(&written.statuses_json).ok()?;
            Some(WrittenReport { day: written.day, statuses })
        }))
    }

    /// The row changes of the engagement's edits in force made on `since` or later, oldest
    /// first. The log keeps the newest edits only (`history.keep`): older ones are gone.
    pub fn changes_since(
        &self,
        engagement_id: &str,
        since: NaiveDate,
    ) -> Result<Vec<LoggedChange>> {
        use HistoryEntryField::{At, ChangesJson, EngagementId, Seq, Undone};
        let (at, changes) = (At.column(), ChangesJson.column());
        let sql = format!(
            "SELECT c.{at}, j.value AS change FROM {} c, json_each(c.{changes}) j \
             WHERE c.{} = ?1 AND c.{} = 0 AND c.{at} >= ?2 ORDER BY c.{}, j.key",
            HistoryEntry::TABLE,
            EngagementId.column(),
            Undone.column(),
            Seq.column()
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![engagement_id, since.to_string()], |r| {
            Ok((r.get::<_, String>(at)?, r.get::<_, String>("change")?))
        })?;
        let mut changes = Vec::new();
        for row in rows {
            let (at, json) = row?;
            // An entry that does not read as a row change (a hand edit) is left out of the
            // report's "what changed", not allowed to stop the report.
            if let Ok(change) = serde_json::from_str(&json) {
                changes.push(LoggedChange { at, change });
            }
        }
        Ok(changes)
    }
}
