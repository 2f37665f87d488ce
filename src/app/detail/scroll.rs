//! Scrolling the record pane: a record longer than the pane (a long title, many related
//! records, a long history) scrolls by half a page while the list keeps its cursor keys.

use super::Pane;
use crate::app::State;

impl State {
    /// Whether the pane shows the selected record, and so takes the keys that scroll it
    /// (the keymap's `[keys.detail]`) while the others still move the list.
    pub(in crate::app) fn record_pane_open(&self) -> bool {
        self.detail.as_ref().is_some_and(|d| d.pane == Pane::Record)
    }

    /// How many lines of the selected record the pane has scrolled away.
    pub fn pane_scroll(&self) -> usize {
        let detail = self.detail.as_ref();
        let scroll = detail.and_then(|d| d.scroll.as_ref());
        match scroll {
            Some((record, lines)) if Some(record) == self.selected_record().as_ref() => *lines,
            _ => 0,
        }
    }

    /// Scrolls the record pane by half a page, down or up, as far as it goes.
    pub(in crate::app) fn scroll_pane(&mut self, down: bool) {
        let (Some(record), scroll) = (self.selected_record(), self.pane_scroll()) else { return };
        let step = self.half_page;
        let Some(detail) = self.detail.as_mut() else { return };
        let lines = match down {
            true => (scroll + step).min(detail.scroll_room.get()),
            false => scroll.saturating_sub(step),
        };
        detail.scroll = Some((record, lines));
    }

    /// Whether scrolling the record pane down (or up) would show other lines.
    pub(in crate::app) fn pane_scrolls(&self, down: bool) -> bool {
        let Some(detail) = self.detail.as_ref().filter(|d| d.pane == Pane::Record) else {
            return false;
        };
        match down {
            true => self.pane_scroll() < detail.scroll_room.get(),
            false => self.pane_scroll() > 0,
        }
    }
}
