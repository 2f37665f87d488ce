//! The rows each screen lists, after the `/` filter: what the cursor moves over and what
//! the screens draw. Computed from the data on demand, never stored twice. Also how the
//! cursor moves over them, and how typing and clearing the filter keep it on its row.

use std::ops::Range;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::filter::Fuzzy;
use super::{Action, BoardCursor, Column, EngagementRow, HealthTab, ReadinessTab, Screen, State};
use crate::model::{DocItem, Phase, Task, TaskStatus};

impl State {
    /// The `/` filter's query (empty when there is none), for matching and highlighting.
    pub fn fuzzy(&self) -> Fuzzy {
        Fuzzy::new(self.filter.as_ref().map_or("", |f| f.input.value()))
    }

    /// Indices into `engagements` of the rows shown, in the portfolio's order.
    pub fn engagement_rows(&self) -> Vec<usize> {
        let fuzzy = self.fuzzy();
        let mut rows = (0..self.engagements.len())
            .filter(|&i| {
                let e = &self.engagements[i].engagement;
                [&e.client, &e.name, &e.slug].iter().any(|field| fuzzy.matches(field))
            })
            .collect();
        self.arrange(&mut rows);
        rows
    }

    pub fn selected_engagement(&self) -> Option<&EngagementRow> {
        self.engagement_rows().get(self.engagement_cursor).map(|&i| &self.engagements[i])
    }

    /// The cards shown in one column of the selected phase.
    pub fn board_cards(&self, column: usize) -> Vec<&Task> {
        let Some(opened) = &self.opened else { return Vec::new() };
        let fuzzy = self.fuzzy();
        let mut cards = opened.column(self.board.phase, TaskStatus::ALL[column]);
        cards.retain(|t| fuzzy.matches(&t.title));
        cards
    }

    /// The documentation items shown, grouped by category, in display order.
    pub fn doc_rows(&self) -> Vec<(&str, Vec<&DocItem>)> {
        let Some(opened) = &self.opened else { return Vec::new() };
        let fuzzy = self.fuzzy();
        let mut groups = opened.doc_groups();
        for (_, docs) in &mut groups {
            docs.retain(|d| self.docs_quick.keeps(d, self.today));
        }
        for (category, docs) in &mut groups {
            if !fuzzy.matches(category) {
                docs.retain(|d| {
                    fuzzy.matches(&d.title) || d.owner.as_deref().is_some_and(|o| fuzzy.matches(o))
                });
            }
        }
        groups.retain(|(_, docs)| !docs.is_empty());
        groups
    }

    /// The names of the rows of the current Readiness view, each with its index in its list
    /// (Staffing lists the roles, then the client's people, then the contractor's).
    pub fn readiness_rows(&self) -> Vec<usize> {
        let Some(opened) = &self.opened else { return Vec::new() };
        let data = &opened.data;
        let weeks: Vec<String>;
        let names: Vec<&str> = match self.readiness_tab {
            ReadinessTab::Staffing => data
                .roles
                .iter()
                .map(|r| r.title.as_str())
                .chain(data.people.iter().map(|p| p.name.as_str()))
                .chain(data.contractor_staff.iter().map(|p| p.name.as_str()))
                .collect(),
            ReadinessTab::Skills => data.skills.iter().map(|s| s.name.as_str()).collect(),
            ReadinessTab::Kt => data.kt_topics.iter().map(|t| t.title.as_str()).collect(),
            ReadinessTab::Responsibilities => {
                data.responsibilities.iter().map(|r| r.activity.as_str()).collect()
            }
            ReadinessTab::Handover => data.handover.iter().map(|i| i.name.as_str()).collect(),
            ReadinessTab::Score => {
                opened.readiness.losses.iter().map(|l| l.item.as_str()).collect()
            }
            ReadinessTab::Operations => {
                weeks = self.operations_weeks().iter().map(|w| w.label()).collect();
                weeks.iter().map(String::as_str).collect()
            }
        };
        let fuzzy = self.fuzzy();
        names.iter().enumerate().filter(|(_, n)| fuzzy.matches(n)).map(|(i, _)| i).collect()
    }

