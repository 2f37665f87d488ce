//! The Board screen: a phase's cards in their columns and the phase's gate. Cards are
//! added, edited, moved and reordered; gate criteria ticked (`gate`); the phase advanced (or
//! overridden, with a reason); phase dates edited.

mod forms;
mod gate;
mod matches;

pub(in crate::app) use forms::client_staff;
use forms::{advance, phase_form, task_form};
pub use gate::listed_title;

use super::{Component, Drill, Reply, RowKey, ScreenContext};
use crate::app::Spot;
use crate::app::keymap::Scope;
use crate::app::place::{Place, RecordRef};
use crate::app::targets::Plan;
use crate::app::{Action, Then};
use crate::model::text::sanitize;
use crate::model::{EngagementData, GateCriterion, Phase, Task, TaskStatus};
use crate::store::command::Command;
use crate::store::edit::Table;

/// The board's columns: one per task status.
const COLUMNS: usize = TaskStatus::ALL.len();

/// The board's cursor: the phase shown, the card selected, or the gate's criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardScreen {
    pub phase: Phase,
    /// Index into `TaskStatus::ALL`.
    pub column: usize,
    pub row: usize,
    /// The selected exit criterion while the gate panel has the focus.
    pub gate: Option<usize>,
}

impl Default for BoardScreen {
    fn default() -> BoardScreen {
        BoardScreen::new(Phase::Plan)
    }
}

impl BoardScreen {
    /// The column ← or → `action` goes to, if any.
    fn column_after(&self, action: Action, cx: &ScreenContext) -> Option<usize> {
        cx.opened?;
        super::column_after(action, self.column, COLUMNS)
    }

    /// The first card of `phase`.
    pub fn new(phase: Phase) -> BoardScreen {
        BoardScreen { phase, column: 0, row: 0, gate: None }
    }

