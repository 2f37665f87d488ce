//! The detail pane, in the lazygit/k9s manner: the whole selected record — every field
//! with its label, related records, and its history from the undo log — beside the list
//! or over it. The pane also lists places to go (the header's warnings, the next best
//! actions); `drill` finds the records behind them and goes where they live.

mod drill;
mod person;
mod scroll;
mod view;

pub use person::{PersonRow, PersonSection, sections};
pub use view::{RecordView, history_lines, record_view};

use std::cell::Cell;

use super::picker::{Picker, PickerKind};
use super::place::{Place, RecordRef};
use super::screens::Drill;
use super::{Action, Overlay, State};
use crate::model::score::Loss;
use crate::store::edit::Table;
use crate::store::history::RecordEdit;

/// What the pane shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Pane {
    /// The selected record, following the cursor.
    Record,
    /// Places to go, each opened with Enter.
    Places { title: String, entries: Vec<(String, Place)>, selected: usize },
    /// Who is ready, per person: one person's view, its rows each opened with Enter.
    Person { person: RecordRef, selected: usize },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub pane: Pane,
    /// The history of the record last shown, once the runner has read it.
    pub history: Option<(RecordRef, Vec<RecordEdit>)>,
    /// The record scrolled in the pane and how many of its lines are above the pane's top;
    /// another record is shown from its top.
    pub scroll: Option<(RecordRef, usize)>,
    /// How far the record pane can scroll, as last drawn: the drawing alone knows the
    /// pane's height and how its texts wrap.
    pub scroll_room: Cell<usize>,
}

impl Detail {
    pub fn new(pane: Pane) -> Detail {
        Detail { pane, history: None, scroll: None, scroll_room: Cell::new(0) }
    }
}

impl super::App {
    /// Reads the history of the record the pane shows, when it is not known yet; returns
    /// whether it did (and so the screen should be drawn again).
    pub(super) fn read_history(&mut self) -> bool {
        let Some(record) = self.state.history_wanted() else { return false };
        let engagement = match (&record.table, &self.state.opened) {
            (Table::Engagement, _) => record.id.clone(),
            (_, Some(opened)) => opened.data.engagement.id.clone(),
            (_, None) => return false,
        };
        let edits = self.store().record_history(&engagement, record.table, &record.id);
        let edits = edits.unwrap_or_else(|e| {
            self.state.refused(&e);
            Vec::new()
        });
        self.state.set_history(record, edits);
        true
    }
}

impl State {
    /// `o`: shows the selected record in the pane, or closes the pane.
    pub(super) fn toggle_detail(&mut self) {
        self.detail = match self.detail {
            Some(_) => None,
            None => Some(Detail::new(Pane::Record)),
        };
    }

    /// Opens the pane on `entries`, or goes straight to the only one.
    pub(super) fn show_places(&mut self, title: String, entries: Vec<(String, Place)>) {
        match <[_; 1]>::try_from(entries) {
            Ok([(_, place)]) => self.go_to_place(&place),
            Err(entries) => self.show_list(title, entries),
        }
    }

    /// The pane listing `entries`, even a single one; a message when there is none.
    pub(super) fn show_list(&mut self, title: String, entries: Vec<(String, Place)>) {
        if entries.is_empty() {
            self.message = Some("nothing to open here".into());
        } else {
            self.detail = Some(Detail::new(Pane::Places { title, entries, selected: 0 }));
        }
    }

    /// Whether the pane lists places or shows a person, and so takes the keys that move
    /// and open (the keymap's `[keys.places]`).
    pub(super) fn pane_has_keys(&self) -> bool {
        let pane = self.detail.as_ref().map(|d| &d.pane);
        matches!(pane, Some(Pane::Places { .. } | Pane::Person { .. }))
    }

    /// Where each row of the pane goes, in order, and the selected row.
    fn pane_places(&self) -> Option<(Vec<Place>, usize)> {
        match &self.detail.as_ref()?.pane {
            Pane::Places { entries, selected, .. } => {
                Some((entries.iter().map(|(_, place)| place.clone()).collect(), *selected))
            }
            Pane::Person { selected, .. } => {
                let rows = self.shown_person().map(|person| sections(&person)).into_iter();
                let places = rows
                    .flatten()
                    .flat_map(|section| section.rows.into_iter().map(|row| row.target))
                    .map(Place::Record)
                    .collect();
                Some((places, *selected))
            }
            Pane::Record => None,
        }
    }

    /// An action while the pane has the keys: move, go to the selected row's place, or
    /// close; the help and quitting work as anywhere, nothing else does.
    pub(super) fn pane_action(&mut self, action: Action) {
        let Some((places, selected)) = self.pane_places() else { return };
        let last = places.len().saturating_sub(1);
        // An edit elsewhere (another window, undo) may have taken rows away.
        let selected = selected.min(last);
        if let Some(delta) = self.rows_moved(action) {
            if let Some(Detail {
                pane: Pane::Places { selected: shown, .. } | Pane::Person { selected: shown, .. },
                ..
            }) = &mut self.detail
            {
                *shown = selected.saturating_add_signed(delta).min(last);
            }
            return;
        }
        match action {
            Action::Drill => {
                self.detail = None;
                if let Some(place) = places.get(selected) {
                    self.go_to_place(place);
                }
            }
            Action::Edit => self.edit_plan(places.get(selected)),
            // `o` on a person's view shows their whole record, as it says; then closes.
            Action::Detail if self.shown_person().is_some() => {
                self.detail = Some(Detail::new(Pane::Record));
            }
            Action::Back | Action::Detail => self.detail = None,
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Some(Overlay::Picker(Picker::new(PickerKind::Help))),
            _ => {}
        }
    }

    /// Whether `action` does something while the pane has the keys (see `pane_action`).
    pub(super) fn pane_action_works(&self, action: Action) -> bool {
        let (places, selected) = self.pane_places().unwrap_or_default();
        let count = places.len();
        match action {
            _ if self.rows_moved(action).is_some() => count > 1,
            Action::Drill => count > 0,
            Action::Edit => !self.read_only && self.plans_ticket_at(places.get(selected)),
            Action::Back | Action::Detail | Action::Quit | Action::Help => true,
            _ => false,
        }
    }

    /// The record the cursor is on, on any list of any screen.
    pub fn selected_record(&self) -> Option<RecordRef> {
        self.component().selected_record(&self.context())
    }

    /// The costly item the cursor is on in the Score view.
    pub fn selected_loss(&self) -> Option<&Loss> {
        match self.component().drill_target(&self.context())? {
            Drill::Loss(loss) => Some(loss),
            _ => None,
        }
    }

    /// The record whose history the pane shows but has not been read yet.
    pub fn history_wanted(&self) -> Option<RecordRef> {
        let detail = self.detail.as_ref().filter(|d| d.pane == Pane::Record)?;
        let record = self.selected_record()?;
        let known = detail.history.as_ref().is_some_and(|(shown, _)| *shown == record);
        (!known).then_some(record)
    }

    /// Keeps the history read for `record`.
    pub fn set_history(&mut self, record: RecordRef, edits: Vec<RecordEdit>) {
        if let Some(detail) = &mut self.detail {
            detail.history = Some((record, edits));
        }
    }

    /// Goes to the screen, view and row where `record` lives, clearing the filter so that
    /// the row is shown; returns whether the record was found.
    pub fn go_to_record(&mut self, record: &RecordRef) -> bool {
        self.filter = None;
        if self.opened.is_none() {
            return false;
        }
        let place = Place::Record(record.clone());
        self.go_to_screen_where(|component, cx| component.show(&place, cx))
    }
}
