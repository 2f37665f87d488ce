//! What works now: the actions that do something on the current screen, given its selection
//! and state. The footer, the help and the palette offer only those, so that no key shown
//! does nothing where it is shown.

use super::keymap::Binding;
use super::{Action, HealthRow, ReadinessTab, Screen, State};
use crate::model::{PersonState, Phase, TaskStatus};

impl State {
    /// The bindings of the current screen whose action does something now.
    pub fn bindings(&self) -> Vec<&Binding> {
        let mut bindings = self.keymap.for_scopes(&self.scopes());
        bindings.retain(|b| self.works_now(b.action));
        bindings
    }

    /// Whether `action` would do something now: change what is shown, open a dialog, or
    /// ask the store for something (a refusal or a hint in the footer does not count).
    pub fn works_now(&self, action: Action) -> bool {
        use Action::*;
        let edits = !self.read_only;
        if self.pane_has_keys() {
            return self.pane_action_works(action);
        }
        match action {
            Quit | Help | Palette | Refresh | Suspend | WriteBackup | PrevTab | NextTab => true,
            Undo | Redo => edits,
            Back => {
                let gate = self.board.gate.is_some() && self.screen == Screen::Board;
                let closes = gate || self.detail.is_some() || self.filter.is_some();
                closes || self.screen != Screen::Engagements
            }
            Filter => self.filters() && (self.filter.is_some() || self.row_count() > 0),
            NextMatch | PrevMatch => self.filter.is_some() && self.match_count() > 1,
            NextScreen | PrevScreen | WriteReport | WriteCalendar | WriteWorkbook | WriteExport => {
                self.has_engagement()
            }
            ImportTickets => self.has_engagement() && !self.read_only,
            GoTo(screen) => {
                let without_engagement = matches!(screen, Screen::Engagements | Screen::Conflicts);
                screen != self.screen && (without_engagement || self.has_engagement())
            }
            Up | Down | HalfPageUp | HalfPageDown | Top | Bottom => self.row_count() > 1,
            Left | Right => self.moves_column(action == Right),
            Open => self.screen == Screen::Engagements && self.selected_engagement().is_some(),
            PrevPhase => self.board.phase != Phase::ALL[0],
            NextPhase => Phase::ALL.last() != Some(&self.board.phase),
            KeepMine | TakeTheirs => edits && self.conflicts.get(self.conflicts_row).is_some(),
            Detail => {
                let conflict = self.screen == Screen::Conflicts && !self.conflicts.is_empty();
                self.detail.is_some() || conflict || self.selected_record().is_some()
            }
            Drill | Warnings | NextActions => self.drill_works(action),
            Person => self.person_works(),
            ScrollDown => self.pane_scrolls(true),
            ScrollUp => self.pane_scrolls(false),
            Notes => !self.screen_notes().is_empty(),
            Sort | ReverseSort | AtRiskOnly => {
                self.screen == Screen::Engagements && !self.engagements.is_empty()
            }
            Add | Edit | Delete | Archive | EditInEditor | Cycle | MoveLeft | MoveRight
            | MoveUp | MoveDown | FocusGate | Advance | PhaseDates | MarkReviewed
            | ToggleNotApplicable | RenameCategory | QuickFilter | SetLevel(_) | AddPlanned
            | AddContractor => edits && self.record_action_works(action),
        }
    }

    /// An engagement to open or write about: the one on screen or the one selected.
    fn has_engagement(&self) -> bool {
        self.opened.is_some() || self.selected_engagement().is_some()
    }

    /// Whether the screen's list follows the `/` filter.
    fn filters(&self) -> bool {
        !matches!(self.screen, Screen::Overview | Screen::Conflicts)
    }

    /// The rows `n` and `N` step through: on the board, the cards of every column.
    fn match_count(&self) -> usize {
        match self.screen {
            Screen::Board if self.board.gate.is_none() => {
                (0..TaskStatus::ALL.len()).map(|c| self.board_cards(c).len()).sum()
            }
            _ => self.row_count(),
        }
    }

