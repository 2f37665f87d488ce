//! Drawing: a pure function of the state. Never touches the database; tells the app what
//! it showed.

mod board;
mod conflicts;
mod detail;
mod docs;
mod drawer;
mod engagements;
mod footer;
mod handover;
mod header;
mod health;
mod operations;
mod overlay;
mod overview;
mod person;
mod readiness;
mod rows;
mod score;
mod skills;
pub mod theme;
mod trend;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use crate::app::{State, Visible};
use drawer::screen_drawer;
pub use theme::Theme;
use widgets::{centered, fit};

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// Draws the state; returns what the lists showed, for the app to keep.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) -> Visible {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!("too small: need {MIN_WIDTH}×{MIN_HEIGHT}");
        let line = fit(&text, area.width as usize);
        let middle = centered(area, area.width, 1);
        frame.render_widget(Paragraph::new(line).centered(), middle);
        return Visible::default();
    }
    let message = footer::message_lines(state, area.width as usize);
    let footer_height = message.len().max(1) as u16;
    let [header_line, tab_bar, body, footer_lines] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer_height),
    ])
    .areas(area);
    header::draw(frame, header_line, state, theme);
    let (list, pane) = detail::split(body, state);
    let tabs = header::draw_tabs(frame, tab_bar, state, theme);
    let visible = Visible { tabs, ..draw_screen(frame, list, state, theme) };
    if let Some(pane) = pane {
        detail::draw(frame, pane, state, theme);
    }
    footer::draw(frame, footer_lines, state, message, theme);
    overlay::draw(frame, body, state, theme);
    visible
}

/// Draws the screen whose list the cursor is on (the engagements list while an
/// engagement's screen has none open).
fn draw_screen(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    (screen_drawer(state.listed()).body)(frame, area, state, theme)
}