    /// The cards shown in one column of the selected phase.
    pub fn cards<'a>(&self, column: usize, cx: &ScreenContext<'a>) -> Vec<&'a Task> {
        let Some(opened) = cx.opened else { return Vec::new() };
        let mut cards = cards_in(&opened.data, self.phase, TaskStatus::ALL[column]);
        cards.retain(|t| cx.fuzzy.matches(&t.title));
        cards
    }

    /// The selected phase's exit criteria.
    pub fn gate_criteria<'a>(&self, cx: &ScreenContext<'a>) -> Vec<&'a GateCriterion> {
        let Some(opened) = cx.opened else { return Vec::new() };
        opened.data.gates.iter().filter(|g| g.phase == self.phase).collect()
    }

    fn selected_card<'a>(&self, cx: &ScreenContext<'a>) -> Option<&'a Task> {
        self.cards(self.column, cx).get(self.row).copied()
    }

    /// The previous (`-1`) or next (`1`) phase, from its first card.
    fn switch_phase(&mut self, delta: isize) {
        let phases = Phase::ALL;
        let i = phases.iter().position(|p| *p == self.phase).unwrap_or(0);
        let next = i.saturating_add_signed(delta).min(phases.len() - 1);
        *self = BoardScreen::new(phases[next]);
    }

    fn card_action(&mut self, action: Action, cx: &ScreenContext) -> Option<Reply> {
        let opened = cx.opened?;
        let (phase, status) = (self.phase, TaskStatus::ALL[self.column]);
        let now = cx.timestamp();
        let Some(task) = self.selected_card(cx) else {
            return match action {
                Action::Add => Some(Reply::Form(task_form(opened, (phase, status), None, &now))),
                _ => self.phase_action(action, cx),
            };
        };
        let reply = match action {
            Action::Add => Reply::Form(task_form(opened, (phase, status), None, &now)),
            Action::Edit => Reply::Form(task_form(opened, (phase, status), Some(task), &now)),
            Action::EditInEditor => {
                let mut record = task_form(opened, (phase, status), Some(task), &now);
                let notes = Some(crate::model::TaskField::Notes.into());
                record.form.focus =
                    record.form.fields.iter().position(|f| f.column() == notes).unwrap_or(0);
                Reply::Editor(record, task.notes.clone())
            }
            Action::Delete => {
                let card = (Table::Task, task.id.as_str());
                let plan =
                    Plan::delete(&opened.data.engagement.id, card, Some("card"), &task.title);
                Reply::Confirm(format!("Delete the card '{}'?", task.title), Then::Apply(plan))
            }
            Action::Cycle if task.status.is_last() => {
                let (cursor, to) = (*self, TaskStatus::ALL[0]);
                let plan = self.move_card(task, to, cx);
                *self = cursor; // asked first: the cursor follows once confirmed
                Reply::step(plan, &task.title, task.status, to)
            }
            Action::Cycle => Reply::apply(self.move_card(task, task.status.next(), cx)),
            Action::MoveLeft if self.column > 0 => {
                Reply::apply(self.move_card(task, TaskStatus::ALL[self.column - 1], cx))
            }
            Action::MoveRight if self.column + 1 < TaskStatus::ALL.len() => {
                Reply::apply(self.move_card(task, TaskStatus::ALL[self.column + 1], cx))
            }
            Action::MoveUp => self.reorder(task, -1, cx),
            Action::MoveDown => self.reorder(task, 1, cx),
            _ => return self.phase_action(action, cx),
        };
        Some(reply)
    }

    /// What the board does whether or not a card is selected.
    fn phase_action(&mut self, action: Action, cx: &ScreenContext) -> Option<Reply> {
        let opened = cx.opened?;
        let reply = match action {
            Action::FocusGate if self.gate_criteria(cx).is_empty() => {
                Reply::message(format!("{} has no exit criteria", self.phase.label()))
            }
            Action::FocusGate => {
                self.gate = Some(0);
                Reply::Nothing
            }
            Action::Advance => advance(cx),
            Action::PhaseDates => match opened.data.phase_dates(self.phase) {
                Some(dates) => Reply::Form(phase_form(opened, dates)),
                None => Reply::Nothing,
            },
            _ => return None,
        };
        Some(reply)
    }

    /// Moves a card to another column (at its end); the cursor follows the card.
    fn move_card(&mut self, task: &Task, to: TaskStatus, cx: &ScreenContext) -> Plan {
        let opened = cx.opened.expect("the board shows an engagement");
        let end = cards_in(&opened.data, task.phase, to)
            .iter()
            .map(|t| t.position)
            .max()
            .map_or(0, |p| p + 1);
        let plan = Plan::new(
            &opened.data.engagement.id,
            format!("moved '{}' to {}", sanitize(&task.title), to.label()),
            vec![Command::MoveCard {
                id: task.id.clone(),
                from: task.status,
                to,
                position: end,
                at: cx.timestamp(),
            }],
        );
        self.column = TaskStatus::ALL.iter().position(|s| *s == to).unwrap_or(0);
        self.row = usize::MAX;
        plan
    }

    /// Swaps a card with its neighbour above or below; the cursor follows the card.
    fn reorder(&mut self, task: &Task, step: isize, cx: &ScreenContext) -> Reply {
        let cards = self.cards(self.column, cx);
        let neighbour = self.row.checked_add_signed(step).and_then(|row| cards.get(row));
        let (Some(neighbour), Some(opened)) = (neighbour, cx.opened) else {
            return Reply::Nothing;
        };
        let swap =
            |t: &Task, to: i64| Command::PlaceCard { id: t.id.clone(), from: t.position, to };
        // Equal positions (possible after imports) are separated by the step itself.
        let (mine, theirs) = if neighbour.position == task.position {
            (task.position + step as i64, task.position)
        } else {
            (neighbour.position, task.position)
        };
        let direction = if step < 0 { "up" } else { "down" };
        let plan = Plan::new(
            &opened.data.engagement.id,
            format!("moved '{}' {direction}", sanitize(&task.title)),
            vec![swap(task, mine), swap(neighbour, theirs)],
        );
        self.row = self.row.saturating_add_signed(step);
        Reply::apply(plan)
    }

    /// How many cards each column shows: `n` and `N` step through them all.
    fn card_counts(&self, cx: &ScreenContext) -> Vec<usize> {
        (0..COLUMNS).map(|column| self.cards(column, cx).len()).collect()
    }

    fn card_action_works(&self, action: Action, cx: &ScreenContext) -> Option<bool> {
        let opened = cx.opened?;
        let (column, row) = (self.column, self.row);
        let cards = self.cards(column, cx).len();
        let card = row < cards;
        let works = match action {
            Action::Add => true,
            Action::FocusGate => !self.gate_criteria(cx).is_empty(),
            Action::Advance => opened.data.engagement.current_phase != Phase::Transfer,
            Action::PhaseDates => opened.data.phase_dates(self.phase).is_some(),
            Action::Edit | Action::EditInEditor | Action::Delete | Action::Cycle => card,
            Action::MoveLeft => card && column > 0,
            Action::MoveRight => card && column + 1 < TaskStatus::ALL.len(),
            Action::MoveUp => card && row > 0,
            Action::MoveDown => row + 1 < cards,
            _ => return None,
        };
        Some(works)
    }
}

