//! The mouse, when the config turns it on: a click on a screen's tab goes there, a click on
//! a row of the list selects it (on the row already selected, it does what Enter does), and
//! the wheel moves the selection. Where a click landed is read from what the last frame drew
//! (`Visible`), never worked out again here. With a form or a dialog open, the mouse does
//! nothing: they are driven from the keyboard.

use chrono::NaiveDateTime;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Position;

use super::{Action, Effect, Screen, State, Visible};

/// Whether `event` is one the app acts on (a left click or the wheel), not a release or a
/// move of the pointer.
pub(super) fn acts(event: &MouseEvent) -> bool {
    matches!(
        event.kind,
        MouseEventKind::Down(MouseButton::Left)
            | MouseEventKind::ScrollUp
            | MouseEventKind::ScrollDown
    )
}

impl State {
    /// Handles one click or turn of the wheel at the local time `now`; returns what must be
    /// done with the store, if anything.
    pub fn mouse(&mut self, event: MouseEvent, now: NaiveDateTime) -> Option<Effect> {
        if self.overlay.is_some() {
            return None;
        }
        self.set_time(now);
        self.message = None;
        self.pending.clear();
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.click(Position::new(event.column, event.row), now)
            }
            MouseEventKind::ScrollUp => self.apply(Action::Up),
            MouseEventKind::ScrollDown => self.apply(Action::Down),
            _ => None,
        }
    }

    fn click(&mut self, at: Position, now: NaiveDateTime) -> Option<Effect> {
        if let Some(screen) = self.visible.tab_at(at) {
            return self.apply(Action::GoTo(screen));
        }
        let row = self.visible.row_at(at)?;
        let selected = self.row_mut()?;
        if *selected != row {
            *selected = row;
            return None;
        }
        self.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), now)
    }
}

impl Visible {
    fn tab_at(&self, at: Position) -> Option<Screen> {
        self.tabs.iter().find(|(place, _)| place.contains(at)).map(|(_, screen)| *screen)
    }

    /// The row of the list drawn at `at`, if a list said it drew one there.
    fn row_at(&self, at: Position) -> Option<usize> {
        let list = self.list.as_ref().filter(|list| list.area.contains(at))?;
        let row = list.rows.start + usize::from(at.y - list.area.y);
        list.rows.contains(&row).then_some(row)
    }
}
