//! The Engagements screen: every engagement in one list, arranged as the portfolio says
//! (`app::portfolio`) and sorted or filtered to those at risk from the keyboard;
//! engagements created, edited, archived and deleted.

mod rows;

pub use rows::EngagementRows;

use super::{Component, Reply, RowKey, ScreenContext, context};
use crate::app::keymap::{Keymap, Scope};
use crate::app::place::{Place, RecordRef};
use crate::app::portfolio::sorted;
use crate::app::portfolio::{ListColumn, Portfolio, keep_shown};
use crate::app::targets;
use crate::app::{Action, Effect, EngagementRow, Screen, State, Then};
use crate::store::edit::Table;

/// The hint where an engagement is wanted and there is none, with the key that makes one.
pub(in crate::app) fn none_yet(keymap: &Keymap) -> String {
    let add = keymap.key_label(&[Scope::Screen(Screen::Engagements)], Action::Add);
    format!("no engagement yet: press {add} to create one")
}

/// The engagements list's cursor and arrangement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngagementsScreen {
    /// The selected line, as a position in `rows`.
    cursor: usize,
    pub portfolio: Portfolio,
}

impl EngagementsScreen {
    /// Indices into `cx.engagements` of the rows shown, in the portfolio's order (kept
    /// with the lines: the filters pick from it).
    pub fn rows(&self, cx: &ScreenContext) -> Vec<usize> {
        let mut rows = cx.engagements.arranged(&self.portfolio, cx.today);
        rows.retain(|&i| {
            let e = &cx.engagements[i].engagement;
            [&e.client, &e.name, &e.slug].iter().any(|field| cx.fuzzy.matches(field))
        });
        keep_shown(&self.portfolio, cx.engagements, &mut rows);
        rows
    }

    /// Whether a line is selected.
    pub fn has_selection(&self, cx: &ScreenContext) -> bool {
        self.cursor < self.rows(cx).len()
    }

    /// The selected line, as a position in `rows`.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn selected<'a>(&self, cx: &ScreenContext<'a>) -> Option<&'a EngagementRow> {
        self.rows(cx).get(self.cursor).map(|&i| &cx.engagements[i])
    }

    /// Enter: opens the selected engagement, or says how to make one.
    fn open(&self, cx: &ScreenContext) -> Reply {
        match self.rows(cx).get(self.cursor) {
            Some(&index) => Reply::Effect(Effect::Open(index)),
            None => Reply::message(none_yet(cx.keymap)),
        }
    }

    /// An engagement created, edited, archived or deleted.
    fn edit(&self, action: Action, cx: &ScreenContext) -> Option<Reply> {
        let selected = self.selected(cx).map(|row| &row.engagement);
        let reply = match (action, selected) {
            (Action::Add, _) => Reply::Form(targets::engagement_form(None, cx.today, cx.defaults)),
            (Action::Edit, Some(e)) => {
                Reply::Form(targets::engagement_form(Some(e), cx.today, cx.defaults))
            }
            (Action::Archive, Some(e)) if e.archived => Reply::apply(targets::archive(e)),
            (Action::Archive, Some(e)) => Reply::Confirm(
                format!("Archive '{}'? It stays in the file and can be restored.", e.name),
                Then::Apply(targets::archive(e)),
            ),
            (Action::Delete, Some(e)) => Reply::Confirm(
                format!(
                    "Delete '{}' with all its records? ({} undoes it)",
                    e.name,
                    cx.key_label(None, Screen::Engagements, Action::Undo)
                ),
                Then::Apply(targets::delete_engagement(e)),
            ),
            _ => return None,
        };
        Some(reply)
    }

    /// Puts the cursor back on the engagement `selected` after the list changed.
    pub(in crate::app) fn keep(&mut self, selected: Option<String>, cx: &ScreenContext) {
        let ids = self.ids(cx);
        let last = ids.len().saturating_sub(1);
        crate::app::visible::refind(&mut self.cursor, ids, selected);
        self.cursor = self.cursor.min(last);
    }

    /// `s`: sorts by the next column the list shows (after the last, by the first again).
    fn sort_by_next_column(&mut self, cx: &ScreenContext) {
        let drawn = cx.list_columns;
        let all = ListColumn::ALL;
        let i = all.iter().position(|c| *c == self.portfolio.sort).unwrap_or(0);
        let next = all.iter().cycle().skip(i + 1).take(all.len());
        let sort = next.copied().find(|c| drawn.is_empty() || drawn.contains(c));
        let sort = sort.unwrap_or(ListColumn::Client);
        self.rearrange(cx, |p| *p = Portfolio { sort, descending: false, ..*p });
    }

    /// Changes the order or filter, keeping the same engagement selected.
    fn rearrange(&mut self, cx: &ScreenContext, change: impl FnOnce(&mut Portfolio)) {
        let selected = self.selected(cx).map(|r| r.engagement.id.clone());
        change(&mut self.portfolio);
        self.keep(selected, cx);
    }

    /// The ids of the rows shown, in order.
    pub fn ids(&self, cx: &ScreenContext) -> Vec<String> {
        self.rows(cx).iter().map(|&i| cx.engagements[i].engagement.id.clone()).collect()
    }
}

