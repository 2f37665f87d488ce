//! How the cursor moves over the current screen's list (its rows are the component's,
//! computed from the data on demand, after the `/` filter), and how typing and clearing
//! the filter keep it on its row.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::filter::Fuzzy;
use super::screens::{ScreenContext, context};
use super::visible::refind;
use super::{Action, Screen, State};

impl State {
    /// The `/` filter's query (empty when there is none), for matching and highlighting.
    pub fn fuzzy(&self) -> Fuzzy {
        Fuzzy::new(self.filter.as_ref().map_or("", |f| f.input.value()))
    }

    /// How many rows the current screen's list has.
    pub(super) fn row_count(&self) -> usize {
        self.screens.get(self.listed()).row_keys(&self.context()).len()
    }

    /// How many rows `action` moves a cursor, for the actions that move one: the lists and
    /// the panes move alike.
    pub(super) fn rows_moved(&self, action: Action) -> Option<isize> {
        let half_page = self.half_page as isize;
        match action {
            Action::Up => Some(-1),
            Action::Down => Some(1),
            Action::HalfPageUp => Some(-half_page),
            Action::HalfPageDown => Some(half_page),
            Action::Top => Some(isize::MIN / 2),
            Action::Bottom => Some(isize::MAX / 2),
            _ => None,
        }
    }

    /// The cursor of the current screen's list.
    pub(super) fn row_mut(&mut self) -> Option<&mut usize> {
        self.screens.get_mut(self.listed()).cursor_mut()
    }

    pub(super) fn move_rows(&mut self, delta: isize) {
        let last = self.row_count().saturating_sub(1);
        if let Some(row) = self.row_mut() {
            *row = row.saturating_add_signed(delta).min(last);
        }
    }

    /// `n`/`N` where the screen does not step itself: the next or previous row of the
    /// filtered list, wrapping around.
    pub(super) fn step_match(&mut self, step: isize) {
        let count = self.row_count();
        if let Some(row) = self.row_mut().filter(|_| count > 0) {
            *row = (*row as isize + step).rem_euclid(count as isize) as usize;
        }
    }

    /// Drops the filter, keeping the same row selected in every list.
    pub(super) fn clear_filter(&mut self) {
        for &screen in Screen::ALL {
            let filtered = context!(self, self.fuzzy());
            let unfiltered = context!(self, Fuzzy::new(""));
            let component = self.screens.get_mut(screen);
            let keys = component.row_keys(&unfiltered);
            let shown = component.row_keys(&filtered);
            if let Some(cursor) = component.cursor_mut() {
                let key = shown.get(*cursor).cloned();
                refind(cursor, keys, key);
            }
        }
        self.filter = None;
        self.move_rows(0);
    }

    pub(super) fn filter_key(&mut self, key: KeyEvent) {
        let Some(filter) = self.filter.as_mut() else { return };
        match key.code {
            KeyCode::Esc => {
                self.clear_filter();
                return;
            }
            KeyCode::Enter => filter.typing = false,
            KeyCode::Down | KeyCode::Up => {
                filter.typing = false;
                self.move_rows(if key.code == KeyCode::Down { 1 } else { -1 });
                return;
            }
            _ => {
                filter.input.handle(key);
            }
        }
        self.with_component(|screen, cx| screen.on_filtered(cx));
        self.move_rows(isize::MIN / 2);
    }
}
