//! The screens' one registration in `ui`: how each is drawn, which the frame and the detail
//! pane both ask.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{Theme, board, conflicts, docs, engagements, health, overview, readiness};
use crate::app::{Screen, State, Visible};

/// How a screen is drawn: its body, and the detail pane where the screen has its own.
pub(super) struct ScreenDraw {
    pub(super) body: Body,
    /// What the pane shows of the screen's selection, when it is not a record (`None`:
    /// the pane shows the selected record).
    pub(super) pane: Option<PaneDraw>,
}

/// How a screen's body is drawn: in the area given, from the state (a screen that
/// `Screen::needs_engagement` draws `State::engagement_on_screen`), returning what it laid
/// out.
pub(super) type Body = fn(&mut Frame, Rect, &State, &Theme) -> Visible;

/// The detail pane's title and lines, `inner` columns wide, for the selection.
pub(super) type PaneDraw = fn(&State, usize, &Theme) -> Option<(String, Vec<Line<'static>>)>;

/// Each screen's drawing: the screens' one registration in `ui`.
pub(super) fn screen_drawer(screen: Screen) -> ScreenDraw {
    let (body, pane): (Body, Option<PaneDraw>) = match screen {
        Screen::Engagements => (engagements::draw, None),
        Screen::Overview => (overview::draw, None),
        Screen::Board => (board::draw, None),
        Screen::Readiness => (readiness::draw, None),
        Screen::Docs => (docs::draw, None),
        Screen::Health => (health::draw, None),
        Screen::Conflicts => (conflicts::draw, Some(conflicts::pane)),
    };
    ScreenDraw { body, pane }
}
