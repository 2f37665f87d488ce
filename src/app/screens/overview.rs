//! The Overview screen: the engagement at a glance. It has no list and no actions of its
//! own, only its notes; what it shows is worked out in `ui::overview`.

use super::{Component, ScreenContext};
use crate::app::Action;
use crate::app::notes::{Note, overview_notes};

#[derive(Debug, Clone, Copy, Default)]
pub struct OverviewScreen;

impl Component for OverviewScreen {
    /// `/` does nothing: there is no list to filter.
    fn works_now(&self, action: Action, _cx: &ScreenContext) -> Option<bool> {
        (action == Action::Filter).then_some(false)
    }

    /// The overrides, findings and what the next level needs.
    fn notes(&self, cx: &ScreenContext) -> Vec<Note> {
        cx.opened.map_or_else(Vec::new, overview_notes)
    }
}