impl BoardScreen {
    /// Selects `record` where this screen lists it; returns whether it does.
    fn select_record(&mut self, record: &RecordRef, cx: &ScreenContext) -> bool {
        let Some(data) = cx.opened.map(|o| &o.data) else { return false };
        match record.table {
            Table::Task => {
                let Some(task) = data.tasks.iter().find(|t| t.id == record.id) else {
                    return false;
                };
                self.phase = task.phase;
                self.gate = None;
                self.column = TaskStatus::ALL.iter().position(|s| *s == task.status).unwrap_or(0);
                let cards = self.cards(self.column, cx);
                self.row = cards.iter().position(|t| t.id == task.id).unwrap_or(0);
                true
            }
            Table::GateCriterion => {
                let Some(gate) = data.gates.iter().find(|g| g.id == record.id) else {
                    return false;
                };
                self.phase = gate.phase;
                let row = self.gate_criteria(cx).iter().position(|g| g.id == gate.id);
                self.gate = Some(row.unwrap_or(0));
                true
            }
            _ => false,
        }
    }
}

impl Component for BoardScreen {
    fn scope(&self) -> Option<Scope> {
        self.gate.is_some().then_some(Scope::Gate)
    }

    fn cursor_mut(&mut self) -> Option<&mut usize> {
        Some(self.gate.as_mut().unwrap_or(&mut self.row))
    }

    /// The gate of the engagement's current phase, or a phase's cards.
    fn show(&mut self, place: &Place, cx: &ScreenContext) -> bool {
        match (place, cx.opened) {
            (Place::Gate, Some(opened)) => {
                self.phase = opened.data.engagement.current_phase;
                self.gate = Some(0);
            }
            (Place::Phase(phase), _) => {
                self.phase = *phase;
                self.gate = None;
            }
            (Place::Record(record), _) => return self.select_record(record, cx),
            _ => return false,
        }
        true
    }

