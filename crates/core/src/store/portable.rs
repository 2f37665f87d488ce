//! Moving engagements between files: the versioned JSON export and its import, and backups
//! made with `VACUUM INTO`.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::command::Command;
use super::sync::{AppliedFile, StoredConflict, SyncState};
use super::tables::Table;
use super::undo::{HistoryEntry, Image, RowChange, next_seq};
use super::{Result, Store, StoreError, insert_engagement_data};
use crate::files::{Existing, NewFile, WriteError};
use crate::model::evidence::{Ticket, check_ticket_days};
use crate::model::rules::{REFERENCES, Reference, check_engagement};
use crate::model::text::sanitize;
use crate::model::{
    Engagement, EngagementData, EngagementField, KtStatus, KtTopic, KtTopicField, checklist,
};
use crate::records::Record;

/// Written into every export; an import refuses other formats and newer versions.
pub const EXPORT_FORMAT: &str = "botdash-export";
/// Version 2 added the health records (risks, budget, costs, user tests, integrations,
/// lessons), which a version-1 file simply lacks; version 3 the transfer inventory
/// (`handover`), which an older botdash would drop without a word, so it refuses the file.
pub const EXPORT_VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub format: String,
    pub version: u32,
    pub engagements: Vec<ExportedEngagement>,
}

/// Every record of one engagement, with its undo history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedEngagement {
    #[serde(flatten)]
    pub data: EngagementData,
    pub history: Vec<LogEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    pub id: String,
    pub at: String,
    pub summary: String,
    pub changes: serde_json::Value,
    pub reason: Option<String>,
    pub undone: bool,
}

/// Reads an export's JSON. Where it is not one because a ticket holds a value no ticket can
/// have (an unknown type or resolver), the ticket is named, as the CSV import names it.
pub fn read_export(json: &str) -> std::result::Result<Export, String> {
    serde_json::from_str(json).map_err(|e| bad_ticket(json).unwrap_or_else(|| e.to_string()))
}

/// The first ticket in `json` that does not read as one, with its engagement and why.
fn bad_ticket(json: &str) -> Option<String> {
    let export: serde_json::Value = serde_json::from_str(json).ok()?;
    export.get("engagements")?.as_array()?.iter().find_map(|exported| {
        let slug = exported.pointer("/engagement/slug").and_then(|s| s.as_str()).unwrap_or("");
        exported.get("tickets")?.as_array()?.iter().find_map(|ticket| {
            let why = serde_json::from_value::<Ticket>(ticket.clone()).err()?;
            let key = ticket.get("key").and_then(|k| k.as_str()).unwrap_or("without an id");
            let key: String = key.chars().take(40).collect();
            Some(sanitize(&format!("engagement '{slug}': the ticket {key}: {why}")).into_owned())
        })
    })
}

/// A schema constraint an imported value broke, in words: the schema holds the rules that
/// `rules::check_engagement` does not repeat (dates SQLite can store, texts not empty).
fn explain_check(err: StoreError) -> String {
    let message = err.to_string();
    let Some(rule) = message.split("CHECK constraint failed: ").nth(1) else { return message };
    if let Some((column, _)) = rule.split_once(" IS date(") {
        format!("{column} must be a day from 0000-01-01 to 9999-12-31")
    } else if let Some(column) = rule.strip_prefix("length(trim(").and_then(|r| r.split_once(')')) {
        format!("{} must not be empty", column.0)
    } else {
        format!("a value breaks the rule {rule}")
    }
}

/// A problem of the file's engagement `e`, naming it.
fn named(e: &Engagement, what: &str) -> String {
    format!("engagement '{}': {what}", sanitize(&e.slug))
}

/// Clears the signer of each of the engagement's KT topics not signed off, which an older
/// botdash kept when a topic went back from signed off: the file imports, minus that.
fn drop_stray_signers(tx: &Connection, engagement_id: &str) -> Result<()> {
    let (signer, status) = (KtTopicField::SignedOffById.column(), KtTopicField::Status.column());
    let sql = format!(
        "UPDATE {} SET {signer} = NULL WHERE engagement_id = ?1 AND {status} IS NOT ?2",
        KtTopic::TABLE
    );
    tx.execute(&sql, params![engagement_id, KtStatus::SignedOff.as_str()])?;
    Ok(())
}

