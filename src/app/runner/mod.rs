//! `App`, the runner: the state together with the store it shows and the clock. It reads
//! the clock once per event, hands the time to the state, carries out the state's effects as
//! reads and writes (`effects`), and reloads what they changed (`load`).

mod effects;
mod load;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{Event, KeyEventKind};

use super::summary::Pending;
use super::{Effect, Screen, State};
use crate::clock::Clock;
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
            app.state.screen = Screen::FIRST_TAB;
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
                self.state.refused(&e);
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
            self.state.refused(&e);
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
            self.state.refused(&damage);
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
                self.state.refused(&e);
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
}
