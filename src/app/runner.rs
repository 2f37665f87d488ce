//! `App`, the runner: the state together with the store it shows and the clock. It reads
//! the clock once per event, hands the time to the state, carries out the state's effects as
//! reads and writes, and reloads what they changed.

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{Event, KeyEventKind};

use super::records::Output;
use super::summary::Pending;
use super::{Effect, EngagementRow, Overlay, RowSummary, Screen, State};
use crate::clock::Clock;
use crate::model::score::readiness;
use crate::model::template::{NewEngagement, Template};
use crate::model::{EngagementData, Snapshot};
use crate::store::command::Command;
use crate::store::{Store, StoreError};

pub struct App {
    pub state: State,
    store: Store,
    /// Read once per event; the state is given the time it read.
    clock: Clock,
    /// Leave the slow derived data (forecast, next best actions) to `derive`, called by the
    /// terminal loop after drawing, instead of computing it with every event.
    pub defer_derived: bool,
    /// Who writes the reports and by which rules (the config's `[report]`).
    pub report: crate::report::Settings,
    /// Today's readiness of the engagement on screen is not yet recorded as its snapshot.
    snapshot_due: bool,
    /// The file's `data_version` when last asked: when it moves, another window or program
    /// wrote to the file, and the screens are read again.
    seen_version: Option<i64>,
    /// The list's lines whose forecast waits for idle time.
    pending: Pending,
}

impl App {
    /// Loads the engagements; opens the only one directly when there is just one. The
    /// screens show the `clock`'s day (a date: a clock stopped at its noon).
    pub fn new(store: Store, clock: impl Into<Clock>) -> Result<App, StoreError> {
        let clock = clock.into();
        let state = State::new(clock.now(), store.is_read_only());
        let seen_version = store.data_version().ok();
        let mut app = App {
            state,
            store,
            clock,
            report: crate::report::Settings::default(),
            defer_derived: false,
            snapshot_due: false,
            seen_version,
            pending: Pending::default(),
        };
        app.reload_list()?;
        let active = app.state.engagements.iter().filter(|r| !r.engagement.archived).count();
        if active == 1 {
            let index = app.state.engagements.iter().position(|r| !r.engagement.archived);
            app.open(index.unwrap_or(0))?;
            app.state.screen = Screen::Overview;
        }
        if app.state.read_only {
            app.state.message = Some("read-only: this database file cannot be changed".into());
        }
        Ok(app)
    }

    /// Puts every edit committed so far on disk (see `Store::defer_sync`); a failure is
    /// shown. Returns whether the screen changed.
    pub fn make_durable(&mut self) -> bool {
        let Err(refusal) = self.store.sync_log() else {
            return false;
        };
        self.state.message = Some(refusal.to_string());
        true
    }