    /// Whether ← (or → when `right`) moves to another column of the board or the matrix.
    fn moves_column(&self, right: bool) -> bool {
        let (column, count) = match (self.screen, &self.opened) {
            (Screen::Board, Some(_)) => (self.board.column, TaskStatus::ALL.len()),
            (Screen::Readiness, Some(o)) if self.readiness_tab == ReadinessTab::Skills => {
                (self.skills_column, o.data.people.len())
            }
            _ => return false,
        };
        if right { column + 1 < count } else { column > 0 }
    }

    /// Whether an add, edit, delete or other record action has something to act on here.
    fn record_action_works(&self, action: Action) -> bool {
        match self.screen {
            Screen::Engagements => match action {
                Action::Add => true,
                Action::Edit | Action::Delete | Action::Archive => {
                    self.selected_engagement().is_some()
                }
                _ => false,
            },
            Screen::Board => self.board_action_works(action),
            Screen::Docs => match action {
                Action::Add | Action::QuickFilter => true,
                Action::Cycle
                | Action::MarkReviewed
                | Action::ToggleNotApplicable
                | Action::Edit
                | Action::Delete
                | Action::RenameCategory => self.selected_doc().is_some(),
                _ => false,
            },
            Screen::Readiness => self.readiness_action_works(action),
            Screen::Health => self.health_action_works(action),
            Screen::Overview | Screen::Conflicts => false,
        }
    }

    fn board_action_works(&self, action: Action) -> bool {
        let Some(opened) = &self.opened else { return false };
        let not_last = opened.data.engagement.current_phase != Phase::Transfer;
        if let Some(row) = self.board.gate {
            let manual = self.gate_criteria().get(row).is_some_and(|c| c.rule.is_none());
            return match action {
                Action::FocusGate => true,
                Action::Advance => not_last,
                Action::Cycle | Action::Edit => manual,
                _ => false,
            };
        }
        let (column, row) = (self.board.column, self.board.row);
        let cards = self.board_cards(column).len();
        let card = row < cards;
        match action {
            Action::Add => true,
            Action::FocusGate => !self.gate_criteria().is_empty(),
            Action::Advance => not_last,
            Action::PhaseDates => opened.data.phase_dates(self.board.phase).is_some(),
            Action::Edit | Action::EditInEditor | Action::Delete | Action::Cycle => card,
            Action::MoveLeft => card && column > 0,
            Action::MoveRight => card && column + 1 < TaskStatus::ALL.len(),
            Action::MoveUp => card && row > 0,
            Action::MoveDown => row + 1 < cards,
            _ => false,
        }
    }

    fn readiness_action_works(&self, action: Action) -> bool {
        let Some(opened) = &self.opened else { return false };
        let data = &opened.data;
        let tab = self.readiness_tab;
        let editable = !matches!(tab, ReadinessTab::Score | ReadinessTab::Operations);
        let selected = self.readiness_rows().get(self.readiness_row).copied();
        match action {
            Action::Add => editable,
            Action::AddContractor => tab == ReadinessTab::Staffing,
            Action::Edit | Action::Delete => editable && selected.is_some(),
            Action::Cycle => match (tab, selected) {
                (ReadinessTab::Staffing, Some(i)) => i
                    .checked_sub(data.roles.len())
                    .and_then(|person| data.people.get(person))
                    .is_some_and(|p| {
                        !matches!(p.state, PersonState::Independent | PersonState::Left)
                    }),
                (
                    ReadinessTab::Kt | ReadinessTab::Responsibilities | ReadinessTab::Handover,
                    Some(_),
                ) => true,
                _ => false,
            },
            Action::SetLevel(_) => {
                tab == ReadinessTab::Skills
                    && selected.is_some()
                    && self.skills_column < data.people.len()
            }
            _ => false,
        }
    }

    fn health_action_works(&self, action: Action) -> bool {
        let selected = self.health_rows().get(self.health_row).copied();
        let manual = selected.filter(|row| !matches!(row, HealthRow::AutoRisk(_)));
        match action {
            Action::Add | Action::AddPlanned => self.opened.is_some(),
            Action::Edit | Action::Delete => manual.is_some(),
            Action::Cycle => {
                matches!(selected, Some(HealthRow::Risk(_) | HealthRow::Integration(_)))
            }
            _ => false,
        }
    }
}
