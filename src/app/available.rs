//! What works now: the actions that do something on the current screen, given its selection
//! and state. The footer, the help and the palette offer only those, so that no key shown
//! does nothing where it is shown.

use std::cell::OnceCell;

use super::action::screens_own;
use super::keymap::Binding;
use super::{Action, Screen, State};
use crate::store::undo::Steps;

/// What the answers for many actions share, read at most once per question: each reads
/// the current list's rows, which on the engagements list means sorting the portfolio.
#[derive(Default)]
struct Shared {
    row_count: OnceCell<usize>,
    has_engagement: OnceCell<bool>,
}

impl State {
    /// The bindings of the current screen whose action does something now.
    pub fn bindings(&self) -> Vec<&Binding> {
        let mut bindings = self.keymap.for_scopes(&self.scopes());
        let shared = Shared::default();
        bindings.retain(|b| self.works_with(b.action, &shared));
        bindings
    }

    /// Whether `action` would do something now: change what is shown, open a dialog, or
    /// ask the store for something (a refusal or a hint in the footer does not count).
    pub fn works_now(&self, action: Action) -> bool {
        self.works_with(action, &Shared::default())
    }

    /// `works_now`, with what the answers share read through `shared`: asked in the order
    /// `State::apply` handles the action.
    fn works_with(&self, action: Action, shared: &Shared) -> bool {
        if self.pane_has_keys() {
            return self.pane_action_works(action);
        }
        match action {
            _ if self.read_only && action.changes_data() => false,
            // Either closes the pane.
            Action::Back | Action::Detail if self.detail.is_some() => true,
            Action::NextMatch | Action::PrevMatch if self.filter.is_none() => false,
            _ => match self.component().works_now(action, &self.context()) {
                Some(works) => works,
                None => self.shared_works(action, shared),
            },
        }
    }

    /// Whether `action` does something on a screen that leaves it to what the screens share.
    fn shared_works(&self, action: Action, shared: &Shared) -> bool {
        use Action::*;
        let row_count = || *shared.row_count.get_or_init(|| self.row_count());
        let has_engagement = || *shared.has_engagement.get_or_init(|| self.has_engagement());
        match action {
            Quit | Help | Palette | Refresh | Suspend | WriteBackup => true,
            Undo => self.undo_steps_here().undo,
            Redo => self.undo_steps_here().redo,
            Back => self.filter.is_some() || self.screen != Screen::HOME,
            Filter => self.filter.is_some() || row_count() > 0,
            NextMatch | PrevMatch => row_count() > 1,
            NextScreen | PrevScreen | WriteReport | WriteCalendar | WriteWorkbook | WriteExport
            | ImportTickets => has_engagement(),
            GoTo(screen) => {
                screen != self.screen && (!screen.needs_engagement() || has_engagement())
            }
            Up | Down | HalfPageUp | HalfPageDown | Top | Bottom => row_count() > 1,
            Detail => self.selected_record().is_some(),
            Drill | Warnings => self.drill_works(action),
            // The readiness score's, which answers for it.
            NextActions => false,
            Person => self.person_works(),
            ScrollDown => self.pane_scrolls(true),
            ScrollUp => self.pane_scrolls(false),
            Notes => !self.screen_notes().is_empty(),
            // The screen has nothing to do it on.
            screens_own!() => false,
        }
    }

    /// What undo and redo would find where they are pressed: in the engagement on screen,
    /// or on the list in any.
    fn undo_steps_here(&self) -> Steps {
        let on_screen = self.engagement_on_screen().map(|o| o.data.engagement.id.as_str());
        self.undo_steps.of(on_screen)
    }

    /// An engagement to open or write about: the one on screen or the one selected.
    fn has_engagement(&self) -> bool {
        self.opened.is_some() || self.screens.engagements.has_selection(&self.context())
    }
}
