//! What works now: the actions that do something on the current screen, given its selection
//! and state. The footer, the help and the palette offer only those, so that no key shown
//! does nothing where it is shown.

use std::cell::OnceCell;

use super::keymap::Binding;
use super::{Action, Screen, State};

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

    /// `works_now`, with what the answers share read through `shared`.
    fn works_with(&self, action: Action, shared: &Shared) -> bool {
        use Action::*;
        let row_count = || *shared.row_count.get_or_init(|| self.row_count());
        let has_engagement = || *shared.has_engagement.get_or_init(|| self.has_engagement());
        let edits = !self.read_only;
        if self.pane_has_keys() {
            return self.pane_action_works(action);
        }
        match action {
            Quit | Help | Palette | Refresh | Suspend | WriteBackup => true,
            Undo | Redo => edits,
            Back => {
                let inner = self.component().inner_focus();
                let closes = inner || self.detail.is_some() || self.filter.is_some();
                closes || self.screen != Screen::Engagements
            }
            Filter => self.component().filterable() && (self.filter.is_some() || row_count() > 0),
            NextMatch | PrevMatch => self.filter.is_some() && self.match_count(row_count) > 1,
            NextScreen | PrevScreen | WriteReport | WriteCalendar | WriteWorkbook | WriteExport => {
                has_engagement()
            }
            ImportTickets => has_engagement() && !self.read_only,
            GoTo(screen) => {
                screen != self.screen && (!screen.needs_engagement() || has_engagement())
            }
            Up | Down | HalfPageUp | HalfPageDown | Top | Bottom => row_count() > 1,
            Detail => self.detail.is_some() || self.component().shows_in_pane(&self.context()),
            Drill | Warnings | NextActions => self.drill_works(action),
            Person => self.person_works(),
            ScrollDown => self.pane_scrolls(true),
            ScrollUp => self.pane_scrolls(false),
            Notes => !self.screen_notes().is_empty(),
            Left | Right | Open | PrevTab | NextTab | PrevPhase | NextPhase | Sort
            | ReverseSort | AtRiskOnly => self.component().works_now(action, &self.context()),
            Add | Edit | Delete | Archive | EditInEditor | Cycle | MoveLeft | MoveRight
            | MoveUp | MoveDown | FocusGate | Advance | PhaseDates | MarkReviewed
            | ToggleNotApplicable | RenameCategory | QuickFilter | SetLevel(_) | AddPlanned
            | AddContractor | KeepMine | TakeTheirs => {
                edits && self.component().works_now(action, &self.context())
            }
        }
    }

    /// An engagement to open or write about: the one on screen or the one selected.
    fn has_engagement(&self) -> bool {
        self.opened.is_some() || self.screens.engagements.selected(&self.context()).is_some()
    }

    /// The rows `n` and `N` step through: on the board, the cards of every column.
    fn match_count(&self, row_count: impl FnOnce() -> usize) -> usize {
        self.component().match_rows(&self.context()).unwrap_or_else(row_count)
    }
}