/// Refuses undo history that reaches outside the engagement it comes with: undoing it
/// would change another engagement's records. Every row image of a table with an owner must
/// carry the engagement's id; a row without one (a skill rating, a KT trainee) must name no
/// record of another engagement in `tx`, where every engagement of the file is by now. A
/// record it names that is nowhere (deleted by a sync or an undo since) reaches nothing.
fn check_history(
    tx: &Connection,
    id: &str,
    history: &[LogEntry],
) -> Result<std::result::Result<(), String>> {
    for (n, entry) in history.iter().enumerate() {
        let changes: Vec<RowChange> = match serde_json::from_value(entry.changes.clone()) {
            Ok(changes) => changes,
            Err(e) => return Ok(Err(format!("history entry {} is unreadable: {e}", n + 1))),
        };
        for change in &changes {
            for image in change.before.iter().chain(&change.after) {
                if !belongs(tx, id, change.table, image)? {
                    return Ok(Err(format!(
                        "history entry {} changes a {} row of another engagement",
                        n + 1,
                        change.table.name()
                    )));
                }
            }
        }
    }
    Ok(Ok(()))
}

/// Whether a row image of `table` belongs to the engagement `id` (see `check_history`).
fn belongs(tx: &Connection, id: &str, table: Table, image: &Image) -> Result<bool> {
    let text = |column: &str| image.get(column).and_then(|v| v.as_str());
    if table == Table::Engagement {
        return Ok(text(EngagementField::Id.column()) == Some(id));
    }
    if let Some(owner) = table.owner() {
        return Ok(text(owner) == Some(id));
    }
    for Reference { column, target, .. } in REFERENCES.iter().filter(|r| r.table == table.name()) {
        let owner = Table::from_name(target).and_then(Table::owner);
        let (Some(named), Some(owner)) = (text(column), owner) else { continue };
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM main.\"{target}\" WHERE id = ?1 AND {owner} IS NOT ?2)"
        );
        if tx.query_row(&sql, params![named, id], |r| r.get::<_, bool>(0))? {
            return Ok(false);
        }
    }
    Ok(true)
}