    /// Opens the engagement `slug` on `screen`; an unknown slug is refused.
    pub fn open_slug(&mut self, slug: &str, screen: Screen) -> Result<(), StoreError> {
        let engagement = self.store.engagement_by_slug(slug)?;
        let index = self.state.engagements.iter().position(|r| r.engagement.id == engagement.id);
        self.state.filter = None;
        self.open(index.unwrap_or(0))?;
        self.state.screen = screen;
        Ok(())
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Handles one terminal event; returns whether the screen may have changed.
    /// A key acts on what the screen showed; when another window had written to the file
    /// since, or the day has turned, the screens are read again afterwards (an edit of a
    /// record another window changed is refused: see `Command::Patch`).
    pub fn handle_event(&mut self, event: Event) -> bool {
        let shown = self.state.today;
        let now = self.clock.now();
        let elsewhere = self.changed_elsewhere();
        let mut changed = self.apply_event(event, now);
        self.state.set_time(now);
        let new_day = self.read_new_day(shown);
        changed |= new_day;
        // A new day has read the screens again already.
        if elsewhere && !new_day {
            changed = true;
            if let Err(e) = self.reload() {
                self.state.message = Some(e.to_string());
            }
        }
        if !self.defer_derived {
            self.derive();
        }
        changed
    }

    /// Whether another connection wrote to the file since the last time this was asked.
    fn changed_elsewhere(&mut self) -> bool {
        let version = self.store.data_version().ok();
        let changed = version.is_some() && version != self.seen_version;
        self.seen_version = version;
        changed
    }

    /// How long the app may wait for input before the day changes under it.
    pub fn until_tomorrow(&self) -> std::time::Duration {
        self.clock.until_tomorrow()
    }

    /// When the clock has passed midnight since the screens were read, reads them again for
    /// the new day (its deadlines, staleness and snapshot); returns whether it did.
    pub fn turn_of_day(&mut self) -> bool {
        let shown = self.state.today;
        self.state.set_time(self.clock.now());
        self.read_new_day(shown)
    }

    /// When the state's day is no longer `shown`, the day the screens were read for, reads
    /// them again; returns whether it did.
    fn read_new_day(&mut self, shown: NaiveDate) -> bool {
        if self.state.today == shown {
            return false;
        }
        if let Err(e) = self.reload() {
            self.state.message = Some(e.to_string());
        }
        if !self.defer_derived {
            self.derive();
        }
        true
    }

    /// The work left for after a frame: starts the integrity check (first call) and reports
    /// the damage it found, records the day's snapshot (a write, so it waits for the check's
    /// verdict), and computes what is derived from the engagement on screen and not known
    /// yet. Returns whether the screen changed.
    pub fn derive(&mut self) -> bool {
        let mut changed = false;
        if let Some(damage) = self.store.damage_found() {
            self.state.message = Some(damage);
            changed = true;
        }
        changed |= self.record_snapshot() || self.make_durable();
        self.state.read_only |= self.store.is_read_only();
        changed |= self.read_history();
        let today = self.state.today;
        if self.state.opened.as_mut().is_some_and(|o| o.derive(today)) {
            self.state.note_opened_verdict();
            changed = true;
        }
        changed
    }

    /// Records the daily snapshot of the engagement on screen; returns whether that failed
    /// (and the message changed). Waits until after the frame: it is history, not an edit.
    fn record_snapshot(&mut self) -> bool {
        let Some(o) = self.state.opened.as_ref().filter(|_| self.snapshot_due) else {
            return false;
        };
        self.snapshot_due = false;
        let today = self.state.today;
        match self.store.record_snapshot(&o.data.engagement.id, today, &o.readiness) {
            Ok(()) => false,
            Err(e) => {
                self.state.message = Some(e.to_string());
                true
            }
        }
    }

    fn apply_event(&mut self, event: Event, now: NaiveDateTime) -> bool {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                if let Some(effect) = self.state.key(key, now) {
                    self.carry_out(effect);
                }
                true
            }
            Event::Mouse(mouse) if super::mouse::acts(&mouse) => {
                if let Some(effect) = self.state.mouse(mouse, now) {
                    self.carry_out(effect);
                }
                true
            }
            Event::Paste(text) => {
                self.state.paste(&text);
                true
            }
            Event::FocusGained => {
                self.carry_out(Effect::Refresh);
                true
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }

    /// Applies `action` at the clock's time, as a key bound to it would.
    pub fn perform(&mut self, action: super::Action) {
        let shown = self.state.today;
        if let Some(effect) = self.state.update(action, self.clock.now()) {
            self.carry_out(effect);
        }
        self.read_new_day(shown);
        if !self.defer_derived {
            self.derive();
        }
    }

    /// Does what the state asked of the store; a failure goes to the footer.
    fn carry_out(&mut self, effect: Effect) {
        let result = match effect {
            Effect::Open(index) => self.open(index),
            Effect::Create(new) => self.create(new),
            Effect::Apply(plan) => {
                let applied =
                    self.store.execute(Some(&plan.engagement), &plan.summary, &plan.commands);
                let done = applied.map(|()| Some(plan.done_message()));
                self.after_edit(done, Step::Edit, &plan.commands)
            }
            Effect::Undo => {
                let id = self.engagement_id();
                let undone = self.store.undo(id.as_deref());
                self.after_edit(undone, Step::Undo, &[])
            }
            Effect::Redo => {
                let id = self.engagement_id();
                let redone = self.store.redo(id.as_deref());
                self.after_edit(redone, Step::Redo, &[])
            }
            Effect::Refresh => self.reload(),
            Effect::Resolve(id, keep) => {
                let summary = |c: &_| crate::conflict_text::resolved(c, keep);
                self.store.resolve(&id, keep, summary).and_then(|done| {
                    self.state.message = Some(format!("{done}; sync to send it on"));
                    self.reload()
                })
            }
            Effect::Write(output, path) => {
                self.write(output, &path);
                Ok(())
            }
            Effect::ImportTickets { slug, path } => self.import_tickets(&slug, &path),
        };
        if let Err(e) = result {
            self.state.message = Some(e.to_string());
        }
    }

    /// Writes a report, a calendar, a workbook, an export or a backup, and says where (or
    /// why not).
    fn write(&mut self, output: Output, path: &std::path::Path) {
        let shown = crate::model::text::sanitize(&path.display().to_string()).into_owned();
        let result =
            super::output::write(&mut self.store, output, path, &self.report, self.state.today);
        match result {
            Ok(()) => {
                self.state.overlay = None;
                let full =
                    std::fs::canonicalize(path).map(|p| p.display().to_string()).unwrap_or(shown);
                self.state.message = Some(format!("wrote {}", crate::model::text::sanitize(&full)));
            }
            Err(message) => {
                if let Some(Overlay::Form(record)) = self.state.overlay.as_mut() {
                    record.form.reject("Path", message);
                }
            }
        }
    }

    /// Imports a ticket export as one edit and says how many tickets it added and updated;
    /// a file refused (naming its line and column) is told beside the dialog's path.
    fn import_tickets(&mut self, slug: &str, path: &std::path::Path) -> Result<(), StoreError> {
        match super::output::import_tickets(&mut self.store, slug, path) {
            Ok(summary) => self.after_edit(Ok(Some(summary)), Step::Edit, &[]),
            Err(message) => {
                if let Some(Overlay::Form(record)) = self.state.overlay.as_mut() {
                    record.form.reject("Path", message);
                }
                Ok(())
            }
        }
    }

    /// Whose edits undo and redo go through: the engagement on screen, or on the list of
    /// engagements (`None`) the most recent edit of any.
    fn engagement_id(&self) -> Option<String> {
        let on_list = self.state.screen == Screen::Engagements;
        self.state.opened.as_ref().filter(|_| !on_list).map(|o| o.data.engagement.id.clone())
    }

    /// After an edit (its `ops`), an undo or a redo (no ops: which rows it changed is not
    /// known here): close the form, say what happened, reload.
    fn after_edit(
        &mut self,
        done: Result<Option<String>, StoreError>,
        step: Step,
        ops: &[Command],
    ) -> Result<(), StoreError> {
        match done {
            Ok(Some(summary)) => {
                self.state.overlay = None;
                self.state.message = Some(format!("{}{summary}", step.prefix()));
                self.reload_opened(ops)
            }
            Ok(None) => {
                self.state.message = Some(step.nothing_done().into());
                Ok(())
            }
            Err(refused @ (StoreError::Refused(_) | StoreError::Field { .. })) => {
                self.show_refusal(refused);
                Ok(())
            }
            Err(StoreError::Stale(mut message)) => {
                if matches!(self.state.overlay, Some(Overlay::Form(_))) {
                    message += ": press Esc and edit it again to start from the new version";
                }
                self.show_refusal(StoreError::Stale(message));
                self.reload()
            }
            Err(e) => Err(e),
        }
    }

    /// Puts a refusal beside the field it names in the open form (which stays open, so
    /// nothing typed is lost), on the form, or in the footer.
    fn show_refusal(&mut self, refusal: StoreError) {
        let column = match &refusal {
            StoreError::Field { field, .. } => *field,
            _ => None,
        };
        match self.state.overlay.as_mut() {
            Some(Overlay::Form(record)) => {
                let field =
                    record.form.fields.iter().find(|f| column.is_some() && f.column == column);
                record.form.reject(field.map_or("", |f| f.label), refusal.to_string())
            }
            _ => self.state.message = Some(refusal.to_string()),
        }
    }

    /// Reloads the list and the engagement on screen (if it still exists) from the store.
    /// On the list, the list stays on screen with the same engagement selected.
    fn reload(&mut self) -> Result<(), StoreError> {
        let opened_id = self.state.opened.as_ref().map(|o| o.data.engagement.id.clone());
        let on_list = self.state.screen == Screen::Engagements;
        let selected = self.state.selected_engagement().map(|r| r.engagement.id.clone());
        self.reload_list()?;
        let index = opened_id
            .and_then(|id| self.state.engagements.iter().position(|r| r.engagement.id == id));
        match index {
            Some(index) => self.open(index)?,
            None => self.state.opened = None,
        }
        if on_list || index.is_none() {
            self.state.screen = Screen::Engagements;
            let rows = self.state.engagement_rows();
            let row = rows
                .iter()
                .position(|&i| Some(&self.state.engagements[i].engagement.id) == selected.as_ref());
            if let Some(row) = row {
                self.state.screens.engagements.cursor = row;
            }
        }
        Ok(())
    }

    /// After an edit of the engagement on screen (`ops`, when known): reloads that engagement
    /// alone, as much of it as the edit changed, and its line in the list (the other
    /// engagements did not change). Anything else reloads everything.
    fn reload_opened(&mut self, ops: &[Command]) -> Result<(), StoreError> {
        let on_list = self.state.screen == Screen::Engagements;
        let opened = self.state.opened.as_ref().filter(|_| !on_list);
        let Some(id) = opened.map(|o| o.data.engagement.id.clone()) else { return self.reload() };
        let index = self.state.engagements.iter().position(|r| r.engagement.id == id);
        let engagement = self.store.engagement_by_id(&id)?;
        match (index, engagement) {
            (Some(index), Some(engagement)) => {
                let shown = self.state.opened.as_mut().map(|o| {
                    std::mem::replace(&mut o.data, EngagementData::new(engagement.clone()))
                });
                let data = match shown {
                    Some(mut data) if !ops.is_empty() => {
                        data.engagement = engagement.clone();
                        // The screen is never left with the placeholder: read it whole.
                        match self.store.refreshed(data, ops) {
                            Ok(data) => data,
                            Err(_) => self.store.load(engagement)?,
                        }
                    }
                    _ => self.store.load(engagement)?,
                };
                self.show(data)?;
                let today = self.state.today;
                if let Some(o) = &self.state.opened {
                    let overdue = o.data.overdue_tasks(today).count();
                    // The verdict follows with the forecast, after the frame (`derive`).
                    let summary = RowSummary::of(&o.data, &o.readiness, None, overdue, today);
                    self.state.engagements[index] = EngagementRow {
                        engagement: o.data.engagement.clone(),
                        summary: Some(summary),
                    };
                }
                Ok(())
            }
            _ => self.reload(),
        }
    }

    fn reload_list(&mut self) -> Result<(), StoreError> {
        self.state.screens.conflicts.reload(self.store.conflicts()?);
        self.state.engagements = self
            .store
            .engagements()?
            .into_iter()
            .map(|engagement| EngagementRow { engagement, summary: None })
            .collect();
        self.pending.clear();
        let last = self.state.engagement_rows().len().saturating_sub(1);
        self.state.screens.engagements.cursor = self.state.screens.engagements.cursor.min(last);
        Ok(())
    }

    /// Reads the summaries of the engagement lines the last frame showed and had none, so
    /// that drawing the list costs what it shows, however many engagements there are.
    /// Their forecasts wait for `work_on_portfolio`. Returns whether it read any (and the
    /// frame should be drawn again).
    pub fn summarize_visible(&mut self) -> bool {
        let rows = self.state.engagement_rows();
        let shown = self.state.visible.engagements.clone();
        let missing: Vec<usize> = rows
            .get(shown)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|&i| self.state.engagements[i].summary.is_none())
            .collect();
        if missing.is_empty() {
            return false;
        }
        self.pending.summarize(&mut self.state, &self.store, missing);
        true
    }

