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

use super::screens::BoardScreen;
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
        let board = &mut self.screens.board;
        match spot {
            Spot::Row(row) => {
                self.row_mut().map(|selected| std::mem::replace(selected, row) == row)
            }
            Spot::Card { column, row } => {
                let was = (board.gate, board.column, board.row) == (None, column, row);
                (board.gate, board.column, board.row) = (None, column, row);
                Some(was)
            }
            Spot::Phase(phase) => {
                let was = board.phase == phase;
                if !was {
                    *board = BoardScreen::new(phase);
                }
                Some(was)
            }
            Spot::Criterion(row) => Some(board.gate.replace(row) == Some(row)),
            Spot::Cell { row, column } => {
                let was = (self.screens.readiness.row, self.screens.readiness.skills_column)
                    == (row, column);
                (self.screens.readiness.row, self.screens.readiness.skills_column) = (row, column);
                Some(was)
            }
        }
        .unwrap_or(false)
    }

    /// Turns the wheel's way to the list under the pointer: a board column other than the
    /// selected one, or the gate's criteria.
    fn focus(&mut self, spot: Spot) {
        if self.screen != Screen::Board {
            return;
        }
        match spot {
            Spot::Card { column, .. }
                if self.screens.board.gate.is_some() || column != self.screens.board.column =>
            {
                self.screens.board.gate = None;
                self.screens.board.column = column;
                self.move_rows(0);
            }
            Spot::Criterion(_) if self.screens.board.gate.is_none() => {
                self.screens.board.gate = Some(0)
            }
            _ => {}
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