    /// How many rows the current screen's list has.
    pub(super) fn row_count(&self) -> usize {
        match (self.screen, &self.opened) {
            (Screen::Conflicts, _) => self.conflicts.len(),
            (Screen::Engagements, _) | (_, None) => self.engagement_rows().len(),
            (Screen::Overview, _) => 0,
            (Screen::Board, _) if self.board.gate.is_some() => self.gate_criteria().len(),
            (Screen::Board, _) => self.board_cards(self.board.column).len(),
            (Screen::Readiness, _) => self.readiness_rows().len(),
            (Screen::Docs, _) => self.doc_rows().iter().map(|(_, docs)| docs.len()).sum(),
            (Screen::Health, _) => self.health_rows().len(),
        }
    }

    pub(super) fn row_mut(&mut self) -> Option<&mut usize> {
        match (self.screen, &self.opened) {
            (Screen::Conflicts, _) => Some(&mut self.conflicts_row),
            (Screen::Engagements, _) | (_, None) => Some(&mut self.engagement_cursor),
            (Screen::Overview, _) => None,
            (Screen::Board, _) => match &mut self.board.gate {
                Some(row) => Some(row),
                None => Some(&mut self.board.row),
            },
            (Screen::Readiness, _) => Some(&mut self.readiness_row),
            (Screen::Docs, _) => Some(&mut self.docs_row),
            (Screen::Health, _) => Some(&mut self.health_row),
        }
    }

    /// How many rows `action` moves a cursor, for the actions that move one: the lists and
    /// the panes move alike.
    pub(super) fn rows_moved(&self, action: Action) -> Option<isize> {
        let half_page = self.half_page as isize;
        match action {
            Action::Up => Some(-1),
            Action::Down => Some(1),
            Action::HalfPageUp => Some(-half_page),
            Action::HalfPageDown => Some(half_page),
            Action::Top => Some(isize::MIN / 2),
            Action::Bottom => Some(isize::MAX / 2),
            _ => None,
        }
    }

    pub(super) fn move_rows(&mut self, delta: isize) {
        let last = self.row_count().saturating_sub(1);
        if let Some(row) = self.row_mut() {
            *row = row.saturating_add_signed(delta).min(last);
        }
    }

    /// `n`/`N`: the next or previous match, across the board's columns, wrapping around.
    pub(super) fn step_match(&mut self, step: isize) {
        if self.filter.is_none() {
            self.message = Some("no filter: press / to filter".into());
            return;
        }
        if self.screen == Screen::Board {
            let counts: Vec<usize> =
                (0..TaskStatus::ALL.len()).map(|c| self.board_cards(c).len()).collect();
            let total: usize = counts.iter().sum();
            if total == 0 {
                return;
            }
            let flat = counts[..self.board.column].iter().sum::<usize>() + self.board.row;
            let next = (flat as isize + step).rem_euclid(total as isize) as usize;
            let (mut column, mut row) = (0, next);
            while row >= counts[column] {
                row -= counts[column];
                column += 1;
            }
            self.board.column = column;
            self.board.row = row;
            return;
        }
        let count = self.row_count();
        if let Some(row) = self.row_mut().filter(|_| count > 0) {
            *row = (*row as isize + step).rem_euclid(count as isize) as usize;
        }
    }

    pub(super) fn move_columns(&mut self, delta: isize) {
        match self.screen {
            Screen::Board => {
                let last = TaskStatus::ALL.len() - 1;
                self.board.column = self.board.column.saturating_add_signed(delta).min(last);
                self.move_rows(0);
            }
            Screen::Readiness if self.readiness_tab == ReadinessTab::Skills => {
                let people = self.opened.as_ref().map_or(0, |o| o.data.people.len());
                let last = people.saturating_sub(1);
                self.skills_column = self.skills_column.saturating_add_signed(delta).min(last);
            }
            _ => {}
        }
    }

    pub(super) fn switch_phase(&mut self, delta: isize) {
        let phases = Phase::ALL;
        let i = phases.iter().position(|p| *p == self.board.phase).unwrap_or(0);
        let next = i.saturating_add_signed(delta).min(phases.len() - 1);
        self.board = BoardCursor { phase: phases[next], column: 0, row: 0, gate: None };
    }