impl EngagementsScreen {
    /// Selects `record` where this screen lists it; returns whether it does.
    fn select_record(&mut self, record: &RecordRef, cx: &ScreenContext) -> bool {
        if record.table != Table::Engagement {
            return false;
        }
        let rows = self.rows(cx);
        let row = rows.iter().position(|&i| cx.engagements[i].engagement.id == record.id);
        row.map(|row| self.cursor = row).is_some()
    }
}

impl Component for EngagementsScreen {
    fn cursor_mut(&mut self) -> Option<&mut usize> {
        Some(&mut self.cursor)
    }

    fn row_keys(&self, cx: &ScreenContext) -> Vec<RowKey> {
        self.rows(cx).into_iter().map(RowKey::At).collect()
    }

    fn selected_record(&self, cx: &ScreenContext) -> Option<RecordRef> {
        let row = self.selected(cx)?;
        Some(RecordRef::new(Table::Engagement, &row.engagement.id))
    }

    fn show(&mut self, place: &Place, cx: &ScreenContext) -> bool {
        let Place::Record(record) = place else { return false };
        self.select_record(record, cx)
    }

    fn works_now(&self, action: Action, cx: &ScreenContext) -> Option<bool> {
        match action {
            Action::Add => Some(true),
            Action::Open | Action::Edit | Action::Delete | Action::Archive => {
                Some(self.has_selection(cx))
            }
            Action::Sort | Action::ReverseSort | Action::AtRiskOnly => {
                Some(!cx.engagements.is_empty())
            }
            _ => None,
        }
    }

    fn handle(&mut self, action: Action, cx: &ScreenContext) -> Option<Reply> {
        match action {
            Action::Sort => self.sort_by_next_column(cx),
            // `S`: reverses the order.
            Action::ReverseSort => self.rearrange(cx, |p| p.descending = !p.descending),
            // `f`: shows only the engagements at risk, or all of them again.
            Action::AtRiskOnly => self.rearrange(cx, |p| p.at_risk_only = !p.at_risk_only),
            Action::Open => return Some(self.open(cx)),
            _ => return self.edit(action, cx),
        }
        Some(Reply::Nothing)
    }
}

impl State {
    /// Calls `f` with the engagements list, free to change, and what it sees.
    pub(in crate::app) fn with_engagements<R>(
        &mut self,
        f: impl FnOnce(&mut EngagementsScreen, &ScreenContext) -> R,
    ) -> R {
        let cx = context!(self, self.fuzzy());
        f(&mut self.screens.engagements, &cx)
    }

    /// Selects the engagement `id` on the list; returns whether the list shows it.
    pub fn select_engagement(&mut self, id: &str) -> bool {
        let record = RecordRef::new(Table::Engagement, id);
        self.with_engagements(|list, cx| list.select_record(&record, cx))
    }

    /// Whether the list is in its chosen order: `false` while the sort waits for figures.
    pub fn sort_applied(&self) -> bool {
        sorted(&self.screens.engagements.portfolio, &self.engagements)
    }

    /// Makes a change that may reorder the list, keeping the same engagement selected.
    pub(in crate::app) fn keeping_selection(&mut self, change: impl FnOnce(&mut State)) {
        let selected =
            self.screens.engagements.selected(&self.context()).map(|r| r.engagement.id.clone());
        change(self);
        self.with_engagements(|list, cx| list.keep(selected, cx));
    }
}
