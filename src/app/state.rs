//! `State`: what the screens show and where the cursor is, and `update`, which applies an
//! action to it at the time given and says what the store must do.

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::KeyEvent;

use super::action::screens_own;
use super::filter::Filter;
use super::keymap::{self, Key, KeyLookup, Keymap};
use super::picker::{Picker, PickerKind};
use super::screens::{EngagementRows, Screens};
use super::targets::NewDefaults;
use super::{Action, Effect, Opened, Overlay, Screen, TerminalRequest, Visible};
use super::{detail, filter};
use crate::model::EngagementData;
use crate::model::score::Readiness;
use crate::store::undo::UndoSteps;

#[derive(Debug, Clone)]
pub struct State {
    pub screen: Screen,
    /// The local time of the event being handled, as the runner read it from its clock.
    pub now: NaiveDateTime,
    /// The day the screens show: `now`'s.
    pub today: NaiveDate,
    pub read_only: bool,
    pub engagements: EngagementRows,
    pub opened: Option<Opened>,
    /// Each screen's own state: its cursor, tab, quick filter …
    pub screens: Screens,
    pub overlay: Option<Overlay>,
    /// The record to select once an edit is saved (one added, or moved).
    pub(super) select: Option<super::overlay::Select>,
    /// The detail pane, when open.
    pub detail: Option<detail::Detail>,
    pub filter: Option<Filter>,
    /// A one-line message in the footer, until the next key.
    pub message: Option<String>,
    /// What the last frame showed of the lists.
    pub visible: Visible,
    /// Rows a half-page move covers (set from the terminal's height).
    pub half_page: usize,
    pub keymap: Keymap,
    pub defaults: NewDefaults,
    pub request: Option<TerminalRequest>,
    /// What undo and redo would find, as the store said at the last load.
    pub undo_steps: UndoSteps,
    /// The keys of a sequence typed so far.
    pub(super) pending: Vec<Key>,
    pub quit: bool,
}

impl State {
    /// The state at the local time `now`, before anything is loaded.
    pub fn new(now: NaiveDateTime, read_only: bool) -> State {
        State {
            screen: Screen::HOME,
            now,
            today: now.date(),
            read_only,
            engagements: EngagementRows::default(),
            opened: None,
            screens: Screens::default(),
            overlay: None,
            select: None,
            detail: None,
            filter: None,
            message: None,
            visible: Visible::default(),
            half_page: 10,
            keymap: Keymap::default(),
            defaults: NewDefaults::default(),
            request: None,
            undo_steps: UndoSteps::default(),
            pending: Vec::new(),
            quit: false,
        }
    }

    /// The keymap scopes in force, narrowest first.
    pub fn scopes(&self) -> Vec<keymap::Scope> {
        if self.pane_has_keys() {
            return vec![keymap::Scope::Places];
        }
        self.context().scopes(self.component().scope(), self.screen)
    }

    /// The keys `action` has where the user is now, for a hint in a title or a message.
    pub fn key_label(&self, action: Action) -> String {
        self.keymap.key_label(&self.scopes(), action)
    }

    /// The keys of a sequence typed so far, for the footer.
    pub fn pending_keys(&self) -> &[Key] {
        &self.pending
    }

    /// Handles one key press at the local time `now`; returns what must be done with the
    /// store, if anything.
    pub fn key(&mut self, key: KeyEvent, now: NaiveDateTime) -> Option<Effect> {
        self.set_time(now);
        self.message = None;
        if self.overlay.is_some() {
            return self.overlay_key(key);
        }
        if self.filter.as_ref().is_some_and(|f| f.typing) {
            self.filter_key(key);
            return None;
        }
        self.pending.push(Key::from_event(key));
        match self.keymap.resolve(&self.scopes(), &self.pending) {
            KeyLookup::Pending => None,
            KeyLookup::Unbound => {
                self.pending.clear();
                None
            }
            KeyLookup::Action(action) => {
                self.pending.clear();
                self.apply(action)
            }
        }
    }

