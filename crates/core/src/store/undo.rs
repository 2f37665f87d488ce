//! The undo history: `change_log` keeps each edit's row images (which `recorder` captures),
//! and undo and redo bring the rows back from them — also after a restart.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::tables::Table;
use super::{LogEntryDefect, Result, Stale, StaleChange, Store, StoreError};
use crate::model::text::sanitize;
use crate::records::{Record, insert_all, record, select_list};

pub(super) use super::image::Image;
use super::image::json_to_sql;
pub use super::recorder::RowChange;
use super::recorder::{image, shape};

record! {
    /// A recorded edit, as the log holds it (unlike sync's `session::Change`, which is one
    /// row's change in a changeset): the one statement of `change_log`'s columns, for the
    /// edit that writes an entry, the import that copies one, and the history and export
    /// that read them.
    pub struct HistoryEntry: HistoryEntryField in "change_log" {
        Id id: String,
        EngagementId engagement_id: Option<String>,
        Seq seq: i64,
        At at: String,
        Summary summary: String,
        /// The edit's row changes (`RowChange`s), as JSON.
        ChangesJson changes_json: String,
        Reason reason: Option<String>,
        Undone undone: bool,
    }
}

impl HistoryEntry {
    /// Appends the entry to the log.
    pub(super) fn append(&self, tx: &Transaction) -> rusqlite::Result<()> {
        insert_all(tx, "", std::slice::from_ref(self))
    }

    /// Notes in the log that the edit is undone (or, with `false`, redone).
    fn mark_undone(&self, tx: &Transaction, undone: bool) -> rusqlite::Result<()> {
        use HistoryEntryField::{Id, Undone};
        let sql = format!(
            "UPDATE {} SET {} = ?2 WHERE {} = ?1",
            Self::TABLE,
            Undone.column(),
            Id.column()
        );
        tx.execute(&sql, params![self.id, undone]).map(drop)
    }
}

/// The sequence number the log's next entry takes.
pub(super) fn next_seq(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM change_log")?
        .query_row([], |r| r.get(0))
}

/// How many edits of one engagement the log keeps for undo.
pub const DEFAULT_HISTORY: usize = 1000;

impl Store {
    /// Undoes the engagement's last edit (with `None`: the last edit of any engagement);
    /// returns its summary, or `None` when there is nothing to undo.
    pub fn undo(&mut self, engagement_id: Option<&str>) -> Result<Option<String>> {
        self.step(engagement_id, UndoOrRedo::Undo)
    }

    /// Redoes the engagement's (or with `None`, any engagement's) last undone edit.
    pub fn redo(&mut self, engagement_id: Option<&str>) -> Result<Option<String>> {
        self.step(engagement_id, UndoOrRedo::Redo)
    }

    fn step(
        &mut self,
        engagement_id: Option<&str>,
        direction: UndoOrRedo,
    ) -> Result<Option<String>> {
        let undoable = self.undoable.clone();
        self.edit(|tx| {
            let Some(entry) = undoable.next(tx, engagement_id, direction)? else {
                return Ok(None);
            };
            let changes: Vec<RowChange> = serde_json::from_str(&entry.changes_json)
                .map_err(|e| StoreError::LogEntry(LogEntryDefect::Unreadable(e.to_string())))?;
            // Rows may be restored parent-after-child; the keys are checked at commit.
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            match direction {
                UndoOrRedo::Undo => changes
                    .iter()
                    .rev()
                    .try_for_each(|c| restore(tx, c.table, &c.after, &c.before))?,
                UndoOrRedo::Redo => {
                    changes.iter().try_for_each(|c| restore(tx, c.table, &c.before, &c.after))?
                }
            }
            tx.execute("DELETE FROM temp.pending_change", [])?;
            let undone = direction == UndoOrRedo::Undo;
            entry.mark_undone(tx, undone)?;
            Ok(Some(entry.summary))
        })
    }

    /// The engagement's recorded edits, newest first.
    pub fn history(&self, engagement_id: Option<&str>) -> Result<Vec<HistoryEntry>> {
        self.history_where(engagement_id, "")
    }

    /// The engagement's gate overrides in force (not undone), newest first. Selected by the
    /// database: the screens read them again after every edit, and every edit lengthens
    /// the history.
    pub fn overrides(&self, engagement_id: &str) -> Result<Vec<HistoryEntry>> {
        self.history_where(Some(engagement_id), "AND reason IS NOT NULL AND undone = 0")
    }

