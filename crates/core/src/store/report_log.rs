//! The reports written, per engagement (schema V9): the day each described and its statuses,
//! so that the next report shows each area's trend and starts its "what changed" there. And
//! the change log read for such a period.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::undo::RowChange;
use super::{Result, Store, StoreError};
use crate::model::timestamp_now;

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
        self.edit(|tx| {
            tx.execute(
                "INSERT INTO report_written (engagement_id, day, written_at, statuses_json) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![engagement_id, day, timestamp_now(), json],
            )?;
            Ok(())
        })
    }

    /// The last report written of the engagement that described a day before `day`.
    pub fn report_before<S: serde::de::DeserializeOwned>(
        &self,
        engagement_id: &str,
        day: NaiveDate,
    ) -> Result<Option<WrittenReport<S>>> {
        let row: Option<(NaiveDate, String)> = self
            .conn
            .query_row(
                "SELECT day, statuses_json FROM report_written \
                 WHERE engagement_id = ?1 AND day < ?2 ORDER BY day DESC, id DESC LIMIT 1",
                params![engagement_id, day],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        // A row another version or a hand edit left unreadable is no earlier report: it must
        // not stop every report of the engagement from then on.
        Ok(row.and_then(|(day, json)| {
            serde_json::from_str(&json).ok().map(|statuses| WrittenReport { day, statuses })
        }))
    }

    /// The row changes of the engagement's edits in force made on `since` or later, oldest
    /// first. The log keeps the newest edits only (`history.keep`): older ones are gone.
    pub fn changes_since(
        &self,
        engagement_id: &str,
        since: NaiveDate,
    ) -> Result<Vec<LoggedChange>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.at, j.value FROM change_log c, json_each(c.changes_json) j \
             WHERE c.engagement_id = ?1 AND c.undone = 0 AND c.at >= ?2 ORDER BY c.seq, j.key",
        )?;
        let rows = statement.query_map(params![engagement_id, since.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
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
