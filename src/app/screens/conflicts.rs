//! The Sync conflicts screen: what two databases changed differently, one field at a time,
//! each resolved by keeping this side or taking the other.

use super::{Component, Reply, ScreenContext};
use crate::app::{Action, Effect};
use crate::store::sync::{Conflict, Keep};

/// The database's open sync conflicts and the one selected.
#[derive(Debug, Clone, Default)]
pub struct ConflictsScreen {
    pub list: Vec<Conflict>,
    pub row: usize,
}

impl ConflictsScreen {
    pub fn selected(&self) -> Option<&Conflict> {
        self.list.get(self.row)
    }

    /// The conflicts as the database has them now, the cursor kept within them.
    pub fn reload(&mut self, list: Vec<Conflict>) {
        self.row = self.row.min(list.len().saturating_sub(1));
        self.list = list;
    }
}

impl Component for ConflictsScreen {
    fn row_count(&self, _cx: &ScreenContext) -> usize {
        self.list.len()
    }

    fn cursor_mut(&mut self) -> Option<&mut usize> {
        Some(&mut self.row)
    }

    fn filterable(&self) -> bool {
        false
    }

    fn shows_in_pane(&self, _cx: &ScreenContext) -> bool {
        self.selected().is_some()
    }

    fn works_now(&self, action: Action, _cx: &ScreenContext) -> bool {
        matches!(action, Action::KeepMine | Action::TakeTheirs) && self.selected().is_some()
    }

    fn handle(&mut self, action: Action, _cx: &ScreenContext) -> Reply {
        let keep = match action {
            Action::KeepMine => Keep::Mine,
            Action::TakeTheirs => Keep::Theirs,
            _ => return Reply::Nothing,
        };
        match self.selected() {
            Some(conflict) => Reply::Effect(Effect::Resolve(conflict.id.clone(), keep)),
            None => Reply::Nothing,
        }
    }
}