    /// The engagement's edits that meet `condition`, newest first.
    fn history_where(
        &self,
        engagement_id: Option<&str>,
        condition: &str,
    ) -> Result<Vec<HistoryEntry>> {
        let sql = format!(
            "SELECT {} FROM change_log WHERE engagement_id IS ?1 {condition} ORDER BY seq DESC",
            select_list::<HistoryEntry>()
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![engagement_id], HistoryEntry::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps the `keep` newest edits of every engagement (and every gate override);
    /// returns how many were removed.
    pub fn prune_history(&mut self, keep: usize) -> Result<usize> {
        self.edit(|tx| {
            let ids: Vec<Option<String>> = {
                let mut st = tx.prepare("SELECT DISTINCT engagement_id FROM change_log")?;
                st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
            };
            let mut removed = 0;
            for id in ids {
                removed += prune(tx, id.as_deref(), keep)?;
            }
            Ok(removed)
        })
    }

    pub fn set_history_limit(&mut self, keep: usize) {
        self.history_limit = keep;
    }

    /// What undo and redo would find now, for every engagement in the file at once: for the
    /// app to read when it reloads rather than on every frame.
    pub fn undo_steps(&self) -> Result<UndoSteps> {
        self.undoable.steps(&self.conn)
    }
}

/// Whether undo and redo would find an edit to take back or make again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps {
    pub undo: bool,
    pub redo: bool,
}

impl Steps {
    fn add(&mut self, undone: bool) {
        if undone {
            self.redo = true;
        } else {
            self.undo = true;
        }
    }
}

/// What undo and redo would find for each engagement, and for any (`Store::undo`'s `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndoSteps {
    any: Steps,
    by_engagement: std::collections::HashMap<String, Steps>,
}

impl UndoSteps {
    /// For the engagement `engagement_id`, or with `None` for any, as undo takes it.
    pub fn of(&self, engagement_id: Option<&str>) -> Steps {
        match engagement_id {
            None => self.any,
            Some(id) => self.by_engagement.get(id).copied().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UndoOrRedo {
    Undo,
    Redo,
}

/// The edits one store may undo and redo: those logged before it was opened (as after a
/// restart) and those it made itself. Another window's edits made since are that window's
/// to undo.
#[derive(Debug, Clone, Default)]
pub(super) struct Undoable {
    /// The newest sequence number in the log when the store was opened.
    opened_at: i64,
    made_here: std::collections::HashSet<String>,
}

impl Undoable {
    pub(super) fn since(conn: &Connection) -> Undoable {
        let newest =
            conn.query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| r.get(0));
        Undoable { opened_at: newest.unwrap_or(0), made_here: Default::default() }
    }

    /// Notes an edit this store made (the log's `id`), which it may undo.
    pub(super) fn made_here(&mut self, id: String) {
        self.made_here.insert(id);
    }

    fn allows(&self, id: &str, seq: i64) -> bool {
        seq <= self.opened_at || self.made_here.contains(id)
    }

    /// `Store::undo_steps`: what the edits logged before the store was opened offer, which it
    /// may all step through; then the edits it made since, one by one.
    fn steps(&self, conn: &Connection) -> Result<UndoSteps> {
        let mut steps = self.logged_before(conn)?;
        let mut statement =
            conn.prepare_cached("SELECT id, engagement_id, undone FROM change_log WHERE seq > ?1")?;
        let mut rows = statement.query(params![self.opened_at])?;
        while let Some(row) = rows.next()? {
            if !self.made_here.contains(&row.get::<_, String>(0)?) {
                continue;
            }
            let (engagement_id, undone): (Option<String>, bool) = (row.get(1)?, row.get(2)?);
            steps.any.add(undone);
            if let Some(engagement_id) = engagement_id {
                steps.by_engagement.entry(engagement_id).or_default().add(undone);
            }
        }
        Ok(steps)
    }

    /// Whether each engagement in the file (and any, a deleted one's included) has an edit
    /// logged before the store was opened to undo and to redo: each asked of an index, never
    /// by reading the whole log.
    fn logged_before(&self, conn: &Connection) -> Result<UndoSteps> {
        // `undone` is written out, not bound, so that SQLite may read the redo stack's
        // partial index (`change_log_undone`); `+seq` keeps it from walking the log by
        // `seq` instead, as nearly every edit was logged before the store was opened.
        let logged = |engagement: &str, undone: u8| {
            format!(
                "EXISTS (SELECT 1 FROM change_log WHERE {engagement} undone = {undone} \
                 AND +seq <= ?1)"
            )
        };
        let (mine, any) = ("engagement_id = e.id AND", "");
        let sql = format!(
            "SELECT e.id, {}, {} FROM engagement AS e UNION ALL SELECT NULL, {}, {}",
            logged(mine, 0),
            logged(mine, 1),
            logged(any, 0),
            logged(any, 1)
        );
        let mut statement = conn.prepare_cached(&sql)?;
        let mut rows = statement.query(params![self.opened_at])?;
        let mut steps = UndoSteps::default();
        while let Some(row) = rows.next()? {
            let (engagement_id, undo, redo): (Option<String>, bool, bool) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            let found = Steps { undo, redo };
            match engagement_id {
                Some(id) => _ = steps.by_engagement.insert(id, found),
                None => steps.any = found,
            }
        }
        Ok(steps)
    }

    /// The entry to undo (the newest not undone) or redo (the oldest undone) of the
    /// engagement (`None`: of any), skipping other windows' edits; refused when only theirs
    /// are left.
    fn next(
        &self,
        tx: &Transaction,
        engagement_id: Option<&str>,
        direction: UndoOrRedo,
    ) -> Result<Option<HistoryEntry>> {
        use HistoryEntryField::{EngagementId, Seq, Undone};
        let (undone, order) = match direction {
            UndoOrRedo::Undo => (false, "DESC"),
            UndoOrRedo::Redo => (true, "ASC"),
        };
        let sql = format!(
            "SELECT {} FROM {} WHERE {} = ?2 AND (?1 IS NULL OR {} = ?1) ORDER BY {} {order}",
            select_list::<HistoryEntry>(),
            HistoryEntry::TABLE,
            Undone.column(),
            EngagementId.column(),
            Seq.column()
        );
        let mut statement = tx.prepare(&sql)?;
        let mut rows = statement.query(params![engagement_id, undone])?;
        let mut theirs = None;
        while let Some(row) = rows.next()? {
            let entry = HistoryEntry::from_row(row)?;
            if self.allows(&entry.id, entry.seq) {
                return Ok(Some(entry));
            }
            theirs.get_or_insert(entry.summary);
        }
        match theirs {
            None => Ok(None),
            Some(summary) => {
                Err(StoreError::EditedElsewhere { last: sanitize(&summary).into_owned() })
            }
        }
    }
}

/// Removes the oldest edits of one engagement beyond `keep`, sparing gate overrides.
pub(super) fn prune(tx: &Transaction, engagement_id: Option<&str>, keep: usize) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "DELETE FROM change_log WHERE engagement_id IS ?1 AND reason IS NULL AND seq <= \
             (SELECT seq FROM change_log WHERE engagement_id IS ?1 ORDER BY seq DESC LIMIT 1 \
             OFFSET ?2)",
        )?
        // `as` would wrap a huge `keep` to -1, which SQLite reads as no offset: keep none.
        .execute(params![engagement_id, i64::try_from(keep).unwrap_or(i64::MAX)])?)
}

