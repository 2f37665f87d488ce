//! The Sync conflicts screen: what two databases changed differently, one field at a time,
//! each resolved by keeping this side or taking the other.

use super::{Component, Reply, RowKey, ScreenContext};
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
    fn row_keys(&self, _cx: &ScreenContext) -> Vec<RowKey> {
        self.list.iter().map(|conflict| RowKey::Id(conflict.id.clone())).collect()
    }

    fn cursor_mut(&mut self) -> Option<&mut usize> {
        Some(&mut self.row)
    }

    /// The `/` filter does not apply here; the pane shows the selected conflict whole.
    fn works_now(&self, action: Action, _cx: &ScreenContext) -> Option<bool> {
        match action {
            Action::Filter => Some(false),
            Action::KeepMine | Action::Detail => Some(self.selected().is_some()),
            Action::TakeTheirs => Some(self.selected().is_some_and(Conflict::takes_theirs)),
            _ => None,
        }
    }

    /// Resolves the selected conflict (`t` is offered only where taking theirs can work, and
    /// refused with why elsewhere).
    fn handle(&mut self, action: Action, _cx: &ScreenContext) -> Option<Reply> {
        let keep = match action {
            Action::KeepMine => Keep::Mine,
            Action::TakeTheirs => Keep::Theirs,
            _ => return None,
        };
        let resolve = |conflict: &Conflict| Effect::Resolve(conflict.id.clone(), keep);
        Some(self.selected().map_or(Reply::Nothing, |conflict| Reply::Effect(resolve(conflict))))
    }
}