    /// The list's work for idle time (see `summary::Pending::work`), only while the list
    /// is on screen. Returns whether it did any (and the frame should be drawn again).
    pub fn work_on_portfolio(&mut self) -> bool {
        self.state.screen == Screen::Engagements && self.pending.work(&mut self.state, &self.store)
    }

    /// Opens the engagement at `index` of the list and records today's readiness snapshot.
    fn open(&mut self, index: usize) -> Result<(), StoreError> {
        let Some(row) = self.state.engagements.get(index) else { return Ok(()) };
        let data = self.store.load(row.engagement.clone())?;
        if let Some(position) = self.state.engagement_rows().iter().position(|&i| i == index) {
            self.state.screens.engagements.cursor = position;
        }
        self.show(data)
    }

    /// Shows `data` (recording today's snapshot of it) on an engagement screen.
    fn show(&mut self, mut data: crate::model::EngagementData) -> Result<(), StoreError> {
        let today = self.state.today;
        let now = readiness(&data, today);
        if !self.store.is_read_only() {
            data.snapshots.retain(|s| s.day != today);
            data.snapshots.push(Snapshot::of(today, &now));
            self.snapshot_due = true;
        }
        let overrides = self.store.overrides(&data.engagement.id)?;
        self.state.show(data, now, overrides);
        if self.state.screen == Screen::Engagements {
            self.state.screen = Screen::Overview;
        }
        Ok(())
    }