    /// The previous (`-1`) or next (`1`) view of the Readiness or Health screen.
    pub(super) fn switch_tab(&mut self, step: isize) {
        fn step_in<T: Copy + PartialEq>(tabs: &[T], current: T, step: isize) -> T {
            let i = tabs.iter().position(|t| *t == current).unwrap_or(0) as isize;
            tabs[(i + step).rem_euclid(tabs.len() as isize) as usize]
        }
        if self.screen == Screen::Health {
            self.health_tab = step_in(HealthTab::ALL, self.health_tab, step);
            self.health_row = 0;
        } else {
            self.readiness_tab = step_in(ReadinessTab::ALL, self.readiness_tab, step);
            self.readiness_row = 0;
            self.skills_column = 0;
        }
    }

    /// Drops the filter, keeping the same record selected in every list.
    pub(super) fn clear_filter(&mut self) {
        let engagement = self.selected_engagement().map(|r| r.engagement.id.clone());
        let card = self.board_cards(self.board.column).get(self.board.row).map(|t| t.id.clone());
        let doc = self.selected_doc().map(|d| d.id.clone());
        let readiness = self.readiness_rows().get(self.readiness_row).copied();
        let health = self.health_rows().get(self.health_row).cloned();
        self.filter = None;
        let engagements = self.engagement_ids();
        refind(&mut self.engagement_cursor, engagements, engagement);
        let cards = self.board_cards(self.board.column).iter().map(|t| t.id.clone()).collect();
        refind(&mut self.board.row, cards, card);
        let docs = self.doc_rows().into_iter().flat_map(|(_, d)| d).map(|d| d.id.clone()).collect();
        refind(&mut self.docs_row, docs, doc);
        let readiness_rows = self.readiness_rows();
        refind(&mut self.readiness_row, readiness_rows, readiness);
        let health_rows = self.health_rows();
        refind(&mut self.health_row, health_rows, health);
        self.move_rows(0);
    }

    pub(super) fn filter_key(&mut self, key: KeyEvent) {
        let Some(filter) = self.filter.as_mut() else { return };
        match key.code {
            KeyCode::Esc => {
                self.clear_filter();
                return;
            }
            KeyCode::Enter => filter.typing = false,
            KeyCode::Down | KeyCode::Up => {
                filter.typing = false;
                self.move_rows(if key.code == KeyCode::Down { 1 } else { -1 });
                return;
            }
            _ => {
                filter.input.handle(key);
            }
        }
        self.move_rows(isize::MIN / 2);
    }
}

/// Puts `row` back on `key` among `keys` (on the first row when it is gone); leaves it where
/// it is when nothing was selected.
pub(super) fn refind<T: PartialEq>(row: &mut usize, keys: Vec<T>, key: Option<T>) {
    if let Some(key) = key {
        *row = keys.iter().position(|k| *k == key).unwrap_or(0);
    }
}

/// What the last frame showed, as `ui::draw` laid it out: the app learns which lines are on
/// screen, and what a click lands on, from here, never by working the layout out again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Visible {
    /// The positions in `engagement_rows` the engagements list showed.
    pub engagements: Range<usize>,
    /// Where the header drew each screen's tab.
    pub tabs: Vec<(Rect, Screen)>,
    /// Where the screen drew each thing a click selects.
    pub spots: Spots,
    /// The columns the engagements list drew, which `s` sorts by in turn (before the first
    /// frame, none: then every column).
    pub list_columns: Vec<Column>,
}

/// Where a screen drew the things a click selects, each with what it is.
pub type Spots = Vec<(Rect, Spot)>;

/// A thing on screen a click selects, as the cursor counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// A row of the screen's list: its position in the rows `row_mut` moves over.
    Row(usize),
    /// A card on the board: its column and its row in that column.
    Card { column: usize, row: usize },
    /// A phase on the board's strip.
    Phase(Phase),
    /// A criterion of the board's gate: its position in `gate_criteria`.
    Criterion(usize),
    /// A cell of the skills matrix: the skill's row and the person's column.
    Cell { row: usize, column: usize },
}

/// Where a list drew its rows: row `rows.start + i` (a position in the screen's rows, as
/// the cursor counts them) on the line `area.y + i`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListArea {
    pub area: Rect,
    pub rows: Range<usize>,
}

impl ListArea {
    /// The same lines counted `by` rows further on: a second table of one list.
    pub fn after(self, by: usize) -> ListArea {
        ListArea { rows: self.rows.start + by..self.rows.end + by, ..self }
    }

    /// Each row drawn, one line high, as a spot to click.
    pub fn spots(&self) -> Spots {
        self.area.rows().zip(self.rows.clone()).map(|(line, row)| (line, Spot::Row(row))).collect()
    }
}