    /// Pasted text goes to whatever takes text: a form field or a query.
    pub fn paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::Form(record)) => record.form.paste(text),
            Some(Overlay::Picker(picker)) => picker.query.insert(text),
            _ => {
                if let Some(filter) = self.filter.as_mut().filter(|f| f.typing) {
                    filter.input.insert(text);
                    self.move_rows(isize::MIN / 2);
                }
            }
        }
    }

    /// Applies one action at the local time `now`; returns what must be done with the store,
    /// if anything. The result depends on the state, the action and `now` alone.
    pub fn update(&mut self, action: Action, now: NaiveDateTime) -> Option<Effect> {
        self.set_time(now);
        self.apply(action)
    }

    /// Moves the state to the local time `now`: past midnight, "today" is the new day.
    pub fn set_time(&mut self, now: NaiveDateTime) {
        self.now = now;
        self.today = now.date();
    }

    /// Says in the footer why the store refused or failed, with what to do about it.
    pub fn refused(&mut self, e: &crate::store::StoreError) {
        self.message = Some(crate::words::refusal(e));
    }

    /// The time of the event being handled in UTC, as records store it.
    pub fn timestamp(&self) -> String {
        crate::clock::utc_timestamp(self.now)
    }

    /// The pane's keys first, then what holds on every screen before the screen's own
    /// handling (a read-only database refuses edits, Esc closes the pane, `n`/`N` need a
    /// filter), then the screen, then what the screens share.
    pub(super) fn apply(&mut self, action: Action) -> Option<Effect> {
        if self.pane_has_keys() {
            self.pane_action(action);
            return None;
        }
        match action {
            _ if self.read_only && action.changes_data() => self.refuse_read_only(),
            Action::Back if self.detail.is_some() => self.detail = None,
            Action::NextMatch | Action::PrevMatch if self.filter.is_none() => {
                self.message =
                    Some(format!("no filter: press {} to filter", self.key_label(Action::Filter)));
            }
            _ => match self.with_component(|screen, cx| screen.handle(action, cx)) {
                Some(reply) => return self.reply(reply),
                None => return self.shared(action),
            },
        }
        None
    }

    /// What an action does on any screen that did not handle it.
    fn shared(&mut self, action: Action) -> Option<Effect> {
        use Action::*;
        match action {
            Quit => self.quit = true,
            Help => self.overlay = Some(Overlay::Picker(Picker::new(PickerKind::Help))),
            Palette => self.overlay = Some(Overlay::Picker(Picker::new(PickerKind::Palette))),
            Back => self.back(),
            // Only where the footer offers it: a screen with no rows has nothing to filter.
            Filter if self.works_now(Filter) => {
                let filter = self.filter.get_or_insert_with(filter::Filter::default);
                filter.typing = true;
            }
            Filter => {}
            NextMatch => self.step_match(1),
            PrevMatch => self.step_match(-1),
            NextScreen => return self.cycle_screen(1),
            PrevScreen => return self.cycle_screen(Screen::TABS.len() - 1),
            GoTo(screen) => return self.go_to(screen),
            Up | Down | HalfPageUp | HalfPageDown | Top | Bottom => {
                self.move_rows(self.rows_moved(action).unwrap_or_default())
            }
            Undo => return Some(Effect::Undo),
            Redo => return Some(Effect::Redo),
            Refresh => return Some(Effect::Refresh),
            Suspend => self.request = Some(TerminalRequest::Suspend),
            WriteReport | WriteCalendar | WriteWorkbook | WriteExport | WriteBackup => {
                self.output_form(action)
            }
            ImportTickets => self.import_form(),
            Detail => self.toggle_detail(),
            Drill => return self.drill(),
            Person => return self.open_person(),
            Warnings => self.show_warnings(),
            NextActions => self.show_next_actions(),
            ScrollDown => self.scroll_pane(true),
            ScrollUp => self.scroll_pane(false),
            Notes => self.show_notes(),
            // The screen had nothing to do it on.
            screens_own!() => {}
        }
        None
    }

    pub(super) fn refuse_read_only(&mut self) {
        self.message = Some("the database is open read-only: nothing can be changed".into());
    }

    /// Esc where neither the pane nor the screen took it: drops the filter, else goes back
    /// to the engagements list.
    fn back(&mut self) {
        if self.filter.is_some() {
            self.clear_filter();
        } else if self.screen != Screen::HOME {
            self.screen = Screen::HOME;
        }
    }

    /// Moves through the engagement's screens; from the list it opens the selection.
    fn cycle_screen(&mut self, step: usize) -> Option<Effect> {
        let tabs = Screen::TABS;
        let next = match tabs.iter().position(|s| *s == self.screen) {
            Some(i) => tabs[(i + step) % tabs.len()],
            None => tabs[0],
        };
        self.go_to(next)
    }

    fn go_to(&mut self, screen: Screen) -> Option<Effect> {
        if screen == self.screen {
            return None;
        }
        self.filter = None;
        if !screen.needs_engagement() || self.opened.is_some() {
            self.screen = screen;
            return None;
        }
        let index = self.selected_engagement_index()?;
        self.screen = screen;
        Some(Effect::Open(index))
    }

    /// The index in `engagements` of the selected row, or a hint when there is none.
    fn selected_engagement_index(&mut self) -> Option<usize> {
        let cx = self.context();
        let index =
            self.screens.engagements.rows(&cx).get(self.screens.engagements.cursor()).copied();
        if index.is_none() {
            self.message = Some(super::screens::engagements::none_yet(&self.keymap));
        }
        index
    }

    /// Shows the engagement `data` (whose score is `readiness`) on the current screen,
    /// keeping the cursor where it can.
    pub fn show(
        &mut self,
        data: EngagementData,
        readiness: Readiness,
        overrides: Vec<crate::store::undo::HistoryEntry>,
    ) {
        let same = self.opened.as_ref().is_some_and(|o| o.data.engagement.id == data.engagement.id);
        if let Some(detail) = &mut self.detail {
            // Read again: the edit that reloaded the data may have changed the record.
            detail.history = None;
        }
        if !same {
            self.detail = None;
            for &screen in Screen::ALL {
                self.screens.get_mut(screen).on_engagement_changed(&data);
            }
        }
        let mut opened = Opened {
            data,
            readiness,
            forecast: None,
            actions: None,
            gate_unmet: None,
            overrides,
            weeks: Vec::new(),
            hypercare: Vec::new(),
            findings: Vec::new(),
            warnings: Vec::new(),
        };
        opened.read_evidence(self.today);
        opened.read_concerns(self.today);
        self.opened = Some(opened);
        self.refresh_ticket_lines();
        self.move_rows(0);
        self.select_after_edit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Start date the new engagement form offers: today's.
    fn offered_start(state: &State) -> String {
        match &state.overlay {
            Some(Overlay::Form(record)) => record
                .form
                .field(crate::model::EngagementField::StartDate)
                .expect("a start")
                .value(),
            other => panic!("no form: {other:?}"),
        }
    }

    #[test]
    fn the_same_state_action_and_time_give_the_same_result_and_midnight_moves_today() {
        let day = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let evening = day.and_hms_opt(23, 59, 30).unwrap();
        let state = State::new(evening, false);
        let (mut first, mut second) = (state.clone(), state.clone());
        assert_eq!(first.update(Action::Add, evening), second.update(Action::Add, evening));
        assert_eq!(format!("{first:?}"), format!("{second:?}"));
        assert_eq!(offered_start(&first), "2026-06-15");

        let mut later = state.clone();
        let tomorrow = day.succ_opt().unwrap();
        later.update(Action::Add, tomorrow.and_hms_opt(0, 0, 5).unwrap());
        assert_eq!(later.today, tomorrow);
        assert_eq!(offered_start(&later), "2026-06-16");
    }
}