    fn create(&mut self, new: NewEngagement) -> Result<(), StoreError> {
        let now = self.state.timestamp();
        match self.store.create_engagement(&new, &Template::standard(), &now) {
            Ok(data) => {
                self.state.overlay = None;
                self.state.filter = None;
                self.reload_list()?;
                let id = data.engagement.id;
                let index = self.state.engagements.iter().position(|r| r.engagement.id == id);
                self.state.screen = Screen::Overview;
                self.open(index.unwrap_or(0))?;
                self.state.message = Some(format!("created engagement '{}'", new.slug));
                Ok(())
            }
            Err(refused @ (StoreError::Refused(_) | StoreError::Field { .. })) => {
                self.show_refusal(refused);
                Ok(())
            }
            Err(other) => Err(other),
        }
    }
}

/// What changed the data: an edit, or undo or redo taking one back or doing it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Edit,
    Undo,
    Redo,
}

impl Step {
    /// The words before the edit's summary in the footer.
    fn prefix(self) -> &'static str {
        match self {
            Step::Edit => "",
            Step::Undo => "undid: ",
            Step::Redo => "redid: ",
        }
    }

    /// What the footer says when the step found nothing to do.
    fn nothing_done(self) -> &'static str {
        match self {
            Step::Edit => "nothing changed",
            Step::Undo => "nothing to undo",
            Step::Redo => "nothing to redo",
        }
    }
}