    fn drill_target<'a>(&self, cx: &ScreenContext<'a>) -> Option<Drill<'a>> {
        Some(Drill::Criterion(self.gate_criteria(cx).get(self.gate?).copied()?))
    }

    fn select_spot(&mut self, spot: Spot) -> Option<bool> {
        match spot {
            Spot::Card { column, row } => {
                let was = (self.gate, self.column, self.row) == (None, column, row);
                (self.gate, self.column, self.row) = (None, column, row);
                Some(was)
            }
            Spot::Phase(phase) => {
                let was = self.phase == phase;
                if !was {
                    *self = BoardScreen::new(phase);
                }
                Some(was)
            }
            Spot::Criterion(row) => Some(self.gate.replace(row) == Some(row)),
            _ => None,
        }
    }

    /// A column other than the selected one, or the gate's criteria.
    fn focus_spot(&mut self, spot: Spot) -> bool {
        match spot {
            Spot::Card { column, .. } if self.gate.is_some() || column != self.column => {
                self.gate = None;
                self.column = column;
                true
            }
            Spot::Criterion(_) if self.gate.is_none() => {
                self.gate = Some(0);
                false
            }
            _ => false,
        }
    }

    /// The engagement's current phase, from its first card.
    fn on_engagement_changed(&mut self, data: &EngagementData) {
        *self = BoardScreen::new(data.engagement.current_phase);
    }

    fn on_filtered(&mut self, cx: &ScreenContext) {
        self.focus_a_match(cx);
    }

    /// The gate's criteria while it has the focus, else the column's cards.
    fn row_keys(&self, cx: &ScreenContext) -> Vec<RowKey> {
        let ids = match self.gate {
            Some(_) => self.gate_criteria(cx).iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
            None => self.cards(self.column, cx).iter().map(|t| t.id.clone()).collect(),
        };
        ids.into_iter().map(RowKey::Id).collect()
    }

    fn selected_record(&self, cx: &ScreenContext) -> Option<RecordRef> {
        match self.gate {
            Some(row) => {
                Some(RecordRef::new(Table::GateCriterion, &self.gate_criteria(cx).get(row)?.id))
            }
            None => Some(RecordRef::new(Table::Task, &self.selected_card(cx)?.id)),
        }
    }

    /// Esc leaves the gate's focus; `/`, `n` and `N` work on the cards of every column.
    fn works_now(&self, action: Action, cx: &ScreenContext) -> Option<bool> {
        if self.column_after(action, cx).is_some() {
            return Some(true);
        }
        let cards = || self.card_counts(cx).iter().sum::<usize>();
        let works = match (action, self.gate) {
            (Action::Back, Some(_)) => true,
            // With no card at all, as on any screen without rows.
            (Action::Filter, None) if cards() > 0 => true,
            (Action::NextMatch | Action::PrevMatch, None) => cards() > 1,
            (Action::NextMatch | Action::PrevMatch, Some(row)) => {
                self.gate_match_after(row, 1, cx).is_some_and(|next| next != row)
            }
            (Action::PrevPhase, _) => self.phase != Phase::ALL[0],
            (Action::NextPhase, _) => Phase::ALL.last() != Some(&self.phase),
            (_, Some(row)) => self.gate_action_works(action, row, cx)?,
            (_, None) => self.card_action_works(action, cx)?,
        };
        Some(works)
    }

    fn handle(&mut self, action: Action, cx: &ScreenContext) -> Option<Reply> {
        if let Some(column) = self.column_after(action, cx) {
            // The row kept within the column.
            let last = self.cards(column, cx).len().saturating_sub(1);
            (self.column, self.row) = (column, self.row.min(last));
            return Some(Reply::Nothing);
        }
        match (action, self.gate) {
            (Action::Back, Some(_)) => self.gate = None,
            (Action::NextMatch, None) => self.step_match(1, cx),
            (Action::PrevMatch, None) => self.step_match(-1, cx),
            // With no criterion matching, the focus stays where it is.
            (Action::NextMatch | Action::PrevMatch, Some(row)) => {
                let step = if action == Action::NextMatch { 1 } else { -1 };
                self.gate = self.gate_match_after(row, step, cx).or(self.gate);
            }
            (Action::PrevPhase, _) => self.switch_phase(-1),
            (Action::NextPhase, _) => self.switch_phase(1),
            (_, Some(row)) => return self.gate_action(action, row, cx),
            (_, None) => return self.card_action(action, cx),
        }
        Some(Reply::Nothing)
    }
}

/// The cards of one column of a phase's board, in their order.
fn cards_in(data: &EngagementData, phase: Phase, status: TaskStatus) -> Vec<&Task> {
    let mut tasks: Vec<&Task> =
        data.tasks.iter().filter(|t| t.phase == phase && t.status == status).collect();
    tasks.sort_by_key(|t| t.position);
    tasks
}
