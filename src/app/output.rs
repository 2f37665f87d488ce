//! The files the palette writes (`:report`, `:calendar`, `:workbook`, `:export`, `:backup`),
//! each as its command does: private files (mode 0600) through `files`, a report noted for
//! the next one; and the ticket export it reads (`:import-tickets`), as `tickets import` does.
//! Also the dialogs that ask where.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use super::report_text::{self, Request};
use super::screens::engagements::none_yet;
use super::targets::{self, Output};
use super::{Action, Overlay, State};
use crate::files::{Existing, write_private};
use crate::model::evidence::import::TicketImport;
use crate::report::Settings;
use crate::store::evidence::read_export;
use crate::store::{Store, StoreError};

impl State {
    /// The slug of the engagement to open or write about: the one on screen, else the one
    /// selected in the list.
    pub(super) fn engagement_slug(&self) -> Option<&str> {
        let opened = self.opened.as_ref().map(|o| o.data.engagement.slug.as_str());
        opened.or_else(|| {
            let selected = self.screens.engagements.selected(&self.context());
            selected.map(|r| r.engagement.slug.as_str())
        })
    }

    /// Asks which ticket export to import into the engagement on screen or selected.
    pub(super) fn import_form(&mut self) {
        match self.engagement_slug().map(str::to_string) {
            Some(slug) => self.overlay = Some(Overlay::Form(targets::import_form(slug))),
            None => self.message = Some(none_yet(&self.keymap)),
        }
    }

    /// Asks where to write a report, a calendar, a workbook, an export or a backup, with a
    /// sensible default name.
    pub(super) fn output_form(&mut self, action: Action) {
        let slug = self.engagement_slug().map(str::to_string);
        let day = self.today;
        let (output, path) = match (action, slug) {
            (Action::WriteBackup, _) => {
                (targets::Output::Backup, format!("botdash-backup-{day}.db"))
            }
            (Action::WriteReport, Some(slug)) => {
                let path = format!("{slug}-report-{day}.html");
                (targets::Output::Report { slug, format: crate::report::ReportFormat::Html }, path)
            }
            (Action::WriteCalendar, Some(slug)) => {
                let path = format!("{slug}-{day}.ics");
                (targets::Output::Calendar { slug }, path)
            }
            (Action::WriteWorkbook, Some(slug)) => {
                let path = format!("{slug}-{day}.xlsx");
                (targets::Output::Workbook { slug }, path)
            }
            (Action::WriteExport, Some(slug)) => {
                let path = format!("{slug}-export-{day}.json");
                (targets::Output::Export { slug }, path)
            }
            _ => {
                self.message = Some(none_yet(&self.keymap));
                return;
            }
        };
        self.overlay = Some(Overlay::Form(targets::output_form(output, &path)));
    }
}

/// Writes `output` to `path` at the local time `now`; the error is a sentence for the dialog.
pub fn write(
    store: &mut Store,
    output: Output,
    path: &Path,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<(), String> {
    if crate::store::is_file_of(store.path(), path) {
        return Err(crate::words::own_file(path));
    }
    let today = now.date();
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let refused = |e: StoreError| crate::words::refusal(&e);
    let load = |store: &Store, slug: &str| {
        store.engagement_by_slug(slug).and_then(|e| store.load(e)).map_err(refused)
    };
    let private =
        |bytes: &[u8], existing| write_private(path, bytes, existing).map_err(|e| text(&e));
    match output {
        Output::Report { slug, format } => {
            let request = Request { format, as_of: today, since: None };
            let rendered =
                report_text::render(store, &slug, request, settings, today).map_err(refused)?;
            private(&rendered.bytes, Existing::Replace)?;
            rendered.record(store).map_err(refused)
        }
        Output::Calendar { slug } => {
            let ics = crate::calendar::calendar(&load(store, &slug)?, crate::clock::utc(now));
            private(ics.as_bytes(), Existing::Replace)
        }
        Output::Workbook { slug } => {
            let bytes =
                crate::workbook::workbook(&load(store, &slug)?, today).map_err(|e| text(&e))?;
            private(&bytes, Existing::Replace)
        }
        Output::Export { slug } => {
            let export = store.export(&[slug], |_, _| {}).map_err(refused)?;
            let json = crate::model::text::to_json(&export).map_err(|e| text(&e))?;
            // Like `botdash export` without --force: an existing file is kept.
            private((json + "\n").as_bytes(), Existing::Refuse)
        }
        Output::Backup => store.backup(path).map_err(refused),
    }
}

/// Imports the ticket export at `path` into the engagement `slug` as one edit; what it
/// changed, or why nothing was imported as a sentence for the dialog.
pub fn import_tickets(
    store: &mut Store,
    slug: &str,
    path: &Path,
    today: NaiveDate,
) -> Result<TicketImport, String> {
    let shown = crate::model::text::sanitize(&path.display().to_string()).into_owned();
    let nothing = |e: &dyn std::fmt::Display| format!("{e}; nothing was imported");
    let engagement = store.engagement_by_slug(slug).map_err(|e| nothing(&e))?;
    let csv = read_export(path).map_err(|e| nothing(&e))?;
    let refused = |e: StoreError| nothing(&crate::words::refusal(&e));
    store.import_tickets(&engagement, &csv, &[], &shown, today).map_err(refused)
}