impl Store {
    /// The engagements with these slugs (all of them when none is given), whole.
    pub fn export(
        &self,
        slugs: &[String],
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Export> {
        let chosen = match slugs {
            [] => self.engagements()?,
            slugs => slugs.iter().map(|s| self.engagement_by_slug(s)).collect::<Result<_>>()?,
        };
        let total = chosen.len();
        let mut engagements = Vec::with_capacity(total);
        for (i, engagement) in chosen.into_iter().enumerate() {
            let id = engagement.id.clone();
            engagements.push(ExportedEngagement {
                data: self.load(engagement)?,
                history: self.log_entries(&id)?,
            });
            progress(i + 1, total);
        }
        Ok(Export { format: EXPORT_FORMAT.into(), version: EXPORT_VERSION, engagements })
    }

    fn log_entries(&self, engagement_id: &str) -> Result<Vec<LogEntry>> {
        let mut entries = self.history(Some(engagement_id))?;
        entries.reverse();
        Ok(entries
            .into_iter()
            .map(|e| LogEntry {
                id: e.id,
                at: e.at,
                summary: e.summary,
                changes: serde_json::from_str(&e.changes_json).unwrap_or(serde_json::Value::Null),
                reason: e.reason,
                undone: e.undone,
            })
            .collect())
    }

    /// Adds the exported engagements in one transaction. An engagement whose id is already
    /// here is refused, or with `replace` replaced; so is one with a ticket dated after
    /// `today`, as `tickets import` refuses it; any failure changes nothing.
    pub fn import(
        &mut self,
        export: &Export,
        replace: bool,
        today: NaiveDate,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Vec<String>> {
        if export.format != EXPORT_FORMAT {
            return Err(StoreError::Refused(format!(
                "not a botdash export (format '{}')",
                sanitize(&export.format)
            )));
        }
        if export.version > EXPORT_VERSION {
            return Err(StoreError::Refused(format!(
                "the export is of a newer version ({}; this botdash reads up to {EXPORT_VERSION})",
                export.version
            )));
        }
        let total = export.engagements.len();
        self.edit(|tx| {
            let mut slugs = Vec::new();
            for (done, exported) in export.engagements.iter().enumerate() {
                progress(done, total);
                let e = &exported.data.engagement;
                let exists: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM engagement WHERE id = ?1)",
                    params![e.id],
                    |r| r.get(0),
                )?;
                if exists && !replace {
                    return Err(StoreError::AlreadyHere { slug: sanitize(&e.slug).into_owned() });
                }
                if exists {
                    tx.execute("DELETE FROM change_log WHERE engagement_id = ?1", params![e.id])?;
                    tx.execute("DELETE FROM engagement WHERE id = ?1", params![e.id])?;
                }
                check_engagement(&exported.data)
                    .and_then(|()| check_ticket_days(&exported.data.tickets, today))
                    .map_err(|problem| StoreError::Refused(named(e, &sanitize(&problem))))?;
                insert_engagement_data(tx, &exported.data)
                    .map_err(|err| StoreError::Refused(named(e, &explain_check(err))))?;
                drop_stray_signers(tx, &e.id)?;
                slugs.push(e.slug.clone());
            }
            // The history once every engagement's records are in: what it names is known.
            for exported in &export.engagements {
                let e = &exported.data.engagement;
                check_history(tx, &e.id, &exported.history)?
                    .map_err(|problem| StoreError::Refused(named(e, &sanitize(&problem))))?;
                for entry in &exported.history {
                    let copy = HistoryEntry {
                        id: entry.id.clone(),
                        engagement_id: Some(e.id.clone()),
                        seq: next_seq(tx)?,
                        at: entry.at.clone(),
                        summary: entry.summary.clone(),
                        changes_json: entry.changes.to_string(),
                        reason: entry.reason.clone(),
                        undone: entry.undone,
                    };
                    copy.append(tx)
                        .map_err(|err| StoreError::Refused(named(e, &err.to_string())))?;
                }
            }
            Ok(slugs)
        })
    }

    /// Applies a checklist CSV (`source` names it in the undo history) to the engagement
    /// as one edit, approvals without a review date reviewed `today`; returns a line per
    /// change, none when the checklist already matches. A file with any bad row changes
    /// nothing.
    pub fn import_checklist(
        &mut self,
        engagement: &Engagement,
        csv: &str,
        source: &str,
        today: chrono::NaiveDate,
    ) -> Result<Vec<String>> {
        let docs = self.docs(&engagement.id)?;
        let plan = checklist::plan_import(&docs, csv, today).map_err(StoreError::Refused)?;
        let report = plan.report();
        if plan.is_empty() {
            return Ok(report);
        }
        let summary = format!("imported the checklist from {}", sanitize(source));
        let engagement_id = engagement.id.clone();
        let import = Command::ImportChecklist { engagement_id, plan, read: docs };
        self.execute(Some(&engagement.id), &summary, &[import])?;
        Ok(report)
    }

    /// A consistent copy of the whole database at `path` (mode 0600), safe while other
    /// programs use the file. Refuses to replace an existing file.
    pub fn backup(&self, path: &Path) -> Result<()> {
        let refused = |e: WriteError| StoreError::Refused(e.to_string());
        // VACUUM INTO fills an empty file: a new private one, put in place once whole.
        let copy = NewFile::beside(path).map_err(refused)?;
        let target = copy.temp_path().to_string_lossy().into_owned();
        self.conn.execute("VACUUM INTO ?1", params![target])?;
        // A copy syncs as a database of its own: a new id at its first sync.
        let sync_tables = [SyncState::TABLE, AppliedFile::TABLE, StoredConflict::TABLE];
        let forget = sync_tables.map(|table| format!("DELETE FROM {table};")).concat();
        rusqlite::Connection::open(copy.temp_path())?.execute_batch(&forget)?;
        copy.finish(Existing::Refuse).map_err(refused)
    }
}
