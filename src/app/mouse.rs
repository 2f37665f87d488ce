//! The mouse, when the config turns it on: a click on a screen's tab goes there, a click on
//! a row, a card, a gate criterion or a cell of the skills matrix selects it (on the one
//! already selected, it does what Enter does by default — open, edit or drill down — even
//! when the config binds that action to another key), a click on a phase of the board's strip shows
//! that phase, and the wheel moves the selection — in the list under the pointer. Where a
//! click landed is read from what the last frame drew (`Visible`), never worked out again
//! here. With a form or a dialog open, the mouse does nothing: they are driven from the
//! keyboard.

use chrono::NaiveDateTime;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use super::{Action, Effect, Screen, Spot, State, Visible};

/// Whether `event` is one the app acts on (a left click or the wheel), not a release or a
/// move of the pointer.
pub(super) fn acts(event: &MouseEvent) -> bool {
    matches!(
        event.kind,
        MouseEventKind::Down(MouseButton::Left)
            | MouseEventKind::ScrollUp
            | MouseEventKind::ScrollDown
            | MouseEventKind::ScrollLeft
            | MouseEventKind::ScrollRight
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
        let at = Position::new(event.column, event.row);
        let step = match event.kind {
            MouseEventKind::Down(MouseButton::Left) => return self.click(at),
            MouseEventKind::ScrollUp => Action::Up,
            MouseEventKind::ScrollDown => Action::Down,
            MouseEventKind::ScrollLeft => Action::Left,
            MouseEventKind::ScrollRight => Action::Right,
            _ => return None,
        };
        if let Some(spot) = self.visible.spot_at(at) {
            self.focus(spot);
        }
        self.apply(step)
    }

    fn click(&mut self, at: Position) -> Option<Effect> {
        if let Some(screen) = self.visible.tab_at(at) {
            return self.apply(Action::GoTo(screen));
        }
        let spot = self.visible.spot_at(at)?;
        if !self.select(spot) || matches!(spot, Spot::Phase(_)) {
            return None;
        }
        let action = super::keymap::row_action(&self.scopes())?;
        self.apply(action)
    }

    /// Selects `spot`; whether it already was.
    fn select(&mut self, spot: Spot) -> bool {
        match spot {
            Spot::Row(row) => {
                self.row_mut().map(|selected| std::mem::replace(selected, row) == row)
            }
            spot => self.with_component(|screen, _| screen.select_spot(spot)),
        }
        .unwrap_or(false)
    }

    /// Turns the wheel's way to the list under the pointer: a board column other than the
    /// selected one, or the gate's criteria.
    fn focus(&mut self, spot: Spot) {
        if self.with_component(|screen, _| screen.focus_spot(spot)) {
            self.move_rows(0);
        }
    }
}

impl Visible {
    fn tab_at(&self, at: Position) -> Option<Screen> {
        self.tabs.iter().find(|(place, _)| place.contains(at)).map(|(_, screen)| *screen)
    }

    /// What the last frame drew at `at`, if it was something a click selects.
    fn spot_at(&self, at: Position) -> Option<Spot> {
        self.spots.iter().find(|(place, _)| place.contains(at)).map(|(_, spot)| *spot)
    }
}