/// Brings one row from image `from` to image `to`, refusing when it is no longer `from`
/// (another window or program changed it since).
fn restore(tx: &Transaction, table: Table, from: &Option<Image>, to: &Option<Image>) -> Result<()> {
    let shape = shape(tx, table)?;
    let defect = |defect| StoreError::LogEntry(defect);
    let image_of = from.as_ref().or(to.as_ref()).ok_or(defect(LogEntryDefect::NoRow))?;
    // A log entry from an import or a hand edit may lack a key column: refused, never a panic.
    let key_values = shape
        .key
        .iter()
        .map(|k| image_of.get(k).map(json_to_sql))
        .collect::<Option<Vec<Value>>>()
        .ok_or(defect(LogEntryDefect::NoKey(table)))?;
    let key_clause: Vec<String> =
        shape.key.iter().enumerate().map(|(i, k)| format!("\"{k}\" = ?{}", i + 1)).collect();
    let key_clause = key_clause.join(" AND ");
    let current: Option<String> = tx
        .query_row(
            &format!("SELECT {} FROM {} WHERE {key_clause}", image(&shape, ""), table.name()),
            rusqlite::params_from_iter(&key_values),
            |r| r.get(0),
        )
        .optional()?;
    let current: Option<Image> = current.and_then(|j| serde_json::from_str(&j).ok());
    if &current != from {
        let name = table
            .name_column()
            .and_then(|column| image_of.get(column))
            .and_then(|v| v.as_str())
            .map(|name| sanitize(name).into_owned());
        return Err(StoreError::Stale(Stale { table, name, change: StaleChange::SinceEdit }));
    }
    match to {
        None => {
            tx.execute(
                &format!("DELETE FROM {} WHERE {key_clause}", table.name()),
                rusqlite::params_from_iter(&key_values),
            )?;
        }
        Some(row) => {
            let columns: Vec<String> = shape.columns.iter().map(|c| format!("\"{c}\"")).collect();
            let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
            let values: Vec<Value> = shape
                .columns
                .iter()
                .map(|c| json_to_sql(row.get(c).unwrap_or(&serde_json::Value::Null)))
                .collect();
            // REPLACE would fire delete triggers and cascades; an upsert keeps children.
            let updates: Vec<String> =
                shape.columns.iter().map(|c| format!("\"{c}\" = excluded.\"{c}\"")).collect();
            let keys: Vec<String> = shape.key.iter().map(|k| format!("\"{k}\"")).collect();
            tx.execute(
                &format!(
                    "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
                    table.name(),
                    columns.join(", "),
                    marks.join(", "),
                    keys.join(", "),
                    updates.join(", ")
                ),
                rusqlite::params_from_iter(&values),
            )?;
        }
    }
    Ok(())
}
