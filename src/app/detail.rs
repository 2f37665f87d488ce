//! The detail pane, in the lazygit/k9s manner: the whole selected record — every field
//! with its label, related records, and its history from the undo log — beside the list
//! or over it. The pane also lists places to go (the header's warnings, the next best
//! actions); `drill` finds the records behind them and goes where they live.

mod drill;
mod person;
mod scroll;
mod view;

pub use drill::Place;
pub use person::{Row, Section, sections};
pub use view::{RecordView, history_lines, record_view};

use std::cell::Cell;

use super::picker::{Picker, PickerKind};
use super::{Action, HealthRow, HealthTab, Overlay, ReadinessTab, Screen, State};
use crate::model::evidence::monday_of;
use crate::model::score::Loss;
use crate::model::{RecordId, TaskStatus};
use crate::store::edit::Table;
use crate::store::history::RecordEdit;

/// A record of the engagement on screen (or an engagement), by kind and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    pub table: Table,
    pub id: String,
}

impl RecordRef {
    pub fn new(table: Table, id: &str) -> RecordRef {
        RecordRef { table, id: id.to_string() }
    }
}

impl From<&RecordId> for RecordRef {
    fn from(record: &RecordId) -> RecordRef {
        let (table, id) = Table::of(record);
        RecordRef::new(table, id)
    }
}

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
            self.state.message = Some(e.to_string());
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
            Err(entries) if entries.is_empty() => {
                self.message = Some("nothing to open here".into());
            }
            Err(entries) => {
                self.detail = Some(Detail::new(Pane::Places { title, entries, selected: 0 }));
            }
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
        if self.screen == Screen::Engagements {
            let row = self.selected_engagement()?;
            return Some(RecordRef::new(Table::Engagement, &row.engagement.id));
        }
        let data = &self.opened.as_ref()?.data;
        let record = |table, id: &str| Some(RecordRef::new(table, id));
        match self.screen {
            Screen::Board => match self.screens.board.gate {
                Some(row) => record(Table::GateCriterion, &self.gate_criteria().get(row)?.id),
                None => record(
                    Table::Task,
                    &self.board_cards(self.screens.board.column).get(self.screens.board.row)?.id,
                ),
            },
            Screen::Readiness => {
                let index = *self.readiness_rows().get(self.screens.readiness.row)?;
                let roles = data.roles.len();
                match self.screens.readiness.tab {
                    ReadinessTab::Staffing if index < roles => {
                        record(Table::Role, &data.roles[index].id)
                    }
                    ReadinessTab::Staffing => match data.people.get(index - roles) {
                        Some(person) => record(Table::Person, &person.id),
                        None => record(
                            Table::ContractorPerson,
                            &data.contractor_staff[index - roles - data.people.len()].id,
                        ),
                    },
                    ReadinessTab::Skills => record(Table::Skill, &data.skills[index].id),
                    ReadinessTab::Kt => record(Table::KtTopic, &data.kt_topics[index].id),
                    ReadinessTab::Responsibilities => {
                        record(Table::Responsibility, &data.responsibilities[index].id)
                    }
                    ReadinessTab::Handover => record(Table::HandoverItem, &data.handover[index].id),
                    ReadinessTab::Score => Some(RecordRef::from(&self.selected_loss()?.about)),
                    ReadinessTab::Operations => None,
                }
            }
            Screen::Docs => record(Table::DocItem, &self.selected_doc()?.id),
            Screen::Health => match *self.health_rows().get(self.screens.health.row)? {
                HealthRow::Risk(i) => record(Table::Risk, &data.risks[i].id),
                HealthRow::AutoRisk(_) => None,
                HealthRow::Planned(i) => record(Table::BudgetLine, &data.budget[i].id),
                HealthRow::Cost(i) => record(Table::CostEntry, &data.costs[i].id),
                HealthRow::Test(i) => record(Table::UserTest, &data.user_tests[i].id),
                HealthRow::Integration(i) => record(Table::Integration, &data.integrations[i].id),
                HealthRow::Lesson(i) => record(Table::Lesson, &data.lessons[i].id),
            },
            Screen::Engagements | Screen::Overview | Screen::Conflicts => None,
        }
    }

    /// The costly item the cursor is on in the Score view.
    pub fn selected_loss(&self) -> Option<&Loss> {
        let score_view =
            self.screen == Screen::Readiness && self.screens.readiness.tab == ReadinessTab::Score;
        let row = *self.readiness_rows().get(self.screens.readiness.row).filter(|_| score_view)?;
        self.opened.as_ref()?.readiness.losses.get(row)
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
        let Some(data) = self.opened.as_ref().map(|o| &o.data) else { return false };
        let index = |ids: Vec<&str>| ids.iter().position(|id| *id == record.id);
        let found = match record.table {
            Table::Engagement => {
                let rows = self.engagement_rows();
                let row = rows.iter().position(|&i| self.engagements[i].engagement.id == record.id);
                row.map(|row| {
                    self.screen = Screen::Engagements;
                    self.screens.engagements.cursor = row;
                })
            }
            Table::Task => data.tasks.iter().find(|t| t.id == record.id).cloned().map(|task| {
                self.screen = Screen::Board;
                self.screens.board.phase = task.phase;
                self.screens.board.gate = None;
                self.screens.board.column =
                    TaskStatus::ALL.iter().position(|s| *s == task.status).unwrap_or(0);
                let cards = self.board_cards(self.screens.board.column);
                self.screens.board.row = cards.iter().position(|t| t.id == task.id).unwrap_or(0);
            }),
            Table::GateCriterion => {
                data.gates.iter().find(|g| g.id == record.id).cloned().map(|gate| {
                    self.screen = Screen::Board;
                    self.screens.board.phase = gate.phase;
                    let row = self.gate_criteria().iter().position(|g| g.id == gate.id);
                    self.screens.board.gate = Some(row.unwrap_or(0));
                })
            }
            Table::Role => index(data.roles.iter().map(|r| r.id.as_str()).collect())
                .map(|i| self.select_readiness(ReadinessTab::Staffing, i)),
            Table::Person => {
                let roles = data.roles.len();
                index(data.people.iter().map(|p| p.id.as_str()).collect())
                    .map(|i| self.select_readiness(ReadinessTab::Staffing, roles + i))
            }
            Table::ContractorPerson => {
                let client = data.roles.len() + data.people.len();
                index(data.contractor_staff.iter().map(|p| p.id.as_str()).collect())
                    .map(|i| self.select_readiness(ReadinessTab::Staffing, client + i))
            }
            Table::Skill => index(data.skills.iter().map(|s| s.id.as_str()).collect())
                .map(|i| self.select_readiness(ReadinessTab::Skills, i)),
            Table::KtTopic => index(data.kt_topics.iter().map(|t| t.id.as_str()).collect())
                .map(|i| self.select_readiness(ReadinessTab::Kt, i)),
            Table::Responsibility => {
                index(data.responsibilities.iter().map(|r| r.id.as_str()).collect())
                    .map(|i| self.select_readiness(ReadinessTab::Responsibilities, i))
            }
            Table::HandoverItem => index(data.handover.iter().map(|i| i.id.as_str()).collect())
                .map(|i| self.select_readiness(ReadinessTab::Handover, i)),
            Table::DocItem => {
                self.screens.docs.quick = super::docs::QuickFilter::All;
                let rows: Vec<String> = self
                    .doc_rows()
                    .into_iter()
                    .flat_map(|(_, d)| d)
                    .map(|d| d.id.clone())
                    .collect();
                rows.iter().position(|id| *id == record.id).map(|row| {
                    self.screen = Screen::Docs;
                    self.screens.docs.row = row;
                })
            }
            Table::Risk => index(data.risks.iter().map(|r| r.id.as_str()).collect())
                .map(|i| self.select_health(HealthTab::Risks, HealthRow::Risk(i))),
            Table::BudgetLine => index(data.budget.iter().map(|l| l.id.as_str()).collect())
                .map(|i| self.select_health(HealthTab::Budget, HealthRow::Planned(i))),
            Table::CostEntry => index(data.costs.iter().map(|c| c.id.as_str()).collect())
                .map(|i| self.select_health(HealthTab::Budget, HealthRow::Cost(i))),
            Table::UserTest => index(data.user_tests.iter().map(|t| t.id.as_str()).collect())
                .map(|i| self.select_health(HealthTab::Tests, HealthRow::Test(i))),
            Table::Integration => index(data.integrations.iter().map(|i| i.id.as_str()).collect())
                .map(|i| self.select_health(HealthTab::Integrations, HealthRow::Integration(i))),
            Table::Lesson => index(data.lessons.iter().map(|l| l.id.as_str()).collect())
                .map(|i| self.select_health(HealthTab::Lessons, HealthRow::Lesson(i))),
            Table::Ticket => {
                let ticket = data.tickets.iter().find(|t| t.id == record.id);
                let day = ticket.map(|t| monday_of(t.resolved.unwrap_or(t.opened)));
                let row = self.operations_weeks().iter().position(|w| Some(w.monday) == day);
                row.map(|row| self.select_readiness(ReadinessTab::Operations, row))
            }
            Table::Phase | Table::SkillRating | Table::KtTrainee | Table::ReadinessSnapshot => None,
        };
        found.is_some()
    }

    /// Shows the Readiness view `tab` with the row of the record at `index` in its list.
    fn select_readiness(&mut self, tab: ReadinessTab, index: usize) {
        self.screen = Screen::Readiness;
        self.screens.readiness.tab = tab;
        self.screens.readiness.row =
            self.readiness_rows().iter().position(|&i| i == index).unwrap_or(0);
    }

    /// Shows the Health view `tab` with `row` selected.
    fn select_health(&mut self, tab: HealthTab, row: HealthRow) {
        self.screen = Screen::Health;
        self.screens.health.tab = tab;
        self.screens.health.row = self.health_rows().iter().position(|r| *r == row).unwrap_or(0);
    }
}
