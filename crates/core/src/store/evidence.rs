//! The service desk's ticket export read from its file and imported into an engagement, as
//! one edit.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use super::command::Command;
use super::{Result, Store, StoreError};
use crate::model::Engagement;
use crate::model::evidence::import::{MAX_BYTES, TicketImport, plan_import};
use crate::model::text::sanitize;

impl Store {
    /// Imports the ticket export `csv` (`source` names it in the undo history) on `today`,
    /// its columns found as `map` names them or by their common names: new tickets added,
    /// those already imported (by id) updated, all in one edit that undo takes back whole;
    /// unchanged tickets are not written. A file with any bad cell changes nothing.
    pub fn import_tickets(
        &mut self,
        engagement: &Engagement,
        csv: &str,
        map: &[(&'static str, String)],
        source: &str,
        today: NaiveDate,
    ) -> Result<TicketImport> {
        let tickets = self.tickets(&engagement.id)?;
        let import = plan_import(&tickets, csv, map, today).map_err(StoreError::Tickets)?;
        if import.is_empty() {
            return Ok(import);
        }
        let summary = format!("imported tickets from {}", sanitize(source));
        let command = Command::ImportTickets {
            engagement_id: engagement.id.clone(),
            import: import.clone(),
            read: tickets,
        };
        self.execute(Some(&engagement.id), &summary, &[command])?;
        Ok(import)
    }
}

/// The text of the export at `path`: a regular file of at most `MAX_BYTES`, UTF-8.
pub fn read_export(path: &Path) -> std::result::Result<String, String> {
    let shown = sanitize(&path.display().to_string()).into_owned();
    let cannot = |e: std::io::Error| format!("cannot read {shown}: {}", sanitize(&e.to_string()));
    if !std::fs::metadata(path).map_err(cannot)?.is_file() {
        return Err(format!("{shown} is not a regular file"));
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(cannot)?;
    file.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() > MAX_BYTES {
        return Err(format!("{shown} is larger than {} MiB", MAX_BYTES >> 20));
    }
    String::from_utf8(bytes).map_err(|_| format!("{shown} is not UTF-8 text"))
}
