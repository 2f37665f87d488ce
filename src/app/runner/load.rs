//! How the runner reads what the screens show: the list of engagements, the engagement on
//! screen (as much of it as an edit changed), the list's summaries in idle time, and a new
//! engagement created from a template.

use super::App;
use crate::app::{EngagementRow, RowSummary, Screen};
use crate::model::score::readiness;
use crate::model::template::{NewEngagement, Template};
use crate::model::{EngagementData, Snapshot};
use crate::store::StoreError;
use crate::store::command::Command;

impl App {
    /// Reloads the list and the engagement on screen (if it still exists) from the store.
    /// On the list, the list stays on screen with the same engagement selected.
    pub(super) fn reload(&mut self) -> Result<(), StoreError> {
        let opened_id = self.state.opened.as_ref().map(|o| o.data.engagement.id.clone());
        let on_list = self.state.screen == Screen::Engagements;
        let selected = self
            .state
            .screens
            .engagements
            .selected(&self.state.context())
            .map(|r| r.engagement.id.clone());
        self.reload_list()?;
        let index = opened_id
            .and_then(|id| self.state.engagements.iter().position(|r| r.engagement.id == id));
        match index {
            Some(index) => self.open(index)?,
            None => self.state.opened = None,
        }
        // A screen of one engagement goes with it; Sync conflicts needs none.
        if on_list || (index.is_none() && self.state.screen.needs_engagement()) {
            self.state.screen = Screen::HOME;
            if let Some(id) = selected {
                self.state.select_engagement(&id);
            }
        }
        Ok(())
    }

    /// After an edit of the engagement on screen (`ops`, when known): reloads that engagement
    /// alone, as much of it as the edit changed, and its line in the list (the other
    /// engagements did not change). Anything else reloads everything.
    pub(super) fn reload_opened(&mut self, ops: &[Command]) -> Result<(), StoreError> {
        let opened = self.state.engagement_on_screen();
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
                self.state.undo_steps = self.store.undo_steps()?;
                Ok(())
            }
            _ => self.reload(),
        }
    }

    pub(super) fn reload_list(&mut self) -> Result<(), StoreError> {
        // The runner reads them: a screen sees the data, never the store, and only this
        // screen lists something beside the engagements.
        self.state.screens.conflicts.reload(self.store.conflicts()?);
        self.state.engagements = self
            .store
            .engagements()?
            .into_iter()
            .map(|engagement| EngagementRow { engagement, summary: None })
            .collect();
        self.pending.clear();
        self.state.undo_steps = self.store.undo_steps()?;
        // The cursor stays where it was, within the list.
        self.state.with_engagements(|list, cx| list.keep(None, cx));
        Ok(())
    }

    /// Reads the summaries of the engagement lines the last frame showed and had none, so
    /// that drawing the list costs what it shows, however many engagements there are.
    /// Their forecasts wait for `work_on_portfolio`. Returns whether it read any (and the
    /// frame should be drawn again).
    pub fn summarize_visible(&mut self) -> bool {
        let rows = self.state.screens.engagements.rows(&self.state.context());
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
    /// is on screen. Returns whether it did any (and the frame should be drawn again). The
    /// runner holds it, not the screen: the work reads the store, and no other screen has
    /// idle work.
    pub fn work_on_portfolio(&mut self) -> bool {
        self.state.screen == Screen::Engagements && self.pending.work(&mut self.state, &self.store)
    }

    /// Opens the engagement at `index` of the list and records today's readiness snapshot.
    pub(super) fn open(&mut self, index: usize) -> Result<(), StoreError> {
        let Some(row) = self.state.engagements.get(index) else { return Ok(()) };
        let data = self.store.load(row.engagement.clone())?;
        self.state.select_engagement(&data.engagement.id);
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
        if self.state.screen == Screen::HOME {
            self.state.screen = Screen::FIRST_TAB;
        }
        Ok(())
    }

    pub(super) fn create(&mut self, new: NewEngagement) -> Result<(), StoreError> {
        let now = self.state.timestamp();
        match self.store.create_engagement(&new, &Template::standard(), &now) {
            Ok(data) => {
                self.state.overlay = None;
                self.state.filter = None;
                self.reload_list()?;
                let id = data.engagement.id;
                let index = self.state.engagements.iter().position(|r| r.engagement.id == id);
                self.state.screen = Screen::FIRST_TAB;
                self.open(index.unwrap_or(0))?;
                self.state.message = Some(format!("created engagement '{}'", new.slug));
                Ok(())
            }
            Err(refused) if refused.is_refusal() => {
                self.show_refusal(refused);
                Ok(())
            }
            Err(other) => Err(other),
        }
    }
}
